-- 0009_jobs: the durable queue of work that outlives a request (imports, OCR, PDF batches, mail,
-- SLA timers, audit anchors). A worker claims a job by moving it to running under a lease it
-- renews; a job whose lease ran out (its server died) is retried or failed by the next worker.
CREATE TABLE jobs (
	id @ID@,
	company_id BIGINT NOT NULL,              -- 0: the system's own jobs
	user_id BIGINT NOT NULL DEFAULT 0,
	kind TEXT NOT NULL,
	payload TEXT NOT NULL DEFAULT '{}',
	state TEXT NOT NULL DEFAULT 'queued'
		CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
	attempts BIGINT NOT NULL DEFAULT 0,
	max_attempts BIGINT NOT NULL DEFAULT 3,
	retry_on_restart BIGINT NOT NULL DEFAULT 1, -- 0: a job cut off by a restart fails (imports)
	run_after BIGINT NOT NULL,                -- epoch seconds
	worker TEXT,                              -- who holds it while running
	lease_until BIGINT NOT NULL DEFAULT 0,
	cancel_requested BIGINT NOT NULL DEFAULT 0,
	progress_done BIGINT NOT NULL DEFAULT 0,
	progress_total BIGINT NOT NULL DEFAULT 0,
	result TEXT,
	error TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX jobs_ready ON jobs(state, run_after, id);
CREATE INDEX jobs_company ON jobs(company_id, id);
