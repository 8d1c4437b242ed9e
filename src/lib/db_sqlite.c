/* db_sqlite.c - the SQLite backend: WAL, synchronous=FULL (a commit is on disk before we answer),
 * foreign keys on, a busy timeout, and the online backup API. */
#include <stdio.h>
#include <string.h>

#include "lib/db_internal.h"
#include "lib/log.h"
#include "lib/banned.h"

static int lite_err(struct db *db, int rc, struct err *e)
{
	int base = rc & 0xFF;
	const char *msg = sqlite3_errmsg(db->lite);
	/* A ceiling CHECK says "CHECK constraint failed: ceiling_money_debit"; a STRICT table refuses
	 * the float SQLite makes of integer arithmetic that overflows ("cannot store REAL value in
	 * INTEGER column ..."); sum() of integers refuses to wrap with "integer overflow". */
	if (sqlite3_extended_errcode(db->lite) == SQLITE_CONSTRAINT_CHECK && db_is_ceiling(msg))
		return db_ceiling_err(strstr(msg, "ceiling_"), e);
	if (sqlite3_extended_errcode(db->lite) == SQLITE_CONSTRAINT_DATATYPE && strstr(msg, "REAL value in INTEGER column"))
		return db_ceiling_err(NULL, e);
	if (base == SQLITE_ERROR && strcmp(msg, "integer overflow") == 0)
		return db_ceiling_err(NULL, e);
	if (base == SQLITE_CONSTRAINT)
		return err_set(e, ERR_CONFLICT, NULL, "constraint: %s", msg);
	if (base == SQLITE_BUSY || base == SQLITE_LOCKED)
		return err_set(e, ERR_BUSY, NULL, "database is busy");
	log_error("sqlite: %s (%d)", sqlite3_errmsg(db->lite), rc);
	return err_set(e, ERR_INTERNAL, NULL, "internal error");
}

int db_sqlite_open(const char *path, struct db *db, struct err *e)
{
	static const char *const pragmas[] = {
		"PRAGMA journal_mode=WAL",
		"PRAGMA synchronous=FULL",
		"PRAGMA foreign_keys=ON",
		"PRAGMA temp_store=MEMORY",
		/* 1 MB of pages per connection: the server holds one connection per thread, and the
		 * operating system caches the file for all of them. */
		"PRAGMA cache_size=-1000",
	};
	int rc = sqlite3_open_v2(path, &db->lite,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		if (db->lite)
			log_error("sqlite open %s: %s", path, sqlite3_errmsg(db->lite));
		return err_set(e, ERR_INTERNAL, "db", "cannot open database %s", path);
	}
	sqlite3_busy_timeout(db->lite, 5000);
	for (size_t i = 0; i < sizeof pragmas / sizeof pragmas[0]; i++) {
		sqlite3_stmt *st;
		rc = sqlite3_prepare_v2(db->lite, pragmas[i], -1, &st, NULL);
		if (rc == SQLITE_OK) {
			while ((rc = sqlite3_step(st)) == SQLITE_ROW)
				;
			sqlite3_finalize(st);
		}
		if (rc != SQLITE_DONE)
			return lite_err(db, rc, e);
	}
	return 0;
}

int db_sqlite_exec(struct db *db, const char *sql, struct err *e)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->lite, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		if (msg)
			log_error("sqlite exec: %s", msg);
		sqlite3_free(msg);
		return lite_err(db, rc, e);
	}
	return 0;
}

int db_sqlite_prepare(struct db_stmt *st, struct err *e)
{
	int rc = sqlite3_prepare_v3(st->db->lite, st->sql, -1, SQLITE_PREPARE_PERSISTENT, &st->lite, NULL);
	if (rc != SQLITE_OK) {
		log_error("sqlite prepare: %s in: %.300s", sqlite3_errmsg(st->db->lite), st->sql);
		return err_set(e, ERR_INTERNAL, NULL, "internal error");
	}
	return 0;
}

int db_sqlite_step(struct db_stmt *st, struct err *e)
{
	int rc = sqlite3_step(st->lite);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE) {
		st->changes = sqlite3_changes64(st->db->lite);
		return DB_DONE;
	}
	return lite_err(st->db, rc, e);
}

void db_sqlite_finalize(struct db_stmt *st) { sqlite3_finalize(st->lite); }

void db_sqlite_close(struct db *db)
{
	if (db->lite)
		sqlite3_close_v2(db->lite);
}

int db_sqlite_backup(struct db *db, const char *path, struct err *e)
{
	sqlite3 *dst;
	sqlite3_backup *bk;
	int rc = sqlite3_open(path, &dst);

	if (rc != SQLITE_OK) {
		sqlite3_close(dst);
		return err_set(e, ERR_INVALID, "file", "cannot create %s", path);
	}
	bk = sqlite3_backup_init(dst, "main", db->lite, "main");
	if (!bk) {
		log_error("backup: %s", sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return err_set(e, ERR_INTERNAL, NULL, "backup failed");
	}
	/* Waits are bounded: SQLITE_LOCKED (this connection is mid-write) never clears by waiting,
	 * and another process may hold its lock for longer than we should hang. */
	for (int waits = 0;;) {
		rc = sqlite3_backup_step(bk, 256);
		if (rc == SQLITE_OK)
			continue;
		if (rc == SQLITE_BUSY && waits++ < 250) {  /* about 5 s, like the busy timeout */
			sqlite3_sleep(20);
			continue;
		}
		break;
	}
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE) {
		log_error("backup: %s", sqlite3_errstr(rc));
		sqlite3_close(dst);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			return err_set(e, ERR_BUSY, NULL, "the database is busy (or in a write transaction); backup not taken");
		return err_set(e, ERR_INTERNAL, NULL, "backup failed");
	}
	rc = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	sqlite3_close(dst);
	return rc == SQLITE_OK ? 0 : err_set(e, ERR_INTERNAL, NULL, "backup failed");
}
