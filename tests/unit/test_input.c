/* test_input.c - request bodies read against declared forms (src/server/input.c): every member type
 * with its bounds, required and not-null members, unknown members named by their path, arrays of
 * objects ("items[2].qty"), INPUT_CUSTOM readers, a form's check across members, the presence bits
 * (null counts as given), and input_parse's refusals (empty, malformed, not an object, duplicate
 * keys, NUL, invalid UTF-8 named by its member). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/date.h"
#include "lib/money.h"
#include "lib/qty.h"
#include "server/input.h"

struct line {
	char name[16];
	int64_t qty;     /* thousandths */
	int64_t rate;    /* paise */
};

static const struct input_field line_fields[] = {
	{.key = "name", .type = INPUT_TEXT, .flags = INPUT_REQUIRED, .off = offsetof(struct line, name), .size = sizeof(((struct line *)0)->name)},
	{.key = "qty", .type = INPUT_DECIMAL, .flags = INPUT_INT_OK, .off = offsetof(struct line, qty), .scale = 3, .min = 1, .max = 1000000000},
	{.key = "rate", .type = INPUT_MONEY, .off = offsetof(struct line, rate)},
};

/* A line has a quantity or a rate (a rule of the wire format, across members). */
static int line_check(void *obj, uint64_t present, const char *path, struct err *e)
{
	(void)obj;
	if (!(present & (1u << 1)) && !(present & (1u << 2)))
		return err_set(e, ERR_INVALID, path, "%s needs qty or rate", path);
	return 0;
}
static const struct input_form line_form = INPUT_FORM(line_fields, line_check);

static const char *const colours[] = {"red", "green", "blue", NULL};

struct doc {
	char title[16];         /* at most 15 bytes and 5 characters */
	const char *note;
	int64_t count;          /* -5..100 */
	int64_t party_id;
	int64_t amount;         /* 0..1,00,000.00 */
	int64_t weight;         /* scale 3, strings only */
	int flag;
	char date[DATE_ISO_SIZE];
	int colour;
	struct line *lines;
	int nlines;
	int custom_calls;
	int custom_saw_null;
	char custom_path[64];
	int64_t must;           /* required */
	int64_t not_null;
};

static int read_custom(const json_t *v, void *obj, const char *path, struct err *e)
{
	struct doc *d = obj;
	d->custom_calls++;
	d->custom_saw_null = json_is_null(v);
	strncat(d->custom_path, path, sizeof d->custom_path - 1);
	if (json_is_string(v) && strcmp(json_string_value(v), "bad") == 0)
		return err_set(e, ERR_INVALID, path, "%s is bad", path);
	return 0;
}

enum { F_TITLE, F_NOTE, F_COUNT, F_PARTY, F_AMOUNT, F_WEIGHT, F_FLAG, F_DATE, F_COLOUR, F_LINES, F_CUSTOM, F_IGNORED, F_MUST, F_NOT_NULL };
static const struct input_field doc_fields[] = {
	[F_TITLE] = {.key = "title", .type = INPUT_TEXT, .off = offsetof(struct doc, title), .size = sizeof(((struct doc *)0)->title), .max = 5},
	[F_NOTE] = {.key = "note", .type = INPUT_STR, .off = offsetof(struct doc, note), .max = 10},
	[F_COUNT] = {.key = "count", .type = INPUT_INT, .off = offsetof(struct doc, count), .min = -5, .max = 100},
	[F_PARTY] = {.key = "party_id", .type = INPUT_ID, .off = offsetof(struct doc, party_id)},
	[F_AMOUNT] = {.key = "amount", .type = INPUT_MONEY, .off = offsetof(struct doc, amount), .min = 0, .max = 10000000},
	[F_WEIGHT] = {.key = "weight", .type = INPUT_DECIMAL, .off = offsetof(struct doc, weight), .scale = 3},
	[F_FLAG] = {.key = "flag", .type = INPUT_BOOL, .off = offsetof(struct doc, flag)},
	[F_DATE] = {.key = "date", .type = INPUT_DATE, .off = offsetof(struct doc, date), .size = DATE_ISO_SIZE},
	[F_COLOUR] = {.key = "colour", .type = INPUT_ENUM, .off = offsetof(struct doc, colour), .names = colours},
	[F_LINES] = {.key = "items", .type = INPUT_ARRAY, .off = offsetof(struct doc, lines), .size = sizeof(struct line), .max = 3,
		     .sub = &line_form, .count_off = offsetof(struct doc, nlines)},
	[F_CUSTOM] = {.key = "custom", .type = INPUT_CUSTOM, .read = read_custom},
	[F_IGNORED] = {.key = "version", .type = INPUT_IGNORE},
	[F_MUST] = {.key = "must", .type = INPUT_INT, .flags = INPUT_REQUIRED, .off = offsetof(struct doc, must)},
	[F_NOT_NULL] = {.key = "not_null", .type = INPUT_INT, .flags = INPUT_NOT_NULL, .off = offsetof(struct doc, not_null)},
};

