/* auth.c - users, memberships, sessions, tokens and throttling. Every change is audited in the
 * system chain (company 0) or the company's chain, in the caller's transaction. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "lib/clock.h"
#include "lib/buf.h"
#include "lib/secure.h"
#include "lib/jsonw.h"
#include "lib/text.h"
#include "lib/banned.h"

const struct auth_throttle auth_throttle_default = {10, 50, 100};

static const char *const role_names[ROLE_MAX] = {
	[ROLE_ADMIN] = "admin", [ROLE_COORDINATOR] = "coordinator", [ROLE_EXECUTIVE] = "executive",
	[ROLE_ASSISTANT] = "assistant", [ROLE_ANALYST] = "analyst", [ROLE_AUDITOR] = "auditor",
};

static const char *const perm_names[PERM_MAX] = {
	[PERM_COMPANY_READ] = "company.read", [PERM_PARTY_READ] = "party.read",
	[PERM_PARTY_CREATE] = "party.create", [PERM_PARTY_UPDATE] = "party.update",
	[PERM_PARTY_ARCHIVE] = "party.archive", [PERM_REPORT_READ] = "report.read",
	[PERM_AUDIT_READ] = "audit.read", [PERM_MEMBER_ADMIN] = "member.admin",
	[PERM_VOUCHER_READ] = "voucher.read", [PERM_VOUCHER_POST] = "voucher.post",
	[PERM_VOUCHER_ALTER] = "voucher.alter", [PERM_LEDGER_WRITE] = "ledger.write",
	[PERM_PERIOD_LOCK] = "period.lock", [PERM_STOCK_WRITE] = "stock.write",
};

/* The one permission table. Rows: roles; columns: permissions. */
static const unsigned char perm_table[ROLE_MAX][PERM_MAX] = {
	/*                  comp party.r party.c party.u party.a report audit member v.read v.post v.alter ledger lock stock */
	[ROLE_ADMIN]       = {1,   1,      1,      1,      1,      1,     1,    1,     1,     1,     1,      1,     1,     1},
	[ROLE_COORDINATOR] = {1,   1,      1,      1,      1,      1,     0,    0,     1,     1,     1,      1,     0,     1},
	[ROLE_EXECUTIVE]   = {1,   1,      1,      1,      1,      1,     0,    0,     1,     1,     1,      1,     0,     1},
	[ROLE_ASSISTANT]   = {1,   1,      1,      1,      0,      0,     0,    0,     1,     1,     0,      0,     0,     1},
	[ROLE_ANALYST]     = {1,   1,      0,      0,      0,      1,     0,    0,     1,     0,     0,      0,     0,     0},
	[ROLE_AUDITOR]     = {1,   1,      0,      0,      0,      1,     1,    0,     1,     0,     0,      0,     0,     0},
};

int auth_role_can(enum role r, enum perm p)
{
	if ((unsigned)r >= ROLE_MAX || (unsigned)p >= PERM_MAX)
		return 0;
	return perm_table[r][p];
}

const char *auth_role_name(enum role r) { return (unsigned)r < ROLE_MAX ? role_names[r] : "?"; }
const char *auth_perm_name(enum perm p) { return (unsigned)p < PERM_MAX ? perm_names[p] : "?"; }

int auth_role_parse(const char *s, enum role *ret)
{
	for (int i = 0; i < ROLE_MAX; i++) {
		if (s && strcmp(s, role_names[i]) == 0) {
			*ret = (enum role)i;
			return 0;
		}
	}
	return -1;
}

static void hash_hex(const char *s, char out[65])
{
	uint8_t h[SECURE_HASH_LEN];
	secure_hash(s, strlen(s), h);
	secure_hex(h, sizeof h, out);
}

int auth_password_rule(const char *password, struct err *e)
{
	size_t n;
	if (!password)
		return err_set(e, ERR_INVALID, "password", "password is required");
	n = strlen(password);
	if (text_utf8_invalid_at(password, n) >= 0)
		return err_set(e, ERR_INVALID, "password", "password is not valid UTF-8");
	if (text_utf8_chars(password, n) < AUTH_PASSWORD_MIN)
		return err_set(e, ERR_INVALID, "password", "password must be at least %d characters", AUTH_PASSWORD_MIN);
	if (n > 1024)
		return err_set(e, ERR_INVALID, "password", "password is too long");
	return 0;
}

int auth_password_hash(const char *password, char *out, size_t cap, struct err *e)
{
	char h[SECURE_PWHASH_MAX];
	int rc = auth_password_rule(password, e);
	if (rc < 0)
		return rc;
	if (secure_password_hash(password, h) < 0)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory while hashing");
	if (text_copy(out, cap, h) < 0)
		return err_set(e, ERR_INTERNAL, NULL, "hash too long");
	return 0;
}

