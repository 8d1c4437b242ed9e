/* test_reports.c - the accounting reports against the books they read: the generic report and its
 * renderers; the trial balance against a recomputation from raw voucher lines over thousands of
 * random journals with random periods; balance sheet, profit and loss and ledger statements
 * agreeing with it; receivables ageing, GSTR-1/3B and bank reconciliation on hand-worked books.
 * Runs on SQLite, and on PostgreSQL when DAFTAR_PG_URL is set. DAFTAR_BIG_TB=N times the trial
 * balance over kept balances for N vouchers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "accounts/accounts.h"
#include "audit/audit.h"
#include "admin/company.h"
#include "lib/india.h"
#include "parties/parties.h"
#include "reports/reports.h"
#include "lib/text.h"
#include "unit.h"

/* ---- fixture: a company in Maharashtra with a small chart ---- */

struct fx {
	struct unit_db u;
	struct db *db;
	int64_t cid;
	char gstin[16];
	int64_t cash, bank, sales, purchase, capital, rent, interest, freight, service, furniture, loan, round_off;
};

static const enum db_backend on_sqlite = DB_SQLITE;
static const enum db_backend on_pg = DB_POSTGRES;

static void ok(int rc, const struct err *e, const char *what)
{
	if (rc < 0)
		fail_msg("%s: %s (%s) code %d", what, e->msg, e->field, e->code);
}

static void make_gstin(const char *state, const char *pan, char out[16])
{
	snprintf(out, 16, "%s%s1Z", state, pan);
	out[14] = india_gstin_check_char(out);
	out[15] = '\0';
}

static int64_t group_id(struct fx *f, const char *code)
{
	struct err e = ERR_INIT;
	int64_t id = 0;
	ok(group_by_code(f->db, f->cid, code, &id, &e), &e, code);
	return id;
}

static int64_t ledger(struct fx *f, const char *name, const char *code, const char *kind, int64_t opening)
{
	struct ledger_input in;
	struct ledger out;
	struct err e = ERR_INIT;
	memset(&in, 0, sizeof in);
	in.name = name;
	in.group_id = group_id(f, code);
	in.kind = kind;
	in.opening_balance = opening;
	ok(ledger_create(f->db, f->cid, 0, &in, &out, &e), &e, name);
	return out.id;
}

static int64_t kind_ledger(struct fx *f, const char *kind)
{
	struct err e = ERR_INIT;
	int64_t id = 0;
	ok(ledger_of_kind(f->db, f->cid, kind, &id, &e), &e, kind);
	return id;
}

static void begin(struct fx *f)
{
	struct err e = ERR_INIT;
	ok(db_begin_write(f->db, &e), &e, "begin");
}

