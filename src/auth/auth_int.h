/* auth_int.h - what the auth files share and nobody else needs: reading a user row, hashing ids
 * and tokens, and writing audit records with the entities' snapshots. */
#ifndef DAFTAR_AUTH_INT_H
#define DAFTAR_AUTH_INT_H

#include <stddef.h>
#include <stdint.h>

#include "auth/auth.h"
#include "lib/buf.h"
#include "lib/db.h"
#include "lib/err.h"

/* The columns auth_read_user() reads, in this order, from users aliased u. */
#define AUTH_USER_COLS "u.id, u.username, u.display_name, u.lang, u.can_create_companies"
#define AUTH_USER_NCOLS 5

/* Fills u from the AUTH_USER_COLS at the start of the current row. */
void auth_read_user(struct db_stmt *st, struct auth_user *u);
/* The SHA-256 of s as 64 hex digits: what is stored of a session id or a token. */
void auth_hash_hex(const char *s, char out[65]);
/* 1 when s is exactly n lowercase hex digits. */
int auth_is_hex(const char *s, size_t n);
/* Refuses (ERR_FORBIDDEN, reason "other_company", figure company) when actor is not an admin of
 * every company user_id belongs to: what is done to a user (disabling them, a token of theirs)
 * reaches every company they work in. */
int auth_authority(struct db *db, int64_t actor, int64_t user_id, struct err *e);
/* ERR_INTERNAL "out of memory". */
int auth_oom(struct err *e);

/* audit_append in chain cid with the snapshots in before/after ("" or NULL: none); frees both.
 * snap_rc is what writing the snapshots returned (<0: out of memory, nothing is appended). */
int auth_record(struct db *db, int64_t cid, int64_t actor, const char *entity, int64_t eid, const char *action,
		struct buf *before, struct buf *after, int snap_rc, struct err *e);
/* The same record in the system chain and in the chain of every company user_id belongs to, so
 * that each company's admins read what was done to one of their people; frees both buffers. */
int auth_record_user_wide(struct db *db, int64_t user_id, int64_t actor, const char *entity, int64_t eid,
			  const char *action, struct buf *before, struct buf *after, int snap_rc, struct err *e);

#endif
