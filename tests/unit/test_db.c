/* test_db.c - the storage interface on a temporary SQLite file and, when DAFTAR_PG_URL is set, on
 * a fresh PostgreSQL database: open settings, migrations, the statement cache, every bind and
 * column type, transactions and savepoints, error mapping (the ceilings too), db_tx, backups and
 * the memo. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "lib/buf.h"
#include "lib/db.h"
#include "lib/embed.h"
#include "lib/money.h"
#include "lib/qty.h"
#include "unit.h"

/* The state of a database test: an empty database (no migrations). */
static int setup(void **state)
{
	struct unit_fx *f = unit_fx_new(unit_backend(state), UNIT_BARE);
	if (!f)
		return -1;
	*state = f;
	return 0;
}

static const char sql_make_t[] = "CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE, note TEXT)";
static const char sql_ins_t[] = "INSERT INTO t(id, name, note) VALUES (?, ?, ?)";
static const char sql_count_t[] = "SELECT count(*) FROM t";

static int insert_t(struct db *db, int64_t id, const char *name, struct err *e)
{
	struct db_stmt *st = db_prepare(db, sql_ins_t, e);
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, NULL);
	rc = db_step(st, e);
	db_done(st);
	return rc;
}

static void insert_t_ok(struct db *db, int64_t id, const char *name)
{
	struct err e = ERR_INIT;
	if (insert_t(db, id, name, &e) != DB_DONE)
		fail_msg("insert %lld %s: %s", (long long)id, name, e.msg);
}

static int has_t(struct db *db, int64_t id)
{
	static const char sql[] = "SELECT count(*) FROM t WHERE id = ?";
	struct err e = ERR_INIT;
	struct db_stmt *st = db_prepare(db, sql, &e);
	int64_t n = -1;
	assert_non_null(st);
	db_bind_i64(st, 1, id);
	assert_int_equal(db_step(st, &e), DB_ROW);
	n = db_col_i64(st, 0);
	db_done(st);
	return (int)n;
}

static void test_open_settings(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	struct db_stmt *st;

	if (!unit_is_pg(f->db)) {
		assert_int_equal(db_backend(f->db), DB_SQLITE);
		st = db_prepare(f->db, "PRAGMA journal_mode", &e);
		assert_non_null(st);
		assert_int_equal(db_step(st, &e), DB_ROW);
		assert_string_equal(db_col_text(st, 0), "wal");
		db_done(st);
		assert_int_equal(unit_scalar(f->db, "PRAGMA synchronous"), 2);   /* FULL */
		assert_int_equal(unit_scalar(f->db, "PRAGMA foreign_keys"), 1);
		assert_true(unit_scalar(f->db, "PRAGMA busy_timeout") > 0);
	} else {
		st = db_prepare(f->db, "SELECT current_setting('synchronous_commit'), current_setting('fsync'), "
				       "current_setting('server_encoding'), current_setting('client_encoding'), "
				       "current_setting('TimeZone')", &e);
		assert_non_null(st);
		assert_int_equal(db_step(st, &e), DB_ROW);
		assert_string_equal(db_col_text(st, 0), "on");
		assert_string_equal(db_col_text(st, 1), "on");
		assert_string_equal(db_col_text(st, 2), "UTF8");
		assert_string_equal(db_col_text(st, 3), "UTF8");
		assert_string_equal(db_col_text(st, 4), "UTC");
		db_done(st);
	}
}

static void test_open_refusals(void **state)
{
	struct db *db = (struct db *)0x1;
	struct err e = ERR_INIT;
	(void)state;
	assert_int_equal(db_open("mysql://x", &db, &e), ERR_INVALID);
	assert_string_equal(e.field, "db");
	assert_ptr_equal(db, (struct db *)0x1);   /* untouched on error */
	err_clear(&e);
	assert_int_equal(db_open("", &db, &e), ERR_INVALID);
	err_clear(&e);
	assert_int_equal(db_open("sqlite:/nonexistent-dir-daftar/x/y.db", &db, &e), ERR_INTERNAL);
	assert_string_equal(e.field, "db");
	err_clear(&e);
	/* Nothing listens on port 1. */
	assert_int_equal(db_open("postgres://postgres@127.0.0.1:1/postgres?connect_timeout=2", &db, &e), ERR_INTERNAL);
	assert_ptr_equal(db, (struct db *)0x1);
}

/* Migration files the embedded set holds for this backend. */
static int64_t migrations_for(enum db_backend b)
{
	int64_t n = 0;
	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		size_t len = strlen(f->name);
		if (strncmp(f->name, "migrations/", 11) != 0 || len < 4 || strcmp(f->name + len - 4, ".sql") != 0)
			continue;
		if (len > 11 && strcmp(f->name + len - 11, ".sqlite.sql") == 0 && b != DB_SQLITE)
			continue;
		if (len > 7 && strcmp(f->name + len - 7, ".pg.sql") == 0 && b != DB_POSTGRES)
			continue;
		n++;
	}
	return n;
}

