/* ewaybill.c - a voucher's e-way bill in the NIC bulk-generation format ({"version","billLists":[...]}):
 * Part A from the voucher (who sends, who receives, from where to where, the goods and their
 * value) and Part B from how they travel (mode, distance, vehicle, transporter). Only goods move
 * on an e-way bill: service lines (SAC 99...) are left out of the goods and counted in the
 * invoice's other value, and a consignment of ₹50,000 or less is refused, as rule 138 asks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "gst/gst.h"
#include "gst/gst_int.h"
#include "lib/date.h"
#include "lib/money.h"
#include "lib/text.h"
#include "lib/banned.h"

#define EWB_FORMAT_VERSION "1.0.0621"

/* How each voucher type moves goods: supply type, sub-type (1 supply, 7 sales return, 8 others),
 * its words for "others", the document type. */
struct ewb_kind {
	enum voucher_type type;
	const char *supply, *sub, *sub_desc, *doc;
	int outward;
};

static const struct ewb_kind kinds[] = {
	{VT_SALES, "O", "1", "", "INV", 1},
	{VT_DEBIT_NOTE, "O", "8", "Purchase Return", "OTH", 1},
	{VT_PURCHASE, "I", "1", "", "INV", 0},
	{VT_CREDIT_NOTE, "I", "7", "", "CNT", 0},
};

/* The goods of a voucher: their value and tax. */
struct ewb_goods {
	int64_t taxable, cgst, sgst, igst, cess;
	int lines;
};

static int goods_sum(const struct voucher *v, struct ewb_goods *g, struct err *e)
{
	int bad = 0;
	memset(g, 0, sizeof *g);
	for (int i = 0; i < v->nitems; i++) {
		const struct voucher_item *it = &v->items[i];
		if (gst_is_service(it->hsn))
			continue;
		g->lines++;
		bad |= money_add_capped(g->taxable, it->taxable, &g->taxable) < 0;
		bad |= money_add_capped(g->cgst, it->cgst, &g->cgst) < 0;
		bad |= money_add_capped(g->sgst, it->sgst, &g->sgst) < 0;
		bad |= money_add_capped(g->igst, it->igst, &g->igst) < 0;
		bad |= money_add_capped(g->cess, it->cess, &g->cess) < 0;
	}
	return bad ? money_range_err(e, "the goods' value is beyond the range of amounts") : 0;
}

/* Checks and normalises Part B into out: the vehicle number upper-cased with spaces and dashes
 * dropped. */
static int transport_read(const struct gst_transport *t, struct gst_transport *out, struct err *e)
{
	size_t n = 0;
	*out = *t;
	if (out->mode == 0)
		out->mode = 1;
	if (out->mode < 1 || out->mode > 4) {
		err_setr(e, ERR_INVALID, "mode", "not_one_of", "mode must be road, rail, air or ship");
		return err_detail_text(e, "choices", "road, rail, air, ship");
	}
	if (out->distance < 0 || out->distance > 4000)
		return err_setr(e, ERR_INVALID, "distance", "distance_km", "distance must be 0 to 4000 km (0: the portal works it out)");
	for (const char *p = t->vehicle_no; *p; p++) {
		char c = *p;
		if (c == ' ' || c == '-')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) || n >= sizeof out->vehicle_no - 1)
			return err_setr(e, ERR_INVALID, "vehicle_no", "vehicle_no_format", "vehicle_no must be a registration number like MH12AB1234");
		out->vehicle_no[n++] = c;
	}
	out->vehicle_no[n] = '\0';
	if (n && n < 4)
		return err_setr(e, ERR_INVALID, "vehicle_no", "vehicle_no_format", "vehicle_no must be a registration number like MH12AB1234");
	if (!*out->vehicle_type)
		memcpy(out->vehicle_type, "R", 2);
	if (strcmp(out->vehicle_type, "R") != 0 && strcmp(out->vehicle_type, "O") != 0) {
		err_setr(e, ERR_INVALID, "vehicle_type", "not_one_of", "vehicle_type must be R (regular) or O (over-dimensional cargo)");
		return err_detail_text(e, "choices", "R, O");
	}
	if (*out->transporter_id && strlen(out->transporter_id) != 15)
		return err_setr(e, ERR_INVALID, "transporter_id", "transporter_id_length", "transporter_id must be the transporter's 15-character GSTIN or id");
	if (*out->doc_date && !date_iso_ok(out->doc_date))
		return err_setr(e, ERR_INVALID, "doc_date", "not_date", "doc_date must be a date YYYY-MM-DD");
	if (text_has_controls(out->transporter_name) || text_has_controls(out->doc_no) || text_has_controls(out->transporter_id))
		return err_setr(e, ERR_INVALID, "transporter_name", "not_plain_text", "the transport details must be plain text");
	return 0;
}

