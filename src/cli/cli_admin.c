/* cli_admin.c - init, user, token and company commands. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "cli/cli.h"
#include "admin/company.h"
#include "lib/clock.h"
#include "lib/files.h"
#include "lib/secure.h"
#include "lib/text.h"
#include "lib/banned.h"

enum {
	SQL_USERS,
	SQL_MAX
};

static const char *const sql[SQL_MAX] = {
	/* `daftar user list`: the auth module has no list of users yet, so the CLI reads it here. */
	[SQL_USERS] = "SELECT u.username, u.display_name, coalesce(m.company_id, 0), coalesce(m.role, '-'), u.disabled "
		      "FROM users u LEFT JOIN memberships m ON m.user_id = u.id ORDER BY u.username, m.company_id",
};

static void gen_password(char *out, size_t n)
{
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	unsigned char r[64];
	secure_random(r, sizeof r);
	for (size_t i = 0; i + 1 < n && i < sizeof r; i++)
		out[i] = alphabet[r[i] % (sizeof alphabet - 1)];
	out[n - 1] = '\0';
}

struct init_ctx {
	const char *company;
	const char *gstin;
	const char *password;
	int demo;
	int64_t cid;
};

static int init_work(struct db *db, void *p, struct err *e)
{
	struct init_ctx *c = p;
	int64_t uid, first = 0;
	int rc = company_first(db, &first, e);
	if (rc < 0)
		return rc;
	if (first > 0)
		return err_set(e, ERR_CONFLICT, "data", "this data directory is already initialised");
	/* A demo office needs a GST state for its invoices: Maharashtra unless a GSTIN says otherwise. */
	if ((rc = company_create(db, c->company, c->gstin, c->demo && !(c->gstin && *c->gstin) ? "27" : NULL, 0, &c->cid, e)) < 0)
		return rc;
	if ((rc = auth_user_create(db, "admin", "Administrator", c->password, 0, &uid, e)) < 0)
		return rc;
	if ((rc = auth_member_set(db, uid, c->cid, ROLE_ADMIN, 0, e)) < 0)
		return rc;
	if (c->demo && (rc = demo_load(db, c->cid, e)) < 0)
		return rc;
	return 0;
}

int cmd_init(int argc, char **argv)
{
	static const char *const flags[] = {"demo", NULL};
	struct cli_opts o;
	struct init_ctx c;
	struct db *db = NULL;
	struct err e = ERR_INIT;
	char pw[20];
	const char *dir, *env = getenv("DAFTAR_ADMIN_PASSWORD");
	int rc;

	if (cli_parse(argc, argv, 2, flags, &o) < 0)
		return 2;
	dir = cli_get(&o, "data");
	if (!dir || !*dir) {
		fprintf(stderr, "daftar: init needs --data DIR\n");
		return 2;
	}
	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		fprintf(stderr, "daftar: cannot create %s: %s\n", dir, strerror(errno));
		return 1;
	}
	if (cli_get(&o, "db")) {
		char path[4096];
		FILE *f;
		snprintf(path, sizeof path, "%s/db.url", dir);
		f = fopen(path, "w");
		if (!f || fprintf(f, "%s\n", cli_get(&o, "db")) < 0 || fclose(f) != 0) {
			fprintf(stderr, "daftar: cannot write %s\n", path);
			return 1;
		}
		chmod(path, 0600);
	}
	if ((rc = cli_open(&o, &db)) != 0)
		return rc;
	memset(&c, 0, sizeof c);
	c.company = cli_get(&o, "company") ? cli_get(&o, "company") : "My Company";
	c.gstin = cli_get(&o, "gstin");
	c.demo = cli_flag(&o, "demo");
	if (env && *env) {
		c.password = env;
	} else {
		gen_password(pw, sizeof pw);
		c.password = pw;
	}
	rc = db_tx(db, init_work, &c, &e);
	db_close(db);
	if (rc < 0)
		return cli_fail(&e);
	/* 0700 and 0600 even for a directory made before (or by hand, with a wider umask). */
	if (files_private_dir(dir) < 0)
		fprintf(stderr, "daftar: warning: cannot make all of %s private (0700, files 0600): %s\n", dir, strerror(errno));
	printf("Initialised %s: company %lld \"%s\"%s\n", dir, (long long)c.cid, c.company, c.demo ? " with demo data" : "");
	if ((rc = cli_anchor_key(dir)) != 0)
		return rc;
	if (env && *env)
		printf("Admin login: admin (password from DAFTAR_ADMIN_PASSWORD)\n");
	else
		printf("Admin login: admin / %s   (shown once; change it with: daftar user passwd --data %s --user admin)\n", pw, dir);
	return 0;
}

