/* unit.h - shared by the unit tests that need a database: a throwaway SQLite file in its own
 * temporary directory, or a schema of its own in a fresh PostgreSQL database (one per test
 * process) on the server DAFTAR_PG_URL names; and the fixtures the tests share (an open database,
 * a company, a user), statements that must succeed, and running a suite on both backends.
 * Header-only (static functions) because the Makefile builds each test from one .c file. */
#ifndef DAFTAR_UNIT_H
#define DAFTAR_UNIT_H

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "admin/company.h"
#include "auth/auth.h"
#include "lib/db.h"
#include "lib/log.h"

struct unit_db {
	enum db_backend backend;
	char dir[256];      /* SQLite: the temporary directory holding the database */
	char url[1024];     /* what db_open/store_open take */
	char pg_name[64];   /* PostgreSQL: the schema made for this test */
};

/* The PostgreSQL server to test against, or NULL when DAFTAR_PG_URL is unset or empty. */
static inline const char *unit_pg_url(void)
{
	const char *u = getenv("DAFTAR_PG_URL");
	return u && *u ? u : NULL;
}

/* Expected failures log through log_error; keep test output readable unless asked. */
static inline void unit_quiet_logs(void)
{
	log_set_quiet(getenv("DAFTAR_TEST_VERBOSE") == NULL);
}

