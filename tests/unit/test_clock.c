/* test_clock.c - the one clock: UTC timestamps (with and without microseconds), calendar days in a
 * company's time zone (at 23:30 UTC it is already tomorrow in India), UTC, an unknown zone falling
 * back to Asia/Kolkata, a zone read from the system's zoneinfo (Europe/London across its changes to
 * and from summer time; tzdata comes with the PostgreSQL server the tests install), and the test
 * clock file (DAFTAR_TEST_CLOCK_FILE: "@T" pins, "N" moves). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/clock.h"

/* 2026-03-31T23:30:00Z: the last evening of a financial year in UTC, 05:00 on 1 April in India. */
#define T_2330 1774999800LL

static char clock_file[64];

static void day_is(const char *tz, int64_t t, const char *want)
{
	char got[DATE_ISO_SIZE];
	date_iso(clock_day(tz, t), got);
	if (strcmp(got, want) != 0)
		fail_msg("clock_day(\"%s\", %lld) = %s, want %s", tz ? tz : "(null)", (long long)t, got, want);
}

static void test_iso(void **state)
{
	char out[CLOCK_ISO_SIZE], us[CLOCK_ISO_US_SIZE];
	(void)state;
	clock_iso(0, out);
	assert_string_equal(out, "1970-01-01T00:00:00Z");
	clock_iso(1700000000, out);
	assert_string_equal(out, "2023-11-14T22:13:20Z");
	clock_iso(T_2330, out);
	assert_string_equal(out, "2026-03-31T23:30:00Z");
	clock_iso(-1, out);
	assert_string_equal(out, "1969-12-31T23:59:59Z");
	clock_iso(951782399, out);               /* the last second of 28 February 2000 */
	assert_string_equal(out, "2000-02-28T23:59:59Z");
	clock_iso(951782400, out);
	assert_string_equal(out, "2000-02-29T00:00:00Z");
	assert_int_equal(strlen(out), CLOCK_ISO_SIZE - 1);
	clock_iso_us(1700000000123456LL, us);
	assert_string_equal(us, "2023-11-14T22:13:20.123456Z");
	clock_iso_us(1700000000000001LL, us);
	assert_string_equal(us, "2023-11-14T22:13:20.000001Z");
	clock_iso_us(0, us);
	assert_string_equal(us, "1970-01-01T00:00:00.000000Z");
	clock_iso_us(-1, us);
	assert_string_equal(us, "1969-12-31T23:59:59.999999Z");
	assert_int_equal(strlen(us), CLOCK_ISO_US_SIZE - 1);
}

/* The pinned test the issue asks for: 23:30 UTC is already the next calendar day in India. */
static void test_india_is_ahead(void **state)
{
	(void)state;
	day_is("Asia/Kolkata", T_2330, "2026-04-01");
	day_is("UTC", T_2330, "2026-03-31");
	/* The day changes at 18:30 UTC. */
	day_is("Asia/Kolkata", 1774981799, "2026-03-31");  /* 18:29:59Z = 23:59:59 IST */
	day_is("Asia/Kolkata", 1774981800, "2026-04-01");  /* 18:30:00Z = 00:00:00 IST */
	day_is("UTC", 1774981800, "2026-03-31");
	assert_int_equal(clock_tz_offset("Asia/Kolkata", T_2330), 19800);
	assert_int_equal(clock_tz_offset("Asia/Calcutta", T_2330), 19800);
	assert_int_equal(clock_tz_offset("UTC", T_2330), 0);
	assert_int_equal(clock_tz_offset("Etc/UTC", T_2330), 0);
	/* And the financial year turns with the Indian day, not the UTC one. */
	assert_int_equal(date_fy(clock_day("Asia/Kolkata", T_2330)), 2026);
	assert_int_equal(date_fy(clock_day("UTC", T_2330)), 2025);
	/* Before the epoch too. */
	day_is("UTC", -1, "1969-12-31");
	day_is("Asia/Kolkata", -1, "1970-01-01");
}

static void test_unknown_zone(void **state)
{
	(void)state;
	assert_int_equal(clock_tz_ok("Asia/Kolkata"), 1);
	assert_int_equal(clock_tz_ok("UTC"), 1);
	assert_int_equal(clock_tz_ok("Mars/Olympus_Mons"), 0);
	assert_int_equal(clock_tz_ok(""), 0);
	assert_int_equal(clock_tz_ok(NULL), 0);
	/* Names that would reach outside the zoneinfo directory, or are not names at all. */
	assert_int_equal(clock_tz_ok("../../etc/passwd"), 0);
	assert_int_equal(clock_tz_ok("/etc/localtime"), 0);
	assert_int_equal(clock_tz_ok("Asia/Kolkata\n"), 0);
	assert_int_equal(clock_tz_ok("Asia Kolkata"), 0);
	assert_int_equal(clock_tz_ok("Europe/\"London"), 0);
	assert_int_equal(clock_tz_ok("zone.tab"), 0);
	assert_int_equal(clock_tz_ok("leapseconds"), 0);   /* a file there, but not a TZif zone */
	assert_int_equal(clock_tz_ok("Europe"), 0);        /* a directory */
	{
		char long_name[CLOCK_TZ_SIZE + 8];
		memset(long_name, 'A', sizeof long_name - 1);
		long_name[sizeof long_name - 1] = '\0';
		assert_int_equal(clock_tz_ok(long_name), 0);
	}
	/* An unknown zone counts as Asia/Kolkata, and so do none and "". */
	assert_int_equal(clock_tz_offset("Mars/Olympus_Mons", T_2330), 19800);
	assert_int_equal(clock_tz_offset("", T_2330), 19800);
	assert_int_equal(clock_tz_offset(NULL, T_2330), 19800);
	day_is("Mars/Olympus_Mons", T_2330, "2026-04-01");
	day_is(NULL, T_2330, "2026-04-01");
	day_is("", T_2330, "2026-04-01");
	/* Asking again gives the same answer (unknown names are not cached; known ones are). */
	assert_int_equal(clock_tz_ok("Mars/Olympus_Mons"), 0);
	assert_int_equal(clock_tz_ok("Asia/Kolkata"), 1);
}

