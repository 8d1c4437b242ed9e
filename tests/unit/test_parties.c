/* test_parties.c - parties: every validation rule names its field, Devanagari text, GSTIN-derived
 * PAN and state, duplicates, optimistic versions, archiving, paging that visits every party once
 * in name order, and search with LIKE wildcards taken literally. On SQLite, and on PostgreSQL
 * when DAFTAR_PG_URL is set. */
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
#include "parties/parties.h"
#include "lib/text.h"
#include "unit.h"

#define GSTIN_MH "27AAPFU0939F1ZV"   /* Maharashtra, PAN AAPFU0939F */
#define GSTIN_KA "29AAGCB7383J1Z4"   /* Karnataka, PAN AAGCB7383J */

struct fx {
	struct unit_db u;
	struct db *db;
	int64_t cid, other_cid;
};

static const enum db_backend on_sqlite = DB_SQLITE;
static const enum db_backend on_pg = DB_POSTGRES;

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct err e = ERR_INIT;
	enum db_backend b = *(const enum db_backend *)*state;

	if (!f || unit_db_make(&f->u, b) < 0 || db_open(f->u.url, &f->db, &e) < 0 || db_migrate(f->db, &e) < 0 ||
	    db_begin_write(f->db, &e) < 0 || company_create(f->db, "Sharma Traders", NULL, "27", 0, &f->cid, &e) < 0 ||
	    company_create(f->db, "Other Co", NULL, NULL, 0, &f->other_cid, &e) < 0 || db_commit(f->db, &e) < 0) {
		fprintf(stderr, "setup: %s\n", e.msg);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	db_close(f->db);
	unit_db_remove(&f->u);
	free(f);
	return 0;
}

static void put(struct party_input *in, enum party_field fld, const char *v)
{
	in->set |= 1u << fld;
	in->text[fld] = v;
}

static struct party_input named(const char *name)
{
	struct party_input in;
	memset(&in, 0, sizeof in);
	put(&in, PF_NAME, name);
	return in;
}

/* party_create in its own transaction; rolls back on error like the server does. */
static int create_in(struct fx *f, int64_t cid, const struct party_input *in, struct party *p, struct err *e)
{
	int rc = db_begin_write(f->db, e);
	if (rc < 0)
		return rc;
	rc = party_create(f->db, cid, 1, in, p, e);
	if (rc < 0) {
		db_rollback(f->db);
		return rc;
	}
	return db_commit(f->db, e);
}

static int create(struct fx *f, const struct party_input *in, struct party *p, struct err *e)
{
	return create_in(f, f->cid, in, p, e);
}

static int64_t create_ok(struct fx *f, const struct party_input *in)
{
	struct party *p = malloc(sizeof *p);
	struct err e = ERR_INIT;
	int64_t id;
	assert_non_null(p);
	if (create(f, in, p, &e) < 0)
		fail_msg("party_create: %s (%s)", e.msg, e.field);
	id = p->id;
	free(p);
	return id;
}

static int update(struct fx *f, int64_t id, int64_t version, const struct party_input *in, struct party *p, struct err *e)
{
	int rc = db_begin_write(f->db, e);
	if (rc < 0)
		return rc;
	rc = party_update(f->db, f->cid, 1, id, version, in, p, e);
	if (rc < 0) {
		db_rollback(f->db);
		return rc;
	}
	return db_commit(f->db, e);
}

static int archive(struct fx *f, int64_t id, int64_t version, struct party *p, struct err *e)
{
	int rc = db_begin_write(f->db, e);
	if (rc < 0)
		return rc;
	rc = party_archive(f->db, f->cid, 1, id, version, p, e);
	if (rc < 0) {
		db_rollback(f->db);
		return rc;
	}
	return db_commit(f->db, e);
}

static int64_t count(struct fx *f)
{
	struct err e = ERR_INIT;
	int64_t n = -1;
	assert_int_equal(party_count(f->db, f->cid, &n, &e), 0);
	return n;
}

/* Audit records about parties in the company (a party's ledger is audited on its own). */
static int64_t audits(struct fx *f)
{
	static const char sql[] = "SELECT count(*) FROM audit_log WHERE company_id = ? AND entity = 'party'";
	struct err e = ERR_INIT;
	struct db_stmt *st = db_prepare(f->db, sql, &e);
	int64_t n = -1;
	assert_non_null(st);
	db_bind_i64(st, 1, f->cid);
	assert_int_equal(db_step(st, &e), DB_ROW);
	n = db_col_i64(st, 0);
	db_done(st);
	return n;
}

