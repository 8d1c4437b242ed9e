/* vouchers.c - the eight voucher types: validation, GST per line, round-off, postings, gap-free
 * numbering per type per financial year, alteration as a new version, cancellation, edit log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/clock.h"
#include "lib/date.h"
#include "accounts/accounts.h"
#include "audit/audit.h"
#include "lib/india.h"
#include "inventory/inventory.h"
#include "lib/money.h"
#include "lib/text.h"
#include "books/books.h"
#include "lib/banned.h"

static const struct {
	const char *name, *prefix;
} types[VT_MAX] = {
	[VT_JOURNAL] = {"journal", "JRN"}, [VT_SALES] = {"sales", "SAL"}, [VT_PURCHASE] = {"purchase", "PUR"},
	[VT_RECEIPT] = {"receipt", "RCT"}, [VT_PAYMENT] = {"payment", "PMT"}, [VT_CONTRA] = {"contra", "CTR"},
	[VT_CREDIT_NOTE] = {"credit_note", "CRN"}, [VT_DEBIT_NOTE] = {"debit_note", "DBN"},
};

const char *voucher_type_name(enum voucher_type t) { return (unsigned)t < VT_MAX ? types[t].name : "?"; }

void voucher_number_format(char out[40], enum voucher_type t, int64_t fy, int64_t seq)
{
	int width = 4;
	char *p = out;
	int64_t y = fy % 100, y2 = (fy + 1) % 100;
	if (seq < 0)
		seq = 0;
	for (int64_t v = seq; v >= 10000 && width < 19; v /= 10)
		width++;
	memcpy(p, (unsigned)t < VT_MAX ? types[t].prefix : "???", 3);
	p[3] = '/';
	p[4] = (char)('0' + y / 10);
	p[5] = (char)('0' + y % 10);
	p[6] = '-';
	p[7] = (char)('0' + y2 / 10);
	p[8] = (char)('0' + y2 % 10);
	p[9] = '/';
	for (int i = width - 1; i >= 0; i--, seq /= 10)
		p[10 + i] = (char)('0' + seq % 10);
	p[10 + width] = '\0';
}

int voucher_type_parse(const char *s, enum voucher_type *ret)
{
	for (int i = 0; i < VT_MAX; i++) {
		if (s && strcmp(s, types[i].name) == 0) {
			*ret = (enum voucher_type)i;
			return 0;
		}
	}
	return -1;
}

int voucher_type_has_items(enum voucher_type t)
{
	return t == VT_SALES || t == VT_PURCHASE || t == VT_CREDIT_NOTE || t == VT_DEBIT_NOTE;
}

struct voucher *voucher_new(void) { return calloc(1, sizeof(struct voucher)); }

void voucher_free(struct voucher *v)
{
	if (!v)
		return;
	free(v->lines);
	free(v->items);
	free(v);
}

struct voucher_line *voucher_add_line(struct voucher *v)
{
	struct voucher_line *p;
	if (v->nlines >= VOUCHER_MAX_LINES)
		return NULL;
	p = realloc(v->lines, (size_t)(v->nlines + 1) * sizeof *p);
	if (!p)
		return NULL;
	v->lines = p;
	memset(&p[v->nlines], 0, sizeof *p);
	return &p[v->nlines++];
}

struct voucher_item *voucher_add_item(struct voucher *v)
{
	struct voucher_item *p;
	if (v->nitems >= VOUCHER_MAX_LINES)
		return NULL;
	p = realloc(v->items, (size_t)(v->nitems + 1) * sizeof *p);
	if (!p)
		return NULL;
	v->items = p;
	memset(&p[v->nitems], 0, sizeof *p);
	return &p[v->nitems++];
}

/* Adds amount to ledger's line, merging with an existing line of the same ledger and bill. */
static int post(struct voucher *v, int64_t ledger, int64_t amount, struct err *e)
{
	struct voucher_line *l;
	if (amount == 0)
		return 0;
	for (int i = 0; i < v->nlines; i++) {
		if (v->lines[i].ledger_id == ledger && !v->lines[i].bill_type[0]) {
			if (__builtin_add_overflow(v->lines[i].amount, amount, &v->lines[i].amount))
				return err_set(e, ERR_INVALID, "items", "amounts are too large");
			return 0;
		}
	}
	l = voucher_add_line(v);
	if (!l)
		return err_set(e, ERR_INVALID, "lines", "too many lines (at most %d)", VOUCHER_MAX_LINES);
	l->ledger_id = ledger;
	l->amount = amount;
	return 0;
}

struct ctx {
	struct books books;        /* the company's state code is books.state_code */
	int64_t terms_days;
};

/* Kind of a ledger of the company: 0, LEDGER_MISSING, LEDGER_ARCHIVED, or <0 on a database error. */
enum { LEDGER_MISSING = 1, LEDGER_ARCHIVED = 2 };
static int ledger_kind(struct db *db, int64_t cid, int64_t id, char *kind, size_t cap, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT kind, archived FROM ledgers WHERE company_id = ? AND id = ?", e);
	int rc, archived = 0;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		text_copy(kind, cap, db_col_text(st, 0));
		archived = (int)db_col_i64(st, 1);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE)
		return LEDGER_MISSING;
	return archived ? LEDGER_ARCHIVED : 0;
}

static int load_ctx(struct db *db, int64_t cid, struct ctx *c, struct err *e)
{
	memset(c, 0, sizeof *c);
	return books_get(db, cid, &c->books, e);
}

/* Party of the voucher: its ledger, GSTIN, state and payment terms. */
static int load_party(struct db *db, int64_t cid, struct voucher *v, struct ctx *c, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT p.name, coalesce(p.gstin, ''), coalesce(p.state_code, ''), p.payment_terms_days, "
					    "p.archived, l.id FROM parties p JOIN ledgers l ON l.party_id = p.id AND l.company_id = p.company_id "
					    "WHERE p.company_id = ? AND p.id = ?", e);
	char state[3] = "";
	int rc, archived = 0;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, v->party_id);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		text_copy(v->party_name, sizeof v->party_name, db_col_text(st, 0));
		text_copy(v->party_gstin, sizeof v->party_gstin, db_col_text(st, 1));
		text_copy(state, sizeof state, db_col_text(st, 2));
		c->terms_days = db_col_i64(st, 3);
		archived = (int)db_col_i64(st, 4);
		v->party_ledger_id = db_col_i64(st, 5);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE)
		return err_set(e, ERR_INVALID, "party_id", "no party %lld in this company", (long long)v->party_id);
	if (archived)
		return err_set(e, ERR_UNPROCESSABLE, "party_id", "party %lld is archived", (long long)v->party_id);
	if (!v->place_of_supply[0])
		text_copy(v->place_of_supply, sizeof v->place_of_supply, state[0] ? state : c->books.state_code);
	return 0;
}

static int rate_ok(int64_t bp)
{
	return bp == 0 || bp == 25 || bp == 300 || bp == 500 || bp == 1200 || bp == 1800 || bp == 2800;
}

