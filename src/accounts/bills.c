/* bills.c - bill-wise settlement: the allocations of a voucher's party lines checked against the
 * bills they name, written, released on alteration and cancellation; a party's account and its
 * pending bills for entry. See bills.h for the rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/bills.h"
#include "lib/date.h"
#include "lib/money.h"
#include "lib/text.h"
#include "lib/banned.h"

enum {
	SQL_LEDGER_PARTY, SQL_LEDGER_NAME, SQL_BILL, SQL_INSERT, SQL_DELETE, SQL_CANCEL, SQL_LOAD,
	SQL_ACCOUNT_BY_PARTY, SQL_ACCOUNT_BY_LEDGER, SQL_BALANCE, SQL_BILLS,
	SQL_MAX
};

#define ACCOUNT_COLS "p.id, l.id, p.name, p.kind, p.gstin, p.state_code, p.credit_limit, p.payment_terms_days, l.opening_balance " \
		     "FROM parties p JOIN ledgers l ON l.party_id = p.id AND l.company_id = p.company_id "

static const char *const sql[SQL_MAX] = {
	[SQL_LEDGER_PARTY] = "SELECT coalesce(party_id, 0) FROM ledgers WHERE company_id = ? AND id = ?",
	[SQL_LEDGER_NAME] = "SELECT name FROM ledgers WHERE company_id = ? AND id = ?",
	/* One bill of a ledger: the allocations that opened it (count, sum) and those settling it,
	 * leaving out voucher ? (the one being altered; 0 for none). */
	[SQL_BILL] = "SELECT sum(CASE WHEN kind IN ('new', 'advance') THEN 1 ELSE 0 END), "
		     "coalesce(sum(CASE WHEN kind IN ('new', 'advance') THEN amount ELSE 0 END), 0), "
		     "coalesce(sum(CASE WHEN kind = 'agst' THEN amount ELSE 0 END), 0) "
		     "FROM bill_allocations WHERE company_id = ? AND ledger_id = ? AND ref = ? AND active = 1 AND voucher_id <> ?",
	[SQL_INSERT] = "INSERT INTO bill_allocations(voucher_id, line_no, alloc_no, company_id, ledger_id, kind, ref, date, "
		       "due_date, amount, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
	[SQL_DELETE] = "DELETE FROM bill_allocations WHERE company_id = ? AND voucher_id = ?",
	[SQL_CANCEL] = "UPDATE bill_allocations SET active = 0 WHERE company_id = ? AND voucher_id = ?",
	[SQL_LOAD] = "SELECT " BILLS_ALLOC_COLS " FROM bill_allocations WHERE company_id = ? AND voucher_id = ? "
		     "ORDER BY line_no, alloc_no",
	[SQL_ACCOUNT_BY_PARTY] = "SELECT " ACCOUNT_COLS "WHERE p.company_id = ? AND p.id = ?",
	[SQL_ACCOUNT_BY_LEDGER] = "SELECT " ACCOUNT_COLS "WHERE l.company_id = ? AND l.id = ?",
	[SQL_BALANCE] = "SELECT coalesce(sum(amount), 0) FROM voucher_lines WHERE company_id = ? AND ledger_id = ? AND active = 1",
	/* Every bill of a ledger with what opened it and what settled it; a reference nothing opened
	 * (an old settlement of a bill never raised here) is on account, not a bill. */
	[SQL_BILLS] = "SELECT ba.ref, min(CASE WHEN ba.kind IN ('new', 'advance') THEN ba.date END), "
		      "max(CASE WHEN ba.kind IN ('new', 'advance') THEN ba.due_date END), "
		      "max(CASE WHEN ba.kind = 'advance' THEN 1 ELSE 0 END), "
		      "sum(CASE WHEN ba.kind IN ('new', 'advance') THEN ba.amount ELSE 0 END), "
		      "sum(CASE WHEN ba.kind = 'agst' THEN ba.amount ELSE 0 END), "
		      "min(CASE WHEN ba.kind IN ('new', 'advance') THEN ba.voucher_id END) "
		      "FROM bill_allocations ba WHERE ba.company_id = ? AND ba.ledger_id = ? AND ba.ref IS NOT NULL AND ba.active = 1 "
		      "GROUP BY ba.ref HAVING sum(CASE WHEN ba.kind IN ('new', 'advance') THEN 1 ELSE 0 END) > 0 "
		      "ORDER BY 2, 1",
};

