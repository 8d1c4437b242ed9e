/* test_search.c - the one search box through its C interface: an amount as people type it
 * (grouping, ₹ and Rs., paise, and what is not an amount), then search_json on books posted
 * through the accounts module - a voucher by amount, number, series number and text (Devanagari
 * too), found again by its new narration after an alteration and never by its old one, parties
 * by their Hindi name, the company wall, the limit and the scope. SQLite, and PostgreSQL when
 * DAFTAR_PG_URL is set. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "accounts/accounts.h"
#include "lib/buf.h"
#include "lib/jsonw.h"
#include "lib/text.h"
#include "parties/parties.h"
#include "search/search.h"
#include "unit.h"

/* ---- amounts (no database) ---- */

static void test_amount(void **state)
{
	static const struct { const char *q; int64_t paise; } good[] = {
		{"1,18,000", 11800000}, {"118000.00", 11800000}, {"118000", 11800000}, {"1,180,00", 11800000},
		{"₹1,18,000", 11800000}, {"₹ 1,18,000.50", 11800050}, {"Rs.1500", 150000}, {"rs 1500.5", 150050},
		{"  1500", 150000}, {"0.01", 1}, {"99999999.99", 9999999999},
	};
	static const char *const bad[] = {
		"", " ", "abc", "1.234", ".5", "0", "0.00", "1,5a", "₹", "Rs.", "-5", "1 500", "1500 ", "1e5",
		"92233720368547758.08", "123456789012345678901234567890123", "SAL/24", "१५००",
	};
	int64_t v;
	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		v = -1;
		if (search_amount(good[i].q, &v) != 0 || v != good[i].paise)
			fail_msg("\"%s\": got %lld", good[i].q, (long long)v);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		v = -7;
		if (search_amount(bad[i], &v) != -1 || v != -7)
			fail_msg("\"%s\" is no amount, got %lld", bad[i], (long long)v);
	}
}

/* ---- search_json on posted books ---- */

struct fx {
	struct unit_fx *u;
	int64_t cid, other, bank, rent, cash, capital, sharma;
};

static void ok(int rc, const struct err *e, const char *what)
{
	if (rc < 0)
		fail_msg("%s: %s (%s) code %d", what, e->msg, e->field, e->code);
}

static void tx(struct fx *f, int begin)
{
	struct err e = ERR_INIT;
	ok(begin ? db_begin_write(f->u->db, &e) : db_commit(f->u->db, &e), &e, begin ? "begin" : "commit");
}

static int64_t kind_ledger(struct fx *f, int64_t cid, const char *kind)
{
	struct err e = ERR_INIT;
	int64_t id = 0;
	ok(ledger_of_kind(f->u->db, cid, kind, &id, &e), &e, kind);
	return id;
}

static int64_t ledger(struct fx *f, int64_t cid, const char *name, const char *code)
{
	struct ledger_input in;
	struct ledger out;
	struct err e = ERR_INIT;
	memset(&in, 0, sizeof in);
	in.name = name;
	ok(group_by_code(f->u->db, cid, code, &in.group_id, &e), &e, code);
	ok(ledger_create(f->u->db, cid, 0, &in, &out, &e), &e, name);
	return out.id;
}

static int64_t party(struct fx *f, int64_t cid, const char *name, const char *name_hi)
{
	struct party_input in;
	struct party out;
	struct err e = ERR_INIT;
	memset(&in, 0, sizeof in);
	in.set = (1u << PF_KIND) | (1u << PF_NAME) | (name_hi ? 1u << PF_NAME_HI : 0);
	in.text[PF_KIND] = "customer";
	in.text[PF_NAME] = name;
	in.text[PF_NAME_HI] = name_hi;
	ok(party_create(f->u->db, cid, 0, &in, &out, &e), &e, name);
	return out.id;
}

