/* test_money.c - money_parse, money_format, money_format_indian, money_add and money_muldiv at
 * their edges: every accepted form, every refused form, the int64 limits in both directions, and
 * each of the five roundings on ties, near-ties and negatives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/money.h"
#include "lib/qty.h"

/* Parses s, asserting success and the exact paise value. */
static void parses_to(const char *s, int64_t want)
{
	int64_t got = 12345;
	int rc = money_parse(s, &got);
	if (rc != 0 || got != want)
		fail_msg("money_parse(\"%s\"): rc %d, got %lld, want %lld", s, rc, (long long)got, (long long)want);
}

/* Asserts s is refused and the output is left untouched. */
static void refused(const char *s)
{
	int64_t got = 777;
	int rc = money_parse(s, &got);
	if (rc != -1 || got != 777)
		fail_msg("money_parse(\"%s\") accepted: rc %d, got %lld", s ? s : "(null)", rc, (long long)got);
}

static void test_parse_valid(void **state)
{
	(void)state;
	parses_to("0", 0);
	parses_to("1", 100);
	parses_to("1.5", 150);
	parses_to("1.50", 150);
	parses_to("1.05", 105);
	parses_to("0.01", 1);
	parses_to("0.1", 10);
	parses_to("-12.05", -1205);
	parses_to("-0.05", -5);
	parses_to("-0", 0);
	parses_to("0.00", 0);
	parses_to("007", 700);
	parses_to("1234", 123400);
	parses_to("1234.5", 123450);
	parses_to("99999999", 9999999900LL);
}

static void test_parse_int64_edges(void **state)
{
	(void)state;
	parses_to("92233720368547758.07", INT64_MAX);
	parses_to("92233720368547758.06", INT64_MAX - 1);
	parses_to("-92233720368547758.07", -INT64_MAX);
	/* INT64_MIN is an int64 and money_format writes it, so it must parse back. */
	parses_to("-92233720368547758.08", INT64_MIN);
	parses_to("92233720368547758", 9223372036854775800LL);
	refused("92233720368547758.08");
	refused("-92233720368547758.09");
	refused("92233720368547759");
	refused("92233720368547758.1");   /* 10 paise past the top, via the last scaling */
	refused("922337203685477580.7");
	refused("99999999999999999999");
	refused("-99999999999999999999.99");
	refused("184467440737095516.16"); /* 2^64 paise: would wrap an unsigned accumulator */
}

static void test_parse_refusals(void **state)
{
	(void)state;
	refused(NULL);
	refused("");
	refused("-");
	refused(".");
	refused("-.");
	refused("1.");
	refused(".5");    /* a digit is required before the point */
	refused("-.5");
	refused("1.234");
	refused("0.001");
	refused("1.2.3");
	refused("1..2");
	refused("1e3");
	refused("1E3");
	refused(" 1");
	refused("1 ");
	refused("1 000");
	refused("+1");
	refused("--1");
	refused("-+1");
	refused("1-");
	refused("1,000");
	refused("0x10");
	refused("₹1");
	refused("१२");   /* Devanagari digits are not accepted */
	refused("1\n");
	refused("NaN");
	refused("inf");
}

static void test_parse_then_format_round_trip(void **state)
{
	static const char *const forms[] = {
		"0.00", "0.05", "1.00", "-1.00", "12.34", "-12.05", "1000.00",
		"92233720368547758.07", "-92233720368547758.08",
	};
	char out[MONEY_STR_MAX];
	(void)state;
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		int64_t v = 0;
		assert_int_equal(money_parse(forms[i], &v), 0);
		money_format(v, out, sizeof out);
		assert_string_equal(out, forms[i]);
	}
}

static void formats(int64_t v, const char *plain, const char *indian)
{
	char out[MONEY_STR_MAX];
	memset(out, 'x', sizeof out);
	money_format(v, out, sizeof out);
	assert_string_equal(out, plain);
	memset(out, 'x', sizeof out);
	money_format_indian(v, out, sizeof out);
	assert_string_equal(out, indian);
}

