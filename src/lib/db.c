/* db.c - backend-neutral half of the storage interface: statement cache, binds, columns,
 * transactions, and the numbered migrations embedded at build. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/buf.h"
#include "lib/db_internal.h"
#include "lib/embed.h"
#include "lib/log.h"
#include "lib/money.h"
#include "lib/qty.h"
#include "lib/banned.h"

int db_open(const char *url, struct db **ret, struct err *e)
{
	struct db *db = calloc(1, sizeof *db);
	int rc;

	if (!db)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	if (strncmp(url, "sqlite:", 7) == 0) {
		db->backend = DB_SQLITE;
		rc = db_sqlite_open(url + 7, db, e);
	} else if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0) {
		db->backend = DB_POSTGRES;
		rc = db_pg_open(url, db, e);
	} else {
		free(db);
		return err_set(e, ERR_INVALID, "db", "database URL must start with sqlite: or postgres://");
	}
	if (rc < 0) {
		db_close(db);
		return rc;
	}
	*ret = db;
	return 0;
}

int db_alive(struct db *db)
{
	return db->backend == DB_SQLITE || db_pg_alive(db);
}

static void stmt_free(struct db_stmt *st)
{
	if (st->db->backend == DB_SQLITE)
		db_sqlite_finalize(st);
	else
		db_pg_finalize(st);
	free(st);
}

static void cache_clear(struct db *db)
{
	for (int i = 0; i < DB_CACHE_BUCKETS; i++) {
		struct db_stmt *st = db->cache[i], *next;
		for (; st; st = next) {
			next = st->next;
			stmt_free(st);
		}
		db->cache[i] = NULL;
	}
}

void db_close(struct db *db)
{
	if (!db)
		return;
	cache_clear(db);
	for (int i = 0; i < DB_MEMO_SLOTS; i++) {
		free(db->memo[i].key);
		free(db->memo[i].data);
	}
	if (db->backend == DB_SQLITE)
		db_sqlite_close(db);
	else
		db_pg_close(db);
	free(db);
}

enum db_backend db_backend(const struct db *db) { return db->backend; }
const char *db_backend_name(const struct db *db) { return db->backend == DB_SQLITE ? "SQLite" : "PostgreSQL"; }

int db_exec(struct db *db, const char *sql, struct err *e)
{
	return db->backend == DB_SQLITE ? db_sqlite_exec(db, sql, e) : db_pg_exec(db, sql, e);
}

static unsigned bucket(const char *sql) { return (unsigned)(((uintptr_t)sql >> 3) % DB_CACHE_BUCKETS); }

static struct db_stmt *stmt_make(struct db *db, const char *sql, struct err *e)
{
	struct db_stmt *st = calloc(1, sizeof *st);
	int rc;
	if (!st) {
		err_set(e, ERR_INTERNAL, NULL, "out of memory");
		return NULL;
	}
	st->db = db;
	st->sql = sql;
	rc = db->backend == DB_SQLITE ? db_sqlite_prepare(st, e) : db_pg_prepare(st, e);
	if (rc < 0) {
		free(st);
		return NULL;
	}
	return st;
}

struct db_stmt *db_prepare(struct db *db, const char *sql, struct err *e)
{
	unsigned b = bucket(sql);
	struct db_stmt *st;

	for (st = db->cache[b]; st; st = st->next)
		if (st->sql == sql)
			break;
	if (st && !st->in_use) {
		st->in_use = 1;
		return st;
	}
	if (st) { /* the cached one is busy (nested use): make a one-off */
		st = stmt_make(db, sql, e);
		if (st)
			st->in_use = 1;
		return st;
	}
	st = stmt_make(db, sql, e);
	if (!st)
		return NULL;
	st->cached = 1;
	st->in_use = 1;
	st->next = db->cache[b];
	db->cache[b] = st;
	return st;
}

void db_done(struct db_stmt *st)
{
	if (!st)
		return;
	if (st->db->backend == DB_SQLITE) {
		sqlite3_reset(st->lite);
		sqlite3_clear_bindings(st->lite);
	} else {
		db_pg_reset(st);
	}
	st->bind_error = 0;
	st->in_use = 0;
	if (!st->cached)
		stmt_free(st);
}

static int pg_slot(struct db_stmt *st, int idx)
{
	if (idx < 1 || idx > st->nparams || idx > DB_MAX_PARAMS) {
		st->bind_error = 1;
		return -1;
	}
	free(st->owned[idx - 1]);
	st->owned[idx - 1] = NULL;
	return idx - 1;
}

