-- 0001_core: companies, users and roles, sessions, API tokens, throttling, idempotency, audit.
CREATE TABLE companies (
	id @ID@,
	name TEXT NOT NULL,
	gstin TEXT,
	state_code TEXT,
	settings TEXT NOT NULL DEFAULT '{}',
	created_at TEXT NOT NULL
);

CREATE TABLE users (
	id @ID@,
	username TEXT NOT NULL UNIQUE,
	display_name TEXT NOT NULL,
	pw_hash TEXT NOT NULL,
	lang TEXT NOT NULL DEFAULT 'en',
	disabled BIGINT NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL
);

CREATE TABLE memberships (
	user_id BIGINT NOT NULL REFERENCES users(id),
	company_id BIGINT NOT NULL REFERENCES companies(id),
	role TEXT NOT NULL,
	PRIMARY KEY (user_id, company_id)
);

CREATE TABLE sessions (
	id_hash TEXT PRIMARY KEY,
	user_id BIGINT NOT NULL REFERENCES users(id),
	csrf TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	last_seen BIGINT NOT NULL,
	ip TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
	id @ID@,
	token_hash TEXT NOT NULL UNIQUE,
	user_id BIGINT NOT NULL REFERENCES users(id),
	name TEXT NOT NULL,
	created_at TEXT NOT NULL,
	revoked BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE login_failures (
	id @ID@,
	username TEXT NOT NULL,
	ip TEXT NOT NULL,
	at BIGINT NOT NULL
);
CREATE INDEX login_failures_user ON login_failures(username, at);
CREATE INDEX login_failures_ip ON login_failures(ip, at);

CREATE TABLE idempotency (
	company_id BIGINT NOT NULL,
	user_id BIGINT NOT NULL,
	key TEXT NOT NULL,
	request_hash TEXT NOT NULL,
	status BIGINT NOT NULL,
	body TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	PRIMARY KEY (company_id, user_id, key)
);

CREATE TABLE audit_head (
	company_id BIGINT PRIMARY KEY,
	seq BIGINT NOT NULL,
	hash TEXT NOT NULL
);
INSERT INTO audit_head(company_id, seq, hash)
	VALUES (0, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_log (
	company_id BIGINT NOT NULL,
	seq BIGINT NOT NULL,
	at TEXT NOT NULL,
	user_id BIGINT NOT NULL,
	entity TEXT NOT NULL,
	entity_id BIGINT NOT NULL,
	action TEXT NOT NULL,
	before_json TEXT,
	after_json TEXT,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL,
	PRIMARY KEY (company_id, seq)
);
CREATE INDEX audit_entity ON audit_log(company_id, entity, entity_id);
