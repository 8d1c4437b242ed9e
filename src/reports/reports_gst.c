/* reports_gst.c - GSTR-1 read from the item lines of sales and credit notes (gst_returns.h): b2b
 * (with supplies to SEZ units), b2cl, b2cs, cdnr, cdnur, exp, nil/exempt/non-GST (table 8), the
 * HSN summary (12), documents issued (13) and the amendment tables; as report tables and the
 * return's JSON shape. A credit note against a B2C invoice is classed by that invoice's value and
 * place (a note against a large inter-state invoice is CDNUR however small the note). A month
 * marked filed is read as it was filed; an invoice of a filed month altered since goes to the
 * amendment tables of the first month not yet filed on or after the day it was altered (the
 * company's day). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "books/books.h"
#include "lib/clock.h"
#include "lib/date.h"
#include "lib/india.h"
#include "lib/jsonw.h"
#include "lib/money.h"
#include "lib/text.h"
#include "reports/gst_returns.h"
#include "reports/reports_gst_int.h"
#include "reports/reports_int.h"
#include "lib/banned.h"

/* The columns every source of lines gives, in this order (see line_row). */
#define LINE_COLS "v.id, v.version, v.type, v.number, v.date, v.total, coalesce(v.place_of_supply, ''), " \
	"coalesce(v.party_gstin, ''), coalesce(p.name, ''), coalesce(v.reference, ''), coalesce(v.supply_type, ''), " \
	"coalesce(v.port_code, ''), coalesce(v.shipping_bill_no, ''), coalesce(v.shipping_bill_date, ''), coalesce(o.total, 0), " \
	"coalesce(o.date, ''), coalesce(o.place_of_supply, ''), coalesce(o.supply_type, ''), i.gst_rate, coalesce(i.gst_reason, ''), " \
	"sum(i.taxable), sum(i.igst), sum(i.cgst), sum(i.sgst), sum(i.cess), v.status, v.updated_at"
#define LINE_FROM "FROM vouchers v JOIN voucher_items i ON i.voucher_id = v.id LEFT JOIN parties p ON p.id = v.party_id " \
	"LEFT JOIN vouchers o ON o.company_id = v.company_id AND v.type = 'credit_note' AND o.type = 'sales' " \
	"AND o.status = 'active' AND o.number = v.reference "
#define LINE_GROUP "GROUP BY v.id, v.company_id, v.version, v.type, v.number, v.date, v.total, v.place_of_supply, v.party_gstin, " \
	"p.name, v.reference, v.supply_type, v.port_code, v.shipping_bill_no, v.shipping_bill_date, o.total, o.date, " \
	"o.place_of_supply, o.supply_type, i.gst_rate, i.gst_reason, v.status, v.updated_at"
#define IN_FILED_MONTH "EXISTS (SELECT 1 FROM gst_filings f WHERE f.company_id = v.company_id AND f.return_type = 'gstr1' " \
	"AND f.period = substr(v.date, 1, 7))"
#define FROZEN "EXISTS (SELECT 1 FROM gst_filed_lines g WHERE g.company_id = v.company_id AND g.voucher_id = v.id)"

enum {
	SQL_GSTIN, SQL_LIVE, SQL_CANDIDATES, SQL_FROZEN, SQL_FILED_MONTHS, SQL_HSN, SQL_DOCS,
	SQL_MAX
};

static const char *const sql[SQL_MAX] = {
	[SQL_GSTIN] = "SELECT coalesce(gstin, '') FROM companies WHERE id = ?",
	/* the period's own invoices and notes, of months not filed */
	[SQL_LIVE] = "SELECT " LINE_COLS ", 'live', '' " LINE_FROM "WHERE v.company_id = ? AND v.status = 'active' "
		     "AND v.type IN ('sales', 'credit_note') AND v.date >= ? AND v.date <= ? AND NOT " IN_FILED_MONTH " AND NOT " FROZEN " "
		     LINE_GROUP,
	/* vouchers of filed months changed since they were filed (amend), or entered into a filed
	 * month after it was filed (late); the day of the change decides the period they go to */
	[SQL_CANDIDATES] = "SELECT " LINE_COLS ", CASE WHEN " FROZEN " THEN 'amend' ELSE 'late' END, "
			   "coalesce((SELECT min(g.date) FROM gst_filed_lines g WHERE g.company_id = v.company_id AND g.voucher_id = v.id "
			   "AND g.section = 'orig'), '') " LINE_FROM "WHERE v.company_id = ? AND v.type IN ('sales', 'credit_note') "
			   "AND v.date >= ? AND v.date <= ? AND substr(v.updated_at, 1, 10) <= ? AND ((" FROZEN " AND v.version > (SELECT max(g.version) FROM gst_filed_lines g "
			   "WHERE g.company_id = v.company_id AND g.voucher_id = v.id)) OR (v.status = 'active' AND NOT " FROZEN " AND "
			   IN_FILED_MONTH ")) " LINE_GROUP,
	[SQL_FROZEN] = "SELECT voucher_id, version, type, number, date, total, place_of_supply, party_gstin, party_name, reference, "
		       "supply_type, port_code, shipping_bill_no, shipping_bill_date, orig_total, orig_date, orig_pos, orig_supply_type, "
		       "gst_rate, gst_reason, taxable, igst, cgst, sgst, cess, status, '', section, filed_date FROM gst_filed_lines "
		       "WHERE company_id = ? AND period >= ? AND period <= ?",
	[SQL_FILED_MONTHS] = "SELECT period FROM gst_filings WHERE company_id = ? AND return_type = 'gstr1' ORDER BY period",
	[SQL_HSN] = "SELECT coalesce(i.hsn, ''), coalesce(i.unit, ''), i.gst_rate, v.type, sum(i.qty), sum(i.taxable), sum(i.igst), "
		    "sum(i.cgst), sum(i.sgst), sum(i.cess) "
		    "FROM vouchers v JOIN voucher_items i ON i.voucher_id = v.id "
		    "WHERE v.company_id = ? AND v.status = 'active' AND v.type IN ('sales', 'credit_note') AND v.date >= ? AND v.date <= ? "
		    "GROUP BY coalesce(i.hsn, ''), coalesce(i.unit, ''), i.gst_rate, v.type "
		    "ORDER BY coalesce(i.hsn, ''), coalesce(i.unit, ''), i.gst_rate, v.type",
	/* table 13: each series, cancelled documents included */
	[SQL_DOCS] = "SELECT type, fy, min(seq), max(seq), count(*), sum(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END) "
		     "FROM vouchers WHERE company_id = ? AND type IN ('sales', 'credit_note') AND date >= ? AND date <= ? "
		     "GROUP BY type, fy ORDER BY type DESC, fy",
};

