/* server.c - routes, authentication, CSRF, membership and permission checks, static files,
 * error rendering, JSON input helpers and the idempotent write path. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/secure.h"
#include "lib/clock.h"
#include "lib/embed.h"
#include "lib/jsonw.h"
#include "lib/log.h"
#include "lib/money.h"
#include "server/server.h"
#include "lib/text.h"
#include "lib/banned.h"

static const char csp[] = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
			  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/* Matches path against pattern, capturing {cid} and {id}. 1 on match. */
static int match(const char *pattern, const char *path, int64_t *cid, int64_t *id)
{
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p == '{') {
			int64_t *slot = strncmp(p, "{cid}", 5) == 0 ? cid : id;
			char num[24];
			size_t n = 0;
			while (*s && *s != '/') {
				if (n + 1 >= sizeof num)
					return 0;
				num[n++] = *s++;
			}
			num[n] = '\0';
			if (text_parse_i64(num, 1, INT64_MAX, slot) < 0 || num[0] == '-')
				return -1; /* shape matches but the number is bad: 404 */
			p = strchr(p, '}') + 1;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	return *p == '\0' && *s == '\0';
}

/* The reason and figures of an error (err_reason, err_detail_*), as members of the error object. */
static void error_details(struct jsonw *w, const struct err *e)
{
	if (e->reason[0])
		jsonw_kstr(w, "reason", e->reason);
	for (int i = 0; i < e->ndetails && i < ERR_MAX_DETAILS; i++) {
		const struct err_detail *d = &e->detail[i];
		char q[32];
		switch (d->type) {
		case ERR_DETAIL_INT:
			jsonw_ki64(w, d->key, d->v);
			break;
		case ERR_DETAIL_MONEY:
			jsonw_kmoney(w, d->key, d->v);
			break;
		case ERR_DETAIL_QTY:
			decimal_format(d->v, 3, q, sizeof q);
			jsonw_kstr(w, d->key, q);
			break;
		default:
			jsonw_kstr(w, d->key, d->text);
			break;
		}
	}
}

static void error_body(struct call *c)
{
	struct jsonw w;
	struct http_resp *r = c->resp;
	int code = c->err.code ? c->err.code : ERR_INTERNAL;

	buf_reset(&r->body);
	r->status = err_http_status(code);
	r->content_type = "application/json";
	r->static_body = NULL;
	jsonw_init(&w, &r->body);
	jsonw_obj(&w);
	jsonw_key(&w, "error");
	jsonw_obj(&w);
	jsonw_kstr(&w, "code", err_name(code));
	jsonw_kstr(&w, "message", code == ERR_INTERNAL ? "internal error" : c->err.msg);
	if (c->err.field[0])
		jsonw_kstr(&w, "field", c->err.field);
	if (code != ERR_INTERNAL)
		error_details(&w, &c->err);
	if (c->err_extra.len)
		jsonw_raw(&w, buf_str(&c->err_extra));
	jsonw_obj_end(&w);
	jsonw_obj_end(&w);
	if (jsonw_ok(&w) < 0) {
		buf_reset(&r->body);
		r->status = 500;
	}
	if (code == ERR_THROTTLED) {
		char v[24];
		snprintf(v, sizeof v, "%lld", (long long)(c->err.aux > 0 ? c->err.aux : 1));
		http_resp_header(r, "Retry-After", v);
	}
}

static const char *mime(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot)
		return "application/octet-stream";
	if (!strcmp(dot, ".html"))
		return "text/html; charset=utf-8";
	if (!strcmp(dot, ".js") || !strcmp(dot, ".mjs"))
		return "text/javascript; charset=utf-8";
	if (!strcmp(dot, ".css"))
		return "text/css; charset=utf-8";
	if (!strcmp(dot, ".json"))
		return "application/json; charset=utf-8";
	if (!strcmp(dot, ".svg"))
		return "image/svg+xml";
	if (!strcmp(dot, ".png"))
		return "image/png";
	if (!strcmp(dot, ".ico"))
		return "image/x-icon";
	if (!strcmp(dot, ".woff2"))
		return "font/woff2";
	return "application/octet-stream";
}

