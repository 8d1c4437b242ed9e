/* reports_gst.c - the GST returns read from the item lines of sales, purchases and notes:
 * GSTR-1 (b2b, b2cl, b2cs, cdnr, cdnur, nil, hsn; tables and the return's JSON shape) and GSTR-3B
 * (3.1 outward supplies, 4 ITC net of debit notes, tax payable by head). Credit notes are sales
 * returns and debit notes purchase returns, as the accounts module posts them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/india.h"
#include "lib/jsonw.h"
#include "lib/money.h"
#include "reports/reports_int.h"
#include "lib/text.h"
#include "lib/banned.h"

enum {
	SQL_GSTIN,
	SQL_OUTWARD,
	SQL_HSN,
	SQL_3B,
	SQL_MAX
};

static const char *const sql[SQL_MAX] = {
	[SQL_GSTIN] = "SELECT coalesce(gstin, '') FROM companies WHERE id = ?",
	/* Sales and credit notes, one row per invoice and rate. */
	[SQL_OUTWARD] = "SELECT v.id, v.type, v.number, v.date, v.total, coalesce(v.place_of_supply, ''), coalesce(v.party_gstin, ''), "
			"coalesce(p.name, ''), coalesce(v.reference, ''), i.gst_rate, sum(i.taxable), sum(i.igst), sum(i.cgst), sum(i.sgst) "
			"FROM vouchers v JOIN voucher_items i ON i.voucher_id = v.id "
			"LEFT JOIN parties p ON p.id = v.party_id "
			"WHERE v.company_id = ? AND v.status = 'active' AND v.type IN ('sales', 'credit_note') AND v.date >= ? AND v.date <= ? "
			"GROUP BY v.id, v.type, v.number, v.date, v.total, v.place_of_supply, v.party_gstin, p.name, v.reference, i.gst_rate "
			"ORDER BY coalesce(v.party_gstin, ''), v.date, v.id, i.gst_rate",
	[SQL_HSN] = "SELECT coalesce(i.hsn, ''), coalesce(i.unit, ''), i.gst_rate, v.type, sum(i.qty), sum(i.taxable), sum(i.igst), "
		    "sum(i.cgst), sum(i.sgst) "
		    "FROM vouchers v JOIN voucher_items i ON i.voucher_id = v.id "
		    "WHERE v.company_id = ? AND v.status = 'active' AND v.type IN ('sales', 'credit_note') AND v.date >= ? AND v.date <= ? "
		    "GROUP BY coalesce(i.hsn, ''), coalesce(i.unit, ''), i.gst_rate, v.type "
		    "ORDER BY coalesce(i.hsn, ''), coalesce(i.unit, ''), i.gst_rate, v.type",
	[SQL_3B] = "SELECT v.type, i.gst_rate, sum(i.taxable), sum(i.igst), sum(i.cgst), sum(i.sgst) "
		   "FROM vouchers v JOIN voucher_items i ON i.voucher_id = v.id "
		   "WHERE v.company_id = ? AND v.status = 'active' AND v.date >= ? AND v.date <= ? "
		   "GROUP BY v.type, i.gst_rate",
};

/* B2C invoices above this value to another state are "large" (b2cl): ₹2,50,000 until 31 July
 * 2024, ₹1,00,000 from 1 August 2024 (notification 12/2024-CT). */
static int64_t b2cl_limit(const char *date) { return strcmp(date, "2024-08-01") < 0 ? 25000000 : 10000000; }

static void rate_text(int64_t bps, char *out, size_t cap) { decimal_format(bps, 2, out, cap); }

/* "27-Maharashtra", as the GST offline tool writes a place of supply. */
static void pos_text(const char *pos, char *out, size_t cap)
{
	const char *name = *pos ? india_state_name(pos) : NULL;
	snprintf(out, cap, "%s%s%s", pos, name ? "-" : "", name ? name : "");
}

/* DD-MM-YYYY, the returns' date form. */
static void gst_date(const char *iso, char out[11]) { snprintf(out, 11, "%.2s-%.2s-%.4s", iso + 8, iso + 5, iso); }

static int company_gstin(struct db *db, int64_t cid, char out[16], struct err *e)
{
	int rc;
	*out = '\0';
	rc = db_text(db, sql[SQL_GSTIN], DB_ARGS(DB_I64(cid)), out, 16, e);
	return rc < 0 ? rc : 0;
}

/* ---- GSTR-1 ---- */

/* One invoice (or note) at one rate. */
struct gline {
	int64_t voucher_id;
	int note;                  /* a credit note */
	char number[40], date[11], pos[3], gstin[16], ref[64];
	char party[201];
	int64_t value, rate, taxable, igst, cgst, sgst;
	int inter;
	enum { G_B2B, G_B2CL, G_B2CS, G_CDNR, G_CDNUR } kind;
};