/* Reads a password from DAFTAR_PASSWORD, else one line of stdin. */
static int read_password(char *out, size_t cap)
{
	const char *env = getenv("DAFTAR_PASSWORD");
	if (env && *env)
		return snprintf(out, cap, "%s", env) < (int)cap ? 0 : -1;
	fprintf(stderr, "Password (at least %d characters): ", AUTH_PASSWORD_MIN);
	if (!fgets(out, (int)cap, stdin))
		return -1;
	out[strcspn(out, "\r\n")] = '\0';
	return 0;
}

struct user_ctx {
	const char *username, *display, *password;
	int64_t cid;
	enum role role;
	int has_company;
	int passwd;
};

static int user_work(struct db *db, void *p, struct err *e)
{
	struct user_ctx *u = p;
	int64_t uid;
	int rc;
	if (u->passwd)
		return auth_user_passwd(db, u->username, u->password, 0, e);
	if ((rc = auth_user_create(db, u->username, u->display, u->password, 0, &uid, e)) < 0)
		return rc;
	if (u->has_company)
		return auth_member_set(db, uid, u->cid, u->role, 0, e);
	return 0;
}

struct role_ctx {
	const char *username;
	int64_t cid;
	enum role role;
};

static int role_work(struct db *db, void *p, struct err *e)
{
	struct role_ctx *r = p;
	struct auth_user u;
	int rc = auth_user_find(db, r->username, &u, e);
	if (rc < 0)
		return rc;
	return auth_member_set(db, u.id, r->cid, r->role, 0, e);
}

static int parse_company(const struct cli_opts *o, int64_t *ret)
{
	const char *s = cli_get(o, "company");
	char *end;
	long long v;
	if (!s) {
		*ret = 1;
		return 0;
	}
	v = strtoll(s, &end, 10);
	if (*end || v < 1) {
		fprintf(stderr, "daftar: --company must be a company id\n");
		return -1;
	}
	*ret = v;
	return 0;
}

static int user_row(void *ctx, struct db_stmt *st, struct err *e)
{
	(void)ctx;
	(void)e;
	printf("%-20s %-28s %-8lld %-12s%s\n", db_col_text(st, 0), db_col_text(st, 1), (long long)db_col_i64(st, 2),
	       db_col_text(st, 3), db_col_i64(st, 4) ? " (disabled)" : "");
	return 0;
}

static int user_list(struct cli_opts *o)
{
	struct db *db = NULL;
	struct err e = ERR_INIT;
	int rc;
	if ((rc = cli_open(o, &db)) != 0)
		return rc;
	printf("%-20s %-28s %-8s %-12s\n", "USER", "NAME", "COMPANY", "ROLE");
	rc = db_each(db, sql[SQL_USERS], DB_NOARGS, user_row, NULL, &e);
	db_close(db);
	return rc < 0 ? cli_fail(&e) : 0;
}

