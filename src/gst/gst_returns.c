/* gst_returns.c - GSTR-1 and GSTR-3B as the JSON the GST portal and its offline tool take. The
 * figures are the returns' own: report_gstr1's tables (b2b, b2cl, b2cs, cdnr, cdnur, exp, nil, hsn)
 * and report_gstr3b's rows by the return's table numbers ("3.1(a)", "4(A)(5)"), read by table name
 * and column key, so that a column or table the reports add is read where it is known and does not
 * disturb the rest. What a report does not carry (yet) is worked out here as the portal does: the
 * documents issued (GSTR-1 table 13, without the report's "docs"), 3B table 3.2 from GSTR-1's B2C
 * supplies (without "inter_state") and table 5 from the vouchers (without "exempt_inward").
 * Amounts go out as JSON numbers with two decimals, written from paise. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "gst/gst.h"
#include "gst/gst_int.h"
#include "lib/date.h"
#include "lib/money.h"
#include "lib/text.h"
#include "reports/reports.h"
#include "lib/banned.h"

enum {
	SQL_DOCS,
	SQL_INWARD_NIL,
	SQL_MAX
};

static const char *const sql[SQL_MAX] = {
	/* GSTR-1 table 13: the documents of each series dated in the period, in number order. */
	[SQL_DOCS] = "SELECT type, fy, seq, number, status FROM vouchers WHERE company_id = ? AND date >= ? AND date <= ? "
		     "AND type IN ('sales', 'credit_note', 'debit_note') ORDER BY type, fy, seq",
	/* GSTR-3B table 5: inward supplies at 0 % by why (nil-rated, exempt, non-GST) and across states
	 * or not (the place of supply against the company's state, as the voucher's tax was worked out). */
	[SQL_INWARD_NIL] = "SELECT v.type, coalesce(i.gst_reason, ''), "
			   "CASE WHEN coalesce(v.place_of_supply, '') <> '' AND v.place_of_supply <> ? THEN 1 ELSE 0 END, sum(i.taxable) "
			   "FROM vouchers v JOIN voucher_items i ON i.voucher_id = v.id "
			   "WHERE v.company_id = ? AND v.status = 'active' AND v.type IN ('purchase', 'debit_note') AND i.gst_rate = 0 "
			   "AND v.date >= ? AND v.date <= ? GROUP BY 1, 2, 3",
};

int gst_period_parse(const char *period, char from[11], char to[11], struct err *e)
{
	int64_t y, m;
	char ys[5], ms[3];
	if (!period || strlen(period) != 7 || period[4] != '-')
		goto bad;
	memcpy(ys, period, 4);
	ys[4] = '\0';
	memcpy(ms, period + 5, 2);
	ms[2] = '\0';
	if (text_parse_i64(ys, 2017, 9999, &y) < 0 || text_parse_i64(ms, 1, 12, &m) < 0 || ys[0] == '+' || ms[0] == '+')
		goto bad;
	snprintf(from, 11, "%04d-%02d-01", (int)y, (int)m);
	snprintf(to, 11, "%04d-%02d-%02d", (int)y, (int)m, date_month_days((int)y, (int)m));
	return 0;
bad:
	return err_setr(e, ERR_INVALID, "period", "not_month", "period must be a month YYYY-MM from 2017-07 on");
}

/* ---- reading the reports ---- */

static const struct report_table *table_of(const struct report *r, const char *name)
{
	for (int i = 0; i < r->ntables; i++)
		if (strcmp(r->tables[i].name, name) == 0)
			return &r->tables[i];
	return NULL;
}

static int col(const struct report_table *t, const char *key)
{
	for (int i = 0; t && i < t->ncols; i++)
		if (strcmp(t->cols[i].key, key) == 0)
			return i;
	return -1;
}

static int64_t num(const struct report_table *t, size_t row, int c)
{
	const struct report_cell *x = report_cell(t, row, c);
	return c >= 0 && x->set ? x->v : 0;
}

static const char *txt(const struct report *r, const struct report_table *t, size_t row, int c)
{
	return c >= 0 ? report_text(r, t, row, c) : "";
}

/* A rate as the report writes it ("18.00", "0.25") in basis points. */
static int64_t rate_bps(const char *s)
{
	int64_t v = 0;
	return decimal_parse(s, 2, &v) < 0 ? 0 : v;
}

/* "27-Maharashtra" -> "27". */
static void pos_code(const char *s, char out[3])
{
	out[0] = '\0';
	if (s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9') {
		out[0] = s[0];
		out[1] = s[1];
		out[2] = '\0';
	}
}

/* The columns of an invoice or note table a file reads; -1 where the table has none. */
struct inv_cols {
	int gstin, number, date, value, pos, rchrg, inv_type, rate, taxable, igst, cgst, sgst, cess;
	int ur_type, note_type, exp_type, port, sb_num, sb_date;
};

static void inv_cols(const struct report_table *t, struct inv_cols *c)
{
	c->gstin = col(t, "gstin");
	c->number = col(t, "number");
	c->date = col(t, "date");
	c->value = col(t, "value");
	c->pos = col(t, "place_of_supply");
	c->rchrg = col(t, "reverse_charge");
	c->inv_type = col(t, "invoice_type");
	c->rate = col(t, "rate");
	c->taxable = col(t, "taxable");
	c->igst = col(t, "igst");
	c->cgst = col(t, "cgst");
	c->sgst = col(t, "sgst");
	c->cess = col(t, "cess");
	c->ur_type = col(t, "ur_type");
	c->note_type = col(t, "note_type");
	c->exp_type = col(t, "export_type");
	c->port = col(t, "port_code");
	c->sb_num = col(t, "shipping_bill_no") >= 0 ? col(t, "shipping_bill_no") : col(t, "shipping_bill_number");
	c->sb_date = col(t, "shipping_bill_date");
}