static void test_migrate_idempotent(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	int64_t want = migrations_for(db_backend(f->db));

	assert_true(want >= 3);
	assert_int_equal(db_migrate(f->db, &e), 0);
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM schema_migrations"), want);
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM schema_migrations WHERE version = 1 AND name = '0001_core.sql'"), 1);
	/* The system audit chain exists from the start. */
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM audit_head WHERE company_id = 0 AND seq = 0"), 1);
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM parties"), 0);

	/* Second run: nothing new, nothing re-run (a re-run CREATE TABLE would fail). */
	assert_int_equal(db_migrate(f->db, &e), 0);
	assert_int_equal(e.code, 0);
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM schema_migrations"), want);
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM audit_head"), 1);

	/* A second connection sees the migrated schema and migrating from it is also a no-op. */
	{
		struct db *other = NULL;
		assert_int_equal(db_open(f->u.url, &other, &e), 0);
		assert_int_equal(db_migrate(other, &e), 0);
		assert_int_equal(unit_scalar(other, "SELECT count(*) FROM schema_migrations"), want);
		db_close(other);
	}
}

static void test_statement_cache(void **state)
{
	static const char sql[] = "SELECT 40 + ?";
	char same_text[sizeof sql];
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	struct db_stmt *a, *b, *c, *d;

	a = db_prepare(f->db, sql, &e);
	assert_non_null(a);
	db_bind_i64(a, 1, 2);
	assert_int_equal(db_step(a, &e), DB_ROW);
	assert_int_equal(db_col_i64(a, 0), 42);
	db_done(a);
	/* The same pointer comes back, reset. */
	b = db_prepare(f->db, sql, &e);
	assert_ptr_equal(a, b);
	db_bind_i64(b, 1, 3);
	assert_int_equal(db_step(b, &e), DB_ROW);
	assert_int_equal(db_col_i64(b, 0), 43);

	/* While b is in use, the same SQL gives a separate one-off statement that works alone. */
	c = db_prepare(f->db, sql, &e);
	assert_non_null(c);
	assert_ptr_not_equal(c, b);
	db_bind_i64(c, 1, 10);
	assert_int_equal(db_step(c, &e), DB_ROW);
	assert_int_equal(db_col_i64(c, 0), 50);
	db_done(c);   /* freed, not cached */
	assert_int_equal(db_col_i64(b, 0), 43);   /* b's row is undisturbed */
	assert_int_equal(db_step(b, &e), DB_DONE);
	db_done(b);
	assert_ptr_equal(db_prepare(f->db, sql, &e), a);
	db_done(a);

	/* The cache key is the pointer: equal text elsewhere is a different statement. */
	memcpy(same_text, sql, sizeof sql);
	d = db_prepare(f->db, same_text, &e);
	assert_non_null(d);
	assert_ptr_not_equal(d, a);
	db_bind_i64(d, 1, 0);
	assert_int_equal(db_step(d, &e), DB_ROW);
	assert_int_equal(db_col_i64(d, 0), 40);
	db_done(d);
	db_done(NULL);

	/* Many distinct statements (more than the buckets) all stay usable. */
	{
		static char sqls[300][32];
		for (int i = 0; i < 300; i++) {
			struct db_stmt *st;
			snprintf(sqls[i], sizeof sqls[i], "SELECT %d", i);
			st = db_prepare(f->db, sqls[i], &e);
			assert_non_null(st);
			assert_int_equal(db_step(st, &e), DB_ROW);
			assert_int_equal(db_col_i64(st, 0), i);
			db_done(st);
		}
		for (int i = 299; i >= 0; i--)
			assert_int_equal(unit_scalar(f->db, sqls[i]), i);
	}
}

static void test_prepare_error(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	unit_quiet_logs();
	assert_null(db_prepare(f->db, "SELEKT nonsense FROM", &e));
	assert_int_equal(e.code, ERR_INTERNAL);
	/* Driver detail stays out of the message. */
	assert_string_equal(e.msg, "internal error");
	err_clear(&e);
	assert_null(db_prepare(f->db, "SELECT * FROM no_such_table", &e));
	assert_int_equal(e.code, ERR_INTERNAL);
	err_clear(&e);
	assert_int_equal(db_exec(f->db, "CREATE TABLE (", &e), ERR_INTERNAL);
	/* The connection still works. */
	assert_int_equal(unit_scalar(f->db, "SELECT 7"), 7);
}

