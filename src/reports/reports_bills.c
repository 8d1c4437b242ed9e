/* reports_bills.c - receivables and payables bill by bill: each bill a New Ref or an Advance
 * opened (bill_allocations), what Agst Refs settled against it, what is pending, aged to an as-at
 * day by bill or due date into buckets; and what sits on account (amounts tied to no bill,
 * opening balances) in a column of its own. The buckets and on account add up to the parties'
 * closing balance. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/reports_int.h"
#include "lib/date.h"
#include "lib/money.h"
#include "lib/text.h"
#include "lib/money.h"
#include "lib/banned.h"

enum {
	SQL_BILLS,
	SQL_MAX
};

static const char *const sql[SQL_MAX] = {
	/* The bills of every party ledger under group `code`, as at `to`. CROSS JOIN keeps SQLite
	 * walking group -> ledgers -> each ledger's allocations, never every one of the company;
	 * `date || ''` keeps the date out of index choice so the (company, ledger, ref) index is the
	 * one used. */
	[SQL_BILLS] = "WITH RECURSIVE g(id) AS (SELECT id FROM account_groups WHERE company_id = ? AND code = ? "
		      "UNION ALL SELECT a.id FROM account_groups a JOIN g ON a.parent_id = g.id) "
		      "SELECT ba.ledger_id, ba.ref, "
		      "sum(CASE WHEN ba.kind IN ('new', 'advance') THEN ba.amount ELSE 0 END), "
		      "sum(CASE WHEN ba.kind = 'agst' THEN ba.amount ELSE 0 END), "
		      "min(CASE WHEN ba.kind IN ('new', 'advance') THEN ba.date END), "
		      "max(CASE WHEN ba.kind IN ('new', 'advance') THEN ba.due_date END), "
		      "sum(CASE WHEN ba.kind IN ('new', 'advance') THEN 1 ELSE 0 END), "
		      "min(CASE WHEN ba.kind IN ('new', 'advance') THEN ba.voucher_id END) "
		      "FROM g CROSS JOIN ledgers l CROSS JOIN bill_allocations ba "
		      "WHERE l.group_id = g.id AND l.company_id = ? AND ba.company_id = l.company_id AND ba.ledger_id = l.id "
		      "AND ba.ref IS NOT NULL AND ba.active = 1 AND ba.date || '' <= ? AND ba.kind IN ('new', 'advance', 'agst') "
		      "GROUP BY ba.ledger_id, ba.ref",
};

struct bill {
	long li;             /* ledger index */
	char ref[64];
	char date[11], due[11];
	int64_t amount, settled, pending;  /* in the report's sense: receivable or payable positive */
	int64_t voucher_id;
};

/* The columns; the buckets follow BC_DAYS, on account after them (column BC_B0 + nbuckets). */
enum { BC_PART, BC_DATE, BC_DUE, BC_AMOUNT, BC_SETTLED, BC_PENDING, BC_DAYS, BC_B0 };
#define BUCKETS_MAX (REPORT_AGE_BUCKETS_MAX + 1)

static int bill_cmp(const void *a, const void *b, void *ctx)
{
	const struct chart *ch = ctx;
	const struct bill *x = a, *y = b;
	int c;
	if (x->li != y->li) {
		c = strcmp(chart_name(ch, ch->ledgers[x->li].name), chart_name(ch, ch->ledgers[y->li].name));
		return c ? c : (x->li < y->li ? -1 : 1);
	}
	c = strcmp(x->date, y->date);
	return c ? c : strcmp(x->ref, y->ref);
}

static const int64_t default_buckets[] = {30, 60, 90};