/* B2C small supplies summed by supply type, place and rate. */
struct b2cs {
	int inter;
	char pos[3];
	int64_t rate, taxable, igst, cgst, sgst;
};

/* Nil-rated supplies by the return's four kinds: inter/intra x registered/unregistered. */
static const char *const nil_kinds[4][2] = {
	{"INTRB2B", "Inter-State supplies to registered persons"},
	{"INTRAB2B", "Intra-State supplies to registered persons"},
	{"INTRB2C", "Inter-State supplies to unregistered persons"},
	{"INTRAB2C", "Intra-State supplies to unregistered persons"},
};

struct hsn_row {
	char hsn[9], unit[17];
	int64_t rate, qty, taxable, igst, cgst, sgst;
};

struct gstr1 {
	struct gline *lines;
	size_t n, cap;
	struct b2cs *cs;
	size_t ncs, capcs;
	struct hsn_row *hsn;
	size_t nhsn, caphsn;
	int64_t nil[4];
	int bad;                   /* overflow */
};

static int add64(int64_t *a, int64_t b, int *bad)
{
	*bad |= __builtin_add_overflow(*a, b, a);
	return 0;
}

static void *grow(void *p, size_t *cap, size_t n, size_t size)
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

static int b2cs_add(struct gstr1 *g, const struct gline *l, int sign)
{
	struct b2cs *c = NULL;
	for (size_t i = 0; i < g->ncs; i++)
		if (g->cs[i].inter == l->inter && strcmp(g->cs[i].pos, l->pos) == 0 && g->cs[i].rate == l->rate)
			c = &g->cs[i];
	if (!c) {
		struct b2cs *q = grow(g->cs, &g->capcs, g->ncs, sizeof *q);
		if (!q)
			return -1;
		g->cs = q;
		c = &g->cs[g->ncs++];
		memset(c, 0, sizeof *c);
		c->inter = l->inter;
		memcpy(c->pos, l->pos, sizeof c->pos);
		c->rate = l->rate;
	}
	add64(&c->taxable, sign * l->taxable, &g->bad);
	add64(&c->igst, sign * l->igst, &g->bad);
	add64(&c->cgst, sign * l->cgst, &g->bad);
	add64(&c->sgst, sign * l->sgst, &g->bad);
	return 0;
}

static int b2cs_cmp(const void *a, const void *b)
{
	const struct b2cs *x = a, *y = b;
	int c = strcmp(x->pos, y->pos);
	if (c)
		return c;
	if (x->inter != y->inter)
		return x->inter - y->inter;
	return x->rate < y->rate ? -1 : x->rate > y->rate;
}

/* By section, then recipient (b2b, cdnr) or place of supply (b2cl), date, invoice and rate: the
 * order the return groups them in. */
static int gline_cmp(const void *a, const void *b)
{
	const struct gline *x = a, *y = b;
	int c;
	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	c = x->kind == G_B2CL ? strcmp(x->pos, y->pos) : strcmp(x->gstin, y->gstin);
	if (!c)
		c = strcmp(x->date, y->date);
	if (!c && x->voucher_id != y->voucher_id)
		c = x->voucher_id < y->voucher_id ? -1 : 1;
	if (!c && x->rate != y->rate)
		c = x->rate < y->rate ? -1 : 1;
	return c;
}

/* gstr1_load's state while rows come. */
struct gstr1_fill {
	const struct chart *ch;
	struct gstr1 *g;
};

