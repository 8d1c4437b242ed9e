-- 0031_party_find (SQLite; 0031_party_find.pg.sql is PostgreSQL's): the search box looks for a
-- part of a party's folded `search` text among the company's active parties in name order. This
-- index holds all four, so the look is a walk of the index alone, stopping at the page's end,
-- and only the parties found are read: half the work of reading each party's row.
CREATE INDEX parties_find ON parties(company_id, archived, name, id, search);
