/* test_date.c - the one date parser in each of its forms and what it refuses (impossible days,
 * years out of range, the loose forms where they are not asked for, trailing junk), date_scan's
 * lengths, day numbers both ways over every day of 1900-2999, the financial year's edges
 * (31 March / 1 April), and day arithmetic on ISO text across months, years and leap days. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/date.h"

/* date_parse of the whole of s in `forms` gives y-m-d. */
static void parses(const char *s, unsigned forms, int y, int m, int d)
{
	struct date got = {0, 0, 0};
	if (date_parse(s, strlen(s), forms, &got) != 0)
		fail_msg("date_parse(\"%s\", %u) refused it", s, forms);
	if (got.year != y || got.month != m || got.day != d)
		fail_msg("date_parse(\"%s\") = %d-%d-%d, want %d-%d-%d", s, got.year, got.month, got.day, y, m, d);
}

/* date_parse refuses s in `forms` and leaves *ret as it was. */
static void refuses(const char *s, unsigned forms)
{
	struct date got = {7, 7, 7};
	if (date_parse(s, s ? strlen(s) : 0, forms, &got) != -1)
		fail_msg("date_parse(\"%s\", %u) accepted it", s ? s : "(null)", forms);
	if (got.year != 7 || got.month != 7 || got.day != 7)
		fail_msg("date_parse(\"%s\") wrote its result on a refusal", s);
}

static void test_iso(void **state)
{
	(void)state;
	parses("2026-04-01", DATE_ISO, 2026, 4, 1);
	parses("2024-02-29", DATE_ISO, 2024, 2, 29);   /* a leap year */
	parses("2000-02-29", DATE_ISO, 2000, 2, 29);   /* divisible by 400 */
	parses("1900-01-01", DATE_ISO, 1900, 1, 1);    /* the first day there is */
	parses("2999-12-31", DATE_ISO, 2999, 12, 31);  /* the last */
	parses("2025-12-31", DATE_ANY, 2025, 12, 31);
	refuses("2026-02-29", DATE_ISO);               /* 2026 is not a leap year */
	refuses("1900-02-29", DATE_ISO);               /* nor is 1900 (divisible by 100) */
	refuses("2026-02-30", DATE_ANY);
	refuses("2026-04-31", DATE_ANY);
	refuses("2026-13-01", DATE_ANY);
	refuses("2026-00-10", DATE_ANY);
	refuses("2026-01-00", DATE_ANY);
	refuses("1899-12-31", DATE_ANY);               /* years out of range */
	refuses("3000-01-01", DATE_ANY);
	refuses("0000-01-01", DATE_ANY);
	refuses("9999-12-31", DATE_ANY);
	/* The loose year-first form only when asked for. */
	refuses("2024-1-1", DATE_ISO);
	refuses("2024-1-1", DATE_ISO | DATE_DMY);
	refuses("2024/01/01", DATE_ISO);
	refuses("2024.01.01", DATE_ISO);
}

static void test_ymd(void **state)
{
	(void)state;
	parses("2024-1-1", DATE_YMD, 2024, 1, 1);
	parses("2024/1/5", DATE_YMD, 2024, 1, 5);
	parses("2024.12.31", DATE_YMD, 2024, 12, 31);
	parses("2024/02/29", DATE_YMD, 2024, 2, 29);
	parses("2024-01-01", DATE_YMD, 2024, 1, 1);    /* two digits are fine too */
	refuses("2024/1-5", DATE_YMD);                 /* one separator throughout */
	refuses("2024-1/5", DATE_ANY);
	refuses("2024/123/1", DATE_YMD);
	refuses("2024/1/123", DATE_YMD);
	refuses("2024//1", DATE_YMD);
	refuses("2023/2/29", DATE_YMD);
	refuses("24/1/1", DATE_YMD);
}

static void test_dmy(void **state)
{
	(void)state;
	parses("29/02/2024", DATE_DMY, 2024, 2, 29);
	parses("01-04-2026", DATE_DMY, 2026, 4, 1);
	parses("31.03.2025", DATE_DMY, 2025, 3, 31);
	parses("31/12/2999", DATE_ANY, 2999, 12, 31);
	refuses("29/02/2026", DATE_DMY);
	refuses("31/04/2026", DATE_DMY);
	refuses("1/4/2026", DATE_DMY);                 /* two-digit day and month */
	refuses("01/4/2026", DATE_DMY);
	refuses("01-04/2026", DATE_DMY);               /* mixed separators */
	refuses("01/04/26", DATE_DMY);
	refuses("01/04/1899", DATE_DMY);
	refuses("01/04/3000", DATE_DMY);
	refuses("13/13/2026", DATE_DMY);
	refuses("01/04/2026", DATE_ISO | DATE_YMD);    /* not asked for */
}

