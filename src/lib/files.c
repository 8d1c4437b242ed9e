/* files.c - whole files (temporary name, fsync, rename, fsync of the directory), the database's
 * lock file (flock), and the private modes of the data directory. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/files.h"
#include "lib/banned.h"

int files_temp(const char *final, char *tmp, size_t cap)
{
	int fd;
	if (snprintf(tmp, cap, "%s.tmp-XXXXXX", final) >= (int)cap) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkostemp(tmp, O_CLOEXEC); /* 0600, whatever the umask */
	if (fd >= 0 && fchmod(fd, 0600) < 0) {
		int saved = errno;
		close(fd);
		unlink(tmp);
		errno = saved;
		return -1;
	}
	return fd;
}

int files_sync(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

int files_sync_dir_of(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int fd, rc;

	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (slash == path)
		snprintf(dir, sizeof dir, "/");
	else if ((size_t)(slash - path) < sizeof dir)
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	else {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

int files_commit(const char *tmp, const char *final)
{
	if (files_sync(tmp) < 0 || rename(tmp, final) < 0)
		return -1;
	return files_sync_dir_of(final);
}

int files_copy_fd(const char *src, int fd)
{
	char chunk[1 << 16];
	int in = open(src, O_RDONLY | O_CLOEXEC);
	ssize_t n = 0;

	if (in < 0)
		return -1;
	if (ftruncate(fd, 0) < 0 || lseek(fd, 0, SEEK_SET) < 0)
		goto fail;
	while ((n = read(in, chunk, sizeof chunk)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(fd, chunk + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				goto fail;
			off += w;
		}
	}
	close(in);
	return fsync(fd);
fail:
	{
		int saved = errno;
		close(in);
		errno = saved;
	}
	return -1;
}

int files_lock(const char *db_path, enum files_lock_kind kind, int *fd)
{
	char path[PATH_MAX];
	int f;

	if (snprintf(path, sizeof path, "%s.lock", db_path) >= (int)sizeof path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	f = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (f < 0)
		return -1;
	if (flock(f, (kind == FILES_LOCK_EXCLUSIVE ? LOCK_EX : LOCK_SH) | LOCK_NB) < 0) {
		int saved = errno;
		close(f);
		if (saved == EWOULDBLOCK)
			return 1;
		errno = saved;
		return -1;
	}
	*fd = f;
	return 0;
}

void files_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* closing the last descriptor releases the flock */
}

int files_private_dir(const char *dir)
{
	DIR *d;
	struct dirent *de;
	int dfd, rc = 0;

	if (chmod(dir, 0700) < 0)
		return -1;
	d = opendir(dir);
	if (!d)
		return -1;
	dfd = dirfd(d);
	while ((de = readdir(d)) != NULL) {
		struct stat st;
		if (de->d_name[0] == '.' && (!de->d_name[1] || (de->d_name[1] == '.' && !de->d_name[2])))
			continue;
		if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
			continue;
		if ((st.st_mode & 07777) != 0600 && fchmodat(dfd, de->d_name, 0600, 0) < 0)
			rc = -1;
	}
	closedir(d);
	return rc;
}
