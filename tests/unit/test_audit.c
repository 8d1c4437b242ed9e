/* test_audit.c - the hash-chained audit log: appends link each record to the one before, verify
 * finds the chain whole, and every kind of tampering (edit, delete in the middle or at the end,
 * reorder, lost head) is reported naming the record. Runs on SQLite, and on PostgreSQL when
 * DAFTAR_PG_URL is set. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "audit/audit.h"
#include "admin/company.h"
#include "lib/secure.h"
#include "unit.h"

static const char zero_hash[] = "0000000000000000000000000000000000000000000000000000000000000000";

/* Runs a formatted statement with db_exec (not cached, so a reused buffer is safe). */
static int execf(struct db *db, struct err *e, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int execf(struct db *db, struct err *e, const char *fmt, ...)
{
	char sql[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	return db_exec(db, sql, e);
}

static void append_ok(struct db *db, int64_t cid, int64_t uid, const char *entity, int64_t eid,
		      const char *action, const char *before, const char *after)
{
	struct err e = ERR_INIT;
	assert_int_equal(db_begin_write(db, &e), 0);
	if (audit_append(db, cid, uid, entity, eid, action, before, after, &e) < 0)
		fail_msg("audit_append: %s", e.msg);
	assert_int_equal(db_commit(db, &e), 0);
}

/* A company row and its chain with the company's record first, and nothing else: the chain's
 * mechanics without the ledgers company_create seeds (and audits). */
static int bare_company(struct unit_fx *f, const char *name)
{
	static const char sql[] = "INSERT INTO companies(name, created_at) VALUES (?, '2026-01-01T00:00:00Z') RETURNING id";
	struct err e = ERR_INIT;
	char after[256];
	snprintf(after, sizeof after, "{\"name\":\"%s\"}", name);
	if (db_begin_write(f->db, &e) < 0 || db_insert_id(f->db, sql, DB_ARGS(DB_TEXT(name)), &f->cid, &e) < 0 ||
	    audit_chain_create(f->db, f->cid, &e) < 0 ||
	    audit_append(f->db, f->cid, 0, "company", f->cid, "create", NULL, after, &e) < 0 || db_commit(f->db, &e) < 0) {
		fprintf(stderr, "test_audit: company %s: %s\n", name, e.msg);
		db_rollback(f->db);
		return -1;
	}
	return 0;
}

/* The state of a database test: a migrated database whose company cid has a chain of 6 records
 * (create + 5 appends). */
static int setup(void **state)
{
	struct unit_fx *f = unit_fx_new(unit_backend(state), UNIT_MIGRATED);
	if (!f || bare_company(f, "शर्मा ट्रेडर्स") < 0) {
		unit_fx_free(f);
		return -1;
	}
	append_ok(f->db, f->cid, 1, "party", 10, "create", NULL, "{\"name\":\"राम\"}");
	append_ok(f->db, f->cid, 1, "party", 10, "update", "{\"name\":\"राम\"}", "{\"name\":\"राम लाल\"}");
	append_ok(f->db, f->cid, 2, "party", 11, "create", NULL, "{\"name\":\"x\\\"y\"}");
	append_ok(f->db, f->cid, 2, "party", 10, "archive", "{\"archived\":false}", "{\"archived\":true}");
	append_ok(f->db, f->cid, 1, "session", 1, "logout", NULL, NULL);
	*state = f;
	return 0;
}

static void drop_guards(struct unit_fx *f)
{
	unit_exec(f->db, unit_is_pg(f->db) ? "DROP TRIGGER audit_log_no_update ON audit_log; "
				  "DROP TRIGGER audit_log_no_truncate ON audit_log"
				: "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete");
}

/* Verifies and asserts the result; for a broken chain the problem must contain each needle. */
static void verify_expect(struct unit_fx *f, int want, const char *needle1, const char *needle2)
{
	struct buf problem = BUF_INIT;
	struct err e = ERR_INIT;
	int64_t n = -1;
	int rc = audit_verify(f->db, &n, &problem, &e);
	if (rc != want)
		fail_msg("audit_verify = %d (want %d): %s %s", rc, want, buf_str(&problem), e.msg);
	if (want == 0)
		assert_string_equal(buf_str(&problem), "");
	if (needle1 && !strstr(buf_str(&problem), needle1))
		fail_msg("problem \"%s\" lacks \"%s\"", buf_str(&problem), needle1);
	if (needle2 && !strstr(buf_str(&problem), needle2))
		fail_msg("problem \"%s\" lacks \"%s\"", buf_str(&problem), needle2);
	buf_free(&problem);
}

static void test_chain_links(void **state)
{
	static const char sql[] = "SELECT seq, prev_hash, hash, user_id, entity, entity_id, action, before_json, after_json "
				  "FROM audit_log WHERE company_id = ? ORDER BY seq";
	static const char sql_head[] = "SELECT seq, hash FROM audit_head WHERE company_id = ?";
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	struct db_stmt *st;
	char prev[65];
	int64_t count = -1, expect = 1;

	assert_int_equal(audit_count(f->db, f->cid, &count, &e), 0);
	assert_int_equal(count, 6);
	snprintf(prev, sizeof prev, "%s", zero_hash);
	st = db_prepare(f->db, sql, &e);
	db_bind_i64(st, 1, f->cid);
	while (db_step(st, &e) == DB_ROW) {
		assert_int_equal(db_col_i64(st, 0), expect);
		assert_string_equal(db_col_text(st, 1), prev);     /* links to the record before */
		assert_int_equal(strlen(db_col_text(st, 2)), 64);
		assert_string_not_equal(db_col_text(st, 2), prev);
		if (expect == 1) {
			assert_string_equal(db_col_text(st, 4), "company");
			assert_int_equal(db_col_i64(st, 5), f->cid);
			assert_true(db_col_null(st, 7));
		}
		if (expect == 3) {
			assert_string_equal(db_col_text(st, 7), "{\"name\":\"राम\"}");
			assert_string_equal(db_col_text(st, 8), "{\"name\":\"राम लाल\"}");
		}
		if (expect == 6) {
			assert_true(db_col_null(st, 7));
			assert_true(db_col_null(st, 8));
		}
		snprintf(prev, sizeof prev, "%s", db_col_text(st, 2));
		expect++;
	}
	db_done(st);
	assert_int_equal(expect, 7);
	/* The head holds the last seq and hash. */
	st = db_prepare(f->db, sql_head, &e);
	db_bind_i64(st, 1, f->cid);
	assert_int_equal(db_step(st, &e), DB_ROW);
	assert_int_equal(db_col_i64(st, 0), 6);
	assert_string_equal(db_col_text(st, 1), prev);
	db_done(st);
	/* Other chains are untouched: the system chain is empty. */
	assert_int_equal(audit_count(f->db, 0, &count, &e), 0);
	assert_int_equal(count, 0);
}

static void test_verify_whole(void **state)
{
	struct unit_fx *f = *state;
	struct buf problem = BUF_INIT;
	struct err e = ERR_INIT;
	int64_t n = -1, cid2 = 0, n2 = 0;

	assert_int_equal(audit_verify(f->db, &n, &problem, &e), 0);
	assert_int_equal(n, 6);
	assert_string_equal(buf_str(&problem), "");
	/* More chains: the system chain and a second company, interleaved. */
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(company_create(f->db, "Second Co", "27AAPFU0939F1ZV", NULL, 0, &cid2, &e), 0);
	assert_int_equal(db_commit(f->db, &e), 0);
	assert_int_equal(audit_count(f->db, cid2, &n2, &e), 0);
	assert_true(n2 > 1); /* its record, and those of the ledgers it was seeded with */
	for (int i = 0; i < 5; i++) {
		append_ok(f->db, 0, 0, "user", i, "create", NULL, "{}");
		append_ok(f->db, cid2, 1, "party", i, "create", NULL, "{\"i\":1}");
		append_ok(f->db, f->cid, 1, "party", i, "update", "{}", "{}");
	}
	assert_int_equal(audit_verify(f->db, &n, &problem, &e), 0);
	assert_int_equal(n, 6 + 5 + n2 + 5 + 5);
	/* NULL ret_records is allowed. */
	assert_int_equal(audit_verify(f->db, NULL, &problem, &e), 0);
	buf_free(&problem);
}

static void test_append_refusals(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	int64_t n = -1;

	unit_quiet_logs();
	/* No chain for the company: refused, nothing appended. */
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(audit_append(f->db, 999, 0, "party", 1, "create", NULL, "{}", &e), ERR_INTERNAL);
	db_rollback(f->db);
	assert_int_equal(audit_count(f->db, 999, &n, &e), 0);
	assert_int_equal(n, 0);
	/* A chain cannot be created twice. */
	err_clear(&e);
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_true(audit_chain_create(f->db, f->cid, &e) < 0);
	assert_int_equal(e.code, ERR_CONFLICT);
	db_rollback(f->db);
	verify_expect(f, 0, NULL, NULL);
	/* A rolled-back append leaves no trace, head included. */
	err_clear(&e);
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(audit_append(f->db, f->cid, 1, "party", 1, "update", "{}", "{}", &e), 0);
	db_rollback(f->db);
	assert_int_equal(audit_count(f->db, f->cid, &n, &e), 0);
	assert_int_equal(n, 6);
	verify_expect(f, 0, NULL, NULL);
	append_ok(f->db, f->cid, 1, "party", 1, "update", "{}", "{}");
	verify_expect(f, 0, NULL, NULL);
}

static void test_guards_refuse_changes(void **state)
{
	static const char sql_upd[] = "UPDATE audit_log SET action = 'nothing' WHERE company_id = ? AND seq = 2";
	static const char sql_del[] = "DELETE FROM audit_log WHERE company_id = ? AND seq = 6";
	static const char sql_action[] = "SELECT count(*) FROM audit_log WHERE action = 'nothing'";
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	struct db_stmt *st;
	int64_t n = 0;

	unit_quiet_logs();
	st = db_prepare(f->db, sql_upd, &e);
	db_bind_i64(st, 1, f->cid);
	assert_true(db_step(st, &e) < 0);
	db_done(st);
	err_clear(&e);
	st = db_prepare(f->db, sql_del, &e);
	db_bind_i64(st, 1, f->cid);
	assert_true(db_step(st, &e) < 0);
	db_done(st);
	err_clear(&e);
	assert_true(db_exec(f->db, "DELETE FROM audit_log", &e) < 0);
	err_clear(&e);
	if (unit_is_pg(f->db)) {
		assert_true(db_exec(f->db, "TRUNCATE audit_log", &e) < 0);
		err_clear(&e);
	}
	assert_int_equal(db_i64(f->db, sql_action, DB_NOARGS, &n, &e), DB_ROW);
	assert_int_equal(n, 0);
	assert_int_equal(audit_count(f->db, f->cid, &n, &e), 0);
	assert_int_equal(n, 6);
	verify_expect(f, 0, NULL, NULL);
}

static void test_tamper_edit_middle(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	char rec[32];

	drop_guards(f);
	verify_expect(f, 0, NULL, NULL);
	assert_int_equal(execf(f->db, &e, "UPDATE audit_log SET after_json = '{\"name\":\"श्याम\"}' "
					  "WHERE company_id = %lld AND seq = 3", (long long)f->cid), 0);
	snprintf(rec, sizeof rec, "company %lld:", (long long)f->cid);
	verify_expect(f, 1, rec, "record 3 was edited");
}

static void test_tamper_edit_each_field(void **state)
{
	/* Every hashed column counts: changing any one of them is caught at that record. */
	static const char *const sets[] = {
		"at = '2000-01-01T00:00:00.000000Z'", "user_id = 99", "entity = 'ledger'", "entity_id = 12",
		"action = 'delete'", "before_json = '{\"archived\":true}'", "after_json = NULL",
		"hash = '1111111111111111111111111111111111111111111111111111111111111111'",
	};
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;

	drop_guards(f);
	for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
		/* Change record 5, verify, then restore it from a copy. */
		unit_exec(f->db, "CREATE TABLE keep AS SELECT * FROM audit_log");
		assert_int_equal(execf(f->db, &e, "UPDATE audit_log SET %s WHERE company_id = %lld AND seq = 5",
				       sets[i], (long long)f->cid), 0);
		verify_expect(f, 1, "record 5 was edited", NULL);
		unit_exec(f->db, "DELETE FROM audit_log");
		unit_exec(f->db, "INSERT INTO audit_log SELECT * FROM keep");
		unit_exec(f->db, "DROP TABLE keep");
		verify_expect(f, 0, NULL, NULL);
	}
}

static void test_tamper_delete_middle(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;

	drop_guards(f);
	assert_int_equal(execf(f->db, &e, "DELETE FROM audit_log WHERE company_id = %lld AND seq = 3", (long long)f->cid), 0);
	verify_expect(f, 1, "record 3 is missing", "found 4 next");
}

static void test_tamper_delete_first(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;

	drop_guards(f);
	assert_int_equal(execf(f->db, &e, "DELETE FROM audit_log WHERE company_id = %lld AND seq = 1", (long long)f->cid), 0);
	verify_expect(f, 1, "record 1 is missing", NULL);
}

static void test_tamper_delete_last(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	char want[96];

	drop_guards(f);
	assert_int_equal(execf(f->db, &e, "DELETE FROM audit_log WHERE company_id = %lld AND seq = 6", (long long)f->cid), 0);
	snprintf(want, sizeof want, "company %lld: the chain ends at record 5 but 6 were written", (long long)f->cid);
	verify_expect(f, 1, want, NULL);
}

static void test_tamper_delete_all(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;

	drop_guards(f);
	assert_int_equal(execf(f->db, &e, "DELETE FROM audit_log WHERE company_id = %lld", (long long)f->cid), 0);
	verify_expect(f, 1, "ends at record 0 but 6 were written", NULL);
}

static void test_tamper_delete_last_and_rewind_head(void **state)
{
	/* Deleting the last record and rewinding the head's seq, but not its hash, is caught. */
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;

	drop_guards(f);
	assert_int_equal(execf(f->db, &e, "DELETE FROM audit_log WHERE company_id = %lld AND seq = 6", (long long)f->cid), 0);
	assert_int_equal(execf(f->db, &e, "UPDATE audit_head SET seq = 5 WHERE company_id = %lld", (long long)f->cid), 0);
	verify_expect(f, 1, "ends at record 5", NULL);
}

static void test_tamper_swap(void **state)
{
	/* Records 2 and 3 trade places (each keeps its own hash): the chain no longer links. */
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	long long cid = (long long)f->cid;

	drop_guards(f);
	assert_int_equal(execf(f->db, &e, "UPDATE audit_log SET seq = -seq WHERE company_id = %lld AND seq IN (2, 3)", cid), 0);
	assert_int_equal(execf(f->db, &e, "UPDATE audit_log SET seq = CASE WHEN seq = -2 THEN 3 ELSE 2 END "
					  "WHERE company_id = %lld AND seq < 0", cid), 0);
	verify_expect(f, 1, "record 2 does not follow record 1", NULL);
}

static void test_tamper_replace_with_own_hash(void **state)
{
	/* A record copied over another with its prev_hash fixed up still fails its own hash. */
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	long long cid = (long long)f->cid;

	drop_guards(f);
	assert_int_equal(execf(f->db, &e, "UPDATE audit_log SET prev_hash = (SELECT hash FROM audit_log WHERE company_id = %lld AND seq = 3) "
					  "WHERE company_id = %lld AND seq = 5", cid, cid), 0);
	verify_expect(f, 1, "record 5 does not follow record 4", NULL);
}

static void test_tamper_head_missing(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	char want[64];

	assert_int_equal(execf(f->db, &e, "DELETE FROM audit_head WHERE company_id = %lld", (long long)f->cid), 0);
	snprintf(want, sizeof want, "company %lld: the chain head is missing", (long long)f->cid);
	verify_expect(f, 1, want, NULL);
}

static void test_tamper_other_chain(void **state)
{
	/* A break in the system chain is found even when the company chain is whole. */
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;

	append_ok(f->db, 0, 0, "user", 1, "create", NULL, "{\"username\":\"asha\"}");
	append_ok(f->db, 0, 0, "user", 2, "create", NULL, "{\"username\":\"ravi\"}");
	drop_guards(f);
	assert_int_equal(execf(f->db, &e, "UPDATE audit_log SET after_json = '{\"username\":\"root\"}' "
					  "WHERE company_id = 0 AND seq = 1"), 0);
	verify_expect(f, 1, "company 0: record 1 was edited", NULL);
}

static void test_list_json(void **state)
{
	struct unit_fx *f = *state;
	struct err e = ERR_INIT;
	struct buf out = BUF_INIT;
	json_error_t jerr;
	json_t *j, *rec;
	struct page first = {0, 4}, rest = {3, 50}, exact = {4, 3}, none = PAGE_FIRST;
	int64_t next = -1;

	assert_int_equal(audit_list_json(f->db, f->cid, &first, &out, &next, &e), 0);
	assert_int_equal(next, 3);   /* more follow: the last seq of the page is the next page's after */
	j = json_loads(buf_str(&out), 0, &jerr);
	if (!j)
		fail_msg("invalid JSON: %s: %s", jerr.text, buf_str(&out));
	assert_int_equal(json_array_size(j), 4);
	/* Newest first. */
	assert_int_equal(json_integer_value(json_object_get(json_array_get(j, 0), "seq")), 6);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(j, 3), "seq")), 3);
	rec = json_array_get(j, 3);
	assert_string_equal(json_string_value(json_object_get(rec, "action")), "update");
	assert_string_equal(json_string_value(json_object_get(json_object_get(rec, "before"), "name")), "राम");
	assert_string_equal(json_string_value(json_object_get(json_object_get(rec, "after"), "name")), "राम लाल");
	assert_true(json_is_null(json_object_get(json_array_get(j, 0), "before")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_array_get(j, 2), "after"), "name")), "x\"y");
	assert_int_equal(strlen(json_string_value(json_object_get(rec, "hash"))), 64);
	json_decref(j);
	/* The next page starts below the last seq seen. */
	buf_reset(&out);
	assert_int_equal(audit_list_json(f->db, f->cid, &rest, &out, &next, &e), 0);
	assert_int_equal(next, 0);   /* the last page */
	j = json_loads(buf_str(&out), 0, &jerr);
	assert_non_null(j);
	assert_int_equal(json_array_size(j), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(j, 0), "seq")), 2);
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_array_get(j, 0), "after"), "name")), "राम");
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 1), "entity")), "company");
	json_decref(j);
	/* A page that ends exactly at the first record says no more follow. */
	buf_reset(&out);
	next = -1;
	assert_int_equal(audit_list_json(f->db, f->cid, &exact, &out, &next, &e), 0);
	j = json_loads(buf_str(&out), 0, &jerr);
	assert_non_null(j);
	assert_int_equal(json_array_size(j), 3);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(j, 2), "seq")), 1);
	assert_int_equal(next, 0);
	json_decref(j);
	/* Another company's log is empty. */
	buf_reset(&out);
	next = -1;
	assert_int_equal(audit_list_json(f->db, 4242, &none, &out, &next, &e), 0);
	assert_string_equal(buf_str(&out), "[]");
	assert_int_equal(next, 0);
	buf_free(&out);
}

