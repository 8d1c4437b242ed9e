/* company.h - companies (the tenant wall): create one with its books, read it, list those a user
 * belongs to, and keep its settings (GST state and GSTIN, time zone, stock valuation and negative
 * stock, business hours). */
#ifndef DAFTAR_COMPANY_H
#define DAFTAR_COMPANY_H

#include <stdint.h>

#include "books/books.h"
#include "inventory/inventory.h"
#include "lib/buf.h"
#include "lib/clock.h"
#include "lib/db.h"
#include "lib/err.h"

#define COMPANY_NAME_MAX_BYTES 200

struct company {
	int64_t id;
	char name[COMPANY_NAME_MAX_BYTES + 1];
	char gstin[16];
	char state_code[3];
	char timezone[CLOCK_TZ_SIZE];
	int64_t version;          /* of its settings: bumped by company_settings_set */
};

/* Creates a company, its audit chain, books (from 2000-04-01), chart of accounts and inventory
 * defaults (write transaction), audited with company_json: the CLI's rules of before, kept for
 * `daftar init` and `daftar company add`: name is 1..COMPANY_NAME_MAX_BYTES of valid UTF-8; gstin
 * may be NULL or "" (when given, it decides the state); state_code may be NULL. */
int company_create(struct db *db, const char *name, const char *gstin, const char *state_code,
		   int64_t actor, int64_t *ret_id, struct err *e) __attribute__((warn_unused_result));

/* What a new company is made with (POST /companies). NULL or "" takes the default. */
struct company_spec {
	const char *name;           /* required: 1..COMPANY_NAME_MAX_BYTES of text, no control characters */
	const char *gstin;          /* checked (check character, state, PAN); decides the state */
	const char *state_code;     /* a GST state code; required without a GSTIN, and the GSTIN's when both */
	const char *fy_start;       /* 1 April of the first financial year; default: the year of books_from, else of today */
	const char *books_from;     /* within that year; default: fy_start */
	const char *timezone;       /* an IANA zone; default CLOCK_TZ_DEFAULT */
	const char *valuation;      /* "weighted_average" (default) | "fifo" */
	const char *negative_stock; /* "refuse" (default) | "warn" */
};

/* Creates a company from s (write transaction), with everything company_create makes, audited
 * (the company, and its inventory settings when they are not the defaults). Errors name the
 * member: ERR_INVALID for a value that is not one ("name", "gstin", "state_code", "fy_start",
 * "books_from", "timezone", "valuation", "negative_stock"); ERR_UNPROCESSABLE with a reason for
 * values that disagree: "state_code" reason "gstin_state" (figure gstin_state), "state_code"
 * reason "state_required", "fy_start" reason "fy_start_april", "books_from" reason
 * "books_outside_year" (figures fy_start, fy_end). */
int company_open(struct db *db, const struct company_spec *s, int64_t actor, int64_t *ret_id, struct err *e)
	__attribute__((warn_unused_result));

struct company_hours;

/* Reads one company; ERR_NOT_FOUND when there is none. */
int company_get(struct db *db, int64_t id, struct company *ret, struct err *e) __attribute__((warn_unused_result));
/* The company's snapshot, the one JSON shape of a company in the audit log:
 * {"name","gstin","state_code","timezone","business_hours","version"} (gstin and state_code null
 * when empty; business_hours as company_hours_json). 0, or -1 out of memory. */
int company_json(struct buf *out, const struct company *c, const struct company_hours *h) __attribute__((warn_unused_result));
/* JSON array of {"id","name","gstin","state_code","role"} of the companies the user is a member of. */
int company_list_json(struct db *db, int64_t user_id, struct buf *out, struct err *e) __attribute__((warn_unused_result));
/* The id of the first company (the lowest) in *ret_id, 0 when there is none yet. */
int company_first(struct db *db, int64_t *ret_id, struct err *e) __attribute__((warn_unused_result));
/* The id of the company after `after` in id order in *ret_id, 0 when there is none. */
int company_next(struct db *db, int64_t after, int64_t *ret_id, struct err *e) __attribute__((warn_unused_result));

/* ---- settings (company_settings.c) ---- */

/* Business hours, kept for the service desk: one span a weekday in the company's time zone. */
#define COMPANY_WEEKDAYS 7
struct company_day {
	int open;                 /* 0: closed that day (opens and closes "") */
	char opens[6], closes[6]; /* "HH:MM", opens before closes */
};
struct company_hours {
	struct company_day day[COMPANY_WEEKDAYS];   /* [0] Monday .. [6] Sunday */
};
/* The weekday names the API uses: "mon" .. "sun". */
extern const char *const company_weekday_names[COMPANY_WEEKDAYS + 1];

/* Everything the settings screen shows. */
struct company_settings {
	struct company company;
	struct company_hours hours;
	struct inventory_settings stock;
	struct books books;       /* books_from and lock_date shown; changed through PUT /books */
};

/* The settings of company cid (read transaction); ERR_NOT_FOUND when there is none. */
int company_settings_get(struct db *db, int64_t cid, struct company_settings *ret, struct err *e)
	__attribute__((warn_unused_result));
/* [{"day","opens","closes"}] of the open days, Monday first. */
struct jsonw;
void company_hours_json(struct jsonw *w, const struct company_hours *h);
/* {"id","name","gstin","pan","state_code","timezone","valuation","negative_stock","books_from",
 * "fy_start","lock_date","business_hours","version"}: the API's shape of the settings (pan and
 * fy_start derived from the GSTIN and books_from). */
void company_settings_json(struct jsonw *w, const struct company_settings *s);
/* Its members without the braces, for an answer that adds its own ("unchanged"). */
void company_settings_json_members(struct jsonw *w, const struct company_settings *s);

/* A change of settings: each member NULL (or hours NULL) keeps it as it is. */
struct company_change {
	const char *name;
	const char *gstin;          /* "" removes it (then state_code stays, or is the one given) */
	const char *state_code;
	const char *timezone;
	const char *valuation;
	const char *negative_stock;
	const struct company_hours *hours;   /* the whole week */
};

/* Changes company cid's settings (write transaction) if its settings are still at `version`
 * (else ERR_STALE, figure current). Validated as company_open does, naming the member (hours are
 * made with company_hours_add). The company (and hours) are audited as "company" "update"
 * with company_json before and after, the stock settings by the inventory module; a change that
 * changes nothing records nothing, keeps the version and returns ERR_UNCHANGED. *ret (may be
 * NULL): the settings now. */
int company_settings_set(struct db *db, int64_t cid, int64_t version, const struct company_change *ch, int64_t actor,
			 struct company_settings *ret, struct err *e) __attribute__((warn_unused_result));
/* Opens weekday `day` ("mon" .. "sun") of h from opens to closes, "HH:MM" (00:00 .. 23:59) with
 * opens before closes. Errors name the member under path (an element of the API's array,
 * "business_hours[2]"): ERR_INVALID on "<path>.day" for an unknown day or one given twice (reason
 * "day_repeated"), on "<path>.opens" / "<path>.closes" for a time that is not HH:MM;
 * ERR_UNPROCESSABLE on "<path>.closes" with reason "hours_order" when it is not after opens. */
int company_hours_add(struct company_hours *h, const char *day, const char *opens, const char *closes, const char *path,
		      struct err *e) __attribute__((warn_unused_result));

#endif