/* The portal's code of an invoice type as the report words it ("SEZ supplies with payment" ->
 * "SEWP"); a code stands for itself; "" and anything else is a regular invoice, "R". */
static const char *inv_type_code(const char *s)
{
	static const char *const codes[] = {"R", "SEWP", "SEWOP", "DE", "CBW"};
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (strcmp(s, codes[i]) == 0)
			return codes[i];
	if (strncmp(s, "SEZ supplies with payment", 25) == 0)
		return "SEWP";
	if (strncmp(s, "SEZ supplies without payment", 28) == 0)
		return "SEWOP";
	if (strncmp(s, "Deemed Exp", 10) == 0)
		return "DE";
	return "R";
}

/* ---- GSTR-1 ---- */

enum sec { SEC_B2B, SEC_B2CL, SEC_CDNR, SEC_CDNUR, SEC_EXP };

/* What a file is written with. */
struct g1 {
	const struct report *r;
	const struct gst_seller *seller;
	struct gst_warnings *warn;
	struct jsonw *w;
};

/* The tax heads of a line: across states IGST, within CGST and SGST; cess always. */
static void j_taxes(struct jsonw *w, const struct report_table *t, size_t i, const struct inv_cols *c, int inter)
{
	if (inter || c->cgst < 0)
		jsonw_kmoney_num(w, "iamt", num(t, i, c->igst));
	if (!inter && c->cgst >= 0) {
		jsonw_kmoney_num(w, "camt", num(t, i, c->cgst));
		jsonw_kmoney_num(w, "samt", num(t, i, c->sgst));
	}
	jsonw_kmoney_num(w, "csamt", num(t, i, c->cess));
}

/* One invoice's head: the members of sec before its "itms". */
static void j_inv_head(struct g1 *g, const struct report_table *t, size_t i, const struct inv_cols *c, enum sec sec,
		       const char *pos)
{
	struct jsonw *w = g->w;
	const char *rchrg = txt(g->r, t, i, c->rchrg), *ity = txt(g->r, t, i, c->inv_type);
	char d[11];
	gst_date_dmy(txt(g->r, t, i, c->date), '-', d);
	if (sec == SEC_CDNUR)
		jsonw_kstr(w, "typ", *txt(g->r, t, i, c->ur_type) ? txt(g->r, t, i, c->ur_type) : "B2CL");
	if (sec == SEC_CDNR || sec == SEC_CDNUR) {
		jsonw_kstr(w, "ntty", *txt(g->r, t, i, c->note_type) ? txt(g->r, t, i, c->note_type) : "C");
		jsonw_kstr(w, "nt_num", txt(g->r, t, i, c->number));
		jsonw_kstr(w, "nt_dt", d);
	} else {
		jsonw_kstr(w, "inum", txt(g->r, t, i, c->number));
		jsonw_kstr(w, "idt", d);
	}
	jsonw_kmoney_num(w, "val", num(t, i, c->value));
	if (sec == SEC_B2B || sec == SEC_CDNR || sec == SEC_CDNUR)
		jsonw_kstr(w, "pos", pos);
	if (sec == SEC_B2B || sec == SEC_CDNR) {
		jsonw_kstr(w, "rchrg", *rchrg == 'Y' ? "Y" : "N");
		jsonw_kstr(w, "inv_typ", inv_type_code(ity));
	}
	if (sec == SEC_EXP) {
		char sd[11];
		if (*txt(g->r, t, i, c->port))
			jsonw_kstr(w, "sbpcode", txt(g->r, t, i, c->port));
		if (*txt(g->r, t, i, c->sb_num))
			jsonw_kstr(w, "sbnum", txt(g->r, t, i, c->sb_num));
		if (*txt(g->r, t, i, c->sb_date)) {
			gst_date_dmy(txt(g->r, t, i, c->sb_date), '-', sd);
			jsonw_kstr(w, "sbdt", sd);
		}
	}
}

/* One line of an invoice. Exports carry their taxes flat; the others as {"num","itm_det"}. */
static void j_inv_item(struct g1 *g, const struct report_table *t, size_t i, const struct inv_cols *c, enum sec sec, int n,
		       int inter)
{
	struct jsonw *w = g->w;
	jsonw_obj(w);
	if (sec != SEC_EXP) {
		jsonw_ki64(w, "num", n);
		jsonw_key(w, "itm_det");
		jsonw_obj(w);
	}
	jsonw_kdecimal(w, "rt", rate_bps(txt(g->r, t, i, c->rate)), 2);
	jsonw_kmoney_num(w, "txval", num(t, i, c->taxable));
	j_taxes(w, t, i, c, inter);
	if (sec != SEC_EXP)
		jsonw_obj_end(w);
	jsonw_obj_end(w);
}

/* The key that groups a section's invoices (b2b, cdnr: the recipient; b2cl: the place of
 * supply; exp: the export type), "" for none. */