static const char *const kind_names[BILL_KIND_MAX] = {"new", "agst", "advance", "on_account"};

const char *bill_kind_name(enum bill_kind k) { return (unsigned)k < BILL_KIND_MAX ? kind_names[k] : NULL; }

int bill_kind_parse(const char *s, enum bill_kind *ret)
{
	for (int k = 0; k < BILL_KIND_MAX; k++)
		if (strcmp(s, kind_names[k]) == 0) {
			*ret = (enum bill_kind)k;
			return 0;
		}
	if (strcmp(s, "against") == 0) {
		*ret = BILL_AGST;
		return 0;
	}
	return -1;
}

struct bill_alloc *voucher_add_alloc(struct voucher *v)
{
	struct bill_alloc *p;
	if (v->nallocs >= VOUCHER_MAX_LINES * 4)
		return NULL;
	p = realloc(v->allocs, (size_t)(v->nallocs + 1) * sizeof *p);
	if (!p)
		return NULL;
	v->allocs = p;
	memset(&p[v->nallocs], 0, sizeof *p);
	return &p[v->nallocs++];
}

/* ---- preparation ---- */

/* The line an allocation belongs to, or -1 when there is none. */
static int alloc_line(const struct voucher *v, const struct bill_alloc *a)
{
	if (a->line == BILL_PARTY_LINE)
		return voucher_type_has_items(v->type) && v->party_id && v->nlines > 0 ? v->nlines - 1 : -1;
	return a->line >= 0 && a->line < v->nlines ? a->line : -1;
}

/* "lines[2].allocations[1].ref" or "allocations[0].amount" (member NULL: the array itself). */
static void alloc_field(const struct voucher *v, int ai, const char *member, char *out, size_t cap)
{
	const struct bill_alloc *a = &v->allocs[ai];
	int k = 0;
	char arr[40];
	for (int j = 0; j < ai; j++)
		k += v->allocs[j].line == a->line;
	if (a->line == BILL_PARTY_LINE)
		snprintf(arr, sizeof arr, "allocations");
	else
		snprintf(arr, sizeof arr, "lines[%d].allocations", a->line);
	if (member)
		snprintf(out, cap, "%s[%d].%s", arr, k, member);
	else
		snprintf(out, cap, "%s", arr);
}

static int64_t signed_amount(const struct voucher *v, int line, int64_t amount)
{
	return v->lines[line].amount < 0 ? -amount : amount;
}

/* Drops the allocations the rules made last time. */
static void drop_implicit(struct voucher *v)
{
	int n = 0;
	for (int i = 0; i < v->nallocs; i++)
		if (!v->allocs[i].implicit)
			v->allocs[n++] = v->allocs[i];
	v->nallocs = n;
}

static int out_of_memory(struct err *e) { return err_set(e, ERR_INTERNAL, NULL, "out of memory"); }

/* A bill as the books hold it, leaving out voucher self. */
struct bill_state {
	int64_t opened;            /* allocations that opened it */
	int64_t pending;           /* debit positive */
};

static int bill_state(struct db *db, int64_t cid, int64_t ledger, const char *ref, int64_t self, struct bill_state *ret,
		      struct err *e)
{
	struct db_stmt *st;
	int64_t opened_sum, settled;
	int rc = db_one(db, sql[SQL_BILL], DB_ARGS(DB_I64(cid), DB_I64(ledger), DB_TEXT(ref), DB_I64(self)), &st, e);
	if (rc < 0)
		return rc;
	memset(ret, 0, sizeof *ret);
	if (rc == DB_DONE)
		return 0;
	ret->opened = db_col_i64(st, 0);
	opened_sum = db_col_i64(st, 1);
	settled = db_col_i64(st, 2);
	db_done(st);
	if (__builtin_add_overflow(opened_sum, settled, &ret->pending))
		return err_setr(e, ERR_UNPROCESSABLE, NULL, "too_large", "amounts are beyond the range of amounts");
	return 0;
}

