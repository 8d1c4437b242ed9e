/* test_vouchers.c - the accounts module through its C interface: the one table of voucher types
 * and what is rendered from it; refusals with their reasons and figures (unbalanced, cash and
 * bank rules, archived party and ledger, cancelled, stale, a change of year or type); an item
 * voucher's postings from gst.c; group snapshots in the audit; and the paged lists of groups,
 * ledgers and vouchers. Runs on SQLite, and on PostgreSQL when DAFTAR_PG_URL is set. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "accounts/accounts.h"
#include "accounts/bills.h"
#include "admin/company.h"
#include "lib/india.h"
#include "lib/jsonw.h"
#include "lib/money.h"
#include "lib/text.h"
#include "parties/parties.h"
#include "unit.h"

/* ---- the type table (no database) ---- */

static void test_type_table(void **state)
{
	static const struct {
		enum voucher_type t;
		const char *name, *prefix, *hotkey;
		int items;
		enum voucher_stock stock;
		enum voucher_side side;
	} want[] = {
		{VT_CONTRA, "contra", "CTR", "F4", 0, VOUCHER_STOCK_NONE, VOUCHER_SIDE_DEBIT},
		{VT_PAYMENT, "payment", "PMT", "F5", 0, VOUCHER_STOCK_NONE, VOUCHER_SIDE_DEBIT},
		{VT_RECEIPT, "receipt", "RCT", "F6", 0, VOUCHER_STOCK_NONE, VOUCHER_SIDE_CREDIT},
		{VT_JOURNAL, "journal", "JRN", "F7", 0, VOUCHER_STOCK_NONE, VOUCHER_SIDE_DEBIT},
		{VT_SALES, "sales", "SAL", "F8", 1, VOUCHER_STOCK_OUT, VOUCHER_SIDE_NONE},
		{VT_PURCHASE, "purchase", "PUR", "F9", 1, VOUCHER_STOCK_IN, VOUCHER_SIDE_NONE},
		{VT_CREDIT_NOTE, "credit_note", "CRN", "Ctrl+F8", 1, VOUCHER_STOCK_IN, VOUCHER_SIDE_NONE},
		{VT_DEBIT_NOTE, "debit_note", "DBN", "Ctrl+F9", 1, VOUCHER_STOCK_OUT, VOUCHER_SIDE_NONE},
	};
	char num[40];
	(void)state;
	for (int i = 0; i < VT_MAX; i++) {
		const struct voucher_type_info *ti = voucher_type_info(want[i].t);
		enum voucher_type t = VT_MAX;
		assert_non_null(ti);
		assert_string_equal(ti->name, want[i].name);
		assert_string_equal(voucher_type_name(want[i].t), want[i].name);
		assert_string_equal(ti->prefix, want[i].prefix);
		assert_string_equal(ti->hotkey, want[i].hotkey);
		assert_int_equal(ti->rank, i);
		assert_int_equal(ti->has_items, want[i].items);
		assert_int_equal(voucher_type_has_items(want[i].t), want[i].items);
		assert_int_equal(ti->stock, want[i].stock);
		assert_int_equal(ti->default_side, want[i].side);
		assert_int_equal(voucher_type_parse(want[i].name, &t), 0);
		assert_int_equal(t, want[i].t);
		/* item types: the goods go on the side away from the stock's direction of sale */
		if (want[i].items)
			assert_int_equal(ti->goods_side, want[i].stock == VOUCHER_STOCK_OUT ? VOUCHER_SIDE_CREDIT : VOUCHER_SIDE_DEBIT);
	}
	assert_null(voucher_type_info(VT_MAX));
	assert_string_equal(voucher_type_name(VT_MAX), "?");
	assert_int_equal(voucher_type_parse("Sales", &(enum voucher_type){VT_JOURNAL}), -1);
	assert_int_equal(voucher_type_parse(NULL, &(enum voucher_type){VT_JOURNAL}), -1);
	assert_int_equal(voucher_type_info(VT_RECEIPT)->cash_bank, VOUCHER_CB_DEBIT);
	assert_int_equal(voucher_type_info(VT_PAYMENT)->cash_bank, VOUCHER_CB_CREDIT);
	assert_int_equal(voucher_type_info(VT_CONTRA)->cash_bank, VOUCHER_CB_ONLY);
	assert_int_equal(voucher_type_info(VT_JOURNAL)->cash_bank, VOUCHER_CB_ANY);

	voucher_number_format(num, VT_SALES, 2024, 1);
	assert_string_equal(num, "SAL/24-25/0001");
	voucher_number_format(num, VT_DEBIT_NOTE, 2099, 123456);
	assert_string_equal(num, "DBN/99-00/123456");
	voucher_number_format(num, VT_CONTRA, 2026, 9999);
	assert_string_equal(num, "CTR/26-27/9999");
}

