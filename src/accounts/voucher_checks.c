/* voucher_checks.c - what a person is warned of while entering a voucher (bills.h): a sale with no
 * party, a credit limit passed, cash of one person in a day past what the Income Tax Act allows
 * (section 269ST for receipts of 2,00,000 or more, 40A(3) for payments of more than 10,000), item
 * lines with no HSN or at 0 % with no reason, a supplier's invoice number entered twice. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/bills.h"
#include "lib/money.h"
#include "lib/text.h"
#include "lib/banned.h"

#define CASH_RECEIPT_LIMIT 20000000   /* 269ST: two lakh rupees or more */
#define CASH_PAYMENT_LIMIT 1000000    /* 40A(3): more than ten thousand rupees */

enum {
	SQL_LEDGER, SQL_OWN_LINES, SQL_CASH_IN_DAY, SQL_CASH_OUT_DAY, SQL_DUPLICATE,
	SQL_MAX
};

static const char *const sql[SQL_MAX] = {
	[SQL_LEDGER] = "SELECT kind, coalesce(party_id, 0), name FROM ledgers WHERE company_id = ? AND id = ?",
	[SQL_OWN_LINES] = "SELECT coalesce(sum(amount), 0) FROM voucher_lines WHERE company_id = ? AND voucher_id = ? "
			  "AND ledger_id = ? AND active = 1",
	/* What a party's ledger was credited on a day by other vouchers that took cash in. */
	[SQL_CASH_IN_DAY] = "SELECT coalesce(sum(-vl.amount), 0) FROM voucher_lines vl WHERE vl.company_id = ? AND vl.ledger_id = ? "
			    "AND vl.date = ? AND vl.active = 1 AND vl.amount < 0 AND vl.voucher_id <> ? AND EXISTS (SELECT 1 "
			    "FROM voucher_lines c JOIN ledgers cl ON cl.id = c.ledger_id WHERE c.voucher_id = vl.voucher_id "
			    "AND c.active = 1 AND c.amount > 0 AND cl.kind = 'cash')",
	[SQL_CASH_OUT_DAY] = "SELECT coalesce(sum(vl.amount), 0) FROM voucher_lines vl WHERE vl.company_id = ? AND vl.ledger_id = ? "
			     "AND vl.date = ? AND vl.active = 1 AND vl.amount > 0 AND vl.voucher_id <> ? AND EXISTS (SELECT 1 "
			     "FROM voucher_lines c JOIN ledgers cl ON cl.id = c.ledger_id WHERE c.voucher_id = vl.voucher_id "
			     "AND c.active = 1 AND c.amount < 0 AND cl.kind = 'cash')",
	[SQL_DUPLICATE] = "SELECT number FROM vouchers WHERE company_id = ? AND type = 'purchase' AND party_id = ? AND reference = ? "
			  "AND status = 'active' AND id <> ? ORDER BY id LIMIT 1",
};

static const char *const warning_names[VW_MAX] = {
	"cash_sale", "credit_limit", "cash_269st", "cash_40a3", "hsn_missing", "gst_reason_missing", "duplicate_supplier_invoice",
};

const char *const gst_reason_names[] = {"nil_rated", "exempt", "non_gst", NULL};

const char *voucher_warning_name(enum voucher_warning_code c) { return (unsigned)c < VW_MAX ? warning_names[c] : NULL; }

int voucher_warning_parse(const char *s, enum voucher_warning_code *ret)
{
	for (int i = 0; i < VW_MAX; i++)
		if (strcmp(s, warning_names[i]) == 0) {
			*ret = (enum voucher_warning_code)i;
			return 0;
		}
	return -1;
}

int voucher_gst_reasons_check(const struct voucher *v, struct err *e)
{
	for (int i = 0; i < v->nitems; i++) {
		const struct voucher_item *it = &v->items[i];
		int known = 0;
		char f[48];
		if (!it->gst_reason[0])
			continue;
		for (int k = 0; gst_reason_names[k]; k++)
			known |= strcmp(it->gst_reason, gst_reason_names[k]) == 0;
		snprintf(f, sizeof f, "items[%d].gst_reason", i);
		if (!known)
			return err_set(e, ERR_INVALID, f, "gst_reason must be nil_rated, exempt or non_gst");
		if (it->gst_rate != 0) {
			err_set(e, ERR_UNPROCESSABLE, f, "a reason for no GST belongs to a line at 0 %%");
			return err_reason(e, "gst_reason_with_rate");
		}
	}
	return 0;
}