/* A two-line voucher of `amount` paise with a narration: its id. */
static int64_t post(struct fx *f, int64_t cid, enum voucher_type t, int64_t dr, int64_t cr, int64_t amount, const char *narration)
{
	struct voucher *v = voucher_new();
	struct err e = ERR_INIT;
	struct voucher_line *a, *b;
	int64_t id;
	assert_non_null(v);
	v->type = t;
	text_copy(v->date, sizeof v->date, "2024-06-10");
	text_copy(v->narration, sizeof v->narration, narration);
	assert_non_null(voucher_add_line(v));
	assert_non_null(voucher_add_line(v));
	a = &v->lines[0], b = &v->lines[1];
	a->ledger_id = dr, a->amount = amount;
	b->ledger_id = cr, b->amount = -amount;
	ok(voucher_post(f->u->db, cid, 0, v, &e), &e, narration);
	id = v->id;
	voucher_free(v);
	return id;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	if (!f || !(f->u = unit_fx_new(unit_backend(state), UNIT_MIGRATED)) ||
	    unit_fx_company(f->u, "Search Co", "27", &f->cid) < 0 || unit_fx_company(f->u, "Other Co", "27", &f->other) < 0) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	unit_fx_free(f->u);
	free(f);
	return 0;
}

/* search_json's answer for q, as text (the caller frees it); rc < 0 leaves e set. */
static int run(struct fx *f, int64_t cid, const char *q, int limit, const struct search_scope *scope, struct buf *out,
	       struct err *e)
{
	struct jsonw w;
	int rc;
	buf_free(out);
	jsonw_init(&w, out);
	ok(db_begin_read(f->u->db, e), e, "read");
	rc = search_json(f->u->db, cid, q, limit, scope, &w, e);
	db_rollback(f->u->db);
	return rc;
}

/* The number of times needle is in hay. */
static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void test_search(void **state)
{
	static const struct search_scope all = {1, 1, 1, 1};
	struct fx *f = *state;
	struct buf b = BUF_INIT;
	struct err e = ERR_INIT;
	char want[64];
	int64_t sale, rent, other;
	struct voucher *v = NULL;

	tx(f, 1);
	f->bank = ledger(f, f->cid, "HDFC Bank", "bank_accounts");
	f->rent = ledger(f, f->cid, "Office Rent", "indirect_expenses");
	f->cash = kind_ledger(f, f->cid, "cash");
	f->capital = kind_ledger(f, f->cid, "capital");
	f->sharma = party(f, f->cid, "Sharma Traders", "शर्मा ट्रेडर्स");
	sale = post(f, f->cid, VT_JOURNAL, f->bank, f->capital, 11800000, "Diwali order for the Pune site");
	rent = post(f, f->cid, VT_PAYMENT, f->rent, f->bank, 2500000, "दफ़्तर का किराया");
	other = post(f, f->other, VT_JOURNAL, kind_ledger(f, f->other, "cash"), kind_ledger(f, f->other, "capital"), 11800000,
		     "Diwali order for the Pune site");
	(void)party(f, f->other, "Sharma Traders", "शर्मा ट्रेडर्स");
	tx(f, 0);

	/* by amount, every voucher once, this company's only */
	ok(run(f, f->cid, " ₹1,18,000 ", 8, &all, &b, &e), &e, "amount");
	snprintf(want, sizeof want, "{\"id\":%lld,", (long long)sale);
	assert_non_null(strstr(buf_str(&b), want));
	assert_non_null(strstr(buf_str(&b), "\"q\":\"₹1,18,000\""));
	assert_non_null(strstr(buf_str(&b), "\"match\":\"amount\""));
	assert_int_equal(count(buf_str(&b), "\"match\""), 1);
	snprintf(want, sizeof want, "{\"id\":%lld,", (long long)other);
	assert_null(strstr(buf_str(&b), want));

	/* by the beginning of the number, any case; by text, Devanagari too */
	ok(run(f, f->cid, "jrn/", 8, &all, &b, &e), &e, "number");
	assert_non_null(strstr(buf_str(&b), "\"match\":\"number\""));
	ok(run(f, f->cid, "किराया", 8, &all, &b, &e), &e, "hindi text");
	snprintf(want, sizeof want, "{\"id\":%lld,", (long long)rent);
	assert_non_null(strstr(buf_str(&b), want));
	assert_non_null(strstr(buf_str(&b), "\"match\":\"text\""));

	/* the series number 1 is the first of each series here: two */
	ok(run(f, f->cid, "1", 8, &all, &b, &e), &e, "seq");
	assert_int_equal(count(buf_str(&b), "\"match\":\"seq\""), 2);

	/* the party by its Hindi name, once (its own ledger is the party's, not listed apart) */
	ok(run(f, f->cid, "शर्मा", 8, &all, &b, &e), &e, "party");
	assert_int_equal(count(buf_str(&b), "\"name\":\"Sharma Traders\""), 1);
	assert_non_null(strstr(buf_str(&b), "\"ledgers\":[]"));

	/* after an alteration the new narration is found and the old one is not */
	tx(f, 1);
	ok(voucher_get(f->u->db, f->cid, sale, &v, &e), &e, "get");
	text_copy(v->narration, sizeof v->narration, "Loan from Bhatia uncle");
	ok(voucher_alter(f->u->db, f->cid, 0, sale, v->version, v, &e), &e, "alter");
	voucher_free(v);
	tx(f, 0);
	ok(run(f, f->cid, "diwali", 8, &all, &b, &e), &e, "old words");
	assert_non_null(strstr(buf_str(&b), "\"vouchers\":[]"));
	ok(run(f, f->cid, "BHATIA", 8, &all, &b, &e), &e, "new words");
	snprintf(want, sizeof want, "{\"id\":%lld,", (long long)sale);
	assert_non_null(strstr(buf_str(&b), want));
	ok(run(f, f->other, "diwali", 8, &all, &b, &e), &e, "the other company keeps its own");
	snprintf(want, sizeof want, "{\"id\":%lld,", (long long)other);
	assert_non_null(strstr(buf_str(&b), want));

	/* a limit bounds each group; a scope leaves a group out */
	ok(run(f, f->cid, "1", 1, &all, &b, &e), &e, "limit");
	assert_int_equal(count(buf_str(&b), "\"match\""), 1);
	ok(run(f, f->cid, "sharma", 8, &(struct search_scope){0, 1, 0, 0}, &b, &e), &e, "scope");
	assert_null(strstr(buf_str(&b), "\"vouchers\""));
	assert_null(strstr(buf_str(&b), "\"items\""));
	assert_non_null(strstr(buf_str(&b), "\"parties\":[{"));
	buf_free(&b);
}