/* A file of web/: the gzip copy when the client takes gzip, each with its ETag; 304 when the
 * client's copy is that one. Every answer says no-cache: the browser asks again each time (so a
 * new binary is seen at once) and a 304 keeps that cheap. */
static void serve_static(struct http_req *req, struct http_resp *resp)
{
	char name[256];
	const struct embedded_file *f = NULL;
	int gz;

	if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
		resp->status = 404;
		resp->static_body = "{\"error\":{\"code\":\"not_found\",\"message\":\"no such page\"}}";
		resp->static_len = strlen(resp->static_body);
		return;
	}
	if (strstr(req->path, "..") == NULL && strlen(req->path) < sizeof name - 8) {
		snprintf(name, sizeof name, "web%s", strcmp(req->path, "/") == 0 ? "/index.html" : req->path);
		f = embed_find(name);
		/* The app routes by #hash; any other page path without an extension gets the shell. */
		if (!f && !strchr(strrchr(req->path, '/'), '.'))
			f = embed_find("web/index.html");
	}
	if (!f) {
		resp->status = 404;
		resp->static_body = "{\"error\":{\"code\":\"not_found\",\"message\":\"no such file\"}}";
		resp->static_len = strlen(resp->static_body);
		return;
	}
	gz = f->gz && http_accepts_coding(http_header(req, "Accept-Encoding"), "gzip");
	http_resp_header(resp, "Cache-Control", "no-cache");
	http_resp_header(resp, "ETag", gz ? f->gz_etag : f->etag);
	if (f->gz)
		http_resp_header(resp, "Vary", "Accept-Encoding");
	resp->content_type = mime(f->name);
	if (http_etag_matches(http_header(req, "If-None-Match"), gz ? f->gz_etag : f->etag)) {
		resp->status = 304;
		resp->static_body = "";
		resp->static_len = 0;
		return;
	}
	if (gz)
		http_resp_header(resp, "Content-Encoding", "gzip");
	resp->status = 200;
	resp->static_body = gz ? f->gz : f->data;
	resp->static_len = gz ? f->gz_len : f->len;
}

static int request_https(const struct app *app, const struct http_req *req)
{
	const char *proto = app->trust_proxy ? http_header(req, "X-Forwarded-Proto") : NULL;
	return req->tls || (proto && strcmp(proto, "https") == 0);
}

int call_https(const struct call *c) { return request_https(c->app, c->req); }

const char *call_session_cookie(const struct call *c)
{
	return call_https(c) ? "__Host-daftar_session" : "daftar_session";
}

/* Authenticates from a Bearer token or the session cookie. */
static int authenticate(struct call *c)
{
	const char *h = http_header(c->req, "Authorization");
	const char *cookie;

	if (h && strncmp(h, "Bearer ", 7) == 0)
		return auth_token_check(c->db, h + 7, clock_now(), &c->auth, &c->err);
	cookie = http_cookie(c->req, call_session_cookie(c));
	if (!cookie)
		return err_setr(&c->err, ERR_UNAUTHENTICATED, NULL, "login_required", "please log in");
	return auth_session_check(c->db, cookie, clock_now(), &c->auth, &c->err);
}

struct touch_ctx {
	const char *hash;    /* the session's, or NULL for a token */
	int64_t token_id;
	int64_t now;
};

/* The session's last activity, or the token's last use. */
static int touch_work(struct db *db, void *p, struct err *e)
{
	struct touch_ctx *t = p;
	return t->hash ? auth_session_touch(db, t->hash, t->now, e) : auth_token_touch(db, t->token_id, t->now, e);
}

static int is_write(const char *m) { return strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0; }