static void test_create_minimal(void **state)
{
	struct fx *f = *state;
	struct party_input in = named("  शर्मा ट्रेडर्स  ");
	struct party *p = malloc(sizeof *p), *g = malloc(sizeof *g);
	struct err e = ERR_INIT;
	int64_t a0 = audits(f);

	assert_non_null(p);
	assert_non_null(g);
	assert_int_equal(create(f, &in, p, &e), 0);
	assert_true(p->id > 0);
	assert_true(p->company_id == f->cid);
	assert_string_equal(p->name, "शर्मा ट्रेडर्स");    /* trimmed, bytes kept */
	assert_string_equal(p->kind, "customer");         /* the default */
	assert_true(p->version == 1);
	assert_int_equal(p->archived, 0);
	assert_string_equal(p->gstin, "");
	assert_true(p->credit_limit == 0);
	assert_int_equal(strlen(p->created_at), 20);
	assert_string_equal(p->created_at, p->updated_at);
	assert_int_equal(party_get(f->db, f->cid, p->id, g, &e), 0);
	assert_string_equal(g->name, "शर्मा ट्रेडर्स");
	assert_true(g->version == 1);
	assert_string_equal(g->created_at, p->created_at);
	assert_int_equal(count(f), 1);
	assert_int_equal(audits(f), a0 + 1);
	/* Another company cannot see it. */
	assert_int_equal(party_get(f->db, f->other_cid, p->id, g, &e), ERR_NOT_FOUND);
	free(p);
	free(g);
}

static void test_create_full(void **state)
{
	struct fx *f = *state;
	struct party_input in = named("Kumar & Sons");
	struct party *p = malloc(sizeof *p);
	struct err e = ERR_INIT;

	put(&in, PF_KIND, "vendor");
	put(&in, PF_GSTIN, GSTIN_MH);
	put(&in, PF_PHONE, "+91 98200 12345");
	put(&in, PF_EMAIL, "accounts@kumar.example.in");
	put(&in, PF_BILLING, "12, एम.जी. रोड\nपुणे 411001\n");
	put(&in, PF_SHIPPING, "Godown 4\r\nBhiwandi");
	in.set |= 1u << PF_CREDIT | 1u << PF_TERMS;
	in.credit_limit = 5000000;   /* ₹50,000.00 */
	in.payment_terms_days = 365;
	assert_int_equal(create(f, &in, p, &e), 0);
	assert_string_equal(p->kind, "vendor");
	assert_string_equal(p->gstin, GSTIN_MH);
	assert_string_equal(p->pan, "AAPFU0939F");        /* derived from the GSTIN */
	assert_string_equal(p->state_code, "27");          /* likewise */
	assert_string_equal(p->phone, "9820012345");
	assert_string_equal(p->email, "accounts@kumar.example.in");
	assert_string_equal(p->billing_address, "12, एम.जी. रोड\nपुणे 411001");   /* trailing newline trimmed */
	assert_string_equal(p->shipping_address, "Godown 4\r\nBhiwandi");
	assert_true(p->credit_limit == 5000000);
	assert_true(p->payment_terms_days == 365);

	/* The JSON shape: valid, money as a decimal string, absent text as null. */
	{
		struct buf b = BUF_INIT;
		struct jsonw w;
		json_error_t jerr;
		json_t *j;
		jsonw_init(&w, &b);
		party_json(&w, p);
		assert_int_equal(jsonw_ok(&w), 0);
		j = json_loads(buf_str(&b), 0, &jerr);
		assert_non_null(j);
		assert_string_equal(json_string_value(json_object_get(j, "credit_limit")), "50000.00");
		assert_string_equal(json_string_value(json_object_get(j, "billing_address")), "12, एम.जी. रोड\nपुणे 411001");
		assert_true(json_is_false(json_object_get(j, "archived")));
		assert_int_equal(json_integer_value(json_object_get(j, "version")), 1);
		json_decref(j);
		/* The minimal party has nulls. */
		buf_reset(&b);
		memset(p, 0, sizeof *p);
		jsonw_init(&w, &b);
		party_json(&w, p);
		j = json_loads(buf_str(&b), 0, &jerr);
		assert_non_null(j);
		assert_true(json_is_null(json_object_get(j, "gstin")));
		assert_true(json_is_null(json_object_get(j, "email")));
		json_decref(j);
		buf_free(&b);
	}
	free(p);
}

/* Asserts that creating with one bad field is refused, names that field, and writes nothing. */
static void refused(struct fx *f, const struct party_input *in, const char *field)
{
	struct party *p = malloc(sizeof *p);
	struct err e = ERR_INIT;
	int64_t before = count(f), a0 = audits(f);
	int rc;

	assert_non_null(p);
	rc = create(f, in, p, &e);
	if (rc != ERR_INVALID || strcmp(e.field, field) != 0)
		fail_msg("want invalid %s, got rc %d field \"%s\": %s", field, rc, e.field, e.msg);
	assert_true(e.msg[0] != '\0');
	assert_int_equal(count(f), before);
	assert_int_equal(audits(f), a0);
	free(p);
}

static void bad_text(struct fx *f, enum party_field fld, const char *value)
{
	struct party_input in = named("Valid Name");
	put(&in, fld, value);
	refused(f, &in, party_field_name(fld));
}

