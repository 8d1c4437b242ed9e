/* test_jsonw.c - the JSON writer: exact bytes for escaping, nesting and commas, money as decimal
 * strings, raw values; every document is parsed back with jansson to prove it is valid JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "lib/jsonw.h"

/* Parses text with jansson, failing the test if it is not valid JSON; caller json_decref()s. */
static json_t *parse(const char *text)
{
	json_error_t err;
	json_t *j = json_loads(text, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &err);
	if (!j)
		fail_msg("not valid JSON (%s at %d): %s", err.text, err.position, text);
	return j;
}

static void test_empty_containers(void **state)
{
	struct buf b = BUF_INIT;
	struct jsonw w;
	json_t *j;
	(void)state;
	jsonw_init(&w, &b);
	jsonw_arr(&w);
	jsonw_obj(&w);
	jsonw_obj_end(&w);
	jsonw_arr(&w);
	jsonw_arr_end(&w);
	jsonw_arr_end(&w);
	assert_int_equal(jsonw_ok(&w), 0);
	assert_string_equal(buf_str(&b), "[{},[]]");
	j = parse(buf_str(&b));
	assert_int_equal(json_array_size(j), 2);
	json_decref(j);
	buf_free(&b);
}

static void test_escaping(void **state)
{
	struct buf b = BUF_INIT;
	struct jsonw w;
	json_t *j;
	const char *nasty = "say \"hi\" \\ back\\slash\n\r\t\b\f\x01\x1f\x7f / end";
	(void)state;
	jsonw_init(&w, &b);
	jsonw_obj(&w);
	jsonw_kstr(&w, "s", nasty);
	jsonw_kstr(&w, "key \"q\"\n", "v");
	jsonw_kstr(&w, "hi", "नमस्ते, ₹ 1,000 🙏");
	jsonw_kstr(&w, "empty", "");
	jsonw_obj_end(&w);
	assert_int_equal(jsonw_ok(&w), 0);
	assert_string_equal(buf_str(&b),
			    "{\"s\":\"say \\\"hi\\\" \\\\ back\\\\slash\\n\\r\\t\\u0008\\u000c\\u0001\\u001f\x7f / end\","
			    "\"key \\\"q\\\"\\n\":\"v\","
			    "\"hi\":\"नमस्ते, ₹ 1,000 🙏\","
			    "\"empty\":\"\"}");
	/* Devanagari passes through as UTF-8 bytes, not \u escapes. */
	assert_non_null(strstr(buf_str(&b), "नमस्ते"));
	assert_null(strstr(buf_str(&b), "\\u09"));
	j = parse(buf_str(&b));
	assert_string_equal(json_string_value(json_object_get(j, "s")), nasty);
	assert_string_equal(json_string_value(json_object_get(j, "key \"q\"\n")), "v");
	assert_string_equal(json_string_value(json_object_get(j, "hi")), "नमस्ते, ₹ 1,000 🙏");
	assert_string_equal(json_string_value(json_object_get(j, "empty")), "");
	json_decref(j);
	buf_free(&b);
}

static void test_every_control_char(void **state)
{
	/* Each of 0x01..0x1F alone in a string round-trips through jansson. */
	(void)state;
	for (int c = 1; c < 0x20; c++) {
		struct buf b = BUF_INIT;
		struct jsonw w;
		char s[2] = {(char)c, 0};
		json_t *j;
		jsonw_init(&w, &b);
		jsonw_str(&w, s);
		assert_int_equal(jsonw_ok(&w), 0);
		for (const char *p = buf_str(&b); *p; p++)
			assert_true((unsigned char)*p >= 0x20);
		j = parse(buf_str(&b));
		assert_string_equal(json_string_value(j), s);
		json_decref(j);
		buf_free(&b);
	}
}