static const char *group_of(struct g1 *g, const struct report_table *t, size_t i, const struct inv_cols *c, enum sec sec,
			    char pos[3])
{
	pos_code(txt(g->r, t, i, c->pos), pos);
	if (sec == SEC_B2B || sec == SEC_CDNR)
		return txt(g->r, t, i, c->gstin);
	if (sec == SEC_B2CL)
		return pos;
	if (sec == SEC_EXP)
		return strcmp(txt(g->r, t, i, c->exp_type), "WPAY") == 0 ? "WPAY" : "WOPAY";
	return "";
}

/* A section of invoices or notes from report table `name`: its lines grouped by invoice (rows of
 * one voucher are adjacent), and for b2b, cdnr, b2cl and exp by the group key. Nothing when the
 * table is missing or empty. */
static void j_inv_section(struct g1 *g, const char *name, enum sec sec)
{
	static const char *const outer_key[] = {"ctin", "pos", "ctin", NULL, "exp_typ"};
	const struct report_table *t = table_of(g->r, name);
	struct jsonw *w = g->w;
	struct inv_cols c;
	char cur[16] = "", pos[3];
	int64_t cur_inv = -1;
	int open_outer = 0, open_inv = 0, n = 0, any = 0;
	const char *list = sec == SEC_CDNR ? "nt" : "inv";

	if (!t)
		return;
	inv_cols(t, &c);
	for (size_t i = 0; i < t->nrows; i++) {
		const char *grp;
		int inter;
		if (t->rows[i].kind != ROW_DATA)
			continue;
		grp = group_of(g, t, i, &c, sec, pos);
		inter = c.cgst < 0 || strcmp(pos, g->seller->state) != 0;
		if (!any) {
			jsonw_key(w, name);
			jsonw_arr(w);
			any = 1;
		}
		if (outer_key[sec] && (!open_outer || strcmp(cur, grp) != 0)) {
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
			jsonw_kstr(w, outer_key[sec], grp);
			jsonw_key(w, list);
			jsonw_arr(w);
			text_copy(cur, sizeof cur, grp);
			open_outer = 1;
			cur_inv = -1;
		}
		if (!open_inv || cur_inv != t->rows[i].id) {
			if (open_inv) {
				jsonw_arr_end(w);
				jsonw_obj_end(w);
			}
			jsonw_obj(w);
			j_inv_head(g, t, i, &c, sec, pos);
			jsonw_key(w, "itms");
			jsonw_arr(w);
			cur_inv = t->rows[i].id;
			open_inv = 1;
			n = 0;
		}
		j_inv_item(g, t, i, &c, sec, ++n, inter);
	}
	if (open_inv) {
		jsonw_arr_end(w);
		jsonw_obj_end(w);
	}
	if (open_outer) {
		jsonw_arr_end(w);
		jsonw_obj_end(w);
	}
	if (any)
		jsonw_arr_end(w);
}

static void j_b2cs(struct g1 *g)
{
	const struct report_table *t = table_of(g->r, "b2cs");
	struct inv_cols c;
	int sply, any = 0;
	if (!t)
		return;
	inv_cols(t, &c);
	sply = col(t, "supply_type");
	for (size_t i = 0; i < t->nrows; i++) {
		char pos[3];
		int inter;
		if (t->rows[i].kind != ROW_DATA)
			continue;
		if (!any) {
			jsonw_key(g->w, "b2cs");
			jsonw_arr(g->w);
			any = 1;
		}
		pos_code(txt(g->r, t, i, c.pos), pos);
		inter = strncmp(txt(g->r, t, i, sply), "Inter", 5) == 0;
		jsonw_obj(g->w);
		jsonw_kstr(g->w, "sply_ty", inter ? "INTER" : "INTRA");
		jsonw_kstr(g->w, "pos", pos);
		jsonw_kstr(g->w, "typ", "OE");
		jsonw_kdecimal(g->w, "rt", rate_bps(txt(g->r, t, i, c.rate)), 2);
		jsonw_kmoney_num(g->w, "txval", num(t, i, c.taxable));
		j_taxes(g->w, t, i, &c, inter);
		jsonw_obj_end(g->w);
	}
	if (any)
		jsonw_arr_end(g->w);
}

/* Table 8: the report's four rows, by what each describes. */
static void j_nil(struct g1 *g)
{
	static const struct {
		const char *sply, *lead;
	} kinds[] = {
		{"INTRB2B", "Inter-State supplies to registered"}, {"INTRAB2B", "Intra-State supplies to registered"},
		{"INTRB2C", "Inter-State supplies to unregistered"}, {"INTRAB2C", "Intra-State supplies to unregistered"},
	};
	const struct report_table *t = table_of(g->r, "nil");
	int d, cn, ce, cg, any = 0;
	if (!t)
		return;
	d = col(t, "description");
	cn = col(t, "nil_rated");
	ce = col(t, "exempted");
	cg = col(t, "non_gst");
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
		for (size_t i = 0; i < t->nrows; i++) {
			if (strncmp(txt(g->r, t, i, d), kinds[k].lead, strlen(kinds[k].lead)) != 0)
				continue;
			if (!num(t, i, cn) && !num(t, i, ce) && !num(t, i, cg))
				break;
			if (!any) {
				jsonw_key(g->w, "nil");
				jsonw_obj(g->w);
				jsonw_key(g->w, "inv");
				jsonw_arr(g->w);
				any = 1;
			}
			jsonw_obj(g->w);
			jsonw_kstr(g->w, "sply_ty", kinds[k].sply);
			jsonw_kmoney_num(g->w, "expt_amt", num(t, i, ce));
			jsonw_kmoney_num(g->w, "nil_amt", num(t, i, cn));
			jsonw_kmoney_num(g->w, "ngsup_amt", num(t, i, cg));
			jsonw_obj_end(g->w);
			break;
		}
	if (any) {
		jsonw_arr_end(g->w);
		jsonw_obj_end(g->w);
	}
}