static void test_binds_and_columns(void **state)
{
	static const char sql_ins[] = "INSERT INTO v(id, i, s, b, n) VALUES (?, ?, ?, ?, ?)";
	static const char sql_get[] = "SELECT i, s, b, n FROM v WHERE id = ?";
	static const unsigned char bytes[] = {0x00, 0xFF, 0x5C, 0x27, 0x22, 0x80, 0x00, 0x7F, 'x'};
	const char *hindi = "नमस्ते दुनिया — ₹1,23,456.78 'उद्धरण' \"quote\" \\ back";
	struct {
		int64_t i;
		const char *s;     /* NULL: bind NULL */
		const void *b;     /* NULL: bind NULL */
		size_t blen;
	} rows[] = {
		{0, "", bytes, 0},
		{INT64_MAX, hindi, bytes, sizeof bytes},
		{INT64_MIN, "plain", bytes, 1},
		{-1, NULL, NULL, 0},
		{1, "emoji 🙏 and a tab\there", bytes + 1, 1},
	};
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	struct db_stmt *st;

	unit_exec(f->db, unit_is_pg(f->db) ? "CREATE TABLE v (id BIGINT PRIMARY KEY, i BIGINT, s TEXT, b BYTEA, n TEXT)"
				: "CREATE TABLE v (id BIGINT PRIMARY KEY, i BIGINT, s TEXT, b BLOB, n TEXT)");
	for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
		st = db_prepare(f->db, sql_ins, &e);
		assert_non_null(st);
		db_bind_i64(st, 1, (int64_t)r);
		db_bind_i64(st, 2, rows[r].i);
		db_bind_text(st, 3, rows[r].s);
		if (rows[r].b)
			db_bind_blob(st, 4, rows[r].b, rows[r].blen);
		else
			db_bind_null(st, 4);
		db_bind_null(st, 5);
		assert_int_equal(db_step(st, &e), DB_DONE);
		assert_int_equal(db_changes(st), 1);
		db_done(st);
	}
	for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
		const void *blob;
		size_t len = 12345;
		st = db_prepare(f->db, sql_get, &e);
		assert_non_null(st);
		db_bind_i64(st, 1, (int64_t)r);
		assert_int_equal(db_step(st, &e), DB_ROW);
		assert_true(db_col_i64(st, 0) == rows[r].i);
		assert_false(db_col_null(st, 0));
		if (rows[r].s) {
			assert_false(db_col_null(st, 1));
			assert_string_equal(db_col_text(st, 1), rows[r].s);
		} else {
			assert_true(db_col_null(st, 1));
			assert_string_equal(db_col_text(st, 1), "");   /* "" never NULL */
		}
		blob = db_col_blob(st, 2, &len);
		if (rows[r].b) {
			assert_false(db_col_null(st, 2));
			assert_int_equal(len, rows[r].blen);
			if (len)
				assert_memory_equal(blob, rows[r].b, len);
		} else {
			assert_true(db_col_null(st, 2));
			assert_int_equal(len, 0);
		}
		assert_true(db_col_null(st, 3));
		assert_int_equal(db_col_i64(st, 3), 0);
		assert_int_equal(db_step(st, &e), DB_DONE);
		db_done(st);
	}
	/* An empty string is not NULL. */
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM v WHERE s = ''"), 1);
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM v WHERE s IS NULL"), 1);

	/* Text is compared and stored byte for byte: look the Devanagari row up by value. */
	{
		static const char sql_find[] = "SELECT id FROM v WHERE s = ?";
		st = db_prepare(f->db, sql_find, &e);
		db_bind_text(st, 1, hindi);
		assert_int_equal(db_step(st, &e), DB_ROW);
		assert_int_equal(db_col_i64(st, 0), 1);
		db_done(st);
	}

	/* A large text value (100 KB) round-trips. */
	{
		static const char sql_big[] = "SELECT ? || ''";
		char *big = malloc(100001);
		assert_non_null(big);
		for (int i = 0; i < 100000; i++)
			big[i] = (char)('a' + i % 26);
		big[100000] = '\0';
		st = db_prepare(f->db, sql_big, &e);
		db_bind_text(st, 1, big);
		assert_int_equal(db_step(st, &e), DB_ROW);
		assert_string_equal(db_col_text(st, 0), big);
		db_done(st);
		free(big);
	}
}

static void test_bindings_cleared_and_bad_index(void **state)
{
	static const char sql[] = "SELECT ?";
	static const char sql_quoted[] = "SELECT '?', ?, 'it''s ?'";
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	struct db_stmt *st;

	unit_quiet_logs();
	/* After db_done, the next user starts with no bindings (NULL). */
	st = db_prepare(f->db, sql, &e);
	db_bind_text(st, 1, "x");
	assert_int_equal(db_step(st, &e), DB_ROW);
	db_done(st);
	st = db_prepare(f->db, sql, &e);
	assert_int_equal(db_step(st, &e), DB_ROW);
	assert_true(db_col_null(st, 0));
	db_done(st);

	/* An out-of-range index is reported at step, and forgotten at done. */
	st = db_prepare(f->db, sql, &e);
	db_bind_i64(st, 2, 5);
	assert_int_equal(db_step(st, &e), ERR_INTERNAL);
	db_done(st);
	err_clear(&e);
	st = db_prepare(f->db, sql, &e);
	db_bind_i64(st, 0, 5);
	assert_int_equal(db_step(st, &e), ERR_INTERNAL);
	db_done(st);
	err_clear(&e);
	st = db_prepare(f->db, sql, &e);
	db_bind_i64(st, 1, 5);
	assert_int_equal(db_step(st, &e), DB_ROW);
	assert_int_equal(db_col_i64(st, 0), 5);
	db_done(st);

	/* '?' inside quotes is text, not a placeholder (PostgreSQL rewrites ? to $n). */
	st = db_prepare(f->db, sql_quoted, &e);
	assert_non_null(st);
	db_bind_text(st, 1, "bound");
	assert_int_equal(db_step(st, &e), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "?");
	assert_string_equal(db_col_text(st, 1), "bound");
	assert_string_equal(db_col_text(st, 2), "it's ?");
	db_done(st);
}