static void test_format(void **state)
{
	(void)state;
	formats(0, "0.00", "0.00");
	formats(5, "0.05", "0.05");
	formats(-5, "-0.05", "-0.05");
	formats(50, "0.50", "0.50");
	formats(100, "1.00", "1.00");
	formats(99999, "999.99", "999.99");
	formats(100000, "1000.00", "1,000.00");
	formats(1000000, "10000.00", "10,000.00");
	formats(10000000, "100000.00", "1,00,000.00");
	formats(100000000, "1000000.00", "10,00,000.00");
	formats(1234567890, "12345678.90", "1,23,45,678.90");
	formats(-1234567890, "-12345678.90", "-1,23,45,678.90");
	formats(-100000, "-1000.00", "-1,000.00");
	formats(1000000000000LL, "10000000000.00", "10,00,00,00,000.00");
	formats(INT64_MAX, "92233720368547758.07", "92,23,37,20,36,85,47,758.07");
	formats(INT64_MIN, "-92233720368547758.08", "-92,23,37,20,36,85,47,758.08");
	formats(INT64_MIN + 1, "-92233720368547758.07", "-92,23,37,20,36,85,47,758.07");
}

static void test_format_fits_max(void **state)
{
	/* The longest output (INT64_MIN, Indian grouping) fits MONEY_STR_MAX with room to spare. */
	char out[MONEY_STR_MAX];
	(void)state;
	money_format_indian(INT64_MIN, out, sizeof out);
	assert_true(strlen(out) < sizeof out);
	/* A short buffer truncates and stays NUL-terminated. */
	money_format(123456, out, 5);
	assert_string_equal(out, "1234");
	money_format_indian(123456, out, 5);
	assert_string_equal(out, "1,23");
}

static void test_add(void **state)
{
	int64_t r = 42;
	(void)state;
	assert_int_equal(money_add(100, 250, &r), 0);
	assert_int_equal(r, 350);
	assert_int_equal(money_add(-100, 40, &r), 0);
	assert_int_equal(r, -60);
	assert_int_equal(money_add(INT64_MAX - 1, 1, &r), 0);
	assert_true(r == INT64_MAX);
	assert_int_equal(money_add(INT64_MIN, INT64_MAX, &r), 0);
	assert_int_equal(r, -1);
	assert_int_equal(money_add(INT64_MIN + 1, -1, &r), 0);
	assert_true(r == INT64_MIN);

	r = 42;
	assert_int_equal(money_add(INT64_MAX, 1, &r), -1);
	assert_int_equal(r, 42);
	assert_int_equal(money_add(INT64_MAX, INT64_MAX, &r), -1);
	assert_int_equal(money_add(INT64_MIN, -1, &r), -1);
	assert_int_equal(money_add(INT64_MIN, INT64_MIN, &r), -1);
	assert_int_equal(r, 42);
}

/* a * b / d in each mode gives the five results, in the order of enum money_round:
 * HALF_UP, HALF_EVEN, DOWN, FLOOR, CEIL. */
static void muldiv_is(int64_t a, int64_t b, int64_t d, int64_t up, int64_t even, int64_t down, int64_t floor_, int64_t ceil_)
{
	const int64_t want[MONEY_ROUND_MAX] = {up, even, down, floor_, ceil_};
	static const char *const names[MONEY_ROUND_MAX] = {"HALF_UP", "HALF_EVEN", "DOWN", "FLOOR", "CEIL"};
	for (int m = 0; m < MONEY_ROUND_MAX; m++) {
		int64_t got = 424242;
		if (money_muldiv(a, b, d, (enum money_round)m, &got) != 0 || got != want[m])
			fail_msg("money_muldiv(%lld, %lld, %lld, %s) = %lld, want %lld", (long long)a, (long long)b, (long long)d,
				 names[m], (long long)got, (long long)want[m]);
	}
}

static void test_muldiv_rounding(void **state)
{
	(void)state;
	/*                 a    b   d   HALF_UP EVEN DOWN FLOOR CEIL */
	muldiv_is(25, 1, 10, 3, 2, 2, 2, 3);        /* 2.5: the tie */
	muldiv_is(35, 1, 10, 4, 4, 3, 3, 4);        /* 3.5: even is up this time */
	muldiv_is(-25, 1, 10, -3, -2, -2, -3, -2);  /* -2.5: away from zero, to even, toward zero, down, up */
	muldiv_is(-35, 1, 10, -4, -4, -3, -4, -3);
	muldiv_is(5, -5, 10, -3, -2, -2, -3, -2);   /* the sign from b */
	muldiv_is(24, 1, 10, 2, 2, 2, 2, 3);        /* 2.4: below the tie */
	muldiv_is(26, 1, 10, 3, 3, 2, 2, 3);        /* 2.6: above it */
	muldiv_is(-24, 1, 10, -2, -2, -2, -3, -2);
	muldiv_is(-26, 1, 10, -3, -3, -2, -3, -2);
	muldiv_is(5, 1, 10, 1, 0, 0, 0, 1);         /* 0.5 to even is 0 */
	muldiv_is(-5, 1, 10, -1, 0, 0, -1, 0);
	muldiv_is(1, 1, 3, 0, 0, 0, 0, 1);          /* 0.333... */
	muldiv_is(2, 1, 3, 1, 1, 0, 0, 1);          /* 0.666... */
	muldiv_is(-1, 1, 3, 0, 0, 0, -1, 0);
	muldiv_is(-2, 1, 3, -1, -1, 0, -1, 0);
	muldiv_is(40, 3, 2, 60, 60, 60, 60, 60);    /* exact: every mode agrees */
	muldiv_is(-40, 3, 2, -60, -60, -60, -60, -60);
	muldiv_is(0, 7, 3, 0, 0, 0, 0, 0);
	/* 18% GST on Rs 0.25 is 4.5 paise. */
	muldiv_is(25, 1800, 10000, 5, 4, 4, 4, 5);
	/* A quantity of 1.5 (thousandths) at Rs 33.33 a unit: 49.995 rupees. */
	muldiv_is(1500, 3333, 1000, 5000, 5000, 4999, 4999, 5000);
	muldiv_is(-1500, 3333, 1000, -5000, -5000, -4999, -5000, -4999);
}

