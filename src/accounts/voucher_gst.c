/* voucher_gst.c - the GST side of an item voucher (sales, purchase, credit and debit note): each
 * line's taxable value and tax (gst.c's arithmetic) at a rate in force on the voucher's date
 * (gst_rates.c), its ad valorem cess, reverse charge on purchases (the tax is posted to the input
 * ledgers as credit and to the output ledgers as the recipient's liability, and stays off the
 * supplier's bill), zero-rated supplies (exports and SEZ, with or without payment of IGST, always
 * inter-state), the round-off to the rupee and the postings, the party's line last. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "accounts/gst.h"
#include "accounts/vouchers_int.h"
#include "lib/clock.h"
#include "lib/date.h"
#include "lib/india.h"
#include "lib/money.h"
#include "lib/qty.h"
#include "lib/text.h"
#include "lib/banned.h"

#define CESS_RATE_MAX 100000        /* 1,000 %: past every ad valorem cess notified */

enum { SQL_DUTIES, SQL_LEDGER_INSERT, SQL_MAX };

static const char *const sql[SQL_MAX] = {
	[SQL_DUTIES] = "SELECT id FROM account_groups WHERE company_id = ? AND code = 'duties_taxes'",
	[SQL_LEDGER_INSERT] = "INSERT INTO ledgers(company_id, name, group_id, kind, opening_balance, created_at) "
			      "VALUES (?, ?, ?, ?, 0, ?) RETURNING id",
};

/* The ledgers an item voucher posts to besides its lines' own. */
struct item_ledgers {
	int64_t goods;             /* the default Sales or Purchase ledger */
	int64_t tax[3];            /* CGST, SGST, IGST: output for the sales side, input for purchases */
	int64_t rcm[3];            /* reverse charge: the output ledgers that take the recipient's liability */
	int64_t cess, rcm_cess;    /* Output or Input Cess; Output Cess for reverse charge */
	int64_t round_off;
	int64_t party;             /* the party's ledger, or Cash */
};

static int item_ledgers(struct db *db, int64_t cid, const struct voucher *v, int cess, int rcm, struct item_ledgers *l,
			struct err *e)
{
	int out = voucher_type_info(v->type)->outward;
	int rc;
	memset(l, 0, sizeof *l);
	if ((rc = ledger_of_kind(db, cid, out ? "sales" : "purchase", &l->goods, e)) < 0 ||
	    (rc = ledger_of_kind(db, cid, out ? "out_cgst" : "in_cgst", &l->tax[0], e)) < 0 ||
	    (rc = ledger_of_kind(db, cid, out ? "out_sgst" : "in_sgst", &l->tax[1], e)) < 0 ||
	    (rc = ledger_of_kind(db, cid, out ? "out_igst" : "in_igst", &l->tax[2], e)) < 0 ||
	    (rc = ledger_of_kind(db, cid, "round_off", &l->round_off, e)) < 0)
		return rc;
	if (rcm && ((rc = ledger_of_kind(db, cid, "out_cgst", &l->rcm[0], e)) < 0 ||
		    (rc = ledger_of_kind(db, cid, "out_sgst", &l->rcm[1], e)) < 0 ||
		    (rc = ledger_of_kind(db, cid, "out_igst", &l->rcm[2], e)) < 0))
		return rc;
	if (cess && (rc = ledger_of_kind(db, cid, out ? "out_cess" : "in_cess", &l->cess, e)) < 0)
		return rc;
	if (cess && rcm && (rc = ledger_of_kind(db, cid, "out_cess", &l->rcm_cess, e)) < 0)
		return rc;
	l->party = v->party_ledger_id;
	return v->party_id ? 0 : ledger_of_kind(db, cid, "cash", &l->party, e);
}

static int has_cess(const struct voucher *v)
{
	for (int i = 0; i < v->nitems; i++)
		if (v->items[i].cess_rate)
			return 1;
	return 0;
}

static int has_rcm(const struct voucher *v)
{
	for (int i = 0; i < v->nitems; i++)
		if (v->items[i].reverse_charge)
			return 1;
	return 0;
}

