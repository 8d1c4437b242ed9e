/* store.c - per-thread connections and group commit (see store.h). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "lib/store.h"
#include "lib/banned.h"

#define BATCH_MAX 128

struct job {
	db_work_fn fn;
	void *ctx;
	struct err err;
	int rc;
	int done;
	struct job *next;
};

struct store {
	char *url;
	enum db_backend backend;
	pthread_key_t key;
	/* SQLite writer */
	pthread_t writer;
	int writer_running;
	int stopping;
	pthread_mutex_t mu;
	pthread_cond_t work;     /* signalled when a job is queued */
	pthread_cond_t finished; /* broadcast when a batch is committed */
	struct job *head, *tail;
	struct db *wdb;
	store_queue_hook_fn hook;  /* tests only (store_set_queue_hook) */
	void *hook_ctx;
};

static void close_conn(void *p) { db_close(p); }

struct db *store_db(struct store *s, struct err *e)
{
	struct db *db = pthread_getspecific(s->key);
	if (db && db_alive(db))
		return db;
	if (db) {
		/* The connection broke (the database server restarted): this thread opens a new one;
		 * the request that met the break has already failed with its error. */
		log_warn("database connection lost; connecting again");
		pthread_setspecific(s->key, NULL);
		db_close(db);
		db = NULL;
	}
	if (db_open(s->url, &db, e) < 0)
		return NULL;
	if (pthread_setspecific(s->key, db) != 0) {
		db_close(db);
		err_set(e, ERR_INTERNAL, NULL, "out of memory");
		return NULL;
	}
	return db;
}

/* Runs one batch: every job in its own savepoint inside one transaction, one commit. */
static void run_batch(struct store *s, struct job *batch)
{
	struct err e = ERR_INIT;
	struct job *j;
	int rc = db_begin_write(s->wdb, &e);

	if (rc == 0) {
		for (j = batch; j; j = j->next) {
			struct err se = ERR_INIT;
			if (db_savepoint(s->wdb, &se) < 0) {
				j->rc = se.code;
				j->err = se;
				continue;
			}
			j->rc = j->fn(s->wdb, j->ctx, &j->err);
			if (j->rc < 0)
				db_savepoint_rollback(s->wdb);
			else
				db_savepoint_release(s->wdb);
		}
		rc = db_commit(s->wdb, &e);
		if (rc < 0)
			db_rollback(s->wdb);
	}
	if (rc < 0) {
		for (j = batch; j; j = j->next) {
			if (j->rc >= 0) {
				j->rc = rc;
				err_clear(&j->err);
				j->err = e;
			}
		}
	}
}

static void *writer_main(void *arg)
{
	struct store *s = arg;
	pthread_mutex_lock(&s->mu);
	for (;;) {
		struct job *batch, *j, *last = NULL;
		int n = 0;
		while (!s->head && !s->stopping)
			pthread_cond_wait(&s->work, &s->mu);
		if (!s->head && s->stopping)
			break;
		batch = s->head;
		for (j = s->head; j && n < BATCH_MAX; j = j->next, n++)
			last = j;
		s->head = last->next;
		if (!s->head)
			s->tail = NULL;
		last->next = NULL;
		pthread_mutex_unlock(&s->mu);

		run_batch(s, batch);

		pthread_mutex_lock(&s->mu);
		for (j = batch; j; j = j->next)
			j->done = 1;
		pthread_cond_broadcast(&s->finished);
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

int store_open(const char *url, struct store **ret, struct err *e)
{
	struct store *s = calloc(1, sizeof *s);
	struct db *db;
	int rc;

	if (!s || !(s->url = strdup(url))) {
		free(s);
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	}
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->work, NULL);
	pthread_cond_init(&s->finished, NULL);
	if (pthread_key_create(&s->key, close_conn) != 0) {
		free(s->url);
		free(s);
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	}
	db = store_db(s, e);
	if (!db) {
		store_close(s);
		return e->code;
	}
	s->backend = db_backend(db);
	rc = db_migrate(db, e);
	if (rc < 0) {
		store_close(s);
		return rc;
	}
	if (s->backend == DB_SQLITE) {
		rc = db_open(url, &s->wdb, e);
		if (rc < 0) {
			store_close(s);
			return rc;
		}
		if (pthread_create(&s->writer, NULL, writer_main, s) != 0) {
			store_close(s);
			return err_set(e, ERR_INTERNAL, NULL, "cannot start the writer thread");
		}
		s->writer_running = 1;
	}
	*ret = s;
	return 0;
}

void store_close(struct store *s)
{
	struct db *db;
	if (!s)
		return;
	if (s->writer_running) {
		pthread_mutex_lock(&s->mu);
		s->stopping = 1;
		pthread_cond_signal(&s->work);
		pthread_mutex_unlock(&s->mu);
		pthread_join(s->writer, NULL);
	}
	db_close(s->wdb);
	db = pthread_getspecific(s->key);
	if (db) {
		pthread_setspecific(s->key, NULL);
		db_close(db);
	}
	pthread_key_delete(s->key);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->work);
	pthread_cond_destroy(&s->finished);
	free(s->url);
	free(s);
}

void store_set_queue_hook(struct store *s, store_queue_hook_fn fn, void *ctx)
{
	pthread_mutex_lock(&s->mu);
	s->hook = fn;
	s->hook_ctx = ctx;
	pthread_mutex_unlock(&s->mu);
}

const char *store_backend_name(const struct store *s) { return s->backend == DB_SQLITE ? "SQLite" : "PostgreSQL"; }

int store_write(struct store *s, db_work_fn fn, void *ctx, struct err *e)
{
	struct job j;

	if (s->backend != DB_SQLITE) {
		struct db *db = store_db(s, e);
		if (!db)
			return e->code;
		return db_tx(db, fn, ctx, e);
	}
	memset(&j, 0, sizeof j);
	j.fn = fn;
	j.ctx = ctx;
	/* j lives on this stack while it is queued: the writer unlinks it before setting j.done,
	 * and this function returns only after that. */
	pthread_mutex_lock(&s->mu);
	if (s->tail)
		s->tail->next = &j;
	else
		s->head = &j; // cppcheck-suppress autoVariables
	s->tail = &j; // cppcheck-suppress autoVariables
	if (s->hook) {
		int waiting = 0;
		for (struct job *q = s->head; q; q = q->next)
			waiting++;
		s->hook(s->hook_ctx, waiting);
	}
	pthread_cond_signal(&s->work);
	while (!j.done)
		pthread_cond_wait(&s->finished, &s->mu);
	pthread_mutex_unlock(&s->mu);
	if (j.rc < 0)
		*e = j.err;
	return j.rc;
}
