/* reports_inventory.c - the inventory module's stock reports (movement register, reorder list,
 * stock ageing, batches) in the generic report form, so the CLI prints them as table, CSV or JSON.
 * Each builder calls the function the API serves and reads its JSON back: the figures are the
 * API's by construction, and no SQL is repeated here. That is why this file, unlike the house
 * rule, reads JSON outside a *_http.c file: JSON is the only form these reports come in. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "inventory/inventory.h"
#include "lib/money.h"
#include "reports/reports_int.h"
#include "lib/text.h"
#include "books/books.h"
#include "lib/banned.h"

/* inventory_stock_movement() answers at most this many moves and says "truncated" when there were
 * more; a printed register with rows missing would mislead, so the report refuses. */
#define MOVEMENT_ROWS_MAX 10000

/* ---- reading the inventory module's answers ---- */

static int bad_answer(struct err *e, const char *what)
{
	return err_set(e, ERR_INTERNAL, NULL, "the inventory module's %s report came back malformed", what);
}

/* Parses the JSON in b into *ret (the caller's, json_decref it). */
static int load(const struct buf *b, const char *what, json_t **ret, struct err *e)
{
	json_error_t jerr;
	json_t *j = json_loadb(buf_str(b), b->len, 0, &jerr);
	if (!j || !json_is_object(j)) {
		json_decref(j);
		return bad_answer(e, what);
	}
	*ret = j;
	return 0;
}

/* A member's string, "" when it is null or missing (the API writes null for "none"). */
static const char *str_of(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* A quantity (thousandths) or an amount (paise) written as a decimal string; -1 when it is not one. */
static int qty_of(const json_t *v, int64_t *ret)
{
	const char *s = json_string_value(v);
	return s && decimal_parse(s, 3, ret) == 0 ? 0 : -1;
}

static int money_of(const json_t *v, int64_t *ret)
{
	const char *s = json_string_value(v);
	return s && money_parse(s, ret) == 0 ? 0 : -1;
}

/* Title, company and dates of the report: from the chart, which also proves the company exists. */
static int head(struct db *db, int64_t cid, struct report *r, const char *name, const char *title,
		const struct report_params *p, struct err *e)
{
	struct chart ch;
	int rc = chart_load(db, cid, &ch, e);
	if (rc >= 0)
		report_head(r, &ch, name, title, p);
	chart_done(&ch);
	return rc < 0 ? rc : 0;
}

/* ---- the movement register of one item ---- */

enum { MV_DATE, MV_TYPE, MV_NUMBER, MV_GODOWN, MV_IN, MV_OUT, MV_VALUE, MV_BAL_QTY, MV_BAL_VALUE, MV_MAX };

/* The item's SKU and name into sku and name; ERR_NOT_FOUND when the company has no such item. */
static int item_names(struct db *db, int64_t cid, int64_t item_id, char *sku, size_t sku_cap, char *name,
		      size_t name_cap, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT sku, name FROM items WHERE company_id = ? AND id = ?", e);
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, item_id);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		text_copy(sku, sku_cap, db_col_text(st, 0));
		text_copy(name, name_cap, db_col_text(st, 1));
	}
	db_done(st);
	if (rc < 0)
		return rc;
	return rc == DB_ROW ? 0 : err_set(e, ERR_NOT_FOUND, "item_id", "no item %lld in this company", (long long)item_id);
}

/* The opening or closing line: its date, its label and the balance. */
static void balance_row(struct report *r, struct report_table *t, enum report_row_kind kind, const char *date,
			const char *label, int64_t qty, int64_t value)
{
	long i = report_row(r, t, kind, 0);
	report_set_text(r, t, i, MV_DATE, date);
	report_set_text(r, t, i, MV_TYPE, label);
	report_set_i64(t, i, MV_BAL_QTY, qty);
	report_set_i64(t, i, MV_BAL_VALUE, value);
}

