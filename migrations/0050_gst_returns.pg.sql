-- 0050_gst_returns: what the GST returns need beyond a rate and a reason per line.
--   gst_rates: the rates a voucher of a date may use (the set whose effective_from is the latest
--     on or before the date); national law, so one table for every company.
--   voucher_items: cess at an ad valorem rate (basis points) and its amount; reverse charge (the
--     recipient pays the tax: GSTR-3B 3.1(d) and 4(A)(3)).
--   vouchers: the sum of the cess; reverse charge for the whole voucher; the kind of a zero-rated
--     supply (export or SEZ, with or without payment of IGST) and an export's shipping bill.
--   gst_filings: a month whose return was marked filed; gst_filed_lines: the return's lines as
--     filed, so a later alteration goes to the amendment tables of its own month instead.
CREATE TABLE gst_rates (
	effective_from TEXT NOT NULL,
	rate BIGINT NOT NULL CHECK (rate >= 0 AND rate <= 10000),  -- basis points: 1800 = 18 %
	PRIMARY KEY (effective_from, rate)
);
-- The slabs in force from 1 July 2017, and from 22 September 2025 (notification 9/2025-CT(Rate)):
-- 0.1 % (merchant exports), 0.25 % (rough stones), 1.5 % (cut diamonds), 3 % (gold) stay.
INSERT INTO gst_rates(effective_from, rate) VALUES
	('2017-07-01', 0), ('2017-07-01', 10), ('2017-07-01', 25), ('2017-07-01', 150), ('2017-07-01', 300),
	('2017-07-01', 500), ('2017-07-01', 1200), ('2017-07-01', 1800), ('2017-07-01', 2800),
	('2025-09-22', 0), ('2025-09-22', 10), ('2025-09-22', 25), ('2025-09-22', 150), ('2025-09-22', 300),
	('2025-09-22', 500), ('2025-09-22', 1800), ('2025-09-22', 4000);

ALTER TABLE voucher_items ADD COLUMN cess_rate BIGINT NOT NULL DEFAULT 0 CHECK (cess_rate >= 0 AND cess_rate <= 100000);
ALTER TABLE voucher_items ADD COLUMN cess BIGINT NOT NULL DEFAULT 0 CONSTRAINT ceiling_money_cess CHECK (cess BETWEEN -100000000000000000 AND 100000000000000000);
ALTER TABLE voucher_items ADD COLUMN reverse_charge BIGINT NOT NULL DEFAULT 0 CHECK (reverse_charge IN (0, 1));
ALTER TABLE vouchers ADD COLUMN cess BIGINT NOT NULL DEFAULT 0 CONSTRAINT ceiling_money_cess CHECK (cess BETWEEN -100000000000000000 AND 100000000000000000);
ALTER TABLE vouchers ADD COLUMN reverse_charge BIGINT NOT NULL DEFAULT 0 CHECK (reverse_charge IN (0, 1));
ALTER TABLE vouchers ADD COLUMN supply_type TEXT CHECK (supply_type IN ('export_wpay', 'export_wopay', 'sez_wpay', 'sez_wopay'));
ALTER TABLE vouchers ADD COLUMN port_code TEXT;
ALTER TABLE vouchers ADD COLUMN shipping_bill_no TEXT;
ALTER TABLE vouchers ADD COLUMN shipping_bill_date TEXT;

CREATE TABLE gst_filings (
	company_id BIGINT NOT NULL REFERENCES companies(id),
	return_type TEXT NOT NULL CHECK (return_type IN ('gstr1')),
	period TEXT NOT NULL,             -- YYYY-MM
	filed_at TEXT NOT NULL,
	user_id BIGINT NOT NULL,
	PRIMARY KEY (company_id, return_type, period)
);

-- One row per voucher and rate (and reason) as the return was filed; section 'orig' for the
-- month's own invoices and notes, 'amend' for those of earlier filed months altered in it.
CREATE TABLE gst_filed_lines (
	company_id BIGINT NOT NULL,
	period TEXT NOT NULL,
	section TEXT NOT NULL CHECK (section IN ('orig', 'amend')),
	voucher_id BIGINT NOT NULL,
	version BIGINT NOT NULL,
	status TEXT NOT NULL,             -- an amendment of a voucher cancelled since: 'cancelled', its figures 0
	filed_date TEXT NOT NULL,         -- an amendment: the date the return first gave the voucher
	type TEXT NOT NULL,
	number TEXT NOT NULL,
	date TEXT NOT NULL,
	total BIGINT NOT NULL CONSTRAINT ceiling_money_total CHECK (total BETWEEN -100000000000000000 AND 100000000000000000),
	place_of_supply TEXT NOT NULL,
	party_gstin TEXT NOT NULL,
	party_name TEXT NOT NULL,
	reference TEXT NOT NULL,
	supply_type TEXT NOT NULL,
	port_code TEXT NOT NULL,
	shipping_bill_no TEXT NOT NULL,
	shipping_bill_date TEXT NOT NULL,
	orig_total BIGINT NOT NULL CONSTRAINT ceiling_money_orig_total CHECK (orig_total BETWEEN -100000000000000000 AND 100000000000000000),
	orig_date TEXT NOT NULL,
	orig_pos TEXT NOT NULL,
	orig_supply_type TEXT NOT NULL,
	gst_rate BIGINT NOT NULL,
	gst_reason TEXT NOT NULL,
	taxable BIGINT NOT NULL CONSTRAINT ceiling_money_taxable CHECK (taxable BETWEEN -100000000000000000 AND 100000000000000000),
	igst BIGINT NOT NULL CONSTRAINT ceiling_money_igst CHECK (igst BETWEEN -100000000000000000 AND 100000000000000000),
	cgst BIGINT NOT NULL CONSTRAINT ceiling_money_cgst CHECK (cgst BETWEEN -100000000000000000 AND 100000000000000000),
	sgst BIGINT NOT NULL CONSTRAINT ceiling_money_sgst CHECK (sgst BETWEEN -100000000000000000 AND 100000000000000000),
	cess BIGINT NOT NULL CONSTRAINT ceiling_money_cess CHECK (cess BETWEEN -100000000000000000 AND 100000000000000000),
	CONSTRAINT gst_filed_lines_voucher_fk FOREIGN KEY (company_id, voucher_id) REFERENCES vouchers(company_id, id)
);
CREATE INDEX gst_filed_lines_period ON gst_filed_lines(company_id, period);
CREATE INDEX gst_filed_lines_voucher ON gst_filed_lines(company_id, voucher_id);
-- A credit note names the invoice it is against by number.
CREATE INDEX IF NOT EXISTS vouchers_number ON vouchers(company_id, number);