static int make_ledger(struct db *db, int64_t cid, int64_t actor, const char *kind, const char *name, struct err *e)
{
	int64_t id, group;
	char now[32];
	int rc = ledger_of_kind(db, cid, kind, &id, e);
	if (rc >= 0)
		return 0;
	if (e->code != ERR_UNPROCESSABLE)
		return rc;
	err_clear(e);
	if ((rc = db_i64(db, sql[SQL_DUTIES], DB_ARGS(DB_I64(cid)), &group, e)) < 0)
		return rc;
	if (rc == DB_DONE) {
		err_setr(e, ERR_UNPROCESSABLE, "ledger", "duties_group_missing", "the company has no Duties & Taxes group for its %s ledger", name);
		return err_detail_text(e, "ledger", name);
	}
	clock_now_iso(now);
	if ((rc = db_insert_id(db, sql[SQL_LEDGER_INSERT], DB_ARGS(DB_I64(cid), DB_TEXT(name), DB_I64(group), DB_TEXT(kind), DB_TEXT(now)),
			       &id, e)) < 0)
		return rc;
	return ledger_audit_new(db, cid, actor, id, e);
}

int voucher_cess_ledger(struct db *db, int64_t cid, int64_t actor, const struct voucher *v, struct err *e)
{
	int rc;
	if (!voucher_type_has_items(v->type) || !has_cess(v))
		return 0;
	if ((rc = make_ledger(db, cid, actor, voucher_type_info(v->type)->outward ? "out_cess" : "in_cess",
			      voucher_type_info(v->type)->outward ? "Output Cess" : "Input Cess", e)) < 0)
		return rc;
	return has_rcm(v) || v->reverse_charge ? make_ledger(db, cid, actor, "out_cess", "Output Cess", e) : 0;
}

/* The kind of supply: a zero-rated one only on sales and credit notes, reverse charge only on
 * purchases and debit notes; an SEZ unit has a GSTIN; an export's shipping bill. */