static void test_changes(void **state)
{
	static const char sql_upd[] = "UPDATE t SET note = ? WHERE id <= ?";
	static const char sql_del[] = "DELETE FROM t WHERE id > ?";
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	struct db_stmt *st;

	unit_exec(f->db, sql_make_t);
	for (int i = 1; i <= 5; i++) {
		char name[16];
		snprintf(name, sizeof name, "n%d", i);
		insert_t_ok(f->db, i, name);
	}
	st = db_prepare(f->db, sql_upd, &e);
	db_bind_text(st, 1, "seen");
	db_bind_i64(st, 2, 3);
	assert_int_equal(db_step(st, &e), DB_DONE);
	assert_int_equal(db_changes(st), 3);
	db_done(st);
	st = db_prepare(f->db, sql_del, &e);
	db_bind_i64(st, 1, 100);
	assert_int_equal(db_step(st, &e), DB_DONE);
	assert_int_equal(db_changes(st), 0);
	db_done(st);
	st = db_prepare(f->db, sql_del, &e);
	db_bind_i64(st, 1, 4);
	assert_int_equal(db_step(st, &e), DB_DONE);
	assert_int_equal(db_changes(st), 1);
	db_done(st);
	assert_int_equal(unit_scalar(f->db, sql_count_t), 4);
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM t WHERE note = 'seen'"), 3);
}

static void test_scalar(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	int64_t v = 77;
	unit_exec(f->db, sql_make_t);
	assert_int_equal(db_i64(f->db, "SELECT id FROM t", DB_NOARGS, &v, &e), DB_DONE);
	assert_int_equal(v, 77);   /* untouched when there is no row */
	assert_int_equal(db_i64(f->db, "SELECT -9223372036854775807 - 1", DB_NOARGS, &v, &e), DB_ROW);
	assert_true(v == INT64_MIN);
}

static void test_transactions(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;

	unit_exec(f->db, sql_make_t);
	/* Rollback undoes. */
	assert_int_equal(db_begin(f->db, &e), 0);
	insert_t_ok(f->db, 1, "one");
	assert_int_equal(has_t(f->db, 1), 1);
	db_rollback(f->db);
	assert_int_equal(has_t(f->db, 1), 0);
	/* Commit keeps, and another connection sees it. */
	assert_int_equal(db_begin_write(f->db, &e), 0);
	insert_t_ok(f->db, 2, "two");
	assert_int_equal(db_commit(f->db, &e), 0);
	{
		struct db *other = NULL;
		assert_int_equal(db_open(f->u.url, &other, &e), 0);
		assert_int_equal(has_t(other, 2), 1);
		db_close(other);
	}
	/* Rollback outside a transaction is harmless. */
	if (!unit_is_pg(f->db)) {   /* (PostgreSQL prints a WARNING for it) */
		db_rollback(f->db);
		assert_int_equal(has_t(f->db, 2), 1);
	}
}

static void test_savepoints(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;

	unit_quiet_logs();
	unit_exec(f->db, sql_make_t);
	assert_int_equal(db_begin_write(f->db, &e), 0);
	insert_t_ok(f->db, 1, "a");
	assert_int_equal(db_savepoint(f->db, &e), 0);
	insert_t_ok(f->db, 2, "b");
	db_savepoint_rollback(f->db);           /* undoes b only */
	assert_int_equal(has_t(f->db, 2), 0);
	assert_int_equal(has_t(f->db, 1), 1);
	assert_int_equal(db_savepoint(f->db, &e), 0);
	insert_t_ok(f->db, 3, "c");
	assert_int_equal(db_savepoint(f->db, &e), 0);   /* nested */
	insert_t_ok(f->db, 4, "d");
	db_savepoint_rollback(f->db);           /* undoes d */
	insert_t_ok(f->db, 5, "e");
	db_savepoint_release(f->db);            /* keeps c and e */
	/* A failed statement inside a savepoint: rolling back to it leaves the transaction usable
	 * (PostgreSQL would otherwise refuse everything until the end of the transaction). */
	assert_int_equal(db_savepoint(f->db, &e), 0);
	assert_int_equal(insert_t(f->db, 6, "a", &e), ERR_CONFLICT);
	db_savepoint_rollback(f->db);
	err_clear(&e);
	insert_t_ok(f->db, 7, "g");
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_int_equal(has_t(f->db, 1), 1);
	assert_int_equal(has_t(f->db, 2), 0);
	assert_int_equal(has_t(f->db, 3), 1);
	assert_int_equal(has_t(f->db, 4), 0);
	assert_int_equal(has_t(f->db, 5), 1);
	assert_int_equal(has_t(f->db, 6), 0);
	assert_int_equal(has_t(f->db, 7), 1);

	/* Eight levels deep is allowed, the ninth is refused; rollback clears the depth. */
	assert_int_equal(db_begin_write(f->db, &e), 0);
	for (int i = 0; i < 8; i++)
		assert_int_equal(db_savepoint(f->db, &e), 0);
	assert_int_equal(db_savepoint(f->db, &e), ERR_INTERNAL);
	db_rollback(f->db);
	err_clear(&e);
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(db_savepoint(f->db, &e), 0);
	insert_t_ok(f->db, 8, "h");
	db_savepoint_release(f->db);
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_int_equal(has_t(f->db, 8), 1);
}

