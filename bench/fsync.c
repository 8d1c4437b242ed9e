/* fsync.c - the disk's own rate of single durable commits, for comparison with Daftar's
 * durable POST rate: one SQLite connection in WAL mode with synchronous=FULL (as the server
 * runs), one single-row INSERT per transaction, one after another, for a fixed time.
 *
 *   cc -O2 -o fsync bench/fsync.c -lsqlite3
 *   ./fsync DIR [SECONDS]      prints: commits=N seconds=S commits_per_s=R avg_us=U p99_us=P sqlite=V
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void must(sqlite3 *db, int rc, const char *what)
{
	if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
		fprintf(stderr, "fsync: %s: %s\n", what, sqlite3_errmsg(db));
		exit(1);
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	char path[4096];
	sqlite3 *db;
	sqlite3_stmt *ins;
	double secs = argc > 2 ? atof(argv[2]) : 3.0, t0, t, *lat;
	size_t n = 0, cap = 1 << 20;

	if (argc < 2) {
		fprintf(stderr, "usage: fsync DIR [SECONDS]\n");
		return 2;
	}
	snprintf(path, sizeof path, "%s/fsync-bench.db", argv[1]);
	remove(path);
	must(NULL, sqlite3_open(path, &db), "open");
	must(db, sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
				  "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT NOT NULL)", NULL, NULL, NULL), "setup");
	must(db, sqlite3_prepare_v2(db, "INSERT INTO t(v) VALUES (?)", -1, &ins, NULL), "prepare");
	lat = malloc(cap * sizeof *lat);
	if (!lat)
		return 1;
	t0 = t = now_s();
	while (t - t0 < secs && n < cap) {
		double s = t;
		must(db, sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), "begin");
		sqlite3_bind_text(ins, 1, "a row of about the size of a small party record", -1, SQLITE_STATIC);
		must(db, sqlite3_step(ins), "insert");
		sqlite3_reset(ins);
		must(db, sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), "commit");
		t = now_s();
		lat[n++] = (t - s) * 1e6;
	}
	sqlite3_finalize(ins);
	sqlite3_close(db);
	{
		char wal[4200], shm[4200];
		snprintf(wal, sizeof wal, "%s-wal", path);
		snprintf(shm, sizeof shm, "%s-shm", path);
		remove(path);
		remove(wal);
		remove(shm);
	}
	qsort(lat, n, sizeof *lat, cmp_double);
	printf("commits=%zu seconds=%.3f commits_per_s=%.0f avg_us=%.0f p99_us=%.0f sqlite=%s\n", n, t - t0,
	       (double)n / (t - t0), (t - t0) * 1e6 / (double)n, lat[n * 99 / 100], sqlite3_libversion());
	free(lat);
	return 0;
}
