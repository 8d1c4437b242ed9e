-- 0010_integrity (SQLite; 0010_integrity.pg.sql is the same on PostgreSQL): every reference
-- between two rows of company-owned tables is a composite foreign key (company_id, id), so no row
-- can point into another company; and no amount or quantity column can be written with anything
-- but an integer within its ceiling (MONEY_MAX = 10^17 paise in lib/money.h, QTY_MAX = 10^15
-- thousandths in lib/qty.h). The tables are STRICT, so an INTEGER column holds integers only (a
-- float, which SQLite makes of an integer sum that overflows, is refused), and CHECKs named
-- ceiling_money_<column> and ceiling_qty_<column> hold the ceilings; the db layer reports either
-- as a 422 "too_large". (STRICT costs nothing measurable; CHECK (typeof(x) = 'integer') made the
-- journal import a third slower.) SQLite cannot add a constraint to a table, so each table is
-- rebuilt once (new table, copy, drop, rename), its indexes made again at once; db_migrate runs a
-- SQLite migration with foreign keys off and checks every key (PRAGMA foreign_key_check) before
-- it commits.
-- The kept balances (ledger_day, ledger_month, stock_balance, stock_month, stock_godown_month)
-- keep their rows, their figures summed again from the active postings and moves they are the
-- sums of: exact integers, whatever float an overflowing sum had made of them (a ledger short by a
-- few paise after huge vouchers were posted and cancelled is whole again). Rows written before the
-- ceilings existed are copied as they are (the CHECKs are not enforced for the copy, as PostgreSQL's
-- NOT VALID does not check them): the ceilings hold for every row written from now on. An item line
-- without a stock item was never checked for its godown: one that is not the company's names
-- nothing the line could move, and goes.

PRAGMA ignore_check_constraints = ON;

CREATE TABLE parties_new (
	id @ID@,
	company_id INTEGER NOT NULL REFERENCES companies(id),
	kind TEXT NOT NULL CHECK (kind IN ('customer', 'vendor')),
	name TEXT NOT NULL,
	search TEXT NOT NULL,
	gstin TEXT,
	pan TEXT,
	phone TEXT,
	email TEXT,
	billing_address TEXT,
	shipping_address TEXT,
	state_code TEXT,
	credit_limit INTEGER NOT NULL DEFAULT 0 CHECK (credit_limit >= 0),
	payment_terms_days INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1,
	archived INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (company_id, id),
	CONSTRAINT ceiling_money_credit_limit CHECK (credit_limit BETWEEN -100000000000000000 AND 100000000000000000)
) STRICT;
INSERT INTO parties_new(id, company_id, kind, name, search, gstin, pan, phone, email, billing_address, shipping_address, state_code, credit_limit, payment_terms_days, version, archived, created_at, updated_at)
SELECT id, company_id, kind, name, search, gstin, pan, phone, email, billing_address, shipping_address, state_code, credit_limit, payment_terms_days, version, archived, created_at, updated_at FROM parties;
DROP TABLE parties;
ALTER TABLE parties_new RENAME TO parties;
CREATE INDEX parties_name ON parties(company_id, name, id);
CREATE INDEX parties_gstin ON parties(company_id, gstin);
CREATE INDEX parties_phone ON parties(company_id, phone);

CREATE TABLE account_groups_new (
	id @ID@,
	company_id INTEGER NOT NULL REFERENCES companies(id),
	name TEXT NOT NULL,
	parent_id INTEGER,
	nature TEXT NOT NULL CHECK (nature IN ('asset', 'liability', 'income', 'expense')),
	code TEXT,
	gross_profit INTEGER NOT NULL DEFAULT 0,
	sort INTEGER NOT NULL DEFAULT 100,
	UNIQUE (company_id, name),
	UNIQUE (company_id, id),
	CONSTRAINT account_groups_parent_fk FOREIGN KEY (company_id, parent_id) REFERENCES account_groups(company_id, id)
) STRICT;
INSERT INTO account_groups_new(id, company_id, name, parent_id, nature, code, gross_profit, sort)
SELECT id, company_id, name, parent_id, nature, code, gross_profit, sort FROM account_groups;
DROP TABLE account_groups;
ALTER TABLE account_groups_new RENAME TO account_groups;
CREATE INDEX account_groups_code ON account_groups(company_id, code);

