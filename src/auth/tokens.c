/* tokens.c - Bearer API tokens: made by the CLI with an optional expiry, checked on every request,
 * their last use recorded at most once a minute, issued, listed and revoked by admins. Only a token's
 * hash is stored; every statement is in the table below; every change is audited with
 * auth_token_json. */
#include <string.h>

#include "auth/auth.h"
#include "auth/auth_int.h"
#include "lib/clock.h"
#include "lib/secure.h"
#include "lib/text.h"
#include "lib/banned.h"

enum {
	SQL_TOKEN_INSERT,
	SQL_TOKEN_GET,
	SQL_TOKEN_TOUCH,
	SQL_TOKEN_LIST,
	SQL_TOKEN_ONE,
	SQL_TOKEN_REVOKE,
	SQL_MEMBER,
	SQL_MAX
};

/* The columns read_token() reads, in this order. */
#define TOKEN_COLS "t.id, t.user_id, u.username, t.name, t.created_at, coalesce(t.last_used, 0), coalesce(t.expires_at, 0), " \
		   "coalesce(t.revoked_at, 0), t.revoked, u.disabled"
/* company_id 0: every token; else those of the company's members. */
#define TOKEN_OF_COMPANY "(? = 0 OR t.user_id IN (SELECT user_id FROM memberships WHERE company_id = ?))"

static const char *const sql[SQL_MAX] = {
	[SQL_TOKEN_INSERT] = "INSERT INTO api_tokens(token_hash, user_id, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
	[SQL_TOKEN_GET] = "SELECT " AUTH_USER_COLS ", t.id, t.revoked, coalesce(t.expires_at, 0), u.disabled, coalesce(t.last_used, 0) "
			  "FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?",
	/* The condition keeps two racing requests from writing the same minute twice. */
	[SQL_TOKEN_TOUCH] = "UPDATE api_tokens SET last_used = ? WHERE id = ? AND (last_used IS NULL OR last_used < ?)",
	[SQL_TOKEN_LIST] = "SELECT " TOKEN_COLS " FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE " TOKEN_OF_COMPANY
			   " AND (? = 0 OR t.user_id = ?) AND (? = 0 OR t.id < ?) ORDER BY t.id DESC LIMIT ?",
	[SQL_TOKEN_ONE] = "SELECT " TOKEN_COLS " FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ? AND " TOKEN_OF_COMPANY,
	[SQL_TOKEN_REVOKE] = "UPDATE api_tokens SET revoked = 1, revoked_at = ? WHERE id = ? AND revoked = 0",
	[SQL_MEMBER] = "SELECT 1 FROM memberships WHERE user_id = ? AND company_id = ?",
};

static void read_token(struct db_stmt *st, struct auth_token *t)
{
	memset(t, 0, sizeof *t);
	t->id = db_col_i64(st, 0);
	t->user_id = db_col_i64(st, 1);
	text_copy(t->username, sizeof t->username, db_col_text(st, 2));
	text_copy(t->name, sizeof t->name, db_col_text(st, 3));
	text_copy(t->created_at, sizeof t->created_at, db_col_text(st, 4));
	t->last_used = db_col_i64(st, 5);
	t->expires_at = db_col_i64(st, 6);
	t->revoked_at = db_col_i64(st, 7);
	t->revoked = db_col_i64(st, 8) != 0;
	t->user_disabled = db_col_i64(st, 9) != 0;
}

static void kinstant(struct jsonw *w, const char *key, int64_t t)
{
	char iso[CLOCK_ISO_SIZE];
	if (!t) {
		jsonw_key(w, key);
		jsonw_null(w);
		return;
	}
	clock_iso(t, iso);
	jsonw_kstr(w, key, iso);
}

static const char *status(const struct auth_token *t, int64_t now)
{
	if (t->revoked)
		return "revoked";
	if (t->expires_at && now >= t->expires_at)
		return "expired";
	return t->user_disabled ? "user_disabled" : "active";
}

void auth_token_json(struct jsonw *w, const struct auth_token *t, int64_t now)
{
	jsonw_obj(w);
	auth_token_members(w, t, now);
	jsonw_obj_end(w);
}

void auth_token_members(struct jsonw *w, const struct auth_token *t, int64_t now)
{
	jsonw_ki64(w, "id", t->id);
	jsonw_ki64(w, "user_id", t->user_id);
	jsonw_kstr(w, "username", t->username);
	jsonw_kstr(w, "name", t->name);
	jsonw_kstr(w, "created_at", t->created_at);
	kinstant(w, "last_used_at", t->last_used);
	kinstant(w, "expires_at", t->expires_at);
	kinstant(w, "revoked_at", t->revoked_at);
	jsonw_kstr(w, "status", status(t, now));
}