static struct voucher_warning *warn(struct voucher_warnings *out, enum voucher_warning_code c, const char *field)
{
	struct voucher_warning *w;
	for (int i = 0; i < out->n; i++)
		if (out->w[i].code == c)
			return NULL; /* one of each */
	w = &out->w[out->n++];
	memset(w, 0, sizeof *w);
	w->code = c;
	text_copy(w->field, sizeof w->field, field);
	return w;
}

static void rupees(int64_t paise, char *out, size_t cap) { money_format_indian(paise, out, cap); }

/* The lines of v on each ledger: one per ledger, its kind and party. */
struct on_ledger {
	int64_t ledger, party, amount;
	char kind[16];
	char name[201];
};

static int ledgers_of(struct db *db, int64_t cid, const struct voucher *v, struct on_ledger *rows, int *ret_n, struct err *e)
{
	int n = 0;
	for (int i = 0; i < v->nlines; i++) {
		const struct voucher_line *l = &v->lines[i];
		struct db_stmt *st;
		int k, rc;
		for (k = 0; k < n && rows[k].ledger != l->ledger_id; k++)
			;
		if (k == n) {
			memset(&rows[n], 0, sizeof rows[n]);
			rows[n].ledger = l->ledger_id;
			if ((rc = db_one(db, sql[SQL_LEDGER], DB_ARGS(DB_I64(cid), DB_I64(l->ledger_id)), &st, e)) < 0)
				return rc;
			if (rc == DB_ROW) {
				text_copy(rows[n].kind, sizeof rows[n].kind, db_col_text(st, 0));
				rows[n].party = db_col_i64(st, 1);
				text_copy(rows[n].name, sizeof rows[n].name, db_col_text(st, 2));
				db_done(st);
			}
			n++;
		}
		if (__builtin_add_overflow(rows[k].amount, l->amount, &rows[k].amount))
			return err_setr(e, ERR_INVALID, "lines", "too_large", "amounts are too large");
	}
	*ret_n = n;
	return 0;
}

/* A party's ledger that this voucher debits: its credit limit. */
static int credit_limit(struct db *db, int64_t cid, const struct voucher *v, const struct on_ledger *r,
			struct voucher_warnings *out, struct err *e)
{
	struct party_account a;
	struct voucher_warning *w;
	int64_t own = 0, before, after;
	char lim[MONEY_STR_MAX], aft[MONEY_STR_MAX];
	int rc;
	if (r->amount <= 0 || !r->party)
		return 0;
	if ((rc = party_account_get(db, cid, r->party, 0, &a, e)) < 0)
		return rc;
	if (!a.credit_limit)
		return 0;
	if (v->id && (rc = db_i64(db, sql[SQL_OWN_LINES], DB_ARGS(DB_I64(cid), DB_I64(v->id), DB_I64(r->ledger)), &own, e)) < 0)
		return rc;
	if (__builtin_sub_overflow(a.balance, own, &before) || __builtin_add_overflow(before, r->amount, &after))
		return err_setr(e, ERR_INVALID, "lines", "too_large", "amounts are too large");
	if (after <= a.credit_limit || !(w = warn(out, VW_CREDIT_LIMIT, "party_id")))
		return 0;
	w->limit = a.credit_limit;
	w->balance = before;
	w->amount = r->amount;
	w->after = after;
	text_copy(w->party, sizeof w->party, a.name);
	rupees(a.credit_limit, lim, sizeof lim);
	rupees(after, aft, sizeof aft);
	snprintf(w->message, sizeof w->message, "%s's credit limit is ₹%s; with this voucher they owe ₹%s", a.name, lim, aft);
	return 0;
}

/* Cash with one person in a day: receipts (269ST) and payments (40A(3)). The persons are the
 * party ledgers on the other side of the cash; a voucher with none is its own person. */