CREATE TABLE ledgers_new (
	id @ID@,
	company_id INTEGER NOT NULL REFERENCES companies(id),
	name TEXT NOT NULL,
	group_id INTEGER NOT NULL,
	kind TEXT NOT NULL DEFAULT 'general',
	party_id INTEGER,
	opening_balance INTEGER NOT NULL DEFAULT 0,
	gstin TEXT,
	state_code TEXT,
	version INTEGER NOT NULL DEFAULT 1,
	archived INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	UNIQUE (company_id, name),
	UNIQUE (company_id, id),
	CONSTRAINT ceiling_money_opening_balance CHECK (opening_balance BETWEEN -100000000000000000 AND 100000000000000000),
	CONSTRAINT ledgers_group_fk FOREIGN KEY (company_id, group_id) REFERENCES account_groups(company_id, id),
	CONSTRAINT ledgers_party_fk FOREIGN KEY (company_id, party_id) REFERENCES parties(company_id, id)
) STRICT;
INSERT INTO ledgers_new(id, company_id, name, group_id, kind, party_id, opening_balance, gstin, state_code, version, archived, created_at)
SELECT id, company_id, name, group_id, kind, party_id, opening_balance, gstin, state_code, version, archived, created_at FROM ledgers;
DROP TABLE ledgers;
ALTER TABLE ledgers_new RENAME TO ledgers;
CREATE INDEX ledgers_group ON ledgers(company_id, group_id);
CREATE INDEX ledgers_kind ON ledgers(company_id, kind);
CREATE INDEX ledgers_party ON ledgers(company_id, party_id);

CREATE TABLE vouchers_new (
	id @ID@,
	company_id INTEGER NOT NULL REFERENCES companies(id),
	type TEXT NOT NULL,
	fy INTEGER NOT NULL,
	seq INTEGER NOT NULL,
	number TEXT NOT NULL,
	date TEXT NOT NULL,
	party_id INTEGER,
	party_ledger_id INTEGER,
	narration TEXT,
	reference TEXT,
	place_of_supply TEXT,
	party_gstin TEXT,
	taxable INTEGER NOT NULL DEFAULT 0,
	cgst INTEGER NOT NULL DEFAULT 0,
	sgst INTEGER NOT NULL DEFAULT 0,
	igst INTEGER NOT NULL DEFAULT 0,
	round_off INTEGER NOT NULL DEFAULT 0,
	total INTEGER NOT NULL DEFAULT 0,
	status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
	version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (company_id, type, fy, seq),
	UNIQUE (company_id, id),
	CONSTRAINT ceiling_money_taxable CHECK (taxable BETWEEN -100000000000000000 AND 100000000000000000),
	CONSTRAINT ceiling_money_cgst CHECK (cgst BETWEEN -100000000000000000 AND 100000000000000000),
	CONSTRAINT ceiling_money_sgst CHECK (sgst BETWEEN -100000000000000000 AND 100000000000000000),
	CONSTRAINT ceiling_money_igst CHECK (igst BETWEEN -100000000000000000 AND 100000000000000000),
	CONSTRAINT ceiling_money_round_off CHECK (round_off BETWEEN -100000000000000000 AND 100000000000000000),
	CONSTRAINT ceiling_money_total CHECK (total BETWEEN -100000000000000000 AND 100000000000000000),
	CONSTRAINT vouchers_party_fk FOREIGN KEY (company_id, party_id) REFERENCES parties(company_id, id),
	CONSTRAINT vouchers_party_ledger_fk FOREIGN KEY (company_id, party_ledger_id) REFERENCES ledgers(company_id, id)
) STRICT;
INSERT INTO vouchers_new(id, company_id, type, fy, seq, number, date, party_id, party_ledger_id, narration, reference, place_of_supply, party_gstin, taxable, cgst, sgst, igst, round_off, total, status, version, created_at, updated_at)
SELECT id, company_id, type, fy, seq, number, date, party_id, party_ledger_id, narration, reference, place_of_supply, party_gstin, taxable, cgst, sgst, igst, round_off, total, status, version, created_at, updated_at FROM vouchers;
DROP TABLE vouchers;
ALTER TABLE vouchers_new RENAME TO vouchers;
CREATE INDEX vouchers_date ON vouchers(company_id, date, id);
CREATE INDEX vouchers_party ON vouchers(company_id, party_id, date);

