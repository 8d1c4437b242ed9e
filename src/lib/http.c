/* http.c - libmicrohttpd with an internal thread pool over epoll. Bodies are collected up to a
 * limit; beyond it the rest is read and dropped and the answer is 413. A connection must send
 * complete headers within a deadline of its start (or of its previous answer, kept alive), or a
 * sweeper cuts it; and one address has only so many connections that have not sent a request yet,
 * its oldest cut for a new one: a client trickling header lines cannot hold the address's slots. */
#include <arpa/inet.h>
#include <pthread.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include <microhttpd.h>

#include "lib/http.h"
#include "lib/jsonw.h"
#include "lib/log.h"
#include "lib/text.h"
#include "lib/banned.h"

struct reqstate {
	int64_t start_us;
	struct buf body;
	int too_large;
	int status;
	/* A write handed to a worker: the connection is suspended until `done`. */
	int dispatched;
	int done;
	int back;                  /* counted off http_server.suspended: MHD took it back, or closed it */
	struct http_req req;
	struct http_resp resp;
	struct MHD_Connection *conn;
	struct reqstate *next;
};

/* One connection, from its accept to its close (libmicrohttpd's socket context). */
struct conn_track {
	int fd;                    /* valid until the CLOSED notice, which comes before close(2) */
	int64_t deadline_us;       /* monotonic: headers complete by then; 0 while a request is served */
	int served;                /* requests whose headers came whole */
	int cut;                   /* shut down by the sweeper or for a newer one; closing */
	struct sockaddr_storage addr;
	socklen_t addr_len;
	struct conn_track *prev, *next;
};

struct http_server {
	struct MHD_Daemon *d;
	struct http_limits lim;
	http_dispatch_fn fn;
	void *app;
	/* Workers for requests that may block on a commit (everything but GET and HEAD). The MHD
	 * threads never wait for a commit, so every connection's write can join the next batch. */
	pthread_t *workers;
	unsigned nworkers;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct reqstate *head, *tail;
	int stopping;
	/* Connections suspended for a worker and not yet taken back by MHD: stopping the daemon with
	 * one of them left is fatal to libmicrohttpd, so http_stop waits for none. */
	unsigned suspended;
	/* Every open connection, oldest first, under track_mu; the sweeper wakes on sweep_cv. */
	pthread_mutex_t track_mu;
	pthread_cond_t sweep_cv;
	struct conn_track *first, *last;
	pthread_t sweeper;
	int sweeping;
	int sweep_stop;
};

/* The 413 answer, in the one error shape the server writes (server.c) for every other error. */
static int too_large_body(struct buf *out, size_t body_max)
{
	char msg[96];
	struct jsonw w;
	snprintf(msg, sizeof msg, "request body is over %zu bytes", body_max);
	jsonw_init(&w, out);
	jsonw_obj(&w);
	jsonw_key(&w, "error");
	jsonw_obj(&w);
	jsonw_kstr(&w, "code", "too_large");
	jsonw_kstr(&w, "message", msg);
	jsonw_kstr(&w, "field", "body");
	jsonw_obj_end(&w);
	jsonw_obj_end(&w);
	return jsonw_ok(&w);
}

static void resp_init(struct http_resp *r)
{
	memset(r, 0, sizeof *r);
	r->content_type = "application/json";
	r->body.limit = (size_t)256 << 20;
	/* Most answers fit: one allocation instead of a chain of doublings. */
	if (buf_reserve(&r->body, 16 * 1024) < 0)
		r->body.cap = 0;
}

void http_resp_header(struct http_resp *resp, const char *name, const char *value)
{
	if (resp->nheaders >= HTTP_MAX_HEADERS)
		return;
	/* truncated like snprintf, without its cost (six of these go with every answer) */
	(void)text_copy(resp->header_names[resp->nheaders], sizeof resp->header_names[0], name);
	(void)text_copy(resp->header_values[resp->nheaders], sizeof resp->header_values[0], value);
	resp->nheaders++;
}

