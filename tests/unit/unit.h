/* unit.h - shared by the unit tests that need a database: a throwaway SQLite file in its own
 * temporary directory, or a schema of its own in a fresh PostgreSQL database (one per test
 * process) on the server DAFTAR_PG_URL names.
 * Header-only (static functions) because the Makefile builds each test from one .c file. */
#ifndef DAFTAR_UNIT_H
#define DAFTAR_UNIT_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

#endif
