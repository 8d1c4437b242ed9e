/* test_text.c - UTF-8 validation (overlongs, surrogates, the U+10FFFF ceiling, truncation), code
 * point counting, checked integer parsing at the int64 limits, and bounded copies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/text.h"

#define BAD_AT(lit, off) assert_int_equal(text_utf8_invalid_at(lit, sizeof(lit) - 1), (off))
#define VALID(lit) assert_int_equal(text_utf8_invalid_at(lit, sizeof(lit) - 1), -1)

static void test_utf8_valid(void **state)
{
	(void)state;
	VALID("");
	VALID("hello, world ~\x7f");
	VALID("\x01\t\n");
	VALID("नमस्ते");
	VALID("₹1,23,456.00 का भुगतान");
	VALID("\xF0\x9F\x99\x8F");          /* U+1F64F folded hands, 4 bytes */
	VALID("\xC2\x80");                  /* U+0080, smallest 2-byte */
	VALID("\xDF\xBF");                  /* U+07FF */
	VALID("\xE0\xA0\x80");              /* U+0800, smallest 3-byte */
	VALID("\xED\x9F\xBF");              /* U+D7FF, just below the surrogates */
	VALID("\xEE\x80\x80");              /* U+E000, just above them */
	VALID("\xEF\xBF\xBF");              /* U+FFFF */
	VALID("\xF0\x90\x80\x80");          /* U+10000, smallest 4-byte */
	VALID("\xF4\x8F\xBF\xBF");          /* U+10FFFF, the last code point */
	/* An embedded NUL is a valid code point; the length decides. */
	assert_int_equal(text_utf8_invalid_at("a\0b", 3), -1);
	/* n = 0 looks at nothing. */
	assert_int_equal(text_utf8_invalid_at("\xFF", 0), -1);
}

static void test_utf8_invalid(void **state)
{
	(void)state;
	BAD_AT("\xC0\x80", 0);              /* overlong NUL */
	BAD_AT("ab\xC0\xAF", 2);            /* overlong '/' */
	BAD_AT("\xC1\xBF", 0);              /* overlong U+007F */
	BAD_AT("\xE0\x80\x80", 0);          /* overlong 3-byte */
	BAD_AT("\xE0\x9F\xBF", 0);          /* overlong U+07FF */
	BAD_AT("\xF0\x80\x80\x80", 0);      /* overlong 4-byte */
	BAD_AT("\xF0\x8F\xBF\xBF", 0);      /* overlong U+FFFF */
	BAD_AT("\xED\xA0\x80", 0);          /* U+D800 high surrogate */
	BAD_AT("x\xED\xBF\xBF", 1);         /* U+DFFF low surrogate */
	BAD_AT("\xED\xA0\xBD\xED\xB8\x8F", 0); /* CESU-8 surrogate pair */
	BAD_AT("\xF4\x90\x80\x80", 0);      /* U+110000 */
	BAD_AT("\xF5\x80\x80\x80", 0);
	BAD_AT("\xF7\xBF\xBF\xBF", 0);
	BAD_AT("\xF8\x88\x80\x80\x80", 0);  /* 5-byte form */
	BAD_AT("\xFC\x84\x80\x80\x80\x80", 0);
	BAD_AT("\xFE", 0);
	BAD_AT("\xFF", 0);
	BAD_AT("\x80", 0);                  /* lone continuation */
	BAD_AT("abc\xBF", 3);
	BAD_AT("नम\x80", 6);
	/* Truncated sequences: at the end and followed by something else. */
	BAD_AT("\xC3", 0);
	BAD_AT("ok\xE0\xA4", 2);
	BAD_AT("\xF0\x9F\x99", 0);
	BAD_AT("\xE0\xA4 x", 0);
	BAD_AT("\xF0\x9F\x99x", 0);
	BAD_AT("\xC3\xC3\xA9", 0);
	/* The first bad offset is reported, after valid Devanagari. */
	BAD_AT("नमस्ते\xED\xA0\x80", 18);
	/* Only n bytes are read: a sequence cut by n is truncated even if the buffer goes on. */
	assert_int_equal(text_utf8_invalid_at("\xE0\xA4\xA8", 2), 0);
	assert_int_equal(text_utf8_invalid_at("a\xE0\xA4\xA8", 3), 1);
}

static void test_utf8_chars(void **state)
{
	(void)state;
	assert_int_equal(text_utf8_chars("", 0), 0);
	assert_int_equal(text_utf8_chars("abc", 3), 3);
	/* न म स ् त े: six code points in 18 bytes. */
	assert_int_equal(strlen("नमस्ते"), 18);
	assert_int_equal(text_utf8_chars("नमस्ते", 18), 6);
	assert_int_equal(text_utf8_chars("\xF0\x9F\x99\x8F", 4), 1);
	assert_int_equal(text_utf8_chars("a\xC3\xA9z", 4), 3);
	assert_int_equal(text_utf8_chars("abc", 2), 2);
}