const char *const gst_nil_kinds[4][2] = {
	{"INTRB2B", "Inter-State supplies to registered persons"},
	{"INTRAB2B", "Intra-State supplies to registered persons"},
	{"INTRB2C", "Inter-State supplies to unregistered persons"},
	{"INTRAB2C", "Intra-State supplies to unregistered persons"},
};

int64_t gst_b2cl_limit(const char *date) { return strcmp(date, "2024-08-01") < 0 ? 25000000 : 10000000; }

void gst_add(int64_t *a, int64_t b, int *bad) { *bad |= __builtin_add_overflow(*a, b, a); }

void *gst_grow(void *p, size_t *cap, size_t n, size_t size)
{
	void *q;
	size_t c;
	if (n < *cap)
		return p;
	c = *cap ? *cap * 2 : 64;
	if (c > REPORT_MAX_ROWS)
		return NULL;
	q = realloc(p, c * size);
	if (q)
		*cap = c;
	return q;
}

void gst_rate_text(int64_t bps, char *out, size_t cap) { decimal_format(bps, 2, out, cap); }

void gst_pos_text(const char *pos, char *out, size_t cap)
{
	const char *name = *pos ? india_state_name(pos) : NULL;
	snprintf(out, cap, "%s%s%s", pos, name ? "-" : "", name ? name : "");
}

int gst_company_gstin(struct db *db, int64_t cid, char out[16], struct err *e)
{
	int rc;
	*out = '\0';
	rc = db_text(db, sql[SQL_GSTIN], DB_ARGS(DB_I64(cid)), out, 16, e);
	return rc < 0 ? rc : 0;
}

/* ---- loading ---- */

/* The months filed, and the state the loader classes lines by. */
struct g1_load {
	struct gstr1 *g;
	const char *state, *tz, *from, *to;
	char (*filed)[8];
	size_t nfiled, capfiled;
};

static int is_filed(const struct g1_load *x, const char *month)
{
	for (size_t i = 0; i < x->nfiled; i++)
		if (strcmp(x->filed[i], month) == 0)
			return 1;
	return 0;
}

static void next_month(char m[8])
{
	int y = (m[0] - '0') * 1000 + (m[1] - '0') * 100 + (m[2] - '0') * 10 + (m[3] - '0'), mo = (m[5] - '0') * 10 + (m[6] - '0');
	if (++mo > 12) {
		mo = 1;
		y++;
	}
	snprintf(m, 8, "%04u-%02u", (unsigned)y % 10000u, (unsigned)mo % 100u);
}

/* The month m ("2026-08") moved by `years`, as the first ("2025-08-01") or last day ("2027-08-31")
 * a date string of it compares against. */
static void year_from(const char m[8], int years, char *out, size_t cap)
{
	int y = (m[0] - '0') * 1000 + (m[1] - '0') * 100 + (m[2] - '0') * 10 + (m[3] - '0') + years;
	snprintf(out, cap, "%04u-%.2s-%s", (unsigned)y % 10000u, m + 5, years < 0 ? "01" : "31");
}

/* The company's day of a UTC timestamp "2026-09-30T19:00:00Z" (in India already 1 October). */
static void local_day(const char *ts, const char *tz, char out[DATE_ISO_SIZE])
{
	struct date d;
	int v[6] = {0, 0, 0, 0, 0, 0};
	static const int at[6] = {0, 5, 8, 11, 14, 17}, len[6] = {4, 2, 2, 2, 2, 2};
	for (int k = 0; k < 6; k++)
		for (int i = 0; i < len[k]; i++) {
			char c = ts[at[k] + i];
			if (c < '0' || c > '9') { /* not a timestamp: its first ten characters */
				text_copy(out, DATE_ISO_SIZE, ts);
				return;
			}
			v[k] = v[k] * 10 + (c - '0');
		}
	d.year = v[0];
	d.month = v[1];
	d.day = v[2];
	date_iso(clock_day(tz, date_days(d) * 86400 + v[3] * 3600 + v[4] * 60 + v[5]), out);
}

/* The month a change made at `ts` is returned in: its own (the company's day), or the first
 * after it not filed. */
static void change_month(const struct g1_load *x, const char *ts, char out[8])
{
	char day[DATE_ISO_SIZE];
	local_day(ts, x->tz, day);
	text_copy(out, 8, day);
	for (size_t i = 0; i <= x->nfiled && is_filed(x, out); i++)
		next_month(out);
}

static int filed_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct g1_load *x = ctx;
	char (*q)[8] = gst_grow(x->filed, &x->capfiled, x->nfiled, sizeof *q);
	if (!q)
		return err_setr(e, ERR_TOO_LARGE, NULL, "too_many_filed", "too many filed months");
	x->filed = q;
	text_copy(x->filed[x->nfiled++], 8, db_col_text(st, 0));
	return 0;
}

/* The section of a line by its kind of supply, party and value; a note by its invoice's. */
static void classify(struct gst_rline *l, const char *state, const char *orig_pos, const char *orig_supply)
{
	const char *supply = l->supply_type[0] ? l->supply_type : l->note ? orig_supply : "";
	int reg = l->gstin[0] != '\0';
	if (!l->supply_type[0] && l->note)
		text_copy(l->supply_type, sizeof l->supply_type, orig_supply);
	l->inter = supply[0] || (l->pos[0] && strcmp(l->pos, state) != 0);
	if (strncmp(supply, "export", 6) == 0)
		l->section = l->note ? GS_CDNUR : GS_EXP;
	else if (l->rate == 0 || l->reason[0])
		l->section = GS_NIL;
	else if (reg)
		l->section = l->note ? GS_CDNR : GS_B2B;
	else if (!l->note)
		l->section = l->inter && l->value > gst_b2cl_limit(l->date) ? GS_B2CL : GS_B2CS;
	else if (l->orig_date[0]) /* against a B2C invoice: large if that invoice was */
		l->section = orig_pos[0] && strcmp(orig_pos, state) != 0 && l->orig_value > gst_b2cl_limit(l->orig_date) ? GS_CDNUR : GS_B2CS;
	else
		l->section = l->inter && l->value > gst_b2cl_limit(l->date) ? GS_CDNUR : GS_B2CS;
}

