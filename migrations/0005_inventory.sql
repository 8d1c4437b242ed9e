-- 0005_inventory: units (with compound units), item groups, items, godowns, stock moves that come
-- from vouchers, stock journals and physical verification, FIFO layers, and kept balances.
CREATE TABLE units (
	id @ID@,
	company_id BIGINT NOT NULL REFERENCES companies(id),
	symbol TEXT NOT NULL,
	name TEXT NOT NULL,
	decimals BIGINT NOT NULL DEFAULT 0 CHECK (decimals BETWEEN 0 AND 3),
	base_unit_id BIGINT REFERENCES units(id),   -- compound: 1 box = factor base units
	factor BIGINT NOT NULL DEFAULT 1000,         -- thousandths of the base unit in one of this unit
	UNIQUE (company_id, symbol),
	UNIQUE (company_id, id)
);

CREATE TABLE item_groups (
	id @ID@,
	company_id BIGINT NOT NULL REFERENCES companies(id),
	name TEXT NOT NULL,
	parent_id BIGINT REFERENCES item_groups(id),
	UNIQUE (company_id, name),
	UNIQUE (company_id, id)
);

CREATE TABLE items (
	id @ID@,
	company_id BIGINT NOT NULL REFERENCES companies(id),
	sku TEXT NOT NULL,
	name TEXT NOT NULL,
	name_hi TEXT,
	search TEXT NOT NULL,
	unit_id BIGINT NOT NULL REFERENCES units(id),
	group_id BIGINT REFERENCES item_groups(id),
	hsn TEXT,
	gst_rate BIGINT NOT NULL DEFAULT 0,
	reorder_level BIGINT NOT NULL DEFAULT 0,     -- thousandths
	reorder_qty BIGINT NOT NULL DEFAULT 0,
	tracks_batches BIGINT NOT NULL DEFAULT 0,
	version BIGINT NOT NULL DEFAULT 1,
	archived BIGINT NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	UNIQUE (company_id, sku),
	UNIQUE (company_id, id)
);
CREATE INDEX items_name ON items(company_id, name);

CREATE TABLE godowns (
	id @ID@,
	company_id BIGINT NOT NULL REFERENCES companies(id),
	name TEXT NOT NULL,
	address TEXT,
	archived BIGINT NOT NULL DEFAULT 0,
	UNIQUE (company_id, name),
	UNIQUE (company_id, id)
);

CREATE TABLE inventory_settings (
	company_id BIGINT PRIMARY KEY REFERENCES companies(id),
	valuation TEXT NOT NULL DEFAULT 'weighted_average' CHECK (valuation IN ('weighted_average', 'fifo')),
	negative_stock TEXT NOT NULL DEFAULT 'refuse' CHECK (negative_stock IN ('refuse', 'warn'))
);

-- Every movement of stock; qty in thousandths of the item's unit (+ in, - out), value in paise at
-- cost (+ in, - out).
CREATE TABLE stock_moves (
	id @ID@,
	company_id BIGINT NOT NULL,
	item_id BIGINT NOT NULL REFERENCES items(id),
	godown_id BIGINT NOT NULL REFERENCES godowns(id),
	date TEXT NOT NULL,
	qty BIGINT NOT NULL,
	value BIGINT NOT NULL,
	source TEXT NOT NULL,            -- opening, purchase, sales, credit_note, debit_note, transfer, consumption, production, verification
	voucher_id BIGINT,
	journal_id BIGINT,
	batch TEXT,
	expiry TEXT,
	active BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX stock_moves_item ON stock_moves(company_id, item_id, date, id);
CREATE INDEX stock_moves_voucher ON stock_moves(voucher_id);
CREATE INDEX stock_moves_date ON stock_moves(company_id, date);

-- Current quantity and value per item per godown.
CREATE TABLE stock_balance (
	company_id BIGINT NOT NULL,
	item_id BIGINT NOT NULL,
	godown_id BIGINT NOT NULL,
	qty BIGINT NOT NULL DEFAULT 0,
	value BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (company_id, item_id, godown_id)
);

-- FIFO layers: what is left of each receipt (also used for stock ageing and batches).
CREATE TABLE stock_layers (
	id @ID@,
	company_id BIGINT NOT NULL,
	item_id BIGINT NOT NULL,
	godown_id BIGINT NOT NULL,
	date TEXT NOT NULL,
	qty_left BIGINT NOT NULL,
	rate BIGINT NOT NULL,            -- paise per unit
	batch TEXT,
	expiry TEXT,
	move_id BIGINT NOT NULL
);
CREATE INDEX stock_layers_item ON stock_layers(company_id, item_id, godown_id, date, id);

CREATE TABLE stock_journals (
	id @ID@,
	company_id BIGINT NOT NULL,
	kind TEXT NOT NULL,              -- transfer, consumption, production, verification
	date TEXT NOT NULL,
	narration TEXT,
	created_at TEXT NOT NULL,
	user_id BIGINT NOT NULL
);