static void test_has_controls(void **state)
{
	(void)state;
	assert_false(text_has_controls(""));
	assert_false(text_has_controls("plain text, नमस्ते"));
	assert_false(text_has_controls("tab\there\r\nnext"));
	assert_true(text_has_controls("bell\a"));
	assert_true(text_has_controls("\x01"));
	assert_true(text_has_controls("esc\x1b[0m"));
	assert_true(text_has_controls("del\x7f"));
	assert_true(text_has_controls("\x1f"));
}

static void parses(const char *s, int64_t min, int64_t max, int64_t want)
{
	int64_t v = 999;
	if (text_parse_i64(s, min, max, &v) != 0 || v != want)
		fail_msg("text_parse_i64(\"%s\") = %lld, want %lld", s, (long long)v, (long long)want);
}

static void refuses(const char *s, int64_t min, int64_t max)
{
	int64_t v = 999;
	if (text_parse_i64(s, min, max, &v) != -1 || v != 999)
		fail_msg("text_parse_i64(\"%s\") accepted (%lld)", s ? s : "(null)", (long long)v);
}

static void test_parse_i64(void **state)
{
	(void)state;
	parses("0", INT64_MIN, INT64_MAX, 0);
	parses("-0", INT64_MIN, INT64_MAX, 0);
	parses("42", 0, 100, 42);
	parses("0042", 0, 100, 42);
	parses("-5", -10, 10, -5);
	parses("9223372036854775807", INT64_MIN, INT64_MAX, INT64_MAX);
	parses("-9223372036854775808", INT64_MIN, INT64_MAX, INT64_MIN);
	parses("100", 0, 100, 100);          /* max is inclusive */
	parses("0", 0, 100, 0);              /* min is inclusive */
	refuses("101", 0, 100);
	refuses("-1", 0, 100);
	refuses("9223372036854775808", INT64_MIN, INT64_MAX);
	refuses("-9223372036854775809", INT64_MIN, INT64_MAX);
	refuses("99999999999999999999999", INT64_MIN, INT64_MAX);
	refuses(NULL, 0, 100);
	refuses("", 0, 100);
	refuses("-", 0, 100);
	refuses("--1", -10, 10);
	refuses("+1", 0, 100);
	refuses(" 1", 0, 100);
	refuses("1 ", 0, 100);
	refuses("- 1", -10, 10);
	refuses("1.0", 0, 100);
	refuses("1e2", 0, 1000);
	refuses("0x10", 0, 100);
	refuses("12abc", 0, 100);
	refuses("१२", 0, 100);
	refuses("\t1", 0, 100);
}

static void test_ascii_lower(void **state)
{
	char s[] = "ABC xyz 27AAPFU नमस्ते Z@[`";
	(void)state;
	text_ascii_lower(s);
	assert_string_equal(s, "abc xyz 27aapfu नमस्ते z@[`");
}

static void test_copy(void **state)
{
	char d[8];
	(void)state;
	memset(d, 'x', sizeof d);
	assert_int_equal(text_copy(d, sizeof d, "abc"), 0);
	assert_string_equal(d, "abc");
	assert_int_equal(text_copy(d, sizeof d, "1234567"), 0);     /* exactly cap-1 fits */
	assert_string_equal(d, "1234567");
	assert_int_equal(text_copy(d, sizeof d, "12345678"), -1);   /* one too many */
	assert_string_equal(d, "1234567");
	assert_int_equal(text_copy(d, sizeof d, "a much longer string"), -1);
	assert_string_equal(d, "a much ");
	assert_int_equal(text_copy(d, 1, "abc"), -1);
	assert_string_equal(d, "");
	d[0] = 'q';
	assert_int_equal(text_copy(d, 0, "abc"), -1);               /* nothing written */
	assert_int_equal(d[0], 'q');
	assert_int_equal(text_copy(d, sizeof d, ""), 0);
	assert_string_equal(d, "");
}

/* What snprintf leaves when it runs out of room: an incomplete last character goes, whole ones stay. */
static void test_utf8_trim(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"abc", "abc"},
		{"", ""},
		{"a\xe0\xa4", "a"},                 /* half of क */
		{"a\xe0", "a"},
		{"a\xe0\xa4\x95", "a\xe0\xa4\x95"},     /* क whole */
		{"\xf0\x9f\x98", ""},               /* three quarters of an emoji */
		{"x\xf0\x9f\x98\x80", "x\xf0\x9f\x98\x80"},
		{"\xc3", ""},
		{"\xc3\xa9", "\xc3\xa9"},
	};
	char buf[16];
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memcpy(buf, cases[i].in, strlen(cases[i].in) + 1);
		text_utf8_trim(buf, strlen(buf));
		assert_string_equal(buf, cases[i].out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_trim),
		cmocka_unit_test(test_utf8_invalid),
		cmocka_unit_test(test_utf8_chars),
		cmocka_unit_test(test_has_controls),
		cmocka_unit_test(test_parse_i64),
		cmocka_unit_test(test_ascii_lower),
		cmocka_unit_test(test_copy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