/* One invoice at one rate: nil-rated, small B2C (summed), or a line of its section. */
static int outward_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct gstr1_fill *f = ctx;
	struct gstr1 *g = f->g;
	struct gline l;
	int reg, sign;

	memset(&l, 0, sizeof l);
	l.voucher_id = db_col_i64(st, 0);
	l.note = strcmp(db_col_text(st, 1), "credit_note") == 0;
	text_copy(l.number, sizeof l.number, db_col_text(st, 2));
	text_copy(l.date, sizeof l.date, db_col_text(st, 3));
	l.value = db_col_i64(st, 4);
	text_copy(l.pos, sizeof l.pos, db_col_text(st, 5));
	text_copy(l.gstin, sizeof l.gstin, db_col_text(st, 6));
	text_copy(l.party, sizeof l.party, db_col_text(st, 7));
	text_copy(l.ref, sizeof l.ref, db_col_text(st, 8));
	l.rate = db_col_i64(st, 9);
	l.taxable = db_col_i64(st, 10);
	l.igst = db_col_i64(st, 11);
	l.cgst = db_col_i64(st, 12);
	l.sgst = db_col_i64(st, 13);
	l.inter = *l.pos && strcmp(l.pos, f->ch->state_code) != 0;
	reg = *l.gstin != '\0';
	sign = l.note ? -1 : 1;
	if (l.rate == 0) {
		/* Nil-rated supplies are reported in table 8, not with the taxable invoices. */
		add64(&g->nil[(reg ? 0 : 2) + (l.inter ? 0 : 1)], sign * l.taxable, &g->bad);
		return 0;
	}
	if (reg)
		l.kind = l.note ? G_CDNR : G_B2B;
	else if (l.inter && l.value > b2cl_limit(l.date))
		l.kind = l.note ? G_CDNUR : G_B2CL;
	else
		l.kind = G_B2CS;
	if (l.kind == G_B2CS) {
		/* Small B2C supplies and their returns are reported net, by place and rate. */
		if (b2cs_add(g, &l, sign) < 0)
			return err_setr(e, ERR_TOO_LARGE, NULL, "too_many_invoices", "too many invoices for one return; choose a shorter period");
		return 0;
	}
	{
		struct gline *q = grow(g->lines, &g->cap, g->n, sizeof *q);
		if (!q)
			return err_setr(e, ERR_TOO_LARGE, NULL, "too_many_invoices", "too many invoices for one return; choose a shorter period");
		g->lines = q;
		g->lines[g->n++] = l;
	}
	return 0;
}

/* Sales and returns of one HSN, unit and rate arrive next to each other: net them. */
static int hsn_each(void *ctx, struct db_stmt *st, struct err *e)
{
	struct gstr1 *g = ctx;
	int sign = strcmp(db_col_text(st, 3), "credit_note") == 0 ? -1 : 1;
	struct hsn_row *h = g->nhsn ? &g->hsn[g->nhsn - 1] : NULL;
	if (!h || strcmp(h->hsn, db_col_text(st, 0)) != 0 || strcmp(h->unit, db_col_text(st, 1)) != 0 ||
	    h->rate != db_col_i64(st, 2)) {
		struct hsn_row *q = grow(g->hsn, &g->caphsn, g->nhsn, sizeof *q);
		if (!q)
			return err_setr(e, ERR_TOO_LARGE, NULL, "too_many_hsn", "too many HSN codes");
		g->hsn = q;
		h = &g->hsn[g->nhsn++];
		memset(h, 0, sizeof *h);
		text_copy(h->hsn, sizeof h->hsn, db_col_text(st, 0));
		text_copy(h->unit, sizeof h->unit, db_col_text(st, 1));
		h->rate = db_col_i64(st, 2);
	}
	add64(&h->qty, sign * db_col_i64(st, 4), &g->bad);
	add64(&h->taxable, sign * db_col_i64(st, 5), &g->bad);
	add64(&h->igst, sign * db_col_i64(st, 6), &g->bad);
	add64(&h->cgst, sign * db_col_i64(st, 7), &g->bad);
	add64(&h->sgst, sign * db_col_i64(st, 8), &g->bad);
	return 0;
}

static int gstr1_load(struct db *db, const struct chart *ch, const struct report_params *p, struct gstr1 *g, struct err *e)
{
	struct gstr1_fill f = {ch, g};
	int rc;

	if ((rc = db_each(db, sql[SQL_OUTWARD], DB_ARGS(DB_I64(ch->cid), DB_TEXT(p->from), DB_TEXT(p->to)), outward_row, &f, e)) < 0)
		return rc;
	if (g->ncs > 1)
		qsort(g->cs, g->ncs, sizeof *g->cs, b2cs_cmp);
	if (g->n > 1)
		qsort(g->lines, g->n, sizeof *g->lines, gline_cmp);
	if ((rc = db_each(db, sql[SQL_HSN], DB_ARGS(DB_I64(ch->cid), DB_TEXT(p->from), DB_TEXT(p->to)), hsn_each, g, e)) < 0)
		return rc;
	return g->bad ? money_range_err(e, "amounts are beyond the range of amounts") : 0;
}

/* The tables. Columns follow the GST offline tool's templates, with the tax split shown.
 * k: 0 b2b, 1 b2cl, 2 b2cs, 3 cdnr, 4 cdnur. */
