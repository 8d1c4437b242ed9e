/* jobs.c - the queue's rows: enqueue, read, cancel, and the worker's claim, heartbeat, finish,
 * fail and recovery. Claiming is portable: pick due rows, then move one to running with a guarded
 * UPDATE (state still queued); on PostgreSQL a second claimer of the same row waits for the first
 * and then finds it taken, so a job goes to one worker. */
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "jobs/jobs.h"
#include "lib/buf.h"
#include "lib/text.h"
#include "lib/banned.h"

#define COLS "id, company_id, user_id, kind, payload, state, attempts, max_attempts, retry_on_restart, run_after, " \
	     "cancel_requested, progress_done, progress_total, result, coalesce(error, ''), created_at, updated_at"

enum {
	SQL_INSERT, SQL_GET, SQL_GET_ANY, SQL_LIST, SQL_LIST_AFTER, SQL_CANCEL_QUEUED, SQL_CANCEL_RUNNING, SQL_DUE, SQL_TAKE,
	SQL_BEAT, SQL_FINISH, SQL_REQUEUE, SQL_FAIL, SQL_STALE, SQL_RECOVER, SQL_MAX
};
static const char *const sql[SQL_MAX] = {
	[SQL_INSERT] = "INSERT INTO jobs(company_id, user_id, kind, payload, max_attempts, retry_on_restart, run_after, created_at, "
		       "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[SQL_GET] = "SELECT " COLS " FROM jobs WHERE company_id = ? AND id = ?",
	[SQL_GET_ANY] = "SELECT " COLS " FROM jobs WHERE id = ?",
	[SQL_LIST] = "SELECT " COLS " FROM jobs WHERE company_id = ? AND (? = '' OR kind = ?) ORDER BY id DESC LIMIT ?",
	[SQL_LIST_AFTER] = "SELECT " COLS " FROM jobs WHERE company_id = ? AND (? = '' OR kind = ?) AND id < ? ORDER BY id DESC LIMIT ?",
	[SQL_CANCEL_QUEUED] = "UPDATE jobs SET state = 'cancelled', updated_at = ? WHERE company_id = ? AND id = ? AND state = 'queued'",
	[SQL_CANCEL_RUNNING] = "UPDATE jobs SET cancel_requested = 1, updated_at = ? WHERE company_id = ? AND id = ? AND state = 'running'",
	[SQL_DUE] = "SELECT id FROM jobs WHERE state = 'queued' AND run_after <= ? ORDER BY run_after, id LIMIT 8",
	[SQL_TAKE] = "UPDATE jobs SET state = 'running', worker = ?, lease_until = ?, attempts = attempts + 1, updated_at = ? "
		     "WHERE id = ? AND state = 'queued'",
	[SQL_BEAT] = "UPDATE jobs SET lease_until = ?, progress_done = ?, progress_total = ? WHERE id = ? AND worker = ? "
		     "AND state = 'running' RETURNING cancel_requested",
	[SQL_FINISH] = "UPDATE jobs SET state = CASE WHEN cancel_requested = 1 THEN 'cancelled' ELSE 'done' END, result = ?, "
		       "worker = NULL, lease_until = 0, updated_at = ? WHERE id = ? AND worker = ? AND state = 'running'",
	[SQL_REQUEUE] = "UPDATE jobs SET state = 'queued', error = ?, run_after = ?, worker = NULL, lease_until = 0, updated_at = ? "
			"WHERE id = ? AND worker = ? AND state = 'running' AND cancel_requested = 0 AND attempts < max_attempts",
	[SQL_FAIL] = "UPDATE jobs SET state = CASE WHEN cancel_requested = 1 THEN 'cancelled' ELSE 'failed' END, error = ?, "
		     "worker = NULL, lease_until = 0, updated_at = ? WHERE id = ? AND worker = ? AND state = 'running'",
	[SQL_STALE] = "SELECT id FROM jobs WHERE state = 'running' AND lease_until < ? ORDER BY id LIMIT 64",
	[SQL_RECOVER] = "UPDATE jobs SET state = CASE WHEN retry_on_restart = 1 AND attempts < max_attempts AND cancel_requested = 0 "
			"THEN 'queued' ELSE CASE WHEN cancel_requested = 1 THEN 'cancelled' ELSE 'failed' END END, "
			"error = 'interrupted by a restart', worker = NULL, lease_until = 0, updated_at = ? "
			"WHERE id = ? AND state = 'running' AND lease_until < ?",
};

