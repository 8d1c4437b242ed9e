/* reports_home.c - the home screen's figures in one read: cash and bank balances, what is owed to
 * and by the company (overdue, due this week), this month's GST payable, sales this month against
 * last, items below their reorder level and the newest vouchers. Each figure is the one its
 * report gives (the same function, or the same kept balances the trial balance reads), so a
 * figure and the report it drills to always agree. */
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "lib/date.h"
#include "lib/money.h"
#include "reports/reports.h"
#include "lib/banned.h"

#define HOME_RECENT 8
#define HOME_REORDER_SHOWN 5
#define HOME_WEEK_DAYS 7

enum { SQL_CASH, SQL_SALES_DAYS, SQL_SALES_TOTAL, SQL_MAX };
static const char *const sql[SQL_MAX] = {
	/* A ledger's closing at `to` is its opening and every posting up to it: the trial balance's
	 * closing column, from the same kept day balances. */
	[SQL_CASH] = "SELECT l.id, l.name, l.kind, l.opening_balance, "
		     "coalesce((SELECT sum(d.debit) - sum(d.credit) FROM ledger_day d WHERE d.company_id = l.company_id "
		     "AND d.ledger_id = l.id AND d.date <= ?), 0) "
		     "FROM ledgers l WHERE l.company_id = ? AND l.kind IN ('cash', 'bank') AND l.archived = 0 "
		     "ORDER BY l.kind DESC, l.name, l.id",
	/* Sales are what the sales ledgers were credited, net of what credit notes took back. */
	[SQL_SALES_DAYS] = "SELECT d.date, sum(d.credit) - sum(d.debit) FROM ledger_day d JOIN ledgers l "
			   "ON l.company_id = d.company_id AND l.id = d.ledger_id "
			   "WHERE d.company_id = ? AND l.kind = 'sales' AND d.date >= ? AND d.date <= ? GROUP BY d.date ORDER BY d.date",
	[SQL_SALES_TOTAL] = "SELECT coalesce(sum(d.credit) - sum(d.debit), 0) FROM ledger_day d JOIN ledgers l "
			    "ON l.company_id = d.company_id AND l.id = d.ledger_id "
			    "WHERE d.company_id = ? AND l.kind = 'sales' AND d.date >= ? AND d.date <= ?",
};

static const char *const figure_names[HOME_MAX] = {
	[HOME_CASH] = "cash", [HOME_RECEIVABLES] = "receivables", [HOME_PAYABLES] = "payables", [HOME_GST] = "gst",
	[HOME_SALES] = "sales", [HOME_REORDER] = "reorder", [HOME_RECENT_VOUCHERS] = "recent",
};

const char *home_figure_name(enum home_figure f) { return (unsigned)f < HOME_MAX ? figure_names[f] : "?"; }

static int oom(struct err *e) { return err_set(e, ERR_INTERNAL, NULL, "out of memory"); }

/* ---- cash and bank ---- */

struct cash_rows {
	struct jsonw *w;
	int64_t total;
	int overflow;
};

static int cash_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct cash_rows *p = ctx;
	int64_t bal;
	(void)e;
	if (__builtin_add_overflow(db_col_i64(st, 3), db_col_i64(st, 4), &bal) ||
	    __builtin_add_overflow(p->total, bal, &p->total))
		p->overflow = 1;
	jsonw_obj(p->w);
	jsonw_ki64(p->w, "ledger_id", db_col_i64(st, 0));
	jsonw_kstr(p->w, "name", db_col_text(st, 1));
	jsonw_kstr(p->w, "kind", db_col_text(st, 2));
	jsonw_kmoney(p->w, "balance", bal);
	jsonw_obj_end(p->w);
	return 0;
}

static int cash_json(struct db *db, int64_t cid, const char *today, struct jsonw *w, struct err *e)
{
	struct cash_rows p = {w, 0, 0};
	int rc;
	jsonw_key(w, "cash");
	jsonw_obj(w);
	jsonw_key(w, "ledgers");
	jsonw_arr(w);
	if ((rc = db_each(db, sql[SQL_CASH], DB_ARGS(DB_TEXT(today), DB_I64(cid)), cash_row, &p, e)) < 0)
		return rc;
	jsonw_arr_end(w);
	if (p.overflow)
		return err_set(e, ERR_UNPROCESSABLE, NULL, "a balance is beyond the range of amounts");
	jsonw_kmoney(w, "total", p.total);
	jsonw_obj_end(w);
	return 0;
}

/* ---- receivables and payables ---- */

static int64_t meta_money(const struct report *r, const char *key)
{
	const struct report_meta *m = report_meta_get(r, key);
	return m ? m->v : 0;
}

static int col_of(const struct report_table *t, const char *key)
{
	for (int i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i].key, key) == 0)
			return i;
	return -1;
}

/* The bills report as at today, summed by when each bill falls due: before today (overdue), in
 * the seven days from today. A bill without a due date is due on its own date. */