/* Items -> taxable value and tax per line, totals, round-off, and the postings. */
static int compute_items(struct db *db, int64_t cid, struct voucher *v, const struct ctx *c, struct err *e)
{
	int intra, outward = v->type == VT_SALES || v->type == VT_CREDIT_NOTE;
	/* Sign of the goods/tax postings: sales credit them, purchases debit them; returns reverse. */
	int sign = (v->type == VT_SALES || v->type == VT_DEBIT_NOTE) ? -1 : 1;
	int64_t tax_ledger[3], default_ledger, round_ledger, party_ledger, total, rounded;
	char f[48];
	int rc;

	if (v->nitems == 0)
		return err_set(e, ERR_INVALID, "items", "a %s voucher needs at least one item line", voucher_type_name(v->type));
	if (!v->place_of_supply[0])
		text_copy(v->place_of_supply, sizeof v->place_of_supply, c->books.state_code);
	if (v->place_of_supply[0] && !india_state_name(v->place_of_supply))
		return err_set(e, ERR_INVALID, "place_of_supply", "place_of_supply must be a GST state code");
	if (v->place_of_supply[0] && !c->books.state_code[0])
		return err_set(e, ERR_UNPROCESSABLE, "place_of_supply", "set the company's GSTIN or state before GST invoices");
	intra = !v->place_of_supply[0] || strcmp(v->place_of_supply, c->books.state_code) == 0;

	if ((rc = ledger_of_kind(db, cid, outward ? "sales" : "purchase", &default_ledger, e)) < 0 ||
	    (rc = ledger_of_kind(db, cid, outward ? "out_cgst" : "in_cgst", &tax_ledger[0], e)) < 0 ||
	    (rc = ledger_of_kind(db, cid, outward ? "out_sgst" : "in_sgst", &tax_ledger[1], e)) < 0 ||
	    (rc = ledger_of_kind(db, cid, outward ? "out_igst" : "in_igst", &tax_ledger[2], e)) < 0 ||
	    (rc = ledger_of_kind(db, cid, "round_off", &round_ledger, e)) < 0)
		return rc;
	if (v->party_id)
		party_ledger = v->party_ledger_id;
	else if ((rc = ledger_of_kind(db, cid, "cash", &party_ledger, e)) < 0)
		return rc;

	v->taxable = v->cgst = v->sgst = v->igst = 0;
	free(v->lines);
	v->lines = NULL;
	v->nlines = 0;
	for (int i = 0; i < v->nitems; i++) {
		struct voucher_item *it = &v->items[i];
		int64_t gross;
		char kind[16];
		if (!it->description[0])
			snprintf(it->description, sizeof it->description, "%s", "Item");
		if (it->qty <= 0) {
			snprintf(f, sizeof f, "items[%d].qty", i);
			return err_set(e, ERR_INVALID, f, "quantity must be more than zero");
		}
		if (it->rate < 0) {
			snprintf(f, sizeof f, "items[%d].rate", i);
			return err_set(e, ERR_INVALID, f, "rate cannot be negative");
		}
		if (!rate_ok(it->gst_rate)) {
			snprintf(f, sizeof f, "items[%d].gst_rate", i);
			return err_set(e, ERR_INVALID, f, "GST rate must be 0, 0.25, 3, 5, 12, 18 or 28");
		}
		if (it->batch[0] && !it->item_id) {
			snprintf(f, sizeof f, "items[%d].batch", i);
			return err_set(e, ERR_INVALID, f, "only a line of a stock item carries a batch");
		}
		if (it->batch[0] && (text_utf8_invalid_at(it->batch, strlen(it->batch)) >= 0 || text_has_controls(it->batch))) {
			snprintf(f, sizeof f, "items[%d].batch", i);
			return err_set(e, ERR_INVALID, f, "batch must be plain text");
		}
		if (it->expiry[0] && (!it->batch[0] || !date_iso_ok(it->expiry))) {
			snprintf(f, sizeof f, "items[%d].expiry", i);
			return err_set(e, ERR_INVALID, f, it->batch[0] ? "expiry must be a real date YYYY-MM-DD" : "an expiry belongs to a batch: give the batch too");
		}
		if (money_muldiv(it->qty, it->rate, 1000, MONEY_ROUND_HALF_UP, &gross) < 0) {
			snprintf(f, sizeof f, "items[%d].rate", i);
			return err_set(e, ERR_INVALID, f, "amount is too large");
		}
		if (it->discount < 0 || it->discount > gross) {
			snprintf(f, sizeof f, "items[%d].discount", i);
			return err_set(e, ERR_INVALID, f, "discount must be between 0 and the line amount");
		}
		it->taxable = gross - it->discount;
		it->cgst = it->sgst = it->igst = 0;
		if (intra) {
			if (money_muldiv(it->taxable, it->gst_rate, 20000, MONEY_ROUND_HALF_UP, &it->cgst) < 0)
				return err_set(e, ERR_INVALID, "items", "amounts are too large");
			it->sgst = it->cgst;
		} else if (money_muldiv(it->taxable, it->gst_rate, 10000, MONEY_ROUND_HALF_UP, &it->igst) < 0) {
			return err_set(e, ERR_INVALID, "items", "amounts are too large");
		}
		if (it->hsn[0]) {
			size_t n = strlen(it->hsn);
			int digits = 1;
			for (size_t k = 0; k < n; k++)
				digits &= it->hsn[k] >= '0' && it->hsn[k] <= '9';
			if (!digits || (n != 4 && n != 6 && n != 8)) {
				snprintf(f, sizeof f, "items[%d].hsn", i);
				return err_set(e, ERR_INVALID, f, "HSN/SAC must be 4, 6 or 8 digits");
			}
		}
		if (!it->ledger_id) {
			it->ledger_id = default_ledger;
		} else {
			rc = ledger_kind(db, cid, it->ledger_id, kind, sizeof kind, e);
			if (rc < 0)
				return rc;
			if (rc) {
				snprintf(f, sizeof f, "items[%d].ledger_id", i);
				return err_set(e, ERR_INVALID, f, "ledger %lld %s", (long long)it->ledger_id,
					       rc == LEDGER_MISSING ? "is not in this company" : "is archived");
			}
		}
		if (__builtin_add_overflow(v->taxable, it->taxable, &v->taxable) ||
		    __builtin_add_overflow(v->cgst, it->cgst, &v->cgst) || __builtin_add_overflow(v->sgst, it->sgst, &v->sgst) ||
		    __builtin_add_overflow(v->igst, it->igst, &v->igst))
			return err_set(e, ERR_INVALID, "items", "amounts are too large");
		if ((rc = post(v, it->ledger_id, sign * it->taxable, e)) < 0)
			return rc;
	}
	if ((rc = post(v, tax_ledger[0], sign * v->cgst, e)) < 0 || (rc = post(v, tax_ledger[1], sign * v->sgst, e)) < 0 ||
	    (rc = post(v, tax_ledger[2], sign * v->igst, e)) < 0)
		return rc;
	total = v->taxable + v->cgst + v->sgst + v->igst;
	if (money_muldiv(total, 1, 100, MONEY_ROUND_HALF_UP, &rounded) < 0)
		return err_set(e, ERR_INVALID, "items", "amounts are too large");
	rounded *= 100;
	v->round_off = rounded - total;
	v->total = rounded;
	if ((rc = post(v, round_ledger, sign * v->round_off, e)) < 0)
		return rc;
	{
		struct voucher_line *pl = voucher_add_line(v);
		if (!pl)
			return err_set(e, ERR_INVALID, "items", "too many lines");
		pl->ledger_id = party_ledger;
		pl->amount = -sign * rounded;
		if (v->party_id && (v->type == VT_SALES || v->type == VT_PURCHASE)) {
			snprintf(pl->bill_type, sizeof pl->bill_type, "new");
			(void)date_iso_add(v->date, c->terms_days, pl->due_date);
		} else if (v->party_id && v->reference[0]) {
			snprintf(pl->bill_type, sizeof pl->bill_type, "against");
			text_copy(pl->bill_ref, sizeof pl->bill_ref, v->reference);
		}
	}
	return 0;
}

