/* test_india.c - GSTIN check characters (verified against an independent implementation of the
 * mod-36 algorithm), PAN shape and holder types, GST state codes and phone normalisation; the
 * reasons a GSTIN is refused with (india_gstin_refuse) and err_setr keeping the first refusal's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lib/err.h"
#include "lib/india.h"

static void gstin_ok(const char *g)
{
	char why[128] = "";
	if (india_gstin_check(g, why, sizeof why) != 0)
		fail_msg("%s refused: %s", g, why);
}

/* Asserts g is refused and the reason mentions `about`. */
static void gstin_bad(const char *g, const char *about)
{
	char why[128] = "";
	if (india_gstin_check(g, why, sizeof why) != -1)
		fail_msg("%s accepted", g ? g : "(null)");
	if (!strstr(why, about))
		fail_msg("%s: reason \"%s\" does not mention \"%s\"", g ? g : "(null)", why, about);
}

static void test_gstin_known_valid(void **state)
{
	/* Check characters cross-checked with a separate implementation of the algorithm. */
	static const char *const valid[] = {
		"27AAPFU0939F1ZV", "29AAGCB7383J1Z4", "24AAACC1206D1ZM", "09AAACH7409R1ZZ",
		"01AAAPA1234A1Z7", "38AAAPA1234A1ZQ", "97AAAPA1234A1ZM", "99AAAAA0000A1ZR",
	};
	(void)state;
	for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
		gstin_ok(valid[i]);
		assert_int_equal(india_gstin_check_char(valid[i]), valid[i][14]);
	}
}

static void test_gstin_check_char(void **state)
{
	char g[16];
	char why[128];
	(void)state;
	assert_int_equal(india_gstin_check_char("27AAPFU0939F1Z"), 'V');
	assert_int_equal(india_gstin_check_char("29AAGCB7383J1Z"), '4');
	/* A character outside 0-9A-Z gives 0. */
	assert_int_equal(india_gstin_check_char("27aapfu0939F1Z"), 0);
	assert_int_equal(india_gstin_check_char("27AAPFU0939F1 "), 0);
	assert_int_equal(india_gstin_check_char("27AAPFU0939F1-"), 0);

	/* Each possible entity code 1-9, A-Z: the computed check char makes a valid GSTIN, and
	 * every other check char is refused. */
	memcpy(g, "27AAPFU0939F1ZV", 16);
	for (const char *ent = "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"; *ent; ent++) {
		char right;
		g[12] = *ent;
		right = india_gstin_check_char(g);
		assert_true((right >= '0' && right <= '9') || (right >= 'A' && right <= 'Z'));
		for (const char *c = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"; *c; c++) {
			g[14] = *c;
			assert_int_equal(india_gstin_check(g, why, sizeof why), *c == right ? 0 : -1);
		}
	}
	/* Luhn mod 36 catches every single-character substitution in the first 14 characters. */
	for (int i = 0; i < 14; i++) {
		for (const char *c = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"; *c; c++) {
			memcpy(g, "27AAPFU0939F1ZV", 16);
			if (g[i] == *c)
				continue;
			g[i] = *c;
			assert_int_not_equal(india_gstin_check_char(g), 'V');
		}
	}
}

static void test_gstin_refusals(void **state)
{
	(void)state;
	gstin_bad("27AAPFU0939F1ZW", "check character");
	gstin_bad("27AAPFU0939F1Z0", "expected V");
	gstin_bad("29AAGCB7383J1Z5", "check character");
	/* Transposed digits in the PAN part. */
	gstin_bad("27AAPFU9039F1ZV", "check character");
	gstin_bad("00AAPFU0939F1ZV", "state code 00");
	gstin_bad("39AAPFU0939F1ZV", "state code 39");
	gstin_bad("98AAPFU0939F1ZV", "state code");
	gstin_bad("27aapfu0939f1zv", "capital letter");
	gstin_bad("27AAPFU0939F1Zv", "character 15");
	gstin_bad("", "15 characters");
	gstin_bad(NULL, "15 characters");
	gstin_bad("27AAPFU0939F1Z", "15 characters");
	gstin_bad("27AAPFU0939F1ZVV", "15 characters");
	gstin_bad("27AAPFU0939F1Z V", "15 characters");
	gstin_bad("27AAPFU 939F1ZV", "character 8");
	gstin_bad("27AAPFU०939F1ZV", "15 characters");   /* a Devanagari digit is 3 bytes */
	/* PAN part wrong: a digit where a letter belongs, an unknown holder type, a letter in the digits. */
	gstin_bad("271APFU0939F1ZV", "PAN");
	gstin_bad("27AAPXU0939F1ZV", "PAN");
	gstin_bad("27AAPFU0A39F1ZV", "PAN");
	gstin_bad("27AAPFU093911ZV", "PAN");
	gstin_bad("27AAPFU0939F0ZV", "entity number");
	gstin_bad("27AAPFU0939F119", "character 14");
}

