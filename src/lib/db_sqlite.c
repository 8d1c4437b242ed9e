/* db_sqlite.c - the SQLite backend: WAL, synchronous=FULL (a commit is on disk before we answer),
 * foreign keys on, a busy timeout, and backups in one read transaction. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/db_internal.h"
#include "lib/files.h"
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
		return err_setr(e, ERR_CONFLICT, NULL, "conflict", "constraint: %s", msg);
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

/* Copies every page of db into the (new, empty) database dst in one step: one read transaction
 * of the source from the first page to the last, so other connections' commits neither restart
 * the copy (as step by step would, for ever under steady writes) nor get into it. */
static int backup_pages(struct db *db, sqlite3 *dst, struct err *e)
{
	sqlite3_backup *bk;
	int rc;

	/* No syncs for a file nobody else sees yet: files_commit syncs it once, whole. (Its journal
	 * stays: an empty file has no old pages to keep, and the mode change below needs it.) */
	if (sqlite3_exec(dst, "PRAGMA synchronous=OFF", NULL, NULL, NULL) != SQLITE_OK)
		return err_set(e, ERR_INTERNAL, NULL, "backup failed");
	/* The snapshot: a read transaction that has read, held until every page is copied. */
	rc = sqlite3_exec(db->lite, "BEGIN; SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_exec(db->lite, "ROLLBACK", NULL, NULL, NULL);
		return lite_err(db, rc, e);
	}
	bk = sqlite3_backup_init(dst, "main", db->lite, "main");
	if (!bk) {
		log_error("backup: %s", sqlite3_errmsg(dst));
		sqlite3_exec(db->lite, "ROLLBACK", NULL, NULL, NULL);
		return err_set(e, ERR_INTERNAL, NULL, "backup failed");
	}
	rc = sqlite3_backup_step(bk, -1);
	sqlite3_backup_finish(bk);
	sqlite3_exec(db->lite, "ROLLBACK", NULL, NULL, NULL);
	if (rc != SQLITE_DONE) {
		log_error("backup: %s", sqlite3_errstr(rc));
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			return err_set(e, ERR_BUSY, NULL, "the database is busy; backup not taken");
		return err_set(e, ERR_INTERNAL, NULL, "backup failed");
	}
	return 0;
}

/* The copy's first page says WAL, as the source's does; a connection of its own turns it into a
 * file of its own (rollback journal), with no WAL to look for beside it once restored. */
static int backup_unwal(const char *tmp, struct err *e)
{
	sqlite3 *dst = NULL;
	int rc = sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	if (sqlite3_close(dst) != SQLITE_OK || rc != SQLITE_OK) {
		log_error("backup: journal mode of the copy: %s", sqlite3_errstr(rc));
		return err_set(e, ERR_INTERNAL, NULL, "backup failed");
	}
	return 0;
}

int db_sqlite_backup(struct db *db, const char *path, struct err *e)
{
	char tmp[4096];
	const char *src = sqlite3_db_filename(db->lite, "main");
	struct stat a, b;
	sqlite3 *dst = NULL;
	int fd, rc;

	if (!sqlite3_get_autocommit(db->lite))
		return err_set(e, ERR_BUSY, NULL, "a transaction is open on this connection; backup not taken");
	if (src && *src && stat(src, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return err_set(e, ERR_INVALID, "file", "%s is the database itself", path);
	fd = files_temp(path, tmp, sizeof tmp);
	if (fd < 0)
		return err_set(e, ERR_INVALID, "file", "cannot create %s: %s", path, strerror(errno));
	close(fd);
	rc = sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK)
		rc = err_set(e, ERR_INVALID, "file", "cannot create %s", path);
	else
		rc = backup_pages(db, dst, e);
	if (dst && sqlite3_close(dst) != SQLITE_OK && rc == 0)
		rc = err_set(e, ERR_INTERNAL, NULL, "backup failed");
	if (rc == 0)
		rc = backup_unwal(tmp, e);
	if (rc == 0 && files_commit(tmp, path) < 0)
		rc = err_set(e, ERR_INVALID, "file", "cannot write %s: %s", path, strerror(errno));
	if (rc < 0)
		unlink(tmp);
	return rc;
}

int db_sqlite_integrity(struct db *db, struct buf *problem, struct err *e)
{
	sqlite3_stmt *st;
	int rc, bad = 0;

	rc = sqlite3_prepare_v2(db->lite, "PRAGMA integrity_check(20)", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return lite_err(db, rc, e);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);
		if (line && strcmp(line, "ok") == 0)
			continue;
		/* a problem too long for the buffer is still a problem: the flag is what counts */
		if ((bad++ && buf_add(problem, "; ", 2) < 0) || (line && buf_add(problem, line, strlen(line)) < 0))
			break;
	}
	sqlite3_finalize(st);
	if (bad)
		return 1;
	return rc == SQLITE_DONE ? 0 : lite_err(db, rc, e);
}