static const char *const state_names[JOB_STATE_MAX] = {"queued", "running", "done", "failed", "cancelled"};

const char *job_state_name(enum job_state s) { return (unsigned)s < JOB_STATE_MAX ? state_names[s] : "?"; }

static enum job_state state_parse(const char *s)
{
	for (int i = 0; i < JOB_STATE_MAX; i++)
		if (strcmp(s, state_names[i]) == 0)
			return (enum job_state)i;
	return JOB_FAILED;
}

void job_done(struct job *j)
{
	if (!j)
		return;
	free(j->payload);
	free(j->result);
	j->payload = j->result = NULL;
}

/* Fills j from a row of COLS; -1 when out of memory (j holds nothing to free then). */
static int from_row(struct db_stmt *st, struct job *j)
{
	memset(j, 0, sizeof *j);
	j->id = db_col_i64(st, 0);
	j->company_id = db_col_i64(st, 1);
	j->user_id = db_col_i64(st, 2);
	text_copy(j->kind, sizeof j->kind, db_col_text(st, 3));
	j->state = state_parse(db_col_text(st, 5));
	j->attempts = db_col_i64(st, 6);
	j->max_attempts = db_col_i64(st, 7);
	j->retry_on_restart = db_col_i64(st, 8) != 0;
	j->run_after = db_col_i64(st, 9);
	j->cancel_requested = db_col_i64(st, 10) != 0;
	j->done = db_col_i64(st, 11);
	j->total = db_col_i64(st, 12);
	text_copy(j->error, sizeof j->error, db_col_text(st, 14));
	text_copy(j->created_at, sizeof j->created_at, db_col_text(st, 15));
	text_copy(j->updated_at, sizeof j->updated_at, db_col_text(st, 16));
	j->payload = strdup(db_col_text(st, 4));
	if (!db_col_null(st, 13))
		j->result = strdup(db_col_text(st, 13));
	if (!j->payload || (!db_col_null(st, 13) && !j->result)) {
		job_done(j);
		return -1;
	}
	return 0;
}

void job_json(struct jsonw *w, const struct job *j)
{
	jsonw_obj(w);
	jsonw_ki64(w, "id", j->id);
	jsonw_kstr(w, "kind", j->kind);
	jsonw_kstr(w, "state", job_state_name(j->state));
	jsonw_ki64(w, "attempts", j->attempts);
	jsonw_key(w, "progress");
	jsonw_obj(w);
	jsonw_ki64(w, "done", j->done);
	jsonw_ki64(w, "total", j->total);
	jsonw_obj_end(w);
	jsonw_kbool(w, "cancel_requested", j->cancel_requested);
	jsonw_key(w, "payload");
	jsonw_raw(w, j->payload && *j->payload ? j->payload : "{}");
	jsonw_key(w, "result");
	if (j->result)
		jsonw_raw(w, j->result);
	else
		jsonw_null(w);
	jsonw_kstr(w, "error", j->error[0] ? j->error : NULL);
	jsonw_ki64(w, "user_id", j->user_id);
	jsonw_kstr(w, "created_at", j->created_at);
	jsonw_kstr(w, "updated_at", j->updated_at);
	jsonw_obj_end(w);
}

static int audit_job(struct db *db, const struct job *j, int64_t actor, const char *action, struct err *e)
{
	struct buf b = BUF_INIT;
	struct jsonw w;
	int rc;
	jsonw_init(&w, &b);
	job_json(&w, j);
	rc = jsonw_ok(&w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory")
			       : audit_append(db, j->company_id, actor, "job", j->id, action, NULL, buf_str(&b), e);
	buf_free(&b);
	return rc;
}

static int get_any(struct db *db, int64_t id, struct job *ret, struct err *e)
{
	struct db_stmt *st;
	int rc = db_one(db, sql[SQL_GET_ANY], DB_ARGS(DB_I64(id)), &st, e);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "id", "no job %lld", (long long)id);
	rc = from_row(st, ret);
	db_done(st);
	return rc < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
}