/* One row of table 12 once its unit has its code: rows of one HSN, code and rate are one. */
struct hsn_sum {
	char hsn[9];
	char uqc[4];
	int64_t rate, qty, taxable, igst, cgst, sgst, cess;
};

static void warn_unit(struct gst_warnings *warn, const char *unit)
{
	if (!warn)
		return;
	for (int i = 0; i < warn->n; i++)
		if (strcmp(warn->w[i].unit, unit) == 0)
			return;
	if (warn->n >= GST_WARN_MAX) {
		warn->more++;
		return;
	}
	text_copy(warn->w[warn->n].reason, sizeof warn->w[0].reason, "uqc_unmapped");
	text_copy(warn->w[warn->n].unit, sizeof warn->w[0].unit, unit);
	text_copy(warn->w[warn->n].uqc, sizeof warn->w[0].uqc, "OTH");
	warn->n++;
}

/* Table 12. Units become their UQC (one with none is OTH, and a warning); a service (SAC 99...)
 * has no quantity: "NA" and 0, as the portal asks. */
static int j_hsn(struct g1 *g, struct err *e)
{
	const struct report_table *t = table_of(g->r, "hsn");
	struct hsn_sum *s;
	size_t n = 0;
	int ch, cu, cq, cr, ctx, ci, cc, cs, ccs, bad = 0;
	if (!t || t->nrows == 0)
		return 0;
	if (!(s = calloc(t->nrows, sizeof *s)))
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	ch = col(t, "hsn"), cu = col(t, "uqc"), cq = col(t, "quantity"), cr = col(t, "rate"), ctx = col(t, "taxable");
	ci = col(t, "igst"), cc = col(t, "cgst"), cs = col(t, "sgst"), ccs = col(t, "cess");
	for (size_t i = 0; i < t->nrows; i++) {
		const char *hsn = txt(g->r, t, i, ch), *unit = txt(g->r, t, i, cu), *uqc;
		int64_t rate = rate_bps(txt(g->r, t, i, cr)), qty = 0;
		struct hsn_sum *x = NULL;
		int known;
		if (t->rows[i].kind != ROW_DATA)
			continue;
		if (gst_is_service(hsn)) {
			uqc = "NA";
		} else {
			uqc = gst_uqc_for(&g->seller->profile, unit, &known);
			if (!known)
				warn_unit(g->warn, *unit ? unit : "(none)");
			if (decimal_parse(txt(g->r, t, i, cq), 3, &qty) < 0)
				qty = 0;
		}
		for (size_t k = 0; k < n && !x; k++)
			if (strcmp(s[k].hsn, hsn) == 0 && strcmp(s[k].uqc, uqc) == 0 && s[k].rate == rate)
				x = &s[k];
		if (!x) {
			x = &s[n++];
			text_copy(x->hsn, sizeof x->hsn, hsn);
			text_copy(x->uqc, sizeof x->uqc, uqc);
			x->rate = rate;
		}
		bad |= __builtin_add_overflow(x->qty, qty, &x->qty);
		bad |= __builtin_add_overflow(x->taxable, num(t, i, ctx), &x->taxable);
		bad |= __builtin_add_overflow(x->igst, num(t, i, ci), &x->igst);
		bad |= __builtin_add_overflow(x->cgst, num(t, i, cc), &x->cgst);
		bad |= __builtin_add_overflow(x->sgst, num(t, i, cs), &x->sgst);
		bad |= __builtin_add_overflow(x->cess, num(t, i, ccs), &x->cess);
	}
	if (bad) {
		free(s);
		return money_range_err(e, "the HSN summary's amounts are beyond the range of amounts");
	}
	jsonw_key(g->w, "hsn");
	jsonw_obj(g->w);
	jsonw_key(g->w, "data");
	jsonw_arr(g->w);
	for (size_t k = 0; k < n; k++) {
		jsonw_obj(g->w);
		jsonw_ki64(g->w, "num", (int64_t)k + 1);
		jsonw_kstr(g->w, "hsn_sc", s[k].hsn);
		jsonw_kstr(g->w, "uqc", s[k].uqc);
		jsonw_kdecimal(g->w, "qty", s[k].qty, 3);
		jsonw_kdecimal(g->w, "rt", s[k].rate, 2);
		jsonw_kmoney_num(g->w, "txval", s[k].taxable);
		jsonw_kmoney_num(g->w, "iamt", s[k].igst);
		jsonw_kmoney_num(g->w, "camt", s[k].cgst);
		jsonw_kmoney_num(g->w, "samt", s[k].sgst);
		jsonw_kmoney_num(g->w, "csamt", s[k].cess);
		jsonw_obj_end(g->w);
	}
	jsonw_arr_end(g->w);
	jsonw_obj_end(g->w);
	free(s);
	return 0;
}

/* ---- table 13: documents issued ---- */

/* One series of documents: a voucher type in a financial year. */
struct doc_series {
	char type[16];
	int64_t fy;
	char from[40], to[40];
	int64_t total, cancelled;
};

struct docs {
	struct doc_series s[8 * 4];
	int n;
};

