/* vouchers.c - a voucher from entry to the books: validation and postings (the GST arithmetic is
 * gst.c's, what differs between types voucher_types.c's), gap-free numbering per type per
 * financial year, alteration as a new version, cancellation, the edit log and reads; and the
 * translation of a voucher's stock lines into inventory's stock_doc. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "accounts/bills.h"
#include "accounts/gst.h"
#include "accounts/vouchers_int.h"
#include "audit/audit.h"
#include "books/books.h"
#include "inventory/inventory.h"
#include "lib/clock.h"
#include "lib/date.h"
#include "lib/india.h"
#include "lib/money.h"
#include "lib/qty.h"
#include "lib/text.h"
#include "lib/banned.h"

#define HEAD_COLS VOUCHER_HEAD_COLS

enum {
	SQL_LEDGER_KIND, SQL_LEDGER_NAME, SQL_PARTY, SQL_ITEM_DEFAULTS, SQL_GODOWN,
	SQL_SERIES_CREATE, SQL_SERIES_NEXT, SQL_INSERT, SQL_UPDATE_HEAD,
	SQL_LINE_INSERT, SQL_ITEM_INSERT, SQL_LINES_ACTIVE, SQL_LINES_DELETE, SQL_ITEMS_DELETE, SQL_LINES_CANCEL,
	SQL_VERSION_INSERT, SQL_VERSION_BACKFILL, SQL_VERSIONS,
	SQL_GET, SQL_GET_LINES, SQL_GET_ITEMS,
	SQL_MAX
};
static const char *const sql[SQL_MAX] = {
	[SQL_LEDGER_KIND] = "SELECT kind, archived FROM ledgers WHERE company_id = ? AND id = ?",
	[SQL_LEDGER_NAME] = "SELECT name FROM ledgers WHERE company_id = ? AND id = ?",
	[SQL_PARTY] = "SELECT p.name, p.gstin, p.state_code, p.payment_terms_days, p.archived, l.id FROM parties p "
		      "JOIN ledgers l ON l.party_id = p.id AND l.company_id = p.company_id WHERE p.company_id = ? AND p.id = ?",
	[SQL_ITEM_DEFAULTS] = "SELECT i.name, i.hsn, u.symbol FROM items i JOIN units u ON u.company_id = i.company_id AND u.id = i.unit_id "
			      "WHERE i.company_id = ? AND i.id = ?",
	[SQL_GODOWN] = "SELECT 1 FROM godowns WHERE company_id = ? AND id = ?",
	/* The series row is created on first use; the UPDATE takes its lock (PostgreSQL) so two
	 * postings never take one number, and a rolled-back posting gives its number back. */
	[SQL_SERIES_CREATE] = "INSERT INTO voucher_series(company_id, type, fy, next_seq) VALUES (?, ?, ?, 1) "
			      "ON CONFLICT (company_id, type, fy) DO NOTHING",
	[SQL_SERIES_NEXT] = "UPDATE voucher_series SET next_seq = next_seq + 1 WHERE company_id = ? AND type = ? AND fy = ? "
			    "RETURNING next_seq - 1",
	[SQL_INSERT] = "INSERT INTO vouchers(company_id, type, fy, seq, number, date, party_id, party_ledger_id, narration, "
		       "reference, place_of_supply, party_gstin, taxable, cgst, sgst, igst, round_off, total, status, version, "
		       "created_at, updated_at, cess, reverse_charge, supply_type, port_code, shipping_bill_no, shipping_bill_date) "
		       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', 1, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[SQL_UPDATE_HEAD] = "UPDATE vouchers SET date = ?, party_id = ?, party_ledger_id = ?, narration = ?, reference = ?, "
			    "place_of_supply = ?, party_gstin = ?, taxable = ?, cgst = ?, sgst = ?, igst = ?, round_off = ?, "
			    "total = ?, status = ?, version = ?, updated_at = ?, cess = ?, reverse_charge = ?, supply_type = ?, port_code = ?, "
			    "shipping_bill_no = ?, shipping_bill_date = ? WHERE company_id = ? AND id = ?",
	[SQL_LINE_INSERT] = "INSERT INTO voucher_lines(voucher_id, line_no, company_id, ledger_id, date, amount, "
			    "bill_ref, bill_type, due_date, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
	[SQL_ITEM_INSERT] = "INSERT INTO voucher_items(voucher_id, line_no, company_id, description, hsn, item_id, "
			    "godown_id, qty, unit, rate, discount, taxable, gst_rate, cgst, sgst, igst, ledger_id, batch, expiry, gst_reason, "
			    "cess_rate, cess, reverse_charge) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[SQL_LINES_ACTIVE] = "SELECT ledger_id, date, amount FROM voucher_lines WHERE voucher_id = ? AND active = 1",
	[SQL_LINES_DELETE] = "DELETE FROM voucher_lines WHERE voucher_id = ?",
	[SQL_ITEMS_DELETE] = "DELETE FROM voucher_items WHERE voucher_id = ?",
	[SQL_LINES_CANCEL] = "UPDATE voucher_lines SET active = 0 WHERE voucher_id = ?",
	[SQL_VERSION_INSERT] = "INSERT INTO voucher_versions(company_id, voucher_id, version, action, at, user_id, data) "
			       "VALUES (?, ?, ?, ?, ?, ?, ?)",
	/* Bulk imports leave version 1 without its snapshot; the first change fills it in. */
	[SQL_VERSION_BACKFILL] = "UPDATE voucher_versions SET data = ? WHERE company_id = ? AND voucher_id = ? AND version = ? "
				 "AND data IS NULL",
	[SQL_VERSIONS] = "SELECT vv.version, vv.action, vv.at, vv.user_id, coalesce(u.username, 'system'), vv.data "
			 "FROM voucher_versions vv LEFT JOIN users u ON u.id = vv.user_id "
			 "WHERE vv.company_id = ? AND vv.voucher_id = ? ORDER BY vv.version",
	[SQL_GET] = "SELECT " HEAD_COLS " FROM vouchers v LEFT JOIN parties p ON p.id = v.party_id WHERE v.company_id = ? AND v.id = ?",
	[SQL_GET_LINES] = "SELECT " VOUCHER_LINE_COLS " FROM voucher_lines vl JOIN ledgers l ON l.id = vl.ledger_id "
			  "WHERE vl.voucher_id = ? ORDER BY vl.line_no",
	[SQL_GET_ITEMS] = "SELECT " VOUCHER_ITEM_COLS " FROM voucher_items WHERE voucher_id = ? ORDER BY line_no",
};

