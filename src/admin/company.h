/* company.h - companies (the tenant wall): create, read, and list those a user belongs to. */
#ifndef DAFTAR_COMPANY_H
#define DAFTAR_COMPANY_H

#include <stdint.h>

#include "lib/buf.h"
#include "lib/db.h"
#include "lib/err.h"

#define COMPANY_NAME_MAX_BYTES 200

struct company {
	int64_t id;
	char name[COMPANY_NAME_MAX_BYTES + 1];
	char gstin[16];
	char state_code[3];
};

/* Creates a company, its audit chain, books, chart of accounts and inventory defaults (write
 * transaction), audited with company_json; name is 1..COMPANY_NAME_MAX_BYTES of valid UTF-8;
 * gstin may be NULL or "" (when given, it decides the state). */
int company_create(struct db *db, const char *name, const char *gstin, const char *state_code,
		   int64_t actor, int64_t *ret_id, struct err *e) __attribute__((warn_unused_result));
/* Reads one company; ERR_NOT_FOUND when there is none. */
int company_get(struct db *db, int64_t id, struct company *ret, struct err *e) __attribute__((warn_unused_result));
/* The company's snapshot, the one JSON shape of a company in the audit log:
 * {"name","gstin","state_code"} (null when empty). 0, or -1 out of memory. */
int company_json(struct buf *out, const struct company *c) __attribute__((warn_unused_result));
/* JSON array of {"id","name","gstin","state_code","role"} of the companies the user is a member of. */
int company_list_json(struct db *db, int64_t user_id, struct buf *out, struct err *e) __attribute__((warn_unused_result));
/* The id of the first company (the lowest) in *ret_id, 0 when there is none yet. */
int company_first(struct db *db, int64_t *ret_id, struct err *e) __attribute__((warn_unused_result));
/* The id of the company after `after` in id order in *ret_id, 0 when there is none. */
int company_next(struct db *db, int64_t after, int64_t *ret_id, struct err *e) __attribute__((warn_unused_result));

#endif
