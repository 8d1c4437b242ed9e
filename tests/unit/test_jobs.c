/* test_jobs.c - the durable queue: enqueue, claim, progress, cancel, retry with backoff, the end of
 * attempts, recovery of jobs whose server stopped, one claimer per job under concurrent claimers,
 * and the worker pool running jobs to their end. On SQLite, and on PostgreSQL when DAFTAR_PG_URL
 * is set. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "admin/company.h"
#include "audit/audit.h"
#include "jobs/jobs.h"
#include "lib/store.h"
#include "unit.h"

struct fx {
	struct unit_db u;
	struct db *db;
	int64_t cid;
};

static const enum db_backend on_sqlite = DB_SQLITE;
static const enum db_backend on_pg = DB_POSTGRES;

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct err e = ERR_INIT;
	enum db_backend b = *(const enum db_backend *)*state;

	if (b == DB_POSTGRES && !unit_pg_url()) {
		free(f);
		*state = NULL;
		return 0;
	}
	if (!f || unit_db_make(&f->u, b) < 0 || db_open(f->u.url, &f->db, &e) < 0 || db_migrate(f->db, &e) < 0 ||
	    db_begin_write(f->db, &e) < 0 || company_create(f->db, "Jobs Test Co", NULL, "27", 0, &f->cid, &e) < 0 ||
	    db_commit(f->db, &e) < 0) {
		fprintf(stderr, "setup: %s\n", e.msg);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	if (!f)
		return 0;
	db_close(f->db);
	unit_db_remove(&f->u);
	free(f);
	return 0;
}

#define SKIP_IF_NO_DB(f)                                     \
	do {                                                 \
		if (!(f)) {                                  \
			print_message("skipped: no PostgreSQL\n"); \
			return;                              \
		}                                            \
	} while (0)

static int64_t enqueue(struct fx *f, const char *kind, const char *payload, int64_t run_after, int max_attempts, int fail_on_restart)
{
	struct job_new in = {kind, payload, run_after, max_attempts, fail_on_restart};
	struct err e = ERR_INIT;
	int64_t id = 0;
	assert_int_equal(db_begin_write(f->db, &e), 0);
	if (job_enqueue(f->db, f->cid, 7, &in, &id, &e) < 0)
		fail_msg("enqueue: %s", e.msg);
	assert_int_equal(db_commit(f->db, &e), 0);
	return id;
}

/* Runs one worker-side step in its own transaction, as the pool does. */
static int claim(struct fx *f, const char *worker, int64_t now, int64_t lease, struct job *j)
{
	struct err e = ERR_INIT;
	int rc;
	assert_int_equal(db_begin_write(f->db, &e), 0);
	rc = job_claim(f->db, worker, now, lease, j, &e);
	if (rc < 0)
		fail_msg("claim: %s", e.msg);
	assert_int_equal(db_commit(f->db, &e), 0);
	return rc;
}

static struct job get(struct fx *f, int64_t id)
{
	struct job j;
	struct err e = ERR_INIT;
	if (job_get(f->db, f->cid, id, &j, &e) < 0)
		fail_msg("get: %s", e.msg);
	return j;
}

static int64_t audit_records(struct fx *f)
{
	struct err e = ERR_INIT;
	int64_t n = 0;
	assert_int_equal(audit_count(f->db, f->cid, &n, &e), 0);
	return n;
}

