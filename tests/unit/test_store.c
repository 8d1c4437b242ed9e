/* test_store.c - the store: concurrent store_write calls from many threads all land exactly once,
 * a failing unit of work inside a group-committed batch is rolled back alone, per-thread
 * connections. On SQLite (group commit), and on PostgreSQL when DAFTAR_PG_URL is set. Threads are
 * ordered by a gate and the store's queue hook, never by sleeping. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lib/store.h"
#include "unit.h"

#define THREADS 8

struct fx {
	struct unit_db u;
	struct store *s;
	int per_thread;    /* writes per thread: fewer on PostgreSQL, where each is its own commit */
};

static const char sql_insert[] = "INSERT INTO w(thread, n, tag) VALUES (?, ?, ?)";

static int make_table(struct db *db, void *ctx, struct err *e)
{
	(void)ctx;
	return db_exec(db, "CREATE TABLE w (thread BIGINT NOT NULL, n BIGINT NOT NULL, tag TEXT NOT NULL UNIQUE, "
			   "PRIMARY KEY (thread, n))", e);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct err e = ERR_INIT;
	enum db_backend b = unit_backend(state);

	if (!f || unit_db_make(&f->u, b) < 0 || store_open(f->u.url, &f->s, &e) < 0) {
		fprintf(stderr, "setup: %s\n", e.msg);
		return -1;
	}
	f->per_thread = b == DB_SQLITE ? 200 : 25;
	/* The table is made by a unit of work like any other. */
	if (store_write(f->s, make_table, NULL, &e) < 0) {
		fprintf(stderr, "make_table: %s\n", e.msg);
		return -1;
	}
	*state = f;
	return 0;
}

static void gate_open(void);

static int teardown(void **state)
{
	struct fx *f = *state;
	gate_open(); /* a test that failed half-way may have left a writer at the gate */
	store_close(f->s);
	unit_db_remove(&f->u);
	free(f);
	return 0;
}

struct row {
	int64_t thread, n;
	char tag[32];
	int fail_after_insert;   /* 1: insert, then fail with ERR_UNPROCESSABLE */
	int conflict;            /* 1: insert, then break the UNIQUE tag constraint */
	int hold;                /* 1: first wait at the gate (holding the writer, so others queue up) */
};

/* Orders the writers of a test without sleeping: a unit of work that holds waits here until the
 * test opens the gate, and the store's queue hook says how many writes wait behind it. */
static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int held;      /* a holding unit of work has begun */
	int open;      /* it may go on */
	int queued;    /* writes that joined the queue (calls of the store's hook) */
	int waiting;   /* how many waited in it after the last joined */
} gate = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0, 0};

static void gate_reset(void)
{
	pthread_mutex_lock(&gate.mu);
	gate.held = gate.open = gate.queued = gate.waiting = 0;
	pthread_mutex_unlock(&gate.mu);
}

/* The store's queue hook (called under the store's lock; takes only the gate's). */
static void gate_queued(void *ctx, int waiting)
{
	(void)ctx;
	pthread_mutex_lock(&gate.mu);
	gate.queued++;
	gate.waiting = waiting;
	pthread_cond_broadcast(&gate.cv);
	pthread_mutex_unlock(&gate.mu);
}

static void gate_hold(void)
{
	pthread_mutex_lock(&gate.mu);
	gate.held = 1;
	pthread_cond_broadcast(&gate.cv);
	while (!gate.open)
		pthread_cond_wait(&gate.cv, &gate.mu);
	pthread_mutex_unlock(&gate.mu);
}

static void gate_open(void)
{
	pthread_mutex_lock(&gate.mu);
	gate.open = 1;
	pthread_cond_broadcast(&gate.cv);
	pthread_mutex_unlock(&gate.mu);
}

/* Waits until a unit of work holds (held), or until `queued` writes have joined the queue; the
 * number then waiting in it. */
static int gate_wait(int held, int queued)
{
	int waiting;
	pthread_mutex_lock(&gate.mu);
	while (held ? !gate.held : gate.queued < queued)
		pthread_cond_wait(&gate.cv, &gate.mu);
	waiting = gate.waiting;
	pthread_mutex_unlock(&gate.mu);
	return waiting;
}

static int insert_row(struct db *db, void *ctx, struct err *e)
{
	struct row *r = ctx;
	struct db_stmt *st;
	int rc;

	if (r->hold)
		gate_hold();
	st = db_prepare(db, sql_insert, e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, r->thread);
	db_bind_i64(st, 2, r->n);
	db_bind_text(st, 3, r->tag);
	rc = db_step(st, e);
	db_done(st);
	if (rc < 0)
		return rc;
	if (r->conflict) {
		st = db_prepare(db, sql_insert, e);
		if (!st)
			return e->code;
		db_bind_i64(st, 1, r->thread);
		db_bind_i64(st, 2, r->n + 1);
		db_bind_text(st, 3, r->tag);   /* same tag: UNIQUE violation */
		rc = db_step(st, e);
		db_done(st);
		return rc < 0 ? rc : 0;
	}
	if (r->fail_after_insert)
		return err_set(e, ERR_UNPROCESSABLE, "n", "row %lld refused after its insert", (long long)r->n);
	return 0;
}

