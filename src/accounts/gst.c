/* gst.c - GST on a line (CGST + SGST within the state, IGST across states), the line's taxable
 * value, and the voucher's round-off to the rupee: pure arithmetic, see gst.h; and the refusal
 * each fault of it stands for. */
#include <stddef.h>

#include "accounts/gst.h"
#include "lib/money.h"
#include "lib/qty.h"
#include "lib/banned.h"

static const struct {
	const char *member, *message;
} faults[GST_FAULT_MAX] = {
	[GST_OK] = {NULL, ""},
	[GST_FAULT_QTY] = {"qty", "quantity must be more than zero"},
	[GST_FAULT_RATE] = {"rate", "rate cannot be negative"},
	[GST_FAULT_GST_RATE] = {"gst_rate", "GST rate must be a notified rate: 0, 0.1, 0.25, 1.5, 3, 5, 12, 18, 28 or 40"},
	[GST_FAULT_AMOUNT] = {"rate", "amount is too large"},
	[GST_FAULT_DISCOUNT] = {"discount", "discount must be between 0 and the line amount"},
	[GST_FAULT_TOO_LARGE] = {NULL, "amounts are too large"},
	[GST_FAULT_QTY_MAX] = {"qty", "quantity is too large"},
	[GST_FAULT_RATE_MAX] = {"rate", "rate is too large"},
};

const char *gst_fault_member(enum gst_fault f) { return (unsigned)f < GST_FAULT_MAX ? faults[f].member : NULL; }

const char *gst_fault_message(enum gst_fault f) { return (unsigned)f < GST_FAULT_MAX ? faults[f].message : "?"; }

int gst_fault_refuse(enum gst_fault f, const char *field, struct err *e)
{
	const char *msg = gst_fault_message(f);
	switch (f) {
	case GST_FAULT_QTY:
		return err_setr(e, ERR_INVALID, field, "qty_positive", "%s", msg);
	case GST_FAULT_RATE:
		return err_setr(e, ERR_INVALID, field, "negative", "%s", msg);
	case GST_FAULT_GST_RATE:
		return err_setr(e, ERR_INVALID, field, "gst_rate_choice", "%s", msg);
	case GST_FAULT_DISCOUNT:
		return err_setr(e, ERR_INVALID, field, "discount_range", "%s", msg);
	default:
		return err_setr(e, ERR_INVALID, field, "too_large", "%s", msg);
	}
}

int gst_rate_ok(int64_t bp)
{
	return bp == 0 || bp == 10 || bp == 25 || bp == 150 || bp == 300 || bp == 500 || bp == 1200 || bp == 1800 || bp == 2800 ||
	       bp == 4000;
}

enum gst_fault gst_tax(int64_t taxable, int64_t bp, int inter, int64_t *ret_cgst, int64_t *ret_sgst, int64_t *ret_igst)
{
	int64_t half = 0, igst = 0;
	/* CGST and SGST are each half the rate on the taxable value, rounded on their own: the two
	 * are always equal, and their sum may differ from IGST on the same value by a paisa. */
	if (inter ? money_muldiv(taxable, bp, 10000, MONEY_ROUND_HALF_UP, &igst) < 0
		  : money_muldiv(taxable, bp, 20000, MONEY_ROUND_HALF_UP, &half) < 0)
		return GST_FAULT_TOO_LARGE;
	*ret_cgst = half;
	*ret_sgst = half;
	*ret_igst = igst;
	return GST_OK;
}

enum gst_fault gst_line_compute(int64_t qty, int64_t rate, int64_t discount, int64_t bp, int inter, struct gst_line *ret)
{
	struct gst_line l = {0, discount, 0, 0, 0, 0};
	enum gst_fault f;

	if (qty <= 0)
		return GST_FAULT_QTY;
	if (qty > QTY_MAX)
		return GST_FAULT_QTY_MAX;
	if (rate < 0)
		return GST_FAULT_RATE;
	if (rate > MONEY_MAX)
		return GST_FAULT_RATE_MAX;
	if (!gst_rate_ok(bp))
		return GST_FAULT_GST_RATE;
	/* qty is in thousandths: the gross is qty x rate / 1000, to the paisa, within the ceiling. */
	if (qty_value(qty, rate, &l.gross) < 0)
		return GST_FAULT_AMOUNT;
	if (discount < 0 || discount > l.gross)
		return GST_FAULT_DISCOUNT;
	l.taxable = l.gross - discount; /* 0 <= discount <= gross: cannot overflow */
	if ((f = gst_tax(l.taxable, bp, inter, &l.cgst, &l.sgst, &l.igst)) != GST_OK)
		return f;
	*ret = l;
	return GST_OK;
}

enum gst_fault gst_totals_add(struct gst_totals *t, const struct gst_line *l)
{
	struct gst_totals n = *t;
	int64_t exact;
	if (money_add_capped(n.taxable, l->taxable, &n.taxable) < 0 || money_add_capped(n.cgst, l->cgst, &n.cgst) < 0 ||
	    money_add_capped(n.sgst, l->sgst, &n.sgst) < 0 || money_add_capped(n.igst, l->igst, &n.igst) < 0 ||
	    money_add_capped(n.taxable, n.cgst, &exact) < 0 || money_add_capped(exact, n.sgst, &exact) < 0 ||
	    money_add_capped(exact, n.igst, &exact) < 0)
		return GST_FAULT_TOO_LARGE;
	*t = n;
	return GST_OK;
}

enum gst_fault gst_round_rupee(int64_t exact, int64_t *ret_rounded, int64_t *ret_round_off)
{
	int64_t rupees, rounded, off;
	if (money_muldiv(exact, 1, 100, MONEY_ROUND_HALF_UP, &rupees) < 0 || __builtin_mul_overflow(rupees, 100, &rounded) ||
	    __builtin_sub_overflow(rounded, exact, &off))
		return GST_FAULT_TOO_LARGE;
	*ret_rounded = rounded;
	*ret_round_off = off;
	return GST_OK;
}

enum gst_fault gst_totals_close(struct gst_totals *t)
{
	int64_t exact, total, off;
	if (money_add_capped(t->taxable, t->cgst, &exact) < 0 || money_add_capped(exact, t->sgst, &exact) < 0 ||
	    money_add_capped(exact, t->igst, &exact) < 0 || gst_round_rupee(exact, &total, &off) != GST_OK || !money_fits(total))
		return GST_FAULT_TOO_LARGE;
	t->total = total;
	t->round_off = off;
	return GST_OK;
}
