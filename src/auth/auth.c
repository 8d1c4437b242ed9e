/* auth.c - the permission table, users, memberships (and taking people out: disabling a user,
 * removing a member) and sessions; logins are in login.c, API tokens in tokens.c. Every statement
 * is in the table below; every change is audited in the system chain (company 0) or the company's
 * chain, in the caller's transaction, with the entity's one snapshot (user_json, membership_json, ...). */
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "auth/auth_int.h"
#include "lib/clock.h"
#include "lib/buf.h"
#include "lib/secure.h"
#include "lib/jsonw.h"
#include "lib/text.h"
#include "lib/banned.h"

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

/* ---- statements ---- */

enum {
	SQL_USER_INSERT,
	SQL_USER_FIND,
	SQL_USER_FIND_ID,
	SQL_USER_ID,
	SQL_USER_SET_PW,
	SQL_USER_SET_LANG,
	SQL_USER_SET_DISABLED,
	SQL_USER_COMPANIES,
	SQL_USER_EXISTS,
	SQL_SESSIONS_OF_USER_DROP,
	SQL_SESSIONS_DEAD_DROP,
	SQL_SESSION_INSERT,
	SQL_SESSION_GET,
	SQL_SESSION_IP,
	SQL_SESSION_TOUCH,
	SQL_SESSION_DELETE,
	SQL_MEMBER_ROLE,
	SQL_MEMBER_DELETE,
	SQL_MEMBER_INSERT,
	SQL_MEMBER_LIST,
	SQL_MEMBER_GET,
	SQL_ADMINS_LOCK,
	SQL_LAST_ADMIN,
	SQL_MEMBER_UPDATE,
	SQL_MAY_CREATE,
	SQL_USER_SET_CREATOR,
	SQL_MAX
};

#define USER_COLS AUTH_USER_COLS
/* The columns read_member() reads. */
#define MEMBER_COLS USER_COLS ", m.role, u.disabled"
/* Companies of a user (?) and, of each, its name and the role another user (?) holds there. */
#define USER_COMPANIES "SELECT m.company_id, c.name, coalesce(a.role, '') FROM memberships m JOIN companies c ON c.id = m.company_id " \
		       "LEFT JOIN memberships a ON a.company_id = m.company_id AND a.user_id = ? WHERE m.user_id = ? ORDER BY m.company_id"

static const char *const sql[SQL_MAX] = {
	[SQL_USER_INSERT] = "INSERT INTO users(username, display_name, pw_hash, lang, created_at) VALUES (?, ?, ?, 'en', ?) RETURNING id",
	[SQL_USER_FIND] = "SELECT " USER_COLS " FROM users u WHERE u.username = ? AND u.disabled = 0",
	[SQL_USER_FIND_ID] = "SELECT " USER_COLS ", u.disabled FROM users u WHERE u.id = ?",
	[SQL_USER_ID] = "SELECT id FROM users WHERE username = ?",
	[SQL_USER_SET_PW] = "UPDATE users SET pw_hash = ? WHERE id = ?",
	[SQL_USER_SET_LANG] = "UPDATE users SET lang = ? WHERE id = ?",
	[SQL_USER_SET_DISABLED] = "UPDATE users SET disabled = ? WHERE id = ?",
	[SQL_USER_COMPANIES] = USER_COMPANIES,
	[SQL_USER_EXISTS] = "SELECT 1 FROM users WHERE id = ?",
	[SQL_SESSIONS_OF_USER_DROP] = "DELETE FROM sessions WHERE user_id = ?",
	[SQL_SESSIONS_DEAD_DROP] = "DELETE FROM sessions WHERE user_id = ? AND (last_seen < ? OR created_at < ?)",
	[SQL_SESSION_INSERT] = "INSERT INTO sessions(id_hash, user_id, csrf, created_at, last_seen, ip) VALUES (?, ?, ?, ?, ?, ?)",
	[SQL_SESSION_GET] = "SELECT " USER_COLS ", s.csrf, s.created_at, s.last_seen FROM sessions s JOIN users u ON u.id = s.user_id "
			    "WHERE s.id_hash = ? AND u.disabled = 0",
	[SQL_SESSION_IP] = "SELECT ip FROM sessions WHERE id_hash = ?",
	[SQL_SESSION_TOUCH] = "UPDATE sessions SET last_seen = ? WHERE id_hash = ?",
	[SQL_SESSION_DELETE] = "DELETE FROM sessions WHERE id_hash = ?",
	[SQL_MEMBER_ROLE] = "SELECT role FROM memberships WHERE user_id = ? AND company_id = ?",
	[SQL_MEMBER_DELETE] = "DELETE FROM memberships WHERE user_id = ? AND company_id = ?",
	[SQL_MEMBER_INSERT] = "INSERT INTO memberships(user_id, company_id, role) VALUES (?, ?, ?)",
	/* By username, from after the member whose id is the cursor (0: the first). */
	[SQL_MEMBER_LIST] = "SELECT " MEMBER_COLS " FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.company_id = ? "
			    "AND (? = 0 OR u.username > (SELECT username FROM users WHERE id = ?)) ORDER BY u.username LIMIT ?",
	[SQL_MEMBER_GET] = "SELECT " MEMBER_COLS " FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.company_id = ? AND m.user_id = ?",
	/* Holds the admin memberships of the companies a user (?) is in (one: ?, 0: all) until the
	 * transaction ends, so that two admins taking each other out at once cannot both pass the
	 * last-admin rule below: the second waits and then sees the first's change. */
	[SQL_ADMINS_LOCK] = "UPDATE memberships SET role = role WHERE role = ? AND company_id IN "
			    "(SELECT company_id FROM memberships WHERE user_id = ? AND (? = 0 OR company_id = ?))",
	/* A company (one: ?, 0: any) of which the user (?) is an enabled admin (role ?) and no one else
	 * is: its name. */
	[SQL_LAST_ADMIN] = "SELECT c.name FROM memberships m JOIN companies c ON c.id = m.company_id JOIN users t ON t.id = m.user_id "
			   "WHERE m.user_id = ? AND m.role = ? AND t.disabled = 0 AND (? = 0 OR m.company_id = ?) AND NOT EXISTS "
			   "(SELECT 1 FROM memberships o JOIN users ou ON ou.id = o.user_id WHERE o.company_id = m.company_id "
			   "AND o.role = ? AND o.user_id <> m.user_id AND ou.disabled = 0) ORDER BY m.company_id LIMIT 1",
	[SQL_MEMBER_UPDATE] = "UPDATE memberships SET role = ? WHERE user_id = ? AND company_id = ?",
	/* Marked by the CLI, or an admin (?) of any company. */
	[SQL_MAY_CREATE] = "SELECT 1 FROM users u WHERE u.id = ? AND u.disabled = 0 AND (u.can_create_companies <> 0 OR EXISTS "
			   "(SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.role = ?))",
	[SQL_USER_SET_CREATOR] = "UPDATE users SET can_create_companies = ? WHERE id = ?",
};