/* The banks' forms: two-digit years and month names. */
static void test_bank_forms(void **state)
{
	struct date d = {0, 0, 0};
	(void)state;
	parses("05/04/26", DATE_DMY_YY, 2026, 4, 5);
	parses("31-03-70", DATE_DMY_YY, 1970, 3, 31);  /* the pivot: 70..99 are 19xx */
	parses("31.12.69", DATE_DMY_YY, 2069, 12, 31);
	parses("29/02/24", DATE_DMY_YY, 2024, 2, 29);
	refuses("29/02/25", DATE_DMY_YY);
	refuses("05/04/2026", DATE_DMY_YY);            /* a four-digit year is DATE_DMY's */
	parses("05/04/2026", DATE_DMY | DATE_DMY_YY, 2026, 4, 5);
	refuses("5/4/26", DATE_DMY_YY);
	refuses("05/04-26", DATE_DMY_YY);
	refuses("05/04/26", DATE_DMY);                 /* not asked for */
	parses("05-Apr-2026", DATE_DMON, 2026, 4, 5);
	parses("5 Apr 2026", DATE_DMON, 2026, 4, 5);
	parses("05 APR 26", DATE_DMON, 2026, 4, 5);
	parses("1-jan-1999", DATE_DMON, 1999, 1, 1);
	parses("30/Sept/2025", DATE_DMON, 2025, 9, 30);
	parses("30 September 2025", DATE_DMON, 2025, 9, 30);
	parses("31.Dec.25", DATE_DMON, 2025, 12, 31);
	parses("29-Feb-2024", DATE_ANY, 2024, 2, 29);
	refuses("29-Feb-2025", DATE_DMON);
	refuses("31-Apr-2026", DATE_DMON);
	refuses("05-Apr 2026", DATE_DMON);             /* one separator */
	refuses("05Apr2026", DATE_DMON);
	refuses("05-Ap-2026", DATE_DMON);
	refuses("05-Aprl-2026", DATE_DMON);
	refuses("05-Marc-2026", DATE_DMON);
	refuses("05-Sep-202", DATE_DMON);
	refuses("05-Sep-20266", DATE_DMON);
	refuses("005-Sep-2026", DATE_DMON);
	refuses("05-Apr-2026 ", DATE_DMON);
	refuses("05-अप्रैल-2026", DATE_DMON);
	refuses("05-Apr-2026", DATE_ISO | DATE_YMD | DATE_DMY | DATE_DMY_YY);
	/* date_scan stops where the date does. */
	assert_int_equal(date_scan("5 Apr 2026 UPI", 14, DATE_DMON, &d), 10);
	assert_int_equal(date_scan("05/04/26,x", 10, DATE_DMY_YY, &d), 8);
	assert_int_equal(d.year, 2026);
}

static void test_junk(void **state)
{
	struct date d = {0, 0, 0};
	(void)state;
	refuses(NULL, DATE_ANY);
	refuses("", DATE_ANY);
	refuses("2024-01-01x", DATE_ANY);              /* trailing junk */
	refuses("2024-01-01 ", DATE_ANY);
	refuses("2024-01-011", DATE_ANY);
	refuses(" 2024-01-01", DATE_ANY);              /* leading */
	refuses("01/04/2026.", DATE_ANY);
	refuses("2024/1/1/", DATE_ANY);
	refuses("+024-01-01", DATE_ANY);
	refuses("२०२४-०१-०१", DATE_ANY);               /* Devanagari digits are not digits here */
	refuses("2024-01", DATE_ANY);
	refuses("2024", DATE_ANY);
	refuses("today", DATE_ANY);
	refuses("2024-01-01", 0);                      /* no form allowed */
	/* Only the first n bytes count: the rest of a buffer is not read. */
	assert_int_equal(date_parse("2024-01-01xyz", 10, DATE_ISO, &d), 0);
	assert_int_equal(d.day, 1);
	assert_int_equal(date_parse("2024-01-01", 9, DATE_ANY, &d), -1);
	assert_int_equal(date_parse("2024-01-01", 0, DATE_ANY, &d), -1);
	assert_int_equal(date_iso_ok("2024-02-29"), 1);
	assert_int_equal(date_iso_ok("2024-2-29"), 0);
	assert_int_equal(date_iso_ok(""), 0);
	assert_int_equal(date_iso_ok(NULL), 0);
}