/* Explicit lines (journal, receipt, payment, contra): ledgers exist, amounts balance. */
static int check_lines(struct db *db, int64_t cid, struct voucher *v, struct err *e)
{
	int64_t sum = 0;
	int cashbank_dr = 0, cashbank_cr = 0;
	char f[48], kind[16];
	int rc;

	if (v->nlines < 2)
		return err_set(e, ERR_INVALID, "lines", "a voucher needs at least two lines");
	for (int i = 0; i < v->nlines; i++) {
		struct voucher_line *l = &v->lines[i];
		snprintf(f, sizeof f, "lines[%d].ledger_id", i);
		rc = ledger_kind(db, cid, l->ledger_id, kind, sizeof kind, e);
		if (rc < 0)
			return rc;
		if (rc == LEDGER_MISSING)
			return err_set(e, ERR_INVALID, f, "ledger %lld is not in this company", (long long)l->ledger_id);
		if (rc == LEDGER_ARCHIVED)
			return err_set(e, ERR_INVALID, f, "ledger %lld is archived", (long long)l->ledger_id);
		if (l->amount == 0) {
			snprintf(f, sizeof f, "lines[%d].amount", i);
			return err_set(e, ERR_INVALID, f, "a line needs a debit or a credit amount");
		}
		if (__builtin_add_overflow(sum, l->amount, &sum))
			return err_set(e, ERR_INVALID, "lines", "amounts are too large");
		if (strcmp(kind, "cash") == 0 || strcmp(kind, "bank") == 0) {
			if (l->amount > 0)
				cashbank_dr = 1;
			else
				cashbank_cr = 1;
		} else if (v->type == VT_CONTRA) {
			return err_set(e, ERR_UNPROCESSABLE, f, "a contra voucher moves money only between cash and bank ledgers");
		}
		if (l->bill_ref[0] && !l->bill_type[0])
			snprintf(l->bill_type, sizeof l->bill_type, "against");
		if (l->bill_type[0] && strcmp(l->bill_type, "new") != 0 && strcmp(l->bill_type, "against") != 0) {
			snprintf(f, sizeof f, "lines[%d].bill_type", i);
			return err_set(e, ERR_INVALID, f, "bill_type must be new or against");
		}
		if (l->bill_type[0] && !l->bill_ref[0]) {
			snprintf(f, sizeof f, "lines[%d].bill_ref", i);
			return err_set(e, ERR_INVALID, f, "a bill-wise line needs bill_ref");
		}
	}
	if (sum != 0) {
		char d[40];
		money_format(sum < 0 ? -sum : sum, d, sizeof d);
		err_set(e, ERR_UNPROCESSABLE, "lines", "the voucher does not balance: %s exceed %s by %s",
			sum > 0 ? "debits" : "credits", sum > 0 ? "credits" : "debits", d);
		e->aux = sum;
		return ERR_UNPROCESSABLE;
	}
	if (v->type == VT_RECEIPT && !cashbank_dr)
		return err_set(e, ERR_UNPROCESSABLE, "lines", "a receipt must debit a cash or bank ledger");
	if (v->type == VT_PAYMENT && !cashbank_cr)
		return err_set(e, ERR_UNPROCESSABLE, "lines", "a payment must credit a cash or bank ledger");
	v->total = 0;
	for (int i = 0; i < v->nlines; i++)
		if (v->lines[i].amount > 0)
			v->total += v->lines[i].amount;
	return 0;
}

