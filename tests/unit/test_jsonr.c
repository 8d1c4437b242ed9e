/* test_jsonr.c - reading back JSON Daftar wrote: the first difference between two snapshots
 * named by its path, borrowed members left out at any depth, members in any order, texts that are
 * not JSON; and a member's value. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/jsonr.h"

static void test_same(void **state)
{
	struct jsonr_diff d;
	(void)state;
	assert_int_equal(jsonr_diff("{\"a\":1}", "{\"a\":1}", NULL, &d), 0);
	/* order of members does not matter; whitespace neither */
	assert_int_equal(jsonr_diff("{\"a\":1,\"b\":[1,2]}", "{ \"b\" : [1, 2], \"a\" : 1 }", NULL, &d), 0);
	assert_int_equal(jsonr_diff("{\"name\":\"राम\"}", "{\"name\":\"\\u0930\\u093e\\u092e\"}", NULL, &d), 0);
}

static void test_first_difference(void **state)
{
	struct jsonr_diff d;
	(void)state;
	assert_int_equal(jsonr_diff("{\"lines\":[{\"debit\":\"100.00\"},{\"credit\":\"100.00\"}]}",
				    "{\"lines\":[{\"debit\":\"150.00\"},{\"credit\":\"100.00\"}]}", NULL, &d), 1);
	assert_string_equal(d.path, "lines[0].debit");
	assert_string_equal(d.a, "\"100.00\"");
	assert_string_equal(d.b, "\"150.00\"");
	/* a member on one side only */
	assert_int_equal(jsonr_diff("{\"a\":1}", "{\"a\":1,\"b\":null}", NULL, &d), 1);
	assert_string_equal(d.path, "b");
	assert_string_equal(d.a, "(none)");
	assert_string_equal(d.b, "null");
	/* an element more */
	assert_int_equal(jsonr_diff("{\"x\":[1]}", "{\"x\":[1,2]}", NULL, &d), 1);
	assert_string_equal(d.path, "x[1]");
	/* types: "1" is not 1, null is not "" */
	assert_int_equal(jsonr_diff("{\"v\":1}", "{\"v\":\"1\"}", NULL, &d), 1);
	assert_int_equal(jsonr_diff("{\"v\":null}", "{\"v\":\"\"}", NULL, &d), 1);
	/* the whole text */
	assert_int_equal(jsonr_diff("1", "2", NULL, &d), 1);
	assert_string_equal(d.path, "");
	assert_int_equal(jsonr_diff("{\"a\":1}", "{\"a\":2}", NULL, NULL), 1);
}

static void test_ignored(void **state)
{
	static const char *const borrowed[] = {"ledger", "party_name", NULL};
	struct jsonr_diff d;
	(void)state;
	assert_int_equal(jsonr_diff("{\"party_name\":\"Old\",\"lines\":[{\"ledger_id\":3,\"ledger\":\"Old\"}]}",
				    "{\"party_name\":null,\"lines\":[{\"ledger_id\":3,\"ledger\":\"New\"}]}", borrowed, &d), 0);
	assert_int_equal(jsonr_diff("{\"lines\":[{\"ledger_id\":3,\"ledger\":\"Old\"}]}", "{\"lines\":[{\"ledger_id\":4}]}", borrowed, &d), 1);
	assert_string_equal(d.path, "lines[0].ledger_id");
}

/* "+key": a member snapshots taken before it lack. Absent from the snapshot it is not compared;
 * present there, it is, and a row without it differs. */
static void test_added_later(void **state)
{
	static const char *const skip[] = {"ledger", "+allocations", NULL};
	struct jsonr_diff d;
	(void)state;
	assert_int_equal(jsonr_diff("{\"lines\":[{\"ledger_id\":3}]}", "{\"lines\":[{\"ledger_id\":3,\"allocations\":[{\"amount\":\"5.00\"}]}]}",
				    skip, &d), 0);
	assert_int_equal(jsonr_diff("{\"lines\":[{\"allocations\":[{\"amount\":\"5.00\"}]}]}",
				    "{\"lines\":[{\"allocations\":[{\"amount\":\"6.00\"}]}]}", skip, &d), 1);
	assert_string_equal(d.path, "lines[0].allocations[0].amount");
	assert_int_equal(jsonr_diff("{\"allocations\":[]}", "{}", skip, &d), 1);
	assert_string_equal(d.path, "allocations");
	/* without the "+" the member is a difference */
	assert_int_equal(jsonr_diff("{}", "{\"allocations\":[]}", NULL, &d), 1);
}

static void test_not_json(void **state)
{
	struct jsonr_diff d;
	(void)state;
	assert_int_equal(jsonr_diff("{\"a\":", "{}", NULL, &d), -1);
	assert_string_equal(d.path, "(a)");
	assert_int_equal(jsonr_diff("{}", "nope", NULL, &d), -1);
	assert_string_equal(d.path, "(b)");
}

static void test_members(void **state)
{
	int64_t v = 7;
	char s[8] = "x";
	(void)state;
	assert_int_equal(jsonr_i64("{\"first\":42,\"s\":\"abc\"}", "first", &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(jsonr_i64("{\"first\":\"42\"}", "first", &v), -1);
	assert_int_equal(jsonr_i64("[1]", "first", &v), -1);
	assert_int_equal(jsonr_i64("{", "first", &v), -1);
	assert_int_equal(v, 42);
	assert_int_equal(jsonr_text("{\"s\":\"abcdefghij\"}", "s", s, sizeof s), 0);
	assert_string_equal(s, "abcdefg"); /* cut to fit */
	assert_int_equal(jsonr_text("{\"s\":1}", "s", s, sizeof s), -1);
	assert_int_equal(jsonr_text("{}", "s", s, sizeof s), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same), cmocka_unit_test(test_first_difference), cmocka_unit_test(test_ignored),
		cmocka_unit_test(test_added_later),
		cmocka_unit_test(test_not_json), cmocka_unit_test(test_members),
	};
	return cmocka_run_group_tests_name("jsonr", tests, NULL, NULL);
}
