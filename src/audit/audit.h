/* audit.h - the append-only, hash-chained audit log: one chain per company (company 0 holds
 * system events such as users and tokens). Every change appends here in its own transaction. */
#ifndef DAFTAR_AUDIT_H
#define DAFTAR_AUDIT_H

#include <stdint.h>

#include "lib/buf.h"
#include "lib/db.h"
#include "lib/err.h"
#include "lib/page.h"

/* Appends one record: who (user_id, 0 for the system), what (entity, entity_id), the action, and
 * the before/after canonical JSON (NULL when there is none). Must run inside the caller's write
 * transaction; on error nothing is appended and the caller must roll back. */
int audit_append(struct db *db, int64_t company_id, int64_t user_id, const char *entity,
		 int64_t entity_id, const char *action, const char *before_json,
		 const char *after_json, struct err *e) __attribute__((warn_unused_result));

/* Creates the empty chain of a new company (inside the caller's transaction). */
int audit_chain_create(struct db *db, int64_t company_id, struct err *e) __attribute__((warn_unused_result));

/* Recomputes every chain. Returns 0 when all are whole; 1 when broken, with a description of the
 * first bad record in *problem (caller frees with buf_free); <0 on a database error. */
int audit_verify(struct db *db, int64_t *ret_records, struct buf *problem, struct err *e);

/* Number of audit records of a company (for tests and the UI). */
int audit_count(struct db *db, int64_t company_id, int64_t *ret, struct err *e);

/* Writes a page of the company's audit records as a JSON array to out, newest first: at most
 * pg->limit records with seq < pg->after (pg->after 0: from the newest). *ret_next is the seq of
 * the page's last record when more follow (the next page's after), else 0. Each record:
 * {"seq","at","user_id","username","entity","entity_id","action","before","after","hash"}, with
 * before and after the snapshots as they were stored. */
int audit_list_json(struct db *db, int64_t company_id, const struct page *pg, struct buf *out, int64_t *ret_next,
		    struct err *e) __attribute__((warn_unused_result));

#endif
