/* reports_inventory.c - the inventory module's stock reports (movement register, reorder list,
 * stock ageing, batches) in the generic report form, made straight from the rows inventory's
 * functions give (inventory.h), so the API, the CLI and CSV show the same figures. */
#include <stdio.h>
#include <string.h>

#include "books/books.h"
#include "inventory/inventory.h"
#include "lib/money.h"
#include "lib/text.h"
#include "reports/reports_int.h"
#include "lib/banned.h"

/* Title, company and dates of the report: from the chart, which also proves the company exists. */
static int head(struct db *db, int64_t cid, struct report *r, const char *name, const char *title, const struct report_params *p,
		struct err *e)
{
	struct chart ch;
	int rc = chart_load(db, cid, &ch, e);
	if (rc >= 0)
		report_head(r, &ch, name, title, p);
	chart_done(&ch);
	return rc < 0 ? rc : 0;
}

/* A callback that stopped the rows says why: a total past what int64 holds, or the report full
 * (report_check's error), rather than inventory's "out of memory". */
static int settle(int rc, int overflow, struct report *r, struct err *e)
{
	if (rc < 0 && overflow) {
		err_clear(e);
		return money_range_err(e, "a total is beyond the range of amounts");
	}
	if (rc < 0 && r->failed) {
		err_clear(e);
		return report_check(r, e);
	}
	return rc;
}

/* ---- the movement register of one item ---- */

enum { MV_DATE, MV_TYPE, MV_NUMBER, MV_GODOWN, MV_IN, MV_OUT, MV_VALUE, MV_BAL_QTY, MV_BAL_VALUE, MV_MAX };

struct movement_ctx {
	struct report *r;
	struct report_table *t;
	const struct report_params *p;
	const struct stock_movement *m;   /* the head is filled before the first row */
	int64_t in, out, value;           /* totals */
	int overflow;
};

/* The opening or closing line: its date, its label and the balance. */
static void balance_row(struct report *r, struct report_table *t, enum report_row_kind kind, const char *date, const char *label,
			int64_t qty, int64_t value)
{
	long i = report_row(r, t, kind, 0);
	report_set_text(r, t, i, MV_DATE, date);
	report_set_text(r, t, i, MV_TYPE, label);
	report_set_i64(t, i, MV_BAL_QTY, qty);
	report_set_i64(t, i, MV_BAL_VALUE, value);
}

/* The table and its opening line, once the item is known. */
static void movement_table(struct movement_ctx *c)
{
	char title[ITEM_NAME_SIZE + ITEM_SKU_SIZE + UNIT_SYMBOL_SIZE + 32];
	/* cut where a character ends (text_copy), never inside a Devanagari letter */
	snprintf(title, sizeof title, "Stock Movement: %s", c->m->name);
	text_copy(c->r->title, sizeof c->r->title, title);
	snprintf(title, sizeof title, "%s, SKU %s, quantities in %s", c->m->name, c->m->sku, c->m->unit);
	c->t = report_table_add(c->r, "main", title);
	report_col(c->t, "date", "Date", REPORT_DATE);
	report_col(c->t, "type", "Type", REPORT_TEXT);
	report_col(c->t, "number", "Number", REPORT_TEXT);
	report_col(c->t, "godown", "Godown", REPORT_TEXT);
	report_col(c->t, "in", "In", REPORT_QTY);
	report_col(c->t, "out", "Out", REPORT_QTY);
	report_col(c->t, "value", "Value", REPORT_MONEY);
	report_col(c->t, "balance_qty", "Balance", REPORT_QTY);
	report_col(c->t, "balance_value", "Balance Value", REPORT_MONEY);
	if (c->t) {
		c->t->cols[MV_BAL_QTY].show_zero = 1;
		c->t->cols[MV_BAL_VALUE].show_zero = 1;
	}
	balance_row(c->r, c->t, ROW_OPENING, c->p->from, "Opening Balance", c->m->opening_qty, c->m->opening_value);
}

