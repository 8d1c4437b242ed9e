/* company.c - companies and their audit chains: making one (with its books, chart of accounts and
 * inventory defaults), reading it, and the companies of a user. Every statement is in the table
 * below; a company's audit snapshot is company_json's. Its settings are company_settings.c. */
#include <string.h>

#include "accounts/accounts.h"
#include "audit/audit.h"
#include "admin/company.h"
#include "admin/company_int.h"
#include "books/books.h"
#include "inventory/inventory.h"
#include "lib/clock.h"
#include "lib/india.h"
#include "lib/jsonw.h"
#include "lib/text.h"
#include "lib/banned.h"

enum {
	SQL_INSERT,
	SQL_GET,
	SQL_OF_USER,
	SQL_NEXT,
	SQL_FIRST,
	SQL_MAX
};

static const char *const sql[SQL_MAX] = {
	[SQL_INSERT] = "INSERT INTO companies(name, gstin, state_code, timezone, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
	[SQL_GET] = "SELECT id, name, coalesce(gstin, ''), coalesce(state_code, ''), timezone, version FROM companies WHERE id = ?",
	[SQL_OF_USER] = "SELECT c.id, c.name, coalesce(c.gstin, ''), coalesce(c.state_code, ''), c.timezone, c.version, m.role "
			"FROM memberships m JOIN companies c ON c.id = m.company_id WHERE m.user_id = ? ORDER BY c.id",
	[SQL_NEXT] = "SELECT coalesce(min(id), 0) FROM companies WHERE id > ?",
	[SQL_FIRST] = "SELECT coalesce(min(id), 0) FROM companies",
};

/* The members the company list and the API write: "name", "gstin" and "state_code" (null when
 * empty). */
static void company_members(struct jsonw *w, const struct company *c)
{
	jsonw_kstr(w, "name", c->name);
	jsonw_kstr(w, "gstin", c->gstin[0] ? c->gstin : NULL);
	jsonw_kstr(w, "state_code", c->state_code[0] ? c->state_code : NULL);
}

int company_json(struct buf *out, const struct company *c, const struct company_hours *h)
{
	struct jsonw w;
	jsonw_init(&w, out);
	jsonw_obj(&w);
	company_members(&w, c);
	jsonw_kstr(&w, "timezone", c->timezone);
	jsonw_key(&w, "business_hours");
	company_hours_json(&w, h);
	jsonw_ki64(&w, "version", c->version);
	jsonw_obj_end(&w);
	return jsonw_ok(&w);
}

/* Fills c from the SQL_GET columns of the current row. */
static void read_company(struct db_stmt *st, struct company *c)
{
	memset(c, 0, sizeof *c);
	c->id = db_col_i64(st, 0);
	text_copy(c->name, sizeof c->name, db_col_text(st, 1));
	text_copy(c->gstin, sizeof c->gstin, db_col_text(st, 2));
	text_copy(c->state_code, sizeof c->state_code, db_col_text(st, 3));
	text_copy(c->timezone, sizeof c->timezone, db_col_text(st, 4));
	c->version = db_col_i64(st, 5);
	if (!c->timezone[0])
		text_copy(c->timezone, sizeof c->timezone, CLOCK_TZ_DEFAULT);
}

/* ---- the rules a company's members obey (company_int.h) ---- */

int company_name_rule(const char *name, int lenient, char *out, size_t cap, struct err *e)
{
	size_t n = name ? strlen(name) : 0;
	if (!n || n > COMPANY_NAME_MAX_BYTES || text_utf8_invalid_at(name, n) >= 0)
		return err_setr(e, ERR_INVALID, "name", "company_name_bad", "company name must be 1-%d bytes of text", COMPANY_NAME_MAX_BYTES);
	if (!lenient && text_has_controls(name))
		return err_setr(e, ERR_INVALID, "name", "control_character", "a company name may not hold control characters");
	text_copy(out, cap, name);
	return 0;
}

