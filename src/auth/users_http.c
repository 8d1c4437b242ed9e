/* users_http.c - a company's people and their API tokens, for its admins: the members with their
 * role and status, adding someone (a new user, or one who works elsewhere), changing a role,
 * disabling and enabling a user, removing one from the company, and the tokens with when they
 * were made, last used and expire, issuing one (shown once) and revoking one. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "admin/company.h"
#include "auth/auth.h"
#include "auth/users_http.h"
#include "lib/clock.h"
#include "lib/date.h"
#include "lib/jsonw.h"
#include "lib/secure.h"
#include "server/server.h"
#include "lib/banned.h"

/* The roles as the API names them, in enum role order (auth_role_name). */
static const char *const role_names[ROLE_MAX + 1] = {"admin", "coordinator", "executive", "assistant", "analyst", "auditor", NULL};

/* ---- members ---- */

struct list_out {
	struct jsonw w;
	int64_t now;
};

static int member_item(void *p, const struct auth_member *m)
{
	auth_member_json(&((struct list_out *)p)->w, m);
	return 0;
}

static int token_item(void *p, const struct auth_token *t)
{
	struct list_out *o = p;
	auth_token_json(&o->w, t, o->now);
	return 0;
}

/* Finishes the array in o and answers it as the page; frees the buffer. */
static int reply_list(struct call *c, struct list_out *o, struct buf *items, int rc, int64_t next)
{
	jsonw_arr_end(&o->w);
	if (rc >= 0 && jsonw_ok(&o->w) < 0)
		rc = err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	if (rc >= 0)
		rc = call_reply_page(c, items, next);
	buf_free(items);
	return rc;
}

static int h_users_list(struct call *c)
{
	struct buf items = BUF_INIT;
	struct list_out o;
	struct page pg;
	int64_t next = 0;
	int rc;

	if ((rc = call_page(c, &pg)) < 0)
		return rc;
	jsonw_init(&o.w, &items);
	jsonw_arr(&o.w);
	o.now = clock_now();
	rc = auth_member_list(c->db, c->cid, pg.after, pg.limit, member_item, &o, &next, &c->err);
	return reply_list(c, &o, &items, rc, next);
}

/* The member as they now are, as the answer (200). */
static int render_member(struct db *db, struct call *c, struct err *e)
{
	struct auth_member m;
	struct jsonw w;
	int rc = auth_member_get(db, c->cid, c->id, &m, e);
	if (rc < 0)
		return rc;
	call_json(c, &w);
	auth_member_json(&w, &m);
	if (jsonw_ok(&w) < 0)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	call_json_status(c, 200);
	return 0;
}

static int disable_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct auth_member m;
	int rc;
	/* Only a member of this company can be reached from it. */
	if ((rc = auth_member_get(db, c->cid, c->id, &m, e)) < 0)
		return rc;
	if ((rc = auth_user_set_disabled(db, c->id, *(const int *)arg, c->auth.user.id, e)) < 0)
		return rc;
	return render_member(db, c, e);
}

static int h_user_disable(struct call *c)
{
	static const int on = 1;
	return call_write(c, disable_action, (void *)&on);
}

static int h_user_enable(struct call *c)
{
	static const int off = 0;
	return call_write(c, disable_action, (void *)&off);
}

static int remove_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	int rc;
	(void)arg;
	if ((rc = auth_member_remove(db, c->cid, c->id, c->auth.user.id, e)) < 0)
		return rc;
	c->resp->status = 204;
	return 0;
}

static int h_member_remove(struct call *c) { return call_write(c, remove_action, NULL); }

/* ---- adding someone, and their role ---- */

struct add_in {
	const char *username, *display_name, *password;
	int role;          /* index in role_names */
	int generate;      /* make a password and show it once */
};

static const struct input_field add_fields[] = {
	{.key = "username", .type = INPUT_STR, .flags = INPUT_REQUIRED, .off = offsetof(struct add_in, username)},
	{.key = "display_name", .type = INPUT_STR, .off = offsetof(struct add_in, display_name)},
	{.key = "role", .type = INPUT_ENUM, .flags = INPUT_REQUIRED, .off = offsetof(struct add_in, role), .names = role_names},
	{.key = "password", .type = INPUT_STR, .off = offsetof(struct add_in, password)},
	{.key = "generate_password", .type = INPUT_BOOL, .off = offsetof(struct add_in, generate)},
};
static const struct input_form add_form = INPUT_FORM(add_fields, NULL);

struct add_job {
	struct add_in in;
	char hash[SECURE_PWHASH_MAX];
	char made[AUTH_PASSWORD_GEN + 1];   /* the password made, "" when none */
};

