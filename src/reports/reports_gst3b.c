/* reports_gst3b.c - GSTR-3B read from the item lines of the period's vouchers (gst_returns.h):
 * 3.1 outward supplies (taxable, zero-rated, nil-rated and exempt, non-GST) and inward supplies
 * under reverse charge; 3.2 inter-state supplies to unregistered persons by place of supply; 4 the
 * input tax credit (reverse charge, all other, reversed by debit notes, net); 5 nil-rated, exempt
 * and non-GST inward supplies; 6.1 the tax payable with the credit set off in the legal order
 * (gst_setoff.c) and the rest, reverse charge included, paid in cash. Credit notes net against
 * sales, debit notes against purchases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/jsonw.h"
#include "lib/money.h"
#include "lib/text.h"
#include "reports/gst_returns.h"
#include "reports/reports_gst_int.h"
#include "reports/reports_int.h"
#include "lib/banned.h"

enum { SQL_3B, SQL_MAX };

static const char *const sql[SQL_MAX] = {
	/* a credit note is the kind of supply of the invoice it names, unless it says its own */
	[SQL_3B] = "SELECT v.type, i.gst_rate, coalesce(i.gst_reason, ''), i.reverse_charge, coalesce(v.supply_type, o.supply_type, ''), "
		   "coalesce(v.place_of_supply, ''), CASE WHEN coalesce(v.party_gstin, '') = '' THEN 0 ELSE 1 END, "
		   "sum(i.taxable), sum(i.igst), sum(i.cgst), sum(i.sgst), sum(i.cess) "
		   "FROM vouchers v JOIN voucher_items i ON i.voucher_id = v.id "
		   "LEFT JOIN vouchers o ON o.company_id = v.company_id AND v.type = 'credit_note' AND o.type = 'sales' "
		   "AND o.status = 'active' AND o.number = v.reference "
		   "WHERE v.company_id = ? AND v.status = 'active' AND v.date >= ? AND v.date <= ? "
		   "GROUP BY v.type, i.gst_rate, coalesce(i.gst_reason, ''), i.reverse_charge, coalesce(v.supply_type, o.supply_type, ''), "
		   "coalesce(v.place_of_supply, ''), CASE WHEN coalesce(v.party_gstin, '') = '' THEN 0 ELSE 1 END "
		   "ORDER BY coalesce(v.place_of_supply, '')",
};

static void t5_add(struct gst_t5 *t, const struct gst_t5 *x, int64_t sign, int *bad)
{
	gst_add(&t->taxable, sign * x->taxable, bad);
	gst_add(&t->igst, sign * x->igst, bad);
	gst_add(&t->cgst, sign * x->cgst, bad);
	gst_add(&t->sgst, sign * x->sgst, bad);
	gst_add(&t->cess, sign * x->cess, bad);
}

struct g3b_load {
	struct gstr3b *g;
	const char *state;
};

static int unreg_add(struct gstr3b *g, const char *pos, const struct gst_t5 *x, int64_t sign, struct err *e)
{
	struct gst_pos32 *u = g->nunreg && strcmp(g->unreg[g->nunreg - 1].pos, pos) == 0 ? &g->unreg[g->nunreg - 1] : NULL;
	if (!u) {
		struct gst_pos32 *q = gst_grow(g->unreg, &g->capunreg, g->nunreg, sizeof *q);
		if (!q)
			return err_setr(e, ERR_TOO_LARGE, NULL, "too_many_places", "too many places of supply");
		g->unreg = q;
		u = &g->unreg[g->nunreg++];
		memset(u, 0, sizeof *u);
		text_copy(u->pos, sizeof u->pos, pos);
	}
	gst_add(&u->taxable, sign * x->taxable, &g->bad);
	gst_add(&u->igst, sign * x->igst, &g->bad);
	return 0;
}