CREATE TABLE voucher_lines_new (
	voucher_id INTEGER NOT NULL,
	line_no INTEGER NOT NULL,
	company_id INTEGER NOT NULL,
	ledger_id INTEGER NOT NULL,
	date TEXT NOT NULL,
	amount INTEGER NOT NULL,
	bill_ref TEXT,
	bill_type TEXT,
	due_date TEXT,
	active INTEGER NOT NULL DEFAULT 1,
	PRIMARY KEY (voucher_id, line_no),
	CONSTRAINT ceiling_money_amount CHECK (amount BETWEEN -100000000000000000 AND 100000000000000000),
	CONSTRAINT voucher_lines_voucher_fk FOREIGN KEY (company_id, voucher_id) REFERENCES vouchers(company_id, id),
	CONSTRAINT voucher_lines_ledger_fk FOREIGN KEY (company_id, ledger_id) REFERENCES ledgers(company_id, id)
) STRICT;
INSERT INTO voucher_lines_new(voucher_id, line_no, company_id, ledger_id, date, amount, bill_ref, bill_type, due_date, active)
SELECT voucher_id, line_no, company_id, ledger_id, date, amount, bill_ref, bill_type, due_date, active FROM voucher_lines;
DROP TABLE voucher_lines;
ALTER TABLE voucher_lines_new RENAME TO voucher_lines;
CREATE INDEX voucher_lines_ledger ON voucher_lines(company_id, ledger_id, date, voucher_id);
CREATE INDEX voucher_lines_bill ON voucher_lines(company_id, ledger_id, bill_ref);

CREATE TABLE voucher_items_new (
	voucher_id INTEGER NOT NULL,
	line_no INTEGER NOT NULL,
	company_id INTEGER NOT NULL,
	description TEXT NOT NULL,
	hsn TEXT,
	item_id INTEGER,
	godown_id INTEGER,
	qty INTEGER NOT NULL,
	unit TEXT,
	rate INTEGER NOT NULL,
	discount INTEGER NOT NULL DEFAULT 0,
	taxable INTEGER NOT NULL,
	gst_rate INTEGER NOT NULL,
	cgst INTEGER NOT NULL DEFAULT 0,
	sgst INTEGER NOT NULL DEFAULT 0,
	igst INTEGER NOT NULL DEFAULT 0,
	ledger_id INTEGER NOT NULL,
	batch TEXT,
	expiry TEXT,
	PRIMARY KEY (voucher_id, line_no),
	CONSTRAINT ceiling_money_rate CHECK (rate BETWEEN -100000000000000000 AND 100000000000000000),
	CONSTRAINT ceiling_money_discount CHECK (discount BETWEEN -100000000000000000 AND 100000000000000000),
	CONSTRAINT ceiling_money_taxable CHECK (taxable BETWEEN -100000000000000000 AND 100000000000000000),
	CONSTRAINT ceiling_money_cgst CHECK (cgst BETWEEN -100000000000000000 AND 100000000000000000),
	CONSTRAINT ceiling_money_sgst CHECK (sgst BETWEEN -100000000000000000 AND 100000000000000000),
	CONSTRAINT ceiling_money_igst CHECK (igst BETWEEN -100000000000000000 AND 100000000000000000),
	CONSTRAINT ceiling_qty_qty CHECK (qty BETWEEN -1000000000000000 AND 1000000000000000),
	CONSTRAINT voucher_items_voucher_fk FOREIGN KEY (company_id, voucher_id) REFERENCES vouchers(company_id, id),
	CONSTRAINT voucher_items_item_fk FOREIGN KEY (company_id, item_id) REFERENCES items(company_id, id),
	CONSTRAINT voucher_items_godown_fk FOREIGN KEY (company_id, godown_id) REFERENCES godowns(company_id, id),
	CONSTRAINT voucher_items_ledger_fk FOREIGN KEY (company_id, ledger_id) REFERENCES ledgers(company_id, id)
) STRICT;
INSERT INTO voucher_items_new(voucher_id, line_no, company_id, description, hsn, item_id, godown_id, qty, unit, rate, discount, taxable, gst_rate, cgst, sgst, igst, ledger_id, batch, expiry)
SELECT voucher_id, line_no, company_id, description, hsn, item_id,
	CASE WHEN EXISTS (SELECT 1 FROM godowns g WHERE g.company_id = voucher_items.company_id AND g.id = voucher_items.godown_id)
		THEN godown_id END,
	qty, unit, rate, discount, taxable, gst_rate, cgst, sgst, igst, ledger_id, batch, expiry FROM voucher_items;