const char *http_header(const struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *http_query(const struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_cookie(const struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

struct utf8_scan {
	const char *bad;
};

static enum MHD_Result scan_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct utf8_scan *u = cls;
	(void)kind;
	if (text_utf8_invalid_at(key, strlen(key)) >= 0 || (value && text_utf8_invalid_at(value, strlen(value)) >= 0)) {
		u->bad = key;
		return MHD_NO;
	}
	return MHD_YES;
}

const char *http_query_invalid_utf8(const struct http_req *r)
{
	struct utf8_scan u = {NULL};
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, scan_arg, &u);
	return u.bad;
}

static enum MHD_Result send_resp(struct MHD_Connection *c, struct http_resp *r, struct reqstate *rs)
{
	struct MHD_Response *mr;
	enum MHD_Result ret;

	if (r->status == 0)
		r->status = 500;
	if (r->static_body) {
		mr = MHD_create_response_from_buffer(r->static_len, (void *)r->static_body, MHD_RESPMEM_PERSISTENT);
	} else {
		/* The answer's buffer goes to libmicrohttpd as it is (it frees it), not a copy of it. */
		size_t len = r->body.len;
		char *data = buf_detach(&r->body);
		if (!data)
			return MHD_NO;
		mr = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
		if (!mr)
			free(data);
	}
	if (!mr)
		return MHD_NO;
	if (r->status != 204 && r->status != 304)
		MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
	for (int i = 0; i < r->nheaders; i++)
		MHD_add_response_header(mr, r->header_names[i], r->header_values[i]);
	rs->status = r->status;
	ret = MHD_queue_response(c, (unsigned)r->status, mr);
	MHD_destroy_response(mr);
	return ret;
}

static void client_ip(struct MHD_Connection *c, char *out, size_t cap)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, cap, "?");
	if (!ci || !ci->client_addr)
		return;
	if (ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)ci->client_addr)->sin_addr, out, (socklen_t)cap);
	else if (ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)ci->client_addr)->sin6_addr, out, (socklen_t)cap);
}

/* ---- connections: the header deadline and the cap on fresh connections of one address ---- */

static int same_addr(const struct conn_track *a, const struct conn_track *b)
{
	const struct sockaddr *x = (const struct sockaddr *)&a->addr, *y = (const struct sockaddr *)&b->addr;
	if (x->sa_family != y->sa_family)
		return 0;
	if (x->sa_family == AF_INET)
		return ((const struct sockaddr_in *)(const void *)x)->sin_addr.s_addr ==
		       ((const struct sockaddr_in *)(const void *)y)->sin_addr.s_addr;
	if (x->sa_family == AF_INET6)
		return memcmp(&((const struct sockaddr_in6 *)(const void *)x)->sin6_addr,
			      &((const struct sockaddr_in6 *)(const void *)y)->sin6_addr, sizeof(struct in6_addr)) == 0;
	return 0;
}

/* Ends a connection from outside libmicrohttpd's threads: the peer sees it closed, and
 * libmicrohttpd reads the end of the stream and closes it as any other. Under track_mu. */
static void track_cut(struct conn_track *t)
{
	if (t->cut)
		return;
	t->cut = 1;
	shutdown(t->fd, SHUT_RDWR);
}

/* A new connection that has not sent a request: when its address already has its share of such
 * connections open, the oldest of them whose request is not waiting unread goes (one whose request
 * came whole is a client the server has not caught up with, not an idle one). Under track_mu. */
static void track_fresh_cap(struct http_server *s, struct conn_track *t)
{
	unsigned fresh = 0;
	for (struct conn_track *o = s->first; o; o = o->next)
		if (o != t && !o->cut && !o->served && same_addr(o, t))
			fresh++;
	if (fresh < s->lim.fresh_per_ip)
		return;
	for (struct conn_track *o = s->first; o; o = o->next) {
		if (o == t || o->cut || o->served || !same_addr(o, t) || http_request_waiting(o->fd, s->lim.tls_cert != NULL))
			continue;
		track_cut(o);
		log_warn("connection from one address cut: %u of its connections had sent no request", fresh);
		return;
	}
}

