-- 0002_audit_guard (PostgreSQL): the database itself refuses to change or remove audit records:
-- no UPDATE/DELETE/TRUNCATE privilege for anyone but the owner, and triggers that raise for all.
CREATE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION audit_log_refuse();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
	FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