static int b2cs_add(struct gstr1 *g, const struct gst_rline *l, int sign)
{
	struct gst_b2cs *c = NULL;
	for (size_t i = 0; i < g->ncs && !c; i++)
		if (g->cs[i].inter == l->inter && strcmp(g->cs[i].pos, l->pos) == 0 && g->cs[i].rate == l->rate)
			c = &g->cs[i];
	if (!c) {
		struct gst_b2cs *q = gst_grow(g->cs, &g->capcs, g->ncs, sizeof *q);
		if (!q)
			return -1;
		g->cs = q;
		c = &g->cs[g->ncs++];
		memset(c, 0, sizeof *c);
		c->inter = l->inter;
		memcpy(c->pos, l->pos, sizeof c->pos);
		c->rate = l->rate;
	}
	gst_add(&c->taxable, sign * l->taxable, &g->bad);
	gst_add(&c->igst, sign * l->igst, &g->bad);
	gst_add(&c->cgst, sign * l->cgst, &g->bad);
	gst_add(&c->sgst, sign * l->sgst, &g->bad);
	gst_add(&c->cess, sign * l->cess, &g->bad);
	return 0;
}

static int too_many(struct err *e) { return err_setr(e, ERR_TOO_LARGE, NULL, "too_many_invoices", "too many invoices for one return; choose a shorter period"); }

/* A line into its place: table 8, the B2C sums, or the list. */
static int place_line(struct gstr1 *g, const struct gst_rline *l, struct err *e)
{
	int sign = l->note ? -1 : 1;
	if (g->keep)
		goto keep;
	if (l->section == GS_NIL && !l->amendment) {
		int k = (l->gstin[0] ? 0 : 2) + (l->inter ? 0 : 1);
		int r = strcmp(l->reason, "exempt") == 0 ? GN_EXEMPT : strcmp(l->reason, "non_gst") == 0 ? GN_NON_GST : GN_NIL;
		gst_add(&g->nil[k][r], sign * l->taxable, &g->bad);
		return 0;
	}
	if (l->section == GS_B2CS && !l->amendment)
		return b2cs_add(g, l, sign) < 0 ? too_many(e) : 0;
keep:
	{
		struct gst_rline *q = gst_grow(g->lines, &g->cap, g->n, sizeof *q);
		if (!q)
			return too_many(e);
		g->lines = q;
		g->lines[g->n++] = *l;
	}
	return 0;
}

/* One row of LINE_COLS with its source ('live', 'orig', 'amend', 'late') and filed date. */
static int line_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct g1_load *x = ctx;
	struct gst_rline l;
	const char *src = db_col_text(st, 27);
	char orig_pos[3], orig_supply[16];

	memset(&l, 0, sizeof l);
	l.voucher_id = db_col_i64(st, 0);
	l.version = db_col_i64(st, 1);
	l.note = strcmp(db_col_text(st, 2), "credit_note") == 0;
	text_copy(l.number, sizeof l.number, db_col_text(st, 3));
	text_copy(l.date, sizeof l.date, db_col_text(st, 4));
	l.value = db_col_i64(st, 5);
	text_copy(l.pos, sizeof l.pos, db_col_text(st, 6));
	text_copy(l.gstin, sizeof l.gstin, db_col_text(st, 7));
	text_copy(l.party, sizeof l.party, db_col_text(st, 8));
	text_copy(l.ref, sizeof l.ref, db_col_text(st, 9));
	text_copy(l.supply_type, sizeof l.supply_type, db_col_text(st, 10));
	text_copy(l.port_code, sizeof l.port_code, db_col_text(st, 11));
	text_copy(l.sb_no, sizeof l.sb_no, db_col_text(st, 12));
	text_copy(l.sb_date, sizeof l.sb_date, db_col_text(st, 13));
	l.orig_value = db_col_i64(st, 14);
	text_copy(l.orig_date, sizeof l.orig_date, db_col_text(st, 15));
	text_copy(orig_pos, sizeof orig_pos, db_col_text(st, 16));
	text_copy(l.orig_pos, sizeof l.orig_pos, orig_pos);
	text_copy(orig_supply, sizeof orig_supply, db_col_text(st, 17));
	l.rate = db_col_i64(st, 18);
	text_copy(l.reason, sizeof l.reason, db_col_text(st, 19));
	l.taxable = db_col_i64(st, 20);
	l.igst = db_col_i64(st, 21);
	l.cgst = db_col_i64(st, 22);
	l.sgst = db_col_i64(st, 23);
	l.cess = db_col_i64(st, 24);
	l.cancelled = strcmp(db_col_text(st, 25), "cancelled") == 0;
	text_copy(l.filed_date, sizeof l.filed_date, db_col_text(st, 28));
	l.amendment = strcmp(src, "amend") == 0;
	if (strcmp(src, "late") == 0 || (l.amendment && db_col_text(st, 26)[0])) {
		/* a change of a filed month: returned in the month of the change, or the first after it not filed */
		char m[8];
		change_month(x, db_col_text(st, 26), m);
		if (strncmp(m, x->from, 7) < 0 || strncmp(m, x->to, 7) > 0)
			return 0;
	}
	if (l.cancelled)
		l.value = l.taxable = l.igst = l.cgst = l.sgst = l.cess = 0;
	classify(&l, x->state, orig_pos, orig_supply);
	return place_line(x->g, &l, e);
}

/* Sales and returns of one HSN, unit and rate arrive next to each other: net them. */
static int hsn_each(void *ctx, struct db_stmt *st, struct err *e)
{
	struct gstr1 *g = ctx;
	int sign = strcmp(db_col_text(st, 3), "credit_note") == 0 ? -1 : 1;
	struct gst_hsn *h = g->nhsn ? &g->hsn[g->nhsn - 1] : NULL;
	if (!h || strcmp(h->hsn, db_col_text(st, 0)) != 0 || strcmp(h->unit, db_col_text(st, 1)) != 0 ||
	    h->rate != db_col_i64(st, 2)) {
		struct gst_hsn *q = gst_grow(g->hsn, &g->caphsn, g->nhsn, sizeof *q);
		if (!q)
			return err_setr(e, ERR_TOO_LARGE, NULL, "too_many_hsn", "too many HSN codes");
		g->hsn = q;
		h = &g->hsn[g->nhsn++];
		memset(h, 0, sizeof *h);
		text_copy(h->hsn, sizeof h->hsn, db_col_text(st, 0));
		text_copy(h->unit, sizeof h->unit, db_col_text(st, 1));
		h->rate = db_col_i64(st, 2);
	}
	gst_add(&h->qty, sign * db_col_i64(st, 4), &g->bad);
	gst_add(&h->taxable, sign * db_col_i64(st, 5), &g->bad);
	gst_add(&h->igst, sign * db_col_i64(st, 6), &g->bad);
	gst_add(&h->cgst, sign * db_col_i64(st, 7), &g->bad);
	gst_add(&h->sgst, sign * db_col_i64(st, 8), &g->bad);
	gst_add(&h->cess, sign * db_col_i64(st, 9), &g->bad);
	return 0;
}