static void test_types_json(void **state)
{
	struct buf b = BUF_INIT;
	struct jsonw w;
	(void)state;
	jsonw_init(&w, &b);
	voucher_types_json(&w);
	assert_int_equal(jsonw_ok(&w), 0);
	assert_string_equal(buf_str(&b),
			    "[{\"type\":\"contra\",\"prefix\":\"CTR\",\"hotkey\":\"F4\",\"has_items\":false,\"stock\":null,\"default_side\":\"debit\"},"
			    "{\"type\":\"payment\",\"prefix\":\"PMT\",\"hotkey\":\"F5\",\"has_items\":false,\"stock\":null,\"default_side\":\"debit\"},"
			    "{\"type\":\"receipt\",\"prefix\":\"RCT\",\"hotkey\":\"F6\",\"has_items\":false,\"stock\":null,\"default_side\":\"credit\"},"
			    "{\"type\":\"journal\",\"prefix\":\"JRN\",\"hotkey\":\"F7\",\"has_items\":false,\"stock\":null,\"default_side\":\"debit\"},"
			    "{\"type\":\"sales\",\"prefix\":\"SAL\",\"hotkey\":\"F8\",\"has_items\":true,\"stock\":\"out\",\"default_side\":null},"
			    "{\"type\":\"purchase\",\"prefix\":\"PUR\",\"hotkey\":\"F9\",\"has_items\":true,\"stock\":\"in\",\"default_side\":null},"
			    "{\"type\":\"credit_note\",\"prefix\":\"CRN\",\"hotkey\":\"Ctrl+F8\",\"has_items\":true,\"stock\":\"in\",\"default_side\":null},"
			    "{\"type\":\"debit_note\",\"prefix\":\"DBN\",\"hotkey\":\"Ctrl+F9\",\"has_items\":true,\"stock\":\"out\",\"default_side\":null}]");
	buf_free(&b);
}

/* ---- fixture: a company in Maharashtra with a bank and a rent ledger ---- */

struct fx {
	struct unit_db u;
	struct db *db;
	int64_t cid;
	int64_t cash, bank, capital, rent, sales, round_off;
};

static const enum db_backend on_sqlite = DB_SQLITE;
static const enum db_backend on_pg = DB_POSTGRES;

static void ok(int rc, const struct err *e, const char *what)
{
	if (rc < 0)
		fail_msg("%s: %s (%s) code %d", what, e->msg, e->field, e->code);
}

static int64_t kind_ledger(struct fx *f, const char *kind)
{
	struct err e = ERR_INIT;
	int64_t id = 0;
	ok(ledger_of_kind(f->db, f->cid, kind, &id, &e), &e, kind);
	return id;
}

static int64_t ledger(struct fx *f, const char *name, const char *code)
{
	struct ledger_input in;
	struct ledger out;
	struct err e = ERR_INIT;
	memset(&in, 0, sizeof in);
	in.name = name;
	ok(group_by_code(f->db, f->cid, code, &in.group_id, &e), &e, code);
	ok(ledger_create(f->db, f->cid, 0, &in, &out, &e), &e, name);
	return out.id;
}