/* ---- what the auth files share (auth_int.h) ---- */

void auth_read_user(struct db_stmt *st, struct auth_user *u)
{
	memset(u, 0, sizeof *u);
	u->id = db_col_i64(st, 0);
	text_copy(u->username, sizeof u->username, db_col_text(st, 1));
	text_copy(u->display_name, sizeof u->display_name, db_col_text(st, 2));
	text_copy(u->lang, sizeof u->lang, db_col_text(st, 3));
	u->can_create_companies = db_col_i64(st, 4) != 0;
}

int auth_oom(struct err *e) { return err_set(e, ERR_INTERNAL, NULL, "out of memory"); }

void auth_hash_hex(const char *s, char out[65])
{
	uint8_t h[SECURE_HASH_LEN];
	secure_hash(s, strlen(s), h);
	secure_hex(h, sizeof h, out);
}

int auth_is_hex(const char *s, size_t n)
{
	if (!s || strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

static void free_both(struct buf *before, struct buf *after)
{
	if (before)
		buf_free(before);
	if (after)
		buf_free(after);
}

static int append(struct db *db, int64_t cid, int64_t actor, const char *entity, int64_t eid, const char *action,
		  const struct buf *before, const struct buf *after, struct err *e)
{
	return audit_append(db, cid, actor, entity, eid, action, before && before->len ? buf_str(before) : NULL,
			    after && after->len ? buf_str(after) : NULL, e);
}

int auth_record(struct db *db, int64_t cid, int64_t actor, const char *entity, int64_t eid, const char *action,
		struct buf *before, struct buf *after, int snap_rc, struct err *e)
{
	int rc = snap_rc < 0 ? auth_oom(e) : append(db, cid, actor, entity, eid, action, before, after, e);
	free_both(before, after);
	return rc;
}

struct wide_ctx {
	struct db *db;
	int64_t actor, eid;
	const char *entity, *action;
	const struct buf *before, *after;
};

static int wide_row(void *p, struct db_stmt *st, struct err *e)
{
	const struct wide_ctx *w = p;
	int rc = append(w->db, db_col_i64(st, 0), w->actor, w->entity, w->eid, w->action, w->before, w->after, e);
	return rc < 0 ? rc : 0;
}

int auth_record_user_wide(struct db *db, int64_t user_id, int64_t actor, const char *entity, int64_t eid,
			  const char *action, struct buf *before, struct buf *after, int snap_rc, struct err *e)
{
	struct wide_ctx w = {db, actor, eid, entity, action, before, after};
	int rc = snap_rc < 0 ? auth_oom(e) : append(db, 0, actor, entity, eid, action, before, after, e);
	if (rc >= 0)
		rc = db_each(db, sql[SQL_USER_COMPANIES], DB_ARGS(DB_I64(0), DB_I64(user_id)), wide_row, &w, e);
	free_both(before, after);
	return rc;
}

/* ---- the audit snapshots: one per entity, written with jsonw (which escapes) ---- */

/* A user as the audit log keeps it: never the password hash. */
static int user_json(struct buf *b, const struct auth_user *u, int disabled)
{
	struct jsonw w;
	jsonw_init(&w, b);
	jsonw_obj(&w);
	jsonw_kstr(&w, "username", u->username);
	jsonw_kstr(&w, "display_name", u->display_name);
	jsonw_kstr(&w, "lang", u->lang);
	jsonw_kbool(&w, "disabled", disabled);
	jsonw_kbool(&w, "can_create_companies", u->can_create_companies);
	jsonw_obj_end(&w);
	return jsonw_ok(&w);
}

static int membership_json(struct buf *b, int64_t user_id, enum role role)
{
	struct jsonw w;
	jsonw_init(&w, b);
	jsonw_obj(&w);
	jsonw_ki64(&w, "user_id", user_id);
	jsonw_kstr(&w, "role", auth_role_name(role));
	jsonw_obj_end(&w);
	return jsonw_ok(&w);
}

/* A session: where it was opened from (never its id or CSRF token). */
static int session_json(struct buf *b, const char *ip)
{
	struct jsonw w;
	jsonw_init(&w, b);
	jsonw_obj(&w);
	jsonw_kstr(&w, "ip", ip);
	jsonw_obj_end(&w);
	return jsonw_ok(&w);
}

void auth_member_json(struct jsonw *w, const struct auth_member *m)
{
	jsonw_obj(w);
	auth_member_members(w, m);
	jsonw_obj_end(w);
}

void auth_member_members(struct jsonw *w, const struct auth_member *m)
{
	jsonw_ki64(w, "id", m->user.id);
	jsonw_kstr(w, "username", m->user.username);
	jsonw_kstr(w, "display_name", m->user.display_name);
	jsonw_kstr(w, "lang", m->user.lang);
	jsonw_kstr(w, "role", auth_role_name(m->role));
	jsonw_kbool(w, "disabled", m->disabled);
}

/* ---- passwords and users ---- */

int auth_password_rule(const char *password, struct err *e)
{
	size_t n;
	if (!password)
		return err_setr(e, ERR_INVALID, "password", "required", "password is required");
	n = strlen(password);
	if (text_utf8_invalid_at(password, n) >= 0)
		return err_setr(e, ERR_INVALID, "password", "not_utf8", "password is not valid UTF-8");
	if (text_utf8_chars(password, n) < AUTH_PASSWORD_MIN) {
		err_setr(e, ERR_INVALID, "password", "password_short", "password must be at least %d characters", AUTH_PASSWORD_MIN);
		return err_detail_int(e, "min", AUTH_PASSWORD_MIN);
	}
	if (n > AUTH_PASSWORD_MAX_BYTES)
		return err_setr(e, ERR_INVALID, "password", "too_long_brief", "password is too long");
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
	if (n < 1 || n > AUTH_USERNAME_MAX)
		return err_setr(e, ERR_INVALID, "username", "username_length", "username must be 1-%d characters", AUTH_USERNAME_MAX);
	for (size_t i = 0; i < n; i++) {
		char c = u[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return err_setr(e, ERR_INVALID, "username", "username_chars", "username may hold only a-z, 0-9, '.', '_' and '-'");
	}
	return 0;
}

int auth_user_create(struct db *db, const char *username, const char *display_name,
		     const char *password, int64_t actor, int64_t *ret_id, struct err *e)
{
	char hash[SECURE_PWHASH_MAX];
	int rc;

	if ((rc = username_rule(username, e)) < 0)
		return rc;
	if ((rc = auth_password_hash(password, hash, sizeof hash, e)) < 0)
		return rc;
	return auth_user_create_hashed(db, username, display_name, hash, actor, ret_id, e);
}

int auth_user_create_hashed(struct db *db, const char *username, const char *display_name, const char *pw_hash,
			    int64_t actor, int64_t *ret_id, struct err *e)
{
	char now[CLOCK_ISO_SIZE];
	struct auth_user u;
	struct buf after = BUF_INIT;
	int64_t id = 0;
	int rc;

	if ((rc = username_rule(username, e)) < 0)
		return rc;
	if (!display_name || !*display_name)
		display_name = username;
	if (strlen(display_name) > AUTH_DISPLAY_MAX_BYTES || text_utf8_invalid_at(display_name, strlen(display_name)) >= 0)
		return err_setr(e, ERR_INVALID, "display_name", "display_name_bad", "display name must be valid text of at most %d bytes",
			       AUTH_DISPLAY_MAX_BYTES);
	if (!pw_hash || !*pw_hash)
		return err_set(e, ERR_INVALID, "password", "password is required");
	clock_now_iso(now);
	rc = db_insert_id(db, sql[SQL_USER_INSERT], DB_ARGS(DB_TEXT(username), DB_TEXT(display_name), DB_TEXT(pw_hash), DB_TEXT(now)),
			  &id, e);
	if (rc < 0) {
		if (e->code == ERR_CONFLICT) {
			err_clear(e);
			return err_setr(e, ERR_DUPLICATE, "username", "user_exists", "user %s already exists", username);
		}
		return rc;
	}
	memset(&u, 0, sizeof u);
	u.id = id;
	text_copy(u.username, sizeof u.username, username);
	text_copy(u.display_name, sizeof u.display_name, display_name);
	text_copy(u.lang, sizeof u.lang, "en");
	if ((rc = auth_record(db, 0, actor, "user", id, "create", NULL, &after, user_json(&after, &u, 0), e)) < 0)
		return rc;
	if (ret_id)
		*ret_id = id;
	return 0;
}

void auth_password_generate(char out[AUTH_PASSWORD_GEN + 1])
{
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	unsigned char r[AUTH_PASSWORD_GEN];
	/* 55 letters: r % 55 leans a little to the first 36 of them (256 = 4 * 55 + 36), which leaves
	 * more than 90 bits in 16 of them. */
	secure_random(r, sizeof r);
	for (size_t i = 0; i < sizeof r; i++)
		out[i] = alphabet[r[i] % (sizeof alphabet - 1)];
	out[AUTH_PASSWORD_GEN] = '\0';
}

/* A user's row with its disabled flag: 0 and *ret, ERR_NOT_FOUND "unknown_user", or <0. */
static int user_by_id(struct db *db, int64_t user_id, struct auth_user *ret, int *ret_disabled, struct err *e)
{
	struct db_stmt *st;
	int rc = db_one(db, sql[SQL_USER_FIND_ID], DB_ARGS(DB_I64(user_id)), &st, e);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE) {
		err_set(e, ERR_NOT_FOUND, NULL, "no user %lld", (long long)user_id);
		return err_reason(e, "unknown_user");
	}
	auth_read_user(st, ret);
	*ret_disabled = db_col_i64(st, AUTH_USER_NCOLS) != 0;
	db_done(st);
	return 0;
}

int auth_user_may_create_company(struct db *db, int64_t user_id, struct err *e)
{
	return db_exists(db, sql[SQL_MAY_CREATE], DB_ARGS(DB_I64(user_id), DB_TEXT(auth_role_name(ROLE_ADMIN))), e);
}

int auth_user_set_creator(struct db *db, int64_t user_id, int on, int64_t actor, struct err *e)
{
	struct buf before = BUF_INIT, after = BUF_INIT;
	struct auth_user u;
	int rc, disabled = 0, snap;

	on = on != 0;
	if ((rc = user_by_id(db, user_id, &u, &disabled, e)) < 0)
		return rc;
	if (u.can_create_companies == on)
		return 0;
	if ((rc = db_run(db, sql[SQL_USER_SET_CREATOR], DB_ARGS(DB_I64(on), DB_I64(user_id)), e)) < 0)
		return rc;
	snap = user_json(&before, &u, disabled);
	u.can_create_companies = on;
	if (snap == 0)
		snap = user_json(&after, &u, disabled);
	return auth_record(db, 0, actor, "user", user_id, "company_creator", &before, &after, snap, e);
}

int auth_user_find(struct db *db, const char *username, struct auth_user *ret, struct err *e)
{
	struct db_stmt *st;
	int rc = db_one(db, sql[SQL_USER_FIND], DB_ARGS(DB_TEXT(username)), &st, e);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE)
		return err_setr(e, ERR_NOT_FOUND, "username", "unknown_user", "no user %s", username);
	auth_read_user(st, ret);
	db_done(st);
	return 0;
}

int auth_user_passwd(struct db *db, const char *username, const char *password, int64_t actor, struct err *e)
{
	char hash[SECURE_PWHASH_MAX];
	struct auth_user u;
	struct buf after = BUF_INIT;
	int rc;

	if ((rc = auth_user_find(db, username, &u, e)) < 0)
		return rc;
	if ((rc = auth_password_hash(password, hash, sizeof hash, e)) < 0)
		return rc;
	if ((rc = db_run(db, sql[SQL_USER_SET_PW], DB_ARGS(DB_TEXT(hash), DB_I64(u.id)), e)) < 0)
		return rc;
	/* A new password ends every session of the user. */
	if ((rc = db_run(db, sql[SQL_SESSIONS_OF_USER_DROP], DB_ARGS(DB_I64(u.id)), e)) < 0)
		return rc;
	/* The action says what changed; the snapshot is the user, never a hash. */
	return auth_record(db, 0, actor, "user", u.id, "passwd", NULL, &after, user_json(&after, &u, 0), e);
}

int auth_user_set_lang(struct db *db, int64_t user_id, const char *lang, struct err *e)
{
	struct auth_user u;
	struct buf before = BUF_INIT, after = BUF_INIT;
	struct db_stmt *st;
	int rc, snap, disabled;

	if (!lang || (strcmp(lang, "en") != 0 && strcmp(lang, "hi") != 0))
		return err_setr(e, ERR_INVALID, "lang", "lang_choice", "lang must be \"en\" or \"hi\"");
	/* The user as it stands, for the record's before. */
	rc = db_one(db, sql[SQL_USER_FIND_ID], DB_ARGS(DB_I64(user_id)), &st, e);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE)
		return err_setr(e, ERR_NOT_FOUND, NULL, "unknown_user", "no user %lld", (long long)user_id);
	auth_read_user(st, &u);
	disabled = db_col_i64(st, AUTH_USER_NCOLS) != 0;
	db_done(st);
	if (strcmp(u.lang, lang) == 0) /* already so: nothing to write or audit */
		return ERR_UNCHANGED;
	if ((rc = db_run(db, sql[SQL_USER_SET_LANG], DB_ARGS(DB_TEXT(lang), DB_I64(user_id)), e)) < 0)
		return rc;
	snap = user_json(&before, &u, disabled);
	text_copy(u.lang, sizeof u.lang, lang);
	if (snap == 0)
		snap = user_json(&after, &u, disabled);
	return auth_record(db, 0, user_id, "user", user_id, "set_lang", &before, &after, snap, e);
}