static int docs_each(void *ctx, struct db_stmt *st, struct err *e)
{
	struct gstr1 *g = ctx;
	struct gst_docs *d;
	enum voucher_type t;
	(void)e;
	if (g->ndocs >= (int)(sizeof g->docs / sizeof g->docs[0]) || voucher_type_parse(db_col_text(st, 0), &t) < 0)
		return 0;
	d = &g->docs[g->ndocs++];
	d->nature = t == VT_SALES ? "Invoices for outward supply" : "Credit Note";
	voucher_number_format(d->from, t, db_col_i64(st, 1), db_col_i64(st, 2));
	voucher_number_format(d->to, t, db_col_i64(st, 1), db_col_i64(st, 3));
	d->total = db_col_i64(st, 4);
	d->cancelled = db_col_i64(st, 5);
	return 0;
}

/* By amendment, section, then recipient (b2b, cdnr) or place of supply (b2cl), date, invoice and
 * rate: the order the return groups them in. */
static int line_cmp(const void *a, const void *b)
{
	const struct gst_rline *x = a, *y = b;
	int c;
	if (x->amendment != y->amendment)
		return x->amendment - y->amendment;
	if (x->section != y->section)
		return (int)x->section - (int)y->section;
	c = x->section == GS_B2CL ? strcmp(x->pos, y->pos) : strcmp(x->gstin, y->gstin);
	if (!c)
		c = strcmp(x->date, y->date);
	if (!c && x->voucher_id != y->voucher_id)
		c = x->voucher_id < y->voucher_id ? -1 : 1;
	if (!c && x->rate != y->rate)
		c = x->rate < y->rate ? -1 : 1;
	return c;
}

static int cs_cmp(const void *a, const void *b)
{
	const struct gst_b2cs *x = a, *y = b;
	int c = strcmp(x->pos, y->pos);
	if (c)
		return c;
	if (x->inter != y->inter)
		return x->inter - y->inter;
	return x->rate < y->rate ? -1 : x->rate > y->rate;
}

static int load(struct db *db, int64_t cid, const char *from, const char *to, int keep, struct gstr1 *g, struct err *e)
{
	struct books b;
	struct g1_load x = {g, b.state_code, b.timezone, from, to, NULL, 0, 0};
	char m1[8], m2[8], m[8], first[DATE_ISO_SIZE + 8] = "", last[DATE_ISO_SIZE + 8] = "", utc_to[DATE_ISO_SIZE];
	int rc;

	memset(g, 0, sizeof *g);
	g->keep = keep;
	if ((rc = books_get(db, cid, &b, e)) < 0)
		return rc;
	text_copy(m1, sizeof m1, from);
	text_copy(m2, sizeof m2, to);
	if ((rc = db_each(db, sql[SQL_FILED_MONTHS], DB_ARGS(DB_I64(cid)), filed_row, &x, e)) < 0)
		goto out;
	g->filed = 1;
	for (text_copy(m, sizeof m, m1); strcmp(m, m2) <= 0 && g->filed; next_month(m))
		g->filed = is_filed(&x, m);
	/* the changes after a filing are of vouchers dated in the filed months, or moved out of them
	 * within the financial year an alteration keeps: a year either side of them */
	/* a change is read by its UTC day, a day past the period (the company's day may be behind) */
	if (date_iso_add(to, 1, utc_to) < 0)
		text_copy(utc_to, sizeof utc_to, to);
	if (x.nfiled) {
		year_from(x.filed[0], -1, first, sizeof first);
		year_from(x.filed[x.nfiled - 1], 1, last, sizeof last);
	}
	if ((rc = db_each(db, sql[SQL_LIVE], DB_ARGS(DB_I64(cid), DB_TEXT(from), DB_TEXT(to)), line_row, &x, e)) < 0 ||
	    (rc = db_each(db, sql[SQL_FROZEN], DB_ARGS(DB_I64(cid), DB_TEXT(m1), DB_TEXT(m2)), line_row, &x, e)) < 0 ||
	    (x.nfiled && (rc = db_each(db, sql[SQL_CANDIDATES], DB_ARGS(DB_I64(cid), DB_TEXT(first), DB_TEXT(last), DB_TEXT(utc_to)),
				       line_row, &x, e)) < 0) ||
	    (rc = db_each(db, sql[SQL_HSN], DB_ARGS(DB_I64(cid), DB_TEXT(from), DB_TEXT(to)), hsn_each, g, e)) < 0 ||
	    (rc = db_each(db, sql[SQL_DOCS], DB_ARGS(DB_I64(cid), DB_TEXT(from), DB_TEXT(to)), docs_each, g, e)) < 0)
		goto out;
	if (g->ncs > 1)
		qsort(g->cs, g->ncs, sizeof *g->cs, cs_cmp);
	if (g->n > 1)
		qsort(g->lines, g->n, sizeof *g->lines, line_cmp);
	rc = g->bad ? money_range_err(e, "amounts are beyond the range of amounts") : 0;
out:
	free(x.filed);
	return rc;
}

int gstr1_load(struct db *db, int64_t cid, const char *from, const char *to, struct gstr1 *g, struct err *e)
{
	return load(db, cid, from, to, 0, g, e);
}

int gstr1_load_lines(struct db *db, int64_t cid, const char *from, const char *to, struct gstr1 *g, struct err *e)
{
	return load(db, cid, from, to, 1, g, e);
}

void gstr1_free(struct gstr1 *g)
{
	free(g->lines);
	free(g->cs);
	free(g->hsn);
	memset(g, 0, sizeof *g);
}

/* ---- the report ---- */

/* DD-MM-YYYY, the returns' date form. */
static void gst_date(const char *iso, char out[11]) { snprintf(out, 11, "%.2s-%.2s-%.4s", iso + 8, iso + 5, iso); }

enum { T_B2B, T_B2CL, T_B2CS, T_CDNR, T_CDNUR, T_EXP, T_MAX };