int report_stock_movement(struct db *db, int64_t cid, const struct report_params *p, struct report *r, struct err *e)
{
	struct buf b = BUF_INIT;
	json_t *j = NULL, *rows;
	struct report_table *t;
	char sku[128], name[256], title[512];
	int64_t oq, ov, cq, cv, tin = 0, tout = 0, tval = 0;
	const char *unit;
	size_t k;
	json_t *m;
	long i;
	int rc;

	if (p->item_id <= 0)
		return err_set(e, ERR_INVALID, "item_id", "the stock movement report needs an item");
	if ((rc = head(db, cid, r, "stock-movement", "Stock Movement", p, e)) < 0 ||
	    (rc = item_names(db, cid, p->item_id, sku, sizeof sku, name, sizeof name, e)) < 0)
		return rc;
	if ((rc = inventory_stock_movement(db, cid, p->item_id, p->from, p->to, &b, e)) < 0 ||
	    (rc = load(&b, "stock movement", &j, e)) < 0)
		goto out;
	rows = json_object_get(j, "rows");
	unit = str_of(j, "unit");
	if (!json_is_array(rows) || qty_of(json_object_get(j, "opening_qty"), &oq) < 0 ||
	    money_of(json_object_get(j, "opening_value"), &ov) < 0 || qty_of(json_object_get(j, "closing_qty"), &cq) < 0 ||
	    money_of(json_object_get(j, "closing_value"), &cv) < 0) {
		rc = bad_answer(e, "stock movement");
		goto out;
	}
	if (json_is_true(json_object_get(j, "truncated"))) {
		rc = err_set(e, ERR_TOO_LARGE, "from", "%s moved %d times or more in this period; choose a shorter period",
			     name, MOVEMENT_ROWS_MAX);
		goto out;
	}
	snprintf(r->title, sizeof r->title, "Stock Movement: %.100s", name);
	snprintf(title, sizeof title, "%s, SKU %s, quantities in %s", name, sku, unit);
	t = report_table_add(r, "main", title);
	report_col(t, "date", "Date", REPORT_DATE);
	report_col(t, "type", "Type", REPORT_TEXT);
	report_col(t, "number", "Number", REPORT_TEXT);
	report_col(t, "godown", "Godown", REPORT_TEXT);
	report_col(t, "in", "In", REPORT_QTY);
	report_col(t, "out", "Out", REPORT_QTY);
	report_col(t, "value", "Value", REPORT_MONEY);
	report_col(t, "balance_qty", "Balance", REPORT_QTY);
	report_col(t, "balance_value", "Balance Value", REPORT_MONEY);
	if (t) {
		t->cols[MV_BAL_QTY].show_zero = 1;
		t->cols[MV_BAL_VALUE].show_zero = 1;
	}
	balance_row(r, t, ROW_OPENING, p->from, "Opening Balance", oq, ov);
	json_array_foreach(rows, k, m) {
		int64_t in, outq, v, bq, bv;
		json_int_t vid = json_integer_value(json_object_get(m, "voucher_id"));
		if (qty_of(json_object_get(m, "in"), &in) < 0 || qty_of(json_object_get(m, "out"), &outq) < 0 ||
		    money_of(json_object_get(m, "value"), &v) < 0 || qty_of(json_object_get(m, "balance_qty"), &bq) < 0 ||
		    money_of(json_object_get(m, "balance_value"), &bv) < 0) {
			rc = bad_answer(e, "stock movement");
			goto out;
		}
		if (__builtin_add_overflow(tin, in, &tin) || __builtin_add_overflow(tout, outq, &tout) ||
		    __builtin_add_overflow(tval, v, &tval)) {
			rc = err_set(e, ERR_UNPROCESSABLE, NULL, "a total is beyond the range of quantities");
			goto out;
		}
		i = report_row(r, t, ROW_DATA, 0);
		if (vid > 0)
			report_row_id(t, i, "voucher_id", (int64_t)vid);
		report_set_text(r, t, i, MV_DATE, str_of(m, "date"));
		/* The source is the voucher type, or the journal's kind (transfer, consumption,
		 * production), or opening / verification. */
		report_set_text(r, t, i, MV_TYPE, str_of(m, "source"));
		if (*str_of(m, "voucher_number"))
			report_set_text(r, t, i, MV_NUMBER, str_of(m, "voucher_number"));
		report_set_text(r, t, i, MV_GODOWN, str_of(m, "godown"));
		report_set_i64(t, i, MV_IN, in);
		report_set_i64(t, i, MV_OUT, outq);
		report_set_i64(t, i, MV_VALUE, v);
		report_set_i64(t, i, MV_BAL_QTY, bq);
		report_set_i64(t, i, MV_BAL_VALUE, bv);
	}
	i = report_row(r, t, ROW_SUBTOTAL, 0);
	report_set_text(r, t, i, MV_TYPE, "Total");
	report_set_i64(t, i, MV_IN, tin);
	report_set_i64(t, i, MV_OUT, tout);
	report_set_i64(t, i, MV_VALUE, tval);
	balance_row(r, t, ROW_CLOSING, p->to, "Closing Balance", cq, cv);

	report_meta_int(r, "item_id", p->item_id);
	report_meta_text(r, "item", name);
	report_meta_text(r, "sku", sku);
	report_meta_text(r, "unit", unit);
	report_meta_text(r, "opening_qty", str_of(j, "opening_qty"));
	report_meta_money(r, "opening_value", ov);
	report_meta_text(r, "closing_qty", str_of(j, "closing_qty"));
	report_meta_money(r, "closing_value", cv);
	rc = report_check(r, e);
out:
	json_decref(j);
	buf_free(&b);
	return rc;
}

