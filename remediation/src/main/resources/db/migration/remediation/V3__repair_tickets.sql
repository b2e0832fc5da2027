-- Work orders for the people who repair or replace hardware: one open ticket per node and fault kind,
-- however often remediation asks for it, and the state of its delivery to the ticket webhook.
CREATE TABLE repair_ticket (
    id                 bigserial   PRIMARY KEY,
    node               text        NOT NULL,
    -- what the dedup is keyed on: the finding's kind for a repair, 'replacement' for a GPU replacement
    fault_kind         text        NOT NULL,
    -- the finding's own kind, kept for a replacement whose fault_kind does not say what failed
    finding_kind       text,
    severity           text        NOT NULL,
    opened_at          timestamptz NOT NULL,
    closed_at          timestamptz,
    evidence           jsonb       NOT NULL DEFAULT '[]',
    summary            text        NOT NULL,
    state              text        NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
    delivery_status    text        NOT NULL DEFAULT 'pending'
                                   CHECK (delivery_status IN ('pending', 'delivered', 'failed')),
    delivery_attempts  integer     NOT NULL DEFAULT 0,
    delivery_error     text,
    delivered_at       timestamptz,
    CHECK ((state = 'closed') = (closed_at IS NOT NULL))
);

-- The dedup itself: the database refuses a second open ticket for the same node and fault kind.
CREATE UNIQUE INDEX repair_ticket_one_open ON repair_ticket (node, fault_kind) WHERE state = 'open';

CREATE INDEX repair_ticket_undelivered ON repair_ticket (id) WHERE delivery_status IN ('pending', 'failed');