static const char *const base_names[T_MAX] = {"b2b", "b2cl", "b2cs", "cdnr", "cdnur", "exp"};
static const char *const amend_names[T_MAX] = {"b2ba", "b2cla", "b2csa", "cdnra", "cdnura", "expa"};
static const char *const base_titles[T_MAX] = {
	"B2B Invoices - 4A, 4B, 6B, 6C", "B2C (Large) Invoices - 5A, 5B", "B2C (Others) - 7",
	"Credit/Debit Notes (Registered) - 9B", "Credit/Debit Notes (Unregistered) - 9B", "Exports - 6A",
};
static const char *const amend_titles[T_MAX] = {
	"Amended B2B Invoices - 9A", "Amended B2C (Large) Invoices - 9A", "Amended B2C (Others) invoices - 10",
	"Amended Credit/Debit Notes (Registered) - 9C", "Amended Credit/Debit Notes (Unregistered) - 9C", "Amended Exports - 9A",
};

static int table_of(enum gst_section s)
{
	return s == GS_B2B ? T_B2B : s == GS_B2CL ? T_B2CL : s == GS_B2CS ? T_B2CS : s == GS_CDNR ? T_CDNR : s == GS_CDNUR ? T_CDNUR : T_EXP;
}

/* The columns of table k: those of the GST offline tool's template, with the tax split shown. */
static struct report_table *invoice_table(struct report *r, int k, int amend)
{
	struct report_table *t = report_table_add(r, amend ? amend_names[k] : base_names[k], amend ? amend_titles[k] : base_titles[k]);
	int note = k == T_CDNR || k == T_CDNUR;
	if (!t)
		return NULL;
	if (k == T_B2B || k == T_CDNR) {
		report_col(t, "gstin", "GSTIN/UIN of Recipient", REPORT_TEXT);
		report_col(t, "receiver", "Receiver Name", REPORT_TEXT);
	}
	if (k == T_CDNUR)
		report_col(t, "ur_type", "UR Type", REPORT_TEXT);
	if (k == T_EXP)
		report_col(t, "export_type", "Export Type", REPORT_TEXT);
	if (amend) {
		report_col(t, "original_number", note ? "Original Note Number" : "Original Invoice Number", REPORT_TEXT);
		report_col(t, "original_date", note ? "Original Note Date" : "Original Invoice Date", REPORT_DATE);
	}
	if (k == T_B2CS && !amend) {
		report_col(t, "type", "Type", REPORT_TEXT);
		report_col(t, "supply_type", "Supply Type", REPORT_TEXT);
	} else {
		report_col(t, "number", note ? "Note Number" : "Invoice Number", REPORT_TEXT);
		report_col(t, "date", note ? "Note Date" : "Invoice Date", REPORT_DATE);
		if (note) {
			report_col(t, "note_type", "Note Type", REPORT_TEXT);
			report_col(t, "against", "Against Invoice", REPORT_TEXT);
		}
		report_col(t, "value", note ? "Note Value" : "Invoice Value", REPORT_MONEY);
	}
	if (k == T_EXP) {
		report_col(t, "port_code", "Port Code", REPORT_TEXT);
		report_col(t, "shipping_bill_no", "Shipping Bill Number", REPORT_TEXT);
		report_col(t, "shipping_bill_date", "Shipping Bill Date", REPORT_DATE);
	} else {
		report_col(t, "place_of_supply", "Place Of Supply", REPORT_TEXT);
	}
	if (k == T_B2B || k == T_CDNR)
		report_col(t, "reverse_charge", "Reverse Charge", REPORT_TEXT);
	if (k == T_B2B)
		report_col(t, "invoice_type", "Invoice Type", REPORT_TEXT);
	report_col(t, "rate", "Rate", REPORT_TEXT);
	report_col(t, "taxable", "Taxable Value", REPORT_MONEY);
	report_col(t, "igst", "Integrated Tax", REPORT_MONEY);
	if (k != T_B2CL && k != T_CDNUR && k != T_EXP) {
		report_col(t, "cgst", "Central Tax", REPORT_MONEY);
		report_col(t, "sgst", "State/UT Tax", REPORT_MONEY);
	}
	report_col(t, "cess", "Cess Amount", REPORT_MONEY);
	return t;
}

static const char *invoice_type(const char *supply)
{
	return strcmp(supply, "sez_wpay") == 0 ? "SEZ supplies with payment" : strcmp(supply, "sez_wopay") == 0 ? "SEZ supplies without payment"
											      : "Regular B2B";
}

/* An invoice or note line into table t (of kind k, as invoice_table). */
static void line_cells(struct report *r, struct report_table *t, int k, int amend, const struct gst_rline *l)
{
	long row = report_row(r, t, ROW_DATA, 0);
	int note = k == T_CDNR || k == T_CDNUR, c = 0;
	char buf[64];
	if (row < 0)
		return;
	report_row_id(t, row, "voucher_id", l->voucher_id);
	if (k == T_B2B || k == T_CDNR) {
		report_set_text(r, t, row, c++, l->gstin);
		report_set_text(r, t, row, c++, l->party);
	}
	if (k == T_CDNUR)
		report_set_text(r, t, row, c++, strncmp(l->supply_type, "export", 6) ? "B2CL" : strstr(l->supply_type, "wopay") ? "EXPWOP" : "EXPWP");
	if (k == T_EXP)
		report_set_text(r, t, row, c++, strstr(l->supply_type, "wopay") ? "WOPAY" : "WPAY");
	if (amend) {
		report_set_text(r, t, row, c++, l->number);
		report_set_text(r, t, row, c++, l->filed_date[0] ? l->filed_date : l->date);
	}
	if (k == T_B2CS && !amend) {
		report_set_text(r, t, row, c++, "OE");
		report_set_text(r, t, row, c++, l->inter ? "Inter State" : "Intra State");
	} else {
		report_set_text(r, t, row, c++, l->number);
		report_set_text(r, t, row, c++, l->date);
		if (note) {
			report_set_text(r, t, row, c++, "C");
			report_set_text(r, t, row, c++, l->ref);
		}
		report_set_i64(t, row, c++, l->value);
	}
	if (k == T_EXP) {
		report_set_text(r, t, row, c++, l->port_code);
		report_set_text(r, t, row, c++, l->sb_no);
		report_set_text(r, t, row, c++, l->sb_date);
	} else {
		gst_pos_text(l->pos, buf, sizeof buf);
		report_set_text(r, t, row, c++, buf);
	}
	if (k == T_B2B || k == T_CDNR)
		report_set_text(r, t, row, c++, "N");
	if (k == T_B2B)
		report_set_text(r, t, row, c++, invoice_type(l->supply_type));
	gst_rate_text(l->rate, buf, sizeof buf);
	report_set_text(r, t, row, c++, buf);
	report_set_i64(t, row, c++, l->taxable);
	report_set_i64(t, row, c++, l->igst);
	if (k != T_B2CL && k != T_CDNUR && k != T_EXP) {
		report_set_i64(t, row, c++, l->cgst);
		report_set_i64(t, row, c++, l->sgst);
	}
	report_set_i64(t, row, c, l->cess);
}