/* Ledger names for the lines, so previews, answers and the edit log read as a person would. */
static int line_names(struct db *db, int64_t cid, struct voucher *v, struct err *e)
{
	for (int i = 0; i < v->nlines; i++) {
		struct db_stmt *st = db_prepare(db, "SELECT name FROM ledgers WHERE company_id = ? AND id = ?", e);
		int rc;
		if (!st)
			return e->code;
		db_bind_i64(st, 1, cid);
		db_bind_i64(st, 2, v->lines[i].ledger_id);
		rc = db_step(st, e);
		if (rc == DB_ROW)
			text_copy(v->lines[i].ledger_name, sizeof v->lines[i].ledger_name, db_col_text(st, 0));
		db_done(st);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* An item line that names an inventory item takes the item's description, HSN and unit when
 * the line leaves them out. */
static int item_defaults(struct db *db, int64_t cid, struct voucher *v, struct err *e)
{
	for (int i = 0; i < v->nitems; i++) {
		struct voucher_item *it = &v->items[i];
		struct db_stmt *st;
		int rc;
		if (!it->item_id || (it->description[0] && it->hsn[0] && it->unit[0]))
			continue;
		st = db_prepare(db, "SELECT i.name, coalesce(i.hsn, ''), u.symbol FROM items i JOIN units u ON u.id = i.unit_id "
				    "WHERE i.company_id = ? AND i.id = ?", e);
		if (!st)
			return e->code;
		db_bind_i64(st, 1, cid);
		db_bind_i64(st, 2, it->item_id);
		rc = db_step(st, e);
		if (rc == DB_ROW) {
			if (!it->description[0])
				text_copy(it->description, sizeof it->description, db_col_text(st, 0));
			if (!it->hsn[0])
				text_copy(it->hsn, sizeof it->hsn, db_col_text(st, 1));
			if (!it->unit[0])
				text_copy(it->unit, sizeof it->unit, db_col_text(st, 2));
		}
		db_done(st);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int text_field(const char *s, size_t max_chars, const char *field, struct err *e)
{
	size_t n = strlen(s);
	if (text_utf8_invalid_at(s, n) >= 0)
		return err_set(e, ERR_INVALID, field, "%s is not valid UTF-8", field);
	if (text_utf8_chars(s, n) > max_chars)
		return err_set(e, ERR_INVALID, field, "%s is longer than %zu characters", field, max_chars);
	return 0;
}

int voucher_prepare(struct db *db, int64_t cid, struct voucher *v, struct err *e)
{
	struct ctx c;
	int rc;

	if ((unsigned)v->type >= VT_MAX)
		return err_set(e, ERR_INVALID, "type", "unknown voucher type");
	if (!date_iso_ok(v->date))
		return err_set(e, ERR_INVALID, "date", "date must be a real date YYYY-MM-DD");
	if ((rc = text_field(v->narration, 500, "narration", e)) < 0 || (rc = text_field(v->reference, 60, "reference", e)) < 0)
		return rc;
	if ((rc = load_ctx(db, cid, &c, e)) < 0)
		return rc;
	if ((rc = books_check_open(&c.books, v->date, "date", e)) < 0)
		return rc;
	v->party_ledger_id = 0;
	v->party_name[0] = v->party_gstin[0] = '\0';
	if (v->party_id && (rc = load_party(db, cid, v, &c, e)) < 0)
		return rc;
	v->taxable = v->cgst = v->sgst = v->igst = v->round_off = 0;
	if (voucher_type_has_items(v->type)) {
		if ((rc = item_defaults(db, cid, v, e)) < 0 || (rc = compute_items(db, cid, v, &c, e)) < 0)
			return rc;
	} else if (v->nitems) {
		return err_set(e, ERR_INVALID, "items", "a %s voucher has ledger lines, not items", voucher_type_name(v->type));
	} else if ((rc = check_lines(db, cid, v, e)) < 0) {
		return rc;
	}
	return line_names(db, cid, v, e);
}

static int snapshot(const struct voucher *v, struct buf *out, struct err *e)
{
	struct jsonw w;
	jsonw_init(&w, out);
	voucher_json(&w, v);
	return jsonw_ok(&w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
}

static int write_version(struct db *db, int64_t cid, int64_t actor, const struct voucher *v, const char *action,
			 const char *data, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO voucher_versions(company_id, voucher_id, version, action, at, user_id, data) "
					    "VALUES (?, ?, ?, ?, ?, ?, ?)", e);
	char now[32];
	int rc;
	if (!st)
		return e->code;
	clock_now_iso(now);
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, v->id);
	db_bind_i64(st, 3, v->version);
	db_bind_text(st, 4, action);
	db_bind_text(st, 5, now);
	db_bind_i64(st, 6, actor);
	db_bind_text(st, 7, data);
	rc = db_step(st, e);
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* ---- the stock a voucher moves, told to inventory in its own terms ---- */

static int has_stock(const struct voucher *v)
{
	for (int i = 0; i < v->nitems; i++)
		if (v->items[i].item_id)
			return 1;
	return 0;
}

/* Sales and debit notes (returns to a vendor) take stock out; purchases and credit notes (returns
 * from a customer) bring it in. Purchases come in at their taxable value (GST is input credit, not
 * cost); sales returns come back at the current cost. */
static int stock_post(struct db *db, int64_t cid, const struct voucher *v, struct err *e)
{
	struct stock_doc d;
	struct stock_doc_line *lines;
	int rc;

	if (!has_stock(v))
		return 0;
	lines = calloc((size_t)v->nitems, sizeof *lines);
	if (!lines)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	memset(&d, 0, sizeof d);
	d.voucher_id = v->id;
	d.source = voucher_type_name(v->type);
	d.date = v->date;
	d.outward = v->type == VT_SALES || v->type == VT_DEBIT_NOTE;
	d.list = "items";
	d.lines = lines;
	for (int i = 0; i < v->nitems; i++) {
		const struct voucher_item *it = &v->items[i];
		struct stock_doc_line *l = &lines[d.nlines];
		if (!it->item_id)
			continue;
		l->index = i;
		l->item_id = it->item_id;
		l->godown_id = it->godown_id;
		l->qty = it->qty;
		text_copy(l->unit, sizeof l->unit, it->unit);
		text_copy(l->batch, sizeof l->batch, it->batch);
		text_copy(l->expiry, sizeof l->expiry, it->expiry);
		l->value = v->type == VT_PURCHASE ? it->taxable : -1;
		d.nlines++;
	}
	rc = inventory_post_doc(db, cid, &d, e);
	free(lines);
	return rc;
}

static int stock_reverse(struct db *db, int64_t cid, const struct voucher *v, struct err *e)
{
	return has_stock(v) ? inventory_reverse_voucher(db, cid, v->id, e) : 0;
}

/* Writes the lines and items of v (already numbered and with an id) and their balances. */
static int write_body(struct db *db, int64_t cid, struct voucher *v, struct err *e)
{
	int rc;
	for (int i = 0; i < v->nlines; i++) {
		struct voucher_line *l = &v->lines[i];
		struct db_stmt *st = db_prepare(db, "INSERT INTO voucher_lines(voucher_id, line_no, company_id, ledger_id, date, amount, "
						    "bill_ref, bill_type, due_date, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)", e);
		if (!st)
			return e->code;
		if (strcmp(l->bill_type, "new") == 0 && !l->bill_ref[0])
			text_copy(l->bill_ref, sizeof l->bill_ref, v->number);
		db_bind_i64(st, 1, v->id);
		db_bind_i64(st, 2, i + 1);
		db_bind_i64(st, 3, cid);
		db_bind_i64(st, 4, l->ledger_id);
		db_bind_text(st, 5, v->date);
		db_bind_i64(st, 6, l->amount);
		db_bind_text(st, 7, l->bill_ref[0] ? l->bill_ref : NULL);
		db_bind_text(st, 8, l->bill_type[0] ? l->bill_type : NULL);
		db_bind_text(st, 9, l->due_date[0] ? l->due_date : NULL);
		rc = db_step(st, e);
		db_done(st);
		if (rc < 0)
			return rc;
		if ((rc = balances_apply(db, cid, l->ledger_id, v->date, l->amount, 1, e)) < 0)
			return rc;
	}
	for (int i = 0; i < v->nitems; i++) {
		struct voucher_item *it = &v->items[i];
		struct db_stmt *st = db_prepare(db, "INSERT INTO voucher_items(voucher_id, line_no, company_id, description, hsn, item_id, "
						    "godown_id, qty, unit, rate, discount, taxable, gst_rate, cgst, sgst, igst, ledger_id, batch, expiry) "
						    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
		if (!st)
			return e->code;
		db_bind_i64(st, 1, v->id);
		db_bind_i64(st, 2, i + 1);
		db_bind_i64(st, 3, cid);
		db_bind_text(st, 4, it->description);
		db_bind_text(st, 5, it->hsn[0] ? it->hsn : NULL);
		if (it->item_id)
			db_bind_i64(st, 6, it->item_id);
		else
			db_bind_null(st, 6);
		if (it->godown_id)
			db_bind_i64(st, 7, it->godown_id);
		else
			db_bind_null(st, 7);
		db_bind_i64(st, 8, it->qty);
		db_bind_text(st, 9, it->unit[0] ? it->unit : NULL);
		db_bind_i64(st, 10, it->rate);
		db_bind_i64(st, 11, it->discount);
		db_bind_i64(st, 12, it->taxable);
		db_bind_i64(st, 13, it->gst_rate);
		db_bind_i64(st, 14, it->cgst);
		db_bind_i64(st, 15, it->sgst);
		db_bind_i64(st, 16, it->igst);
		db_bind_i64(st, 17, it->ledger_id);
		db_bind_text(st, 18, it->batch[0] ? it->batch : NULL);
		db_bind_text(st, 19, it->expiry[0] ? it->expiry : NULL);
		rc = db_step(st, e);
		db_done(st);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Removes the lines and items of voucher id and takes their effect off the balances. */
static int remove_body(struct db *db, int64_t cid, int64_t id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT ledger_id, date, amount FROM voucher_lines WHERE voucher_id = ? AND active = 1", e);
	struct { int64_t ledger, amount; char date[11]; } *rows = NULL, *p;
	size_t n = 0, cap = 0;
	int rc;

	if (!st)
		return e->code;
	db_bind_i64(st, 1, id);
	while ((rc = db_step(st, e)) == DB_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			p = realloc(rows, cap * sizeof *rows);
			if (!p) {
				rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
				break;
			}
			rows = p;
		}
		rows[n].ledger = db_col_i64(st, 0);
		text_copy(rows[n].date, sizeof rows[n].date, db_col_text(st, 1));
		rows[n].amount = db_col_i64(st, 2);
		n++;
	}
	db_done(st);
	for (size_t i = 0; rc >= 0 && i < n; i++)
		rc = balances_apply(db, cid, rows[i].ledger, rows[i].date, rows[i].amount, -1, e);
	free(rows);
	return rc < 0 ? rc : 0;
}

static int delete_body(struct db *db, int64_t id, struct err *e)
{
	static const char *const sql[] = {"DELETE FROM voucher_lines WHERE voucher_id = ?", "DELETE FROM voucher_items WHERE voucher_id = ?"};
	for (int i = 0; i < 2; i++) {
		struct db_stmt *st = db_prepare(db, sql[i], e);
		int rc;
		if (!st)
			return e->code;
		db_bind_i64(st, 1, id);
		rc = db_step(st, e);
		db_done(st);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int voucher_post(struct db *db, int64_t cid, int64_t actor, struct voucher *v, struct err *e)
{
	struct db_stmt *st;
	struct buf snap = BUF_INIT;
	int rc;

	if ((rc = voucher_prepare(db, cid, v, e)) < 0)
		return rc;
	v->fy = date_iso_fy(v->date);
	/* The series row is created on first use; the UPDATE takes its lock (PostgreSQL) so two
	 * postings never take one number, and a rolled-back posting gives its number back. */
	st = db_prepare(db, "INSERT INTO voucher_series(company_id, type, fy, next_seq) VALUES (?, ?, ?, 1) "
			    "ON CONFLICT (company_id, type, fy) DO NOTHING", e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, voucher_type_name(v->type));
	db_bind_i64(st, 3, v->fy);
	rc = db_step(st, e);
	db_done(st);
	if (rc < 0)
		return rc;
	st = db_prepare(db, "UPDATE voucher_series SET next_seq = next_seq + 1 WHERE company_id = ? AND type = ? AND fy = ? "
			    "RETURNING next_seq - 1", e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, voucher_type_name(v->type));
	db_bind_i64(st, 3, v->fy);
	rc = db_step(st, e);
	if (rc == DB_ROW)
		v->seq = db_col_i64(st, 0);
	while (rc == DB_ROW)
		rc = db_step(st, e);
	db_done(st);
	if (rc < 0)
		return rc;
	voucher_number_format(v->number, v->type, v->fy, v->seq);
	clock_now_iso(v->created_at);
	memcpy(v->updated_at, v->created_at, sizeof v->updated_at);
	v->version = 1;
	snprintf(v->status, sizeof v->status, "active");

	st = db_prepare(db, "INSERT INTO vouchers(company_id, type, fy, seq, number, date, party_id, party_ledger_id, narration, "
			    "reference, place_of_supply, party_gstin, taxable, cgst, sgst, igst, round_off, total, status, version, "
			    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', 1, ?, ?) RETURNING id", e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, voucher_type_name(v->type));
	db_bind_i64(st, 3, v->fy);
	db_bind_i64(st, 4, v->seq);
	db_bind_text(st, 5, v->number);
	db_bind_text(st, 6, v->date);
	if (v->party_id) {
		db_bind_i64(st, 7, v->party_id);
		db_bind_i64(st, 8, v->party_ledger_id);
	} else {
		db_bind_null(st, 7);
		db_bind_null(st, 8);
	}
	db_bind_text(st, 9, v->narration[0] ? v->narration : NULL);
	db_bind_text(st, 10, v->reference[0] ? v->reference : NULL);
	db_bind_text(st, 11, v->place_of_supply[0] ? v->place_of_supply : NULL);
	db_bind_text(st, 12, v->party_gstin[0] ? v->party_gstin : NULL);
	db_bind_i64(st, 13, v->taxable);
	db_bind_i64(st, 14, v->cgst);
	db_bind_i64(st, 15, v->sgst);
	db_bind_i64(st, 16, v->igst);
	db_bind_i64(st, 17, v->round_off);
	db_bind_i64(st, 18, v->total);
	db_bind_text(st, 19, v->created_at);
	db_bind_text(st, 20, v->updated_at);
	rc = db_step(st, e);
	if (rc == DB_ROW)
		v->id = db_col_i64(st, 0);
	while (rc == DB_ROW)
		rc = db_step(st, e);
	db_done(st);
	if (rc < 0)
		return rc;
	if ((rc = write_body(db, cid, v, e)) < 0 || (rc = stock_post(db, cid, v, e)) < 0)
		return rc;
	if ((rc = snapshot(v, &snap, e)) < 0)
		goto out;
	if ((rc = write_version(db, cid, actor, v, "create", buf_str(&snap), e)) < 0)
		goto out;
	rc = audit_append(db, cid, actor, "voucher", v->id, "create", NULL, buf_str(&snap), e);
out:
	buf_free(&snap);
	return rc;
}

/* Loads the stored voucher id (any status). */
int voucher_get(struct db *db, int64_t cid, int64_t id, struct voucher **ret, struct err *e)
{
	struct voucher *v = voucher_new();
	struct db_stmt *st;
	int rc;

	if (!v)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	st = db_prepare(db, "SELECT v.id, v.type, v.fy, v.seq, v.number, v.date, coalesce(v.party_id, 0), coalesce(v.party_ledger_id, 0), "
			    "coalesce(p.name, ''), coalesce(v.party_gstin, ''), coalesce(v.narration, ''), coalesce(v.reference, ''), "
			    "coalesce(v.place_of_supply, ''), v.taxable, v.cgst, v.sgst, v.igst, v.round_off, v.total, v.status, v.version, "
			    "v.created_at, v.updated_at FROM vouchers v LEFT JOIN parties p ON p.id = v.party_id "
			    "WHERE v.company_id = ? AND v.id = ?", e);
	if (!st) {
		voucher_free(v);
		return e->code;
	}
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		v->id = db_col_i64(st, 0);
		if (voucher_type_parse(db_col_text(st, 1), &v->type) < 0)
			v->type = VT_JOURNAL;
		v->fy = db_col_i64(st, 2);
		v->seq = db_col_i64(st, 3);
		text_copy(v->number, sizeof v->number, db_col_text(st, 4));
		text_copy(v->date, sizeof v->date, db_col_text(st, 5));
		v->party_id = db_col_i64(st, 6);
		v->party_ledger_id = db_col_i64(st, 7);
		text_copy(v->party_name, sizeof v->party_name, db_col_text(st, 8));
		text_copy(v->party_gstin, sizeof v->party_gstin, db_col_text(st, 9));
		text_copy(v->narration, sizeof v->narration, db_col_text(st, 10));
		text_copy(v->reference, sizeof v->reference, db_col_text(st, 11));
		text_copy(v->place_of_supply, sizeof v->place_of_supply, db_col_text(st, 12));
		v->taxable = db_col_i64(st, 13);
		v->cgst = db_col_i64(st, 14);
		v->sgst = db_col_i64(st, 15);
		v->igst = db_col_i64(st, 16);
		v->round_off = db_col_i64(st, 17);
		v->total = db_col_i64(st, 18);
		text_copy(v->status, sizeof v->status, db_col_text(st, 19));
		v->version = db_col_i64(st, 20);
		text_copy(v->created_at, sizeof v->created_at, db_col_text(st, 21));
		text_copy(v->updated_at, sizeof v->updated_at, db_col_text(st, 22));
	}
	db_done(st);
	if (rc < 0 || rc == DB_DONE) {
		voucher_free(v);
		return rc < 0 ? rc : err_set(e, ERR_NOT_FOUND, "id", "no voucher %lld in this company", (long long)id);
	}
	st = db_prepare(db, "SELECT vl.ledger_id, vl.amount, coalesce(vl.bill_ref, ''), coalesce(vl.bill_type, ''), "
			    "coalesce(vl.due_date, ''), l.name FROM voucher_lines vl JOIN ledgers l ON l.id = vl.ledger_id "
			    "WHERE vl.voucher_id = ? ORDER BY vl.line_no", e);
	if (!st) {
		voucher_free(v);
		return e->code;
	}
	db_bind_i64(st, 1, id);
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct voucher_line *l = voucher_add_line(v);
		if (!l) {
			rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
			break;
		}
		l->ledger_id = db_col_i64(st, 0);
		l->amount = db_col_i64(st, 1);
		text_copy(l->bill_ref, sizeof l->bill_ref, db_col_text(st, 2));
		text_copy(l->bill_type, sizeof l->bill_type, db_col_text(st, 3));
		text_copy(l->due_date, sizeof l->due_date, db_col_text(st, 4));
		text_copy(l->ledger_name, sizeof l->ledger_name, db_col_text(st, 5));
	}
	db_done(st);
	if (rc < 0) {
		voucher_free(v);
		return rc;
	}
	st = db_prepare(db, "SELECT description, coalesce(hsn, ''), coalesce(item_id, 0), coalesce(godown_id, 0), qty, coalesce(unit, ''), "
			    "rate, discount, taxable, gst_rate, cgst, sgst, igst, ledger_id, coalesce(batch, ''), coalesce(expiry, '') "
			    "FROM voucher_items WHERE voucher_id = ? ORDER BY line_no", e);
	if (!st) {
		voucher_free(v);
		return e->code;
	}
	db_bind_i64(st, 1, id);
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct voucher_item *it = voucher_add_item(v);
		if (!it) {
			rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
			break;
		}
		text_copy(it->description, sizeof it->description, db_col_text(st, 0));
		text_copy(it->hsn, sizeof it->hsn, db_col_text(st, 1));
		it->item_id = db_col_i64(st, 2);
		it->godown_id = db_col_i64(st, 3);
		it->qty = db_col_i64(st, 4);
		text_copy(it->unit, sizeof it->unit, db_col_text(st, 5));
		it->rate = db_col_i64(st, 6);
		it->discount = db_col_i64(st, 7);
		it->taxable = db_col_i64(st, 8);
		it->gst_rate = db_col_i64(st, 9);
		it->cgst = db_col_i64(st, 10);
		it->sgst = db_col_i64(st, 11);
		it->igst = db_col_i64(st, 12);
		it->ledger_id = db_col_i64(st, 13);
		text_copy(it->batch, sizeof it->batch, db_col_text(st, 14));
		text_copy(it->expiry, sizeof it->expiry, db_col_text(st, 15));
	}
	db_done(st);
	if (rc < 0) {
		voucher_free(v);
		return rc;
	}
	*ret = v;
	return 0;
}

/* Checks that voucher `cur` may change now: active, at `version`, its date in an open period. */
static int may_change(struct db *db, int64_t cid, const struct voucher *cur, int64_t version, struct err *e)
{
	struct ctx c;
	int rc;
	if (strcmp(cur->status, "active") != 0)
		return err_set(e, ERR_CONFLICT, "status", "voucher %s is cancelled", cur->number);
	if (cur->version != version)
		return err_set(e, ERR_STALE, "version", "someone else changed voucher %s (now version %lld); reload it",
			       cur->number, (long long)cur->version);
	if ((rc = load_ctx(db, cid, &c, e)) < 0)
		return rc;
	return books_check_open(&c.books, cur->date, "date", e);
}

/* Fills the version-1 snapshot of a bulk-imported voucher the first time it changes. */
static int backfill_first(struct db *db, int64_t cid, const struct voucher *cur, struct err *e)
{
	struct buf snap = BUF_INIT;
	struct db_stmt *st;
	int rc = snapshot(cur, &snap, e);
	if (rc < 0)
		return rc;
	st = db_prepare(db, "UPDATE voucher_versions SET data = ? WHERE company_id = ? AND voucher_id = ? AND version = ? AND data IS NULL", e);
	if (!st) {
		buf_free(&snap);
		return e->code;
	}
	db_bind_text(st, 1, buf_str(&snap));
	db_bind_i64(st, 2, cid);
	db_bind_i64(st, 3, cur->id);
	db_bind_i64(st, 4, cur->version);
	rc = db_step(st, e);
	db_done(st);
	buf_free(&snap);
	return rc < 0 ? rc : 0;
}

static int update_head(struct db *db, int64_t cid, const struct voucher *v, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "UPDATE vouchers SET date = ?, party_id = ?, party_ledger_id = ?, narration = ?, reference = ?, "
					    "place_of_supply = ?, party_gstin = ?, taxable = ?, cgst = ?, sgst = ?, igst = ?, round_off = ?, "
					    "total = ?, status = ?, version = ?, updated_at = ? WHERE company_id = ? AND id = ?", e);
	int rc;
	if (!st)
		return e->code;
	db_bind_text(st, 1, v->date);
	if (v->party_id) {
		db_bind_i64(st, 2, v->party_id);
		db_bind_i64(st, 3, v->party_ledger_id);
	} else {
		db_bind_null(st, 2);
		db_bind_null(st, 3);
	}
	db_bind_text(st, 4, v->narration[0] ? v->narration : NULL);
	db_bind_text(st, 5, v->reference[0] ? v->reference : NULL);
	db_bind_text(st, 6, v->place_of_supply[0] ? v->place_of_supply : NULL);
	db_bind_text(st, 7, v->party_gstin[0] ? v->party_gstin : NULL);
	db_bind_i64(st, 8, v->taxable);
	db_bind_i64(st, 9, v->cgst);
	db_bind_i64(st, 10, v->sgst);
	db_bind_i64(st, 11, v->igst);
	db_bind_i64(st, 12, v->round_off);
	db_bind_i64(st, 13, v->total);
	db_bind_text(st, 14, v->status);
	db_bind_i64(st, 15, v->version);
	db_bind_text(st, 16, v->updated_at);
	db_bind_i64(st, 17, cid);
	db_bind_i64(st, 18, v->id);
	rc = db_step(st, e);
	db_done(st);
	return rc < 0 ? rc : 0;
}

int voucher_alter(struct db *db, int64_t cid, int64_t actor, int64_t id, int64_t version,
		  struct voucher *v, struct err *e)
{
	struct voucher *cur = NULL;
	struct buf before = BUF_INIT, after = BUF_INIT;
	int rc;

	if ((rc = voucher_get(db, cid, id, &cur, e)) < 0)
		return rc;
	if ((rc = may_change(db, cid, cur, version, e)) < 0)
		goto out;
	if (v->type != cur->type) {
		rc = err_set(e, ERR_UNPROCESSABLE, "type", "an alteration keeps the voucher type (%s)", voucher_type_name(cur->type));
		goto out;
	}
	if ((rc = voucher_prepare(db, cid, v, e)) < 0)
		goto out;
	if (date_iso_fy(v->date) != cur->fy) {
		rc = err_set(e, ERR_UNPROCESSABLE, "date", "an alteration cannot move %s to another financial year; cancel it and enter a new voucher",
			     cur->number);
		goto out;
	}
	if ((rc = backfill_first(db, cid, cur, e)) < 0 || (rc = snapshot(cur, &before, e)) < 0)
		goto out;
	if ((rc = stock_reverse(db, cid, cur, e)) < 0 || (rc = remove_body(db, cid, id, e)) < 0 ||
	    (rc = delete_body(db, id, e)) < 0)
		goto out;
	v->id = id;
	v->fy = cur->fy;
	v->seq = cur->seq;
	text_copy(v->number, sizeof v->number, cur->number);
	text_copy(v->created_at, sizeof v->created_at, cur->created_at);
	clock_now_iso(v->updated_at);
	snprintf(v->status, sizeof v->status, "active");
	v->version = cur->version + 1;
	if ((rc = write_body(db, cid, v, e)) < 0 || (rc = update_head(db, cid, v, e)) < 0 ||
	    (rc = stock_post(db, cid, v, e)) < 0)
		goto out;
	if ((rc = snapshot(v, &after, e)) < 0 || (rc = write_version(db, cid, actor, v, "alter", buf_str(&after), e)) < 0)
		goto out;
	rc = audit_append(db, cid, actor, "voucher", id, "alter", buf_str(&before), buf_str(&after), e);
out:
	voucher_free(cur);
	buf_free(&before);
	buf_free(&after);
	return rc;
}

int voucher_cancel(struct db *db, int64_t cid, int64_t actor, int64_t id, int64_t version,
		   struct voucher **ret, struct err *e)
{
	struct voucher *cur = NULL;
	struct buf before = BUF_INIT, after = BUF_INIT;
	struct db_stmt *st;
	int rc;

	if ((rc = voucher_get(db, cid, id, &cur, e)) < 0)
		return rc;
	if ((rc = may_change(db, cid, cur, version, e)) < 0)
		goto out;
	if ((rc = backfill_first(db, cid, cur, e)) < 0 || (rc = snapshot(cur, &before, e)) < 0)
		goto out;
	if ((rc = stock_reverse(db, cid, cur, e)) < 0 || (rc = remove_body(db, cid, id, e)) < 0)
		goto out;
	st = db_prepare(db, "UPDATE voucher_lines SET active = 0 WHERE voucher_id = ?", e);
	if (!st) {
		rc = e->code;
		goto out;
	}
	db_bind_i64(st, 1, id);
	rc = db_step(st, e);
	db_done(st);
	if (rc < 0)
		goto out;
	snprintf(cur->status, sizeof cur->status, "cancelled");
	cur->version++;
	clock_now_iso(cur->updated_at);
	if ((rc = update_head(db, cid, cur, e)) < 0)
		goto out;
	if ((rc = snapshot(cur, &after, e)) < 0 || (rc = write_version(db, cid, actor, cur, "cancel", buf_str(&after), e)) < 0)
		goto out;
	if ((rc = audit_append(db, cid, actor, "voucher", id, "cancel", buf_str(&before), buf_str(&after), e)) < 0)
		goto out;
	*ret = cur;
	cur = NULL;
out:
	voucher_free(cur);
	buf_free(&before);
	buf_free(&after);
	return rc;
}

static void kmoney_or_null(struct jsonw *w, const char *k, int64_t v)
{
	jsonw_key(w, k);
	if (v)
		jsonw_money(w, v);
	else
		jsonw_null(w);
}

void voucher_json(struct jsonw *w, const struct voucher *v)
{
	char q[32];
	jsonw_obj(w);
	jsonw_ki64(w, "id", v->id);
	jsonw_kstr(w, "type", voucher_type_name(v->type));
	jsonw_kstr(w, "number", v->number);
	jsonw_kstr(w, "date", v->date);
	jsonw_key(w, "party_id");
	if (v->party_id)
		jsonw_i64(w, v->party_id);
	else
		jsonw_null(w);
	jsonw_kstr(w, "party_name", v->party_name[0] ? v->party_name : NULL);
	jsonw_kstr(w, "party_gstin", v->party_gstin[0] ? v->party_gstin : NULL);
	jsonw_kstr(w, "narration", v->narration[0] ? v->narration : NULL);
	jsonw_kstr(w, "reference", v->reference[0] ? v->reference : NULL);
	jsonw_kstr(w, "place_of_supply", v->place_of_supply[0] ? v->place_of_supply : NULL);
	jsonw_kmoney(w, "taxable", v->taxable);
	jsonw_kmoney(w, "cgst", v->cgst);
	jsonw_kmoney(w, "sgst", v->sgst);
	jsonw_kmoney(w, "igst", v->igst);
	jsonw_kmoney(w, "round_off", v->round_off);
	jsonw_kmoney(w, "total", v->total);
	jsonw_kstr(w, "status", v->status);
	jsonw_ki64(w, "version", v->version);
	jsonw_kstr(w, "created_at", v->created_at);
	jsonw_kstr(w, "updated_at", v->updated_at);
	jsonw_key(w, "lines");
	jsonw_arr(w);
	for (int i = 0; i < v->nlines; i++) {
		const struct voucher_line *l = &v->lines[i];
		jsonw_obj(w);
		jsonw_ki64(w, "ledger_id", l->ledger_id);
		jsonw_kstr(w, "ledger", l->ledger_name[0] ? l->ledger_name : NULL);
		kmoney_or_null(w, "debit", l->amount > 0 ? l->amount : 0);
		kmoney_or_null(w, "credit", l->amount < 0 ? -l->amount : 0);
		jsonw_kstr(w, "bill_ref", l->bill_ref[0] ? l->bill_ref : NULL);
		jsonw_kstr(w, "bill_type", l->bill_type[0] ? l->bill_type : NULL);
		jsonw_kstr(w, "due_date", l->due_date[0] ? l->due_date : NULL);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_key(w, "items");
	jsonw_arr(w);
	for (int i = 0; i < v->nitems; i++) {
		const struct voucher_item *it = &v->items[i];
		jsonw_obj(w);
		jsonw_kstr(w, "description", it->description);
		jsonw_kstr(w, "hsn", it->hsn[0] ? it->hsn : NULL);
		jsonw_key(w, "item_id");
		if (it->item_id)
			jsonw_i64(w, it->item_id);
		else
			jsonw_null(w);
		jsonw_key(w, "godown_id");
		if (it->godown_id)
			jsonw_i64(w, it->godown_id);
		else
			jsonw_null(w);
		decimal_format(it->qty, 3, q, sizeof q);
		jsonw_kstr(w, "qty", q);
		jsonw_kstr(w, "unit", it->unit[0] ? it->unit : NULL);
		jsonw_kstr(w, "batch", it->batch[0] ? it->batch : NULL);
		jsonw_kstr(w, "expiry", it->expiry[0] ? it->expiry : NULL);
		jsonw_kmoney(w, "rate", it->rate);
		jsonw_kmoney(w, "discount", it->discount);
		jsonw_kmoney(w, "taxable", it->taxable);
		decimal_format(it->gst_rate, 2, q, sizeof q);
		jsonw_kstr(w, "gst_rate", q);
		jsonw_kmoney(w, "cgst", it->cgst);
		jsonw_kmoney(w, "sgst", it->sgst);
		jsonw_kmoney(w, "igst", it->igst);
		jsonw_ki64(w, "ledger_id", it->ledger_id);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_obj_end(w);
}

int voucher_versions_json(struct db *db, int64_t cid, int64_t id, struct buf *out, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT vv.version, vv.action, vv.at, vv.user_id, coalesce(u.username, 'system'), vv.data "
					    "FROM voucher_versions vv LEFT JOIN users u ON u.id = vv.user_id "
					    "WHERE vv.company_id = ? AND vv.voucher_id = ? ORDER BY vv.version", e);
	struct jsonw w;
	int rc, n = 0;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	jsonw_init(&w, out);
	jsonw_arr(&w);
	while ((rc = db_step(st, e)) == DB_ROW) {
		n++;
		jsonw_obj(&w);
		jsonw_ki64(&w, "version", db_col_i64(st, 0));
		jsonw_kstr(&w, "action", db_col_text(st, 1));
		jsonw_kstr(&w, "at", db_col_text(st, 2));
		jsonw_ki64(&w, "user_id", db_col_i64(st, 3));
		jsonw_kstr(&w, "user", db_col_text(st, 4));
		jsonw_key(&w, "data");
		if (db_col_null(st, 5))
			jsonw_null(&w);
		else
			jsonw_raw(&w, db_col_text(st, 5));
		jsonw_obj_end(&w);
	}
	db_done(st);
	jsonw_arr_end(&w);
	if (rc < 0)
		return rc;
	if (n == 0)
		return err_set(e, ERR_NOT_FOUND, "id", "no voucher %lld in this company", (long long)id);
	return jsonw_ok(&w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
}

int voucher_list_json(struct db *db, int64_t cid, const char *type, const char *from, const char *to,
		      int64_t party_id, int64_t before_id, int limit, struct buf *out, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT v.id, v.type, v.number, v.date, coalesce(p.name, ''), v.total, v.status, "
					    "coalesce(v.narration, ''), v.version FROM vouchers v LEFT JOIN parties p ON p.id = v.party_id "
					    "WHERE v.company_id = ? AND (? = '' OR v.type = ?) AND (? = '' OR v.date >= ?) AND (? = '' OR v.date <= ?) "
					    "AND (? = 0 OR v.party_id = ?) AND (? = 0 OR v.id < ?) ORDER BY v.id DESC LIMIT ?", e);
	struct jsonw w;
	int rc, n = 0;
	int64_t last = 0;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, type ? type : "");
	db_bind_text(st, 3, type ? type : "");
	db_bind_text(st, 4, from ? from : "");
	db_bind_text(st, 5, from ? from : "");
	db_bind_text(st, 6, to ? to : "");
	db_bind_text(st, 7, to ? to : "");
	db_bind_i64(st, 8, party_id);
	db_bind_i64(st, 9, party_id);
	db_bind_i64(st, 10, before_id);
	db_bind_i64(st, 11, before_id);
	db_bind_i64(st, 12, limit + 1);
	jsonw_init(&w, out);
	jsonw_obj(&w);
	jsonw_key(&w, "items");
	jsonw_arr(&w);
	while ((rc = db_step(st, e)) == DB_ROW) {
		if (n == limit)
			break;
		n++;
		last = db_col_i64(st, 0);
		jsonw_obj(&w);
		jsonw_ki64(&w, "id", last);
		jsonw_kstr(&w, "type", db_col_text(st, 1));
		jsonw_kstr(&w, "number", db_col_text(st, 2));
		jsonw_kstr(&w, "date", db_col_text(st, 3));
		jsonw_kstr(&w, "party_name", *db_col_text(st, 4) ? db_col_text(st, 4) : NULL);
		jsonw_kmoney(&w, "total", db_col_i64(st, 5));
		jsonw_kstr(&w, "status", db_col_text(st, 6));
		jsonw_kstr(&w, "narration", *db_col_text(st, 7) ? db_col_text(st, 7) : NULL);
		jsonw_ki64(&w, "version", db_col_i64(st, 8));
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	jsonw_key(&w, "next");
	if (rc == DB_ROW) {
		char cur[24];
		snprintf(cur, sizeof cur, "%lld", (long long)last);
		jsonw_str(&w, cur);
	} else {
		jsonw_null(&w);
	}
	db_done(st);
	jsonw_obj_end(&w);
	if (rc < 0)
		return rc;
	return jsonw_ok(&w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
}