/* `user add` and `user passwd`. */
static int user_add(struct cli_opts *o, const char *sub)
{
	struct user_ctx u;
	struct db *db = NULL;
	struct err e = ERR_INIT;
	char pw[1100];
	int rc;

	memset(&u, 0, sizeof u);
	u.username = cli_get(o, "user");
	if (!u.username) {
		fprintf(stderr, "daftar: user %s needs --user NAME\n", sub);
		return 2;
	}
	u.passwd = strcmp(sub, "passwd") == 0;
	u.display = cli_get(o, "name");
	u.role = ROLE_EXECUTIVE;
	if (cli_get(o, "role") && auth_role_parse(cli_get(o, "role"), &u.role) < 0) {
		fprintf(stderr, "daftar: --role must be admin, coordinator, executive, assistant, analyst or auditor\n");
		return 2;
	}
	if (parse_company(o, &u.cid) < 0)
		return 2;
	u.has_company = 1;
	if (read_password(pw, sizeof pw) < 0) {
		fprintf(stderr, "daftar: no password given (set DAFTAR_PASSWORD or type it)\n");
		return 2;
	}
	u.password = pw;
	if (auth_password_rule(pw, &e) < 0)
		return cli_fail(&e);
	if ((rc = cli_open(o, &db)) != 0)
		return rc;
	rc = db_tx(db, user_work, &u, &e);
	db_close(db);
	if (rc < 0)
		return cli_fail(&e);
	if (u.passwd)
		printf("Password changed for %s; their sessions have ended.\n", u.username);
	else
		printf("User %s added to company %lld as %s.\n", u.username, (long long)u.cid, auth_role_name(u.role));
	return 0;
}

static int user_role(struct cli_opts *o)
{
	struct role_ctx r;
	struct db *db = NULL;
	struct err e = ERR_INIT;
	int rc;

	r.username = cli_get(o, "user");
	if (!r.username || !cli_get(o, "role") || auth_role_parse(cli_get(o, "role"), &r.role) < 0 || parse_company(o, &r.cid) < 0) {
		fprintf(stderr, "daftar: user role needs --user NAME --role ROLE [--company ID]\n");
		return 2;
	}
	if ((rc = cli_open(o, &db)) != 0)
		return rc;
	rc = db_tx(db, role_work, &r, &e);
	db_close(db);
	if (rc < 0)
		return cli_fail(&e);
	printf("%s is now %s in company %lld.\n", r.username, auth_role_name(r.role), (long long)r.cid);
	return 0;
}

/* `user disable|enable|remove`: who, and (remove) from which company. */
struct offboard_ctx {
	const char *username;
	int64_t cid;
	enum { OFF_DISABLE, OFF_ENABLE, OFF_REMOVE } what;
};

static int offboard_work(struct db *db, void *p, struct err *e)
{
	struct offboard_ctx *x = p;
	int64_t uid = 0;
	int rc = auth_user_id(db, x->username, &uid, e);
	if (rc < 0)
		return rc;
	if (x->what == OFF_REMOVE)
		return auth_member_remove(db, x->cid, uid, 0, e);
	return auth_user_set_disabled(db, uid, x->what == OFF_DISABLE, 0, e);
}

static int user_offboard(struct cli_opts *o, const char *sub)
{
	struct offboard_ctx x;
	struct db *db = NULL;
	struct err e = ERR_INIT;
	int rc;

	memset(&x, 0, sizeof x);
	x.what = !strcmp(sub, "disable") ? OFF_DISABLE : !strcmp(sub, "enable") ? OFF_ENABLE : OFF_REMOVE;
	x.username = o->npos == 1 ? o->pos[0] : cli_get(o, "user");
	if (!x.username || o->npos > 1 || (x.what == OFF_REMOVE && !cli_get(o, "company"))) {
		fprintf(stderr, "daftar: user %s NAME%s\n", sub, x.what == OFF_REMOVE ? " --company ID" : "");
		return 2;
	}
	if (parse_company(o, &x.cid) < 0)
		return 2;
	if ((rc = cli_open(o, &db)) != 0)
		return rc;
	rc = db_tx(db, offboard_work, &x, &e);
	db_close(db);
	if (rc < 0)
		return cli_fail(&e);
	if (x.what == OFF_REMOVE)
		printf("%s no longer belongs to company %lld.\n", x.username, (long long)x.cid);
	else if (x.what == OFF_DISABLE)
		printf("%s is disabled: their sessions have ended and their API tokens are refused.\n", x.username);
	else
		printf("%s is enabled again.\n", x.username);
	return 0;
}

/* `user company-creator NAME [--off]`: may they make companies (POST /companies) without being
 * an admin of one? */
struct creator_ctx {
	const char *username;
	int on;
};

static int creator_work(struct db *db, void *p, struct err *e)
{
	struct creator_ctx *x = p;
	int64_t uid = 0;
	int rc = auth_user_id(db, x->username, &uid, e);
	if (rc < 0)
		return rc;
	return auth_user_set_creator(db, uid, x->on, 0, e);
}