static void b2cs_cells(struct report *r, struct report_table *t, const struct gst_b2cs *s)
{
	long row = report_row(r, t, ROW_DATA, 0);
	char buf[64];
	if (row < 0)
		return;
	report_set_text(r, t, row, 0, "OE");
	report_set_text(r, t, row, 1, s->inter ? "Inter State" : "Intra State");
	gst_pos_text(s->pos, buf, sizeof buf);
	report_set_text(r, t, row, 2, buf);
	gst_rate_text(s->rate, buf, sizeof buf);
	report_set_text(r, t, row, 3, buf);
	report_set_i64(t, row, 4, s->taxable);
	report_set_i64(t, row, 5, s->igst);
	report_set_i64(t, row, 6, s->cgst);
	report_set_i64(t, row, 7, s->sgst);
	report_set_i64(t, row, 8, s->cess);
}

static void nil_table(struct report *r, const struct gstr1 *g)
{
	struct report_table *n = report_table_add(r, "nil", "Nil Rated, Exempted and Non-GST Supplies - 8");
	if (!n)
		return;
	report_col(n, "description", "Description", REPORT_TEXT);
	report_col(n, "nil_rated", "Nil Rated Supplies", REPORT_MONEY);
	report_col(n, "exempted", "Exempted", REPORT_MONEY);
	report_col(n, "non_gst", "Non-GST Supplies", REPORT_MONEY);
	for (int k = 0; k < 4; k++) {
		long row = report_row(r, n, ROW_DATA, 0);
		if (row < 0)
			return;
		report_set_text(r, n, row, 0, gst_nil_kinds[k][1]);
		for (int x = 0; x < GN_MAX; x++)
			report_set_i64(n, row, 1 + x, g->nil[k][x]);
	}
}

static void hsn_table(struct report *r, const struct gstr1 *g)
{
	struct report_table *h = report_table_add(r, "hsn", "HSN-wise Summary of Outward Supplies - 12");
	char buf[64];
	if (!h)
		return;
	report_col(h, "hsn", "HSN", REPORT_TEXT);
	report_col(h, "uqc", "UQC", REPORT_TEXT);
	report_col(h, "quantity", "Total Quantity", REPORT_TEXT);
	report_col(h, "rate", "Rate", REPORT_TEXT);
	report_col(h, "value", "Total Value", REPORT_MONEY);
	report_col(h, "taxable", "Taxable Value", REPORT_MONEY);
	report_col(h, "igst", "Integrated Tax Amount", REPORT_MONEY);
	report_col(h, "cgst", "Central Tax Amount", REPORT_MONEY);
	report_col(h, "sgst", "State/UT Tax Amount", REPORT_MONEY);
	report_col(h, "cess", "Cess Amount", REPORT_MONEY);
	for (size_t i = 0; i < g->nhsn; i++) {
		const struct gst_hsn *x = &g->hsn[i];
		long row = report_row(r, h, ROW_DATA, 0);
		int64_t value = x->taxable;
		int bad = 0;
		if (row < 0)
			return;
		gst_add(&value, x->igst, &bad);
		gst_add(&value, x->cgst, &bad);
		gst_add(&value, x->sgst, &bad);
		gst_add(&value, x->cess, &bad);
		if (bad)
			r->failed = 2;
		report_set_text(r, h, row, 0, x->hsn);
		report_set_text(r, h, row, 1, *x->unit ? x->unit : "OTH");
		decimal_format(x->qty, 3, buf, sizeof buf);
		report_set_text(r, h, row, 2, buf);
		gst_rate_text(x->rate, buf, sizeof buf);
		report_set_text(r, h, row, 3, buf);
		report_set_i64(h, row, 4, value);
		report_set_i64(h, row, 5, x->taxable);
		report_set_i64(h, row, 6, x->igst);
		report_set_i64(h, row, 7, x->cgst);
		report_set_i64(h, row, 8, x->sgst);
		report_set_i64(h, row, 9, x->cess);
	}
}

static void docs_table(struct report *r, const struct gstr1 *g)
{
	struct report_table *d = report_table_add(r, "docs", "Documents Issued - 13");
	if (!d)
		return;
	report_col(d, "nature", "Nature of Document", REPORT_TEXT);
	report_col(d, "from", "Sr. No. From", REPORT_TEXT);
	report_col(d, "to", "Sr. No. To", REPORT_TEXT);
	report_col(d, "total", "Total Number", REPORT_INT);
	report_col(d, "cancelled", "Cancelled", REPORT_INT);
	report_col(d, "net_issued", "Net Issued", REPORT_INT);
	for (int i = 0; i < g->ndocs; i++) {
		long row = report_row(r, d, ROW_DATA, 0);
		if (row < 0)
			return;
		report_set_text(r, d, row, 0, g->docs[i].nature);
		report_set_text(r, d, row, 1, g->docs[i].from);
		report_set_text(r, d, row, 2, g->docs[i].to);
		report_set_i64(d, row, 3, g->docs[i].total);
		report_set_i64(d, row, 4, g->docs[i].cancelled);
		report_set_i64(d, row, 5, g->docs[i].total - g->docs[i].cancelled);
	}
}

static void gstr1_tables(struct report *r, const struct gstr1 *g)
{
	struct report_table *t[2][T_MAX];
	for (int k = 0; k < T_MAX; k++)
		t[0][k] = invoice_table(r, k, 0);
	nil_table(r, g);
	hsn_table(r, g);
	docs_table(r, g);
	for (int k = 0; k < T_MAX; k++)
		t[1][k] = invoice_table(r, k, 1);
	for (size_t i = 0; i < g->n; i++) {
		const struct gst_rline *l = &g->lines[i];
		int k = table_of(l->section), a = l->amendment != 0;
		if (l->section != GS_NIL && t[a][k])
			line_cells(r, t[a][k], k, a, l);
	}
	for (size_t i = 0; i < g->ncs && t[0][T_B2CS]; i++)
		b2cs_cells(r, t[0][T_B2CS], &g->cs[i]);
}

/* ---- the return's JSON shape ---- */