static void commit(struct fx *f)
{
	struct err e = ERR_INIT;
	ok(db_commit(f->db, &e), &e, "commit");
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct err e = ERR_INIT;
	enum db_backend b = *(const enum db_backend *)*state;

	if (!f || unit_db_make(&f->u, b) < 0)
		return -1;
	if (db_open(f->u.url, &f->db, &e) < 0 || db_migrate(f->db, &e) < 0) {
		fprintf(stderr, "db %s: %s\n", f->u.url, e.msg);
		return -1;
	}
	make_gstin("27", "AAPFD1234K", f->gstin);
	begin(f);
	ok(company_create(f->db, "दफ़्तर Traders", f->gstin, NULL, 0, &f->cid, &e), &e, "company");
	f->cash = kind_ledger(f, "cash");
	f->sales = kind_ledger(f, "sales");
	f->purchase = kind_ledger(f, "purchase");
	f->capital = kind_ledger(f, "capital");
	f->round_off = kind_ledger(f, "round_off");
	f->bank = ledger(f, "HDFC Bank", "bank_accounts", NULL, 0);
	f->rent = ledger(f, "Rent", "indirect_expenses", NULL, 0);
	f->interest = ledger(f, "Interest Received", "indirect_incomes", NULL, 0);
	f->freight = ledger(f, "Freight Inward", "direct_expenses", NULL, 0);
	f->service = ledger(f, "Job Work Income", "direct_incomes", NULL, 0);
	f->furniture = ledger(f, "Furniture", "fixed_assets", NULL, 0);
	f->loan = ledger(f, "SBI Term Loan", "loans_liability", NULL, 0);
	commit(f);
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

/* A party and its ledger. */
static int64_t party(struct fx *f, const char *kind, const char *name, const char *gstin, const char *state, int terms,
		     int64_t *ret_ledger)
{
	struct party_input in;
	struct party *p = calloc(1, sizeof *p);
	struct err e = ERR_INIT;
	int64_t id;
	memset(&in, 0, sizeof in);
	in.set = (1u << PF_KIND) | (1u << PF_NAME) | (1u << PF_TERMS);
	in.text[PF_KIND] = kind;
	in.text[PF_NAME] = name;
	in.payment_terms_days = terms;
	if (gstin) {
		in.set |= 1u << PF_GSTIN;
		in.text[PF_GSTIN] = gstin;
	}
	if (state) {
		in.set |= 1u << PF_STATE;
		in.text[PF_STATE] = state;
	}
	ok(party_create(f->db, f->cid, 0, &in, p, &e), &e, name);
	id = p->id;
	free(p);
	if (ret_ledger)
		ok(ledger_of_party(f->db, f->cid, id, ret_ledger, &e), &e, "party ledger");
	return id;
}

/* Posts a voucher of explicit lines; bill_refs[i] may be NULL, "new:REF" or "REF" (against). */
static int64_t post_lines(struct fx *f, enum voucher_type type, const char *date, int n, const int64_t *ledgers,
			  const int64_t *amounts, const char *const *bills, char *ret_number)
{
	struct voucher *v = voucher_new();
	struct err e = ERR_INIT;
	int64_t id;
	v->type = type;
	text_copy(v->date, sizeof v->date, date);
	for (int i = 0; i < n; i++) {
		struct voucher_line *l = voucher_add_line(v);
		l->ledger_id = ledgers[i];
		l->amount = amounts[i];
		if (bills && bills[i]) {
			if (strncmp(bills[i], "new:", 4) == 0) {
				text_copy(l->bill_ref, sizeof l->bill_ref, bills[i] + 4);
				text_copy(l->bill_type, sizeof l->bill_type, "new");
			} else {
				text_copy(l->bill_ref, sizeof l->bill_ref, bills[i]);
				text_copy(l->bill_type, sizeof l->bill_type, "against");
			}
		}
	}
	ok(voucher_post(f->db, f->cid, 0, v, &e), &e, "voucher_post");
	id = v->id;
	if (ret_number)
		text_copy(ret_number, 40, v->number);
	voucher_free(v);
	return id;
}

/* Posts a GST voucher with one or two items (qty in units, rate in rupees, gst in percent*100). */
struct item_spec {
	const char *hsn;
	int64_t qty, rate_rupees, gst_bps;
};

static int64_t post_items(struct fx *f, enum voucher_type type, const char *date, int64_t party_id, const char *reference,
			  int n, const struct item_spec *items, char *ret_number)
{
	struct voucher *v = voucher_new();
	struct err e = ERR_INIT;
	int64_t id;
	v->type = type;
	v->party_id = party_id;
	text_copy(v->date, sizeof v->date, date);
	if (reference)
		text_copy(v->reference, sizeof v->reference, reference);
	for (int i = 0; i < n; i++) {
		struct voucher_item *it = voucher_add_item(v);
		text_copy(it->description, sizeof it->description, "Goods");
		if (items[i].hsn)
			text_copy(it->hsn, sizeof it->hsn, items[i].hsn);
		text_copy(it->unit, sizeof it->unit, "NOS");
		it->qty = items[i].qty * 1000;
		it->rate = items[i].rate_rupees * 100;
		it->gst_rate = items[i].gst_bps;
	}
	ok(voucher_post(f->db, f->cid, 0, v, &e), &e, "voucher_post items");
	id = v->id;
	if (ret_number)
		text_copy(ret_number, 40, v->number);
	voucher_free(v);
	return id;
}

/* ---- reading reports ---- */

/* A report reads inside its caller's snapshot, as the HTTP edge and the CLI give it one. */
static int snap_run(struct db *db, int64_t cid, const char *name, const struct report_params *p, struct report *r,
		    struct err *e)
{
	int rc = db_begin_read(db, e);
	if (rc < 0)
		return rc;
	rc = report_run(db, cid, name, p, r, e);
	db_rollback(db);
	return rc;
}

static void run(struct fx *f, const char *name, const char *from, const char *to, int64_t ledger_id, struct report *r)
{
	struct report_params p;
	struct err e = ERR_INIT;
	memset(&p, 0, sizeof p);
	if (from)
		text_copy(p.from, sizeof p.from, from);
	if (to)
		text_copy(p.to, sizeof p.to, to);
	p.ledger_id = ledger_id;
	ok(report_params_resolve(&p, "2024-06-30", &e), &e, "params");
	report_init(r);
	ok(snap_run(f->db, f->cid, name, &p, r, &e), &e, name);
}

static const struct report_table *table(const struct report *r, const char *name)
{
	for (int i = 0; i < r->ntables; i++)
		if (!strcmp(r->tables[i].name, name))
			return &r->tables[i];
	fail_msg("no table %s in %s", name, r->name);
	return NULL;
}

static int col(const struct report_table *t, const char *key)
{
	for (int c = 0; c < t->ncols; c++)
		if (!strcmp(t->cols[c].key, key))
			return c;
	fail_msg("no column %s in %s", key, t->name);
	return -1;
}

static int64_t num(const struct report_table *t, size_t row, const char *key) { return report_cell(t, row, col(t, key))->v; }

static const char *txt(const struct report *r, const struct report_table *t, size_t row, const char *key)
{
	return report_text(r, t, row, col(t, key));
}

static int64_t meta(const struct report *r, const char *key)
{
	const struct report_meta *m = report_meta_get(r, key);
	if (!m)
		fail_msg("no summary %s in %s", key, r->name);
	return m->v;
}

/* Index of the row whose drill-down id is (id_name, id) and kind is `kind`, or -1. */
static long find_row(const struct report_table *t, enum report_row_kind kind, const char *id_name, int64_t id)
{
	for (size_t i = 0; i < t->nrows; i++)
		if (t->rows[i].kind == kind && t->rows[i].id_name && !strcmp(t->rows[i].id_name, id_name) && t->rows[i].id == id)
			return (long)i;
	return -1;
}

static long find_text(const struct report *r, const struct report_table *t, const char *key, const char *value)
{
	for (size_t i = 0; i < t->nrows; i++)
		if (!strcmp(txt(r, t, i, key), value))
			return (long)i;
	return -1;
}

#define eq64(a, b, ...)                                                                                 \
	do {                                                                                            \
		long long a_ = (long long)(a), b_ = (long long)(b);                                     \
		if (a_ != b_) {                                                                         \
			char m_[300];                                                                   \
			snprintf(m_, sizeof m_, __VA_ARGS__);                                           \
			fail_msg("%s: %lld != %lld", m_, a_, b_);                                       \
		}                                                                                       \
	} while (0)

/* ---- the generic report and its renderers ---- */

static void test_format(void **state)
{
	struct report r;
	struct report_table *t;
	struct buf out = BUF_INIT;
	struct err e = ERR_INIT;
	long row;
	(void)state;

	report_init(&r);
	r.name = "test";
	text_copy(r.title, sizeof r.title, "Test");
	text_copy(r.company, sizeof r.company, "Co");
	t = report_table_add(&r, "main", "Main");
	report_col(t, "name", "Name", REPORT_TEXT);
	report_col(t, "amount", "Amount", REPORT_MONEY);
	report_col(t, "n", "N", REPORT_INT);
	row = report_row(&r, t, ROW_DATA, 0);
	report_set_text(&r, t, row, 0, "a, \"b\"\nc");
	report_set_i64(t, row, 1, 12345678901);
	report_set_i64(t, row, 2, -3);
	row = report_row(&r, t, ROW_DATA, 1);
	report_set_text(&r, t, row, 0, "=SUM(A1)");
	report_set_i64(t, row, 1, -5);
	row = report_row(&r, t, ROW_DATA, 0);
	report_set_text(&r, t, row, 0, "शर्मा एंड संस");
	report_set_i64(t, row, 1, 100);
	row = report_row(&r, t, ROW_TOTAL, 0);
	report_set_text(&r, t, row, 0, "Total");
	report_meta_money(&r, "total", 12345678996);
	report_meta_bool(&r, "balanced", 1);
	assert_int_equal(report_check(&r, &e), 0);

	assert_int_equal(report_csv(&r, NULL, &out, &e), 0);
	assert_string_equal(buf_str(&out), "Name,Amount,N\r\n"
					   "\"a, \"\"b\"\"\nc\",123456789.01,-3\r\n"
					   "\"'=SUM(A1)\",-0.05,\r\n"
					   "शर्मा एंड संस,1.00,\r\n"
					   "Total,,\r\n");
	buf_reset(&out);
	assert_int_equal(report_json(&r, NULL, &out, &e), 0);
	assert_non_null(strstr(buf_str(&out), "\"amount\":\"123456789.01\""));
	assert_non_null(strstr(buf_str(&out), "\"n\":-3"));
	assert_non_null(strstr(buf_str(&out), "\"summary\":{\"total\":\"123456789.96\",\"balanced\":true}"));
	assert_non_null(strstr(buf_str(&out), "\"kind\":\"total\",\"level\":0,\"cells\":{\"name\":\"Total\",\"amount\":null,\"n\":null}"));
	buf_reset(&out);
	assert_int_equal(report_text_table(&r, NULL, &out, &e), 0);
	assert_non_null(strstr(buf_str(&out), "12,34,56,789.01"));
	assert_non_null(strstr(buf_str(&out), "total: 12,34,56,789.96"));
	{
		/* The money column ends at the same code point on every line, Devanagari names too. */
		const char *a = strstr(buf_str(&out), "12,34,56,789.01"), *b = strstr(buf_str(&out), "शर्मा");
		const char *la = a, *lb = b;
		while (la > buf_str(&out) && la[-1] != '\n')
			la--;
		while (lb > buf_str(&out) && lb[-1] != '\n')
			lb--;
		assert_non_null(a);
		assert_non_null(b);
		b = strstr(b, "1.00");
		eq64(text_utf8_chars(la, (size_t)(a - la)) + strlen("12,34,56,789.01"), text_utf8_chars(lb, (size_t)(b - lb)) + strlen("1.00"),
		     "money column end");
		assert_null(strstr(buf_str(&out), " \n")); /* no trailing blanks */
	}
	buf_reset(&out);
	err_clear(&e);
	assert_int_equal(report_csv(&r, "nope", &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "section");
	report_done(&r);
	report_done(&r); /* twice is harmless */
	buf_free(&out);

	/* Past the row limit the report fails once, cleanly. */
	report_init(&r);
	t = report_table_add(&r, "main", "Big");
	report_col(t, "n", "N", REPORT_INT);
	r.total_rows = REPORT_MAX_ROWS;
	assert_true(report_row(&r, t, ROW_DATA, 0) < 0);
	err_clear(&e);
	assert_int_equal(report_check(&r, &e), ERR_TOO_LARGE);
	report_done(&r);
}

/* Quantities (thousandths): "12.5" in JSON and CSV, Indian grouping in the text table, zeros blank
 * in body rows unless the column shows them, right-aligned like money. */
static void test_format_qty(void **state)
{
	struct report r;
	struct report_table *t;
	struct buf out = BUF_INIT;
	struct err e = ERR_INIT;
	long row;
	(void)state;

	report_init(&r);
	r.name = "test";
	text_copy(r.title, sizeof r.title, "Test");
	text_copy(r.company, sizeof r.company, "Co");
	t = report_table_add(&r, "main", "Main");
	report_col(t, "name", "Name", REPORT_TEXT);
	report_col(t, "in", "In", REPORT_QTY);
	report_col(t, "bal", "Balance", REPORT_QTY);
	t->cols[2].show_zero = 1;
	row = report_row(&r, t, ROW_DATA, 0);
	report_set_text(&r, t, row, 0, "a");
	report_set_i64(t, row, 1, 123456500);
	report_set_i64(t, row, 2, 0);
	row = report_row(&r, t, ROW_DATA, 0);
	report_set_text(&r, t, row, 0, "b");
	report_set_i64(t, row, 1, 0);
	report_set_i64(t, row, 2, -1234567);
	row = report_row(&r, t, ROW_DATA, 0);
	report_set_text(&r, t, row, 0, "c");
	report_set_i64(t, row, 1, INT64_MIN);
	report_set_i64(t, row, 2, 999);
	row = report_row(&r, t, ROW_SUBTOTAL, 0);
	report_set_text(&r, t, row, 0, "Total");
	report_set_i64(t, row, 1, 0);
	assert_int_equal(report_check(&r, &e), 0);

	assert_int_equal(report_csv(&r, NULL, &out, &e), 0);
	assert_string_equal(buf_str(&out), "Name,In,Balance\r\n"
					   "a,123456.5,0\r\n"
					   "b,0,-1234.567\r\n"
					   "c,-9223372036854775.808,0.999\r\n"
					   "Total,0,\r\n");
	buf_reset(&out);
	assert_int_equal(report_json(&r, NULL, &out, &e), 0);
	assert_non_null(strstr(buf_str(&out), "{\"key\":\"in\",\"title\":\"In\",\"type\":\"qty\"}"));
	assert_non_null(strstr(buf_str(&out), "\"cells\":{\"name\":\"a\",\"in\":\"123456.5\",\"bal\":\"0\"}"));
	assert_non_null(strstr(buf_str(&out), "\"cells\":{\"name\":\"Total\",\"in\":\"0\",\"bal\":null}"));
	buf_reset(&out);
	assert_int_equal(report_text_table(&r, NULL, &out, &e), 0);
	assert_string_equal(buf_str(&out), "Test\nCo\n\nMain\n"
					   "Name                             In     Balance\n"
					   "-----------------------------------------------\n"
					   "a                        1,23,456.5           0\n"
					   "b                                    -1,234.567\n"
					   "c      -9,22,33,72,03,68,54,775.808       0.999\n"
					   "Total                             0\n");
	report_done(&r);
	buf_free(&out);
}

static void test_params(void **state)
{
	struct report_params p;
	struct err e = ERR_INIT;
	(void)state;

	memset(&p, 0, sizeof p);
	assert_int_equal(report_params_resolve(&p, "2025-02-10", &e), 0);
	assert_string_equal(p.from, "2024-04-01");
	assert_string_equal(p.to, "2025-02-10");
	memset(&p, 0, sizeof p);
	text_copy(p.as_of, sizeof p.as_of, "2024-03-31");
	assert_int_equal(report_params_resolve(&p, "2025-02-10", &e), 0);
	assert_string_equal(p.from, "2023-04-01");
	assert_string_equal(p.to, "2024-03-31");
	memset(&p, 0, sizeof p);
	text_copy(p.from, sizeof p.from, "2024-02-30");
	assert_int_equal(report_params_resolve(&p, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "from");
	err_clear(&e);
	memset(&p, 0, sizeof p);
	text_copy(p.from, sizeof p.from, "2024-05-02");
	text_copy(p.to, sizeof p.to, "2024-05-01");
	assert_int_equal(report_params_resolve(&p, NULL, &e), ERR_INVALID);
	err_clear(&e);
	memset(&p, 0, sizeof p);
	text_copy(p.to, sizeof p.to, "2024-5-1");
	assert_int_equal(report_params_resolve(&p, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "to");
	err_clear(&e);
	memset(&p, 0, sizeof p);
	text_copy(p.from, sizeof p.from, "2024-02-29");
	text_copy(p.to, sizeof p.to, "2024-02-29");
	assert_int_equal(report_params_resolve(&p, NULL, &e), 0);
	assert_null(report_find("nope"));
	assert_non_null(report_find("gstr3b"));
}

/* ---- the trial balance against raw voucher lines ---- */

struct raw_line {
	int64_t ledger, amount;
	char date[11];
};

struct raw {
	size_t n;
	struct raw_line *l;
	size_t nl;
	int64_t *ids, *ob;
	int *pl, *direct, *nature; /* nature: 0 asset 1 liability 2 income 3 expense (top group) */
};

static int nature_code(const char *s)
{
	return !strcmp(s, "liability") ? 1 : !strcmp(s, "income") ? 2 : !strcmp(s, "expense") ? 3 : 0;
}

/* Reads every active posting and every ledger with its top-level group's nature, independently
 * of the report code. */
static void raw_load(struct fx *f, struct raw *w)
{
	struct err e = ERR_INIT;
	struct db_stmt *st;
	size_t cap = 0;
	int rc;
	memset(w, 0, sizeof w[0]);
	st = db_prepare(f->db, "SELECT ledger_id, amount, date FROM voucher_lines WHERE company_id = ? AND active = 1", &e);
	assert_non_null(st);
	db_bind_i64(st, 1, f->cid);
	while ((rc = db_step(st, &e)) == DB_ROW) {
		if (w->n == cap) {
			cap = cap ? cap * 2 : 1024;
			w->l = realloc(w->l, cap * sizeof *w->l);
		}
		w->l[w->n].ledger = db_col_i64(st, 0);
		w->l[w->n].amount = db_col_i64(st, 1);
		text_copy(w->l[w->n].date, 11, db_col_text(st, 2));
		w->n++;
	}
	db_done(st);
	assert_int_equal(rc, DB_DONE);
	/* Walk each ledger's group up to the top with a recursive query. */
	st = db_prepare(f->db,
			"WITH RECURSIVE up(ledger_id, gid, parent, nature, gp) AS ("
			" SELECT l.id, g.id, g.parent_id, g.nature, g.gross_profit FROM ledgers l JOIN account_groups g ON g.id = l.group_id WHERE l.company_id = ?"
			" UNION ALL SELECT up.ledger_id, g.id, g.parent_id, g.nature, g.gross_profit FROM up JOIN account_groups g ON g.id = up.parent)"
			" SELECT up.ledger_id, up.nature, (SELECT max(u2.gp) FROM up u2 WHERE u2.ledger_id = up.ledger_id), l.opening_balance"
			" FROM up JOIN ledgers l ON l.id = up.ledger_id WHERE up.parent IS NULL ORDER BY up.ledger_id",
			&e);
	assert_non_null(st);
	db_bind_i64(st, 1, f->cid);
	cap = 0;
	while ((rc = db_step(st, &e)) == DB_ROW) {
		if (w->nl == cap) {
			cap = cap ? cap * 2 : 64;
			w->ids = realloc(w->ids, cap * sizeof *w->ids);
			w->ob = realloc(w->ob, cap * sizeof *w->ob);
			w->pl = realloc(w->pl, cap * sizeof *w->pl);
			w->direct = realloc(w->direct, cap * sizeof *w->direct);
			w->nature = realloc(w->nature, cap * sizeof *w->nature);
		}
		w->ids[w->nl] = db_col_i64(st, 0);
		w->nature[w->nl] = nature_code(db_col_text(st, 1));
		w->pl[w->nl] = w->nature[w->nl] >= 2;
		w->direct[w->nl] = db_col_i64(st, 2) != 0;
		w->ob[w->nl] = db_col_i64(st, 3);
		w->nl++;
	}
	db_done(st);
	assert_int_equal(rc, DB_DONE);
}

static void raw_free(struct raw *w)
{
	free(w->l);
	free(w->ids);
	free(w->ob);
	free(w->pl);
	free(w->direct);
	free(w->nature);
}

static int fy_of(const char *d)
{
	int y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
	return strncmp(d + 5, "04", 2) < 0 ? y - 1 : y;
}

/* Expected trial balance figures of ledger k: opening net, debit, credit; and the P&L prior. */
static void raw_tb(const struct raw *w, size_t k, const char *from, const char *to, const char *books_from, int64_t *open,
		   int64_t *dr, int64_t *cr, int64_t *prior)
{
	char fy_start[11];
	int fy = fy_of(from), bfy = fy_of(books_from);
	snprintf(fy_start, sizeof fy_start, "%04d-04-01", fy);
	*open = *dr = *cr = *prior = 0;
	if (!w->pl[k] || bfy >= fy)
		*open = w->ob[k];
	else
		*prior = w->ob[k];
	for (size_t i = 0; i < w->n; i++) {
		const struct raw_line *l = &w->l[i];
		if (l->ledger != w->ids[k])
			continue;
		if (strcmp(l->date, from) < 0) {
			if (w->pl[k] && strcmp(l->date, fy_start) < 0)
				*prior += l->amount;
			else
				*open += l->amount;
		} else if (strcmp(l->date, to) <= 0) {
			if (l->amount > 0)
				*dr += l->amount;
			else
				*cr -= l->amount;
		}
	}
}

/* A random date from 2023-03 to 2025-05, half of them at a month's edge. */
static void rand_date(char out[11])
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int m = 2 + rand() % 27, y = 2023 + m / 12, mo = m % 12 + 1, last = mdays[mo - 1] + (mo == 2 && y % 4 == 0);
	int pick = rand() % 6, d = pick == 0 ? 1 : pick == 1 ? last : pick == 2 ? 2 : pick == 3 ? last - 1 : 1 + rand() % last;
	char b[32];
	snprintf(b, sizeof b, "%04d-%02d-%02d", y, mo, d);
	memcpy(out, b, 10);
	out[10] = '\0';
}

static void rand_range(char from[11], char to[11])
{
	char a[11], b[11];
	rand_date(a);
	rand_date(b);
	if (strcmp(a, b) > 0) {
		memcpy(from, b, 11);
		memcpy(to, a, 11);
	} else {
		memcpy(from, a, 11);
		memcpy(to, b, 11);
	}
}

static void set_books_from(struct fx *f, const char *date)
{
	struct err e = ERR_INIT;
	struct db_stmt *st = db_prepare(f->db, "UPDATE books SET books_from = ? WHERE company_id = ?", &e);
	assert_non_null(st);
	db_bind_text(st, 1, date);
	db_bind_i64(st, 2, f->cid);
	ok(db_step(st, &e), &e, "books_from");
	db_done(st);
}

static void check_tb(struct fx *f, const struct raw *w, const char *from, const char *to, const char *books_from)
{
	struct report r;
	const struct report_table *t;
	int64_t prior = 0, diff = 0;
	long row;

	run(f, "trial-balance", from, to, 0, &r);
	t = table(&r, "main");
	assert_true(meta(&r, "balanced"));
	eq64(meta(&r, "debit_total"), meta(&r, "credit_total"), "TB %s..%s debit = credit", from, to);
	eq64(meta(&r, "closing_debit_total"), meta(&r, "closing_credit_total"), "TB %s..%s closing", from, to);
	for (size_t k = 0; k < w->nl; k++) {
		int64_t open, dr, cr, pr;
		raw_tb(w, k, from, to, books_from, &open, &dr, &cr, &pr);
		prior += pr;
		diff += w->ob[k];
		row = find_row(t, ROW_LEDGER, "ledger_id", w->ids[k]);
		if (row < 0) {
			if (open || dr || cr)
				fail_msg("TB %s..%s: ledger %lld missing (open %lld dr %lld cr %lld)", from, to, (long long)w->ids[k],
					 (long long)open, (long long)dr, (long long)cr);
			continue;
		}
		eq64(num(t, (size_t)row, "opening_debit") - num(t, (size_t)row, "opening_credit"), open, "TB %s..%s ledger %lld opening",
		     from, to, (long long)w->ids[k]);
		eq64(num(t, (size_t)row, "debit"), dr, "TB %s..%s ledger %lld debit", from, to, (long long)w->ids[k]);
		eq64(num(t, (size_t)row, "credit"), cr, "TB %s..%s ledger %lld credit", from, to, (long long)w->ids[k]);
		eq64(num(t, (size_t)row, "closing_debit") - num(t, (size_t)row, "closing_credit"), open + dr - cr,
		     "TB %s..%s ledger %lld closing", from, to, (long long)w->ids[k]);
	}
	row = find_text(&r, t, "particulars", "Profit & Loss A/c");
	eq64(row < 0 ? 0 : num(t, (size_t)row, "opening_debit") - num(t, (size_t)row, "opening_credit"), prior,
	     "TB %s..%s P&L prior", from, to);
	row = find_text(&r, t, "particulars", "Difference in opening balances");
	eq64(row < 0 ? 0 : num(t, (size_t)row, "closing_credit") - num(t, (size_t)row, "closing_debit"), diff,
	     "TB %s..%s opening difference", from, to);
	report_done(&r);
}

/* P&L: net profit = incomes - expenses over the period from raw lines; gross profit likewise over
 * the direct groups. Balance sheet at `to` balances and its assets are the raw asset balances. */
static void check_pl_bs(struct fx *f, const struct raw *w, const char *from, const char *to, const char *books_from)
{
	struct report r;
	int64_t np = 0, gp = 0, assets = 0;
	int with_ob = strcmp(books_from, from) >= 0 && strcmp(books_from, to) <= 0;

	for (size_t k = 0; k < w->nl; k++) {
		int64_t net = with_ob && w->pl[k] ? w->ob[k] : 0, close = w->ob[k];
		for (size_t i = 0; i < w->n; i++) {
			if (w->l[i].ledger != w->ids[k])
				continue;
			if (strcmp(w->l[i].date, from) >= 0 && strcmp(w->l[i].date, to) <= 0)
				net += w->l[i].amount;
			if (strcmp(w->l[i].date, to) <= 0)
				close += w->l[i].amount;
		}
		if (w->pl[k]) {
			np -= net;
			if (w->direct[k])
				gp -= net;
		} else if (w->nature[k] == 0) {
			assets += close;
		}
	}
	run(f, "profit-loss", from, to, 0, &r);
	eq64(meta(&r, "net_profit"), np, "P&L %s..%s net profit", from, to);
	eq64(meta(&r, "gross_profit"), gp, "P&L %s..%s gross profit", from, to);
	report_done(&r);
	run(f, "balance-sheet", NULL, to, 0, &r);
	assert_true(meta(&r, "balanced"));
	eq64(meta(&r, "total_assets"), meta(&r, "total_liabilities"), "BS %s", to);
	eq64(meta(&r, "total_assets"), assets, "BS %s assets", to);
	report_done(&r);
}

/* The ledger statement's running balance ends at the trial balance's closing. */
static void check_ledger(struct fx *f, int64_t ledger_id, const char *from, const char *to)
{
	struct report tb, lr;
	const struct report_table *t, *l;
	long row;
	int64_t tb_open = 0, tb_close = 0, bal;
	run(f, "trial-balance", from, to, 0, &tb);
	t = table(&tb, "main");
	row = find_row(t, ROW_LEDGER, "ledger_id", ledger_id);
	if (row >= 0) {
		tb_open = num(t, (size_t)row, "opening_debit") - num(t, (size_t)row, "opening_credit");
		tb_close = num(t, (size_t)row, "closing_debit") - num(t, (size_t)row, "closing_credit");
	}
	run(f, "ledger", from, to, ledger_id, &lr);
	l = table(&lr, "main");
	eq64(meta(&lr, "opening"), tb_open, "ledger %lld %s..%s opening", (long long)ledger_id, from, to);
	eq64(meta(&lr, "closing"), tb_close, "ledger %lld %s..%s closing", (long long)ledger_id, from, to);
	/* Walk the rows: each posting moves the balance by its amount. */
	bal = num(l, 0, "balance");
	for (size_t i = 1; i < l->nrows; i++) {
		if (l->rows[i].kind != ROW_DATA)
			continue;
		bal += num(l, i, "debit") - num(l, i, "credit");
		eq64(num(l, i, "balance"), bal, "ledger %lld running balance row %zu", (long long)ledger_id, i);
		assert_string_equal(l->rows[i].id_name, "voucher_id");
	}
	eq64(bal, tb_close, "ledger %lld ends at the TB closing", (long long)ledger_id);
	report_done(&tb);
	report_done(&lr);
}

static void test_tb_property(void **state)
{
	struct fx *f = *state;
	struct raw w;
	struct err e = ERR_INIT;
	int64_t cust1, cust2, vend1, pool[16];
	int npool = 0, nvouchers = db_backend(f->db) == DB_POSTGRES ? 800 : 3000;
	int64_t *ids = calloc((size_t)nvouchers, sizeof *ids);
	char books_from[11] = "2000-04-01";
	static const char *const edges[][2] = {
		{"2023-04-01", "2024-03-31"}, {"2024-04-01", "2025-03-31"}, {"2024-03-31", "2024-04-01"},
		{"2024-02-01", "2024-02-29"}, {"2024-02-29", "2024-03-01"}, {"2023-12-31", "2024-01-01"},
		{"2023-05-15", "2023-05-15"}, {"2023-03-01", "2025-05-31"}, {"2024-04-02", "2024-06-29"},
	};

	srand(20240401);
	begin(f);
	party(f, "customer", "Sharma Traders", NULL, "27", 30, &cust1);
	party(f, "customer", "बंसल किराना स्टोर", NULL, "08", 15, &cust2);
	party(f, "vendor", "Mehta Steel", NULL, "27", 30, &vend1);
	/* Opening balances that do not agree, on both kinds of ledger. */
	pool[npool++] = ledger(f, "Old Debtor", "sundry_debtors", NULL, 1234567);
	pool[npool++] = ledger(f, "Advance Salary", "current_assets", NULL, -2000);
	pool[npool++] = ledger(f, "Commission", "indirect_incomes", NULL, -55555);
	commit(f);
	pool[npool++] = f->cash;
	pool[npool++] = f->bank;
	pool[npool++] = f->sales;
	pool[npool++] = f->purchase;
	pool[npool++] = f->capital;
	pool[npool++] = f->rent;
	pool[npool++] = f->interest;
	pool[npool++] = f->freight;
	pool[npool++] = f->service;
	pool[npool++] = f->furniture;
	pool[npool++] = f->loan;
	pool[npool++] = cust1;
	pool[npool++] = vend1;
	(void)cust2;

	begin(f);
	for (int i = 0; i < nvouchers; i++) {
		int64_t led[5], amt[5], sum = 0;
		int n = 2 + rand() % 3;
		char date[11];
		rand_date(date);
		for (int k = 0; k < n - 1; k++) {
			led[k] = pool[rand() % npool];
			amt[k] = (rand() % 2 ? 1 : -1) * (1 + (int64_t)rand() % 10000000);
			sum += amt[k];
		}
		if (sum == 0) {
			amt[0] += 1;
			sum += 1;
		}
		led[n - 1] = pool[rand() % npool];
		amt[n - 1] = -sum;
		ids[i] = post_lines(f, VT_JOURNAL, date, n, led, amt, NULL, NULL);
	}
	/* Cancel some and alter others: reports must follow the current version only. */
	for (int i = 0; i < nvouchers; i += 17) {
		struct voucher *out = NULL;
		ok(voucher_cancel(f->db, f->cid, 0, ids[i], 1, &out, &e), &e, "cancel");
		voucher_free(out);
	}
	for (int i = 5; i < nvouchers; i += 23) {
		struct voucher *cur = NULL, *v = voucher_new();
		struct voucher_line *l;
		ok(voucher_get(f->db, f->cid, ids[i], &cur, &e), &e, "get");
		if (strcmp(cur->status, "active") == 0) {
			v->type = VT_JOURNAL;
			text_copy(v->date, sizeof v->date, cur->date);
			l = voucher_add_line(v);
			l->ledger_id = pool[rand() % npool];
			l->amount = 777;
			l = voucher_add_line(v);
			l->ledger_id = pool[rand() % npool];
			l->amount = -777;
			ok(voucher_alter(f->db, f->cid, 0, ids[i], cur->version, v, &e), &e, "alter");
		}
		voucher_free(cur);
		voucher_free(v);
	}
	commit(f);
	free(ids);
	raw_load(f, &w);
	assert_true(w.n > (size_t)nvouchers);

	for (int round = 0; round < 3; round++) {
		if (round == 1)
			memcpy(books_from, "2024-04-01", 11);
		if (round == 2)
			memcpy(books_from, "2023-10-01", 11);
		set_books_from(f, books_from);
		for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
			check_tb(f, &w, edges[i][0], edges[i][1], books_from);
			check_pl_bs(f, &w, edges[i][0], edges[i][1], books_from);
		}
		for (int i = 0; i < (db_backend(f->db) == DB_POSTGRES ? 8 : 25); i++) {
			char from[11], to[11];
			rand_range(from, to);
			check_tb(f, &w, from, to, books_from);
			check_pl_bs(f, &w, from, to, books_from);
			check_ledger(f, pool[rand() % npool], from, to);
		}
	}
	raw_free(&w);
}

/* ---- receivables and payables, worked by hand ---- */

static void test_receivables(void **state)
{
	struct fx *f = *state;
	struct report r;
	const struct report_table *t;
	int64_t cust, cust_l, vend, vend_l;
	char s1[40], s2[40], s3[40], s4[40], p1[40];
	const struct item_spec one = {NULL, 1, 1000, 0};
	long row;

	begin(f);
	cust = party(f, "customer", "Sharma Traders", NULL, "27", 30, &cust_l);
	vend = party(f, "vendor", "Mehta Steel", NULL, "27", 45, &vend_l);
	{
		struct item_spec a = one;
		post_items(f, VT_SALES, "2024-06-20", cust, NULL, 1, &a, s1);   /* 1000, 10 days */
		a.rate_rupees = 2000;
		post_items(f, VT_SALES, "2024-05-15", cust, NULL, 1, &a, s2);   /* 2000, 46 days */
		a.rate_rupees = 3000;
		post_items(f, VT_SALES, "2024-04-10", cust, NULL, 1, &a, s3);   /* 3000, 81 days */
		a.rate_rupees = 4000;
		post_items(f, VT_SALES, "2024-03-01", cust, NULL, 1, &a, s4);   /* 4000, 121 days */
		a.rate_rupees = 700;
		post_items(f, VT_PURCHASE, "2024-06-01", vend, NULL, 1, &a, p1); /* 700 payable, 29 days */
	}
	{
		int64_t led[2] = {f->cash, cust_l}, amt[2] = {100000, -100000};
		const char *bills[2] = {NULL, s4};
		post_lines(f, VT_RECEIPT, "2024-05-01", 2, led, amt, bills, NULL);  /* 1000 against S4 */
		amt[0] = 300000;
		amt[1] = -300000;
		bills[1] = s3;
		post_lines(f, VT_RECEIPT, "2024-06-25", 2, led, amt, bills, NULL);  /* S3 settled */
		amt[0] = 50000;
		amt[1] = -50000;
		post_lines(f, VT_RECEIPT, "2024-06-28", 2, led, amt, NULL, NULL);   /* 500 on account */
		amt[0] = 200000;
		amt[1] = -200000;
		bills[1] = s2;
		post_lines(f, VT_RECEIPT, "2024-07-05", 2, led, amt, bills, NULL);  /* after the date */
	}
	{
		int64_t led[2] = {vend_l, f->bank}, amt[2] = {20000, -20000};
		const char *bills[2] = {p1, NULL};
		post_lines(f, VT_PAYMENT, "2024-06-10", 2, led, amt, bills, NULL);
	}
	commit(f);

	run(f, "receivables", "2024-04-01", "2024-06-30", 0, &r);
	t = table(&r, "main");
	eq64(meta(&r, "d0_30"), 100000, "0-30");
	eq64(meta(&r, "d31_60"), 200000, "31-60");
	eq64(meta(&r, "d61_90"), 0, "61-90");
	eq64(meta(&r, "d90_plus"), 300000, ">90");
	eq64(meta(&r, "on_account"), -50000, "on account");
	eq64(meta(&r, "pending"), 550000, "pending");
	row = find_text(&r, t, "particulars", s4);
	assert_true(row >= 0);
	eq64(num(t, (size_t)row, "amount"), 400000, "S4 amount");
	eq64(num(t, (size_t)row, "settled"), 100000, "S4 settled");
	eq64(num(t, (size_t)row, "pending"), 300000, "S4 pending");
	eq64(num(t, (size_t)row, "age_days"), 121, "S4 age");
	assert_string_equal(txt(&r, t, (size_t)row, "date"), "2024-03-01");
	assert_string_equal(txt(&r, t, (size_t)row, "due_date"), "2024-03-31");
	assert_true(find_text(&r, t, "particulars", s3) < 0); /* settled in full */
	row = find_row(t, ROW_GROUP, "ledger_id", cust_l);
	assert_true(row >= 0);
	eq64(num(t, (size_t)row, "pending"), 550000, "party pending");
	report_done(&r);

	/* The ledger's own balance agrees: bills plus on account. */
	run(f, "ledger", "2024-04-01", "2024-06-30", cust_l, &r);
	eq64(meta(&r, "closing"), 550000, "customer closing");
	report_done(&r);

	/* Settled bills show with all=1. */
	{
		struct report_params p;
		struct err e = ERR_INIT;
		memset(&p, 0, sizeof p);
		text_copy(p.to, sizeof p.to, "2024-06-30");
		p.all = 1;
		ok(report_params_resolve(&p, NULL, &e), &e, "params");
		report_init(&r);
		ok(snap_run(f->db, f->cid, "receivables", &p, &r, &e), &e, "receivables all");
		assert_true(find_text(&r, table(&r, "main"), "particulars", s3) >= 0);
		report_done(&r);
	}
	/* A week later the July receipt settles S2. */
	run(f, "receivables", NULL, "2024-07-07", 0, &r);
	eq64(meta(&r, "pending"), 350000, "pending on 7 July");
	eq64(meta(&r, "d31_60"), 0, "S2 gone");
	report_done(&r);

	run(f, "payables", "2024-04-01", "2024-06-30", 0, &r);
	t = table(&r, "main");
	eq64(meta(&r, "d0_30"), 50000, "payable 0-30");
	eq64(meta(&r, "pending"), 50000, "payable pending");
	row = find_text(&r, t, "particulars", p1);
	assert_true(row >= 0);
	eq64(num(t, (size_t)row, "settled"), 20000, "P1 settled");
	assert_string_equal(txt(&r, t, (size_t)row, "due_date"), "2024-07-16");
	report_done(&r);
}

/* ---- GST returns, worked by hand ---- */

static void test_gst(void **state)
{
	struct fx *f = *state;
	struct report r;
	const struct report_table *t;
	char g27[16], g29[16], gv27[16], gv29[16], s1[40], s7[40];
	int64_t r27, r29, u29, u27, v27, v29, cancelled;
	struct buf out = BUF_INIT;
	struct err e = ERR_INIT;
	long row;

	make_gstin("27", "AABCR1234F", g27);
	make_gstin("29", "AABCR5678G", g29);
	make_gstin("27", "AABCV1111H", gv27);
	make_gstin("29", "AABCV2222J", gv29);
	begin(f);
	r27 = party(f, "customer", "Registered Mumbai", g27, NULL, 0, NULL);
	r29 = party(f, "customer", "Registered Bengaluru", g29, NULL, 0, NULL);
	u29 = party(f, "customer", "Walk-in Bengaluru", NULL, "29", 0, NULL);
	u27 = party(f, "customer", "Walk-in Pune", NULL, "27", 0, NULL);
	v27 = party(f, "vendor", "Supplier Thane", gv27, NULL, 0, NULL);
	v29 = party(f, "vendor", "Supplier Mysuru", gv29, NULL, 0, NULL);
	{
		struct item_spec i1[1] = {{"8471", 2, 10000, 1800}};
		struct item_spec i2[2] = {{"8471", 1, 50000, 1800}, {"9983", 1, 10000, 1200}};
		struct item_spec i3[1] = {{"6109", 1, 150000, 500}};
		struct item_spec i4[1] = {{"6109", 1, 200000, 500}};
		struct item_spec i5[1] = {{"9983", 3, 1000, 1200}};
		struct item_spec i6[1] = {{"0401", 1, 5000, 0}};
		struct item_spec c1[1] = {{"8471", 1, 10000, 1800}};
		struct item_spec c2[1] = {{"6109", 1, 120000, 500}};
		struct item_spec c3[1] = {{"9983", 1, 1000, 1200}};
		struct item_spec p1[1] = {{"8471", 1, 40000, 1800}};
		struct item_spec p2[1] = {{"8471", 1, 10000, 1800}};
		struct item_spec d1[1] = {{"8471", 1, 5000, 1800}};
		struct item_spec big[1] = {{"8471", 1, 99999, 1800}};
		post_items(f, VT_SALES, "2024-08-05", r27, NULL, 1, i1, s1);
		post_items(f, VT_SALES, "2024-08-06", r29, NULL, 2, i2, NULL);
		post_items(f, VT_SALES, "2024-08-07", u29, NULL, 1, i3, NULL);  /* b2cl: above 1 lakh */
		post_items(f, VT_SALES, "2024-07-10", u29, NULL, 1, i4, NULL);  /* b2cs: July, under 2.5 lakh */
		post_items(f, VT_SALES, "2024-08-08", u27, NULL, 1, i5, NULL);
		post_items(f, VT_SALES, "2024-08-09", u27, NULL, 1, i6, NULL);  /* nil rated */
		post_items(f, VT_CREDIT_NOTE, "2024-08-20", r27, s1, 1, c1, NULL);
		post_items(f, VT_CREDIT_NOTE, "2024-08-21", u29, NULL, 1, c2, NULL);
		post_items(f, VT_CREDIT_NOTE, "2024-08-22", u27, NULL, 1, c3, NULL);
		post_items(f, VT_PURCHASE, "2024-08-10", v27, NULL, 1, p1, NULL);
		post_items(f, VT_PURCHASE, "2024-08-11", v29, NULL, 1, p2, NULL);
		post_items(f, VT_DEBIT_NOTE, "2024-08-25", v27, NULL, 1, d1, NULL);
		cancelled = post_items(f, VT_SALES, "2024-08-12", r27, NULL, 1, big, s7);
		post_items(f, VT_SALES, "2024-09-01", r27, NULL, 1, big, NULL); /* outside the period */
		{
			struct voucher *x = NULL;
			ok(voucher_cancel(f->db, f->cid, 0, cancelled, 1, &x, &e), &e, "cancel");
			voucher_free(x);
		}
	}
	commit(f);

	run(f, "gstr1", "2024-07-01", "2024-08-31", 0, &r);
	t = table(&r, "b2b");
	assert_int_equal(t->nrows, 3);
	assert_string_equal(txt(&r, t, 0, "gstin"), g27);
	assert_string_equal(txt(&r, t, 0, "number"), s1);
	assert_string_equal(txt(&r, t, 0, "place_of_supply"), "27-Maharashtra");
	eq64(num(t, 0, "taxable"), 2000000, "S1 taxable");
	eq64(num(t, 0, "cgst"), 180000, "S1 cgst");
	eq64(num(t, 0, "value"), 2360000, "S1 value");
	assert_string_equal(txt(&r, t, 1, "gstin"), g29);
	assert_string_equal(txt(&r, t, 1, "rate"), "12");
	eq64(num(t, 1, "igst"), 120000, "S2 12%% igst");
	assert_string_equal(txt(&r, t, 2, "rate"), "18");
	eq64(num(t, 2, "igst"), 900000, "S2 18%% igst");
	eq64(num(t, 2, "value"), 7020000, "S2 value");
	t = table(&r, "b2cl");
	assert_int_equal(t->nrows, 1);
	eq64(num(t, 0, "taxable"), 15000000, "b2cl taxable");
	eq64(num(t, 0, "igst"), 750000, "b2cl igst");
	assert_string_equal(txt(&r, t, 0, "place_of_supply"), "29-Karnataka");
	t = table(&r, "b2cs");
	assert_int_equal(t->nrows, 2);
	assert_string_equal(txt(&r, t, 0, "place_of_supply"), "27-Maharashtra");
	eq64(num(t, 0, "taxable"), 200000, "b2cs 27 net of the credit note");
	eq64(num(t, 0, "cgst"), 12000, "b2cs 27 cgst");
	assert_string_equal(txt(&r, t, 1, "supply_type"), "Inter State");
	eq64(num(t, 1, "taxable"), 20000000, "b2cs 29 (July: under 2.5 lakh)");
	eq64(num(t, 1, "igst"), 1000000, "b2cs 29 igst");
	t = table(&r, "cdnr");
	assert_int_equal(t->nrows, 1);
	assert_string_equal(txt(&r, t, 0, "against"), s1);
	eq64(num(t, 0, "value"), 1180000, "cdnr value");
	eq64(num(t, 0, "sgst"), 90000, "cdnr sgst");
	t = table(&r, "cdnur");
	assert_int_equal(t->nrows, 1);
	eq64(num(t, 0, "igst"), 600000, "cdnur igst");
	t = table(&r, "nil");
	eq64(num(t, 3, "nil_rated"), 500000, "nil intra B2C");
	eq64(num(t, 0, "nil_rated") + num(t, 1, "nil_rated") + num(t, 2, "nil_rated"), 0, "other nil");
	t = table(&r, "hsn");
	assert_int_equal(t->nrows, 4);
	row = find_text(&r, t, "hsn", "6109");
	assert_string_equal(txt(&r, t, (size_t)row, "quantity"), "1");
	eq64(num(t, (size_t)row, "taxable"), 23000000, "hsn 6109 taxable");
	eq64(num(t, (size_t)row, "igst"), 1150000, "hsn 6109 igst");
	row = find_text(&r, t, "hsn", "8471");
	assert_string_equal(txt(&r, t, (size_t)row, "quantity"), "2");
	eq64(num(t, (size_t)row, "taxable"), 6000000, "hsn 8471 taxable");
	eq64(num(t, (size_t)row, "cgst"), 90000, "hsn 8471 cgst");
	row = find_text(&r, t, "hsn", "9983");
	assert_string_equal(txt(&r, t, (size_t)row, "quantity"), "3");
	eq64(num(t, (size_t)row, "taxable"), 1200000, "hsn 9983 taxable");
	eq64(meta(&r, "taxable"), 30200000, "GSTR-1 taxable");
	eq64(meta(&r, "igst"), 2170000, "GSTR-1 igst");
	eq64(meta(&r, "cgst"), 102000, "GSTR-1 cgst");
	assert_int_equal(report_json(&r, NULL, &out, &e), 0);
	assert_non_null(strstr(buf_str(&out), "\"gstr1\":{\"gstin\":"));
	assert_non_null(strstr(buf_str(&out), "\"fp\":\"082024\""));
	assert_non_null(strstr(buf_str(&out), "\"idt\":\"05-08-2024\""));
	assert_non_null(strstr(buf_str(&out), "\"itm_det\":{\"rt\":18,\"txval\":\"20000.00\",\"iamt\":\"0.00\",\"camt\":\"1800.00\""));
	assert_non_null(strstr(buf_str(&out), "\"b2cl\":[{\"pos\":\"29\",\"inv\":[{"));
	assert_non_null(strstr(buf_str(&out), "\"ntty\":\"C\""));
	buf_reset(&out);
	assert_int_equal(report_csv(&r, "b2b", &out, &e), 0);
	assert_non_null(strstr(buf_str(&out), "GSTIN/UIN of Recipient,Receiver Name,Invoice Number,Invoice Date"));
	buf_free(&out);
	report_done(&r);

	run(f, "gstr3b", "2024-07-01", "2024-08-31", 0, &r);
	t = table(&r, "main");
	row = find_text(&r, t, "section", "3.1(a)");
	eq64(num(t, (size_t)row, "taxable"), 30200000, "3.1(a) taxable");
	eq64(num(t, (size_t)row, "igst"), 2170000, "3.1(a) igst");
	eq64(num(t, (size_t)row, "cgst"), 102000, "3.1(a) cgst");
	eq64(num(t, (size_t)row, "sgst"), 102000, "3.1(a) sgst");
	row = find_text(&r, t, "section", "3.1(c)");
	eq64(num(t, (size_t)row, "taxable"), 500000, "3.1(c)");
	row = find_text(&r, t, "section", "4(A)(5)");
	eq64(num(t, (size_t)row, "igst"), 180000, "ITC igst");
	eq64(num(t, (size_t)row, "cgst"), 360000, "ITC cgst");
	row = find_text(&r, t, "section", "4(B)(2)");
	eq64(num(t, (size_t)row, "cgst"), 45000, "ITC reversed cgst");
	row = find_text(&r, t, "section", "4(C)");
	eq64(num(t, (size_t)row, "sgst"), 315000, "net ITC sgst");
	/* 6.1: net credit CGST 3,150 and SGST 3,150 pay their own 1,020 each, and the 2,130 left of
	 * each pays IGST (section 49(5)): IGST 21,700 - 1,800 - 2,130 - 2,130 = 15,640 in cash. Set off
	 * head by head it was 19,900, with 2,130 + 2,130 carried forward. */
	eq64(meta(&r, "payable_igst"), 1564000, "IGST payable");
	eq64(meta(&r, "payable_cgst"), 0, "CGST payable");
	eq64(meta(&r, "payable_sgst"), 0, "SGST payable");
	t = table(&r, "payment");
	row = find_text(&r, t, "description", "Integrated Tax");
	eq64(num(t, (size_t)row, "itc_cgst"), 213000, "CGST credit against IGST");
	eq64(num(t, (size_t)row, "itc_sgst"), 213000, "SGST credit against IGST");
	row = find_text(&r, t, "description", "ITC left to carry forward");
	eq64(num(t, (size_t)row, "itc_cgst"), 0, "no CGST carried forward");
	report_done(&r);

	/* The books agree: output CGST ledger's credit = GSTR-1 CGST; the cancelled invoice left nothing. */
	run(f, "trial-balance", "2024-07-01", "2024-08-31", 0, &r);
	t = table(&r, "main");
	row = find_row(t, ROW_LEDGER, "ledger_id", kind_ledger(f, "out_cgst"));
	eq64(num(t, (size_t)row, "closing_credit"), 102000, "Output CGST");
	assert_true(meta(&r, "balanced"));
	report_done(&r);
	run(f, "day-book", "2024-08-12", "2024-08-12", 0, &r);
	t = table(&r, "main");
	assert_int_equal(t->nrows, 2); /* the cancelled voucher and the total */
	assert_string_equal(txt(&r, t, 0, "status"), "cancelled");
	assert_string_equal(txt(&r, t, 0, "number"), s7);
	report_done(&r);
}

/* ---- bank reconciliation ---- */

static int64_t audit_records(struct fx *f)
{
	struct err e = ERR_INIT;
	int64_t n = 0;
	ok(audit_count(f->db, f->cid, &n, &e), &e, "audit count");
	return n;
}

static int import(struct fx *f, int64_t ledger_id, const char *csv, struct bank_import_result *res, struct err *e)
{
	int rc;
	begin(f);
	rc = bank_statement_import(f->db, f->cid, 7, ledger_id, csv, strlen(csv), res, e);
	if (rc < 0)
		db_rollback(f->db);
	else
		commit(f);
	return rc;
}

static void test_bank_reco(void **state)
{
	struct fx *f = *state;
	struct report r;
	const struct report_table *t;
	struct bank_import_result res;
	struct err e = ERR_INIT;
	int64_t v1, v2, v3, v4, before;
	static const char csv[] =
		"\xEF\xBB\xBF" "Date,Description,Reference,Withdrawal,Deposit\r\n"
		"03-05-2024,\"NEFT CR, Sharma Traders\",N123,,\"10,000.00\"\r\n"
		"08/05/2024,CHQ 000123,000123,\"2,500.00\",\r\n"
		"2024-05-15,Bank charges,,118.00,\r\n"
		"2024-05-28,Cash deposit,,,\"7,000\"\r\n"
		"\r\n"
		"31-05-2024,Interest,,,\"1,234.50\"\r\n";

	begin(f);
	{
		int64_t led[2] = {f->bank, f->capital}, amt[2] = {1000000, -1000000};
		v1 = post_lines(f, VT_RECEIPT, "2024-05-02", 2, led, amt, NULL, NULL);
		led[0] = f->rent;
		led[1] = f->bank;
		amt[0] = 250000;
		amt[1] = -250000;
		v2 = post_lines(f, VT_PAYMENT, "2024-05-05", 2, led, amt, NULL, NULL);
		v3 = post_lines(f, VT_PAYMENT, "2024-05-10", 2, led, amt, NULL, NULL);
		led[0] = f->bank;
		led[1] = f->capital;
		amt[0] = 700000;
		amt[1] = -700000;
		v4 = post_lines(f, VT_RECEIPT, "2024-05-20", 2, led, amt, NULL, NULL);
	}
	commit(f);

	/* Refusals change nothing. */
	before = audit_records(f);
	assert_int_equal(import(f, f->rent, csv, &res, &e), ERR_UNPROCESSABLE);
	err_clear(&e);
	assert_int_equal(import(f, f->bank, "date,description,reference,withdrawal,deposit\n2024-05-01,x,,1.00,\n32-05-2024,y,,1.00,\n",
				&res, &e), ERR_INVALID);
	assert_string_equal(e.field, "line 3");
	err_clear(&e);
	assert_int_equal(import(f, f->bank, "date,description,reference,withdrawal,deposit\n2024-05-01,x,,1.00,2.00\n", &res, &e),
			 ERR_INVALID);
	err_clear(&e);
	assert_int_equal(import(f, f->bank, "when,what\n2024-05-01,x\n", &res, &e), ERR_INVALID);
	err_clear(&e);
	{
		char big[4200];
		int n = snprintf(big, sizeof big, "date,description,reference,withdrawal,deposit\n2024-05-01,");
		memset(big + n, 'x', 3000);
		snprintf(big + n + 3000, sizeof big - (size_t)n - 3000, ",,1.00,\n");
		assert_int_equal(import(f, f->bank, big, &res, &e), ERR_INVALID);
		assert_string_equal(e.field, "line 2");
		err_clear(&e);
	}
	assert_int_equal(import(f, f->bank, "date,description,reference,withdrawal,deposit\n\"2024-05-01,x\n", &res, &e), ERR_INVALID);
	err_clear(&e);
	assert_int_equal(audit_records(f), before);

	assert_int_equal(import(f, f->bank, csv, &res, &e), 0);
	eq64(res.lines, 5, "lines");
	eq64(res.imported, 5, "imported");
	eq64(res.matched, 2, "matched");
	eq64(res.unmatched, 3, "unmatched");
	eq64(audit_records(f), before + 1, "one audit record");

	run(f, "bank-reconciliation", "2024-05-01", "2024-05-31", f->bank, &r);
	t = table(&r, "matched");
	assert_int_equal(t->nrows, 2);
	eq64(t->rows[0].id, v1, "deposit matched to the receipt");
	eq64(num(t, 0, "amount"), 1000000, "deposit amount");
	eq64(num(t, 0, "days_apart"), -1, "one day earlier in the books");
	eq64(t->rows[1].id, v3, "the withdrawal takes the closest payment (2 days), not the older one (3 days)");
	assert_string_equal(txt(&r, t, 0, "description"), "NEFT CR, Sharma Traders");
	t = table(&r, "unmatched_statement");
	assert_int_equal(t->nrows, 3);
	eq64(num(t, 0, "withdrawal"), 11800, "charges");
	eq64(num(t, 1, "deposit"), 700000, "8 days from the receipt: too far");
	eq64(num(t, 2, "deposit"), 123450, "interest");
	t = table(&r, "unmatched_books");
	assert_int_equal(t->nrows, 2);
	eq64(t->rows[0].id, v2, "older payment");
	eq64(t->rows[1].id, v4, "receipt");
	eq64(meta(&r, "balance_as_per_books"), 1200000, "books");
	eq64(meta(&r, "balance_as_per_bank"), 1561650, "bank");
	report_done(&r);

	/* The same statement again adds nothing. */
	assert_int_equal(import(f, f->bank, csv, &res, &e), 0);
	eq64(res.imported, 0, "re-import");
	eq64(res.duplicates, 5, "duplicates");
	eq64(res.matched, 0, "no new matches");

	/* Bank charges entered later, and a statement with one more line: older lines match too. */
	begin(f);
	{
		int64_t led[2] = {f->rent, f->bank}, amt[2] = {11800, -11800};
		post_lines(f, VT_PAYMENT, "2024-05-16", 2, led, amt, NULL, NULL);
	}
	commit(f);
	assert_int_equal(import(f, f->bank, "Date,Description,Reference,Withdrawal,Deposit\n2024-06-03,Two identical,,100.00,\n"
						"2024-06-03,Two identical,,100.00,\n", &res, &e), 0);
	eq64(res.imported, 2, "two identical lines are two lines");
	eq64(res.matched, 1, "the charges now match");

	/* Cancelling a matched voucher frees its statement line. */
	{
		struct voucher *x = NULL;
		begin(f);
		ok(voucher_cancel(f->db, f->cid, 0, v1, 1, &x, &e), &e, "cancel v1");
		commit(f);
		voucher_free(x);
	}
	run(f, "bank-reconciliation", "2024-05-01", "2024-05-31", f->bank, &r);
	assert_int_equal(table(&r, "matched")->nrows, 2);
	assert_int_equal(table(&r, "unmatched_statement")->nrows, 3);
	report_done(&r);
}

/* A person's match and unmatch of one statement line: the rules, the audit record, the importer
 * leaving the line alone afterwards, and the suggestion the report makes for each open line. */
static void test_bank_match(void **state)
{
	struct fx *f = *state;
	struct report r;
	const struct report_table *t;
	struct bank_import_result res;
	struct bank_line l;
	struct err e = ERR_INIT;
	int64_t v1, v2, v3, v4, before, s1 = 0, s2 = 0, s3 = 0;
	static const char csv[] = "Txn Date,Description,Ref No./Cheque No.,Debit,Credit,Balance\n"
				  "20 May 2024,CHQ 000777 KRISHNA AUTO,000777,\"4,500.00\",,\n"
				  "21 May 2024,BY CASH,,,\"3,000.00\",\n"
				  "29 May 2024,NEFT SHARMA TRADERS,N1,,\"3,000.00\",\n";

	begin(f);
	{
		int64_t led[2] = {f->rent, f->bank}, amt[2] = {450000, -450000};
		v1 = post_lines(f, VT_PAYMENT, "2024-05-06", 2, led, amt, NULL, NULL);   /* 14 days before: no auto match */
		led[0] = f->bank;
		led[1] = f->capital;
		amt[0] = 300000;
		amt[1] = -300000;
		v2 = post_lines(f, VT_RECEIPT, "2024-05-10", 2, led, amt, NULL, NULL);
		v3 = post_lines(f, VT_RECEIPT, "2024-05-30", 2, led, amt, NULL, NULL);  /* matches the NEFT of the 29th */
		amt[0] = 100;
		amt[1] = -100;
		v4 = post_lines(f, VT_RECEIPT, "2024-05-21", 2, led, amt, NULL, NULL);
	}
	commit(f);
	assert_int_equal(import(f, f->bank, csv, &res, &e), 0);
	eq64(res.matched, 1, "only the NEFT is near enough");

	run(f, "bank-reconciliation", "2024-05-01", "2024-05-31", f->bank, &r);
	t = table(&r, "unmatched_statement");
	assert_int_equal(t->nrows, 2);
	s1 = t->rows[0].id;
	s2 = t->rows[1].id;
	/* Each open line is offered the open entry of its amount with the closest date. */
	assert_string_equal(t->rows[0].ref_name[0], "suggested_voucher_id");
	eq64(t->rows[0].ref[0], v1, "the cheque is offered the payment");
	eq64(t->rows[0].ref[1], 2, "its bank line");
	eq64(t->rows[1].ref[0], v2, "the cash is offered the other receipt");
	t = table(&r, "matched");
	s3 = t->rows[0].ref[1];
	assert_string_equal(t->rows[0].ref_name[1], "statement_line_id");
	assert_string_equal(txt(&r, t, 0, "match"), "auto");
	report_done(&r);

	/* Refusals change nothing. */
	before = audit_records(f);
	begin(f);
	assert_int_equal(bank_line_match(f->db, f->cid, 7, 999999, v1, 2, &l, &e), ERR_NOT_FOUND);
	assert_string_equal(e.field, "id");
	err_clear(&e);
	assert_int_equal(bank_line_match(f->db, f->cid, 7, s1, v1, 9, &l, &e), ERR_NOT_FOUND);
	assert_string_equal(e.field, "voucher_id");
	err_clear(&e);
	assert_int_equal(bank_line_match(f->db, f->cid, 7, s1, v1, 1, &l, &e), ERR_UNPROCESSABLE);
	assert_string_equal(e.reason, "other_ledger");
	err_clear(&e);
	assert_int_equal(bank_line_match(f->db, f->cid, 7, s1, v2, 1, &l, &e), ERR_UNPROCESSABLE);
	assert_string_equal(e.reason, "amount_differs");
	eq64(e.detail[0].v, -450000, "the statement's amount");
	eq64(e.detail[1].v, 300000, "the book's");
	err_clear(&e);
	assert_int_equal(bank_line_match(f->db, f->cid, 7, s2, v3, 1, &l, &e), ERR_CONFLICT);
	assert_string_equal(e.reason, "book_line_matched");
	eq64(e.detail[0].v, s3, "names the line that has it");
	err_clear(&e);
	assert_int_equal(bank_line_match(f->db, f->cid, 7, s3, v2, 1, &l, &e), ERR_CONFLICT);
	assert_string_equal(e.reason, "already_matched");
	err_clear(&e);
	assert_int_equal(bank_line_unmatch(f->db, f->cid, 7, s1, &l, &e), ERR_CONFLICT);
	assert_string_equal(e.reason, "not_matched");
	err_clear(&e);
	db_rollback(f->db);
	eq64(audit_records(f), before, "no record for a refusal");

	/* Matched by hand, 14 days apart; the amount of another company's ledger line is never looked at. */
	begin(f);
	ok(bank_line_match(f->db, f->cid, 7, s1, v1, 2, &l, &e), &e, "match the cheque");
	assert_true(l.matched && l.by_hand);
	eq64(l.voucher_id, v1, "its voucher");
	ok(bank_line_unmatch(f->db, f->cid, 7, s3, &l, &e), &e, "unmatch the NEFT");
	assert_true(!l.matched && l.by_hand);
	commit(f);
	eq64(audit_records(f), before + 2, "one record each");

	/* The importer leaves the line unmatched by hand alone. */
	assert_int_equal(import(f, f->bank, csv, &res, &e), 0);
	eq64(res.matched, 0, "not matched again");
	run(f, "bank-reconciliation", "2024-05-01", "2024-05-31", f->bank, &r);
	t = table(&r, "matched");
	assert_int_equal(t->nrows, 1);
	eq64(t->rows[0].id, v1, "the cheque");
	eq64(num(t, 0, "days_apart"), -14, "14 days earlier in the books");
	assert_string_equal(txt(&r, t, 0, "match"), "manual");
	t = table(&r, "unmatched_statement");
	assert_int_equal(t->nrows, 2);
	eq64(t->rows[1].id, s3, "the NEFT is open again");
	eq64(t->rows[1].ref[0], v3, "and offered its entry");
	t = table(&r, "unmatched_books");
	assert_int_equal(t->nrows, 3);
	assert_string_equal(t->rows[0].ref_name[0], "line_no");
	report_done(&r);
	(void)v4;

	/* Cancelling the voucher frees the line matched by hand; the importer may match it again. */
	{
		struct voucher *x = NULL;
		begin(f);
		ok(voucher_cancel(f->db, f->cid, 0, v1, 1, &x, &e), &e, "cancel v1");
		commit(f);
		voucher_free(x);
		begin(f);
		ok(bank_line_get(f->db, f->cid, s1, &l, &e), &e, "get");
		assert_false(l.matched);
		db_rollback(f->db);
	}
}

/* ---- the rest of the reports, and an empty company ---- */

static void test_books(void **state)
{
	struct fx *f = *state;
	struct report r;
	const struct report_table *t;
	struct buf out = BUF_INIT;
	struct err e = ERR_INIT;
	int64_t petty;

	/* An empty company: every report works and balances. */
	for (const char *const *n = report_names; *n; n++) {
		int needs_ledger = !strcmp(*n, "ledger") || !strcmp(*n, "bank-reconciliation");
		if (!strcmp(*n, "stock-movement"))
			continue; /* needs an item: below */
		run(f, *n, "2024-04-01", "2025-03-31", needs_ledger ? f->bank : 0, &r);
		buf_reset(&out);
		assert_int_equal(report_text_table(&r, NULL, &out, &e), 0);
		buf_reset(&out);
		assert_int_equal(report_csv(&r, NULL, &out, &e), 0);
		buf_reset(&out);
		assert_int_equal(report_json(&r, NULL, &out, &e), 0);
		report_done(&r);
	}
	buf_free(&out);
	{
		struct report_params p;
		memset(&p, 0, sizeof p);
		report_init(&r);
		ok(report_params_resolve(&p, NULL, &e), &e, "params");
		assert_int_equal(snap_run(f->db, f->cid, "ledger", &p, &r, &e), ERR_INVALID);
		report_done(&r);
		err_clear(&e);
		report_init(&r);
		p.ledger_id = 999999;
		assert_int_equal(snap_run(f->db, f->cid, "ledger", &p, &r, &e), ERR_NOT_FOUND);
		report_done(&r);
		err_clear(&e);
		report_init(&r);
		assert_int_equal(snap_run(f->db, f->cid + 100, "trial-balance", &p, &r, &e), ERR_NOT_FOUND);
		report_done(&r);
		err_clear(&e);
		report_init(&r);
		assert_int_equal(snap_run(f->db, f->cid, "nope", &p, &r, &e), ERR_NOT_FOUND);
		report_done(&r);
		err_clear(&e);
		report_init(&r);
		assert_int_equal(snap_run(f->db, f->cid, "stock-movement", &p, &r, &e), ERR_INVALID);
		assert_string_equal(e.field, "item_id");
		report_done(&r);
		err_clear(&e);
		report_init(&r);
		p.item_id = 999999;
		assert_int_equal(snap_run(f->db, f->cid, "stock-movement", &p, &r, &e), ERR_INVALID);
		report_done(&r);
		err_clear(&e);
	}

	begin(f);
	petty = ledger(f, "Petty Cash", "cash_in_hand", NULL, 50000);
	{
		int64_t led[3] = {f->cash, f->bank, f->capital}, amt[3] = {500000, 1500000, -2000000};
		post_lines(f, VT_JOURNAL, "2024-04-01", 3, led, amt, NULL, NULL);
		led[0] = petty;
		led[1] = f->cash;
		amt[0] = 10000;
		amt[1] = -10000;
		post_lines(f, VT_CONTRA, "2024-04-02", 2, led, amt, NULL, NULL);
		led[0] = f->rent;
		led[1] = petty;
		amt[0] = 2500;
		amt[1] = -2500;
		post_lines(f, VT_PAYMENT, "2024-04-03", 2, led, amt, NULL, NULL);
	}
	commit(f);
	run(f, "cash-book", "2024-04-01", "2024-04-30", 0, &r);
	t = table(&r, "main");
	eq64(meta(&r, "ledgers"), 2, "cash ledgers");
	eq64(meta(&r, "closing"), 500000 - 10000 + 50000 + 10000 - 2500, "cash closing");
	assert_true(find_row(t, ROW_SECTION, "ledger_id", petty) >= 0);
	report_done(&r);
	run(f, "bank-book", "2024-04-01", "2024-04-30", 0, &r);
	eq64(meta(&r, "closing"), 1500000, "bank closing");
	report_done(&r);
	run(f, "day-book", "2024-04-01", "2024-04-30", 0, &r);
	t = table(&r, "main");
	eq64(meta(&r, "vouchers"), 3, "vouchers");
	eq64(meta(&r, "debit_total"), 2000000 + 10000 + 2500, "day book debits");
	eq64(meta(&r, "credit_total"), meta(&r, "debit_total"), "day book balances");
	eq64(num(t, 0, "debit"), 2000000, "voucher total");
	assert_int_equal(t->rows[1].level, 1);
	report_done(&r);
	run(f, "balance-sheet", NULL, "2024-04-30", 0, &r);
	assert_true(meta(&r, "balanced"));
	eq64(meta(&r, "opening_difference"), 50000, "petty cash opening balance unmatched");
	report_done(&r);
	run(f, "profit-loss", "2024-04-01", "2024-04-30", 0, &r);
	eq64(meta(&r, "net_profit"), -2500, "rent");
	report_done(&r);
}

/* ---- scale: the trial balance over kept balances of N vouchers (DAFTAR_BIG_TB=N) ---- */

static void test_big_tb(void **state)
{
	struct fx *f = *state;
	const char *env = getenv("DAFTAR_BIG_TB");
	long n = env ? atol(env) : 0;
	int64_t led[215];
	struct err e = ERR_INIT;
	struct db_stmt *st;
	struct report r;
	struct timespec t0, t1;
	double best = 1e9;
	int nled = 0;

	if (n <= 0) {
		skip();
		return;
	}
	/* 215 ledgers like the shared benchmark book; N vouchers of ~3.2 postings over three years,
	 * written straight into the kept balances (what voucher_post keeps), grouped per day. */
	begin(f);
	for (int i = 0; i < 200; i++) {
		char name[32];
		snprintf(name, sizeof name, "L%03d", i);
		led[nled++] = ledger(f, name, i < 80 ? "sundry_debtors" : i < 120 ? "sundry_creditors" : i < 160 ? "indirect_expenses"
							 : i < 180 ? "sales_accounts" : "bank_accounts", NULL, 0);
	}
	commit(f);
	begin(f);
	srand(7);
	{
		long per_day = n / 1096 + 1;
		for (int d = 0; d < 1096; d++) {
			char date[11];
			int64_t dr[215] = {0}, cr[215] = {0};
			time_t tt = 1617235200 + (time_t)d * 86400; /* 2021-04-01 */
			struct tm tm;
			gmtime_r(&tt, &tm);
			strftime(date, sizeof date, "%Y-%m-%d", &tm);
			for (long v = 0; v < per_day; v++) {
				int a = rand() % nled, b = rand() % nled;
				int64_t amt = 100 + rand() % 10000000;
				dr[a] += amt;
				cr[b] += amt;
			}
			for (int k = 0; k < nled; k++) {
				if (!dr[k] && !cr[k])
					continue;
				if (dr[k])
					ok(balances_apply(f->db, f->cid, led[k], date, dr[k], 1, &e), &e, "dr");
				if (cr[k])
					ok(balances_apply(f->db, f->cid, led[k], date, -cr[k], 1, &e), &e, "cr");
			}
		}
	}
	commit(f);
	st = db_prepare(f->db, "ANALYZE", &e);
	if (st) {
		int rc = db_step(st, &e);
		db_done(st);
		if (rc < 0)
			fail_msg("ANALYZE: %s", e.msg);
	}
	for (int i = 0; i < 5; i++) {
		double ms;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		run(f, "trial-balance", "2022-04-17", "2023-11-13", 0, &r);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
		if (ms < best)
			best = ms;
		assert_true(meta(&r, "balanced"));
		report_done(&r);
	}
	printf("trial balance over kept balances of %ld vouchers (%s): best of 5 %.1f ms\n", n,
	       db_backend(f->db) == DB_POSTGRES ? "PostgreSQL" : "SQLite", best);
}

/* report_run reads inside its caller's snapshot: a posting another connection commits while it
 * is open changes nothing the caller sees until it is closed. */
static void test_report_in_callers_snapshot(void **state)
{
	struct fx *f = *state, g;
	struct report_params p;
	struct report r1, r2, r3;
	struct buf j1 = BUF_INIT, j2 = BUF_INIT, j3 = BUF_INIT;
	struct err e = ERR_INIT;
	const int64_t leds[2] = {f->rent, f->cash}, amts[2] = {250000, -250000};

	memset(&p, 0, sizeof p);
	ok(report_params_resolve(&p, "2024-06-30", &e), &e, "params");
	g = *f;
	ok(db_open(f->u.url, &g.db, &e), &e, "second connection");
	ok(db_begin_read(f->db, &e), &e, "snapshot");
	report_init(&r1);
	ok(report_run(f->db, f->cid, "trial-balance", &p, &r1, &e), &e, "before");
	begin(&g);
	post_lines(&g, VT_PAYMENT, "2024-05-02", 2, leds, amts, NULL, NULL);
	commit(&g);
	report_init(&r2);
	ok(report_run(f->db, f->cid, "trial-balance", &p, &r2, &e), &e, "in the same snapshot");
	db_rollback(f->db);
	report_init(&r3);
	ok(snap_run(f->db, f->cid, "trial-balance", &p, &r3, &e), &e, "after");
	ok(report_json(&r1, NULL, &j1, &e), &e, "json");
	ok(report_json(&r2, NULL, &j2, &e), &e, "json");
	ok(report_json(&r3, NULL, &j3, &e), &e, "json");
	assert_string_equal(buf_str(&j1), buf_str(&j2));
	assert_string_not_equal(buf_str(&j1), buf_str(&j3));
	assert_non_null(strstr(buf_str(&j3), "\"2500.00\""));
	report_done(&r1);
	report_done(&r2);
	report_done(&r3);
	buf_free(&j1);
	buf_free(&j2);
	buf_free(&j3);
	db_close(g.db);
}

#define REPORT_TESTS(pre)                                                                  \
	cmocka_unit_test_prestate_setup_teardown(test_tb_property, setup, teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_receivables, setup, teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_gst, setup, teardown, pre),         \
	cmocka_unit_test_prestate_setup_teardown(test_bank_reco, setup, teardown, pre),   \
	cmocka_unit_test_prestate_setup_teardown(test_bank_match, setup, teardown, pre),  \
	cmocka_unit_test_prestate_setup_teardown(test_books, setup, teardown, pre),       \
	cmocka_unit_test_prestate_setup_teardown(test_report_in_callers_snapshot, setup, teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_big_tb, setup, teardown, pre)

int main(void)
{
	const struct CMUnitTest sqlite_tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_qty),
		cmocka_unit_test(test_params),
		REPORT_TESTS((void *)&on_sqlite),
	};
	const struct CMUnitTest pg_tests[] = {
		REPORT_TESTS((void *)&on_pg),
	};
	int failed;

	unit_quiet_logs();
	failed = cmocka_run_group_tests_name("reports on SQLite", sqlite_tests, NULL, NULL);
	if (unit_pg_url())
		failed += cmocka_run_group_tests_name("reports on PostgreSQL", pg_tests, NULL, NULL);
	else
		printf("reports on PostgreSQL: skipped (DAFTAR_PG_URL is not set)\n");
	return failed;
}