/* One group of lines (type, rate, reason, reverse charge, kind of supply, place, registered). */
static int g3b_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct g3b_load *x = ctx;
	struct gstr3b *g = x->g;
	const char *type = db_col_text(st, 0), *reason = db_col_text(st, 2), *supply = db_col_text(st, 4), *pos = db_col_text(st, 5);
	int64_t rate = db_col_i64(st, 1);
	int rcm = db_col_i64(st, 3) != 0, reg = db_col_i64(st, 6) != 0;
	int inter = supply[0] || (pos[0] && strcmp(pos, x->state) != 0);
	int out = strcmp(type, "sales") == 0 || strcmp(type, "credit_note") == 0;
	int64_t sign = strcmp(type, "credit_note") == 0 || strcmp(type, "debit_note") == 0 ? -1 : 1;
	struct gst_t5 v = {db_col_i64(st, 7), db_col_i64(st, 8), db_col_i64(st, 9), db_col_i64(st, 10), db_col_i64(st, 11)};
	int nil = rate == 0 || reason[0], non_gst = strcmp(reason, "non_gst") == 0;

	if (out) {
		if (supply[0])
			t5_add(&g->out_zero, &v, sign, &g->bad);
		else if (nil)
			t5_add(non_gst ? &g->out_non_gst : &g->out_nil, &v, sign, &g->bad);
		else
			t5_add(&g->out_taxable, &v, sign, &g->bad);
		if (!supply[0] && !nil && !reg && inter)
			return unreg_add(g, pos, &v, sign, e);
		return 0;
	}
	if (strcmp(type, "purchase") != 0 && strcmp(type, "debit_note") != 0)
		return 0;
	if (nil) {
		gst_add(non_gst ? &g->inward_non_gst[inter ? 0 : 1] : &g->inward_exempt[inter ? 0 : 1], sign * v.taxable, &g->bad);
		return 0;
	}
	if (rcm) {
		/* the tax is the company's to pay (3.1(d)) and its credit to take (4(A)(3)); a debit note
		 * against such a purchase takes both back */
		t5_add(&g->in_rcm, &v, sign, &g->bad);
		t5_add(&g->itc_rcm, &v, sign, &g->bad);
		return 0;
	}
	t5_add(sign > 0 ? &g->itc_other : &g->itc_reversed, &v, 1, &g->bad);
	return 0;
}

int gstr3b_load(struct db *db, int64_t cid, const char *state, const char *from, const char *to, struct gstr3b *g, struct err *e)
{
	struct g3b_load x = {g, state};
	int64_t payable[GH_MAX], credit[GH_MAX];
	int rc;

	memset(g, 0, sizeof *g);
	if ((rc = db_each(db, sql[SQL_3B], DB_ARGS(DB_I64(cid), DB_TEXT(from), DB_TEXT(to)), g3b_row, &x, e)) < 0)
		return rc;
	g->itc_net = g->itc_rcm;
	t5_add(&g->itc_net, &g->itc_other, 1, &g->bad);
	t5_add(&g->itc_net, &g->itc_reversed, -1, &g->bad);
	g->itc_net.taxable = 0;
	/* 6.1: the tax on outward supplies (zero-rated ones with payment too) set off by the net credit */
	payable[GH_IGST] = g->out_taxable.igst;
	payable[GH_CGST] = g->out_taxable.cgst;
	payable[GH_SGST] = g->out_taxable.sgst;
	payable[GH_CESS] = g->out_taxable.cess;
	gst_add(&payable[GH_IGST], g->out_zero.igst, &g->bad);
	gst_add(&payable[GH_CESS], g->out_zero.cess, &g->bad);
	credit[GH_IGST] = g->itc_net.igst;
	credit[GH_CGST] = g->itc_net.cgst;
	credit[GH_SGST] = g->itc_net.sgst;
	credit[GH_CESS] = g->itc_net.cess;
	if (g->bad || gst_setoff(payable, credit, &g->setoff) < 0)
		return money_range_err(e, "amounts are beyond the range of amounts");
	/* reverse charge is paid in cash, whatever credit there is (section 49(4)) */
	g->rcm_cash[GH_IGST] = g->in_rcm.igst > 0 ? g->in_rcm.igst : 0;
	g->rcm_cash[GH_CGST] = g->in_rcm.cgst > 0 ? g->in_rcm.cgst : 0;
	g->rcm_cash[GH_SGST] = g->in_rcm.sgst > 0 ? g->in_rcm.sgst : 0;
	g->rcm_cash[GH_CESS] = g->in_rcm.cess > 0 ? g->in_rcm.cess : 0;
	for (int h = 0; h < GH_MAX; h++) {
		g->cash[h] = g->setoff.cash[h];
		gst_add(&g->cash[h], g->rcm_cash[h], &g->bad);
	}
	return g->bad ? money_range_err(e, "amounts are beyond the range of amounts") : 0;
}