struct voucher *voucher_new(void) { return calloc(1, sizeof(struct voucher)); }

void voucher_free(struct voucher *v)
{
	if (!v)
		return;
	free(v->lines);
	free(v->items);
	free(v->allocs);
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

/* ---- validation and postings ---- */

/* A sum or product of the voucher past the ceiling of amounts (422, naming the field). */
int voucher_too_large(struct err *e, const char *field) { return money_too_large(e, ERR_UNPROCESSABLE, field); }

/* The member of line i its amount came in: "lines[2].debit" or "lines[2].credit". */
static void side_field(char *out, size_t cap, int i, int64_t amount)
{
	snprintf(out, cap, "lines[%d].%s", i, amount < 0 ? "credit" : "debit");
}

int voucher_too_many_lines(struct err *e, const char *field)
{
	err_set(e, ERR_INVALID, field, "too many lines (at most %d)", VOUCHER_MAX_LINES);
	return err_reason(e, "too_many_lines");
}

/* Adds amount to ledger's line, merging with an existing line of the same ledger and bill. */
int voucher_post_amount(struct voucher *v, int64_t ledger, int64_t amount, struct err *e)
{
	struct voucher_line *l;
	if (amount == 0)
		return 0;
	for (int i = 0; i < v->nlines; i++) {
		if (v->lines[i].ledger_id == ledger && !v->lines[i].bill_type[0]) {
			if (money_add_capped(v->lines[i].amount, amount, &v->lines[i].amount) < 0)
				return voucher_too_large(e, "items");
			return 0;
		}
	}
	l = voucher_add_line(v);
	if (!l)
		return voucher_too_many_lines(e, "lines");
	l->ledger_id = ledger;
	l->amount = amount;
	return 0;
}


/* A ledger named in input field `field`: 0 with its kind, or ERR_INVALID when the company has no
 * such ledger or it is archived. */
int voucher_ledger_usable(struct db *db, int64_t cid, int64_t id, const char *field, char *kind, size_t cap, struct err *e)
{
	struct db_stmt *st;
	int archived, rc = db_one(db, sql[SQL_LEDGER_KIND], DB_ARGS(DB_I64(cid), DB_I64(id)), &st, e);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE) {
		err_set(e, ERR_INVALID, field, "ledger %lld is not in this company", (long long)id);
		return err_reason(e, "unknown_ledger");
	}
	text_copy(kind, cap, db_col_text(st, 0));
	archived = db_col_i64(st, 1) != 0;
	db_done(st);
	if (archived) {
		err_set(e, ERR_INVALID, field, "ledger %lld is archived", (long long)id);
		return err_reason(e, "ledger_archived");
	}
	return 0;
}

/* Party of the voucher: its ledger, GSTIN, state and payment terms. */
static int load_party(struct db *db, int64_t cid, struct voucher *v, struct voucher_ctx *c, struct err *e)
{
	struct db_stmt *st;
	char state[3];
	int archived, rc = db_one(db, sql[SQL_PARTY], DB_ARGS(DB_I64(cid), DB_I64(v->party_id)), &st, e);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE) {
		err_set(e, ERR_INVALID, "party_id", "no party %lld in this company", (long long)v->party_id);
		return err_reason(e, "unknown_party");
	}
	text_copy(v->party_name, sizeof v->party_name, db_col_text(st, 0));
	text_copy(v->party_gstin, sizeof v->party_gstin, db_col_text(st, 1));
	text_copy(state, sizeof state, db_col_text(st, 2));
	c->terms_days = db_col_i64(st, 3);
	archived = db_col_i64(st, 4) != 0;
	v->party_ledger_id = db_col_i64(st, 5);
	db_done(st);
	if (archived) {
		err_set(e, ERR_UNPROCESSABLE, "party_id", "party %lld is archived", (long long)v->party_id);
		return err_reason(e, "party_archived");
	}
	if (!v->place_of_supply[0])
		text_copy(v->place_of_supply, sizeof v->place_of_supply, state[0] ? state : c->books.state_code);
	return 0;
}

/* The refusal of lines that do not balance: which side is larger and by how much. */
static int unbalanced(struct err *e, int64_t sum)
{
	/* sum is the debits less the credits; -INT64_MIN does not fit, and no balance is that far off */
	int64_t d = sum == INT64_MIN ? INT64_MAX : sum < 0 ? -sum : sum;
	const char *side = sum > 0 ? "debit" : "credit";
	char amt[MONEY_STR_MAX];
	money_format(d, amt, sizeof amt);
	err_set(e, ERR_UNPROCESSABLE, "lines", "the voucher does not balance: %s exceed %s by %s",
		sum > 0 ? "debits" : "credits", sum > 0 ? "credits" : "debits", amt);
	err_reason(e, "unbalanced");
	err_detail_money(e, "difference", d);
	return err_detail_text(e, "side", side);
}