int company_gst_rule(const char *gstin, const char *state_code, int state_required, struct company *c, struct err *e)
{
	char up[16];
	int rc;
	if (gstin && *gstin) {
		/* Taken in capitals, as it is printed on the certificate. */
		if (strlen(gstin) >= sizeof up)
			return err_setr(e, ERR_INVALID, "gstin", "gstin_length", "a GSTIN has 15 characters");
		text_copy(up, sizeof up, gstin);
		for (char *p = up; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 'a' + 'A');
		gstin = up;
		if ((rc = india_gstin_refuse(gstin, "gstin", e)) < 0)
			return rc;
		if (state_code && *state_code && strncmp(state_code, gstin, 2) != 0) {
			char st[3] = {gstin[0], gstin[1], 0};
			err_set(e, ERR_UNPROCESSABLE, "state_code", "the GSTIN is of state %s, not %s", st, state_code);
			err_reason(e, "gstin_state");
			return err_detail_text(e, "gstin_state", st);
		}
		text_copy(c->gstin, sizeof c->gstin, gstin);
		memcpy(c->state_code, gstin, 2);
		c->state_code[2] = '\0';
		return 0;
	}
	c->gstin[0] = '\0';
	if (state_code && *state_code) {
		if (strlen(state_code) != 2 || !india_state_name(state_code))
			return err_setr(e, ERR_INVALID, "state_code", "state_unknown", "state_code must be a two-digit GST state code such as 27");
		text_copy(c->state_code, sizeof c->state_code, state_code);
	} else if (state_required && !c->state_code[0]) {
		err_set(e, ERR_UNPROCESSABLE, "state_code", "a company needs its state (or a GSTIN, which names it)");
		return err_reason(e, "state_required");
	}
	return 0;
}

int company_tz_rule(const char *tz, struct company *c, struct err *e)
{
	if (!tz || !*tz)
		return 0;
	if (strlen(tz) >= sizeof c->timezone || !clock_tz_ok(tz))
		return err_setr(e, ERR_INVALID, "timezone", "timezone_bad", "timezone must be a time zone name such as Asia/Kolkata");
	text_copy(c->timezone, sizeof c->timezone, tz);
	return 0;
}

int company_stock_rule(const char *valuation, const char *negative, struct err *e)
{
	if (valuation && strcmp(valuation, "weighted_average") != 0 && strcmp(valuation, "fifo") != 0)
		return err_setr(e, ERR_INVALID, "valuation", "not_one_of", "valuation must be weighted_average or fifo");
	if (negative && strcmp(negative, "refuse") != 0 && strcmp(negative, "warn") != 0)
		return err_setr(e, ERR_INVALID, "negative_stock", "not_one_of", "negative_stock must be refuse or warn");
	return 0;
}

/* The first financial year and the books' first day of s into fy_start and books_from, from
 * today (in tz) when neither is given. */
static int year_rule(const struct company_spec *s, const char *tz, char fy_start[DATE_ISO_SIZE], char books_from[DATE_ISO_SIZE],
		     struct err *e)
{
	char fy_end[DATE_ISO_SIZE], today[DATE_ISO_SIZE];
	int has_fy = s->fy_start && *s->fy_start, has_from = s->books_from && *s->books_from;

	if (has_fy && !date_iso_ok(s->fy_start))
		return err_setr(e, ERR_INVALID, "fy_start", "not_date", "fy_start must be a date YYYY-MM-DD");
	if (has_from && !date_iso_ok(s->books_from))
		return err_setr(e, ERR_INVALID, "books_from", "not_date", "books_from must be a date YYYY-MM-DD");
	if (has_fy && strcmp(s->fy_start + 4, "-04-01") != 0) {
		err_set(e, ERR_UNPROCESSABLE, "fy_start", "a financial year begins on 1 April");
		return err_reason(e, "fy_start_april");
	}
	clock_today(tz, today);
	date_iso(date_fy_start(date_iso_fy(has_fy ? s->fy_start : has_from ? s->books_from : today)), fy_start);
	date_iso(date_fy_end(date_iso_fy(fy_start)), fy_end);
	text_copy(books_from, DATE_ISO_SIZE, has_from ? s->books_from : fy_start);
	if (date_iso_fy(books_from) != date_iso_fy(fy_start)) {
		err_set(e, ERR_UNPROCESSABLE, "books_from", "the books must begin within the first financial year, %s to %s", fy_start, fy_end);
		err_reason(e, "books_outside_year");
		err_detail_text(e, "fy_start", fy_start);
		return err_detail_text(e, "fy_end", fy_end);
	}
	return 0;
}

/* Everything a company is made with, after its rules: the row, its chain, books, chart, stock
 * defaults, and the audit record. */
