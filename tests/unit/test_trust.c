/* test_trust.c - the audit checks composed: a new company's rows all have their records; an
 * import's vouchers are covered by the digests it kept (a line edited, a kept digest removed);
 * names a voucher borrows from a renamed ledger are not a change; anchors signed, checked,
 * forged, and a chain cut short under them. Runs on SQLite, and on PostgreSQL when DAFTAR_PG_URL
 * is set. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "accounts/accounts.h"
#include "accounts/journal.h"
#include "audit/audit.h"
#include "lib/secure.h"
#include "lib/text.h"
#include "parties/parties.h"
#include "trust/trust.h"
#include "unit.h"

static int setup(void **state)
{
	struct unit_fx *f = unit_fx_new(unit_backend(state), UNIT_MIGRATED);
	if (!f || unit_fx_company(f, "विश्वास ट्रेडर्स", "27", &f->cid) < 0) {
		unit_fx_free(f);
		return -1;
	}
	*state = f;
	return 0;
}

/* The findings of a verification, kept for the test to look at. */
struct seen {
	int n;
	struct audit_finding f[16];
};

static int keep(void *ctx, const struct audit_finding *f, struct err *e)
{
	struct seen *s = ctx;
	(void)e;
	if (s->n < 16)
		s->f[s->n] = *f;
	s->n++;
	return 0;
}

static struct trust_report run(struct unit_fx *f, const char *anchors, const struct audit_key *pub, struct seen *s)
{
	struct trust_verify_opts o = {f->cid, anchors, anchors ? strlen(anchors) : 0, pub, 0};
	struct trust_report r;
	struct err e = ERR_INIT;
	memset(s, 0, sizeof *s);
	if (db_begin_read(f->db, &e) < 0 || trust_verify(f->db, &o, keep, s, &r, &e) < 0)
		fail_msg("trust_verify: %s", e.msg);
	db_rollback(f->db);
	return r;
}

static const struct audit_finding *find(const struct seen *s, enum audit_finding_kind k, const char *entity)
{
	for (int i = 0; i < s->n && i < 16; i++)
		if (s->f[i].kind == k && (!entity || (s->f[i].entity && strcmp(s->f[i].entity, entity) == 0)))
			return &s->f[i];
	return NULL;
}

static void test_new_company_clean(void **state)
{
	struct unit_fx *f = *state;
	struct seen s;
	struct trust_report r = run(f, NULL, NULL, &s);
	if (s.n)
		fail_msg("finding: %s", s.f[0].text);
	assert_int_equal(trust_exit_code(&r), 0);
	assert_true(r.rows[TRUST_LEDGER] >= 10); /* the seeded ledgers, each with its record */
	assert_int_equal(r.rows[TRUST_VOUCHER], 0);
	assert_true(r.records > r.rows[TRUST_LEDGER]);
}

struct import_job {
	int64_t cid;
	const char *text;
};

static int import_work(struct db *db, void *p, struct err *e)
{
	const struct import_job *j = p;
	return journal_import_mem(db, j->cid, 0, "t.journal", j->text, strlen(j->text), NULL, e);
}

static void import_small(struct unit_fx *f)
{
	struct import_job j = {f->cid, "2026-10-06 Rent\n    Expenses:Rent:Office  1200\n    Assets:Bank:HDFC:Current\n\n"
				       "2026-10-07 बिक्री\n    Assets:Bank:HDFC:Current  5900.50\n    Income:Sales:Goods\n\n"
				       "2026-10-08 Split\n    Expenses:Travel  10\n    Expenses:Food  5\n    Assets:Cash:Petty\n"};
	struct err e = ERR_INIT;
	if (db_tx(f->db, import_work, &j, &e) < 0)
		fail_msg("import: %s", e.msg);
}

