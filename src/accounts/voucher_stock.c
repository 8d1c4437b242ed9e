/* voucher_stock.c - the stock a voucher moves, told to inventory in its own terms (struct
 * stock_doc): which way its lines go, what a purchase's goods cost, and what a return returns. A
 * sales return (credit note) comes back into stock at the cost its goods went out at when it
 * names the sale, and a purchase return (debit note) goes out at the cost its goods came in at
 * when it names the purchase; a return that names none goes at the cost of its day. */
#include <stdlib.h>
#include <string.h>

#include "accounts/bills.h"
#include "accounts/vouchers_int.h"
#include "inventory/inventory.h"
#include "lib/text.h"
#include "lib/banned.h"

enum { SQL_ORIGIN, SQL_MAX };

static const char *const sql[SQL_MAX] = {
	/* a voucher of the party by its number (a purchase also by the supplier's bill number it
	 * carries as its reference) */
	[SQL_ORIGIN] = "SELECT id FROM vouchers WHERE company_id = ? AND type = ? AND status = 'active' AND coalesce(party_id, 0) = ? "
		       "AND (number = ? OR (? = 1 AND reference = ?)) AND id <> ? ORDER BY id LIMIT 1",
};

static int has_stock(const struct voucher *v)
{
	if (voucher_type_info(v->type)->stock == VOUCHER_STOCK_NONE)
		return 0;
	for (int i = 0; i < v->nitems; i++)
		if (v->items[i].item_id)
			return 1;
	return 0;
}

/* The voucher whose goods return v returns: a sale for a credit note, a purchase for a debit
 * note, named by v's reference or else by the first bill its party line settles Agst Ref. 0 and
 * *ret (0: none named). */
static int return_origin(struct db *db, int64_t cid, const struct voucher *v, int64_t *ret, struct err *e)
{
	enum voucher_type of = v->type == VT_CREDIT_NOTE ? VT_SALES : VT_PURCHASE;
	int purchase = of == VT_PURCHASE;
	*ret = 0;
	if (v->type != VT_CREDIT_NOTE && v->type != VT_DEBIT_NOTE)
		return 0;
	for (int i = -1; i < v->nallocs && !*ret; i++) {
		const char *ref = i < 0 ? v->reference : v->allocs[i].kind == BILL_AGST ? v->allocs[i].ref : "";
		int rc;
		if (!ref[0])
			continue;
		rc = db_i64(db, sql[SQL_ORIGIN],
			    DB_ARGS(DB_I64(cid), DB_TEXT(voucher_type_name(of)), DB_I64(v->party_id), DB_TEXT(ref), DB_I64(purchase), DB_TEXT(ref),
				    DB_I64(v->id)),
			    ret, e);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Sales and debit notes (returns to a vendor) take stock out; purchases and credit notes (returns
 * from a customer) bring it in (the type table says which). Purchases come in at their taxable
 * value (GST is input credit, not cost); returns at the cost of what they return. */
int voucher_stock_post(struct db *db, int64_t cid, const struct voucher *v, int replace, struct err *e)
{
	struct stock_doc d;
	struct stock_doc_line *lines;
	int rc;

	if (!has_stock(v))
		return replace ? inventory_reverse_voucher(db, cid, v->id, e) : 0;
	lines = calloc((size_t)v->nitems, sizeof *lines);
	if (!lines)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	memset(&d, 0, sizeof d);
	d.voucher_id = v->id;
	d.replace = replace;
	d.source = voucher_type_name(v->type);
	d.date = v->date;
	d.outward = voucher_type_info(v->type)->stock == VOUCHER_STOCK_OUT;
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
	if ((rc = return_origin(db, cid, v, &d.return_of, e)) >= 0)
		rc = inventory_post_doc(db, cid, &d, e);
	free(lines);
	return rc;
}

int voucher_stock_reverse(struct db *db, int64_t cid, const struct voucher *v, struct err *e)
{
	return has_stock(v) ? inventory_reverse_voucher(db, cid, v->id, e) : 0;
}