int report_ageing_parse(struct report_params *p, const char *as_at, const char *buckets, const char *age_by, struct err *e)
{
	if (as_at && *as_at && text_copy(p->as_at, sizeof p->as_at, as_at) < 0)
		return err_setr(e, ERR_INVALID, "as_at", "not_date", "as_at must be a date YYYY-MM-DD");
	if (age_by && *age_by) {
		if (strcmp(age_by, "bill") != 0 && strcmp(age_by, "due") != 0)
			return err_setr(e, ERR_INVALID, "age_by", "age_by_choice", "age_by must be bill or due");
		p->age_by_due = strcmp(age_by, "due") == 0;
	}
	p->nbuckets = 0;
	if (!buckets || !*buckets)
		return 0;
	for (const char *s = buckets; *s;) {
		int64_t days = 0;
		int digits = 0;
		for (; *s >= '0' && *s <= '9' && digits < 6; s++, digits++)
			days = days * 10 + (*s - '0');
		if (!digits || (*s && *s != ',') || days < 1 || p->nbuckets == REPORT_AGE_BUCKETS_MAX ||
		    (p->nbuckets && days <= p->buckets[p->nbuckets - 1]))
			return err_setr(e, ERR_INVALID, "buckets", "buckets_bad",
				       "buckets must be rising whole days separated by commas, at most %d of them (\"30,60,90\")",
				       REPORT_AGE_BUCKETS_MAX);
		p->buckets[p->nbuckets++] = days;
		if (*s == ',' && !*++s)
			return err_setr(e, ERR_INVALID, "buckets", "buckets_bad", "buckets must not end with a comma");
	}
	return 0;
}

struct party_sum {
	int64_t amount, settled, pending, on_account, b[BUCKETS_MAX];
	int overflow;
};

static void psum_add(struct party_sum *s, const struct bill *b, int bk)
{
	s->overflow |= __builtin_add_overflow(s->amount, b->amount, &s->amount);
	s->overflow |= __builtin_add_overflow(s->settled, b->settled, &s->settled);
	s->overflow |= __builtin_add_overflow(s->pending, b->pending, &s->pending);
	if (bk >= 0)
		s->overflow |= __builtin_add_overflow(s->b[bk], b->pending, &s->b[bk]);
	else
		s->overflow |= __builtin_add_overflow(s->on_account, b->pending, &s->on_account);
}

/* The report being made: its chart, the bills read, each ledger's balance and the part of it
 * bills explain. */
struct outs {
	const struct report_params *p;
	struct chart ch;
	const char *as_at;    /* the day bills are aged to */
	const int64_t *bounds;  /* the last day of each bucket but the last */
	int nbounds;
	int sign;             /* 1 receivables, -1 payables: what is owed shows positive */
	struct bill *bills;
	size_t nb, cap;
	int64_t *sums;        /* debits [0, nledgers), credits [nledgers, 2 * nledgers) */
	int64_t *linked;      /* per ledger: what its bills add up to */
};

static int bill_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct outs *o = ctx;
	long li = chart_ledger(&o->ch, db_col_i64(st, 0));
	int64_t added = db_col_i64(st, 2), against = db_col_i64(st, 3);
	struct bill *b;
	if (li < 0 || (o->p->ledger_id > 0 && o->ch.ledgers[li].id != o->p->ledger_id))
		return 0;
	if (db_col_i64(st, 6) == 0)
		return 0; /* settles a bill this ledger never raised: it stays on account */
	if (o->nb == o->cap) {
		size_t n = o->cap ? o->cap * 2 : 256;
		struct bill *q = n <= REPORT_MAX_ROWS ? realloc(o->bills, n * sizeof *q) : NULL;
		if (!q)
			return err_setr(e, n <= REPORT_MAX_ROWS ? ERR_INTERNAL : ERR_TOO_LARGE, NULL, n <= REPORT_MAX_ROWS ? NULL : "too_many_bills",
					n <= REPORT_MAX_ROWS ? "out of memory" : "too many bills; choose one party");
		o->bills = q;
		o->cap = n;
	}
	b = &o->bills[o->nb++];
	memset(b, 0, sizeof *b);
	b->li = li;
	text_copy(b->ref, sizeof b->ref, db_col_text(st, 1));
	text_copy(b->date, sizeof b->date, db_col_text(st, 4));
	if (!db_col_null(st, 5))
		text_copy(b->due, sizeof b->due, db_col_text(st, 5));
	b->voucher_id = db_col_i64(st, 7);
	b->amount = o->sign * added;
	b->settled = -o->sign * against;
	if (__builtin_add_overflow(b->amount, -b->settled, &b->pending) ||
	    __builtin_add_overflow(o->linked[li], added + against, &o->linked[li]))
		return money_range_err(e, "amounts are beyond the range of amounts");
	return 0;
}