static int doc_checks;
static uint64_t doc_check_present;
static char doc_check_path[16];

static int doc_check(void *obj, uint64_t present, const char *path, struct err *e)
{
	struct doc *d = obj;
	doc_checks++;
	doc_check_present = present;
	strncat(doc_check_path, path, sizeof doc_check_path - 1);
	if (d->count == 13)
		return err_set(e, ERR_INVALID, "count", "13 is refused by the form's check");
	return 0;
}
static const struct input_form doc_form = INPUT_FORM(doc_fields, doc_check);

/* Parses text and reads it into *d with doc_form: the return code, with e filled. */
static int read_doc(const char *text, struct doc *d, uint64_t *present, json_t **ret_json, struct err *e)
{
	json_t *j = NULL;
	int rc;
	memset(d, 0, sizeof *d);
	doc_checks = 0;
	doc_check_present = 0;
	doc_check_path[0] = '\0';
	err_clear(e);
	rc = input_parse(text, strlen(text), &j, e);
	if (rc == 0)
		rc = input_read(j, &doc_form, d, present, e);
	if (ret_json)
		*ret_json = j;
	else
		json_decref(j);
	return rc;
}

/* Reading text is refused with ERR_INVALID on `field` (and, when want_msg, a message holding it). */
static void refused(const char *text, const char *field, const char *want_msg)
{
	struct doc d;
	struct err e = ERR_INIT;
	int rc = read_doc(text, &d, NULL, NULL, &e);
	free(d.lines);
	if (rc != ERR_INVALID || e.code != ERR_INVALID || strcmp(e.field, field) != 0)
		fail_msg("%s: rc %d, field \"%s\" (want \"%s\"): %s", text, rc, e.field, field, e.msg);
	if (want_msg && !strstr(e.msg, want_msg))
		fail_msg("%s: message \"%s\" lacks \"%s\"", text, e.msg, want_msg);
}

