/* stock_query.c - stock read back: at the end of any day (per item, per godown, in total, a page
 * at a time), an item's movement register, the reorder list, stock ageing and batches. Rows come
 * back through callbacks; the reports (src/reports) and the API make what they show of them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "books/books.h"
#include "inventory/inventory_int.h"
#include "lib/buf.h"
#include "lib/date.h"
#include "lib/money.h"
#include "lib/text.h"
#include "lib/banned.h"

/* ---- stock at the end of a day ----
 *
 * The figures at the end of day D are read from the month edge nearer D: for the 1st to the 15th,
 * the stock at the end of the month before plus the moves from the 1st to D; after the 15th, the
 * stock at the end of D's month less the moves after D in that month. The stock at the end of a
 * month is, per item, the kept balance less the net movement of the later months (stock_month),
 * and in total the net movement of the months up to it (stock_godown_month). So any date costs
 * a few rows per item and at most half a month of moves: at 100,000 items and 1,000,000 moves
 * over three years the summary took 106 ms half way back when it subtracted every later move
 * (bench/inventory.sh). */
struct as_of {
	char day[11];        /* YYYY-MM-DD */
	char month[16];      /* YYYY-MM: the month at whose end the edge is */
	int64_t sign;        /* +1: add the moves dated in (from, to]; -1: take them off */
	char from[16], to[16];
};

/* One item's quantity or value (col) at the end of a day, in one godown or all; args_item_at
 * gives its ten parameters. */
#define ITEM_AT(col)                                                                                                \
	"(SELECT coalesce(sum(b." col "), 0) FROM stock_balance b WHERE b.company_id = i.company_id AND b.item_id = i.id " \
	"   AND (? = 0 OR b.godown_id = ?)) - "                                                                          \
	"(SELECT coalesce(sum(s." col "), 0) FROM stock_month s WHERE s.company_id = i.company_id AND s.item_id = i.id "  \
	"   AND s.month > ? AND (? = 0 OR s.godown_id = ?)) + ? * "                                                      \
	"(SELECT coalesce(sum(m." col "), 0) FROM stock_moves m WHERE m.company_id = i.company_id AND m.item_id = i.id "   \
	"   AND m.active = 1 AND m.date > ? AND m.date <= ? AND (? = 0 OR m.godown_id = ?))"

#define ROW_COLS "i.id, i.sku, i.name, coalesce(i.name_hi, ''), u.symbol, coalesce(g.name, ''), "

/* The movement register's order within a day; a voucher's number is its series and year (the
 * first ten characters, SAL/26-27/) then its sequence, compared by length first so that 10000
 * comes after 9999. */
#define MOVEMENT_ORDER "m.date, CASE WHEN m.source = 'opening' THEN 0 WHEN m.voucher_id IS NULL THEN 2 ELSE 1 END, " \
	"substr(coalesce(v.number, ''), 1, 10), length(coalesce(v.number, '')), coalesce(v.number, ''), " \
	"coalesce(m.journal_id, 0), m.id"

enum {
	SQL_ITEMS, SQL_ITEMS_RECENT, SQL_RECENT, SQL_PAGE, SQL_PAGE_KEY, SQL_TOTAL, SQL_GODOWNS,
	SQL_ITEM_HEAD, SQL_MOVES_BEFORE, SQL_MOVES_THROUGH, SQL_MOVEMENT,
	SQL_REORDER, SQL_RECEIPTS, SQL_BATCHES,
	SQL_MAX
};