void gstr3b_free(struct gstr3b *g)
{
	free(g->unreg);
	memset(g, 0, sizeof *g);
}

/* ---- the report ---- */

enum { G3_SECTION, G3_DESC, G3_TAXABLE, G3_IGST, G3_CGST, G3_SGST, G3_CESS, G3_MAX };

static void t5_row(struct report *r, struct report_table *t, enum report_row_kind kind, const char *section, const char *desc,
		   const struct gst_t5 *x, int with_taxable)
{
	long row = report_row(r, t, kind, 0);
	if (row < 0)
		return;
	report_set_text(r, t, row, G3_SECTION, section);
	report_set_text(r, t, row, G3_DESC, desc);
	if (with_taxable)
		report_set_i64(t, row, G3_TAXABLE, x->taxable);
	report_set_i64(t, row, G3_IGST, x->igst);
	report_set_i64(t, row, G3_CGST, x->cgst);
	report_set_i64(t, row, G3_SGST, x->sgst);
	report_set_i64(t, row, G3_CESS, x->cess);
}

static void main_table(struct report *r, const struct gstr3b *g)
{
	struct report_table *t = report_table_add(r, "main", "GSTR-3B");
	if (!t)
		return;
	report_col(t, "section", "Table", REPORT_TEXT);
	report_col(t, "description", "Nature", REPORT_TEXT);
	report_col(t, "taxable", "Taxable Value", REPORT_MONEY);
	report_col(t, "igst", "Integrated Tax", REPORT_MONEY);
	report_col(t, "cgst", "Central Tax", REPORT_MONEY);
	report_col(t, "sgst", "State/UT Tax", REPORT_MONEY);
	report_col(t, "cess", "Cess", REPORT_MONEY);
	t5_row(r, t, ROW_DATA, "3.1(a)", "Outward taxable supplies (other than zero rated, nil rated and exempted)", &g->out_taxable, 1);
	t5_row(r, t, ROW_DATA, "3.1(b)", "Outward taxable supplies (zero rated)", &g->out_zero, 1);
	t5_row(r, t, ROW_DATA, "3.1(c)", "Other outward supplies (nil rated, exempted)", &g->out_nil, 1);
	t5_row(r, t, ROW_DATA, "3.1(d)", "Inward supplies (liable to reverse charge)", &g->in_rcm, 1);
	t5_row(r, t, ROW_DATA, "3.1(e)", "Non-GST outward supplies", &g->out_non_gst, 1);
	t5_row(r, t, ROW_DATA, "4(A)(3)", "ITC available: inward supplies liable to reverse charge", &g->itc_rcm, 0);
	t5_row(r, t, ROW_DATA, "4(A)(5)", "ITC available: all other ITC (purchases)", &g->itc_other, 0);
	t5_row(r, t, ROW_DATA, "4(B)(2)", "ITC reversed: others (debit notes, purchase returns)", &g->itc_reversed, 0);
	t5_row(r, t, ROW_SUBTOTAL, "4(C)", "Net ITC available (A) - (B)", &g->itc_net, 0);
}