/* ---- memberships ---- */

/* The role of user_id in company_id: 1 and *ret, 0 when not a member, <0 on error. */
static int member_role(struct db *db, int64_t user_id, int64_t company_id, enum role *ret, struct err *e)
{
	struct db_stmt *st;
	int rc = db_one(db, sql[SQL_MEMBER_ROLE], DB_ARGS(DB_I64(user_id), DB_I64(company_id)), &st, e);
	if (rc != DB_ROW)
		return rc < 0 ? rc : 0;
	rc = auth_role_parse(db_col_text(st, 0), ret) == 0;
	db_done(st);
	return rc;
}

int auth_member_set(struct db *db, int64_t user_id, int64_t company_id, enum role role,
		    int64_t actor, struct err *e)
{
	struct buf before = BUF_INIT, after = BUF_INIT;
	enum role old = ROLE_MAX;
	int rc, had, snap = 0;

	if ((unsigned)role >= ROLE_MAX)
		return err_setr(e, ERR_INVALID, "role", "unknown_role", "unknown role");
	if ((had = member_role(db, user_id, company_id, &old, e)) < 0)
		return had;
	if ((rc = db_run(db, sql[SQL_MEMBER_DELETE], DB_ARGS(DB_I64(user_id), DB_I64(company_id)), e)) < 0)
		return rc;
	rc = db_run(db, sql[SQL_MEMBER_INSERT], DB_ARGS(DB_I64(user_id), DB_I64(company_id), DB_TEXT(role_names[role])), e);
	if (rc < 0) {
		if (e->code == ERR_CONFLICT) {
			err_clear(e);
			return err_setr(e, ERR_NOT_FOUND, "company", "unknown_user", "no such user or company");
		}
		return rc;
	}
	if (had)
		snap = membership_json(&before, user_id, old);
	if (snap == 0)
		snap = membership_json(&after, user_id, role);
	return auth_record(db, company_id, actor, "membership", user_id, "set", &before, &after, snap, e);
}