static void test_muldiv_limits(void **state)
{
	int64_t r = 777;
	(void)state;
	/* The product may pass int64 as long as the quotient does not. */
	muldiv_is(INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX);
	muldiv_is(INT64_MIN, 2, 2, INT64_MIN, INT64_MIN, INT64_MIN, INT64_MIN, INT64_MIN);
	muldiv_is(INT64_MAX, 3, 6, INT64_MAX / 2 + 1, INT64_MAX / 2 + 1, INT64_MAX / 2, INT64_MAX / 2, INT64_MAX / 2 + 1);
	muldiv_is(INT64_MIN, INT64_MAX, INT64_MAX, INT64_MIN, INT64_MIN, INT64_MIN, INT64_MIN, INT64_MIN);
	/* A quotient beyond int64 is refused, ret untouched. */
	assert_int_equal(money_muldiv(INT64_MAX, 2, 1, MONEY_ROUND_HALF_UP, &r), -1);
	assert_int_equal(money_muldiv(INT64_MIN, -1, 1, MONEY_ROUND_DOWN, &r), -1);
	assert_int_equal(money_muldiv(INT64_MIN, INT64_MIN, 1, MONEY_ROUND_DOWN, &r), -1);
	/* Rounding itself may step past the edge: INT64_MAX + 0.5 rounds up out of range. */
	assert_int_equal(money_muldiv(INT64_MAX, 2, 1, MONEY_ROUND_CEIL, &r), -1);
	assert_int_equal(r, 777);
	/* A divisor must be positive; a mode must be one of the five. */
	assert_int_equal(money_muldiv(10, 10, 0, MONEY_ROUND_HALF_UP, &r), -1);
	assert_int_equal(money_muldiv(10, 10, -5, MONEY_ROUND_HALF_UP, &r), -1);
	assert_int_equal(money_muldiv(10, 10, 3, MONEY_ROUND_MAX, &r), -1);
	assert_int_equal(money_muldiv(10, 10, 3, (enum money_round)-1, &r), -1);
	assert_int_equal(r, 777);
}

/* The ceilings: MONEY_MAX and QTY_MAX themselves fit, one more does not; sums and products are
 * refused, never wrapped, their output left untouched. */