static int docs_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct docs *d = ctx;
	struct doc_series *x = d->n ? &d->s[d->n - 1] : NULL;
	(void)e;
	if (!x || strcmp(x->type, db_col_text(st, 0)) != 0 || x->fy != db_col_i64(st, 1)) {
		if (d->n >= (int)(sizeof d->s / sizeof d->s[0]))
			return 1;
		x = &d->s[d->n++];
		memset(x, 0, sizeof *x);
		text_copy(x->type, sizeof x->type, db_col_text(st, 0));
		x->fy = db_col_i64(st, 1);
		text_copy(x->from, sizeof x->from, db_col_text(st, 3));
	}
	text_copy(x->to, sizeof x->to, db_col_text(st, 3));
	x->total++;
	if (strcmp(db_col_text(st, 4), "cancelled") == 0)
		x->cancelled++;
	return 0;
}

/* The portal's number of a kind of document as table 13 names it, 0 for one it does not know. */
static int doc_num_of(const char *nature)
{
	static const struct {
		const char *lead;
		int num;
	} kinds[] = {
		{"Invoices for outward supply", 1}, {"Invoices for inward supply", 2}, {"Revised Invoice", 3},
		{"Debit Note", 4}, {"Credit Note", 5}, {"Receipt", 6}, {"Payment", 7}, {"Refund", 8},
	};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strncmp(nature, kinds[i].lead, strlen(kinds[i].lead)) == 0)
			return kinds[i].num;
	return 0;
}

/* The report's own table 13 ("docs": nature, from, to, total, cancelled) into d; 0 when it has none. */
static int docs_from_report(const struct report *r, struct docs *d)
{
	static const char *const types[9] = {"", "sales", "", "", "debit_note", "credit_note", "", "", ""};
	const struct report_table *t = table_of(r, "docs");
	int cn, cf, ct, cc, cx;
	if (!t)
		return 0;
	cn = col(t, "nature"), cf = col(t, "from"), ct = col(t, "to"), cc = col(t, "total"), cx = col(t, "cancelled");
	for (size_t i = 0; i < t->nrows && d->n < (int)(sizeof d->s / sizeof d->s[0]); i++) {
		int k = doc_num_of(txt(r, t, i, cn));
		struct doc_series *x;
		if (t->rows[i].kind != ROW_DATA || k <= 0 || !*types[k])
			continue;
		x = &d->s[d->n++];
		memset(x, 0, sizeof *x);
		text_copy(x->type, sizeof x->type, types[k]);
		text_copy(x->from, sizeof x->from, txt(r, t, i, cf));
		text_copy(x->to, sizeof x->to, txt(r, t, i, ct));
		x->total = num(t, i, cc);
		x->cancelled = num(t, i, cx);
	}
	return 1;
}

static int j_doc_issue(struct g1 *g, struct db *db, int64_t cid, const char *from, const char *to, struct err *e)
{
	static const struct {
		const char *type;
		int num;
		const char *name;
	} kinds[] = {
		{"sales", 1, "Invoices for outward supply"}, {"debit_note", 4, "Debit Note"}, {"credit_note", 5, "Credit Note"},
	};
	struct docs *d = calloc(1, sizeof *d);
	int rc;
	if (!d)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	if (!docs_from_report(g->r, d) &&
	    (rc = db_each(db, sql[SQL_DOCS], DB_ARGS(DB_I64(cid), DB_TEXT(from), DB_TEXT(to)), docs_row, d, e)) < 0) {
		free(d);
		return rc;
	}
	if (d->n) {
		jsonw_key(g->w, "doc_issue");
		jsonw_obj(g->w);
		jsonw_key(g->w, "doc_det");
		jsonw_arr(g->w);
		for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
			int64_t n = 0;
			for (int i = 0; i < d->n; i++) {
				const struct doc_series *x = &d->s[i];
				if (strcmp(x->type, kinds[k].type) != 0)
					continue;
				if (n == 0) {
					jsonw_obj(g->w);
					jsonw_ki64(g->w, "doc_num", kinds[k].num);
					jsonw_kstr(g->w, "doc_typ", kinds[k].name);
					jsonw_key(g->w, "docs");
					jsonw_arr(g->w);
				}
				jsonw_obj(g->w);
				jsonw_ki64(g->w, "num", ++n);
				jsonw_kstr(g->w, "from", x->from);
				jsonw_kstr(g->w, "to", x->to);
				jsonw_ki64(g->w, "totnum", x->total);
				jsonw_ki64(g->w, "cancel", x->cancelled);
				jsonw_ki64(g->w, "net_issue", x->total - x->cancelled);
				jsonw_obj_end(g->w);
			}
			if (n) {
				jsonw_arr_end(g->w);
				jsonw_obj_end(g->w);
			}
		}
		jsonw_arr_end(g->w);
		jsonw_obj_end(g->w);
	}
	free(d);
	return 0;
}

/* Runs report `fn` for the month into a report of its own (the caller report_done's and frees it). */
static int run_month(struct db *db, int64_t cid, report_fn fn, const char *from, const char *to, struct report **ret,
		     struct err *e)
{
	struct report_params p;
	struct report *r = malloc(sizeof *r);
	*ret = r;
	if (!r)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	report_init(r);
	memset(&p, 0, sizeof p);
	memcpy(p.from, from, 11);
	memcpy(p.to, to, 11);
	return fn(db, cid, &p, r, e);
}

static void report_free(struct report *r)
{
	report_done(r);
	free(r);
}