static void test_constraint_conflict(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;

	unit_quiet_logs();
	unit_exec(f->db, sql_make_t);
	unit_exec(f->db, "CREATE TABLE child (id BIGINT PRIMARY KEY, t_id BIGINT NOT NULL REFERENCES t(id), "
		       "qty BIGINT NOT NULL CHECK (qty > 0))");
	insert_t_ok(f->db, 1, "one");
	/* Duplicate primary key and duplicate unique column. */
	assert_int_equal(insert_t(f->db, 1, "other", &e), ERR_CONFLICT);
	assert_int_equal(e.code, ERR_CONFLICT);
	err_clear(&e);
	assert_int_equal(insert_t(f->db, 2, "one", &e), ERR_CONFLICT);
	err_clear(&e);
	/* Foreign key (on in SQLite too), CHECK and NOT NULL. */
	assert_int_equal(db_exec(f->db, "INSERT INTO child VALUES (1, 99, 1)", &e), ERR_CONFLICT);
	err_clear(&e);
	assert_int_equal(db_exec(f->db, "INSERT INTO child VALUES (1, 1, 0)", &e), ERR_CONFLICT);
	err_clear(&e);
	assert_int_equal(db_exec(f->db, "INSERT INTO child VALUES (1, NULL, 1)", &e), ERR_CONFLICT);
	err_clear(&e);
	assert_int_equal(db_exec(f->db, "INSERT INTO child VALUES (1, 1, 1)", &e), 0);
	/* Deleting a referenced parent is refused too. */
	assert_int_equal(db_exec(f->db, "DELETE FROM t WHERE id = 1", &e), ERR_CONFLICT);
	err_clear(&e);
	assert_int_equal(unit_scalar(f->db, sql_count_t), 1);
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM child"), 1);
}

/* A figure past its ceiling, refused by the database: too large (422), with the ceiling of its kind. */
static void expect_ceiling(int rc, struct err *e, const char *kind, const char *what)
{
	if (rc != ERR_UNPROCESSABLE || e->code != ERR_UNPROCESSABLE || strcmp(e->reason, "too_large") != 0)
		fail_msg("%s: rc %d code %d reason \"%s\" (%s)", what, rc, e->code, e->reason, e->msg);
	if (kind) {
		assert_int_equal(e->ndetails, 2);
		assert_string_equal(e->detail[0].key, "max");
		assert_true(e->detail[0].v == (strcmp(kind, "quantity") == 0 ? QTY_MAX : MONEY_MAX));
		assert_string_equal(e->detail[1].text, kind);
	}
	assert_string_equal(e->field, "");
	err_clear(e);
}

/* The CHECKs named ceiling_money_* and ceiling_qty_* (migration 0010), and sums that would not fit
 * in int64, are refused as too large on both engines; other CHECKs stay conflicts. */
static void test_ceilings(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	int64_t v = 0;
	int pg = unit_is_pg(f->db);

	unit_quiet_logs();
	unit_exec(f->db, pg ? "CREATE TABLE kept (id BIGINT PRIMARY KEY, "
			      "v BIGINT NOT NULL CONSTRAINT ceiling_money_v CHECK (v BETWEEN -100000000000000000 AND 100000000000000000), "
			      "q BIGINT NOT NULL CONSTRAINT ceiling_qty_q CHECK (q BETWEEN -1000000000000000 AND 1000000000000000), "
			      "n BIGINT NOT NULL CHECK (n >= 0))"
			    : "CREATE TABLE kept (id INTEGER PRIMARY KEY, "
			      "v INTEGER NOT NULL CONSTRAINT ceiling_money_v CHECK (v BETWEEN -100000000000000000 AND 100000000000000000), "
			      "q INTEGER NOT NULL CONSTRAINT ceiling_qty_q CHECK (q BETWEEN -1000000000000000 AND 1000000000000000), "
			      "n INTEGER NOT NULL CHECK (n >= 0)) STRICT");
	assert_int_equal(db_exec(f->db, "INSERT INTO kept VALUES (1, 100000000000000000, 1000000000000000, 0)", &e), 0);
	assert_int_equal(db_exec(f->db, "INSERT INTO kept VALUES (2, -100000000000000000, -1000000000000000, 0)", &e), 0);
	/* a running total one past the ceiling, either way */
	expect_ceiling(db_exec(f->db, "UPDATE kept SET v = v + 1 WHERE id = 1", &e), &e, "amount", "v + 1");
	expect_ceiling(db_exec(f->db, "UPDATE kept SET v = v - 1 WHERE id = 2", &e), &e, "amount", "v - 1");
	expect_ceiling(db_exec(f->db, "UPDATE kept SET q = q + 1 WHERE id = 1", &e), &e, "quantity", "q + 1");
	/* a float (a STRICT table holds none; bigint never does), as SQLite makes of integer
	 * arithmetic that overflows: too large, of no known kind */
	if (!pg) {
		expect_ceiling(db_exec(f->db, "UPDATE kept SET v = v * 100 WHERE id = 1", &e), &e, NULL, "v * 100 (a REAL past int64)");
		expect_ceiling(db_exec(f->db, "UPDATE kept SET q = 9223372036854775807 + q WHERE id = 1", &e), &e, NULL, "an integer sum that overflows");
		assert_int_equal(db_exec(f->db, "UPDATE kept SET v = 1.5 WHERE id = 1", &e), ERR_UNPROCESSABLE);
		err_clear(&e);
	}
	/* another CHECK is what it was: a conflict */
	assert_int_equal(db_exec(f->db, "UPDATE kept SET n = -1 WHERE id = 1", &e), ERR_CONFLICT);
	err_clear(&e);
	assert_int_equal(unit_scalar(f->db, "SELECT v FROM kept WHERE id = 1"), MONEY_MAX);
	/* a sum past int64: SQLite's sum() refuses to wrap, PostgreSQL's numeric one is refused as it is read */
	expect_ceiling(db_i64(f->db, "SELECT sum(x) FROM (SELECT 9223372036854775807 AS x UNION ALL SELECT 1 AS x) s", DB_NOARGS, &v, &e), &e,
		       NULL, "sum");
	expect_ceiling(db_i64(f->db, "SELECT sum(x) FROM (SELECT -9223372036854775807 AS x UNION ALL SELECT -2 AS x) s", DB_NOARGS, &v, &e), &e,
		       NULL, "negative sum");
	assert_int_equal(db_i64(f->db, "SELECT sum(x) FROM (SELECT 9223372036854775806 AS x UNION ALL SELECT 1 AS x) s", DB_NOARGS, &v, &e), DB_ROW);
	assert_true(v == INT64_MAX);
	if (pg) /* bigint arithmetic out of range (SQLite turns it into a REAL the CHECKs refuse) */
		expect_ceiling(db_i64(f->db, "SELECT CAST(9223372036854775807 AS BIGINT) + 1", DB_NOARGS, &v, &e), &e, NULL, "bigint + 1");
}