static void test_scan(void **state)
{
	struct date d = {0, 0, 0};
	(void)state;
	assert_int_equal(date_scan("2024-01-01 rest", 15, DATE_ISO, &d), 10);
	assert_int_equal(d.year * 10000 + d.month * 100 + d.day, 20240101);
	assert_int_equal(date_scan("2024-01-01,", 11, DATE_ANY, &d), 10);
	assert_int_equal(date_scan("2024/1/5;x", 10, DATE_YMD, &d), 8);
	assert_int_equal(d.month * 100 + d.day, 105);
	assert_int_equal(date_scan("2024-1-15 ", 10, DATE_YMD, &d), 9);
	assert_int_equal(date_scan("2024-12-5|", 10, DATE_YMD, &d), 9);
	assert_int_equal(date_scan("05/01/2024,1500.00", 18, DATE_DMY, &d), 10);
	assert_int_equal(d.year * 10000 + d.month * 100 + d.day, 20240105);
	/* Nothing there. */
	assert_int_equal(date_scan("2024-1-5", 8, DATE_ISO, &d), 0);
	assert_int_equal(date_scan("2024-01-011", 11, DATE_ANY, &d), 0);   /* a digit runs on */
	assert_int_equal(date_scan("2024/1/123", 10, DATE_YMD, &d), 0);
	assert_int_equal(date_scan("x2024-01-01", 11, DATE_ANY, &d), 0);
	assert_int_equal(date_scan("2024-02-30", 10, DATE_ANY, &d), 0);
	assert_int_equal(date_scan("2024-01", 7, DATE_ANY, &d), 0);
	assert_int_equal(date_scan("2024-01-01", 9, DATE_ANY, &d), 0);     /* cut by n */
	assert_int_equal(date_scan("", 0, DATE_ANY, &d), 0);
	assert_int_equal(date_scan(NULL, 10, DATE_ANY, &d), 0);
}

static void test_days_round_trip(void **state)
{
	struct date first = {1900, 1, 1}, last = {2999, 12, 31}, prev = {0, 0, 0};
	int64_t a = date_days(first), b = date_days(last), n = 0;
	(void)state;
	assert_int_equal(date_days((struct date){1970, 1, 1}), 0);
	assert_int_equal(a, -25567);
	assert_int_equal(b, 376199);
	assert_int_equal(date_days((struct date){2000, 3, 1}), 11017);
	assert_int_equal(date_days((struct date){2024, 2, 29}), 19782);
	assert_int_equal(date_days((struct date){2026, 4, 1}), 20544);
	/* Every day of the range: a real day, back to its number, one after the day before. */
	for (int64_t z = a; z <= b; z++, n++) {
		struct date d = date_from_days(z);
		if (!date_valid(d.year, d.month, d.day) || date_days(d) != z)
			fail_msg("day %lld -> %d-%d-%d -> %lld", (long long)z, d.year, d.month, d.day, (long long)date_days(d));
		if (z > a) {
			int next_day = prev.day < date_month_days(prev.year, prev.month);
			struct date want = next_day ? (struct date){prev.year, prev.month, prev.day + 1}
					   : prev.month < 12 ? (struct date){prev.year, prev.month + 1, 1}
							     : (struct date){prev.year + 1, 1, 1};
			if (date_cmp(d, want) != 0)
				fail_msg("after %d-%d-%d came %d-%d-%d", prev.year, prev.month, prev.day, d.year, d.month, d.day);
		}
		prev = d;
	}
	assert_int_equal(n, 401767);
	assert_int_equal(date_cmp(prev, last), 0);
	/* Arithmetic may step just outside what a parsed date may carry. */
	{
		struct date before = date_from_days(a - 1), after = date_from_days(b + 1);
		assert_int_equal(before.year * 10000 + before.month * 100 + before.day, 18991231);
		assert_int_equal(after.year * 10000 + after.month * 100 + after.day, 30000101);
	}
}

static void test_calendar(void **state)
{
	(void)state;
	assert_int_equal(date_month_days(2024, 2), 29);
	assert_int_equal(date_month_days(2026, 2), 28);
	assert_int_equal(date_month_days(1900, 2), 28);
	assert_int_equal(date_month_days(2000, 2), 29);
	assert_int_equal(date_month_days(2026, 4), 30);
	assert_int_equal(date_month_days(2026, 12), 31);
	assert_int_equal(date_month_days(2026, 0), 0);
	assert_int_equal(date_month_days(2026, 13), 0);
	assert_true(date_cmp((struct date){2026, 3, 31}, (struct date){2026, 4, 1}) < 0);
	assert_true(date_cmp((struct date){2026, 4, 1}, (struct date){2025, 12, 31}) > 0);
	assert_int_equal(date_cmp((struct date){2026, 4, 1}, (struct date){2026, 4, 1}), 0);
	assert_int_equal(date_valid(2026, 4, 1), 1);
	assert_int_equal(date_valid(1899, 12, 31), 0);
	assert_int_equal(date_valid(3000, 1, 1), 0);
}

