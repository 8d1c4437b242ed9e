/* company.h - companies (the tenant wall): create, read, and list those a user belongs to. */
#ifndef DAFTAR_COMPANY_H
#define DAFTAR_COMPANY_H

#include <stdint.h>

#include "lib/buf.h"
#include "lib/db.h"
#include "lib/err.h"

struct company {
	int64_t id;
	char name[256];
	char gstin[16];
	char state_code[3];
};

/* Creates a company and its audit chain (write transaction); gstin may be NULL or "". */
int company_create(struct db *db, const char *name, const char *gstin, const char *state_code,
		   int64_t actor, int64_t *ret_id, struct err *e) __attribute__((warn_unused_result));
int company_get(struct db *db, int64_t id, struct company *ret, struct err *e);
/* The id of the first company (the lowest) in *ret_id, 0 when there is none yet. */
int company_first(struct db *db, int64_t *ret_id, struct err *e) __attribute__((warn_unused_result));
/* JSON array of {"id","name","role","state_code","gstin"} the user is a member of. */
int company_list_json(struct db *db, int64_t user_id, struct buf *out, struct err *e);

#endif