/* The implicit allocations of a line that carries the old bill_ref/bill_type (or whose party line
 * the item rules gave them): strict for lines as sent, lenient (settling what is pending, the
 * rest on account) for a note's reference. */
static int implicit_allocs(struct voucher *v, struct err *e)
{
	int party = voucher_type_has_items(v->type) && v->party_id ? v->nlines - 1 : -1;
	int nexplicit = v->nallocs;
	for (int i = 0; i < v->nlines; i++) {
		struct voucher_line *l = &v->lines[i];
		struct bill_alloc *a;
		int given = 0;
		for (int j = 0; j < nexplicit; j++)
			given |= alloc_line(v, &v->allocs[j]) == i;
		if (given || !l->bill_type[0] || l->amount == 0)
			continue;
		if (!(a = voucher_add_alloc(v)))
			return out_of_memory(e);
		a->line = i;
		a->kind = strcmp(l->bill_type, "new") == 0 ? BILL_NEW : BILL_AGST;
		text_copy(a->ref, sizeof a->ref, l->bill_ref);
		text_copy(a->due_date, sizeof a->due_date, l->due_date);
		a->amount = l->amount < 0 ? -l->amount : l->amount;
		a->implicit = i == party ? 1 : 2;
	}
	return 0;
}

/* The members of one allocation as given. */
static int alloc_shape(struct db *db, int64_t cid, const struct voucher *v, int ai, struct err *e)
{
	const struct bill_alloc *a = &v->allocs[ai];
	int line = alloc_line(v, a);
	int64_t party = 0;
	char f[80];
	int rc, own_number;

	if (line < 0) {
		alloc_field(v, ai, NULL, f, sizeof f);
		err_set(e, ERR_UNPROCESSABLE, f, a->line == BILL_PARTY_LINE ? "allocations of the voucher need a party and items" :
			"an allocation belongs to a line of the voucher");
		return err_reason(e, "allocation_needs_party");
	}
	if ((rc = db_i64(db, sql[SQL_LEDGER_PARTY], DB_ARGS(DB_I64(cid), DB_I64(v->lines[line].ledger_id)), &party, e)) < 0)
		return rc;
	if (!party) {
		alloc_field(v, ai, NULL, f, sizeof f);
		err_set(e, ERR_UNPROCESSABLE, f, "only a party's ledger is kept bill by bill");
		return err_reason(e, "not_billwise");
	}
	if (a->amount <= 0) {
		alloc_field(v, ai, "amount", f, sizeof f);
		return err_setr(e, ERR_INVALID, f, "allocation_amount", "an allocation needs an amount more than zero");
	}
	own_number = a->kind == BILL_NEW && a->line == BILL_PARTY_LINE && voucher_type_info(v->type)->opens_bill;
	if (a->kind == BILL_ON_ACCOUNT ? a->ref[0] != '\0' : a->ref[0] == '\0' && !own_number) {
		alloc_field(v, ai, "ref", f, sizeof f);
		return err_setr(e, ERR_INVALID, f, a->kind == BILL_ON_ACCOUNT ? "on_account_ref" : "bill_ref_required",
				a->kind == BILL_ON_ACCOUNT ? "an amount on account names no bill" : "name the bill (ref)");
	}
	if (a->ref[0] && (text_utf8_invalid_at(a->ref, strlen(a->ref)) >= 0 || text_has_controls(a->ref) ||
			  text_utf8_chars(a->ref, strlen(a->ref)) > 60)) {
		alloc_field(v, ai, "ref", f, sizeof f);
		return err_setr(e, ERR_INVALID, f, "bill_ref_text", "a bill's reference is plain text of at most 60 characters");
	}
	if (a->due_date[0] && (!date_iso_ok(a->due_date) || (a->kind != BILL_NEW && a->kind != BILL_ADVANCE))) {
		alloc_field(v, ai, "due_date", f, sizeof f);
		return err_setr(e, ERR_INVALID, f, date_iso_ok(a->due_date) ? "due_date_not_here" : "not_date",
				date_iso_ok(a->due_date) ? "only a New Ref or an Advance has a due date" : "due_date must be a real date YYYY-MM-DD");
	}
	return 0;
}