/* Behind a trusted reverse proxy the client is the last address the proxy appended. */
static void client_from_proxy(struct http_req *req)
{
	const char *xff = http_header(req, "X-Forwarded-For");
	const char *last;

	if (!xff || !*xff)
		return;
	last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	while (*last == ' ')
		last++;
	if (*last && strlen(last) < sizeof req->ip && !text_has_controls(last))
		snprintf(req->ip, sizeof req->ip, "%s", last);
}

/* The route for the request's method and path, its company and record ids in c; NULL with
 * c->err set (404, or 405-like "not allowed here" when the path exists for another method). */
static const struct route *route_find(struct call *c)
{
	int path_match = 0;

	for (const struct route_table *const *t = c->app->routes; t && *t; t++) {
		for (size_t i = 0; i < (*t)->n; i++) {
			const struct route *r = &(*t)->routes[i];
			int64_t cid = 0, id = 0;
			int m = match(r->pattern, c->req->path, &cid, &id);
			if (m < 0)
				path_match = -1;
			if (m <= 0)
				continue;
			path_match = 1;
			if (strcmp(r->method, c->req->method) == 0) {
				c->cid = cid;
				c->id = id;
				return r;
			}
		}
	}
	err_setr(&c->err, ERR_NOT_FOUND, NULL, path_match > 0 ? "method_not_allowed" : "no_endpoint",
		 path_match > 0 ? "method %s is not allowed here" : "no such endpoint", c->req->method);
	return NULL;
}

/* The path and the query must be UTF-8: query text goes into SQL, and PostgreSQL refuses
 * invalid UTF-8 with an error. */
static int request_text_check(struct call *c)
{
	const char *bad;

	if (text_utf8_invalid_at(c->req->path, strlen(c->req->path)) >= 0)
		return err_setr(&c->err, ERR_INVALID, "path", "not_utf8", "path is not valid UTF-8");
	bad = http_query_invalid_utf8(c->req);
	if (bad) {
		int named = strlen(bad) < 60 && text_utf8_invalid_at(bad, strlen(bad)) < 0;
		return err_setr(&c->err, ERR_INVALID, named ? bad : "query", "not_utf8", "query parameter %s is not valid UTF-8", named ? bad : "");
	}
	return 0;
}

/* Who is calling, whether a session's write carries its CSRF token, and whether the caller's
 * role in the company may do what the route does. *touch says the session's activity (or the
 * token's use) is due to be recorded (after the answer, at most once a minute). */
static int access_check(struct call *c, const struct route *rt, int *touch)
{
	if (rt->access == ACCESS_PUBLIC)
		return 0;
	if (authenticate(c) < 0)
		return -1;
	c->authed = 1;
	if (c->auth.via_session && is_write(c->req->method)) {
		const char *t = http_header(c->req, "X-CSRF-Token");
		if (!t || strlen(t) != strlen(c->auth.csrf) || !secure_equal(t, c->auth.csrf, strlen(t)))
			return err_setr(&c->err, ERR_FORBIDDEN, "csrf_token", "csrf_token", "missing or wrong X-CSRF-Token header");
	}
	*touch = clock_now() - c->auth.last_seen >= 60;
	if (rt->access != ACCESS_COMPANY)
		return 0;
	if (auth_membership(c->db, c->auth.user.id, c->cid, &c->role, &c->err) < 0)
		return -1;
	if (!auth_role_can(c->role, rt->perm)) {
		err_setr(&c->err, ERR_FORBIDDEN, NULL, "role_forbidden", "your role (%s) may not %s", auth_role_name(c->role),
			 auth_perm_name(rt->perm));
		return err_detail_text(&c->err, "role", auth_role_name(c->role));
	}
	return 0;
}

