/* reports_final.c - the trial balance, the profit and loss account (with its trading part) and the
 * balance sheet, all from the kept balances and opening balances, laid out under the chart. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/money.h"
#include "reports/reports_int.h"
#include "lib/banned.h"

/* ---- a chart tree with values per ledger, summed up the groups ---- */

#define TREE_NV 4

struct tree {
	const struct chart *ch;
	int64_t *lv;              /* nledgers * TREE_NV */
	int64_t *gv;              /* ngroups * TREE_NV, the subtree sums */
	unsigned char *lshow, *gshow;
	size_t *order;            /* ledger indexes ordered by group, then name */
	int failed;               /* an overflow while summing */
};

/* Fills a row's cells from its values. */
typedef void (*tree_fill_fn)(struct report *r, struct report_table *t, long row, const int64_t *v, void *ctx);

static int by_group_name(const void *a, const void *b, void *ctx)
{
	const struct chart *ch = ctx;
	const struct rledger *x = &ch->ledgers[*(const size_t *)a], *y = &ch->ledgers[*(const size_t *)b];
	int c;
	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	c = strcmp(chart_name(ch, x->name), chart_name(ch, y->name));
	if (c)
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int tree_init(struct tree *tr, const struct chart *ch, struct err *e)
{
	size_t nl = ch->nledgers ? ch->nledgers : 1, ng = ch->ngroups ? (size_t)ch->ngroups : 1;
	memset(tr, 0, sizeof *tr);
	tr->ch = ch;
	tr->lv = calloc(nl * TREE_NV, sizeof *tr->lv);
	tr->gv = calloc(ng * TREE_NV, sizeof *tr->gv);
	tr->lshow = calloc(nl, 1);
	tr->gshow = calloc(ng, 1);
	tr->order = calloc(nl, sizeof *tr->order);
	if (!tr->lv || !tr->gv || !tr->lshow || !tr->gshow || !tr->order)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	for (size_t i = 0; i < ch->nledgers; i++)
		tr->order[i] = i;
	qsort_r(tr->order, ch->nledgers, sizeof *tr->order, by_group_name, (void *)ch);
	return 0;
}

static void tree_done(struct tree *tr)
{
	free(tr->lv);
	free(tr->gv);
	free(tr->lshow);
	free(tr->gshow);
	free(tr->order);
}

static int64_t *lvals(struct tree *tr, size_t li) { return &tr->lv[li * TREE_NV]; }
static int64_t *gvals(struct tree *tr, int g) { return &tr->gv[(size_t)g * TREE_NV]; }

/* Sums ledger values up their groups; a ledger shows when any value is non-zero, a group when a
 * ledger below it shows. */
static void tree_sum(struct tree *tr)
{
	const struct chart *ch = tr->ch;
	for (size_t i = 0; i < ch->nledgers; i++) {
		int64_t *v = lvals(tr, i);
		int g = ch->ledgers[i].group;
		tr->lshow[i] = v[0] || v[1] || v[2] || v[3];
		for (int hops = 0; g >= 0 && hops <= ch->ngroups; hops++, g = ch->groups[g].parent) {
			int64_t *gv = gvals(tr, g);
			for (int k = 0; k < TREE_NV; k++)
				if (__builtin_add_overflow(gv[k], v[k], &gv[k]))
					tr->failed = 1;
			if (tr->lshow[i])
				tr->gshow[g] = 1;
		}
	}
}

/* Emits group g (level `level`) and what lies below it, down to `depth` levels (0 = all). */
static void tree_emit(struct tree *tr, struct report *r, struct report_table *t, int g, int level, int depth,
		      tree_fill_fn fill, void *ctx)
{
	const struct chart *ch = tr->ch;
	long row;
	if (!tr->gshow[g] || (depth > 0 && level >= depth))
		return;
	row = report_row(r, t, ROW_GROUP, level);
	report_row_id(t, row, "group_id", ch->groups[g].id);
	report_set_text(r, t, row, 0, chart_name(ch, ch->groups[g].name));
	fill(r, t, row, gvals(tr, g), ctx);
	for (int c = 0; c < ch->ngroups; c++)
		if (ch->groups[c].parent == g && c != g)
			tree_emit(tr, r, t, c, level + 1, depth, fill, ctx);
	if (depth > 0 && level + 1 >= depth)
		return;
	for (size_t k = 0; k < ch->nledgers; k++) {
		size_t li = tr->order[k];
		if (ch->ledgers[li].group != g || !tr->lshow[li])
			continue;
		row = report_row(r, t, ROW_LEDGER, level + 1);
		report_row_id(t, row, "ledger_id", ch->ledgers[li].id);
		report_set_text(r, t, row, 0, chart_name(ch, ch->ledgers[li].name));
		fill(r, t, row, lvals(tr, li), ctx);
	}
}

static int overflow(struct err *e) { return money_range_err(e, "a balance is beyond the range of amounts"); }

/* Allocates n zeroed int64 arrays of the chart's ledger count. */
static int64_t *sums_alloc(const struct chart *ch) { return calloc(ch->nledgers ? ch->nledgers * 2 : 2, sizeof(int64_t)); }

/* ---- trial balance ---- */

enum { TB_PART, TB_ODR, TB_OCR, TB_DR, TB_CR, TB_CDR, TB_CCR, TB_MAX };

static void split(struct report_table *t, long row, int col_dr, int col_cr, int64_t net)
{
	report_set_i64(t, row, col_dr, net > 0 ? net : 0);
	report_set_i64(t, row, col_cr, net < 0 ? -net : 0);
}

static void tb_fill(struct report *r, struct report_table *t, long row, const int64_t *v, void *ctx)
{
	(void)r;
	(void)ctx;
	split(t, row, TB_ODR, TB_OCR, v[0]);
	report_set_i64(t, row, TB_DR, v[1]);
	report_set_i64(t, row, TB_CR, v[2]);
	split(t, row, TB_CDR, TB_CCR, v[3]);
}

/* Totals of the rows at level 0, which between them hold every ledger once. */
struct tb_totals {
	int64_t odr, ocr, dr, cr, cdr, ccr;
	int overflow;
};

static void tb_add(struct tb_totals *s, const int64_t *v)
{
	int bad = 0;
	bad |= __builtin_add_overflow(v[0] > 0 ? s->odr : s->ocr, v[0] > 0 ? v[0] : -v[0], v[0] > 0 ? &s->odr : &s->ocr);
	bad |= __builtin_add_overflow(s->dr, v[1], &s->dr);
	bad |= __builtin_add_overflow(s->cr, v[2], &s->cr);
	bad |= __builtin_add_overflow(v[3] > 0 ? s->cdr : s->ccr, v[3] > 0 ? v[3] : -v[3], v[3] > 0 ? &s->cdr : &s->ccr);
	s->overflow |= bad;
}

/* A row outside the chart (Profit & Loss A/c, the opening difference, ledgers without a group). */
static void tb_extra(struct report *r, struct report_table *t, const char *name, const char *id_name, int64_t id,
		     const int64_t *v, struct tb_totals *s)
{
	long row = report_row(r, t, ROW_LEDGER, 0);
	if (id_name)
		report_row_id(t, row, id_name, id);
	report_set_text(r, t, row, TB_PART, name);
	tb_fill(r, t, row, v, NULL);
	tb_add(s, v);
}

/* Each ledger's opening, debits, credits and closing into the tree, from a (before the financial
 * year of `from`), b (its start to the day before `from`) and c (the period), each debits then
 * credits. Income and expense ledgers start each year afresh: what they held before goes to
 * *prior (last years' profit). *diff sums the opening balances (not zero: they do not agree). */
static int tb_values(const struct chart *ch, struct tree *tr, const int64_t *a, const int64_t *b, const int64_t *c, int fy,
		     int64_t *prior, int64_t *diff, struct err *e)
{
	int books_fy = chart_books_fy(ch);
	size_t n = ch->nledgers;
	for (size_t i = 0; i < n; i++) {
		const struct rledger *l = &ch->ledgers[i];
		int64_t *v = lvals(tr, i), before = 0, open = 0;
		int bad = 0, pl = rnature_pl(chart_ledger_nature(ch, i));
		bad |= __builtin_sub_overflow(a[i], a[n + i], &before);
		bad |= __builtin_sub_overflow(b[i], b[n + i], &open);
		bad |= __builtin_add_overflow(*diff, l->opening, diff);
		if (pl) {
			if (books_fy >= fy)
				bad |= __builtin_add_overflow(open, l->opening, &open);
			else
				bad |= __builtin_add_overflow(*prior, l->opening, prior);
			bad |= __builtin_add_overflow(*prior, before, prior);
		} else {
			bad |= __builtin_add_overflow(open, l->opening, &open);
			bad |= __builtin_add_overflow(open, before, &open);
		}
		v[0] = open;
		v[1] = c[i];
		v[2] = c[n + i];
		bad |= __builtin_add_overflow(open, c[i], &v[3]);
		bad |= __builtin_sub_overflow(v[3], c[n + i], &v[3]);
		if (bad)
			return overflow(e);
	}
	tree_sum(tr);
	return tr->failed ? overflow(e) : 0;
}

/* The table: the chart's groups to the depth asked, ledgers outside it, last years' profit, the
 * opening difference, the grand total and the summary figures. */
static int tb_emit(struct report *r, const struct chart *ch, struct tree *tr, const struct report_params *p, int64_t prior,
		   int64_t diff, struct err *e)
{
	struct report_table *t = report_table_add(r, "main", "Trial Balance");
	struct tb_totals s;
	long row;

	memset(&s, 0, sizeof s);
	report_col(t, "particulars", "Particulars", REPORT_TEXT);
	report_col(t, "opening_debit", "Opening Dr", REPORT_MONEY);
	report_col(t, "opening_credit", "Opening Cr", REPORT_MONEY);
	report_col(t, "debit", "Debit", REPORT_MONEY);
	report_col(t, "credit", "Credit", REPORT_MONEY);
	report_col(t, "closing_debit", "Closing Dr", REPORT_MONEY);
	report_col(t, "closing_credit", "Closing Cr", REPORT_MONEY);
	if (t)
		t->grouped = 1;
	for (int g = 0; g < ch->ngroups; g++) {
		if (ch->groups[g].parent >= 0 || !tr->gshow[g])
			continue;
		tree_emit(tr, r, t, g, 0, p->depth, tb_fill, NULL);
		tb_add(&s, gvals(tr, g));
	}
	for (size_t i = 0; i < ch->nledgers; i++)
		if (ch->ledgers[i].group < 0 && tr->lshow[i])
			tb_extra(r, t, chart_name(ch, ch->ledgers[i].name), "ledger_id", ch->ledgers[i].id, lvals(tr, i), &s);
	if (prior) {
		int64_t v[TREE_NV] = {prior, 0, 0, prior};
		tb_extra(r, t, "Profit & Loss A/c", NULL, 0, v, &s);
	}
	if (diff) {
		int64_t v[TREE_NV] = {-diff, 0, 0, -diff};
		tb_extra(r, t, "Difference in opening balances", NULL, 0, v, &s);
	}
	if (s.overflow)
		return overflow(e);
	row = report_row(r, t, ROW_TOTAL, 0);
	report_set_text(r, t, row, TB_PART, "Grand Total");
	report_set_i64(t, row, TB_ODR, s.odr);
	report_set_i64(t, row, TB_OCR, s.ocr);
	report_set_i64(t, row, TB_DR, s.dr);
	report_set_i64(t, row, TB_CR, s.cr);
	report_set_i64(t, row, TB_CDR, s.cdr);
	report_set_i64(t, row, TB_CCR, s.ccr);
	report_meta_money(r, "opening_debit_total", s.odr);
	report_meta_money(r, "opening_credit_total", s.ocr);
	report_meta_money(r, "debit_total", s.dr);
	report_meta_money(r, "credit_total", s.cr);
	report_meta_money(r, "closing_debit_total", s.cdr);
	report_meta_money(r, "closing_credit_total", s.ccr);
	report_meta_money(r, "profit_loss_prior_years", -prior);
	report_meta_money(r, "opening_difference", diff);
	report_meta_bool(r, "balanced", s.odr == s.ocr && s.dr == s.cr && s.cdr == s.ccr);
	return 0;
}

int report_trial_balance(struct db *db, int64_t cid, const struct report_params *p, struct report *r, struct err *e)
{
	struct chart ch;
	struct tree tr;
	int64_t *a = NULL, *b = NULL, *c = NULL, prior = 0, diff = 0;
	char fy_start[11], fy_end_before[11], day_before[11];
	int rc;

	memset(&tr, 0, sizeof tr);
	if ((rc = chart_load(db, cid, &ch, e)) < 0)
		goto out;
	report_head(r, &ch, "trial-balance", "Trial Balance", p);
	if ((rc = tree_init(&tr, &ch, e)) < 0)
		goto out;
	a = sums_alloc(&ch);
	b = sums_alloc(&ch);
	c = sums_alloc(&ch);
	if (!a || !b || !c) {
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	date_iso_fy_start(p->from, fy_start);
	date_iso_add(fy_start, -1, fy_end_before);
	date_iso_add(p->from, -1, day_before);
	if ((rc = chart_sums(db, &ch, NULL, fy_end_before, 0, a, a + ch.nledgers, e)) < 0)
		goto out;
	if (strcmp(fy_start, p->from) < 0 && (rc = chart_sums(db, &ch, fy_start, day_before, 0, b, b + ch.nledgers, e)) < 0)
		goto out;
	if ((rc = chart_sums(db, &ch, p->from, p->to, 0, c, c + ch.nledgers, e)) < 0)
		goto out;
	if ((rc = tb_values(&ch, &tr, a, b, c, date_iso_fy(p->from), &prior, &diff, e)) < 0 ||
	    (rc = tb_emit(r, &ch, &tr, p, prior, diff, e)) < 0)
		goto out;
	rc = report_check(r, e);
out:
	free(a);
	free(b);
	free(c);
	tree_done(&tr);
	chart_done(&ch);
	return rc;
}

/* ---- profit & loss ---- */

enum { PL_PART, PL_DR, PL_CR, PL_MAX };

/* ctx: 1 puts the (debit-positive) value in the debit column, -1 negated in the credit column. */
static void pl_fill(struct report *r, struct report_table *t, long row, const int64_t *v, void *ctx)
{
	int side = *(const int *)ctx;
	(void)r;
	if (side > 0)
		report_set_i64(t, row, PL_DR, v[0]);
	else
		report_set_i64(t, row, PL_CR, -v[0]);
}

static void pl_line(struct report *r, struct report_table *t, enum report_row_kind kind, const char *name, int col,
		    int64_t v)
{
	long row = report_row(r, t, kind, 0);
	report_set_text(r, t, row, PL_PART, name);
	if (col >= 0)
		report_set_i64(t, row, col, v);
}

/* Emits the top groups of one nature and kind (direct or not); adds their totals to *sum
 * (in the side's positive sense). */
static int pl_side(struct tree *tr, struct report *r, struct report_table *t, enum rnature nature, int direct, int depth,
		   int64_t *sum)
{
	const struct chart *ch = tr->ch;
	int side = nature == RN_EXPENSE ? 1 : -1;
	for (int g = 0; g < ch->ngroups; g++) {
		const struct rgroup *x = &ch->groups[g];
		int64_t v;
		if (x->parent >= 0 || x->nature != nature || x->direct != direct || !tr->gshow[g])
			continue;
		tree_emit(tr, r, t, g, 0, depth, pl_fill, &side);
		v = side > 0 ? gvals(tr, g)[0] : -gvals(tr, g)[0];
		if (__builtin_add_overflow(*sum, v, sum))
			return -1;
	}
	return 0;
}

/* Net movement of income and expense ledgers over [from, to] into the tree (value 0, debit
 * positive); opening balances count in the period where the books begin. */
static int pl_values(struct db *db, const struct chart *ch, struct tree *tr, const char *from, const char *to,
		     struct err *e)
{
	int64_t *s = sums_alloc(ch);
	int rc, with_opening = *ch->books_from && strcmp(ch->books_from, from) >= 0 && strcmp(ch->books_from, to) <= 0;
	if (!s)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	rc = chart_sums(db, ch, from, to, 0, s, s + ch->nledgers, e);
	for (size_t i = 0; rc >= 0 && i < ch->nledgers; i++) {
		int64_t *v = lvals(tr, i);
		if (!rnature_pl(chart_ledger_nature(ch, i)))
			continue;
		if (__builtin_sub_overflow(s[i], s[ch->nledgers + i], &v[0]) ||
		    (with_opening && __builtin_add_overflow(v[0], ch->ledgers[i].opening, &v[0])))
			rc = overflow(e);
	}
	free(s);
	if (rc < 0)
		return rc;
	tree_sum(tr);
	return tr->failed ? overflow(e) : 0;
}

int report_profit_loss(struct db *db, int64_t cid, const struct report_params *p, struct report *r, struct err *e)
{
	struct chart ch;
	struct tree tr;
	struct report_table *t;
	int64_t os = 0, cs = 0, dexp = 0, dinc = 0, iexp = 0, iinc = 0, gp, np, left, right;
	char day_before[11];
	int rc;

	memset(&tr, 0, sizeof tr);
	if ((rc = chart_load(db, cid, &ch, e)) < 0)
		goto out;
	report_head(r, &ch, "profit-loss", "Profit & Loss", p);
	if ((rc = tree_init(&tr, &ch, e)) < 0 || (rc = pl_values(db, &ch, &tr, p->from, p->to, e)) < 0)
		goto out;
	date_iso_add(p->from, -1, day_before);
	if ((rc = reports_closing_stock(db, cid, day_before, &os, e)) < 0 ||
	    (rc = reports_closing_stock(db, cid, p->to, &cs, e)) < 0)
		goto out;

	t = report_table_add(r, "main", "Profit & Loss");
	report_col(t, "particulars", "Particulars", REPORT_TEXT);
	report_col(t, "debit", "Debit", REPORT_MONEY);
	report_col(t, "credit", "Credit", REPORT_MONEY);
	if (t)
		t->grouped = 1;

	pl_line(r, t, ROW_SECTION, "Trading Account", -1, 0);
	if (os)
		pl_line(r, t, ROW_DATA, "Opening Stock", PL_DR, os);
	if (pl_side(&tr, r, t, RN_EXPENSE, 1, p->depth, &dexp) < 0 || pl_side(&tr, r, t, RN_INCOME, 1, p->depth, &dinc) < 0 ||
	    __builtin_add_overflow(dexp, os, &left) || __builtin_add_overflow(dinc, cs, &right) ||
	    __builtin_sub_overflow(right, left, &gp)) {
		rc = overflow(e);
		goto out;
	}
	if (cs)
		pl_line(r, t, ROW_DATA, "Closing Stock", PL_CR, cs);
	if (gp >= 0)
		pl_line(r, t, ROW_SUBTOTAL, "Gross Profit c/o", PL_DR, gp);
	else
		pl_line(r, t, ROW_SUBTOTAL, "Gross Loss c/o", PL_CR, -gp);
	{
		long row = report_row(r, t, ROW_TOTAL, 0);
		int64_t side = gp >= 0 ? right : left;
		report_set_text(r, t, row, PL_PART, "Total");
		report_set_i64(t, row, PL_DR, side);
		report_set_i64(t, row, PL_CR, side);
	}

	pl_line(r, t, ROW_SECTION, "Profit & Loss Account", -1, 0);
	if (gp >= 0)
		pl_line(r, t, ROW_DATA, "Gross Profit b/f", PL_CR, gp);
	else
		pl_line(r, t, ROW_DATA, "Gross Loss b/f", PL_DR, -gp);
	if (pl_side(&tr, r, t, RN_EXPENSE, 0, p->depth, &iexp) < 0 || pl_side(&tr, r, t, RN_INCOME, 0, p->depth, &iinc) < 0 ||
	    __builtin_add_overflow(gp, iinc, &np) || __builtin_sub_overflow(np, iexp, &np)) {
		rc = overflow(e);
		goto out;
	}
	if (np >= 0)
		pl_line(r, t, ROW_SUBTOTAL, "Net Profit", PL_DR, np);
	else
		pl_line(r, t, ROW_SUBTOTAL, "Net Loss", PL_CR, -np);
	{
		long row = report_row(r, t, ROW_TOTAL, 0);
		/* Both sides: gross profit (or loss) brought forward and the indirect items. */
		int64_t side = (gp >= 0 ? gp : 0) + iinc + (np < 0 ? -np : 0);
		report_set_text(r, t, row, PL_PART, "Total");
		report_set_i64(t, row, PL_DR, side);
		report_set_i64(t, row, PL_CR, side);
	}
	report_meta_money(r, "opening_stock", os);
	report_meta_money(r, "closing_stock", cs);
	report_meta_money(r, "direct_expenses", dexp);
	report_meta_money(r, "direct_incomes", dinc);
	report_meta_money(r, "gross_profit", gp);
	report_meta_money(r, "indirect_expenses", iexp);
	report_meta_money(r, "indirect_incomes", iinc);
	report_meta_money(r, "net_profit", np);
	rc = report_check(r, e);
out:
	tree_done(&tr);
	chart_done(&ch);
	return rc;
}

/* ---- balance sheet ---- */

enum { BS_PART, BS_AMOUNT, BS_MAX };

/* ctx: the sign that makes the side's balances positive (-1 liabilities, 1 assets). */
static void bs_fill(struct report *r, struct report_table *t, long row, const int64_t *v, void *ctx)
{
	int sign = *(const int *)ctx;
	(void)r;
	report_set_i64(t, row, BS_AMOUNT, sign * v[0]);
}

/* The figures a balance sheet adds to its groups' balances. */
struct bs_figs {
	int64_t prior, current; /* profit before this financial year, and in it up to `to` */
	int64_t diff;           /* the opening balances' difference */
	int64_t cs, cs_before;  /* closing stock at `to`, and at the end of last year */
};

/* Balance-sheet ledgers' balances into the tree; income and expense ledgers into the profit. */
static int bs_values(const struct chart *ch, struct tree *tr, const int64_t *a, const int64_t *b, int fy, struct bs_figs *f,
		     struct err *e)
{
	int books_fy = chart_books_fy(ch), bad = 0;
	size_t n = ch->nledgers;
	for (size_t i = 0; i < n; i++) {
		const struct rledger *l = &ch->ledgers[i];
		int64_t before = 0, during = 0;
		bad |= __builtin_sub_overflow(a[i], a[n + i], &before);
		bad |= __builtin_sub_overflow(b[i], b[n + i], &during);
		bad |= __builtin_add_overflow(f->diff, l->opening, &f->diff);
		if (rnature_pl(chart_ledger_nature(ch, i))) {
			/* Profit is credit-positive: subtract the debit-positive balances. */
			bad |= __builtin_sub_overflow(f->prior, before, &f->prior);
			bad |= __builtin_sub_overflow(f->current, during, &f->current);
			if (books_fy >= fy)
				bad |= __builtin_sub_overflow(f->current, l->opening, &f->current);
			else
				bad |= __builtin_sub_overflow(f->prior, l->opening, &f->prior);
		} else {
			int64_t *v = lvals(tr, i);
			bad |= __builtin_add_overflow(l->opening, before, &v[0]);
			bad |= __builtin_add_overflow(v[0], during, &v[0]);
		}
	}
	bad |= __builtin_add_overflow(f->prior, f->cs_before, &f->prior);
	bad |= __builtin_add_overflow(f->current, f->cs, &f->current);
	bad |= __builtin_sub_overflow(f->current, f->cs_before, &f->current);
	if (bad)
		return overflow(e);
	tree_sum(tr);
	return tr->failed ? overflow(e) : 0;
}

/* One row of a name and an amount, added to *total; returns 1 on overflow. */
static int bs_line(struct report *r, struct report_table *t, enum report_row_kind kind, int level, const char *name, int64_t v,
		   int64_t *total)
{
	long row = report_row(r, t, kind, level);
	report_set_text(r, t, row, BS_PART, name);
	report_set_i64(t, row, BS_AMOUNT, v);
	return total ? __builtin_add_overflow(*total, v, total) : 0;
}

/* Side 0 (liabilities, with the profit and the opening difference) or 1 (assets, with ledgers
 * outside the chart and the closing stock), and its total. Returns 1 on overflow. */
static int bs_side(struct report *r, struct report_table *t, const struct chart *ch, struct tree *tr, int depth, int side,
		   const struct bs_figs *f, int64_t *total)
{
	int sign = side == 0 ? -1 : 1, bad = 0;
	long row = report_row(r, t, ROW_SECTION, 0);
	report_set_text(r, t, row, BS_PART, side == 0 ? "Liabilities" : "Assets");
	for (int g = 0; g < ch->ngroups; g++) {
		const struct rgroup *x = &ch->groups[g];
		if (x->parent >= 0 || rnature_pl(x->nature) || (x->nature == RN_LIABILITY) != (side == 0) || !tr->gshow[g])
			continue;
		tree_emit(tr, r, t, g, 0, depth, bs_fill, &sign);
		bad |= __builtin_add_overflow(*total, sign * gvals(tr, g)[0], total);
	}
	if (side == 0) {
		int64_t profit;
		bad |= __builtin_add_overflow(f->prior, f->current, &profit);
		bad |= bs_line(r, t, ROW_GROUP, 0, "Profit & Loss A/c", profit, total);
		if (depth != 1) {
			bs_line(r, t, ROW_DATA, 1, "Opening Balance", f->prior, NULL);
			bs_line(r, t, ROW_DATA, 1, "Current Period", f->current, NULL);
		}
		if (f->diff)
			bad |= bs_line(r, t, ROW_LEDGER, 0, "Difference in opening balances", f->diff, total);
	} else {
		/* Ledgers outside the chart count with the assets (debit positive). */
		for (size_t i = 0; i < ch->nledgers; i++) {
			if (ch->ledgers[i].group >= 0 || !lvals(tr, i)[0])
				continue;
			row = report_row(r, t, ROW_LEDGER, 0);
			report_row_id(t, row, "ledger_id", ch->ledgers[i].id);
			report_set_text(r, t, row, BS_PART, chart_name(ch, ch->ledgers[i].name));
			report_set_i64(t, row, BS_AMOUNT, lvals(tr, i)[0]);
			bad |= __builtin_add_overflow(*total, lvals(tr, i)[0], total);
		}
		if (f->cs)
			bad |= bs_line(r, t, ROW_LEDGER, 0, "Closing Stock", f->cs, total);
	}
	bs_line(r, t, ROW_TOTAL, 0, side == 0 ? "Total Liabilities" : "Total Assets", *total, NULL);
	return bad;
}

int report_balance_sheet(struct db *db, int64_t cid, const struct report_params *p, struct report *r, struct err *e)
{
	struct chart ch;
	struct tree tr;
	struct report_table *t;
	struct bs_figs f;
	int64_t *a = NULL, *b = NULL, liab = 0, assets = 0;
	char fy_start[11], fy_end_before[11];
	int rc, bad;

	memset(&tr, 0, sizeof tr);
	memset(&f, 0, sizeof f);
	if ((rc = chart_load(db, cid, &ch, e)) < 0)
		goto out;
	report_head(r, &ch, "balance-sheet", "Balance Sheet", p);
	r->from[0] = '\0'; /* a position as at `to` */
	if ((rc = tree_init(&tr, &ch, e)) < 0)
		goto out;
	a = sums_alloc(&ch);
	b = sums_alloc(&ch);
	if (!a || !b) {
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	date_iso_fy_start(p->to, fy_start);
	date_iso_add(fy_start, -1, fy_end_before);
	if ((rc = chart_sums(db, &ch, NULL, fy_end_before, 0, a, a + ch.nledgers, e)) < 0 ||
	    (rc = chart_sums(db, &ch, fy_start, p->to, 0, b, b + ch.nledgers, e)) < 0 ||
	    (rc = reports_closing_stock(db, cid, p->to, &f.cs, e)) < 0 ||
	    (rc = reports_closing_stock(db, cid, fy_end_before, &f.cs_before, e)) < 0 ||
	    (rc = bs_values(&ch, &tr, a, b, date_iso_fy(p->to), &f, e)) < 0)
		goto out;
	t = report_table_add(r, "main", "Balance Sheet");
	report_col(t, "particulars", "Particulars", REPORT_TEXT);
	report_col(t, "amount", "Amount", REPORT_MONEY);
	if (t)
		t->grouped = 1;
	bad = bs_side(r, t, &ch, &tr, p->depth, 0, &f, &liab); /* liabilities first, then assets */
	bad |= bs_side(r, t, &ch, &tr, p->depth, 1, &f, &assets);
	if (bad) {
		rc = overflow(e);
		goto out;
	}
	report_meta_money(r, "total_liabilities", liab);
	report_meta_money(r, "total_assets", assets);
	report_meta_money(r, "profit_prior_years", f.prior);
	report_meta_money(r, "profit_current_period", f.current);
	report_meta_money(r, "opening_difference", f.diff);
	report_meta_money(r, "closing_stock", f.cs);
	report_meta_bool(r, "balanced", liab == assets);
	rc = report_check(r, e);
out:
	free(a);
	free(b);
	tree_done(&tr);
	chart_done(&ch);
	return rc;
}
