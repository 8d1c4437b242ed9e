/* err.h - the one error object: a code, the field at fault and a message, filled once where found. */
#ifndef DAFTAR_ERR_H
#define DAFTAR_ERR_H

#include <stdarg.h>
#include <stdint.h>

enum err_code {
	ERR_OK = 0,
	ERR_INVALID = -1,        /* bad input: 400 */
	ERR_UNAUTHENTICATED = -2,/* 401 */
	ERR_FORBIDDEN = -3,      /* 403 */
	ERR_NOT_FOUND = -4,      /* 404 */
	ERR_CONFLICT = -5,       /* 409 */
	ERR_DUPLICATE = -6,      /* 409: a matching record exists */
	ERR_STALE = -7,          /* 409: the version read is no longer current */
	ERR_TOO_LARGE = -8,      /* 413 */
	ERR_UNPROCESSABLE = -9,  /* 422: well-formed but breaks a business rule */
	ERR_THROTTLED = -10,     /* 429 */
	ERR_INTERNAL = -11,      /* 500: details go to the log, never to the client */
	ERR_BUSY = -12,          /* database busy / serialization failure: retryable, 503-ish (500) */
	ERR_CODE_MAX = 13
};

/* Not an error: what an alteration that changes nothing returns instead of 0. The record's snapshot
 * would be the same before and after, so nothing is written, no version is made and nothing is
 * audited. Callers that only test rc < 0 treat it as success; the HTTP answer is the record as it
 * stands with "unchanged": true. */
#define ERR_UNCHANGED 1

/* Machine-readable figures of an error, so a client can say it in the user's language without
 * reading the English message: {"reason":"unbalanced","difference":"0.50","side":"debit"}. */
#define ERR_MAX_DETAILS 4
enum err_detail_type { ERR_DETAIL_TEXT, ERR_DETAIL_INT, ERR_DETAIL_MONEY, ERR_DETAIL_QTY };
struct err_detail {
	const char *key;             /* static: "difference", "available", ... */
	enum err_detail_type type;
	int64_t v;                   /* INT, MONEY (paise), QTY (thousandths) */
	char text[72];               /* TEXT */
};

struct err {
	int code;          /* an enum err_code, 0 when no error was recorded */
	char field[64];    /* the input field at fault, "" when none */
	char msg[256];     /* human message, safe to show a client unless code is ERR_INTERNAL */
	long long aux;     /* extra detail: Retry-After seconds, the id of a duplicate, ... */
	char reason[40];   /* a stable snake_case name of what went wrong ("period_locked"), "" none */
	int ndetails;
	struct err_detail detail[ERR_MAX_DETAILS];
};

#define ERR_INIT {0}

/* Records an error and returns its code, so callers can `return err_set(e, ...)`.
 * Only the first error is kept; later calls keep the first and return their code. */
int err_set(struct err *e, int code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int err_setv(struct err *e, int code, const char *field, const char *fmt, va_list ap);
/* err_set with its reason in one call: the reason is named only when this call recorded the error,
 * so a later refusal never renames the first one. Every reason has a sentence in web/i18n
 * (errors.<reason> in en.json and hi.json; tests/api/i18n-reasons.test.mjs checks it). */
int err_setr(struct err *e, int code, const char *field, const char *reason, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void err_clear(struct err *e);
/* Name the reason and add figures to the error just recorded (call right after the err_set that
 * recorded it). Past ERR_MAX_DETAILS details are dropped. Return e->code, for `return err_...`. */
int err_reason(struct err *e, const char *reason);
int err_detail_text(struct err *e, const char *key, const char *text);
int err_detail_int(struct err *e, const char *key, int64_t v);
int err_detail_money(struct err *e, const char *key, int64_t paise);
int err_detail_qty(struct err *e, const char *key, int64_t thousandths);

/* Machine name of a code ("invalid", "not_found", ...), HTTP status and CLI exit code. */
const char *err_name(int code);
int err_http_status(int code);
int err_exit_code(int code);

#endif