static int64_t scalar(struct fx *f, const char *sql)
{
	struct err e = ERR_INIT;
	struct db *db = store_db(f->s, &e);
	int64_t v = -1;
	assert_non_null(db);
	if (db_i64(db, sql, DB_NOARGS, &v, &e) != DB_ROW)
		fail_msg("%s: %s", sql, e.msg);
	return v;
}

static int has_row(struct fx *f, int64_t thread, int64_t n)
{
	static const char sql[] = "SELECT count(*) FROM w WHERE thread = ? AND n = ?";
	struct err e = ERR_INIT;
	struct db *db = store_db(f->s, &e);
	struct db_stmt *st = db_prepare(db, sql, &e);
	int64_t c;
	assert_non_null(st);
	db_bind_i64(st, 1, thread);
	db_bind_i64(st, 2, n);
	assert_int_equal(db_step(st, &e), DB_ROW);
	c = db_col_i64(st, 0);
	db_done(st);
	return (int)c;
}

struct worker {
	struct fx *f;
	int64_t thread;
	int failures;
	char first_error[256];
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	for (int i = 0; i < w->f->per_thread; i++) {
		struct row r = {w->thread, i, "", 0, 0, 0};
		struct err e = ERR_INIT;
		snprintf(r.tag, sizeof r.tag, "t%lld-%d", (long long)w->thread, i);
		if (store_write(w->f->s, insert_row, &r, &e) != 0) {
			if (!w->failures++)
				snprintf(w->first_error, sizeof w->first_error, "%s", e.msg);
		}
	}
	return NULL;
}

static void test_concurrent_writes(void **state)
{
	struct fx *f = *state;
	pthread_t th[THREADS];
	struct worker w[THREADS];
	struct err e = ERR_INIT;
	int64_t total = (int64_t)THREADS * f->per_thread;

	for (int t = 0; t < THREADS; t++) {
		w[t] = (struct worker){f, t, 0, ""};
		assert_int_equal(pthread_create(&th[t], NULL, worker_main, &w[t]), 0);
	}
	for (int t = 0; t < THREADS; t++)
		assert_int_equal(pthread_join(th[t], NULL), 0);
	for (int t = 0; t < THREADS; t++)
		if (w[t].failures)
			fail_msg("thread %d: %d writes failed, first: %s", t, w[t].failures, w[t].first_error);
	/* Every row exactly once. */
	assert_int_equal(scalar(f, "SELECT count(*) FROM w"), total);
	assert_int_equal(scalar(f, "SELECT count(DISTINCT tag) FROM w"), total);
	assert_int_equal(scalar(f, "SELECT count(*) FROM (SELECT thread FROM w GROUP BY thread "
				   "HAVING count(*) = max(n) + 1 AND min(n) = 0) x"), THREADS);
	/* And durable: a fresh connection sees them all. */
	{
		struct db *db = NULL;
		int64_t n = 0;
		assert_int_equal(db_open(f->u.url, &db, &e), 0);
		assert_int_equal(db_i64(db, "SELECT count(*) FROM w", DB_NOARGS, &n, &e), DB_ROW);
		assert_int_equal(n, total);
		db_close(db);
	}
}

struct job_thread {
	struct fx *f;
	struct row row;
	int rc;
	struct err e;
};

static void *job_main(void *arg)
{
	struct job_thread *j = arg;
	j->rc = store_write(j->f->s, insert_row, &j->row, &j->e);
	return NULL;
}

/* Starts a writer thread, and returns once it is where the batch needs it: a holding job inside
 * the writer, any other queued behind it, `behind` writes waiting then (SQLite). PostgreSQL has
 * no queue (each thread commits its own transaction): there only the holding job is waited for. */
static void start_job(struct job_thread *j, pthread_t *th, struct fx *f, int64_t n, int fail, int conflict, int hold, int behind)
{
	memset(j, 0, sizeof *j);
	j->f = f;
	j->row = (struct row){99, n, "", fail, conflict, hold};
	snprintf(j->row.tag, sizeof j->row.tag, "batch-%lld", (long long)n);
	assert_int_equal(pthread_create(th, NULL, job_main, j), 0);
	if (hold)
		(void)gate_wait(1, 0);
	else if (f->u.backend == DB_SQLITE)
		assert_int_equal(gate_wait(0, behind + 1), behind);   /* the holder joined first */
}

