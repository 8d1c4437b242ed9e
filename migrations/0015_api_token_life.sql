-- 0015_api_token_life: an API token's expiry (set when it is made; NULL: never), its last use
-- (recorded at most once a minute) and when it was revoked, all in seconds since the epoch.
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT;
ALTER TABLE api_tokens ADD COLUMN last_used BIGINT;
ALTER TABLE api_tokens ADD COLUMN revoked_at BIGINT;
CREATE INDEX api_tokens_user ON api_tokens(user_id);