static struct report_table *gstr1_table(struct report *r, int k)
{
	static const char *const names[5] = {"b2b", "b2cl", "b2cs", "cdnr", "cdnur"};
	static const char *const titles[5] = {
		"B2B Invoices - 4A, 4B, 6B, 6C", "B2C (Large) Invoices - 5A, 5B", "B2C (Others) - 7",
		"Credit/Debit Notes (Registered) - 9B", "Credit/Debit Notes (Unregistered) - 9B",
	};
	struct report_table *t = report_table_add(r, names[k], titles[k]);
	if (k == 0 || k == 3) {
		report_col(t, "gstin", "GSTIN/UIN of Recipient", REPORT_TEXT);
		report_col(t, "receiver", "Receiver Name", REPORT_TEXT);
	}
	if (k == 4)
		report_col(t, "ur_type", "UR Type", REPORT_TEXT);
	if (k == 2) {
		report_col(t, "type", "Type", REPORT_TEXT);
		report_col(t, "supply_type", "Supply Type", REPORT_TEXT);
	} else {
		report_col(t, "number", k >= 3 ? "Note Number" : "Invoice Number", REPORT_TEXT);
		report_col(t, "date", k >= 3 ? "Note Date" : "Invoice Date", REPORT_DATE);
		if (k >= 3) {
			report_col(t, "note_type", "Note Type", REPORT_TEXT);
			report_col(t, "against", "Against Invoice", REPORT_TEXT);
		}
		report_col(t, "value", k >= 3 ? "Note Value" : "Invoice Value", REPORT_MONEY);
	}
	report_col(t, "place_of_supply", "Place Of Supply", REPORT_TEXT);
	if (k == 0 || k == 3)
		report_col(t, "reverse_charge", "Reverse Charge", REPORT_TEXT);
	report_col(t, "rate", "Rate", REPORT_TEXT);
	report_col(t, "taxable", "Taxable Value", REPORT_MONEY);
	report_col(t, "igst", "Integrated Tax", REPORT_MONEY);
	if (k != 1 && k != 4) {
		report_col(t, "cgst", "Central Tax", REPORT_MONEY);
		report_col(t, "sgst", "State/UT Tax", REPORT_MONEY);
	}
	report_col(t, "cess", "Cess Amount", REPORT_MONEY);
	return t;
}

/* An invoice or note line into its table t (of kind k, as gstr1_table). */
static void gline_cells(struct report *r, struct report_table *t, int k, const struct gline *l)
{
	long row = report_row(r, t, ROW_DATA, 0);
	char buf[64];
	int c = 0;
	report_row_id(t, row, "voucher_id", l->voucher_id);
	if (k == 0 || k == 3) {
		report_set_text(r, t, row, c++, l->gstin);
		report_set_text(r, t, row, c++, l->party);
	}
	if (k == 4)
		report_set_text(r, t, row, c++, "B2CL");
	report_set_text(r, t, row, c++, l->number);
	report_set_text(r, t, row, c++, l->date);
	if (k >= 3) {
		report_set_text(r, t, row, c++, "C");
		report_set_text(r, t, row, c++, l->ref);
	}
	report_set_i64(t, row, c++, l->value);
	pos_text(l->pos, buf, sizeof buf);
	report_set_text(r, t, row, c++, buf);
	if (k == 0 || k == 3)
		report_set_text(r, t, row, c++, "N");
	rate_text(l->rate, buf, sizeof buf);
	report_set_text(r, t, row, c++, buf);
	report_set_i64(t, row, c++, l->taxable);
	report_set_i64(t, row, c++, l->igst);
	if (k != 1 && k != 4) {
		report_set_i64(t, row, c++, l->cgst);
		report_set_i64(t, row, c++, l->sgst);
	}
	report_set_i64(t, row, c, 0);
}

static void b2cs_cells(struct report *r, struct report_table *t, const struct b2cs *s)
{
	long row = report_row(r, t, ROW_DATA, 0);
	char buf[64];
	report_set_text(r, t, row, 0, "OE");
	report_set_text(r, t, row, 1, s->inter ? "Inter State" : "Intra State");
	pos_text(s->pos, buf, sizeof buf);
	report_set_text(r, t, row, 2, buf);
	rate_text(s->rate, buf, sizeof buf);
	report_set_text(r, t, row, 3, buf);
	report_set_i64(t, row, 4, s->taxable);
	report_set_i64(t, row, 5, s->igst);
	report_set_i64(t, row, 6, s->cgst);
	report_set_i64(t, row, 7, s->sgst);
	report_set_i64(t, row, 8, 0);
}

static void nil_table(struct report *r, const struct gstr1 *g)
{
	struct report_table *n = report_table_add(r, "nil", "Nil Rated, Exempted and Non-GST Supplies - 8");
	report_col(n, "description", "Description", REPORT_TEXT);
	report_col(n, "nil_rated", "Nil Rated Supplies", REPORT_MONEY);
	report_col(n, "exempted", "Exempted", REPORT_MONEY);
	report_col(n, "non_gst", "Non-GST Supplies", REPORT_MONEY);
	for (int k = 0; k < 4; k++) {
		long row = report_row(r, n, ROW_DATA, 0);
		report_set_text(r, n, row, 0, nil_kinds[k][1]);
		report_set_i64(n, row, 1, g->nil[k]);
		report_set_i64(n, row, 2, 0);
		report_set_i64(n, row, 3, 0);
	}
}