/* A SQLite migration runs with foreign keys off (a table rebuild) and hands the connection back
 * with them on and every CHECK enforced. */
static void test_migrate_restores(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	assert_int_equal(db_migrate(f->db, &e), 0);
	if (unit_is_pg(f->db)) {
		assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM pg_constraint WHERE conname LIKE 'ceiling_%' AND convalidated = false") > 20, 1);
		return;
	}
	assert_int_equal(unit_scalar(f->db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(unit_scalar(f->db, "PRAGMA ignore_check_constraints"), 0);
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	/* the rebuilt tables keep their keys, indexes and ceilings */
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'voucher_lines_ledger'"), 1);
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM pragma_foreign_key_list('voucher_items') WHERE \"table\" = 'godowns'"), 2);
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM sqlite_master WHERE sql LIKE '%ceiling_money_debit%'"), 2);
}

static void test_busy(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	struct db *other = NULL;

	unit_quiet_logs();
	unit_exec(f->db, sql_make_t);
	insert_t_ok(f->db, 1, "one");
	assert_int_equal(db_open(f->u.url, &other, &e), 0);
	unit_exec(other, unit_is_pg(f->db) ? "SET lock_timeout = '50ms'" : "PRAGMA busy_timeout = 50");
	assert_int_equal(db_begin_write(f->db, &e), 0);
	unit_exec(f->db, "UPDATE t SET note = 'mine' WHERE id = 1");
	if (unit_is_pg(f->db)) {
		assert_int_equal(db_begin_write(other, &e), 0);
		assert_int_equal(db_exec(other, "UPDATE t SET note = 'theirs' WHERE id = 1", &e), ERR_BUSY);
		db_rollback(other);
	} else {
		assert_int_equal(db_begin_write(other, &e), ERR_BUSY);
	}
	assert_int_equal(db_commit(f->db, &e), 0);
	db_close(other);
}

static int tx_insert_then(struct db *db, void *ctx, struct err *e)
{
	const int *fail = ctx;
	int rc = insert_t(db, 10, "from tx", e);
	if (rc < 0)
		return rc;
	if (*fail)
		return err_set(e, ERR_UNPROCESSABLE, "why", "the unit of work refused");
	return 0;
}

static int tx_conflict(struct db *db, void *ctx, struct err *e)
{
	(void)ctx;
	insert_t_ok(db, 20, "twenty");
	return insert_t(db, 21, "one", e);   /* "one" exists: unique violation */
}

static void test_db_tx(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	int fail = 1;

	unit_quiet_logs();
	unit_exec(f->db, sql_make_t);
	insert_t_ok(f->db, 1, "one");
	/* fn fails: its insert is rolled back and its error is passed up. */
	assert_int_equal(db_tx(f->db, tx_insert_then, &fail, &e), ERR_UNPROCESSABLE);
	assert_int_equal(e.code, ERR_UNPROCESSABLE);
	assert_string_equal(e.field, "why");
	assert_int_equal(has_t(f->db, 10), 0);
	/* A constraint error inside fn rolls back the rows fn wrote before it. */
	err_clear(&e);
	assert_int_equal(db_tx(f->db, tx_conflict, NULL, &e), ERR_CONFLICT);
	assert_int_equal(has_t(f->db, 20), 0);
	/* fn succeeds: committed. */
	err_clear(&e);
	fail = 0;
	assert_int_equal(db_tx(f->db, tx_insert_then, &fail, &e), 0);
	assert_int_equal(e.code, 0);
	assert_int_equal(has_t(f->db, 10), 1);
	/* The connection is not left inside a transaction. */
	assert_int_equal(db_begin(f->db, &e), 0);
	db_rollback(f->db);
}