static void j_rate(struct jsonw *w, int64_t bps)
{
	char b[32];
	gst_rate_text(bps, b, sizeof b);
	jsonw_key(w, "rt");
	jsonw_raw(w, b);
}

/* An "itms" entry: {"num", "itm_det": {...}} with the taxes the kind of invoice carries. */
static void j_item(struct jsonw *w, int num, const struct gst_rline *l, int with_cs)
{
	jsonw_obj(w);
	jsonw_ki64(w, "num", num);
	jsonw_key(w, "itm_det");
	jsonw_obj(w);
	j_rate(w, l->rate);
	jsonw_kmoney(w, "txval", l->taxable);
	jsonw_kmoney(w, "iamt", l->igst);
	if (with_cs) {
		jsonw_kmoney(w, "camt", l->cgst);
		jsonw_kmoney(w, "samt", l->sgst);
	}
	jsonw_kmoney(w, "csamt", l->cess);
	jsonw_obj_end(w);
	jsonw_obj_end(w);
}

static void j_head(struct jsonw *w, enum gst_section s, const struct gst_rline *l)
{
	char d[11];
	gst_date(l->date, d);
	if (s == GS_CDNR || s == GS_CDNUR) {
		if (s == GS_CDNUR)
			jsonw_kstr(w, "typ", strncmp(l->supply_type, "export", 6) ? "B2CL" : strstr(l->supply_type, "wopay") ? "EXPWOP" : "EXPWP");
		jsonw_kstr(w, "ntty", "C");
		jsonw_kstr(w, "nt_num", l->number);
		jsonw_kstr(w, "nt_dt", d);
	} else {
		jsonw_kstr(w, "inum", l->number);
		jsonw_kstr(w, "idt", d);
	}
	jsonw_kmoney(w, "val", l->value);
	if (s == GS_EXP) {
		jsonw_kstr(w, "sbpcode", l->port_code[0] ? l->port_code : NULL);
		jsonw_kstr(w, "sbnum", l->sb_no[0] ? l->sb_no : NULL);
		if (l->sb_date[0])
			gst_date(l->sb_date, d);
		jsonw_kstr(w, "sbdt", l->sb_date[0] ? d : NULL);
	} else if (s != GS_B2CL) {
		jsonw_kstr(w, "pos", l->pos);
	}
	if (s == GS_B2B || s == GS_CDNR) {
		jsonw_kstr(w, "rchrg", "N");
		jsonw_kstr(w, "inv_typ", strcmp(l->supply_type, "sez_wpay") == 0 ? "SEWP" : strcmp(l->supply_type, "sez_wopay") == 0 ? "SEWOP" : "R");
	}
}

/* The lines of section s (not amendments) grouped by invoice (lines of one invoice are adjacent);
 * for b2b and cdnr also by recipient GSTIN, for b2cl by place of supply, for exp by export type. */