/* ---- the reorder list ---- */

int report_reorder(struct db *db, int64_t cid, const struct report_params *p, struct report *r, struct err *e)
{
	struct buf b = BUF_INIT;
	json_t *j = NULL, *items, *it;
	struct report_table *t;
	size_t k;
	int rc;

	if ((rc = head(db, cid, r, "reorder", "Reorder List", p, e)) < 0)
		return rc;
	/* The list is of the stock as it stands now, whatever the dates asked for. */
	r->from[0] = '\0';
	if ((rc = books_today_of(db, cid, r->to, e)) < 0)
		return rc;
	if ((rc = inventory_reorder(db, cid, &b, e)) < 0 || (rc = load(&b, "reorder", &j, e)) < 0)
		goto out;
	if (!json_is_array(items = json_object_get(j, "items"))) {
		rc = bad_answer(e, "reorder");
		goto out;
	}
	t = report_table_add(r, "main", "Items below their reorder level");
	report_col(t, "sku", "SKU", REPORT_TEXT);
	report_col(t, "name", "Item", REPORT_TEXT);
	report_col(t, "in_stock", "In Stock", REPORT_QTY);
	report_col(t, "reorder_level", "Reorder Level", REPORT_QTY);
	report_col(t, "suggested_qty", "Suggested Qty", REPORT_QTY);
	report_col(t, "unit", "Unit", REPORT_TEXT);
	/* Last: a terminal may draw Devanagari narrower than its code points, which would shift
	 * every column after it. */
	report_col(t, "name_hi", "नाम", REPORT_TEXT);
	if (t)
		t->cols[2].show_zero = 1; /* nothing in stock is the news here */
	json_array_foreach(items, k, it) {
		int64_t have, level, order;
		long i;
		if (qty_of(json_object_get(it, "in_stock"), &have) < 0 || qty_of(json_object_get(it, "reorder_level"), &level) < 0 ||
		    qty_of(json_object_get(it, "suggested_qty"), &order) < 0) {
			rc = bad_answer(e, "reorder");
			goto out;
		}
		i = report_row(r, t, ROW_DATA, 0);
		report_row_id(t, i, "item_id", (int64_t)json_integer_value(json_object_get(it, "item_id")));
		report_set_text(r, t, i, 0, str_of(it, "sku"));
		report_set_text(r, t, i, 1, str_of(it, "name"));
		report_set_i64(t, i, 2, have);
		report_set_i64(t, i, 3, level);
		report_set_i64(t, i, 4, order);
		report_set_text(r, t, i, 5, str_of(it, "unit"));
		if (*str_of(it, "name_hi"))
			report_set_text(r, t, i, 6, str_of(it, "name_hi"));
	}
	report_meta_int(r, "items", (int64_t)json_array_size(items));
	rc = report_check(r, e);
out:
	json_decref(j);
	buf_free(&b);
	return rc;
}

/* ---- stock ageing ---- */

#define AGE_BUCKETS 5