/* The bill-by-bill part of a line: a reference with no type settles a bill ("against"). */
static int line_bill(struct voucher_line *l, int i, struct err *e)
{
	char f[48];
	if (l->bill_ref[0] && !l->bill_type[0])
		text_copy(l->bill_type, sizeof l->bill_type, "against");
	if (l->bill_type[0] && strcmp(l->bill_type, "new") != 0 && strcmp(l->bill_type, "against") != 0) {
		snprintf(f, sizeof f, "lines[%d].bill_type", i);
		return err_setr(e, ERR_INVALID, f, "bill_type_choice", "bill_type must be new or against");
	}
	if (l->bill_type[0] && !l->bill_ref[0]) {
		snprintf(f, sizeof f, "lines[%d].bill_ref", i);
		return err_setr(e, ERR_INVALID, f, "bill_ref_required", "a bill-wise line needs bill_ref");
	}
	return 0;
}

/* Explicit lines (journal, receipt, payment, contra): ledgers exist, amounts balance, and cash
 * and bank are used as the type requires. */
static int check_lines(struct db *db, int64_t cid, struct voucher *v, struct err *e)
{
	enum voucher_cash_bank rule = voucher_type_info(v->type)->cash_bank;
	int64_t sum, total = 0, credits = 0;
	int cashbank_dr = 0, cashbank_cr = 0;
	char f[48], kind[16];
	int rc;

	if (v->nlines < 2)
		return err_setr(e, ERR_INVALID, "lines", "two_lines", "a voucher needs at least two lines");
	for (int i = 0; i < v->nlines; i++) {
		struct voucher_line *l = &v->lines[i];
		snprintf(f, sizeof f, "lines[%d].ledger_id", i);
		if ((rc = voucher_ledger_usable(db, cid, l->ledger_id, f, kind, sizeof kind, e)) < 0)
			return rc;
		if (l->amount == 0) {
			snprintf(f, sizeof f, "lines[%d].amount", i);
			return err_setr(e, ERR_INVALID, f, "line_amount", "a line needs a debit or a credit amount");
		}
		/* Each side's total within the ceiling, so debits less credits cannot overflow either. */
		side_field(f, sizeof f, i, l->amount);
		if (!money_fits(l->amount))
			return money_too_large(e, ERR_INVALID, f);
		if (l->amount > 0 ? money_add_capped(total, l->amount, &total) < 0 : money_add_capped(credits, -l->amount, &credits) < 0)
			return voucher_too_large(e, f);
		snprintf(f, sizeof f, "lines[%d].ledger_id", i);
		if (strcmp(kind, "cash") == 0 || strcmp(kind, "bank") == 0) {
			cashbank_dr |= l->amount > 0;
			cashbank_cr |= l->amount < 0;
		} else if (rule == VOUCHER_CB_ONLY) {
			err_set(e, ERR_UNPROCESSABLE, f, "a contra voucher moves money only between cash and bank ledgers");
			return err_reason(e, "contra_only_cash_bank");
		}
		if ((rc = line_bill(l, i, e)) < 0)
			return rc;
	}
	sum = total - credits;
	if (sum != 0)
		return unbalanced(e, sum);
	if (rule == VOUCHER_CB_DEBIT && !cashbank_dr) {
		err_set(e, ERR_UNPROCESSABLE, "lines", "a receipt must debit a cash or bank ledger");
		return err_reason(e, "receipt_needs_cash_bank");
	}
	if (rule == VOUCHER_CB_CREDIT && !cashbank_cr) {
		err_set(e, ERR_UNPROCESSABLE, "lines", "a payment must credit a cash or bank ledger");
		return err_reason(e, "payment_needs_cash_bank");
	}
	v->total = total;
	return 0;
}

