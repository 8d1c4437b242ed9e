/* test_gst.c - the GST arithmetic of accounts/gst.c at its edges: ties rounding half away from
 * zero (positive and negative), the 0.25 % and 3 % slabs, intra- against inter-state, discounts,
 * the round-off to the rupee both ways, and the ceilings of amounts and quantities refused, never wrapped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "accounts/gst.h"
#include "lib/money.h"
#include "lib/qty.h"

#define INTRA 0
#define INTER 1

/* A line that must compute, and its figures (paise). */
static void line_is(int64_t qty, int64_t rate, int64_t discount, int64_t bp, int inter, int64_t gross, int64_t taxable,
		    int64_t cgst, int64_t sgst, int64_t igst)
{
	struct gst_line l;
	enum gst_fault f = gst_line_compute(qty, rate, discount, bp, inter, &l);
	if (f != GST_OK)
		fail_msg("line %lld x %lld - %lld at %lld bp: fault %d", (long long)qty, (long long)rate, (long long)discount,
			 (long long)bp, (int)f);
	if (l.gross != gross || l.taxable != taxable || l.cgst != cgst || l.sgst != sgst || l.igst != igst || l.discount != discount)
		fail_msg("line %lld x %lld - %lld at %lld bp: gross %lld taxable %lld cgst %lld sgst %lld igst %lld", (long long)qty,
			 (long long)rate, (long long)discount, (long long)bp, (long long)l.gross, (long long)l.taxable, (long long)l.cgst,
			 (long long)l.sgst, (long long)l.igst);
}

/* A line that must be refused with fault f, leaving *ret as it was. */
static void line_refused(int64_t qty, int64_t rate, int64_t discount, int64_t bp, enum gst_fault want)
{
	struct gst_line l, keep;
	enum gst_fault f;
	memset(&l, 0x5a, sizeof l);
	keep = l;
	f = gst_line_compute(qty, rate, discount, bp, INTRA, &l);
	if (f != want)
		fail_msg("line %lld x %lld - %lld at %lld bp: fault %d, want %d", (long long)qty, (long long)rate, (long long)discount,
			 (long long)bp, (int)f, (int)want);
	assert_memory_equal(&l, &keep, sizeof l);
}

static void tax_is(int64_t taxable, int64_t bp, int inter, int64_t cgst, int64_t sgst, int64_t igst)
{
	int64_t c = 7, s = 7, i = 7;
	assert_int_equal(gst_tax(taxable, bp, inter, &c, &s, &i), GST_OK);
	if (c != cgst || s != sgst || i != igst)
		fail_msg("tax on %lld at %lld bp (%s): %lld + %lld + %lld, want %lld + %lld + %lld", (long long)taxable, (long long)bp,
			 inter ? "inter" : "intra", (long long)c, (long long)s, (long long)i, (long long)cgst, (long long)sgst,
			 (long long)igst);
}

static void rupee_is(int64_t exact, int64_t rounded, int64_t off)
{
	int64_t r = 1, o = 1;
	assert_int_equal(gst_round_rupee(exact, &r, &o), GST_OK);
	if (r != rounded || o != off)
		fail_msg("round %lld: %lld (off %lld), want %lld (off %lld)", (long long)exact, (long long)r, (long long)o,
			 (long long)rounded, (long long)off);
}

static void test_slabs(void **state)
{
	(void)state;
	for (int64_t bp = -100; bp <= 4100; bp++) {
		int want = bp == 0 || bp == 10 || bp == 25 || bp == 150 || bp == 300 || bp == 500 || bp == 1200 || bp == 1800 ||
			   bp == 2800 || bp == 4000;
		if (gst_rate_ok(bp) != want)
			fail_msg("gst_rate_ok(%lld) = %d", (long long)bp, gst_rate_ok(bp));
	}
	line_refused(1000, 100, 0, 1700, GST_FAULT_GST_RATE);
	line_refused(1000, 100, 0, -1800, GST_FAULT_GST_RATE);
	assert_string_equal(gst_fault_member(GST_FAULT_GST_RATE), "gst_rate");
	assert_string_equal(gst_fault_message(GST_FAULT_GST_RATE), "GST rate must be a notified rate: 0, 0.1, 0.25, 1.5, 3, 5, 12, 18, 28 or 40");
}

