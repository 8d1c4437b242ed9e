-- 0060_recost (SQLite; 0060_recost.pg.sql is the same on PostgreSQL): what re-costing stock in
-- date order needs. A back-dated, altered or cancelled move re-costs the later moves of its item in
-- its godown (src/inventory/recost.c), so each move says how its value is found again:
--   cost_given    1: the value was given (a purchase, opening stock, production at a rate) and
--                 stays; 0: the valuation finds it (an issue at FIFO or average cost, a receipt at
--                 the cost of the day)
--   cost_of_move  a transfer's receipt: the issue in the other godown whose cost it takes
--   return_of     a return: the voucher whose cost it takes (a sales return comes back at the cost
--                 the sale went out at, a purchase return goes out at the cost it came in at)
--   entry_seq     its place among the moves of its day: NULL for its own id; an alteration keeps
--                 the place of the moves it replaces
-- stock_takes records what each issue took of each FIFO layer, so the layers as they stood at any
-- point are the layers now with the takes after that point given back; stock_balance.costed is 0
-- for an item in a godown whose moves were costed before this version: its first re-costing goes
-- back to its first move. stock_moves is rebuilt (SQLite cannot add a foreign key to a table) and
-- its existing moves are marked: receipts of purchases, opening stock and production keep their
-- value; a transfer's receipt is tied to the issue of the same journal it came from.

PRAGMA ignore_check_constraints = ON;

CREATE TABLE stock_moves_new (
	id @ID@,
	company_id INTEGER NOT NULL,
	item_id INTEGER NOT NULL,
	godown_id INTEGER NOT NULL,
	date TEXT NOT NULL,
	qty INTEGER NOT NULL,
	value INTEGER NOT NULL,
	source TEXT NOT NULL,
	voucher_id INTEGER,
	journal_id INTEGER,
	batch TEXT,
	expiry TEXT,
	active INTEGER NOT NULL DEFAULT 1,
	entry_seq INTEGER,
	cost_given INTEGER NOT NULL DEFAULT 0 CHECK (cost_given IN (0, 1)),
	cost_of_move INTEGER,
	return_of INTEGER,
	UNIQUE (company_id, id),
	CONSTRAINT ceiling_money_value CHECK (value BETWEEN -100000000000000000 AND 100000000000000000),
	CONSTRAINT ceiling_qty_qty CHECK (qty BETWEEN -1000000000000000 AND 1000000000000000),
	CONSTRAINT stock_moves_item_fk FOREIGN KEY (company_id, item_id) REFERENCES items(company_id, id),
	CONSTRAINT stock_moves_godown_fk FOREIGN KEY (company_id, godown_id) REFERENCES godowns(company_id, id),
	CONSTRAINT stock_moves_voucher_fk FOREIGN KEY (company_id, voucher_id) REFERENCES vouchers(company_id, id),
	CONSTRAINT stock_moves_journal_fk FOREIGN KEY (company_id, journal_id) REFERENCES stock_journals(company_id, id),
	CONSTRAINT stock_moves_cost_of_fk FOREIGN KEY (company_id, cost_of_move) REFERENCES stock_moves_new(company_id, id),
	CONSTRAINT stock_moves_return_of_fk FOREIGN KEY (company_id, return_of) REFERENCES vouchers(company_id, id)
) STRICT;
INSERT INTO stock_moves_new(id, company_id, item_id, godown_id, date, qty, value, source, voucher_id, journal_id, batch, expiry, active,
			    entry_seq, cost_given, cost_of_move, return_of)
SELECT m.id, m.company_id, m.item_id, m.godown_id, m.date, m.qty, m.value, m.source, m.voucher_id, m.journal_id, m.batch, m.expiry,
	m.active, NULL,
	CASE WHEN m.qty > 0 AND m.source IN ('opening', 'purchase', 'production') THEN 1 ELSE 0 END,
	CASE WHEN m.qty > 0 AND m.source = 'transfer' THEN
		(SELECT max(o.id) FROM stock_moves o WHERE o.company_id = m.company_id AND o.item_id = m.item_id AND o.date = m.date
			AND o.journal_id = m.journal_id AND o.source = 'transfer' AND o.qty = -m.qty AND o.id < m.id) END,
	NULL
FROM stock_moves m;
DROP TABLE stock_moves;
ALTER TABLE stock_moves_new RENAME TO stock_moves;
CREATE INDEX stock_moves_item ON stock_moves(company_id, item_id, date, id);
CREATE INDEX stock_moves_voucher ON stock_moves(voucher_id);
CREATE INDEX stock_moves_date ON stock_moves(company_id, date);
-- the moves whose cost comes from another move: what a re-costing must look at again
-- a journal's moves (its snapshot counts them)
CREATE INDEX stock_moves_journal ON stock_moves(journal_id);
CREATE INDEX stock_moves_dependent ON stock_moves(company_id, item_id) WHERE cost_of_move IS NOT NULL OR return_of IS NOT NULL;

PRAGMA ignore_check_constraints = OFF;

ALTER TABLE stock_layers ADD COLUMN entry_seq INTEGER;
DROP INDEX stock_layers_item;
CREATE INDEX stock_layers_item ON stock_layers(company_id, item_id, godown_id, date, move_id);
-- what is left of a receipt, and what an issue without stock owes (read apart: each by its own index)
CREATE INDEX stock_layers_live ON stock_layers(company_id, item_id, godown_id, date) WHERE qty_left > 0;
CREATE INDEX stock_layers_owed ON stock_layers(company_id, item_id, godown_id, date) WHERE qty_left < 0;
-- a layer by its move (what the issues' takes name)
CREATE INDEX stock_layers_move ON stock_layers(company_id, move_id);

ALTER TABLE stock_balance ADD COLUMN costed INTEGER NOT NULL DEFAULT 1 CHECK (costed IN (0, 1));
UPDATE stock_balance SET costed = 0;

CREATE TABLE stock_takes (
	company_id INTEGER NOT NULL,
	item_id INTEGER NOT NULL,
	godown_id INTEGER NOT NULL,
	date TEXT NOT NULL,              -- the issue's date
	entry_seq INTEGER NOT NULL,      -- the issue's place in its day (its entry_seq, else its id)
	move_id INTEGER NOT NULL,        -- the issue
	layer_move_id INTEGER NOT NULL,  -- the layer it took from, by the move the layer is of
	qty INTEGER NOT NULL,            -- thousandths
	CONSTRAINT ceiling_qty_qty CHECK (qty BETWEEN -1000000000000000 AND 1000000000000000),
	CONSTRAINT stock_takes_item_fk FOREIGN KEY (company_id, item_id) REFERENCES items(company_id, id),
	CONSTRAINT stock_takes_godown_fk FOREIGN KEY (company_id, godown_id) REFERENCES godowns(company_id, id),
	CONSTRAINT stock_takes_move_fk FOREIGN KEY (company_id, move_id) REFERENCES stock_moves(company_id, id),
	CONSTRAINT stock_takes_layer_fk FOREIGN KEY (company_id, layer_move_id) REFERENCES stock_moves(company_id, id)
) STRICT;
CREATE INDEX stock_takes_item ON stock_takes(company_id, item_id, godown_id, date);