/* Runs the route: checks, the read snapshot of a GET, the handler. */
static int dispatch_api(struct call *c, int *in_read_tx, int *touch)
{
	const struct route *rt = route_find(c);

	if (!rt || request_text_check(c) < 0)
		return -1;
	c->db = store_db(c->app->store, &c->err);
	if (!c->db)
		return -1;
	/* A read request reads in one snapshot: a report made of several queries never mixes two
	 * states of the books (and on SQLite it takes its file locks once, not per statement). */
	if (!is_write(c->req->method) && db_begin_read(c->db, &c->err) == 0)
		*in_read_tx = 1;
	err_clear(&c->err);
	if (access_check(c, rt, touch) < 0)
		return -1;
	return rt->fn(c);
}

void server_dispatch(void *appv, struct http_req *req, struct http_resp *resp)
{
	struct app *app = appv;
	struct call c;
	int in_read_tx = 0, touch = 0;

	if (app->trust_proxy)
		client_from_proxy(req);
	http_resp_header(resp, "Content-Security-Policy", csp);
	http_resp_header(resp, "X-Content-Type-Options", "nosniff");
	http_resp_header(resp, "Referrer-Policy", "no-referrer");
	http_resp_header(resp, "X-Frame-Options", "DENY");
	if (request_https(app, req))
		http_resp_header(resp, "Strict-Transport-Security", "max-age=31536000; includeSubDomains");
	if (strncmp(req->path, "/api/", 5) != 0) {
		serve_static(req, resp);
		return;
	}
	http_resp_header(resp, "Cache-Control", "no-store");
	memset(&c, 0, sizeof c);
	c.app = app;
	c.req = req;
	c.resp = resp;
	c.err_extra.limit = 1 << 20;
	c.replay.limit = 1 << 20;
	resp->body.limit = (size_t)64 << 20;

	if (dispatch_api(&c, &in_read_tx, &touch) < 0)
		error_body(&c);
	else if (!resp->status)
		resp->status = 200;
	if (in_read_tx)
		db_rollback(c.db);
	/* A write of its own, outside the read snapshot (on PostgreSQL this thread's connection
	 * commits it), and only once the request has been served. */
	if (touch) {
		struct touch_ctx t = {c.auth.via_session ? c.auth.session_hash : NULL, c.auth.token_id, clock_now()};
		struct err te = ERR_INIT;
		if (store_write(app->store, touch_work, &t, &te) < 0)
			log_warn("%s touch failed: %s", t.hash ? "session" : "token", te.msg);
	}
	if (resp->status >= 500)
		log_error("%s %s: %s", req->method, req->path, c.err.msg);
	json_decref(c.json);
	buf_free(&c.err_extra);
	buf_free(&c.replay);
}

int server_run(struct store *store, const struct server_opts *o, struct http_server **ret, char *why, size_t cap)
{
	static struct app app;
	struct http_limits lim = {
		.body_max = o->body_max ? o->body_max : (size_t)1 << 20,
		.threads = o->threads ? o->threads : 4,
		.conn_max = o->conn_max ? o->conn_max : SERVER_CONN_MAX,
		.conn_per_ip = o->conn_per_ip ? o->conn_per_ip : SERVER_CONN_PER_IP,
		.timeout_s = 30,
		.header_timeout_s = o->header_timeout_s ? o->header_timeout_s : SERVER_HEADER_TIMEOUT_S,
		.write_workers = o->write_workers ? o->write_workers : 64,
		.tls_cert = o->tls_cert,
		.tls_key = o->tls_key,
	};
	/* A quarter of an address's connections may be fresh (no request sent yet): an office behind
	 * one address opens them a few at a time and sends at once; a trickler is cut. */
	lim.fresh_per_ip = lim.conn_per_ip / 4 ? lim.conn_per_ip / 4 : 1;
	app.store = store;
	app.throttle = o->throttle;
	app.trust_proxy = o->trust_proxy;
	app.routes = o->routes;
	return http_start(o->listen, &lim, server_dispatch, &app, ret, why, cap);
}

/* ---- input ---- */

int call_read(struct call *c, const struct input_form *form, void *out, uint64_t *ret_present)
{
	int rc;
	if (!c->json && (rc = input_parse(c->req->body, c->req->body_len, &c->json, &c->err)) < 0)
		return rc;
	return input_read(c->json, form, out, ret_present, &c->err);
}

