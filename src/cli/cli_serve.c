/* cli_serve.c - `daftar serve`: a private data directory, the database's lock, the store, listen,
 * run the job workers (the kinds the composition file lists), until SIGINT or SIGTERM. */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api.h"
#include "audit/audit.h"
#include "cli/cli.h"
#include "jobs/jobs.h"
#include "lib/files.h"
#include "lib/log.h"
#include "lib/secure.h"
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

/* The data directory made private (0700, its files 0600: it may come from a version that made
 * them 0755 and 0644), and, on SQLite, the database's lock taken shared for as long as the server
 * runs, so that `daftar restore` refuses while it does. Returns 0, or the exit code. */
static int serve_hold(const struct cli_opts *o, const char *url, int *lock)
{
	const char *dir = cli_get(o, "data");
	int rc;

	/* A file another user owns cannot be changed: said, and the server serves all the same. */
	if (dir && *dir && files_private_dir(dir) < 0)
		fprintf(stderr, "daftar: warning: cannot make all of %s private (0700, files 0600): %s\n", dir, strerror(errno));
	if (strncmp(url, "sqlite:", 7) != 0)
		return 0;
	rc = files_lock(url + 7, FILES_LOCK_SHARED, lock);
	if (rc == 1) {
		fprintf(stderr, "daftar: a restore is under way on %s; start the server when it is done\n", url + 7);
		return 5;
	}
	if (rc < 0) {
		fprintf(stderr, "daftar: cannot take the lock %s.lock: %s\n", url + 7, strerror(errno));
		return 1;
	}
	return 0;
}

/* The connection caps: --conn-max in all, --conn-per-ip from one address (behind --trust-proxy
 * every connection comes from the proxy, so it defaults to all of them), --header-timeout for a
 * request's headers. The open-file limit is raised to fit them, or the cap lowered to fit it. */
static int serve_conns(const struct cli_opts *o, struct server_opts *so)
{
	int64_t max = SERVER_CONN_MAX, per_ip = 0, header_s = SERVER_HEADER_TIMEOUT_S;
	struct rlimit rl;
	rlim_t reserve = 3 * ((rlim_t)so->threads + so->write_workers) + 64; /* database files, sockets, logs */

	if (opt_int(o, "conn-max", 1, 1000000, &max) < 0 || opt_int(o, "conn-per-ip", 1, 1000000, &per_ip) < 0 ||
	    opt_int(o, "header-timeout", 1, 600, &header_s) < 0)
		return -1;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < (rlim_t)max + reserve) {
		rlim_t want = (rlim_t)max + reserve;
		rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= want ? want : rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
		if (rl.rlim_cur < (rlim_t)max + reserve) {
			int64_t fits = rl.rlim_cur > reserve + 16 ? (int64_t)(rl.rlim_cur - reserve) : 16;
			fprintf(stderr, "daftar: open-file limit %llu: at most %lld connections (not %lld)\n",
				(unsigned long long)rl.rlim_cur, (long long)fits, (long long)max);
			max = fits;
		}
	}
	if (!per_ip)
		per_ip = so->trust_proxy ? max : SERVER_CONN_PER_IP;
	so->conn_max = (unsigned)max;
	so->conn_per_ip = (unsigned)(per_ip < max ? per_ip : max);
	so->header_timeout_s = (unsigned)header_s;
	return 0;
}

/* The PEM text of a --tls-cert or --tls-key file (heap; the caller frees), or NULL with a message.
 * A key that any user of the machine may read is refused. */
static char *read_pem(const char *opt, const char *path, int is_key)
{
	struct stat st;
	char *text;
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f || fstat(fileno(f), &st) < 0) {
		fprintf(stderr, "daftar: --%s %s: %s\n", opt, path, strerror(errno));
		if (f)
			fclose(f);
		return NULL;
	}
	if (!S_ISREG(st.st_mode) || st.st_size <= 0 || st.st_size > (1 << 20)) {
		fprintf(stderr, "daftar: --%s %s is not a PEM file of at most 1 MiB\n", opt, path);
		fclose(f);
		return NULL;
	}
	if (is_key && (st.st_mode & S_IROTH)) {
		fprintf(stderr, "daftar: --%s %s may be read by every user of this machine: chmod 600 it (or 640 with its group)\n", opt, path);
		fclose(f);
		return NULL;
	}
	text = malloc((size_t)st.st_size + 1);
	n = text ? fread(text, 1, (size_t)st.st_size, f) : 0;
	fclose(f);
	if (!text || n != (size_t)st.st_size || !strstr(text, "-----BEGIN ")) {
		fprintf(stderr, "daftar: --%s %s cannot be read as PEM\n", opt, path);
		free(text);
		return NULL;
	}
	text[n] = '\0';
	return text;
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