static int bucket(const struct outs *o, int64_t days)
{
	int k = 0;
	while (k < o->nbounds && days > o->bounds[k])
		k++;
	return k;
}

static int col_on_account(const struct outs *o) { return BC_B0 + o->nbounds + 1; }

/* Bucket k's key and title ("d31_60", "31-60"; the last "d90_plus", ">90"), kept in the report. */
static void bucket_names(struct report *r, const struct outs *o, int k, const char **key, const char **title)
{
	char *kb = r->col_text[2 * k], *tb = r->col_text[2 * k + 1];
	size_t cap = sizeof r->col_text[0];
	long long lo = k ? (long long)o->bounds[k - 1] + 1 : 0, hi = k < o->nbounds ? (long long)o->bounds[k] : 0;
	if (k < o->nbounds) {
		snprintf(kb, cap, "d%lld_%lld", lo, hi);
		snprintf(tb, cap, "%lld-%lld", lo, hi);
	} else {
		snprintf(kb, cap, "d%lld_plus", lo - 1);
		snprintf(tb, cap, ">%lld", lo - 1);
	}
	*key = kb;
	*title = tb;
}

static struct report_table *bills_table(struct report *r, const struct outs *o, int payables)
{
	struct report_table *t = report_table_add(r, "main", payables ? "Payables" : "Receivables");
	report_col(t, "particulars", "Particulars", REPORT_TEXT);
	report_col(t, "date", "Date", REPORT_DATE);
	report_col(t, "due_date", "Due Date", REPORT_DATE);
	report_col(t, "amount", "Amount", REPORT_MONEY);
	report_col(t, "settled", "Settled", REPORT_MONEY);
	report_col(t, "pending", "Pending", REPORT_MONEY);
	report_col(t, "age_days", o->p->age_by_due ? "Days Overdue" : "Days", REPORT_INT);
	for (int k = 0; k <= o->nbounds; k++) {
		const char *key, *title;
		bucket_names(r, o, k, &key, &title);
		report_col(t, key, title, REPORT_MONEY);
	}
	report_col(t, "on_account", "On Account", REPORT_MONEY);
	if (t)
		t->grouped = 1;
	return t;
}

static void psum_cells(const struct outs *o, struct report_table *t, long row, const struct party_sum *s)
{
	report_set_i64(t, row, BC_AMOUNT, s->amount);
	report_set_i64(t, row, BC_SETTLED, s->settled);
	report_set_i64(t, row, BC_PENDING, s->pending);
	for (int k = 0; k <= o->nbounds; k++)
		report_set_i64(t, row, BC_B0 + k, s->b[k]);
	report_set_i64(t, row, col_on_account(o), s->on_account);
}

/* The party ledgers under group root (or the one asked for) in name order, sorted with the
 * comparison the bills used: *ret (the caller frees it) and their count. */
static int party_order(const struct outs *o, int root, size_t **ret, size_t *ret_n, struct err *e)
{
	const struct chart *ch = &o->ch;
	size_t *order = calloc(ch->nledgers + 1, sizeof *order), n = 0;
	struct bill *keys;
	if (!order)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	for (size_t i = 0; i < ch->nledgers; i++) {
		const struct rledger *l = &ch->ledgers[i];
		if (root < 0 || l->group < 0 || !chart_in_subtree(ch, l->group, root))
			continue;
		if (o->p->ledger_id > 0 && l->id != o->p->ledger_id)
			continue;
		order[n++] = i;
	}
	if (!(keys = calloc(n + 1, sizeof *keys))) {
		free(order);
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	}
	for (size_t k = 0; k < n; k++)
		keys[k].li = (long)order[k];
	qsort_r(keys, n, sizeof *keys, bill_cmp, (void *)ch);
	for (size_t k = 0; k < n; k++)
		order[k] = (size_t)keys[k].li;
	free(keys);
	*ret = order;
	*ret_n = n;
	return 0;
}