static int bills_json(struct db *db, int64_t cid, const char *today, int payables, struct jsonw *w, struct err *e)
{
	struct report_params p;
	struct report r;
	const struct report_table *t;
	char week_end[DATE_ISO_SIZE];
	int64_t overdue = 0, week = 0;
	int n_overdue = 0, n_week = 0, c_date, c_due, c_pending, rc, ovf = 0;

	memset(&p, 0, sizeof p);
	memcpy(p.to, today, DATE_ISO_SIZE);
	if (date_iso_add(today, HOME_WEEK_DAYS - 1, week_end) < 0)
		return err_set(e, ERR_INVALID, "today", "today is out of range");
	report_init(&r);
	if ((rc = report_params_resolve(&p, today, e)) < 0 ||
	    (rc = (payables ? report_payables : report_receivables)(db, cid, &p, &r, e)) < 0 || (rc = report_check(&r, e)) < 0)
		goto out;
	t = &r.tables[0];
	c_date = col_of(t, "date"), c_due = col_of(t, "due_date"), c_pending = col_of(t, "pending");
	for (size_t i = 0; r.ntables && c_date >= 0 && c_due >= 0 && c_pending >= 0 && i < t->nrows; i++) {
		const struct report_cell *pc = report_cell(t, i, c_pending);
		const char *due;
		if (t->rows[i].kind != ROW_DATA || !pc->set || !pc->v || !report_cell(t, i, c_date)->set)
			continue; /* a party's heading, the total, or money on account (no bill) */
		due = report_cell(t, i, c_due)->set ? report_text(&r, t, i, c_due) : report_text(&r, t, i, c_date);
		if (strcmp(due, today) < 0)
			ovf |= __builtin_add_overflow(overdue, pc->v, &overdue), n_overdue++;
		else if (strcmp(due, week_end) <= 0)
			ovf |= __builtin_add_overflow(week, pc->v, &week), n_week++;
	}
	if (ovf) {
		rc = err_set(e, ERR_UNPROCESSABLE, NULL, "totals are beyond the range of amounts");
		goto out;
	}
	jsonw_key(w, payables ? "payables" : "receivables");
	jsonw_obj(w);
	jsonw_kmoney(w, "pending", meta_money(&r, "pending"));
	jsonw_kmoney(w, "overdue", overdue);
	jsonw_ki64(w, "overdue_bills", n_overdue);
	jsonw_kmoney(w, "due_this_week", week);
	jsonw_ki64(w, "due_this_week_bills", n_week);
	jsonw_kstr(w, "week_to", week_end);
	jsonw_obj_end(w);
out:
	report_done(&r);
	return rc;
}

/* ---- GST ---- */

/* GSTR-3B of this calendar month so far: the tax payable in cash by head (after input credit). */
static int gst_json(struct db *db, int64_t cid, const char *today, struct jsonw *w, struct err *e)
{
	struct report_params p;
	struct report r;
	int64_t igst, cgst, sgst, total;
	int rc;

	memset(&p, 0, sizeof p);
	memcpy(p.from, today, DATE_ISO_SIZE);
	memcpy(p.from + 8, "01", 2);
	memcpy(p.to, today, DATE_ISO_SIZE);
	report_init(&r);
	if ((rc = report_params_resolve(&p, today, e)) < 0 || (rc = report_gstr3b(db, cid, &p, &r, e)) < 0 ||
	    (rc = report_check(&r, e)) < 0)
		goto out;
	igst = meta_money(&r, "payable_igst"), cgst = meta_money(&r, "payable_cgst"), sgst = meta_money(&r, "payable_sgst");
	if (__builtin_add_overflow(igst, cgst, &total) || __builtin_add_overflow(total, sgst, &total)) {
		rc = err_set(e, ERR_UNPROCESSABLE, NULL, "totals are beyond the range of amounts");
		goto out;
	}
	jsonw_key(w, "gst");
	jsonw_obj(w);
	jsonw_kstr(w, "from", p.from);
	jsonw_kstr(w, "to", p.to);
	jsonw_kmoney(w, "igst", igst);
	jsonw_kmoney(w, "cgst", cgst);
	jsonw_kmoney(w, "sgst", sgst);
	jsonw_kmoney(w, "payable", total);
	jsonw_obj_end(w);
out:
	report_done(&r);
	return rc;
}

/* ---- sales ---- */

static int sales_day(void *ctx, struct db_stmt *st, struct err *e)
{
	struct jsonw *w = ctx;
	(void)e;
	jsonw_obj(w);
	jsonw_kstr(w, "date", db_col_text(st, 0));
	jsonw_kmoney(w, "amount", db_col_i64(st, 1));
	jsonw_obj_end(w);
	return 0;
}

