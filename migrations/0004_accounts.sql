-- 0004_accounts: chart of accounts, ledgers, vouchers with GST item lines, numbering series,
-- the voucher edit log, period locks, and the balances kept per ledger per day and per month so
-- that reports never rescan every posting.
CREATE TABLE account_groups (
	id @ID@,
	company_id BIGINT NOT NULL REFERENCES companies(id),
	name TEXT NOT NULL,
	parent_id BIGINT REFERENCES account_groups(id),
	nature TEXT NOT NULL CHECK (nature IN ('asset', 'liability', 'income', 'expense')),
	code TEXT,                      -- stable key of a predefined group, e.g. 'sundry_debtors'
	gross_profit BIGINT NOT NULL DEFAULT 0, -- 1: direct (trading account), 0: indirect
	sort BIGINT NOT NULL DEFAULT 100,
	UNIQUE (company_id, name),
	UNIQUE (company_id, id)
);
CREATE INDEX account_groups_code ON account_groups(company_id, code);

CREATE TABLE ledgers (
	id @ID@,
	company_id BIGINT NOT NULL REFERENCES companies(id),
	name TEXT NOT NULL,
	group_id BIGINT NOT NULL REFERENCES account_groups(id),
	kind TEXT NOT NULL DEFAULT 'general',  -- cash, bank, party, sales, purchase, out_cgst, ..., round_off
	party_id BIGINT REFERENCES parties(id),
	opening_balance BIGINT NOT NULL DEFAULT 0,  -- paise, debit positive
	gstin TEXT,
	state_code TEXT,
	version BIGINT NOT NULL DEFAULT 1,
	archived BIGINT NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	UNIQUE (company_id, name),
	UNIQUE (company_id, id)
);
CREATE INDEX ledgers_group ON ledgers(company_id, group_id);
CREATE INDEX ledgers_kind ON ledgers(company_id, kind);
CREATE INDEX ledgers_party ON ledgers(company_id, party_id);

CREATE TABLE books (
	company_id BIGINT PRIMARY KEY REFERENCES companies(id),
	books_from TEXT NOT NULL,         -- first date entries may carry
	lock_date TEXT,                   -- entries on or before this date are refused
	version BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE voucher_series (
	company_id BIGINT NOT NULL,
	type TEXT NOT NULL,
	fy BIGINT NOT NULL,               -- 2024 for April 2024 - March 2025
	next_seq BIGINT NOT NULL,
	PRIMARY KEY (company_id, type, fy)
);

CREATE TABLE vouchers (
	id @ID@,
	company_id BIGINT NOT NULL REFERENCES companies(id),
	type TEXT NOT NULL,
	fy BIGINT NOT NULL,
	seq BIGINT NOT NULL,
	number TEXT NOT NULL,
	date TEXT NOT NULL,
	party_id BIGINT REFERENCES parties(id),
	party_ledger_id BIGINT REFERENCES ledgers(id),
	narration TEXT,
	reference TEXT,
	place_of_supply TEXT,
	party_gstin TEXT,
	taxable BIGINT NOT NULL DEFAULT 0,
	cgst BIGINT NOT NULL DEFAULT 0,
	sgst BIGINT NOT NULL DEFAULT 0,
	igst BIGINT NOT NULL DEFAULT 0,
	round_off BIGINT NOT NULL DEFAULT 0,
	total BIGINT NOT NULL DEFAULT 0,
	status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
	version BIGINT NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (company_id, type, fy, seq),
	UNIQUE (company_id, id)
);
CREATE INDEX vouchers_date ON vouchers(company_id, date, id);
CREATE INDEX vouchers_party ON vouchers(company_id, party_id, date);

-- The postings of the current version of each voucher. amount > 0 debit, < 0 credit.
CREATE TABLE voucher_lines (
	voucher_id BIGINT NOT NULL REFERENCES vouchers(id),
	line_no BIGINT NOT NULL,
	company_id BIGINT NOT NULL,
	ledger_id BIGINT NOT NULL REFERENCES ledgers(id),
	date TEXT NOT NULL,
	amount BIGINT NOT NULL,
	bill_ref TEXT,                    -- bill-by-bill: the invoice this line raises or settles
	bill_type TEXT,                   -- 'new' | 'against' | NULL
	due_date TEXT,
	active BIGINT NOT NULL DEFAULT 1, -- 0 once the voucher is cancelled
	PRIMARY KEY (voucher_id, line_no)
);
CREATE INDEX voucher_lines_ledger ON voucher_lines(company_id, ledger_id, date, voucher_id);
CREATE INDEX voucher_lines_bill ON voucher_lines(company_id, ledger_id, bill_ref);

-- Goods/service lines of sales, purchase, credit and debit notes (the figures GST returns read).
CREATE TABLE voucher_items (
	voucher_id BIGINT NOT NULL REFERENCES vouchers(id),
	line_no BIGINT NOT NULL,
	company_id BIGINT NOT NULL,
	description TEXT NOT NULL,
	hsn TEXT,
	item_id BIGINT,
	godown_id BIGINT,
	qty BIGINT NOT NULL,              -- thousandths
	unit TEXT,
	rate BIGINT NOT NULL,             -- paise per unit
	discount BIGINT NOT NULL DEFAULT 0,
	taxable BIGINT NOT NULL,
	gst_rate BIGINT NOT NULL,         -- basis points: 1800 = 18%
	cgst BIGINT NOT NULL DEFAULT 0,
	sgst BIGINT NOT NULL DEFAULT 0,
	igst BIGINT NOT NULL DEFAULT 0,
	ledger_id BIGINT NOT NULL REFERENCES ledgers(id),
	PRIMARY KEY (voucher_id, line_no)
);

-- Every version of every voucher: who, when, what it was. data is the voucher as JSON (NULL for
-- a bulk-imported version 1 until an alteration records it).
CREATE TABLE voucher_versions (
	company_id BIGINT NOT NULL,
	voucher_id BIGINT NOT NULL REFERENCES vouchers(id),
	version BIGINT NOT NULL,
	action TEXT NOT NULL,             -- create | alter | cancel | import
	at TEXT NOT NULL,
	user_id BIGINT NOT NULL,
	data TEXT,
	PRIMARY KEY (voucher_id, version)
);

-- Balances kept up to date with every posting, so no report rescans all postings.
CREATE TABLE ledger_day (
	company_id BIGINT NOT NULL,
	ledger_id BIGINT NOT NULL,
	date TEXT NOT NULL,
	debit BIGINT NOT NULL DEFAULT 0,
	credit BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (company_id, ledger_id, date)
);
CREATE TABLE ledger_month (
	company_id BIGINT NOT NULL,
	ledger_id BIGINT NOT NULL,
	month TEXT NOT NULL,              -- YYYY-MM
	debit BIGINT NOT NULL DEFAULT 0,
	credit BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (company_id, ledger_id, month)
);

-- Imported bank statements and what each line was matched to.
CREATE TABLE bank_statement_lines (
	id @ID@,
	company_id BIGINT NOT NULL,
	ledger_id BIGINT NOT NULL REFERENCES ledgers(id),
	date TEXT NOT NULL,
	description TEXT,
	reference TEXT,
	amount BIGINT NOT NULL,           -- deposit positive, withdrawal negative (the bank's view)
	matched_voucher_id BIGINT,
	matched_line_no BIGINT,
	imported_at TEXT NOT NULL
);
CREATE INDEX bank_statement_ledger ON bank_statement_lines(company_id, ledger_id, date);