void db_bind_i64(struct db_stmt *st, int idx, int64_t v)
{
	int i;
	if (st->db->backend == DB_SQLITE) {
		if (sqlite3_bind_int64(st->lite, idx, v) != SQLITE_OK)
			st->bind_error = 1;
		return;
	}
	if ((i = pg_slot(st, idx)) < 0)
		return;
	snprintf(st->ibuf[i], sizeof st->ibuf[i], "%lld", (long long)v);
	st->vals[i] = st->ibuf[i];
	st->lens[i] = 0;
	st->fmts[i] = 0;
}

void db_bind_text(struct db_stmt *st, int idx, const char *text)
{
	int i;
	if (!text) {
		db_bind_null(st, idx);
		return;
	}
	if (st->db->backend == DB_SQLITE) {
		if (sqlite3_bind_text(st->lite, idx, text, -1, SQLITE_TRANSIENT) != SQLITE_OK)
			st->bind_error = 1;
		return;
	}
	if ((i = pg_slot(st, idx)) < 0)
		return;
	st->owned[i] = strdup(text);
	if (!st->owned[i])
		st->bind_error = 1;
	st->vals[i] = st->owned[i];
	st->lens[i] = 0;
	st->fmts[i] = 0;
}

void db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n)
{
	int i;
	if (st->db->backend == DB_SQLITE) {
		if (sqlite3_bind_blob64(st->lite, idx, p, n, SQLITE_TRANSIENT) != SQLITE_OK)
			st->bind_error = 1;
		return;
	}
	if ((i = pg_slot(st, idx)) < 0)
		return;
	st->owned[i] = malloc(n ? n : 1);
	if (!st->owned[i] || n > INT32_MAX) {
		st->bind_error = 1;
		return;
	}
	memcpy(st->owned[i], p, n);
	st->vals[i] = st->owned[i];
	st->lens[i] = (int)n;
	st->fmts[i] = 1;
}

void db_bind_null(struct db_stmt *st, int idx)
{
	int i;
	if (st->db->backend == DB_SQLITE) {
		if (sqlite3_bind_null(st->lite, idx) != SQLITE_OK)
			st->bind_error = 1;
		return;
	}
	if ((i = pg_slot(st, idx)) < 0)
		return;
	st->vals[i] = NULL;
}

int db_step(struct db_stmt *st, struct err *e)
{
	if (st->bind_error) {
		log_error("db: bad bind on statement: %.200s", st->sql);
		return err_set(e, ERR_INTERNAL, NULL, "internal error");
	}
	return st->db->backend == DB_SQLITE ? db_sqlite_step(st, e) : db_pg_step(st, e);
}

int64_t db_col_i64(struct db_stmt *st, int col)
{
	const char *s;
	if (st->db->backend == DB_SQLITE)
		return sqlite3_column_int64(st->lite, col);
	if (!st->res || st->row >= st->nrows || PQgetisnull(st->res, st->row, col))
		return 0;
	s = PQgetvalue(st->res, st->row, col);
	return strtoll(s, NULL, 10);
}

const char *db_col_text(struct db_stmt *st, int col)
{
	const char *s;
	if (st->db->backend == DB_SQLITE) {
		s = (const char *)sqlite3_column_text(st->lite, col);
		return s ? s : "";
	}
	if (!st->res || st->row >= st->nrows)
		return "";
	return PQgetvalue(st->res, st->row, col);
}

const char *db_col_text_n(struct db_stmt *st, int col, size_t *ret_len)
{
	const char *s;
	if (st->db->backend == DB_SQLITE) {
		/* text before bytes: the length is that of the text form */
		s = (const char *)sqlite3_column_text(st->lite, col);
		*ret_len = s ? (size_t)sqlite3_column_bytes(st->lite, col) : 0;
		return s ? s : "";
	}
	if (!st->res || st->row >= st->nrows) {
		*ret_len = 0;
		return "";
	}
	*ret_len = (size_t)PQgetlength(st->res, st->row, col);
	return PQgetvalue(st->res, st->row, col);
}

const void *db_col_blob(struct db_stmt *st, int col, size_t *ret_len)
{
	if (st->db->backend == DB_SQLITE) {
		*ret_len = (size_t)sqlite3_column_bytes(st->lite, col);
		return sqlite3_column_blob(st->lite, col);
	}
	return db_pg_blob(st, col, ret_len);
}