int job_enqueue(struct db *db, int64_t cid, int64_t actor, const struct job_new *in, int64_t *ret_id, struct err *e)
{
	const char *payload = in->payload ? in->payload : "{}";
	char now[CLOCK_ISO_SIZE];
	struct job j;
	int rc;

	if (!in->kind || !*in->kind || strlen(in->kind) >= JOB_KIND_MAX)
		return err_set(e, ERR_INVALID, "kind", "a job needs a kind of at most %d characters", JOB_KIND_MAX - 1);
	if (strlen(payload) > JOB_PAYLOAD_MAX)
		return err_set(e, ERR_TOO_LARGE, "payload", "a job's payload is at most %zu bytes", JOB_PAYLOAD_MAX);
	clock_now_iso(now);
	rc = db_insert_id(db, sql[SQL_INSERT],
			  DB_ARGS(DB_I64(cid), DB_I64(actor), DB_TEXT(in->kind), DB_TEXT(payload),
				  DB_I64(in->max_attempts > 0 ? in->max_attempts : 3), DB_I64(in->fail_on_restart ? 0 : 1),
				  DB_I64(in->run_after > 0 ? in->run_after : clock_now()), DB_TEXT(now), DB_TEXT(now)),
			  ret_id, e);
	if (rc < 0)
		return rc;
	if ((rc = get_any(db, *ret_id, &j, e)) < 0)
		return rc;
	rc = audit_job(db, &j, actor, "create", e);
	job_done(&j);
	return rc;
}

int job_get(struct db *db, int64_t cid, int64_t id, struct job *ret, struct err *e)
{
	struct db_stmt *st;
	int rc = db_one(db, sql[SQL_GET], DB_ARGS(DB_I64(cid), DB_I64(id)), &st, e);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "id", "no job %lld in this company", (long long)id);
	rc = from_row(st, ret);
	db_done(st);
	return rc < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
}