static void notify_conn(void *cls, struct MHD_Connection *c, void **socket_context, enum MHD_ConnectionNotificationCode toe)
{
	struct http_server *s = cls;
	struct conn_track *t = *socket_context;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *fd = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		const union MHD_ConnectionInfo *ad = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		t = calloc(1, sizeof *t);
		if (!t || !fd) {
			free(t);
			return; /* untracked: libmicrohttpd's idle timeout still ends it */
		}
		t->fd = fd->connect_fd;
		if (ad && ad->client_addr) {
			t->addr_len = ad->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
			memcpy(&t->addr, ad->client_addr, t->addr_len);
		}
		t->deadline_us = log_now_us() + (int64_t)s->lim.header_timeout_s * 1000000;
		pthread_mutex_lock(&s->track_mu);
		t->prev = s->last;
		if (s->last)
			s->last->next = t;
		else
			s->first = t;
		s->last = t;
		track_fresh_cap(s, t);
		pthread_mutex_unlock(&s->track_mu);
		*socket_context = t;
	} else if (toe == MHD_CONNECTION_NOTIFY_CLOSED && t) {
		pthread_mutex_lock(&s->track_mu);
		if (t->prev)
			t->prev->next = t->next;
		else
			s->first = t->next;
		if (t->next)
			t->next->prev = t->prev;
		else
			s->last = t->prev;
		pthread_mutex_unlock(&s->track_mu);
		free(t);
		*socket_context = NULL;
	}
}

/* Headers came whole (begun = 1: no deadline while the request is served) or the answer went
 * out (begun = 0: the next request on the connection has a deadline from now). */
static void track_request(struct http_server *s, struct MHD_Connection *c, int begun)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct conn_track *t = ci ? ci->socket_context : NULL;
	if (!t)
		return;
	pthread_mutex_lock(&s->track_mu);
	if (begun)
		t->served++;
	t->deadline_us = begun ? 0 : log_now_us() + (int64_t)s->lim.header_timeout_s * 1000000;
	pthread_mutex_unlock(&s->track_mu);
}

int http_request_waiting(int fd, int tls)
{
	char peek[8192];
	int unread = 0;
	ssize_t n;

	if (ioctl(fd, FIONREAD, &unread) < 0 || unread <= 0)
		return 0;
	if (tls)
		return 1;
	n = recv(fd, peek, sizeof peek, MSG_PEEK | MSG_DONTWAIT);
	if (n <= 0)
		return 0;
	/* the blank line that ends the headers, or the end of it when the server has read its start */
	if (peek[0] == '\n' || (n >= 2 && peek[0] == '\r' && peek[1] == '\n'))
		return 1;
	return memmem(peek, (size_t)n, "\r\n\r\n", 4) != NULL || memmem(peek, (size_t)n, "\n\n", 2) != NULL;
}

static void *sweeper_main(void *arg)
{
	struct http_server *s = arg;
	pthread_mutex_lock(&s->track_mu);
	while (!s->sweep_stop) {
		struct timespec ts;
		int64_t now = log_now_us();
		unsigned n = 0, held = 0;
		for (struct conn_track *t = s->first; t; t = t->next) {
			if (!t->deadline_us || now < t->deadline_us || t->cut)
				continue;
			/* The client sent its request and the server has not read it yet (its threads
			 * were serving others): that is the server's delay, not a slow client's. */
			if (http_request_waiting(t->fd, s->lim.tls_cert != NULL)) {
				t->deadline_us = now + (int64_t)s->lim.header_timeout_s * 1000000;
				held++;
				continue;
			}
			track_cut(t);
			n++;
		}
		if (n)
			log_info("%u connection(s) cut: no complete request headers within %u s", n, s->lim.header_timeout_s);
		if (held)
			log_info("%u connection(s) kept past the header deadline: their requests came whole and wait to be read", held);
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += 250 * 1000000L; /* a deadline is kept to a quarter of a second */
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&s->sweep_cv, &s->track_mu, &ts);
	}
	pthread_mutex_unlock(&s->track_mu);
	return NULL;
}