/* The digits of an HSN code or a state code as the number the format wants (0 when none). */
static int64_t digits_number(const char *hsn)
{
	int64_t v = 0;
	for (const char *p = hsn; *p && v < INT64_C(100000000); p++)
		if (*p >= '0' && *p <= '9')
			v = v * 10 + (*p - '0');
	return v;
}

/* "from" or "to" and the member's name: "fromGstin". */
static const char *side_key(char k[24], int from, const char *name)
{
	snprintf(k, 24, "%s%s", from ? "from" : "to", name);
	return k;
}

/* One side of the bill: from* or to* members. */
static void j_side(struct jsonw *w, int from, const char *gstin, const char *name, const struct gst_place *p,
		   const char *state, const char *act_state)
{
	char k[24], b[101];
	text_copy(b, sizeof b, name);
	jsonw_kstr(w, side_key(k, from, "Gstin"), *gstin ? gstin : "URP");
	jsonw_kstr(w, side_key(k, from, "TrdName"), b);
	jsonw_kstr(w, side_key(k, from, "Addr1"), p->addr1);
	jsonw_kstr(w, side_key(k, from, "Addr2"), p->addr2);
	jsonw_kstr(w, side_key(k, from, "Place"), p->loc);
	jsonw_ki64(w, side_key(k, from, "Pincode"), gst_pin_number(p->pin));
	jsonw_ki64(w, side_key(k, from, "StateCode"), digits_number(state));
	jsonw_ki64(w, from ? "actFromStateCode" : "actToStateCode", digits_number(act_state));
}

/* Half a rate in basis points, as a percentage: 1800 -> 9.00, 25 (0.25 %) -> 0.125. */
static void j_half_rate(struct jsonw *w, const char *key, int64_t bps)
{
	if (bps % 2)
		jsonw_kdecimal(w, key, bps * 5, 3);
	else
		jsonw_kdecimal(w, key, bps / 2, 2);
}

/* The to* members of an export. */
static void j_abroad(struct jsonw *w, const char *name, const struct gst_place *p, const char *port_state)
{
	char b[101];
	text_copy(b, sizeof b, name);
	jsonw_kstr(w, "toGstin", "URP");
	jsonw_kstr(w, "toTrdName", b);
	jsonw_kstr(w, "toAddr1", p->addr1);
	jsonw_kstr(w, "toAddr2", p->addr2);
	jsonw_kstr(w, "toPlace", p->loc);
	jsonw_ki64(w, "toPincode", 999999);
	jsonw_ki64(w, "toStateCode", 99);
	jsonw_ki64(w, "actToStateCode", digits_number(port_state));
}