static void test_gstin_special_registration_letter(void **state)
{
	/* Position 14 is usually Z but may be another letter; the check char must still be right. */
	char g[16] = "27AAPFU0939F1Y?";
	char why[128];
	(void)state;
	g[14] = india_gstin_check_char(g);
	assert_int_equal(india_gstin_check(g, why, sizeof why), 0);
}

static void test_gstin_short_why_buffer(void **state)
{
	char why[8];
	(void)state;
	assert_int_equal(india_gstin_check("00AAPFU0939F1ZV", why, sizeof why), -1);
	assert_int_equal(strlen(why), sizeof why - 1);
}

static void test_pan(void **state)
{
	(void)state;
	assert_int_equal(india_pan_check("AAPFU0939F"), 0);
	assert_int_equal(india_pan_check("AAGCB7383J"), 0);
	for (const char *t = "ABCFGHLJPTK"; *t; t++) {
		char pan[11] = "AAAPA1234A";
		pan[3] = *t;
		assert_int_equal(india_pan_check(pan), 0);
	}
	for (const char *t = "DEIMNOQRSUVWXYZ"; *t; t++) {
		char pan[11] = "AAAPA1234A";
		pan[3] = *t;
		assert_int_equal(india_pan_check(pan), -1);
	}
	assert_int_equal(india_pan_check(NULL), -1);
	assert_int_equal(india_pan_check(""), -1);
	assert_int_equal(india_pan_check("AAPFU0939"), -1);
	assert_int_equal(india_pan_check("AAPFU0939FF"), -1);
	assert_int_equal(india_pan_check("aapfu0939f"), -1);
	assert_int_equal(india_pan_check("AAPFU0939f"), -1);
	assert_int_equal(india_pan_check("1APFU0939F"), -1);
	assert_int_equal(india_pan_check("AAPFUO939F"), -1);  /* letter O for zero */
	assert_int_equal(india_pan_check("AAPFU09391"), -1);
	assert_int_equal(india_pan_check("AAPF 0939F"), -1);
}

static void test_state_name(void **state)
{
	(void)state;
	assert_string_equal(india_state_name("27"), "Maharashtra");
	assert_string_equal(india_state_name("29"), "Karnataka");
	assert_string_equal(india_state_name("07"), "Delhi");
	assert_string_equal(india_state_name("01"), "Jammu and Kashmir");
	assert_string_equal(india_state_name("38"), "Ladakh");
	assert_string_equal(india_state_name("97"), "Other Territory");
	assert_string_equal(india_state_name("99"), "Centre Jurisdiction");
	assert_null(india_state_name("00"));
	assert_null(india_state_name("39"));
	assert_null(india_state_name("98"));
	assert_null(india_state_name("7"));
	assert_null(india_state_name("027"));
	assert_null(india_state_name(""));
	assert_null(india_state_name(NULL));
	assert_null(india_state_name("2A"));
	/* Every code 01..38 is known. */
	for (int i = 1; i <= 38; i++) {
		char c[3] = {(char)('0' + i / 10), (char)('0' + i % 10), 0};
		assert_non_null(india_state_name(c));
	}
}

static void phone_is(const char *in, const char *want)
{
	char out[20];
	memset(out, 'x', sizeof out);
	if (india_phone_normalise(in, out, sizeof out) != 0)
		fail_msg("phone \"%s\" refused", in);
	if (strcmp(out, want) != 0)
		fail_msg("phone \"%s\" -> \"%s\", want \"%s\"", in, out, want);
}

static void phone_bad(const char *in)
{
	char out[20];
	if (india_phone_normalise(in, out, sizeof out) != -1)
		fail_msg("phone \"%s\" accepted", in);
}

static void test_phone(void **state)
{
	char out[11];
	(void)state;
	phone_is("+91 98200 12345", "9820012345");
	phone_is("9820012345", "9820012345");
	phone_is("09820012345", "9820012345");
	phone_is("919820012345", "9820012345");
	phone_is("+919820012345", "9820012345");
	phone_is("  +91-98200-12345", "9820012345");
	phone_is("(022) 2345 6789", "2223456789");
	phone_is("98200.12345", "9820012345");
	phone_is("+1 415 555 0100", "+14155550100");
	phone_is("+44 20 7946 0958", "+442079460958");
	phone_is("123456789012345", "123456789012345");
	/* Ten digits are taken as they are, even with a leading 0 (only 11 digits lose it). */
	phone_is("0982001234", "0982001234");
	/* With a '+', an eleven-digit number keeps its 0: it is not the trunk prefix. */
	phone_is("+09820012345", "+09820012345");

	phone_bad("");
	phone_bad("   ");
	phone_bad("+91");
	phone_bad("98200 1234");        /* nine digits */
	phone_bad("1234567890123456");  /* sixteen */
	phone_bad("12345678901234567890123456789012345");  /* longer than the scratch space */
	phone_bad("98200abcde");
	phone_bad("9820O12345");
	phone_bad("98200/12345");
	phone_bad("+91 98200 12345 ext 2");
	phone_bad("९८२००१२३४५");       /* Devanagari digits */

	/* Output room: ten digits need 11 bytes. */
	assert_int_equal(india_phone_normalise("9820012345", out, sizeof out), 0);
	assert_string_equal(out, "9820012345");
	assert_int_equal(india_phone_normalise("9820012345", out, 10), -1);
	assert_int_equal(india_phone_normalise("+14155550100", out, sizeof out), -1);
}

