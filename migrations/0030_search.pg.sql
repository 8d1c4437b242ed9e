-- 0030_search (PostgreSQL; see 0030_search.sqlite.sql): a voucher by amount, by the beginning of
-- its number (compared byte by byte, COLLATE "C", whatever the database's collation), and by any
-- part of its narration or reference through pg_trgm's GIN indexes (ILIKE '%…%'; pg_trgm is a
-- trusted extension: the database's owner may create it). Parties get a Hindi name beside their
-- name, as items have one.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
ALTER TABLE parties ADD COLUMN name_hi TEXT;
CREATE INDEX vouchers_total ON vouchers(company_id, total);
CREATE INDEX vouchers_number ON vouchers(company_id, number COLLATE "C");
-- The trigram operator class is in the schema pg_trgm was made in, which need not be on this
-- schema's search_path (a managed server's "extensions" schema, or another schema of the same
-- database that made it first): it is named through that schema.
DO $$
DECLARE s text;
BEGIN
	SELECT n.nspname INTO s FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace WHERE x.extname = 'pg_trgm';
	EXECUTE format('CREATE INDEX vouchers_narration_trgm ON vouchers USING gin (narration %I.gin_trgm_ops)', s);
	EXECUTE format('CREATE INDEX vouchers_reference_trgm ON vouchers USING gin (reference %I.gin_trgm_ops)', s);
END $$;