static void test_financial_year(void **state)
{
	char out[DATE_ISO_SIZE];
	struct date s, e;
	(void)state;
	/* 31 March is the last day of the year that began the April before; 1 April begins the next. */
	assert_int_equal(date_fy((struct date){2026, 3, 31}), 2025);
	assert_int_equal(date_fy((struct date){2026, 4, 1}), 2026);
	assert_int_equal(date_fy((struct date){2026, 1, 1}), 2025);
	assert_int_equal(date_fy((struct date){2026, 12, 31}), 2026);
	assert_int_equal(date_iso_fy("2026-03-31"), 2025);
	assert_int_equal(date_iso_fy("2026-04-01"), 2026);
	assert_int_equal(date_iso_fy("1900-01-01"), 1899);
	assert_int_equal(date_iso_fy("2026-3-31"), -1);
	assert_int_equal(date_iso_fy(NULL), -1);
	s = date_fy_start(2025);
	e = date_fy_end(2025);
	assert_int_equal(s.year * 10000 + s.month * 100 + s.day, 20250401);
	assert_int_equal(e.year * 10000 + e.month * 100 + e.day, 20260331);
	assert_int_equal(date_iso_fy_start("2026-03-31", out), 0);
	assert_string_equal(out, "2025-04-01");
	assert_int_equal(date_iso_fy_start("2026-04-01", out), 0);
	assert_string_equal(out, "2026-04-01");
	assert_int_equal(date_iso_fy_start("2024-02-29", out), 0);
	assert_string_equal(out, "2023-04-01");
	assert_int_equal(date_iso_fy_start("2026-02-29", out), -1);
	assert_string_equal(out, "");
	/* The year's last day and the next year's first are one day apart. */
	assert_int_equal(date_iso_diff("2026-03-31", "2026-04-01"), 1);
	assert_int_equal(date_iso_diff("2025-04-01", "2026-03-31"), 364);
	assert_int_equal(date_iso_diff("2023-04-01", "2024-03-31"), 365);  /* holds 29 February */
}

/* date_iso_add(iso, n) writes want. */
static void adds(const char *iso, int64_t n, const char *want)
{
	char out[DATE_ISO_SIZE] = "junk";
	if (date_iso_add(iso, n, out) != 0 || strcmp(out, want) != 0)
		fail_msg("date_iso_add(\"%s\", %lld) = \"%s\", want \"%s\"", iso, (long long)n, out, want);
}

static void test_iso_add(void **state)
{
	char out[DATE_ISO_SIZE] = "junk";
	(void)state;
	adds("2026-04-01", 0, "2026-04-01");
	adds("2026-01-31", 1, "2026-02-01");           /* across a month */
	adds("2026-02-01", -1, "2026-01-31");
	adds("2026-04-30", 1, "2026-05-01");
	adds("2025-12-31", 1, "2026-01-01");           /* across a year */
	adds("2026-01-01", -1, "2025-12-31");
	adds("2024-02-28", 1, "2024-02-29");           /* leap days */
	adds("2024-02-29", 1, "2024-03-01");
	adds("2024-03-01", -1, "2024-02-29");
	adds("2026-02-28", 1, "2026-03-01");
	adds("2100-02-28", 1, "2100-03-01");           /* 2100 is not a leap year */
	adds("2000-02-28", 1, "2000-02-29");           /* 2000 is */
	adds("2024-01-01", 366, "2025-01-01");
	adds("2025-01-01", -366, "2024-01-01");
	adds("2026-03-31", 1, "2026-04-01");           /* into the next financial year */
	adds("2026-04-01", 364, "2027-03-31");
	adds("1900-01-01", -1, "1899-12-31");
	adds("2999-12-31", 1, "3000-01-01");
	adds("2026-04-01", -20544, "1970-01-01");
	/* Refused: not a real ISO day, or a result with no four-digit year. */
	assert_int_equal(date_iso_add("2026-02-29", 1, out), -1);
	assert_string_equal(out, "");
	assert_int_equal(date_iso_add("2026-4-1", 1, out), -1);
	assert_int_equal(date_iso_add(NULL, 1, out), -1);
	assert_int_equal(date_iso_add("1900-01-01", -1000000, out), -1);
	assert_string_equal(out, "");
	assert_int_equal(date_iso_add("1900-01-01", INT64_MIN, out), -1);
	assert_int_equal(date_iso_add("2999-12-31", INT64_MAX, out), 0);     /* a million days on */
	assert_string_equal(out, "5737-11-27");
	assert_int_equal(date_iso_diff("2026-04-01", "2026-02-29"), 0);   /* refused: 0 */
	assert_int_equal(date_iso_diff("2026-03-01", "2026-02-01"), -28);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iso),
		cmocka_unit_test(test_ymd),
		cmocka_unit_test(test_dmy),
		cmocka_unit_test(test_bank_forms),
		cmocka_unit_test(test_junk),
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_days_round_trip),
		cmocka_unit_test(test_calendar),
		cmocka_unit_test(test_financial_year),
		cmocka_unit_test(test_iso_add),
	};
	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
