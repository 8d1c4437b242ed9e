-- 0016_login_throttle: the counters a password check is reserved against before it is made. A
-- row is one account at one address, one account from anywhere (ip ''), or one address across
-- accounts (username ''): the checks counted against it, the wait its last one set, and when
-- that was (seconds). login_failures stays the record of the checks that failed.
CREATE TABLE login_throttle (
	username TEXT NOT NULL,
	ip TEXT NOT NULL,
	failures BIGINT NOT NULL,
	wait_s BIGINT NOT NULL,
	last_at BIGINT NOT NULL,
	PRIMARY KEY (username, ip)
);
CREATE INDEX login_throttle_last ON login_throttle(last_at);
