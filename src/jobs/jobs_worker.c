/* jobs_worker.c - the threads of `daftar serve` that run queued jobs: each claims the oldest job
 * due, runs its kind's runner, and records how it ended; a job whose runner fails with a passing
 * trouble (a busy or broken database) is tried again later, one refused for its content is not.
 * Every database step is its own short write through the store. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "jobs/jobs.h"
#include "lib/log.h"
#include "lib/text.h"
#include "lib/banned.h"

#define JOBS_MAX_WORKERS 16
#define BEAT_MIN_US 250000 /* progress reaches the database at most four times a second */

struct jobs_pool {
	struct store *store;
	struct jobs_opts o;
	pthread_mutex_t mu;
	pthread_cond_t kick;
	int stopping;
	unsigned nthreads;
	pthread_t threads[JOBS_MAX_WORKERS];
	struct worker_arg {
		struct jobs_pool *pool;
		unsigned index;
	} args[JOBS_MAX_WORKERS];
	char name[64];
};

struct job_run {
	struct jobs_pool *pool;
	struct job *job;
	char worker[96];
	int64_t last_beat_us;
	int stop;
	char *result;
};

struct store *job_run_store(struct job_run *r) { return r->pool->store; }

void job_run_result(struct job_run *r, const char *json)
{
	free(r->result);
	r->result = json ? strdup(json) : NULL;
}

/* ---- one database step each ---- */

struct step {
	struct job_run *r;
	int64_t now, done, total;
	int cancel;
	const char *error;
	int retry;
	struct job *out;
	int claimed;
	int64_t recovered;
};

static int claim_work(struct db *db, void *p, struct err *e)
{
	struct step *s = p;
	int rc = job_claim(db, s->r->worker, s->now, s->r->pool->o.lease_s, s->out, e);
	s->claimed = rc == DB_ROW;
	return rc < 0 ? rc : 0;
}

static int beat_work(struct db *db, void *p, struct err *e)
{
	struct step *s = p;
	return job_heartbeat(db, s->r->job->id, s->r->worker, s->now, s->r->pool->o.lease_s, s->done, s->total, &s->cancel, e);
}

static int finish_work(struct db *db, void *p, struct err *e)
{
	struct step *s = p;
	return job_finish(db, s->r->job->id, s->r->worker, s->r->result, e);
}

static int fail_work(struct db *db, void *p, struct err *e)
{
	struct step *s = p;
	return job_fail(db, s->r->job->id, s->r->worker, s->error, s->retry, s->now, e);
}

static int recover_work(struct db *db, void *p, struct err *e)
{
	struct step *s = p;
	return job_recover(db, s->now, &s->recovered, e);
}

static int64_t now_us(void) { return log_now_us(); }

int job_run_progress(struct job_run *r, int64_t done, int64_t total)
{
	int64_t t = now_us();
	struct step s;
	struct err e = ERR_INIT;

	if (r->stop)
		return 1;
	/* Enough to keep the lease (a third of it) and to show movement; not a write per row. */
	if (t - r->last_beat_us < BEAT_MIN_US && done < total)
		return 0;
	memset(&s, 0, sizeof s);
	s.r = r;
	s.now = clock_now();
	s.done = done;
	s.total = total;
	if (store_write(r->pool->store, beat_work, &s, &e) < 0) {
		if (e.code == ERR_CONFLICT)
			r->stop = 1; /* the lease ran out and another worker has it */
		else
			log_warn("job %lld: progress not recorded: %s", (long long)r->job->id, e.msg);
		return r->stop;
	}
	r->last_beat_us = t;
	r->stop = s.cancel;
	return r->stop;
}

static const struct job_kind *kind_of(const struct jobs_pool *p, const char *kind)
{
	for (const struct job_kind *k = p->o.kinds; k && k->kind; k++)
		if (strcmp(k->kind, kind) == 0)
			return k;
	return NULL;
}

