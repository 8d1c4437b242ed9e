/* einvoice.c - a voucher's e-invoice as the invoice registration portal (IRP) takes it, schema
 * version 1.1: TranDtls, DocDtls, SellerDtls, BuyerDtls, DispDtls and ShipDtls where the goods
 * leave from or go to another place, ItemList, ValDtls, and RefDtls naming the invoice a note is
 * against. Every amount is the voucher's own as posted (taxable value, taxes, round-off, total),
 * written as a number with two decimals from paise. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "gst/gst.h"
#include "gst/gst_int.h"
#include "lib/text.h"
#include "lib/banned.h"

enum {
	SQL_INVOICE_DATE,
	SQL_MAX
};

static const char *const sql[SQL_MAX] = {
	/* the invoice a note names in its reference */
	[SQL_INVOICE_DATE] = "SELECT date FROM vouchers WHERE company_id = ? AND type = ? AND number = ? AND status = 'active' "
			     "ORDER BY id LIMIT 1",
};

/* A member of text only when there is some: the IRP refuses empty strings. */
static void kstr_opt(struct jsonw *w, const char *key, const char *s)
{
	if (s && *s)
		jsonw_kstr(w, key, s);
}

/* Text cut to at most cap - 1 bytes at a character boundary. */
static void kstr_cut(struct jsonw *w, const char *key, const char *s, size_t cap)
{
	char b[301];
	if (cap > sizeof b)
		cap = sizeof b;
	text_copy(b, cap, s ? s : "");
	kstr_opt(w, key, b);
}

static void j_place(struct jsonw *w, const struct gst_place *p, const char *state)
{
	kstr_cut(w, "Addr1", p->addr1, 101);
	kstr_cut(w, "Addr2", p->addr2, 101);
	kstr_cut(w, "Loc", p->loc, 51);
	jsonw_ki64(w, "Pin", gst_pin_number(p->pin));
	jsonw_kstr(w, "Stcd", state);
}

static void j_seller(struct jsonw *w, const struct gst_seller *s)
{
	jsonw_key(w, "SellerDtls");
	jsonw_obj(w);
	jsonw_kstr(w, "Gstin", s->gstin);
	kstr_cut(w, "LglNm", s->legal_name, 101);
	kstr_cut(w, "TrdNm", s->trade_name, 101);
	j_place(w, &s->place, s->state);
	kstr_opt(w, "Ph", s->phone);
	kstr_opt(w, "Em", s->email);
	jsonw_obj_end(w);
}

/* An export: the buyer abroad is "URP" in state "96", PIN 999999, as the IRP asks. */
static int is_export(const struct voucher *v) { return strncmp(v->supply_type, "export", 6) == 0; }

/* TranDtls' SupTyp of the voucher's kind of supply. */
static const char *sup_type(const struct voucher *v)
{
	static const struct {
		const char *supply, *code;
	} m[] = {{"export_wpay", "EXPWP"}, {"export_wopay", "EXPWOP"}, {"sez_wpay", "SEZWP"}, {"sez_wopay", "SEZWOP"}};
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
		if (strcmp(v->supply_type, m[i].supply) == 0)
			return m[i].code;
	return "B2B";
}

static void j_buyer(struct jsonw *w, const struct voucher *v, const struct gst_party *b)
{
	int exp = is_export(v);
	jsonw_key(w, "BuyerDtls");
	jsonw_obj(w);
	jsonw_kstr(w, "Gstin", exp ? "URP" : b->gstin);
	kstr_cut(w, "LglNm", b->name, 101);
	kstr_cut(w, "TrdNm", b->name, 101);
	jsonw_kstr(w, "Pos", exp ? "96" : *v->place_of_supply ? v->place_of_supply : b->state);
	if (exp) {
		kstr_cut(w, "Addr1", *b->bill.addr1 ? b->bill.addr1 : b->name, 101);
		kstr_cut(w, "Addr2", b->bill.addr2, 101);
		kstr_cut(w, "Loc", *b->bill.loc ? b->bill.loc : "Abroad", 51);
		jsonw_ki64(w, "Pin", 999999);
		jsonw_kstr(w, "Stcd", "96");
	} else {
		j_place(w, &b->bill, b->state);
	}
	kstr_opt(w, "Ph", b->phone);
	kstr_opt(w, "Em", b->email);
	jsonw_obj_end(w);
}

