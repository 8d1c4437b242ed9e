-- 0025_audit_coverage: what `daftar audit verify` reads to check business rows against the audit
-- log. The entity index gains seq, so the last record of each row is one index step away. The
-- edit log keeps, for a voucher a bulk import wrote without an audit record of its own, the digest
-- of its snapshot; the import's one audit record holds the digest of all of them.
DROP INDEX audit_entity;
CREATE INDEX audit_entity ON audit_log(company_id, entity, entity_id, seq);
ALTER TABLE voucher_versions ADD COLUMN digest TEXT;