/* Ledger names for the lines, so previews, answers and the edit log read as a person would. */
static int line_names(struct db *db, int64_t cid, struct voucher *v, struct err *e)
{
	for (int i = 0; i < v->nlines; i++) {
		struct voucher_line *l = &v->lines[i];
		int rc = db_text(db, sql[SQL_LEDGER_NAME], DB_ARGS(DB_I64(cid), DB_I64(l->ledger_id)), l->ledger_name,
				 sizeof l->ledger_name, e);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* The item and godown an item line names must be the company's (a preview moves no stock, so
 * inventory would never see them): refused as unknown, naming the field, whether the id is
 * another company's or nobody's. A line naming an item takes the item's description, HSN and
 * unit when it leaves them out. */
static int item_refs(struct db *db, int64_t cid, struct voucher *v, struct err *e)
{
	for (int i = 0; i < v->nitems; i++) {
		struct voucher_item *it = &v->items[i];
		struct db_stmt *st;
		char f[48];
		int rc;
		if (it->godown_id) {
			if ((rc = db_exists(db, sql[SQL_GODOWN], DB_ARGS(DB_I64(cid), DB_I64(it->godown_id)), e)) < 0)
				return rc;
			if (!rc) {
				snprintf(f, sizeof f, "items[%d].godown_id", i);
				err_set(e, ERR_INVALID, f, "no godown %lld in this company", (long long)it->godown_id);
				return err_reason(e, "unknown_godown");
			}
		}
		if (!it->item_id)
			continue;
		if ((rc = db_one(db, sql[SQL_ITEM_DEFAULTS], DB_ARGS(DB_I64(cid), DB_I64(it->item_id)), &st, e)) < 0)
			return rc;
		if (rc == DB_DONE) {
			snprintf(f, sizeof f, "items[%d].item_id", i);
			err_set(e, ERR_INVALID, f, "no item %lld in this company", (long long)it->item_id);
			return err_reason(e, "unknown_item");
		}
		if (!it->description[0])
			text_copy(it->description, sizeof it->description, db_col_text(st, 0));
		if (!it->hsn[0])
			text_copy(it->hsn, sizeof it->hsn, db_col_text(st, 1));
		if (!it->unit[0])
			text_copy(it->unit, sizeof it->unit, db_col_text(st, 2));
		db_done(st);
	}
	return 0;
}

static int text_field(const char *s, size_t max_chars, const char *field, struct err *e)
{
	size_t n = strlen(s);
	if (text_utf8_invalid_at(s, n) >= 0)
		return err_setr(e, ERR_INVALID, field, "not_utf8", "%s is not valid UTF-8", field);
	if (text_utf8_chars(s, n) > max_chars) {
		err_setr(e, ERR_INVALID, field, "too_long", "%s is longer than %zu characters", field, max_chars);
		return err_detail_int(e, "max", (int64_t)max_chars);
	}
	return 0;
}

int voucher_prepare(struct db *db, int64_t cid, struct voucher *v, struct err *e)
{
	struct voucher_ctx c;
	int rc;

	if (!voucher_type_info(v->type))
		return err_setr(e, ERR_INVALID, "type", "unknown_voucher_type", "unknown voucher type");
	if (!date_iso_ok(v->date))
		return err_setr(e, ERR_INVALID, "date", "not_date", "date must be a real date YYYY-MM-DD");
	if ((rc = text_field(v->narration, 500, "narration", e)) < 0 || (rc = text_field(v->reference, 60, "reference", e)) < 0)
		return rc;
	memset(&c, 0, sizeof c);
	if ((rc = books_get(db, cid, &c.books, e)) < 0 || (rc = books_check_open(&c.books, v->date, "date", e)) < 0)
		return rc;
	v->party_ledger_id = 0;
	v->party_name[0] = v->party_gstin[0] = '\0';
	if (v->party_id && (rc = load_party(db, cid, v, &c, e)) < 0)
		return rc;
	v->taxable = v->cgst = v->sgst = v->igst = v->cess = v->round_off = 0;
	if (voucher_type_has_items(v->type)) {
		if ((rc = item_refs(db, cid, v, e)) < 0 || (rc = voucher_compute_items(db, cid, v, &c, e)) < 0)
			return rc;
	} else if (v->nitems) {
		return err_setr(e, ERR_INVALID, "items", "items_not_here", "a %s voucher has ledger lines, not items", voucher_type_name(v->type));
	} else if ((rc = check_lines(db, cid, v, e)) < 0) {
		return rc;
	}
	if ((rc = voucher_gst_reasons_check(v, e)) < 0 || (rc = bills_prepare(db, cid, v, e)) < 0)
		return rc;
	return line_names(db, cid, v, e);
}

/* ---- writing ---- */

static int snapshot(const struct voucher *v, struct buf *out, struct err *e)
{
	struct jsonw w;
	jsonw_init(&w, out);
	voucher_json(&w, v);
	return jsonw_ok(&w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
}

/* The edit log's row and the audit record of a change to v; before is the snapshot it replaced. */
static int record(struct db *db, int64_t cid, int64_t actor, const struct voucher *v, const char *action,
		  const char *before, struct err *e)
{
	struct buf after = BUF_INIT;
	char now[32];
	int rc;
	clock_now_iso(now);
	if ((rc = snapshot(v, &after, e)) >= 0 &&
	    (rc = db_run(db, sql[SQL_VERSION_INSERT],
			 DB_ARGS(DB_I64(cid), DB_I64(v->id), DB_I64(v->version), DB_TEXT(action), DB_TEXT(now), DB_I64(actor),
				 DB_TEXT(buf_str(&after))), e)) >= 0)
		rc = audit_append(db, cid, actor, "voucher", v->id, action, before, buf_str(&after), e);
	buf_free(&after);
	return rc < 0 ? rc : 0;
}

/* Writes the lines and items of v (already numbered and with an id) and their balances. */
static int write_body(struct db *db, int64_t cid, struct voucher *v, struct err *e)
{
	int rc;
	for (int i = 0; i < v->nlines; i++) {
		struct voucher_line *l = &v->lines[i];
		if (strcmp(l->bill_type, "new") == 0 && !l->bill_ref[0])
			text_copy(l->bill_ref, sizeof l->bill_ref, v->number);
		if ((rc = db_run(db, sql[SQL_LINE_INSERT],
				 DB_ARGS(DB_I64(v->id), DB_I64(i + 1), DB_I64(cid), DB_I64(l->ledger_id), DB_TEXT(v->date),
					 DB_I64(l->amount), DB_TEXT_OR_NULL(l->bill_ref), DB_TEXT_OR_NULL(l->bill_type),
					 DB_TEXT_OR_NULL(l->due_date)), e)) < 0)
			return rc;
		if ((rc = balances_apply(db, cid, l->ledger_id, v->date, l->amount, 1, e)) < 0) {
			/* the ledger's day or month would pass the ceiling: the line that takes it there */
			if (e->code == ERR_UNPROCESSABLE && !e->field[0])
				side_field(e->field, sizeof e->field, i, l->amount);
			return rc;
		}
	}
	for (int i = 0; i < v->nitems; i++) {
		struct voucher_item *it = &v->items[i];
		if ((rc = db_run(db, sql[SQL_ITEM_INSERT],
				 DB_ARGS(DB_I64(v->id), DB_I64(i + 1), DB_I64(cid), DB_TEXT(it->description), DB_TEXT_OR_NULL(it->hsn),
					 DB_I64_OR_NULL(it->item_id), DB_I64_OR_NULL(it->godown_id), DB_I64(it->qty),
					 DB_TEXT_OR_NULL(it->unit), DB_I64(it->rate), DB_I64(it->discount), DB_I64(it->taxable),
					 DB_I64(it->gst_rate), DB_I64(it->cgst), DB_I64(it->sgst), DB_I64(it->igst),
					 DB_I64(it->ledger_id), DB_TEXT_OR_NULL(it->batch), DB_TEXT_OR_NULL(it->expiry),
					 DB_TEXT_OR_NULL(it->gst_reason), DB_I64(it->cess_rate), DB_I64(it->cess),
					 DB_I64(it->reverse_charge ? 1 : 0)), e)) < 0)
			return rc;
	}
	return 0;
}

/* The effect of a posted line, read before it is taken off the balances. */
struct posted {
	int64_t ledger, amount;
	char date[DATE_ISO_SIZE];
};
struct posted_list {
	struct posted *rows;
	size_t n, cap;
};

static int posted_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct posted_list *p = ctx;
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		struct posted *rows = realloc(p->rows, cap * sizeof *rows);
		if (!rows)
			return err_set(e, ERR_INTERNAL, NULL, "out of memory");
		p->rows = rows;
		p->cap = cap;
	}
	p->rows[p->n].ledger = db_col_i64(st, 0);
	text_copy(p->rows[p->n].date, sizeof p->rows[p->n].date, db_col_text(st, 1));
	p->rows[p->n].amount = db_col_i64(st, 2);
	p->n++;
	return 0;
}