static const char *const sql[SQL_MAX] = {
	/* Every item at once: sums per item first (the keys of the balance and of the months are
	 * already in item order), then joins the names, so the only sort left is the final one by
	 * name. Grouping the joined wide rows by six columns instead cost 2.5 times as much CPU at
	 * 100,000 items. */
	[SQL_ITEMS] =
		"SELECT " ROW_COLS
		"t.qty - coalesce(s.qty, 0) + ? * coalesce(a.qty, 0), t.value - coalesce(s.value, 0) + ? * coalesce(a.value, 0) "
		"FROM (SELECT item_id, sum(qty) AS qty, sum(value) AS value FROM stock_balance "
		"  WHERE company_id = ? AND (? = 0 OR godown_id = ?) GROUP BY item_id) t "
		"JOIN items i ON i.id = t.item_id JOIN units u ON u.id = i.unit_id LEFT JOIN item_groups g ON g.id = i.group_id "
		"LEFT JOIN (SELECT item_id, sum(qty) AS qty, sum(value) AS value FROM stock_month "
		"  WHERE company_id = ? AND month > ? AND (? = 0 OR godown_id = ?) GROUP BY item_id) s "
		"  ON s.item_id = t.item_id "
		"LEFT JOIN (SELECT item_id, sum(qty) AS qty, sum(value) AS value FROM stock_moves "
		"  WHERE company_id = ? AND active = 1 AND date > ? AND date <= ? AND (? = 0 OR godown_id = ?) GROUP BY item_id) a "
		"  ON a.item_id = t.item_id "
		"ORDER BY i.name",
	/* The same for a recent day: the balance less every move after the day. */
	[SQL_ITEMS_RECENT] =
		"SELECT " ROW_COLS "t.qty - coalesce(a.qty, 0), t.value - coalesce(a.value, 0) "
		"FROM (SELECT item_id, sum(qty) AS qty, sum(value) AS value FROM stock_balance "
		"  WHERE company_id = ? AND (? = 0 OR godown_id = ?) GROUP BY item_id) t "
		"JOIN items i ON i.id = t.item_id JOIN units u ON u.id = i.unit_id LEFT JOIN item_groups g ON g.id = i.group_id "
		"LEFT JOIN (SELECT item_id, sum(qty) AS qty, sum(value) AS value FROM stock_moves "
		"  WHERE company_id = ? AND active = 1 AND date > ? AND (? = 0 OR godown_id = ?) GROUP BY item_id) a "
		"  ON a.item_id = t.item_id "
		"ORDER BY i.name",
	[SQL_RECENT] = "SELECT count(CASE WHEN month > ? THEN 1 END), count(*) FROM stock_godown_month "
		       "WHERE company_id = ? AND (? = 0 OR godown_id = ?)",
	/* One page of the items, driven by the items' name index: each item's figures come from its
	 * own balance, month and move rows, so a page costs the same at 100 items as at 100,000. */
	[SQL_PAGE] =
		"SELECT " ROW_COLS ITEM_AT("qty") ", " ITEM_AT("value") " "
		"FROM items i JOIN units u ON u.id = i.unit_id LEFT JOIN item_groups g ON g.id = i.group_id "
		"WHERE i.company_id = ? AND (? = 0 OR i.name > ? OR (i.name = ? AND i.id > ?)) "
		"AND EXISTS (SELECT 1 FROM stock_balance b WHERE b.company_id = i.company_id AND b.item_id = i.id "
		"AND (? = 0 OR b.godown_id = ?)) ORDER BY i.name, i.id LIMIT ?",
	[SQL_PAGE_KEY] = "SELECT name FROM items WHERE company_id = ? AND id = ?",
	/* A few dozen month rows per godown, and at most half a month of moves. */
	[SQL_TOTAL] =
		"SELECT coalesce((SELECT sum(value) FROM stock_godown_month WHERE company_id = ? AND month <= ? "
		"AND (? = 0 OR godown_id = ?)), 0) + "
		"? * coalesce((SELECT sum(value) FROM stock_moves WHERE company_id = ? AND active = 1 AND date > ? AND date <= ? "
		"AND (? = 0 OR godown_id = ?)), 0)",
	/* Items per godown counted on the balances (a balance row is one item in one godown), values
	 * from the godown's month rows and at most half a month of moves. */
	[SQL_GODOWNS] =
		"SELECT d.id, d.name, coalesce(t.value, 0) + ? * coalesce(a.value, 0), c.items "
		"FROM (SELECT godown_id, count(*) AS items FROM stock_balance "
		"  WHERE company_id = ? AND (? = 0 OR godown_id = ?) GROUP BY godown_id) c "
		"JOIN godowns d ON d.id = c.godown_id "
		"LEFT JOIN (SELECT godown_id, sum(value) AS value FROM stock_godown_month "
		"  WHERE company_id = ? AND month <= ? AND (? = 0 OR godown_id = ?) GROUP BY godown_id) t "
		"  ON t.godown_id = c.godown_id "
		"LEFT JOIN (SELECT godown_id, sum(value) AS value FROM stock_moves "
		"  WHERE company_id = ? AND active = 1 AND date > ? AND date <= ? AND (? = 0 OR godown_id = ?) GROUP BY godown_id) a "
		"  ON a.godown_id = c.godown_id "
		"ORDER BY d.name",
	[SQL_ITEM_HEAD] = "SELECT i.sku, i.name, u.symbol FROM items i JOIN units u ON u.id = i.unit_id WHERE i.company_id = ? AND i.id = ?",
	[SQL_MOVES_BEFORE] = "SELECT coalesce(sum(qty), 0), coalesce(sum(value), 0) FROM stock_moves "
			     "WHERE company_id = ? AND item_id = ? AND active = 1 AND date < ?",
	[SQL_MOVES_THROUGH] = "SELECT coalesce(sum(qty), 0), coalesce(sum(value), 0) FROM stock_moves "
			      "WHERE company_id = ? AND item_id = ? AND active = 1 AND date <= ?",
	/* A day's moves as the day book has them: opening stock first, then by voucher number (a
	 * series and year, then the number in it: SAL/26-27/0009 before SAL/26-27/0010, whatever order
	 * they were keyed in) and line, then the stock journals. */
	[SQL_MOVEMENT] = "SELECT m.id, m.date, m.source, g.name, m.qty, m.value, coalesce(m.voucher_id, 0), coalesce(v.number, ''), "
			 "coalesce(m.journal_id, 0) FROM stock_moves m JOIN godowns g ON g.id = m.godown_id "
			 "LEFT JOIN vouchers v ON v.id = m.voucher_id WHERE m.company_id = ? AND m.item_id = ? AND m.active = 1 "
			 "AND m.date >= ? AND m.date <= ? ORDER BY " MOVEMENT_ORDER " LIMIT ?",
	[SQL_REORDER] = "SELECT i.id, i.sku, i.name, coalesce(i.name_hi, ''), u.symbol, coalesce(b.qty, 0), i.reorder_level, "
			"CASE WHEN i.reorder_qty > 0 THEN i.reorder_qty ELSE 2 * i.reorder_level - coalesce(b.qty, 0) END "
			"FROM items i JOIN units u ON u.id = i.unit_id LEFT JOIN (SELECT company_id, item_id, sum(qty) AS qty "
			"FROM stock_balance GROUP BY company_id, item_id) b ON b.item_id = i.id AND b.company_id = i.company_id "
			"WHERE i.company_id = ? AND i.archived = 0 AND i.reorder_level > 0 AND coalesce(b.qty, 0) < i.reorder_level "
			"ORDER BY i.name",
	/* Receipts, newest first, fill each item's holding back in time. */
	[SQL_RECEIPTS] = "SELECT item_id, date, qty, value FROM stock_moves WHERE company_id = ? AND active = 1 AND qty > 0 "
			 "AND source <> 'transfer' AND date <= ? ORDER BY item_id, date DESC, id DESC",
	[SQL_BATCHES] = "SELECT l.item_id, i.name, g.name, l.batch, coalesce(l.expiry, ''), u.symbol, sum(l.qty_left) "
			"FROM stock_layers l JOIN items i ON i.id = l.item_id JOIN units u ON u.id = i.unit_id "
			"JOIN godowns g ON g.id = l.godown_id WHERE l.company_id = ? AND l.qty_left > 0 AND l.batch IS NOT NULL "
			"GROUP BY l.item_id, i.name, g.name, l.batch, l.expiry, u.symbol",
};