static void test_validation(void **state)
{
	struct fx *f = *state;
	struct party_input in;
	char long_name[PARTY_NAME_MAX_CHARS * 3 + 8], long_addr[PARTY_ADDRESS_MAX_CHARS + 8];

	/* name */
	memset(&in, 0, sizeof in);
	refused(f, &in, "name");                         /* not given */
	in = named(NULL);
	refused(f, &in, "name");
	in = named("");
	refused(f, &in, "name");
	in = named(" \t ");
	refused(f, &in, "name");
	in = named("bad \xC0\x80 utf8");
	refused(f, &in, "name");
	in = named("bell\x07");
	refused(f, &in, "name");
	in = named("two\nlines");
	refused(f, &in, "name");
	in = named("del\x7f");
	refused(f, &in, "name");
	/* 201 Devanagari characters is one too many; 200 fit (600 bytes). */
	long_name[0] = '\0';
	for (int i = 0; i < 201; i++)
		memcpy(long_name + 3 * i, "न", 4);
	in = named(long_name);
	refused(f, &in, "name");
	long_name[600] = '\0';
	in = named(long_name);
	assert_true(create_ok(f, &in) > 0);

	/* kind */
	bad_text(f, PF_KIND, "supplier");
	bad_text(f, PF_KIND, "Customer");
	bad_text(f, PF_KIND, NULL);
	/* gstin */
	bad_text(f, PF_GSTIN, "27AAPFU0939F1ZW");     /* check character */
	bad_text(f, PF_GSTIN, "00AAPFU0939F1ZV");     /* state */
	bad_text(f, PF_GSTIN, "27AAPFU0939F1ZVX");    /* 16 characters */
	bad_text(f, PF_GSTIN, "27AAPFU0939F1Z");
	bad_text(f, PF_GSTIN, "27AAPFU 0939F1ZV");
	/* pan */
	bad_text(f, PF_PAN, "AAPFU0939");
	bad_text(f, PF_PAN, "AAPXU0939F");           /* holder type X */
	bad_text(f, PF_PAN, "12345ABCDE");
	/* phone */
	bad_text(f, PF_PHONE, "12345");
	bad_text(f, PF_PHONE, "98200-CALL-ME");
	bad_text(f, PF_PHONE, "1234567890123456");
	/* email */
	bad_text(f, PF_EMAIL, "no-at-sign.in");
	bad_text(f, PF_EMAIL, "a@b");
	bad_text(f, PF_EMAIL, "@example.in");
	bad_text(f, PF_EMAIL, "a@@example.in");
	bad_text(f, PF_EMAIL, "a@.example.in");
	bad_text(f, PF_EMAIL, "a@example.in.");
	bad_text(f, PF_EMAIL, "a b@example.in");
	/* addresses */
	memset(long_addr, 'x', PARTY_ADDRESS_MAX_CHARS + 1);
	long_addr[PARTY_ADDRESS_MAX_CHARS + 1] = '\0';
	bad_text(f, PF_BILLING, long_addr);
	bad_text(f, PF_SHIPPING, long_addr);
	bad_text(f, PF_BILLING, "tab\tok but bell\x07 not");
	bad_text(f, PF_SHIPPING, "esc\x1b[31m");
	long_addr[PARTY_ADDRESS_MAX_CHARS] = '\0';
	in = named("Long Address Co");
	put(&in, PF_BILLING, long_addr);
	assert_true(create_ok(f, &in) > 0);
	/* state_code */
	bad_text(f, PF_STATE, "00");
	bad_text(f, PF_STATE, "39");
	bad_text(f, PF_STATE, "027");
	bad_text(f, PF_STATE, "MH");
	/* credit_limit and payment_terms_days */
	in = named("Valid Name");
	in.set |= 1u << PF_CREDIT;
	in.credit_limit = -1;
	refused(f, &in, "credit_limit");
	in = named("Valid Name");
	in.set |= 1u << PF_TERMS;
	in.payment_terms_days = -1;
	refused(f, &in, "payment_terms_days");
	in.payment_terms_days = 366;
	refused(f, &in, "payment_terms_days");
	in.payment_terms_days = 0;
	assert_true(create_ok(f, &in) > 0);
	/* Unset fields are ignored even if text is there. */
	in = named("Ignored Fields");
	in.text[PF_GSTIN] = "garbage";
	in.credit_limit = -5;
	assert_true(create_ok(f, &in) > 0);
}