/* One bill's row under its party: aged from its date (or due date, when it has one and ageing
 * goes by due date) to the as-at day; a bill dated after it (or not yet due) is in the first bucket. */
static void bill_cells(const struct outs *o, struct report *r, struct report_table *t, const struct bill *b, const char *pname,
		       struct party_sum *ps)
{
	int64_t age = date_iso_diff(o->p->age_by_due && *b->due ? b->due : b->date, o->as_at);
	int bk = bucket(o, age);
	long row = report_row(r, t, ROW_DATA, 1);
	report_row_id(t, row, "voucher_id", b->voucher_id);
	report_row_section(r, t, row, pname);
	report_set_text(r, t, row, BC_PART, b->ref);
	report_set_text(r, t, row, BC_DATE, b->date);
	if (*b->due)
		report_set_text(r, t, row, BC_DUE, b->due);
	report_set_i64(t, row, BC_AMOUNT, b->amount);
	report_set_i64(t, row, BC_SETTLED, b->settled);
	report_set_i64(t, row, BC_PENDING, b->pending);
	report_set_i64(t, row, BC_DAYS, age);
	if (b->pending)
		report_set_i64(t, row, BC_B0 + bk, b->pending);
	psum_add(ps, b, bk);
}

/* Party li's rows: its heading with its totals, its bills [first, last), what is on account.
 * Nothing when nothing is pending (unless p->all) and nothing is on account. */
static int party_rows(struct outs *o, struct report *r, struct report_table *t, size_t li, size_t first, size_t last,
		      struct party_sum *ps, int64_t *ret_on_account, struct err *e)
{
	const struct chart *ch = &o->ch;
	const struct rledger *l = &ch->ledgers[li];
	const char *pname = chart_name(ch, l->name);
	int64_t closing, on_account;
	int shown = 0;
	long prow, row;

	memset(ps, 0, sizeof *ps);
	*ret_on_account = 0;
	if (__builtin_add_overflow(l->opening, o->sums[li], &closing) ||
	    __builtin_sub_overflow(closing, o->sums[ch->nledgers + li], &closing) ||
	    __builtin_sub_overflow(closing, o->linked[li], &on_account))
		return money_range_err(e, "a balance is beyond the range of amounts");
	on_account *= o->sign;
	for (size_t j = first; j < last; j++)
		shown |= o->bills[j].pending != 0 || o->p->all;
	if (!shown && on_account == 0)
		return 0;
	prow = report_row(r, t, ROW_GROUP, 0);
	report_row_id(t, prow, "ledger_id", l->id);
	report_row_section(r, t, prow, pname);
	report_set_text(r, t, prow, BC_PART, pname);
	for (size_t j = first; j < last; j++)
		if (o->bills[j].pending != 0 || o->p->all)
			bill_cells(o, r, t, &o->bills[j], pname, ps);
	if (on_account) {
		struct bill oa;
		memset(&oa, 0, sizeof oa);
		oa.pending = on_account;
		row = report_row(r, t, ROW_DATA, 1);
		report_row_id(t, row, "ledger_id", l->id);
		report_row_section(r, t, row, pname);
		report_set_text(r, t, row, BC_PART, "On account");
		report_set_i64(t, row, BC_PENDING, on_account);
		report_set_i64(t, row, col_on_account(o), on_account);
		psum_add(ps, &oa, -1);
		*ret_on_account = on_account;
	}
	psum_cells(o, t, prow, ps);
	return 0;
}

static void psum_total(struct party_sum *total, const struct party_sum *ps)
{
	total->overflow |= ps->overflow;
	total->overflow |= __builtin_add_overflow(total->amount, ps->amount, &total->amount);
	total->overflow |= __builtin_add_overflow(total->settled, ps->settled, &total->settled);
	total->overflow |= __builtin_add_overflow(total->pending, ps->pending, &total->pending);
	total->overflow |= __builtin_add_overflow(total->on_account, ps->on_account, &total->on_account);
	for (int x = 0; x < BUCKETS_MAX; x++)
		total->overflow |= __builtin_add_overflow(total->b[x], ps->b[x], &total->b[x]);
}

/* Walks the party ledgers in name order (bills are sorted the same way), then the total row
 * and the summary. */
