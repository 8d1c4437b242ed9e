/* server.h - the HTTP edge: routes, authentication, the permission check, JSON in and out, and
 * the write path (idempotency + group commit). Module handlers (<module>_http.c) use this. */
#ifndef DAFTAR_SERVER_H
#define DAFTAR_SERVER_H

#include <stdint.h>

#include <jansson.h>

#include "auth/auth.h"
#include "lib/buf.h"
#include "lib/db.h"
#include "lib/err.h"
#include "lib/http.h"
#include "lib/jsonw.h"
#include "lib/page.h"
#include "lib/store.h"
#include "server/input.h"

struct app {
	struct store *store;
	struct auth_throttle throttle;
	int trust_proxy;       /* believe X-Forwarded-Proto/For from a reverse proxy */
	const struct route_table *const *routes;
};

/* One request as a handler sees it. */
struct call {
	struct app *app;
	struct http_req *req;
	struct http_resp *resp;
	struct db *db;             /* this thread's connection, for reads */
	struct auth_ctx auth;
	int authed;
	int64_t cid;               /* {cid} from the path, 0 when none */
	int64_t id;                /* {id} from the path, 0 when none */
	enum role role;            /* the caller's role in cid */
	struct err err;
	struct buf err_extra;      /* extra members for the error object, as JSON text: "existing":{...} */
	/* The answer an Idempotency-Key replays, when it must differ from the one sent (call_secret). */
	struct buf replay;
	int has_replay;
	json_t *json;              /* the parsed body, owned */
};

typedef int (*handler_fn)(struct call *c);
/* A unit of work run in the write transaction: do the domain call and render the response body
 * into c->resp (status too). Runs on the writer's connection `db`, never c->db. */
typedef int (*action_fn)(struct db *db, struct call *c, void *arg, struct err *e);

enum access {
	ACCESS_PUBLIC,   /* no login needed */
	ACCESS_USER,     /* any logged-in user */
	ACCESS_COMPANY,  /* a member of {cid} holding the route's permission */
};

struct route {
	const char *method;
	const char *pattern;     /* segments; "{cid}" and "{id}" capture positive integers */
	handler_fn fn;
	enum access access;
	enum perm perm;
};

/* A module's endpoints: each <module>_http.c defines one, and the composition file (src/api/api.c)
 * lists them all; the server itself knows none. */
struct route_table {
	const char *module;
	const struct route *routes;
	size_t n;
};
#define ROUTE_TABLE(name, module_, arr) const struct route_table name = {module_, arr, sizeof(arr) / sizeof((arr)[0])}

/* Starts listening; returns 0 or -1 with a reason. Zeros take the defaults below: connections in
 * all, from one address (an office behind one NAT address shares it), and the seconds a request's
 * headers have to arrive in whole. */
#define SERVER_CONN_MAX 2048
#define SERVER_CONN_PER_IP 512
#define SERVER_HEADER_TIMEOUT_S 10
struct server_opts {
	const char *listen;
	unsigned threads;
	size_t body_max;
	unsigned conn_max;
	unsigned conn_per_ip;
	unsigned header_timeout_s;
	unsigned write_workers;
	int trust_proxy;
	const char *tls_cert, *tls_key;   /* PEM text: serve HTTPS (see http_limits); NULL: HTTP */
	struct auth_throttle throttle;
	const struct route_table *const *routes;   /* NULL-terminated */
};
int server_run(struct store *store, const struct server_opts *o, struct http_server **ret, char *why, size_t cap);
void server_dispatch(void *app, struct http_req *req, struct http_resp *resp);

/* Reads the request body against a declared form (server/input.h) into out; *ret_present gets
 * a bit per field given (may be NULL). Errors name the member. The one way to read a body. */
int call_read(struct call *c, const struct input_form *form, void *out, uint64_t *ret_present);
/* The request came over HTTPS: our own TLS, or a trusted proxy's (X-Forwarded-Proto: https). */
int call_https(const struct call *c);
/* The session cookie's name: "__Host-daftar_session" over HTTPS (Secure, this host only, Path=/),
 * "daftar_session" over plain HTTP (loopback, development). */
const char *call_session_cookie(const struct call *c);
/* A query parameter as a bounded integer; absent leaves *ret unchanged. */
int call_query_int(struct call *c, const char *name, int64_t min, int64_t max, int64_t *ret);
/* ?limit=&after= of a list: limit 1..PAGE_LIMIT_MAX (PAGE_LIMIT_DEFAULT when absent), after a
 * positive cursor the previous page gave as "next" (0: the first page). */
int call_page(struct call *c, struct page *ret);
/* Writes {"items":[<items>],"next":"N"|null} as the answer (200), items being JSON text. */
int call_reply_page(struct call *c, const struct buf *items, int64_t next);
/* A JSON answer: call_json starts the body (emptied) in w; call_json_done sets the status and
 * content type, or fails with ERR_INTERNAL when the writer ran out of room. */
void call_json(struct call *c, struct jsonw *w);
int call_json_done(struct call *c, struct jsonw *w, int status) __attribute__((warn_unused_result));
/* Version from If-Match ("3" or 3 or W/"3"); required. */
int call_if_match(struct call *c, int64_t *ret);
/* Runs action in a write transaction, honouring Idempotency-Key. */
int call_write(struct call *c, action_fn action, void *arg);
/* An answer that shows a secret once (a new API token, a password made for someone): inside a
 * write action, after the answer is rendered, w is started on the body a replay of its
 * Idempotency-Key answers instead, which the action writes without the secret. A secret is never
 * kept in the database, not even for a replay. */
void call_secret(struct call *c, struct jsonw *w);
/* Sets status and content type for a JSON reply whose body the caller writes. */
void call_json_status(struct call *c, int status);

#endif
