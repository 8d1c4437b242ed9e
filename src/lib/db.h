/* db.h - the one storage interface: open by URL, prepared statements with `?` placeholders,
 * typed binds and columns, transactions, one error type. Backends: SQLite and PostgreSQL. */
#ifndef DAFTAR_DB_H
#define DAFTAR_DB_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

struct buf;

enum db_backend { DB_SQLITE, DB_POSTGRES };

/* Results of db_step. */
#define DB_DONE 0
#define DB_ROW 1

struct db;       /* one connection; used by one thread at a time */
struct db_stmt;  /* a prepared statement owned by its connection */

/* Opens a connection. url: "sqlite:PATH" or "postgres://..." / "postgresql://...".
 * SQLite: WAL, synchronous=FULL, foreign keys, busy timeout. PostgreSQL: refuses a server with
 * fsync=off; forces synchronous_commit=on. Returns 0 and *ret, or <0 with e filled. */
int db_open(const char *url, struct db **ret, struct err *e) __attribute__((warn_unused_result));
void db_close(struct db *db);
/* 0 when the connection is lost (PostgreSQL restarted or the network dropped): close it and open
 * another. An SQLite database is always there. */
int db_alive(struct db *db);
/* Which engine: only src/lib/db* may branch on it (make check); others ask the db for what they
 * need. db_backend_name: "SQLite" or "PostgreSQL". */
enum db_backend db_backend(const struct db *db);
const char *db_backend_name(const struct db *db);

/* Applies the embedded numbered migrations not yet applied, each in its own transaction. */
int db_migrate(struct db *db, struct err *e) __attribute__((warn_unused_result));

/* Runs SQL with no parameters and no result (DDL, PRAGMA, BEGIN). */
int db_exec(struct db *db, const char *sql, struct err *e) __attribute__((warn_unused_result));

/* Returns a prepared statement for sql, reset and with no bindings. Statements are cached per
 * connection by the sql pointer, so pass string literals (or a module's statement table).
 * The statement stays owned by the connection; call db_done() when finished with it. */
struct db_stmt *db_prepare(struct db *db, const char *sql, struct err *e);
/* Binds parameter idx (1-based). Binds cannot fail in a way callers must handle: an out-of-range
 * index is a programmer error and is reported by db_step. text may be NULL (binds NULL). */
void db_bind_i64(struct db_stmt *st, int idx, int64_t v);
void db_bind_text(struct db_stmt *st, int idx, const char *text);
void db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n);
void db_bind_null(struct db_stmt *st, int idx);
/* Executes/advances: DB_ROW, DB_DONE, or <0 with e filled (ERR_CONFLICT for a unique or
 * foreign-key violation, ERR_BUSY for lock timeouts/serialisation failures, else ERR_INTERNAL). */
int db_step(struct db_stmt *st, struct err *e) __attribute__((warn_unused_result));
/* Columns of the current row (0-based). Text is borrowed until the next step/done; "" never NULL
 * for db_col_text unless db_col_null. */
int64_t db_col_i64(struct db_stmt *st, int col);
const char *db_col_text(struct db_stmt *st, int col);
/* db_col_text with its length in bytes in *ret_len (0 for NULL), without a strlen. */
const char *db_col_text_n(struct db_stmt *st, int col, size_t *ret_len);
const void *db_col_blob(struct db_stmt *st, int col, size_t *ret_len);
int db_col_null(struct db_stmt *st, int col);
/* Rows changed by the last completed INSERT/UPDATE/DELETE on this statement. */
int64_t db_changes(struct db_stmt *st);
/* Releases the statement back to the connection's cache. Accepts NULL. */
void db_done(struct db_stmt *st);

/* ---- the usual shapes in one call (db_query.c) ----
 * Parameters travel as an array of struct db_arg, written DB_ARGS(DB_I64(cid), DB_TEXT(name)) in a
 * call; DB_NOARGS for none. Each function prepares sql (cached by pointer, as db_prepare), binds
 * the arguments in order from parameter 1, and steps. */