int call_page(struct call *c, struct page *ret)
{
	int64_t limit = PAGE_LIMIT_DEFAULT, after = 0;
	int rc;
	if ((rc = call_query_int(c, "limit", 1, PAGE_LIMIT_MAX, &limit)) < 0 || (rc = call_query_int(c, "after", 1, INT64_MAX, &after)) < 0)
		return rc;
	ret->limit = (int)limit;
	ret->after = after;
	return 0;
}

int call_reply_page(struct call *c, const struct buf *items, int64_t next)
{
	struct jsonw w;
	call_json(c, &w);
	jsonw_obj(&w);
	jsonw_key(&w, "items");
	jsonw_raw(&w, items->len ? buf_str(items) : "[]");
	jsonw_key(&w, "next");
	if (next) {
		char cur[24];
		snprintf(cur, sizeof cur, "%lld", (long long)next);
		jsonw_str(&w, cur);
	} else {
		jsonw_null(&w);
	}
	jsonw_obj_end(&w);
	return call_json_done(c, &w, 200);
}

void call_json(struct call *c, struct jsonw *w)
{
	buf_reset(&c->resp->body);
	jsonw_init(w, &c->resp->body);
}

int call_json_done(struct call *c, struct jsonw *w, int status)
{
	if (jsonw_ok(w) < 0)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	call_json_status(c, status);
	return 0;
}

int call_query_int(struct call *c, const char *name, int64_t min, int64_t max, int64_t *ret)
{
	const char *s = http_query(c->req, name);
	if (!s || !*s)
		return 0;
	if (text_parse_i64(s, min, max, ret) < 0) {
		err_setr(&c->err, ERR_INVALID, name, "out_of_range", "%s must be a number from %lld to %lld", name, (long long)min,
			 (long long)max);
		err_detail_int(&c->err, "min", min);
		return err_detail_int(&c->err, "max", max);
	}
	return 0;
}

int call_if_match(struct call *c, int64_t *ret)
{
	const char *h = http_header(c->req, "If-Match");
	char v[32];
	size_t n;
	if (!h)
		return err_setr(&c->err, ERR_INVALID, "If-Match", "if_match_required", "the If-Match header with the version you read is required");
	if (strncmp(h, "W/", 2) == 0)
		h += 2;
	n = strlen(h);
	if (n >= 2 && h[0] == '"' && h[n - 1] == '"') {
		h++;
		n -= 2;
	}
	if (n == 0 || n >= sizeof v)
		return err_setr(&c->err, ERR_INVALID, "If-Match", "if_match_bad", "If-Match must hold a version number");
	memcpy(v, h, n);
	v[n] = '\0';
	if (text_parse_i64(v, 1, INT64_MAX, ret) < 0)
		return err_setr(&c->err, ERR_INVALID, "If-Match", "if_match_bad", "If-Match must hold a version number");
	return 0;
}

void call_json_status(struct call *c, int status)
{
	c->resp->status = status;
	c->resp->content_type = "application/json";
}

/* ---- the write path ---- */

struct write_ctx {
	struct call *c;
	action_fn action;
	void *arg;
	const char *key;
	char req_hash[2 * SECURE_HASH_LEN + 1];
};

enum {
	SQL_IDEM_GET,
	SQL_IDEM_PUT,
	SQL_MAX
};

static const char *const sql[SQL_MAX] = {
	[SQL_IDEM_GET] = "SELECT request_hash, status, body FROM idempotency WHERE company_id = ? AND user_id = ? AND key = ?",
	[SQL_IDEM_PUT] = "INSERT INTO idempotency(company_id, user_id, key, request_hash, status, body, created_at) "
			 "VALUES (?, ?, ?, ?, ?, ?, ?)",
};

/* The answer an Idempotency-Key already got, into c->resp: 1 when there is one (replayed), 0 when
 * the key is new, <0 when it was used for another request or on error. */