static void test_nesting_and_commas(void **state)
{
	struct buf b = BUF_INIT;
	struct jsonw w;
	json_t *j, *arr, *inner;
	(void)state;
	jsonw_init(&w, &b);
	jsonw_obj(&w);
	jsonw_ki64(&w, "a", 1);
	jsonw_key(&w, "list");
	jsonw_arr(&w);
	jsonw_i64(&w, 1);
	jsonw_str(&w, "two");
	jsonw_null(&w);
	jsonw_bool(&w, 1);
	jsonw_bool(&w, 0);
	jsonw_str(&w, NULL);
	jsonw_obj(&w);
	jsonw_kbool(&w, "deep", 7);
	jsonw_key(&w, "n");
	jsonw_null(&w);
	jsonw_obj_end(&w);
	jsonw_arr(&w);
	jsonw_arr(&w);
	jsonw_arr_end(&w);
	jsonw_arr_end(&w);
	jsonw_arr_end(&w);
	jsonw_key(&w, "obj");
	jsonw_obj(&w);
	jsonw_obj_end(&w);
	jsonw_ki64(&w, "min", INT64_MIN);
	jsonw_ki64(&w, "max", INT64_MAX);
	jsonw_obj_end(&w);
	assert_int_equal(jsonw_ok(&w), 0);
	assert_string_equal(buf_str(&b),
			    "{\"a\":1,\"list\":[1,\"two\",null,true,false,null,{\"deep\":true,\"n\":null},[[]]],"
			    "\"obj\":{},\"min\":-9223372036854775808,\"max\":9223372036854775807}");
	j = parse(buf_str(&b));
	arr = json_object_get(j, "list");
	assert_int_equal(json_array_size(arr), 8);
	inner = json_array_get(arr, 6);
	assert_true(json_is_true(json_object_get(inner, "deep")));
	assert_true(json_is_null(json_object_get(inner, "n")));
	assert_true(json_integer_value(json_object_get(j, "min")) == INT64_MIN);
	assert_true(json_integer_value(json_object_get(j, "max")) == INT64_MAX);
	json_decref(j);
	buf_free(&b);
}

static void test_top_level_values(void **state)
{
	struct buf b = BUF_INIT;
	struct jsonw w;
	(void)state;
	jsonw_init(&w, &b);
	jsonw_str(&w, "x");
	assert_string_equal(buf_str(&b), "\"x\"");
	buf_free(&b);
	jsonw_init(&w, &b);
	jsonw_i64(&w, -7);
	assert_string_equal(buf_str(&b), "-7");
	buf_free(&b);
	jsonw_init(&w, &b);
	jsonw_null(&w);
	assert_string_equal(buf_str(&b), "null");
	buf_free(&b);
}

static void test_money(void **state)
{
	struct buf b = BUF_INIT;
	struct jsonw w;
	json_t *j;
	(void)state;
	jsonw_init(&w, &b);
	jsonw_obj(&w);
	jsonw_kmoney(&w, "zero", 0);
	jsonw_kmoney(&w, "paise", 5);
	jsonw_kmoney(&w, "neg", -123450);
	jsonw_kmoney(&w, "max", INT64_MAX);
	jsonw_kmoney(&w, "min", INT64_MIN);
	jsonw_key(&w, "arr");
	jsonw_arr(&w);
	jsonw_money(&w, 100);
	jsonw_money(&w, 1);
	jsonw_arr_end(&w);
	jsonw_obj_end(&w);
	assert_int_equal(jsonw_ok(&w), 0);
	assert_string_equal(buf_str(&b),
			    "{\"zero\":\"0.00\",\"paise\":\"0.05\",\"neg\":\"-1234.50\","
			    "\"max\":\"92233720368547758.07\",\"min\":\"-92233720368547758.08\","
			    "\"arr\":[\"1.00\",\"0.01\"]}");
	j = parse(buf_str(&b));
	assert_string_equal(json_string_value(json_object_get(j, "neg")), "-1234.50");
	json_decref(j);
	buf_free(&b);
}

/* Money and other decimals as JSON numbers (the GST portal's files): written from the digits,
 * exactly `scale` decimals, the int64 ends included. */
static void test_money_as_number(void **state)
{
	struct buf b = BUF_INIT;
	struct jsonw w;
	json_t *j;
	(void)state;
	jsonw_init(&w, &b);
	jsonw_obj(&w);
	jsonw_kmoney_num(&w, "zero", 0);
	jsonw_kmoney_num(&w, "paise", 5);
	jsonw_kmoney_num(&w, "neg", -123450);
	jsonw_kmoney_num(&w, "neg_paise", -7);
	jsonw_kmoney_num(&w, "max", INT64_MAX);
	jsonw_kmoney_num(&w, "min", INT64_MIN);
	jsonw_kdecimal(&w, "rt", 1800, 2);
	jsonw_kdecimal(&w, "qty", 12500, 3);
	jsonw_kdecimal(&w, "whole", 42, 0);
	jsonw_key(&w, "arr");
	jsonw_arr(&w);
	jsonw_money_num(&w, 100);
	jsonw_decimal(&w, 1, 3);
	jsonw_arr_end(&w);
	jsonw_obj_end(&w);
	assert_int_equal(jsonw_ok(&w), 0);
	assert_string_equal(buf_str(&b),
			    "{\"zero\":0.00,\"paise\":0.05,\"neg\":-1234.50,\"neg_paise\":-0.07,"
			    "\"max\":92233720368547758.07,\"min\":-92233720368547758.08,"
			    "\"rt\":18.00,\"qty\":12.500,\"whole\":42,\"arr\":[1.00,0.001]}");
	j = parse(buf_str(&b));
	assert_true(json_is_number(json_object_get(j, "neg")));
	assert_true(json_is_number(json_object_get(j, "qty")));
	json_decref(j);
	buf_free(&b);
}