static void test_gstin_derivation(void **state)
{
	struct fx *f = *state;
	struct party *p = malloc(sizeof *p);
	struct err e = ERR_INIT;
	struct party_input in;

	/* Lower case is accepted and stored upper case; PAN and state follow the GSTIN. */
	in = named("Bengaluru Traders");
	put(&in, PF_GSTIN, " 29aagcb7383j1z4 ");
	assert_int_equal(create(f, &in, p, &e), 0);
	assert_string_equal(p->gstin, GSTIN_KA);
	assert_string_equal(p->pan, "AAGCB7383J");
	assert_string_equal(p->state_code, "29");
	/* A matching PAN (any case) and state are fine. */
	in = named("Pune Traders");
	put(&in, PF_GSTIN, GSTIN_MH);
	put(&in, PF_PAN, "aapfu0939f");
	put(&in, PF_STATE, "27");
	in.allow_duplicate = 1;
	assert_int_equal(create(f, &in, p, &e), 0);
	assert_string_equal(p->pan, "AAPFU0939F");
	assert_string_equal(p->state_code, "27");
	/* PAN mismatch names the PAN. */
	in = named("Mismatch");
	put(&in, PF_GSTIN, GSTIN_MH);
	put(&in, PF_PAN, "AAGCB7383J");
	refused(f, &in, "pan");
	/* State mismatch names the state. */
	in = named("Mismatch");
	put(&in, PF_GSTIN, GSTIN_MH);
	put(&in, PF_STATE, "29");
	refused(f, &in, "state_code");
	/* No GSTIN: the PAN and state stand alone. */
	in = named("Unregistered");
	put(&in, PF_PAN, "AAAPA1234A");
	put(&in, PF_STATE, "07");
	assert_int_equal(create(f, &in, p, &e), 0);
	assert_string_equal(p->gstin, "");
	assert_string_equal(p->pan, "AAAPA1234A");
	assert_string_equal(p->state_code, "07");
	free(p);
}

static void test_duplicates(void **state)
{
	struct fx *f = *state;
	struct party *p = malloc(sizeof *p);
	struct err e = ERR_INIT;
	struct party_input in;
	int64_t first, by_phone;

	in = named("First");
	put(&in, PF_GSTIN, GSTIN_MH);
	first = create_ok(f, &in);
	/* Same GSTIN again. */
	in = named("Second");
	put(&in, PF_GSTIN, GSTIN_MH);
	assert_int_equal(create(f, &in, p, &e), ERR_DUPLICATE);
	assert_string_equal(e.field, "gstin");
	assert_true(e.aux == first);
	assert_non_null(strstr(e.msg, "First"));
	assert_int_equal(count(f), 1);
	/* allow_duplicate creates it anyway. */
	in.allow_duplicate = 1;
	err_clear(&e);
	assert_int_equal(create(f, &in, p, &e), 0);
	assert_int_equal(count(f), 2);

	/* Phones are compared after normalising. */
	in = named("Phone One");
	put(&in, PF_PHONE, "+91 98200 12345");
	by_phone = create_ok(f, &in);
	in = named("Phone Two");
	put(&in, PF_PHONE, "098200-12345");
	err_clear(&e);
	assert_int_equal(create(f, &in, p, &e), ERR_DUPLICATE);
	assert_string_equal(e.field, "phone");
	assert_true(e.aux == by_phone);
	/* The same name alone is not a duplicate. */
	in = named("Phone One");
	assert_true(create_ok(f, &in) > 0);
	/* Another company may have the same GSTIN. */
	in = named("Elsewhere");
	put(&in, PF_GSTIN, GSTIN_MH);
	err_clear(&e);
	assert_int_equal(create_in(f, f->other_cid, &in, p, &e), 0);
	/* An archived party no longer blocks its phone. */
	assert_int_equal(party_get(f->db, f->cid, by_phone, p, &e), 0);
	assert_int_equal(archive(f, by_phone, p->version, p, &e), 0);
	in = named("Phone Two");
	put(&in, PF_PHONE, "098200-12345");
	assert_true(create_ok(f, &in) > 0);
	free(p);
}

