-- 0055_gst_files: what the GST files need beyond the books. The seller's address as the e-invoice
-- and the e-way bill print it (the company row has only its name, GSTIN and state); the unit
-- quantity codes (UQC) the company maps its own units to where the defaults do not know them; and
-- the IRN, acknowledgement and signed QR code the invoice registration portal gave a voucher,
-- entered back once it was registered.
CREATE TABLE gst_profiles (
	company_id BIGINT PRIMARY KEY REFERENCES companies(id),
	legal_name TEXT NOT NULL DEFAULT '',
	trade_name TEXT NOT NULL DEFAULT '',
	address1 TEXT NOT NULL DEFAULT '',
	address2 TEXT NOT NULL DEFAULT '',
	location TEXT NOT NULL DEFAULT '',
	pincode TEXT NOT NULL DEFAULT '',
	phone TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	updated_at TEXT NOT NULL
);

-- unit: a unit's symbol as voucher lines carry it ("kg", "ream"); uqc: the GST code ("KGS", "PAC").
CREATE TABLE gst_unit_codes (
	company_id BIGINT NOT NULL REFERENCES companies(id),
	unit TEXT NOT NULL,
	uqc TEXT NOT NULL,
	PRIMARY KEY (company_id, unit)
);

CREATE TABLE voucher_irns (
	company_id BIGINT NOT NULL,
	voucher_id BIGINT NOT NULL,
	irn TEXT NOT NULL,                 -- 64 lower-case hex characters
	ack_no TEXT NOT NULL,
	ack_date TEXT NOT NULL,            -- "YYYY-MM-DD HH:MM:SS" as the portal gives it
	signed_qr TEXT NOT NULL DEFAULT '',
	entered_at TEXT NOT NULL,
	entered_by BIGINT NOT NULL,
	PRIMARY KEY (company_id, voucher_id),
	CONSTRAINT voucher_irns_irn UNIQUE (company_id, irn),
	CONSTRAINT voucher_irns_voucher_fk FOREIGN KEY (company_id, voucher_id) REFERENCES vouchers(company_id, id)
);
