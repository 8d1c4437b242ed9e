/* journal_export.c - the books written out as a ledger/hledger journal: opening balances as one
 * transaction, then every active voucher in date order, with ledger names that map back to the
 * same groups when the journal is imported again. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/journal_int.h"
#include "books/books.h"
#include "lib/buf.h"
#include "lib/date.h"
#include "lib/money.h"
#include "lib/text.h"
#include "lib/banned.h"

enum {
	SQL_COMPANY,
	SQL_GROUPS,
	SQL_LEDGERS,
	SQL_BEFORE,
	SQL_FIRST,
	SQL_VOUCHERS,
	SQL_MAX
};

static const char *const sql[SQL_MAX] = {
	[SQL_COMPANY] = "SELECT name FROM companies WHERE id = ?",
	[SQL_GROUPS] = "SELECT id, coalesce(parent_id, 0), coalesce(code, ''), nature FROM account_groups WHERE company_id = ?",
	[SQL_LEDGERS] = "SELECT id, name, group_id, opening_balance FROM ledgers WHERE company_id = ? ORDER BY id",
	[SQL_BEFORE] = "SELECT ledger_id, sum(debit) - sum(credit) FROM ledger_day WHERE company_id = ? AND date < ? "
		       "GROUP BY ledger_id",
	[SQL_FIRST] = "SELECT min(date) FROM vouchers WHERE company_id = ? AND status = 'active' AND date >= ? AND date <= ?",
	[SQL_VOUCHERS] = "SELECT v.id, v.date, v.number, coalesce(v.narration, ''), coalesce(v.reference, ''), "
			 "vl.ledger_id, vl.amount FROM vouchers v JOIN voucher_lines vl ON vl.voucher_id = v.id "
			 "WHERE v.company_id = ? AND v.status = 'active' AND v.date >= ? AND v.date <= ? "
			 "ORDER BY v.date, v.id, vl.line_no",
};

/* Open ends of the date range. */
#define FROM_START "0000-00-00"
#define TO_END "9999-99-99"

struct exp_ledger {
	int64_t id;
	char *name;          /* as written in the journal */
	int64_t opening;     /* paise, debit positive: with from, everything before it too */
};

/* Output gathered in a buffer and handed to the caller's writer a megabyte at a time. */
struct out {
	struct buf b;
	journal_write_fn write;
	void *ctx;
	int failed;
};

/* The export being made. */
struct exp {
	struct db *db;
	int64_t cid;
	const char *from, *to;
	struct journal_group *gv;
	int ng, capg;
	struct exp_ledger *lv;
	size_t nl, capl;
	struct journal_accts seen;   /* the names given so far */
	struct out o;
	int64_t cur, nvouchers, nlines;
};

/* ---- output ---- */

static void out_flush(struct out *o)
{
	if (o->b.len && !o->failed && o->write(o->ctx, o->b.data, o->b.len) < 0)
		o->failed = 1;
	buf_reset(&o->b);
}

static void out_add(struct out *o, const char *s, size_t n)
{
	if (o->failed)
		return;
	if (buf_add(&o->b, s, n) < 0)
		o->failed = 1;
	else if (o->b.len >= ((size_t)1 << 20))
		out_flush(o);
}

static void out_str(struct out *o, const char *s) { out_add(o, s, strlen(s)); }

static void out_amount(struct out *o, int64_t paise)
{
	char m[MONEY_STR_MAX];
	money_format(paise, m, sizeof m);
	out_str(o, m);
	out_add(o, " INR\n", 5);
}

/* "    ACCOUNT  1234.50 INR" */
static void out_posting(struct out *o, const char *account, int64_t paise)
{
	out_add(o, "    ", 4);
	out_str(o, account);
	out_add(o, "  ", 2);
	out_amount(o, paise);
}

/* ---- the chart ---- */

static int cmp_ledger(const void *a, const void *b)
{
	int64_t x = ((const struct exp_ledger *)a)->id, y = ((const struct exp_ledger *)b)->id;
	return x < y ? -1 : x > y;
}

static struct exp_ledger *find_ledger(const struct exp *x, int64_t id)
{
	struct exp_ledger k = {id, NULL, 0};
	return bsearch(&k, x->lv, x->nl, sizeof *x->lv, cmp_ledger);
}