/* The member, whether the user was made, and the password made (null in a replay, and when none). */
static void added_json(struct jsonw *w, const struct auth_member *m, int created, const char *password)
{
	jsonw_obj(w);
	auth_member_members(w, m);
	jsonw_kbool(w, "created", created);
	jsonw_kstr(w, "password", password && *password ? password : NULL);
	jsonw_obj_end(w);
}

static int add_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct add_job *j = arg;
	struct auth_member_new n = {j->in.username, j->in.display_name, j->hash[0] ? j->hash : NULL, j->made[0] != 0, (enum role)j->in.role};
	struct auth_member m;
	struct jsonw w;
	int created = 0;
	int rc = auth_member_add(db, c->cid, &n, c->auth.user.id, &m, &created, e);
	if (rc < 0)
		return rc;
	/* A password made for someone who already had a login was not used: it is not shown. */
	call_json(c, &w);
	added_json(&w, &m, created, created ? j->made : NULL);
	if (jsonw_ok(&w) < 0)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	if (created && j->made[0]) {
		call_secret(c, &w);
		added_json(&w, &m, created, NULL);
		if (jsonw_ok(&w) < 0)
			return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	}
	call_json_status(c, 201);
	return 0;
}

/* POST {"username","display_name","role","password" | "generate_password": true}. The password is
 * hashed here, outside the write transaction (hashing is slow by design). */
static int h_member_add(struct call *c)
{
	struct add_job j;
	int rc;

	memset(&j, 0, sizeof j);
	if ((rc = call_read(c, &add_form, &j.in, NULL)) < 0)
		return rc;
	if (j.in.generate && j.in.password)
		return err_set(&c->err, ERR_INVALID, "password", "give a password or have one made, not both");
	if (j.in.generate) {
		auth_password_generate(j.made);
		j.in.password = j.made;
	}
	if (j.in.password && (rc = auth_password_hash(j.in.password, j.hash, sizeof j.hash, &c->err)) < 0)
		return rc;
	rc = call_write(c, add_action, &j);
	secure_wipe(j.made, sizeof j.made);
	return rc;
}

struct role_in {
	int role;
};

static const struct input_field role_fields[] = {
	{.key = "role", .type = INPUT_ENUM, .flags = INPUT_REQUIRED, .off = offsetof(struct role_in, role), .names = role_names},
};
static const struct input_form role_form = INPUT_FORM(role_fields, NULL);

static int role_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	int rc = auth_member_role(db, c->cid, c->id, (enum role)((const struct role_in *)arg)->role, c->auth.user.id, e);
	return rc < 0 ? rc : render_member(db, c, e);
}

static int h_member_role(struct call *c)
{
	struct role_in in = {0};
	int rc;
	if ((rc = call_read(c, &role_form, &in, NULL)) < 0)
		return rc;
	return call_write(c, role_action, &in);
}

/* ---- API tokens ---- */

static int h_tokens_list(struct call *c)
{
	struct buf items = BUF_INIT;
	struct list_out o;
	struct page pg;
	int64_t next = 0, user_id = 0;
	int rc;

	if ((rc = call_page(c, &pg)) < 0 || (rc = call_query_int(c, "user_id", 1, INT64_MAX, &user_id)) < 0)
		return rc;
	jsonw_init(&o.w, &items);
	jsonw_arr(&o.w);
	o.now = clock_now();
	rc = auth_token_list(c->db, c->cid, user_id, pg.after, pg.limit, token_item, &o, &next, &c->err);
	return reply_list(c, &o, &items, rc, next);
}

static int revoke_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct auth_token t;
	struct jsonw w;
	int64_t now = clock_now();
	int rc;
	(void)arg;
	if ((rc = auth_token_revoke(db, c->cid, c->id, c->auth.user.id, now, &t, e)) < 0)
		return rc;
	call_json(c, &w);
	auth_token_json(&w, &t, now);
	if (jsonw_ok(&w) < 0)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	call_json_status(c, 200);
	return 0;
}

static int h_token_revoke(struct call *c) { return call_write(c, revoke_action, NULL); }

/* ---- issuing a token ---- */

struct issue_in {
	const char *name;
	int64_t user_id;                   /* 0: the caller */
	char expires_on[DATE_ISO_SIZE];    /* "": never */
};

static const struct input_field issue_fields[] = {
	{.key = "name", .type = INPUT_STR, .flags = INPUT_REQUIRED, .off = offsetof(struct issue_in, name)},
	{.key = "user_id", .type = INPUT_ID, .off = offsetof(struct issue_in, user_id)},
	{.key = "expires_on", .type = INPUT_DATE, .off = offsetof(struct issue_in, expires_on), .size = DATE_ISO_SIZE},
};
static const struct input_form issue_form = INPUT_FORM(issue_fields, NULL);

