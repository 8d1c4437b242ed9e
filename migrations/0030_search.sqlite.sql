-- 0030_search (SQLite; 0030_search.pg.sql is the same search on PostgreSQL's own indexes): what the
-- one search box and the voucher list's filters look things up by. A voucher by amount (its total)
-- or by the beginning of its number, each a range on an index (its number in the series is found
-- on the key every voucher already has, UNIQUE (company_id, type, fy, seq)); by any part of its narration or reference through voucher_text, a contentless FTS5 table of
-- trigrams (substrings of three characters or more, Devanagari as well as Latin, case folded),
-- kept by the triggers below in the same transaction as every insert and change of a voucher.
-- Parties get a Hindi name beside their name, as items have one.
ALTER TABLE parties ADD COLUMN name_hi TEXT;
CREATE INDEX vouchers_total ON vouchers(company_id, total);
CREATE INDEX vouchers_number ON vouchers(company_id, number);
CREATE VIRTUAL TABLE voucher_text USING fts5(narration, reference, content='', tokenize='trigram');
INSERT INTO voucher_text(rowid, narration, reference)
	SELECT id, narration, reference FROM vouchers WHERE narration IS NOT NULL OR reference IS NOT NULL;
-- A contentless table forgets a row only when told the values it was given, so the change trigger
-- passes the old ones; a voucher with neither text is never indexed.
CREATE TRIGGER voucher_text_insert AFTER INSERT ON vouchers
	WHEN new.narration IS NOT NULL OR new.reference IS NOT NULL
BEGIN
	INSERT INTO voucher_text(rowid, narration, reference) VALUES (new.id, new.narration, new.reference);
END;
CREATE TRIGGER voucher_text_change AFTER UPDATE OF narration, reference ON vouchers
	WHEN old.narration IS NOT new.narration OR old.reference IS NOT new.reference
BEGIN
	INSERT INTO voucher_text(voucher_text, rowid, narration, reference)
		SELECT 'delete', old.id, old.narration, old.reference WHERE old.narration IS NOT NULL OR old.reference IS NOT NULL;
	INSERT INTO voucher_text(rowid, narration, reference)
		SELECT new.id, new.narration, new.reference WHERE new.narration IS NOT NULL OR new.reference IS NOT NULL;
END;
