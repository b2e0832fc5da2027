-- Every remediation decision: what was done (or refused, or failed), why, and the finding behind it.
CREATE TABLE remediation_audit (
    id            bigserial PRIMARY KEY,
    at            timestamptz NOT NULL,
    node          text        NOT NULL,
    action        text        NOT NULL,
    outcome       text        NOT NULL,
    reason        text        NOT NULL,
    rule          text,
    finding_kind  text,
    severity      text,
    finding_since timestamptz,
    evidence      jsonb       NOT NULL DEFAULT '[]'
);

CREATE INDEX remediation_audit_node_at ON remediation_audit (node, at);

-- The log is append-only: the database refuses to change or remove what it holds.
CREATE FUNCTION remediation_audit_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'remediation_audit is append-only: % is not allowed', TG_OP;
END;
$$;

CREATE TRIGGER remediation_audit_no_update_delete
    BEFORE UPDATE OR DELETE ON remediation_audit
    FOR EACH ROW EXECUTE FUNCTION remediation_audit_refuse_change();

CREATE TRIGGER remediation_audit_no_truncate
    BEFORE TRUNCATE ON remediation_audit
    FOR EACH STATEMENT EXECUTE FUNCTION remediation_audit_refuse_change();