static void test_backup(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	char path[400], url[420];
	struct db *copy = NULL;

	unit_quiet_logs();
	unit_exec(f->db, sql_make_t);
	insert_t_ok(f->db, 1, "एक");
	insert_t_ok(f->db, 2, "दो");
	if (unit_is_pg(f->db)) {
		assert_int_equal(db_backup(f->db, "/tmp/never-written.db", &e), ERR_INVALID);
		assert_string_equal(e.field, "db");
		assert_int_equal(access("/tmp/never-written.db", F_OK), -1);
		return;
	}
	/* From inside this connection's own write transaction the backup cannot proceed: it must
	 * fail (it used to retry SQLITE_LOCKED forever), and the transaction stays usable. */
	unit_db_path(&f->u, "backup.db", path, sizeof path);
	assert_int_equal(db_begin_write(f->db, &e), 0);
	insert_t_ok(f->db, 3, "तीन");
	assert_int_equal(db_backup(f->db, path, &e), ERR_BUSY);
	db_rollback(f->db);
	err_clear(&e);
	/* Another connection's open write transaction does not block it (WAL); the copy holds
	 * only committed rows. */
	{
		struct db *writer = NULL;
		assert_int_equal(db_open(f->u.url, &writer, &e), 0);
		assert_int_equal(db_begin_write(writer, &e), 0);
		insert_t_ok(writer, 4, "चार");
		assert_int_equal(db_backup(f->db, path, &e), 0);
		db_rollback(writer);
		db_close(writer);
	}
	/* A file of its own: private (0600), no WAL (header bytes 18-19 say rollback journal), and
	 * no temporary file left beside it
	 * (read before db_open, which turns WAL on). */
	{
		struct stat st;
		unsigned char hdr[20];
		FILE *fp = fopen(path, "rb");
		DIR *d;
		struct dirent *ent;
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0600);
		assert_non_null(fp);
		assert_int_equal(fread(hdr, 1, sizeof hdr, fp), sizeof hdr);
		fclose(fp);
		assert_int_equal(hdr[18], 1);
		assert_int_equal(hdr[19], 1);
		d = opendir(f->u.dir);
		assert_non_null(d);
		while ((ent = readdir(d)) != NULL)
			assert_null(strstr(ent->d_name, ".tmp-"));
		closedir(d);
	}
	snprintf(url, sizeof url, "sqlite:%s", path);
	assert_int_equal(db_open(url, &copy, &e), 0);
	assert_int_equal(unit_scalar(copy, sql_count_t), 2);
	{
		static const char sql[] = "SELECT name FROM t WHERE id = 2";
		struct db_stmt *st = db_prepare(copy, sql, &e);
		assert_int_equal(db_step(st, &e), DB_ROW);
		assert_string_equal(db_col_text(st, 0), "दो");
		db_done(st);
	}
	{
		static const char sql[] = "PRAGMA integrity_check";
		struct db_stmt *st = db_prepare(copy, sql, &e);
		assert_int_equal(db_step(st, &e), DB_ROW);
		assert_string_equal(db_col_text(st, 0), "ok");
		db_done(st);
	}
	{
		/* The integrity check a restore runs says whole. */
		struct buf problem = BUF_INIT;
		assert_int_equal(db_integrity(copy, &problem, &e), 0);
		buf_free(&problem);
	}
	db_close(copy);
	/* A backup over an older one replaces it whole. */
	insert_t_ok(f->db, 5, "पाँच");
	assert_int_equal(db_backup(f->db, path, &e), 0);
	assert_int_equal(db_open(url, &copy, &e), 0);
	assert_int_equal(unit_scalar(copy, sql_count_t), 3);
	db_close(copy);
	/* Never over the database itself. */
	assert_int_equal(db_backup(f->db, db_file(f->db), &e), ERR_INVALID);
	assert_string_equal(e.field, "file");
	err_clear(&e);
	/* Where the copy cannot be written. */
	err_clear(&e);
	assert_int_equal(db_backup(f->db, "/nonexistent-dir-daftar/b.db", &e), ERR_INVALID);
	assert_string_equal(e.field, "file");
}

/* Opens a read transaction that has read (what db_memo needs). */
static void read_tx(struct db *db)
{
	struct err e = ERR_INIT;
	assert_int_equal(db_begin(db, &e), 0);
	(void)unit_scalar(db, sql_count_t);
}

static int memo_is(struct db *db, const char *key, const char *want)
{
	const char *d = NULL;
	size_t n = 0;
	if (!db_memo_get(db, key, &d, &n))
		return want == NULL;
	return want && n == strlen(want) && memcmp(d, want, n) == 0;
}

/* db_memo: an entry lives exactly while nothing is committed, by this connection or another;
 * only in a read transaction that has read; never on PostgreSQL; bounded in size and number. */