enum db_arg_type { DB_ARG_NULL, DB_ARG_I64, DB_ARG_TEXT, DB_ARG_BLOB, DB_ARG_TEXT_OPT, DB_ARG_I64_OPT };
struct db_arg {
	enum db_arg_type type;
	int64_t i;
	const void *p;
	size_t n;
};
#define DB_NULL ((struct db_arg){DB_ARG_NULL, 0, NULL, 0})
#define DB_I64(v) ((struct db_arg){DB_ARG_I64, (v), NULL, 0})
#define DB_TEXT(s) ((struct db_arg){DB_ARG_TEXT, 0, (s), 0})            /* NULL binds NULL */
#define DB_BLOB(b, len) ((struct db_arg){DB_ARG_BLOB, 0, (b), (len)})
#define DB_TEXT_OR_NULL(s) ((struct db_arg){DB_ARG_TEXT_OPT, 0, (s), 0}) /* NULL or "" binds NULL */
#define DB_I64_OR_NULL(v) ((struct db_arg){DB_ARG_I64_OPT, (v), NULL, 0}) /* 0 binds NULL */
#define DB_ARGS(...) ((const struct db_arg[]){__VA_ARGS__}), (sizeof((const struct db_arg[]){__VA_ARGS__}) / sizeof(struct db_arg))
#define DB_NOARGS NULL, 0

/* Prepares and binds; NULL with e filled. The caller steps and must db_done() it. */
struct db_stmt *db_query(struct db *db, const char *sql, const struct db_arg *args, size_t nargs, struct err *e);
/* Runs a statement to its end (INSERT, UPDATE, DELETE; rows a RETURNING gives are skipped).
 * Returns the number of rows it changed (>= 0), or <0 with e filled. */
int db_run(struct db *db, const char *sql, const struct db_arg *args, size_t nargs, struct err *e)
	__attribute__((warn_unused_result));
/* A query of at most one row. DB_ROW: *ret_st stands on the row and the caller reads its columns
 * and calls db_done(*ret_st); DB_DONE: no row, *ret_st is NULL and there is nothing to release;
 * <0: error, *ret_st NULL. */
int db_one(struct db *db, const char *sql, const struct db_arg *args, size_t nargs, struct db_stmt **ret_st,
	   struct err *e) __attribute__((warn_unused_result));
/* 1 when sql finds a row, 0 when it finds none, <0 on error. */
int db_exists(struct db *db, const char *sql, const struct db_arg *args, size_t nargs, struct err *e)
	__attribute__((warn_unused_result));
/* The first column of the first row as an integer: DB_ROW with *ret set, DB_DONE (*ret untouched)
 * or <0. For counts, sums, and INSERT ... RETURNING id. */
int db_i64(struct db *db, const char *sql, const struct db_arg *args, size_t nargs, int64_t *ret, struct err *e)
	__attribute__((warn_unused_result));
/* The first column of the first row as text copied into out (cap bytes, cut at a character
 * boundary): DB_ROW, DB_DONE (out untouched) or <0. */
int db_text(struct db *db, const char *sql, const struct db_arg *args, size_t nargs, char *out, size_t cap,
	    struct err *e) __attribute__((warn_unused_result));
/* INSERT ... RETURNING id: 0 and *ret_id, or <0 (also when no row came back). */
int db_insert_id(struct db *db, const char *sql, const struct db_arg *args, size_t nargs, int64_t *ret_id,
		 struct err *e) __attribute__((warn_unused_result));
/* Calls row() for each row in order; row returns 0 to go on, >0 to stop early (db_each then
 * returns 0) or <0 to fail (returned as is; row fills e). Returns 0 or <0. */
typedef int (*db_row_fn)(void *ctx, struct db_stmt *st, struct err *e);
int db_each(struct db *db, const char *sql, const struct db_arg *args, size_t nargs, db_row_fn row, void *ctx,
	    struct err *e) __attribute__((warn_unused_result));

/* Transactions. begin_write takes the write lock up front (BEGIN IMMEDIATE on SQLite);
 * begin_read opens one read-only snapshot (REPEATABLE READ READ ONLY on PostgreSQL), so that a
 * read made of several queries never mixes two states of the books. */
int db_begin(struct db *db, struct err *e) __attribute__((warn_unused_result));
int db_begin_read(struct db *db, struct err *e) __attribute__((warn_unused_result));
int db_begin_write(struct db *db, struct err *e) __attribute__((warn_unused_result));
int db_commit(struct db *db, struct err *e) __attribute__((warn_unused_result));
void db_rollback(struct db *db);
int db_savepoint(struct db *db, struct err *e) __attribute__((warn_unused_result));
void db_savepoint_release(struct db *db);
void db_savepoint_rollback(struct db *db);