static int username_rule(const char *u, struct err *e)
{
	size_t n = u ? strlen(u) : 0;
	if (n < 1 || n > 60)
		return err_set(e, ERR_INVALID, "username", "username must be 1-60 characters");
	for (size_t i = 0; i < n; i++) {
		char c = u[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return err_set(e, ERR_INVALID, "username", "username may hold only a-z, 0-9, '.', '_' and '-'");
	}
	return 0;
}

static int user_json(struct buf *b, const char *username, const char *display, const char *lang)
{
	struct jsonw w;
	jsonw_init(&w, b);
	jsonw_obj(&w);
	jsonw_kstr(&w, "username", username);
	jsonw_kstr(&w, "display_name", display);
	jsonw_kstr(&w, "lang", lang);
	jsonw_obj_end(&w);
	return jsonw_ok(&w);
}

int auth_user_create(struct db *db, const char *username, const char *display_name,
		     const char *password, int64_t actor, int64_t *ret_id, struct err *e)
{
	char hash[SECURE_PWHASH_MAX], now[32];
	struct db_stmt *st;
	struct buf after = BUF_INIT;
	int64_t id = 0;
	int rc;

	if ((rc = username_rule(username, e)) < 0)
		return rc;
	if (!display_name || !*display_name)
		display_name = username;
	if (strlen(display_name) > 200 || text_utf8_invalid_at(display_name, strlen(display_name)) >= 0)
		return err_set(e, ERR_INVALID, "display_name", "display name must be valid text of at most 200 bytes");
	if ((rc = auth_password_hash(password, hash, sizeof hash, e)) < 0)
		return rc;
	clock_now_iso(now);
	st = db_prepare(db, "INSERT INTO users(username, display_name, pw_hash, lang, created_at) "
			    "VALUES (?, ?, ?, 'en', ?) RETURNING id", e);
	if (!st)
		return e->code;
	db_bind_text(st, 1, username);
	db_bind_text(st, 2, display_name);
	db_bind_text(st, 3, hash);
	db_bind_text(st, 4, now);
	rc = db_step(st, e);
	if (rc == DB_ROW)
		id = db_col_i64(st, 0);
	db_done(st);
	if (rc < 0) {
		if (e->code == ERR_CONFLICT) {
			err_clear(e);
			return err_set(e, ERR_DUPLICATE, "username", "user %s already exists", username);
		}
		return rc;
	}
	if (user_json(&after, username, display_name, "en") < 0) {
		buf_free(&after);
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	}
	rc = audit_append(db, 0, actor, "user", id, "create", NULL, buf_str(&after), e);
	buf_free(&after);
	if (rc < 0)
		return rc;
	if (ret_id)
		*ret_id = id;
	return 0;
}

int auth_user_find(struct db *db, const char *username, struct auth_user *ret, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, username, display_name, lang FROM users WHERE username = ? AND disabled = 0", e);
	int rc;
	if (!st)
		return e->code;
	db_bind_text(st, 1, username);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		ret->id = db_col_i64(st, 0);
		text_copy(ret->username, sizeof ret->username, db_col_text(st, 1));
		text_copy(ret->display_name, sizeof ret->display_name, db_col_text(st, 2));
		text_copy(ret->lang, sizeof ret->lang, db_col_text(st, 3));
	}
	db_done(st);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "username", "no user %s", username);
	return 0;
}

int auth_user_passwd(struct db *db, const char *username, const char *password, int64_t actor, struct err *e)
{
	char hash[SECURE_PWHASH_MAX];
	struct auth_user u;
	struct db_stmt *st;
	int rc;

	if ((rc = auth_user_find(db, username, &u, e)) < 0)
		return rc;
	if ((rc = auth_password_hash(password, hash, sizeof hash, e)) < 0)
		return rc;
	st = db_prepare(db, "UPDATE users SET pw_hash = ? WHERE id = ?", e);
	if (!st)
		return e->code;
	db_bind_text(st, 1, hash);
	db_bind_i64(st, 2, u.id);
	rc = db_step(st, e);
	db_done(st);
	if (rc < 0)
		return rc;
	/* A new password ends every session of the user. */
	st = db_prepare(db, "DELETE FROM sessions WHERE user_id = ?", e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, u.id);
	rc = db_step(st, e);
	db_done(st);
	if (rc < 0)
		return rc;
	return audit_append(db, 0, actor, "user", u.id, "passwd", NULL, "{\"password\":\"changed\"}", e);
}