/* base with its database name (the path after host[:port]) replaced by name. */
static inline int unit_pg_url_with_db(const char *base, const char *name, char *out, size_t cap)
{
	const char *hostpart = strstr(base, "://"), *slash, *query;
	int n;
	if (!hostpart)
		return -1;
	hostpart += 3;
	slash = strchr(hostpart, '/');
	query = strchr(hostpart, '?');
	if (slash && query && query < slash)
		slash = NULL;
	if (!slash)
		slash = query ? query : base + strlen(base);
	n = snprintf(out, cap, "%.*s/%s%s", (int)(slash - base), base, name, query ? query : "");
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

/* Runs one statement on the server database base_url names (CREATE/DROP DATABASE, SCHEMA). */
static inline int unit_pg_admin(const char *base_url, const char *sql)
{
	struct db *admin = NULL;
	struct err e = ERR_INIT;
	int rc;
	if (db_open(base_url, &admin, &e) < 0) {
		fprintf(stderr, "cannot reach %s: %s\n", base_url, e.msg);
		return -1;
	}
	rc = db_exec(admin, sql, &e);
	if (rc < 0)
		fprintf(stderr, "%s: %s\n", sql, e.msg);
	db_close(admin);
	return rc < 0 ? -1 : 0;
}

/* One fresh PostgreSQL database per test process, dropped at exit; each test then works in a
 * schema of its own (a new database per test costs seconds with fsync on). */
static char unit_pg_dbname[64];
static char unit_pg_dburl[1024];

static inline void unit_pg_drop_db(void)
{
	char sql[160];
	if (!unit_pg_dbname[0])
		return;
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", unit_pg_dbname);
	(void)unit_pg_admin(unit_pg_url(), sql);
	unit_pg_dbname[0] = '\0';
}

static inline int unit_pg_database(void)
{
	char sql[160];
	if (unit_pg_dbname[0])
		return 0;
	snprintf(unit_pg_dbname, sizeof unit_pg_dbname, "daftar_unit_%ld", (long)getpid());
	if (unit_pg_url_with_db(unit_pg_url(), unit_pg_dbname, unit_pg_dburl, sizeof unit_pg_dburl) < 0)
		return -1;
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", unit_pg_dbname);
	if (unit_pg_admin(unit_pg_url(), sql) < 0)
		return -1;
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", unit_pg_dbname);
	if (unit_pg_admin(unit_pg_url(), sql) < 0) {
		unit_pg_dbname[0] = '\0';
		return -1;
	}
	atexit(unit_pg_drop_db);
	return 0;
}

/* Makes an empty database of the given backend and fills u. 0, or -1 (reason on stderr). */
static inline int unit_db_make(struct unit_db *u, enum db_backend backend)
{
	static unsigned counter;
	char sql[160];
	int n;

	memset(u, 0, sizeof *u);
	u->backend = backend;
	if (backend == DB_SQLITE) {
		snprintf(u->dir, sizeof u->dir, "/tmp/daftar-unit-XXXXXX");
		if (!mkdtemp(u->dir)) {
			perror("mkdtemp");
			return -1;
		}
		snprintf(u->url, sizeof u->url, "sqlite:%s/test.db", u->dir);
		return 0;
	}
	if (!unit_pg_url() || unit_pg_database() < 0)
		return -1;
	snprintf(u->pg_name, sizeof u->pg_name, "t%u", ++counter);
	snprintf(sql, sizeof sql, "CREATE SCHEMA %s", u->pg_name);
	if (unit_pg_admin(unit_pg_dburl, sql) < 0)
		return -1;
	/* Every connection opened with this URL works in the test's schema only. */
	n = snprintf(u->url, sizeof u->url, "%s%coptions=-csearch_path%%3D%s", unit_pg_dburl,
		     strchr(unit_pg_dburl, '?') ? '&' : '?', u->pg_name);
	return n > 0 && (size_t)n < sizeof u->url ? 0 : -1;
}

/* A path inside the SQLite test directory (for backups and the like). */
static inline void unit_db_path(const struct unit_db *u, const char *name, char *out, size_t cap)
{
	snprintf(out, cap, "%s/%s", u->dir, name);
}

/* Removes what unit_db_make made. Every connection must be closed first. */
static inline void unit_db_remove(struct unit_db *u)
{
	if (u->backend == DB_SQLITE && u->dir[0]) {
		DIR *d = opendir(u->dir);
		struct dirent *ent;
		char path[600];
		if (d) {
			while ((ent = readdir(d)) != NULL) {
				if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
					continue;
				snprintf(path, sizeof path, "%s/%s", u->dir, ent->d_name);
				unlink(path);
			}
			closedir(d);
		}
		rmdir(u->dir);
		u->dir[0] = '\0';
	}
	/* PostgreSQL schemas go with the process's database, dropped at exit. */
}

/* ---- fixtures ---- */

/* The prestate a database test is registered with: cmocka_unit_test_prestate_setup_teardown(t,
 * setup, teardown, UNIT_ON_SQLITE). unit_backend(state) reads it back in setup. */
static const enum db_backend unit_on_sqlite __attribute__((unused)) = DB_SQLITE;
static const enum db_backend unit_on_pg __attribute__((unused)) = DB_POSTGRES;
#define UNIT_ON_SQLITE ((void *)&unit_on_sqlite)
#define UNIT_ON_PG ((void *)&unit_on_pg)
static inline enum db_backend unit_backend(void **state) { return *(const enum db_backend *)*state; }

static inline int unit_is_pg(struct db *db) { return db_backend(db) == DB_POSTGRES; }

/* A test's database and what setup made in it. */
struct unit_fx {
	struct unit_db u;
	struct db *db;
	int64_t cid;   /* a company, when setup made one */
	int64_t uid;   /* a user, when setup made one */
};

#define UNIT_BARE 0      /* unit_fx_new: an empty database */
#define UNIT_MIGRATED 1  /* unit_fx_new: every migration applied */

/* Closes the fixture's database and removes it. Accepts NULL. */
static inline void unit_fx_free(struct unit_fx *f)
{
	if (!f)
		return;
	db_close(f->db);
	unit_db_remove(&f->u);
	free(f);
}

/* A fresh database on backend b, open, and migrated when `migrate`. NULL on failure (the reason
 * on stderr, nothing left behind). */
static inline struct unit_fx *unit_fx_new(enum db_backend b, int migrate)
{
	struct unit_fx *f = calloc(1, sizeof *f);
	struct err e = ERR_INIT;
	if (!f)
		return NULL;
	if (unit_db_make(&f->u, b) < 0) {
		free(f);
		return NULL;
	}
	if (db_open(f->u.url, &f->db, &e) < 0 || (migrate && db_migrate(f->db, &e) < 0)) {
		fprintf(stderr, "unit: database %s: %s\n", f->u.url, e.msg);
		unit_fx_free(f);
		return NULL;
	}
	return f;
}

/* Creates a company (state_code may be NULL) in a transaction of its own: 0 and *ret_cid, or -1
 * with the reason on stderr. */
static inline int unit_fx_company(struct unit_fx *f, const char *name, const char *state_code, int64_t *ret_cid)
{
	struct err e = ERR_INIT;
	if (db_begin_write(f->db, &e) < 0 || company_create(f->db, name, NULL, state_code, 0, ret_cid, &e) < 0 ||
	    db_commit(f->db, &e) < 0) {
		fprintf(stderr, "unit: company %s: %s\n", name, e.msg);
		db_rollback(f->db);
		return -1;
	}
	return 0;
}

/* Creates a user in a transaction of its own: 0 and *ret_uid, or -1 with the reason on stderr. */
static inline int unit_fx_user(struct unit_fx *f, const char *username, const char *display, const char *password,
			       int64_t *ret_uid)
{
	struct err e = ERR_INIT;
	if (db_begin_write(f->db, &e) < 0 || auth_user_create(f->db, username, display, password, 0, ret_uid, &e) < 0 ||
	    db_commit(f->db, &e) < 0) {
		fprintf(stderr, "unit: user %s: %s\n", username, e.msg);
		db_rollback(f->db);
		return -1;
	}
	return 0;
}

/* A teardown for tests whose state is a struct unit_fx. */
static inline int unit_fx_teardown(void **state)
{
	unit_fx_free(*state);
	return 0;
}

/* Runs sql (no parameters, no rows), failing the test on error. */
static inline void unit_exec(struct db *db, const char *sql)
{
	struct err e = ERR_INIT;
	if (db_exec(db, sql, &e) < 0)
		fail_msg("%s: %s", sql, e.msg);
}

/* The one integer sql selects, failing the test when there is none. */
static inline int64_t unit_scalar(struct db *db, const char *sql)
{
	struct err e = ERR_INIT;
	int64_t v = -999;
	int rc = db_i64(db, sql, DB_NOARGS, &v, &e);
	if (rc != DB_ROW)
		fail_msg("%s: rc %d %s", sql, rc, e.msg);
	return v;
}

static inline int unit_pg_skipped(const char *name)
{
	printf("%s on PostgreSQL: skipped (DAFTAR_PG_URL is not set)\n", name);
	return 0;
}

/* Runs sqlite_tests as "<name> on SQLite", then pg_tests as "<name> on PostgreSQL" when
 * DAFTAR_PG_URL is set; the number of failures. */
#define UNIT_RUN_BOTH(name, sqlite_tests, pg_tests)                                        \
	(cmocka_run_group_tests_name(name " on SQLite", sqlite_tests, NULL, NULL) +          \
	 (unit_pg_url() ? cmocka_run_group_tests_name(name " on PostgreSQL", pg_tests, NULL, NULL) \
			: unit_pg_skipped(name)))

#endif