/* Takes the effect of voucher id's active lines off the balances (the lines stay). */
static int remove_body(struct db *db, int64_t cid, int64_t id, struct err *e)
{
	struct posted_list p = {NULL, 0, 0};
	int rc = db_each(db, sql[SQL_LINES_ACTIVE], DB_ARGS(DB_I64(id)), posted_row, &p, e);
	for (size_t i = 0; rc >= 0 && i < p.n; i++)
		rc = balances_apply(db, cid, p.rows[i].ledger, p.rows[i].date, p.rows[i].amount, -1, e);
	free(p.rows);
	return rc < 0 ? rc : 0;
}

static int delete_body(struct db *db, int64_t id, struct err *e)
{
	int rc;
	if ((rc = db_run(db, sql[SQL_LINES_DELETE], DB_ARGS(DB_I64(id)), e)) < 0 ||
	    (rc = db_run(db, sql[SQL_ITEMS_DELETE], DB_ARGS(DB_I64(id)), e)) < 0)
		return rc;
	return 0;
}

/* The next number of v's type in its financial year (gap-free: a rollback gives it back). */
static int take_number(struct db *db, int64_t cid, struct voucher *v, struct err *e)
{
	const char *type = voucher_type_name(v->type);
	int rc;
	v->fy = date_iso_fy(v->date);
	if ((rc = db_run(db, sql[SQL_SERIES_CREATE], DB_ARGS(DB_I64(cid), DB_TEXT(type), DB_I64(v->fy)), e)) < 0 ||
	    (rc = db_i64(db, sql[SQL_SERIES_NEXT], DB_ARGS(DB_I64(cid), DB_TEXT(type), DB_I64(v->fy)), &v->seq, e)) < 0)
		return rc;
	if (rc == DB_DONE)
		return err_set(e, ERR_INTERNAL, NULL, "no voucher series for %s %lld", type, (long long)v->fy);
	voucher_number_format(v->number, v->type, v->fy, v->seq);
	return 0;
}

static int insert_head(struct db *db, int64_t cid, struct voucher *v, struct err *e)
{
	return db_insert_id(db, sql[SQL_INSERT],
			    DB_ARGS(DB_I64(cid), DB_TEXT(voucher_type_name(v->type)), DB_I64(v->fy), DB_I64(v->seq), DB_TEXT(v->number),
				    DB_TEXT(v->date), DB_I64_OR_NULL(v->party_id), DB_I64_OR_NULL(v->party_id ? v->party_ledger_id : 0),
				    DB_TEXT_OR_NULL(v->narration), DB_TEXT_OR_NULL(v->reference), DB_TEXT_OR_NULL(v->place_of_supply),
				    DB_TEXT_OR_NULL(v->party_gstin), DB_I64(v->taxable), DB_I64(v->cgst), DB_I64(v->sgst),
				    DB_I64(v->igst), DB_I64(v->round_off), DB_I64(v->total), DB_TEXT(v->created_at),
				    DB_TEXT(v->updated_at), DB_I64(v->cess), DB_I64(v->reverse_charge ? 1 : 0),
				    DB_TEXT_OR_NULL(v->supply_type), DB_TEXT_OR_NULL(v->port_code), DB_TEXT_OR_NULL(v->shipping_bill_no),
				    DB_TEXT_OR_NULL(v->shipping_bill_date)), &v->id, e);
}

static int update_head(struct db *db, int64_t cid, const struct voucher *v, struct err *e)
{
	int rc = db_run(db, sql[SQL_UPDATE_HEAD],
			DB_ARGS(DB_TEXT(v->date), DB_I64_OR_NULL(v->party_id), DB_I64_OR_NULL(v->party_id ? v->party_ledger_id : 0),
				DB_TEXT_OR_NULL(v->narration), DB_TEXT_OR_NULL(v->reference), DB_TEXT_OR_NULL(v->place_of_supply),
				DB_TEXT_OR_NULL(v->party_gstin), DB_I64(v->taxable), DB_I64(v->cgst), DB_I64(v->sgst),
				DB_I64(v->igst), DB_I64(v->round_off), DB_I64(v->total), DB_TEXT(v->status), DB_I64(v->version),
				DB_TEXT(v->updated_at), DB_I64(v->cess), DB_I64(v->reverse_charge ? 1 : 0),
				DB_TEXT_OR_NULL(v->supply_type), DB_TEXT_OR_NULL(v->port_code), DB_TEXT_OR_NULL(v->shipping_bill_no),
				DB_TEXT_OR_NULL(v->shipping_bill_date), DB_I64(cid), DB_I64(v->id)), e);
	return rc < 0 ? rc : 0;
}

