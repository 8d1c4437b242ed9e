/* test_auth.c - the permission table, roles, the password rule, users and login, throttling,
 * sessions (idle and absolute expiry, driven by the `now` argument), API tokens and memberships.
 * Database parts run on SQLite, and on PostgreSQL when DAFTAR_PG_URL is set. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "admin/company.h"
#include "lib/clock.h"
#include "lib/jsonw.h"
#include "lib/secure.h"
#include "unit.h"

#define T0 1700000000LL   /* a fixed "now" for the session and throttle clocks */
#define PASSWORD "correct horse battery"

/* The state of a database test: a migrated database with user "asha" (PASSWORD) as uid. */
static int setup(void **state)
{
	struct unit_fx *f = unit_fx_new(unit_backend(state), UNIT_MIGRATED);
	if (!f || unit_fx_user(f, "asha", "आशा", PASSWORD, &f->uid) < 0) {
		unit_fx_free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int is_lower_hex(const char *s, size_t n)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

/* ---- no database ---- */

static void test_permission_table(void **state)
{
	(void)state;
	/* Everyone reads the company and its parties. */
	for (int r = 0; r < ROLE_MAX; r++) {
		assert_true(auth_role_can((enum role)r, PERM_COMPANY_READ));
		assert_true(auth_role_can((enum role)r, PERM_PARTY_READ));
	}
	/* The auditor reads the audit log and changes nothing. */
	assert_true(auth_role_can(ROLE_AUDITOR, PERM_AUDIT_READ));
	assert_true(auth_role_can(ROLE_AUDITOR, PERM_REPORT_READ));
	assert_false(auth_role_can(ROLE_AUDITOR, PERM_PARTY_CREATE));
	assert_false(auth_role_can(ROLE_AUDITOR, PERM_PARTY_UPDATE));
	assert_false(auth_role_can(ROLE_AUDITOR, PERM_PARTY_ARCHIVE));
	assert_false(auth_role_can(ROLE_AUDITOR, PERM_MEMBER_ADMIN));
	/* The analyst reads and reports, never writes, and does not see the audit log. */
	assert_true(auth_role_can(ROLE_ANALYST, PERM_REPORT_READ));
	assert_false(auth_role_can(ROLE_ANALYST, PERM_PARTY_CREATE));
	assert_false(auth_role_can(ROLE_ANALYST, PERM_PARTY_UPDATE));
	assert_false(auth_role_can(ROLE_ANALYST, PERM_PARTY_ARCHIVE));
	assert_false(auth_role_can(ROLE_ANALYST, PERM_MEMBER_ADMIN));
	assert_false(auth_role_can(ROLE_ANALYST, PERM_AUDIT_READ));
	/* The assistant creates and edits but cannot archive. */
	assert_true(auth_role_can(ROLE_ASSISTANT, PERM_PARTY_CREATE));
	assert_true(auth_role_can(ROLE_ASSISTANT, PERM_PARTY_UPDATE));
	assert_false(auth_role_can(ROLE_ASSISTANT, PERM_PARTY_ARCHIVE));
	/* Neither the analyst nor the auditor may change anything at all. */
	{
		static const enum perm writes[] = {
			PERM_PARTY_CREATE, PERM_PARTY_UPDATE, PERM_PARTY_ARCHIVE, PERM_MEMBER_ADMIN,
			PERM_VOUCHER_POST, PERM_VOUCHER_ALTER, PERM_LEDGER_WRITE, PERM_PERIOD_LOCK, PERM_STOCK_WRITE,
		};
		for (size_t i = 0; i < sizeof writes / sizeof writes[0]; i++) {
			assert_false(auth_role_can(ROLE_ANALYST, writes[i]));
			assert_false(auth_role_can(ROLE_AUDITOR, writes[i]));
		}
	}
	/* Only the admin manages members; the admin may do everything. */
	for (int r = 0; r < ROLE_MAX; r++)
		assert_int_equal(auth_role_can((enum role)r, PERM_MEMBER_ADMIN), r == ROLE_ADMIN);
	for (int p = 0; p < PERM_MAX; p++)
		assert_true(auth_role_can(ROLE_ADMIN, (enum perm)p));
	/* Out of range is "no", never a read past the table. */
	assert_false(auth_role_can(ROLE_MAX, PERM_COMPANY_READ));
	assert_false(auth_role_can((enum role)-1, PERM_COMPANY_READ));
	assert_false(auth_role_can(ROLE_ADMIN, PERM_MAX));
	assert_false(auth_role_can(ROLE_ADMIN, (enum perm)-1));
}

static void test_role_names(void **state)
{
	(void)state;
	for (int r = 0; r < ROLE_MAX; r++) {
		enum role back = ROLE_MAX;
		const char *name = auth_role_name((enum role)r);
		assert_string_not_equal(name, "?");
		assert_int_equal(auth_role_parse(name, &back), 0);
		assert_int_equal(back, r);
		for (int o = 0; o < r; o++)
			assert_string_not_equal(name, auth_role_name((enum role)o));
	}
	assert_string_equal(auth_role_name(ROLE_ADMIN), "admin");
	assert_string_equal(auth_role_name(ROLE_AUDITOR), "auditor");
	assert_string_equal(auth_role_name(ROLE_MAX), "?");
	for (int p = 0; p < PERM_MAX; p++) {
		assert_string_not_equal(auth_perm_name((enum perm)p), "?");
		for (int o = 0; o < p; o++)
			assert_string_not_equal(auth_perm_name((enum perm)p), auth_perm_name((enum perm)o));
	}
	assert_string_equal(auth_perm_name(PERM_MAX), "?");
	{
		enum role r = ROLE_ANALYST;
		assert_int_equal(auth_role_parse("Admin", &r), -1);
		assert_int_equal(auth_role_parse("admin ", &r), -1);
		assert_int_equal(auth_role_parse("", &r), -1);
		assert_int_equal(auth_role_parse(NULL, &r), -1);
		assert_int_equal(auth_role_parse("root", &r), -1);
		assert_int_equal(r, ROLE_ANALYST);   /* untouched */
	}
}

static void rule_refuses(const char *pw)
{
	struct err e = ERR_INIT;
	if (auth_password_rule(pw, &e) != ERR_INVALID)
		fail_msg("password rule accepted \"%s\"", pw ? pw : "(null)");
	assert_string_equal(e.field, "password");
}

static void test_password_rule(void **state)
{
	struct err e = ERR_INIT;
	char long_pw[1100];
	(void)state;
	rule_refuses(NULL);
	rule_refuses("");
	rule_refuses("12345678901");                       /* 11 */
	assert_int_equal(auth_password_rule("123456789012", &e), 0);   /* 12 */
	/* Characters, not bytes: 12 Devanagari code points (36 bytes) pass, 11 (33 bytes) do not. */
	assert_int_equal(strlen("नमस्तेनमस्ते"), 36);
	assert_int_equal(auth_password_rule("नमस्तेनमस्ते", &e), 0);
	rule_refuses("नमस्तेनमस्त");
	rule_refuses("abcdefghijk\xC0\x80");               /* invalid UTF-8 */
	rule_refuses("abcdefghijkl\xFF");
	/* Upper bound: 1024 bytes pass, 1025 do not. */
	memset(long_pw, 'p', 1024);
	long_pw[1024] = '\0';
	assert_int_equal(auth_password_rule(long_pw, &e), 0);
	long_pw[1024] = 'p';
	long_pw[1025] = '\0';
	rule_refuses(long_pw);
}

static void test_password_hash(void **state)
{
	char h1[SECURE_PWHASH_MAX], h2[SECURE_PWHASH_MAX], small[16];
	struct err e = ERR_INIT;
	(void)state;
	assert_int_equal(auth_password_hash("नमस्तेनमस्ते", h1, sizeof h1, &e), 0);
	assert_int_equal(auth_password_hash("नमस्तेनमस्ते", h2, sizeof h2, &e), 0);
	assert_non_null(strstr(h1, "$argon2id$"));
	assert_string_not_equal(h1, h2);   /* salted */
	assert_int_equal(secure_password_verify(h1, "नमस्तेनमस्ते"), 0);
	assert_int_equal(secure_password_verify(h2, "नमस्तेनमस्ते"), 0);
	assert_int_equal(secure_password_verify(h1, "नमस्तेनमस्त"), -1);
	assert_int_equal(secure_password_verify("not a hash", "नमस्तेनमस्ते"), -1);
	assert_int_equal(auth_password_hash("short", h1, sizeof h1, &e), ERR_INVALID);
	err_clear(&e);
	assert_int_equal(auth_password_hash("long enough password", small, sizeof small, &e), ERR_INTERNAL);
}

/* ---- users and login ---- */

static void test_user_create_and_login(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	struct auth_user u;
	int64_t id2 = 0, n = 0;

	assert_true(f->uid > 0);
	assert_int_equal(auth_user_find(f->db, "asha", &u, &e), 0);
	assert_true(u.id == f->uid);
	assert_string_equal(u.display_name, "आशा");
	assert_string_equal(u.lang, "en");
	/* The password is stored hashed, never as given. */
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM users WHERE pw_hash LIKE '$argon2id$%'"), 1);
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM users WHERE pw_hash LIKE '%correct horse%'"), 0);
	/* Creating a user is audited in the system chain. */
	assert_int_equal(audit_count(f->db, 0, &n, &e), 0);
	assert_int_equal(n, 1);

	memset(&u, 0, sizeof u);
	assert_int_equal(auth_login_check(f->db, "asha", PASSWORD, &u, &e), 0);
	assert_true(u.id == f->uid);
	assert_string_equal(u.username, "asha");
	assert_string_equal(u.display_name, "आशा");
	assert_int_equal(auth_login_check(f->db, "asha", "correct horse batterY", &u, &e),
			 ERR_UNAUTHENTICATED);
	assert_string_equal(e.field, "password");
	err_clear(&e);
	assert_int_equal(auth_login_check(f->db, "asha", "", &u, &e), ERR_UNAUTHENTICATED);
	err_clear(&e);
	assert_int_equal(auth_login_check(f->db, "asha", NULL, &u, &e), ERR_UNAUTHENTICATED);
	err_clear(&e);
	/* An unknown user gets the same answer as a wrong password. */
	assert_int_equal(auth_login_check(f->db, "nobody", PASSWORD, &u, &e), ERR_UNAUTHENTICATED);
	assert_string_equal(e.msg, "wrong username or password");
	err_clear(&e);
	/* Display name defaults to the username; a Devanagari password works end to end. */
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(auth_user_create(f->db, "ravi.k_2-x", NULL, "नमस्तेनमस्ते", 0, &id2, &e), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_int_equal(auth_login_check(f->db, "ravi.k_2-x", "नमस्तेनमस्ते", &u, &e), 0);
	assert_true(u.id == id2);
	assert_string_equal(u.display_name, "ravi.k_2-x");
	/* A disabled user cannot log in and is not found. */
	assert_int_equal(db_exec(f->db, "UPDATE users SET disabled = 1 WHERE username = 'ravi.k_2-x'", &e), 0);
	assert_int_equal(auth_login_check(f->db, "ravi.k_2-x", "नमस्तेनमस्ते", &u, &e),
			 ERR_UNAUTHENTICATED);
	err_clear(&e);
	assert_int_equal(auth_user_find(f->db, "ravi.k_2-x", &u, &e), ERR_NOT_FOUND);
}

static void user_create_refused(struct unit_fx *f, const char *name, const char *display, const char *pw, int code,
				const char *field)
{
	struct err e = ERR_INIT;
	int64_t before = unit_scalar(f->db, "SELECT count(*) FROM users"), id = -5;
	assert_int_equal(db_begin_write(f->db, &e), 0);
	if (auth_user_create(f->db, name, display, pw, 0, &id, &e) != code)
		fail_msg("user \"%s\": got %d (%s), want %d", name ? name : "(null)", e.code, e.msg, code);
	db_rollback(f->db);
	assert_string_equal(e.field, field);
	assert_int_equal(id, -5);
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM users"), before);
}

static void test_user_create_refusals(void **state)
{
	struct unit_fx *f = *state;
	char long_name[70], long_display[210];

	unit_quiet_logs();
	memset(long_name, 'a', 61);
	long_name[61] = '\0';
	memset(long_display, 'd', 201);
	long_display[201] = '\0';
	user_create_refused(f, "Asha2", NULL, PASSWORD, ERR_INVALID, "username");
	user_create_refused(f, "", NULL, PASSWORD, ERR_INVALID, "username");
	user_create_refused(f, NULL, NULL, PASSWORD, ERR_INVALID, "username");
	user_create_refused(f, "a b", NULL, PASSWORD, ERR_INVALID, "username");
	user_create_refused(f, "आशा", NULL, PASSWORD, ERR_INVALID, "username");
	user_create_refused(f, "x@y", NULL, PASSWORD, ERR_INVALID, "username");
	user_create_refused(f, long_name, NULL, PASSWORD, ERR_INVALID, "username");
	user_create_refused(f, "bob", long_display, PASSWORD, ERR_INVALID, "display_name");
	user_create_refused(f, "bob", "bad \xC0\x80", PASSWORD, ERR_INVALID, "display_name");
	user_create_refused(f, "bob", NULL, "12345678901", ERR_INVALID, "password");
	user_create_refused(f, "asha", NULL, "another good password", ERR_DUPLICATE, "username");
	/* 60 characters is the most. */
	long_name[60] = '\0';
	{
		struct err e = ERR_INIT;
		int64_t id = 0;
		assert_int_equal(db_begin_write(f->db, &e), 0);
		assert_int_equal(auth_user_create(f->db, long_name, NULL, PASSWORD, 0, &id, &e), 0);
		assert_int_equal(db_commit(f->db, &e), 0);
	}
}

static void test_password_change(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	struct auth_user u;
	char sid[AUTH_ID_HEX + 1], csrf[AUTH_ID_HEX + 1];
	struct auth_ctx ctx;

	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(auth_session_create(f->db, f->uid, "10.0.0.1", T0, sid, csrf, &e), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_int_equal(auth_session_check(f->db, sid, T0, &ctx, &e), 0);

	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(auth_user_passwd(f->db, "asha", "a brand new secret", 0, &e), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_int_equal(auth_login_check(f->db, "asha", "a brand new secret", &u, &e), 0);
	assert_int_equal(auth_login_check(f->db, "asha", PASSWORD, &u, &e), ERR_UNAUTHENTICATED);
	err_clear(&e);
	/* A new password ends every session. */
	assert_int_equal(auth_session_check(f->db, sid, T0, &ctx, &e), ERR_UNAUTHENTICATED);
	err_clear(&e);
	/* The rule applies to new passwords; unknown users are not found. */
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(auth_user_passwd(f->db, "asha", "short", 0, &e), ERR_INVALID);
	db_rollback(f->db);
	err_clear(&e);
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(auth_user_passwd(f->db, "nobody", "long enough password", 0, &e), ERR_NOT_FOUND);
	db_rollback(f->db);
	err_clear(&e);
	assert_int_equal(auth_login_check(f->db, "asha", "a brand new secret", &u, &e), 0);
}

static void test_set_lang(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	struct auth_user u;
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(auth_user_set_lang(f->db, f->uid, "hi", &e), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_int_equal(auth_user_find(f->db, "asha", &u, &e), 0);
	assert_string_equal(u.lang, "hi");
	assert_int_equal(auth_user_set_lang(f->db, f->uid, "fr", &e), ERR_INVALID);
	assert_string_equal(e.field, "lang");
	err_clear(&e);
	assert_int_equal(auth_user_set_lang(f->db, f->uid, NULL, &e), ERR_INVALID);
}

/* ---- throttling ---- */

/* One try reserved for user from ip at `at` in its own transaction: 0, or ERR_THROTTLED with
 * *wait (may be NULL) the seconds to wait; a refused try is rolled back. */
static int reserve(struct unit_fx *f, const char *user, const char *ip, int64_t at, int64_t *wait)
{
	struct err e = ERR_INIT;
	int rc;
	assert_int_equal(db_begin_write(f->db, &e), 0);
	rc = auth_login_reserve(f->db, user, ip, at, &auth_throttle_default, &e);
	if (rc < 0) {
		db_rollback(f->db);
		assert_int_equal(rc, ERR_THROTTLED);
		assert_string_equal(e.reason, "throttled");
		assert_true(e.aux >= 1);
		if (wait)
			*wait = e.aux;
		return rc;
	}
	assert_int_equal(db_commit(f->db, &e), 0);
	return 0;
}

/* A wrong password: reserved, then recorded as failed. */
static void fail_login(struct unit_fx *f, const char *user, const char *ip, int64_t at)
{
	struct err e = ERR_INIT;
	assert_int_equal(reserve(f, user, ip, at, NULL), 0);
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(auth_login_failed(f->db, user, ip, at, &e), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
}

/* The counter of user at ip ("" for either: the account's or the address's): failures and wait. */
static int64_t counter(struct unit_fx *f, const char *user, const char *ip, int64_t *wait)
{
	static const char q[] = "SELECT failures, wait_s FROM login_throttle WHERE username = ? AND ip = ?";
	struct err e = ERR_INIT;
	struct db_stmt *st;
	int64_t n = 0;
	if (db_one(f->db, q, DB_ARGS(DB_TEXT(user), DB_TEXT(ip)), &st, &e) == DB_ROW) {
		n = db_col_i64(st, 0);
		if (wait)
			*wait = db_col_i64(st, 1);
		db_done(st);
	}
	return n;
}

static void test_throttle_pair(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	int64_t wait = 0, t = T0;

	/* Five tries from one address go through at once; the sixth must wait a second. */
	for (int i = 0; i < 5; i++)
		fail_login(f, "asha", "10.0.0.9", t);
	assert_int_equal(reserve(f, "asha", "10.0.0.9", t, &wait), ERR_THROTTLED);
	assert_int_equal(wait, 1);
	/* A refused try counts for nothing. */
	assert_int_equal(counter(f, "asha", "10.0.0.9", NULL), 5);
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM login_failures WHERE username = 'asha'"), 5);
	/* Then each try waits twice as long as the one before: 1, 2, 4, 8 seconds. */
	for (int64_t w = 1; w <= 8; w *= 2) {
		t += w;
		assert_int_equal(reserve(f, "asha", "10.0.0.9", t - 1, &wait), ERR_THROTTLED);
		assert_int_equal(wait, 1);
		fail_login(f, "asha", "10.0.0.9", t);
		assert_int_equal(reserve(f, "asha", "10.0.0.9", t, &wait), ERR_THROTTLED);
		assert_int_equal(wait, w * 2);
	}
	assert_int_equal(counter(f, "asha", "10.0.0.9", NULL), 9);
	/* Up to the cap of 15 minutes, and no further. */
	assert_int_equal(db_exec(f->db, "UPDATE login_throttle SET wait_s = 512 WHERE username = 'asha' AND ip = '10.0.0.9'", &e), 0);
	t += 512;
	fail_login(f, "asha", "10.0.0.9", t);
	assert_int_equal(reserve(f, "asha", "10.0.0.9", t + 899, &wait), ERR_THROTTLED);
	assert_int_equal(wait, 1);
	t += 900;
	fail_login(f, "asha", "10.0.0.9", t);
	counter(f, "asha", "10.0.0.9", &wait);
	assert_int_equal(wait, 900);
	/* The owner from another address is not held up by the address that guessed (the account
	 * has 11 failures, past its 10: a wait of its own, of a second or two). */
	assert_int_equal(reserve(f, "asha", "10.0.0.1", t, &wait), ERR_THROTTLED);
	assert_true(wait <= 2);
	assert_int_equal(reserve(f, "asha", "10.0.0.1", t + wait, NULL), 0);
	/* A right password clears its address's counter and takes back what it reserved elsewhere. */
	{
		int64_t before = counter(f, "asha", "", NULL);
		assert_int_equal(db_begin_write(f->db, &e), 0);
		assert_int_equal(auth_login_succeeded(f->db, "asha", "10.0.0.1", &e), 0);
		assert_int_equal(db_commit(f->db, &e), 0);
		assert_int_equal(counter(f, "asha", "10.0.0.1", NULL), 0);
		assert_int_equal(counter(f, "asha", "", NULL), before - 1);
	}
	/* An hour without a try forgets the failures. */
	t += 900 + 3600;
	assert_int_equal(reserve(f, "asha", "10.0.0.9", t, NULL), 0);
	assert_int_equal(counter(f, "asha", "10.0.0.9", &wait), 1);
	assert_int_equal(wait, 0);
}

static void test_throttle_account(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	int64_t wait = 0;
	char ip[32];

	/* Ten failures of one account from five addresses (two each: none at its own limit). */
	for (int i = 0; i < 10; i++) {
		snprintf(ip, sizeof ip, "10.0.1.%d", i / 2);
		fail_login(f, "asha", ip, T0);
	}
	assert_int_equal(counter(f, "asha", "", NULL), 10);
	/* The account as a whole waits mildly: a second, from any address. */
	assert_int_equal(reserve(f, "asha", "192.0.2.1", T0, &wait), ERR_THROTTLED);
	assert_int_equal(wait, 1);
	assert_int_equal(reserve(f, "asha", "192.0.2.1", T0 + 1, NULL), 0);
	/* However many failures it has, never more than a minute. */
	assert_int_equal(db_exec(f->db, "UPDATE login_throttle SET failures = 1000, wait_s = 60, last_at = 1700000002 "
					"WHERE username = 'asha' AND ip = ''", &e), 0);
	assert_int_equal(reserve(f, "asha", "192.0.2.2", T0 + 2, &wait), ERR_THROTTLED);
	assert_int_equal(wait, 60);
	assert_int_equal(reserve(f, "asha", "192.0.2.2", T0 + 62, NULL), 0);
	counter(f, "asha", "", &wait);
	assert_int_equal(wait, 60);
	/* Other accounts are not affected. */
	assert_int_equal(reserve(f, "ravi", "192.0.2.2", T0 + 62, NULL), 0);
}

static void test_throttle_ip(void **state)
{
	struct unit_fx *f = *state;
	int64_t wait = 0;
	char name[32];

	/* 50 failures from one address spread over many names (none reaching its own limit). */
	for (int i = 0; i < 10; i++) {
		snprintf(name, sizeof name, "guess%d", i);
		for (int k = 0; k < 5; k++)
			fail_login(f, name, "203.0.113.5", T0 + i);
	}
	assert_int_equal(reserve(f, "asha", "203.0.113.5", T0 + 9, &wait), ERR_THROTTLED);
	assert_int_equal(wait, 1);
	/* The same account from another address is fine. */
	assert_int_equal(reserve(f, "asha", "198.51.100.7", T0 + 9, NULL), 0);
	/* An empty name is refused before anything is counted. */
	{
		struct err e = ERR_INIT;
		assert_int_equal(auth_login_reserve(f->db, "", "198.51.100.7", T0, &auth_throttle_default, &e), ERR_INVALID);
		assert_string_equal(e.field, "username");
	}
}

static void test_login_disabled(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	struct auth_user u;

	assert_int_equal(db_exec(f->db, "UPDATE users SET disabled = 1 WHERE username = 'asha'", &e), 0);
	/* A wrong password reads as any other; the right one is told the user is disabled. */
	assert_int_equal(auth_login_check(f->db, "asha", "not the password", &u, &e), ERR_UNAUTHENTICATED);
	assert_string_equal(e.reason, "wrong_password"); /* not "user_disabled" */
	err_clear(&e);
	assert_int_equal(auth_login_check(f->db, "asha", PASSWORD, &u, &e), ERR_UNAUTHENTICATED);
	assert_string_equal(e.reason, "user_disabled");
	assert_true(u.id == 0);
}

/* ---- sessions ---- */

static void new_session(struct unit_fx *f, int64_t now, char id[AUTH_ID_HEX + 1], char csrf[AUTH_ID_HEX + 1])
{
	struct err e = ERR_INIT;
	assert_int_equal(db_begin_write(f->db, &e), 0);
	if (auth_session_create(f->db, f->uid, "10.0.0.1", now, id, csrf, &e) < 0)
		fail_msg("session create: %s", e.msg);
	assert_int_equal(db_commit(f->db, &e), 0);
}

static void touch(struct unit_fx *f, const struct auth_ctx *ctx, int64_t now)
{
	struct err e = ERR_INIT;
	assert_int_equal(auth_session_touch(f->db, ctx->session_hash, now, &e), 0);
}

static void test_session_ids(void **state)
{
	struct unit_fx *f = *state;
	char ids[20][AUTH_ID_HEX + 1], csrfs[20][AUTH_ID_HEX + 1];
	struct db_stmt *st;
	struct err e = ERR_INIT;
	static const char sql[] = "SELECT count(*) FROM sessions WHERE id_hash = ? OR csrf = ?";

	assert_int_equal(db_begin_write(f->db, &e), 0);
	for (int i = 0; i < 20; i++) {
		assert_int_equal(auth_session_create(f->db, f->uid, "10.0.0.1", T0, ids[i], csrfs[i], &e), 0);
		assert_true(is_lower_hex(ids[i], AUTH_ID_HEX));
		assert_true(is_lower_hex(csrfs[i], AUTH_ID_HEX));
		assert_string_not_equal(ids[i], csrfs[i]);
		for (int j = 0; j < i; j++) {
			assert_string_not_equal(ids[i], ids[j]);
			assert_string_not_equal(csrfs[i], csrfs[j]);
		}
		/* Only a hash of the id is stored. */
		st = db_prepare(f->db, sql, &e);
		db_bind_text(st, 1, ids[i]);
		db_bind_text(st, 2, ids[i]);
		assert_int_equal(db_step(st, &e), DB_ROW);
		assert_int_equal(db_col_i64(st, 0), 0);
		db_done(st);
	}
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM sessions"), 20);
	/* Logins are audited. */
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM audit_log WHERE company_id = 0 AND action = 'login'"), 20);
}

static void test_session_check(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	char id[AUTH_ID_HEX + 1], csrf[AUTH_ID_HEX + 1], bad[AUTH_ID_HEX + 2];
	struct auth_ctx ctx;

	new_session(f, T0, id, csrf);
	memset(&ctx, 0x55, sizeof ctx);
	assert_int_equal(auth_session_check(f->db, id, T0, &ctx, &e), 0);
	assert_true(ctx.user.id == f->uid);
	assert_string_equal(ctx.user.username, "asha");
	assert_string_equal(ctx.user.display_name, "आशा");
	assert_string_equal(ctx.csrf, csrf);
	assert_int_equal(ctx.via_session, 1);
	assert_int_equal(strlen(ctx.session_hash), 64);
	assert_true(ctx.last_seen == T0);
	/* Malformed ids are refused before any lookup. */
	assert_int_equal(auth_session_check(f->db, NULL, T0, &ctx, &e), ERR_UNAUTHENTICATED);
	err_clear(&e);
	assert_int_equal(auth_session_check(f->db, "", T0, &ctx, &e), ERR_UNAUTHENTICATED);
	err_clear(&e);
	memcpy(bad, id, sizeof id);
	bad[31] = '\0';
	assert_int_equal(auth_session_check(f->db, bad, T0, &ctx, &e), ERR_UNAUTHENTICATED);
	err_clear(&e);
	memcpy(bad, id, sizeof id);
	bad[32] = '0';
	bad[33] = '\0';
	assert_int_equal(auth_session_check(f->db, bad, T0, &ctx, &e), ERR_UNAUTHENTICATED);
	err_clear(&e);
	memcpy(bad, id, sizeof id);
	for (char *p = bad; *p; p++)
		if (*p >= 'a' && *p <= 'f')
			*p = (char)(*p - 'a' + 'A');
	if (strcmp(bad, id) != 0) {
		assert_int_equal(auth_session_check(f->db, bad, T0, &ctx, &e), ERR_UNAUTHENTICATED);
		err_clear(&e);
	}
	/* A well-formed id nobody was given. */
	memcpy(bad, id, sizeof id);
	bad[0] = bad[0] == '0' ? '1' : '0';
	assert_int_equal(auth_session_check(f->db, bad, T0, &ctx, &e), ERR_UNAUTHENTICATED);
	err_clear(&e);
	/* The CSRF token is not a session id. */
	assert_int_equal(auth_session_check(f->db, csrf, T0, &ctx, &e), ERR_UNAUTHENTICATED);
	err_clear(&e);
	/* Logout ends it. */
	assert_int_equal(auth_session_check(f->db, id, T0, &ctx, &e), 0);
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(auth_session_end(f->db, ctx.session_hash, f->uid, &e), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_int_equal(auth_session_check(f->db, id, T0, &ctx, &e), ERR_UNAUTHENTICATED);
}

static void test_session_idle_expiry(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	char id[AUTH_ID_HEX + 1], csrf[AUTH_ID_HEX + 1];
	struct auth_ctx ctx;

	new_session(f, T0, id, csrf);
	/* Exactly 30 minutes idle is still in; one second more is out. */
	assert_int_equal(auth_session_check(f->db, id, T0 + AUTH_SESSION_IDLE_S, &ctx, &e), 0);
	assert_int_equal(auth_session_check(f->db, id, T0 + AUTH_SESSION_IDLE_S + 1, &ctx, &e), ERR_UNAUTHENTICATED);
	err_clear(&e);
	/* Activity moves the idle clock. */
	new_session(f, T0, id, csrf);
	assert_int_equal(auth_session_check(f->db, id, T0 + 1000, &ctx, &e), 0);
	touch(f, &ctx, T0 + 1000);
	assert_int_equal(auth_session_check(f->db, id, T0 + 1000 + AUTH_SESSION_IDLE_S, &ctx, &e), 0);
	assert_true(ctx.last_seen == T0 + 1000);
	assert_int_equal(auth_session_check(f->db, id, T0 + 1001 + AUTH_SESSION_IDLE_S, &ctx, &e), ERR_UNAUTHENTICATED);
}

static void test_session_absolute_expiry(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	char id[AUTH_ID_HEX + 1], csrf[AUTH_ID_HEX + 1];
	struct auth_ctx ctx;
	int64_t now;

	new_session(f, T0, id, csrf);
	/* Busy all day: touched every 29 minutes, it still ends 12 hours after it began.
	 * (One transaction around it all: commits are slow with fsync on.) */
	assert_int_equal(db_begin_write(f->db, &e), 0);
	for (now = T0 + 29 * 60; now < T0 + AUTH_SESSION_MAX_S; now += 29 * 60) {
		assert_int_equal(auth_session_check(f->db, id, now, &ctx, &e), 0);
		touch(f, &ctx, now);
	}
	touch(f, &ctx, T0 + AUTH_SESSION_MAX_S);
	assert_int_equal(auth_session_check(f->db, id, T0 + AUTH_SESSION_MAX_S, &ctx, &e), 0);
	assert_int_equal(auth_session_check(f->db, id, T0 + AUTH_SESSION_MAX_S + 1, &ctx, &e), ERR_UNAUTHENTICATED);
	db_rollback(f->db);
}

static void test_session_cleanup(void **state)
{
	/* A new login removes the user's dead sessions, not the live ones. */
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	char old_id[AUTH_ID_HEX + 1], live_id[AUTH_ID_HEX + 1], new_id[AUTH_ID_HEX + 1], csrf[AUTH_ID_HEX + 1];
	struct auth_ctx ctx;

	new_session(f, T0, old_id, csrf);
	new_session(f, T0 + 1500, live_id, csrf);
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM sessions"), 2);
	new_session(f, T0 + 2000, new_id, csrf);
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM sessions"), 2);
	assert_int_equal(auth_session_check(f->db, live_id, T0 + 2000, &ctx, &e), 0);
	assert_int_equal(auth_session_check(f->db, new_id, T0 + 2000, &ctx, &e), 0);
	assert_int_equal(auth_session_check(f->db, old_id, T0 + 1700, &ctx, &e), ERR_UNAUTHENTICATED);
}

/* ---- API tokens ---- */

static void test_tokens(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	char tok[AUTH_TOKEN_LEN + 1], tok2[AUTH_TOKEN_LEN + 1], bad[AUTH_TOKEN_LEN + 2];
	struct auth_ctx ctx;

	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(auth_token_create(f->db, f->uid, "ci बॉट", 0, tok, &e), 0);
	assert_int_equal(auth_token_create(f->db, f->uid, NULL, 0, tok2, &e), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_int_equal(strlen(tok), AUTH_TOKEN_LEN);
	assert_memory_equal(tok, "dft_", 4);
	assert_true(is_lower_hex(tok + 4, 64));
	assert_string_not_equal(tok, tok2);
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM api_tokens WHERE token_hash LIKE 'dft_%'"), 0);

	memset(&ctx, 0x55, sizeof ctx);
	assert_int_equal(auth_token_check(f->db, tok, T0, &ctx, &e), 0);
	assert_true(ctx.user.id == f->uid);
	assert_string_equal(ctx.user.username, "asha");
	assert_int_equal(ctx.via_session, 0);   /* no CSRF for Bearer tokens */
	assert_int_equal(auth_token_check(f->db, tok2, T0, &ctx, &e), 0);

	/* Malformed and unknown tokens. */
	assert_int_equal(auth_token_check(f->db, NULL, T0, &ctx, &e), ERR_UNAUTHENTICATED);
	err_clear(&e);
	assert_int_equal(auth_token_check(f->db, tok + 4, T0, &ctx, &e), ERR_UNAUTHENTICATED);
	err_clear(&e);
	memcpy(bad, tok, sizeof tok);
	bad[0] = 'x';
	assert_int_equal(auth_token_check(f->db, bad, T0, &ctx, &e), ERR_UNAUTHENTICATED);
	err_clear(&e);
	memcpy(bad, tok, sizeof tok);
	bad[AUTH_TOKEN_LEN - 1] = bad[AUTH_TOKEN_LEN - 1] == 'a' ? 'b' : 'a';
	assert_int_equal(auth_token_check(f->db, bad, T0, &ctx, &e), ERR_UNAUTHENTICATED);
	err_clear(&e);
	memcpy(bad, tok, sizeof tok);
	bad[AUTH_TOKEN_LEN] = 'a';
	bad[AUTH_TOKEN_LEN + 1] = '\0';
	assert_int_equal(auth_token_check(f->db, bad, T0, &ctx, &e), ERR_UNAUTHENTICATED);
	err_clear(&e);
	/* Revoked, and a disabled owner. */
	assert_int_equal(db_exec(f->db, "UPDATE api_tokens SET revoked = 1 WHERE name = 'ci बॉट'", &e), 0);
	assert_int_equal(auth_token_check(f->db, tok, T0, &ctx, &e), ERR_UNAUTHENTICATED);
	err_clear(&e);
	assert_int_equal(auth_token_check(f->db, tok2, T0, &ctx, &e), 0);
	assert_int_equal(db_exec(f->db, "UPDATE users SET disabled = 1", &e), 0);
	assert_int_equal(auth_token_check(f->db, tok2, T0, &ctx, &e), ERR_UNAUTHENTICATED);
}

/* ---- memberships ---- */

static void test_membership(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	int64_t cid = 0;
	enum role r = ROLE_MAX;

	unit_quiet_logs();
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(company_create(f->db, "Kumar & Sons", NULL, NULL, f->uid, &cid, &e), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_int_equal(auth_membership(f->db, f->uid, cid, &r, &e), ERR_FORBIDDEN);
	assert_int_equal(r, ROLE_MAX);
	err_clear(&e);
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(auth_member_set(f->db, f->uid, cid, ROLE_ASSISTANT, 0, &e), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_int_equal(auth_membership(f->db, f->uid, cid, &r, &e), 0);
	assert_int_equal(r, ROLE_ASSISTANT);
	/* Setting again replaces the role. */
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(auth_member_set(f->db, f->uid, cid, ROLE_AUDITOR, 0, &e), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_int_equal(auth_membership(f->db, f->uid, cid, &r, &e), 0);
	assert_int_equal(r, ROLE_AUDITOR);
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM memberships"), 1);
	/* Unknown company or user, bad role. */
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(auth_member_set(f->db, f->uid, cid + 100, ROLE_ADMIN, 0, &e), ERR_NOT_FOUND);
	db_rollback(f->db);
	err_clear(&e);
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(auth_member_set(f->db, f->uid + 100, cid, ROLE_ADMIN, 0, &e), ERR_NOT_FOUND);
	db_rollback(f->db);
	err_clear(&e);
	assert_int_equal(auth_member_set(f->db, f->uid, cid, ROLE_MAX, 0, &e), ERR_INVALID);
	err_clear(&e);
	assert_int_equal(auth_membership(f->db, f->uid, cid + 100, &r, &e), ERR_FORBIDDEN);
	/* Membership changes are audited in the company's chain. */
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM audit_log WHERE entity = 'membership'"), 2);
}

/* ---- audit snapshots ---- */

/* The after (or before) of the newest record of entity/action in chain cid, parsed. */
static json_t *snapshot(struct unit_fx *f, int64_t cid, const char *entity, const char *action, int after)
{
	static const char sql_after[] = "SELECT after_json FROM audit_log WHERE company_id = ? AND entity = ? AND action = ? ORDER BY seq DESC";
	static const char sql_before[] = "SELECT before_json FROM audit_log WHERE company_id = ? AND entity = ? AND action = ? ORDER BY seq DESC";
	struct err e = ERR_INIT;
	char text[2048] = "";
	json_error_t je;
	json_t *j;
	int rc = db_text(f->db, after ? sql_after : sql_before, DB_ARGS(DB_I64(cid), DB_TEXT(entity), DB_TEXT(action)), text, sizeof text, &e);
	if (rc != DB_ROW)
		fail_msg("no %s %s record: %s", entity, action, e.msg);
	j = json_loads(text, 0, &je);
	if (!j)
		fail_msg("%s %s: not JSON (%s): %s", entity, action, je.text, text);
	return j;
}

static const char *member(json_t *j, const char *key) { return json_string_value(json_object_get(j, key)); }

static void test_snapshots(void **state)
{
	/* What hand-made JSON broke: quotes, backslashes, control characters, Devanagari. */
	static const char hostile[] = "\"आशा\" \\ \x01\x1f\x7f\t\n %s {\"a\":1}";
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	char sid[AUTH_ID_HEX + 1], csrf[AUTH_ID_HEX + 1], tok[AUTH_TOKEN_LEN + 1];
	int64_t uid = 0, cid = 0;
	json_t *j;

	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(auth_user_create(f->db, "hostile", hostile, PASSWORD, 0, &uid, &e), 0);
	assert_int_equal(auth_user_set_lang(f->db, uid, "hi", &e), 0);
	assert_int_equal(auth_token_create(f->db, uid, hostile, 0, tok, &e), 0);
	assert_int_equal(auth_session_create(f->db, uid, "10.0.0.1 \"x\\y\"", T0, sid, csrf, &e), 0);
	assert_int_equal(company_create(f->db, hostile, NULL, NULL, 0, &cid, &e), 0);
	assert_int_equal(auth_member_set(f->db, uid, cid, ROLE_ASSISTANT, 0, &e), 0);
	assert_int_equal(auth_member_set(f->db, uid, cid, ROLE_AUDITOR, 0, &e), 0);
	assert_int_equal(db_commit(f->db, &e), 0);

	j = snapshot(f, 0, "user", "create", 1);
	assert_string_equal(member(j, "username"), "hostile");
	assert_string_equal(member(j, "display_name"), hostile);
	assert_string_equal(member(j, "lang"), "en");
	assert_null(json_object_get(j, "pw_hash"));
	json_decref(j);
	/* A change of language has the user before and after. */
	j = snapshot(f, 0, "user", "set_lang", 0);
	assert_string_equal(member(j, "lang"), "en");
	assert_string_equal(member(j, "display_name"), hostile);
	json_decref(j);
	j = snapshot(f, 0, "user", "set_lang", 1);
	assert_string_equal(member(j, "lang"), "hi");
	json_decref(j);
	j = snapshot(f, 0, "api_token", "create", 1);
	assert_string_equal(member(j, "name"), hostile);
	assert_int_equal(json_integer_value(json_object_get(j, "user_id")), uid);
	json_decref(j);
	j = snapshot(f, 0, "session", "login", 1);
	assert_string_equal(member(j, "ip"), "10.0.0.1 \"x\\y\"");
	json_decref(j);
	j = snapshot(f, cid, "company", "create", 1);
	assert_string_equal(member(j, "name"), hostile);
	assert_true(json_is_null(json_object_get(j, "gstin")));
	json_decref(j);
	/* A membership changed: the role before and after. */
	j = snapshot(f, cid, "membership", "set", 0);
	assert_string_equal(member(j, "role"), "assistant");
	json_decref(j);
	j = snapshot(f, cid, "membership", "set", 1);
	assert_string_equal(member(j, "role"), "auditor");
	assert_int_equal(json_integer_value(json_object_get(j, "user_id")), uid);
	json_decref(j);
	/* Logging out records the session it ended. */
	{
		struct auth_ctx ctx;
		assert_int_equal(auth_session_check(f->db, sid, T0 + 1, &ctx, &e), 0);
		assert_string_equal(ctx.user.display_name, hostile);
		assert_int_equal(db_begin_write(f->db, &e), 0);
		assert_int_equal(auth_session_end(f->db, ctx.session_hash, uid, &e), 0);
		assert_int_equal(db_commit(f->db, &e), 0);
		j = snapshot(f, 0, "session", "logout", 0);
		assert_string_equal(member(j, "ip"), "10.0.0.1 \"x\\y\"");
		json_decref(j);
	}
	/* A display name of the most bytes allowed comes back whole; one more is refused. */
	{
		char name[AUTH_DISPLAY_MAX_BYTES + 2];
		struct auth_user u;
		memset(name, 0, sizeof name);
		for (size_t k = 0; k + 3 <= AUTH_DISPLAY_MAX_BYTES; k += 3)
			memcpy(name + k, "आ", 3);   /* 66 characters, 198 bytes */
		memcpy(name + strlen(name), "xy", 2);
		assert_int_equal(strlen(name), AUTH_DISPLAY_MAX_BYTES);
		assert_int_equal(db_begin_write(f->db, &e), 0);
		assert_int_equal(auth_user_create(f->db, "long", name, PASSWORD, 0, NULL, &e), 0);
		assert_int_equal(db_commit(f->db, &e), 0);
		assert_int_equal(auth_user_find(f->db, "long", &u, &e), 0);
		assert_string_equal(u.display_name, name);
		name[AUTH_DISPLAY_MAX_BYTES] = 'z';
		assert_int_equal(auth_user_create(f->db, "longer", name, PASSWORD, 0, NULL, &e), ERR_INVALID);
		assert_string_equal(e.field, "display_name");
		err_clear(&e);
	}
	/* A token's name must be text. */
	assert_int_equal(auth_token_create(f->db, uid, "bad \xC3", 0, tok, &e), ERR_INVALID);
	assert_string_equal(e.field, "name");
}

/* ---- offboarding ---- */

struct collected {
	int n;
	int64_t ids[16];
};

static int collect_token(void *ctx, const struct auth_token *t)
{
	struct collected *c = ctx;
	if (c->n < 16)
		c->ids[c->n] = t->id;
	c->n++;
	return 0;
}

static int collect_member(void *ctx, const struct auth_member *m)
{
	struct collected *c = ctx;
	if (c->n < 16)
		c->ids[c->n] = m->user.id;
	c->n++;
	return 0;
}

/* A write of its own: tx_begin, then tx_end(f, the call) commits it when it succeeded and
 * rolls it back when not, and hands on what the call returned. */
static void tx_begin(struct unit_fx *f)
{
	struct err e = ERR_INIT;
	assert_int_equal(db_begin_write(f->db, &e), 0);
}

static int tx_end(struct unit_fx *f, int rc)
{
	struct err e = ERR_INIT;
	if (rc < 0)
		db_rollback(f->db);
	else
		assert_int_equal(db_commit(f->db, &e), 0);
	return rc;
}

static void test_offboarding(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	int64_t cid = 0, ravi = 0, next = 0;
	char sid[AUTH_ID_HEX + 1], csrf[AUTH_ID_HEX + 1], tok[AUTH_TOKEN_LEN + 1];
	struct auth_ctx ctx;
	struct auth_member m;
	struct collected got = {0};

	unit_quiet_logs();
	tx_begin(f);
	assert_int_equal(tx_end(f, company_create(f->db, "Kumar & Sons", NULL, NULL, 0, &cid, &e)), 0);
	tx_begin(f);
	assert_int_equal(tx_end(f, auth_member_set(f->db, f->uid, cid, ROLE_ADMIN, 0, &e)), 0);
	tx_begin(f);
	assert_int_equal(tx_end(f, auth_user_create(f->db, "ravi", "रवि", PASSWORD, 0, &ravi, &e)), 0);
	tx_begin(f);
	assert_int_equal(tx_end(f, auth_member_set(f->db, ravi, cid, ROLE_EXECUTIVE, 0, &e)), 0);
	tx_begin(f);
	assert_int_equal(tx_end(f, auth_session_create(f->db, ravi, "10.0.0.5", T0, sid, csrf, &e)), 0);
	tx_begin(f);
	assert_int_equal(tx_end(f, auth_token_create(f->db, ravi, "ravi's script", 0, tok, &e)), 0);

	/* The members, by username, a page at a time. */
	assert_int_equal(auth_member_list(f->db, cid, 0, 1, collect_member, &got, &next, &e), 0);
	assert_int_equal(got.n, 1);
	assert_true(got.ids[0] == f->uid && next == f->uid);
	assert_int_equal(auth_member_list(f->db, cid, next, 1, collect_member, &got, &next, &e), 0);
	assert_true(got.n == 2 && got.ids[1] == ravi && next == 0);
	assert_int_equal(auth_member_list(f->db, cid, ravi + 100, 1, collect_member, &got, &next, &e), ERR_INVALID);
	err_clear(&e);

	/* Disabled: the session ends, the token is refused and says why, audited twice. */
	tx_begin(f);
	assert_int_equal(tx_end(f, auth_user_set_disabled(f->db, ravi, 1, f->uid, &e)), 0);
	assert_int_equal(auth_session_check(f->db, sid, T0 + 1, &ctx, &e), ERR_UNAUTHENTICATED);
	err_clear(&e);
	assert_int_equal(auth_token_check(f->db, tok, T0, &ctx, &e), ERR_UNAUTHENTICATED);
	assert_string_equal(e.reason, "user_disabled");
	err_clear(&e);
	assert_int_equal(auth_member_get(f->db, cid, ravi, &m, &e), 0);
	assert_true(m.disabled && m.role == ROLE_EXECUTIVE);
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM audit_log WHERE entity = 'user' AND action = 'disable'"), 2);
	/* Again: nothing changes, nothing is recorded. */
	tx_begin(f);
	assert_int_equal(tx_end(f, auth_user_set_disabled(f->db, ravi, 1, f->uid, &e)), 0);
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM audit_log WHERE entity = 'user' AND action = 'disable'"), 2);
	tx_begin(f);
	assert_int_equal(tx_end(f, auth_user_set_disabled(f->db, ravi, 0, f->uid, &e)), 0);
	assert_int_equal(auth_token_check(f->db, tok, T0, &ctx, &e), 0);

	/* Oneself, and the last admin (from the CLI: actor 0). */
	tx_begin(f);
	assert_int_equal(tx_end(f, auth_user_set_disabled(f->db, f->uid, 1, f->uid, &e)), ERR_UNPROCESSABLE);
	assert_string_equal(e.reason, "self_disable");
	err_clear(&e);
	tx_begin(f);
	assert_int_equal(tx_end(f, auth_user_set_disabled(f->db, f->uid, 1, 0, &e)), ERR_UNPROCESSABLE);
	assert_string_equal(e.reason, "last_admin");
	assert_string_equal(e.detail[0].text, "Kumar & Sons");
	err_clear(&e);
	tx_begin(f);
	assert_int_equal(tx_end(f, auth_member_remove(f->db, cid, f->uid, 0, &e)), ERR_UNPROCESSABLE);
	assert_string_equal(e.reason, "last_admin");
	err_clear(&e);
	/* With a second admin the first may go; a disabled admin does not count as one. */
	tx_begin(f);
	assert_int_equal(tx_end(f, auth_member_set(f->db, ravi, cid, ROLE_ADMIN, 0, &e)), 0);
	tx_begin(f);
	assert_int_equal(tx_end(f, auth_user_set_disabled(f->db, ravi, 1, 0, &e)), 0);
	tx_begin(f);
	assert_int_equal(tx_end(f, auth_member_remove(f->db, cid, f->uid, 0, &e)), ERR_UNPROCESSABLE);
	err_clear(&e);
	tx_begin(f);
	assert_int_equal(tx_end(f, auth_user_set_disabled(f->db, ravi, 0, 0, &e)), 0);
	tx_begin(f);
	assert_int_equal(tx_end(f, auth_member_remove(f->db, cid, f->uid, ravi, &e)), 0);
	assert_int_equal(auth_member_get(f->db, cid, f->uid, &m, &e), ERR_NOT_FOUND);
	assert_string_equal(e.reason, "unknown_user");
	err_clear(&e);
	tx_begin(f);
	assert_int_equal(tx_end(f, auth_member_remove(f->db, cid, f->uid, ravi, &e)), ERR_NOT_FOUND);
	err_clear(&e);
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM audit_log WHERE entity = 'membership' AND action = 'remove'"), 1);
	/* ravi, an admin of cid only, may disable asha (now in no company)... */
	tx_begin(f);
	assert_int_equal(tx_end(f, auth_member_set(f->db, f->uid, cid, ROLE_ANALYST, 0, &e)), 0);
	{
		/* ...unless she also works where he is not an admin. */
		int64_t other = 0;
		tx_begin(f);
		assert_int_equal(tx_end(f, company_create(f->db, "Other Co", NULL, NULL, 0, &other, &e)), 0);
		tx_begin(f);
		assert_int_equal(tx_end(f, auth_member_set(f->db, f->uid, other, ROLE_AUDITOR, 0, &e)), 0);
		tx_begin(f);
		assert_int_equal(tx_end(f, auth_user_set_disabled(f->db, f->uid, 1, ravi, &e)), ERR_FORBIDDEN);
		assert_string_equal(e.reason, "other_company");
		assert_string_equal(e.detail[0].text, "Other Co");
		err_clear(&e);
	}
}

static void test_token_life(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	char tok[AUTH_TOKEN_LEN + 1], tok2[AUTH_TOKEN_LEN + 1];
	int64_t now = clock_now(), cid = 0, next = 0;
	struct auth_ctx ctx;
	struct auth_token t;
	struct collected got = {0};

	unit_quiet_logs();
	/* An expiry must be in the future. */
	tx_begin(f);
	assert_int_equal(tx_end(f, auth_token_create(f->db, f->uid, "old", now - 10, tok, &e)), ERR_INVALID);
	assert_string_equal(e.field, "expires");
	err_clear(&e);
	tx_begin(f);
	assert_int_equal(tx_end(f, auth_token_create(f->db, f->uid, "a day", now + 86400, tok, &e)), 0);
	tx_begin(f);
	assert_int_equal(tx_end(f, auth_token_create(f->db, f->uid, "forever", 0, tok2, &e)), 0);
	assert_int_equal(auth_token_check(f->db, tok, now + 86399, &ctx, &e), 0);
	assert_true(ctx.token_id > 0 && ctx.last_seen == 0);
	assert_int_equal(auth_token_check(f->db, tok, now + 86400, &ctx, &e), ERR_UNAUTHENTICATED);
	assert_string_equal(e.reason, "token_expired");
	err_clear(&e);
	/* The last use: written, then not again within the minute. */
	assert_int_equal(auth_token_check(f->db, tok2, now, &ctx, &e), 0);
	tx_begin(f);
	assert_int_equal(tx_end(f, auth_token_touch(f->db, ctx.token_id, T0, &e)), 0);
	tx_begin(f);
	assert_int_equal(tx_end(f, auth_token_touch(f->db, ctx.token_id, T0 + 30, &e)), 0);
	assert_int_equal(auth_token_check(f->db, tok2, now, &ctx, &e), 0);
	assert_true(ctx.last_seen == T0);
	tx_begin(f);
	assert_int_equal(tx_end(f, auth_token_touch(f->db, ctx.token_id, T0 + 60, &e)), 0);
	assert_int_equal(auth_token_check(f->db, tok2, now, &ctx, &e), 0);
	assert_true(ctx.last_seen == T0 + 60);
	/* Listed newest first, only of a company's members when one is named. */
	assert_int_equal(auth_token_list(f->db, 0, 0, 0, 1, collect_token, &got, &next, &e), 0);
	assert_true(got.n == 1 && got.ids[0] == ctx.token_id && next == ctx.token_id);
	assert_int_equal(auth_token_list(f->db, 0, 0, next, 10, collect_token, &got, &next, &e), 0);
	assert_true(got.n == 2 && got.ids[1] < got.ids[0] && next == 0);
	tx_begin(f);
	assert_int_equal(tx_end(f, company_create(f->db, "Empty Co", NULL, NULL, 0, &cid, &e)), 0);
	memset(&got, 0, sizeof got);
	assert_int_equal(auth_token_list(f->db, cid, 0, 0, 10, collect_token, &got, &next, &e), 0);
	assert_int_equal(got.n, 0);
	/* Revoked: refused with its reason; from a company its user is not in, not found. */
	tx_begin(f);
	assert_int_equal(tx_end(f, auth_token_revoke(f->db, cid, ctx.token_id, 0, T0, &t, &e)), ERR_NOT_FOUND);
	assert_string_equal(e.reason, "unknown_token");
	err_clear(&e);
	tx_begin(f);
	assert_int_equal(tx_end(f, auth_token_revoke(f->db, 0, ctx.token_id, 0, T0 + 5, &t, &e)), 0);
	assert_true(t.revoked && t.revoked_at == T0 + 5);
	assert_int_equal(auth_token_check(f->db, tok2, now, &ctx, &e), ERR_UNAUTHENTICATED);
	assert_string_equal(e.reason, "token_revoked");
	err_clear(&e);
	tx_begin(f);
	assert_int_equal(tx_end(f, auth_token_revoke(f->db, 0, t.id, 0, T0 + 9, &t, &e)), 0);
	assert_true(t.revoked_at == T0 + 5);
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM audit_log WHERE entity = 'api_token' AND action = 'revoke'"), 1);
	/* The token's one JSON: never the token, instants as UTC timestamps. */
	{
		struct buf b = BUF_INIT;
		struct jsonw w;
		json_error_t je;
		json_t *j;
		jsonw_init(&w, &b);
		auth_token_json(&w, &t, T0 + 9);
		assert_int_equal(jsonw_ok(&w), 0);
		j = json_loads(buf_str(&b), 0, &je);
		assert_non_null(j);
		assert_string_equal(member(j, "status"), "revoked");
		assert_string_equal(member(j, "revoked_at"), "2023-11-14T22:13:25Z");
		assert_true(json_is_null(json_object_get(j, "expires_at")));
		assert_null(strstr(buf_str(&b), tok2 + 4));
		json_decref(j);
		buf_free(&b);
	}
}

#define AUTH_DB_TESTS(pre)                                                                        \
	cmocka_unit_test_prestate_setup_teardown(test_user_create_and_login, setup, unit_fx_teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_user_create_refusals, setup, unit_fx_teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_password_change, setup, unit_fx_teardown, pre),     \
	cmocka_unit_test_prestate_setup_teardown(test_set_lang, setup, unit_fx_teardown, pre),            \
	cmocka_unit_test_prestate_setup_teardown(test_throttle_pair, setup, unit_fx_teardown, pre),       \
	cmocka_unit_test_prestate_setup_teardown(test_throttle_account, setup, unit_fx_teardown, pre),    \
	cmocka_unit_test_prestate_setup_teardown(test_throttle_ip, setup, unit_fx_teardown, pre),         \
	cmocka_unit_test_prestate_setup_teardown(test_login_disabled, setup, unit_fx_teardown, pre),      \
	cmocka_unit_test_prestate_setup_teardown(test_session_ids, setup, unit_fx_teardown, pre),         \
	cmocka_unit_test_prestate_setup_teardown(test_session_check, setup, unit_fx_teardown, pre),       \
	cmocka_unit_test_prestate_setup_teardown(test_session_idle_expiry, setup, unit_fx_teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_session_absolute_expiry, setup, unit_fx_teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_session_cleanup, setup, unit_fx_teardown, pre),     \
	cmocka_unit_test_prestate_setup_teardown(test_tokens, setup, unit_fx_teardown, pre),              \
	cmocka_unit_test_prestate_setup_teardown(test_membership, setup, unit_fx_teardown, pre),  \
	cmocka_unit_test_prestate_setup_teardown(test_snapshots, setup, unit_fx_teardown, pre),           \
	cmocka_unit_test_prestate_setup_teardown(test_offboarding, setup, unit_fx_teardown, pre),         \
	cmocka_unit_test_prestate_setup_teardown(test_token_life, setup, unit_fx_teardown, pre)

int main(void)
{
	const struct CMUnitTest sqlite_tests[] = {
		cmocka_unit_test(test_permission_table),
		cmocka_unit_test(test_role_names),
		cmocka_unit_test(test_password_rule),
		cmocka_unit_test(test_password_hash),
		AUTH_DB_TESTS(UNIT_ON_SQLITE),
	};
	const struct CMUnitTest pg_tests[] = {AUTH_DB_TESTS(UNIT_ON_PG)};
	if (secure_init() < 0)
		return 1;
	unit_quiet_logs();
	return UNIT_RUN_BOTH("auth", sqlite_tests, pg_tests);
}