static int group_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct exp *x = ctx;
	struct journal_group *g;
	if (x->ng == x->capg) {
		int cap = x->capg ? x->capg * 2 : 64;
		struct journal_group *n2 = realloc(x->gv, (size_t)cap * sizeof *n2);
		if (!n2)
			return err_set(e, ERR_INTERNAL, NULL, "out of memory");
		x->gv = n2;
		x->capg = cap;
	}
	g = &x->gv[x->ng++];
	g->id = db_col_i64(st, 0);
	g->parent = db_col_i64(st, 1);
	text_copy(g->code, sizeof g->code, db_col_text(st, 2));
	text_copy(g->nature, sizeof g->nature, db_col_text(st, 3));
	return 0;
}

/* Ledgers come in id order, so find_ledger can search them. */
static int ledger_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct exp *x = ctx;
	struct exp_ledger *l;
	if (x->nl == x->capl) {
		size_t cap = x->capl ? x->capl * 2 : 256;
		struct exp_ledger *n2 = realloc(x->lv, cap * sizeof *n2);
		if (!n2)
			return err_set(e, ERR_INTERNAL, NULL, "out of memory");
		x->lv = n2;
		x->capl = cap;
	}
	l = &x->lv[x->nl];
	l->id = db_col_i64(st, 0);
	l->opening = db_col_i64(st, 3);
	l->name = journal_export_name(db_col_text(st, 1), x->gv, x->ng, db_col_i64(st, 2), &x->seen, l->id);
	if (!l->name)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	x->nl++;
	return 0;
}

/* Exporting from a date: what happened before it is part of each ledger's opening. */
static int before_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct exp_ledger *l = find_ledger(ctx, db_col_i64(st, 0));
	if (l && __builtin_add_overflow(l->opening, db_col_i64(st, 1), &l->opening))
		return err_set(e, ERR_INTERNAL, NULL, "balance overflow");
	return 0;
}

/* The groups, the ledgers with their journal names and openings. */
static int load_chart(struct exp *x, struct err *e)
{
	int rc;
	if ((rc = db_each(x->db, sql[SQL_GROUPS], DB_ARGS(DB_I64(x->cid)), group_row, x, e)) < 0 ||
	    (rc = db_each(x->db, sql[SQL_LEDGERS], DB_ARGS(DB_I64(x->cid)), ledger_row, x, e)) < 0)
		return rc;
	if (strcmp(x->from, FROM_START) != 0)
		return db_each(x->db, sql[SQL_BEFORE], DB_ARGS(DB_I64(x->cid), DB_TEXT(x->from)), before_row, x, e);
	return 0;
}

/* ---- the journal ---- */

/* The comment at the top, and the opening balances as one transaction on opening_date. */
static int write_openings(struct exp *x, const char *company, const char *opening_date, struct err *e)
{
	char head[600], name[256];
	int64_t sum = 0;
	int have = 0;

	text_copy(name, sizeof name, company);
	journal_clean(name, 0);
	snprintf(head, sizeof head, "; Daftar export of company %lld (%s), vouchers dated %s to %s, amounts in INR\n\n",
		 (long long)x->cid, name, strcmp(x->from, FROM_START) ? x->from : "the start", strcmp(x->to, TO_END) ? x->to : "the end");
	out_str(&x->o, head);
	for (size_t i = 0; i < x->nl; i++) {
		if (!x->lv[i].opening)
			continue;
		if (!have) {
			out_str(&x->o, opening_date);
			out_str(&x->o, " * Opening balances\n");
			have = 1;
		}
		out_posting(&x->o, x->lv[i].name, x->lv[i].opening);
		if (__builtin_add_overflow(sum, x->lv[i].opening, &sum))
			return err_set(e, ERR_INTERNAL, NULL, "balance overflow");
	}
	if (have) {
		if (sum)
			out_posting(&x->o, "Equity:Opening-Balances", -sum);
		out_add(&x->o, "\n", 1);
	}
	return 0;
}

/* "DATE * (NUMBER) narration  ; ref:REFERENCE" */
static void voucher_head(struct out *o, struct db_stmt *st)
{
	char narr[2001], ref[201];
	out_str(o, db_col_text(st, 1));
	out_add(o, " * (", 4);
	out_str(o, db_col_text(st, 2));
	out_add(o, ")", 1);
	text_copy(narr, sizeof narr, db_col_text(st, 3));
	journal_clean(narr, 0);
	if (narr[0]) {
		out_add(o, " ", 1);
		out_str(o, narr);
	}
	text_copy(ref, sizeof ref, db_col_text(st, 4));
	journal_clean(ref, 0);
	for (char *c = ref; *c; c++)
		if (*c == ',')
			*c = ' ';
	if (ref[0]) {
		out_add(o, "  ; ref:", 8);
		out_str(o, ref);
	}
	out_add(o, "\n", 1);
}