int voucher_post(struct db *db, int64_t cid, int64_t actor, struct voucher *v, struct err *e)
{
	int rc;
	if ((rc = voucher_cess_ledger(db, cid, actor, v, e)) < 0 || (rc = voucher_prepare(db, cid, v, e)) < 0 ||
	    (rc = take_number(db, cid, v, e)) < 0)
		return rc;
	clock_now_iso(v->created_at);
	memcpy(v->updated_at, v->created_at, sizeof v->updated_at);
	v->version = 1;
	text_copy(v->status, sizeof v->status, "active");
	if ((rc = insert_head(db, cid, v, e)) < 0 || (rc = write_body(db, cid, v, e)) < 0 || (rc = voucher_stock_post(db, cid, v, 0, e)) < 0 ||
	    (rc = bills_write(db, cid, v, e)) < 0)
		return rc;
	return record(db, cid, actor, v, "create", NULL, e);
}

/* ---- reads ---- */

void voucher_row_head(struct db_stmt *st, struct voucher *v)
{
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
	v->cess = db_col_i64(st, 23);
	v->reverse_charge = db_col_i64(st, 24) != 0;
	text_copy(v->supply_type, sizeof v->supply_type, db_col_text(st, 25));
	text_copy(v->port_code, sizeof v->port_code, db_col_text(st, 26));
	text_copy(v->shipping_bill_no, sizeof v->shipping_bill_no, db_col_text(st, 27));
	text_copy(v->shipping_bill_date, sizeof v->shipping_bill_date, db_col_text(st, 28));
}

int voucher_row_line(void *ctx, struct db_stmt *st, struct err *e)
{
	struct voucher_line *l = voucher_add_line(ctx);
	if (!l)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	l->ledger_id = db_col_i64(st, 0);
	l->amount = db_col_i64(st, 1);
	text_copy(l->bill_ref, sizeof l->bill_ref, db_col_text(st, 2));
	text_copy(l->bill_type, sizeof l->bill_type, db_col_text(st, 3));
	text_copy(l->due_date, sizeof l->due_date, db_col_text(st, 4));
	text_copy(l->ledger_name, sizeof l->ledger_name, db_col_text(st, 5));
	return 0;
}

int voucher_row_item(void *ctx, struct db_stmt *st, struct err *e)
{
	struct voucher_item *it = voucher_add_item(ctx);
	if (!it)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
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
	text_copy(it->gst_reason, sizeof it->gst_reason, db_col_text(st, 16));
	it->cess_rate = db_col_i64(st, 17);
	it->cess = db_col_i64(st, 18);
	it->reverse_charge = db_col_i64(st, 19) != 0;
	return 0;
}

/* Loads the stored voucher id (any status). */
int voucher_get(struct db *db, int64_t cid, int64_t id, struct voucher **ret, struct err *e)
{
	struct voucher *v = voucher_new();
	struct db_stmt *st;
	int rc;

	if (!v)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	rc = db_one(db, sql[SQL_GET], DB_ARGS(DB_I64(cid), DB_I64(id)), &st, e);
	if (rc == DB_ROW) {
		voucher_row_head(st, v);
		db_done(st);
	} else if (rc == DB_DONE) {
		rc = err_setr(e, ERR_NOT_FOUND, "id", "unknown_voucher", "no voucher %lld in this company", (long long)id);
	}
	if (rc >= 0 && (rc = db_each(db, sql[SQL_GET_LINES], DB_ARGS(DB_I64(id)), voucher_row_line, v, e)) >= 0 &&
	    (rc = db_each(db, sql[SQL_GET_ITEMS], DB_ARGS(DB_I64(id)), voucher_row_item, v, e)) >= 0)
		rc = bills_load(db, cid, v, e);
	if (rc < 0) {
		voucher_free(v);
		return rc;
	}
	*ret = v;
	return 0;
}

/* ---- alteration and cancellation ---- */

/* Checks that voucher `cur` may change now: active, at `version`, its date in an open period. */
static int may_change(struct db *db, int64_t cid, const struct voucher *cur, int64_t version, struct err *e)
{
	struct books b;
	int rc;
	if (strcmp(cur->status, "active") != 0) {
		err_set(e, ERR_CONFLICT, "status", "voucher %s is cancelled", cur->number);
		return err_reason(e, "cancelled");
	}
	if (cur->version != version) {
		err_set(e, ERR_STALE, "version", "someone else changed voucher %s (now version %lld); reload it",
			cur->number, (long long)cur->version);
		err_reason(e, "stale");
		return err_detail_int(e, "version", cur->version);
	}
	if ((rc = books_get(db, cid, &b, e)) < 0)
		return rc;
	return books_check_open(&b, cur->date, "date", e);
}

/* The snapshot of `cur` before a change: filled into version 1 of a bulk-imported voucher the
 * first time it changes, and returned in before for the audit record. */
static int before_change(struct db *db, int64_t cid, const struct voucher *cur, struct buf *before, struct err *e)
{
	int rc = snapshot(cur, before, e);
	if (rc < 0)
		return rc;
	rc = db_run(db, sql[SQL_VERSION_BACKFILL],
		    DB_ARGS(DB_TEXT(buf_str(before)), DB_I64(cid), DB_I64(cur->id), DB_I64(cur->version)), e);
	return rc < 0 ? rc : 0;
}

/* An alteration keeps the type, the number and the financial year. */
static int alteration_ok(const struct voucher *cur, const struct voucher *v, struct err *e)
{
	if (v->type != cur->type) {
		err_set(e, ERR_UNPROCESSABLE, "type", "an alteration keeps the voucher type (%s)", voucher_type_name(cur->type));
		return err_reason(e, "type_change");
	}
	return 0;
}

static int same_year(const struct voucher *cur, const struct voucher *v, struct err *e)
{
	if (date_iso_fy(v->date) != cur->fy) {
		err_set(e, ERR_UNPROCESSABLE, "date", "an alteration cannot move %s to another financial year; cancel it and enter a new voucher",
			cur->number);
		return err_reason(e, "fy_change");
	}
	return 0;
}

/* Gives the prepared alteration v what it keeps of cur (number, year, version, the bill its lines
 * open), then says whether v would be recorded exactly as cur is: 1 when so, 0 when not, <0 error. */
