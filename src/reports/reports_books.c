/* reports_books.c - the books of original entry read back: the day book, a ledger's statement with
 * its running balance, and the cash and bank books (statements of every cash and bank ledger). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/money.h"
#include "reports/reports_int.h"
#include "lib/banned.h"

enum {
	SQL_POSTINGS,
	SQL_DAY_BOOK,
	SQL_DAY_CURSOR,
	SQL_DAY_TOTALS,
	SQL_DAY_COUNTS,
	SQL_MAX
};

static const char *const sql[SQL_MAX] = {
	/* A ledger's postings with the other side of each: the largest other ledger of the voucher
	 * and how many there are. */
	[SQL_POSTINGS] = "SELECT vl.voucher_id, vl.date, v.type, v.number, coalesce(v.narration, ''), vl.amount, "
			 "(SELECT l2.name FROM voucher_lines o JOIN ledgers l2 ON l2.id = o.ledger_id "
			 " WHERE o.voucher_id = vl.voucher_id AND o.active = 1 AND o.ledger_id <> vl.ledger_id "
			 " ORDER BY abs(o.amount) DESC, o.line_no LIMIT 1), "
			 "(SELECT count(DISTINCT o.ledger_id) FROM voucher_lines o "
			 " WHERE o.voucher_id = vl.voucher_id AND o.active = 1 AND o.ledger_id <> vl.ledger_id) "
			 "FROM voucher_lines vl JOIN vouchers v ON v.id = vl.voucher_id AND v.company_id = vl.company_id "
			 "WHERE vl.company_id = ? AND vl.ledger_id = ? AND vl.active = 1 AND vl.date >= ? AND vl.date <= ? "
			 "ORDER BY vl.date, vl.voucher_id, vl.line_no",
	/* A page of the days' vouchers in (date, id) order after the cursor's (date, id), each with its
	 * active lines (none for a cancelled one); one voucher more than the page, to know of a next. */
	[SQL_DAY_BOOK] = "WITH pg AS (SELECT id FROM vouchers WHERE company_id = ? AND date >= ? AND date <= ? "
			 " AND (date > ? OR (date = ? AND id > ?)) ORDER BY date, id LIMIT ?) "
			 "SELECT v.id, v.date, v.type, v.number, v.status, coalesce(v.narration, ''), coalesce(p.name, ''), "
			 "coalesce(vl.line_no, 0), coalesce(vl.amount, 0), coalesce(l.name, '') "
			 "FROM pg JOIN vouchers v ON v.id = pg.id LEFT JOIN parties p ON p.id = v.party_id "
			 "LEFT JOIN voucher_lines vl ON vl.voucher_id = v.id AND vl.active = 1 "
			 "LEFT JOIN ledgers l ON l.id = vl.ledger_id "
			 "ORDER BY v.date, v.id, vl.line_no",
	[SQL_DAY_CURSOR] = "SELECT date FROM vouchers WHERE company_id = ? AND id = ?",
	/* The period's debits and credits, whatever the page: the kept day sums. */
	[SQL_DAY_TOTALS] = "SELECT coalesce(sum(debit), 0), coalesce(sum(credit), 0) FROM ledger_day WHERE company_id = ? AND date >= ? AND date <= ?",
	[SQL_DAY_COUNTS] = "SELECT count(*), coalesce(sum(CASE WHEN status <> 'active' THEN 1 ELSE 0 END), 0) FROM vouchers "
			   "WHERE company_id = ? AND date >= ? AND date <= ?",
};

int ledger_opening_at(struct db *db, const struct chart *ch, size_t li, const char *from, int64_t *ret,
		      struct err *e)
{
	int64_t *dr = calloc(ch->nledgers ? ch->nledgers : 1, sizeof *dr);
	int64_t *cr = calloc(ch->nledgers ? ch->nledgers : 1, sizeof *cr);
	const struct rledger *l = &ch->ledgers[li];
	char day_before[11], fy_start[11];
	int64_t v = 0;
	int rc = 0;

