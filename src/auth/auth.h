/* auth.h - identity: users and argon2id passwords, company membership and roles, cookie sessions
 * with CSRF tokens, Bearer API tokens, login throttling, and the one permission table. */
#ifndef DAFTAR_AUTH_H
#define DAFTAR_AUTH_H

#include <stdint.h>

#include "lib/db.h"
#include "lib/err.h"

enum role {
	ROLE_ADMIN,
	ROLE_COORDINATOR,
	ROLE_EXECUTIVE,
	ROLE_ASSISTANT,
	ROLE_ANALYST,   /* read and reports */
	ROLE_AUDITOR,   /* read-only plus the audit log */
	ROLE_MAX
};

enum perm {
	PERM_COMPANY_READ,   /* see the company and its masters */
	PERM_PARTY_READ,
	PERM_PARTY_CREATE,
	PERM_PARTY_UPDATE,
	PERM_PARTY_ARCHIVE,
	PERM_REPORT_READ,
	PERM_AUDIT_READ,
	PERM_MEMBER_ADMIN,   /* add people to the company, change roles */
	PERM_VOUCHER_READ,   /* vouchers, ledgers, groups */
	PERM_VOUCHER_POST,   /* enter vouchers */
	PERM_VOUCHER_ALTER,  /* alter and cancel vouchers */
	PERM_LEDGER_WRITE,   /* create groups and ledgers, import books */
	PERM_PERIOD_LOCK,    /* lock and unlock periods; company-wide settings */
	PERM_STOCK_WRITE,    /* items, units, godowns, stock journals, physical verification */
	PERM_MAX
};

/* The one permission table: may role r do p? */
int auth_role_can(enum role r, enum perm p);
const char *auth_role_name(enum role r);
int auth_role_parse(const char *s, enum role *ret);
const char *auth_perm_name(enum perm p);

#define AUTH_PASSWORD_MIN 12          /* characters */
#define AUTH_PASSWORD_MAX_BYTES 1024
#define AUTH_USERNAME_MAX 60          /* a-z 0-9 . _ - */
#define AUTH_DISPLAY_MAX_BYTES 200    /* any valid UTF-8 */
#define AUTH_TOKEN_NAME_MAX_BYTES 200
#define AUTH_IP_SIZE 64
#define AUTH_SESSION_IDLE_S (30 * 60)
#define AUTH_SESSION_MAX_S (12 * 60 * 60)
#define AUTH_ID_HEX 32      /* 128-bit session ids and CSRF tokens, as hex */

struct auth_user {
	int64_t id;
	char username[AUTH_USERNAME_MAX + 4];
	char display_name[AUTH_DISPLAY_MAX_BYTES + 1];
	char lang[8];
};

/* Who is calling: filled by auth_session_check or auth_token_check. */
struct auth_ctx {
	struct auth_user user;
	int via_session;                  /* cookie session (CSRF applies) vs Bearer token */
	char session_hash[65];
	char csrf[AUTH_ID_HEX + 1];
	int64_t last_seen;
};

/* Throttle settings: failures allowed per account and per address in a 15-minute window, and the
 * hard ceiling per account per hour. */
struct auth_throttle {
	int per_account_15m;
	int per_ip_15m;
	int per_account_hour;
};
extern const struct auth_throttle auth_throttle_default;

/* Users. Passwords must be AUTH_PASSWORD_MIN characters or more; display_name (NULL or "": the
 * username) any valid UTF-8 of at most AUTH_DISPLAY_MAX_BYTES. Runs inside the caller's write
 * transaction and appends the audit record (actor 0 = the system/CLI). */
int auth_user_create(struct db *db, const char *username, const char *display_name,
		     const char *password, int64_t actor, int64_t *ret_id, struct err *e)
	__attribute__((warn_unused_result));
int auth_user_passwd(struct db *db, const char *username, const char *password, int64_t actor,
		     struct err *e) __attribute__((warn_unused_result));
int auth_user_find(struct db *db, const char *username, struct auth_user *ret, struct err *e)
	__attribute__((warn_unused_result));
/* Sets the user's language ("en" or "hi"), audited; ERR_UNCHANGED (nothing written) when it is that already. */
int auth_user_set_lang(struct db *db, int64_t user_id, const char *lang, struct err *e)
	__attribute__((warn_unused_result));
/* Checks a password's length rule without hashing; 0 or ERR_INVALID on field "password". */
int auth_password_rule(const char *password, struct err *e);
/* Hashes outside any transaction (slow by design). */
int auth_password_hash(const char *password, char *out, size_t cap, struct err *e);

int auth_member_set(struct db *db, int64_t user_id, int64_t company_id, enum role role,
		    int64_t actor, struct err *e) __attribute__((warn_unused_result));
/* The caller's role in a company; ERR_FORBIDDEN when not a member (or the company is unknown). */
int auth_membership(struct db *db, int64_t user_id, int64_t company_id, enum role *ret, struct err *e);

/* Login, step 1 (read-only, outside a transaction): throttle check, then the password check.
 * Returns 0 on a good password (ret_user filled), ERR_THROTTLED with e->aux = Retry-After
 * seconds, or ERR_UNAUTHENTICATED for a wrong user or password. */
int auth_login_check(struct db *db, const char *username, const char *password, const char *ip,
		     int64_t now, const struct auth_throttle *t, struct auth_user *ret_user, struct err *e);
/* Login, step 2 (in a write transaction): record a failure. */
int auth_login_failed(struct db *db, const char *username, const char *ip, int64_t now, struct err *e)
	__attribute__((warn_unused_result));
/* Login, step 2 (in a write transaction): a new session with fresh random id and CSRF token.
 * ret_id receives the raw session id (for the cookie; only its hash is stored). */
int auth_session_create(struct db *db, int64_t user_id, const char *ip, int64_t now,
			char ret_id[AUTH_ID_HEX + 1], char ret_csrf[AUTH_ID_HEX + 1], struct err *e)
	__attribute__((warn_unused_result));
/* Resolves a session cookie: ERR_UNAUTHENTICATED when unknown, idle too long or too old. */
int auth_session_check(struct db *db, const char *id, int64_t now, struct auth_ctx *ret, struct err *e);
/* Marks the session seen now (write transaction). */
int auth_session_touch(struct db *db, const char *session_hash, int64_t now, struct err *e)
	__attribute__((warn_unused_result));
/* Ends the session on the server (write transaction). */
int auth_session_end(struct db *db, const char *session_hash, int64_t user_id, struct err *e)
	__attribute__((warn_unused_result));

/* API tokens: creates one (write transaction), the raw token goes to ret (only its hash is kept).
 * name (NULL: "") is a label of at most AUTH_TOKEN_NAME_MAX_BYTES of valid UTF-8, else
 * ERR_INVALID on field "name". */
#define AUTH_TOKEN_LEN 68
int auth_token_create(struct db *db, int64_t user_id, const char *name, char ret[AUTH_TOKEN_LEN + 1],
		      struct err *e) __attribute__((warn_unused_result));
int auth_token_check(struct db *db, const char *token, struct auth_ctx *ret, struct err *e);

#endif