int auth_membership(struct db *db, int64_t user_id, int64_t company_id, enum role *ret, struct err *e)
{
	enum role r = ROLE_MAX;
	int rc = member_role(db, user_id, company_id, &r, e);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_setr(e, ERR_FORBIDDEN, NULL, "not_member", "you are not a member of company %lld", (long long)company_id);
	*ret = r;
	return 0;
}

/* ---- offboarding: the members of a company, disabling a user, removing a member ---- */

int auth_user_id(struct db *db, const char *username, int64_t *ret_id, struct err *e)
{
	int rc = db_i64(db, sql[SQL_USER_ID], DB_ARGS(DB_TEXT(username ? username : "")), ret_id, e);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE) {
		err_set(e, ERR_NOT_FOUND, "username", "no user %s", username ? username : "");
		return err_reason(e, "unknown_user");
	}
	return 0;
}

static void read_member(struct db_stmt *st, struct auth_member *m)
{
	memset(m, 0, sizeof *m);
	auth_read_user(st, &m->user);
	if (auth_role_parse(db_col_text(st, AUTH_USER_NCOLS), &m->role) < 0)
		m->role = ROLE_AUDITOR; /* a role this build does not know reads as the least one */
	m->disabled = db_col_i64(st, AUTH_USER_NCOLS + 1) != 0;
}

