/* company_settings.c - a company's settings as its admins keep them: name, GSTIN and GST state,
 * time zone, business hours (kept for the service desk), and the stock settings the inventory
 * module owns, with the books' first day and lock beside them. One version covers them all (the
 * If-Match of PUT /settings). Every statement is in the table below. */
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "admin/company.h"
#include "admin/company_int.h"
#include "books/books.h"
#include "inventory/inventory.h"
#include "lib/buf.h"
#include "lib/jsonw.h"
#include "lib/text.h"
#include "lib/banned.h"

enum {
	SQL_HOURS,
	SQL_HOURS_DROP,
	SQL_HOURS_ADD,
	SQL_UPDATE,
	SQL_MAX
};

static const char *const sql[SQL_MAX] = {
	[SQL_HOURS] = "SELECT weekday, opens, closes FROM company_hours WHERE company_id = ? ORDER BY weekday",
	[SQL_HOURS_DROP] = "DELETE FROM company_hours WHERE company_id = ?",
	[SQL_HOURS_ADD] = "INSERT INTO company_hours(company_id, weekday, opens, closes) VALUES (?, ?, ?, ?)",
	/* The version read is checked again here, so two admins saving at once cannot both pass. */
	[SQL_UPDATE] = "UPDATE companies SET name = ?, gstin = ?, state_code = ?, timezone = ?, version = version + 1 "
		       "WHERE id = ? AND version = ?",
};

const char *const company_weekday_names[COMPANY_WEEKDAYS + 1] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL};

/* ---- business hours ---- */

/* 1 when s is "HH:MM" from 00:00 to 23:59. */
static int hhmm_ok(const char *s)
{
	if (!s || strlen(s) != 5 || s[2] != ':')
		return 0;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return 0;
	return (s[0] - '0') * 10 + (s[1] - '0') < 24 && s[3] < '6';
}

int company_hours_add(struct company_hours *h, const char *day, const char *opens, const char *closes, const char *path,
		      struct err *e)
{
	char field[64];
	int d = -1;
	for (int i = 0; i < COMPANY_WEEKDAYS; i++)
		if (day && strcmp(day, company_weekday_names[i]) == 0)
			d = i;
	snprintf(field, sizeof field, "%s.day", path);
	if (d < 0)
		return err_setr(e, ERR_INVALID, field, "weekday_choice", "day must be one of mon, tue, wed, thu, fri, sat, sun");
	if (h->day[d].open) {
		err_set(e, ERR_INVALID, field, "%s is given twice", day);
		return err_reason(e, "day_repeated");
	}
	snprintf(field, sizeof field, "%s.opens", path);
	if (!hhmm_ok(opens))
		return err_setr(e, ERR_INVALID, field, "time_hhmm", "opens must be a time HH:MM from 00:00 to 23:59");
	snprintf(field, sizeof field, "%s.closes", path);
	if (!hhmm_ok(closes))
		return err_setr(e, ERR_INVALID, field, "time_hhmm", "closes must be a time HH:MM from 00:00 to 23:59");
	if (strcmp(closes, opens) <= 0) {
		err_set(e, ERR_UNPROCESSABLE, field, "closes (%s) must be after opens (%s)", closes, opens);
		return err_reason(e, "hours_order");
	}
	h->day[d].open = 1;
	text_copy(h->day[d].opens, sizeof h->day[d].opens, opens);
	text_copy(h->day[d].closes, sizeof h->day[d].closes, closes);
	return 0;
}

