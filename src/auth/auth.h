/* auth.h - identity: users and argon2id passwords, company membership and roles, cookie sessions
 * with CSRF tokens, Bearer API tokens, login throttling, and the one permission table. */
#ifndef DAFTAR_AUTH_H
#define DAFTAR_AUTH_H

#include <stdint.h>

#include "lib/db.h"
#include "lib/err.h"
#include "lib/jsonw.h"

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
	int can_create_companies;         /* the CLI's mark: may make companies without being an admin */
};

/* Who is calling: filled by auth_session_check or auth_token_check. */
struct auth_ctx {
	struct auth_user user;
	int via_session;                  /* cookie session (CSRF applies) vs Bearer token */
	char session_hash[65];
	char csrf[AUTH_ID_HEX + 1];
	int64_t last_seen;                /* the session's last activity, or the token's last use (0: never) */
	int64_t token_id;                 /* the Bearer token's id, 0 for a session */
};

/* Login throttling (docs/api.md, "Login throttling"). Every password check is reserved first, in
 * a write transaction of its own, against three counters: the account at the address it comes
 * from (strong), the account from anywhere (mild) and the address across accounts. Each counter
 * lets `free` checks through; after that each check must wait 1, 2, 4 ... seconds after the one
 * before it, up to its cap. A counter quiet for `forget_s` starts again; a right password clears
 * its account-at-address counter and takes its own reservation back from the other two. */