struct member_page {
	int (*each)(void *ctx, const struct auth_member *m);
	void *ctx;
	int limit, n;
	int64_t last, *next;
};

static int member_row(void *p, struct db_stmt *st, struct err *e)
{
	struct member_page *l = p;
	struct auth_member m;
	int rc;
	(void)e;
	if (l->n == l->limit) { /* one more than the page: there is a next page */
		*l->next = l->last;
		return 1;
	}
	read_member(st, &m);
	l->n++;
	l->last = m.user.id;
	rc = l->each(l->ctx, &m);
	return rc < 0 ? rc : 0;
}

int auth_member_list(struct db *db, int64_t company_id, int64_t after, int limit,
		     int (*each)(void *ctx, const struct auth_member *m), void *ctx, int64_t *ret_next, struct err *e)
{
	struct member_page l = {each, ctx, limit, 0, 0, ret_next};
	int rc;

	*ret_next = 0;
	if (after > 0) {
		if ((rc = db_exists(db, sql[SQL_USER_EXISTS], DB_ARGS(DB_I64(after)), e)) < 0)
			return rc;
		if (rc == 0)
			return err_setr(e, ERR_INVALID, "after", "unknown_cursor", "after names no user");
	}
	return db_each(db, sql[SQL_MEMBER_LIST], DB_ARGS(DB_I64(company_id), DB_I64(after), DB_I64(after), DB_I64(limit + 1)),
		       member_row, &l, e);
}

