/* test_http.c - the header deadline's test of a waiting request (http_request_waiting): whole
 * headers unread in the socket hold the connection, a trickle of header lines does not, nor an
 * empty socket; the blank line split between what the server read and what waits; TLS bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/http.h"

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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