/* india_gstin_refuse: each fault as the reason a client says it from, with its figure; the field
 * named; the first fault in reading order; nothing recorded for a good GSTIN. */
static void test_gstin_refuse_reasons(void **state)
{
	static const struct {
		const char *g, *reason, *key, *figure;
	} cases[] = {
		{"27AAPFU0939F1Z", "gstin_length", NULL, NULL},
		{"27AAPFU0939F1ZVX", "gstin_length", NULL, NULL},
		{"27AAPFu0939F1ZV", "gstin_char", "position", "7"},
		{"27-APFU0939F1ZV", "gstin_char", "position", "3"},
		{"00AAPFU0939F1ZV", "gstin_state_code", "state", "00"},
		{"27AAPXU0939F1ZV", "gstin_pan", NULL, NULL},
		{"27AAPFU0939F0ZV", "gstin_entity", NULL, NULL},
		{"27AAPFU0939F155", "gstin_letter14", NULL, NULL},
		{"27AAPFU0939F1ZA", "gstin_check", "expected", "V"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct err e = ERR_INIT;
		char fig[80] = "";
		if (india_gstin_refuse(cases[i].g, "gstin", &e) != ERR_INVALID)
			fail_msg("%s accepted", cases[i].g);
		assert_string_equal(e.field, "gstin");
		if (strcmp(e.reason, cases[i].reason) != 0)
			fail_msg("%s: reason %s, want %s (%s)", cases[i].g, e.reason, cases[i].reason, e.msg);
		assert_int_equal(e.ndetails, cases[i].key ? 1 : 0);
		if (!cases[i].key)
			continue;
		assert_string_equal(e.detail[0].key, cases[i].key);
		if (e.detail[0].type == ERR_DETAIL_INT)
			snprintf(fig, sizeof fig, "%lld", (long long)e.detail[0].v);
		else
			snprintf(fig, sizeof fig, "%s", e.detail[0].text);
		assert_string_equal(fig, cases[i].figure);
	}
	{
		struct err e = ERR_INIT;
		assert_int_equal(india_gstin_refuse("27AAPFU0939F1ZV", "gstin", &e), 0);
		assert_int_equal(e.code, 0);
		assert_string_equal(e.reason, "");
	}
}

/* err_setr names the reason of the error it records, and only of that one: a second refusal
 * after the first keeps the first's message and reason. */
static void test_err_setr_first_kept(void **state)
{
	struct err e = ERR_INIT;
	(void)state;
	assert_int_equal(err_set(&e, ERR_INVALID, "a", "first, no reason"), ERR_INVALID);
	assert_int_equal(err_setr(&e, ERR_UNPROCESSABLE, "b", "second", "second %d", 2), ERR_UNPROCESSABLE);
	assert_string_equal(e.field, "a");
	assert_string_equal(e.msg, "first, no reason");
	assert_string_equal(e.reason, "");
	err_clear(&e);
	assert_int_equal(err_setr(&e, ERR_INVALID, "gstin", "gstin_check", "GSTIN %s", "x"), ERR_INVALID);
	assert_int_equal(err_setr(&e, ERR_INVALID, "pan", "pan_pattern", "later"), ERR_INVALID);
	assert_string_equal(e.reason, "gstin_check");
	assert_string_equal(e.field, "gstin");
	assert_string_equal(e.msg, "GSTIN x");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gstin_known_valid),
		cmocka_unit_test(test_gstin_check_char),
		cmocka_unit_test(test_gstin_refusals),
		cmocka_unit_test(test_gstin_special_registration_letter),
		cmocka_unit_test(test_gstin_short_why_buffer),
		cmocka_unit_test(test_gstin_refuse_reasons),
		cmocka_unit_test(test_err_setr_first_kept),
		cmocka_unit_test(test_pan),
		cmocka_unit_test(test_state_name),
		cmocka_unit_test(test_phone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