int auth_member_get(struct db *db, int64_t company_id, int64_t user_id, struct auth_member *ret, struct err *e)
{
	struct db_stmt *st;
	int rc = db_one(db, sql[SQL_MEMBER_GET], DB_ARGS(DB_I64(company_id), DB_I64(user_id)), &st, e);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE) {
		err_set(e, ERR_NOT_FOUND, NULL, "no user %lld in this company", (long long)user_id);
		return err_reason(e, "unknown_user");
	}
	read_member(st, ret);
	db_done(st);
	return 0;
}

/* Refuses (ERR_FORBIDDEN, "other_company") when actor may not manage members in one of the
 * companies user_id belongs to: disabling a user shuts them out of every company. */
static int authority_row(void *p, struct db_stmt *st, struct err *e)
{
	enum role r = ROLE_MAX;
	(void)p;
	if (auth_role_parse(db_col_text(st, 2), &r) == 0 && auth_role_can(r, PERM_MEMBER_ADMIN))
		return 0;
	err_set(e, ERR_FORBIDDEN, NULL, "this user also works in %s, where you are not an admin", db_col_text(st, 1));
	err_reason(e, "other_company");
	err_detail_text(e, "company", db_col_text(st, 1));
	return ERR_FORBIDDEN;
}

int auth_authority(struct db *db, int64_t actor, int64_t user_id, struct err *e)
{
	int rc = db_each(db, sql[SQL_USER_COMPANIES], DB_ARGS(DB_I64(actor), DB_I64(user_id)), authority_row, NULL, e);
	return rc < 0 ? rc : 0;
}

/* Refuses (ERR_UNPROCESSABLE, "last_admin") taking user_id out of the admins of company_id (0:
 * of every company they are in) when no other enabled admin would be left there. */
static int last_admin_rule(struct db *db, int64_t user_id, int64_t company_id, struct err *e)
{
	const char *admin = auth_role_name(ROLE_ADMIN); /* the one role that holds PERM_MEMBER_ADMIN */
	char name[256] = "";
	int rc = db_run(db, sql[SQL_ADMINS_LOCK], DB_ARGS(DB_TEXT(admin), DB_I64(user_id), DB_I64(company_id), DB_I64(company_id)), e);
	if (rc < 0)
		return rc;
	rc = db_text(db, sql[SQL_LAST_ADMIN],
		     DB_ARGS(DB_I64(user_id), DB_TEXT(admin), DB_I64(company_id), DB_I64(company_id), DB_TEXT(admin)), name, sizeof name, e);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE)
		return 0;
	err_set(e, ERR_UNPROCESSABLE, "user", "this is the last admin of %s: make someone else an admin first", name);
	err_reason(e, "last_admin");
	return err_detail_text(e, "company", name);
}

