/* reports_home.c - the home screen's figures in one read: cash and bank balances, what is owed to
 * and by the company (overdue, due this week), this month's GST payable, sales this month against
 * last, items below their reorder level and the newest vouchers. Each figure is the one its
 * report gives (the same report function, or the same kept balances the trial balance reads), so
 * a figure and the report it drills to always agree. */
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
#define HOME_GST_DUE_DAY "20"  /* GSTR-3B of a month is due on the 20th of the next */

enum { SQL_CASH, SQL_SALES_DAYS, SQL_SALES_TOTAL, SQL_MAX };
static const char *const sql[SQL_MAX] = {
	/* A ledger's closing at `to` is its opening and every posting up to it: the trial balance's
	 * closing column, from the same kept day balances. */
	[SQL_CASH] = "SELECT l.id, l.name, l.kind, l.opening_balance, "
		     "coalesce((SELECT sum(d.debit) - sum(d.credit) FROM ledger_day d WHERE d.company_id = l.company_id "
		     "AND d.ledger_id = l.id AND d.date <= ?), 0) "
		     "FROM ledgers l WHERE l.company_id = ? AND l.kind IN ('cash', 'bank') AND l.archived = 0 "
		     "ORDER BY l.kind DESC, l.name, l.id",
	/* Sales are what the sales ledgers were credited, net of what credit notes took back: the
	 * Sales Accounts of the trial balance for the same days. */
	[SQL_SALES_DAYS] = "SELECT d.date, sum(d.credit) - sum(d.debit) FROM ledger_day d JOIN ledgers l "
			   "ON l.company_id = d.company_id AND l.id = d.ledger_id "
			   "WHERE d.company_id = ? AND l.kind = 'sales' AND d.date >= ? AND d.date <= ? GROUP BY d.date ORDER BY d.date",
	[SQL_SALES_TOTAL] = "SELECT coalesce(sum(d.credit) - sum(d.debit), 0) FROM ledger_day d JOIN ledgers l "
			    "ON l.company_id = d.company_id AND l.id = d.ledger_id "
			    "WHERE d.company_id = ? AND l.kind = 'sales' AND d.date >= ? AND d.date <= ?",
};

static int oom(struct err *e) { return err_set(e, ERR_INTERNAL, NULL, "out of memory"); }
static int too_large(struct err *e) { return money_range_err(e, "totals are beyond the range of amounts"); }

/* The first day of the month of iso into out. */
static void month_start(const char *iso, char out[DATE_ISO_SIZE])
{
	memcpy(out, iso, DATE_ISO_SIZE);
	memcpy(out + 8, "01", 2);
}

/* ---- cash and bank ---- */

struct cash_rows {
	struct jsonw *w;
	int64_t total, cash, bank;
	int overflow;
};

static int cash_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct cash_rows *p = ctx;
	const char *kind = db_col_text(st, 2);
	int64_t bal, *sub = strcmp(kind, "cash") == 0 ? &p->cash : &p->bank;
	(void)e;
	if (__builtin_add_overflow(db_col_i64(st, 3), db_col_i64(st, 4), &bal) ||
	    __builtin_add_overflow(p->total, bal, &p->total) || __builtin_add_overflow(*sub, bal, sub))
		p->overflow = 1;
	jsonw_obj(p->w);
	jsonw_ki64(p->w, "ledger_id", db_col_i64(st, 0));
	jsonw_kstr(p->w, "name", db_col_text(st, 1));
	jsonw_kstr(p->w, "kind", kind);
	jsonw_kmoney(p->w, "balance", bal);
	jsonw_obj_end(p->w);
	return 0;
}