static void test_update(void **state)
{
	struct fx *f = *state;
	struct party *p = malloc(sizeof *p), *cur = malloc(sizeof *cur);
	struct err e = ERR_INIT;
	struct party_input in = named("Old Name");
	int64_t id, a0;

	put(&in, PF_PHONE, "9820012345");
	put(&in, PF_EMAIL, "old@example.in");
	id = create_ok(f, &in);
	a0 = audits(f);
	/* Change two fields; the rest stay. */
	memset(&in, 0, sizeof in);
	put(&in, PF_NAME, "नया नाम");
	put(&in, PF_GSTIN, GSTIN_KA);
	assert_int_equal(update(f, id, 1, &in, p, &e), 0);
	assert_true(p->version == 2);
	assert_string_equal(p->name, "नया नाम");
	assert_string_equal(p->gstin, GSTIN_KA);
	assert_string_equal(p->state_code, "29");
	assert_string_equal(p->phone, "9820012345");
	assert_string_equal(p->email, "old@example.in");
	assert_int_equal(party_get(f->db, f->cid, id, cur, &e), 0);
	assert_true(cur->version == 2);
	assert_string_equal(cur->name, "नया नाम");
	assert_int_equal(audits(f), a0 + 1);
	/* Stale version: refused, current party returned, nothing written. */
	memset(&in, 0, sizeof in);
	put(&in, PF_NAME, "Lost Update");
	memset(p, 0, sizeof *p);
	assert_int_equal(update(f, id, 1, &in, p, &e), ERR_STALE);
	assert_int_equal(e.code, ERR_STALE);
	assert_string_equal(e.field, "version");
	assert_true(p->version == 2);
	assert_string_equal(p->name, "नया नाम");
	assert_int_equal(party_get(f->db, f->cid, id, cur, &e), 0);
	assert_string_equal(cur->name, "नया नाम");
	assert_int_equal(audits(f), a0 + 1);
	err_clear(&e);
	assert_int_equal(update(f, id, 3, &in, p, &e), ERR_STALE);   /* from the future, too */
	/* Invalid input: refused, version unchanged. */
	memset(&in, 0, sizeof in);
	put(&in, PF_EMAIL, "broken");
	err_clear(&e);
	assert_int_equal(update(f, id, 2, &in, p, &e), ERR_INVALID);
	assert_string_equal(e.field, "email");
	assert_int_equal(party_get(f->db, f->cid, id, cur, &e), 0);
	assert_true(cur->version == 2);
	assert_string_equal(cur->email, "old@example.in");
	/* Clearing a field with "" or null. */
	memset(&in, 0, sizeof in);
	put(&in, PF_EMAIL, NULL);
	put(&in, PF_PHONE, "");
	err_clear(&e);
	assert_int_equal(update(f, id, 2, &in, p, &e), 0);
	assert_string_equal(p->email, "");
	assert_string_equal(p->phone, "");
	assert_true(p->version == 3);
	/* Unknown party, and a party of another company. */
	err_clear(&e);
	assert_int_equal(update(f, id + 1000, 1, &in, p, &e), ERR_NOT_FOUND);
	err_clear(&e);
	assert_int_equal(db_begin_write(f->db, &e), 0);
	assert_int_equal(party_update(f->db, f->other_cid, 1, id, 3, &in, p, &e), ERR_NOT_FOUND);
	db_rollback(f->db);
	free(p);
	free(cur);
}

static void test_update_duplicates(void **state)
{
	struct fx *f = *state;
	struct party *p = malloc(sizeof *p);
	struct err e = ERR_INIT;
	struct party_input in;
	int64_t a, b;

	in = named("A");
	put(&in, PF_PHONE, "9820012345");
	a = create_ok(f, &in);
	in = named("B");
	put(&in, PF_PHONE, "9820099999");
	b = create_ok(f, &in);
	/* Taking another party's phone is a duplicate... */
	memset(&in, 0, sizeof in);
	put(&in, PF_PHONE, "+91 98200 12345");
	assert_int_equal(update(f, b, 1, &in, p, &e), ERR_DUPLICATE);
	assert_true(e.aux == a);
	/* ...unless allowed. */
	in.allow_duplicate = 1;
	err_clear(&e);
	assert_int_equal(update(f, b, 1, &in, p, &e), 0);
	/* Now both share it; editing another field of either is still possible. */
	memset(&in, 0, sizeof in);
	put(&in, PF_EMAIL, "a@example.in");
	assert_int_equal(update(f, a, 1, &in, p, &e), 0);
	free(p);
}

static void test_archive(void **state)
{
	struct fx *f = *state;
	struct party *p = malloc(sizeof *p);
	struct err e = ERR_INIT;
	struct party_input in = named("To Archive");
	int64_t id = create_ok(f, &in), a0 = audits(f);

	assert_int_equal(archive(f, id, 2, p, &e), ERR_STALE);
	assert_true(p->version == 1);
	err_clear(&e);
	assert_int_equal(archive(f, id, 1, p, &e), 0);
	assert_int_equal(p->archived, 1);
	assert_true(p->version == 2);
	assert_int_equal(audits(f), a0 + 1);
	/* Never deleted. */
	assert_int_equal(count(f), 1);
	assert_int_equal(party_get(f->db, f->cid, id, p, &e), 0);
	assert_int_equal(p->archived, 1);
	/* Twice is a conflict. */
	assert_int_equal(archive(f, id, 2, p, &e), ERR_CONFLICT);
	assert_string_equal(e.field, "archived");
	err_clear(&e);
	assert_int_equal(archive(f, id + 1000, 1, p, &e), ERR_NOT_FOUND);
	free(p);
}

struct collected {
	int n;
	int64_t ids[64];
	char names[64][64];
};

static int collect(void *ctx, const struct party *p)
{
	struct collected *c = ctx;
	if (c->n >= 64)
		return -1;
	c->ids[c->n] = p->id;
	if (text_copy(c->names[c->n], sizeof c->names[c->n], p->name) < 0)
		return -1;
	c->n++;
	return 0;
}