/* One posting of a voucher (rows come in voucher and line order); stops once output fails. */
static int voucher_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct exp *x = ctx;
	int64_t vid = db_col_i64(st, 0);
	const struct exp_ledger *l = find_ledger(x, db_col_i64(st, 5));
	(void)e;
	if (vid != x->cur) {
		if (x->cur)
			out_add(&x->o, "\n", 1);
		x->cur = vid;
		x->nvouchers++;
		voucher_head(&x->o, st);
	}
	out_posting(&x->o, l ? l->name : "Suspense A/c", db_col_i64(st, 6));
	x->nlines++;
	return x->o.failed ? 1 : 0;
}

/* The day before the first voucher exported (the day before from, when given); with no voucher,
 * the first day of the books. */
static int opening_date_of(struct exp *x, const char *books_from, char out[DATE_ISO_SIZE], struct err *e)
{
	char first[DATE_ISO_SIZE] = "";
	struct db_stmt *st;
	int rc = db_one(x->db, sql[SQL_FIRST], DB_ARGS(DB_I64(x->cid), DB_TEXT(x->from), DB_TEXT(x->to)), &st, e);
	if (rc < 0)
		return rc;
	if (rc == DB_ROW) {
		if (!db_col_null(st, 0))
			text_copy(first, sizeof first, db_col_text(st, 0));
		db_done(st);
	}
	if (strcmp(x->from, FROM_START) != 0)
		(void)date_iso_add(x->from, -1, out);
	else if (first[0])
		(void)date_iso_add(first, -1, out);
	else
		text_copy(out, DATE_ISO_SIZE, books_from);
	return 0;
}

/* The dates asked for, with open ends made explicit. */
static int export_range(const char **from, const char **to, struct err *e)
{
	if (*from && **from && !date_iso_ok(*from))
		return err_set(e, ERR_INVALID, "from", "from must be a date YYYY-MM-DD");
	if (*to && **to && !date_iso_ok(*to))
		return err_set(e, ERR_INVALID, "to", "to must be a date YYYY-MM-DD");
	if (!*from || !**from)
		*from = FROM_START;
	if (!*to || !**to)
		*to = TO_END;
	if (strcmp(*from, *to) > 0)
		return err_set(e, ERR_INVALID, "from", "from is after to");
	return 0;
}

static void exp_free(struct exp *x)
{
	for (size_t i = 0; i < x->nl; i++)
		free(x->lv[i].name);
	free(x->lv);
	free(x->gv);
	journal_accts_free(&x->seen);
	buf_free(&x->o.b);
}

int journal_export(struct db *db, int64_t cid, const char *from, const char *to, journal_write_fn write, void *ctx,
		   struct journal_export_result *ret, struct err *e)
{
	struct exp x;
	struct books books;
	char company[256] = "", opening_date[DATE_ISO_SIZE];
	int rc;

	if ((rc = export_range(&from, &to, e)) < 0)
		return rc;
	if ((rc = db_text(db, sql[SQL_COMPANY], DB_ARGS(DB_I64(cid)), company, sizeof company, e)) < 0)
		return rc;
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "company", "no company %lld", (long long)cid);
	if ((rc = books_get(db, cid, &books, e)) < 0)
		return rc;
	memset(&x, 0, sizeof x);
	x.db = db;
	x.cid = cid;
	x.from = from;
	x.to = to;
	x.o = (struct out){BUF_INIT, write, ctx, 0};
	if ((rc = load_chart(&x, e)) < 0 || (rc = opening_date_of(&x, books.books_from, opening_date, e)) < 0 ||
	    (rc = write_openings(&x, company, opening_date, e)) < 0 ||
	    (rc = db_each(db, sql[SQL_VOUCHERS], DB_ARGS(DB_I64(cid), DB_TEXT(from), DB_TEXT(to)), voucher_row, &x, e)) < 0)
		goto out;
	if (x.cur)
		out_add(&x.o, "\n", 1);
	out_flush(&x.o);
	if (x.o.failed) {
		rc = err_set(e, ERR_INTERNAL, NULL, "cannot write the journal (%s)", errno ? strerror(errno) : "out of memory");
		goto out;
	}
	if (ret) {
		ret->vouchers = x.nvouchers;
		ret->postings = x.nlines;
		ret->ledgers = (int64_t)x.nl;
	}
out:
	exp_free(&x);
	return rc < 0 ? rc : 0;
}
