/* gst.h - the GST arithmetic of a goods or service line and of a voucher's total, as pure
 * functions on int64 paise (no database, no allocation): every product goes through
 * money_muldiv with its rounding named, every sum is overflow-checked. */
#ifndef DAFTAR_GST_H
#define DAFTAR_GST_H

#include <stdint.h>

#include "lib/err.h"

/* What is wrong with a line; GST_OK (0) when nothing is. */
enum gst_fault {
	GST_OK,
	GST_FAULT_QTY,        /* quantity not more than zero */
	GST_FAULT_RATE,       /* a negative rate */
	GST_FAULT_GST_RATE,   /* not a GST slab */
	GST_FAULT_AMOUNT,     /* quantity x rate is past the ceiling of amounts (MONEY_MAX) */
	GST_FAULT_DISCOUNT,   /* negative, or more than the line's amount */
	GST_FAULT_TOO_LARGE,  /* a tax or a sum of the voucher is past the ceiling */
	GST_FAULT_QTY_MAX,    /* quantity past the ceiling of quantities (QTY_MAX) */
	GST_FAULT_RATE_MAX,   /* rate past the ceiling of amounts */
	GST_FAULT_MAX
};

/* The member of an item line at fault ("qty", "rate", "gst_rate", "discount"), or NULL when the
 * fault is in the voucher's sums (GST_FAULT_TOO_LARGE); and the message for a person. Both static.
 * GST_FAULT_QTY_MAX and GST_FAULT_RATE_MAX are one value past its ceiling; GST_FAULT_AMOUNT and
 * GST_FAULT_TOO_LARGE a product or a sum past it. */
const char *gst_fault_member(enum gst_fault f);
const char *gst_fault_message(enum gst_fault f);
/* The refusal of input field `field` that fault f stands for (ERR_INVALID), with the reason a
 * client says it from: qty_positive, negative, gst_rate_choice, discount_range, else too_large. */
int gst_fault_refuse(enum gst_fault f, const char *field, struct err *e);

/* True for a rate ever notified, in basis points: 0, 0.1 % (supplies to merchant exporters), 0.25 %
 * (rough stones), 1.5 % (cut diamonds), 3 % (gold), 5, 12, 18, 28 and, from 22 September 2025, 40 %.
 * Which of them a voucher of a date may use is the dated table's (gst_rates_on). */
int gst_rate_ok(int64_t bp);

/* The tax on `taxable` paise at `bp` basis points. Intra-state: half the rate as CGST and the
 * same amount as SGST, each rounded to the paisa half away from zero (2.5 paise -> 3, -2.5 -> -3);
 * inter-state: the whole rate as IGST, rounded the same way. The other taxes are 0. Writes the
 * three only on GST_OK; GST_FAULT_TOO_LARGE when a tax does not fit. */
enum gst_fault gst_tax(int64_t taxable, int64_t bp, int inter, int64_t *ret_cgst, int64_t *ret_sgst,
		       int64_t *ret_igst) __attribute__((warn_unused_result));

/* One computed line. */
struct gst_line {
	int64_t gross;      /* qty x rate to the paisa */
	int64_t discount;
	int64_t taxable;    /* gross - discount */
	int64_t cgst, sgst, igst;
};

/* A line of qty (thousandths of the unit, 0 < qty <= QTY_MAX) at rate (paise per unit,
 * 0 <= rate <= MONEY_MAX): its gross rounded half up to the paisa (at most MONEY_MAX), less
 * discount (0..gross), and its tax as gst_tax. The checks run in that order and the first fault
 * is returned; *ret is written only on GST_OK. */
enum gst_fault gst_line_compute(int64_t qty, int64_t rate, int64_t discount, int64_t bp, int inter,
				struct gst_line *ret) __attribute__((warn_unused_result));

/* The sums of a voucher's lines and its round-off. Start from all zeros (GST_TOTALS_INIT). */
struct gst_totals {
	int64_t taxable, cgst, sgst, igst;
	int64_t round_off;  /* total - (taxable + taxes): negative when the paise were given away */
	int64_t total;      /* taxable + taxes rounded to the rupee */
};
#define GST_TOTALS_INIT {0, 0, 0, 0, 0, 0}

/* Adds a line's taxable value and taxes; GST_FAULT_TOO_LARGE (t untouched) when a sum, or the
 * taxable value and taxes together (the voucher's total before its round-off), would pass
 * MONEY_MAX. */
enum gst_fault gst_totals_add(struct gst_totals *t, const struct gst_line *l) __attribute__((warn_unused_result));
/* Sets total and round_off: taxable + taxes to the nearest rupee as gst_round_rupee (MONEY_MAX is
 * a whole rupee, so a total within it stays within it). t is untouched on GST_FAULT_TOO_LARGE. */
enum gst_fault gst_totals_close(struct gst_totals *t) __attribute__((warn_unused_result));
/* `exact` paise to the nearest rupee, half away from zero (0.50 up, -0.50 down to -1.00), and
 * the round-off (rounded - exact), written on GST_OK. Every int64 is within half a rupee of a
 * whole rupee that is one, so this does not fail; the arithmetic is checked all the same. */
enum gst_fault gst_round_rupee(int64_t exact, int64_t *ret_rounded, int64_t *ret_round_off)
	__attribute__((warn_unused_result));

#endif