/* The allocations given for each line add up to it. */
static int alloc_sums(const struct voucher *v, struct err *e)
{
	for (int i = 0; i < v->nlines; i++) {
		int64_t sum = 0, whole = v->lines[i].amount < 0 ? -v->lines[i].amount : v->lines[i].amount, diff;
		int first = -1;
		char f[80], amt[MONEY_STR_MAX], got[MONEY_STR_MAX];
		for (int j = 0; j < v->nallocs; j++) {
			if (v->allocs[j].implicit || alloc_line(v, &v->allocs[j]) != i)
				continue;
			if (first < 0)
				first = j;
			if (__builtin_add_overflow(sum, v->allocs[j].amount, &sum))
				return err_setr(e, ERR_INVALID, "lines", "too_large", "amounts are too large");
		}
		if (first < 0 || sum == whole)
			continue;
		diff = whole - sum;
		alloc_field(v, first, NULL, f, sizeof f);
		money_format(whole, amt, sizeof amt);
		money_format(sum, got, sizeof got);
		err_set(e, ERR_UNPROCESSABLE, f, "the allocations add up to %s, the line is %s", got, amt);
		err_reason(e, "allocation_mismatch");
		err_detail_money(e, "line_amount", whole);
		err_detail_money(e, "allocated", sum);
		return err_detail_money(e, "difference", diff);
	}
	return 0;
}

/* What this voucher has taken from each bill so far, so two allocations to one bill count together. */
struct taken {
	int64_t ledger;
	const char *ref;
	int64_t amount;
	int opens;
};

struct taken_list {
	struct taken *t;
	int n;
};

static struct taken *taken_find(struct taken_list *tl, int64_t ledger, const char *ref)
{
	for (int i = 0; i < tl->n; i++)
		if (tl->t[i].ledger == ledger && strcmp(tl->t[i].ref, ref) == 0)
			return &tl->t[i];
	return NULL;
}

static struct taken *taken_add(struct taken_list *tl, int64_t ledger, const char *ref)
{
	struct taken *t = taken_find(tl, ledger, ref);
	if (!t) {
		t = &tl->t[tl->n++];
		memset(t, 0, sizeof *t);
		t->ledger = ledger;
		t->ref = ref;
	}
	return t;
}

static int exceeds_pending(const struct voucher *v, int ai, int64_t pending, int64_t asked, struct err *e)
{
	char f[80], p[MONEY_STR_MAX], a[MONEY_STR_MAX];
	int64_t left = pending < 0 ? -pending : pending;
	alloc_field(v, ai, "amount", f, sizeof f);
	money_format(left, p, sizeof p);
	money_format(asked, a, sizeof a);
	err_set(e, ERR_UNPROCESSABLE, f, "bill %s has %s pending; %s cannot be settled against it", v->allocs[ai].ref, p, a);
	err_reason(e, "exceeds_pending");
	err_detail_text(e, "ref", v->allocs[ai].ref);
	err_detail_money(e, "pending", left);
	err_detail_text(e, "pending_side", pending < 0 ? "credit" : "debit");
	return err_detail_money(e, "amount", asked);
}

/* The name of a party's ledger, for a refusal that names it. */
static void ledger_name(struct db *db, int64_t cid, int64_t ledger, char *out, size_t cap)
{
	struct err ignored = ERR_INIT;
	if (db_text(db, sql[SQL_LEDGER_NAME], DB_ARGS(DB_I64(cid), DB_I64(ledger)), out, cap, &ignored) < 0 || !out[0])
		text_copy(out, cap, "this ledger");
}

/* An Agst Ref: a bill of this ledger with enough pending on the other side. A lenient one (a
 * note's reference) settles what it can and leaves the rest on account (*ret_rest). */