int gst_gstr1_file(struct db *db, int64_t cid, const char *period, struct buf *out, struct gst_warnings *warn, struct err *e)
{
	struct gst_seller *seller = malloc(sizeof *seller);
	struct report *r = NULL;
	struct jsonw w;
	struct g1 g;
	char from[11], to[11], fp[7];
	int rc;

	if (warn)
		memset(warn, 0, sizeof *warn);
	if (!seller)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	if ((rc = gst_period_parse(period, from, to, e)) < 0 || (rc = gst_seller_load(db, cid, 0, seller, e)) < 0 ||
	    (rc = run_month(db, cid, report_gstr1, from, to, &r, e)) < 0)
		goto out;
	memcpy(fp, from + 5, 2);
	memcpy(fp + 2, from, 4);
	fp[6] = '\0';
	jsonw_init(&w, out);
	g.r = r;
	g.seller = seller;
	g.warn = warn;
	g.w = &w;
	jsonw_obj(&w);
	jsonw_kstr(&w, "gstin", seller->gstin);
	jsonw_kstr(&w, "fp", fp);
	j_inv_section(&g, "b2b", SEC_B2B);
	j_inv_section(&g, "b2cl", SEC_B2CL);
	j_b2cs(&g);
	j_inv_section(&g, "cdnr", SEC_CDNR);
	j_inv_section(&g, "cdnur", SEC_CDNUR);
	j_inv_section(&g, "exp", SEC_EXP);
	j_nil(&g);
	if ((rc = j_hsn(&g, e)) < 0 || (rc = j_doc_issue(&g, db, cid, from, to, e)) < 0)
		goto out;
	jsonw_obj_end(&w);
	if (jsonw_ok(&w) < 0)
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory writing the return");
out:
	if (r)
		report_free(r);
	free(seller);
	return rc < 0 ? rc : 0;
}

/* ---- GSTR-3B ---- */

/* taxable, igst, cgst, sgst, cess */
struct t5 {
	int64_t v[5];
};

/* The figures of the return's tables, by slot. */
enum slot {
	S_OSUP_DET, S_OSUP_ZERO, S_OSUP_NIL, S_ISUP_REV, S_OSUP_NONGST,
	S_ITC_IMPG, S_ITC_IMPS, S_ITC_ISRC, S_ITC_ISD, S_ITC_OTH,
	S_REV_RUL, S_REV_OTH, S_ITC_NET, S_INELG_RUL, S_INELG_OTH,
	S_MAX
};

static const char *const slot_codes[S_MAX] = {
	"3.1(a)", "3.1(b)", "3.1(c)", "3.1(d)", "3.1(e)", "4(A)(1)", "4(A)(2)", "4(A)(3)", "4(A)(4)", "4(A)(5)",
	"4(B)(1)", "4(B)(2)", "4(C)", "4(D)(1)", "4(D)(2)",
};

/* The unregistered persons' inter-state supplies of table 3.2, by place of supply. */
struct pos_sum {
	char pos[3];
	int64_t taxable, igst;
};

struct g3 {
	struct t5 s[S_MAX];
	struct pos_sum unreg[40];
	int nunreg;
	int64_t inward[2][2];       /* table 5: [0 GST (nil, exempt), 1 non-GST][0 inter, 1 intra] */
	int bad;
};

/* Sums the main table's rows of each table number; a heading or total row counts only where the
 * number has no rows of data. */
static void g3_read(struct g3 *g, const struct report *r)
{
	const struct report_table *t = table_of(r, "main");
	static const char *const keys[5] = {"taxable", "igst", "cgst", "sgst", "cess"};
	int cs, c[5], data[S_MAX] = {0};
	if (!t)
		return;
	cs = col(t, "section");
	for (int k = 0; k < 5; k++)
		c[k] = col(t, keys[k]);
	for (size_t i = 0; i < t->nrows; i++)
		for (int s = 0; s < S_MAX; s++)
			if (t->rows[i].kind == ROW_DATA && strcmp(txt(r, t, i, cs), slot_codes[s]) == 0)
				data[s] = 1;
	for (size_t i = 0; i < t->nrows; i++)
		for (int s = 0; s < S_MAX; s++) {
			int is_data = t->rows[i].kind == ROW_DATA;
			if (strcmp(txt(r, t, i, cs), slot_codes[s]) != 0 || (!is_data && data[s]))
				continue;
			if (!is_data)
				data[s] = 1; /* a heading's figures, once */
			for (int k = 0; k < 5; k++)
				g->bad |= __builtin_add_overflow(g->s[s].v[k], num(t, i, c[k]), &g->s[s].v[k]);
		}
}

static void unreg_add(struct g3 *g, const char *pos, int sign, int64_t taxable, int64_t igst)
{
	struct pos_sum *x = NULL;
	for (int i = 0; i < g->nunreg && !x; i++)
		if (strcmp(g->unreg[i].pos, pos) == 0)
			x = &g->unreg[i];
	if (!x) {
		if (g->nunreg >= (int)(sizeof g->unreg / sizeof g->unreg[0]))
			return;
		x = &g->unreg[g->nunreg++];
		memset(x, 0, sizeof *x);
		memcpy(x->pos, pos, 3);
	}
	g->bad |= __builtin_add_overflow(x->taxable, sign * taxable, &x->taxable);
	g->bad |= __builtin_add_overflow(x->igst, sign * igst, &x->igst);
}

/* Table 3.2 as the portal fills it from GSTR-1: large and small B2C supplies across states, less
 * the notes against them, by place of supply. */