static void test_import_covered(void **state)
{
	struct unit_fx *f = *state;
	struct seen s;
	struct trust_report r;
	const struct audit_finding *x;
	int64_t vid;

	import_small(f);
	r = run(f, NULL, NULL, &s);
	if (s.n)
		fail_msg("finding: %s", s.f[0].text);
	assert_int_equal(r.rows[TRUST_VOUCHER], 3);
	vid = unit_scalar(f->db, "SELECT max(id) FROM vouchers");
	/* a line edited behind Daftar's back: the voucher no longer matches its kept digest */
	unit_exec(f->db, "UPDATE voucher_lines SET amount = amount + 100 WHERE line_no = 1 AND voucher_id = (SELECT max(id) FROM vouchers)");
	r = run(f, NULL, NULL, &s);
	assert_int_equal(trust_exit_code(&r), 13);
	assert_non_null(x = find(&s, AUDIT_ROW_CHANGED, "voucher"));
	assert_int_equal(x->id, vid);
	assert_non_null(strstr(x->text, "differs from the snapshot kept"));
	unit_exec(f->db, "UPDATE voucher_lines SET amount = amount - 100 WHERE line_no = 1 AND voucher_id = (SELECT max(id) FROM vouchers)");
	r = run(f, NULL, NULL, &s);
	assert_int_equal(s.n, 0);
	/* a kept digest removed: the voucher has nothing to vouch for it, its import is one short */
	unit_exec(f->db, "DELETE FROM voucher_versions WHERE voucher_id = (SELECT min(id) FROM vouchers)");
	r = run(f, NULL, NULL, &s);
	assert_non_null(x = find(&s, AUDIT_ROW_UNAUDITED, "voucher"));
	assert_non_null(x = find(&s, AUDIT_ROW_MISSING, "import"));
	assert_non_null(strstr(x->text, "2 of the 3 vouchers"));
}

static void test_borrowed_names(void **state)
{
	/* A party renamed through Daftar renames its ledger (audited): vouchers that name the ledger
	 * still match, since the name is the ledger's, not theirs. */
	struct unit_fx *f = *state;
	struct party_input in;
	struct party p;
	struct voucher *v = voucher_new();
	struct seen s;
	struct err e = ERR_INIT;
	int64_t lid = 0, cash = 0;

	memset(&in, 0, sizeof in);
	in.set = 1u << PF_NAME;
	in.text[PF_NAME] = "Old Name Traders";
	assert_int_equal(db_begin_write(f->db, &e), 0);
	if (party_create(f->db, f->cid, 0, &in, &p, &e) < 0 || ledger_of_party(f->db, f->cid, p.id, &lid, &e) < 0 ||
	    ledger_of_kind(f->db, f->cid, "cash", &cash, &e) < 0)
		fail_msg("%s", e.msg);
	v->type = VT_JOURNAL;
	text_copy(v->date, sizeof v->date, "2026-10-05");
	voucher_add_line(v)->ledger_id = cash;
	v->lines[0].amount = 5000;
	voucher_add_line(v)->ledger_id = lid;
	v->lines[1].amount = -5000;
	if (voucher_post(f->db, f->cid, 0, v, &e) < 0)
		fail_msg("post: %s", e.msg);
	in.text[PF_NAME] = "New Name Traders";
	if (party_update(f->db, f->cid, 0, p.id, 1, &in, &p, &e) < 0)
		fail_msg("update: %s", e.msg);
	assert_int_equal(db_commit(f->db, &e), 0);
	voucher_free(v);
	run(f, NULL, NULL, &s);
	if (s.n)
		fail_msg("finding: %s", s.f[0].text);
	/* but a line's own member is: the ledger it points at */
	unit_exec(f->db, "UPDATE voucher_lines SET ledger_id = (SELECT max(id) FROM ledgers) WHERE line_no = 1");
	run(f, NULL, NULL, &s);
	assert_non_null(find(&s, AUDIT_ROW_CHANGED, "voucher"));
	assert_string_equal(find(&s, AUDIT_ROW_CHANGED, "voucher")->field, "lines[0].ledger_id");
}

static void anchor_dir(struct unit_fx *f, char *dir, size_t cap)
{
	snprintf(dir, cap, "%s", f->u.dir[0] ? f->u.dir : "/tmp");
	if (!f->u.dir[0]) {
		snprintf(dir, cap, "/tmp/daftar-trust-%ld", (long)getpid());
		mkdir(dir, 0700);
	}
}