static int cash_json(struct db *db, int64_t cid, const char *today, struct jsonw *w, struct err *e)
{
	struct cash_rows p = {w, 0, 0, 0, 0};
	int rc;
	jsonw_key(w, "cash");
	jsonw_obj(w);
	jsonw_key(w, "ledgers");
	jsonw_arr(w);
	if ((rc = db_each(db, sql[SQL_CASH], DB_ARGS(DB_TEXT(today), DB_I64(cid)), cash_row, &p, e)) < 0)
		return rc;
	jsonw_arr_end(w);
	if (p.overflow)
		return too_large(e);
	jsonw_kmoney(w, "cash", p.cash);
	jsonw_kmoney(w, "bank", p.bank);
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

/* What the bills report holds as at today, summed by when each bill falls due: before today
 * (overdue), or in the seven days from today. A bill without a due date is due on its own date;
 * only bills still owed count (one settled past its amount is money on account). */
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
		return err_setr(e, ERR_INVALID, "today", "not_date", "today is out of range");
	report_init(&r);
	if ((rc = report_params_resolve(&p, today, e)) < 0 ||
	    (rc = (payables ? report_payables : report_receivables)(db, cid, &p, &r, e)) < 0 || (rc = report_check(&r, e)) < 0)
		goto out;
	t = &r.tables[0];
	c_date = r.ntables ? col_of(t, "date") : -1, c_due = r.ntables ? col_of(t, "due_date") : -1;
	c_pending = r.ntables ? col_of(t, "pending") : -1;
	for (size_t i = 0; c_date >= 0 && c_due >= 0 && c_pending >= 0 && i < t->nrows; i++) {
		const struct report_cell *pc = report_cell(t, i, c_pending);
		const char *due;
		if (t->rows[i].kind != ROW_DATA || !pc->set || pc->v <= 0 || !report_cell(t, i, c_date)->set)
			continue; /* a party's heading, the total, money on account, a bill overpaid */
		due = report_cell(t, i, c_due)->set ? report_text(&r, t, i, c_due) : report_text(&r, t, i, c_date);
		if (strcmp(due, today) < 0)
			ovf |= __builtin_add_overflow(overdue, pc->v, &overdue), n_overdue++;
		else if (strcmp(due, week_end) <= 0)
			ovf |= __builtin_add_overflow(week, pc->v, &week), n_week++;
	}
	if (ovf) {
		rc = too_large(e);
		goto out;
	}
	jsonw_key(w, payables ? "payables" : "receivables");
	jsonw_obj(w);
	jsonw_kmoney(w, "pending", meta_money(&r, "pending"));
	jsonw_kmoney(w, "on_account", meta_money(&r, "on_account"));
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

/* GSTR-3B of this calendar month so far: the tax payable in cash by head (after input credit),
 * and the day the month's return is due. */
static int gst_json(struct db *db, int64_t cid, const char *today, struct jsonw *w, struct err *e)
{
	struct report_params p;
	struct report r;
	struct date d;
	char due[DATE_ISO_SIZE];
	int64_t igst, cgst, sgst, total;
	int rc;

	memset(&p, 0, sizeof p);
	month_start(today, p.from);
	memcpy(p.to, today, DATE_ISO_SIZE);
	if (date_parse(p.from, 10, DATE_ISO, &d) < 0)
		return err_setr(e, ERR_INVALID, "today", "not_date", "today is not a date");
	d = date_add_days(d, date_month_days(d.year, d.month)); /* the first of the next month */
	date_iso(d, due);
	memcpy(due + 8, HOME_GST_DUE_DAY, 2);
	report_init(&r);
	if ((rc = report_params_resolve(&p, today, e)) < 0 || (rc = report_gstr3b(db, cid, &p, &r, e)) < 0 ||
	    (rc = report_check(&r, e)) < 0)
		goto out;
	igst = meta_money(&r, "payable_igst"), cgst = meta_money(&r, "payable_cgst"), sgst = meta_money(&r, "payable_sgst");
	if (__builtin_add_overflow(igst, cgst, &total) || __builtin_add_overflow(total, sgst, &total)) {
		rc = too_large(e);
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
	jsonw_kstr(w, "return_due", due);
	jsonw_obj_end(w);
out:
	report_done(&r);
	return rc;
}

/* ---- sales ---- */

/* Each day of the month so far, 0 where nothing was sold (a chart's bars stand one to a day). */
struct sales_days {
	int64_t amount[31];
};

static int sales_day(void *ctx, struct db_stmt *st, struct err *e)
{
	struct sales_days *p = ctx;
	const char *date = db_col_text(st, 0);
	int day = (date[8] - '0') * 10 + (date[9] - '0');
	(void)e;
	if (day >= 1 && day <= 31)
		p->amount[day - 1] = db_col_i64(st, 1);
	return 0;
}

static void period_json(struct jsonw *w, const char *key, const char *from, const char *to, int64_t amount)
{
	jsonw_key(w, key);
	jsonw_obj(w);
	jsonw_kstr(w, "from", from);
	jsonw_kstr(w, "to", to);
	jsonw_kmoney(w, "amount", amount);
	jsonw_obj_end(w);
}

/* This month to today, last month whole and last month to the same day of the month (to compare
 * like with like), and this month day by day. */
static int sales_json(struct db *db, int64_t cid, const char *today, struct jsonw *w, struct err *e)
{
	char from[DATE_ISO_SIZE], last_from[DATE_ISO_SIZE], last_to[DATE_ISO_SIZE], same_to[DATE_ISO_SIZE], day[DATE_ISO_SIZE];
	struct sales_days days;
	int64_t now = 0, before = 0, same = 0;
	int n = (today[8] - '0') * 10 + (today[9] - '0'), rc;

	memset(&days, 0, sizeof days);
	month_start(today, from);
	if (date_iso_add(from, -1, last_to) < 0)
		return err_setr(e, ERR_INVALID, "today", "not_date", "today is out of range");
	month_start(last_to, last_from);
	if (date_iso_add(last_from, n - 1, same_to) < 0)
		return err_setr(e, ERR_INVALID, "today", "not_date", "today is out of range");
	if (strcmp(same_to, last_to) > 0)
		memcpy(same_to, last_to, DATE_ISO_SIZE); /* 31 March against February */
	if ((rc = db_i64(db, sql[SQL_SALES_TOTAL], DB_ARGS(DB_I64(cid), DB_TEXT(from), DB_TEXT(today)), &now, e)) < 0 ||
	    (rc = db_i64(db, sql[SQL_SALES_TOTAL], DB_ARGS(DB_I64(cid), DB_TEXT(last_from), DB_TEXT(last_to)), &before, e)) < 0 ||
	    (rc = db_i64(db, sql[SQL_SALES_TOTAL], DB_ARGS(DB_I64(cid), DB_TEXT(last_from), DB_TEXT(same_to)), &same, e)) < 0 ||
	    (rc = db_each(db, sql[SQL_SALES_DAYS], DB_ARGS(DB_I64(cid), DB_TEXT(from), DB_TEXT(today)), sales_day, &days, e)) < 0)
		return rc;
	jsonw_key(w, "sales");
	jsonw_obj(w);
	period_json(w, "this_month", from, today, now);
	period_json(w, "last_month", last_from, last_to, before);
	period_json(w, "last_month_same_days", last_from, same_to, same);
	jsonw_key(w, "days");
	jsonw_arr(w);
	memcpy(day, from, DATE_ISO_SIZE);
	for (int i = 0; i < n && i < 31; i++) {
		day[8] = (char)('0' + (i + 1) / 10);
		day[9] = (char)('0' + (i + 1) % 10);
		jsonw_obj(w);
		jsonw_kstr(w, "date", day);
		jsonw_kmoney(w, "amount", days.amount[i]);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_obj_end(w);
	return 0;
}

/* ---- stock to order ---- */

static void qty_json(struct jsonw *w, const char *key, int64_t thousandths)
{
	char q[32];
	decimal_format(thousandths, 3, q, sizeof q);
	jsonw_kstr(w, key, q);
}

/* The reorder report's count and its first rows. */
static int reorder_json(struct db *db, int64_t cid, const char *today, struct jsonw *w, struct err *e)
{
	static const char *const keys[] = {"sku", "name", "name_hi", "unit"};
	static const char *const qtys[] = {"in_stock", "reorder_level", "suggested_qty"};
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
				jsonw_kstr(w, keys[k], report_cell(t, i, c)->set ? report_text(&r, t, i, c) : NULL);
		for (size_t k = 0; k < sizeof qtys / sizeof qtys[0]; k++)
			if ((c = col_of(t, qtys[k])) >= 0)
				qty_json(w, qtys[k], report_cell(t, i, c)->v);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_obj_end(w);
out:
	report_done(&r);
	return rc;
}

/* ---- the newest vouchers ---- */

struct recent_rows {
	struct jsonw *w;
	int money;
};

/* The list's object of a voucher, without its amount for a role that may not read the books'
 * money. */
static int recent_row(void *ctx, const struct voucher_brief *b)
{
	struct recent_rows *p = ctx;
	struct jsonw *w = p->w;
	if (p->money) {
		voucher_brief_json(w, b);
		return 0;
	}
	jsonw_obj(w);
	jsonw_ki64(w, "id", b->id);
	jsonw_kstr(w, "type", b->type);
	jsonw_kstr(w, "number", b->number);
	jsonw_kstr(w, "date", b->date);
	jsonw_kstr(w, "party_name", b->party_name);
	jsonw_kstr(w, "status", b->status);
	jsonw_kstr(w, "narration", b->narration);
	jsonw_ki64(w, "version", b->version);
	jsonw_obj_end(w);
	return 0;
}

static int recent_json(struct db *db, int64_t cid, int money, struct jsonw *w, struct err *e)
{
	struct voucher_query q = {.page = {0, HOME_RECENT}};
	struct recent_rows p = {w, money};
	int64_t next = 0;
	int rc;
	jsonw_key(w, "recent");
	jsonw_arr(w);
	if ((rc = voucher_find(db, cid, &q, recent_row, &p, &next, e)) < 0)
		return rc;
	jsonw_arr_end(w);
	return 0;
}

int home_json(struct db *db, int64_t cid, const char *today, const struct home_scope *scope, struct jsonw *w, struct err *e)
{
	int rc = 0;
	if (!date_iso_ok(today))
		return err_setr(e, ERR_INVALID, "today", "not_date", "today is not a date");
	jsonw_obj(w);
	jsonw_kstr(w, "today", today);
	jsonw_kbool(w, "money", scope->money);
	if (scope->money &&
	    ((rc = cash_json(db, cid, today, w, e)) < 0 || (rc = bills_json(db, cid, today, 0, w, e)) < 0 ||
	     (rc = bills_json(db, cid, today, 1, w, e)) < 0 || (rc = gst_json(db, cid, today, w, e)) < 0 ||
	     (rc = sales_json(db, cid, today, w, e)) < 0))
		return rc;
	if (scope->stock && (rc = reorder_json(db, cid, today, w, e)) < 0)
		return rc;
	if (scope->vouchers && (rc = recent_json(db, cid, scope->money, w, e)) < 0)
		return rc;
	jsonw_obj_end(w);
	return jsonw_ok(w) < 0 ? oom(e) : 0;
}