static int agst_check(struct db *db, int64_t cid, struct voucher *v, int ai, struct taken_list *tl, int64_t *ret_rest,
		      struct err *e)
{
	struct bill_alloc *a = &v->allocs[ai];
	int line = alloc_line(v, a);
	int64_t ledger = v->lines[line].ledger_id, s = signed_amount(v, line, a->amount), pending, left;
	struct bill_state b;
	struct taken *t;
	char f[80], name[201];
	int rc, opposite;

	*ret_rest = 0;
	if ((rc = bill_state(db, cid, ledger, a->ref, v->id, &b, e)) < 0)
		return rc;
	t = taken_add(tl, ledger, a->ref);
	pending = b.pending + t->amount;
	if (b.opened == 0 && !t->opens) {
		if (a->implicit == 1) {
			*ret_rest = -1; /* all of it */
			return 0;
		}
		alloc_field(v, ai, "ref", f, sizeof f);
		ledger_name(db, cid, ledger, name, sizeof name);
		err_set(e, ERR_UNPROCESSABLE, f, "%s has no bill %s to settle", name, a->ref);
		err_reason(e, "unknown_bill");
		return err_detail_text(e, "ref", a->ref);
	}
	/* the settlement is on the other side of what is pending, and no more than it */
	left = pending < 0 ? -pending : pending;
	opposite = pending != 0 && (pending > 0) != (s > 0);
	if (!opposite || a->amount > left) {
		if (a->implicit == 1 && opposite) {
			*ret_rest = a->amount - left;
			a->amount = left;
			t->amount += signed_amount(v, line, left); /* |t->amount| stays within the bill's pending */
			return 0;
		}
		if (a->implicit == 1) {
			*ret_rest = -1; /* all of it */
			return 0;
		}
		return exceeds_pending(v, ai, opposite ? pending : 0, a->amount, e);
	}
	t->amount += s; /* as above: no more than what is pending */
	return 0;
}

/* A New Ref or Advance opens a bill the ledger does not have yet. */
static int opens_check(struct db *db, int64_t cid, struct voucher *v, int ai, struct taken_list *tl, struct err *e)
{
	struct bill_alloc *a = &v->allocs[ai];
	int line = alloc_line(v, a);
	int64_t ledger = v->lines[line].ledger_id;
	struct bill_state b;
	struct taken *t;
	char f[80], name[201];
	int rc;

	if (!a->ref[0]) /* a sale's own bill: its number, new by construction */
		return 0;
	if ((rc = bill_state(db, cid, ledger, a->ref, v->id, &b, e)) < 0)
		return rc;
	t = taken_find(tl, ledger, a->ref);
	if (b.opened || (t && t->opens)) {
		alloc_field(v, ai, "ref", f, sizeof f);
		ledger_name(db, cid, ledger, name, sizeof name);
		err_set(e, ERR_UNPROCESSABLE, f, "bill %s already exists for %s; settle it with Agst Ref", a->ref, name);
		err_reason(e, "bill_exists");
		return err_detail_text(e, "ref", a->ref);
	}
	t = taken_add(tl, ledger, a->ref);
	t->opens = 1;
	if (__builtin_add_overflow(t->amount, signed_amount(v, line, a->amount), &t->amount))
		return err_setr(e, ERR_INVALID, "lines", "too_large", "amounts are too large");
	return 0;
}

/* The part of a lenient Agst Ref that found nothing pending goes on account (rest -1: all of it). */
static int rest_on_account(struct voucher *v, int ai, int64_t rest, struct err *e)
{
	struct bill_alloc *a = &v->allocs[ai], *oa;
	if (rest < 0) {
		a->kind = BILL_ON_ACCOUNT;
		a->ref[0] = '\0';
		return 0;
	}
	if (rest == 0)
		return 0;
	if (!(oa = voucher_add_alloc(v)))
		return out_of_memory(e);
	a = &v->allocs[ai]; /* the array may have moved */
	oa->line = a->line;
	oa->kind = BILL_ON_ACCOUNT;
	oa->implicit = a->implicit;
	oa->amount = rest;
	return 0;
}