static int oom(struct err *e) { return err_set(e, ERR_INTERNAL, NULL, "out of memory"); }

/* Fills a for a day, which must be YYYY-MM-DD in digits (the callers check). */
static void as_of_init(struct as_of *a, const char *day)
{
	int y = 0, m, d;
	for (int i = 0; i < 4; i++)
		y = y * 10 + (day[i] - '0');
	m = (day[5] - '0') * 10 + (day[6] - '0');
	d = (day[8] - '0') * 10 + (day[9] - '0');
	text_copy(a->day, sizeof a->day, day);
	if (d <= 15) {
		if (--m < 1) {
			m = 12;
			y--;
		}
		snprintf(a->month, sizeof a->month, "%04d-%02d", y, m);
		snprintf(a->from, sizeof a->from, "%.7s-00", day); /* before the 1st */
		text_copy(a->to, sizeof a->to, day);
		a->sign = 1;
	} else {
		snprintf(a->month, sizeof a->month, "%.7s", day);
		text_copy(a->from, sizeof a->from, day);
		snprintf(a->to, sizeof a->to, "%.7s-99", day); /* after the last day */
		a->sign = -1;
	}
}

/* date "" is today; otherwise it must be a real date. */
static int stock_day(struct db *db, int64_t cid, const char *date, struct as_of *ret, struct err *e)
{
	char day[DATE_ISO_SIZE];
	int rc;
	if (date && *date && !date_iso_ok(date))
		return err_setr(e, ERR_INVALID, "date", "not_date", "date must be YYYY-MM-DD");
	if (date && *date)
		text_copy(day, sizeof day, date);
	else if ((rc = books_today_of(db, cid, day, e)) < 0)
		return rc;
	as_of_init(ret, day);
	return 0;
}

/* ITEM_AT's ten parameters from a[k] on; returns the next index. */
static size_t args_item_at(struct db_arg *a, size_t k, const struct as_of *d, int64_t godown_id)
{
	a[k++] = DB_I64(godown_id);
	a[k++] = DB_I64(godown_id);
	a[k++] = DB_TEXT(d->month);
	a[k++] = DB_I64(godown_id);
	a[k++] = DB_I64(godown_id);
	a[k++] = DB_I64(d->sign);
	a[k++] = DB_TEXT(d->from);
	a[k++] = DB_TEXT(d->to);
	a[k++] = DB_I64(godown_id);
	a[k++] = DB_I64(godown_id);
	return k;
}