/* One line of ItemList. */
static void j_item(struct jsonw *w, const struct gst_seller *s, const struct voucher_item *it, int n)
{
	char sl[12];
	int service = gst_is_service(it->hsn), known;
	int64_t total = it->taxable + it->cgst + it->sgst + it->igst + it->cess; /* each within the ceiling: no overflow */

	snprintf(sl, sizeof sl, "%d", n);
	jsonw_obj(w);
	jsonw_kstr(w, "SlNo", sl);
	kstr_cut(w, "PrdDesc", it->description, 301);
	jsonw_kstr(w, "IsServc", service ? "Y" : "N");
	jsonw_kstr(w, "HsnCd", it->hsn);
	jsonw_kdecimal(w, "Qty", it->qty, 3);
	if (!service)
		jsonw_kstr(w, "Unit", gst_uqc_for(&s->profile, it->unit, &known));
	jsonw_kmoney_num(w, "UnitPrice", it->rate);
	jsonw_kmoney_num(w, "TotAmt", it->taxable + it->discount);
	jsonw_kmoney_num(w, "Discount", it->discount);
	jsonw_kmoney_num(w, "AssAmt", it->taxable);
	jsonw_kdecimal(w, "GstRt", it->gst_rate, 2);
	jsonw_kmoney_num(w, "IgstAmt", it->igst);
	jsonw_kmoney_num(w, "CgstAmt", it->cgst);
	jsonw_kmoney_num(w, "SgstAmt", it->sgst);
	jsonw_kdecimal(w, "CesRt", it->cess_rate, 2);
	jsonw_kmoney_num(w, "CesAmt", it->cess);
	jsonw_kmoney_num(w, "CesNonAdvlAmt", 0);
	jsonw_kdecimal(w, "StateCesRt", 0, 2);
	jsonw_kmoney_num(w, "StateCesAmt", 0);
	jsonw_kmoney_num(w, "StateCesNonAdvlAmt", 0);
	jsonw_kmoney_num(w, "OthChrg", 0);
	jsonw_kmoney_num(w, "TotItemVal", total);
	jsonw_obj_end(w);
}

static void j_values(struct jsonw *w, const struct voucher *v)
{
	jsonw_key(w, "ValDtls");
	jsonw_obj(w);
	jsonw_kmoney_num(w, "AssVal", v->taxable);
	jsonw_kmoney_num(w, "CgstVal", v->cgst);
	jsonw_kmoney_num(w, "SgstVal", v->sgst);
	jsonw_kmoney_num(w, "IgstVal", v->igst);
	jsonw_kmoney_num(w, "CesVal", v->cess);
	jsonw_kmoney_num(w, "StCesVal", 0);
	jsonw_kmoney_num(w, "Discount", 0);
	jsonw_kmoney_num(w, "OthChrg", 0);
	jsonw_kmoney_num(w, "RndOffAmt", v->round_off);
	jsonw_kmoney_num(w, "TotInvVal", v->total);
	jsonw_obj_end(w);
}

/* Every line needs its HSN or SAC: the IRP refuses a line without. */
static int items_check(const struct voucher *v, struct err *e)
{
	if (v->nitems == 0) {
		err_set(e, ERR_UNPROCESSABLE, "items", "the voucher has no goods or service lines");
		err_reason(e, "einvoice_no_items");
		return ERR_UNPROCESSABLE;
	}
	for (int i = 0; i < v->nitems; i++)
		if (strlen(v->items[i].hsn) < 4) {
			char f[32];
			snprintf(f, sizeof f, "items[%d].hsn", i);
			err_set(e, ERR_UNPROCESSABLE, f, "line %d has no HSN or SAC code of at least four digits", i + 1);
			err_reason(e, "einvoice_no_hsn");
			err_detail_int(e, "line", i + 1);
			return ERR_UNPROCESSABLE;
		}
	return 0;
}