static int movement_row(void *p, const struct stock_movement_row *row)
{
	struct movement_ctx *c = p;
	int64_t in = row->qty > 0 ? row->qty : 0, out = row->qty < 0 ? -row->qty : 0;
	long i;
	if (!c->t)
		movement_table(c);
	if (__builtin_add_overflow(c->in, in, &c->in) || __builtin_add_overflow(c->out, out, &c->out) ||
	    __builtin_add_overflow(c->value, row->value, &c->value)) {
		c->overflow = 1;
		return -1;
	}
	i = report_row(c->r, c->t, ROW_DATA, 0);
	if (row->voucher_id > 0)
		report_row_id(c->t, i, "voucher_id", row->voucher_id);
	report_set_text(c->r, c->t, i, MV_DATE, row->date);
	/* The source is the voucher type, or the journal's kind (transfer, consumption, production),
	 * or opening / verification. */
	report_set_text(c->r, c->t, i, MV_TYPE, row->source);
	if (*row->voucher_number)
		report_set_text(c->r, c->t, i, MV_NUMBER, row->voucher_number);
	report_set_text(c->r, c->t, i, MV_GODOWN, row->godown);
	report_set_i64(c->t, i, MV_IN, in);
	report_set_i64(c->t, i, MV_OUT, out);
	report_set_i64(c->t, i, MV_VALUE, row->value);
	report_set_i64(c->t, i, MV_BAL_QTY, row->balance_qty);
	report_set_i64(c->t, i, MV_BAL_VALUE, row->balance_value);
	return 0;
}

int report_stock_movement(struct db *db, int64_t cid, const struct report_params *p, struct report *r, struct err *e)
{
	struct stock_movement m;
	struct movement_ctx c = {r, NULL, p, &m, 0, 0, 0, 0};
	char q[32];
	long i;
	int rc;

	if (p->item_id <= 0)
		return err_setr(e, ERR_INVALID, "item_id", "item_required", "the stock movement report needs an item");
	if ((rc = head(db, cid, r, "stock-movement", "Stock Movement", p, e)) < 0)
		return rc;
	rc = inventory_stock_movement(db, cid, p->item_id, p->from, p->to, movement_row, &c, &m, e);
	if ((rc = settle(rc, c.overflow, r, e)) < 0)
		return rc;
	/* a printed register with rows missing would mislead */
	if (m.truncated) {
		err_setr(e, ERR_TOO_LARGE, "from", "too_many_moves", "%s moved %d times or more in this period; choose a shorter period",
			 m.name, STOCK_MOVEMENT_ROWS);
		err_detail_text(e, "item", m.name);
		return err_detail_int(e, "max", STOCK_MOVEMENT_ROWS);
	}
	if (!c.t)
		movement_table(&c);
	i = report_row(r, c.t, ROW_SUBTOTAL, 0);
	report_set_text(r, c.t, i, MV_TYPE, "Total");
	report_set_i64(c.t, i, MV_IN, c.in);
	report_set_i64(c.t, i, MV_OUT, c.out);
	report_set_i64(c.t, i, MV_VALUE, c.value);
	balance_row(r, c.t, ROW_CLOSING, p->to, "Closing Balance", m.closing_qty, m.closing_value);

	report_meta_int(r, "item_id", p->item_id);
	report_meta_text(r, "item", m.name);
	report_meta_text(r, "sku", m.sku);
	report_meta_text(r, "unit", m.unit);
	decimal_format(m.opening_qty, 3, q, sizeof q);
	report_meta_text(r, "opening_qty", q);
	report_meta_money(r, "opening_value", m.opening_value);
	decimal_format(m.closing_qty, 3, q, sizeof q);
	report_meta_text(r, "closing_qty", q);
	report_meta_money(r, "closing_value", m.closing_value);
	return report_check(r, e);
}

/* ---- the reorder list ---- */

struct list_ctx {
	struct report *r;
	struct report_table *t;
	int64_t n;
};

