/* reports_stock.c - the stock summary in the generic report form, made straight from the
 * inventory module's rows: by item (a page at a time), by item group or by godown, at the end of
 * p->to, in one godown or all. The API, the CLI and CSV all show this one report. */
#include <stdlib.h>
#include <string.h>

#include "inventory/inventory.h"
#include "lib/money.h"
#include "lib/text.h"
#include "reports/reports_int.h"
#include "lib/banned.h"

/* Rows in a page of the summary by item when the caller asks for no limit. */
#define STOCK_SUMMARY_PAGE 500

struct group_sum {
	char name[ITEM_GROUP_NAME_SIZE];
	int64_t value;
};

struct stock_ctx {
	struct report *r;
	struct report_table *t;
	int64_t total;
	int overflow;
	struct group_sum *g;     /* by group: in the order the groups first appear (by item name) */
	size_t ng, cap;
};

static int add_value(struct stock_ctx *c, int64_t *sum, int64_t v)
{
	if (__builtin_add_overflow(*sum, v, sum)) {
		c->overflow = 1;
		return -1;
	}
	return 0;
}

enum { SI_SKU, SI_NAME, SI_NAME_HI, SI_GROUP, SI_QTY, SI_UNIT, SI_RATE, SI_VALUE };

static int item_row(void *p, const struct stock_row *row)
{
	struct stock_ctx *c = p;
	int64_t rate = 0;
	long i = report_row(c->r, c->t, ROW_DATA, 0);
	if (i < 0)
		return -1;
	report_row_id(c->t, i, "item_id", row->item_id);
	report_set_text(c->r, c->t, i, SI_SKU, row->sku);
	report_set_text(c->r, c->t, i, SI_NAME, row->name);
	if (*row->name_hi)
		report_set_text(c->r, c->t, i, SI_NAME_HI, row->name_hi);
	if (*row->group)
		report_set_text(c->r, c->t, i, SI_GROUP, row->group);
	report_set_i64(c->t, i, SI_QTY, row->qty);
	report_set_text(c->r, c->t, i, SI_UNIT, row->unit);
	/* the rate a unit is held at, to the paisa */
	if (row->qty > 0 && money_muldiv(row->value, 1000, row->qty, MONEY_ROUND_HALF_UP, &rate) < 0)
		rate = 0;
	report_set_i64(c->t, i, SI_RATE, rate);
	report_set_i64(c->t, i, SI_VALUE, row->value);
	return 0;
}

static int group_row(void *p, const struct stock_row *row)
{
	struct stock_ctx *c = p;
	const char *name = *row->group ? row->group : "(no group)";
	size_t k;
	for (k = 0; k < c->ng && strcmp(c->g[k].name, name) != 0; k++)
		;
	if (k == c->ng) {
		if (c->ng == c->cap) {
			size_t cap = c->cap ? c->cap * 2 : 16;
			struct group_sum *grown = realloc(c->g, cap * sizeof *grown);
			if (!grown)
				return -1;
			c->g = grown;
			c->cap = cap;
		}
		text_copy(c->g[k].name, sizeof c->g[k].name, name);
		c->g[k].value = 0;
		c->ng++;
	}
	return add_value(c, &c->g[k].value, row->value) < 0 || add_value(c, &c->total, row->value) < 0 ? -1 : 0;
}

static int godown_row(void *p, const struct stock_godown_row *row)
{
	struct stock_ctx *c = p;
	long i = report_row(c->r, c->t, ROW_DATA, 0);
	if (i < 0)
		return -1;
	report_row_id(c->t, i, "godown_id", row->godown_id);
	report_set_text(c->r, c->t, i, 0, row->godown);
	report_set_i64(c->t, i, 1, row->items);
	report_set_i64(c->t, i, 2, row->value);
	return add_value(c, &c->total, row->value);
}

/* The last row: the value of everything shown, in column col. */
static void total_row(struct stock_ctx *c, int label_col, int col)
{
	long i = report_row(c->r, c->t, ROW_TOTAL, 0);
	report_set_text(c->r, c->t, i, label_col, "Total");
	report_set_i64(c->t, i, col, c->total);
}