/* Ties: half a paisa goes away from zero, for a sale and for its reversal alike. */
static void test_ties(void **state)
{
	(void)state;
	/* 1.00 at 5 % within the state: 2.5 % of 100 paise is 2.5 paise each way -> 3 + 3. */
	tax_is(100, 500, INTRA, 3, 3, 0);
	tax_is(-100, 500, INTRA, -3, -3, 0);
	/* 0.10 at 5 % across states: 0.5 paise -> 1; reversed -> -1. */
	tax_is(10, 500, INTER, 0, 0, 1);
	tax_is(-10, 500, INTER, 0, 0, -1);
	/* Just under a tie rounds toward zero: 0.09 at 5 % is 0.45 paise. */
	tax_is(9, 500, INTER, 0, 0, 0);
	tax_is(-9, 500, INTER, 0, 0, 0);
	/* 0.01 at 28 % within the state: 0.14 paise each way -> 0. */
	tax_is(1, 2800, INTRA, 0, 0, 0);
	/* The line's own gross rounds half up too: 0.5 x 0.01 = 0.5 paise -> 1 paisa. */
	line_is(500, 1, 0, 0, INTRA, 1, 1, 0, 0, 0);
	/* 3.5 x 12.34 = 43.19; 2.5 % = 1.07975 -> 1.08 each way. */
	line_is(3500, 1234, 0, 500, INTRA, 4319, 4319, 108, 108, 0);
}

/* Half the rate each as CGST and SGST, rounded each on its own; IGST the whole rate once. */
static void test_intra_inter(void **state)
{
	(void)state;
	/* 2 x 1000.00 at 12 %: 240.00 as IGST, or 120.00 + 120.00. */
	line_is(2000, 100000, 0, 1200, INTER, 200000, 200000, 0, 0, 24000);
	line_is(2000, 100000, 0, 1200, INTRA, 200000, 200000, 12000, 12000, 0);
	/* 0.01 at 18 %: 0.09 paise each way rounds to 0 + 0, but 0.18 paise IGST to 0 as well. */
	tax_is(1, 1800, INTRA, 0, 0, 0);
	tax_is(1, 1800, INTER, 0, 0, 0);
	/* 0.03 at 18 %: 0.27 paise each way -> 0 + 0, while 0.54 paise of IGST rounds to 1: the two
	 * ways may differ by a paisa, and each is what the law's half-rate split gives. */
	tax_is(3, 1800, INTRA, 0, 0, 0);
	tax_is(3, 1800, INTER, 0, 0, 1);
	/* Exempt lines carry no tax either way. */
	line_is(1000, 99999, 0, 0, INTRA, 99999, 99999, 0, 0, 0);
	line_is(1000, 99999, 0, 0, INTER, 99999, 99999, 0, 0, 0);
}

/* Rough diamonds at 0.25 % and gold at 3 %. */
static void test_small_slabs(void **state)
{
	(void)state;
	/* 1000.00 at 0.25 %: 0.125 % each way = 1.25 + 1.25; across states 2.50. */
	line_is(1000, 100000, 0, 25, INTRA, 100000, 100000, 125, 125, 0);
	line_is(1000, 100000, 0, 25, INTER, 100000, 100000, 0, 0, 250);
	/* 2.00 at 0.25 %: 0.25 paise each way -> 0; 0.5 paise IGST -> 1. */
	tax_is(200, 25, INTRA, 0, 0, 0);
	tax_is(200, 25, INTER, 0, 0, 1);
	/* 4.00 at 0.25 % within the state: 0.5 paise each way -> 1 + 1. */
	tax_is(400, 25, INTRA, 1, 1, 0);
	/* Gold: 10 g at 6123.45 = 61234.50 at 3 %: 1.5 % = 918.5175 -> 918.52 each way; 3 % = 1837.035 -> 1837.04. */
	line_is(10000, 612345, 0, 300, INTRA, 6123450, 6123450, 91852, 91852, 0);
	line_is(10000, 612345, 0, 300, INTER, 6123450, 6123450, 0, 0, 183704);
	/* 333.33 at 3 % within the state: 4.99995 -> 5.00 each way. */
	tax_is(33333, 300, INTRA, 500, 500, 0);
}