static void test_raw(void **state)
{
	struct buf b = BUF_INIT;
	struct jsonw w;
	json_t *j;
	(void)state;
	jsonw_init(&w, &b);
	jsonw_arr(&w);
	jsonw_raw(&w, "{\"x\":[1,2]}");
	jsonw_raw(&w, "3.5");
	jsonw_obj(&w);
	jsonw_key(&w, "r");
	jsonw_raw(&w, "\"नमस्ते\"");
	jsonw_ki64(&w, "after", 1);
	jsonw_obj_end(&w);
	jsonw_arr_end(&w);
	assert_int_equal(jsonw_ok(&w), 0);
	assert_string_equal(buf_str(&b), "[{\"x\":[1,2]},3.5,{\"r\":\"नमस्ते\",\"after\":1}]");
	j = parse(buf_str(&b));
	assert_int_equal(json_array_size(j), 3);
	json_decref(j);
	buf_free(&b);
}

static void test_same_record_same_bytes(void **state)
{
	/* The audit chain hashes these bytes: writing twice gives identical output. */
	struct buf a = BUF_INIT, c = BUF_INIT;
	struct jsonw w;
	(void)state;
	for (int round = 0; round < 2; round++) {
		jsonw_init(&w, round ? &c : &a);
		jsonw_obj(&w);
		jsonw_kstr(&w, "name", "शर्मा ट्रेडर्स");
		jsonw_kmoney(&w, "credit_limit", 5000000);
		jsonw_kbool(&w, "archived", 0);
		jsonw_obj_end(&w);
		assert_int_equal(jsonw_ok(&w), 0);
	}
	assert_string_equal(buf_str(&a), buf_str(&c));
	buf_free(&a);
	buf_free(&c);
}

static void test_failure_is_sticky(void **state)
{
	struct buf b = BUF_INIT;
	struct jsonw w;
	(void)state;
	/* A buffer limit that runs out part-way. */
	b.limit = 10;
	jsonw_init(&w, &b);
	jsonw_obj(&w);
	jsonw_kstr(&w, "k", "a string too long for the limit");
	jsonw_obj_end(&w);
	assert_int_equal(jsonw_ok(&w), -1);
	assert_true(b.len <= 10);
	buf_free(&b);

	/* Nesting deeper than the writer tracks fails instead of writing past its state. */
	b.limit = 0;
	jsonw_init(&w, &b);
	for (int i = 0; i < 40; i++)
		jsonw_arr(&w);
	for (int i = 0; i < 40; i++)
		jsonw_arr_end(&w);
	assert_int_equal(jsonw_ok(&w), -1);
	buf_free(&b);

	/* 31 levels is within bounds. */
	jsonw_init(&w, &b);
	for (int i = 0; i < 31; i++)
		jsonw_arr(&w);
	for (int i = 0; i < 31; i++)
		jsonw_arr_end(&w);
	assert_int_equal(jsonw_ok(&w), 0);
	json_decref(parse(buf_str(&b)));
	buf_free(&b);
}

/* Writes one object of members through jsonw_key then the value (shorthand 0, the general path),
 * the key + value shorthands (1) or the members with a JSONW_KEY (2, for k = "key"); limit 0
 * means none. */
