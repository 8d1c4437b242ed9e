/* test_gst_setoff.c - GSTR-3B table 6.1 set-off (reports/gst_setoff.c) on hand-worked examples:
 * surplus CGST credit paying IGST where the old head-by-head figure put it in cash; IGST credit
 * split between CGST and SGST so that neither pays cash another credit could have met; CGST
 * credit never paying SGST; reversals past the credit, returns past the supplies, and cess. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "reports/gst_setoff.h"

#define R(x) ((int64_t)(x) * 100) /* rupees to paise */

static struct gst_setoff run(int64_t pi, int64_t pc, int64_t ps, int64_t pcs, int64_t ci, int64_t cc, int64_t cs, int64_t ccs)
{
	const int64_t pay[GH_MAX] = {pi, pc, ps, pcs}, cr[GH_MAX] = {ci, cc, cs, ccs};
	struct gst_setoff s;
	assert_int_equal(gst_setoff(pay, cr, &s), 0);
	/* what is used, paid and carried adds up, head by head, either way */
	for (int h = 0; h < GH_MAX; h++) {
		int64_t by = 0, of = 0;
		for (int k = 0; k < GH_MAX; k++) {
			by += s.used[k][h];
			of += s.used[h][k];
		}
		assert_true(by + s.cash[h] == s.payable[h]);
		assert_true(of + s.carry[h] == s.credit[h]);
	}
	assert_int_equal(s.used[GH_CGST][GH_SGST], 0);
	assert_int_equal(s.used[GH_SGST][GH_CGST], 0);
	return s;
}

static void cash_is(const struct gst_setoff *s, int64_t i, int64_t c, int64_t sg, int64_t cs)
{
	assert_true(s->cash[GH_IGST] == i);
	assert_true(s->cash[GH_CGST] == c);
	assert_true(s->cash[GH_SGST] == sg);
	assert_true(s->cash[GH_CESS] == cs);
}

/* Tax IGST 1,000, CGST 500, SGST 500; credit CGST 1,500 only. CGST credit pays CGST 500 and then
 * IGST 1,000 (section 49(5)(b)); SGST 500 is paid in cash. The old head-by-head figure was IGST
 * 1,000 + SGST 500 = 1,500 in cash with 1,000 of CGST credit carried forward. */
static void test_surplus_cgst_pays_igst(void **state)
{
	struct gst_setoff s;
	(void)state;
	s = run(R(1000), R(500), R(500), 0, 0, R(1500), 0, 0);
	assert_true(s.used[GH_CGST][GH_CGST] == R(500));
	assert_true(s.used[GH_CGST][GH_IGST] == R(1000));
	cash_is(&s, 0, 0, R(500), 0);
	assert_true(s.carry[GH_CGST] == 0);
}

/* Tax IGST 200, CGST 1,000, SGST 1,000; credit IGST 1,500, CGST 300, SGST 900.
 *   IGST credit: 200 to IGST; then what the heads' own credit cannot meet: CGST 1,000 - 300 = 700,
 *   SGST 1,000 - 900 = 100; the 500 left goes on, CGST first: 300 to CGST, 200 to SGST.
 *   CGST credit: nothing left to pay; SGST credit: 700 to SGST.
 * No cash; CGST 300 and SGST 200 carried forward. Head by head it was CGST 700 + SGST 100 = 800
 * in cash with 1,300 of IGST credit idle. */
static void test_igst_credit_split(void **state)
{
	struct gst_setoff s;
	(void)state;
	s = run(R(200), R(1000), R(1000), 0, R(1500), R(300), R(900), 0);
	assert_true(s.used[GH_IGST][GH_IGST] == R(200));
	assert_true(s.used[GH_IGST][GH_CGST] == R(1000));
	assert_true(s.used[GH_IGST][GH_SGST] == R(300));
	assert_true(s.used[GH_SGST][GH_SGST] == R(700));
	assert_true(s.used[GH_CGST][GH_CGST] == 0);
	cash_is(&s, 0, 0, 0, 0);
	assert_true(s.carry[GH_IGST] == 0);
	assert_true(s.carry[GH_CGST] == R(300));
	assert_true(s.carry[GH_SGST] == R(200));
}

/* Tax IGST 1,000, SGST 800; credit IGST 300, CGST 600, SGST 500. IGST credit 300 to IGST; CGST
 * credit 600 to IGST (nothing of CGST to pay); SGST credit 500 to SGST, none left for IGST. IGST
 * 100 and SGST 300 in cash: CGST credit may not pay SGST. */
static void test_cgst_never_pays_sgst(void **state)
{
	struct gst_setoff s;
	(void)state;
	s = run(R(1000), 0, R(800), 0, R(300), R(600), R(500), 0);
	assert_true(s.used[GH_IGST][GH_IGST] == R(300));
	assert_true(s.used[GH_CGST][GH_IGST] == R(600));
	assert_true(s.used[GH_SGST][GH_SGST] == R(500));
	cash_is(&s, R(100), 0, R(300), 0);
	/* CGST credit left over while SGST is paid in cash */
	s = run(0, 0, R(800), 0, 0, R(600), R(500), 0);
	cash_is(&s, 0, 0, R(300), 0);
	assert_true(s.carry[GH_CGST] == R(600));
}

/* SGST credit pays IGST only after IGST credit is used up and SGST is paid. */
static void test_sgst_pays_igst_last(void **state)
{
	struct gst_setoff s;
	(void)state;
	s = run(R(1000), R(100), R(100), 0, R(400), 0, R(900), 0);
	/* IGST 400 to IGST; SGST 100 to SGST, 600 to IGST; CGST 100 in cash */
	assert_true(s.used[GH_IGST][GH_IGST] == R(400));
	assert_true(s.used[GH_SGST][GH_SGST] == R(100));
	assert_true(s.used[GH_SGST][GH_IGST] == R(600));
	cash_is(&s, 0, R(100), 0, 0);
	assert_true(s.carry[GH_SGST] == R(200));
}

/* Reversals past the credit add to the tax of their head; notes past the supplies are no tax and
 * no credit; cess credit pays cess only. */
static void test_negative_and_cess(void **state)
{
	const int64_t pay[GH_MAX] = {INT64_MAX, 0, 0, 0}, cr[GH_MAX] = {-1, 0, 0, 0};
	struct gst_setoff s;
	(void)state;
	s = run(R(100), -R(50), 0, R(40), -R(30), R(20), 0, R(100));
	assert_true(s.payable[GH_IGST] == R(130));
	assert_true(s.payable[GH_CGST] == 0);
	cash_is(&s, R(110), 0, 0, 0);         /* CGST credit 20 pays IGST */
	assert_true(s.used[GH_CESS][GH_CESS] == R(40));
	assert_true(s.carry[GH_CESS] == R(60));
	assert_int_equal(gst_setoff(pay, cr, &s), -1); /* past int64: refused, not wrapped */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_surplus_cgst_pays_igst),
		cmocka_unit_test(test_igst_credit_split),
		cmocka_unit_test(test_cgst_never_pays_sgst),
		cmocka_unit_test(test_sgst_pays_igst_last),
		cmocka_unit_test(test_negative_and_cess),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
