/* fuzz_money.c - amounts and quantities: money_parse/decimal_parse never misread (what parses
 * formats back to the same value), quantities' sums and values keep their ceilings, and money_muldiv's rounding modes keep their order around the
 * exact quotient. */
#include <stdint.h>

#include "fuzz.h"
#include "lib/money.h"
#include "lib/qty.h"

static void muldiv_props(const unsigned char *d, size_t n)
{
	int64_t a, b, q, lo, hi, r;
	__int128 p, t;
	if (n < 24)
		return;
	memcpy(&a, d, 8);
	memcpy(&b, d + 8, 8);
	memcpy(&q, d + 16, 8);
	if (q == 0)
		return;
	if (q < 0) /* a positive divisor */
		q = q == INT64_MIN ? INT64_MAX : -q;
	p = (__int128)a * b;
	t = p / q;
	if (t > INT64_MAX - 1 || t < INT64_MIN + 1)
		return;
	FUZZ_CHECK(money_muldiv(a, b, q, MONEY_ROUND_FLOOR, &lo) == 0);
	FUZZ_CHECK(money_muldiv(a, b, q, MONEY_ROUND_CEIL, &hi) == 0);
	FUZZ_CHECK((__int128)lo * q <= p && p <= (__int128)hi * q);
	FUZZ_CHECK(hi - lo <= 1);
	for (int m = 0; m < MONEY_ROUND_MAX; m++) {
		FUZZ_CHECK(money_muldiv(a, b, q, (enum money_round)m, &r) == 0);
		FUZZ_CHECK(r == lo || r == hi);
	}
	FUZZ_CHECK(money_muldiv(a, b, 0, MONEY_ROUND_HALF_UP, &r) < 0);
}

/* Quantities: a sum is kept only within QTY_MAX; a value is the exact product rounded half away
 * from zero to the paisa, kept only within MONEY_MAX. */
static void qty_props(const unsigned char *d, size_t n)
{
	int64_t q, r, b, v, sum;
	__int128 p, t, rem;
	if (n < 24)
		return;
	memcpy(&q, d, 8);
	memcpy(&r, d + 8, 8);
	memcpy(&b, d + 16, 8);
	FUZZ_CHECK(qty_fits(q) == (q >= -QTY_MAX && q <= QTY_MAX));
	if (qty_fits(q) && qty_fits(b)) {
		int fits = qty_fits(q + b);
		FUZZ_CHECK((qty_add_capped(q, b, &sum) == 0) == fits);
		FUZZ_CHECK(!fits || sum == q + b);
	}
	if (!qty_fits(q) || r < -MONEY_MAX || r > MONEY_MAX)
		return;
	p = (__int128)q * r;
	t = p / QTY_SCALE;
	rem = p % QTY_SCALE;
	if (rem * 2 >= QTY_SCALE)
		t++;
	else if (rem * 2 <= -QTY_SCALE)
		t--;
	if (t >= -MONEY_MAX && t <= MONEY_MAX)
		FUZZ_CHECK(qty_value(q, r, &v) == 0 && v == (int64_t)t);
	else
		FUZZ_CHECK(qty_value(q, r, &v) < 0);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *s = fuzz_str(data, size);
	char out[MONEY_STR_MAX], again[64];
	int64_t v, w;

	if (money_parse(s, &v) == 0) {
		money_format(v, out, sizeof out);
		FUZZ_CHECK(money_parse(out, &w) == 0 && w == v);
		money_format_indian(v, again, sizeof again);
		FUZZ_CHECK(strlen(again) < sizeof again - 1);
	}
	for (int scale = 0; scale <= 3; scale++) {
		if (decimal_parse(s, scale, &v) == 0) {
			decimal_format(v, scale, again, sizeof again);
			FUZZ_CHECK(decimal_parse(again, scale, &w) == 0 && w == v);
		}
	}
	muldiv_props(data, size);
	qty_props(data, size);
	free(s);
	return 0;
}