DROP TABLE voucher_items;
ALTER TABLE voucher_items_new RENAME TO voucher_items;

CREATE TABLE voucher_versions_new (
	company_id INTEGER NOT NULL,
	voucher_id INTEGER NOT NULL,
	version INTEGER NOT NULL,
	action TEXT NOT NULL,
	at TEXT NOT NULL,
	user_id INTEGER NOT NULL,
	data TEXT,
	PRIMARY KEY (voucher_id, version),
	CONSTRAINT voucher_versions_voucher_fk FOREIGN KEY (company_id, voucher_id) REFERENCES vouchers(company_id, id)
) STRICT;
INSERT INTO voucher_versions_new(company_id, voucher_id, version, action, at, user_id, data)
SELECT company_id, voucher_id, version, action, at, user_id, data FROM voucher_versions;
DROP TABLE voucher_versions;
ALTER TABLE voucher_versions_new RENAME TO voucher_versions;

CREATE TABLE ledger_day_new (
	company_id INTEGER NOT NULL,
	ledger_id INTEGER NOT NULL,
	date TEXT NOT NULL,
	debit INTEGER NOT NULL DEFAULT 0,
	credit INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (company_id, ledger_id, date),
	CONSTRAINT ceiling_money_debit CHECK (debit BETWEEN -100000000000000000 AND 100000000000000000),
	CONSTRAINT ceiling_money_credit CHECK (credit BETWEEN -100000000000000000 AND 100000000000000000),
	CONSTRAINT ledger_day_ledger_fk FOREIGN KEY (company_id, ledger_id) REFERENCES ledgers(company_id, id)
) STRICT;
INSERT INTO ledger_day_new(company_id, ledger_id, date, debit, credit)
SELECT d.company_id, d.ledger_id, d.date,
	coalesce((SELECT sum(vl.amount) FROM voucher_lines vl WHERE vl.company_id = d.company_id AND vl.ledger_id = d.ledger_id
		AND vl.date = d.date AND vl.active = 1 AND vl.amount > 0), 0),
	coalesce((SELECT -sum(vl.amount) FROM voucher_lines vl WHERE vl.company_id = d.company_id AND vl.ledger_id = d.ledger_id
		AND vl.date = d.date AND vl.active = 1 AND vl.amount < 0), 0)
FROM ledger_day d;
DROP TABLE ledger_day;
ALTER TABLE ledger_day_new RENAME TO ledger_day;

CREATE TABLE ledger_month_new (
	company_id INTEGER NOT NULL,
	ledger_id INTEGER NOT NULL,
	month TEXT NOT NULL,
	debit INTEGER NOT NULL DEFAULT 0,
	credit INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (company_id, ledger_id, month),
	CONSTRAINT ceiling_money_debit CHECK (debit BETWEEN -100000000000000000 AND 100000000000000000),
	CONSTRAINT ceiling_money_credit CHECK (credit BETWEEN -100000000000000000 AND 100000000000000000),
	CONSTRAINT ledger_month_ledger_fk FOREIGN KEY (company_id, ledger_id) REFERENCES ledgers(company_id, id)
) STRICT;
INSERT INTO ledger_month_new(company_id, ledger_id, month, debit, credit)
SELECT m.company_id, m.ledger_id, m.month,
	coalesce((SELECT sum(vl.amount) FROM voucher_lines vl WHERE vl.company_id = m.company_id AND vl.ledger_id = m.ledger_id
		AND vl.date >= m.month || '-01' AND vl.date <= m.month || '-31' AND vl.active = 1 AND vl.amount > 0), 0),
	coalesce((SELECT -sum(vl.amount) FROM voucher_lines vl WHERE vl.company_id = m.company_id AND vl.ledger_id = m.ledger_id
		AND vl.date >= m.month || '-01' AND vl.date <= m.month || '-31' AND vl.active = 1 AND vl.amount < 0), 0)
FROM ledger_month m;
DROP TABLE ledger_month;
ALTER TABLE ledger_month_new RENAME TO ledger_month;