int job_list(struct db *db, int64_t cid, const char *kind, const struct page *pg, int (*each)(void *ctx, const struct job *j),
	     void *ctx, int64_t *ret_next, struct err *e)
{
	const char *k = kind ? kind : "";
	int limit = pg->limit > 0 && pg->limit <= PAGE_LIMIT_MAX ? pg->limit : PAGE_LIMIT_DEFAULT, n = 0, rc;
	int64_t last = 0;
	struct db_stmt *st = pg->after ? db_query(db, sql[SQL_LIST_AFTER],
						  DB_ARGS(DB_I64(cid), DB_TEXT(k), DB_TEXT(k), DB_I64(pg->after), DB_I64(limit + 1)), e)
				       : db_query(db, sql[SQL_LIST], DB_ARGS(DB_I64(cid), DB_TEXT(k), DB_TEXT(k), DB_I64(limit + 1)), e);
	*ret_next = 0;
	if (!st)
		return e->code;
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct job j;
		if (n == limit) {
			*ret_next = last;
			break;
		}
		if (from_row(st, &j) < 0) {
			rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
			break;
		}
		last = j.id;
		n++;
		rc = each(ctx, &j);
		job_done(&j);
		if (rc < 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

int job_cancel(struct db *db, int64_t cid, int64_t actor, int64_t id, struct err *e)
{
	char now[CLOCK_ISO_SIZE];
	struct job j;
	int rc, changed;

	clock_now_iso(now);
	if ((changed = db_run(db, sql[SQL_CANCEL_QUEUED], DB_ARGS(DB_TEXT(now), DB_I64(cid), DB_I64(id)), e)) < 0)
		return changed;
	if (!changed && (changed = db_run(db, sql[SQL_CANCEL_RUNNING], DB_ARGS(DB_TEXT(now), DB_I64(cid), DB_I64(id)), e)) < 0)
		return changed;
	if ((rc = job_get(db, cid, id, &j, e)) < 0)
		return rc;
	if (!changed) {
		err_set(e, ERR_CONFLICT, "state", "job %lld has already ended (%s)", (long long)id, job_state_name(j.state));
		err_reason(e, "job_ended");
		err_detail_text(e, "state", job_state_name(j.state));
		job_done(&j);
		return ERR_CONFLICT;
	}
	rc = audit_job(db, &j, actor, "cancel", e);
	job_done(&j);
	return rc;
}

/* The first max ids a query of one time argument finds (jobs due, leases run out). */
static int ids_at(struct db *db, const char *q, int64_t now, int64_t *ids, int max, int *ret_n, struct err *e)
{
	struct db_stmt *st = db_query(db, q, DB_ARGS(DB_I64(now)), e);
	int n = 0, rc = DB_DONE;

	if (!st)
		return e->code;
	while (n < max && (rc = db_step(st, e)) == DB_ROW)
		ids[n++] = db_col_i64(st, 0);
	db_done(st);
	*ret_n = n;
	return rc < 0 ? rc : 0;
}

int job_claim(struct db *db, const char *worker, int64_t now, int64_t lease_s, struct job *ret, struct err *e)
{
	int64_t ids[8];
	int n = 0, rc;
	char at[CLOCK_ISO_SIZE];

	if ((rc = ids_at(db, sql[SQL_DUE], now, ids, 8, &n, e)) < 0)
		return rc;
	clock_iso(now, at);
	for (int i = 0; i < n; i++) {
		rc = db_run(db, sql[SQL_TAKE], DB_ARGS(DB_TEXT(worker), DB_I64(now + lease_s), DB_TEXT(at), DB_I64(ids[i])), e);
		if (rc < 0)
			return rc;
		if (rc == 1)
			return get_any(db, ids[i], ret, e) < 0 ? e->code : DB_ROW;
	}
	return DB_DONE;
}

static int not_yours(struct err *e, int64_t id)
{
	err_set(e, ERR_CONFLICT, "id", "job %lld is no longer held by this worker", (long long)id);
	return err_reason(e, "job_lost");
}

int job_heartbeat(struct db *db, int64_t id, const char *worker, int64_t now, int64_t lease_s, int64_t done, int64_t total,
		  int *ret_cancel, struct err *e)
{
	int64_t cancel = 0;
	int rc = db_i64(db, sql[SQL_BEAT], DB_ARGS(DB_I64(now + lease_s), DB_I64(done), DB_I64(total), DB_I64(id), DB_TEXT(worker)),
			&cancel, e);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE)
		return not_yours(e, id);
	*ret_cancel = cancel != 0;
	return 0;
}

/* Audits how a job ended (done, failed, cancelled, or back in the queue). */
static int audit_end(struct db *db, int64_t id, struct err *e)
{
	struct job j;
	int rc;
	if ((rc = get_any(db, id, &j, e)) < 0)
		return rc;
	rc = audit_job(db, &j, 0, j.state == JOB_QUEUED ? "retry" : job_state_name(j.state), e);
	job_done(&j);
	return rc;
}

int job_finish(struct db *db, int64_t id, const char *worker, const char *result, struct err *e)
{
	char now[CLOCK_ISO_SIZE];
	int rc;
	clock_now_iso(now);
	rc = db_run(db, sql[SQL_FINISH], DB_ARGS(DB_TEXT(result), DB_TEXT(now), DB_I64(id), DB_TEXT(worker)), e);
	if (rc < 0)
		return rc;
	return rc == 0 ? not_yours(e, id) : audit_end(db, id, e);
}

int job_fail(struct db *db, int64_t id, const char *worker, const char *error, int retry, int64_t now, struct err *e)
{
	char at[CLOCK_ISO_SIZE], msg[256];
	int rc = 0;
	text_copy(msg, sizeof msg, error ? error : "failed");
	clock_iso(now, at);
	if (retry) {
		struct job j;
		int64_t backoff = 5;
		if ((rc = get_any(db, id, &j, e)) < 0)
			return rc;
		for (int64_t a = 1; a < j.attempts && backoff < 3600; a++)
			backoff *= 2; /* 5 s, 10 s, 20 s, ... at most an hour */
		job_done(&j);
		rc = db_run(db, sql[SQL_REQUEUE],
			    DB_ARGS(DB_TEXT(msg), DB_I64(now + (backoff < 3600 ? backoff : 3600)), DB_TEXT(at), DB_I64(id), DB_TEXT(worker)), e);
		if (rc < 0)
			return rc;
	}
	if (rc == 0 && (rc = db_run(db, sql[SQL_FAIL], DB_ARGS(DB_TEXT(msg), DB_TEXT(at), DB_I64(id), DB_TEXT(worker)), e)) < 0)
		return rc;
	return rc == 0 ? not_yours(e, id) : audit_end(db, id, e);
}

int job_recover(struct db *db, int64_t now, int64_t *ret_n, struct err *e)
{
	int64_t ids[64];
	int n = 0, rc;
	char at[CLOCK_ISO_SIZE];

	*ret_n = 0;
	if ((rc = ids_at(db, sql[SQL_STALE], now, ids, 64, &n, e)) < 0)
		return rc;
	clock_iso(now, at);
	for (int i = 0; i < n; i++) {
		rc = db_run(db, sql[SQL_RECOVER], DB_ARGS(DB_TEXT(at), DB_I64(ids[i]), DB_I64(now)), e);
		if (rc < 0)
			return rc;
		if (rc == 1) {
			(*ret_n)++;
			if ((rc = audit_end(db, ids[i], e)) < 0)
				return rc;
		}
	}
	return 0;
}