/* The whole file; the checks are done. */
static int einvoice_write(struct db *db, int64_t cid, const struct voucher *v, const char *doc, const struct gst_seller *s,
			  const struct gst_party *b, struct buf *out, struct err *e)
{
	struct jsonw w;
	struct gst_place disp;
	char d[11], ref_date[11] = "", gname[101] = "";
	int rc, has_disp;

	if ((rc = has_disp = gst_goods_place(db, cid, v, s, &disp, gname, e)) < 0)
		return rc;
	if (v->type != VT_SALES && *v->reference &&
	    (rc = db_text(db, sql[SQL_INVOICE_DATE],
			  DB_ARGS(DB_I64(cid), DB_TEXT(v->type == VT_CREDIT_NOTE ? "sales" : "purchase"), DB_TEXT(v->reference)),
			  ref_date, sizeof ref_date, e)) < 0)
		return rc;
	jsonw_init(&w, out);
	jsonw_obj(&w);
	jsonw_kstr(&w, "Version", "1.1");
	jsonw_key(&w, "TranDtls");
	jsonw_obj(&w);
	jsonw_kstr(&w, "TaxSch", "GST");
	jsonw_kstr(&w, "SupTyp", sup_type(v));
	jsonw_kstr(&w, "RegRev", "N");
	jsonw_kstr(&w, "IgstOnIntra", "N");
	jsonw_obj_end(&w);
	jsonw_key(&w, "DocDtls");
	jsonw_obj(&w);
	jsonw_kstr(&w, "Typ", doc);
	jsonw_kstr(&w, "No", v->number);
	gst_date_dmy(v->date, '/', d);
	jsonw_kstr(&w, "Dt", d);
	jsonw_obj_end(&w);
	j_seller(&w, s);
	j_buyer(&w, v, b);
	if (has_disp) {
		jsonw_key(&w, "DispDtls");
		jsonw_obj(&w);
		kstr_cut(&w, "Nm", *gname ? gname : s->trade_name, 101);
		j_place(&w, &disp, s->state);
		jsonw_obj_end(&w);
	}
	if (b->ship_differs) {
		jsonw_key(&w, "ShipDtls");
		jsonw_obj(&w);
		jsonw_kstr(&w, "Gstin", b->gstin);
		kstr_cut(&w, "LglNm", b->name, 101);
		kstr_cut(&w, "TrdNm", b->name, 101);
		j_place(&w, &b->ship, b->state);
		jsonw_obj_end(&w);
	}
	jsonw_key(&w, "ItemList");
	jsonw_arr(&w);
	for (int i = 0; i < v->nitems; i++)
		j_item(&w, s, &v->items[i], i + 1);
	jsonw_arr_end(&w);
	j_values(&w, v);
	if (is_export(v)) {
		jsonw_key(&w, "ExpDtls");
		jsonw_obj(&w);
		kstr_cut(&w, "ShipBNo", v->shipping_bill_no, 21);
		if (*v->shipping_bill_date) {
			gst_date_dmy(v->shipping_bill_date, '/', d);
			jsonw_kstr(&w, "ShipBDt", d);
		}
		kstr_cut(&w, "Port", v->port_code, 11);
		jsonw_kstr(&w, "RefClm", strcmp(v->supply_type, "export_wpay") == 0 ? "Y" : "N");
		jsonw_obj_end(&w);
	}
	if (*ref_date) {
		jsonw_key(&w, "RefDtls");
		jsonw_obj(&w);
		jsonw_key(&w, "PrecDocDtls");
		jsonw_arr(&w);
		jsonw_obj(&w);
		kstr_cut(&w, "InvNo", v->reference, 17);
		gst_date_dmy(ref_date, '/', d);
		jsonw_kstr(&w, "InvDt", d);
		jsonw_obj_end(&w);
		jsonw_arr_end(&w);
		jsonw_obj_end(&w);
	}
	jsonw_obj_end(&w);
	return jsonw_ok(&w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory writing the e-invoice") : 0;
}

int gst_einvoice_file(struct db *db, int64_t cid, int64_t voucher_id, struct buf *out, struct err *e)
{
	struct voucher *v = NULL;
	struct gst_seller *s = malloc(sizeof *s);
	struct gst_party *b = malloc(sizeof *b);
	const char *doc = NULL;
	int rc;

	if (!s || !b) {
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	if ((rc = voucher_get(db, cid, voucher_id, &v, e)) < 0 || (rc = gst_einvoice_eligible(v, &doc, e)) < 0 ||
	    (rc = items_check(v, e)) < 0 || (rc = gst_seller_load(db, cid, 1, s, e)) < 0 ||
	    (rc = gst_party_load(db, cid, v, b, e)) < 0)
		goto out;
	if (!is_export(v) && (!*b->bill.pin || !*b->bill.loc)) {
		rc = err_set(e, ERR_UNPROCESSABLE, "party_id", "the buyer's billing address has no place and six-digit PIN code");
		err_reason(e, "buyer_address");
		goto out;
	}
	rc = einvoice_write(db, cid, v, doc, s, b, out, e);
out:
	voucher_free(v);
	free(s);
	free(b);
	return rc;
}