static int same_voucher(const struct voucher *cur, struct voucher *v, struct err *e)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	int rc;

	v->fy = cur->fy;
	v->seq = cur->seq;
	text_copy(v->number, sizeof v->number, cur->number);
	text_copy(v->created_at, sizeof v->created_at, cur->created_at);
	text_copy(v->updated_at, sizeof v->updated_at, cur->updated_at);
	text_copy(v->status, sizeof v->status, "active");
	v->version = cur->version;
	for (int i = 0; i < v->nlines; i++) /* as write_body names a new bill */
		if (strcmp(v->lines[i].bill_type, "new") == 0 && !v->lines[i].bill_ref[0])
			text_copy(v->lines[i].bill_ref, sizeof v->lines[i].bill_ref, v->number);
	if ((rc = snapshot(cur, &a, e)) >= 0 && (rc = snapshot(v, &b, e)) >= 0)
		rc = strcmp(buf_str(&a), buf_str(&b)) == 0;
	buf_free(&a);
	buf_free(&b);
	return rc;
}

int voucher_alter(struct db *db, int64_t cid, int64_t actor, int64_t id, int64_t version,
		  struct voucher *v, struct err *e)
{
	struct voucher *cur = NULL;
	struct buf before = BUF_INIT;
	int rc;

	if ((rc = voucher_get(db, cid, id, &cur, e)) < 0)
		return rc;
	v->id = id; /* its own bill allocations do not count against it */
	if ((rc = may_change(db, cid, cur, version, e)) < 0 || (rc = alteration_ok(cur, v, e)) < 0 ||
	    (rc = voucher_cess_ledger(db, cid, actor, v, e)) < 0 || (rc = voucher_prepare(db, cid, v, e)) < 0 || (rc = same_year(cur, v, e)) < 0)
		goto out;
	if ((rc = same_voucher(cur, v, e)) != 0) { /* the same voucher again: no version, edit-log row or audit record */
		rc = rc > 0 ? ERR_UNCHANGED : rc;
		goto out;
	}
	if ((rc = before_change(db, cid, cur, &before, e)) < 0)
		goto out;
	/* its stock is taken back and moved again below, in one go (voucher_stock_post) */
	if ((rc = remove_body(db, cid, id, e)) < 0 || (rc = delete_body(db, id, e)) < 0 || (rc = bills_release(db, cid, id, 0, e)) < 0)
		goto out;
	clock_now_iso(v->updated_at);
	v->version = cur->version + 1;
	if ((rc = write_body(db, cid, v, e)) < 0 || (rc = update_head(db, cid, v, e)) < 0 ||
	    (rc = voucher_stock_post(db, cid, v, 1, e)) < 0 || (rc = bills_write(db, cid, v, e)) < 0 ||
	    (rc = bills_check_opened(db, cid, cur, e)) < 0)
		goto out;
	rc = record(db, cid, actor, v, "alter", buf_str(&before), e);
out:
	voucher_free(cur);
	buf_free(&before);
	return rc;
}

int voucher_cancel(struct db *db, int64_t cid, int64_t actor, int64_t id, int64_t version,
		   struct voucher **ret, struct err *e)
{
	struct voucher *cur = NULL;
	struct buf before = BUF_INIT;
	int rc;

	if ((rc = voucher_get(db, cid, id, &cur, e)) < 0)
		return rc;
	if ((rc = may_change(db, cid, cur, version, e)) < 0 || (rc = before_change(db, cid, cur, &before, e)) < 0)
		goto out;
	if ((rc = voucher_stock_reverse(db, cid, cur, e)) < 0 || (rc = remove_body(db, cid, id, e)) < 0 ||
	    (rc = db_run(db, sql[SQL_LINES_CANCEL], DB_ARGS(DB_I64(id)), e)) < 0 ||
	    (rc = bills_release(db, cid, id, 1, e)) < 0 || (rc = bills_check_opened(db, cid, cur, e)) < 0)
		goto out;
	text_copy(cur->status, sizeof cur->status, "cancelled");
	cur->version++;
	clock_now_iso(cur->updated_at);
	if ((rc = update_head(db, cid, cur, e)) < 0 || (rc = record(db, cid, actor, cur, "cancel", buf_str(&before), e)) < 0)
		goto out;
	*ret = cur;
	cur = NULL;
out:
	voucher_free(cur);
	buf_free(&before);
	return rc;
}

/* ---- JSON ---- */

static void kmoney_or_null(struct jsonw *w, const char *k, int64_t v)
{
	jsonw_key(w, k);
	if (v)
		jsonw_money(w, v);
	else
		jsonw_null(w);
}

static void kid_or_null(struct jsonw *w, const char *k, int64_t id)
{
	jsonw_key(w, k);
	if (id)
		jsonw_i64(w, id);
	else
		jsonw_null(w);
}

static const char *opt(const char *s) { return s[0] ? s : NULL; }

static void line_json(struct jsonw *w, const struct voucher *v, int i)
{
	const struct voucher_line *l = &v->lines[i];
	jsonw_obj(w);
	jsonw_ki64(w, "ledger_id", l->ledger_id);
	jsonw_kstr(w, "ledger", opt(l->ledger_name));
	kmoney_or_null(w, "debit", l->amount > 0 ? l->amount : 0);
	kmoney_or_null(w, "credit", l->amount < 0 ? -l->amount : 0);
	jsonw_kstr(w, "bill_ref", opt(l->bill_ref));
	jsonw_kstr(w, "bill_type", opt(l->bill_type));
	jsonw_kstr(w, "due_date", opt(l->due_date));
	bills_line_json(w, v, i);
	jsonw_obj_end(w);
}