void company_hours_json(struct jsonw *w, const struct company_hours *h)
{
	jsonw_arr(w);
	for (int i = 0; i < COMPANY_WEEKDAYS; i++) {
		if (!h->day[i].open)
			continue;
		jsonw_obj(w);
		jsonw_kstr(w, "day", company_weekday_names[i]);
		jsonw_kstr(w, "opens", h->day[i].opens);
		jsonw_kstr(w, "closes", h->day[i].closes);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
}

static int hours_row(void *p, struct db_stmt *st, struct err *e)
{
	struct company_hours *h = p;
	int64_t d = db_col_i64(st, 0);
	(void)e;
	if (d < 1 || d > COMPANY_WEEKDAYS)
		return 0;
	h->day[d - 1].open = 1;
	text_copy(h->day[d - 1].opens, sizeof h->day[d - 1].opens, db_col_text(st, 1));
	text_copy(h->day[d - 1].closes, sizeof h->day[d - 1].closes, db_col_text(st, 2));
	return 0;
}

static int hours_get(struct db *db, int64_t cid, struct company_hours *ret, struct err *e)
{
	memset(ret, 0, sizeof *ret);
	return db_each(db, sql[SQL_HOURS], DB_ARGS(DB_I64(cid)), hours_row, ret, e);
}

static int hours_put(struct db *db, int64_t cid, const struct company_hours *h, struct err *e)
{
	int rc = db_run(db, sql[SQL_HOURS_DROP], DB_ARGS(DB_I64(cid)), e);
	for (int i = 0; rc >= 0 && i < COMPANY_WEEKDAYS; i++)
		if (h->day[i].open)
			rc = db_run(db, sql[SQL_HOURS_ADD], DB_ARGS(DB_I64(cid), DB_I64(i + 1), DB_TEXT(h->day[i].opens), DB_TEXT(h->day[i].closes)),
				    e);
	return rc < 0 ? rc : 0;
}

/* ---- the settings ---- */

int company_settings_get(struct db *db, int64_t cid, struct company_settings *ret, struct err *e)
{
	int rc;
	memset(ret, 0, sizeof *ret);
	if ((rc = company_get(db, cid, &ret->company, e)) < 0 || (rc = hours_get(db, cid, &ret->hours, e)) < 0 ||
	    (rc = inventory_settings_get(db, cid, &ret->stock, e)) < 0 || (rc = books_get(db, cid, &ret->books, e)) < 0)
		return rc;
	return 0;
}

void company_settings_json(struct jsonw *w, const struct company_settings *s)
{
	jsonw_obj(w);
	company_settings_json_members(w, s);
	jsonw_obj_end(w);
}

void company_settings_json_members(struct jsonw *w, const struct company_settings *s)
{
	const struct company *c = &s->company;
	char pan[11] = "", fy[DATE_ISO_SIZE] = "";
	if (c->gstin[0])
		text_copy(pan, sizeof pan, c->gstin + 2);
	if (date_iso_fy_start(s->books.books_from, fy) < 0)
		fy[0] = '\0';
	jsonw_ki64(w, "id", c->id);
	jsonw_kstr(w, "name", c->name);
	jsonw_kstr(w, "gstin", c->gstin[0] ? c->gstin : NULL);
	jsonw_kstr(w, "pan", pan[0] ? pan : NULL);
	jsonw_kstr(w, "state_code", c->state_code[0] ? c->state_code : NULL);
	jsonw_kstr(w, "timezone", c->timezone);
	jsonw_kstr(w, "valuation", s->stock.valuation == VALUATION_FIFO ? "fifo" : "weighted_average");
	jsonw_kstr(w, "negative_stock", s->stock.warn_negative ? "warn" : "refuse");
	jsonw_kstr(w, "books_from", s->books.books_from);
	jsonw_kstr(w, "fy_start", fy[0] ? fy : NULL);
	jsonw_kstr(w, "lock_date", s->books.lock_date[0] ? s->books.lock_date : NULL);
	jsonw_key(w, "business_hours");
	company_hours_json(w, &s->hours);
	jsonw_ki64(w, "version", c->version);
}

/* 1 when the stock setting named by want (NULL: kept) differs from what s has. */
static int stock_changes(const struct inventory_settings *s, const char *valuation, const char *negative)
{
	return (valuation && (strcmp(valuation, "fifo") == 0) != (s->valuation == VALUATION_FIFO)) ||
	       (negative && (strcmp(negative, "warn") == 0) != (s->warn_negative != 0));
}

/* The company's members and hours of `before` changed as ch says, checked, into after. */
static int apply(const struct company_settings *before, const struct company_change *ch, struct company_settings *after,
		 struct err *e)
{
	const struct company *b = &before->company;
	struct company *c = &after->company;
	int rc;

	*after = *before;
	if (ch->name && (rc = company_name_rule(ch->name, 0, c->name, sizeof c->name, e)) < 0)
		return rc;
	if (ch->gstin || ch->state_code) {
		const char *gstin = ch->gstin ? ch->gstin : b->gstin;
		if ((rc = company_gst_rule(gstin, ch->state_code, 1, c, e)) < 0)
			return rc;
	}
	if ((rc = company_tz_rule(ch->timezone, c, e)) < 0 || (rc = company_stock_rule(ch->valuation, ch->negative_stock, e)) < 0)
		return rc;
	if (ch->hours) {
		struct company_hours checked;
		memset(&checked, 0, sizeof checked);
		for (int i = 0; i < COMPANY_WEEKDAYS; i++)
			if (ch->hours->day[i].open &&
			    (rc = company_hours_add(&checked, company_weekday_names[i], ch->hours->day[i].opens, ch->hours->day[i].closes,
						    "business_hours", e)) < 0)
				return rc;
		after->hours = checked;
	}
	return 0;
}

/* Writes the company's row and hours as after has them (the version still `version`), and the
 * audit record of the change from before. */
static int write_company(struct db *db, const struct company_settings *before, struct company_settings *after, int64_t version,
			 int64_t actor, struct err *e)
{
	const struct company *c = &after->company;
	struct buf bj = BUF_INIT, aj = BUF_INIT;
	int rc = db_run(db, sql[SQL_UPDATE],
			DB_ARGS(DB_TEXT(c->name), DB_TEXT_OR_NULL(c->gstin), DB_TEXT_OR_NULL(c->state_code), DB_TEXT(c->timezone),
				DB_I64(c->id), DB_I64(version)),
			e);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_setr(e, ERR_STALE, "version", "stale", "someone else changed these settings first; reload them");
	if ((rc = hours_put(db, c->id, &after->hours, e)) < 0)
		return rc;
	after->company.version = version + 1;
	if (company_json(&bj, &before->company, &before->hours) < 0 || company_json(&aj, &after->company, &after->hours) < 0)
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
	else
		rc = audit_append(db, c->id, actor, "company", c->id, "update", buf_str(&bj), buf_str(&aj), e);
	buf_free(&bj);
	buf_free(&aj);
	return rc;
}

int company_settings_set(struct db *db, int64_t cid, int64_t version, const struct company_change *ch, int64_t actor,
			 struct company_settings *ret, struct err *e)
{
	struct company_settings before, after;
	int rc, stock;

	if ((rc = company_settings_get(db, cid, &before, e)) < 0)
		return rc;
	if (before.company.version != version) {
		return err_setr(e, ERR_STALE, "version", "stale", "someone else changed these settings first (now version %lld); reload them",
			       (long long)before.company.version);
	}
	if ((rc = apply(&before, ch, &after, e)) < 0)
		return rc;
	stock = stock_changes(&before.stock, ch->valuation, ch->negative_stock);
	/* Nothing changed: no new version, nothing recorded. */
	if (!stock && strcmp(before.company.name, after.company.name) == 0 && strcmp(before.company.gstin, after.company.gstin) == 0 &&
	    strcmp(before.company.state_code, after.company.state_code) == 0 &&
	    strcmp(before.company.timezone, after.company.timezone) == 0 && memcmp(&before.hours, &after.hours, sizeof before.hours) == 0) {
		if (ret)
			*ret = before;
		return ERR_UNCHANGED;
	}
	/* One version covers every setting the screen shows, the stock settings too. */
	if ((rc = write_company(db, &before, &after, version, actor, e)) < 0)
		return rc;
	if (stock && (rc = inventory_settings_set(db, cid, actor, ch->valuation, ch->negative_stock, &after.stock, e)) < 0)
		return rc;
	if (ret && (rc = company_settings_get(db, cid, ret, e)) < 0)
		return rc;
	return 0;
}