/* The token's snapshot into b: what jsonw_ok says. */
static int snapshot(struct buf *b, const struct auth_token *t, int64_t now)
{
	struct jsonw w;
	jsonw_init(&w, b);
	auth_token_json(&w, t, now);
	return jsonw_ok(&w);
}

/* One token (of company_id's members, 0: any): 0, ERR_NOT_FOUND, or <0. */
static int token_one(struct db *db, int64_t company_id, int64_t id, struct auth_token *ret, struct err *e)
{
	struct db_stmt *st;
	int rc = db_one(db, sql[SQL_TOKEN_ONE], DB_ARGS(DB_I64(id), DB_I64(company_id), DB_I64(company_id)), &st, e);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE) {
		err_set(e, ERR_NOT_FOUND, NULL, "no API token %lld here", (long long)id);
		return err_reason(e, "unknown_token");
	}
	read_token(st, ret);
	db_done(st);
	return 0;
}

/* Makes the token's row: the raw token into ret, the row as listed into *t. */
static int token_insert(struct db *db, int64_t user_id, const char *name, int64_t expires_at, const char *expires_field,
			char ret[AUTH_TOKEN_LEN + 1], struct auth_token *t, struct err *e)
{
	char h[65], now[CLOCK_ISO_SIZE];
	int64_t id = 0, at = clock_now();
	int rc;

	if (!name)
		name = "";
	if (strlen(name) > AUTH_TOKEN_NAME_MAX_BYTES || text_utf8_invalid_at(name, strlen(name)) >= 0)
		return err_setr(e, ERR_INVALID, "name", "token_name_bad", "a token's name must be valid text of at most %d bytes", AUTH_TOKEN_NAME_MAX_BYTES);
	if (expires_at < 0 || (expires_at && expires_at <= at))
		return err_setr(e, ERR_INVALID, expires_field, "token_expiry_past", "a token's expiry must be in the future");
	memcpy(ret, "dft_", 4);
	secure_random_hex(ret + 4, 32);
	auth_hash_hex(ret, h);
	clock_iso(at, now);
	rc = db_insert_id(db, sql[SQL_TOKEN_INSERT],
			  DB_ARGS(DB_TEXT(h), DB_I64(user_id), DB_TEXT(name), DB_TEXT(now), DB_I64_OR_NULL(expires_at)), &id, e);
	if (rc < 0) {
		if (e->code == ERR_CONFLICT) {
			err_clear(e);
			return err_setr(e, ERR_NOT_FOUND, NULL, "unknown_user", "no user %lld", (long long)user_id);
		}
		return rc;
	}
	return token_one(db, 0, id, t, e);
}

int auth_token_create(struct db *db, int64_t user_id, const char *name, int64_t expires_at,
		      char ret[AUTH_TOKEN_LEN + 1], struct err *e)
{
	struct buf after = BUF_INIT;
	struct auth_token t;
	int rc = token_insert(db, user_id, name, expires_at, "expires", ret, &t, e);
	if (rc < 0)
		return rc;
	return auth_record(db, 0, user_id, "api_token", t.id, "create", NULL, &after, snapshot(&after, &t, clock_now()), e);
}

int auth_token_issue(struct db *db, int64_t company_id, int64_t user_id, const char *name, int64_t expires_at, int64_t actor,
		     char ret[AUTH_TOKEN_LEN + 1], struct auth_token *ret_t, struct err *e)
{
	struct buf after = BUF_INIT;
	struct auth_token t;
	int rc;

	if (!name || !*name)
		return err_set(e, ERR_INVALID, "name", "a token needs a name that says what it is for");
	if ((rc = db_exists(db, sql[SQL_MEMBER], DB_ARGS(DB_I64(user_id), DB_I64(company_id)), e)) < 0)
		return rc;
	if (rc == 0) {
		err_set(e, ERR_NOT_FOUND, "user_id", "no user %lld in this company", (long long)user_id);
		return err_reason(e, "unknown_user");
	}
	if (actor != user_id && (rc = auth_authority(db, actor, user_id, e)) < 0)
		return rc;
	if ((rc = token_insert(db, user_id, name, expires_at, "expires_on", ret, &t, e)) < 0)
		return rc;
	if ((rc = auth_record_user_wide(db, user_id, actor, "api_token", t.id, "create", NULL, &after, snapshot(&after, &t, clock_now()), e)) < 0)
		return rc;
	if (ret_t)
		*ret_t = t;
	return 0;
}