static void test_every_type(void **state)
{
	struct doc d;
	struct err e = ERR_INIT;
	uint64_t present = 0;
	json_t *j = NULL;
	(void)state;
	assert_int_equal(read_doc("{\"title\":\"राम\",\"note\":\"a \\\"q\\\" \\\\ b\",\"count\":-5,\"party_id\":7,"
				  "\"amount\":\"1250.5\",\"weight\":\"1.25\",\"flag\":true,\"date\":\"2024-02-29\","
				  "\"colour\":\"blue\",\"items\":[{\"name\":\"a\",\"qty\":2},{\"name\":\"b\",\"qty\":\"0.5\",\"rate\":\"10\"}],"
				  "\"custom\":\"ok\",\"version\":{\"any\":[1,2]},\"must\":0,\"not_null\":4}",
				  &d, &present, &j, &e),
			 0);
	assert_string_equal(d.title, "राम");   /* 3 characters in 9 bytes */
	assert_string_equal(d.note, "a \"q\" \\ b");
	assert_int_equal(d.count, -5);
	assert_int_equal(d.party_id, 7);
	assert_int_equal(d.amount, 125050);
	assert_int_equal(d.weight, 1250);
	assert_int_equal(d.flag, 1);
	assert_string_equal(d.date, "2024-02-29");
	assert_int_equal(d.colour, 2);
	assert_int_equal(d.nlines, 2);
	assert_string_equal(d.lines[0].name, "a");
	assert_int_equal(d.lines[0].qty, 2000);   /* INPUT_INT_OK: a whole number */
	assert_int_equal(d.lines[1].qty, 500);
	assert_int_equal(d.lines[1].rate, 1000);
	assert_int_equal(d.custom_calls, 1);
	assert_string_equal(d.custom_path, "custom");
	assert_int_equal(d.must, 0);
	assert_int_equal(d.not_null, 4);
	/* Every member given, the ignored one not counted. */
	assert_true(present == (((uint64_t)1 << 14) - 1 - ((uint64_t)1 << F_IGNORED)));
	assert_int_equal(doc_checks, 1);
	assert_true(doc_check_present == present);
	assert_string_equal(doc_check_path, "");
	free(d.lines);
	json_decref(j);
}

static void test_absent_and_null(void **state)
{
	struct doc d;
	struct err e = ERR_INIT;
	uint64_t present = 0;
	(void)state;
	/* Only the required member: the rest keep their zero, nothing is present but it. */
	assert_int_equal(read_doc("{\"must\":1}", &d, &present, NULL, &e), 0);
	assert_true(present == (uint64_t)1 << F_MUST);
	assert_string_equal(d.title, "");
	assert_null(d.note);
	assert_null(d.lines);
	assert_int_equal(d.nlines, 0);
	assert_int_equal(d.custom_calls, 0);   /* an absent custom member is not read */
	/* null is given (a PATCH with null clears a member): the bit is set and the member stays empty. */
	assert_int_equal(read_doc("{\"must\":1,\"title\":null,\"note\":null,\"party_id\":null,\"date\":null,\"items\":null,"
				  "\"custom\":null}",
				  &d, &present, NULL, &e),
			 0);
	assert_true(present == ((uint64_t)1 << F_MUST | (uint64_t)1 << F_TITLE | (uint64_t)1 << F_NOTE | (uint64_t)1 << F_PARTY |
				(uint64_t)1 << F_DATE | (uint64_t)1 << F_LINES | (uint64_t)1 << F_CUSTOM));
	assert_string_equal(d.title, "");
	assert_null(d.note);
	assert_int_equal(d.party_id, 0);
	assert_string_equal(d.date, "");
	assert_null(d.lines);
	assert_int_equal(d.custom_calls, 1);   /* a custom reader sees the null */
	assert_int_equal(d.custom_saw_null, 1);
	/* Required: absent or null. Not-null: null (absent is fine). */
	refused("{}", "must", "must is required");
	refused("{\"must\":null}", "must", "must is required");
	refused("{\"must\":1,\"not_null\":null}", "not_null", "cannot be null");
	/* A present-bits pointer is optional. */
	{
		json_t *j = json_loads("{\"must\":2}", 0, NULL);
		assert_int_equal(input_read(j, &doc_form, &d, NULL, &e), 0);
		assert_int_equal(d.must, 2);
		json_decref(j);
	}
}