/* What the month-sum queries share, from a[k] on: the sign, then the company and godown of the
 * month rows, of the month edge and of the moves between it and the day. */
static size_t args_as_of(struct db_arg *a, size_t k, int64_t cid, int64_t godown_id, const struct as_of *d)
{
	a[k++] = DB_I64(d->sign);
	a[k++] = DB_I64(cid);
	a[k++] = DB_I64(godown_id);
	a[k++] = DB_I64(godown_id);
	a[k++] = DB_I64(cid);
	a[k++] = DB_TEXT(d->month);
	a[k++] = DB_I64(godown_id);
	a[k++] = DB_I64(godown_id);
	a[k++] = DB_I64(cid);
	a[k++] = DB_TEXT(d->from);
	a[k++] = DB_TEXT(d->to);
	a[k++] = DB_I64(godown_id);
	a[k++] = DB_I64(godown_id);
	return k;
}

/* Whether the day is recent: the month rows of the godowns after its month are at most a fifth of
 * all of them. Then the moves after the day are few, and reading them by date costs less than
 * SQL_ITEMS's pass over every item month row of the company, which has no month order to stop
 * early in (at 100,000 items it costs a third more than the moves at today, and a third less
 * half way back; bench/inventory.sh). Both give the same figures. */
static int stock_day_recent(struct db *db, int64_t cid, const struct as_of *a, int64_t godown_id, int *ret, struct err *e)
{
	struct db_stmt *st;
	int rc = db_one(db, sql[SQL_RECENT], DB_ARGS(DB_TEXT(a->month), DB_I64(cid), DB_I64(godown_id), DB_I64(godown_id)), &st, e);
	*ret = 0;
	if (rc == DB_ROW) {
		*ret = db_col_i64(st, 0) * 5 <= db_col_i64(st, 1);
		db_done(st);
	}
	return rc < 0 ? rc : 0;
}

/* Total value of stock at the end of the day, in one godown or all. */
static int stock_total(struct db *db, int64_t cid, const struct as_of *a, int64_t godown_id, int64_t *ret, struct err *e)
{
	int rc = db_i64(db, sql[SQL_TOTAL],
			DB_ARGS(DB_I64(cid), DB_TEXT(a->month), DB_I64(godown_id), DB_I64(godown_id), DB_I64(a->sign), DB_I64(cid),
				DB_TEXT(a->from), DB_TEXT(a->to), DB_I64(godown_id), DB_I64(godown_id)),
			ret, e);
	return rc < 0 ? rc : 0;
}

int inventory_value_at(struct db *db, int64_t cid, const char *date, int64_t *ret, struct err *e)
{
	struct as_of a;
	char day[11];
	int rc;
	/* Any YYYY-MM-DD of digits, not only the real dates stock_day takes: the Profit & Loss asks
	 * for the day before its first, which for books from 1900-01-01 is in 1899. */
	int shaped = date && strlen(date) == 10 && date[4] == '-' && date[7] == '-';
	for (int i = 0; shaped && i < 10; i++)
		shaped = i == 4 || i == 7 || (date[i] >= '0' && date[i] <= '9');
	if (date && *date && !shaped)
		return err_setr(e, ERR_INVALID, "date", "not_date", "date must be YYYY-MM-DD");
	if (date && *date)
		text_copy(day, sizeof day, date);
	else if ((rc = books_today_of(db, cid, day, e)) < 0) /* not "every move": moves dated after today are not in today's stock */
		return rc;
	as_of_init(&a, day);
	*ret = 0;
	return stock_total(db, cid, &a, 0, ret, e);
}

int inventory_stock_value(struct db *db, int64_t cid, const char *date, int64_t godown_id, int64_t *ret, struct err *e)
{
	struct as_of a;
	int rc = stock_day(db, cid, date, &a, e);
	*ret = 0;
	return rc < 0 ? rc : stock_total(db, cid, &a, godown_id, ret, e);
}

struct rows_walk {
	int (*each)(void *ctx, const struct stock_row *row);
	void *ctx;
	int limit, n;        /* pages: one row more than a page says there is a next */
	int64_t last, next;
};

static int stock_row_of(void *p, struct db_stmt *st, struct err *e)
{
	struct rows_walk *w = p;
	struct stock_row r;
	if (w->limit && w->n == w->limit) {
		w->next = w->last;
		return 1;
	}
	r.item_id = w->last = db_col_i64(st, 0);
	r.sku = db_col_text(st, 1);
	r.name = db_col_text(st, 2);
	r.name_hi = db_col_text(st, 3);
	r.unit = db_col_text(st, 4);
	r.group = db_col_text(st, 5);
	r.qty = db_col_i64(st, 6);
	r.value = db_col_i64(st, 7);
	w->n++;
	return w->each(w->ctx, &r) < 0 ? oom(e) : 0;
}