	if (!dr || !cr) {
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	date_iso_add(from, -1, day_before);
	if (rnature_pl(chart_ledger_nature(ch, li))) {
		/* Income and expense ledgers begin each financial year at nothing. */
		date_iso_fy_start(from, fy_start);
		if (chart_books_fy(ch) >= date_iso_fy(from))
			v = l->opening;
		if (strcmp(fy_start, from) < 0)
			rc = chart_sums(db, ch, fy_start, day_before, l->id, dr, cr, e);
	} else {
		v = l->opening;
		rc = chart_sums(db, ch, NULL, day_before, l->id, dr, cr, e);
	}
	if (rc >= 0 && (__builtin_add_overflow(v, dr[li], &v) || __builtin_sub_overflow(v, cr[li], &v)))
		rc = money_range_err(e, "a balance is beyond the range of amounts");
	if (rc >= 0)
		*ret = v;
out:
	free(dr);
	free(cr);
	return rc < 0 ? rc : 0;
}

/* Columns of a statement. */
enum { SC_DATE, SC_TYPE, SC_NUMBER, SC_PARTICULARS, SC_NARRATION, SC_DEBIT, SC_CREDIT, SC_BALANCE, SC_MAX };

static void statement_cols(struct report_table *t)
{
	report_col(t, "date", "Date", REPORT_DATE);
	report_col(t, "voucher_type", "Type", REPORT_TEXT);
	report_col(t, "number", "Number", REPORT_TEXT);
	report_col(t, "particulars", "Particulars", REPORT_TEXT);
	report_col(t, "narration", "Narration", REPORT_TEXT);
	report_col(t, "debit", "Debit", REPORT_MONEY);
	report_col(t, "credit", "Credit", REPORT_MONEY);
	report_col(t, "balance", "Balance", REPORT_MONEY);
	if (t)
		t->cols[SC_BALANCE].drcr = 1;
}

int report_statement(struct db *db, const struct chart *ch, size_t li, const struct report_params *p,
		     struct report *r, struct report_table *t, int section, int64_t *ret_closing, struct err *e)
{
	const struct rledger *l = &ch->ledgers[li];
	const char *lname = chart_name(ch, l->name);
	int64_t bal, tdr = 0, tcr = 0;
	struct db_stmt *st;
	long row;
	int rc;

	if ((rc = ledger_opening_at(db, ch, li, p->from, &bal, e)) < 0)
		return rc;
	if (section) {
		row = report_row(r, t, ROW_SECTION, 0);
		report_row_id(t, row, "ledger_id", l->id);
		report_row_section(r, t, row, lname);
		report_set_text(r, t, row, SC_PARTICULARS, lname);
	}
	row = report_row(r, t, ROW_OPENING, section);
	report_row_id(t, row, "ledger_id", l->id);
	if (section)
		report_row_section(r, t, row, lname);
	report_set_text(r, t, row, SC_DATE, p->from);
	report_set_text(r, t, row, SC_PARTICULARS, "Opening Balance");
	report_set_i64(t, row, SC_BALANCE, bal);

