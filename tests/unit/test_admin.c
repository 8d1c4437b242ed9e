/* test_admin.c - administration: making a company (its rules, its defaults, its first year),
 * business hours at their boundaries, a company's settings under one version (stale, a change of
 * nothing, the GSTIN removed), who may make a company, adding people (new, existing, a password
 * made for an existing user dropped), changing a role (the last admin kept), and issuing tokens.
 * Database parts run on SQLite, and on PostgreSQL when DAFTAR_PG_URL is set. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "admin/company.h"
#include "auth/auth.h"
#include "books/books.h"
#include "inventory/inventory.h"
#include "lib/secure.h"
#include "unit.h"

#define PASSWORD "correct horse battery"
#define G27 "27AAPFU0939F1ZV"   /* a GSTIN with a right check character, Maharashtra */

/* A migrated database with company "Alpha" (state 27) as cid and its admin "asha" as uid. */
static int setup(void **state)
{
	struct unit_fx *f = unit_fx_new(unit_backend(state), UNIT_MIGRATED);
	struct err e = ERR_INIT;
	if (!f || unit_fx_company(f, "Alpha", "27", &f->cid) < 0 || unit_fx_user(f, "asha", "आशा", PASSWORD, &f->uid) < 0 ||
	    db_begin_write(f->db, &e) < 0 || auth_member_set(f->db, f->uid, f->cid, ROLE_ADMIN, 0, &e) < 0 || db_commit(f->db, &e) < 0) {
		unit_fx_free(f);
		return -1;
	}
	*state = f;
	return 0;
}

/* Runs fn in a write transaction that is rolled back: what it returned, its error in *e. */
static int in_tx_rollback(struct unit_fx *f, int (*fn)(struct unit_fx *, void *, struct err *), void *arg, struct err *e)
{
	struct err be = ERR_INIT;
	int rc;
	assert_int_equal(db_begin_write(f->db, &be), 0);
	rc = fn(f, arg, e);
	db_rollback(f->db);
	return rc;
}

static int open_spec(struct unit_fx *f, void *arg, struct err *e)
{
	int64_t id = 0;
	return company_open(f->db, arg, f->uid, &id, e);
}

/* ---- no database ---- */

static void test_hours(void **state)
{
	struct company_hours h;
	struct err e = ERR_INIT;
	(void)state;
	memset(&h, 0, sizeof h);
	assert_int_equal(company_hours_add(&h, "mon", "00:00", "23:59", "b[0]", &e), 0);
	assert_true(h.day[0].open);
	assert_string_equal(h.day[0].closes, "23:59");
	assert_int_equal(company_hours_add(&h, "sun", "09:30", "09:31", "b[1]", &e), 0);
	assert_true(h.day[6].open);
	static const struct {
		const char *day, *opens, *closes, *field, *reason;
		int code;
	} bad[] = {
		{"mon", "10:00", "11:00", "b.day", "day_repeated", ERR_INVALID},
		{"funday", "10:00", "11:00", "b.day", "weekday_choice", ERR_INVALID},
		{NULL, "10:00", "11:00", "b.day", "weekday_choice", ERR_INVALID},
		{"tue", "9:30", "18:00", "b.opens", "time_hhmm", ERR_INVALID},
		{"tue", "24:00", "23:00", "b.opens", "time_hhmm", ERR_INVALID},
		{"tue", "12:60", "13:00", "b.opens", "time_hhmm", ERR_INVALID},
		{"tue", "12-30", "13:00", "b.opens", "time_hhmm", ERR_INVALID},
		{"tue", "09:30", NULL, "b.closes", "time_hhmm", ERR_INVALID},
		{"tue", "09:30", "09:30", "b.closes", "hours_order", ERR_UNPROCESSABLE},
		{"tue", "18:00", "09:00", "b.closes", "hours_order", ERR_UNPROCESSABLE},
		{"tue", "09:30", "18:00 ", "b.closes", "time_hhmm", ERR_INVALID},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err_clear(&e);
		assert_int_equal(company_hours_add(&h, bad[i].day, bad[i].opens, bad[i].closes, "b", &e), bad[i].code);
		assert_string_equal(e.field, bad[i].field);
		assert_string_equal(e.reason, bad[i].reason);
	}
	assert_false(h.day[1].open);   /* a refused day is not opened */
}