#define AUDIT_TESTS(pre)                                                                         \
	cmocka_unit_test_prestate_setup_teardown(test_chain_links, setup, unit_fx_teardown, pre),        \
	cmocka_unit_test_prestate_setup_teardown(test_verify_whole, setup, unit_fx_teardown, pre),       \
	cmocka_unit_test_prestate_setup_teardown(test_append_refusals, setup, unit_fx_teardown, pre),    \
	cmocka_unit_test_prestate_setup_teardown(test_guards_refuse_changes, setup, unit_fx_teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_tamper_edit_middle, setup, unit_fx_teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_tamper_edit_each_field, setup, unit_fx_teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_tamper_delete_middle, setup, unit_fx_teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_tamper_delete_first, setup, unit_fx_teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_tamper_delete_last, setup, unit_fx_teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_tamper_delete_all, setup, unit_fx_teardown, pre),  \
	cmocka_unit_test_prestate_setup_teardown(test_tamper_delete_last_and_rewind_head, setup, unit_fx_teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_tamper_swap, setup, unit_fx_teardown, pre),        \
	cmocka_unit_test_prestate_setup_teardown(test_tamper_replace_with_own_hash, setup, unit_fx_teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_tamper_head_missing, setup, unit_fx_teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_tamper_other_chain, setup, unit_fx_teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_list_json, setup, unit_fx_teardown, pre)

int main(void)
{
	const struct CMUnitTest sqlite_tests[] = {AUDIT_TESTS(UNIT_ON_SQLITE)};
	const struct CMUnitTest pg_tests[] = {AUDIT_TESTS(UNIT_ON_PG)};

	if (secure_init() < 0)
		return 1;
	unit_quiet_logs();
	return UNIT_RUN_BOTH("audit", sqlite_tests, pg_tests);
}