int db_col_null(struct db_stmt *st, int col)
{
	if (st->db->backend == DB_SQLITE)
		return sqlite3_column_type(st->lite, col) == SQLITE_NULL;
	if (!st->res || st->row >= st->nrows)
		return 1;
	return PQgetisnull(st->res, st->row, col);
}

int64_t db_changes(struct db_stmt *st) { return st->changes; }

/* Transaction control. On SQLite it runs from statements prepared once per connection (the
 * statement cache, keyed by these pointers): sqlite3_exec would parse "BEGIN" and "ROLLBACK"
 * again for every read request. */
static const char sql_begin[] = "BEGIN";
static const char sql_begin_immediate[] = "BEGIN IMMEDIATE";
static const char sql_commit[] = "COMMIT";
static const char sql_rollback[] = "ROLLBACK";

static int tx_exec(struct db *db, const char *sql, struct err *e)
{
	struct db_stmt *st;
	int rc;
	if (db->backend != DB_SQLITE)
		return db_exec(db, sql, e);
	st = db_prepare(db, sql, e);
	if (!st)
		return e->code;
	rc = db_step(st, e);
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* PostgreSQL: a transaction's first statement that meets a connection the server dropped (it
 * restarted, or the network did) connects again and begins once more. Nothing has run in the
 * transaction yet, so beginning again is safe; the statements prepared on the old connection go. */
static int pg_begin(struct db *db, const char *sql, struct err *e)
{
	int rc = db_exec(db, sql, e);
	if (rc == 0 || db_pg_alive(db))
		return rc;
	log_warn("database connection lost; connecting again");
	cache_clear(db);
	err_clear(e);
	if ((rc = db_pg_reconnect(db, e)) < 0)
		return rc;
	return db_exec(db, sql, e);
}

int db_begin(struct db *db, struct err *e)
{
	return db->backend == DB_SQLITE ? tx_exec(db, sql_begin, e) : pg_begin(db, sql_begin, e);
}