CREATE TABLE bank_statement_lines_new (
	id @ID@,
	company_id INTEGER NOT NULL,
	ledger_id INTEGER NOT NULL,
	date TEXT NOT NULL,
	description TEXT,
	reference TEXT,
	amount INTEGER NOT NULL,
	matched_voucher_id INTEGER,
	matched_line_no INTEGER,
	imported_at TEXT NOT NULL,
	CONSTRAINT ceiling_money_amount CHECK (amount BETWEEN -100000000000000000 AND 100000000000000000),
	CONSTRAINT bank_statement_lines_ledger_fk FOREIGN KEY (company_id, ledger_id) REFERENCES ledgers(company_id, id),
	CONSTRAINT bank_statement_lines_voucher_fk FOREIGN KEY (company_id, matched_voucher_id) REFERENCES vouchers(company_id, id)
) STRICT;
INSERT INTO bank_statement_lines_new(id, company_id, ledger_id, date, description, reference, amount, matched_voucher_id, matched_line_no, imported_at)
SELECT id, company_id, ledger_id, date, description, reference, amount, matched_voucher_id, matched_line_no, imported_at FROM bank_statement_lines;
DROP TABLE bank_statement_lines;
ALTER TABLE bank_statement_lines_new RENAME TO bank_statement_lines;
CREATE INDEX bank_statement_ledger ON bank_statement_lines(company_id, ledger_id, date);

CREATE TABLE units_new (
	id @ID@,
	company_id INTEGER NOT NULL REFERENCES companies(id),
	symbol TEXT NOT NULL,
	name TEXT NOT NULL,
	decimals INTEGER NOT NULL DEFAULT 0 CHECK (decimals BETWEEN 0 AND 3),
	base_unit_id INTEGER,
	factor INTEGER NOT NULL DEFAULT 1000,
	UNIQUE (company_id, symbol),
	UNIQUE (company_id, id),
	CONSTRAINT ceiling_qty_factor CHECK (factor BETWEEN -1000000000000000 AND 1000000000000000),
	CONSTRAINT units_base_unit_fk FOREIGN KEY (company_id, base_unit_id) REFERENCES units(company_id, id)
) STRICT;
INSERT INTO units_new(id, company_id, symbol, name, decimals, base_unit_id, factor)
SELECT id, company_id, symbol, name, decimals, base_unit_id, factor FROM units;
DROP TABLE units;
ALTER TABLE units_new RENAME TO units;

CREATE TABLE item_groups_new (
	id @ID@,
	company_id INTEGER NOT NULL REFERENCES companies(id),
	name TEXT NOT NULL,
	parent_id INTEGER,
	UNIQUE (company_id, name),
	UNIQUE (company_id, id),
	CONSTRAINT item_groups_parent_fk FOREIGN KEY (company_id, parent_id) REFERENCES item_groups(company_id, id)
) STRICT;
INSERT INTO item_groups_new(id, company_id, name, parent_id)
SELECT id, company_id, name, parent_id FROM item_groups;
DROP TABLE item_groups;
ALTER TABLE item_groups_new RENAME TO item_groups;

CREATE TABLE items_new (
	id @ID@,
	company_id INTEGER NOT NULL REFERENCES companies(id),
	sku TEXT NOT NULL,
	name TEXT NOT NULL,
	name_hi TEXT,
	search TEXT NOT NULL,
	unit_id INTEGER NOT NULL,
	group_id INTEGER,
	hsn TEXT,
	gst_rate INTEGER NOT NULL DEFAULT 0,
	reorder_level INTEGER NOT NULL DEFAULT 0,
	reorder_qty INTEGER NOT NULL DEFAULT 0,
	tracks_batches INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1,
	archived INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	UNIQUE (company_id, sku),
	UNIQUE (company_id, id),
	CONSTRAINT ceiling_qty_reorder_level CHECK (reorder_level BETWEEN -1000000000000000 AND 1000000000000000),
	CONSTRAINT ceiling_qty_reorder_qty CHECK (reorder_qty BETWEEN -1000000000000000 AND 1000000000000000),
	CONSTRAINT items_unit_fk FOREIGN KEY (company_id, unit_id) REFERENCES units(company_id, id),
	CONSTRAINT items_group_fk FOREIGN KEY (company_id, group_id) REFERENCES item_groups(company_id, id)
) STRICT;
INSERT INTO items_new(id, company_id, sku, name, name_hi, search, unit_id, group_id, hsn, gst_rate, reorder_level, reorder_qty, tracks_batches, version, archived, created_at)
SELECT id, company_id, sku, name, name_hi, search, unit_id, group_id, hsn, gst_rate, reorder_level, reorder_qty, tracks_batches, version, archived, created_at FROM items;
DROP TABLE items;
ALTER TABLE items_new RENAME TO items;
CREATE INDEX items_name ON items(company_id, name);