static int idem_replay(struct db *db, struct write_ctx *w, struct err *e)
{
	struct call *c = w->c;
	struct db_stmt *st;
	int rc = db_one(db, sql[SQL_IDEM_GET], DB_ARGS(DB_I64(c->cid), DB_I64(c->auth.user.id), DB_TEXT(w->key)), &st, e);
	if (rc != DB_ROW)
		return rc < 0 ? rc : 0;
	if (strcmp(db_col_text(st, 0), w->req_hash) != 0)
		rc = err_setr(e, ERR_UNPROCESSABLE, "Idempotency-Key", "idempotency_reused", "this Idempotency-Key was used for a different request");
	else if (buf_adds(&c->resp->body, db_col_text(st, 2)) < 0)
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
	else
		c->resp->status = (int)db_col_i64(st, 1);
	db_done(st);
	return rc < 0 ? rc : 1;
}

static int write_work(struct db *db, void *p, struct err *e)
{
	struct write_ctx *w = p;
	struct call *c = w->c;
	int rc;

	buf_reset(&c->resp->body);
	buf_reset(&c->replay);
	c->has_replay = 0;
	c->resp->status = 0;
	if (w->key) {
		if ((rc = idem_replay(db, w, e)) < 0)
			return rc;
		if (rc == 1) {
			http_resp_header(c->resp, "Idempotent-Replayed", "true");
			return 0;
		}
	}
	rc = w->action(db, c, w->arg, e);
	if (rc < 0)
		return rc;
	if (w->key) {
		rc = db_run(db, sql[SQL_IDEM_PUT],
			    DB_ARGS(DB_I64(c->cid), DB_I64(c->auth.user.id), DB_TEXT(w->key), DB_TEXT(w->req_hash),
				    DB_I64(c->resp->status ? c->resp->status : 200),
				    DB_TEXT(buf_str(c->has_replay ? &c->replay : &c->resp->body)), DB_I64(clock_now())),
			    e);
		if (rc < 0)
			return rc;
	}
	return 0;
}

void call_secret(struct call *c, struct jsonw *w)
{
	buf_reset(&c->replay);
	c->has_replay = 1;
	jsonw_init(w, &c->replay);
}

int call_write(struct call *c, action_fn action, void *arg)
{
	struct write_ctx w;
	int rc;

	memset(&w, 0, sizeof w);
	w.c = c;
	w.action = action;
	w.arg = arg;
	w.key = http_header(c->req, "Idempotency-Key");
	if (w.key) {
		size_t n = strlen(w.key);
		struct buf b = BUF_INIT;
		uint8_t h[SECURE_HASH_LEN];
		if (n < 1 || n > 200 || text_has_controls(w.key) || text_utf8_invalid_at(w.key, n) >= 0)
			return err_setr(&c->err, ERR_INVALID, "Idempotency-Key", "idempotency_bad", "Idempotency-Key must be 1-200 printable characters");
		if (buf_addf(&b, "%s %s\n", c->req->method, c->req->path) < 0 || buf_add(&b, c->req->body, c->req->body_len) < 0) {
			buf_free(&b);
			return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
		}
		secure_hash(b.data, b.len, h);
		secure_hex(h, sizeof h, w.req_hash);
		buf_free(&b);
	}
	rc = store_write(c->app->store, write_work, &w, &c->err);
	/* Two requests with one key racing on PostgreSQL: the loser hits the key's unique constraint,
	 * or, when a statement of its action already sees the winner's committed row, fails as a
	 * duplicate or stale write; running it again replays the winner's answer. */
	if (rc < 0 && w.key && (c->err.code == ERR_CONFLICT || c->err.code == ERR_DUPLICATE || c->err.code == ERR_STALE)) {
		err_clear(&c->err);
		buf_reset(&c->err_extra);
		rc = store_write(c->app->store, write_work, &w, &c->err);
	}
	return rc;
}