/* Pages through with the given limit, asserting each page's size; returns all in c. */
static void page_all(struct fx *f, struct party_query q, struct collected *c, int *pages)
{
	struct err e = ERR_INIT;
	int64_t next = 0;
	*pages = 0;
	memset(c, 0, sizeof *c);
	do {
		int before = c->n;
		q.after = next;
		if (party_list(f->db, f->cid, &q, collect, c, &next, &e) < 0)
			fail_msg("party_list: %s", e.msg);
		(*pages)++;
		if (next)
			assert_int_equal(c->n - before, q.limit);   /* only the last page is short */
		assert_true(*pages < 100);
	} while (next);
}

static void test_list_paging(void **state)
{
	static const char *const names[] = {
		"Zeta Mills", "alpha traders", "Alpha Traders", "Beta", "Beta", "Beta", "शर्मा ट्रेडर्स",
		"अग्रवाल स्टोर्स", "Gamma", "delta", "Delta", "0 Numeric", "Beta Two", "Kappa", "Lambda",
		"Mu", "Nu", "Xi", "Omicron", "Pi", "Rho", "Sigma", "Tau", "Upsilon",
	};
	const int total = (int)(sizeof names / sizeof names[0]);
	struct fx *f = *state;
	struct collected c;
	struct party_query q;
	int pages;

	for (int i = 0; i < total; i++) {
		struct party_input in = named(names[i]);
		if (i % 3 == 0)
			put(&in, PF_KIND, "vendor");
		create_ok(f, &in);
	}
	for (int limit = 1; limit <= 30; limit++) {
		memset(&q, 0, sizeof q);
		q.limit = limit;
		page_all(f, q, &c, &pages);
		assert_int_equal(c.n, total);
		assert_int_equal(pages, (total + limit - 1) / limit);   /* no trailing empty page */
		/* Name order (bytewise), ties by id, and each party once. */
		for (int i = 1; i < c.n; i++) {
			int cmp = strcmp(c.names[i - 1], c.names[i]);
			assert_true(cmp < 0 || (cmp == 0 && c.ids[i - 1] < c.ids[i]));
		}
	}
	assert_string_equal(c.names[0], "0 Numeric");
	assert_string_equal(c.names[total - 1], "शर्मा ट्रेडर्स");   /* after अग्रवाल: bytes order */
	/* Kind filter. */
	memset(&q, 0, sizeof q);
	q.limit = 7;
	q.kind = "vendor";
	page_all(f, q, &c, &pages);
	assert_int_equal(c.n, 8);
	/* A limit out of range is clamped, not refused. */
	memset(&q, 0, sizeof q);
	q.limit = 0;
	page_all(f, q, &c, &pages);
	assert_int_equal(c.n, total);
	assert_int_equal(pages, 1);
	q.limit = 100000;
	page_all(f, q, &c, &pages);
	assert_int_equal(pages, 1);
	/* An unknown cursor is refused. */
	{
		struct err e = ERR_INIT;
		int64_t next = 5;
		memset(&q, 0, sizeof q);
		q.limit = 5;
		q.after = 999999;
		assert_int_equal(party_list(f->db, f->cid, &q, collect, &c, &next, &e), ERR_INVALID);
		assert_string_equal(e.field, "after");
		assert_true(next == 0);
	}
	/* The other company's list is empty. */
	{
		struct err e = ERR_INIT;
		int64_t next = 5;
		memset(&c, 0, sizeof c);
		memset(&q, 0, sizeof q);
		q.limit = 50;
		assert_int_equal(party_list(f->db, f->other_cid, &q, collect, &c, &next, &e), 0);
		assert_int_equal(c.n, 0);
		assert_true(next == 0);
	}
}

static void test_list_archived(void **state)
{
	struct fx *f = *state;
	struct party *p = malloc(sizeof *p);
	struct err e = ERR_INIT;
	struct collected c;
	struct party_query q;
	int pages;
	int64_t id;
	struct party_input in = named("Stays");

	create_ok(f, &in);
	in = named("Goes");
	id = create_ok(f, &in);
	assert_int_equal(archive(f, id, 1, p, &e), 0);
	memset(&q, 0, sizeof q);
	q.limit = 10;
	page_all(f, q, &c, &pages);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.names[0], "Stays");
	q.archived = 1;
	page_all(f, q, &c, &pages);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.names[0], "Goes");
	q.archived = 2;
	page_all(f, q, &c, &pages);
	assert_int_equal(c.n, 2);
	free(p);
}

/* The names found by a search, in order, joined with "|". */
static void search(struct fx *f, const char *term, char *out, size_t cap)
{
	struct collected c;
	struct party_query q;
	int pages;
	size_t used = 0;
	memset(&q, 0, sizeof q);
	q.q = term;
	q.limit = 50;
	page_all(f, q, &c, &pages);
	out[0] = '\0';
	for (int i = 0; i < c.n; i++)
		used += (size_t)snprintf(out + used, cap - used, "%s%s", i ? "|" : "", c.names[i]);
}