static int sweeper_start(struct http_server *s)
{
	pthread_condattr_t ca;
	pthread_mutex_init(&s->track_mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->sweep_cv, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&s->sweeper, NULL, sweeper_main, s) != 0)
		return -1;
	s->sweeping = 1;
	return 0;
}

static void sweeper_stop(struct http_server *s)
{
	if (s->sweeping) {
		pthread_mutex_lock(&s->track_mu);
		s->sweep_stop = 1;
		pthread_cond_signal(&s->sweep_cv);
		pthread_mutex_unlock(&s->track_mu);
		pthread_join(s->sweeper, NULL);
	}
	pthread_mutex_destroy(&s->track_mu);
	pthread_cond_destroy(&s->sweep_cv);
}

/* Hands a write to the workers, its connection suspended until one answers: 1. Once the server
 * is stopping (the workers may be gone) 0: the caller answers it on this thread. */
static int dispatch(struct http_server *s, struct reqstate *rs, struct MHD_Connection *c, const struct http_req *req)
{
	pthread_mutex_lock(&s->mu);
	if (s->stopping) {
		pthread_mutex_unlock(&s->mu);
		return 0;
	}
	rs->req = *req;
	resp_init(&rs->resp);
	rs->conn = c;
	rs->dispatched = 1;
	MHD_suspend_connection(c);
	s->suspended++;
	rs->next = NULL;
	if (s->tail)
		s->tail->next = rs;
	else
		s->head = rs;
	s->tail = rs;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
	return 1;
}

/* A dispatched request's connection is MHD's again (answered after its resume, or closed). */
static void taken_back(struct http_server *s, struct reqstate *rs)
{
	pthread_mutex_lock(&s->mu);
	if (rs->dispatched && !rs->back) {
		rs->back = 1;
		s->suspended--;
	}
	pthread_mutex_unlock(&s->mu);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
			      const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct http_server *s = cls;
	struct reqstate *rs = *con_cls;
	struct http_req req;
	struct http_resp resp;
	enum MHD_Result ret;
	(void)version;

	if (!rs) {
		const char *cl;
		track_request(s, c, 1);
		rs = calloc(1, sizeof *rs);
		if (!rs)
			return MHD_NO;
		rs->start_us = log_now_us();
		rs->body.limit = s->lim.body_max + 1;
		*con_cls = rs;
		cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl) {
			int64_t n;
			if (text_parse_i64(cl, 0, INT64_MAX, &n) < 0 || (uint64_t)n > s->lim.body_max)
				rs->too_large = 1;
		}
		return MHD_YES;
	}
	if (*upload_size) {
		if (!rs->too_large && buf_add(&rs->body, upload, *upload_size) < 0)
			rs->too_large = 1;
		*upload_size = 0;
		return MHD_YES;
	}

	if (rs->dispatched) {
		/* Resumed by a worker: the answer is ready. */
		taken_back(s, rs);
		ret = send_resp(c, &rs->resp, rs);
		buf_free(&rs->resp.body);
		log_info("%s %s %d %lldus", method, url, rs->status, (long long)(log_now_us() - rs->start_us));
		return ret;
	}
	resp_init(&resp);
	if (rs->too_large || rs->body.len > s->lim.body_max) {
		resp.status = too_large_body(&resp.body, s->lim.body_max) < 0 ? 500 : 413;
	} else {
		memset(&req, 0, sizeof req);
		req.method = method;
		req.path = url;
		req.body = buf_str(&rs->body);
		req.body_len = rs->body.len;
		req.conn = c;
		req.tls = s->lim.tls_cert != NULL;
		client_ip(c, req.ip, sizeof req.ip);
		if (s->nworkers && strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 && dispatch(s, rs, c, &req)) {
			buf_free(&resp.body); /* the worker answers in rs->resp */
			return MHD_YES;
		}
		s->fn(s->app, &req, &resp);
	}
	ret = send_resp(c, &resp, rs);
	buf_free(&resp.body);
	log_info("%s %s %d %lldus", method, url, rs->status, (long long)(log_now_us() - rs->start_us));
	return ret;
}