static int supply_kind(struct voucher *v, struct err *e)
{
	int out = voucher_type_info(v->type)->outward, known = !v->supply_type[0];
	for (int k = 0; voucher_supply_types[k]; k++)
		known |= strcmp(v->supply_type, voucher_supply_types[k]) == 0;
	if (!known) {
		err_setr(e, ERR_INVALID, "supply_type", "not_one_of", "supply_type must be export_wpay, export_wopay, sez_wpay or sez_wopay");
		return err_detail_text(e, "choices", "export_wpay, export_wopay, sez_wpay, sez_wopay");
	}
	if (v->supply_type[0] && !out) {
		err_set(e, ERR_INVALID, "supply_type", "a zero-rated supply is a sale or a credit note");
		return err_reason(e, "supply_type_outward");
	}
	if (v->reverse_charge && out) {
		err_set(e, ERR_INVALID, "reverse_charge", "reverse charge is marked on purchases and debit notes");
		return err_reason(e, "reverse_charge_inward");
	}
	for (int i = 0; i < v->nitems; i++) {
		char f[48];
		if (v->reverse_charge)
			v->items[i].reverse_charge = 1;
		if (v->items[i].reverse_charge && out) {
			snprintf(f, sizeof f, "items[%d].reverse_charge", i);
			err_set(e, ERR_INVALID, f, "reverse charge is marked on purchases and debit notes");
			return err_reason(e, "reverse_charge_inward");
		}
	}
	if (strncmp(v->supply_type, "sez", 3) == 0 && !v->party_gstin[0]) {
		err_set(e, ERR_UNPROCESSABLE, "party_id", "a supply to an SEZ is to a party with a GSTIN");
		return err_reason(e, "sez_needs_gstin");
	}
	if (strncmp(v->supply_type, "export", 6) != 0 && (v->port_code[0] || v->shipping_bill_no[0] || v->shipping_bill_date[0]))
		return err_setr(e, ERR_INVALID, v->port_code[0] ? "port_code" : v->shipping_bill_no[0] ? "shipping_bill_no" : "shipping_bill_date",
				"shipping_bill_export", "a port code and shipping bill belong to an export");
	if (v->shipping_bill_date[0] && !date_iso_ok(v->shipping_bill_date))
		return err_setr(e, ERR_INVALID, "shipping_bill_date", "not_date", "shipping_bill_date must be a real date YYYY-MM-DD");
	for (const char *p = v->port_code; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			return err_setr(e, ERR_INVALID, "port_code", "port_code_format", "port_code is the six letters and digits of the port (INNSA1)");
	if (strncmp(v->supply_type, "export", 6) == 0 && !v->place_of_supply[0])
		text_copy(v->place_of_supply, sizeof v->place_of_supply, "96"); /* Other Countries */
	return 0;
}

/* Place of supply: given, the party's state, or the company's. Sets *inter for a supply across
 * states; a zero-rated supply is inter-state wherever it goes (IGST Act section 16). */
static int supply_place(struct voucher *v, const struct voucher_ctx *c, int *inter, struct err *e)
{
	if (!v->place_of_supply[0])
		text_copy(v->place_of_supply, sizeof v->place_of_supply, c->books.state_code);
	if (v->place_of_supply[0] && !india_state_name(v->place_of_supply))
		return err_setr(e, ERR_INVALID, "place_of_supply", "state_unknown", "place_of_supply must be a GST state code");
	if (v->place_of_supply[0] && !c->books.state_code[0]) {
		err_set(e, ERR_UNPROCESSABLE, "place_of_supply", "set the company's GSTIN or state before GST invoices");
		return err_reason(e, "company_state_missing");
	}
	*inter = v->supply_type[0] || (v->place_of_supply[0] && strcmp(v->place_of_supply, c->books.state_code) != 0);
	return 0;
}

static int item_text(struct voucher_item *it, int i, struct err *e)
{
	char f[48];
	size_t n = strlen(it->hsn);
	int digits = 1;

	if (!it->description[0])
		text_copy(it->description, sizeof it->description, "Item");
	if (it->batch[0] && !it->item_id) {
		snprintf(f, sizeof f, "items[%d].batch", i);
		return err_setr(e, ERR_INVALID, f, "batch_not_item", "only a line of a stock item carries a batch");
	}
	if (it->batch[0] && (text_utf8_invalid_at(it->batch, strlen(it->batch)) >= 0 || text_has_controls(it->batch))) {
		snprintf(f, sizeof f, "items[%d].batch", i);
		return err_setr(e, ERR_INVALID, f, "not_plain_text", "batch must be plain text");
	}
	if (it->expiry[0] && (!it->batch[0] || !date_iso_ok(it->expiry))) {
		snprintf(f, sizeof f, "items[%d].expiry", i);
		return err_setr(e, ERR_INVALID, f, it->batch[0] ? "not_date" : "expiry_needs_batch",
				it->batch[0] ? "expiry must be a real date YYYY-MM-DD" : "an expiry belongs to a batch: give the batch too");
	}
	for (size_t k = 0; k < n; k++)
		digits &= it->hsn[k] >= '0' && it->hsn[k] <= '9';
	if (n && (!digits || (n != 4 && n != 6 && n != 8))) {
		snprintf(f, sizeof f, "items[%d].hsn", i);
		return err_setr(e, ERR_INVALID, f, "hsn_digits", "HSN/SAC must be 4, 6 or 8 digits");
	}
	return 0;
}

/* A line's fault from gst.c as the refusal of its field. */
static int line_fault(enum gst_fault fault, int i, struct err *e)
{
	char f[48];
	snprintf(f, sizeof f, "items[%d].%s", i, gst_fault_member(fault) ? gst_fault_member(fault) : "rate");
	if (fault == GST_FAULT_QTY_MAX)
		return qty_too_large(e, ERR_INVALID, f);
	if (fault == GST_FAULT_RATE_MAX)
		return money_too_large(e, ERR_INVALID, f);
	if (fault == GST_FAULT_AMOUNT || fault == GST_FAULT_TOO_LARGE)
		return voucher_too_large(e, f); /* qty x rate, or its tax, past the ceiling */
	return gst_fault_refuse(fault, f, e);
}

/* One item line: its taxable value and tax (gst.c) at a rate in force, its cess, then its ledger
 * (the default one when none is named). A zero-rated supply without payment carries its rate but
 * no tax. */
static int item_line(struct db *db, int64_t cid, const struct voucher *v, struct voucher_item *it, int i, int inter,
		     const struct gst_rate_set *rates, int64_t goods, struct err *e)
{
	struct gst_line g;
	enum gst_fault fault;
	char f[48], kind[16];
	int rc;

	if ((rc = item_text(it, i, e)) < 0)
		return rc;
	fault = gst_line_compute(it->qty, it->rate, it->discount, it->gst_rate, inter, &g);
	if (fault != GST_OK)
		return line_fault(fault, i, e);
	snprintf(f, sizeof f, "items[%d].gst_rate", i);
	if ((rc = gst_rate_in_force(rates, it->gst_rate, f, e)) < 0)
		return rc;
	snprintf(f, sizeof f, "items[%d].cess_rate", i);
	if (it->cess_rate < 0 || it->cess_rate > CESS_RATE_MAX)
		return err_setr(e, ERR_INVALID, f, "cess_rate_range", "cess_rate must be between 0 and 1000 %%");
	it->cess = 0;
	if (money_muldiv(g.taxable, it->cess_rate, 10000, MONEY_ROUND_HALF_UP, &it->cess) < 0 || !money_fits(it->cess))
		return voucher_too_large(e, f);
	if (strstr(v->supply_type, "wopay"))
		g.cgst = g.sgst = g.igst = it->cess = 0; /* under bond or letter of undertaking */
	it->taxable = g.taxable;
	it->cgst = g.cgst;
	it->sgst = g.sgst;
	it->igst = g.igst;
	if (!it->ledger_id) {
		it->ledger_id = goods;
		return 0;
	}
	snprintf(f, sizeof f, "items[%d].ledger_id", i);
	return voucher_ledger_usable(db, cid, it->ledger_id, f, kind, sizeof kind, e);
}

/* The party's line of an item voucher: the whole rounded total, opening a bill (sales and
 * purchases, due by the party's terms) or settling the one its reference names (notes). */
static int party_line(struct voucher *v, const struct voucher_ctx *c, int64_t ledger, int64_t amount, struct err *e)
{
	struct voucher_line *pl = voucher_add_line(v);
	if (!pl)
		return voucher_too_many_lines(e, "items");
	pl->ledger_id = ledger;
	pl->amount = amount;
	if (v->party_id && voucher_type_info(v->type)->opens_bill) {
		text_copy(pl->bill_type, sizeof pl->bill_type, "new");
		(void)date_iso_add(v->date, c->terms_days, pl->due_date);
	} else if (v->party_id && v->reference[0]) {
		text_copy(pl->bill_type, sizeof pl->bill_type, "against");
		text_copy(pl->bill_ref, sizeof pl->bill_ref, v->reference);
	}
	return 0;
}

/* The sums of a voucher's lines: charged (on the bill) and under reverse charge, by head. */
struct item_sums {
	int64_t tax[3], cess;      /* all the tax and cess of the lines: CGST, SGST, IGST */
	int64_t rcm[3], rcm_cess;  /* of it, under reverse charge */
	int64_t charged;           /* cess on the bill (not under reverse charge) */
};

static int sums_add(struct item_sums *s, struct gst_totals *t, const struct voucher_item *it, const struct gst_line *g)
{
	struct gst_line bill = *g;
	int64_t x[3] = {it->cgst, it->sgst, it->igst};
	if (it->reverse_charge)
		bill.cgst = bill.sgst = bill.igst = 0;
	if (gst_totals_add(t, &bill) != GST_OK)
		return -1;
	for (int k = 0; k < 3; k++)
		if (money_add_capped(s->tax[k], x[k], &s->tax[k]) < 0 ||
		    (it->reverse_charge && money_add_capped(s->rcm[k], x[k], &s->rcm[k]) < 0))
			return -1;
	if (money_add_capped(s->cess, it->cess, &s->cess) < 0 ||
	    money_add_capped(it->reverse_charge ? s->rcm_cess : s->charged, it->cess, it->reverse_charge ? &s->rcm_cess : &s->charged) < 0)
		return -1;
	return 0;
}

/* The tax postings: every head on the type's side (input credit or output tax), the reverse-charge
 * liability against it. */
static int post_taxes(struct voucher *v, const struct item_ledgers *l, const struct item_sums *s, int64_t sign, struct err *e)
{
	int rc;
	for (int k = 0; k < 3; k++)
		if ((rc = voucher_post_amount(v, l->tax[k], sign * s->tax[k], e)) < 0 ||
		    (s->rcm[k] && (rc = voucher_post_amount(v, l->rcm[k], -sign * s->rcm[k], e)) < 0))
			return rc;
	if (s->cess && (rc = voucher_post_amount(v, l->cess, sign * s->cess, e)) < 0)
		return rc;
	if (s->rcm_cess && (rc = voucher_post_amount(v, l->rcm_cess, -sign * s->rcm_cess, e)) < 0)
		return rc;
	return voucher_post_amount(v, l->round_off, sign * v->round_off, e);
}

int voucher_compute_items(struct db *db, int64_t cid, struct voucher *v, const struct voucher_ctx *c, struct err *e)
{
	/* The goods and taxes go on the type's side; the party takes the total on the other. */
	int64_t sign = voucher_type_info(v->type)->goods_side == VOUCHER_SIDE_CREDIT ? -1 : 1;
	struct gst_totals t = GST_TOTALS_INIT;
	struct item_sums s;
	struct item_ledgers l;
	struct gst_rate_set rates;
	int64_t exact;
	int inter = 0, rc;

	if (v->nitems == 0)
		return err_setr(e, ERR_INVALID, "items", "items_required", "a %s voucher needs at least one item line", voucher_type_name(v->type));
	if ((rc = supply_kind(v, e)) < 0 || (rc = supply_place(v, c, &inter, e)) < 0 || (rc = gst_rates_on(db, v->date, &rates, e)) < 0 ||
	    (rc = item_ledgers(db, cid, v, has_cess(v), has_rcm(v), &l, e)) < 0)
		return rc;
	free(v->lines);
	v->lines = NULL;
	v->nlines = 0;
	memset(&s, 0, sizeof s);
	for (int i = 0; i < v->nitems; i++) {
		struct voucher_item *it = &v->items[i];
		struct gst_line g;
		char f[48];
		if ((rc = item_line(db, cid, v, it, i, inter, &rates, l.goods, e)) < 0)
			return rc;
		g.gross = g.taxable = it->taxable;
		g.discount = 0;
		g.cgst = it->cgst;
		g.sgst = it->sgst;
		g.igst = it->igst;
		snprintf(f, sizeof f, "items[%d].rate", i); /* the line whose amount and tax take the total past the ceiling */
		if (sums_add(&s, &t, it, &g) < 0)
			return voucher_too_large(e, f);
		if ((rc = voucher_post_amount(v, it->ledger_id, sign * it->taxable, e)) < 0)
			return rc;
	}
	/* the bill: taxable value, the tax and cess charged on it, to the rupee */
	if (gst_totals_close(&t) != GST_OK || money_add_capped(t.total - t.round_off, s.charged, &exact) < 0 ||
	    gst_round_rupee(exact, &v->total, &v->round_off) != GST_OK || !money_fits(v->total))
		return voucher_too_large(e, "items");
	v->taxable = t.taxable;
	v->cgst = t.cgst;
	v->sgst = t.sgst;
	v->igst = t.igst;
	v->cess = s.charged;
	if ((rc = post_taxes(v, &l, &s, sign, e)) < 0)
		return rc;
	return party_line(v, c, l.party, -sign * v->total, e);
}