static void j_items(struct jsonw *w, const struct voucher *v, const struct gst_seller *s, int inter)
{
	int n = 0, known;
	jsonw_key(w, "itemList");
	jsonw_arr(w);
	for (int i = 0; i < v->nitems; i++) {
		const struct voucher_item *it = &v->items[i];
		char name[101];
		if (gst_is_service(it->hsn))
			continue;
		text_copy(name, sizeof name, it->description);
		jsonw_obj(w);
		jsonw_ki64(w, "itemNo", ++n);
		jsonw_kstr(w, "productName", name);
		jsonw_kstr(w, "productDesc", name);
		jsonw_ki64(w, "hsnCode", digits_number(it->hsn));
		jsonw_kdecimal(w, "quantity", it->qty, 3);
		jsonw_kstr(w, "qtyUnit", gst_uqc_for(&s->profile, it->unit, &known));
		jsonw_kmoney_num(w, "taxableAmount", it->taxable);
		j_half_rate(w, "sgstRate", inter ? 0 : it->gst_rate);
		j_half_rate(w, "cgstRate", inter ? 0 : it->gst_rate);
		jsonw_kdecimal(w, "igstRate", inter ? it->gst_rate : 0, 2);
		jsonw_kdecimal(w, "cessRate", it->cess_rate, 2);
		jsonw_kmoney_num(w, "cessNonAdvol", 0);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
}

/* Where the goods go from and to, and the transaction type that says whether either is not the
 * billing party's own place (1 regular, 2 bill to - ship to, 3 bill from - dispatch from, 4 both). */
struct ewb_route {
	struct gst_place from, to;
	int type;
};

static void route_of(const struct ewb_kind *k, const struct gst_seller *s, const struct gst_party *p,
		     const struct gst_place *godown, int has_godown, struct ewb_route *r)
{
	const struct gst_place *ours = has_godown ? godown : &s->place;
	const struct gst_place *theirs = p->ship_differs ? &p->ship : &p->bill;
	int ship = p->ship_differs;
	r->from = k->outward ? *ours : *theirs;
	r->to = k->outward ? *theirs : *ours;
	r->type = 1 + (ship ? 1 : 0) + (has_godown ? 2 : 0);
	if (!k->outward) /* inward: the party dispatches, we receive */
		r->type = 1 + (ship ? 2 : 0) + (has_godown ? 1 : 0);
}

static int ewb_write(const struct voucher *v, const struct ewb_kind *k, const struct gst_seller *s, const struct gst_party *p,
		     const struct ewb_route *rt, const struct ewb_goods *g, const struct gst_transport *t, struct buf *out,
		     struct err *e)
{
	struct jsonw w;
	char d[11];
	int64_t other = v->total - g->taxable - g->cgst - g->sgst - g->igst - g->cess; /* all within the ceiling */
	const char *pos = *v->place_of_supply ? v->place_of_supply : p->state;
	int inter = g->igst != 0 || (*pos && strcmp(pos, s->state) != 0 && g->cgst == 0);
	int export = strncmp(v->supply_type, "export", 6) == 0;

	jsonw_init(&w, out);
	jsonw_obj(&w);
	jsonw_kstr(&w, "version", EWB_FORMAT_VERSION);
	jsonw_key(&w, "billLists");
	jsonw_arr(&w);
	jsonw_obj(&w);
	jsonw_kstr(&w, "userGstin", s->gstin);
	jsonw_kstr(&w, "supplyType", k->supply);
	jsonw_kstr(&w, "subSupplyType", export ? "3" : k->sub);
	jsonw_kstr(&w, "subSupplyDesc", k->sub_desc);
	jsonw_kstr(&w, "docType", k->doc);
	{
		char no[17];
		text_copy(no, sizeof no, v->type == VT_PURCHASE && *v->reference ? v->reference : v->number);
		jsonw_kstr(&w, "docNo", no);
	}
	gst_date_dmy(v->date, '/', d);
	jsonw_kstr(&w, "docDate", d);
	if (k->outward) {
		j_side(&w, 1, s->gstin, s->trade_name, &rt->from, s->state, s->state);
		if (export) /* abroad: "URP", other countries (99), PIN 999999; the goods leave from a port in the seller's state */
			j_abroad(&w, p->name, &rt->to, s->state);
		else
			j_side(&w, 0, p->gstin, p->name, &rt->to, *p->state ? p->state : pos, pos);
	} else {
		j_side(&w, 1, p->gstin, p->name, &rt->from, *p->state ? p->state : pos, *p->state ? p->state : pos);
		j_side(&w, 0, s->gstin, s->trade_name, &rt->to, s->state, s->state);
	}
	jsonw_ki64(&w, "transactionType", rt->type);
	jsonw_kmoney_num(&w, "otherValue", other);
	jsonw_kmoney_num(&w, "totalValue", g->taxable);
	jsonw_kmoney_num(&w, "cgstValue", g->cgst);
	jsonw_kmoney_num(&w, "sgstValue", g->sgst);
	jsonw_kmoney_num(&w, "igstValue", g->igst);
	jsonw_kmoney_num(&w, "cessValue", g->cess);
	jsonw_kmoney_num(&w, "cessNonAdvolValue", 0);
	jsonw_kmoney_num(&w, "totInvValue", v->total);
	jsonw_kstr(&w, "transporterId", t->transporter_id);
	jsonw_kstr(&w, "transporterName", t->transporter_name);
	jsonw_kstr(&w, "transDocNo", t->doc_no);
	{
		char mode[2] = {(char)('0' + t->mode), '\0'}, dist[24];
		snprintf(dist, sizeof dist, "%lld", (long long)t->distance);
		jsonw_kstr(&w, "transMode", mode);
		jsonw_kstr(&w, "transDistance", dist);
	}
	gst_date_dmy(t->doc_date, '/', d);
	jsonw_kstr(&w, "transDocDate", d);
	jsonw_kstr(&w, "vehicleNo", t->vehicle_no);
	jsonw_kstr(&w, "vehicleType", t->vehicle_type);
	j_items(&w, v, s, inter);
	jsonw_obj_end(&w);
	jsonw_arr_end(&w);
	jsonw_obj_end(&w);
	return jsonw_ok(&w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory writing the e-way bill") : 0;
}

/* The refusals of a voucher that takes no e-way bill, in the order a person would want to hear
 * them. */
static int ewb_check(const struct voucher *v, const struct ewb_kind *k, const struct ewb_goods *g, struct err *e)
{
	int64_t value;
	if (!k) {
		err_set(e, ERR_UNPROCESSABLE, "type", "only sales, purchases and their returns move goods on an e-way bill");
		err_reason(e, "ewb_type");
		err_detail_text(e, "type", voucher_type_name(v->type));
		return ERR_UNPROCESSABLE;
	}
	if (strcmp(v->status, "cancelled") == 0) {
		err_set(e, ERR_UNPROCESSABLE, "status", "the voucher is cancelled");
		err_reason(e, "cancelled_voucher");
		return ERR_UNPROCESSABLE;
	}
	if (g->lines == 0) {
		err_set(e, ERR_UNPROCESSABLE, "items", "the voucher has services only: an e-way bill is for the movement of goods");
		err_reason(e, "ewb_services");
		return ERR_UNPROCESSABLE;
	}
	value = g->taxable + g->cgst + g->sgst + g->igst + g->cess; /* each within the ceiling: no overflow */
	if (value <= GST_EWB_THRESHOLD) {
		err_set(e, ERR_UNPROCESSABLE, "total", "the goods come to ₹%lld.%02lld, not more than ₹50,000: no e-way bill is needed",
			(long long)(value / 100), (long long)(value % 100));
		err_reason(e, "ewb_below_threshold");
		err_detail_money(e, "value", value);
		err_detail_money(e, "threshold", GST_EWB_THRESHOLD);
		return ERR_UNPROCESSABLE;
	}
	return 0;
}

int gst_ewaybill_file(struct db *db, int64_t cid, int64_t voucher_id, const struct gst_transport *t, struct buf *out,
		      struct err *e)
{
	struct voucher *v = NULL;
	struct gst_seller *s = malloc(sizeof *s);
	struct gst_party *p = malloc(sizeof *p);
	struct ewb_route *rt = malloc(sizeof *rt);
	const struct ewb_kind *k = NULL;
	struct gst_transport tr;
	struct gst_place godown;
	struct ewb_goods g;
	char gname[101];
	int rc, has_godown;

	if (!s || !p || !rt) {
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	if ((rc = transport_read(t, &tr, e)) < 0 || (rc = voucher_get(db, cid, voucher_id, &v, e)) < 0 ||
	    (rc = goods_sum(v, &g, e)) < 0)
		goto out;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (kinds[i].type == v->type)
			k = &kinds[i];
	if ((rc = ewb_check(v, k, &g, e)) < 0 || (rc = gst_seller_load(db, cid, 1, s, e)) < 0 ||
	    (rc = gst_party_load(db, cid, v, p, e)) < 0 || (rc = has_godown = gst_goods_place(db, cid, v, s, &godown, gname, e)) < 0)
		goto out;
	if (strncmp(v->supply_type, "export", 6) != 0 && (!*p->bill.pin || !*p->bill.loc)) {
		rc = err_set(e, ERR_UNPROCESSABLE, "party_id", "the party's address has no place and six-digit PIN code");
		err_reason(e, "party_address");
		goto out;
	}
	route_of(k, s, p, &godown, has_godown, rt);
	rc = ewb_write(v, k, s, p, rt, &g, &tr, out, e);
out:
	voucher_free(v);
	free(s);
	free(p);
	free(rt);
	return rc;
}
