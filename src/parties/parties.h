/* parties.h - customers and vendors: validated, versioned, searchable, archived not deleted. */
#ifndef DAFTAR_PARTIES_H
#define DAFTAR_PARTIES_H

#include <stdint.h>

#include "audit/audit.h"
#include "lib/db.h"
#include "lib/err.h"
#include "lib/jsonw.h"

#define PARTY_NAME_MAX_CHARS 200
#define PARTY_ADDRESS_MAX_CHARS 500
#define PARTY_LIST_MAX 500

enum party_field {
	PF_KIND, PF_NAME, PF_GSTIN, PF_PAN, PF_PHONE, PF_EMAIL, PF_BILLING, PF_SHIPPING,
	PF_STATE, PF_CREDIT, PF_TERMS, PF_NAME_HI, PF_MAX
};

/* Text fields are "" when absent (stored as NULL). Sizes hold the maximum characters in UTF-8. */
struct party {
	int64_t id;
	int64_t company_id;
	char kind[10];                 /* "customer" | "vendor" */
	char name[PARTY_NAME_MAX_CHARS * 4 + 1];
	char name_hi[PARTY_NAME_MAX_CHARS * 4 + 1];  /* the name in Hindi, "" when none */
	char gstin[16];
	char pan[11];
	char phone[20];
	char email[255];
	char billing_address[PARTY_ADDRESS_MAX_CHARS * 4 + 1];
	char shipping_address[PARTY_ADDRESS_MAX_CHARS * 4 + 1];
	char state_code[3];
	int64_t credit_limit;          /* paise, >= 0 */
	int64_t payment_terms_days;    /* 0..365 */
	int64_t version;
	int archived;
	char created_at[32];
	char updated_at[32];
};

/* Raw input for create/update: which fields were given, with their text as sent. Money and
 * numbers arrive already parsed by the caller where the wire format is not text. */
struct party_input {
	unsigned set;                  /* bit (1u << enum party_field) for each field given */
	const char *text[PF_MAX];      /* text fields; NULL for JSON null */
	int64_t credit_limit;          /* PF_CREDIT, paise */
	int64_t payment_terms_days;    /* PF_TERMS */
	int allow_duplicate;           /* create even if GSTIN or phone matches another party */
	int archived_set;              /* update only: "archived" was given */
	int archived;                  /* update only: false restores an archived party, true archives */
};

/* Creates a party in company cid (write transaction, audited). On ERR_DUPLICATE, e->aux is the
 * id of the matching party. On any error nothing is written. */
int party_create(struct db *db, int64_t cid, int64_t actor, const struct party_input *in,
		 struct party *ret, struct err *e) __attribute__((warn_unused_result));
/* ERR_NOT_FOUND when id is not a party of company cid. */
int party_get(struct db *db, int64_t cid, int64_t id, struct party *ret, struct err *e)
	__attribute__((warn_unused_result));
/* Changes the given fields if the party is still at version `version`; ERR_STALE otherwise
 * (ret then holds the current party). Audited; nothing written on error. A change that changes
 * nothing writes nothing and returns ERR_UNCHANGED (ret: the party as it stands). */
int party_update(struct db *db, int64_t cid, int64_t actor, int64_t id, int64_t version,
		 const struct party_input *in, struct party *ret, struct err *e) __attribute__((warn_unused_result));
/* Archives (never deletes); same version rule as update. */
int party_archive(struct db *db, int64_t cid, int64_t actor, int64_t id, int64_t version,
		  struct party *ret, struct err *e) __attribute__((warn_unused_result));

struct party_query {
	const char *q;        /* matches name, GSTIN or phone; NULL or "" for all */
	const char *kind;     /* NULL for both */
	int archived;         /* 0: active only, 1: archived only, 2: both */
	int64_t after;        /* id of the last party of the previous page, 0 for the first */
	int limit;            /* 1..PARTY_LIST_MAX */
};
/* Calls each() for the parties of the page in name order; *ret_next is the cursor for the next
 * page or 0 when this was the last. */
int party_list(struct db *db, int64_t cid, const struct party_query *q,
	       int (*each)(void *ctx, const struct party *p), void *ctx, int64_t *ret_next, struct err *e);
/* The same page written straight from the rows as party_json objects, one after another, into w
 * (the caller opens and closes the array): no struct party per row. */
int party_list_json(struct db *db, int64_t cid, const struct party_query *q, struct jsonw *w,
		    int64_t *ret_next, struct err *e) __attribute__((warn_unused_result));
int party_count(struct db *db, int64_t cid, int64_t *ret, struct err *e);

/* Writes the party as a JSON object (the API and audit shape). */
void party_json(struct jsonw *w, const struct party *p);
/* party_json's members without the braces, for an answer that adds its own ("unchanged"). */
void party_json_members(struct jsonw *w, const struct party *p);
/* Every party of company cid against its last audit record (audit_cover_query): a party edited
 * behind Daftar's back, one no record has, one gone; findings through each. *ret_rows: parties. */
int party_cover(struct db *db, int64_t cid, audit_finding_fn each, void *ctx, int64_t *ret_rows, struct err *e)
	__attribute__((warn_unused_result));
const char *party_field_name(enum party_field f);

#endif