/* Stock per item at the end of `date` (see "stock at the end of a day"). */
int inventory_stock_rows(struct db *db, int64_t cid, const char *date, int64_t godown_id,
			 int (*each)(void *ctx, const struct stock_row *row), void *ctx, struct err *e)
{
	struct rows_walk w = {each, ctx, 0, 0, 0, 0};
	struct db_arg a[16];
	struct as_of d;
	size_t n = 0;
	int rc, recent = 0;

	if ((rc = stock_day(db, cid, date, &d, e)) < 0 || (rc = stock_day_recent(db, cid, &d, godown_id, &recent, e)) < 0)
		return rc;
	if (recent) {
		a[n++] = DB_I64(cid);
		a[n++] = DB_I64(godown_id);
		a[n++] = DB_I64(godown_id);
		a[n++] = DB_I64(cid);
		a[n++] = DB_TEXT(d.day);
		a[n++] = DB_I64(godown_id);
		a[n++] = DB_I64(godown_id);
	} else {
		a[n++] = DB_I64(d.sign);
		n = args_as_of(a, n, cid, godown_id, &d);
	}
	return db_each(db, sql[recent ? SQL_ITEMS_RECENT : SQL_ITEMS], a, n, stock_row_of, &w, e);
}

int inventory_stock_page(struct db *db, int64_t cid, const char *date, int64_t godown_id, const struct page *pg,
			 int (*each)(void *ctx, const struct stock_row *row), void *ctx, int64_t *ret_next, struct err *e)
{
	struct rows_walk w = {each, ctx, pg->limit, 0, 0, 0};
	char *after_name = calloc(1, ITEM_NAME_SIZE);
	struct db_arg a[32];
	struct as_of d;
	size_t n = 0;
	int rc;

	*ret_next = 0;
	if (!after_name)
		return oom(e);
	if ((rc = stock_day(db, cid, date, &d, e)) < 0)
		goto out;
	if (pg->after) {
		rc = db_text(db, sql[SQL_PAGE_KEY], DB_ARGS(DB_I64(cid), DB_I64(pg->after)), after_name, ITEM_NAME_SIZE, e);
		if (rc == DB_DONE)
			rc = err_setr(e, ERR_INVALID, "after", "unknown_cursor", "unknown cursor");
		if (rc < 0)
			goto out;
	}
	n = args_item_at(a, n, &d, godown_id);
	n = args_item_at(a, n, &d, godown_id);
	a[n++] = DB_I64(cid);
	a[n++] = DB_I64(pg->after);
	a[n++] = DB_TEXT(after_name);
	a[n++] = DB_TEXT(after_name);
	a[n++] = DB_I64(pg->after);
	a[n++] = DB_I64(godown_id);
	a[n++] = DB_I64(godown_id);
	a[n++] = DB_I64(pg->limit + 1);
	if ((rc = db_each(db, sql[SQL_PAGE], a, n, stock_row_of, &w, e)) >= 0)
		*ret_next = w.next;
out:
	free(after_name);
	return rc < 0 ? rc : 0;
}

struct godowns_walk {
	int (*each)(void *ctx, const struct stock_godown_row *row);
	void *ctx;
};

static int godown_row_of(void *p, struct db_stmt *st, struct err *e)
{
	struct godowns_walk *w = p;
	struct stock_godown_row r = {db_col_i64(st, 0), db_col_text(st, 1), db_col_i64(st, 3), db_col_i64(st, 2)};
	return w->each(w->ctx, &r) < 0 ? oom(e) : 0;
}

int inventory_stock_godowns(struct db *db, int64_t cid, const char *date, int64_t godown_id,
			    int (*each)(void *ctx, const struct stock_godown_row *row), void *ctx, struct err *e)
{
	struct godowns_walk w = {each, ctx};
	struct db_arg a[16];
	struct as_of d;
	size_t n;
	int rc = stock_day(db, cid, date, &d, e);
	if (rc < 0)
		return rc;
	n = args_as_of(a, 0, cid, godown_id, &d);
	return db_each(db, sql[SQL_GODOWNS], a, n, godown_row_of, &w, e);
}

/* ---- the movement register ---- */

/* The quantity and value an item's moves add up to before `date` (through it when inclusive). */
static int item_moves_sum(struct db *db, int64_t cid, int64_t item, const char *date, int inclusive, int64_t *qty, int64_t *value,
			  struct err *e)
{
	struct db_stmt *st;
	int rc = db_one(db, sql[inclusive ? SQL_MOVES_THROUGH : SQL_MOVES_BEFORE], DB_ARGS(DB_I64(cid), DB_I64(item), DB_TEXT(date)), &st, e);
	if (rc == DB_ROW) {
		*qty = db_col_i64(st, 0);
		*value = db_col_i64(st, 1);
		db_done(st);
	}
	return rc < 0 ? rc : 0;
}

