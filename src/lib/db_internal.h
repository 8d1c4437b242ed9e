/* db_internal.h - what db.c shares with its two backends; nothing outside src/lib includes it. */
#ifndef DAFTAR_DB_INTERNAL_H
#define DAFTAR_DB_INTERNAL_H

#include <sqlite3.h>
#include <libpq-fe.h>

#include "lib/db.h"

#define DB_MAX_PARAMS 64
#define DB_CACHE_BUCKETS 256

struct db_stmt {
	struct db *db;
	const char *sql;          /* cache key: the caller's pointer */
	struct db_stmt *next;     /* cache chain */
	int cached;               /* 0: a one-off made because the cached one was busy */
	int in_use;
	int bind_error;           /* a bind index out of range, reported at step */
	int64_t changes;
	/* SQLite */
	sqlite3_stmt *lite;
	/* PostgreSQL */
	char name[24];
	int nparams;
	char *vals[DB_MAX_PARAMS];
	int lens[DB_MAX_PARAMS];
	int fmts[DB_MAX_PARAMS];
	char ibuf[DB_MAX_PARAMS][24];   /* integer binds, formatted in place */
	char *owned[DB_MAX_PARAMS];     /* copies of text binds */
	PGresult *res;
	int row, nrows;
	unsigned char *blob;        /* last bytea column unescaped, freed at the next step */
};

struct db_memo {
	char *key;              /* NULL: a free slot */
	char *data;
	size_t len;
	unsigned version;       /* SQLITE_FCNTL_DATA_VERSION when stored */
	uint64_t used;          /* db->memo_clock at the last get or put */
	int64_t born;           /* monotonic seconds when stored */
};

struct db {
	enum db_backend backend;
	sqlite3 *lite;
	PGconn *pg;
	int stmt_counter;
	int savepoint_depth;
	struct db_stmt *cache[DB_CACHE_BUCKETS];
	struct db_memo memo[DB_MEMO_SLOTS];
	uint64_t memo_clock;
};

/* The refusal of a figure past its ceiling, found by the database: a *_ceiling CHECK of migration
 * 0010 (`constraint` its name: "ceiling_money_..." or "ceiling_qty_..."), or an integer overflow in
 * a sum (constraint NULL). ERR_UNPROCESSABLE, reason "too_large", no field (the caller, which
 * knows the input, may name it). */
int db_ceiling_err(const char *constraint, struct err *e);
/* 1 when a CHECK constraint of this name guards a ceiling. */
int db_is_ceiling(const char *constraint);

int db_sqlite_open(const char *path, struct db *db, struct err *e);
int db_sqlite_exec(struct db *db, const char *sql, struct err *e);
int db_sqlite_prepare(struct db_stmt *st, struct err *e);
int db_sqlite_step(struct db_stmt *st, struct err *e);
void db_sqlite_finalize(struct db_stmt *st);
void db_sqlite_close(struct db *db);
int db_sqlite_backup(struct db *db, const char *path, struct err *e);
int db_sqlite_integrity(struct db *db, struct buf *problem, struct err *e);

int db_pg_alive(struct db *db);
/* Connects again in place after the connection was lost (PQreset) and sets the session up. */
int db_pg_reconnect(struct db *db, struct err *e);
int db_pg_open(const char *url, struct db *db, struct err *e);
int db_pg_exec(struct db *db, const char *sql, struct err *e);
int db_pg_prepare(struct db_stmt *st, struct err *e);
int db_pg_step(struct db_stmt *st, struct err *e);
void db_pg_reset(struct db_stmt *st);
const void *db_pg_blob(struct db_stmt *st, int col, size_t *ret_len);
void db_pg_finalize(struct db_stmt *st);
void db_pg_close(struct db *db);

#endif