static void g3_unreg(struct g3 *g, const struct report *r1)
{
	static const struct {
		const char *table;
		int sign;
	} parts[] = {{"b2cl", 1}, {"b2cs", 1}, {"cdnur", -1}};
	for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
		const struct report_table *t = table_of(r1, parts[k].table);
		int cp = col(t, "place_of_supply"), ct = col(t, "taxable"), ci = col(t, "igst"), cy = col(t, "supply_type");
		int cu = col(t, "ur_type");
		for (size_t i = 0; t && i < t->nrows; i++) {
			char pos[3];
			if (t->rows[i].kind != ROW_DATA)
				continue;
			if (cy >= 0 && strncmp(txt(r1, t, i, cy), "Inter", 5) != 0)
				continue;
			if (cu >= 0 && *txt(r1, t, i, cu) && strcmp(txt(r1, t, i, cu), "B2CL") != 0)
				continue; /* a note on an export is not a supply to an unregistered person here */
			pos_code(txt(r1, t, i, cp), pos);
			if (*pos)
				unreg_add(g, pos, parts[k].sign, num(t, i, ct), num(t, i, ci));
		}
	}
}

/* Table 3.2 from the 3B report's own table ("inter_state": place_of_supply, unreg_taxable,
 * unreg_igst); 0 when it has none. */
static int g3_unreg_report(struct g3 *g, const struct report *r3)
{
	const struct report_table *t = table_of(r3, "inter_state");
	int cp = col(t, "place_of_supply"), ct = col(t, "unreg_taxable"), ci = col(t, "unreg_igst");
	if (!t || cp < 0 || ct < 0)
		return 0;
	for (size_t i = 0; i < t->nrows; i++) {
		char pos[3];
		if (t->rows[i].kind != ROW_DATA)
			continue;
		pos_code(txt(r3, t, i, cp), pos);
		if (*pos)
			unreg_add(g, pos, 1, num(t, i, ct), num(t, i, ci));
	}
	return 1;
}

/* Table 5 from the 3B report's own table ("exempt_inward": a row of exempt, nil-rated and
 * composition supplies, one of non-GST supplies, each inter and intra); 0 when it has none. */
static int g3_inward_report(struct g3 *g, const struct report *r3)
{
	const struct report_table *t = table_of(r3, "exempt_inward");
	int cd = col(t, "description"), ce = col(t, "inter"), ca = col(t, "intra");
	if (!t || ce < 0 || ca < 0)
		return 0;
	for (size_t i = 0; i < t->nrows; i++) {
		int kind;
		if (t->rows[i].kind != ROW_DATA)
			continue;
		kind = strncmp(txt(r3, t, i, cd), "Non GST", 7) == 0 || strncmp(txt(r3, t, i, cd), "Non-GST", 7) == 0;
		g->bad |= __builtin_add_overflow(g->inward[kind][0], num(t, i, ce), &g->inward[kind][0]);
		g->bad |= __builtin_add_overflow(g->inward[kind][1], num(t, i, ca), &g->inward[kind][1]);
	}
	return 1;
}

static int pos_cmp(const void *a, const void *b) { return strcmp(((const struct pos_sum *)a)->pos, ((const struct pos_sum *)b)->pos); }

static int inward_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct g3 *g = ctx;
	int sign = strcmp(db_col_text(st, 0), "debit_note") == 0 ? -1 : 1;
	int kind = strcmp(db_col_text(st, 1), "non_gst") == 0;
	int intra = db_col_i64(st, 2) ? 0 : 1;
	(void)e;
	g->bad |= __builtin_add_overflow(g->inward[kind][intra], sign * db_col_i64(st, 3), &g->inward[kind][intra]);
	return 0;
}

/* {"txval"?, "iamt", "camt"?, "samt"?, "csamt"} of a slot with the heads it has (mask: t i c s x). */
#define H_TX 1
#define H_I 2
#define H_CS 4
#define H_X 8
static void j_heads(struct jsonw *w, const char *key, const struct t5 *x, int mask)
{
	if (key)
		jsonw_key(w, key);
	jsonw_obj(w);
	if (mask & H_TX)
		jsonw_kmoney_num(w, "txval", x->v[0]);
	if (mask & H_I)
		jsonw_kmoney_num(w, "iamt", x->v[1]);
	if (mask & H_CS) {
		jsonw_kmoney_num(w, "camt", x->v[2]);
		jsonw_kmoney_num(w, "samt", x->v[3]);
	}
	if (mask & H_X)
		jsonw_kmoney_num(w, "csamt", x->v[4]);
	jsonw_obj_end(w);
}