static int reorder_row(void *p, const struct reorder_row *row)
{
	struct list_ctx *c = p;
	long i = report_row(c->r, c->t, ROW_DATA, 0);
	if (i < 0)
		return -1;
	report_row_id(c->t, i, "item_id", row->item_id);
	report_set_text(c->r, c->t, i, 0, row->sku);
	report_set_text(c->r, c->t, i, 1, row->name);
	report_set_i64(c->t, i, 2, row->in_stock);
	report_set_i64(c->t, i, 3, row->reorder_level);
	report_set_i64(c->t, i, 4, row->suggested_qty);
	report_set_text(c->r, c->t, i, 5, row->unit);
	if (*row->name_hi)
		report_set_text(c->r, c->t, i, 6, row->name_hi);
	c->n++;
	return 0;
}

int report_reorder(struct db *db, int64_t cid, const struct report_params *p, struct report *r, struct err *e)
{
	struct list_ctx c = {r, NULL, 0};
	int rc;

	if ((rc = head(db, cid, r, "reorder", "Reorder List", p, e)) < 0)
		return rc;
	/* The list is of the stock as it stands now, whatever the dates asked for. */
	r->from[0] = '\0';
	if ((rc = books_today_of(db, cid, r->to, e)) < 0)
		return rc;
	c.t = report_table_add(r, "main", "Items below their reorder level");
	report_col(c.t, "sku", "SKU", REPORT_TEXT);
	report_col(c.t, "name", "Item", REPORT_TEXT);
	report_col(c.t, "in_stock", "In Stock", REPORT_QTY);
	report_col(c.t, "reorder_level", "Reorder Level", REPORT_QTY);
	report_col(c.t, "suggested_qty", "Suggested Qty", REPORT_QTY);
	report_col(c.t, "unit", "Unit", REPORT_TEXT);
	/* Last: a terminal may draw Devanagari narrower than its code points, which would shift
	 * every column after it. */
	report_col(c.t, "name_hi", "नाम", REPORT_TEXT);
	if (!c.t)
		return report_check(r, e);
	c.t->cols[2].show_zero = 1; /* nothing in stock is the news here */
	if ((rc = settle(inventory_reorder(db, cid, reorder_row, &c, e), 0, r, e)) < 0)
		return rc;
	report_meta_int(r, "items", c.n);
	return report_check(r, e);
}

/* ---- stock ageing ---- */

struct ageing_ctx {
	struct report *r;
	struct report_table *tq, *tv;
	int64_t total[STOCK_AGE_BUCKETS + 1];   /* value per bucket, then in all */
	int64_t n;
	int overflow;
};

static int ageing_row(void *p, const struct stock_ageing_row *row)
{
	struct ageing_ctx *c = p;
	int64_t sq = 0, sv = 0;
	long iq, iv;
	for (int b = 0; b < STOCK_AGE_BUCKETS; b++)
		if (__builtin_add_overflow(sq, row->qty[b], &sq) || __builtin_add_overflow(sv, row->value[b], &sv) ||
		    __builtin_add_overflow(c->total[b], row->value[b], &c->total[b]))
			c->overflow = 1;
	if (c->overflow || __builtin_add_overflow(c->total[STOCK_AGE_BUCKETS], sv, &c->total[STOCK_AGE_BUCKETS])) {
		c->overflow = 1;
		return -1;
	}
	iq = report_row(c->r, c->tq, ROW_DATA, 0);
	report_row_id(c->tq, iq, "item_id", row->item_id);
	report_set_text(c->r, c->tq, iq, 0, row->name);
	report_set_text(c->r, c->tq, iq, 1, row->unit);
	iv = report_row(c->r, c->tv, ROW_DATA, 0);
	report_row_id(c->tv, iv, "item_id", row->item_id);
	report_set_text(c->r, c->tv, iv, 0, row->name);
	for (int b = 0; b < STOCK_AGE_BUCKETS; b++) {
		report_set_i64(c->tq, iq, 2 + b, row->qty[b]);
		report_set_i64(c->tv, iv, 1 + b, row->value[b]);
	}
	report_set_i64(c->tq, iq, 2 + STOCK_AGE_BUCKETS, sq);
	report_set_i64(c->tv, iv, 1 + STOCK_AGE_BUCKETS, sv);
	c->n++;
	return 0;
}