	if (!(st = db_query(db, sql[SQL_POSTINGS], DB_ARGS(DB_I64(ch->cid), DB_I64(l->id), DB_TEXT(p->from), DB_TEXT(p->to)), e)))
		return e->code;
	while ((rc = db_step(st, e)) == DB_ROW && !r->failed) {
		int64_t amt = db_col_i64(st, 5), others = db_col_i64(st, 7);
		char part[300];
		if (__builtin_add_overflow(bal, amt, &bal) ||
		    __builtin_add_overflow(amt > 0 ? tdr : tcr, amt > 0 ? amt : -amt, amt > 0 ? &tdr : &tcr)) {
			rc = money_range_err(e, "a balance is beyond the range of amounts");
			break;
		}
		row = report_row(r, t, ROW_DATA, section);
		report_row_id(t, row, "voucher_id", db_col_i64(st, 0));
		if (section)
			report_row_section(r, t, row, lname);
		report_set_text(r, t, row, SC_DATE, db_col_text(st, 1));
		report_set_text(r, t, row, SC_TYPE, db_col_text(st, 2));
		report_set_text(r, t, row, SC_NUMBER, db_col_text(st, 3));
		if (others > 1)
			snprintf(part, sizeof part, "%.200s & others", db_col_text(st, 6));
		else
			snprintf(part, sizeof part, "%.200s", db_col_null(st, 6) ? "" : db_col_text(st, 6));
		report_set_text(r, t, row, SC_PARTICULARS, part);
		if (*db_col_text(st, 4))
			report_set_text(r, t, row, SC_NARRATION, db_col_text(st, 4));
		report_set_i64(t, row, amt > 0 ? SC_DEBIT : SC_CREDIT, amt > 0 ? amt : -amt);
		report_set_i64(t, row, SC_BALANCE, bal);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	row = report_row(r, t, ROW_SUBTOTAL, section);
	report_row_id(t, row, "ledger_id", l->id);
	if (section)
		report_row_section(r, t, row, lname);
	report_set_text(r, t, row, SC_PARTICULARS, "Total");
	report_set_i64(t, row, SC_DEBIT, tdr);
	report_set_i64(t, row, SC_CREDIT, tcr);
	row = report_row(r, t, ROW_CLOSING, section);
	report_row_id(t, row, "ledger_id", l->id);
	if (section)
		report_row_section(r, t, row, lname);
	report_set_text(r, t, row, SC_DATE, p->to);
	report_set_text(r, t, row, SC_PARTICULARS, "Closing Balance");
	report_set_i64(t, row, SC_BALANCE, bal);
	if (ret_closing)
		*ret_closing = bal;
	return 0;
}

int report_ledger(struct db *db, int64_t cid, const struct report_params *p, struct report *r, struct err *e)
{
	struct chart ch;
	struct report_table *t;
	int64_t closing = 0;
	long li;
	int rc;

	if (p->ledger_id <= 0)
		return err_setr(e, ERR_INVALID, "ledger_id", "ledger_required", "the ledger report needs ledger_id");
	if ((rc = chart_load(db, cid, &ch, e)) < 0)
		goto out;
	li = chart_ledger(&ch, p->ledger_id);
	if (li < 0) {
		rc = err_setr(e, ERR_NOT_FOUND, "ledger_id", "unknown_ledger", "no ledger %lld in this company", (long long)p->ledger_id);
		goto out;
	}
	report_head(r, &ch, "ledger", "Ledger", p);
	snprintf(r->title, sizeof r->title, "Ledger: %.100s", chart_name(&ch, ch.ledgers[li].name));
	t = report_table_add(r, "main", chart_name(&ch, ch.ledgers[li].name));
	statement_cols(t);
	if ((rc = report_statement(db, &ch, (size_t)li, p, r, t, 0, &closing, e)) < 0)
		goto out;
	report_meta_int(r, "ledger_id", ch.ledgers[li].id);
	report_meta_text(r, "ledger", chart_name(&ch, ch.ledgers[li].name));
	{
		int64_t opening = t && t->nrows ? report_cell(t, 0, SC_BALANCE)->v : 0;
		report_meta_money(r, "opening", opening);
	}
	report_meta_money(r, "closing", closing);
	rc = report_check(r, e);
out:
	chart_done(&ch);
	return rc;
}

/* Statements of every ledger in the group with `code` (or of kind `kind`); p->ledger_id narrows. */
static int books_of(struct db *db, int64_t cid, const struct report_params *p, struct report *r, const char *name,
		    const char *title, const char *code, const char *kind, struct err *e)
{
	struct chart ch;
	struct report_table *t;
	int64_t total = 0;
	int rc, root, n = 0;

	if ((rc = chart_load(db, cid, &ch, e)) < 0)
		goto out;
	report_head(r, &ch, name, title, p);
	t = report_table_add(r, "main", title);
	statement_cols(t);
	if (t)
		t->grouped = 1;
	root = chart_group_code(&ch, code);
	if (p->ledger_id > 0 && chart_ledger(&ch, p->ledger_id) < 0) {
		rc = err_setr(e, ERR_NOT_FOUND, "ledger_id", "unknown_ledger", "no ledger %lld in this company", (long long)p->ledger_id);
		goto out;
	}
	for (size_t i = 0; i < ch.nledgers; i++) {
		const struct rledger *l = &ch.ledgers[i];
		int64_t closing = 0;
		if (!(root >= 0 && l->group >= 0 && chart_in_subtree(&ch, l->group, root)) && strcmp(l->kind, kind) != 0)
			continue;
		if (p->ledger_id > 0 && l->id != p->ledger_id)
			continue;
		if ((rc = report_statement(db, &ch, i, p, r, t, 1, &closing, e)) < 0)
			goto out;
		if (__builtin_add_overflow(total, closing, &total)) {
			rc = money_range_err(e, "a balance is beyond the range of amounts");
			goto out;
		}
		n++;
	}
	if (p->ledger_id > 0 && n == 0) {
		rc = err_setr(e, ERR_INVALID, "ledger_id", "not_cash_bank", "ledger %lld is not a %s ledger", (long long)p->ledger_id,
			     strcmp(kind, "cash") == 0 ? "cash" : "bank");
		goto out;
	}
	report_meta_int(r, "ledgers", n);
	report_meta_money(r, "closing", total);
	rc = report_check(r, e);
out:
	chart_done(&ch);
	return rc;
}

int report_cash_book(struct db *db, int64_t cid, const struct report_params *p, struct report *r, struct err *e)
{
	return books_of(db, cid, p, r, "cash-book", "Cash Book", "cash_in_hand", "cash", e);
}

int report_bank_book(struct db *db, int64_t cid, const struct report_params *p, struct report *r, struct err *e)
{
	return books_of(db, cid, p, r, "bank-book", "Bank Book", "bank_accounts", "bank", e);
}

/* ---- day book ---- */

enum { DB_DATE, DB_TYPE, DB_NUMBER, DB_PARTICULARS, DB_NARRATION, DB_DEBIT, DB_CREDIT, DB_STATUS, DB_MAX };

/* Vouchers in a page of the day book when the caller asks for no limit. */
#define DAY_BOOK_PAGE 200

struct day_page {
	struct report *r;
	struct report_table *t;
	int limit;
	int64_t cur, vdr, pdr, pcr, shown, next;
	long vrow;
};

static void day_close_voucher(struct day_page *d)
{
	if (d->vrow >= 0) {
		report_set_i64(d->t, d->vrow, DB_DEBIT, d->vdr);
		report_set_i64(d->t, d->vrow, DB_CREDIT, d->vdr);
	}
}

/* A voucher's heading row, named by the party or else its first ledger. */
static void day_voucher_row(struct day_page *d, struct db_stmt *st, int64_t id)
{
	struct report *r = d->r;
	day_close_voucher(d);
	d->cur = id;
	d->vdr = 0;
	d->shown++;
	d->vrow = report_row(r, d->t, ROW_SECTION, 0);
	report_row_id(d->t, d->vrow, "voucher_id", id);
	report_set_text(r, d->t, d->vrow, DB_DATE, db_col_text(st, 1));
	report_set_text(r, d->t, d->vrow, DB_TYPE, db_col_text(st, 2));
	report_set_text(r, d->t, d->vrow, DB_NUMBER, db_col_text(st, 3));
	report_set_text(r, d->t, d->vrow, DB_PARTICULARS, *db_col_text(st, 6) ? db_col_text(st, 6) : db_col_text(st, 9));
	if (*db_col_text(st, 5))
		report_set_text(r, d->t, d->vrow, DB_NARRATION, db_col_text(st, 5));
	report_set_text(r, d->t, d->vrow, DB_STATUS, db_col_text(st, 4));
}

/* The page's rows: a heading per voucher, a row per active line; stops at the voucher past the page. */
static int day_rows(struct db *db, int64_t cid, const struct report_params *p, const char *after_date, struct day_page *d,
		    struct err *e)
{
	struct db_stmt *st = db_query(db, sql[SQL_DAY_BOOK],
				      DB_ARGS(DB_I64(cid), DB_TEXT(p->from), DB_TEXT(p->to), DB_TEXT(after_date), DB_TEXT(after_date),
					      DB_I64(p->page.after), DB_I64((int64_t)d->limit + 1)),
				      e);
	int rc;