static void inter_table(struct report *r, const struct gstr3b *g)
{
	struct report_table *t = report_table_add(r, "inter_state", "Inter-State supplies to unregistered persons, composition dealers and UIN holders - 3.2");
	char buf[64];
	if (!t)
		return;
	report_col(t, "place_of_supply", "Place of Supply (State/UT)", REPORT_TEXT);
	report_col(t, "unreg_taxable", "Unregistered Persons: Taxable Value", REPORT_MONEY);
	report_col(t, "unreg_igst", "Unregistered Persons: Integrated Tax", REPORT_MONEY);
	report_col(t, "comp_taxable", "Composition Dealers: Taxable Value", REPORT_MONEY);
	report_col(t, "comp_igst", "Composition Dealers: Integrated Tax", REPORT_MONEY);
	report_col(t, "uin_taxable", "UIN Holders: Taxable Value", REPORT_MONEY);
	report_col(t, "uin_igst", "UIN Holders: Integrated Tax", REPORT_MONEY);
	for (size_t i = 0; i < g->nunreg; i++) {
		long row = report_row(r, t, ROW_DATA, 0);
		if (row < 0)
			return;
		gst_pos_text(g->unreg[i].pos, buf, sizeof buf);
		report_set_text(r, t, row, 0, buf);
		report_set_i64(t, row, 1, g->unreg[i].taxable);
		report_set_i64(t, row, 2, g->unreg[i].igst);
		for (int c = 3; c < 7; c++)
			report_set_i64(t, row, c, 0);
	}
}

static void exempt_table(struct report *r, const struct gstr3b *g)
{
	struct report_table *t = report_table_add(r, "exempt_inward", "Exempt, nil-rated and non-GST inward supplies - 5");
	long row;
	if (!t)
		return;
	report_col(t, "description", "Nature of supplies", REPORT_TEXT);
	report_col(t, "inter", "Inter-State supplies", REPORT_MONEY);
	report_col(t, "intra", "Intra-State supplies", REPORT_MONEY);
	if ((row = report_row(r, t, ROW_DATA, 0)) < 0)
		return;
	report_set_text(r, t, row, 0, "From a supplier under composition scheme, Exempt and Nil rated supply");
	report_set_i64(t, row, 1, g->inward_exempt[0]);
	report_set_i64(t, row, 2, g->inward_exempt[1]);
	if ((row = report_row(r, t, ROW_DATA, 0)) < 0)
		return;
	report_set_text(r, t, row, 0, "Non GST supply");
	report_set_i64(t, row, 1, g->inward_non_gst[0]);
	report_set_i64(t, row, 2, g->inward_non_gst[1]);
}

/* 6.1 by tax head: payable, paid through each credit, in cash; reverse charge apart; the credit
 * left to carry forward under the credit columns. */
static void payment_table(struct report *r, const struct gstr3b *g)
{
	static const char *const heads[GH_MAX] = {"Integrated Tax", "Central Tax", "State/UT Tax", "Cess"};
	static const char *const rcm_heads[GH_MAX] = {"Integrated Tax (reverse charge)", "Central Tax (reverse charge)",
						      "State/UT Tax (reverse charge)", "Cess (reverse charge)"};
	struct report_table *t = report_table_add(r, "payment", "Payment of tax - 6.1");
	int64_t total[7] = {0, 0, 0, 0, 0, 0, 0};
	int bad = 0;
	long row;
	if (!t)
		return;
	report_col(t, "description", "Description", REPORT_TEXT);
	report_col(t, "payable", "Tax payable", REPORT_MONEY);
	report_col(t, "itc_igst", "Paid through ITC: Integrated Tax", REPORT_MONEY);
	report_col(t, "itc_cgst", "Paid through ITC: Central Tax", REPORT_MONEY);
	report_col(t, "itc_sgst", "Paid through ITC: State/UT Tax", REPORT_MONEY);
	report_col(t, "itc_cess", "Paid through ITC: Cess", REPORT_MONEY);
	report_col(t, "cash", "Tax paid in cash", REPORT_MONEY);
	for (int pass = 0; pass < 2; pass++)
		for (int h = 0; h < GH_MAX; h++) {
			if ((row = report_row(r, t, ROW_DATA, 0)) < 0)
				return;
			report_set_text(r, t, row, 0, pass ? rcm_heads[h] : heads[h]);
			report_set_i64(t, row, 1, pass ? g->rcm_cash[h] : g->setoff.payable[h]);
			gst_add(&total[0], pass ? g->rcm_cash[h] : g->setoff.payable[h], &bad);
			for (int c = 0; c < GH_MAX; c++) {
				report_set_i64(t, row, 2 + c, pass ? 0 : g->setoff.used[c][h]);
				gst_add(&total[1 + c], pass ? 0 : g->setoff.used[c][h], &bad);
			}
			report_set_i64(t, row, 6, pass ? g->rcm_cash[h] : g->setoff.cash[h]);
			gst_add(&total[5], pass ? g->rcm_cash[h] : g->setoff.cash[h], &bad);
		}
	if ((row = report_row(r, t, ROW_TOTAL, 0)) < 0)
		return;
	report_set_text(r, t, row, 0, "Total");
	for (int c = 0; c < 6; c++)
		report_set_i64(t, row, 1 + c, total[c]);
	if ((row = report_row(r, t, ROW_DATA, 0)) < 0)
		return;
	report_set_text(r, t, row, 0, "ITC left to carry forward");
	for (int c = 0; c < GH_MAX; c++)
		report_set_i64(t, row, 2 + c, g->setoff.carry[c]);
	if (bad)
		r->failed = 2;
}