int auth_user_set_disabled(struct db *db, int64_t user_id, int disabled, int64_t actor, struct err *e)
{
	struct buf before = BUF_INIT, after = BUF_INIT;
	struct auth_user u;
	struct db_stmt *st;
	int rc, was, snap;

	disabled = disabled != 0;
	rc = db_one(db, sql[SQL_USER_FIND_ID], DB_ARGS(DB_I64(user_id)), &st, e);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE) {
		err_set(e, ERR_NOT_FOUND, NULL, "no user %lld", (long long)user_id);
		return err_reason(e, "unknown_user");
	}
	auth_read_user(st, &u);
	was = db_col_i64(st, AUTH_USER_NCOLS) != 0;
	db_done(st);
	if (disabled && actor == user_id) {
		err_set(e, ERR_UNPROCESSABLE, "user", "you cannot disable yourself");
		return err_reason(e, "self_disable");
	}
	if (was == disabled)
		return 0;
	if (actor && (rc = auth_authority(db, actor, user_id, e)) < 0)
		return rc;
	if (disabled && (rc = last_admin_rule(db, user_id, 0, e)) < 0)
		return rc;
	if ((rc = db_run(db, sql[SQL_USER_SET_DISABLED], DB_ARGS(DB_I64(disabled), DB_I64(user_id)), e)) < 0)
		return rc;
	/* Their sessions end now: the next request with one is 401. Their tokens are refused for as
	 * long as they are disabled (auth_token_check). */
	if (disabled && (rc = db_run(db, sql[SQL_SESSIONS_OF_USER_DROP], DB_ARGS(DB_I64(user_id)), e)) < 0)
		return rc;
	snap = user_json(&before, &u, was);
	if (snap == 0)
		snap = user_json(&after, &u, disabled);
	return auth_record_user_wide(db, user_id, actor, "user", user_id, disabled ? "disable" : "enable", &before, &after, snap, e);
}

int auth_member_add(struct db *db, int64_t company_id, const struct auth_member_new *n, int64_t actor,
		    struct auth_member *ret, int *ret_created, struct err *e)
{
	int64_t uid = 0;
	enum role old;
	int rc, created = 0;

	if ((rc = username_rule(n->username, e)) < 0)
		return rc;
	if ((unsigned)n->role >= ROLE_MAX)
		return err_set(e, ERR_INVALID, "role", "unknown role");
	if ((rc = db_i64(db, sql[SQL_USER_ID], DB_ARGS(DB_TEXT(n->username)), &uid, e)) < 0)
		return rc;
	if (rc == DB_ROW) {
		if ((rc = member_role(db, uid, company_id, &old, e)) < 0)
			return rc;
		if (rc == 1) {
			err_set(e, ERR_DUPLICATE, "username", "%s already works in this company", n->username);
			return err_reason(e, "already_member");
		}
		if (n->pw_hash && !n->pw_made) {
			err_set(e, ERR_UNPROCESSABLE, "password", "%s already has an account, and its password is theirs: add them without one",
				n->username);
			return err_reason(e, "existing_user");
		}
	} else {
		if (!n->pw_hash) {
			err_set(e, ERR_UNPROCESSABLE, "password", "%s is a new user: give a password, or have one made", n->username);
			return err_reason(e, "password_required");
		}
		if ((rc = auth_user_create_hashed(db, n->username, n->display_name, n->pw_hash, actor, &uid, e)) < 0)
			return rc;
		created = 1;
	}
	if ((rc = auth_member_set(db, uid, company_id, n->role, actor, e)) < 0)
		return rc;
	if (ret && (rc = auth_member_get(db, company_id, uid, ret, e)) < 0)
		return rc;
	if (ret_created)
		*ret_created = created;
	return 0;
}

int auth_member_role(struct db *db, int64_t company_id, int64_t user_id, enum role role, int64_t actor, struct err *e)
{
	struct buf before = BUF_INIT, after = BUF_INIT;
	enum role old = ROLE_MAX;
	int rc, snap;

	if ((unsigned)role >= ROLE_MAX)
		return err_set(e, ERR_INVALID, "role", "unknown role");
	if ((rc = member_role(db, user_id, company_id, &old, e)) < 0)
		return rc;
	if (rc == 0) {
		err_set(e, ERR_NOT_FOUND, NULL, "no user %lld in this company", (long long)user_id);
		return err_reason(e, "unknown_user");
	}
	if (old == role)
		return 0;
	if (old == ROLE_ADMIN && (rc = last_admin_rule(db, user_id, company_id, e)) < 0)
		return rc;
	if ((rc = db_run(db, sql[SQL_MEMBER_UPDATE], DB_ARGS(DB_TEXT(role_names[role]), DB_I64(user_id), DB_I64(company_id)), e)) < 0)
		return rc;
	snap = membership_json(&before, user_id, old);
	if (snap == 0)
		snap = membership_json(&after, user_id, role);
	return auth_record(db, company_id, actor, "membership", user_id, "set", &before, &after, snap, e);
}