/* A line's bill_ref/bill_type/due_date: its single New Ref or Agst Ref given, else none. */
static void line_fields(struct voucher *v)
{
	for (int i = 0; i < v->nlines; i++) {
		struct voucher_line *l = &v->lines[i];
		const struct bill_alloc *one = NULL;
		int n = 0;
		for (int j = 0; j < v->nallocs; j++) {
			if (v->allocs[j].implicit || alloc_line(v, &v->allocs[j]) != i)
				continue;
			one = &v->allocs[j];
			n++;
		}
		if (!n)
			continue;
		l->bill_ref[0] = l->bill_type[0] = l->due_date[0] = '\0';
		if (n == 1 && (one->kind == BILL_NEW || one->kind == BILL_AGST)) {
			text_copy(l->bill_type, sizeof l->bill_type, one->kind == BILL_NEW ? "new" : "against");
			text_copy(l->bill_ref, sizeof l->bill_ref, one->ref);
			text_copy(l->due_date, sizeof l->due_date, one->due_date);
		}
	}
}

int bills_prepare(struct db *db, int64_t cid, struct voucher *v, struct err *e)
{
	struct taken_list tl = {NULL, 0};
	int rc = 0, n0;

	drop_implicit(v);
	for (int i = 0; i < v->nallocs; i++)
		if ((rc = alloc_shape(db, cid, v, i, e)) < 0)
			return rc;
	if ((rc = alloc_sums(v, e)) < 0 || (rc = implicit_allocs(v, e)) < 0)
		return rc;
	line_fields(v);
	if (!(tl.t = calloc((size_t)v->nallocs + 1, sizeof *tl.t)))
		return out_of_memory(e);
	/* bills opened first, so a voucher may open a bill and settle against another in either order */
	for (int i = 0; i < v->nallocs && rc >= 0; i++)
		if (v->allocs[i].kind == BILL_NEW || v->allocs[i].kind == BILL_ADVANCE)
			rc = opens_check(db, cid, v, i, &tl, e);
	n0 = v->nallocs;
	for (int i = 0; i < n0 && rc >= 0; i++) {
		int64_t rest = 0;
		if (v->allocs[i].kind != BILL_AGST)
			continue;
		if ((rc = agst_check(db, cid, v, i, &tl, &rest, e)) >= 0)
			rc = rest_on_account(v, i, rest, e);
	}
	free(tl.t);
	return rc;
}

/* ---- writing ---- */