static int cash_day(struct db *db, int64_t cid, const struct voucher *v, const struct on_ledger *rows, int n,
		    struct voucher_warnings *out, struct err *e)
{
	int64_t in = 0, outgo = 0;
	int persons_in = 0, persons_out = 0, rc;
	for (int k = 0; k < n; k++) {
		if (strcmp(rows[k].kind, "cash") != 0)
			continue;
		if (rows[k].amount > 0 ? __builtin_add_overflow(in, rows[k].amount, &in) :
		    __builtin_sub_overflow(outgo, rows[k].amount, &outgo))
			return err_setr(e, ERR_INVALID, "lines", "too_large", "amounts are too large");
	}
	for (int k = 0; k < n && (in || outgo); k++) {
		const struct on_ledger *r = &rows[k];
		int receipt = r->amount < 0 && in, payment = r->amount > 0 && outgo;
		int64_t mine, other = 0, day;
		struct voucher_warning *w;
		char amt[MONEY_STR_MAX];
		if (!r->party || (!receipt && !payment))
			continue;
		persons_in += receipt;
		persons_out += payment;
		mine = receipt ? (-r->amount < in ? -r->amount : in) : (r->amount < outgo ? r->amount : outgo);
		if ((rc = db_i64(db, sql[receipt ? SQL_CASH_IN_DAY : SQL_CASH_OUT_DAY],
				 DB_ARGS(DB_I64(cid), DB_I64(r->ledger), DB_TEXT(v->date), DB_I64(v->id)), &other, e)) < 0)
			return rc;
		if (__builtin_add_overflow(mine, other, &day))
			return err_setr(e, ERR_INVALID, "lines", "too_large", "amounts are too large");
		if ((receipt ? day < CASH_RECEIPT_LIMIT : day <= CASH_PAYMENT_LIMIT) ||
		    !(w = warn(out, receipt ? VW_CASH_269ST : VW_CASH_40A3, "lines")))
			continue;
		w->amount = mine;
		w->total = day;
		text_copy(w->party, sizeof w->party, r->name);
		text_copy(w->section, sizeof w->section, receipt ? "269ST" : "40A(3)");
		rupees(day, amt, sizeof amt);
		snprintf(w->message, sizeof w->message, receipt ?
			 "₹%s in cash from %s on this day: section 269ST forbids taking ₹2,00,000 or more in cash from one person in a day" :
			 "₹%s in cash to %s on this day: section 40A(3) disallows expenses paid in cash of more than ₹10,000 to one person in a day",
			 amt, r->name);
	}
	if ((in >= CASH_RECEIPT_LIMIT && !persons_in) || (outgo > CASH_PAYMENT_LIMIT && !persons_out &&
							  (v->type == VT_PAYMENT || v->type == VT_PURCHASE))) {
		int receipt = in >= CASH_RECEIPT_LIMIT && !persons_in;
		struct voucher_warning *w = warn(out, receipt ? VW_CASH_269ST : VW_CASH_40A3, "lines");
		char amt[MONEY_STR_MAX];
		if (!w)
			return 0;
		w->amount = w->total = receipt ? in : outgo;
		text_copy(w->section, sizeof w->section, receipt ? "269ST" : "40A(3)");
		rupees(w->total, amt, sizeof amt);
		snprintf(w->message, sizeof w->message, receipt ?
			 "₹%s in cash in one voucher: section 269ST forbids taking ₹2,00,000 or more in cash from one person in a day" :
			 "₹%s paid in cash in one voucher: section 40A(3) disallows cash expenses of more than ₹10,000 to one person in a day",
			 amt);
	}
	return 0;
}

/* Item lines: no HSN/SAC; at 0 % with no reason. */
static void item_lines(const struct voucher *v, struct voucher_warnings *out)
{
	int64_t no_hsn = 0, no_reason = 0;
	int first_hsn = -1, first_reason = -1;
	char f[48];
	struct voucher_warning *w;
	for (int i = 0; i < v->nitems; i++) {
		if (!v->items[i].hsn[0] && no_hsn++ == 0)
			first_hsn = i;
		if (v->items[i].gst_rate == 0 && !v->items[i].gst_reason[0] && no_reason++ == 0)
			first_reason = i;
	}
	if (no_hsn) {
		snprintf(f, sizeof f, "items[%d].hsn", first_hsn);
		if ((w = warn(out, VW_HSN_MISSING, f))) {
			w->count = no_hsn;
			snprintf(w->message, sizeof w->message, "%lld item line(s) have no HSN/SAC code", (long long)no_hsn);
		}
	}
	if (no_reason) {
		snprintf(f, sizeof f, "items[%d].gst_reason", first_reason);
		if ((w = warn(out, VW_GST_REASON, f))) {
			w->count = no_reason;
			snprintf(w->message, sizeof w->message,
				 "%lld item line(s) at 0 %% GST say not why: nil-rated, exempt or non-GST", (long long)no_reason);
		}
	}
}

