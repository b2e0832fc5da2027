-- Every rule firing: which rule, on which facts, when, and what became of it.
CREATE TABLE rule_firings (
    id           bigserial   PRIMARY KEY,
    at           timestamptz NOT NULL,
    rule         text        NOT NULL,
    pack         text        NOT NULL,
    shadow       boolean     NOT NULL,
    outcome      text        NOT NULL CHECK (outcome IN ('ACTED', 'SHADOW', 'LOOPED', 'FAILED')),
    node         text,
    finding_kind text,
    matched      text[]      NOT NULL
);

CREATE INDEX rule_firings_at ON rule_firings (at);
CREATE INDEX rule_firings_rule_at ON rule_firings (rule, at);
