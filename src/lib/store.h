/* store.h - the server's view of the database: one connection per thread for reads, and writes
 * that are group-committed. On SQLite one writer thread runs queued units of work, each in its
 * own savepoint, and commits them together with one fsync; on PostgreSQL each thread commits its
 * own transaction (the server groups commits itself). Either way a write returns only after its
 * commit is durable. */
#ifndef DAFTAR_STORE_H
#define DAFTAR_STORE_H

#include "lib/db.h"
#include "lib/err.h"

struct store;

/* Opens the store (and, for SQLite, starts the writer thread). Runs migrations. */
int store_open(const char *url, struct store **ret, struct err *e) __attribute__((warn_unused_result));
void store_close(struct store *s);
/* "SQLite" or "PostgreSQL". */
const char *store_backend_name(const struct store *s);
/* This thread's connection, opened on first use and closed when the thread exits. NULL with e
 * filled when the database cannot be reached. */
struct db *store_db(struct store *s, struct err *e);
/* Runs fn in a write transaction; returns its result once the commit is durable. If fn fails,
 * nothing it did is kept. If the commit fails, returns <0 even though fn succeeded. */
int store_write(struct store *s, db_work_fn fn, void *ctx, struct err *e) __attribute__((warn_unused_result));

/* For tests that order writers without sleeping: fn(ctx, waiting) is called each time a write
 * joins the SQLite writer's queue, with the number of writes then waiting (the batch being run
 * not counted), under the queue's lock: fn must not call the store and must return quickly.
 * NULL removes the hook. PostgreSQL has no queue: fn is never called. */
typedef void (*store_queue_hook_fn)(void *ctx, int waiting);
void store_set_queue_hook(struct store *s, store_queue_hook_fn fn, void *ctx);

#endif