static void hsn_table(struct report *r, const struct gstr1 *g)
{
	struct report_table *h = report_table_add(r, "hsn", "HSN-wise Summary of Outward Supplies - 12");
	char buf[64];
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
		const struct hsn_row *x = &g->hsn[i];
		long row = report_row(r, h, ROW_DATA, 0);
		report_set_text(r, h, row, 0, x->hsn);
		report_set_text(r, h, row, 1, *x->unit ? x->unit : "OTH");
		decimal_format(x->qty, 3, buf, sizeof buf);
		report_set_text(r, h, row, 2, buf);
		rate_text(x->rate, buf, sizeof buf);
		report_set_text(r, h, row, 3, buf);
		report_set_i64(h, row, 4, x->taxable + x->igst + x->cgst + x->sgst);
		report_set_i64(h, row, 5, x->taxable);
		report_set_i64(h, row, 6, x->igst);
		report_set_i64(h, row, 7, x->cgst);
		report_set_i64(h, row, 8, x->sgst);
		report_set_i64(h, row, 9, 0);
	}
}

static void gstr1_tables(struct report *r, const struct gstr1 *g)
{
	struct report_table *t[5];
	for (int k = 0; k < 5; k++)
		t[k] = gstr1_table(r, k);
	for (size_t i = 0; i < g->n; i++) {
		const struct gline *l = &g->lines[i];
		int k = l->kind == G_B2B ? 0 : l->kind == G_B2CL ? 1 : l->kind == G_CDNR ? 3 : 4;
		gline_cells(r, t[k], k, l);
	}
	for (size_t i = 0; i < g->ncs; i++)
		b2cs_cells(r, t[2], &g->cs[i]);
	nil_table(r, g);
	hsn_table(r, g);
}

static void j_rate(struct jsonw *w, int64_t bps)
{
	char b[32];
	rate_text(bps, b, sizeof b);
	jsonw_key(w, "rt");
	jsonw_raw(w, b);
}

/* An "itms" entry: {"num", "itm_det": {...}} with the taxes the kind of invoice carries. */
static void j_item(struct jsonw *w, int num, const struct gline *l, int with_cs)
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
	jsonw_kmoney(w, "csamt", 0);
	jsonw_obj_end(w);
	jsonw_obj_end(w);
}

/* Writes the lines of `kind` grouped by invoice (lines of one invoice are adjacent); for b2b and
 * cdnr also grouped by recipient GSTIN, for b2cl by place of supply. */