static void *worker_main(void *arg)
{
	struct http_server *s = arg;
	pthread_mutex_lock(&s->mu);
	for (;;) {
		struct reqstate *rs;
		while (!s->head && !s->stopping)
			pthread_cond_wait(&s->cv, &s->mu);
		if (!s->head)
			break;
		rs = s->head;
		s->head = rs->next;
		if (!s->head)
			s->tail = NULL;
		pthread_mutex_unlock(&s->mu);
		s->fn(s->app, &rs->req, &rs->resp);
		rs->done = 1;
		MHD_resume_connection(rs->conn);
		pthread_mutex_lock(&s->mu);
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct reqstate *rs = *con_cls;
	(void)toe;
	track_request(cls, c, 0); /* kept alive: the next request's headers have a deadline too */
	if (!rs)
		return;
	taken_back(cls, rs);
	buf_free(&rs->body);
	buf_free(&rs->resp.body);
	free(rs);
	*con_cls = NULL;
}

static int parse_addr(const char *addr, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[128];
	const char *colon = strrchr(addr, ':');
	int64_t port;
	size_t hl;

	if (!colon || text_parse_i64(colon + 1, 1, 65535, &port) < 0)
		return -1;
	hl = (size_t)(colon - addr);
	if (hl >= sizeof host)
		return -1;
	memcpy(host, addr, hl);
	host[hl] = '\0';
	memset(ss, 0, sizeof *ss);
	if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
		host[hl - 1] = '\0';
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
			return -1;
		*len = sizeof *a6;
	} else {
		struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		if (hl == 0)
			a4->sin_addr.s_addr = htonl(INADDR_ANY);
		else if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
			return -1;
		*len = sizeof *a4;
	}
	return 0;
}

int http_start(const char *addr, const struct http_limits *lim, http_dispatch_fn fn, void *app,
	       struct http_server **ret, char *why, size_t why_cap)
{
	struct http_server *s;
	struct sockaddr_storage ss;
	socklen_t sl;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME;

	if (parse_addr(addr, &ss, &sl) < 0) {
		snprintf(why, why_cap, "cannot parse listen address %s (want HOST:PORT)", addr);
		return -1;
	}
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(why, why_cap, "out of memory");
		return -1;
	}
	s->lim = *lim;
	s->fn = fn;
	s->app = app;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	if (sweeper_start(s) < 0) {
		snprintf(why, why_cap, "cannot start a thread");
		http_stop(s);
		return -1;
	}
	s->workers = calloc(lim->write_workers ? lim->write_workers : 1, sizeof *s->workers);
	for (unsigned i = 0; s->workers && i < lim->write_workers; i++) {
		if (pthread_create(&s->workers[i], NULL, worker_main, s) != 0)
			break;
		s->nworkers++;
	}
	{
		/* TLS 1.2 and 1.3 only, through GnuTLS; the certificate and key are given as PEM text. */
		struct MHD_OptionItem tls[] = {
			{MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)lim->tls_cert},
			{MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)lim->tls_key},
			{MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:%SERVER_PRECEDENCE"},
			{MHD_OPTION_END, 0, NULL},
		};
		if (lim->tls_cert)
			flags |= MHD_USE_TLS;
		s->d = MHD_start_daemon(flags, 0, NULL, NULL, handle, s,
					MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
					MHD_OPTION_THREAD_POOL_SIZE, lim->threads,
					MHD_OPTION_CONNECTION_LIMIT, lim->conn_max,
					MHD_OPTION_PER_IP_CONNECTION_LIMIT, lim->conn_per_ip,
					MHD_OPTION_CONNECTION_TIMEOUT, lim->timeout_s,
					MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32 * 1024,
					MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024,
					MHD_OPTION_NOTIFY_COMPLETED, completed, s,
					MHD_OPTION_NOTIFY_CONNECTION, notify_conn, s,
					MHD_OPTION_ARRAY, lim->tls_cert ? tls : tls + 3,
					MHD_OPTION_END);
	}
	if (!s->d) {
		snprintf(why, why_cap, lim->tls_cert ? "cannot listen on %s (in use, not allowed, or the TLS certificate and key do not load or match)"
						      : "cannot listen on %s (in use, or not allowed)", addr);
		http_stop(s);
		return -1;
	}
	*ret = s;
	return 0;
}

