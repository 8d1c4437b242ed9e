/* users_http.c - a company's people and their API tokens, for its admins: the members with their
 * role and status, disabling and enabling a user, removing one from the company, and the tokens
 * with when they were made, last used and expire, and revoking one. */
#include <stdint.h>

#include "auth/auth.h"
#include "auth/users_http.h"
#include "lib/clock.h"
#include "lib/jsonw.h"
#include "server/server.h"
#include "lib/banned.h"

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

static const struct route routes[] = {
	{"GET", "/api/v1/companies/{cid}/users", h_users_list, ACCESS_COMPANY, PERM_MEMBER_ADMIN},
	{"POST", "/api/v1/companies/{cid}/users/{id}/disable", h_user_disable, ACCESS_COMPANY, PERM_MEMBER_ADMIN},
	{"POST", "/api/v1/companies/{cid}/users/{id}/enable", h_user_enable, ACCESS_COMPANY, PERM_MEMBER_ADMIN},
	{"DELETE", "/api/v1/companies/{cid}/users/{id}", h_member_remove, ACCESS_COMPANY, PERM_MEMBER_ADMIN},
	{"GET", "/api/v1/companies/{cid}/tokens", h_tokens_list, ACCESS_COMPANY, PERM_MEMBER_ADMIN},
	{"DELETE", "/api/v1/companies/{cid}/tokens/{id}", h_token_revoke, ACCESS_COMPANY, PERM_MEMBER_ADMIN},
};

ROUTE_TABLE(users_routes, "users", routes);