static void j_invoices(struct jsonw *w, const struct gstr1 *g, enum gst_section s)
{
	const char *outer = s == GS_B2B || s == GS_CDNR ? "ctin" : s == GS_B2CL ? "pos" : s == GS_EXP ? "exp_typ" : NULL;
	const char *list = s == GS_CDNR ? "nt" : "inv";
	char cur_outer[16] = "";
	int64_t cur_inv = 0;
	int num = 0, open_outer = 0, open_inv = 0;

	jsonw_arr(w);
	for (size_t i = 0; i < g->n; i++) {
		const struct gst_rline *l = &g->lines[i];
		const char *ov;
		if (l->section != s || l->amendment)
			continue;
		ov = s == GS_B2CL ? l->pos : s == GS_EXP ? (strstr(l->supply_type, "wopay") ? "WOPAY" : "WPAY") : l->gstin;
		if (outer && (!open_outer || strcmp(cur_outer, ov) != 0)) {
			if (open_inv) {
				jsonw_arr_end(w);
				jsonw_obj_end(w);
				open_inv = 0;
			}
			if (open_outer) {
				jsonw_arr_end(w);
				jsonw_obj_end(w);
			}
			jsonw_obj(w);
			jsonw_kstr(w, outer, ov);
			jsonw_key(w, list);
			jsonw_arr(w);
			text_copy(cur_outer, sizeof cur_outer, ov);
			open_outer = 1;
			cur_inv = 0;
		}
		if (!open_inv || cur_inv != l->voucher_id) {
			if (open_inv) {
				jsonw_arr_end(w);
				jsonw_obj_end(w);
			}
			jsonw_obj(w);
			j_head(w, s, l);
			jsonw_key(w, "itms");
			jsonw_arr(w);
			cur_inv = l->voucher_id;
			open_inv = 1;
			num = 0;
		}
		j_item(w, ++num, l, s == GS_B2B || s == GS_CDNR);
	}
	if (open_inv) {
		jsonw_arr_end(w);
		jsonw_obj_end(w);
	}
	if (open_outer) {
		jsonw_arr_end(w);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
}

static void j_b2cs(struct jsonw *w, const struct gstr1 *g)
{
	jsonw_arr(w);
	for (size_t i = 0; i < g->ncs; i++) {
		const struct gst_b2cs *s = &g->cs[i];
		jsonw_obj(w);
		jsonw_kstr(w, "sply_ty", s->inter ? "INTER" : "INTRA");
		jsonw_kstr(w, "pos", s->pos);
		jsonw_kstr(w, "typ", "OE");
		j_rate(w, s->rate);
		jsonw_kmoney(w, "txval", s->taxable);
		jsonw_kmoney(w, "iamt", s->igst);
		jsonw_kmoney(w, "camt", s->cgst);
		jsonw_kmoney(w, "samt", s->sgst);
		jsonw_kmoney(w, "csamt", s->cess);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
}

static void j_nil(struct jsonw *w, const struct gstr1 *g)
{
	jsonw_obj(w);
	jsonw_key(w, "inv");
	jsonw_arr(w);
	for (int k = 0; k < 4; k++) {
		jsonw_obj(w);
		jsonw_kstr(w, "sply_ty", gst_nil_kinds[k][0]);
		jsonw_kmoney(w, "nil_amt", g->nil[k][GN_NIL]);
		jsonw_kmoney(w, "expt_amt", g->nil[k][GN_EXEMPT]);
		jsonw_kmoney(w, "ngsup_amt", g->nil[k][GN_NON_GST]);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_obj_end(w);
}

static void j_hsn(struct jsonw *w, const struct gstr1 *g)
{
	jsonw_obj(w);
	jsonw_key(w, "data");
	jsonw_arr(w);
	for (size_t i = 0; i < g->nhsn; i++) {
		const struct gst_hsn *h = &g->hsn[i];
		char q[32];
		jsonw_obj(w);
		jsonw_ki64(w, "num", (int64_t)i + 1);
		jsonw_kstr(w, "hsn_sc", h->hsn);
		jsonw_kstr(w, "uqc", *h->unit ? h->unit : "OTH");
		decimal_format(h->qty, 3, q, sizeof q);
		jsonw_key(w, "qty");
		jsonw_raw(w, q);
		j_rate(w, h->rate);
		jsonw_kmoney(w, "txval", h->taxable);
		jsonw_kmoney(w, "iamt", h->igst);
		jsonw_kmoney(w, "camt", h->cgst);
		jsonw_kmoney(w, "samt", h->sgst);
		jsonw_kmoney(w, "csamt", h->cess);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_obj_end(w);
}

static void j_docs(struct jsonw *w, const struct gstr1 *g)
{
	jsonw_obj(w);
	jsonw_key(w, "doc_det");
	jsonw_arr(w);
	for (int i = 0; i < g->ndocs; i++) {
		int first = i == 0 || g->docs[i].nature != g->docs[i - 1].nature;
		if (!first)
			continue;
		jsonw_obj(w);
		jsonw_ki64(w, "doc_num", strcmp(g->docs[i].nature, "Credit Note") == 0 ? 5 : 1);
		jsonw_key(w, "docs");
		jsonw_arr(w);
		for (int k = i, num = 1; k < g->ndocs && g->docs[k].nature == g->docs[i].nature; k++, num++) {
			jsonw_obj(w);
			jsonw_ki64(w, "num", num);
			jsonw_kstr(w, "from", g->docs[k].from);
			jsonw_kstr(w, "to", g->docs[k].to);
			jsonw_ki64(w, "totnum", g->docs[k].total);
			jsonw_ki64(w, "cancel", g->docs[k].cancelled);
			jsonw_ki64(w, "net_issue", g->docs[k].total - g->docs[k].cancelled);
			jsonw_obj_end(w);
		}
		jsonw_arr_end(w);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_obj_end(w);
}

static void gstr1_json(struct report *r, const struct gstr1 *g, const char *gstin, const char *to)
{
	static const struct {
		const char *key;
		enum gst_section s;
	} sections[] = {{"b2b", GS_B2B}, {"b2cl", GS_B2CL}, {"cdnr", GS_CDNR}, {"cdnur", GS_CDNUR}, {"exp", GS_EXP}};
	struct jsonw w;
	char fp[8];
	jsonw_init(&w, &r->extra_json);
	snprintf(fp, sizeof fp, "%.2s%.4s", to + 5, to);
	jsonw_key(&w, "gstr1");
	jsonw_obj(&w);
	jsonw_kstr(&w, "gstin", gstin);
	jsonw_kstr(&w, "fp", fp);
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
		jsonw_key(&w, sections[i].key);
		j_invoices(&w, g, sections[i].s);
	}
	jsonw_key(&w, "b2cs");
	j_b2cs(&w, g);
	jsonw_key(&w, "nil");
	j_nil(&w, g);
	jsonw_key(&w, "hsn");
	j_hsn(&w, g);
	jsonw_key(&w, "doc_issue");
	j_docs(&w, g);
	jsonw_obj_end(&w);
	if (jsonw_ok(&w) < 0)
		r->failed = 1;
}

/* The return's totals: tax on every taxable supply and note (notes net), amendments apart. */
static void gstr1_summary(struct report *r, const struct gstr1 *g, const char *gstin, int *bad)
{
	int64_t t[5] = {0, 0, 0, 0, 0}, nil[GN_MAX] = {0, 0, 0}, exports = 0;
	int64_t amendments = 0;
	static const char *const nk[GN_MAX] = {"nil_rated", "exempted", "non_gst"};
	for (size_t i = 0; i < g->n; i++) {
		const struct gst_rline *l = &g->lines[i];
		int64_t sign = l->note ? -1 : 1;
		if (l->amendment) {
			amendments++;
			continue;
		}
		gst_add(&t[0], sign * l->taxable, bad);
		gst_add(&t[1], sign * l->igst, bad);
		gst_add(&t[2], sign * l->cgst, bad);
		gst_add(&t[3], sign * l->sgst, bad);
		gst_add(&t[4], sign * l->cess, bad);
		if (l->section == GS_EXP)
			gst_add(&exports, l->taxable, bad);
	}
	for (size_t i = 0; i < g->ncs; i++) {
		gst_add(&t[0], g->cs[i].taxable, bad);
		gst_add(&t[1], g->cs[i].igst, bad);
		gst_add(&t[2], g->cs[i].cgst, bad);
		gst_add(&t[3], g->cs[i].sgst, bad);
		gst_add(&t[4], g->cs[i].cess, bad);
	}
	for (int k = 0; k < 4; k++)
		for (int x = 0; x < GN_MAX; x++)
			gst_add(&nil[x], g->nil[k][x], bad);
	report_meta_text(r, "gstin", gstin);
	report_meta_money(r, "taxable", t[0]);
	report_meta_money(r, "igst", t[1]);
	report_meta_money(r, "cgst", t[2]);
	report_meta_money(r, "sgst", t[3]);
	report_meta_money(r, "cess", t[4]);
	for (int x = 0; x < GN_MAX; x++)
		report_meta_money(r, nk[x], nil[x]);
	report_meta_money(r, "exports", exports);
	report_meta_int(r, "amendments", amendments);
	report_meta_bool(r, "filed", g->filed);
}

int report_gstr1(struct db *db, int64_t cid, const struct report_params *p, struct report *r, struct err *e)
{
	struct chart ch;
	struct gstr1 g;
	char gstin[16];
	int rc, bad = 0;

	memset(&g, 0, sizeof g);
	if ((rc = chart_load(db, cid, &ch, e)) < 0)
		goto out;
	report_head(r, &ch, "gstr1", "GSTR-1", p);
	if ((rc = gst_company_gstin(db, cid, gstin, e)) < 0 || (rc = gstr1_load(db, cid, p->from, p->to, &g, e)) < 0)
		goto out;
	gstr1_tables(r, &g);
	gstr1_json(r, &g, gstin, p->to);
	gstr1_summary(r, &g, gstin, &bad);
	rc = bad ? money_range_err(e, "amounts are beyond the range of amounts") : report_check(r, e);
out:
	gstr1_free(&g);
	chart_done(&ch);
	return rc;
}