static void j_typed(struct jsonw *w, const char *key, const char *const *types, const struct t5 *const *xs, int n)
{
	jsonw_key(w, key);
	jsonw_arr(w);
	for (int i = 0; i < n; i++) {
		jsonw_obj(w);
		jsonw_kstr(w, "ty", types[i]);
		jsonw_kmoney_num(w, "iamt", xs[i]->v[1]);
		jsonw_kmoney_num(w, "camt", xs[i]->v[2]);
		jsonw_kmoney_num(w, "samt", xs[i]->v[3]);
		jsonw_kmoney_num(w, "csamt", xs[i]->v[4]);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
}

static void g3_json(struct jsonw *w, const struct g3 *g, const char *gstin, const char *fp)
{
	static const char *const avl_ty[5] = {"IMPG", "IMPS", "ISRC", "ISD", "OTH"};
	static const char *const rev_ty[2] = {"RUL", "OTH"};
	const struct t5 *avl[5] = {&g->s[S_ITC_IMPG], &g->s[S_ITC_IMPS], &g->s[S_ITC_ISRC], &g->s[S_ITC_ISD], &g->s[S_ITC_OTH]};
	const struct t5 *rev[2] = {&g->s[S_REV_RUL], &g->s[S_REV_OTH]};
	const struct t5 *inelg[2] = {&g->s[S_INELG_RUL], &g->s[S_INELG_OTH]};
	const struct t5 zero = {{0}};

	jsonw_obj(w);
	jsonw_kstr(w, "gstin", gstin);
	jsonw_kstr(w, "ret_period", fp);
	jsonw_key(w, "sup_details");
	jsonw_obj(w);
	j_heads(w, "osup_det", &g->s[S_OSUP_DET], H_TX | H_I | H_CS | H_X);
	j_heads(w, "osup_zero", &g->s[S_OSUP_ZERO], H_TX | H_I | H_X);
	j_heads(w, "osup_nil_exmp", &g->s[S_OSUP_NIL], H_TX);
	j_heads(w, "isup_rev", &g->s[S_ISUP_REV], H_TX | H_I | H_CS | H_X);
	j_heads(w, "osup_nongst", &g->s[S_OSUP_NONGST], H_TX);
	jsonw_obj_end(w);
	jsonw_key(w, "inter_sup");
	jsonw_obj(w);
	jsonw_key(w, "unreg_details");
	jsonw_arr(w);
	for (int i = 0; i < g->nunreg; i++) {
		if (!g->unreg[i].taxable && !g->unreg[i].igst)
			continue;
		jsonw_obj(w);
		jsonw_kstr(w, "pos", g->unreg[i].pos);
		jsonw_kmoney_num(w, "txval", g->unreg[i].taxable);
		jsonw_kmoney_num(w, "iamt", g->unreg[i].igst);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_key(w, "comp_details");
	jsonw_arr(w);
	jsonw_arr_end(w);
	jsonw_key(w, "uin_details");
	jsonw_arr(w);
	jsonw_arr_end(w);
	jsonw_obj_end(w);
	jsonw_key(w, "itc_elg");
	jsonw_obj(w);
	j_typed(w, "itc_avl", avl_ty, avl, 5);
	j_typed(w, "itc_rev", rev_ty, rev, 2);
	j_heads(w, "itc_net", &g->s[S_ITC_NET], H_I | H_CS | H_X);
	j_typed(w, "itc_inelg", rev_ty, inelg, 2);
	jsonw_obj_end(w);
	jsonw_key(w, "inward_sup");
	jsonw_obj(w);
	jsonw_key(w, "isup_details");
	jsonw_arr(w);
	for (int k = 0; k < 2; k++) {
		jsonw_obj(w);
		jsonw_kstr(w, "ty", k ? "NONGST" : "GST");
		jsonw_kmoney_num(w, "inter", g->inward[k][0]);
		jsonw_kmoney_num(w, "intra", g->inward[k][1]);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_obj_end(w);
	jsonw_key(w, "intr_ltfee");
	jsonw_obj(w);
	j_heads(w, "intr_details", &zero, H_I | H_CS | H_X);
	j_heads(w, "ltfee_details", &zero, H_CS);
	jsonw_obj_end(w);
	jsonw_obj_end(w);
}

int gst_gstr3b_file(struct db *db, int64_t cid, const char *period, struct buf *out, struct err *e)
{
	struct gst_seller *seller = malloc(sizeof *seller);
	struct g3 *g = calloc(1, sizeof *g);
	struct report *r3 = NULL, *r1 = NULL;
	struct jsonw w;
	char from[11], to[11], fp[7];
	int rc;

	if (!seller || !g) {
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	if ((rc = gst_period_parse(period, from, to, e)) < 0 || (rc = gst_seller_load(db, cid, 0, seller, e)) < 0 ||
	    (rc = run_month(db, cid, report_gstr3b, from, to, &r3, e)) < 0)
		goto out;
	g3_read(g, r3);
	/* 3.2 and 5 are the report's where it has them; else worked out here as the portal does */
	if (!g3_unreg_report(g, r3)) {
		if ((rc = run_month(db, cid, report_gstr1, from, to, &r1, e)) < 0)
			goto out;
		g3_unreg(g, r1);
	}
	if (!g3_inward_report(g, r3) &&
	    (rc = db_each(db, sql[SQL_INWARD_NIL], DB_ARGS(DB_TEXT(seller->state), DB_I64(cid), DB_TEXT(from), DB_TEXT(to)),
			  inward_row, g, e)) < 0)
		goto out;
	if (g->nunreg > 1)
		qsort(g->unreg, (size_t)g->nunreg, sizeof g->unreg[0], pos_cmp);
	if (g->bad) {
		rc = money_range_err(e, "the return's amounts are beyond the range of amounts");
		goto out;
	}
	memcpy(fp, from + 5, 2);
	memcpy(fp + 2, from, 4);
	fp[6] = '\0';
	jsonw_init(&w, out);
	g3_json(&w, g, seller->gstin, fp);
	if (jsonw_ok(&w) < 0)
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory writing the return");
out:
	if (r3)
		report_free(r3);
	if (r1)
		report_free(r1);
	free(g);
	free(seller);
	return rc < 0 ? rc : 0;
}