static void test_search(void **state)
{
	static const char *const names[] = {
		"100% Cotton Mills", "100 Cotton Mills", "1000 Cotton Mills", "A_B Traders", "AxB Traders",
		"Wow! Foods", "Wow Foods", "शर्मा ट्रेडर्स", "Back\\slash & Co",
	};
	struct fx *f = *state;
	char got[512];

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		struct party_input in = named(names[i]);
		if (i == 0)
			put(&in, PF_GSTIN, GSTIN_MH);
		if (i == 1)
			put(&in, PF_PHONE, "+91 98200 12345");
		create_ok(f, &in);
	}
	/* Wildcards and the escape character itself are taken literally. */
	search(f, "100%", got, sizeof got);
	assert_string_equal(got, "100% Cotton Mills");
	search(f, "%", got, sizeof got);
	assert_string_equal(got, "100% Cotton Mills");
	search(f, "a_b", got, sizeof got);
	assert_string_equal(got, "A_B Traders");
	search(f, "_", got, sizeof got);
	assert_string_equal(got, "A_B Traders");
	search(f, "w!", got, sizeof got);
	assert_string_equal(got, "Wow! Foods");
	search(f, "!", got, sizeof got);
	assert_string_equal(got, "Wow! Foods");
	search(f, "\\", got, sizeof got);
	assert_string_equal(got, "Back\\slash & Co");
	search(f, "%%", got, sizeof got);
	assert_string_equal(got, "");
	/* Case-insensitive for ASCII, plain substring otherwise. */
	search(f, "COTTON", got, sizeof got);
	assert_string_equal(got, "100 Cotton Mills|100% Cotton Mills|1000 Cotton Mills");
	search(f, "ट्रेड", got, sizeof got);
	assert_string_equal(got, "शर्मा ट्रेडर्स");
	search(f, "wow", got, sizeof got);
	assert_string_equal(got, "Wow Foods|Wow! Foods");
	/* GSTIN (any case) and phone digits match too. */
	search(f, "27aapfu", got, sizeof got);
	assert_string_equal(got, "100% Cotton Mills");
	search(f, "98200123", got, sizeof got);
	assert_string_equal(got, "100 Cotton Mills");
	search(f, "nothing like this", got, sizeof got);
	assert_string_equal(got, "");
	search(f, "", got, sizeof got);
	assert_int_equal(strlen(got) > 0, 1);
}

static int json_each(void *ctx, const struct party *p)
{
	struct jsonw *w = ctx;
	party_json(w, p);
	return jsonw_ok(w);
}

/* party_list_json writes, straight from the rows, the bytes party_list + party_json write: every
 * field kind (nulls, money, archived, Devanagari, quotes, backslashes, newlines), every page. */
static void test_list_json(void **state)
{
	struct fx *f = *state;
	struct party *p = malloc(sizeof *p);
	struct err e = ERR_INIT;
	struct party_input in = named("Kumar \"& Sons\" \\ Ltd");
	struct party_query q;
	int64_t id;

	put(&in, PF_KIND, "vendor");
	put(&in, PF_GSTIN, GSTIN_MH);
	put(&in, PF_PHONE, "+91 98200 12345");
	put(&in, PF_EMAIL, "accounts@kumar.example.in");
	put(&in, PF_BILLING, "12, एम.जी. रोड\nपुणे 411001 (गोदाम)");
	put(&in, PF_SHIPPING, "Godown 4\r\nBhiwandi");
	in.set |= 1u << PF_CREDIT | 1u << PF_TERMS;
	in.credit_limit = 12345678905;
	in.payment_terms_days = 45;
	create_ok(f, &in);
	in = named("शर्मा ट्रेडर्स");
	create_ok(f, &in);
	in = named("Archived One");
	id = create_ok(f, &in);
	assert_int_equal(archive(f, id, 1, p, &e), 0);
	for (int i = 0; i < 7; i++) {
		char name[32];
		snprintf(name, sizeof name, "Plain %d", i);
		in = named(name);
		put(&in, PF_GSTIN, i % 2 ? GSTIN_KA : NULL);
		in.allow_duplicate = 1;
		create_ok(f, &in);
	}
	for (int archived = 0; archived <= 2; archived++) {
		for (int limit = 1; limit <= 11; limit += 3) {
			int64_t after = 0;
			int pages = 0;
			memset(&q, 0, sizeof q);
			q.archived = archived;
			q.limit = limit;
			do {
				struct buf a = BUF_INIT, b = BUF_INIT;
				struct jsonw wa, wb;
				int64_t na = -1, nb = -2;
				q.after = after;
				jsonw_init(&wa, &a);
				jsonw_init(&wb, &b);
				jsonw_arr(&wa);
				jsonw_arr(&wb);
				assert_int_equal(party_list(f->db, f->cid, &q, json_each, &wa, &na, &e), 0);
				assert_int_equal(party_list_json(f->db, f->cid, &q, &wb, &nb, &e), 0);
				jsonw_arr_end(&wa);
				jsonw_arr_end(&wb);
				assert_int_equal(jsonw_ok(&wa), 0);
				assert_int_equal(jsonw_ok(&wb), 0);
				assert_string_equal(buf_str(&b), buf_str(&a));
				assert_true(na == nb);
				if (archived == 0 && limit == 10 && pages == 0)
					assert_non_null(strstr(buf_str(&b), "\"name\":\"Kumar \\\"& Sons\\\" \\\\ Ltd\""));
				after = nb;
				buf_free(&a);
				buf_free(&b);
				assert_true(++pages < 20);
			} while (after);
		}
	}
	free(p);
}

