-- 0065_company_admin: administration from the UI. A user the CLI lets make companies without
-- being an admin of one (users.can_create_companies), a version on a company's settings (the
-- If-Match of PUT /settings), and its business hours, kept now for the service desk: one span a
-- weekday (1 Monday .. 7 Sunday) as "HH:MM" in the company's time zone; a day without a row is closed.
ALTER TABLE users ADD COLUMN can_create_companies BIGINT NOT NULL DEFAULT 0;
ALTER TABLE companies ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TABLE company_hours (
	company_id BIGINT NOT NULL REFERENCES companies(id),
	weekday BIGINT NOT NULL CHECK (weekday BETWEEN 1 AND 7),
	opens TEXT NOT NULL,
	closes TEXT NOT NULL,
	PRIMARY KEY (company_id, weekday),
	CHECK (opens < closes)
);