static int user_creator(struct cli_opts *o)
{
	struct creator_ctx x;
	struct db *db = NULL;
	struct err e = ERR_INIT;
	int rc;

	x.username = o->npos == 1 ? o->pos[0] : cli_get(o, "user");
	x.on = !cli_flag(o, "off");
	if (!x.username || o->npos > 1) {
		fprintf(stderr, "daftar: user company-creator NAME [--off]\n");
		return 2;
	}
	if ((rc = cli_open(o, &db)) != 0)
		return rc;
	rc = db_tx(db, creator_work, &x, &e);
	db_close(db);
	if (rc < 0)
		return cli_fail(&e);
	if (x.on)
		printf("%s may now make companies (and is the admin of each they make).\n", x.username);
	else
		printf("%s may no longer make companies, unless they are an admin of one.\n", x.username);
	return 0;
}

int cmd_user(int argc, char **argv)
{
	static const char *const flags[] = {"off", NULL};
	struct cli_opts o;
	const char *sub = argc > 2 ? argv[2] : "";

	if (cli_parse(argc, argv, 3, flags, &o) < 0)
		return 2;
	if (strcmp(sub, "company-creator") == 0)
		return user_creator(&o);
	if (strcmp(sub, "list") == 0)
		return user_list(&o);
	if (strcmp(sub, "add") == 0 || strcmp(sub, "passwd") == 0)
		return user_add(&o, sub);
	if (strcmp(sub, "role") == 0)
		return user_role(&o);
	if (strcmp(sub, "disable") == 0 || strcmp(sub, "enable") == 0 || strcmp(sub, "remove") == 0)
		return user_offboard(&o, sub);
	fprintf(stderr, "daftar: user add|passwd|role|list|disable|enable|remove|company-creator\n");
	return 2;
}

struct token_ctx {
	const char *username;
	const char *name;
	int64_t expires_at;
	char token[AUTH_TOKEN_LEN + 1];
};

static int token_work(struct db *db, void *p, struct err *e)
{
	struct token_ctx *t = p;
	struct auth_user u;
	int rc = auth_user_find(db, t->username, &u, e);
	if (rc < 0)
		return rc;
	return auth_token_create(db, u.id, t->name, t->expires_at, t->token, e);
}

static int token_create(struct cli_opts *o)
{
	struct token_ctx t;
	struct db *db = NULL;
	struct err e = ERR_INIT;
	const char *days = cli_get(o, "expires-days");
	int64_t n = 0;
	int rc;

	memset(&t, 0, sizeof t);
	t.username = cli_get(o, "user");
	t.name = cli_get(o, "name") ? cli_get(o, "name") : "cli";
	if (!t.username) {
		fprintf(stderr, "daftar: token create needs --user NAME\n");
		return 2;
	}
	if (days) {
		if (text_parse_i64(days, 1, 36500, &n) < 0) {
			fprintf(stderr, "daftar: --expires-days must be a number of days from 1 to 36500\n");
			return 2;
		}
		t.expires_at = clock_now() + n * 86400;
	}
	if ((rc = cli_open(o, &db)) != 0)
		return rc;
	rc = db_tx(db, token_work, &t, &e);
	db_close(db);
	if (rc < 0)
		return cli_fail(&e);
	printf("%s\n", t.token);
	return 0;
}

static void print_instant(int64_t t)
{
	char iso[CLOCK_ISO_SIZE];
	if (t)
		clock_iso(t, iso);
	printf(" %-20s", t ? iso : "-");
}

struct token_rows {
	int64_t now;
	int n;
};

static int token_row(void *p, const struct auth_token *t)
{
	struct token_rows *r = p;
	const char *status = t->revoked ? "revoked" : t->expires_at && r->now >= t->expires_at ? "expired"
						      : t->user_disabled ? "user disabled" : "active";
	printf("%-6lld %-20s %-24.24s %-20s", (long long)t->id, t->username, t->name, t->created_at);
	print_instant(t->last_used);
	print_instant(t->expires_at);
	printf(" %s\n", status);
	r->n++;
	return 0;
}