int bills_write(struct db *db, int64_t cid, const struct voucher *v, struct err *e)
{
	int64_t seen[VOUCHER_MAX_LINES];
	memset(seen, 0, sizeof seen);
	for (int i = 0; i < v->nallocs; i++) {
		const struct bill_alloc *a = &v->allocs[i];
		int line = alloc_line(v, a), rc;
		const char *ref = a->kind == BILL_ON_ACCOUNT ? NULL : a->ref[0] ? a->ref : v->number;
		if (line < 0)
			continue;
		seen[line]++;
		rc = db_run(db, sql[SQL_INSERT],
			    DB_ARGS(DB_I64(v->id), DB_I64(line + 1), DB_I64(seen[line]), DB_I64(cid), DB_I64(v->lines[line].ledger_id),
				    DB_TEXT(bill_kind_name(a->kind)), DB_TEXT_OR_NULL(ref), DB_TEXT(v->date), DB_TEXT_OR_NULL(a->due_date),
				    DB_I64(signed_amount(v, line, a->amount))), e);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int bills_alloc_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct voucher *v = ctx;
	struct bill_alloc *a = voucher_add_alloc(v);
	int64_t amount = db_col_i64(st, 4);
	if (!a)
		return out_of_memory(e);
	a->line = (int)db_col_i64(st, 0) - 1;
	if (bill_kind_parse(db_col_text(st, 1), &a->kind) < 0)
		a->kind = BILL_ON_ACCOUNT;
	text_copy(a->ref, sizeof a->ref, db_col_text(st, 2));
	text_copy(a->due_date, sizeof a->due_date, db_col_text(st, 3));
	a->amount = amount < 0 ? -amount : amount;
	return 0;
}

int bills_load(struct db *db, int64_t cid, struct voucher *v, struct err *e)
{
	return db_each(db, sql[SQL_LOAD], DB_ARGS(DB_I64(cid), DB_I64(v->id)), bills_alloc_row, v, e);
}

int bills_release(struct db *db, int64_t cid, int64_t id, int cancel, struct err *e)
{
	int rc = db_run(db, sql[cancel ? SQL_CANCEL : SQL_DELETE], DB_ARGS(DB_I64(cid), DB_I64(id)), e);
	return rc < 0 ? rc : 0;
}

int bills_check_opened(struct db *db, int64_t cid, const struct voucher *cur, struct err *e)
{
	for (int i = 0; i < cur->nallocs; i++) {
		const struct bill_alloc *a = &cur->allocs[i];
		int line = alloc_line(cur, a);
		struct bill_state b;
		int64_t opened_sum, settled;
		struct db_stmt *st;
		char amt[MONEY_STR_MAX];
		int rc;
		if ((a->kind != BILL_NEW && a->kind != BILL_ADVANCE) || line < 0 || !a->ref[0])
			continue;
		rc = db_one(db, sql[SQL_BILL], DB_ARGS(DB_I64(cid), DB_I64(cur->lines[line].ledger_id), DB_TEXT(a->ref), DB_I64(0)), &st, e);
		if (rc < 0)
			return rc;
		if (rc == DB_DONE)
			continue;
		b.opened = db_col_i64(st, 0);
		opened_sum = db_col_i64(st, 1);
		settled = db_col_i64(st, 2);
		db_done(st);
		if (settled == 0)
			continue;
		if (b.opened && opened_sum != 0 && (opened_sum > 0) != (settled > 0) &&
		    (opened_sum > 0 ? opened_sum >= -settled : -opened_sum >= settled))
			continue;
		settled = settled < 0 ? -settled : settled;
		money_format(settled, amt, sizeof amt);
		err_set(e, ERR_UNPROCESSABLE, "id", "%s of bill %s is settled by other vouchers; alter or cancel those first", amt, a->ref);
		err_reason(e, "bill_has_settlements");
		err_detail_text(e, "ref", a->ref);
		return err_detail_money(e, "settled", settled);
	}
	return 0;
}

void bills_line_json(struct jsonw *w, const struct voucher *v, int line)
{
	jsonw_key(w, "allocations");
	jsonw_arr(w);
	for (int i = 0; i < v->nallocs; i++) {
		const struct bill_alloc *a = &v->allocs[i];
		if (alloc_line(v, a) != line)
			continue;
		jsonw_obj(w);
		jsonw_kstr(w, "type", bill_kind_name(a->kind));
		jsonw_kstr(w, "ref", a->kind == BILL_ON_ACCOUNT ? NULL : a->ref[0] ? a->ref : v->number[0] ? v->number : NULL);
		jsonw_kmoney(w, "amount", a->amount);
		jsonw_kstr(w, "due_date", a->due_date[0] ? a->due_date : NULL);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
}

/* ---- a party's account and bills ---- */

int party_account_get(struct db *db, int64_t cid, int64_t party_id, int64_t ledger_id, struct party_account *ret,
		      struct err *e)
{
	struct db_stmt *st;
	int64_t moved = 0, opening;
	int rc = db_one(db, sql[party_id ? SQL_ACCOUNT_BY_PARTY : SQL_ACCOUNT_BY_LEDGER],
			DB_ARGS(DB_I64(cid), DB_I64(party_id ? party_id : ledger_id)), &st, e);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE)
		return err_setr(e, ERR_NOT_FOUND, "id", "unknown_party", party_id ? "no party %lld in this company" : "ledger %lld is not a party's",
			       (long long)(party_id ? party_id : ledger_id));
	memset(ret, 0, sizeof *ret);
	ret->party_id = db_col_i64(st, 0);
	ret->ledger_id = db_col_i64(st, 1);
	text_copy(ret->name, sizeof ret->name, db_col_text(st, 2));
	text_copy(ret->kind, sizeof ret->kind, db_col_text(st, 3));
	text_copy(ret->gstin, sizeof ret->gstin, db_col_text(st, 4));
	text_copy(ret->state_code, sizeof ret->state_code, db_col_text(st, 5));
	ret->credit_limit = db_col_i64(st, 6);
	ret->terms_days = db_col_i64(st, 7);
	opening = db_col_i64(st, 8);
	db_done(st);
	if ((rc = db_i64(db, sql[SQL_BALANCE], DB_ARGS(DB_I64(cid), DB_I64(ret->ledger_id)), &moved, e)) < 0)
		return rc;
	if (__builtin_add_overflow(opening, moved, &ret->balance))
		return err_setr(e, ERR_UNPROCESSABLE, NULL, "too_large", "a balance is beyond the range of amounts");
	return 0;
}

struct bills_walk {
	int pending_only;
	int (*each)(void *ctx, const struct bill_row *b);
	void *ctx;
};

static int bills_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct bills_walk *p = ctx;
	struct bill_row b;
	memset(&b, 0, sizeof b);
	text_copy(b.ref, sizeof b.ref, db_col_text(st, 0));
	text_copy(b.date, sizeof b.date, db_col_text(st, 1));
	text_copy(b.due_date, sizeof b.due_date, db_col_text(st, 2));
	b.advance = db_col_i64(st, 3) != 0;
	b.amount = db_col_i64(st, 4);
	b.settled = db_col_i64(st, 5);
	b.voucher_id = db_col_i64(st, 6);
	if (__builtin_add_overflow(b.amount, b.settled, &b.pending))
		return err_setr(e, ERR_UNPROCESSABLE, NULL, "too_large", "amounts are beyond the range of amounts");
	if (p->pending_only && b.pending == 0)
		return 0;
	return p->each(p->ctx, &b);
}