static void test_anchors(void **state)
{
	struct unit_fx *f = *state;
	struct audit_key k;
	struct audit_anchored done;
	struct seen s;
	struct trust_report r;
	struct buf text = BUF_INIT;
	struct err e = ERR_INIT;
	char dir[300], log[400], keyfile[400];
	int created = 0;
	struct trust_anchor_opts o;

	anchor_dir(f, dir, sizeof dir);
	snprintf(log, sizeof log, "%s/%s", dir, AUDIT_ANCHORS_FILE);
	snprintf(keyfile, sizeof keyfile, "%s/%s", dir, AUDIT_KEY_FILE);
	unlink(log);
	unlink(keyfile);
	assert_int_equal(audit_key_open(dir, &k, &created, &e), 0);
	assert_int_equal(created, 1);
	o = (struct trust_anchor_opts){dir, NULL, -1, 1};
	assert_int_equal(db_begin_read(f->db, &e), 0);
	if (trust_anchor(f->db, &o, NULL, NULL, NULL, &done, &e) < 0)
		fail_msg("anchor: %s", e.msg);
	db_rollback(f->db);
	assert_true(done.anchored >= 1);
	/* only the grown: nothing now */
	assert_int_equal(db_begin_read(f->db, &e), 0);
	assert_int_equal(trust_anchor(f->db, &o, NULL, NULL, NULL, &done, &e), 0);
	db_rollback(f->db);
	assert_int_equal(done.anchored, 0);
	assert_int_equal(audit_anchors_read(log, &text, &e), 0);
	r = run(f, buf_str(&text), &k, &s);
	assert_int_equal(trust_exit_code(&r), 0);
	assert_int_equal(r.anchors.matching, 1);
	assert_int_equal(r.anchors.after_last, 0);
	/* a forged copy of the line: another hash under the same signature */
	{
		struct buf forged = BUF_INIT;
		char *h = strstr(text.data, " company=1 ");
		assert_non_null(h);
		assert_non_null(h = strstr(h, "hash="));
		h[5] = h[5] == '0' ? '1' : '0';
		assert_int_equal(buf_adds(&forged, buf_str(&text)), 0);
		r = run(f, buf_str(&forged), &k, &s);
		assert_int_equal(trust_exit_code(&r), 12);
		assert_non_null(find(&s, AUDIT_ANCHOR_FORGED, NULL));
		buf_free(&forged);
	}
	/* the chain cut under its anchor: the last record gone, the head rewound */
	buf_reset(&text);
	assert_int_equal(audit_anchors_read(log, &text, &e), 0);
	unit_exec(f->db, unit_is_pg(f->db) ? "ALTER TABLE audit_log DISABLE TRIGGER USER" : "DROP TRIGGER audit_log_no_delete");
	unit_exec(f->db, "DELETE FROM audit_log WHERE company_id = 1 AND seq = (SELECT seq FROM audit_head WHERE company_id = 1)");
	unit_exec(f->db, "UPDATE audit_head SET seq = seq - 1, hash = (SELECT hash FROM audit_log WHERE company_id = 1 AND seq = "
			 "(SELECT max(seq) FROM audit_log WHERE company_id = 1)) WHERE company_id = 1");
	r = run(f, buf_str(&text), &k, &s);
	assert_int_equal(r.found[AUDIT_CHAIN_BROKEN], 0);
	assert_int_equal(trust_exit_code(&r), 11);
	assert_non_null(strstr(find(&s, AUDIT_ANCHOR_MISMATCH, NULL)->text, "records at its end were removed"));
	/* and it is not anchored again */
	assert_int_equal(db_begin_read(f->db, &e), 0);
	o.cid = f->cid;
	assert_int_equal(trust_anchor(f->db, &o, NULL, keep, &s, &done, &e), 0);
	db_rollback(f->db);
	assert_int_equal(done.refused, 1);
	assert_int_equal(done.anchored, 0);
	audit_key_done(&k);
	buf_free(&text);
	unlink(log);
	unlink(keyfile);
	snprintf(keyfile, sizeof keyfile, "%s/%s", dir, AUDIT_PUB_FILE);
	unlink(keyfile);
	if (!f->u.dir[0])
		rmdir(dir);
}

#define TRUST_TESTS(pre)                                                                               \
	cmocka_unit_test_prestate_setup_teardown(test_new_company_clean, setup, unit_fx_teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_import_covered, setup, unit_fx_teardown, pre),    \
	cmocka_unit_test_prestate_setup_teardown(test_borrowed_names, setup, unit_fx_teardown, pre),    \
	cmocka_unit_test_prestate_setup_teardown(test_anchors, setup, unit_fx_teardown, pre)

int main(void)
{
	const struct CMUnitTest sqlite_tests[] = {TRUST_TESTS(UNIT_ON_SQLITE)};
	const struct CMUnitTest pg_tests[] = {TRUST_TESTS(UNIT_ON_PG)};

	if (secure_init() < 0)
		return 1;
	unit_quiet_logs();
	return UNIT_RUN_BOTH("trust", sqlite_tests, pg_tests);
}