int db_begin_read(struct db *db, struct err *e)
{
	return db->backend == DB_SQLITE ? tx_exec(db, sql_begin, e) : pg_begin(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", e);
}

int db_begin_write(struct db *db, struct err *e)
{
	return db->backend == DB_SQLITE ? tx_exec(db, sql_begin_immediate, e) : pg_begin(db, sql_begin, e);
}

int db_commit(struct db *db, struct err *e) { return tx_exec(db, sql_commit, e); }

void db_rollback(struct db *db)
{
	struct err ignore = ERR_INIT;
	db->savepoint_depth = 0;
	if (tx_exec(db, sql_rollback, &ignore) < 0)
		return;
}

static const char *const sp_names[] = {"sp0", "sp1", "sp2", "sp3", "sp4", "sp5", "sp6", "sp7"};

static int sp_sql(struct db *db, const char *verb, char *out, size_t cap)
{
	int d = db->savepoint_depth - 1;
	if (d < 0 || d >= (int)(sizeof sp_names / sizeof sp_names[0]))
		return -1;
	snprintf(out, cap, "%s%s", verb, sp_names[d]);
	return 0;
}

int db_savepoint(struct db *db, struct err *e)
{
	char sql[64];
	int rc;
	db->savepoint_depth++;
	if (sp_sql(db, "SAVEPOINT ", sql, sizeof sql) < 0) {
		db->savepoint_depth--;
		return err_set(e, ERR_INTERNAL, NULL, "savepoints nested too deeply");
	}
	rc = db_exec(db, sql, e);
	if (rc < 0)
		db->savepoint_depth--;
	return rc;
}

void db_savepoint_release(struct db *db)
{
	char sql[64];
	struct err ignore = ERR_INIT;
	if (sp_sql(db, "RELEASE SAVEPOINT ", sql, sizeof sql) == 0)
		if (db_exec(db, sql, &ignore) < 0)
			db->savepoint_depth += 0; /* nothing more to do: the transaction rolls back later */
	db->savepoint_depth--;
}

void db_savepoint_rollback(struct db *db)
{
	char sql[64];
	struct err ignore = ERR_INIT;
	if (sp_sql(db, "ROLLBACK TO SAVEPOINT ", sql, sizeof sql) == 0)
		if (db_exec(db, sql, &ignore) < 0)
			db->savepoint_depth += 0; /* nothing more to do: the transaction rolls back later */
	db_savepoint_release(db);
}

int db_tx(struct db *db, db_work_fn fn, void *ctx, struct err *e)
{
	for (int attempt = 0;; attempt++) {
		struct err local = ERR_INIT;
		int rc = db_begin_write(db, &local);
		if (rc == 0) {
			rc = fn(db, ctx, &local);
			if (rc >= 0)
				rc = db_commit(db, &local);
			if (rc < 0)
				db_rollback(db);
		}
		if (rc >= 0 || local.code != ERR_BUSY || attempt >= 4) {
			if (rc < 0)
				*e = local;
			return rc;
		}
		struct timespec ts = {0, (long)(1000000L << attempt)};
		nanosleep(&ts, NULL);
	}
}

/* ---- bulk loads ---- */

int db_bulk_ids(const struct db *db) { return db->backend == DB_SQLITE; }

int db_max_params(const struct db *db)
{
	return db->backend == DB_SQLITE ? sqlite3_limit(db->lite, SQLITE_LIMIT_VARIABLE_NUMBER, -1) : DB_MAX_PARAMS;
}

const char *db_sql(const struct db *db, const char *one_writer, const char *shared)
{
	return db_bulk_ids(db) ? one_writer : shared;
}

const char *db_sql_engine(const struct db *db, const char *sqlite, const char *postgres)
{
	return db->backend == DB_SQLITE ? sqlite : postgres;
}

/* SQLite: the pages a load keeps touching (the right edges of the tables and each ledger's end of
 * the ledger indexes) stay cached - measured at 1M transactions, 16-64 MB is as fast as 1 GB and
 * keeps the RSS low - and no foreign-key lookups, about a quarter of an insert's cost. PRAGMA
 * foreign_keys is a no-op inside a transaction, hence around it. */
int db_tx_bulk(struct db *db, db_work_fn fn, void *ctx, struct err *e)
{
	static const char sql_cache[] = "PRAGMA cache_size";
	struct err e2 = ERR_INIT;
	int64_t cache = -2000;
	char restore[64];
	int rc;

	if (db->backend != DB_SQLITE)
		return db_tx(db, fn, ctx, e);
	if ((rc = db_i64(db, sql_cache, DB_NOARGS, &cache, e)) < 0 || (rc = db_exec(db, "PRAGMA cache_size=-65536", e)) < 0 ||
	    (rc = db_exec(db, "PRAGMA foreign_keys=OFF", e)) < 0)
		return rc;
	rc = db_tx(db, fn, ctx, e);
	snprintf(restore, sizeof restore, "PRAGMA cache_size=%lld", (long long)cache);
	/* A connection left without its foreign keys must not be used again. */
	if ((db_exec(db, "PRAGMA foreign_keys=ON", &e2) < 0 || db_exec(db, restore, &e2) < 0) && rc >= 0)
		rc = err_set(e, ERR_INTERNAL, NULL, "the load was committed, but the connection could not be restored; close it");
	return rc;
}

/* The data version of the snapshot this connection reads, or -1 when there is none to trust: not
 * SQLite, no read transaction open yet, or a write transaction (its own uncommitted changes do
 * not move the version). SQLite moves the version whenever it finds the file changed at the
 * start of a read transaction (the moment it drops its page cache) and at each commit of its own. */
static int memo_version(struct db *db, unsigned *ret)
{
	unsigned v = 0;
	if (db->backend != DB_SQLITE || sqlite3_txn_state(db->lite, "main") != SQLITE_TXN_READ)
		return -1;
	if (sqlite3_file_control(db->lite, "main", SQLITE_FCNTL_DATA_VERSION, &v) != SQLITE_OK)
		return -1;
	*ret = v;
	return 0;
}

/* Seconds on a clock that never goes back. Entries older than DB_MEMO_MAX_AGE_S are dead: the
 * 32-bit version could in principle come round to an old entry's value again after 2^32 changes,
 * which takes far longer than that. */
static int64_t memo_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (int64_t)ts.tv_sec;
}

