/* startup.c - how long `daftar serve` takes from exec until its port answers HTTP.
 *
 *   startup PORT RUNS CMD [ARGS...]
 *
 * Each run: fork and exec CMD (its stderr into a pipe), try to connect to 127.0.0.1:PORT every
 * 100 us, and once connected send GET /api/v1/session and wait for the first byte of the answer.
 * Then read the server's "ready in X ms" line from its stderr, stop it with SIGTERM and wait.
 * Prints one line per run and a summary line:
 *   STARTUP runs=N median_ms=M min_ms=A max_ms=B connect_median_ms=C ready_median_ms=R
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The "ready in X ms" figure from the server's stderr, or -1. */
static double ready_ms(int fd, double deadline)
{
	char buf[4096];
	size_t len = 0;
	while (now_ms() < deadline && len + 1 < sizeof buf) {
		struct pollfd p = {fd, POLLIN, 0};
		ssize_t n;
		char *at;
		if (poll(&p, 1, 50) <= 0)
			continue;
		n = read(fd, buf + len, sizeof buf - 1 - len);
		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
		at = strstr(buf, "ready in ");
		if (at && strstr(at, " ms"))
			return atof(at + 9);
	}
	return -1;
}

int main(int argc, char **argv)
{
	int port, runs;
	double *total, *conn, *ready;
	int nready = 0;

	if (argc < 4) {
		fprintf(stderr, "usage: startup PORT RUNS CMD [ARGS...]\n");
		return 2;
	}
	port = atoi(argv[1]);
	runs = atoi(argv[2]);
	if (runs < 1 || port < 1) {
		fprintf(stderr, "startup: bad PORT or RUNS\n");
		return 2;
	}
	total = calloc((size_t)runs, sizeof *total);
	conn = calloc((size_t)runs, sizeof *conn);
	ready = calloc((size_t)runs, sizeof *ready);
	if (!total || !conn || !ready)
		return 1;
	signal(SIGPIPE, SIG_IGN);

	for (int r = 0; r < runs; r++) {
		struct sockaddr_in a;
		int errp[2], s = -1, status;
		double t0, tc = 0, th = 0, rd;
		pid_t pid;
		char resp[64];

		if (pipe(errp) < 0)
			return 1;
		t0 = now_ms();
		pid = fork();
		if (pid < 0)
			return 1;
		if (pid == 0) {
			dup2(errp[1], 2);
			close(errp[0]);
			close(errp[1]);
			execvp(argv[3], argv + 3);
			_exit(127);
		}
		close(errp[1]);
		memset(&a, 0, sizeof a);
		a.sin_family = AF_INET;
		a.sin_port = htons((uint16_t)port);
		a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		while (now_ms() - t0 < 10000) {
			s = socket(AF_INET, SOCK_STREAM, 0);
			if (connect(s, (struct sockaddr *)&a, sizeof a) == 0)
				break;
			close(s);
			s = -1;
			if (waitpid(pid, &status, WNOHANG) == pid) {
				fprintf(stderr, "startup: the server exited before answering\n");
				return 1;
			}
			nanosleep(&(struct timespec){0, 100000}, NULL);
		}
		if (s < 0) {
			fprintf(stderr, "startup: port %d did not answer within 10 s\n", port);
			kill(pid, SIGKILL);
			return 1;
		}
		tc = now_ms();
		{
			static const char req[] = "GET /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
			if (write(s, req, sizeof req - 1) != (ssize_t)(sizeof req - 1) || read(s, resp, sizeof resp) <= 0) {
				fprintf(stderr, "startup: no HTTP answer\n");
				kill(pid, SIGKILL);
				return 1;
			}
		}
		th = now_ms();
		close(s);
		rd = ready_ms(errp[0], now_ms() + 2000);
		kill(pid, SIGTERM);
		waitpid(pid, &status, 0);
		close(errp[0]);
		total[r] = th - t0;
		conn[r] = tc - t0;
		if (rd >= 0)
			ready[nready++] = rd;
		printf("run %d: connect %.1f ms, first answer %.1f ms, server says ready in %.1f ms\n", r + 1, conn[r], total[r], rd);
	}
	{
		double md = median(total, runs), cm = median(conn, runs);
		printf("STARTUP runs=%d median_ms=%.1f min_ms=%.1f max_ms=%.1f connect_median_ms=%.1f ready_median_ms=%.1f\n", runs, md,
		       total[0], total[runs - 1], cm, nready ? median(ready, nready) : -1.0);
	}
	return 0;
}