static void test_discounts(void **state)
{
	(void)state;
	/* 10 x 99.99 = 999.90 less 5.00 = 994.90; 9 % = 89.541 -> 89.54 each way. */
	line_is(10000, 9999, 500, 1800, INTRA, 99990, 99490, 8954, 8954, 0);
	/* The whole line given away: nothing taxable. */
	line_is(1000, 5000, 5000, 1800, INTRA, 5000, 0, 0, 0, 0);
	/* A discount past the line, or below zero, is refused naming the discount. */
	line_refused(1000, 5000, 5001, 1800, GST_FAULT_DISCOUNT);
	line_refused(1000, 5000, -1, 1800, GST_FAULT_DISCOUNT);
	assert_string_equal(gst_fault_member(GST_FAULT_DISCOUNT), "discount");
	/* quantity and rate come first */
	line_refused(0, 5000, 0, 1800, GST_FAULT_QTY);
	line_refused(-1000, 5000, 0, 1800, GST_FAULT_QTY);
	line_refused(1000, -1, 0, 1800, GST_FAULT_RATE);
	assert_string_equal(gst_fault_member(GST_FAULT_QTY), "qty");
	assert_string_equal(gst_fault_message(GST_FAULT_QTY), "quantity must be more than zero");
	assert_string_equal(gst_fault_member(GST_FAULT_RATE), "rate");
}

/* Round-off to the rupee: up from 50 paise, down below, either sign. */
static void test_round_off(void **state)
{
	struct gst_totals t = GST_TOTALS_INIT;
	struct gst_line a = {0, 0, 103809, 9062, 9062, 0};
	(void)state;
	rupee_is(121933, 121900, -33);   /* 1219.33 -> 1219.00: 0.33 given away */
	rupee_is(121950, 122000, 50);    /* 1219.50 -> 1220.00: a tie goes up */
	rupee_is(121949, 121900, -49);
	rupee_is(121999, 122000, 1);
	rupee_is(122000, 122000, 0);
	rupee_is(0, 0, 0);
	rupee_is(49, 0, -49);
	rupee_is(50, 100, 50);
	rupee_is(-121950, -122000, -50); /* a negative tie goes away from zero too */
	rupee_is(-121933, -121900, 33);
	rupee_is(-50, -100, -50);
	rupee_is(-49, 0, 49);

	/* The voucher of the API test: 1038.09 + 90.62 + 90.62 = 1219.33 -> 1219.00. */
	assert_int_equal(gst_totals_add(&t, &a), GST_OK);
	assert_int_equal(gst_totals_close(&t), GST_OK);
	assert_int_equal(t.total, 121900);
	assert_int_equal(t.round_off, -33);
	/* Add 0.17 of IGST: 1219.50 rounds up, 0.50 taken in. */
	a = (struct gst_line){0, 0, 0, 0, 0, 17};
	assert_int_equal(gst_totals_add(&t, &a), GST_OK);
	assert_int_equal(gst_totals_close(&t), GST_OK);
	assert_int_equal(t.total, 122000);
	assert_int_equal(t.round_off, 50);
	assert_int_equal(t.igst, 17);
}

/* The ceilings (MONEY_MAX paise, QTY_MAX thousandths): the biggest figures within them are
 * computed exactly; one more is refused with its own fault, never wrapped. */