static void test_password_generate(void **state)
{
	char a[AUTH_PASSWORD_GEN + 1], b[AUTH_PASSWORD_GEN + 1];
	struct err e = ERR_INIT;
	(void)state;
	auth_password_generate(a);
	auth_password_generate(b);
	assert_int_equal(strlen(a), AUTH_PASSWORD_GEN);
	assert_string_not_equal(a, b);
	assert_null(strpbrk(a, "01lIO"));
	assert_int_equal(auth_password_rule(a, &e), 0);
}

/* ---- companies ---- */

static void test_open_rules(void **state)
{
	struct unit_fx *f = *state;
	static const struct {
		struct company_spec s;
		int code;
		const char *field, *reason;
	} cases[] = {
		{{.name = NULL}, ERR_INVALID, "name", "company_name_bad"},
		{{.name = ""}, ERR_INVALID, "name", "company_name_bad"},
		{{.name = "Ring \a", .state_code = "27"}, ERR_INVALID, "name", "control_character"},
		{{.name = "Bad \xff", .state_code = "27"}, ERR_INVALID, "name", "company_name_bad"},
		{{.name = "X"}, ERR_UNPROCESSABLE, "state_code", "state_required"},
		{{.name = "X", .state_code = "00"}, ERR_INVALID, "state_code", "state_unknown"},
		{{.name = "X", .state_code = "270"}, ERR_INVALID, "state_code", "state_unknown"},
		{{.name = "X", .gstin = "27AAPFU0939F1ZX"}, ERR_INVALID, "gstin", "gstin_check"},
		{{.name = "X", .gstin = G27 "1"}, ERR_INVALID, "gstin", "gstin_length"},
		{{.name = "X", .gstin = G27, .state_code = "29"}, ERR_UNPROCESSABLE, "state_code", "gstin_state"},
		{{.name = "X", .state_code = "27", .fy_start = "2025-01-01"}, ERR_UNPROCESSABLE, "fy_start", "fy_start_april"},
		{{.name = "X", .state_code = "27", .fy_start = "2025-4-1"}, ERR_INVALID, "fy_start", "not_date"},
		{{.name = "X", .state_code = "27", .books_from = "2025-02-30"}, ERR_INVALID, "books_from", "not_date"},
		{{.name = "X", .state_code = "27", .fy_start = "2025-04-01", .books_from = "2026-04-01"}, ERR_UNPROCESSABLE, "books_from",
		 "books_outside_year"},
		{{.name = "X", .state_code = "27", .timezone = "Nowhere/Atall"}, ERR_INVALID, "timezone", "timezone_bad"},
		{{.name = "X", .state_code = "27", .valuation = "LIFO"}, ERR_INVALID, "valuation", "not_one_of"},
		{{.name = "X", .state_code = "27", .negative_stock = "yes"}, ERR_INVALID, "negative_stock", "not_one_of"},
	};
	int64_t before = unit_scalar(f->db, "SELECT count(*) FROM companies");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct err e = ERR_INIT;
		assert_int_equal(in_tx_rollback(f, open_spec, (void *)&cases[i].s, &e), cases[i].code);
		assert_string_equal(e.field, cases[i].field);
		assert_string_equal(e.reason, cases[i].reason);
	}
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM companies"), before);
}

static void test_open_year_and_defaults(void **state)
{
	struct unit_fx *f = *state;
	struct company_spec s = {.name = "मेहता ट्रेडर्स", .gstin = "27aapfu0939f1zv", .books_from = "2026-02-10", .valuation = "fifo"};
	struct company_settings got;
	struct err e = ERR_INIT;
	int64_t cid = 0;

	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(company_open(f->db, &s, f->uid, &cid, &e), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_int_equal(company_settings_get(f->db, cid, &got, &e), 0);
	assert_string_equal(got.company.name, "मेहता ट्रेडर्स");
	assert_string_equal(got.company.gstin, G27);          /* taken in capitals */
	assert_string_equal(got.company.state_code, "27");     /* from the GSTIN */
	assert_string_equal(got.books.books_from, "2026-02-10");
	assert_string_equal(got.company.timezone, "Asia/Kolkata");
	assert_int_equal(got.stock.valuation, VALUATION_FIFO);
	assert_int_equal(got.stock.warn_negative, 0);
	assert_int_equal(got.company.version, 1);
	/* its own chain: the company, then the stock settings that are not the defaults */
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM audit_log WHERE company_id = (SELECT max(id) FROM companies) "
					    "AND entity = 'company' AND action = 'create'"), 1);
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM audit_log WHERE company_id = (SELECT max(id) FROM companies) "
					    "AND entity = 'inventory_settings'"), 1);
	/* the last day of a year and the first of the next */
	struct company_spec last = {.name = "Y", .state_code = "07", .fy_start = "2024-04-01", .books_from = "2025-03-31"};
	struct company_spec next = {.name = "Y", .state_code = "07", .fy_start = "2024-04-01", .books_from = "2025-04-01"};
	assert_int_equal(in_tx_rollback(f, open_spec, &last, &e), 0);
	err_clear(&e);
	assert_int_equal(in_tx_rollback(f, open_spec, &next, &e), ERR_UNPROCESSABLE);
	assert_string_equal(e.reason, "books_outside_year");
}

