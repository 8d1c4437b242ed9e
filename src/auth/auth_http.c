/* auth_http.c - login, the current session, logout, and the user's own settings. */
#include <stdio.h>
#include <string.h>

#include "admin/company.h"
#include "lib/jsonw.h"
#include "lib/log.h"
#include "auth/auth_http.h"
#include "server/server.h"
#include "lib/clock.h"
#include "lib/banned.h"

struct login_ctx {
	const char *username;
	const char *ip;
	int64_t now;
	int64_t user_id;
	int ok;
	char sid[AUTH_ID_HEX + 1];
	char csrf[AUTH_ID_HEX + 1];
};

static int login_work(struct db *db, void *p, struct err *e)
{
	struct login_ctx *l = p;
	if (!l->ok)
		return auth_login_failed(db, l->username, l->ip, l->now, e);
	return auth_session_create(db, l->user_id, l->ip, l->now, l->sid, l->csrf, e);
}

/* {"csrf_token","user":{...},"companies":[...]} for user u. */
static int session_body(struct call *c, const struct auth_user *u, const char *csrf)
{
	struct buf companies = BUF_INIT;
	struct jsonw w;
	int rc = company_list_json(c->db, u->id, &companies, &c->err);
	if (rc < 0) {
		buf_free(&companies);
		return rc;
	}
	buf_reset(&c->resp->body);
	jsonw_init(&w, &c->resp->body);
	jsonw_obj(&w);
	jsonw_kstr(&w, "csrf_token", csrf);
	jsonw_key(&w, "user");
	jsonw_obj(&w);
	jsonw_ki64(&w, "id", u->id);
	jsonw_kstr(&w, "username", u->username);
	jsonw_kstr(&w, "display_name", u->display_name);
	jsonw_kstr(&w, "lang", u->lang);
	jsonw_obj_end(&w);
	jsonw_key(&w, "companies");
	jsonw_raw(&w, buf_str(&companies));
	jsonw_obj_end(&w);
	buf_free(&companies);
	if (jsonw_ok(&w) < 0)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	call_json_status(c, 200);
	return 0;
}

static int h_session_create(struct call *c)
{
	static const char *const allowed[] = {"username", "password", NULL};
	struct login_ctx l;
	struct auth_user u;
	struct err ce = ERR_INIT;
	const char *username, *password;
	char cookie[256];
	int present, rc;

	if ((rc = call_body(c, allowed)) < 0 || (rc = call_str(c, "username", &username, &present)) < 0 ||
	    (rc = call_str(c, "password", &password, &present)) < 0)
		return rc;
	if (!username || !*username)
		return err_set(&c->err, ERR_INVALID, "username", "username is required");
	if (strlen(username) > 60)
		return err_set(&c->err, ERR_INVALID, "username", "username is too long");
	if (!password || !*password)
		return err_set(&c->err, ERR_INVALID, "password", "password is required");
	if (strlen(password) > 1024)
		return err_set(&c->err, ERR_INVALID, "password", "password is too long");

	memset(&l, 0, sizeof l);
	memset(&u, 0, sizeof u);
	l.username = username;
	l.ip = c->req->ip;
	l.now = clock_now();
	rc = auth_login_check(c->db, username, password, c->req->ip, l.now, &c->app->throttle, &u, &ce);
	if (rc == ERR_THROTTLED) {
		c->err = ce;
		return rc;
	}
	if (rc < 0 && rc != ERR_UNAUTHENTICATED) {
		c->err = ce;
		return rc;
	}
	l.ok = rc == 0;
	l.user_id = u.id;
	if (store_write(c->app->store, login_work, &l, &c->err) < 0)
		return c->err.code;
	if (!l.ok) {
		c->err = ce;
		return ce.code;
	}
	snprintf(cookie, sizeof cookie, "daftar_session=%s; HttpOnly; SameSite=Strict; Path=/; Max-Age=%d%s", l.sid,
		 AUTH_SESSION_MAX_S, c->req->tls || (c->app->trust_proxy && http_header(c->req, "X-Forwarded-Proto") &&
						     strcmp(http_header(c->req, "X-Forwarded-Proto"), "https") == 0) ? "; Secure" : "");
	http_resp_header(c->resp, "Set-Cookie", cookie);
	return session_body(c, &u, l.csrf);
}

static int h_session_get(struct call *c)
{
	return session_body(c, &c->auth.user, c->auth.via_session ? c->auth.csrf : "");
}

struct logout_ctx {
	const char *hash;
	int64_t user_id;
};

static int logout_work(struct db *db, void *p, struct err *e)
{
	struct logout_ctx *l = p;
	return auth_session_end(db, l->hash, l->user_id, e);
}

static int h_session_delete(struct call *c)
{
	struct logout_ctx l = {c->auth.session_hash, c->auth.user.id};
	if (!c->auth.via_session)
		return err_set(&c->err, ERR_INVALID, NULL, "API tokens have no session to end");
	if (store_write(c->app->store, logout_work, &l, &c->err) < 0)
		return c->err.code;
	http_resp_header(c->resp, "Set-Cookie", "daftar_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
	c->resp->status = 204;
	return 0;
}

struct lang_ctx {
	int64_t user_id;
	const char *lang;
};

static int lang_work(struct db *db, void *p, struct err *e)
{
	struct lang_ctx *l = p;
	return auth_user_set_lang(db, l->user_id, l->lang, e);
}

static int h_me_patch(struct call *c)
{
	static const char *const allowed[] = {"lang", NULL};
	struct lang_ctx l;
	const char *lang;
	int present, rc;
	struct auth_user u = c->auth.user;

	if ((rc = call_body(c, allowed)) < 0 || (rc = call_str(c, "lang", &lang, &present)) < 0)
		return rc;
	if (!present)
		return err_set(&c->err, ERR_INVALID, "lang", "lang is required");
	l.user_id = c->auth.user.id;
	l.lang = lang;
	if (store_write(c->app->store, lang_work, &l, &c->err) < 0)
		return c->err.code;
	snprintf(u.lang, sizeof u.lang, "%s", lang);
	return session_body(c, &u, c->auth.via_session ? c->auth.csrf : "");
}

static int h_companies(struct call *c)
{
	struct buf list = BUF_INIT;
	int rc = company_list_json(c->db, c->auth.user.id, &list, &c->err);
	if (rc >= 0 && (buf_adds(&c->resp->body, "{\"items\":") < 0 || buf_add(&c->resp->body, list.data, list.len) < 0 ||
			buf_adds(&c->resp->body, "}") < 0))
		rc = err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	buf_free(&list);
	if (rc < 0)
		return rc;
	call_json_status(c, 200);
	return 0;
}

static const struct route routes[] = {
	{"POST", "/api/v1/session", h_session_create, ACCESS_PUBLIC, 0},
	{"GET", "/api/v1/session", h_session_get, ACCESS_USER, 0},
	{"DELETE", "/api/v1/session", h_session_delete, ACCESS_USER, 0},
	{"PATCH", "/api/v1/me", h_me_patch, ACCESS_USER, 0},
	{"GET", "/api/v1/companies", h_companies, ACCESS_USER, 0},
};

ROUTE_TABLE(auth_routes, "auth", routes);