int auth_member_remove(struct db *db, int64_t company_id, int64_t user_id, int64_t actor, struct err *e)
{
	struct buf before = BUF_INIT;
	enum role old = ROLE_MAX;
	int rc = member_role(db, user_id, company_id, &old, e);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		err_set(e, ERR_NOT_FOUND, NULL, "no user %lld in this company", (long long)user_id);
		return err_reason(e, "unknown_user");
	}
	if ((rc = last_admin_rule(db, user_id, company_id, e)) < 0)
		return rc;
	if ((rc = db_run(db, sql[SQL_MEMBER_DELETE], DB_ARGS(DB_I64(user_id), DB_I64(company_id)), e)) < 0)
		return rc;
	return auth_record(db, company_id, actor, "membership", user_id, "remove", &before, NULL, membership_json(&before, user_id, old), e);
}

/* ---- sessions ---- */

int auth_session_create(struct db *db, int64_t user_id, const char *ip, int64_t now,
			char ret_id[AUTH_ID_HEX + 1], char ret_csrf[AUTH_ID_HEX + 1], struct err *e)
{
	struct buf after = BUF_INIT;
	char h[65];
	int rc;

	secure_random_hex(ret_id, AUTH_ID_HEX / 2);
	secure_random_hex(ret_csrf, AUTH_ID_HEX / 2);
	auth_hash_hex(ret_id, h);
	/* Drop this user's dead sessions while we are here. */
	rc = db_run(db, sql[SQL_SESSIONS_DEAD_DROP], DB_ARGS(DB_I64(user_id), DB_I64(now - AUTH_SESSION_IDLE_S), DB_I64(now - AUTH_SESSION_MAX_S)), e);
	if (rc < 0)
		return rc;
	rc = db_run(db, sql[SQL_SESSION_INSERT],
		    DB_ARGS(DB_TEXT(h), DB_I64(user_id), DB_TEXT(ret_csrf), DB_I64(now), DB_I64(now), DB_TEXT(ip)), e);
	if (rc < 0)
		return rc;
	return auth_record(db, 0, user_id, "session", user_id, "login", NULL, &after, session_json(&after, ip), e);
}

int auth_session_check(struct db *db, const char *id, int64_t now, struct auth_ctx *ret, struct err *e)
{
	struct db_stmt *st;
	char h[65];
	int rc, ok = 0;

	if (!auth_is_hex(id, AUTH_ID_HEX))
		return err_setr(e, ERR_UNAUTHENTICATED, NULL, "login_required", "please log in");
	auth_hash_hex(id, h);
	rc = db_one(db, sql[SQL_SESSION_GET], DB_ARGS(DB_TEXT(h)), &st, e);
	if (rc < 0)
		return rc;
	if (rc == DB_ROW) {
		int64_t created = db_col_i64(st, AUTH_USER_NCOLS + 1), seen = db_col_i64(st, AUTH_USER_NCOLS + 2);
		if (now - seen <= AUTH_SESSION_IDLE_S && now - created <= AUTH_SESSION_MAX_S) {
			ok = 1;
			memset(ret, 0, sizeof *ret);
			auth_read_user(st, &ret->user);
			text_copy(ret->csrf, sizeof ret->csrf, db_col_text(st, AUTH_USER_NCOLS));
			text_copy(ret->session_hash, sizeof ret->session_hash, h);
			ret->via_session = 1;
			ret->last_seen = seen;
		}
		db_done(st);
	}
	if (!ok)
		return err_setr(e, ERR_UNAUTHENTICATED, NULL, "session_ended", "your session has ended; please log in again");
	return 0;
}

int auth_session_touch(struct db *db, const char *session_hash, int64_t now, struct err *e)
{
	int rc = db_run(db, sql[SQL_SESSION_TOUCH], DB_ARGS(DB_I64(now), DB_TEXT(session_hash)), e);
	return rc < 0 ? rc : 0;
}

int auth_session_end(struct db *db, const char *session_hash, int64_t user_id, struct err *e)
{
	struct buf before = BUF_INIT;
	char ip[AUTH_IP_SIZE] = "";
	int rc, had;

	/* The session as it was, for the record's before. */
	if ((had = db_text(db, sql[SQL_SESSION_IP], DB_ARGS(DB_TEXT(session_hash)), ip, sizeof ip, e)) < 0)
		return had;
	if ((rc = db_run(db, sql[SQL_SESSION_DELETE], DB_ARGS(DB_TEXT(session_hash)), e)) < 0)
		return rc;
	return auth_record(db, 0, user_id, "session", user_id, "logout", &before, NULL, had == DB_ROW ? session_json(&before, ip) : 0, e);
}