/* Every token (of --user NAME), newest first, a page at a time. */
static int token_list(struct cli_opts *o)
{
	struct db *db = NULL;
	struct err e = ERR_INIT;
	struct token_rows r = {clock_now(), 0};
	int64_t uid = 0, after = 0, next = 0;
	int rc;

	if ((rc = cli_open(o, &db)) != 0)
		return rc;
	if (cli_get(o, "user") && (rc = auth_user_id(db, cli_get(o, "user"), &uid, &e)) < 0) {
		db_close(db);
		return cli_fail(&e);
	}
	printf("%-6s %-20s %-24s %-20s %-20s %-20s %s\n", "ID", "USER", "NAME", "CREATED", "LAST USED", "EXPIRES", "STATUS");
	do {
		rc = auth_token_list(db, 0, uid, after, 500, token_row, &r, &next, &e);
		after = next;
	} while (rc >= 0 && next);
	db_close(db);
	return rc < 0 ? cli_fail(&e) : 0;
}

struct revoke_ctx {
	int64_t id;
	struct auth_token t;
};

static int revoke_work(struct db *db, void *p, struct err *e)
{
	struct revoke_ctx *r = p;
	return auth_token_revoke(db, 0, r->id, 0, clock_now(), &r->t, e);
}

static int token_revoke(struct cli_opts *o)
{
	struct revoke_ctx r;
	struct db *db = NULL;
	struct err e = ERR_INIT;
	int rc;

	memset(&r, 0, sizeof r);
	if (o->npos != 1 || text_parse_i64(o->pos[0], 1, INT64_MAX, &r.id) < 0) {
		fprintf(stderr, "daftar: token revoke --data DIR ID   (the ID that token list shows)\n");
		return 2;
	}
	if ((rc = cli_open(o, &db)) != 0)
		return rc;
	rc = db_tx(db, revoke_work, &r, &e);
	db_close(db);
	if (rc < 0)
		return cli_fail(&e);
	printf("Token %lld (%s, of %s) is revoked.\n", (long long)r.id, r.t.name, r.t.username);
	return 0;
}

int cmd_token(int argc, char **argv)
{
	struct cli_opts o;
	const char *sub = argc > 2 ? argv[2] : "";

	if (cli_parse(argc, argv, 3, NULL, &o) < 0)
		return 2;
	if (strcmp(sub, "create") == 0)
		return token_create(&o);
	if (strcmp(sub, "list") == 0)
		return token_list(&o);
	if (strcmp(sub, "revoke") == 0)
		return token_revoke(&o);
	fprintf(stderr, "daftar: token create --data DIR --user NAME [--name LABEL] [--expires-days N]\n"
			"       token list --data DIR [--user NAME]\n"
			"       token revoke --data DIR ID\n");
	return 2;
}

struct company_ctx {
	const char *name, *gstin;
	const char *admin;
	int64_t cid;
};

static int company_work(struct db *db, void *p, struct err *e)
{
	struct company_ctx *c = p;
	struct auth_user u;
	int rc = company_create(db, c->name, c->gstin, NULL, 0, &c->cid, e);
	if (rc < 0 || !c->admin)
		return rc;
	if ((rc = auth_user_find(db, c->admin, &u, e)) < 0)
		return rc;
	return auth_member_set(db, u.id, c->cid, ROLE_ADMIN, 0, e);
}

int cmd_company(int argc, char **argv)
{
	struct cli_opts o;
	struct company_ctx c;
	struct db *db = NULL;
	struct err e = ERR_INIT;
	int rc;

	if (argc < 3 || strcmp(argv[2], "add") != 0) {
		fprintf(stderr, "daftar: company add --data DIR --name NAME [--gstin GSTIN] [--admin USER]\n");
		return 2;
	}
	if (cli_parse(argc, argv, 3, NULL, &o) < 0)
		return 2;
	memset(&c, 0, sizeof c);
	c.name = cli_get(&o, "name");
	c.gstin = cli_get(&o, "gstin");
	c.admin = cli_get(&o, "admin");
	if ((rc = cli_open(&o, &db)) != 0)
		return rc;
	rc = db_tx(db, company_work, &c, &e);
	db_close(db);
	if (rc < 0)
		return cli_fail(&e);
	printf("%lld\n", (long long)c.cid);
	return 0;
}
