/* test_http.c - the header deadline's test of a waiting request (http_request_waiting: whole
 * headers unread in a socket hold the connection, a trickle does not), and the content negotiation of static files: which Accept-Encoding values allow gzip
 * (q=0 refuses it, "*" stands for codings not named, x-gzip is gzip), and which If-None-Match
 * values match an ETag ("*", lists, weak tags), and every embedded web file's gzip copy and tags. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/embed.h"
#include "lib/http.h"

static void test_accepts_gzip(void **state)
{
	static const char *const yes[] = {
		"gzip", "GZIP", "gzip, deflate, br", "deflate, gzip", "gzip;q=1", "gzip;q=1.000", "gzip;q=0.001",
		"gzip; q=0.5", "gzip ;q=0.5", "*", "*;q=0.1", "br, *", "x-gzip", "deflate,gzip;q=0.8,*;q=0",
		" gzip ", "gzip;level=9", "gzip;Q=1",
	};
	static const char *const no[] = {
		"", "identity", "deflate, br", "gzip;q=0", "gzip;q=0.0", "gzip;q=0.000", "gzip; q=0", "GZIP;Q=0",
		"*;q=0", "gzip;q=0, *", "br, gzip;q=0, *;q=1", "gzipx", "xgzip", "gzi", "gzip;q=2", "gzip;q=abc",
		"gzip;q=", "gzip;q=0.5x", "*;q=0, deflate",
	};
	(void)state;
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		if (!http_accepts_coding(yes[i], "gzip"))
			fail_msg("should allow gzip: \"%s\"", yes[i]);
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		if (http_accepts_coding(no[i], "gzip"))
			fail_msg("should refuse gzip: \"%s\"", no[i]);
	assert_false(http_accepts_coding(NULL, "gzip"));
	assert_true(http_accepts_coding("br;q=1, gzip", "br"));
	assert_false(http_accepts_coding("x-gzip", "br"));
}

static void test_etag_matches(void **state)
{
	const char *tag = "\"0123456789abcdef\"";
	(void)state;
	assert_true(http_etag_matches("\"0123456789abcdef\"", tag));
	assert_true(http_etag_matches("*", tag));
	assert_true(http_etag_matches(" * ", tag));
	assert_true(http_etag_matches("W/\"0123456789abcdef\"", tag));
	assert_true(http_etag_matches("\"a\", \"0123456789abcdef\"", tag));
	assert_true(http_etag_matches("\"a\",W/\"0123456789abcdef\" , \"b\"", tag));
	assert_false(http_etag_matches(NULL, tag));
	assert_false(http_etag_matches("", tag));
	assert_false(http_etag_matches("\"0123456789abcdef-gz\"", tag));
	assert_false(http_etag_matches("\"0123456789abcde\"", tag));
	assert_false(http_etag_matches("0123456789abcdef", tag));
	assert_false(http_etag_matches("\"0123456789abcdef", tag));
	assert_false(http_etag_matches("\"a\", \"b\"", tag));
	assert_false(http_etag_matches("\"0123456789ABCDEF\"", tag));
	assert_true(http_etag_matches("\"0123456789abcdef-gz\"", "\"0123456789abcdef-gz\""));
}

/* Every web file has tags; its gzip copy, when there is one, is smaller and a gzip stream. */
static void test_embedded_web(void **state)
{
	int web = 0, gz = 0;
	(void)state;
	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		assert_non_null(f->etag);
		assert_int_equal(strlen(f->etag), 18);
		assert_int_equal(strlen(f->gz_etag), 21);
		assert_memory_equal(f->etag, f->gz_etag, 17);
		assert_string_equal(f->gz_etag + 17, "-gz\"");
		if (strncmp(f->name, "web/", 4) != 0) {
			assert_null(f->gz);
			continue;
		}
		web++;
		if (!f->gz)
			continue;
		gz++;
		assert_true(f->gz_len < f->len);
		assert_true(f->gz_len > 18);
		assert_int_equal(f->gz[0], 0x1f);
		assert_int_equal(f->gz[1], 0x8b);
		assert_int_equal(f->gz[4] | f->gz[5] | f->gz[6] | f->gz[7], 0); /* -n: no time stamp */
	}
	assert_true(web > 10);
	assert_non_null(embed_find("web/app.js"));
	assert_non_null(embed_find("web/app.js")->gz);
	assert_true(gz >= web - 1);
}

/* A connected pair: [0] the server's end, [1] the client's. */
static void pair(int sv[2])
{
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
}

static void send_all(int fd, const char *s)
{
	assert_int_equal(write(fd, s, strlen(s)), (ssize_t)strlen(s));
}

static void test_empty_socket(void **state)
{
	int sv[2];
	(void)state;
	pair(sv);
	assert_int_equal(http_request_waiting(sv[0], 0), 0);
	assert_int_equal(http_request_waiting(sv[0], 1), 0);
	close(sv[0]);
	close(sv[1]);
}

static void test_whole_and_trickled(void **state)
{
	int sv[2];
	char got[64];
	(void)state;
	pair(sv);
	send_all(sv[1], "GET /api/v1/session HTTP/1.1\r\nHost: x\r\n");
	assert_int_equal(http_request_waiting(sv[0], 0), 0);          /* a trickle so far */
	send_all(sv[1], "X-Slow: 1\r\n");
	assert_int_equal(http_request_waiting(sv[0], 0), 0);
	send_all(sv[1], "\r\n");
	assert_int_equal(http_request_waiting(sv[0], 0), 1);          /* whole */
	assert_int_equal(http_request_waiting(sv[0], 0), 1);          /* a peek reads nothing away */
	/* the server reads up to the last header's end: the blank line alone waits */
	assert_int_equal(read(sv[0], got, 50), 50);
	assert_int_equal(http_request_waiting(sv[0], 0), 1);
	assert_int_equal(read(sv[0], got, 1), 1);                     /* "\r" read, "\n" waits */
	assert_int_equal(http_request_waiting(sv[0], 0), 1);
	assert_int_equal(read(sv[0], got, 1), 1);
	assert_int_equal(http_request_waiting(sv[0], 0), 0);          /* all read */
	close(sv[0]);
	close(sv[1]);
}

static void test_tls_bytes(void **state)
{
	int sv[2];
	(void)state;
	pair(sv);
	send_all(sv[1], "\x16\x03\x01");                               /* any bytes: unreadable through TLS */
	assert_int_equal(http_request_waiting(sv[0], 1), 1);
	assert_int_equal(http_request_waiting(sv[0], 0), 0);
	close(sv[0]);
	close(sv[1]);
}

static void test_bad_fd(void **state)
{
	(void)state;
	assert_int_equal(http_request_waiting(-1, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_socket),
		cmocka_unit_test(test_whole_and_trickled),
		cmocka_unit_test(test_tls_bytes),
		cmocka_unit_test(test_bad_fd),
		cmocka_unit_test(test_accepts_gzip),
		cmocka_unit_test(test_etag_matches),
		cmocka_unit_test(test_embedded_web),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