int report_stock_ageing(struct db *db, int64_t cid, const struct report_params *p, struct report *r, struct err *e)
{
	/* the inventory module's buckets, in its order */
	static const char *const keys[STOCK_AGE_BUCKETS] = {"d0_30", "d31_60", "d61_90", "d91_180", "over_180"};
	static const char *const titles[STOCK_AGE_BUCKETS] = {"0-30 days", "31-60", "61-90", "91-180", "over 180"};
	struct ageing_ctx c;
	int rc;

	if ((rc = head(db, cid, r, "stock-ageing", "Stock Ageing", p, e)) < 0)
		return rc;
	r->from[0] = '\0'; /* as at p->to */
	memset(&c, 0, sizeof c);
	c.r = r;
	c.tq = report_table_add(r, "quantity", "Quantity by days in stock");
	report_col(c.tq, "name", "Item", REPORT_TEXT);
	report_col(c.tq, "unit", "Unit", REPORT_TEXT);
	for (int n = 0; n < STOCK_AGE_BUCKETS; n++)
		report_col(c.tq, keys[n], titles[n], REPORT_QTY);
	report_col(c.tq, "total", "Total", REPORT_QTY);
	c.tv = report_table_add(r, "value", "Value by days in stock");
	report_col(c.tv, "name", "Item", REPORT_TEXT);
	for (int n = 0; n < STOCK_AGE_BUCKETS; n++)
		report_col(c.tv, keys[n], titles[n], REPORT_MONEY);
	report_col(c.tv, "total", "Total", REPORT_MONEY);
	if (!c.tq || !c.tv)
		return report_check(r, e);
	rc = inventory_stock_ageing(db, cid, p->to, ageing_row, &c, e);
	if ((rc = settle(rc, c.overflow, r, e)) < 0)
		return rc;
	/* Quantities of different units do not add up; values do. Nothing in stock: no total. */
	if (c.n > 0) {
		long i = report_row(r, c.tv, ROW_TOTAL, 0);
		report_set_text(r, c.tv, i, 0, "Total");
		for (int n = 0; n <= STOCK_AGE_BUCKETS; n++)
			report_set_i64(c.tv, i, 1 + n, c.total[n]);
	}
	report_meta_money(r, "total_value", c.total[STOCK_AGE_BUCKETS]);
	return report_check(r, e);
}

/* ---- batches ---- */

static int batch_row(void *p, const struct batch_row *row)
{
	struct list_ctx *c = p;
	long i = report_row(c->r, c->t, ROW_DATA, 0);
	if (i < 0)
		return -1;
	report_row_id(c->t, i, "item_id", row->item_id);
	report_set_text(c->r, c->t, i, 0, row->name);
	report_set_text(c->r, c->t, i, 1, row->godown);
	report_set_text(c->r, c->t, i, 2, row->batch);
	if (*row->expiry)
		report_set_text(c->r, c->t, i, 3, row->expiry);
	report_set_i64(c->t, i, 4, row->qty);
	report_set_text(c->r, c->t, i, 5, row->unit);
	c->n++;
	return 0;
}

int report_batches(struct db *db, int64_t cid, const struct report_params *p, struct report *r, struct err *e)
{
	struct list_ctx c = {r, NULL, 0};
	int rc;

	if ((rc = head(db, cid, r, "batches", "Batches", p, e)) < 0)
		return rc;
	r->from[0] = '\0'; /* the batches held now */
	if ((rc = books_today_of(db, cid, r->to, e)) < 0)
		return rc;
	c.t = report_table_add(r, "main", "Batches in stock");
	report_col(c.t, "name", "Item", REPORT_TEXT);
	report_col(c.t, "godown", "Godown", REPORT_TEXT);
	report_col(c.t, "batch", "Batch", REPORT_TEXT);
	report_col(c.t, "expiry", "Expiry", REPORT_DATE);
	report_col(c.t, "qty", "Quantity", REPORT_QTY);
	report_col(c.t, "unit", "Unit", REPORT_TEXT);
	if (!c.t)
		return report_check(r, e);
	if ((rc = settle(inventory_batches(db, cid, batch_row, &c, e), 0, r, e)) < 0)
		return rc;
	report_meta_int(r, "batches", c.n);
	return report_check(r, e);
}