/* The --tls-cert and --tls-key PEM texts (both or neither): 0, or -1 said. */
static int serve_tls(const struct cli_opts *o, char **cert, char **key)
{
	if (!cli_get(o, "tls-cert") != !cli_get(o, "tls-key")) {
		fprintf(stderr, "daftar: --tls-cert and --tls-key go together\n");
		return -1;
	}
	if (!cli_get(o, "tls-cert"))
		return 0;
	if (!(*cert = read_pem("tls-cert", cli_get(o, "tls-cert"), 0)) || !(*key = read_pem("tls-key", cli_get(o, "tls-key"), 1)))
		return -1;
	return 0;
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
	char url[2048], why[256], *tls_cert = NULL, *tls_key = NULL;
	int64_t threads = 0, body_kb = 1024, ip_limit = auth_throttle_default.ip_free, workers = 64;
	int64_t anchor_minutes = 60, job_workers = 2;
	struct jobs_opts jo;
	struct jobs_pool *jobs = NULL;
	sigset_t set;
	int sig, rc, ret, lock = -1;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* Many threads, few of them busy at once: two malloc arenas keep the footprint small. */
	mallopt(M_ARENA_MAX, 2);
	if (cli_parse(argc, argv, 2, flags, &o) < 0)
		return 2;
	if (opt_int(&o, "threads", 1, 256, &threads) < 0 || opt_int(&o, "body-limit-kb", 1, 1 << 20, &body_kb) < 0 ||
	    opt_int(&o, "login-ip-limit", 1, 1000000, &ip_limit) < 0 || opt_int(&o, "write-workers", 1, 1024, &workers) < 0 ||
	    opt_int(&o, "anchor-minutes", 0, 10080, &anchor_minutes) < 0 || opt_int(&o, "job-workers", 1, 16, &job_workers) < 0)
		return 2;
	if (cli_db_url(&o, url, sizeof url) < 0)
		return 2;
	if ((rc = serve_hold(&o, url, &lock)) != 0)
		return rc;
	if (cli_flag(&o, "quiet"))
		log_set_quiet(1);

	/* Block the stop signals in every thread; the main thread waits for them below. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (store_open(url, &store, &e) < 0) {
		files_unlock(lock);
		return cli_fail(&e);
	}
	memset(&so, 0, sizeof so);
	so.listen = cli_get(&o, "listen") ? cli_get(&o, "listen") : "127.0.0.1:8080";
	/* Reads never wait for a commit (writes run on the write workers), so two threads a core keep
	 * the cores busy; each more costs a connection's memory. */
	so.threads = threads ? (unsigned)threads : (unsigned)(cores > 0 ? cores * 2 : 2);
	so.body_max = (size_t)body_kb * 1024;
	so.trust_proxy = cli_flag(&o, "trust-proxy");
	so.write_workers = (unsigned)workers;
	so.throttle = auth_throttle_default;
	so.throttle.ip_free = (int)ip_limit;
	so.routes = api_routes;
	ret = 2;
	if (serve_conns(&o, &so) < 0 || serve_tls(&o, &tls_cert, &tls_key) < 0)
		goto out;
	/* The PEM text stays until the server stops (the TLS library may read it while it runs). */
	so.tls_cert = tls_cert;
	so.tls_key = tls_key;
	anchors_start(store, cli_get(&o, "data"), anchor_minutes);
	memset(&jo, 0, sizeof jo);
	jo.workers = (unsigned)job_workers;
	jo.kinds = api_job_kinds;
	ret = 1;
	if (jobs_start(store, &jo, &jobs, &e) < 0) {
		fprintf(stderr, "daftar: %s\n", e.msg);
		goto out;
	}
	if (server_run(store, &so, &http, why, sizeof why) < 0) {
		fprintf(stderr, "daftar: %s\n", why);
		goto out;
	}
	{
		struct timespec t1;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		long long us = (long long)(t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_nsec - t0.tv_nsec) / 1000;
		fprintf(stderr, "daftar: serving %s://%s (%s, %u threads) ready in %lld.%lld ms\n", tls_cert ? "https" : "http", so.listen,
			store_backend_name(store), so.threads, us / 1000, (us % 1000) / 100);
	}
	do {
		rc = sigwait(&set, &sig);
	} while (rc != 0);
	fprintf(stderr, "daftar: stopping (signal %d)\n", sig);
	http_stop(http);
	ret = 0;
out:
	jobs_stop(jobs);
	store_close(store);
	files_unlock(lock);
	free(tls_cert);
	if (tls_key)
		secure_wipe(tls_key, strlen(tls_key));
	free(tls_key);
	return ret;
}

/* daftar routes: every endpoint the server answers, one per line: method, path pattern, who may
 * call it (public, user: any logged-in user, company: a member of {cid} holding the permission)
 * and the permission. The authorisation matrix test reads it. */
int cmd_routes(int argc, char **argv)
{
	static const char *const access_names[] = {"public", "user", "company"};
	(void)argv;
	if (argc > 2) {
		fprintf(stderr, "daftar routes takes no options\n");
		return 2;
	}
	for (const struct route_table *const *t = api_routes; *t; t++)
		for (size_t i = 0; i < (*t)->n; i++) {
			const struct route *r = &(*t)->routes[i];
			printf("%s\t%s\t%s\t%s\n", r->method, r->pattern, access_names[r->access],
			       r->access == ACCESS_COMPANY ? auth_perm_name(r->perm) : "-");
		}
	return 0;
}