static void test_zoneinfo_london(void **state)
{
	/* 2026: British Summer Time from 29 March 01:00 UTC to 25 October 01:00 UTC. */
	const int64_t bst_on = 1774746000, bst_off = 1792890000;
	(void)state;
	assert_int_equal(clock_tz_ok("Europe/London"), 1);
	assert_int_equal(clock_tz_offset("Europe/London", bst_on - 1), 0);
	assert_int_equal(clock_tz_offset("Europe/London", bst_on), 3600);
	assert_int_equal(clock_tz_offset("Europe/London", bst_off - 1), 3600);
	assert_int_equal(clock_tz_offset("Europe/London", bst_off), 0);
	/* 23:30 UTC is tomorrow in London only in summer. */
	day_is("Europe/London", 1782862200, "2026-07-01");   /* 2026-06-30T23:30Z */
	day_is("Europe/London", 1768519800, "2026-01-15");   /* 2026-01-15T23:30Z */
	/* The night the clocks go forward: 00:30 UTC is 00:30 GMT, 01:30 UTC is 02:30 BST. */
	day_is("Europe/London", bst_on - 1800, "2026-03-29");
	/* Another zone, west of UTC: New York is still yesterday at 02:00 UTC. */
	assert_int_equal(clock_tz_ok("America/New_York"), 1);
	day_is("America/New_York", T_2330 + 2 * 3600 + 1800, "2026-03-31");   /* 2026-04-01T02:00Z */
	assert_int_equal(clock_tz_offset("America/New_York", T_2330), -4 * 3600);
}

/* Writes the test clock file atomically, as tests/api/lib.mjs does. */
static void set_clock_file(const char *content)
{
	char tmp[80];
	FILE *f;
	snprintf(tmp, sizeof tmp, "%s.tmp", clock_file);
	f = fopen(tmp, "w");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
	assert_int_equal(rename(tmp, clock_file), 0);
}

static int64_t real_now(void) { return (int64_t)time(NULL); }

static void test_clock_file(void **state)
{
	char today[DATE_ISO_SIZE], iso[CLOCK_ISO_SIZE];
	int64_t t0, us;
	(void)state;
	/* No file yet: the system clock. */
	unlink(clock_file);
	t0 = real_now();
	assert_true(clock_now() >= t0 && clock_now() <= real_now() + 1);
	/* "@T" pins the clock at T. */
	set_clock_file("@1774999800\n");
	assert_int_equal(clock_now(), T_2330);
	clock_now_iso(iso);
	assert_string_equal(iso, "2026-03-31T23:30:00Z");
	us = clock_now_us();
	assert_true(us >= T_2330 * 1000000 && us < (T_2330 + 1) * 1000000);
	clock_today("Asia/Kolkata", today);
	assert_string_equal(today, "2026-04-01");
	clock_today("UTC", today);
	assert_string_equal(today, "2026-03-31");
	clock_today(NULL, today);
	assert_string_equal(today, "2026-04-01");
	/* "N" moves the system clock by N seconds, either way; the file is read at every call. */
	set_clock_file("3600");
	t0 = real_now();
	assert_true(clock_now() >= t0 + 3600 && clock_now() <= real_now() + 3601);
	us = clock_now_us();
	assert_true(us / 1000000 >= t0 + 3600 && us / 1000000 <= real_now() + 3601);
	set_clock_file("-86400\n");
	t0 = real_now();
	assert_true(clock_now() >= t0 - 86400 && clock_now() <= real_now() - 86399);
	set_clock_file("@0");
	assert_int_equal(clock_now(), 0);
	/* Anything else is ignored: the system clock. */
	for (const char *bad = "abc\0@-5\0@\0 12\0@1e9\0" "99999999999999999999\0"; *bad; bad += strlen(bad) + 1) {
		set_clock_file(bad);
		t0 = real_now();
		if (clock_now() < t0 || clock_now() > real_now() + 1)
			fail_msg("clock file \"%s\" moved the clock to %lld", bad, (long long)clock_now());
	}
	set_clock_file("");
	t0 = real_now();
	assert_true(clock_now() >= t0 && clock_now() <= real_now() + 1);
	unlink(clock_file);
	t0 = real_now();
	assert_true(clock_now() >= t0 && clock_now() <= real_now() + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iso),
		cmocka_unit_test(test_india_is_ahead),
		cmocka_unit_test(test_unknown_zone),
		cmocka_unit_test(test_zoneinfo_london),
		cmocka_unit_test(test_clock_file),
	};
	int rc;

	/* The clock reads the variable once per process: set it before the first clock_now(). */
	snprintf(clock_file, sizeof clock_file, "/tmp/daftar-clock-%ld", (long)getpid());
	unlink(clock_file);
	setenv("DAFTAR_TEST_CLOCK_FILE", clock_file, 1);
	rc = cmocka_run_group_tests_name("clock", tests, NULL, NULL);
	unlink(clock_file);
	return rc;
}