static void j_invoices(struct jsonw *w, const struct gstr1 *g, int kind)
{
	const char *outer = kind == G_B2B || kind == G_CDNR ? "ctin" : kind == G_B2CL ? "pos" : NULL;
	const char *list = kind == G_CDNR ? "nt" : "inv";
	char d[11], cur_outer[16] = "";
	int64_t cur_inv = 0;
	int num = 0, open_outer = 0, open_inv = 0;

	jsonw_arr(w);
	for (size_t i = 0; i < g->n; i++) {
		const struct gline *l = &g->lines[i];
		const char *ov;
		if ((int)l->kind != kind)
			continue;
		ov = kind == G_B2CL ? l->pos : l->gstin;
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
			gst_date(l->date, d);
			if (kind == G_CDNR || kind == G_CDNUR) {
				if (kind == G_CDNUR)
					jsonw_kstr(w, "typ", "B2CL");
				jsonw_kstr(w, "ntty", "C");
				jsonw_kstr(w, "nt_num", l->number);
				jsonw_kstr(w, "nt_dt", d);
			} else {
				jsonw_kstr(w, "inum", l->number);
				jsonw_kstr(w, "idt", d);
			}
			jsonw_kmoney(w, "val", l->value);
			if (kind != G_B2CL)
				jsonw_kstr(w, "pos", l->pos);
			if (kind == G_B2B || kind == G_CDNR) {
				jsonw_kstr(w, "rchrg", "N");
				jsonw_kstr(w, "inv_typ", "R");
			}
			jsonw_key(w, "itms");
			jsonw_arr(w);
			cur_inv = l->voucher_id;
			open_inv = 1;
			num = 0;
		}
		j_item(w, ++num, l, kind == G_B2B || kind == G_CDNR);
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

static void gstr1_json(struct report *r, const struct gstr1 *g, const char *gstin, const char *to)
{
	struct jsonw w;
	char fp[8];
	jsonw_init(&w, &r->extra_json);
	snprintf(fp, sizeof fp, "%.2s%.4s", to + 5, to);
	jsonw_key(&w, "gstr1");
	jsonw_obj(&w);
	jsonw_kstr(&w, "gstin", gstin);
	jsonw_kstr(&w, "fp", fp);
	jsonw_key(&w, "b2b");
	j_invoices(&w, g, G_B2B);
	jsonw_key(&w, "b2cl");
	j_invoices(&w, g, G_B2CL);
	jsonw_key(&w, "b2cs");
	jsonw_arr(&w);
	for (size_t i = 0; i < g->ncs; i++) {
		const struct b2cs *s = &g->cs[i];
		jsonw_obj(&w);
		jsonw_kstr(&w, "sply_ty", s->inter ? "INTER" : "INTRA");
		jsonw_kstr(&w, "pos", s->pos);
		jsonw_kstr(&w, "typ", "OE");
		j_rate(&w, s->rate);
		jsonw_kmoney(&w, "txval", s->taxable);
		jsonw_kmoney(&w, "iamt", s->igst);
		jsonw_kmoney(&w, "camt", s->cgst);
		jsonw_kmoney(&w, "samt", s->sgst);
		jsonw_kmoney(&w, "csamt", 0);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	jsonw_key(&w, "cdnr");
	j_invoices(&w, g, G_CDNR);
	jsonw_key(&w, "cdnur");
	j_invoices(&w, g, G_CDNUR);
	jsonw_key(&w, "nil");
	jsonw_obj(&w);
	jsonw_key(&w, "inv");
	jsonw_arr(&w);
	for (int k = 0; k < 4; k++) {
		jsonw_obj(&w);
		jsonw_kstr(&w, "sply_ty", nil_kinds[k][0]);
		jsonw_kmoney(&w, "nil_amt", g->nil[k]);
		jsonw_kmoney(&w, "expt_amt", 0);
		jsonw_kmoney(&w, "ngsup_amt", 0);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	jsonw_obj_end(&w);
	jsonw_key(&w, "hsn");
	jsonw_obj(&w);
	jsonw_key(&w, "data");
	jsonw_arr(&w);
	for (size_t i = 0; i < g->nhsn; i++) {
		const struct hsn_row *h = &g->hsn[i];
		char q[32];
		jsonw_obj(&w);
		jsonw_ki64(&w, "num", (int64_t)i + 1);
		jsonw_kstr(&w, "hsn_sc", h->hsn);
		jsonw_kstr(&w, "uqc", *h->unit ? h->unit : "OTH");
		decimal_format(h->qty, 3, q, sizeof q);
		jsonw_key(&w, "qty");
		jsonw_raw(&w, q);
		j_rate(&w, h->rate);
		jsonw_kmoney(&w, "txval", h->taxable);
		jsonw_kmoney(&w, "iamt", h->igst);
		jsonw_kmoney(&w, "camt", h->cgst);
		jsonw_kmoney(&w, "samt", h->sgst);
		jsonw_kmoney(&w, "csamt", 0);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	jsonw_obj_end(&w);
	jsonw_obj_end(&w);
	if (jsonw_ok(&w) < 0)
		r->failed = 1;
}

int report_gstr1(struct db *db, int64_t cid, const struct report_params *p, struct report *r, struct err *e)
{
	struct chart ch;
	struct gstr1 g;
	char gstin[16];
	int64_t taxable = 0, igst = 0, cgst = 0, sgst = 0;
	int rc, bad = 0;

	memset(&g, 0, sizeof g);
	if ((rc = chart_load(db, cid, &ch, e)) < 0)
		goto out;
	report_head(r, &ch, "gstr1", "GSTR-1", p);
	if ((rc = company_gstin(db, cid, gstin, e)) < 0 || (rc = gstr1_load(db, &ch, p, &g, e)) < 0)
		goto out;
	gstr1_tables(r, &g);
	gstr1_json(r, &g, gstin, p->to);
	for (size_t i = 0; i < g.n; i++) {
		int sign = g.lines[i].note ? -1 : 1;
		add64(&taxable, sign * g.lines[i].taxable, &bad);
		add64(&igst, sign * g.lines[i].igst, &bad);
		add64(&cgst, sign * g.lines[i].cgst, &bad);
		add64(&sgst, sign * g.lines[i].sgst, &bad);
	}
	for (size_t i = 0; i < g.ncs; i++) {
		add64(&taxable, g.cs[i].taxable, &bad);
		add64(&igst, g.cs[i].igst, &bad);
		add64(&cgst, g.cs[i].cgst, &bad);
		add64(&sgst, g.cs[i].sgst, &bad);
	}
	if (bad) {
		rc = money_range_err(e, "amounts are beyond the range of amounts");
		goto out;
	}
	report_meta_text(r, "gstin", gstin);
	report_meta_money(r, "taxable", taxable);
	report_meta_money(r, "igst", igst);
	report_meta_money(r, "cgst", cgst);
	report_meta_money(r, "sgst", sgst);
	report_meta_money(r, "nil_rated", g.nil[0] + g.nil[1] + g.nil[2] + g.nil[3]);
	rc = report_check(r, e);
out:
	free(g.lines);
	free(g.cs);
	free(g.hsn);
	chart_done(&ch);
	return rc;
}

/* ---- GSTR-3B ---- */

/* taxable, igst, cgst, sgst */
struct t4 {
	int64_t v[4];
};

enum { G3_SECTION, G3_DESC, G3_TAXABLE, G3_IGST, G3_CGST, G3_SGST, G3_CESS, G3_MAX };

static void t4_row(struct report *r, struct report_table *t, enum report_row_kind kind, const char *section,
		   const char *desc, const struct t4 *x, int with_taxable)
{
	long row = report_row(r, t, kind, 0);
	report_set_text(r, t, row, G3_SECTION, section);
	report_set_text(r, t, row, G3_DESC, desc);
	if (with_taxable)
		report_set_i64(t, row, G3_TAXABLE, x->v[0]);
	report_set_i64(t, row, G3_IGST, x->v[1]);
	report_set_i64(t, row, G3_CGST, x->v[2]);
	report_set_i64(t, row, G3_SGST, x->v[3]);
	report_set_i64(t, row, G3_CESS, 0);
}

static void j_t4(struct jsonw *w, const char *key, const struct t4 *x, int with_taxable)
{
	if (key)
		jsonw_key(w, key);
	jsonw_obj(w);
	if (with_taxable)
		jsonw_kmoney(w, "txval", x->v[0]);
	jsonw_kmoney(w, "iamt", x->v[1]);
	jsonw_kmoney(w, "camt", x->v[2]);
	jsonw_kmoney(w, "samt", x->v[3]);
	jsonw_kmoney(w, "csamt", 0);
	jsonw_obj_end(w);
}

/* The figures of GSTR-3B. */
struct g3b {
	struct t4 taxable_out, nil_out, itc, rev, net, zero, payable, carry;
	int bad;
};

static int g3b_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct g3b *g = ctx;
	const char *type = db_col_text(st, 0);
	int64_t rate = db_col_i64(st, 1);
	struct t4 *dst = NULL;
	int sign = 1;
	(void)e;
	if (strcmp(type, "sales") == 0 || strcmp(type, "credit_note") == 0) {
		dst = rate ? &g->taxable_out : &g->nil_out;
		sign = type[0] == 'c' ? -1 : 1;
	} else if (strcmp(type, "purchase") == 0) {
		dst = &g->itc;
	} else if (strcmp(type, "debit_note") == 0) {
		dst = &g->rev;
	}
	for (int k = 0; dst && k < 4; k++)
		add64(&dst->v[k], sign * db_col_i64(st, 2 + k), &g->bad);
	return 0;
}

static void g3b_table(struct report *r, const struct g3b *g)
{
	struct report_table *t = report_table_add(r, "main", "GSTR-3B");
	report_col(t, "section", "Table", REPORT_TEXT);
	report_col(t, "description", "Nature", REPORT_TEXT);
	report_col(t, "taxable", "Taxable Value", REPORT_MONEY);
	report_col(t, "igst", "Integrated Tax", REPORT_MONEY);
	report_col(t, "cgst", "Central Tax", REPORT_MONEY);
	report_col(t, "sgst", "State/UT Tax", REPORT_MONEY);
	report_col(t, "cess", "Cess", REPORT_MONEY);
	t4_row(r, t, ROW_DATA, "3.1(a)", "Outward taxable supplies (other than zero rated, nil rated and exempted)", &g->taxable_out, 1);
	t4_row(r, t, ROW_DATA, "3.1(b)", "Outward taxable supplies (zero rated)", &g->zero, 1);
	t4_row(r, t, ROW_DATA, "3.1(c)", "Other outward supplies (nil rated, exempted)", &g->nil_out, 1);
	t4_row(r, t, ROW_DATA, "3.1(d)", "Inward supplies (liable to reverse charge)", &g->zero, 1);
	t4_row(r, t, ROW_DATA, "3.1(e)", "Non-GST outward supplies", &g->zero, 1);
	t4_row(r, t, ROW_DATA, "4(A)(5)", "ITC available: all other ITC (purchases)", &g->itc, 0);
	t4_row(r, t, ROW_DATA, "4(B)(2)", "ITC reversed: others (debit notes, purchase returns)", &g->rev, 0);
	t4_row(r, t, ROW_SUBTOTAL, "4(C)", "Net ITC available (A) - (B)", &g->net, 0);
	t4_row(r, t, ROW_DATA, "6.1", "Tax payable", &g->taxable_out, 0);
	t4_row(r, t, ROW_TOTAL, "6.1", "Net tax payable in cash by head (tax payable - net ITC)", &g->payable, 0);
	t4_row(r, t, ROW_DATA, "6.1", "ITC left to carry forward by head", &g->carry, 0);
}

/* {"ty":"OTH", "iamt", "camt", "samt", "csamt"} in a one-element array, under key. */
static void j_itc(struct jsonw *w, const char *key, const struct t4 *x)
{
	jsonw_key(w, key);
	jsonw_arr(w);
	jsonw_obj(w);
	jsonw_kstr(w, "ty", "OTH");
	jsonw_kmoney(w, "iamt", x->v[1]);
	jsonw_kmoney(w, "camt", x->v[2]);
	jsonw_kmoney(w, "samt", x->v[3]);
	jsonw_kmoney(w, "csamt", 0);
	jsonw_obj_end(w);
	jsonw_arr_end(w);
}

/* The return's JSON shape, as "gstr3b" in the report's JSON. */
static void g3b_json(struct report *r, const struct g3b *g, const char *gstin, const char *to)
{
	struct jsonw w;
	char fp[8];
	jsonw_init(&w, &r->extra_json);
	snprintf(fp, sizeof fp, "%.2s%.4s", to + 5, to);
	jsonw_key(&w, "gstr3b");
	jsonw_obj(&w);
	jsonw_kstr(&w, "gstin", gstin);
	jsonw_kstr(&w, "ret_period", fp);
	jsonw_key(&w, "sup_details");
	jsonw_obj(&w);
	j_t4(&w, "osup_det", &g->taxable_out, 1);
	j_t4(&w, "osup_zero", &g->zero, 1);
	j_t4(&w, "osup_nil_exmp", &g->nil_out, 1);
	j_t4(&w, "isup_rev", &g->zero, 1);
	j_t4(&w, "osup_nongst", &g->zero, 1);
	jsonw_obj_end(&w);
	jsonw_key(&w, "itc_elg");
	jsonw_obj(&w);
	j_itc(&w, "itc_avl", &g->itc);
	j_itc(&w, "itc_rev", &g->rev);
	j_t4(&w, "itc_net", &g->net, 0);
	jsonw_obj_end(&w);
	jsonw_key(&w, "tax_payable");
	jsonw_obj(&w);
	j_t4(&w, "payable", &g->payable, 0);
	j_t4(&w, "carry_forward", &g->carry, 0);
	jsonw_obj_end(&w);
	jsonw_obj_end(&w);
	if (jsonw_ok(&w) < 0)
		r->failed = 1;
}

int report_gstr3b(struct db *db, int64_t cid, const struct report_params *p, struct report *r, struct err *e)
{
	static const char *const pk[3] = {"payable_igst", "payable_cgst", "payable_sgst"};
	struct chart ch;
	struct g3b g;
	char gstin[16];
	int rc;

	memset(&g, 0, sizeof g);
	if ((rc = chart_load(db, cid, &ch, e)) < 0)
		goto out;
	report_head(r, &ch, "gstr3b", "GSTR-3B", p);
	if ((rc = company_gstin(db, cid, gstin, e)) < 0 ||
	    (rc = db_each(db, sql[SQL_3B], DB_ARGS(DB_I64(cid), DB_TEXT(p->from), DB_TEXT(p->to)), g3b_row, &g, e)) < 0)
		goto out;
	for (int k = 0; k < 4; k++) {
		g.bad |= __builtin_sub_overflow(g.itc.v[k], g.rev.v[k], &g.net.v[k]);
		if (k > 0) {
			int64_t d;
			g.bad |= __builtin_sub_overflow(g.taxable_out.v[k], g.net.v[k], &d);
			g.payable.v[k] = d > 0 ? d : 0;
			g.carry.v[k] = d < 0 ? -d : 0;
		}
	}
	if (g.bad) {
		rc = money_range_err(e, "amounts are beyond the range of amounts");
		goto out;
	}
	g3b_table(r, &g);
	for (int k = 1; k < 4; k++)
		report_meta_money(r, pk[k - 1], g.payable.v[k]);
	report_meta_text(r, "gstin", gstin);
	report_meta_money(r, "outward_taxable", g.taxable_out.v[0]);
	report_meta_money(r, "nil_rated", g.nil_out.v[0]);
	g3b_json(r, &g, gstin, p->to);
	rc = report_check(r, e);
out:
	chart_done(&ch);
	return rc;
}