int auth_user_set_lang(struct db *db, int64_t user_id, const char *lang, struct err *e)
{
	struct db_stmt *st;
	char after[64];
	int rc;

	if (!lang || (strcmp(lang, "en") != 0 && strcmp(lang, "hi") != 0))
		return err_set(e, ERR_INVALID, "lang", "lang must be \"en\" or \"hi\"");
	st = db_prepare(db, "UPDATE users SET lang = ? WHERE id = ?", e);
	if (!st)
		return e->code;
	db_bind_text(st, 1, lang);
	db_bind_i64(st, 2, user_id);
	rc = db_step(st, e);
	db_done(st);
	if (rc < 0)
		return rc;
	snprintf(after, sizeof after, "{\"lang\":\"%s\"}", lang);
	return audit_append(db, 0, user_id, "user", user_id, "set_lang", NULL, after, e);
}

int auth_member_set(struct db *db, int64_t user_id, int64_t company_id, enum role role,
		    int64_t actor, struct err *e)
{
	struct db_stmt *st;
	char after[96];
	int rc;

	if ((unsigned)role >= ROLE_MAX)
		return err_set(e, ERR_INVALID, "role", "unknown role");
	st = db_prepare(db, "DELETE FROM memberships WHERE user_id = ? AND company_id = ?", e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, user_id);
	db_bind_i64(st, 2, company_id);
	rc = db_step(st, e);
	db_done(st);
	if (rc < 0)
		return rc;
	st = db_prepare(db, "INSERT INTO memberships(user_id, company_id, role) VALUES (?, ?, ?)", e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, user_id);
	db_bind_i64(st, 2, company_id);
	db_bind_text(st, 3, role_names[role]);
	rc = db_step(st, e);
	db_done(st);
	if (rc < 0) {
		if (e->code == ERR_CONFLICT) {
			err_clear(e);
			return err_set(e, ERR_NOT_FOUND, "company", "no such user or company");
		}
		return rc;
	}
	snprintf(after, sizeof after, "{\"user_id\":%lld,\"role\":\"%s\"}", (long long)user_id, role_names[role]);
	return audit_append(db, company_id, actor, "membership", user_id, "set", NULL, after, e);
}

int auth_membership(struct db *db, int64_t user_id, int64_t company_id, enum role *ret, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT role FROM memberships WHERE user_id = ? AND company_id = ?", e);
	enum role r = ROLE_MAX;
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, user_id);
	db_bind_i64(st, 2, company_id);
	rc = db_step(st, e);
	if (rc == DB_ROW && auth_role_parse(db_col_text(st, 0), &r) < 0)
		r = ROLE_MAX;
	db_done(st);
	if (rc < 0)
		return rc;
	if (r == ROLE_MAX)
		return err_set(e, ERR_FORBIDDEN, NULL, "you are not a member of company %lld", (long long)company_id);
	*ret = r;
	return 0;
}