static void test_ceilings(void **state)
{
	int64_t r = 42;
	struct err e = ERR_INIT;
	char s[MONEY_STR_MAX];
	(void)state;
	assert_true(money_fits(MONEY_MAX) && money_fits(-MONEY_MAX) && money_fits(0));
	assert_false(money_fits(MONEY_MAX + 1) || money_fits(-MONEY_MAX - 1) || money_fits(INT64_MAX) || money_fits(INT64_MIN));
	assert_true(qty_fits(QTY_MAX) && qty_fits(-QTY_MAX));
	assert_false(qty_fits(QTY_MAX + 1) || qty_fits(-QTY_MAX - 1));
	/* two figures within the ceiling never overflow int64, and 92 of them still fit */
	assert_true(MONEY_MAX <= INT64_MAX / 92 && QTY_MAX <= INT64_MAX / 9000);

	assert_int_equal(money_add_capped(MONEY_MAX - 1, 1, &r), 0);
	assert_true(r == MONEY_MAX);
	r = 42;
	assert_int_equal(money_add_capped(MONEY_MAX, 1, &r), -1);
	assert_int_equal(money_add_capped(-MONEY_MAX, -1, &r), -1);
	assert_int_equal(money_add_capped(INT64_MAX, INT64_MAX, &r), -1);
	assert_int_equal(money_add_capped(INT64_MIN, -1, &r), -1);
	assert_int_equal(r, 42);
	assert_int_equal(money_add_capped(MONEY_MAX, -MONEY_MAX, &r), 0);
	assert_int_equal(r, 0);
	assert_int_equal(qty_add_capped(QTY_MAX, 0, &r), 0);
	assert_true(r == QTY_MAX);
	r = 42;
	assert_int_equal(qty_add_capped(QTY_MAX, 1, &r), -1);
	assert_int_equal(qty_add_capped(-QTY_MAX, -QTY_MAX, &r), -1);
	assert_int_equal(r, 42);

	/* products: qty x rate / 1000 in 128 bits, the result within MONEY_MAX */
	assert_int_equal(qty_value(QTY_MAX, 100000, &r), 0);             /* 10^12 units at Rs 1,000 */
	assert_true(r == MONEY_MAX);
	r = 42;
	assert_int_equal(qty_value(QTY_MAX, 100001, &r), -1);
	assert_int_equal(qty_value(QTY_MAX, MONEY_MAX, &r), -1);         /* 10^32 inside: refused, not wrapped */
	assert_int_equal(qty_value(INT64_MAX, INT64_MAX, &r), -1);
	assert_int_equal(r, 42);
	assert_int_equal(qty_value(1500, 3333, &r), 0);                  /* 1.5 at Rs 33.33: 49.995 -> 50.00 */
	assert_int_equal(r, 5000);
	assert_int_equal(qty_value(-1500, 3333, &r), 0);                 /* half away from zero */
	assert_int_equal(r, -5000);
	assert_int_equal(money_muldiv_capped(MONEY_MAX, 1, 1, MONEY_ROUND_HALF_UP, &r), 0);
	r = 42;
	assert_int_equal(money_muldiv_capped(MONEY_MAX, 2, 1, MONEY_ROUND_HALF_UP, &r), -1);
	assert_int_equal(money_muldiv_capped(INT64_MAX, 1, 1, MONEY_ROUND_HALF_UP, &r), -1);
	assert_int_equal(r, 42);

	/* what is a number, however large, and what is none */
	assert_true(decimal_well_formed("99999999999999999999999.99", 2));
	assert_true(decimal_well_formed("-1", 2) && decimal_well_formed("1.5", 3) && decimal_well_formed("0.125", 3));
	assert_false(decimal_well_formed("1.005", 2) || decimal_well_formed("1e5", 2) || decimal_well_formed("", 2) ||
		     decimal_well_formed("1.", 2) || decimal_well_formed(".5", 2) || decimal_well_formed("-", 2) ||
		     decimal_well_formed("1,000", 2) || decimal_well_formed(NULL, 2));

	/* the refusals: the field, the reason and the ceiling as a figure of its kind */
	assert_int_equal(money_too_large(&e, ERR_INVALID, "lines[0].debit"), ERR_INVALID);
	assert_string_equal(e.field, "lines[0].debit");
	assert_string_equal(e.reason, "too_large");
	assert_int_equal(e.ndetails, 2);
	assert_string_equal(e.detail[0].key, "max");
	assert_int_equal(e.detail[0].type, ERR_DETAIL_MONEY);
	assert_true(e.detail[0].v == MONEY_MAX);
	assert_string_equal(e.detail[1].key, "kind");
	assert_string_equal(e.detail[1].text, "amount");
	money_format_indian(MONEY_MAX, s, sizeof s);
	assert_string_equal(s, "1,00,00,00,00,00,00,000.00");
	assert_non_null(strstr(e.msg, s));
	err_clear(&e);
	assert_int_equal(qty_too_large(&e, ERR_UNPROCESSABLE, "items[1].qty"), ERR_UNPROCESSABLE);
	assert_string_equal(e.field, "items[1].qty");
	assert_int_equal(e.detail[0].type, ERR_DETAIL_QTY);
	assert_true(e.detail[0].v == QTY_MAX);
	assert_string_equal(e.detail[1].text, "quantity");
	assert_non_null(strstr(e.msg, "quantities go up to 10,00,00,00,00,000"));
	err_clear(&e);
	assert_int_equal(money_range_err(&e, "a total is beyond the range of amounts"), ERR_UNPROCESSABLE);
	assert_string_equal(e.reason, "too_large");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_parse_int64_edges),
		cmocka_unit_test(test_parse_refusals),
		cmocka_unit_test(test_parse_then_format_round_trip),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_fits_max),
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_muldiv_rounding),
		cmocka_unit_test(test_muldiv_limits),
		cmocka_unit_test(test_ceilings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