/* ---- the return's JSON shape ---- */

static void j_t5(struct jsonw *w, const char *key, const struct gst_t5 *x, int with_taxable)
{
	if (key)
		jsonw_key(w, key);
	jsonw_obj(w);
	if (with_taxable)
		jsonw_kmoney(w, "txval", x->taxable);
	jsonw_kmoney(w, "iamt", x->igst);
	jsonw_kmoney(w, "camt", x->cgst);
	jsonw_kmoney(w, "samt", x->sgst);
	jsonw_kmoney(w, "csamt", x->cess);
	jsonw_obj_end(w);
}

static void j_ty(struct jsonw *w, const char *ty, const struct gst_t5 *x)
{
	jsonw_obj(w);
	jsonw_kstr(w, "ty", ty);
	jsonw_kmoney(w, "iamt", x->igst);
	jsonw_kmoney(w, "camt", x->cgst);
	jsonw_kmoney(w, "samt", x->sgst);
	jsonw_kmoney(w, "csamt", x->cess);
	jsonw_obj_end(w);
}

static void j_heads(struct jsonw *w, const char *key, const int64_t v[GH_MAX])
{
	jsonw_key(w, key);
	jsonw_obj(w);
	jsonw_kmoney(w, "iamt", v[GH_IGST]);
	jsonw_kmoney(w, "camt", v[GH_CGST]);
	jsonw_kmoney(w, "samt", v[GH_SGST]);
	jsonw_kmoney(w, "csamt", v[GH_CESS]);
	jsonw_obj_end(w);
}

