-- 0060_recost (PostgreSQL; 0060_recost.sqlite.sql is the same on SQLite, which says what each
-- column is for): what re-costing stock in date order needs. Each move says how its value is found
-- again (cost_given, cost_of_move, return_of) and its place in its day (entry_seq); stock_takes
-- records what each issue took of each FIFO layer; stock_balance.costed is 0 for an item in a
-- godown costed before this version, whose first re-costing goes back to its first move.

ALTER TABLE stock_moves
	ADD COLUMN entry_seq BIGINT,
	ADD COLUMN cost_given BIGINT NOT NULL DEFAULT 0 CHECK (cost_given IN (0, 1)),
	ADD COLUMN cost_of_move BIGINT,
	ADD COLUMN return_of BIGINT,
	ADD CONSTRAINT stock_moves_cost_of_fk FOREIGN KEY (company_id, cost_of_move) REFERENCES stock_moves(company_id, id),
	ADD CONSTRAINT stock_moves_return_of_fk FOREIGN KEY (company_id, return_of) REFERENCES vouchers(company_id, id);
UPDATE stock_moves SET cost_given = 1 WHERE qty > 0 AND source IN ('opening', 'purchase', 'production');
UPDATE stock_moves m SET cost_of_move =
	(SELECT max(o.id) FROM stock_moves o WHERE o.company_id = m.company_id AND o.item_id = m.item_id AND o.date = m.date
		AND o.journal_id = m.journal_id AND o.source = 'transfer' AND o.qty = -m.qty AND o.id < m.id)
WHERE m.qty > 0 AND m.source = 'transfer';
-- a journal's moves (its snapshot counts them)
CREATE INDEX stock_moves_journal ON stock_moves(journal_id);
CREATE INDEX stock_moves_dependent ON stock_moves(company_id, item_id) WHERE cost_of_move IS NOT NULL OR return_of IS NOT NULL;

ALTER TABLE stock_layers ADD COLUMN entry_seq BIGINT;
DROP INDEX stock_layers_item;
CREATE INDEX stock_layers_item ON stock_layers(company_id, item_id, godown_id, date, move_id);
-- what is left of a receipt, and what an issue without stock owes (read apart: each by its own index)
CREATE INDEX stock_layers_live ON stock_layers(company_id, item_id, godown_id, date) WHERE qty_left > 0;
CREATE INDEX stock_layers_owed ON stock_layers(company_id, item_id, godown_id, date) WHERE qty_left < 0;
-- a layer by its move (what the issues' takes name)
CREATE INDEX stock_layers_move ON stock_layers(company_id, move_id);

ALTER TABLE stock_balance ADD COLUMN costed BIGINT NOT NULL DEFAULT 1 CHECK (costed IN (0, 1));
UPDATE stock_balance SET costed = 0;

CREATE TABLE stock_takes (
	company_id BIGINT NOT NULL,
	item_id BIGINT NOT NULL,
	godown_id BIGINT NOT NULL,
	date TEXT NOT NULL,
	entry_seq BIGINT NOT NULL,
	move_id BIGINT NOT NULL,
	layer_move_id BIGINT NOT NULL,
	qty BIGINT NOT NULL,
	CONSTRAINT ceiling_qty_qty CHECK (qty BETWEEN -1000000000000000 AND 1000000000000000),
	CONSTRAINT stock_takes_item_fk FOREIGN KEY (company_id, item_id) REFERENCES items(company_id, id),
	CONSTRAINT stock_takes_godown_fk FOREIGN KEY (company_id, godown_id) REFERENCES godowns(company_id, id),
	CONSTRAINT stock_takes_move_fk FOREIGN KEY (company_id, move_id) REFERENCES stock_moves(company_id, id),
	CONSTRAINT stock_takes_layer_fk FOREIGN KEY (company_id, layer_move_id) REFERENCES stock_moves(company_id, id)
);
CREATE INDEX stock_takes_item ON stock_takes(company_id, item_id, godown_id, date);
