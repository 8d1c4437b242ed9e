/* auth_http.c - login, the current session, logout, and the user's own settings. Bodies are read
 * through the declared forms below. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "admin/company.h"
#include "lib/jsonw.h"
#include "lib/log.h"
#include "auth/auth_http.h"
#include "server/server.h"
#include "lib/clock.h"
#include "lib/text.h"
#include "lib/banned.h"

struct login_ctx {
	const char *username;
	const char *ip;
	const struct auth_throttle *throttle;
	int64_t now;
	int64_t user_id;
	int ok;
	char sid[AUTH_ID_HEX + 1];
	char csrf[AUTH_ID_HEX + 1];
};

/* Before the password is checked: one check reserved against the throttle, committed. */
static int reserve_work(struct db *db, void *p, struct err *e)
{
	struct login_ctx *l = p;
	return auth_login_reserve(db, l->username, l->ip, l->now, l->throttle, e);
}

/* After: the failure kept, or the counters given back and the session made. */
static int login_work(struct db *db, void *p, struct err *e)
{
	struct login_ctx *l = p;
	int rc;
	if (!l->ok)
		return auth_login_failed(db, l->username, l->ip, l->now, e);
	if ((rc = auth_login_succeeded(db, l->username, l->ip, e)) < 0)
		return rc;
	return auth_session_create(db, l->user_id, l->ip, l->now, l->sid, l->csrf, e);
}

/* {"csrf_token","user":{...},"companies":[...]} for user u. */
static int session_body(struct call *c, const struct auth_user *u, const char *csrf)
{
	struct buf companies = BUF_INIT;
	struct jsonw w;
	int may, rc = company_list_json(c->db, u->id, &companies, &c->err);
	if (rc >= 0 && (may = auth_user_may_create_company(c->db, u->id, &c->err)) < 0)
		rc = may;
	if (rc < 0) {
		buf_free(&companies);
		return rc;
	}
	call_json(c, &w);
	jsonw_obj(&w);
	jsonw_kstr(&w, "csrf_token", csrf);
	jsonw_key(&w, "user");
	jsonw_obj(&w);
	jsonw_ki64(&w, "id", u->id);
	jsonw_kstr(&w, "username", u->username);
	jsonw_kstr(&w, "display_name", u->display_name);
	jsonw_kstr(&w, "lang", u->lang);
	jsonw_kbool(&w, "can_create_companies", may);
	jsonw_obj_end(&w);
	jsonw_key(&w, "companies");
	jsonw_raw(&w, buf_str(&companies));
	jsonw_obj_end(&w);
	buf_free(&companies);
	return call_json_done(c, &w, 200);
}

struct login_in {
	const char *username;
	const char *password;
};

static const struct input_field login_fields[] = {
	{.key = "username", .type = INPUT_STR, .flags = INPUT_REQUIRED, .off = offsetof(struct login_in, username)},
	{.key = "password", .type = INPUT_STR, .flags = INPUT_REQUIRED, .off = offsetof(struct login_in, password)},
};
static const struct input_form login_form = INPUT_FORM(login_fields, NULL);

/* The Set-Cookie of a session (sid "" and max_age 0 clear it): over HTTPS (ours or a trusted
 * proxy's) a __Host- cookie with Secure. */
static void session_cookie(struct call *c, const char *sid, int max_age)
{
	char cookie[256];
	snprintf(cookie, sizeof cookie, "%s=%s; HttpOnly; SameSite=Strict; Path=/; Max-Age=%d%s", call_session_cookie(c), sid,
		 max_age, call_https(c) ? "; Secure" : "");
	http_resp_header(c->resp, "Set-Cookie", cookie);
}

static int h_session_create(struct call *c)
{
	struct login_in in;
	struct login_ctx l;
	struct auth_user u;
	struct err ce = ERR_INIT;
	int rc;

	memset(&in, 0, sizeof in);
	if ((rc = call_read(c, &login_form, &in, NULL)) < 0)
		return rc;
	/* Bytes, not characters: these bound what reaches the throttle table and argon2. */
	if (!*in.username)
		return err_setr(&c->err, ERR_INVALID, "username", "required", "username is required");
	if (strlen(in.username) > AUTH_USERNAME_MAX)
		return err_setr(&c->err, ERR_INVALID, "username", "too_long_brief", "username is too long");
	if (!*in.password)
		return err_setr(&c->err, ERR_INVALID, "password", "required", "password is required");
	if (strlen(in.password) > AUTH_PASSWORD_MAX_BYTES)
		return err_setr(&c->err, ERR_INVALID, "password", "too_long_brief", "password is too long");

	memset(&l, 0, sizeof l);
	memset(&u, 0, sizeof u);
	l.username = in.username;
	l.ip = c->req->ip;
	l.throttle = &c->app->throttle;
	l.now = clock_now();
	/* The check is counted before it is made, so that racing tries cannot all get one. */
	if (store_write(c->app->store, reserve_work, &l, &c->err) < 0)
		return c->err.code;
	rc = auth_login_check(c->db, in.username, in.password, &u, &ce);
	if (rc < 0 && rc != ERR_UNAUTHENTICATED) { /* the database failed */
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
	session_cookie(c, l.sid, AUTH_SESSION_MAX_S);
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
		return err_setr(&c->err, ERR_INVALID, NULL, "no_session", "API tokens have no session to end");
	if (store_write(c->app->store, logout_work, &l, &c->err) < 0)
		return c->err.code;
	session_cookie(c, "", 0);
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

static const char *const langs[] = {"en", "hi", NULL};

struct me_in {
	int lang;   /* index in langs */
};

static const struct input_field me_fields[] = {
	{.key = "lang", .type = INPUT_ENUM, .flags = INPUT_REQUIRED, .off = offsetof(struct me_in, lang), .names = langs},
};
static const struct input_form me_form = INPUT_FORM(me_fields, NULL);

static int h_me_patch(struct call *c)
{
	struct me_in in = {0};
	struct lang_ctx l;
	struct auth_user u = c->auth.user;
	int rc;

	if ((rc = call_read(c, &me_form, &in, NULL)) < 0)
		return rc;
	l.user_id = c->auth.user.id;
	l.lang = langs[in.lang];
	if (store_write(c->app->store, lang_work, &l, &c->err) < 0)
		return c->err.code;
	text_copy(u.lang, sizeof u.lang, l.lang);
	return session_body(c, &u, c->auth.via_session ? c->auth.csrf : "");
}

static int h_companies(struct call *c)
{
	struct buf list = BUF_INIT;
	struct jsonw w;
	int rc = company_list_json(c->db, c->auth.user.id, &list, &c->err);
	if (rc >= 0) {
		call_json(c, &w);
		jsonw_obj(&w);
		jsonw_key(&w, "items");
		jsonw_raw(&w, buf_str(&list));
		jsonw_obj_end(&w);
		rc = call_json_done(c, &w, 200);
	}
	buf_free(&list);
	return rc;
}

static const struct route routes[] = {
	{"POST", "/api/v1/session", h_session_create, ACCESS_PUBLIC, 0},
	{"GET", "/api/v1/session", h_session_get, ACCESS_USER, 0},
	{"DELETE", "/api/v1/session", h_session_delete, ACCESS_USER, 0},
	{"PATCH", "/api/v1/me", h_me_patch, ACCESS_USER, 0},
	{"GET", "/api/v1/companies", h_companies, ACCESS_USER, 0},
};

ROUTE_TABLE(auth_routes, "auth", routes);