int bills_of_ledger(struct db *db, int64_t cid, int64_t ledger_id, int pending_only,
		    int (*each)(void *ctx, const struct bill_row *b), void *ctx, struct err *e)
{
	struct bills_walk p = {pending_only, each, ctx};
	int rc = db_each(db, sql[SQL_BILLS], DB_ARGS(DB_I64(cid), DB_I64(ledger_id)), bills_row, &p, e);
	return rc < 0 ? rc : 0;
}

void party_account_json(struct jsonw *w, const struct party_account *a)
{
	jsonw_obj(w);
	jsonw_ki64(w, "party_id", a->party_id);
	jsonw_ki64(w, "ledger_id", a->ledger_id);
	jsonw_kstr(w, "name", a->name);
	jsonw_kstr(w, "kind", a->kind);
	jsonw_kstr(w, "gstin", a->gstin[0] ? a->gstin : NULL);
	jsonw_kstr(w, "state_code", a->state_code[0] ? a->state_code : NULL);
	jsonw_key(w, "credit_limit");
	if (a->credit_limit)
		jsonw_money(w, a->credit_limit);
	else
		jsonw_null(w);
	jsonw_ki64(w, "payment_terms_days", a->terms_days);
	jsonw_kmoney(w, "balance", a->balance < 0 ? -a->balance : a->balance);
	jsonw_kstr(w, "balance_side", a->balance < 0 ? "credit" : a->balance > 0 ? "debit" : NULL);
	jsonw_obj_end(w);
}

static void kmoney_side(struct jsonw *w, const char *k, const char *side_key, int64_t v)
{
	jsonw_kmoney(w, k, v < 0 ? -v : v);
	if (side_key)
		jsonw_kstr(w, side_key, v < 0 ? "credit" : v > 0 ? "debit" : NULL);
}

void bill_row_json(struct jsonw *w, const struct bill_row *b)
{
	jsonw_obj(w);
	jsonw_kstr(w, "ref", b->ref);
	jsonw_kstr(w, "type", b->advance ? "advance" : "new");
	jsonw_kstr(w, "date", b->date);
	jsonw_kstr(w, "due_date", b->due_date[0] ? b->due_date : NULL);
	kmoney_side(w, "amount", "side", b->amount);
	kmoney_side(w, "settled", NULL, b->settled);
	kmoney_side(w, "pending", "pending_side", b->pending);
	jsonw_ki64(w, "voucher_id", b->voucher_id);
	jsonw_obj_end(w);
}
