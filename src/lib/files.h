/* files.h - files that appear whole or not at all (a temporary name, fsync, rename, fsync of the
 * directory), the lock a server holds on its database, and the private modes of a data directory. */
#ifndef DAFTAR_FILES_H
#define DAFTAR_FILES_H

#include <stddef.h>

/* Creates "<final>.tmp-XXXXXX" beside final, mode 0600, and writes its name into tmp.
 * Returns an open descriptor or -1 (errno set). */
int files_temp(const char *final, char *tmp, size_t cap);
/* Flushes a file to the disk (fsync). 0 or -1. */
int files_sync(const char *path);
/* Flushes the directory that holds path, so a rename or a new name in it is durable. 0 or -1. */
int files_sync_dir_of(const char *path);
/* Makes tmp the file at final: fsync tmp, rename it over final, fsync the directory. 0 or -1
 * (tmp is left in place: the caller removes it). */
int files_commit(const char *tmp, const char *final);
/* Copies src into the open descriptor fd (from the start) and fsyncs it. 0 or -1 (errno set). */
int files_copy_fd(const char *src, int fd);

/* The lock beside a database file ("<db>.lock", mode 0600): a server takes it shared for as long
 * as it runs, a restore takes it exclusive. Never waits. Returns 0 with *fd held, 1 when it is
 * held the other way by another process, -1 on an error (errno set). */
enum files_lock_kind { FILES_LOCK_SHARED, FILES_LOCK_EXCLUSIVE };
int files_lock(const char *db_path, enum files_lock_kind kind, int *fd);
void files_unlock(int fd);

/* The data directory holds password hashes and customer details: the directory becomes 0700 and
 * every regular file directly in it 0600 (symbolic links are not followed). 0 or -1 (errno set). */
int files_private_dir(const char *dir);

#endif
