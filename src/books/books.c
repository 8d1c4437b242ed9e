/* books.c - the books row of a company (first day, period lock) with the company's GST state and
 * time zone, the open-period checks every posting makes, and the company's "today". */
#include <string.h>

#include "audit/audit.h"
#include "books/books.h"
#include "lib/buf.h"
#include "lib/jsonw.h"
#include "lib/text.h"
#include "lib/banned.h"

enum {
	SQL_CREATE, SQL_GET, SQL_LOCK, SQL_FROM, SQL_TZ, SQL_FIRST_ENTRY, SQL_MAX
};
static const char *const sql[SQL_MAX] = {
	[SQL_CREATE] = "INSERT INTO books(company_id, books_from) VALUES (?, ?)",
	[SQL_GET] = "SELECT b.books_from, coalesce(b.lock_date, ''), coalesce(c.state_code, ''), c.timezone, b.version "
		    "FROM books b JOIN companies c ON c.id = b.company_id WHERE b.company_id = ?",
	[SQL_LOCK] = "UPDATE books SET lock_date = ?, version = version + 1 WHERE company_id = ?",
	[SQL_FROM] = "UPDATE books SET books_from = ?, version = version + 1 WHERE company_id = ?",
	[SQL_TZ] = "UPDATE companies SET timezone = ? WHERE id = ?",
	[SQL_FIRST_ENTRY] = "SELECT min(d) FROM (SELECT min(date) AS d FROM voucher_lines WHERE company_id = ? AND active = 1 "
			     "UNION ALL SELECT min(date) FROM stock_moves WHERE company_id = ? AND active = 1) f",
};

int books_create(struct db *db, int64_t cid, const char *books_from, struct err *e)
{
	int rc;
	if (!date_iso_ok(books_from))
		return err_setr(e, ERR_INVALID, "books_from", "not_date", "books_from must be a date YYYY-MM-DD");
	rc = db_run(db, sql[SQL_CREATE], DB_ARGS(DB_I64(cid), DB_TEXT(books_from)), e);
	return rc < 0 ? rc : 0;
}

int books_get(struct db *db, int64_t cid, struct books *ret, struct err *e)
{
	struct db_stmt *st;
	int rc = db_one(db, sql[SQL_GET], DB_ARGS(DB_I64(cid)), &st, e);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE) /* every company gets its books when it is made */
		return err_setr(e, ERR_NOT_FOUND, "company", "unknown_company", "no company %lld", (long long)cid);
	text_copy(ret->books_from, sizeof ret->books_from, db_col_text(st, 0));
	text_copy(ret->lock_date, sizeof ret->lock_date, db_col_text(st, 1));
	text_copy(ret->state_code, sizeof ret->state_code, db_col_text(st, 2));
	text_copy(ret->timezone, sizeof ret->timezone, db_col_text(st, 3));
	ret->version = db_col_i64(st, 4);
	db_done(st);
	if (!ret->timezone[0])
		text_copy(ret->timezone, sizeof ret->timezone, CLOCK_TZ_DEFAULT);
	return 0;
}

int books_check_unlocked(const struct books *b, const char *date, const char *field, struct err *e)
{
	if (b->lock_date[0] && strcmp(date, b->lock_date) <= 0) {
		err_set(e, ERR_UNPROCESSABLE, field, "the books are locked up to %s; %s is in a closed period", b->lock_date, date);
		err_reason(e, "period_locked");
		return err_detail_text(e, "lock_date", b->lock_date);
	}
	return 0;
}

int books_check_open(const struct books *b, const char *date, const char *field, struct err *e)
{
	int rc = books_check_unlocked(b, date, field, e);
	if (rc < 0)
		return rc;
	if (b->books_from[0] && strcmp(date, b->books_from) < 0) {
		err_set(e, ERR_UNPROCESSABLE, field, "the books begin on %s; %s is before them", b->books_from, date);
		err_reason(e, "before_books");
		return err_detail_text(e, "books_from", b->books_from);
	}
	return 0;
}

void books_today(const struct books *b, char out[DATE_ISO_SIZE]) { clock_today(b->timezone, out); }

