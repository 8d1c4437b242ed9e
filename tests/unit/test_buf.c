/* test_buf.c - struct buf: growth across many doublings, the size limit (a refused append leaves
 * the buffer exactly as it was), formatted appends, and detach/reset/free on empty buffers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/buf.h"

static void test_empty(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	assert_null(b.data);
	assert_string_equal(buf_str(&b), "");
	buf_reset(&b);                       /* reset of a never-used buffer is fine */
	assert_null(b.data);
	buf_free(&b);
	buf_free(&b);                        /* twice is fine */
	buf_free(NULL);
	/* An empty append allocates and stays "". */
	assert_int_equal(buf_add(&b, "", 0), 0);
	assert_non_null(b.data);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
}

static void test_growth(void **state)
{
	struct buf b = BUF_INIT;
	char *expect = malloc(100001);
	(void)state;
	assert_non_null(expect);
	for (size_t i = 0; i < 100000; i++) {
		char c = (char)('a' + i % 26);
		expect[i] = c;
		assert_int_equal(buf_addc(&b, c), 0);
		assert_int_equal(b.len, i + 1);
		assert_true(b.len < b.cap);
		assert_int_equal(b.data[b.len], '\0');
	}
	expect[100000] = '\0';
	assert_string_equal(buf_str(&b), expect);
	assert_int_equal(strlen(buf_str(&b)), 100000);
	/* One large append that crosses several doublings at once. */
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(buf_add(&b, expect, 100000), 0);
	assert_memory_equal(b.data, expect, 100001);
	/* Binary bytes with an embedded NUL are kept by length. */
	buf_reset(&b);
	assert_int_equal(buf_add(&b, "a\0b", 3), 0);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b\0", 4);
	buf_free(&b);
	free(expect);
}

static void test_limit(void **state)
{
	struct buf b = BUF_INIT;
	size_t cap;
	(void)state;
	b.limit = 10;
	assert_int_equal(buf_adds(&b, "12345"), 0);
	assert_int_equal(buf_adds(&b, "67890"), 0);          /* exactly the limit */
	assert_int_equal(b.len, 10);
	cap = b.cap;
	assert_int_equal(buf_addc(&b, 'x'), -1);             /* one past */
	assert_int_equal(buf_adds(&b, "more"), -1);
	assert_int_equal(buf_add(&b, "", 0), 0);             /* adding nothing still fits */
	assert_int_equal(buf_addf(&b, "%d", 7), -1);
	assert_int_equal(buf_add(&b, "x", SIZE_MAX), -1);    /* absurd sizes do not wrap */
	assert_int_equal(buf_add(&b, "x", SIZE_MAX / 2 + 1), -1);
	/* Unchanged after every refusal. */
	assert_int_equal(b.len, 10);
	assert_int_equal(b.cap, cap);
	assert_string_equal(buf_str(&b), "1234567890");
	buf_free(&b);

	/* A refused first append leaves an empty buffer unallocated. */
	b = (struct buf)BUF_INIT;
	b.limit = 3;
	assert_int_equal(buf_adds(&b, "abcd"), -1);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(buf_adds(&b, "abc"), 0);
	assert_string_equal(buf_str(&b), "abc");
	buf_free(&b);

	/* The limit survives free and reset: the buffer can be reused with the same bound. */
	assert_int_equal(b.limit, 3);
	assert_int_equal(buf_adds(&b, "abcd"), -1);
	buf_free(&b);
}

static void test_limit_larger_than_first_block(void **state)
{
	/* A limit above the first allocation: growth stops exactly at the limit. */
	struct buf b = BUF_INIT;
	char block[100];
	(void)state;
	memset(block, 'z', sizeof block);
	b.limit = 1000;
	for (int i = 0; i < 10; i++)
		assert_int_equal(buf_add(&b, block, sizeof block), 0);
	assert_int_equal(b.len, 1000);
	assert_int_equal(buf_addc(&b, 'z'), -1);
	assert_int_equal(b.len, 1000);
	assert_int_equal(b.data[1000], '\0');
	buf_free(&b);
}

static void test_addf(void **state)
{
	struct buf b = BUF_INIT;
	char big[300];
	(void)state;
	assert_int_equal(buf_addf(&b, "%s=%d", "n", 42), 0);
	assert_int_equal(buf_addf(&b, ",%lld", (long long)INT64_MIN), 0);
	assert_int_equal(buf_addf(&b, ",%s", "नमस्ते"), 0);
	assert_int_equal(buf_addf(&b, "%s", ""), 0);
	assert_string_equal(buf_str(&b), "n=42,-9223372036854775808,नमस्ते");
	assert_int_equal(b.len, strlen("n=42,-9223372036854775808,नमस्ते"));
	/* A formatted append that needs the buffer to grow. */
	memset(big, 'q', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	buf_reset(&b);
	assert_int_equal(buf_addf(&b, "<%s>", big), 0);
	assert_int_equal(b.len, sizeof big + 1);
	assert_int_equal(b.data[0], '<');
	assert_int_equal(b.data[b.len - 1], '>');
	assert_int_equal(b.data[b.len], '\0');
	/* A formatted append refused by the limit leaves the old content. */
	buf_free(&b);
	b.limit = 8;
	assert_int_equal(buf_addf(&b, "%s", "abc"), 0);
	assert_int_equal(buf_addf(&b, "%06d", 1), -1);
	assert_string_equal(buf_str(&b), "abc");
	assert_int_equal(buf_addf(&b, "%05d", 1), 0);
	assert_string_equal(buf_str(&b), "abc00001");
	buf_free(&b);
}

static void test_detach(void **state)
{
	struct buf b = BUF_INIT;
	char *s;
	(void)state;
	/* Detaching an unused buffer still hands over a real, empty string. */
	s = buf_detach(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	assert_int_equal(buf_adds(&b, "owned by the caller"), 0);
	s = buf_detach(&b);
	assert_string_equal(s, "owned by the caller");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_string_equal(buf_str(&b), "");
	/* The buffer is reusable after detach and does not share memory with s. */
	assert_int_equal(buf_adds(&b, "again"), 0);
	assert_string_equal(buf_str(&b), "again");
	assert_string_equal(s, "owned by the caller");
	free(s);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_limit_larger_than_first_block),
		cmocka_unit_test(test_addf),
		cmocka_unit_test(test_detach),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