CREATE TABLE godowns_new (
	id @ID@,
	company_id INTEGER NOT NULL REFERENCES companies(id),
	name TEXT NOT NULL,
	address TEXT,
	archived INTEGER NOT NULL DEFAULT 0,
	UNIQUE (company_id, name),
	UNIQUE (company_id, id)
) STRICT;
INSERT INTO godowns_new(id, company_id, name, address, archived)
SELECT id, company_id, name, address, archived FROM godowns;
DROP TABLE godowns;
ALTER TABLE godowns_new RENAME TO godowns;

CREATE TABLE stock_journals_new (
	id @ID@,
	company_id INTEGER NOT NULL REFERENCES companies(id),
	kind TEXT NOT NULL,
	date TEXT NOT NULL,
	narration TEXT,
	created_at TEXT NOT NULL,
	user_id INTEGER NOT NULL,
	UNIQUE (company_id, id)
) STRICT;
INSERT INTO stock_journals_new(id, company_id, kind, date, narration, created_at, user_id)
SELECT id, company_id, kind, date, narration, created_at, user_id FROM stock_journals;
DROP TABLE stock_journals;
ALTER TABLE stock_journals_new RENAME TO stock_journals;

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
	UNIQUE (company_id, id),
	CONSTRAINT ceiling_money_value CHECK (value BETWEEN -100000000000000000 AND 100000000000000000),
	CONSTRAINT ceiling_qty_qty CHECK (qty BETWEEN -1000000000000000 AND 1000000000000000),
	CONSTRAINT stock_moves_item_fk FOREIGN KEY (company_id, item_id) REFERENCES items(company_id, id),
	CONSTRAINT stock_moves_godown_fk FOREIGN KEY (company_id, godown_id) REFERENCES godowns(company_id, id),
	CONSTRAINT stock_moves_voucher_fk FOREIGN KEY (company_id, voucher_id) REFERENCES vouchers(company_id, id),
	CONSTRAINT stock_moves_journal_fk FOREIGN KEY (company_id, journal_id) REFERENCES stock_journals(company_id, id)
) STRICT;
INSERT INTO stock_moves_new(id, company_id, item_id, godown_id, date, qty, value, source, voucher_id, journal_id, batch, expiry, active)
SELECT id, company_id, item_id, godown_id, date, qty, value, source, voucher_id, journal_id, batch, expiry, active FROM stock_moves;
DROP TABLE stock_moves;
ALTER TABLE stock_moves_new RENAME TO stock_moves;
CREATE INDEX stock_moves_item ON stock_moves(company_id, item_id, date, id);
CREATE INDEX stock_moves_voucher ON stock_moves(voucher_id);
CREATE INDEX stock_moves_date ON stock_moves(company_id, date);

CREATE TABLE stock_balance_new (
	company_id INTEGER NOT NULL,
	item_id INTEGER NOT NULL,
	godown_id INTEGER NOT NULL,
	qty INTEGER NOT NULL DEFAULT 0,
	value INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (company_id, item_id, godown_id),
	CONSTRAINT ceiling_money_value CHECK (value BETWEEN -100000000000000000 AND 100000000000000000),
	CONSTRAINT ceiling_qty_qty CHECK (qty BETWEEN -1000000000000000 AND 1000000000000000),
	CONSTRAINT stock_balance_item_fk FOREIGN KEY (company_id, item_id) REFERENCES items(company_id, id),
	CONSTRAINT stock_balance_godown_fk FOREIGN KEY (company_id, godown_id) REFERENCES godowns(company_id, id)
) STRICT;
INSERT INTO stock_balance_new(company_id, item_id, godown_id, qty, value)
SELECT b.company_id, b.item_id, b.godown_id,
	coalesce((SELECT sum(m.qty) FROM stock_moves m WHERE m.company_id = b.company_id AND m.item_id = b.item_id
		AND m.godown_id = b.godown_id AND m.active = 1), 0),
	coalesce((SELECT sum(m.value) FROM stock_moves m WHERE m.company_id = b.company_id AND m.item_id = b.item_id
		AND m.godown_id = b.godown_id AND m.active = 1), 0)
FROM stock_balance b;
DROP TABLE stock_balance;
ALTER TABLE stock_balance_new RENAME TO stock_balance;

