/* login.c - logging in: the throttle that reserves every password check before it is made, and
 * the check itself. The policy is in auth.h and docs/api.md ("Login throttling"); every statement
 * is in the table below. */
#include <string.h>

#include "auth/auth.h"
#include "auth/auth_int.h"
#include "lib/secure.h"
#include "lib/text.h"
#include "lib/banned.h"

const struct auth_throttle auth_throttle_default = {
	.pair_free = 5, .pair_cap_s = 900,
	.account_free = 10, .account_cap_s = 60,
	.ip_free = 50, .ip_cap_s = 900,
	.forget_s = 3600,
};

enum {
	SQL_NEXT_ANY,
	SQL_NEXT_ONE,
	SQL_TAKE,
	SQL_CLEAR,
	SQL_GIVE_BACK,
	SQL_PRUNE,
	SQL_USER_LOGIN,
	SQL_FAIL_INSERT,
	SQL_MAX
};

static const char *const sql[SQL_MAX] = {
	/* The earliest second a check may be made at, over the three counters of a try. */
	[SQL_NEXT_ANY] = "SELECT coalesce(max(last_at + wait_s), 0) FROM login_throttle "
			 "WHERE (username = ? AND ip = ?) OR (username = ? AND ip = '') OR (username = '' AND ip = ?)",
	[SQL_NEXT_ONE] = "SELECT last_at + wait_s FROM login_throttle WHERE username = ? AND ip = ?",
	/* One check taken from one counter, in one statement, so that racing tries are counted one by
	 * one: the row is made or updated only when its wait is over (RETURNING gives a row), and the
	 * wait after it doubles once `free` checks are spent, up to the cap. A counter quiet since
	 * `forget_before` starts again at 1. Parameters: username, ip, the first wait, now,
	 * forget_before, forget_before, the first wait, free, cap, cap. */
	[SQL_TAKE] = "INSERT INTO login_throttle(username, ip, failures, wait_s, last_at) VALUES (?, ?, 1, ?, ?) "
		     "ON CONFLICT (username, ip) DO UPDATE SET "
		     "failures = CASE WHEN login_throttle.last_at < ? THEN 1 ELSE login_throttle.failures + 1 END, "
		     "wait_s = CASE WHEN login_throttle.last_at < ? THEN ? "
		     "WHEN login_throttle.failures + 1 < ? THEN 0 "
		     "WHEN login_throttle.wait_s = 0 THEN 1 "
		     "WHEN login_throttle.wait_s * 2 > ? THEN ? "
		     "ELSE login_throttle.wait_s * 2 END, "
		     "last_at = excluded.last_at "
		     "WHERE login_throttle.last_at + login_throttle.wait_s <= excluded.last_at "
		     "RETURNING failures",
	[SQL_CLEAR] = "DELETE FROM login_throttle WHERE username = ? AND ip = ?",
	[SQL_GIVE_BACK] = "UPDATE login_throttle SET failures = failures - 1 WHERE username = ? AND ip = ? AND failures > 0",
	[SQL_PRUNE] = "DELETE FROM login_throttle WHERE last_at < ?",
	[SQL_USER_LOGIN] = "SELECT " AUTH_USER_COLS ", u.pw_hash, u.disabled FROM users u WHERE u.username = ?",
	[SQL_FAIL_INSERT] = "INSERT INTO login_failures(username, ip, at) VALUES (?, ?, ?)",
};

/* One of a try's three counters: the account at the address, the account, the address. */
struct counter {
	const char *username;   /* "" for the address's counter */
	const char *ip;         /* "" for the account's counter */
	int free, cap;
};

static void counters(const char *username, const char *ip, const struct auth_throttle *t, struct counter c[3])
{
	c[0] = (struct counter){username, ip, t->pair_free, t->pair_cap_s};
	c[1] = (struct counter){username, "", t->account_free, t->account_cap_s};
	c[2] = (struct counter){"", ip, t->ip_free, t->ip_cap_s};
}

static int throttled(struct err *e, int64_t wait)
{
	if (wait < 1)
		wait = 1;
	err_set(e, ERR_THROTTLED, "username", "too many failed logins; try again in %lld seconds", (long long)wait);
	err_reason(e, "throttled");
	err_detail_int(e, "retry_after", wait);
	e->aux = wait;
	return ERR_THROTTLED;
}