int auth_token_check(struct db *db, const char *token, int64_t now, struct auth_ctx *ret, struct err *e)
{
	struct db_stmt *st;
	struct auth_ctx c;
	int64_t expires;
	int revoked, disabled;
	char h[65];
	int rc;

	if (!token || strncmp(token, "dft_", 4) != 0 || !auth_is_hex(token + 4, 64))
		return err_setr(e, ERR_UNAUTHENTICATED, NULL, "bad_token", "bad API token");
	auth_hash_hex(token, h);
	rc = db_one(db, sql[SQL_TOKEN_GET], DB_ARGS(DB_TEXT(h)), &st, e);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE)
		return err_setr(e, ERR_UNAUTHENTICATED, NULL, "bad_token", "bad API token");
	memset(&c, 0, sizeof c);
	auth_read_user(st, &c.user);
	c.token_id = db_col_i64(st, AUTH_USER_NCOLS);
	revoked = db_col_i64(st, AUTH_USER_NCOLS + 1) != 0;
	expires = db_col_i64(st, AUTH_USER_NCOLS + 2);
	disabled = db_col_i64(st, AUTH_USER_NCOLS + 3) != 0;
	c.last_seen = db_col_i64(st, AUTH_USER_NCOLS + 4);
	db_done(st);
	/* Whoever holds the token may know why it no longer works. */
	if (revoked) {
		err_set(e, ERR_UNAUTHENTICATED, NULL, "this API token was revoked");
		return err_reason(e, "token_revoked");
	}
	if (expires && now >= expires) {
		err_set(e, ERR_UNAUTHENTICATED, NULL, "this API token has expired");
		return err_reason(e, "token_expired");
	}
	if (disabled) {
		err_set(e, ERR_UNAUTHENTICATED, NULL, "this user is disabled; ask an administrator");
		return err_reason(e, "user_disabled");
	}
	*ret = c;
	return 0;
}

int auth_token_touch(struct db *db, int64_t token_id, int64_t now, struct err *e)
{
	int rc = db_run(db, sql[SQL_TOKEN_TOUCH], DB_ARGS(DB_I64(now), DB_I64(token_id), DB_I64(now - 59)), e);
	return rc < 0 ? rc : 0;
}

struct list_ctx {
	int (*each)(void *ctx, const struct auth_token *t);
	void *ctx;
	int limit, n;
	int64_t last, *next;
};

static int list_row(void *p, struct db_stmt *st, struct err *e)
{
	struct list_ctx *l = p;
	struct auth_token t;
	int rc;
	(void)e;
	if (l->n == l->limit) { /* one more than the page: there is a next page */
		*l->next = l->last;
		return 1;
	}
	read_token(st, &t);
	l->n++;
	l->last = t.id;
	rc = l->each(l->ctx, &t);
	return rc < 0 ? rc : 0;
}

int auth_token_list(struct db *db, int64_t company_id, int64_t user_id, int64_t after, int limit,
		    int (*each)(void *ctx, const struct auth_token *t), void *ctx, int64_t *ret_next, struct err *e)
{
	struct list_ctx l = {each, ctx, limit, 0, 0, ret_next};
	*ret_next = 0;
	return db_each(db, sql[SQL_TOKEN_LIST],
		       DB_ARGS(DB_I64(company_id), DB_I64(company_id), DB_I64(user_id), DB_I64(user_id), DB_I64(after), DB_I64(after),
			       DB_I64(limit + 1)),
		       list_row, &l, e);
}

int auth_token_revoke(struct db *db, int64_t company_id, int64_t token_id, int64_t actor, int64_t now,
		      struct auth_token *ret, struct err *e)
{
	struct buf before = BUF_INIT, after = BUF_INIT;
	struct auth_token t;
	int rc, snap;

	if ((rc = token_one(db, company_id, token_id, &t, e)) < 0)
		return rc;
	if (!t.revoked) {
		if ((rc = db_run(db, sql[SQL_TOKEN_REVOKE], DB_ARGS(DB_I64(now), DB_I64(token_id)), e)) < 0)
			return rc;
		snap = snapshot(&before, &t, now);
		t.revoked = 1;
		t.revoked_at = now;
		if (snap == 0)
			snap = snapshot(&after, &t, now);
		if ((rc = auth_record_user_wide(db, t.user_id, actor, "api_token", t.id, "revoke", &before, &after, snap, e)) < 0)
			return rc;
	}
	if (ret)
		*ret = t;
	return 0;
}