CREATE TABLE stock_layers_new (
	id @ID@,
	company_id INTEGER NOT NULL,
	item_id INTEGER NOT NULL,
	godown_id INTEGER NOT NULL,
	date TEXT NOT NULL,
	qty_left INTEGER NOT NULL,
	rate INTEGER NOT NULL,
	batch TEXT,
	expiry TEXT,
	move_id INTEGER NOT NULL,
	CONSTRAINT ceiling_money_rate CHECK (rate BETWEEN -100000000000000000 AND 100000000000000000),
	CONSTRAINT ceiling_qty_qty_left CHECK (qty_left BETWEEN -1000000000000000 AND 1000000000000000),
	CONSTRAINT stock_layers_item_fk FOREIGN KEY (company_id, item_id) REFERENCES items(company_id, id),
	CONSTRAINT stock_layers_godown_fk FOREIGN KEY (company_id, godown_id) REFERENCES godowns(company_id, id),
	CONSTRAINT stock_layers_move_fk FOREIGN KEY (company_id, move_id) REFERENCES stock_moves(company_id, id)
) STRICT;
INSERT INTO stock_layers_new(id, company_id, item_id, godown_id, date, qty_left, rate, batch, expiry, move_id)
SELECT id, company_id, item_id, godown_id, date, qty_left, rate, batch, expiry, move_id FROM stock_layers;
DROP TABLE stock_layers;
ALTER TABLE stock_layers_new RENAME TO stock_layers;
CREATE INDEX stock_layers_item ON stock_layers(company_id, item_id, godown_id, date, id);

CREATE TABLE stock_month_new (
	company_id INTEGER NOT NULL,
	item_id INTEGER NOT NULL,
	godown_id INTEGER NOT NULL,
	month TEXT NOT NULL,
	qty INTEGER NOT NULL DEFAULT 0,
	value INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (company_id, item_id, month, godown_id),
	CONSTRAINT ceiling_money_value CHECK (value BETWEEN -100000000000000000 AND 100000000000000000),
	CONSTRAINT ceiling_qty_qty CHECK (qty BETWEEN -1000000000000000 AND 1000000000000000),
	CONSTRAINT stock_month_item_fk FOREIGN KEY (company_id, item_id) REFERENCES items(company_id, id),
	CONSTRAINT stock_month_godown_fk FOREIGN KEY (company_id, godown_id) REFERENCES godowns(company_id, id)
) STRICT, WITHOUT ROWID;
INSERT INTO stock_month_new(company_id, item_id, godown_id, month, qty, value)
SELECT s.company_id, s.item_id, s.godown_id, s.month,
	coalesce((SELECT sum(m.qty) FROM stock_moves m WHERE m.company_id = s.company_id AND m.item_id = s.item_id
		AND m.godown_id = s.godown_id AND m.date >= s.month || '-01' AND m.date <= s.month || '-31' AND m.active = 1), 0),
	coalesce((SELECT sum(m.value) FROM stock_moves m WHERE m.company_id = s.company_id AND m.item_id = s.item_id
		AND m.godown_id = s.godown_id AND m.date >= s.month || '-01' AND m.date <= s.month || '-31' AND m.active = 1), 0)
FROM stock_month s;
DROP TABLE stock_month;
ALTER TABLE stock_month_new RENAME TO stock_month;

CREATE TABLE stock_godown_month_new (
	company_id INTEGER NOT NULL,
	godown_id INTEGER NOT NULL,
	month TEXT NOT NULL,
	value INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (company_id, godown_id, month),
	CONSTRAINT ceiling_money_value CHECK (value BETWEEN -100000000000000000 AND 100000000000000000),
	CONSTRAINT stock_godown_month_godown_fk FOREIGN KEY (company_id, godown_id) REFERENCES godowns(company_id, id)
) STRICT, WITHOUT ROWID;
INSERT INTO stock_godown_month_new(company_id, godown_id, month, value)
SELECT g.company_id, g.godown_id, g.month,
	coalesce((SELECT sum(m.value) FROM stock_moves m WHERE m.company_id = g.company_id AND m.godown_id = g.godown_id
		AND m.date >= g.month || '-01' AND m.date <= g.month || '-31' AND m.active = 1), 0)
FROM stock_godown_month g;
DROP TABLE stock_godown_month;
ALTER TABLE stock_godown_month_new RENAME TO stock_godown_month;

PRAGMA ignore_check_constraints = OFF;