/* An update that changes nothing (the same values, an empty change, archived as it is) writes
 * nothing: ERR_UNCHANGED, the version and updated_at as they were, no audit record; the first real
 * change after it is version 2. */
static void test_update_unchanged(void **state)
{
	struct fx *f = *state;
	struct party_input in = named("Same Again Traders"), same;
	struct party *p = malloc(sizeof *p), *q = malloc(sizeof *q);
	struct err e = ERR_INIT;
	int64_t audits0 = 0, audits1 = 0;
	int64_t id;

	assert_non_null(p);
	assert_non_null(q);
	put(&in, PF_GSTIN, GSTIN_MH);
	put(&in, PF_BILLING, "Shop 4\nStation Road");
	id = create_ok(f, &in);
	assert_int_equal(party_get(f->db, f->cid, id, p, &e), 0);
	assert_int_equal(audit_count(f->db, f->cid, &audits0, &e), 0);
	for (int round = 0; round < 4; round++) {
		memset(&same, 0, sizeof same);
		if (round == 0)
			same = in;                              /* every field again, as created */
		if (round == 1) {
			put(&same, PF_GSTIN, "27aapfu0939f1zv"); /* as typed in small letters: the same GSTIN */
			put(&same, PF_PAN, "AAPFU0939F");
			put(&same, PF_STATE, "27");
		}
		if (round == 3) {
			same.archived_set = 1;                  /* not archived, and kept so */
			put(&same, PF_KIND, "customer");
		}
		assert_int_equal(db_begin_write(f->db, &e), 0);
		assert_int_equal(party_update(f->db, f->cid, 1, id, p->version, &same, q, &e), ERR_UNCHANGED);
		assert_int_equal(db_commit(f->db, &e), 0);
		assert_int_equal(q->version, p->version);
		assert_string_equal(q->updated_at, p->updated_at);
	}
	assert_int_equal(audit_count(f->db, f->cid, &audits1, &e), 0);
	assert_int_equal(audits1, audits0);
	/* still at version 1: a real change makes version 2, audited */
	memset(&same, 0, sizeof same);
	put(&same, PF_PHONE, "9876501234");
	assert_int_equal(update(f, id, p->version, &same, q, &e), 0);
	assert_int_equal(q->version, p->version + 1);
	assert_int_equal(audit_count(f->db, f->cid, &audits1, &e), 0);
	assert_true(audits1 > audits0);
	/* unchanged or not, an old version is stale */
	memset(&same, 0, sizeof same);
	assert_int_equal(update(f, id, p->version, &same, q, &e), ERR_STALE);
	free(p);
	free(q);
}

#define PARTY_TESTS(pre)                                                                       \
	cmocka_unit_test_prestate_setup_teardown(test_create_minimal, setup, teardown, pre),   \
	cmocka_unit_test_prestate_setup_teardown(test_create_full, setup, teardown, pre),      \
	cmocka_unit_test_prestate_setup_teardown(test_validation, setup, teardown, pre),       \
	cmocka_unit_test_prestate_setup_teardown(test_gstin_derivation, setup, teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_duplicates, setup, teardown, pre),       \
	cmocka_unit_test_prestate_setup_teardown(test_update, setup, teardown, pre),           \
	cmocka_unit_test_prestate_setup_teardown(test_update_unchanged, setup, teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_update_duplicates, setup, teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_archive, setup, teardown, pre),          \
	cmocka_unit_test_prestate_setup_teardown(test_list_paging, setup, teardown, pre),      \
	cmocka_unit_test_prestate_setup_teardown(test_list_archived, setup, teardown, pre),    \
	cmocka_unit_test_prestate_setup_teardown(test_list_json, setup, teardown, pre),        \
	cmocka_unit_test_prestate_setup_teardown(test_search, setup, teardown, pre)

int main(void)
{
	const struct CMUnitTest sqlite_tests[] = {PARTY_TESTS((void *)&on_sqlite)};
	const struct CMUnitTest pg_tests[] = {PARTY_TESTS((void *)&on_pg)};
	int failed;

	unit_quiet_logs();
	failed = cmocka_run_group_tests_name("parties on SQLite", sqlite_tests, NULL, NULL);
	if (unit_pg_url())
		failed += cmocka_run_group_tests_name("parties on PostgreSQL", pg_tests, NULL, NULL);
	else
		printf("parties on PostgreSQL: skipped (DAFTAR_PG_URL is not set)\n");
	return failed;
}