static void test_failure_in_batch(void **state)
{
	/* A holds the writer; meanwhile B (ok), C (fails after inserting), D (ok), E (breaks a
	 * constraint after inserting) and F (ok) queue up in that order and, once A goes on, are
	 * committed as one batch. Only C's and E's work is undone, and each gets its own error. */
	struct fx *f = *state;
	struct job_thread j[6];
	pthread_t th[6];

	unit_quiet_logs();
	gate_reset();
	store_set_queue_hook(f->s, gate_queued, NULL);
	start_job(&j[0], &th[0], f, 0, 0, 0, 1, 0);
	start_job(&j[1], &th[1], f, 10, 0, 0, 0, 1);
	start_job(&j[2], &th[2], f, 20, 1, 0, 0, 2);
	start_job(&j[3], &th[3], f, 30, 0, 0, 0, 3);
	start_job(&j[4], &th[4], f, 40, 0, 1, 0, 4);
	start_job(&j[5], &th[5], f, 50, 0, 0, 0, 5);
	gate_open();
	for (int i = 0; i < 6; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	store_set_queue_hook(f->s, NULL, NULL);

	assert_int_equal(j[0].rc, 0);
	assert_int_equal(j[1].rc, 0);
	assert_int_equal(j[2].rc, ERR_UNPROCESSABLE);
	assert_int_equal(j[2].e.code, ERR_UNPROCESSABLE);
	assert_string_equal(j[2].e.field, "n");
	assert_string_equal(j[2].e.msg, "row 20 refused after its insert");
	assert_int_equal(j[3].rc, 0);
	assert_int_equal(j[3].e.code, 0);
	assert_int_equal(j[4].rc, ERR_CONFLICT);
	assert_int_equal(j[4].e.code, ERR_CONFLICT);
	assert_int_equal(j[5].rc, 0);

	assert_int_equal(has_row(f, 99, 0), 1);
	assert_int_equal(has_row(f, 99, 10), 1);
	assert_int_equal(has_row(f, 99, 20), 0);
	assert_int_equal(has_row(f, 99, 30), 1);
	assert_int_equal(has_row(f, 99, 40), 0);   /* its first insert went too */
	assert_int_equal(has_row(f, 99, 41), 0);
	assert_int_equal(has_row(f, 99, 50), 1);
	assert_int_equal(scalar(f, "SELECT count(*) FROM w"), 4);
}

static void test_failure_alone(void **state)
{
	struct fx *f = *state;
	struct row ok = {1, 1, "ok", 0, 0, 0}, bad = {1, 2, "bad", 1, 0, 0};
	struct err e = ERR_INIT;

	assert_int_equal(store_write(f->s, insert_row, &bad, &e), ERR_UNPROCESSABLE);
	assert_string_equal(e.field, "n");
	err_clear(&e);
	assert_int_equal(store_write(f->s, insert_row, &ok, &e), 0);
	assert_int_equal(e.code, 0);
	assert_int_equal(has_row(f, 1, 1), 1);
	assert_int_equal(has_row(f, 1, 2), 0);
}

static void *other_thread_db(void *arg)
{
	struct fx *f = arg;
	struct err e = ERR_INIT;
	return store_db(f->s, &e);
}

static void test_connections(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	struct db *mine = store_db(f->s, &e), *theirs = NULL;
	pthread_t th;
	void *ret = NULL;

	assert_non_null(mine);
	assert_ptr_equal(store_db(f->s, &e), mine);   /* one per thread, reused */
	assert_string_equal(store_backend_name(f->s), f->u.backend == DB_SQLITE ? "SQLite" : "PostgreSQL");
	assert_int_equal(db_backend(mine), f->u.backend);
	assert_int_equal(pthread_create(&th, NULL, other_thread_db, f), 0);
	assert_int_equal(pthread_join(th, &ret), 0);
	theirs = ret;
	assert_non_null(theirs);
	assert_ptr_not_equal(theirs, mine);   /* (closed when that thread ended) */
	/* Migrations ran at open. */
	assert_true(scalar(f, "SELECT count(*) FROM schema_migrations") >= 3);
	store_close(NULL);
}

static void test_open_refusal(void **state)
{
	struct store *s = (struct store *)0x1;
	struct err e = ERR_INIT;
	(void)state;
	unit_quiet_logs();
	assert_true(store_open("sqlite:/nonexistent-dir-daftar/x.db", &s, &e) < 0);
	assert_ptr_equal(s, (struct store *)0x1);
	err_clear(&e);
	assert_int_equal(store_open("nonsense", &s, &e), ERR_INVALID);
}

#define STORE_TESTS(pre)                                                                       \
	cmocka_unit_test_prestate_setup_teardown(test_concurrent_writes, setup, teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_failure_in_batch, setup, teardown, pre),  \
	cmocka_unit_test_prestate_setup_teardown(test_failure_alone, setup, teardown, pre),     \
	cmocka_unit_test_prestate_setup_teardown(test_connections, setup, teardown, pre)

int main(void)
{
	const struct CMUnitTest sqlite_tests[] = {
		cmocka_unit_test(test_open_refusal),
		STORE_TESTS(UNIT_ON_SQLITE),
	};
	const struct CMUnitTest pg_tests[] = {STORE_TESTS(UNIT_ON_PG)};

	unit_quiet_logs();
	return UNIT_RUN_BOTH("store", sqlite_tests, pg_tests);
}