void http_stop(struct http_server *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->mu);
	s->stopping = 1;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	for (unsigned i = 0; i < s->nworkers; i++)
		pthread_join(s->workers[i], NULL);
	/* The workers answered and resumed every write they took; MHD takes each connection back on
	 * its own thread. Waited for (at most 10 s): a suspended one left would abort the stop. */
	for (int i = 0; i < 2000; i++) {
		unsigned left;
		pthread_mutex_lock(&s->mu);
		left = s->suspended;
		pthread_mutex_unlock(&s->mu);
		if (!left)
			break;
		nanosleep(&(struct timespec){0, 5 * 1000 * 1000}, NULL);
	}
	if (s->d)
		MHD_stop_daemon(s->d); /* every connection's CLOSED notice: the tracked list is empty */
	sweeper_stop(s);
	free(s->workers);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	free(s);
}

static const char *skip_ows(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* The qvalue at p (after "q="): 0 when it is zero ("0", "0.0", "0.000") or not a qvalue, else 1.
 * Only whether it is zero matters here; no number is made of it. */
static int qvalue_nonzero(const char *p)
{
	int nonzero = 0;

	if (*p != '0' && *p != '1')
		return 0;
	nonzero = *p == '1';
	p++;
	if (*p == '.') {
		p++;
		for (int i = 0; i < 3 && *p >= '0' && *p <= '9'; i++, p++)
			nonzero |= *p != '0';
	}
	p = skip_ows(p);
	return (*p == '\0' || *p == ',' || *p == ';') ? nonzero : 0;
}

int http_accepts_coding(const char *accept_encoding, const char *coding)
{
	const char *p = accept_encoding;
	size_t clen = strlen(coding);
	int named = -1, star = -1;

	if (!p)
		return 0;
	while (*p) {
		const char *tok;
		size_t tlen;
		int ok = 1;

		p = skip_ows(p);
		tok = p;
		while (*p && *p != ',' && *p != ';' && *p != ' ' && *p != '\t')
			p++;
		tlen = (size_t)(p - tok);
		/* the parameters: only q counts */
		while (*p && *p != ',') {
			p = skip_ows(p);
			if (*p == ';') {
				p = skip_ows(p + 1);
				if ((p[0] == 'q' || p[0] == 'Q') && p[1] == '=')
					ok = qvalue_nonzero(skip_ows(p + 2));
			}
			while (*p && *p != ',' && *p != ';')
				p++;
		}
		if (tlen == 1 && tok[0] == '*')
			star = ok;
		else if ((tlen == clen && strncasecmp(tok, coding, clen) == 0) ||
			 (strcmp(coding, "gzip") == 0 && tlen == 6 && strncasecmp(tok, "x-gzip", 6) == 0))
			named = named > 0 ? named : ok;
		if (*p == ',')
			p++;
	}
	return named >= 0 ? named : star > 0;
}

int http_etag_matches(const char *if_none_match, const char *etag)
{
	const char *p = if_none_match;
	size_t elen = strlen(etag);

	if (!p)
		return 0;
	while (*p) {
		const char *tag;

		p = skip_ows(p);
		if (*p == '*')
			return 1;
		if (p[0] == 'W' && p[1] == '/')
			p += 2;    /* If-None-Match compares weakly: W/"x" matches "x" */
		tag = p;
		if (*p == '"') {
			p++;
			while (*p && *p != '"')
				p++;
			if (*p == '"')
				p++;
		}
		if ((size_t)(p - tag) == elen && memcmp(tag, etag, elen) == 0)
			return 1;
		while (*p && *p != ',')
			p++;
		if (*p == ',')
			p++;
	}
	return 0;
}