int books_today_of(struct db *db, int64_t cid, char out[DATE_ISO_SIZE], struct err *e)
{
	struct books b;
	int rc = books_get(db, cid, &b, e);
	if (rc < 0)
		return rc;
	books_today(&b, out);
	return 0;
}

void books_json(struct jsonw *w, const struct books *b)
{
	jsonw_obj(w);
	books_json_members(w, b);
	jsonw_obj_end(w);
}

void books_json_members(struct jsonw *w, const struct books *b)
{
	jsonw_kstr(w, "books_from", b->books_from);
	jsonw_kstr(w, "lock_date", b->lock_date[0] ? b->lock_date : NULL);
	jsonw_kstr(w, "timezone", b->timezone);
	jsonw_ki64(w, "version", b->version);
}

/* Audits a change of the books from `before` to the row as it now stands. */
static int audit_change(struct db *db, int64_t cid, int64_t actor, const char *action, const struct books *before, struct err *e)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct books now;
	struct jsonw w;
	int rc = books_get(db, cid, &now, e);
	if (rc < 0)
		return rc;
	jsonw_init(&w, &b);
	books_json(&w, before);
	rc = jsonw_ok(&w);
	jsonw_init(&w, &a);
	books_json(&w, &now);
	if (rc < 0 || jsonw_ok(&w) < 0)
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
	else
		rc = audit_append(db, cid, actor, "books", cid, action, buf_str(&b), buf_str(&a), e);
	buf_free(&a);
	buf_free(&b);
	return rc;
}

int books_lock(struct db *db, int64_t cid, int64_t actor, const char *date, struct err *e)
{
	struct books before;
	int rc;
	if (date && *date && !date_iso_ok(date))
		return err_setr(e, ERR_INVALID, "lock_date", "not_date", "lock_date must be a date YYYY-MM-DD");
	if ((rc = books_get(db, cid, &before, e)) < 0)
		return rc;
	if (strcmp(before.lock_date, date ? date : "") == 0)
		return ERR_UNCHANGED;
	if ((rc = db_run(db, sql[SQL_LOCK], DB_ARGS(DB_TEXT_OR_NULL(date), DB_I64(cid)), e)) < 0)
		return rc;
	return audit_change(db, cid, actor, "lock", &before, e);
}

int books_set_from(struct db *db, int64_t cid, int64_t actor, const char *date, struct err *e)
{
	struct books before;
	char first[DATE_ISO_SIZE] = "";
	int rc;
	if (!date_iso_ok(date))
		return err_setr(e, ERR_INVALID, "books_from", "not_date", "books_from must be a date YYYY-MM-DD");
	if ((rc = books_get(db, cid, &before, e)) < 0)
		return rc;
	if (strcmp(before.books_from, date) == 0)
		return ERR_UNCHANGED;
	if ((rc = db_text(db, sql[SQL_FIRST_ENTRY], DB_ARGS(DB_I64(cid), DB_I64(cid)), first, sizeof first, e)) < 0)
		return rc;
	if (first[0] && strcmp(first, date) < 0) {
		err_set(e, ERR_UNPROCESSABLE, "books_from", "entries are dated from %s, before %s", first, date);
		err_reason(e, "entries_before");
		return err_detail_text(e, "first_entry", first);
	}
	if ((rc = db_run(db, sql[SQL_FROM], DB_ARGS(DB_TEXT(date), DB_I64(cid)), e)) < 0)
		return rc;
	return audit_change(db, cid, actor, "books_from", &before, e);
}

int books_set_timezone(struct db *db, int64_t cid, int64_t actor, const char *tz, struct err *e)
{
	struct books before;
	int rc;
	if (!tz || !clock_tz_ok(tz))
		return err_setr(e, ERR_INVALID, "timezone", "timezone_bad", "timezone must be a time zone name such as Asia/Kolkata");
	if ((rc = books_get(db, cid, &before, e)) < 0)
		return rc;
	if (strcmp(before.timezone, tz) == 0)
		return ERR_UNCHANGED;
	if ((rc = db_run(db, sql[SQL_TZ], DB_ARGS(DB_TEXT(tz), DB_I64(cid)), e)) < 0)
		return rc;
	return audit_change(db, cid, actor, "timezone", &before, e);
}
