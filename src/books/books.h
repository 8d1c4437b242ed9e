/* books.h - the state of a company's books that every module posting to them obeys: the first day
 * of the books, the period lock, the company's GST state and its time zone (so "today" is the
 * company's today). Below accounts and inventory, above audit. */
#ifndef DAFTAR_BOOKS_H
#define DAFTAR_BOOKS_H

#include <stdint.h>

#include "lib/clock.h"
#include "lib/date.h"
#include "lib/db.h"
#include "lib/err.h"

struct books {
	char books_from[DATE_ISO_SIZE];   /* the first day entries may carry */
	char lock_date[DATE_ISO_SIZE];    /* entries on or before it are refused; "" when unlocked */
	char state_code[3];               /* the company's GST state, "" when none */
	char timezone[CLOCK_TZ_SIZE];     /* IANA name, CLOCK_TZ_DEFAULT unless set */
	int64_t version;
};

/* Creates the books row of a new company (inside the caller's write transaction). */
int books_create(struct db *db, int64_t cid, const char *books_from, struct err *e) __attribute__((warn_unused_result));
/* Reads the books of company cid; ERR_NOT_FOUND (field "company") when there is no such company. */
int books_get(struct db *db, int64_t cid, struct books *ret, struct err *e) __attribute__((warn_unused_result));

/* 0 when `date` lies after the lock date, else ERR_UNPROCESSABLE naming `field` (reason
 * "period_locked", detail lock_date). */
int books_check_unlocked(const struct books *b, const char *date, const char *field, struct err *e)
	__attribute__((warn_unused_result));
/* books_check_unlocked, and the date is not before the books begin (reason "before_books",
 * detail books_from). */
int books_check_open(const struct books *b, const char *date, const char *field, struct err *e)
	__attribute__((warn_unused_result));

/* Today in the company's time zone. */
void books_today(const struct books *b, char out[DATE_ISO_SIZE]);
/* books_get then books_today, for callers that need nothing else. */
int books_today_of(struct db *db, int64_t cid, char out[DATE_ISO_SIZE], struct err *e) __attribute__((warn_unused_result));

/* The three setters below change nothing, write nothing and return ERR_UNCHANGED when the books
 * already stand as asked. */
/* Locks the books up to `date` ("" or NULL unlocks); audited. */
int books_lock(struct db *db, int64_t cid, int64_t actor, const char *date, struct err *e) __attribute__((warn_unused_result));
/* Moves the first day of the books (no entry may lie before it); audited. */
int books_set_from(struct db *db, int64_t cid, int64_t actor, const char *date, struct err *e) __attribute__((warn_unused_result));
/* Sets the company's time zone (an IANA name this machine knows); audited. */
int books_set_timezone(struct db *db, int64_t cid, int64_t actor, const char *tz, struct err *e) __attribute__((warn_unused_result));

/* The books as JSON members (the API and audit shape). */
struct jsonw;
void books_json(struct jsonw *w, const struct books *b);
/* books_json's members without the braces, for an answer that adds its own ("unchanged"). */
void books_json_members(struct jsonw *w, const struct books *b);

#endif