static int create(struct db *db, struct company *c, const char *books_from, const char *valuation, const char *negative,
		  int64_t actor, struct err *e)
{
	struct company_hours none;
	struct buf after = BUF_INIT;
	char now[CLOCK_ISO_SIZE];
	int rc;

	clock_now_iso(now);
	rc = db_insert_id(db, sql[SQL_INSERT],
			  DB_ARGS(DB_TEXT(c->name), DB_TEXT_OR_NULL(c->gstin), DB_TEXT_OR_NULL(c->state_code), DB_TEXT(c->timezone), DB_TEXT(now)),
			  &c->id, e);
	if (rc < 0)
		return rc;
	c->version = 1;
	if ((rc = audit_chain_create(db, c->id, e)) < 0)
		return rc;
	if ((rc = books_create(db, c->id, books_from, e)) < 0 || (rc = accounts_seed(db, c->id, e)) < 0 ||
	    (rc = inventory_seed(db, c->id, e)) < 0)
		return rc;
	memset(&none, 0, sizeof none);
	if (company_json(&after, c, &none) < 0)
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
	else
		rc = audit_append(db, c->id, actor, "company", c->id, "create", NULL, buf_str(&after), e);
	buf_free(&after);
	if (rc < 0)
		return rc;
	/* The stock settings are the inventory module's, audited there, and only when not the defaults. */
	if ((valuation && strcmp(valuation, "weighted_average") != 0) || (negative && strcmp(negative, "refuse") != 0))
		return inventory_settings_set(db, c->id, actor, valuation, negative, NULL, e);
	return 0;
}

int company_create(struct db *db, const char *name, const char *gstin, const char *state_code,
		   int64_t actor, int64_t *ret_id, struct err *e)
{
	struct company c;
	int rc;

	memset(&c, 0, sizeof c);
	text_copy(c.timezone, sizeof c.timezone, CLOCK_TZ_DEFAULT);
	if ((rc = company_name_rule(name, 1, c.name, sizeof c.name, e)) < 0)
		return rc;
	/* A state given beside a GSTIN gives way to it here, as it always has. */
	if ((rc = company_gst_rule(gstin, gstin && *gstin ? NULL : state_code, 0, &c, e)) < 0)
		return rc;
	if ((rc = create(db, &c, "2000-04-01", NULL, NULL, actor, e)) < 0)
		return rc;
	*ret_id = c.id;
	return 0;
}

int company_open(struct db *db, const struct company_spec *s, int64_t actor, int64_t *ret_id, struct err *e)
{
	char fy_start[DATE_ISO_SIZE], books_from[DATE_ISO_SIZE];
	struct company c;
	int rc;

	memset(&c, 0, sizeof c);
	text_copy(c.timezone, sizeof c.timezone, CLOCK_TZ_DEFAULT);
	if ((rc = company_name_rule(s->name, 0, c.name, sizeof c.name, e)) < 0 || (rc = company_gst_rule(s->gstin, s->state_code, 1, &c, e)) < 0 ||
	    (rc = company_tz_rule(s->timezone, &c, e)) < 0 || (rc = year_rule(s, c.timezone, fy_start, books_from, e)) < 0 ||
	    (rc = company_stock_rule(s->valuation, s->negative_stock, e)) < 0)
		return rc;
	if ((rc = create(db, &c, books_from, s->valuation, s->negative_stock, actor, e)) < 0)
		return rc;
	*ret_id = c.id;
	return 0;
}

int company_get(struct db *db, int64_t id, struct company *ret, struct err *e)
{
	struct db_stmt *st;
	int rc = db_one(db, sql[SQL_GET], DB_ARGS(DB_I64(id)), &st, e);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, NULL, "no company %lld", (long long)id);
	read_company(st, ret);
	db_done(st);
	return 0;
}

static int list_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct jsonw *w = ctx;
	struct company c;
	(void)e;
	read_company(st, &c);
	jsonw_obj(w);
	jsonw_ki64(w, "id", c.id);
	company_members(w, &c);
	jsonw_kstr(w, "role", db_col_text(st, 6));
	jsonw_obj_end(w);
	return 0;
}

int company_first(struct db *db, int64_t *ret_id, struct err *e)
{
	int rc = db_i64(db, sql[SQL_FIRST], DB_NOARGS, ret_id, e);
	return rc < 0 ? rc : 0;
}

int company_next(struct db *db, int64_t after, int64_t *ret_id, struct err *e)
{
	int rc = db_i64(db, sql[SQL_NEXT], DB_ARGS(DB_I64(after)), ret_id, e);
	return rc < 0 ? rc : 0;
}

int company_list_json(struct db *db, int64_t user_id, struct buf *out, struct err *e)
{
	struct jsonw w;
	int rc;
	jsonw_init(&w, out);
	jsonw_arr(&w);
	rc = db_each(db, sql[SQL_OF_USER], DB_ARGS(DB_I64(user_id)), list_row, &w, e);
	jsonw_arr_end(&w);
	if (rc < 0)
		return rc;
	return jsonw_ok(&w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
}
