/* cli_backup.c - `daftar backup` (one consistent copy while the server runs) and `daftar restore`
 * (refused while a server holds the database; the file is checked, then swapped in whole). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "lib/buf.h"
#include "lib/clock.h"
#include "lib/files.h"
#include "lib/log.h"
#include "lib/banned.h"

enum {
	SQL_IS_DAFTAR,
	SQL_MAX
};

static const char *const sql[SQL_MAX] = {
	/* A restore takes only a database Daftar wrote (restore is SQLite's: sqlite_schema). */
	[SQL_IS_DAFTAR] = "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'audit_log' AND EXISTS "
			  "(SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations')",
};

int cmd_backup(int argc, char **argv)
{
	struct cli_opts o;
	struct db *db = NULL;
	struct err e = ERR_INIT;
	int64_t t0;
	int rc;

	if (cli_parse(argc, argv, 2, NULL, &o) < 0)
		return 2;
	if (o.npos != 1) {
		fprintf(stderr, "daftar: backup --data DIR FILE\n");
		return 2;
	}
	if ((rc = cli_open(&o, &db)) != 0)
		return rc;
	t0 = log_now_us();
	rc = db_backup(db, o.pos[0], &e);
	db_close(db);
	if (rc < 0)
		return cli_fail(&e);
	{
		long long tenths = (long long)(log_now_us() - t0) / 100000; /* integer arithmetic, no float */
		printf("Backed up to %s in %lld.%lld s. To restore it: daftar restore --data DIR %s (with the server stopped).\n",
		       o.pos[0], tenths / 10, tenths % 10, o.pos[0]);
	}
	return 0;
}

/* The file to restore, copied beside the database as tmp: a Daftar database, whole by SQLite's
 * integrity check, brought up to this version's schema, and its audit chains whole. Returns 0, or
 * the exit code with the reason printed. */
static int restore_check(const char *file, const char *tmp, int64_t *records)
{
	char url[2200];
	struct db *db = NULL;
	struct err e = ERR_INIT;
	struct buf problem = BUF_INIT;
	int rc;

	snprintf(url, sizeof url, "sqlite:%s", tmp);
	if (db_open(url, &db, &e) < 0) {
		fprintf(stderr, "daftar: %s is not a database Daftar can open; nothing restored\n", file);
		return 2;
	}
	rc = db_integrity(db, &problem, &e);
	if (rc != 0) {
		fprintf(stderr, "daftar: %s is damaged (integrity check: %s); nothing restored\n", file,
			rc > 0 ? buf_str(&problem) : "not a database");
		rc = 2;
	} else if ((rc = db_exists(db, sql[SQL_IS_DAFTAR], DB_NOARGS, &e)) != 1) {
		fprintf(stderr, "daftar: %s is not a Daftar database; nothing restored\n", file);
		rc = 2;
	} else if (db_migrate(db, &e) < 0) {
		fprintf(stderr, "daftar: %s cannot be brought up to this version (%s); nothing restored\n", file, e.msg);
		rc = 2;
	} else if ((rc = audit_verify(db, records, &problem, &e)) != 0) {
		if (rc > 0)
			fprintf(stderr, "daftar: the audit chain of %s is BROKEN: %s; nothing restored\n", file, buf_str(&problem));
		else
			fprintf(stderr, "daftar: cannot verify the audit chain of %s (%s); nothing restored\n", file, e.msg);
		rc = rc > 0 ? 10 : 2;
	}
	buf_free(&problem);
	db_close(db); /* the last connection: its WAL is merged into tmp and removed */
	return rc;
}

static void remove_beside(const char *path, const char *suffix)
{
	char p[2200];
	snprintf(p, sizeof p, "%s%s", path, suffix);
	unlink(p);
}

/* The database being replaced: its WAL merged into it (opening and closing the last connection
 * does that), so nothing committed is left in a -wal beside a file that moves away, and a new
 * database never meets the old one's -wal or -shm. Returns 0, or the exit code. */
static int restore_settle(const char *path)
{
	char url[4200], wal[4200];
	struct db *db = NULL;
	struct err e = ERR_INIT;
	struct stat st;

	if (access(path, F_OK) < 0)
		return 0;
	snprintf(url, sizeof url, "sqlite:%s", path);
	if (db_open(url, &db, &e) < 0) {
		fprintf(stderr, "daftar: cannot open the current database %s (%s); nothing restored\n", path, e.msg);
		return 1;
	}
	db_close(db);
	snprintf(wal, sizeof wal, "%s-wal", path);
	if (stat(wal, &st) == 0 && st.st_size > 0) {
		fprintf(stderr, "daftar: %s still has a write-ahead log (is another program using it?); nothing restored\n", path);
		return 5;
	}
	remove_beside(path, "-wal");
	remove_beside(path, "-shm");
	return 0;
}