/* By item: one page (p->page), and the value of all items whatever the page. */
static int by_item(struct db *db, int64_t cid, const struct report_params *p, struct stock_ctx *c, struct err *e)
{
	struct page pg = p->page;
	int64_t next = 0;
	int rc;

	c->t = report_table_add(c->r, "items", "Stock Summary");
	report_col(c->t, "sku", "SKU", REPORT_TEXT);
	report_col(c->t, "name", "Item", REPORT_TEXT);
	report_col(c->t, "name_hi", "नाम", REPORT_TEXT);
	report_col(c->t, "group", "Group", REPORT_TEXT);
	report_col(c->t, "qty", "Quantity", REPORT_QTY);
	report_col(c->t, "unit", "Unit", REPORT_TEXT);
	report_col(c->t, "rate", "Rate", REPORT_MONEY);
	report_col(c->t, "value", "Value", REPORT_MONEY);
	if (!c->t)
		return report_check(c->r, e);
	if (pg.limit <= 0)
		pg.limit = STOCK_SUMMARY_PAGE;
	if ((rc = inventory_stock_page(db, cid, p->to, p->godown_id, &pg, item_row, c, &next, e)) < 0 ||
	    (rc = inventory_stock_value(db, cid, p->to, p->godown_id, &c->total, e)) < 0)
		return rc;
	c->r->paged = 1;
	c->r->next = next;
	/* A total row only when the table holds every item: on a page it would not be the sum of
	 * the rows above it (the summary's total_value is). */
	if (!pg.after && !next)
		total_row(c, SI_NAME, SI_VALUE);
	return 0;
}

static int by_group(struct db *db, int64_t cid, const struct report_params *p, struct stock_ctx *c, struct err *e)
{
	int rc;
	c->t = report_table_add(c->r, "groups", "Stock Summary by Group");
	report_col(c->t, "group", "Group", REPORT_TEXT);
	report_col(c->t, "value", "Value", REPORT_MONEY);
	if (!c->t)
		return report_check(c->r, e);
	if ((rc = inventory_stock_rows(db, cid, p->to, p->godown_id, group_row, c, e)) < 0)
		return rc;
	for (size_t k = 0; k < c->ng; k++) {
		long i = report_row(c->r, c->t, ROW_DATA, 0);
		report_set_text(c->r, c->t, i, 0, c->g[k].name);
		report_set_i64(c->t, i, 1, c->g[k].value);
	}
	total_row(c, 0, 1);
	return 0;
}

static int by_godown(struct db *db, int64_t cid, const struct report_params *p, struct stock_ctx *c, struct err *e)
{
	int rc;
	c->t = report_table_add(c->r, "godowns", "Stock Summary by Godown");
	report_col(c->t, "godown", "Godown", REPORT_TEXT);
	report_col(c->t, "items", "Items", REPORT_INT);
	report_col(c->t, "value", "Value", REPORT_MONEY);
	if (!c->t)
		return report_check(c->r, e);
	if ((rc = inventory_stock_godowns(db, cid, p->to, p->godown_id, godown_row, c, e)) < 0)
		return rc;
	total_row(c, 0, 2);
	return 0;
}

int report_stock_summary(struct db *db, int64_t cid, const struct report_params *p, struct report *r, struct err *e)
{
	const char *by = *p->by ? p->by : "item";
	struct stock_ctx c;
	struct chart ch;
	int rc;

	if (strcmp(by, "item") != 0 && strcmp(by, "group") != 0 && strcmp(by, "godown") != 0)
		return err_setr(e, ERR_INVALID, "by", "by_choice", "by must be item, group or godown");
	if ((rc = chart_load(db, cid, &ch, e)) < 0)
		return rc;
	report_head(r, &ch, "stock-summary", "Stock Summary", p);
	chart_done(&ch);
	r->from[0] = '\0'; /* as at p->to */
	memset(&c, 0, sizeof c);
	c.r = r;
	rc = !strcmp(by, "group") ? by_group(db, cid, p, &c, e) : !strcmp(by, "godown") ? by_godown(db, cid, p, &c, e) : by_item(db, cid, p, &c, e);
	free(c.g);
	/* a row callback that stopped says why: a total past int64, or the report full */
	if (rc < 0 && c.overflow) {
		err_clear(e);
		return money_range_err(e, "a total is beyond the range of amounts");
	}
	if (rc < 0 && r->failed) {
		err_clear(e);
		return report_check(r, e);
	}
	if (rc < 0)
		return rc;
	report_meta_text(r, "by", by);
	report_meta_money(r, "total_value", c.total);
	return report_check(r, e);
}