static void test_enqueue_claim_finish(void **state)
{
	struct fx *f = *state;
	struct job j, k;
	struct err e = ERR_INIT;
	int64_t now = clock_now(), id, before;
	int cancel = -1;

	SKIP_IF_NO_DB(f);
	before = audit_records(f);
	id = enqueue(f, "count", "{\"n\":3,\"name\":\"राम \\\"x\\\"\"}", 0, 0, 0);
	assert_int_equal(audit_records(f), before + 1);
	j = get(f, id);
	assert_int_equal(j.state, JOB_QUEUED);
	assert_string_equal(j.kind, "count");
	assert_string_equal(j.payload, "{\"n\":3,\"name\":\"राम \\\"x\\\"\"}");
	assert_int_equal(j.max_attempts, 3);
	job_done(&j);

	assert_int_equal(claim(f, "w1", now, 30, &j), DB_ROW);
	assert_int_equal(j.id, id);
	assert_int_equal(j.state, JOB_RUNNING);
	assert_int_equal(j.attempts, 1);
	job_done(&j);
	assert_int_equal(claim(f, "w2", now, 30, &k), DB_DONE); /* nothing else is due */

	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(job_heartbeat(f->db, id, "w1", now, 30, 2, 3, &cancel, &e), 0);
	assert_int_equal(cancel, 0);
	/* Another worker's calls are refused: the job is w1's. */
	assert_int_equal(job_heartbeat(f->db, id, "w2", now, 30, 3, 3, &cancel, &e), ERR_CONFLICT);
	assert_string_equal(e.reason, "job_lost");
	err_clear(&e);
	assert_int_equal(job_finish(f->db, id, "w2", NULL, &e), ERR_CONFLICT);
	err_clear(&e);
	assert_int_equal(job_finish(f->db, id, "w1", "{\"counted\":3}", &e), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	j = get(f, id);
	assert_int_equal(j.state, JOB_DONE);
	assert_int_equal(j.done, 2);
	assert_int_equal(j.total, 3);
	assert_string_equal(j.result, "{\"counted\":3}");
	job_done(&j);
	assert_int_equal(audit_records(f), before + 2); /* create, done */
}

static void test_cancel(void **state)
{
	struct fx *f = *state;
	struct job j;
	struct err e = ERR_INIT;
	int64_t now = clock_now(), q, r;
	int cancel = 0;

	SKIP_IF_NO_DB(f);
	q = enqueue(f, "count", NULL, now + 3600, 0, 0); /* not due: stays queued */
	r = enqueue(f, "count", NULL, 0, 0, 0);
	assert_int_equal(claim(f, "w1", now, 30, &j), DB_ROW);
	assert_int_equal(j.id, r);
	job_done(&j);

	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(job_cancel(f->db, f->cid, 7, q, &e), 0);
	assert_int_equal(job_cancel(f->db, f->cid, 7, r, &e), 0);
	assert_int_equal(job_cancel(f->db, f->cid, 7, 99999, &e), ERR_NOT_FOUND);
	err_clear(&e);
	assert_int_equal(job_cancel(f->db, f->cid + 1, 7, q, &e), ERR_NOT_FOUND); /* another company's */
	err_clear(&e);
	assert_int_equal(job_heartbeat(f->db, r, "w1", now, 30, 1, 9, &cancel, &e), 0);
	assert_int_equal(cancel, 1); /* the runner learns it at its next progress report */
	if (job_fail(f->db, r, "w1", "stopped: cancelled", 1, now, &e) < 0)
		fail_msg("fail: %s", e.msg);
	assert_int_equal(db_commit(f->db, &e), 0);
	j = get(f, q);
	assert_int_equal(j.state, JOB_CANCELLED);
	job_done(&j);
	j = get(f, r);
	assert_int_equal(j.state, JOB_CANCELLED); /* not retried although retry was asked */
	job_done(&j);

	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(job_cancel(f->db, f->cid, 7, q, &e), ERR_CONFLICT);
	assert_string_equal(e.reason, "job_ended");
	db_rollback(f->db);
}

static void test_retry_backoff_and_attempts(void **state)
{
	struct fx *f = *state;
	struct job j;
	struct err e = ERR_INIT;
	int64_t now = clock_now(), id;

	SKIP_IF_NO_DB(f);
	id = enqueue(f, "flaky", NULL, 0, 2, 0);
	assert_int_equal(claim(f, "w1", now, 30, &j), DB_ROW);
	job_done(&j);
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(job_fail(f->db, id, "w1", "database busy", 1, now, &e), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	j = get(f, id);
	assert_int_equal(j.state, JOB_QUEUED);
	assert_true(j.run_after >= now + 5);
	assert_string_equal(j.error, "database busy");
	job_done(&j);
	assert_int_equal(claim(f, "w1", now + 1, 30, &j), DB_DONE); /* backing off */
	assert_int_equal(claim(f, "w1", now + 5, 30, &j), DB_ROW);
	assert_int_equal(j.attempts, 2);
	job_done(&j);
	/* The last attempt failed: no more tries even when retry is asked. */
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(job_fail(f->db, id, "w1", "database busy again", 1, now + 5, &e), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	j = get(f, id);
	assert_int_equal(j.state, JOB_FAILED);
	assert_string_equal(j.error, "database busy again");
	job_done(&j);
}

static void test_recover(void **state)
{
	struct fx *f = *state;
	struct job j;
	struct err e = ERR_INIT;
	int64_t now = clock_now(), again, fails, n = 0;

	SKIP_IF_NO_DB(f);
	again = enqueue(f, "ocr", NULL, 0, 0, 0);
	fails = enqueue(f, "import", NULL, 0, 0, 1);
	assert_int_equal(claim(f, "dead-server/0", now, 10, &j), DB_ROW);
	job_done(&j);
	assert_int_equal(claim(f, "dead-server/1", now, 10, &j), DB_ROW);
	job_done(&j);
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(job_recover(f->db, now + 5, &n, &e), 0); /* leases still good */
	assert_int_equal(n, 0);
	assert_int_equal(job_recover(f->db, now + 11, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(db_commit(f->db, &e), 0);
	j = get(f, again);
	assert_int_equal(j.state, JOB_QUEUED);
	assert_string_equal(j.error, "interrupted by a restart");
	job_done(&j);
	j = get(f, fails);
	assert_int_equal(j.state, JOB_FAILED);
	job_done(&j);
	/* The dead server's late word is refused. */
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(job_finish(f->db, again, "dead-server/0", NULL, &e), ERR_CONFLICT);
	db_rollback(f->db);
}

struct collect {
	int64_t *seen;
	int *n;
};

static int each(void *ctx, const struct job *j)
{
	struct collect *c = ctx;
	c->seen[(*c->n)++] = j->id;
	return 0;
}

static void test_list_pages(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	struct page pg = {0, 2};
	int64_t ids[5], next = 0, seen[8];
	int n = 0;

	SKIP_IF_NO_DB(f);
	for (int i = 0; i < 5; i++)
		ids[i] = enqueue(f, i % 2 ? "a" : "b", NULL, clock_now() + 3600, 0, 0);
	struct collect c = {seen, &n};
	do {
		assert_int_equal(job_list(f->db, f->cid, NULL, &pg, each, &c, &next, &e), 0);
		pg.after = next;
	} while (next && n < 8);
	assert_int_equal(n, 5);
	for (int i = 0; i < 5; i++)
		assert_int_equal(seen[i], ids[4 - i]); /* newest first */
	n = 0;
	pg.after = 0;
	pg.limit = 50;
	assert_int_equal(job_list(f->db, f->cid, "a", &pg, each, &c, &next, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(next, 0);
}

/* ---- concurrent claimers (PostgreSQL: several servers on one database) ---- */

struct claimer {
	const char *url;
	char name[32];
	int64_t got[64];
	int n;
};

static void *claimer_main(void *arg)
{
	struct claimer *c = arg;
	struct db *db = NULL;
	struct err e = ERR_INIT;
	if (db_open(c->url, &db, &e) < 0)
		return NULL;
	for (;;) {
		struct job j;
		int rc;
		err_clear(&e);
		if (db_begin_write(db, &e) < 0)
			break;
		rc = job_claim(db, c->name, clock_now(), 60, &j, &e);
		if (rc < 0) {
			db_rollback(db);
			if (e.code == ERR_BUSY)
				continue;
			break;
		}
		if (db_commit(db, &e) < 0) {
			if (rc == DB_ROW)
				job_done(&j);
			continue;
		}
		if (rc == DB_DONE)
			break;
		if (c->n < 64)
			c->got[c->n++] = j.id;
		job_done(&j);
	}
	db_close(db);
	return NULL;
}

static void test_concurrent_claims(void **state)
{
	struct fx *f = *state;
	struct claimer cl[4];
	pthread_t t[4];
	int total = 0;
	int64_t seen[64] = {0};

	SKIP_IF_NO_DB(f);
	for (int i = 0; i < 40; i++)
		enqueue(f, "count", NULL, 0, 0, 0);
	for (int i = 0; i < 4; i++) {
		memset(&cl[i], 0, sizeof cl[i]);
		cl[i].url = f->u.url;
		snprintf(cl[i].name, sizeof cl[i].name, "srv%d/0", i);
		assert_int_equal(pthread_create(&t[i], NULL, claimer_main, &cl[i]), 0);
	}
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < 4; i++) {
		for (int k = 0; k < cl[i].n; k++) {
			for (int m = 0; m < total; m++)
				assert_true(seen[m] != cl[i].got[k]); /* no job went to two claimers */
			seen[total++] = cl[i].got[k];
		}
	}
	assert_int_equal(total, 40);
}

/* ---- the pool ---- */

static int run_count(struct job_run *r, const struct job *j, struct err *e)
{
	(void)j;
	for (int64_t i = 1; i <= 5; i++)
		if (job_run_progress(r, i, 5))
			return err_set(e, ERR_CONFLICT, NULL, "cancelled");
	job_run_result(r, "{\"counted\":5}");
	return 0;
}

static int run_refuse(struct job_run *r, const struct job *j, struct err *e)
{
	(void)r;
	(void)j;
	return err_set(e, ERR_UNPROCESSABLE, "payload", "this file is not a spreadsheet");
}

static const struct job_kind kinds[] = {{"count", run_count}, {"refuse", run_refuse}, {NULL, NULL}};

static int all_ended(struct fx *f, const int64_t *ids, int n)
{
	for (int i = 0; i < n; i++) {
		struct job j = get(f, ids[i]);
		int ended = j.state == JOB_DONE || j.state == JOB_FAILED || j.state == JOB_CANCELLED;
		job_done(&j);
		if (!ended)
			return 0;
	}
	return 1;
}

static void test_pool(void **state)
{
	struct fx *f = *state;
	struct store *s = NULL;
	struct jobs_pool *p = NULL;
	struct err e = ERR_INIT;
	struct jobs_opts o = {3, 1, kinds, "test"};
	int64_t ids[12];
	struct job j;

	SKIP_IF_NO_DB(f);
	for (int i = 0; i < 10; i++)
		ids[i] = enqueue(f, "count", NULL, 0, 0, 0);
	ids[10] = enqueue(f, "refuse", NULL, 0, 0, 0);
	ids[11] = enqueue(f, "unknown-kind", NULL, 0, 0, 0);
	/* A job a stopped server held: its lease (1 s) runs out and the pool takes it up. */
	assert_int_equal(claim(f, "stopped/0", clock_now(), 1, &j), DB_ROW);
	job_done(&j);
	assert_int_equal(store_open(f->u.url, &s, &e), 0);
	assert_int_equal(jobs_start(s, &o, &p, &e), 0);
	for (int tries = 0; tries < 200 && !all_ended(f, ids, 12); tries++) {
		struct timespec ts = {0, 50000000};
		jobs_kick(p);
		nanosleep(&ts, NULL);
	}
	jobs_stop(p);
	store_close(s);
	for (int i = 0; i < 10; i++) {
		j = get(f, ids[i]);
		if (j.state != JOB_DONE)
			fail_msg("job %lld: %s (%s)", (long long)j.id, job_state_name(j.state), j.error);
		assert_int_equal(j.done, 5);
		assert_int_equal(j.total, 5);
		assert_string_equal(j.result, "{\"counted\":5}");
		job_done(&j);
	}
	j = get(f, ids[10]);
	assert_int_equal(j.state, JOB_FAILED); /* refused for its content: not tried again */
	assert_int_equal(j.attempts, 1);
	assert_string_equal(j.error, "this file is not a spreadsheet");
	job_done(&j);
	j = get(f, ids[11]);
	assert_int_equal(j.state, JOB_FAILED);
	job_done(&j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define BOTH(t) cmocka_unit_test_prestate_setup_teardown(t, setup, teardown, (void *)&on_sqlite), \
		cmocka_unit_test_prestate_setup_teardown(t, setup, teardown, (void *)&on_pg)
		BOTH(test_enqueue_claim_finish),
		BOTH(test_cancel),
		BOTH(test_retry_backoff_and_attempts),
		BOTH(test_recover),
		BOTH(test_list_pages),
		cmocka_unit_test_prestate_setup_teardown(test_concurrent_claims, setup, teardown, (void *)&on_pg),
		BOTH(test_pool),
	};
	unit_quiet_logs();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
