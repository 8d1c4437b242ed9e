/* db_pg.c - the PostgreSQL backend over libpq: `?` placeholders rewritten to $n, statements
 * prepared once per connection, text-format parameters and results. Refuses a server that runs
 * with fsync=off, and forces synchronous_commit=on, so a committed change survives a power cut. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/db_internal.h"
#include "lib/log.h"
#include "lib/banned.h"

static int pg_err_result(struct db *db, PGresult *res, struct err *e)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *constraint = res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : NULL;
	/* 23514 check_violation of a ceiling CHECK; 22003 numeric_value_out_of_range (bigint arithmetic) */
	if (state && strcmp(state, "23514") == 0 && db_is_ceiling(constraint))
		return db_ceiling_err(constraint, e);
	if (state && strcmp(state, "22003") == 0)
		return db_ceiling_err(NULL, e);
	if (state && strncmp(state, "23", 2) == 0)
		return err_setr(e, ERR_CONFLICT, NULL, "conflict", "constraint: %s",
			       res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : "" : "");
	if (state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0))
		return err_set(e, ERR_BUSY, NULL, "database is busy");
	log_error("postgres: %s", res ? PQresultErrorMessage(res) : PQerrorMessage(db->pg));
	return err_set(e, ERR_INTERNAL, NULL, "internal error");
}

static int pg_show(struct db *db, const char *sql, char *out, size_t cap, struct err *e)
{
	PGresult *res = PQexec(db->pg, sql);
	int rc = 0;
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) < 1)
		rc = pg_err_result(db, res, e);
	else
		snprintf(out, cap, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return rc;
}

int db_pg_alive(struct db *db) { return db->pg && PQstatus(db->pg) == CONNECTION_OK; }

/* What every connection checks and sets before its first statement. */
static int pg_session(struct db *db, struct err *e)
{
	char v[64];
	int rc = pg_show(db, "SHOW fsync", v, sizeof v, e);
	if (rc < 0)
		return rc;
	if (strcmp(v, "on") != 0)
		return err_set(e, ERR_INVALID, "db",
			       "PostgreSQL runs with fsync=off: committed changes would not survive a power cut; refusing to start");
	return db_pg_exec(db, "SET synchronous_commit = on; SET client_min_messages = warning; "
			      "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'", e);
}

int db_pg_open(const char *url, struct db *db, struct err *e)
{
	db->pg = PQconnectdb(url);
	if (!db->pg || PQstatus(db->pg) != CONNECTION_OK) {
		log_error("postgres connect: %s", db->pg ? PQerrorMessage(db->pg) : "out of memory");
		return err_set(e, ERR_INTERNAL, "db", "cannot connect to PostgreSQL");
	}
	return pg_session(db, e);
}

int db_pg_reconnect(struct db *db, struct err *e)
{
	PQreset(db->pg);
	if (PQstatus(db->pg) != CONNECTION_OK) {
		log_error("postgres reconnect: %s", PQerrorMessage(db->pg));
		return err_set(e, ERR_INTERNAL, "db", "cannot connect to PostgreSQL");
	}
	return pg_session(db, e);
}

int db_pg_exec(struct db *db, const char *sql, struct err *e)
{
	PGresult *res = PQexec(db->pg, sql);
	ExecStatusType s = PQresultStatus(res);
	int rc = 0;
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
		rc = pg_err_result(db, res, e);
	PQclear(res);
	return rc;
}

/* Rewrites ? to $1, $2, ... outside quoted strings and identifiers. */
static int rewrite(const char *sql, struct buf *out, int *ret_n)
{
	int n = 0;
	char quote = 0;
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == '?') {
			if (buf_addf(out, "$%d", ++n) < 0)
				return -1;
			continue;
		}
		if (buf_addc(out, *p) < 0)
			return -1;
	}
	*ret_n = n;
	return 0;
}

int db_pg_prepare(struct db_stmt *st, struct err *e)
{
	struct buf sql = BUF_INIT;
	PGresult *res;
	int rc = 0;

	if (rewrite(st->sql, &sql, &st->nparams) < 0 || st->nparams > DB_MAX_PARAMS) {
		buf_free(&sql);
		return err_set(e, ERR_INTERNAL, NULL, "statement too large");
	}
	snprintf(st->name, sizeof st->name, "s%d", ++st->db->stmt_counter);
	res = PQprepare(st->db->pg, st->name, buf_str(&sql), 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		log_error("postgres prepare: %s in: %.300s", PQresultErrorMessage(res), st->sql);
		rc = err_set(e, ERR_INTERNAL, NULL, "internal error");
	}
	PQclear(res);
	buf_free(&sql);
	return rc;
}

/* sum() of bigint is numeric on PostgreSQL and never overflows there; read as int64 a sum past
 * it would silently saturate. Every numeric column of a result must fit int64 (its whole part:
 * nothing here reads a fraction as an integer), else the read is refused as SQLite refuses a
 * sum() that overflows. */
static int numeric_fits(PGresult *res)
{
	enum { NUMERICOID = 1700 };
	int nf = PQnfields(res), nr = PQntuples(res);
	for (int c = 0; c < nf; c++) {
		if (PQftype(res, c) != NUMERICOID)
			continue;
		for (int r = 0; r < nr; r++) {
			const char *v = PQgetvalue(res, r, c);
			if (PQgetisnull(res, r, c) || PQgetlength(res, r, c) < 19)
				continue; /* at most 18 digits and a sign: inside int64 */
			errno = 0;
			(void)strtoll(v, NULL, 10);
			if (errno == ERANGE)
				return 0;
		}
	}
	return 1;
}

int db_pg_step(struct db_stmt *st, struct err *e)
{
	free(st->blob);
	st->blob = NULL;
	if (!st->res) {
		PGresult *res = PQexecPrepared(st->db->pg, st->name, st->nparams,
					       (const char *const *)st->vals, st->lens, st->fmts, 0);
		ExecStatusType s = PQresultStatus(res);
		if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
			int rc = pg_err_result(st->db, res, e);
			PQclear(res);
			return rc;
		}
		if (s == PGRES_TUPLES_OK && !numeric_fits(res)) {
			PQclear(res);
			return db_ceiling_err(NULL, e);
		}
		st->res = res;
		st->nrows = s == PGRES_TUPLES_OK ? PQntuples(res) : 0;
		st->row = 0;
		st->changes = strtoll(PQcmdTuples(res), NULL, 10);
	} else {
		st->row++;
	}
	return st->row < st->nrows ? DB_ROW : DB_DONE;
}

const void *db_pg_blob(struct db_stmt *st, int col, size_t *ret_len)
{
	size_t n = 0;
	*ret_len = 0;
	if (!st->res || st->row >= st->nrows || PQgetisnull(st->res, st->row, col))
		return NULL;
	free(st->blob);
	st->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(st->res, st->row, col), &n);
	if (!st->blob)
		return NULL;
	*ret_len = n;
	return st->blob;
}

void db_pg_reset(struct db_stmt *st)
{
	PQclear(st->res);
	st->res = NULL;
	st->row = st->nrows = 0;
	free(st->blob);
	st->blob = NULL;
	for (int i = 0; i < DB_MAX_PARAMS; i++) {
		free(st->owned[i]);
		st->owned[i] = NULL;
		st->vals[i] = NULL;
		st->lens[i] = 0;
		st->fmts[i] = 0;
	}
}

void db_pg_finalize(struct db_stmt *st)
{
	db_pg_reset(st);
	/* The server-side statement goes with the connection. */
}

void db_pg_close(struct db *db)
{
	if (db->pg)
		PQfinish(db->pg);
}