static void test_types_and_bounds(void **state)
{
	struct doc d;
	struct err e = ERR_INIT;
	(void)state;
	/* The edges that pass: 5 characters in 15 bytes, the bounds themselves. */
	assert_int_equal(read_doc("{\"must\":1,\"title\":\"शर्मा\",\"count\":100,\"amount\":\"100000.00\",\"note\":\"1234567890\"}",
				  &d, NULL, NULL, &e),
			 0);
	assert_string_equal(d.title, "शर्मा");
	assert_int_equal(d.count, 100);
	assert_int_equal(d.amount, 10000000);
	/* text: characters against max, bytes against the array */
	refused("{\"must\":1,\"title\":5}", "title", "must be a string");
	refused("{\"must\":1,\"title\":\"abcdef\"}", "title", "longer than 5 characters");
	refused("{\"must\":1,\"title\":\"नमस्ते\"}", "title", "longer than 5");   /* 6 code points */
	refused("{\"must\":1,\"title\":\"\xF0\x9F\x99\x8F\xF0\x9F\x99\x8F\xF0\x9F\x99\x8F\xF0\x9F\x99\x8F\"}", "title", "too long"); /* 4 characters, 16 bytes */
	refused("{\"must\":1,\"note\":\"12345678901\"}", "note", "longer than 10");
	refused("{\"must\":1,\"note\":[]}", "note", "must be a string");
	/* integers */
	refused("{\"must\":1,\"count\":101}", "count", "between -5 and 100");
	refused("{\"must\":1,\"count\":-6}", "count", "between -5 and 100");
	refused("{\"must\":1,\"count\":1.5}", "count", "whole number");
	refused("{\"must\":1,\"count\":\"5\"}", "count", "whole number");
	refused("{\"must\":\"1\"}", "must", "whole number");
	/* ids */
	refused("{\"must\":1,\"party_id\":0}", "party_id", "positive id");
	refused("{\"must\":1,\"party_id\":-1}", "party_id", "positive id");
	refused("{\"must\":1,\"party_id\":\"7\"}", "party_id", "whole number");
	/* money: decimal strings only, two decimals, bounds */
	refused("{\"must\":1,\"amount\":12.5}", "amount", "decimal string");
	refused("{\"must\":1,\"amount\":\"12.505\"}", "amount", "at most two decimals");
	refused("{\"must\":1,\"amount\":\"1e3\"}", "amount", NULL);
	refused("{\"must\":1,\"amount\":\"-0.01\"}", "amount", "between 0 and 10000000");
	refused("{\"must\":1,\"amount\":\"100000.01\"}", "amount", "between");
	/* decimals: scale, and integers only with INPUT_INT_OK */
	refused("{\"must\":1,\"weight\":1}", "weight", "decimal string");
	refused("{\"must\":1,\"weight\":\"1.2345\"}", "weight", "at most 3 decimals");
	refused("{\"must\":1,\"items\":[{\"name\":\"a\",\"qty\":9223372036854775807}]}", "items[0].qty", "too large");
	refused("{\"must\":1,\"items\":[{\"name\":\"a\",\"qty\":\"0\"}]}", "items[0].qty", "between 1 and");
	/* bool, date, enum */
	refused("{\"must\":1,\"flag\":\"true\"}", "flag", "true or false");
	refused("{\"must\":1,\"flag\":1}", "flag", "true or false");
	refused("{\"must\":1,\"date\":\"2026-02-29\"}", "date", "real date");
	refused("{\"must\":1,\"date\":\"01/04/2026\"}", "date", "YYYY-MM-DD");
	refused("{\"must\":1,\"date\":20260401}", "date", NULL);
	refused("{\"must\":1,\"colour\":\"pink\"}", "colour", "one of red, green, blue");
	refused("{\"must\":1,\"colour\":0}", "colour", "one of red, green, blue");
	/* custom readers report with the path they were given */
	refused("{\"must\":1,\"custom\":\"bad\"}", "custom", "custom is bad");
	/* the form's check runs after the members, and may refuse */
	refused("{\"must\":1,\"count\":13}", "count", "form's check");
}