struct movement_walk {
	int (*each)(void *ctx, const struct stock_movement_row *row);
	void *ctx;
	struct stock_movement *m;
	int n;
	int64_t qty, value;   /* running */
};

static int movement_row_of(void *p, struct db_stmt *st, struct err *e)
{
	struct movement_walk *w = p;
	struct stock_movement_row r;
	if (w->n == STOCK_MOVEMENT_ROWS) { /* a page is enough to read; the closing figures are whole */
		w->m->truncated = 1;
		return 1;
	}
	r.move_id = db_col_i64(st, 0);
	r.date = db_col_text(st, 1);
	r.source = db_col_text(st, 2);
	r.godown = db_col_text(st, 3);
	r.qty = db_col_i64(st, 4);
	r.value = db_col_i64(st, 5);
	if (__builtin_add_overflow(w->qty, r.qty, &w->qty) || __builtin_add_overflow(w->value, r.value, &w->value))
		return money_range_err(e, "a running balance is beyond the range of amounts");
	r.balance_qty = w->qty;
	r.balance_value = w->value;
	r.voucher_id = db_col_i64(st, 6);
	r.voucher_number = db_col_text(st, 7);
	r.journal_id = db_col_i64(st, 8);
	w->n++;
	return w->each(w->ctx, &r) < 0 ? oom(e) : 0;
}

/* The register's head: the item's names and its stock before `from`. */
static int movement_head(struct db *db, int64_t cid, int64_t item_id, const char *from, struct stock_movement *m, struct err *e)
{
	struct db_stmt *st;
	int rc = db_one(db, sql[SQL_ITEM_HEAD], DB_ARGS(DB_I64(cid), DB_I64(item_id)), &st, e);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE)
		return err_setr(e, ERR_INVALID, "item_id", "unknown_item", "no item %lld in this company", (long long)item_id);
	memset(m, 0, sizeof *m);
	m->item_id = item_id;
	text_copy(m->sku, sizeof m->sku, db_col_text(st, 0));
	text_copy(m->name, sizeof m->name, db_col_text(st, 1));
	text_copy(m->unit, sizeof m->unit, db_col_text(st, 2));
	db_done(st);
	return item_moves_sum(db, cid, item_id, from, 0, &m->opening_qty, &m->opening_value, e);
}

int inventory_stock_movement(struct db *db, int64_t cid, int64_t item_id, const char *from, const char *to,
			     int (*each)(void *ctx, const struct stock_movement_row *row), void *ctx, struct stock_movement *ret,
			     struct err *e)
{
	struct movement_walk w = {each, ctx, ret, 0, 0, 0};
	int rc;

	if ((from && *from && !date_iso_ok(from)) || (to && *to && !date_iso_ok(to)))
		return err_setr(e, ERR_INVALID, from && *from && !date_iso_ok(from) ? "from" : "to", "not_date", "dates are YYYY-MM-DD");
	from = from && *from ? from : "0000-00-00";
	to = to && *to ? to : "9999-12-31";
	if ((rc = movement_head(db, cid, item_id, from, ret, e)) < 0)
		return rc;
	w.qty = ret->opening_qty;
	w.value = ret->opening_value;
	if ((rc = db_each(db, sql[SQL_MOVEMENT], DB_ARGS(DB_I64(cid), DB_I64(item_id), DB_TEXT(from), DB_TEXT(to), DB_I64(STOCK_MOVEMENT_ROWS + 1)),
			  movement_row_of, &w, e)) < 0)
		return rc;
	ret->closing_qty = w.qty;
	ret->closing_value = w.value;
	/* the rows stopped early: the closing figures come from all the period's moves */
	if (ret->truncated)
		return item_moves_sum(db, cid, item_id, to, 1, &ret->closing_qty, &ret->closing_value, e);
	return 0;
}

/* ---- the reorder list ---- */

struct reorder_walk {
	int (*each)(void *ctx, const struct reorder_row *row);
	void *ctx;
};

static int reorder_row_of(void *p, struct db_stmt *st, struct err *e)
{
	struct reorder_walk *w = p;
	struct reorder_row r = {db_col_i64(st, 0), db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3), db_col_text(st, 4),
				db_col_i64(st, 5), db_col_i64(st, 6), db_col_i64(st, 7)};
	return w->each(w->ctx, &r) < 0 ? oom(e) : 0;
}

int inventory_reorder(struct db *db, int64_t cid, int (*each)(void *ctx, const struct reorder_row *row), void *ctx, struct err *e)
{
	struct reorder_walk w = {each, ctx};
	return db_each(db, sql[SQL_REORDER], DB_ARGS(DB_I64(cid)), reorder_row_of, &w, e);
}

/* ---- stock ageing ---- */

