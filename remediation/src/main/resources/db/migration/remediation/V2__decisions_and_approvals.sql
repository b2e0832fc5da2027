-- Every decision names its action's id (derived from the finding, so repeats share it), the guard's
-- verdict, the cycle's plan and how long the backend took.
ALTER TABLE remediation_audit
    ADD COLUMN action_id   text NOT NULL DEFAULT '',
    ADD COLUMN verdict     text,
    ADD COLUMN plan        text,
    ADD COLUMN duration_ms bigint;

CREATE INDEX remediation_audit_action_id ON remediation_audit (action_id);

-- Actions waiting for an operator: proposed once per id, decided once.
CREATE TABLE remediation_pending (
    id          text        PRIMARY KEY,
    action      jsonb       NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    decision    text,
    decided_at  timestamptz,
    CHECK ((decision IS NULL) = (decided_at IS NULL))
);

CREATE INDEX remediation_pending_waiting ON remediation_pending (created_at) WHERE decision IS NULL;