static int sales_json(struct db *db, int64_t cid, const char *today, struct jsonw *w, struct err *e)
{
	char from[DATE_ISO_SIZE], last_from[DATE_ISO_SIZE], last_to[DATE_ISO_SIZE];
	int64_t now = 0, before = 0;
	int rc;

	memcpy(from, today, DATE_ISO_SIZE);
	memcpy(from + 8, "01", 2);
	if (date_iso_add(from, -1, last_to) < 0)
		return err_set(e, ERR_INVALID, "today", "today is out of range");
	memcpy(last_from, last_to, DATE_ISO_SIZE);
	memcpy(last_from + 8, "01", 2);
	if ((rc = db_i64(db, sql[SQL_SALES_TOTAL], DB_ARGS(DB_I64(cid), DB_TEXT(from), DB_TEXT(today)), &now, e)) < 0 ||
	    (rc = db_i64(db, sql[SQL_SALES_TOTAL], DB_ARGS(DB_I64(cid), DB_TEXT(last_from), DB_TEXT(last_to)), &before, e)) < 0)
		return rc;
	jsonw_key(w, "sales");
	jsonw_obj(w);
	jsonw_key(w, "this_month");
	jsonw_obj(w);
	jsonw_kstr(w, "from", from);
	jsonw_kstr(w, "to", today);
	jsonw_kmoney(w, "amount", now);
	jsonw_obj_end(w);
	jsonw_key(w, "last_month");
	jsonw_obj(w);
	jsonw_kstr(w, "from", last_from);
	jsonw_kstr(w, "to", last_to);
	jsonw_kmoney(w, "amount", before);
	jsonw_obj_end(w);
	jsonw_key(w, "days");
	jsonw_arr(w);
	if ((rc = db_each(db, sql[SQL_SALES_DAYS], DB_ARGS(DB_I64(cid), DB_TEXT(from), DB_TEXT(today)), sales_day, w, e)) < 0)
		return rc;
	jsonw_arr_end(w);
	jsonw_obj_end(w);
	return 0;
}

/* ---- stock to order ---- */

static int reorder_json(struct db *db, int64_t cid, const char *today, struct jsonw *w, struct err *e)
{
	static const char *const keys[] = {"sku", "name", "name_hi", "unit"};
	struct report_params p;
	struct report r;
	const struct report_table *t;
	int rc;

	memset(&p, 0, sizeof p);
	report_init(&r);
	if ((rc = report_params_resolve(&p, today, e)) < 0 || (rc = report_reorder(db, cid, &p, &r, e)) < 0 ||
	    (rc = report_check(&r, e)) < 0)
		goto out;
	t = &r.tables[0];
	jsonw_key(w, "reorder");
	jsonw_obj(w);
	jsonw_ki64(w, "count", r.ntables ? (int64_t)t->nrows : 0);
	jsonw_key(w, "items");
	jsonw_arr(w);
	for (size_t i = 0; r.ntables && i < t->nrows && i < HOME_REORDER_SHOWN; i++) {
		int c;
		jsonw_obj(w);
		jsonw_ki64(w, "item_id", t->rows[i].id);
		for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
			if ((c = col_of(t, keys[k])) >= 0)
				jsonw_kstr(w, keys[k], report_text(&r, t, i, c));
		if ((c = col_of(t, "in_stock")) >= 0)
			jsonw_ki64(w, "in_stock_milli", report_cell(t, i, c)->v);
		if ((c = col_of(t, "reorder_level")) >= 0)
			jsonw_ki64(w, "reorder_level_milli", report_cell(t, i, c)->v);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_obj_end(w);
out:
	report_done(&r);
	return rc;
}

/* ---- the newest vouchers ---- */

static int recent_row(void *ctx, const struct voucher_brief *b)
{
	voucher_brief_json(ctx, b);
	return 0;
}

static int recent_json(struct db *db, int64_t cid, struct jsonw *w, struct err *e)
{
	struct voucher_query q = {.page = {0, HOME_RECENT}};
	int64_t next = 0;
	int rc;
	jsonw_key(w, "recent");
	jsonw_arr(w);
	if ((rc = voucher_find(db, cid, &q, recent_row, w, &next, e)) < 0)
		return rc;
	jsonw_arr_end(w);
	return 0;
}

int home_json(struct db *db, int64_t cid, const char *today, const int want[HOME_MAX], struct jsonw *w, struct err *e)
{
	int rc = 0;
	jsonw_obj(w);
	jsonw_kstr(w, "today", today);
	if (want[HOME_CASH] && (rc = cash_json(db, cid, today, w, e)) < 0)
		return rc;
	if (want[HOME_RECEIVABLES] && (rc = bills_json(db, cid, today, 0, w, e)) < 0)
		return rc;
	if (want[HOME_PAYABLES] && (rc = bills_json(db, cid, today, 1, w, e)) < 0)
		return rc;
	if (want[HOME_GST] && (rc = gst_json(db, cid, today, w, e)) < 0)
		return rc;
	if (want[HOME_SALES] && (rc = sales_json(db, cid, today, w, e)) < 0)
		return rc;
	if (want[HOME_REORDER] && (rc = reorder_json(db, cid, today, w, e)) < 0)
		return rc;
	if (want[HOME_RECENT_VOUCHERS] && (rc = recent_json(db, cid, w, e)) < 0)
		return rc;
	jsonw_obj_end(w);
	return jsonw_ok(w) < 0 ? oom(e) : 0;
}
