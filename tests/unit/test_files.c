/* test_files.c - files that appear whole (a temporary name 0600 whatever the umask, committed by
 * rename), the database's lock (shared for servers, exclusive for a restore, never waiting), and
 * the data directory made private (0700, its regular files 0600, symbolic links left alone). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/files.h"

static char dir[64];

static void path_in(char *out, size_t cap, const char *name) { snprintf(out, cap, "%s/%s", dir, name); }

static unsigned mode_of(const char *p)
{
	struct stat st;
	assert_int_equal(lstat(p, &st), 0);
	return st.st_mode & 07777;
}

static void write_text(const char *p, const char *text)
{
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_temp_and_commit(void **state)
{
	char final[128], tmp[160], src[128], got[32] = "";
	mode_t old = umask(0);
	int fd;
	FILE *f;
	(void)state;

	path_in(final, sizeof final, "backup.db");
	write_text(final, "old");
	fd = files_temp(final, tmp, sizeof tmp);
	assert_true(fd >= 0);
	assert_int_equal(strncmp(tmp, final, strlen(final)), 0);
	assert_non_null(strstr(tmp, ".tmp-"));
	assert_int_equal(mode_of(tmp), 0600); /* not 0666 under umask 0 */
	path_in(src, sizeof src, "src");
	write_text(src, "new contents");
	assert_int_equal(files_copy_fd(src, fd), 0);
	close(fd);
	/* Until committed, the old file is whole. */
	f = fopen(final, "r");
	assert_non_null(fgets(got, sizeof got, f));
	fclose(f);
	assert_string_equal(got, "old");
	assert_int_equal(files_commit(tmp, final), 0);
	assert_int_equal(access(tmp, F_OK), -1);
	f = fopen(final, "r");
	assert_non_null(fgets(got, sizeof got, f));
	fclose(f);
	assert_string_equal(got, "new contents");
	assert_int_equal(mode_of(final), 0600);
	/* Where no file can be made. */
	assert_int_equal(files_temp("/nonexistent-daftar-dir/x.db", tmp, sizeof tmp), -1);
	assert_int_equal(files_temp(final, tmp, 8), -1);
	unlink(final);
	unlink(src);
	umask(old);
}

static void test_lock(void **state)
{
	char db[128], lock[160];
	int a = -1, b = -1, x = -1;
	(void)state;

	path_in(db, sizeof db, "daftar.db");
	/* Servers share it; a restore cannot have it while one runs. */
	assert_int_equal(files_lock(db, FILES_LOCK_SHARED, &a), 0);
	assert_int_equal(files_lock(db, FILES_LOCK_SHARED, &b), 0);
	assert_int_equal(files_lock(db, FILES_LOCK_EXCLUSIVE, &x), 1);
	files_unlock(a);
	assert_int_equal(files_lock(db, FILES_LOCK_EXCLUSIVE, &x), 1);
	files_unlock(b);
	/* All gone: the restore has it, and then no server can start. */
	assert_int_equal(files_lock(db, FILES_LOCK_EXCLUSIVE, &x), 0);
	assert_int_equal(files_lock(db, FILES_LOCK_SHARED, &a), 1);
	files_unlock(x);
	assert_int_equal(files_lock(db, FILES_LOCK_SHARED, &a), 0);
	files_unlock(a);
	snprintf(lock, sizeof lock, "%s.lock", db);
	assert_int_equal(mode_of(lock), 0600);
	unlink(lock);
	assert_int_equal(files_lock("/nonexistent-daftar-dir/daftar.db", FILES_LOCK_SHARED, &a), -1);
}

static void test_private_dir(void **state)
{
	char sub[128], file[160], other[160], link_[160], inner[160];
	(void)state;

	path_in(sub, sizeof sub, "data");
	assert_int_equal(mkdir(sub, 0755), 0);
	snprintf(file, sizeof file, "%s/daftar.db", sub);
	snprintf(other, sizeof other, "%s/outside", dir);
	snprintf(link_, sizeof link_, "%s/link", sub);
	snprintf(inner, sizeof inner, "%s/inner", sub);
	write_text(file, "x");
	write_text(other, "y");
	assert_int_equal(chmod(file, 0644), 0);
	assert_int_equal(chmod(other, 0644), 0);
	assert_int_equal(symlink(other, link_), 0);
	assert_int_equal(mkdir(inner, 0755), 0);
	assert_int_equal(files_private_dir(sub), 0);
	assert_int_equal(mode_of(sub), 0700);
	assert_int_equal(mode_of(file), 0600);
	assert_int_equal(mode_of(other), 0644); /* a link is not followed */
	assert_int_equal(mode_of(inner), 0755); /* only the files directly in it */
	unlink(link_);
	unlink(file);
	unlink(other);
	rmdir(inner);
	rmdir(sub);
	assert_int_equal(files_private_dir(sub), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_temp_and_commit),
		cmocka_unit_test(test_lock),
		cmocka_unit_test(test_private_dir),
	};
	int rc;
	snprintf(dir, sizeof dir, "/tmp/daftar-files-%ld", (long)getpid());
	if (mkdir(dir, 0700) < 0)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	rmdir(dir);
	return rc;
}