/* ---- settings ---- */

static int set_settings(struct unit_fx *f, int64_t version, const struct company_change *ch, struct company_settings *ret, struct err *e)
{
	struct err be = ERR_INIT;
	int rc;
	assert_int_equal(db_begin_write(f->db, &be), 0);
	rc = company_settings_set(f->db, f->cid, version, ch, f->uid, ret, e);
	if (rc < 0)
		db_rollback(f->db);
	else
		assert_int_equal(db_commit(f->db, &be), 0);
	return rc;
}

static void test_settings(void **state)
{
	struct unit_fx *f = *state;
	struct company_settings s;
	struct company_hours week;
	struct company_change ch;
	struct err e = ERR_INIT;
	const char *updates = "SELECT count(*) FROM audit_log WHERE entity = 'company' AND action = 'update'";

	memset(&week, 0, sizeof week);
	assert_int_equal(company_hours_add(&week, "fri", "09:30", "18:30", "h", &e), 0);
	memset(&ch, 0, sizeof ch);
	ch.gstin = G27;
	ch.hours = &week;
	ch.valuation = "fifo";
	assert_int_equal(set_settings(f, 1, &ch, &s, &e), 0);
	assert_int_equal(s.company.version, 2);
	assert_string_equal(s.company.gstin, G27);
	assert_true(s.hours.day[4].open);
	assert_int_equal(s.stock.valuation, VALUATION_FIFO);
	assert_int_equal(unit_scalar(f->db, updates), 1);

	/* stale: the version read is no longer current; nothing changes */
	memset(&ch, 0, sizeof ch);
	ch.name = "Beta";
	assert_int_equal(set_settings(f, 1, &ch, &s, &e), ERR_STALE);
	assert_string_equal(e.field, "version");
	/* a change of nothing: no version, no record, and it says so */
	err_clear(&e);
	memset(&ch, 0, sizeof ch);
	ch.gstin = G27;
	ch.valuation = "fifo";
	ch.hours = &week;
	assert_int_equal(set_settings(f, 2, &ch, &s, &e), ERR_UNCHANGED);
	assert_int_equal(s.company.version, 2);
	assert_int_equal(unit_scalar(f->db, updates), 1);
	/* a state against the GSTIN, then the GSTIN removed: the state stays */
	memset(&ch, 0, sizeof ch);
	ch.state_code = "29";
	assert_int_equal(set_settings(f, 2, &ch, &s, &e), ERR_UNPROCESSABLE);
	assert_string_equal(e.reason, "gstin_state");
	err_clear(&e);
	memset(&ch, 0, sizeof ch);
	ch.gstin = "";
	assert_int_equal(set_settings(f, 2, &ch, &s, &e), 0);
	assert_string_equal(s.company.gstin, "");
	assert_string_equal(s.company.state_code, "27");
	assert_int_equal(s.company.version, 3);
	/* only the stock settings: one version, audited by both */
	memset(&ch, 0, sizeof ch);
	ch.negative_stock = "warn";
	assert_int_equal(set_settings(f, 3, &ch, &s, &e), 0);
	assert_int_equal(s.company.version, 4);
	assert_int_equal(s.stock.warn_negative, 1);
	/* a whole week closed */
	memset(&week, 0, sizeof week);
	memset(&ch, 0, sizeof ch);
	ch.hours = &week;
	assert_int_equal(set_settings(f, 4, &ch, &s, &e), 0);
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM company_hours"), 0);
	/* a bad zone names the member */
	memset(&ch, 0, sizeof ch);
	ch.timezone = "Asia/Nowhere";
	assert_int_equal(set_settings(f, 5, &ch, &s, &e), ERR_INVALID);
	assert_string_equal(e.field, "timezone");
}

/* ---- people ---- */

static int may_create(struct unit_fx *f, int64_t uid)
{
	struct err e = ERR_INIT;
	int rc = auth_user_may_create_company(f->db, uid, &e);
	assert_true(rc >= 0);
	return rc;
}