int db_memo_get(struct db *db, const char *key, const char **ret_data, size_t *ret_len)
{
	unsigned v;
	int64_t now;
	if (memo_version(db, &v) < 0)
		return 0;
	now = memo_now();
	for (int i = 0; i < DB_MEMO_SLOTS; i++) {
		struct db_memo *m = &db->memo[i];
		if (m->key && m->version == v && now - m->born <= DB_MEMO_MAX_AGE_S && strcmp(m->key, key) == 0) {
			m->used = ++db->memo_clock;
			*ret_data = m->data;
			*ret_len = m->len;
			return 1;
		}
	}
	return 0;
}

void db_memo_put(struct db *db, const char *key, const void *data, size_t len)
{
	struct db_memo *m = NULL;
	char *k, *d;
	unsigned v;

	if (len > DB_MEMO_MAX_BYTES || memo_version(db, &v) < 0)
		return;
	/* the slot holding this key, else a free or dead one (an older version never matches again),
	 * else the least recently used */
	for (int i = 0; i < DB_MEMO_SLOTS; i++) {
		struct db_memo *c = &db->memo[i];
		if (c->key && strcmp(c->key, key) == 0) {
			m = c;
			break;
		}
		if (!c->key || c->version != v || memo_now() - c->born > DB_MEMO_MAX_AGE_S)
			c->used = 0;
		if (!m || c->used < m->used)
			m = c;
	}
	k = strdup(key);
	d = malloc(len ? len : 1);
	if (!k || !d) {
		free(k);
		free(d);
		return;
	}
	memcpy(d, data, len);
	free(m->key);
	free(m->data);
	m->key = k;
	m->data = d;
	m->len = len;
	m->version = v;
	m->born = memo_now();
	m->used = ++db->memo_clock;
}

int db_backup(struct db *db, const char *path, struct err *e)
{
	if (db->backend != DB_SQLITE)
		return err_set(e, ERR_INVALID, "db", "backup works on SQLite; use pg_dump for PostgreSQL");
	return db_sqlite_backup(db, path, e);
}

const char *db_file(struct db *db)
{
	const char *f = db->backend == DB_SQLITE ? sqlite3_db_filename(db->lite, "main") : NULL;
	return f ? f : "";
}

int db_integrity(struct db *db, struct buf *problem, struct err *e)
{
	return db->backend == DB_SQLITE ? db_sqlite_integrity(db, problem, e) : 0;
}

/* ---- ceilings ---- */

int db_is_ceiling(const char *constraint) { return constraint && strstr(constraint, "ceiling_") != NULL; }

int db_ceiling_err(const char *constraint, struct err *e)
{
	if (constraint && strstr(constraint, "ceiling_qty"))
		return qty_too_large(e, ERR_UNPROCESSABLE, NULL);
	if (constraint && strstr(constraint, "ceiling_money"))
		return money_too_large(e, ERR_UNPROCESSABLE, NULL);
	err_set(e, ERR_UNPROCESSABLE, NULL, "a sum is beyond the range of figures");
	return err_reason(e, "too_large");
}

/* ---- migrations ---- */