int report_stock_ageing(struct db *db, int64_t cid, const struct report_params *p, struct report *r, struct err *e)
{
	/* Keys and titles of the inventory module's buckets, in its order (checked below). */
	static const char *const keys[AGE_BUCKETS] = {"d0_30", "d31_60", "d61_90", "d91_180", "over_180"};
	static const char *const titles[AGE_BUCKETS] = {"0-30 days", "31-60", "61-90", "91-180", "over 180"};
	static const char *const names[AGE_BUCKETS] = {"0-30", "31-60", "61-90", "91-180", "over 180"};
	struct buf b = BUF_INIT;
	json_t *j = NULL, *rows, *buckets, *row;
	struct report_table *tq, *tv;
	int64_t total[AGE_BUCKETS + 1] = {0};
	size_t k;
	long i;
	int rc;

	if ((rc = head(db, cid, r, "stock-ageing", "Stock Ageing", p, e)) < 0)
		return rc;
	r->from[0] = '\0'; /* as at p->to */
	if ((rc = inventory_stock_ageing(db, cid, p->to, &b, e)) < 0 || (rc = load(&b, "stock ageing", &j, e)) < 0)
		goto out;
	rows = json_object_get(j, "rows");
	buckets = json_object_get(j, "buckets");
	rc = json_is_array(rows) && json_array_size(buckets) == AGE_BUCKETS ? 0 : -1;
	for (int n = 0; rc == 0 && n < AGE_BUCKETS; n++)
		if (!json_is_string(json_array_get(buckets, (size_t)n)) ||
		    strcmp(json_string_value(json_array_get(buckets, (size_t)n)), names[n]) != 0)
			rc = -1;
	if (rc < 0) {
		rc = bad_answer(e, "stock ageing");
		goto out;
	}
	tq = report_table_add(r, "quantity", "Quantity by days in stock");
	report_col(tq, "name", "Item", REPORT_TEXT);
	report_col(tq, "unit", "Unit", REPORT_TEXT);
	for (int n = 0; n < AGE_BUCKETS; n++)
		report_col(tq, keys[n], titles[n], REPORT_QTY);
	report_col(tq, "total", "Total", REPORT_QTY);
	tv = report_table_add(r, "value", "Value by days in stock");
	report_col(tv, "name", "Item", REPORT_TEXT);
	for (int n = 0; n < AGE_BUCKETS; n++)
		report_col(tv, keys[n], titles[n], REPORT_MONEY);
	report_col(tv, "total", "Total", REPORT_MONEY);
	json_array_foreach(rows, k, row) {
		json_t *qa = json_object_get(row, "qty"), *va = json_object_get(row, "value");
		int64_t q[AGE_BUCKETS], v[AGE_BUCKETS], sq = 0, sv = 0, id = (int64_t)json_integer_value(json_object_get(row, "item_id"));
		long iq, iv;
		for (int n = 0; n < AGE_BUCKETS; n++) {
			if (qty_of(json_array_get(qa, (size_t)n), &q[n]) < 0 || money_of(json_array_get(va, (size_t)n), &v[n]) < 0) {
				rc = bad_answer(e, "stock ageing");
				goto out;
			}
			if (__builtin_add_overflow(sq, q[n], &sq) || __builtin_add_overflow(sv, v[n], &sv) ||
			    __builtin_add_overflow(total[n], v[n], &total[n])) {
				rc = err_set(e, ERR_UNPROCESSABLE, NULL, "a total is beyond the range of amounts");
				goto out;
			}
		}
		if (__builtin_add_overflow(total[AGE_BUCKETS], sv, &total[AGE_BUCKETS])) {
			rc = err_set(e, ERR_UNPROCESSABLE, NULL, "a total is beyond the range of amounts");
			goto out;
		}
		iq = report_row(r, tq, ROW_DATA, 0);
		report_row_id(tq, iq, "item_id", id);
		report_set_text(r, tq, iq, 0, str_of(row, "name"));
		report_set_text(r, tq, iq, 1, str_of(row, "unit"));
		iv = report_row(r, tv, ROW_DATA, 0);
		report_row_id(tv, iv, "item_id", id);
		report_set_text(r, tv, iv, 0, str_of(row, "name"));
		for (int n = 0; n < AGE_BUCKETS; n++) {
			report_set_i64(tq, iq, 2 + n, q[n]);
			report_set_i64(tv, iv, 1 + n, v[n]);
		}
		report_set_i64(tq, iq, 2 + AGE_BUCKETS, sq);
		report_set_i64(tv, iv, 1 + AGE_BUCKETS, sv);
	}
	/* Quantities of different units do not add up; values do. Nothing in stock: no total. */
	if (json_array_size(rows) > 0) {
		i = report_row(r, tv, ROW_TOTAL, 0);
		report_set_text(r, tv, i, 0, "Total");
		for (int n = 0; n <= AGE_BUCKETS; n++)
			report_set_i64(tv, i, 1 + n, total[n]);
	}
	report_meta_money(r, "total_value", total[AGE_BUCKETS]);
	rc = report_check(r, e);
out:
	json_decref(j);
	buf_free(&b);
	return rc;
}

/* ---- batches ---- */

/* Soonest expiry first, batches without one last; then item, godown and batch, byte-wise, so both
 * databases give the same order (they sort NULL and text differently). */