/* Runs one claimed job to its end. */
static void run_one(struct jobs_pool *p, struct job_run *r)
{
	const struct job_kind *k = kind_of(p, r->job->kind);
	struct err e = ERR_INIT, we = ERR_INIT;
	struct step s;
	int rc;

	r->last_beat_us = now_us();
	if (!k)
		rc = err_set(&e, ERR_UNPROCESSABLE, "kind", "no runner for jobs of kind %s", r->job->kind);
	else
		rc = k->run(r, r->job, &e);
	memset(&s, 0, sizeof s);
	s.r = r;
	s.now = clock_now();
	if (rc >= 0) {
		rc = store_write(p->store, finish_work, &s, &we);
	} else {
		s.error = e.code == ERR_INTERNAL ? "internal error" : e.msg;
		s.retry = !r->stop && (e.code == ERR_BUSY || e.code == ERR_INTERNAL);
		if (e.code == ERR_INTERNAL)
			log_error("job %lld (%s): %s", (long long)r->job->id, r->job->kind, e.msg);
		rc = store_write(p->store, fail_work, &s, &we);
	}
	if (rc < 0)
		log_warn("job %lld (%s): its end was not recorded: %s", (long long)r->job->id, r->job->kind, we.msg);
}

static void *worker_main(void *arg)
{
	const struct worker_arg *a = arg;
	struct jobs_pool *p = a->pool;
	unsigned me = a->index;
	int64_t next_recover = 0;

	for (;;) {
		struct job j;
		struct job_run r;
		struct step s;
		struct err e = ERR_INIT;
		int rc;

		pthread_mutex_lock(&p->mu);
		if (p->stopping) {
			pthread_mutex_unlock(&p->mu);
			break;
		}
		pthread_mutex_unlock(&p->mu);
		memset(&r, 0, sizeof r);
		r.pool = p;
		snprintf(r.worker, sizeof r.worker, "%s/%u", p->name, me);
		memset(&s, 0, sizeof s);
		s.r = &r;
		s.now = clock_now();
		/* Worker 0 also frees jobs whose server stopped while running them. */
		if (me == 0 && s.now >= next_recover) {
			if (store_write(p->store, recover_work, &s, &e) < 0)
				log_warn("jobs: recovery failed: %s", e.msg);
			else if (s.recovered)
				log_info("jobs: %lld job(s) cut off by a stop taken up again", (long long)s.recovered);
			next_recover = s.now + p->o.lease_s;
			err_clear(&e);
		}
		s.out = &j;
		rc = store_write(p->store, claim_work, &s, &e);
		if (rc >= 0 && s.claimed) {
			r.job = &j;
			run_one(p, &r);
			job_done(&j);
			free(r.result);
			continue;
		}
		if (rc < 0) {
			if (s.claimed)
				job_done(&j); /* the claim did not commit */
			log_warn("jobs: claim failed: %s", e.msg);
		}
		/* Nothing due: sleep until kicked, or a second (jobs queued by another server, run_after). */
		pthread_mutex_lock(&p->mu);
		if (!p->stopping) {
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec += 1;
			pthread_cond_timedwait(&p->kick, &p->mu, &ts);
		}
		pthread_mutex_unlock(&p->mu);
	}
	return NULL;
}

int jobs_start(struct store *s, const struct jobs_opts *o, struct jobs_pool **ret, struct err *e)
{
	struct jobs_pool *p = calloc(1, sizeof *p);
	unsigned n;

	if (!p)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	p->store = s;
	p->o = *o;
	if (!p->o.lease_s)
		p->o.lease_s = 30;
	n = p->o.workers ? p->o.workers : 2;
	if (n > JOBS_MAX_WORKERS)
		n = JOBS_MAX_WORKERS;
	if (o->name)
		text_copy(p->name, sizeof p->name, o->name);
	else {
		char host[40] = "";
		if (gethostname(host, sizeof host - 1) != 0)
			text_copy(host, sizeof host, "host");
		snprintf(p->name, sizeof p->name, "%s:%ld", host, (long)getpid());
	}
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->kick, NULL);
	for (unsigned i = 0; i < n; i++) {
		p->args[i].pool = p;
		p->args[i].index = i;
		if (pthread_create(&p->threads[i], NULL, worker_main, &p->args[i]) != 0) {
			jobs_stop(p);
			return err_set(e, ERR_INTERNAL, NULL, "cannot start the job workers");
		}
		p->nthreads = i + 1;
	}
	*ret = p;
	return 0;
}

void jobs_kick(struct jobs_pool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	pthread_cond_broadcast(&p->kick);
	pthread_mutex_unlock(&p->mu);
}

void jobs_stop(struct jobs_pool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->stopping = 1;
	pthread_cond_broadcast(&p->kick);
	pthread_mutex_unlock(&p->mu);
	for (unsigned i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->kick);
	free(p);
}