static void test_who_may_create(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	int64_t clerk = 0;

	assert_int_equal(unit_fx_user(f, "clerk", NULL, PASSWORD, &clerk), 0);
	assert_int_equal(may_create(f, f->uid), 1);       /* an admin of a company */
	assert_int_equal(may_create(f, clerk), 0);
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(auth_member_set(f->db, clerk, f->cid, ROLE_EXECUTIVE, 0, &e), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_int_equal(may_create(f, clerk), 0);       /* an executive is not */
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(auth_user_set_creator(f->db, clerk, 1, 0, &e), 0);
	assert_int_equal(auth_user_set_creator(f->db, clerk, 1, 0, &e), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_int_equal(may_create(f, clerk), 1);       /* marked */
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM audit_log WHERE action = 'company_creator'"), 1);
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(auth_user_set_creator(f->db, clerk, 0, 0, &e), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_int_equal(may_create(f, clerk), 0);
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(auth_user_set_creator(f->db, 999999, 1, 0, &e), ERR_NOT_FOUND);
	db_rollback(f->db);
	assert_string_equal(e.reason, "unknown_user");
}

struct add_arg {
	struct auth_member_new n;
	struct auth_member m;
	int created;
};

static int add_one(struct unit_fx *f, void *p, struct err *e)
{
	struct add_arg *a = p;
	return auth_member_add(f->db, f->cid, &a->n, f->uid, &a->m, &a->created, e);
}

/* Runs add_one in a transaction of its own, committed when it succeeds. */
static int add(struct unit_fx *f, struct add_arg *a, struct err *e)
{
	struct err be = ERR_INIT;
	int rc;
	assert_int_equal(db_begin_write(f->db, &be), 0);
	rc = add_one(f, a, e);
	if (rc < 0)
		db_rollback(f->db);
	else
		assert_int_equal(db_commit(f->db, &be), 0);
	return rc;
}

static void test_member_add(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	char hash[SECURE_PWHASH_MAX];
	int64_t other = 0, bob = 0;

	assert_int_equal(auth_password_hash(PASSWORD, hash, sizeof hash, &e), 0);
	/* a new user needs a password */
	struct add_arg a = {.n = {"bob", "Bob", NULL, 0, ROLE_ANALYST}};
	assert_int_equal(add(f, &a, &e), ERR_UNPROCESSABLE);
	assert_string_equal(e.reason, "password_required");
	err_clear(&e);
	a.n.pw_hash = hash;
	assert_int_equal(add(f, &a, &e), 0);
	assert_true(a.created);
	assert_int_equal(a.m.role, ROLE_ANALYST);
	assert_string_equal(a.m.user.display_name, "Bob");
	bob = a.m.user.id;
	/* twice: already a member */
	assert_int_equal(add(f, &a, &e), ERR_DUPLICATE);
	assert_string_equal(e.reason, "already_member");
	assert_string_equal(e.field, "username");
	err_clear(&e);
	/* someone of another company: a typed password is refused, one made is dropped */
	int64_t beta = 0;
	assert_int_equal(unit_fx_company(f, "Beta", "07", &beta), 0);
	assert_int_equal(unit_fx_user(f, "bina", "Bina", PASSWORD, &other), 0);
	struct add_arg b = {.n = {"bina", "Ignored", hash, 0, ROLE_AUDITOR}};
	assert_int_equal(add(f, &b, &e), ERR_UNPROCESSABLE);
	assert_string_equal(e.reason, "existing_user");
	err_clear(&e);
	b.n.pw_made = 1;
	assert_int_equal(add(f, &b, &e), 0);
	assert_false(b.created);
	assert_string_equal(b.m.user.display_name, "Bina");
	assert_int_equal(b.m.user.id, other);
	/* a bad username, a bad role */
	struct add_arg c = {.n = {"Not Ok", NULL, hash, 0, ROLE_ANALYST}};
	assert_int_equal(add(f, &c, &e), ERR_INVALID);
	assert_string_equal(e.field, "username");
	err_clear(&e);
	struct add_arg d = {.n = {"dev", NULL, hash, 0, ROLE_MAX}};
	assert_int_equal(add(f, &d, &e), ERR_INVALID);
	assert_string_equal(e.field, "role");
	err_clear(&e);

	/* roles: the same records nothing, the last admin is kept */
	int64_t sets = unit_scalar(f->db, "SELECT count(*) FROM audit_log WHERE entity = 'membership' AND action = 'set'");
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(auth_member_role(f->db, f->cid, bob, ROLE_ANALYST, f->uid, &e), 0);
	assert_int_equal(auth_member_role(f->db, f->cid, bob, ROLE_COORDINATOR, f->uid, &e), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM audit_log WHERE entity = 'membership' AND action = 'set'"), sets + 1);
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(auth_member_role(f->db, f->cid, f->uid, ROLE_EXECUTIVE, f->uid, &e), ERR_UNPROCESSABLE);
	db_rollback(f->db);
	assert_string_equal(e.reason, "last_admin");
	err_clear(&e);
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(auth_member_role(f->db, f->cid, 999999, ROLE_EXECUTIVE, f->uid, &e), ERR_NOT_FOUND);
	db_rollback(f->db);
	assert_string_equal(e.reason, "unknown_user");
	err_clear(&e);
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(auth_member_role(f->db, f->cid, bob, ROLE_ADMIN, f->uid, &e), 0);
	assert_int_equal(auth_member_role(f->db, f->cid, f->uid, ROLE_EXECUTIVE, f->uid, &e), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
}

static void test_token_issue(void **state)
{
	struct unit_fx *f = *state;
	struct auth_token t;
	struct auth_ctx who;
	struct err e = ERR_INIT;
	char tok[AUTH_TOKEN_LEN + 1];
	int64_t sam = 0, beta = 0;

	assert_int_equal(unit_fx_user(f, "sam", NULL, PASSWORD, &sam), 0);
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(auth_token_issue(f->db, f->cid, sam, "x", 0, f->uid, tok, &t, &e), ERR_NOT_FOUND);
	db_rollback(f->db);
	assert_string_equal(e.reason, "unknown_user");
	err_clear(&e);
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(auth_member_set(f->db, sam, f->cid, ROLE_EXECUTIVE, 0, &e), 0);
	assert_int_equal(auth_token_issue(f->db, f->cid, sam, "", 0, f->uid, tok, &t, &e), ERR_INVALID);
	assert_string_equal(e.field, "name");
	err_clear(&e);
	assert_int_equal(auth_token_issue(f->db, f->cid, sam, "sync", 1, f->uid, tok, &t, &e), ERR_INVALID);
	assert_string_equal(e.field, "expires_on");
	err_clear(&e);
	assert_int_equal(auth_token_issue(f->db, f->cid, sam, "sync", 0, f->uid, tok, &t, &e), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_string_equal(t.username, "sam");
	assert_int_equal(auth_token_check(f->db, tok, 1, &who, &e), 0);
	assert_int_equal(who.user.id, sam);
	/* audited by the admin in the system chain and the company's */
	assert_int_equal(unit_scalar(f->db, "SELECT count(*) FROM audit_log WHERE entity = 'api_token' AND action = 'create'"), 2);
	/* sam also works in Beta, where asha is no admin: no token of sam's from her */
	assert_int_equal(unit_fx_company(f, "Beta", "07", &beta), 0);
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(auth_member_set(f->db, sam, beta, ROLE_EXECUTIVE, 0, &e), 0);
	assert_int_equal(auth_token_issue(f->db, f->cid, sam, "sync", 0, f->uid, tok, &t, &e), ERR_FORBIDDEN);
	db_rollback(f->db);
	assert_string_equal(e.reason, "other_company");
}

#define ADMIN_DB_TESTS(pre)                                                                        \
	cmocka_unit_test_prestate_setup_teardown(test_open_rules, setup, unit_fx_teardown, pre),      \
	cmocka_unit_test_prestate_setup_teardown(test_open_year_and_defaults, setup, unit_fx_teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_settings, setup, unit_fx_teardown, pre),        \
	cmocka_unit_test_prestate_setup_teardown(test_who_may_create, setup, unit_fx_teardown, pre),  \
	cmocka_unit_test_prestate_setup_teardown(test_member_add, setup, unit_fx_teardown, pre),      \
	cmocka_unit_test_prestate_setup_teardown(test_token_issue, setup, unit_fx_teardown, pre)

int main(void)
{
	const struct CMUnitTest sqlite_tests[] = {
		cmocka_unit_test(test_hours),
		cmocka_unit_test(test_password_generate),
		ADMIN_DB_TESTS(UNIT_ON_SQLITE),
	};
	const struct CMUnitTest pg_tests[] = {ADMIN_DB_TESTS(UNIT_ON_PG)};
	if (secure_init() < 0)
		return 1;
	unit_quiet_logs();
	return UNIT_RUN_BOTH("admin", sqlite_tests, pg_tests);
}