static int batch_cmp(const void *pa, const void *pb)
{
	const json_t *a = *(const json_t *const *)pa, *b = *(const json_t *const *)pb;
	const char *ea = str_of(a, "expiry"), *eb = str_of(b, "expiry");
	static const char *const keys[] = {"name", "godown", "batch"};
	int c;
	if (!*ea != !*eb)
		return *ea ? -1 : 1;
	if ((c = strcmp(ea, eb)) != 0)
		return c;
	for (size_t n = 0; n < sizeof keys / sizeof keys[0]; n++)
		if ((c = strcmp(str_of(a, keys[n]), str_of(b, keys[n]))) != 0)
			return c;
	return 0;
}

/* Unit symbols of the items that track batches, by id (the batch list names no unit). */
struct unit_of {
	int64_t item_id;
	char symbol[17];
};

static int batch_units(struct db *db, int64_t cid, struct unit_of **ret, size_t *ret_n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT i.id, u.symbol FROM items i JOIN units u ON u.id = i.unit_id "
					    "WHERE i.company_id = ? AND i.tracks_batches = 1 ORDER BY i.id", e);
	struct unit_of *v = NULL, *grown;
	size_t n = 0, cap = 0;
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	while ((rc = db_step(st, e)) == DB_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			if (!(grown = realloc(v, cap * sizeof *v))) {
				rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
				break;
			}
			v = grown;
		}
		v[n].item_id = db_col_i64(st, 0);
		text_copy(v[n].symbol, sizeof v[n].symbol, db_col_text(st, 1));
		n++;
	}
	db_done(st);
	if (rc < 0) {
		free(v);
		return rc;
	}
	*ret = v;
	*ret_n = n;
	return 0;
}

static int unit_cmp(const void *key, const void *elem)
{
	int64_t a = *(const int64_t *)key, b = ((const struct unit_of *)elem)->item_id;
	return (a > b) - (a < b);
}

int report_batches(struct db *db, int64_t cid, const struct report_params *p, struct report *r, struct err *e)
{
	struct buf b = BUF_INIT;
	json_t *j = NULL, *items, **sorted = NULL;
	struct report_table *t;
	struct unit_of *units = NULL;
	size_t n, nunits = 0;
	int rc;

	if ((rc = head(db, cid, r, "batches", "Batches", p, e)) < 0)
		return rc;
	r->from[0] = '\0'; /* the batches held now */
	if ((rc = books_today_of(db, cid, r->to, e)) < 0)
		return rc;
	if ((rc = inventory_batches(db, cid, &b, e)) < 0 || (rc = load(&b, "batches", &j, e)) < 0 ||
	    (rc = batch_units(db, cid, &units, &nunits, e)) < 0)
		goto out;
	if (!json_is_array(items = json_object_get(j, "items"))) {
		rc = bad_answer(e, "batches");
		goto out;
	}
	n = json_array_size(items);
	if (n && !(sorted = malloc(n * sizeof *sorted))) {
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	for (size_t k = 0; k < n; k++)
		sorted[k] = json_array_get(items, k);
	if (n)
		qsort(sorted, n, sizeof *sorted, batch_cmp);
	t = report_table_add(r, "main", "Batches in stock");
	report_col(t, "name", "Item", REPORT_TEXT);
	report_col(t, "godown", "Godown", REPORT_TEXT);
	report_col(t, "batch", "Batch", REPORT_TEXT);
	report_col(t, "expiry", "Expiry", REPORT_DATE);
	report_col(t, "qty", "Quantity", REPORT_QTY);
	report_col(t, "unit", "Unit", REPORT_TEXT);
	for (size_t k = 0; k < n; k++) {
		int64_t q, id = (int64_t)json_integer_value(json_object_get(sorted[k], "item_id"));
		const struct unit_of *u = nunits ? bsearch(&id, units, nunits, sizeof *units, unit_cmp) : NULL;
		long i;
		if (qty_of(json_object_get(sorted[k], "qty"), &q) < 0) {
			rc = bad_answer(e, "batches");
			goto out;
		}
		i = report_row(r, t, ROW_DATA, 0);
		report_row_id(t, i, "item_id", id);
		report_set_text(r, t, i, 0, str_of(sorted[k], "name"));
		report_set_text(r, t, i, 1, str_of(sorted[k], "godown"));
		report_set_text(r, t, i, 2, str_of(sorted[k], "batch"));
		if (*str_of(sorted[k], "expiry"))
			report_set_text(r, t, i, 3, str_of(sorted[k], "expiry"));
		report_set_i64(t, i, 4, q);
		if (u)
			report_set_text(r, t, i, 5, u->symbol);
	}
	report_meta_int(r, "batches", (int64_t)n);
	rc = report_check(r, e);
out:
	free(units);
	free(sorted);
	json_decref(j);
	buf_free(&b);
	return rc;
}