/* Replaces the few type tokens that differ between engines. */
static int migration_text(const struct db *db, const char *src, size_t n, struct buf *out)
{
	static const char *const tok[][3] = {
		{"@ID@", "INTEGER PRIMARY KEY", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"},
		{"@BLOB@", "BLOB", "BYTEA"},
	};
	size_t i = 0;
	while (i < n) {
		int hit = 0;
		for (size_t t = 0; t < sizeof tok / sizeof tok[0]; t++) {
			size_t tl = strlen(tok[t][0]);
			if (i + tl <= n && memcmp(src + i, tok[t][0], tl) == 0) {
				if (buf_adds(out, tok[t][db->backend == DB_SQLITE ? 1 : 2]) < 0)
					return -1;
				i += tl;
				hit = 1;
				break;
			}
		}
		if (!hit) {
			if (buf_addc(out, src[i]) < 0)
				return -1;
			i++;
		}
	}
	return 0;
}

/* SQLite cannot add a constraint to a table: a migration rebuilds it (new table, copy, drop,
 * rename), which must run with foreign keys off - dropping a parent would otherwise delete
 * through its children - and the keys are all checked before it commits, as the SQLite manual's
 * twelve steps do. PRAGMA foreign_keys is a no-op inside a transaction, hence around it. */
static int migration_fk(struct db *db, int on, struct err *e)
{
	int rc;
	if (db->backend != DB_SQLITE)
		return 0;
	if (!on)
		return db_exec(db, "PRAGMA foreign_keys=OFF", e);
	/* and the CHECKs a migration may have set aside for a copy (0010) are enforced again */
	if ((rc = db_exec(db, "PRAGMA ignore_check_constraints=OFF", e)) < 0)
		return rc;
	return db_exec(db, "PRAGMA foreign_keys=ON", e);
}

static int migration_fk_check(struct db *db, const char *name, struct err *e)
{
	static const char sql_check[] = "PRAGMA foreign_key_check";
	struct db_stmt *st;
	int rc;
	if (db->backend != DB_SQLITE)
		return 0;
	if (!(st = db_prepare(db, sql_check, e)))
		return e->code;
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		log_error("migration %s leaves a reference of %s broken (row %lld)", name, db_col_text(st, 0), (long long)db_col_i64(st, 1));
		rc = err_set(e, ERR_INTERNAL, NULL, "migration %s leaves a broken reference", name);
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* A migration file is migrations/NNNN_name.sql (both engines), NNNN_name.sqlite.sql or
 * NNNN_name.pg.sql (one engine). Files are applied in name order; version = NNNN. */
static int migration_applies(const struct db *db, const char *name)
{
	size_t n = strlen(name);
	if (n > 11 && strcmp(name + n - 11, ".sqlite.sql") == 0)
		return db->backend == DB_SQLITE;
	if (n > 7 && strcmp(name + n - 7, ".pg.sql") == 0)
		return db->backend == DB_POSTGRES;
	return n > 4 && strcmp(name + n - 4, ".sql") == 0;
}

int db_migrate(struct db *db, struct err *e)
{
	static const char sql_has[] = "SELECT count(*) FROM schema_migrations WHERE name = ?";
	static const char sql_add[] = "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)";
	const struct embedded_file *f;
	int rc;

	rc = db_exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT NOT NULL, "
			 "name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)", e);
	if (rc < 0)
		return rc;
	for (f = embedded_files; f->name; f++) {
		const char *base;
		struct buf text = BUF_INIT;
		struct db_stmt *st;
		int64_t have = 0, version = 0;
		char when[32];
		time_t now = time(NULL);
		struct tm tm;

		if (strncmp(f->name, "migrations/", 11) != 0)
			continue;
		base = f->name + 11;
		if (!migration_applies(db, base))
			continue;
		if ((rc = migration_fk(db, 0, e)) < 0)
			return rc;
		rc = db_begin_write(db, e);
		if (rc < 0)
			goto fk_on;
		if (db->backend == DB_POSTGRES) { /* one migrator at a time across processes */
			rc = db_exec(db, "SELECT pg_advisory_xact_lock(4242)", e);
			if (rc < 0)
				goto fail;
		}
		st = db_prepare(db, sql_has, e);
		if (!st) {
			rc = e->code;
			goto fail;
		}
		db_bind_text(st, 1, base);
		rc = db_step(st, e);
		if (rc == DB_ROW)
			have = db_col_i64(st, 0);
		db_done(st);
		if (rc < 0)
			goto fail;
		if (have) {
			db_rollback(db);
			if ((rc = migration_fk(db, 1, e)) < 0)
				return rc;
			continue;
		}
		if (migration_text(db, (const char *)f->data, f->len, &text) < 0) {
			rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
			goto fail;
		}
		rc = db_exec(db, buf_str(&text), e);
		buf_free(&text);
		if (rc >= 0)
			rc = migration_fk_check(db, base, e);
		if (rc < 0) {
			log_error("migration %s failed: %s", base, e->msg);
			goto fail;
		}
		for (const char *p = base; *p >= '0' && *p <= '9'; p++)
			version = version * 10 + (*p - '0');
		gmtime_r(&now, &tm);
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
		st = db_prepare(db, sql_add, e);
		if (!st) {
			rc = e->code;
			goto fail;
		}
		db_bind_i64(st, 1, version);
		db_bind_text(st, 2, base);
		db_bind_text(st, 3, when);
		rc = db_step(st, e);
		db_done(st);
		if (rc < 0)
			goto fail;
		rc = db_commit(db, e);
		if (rc < 0)
			goto fail;
		if ((rc = migration_fk(db, 1, e)) < 0)
			return rc;
	}
	return 0;
fail:
	db_rollback(db);
fk_on:
	/* A connection left without its foreign keys must not be used: the caller closes it on error. */
	(void)migration_fk(db, 1, &(struct err)ERR_INIT);
	return rc;
}