static int duplicate_bill(struct db *db, int64_t cid, const struct voucher *v, struct voucher_warnings *out, struct err *e)
{
	char number[40] = "";
	struct voucher_warning *w;
	int rc;
	if (v->type != VT_PURCHASE || !v->party_id || !v->reference[0])
		return 0;
	rc = db_text(db, sql[SQL_DUPLICATE], DB_ARGS(DB_I64(cid), DB_I64(v->party_id), DB_TEXT(v->reference), DB_I64(v->id)),
		     number, sizeof number, e);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE || !number[0] || !(w = warn(out, VW_DUPLICATE_BILL, "reference")))
		return 0;
	text_copy(w->number, sizeof w->number, number);
	text_copy(w->party, sizeof w->party, v->party_name);
	snprintf(w->message, sizeof w->message, "%s's invoice %s is already entered as %s", v->party_name, v->reference, number);
	return 0;
}

int voucher_warnings(struct db *db, int64_t cid, const struct voucher *v, struct voucher_warnings *out, struct err *e)
{
	struct on_ledger *rows = NULL;
	int n = 0, rc;
	memset(out, 0, sizeof *out);
	if (v->type == VT_SALES && !v->party_id) {
		struct voucher_warning *w = warn(out, VW_CASH_SALE, "party_id");
		char amt[MONEY_STR_MAX];
		w->total = v->total;
		rupees(v->total, amt, sizeof amt);
		snprintf(w->message, sizeof w->message, "no party: this is a cash sale of ₹%s; pick the party for a sale on credit", amt);
	}
	if (!(rows = calloc((size_t)v->nlines + 1, sizeof *rows)))
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	if ((rc = ledgers_of(db, cid, v, rows, &n, e)) >= 0) {
		for (int k = 0; k < n && rc >= 0; k++)
			rc = credit_limit(db, cid, v, &rows[k], out, e);
		if (rc >= 0)
			rc = cash_day(db, cid, v, rows, n, out, e);
	}
	free(rows);
	if (rc < 0)
		return rc;
	item_lines(v, out);
	return duplicate_bill(db, cid, v, out, e);
}

int voucher_warnings_confirmed(const struct voucher_warnings *out, unsigned confirmed, struct err *e)
{
	char codes[200] = "";
	size_t len = 0;
	for (int i = 0; i < out->n; i++) {
		const char *name = voucher_warning_name(out->w[i].code);
		if (confirmed & (1u << out->w[i].code))
			continue;
		len += (size_t)snprintf(codes + len, len < sizeof codes ? sizeof codes - len : 0, "%s%s", len ? "," : "", name);
		if (len >= sizeof codes)
			len = sizeof codes - 1;
	}
	if (!codes[0])
		return 0;
	err_set(e, ERR_UNPROCESSABLE, "confirm", "confirm the warnings first: %s", codes);
	err_reason(e, "unconfirmed_warnings");
	return err_detail_text(e, "warnings", codes);
}

void voucher_warnings_json(struct jsonw *w, const struct voucher_warnings *out)
{
	jsonw_arr(w);
	for (int i = 0; i < out->n; i++) {
		const struct voucher_warning *x = &out->w[i];
		jsonw_obj(w);
		jsonw_kstr(w, "code", voucher_warning_name(x->code));
		jsonw_kstr(w, "field", x->field);
		jsonw_kstr(w, "message", x->message);
		switch (x->code) {
		case VW_CASH_SALE:
			jsonw_kmoney(w, "total", x->total);
			break;
		case VW_CREDIT_LIMIT:
			jsonw_kstr(w, "party", x->party);
			jsonw_kmoney(w, "limit", x->limit);
			jsonw_kmoney(w, "balance", x->balance);
			jsonw_kmoney(w, "amount", x->amount);
			jsonw_kmoney(w, "after", x->after);
			break;
		case VW_CASH_269ST:
		case VW_CASH_40A3:
			jsonw_kstr(w, "party", x->party[0] ? x->party : NULL);
			jsonw_kstr(w, "section", x->section);
			jsonw_kmoney(w, "amount", x->amount);
			jsonw_kmoney(w, "total", x->total);
			break;
		case VW_HSN_MISSING:
		case VW_GST_REASON:
			jsonw_ki64(w, "count", x->count);
			break;
		default:
			jsonw_kstr(w, "party", x->party);
			jsonw_kstr(w, "number", x->number);
			break;
		}
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
}