/* Failures of one key (username or ip) since `since`, and the oldest of them. */
static int failures(struct db *db, const char *sql, const char *key, int64_t since, int64_t *count,
		    int64_t *oldest, struct err *e)
{
	struct db_stmt *st = db_prepare(db, sql, e);
	int rc;
	if (!st)
		return e->code;
	db_bind_text(st, 1, key);
	db_bind_i64(st, 2, since);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		*count = db_col_i64(st, 0);
		*oldest = db_col_i64(st, 1);
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

static const char sql_fail_user[] = "SELECT count(*), coalesce(min(at), 0) FROM login_failures WHERE username = ? AND at > ?";
static const char sql_fail_ip[] = "SELECT count(*), coalesce(min(at), 0) FROM login_failures WHERE ip = ? AND at > ?";

/* 0 when a try may go ahead; ERR_THROTTLED with e->aux = seconds to wait otherwise. */
static int throttle(struct db *db, const char *username, const char *ip, int64_t now,
		    const struct auth_throttle *t, struct err *e)
{
	int64_t n = 0, oldest = 0, wait = 0;
	int rc;

	rc = failures(db, sql_fail_user, username, now - 3600, &n, &oldest, e);
	if (rc < 0)
		return rc;
	if (n >= t->per_account_hour)
		wait = oldest + 3600 - now;
	if (!wait) {
		rc = failures(db, sql_fail_user, username, now - 900, &n, &oldest, e);
		if (rc < 0)
			return rc;
		if (n >= t->per_account_15m)
			wait = oldest + 900 - now;
	}
	if (!wait) {
		rc = failures(db, sql_fail_ip, ip, now - 900, &n, &oldest, e);
		if (rc < 0)
			return rc;
		if (n >= t->per_ip_15m)
			wait = oldest + 900 - now;
	}
	if (wait) {
		err_set(e, ERR_THROTTLED, "username", "too many failed logins; try again in %lld seconds", (long long)(wait > 0 ? wait : 1));
		e->aux = wait > 0 ? wait : 1;
		return ERR_THROTTLED;
	}
	return 0;
}

int auth_login_check(struct db *db, const char *username, const char *password, const char *ip,
		     int64_t now, const struct auth_throttle *t, struct auth_user *ret_user, struct err *e)
{
	struct db_stmt *st;
	char stored[SECURE_PWHASH_MAX] = "";
	int found = 0, rc;

	if ((rc = throttle(db, username ? username : "", ip, now, t, e)) < 0)
		return rc;
	st = db_prepare(db, "SELECT id, username, display_name, lang, pw_hash FROM users WHERE username = ? AND disabled = 0", e);
	if (!st)
		return e->code;
	db_bind_text(st, 1, username);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		found = 1;
		ret_user->id = db_col_i64(st, 0);
		text_copy(ret_user->username, sizeof ret_user->username, db_col_text(st, 1));
		text_copy(ret_user->display_name, sizeof ret_user->display_name, db_col_text(st, 2));
		text_copy(ret_user->lang, sizeof ret_user->lang, db_col_text(st, 3));
		text_copy(stored, sizeof stored, db_col_text(st, 4));
	}
	db_done(st);
	if (rc < 0)
		return rc;
	if (!found) {
		/* Spend the same time as a real check, so unknown names cannot be told apart. */
		char dummy[SECURE_PWHASH_MAX];
		(void)secure_password_hash(password ? password : "", dummy);
		return err_set(e, ERR_UNAUTHENTICATED, "password", "wrong username or password");
	}
	if (secure_password_verify(stored, password ? password : "") < 0)
		return err_set(e, ERR_UNAUTHENTICATED, "password", "wrong username or password");
	return 0;
}

int auth_login_failed(struct db *db, const char *username, const char *ip, int64_t now, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO login_failures(username, ip, at) VALUES (?, ?, ?)", e);
	int rc;
	if (!st)
		return e->code;
	db_bind_text(st, 1, username ? username : "");
	db_bind_text(st, 2, ip);
	db_bind_i64(st, 3, now);
	rc = db_step(st, e);
	db_done(st);
	return rc < 0 ? rc : 0;
}

int auth_session_create(struct db *db, int64_t user_id, const char *ip, int64_t now,
			char ret_id[AUTH_ID_HEX + 1], char ret_csrf[AUTH_ID_HEX + 1], struct err *e)
{
	char h[65];
	struct db_stmt *st;
	int rc;

	secure_random_hex(ret_id, AUTH_ID_HEX / 2);
	secure_random_hex(ret_csrf, AUTH_ID_HEX / 2);
	hash_hex(ret_id, h);
	/* Drop this user's dead sessions while we are here. */
	st = db_prepare(db, "DELETE FROM sessions WHERE user_id = ? AND (last_seen < ? OR created_at < ?)", e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, user_id);
	db_bind_i64(st, 2, now - AUTH_SESSION_IDLE_S);
	db_bind_i64(st, 3, now - AUTH_SESSION_MAX_S);
	rc = db_step(st, e);
	db_done(st);
	if (rc < 0)
		return rc;
	st = db_prepare(db, "INSERT INTO sessions(id_hash, user_id, csrf, created_at, last_seen, ip) VALUES (?, ?, ?, ?, ?, ?)", e);
	if (!st)
		return e->code;
	db_bind_text(st, 1, h);
	db_bind_i64(st, 2, user_id);
	db_bind_text(st, 3, ret_csrf);
	db_bind_i64(st, 4, now);
	db_bind_i64(st, 5, now);
	db_bind_text(st, 6, ip);
	rc = db_step(st, e);
	db_done(st);
	if (rc < 0)
		return rc;
	{
		char after[128];
		snprintf(after, sizeof after, "{\"ip\":\"%.60s\"}", ip);
		return audit_append(db, 0, user_id, "session", user_id, "login", NULL, after, e);
	}
}

