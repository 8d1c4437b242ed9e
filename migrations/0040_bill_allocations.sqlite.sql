-- 0040_bill_allocations: bill-wise settlement as Tally keeps it. Each party line of a voucher is
-- allocated to bills: a New Ref or an Advance opens a bill (a reference with an amount pending), an
-- Agst Ref settles one, On Account ties the amount to no bill. A bill's pending amount is the sum of
-- its active rows (debit positive); receivables and payables read this table. The bill_ref and
-- bill_type of voucher_lines stay as the single allocation of a line, for readers of the old shape.
-- Its references are by (company_id, id), and its amount within the ceiling, as 0010 made them for
-- every table.
CREATE TABLE bill_allocations (
	voucher_id INTEGER NOT NULL,
	line_no INTEGER NOT NULL,          -- the voucher line (voucher_lines.line_no)
	alloc_no INTEGER NOT NULL,         -- its place among the line's allocations, from 1
	company_id INTEGER NOT NULL,
	ledger_id INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('new', 'agst', 'advance', 'on_account')),
	ref TEXT,                         -- NULL only for on_account
	date TEXT NOT NULL,               -- the voucher's date
	due_date TEXT,
	amount INTEGER NOT NULL,           -- paise, the line's sign: debit positive
	active INTEGER NOT NULL DEFAULT 1, -- 0 once the voucher is cancelled
	PRIMARY KEY (voucher_id, line_no, alloc_no),
	CONSTRAINT ceiling_money_amount CHECK (amount BETWEEN -100000000000000000 AND 100000000000000000),
	CONSTRAINT bill_allocations_voucher_fk FOREIGN KEY (company_id, voucher_id) REFERENCES vouchers(company_id, id),
	CONSTRAINT bill_allocations_ledger_fk FOREIGN KEY (company_id, ledger_id) REFERENCES ledgers(company_id, id)
) STRICT;
CREATE INDEX bill_allocations_ref ON bill_allocations(company_id, ledger_id, ref);

-- The bills of the books so far: every line that raised or settled one.
INSERT INTO bill_allocations(voucher_id, line_no, alloc_no, company_id, ledger_id, kind, ref, date, due_date, amount, active)
SELECT voucher_id, line_no, 1, company_id, ledger_id, CASE WHEN bill_type = 'new' THEN 'new' ELSE 'agst' END,
       bill_ref, date, due_date, amount, active
FROM voucher_lines WHERE bill_type IN ('new', 'against') AND bill_ref IS NOT NULL;