/* Swaps tmp in at path, keeping the database that was there under a name of its own. */
static int restore_swap(const char *tmp, const char *path, char *kept, size_t cap)
{
	char now[CLOCK_ISO_SIZE];
	kept[0] = '\0';
	if (access(path, F_OK) == 0) {
		clock_now_iso(now);
		snprintf(kept, cap, "%s.before-restore-%.4s%.2s%.2sT%.2s%.2s%.2sZ", path, now, now + 5, now + 8, now + 11,
			 now + 14, now + 17);
		if (link(path, kept) < 0) {
			fprintf(stderr, "daftar: cannot keep the current database as %s: %s; nothing restored\n", kept, strerror(errno));
			return 1;
		}
	}
	if (files_commit(tmp, path) < 0) {
		fprintf(stderr, "daftar: cannot put the restored database in place: %s; nothing restored\n", strerror(errno));
		if (kept[0])
			unlink(kept);
		return 1;
	}
	return 0;
}

static int restore_into(const char *file, const char *path, const char *dir)
{
	char tmp[2100], kept[2200];
	int64_t records = 0;
	int fd, rc;

	fd = files_temp(path, tmp, sizeof tmp);
	if (fd < 0) {
		fprintf(stderr, "daftar: cannot write beside %s: %s\n", path, strerror(errno));
		return 1;
	}
	rc = files_copy_fd(file, fd);
	close(fd);
	if (rc < 0) {
		fprintf(stderr, "daftar: cannot read %s: %s; nothing restored\n", file, strerror(errno));
		unlink(tmp);
		return 2;
	}
	rc = restore_check(file, tmp, &records);
	if (rc == 0)
		rc = restore_settle(path);
	if (rc == 0)
		rc = restore_swap(tmp, path, kept, sizeof kept);
	if (rc != 0) {
		unlink(tmp);
		remove_beside(tmp, "-wal");
		remove_beside(tmp, "-shm");
		remove_beside(tmp, "-journal");
		return rc;
	}
	if (dir && files_private_dir(dir) < 0)
		fprintf(stderr, "daftar: warning: cannot make %s private: %s\n", dir, strerror(errno));
	printf("Restored %s into %s (audit chain whole: %lld records verified).\n", file, path, (long long)records);
	if (kept[0])
		printf("The database it replaced is kept as %s.\n", kept);
	return 0;
}

int cmd_restore(int argc, char **argv)
{
	struct cli_opts o;
	const char *dir, *path;
	char url[2048];
	struct stat st;
	int lock = -1, rc;

	if (cli_parse(argc, argv, 2, NULL, &o) < 0)
		return 2;
	if (o.npos != 1) {
		fprintf(stderr, "daftar: restore --data DIR FILE\n");
		return 2;
	}
	if (cli_db_url(&o, url, sizeof url) < 0)
		return 2;
	if (strncmp(url, "sqlite:", 7) != 0) {
		fprintf(stderr, "daftar: restore works on SQLite; for PostgreSQL use pg_restore (see README)\n");
		return 2;
	}
	path = url + 7;
	if (stat(o.pos[0], &st) < 0 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "daftar: %s is not a file\n", o.pos[0]);
		return 2;
	}
	dir = cli_get(&o, "data");
	if (dir && *dir && mkdir(dir, 0700) < 0 && errno != EEXIST) {
		fprintf(stderr, "daftar: cannot create %s: %s\n", dir, strerror(errno));
		return 1;
	}
	rc = files_lock(path, FILES_LOCK_EXCLUSIVE, &lock);
	if (rc == 1) {
		fprintf(stderr, "daftar: a server is running on %s (it holds %s.lock): stop it, then restore\n", path, path);
		return 5;
	}
	if (rc < 0) {
		fprintf(stderr, "daftar: cannot lock %s.lock: %s\n", path, strerror(errno));
		return 1;
	}
	rc = restore_into(o.pos[0], path, dir && *dir ? dir : NULL);
	files_unlock(lock);
	return rc;
}