/* A counter's wait is over: takes one check from it (1), or finds it taken by a racing try (0). */
static int take(struct db *db, const struct counter *c, int64_t now, int64_t forget_before, struct err *e)
{
	int64_t first = c->free <= 1 ? 1 : 0, n = 0;
	int64_t cap = c->cap < 1 ? 1 : c->cap;
	int rc = db_i64(db, sql[SQL_TAKE],
			DB_ARGS(DB_TEXT(c->username), DB_TEXT(c->ip), DB_I64(first), DB_I64(now), DB_I64(forget_before),
				DB_I64(forget_before), DB_I64(first), DB_I64(c->free), DB_I64(cap), DB_I64(cap)),
			&n, e);
	return rc < 0 ? rc : rc == DB_ROW;
}

int auth_login_reserve(struct db *db, const char *username, const char *ip, int64_t now, const struct auth_throttle *t,
		       struct err *e)
{
	struct counter c[3];
	int64_t next = 0;
	int rc;

	if (!username || !*username)
		return err_setr(e, ERR_INVALID, "username", "required", "username is required");
	if (!ip || !*ip)
		ip = "unknown";
	/* A wait not over yet: refused before anything is written. */
	rc = db_i64(db, sql[SQL_NEXT_ANY], DB_ARGS(DB_TEXT(username), DB_TEXT(ip), DB_TEXT(username), DB_TEXT(ip)), &next, e);
	if (rc < 0)
		return rc;
	if (next > now)
		return throttled(e, next - now);
	counters(username, ip, t, c);
	for (int i = 0; i < 3; i++) {
		if ((rc = take(db, &c[i], now, now - t->forget_s, e)) < 0)
			return rc;
		if (rc == 0) {
			/* A try racing this one took the check first; the caller's transaction rolls back
			 * what this one took from the counters before. */
			next = now + 1;
			rc = db_i64(db, sql[SQL_NEXT_ONE], DB_ARGS(DB_TEXT(c[i].username), DB_TEXT(c[i].ip)), &next, e);
			if (rc < 0)
				return rc;
			return throttled(e, next - now);
		}
	}
	return 0;
}

int auth_login_check(struct db *db, const char *username, const char *password, struct auth_user *ret_user,
		     struct err *e)
{
	struct db_stmt *st;
	char stored[SECURE_PWHASH_MAX] = "";
	int rc, disabled;

	rc = db_one(db, sql[SQL_USER_LOGIN], DB_ARGS(DB_TEXT(username ? username : "")), &st, e);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE) {
		/* Spend the same time as a real check, so unknown names cannot be told apart. */
		char dummy[SECURE_PWHASH_MAX];
		(void)secure_password_hash(password ? password : "", dummy);
		return err_setr(e, ERR_UNAUTHENTICATED, "password", "wrong_password", "wrong username or password");
	}
	auth_read_user(st, ret_user);
	text_copy(stored, sizeof stored, db_col_text(st, AUTH_USER_NCOLS));
	disabled = db_col_i64(st, AUTH_USER_NCOLS + 1) != 0;
	db_done(st);
	if (secure_password_verify(stored, password ? password : "") < 0)
		return err_setr(e, ERR_UNAUTHENTICATED, "password", "wrong_password", "wrong username or password");
	/* Said only to whoever knows the password, so it tells a guesser nothing. */
	if (disabled) {
		memset(ret_user, 0, sizeof *ret_user);
		err_set(e, ERR_UNAUTHENTICATED, "username", "this user is disabled; ask an administrator");
		return err_reason(e, "user_disabled");
	}
	return 0;
}

/* Counters nobody has touched for a day are of no use to anyone (every forget_s is shorter). */
static int prune(struct db *db, int64_t now, struct err *e)
{
	int rc = db_run(db, sql[SQL_PRUNE], DB_ARGS(DB_I64(now - 86400)), e);
	return rc < 0 ? rc : 0;
}

int auth_login_failed(struct db *db, const char *username, const char *ip, int64_t now, struct err *e)
{
	int rc;
	if (!ip || !*ip)
		ip = "unknown";
	rc = db_run(db, sql[SQL_FAIL_INSERT], DB_ARGS(DB_TEXT(username ? username : ""), DB_TEXT(ip), DB_I64(now)), e);
	return rc < 0 ? rc : prune(db, now, e);
}

int auth_login_succeeded(struct db *db, const char *username, const char *ip, struct err *e)
{
	int rc;
	if (!ip || !*ip)
		ip = "unknown";
	if ((rc = db_run(db, sql[SQL_CLEAR], DB_ARGS(DB_TEXT(username), DB_TEXT(ip)), e)) < 0)
		return rc;
	if ((rc = db_run(db, sql[SQL_GIVE_BACK], DB_ARGS(DB_TEXT(username), DB_TEXT("")), e)) < 0)
		return rc;
	rc = db_run(db, sql[SQL_GIVE_BACK], DB_ARGS(DB_TEXT(""), DB_TEXT(ip)), e);
	return rc < 0 ? rc : 0;
}