static void test_memo(void **state)
{
	struct unit_fx *f = *state;
	struct db *other = NULL;
	struct err e = ERR_INIT;
	char big[100];

	unit_exec(f->db, sql_make_t);
	assert_int_equal(insert_t(f->db, 1, "one", &e), 0);

	/* outside a transaction, and in one that has not read yet: nothing kept */
	db_memo_put(f->db, "k", "v1", 2);
	assert_true(memo_is(f->db, "k", NULL));
	assert_int_equal(db_begin(f->db, &e), 0);
	db_memo_put(f->db, "k", "v1", 2);
	(void)unit_scalar(f->db, sql_count_t);
	assert_true(memo_is(f->db, "k", NULL));
	db_rollback(f->db);

	read_tx(f->db);
	db_memo_put(f->db, "k", "v1", 2);
	db_memo_put(f->db, "empty", "", 0);
	if (unit_is_pg(f->db)) { /* PostgreSQL: never */
		assert_true(memo_is(f->db, "k", NULL));
		db_rollback(f->db);
		return;
	}
	assert_true(memo_is(f->db, "k", "v1"));
	assert_true(memo_is(f->db, "empty", ""));
	assert_true(memo_is(f->db, "k2", NULL));
	db_rollback(f->db);
	/* the next read transaction, nothing committed in between: still there */
	read_tx(f->db);
	assert_true(memo_is(f->db, "k", "v1"));
	db_memo_put(f->db, "k", "v2", 2); /* replaces */
	assert_true(memo_is(f->db, "k", "v2"));
	db_rollback(f->db);

	/* a commit on this connection ends it */
	assert_int_equal(insert_t(f->db, 2, "two", &e), 0);
	read_tx(f->db);
	assert_true(memo_is(f->db, "k", NULL));
	db_memo_put(f->db, "k", "v3", 2);
	db_rollback(f->db);
	/* a write transaction rolled back changes nothing; inside a write transaction: no memo */
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(insert_t(f->db, 3, "three", &e), 0);
	assert_true(memo_is(f->db, "k", NULL));
	db_rollback(f->db);
	read_tx(f->db);
	assert_true(memo_is(f->db, "k", "v3"));
	db_rollback(f->db);

	/* a commit on another connection ends it, seen at the next read transaction */
	assert_int_equal(db_open(f->u.url, &other, &e), 0);
	read_tx(f->db);
	assert_int_equal(insert_t(other, 4, "four", &e), 0);
	assert_true(memo_is(f->db, "k", "v3")); /* this snapshot is from before that commit */
	db_rollback(f->db);
	read_tx(f->db);
	assert_true(memo_is(f->db, "k", NULL));
	assert_int_equal(unit_scalar(f->db, sql_count_t), 3);
	db_rollback(f->db);
	db_close(other);

	/* too big: not kept; more keys than slots: the least recently used goes */
	read_tx(f->db);
	{
		char *huge = calloc(1, DB_MEMO_MAX_BYTES + 1);
		assert_non_null(huge);
		db_memo_put(f->db, "huge", huge, DB_MEMO_MAX_BYTES + 1);
		assert_true(memo_is(f->db, "huge", NULL));
		free(huge);
	}
	for (int i = 0; i < DB_MEMO_SLOTS; i++) {
		snprintf(big, sizeof big, "key%d", i);
		db_memo_put(f->db, big, big, strlen(big));
	}
	assert_true(memo_is(f->db, "key0", "key0")); /* key1 is now the least recently used */
	db_memo_put(f->db, "new", "new", 3);
	assert_true(memo_is(f->db, "key1", NULL));
	assert_true(memo_is(f->db, "key0", "key0"));
	assert_true(memo_is(f->db, "new", "new"));
	db_rollback(f->db);
}

#define DB_TESTS(pre)                                                                        \
	cmocka_unit_test_prestate_setup_teardown(test_open_settings, setup, unit_fx_teardown, pre),  \
	cmocka_unit_test_prestate_setup_teardown(test_migrate_idempotent, setup, unit_fx_teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_statement_cache, setup, unit_fx_teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_prepare_error, setup, unit_fx_teardown, pre),  \
	cmocka_unit_test_prestate_setup_teardown(test_binds_and_columns, setup, unit_fx_teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_bindings_cleared_and_bad_index, setup, unit_fx_teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_changes, setup, unit_fx_teardown, pre),        \
	cmocka_unit_test_prestate_setup_teardown(test_scalar, setup, unit_fx_teardown, pre),         \
	cmocka_unit_test_prestate_setup_teardown(test_transactions, setup, unit_fx_teardown, pre),   \
	cmocka_unit_test_prestate_setup_teardown(test_savepoints, setup, unit_fx_teardown, pre),     \
	cmocka_unit_test_prestate_setup_teardown(test_constraint_conflict, setup, unit_fx_teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_ceilings, setup, unit_fx_teardown, pre),       \
	cmocka_unit_test_prestate_setup_teardown(test_migrate_restores, setup, unit_fx_teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_busy, setup, unit_fx_teardown, pre),           \
	cmocka_unit_test_prestate_setup_teardown(test_db_tx, setup, unit_fx_teardown, pre),          \
	cmocka_unit_test_prestate_setup_teardown(test_backup, setup, unit_fx_teardown, pre),         \
	cmocka_unit_test_prestate_setup_teardown(test_memo, setup, unit_fx_teardown, pre)

int main(void)
{
	const struct CMUnitTest sqlite_tests[] = {
		cmocka_unit_test(test_open_refusals),
		DB_TESTS(UNIT_ON_SQLITE),
	};
	const struct CMUnitTest pg_tests[] = {
		DB_TESTS(UNIT_ON_PG),
	};

	unit_quiet_logs();
	return UNIT_RUN_BOTH("db", sqlite_tests, pg_tests);
}