static void test_limits(void **state)
{
	struct gst_totals t = GST_TOTALS_INIT, keep;
	struct gst_line big = {0, 0, MONEY_MAX, 0, 0, 0}, one = {0, 0, 1, 0, 0, 0};
	int64_t c = 9, s = 9, i = 9;
	(void)state;

	/* qty x rate / 1000 in 128 bits: 10^12 units (QTY_MAX) at ₹1,000.00 is MONEY_MAX exactly; a
	 * paisa more on the rate is too much. */
	line_is(QTY_MAX, 100000, 0, 0, INTRA, MONEY_MAX, MONEY_MAX, 0, 0, 0);
	line_is(QTY_MAX, 100000, MONEY_MAX, 1800, INTRA, MONEY_MAX, 0, 0, 0, 0);
	line_is(1000, MONEY_MAX, 0, 0, INTRA, MONEY_MAX, MONEY_MAX, 0, 0, 0);
	line_refused(QTY_MAX, 100001, 0, 0, GST_FAULT_AMOUNT);
	line_refused(QTY_MAX, MONEY_MAX, 0, 0, GST_FAULT_AMOUNT); /* 10^32 in the 128 bits: refused, not wrapped */
	line_refused(1001, MONEY_MAX, 0, 0, GST_FAULT_AMOUNT);
	assert_string_equal(gst_fault_member(GST_FAULT_AMOUNT), "rate");
	/* One value past its ceiling, before any product. */
	line_is(QTY_MAX, 0, 0, 1800, INTRA, 0, 0, 0, 0, 0);
	line_refused(QTY_MAX + 1, 0, 0, 0, GST_FAULT_QTY_MAX);
	line_refused(INT64_MAX, 1000, 0, 0, GST_FAULT_QTY_MAX);
	line_refused(1000, MONEY_MAX + 1, 0, 0, GST_FAULT_RATE_MAX);
	line_refused(1000, INT64_MAX, 0, 0, GST_FAULT_RATE_MAX);
	assert_string_equal(gst_fault_member(GST_FAULT_QTY_MAX), "qty");
	assert_string_equal(gst_fault_member(GST_FAULT_RATE_MAX), "rate");
	/* The tax on the largest taxable value fits (28 % of it), at either limit of int64 even. */
	assert_int_equal(gst_tax(INT64_MAX, 2800, INTER, &c, &s, &i), GST_OK);
	assert_true(i == (int64_t)(((__int128)INT64_MAX * 2800 + 5000) / 10000));
	assert_int_equal(gst_tax(INT64_MIN, 2800, INTRA, &c, &s, &i), GST_OK);
	assert_true(c == s && c < 0);

	/* Sums: MONEY_MAX and one more paisa is refused, the totals left as they were. */
	assert_int_equal(gst_totals_add(&t, &big), GST_OK);
	keep = t;
	assert_int_equal(gst_totals_add(&t, &one), GST_FAULT_TOO_LARGE);
	assert_memory_equal(&t, &keep, sizeof t);
	assert_int_equal(gst_totals_close(&t), GST_OK);
	assert_true(t.total == MONEY_MAX && t.round_off == 0);
	assert_null(gst_fault_member(GST_FAULT_TOO_LARGE));
	assert_string_equal(gst_fault_message(GST_FAULT_TOO_LARGE), "amounts are too large");
	/* GST on top: a taxable value within the ceiling whose taxes take the total past it. */
	t = (struct gst_totals)GST_TOTALS_INIT;
	big = (struct gst_line){0, 0, MONEY_MAX - 10, 5, 5, 0};
	assert_int_equal(gst_totals_add(&t, &big), GST_OK);
	keep = t;
	big = (struct gst_line){0, 0, 0, 0, 0, 1};
	assert_int_equal(gst_totals_add(&t, &big), GST_FAULT_TOO_LARGE);
	assert_memory_equal(&t, &keep, sizeof t);
	big = (struct gst_line){0, 0, MONEY_MAX - 10, 0, 0, 11};
	t = (struct gst_totals)GST_TOTALS_INIT;
	assert_int_equal(gst_totals_add(&t, &big), GST_FAULT_TOO_LARGE);
	/* Round-off at the ceiling: MONEY_MAX is a whole rupee, so a total just under it rounds to
	 * it and never past it. */
	t = (struct gst_totals){MONEY_MAX - 50, 0, 0, 0, 0, 0};
	assert_int_equal(gst_totals_close(&t), GST_OK);
	assert_true(t.total == MONEY_MAX && t.round_off == 50);

	/* Rounding at the int64 limits (gst_round_rupee takes any int64): the last rupee below
	 * INT64_MAX is ...758.00, and everything above it is less than half a rupee more, so it rounds
	 * down and fits; the same below INT64_MIN. */
	rupee_is(INT64_MAX, INT64_MAX - 7, -7);
	rupee_is(INT64_MAX - 57, INT64_MAX - 7, 50);
	rupee_is(INT64_MIN, INT64_MIN + 8, 8);
	rupee_is(INT64_MIN + 58, INT64_MIN + 8, -50);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slabs),
		cmocka_unit_test(test_ties),
		cmocka_unit_test(test_intra_inter),
		cmocka_unit_test(test_small_slabs),
		cmocka_unit_test(test_discounts),
		cmocka_unit_test(test_round_off),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