static void voucher_item_json(struct jsonw *w, const struct voucher_item *it, int lean)
{
	char q[32];
	jsonw_obj(w);
	jsonw_kstr(w, "description", it->description);
	jsonw_kstr(w, "hsn", opt(it->hsn));
	kid_or_null(w, "item_id", it->item_id);
	kid_or_null(w, "godown_id", it->godown_id);
	decimal_format(it->qty, 3, q, sizeof q);
	jsonw_kstr(w, "qty", q);
	jsonw_kstr(w, "unit", opt(it->unit));
	jsonw_kstr(w, "batch", opt(it->batch));
	jsonw_kstr(w, "expiry", opt(it->expiry));
	jsonw_kstr(w, "gst_reason", opt(it->gst_reason));
	jsonw_kmoney(w, "rate", it->rate);
	jsonw_kmoney(w, "discount", it->discount);
	jsonw_kmoney(w, "taxable", it->taxable);
	decimal_format(it->gst_rate, 2, q, sizeof q);
	jsonw_kstr(w, "gst_rate", q);
	jsonw_kmoney(w, "cgst", it->cgst);
	jsonw_kmoney(w, "sgst", it->sgst);
	jsonw_kmoney(w, "igst", it->igst);
	if (!lean || it->cess_rate || it->cess || it->reverse_charge) {
		decimal_format(it->cess_rate, 2, q, sizeof q);
		jsonw_kstr(w, "cess_rate", q);
		jsonw_kmoney(w, "cess", it->cess);
		jsonw_kbool(w, "reverse_charge", it->reverse_charge);
	}
	jsonw_ki64(w, "ledger_id", it->ledger_id);
	jsonw_obj_end(w);
}

static void json_members(struct jsonw *w, const struct voucher *v, int lean);

void voucher_json(struct jsonw *w, const struct voucher *v)
{
	jsonw_obj(w);
	json_members(w, v, 0);
	jsonw_obj_end(w);
}

void voucher_json_lean(struct jsonw *w, const struct voucher *v)
{
	jsonw_obj(w);
	json_members(w, v, 1);
	jsonw_obj_end(w);
}

void voucher_json_members(struct jsonw *w, const struct voucher *v) { json_members(w, v, 0); }

/* lean: the members 0050 added only where they are set (voucher_json_lean). */
static void json_members(struct jsonw *w, const struct voucher *v, int lean)
{
	jsonw_ki64(w, "id", v->id);
	jsonw_kstr(w, "type", voucher_type_name(v->type));
	jsonw_kstr(w, "number", v->number);
	jsonw_kstr(w, "date", v->date);
	kid_or_null(w, "party_id", v->party_id);
	jsonw_kstr(w, "party_name", opt(v->party_name));
	jsonw_kstr(w, "party_gstin", opt(v->party_gstin));
	jsonw_kstr(w, "narration", opt(v->narration));
	jsonw_kstr(w, "reference", opt(v->reference));
	jsonw_kstr(w, "place_of_supply", opt(v->place_of_supply));
	jsonw_kmoney(w, "taxable", v->taxable);
	jsonw_kmoney(w, "cgst", v->cgst);
	jsonw_kmoney(w, "sgst", v->sgst);
	jsonw_kmoney(w, "igst", v->igst);
	if (!lean || v->cess || v->reverse_charge || v->supply_type[0] || v->port_code[0] || v->shipping_bill_no[0] ||
	    v->shipping_bill_date[0]) {
		jsonw_kmoney(w, "cess", v->cess);
		jsonw_kbool(w, "reverse_charge", v->reverse_charge);
		jsonw_kstr(w, "supply_type", opt(v->supply_type));
		jsonw_kstr(w, "port_code", opt(v->port_code));
		jsonw_kstr(w, "shipping_bill_no", opt(v->shipping_bill_no));
		jsonw_kstr(w, "shipping_bill_date", opt(v->shipping_bill_date));
	}
	jsonw_kmoney(w, "round_off", v->round_off);
	jsonw_kmoney(w, "total", v->total);
	jsonw_kstr(w, "status", v->status);
	jsonw_ki64(w, "version", v->version);
	jsonw_kstr(w, "created_at", v->created_at);
	jsonw_kstr(w, "updated_at", v->updated_at);
	jsonw_key(w, "lines");
	jsonw_arr(w);
	for (int i = 0; i < v->nlines; i++)
		line_json(w, v, i);
	jsonw_arr_end(w);
	jsonw_key(w, "items");
	jsonw_arr(w);
	for (int i = 0; i < v->nitems; i++)
		voucher_item_json(w, &v->items[i], lean);
	jsonw_arr_end(w);
}

struct version_rows {
	struct jsonw *w;
	int n;
};

static int version_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct version_rows *p = ctx;
	struct jsonw *w = p->w;
	(void)e;
	p->n++;
	jsonw_obj(w);
	jsonw_ki64(w, "version", db_col_i64(st, 0));
	jsonw_kstr(w, "action", db_col_text(st, 1));
	jsonw_kstr(w, "at", db_col_text(st, 2));
	jsonw_ki64(w, "user_id", db_col_i64(st, 3));
	jsonw_kstr(w, "user", db_col_text(st, 4));
	jsonw_key(w, "data");
	if (db_col_null(st, 5))
		jsonw_null(w);
	else
		jsonw_raw(w, db_col_text(st, 5)); /* a snapshot voucher_json wrote */
	jsonw_obj_end(w);
	return 0;
}

int voucher_versions_json(struct db *db, int64_t cid, int64_t id, struct jsonw *w, struct err *e)
{
	struct version_rows p = {w, 0};
	int rc;
	jsonw_arr(w);
	if ((rc = db_each(db, sql[SQL_VERSIONS], DB_ARGS(DB_I64(cid), DB_I64(id)), version_row, &p, e)) < 0)
		return rc;
	jsonw_arr_end(w);
	if (p.n == 0) /* every voucher has its first version */
		return err_setr(e, ERR_NOT_FOUND, "id", "unknown_voucher", "no voucher %lld in this company", (long long)id);
	return jsonw_ok(w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
}
