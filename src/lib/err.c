/* err.c - error recording and the one table that maps codes to HTTP status and exit codes. */
#include <stdio.h>
#include <string.h>

#include "lib/err.h"
#include "lib/text.h"
#include "lib/banned.h"

static const struct {
	const char *name;
	int http;
	int exit;
} err_table[ERR_CODE_MAX] = {
	[0] = {"ok", 200, 0},
	[1] = {"invalid", 400, 2},
	[2] = {"unauthenticated", 401, 3},
	[3] = {"forbidden", 403, 3},
	[4] = {"not_found", 404, 4},
	[5] = {"conflict", 409, 5},
	[6] = {"duplicate", 409, 5},
	[7] = {"stale", 409, 5},
	[8] = {"too_large", 413, 2},
	[9] = {"unprocessable", 422, 6},
	[10] = {"throttled", 429, 7},
	[11] = {"internal", 500, 1},
	[12] = {"busy", 503, 1},
};

static int idx(int code)
{
	int i = -code;
	return (i >= 0 && i < ERR_CODE_MAX) ? i : 11;
}

int err_setv(struct err *e, int code, const char *field, const char *fmt, va_list ap)
{
	if (!e || e->code != 0)
		return code;
	e->code = code;
	snprintf(e->field, sizeof e->field, "%s", field ? field : "");
	if (vsnprintf(e->msg, sizeof e->msg, fmt, ap) >= (int)sizeof e->msg)
		text_utf8_trim(e->msg, strlen(e->msg)); /* never half a Devanagari letter */
	return code;
}

int err_set(struct err *e, int code, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_setv(e, code, field, fmt, ap);
	va_end(ap);
	return code;
}

int err_setr(struct err *e, int code, const char *field, const char *reason, const char *fmt, ...)
{
	va_list ap;
	int fresh = e && e->code == 0;
	va_start(ap, fmt);
	err_setv(e, code, field, fmt, ap);
	va_end(ap);
	if (fresh && reason)
		text_copy(e->reason, sizeof e->reason, reason);
	return code;
}

void err_clear(struct err *e)
{
	if (!e)
		return;
	memset(e, 0, sizeof *e);
}

int err_reason(struct err *e, const char *reason)
{
	if (!e)
		return ERR_INTERNAL;
	if (!e->reason[0] && reason)
		text_copy(e->reason, sizeof e->reason, reason);
	return e->code;
}

static struct err_detail *detail_add(struct err *e, const char *key, enum err_detail_type type)
{
	struct err_detail *d;
	if (!e || e->ndetails >= ERR_MAX_DETAILS)
		return NULL;
	d = &e->detail[e->ndetails++];
	d->key = key;
	d->type = type;
	d->v = 0;
	d->text[0] = '\0';
	return d;
}

int err_detail_text(struct err *e, const char *key, const char *text)
{
	struct err_detail *d = detail_add(e, key, ERR_DETAIL_TEXT);
	if (d)
		text_copy(d->text, sizeof d->text, text ? text : "");
	return e ? e->code : ERR_INTERNAL;
}

static int detail_num(struct err *e, const char *key, enum err_detail_type type, int64_t v)
{
	struct err_detail *d = detail_add(e, key, type);
	if (d)
		d->v = v;
	return e ? e->code : ERR_INTERNAL;
}

int err_detail_int(struct err *e, const char *key, int64_t v) { return detail_num(e, key, ERR_DETAIL_INT, v); }
int err_detail_money(struct err *e, const char *key, int64_t paise) { return detail_num(e, key, ERR_DETAIL_MONEY, paise); }
int err_detail_qty(struct err *e, const char *key, int64_t q) { return detail_num(e, key, ERR_DETAIL_QTY, q); }

const char *err_name(int code) { return err_table[idx(code)].name; }
int err_http_status(int code) { return err_table[idx(code)].http; }
int err_exit_code(int code) { return err_table[idx(code)].exit; }
