/* reports_stock.c - the stock summary in the generic report form, so the CLI and CSV show it like
 * every other report; the figures come from the inventory module. */
#include <stdio.h>
#include <string.h>

#include "inventory/inventory.h"
#include "lib/money.h"
#include "reports/reports_int.h"
#include "lib/banned.h"

struct stock_ctx {
	struct report *r;
	struct report_table *t;
	int64_t total;
};

static int stock_row(void *p, const struct stock_row *row)
{
	struct stock_ctx *c = p;
	char q[32];
	int64_t rate = 0;
	long i = report_row(c->r, c->t, ROW_DATA, 0);
	if (i < 0)
		return -1;
	report_row_id(c->t, i, "item_id", row->item_id);
	report_set_text(c->r, c->t, i, 0, row->sku);
	report_set_text(c->r, c->t, i, 1, row->name);
	report_set_text(c->r, c->t, i, 2, row->name_hi);
	report_set_text(c->r, c->t, i, 3, row->group);
	decimal_format(row->qty, 3, q, sizeof q);
	report_set_text(c->r, c->t, i, 4, q);
	report_set_text(c->r, c->t, i, 5, row->unit);
	if (row->qty > 0 && money_muldiv(row->value, 1000, row->qty, MONEY_ROUND_HALF_UP, &rate) < 0)
		rate = 0;
	report_set_i64(c->t, i, 6, rate);
	report_set_i64(c->t, i, 7, row->value);
	c->total += row->value;
	return 0;
}

int report_stock_summary(struct db *db, int64_t cid, const struct report_params *p, struct report *r, struct err *e)
{
	struct chart ch;
	struct stock_ctx c;
	long i;
	int rc;

	memset(&c, 0, sizeof c);
	if ((rc = chart_load(db, cid, &ch, e)) < 0)
		return rc;
	report_head(r, &ch, "stock-summary", "Stock Summary", p);
	chart_done(&ch);
	c.r = r;
	c.t = report_table_add(r, "items", "Stock Summary");
	if (!c.t)
		return report_check(r, e);
	report_col(c.t, "sku", "SKU", REPORT_TEXT);
	report_col(c.t, "name", "Item", REPORT_TEXT);
	report_col(c.t, "name_hi", "नाम", REPORT_TEXT);
	report_col(c.t, "group", "Group", REPORT_TEXT);
	report_col(c.t, "qty", "Quantity", REPORT_TEXT);
	report_col(c.t, "unit", "Unit", REPORT_TEXT);
	report_col(c.t, "rate", "Rate", REPORT_MONEY);
	report_col(c.t, "value", "Value", REPORT_MONEY);
	if ((rc = inventory_stock_rows(db, cid, p->to, p->godown_id, stock_row, &c, e)) < 0)
		return rc;
	i = report_row(r, c.t, ROW_TOTAL, 0);
	if (i >= 0) {
		report_set_text(r, c.t, i, 1, "Total");
		report_set_i64(c.t, i, 7, c.total);
	}
	report_meta_money(r, "total_value", c.total);
	return report_check(r, e);
}