static int members(struct buf *b, size_t limit, int shorthand, const char *k, const char *v)
{
	struct jsonw w;
	buf_free(b);
	b->limit = limit;
	jsonw_init(&w, b);
	jsonw_obj(&w);
	if (shorthand == 2) { /* a pre-rendered key: JSONW_KEY("key") is k = "key" */
		static const struct jsonw_key key = JSONW_KEY("key");
		jsonw_mstrn(&w, &key, v, strlen(v));
		jsonw_mstrn(&w, &key, v, strlen(v));
		jsonw_mnull(&w, &key);
		jsonw_mi64(&w, &key, INT64_MIN);
		jsonw_mmoney(&w, &key, -1205);
		jsonw_mbool(&w, &key, 1);
	} else if (shorthand) {
		jsonw_kstr(&w, k, v);
		jsonw_kstrn(&w, k, v, strlen(v));
		jsonw_kstr(&w, k, NULL);
		jsonw_ki64(&w, k, INT64_MIN);
		jsonw_kmoney(&w, k, -1205);
		jsonw_kbool(&w, k, 1);
	} else {
		jsonw_key(&w, k);
		jsonw_str(&w, v);
		jsonw_key(&w, k);
		jsonw_str(&w, v);
		jsonw_key(&w, k);
		jsonw_null(&w);
		jsonw_key(&w, k);
		jsonw_i64(&w, INT64_MIN);
		jsonw_key(&w, k);
		jsonw_money(&w, -1205);
		jsonw_key(&w, k);
		jsonw_bool(&w, 1);
	}
	jsonw_obj_end(&w);
	return jsonw_ok(&w);
}

/* The one-write shorthands and the JSONW_KEY members give the bytes of the general path,
 * escaping keys and values alike, and fail at exactly the same size limits; strings of every
 * length cross the 8-byte scan. */
static void test_shorthands_match(void **state)
{
	static const char *const texts[] = {
		"", "a", "plain key", "exactly8", "sixteen bytes ok", "नमस्ते, ₹ 1,000", "q\"uote",
		"back\\slash at 9", "0123456\n", "01234567\x01", "tab\there and \"there\"", "\x1f",
	};
	const size_t nt = sizeof texts / sizeof texts[0];
	(void)state;
	for (size_t i = 0; i < nt; i++) {
		for (size_t j = 0; j < nt; j++) {
			struct buf a = BUF_INIT, b = BUF_INIT;
			size_t full;
			assert_int_equal(members(&a, 0, 0, texts[i], texts[j]), 0);
			assert_int_equal(members(&b, 0, 1, texts[i], texts[j]), 0);
			assert_string_equal(buf_str(&b), buf_str(&a));
			{ /* valid JSON (the keys repeat on purpose) */
				json_error_t je;
				json_t *doc = json_loads(buf_str(&b), 0, &je);
				assert_non_null(doc);
				json_decref(doc);
			}
			full = a.len;
			for (size_t limit = 1; limit <= full + 1; limit++) {
				int ra = members(&a, limit, 0, texts[i], texts[j]);
				int rb = members(&b, limit, 1, texts[i], texts[j]);
				assert_int_equal(rb, ra);
				assert_int_equal(ra, limit >= full ? 0 : -1);
				if (ra == 0)
					assert_string_equal(buf_str(&b), buf_str(&a));
			}
			/* the pre-rendered key, against the general path with the same key */
			assert_int_equal(members(&a, 0, 0, "key", texts[j]), 0);
			full = a.len;
			for (size_t limit = 1; limit <= full + 1; limit++) {
				int ra = members(&a, limit, 0, "key", texts[j]);
				int rb = members(&b, limit, 2, "key", texts[j]);
				assert_int_equal(rb, ra);
				assert_int_equal(ra, limit >= full ? 0 : -1);
				if (ra == 0)
					assert_string_equal(buf_str(&b), buf_str(&a));
			}
			buf_free(&a);
			buf_free(&b);
		}
	}
}

/* jsonw_strn: only n bytes; a NUL among them ends the string, as it ends a C string. */
static void test_strn(void **state)
{
	struct buf b = BUF_INIT;
	struct jsonw w;
	(void)state;
	jsonw_init(&w, &b);
	jsonw_arr(&w);
	jsonw_strn(&w, "abcdef", 3);
	jsonw_strn(&w, "ab\0cd\"", 6);
	jsonw_strn(&w, "x\"y", 3);
	jsonw_strn(&w, "", 0);
	jsonw_arr_end(&w);
	assert_int_equal(jsonw_ok(&w), 0);
	assert_string_equal(buf_str(&b), "[\"abc\",\"ab\",\"x\\\"y\",\"\"]");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_containers),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_every_control_char),
		cmocka_unit_test(test_nesting_and_commas),
		cmocka_unit_test(test_top_level_values),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_money_as_number),
		cmocka_unit_test(test_raw),
		cmocka_unit_test(test_same_record_same_bytes),
		cmocka_unit_test(test_failure_is_sticky),
		cmocka_unit_test(test_shorthands_match),
		cmocka_unit_test(test_strn),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