static void test_refusals(void **state)
{
	static const struct search_scope all = {1, 1, 1, 1};
	struct fx *f = *state;
	struct buf b = BUF_INIT;
	struct err e = ERR_INIT;
	char q[SEARCH_Q_MAX_CHARS * 3 + 4];

	assert_int_equal(run(f, f->cid, NULL, 8, &all, &b, &e), ERR_INVALID);
	assert_string_equal(e.field, "q");
	err_clear(&e);
	assert_int_equal(run(f, f->cid, " \t ", 8, &all, &b, &e), ERR_INVALID);
	err_clear(&e);
	/* 100 Devanagari characters (300 bytes) are allowed, 101 are not */
	for (int i = 0; i < SEARCH_Q_MAX_CHARS; i++)
		memcpy(q + 3 * i, "स", 3);
	q[3 * SEARCH_Q_MAX_CHARS] = '\0';
	ok(run(f, f->cid, q, 8, &all, &b, &e), &e, "100 characters");
	memcpy(q + 3 * SEARCH_Q_MAX_CHARS, "स", 4);
	assert_int_equal(run(f, f->cid, q, 8, &all, &b, &e), ERR_INVALID);
	assert_string_equal(e.reason, "too_long");
	err_clear(&e);
	assert_int_equal(run(f, f->cid, "a\x01z", 8, &all, &b, &e), ERR_INVALID);
	err_clear(&e);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest pure[] = {cmocka_unit_test(test_amount)};
	const struct CMUnitTest on_sqlite[] = {
		cmocka_unit_test_prestate_setup_teardown(test_search, setup, teardown, UNIT_ON_SQLITE),
		cmocka_unit_test_prestate_setup_teardown(test_refusals, setup, teardown, UNIT_ON_SQLITE),
	};
	const struct CMUnitTest on_pg[] = {
		cmocka_unit_test_prestate_setup_teardown(test_search, setup, teardown, UNIT_ON_PG),
		cmocka_unit_test_prestate_setup_teardown(test_refusals, setup, teardown, UNIT_ON_PG),
	};
	unit_quiet_logs();
	return cmocka_run_group_tests_name("search amounts", pure, NULL, NULL) + UNIT_RUN_BOTH("search", on_sqlite, on_pg);
}
