-- 0031_party_find (PostgreSQL; see 0031_party_find.sqlite.sql): a part of a party's folded
-- `search` text (LIKE '%…%', the search box and the parties list) through a pg_trgm GIN index,
-- its operator class named through the schema pg_trgm was made in (as in 0030_search.pg.sql).
DO $$
DECLARE s text;
BEGIN
	SELECT n.nspname INTO s FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace WHERE x.extname = 'pg_trgm';
	EXECUTE format('CREATE INDEX parties_find ON parties USING gin (search %I.gin_trgm_ops)', s);
END $$;