static void j_inward(struct jsonw *w, const struct gstr3b *g)
{
	jsonw_key(w, "inward_sup");
	jsonw_obj(w);
	jsonw_key(w, "isup_details");
	jsonw_arr(w);
	for (int k = 0; k < 2; k++) {
		const int64_t *x = k ? g->inward_non_gst : g->inward_exempt;
		jsonw_obj(w);
		jsonw_kstr(w, "ty", k ? "NONGST" : "GST");
		jsonw_kmoney(w, "inter", x[0]);
		jsonw_kmoney(w, "intra", x[1]);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_obj_end(w);
}

static void g3b_json(struct report *r, const struct gstr3b *g, const char *gstin, const char *to)
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
	j_t5(&w, "osup_det", &g->out_taxable, 1);
	j_t5(&w, "osup_zero", &g->out_zero, 1);
	j_t5(&w, "osup_nil_exmp", &g->out_nil, 1);
	j_t5(&w, "isup_rev", &g->in_rcm, 1);
	j_t5(&w, "osup_nongst", &g->out_non_gst, 1);
	jsonw_obj_end(&w);
	jsonw_key(&w, "inter_sup");
	jsonw_obj(&w);
	jsonw_key(&w, "unreg_details");
	jsonw_arr(&w);
	for (size_t i = 0; i < g->nunreg; i++) {
		jsonw_obj(&w);
		jsonw_kstr(&w, "pos", g->unreg[i].pos);
		jsonw_kmoney(&w, "txval", g->unreg[i].taxable);
		jsonw_kmoney(&w, "iamt", g->unreg[i].igst);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	jsonw_key(&w, "comp_details");
	jsonw_arr(&w);
	jsonw_arr_end(&w);
	jsonw_key(&w, "uin_details");
	jsonw_arr(&w);
	jsonw_arr_end(&w);
	jsonw_obj_end(&w);
	jsonw_key(&w, "itc_elg");
	jsonw_obj(&w);
	jsonw_key(&w, "itc_avl");
	jsonw_arr(&w);
	j_ty(&w, "ISRC", &g->itc_rcm);
	j_ty(&w, "OTH", &g->itc_other);
	jsonw_arr_end(&w);
	jsonw_key(&w, "itc_rev");
	jsonw_arr(&w);
	j_ty(&w, "OTH", &g->itc_reversed);
	jsonw_arr_end(&w);
	j_t5(&w, "itc_net", &g->itc_net, 0);
	jsonw_obj_end(&w);
	j_inward(&w, g);
	jsonw_key(&w, "tax_payable");
	jsonw_obj(&w);
	j_heads(&w, "payable", g->setoff.payable);
	for (int c = 0; c < GH_MAX; c++) {
		static const char *const k[GH_MAX] = {"paid_igst", "paid_cgst", "paid_sgst", "paid_cess"};
		j_heads(&w, k[c], g->setoff.used[c]);
	}
	j_heads(&w, "cash", g->setoff.cash);
	j_heads(&w, "reverse_charge_cash", g->rcm_cash);
	j_heads(&w, "carry_forward", g->setoff.carry);
	jsonw_obj_end(&w);
	jsonw_obj_end(&w);
	if (jsonw_ok(&w) < 0)
		r->failed = 1;
}

int report_gstr3b(struct db *db, int64_t cid, const struct report_params *p, struct report *r, struct err *e)
{
	static const char *const pk[GH_MAX] = {"payable_igst", "payable_cgst", "payable_sgst", "payable_cess"};
	struct chart ch;
	struct gstr3b g;
	char gstin[16];
	int64_t cash = 0, itc = 0, rcm = 0;
	int rc, bad = 0;

	memset(&g, 0, sizeof g);
	if ((rc = chart_load(db, cid, &ch, e)) < 0)
		goto out;
	report_head(r, &ch, "gstr3b", "GSTR-3B", p);
	if ((rc = gst_company_gstin(db, cid, gstin, e)) < 0 || (rc = gstr3b_load(db, cid, ch.state_code, p->from, p->to, &g, e)) < 0)
		goto out;
	main_table(r, &g);
	inter_table(r, &g);
	exempt_table(r, &g);
	payment_table(r, &g);
	for (int h = 0; h < GH_MAX; h++) {
		report_meta_money(r, pk[h], g.cash[h]);
		gst_add(&cash, g.cash[h], &bad);
		gst_add(&rcm, g.rcm_cash[h], &bad);
		for (int c = 0; c < GH_MAX; c++)
			gst_add(&itc, g.setoff.used[c][h], &bad);
	}
	report_meta_text(r, "gstin", gstin);
	report_meta_money(r, "outward_taxable", g.out_taxable.taxable);
	report_meta_money(r, "zero_rated", g.out_zero.taxable);
	report_meta_money(r, "nil_rated", g.out_nil.taxable);
	report_meta_money(r, "non_gst", g.out_non_gst.taxable);
	report_meta_money(r, "reverse_charge_tax", rcm);
	report_meta_money(r, "itc_used", itc);
	report_meta_money(r, "cash_payable", cash);
	g3b_json(r, &g, gstin, p->to);
	rc = bad ? money_range_err(e, "amounts are beyond the range of amounts") : report_check(r, e);
out:
	gstr3b_free(&g);
	chart_done(&ch);
	return rc;
}