/* A unit of work: fn runs inside one transaction on db; returning <0 rolls everything back. */
typedef int (*db_work_fn)(struct db *db, void *ctx, struct err *e);
/* Runs fn in a write transaction on this connection, retrying a few times on ERR_BUSY. */
int db_tx(struct db *db, db_work_fn fn, void *ctx, struct err *e) __attribute__((warn_unused_result));

/* ---- bulk loads (a journal import): what the engine lets a load do, so that no caller names it ----
 * db_bulk_ids: 1 when a writer may give new rows their ids itself (max(id) + 1 onwards), because
 * one writer holds the database for the whole write transaction (SQLite); 0 when ids must come
 * from the table's sequence (PostgreSQL: other writers insert at the same time).
 * db_max_params: the parameters one statement may bind (how many rows a multi-row INSERT takes).
 * db_sql: for the rare statement whose fastest text differs by engine, `one_writer` where
 * db_bulk_ids is 1, else `shared`; both static (statements are cached by pointer). Everything
 * else has one portable text.
 * db_tx_bulk: db_tx for a bulk load. Where the engine allows (SQLite), for this transaction only,
 * a 64 MB page cache and no foreign-key checks: the caller vouches that every reference it writes
 * is to a row it read or wrote in the same transaction. The connection is restored afterwards;
 * if it cannot be, ERR_INTERNAL (even when fn succeeded and committed): close the connection. */
int db_bulk_ids(const struct db *db);
int db_max_params(const struct db *db);
const char *db_sql(const struct db *db, const char *one_writer, const char *shared);
/* db_sql_engine: for the statement whose text must differ by engine because the index behind it
 * does (a substring of text: an FTS5 trigram table on SQLite, MATCH a quoted phrase, and pg_trgm's
 * GIN index on PostgreSQL, ILIKE '%...%'; a byte-wise prefix, COLLATE "C" on PostgreSQL). Both
 * static; the caller binds the same arguments to either and gets the same rows. */
const char *db_sql_engine(const struct db *db, const char *sqlite, const char *postgres);
int db_tx_bulk(struct db *db, db_work_fn fn, void *ctx, struct err *e) __attribute__((warn_unused_result));

/* A small per-connection memo of results already rendered, valid for one state of the database:
 * db_memo_get finds an entry only if nothing has been committed, by this connection or any
 * other in any process, since db_memo_put stored it. Both work only inside a read transaction
 * that has already read (its snapshot is what an entry is checked against), never in a write
 * transaction, and only on SQLite: otherwise get misses and put does nothing. Keys are the
 * caller's text. Entries over DB_MEMO_MAX_BYTES are not kept, none lives longer than
 * DB_MEMO_MAX_AGE_S seconds, and the least recently used of DB_MEMO_SLOTS goes first.
 * db_memo_get returns 1 with *ret_data (borrowed until the next memo call on db) and *ret_len,
 * or 0. db_memo_put cannot fail (out of memory just keeps nothing). */
#define DB_MEMO_SLOTS 4
#define DB_MEMO_MAX_BYTES ((size_t)64 << 10)
#define DB_MEMO_MAX_AGE_S 60
int db_memo_get(struct db *db, const char *key, const char **ret_data, size_t *ret_len);
void db_memo_put(struct db *db, const char *key, const void *data, size_t len);

/* SQLite only: one consistent copy of the database at path, taken in one read transaction, so it
 * finishes in bounded time while other connections go on writing (they are not blocked; the copy
 * holds every commit made before it began and none after). The copy is written under a temporary
 * name beside path (mode 0600), fsync'd and renamed into place only when whole; on failure path
 * is untouched. Refused (ERR_BUSY) inside a transaction of this connection, and (ERR_INVALID) when
 * path is the database itself. */
int db_backup(struct db *db, const char *path, struct err *e) __attribute__((warn_unused_result));
/* SQLite only: the database file's path ("" for PostgreSQL or an in-memory database). */
const char *db_file(struct db *db);
/* SQLite: PRAGMA integrity_check. 0 when whole; 1 with the first problems in *problem (caller
 * frees); <0 on an error. PostgreSQL: 0 (the server checks its own pages). */
int db_integrity(struct db *db, struct buf *problem, struct err *e);

#endif