static void test_unknown_members(void **state)
{
	char key[120], text[200];
	(void)state;
	refused("{\"must\":1,\"colur\":\"red\"}", "colur", "unknown field colur");
	refused("{\"must\":1,\"items\":[{\"name\":\"a\",\"qty\":1},{\"name\":\"b\",\"qty\":1,\"bogus\":1}]}", "items[1].bogus",
		"unknown field items[1].bogus");
	/* A name too long for the error's field is named by what holds it. */
	memset(key, 'k', 80);
	key[80] = '\0';
	snprintf(text, sizeof text, "{\"must\":1,\"%s\":1}", key);
	refused(text, "body", "unknown field kkkk");
	snprintf(text, sizeof text, "{\"must\":1,\"items\":[{\"name\":\"a\",\"qty\":1,\"%s\":1}]}", key);
	refused(text, "items[0]", "items[0]: unknown field kkkk");
	/* Unknown members are found before any member is read. */
	refused("{\"count\":500,\"zzz\":1}", "zzz", NULL);
}

static void test_arrays(void **state)
{
	struct doc d;
	struct err e = ERR_INIT;
	(void)state;
	/* The member at fault is named by its place: items[2].qty. */
	refused("{\"must\":1,\"items\":[{\"name\":\"a\",\"qty\":1},{\"name\":\"b\",\"qty\":1},{\"name\":\"c\",\"qty\":\"x\"}]}",
		"items[2].qty", "items[2].qty must be a number");
	refused("{\"must\":1,\"items\":[{\"name\":\"a\",\"qty\":1},{\"qty\":1}]}", "items[1].name", "items[1].name is required");
	refused("{\"must\":1,\"items\":[{\"name\":\"a\",\"rate\":\"1.001\"}]}", "items[0].rate", NULL);
	refused("{\"must\":1,\"items\":[{\"name\":\"a\",\"qty\":1},7]}", "items[1]", "items[1] must be an object");
	refused("{\"must\":1,\"items\":[[]]}", "items[0]", "must be an object");
	refused("{\"must\":1,\"items\":{\"name\":\"a\"}}", "items", "must be an array");
	refused("{\"must\":1,\"items\":[{\"name\":\"a\",\"qty\":1},{\"name\":\"a\",\"qty\":1},{\"name\":\"a\",\"qty\":1},"
		"{\"name\":\"a\",\"qty\":1}]}",
		"items", "at most 3 items");
	/* An element's form has its check, given the element's path. */
	refused("{\"must\":1,\"items\":[{\"name\":\"a\",\"qty\":1},{\"name\":\"b\"}]}", "items[1]", "items[1] needs qty or rate");
	/* An empty array: no allocation, no elements. */
	assert_int_equal(read_doc("{\"must\":1,\"items\":[]}", &d, NULL, NULL, &e), 0);
	assert_null(d.lines);
	assert_int_equal(d.nlines, 0);
	/* On a refusal the elements read so far are there, counted, and the caller's to free. */
	assert_int_equal(read_doc("{\"must\":1,\"items\":[{\"name\":\"a\",\"qty\":1},{\"name\":\"b\",\"qty\":1},{\"name\":\"c\",\"qty\":-1}]}",
				  &d, NULL, NULL, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "items[2].qty");
	assert_non_null(d.lines);
	assert_int_equal(d.nlines, 3);
	assert_string_equal(d.lines[1].name, "b");
	free(d.lines);
}

static void test_parse(void **state)
{
	struct err e = ERR_INIT;
	json_t *j = (json_t *)0x1;
	(void)state;
	assert_int_equal(input_parse("", 0, &j, &e), ERR_INVALID);
	assert_null(j);
	assert_string_equal(e.field, "body");
	err_clear(&e);
	assert_int_equal(input_parse("{\"a\":", 5, &j, &e), ERR_INVALID);
	assert_string_equal(e.field, "body");
	assert_non_null(strstr(e.msg, "malformed JSON"));
	err_clear(&e);
	assert_int_equal(input_parse("[1,2]", 5, &j, &e), ERR_INVALID);
	assert_string_equal(e.field, "body");
	err_clear(&e);
	assert_int_equal(input_parse("\"text\"", 6, &j, &e), ERR_INVALID);
	err_clear(&e);
	assert_int_equal(input_parse("{\"a\":1,\"a\":2}", 13, &j, &e), ERR_INVALID);   /* duplicate keys */
	assert_string_equal(e.field, "body");
	err_clear(&e);
	assert_int_equal(input_parse("{\"a\":\"x\\u0000y\"}", 16, &j, &e), ERR_INVALID);  /* NUL in a string */
	err_clear(&e);
	/* Invalid UTF-8 is named by the member whose value holds it. */
	{
		static const char bad[] = "{\"name\":\"ok\",\"note\":\"caf\xC3\"}";
		assert_int_equal(input_parse(bad, sizeof bad - 1, &j, &e), ERR_INVALID);
		assert_string_equal(e.field, "note");
		assert_non_null(strstr(e.msg, "not valid UTF-8"));
		err_clear(&e);
	}
	{
		static const char bad[] = "{\"na\xFFme\":1}";
		assert_int_equal(input_parse(bad, sizeof bad - 1, &j, &e), ERR_INVALID);
		assert_string_equal(e.field, "body");
		err_clear(&e);
	}
	/* A good body: an object the caller owns; an object that is not one to input_read is refused. */
	assert_int_equal(input_parse(" {\"must\": 1} ", 13, &j, &e), 0);
	assert_true(json_is_object(j));
	json_decref(j);
	{
		struct doc d;
		json_t *arr = json_array();
		memset(&d, 0, sizeof d);
		assert_int_equal(input_read(arr, &doc_form, &d, NULL, &e), ERR_INVALID);
		assert_string_equal(e.field, "body");
		json_decref(arr);
	}
}

static void test_input_money(void **state)
{
	struct err e = ERR_INIT;
	int64_t v = 0;
	json_t *s = json_string("-1000000000000000.00"), *n = json_integer(5);
	(void)state;
	assert_int_equal(input_money(s, "credit_limit", &v, &e), 0);
	assert_true(v == -MONEY_MAX);
	assert_int_equal(input_money(n, "credit_limit", &v, &e), ERR_INVALID);
	assert_string_equal(e.field, "credit_limit");
	assert_string_equal(e.reason, "not_amount");
	json_decref(s);
	json_decref(n);
	/* Past the ceiling, and past int64: too large, with the ceiling as a figure; v untouched. */
	for (const char *const *x = (const char *const[]){"1000000000000000.01", "-1000000000000000.01", "92233720368547758.07",
							   "99999999999999999999999.99", NULL};
	     *x; x++) {
		err_clear(&e);
		v = 7;
		s = json_string(*x);
		assert_int_equal(input_money(s, "lines[0].debit", &v, &e), ERR_INVALID);
		json_decref(s);
		assert_int_equal(v, 7);
		assert_string_equal(e.field, "lines[0].debit");
		assert_string_equal(e.reason, "too_large");
		assert_int_equal(e.ndetails, 2);
		assert_string_equal(e.detail[0].key, "max");
		assert_int_equal(e.detail[0].type, ERR_DETAIL_MONEY);
		assert_true(e.detail[0].v == MONEY_MAX);
		assert_string_equal(e.detail[1].text, "amount");
	}
	/* malformed is not "too large" */
	err_clear(&e);
	s = json_string("1e30");
	assert_int_equal(input_money(s, "x", &v, &e), ERR_INVALID);
	assert_string_equal(e.reason, "not_amount");
	json_decref(s);
}

struct ceiled {
	int64_t qty, rate;
};
static const struct input_field ceiled_fields[] = {
	{.key = "qty", .type = INPUT_DECIMAL, .flags = INPUT_INT_OK | INPUT_QTY, .off = offsetof(struct ceiled, qty), .scale = 3},
	{.key = "rate", .type = INPUT_DECIMAL, .flags = INPUT_AMOUNT, .off = offsetof(struct ceiled, rate), .scale = 2},
};
static const struct input_form ceiled_form = INPUT_FORM(ceiled_fields, NULL);

/* Reads text with ceiled_form: rc, with *c and e filled. */
static int read_ceiled(const char *text, struct ceiled *c, struct err *e)
{
	json_t *j = NULL;
	int rc;
	memset(c, 0, sizeof *c);
	err_clear(e);
	if ((rc = input_parse(text, strlen(text), &j, e)) == 0)
		rc = input_read(j, &ceiled_form, c, NULL, e);
	json_decref(j);
	return rc;
}

/* A decimal past its ceiling, or past int64 (as a string or a JSON integer), is too large: 400
 * naming the member, reason too_large, the ceiling as a figure of its kind. */
static void test_input_ceilings(void **state)
{
	static const struct {
		const char *body, *field, *kind;
	} big[] = {
		{"{\"qty\":\"1000000000000.001\"}", "qty", "quantity"},
		{"{\"qty\":1000000000001}", "qty", "quantity"},
		{"{\"qty\":\"-1000000000000.001\"}", "qty", "quantity"},
		{"{\"qty\":9223372036854775807}", "qty", "quantity"},
		{"{\"qty\":\"92233720368547758.08\"}", "qty", "quantity"},
		{"{\"qty\":\"123456789012345678901234567890\"}", "qty", "quantity"},
		{"{\"rate\":\"1000000000000000.01\"}", "rate", "amount"},
		{"{\"rate\":\"80000000000000000.00\"}", "rate", "amount"},
		{"{\"rate\":\"999999999999999999999999\"}", "rate", "amount"},
	};
	struct ceiled c;
	struct err e = ERR_INIT;
	(void)state;
	assert_int_equal(read_ceiled("{\"qty\":\"1000000000000\",\"rate\":\"1000000000000000.00\"}", &c, &e), 0);
	assert_true(c.qty == QTY_MAX && c.rate == MONEY_MAX);
	assert_int_equal(read_ceiled("{\"qty\":1000000000000,\"rate\":\"-1000000000000000\"}", &c, &e), 0);
	assert_true(c.qty == QTY_MAX && c.rate == -MONEY_MAX);
	for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
		int rc = read_ceiled(big[i].body, &c, &e);
		if (rc != ERR_INVALID || strcmp(e.field, big[i].field) != 0 || strcmp(e.reason, "too_large") != 0 || e.ndetails != 2 ||
		    strcmp(e.detail[0].key, "max") != 0 || strcmp(e.detail[1].text, big[i].kind) != 0)
			fail_msg("%s: rc %d field %s reason %s (%s)", big[i].body, rc, e.field, e.reason, e.msg);
		assert_true(e.detail[0].v == (big[i].kind[0] == 'q' ? QTY_MAX : MONEY_MAX));
		assert_int_equal(e.detail[0].type, big[i].kind[0] == 'q' ? ERR_DETAIL_QTY : ERR_DETAIL_MONEY);
	}
	/* what is no number stays "not a number", not "too large" */
	assert_int_equal(read_ceiled("{\"qty\":\"1.0001\"}", &c, &e), ERR_INVALID);
	assert_string_equal(e.reason, "not_decimal");
	assert_int_equal(read_ceiled("{\"rate\":\"12,50\"}", &c, &e), ERR_INVALID);
	assert_string_equal(e.reason, "not_decimal");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_type),
		cmocka_unit_test(test_input_ceilings),
		cmocka_unit_test(test_absent_and_null),
		cmocka_unit_test(test_types_and_bounds),
		cmocka_unit_test(test_unknown_members),
		cmocka_unit_test(test_arrays),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_input_money),
	};
	return cmocka_run_group_tests_name("input", tests, NULL, NULL);
}