static int is_hex(const char *s, size_t n)
{
	if (!s || strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

int auth_session_check(struct db *db, const char *id, int64_t now, struct auth_ctx *ret, struct err *e)
{
	struct db_stmt *st;
	char h[65];
	int rc, ok = 0;

	if (!is_hex(id, AUTH_ID_HEX))
		return err_set(e, ERR_UNAUTHENTICATED, NULL, "please log in");
	hash_hex(id, h);
	st = db_prepare(db, "SELECT u.id, u.username, u.display_name, u.lang, s.csrf, s.created_at, s.last_seen "
			    "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ? AND u.disabled = 0", e);
	if (!st)
		return e->code;
	db_bind_text(st, 1, h);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		int64_t created = db_col_i64(st, 5), seen = db_col_i64(st, 6);
		if (now - seen <= AUTH_SESSION_IDLE_S && now - created <= AUTH_SESSION_MAX_S) {
			ok = 1;
			memset(ret, 0, sizeof *ret);
			ret->user.id = db_col_i64(st, 0);
			text_copy(ret->user.username, sizeof ret->user.username, db_col_text(st, 1));
			text_copy(ret->user.display_name, sizeof ret->user.display_name, db_col_text(st, 2));
			text_copy(ret->user.lang, sizeof ret->user.lang, db_col_text(st, 3));
			text_copy(ret->csrf, sizeof ret->csrf, db_col_text(st, 4));
			text_copy(ret->session_hash, sizeof ret->session_hash, h);
			ret->via_session = 1;
			ret->last_seen = seen;
		}
	}
	db_done(st);
	if (rc < 0)
		return rc;
	if (!ok)
		return err_set(e, ERR_UNAUTHENTICATED, NULL, "your session has ended; please log in again");
	return 0;
}

int auth_session_touch(struct db *db, const char *session_hash, int64_t now, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "UPDATE sessions SET last_seen = ? WHERE id_hash = ?", e);
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, now);
	db_bind_text(st, 2, session_hash);
	rc = db_step(st, e);
	db_done(st);
	return rc < 0 ? rc : 0;
}

int auth_session_end(struct db *db, const char *session_hash, int64_t user_id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM sessions WHERE id_hash = ?", e);
	int rc;
	if (!st)
		return e->code;
	db_bind_text(st, 1, session_hash);
	rc = db_step(st, e);
	db_done(st);
	if (rc < 0)
		return rc;
	return audit_append(db, 0, user_id, "session", user_id, "logout", NULL, NULL, e);
}

int auth_token_create(struct db *db, int64_t user_id, const char *name, char ret[AUTH_TOKEN_LEN + 1], struct err *e)
{
	char h[65], now[32], after[160];
	struct db_stmt *st;
	int64_t id = 0;
	int rc;

	memcpy(ret, "dft_", 4);
	secure_random_hex(ret + 4, 32);
	hash_hex(ret, h);
	clock_now_iso(now);
	st = db_prepare(db, "INSERT INTO api_tokens(token_hash, user_id, name, created_at) VALUES (?, ?, ?, ?) RETURNING id", e);
	if (!st)
		return e->code;
	db_bind_text(st, 1, h);
	db_bind_i64(st, 2, user_id);
	db_bind_text(st, 3, name ? name : "");
	db_bind_text(st, 4, now);
	rc = db_step(st, e);
	if (rc == DB_ROW)
		id = db_col_i64(st, 0);
	while (rc == DB_ROW)
		rc = db_step(st, e);
	db_done(st);
	if (rc < 0)
		return rc;
	snprintf(after, sizeof after, "{\"user_id\":%lld}", (long long)user_id);
	return audit_append(db, 0, user_id, "api_token", id, "create", NULL, after, e);
}

int auth_token_check(struct db *db, const char *token, struct auth_ctx *ret, struct err *e)
{
	struct db_stmt *st;
	char h[65];
	int rc, ok = 0;

	if (!token || strncmp(token, "dft_", 4) != 0 || !is_hex(token + 4, 64))
		return err_set(e, ERR_UNAUTHENTICATED, NULL, "bad API token");
	hash_hex(token, h);
	st = db_prepare(db, "SELECT u.id, u.username, u.display_name, u.lang FROM api_tokens t JOIN users u "
			    "ON u.id = t.user_id WHERE t.token_hash = ? AND t.revoked = 0 AND u.disabled = 0", e);
	if (!st)
		return e->code;
	db_bind_text(st, 1, h);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		ok = 1;
		memset(ret, 0, sizeof *ret);
		ret->user.id = db_col_i64(st, 0);
		text_copy(ret->user.username, sizeof ret->user.username, db_col_text(st, 1));
		text_copy(ret->user.display_name, sizeof ret->user.display_name, db_col_text(st, 2));
		text_copy(ret->user.lang, sizeof ret->user.lang, db_col_text(st, 3));
	}
	db_done(st);
	if (rc < 0)
		return rc;
	return ok ? 0 : err_set(e, ERR_UNAUTHENTICATED, NULL, "bad API token");
}