/* The instant a token given expires_on stops: the end of that day in the company's time zone,
 * which must not be past (reason "expiry_past") nor more than 100 years away. */
static int expiry(struct db *db, int64_t cid, const char *expires_on, int64_t *ret, struct err *e)
{
	struct company co;
	struct date d;
	char today[DATE_ISO_SIZE];
	int64_t days, at;
	int rc;

	*ret = 0;
	if (!*expires_on)
		return 0;
	if ((rc = company_get(db, cid, &co, e)) < 0)
		return rc;
	clock_today(co.timezone, today);
	days = date_iso_diff(today, expires_on);
	if (days < 0) {
		err_set(e, ERR_UNPROCESSABLE, "expires_on", "a token cannot expire before today (%s)", today);
		err_reason(e, "expiry_past");
		return err_detail_text(e, "today", today);
	}
	if (days > 36500)
		return err_set(e, ERR_INVALID, "expires_on", "a token may last at most 100 years");
	if (date_parse(expires_on, strlen(expires_on), DATE_ISO, &d) < 0)
		return err_set(e, ERR_INVALID, "expires_on", "expires_on must be a date YYYY-MM-DD");
	at = (date_days(d) + 1) * 86400;
	*ret = at - clock_tz_offset(co.timezone, at);
	return 0;
}

struct issue_job {
	struct issue_in in;
	char token[AUTH_TOKEN_LEN + 1];
};

/* The token as listed, and the token itself (null in a replay). */
static void issued_json(struct jsonw *w, const struct auth_token *t, int64_t now, const char *token)
{
	jsonw_obj(w);
	auth_token_members(w, t, now);
	jsonw_kstr(w, "token", token);
	jsonw_obj_end(w);
}

static int issue_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct issue_job *j = arg;
	struct auth_token t;
	struct jsonw w;
	int64_t at = 0, now = clock_now();
	int rc;

	if ((rc = expiry(db, c->cid, j->in.expires_on, &at, e)) < 0 ||
	    (rc = auth_token_issue(db, c->cid, j->in.user_id ? j->in.user_id : c->auth.user.id, j->in.name, at, c->auth.user.id, j->token,
				   &t, e)) < 0)
		return rc;
	call_json(c, &w);
	issued_json(&w, &t, now, j->token);
	if (jsonw_ok(&w) < 0)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	call_secret(c, &w);
	issued_json(&w, &t, now, NULL);
	if (jsonw_ok(&w) < 0)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	call_json_status(c, 201);
	return 0;
}

/* POST {"name","user_id","expires_on"}: 201 with the token, shown this once. */
static int h_token_issue(struct call *c)
{
	struct issue_job j;
	int rc;
	memset(&j, 0, sizeof j);
	if ((rc = call_read(c, &issue_form, &j.in, NULL)) < 0)
		return rc;
	rc = call_write(c, issue_action, &j);
	secure_wipe(j.token, sizeof j.token);
	return rc;
}

static const struct route routes[] = {
	{"GET", "/api/v1/companies/{cid}/users", h_users_list, ACCESS_COMPANY, PERM_MEMBER_ADMIN},
	{"POST", "/api/v1/companies/{cid}/users", h_member_add, ACCESS_COMPANY, PERM_MEMBER_ADMIN},
	{"PUT", "/api/v1/companies/{cid}/users/{id}/role", h_member_role, ACCESS_COMPANY, PERM_MEMBER_ADMIN},
	{"POST", "/api/v1/companies/{cid}/users/{id}/disable", h_user_disable, ACCESS_COMPANY, PERM_MEMBER_ADMIN},
	{"POST", "/api/v1/companies/{cid}/users/{id}/enable", h_user_enable, ACCESS_COMPANY, PERM_MEMBER_ADMIN},
	{"DELETE", "/api/v1/companies/{cid}/users/{id}", h_member_remove, ACCESS_COMPANY, PERM_MEMBER_ADMIN},
	{"GET", "/api/v1/companies/{cid}/tokens", h_tokens_list, ACCESS_COMPANY, PERM_MEMBER_ADMIN},
	{"POST", "/api/v1/companies/{cid}/tokens", h_token_issue, ACCESS_COMPANY, PERM_MEMBER_ADMIN},
	{"DELETE", "/api/v1/companies/{cid}/tokens/{id}", h_token_revoke, ACCESS_COMPANY, PERM_MEMBER_ADMIN},
};

ROUTE_TABLE(users_routes, "users", routes);