/* What is held of one item, placed receipt by receipt into the buckets. */
struct ageing_item {
	int64_t item;
	size_t name, unit;              /* offsets into the pool */
	int64_t held_qty, held_value;   /* at the end of the day, all godowns */
	int64_t left;                   /* of held_qty, not yet placed in a bucket */
	int64_t qty[STOCK_AGE_BUCKETS], value[STOCK_AGE_BUCKETS];
	int last;                       /* the bucket the last placed receipt went to */
	size_t seq;                     /* the order the stock summary gave (by name) */
};

struct ageing_set {
	struct ageing_item *rows;
	size_t n, cap, k;               /* k: the receipts' cursor into rows (by item) */
	struct buf pool;
	const char *day;
	enum valuation valuation;
};

static int ageing_collect(void *p, const struct stock_row *r)
{
	struct ageing_set *a = p;
	struct ageing_item *it;
	if (r->qty <= 0)
		return 0; /* nothing held (or below zero): nothing to age */
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 64;
		struct ageing_item *grown = realloc(a->rows, cap * sizeof *grown);
		if (!grown)
			return -1;
		a->rows = grown;
		a->cap = cap;
	}
	it = &a->rows[a->n];
	memset(it, 0, sizeof *it);
	it->item = r->item_id;
	it->name = a->pool.len;
	if (buf_add(&a->pool, r->name, strlen(r->name) + 1) < 0)
		return -1;
	it->unit = a->pool.len;
	if (buf_add(&a->pool, r->unit, strlen(r->unit) + 1) < 0)
		return -1;
	it->held_qty = it->left = r->qty;
	it->held_value = r->value;
	it->seq = a->n++;
	return 0;
}

static int ageing_by_item(const void *x, const void *y)
{
	const struct ageing_item *a = x, *b = y;
	return (a->item > b->item) - (a->item < b->item);
}

static int ageing_by_seq(const void *x, const void *y)
{
	const struct ageing_item *a = x, *b = y;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

/* One receipt (newest first per item) placed into its item's buckets by its age. */
static int ageing_receipt(void *p, struct db_stmt *st, struct err *e)
{
	static const int edges[STOCK_AGE_BUCKETS - 1] = {30, 60, 90, 180};
	struct ageing_set *a = p;
	int64_t item = db_col_i64(st, 0), q = db_col_i64(st, 2), take, v = 0, age;
	struct ageing_item *r;
	int b = 0, rc;
	while (a->k < a->n && a->rows[a->k].item < item)
		a->k++;
	if (a->k == a->n)
		return 1;
	r = &a->rows[a->k];
	if (r->item != item || r->left <= 0)
		return 0;
	take = q < r->left ? q : r->left;
	age = date_iso_diff(db_col_text(st, 1), a->day);
	while (b < STOCK_AGE_BUCKETS - 1 && age > edges[b])
		b++;
	if (a->valuation == VALUATION_FIFO)
		rc = money_muldiv(take, db_col_i64(st, 3), q, MONEY_ROUND_HALF_UP, &v);
	else
		rc = money_muldiv(take, r->held_value, r->held_qty, MONEY_ROUND_HALF_UP, &v);
	if (rc < 0 || __builtin_add_overflow(r->value[b], v, &r->value[b]))
		return money_range_err(e, "a value of the ageing is beyond the range of amounts");
	r->qty[b] += take;
	r->left -= take;
	r->last = b;
	return 0;
}

/* Stock held at the end of `date`, by how long ago it was received. What is held is taken to be
 * the latest receipts up to that day (first in, first out), counted per item over all godowns, so
 * a transfer between godowns does not make stock younger. Values: under FIFO each slice at its
 * receipt's cost; under weighted average in proportion to the quantity; either way the buckets add
 * up to the item's value in the stock summary of that day. */
int inventory_stock_ageing(struct db *db, int64_t cid, const char *date,
			   int (*each)(void *ctx, const struct stock_ageing_row *row), void *ctx, struct err *e)
{
	struct ageing_set a;
	struct inventory_settings s;
	struct as_of d;
	int rc;

	memset(&a, 0, sizeof a);
	if ((rc = stock_day(db, cid, date, &d, e)) < 0 || (rc = inventory_settings_get(db, cid, &s, e)) < 0)
		return rc;
	a.day = d.day;
	a.valuation = s.valuation;
	if ((rc = inventory_stock_rows(db, cid, d.day, 0, ageing_collect, &a, e)) < 0)
		goto out;
	if (a.n > 1)
		qsort(a.rows, a.n, sizeof *a.rows, ageing_by_item);
	if ((rc = db_each(db, sql[SQL_RECEIPTS], DB_ARGS(DB_I64(cid), DB_TEXT(d.day)), ageing_receipt, &a, e)) < 0)
		goto out;
	if (a.n > 1)
		qsort(a.rows, a.n, sizeof *a.rows, ageing_by_seq);
	for (size_t i = 0; i < a.n && rc >= 0; i++) {
		struct ageing_item *r = &a.rows[i];
		struct stock_ageing_row row;
		int64_t sum = 0;
		/* held beyond the receipts recorded (stock sold below zero and counted back): oldest */
		if (r->left > 0) {
			r->qty[STOCK_AGE_BUCKETS - 1] += r->left;
			r->last = STOCK_AGE_BUCKETS - 1;
		}
		for (int b = 0; b < STOCK_AGE_BUCKETS; b++)
			sum += r->value[b];
		r->value[r->last] += r->held_value - sum; /* rounding lands in one bucket; totals agree */
		row.item_id = r->item;
		row.name = a.pool.data + r->name;
		row.unit = a.pool.data + r->unit;
		memcpy(row.qty, r->qty, sizeof row.qty);
		memcpy(row.value, r->value, sizeof row.value);
		if (each(ctx, &row) < 0)
			rc = oom(e);
	}
out:
	free(a.rows);
	buf_free(&a.pool);
	return rc < 0 ? rc : 0;
}

/* ---- batches ---- */

struct batch_item {
	int64_t item_id, qty;
	size_t name, godown, batch, expiry, unit;   /* pool offsets, then (once the pool is whole) pointers */
	const char *s[5];
};

struct batch_set {
	struct batch_item *v;
	size_t n, cap;
	struct buf pool;
};

static int pool_add(struct buf *pool, const char *s, size_t *ret)
{
	*ret = pool->len;
	return buf_add(pool, s, strlen(s) + 1);
}

static int batch_collect(void *p, struct db_stmt *st, struct err *e)
{
	struct batch_set *b = p;
	struct batch_item *it;
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 32;
		struct batch_item *grown = realloc(b->v, cap * sizeof *grown);
		if (!grown)
			return oom(e);
		b->v = grown;
		b->cap = cap;
	}
	it = &b->v[b->n++];
	it->item_id = db_col_i64(st, 0);
	it->qty = db_col_i64(st, 6);
	if (pool_add(&b->pool, db_col_text(st, 1), &it->name) < 0 || pool_add(&b->pool, db_col_text(st, 2), &it->godown) < 0 ||
	    pool_add(&b->pool, db_col_text(st, 3), &it->batch) < 0 || pool_add(&b->pool, db_col_text(st, 4), &it->expiry) < 0 ||
	    pool_add(&b->pool, db_col_text(st, 5), &it->unit) < 0)
		return oom(e);
	return 0;
}

