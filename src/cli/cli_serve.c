/* cli_serve.c - `daftar serve`: open the store, listen, run the job workers (the kinds the
 * composition file lists), until SIGINT or SIGTERM. */
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api/api.h"
#include "audit/audit.h"
#include "cli/cli.h"
#include "jobs/jobs.h"
#include "lib/log.h"
#include "server/server.h"
#include "lib/store.h"
#include "lib/text.h"
#include "trust/trust.h"
#include "lib/banned.h"

static int opt_int(const struct cli_opts *o, const char *name, int64_t min, int64_t max, int64_t *v)
{
	const char *s = cli_get(o, name);
	if (!s)
		return 0;
	if (text_parse_i64(s, min, max, v) < 0) {
		fprintf(stderr, "daftar: --%s must be a number from %lld to %lld\n", name, (long long)min, (long long)max);
		return -1;
	}
	return 0;
}

struct schedule_ctx {
	int64_t now;
};

static int schedule_work(struct db *db, void *p, struct err *e)
{
	const struct schedule_ctx *s = p;
	return trust_anchor_schedule(db, s->now, e);
}

/* Anchoring at intervals: DIR's key (made on first use), then the job queued. A server that
 * cannot anchor still serves, and says why. */
static void anchors_start(struct store *store, const char *dir, int64_t minutes)
{
	struct audit_key k;
	struct schedule_ctx s = {clock_now()};
	struct err e = ERR_INIT;
	int created = 0;

	if (!dir || !*dir || minutes <= 0) {
		trust_configure(dir, 0);
		if (minutes > 0)
			log_warn("audit anchors: off (no --data directory to keep them in)");
		return;
	}
	if (audit_key_open(dir, &k, &created, &e) < 0) {
		trust_configure(dir, 0);
		log_warn("audit anchors: off: %s", e.msg);
		return;
	}
	audit_key_done(&k);
	if (created)
		log_info("audit anchors: new key %s/%s", dir, AUDIT_KEY_FILE);
	trust_configure(dir, minutes);
	if (store_write(store, schedule_work, &s, &e) < 0)
		log_warn("audit anchors: not scheduled: %s", e.msg);
}

int cmd_serve(int argc, char **argv)
{
	static const char *const flags[] = {"trust-proxy", "quiet", NULL};
	struct cli_opts o;
	struct server_opts so;
	struct store *store = NULL;
	struct http_server *http = NULL;
	struct err e = ERR_INIT;
	struct timespec t0;
	char url[2048], why[256];
	int64_t threads = 0, body_kb = 1024, per_ip = 256, ip_limit = auth_throttle_default.per_ip_15m, workers = 64;
	int64_t anchor_minutes = 60, job_workers = 2;
	struct jobs_opts jo;
	struct jobs_pool *jobs = NULL;
	sigset_t set;
	int sig, rc;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* Many threads, few of them busy at once: two malloc arenas keep the footprint small. */
	mallopt(M_ARENA_MAX, 2);
	if (cli_parse(argc, argv, 2, flags, &o) < 0)
		return 2;
	if (opt_int(&o, "threads", 1, 256, &threads) < 0 || opt_int(&o, "body-limit-kb", 1, 1 << 20, &body_kb) < 0 ||
	    opt_int(&o, "conn-per-ip", 1, 100000, &per_ip) < 0 || opt_int(&o, "login-ip-limit", 1, 1000000, &ip_limit) < 0 ||
	    opt_int(&o, "write-workers", 1, 1024, &workers) < 0 || opt_int(&o, "anchor-minutes", 0, 10080, &anchor_minutes) < 0 ||
	    opt_int(&o, "job-workers", 1, 16, &job_workers) < 0)
		return 2;
	if (cli_db_url(&o, url, sizeof url) < 0)
		return 2;
	if (cli_flag(&o, "quiet"))
		log_set_quiet(1);

	/* Block the stop signals in every thread; the main thread waits for them below. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (store_open(url, &store, &e) < 0)
		return cli_fail(&e);
	memset(&so, 0, sizeof so);
	so.listen = cli_get(&o, "listen") ? cli_get(&o, "listen") : "127.0.0.1:8080";
	/* Reads never wait for a commit (writes run on the write workers), so two threads a core keep
	 * the cores busy; each more costs a connection's memory. */
	so.threads = threads ? (unsigned)threads : (unsigned)(cores > 0 ? cores * 2 : 2);
	so.body_max = (size_t)body_kb * 1024;
	so.conn_per_ip = (unsigned)per_ip;
	so.trust_proxy = cli_flag(&o, "trust-proxy");
	so.write_workers = (unsigned)workers;
	so.throttle = auth_throttle_default;
	so.throttle.per_ip_15m = (int)ip_limit;
	so.routes = api_routes;
	anchors_start(store, cli_get(&o, "data"), anchor_minutes);
	memset(&jo, 0, sizeof jo);
	jo.workers = (unsigned)job_workers;
	jo.kinds = api_job_kinds;
	if (jobs_start(store, &jo, &jobs, &e) < 0) {
		fprintf(stderr, "daftar: %s\n", e.msg);
		store_close(store);
		return 1;
	}
	if (server_run(store, &so, &http, why, sizeof why) < 0) {
		fprintf(stderr, "daftar: %s\n", why);
		jobs_stop(jobs);
		store_close(store);
		return 1;
	}
	{
		struct timespec t1;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		long long us = (long long)(t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_nsec - t0.tv_nsec) / 1000;
		fprintf(stderr, "daftar: serving http://%s (%s, %u threads) ready in %lld.%lld ms\n", so.listen,
			store_backend_name(store), so.threads, us / 1000, (us % 1000) / 100);
	}
	do {
		rc = sigwait(&set, &sig);
	} while (rc != 0);
	fprintf(stderr, "daftar: stopping (signal %d)\n", sig);
	http_stop(http);
	jobs_stop(jobs);
	store_close(store);
	return 0;
}