	if (!st)
		return e->code;
	while ((rc = db_step(st, e)) == DB_ROW && !d->r->failed) {
		int64_t id = db_col_i64(st, 0), amt = db_col_i64(st, 8), a = amt > 0 ? amt : -amt;
		long row;
		if (id != d->cur) {
			if (d->shown == d->limit) {
				d->next = d->cur; /* a voucher past the page: the page ends at the one before */
				break;
			}
			day_voucher_row(d, st, id);
		}
		if (db_col_i64(st, 7) == 0)
			continue; /* a cancelled voucher: no active lines */
		row = report_row(d->r, d->t, ROW_DATA, 1);
		report_row_id(d->t, row, "voucher_id", id);
		report_set_text(d->r, d->t, row, DB_PARTICULARS, db_col_text(st, 9));
		report_set_i64(d->t, row, amt > 0 ? DB_DEBIT : DB_CREDIT, a);
		if ((amt > 0 && __builtin_add_overflow(d->vdr, amt, &d->vdr)) ||
		    __builtin_add_overflow(amt > 0 ? d->pdr : d->pcr, a, amt > 0 ? &d->pdr : &d->pcr)) {
			rc = money_range_err(e, "totals are beyond the range of amounts");
			break;
		}
	}
	db_done(st);
	if (rc < 0)
		return rc;
	day_close_voucher(d);
	return 0;
}

/* The summary is of the whole period whatever the page: vouchers, cancelled ones, debits, credits. */
static int day_summary(struct db *db, int64_t cid, const struct report_params *p, struct report *r, struct err *e)
{
	struct db_stmt *st;
	int64_t dr = 0, cr = 0, n = 0, cancelled = 0;
	int rc;

	if ((rc = db_one(db, sql[SQL_DAY_TOTALS], DB_ARGS(DB_I64(cid), DB_TEXT(p->from), DB_TEXT(p->to)), &st, e)) < 0)
		return rc;
	if (rc == DB_ROW) {
		dr = db_col_i64(st, 0);
		cr = db_col_i64(st, 1);
		db_done(st);
	}
	if ((rc = db_one(db, sql[SQL_DAY_COUNTS], DB_ARGS(DB_I64(cid), DB_TEXT(p->from), DB_TEXT(p->to)), &st, e)) < 0)
		return rc;
	if (rc == DB_ROW) {
		n = db_col_i64(st, 0);
		cancelled = db_col_i64(st, 1);
		db_done(st);
	}
	report_meta_int(r, "vouchers", n);
	report_meta_int(r, "cancelled", cancelled);
	report_meta_money(r, "debit_total", dr);
	report_meta_money(r, "credit_total", cr);
	return 0;
}

/* The day book pages by voucher (?limit=&after=, DAY_BOOK_PAGE vouchers unless asked; the CLI asks
 * for all), in date and id order; "next" is the last voucher of the page. */
int report_day_book(struct db *db, int64_t cid, const struct report_params *p, struct report *r, struct err *e)
{
	struct chart ch;
	struct day_page d = {r, NULL, p->page.limit > 0 ? p->page.limit : DAY_BOOK_PAGE, 0, 0, 0, 0, 0, 0, -1};
	char after_date[DATE_ISO_SIZE] = "";
	long row;
	int rc;

	if ((rc = chart_load(db, cid, &ch, e)) < 0)
		goto out;
	if (p->page.after > 0) {
		if ((rc = db_text(db, sql[SQL_DAY_CURSOR], DB_ARGS(DB_I64(cid), DB_I64(p->page.after)), after_date, sizeof after_date, e)) < 0)
			goto out;
		if (rc == DB_DONE) {
			rc = err_setr(e, ERR_INVALID, "after", "unknown_cursor", "after names no voucher of this company");
			goto out;
		}
	}
	report_head(r, &ch, "day-book", "Day Book", p);
	d.t = report_table_add(r, "main", "Day Book");
	report_col(d.t, "date", "Date", REPORT_DATE);
	report_col(d.t, "voucher_type", "Type", REPORT_TEXT);
	report_col(d.t, "number", "Number", REPORT_TEXT);
	report_col(d.t, "particulars", "Particulars", REPORT_TEXT);
	report_col(d.t, "narration", "Narration", REPORT_TEXT);
	report_col(d.t, "debit", "Debit", REPORT_MONEY);
	report_col(d.t, "credit", "Credit", REPORT_MONEY);
	report_col(d.t, "status", "Status", REPORT_TEXT);
	if (d.t)
		d.t->grouped = 1;
	if ((rc = day_rows(db, cid, p, after_date, &d, e)) < 0 || (rc = day_summary(db, cid, p, r, e)) < 0)
		goto out;
	r->paged = 1;
	r->next = d.next;
	/* A total row only when the table holds the whole period: on a page it would not be the
	 * period's (the summary's totals are). */
	if (!p->page.after && !d.next) {
		row = report_row(r, d.t, ROW_TOTAL, 0);
		report_set_text(r, d.t, row, DB_PARTICULARS, "Total");
		report_set_i64(d.t, row, DB_DEBIT, d.pdr);
		report_set_i64(d.t, row, DB_CREDIT, d.pcr);
	}
	rc = report_check(r, e);
out:
	chart_done(&ch);
	return rc;
}