enum { B_NAME, B_GODOWN, B_BATCH, B_EXPIRY, B_UNIT };

/* Soonest expiry first, batches without one last; then item, godown and batch, byte-wise, so both
 * databases give the same order (they sort NULL and text differently). */
static int batch_cmp(const void *pa, const void *pb)
{
	const struct batch_item *a = pa, *b = pb;
	const char *ea = a->s[B_EXPIRY], *eb = b->s[B_EXPIRY];
	int c;
	if (!*ea != !*eb)
		return *ea ? -1 : 1;
	if ((c = strcmp(ea, eb)) != 0)
		return c;
	for (int k = B_NAME; k <= B_BATCH; k++)
		if ((c = strcmp(a->s[k], b->s[k])) != 0)
			return c;
	return 0;
}

int inventory_batches(struct db *db, int64_t cid, int (*each)(void *ctx, const struct batch_row *row), void *ctx, struct err *e)
{
	struct batch_set b;
	int rc;

	memset(&b, 0, sizeof b);
	rc = db_each(db, sql[SQL_BATCHES], DB_ARGS(DB_I64(cid)), batch_collect, &b, e);
	for (size_t i = 0; rc >= 0 && i < b.n; i++) {
		struct batch_item *it = &b.v[i];
		it->s[B_NAME] = b.pool.data + it->name;
		it->s[B_GODOWN] = b.pool.data + it->godown;
		it->s[B_BATCH] = b.pool.data + it->batch;
		it->s[B_EXPIRY] = b.pool.data + it->expiry;
		it->s[B_UNIT] = b.pool.data + it->unit;
	}
	if (rc >= 0 && b.n > 1)
		qsort(b.v, b.n, sizeof *b.v, batch_cmp);
	for (size_t i = 0; rc >= 0 && i < b.n; i++) {
		const struct batch_item *it = &b.v[i];
		struct batch_row r = {it->item_id, it->s[B_NAME], it->s[B_GODOWN], it->s[B_BATCH], it->s[B_UNIT], it->s[B_EXPIRY], it->qty};
		if (each(ctx, &r) < 0)
			rc = oom(e);
	}
	free(b.v);
	buf_free(&b.pool);
	return rc < 0 ? rc : 0;
}