static int party_walk(struct outs *o, struct report *r, struct report_table *t, int root, struct err *e)
{
	struct party_sum total;
	size_t *order = NULL, n = 0, bi = 0;
	long row;
	int rc;

	memset(&total, 0, sizeof total);
	if ((rc = party_order(o, root, &order, &n, e)) < 0)
		return rc;
	for (size_t k = 0; k < n && !r->failed && rc >= 0; k++) {
		size_t li = order[k], first = bi;
		struct party_sum ps;
		int64_t on_account;
		while (bi < o->nb && (size_t)o->bills[bi].li == li)
			bi++;
		if ((rc = party_rows(o, r, t, li, first, bi, &ps, &on_account, e)) < 0)
			break;
		psum_total(&total, &ps);
	}
	free(order);
	if (rc < 0)
		return rc;
	if (total.overflow)
		return money_range_err(e, "totals are beyond the range of amounts");
	row = report_row(r, t, ROW_TOTAL, 0);
	report_set_text(r, t, row, BC_PART, "Total");
	psum_cells(o, t, row, &total);
	report_meta_money(r, "pending", total.pending);
	report_meta_money(r, "on_account", total.on_account);
	for (int k = 0; k <= o->nbounds; k++)
		report_meta_money(r, t ? t->cols[BC_B0 + k].key : "", total.b[k]);
	report_meta_text(r, "as_at", o->as_at);
	report_meta_text(r, "age_by", o->p->age_by_due ? "due" : "bill");
	return 0;
}

static int outstanding(struct db *db, int64_t cid, const struct report_params *p, struct report *r, int payables,
		       struct err *e)
{
	const char *code = payables ? "sundry_creditors" : "sundry_debtors";
	struct outs o;
	int rc;

	memset(&o, 0, sizeof o);
	o.p = p;
	o.sign = payables ? -1 : 1;
	o.as_at = *p->as_at ? p->as_at : p->to;
	o.bounds = p->nbuckets ? p->buckets : default_buckets;
	o.nbounds = p->nbuckets ? p->nbuckets : 3;
	if ((rc = chart_load(db, cid, &o.ch, e)) < 0)
		goto out;
	report_head(r, &o.ch, payables ? "payables" : "receivables", payables ? "Payables" : "Receivables", p);
	r->from[0] = '\0'; /* a position as at `to` */
	if (p->ledger_id > 0 && chart_ledger(&o.ch, p->ledger_id) < 0) {
		rc = err_setr(e, ERR_NOT_FOUND, "ledger_id", "unknown_ledger", "no ledger %lld in this company", (long long)p->ledger_id);
		goto out;
	}
	o.sums = calloc(o.ch.nledgers * 2 + 2, sizeof *o.sums);
	o.linked = calloc(o.ch.nledgers + 1, sizeof *o.linked);
	if (!o.sums || !o.linked) {
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	/* Each party ledger's balance as at `to`: bills explain part of it, the rest is on account. */
	if ((rc = chart_sums(db, &o.ch, NULL, p->to, p->ledger_id, o.sums, o.sums + o.ch.nledgers, e)) < 0 ||
	    (rc = db_each(db, sql[SQL_BILLS], DB_ARGS(DB_I64(cid), DB_TEXT(code), DB_I64(cid), DB_TEXT(p->to)), bill_row, &o, e)) < 0)
		goto out;
	if (o.nb > 1)
		qsort_r(o.bills, o.nb, sizeof *o.bills, bill_cmp, &o.ch);
	if ((rc = party_walk(&o, r, bills_table(r, &o, payables), chart_group_code(&o.ch, code), e)) < 0)
		goto out;
	rc = report_check(r, e);
out:
	free(o.bills);
	free(o.sums);
	free(o.linked);
	chart_done(&o.ch);
	return rc;
}

int report_receivables(struct db *db, int64_t cid, const struct report_params *p, struct report *r, struct err *e)
{
	return outstanding(db, cid, p, r, 0, e);
}

int report_payables(struct db *db, int64_t cid, const struct report_params *p, struct report *r, struct err *e)
{
	return outstanding(db, cid, p, r, 1, e);
}
