-- 0003_parties: customers and vendors. Rows are never deleted: DELETE archives.
CREATE TABLE parties (
	id @ID@,
	company_id BIGINT NOT NULL REFERENCES companies(id),
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
	credit_limit BIGINT NOT NULL DEFAULT 0 CHECK (credit_limit >= 0),
	payment_terms_days BIGINT NOT NULL DEFAULT 0,
	version BIGINT NOT NULL DEFAULT 1,
	archived BIGINT NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (company_id, id)
);
CREATE INDEX parties_name ON parties(company_id, name, id);
CREATE INDEX parties_gstin ON parties(company_id, gstin);
CREATE INDEX parties_phone ON parties(company_id, phone);