static void tx(struct fx *f, int begin)
{
	struct err e = ERR_INIT;
	if (begin)
		ok(db_begin_write(f->db, &e), &e, "begin");
	else
		ok(db_commit(f->db, &e), &e, "commit");
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct err e = ERR_INIT;
	char gstin[16];
	enum db_backend b = *(const enum db_backend *)*state;

	if (!f || unit_db_make(&f->u, b) < 0)
		return -1;
	if (db_open(f->u.url, &f->db, &e) < 0 || db_migrate(f->db, &e) < 0) {
		fprintf(stderr, "db %s: %s\n", f->u.url, e.msg);
		return -1;
	}
	snprintf(gstin, sizeof gstin, "27AAPFD1234K1Z");
	gstin[14] = india_gstin_check_char(gstin);
	gstin[15] = '\0';
	tx(f, 1);
	ok(company_create(f->db, "दफ़्तर Traders", gstin, NULL, 0, &f->cid, &e), &e, "company");
	f->cash = kind_ledger(f, "cash");
	f->capital = kind_ledger(f, "capital");
	f->sales = kind_ledger(f, "sales");
	f->round_off = kind_ledger(f, "round_off");
	f->bank = ledger(f, "HDFC Bank", "bank_accounts");
	f->rent = ledger(f, "Rent", "indirect_expenses");
	tx(f, 0);
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

/* A voucher of two or three lines (amount 0 ends the list). */
static struct voucher *lines_voucher(enum voucher_type t, const char *date, int64_t l1, int64_t a1, int64_t l2, int64_t a2,
				     int64_t l3, int64_t a3)
{
	struct voucher *v = voucher_new();
	const int64_t ls[] = {l1, l2, l3}, as[] = {a1, a2, a3};
	assert_non_null(v);
	v->type = t;
	text_copy(v->date, sizeof v->date, date);
	for (int i = 0; i < 3 && as[i]; i++) {
		struct voucher_line *l = voucher_add_line(v);
		l->ledger_id = ls[i];
		l->amount = as[i];
	}
	return v;
}

/* Posts v in its own transaction: the result code, e filled on a refusal (then rolled back). */
static int post(struct fx *f, struct voucher *v, struct err *e)
{
	int rc;
	tx(f, 1);
	rc = voucher_post(f->db, f->cid, 0, v, e);
	if (rc < 0)
		db_rollback(f->db);
	else
		tx(f, 0);
	return rc;
}

static const struct err_detail *detail(const struct err *e, const char *key)
{
	for (int i = 0; i < e->ndetails; i++)
		if (strcmp(e->detail[i].key, key) == 0)
			return &e->detail[i];
	return NULL;
}

static void refused(struct fx *f, struct voucher *v, int code, const char *field, const char *reason)
{
	struct err e = ERR_INIT;
	int rc = post(f, v, &e);
	if (rc != code || strcmp(e.field, field) != 0 || strcmp(e.reason, reason) != 0)
		fail_msg("%s voucher: rc %d field %s reason \"%s\" (%s); want %d %s %s", voucher_type_name(v->type), rc, e.field,
			 e.reason, e.msg, code, field, reason);
	voucher_free(v);
}

static void test_unbalanced(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	const struct err_detail *d;
	struct voucher *v = lines_voucher(VT_JOURNAL, "2026-10-01", f->cash, 10000, f->capital, -9950, 0, 0);

	assert_int_equal(post(f, v, &e), ERR_UNPROCESSABLE);
	assert_string_equal(e.field, "lines");
	assert_string_equal(e.reason, "unbalanced");
	assert_string_equal(e.msg, "the voucher does not balance: debits exceed credits by 0.50");
	assert_non_null(d = detail(&e, "difference"));
	assert_int_equal(d->type, ERR_DETAIL_MONEY);
	assert_int_equal(d->v, 50);
	assert_non_null(d = detail(&e, "side"));
	assert_string_equal(d->text, "debit");
	voucher_free(v);

	err_clear(&e);
	v = lines_voucher(VT_JOURNAL, "2026-10-01", f->cash, 100, f->capital, -175, 0, 0);
	assert_int_equal(post(f, v, &e), ERR_UNPROCESSABLE);
	assert_string_equal(e.msg, "the voucher does not balance: credits exceed debits by 0.75");
	assert_int_equal(detail(&e, "difference")->v, 75);
	assert_string_equal(detail(&e, "side")->text, "credit");
	voucher_free(v);

	/* an amount past the ceiling is refused as it is given (400), naming its side */
	v = lines_voucher(VT_JOURNAL, "2026-10-01", f->cash, INT64_MAX, f->capital, -INT64_MAX, f->cash, INT64_MAX);
	refused(f, v, ERR_INVALID, "lines[0].debit", "too_large");
	v = lines_voucher(VT_JOURNAL, "2026-10-01", f->cash, MONEY_MAX, f->capital, -MONEY_MAX - 1, 0, 0);
	refused(f, v, ERR_INVALID, "lines[1].credit", "too_large");
	/* debits (or credits) whose total passes the ceiling, balanced or not, are refused (422), not wrapped */
	v = lines_voucher(VT_JOURNAL, "2026-10-01", f->cash, MONEY_MAX, f->capital, -MONEY_MAX, f->cash, 1);
	refused(f, v, ERR_UNPROCESSABLE, "lines[2].debit", "too_large");
	v = lines_voucher(VT_JOURNAL, "2026-10-01", f->capital, -MONEY_MAX, f->cash, MONEY_MAX, f->capital, -1);
	refused(f, v, ERR_UNPROCESSABLE, "lines[2].credit", "too_large");
}

static void test_cash_bank_rules(void **state)
{
	struct fx *f = *state;
	refused(f, lines_voucher(VT_CONTRA, "2026-10-01", f->bank, 100, f->capital, -100, 0, 0), ERR_UNPROCESSABLE,
		"lines[1].ledger_id", "contra_only_cash_bank");
	refused(f, lines_voucher(VT_RECEIPT, "2026-10-01", f->rent, 100, f->capital, -100, 0, 0), ERR_UNPROCESSABLE, "lines",
		"receipt_needs_cash_bank");
	refused(f, lines_voucher(VT_RECEIPT, "2026-10-01", f->capital, 100, f->cash, -100, 0, 0), ERR_UNPROCESSABLE, "lines",
		"receipt_needs_cash_bank");
	refused(f, lines_voucher(VT_PAYMENT, "2026-10-01", f->cash, 100, f->capital, -100, 0, 0), ERR_UNPROCESSABLE, "lines",
		"payment_needs_cash_bank");
	refused(f, lines_voucher(VT_JOURNAL, "2026-10-01", f->cash, 100, 999999, -100, 0, 0), ERR_INVALID, "lines[1].ledger_id",
		"unknown_ledger");
	/* the same vouchers the right way round are posted */
	{
		struct err e = ERR_INIT;
		struct voucher *v = lines_voucher(VT_CONTRA, "2026-10-01", f->bank, 100, f->cash, -100, 0, 0);
		ok(post(f, v, &e), &e, "contra");
		assert_string_equal(v->number, "CTR/26-27/0001");
		assert_int_equal(v->total, 100);
		voucher_free(v);
		v = lines_voucher(VT_RECEIPT, "2026-10-01", f->bank, 100, f->capital, -100, 0, 0);
		ok(post(f, v, &e), &e, "receipt");
		assert_string_equal(v->number, "RCT/26-27/0001");
		voucher_free(v);
	}
}

static void test_archived(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	struct party_input in;
	struct party *p = calloc(1, sizeof *p), *q = calloc(1, sizeof *q);
	struct voucher *v;

	assert_non_null(p);
	assert_non_null(q);
	memset(&in, 0, sizeof in);
	in.set = (1u << PF_KIND) | (1u << PF_NAME);
	in.text[PF_KIND] = "customer";
	in.text[PF_NAME] = "शर्मा ट्रेडर्स";
	tx(f, 1);
	ok(party_create(f->db, f->cid, 0, &in, p, &e), &e, "party");
	ok(party_archive(f->db, f->cid, 0, p->id, p->version, q, &e), &e, "archive");
	ok(db_exec(f->db, "UPDATE ledgers SET archived = 1 WHERE name = 'Rent'", &e), &e, "archive rent");
	tx(f, 0);

	v = lines_voucher(VT_JOURNAL, "2026-10-01", f->cash, 100, f->capital, -100, 0, 0);
	v->party_id = p->id;
	refused(f, v, ERR_UNPROCESSABLE, "party_id", "party_archived");
	refused(f, lines_voucher(VT_JOURNAL, "2026-10-01", f->rent, 100, f->capital, -100, 0, 0), ERR_INVALID,
		"lines[0].ledger_id", "ledger_archived");
	v = voucher_new();
	v->type = VT_SALES;
	text_copy(v->date, sizeof v->date, "2026-10-01");
	{
		struct voucher_item *it = voucher_add_item(v);
		it->qty = 1000;
		it->rate = 100;
		it->ledger_id = f->rent;
	}
	refused(f, v, ERR_INVALID, "items[0].ledger_id", "ledger_archived");
	free(p);
	free(q);
}

/* Cancel, alter: the refusals a client acts on. */
static void test_change_refusals(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	struct voucher *v = lines_voucher(VT_JOURNAL, "2026-10-01", f->cash, 100, f->capital, -100, 0, 0), *alt, *out = NULL;
	int64_t id;

	ok(post(f, v, &e), &e, "post");
	id = v->id;
	voucher_free(v);

	/* another year */
	alt = lines_voucher(VT_JOURNAL, "2027-04-01", f->cash, 100, f->capital, -100, 0, 0);
	tx(f, 1);
	assert_int_equal(voucher_alter(f->db, f->cid, 0, id, 1, alt, &e), ERR_UNPROCESSABLE);
	db_rollback(f->db);
	assert_string_equal(e.reason, "fy_change");
	assert_string_equal(e.field, "date");
	voucher_free(alt);
	/* another type */
	err_clear(&e);
	alt = lines_voucher(VT_PAYMENT, "2026-10-01", f->capital, 100, f->cash, -100, 0, 0);
	tx(f, 1);
	assert_int_equal(voucher_alter(f->db, f->cid, 0, id, 1, alt, &e), ERR_UNPROCESSABLE);
	db_rollback(f->db);
	assert_string_equal(e.reason, "type_change");
	voucher_free(alt);
	/* a version read before someone else's change */
	err_clear(&e);
	tx(f, 1);
	assert_int_equal(voucher_cancel(f->db, f->cid, 0, id, 7, &out, &e), ERR_STALE);
	db_rollback(f->db);
	assert_string_equal(e.reason, "stale");
	assert_int_equal(detail(&e, "version")->v, 1);
	/* cancelled, then cancelled again */
	err_clear(&e);
	tx(f, 1);
	ok(voucher_cancel(f->db, f->cid, 0, id, 1, &out, &e), &e, "cancel");
	tx(f, 0);
	assert_string_equal(out->status, "cancelled");
	assert_int_equal(out->version, 2);
	voucher_free(out);
	out = NULL;
	tx(f, 1);
	assert_int_equal(voucher_cancel(f->db, f->cid, 0, id, 2, &out, &e), ERR_CONFLICT);
	db_rollback(f->db);
	assert_string_equal(e.reason, "cancelled");
	assert_null(out);
}

/* An item voucher posts what gst.c computes: goods and taxes on the type's side, the total on
 * the party's, the round-off to Round Off. */
/* ---- bill-wise settlement ---- */

static int count_bill(void *ctx, const struct bill_row *b)
{
	int64_t *sum = ctx;
	*sum += b->pending;
	return 0;
}

static int64_t pending_of(struct fx *f, int64_t ledger)
{
	struct err e = ERR_INIT;
	int64_t sum = 0;
	ok(bills_of_ledger(f->db, f->cid, ledger, 1, count_bill, &sum, &e), &e, "bills");
	return sum;
}

static void agst(struct voucher *v, int line, const char *ref, int64_t amount)
{
	struct bill_alloc *a = voucher_add_alloc(v);
	assert_non_null(a);
	a->line = line;
	a->kind = BILL_AGST;
	text_copy(a->ref, sizeof a->ref, ref);
	a->amount = amount;
}

static void test_bills(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	struct party_input in;
	struct party *p = calloc(1, sizeof *p);
	struct voucher *v, *cancelled = NULL;
	char s1[40], s2[40];
	int64_t pl, rid, rversion;

	memset(&in, 0, sizeof in);
	in.set = (1u << PF_KIND) | (1u << PF_NAME);
	in.text[PF_KIND] = "customer";
	in.text[PF_NAME] = "Sharma Traders";
	tx(f, 1);
	ok(party_create(f->db, f->cid, 0, &in, p, &e), &e, "party");
	ok(ledger_of_party(f->db, f->cid, p->id, &pl, &e), &e, "ledger");
	tx(f, 0);
	for (int k = 0; k < 2; k++) { /* two sales of 1,000 and 2,000 at 0 % */
		struct voucher_item *it;
		v = voucher_new();
		v->type = VT_SALES;
		v->party_id = p->id;
		text_copy(v->date, sizeof v->date, k ? "2026-10-02" : "2026-10-01");
		it = voucher_add_item(v);
		it->qty = 1000;
		it->rate = (k + 1) * 100000;
		ok(post(f, v, &e), &e, "sale");
		text_copy(k ? s2 : s1, 40, v->number);
		voucher_free(v);
	}
	assert_int_equal(pending_of(f, pl), 300000);

	/* more than S1 has pending: refused with what is pending */
	v = lines_voucher(VT_RECEIPT, "2026-10-03", f->bank, 150000, pl, -150000, 0, 0);
	agst(v, 1, s1, 150000);
	assert_int_equal(post(f, v, &e), ERR_UNPROCESSABLE);
	assert_string_equal(e.reason, "exceeds_pending");
	assert_string_equal(e.field, "lines[1].allocations[0].amount");
	assert_int_equal(detail(&e, "pending")->v, 100000);
	voucher_free(v);
	err_clear(&e);

	/* one receipt, two bills */
	v = lines_voucher(VT_RECEIPT, "2026-10-03", f->bank, 250000, pl, -250000, 0, 0);
	agst(v, 1, s1, 100000);
	agst(v, 1, s2, 150000);
	ok(post(f, v, &e), &e, "receipt");
	rid = v->id;
	rversion = v->version;
	assert_string_equal(v->lines[1].bill_ref, ""); /* two allocations: no single bill_ref */
	voucher_free(v);
	assert_int_equal(pending_of(f, pl), 50000);
	tx(f, 1);
	ok(voucher_get(f->db, f->cid, rid, &v, &e), &e, "get");
	assert_int_equal(v->nallocs, 2);
	assert_string_equal(v->allocs[1].ref, s2);
	assert_int_equal(v->allocs[1].amount, 150000);
	voucher_free(v);
	/* cancelled: both bills pending again */
	ok(voucher_cancel(f->db, f->cid, 0, rid, rversion, &cancelled, &e), &e, "cancel");
	tx(f, 0);
	voucher_free(cancelled);
	assert_int_equal(pending_of(f, pl), 300000);
	free(p);
}

static void test_items(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	struct voucher *v = voucher_new();
	struct voucher_item *it;
	int64_t sum = 0, sales = 0, round = 0, cash = 0;

	v->type = VT_SALES;
	text_copy(v->date, sizeof v->date, "2026-10-05");
	it = voucher_add_item(v);
	text_copy(it->description, sizeof it->description, "Steel rod");
	it->qty = 10000;
	it->rate = 9999;
	it->discount = 500;
	it->gst_rate = 1800;
	it = voucher_add_item(v);
	it->qty = 3500;
	it->rate = 1234;
	it->gst_rate = 500;
	ok(post(f, v, &e), &e, "sales");
	assert_int_equal(v->taxable, 103809);
	assert_int_equal(v->cgst, 9062);
	assert_int_equal(v->sgst, 9062);
	assert_int_equal(v->igst, 0);
	assert_int_equal(v->round_off, -33);
	assert_int_equal(v->total, 121900);
	assert_string_equal(v->items[1].description, "Item");
	for (int i = 0; i < v->nlines; i++) {
		sum += v->lines[i].amount;
		if (v->lines[i].ledger_id == f->sales)
			sales = v->lines[i].amount;
		if (v->lines[i].ledger_id == f->round_off)
			round = v->lines[i].amount;
		if (v->lines[i].ledger_id == f->cash)
			cash = v->lines[i].amount;
	}
	assert_int_equal(sum, 0);
	assert_int_equal(sales, -103809);
	assert_int_equal(round, 33);     /* given away: a debit */
	assert_int_equal(cash, 121900);  /* no party: a cash sale */
	voucher_free(v);

	/* a bad line names its member through gst.c's fault */
	v = voucher_new();
	v->type = VT_PURCHASE;
	text_copy(v->date, sizeof v->date, "2026-10-05");
	it = voucher_add_item(v);
	it->qty = 1000;
	it->rate = 100;
	it->discount = 101;
	refused(f, v, ERR_INVALID, "items[0].discount", "discount_range");
}

/* The group's audit record is its snapshot, the same JSON group_json writes. */
static void test_group_snapshot(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	struct group *g = calloc(1, sizeof *g);
	struct buf b = BUF_INIT;
	struct jsonw w;
	char audited[1024] = "";
	int64_t parent = 0, id = 0;

	assert_non_null(g);
	tx(f, 1);
	ok(group_by_code(f->db, f->cid, "sundry_creditors", &parent, &e), &e, "parent");
	ok(group_create(f->db, f->cid, 0, "Creditors - मुंबई", parent, &id, &e), &e, "group");
	tx(f, 0);
	ok(group_get(f->db, f->cid, id, g, &e), &e, "group_get");
	assert_int_equal(g->parent_id, parent);
	assert_int_equal(g->nature, NATURE_LIABILITY);
	assert_string_equal(g->code, "");
	jsonw_init(&w, &b);
	group_json(&w, g);
	assert_int_equal(jsonw_ok(&w), 0);
	ok(db_text(f->db, "SELECT after_json FROM audit_log WHERE entity = 'group' ORDER BY seq DESC LIMIT 1", DB_NOARGS,
		   audited, sizeof audited, &e), &e, "audit");
	assert_string_equal(audited, buf_str(&b));
	assert_non_null(strstr(audited, "\"parent_id\":"));
	assert_non_null(strstr(audited, "\"nature\":\"liability\""));
	/* a second group of that name is a duplicate */
	tx(f, 1);
	assert_int_equal(group_create(f->db, f->cid, 0, "Creditors - मुंबई", parent, &id, &e), ERR_DUPLICATE);
	db_rollback(f->db);
	assert_string_equal(e.reason, "duplicate_name");
	buf_free(&b);
	free(g);
}

/* Walks a list page by page at `limit`, counting rows and checking each page's size and cursor. */
typedef int (*list_fn)(struct fx *f, const struct page *pg, struct jsonw *w, int64_t *next, struct err *e);

static int count_items(const char *json)
{
	int n = 0;
	for (const char *p = json; (p = strstr(p, "{\"id\":")); p++)
		n++;
	return n;
}

static int walk(struct fx *f, list_fn fn, int limit, int *ret_pages)
{
	struct page pg = {0, limit};
	int total = 0, pages = 0;
	do {
		struct buf b = BUF_INIT;
		struct jsonw w;
		struct err e = ERR_INIT;
		int64_t next = -1;
		int n;
		jsonw_init(&w, &b);
		jsonw_arr(&w);
		ok(fn(f, &pg, &w, &next, &e), &e, "list");
		jsonw_arr_end(&w);
		n = count_items(buf_str(&b));
		assert_true(n <= limit);
		assert_true(next == 0 || n == limit);
		total += n;
		pages++;
		pg.after = next;
		buf_free(&b);
		assert_true(pages < 1000);
	} while (pg.after);
	*ret_pages = pages;
	return total;
}

static int groups_fn(struct fx *f, const struct page *pg, struct jsonw *w, int64_t *next, struct err *e)
{
	return group_list_json(f->db, f->cid, pg, w, next, e);
}

static int ledgers_fn(struct fx *f, const struct page *pg, struct jsonw *w, int64_t *next, struct err *e)
{
	return ledger_list_json(f->db, f->cid, NULL, pg, w, next, e);
}

static int vouchers_fn(struct fx *f, const struct page *pg, struct jsonw *w, int64_t *next, struct err *e)
{
	struct voucher_query q = {.page = *pg};
	return voucher_list_json(f->db, f->cid, &q, w, next, e);
}

static void test_pages(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	struct page pg = {0, 500};
	struct buf b = BUF_INIT;
	struct jsonw w;
	int64_t next = 0;
	int pages;

	/* 20 standard groups, 15 ledgers (13 standard and 2 of the fixture) */
	assert_int_equal(walk(f, groups_fn, 500, &pages), 20);
	assert_int_equal(pages, 1);
	assert_int_equal(walk(f, groups_fn, 3, &pages), 20);
	assert_int_equal(pages, 7);
	assert_int_equal(walk(f, groups_fn, 20, &pages), 20);
	assert_int_equal(pages, 1);
	assert_int_equal(walk(f, ledgers_fn, 1, &pages), 15);
	assert_int_equal(pages, 15);
	for (int i = 0; i < 7; i++) {
		struct voucher *v = lines_voucher(VT_JOURNAL, "2026-10-01", f->cash, 100 + i, f->capital, -100 - i, 0, 0);
		ok(post(f, v, &e), &e, "post");
		voucher_free(v);
	}
	assert_int_equal(walk(f, vouchers_fn, 2, &pages), 7);
	assert_int_equal(pages, 4);

	/* ledgers by name, searched; the first page of one shows the order */
	jsonw_init(&w, &b);
	jsonw_arr(&w);
	pg.limit = 2;
	ok(ledger_list_json(f->db, f->cid, "input", &pg, &w, &next, &e), &e, "search");
	jsonw_arr_end(&w);
	assert_int_equal(count_items(buf_str(&b)), 2); /* Input CGST, Input Cess; Input IGST, Input SGST on the next page */
	assert_non_null(strstr(buf_str(&b), "\"name\":\"Input CGST\""));
	assert_true(next != 0);
	buf_reset(&b);
	jsonw_init(&w, &b);
	jsonw_arr(&w);
	pg.after = next;
	ok(ledger_list_json(f->db, f->cid, "input", &pg, &w, &next, &e), &e, "search 2");
	jsonw_arr_end(&w);
	assert_int_equal(count_items(buf_str(&b)), 2);
	assert_non_null(strstr(buf_str(&b), "\"name\":\"Input SGST\""));
	assert_int_equal(next, 0);
	buf_free(&b);

	/* a cursor that is no row of the company */
	pg.after = 999999;
	jsonw_init(&w, &b);
	assert_int_equal(ledger_list_json(f->db, f->cid, NULL, &pg, &w, &next, &e), ERR_INVALID);
	assert_string_equal(e.field, "after");
	err_clear(&e);
	assert_int_equal(group_list_json(f->db, f->cid, &pg, &w, &next, &e), ERR_INVALID);
	assert_string_equal(e.field, "after");
	buf_free(&b);
}

#define DB_TESTS(pre)                                                                         \
	cmocka_unit_test_prestate_setup_teardown(test_unbalanced, setup, teardown, pre),      \
	cmocka_unit_test_prestate_setup_teardown(test_cash_bank_rules, setup, teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_archived, setup, teardown, pre),        \
	cmocka_unit_test_prestate_setup_teardown(test_change_refusals, setup, teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_items, setup, teardown, pre),           \
	cmocka_unit_test_prestate_setup_teardown(test_bills, setup, teardown, pre),           \
	cmocka_unit_test_prestate_setup_teardown(test_group_snapshot, setup, teardown, pre),  \
	cmocka_unit_test_prestate_setup_teardown(test_pages, setup, teardown, pre)

int main(void)
{
	const struct CMUnitTest sqlite_tests[] = {
		cmocka_unit_test(test_type_table),
		cmocka_unit_test(test_types_json),
		DB_TESTS((void *)&on_sqlite),
	};
	const struct CMUnitTest pg_tests[] = {
		DB_TESTS((void *)&on_pg),
	};
	int failed;

	unit_quiet_logs();
	failed = cmocka_run_group_tests_name("vouchers on SQLite", sqlite_tests, NULL, NULL);
	if (unit_pg_url())
		failed += cmocka_run_group_tests_name("vouchers on PostgreSQL", pg_tests, NULL, NULL);
	else
		printf("vouchers on PostgreSQL: skipped (DAFTAR_PG_URL is not set)\n");
	return failed;
}
