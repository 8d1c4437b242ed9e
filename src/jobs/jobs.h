/* jobs.h - the durable queue. Work that outlives a request (imports, OCR, PDF batches, mail, SLA
 * timers, audit anchors) is a row in one table; `daftar serve` runs workers that claim rows and
 * run them. A job survives a restart: one that was running when its server died is claimed again
 * when its lease runs out, and retried or failed as its kind asks, never left half-done. The
 * queue knows no kinds: each module gives its runner to jobs_start (through the composition file). */
#ifndef DAFTAR_JOBS_H
#define DAFTAR_JOBS_H

#include <stdint.h>

#include "lib/clock.h"
#include "lib/db.h"
#include "lib/err.h"
#include "lib/jsonw.h"
#include "lib/page.h"
#include "lib/store.h"

enum job_state { JOB_QUEUED, JOB_RUNNING, JOB_DONE, JOB_FAILED, JOB_CANCELLED, JOB_STATE_MAX };

#define JOB_KIND_MAX 32
#define JOB_PAYLOAD_MAX ((size_t)1 << 20)

/* A job as stored. payload and result are heap strings owned by the struct (job_done frees). */
struct job {
	int64_t id;
	int64_t company_id;        /* 0: a system job */
	int64_t user_id;           /* who asked, 0: the system */
	char kind[JOB_KIND_MAX];
	char *payload;             /* JSON text, never NULL once read */
	enum job_state state;
	int64_t attempts, max_attempts;
	int retry_on_restart;
	int64_t run_after;         /* epoch seconds */
	int cancel_requested;
	int64_t done, total;       /* progress */
	char *result;              /* JSON text or NULL */
	char error[256];
	char created_at[CLOCK_ISO_SIZE], updated_at[CLOCK_ISO_SIZE];
};

void job_done(struct job *j);
const char *job_state_name(enum job_state s);

/* What to queue. payload: JSON text (NULL: "{}"), at most JOB_PAYLOAD_MAX bytes. */
struct job_new {
	const char *kind;
	const char *payload;
	int64_t run_after;         /* 0: now */
	int max_attempts;          /* 0: 3 */
	int fail_on_restart;       /* 1: a run cut off by a restart fails instead of running again */
};

/* Queues a job inside the caller's write transaction (so it exists only if the change that asks
 * for it commits); audited. */
int job_enqueue(struct db *db, int64_t cid, int64_t actor, const struct job_new *in, int64_t *ret_id, struct err *e)
	__attribute__((warn_unused_result));
/* ERR_NOT_FOUND when id is not a job of company cid. */
int job_get(struct db *db, int64_t cid, int64_t id, struct job *ret, struct err *e) __attribute__((warn_unused_result));
/* The company's jobs newest first, of one kind unless kind is NULL or "". */
int job_list(struct db *db, int64_t cid, const char *kind, const struct page *pg, int (*each)(void *ctx, const struct job *j),
	     void *ctx, int64_t *ret_next, struct err *e) __attribute__((warn_unused_result));
/* Cancels: a queued job at once; a running one is asked to stop (its runner sees it at its next
 * progress report and its work rolls back). ERR_CONFLICT when it has already ended. Audited. */
int job_cancel(struct db *db, int64_t cid, int64_t actor, int64_t id, struct err *e) __attribute__((warn_unused_result));
/* The API shape of a job. */
void job_json(struct jsonw *w, const struct job *j);

/* ---- the worker's side: each call is its own short write transaction ---- */

/* Claims the oldest job due at `now` for `worker` until now + lease_s, and counts the attempt.
 * DB_ROW with *ret filled, DB_DONE when none is due, <0 on error. Safe when several servers
 * claim from one PostgreSQL database: a job goes to one of them. */
int job_claim(struct db *db, const char *worker, int64_t now, int64_t lease_s, struct job *ret, struct err *e)
	__attribute__((warn_unused_result));
/* Renews the lease and records progress; *ret_cancel is 1 when cancellation was asked for.
 * ERR_CONFLICT when the job is no longer this worker's (its lease ran out and someone took it). */
int job_heartbeat(struct db *db, int64_t id, const char *worker, int64_t now, int64_t lease_s, int64_t done, int64_t total,
		  int *ret_cancel, struct err *e) __attribute__((warn_unused_result));
/* Ends the job: done with a result (JSON text or NULL), or failed with a message; a failure with
 * retry and attempts left goes back to the queue after a backoff. A cancellation asked for
 * ends it as cancelled. Both refuse (ERR_CONFLICT) a job that is no longer this worker's. */
int job_finish(struct db *db, int64_t id, const char *worker, const char *result, struct err *e) __attribute__((warn_unused_result));
int job_fail(struct db *db, int64_t id, const char *worker, const char *error, int retry, int64_t now, struct err *e)
	__attribute__((warn_unused_result));
/* Jobs still running whose lease ran out before `now` (their server stopped): back to the queue,
 * or failed ("interrupted by a restart") when their kind asked so or no attempts are left. */
int job_recover(struct db *db, int64_t now, int64_t *ret_n, struct err *e) __attribute__((warn_unused_result));

/* ---- running them (jobs_worker.c) ---- */

struct job_run;
/* A runner does the job's work, in transactions of its own through the store, and reports
 * progress; it returns 0 (result optional through job_run_result) or <0 with e filled. It must
 * stop and return ERR_CONFLICT when job_run_progress answers 1 (cancelled). */
typedef int (*job_runner_fn)(struct job_run *r, const struct job *j, struct err *e);

struct job_kind {
	const char *kind;
	job_runner_fn run;
};

struct store *job_run_store(struct job_run *r);
/* Reports progress (at most a few writes a second reach the database); 1 when the job was
 * cancelled or taken from this worker (stop now), 0 to go on. */
int job_run_progress(struct job_run *r, int64_t done, int64_t total);
/* The result to store with the job (JSON text, copied). */
void job_run_result(struct job_run *r, const char *json);

struct jobs_opts {
	unsigned workers;          /* threads; 0: 2 */
	int64_t lease_s;           /* 0: 30 */
	const struct job_kind *kinds;  /* terminated by a NULL kind */
	const char *name;          /* worker name prefix (host:pid); NULL: made up */
};
struct jobs_pool;
/* Starts the workers (recovering jobs cut off by an earlier stop first). 0, or <0 with e. */
int jobs_start(struct store *s, const struct jobs_opts *o, struct jobs_pool **ret, struct err *e) __attribute__((warn_unused_result));
/* Wakes the workers (a job was queued in this process). */
void jobs_kick(struct jobs_pool *p);
/* Stops after the running jobs finish their current step; accepts NULL. */
void jobs_stop(struct jobs_pool *p);

#endif