struct auth_throttle {
	int pair_free, pair_cap_s;         /* one account from one address: 5, 900 s */
	int account_free, account_cap_s;   /* one account from any address: 10, 60 s */
	int ip_free, ip_cap_s;             /* one address, any account: 50 (--login-ip-limit), 900 s */
	int forget_s;                      /* 3600 s */
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
/* The id of username, disabled or not: ERR_NOT_FOUND (reason "unknown_user") when there is none. */
int auth_user_id(struct db *db, const char *username, int64_t *ret_id, struct err *e) __attribute__((warn_unused_result));
/* Sets the user's language ("en" or "hi"), audited; ERR_UNCHANGED (nothing written) when it is that already. */
int auth_user_set_lang(struct db *db, int64_t user_id, const char *lang, struct err *e)
	__attribute__((warn_unused_result));
/* auth_user_create with the password already hashed (auth_password_hash, outside the transaction:
 * hashing is slow by design). */
int auth_user_create_hashed(struct db *db, const char *username, const char *display_name, const char *pw_hash,
			    int64_t actor, int64_t *ret_id, struct err *e) __attribute__((warn_unused_result));
/* A new random password of AUTH_PASSWORD_GEN letters and digits (no look-alikes: 0/O, 1/l/I). */
#define AUTH_PASSWORD_GEN 16
void auth_password_generate(char out[AUTH_PASSWORD_GEN + 1]);

/* Who may make a company (POST /companies): 1 when user_id is an admin of any company or the CLI
 * marked them (auth_user_set_creator), 0 when not, <0 on error. */
int auth_user_may_create_company(struct db *db, int64_t user_id, struct err *e) __attribute__((warn_unused_result));
/* Marks (on) or unmarks user_id as one who may make companies without being an admin of one
 * (write transaction; `daftar user company-creator`). ERR_NOT_FOUND reason "unknown_user". Audited
 * in the system chain ("user", "company_creator"); doing what is already so records nothing. */
int auth_user_set_creator(struct db *db, int64_t user_id, int on, int64_t actor, struct err *e)
	__attribute__((warn_unused_result));
/* Checks a password's length rule without hashing; 0 or ERR_INVALID on field "password". */
int auth_password_rule(const char *password, struct err *e);
/* Hashes outside any transaction (slow by design). */
int auth_password_hash(const char *password, char *out, size_t cap, struct err *e);

int auth_member_set(struct db *db, int64_t user_id, int64_t company_id, enum role role,
		    int64_t actor, struct err *e) __attribute__((warn_unused_result));
/* The caller's role in a company; ERR_FORBIDDEN when not a member (or the company is unknown). */
int auth_membership(struct db *db, int64_t user_id, int64_t company_id, enum role *ret, struct err *e);

/* Login, step 1 (write transaction): reserves one password check for username from ip at now,
 * before the check is made, so that racing tries cannot pass the limits together. 0 when the check
 * may go ahead (it counts as a failure until auth_login_succeeded says otherwise); ERR_THROTTLED
 * with reason "throttled" and e->aux = retry_after = the seconds to wait, nothing reserved. */
int auth_login_reserve(struct db *db, const char *username, const char *ip, int64_t now, const struct auth_throttle *t,
		       struct err *e) __attribute__((warn_unused_result));
/* Login, step 2 (no transaction needed; slow by design): the password check. 0 with ret_user
 * filled; ERR_UNAUTHENTICATED for a wrong user or password, or, for the right password of a
 * disabled user, with reason "user_disabled". */
int auth_login_check(struct db *db, const char *username, const char *password, struct auth_user *ret_user,
		     struct err *e);
/* Login, step 3 (write transaction), after a failed check: the failure is kept in login_failures
 * (the reservation already counts it). */
int auth_login_failed(struct db *db, const char *username, const char *ip, int64_t now, struct err *e)
	__attribute__((warn_unused_result));
/* Login, step 3 (write transaction), after a good check: clears the account-at-address counter and
 * gives the reservation back to the account's and the address's. */
int auth_login_succeeded(struct db *db, const char *username, const char *ip, struct err *e)
	__attribute__((warn_unused_result));
/* Login, step 3 (write transaction, after auth_login_succeeded): a new session with a fresh
 * random id and CSRF token. ret_id receives the raw session id (for the cookie; only its hash is stored). */
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

/* ---- offboarding: who is in a company, disabling people, removing them from a company ---- */

/* A member of a company as its admins see them. */
struct auth_member {
	struct auth_user user;
	enum role role;
	int disabled;
};

/* {"id","username","display_name","lang","role","disabled"}: the one JSON of a member, for the
 * HTTP answers (the audit log keeps the user and the membership each in their own snapshot). */
void auth_member_json(struct jsonw *w, const struct auth_member *m);
/* Its members only, inside an object the caller opens (an answer with more beside them). */
void auth_member_members(struct jsonw *w, const struct auth_member *m);
/* The members of company_id by username, at most limit after the member whose user id is `after`
 * (0: from the first); each to each(); *ret_next the id to pass as after for the next page, 0 on
 * the last. Read transaction. */
int auth_member_list(struct db *db, int64_t company_id, int64_t after, int limit,
		     int (*each)(void *ctx, const struct auth_member *m), void *ctx, int64_t *ret_next, struct err *e)
	__attribute__((warn_unused_result));
/* One member: ERR_NOT_FOUND (reason "unknown_user") when user_id is not a member of company_id. */
int auth_member_get(struct db *db, int64_t company_id, int64_t user_id, struct auth_member *ret, struct err *e)
	__attribute__((warn_unused_result));
/* Disables (disabled = 1) or enables a user, everywhere (write transaction). Disabling ends their
 * sessions at once; their tokens are refused while they are disabled. actor 0 is the CLI;
 * another actor must hold PERM_MEMBER_ADMIN in every company the user belongs to (else
 * ERR_FORBIDDEN, reason "other_company", figure "company"). Refused with ERR_UNPROCESSABLE:
 * disabling oneself (reason "self_disable"), and disabling the last enabled admin of a company
 * (reason "last_admin", figure "company"). Audited in the system chain and in each of the user's
 * companies' chains; doing what is already so changes and records nothing. */
int auth_user_set_disabled(struct db *db, int64_t user_id, int disabled, int64_t actor, struct err *e)
	__attribute__((warn_unused_result));
/* Someone to add to a company: an existing user by username, or a new one (with pw_hash). */
struct auth_member_new {
	const char *username;
	const char *display_name;   /* a new user's (NULL or "": the username); an existing user keeps theirs */
	const char *pw_hash;        /* a new user's password, hashed; NULL for an existing user */
	int pw_made;                /* pw_hash is of a password made for them: dropped for an existing user */
	enum role role;
};
/* Adds n to company_id with its role (write transaction), making the user first when there is none
 * of that username. Refused: ERR_DUPLICATE on "username" (reason "already_member") when they are
 * a member already; ERR_UNPROCESSABLE on "password" when the user exists and a password was typed
 * (reason "existing_user": their password is theirs; one made is dropped) or is new and none was (reason
 * "password_required"); the username's rule as auth_user_create's. *ret (may be NULL) the member,
 * *ret_created 1 when the user was made. Audited: the user (system chain) and the membership. */
int auth_member_add(struct db *db, int64_t company_id, const struct auth_member_new *n, int64_t actor,
		    struct auth_member *ret, int *ret_created, struct err *e) __attribute__((warn_unused_result));
/* Gives member user_id of company_id the role (write transaction): ERR_NOT_FOUND (reason
 * "unknown_user") when not a member; ERR_UNPROCESSABLE (reason "last_admin", figure company) when
 * it takes away the company's last enabled admin. The same role changes and records nothing.
 * Audited in the company's chain ("membership", "set"). */
int auth_member_role(struct db *db, int64_t company_id, int64_t user_id, enum role role, int64_t actor, struct err *e)
	__attribute__((warn_unused_result));
/* Removes user_id from company_id (write transaction): ERR_NOT_FOUND (reason "unknown_user") when
 * not a member; ERR_UNPROCESSABLE (reason "last_admin") when they are its last enabled admin.
 * Audited in the company's chain. */
int auth_member_remove(struct db *db, int64_t company_id, int64_t user_id, int64_t actor, struct err *e)
	__attribute__((warn_unused_result));

/* ---- API tokens ---- */

/* A token as its list shows it (never the token or its hash). Instants are seconds, 0 for none. */
struct auth_token {
	int64_t id;
	int64_t user_id;
	char username[AUTH_USERNAME_MAX + 4];
	char name[AUTH_TOKEN_NAME_MAX_BYTES + 1];
	char created_at[24];
	int64_t last_used;
	int64_t expires_at;
	int64_t revoked_at;
	int revoked;
	int user_disabled;
};

/* {"id","user_id","username","name","created_at","last_used_at","expires_at","revoked_at",
 * "status"}: instants as UTC timestamps or null; status "active", "expired", "revoked" or
 * "user_disabled" at now. The one JSON of a token: the audit records and the HTTP answers. */
void auth_token_json(struct jsonw *w, const struct auth_token *t, int64_t now);
/* Its members only, inside an object the caller opens. */
void auth_token_members(struct jsonw *w, const struct auth_token *t, int64_t now);

/* API tokens: creates one (write transaction), the raw token goes to ret (only its hash is kept).
 * name (NULL: "") is a label of at most AUTH_TOKEN_NAME_MAX_BYTES of valid UTF-8, else
 * ERR_INVALID on field "name"; expires_at (seconds, 0: never) must be in the future, else
 * ERR_INVALID on field "expires". */
#define AUTH_TOKEN_LEN 68
int auth_token_create(struct db *db, int64_t user_id, const char *name, int64_t expires_at,
		      char ret[AUTH_TOKEN_LEN + 1], struct err *e) __attribute__((warn_unused_result));
/* Issues a token for member user_id of company_id on an admin's say (write transaction): as
 * auth_token_create, and user_id must be a member (else ERR_NOT_FOUND, reason "unknown_user");
 * a token of someone else works in all their companies, so actor must be an admin of each (else
 * ERR_FORBIDDEN "other_company"). name is required (ERR_INVALID "name"); expires_at as
 * auth_token_create's, on field "expires_on". ret gets the raw token, *ret_t (may be NULL) the
 * token as listed. Audited with actor, in the system chain and the chains of the user's companies. */
int auth_token_issue(struct db *db, int64_t company_id, int64_t user_id, const char *name, int64_t expires_at, int64_t actor,
		     char ret[AUTH_TOKEN_LEN + 1], struct auth_token *ret_t, struct err *e) __attribute__((warn_unused_result));
/* Resolves a Bearer token at now: ERR_UNAUTHENTICATED when unknown, revoked (reason
 * "token_revoked"), expired ("token_expired") or its user is disabled ("user_disabled"). */
int auth_token_check(struct db *db, const char *token, int64_t now, struct auth_ctx *ret, struct err *e);
/* Records the token's use at now (write transaction, at most once a minute: the caller asks only
 * when ctx.last_seen is a minute old). */
int auth_token_touch(struct db *db, int64_t token_id, int64_t now, struct err *e) __attribute__((warn_unused_result));
/* The tokens of company_id's members (user_id > 0: of that user only), newest first, at most
 * limit with ids below `after` (0: from the newest); *ret_next as auth_member_list's. */
int auth_token_list(struct db *db, int64_t company_id, int64_t user_id, int64_t after, int limit,
		    int (*each)(void *ctx, const struct auth_token *t), void *ctx, int64_t *ret_next, struct err *e)
	__attribute__((warn_unused_result));
/* Revokes token_id (write transaction). company_id > 0: the token's user must be a member of
 * it, else ERR_NOT_FOUND (reason "unknown_token"), as for no such token; 0 (the CLI): any token.
 * Revoking a revoked token changes and records nothing. ret (may be NULL) gets the token as it
 * now is. Audited in the system chain and the chains of the user's companies. */
int auth_token_revoke(struct db *db, int64_t company_id, int64_t token_id, int64_t actor, int64_t now,
		      struct auth_token *ret, struct err *e) __attribute__((warn_unused_result));

#endif
