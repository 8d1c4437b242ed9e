/* audit_int.h - what the audit module's files share: the head of every chain. */
#ifndef DAFTAR_AUDIT_INT_H
#define DAFTAR_AUDIT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "lib/db.h"
#include "lib/err.h"
#include "lib/secure.h"

/* A chain's head as audit_head keeps it: company (0: the system chain), last seq, its hash. */
struct audit_head {
	int64_t cid, seq;
	char hash[2 * SECURE_HASH_LEN + 1];
};

struct audit_heads {
	struct audit_head *v;
	size_t n, cap;
};

/* Every chain's head, in company order, into *h (start it {NULL, 0, 0}; the caller frees h->v). */
int audit_heads_read(struct db *db, struct audit_heads *h, struct err *e) __attribute__((warn_unused_result));

#endif
