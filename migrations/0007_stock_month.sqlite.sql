-- 0007_stock_month (SQLite; 0007_stock_month.pg.sql is the same without WITHOUT ROWID): the net
-- stock movement of each calendar month, per item per godown and per godown, kept by inventory.c
-- in the same transaction as every move (stock_move and the reversal of a voucher's moves). The
-- stock at the end of a past day is then the kept balance less the months after it and at most
-- half a month of moves, instead of every move since. Derived data: both tables are sums of the
-- active stock_moves, and this migration fills them from the moves already there.
-- WITHOUT ROWID: each row lives in its key's b-tree, so a lookup reads qty and value there.
CREATE TABLE stock_month (
	company_id BIGINT NOT NULL,
	item_id BIGINT NOT NULL,
	godown_id BIGINT NOT NULL,
	month TEXT NOT NULL,             -- YYYY-MM
	qty BIGINT NOT NULL DEFAULT 0,   -- thousandths, + in / - out, of the active moves in the month
	value BIGINT NOT NULL DEFAULT 0, -- paise
	PRIMARY KEY (company_id, item_id, month, godown_id) -- an item's months after a day: one range
) WITHOUT ROWID;

-- The same per godown (value only: quantities of different units do not add up).
CREATE TABLE stock_godown_month (
	company_id BIGINT NOT NULL,
	godown_id BIGINT NOT NULL,
	month TEXT NOT NULL,
	value BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (company_id, godown_id, month)
) WITHOUT ROWID;

INSERT INTO stock_month(company_id, item_id, godown_id, month, qty, value)
	SELECT company_id, item_id, godown_id, substr(date, 1, 7), sum(qty), sum(value) FROM stock_moves WHERE active = 1
	GROUP BY company_id, item_id, godown_id, substr(date, 1, 7);
INSERT INTO stock_godown_month(company_id, godown_id, month, value)
	SELECT company_id, godown_id, substr(date, 1, 7), sum(value) FROM stock_moves WHERE active = 1
	GROUP BY company_id, godown_id, substr(date, 1, 7);
