/* test_journal.c - the ledger/hledger journal import and export: every amount form and the ones
 * refused, the account-name -> group table, syntax errors and unbalanced transactions refused with
 * their line and nothing written, voucher types and numbering, and round trips (a generated book
 * and a book with non-path ledger names and opening balances) that keep every ledger's balance.
 * Runs on SQLite and, when DAFTAR_PG_URL is set, on PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "accounts/accounts.h"
#include "accounts/journal.h"
#include "books/books.h"
#include "audit/audit.h"
#include "lib/buf.h"
#include "admin/company.h"
#include "lib/db.h"
#include "unit.h"

/* ---- pure functions ---- */

static void amount_is(const char *s, int64_t want)
{
	char why[160] = "";
	int64_t got = 777;
	int rc = journal_amount_parse(s, strlen(s), &got, why, sizeof why);
	if (rc != 0 || got != want)
		fail_msg("amount \"%s\": rc %d (%s), got %lld, want %lld", s, rc, why, (long long)got, (long long)want);
}

static void amount_refused(const char *s, const char *why_part)
{
	char why[160] = "";
	int64_t got = 777;
	int rc = journal_amount_parse(s, strlen(s), &got, why, sizeof why);
	if (rc != -1 || got != 777)
		fail_msg("amount \"%s\" accepted as %lld", s, (long long)got);
	if (why_part && !strstr(why, why_part))
		fail_msg("amount \"%s\": reason \"%s\" lacks \"%s\"", s, why, why_part);
}

static void test_amount_forms(void **state)
{
	(void)state;
	amount_is("1234.50 INR", 123450);
	amount_is("INR 1234.50", 123450);
	amount_is("INR1234.50", 123450);
	amount_is("\xe2\x82\xb9" "1,23,456.50", 12345650);      /* ₹1,23,456.50 */
	amount_is("-\xe2\x82\xb9" "500", -50000);              /* -₹500 */
	amount_is("\xe2\x82\xb9" "-500", -50000);              /* ₹-500 */
	amount_is("\xe2\x82\xb9 1,000", 100000);               /* ₹ 1,000 */
	amount_is("1,000 \xe2\x82\xb9", 100000);
	amount_is("1234.5", 123450);
	amount_is("1234", 123400);
	amount_is("1,234,567.89", 123456789);                  /* western grouping */
	amount_is("12,34,567", 123456700);                     /* Indian grouping */
	amount_is("1,23,45,678.90", 1234567890);
	amount_is("12,345", 1234500);
	amount_is("+5", 500);
	amount_is("-0.01 INR", -1);
	amount_is("INR -7", -700);
	amount_is("0.05", 5);
	amount_is(".5", 50);
	amount_is("0", 0);
	amount_is("  42  ", 4200);
	amount_is("1234.500", 123450);                         /* extra zeros are exact */
	amount_is("92233720368547758.07", INT64_MAX);
	amount_is("-92233720368547758.07", -INT64_MAX);

	amount_refused("", "not an amount");
	amount_refused("INR", NULL);
	amount_refused("\xe2\x82\xb9", NULL);
	amount_refused("1.234", "more than two decimals");
	amount_refused("0.001", "more than two decimals");
	amount_refused("92233720368547758.08", "too large");
	amount_refused("1,23,4567", "commas");
	amount_refused("123,45,678", "commas");
	amount_refused("12,345,67,890", "commas");
	amount_refused("1,234,56", "commas");
	amount_refused(",100", "comma");
	amount_refused("100,", "commas");
	amount_refused("12,3", "commas");
	amount_refused("$100", "only INR");
	amount_refused("100 USD", "only INR");
	amount_refused("EUR 5", "only INR");
	amount_refused("5 INR INR", NULL);
	amount_refused("\xe2\x82\xb9" "5 INR", NULL);
	amount_refused("1e5", NULL);
	amount_refused("--5", NULL);
	amount_refused("1 000", NULL);
	amount_refused("(5 * 2)", NULL);
}

static void test_group_mapping(void **state)
{
	static const char *const cases[][2] = {
		{"Assets:Bank:HDFC:Current", "bank_accounts"},
		{"Assets:Bank:HDFC:OD", "bank_accounts"},
		{"assets:bank", "bank_accounts"},
		{"ASSETS:BANKS:SBI", "bank_accounts"},
		{"Assets:Cash:Petty", "cash_in_hand"},
		{"Assets:Cash", "cash_in_hand"},
		{"Assets:Receivables:Customers:C001", "sundry_debtors"},
		{"Assets:Debtors:Sharma", "sundry_debtors"},
		{"Assets:Customers:Sharma", "sundry_debtors"},
		{"Assets:Inventory:RawMaterial", "stock_in_hand"},
		{"Assets:Stock", "stock_in_hand"},
		{"Assets:Fixed:Machinery", "fixed_assets"},
		{"Assets:Investments:MF", "investments"},
		{"Assets:GST:ITC:CGST", "current_assets"},
		{"Assets:ITC:IGST", "current_assets"},
		{"Assets:Input CGST", "current_assets"},
		{"Assets:TDS:Receivable", "current_assets"},   /* first match: TDS before Receivable */
		{"Assets:Prepaid:Rent", "current_assets"},
		{"Assets:Other", "current_assets"},
		{"Assets", "current_assets"},
		{"Liabilities:Payables:Vendors:V001", "sundry_creditors"},
		{"Liabilities:Creditors:Gupta", "sundry_creditors"},
		{"Liabilities:Vendors:Gupta", "sundry_creditors"},
		{"Liabilities:GST:CGST", "duties_taxes"},
		{"Liabilities:TDS:Payable:S194C", "duties_taxes"}, /* first match: TDS before Payable */
		{"Liabilities:Tax:Professional", "duties_taxes"},
		{"Liabilities:Duties:Customs", "duties_taxes"},
		{"Liabilities:Loans:HDFC-TermLoan", "loans_liability"},
		{"Liabilities:Salaries:Payable", "current_liabilities"},
		{"Liabilities:Other", "current_liabilities"},
		{"Equity:Capital", "capital_account"},
		{"Equity:Opening-Balances", "capital_account"},
		{"Capital:Partner A", "capital_account"},
		{"Income:Sales:Products:P01", "sales_accounts"},
		{"Income:Sales", "sales_accounts"},
		{"Income:Direct:Job Work", "direct_incomes"},
		{"Income:Other:Interest", "indirect_incomes"},
		{"Income:Investments:Dividend", "indirect_incomes"}, /* Investments is an asset group */
		{"Revenue:Consulting", "indirect_incomes"},
		{"Expenses:Purchases:RM01", "purchase_accounts"},
		{"Expenses:COGS", "purchase_accounts"},
		{"Expenses:Direct:Power", "direct_expenses"},
		{"Expenses:Freight:Inward", "direct_expenses"},
		{"Expenses:Freight Inward", "direct_expenses"},
		{"Expenses:Freight:Outward", "indirect_expenses"},
		{"Expenses:Wages", "direct_expenses"},
		{"Expenses:Salaries:Directors", "indirect_expenses"}, /* "Directors" is not "Direct" */
		{"Expenses:Bank:Charges", "indirect_expenses"},
		{"Expenses:Rent:Office", "indirect_expenses"},
		{"Expenses:\xe0\xa4\x95\xe0\xa4\xbf\xe0\xa4\xb0\xe0\xa4\xbe\xe0\xa4\xaf\xe0\xa4\xbe", "indirect_expenses"},
		/* the predefined groups by name, as export writes them */
		{"Assets:Sundry Debtors:Sharma Traders", "sundry_debtors"},
		{"Liabilities:Sundry Creditors:Gupta & Sons", "sundry_creditors"},
		{"Liabilities:Duties & Taxes:Output CGST", "duties_taxes"},
		{"Assets:Bank Accounts:HDFC Bank", "bank_accounts"},
		{"Assets:Cash-in-Hand:Cash", "cash_in_hand"},
		{"Income:Sales Accounts:Sales", "sales_accounts"},
		{"Expenses:Purchase Accounts:Purchase", "purchase_accounts"},
		{"Expenses:Direct Expenses:Power", "direct_expenses"},
		{"Expenses:Indirect Expenses:Round Off", "indirect_expenses"},
		{"Income:Direct Incomes:Job Work", "direct_incomes"},
		{"Income:Indirect Incomes:Interest", "indirect_incomes"},
		{"Equity:Capital Account:Capital", "capital_account"},
		{"Liabilities:Capital Account:Capital", "capital_account"},
		{"Liabilities:Loans (Liability):Term Loan", "loans_liability"},
		{"Assets:Fixed Assets:Car", "fixed_assets"},
		{"Assets:Investments:FD", "investments"},
		{"Assets:Stock-in-Hand:Goods", "stock_in_hand"},
		{"Liabilities:Current Liabilities:Audit Fee Payable", "current_liabilities"},
		{"Liabilities:Suspense A/c:Unknown", "suspense"},
		{"Liabilities:Branch/Divisions:Pune", "branch_divisions"},
		{"assets:sundry debtors:lower case", "sundry_debtors"},
		/* a group named right under the root decides, whatever the ledger's own name says */
		{"Assets:Current Assets:Bank Charges Recoverable", "current_assets"},
		/* a general parent deeper down gives way to a specific word after it */
		{"Assets:Current:Current Assets:Bank:SBI", "bank_accounts"},
		/* no root */
		{"Sundry Debtors:Sharma", "sundry_debtors"},
		{"Sharma Traders", "suspense"},
		{"Cash", "suspense"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = journal_group_code(cases[i][0]);
		if (!got || strcmp(got, cases[i][1]) != 0)
			fail_msg("journal_group_code(\"%s\") = %s, want %s", cases[i][0], got ? got : "NULL", cases[i][1]);
	}
	assert_string_equal(journal_ledger_name("Assets:Sundry Debtors:Sharma Traders"), "Sharma Traders");
	assert_string_equal(journal_ledger_name("Assets:Bank Accounts:HDFC:Current"), "HDFC:Current");
	assert_string_equal(journal_ledger_name("Assets:Bank Accounts"), "Assets:Bank Accounts");
	assert_string_equal(journal_ledger_name("Assets:Bank:HDFC:Current"), "Assets:Bank:HDFC:Current");
	assert_string_equal(journal_ledger_name("Sundry Debtors:Sharma"), "Sundry Debtors:Sharma");
}

/* ---- with a database ---- */

struct fx {
	struct unit_db u;
	struct db *db;
	int64_t cid;
};

static const enum db_backend on_sqlite = DB_SQLITE;
static const enum db_backend on_pg = DB_POSTGRES;

static int make_company(struct db *db, void *ctx, struct err *e)
{
	return company_create(db, "Journal Test Co", NULL, "27", 0, (int64_t *)ctx, e);
}

static int open_fresh(enum db_backend b, struct unit_db *u, struct db **db, int64_t *cid)
{
	struct err e = ERR_INIT;
	if (unit_db_make(u, b) < 0)
		return -1;
	if (db_open(u->url, db, &e) < 0 || db_migrate(*db, &e) < 0 || db_tx(*db, make_company, cid, &e) < 0) {
		fprintf(stderr, "fixture: %s\n", e.msg);
		return -1;
	}
	return 0;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	if (!f || open_fresh(*(const enum db_backend *)*state, &f->u, &f->db, &f->cid) < 0) {
		free(f);
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

static int64_t scalar(struct db *db, const char *sql)
{
	struct err e = ERR_INIT;
	int64_t v = -999;
	if (db_i64(db, sql, DB_NOARGS, &v, &e) != DB_ROW)
		fail_msg("%s: %s", sql, e.msg);
	return v;
}

static void text_of(struct db *db, const char *sql, const char *arg, char *out, size_t cap)
{
	struct err e = ERR_INIT;
	struct db_stmt *st = db_prepare(db, sql, &e);
	int rc;
	if (!st)
		fail_msg("%s: %s", sql, e.msg);
	db_bind_text(st, 1, arg);
	rc = db_step(st, &e);
	if (rc != DB_ROW)
		fail_msg("%s (%s): rc %d %s", sql, arg, rc, e.msg);
	snprintf(out, cap, "%s", db_col_text(st, 0));
	db_done(st);
}

static int64_t i64_of(struct db *db, const char *sql, const char *arg)
{
	struct err e = ERR_INIT;
	struct db_stmt *st = db_prepare(db, sql, &e);
	int64_t v = 0;
	int rc;
	if (!st)
		fail_msg("%s: %s", sql, e.msg);
	db_bind_text(st, 1, arg);
	rc = db_step(st, &e);
	if (rc == DB_ROW)
		v = db_col_i64(st, 0);
	db_done(st);
	if (rc < 0)
		fail_msg("%s (%s): %s", sql, arg, e.msg);
	return v;
}

/* Closing balance (opening + every kept movement) of the ledger named name; 0 when none. */
static const char sql_closing[] = "SELECT l.opening_balance + coalesce((SELECT sum(m.debit) - sum(m.credit) FROM ledger_month m "
				  "WHERE m.company_id = l.company_id AND m.ledger_id = l.id), 0) FROM ledgers l WHERE l.name = ?";

static int64_t closing(struct db *db, const char *name) { return i64_of(db, sql_closing, name); }

/* An import runs in its caller's write transaction: these are that caller. */
struct import_job {
	int64_t cid;
	const char *name, *text, *path;   /* path: a file; else text in memory */
	struct journal_import_result *r;
};

static int import_job_run(struct db *db, void *ctx, struct err *e)
{
	const struct import_job *j = ctx;
	if (j->path)
		return journal_import(db, j->cid, 0, j->path, j->r, e);
	return journal_import_mem(db, j->cid, 0, j->name, j->text, strlen(j->text), j->r, e);
}

static int import_mem_tx(struct db *db, int64_t cid, const char *name, const char *text, struct journal_import_result *r,
			 struct err *e)
{
	struct import_job j = {cid, name, text, NULL, r};
	return db_tx(db, import_job_run, &j, e);
}

/* A file, the way `daftar import ledger` does it: one bulk transaction. */
static int import_file_tx(struct db *db, int64_t cid, const char *path, struct journal_import_result *r, struct err *e)
{
	struct import_job j = {cid, NULL, NULL, path, r};
	return db_tx_bulk(db, import_job_run, &j, e);
}

static int import_text(struct fx *f, const char *text, struct journal_import_result *r, struct err *e)
{
	return import_mem_tx(f->db, f->cid, "test.journal", text, r, e);
}

/* Every table an import writes, counted. */
static const char *const counted[] = {
	"SELECT count(*) FROM vouchers",	 "SELECT count(*) FROM voucher_lines", "SELECT count(*) FROM voucher_versions",
	"SELECT count(*) FROM ledgers",		 "SELECT count(*) FROM ledger_day",    "SELECT count(*) FROM ledger_month",
	"SELECT count(*) FROM voucher_series", "SELECT count(*) FROM audit_log",    "SELECT coalesce(sum(next_seq), 0) FROM voucher_series",
};
#define NCOUNTED (sizeof counted / sizeof counted[0])

static void snapshot_counts(struct db *db, int64_t out[NCOUNTED])
{
	for (size_t i = 0; i < NCOUNTED; i++)
		out[i] = scalar(db, counted[i]);
}

static void assert_unchanged(struct db *db, const int64_t before[NCOUNTED])
{
	int64_t now[NCOUNTED];
	snapshot_counts(db, now);
	for (size_t i = 0; i < NCOUNTED; i++)
		if (now[i] != before[i])
			fail_msg("%s: %lld before, %lld after a refused import", counted[i], (long long)before[i], (long long)now[i]);
}

static const char journal_small[] =
	"; a small book\n"
	"# hash comments too\n"
	"account Assets:Bank:HDFC:Current\n"
	"    note the main account\n"
	"commodity INR\n"
	"    format INR 1,000.00\n"
	"P 2024/04/01 USD 83.00 INR\n"
	"\n"
	"2024-04-01 * (INV-1) Opening capital\n"
	"    Assets:Bank:HDFC:Current    \xe2\x82\xb9" "1,00,000.00\n"
	"    Equity:Capital\n"
	"\n"
	"2024/04/02 ! Sale to Sharma  ; a note ref:BILL-7\n"
	"    Assets:Receivables:Sharma Traders    INR 11,800\n"
	"    Income:Sales:Goods                  -10,000.00 INR\n"
	"    Liabilities:GST:Output CGST\t\xe2\x82\xb9-900\n"
	"    Liabilities:GST:Output SGST          -\xe2\x82\xb9" "900\n"
	"\n"
	"2024-04-03 Receipt from Sharma\n"
	"    ; a comment among the postings\n"
	"    * Assets:Bank:HDFC:Current        11800.5  ; cleared\n"
	"    Assets:Receivables:Sharma Traders   -11800.50\n"
	"    \n"
	"2024-04-04 Cash withdrawal\n"
	"    Assets:Cash:Petty      5000 INR\n"
	"    Assets:Bank:HDFC:Current\n"
	"\n"
	"2024-04-05 Rent\r\n"
	"    Expenses:Rent:Office   \xe2\x82\xb9 20,000\r\n"
	"    Assets:Bank:HDFC:Current   -20000\r\n"
	"2024-04-06 \xe0\xa4\x95\xe0\xa4\xbf\xe0\xa4\xb0\xe0\xa4\xbe\xe0\xa4\xaf\xe0\xa4\xbe\n"
	"    Expenses:\xe0\xa4\x95\xe0\xa4\xbf\xe0\xa4\xb0\xe0\xa4\xbe\xe0\xa4\xaf\xe0\xa4\xbe  100\n"
	"    Assets:Cash:Petty  -100\n"
	"    Assets:Misc  0\n";

static void test_import_small(void **state)
{
	struct fx *f = *state;
	struct journal_import_result r;
	struct err e = ERR_INIT;
	int64_t audits = scalar(f->db, "SELECT count(*) FROM audit_log");
	char s[256];

	if (import_text(f, journal_small, &r, &e) < 0)
		fail_msg("import: %s", e.msg);
	assert_int_equal(r.transactions, 6);
	assert_int_equal(r.postings, 14);
	assert_int_equal(r.ledgers_created, 10);
	assert_int_equal(r.suspense_ledgers, 0);
	assert_int_equal(r.by_type[VT_RECEIPT], 2);
	assert_int_equal(r.by_type[VT_JOURNAL], 1);
	assert_int_equal(r.by_type[VT_CONTRA], 1);
	assert_int_equal(r.by_type[VT_PAYMENT], 2);
	assert_int_equal(strlen(r.blake2b), 64);

	/* types and numbers, in file order */
	{
		struct db_stmt *st = db_prepare(f->db, "SELECT number FROM vouchers ORDER BY id", &e);
		size_t n = 0;
		assert_non_null(st);
		s[0] = '\0';
		while (db_step(st, &e) == DB_ROW)
			n += (size_t)snprintf(s + n, sizeof s - n, "%s%s", n ? " " : "", db_col_text(st, 0));
		db_done(st);
	}
	assert_string_equal(s, "RCT/24-25/0001 JRN/24-25/0001 RCT/24-25/0002 CTR/24-25/0001 PMT/24-25/0001 PMT/24-25/0002");
	text_of(f->db, "SELECT coalesce(reference, '-') FROM vouchers WHERE number = ?", "RCT/24-25/0001", s, sizeof s);
	assert_string_equal(s, "INV-1");
	text_of(f->db, "SELECT coalesce(reference, '-') || '|' || narration FROM vouchers WHERE number = ?", "JRN/24-25/0001", s, sizeof s);
	assert_string_equal(s, "BILL-7|Sale to Sharma");
	text_of(f->db, "SELECT narration FROM vouchers WHERE number = ?", "PMT/24-25/0002", s, sizeof s);
	assert_string_equal(s, "\xe0\xa4\x95\xe0\xa4\xbf\xe0\xa4\xb0\xe0\xa4\xbe\xe0\xa4\xaf\xe0\xa4\xbe");
	/* the zero posting is dropped; the rest keep their order */
	assert_int_equal(i64_of(f->db, "SELECT count(*) FROM voucher_lines vl JOIN vouchers v ON v.id = vl.voucher_id WHERE v.number = ?",
				"PMT/24-25/0002"), 2);
	assert_int_equal(i64_of(f->db, "SELECT total FROM vouchers WHERE number = ?", "JRN/24-25/0001"), 1180000);

	/* groups and kinds */
	text_of(f->db, "SELECT g.code || '/' || l.kind FROM ledgers l JOIN account_groups g ON g.id = l.group_id WHERE l.name = ?",
		"Assets:Bank:HDFC:Current", s, sizeof s);
	assert_string_equal(s, "bank_accounts/bank");
	text_of(f->db, "SELECT g.code || '/' || l.kind FROM ledgers l JOIN account_groups g ON g.id = l.group_id WHERE l.name = ?",
		"Assets:Cash:Petty", s, sizeof s);
	assert_string_equal(s, "cash_in_hand/cash");
	text_of(f->db, "SELECT g.code FROM ledgers l JOIN account_groups g ON g.id = l.group_id WHERE l.name = ?",
		"Assets:Receivables:Sharma Traders", s, sizeof s);
	assert_string_equal(s, "sundry_debtors");
	text_of(f->db, "SELECT g.code FROM ledgers l JOIN account_groups g ON g.id = l.group_id WHERE l.name = ?",
		"Liabilities:GST:Output CGST", s, sizeof s);
	assert_string_equal(s, "duties_taxes");
	text_of(f->db, "SELECT g.code FROM ledgers l JOIN account_groups g ON g.id = l.group_id WHERE l.name = ?", "Income:Sales:Goods", s,
		sizeof s);
	assert_string_equal(s, "sales_accounts");
	text_of(f->db, "SELECT g.code FROM ledgers l JOIN account_groups g ON g.id = l.group_id WHERE l.name = ?", "Equity:Capital", s,
		sizeof s);
	assert_string_equal(s, "capital_account");

	/* kept balances */
	assert_int_equal(closing(f->db, "Assets:Bank:HDFC:Current"), 10000000 + 1180050 - 500000 - 2000000);
	assert_int_equal(closing(f->db, "Assets:Receivables:Sharma Traders"), -50);
	assert_int_equal(closing(f->db, "Equity:Capital"), -10000000);
	assert_int_equal(closing(f->db, "Assets:Cash:Petty"), 500000 - 10000);
	assert_int_equal(i64_of(f->db, "SELECT sum(debit) - sum(credit) FROM ledger_day WHERE ? = ''", ""), 0);
	assert_int_equal(i64_of(f->db, "SELECT count(*) FROM (SELECT vl.ledger_id, sum(vl.amount) s FROM voucher_lines vl GROUP BY vl.ledger_id) a "
				       "JOIN (SELECT ledger_id, sum(debit) - sum(credit) s FROM ledger_day GROUP BY ledger_id) b "
				       "ON a.ledger_id = b.ledger_id WHERE a.s <> b.s OR ? <> ''", ""), 0);
	/* the edit log: one import version per voucher, with the digest of its snapshot; one audit
	 * record for the whole file, one for each ledger it made, and one for the books, which now
	 * begin with the journal's financial year (they had no vouchers) */
	assert_int_equal(i64_of(f->db, "SELECT count(*) FROM voucher_versions WHERE action = 'import' AND version = 1 AND data IS NULL "
				       "AND length(digest) = 32 AND ? = ''", ""), 6);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log"), audits + 2 + r.ledgers_created);
	assert_int_equal(i64_of(f->db, "SELECT count(*) FROM ledgers l WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE "
				       "a.entity = 'ledger' AND a.entity_id = l.id AND a.company_id = l.company_id) AND ? = ''", ""), 0);
	text_of(f->db, "SELECT books_from FROM books WHERE company_id = 1 AND ? = ''", "", s, sizeof s);
	assert_string_equal(s, "2024-04-01");
	assert_int_equal(i64_of(f->db, "SELECT count(*) FROM audit_log WHERE entity = 'books' AND action = 'books_from' AND ? = ''", ""), 1);
	text_of(f->db, "SELECT entity || '/' || action FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log WHERE company_id = 1) "
		       "AND company_id = 1 AND ? = ''", "", s, sizeof s);
	assert_string_equal(s, "import/ledger");
	text_of(f->db, "SELECT after_json FROM audit_log WHERE entity = ?", "import", s, sizeof s);
	assert_non_null(strstr(s, "\"file\":\"test.journal\""));
	assert_non_null(strstr(s, r.blake2b));
	assert_non_null(strstr(s, "\"transactions\":6"));
	{
		struct buf problem = BUF_INIT;
		int64_t n = 0;
		assert_int_equal(audit_verify(f->db, &n, &problem, &e), 0);
		buf_free(&problem);
	}

	/* a second import reuses the ledgers and continues the numbers */
	if (import_text(f, "2024-04-07 More rent\n    Expenses:Rent:Office  10\n    Assets:Bank:HDFC:Current\n", &r, &e) < 0)
		fail_msg("second import: %s", e.msg);
	assert_int_equal(r.ledgers_created, 0);
	text_of(f->db, "SELECT number FROM vouchers WHERE narration = ?", "More rent", s, sizeof s);
	assert_string_equal(s, "PMT/24-25/0003");
	assert_int_equal(i64_of(f->db, "SELECT next_seq FROM voucher_series WHERE type = 'payment' AND fy = 2024 AND ? = ''", ""), 4);
}

static int post_journal(struct db *db, void *ctx, struct err *e)
{
	int64_t *cid = ctx, purchase, capital;
	struct voucher *v = voucher_new();
	struct voucher_line *l;
	int rc;
	if (!v)
		return err_set(e, ERR_INTERNAL, NULL, "oom");
	if ((rc = ledger_of_kind(db, *cid, "purchase", &purchase, e)) < 0 || (rc = ledger_of_kind(db, *cid, "capital", &capital, e)) < 0)
		goto out;
	v->type = VT_JOURNAL;
	snprintf(v->date, sizeof v->date, "2024-05-01");
	l = voucher_add_line(v);
	l->ledger_id = purchase;
	l->amount = 10000;
	l = voucher_add_line(v);
	l->ledger_id = capital;
	l->amount = -10000;
	rc = voucher_post(db, *cid, 0, v, e);
out:
	voucher_free(v);
	return rc;
}

static void test_numbering_continues_series(void **state)
{
	struct fx *f = *state;
	struct journal_import_result r;
	struct err e = ERR_INIT;
	char s[64];

	if (db_tx(f->db, post_journal, &f->cid, &e) < 0)
		fail_msg("post: %s", e.msg);
	/* "Capital" and "Purchase" are the company's own ledgers: reused, not created */
	if (import_text(f, "2024-06-01 Goods bought on credit\n    Purchase  50\n    Capital  -50\n\n"
			   "2025-04-01 Next year\n    Purchase  5\n    Capital\n", &r, &e) < 0)
		fail_msg("import: %s", e.msg);
	assert_int_equal(r.ledgers_created, 0);
	text_of(f->db, "SELECT number FROM vouchers WHERE narration = ?", "Goods bought on credit", s, sizeof s);
	assert_string_equal(s, "JRN/24-25/0002");
	text_of(f->db, "SELECT number FROM vouchers WHERE narration = ?", "Next year", s, sizeof s);
	assert_string_equal(s, "JRN/25-26/0001");
	assert_int_equal(closing(f->db, "Purchase"), 10000 + 5000 + 500);
	/* and voucher_post continues after the import */
	if (db_tx(f->db, post_journal, &f->cid, &e) < 0)
		fail_msg("post after import: %s", e.msg);
	assert_int_equal(i64_of(f->db, "SELECT count(*) FROM vouchers WHERE number = ?", "JRN/24-25/0003"), 1);
}

static void test_unbalanced_refused_whole(void **state)
{
	static const char text[] = "2024-04-01 fine\n"             /* 1 */
				   "    Assets:Cash:Till  100\n"      /* 2 */
				   "    Income:Misc  -100\n"          /* 3 */
				   "\n"                               /* 4 */
				   "2024-04-02 off by a paisa\n"      /* 5 */
				   "    Assets:Cash:Till  100.00\n"   /* 6 */
				   "    Income:Misc  -99.99\n"        /* 7 */
				   "\n"
				   "2024-04-03 fine again\n"
				   "    Assets:Cash:Till  1\n"
				   "    Income:Misc  -1\n";
	struct fx *f = *state;
	struct err e = ERR_INIT;
	int64_t before[NCOUNTED];

	snapshot_counts(f->db, before);
	assert_int_equal(import_text(f, text, NULL, &e), ERR_UNPROCESSABLE);
	assert_int_equal(e.aux, 5);
	if (strncmp(e.msg, "line 5: transaction does not balance by 0.01", 44) != 0)
		fail_msg("message: %s", e.msg);
	assert_string_equal(e.field, "");
	assert_unchanged(f->db, before);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM ledgers WHERE name LIKE 'Assets:Cash:Till'"), 0);

	/* a large difference, credits over debits */
	err_clear(&e);
	assert_int_equal(import_text(f, "2024-04-01 x\n    Assets:Bank:SBI  INR 1,00,000\n    Income:Misc  -1,50,000.50\n", NULL, &e),
			 ERR_UNPROCESSABLE);
	assert_non_null(strstr(e.msg, "line 1: transaction does not balance by 50000.50 (credits exceed debits)"));
	assert_unchanged(f->db, before);
}

static void test_refusals_name_the_line(void **state)
{
	static const struct {
		const char *text;
		int code;
		long line;
		const char *why;
	} cases[] = {
		{"2024-04-01 x\n    Assets:Cash  1.005\n    Income:X\n", ERR_INVALID, 2, "more than two decimals"},
		{"; ok\ninclude other.journal\n", ERR_INVALID, 2, "include is not supported"},
		{"2024-04-01 x\n    Assets:Cash  $100\n    Income:X\n", ERR_INVALID, 2, "only INR"},
		{"2024-04-01 x\n    Assets:Cash  100 USD\n    Income:X\n", ERR_INVALID, 2, "only INR"},
		{"2024-04-01 x\n    Assets:Cash\n    Income:X\n", ERR_INVALID, 3, "only one posting"},
		{"= expr:Food\n    Assets:Cash  1\n", ERR_INVALID, 1, "automated"},
		{"~ monthly\n    Assets:Cash  1\n", ERR_INVALID, 1, "periodic"},
		{"    Assets:Cash  100\n", ERR_INVALID, 1, "outside a transaction"},
		{"2024-04-01 x\n    (Assets:Cash)  100\n", ERR_INVALID, 2, "virtual"},
		{"2024-04-01 x\n    [Assets:Cash]  100\n    Income:X\n", ERR_INVALID, 2, "virtual"},
		{"2024-13-01 x\n    Assets:Cash  1\n", ERR_INVALID, 1, "date"},
		{"2023-02-29 x\n    Assets:Cash  1\n", ERR_INVALID, 1, "date"},
		{"2024-04-01=2024-04-05 x\n    Assets:Cash  1\n", ERR_INVALID, 1, "auxiliary"},
		{"2024-04-01 x\n    Assets:Cash  100 @ 2 INR\n    Income:X\n", ERR_INVALID, 2, "prices"},
		{"2024-04-01 x\n    Assets:Cash  100 = 500\n    Income:X\n", ERR_UNPROCESSABLE, 2,
		 "balance assertion does not hold: Assets:Cash is 100.00 here, the journal says 500.00"},
		{"2024-04-01 x\n    Assets:Cash  100 =* 100\n    Income:X\n", ERR_INVALID, 2, "subaccounts"},
		{"2024-04-01 x\n    Assets:Cash  = 100\n    Income:X  -100\n", ERR_INVALID, 2, "balance assignments"},
		{"2024-04-01 x\n    Assets:Cash  100 = 1OO\n    Income:X\n", ERR_INVALID, 2, "balance assertion: "},
		{"2024-04-01 x\n    Assets:Cash  100.123 USD\n    Income:X\n", ERR_INVALID, 2, "commodity USD: only INR"},
		{"2024-04-01 x\n    Assets:Cash  10.5 \xe2\x82\xac\n    Income:X\n", ERR_INVALID, 2, "commodity \xe2\x82\xac: only INR"},
		{"2024-04-01 x\n    Assets:Cash  100 {2 INR}\n    Income:X\n", ERR_INVALID, 2, "lot"},
		{"2024-04-01 just a header\n\n2024-04-02 y\n", ERR_INVALID, 1, "needs postings"},
		{"2024-04-01 x\n    Assets:Cash  1,00,0.00\n    Income:X\n", ERR_INVALID, 2, "commas"},
		{"Y 2024\n", ERR_INVALID, 1, "unsupported line"},
		{"alias A=Assets\n", ERR_INVALID, 1, "unsupported line"},
		{"decimal-mark ,\n", ERR_INVALID, 1, "decimal mark"},
		{"2024-04-01 x\n    Assets:Cash  1\n    Income:X  -1\n2024-04-02 y\n    Assets:Cash  5\n    Assets:Cash  5\n"
		 "    Income:X\n    Income:Y\n",
		 ERR_INVALID, 8, "only one posting"},
		{"2024-04-01 x\n    Assets:Cash  0\n    Income:X  0\n", ERR_INVALID, 1, "non-zero"},
		{"2024-04-01 x\n    Assets:Cash  1\n", ERR_UNPROCESSABLE, 1, "does not balance by 1.00 (debits exceed credits)"},
		{"2024-04-01 x\n    Assets:Cash\xff  1\n    Income:X\n", ERR_INVALID, 2, "UTF-8"},
		{"2024-04-01 x\n    Assets:Cash  92233720368547758.07\n    Assets:Bank  92233720368547758.07\n    Income:X\n",
		 ERR_INVALID, 2, "too large"},
		/* the debits sum to INT64_MIN paise: the elided posting cannot take its negation */
		{"2024-04-01 x\n    Assets:Cash  -46116860184273879.04\n    Assets:Bank  -46116860184273879.04\n    Income:X\n",
		 ERR_INVALID, 2, "too large"},
		/* an unbalanced sum of INT64_MIN paise: the message cannot negate it either */
		{"2024-04-01 x\n    Assets:Cash  -46116860184273879.04\n    Assets:Bank  -46116860184273879.04\n",
		 ERR_INVALID, 2, "too large"},
		/* the last line has no line break: the message quotes no byte past the journal */
		{"2024-04-01 x\n    Assets:Cash  1\n    Income:X  -1\nY 2024", ERR_INVALID, 4, "unsupported line: Y 2024"},
		/* amounts within the ceiling whose sum is not: the posting left without an amount would take it */
		{"2024-04-01 x\n    Assets:Cash  1000000000000000\n    Assets:Bank  0.01\n    Income:X\n", ERR_UNPROCESSABLE, 4, "too large"},
		{"2024-04-01 x\n    Assets:Cash  1000000000000000.01\n    Income:X\n", ERR_INVALID, 2, "too large"},
		/* a ledger's debits of one day past the ceiling, over two transactions */
		{"2024-04-01 a\n    Assets:Cash  1000000000000000\n    Income:X\n2024-04-01 b\n    Assets:Cash  0.01\n    Income:X\n",
		 ERR_UNPROCESSABLE, 5, "too large"},
	};
	struct fx *f = *state;
	int64_t before[NCOUNTED];

	snapshot_counts(f->db, before);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct err e = ERR_INIT;
		char want[32];
		int rc = import_text(f, cases[i].text, NULL, &e);
		snprintf(want, sizeof want, "line %ld: ", cases[i].line);
		if (rc != cases[i].code || e.aux != cases[i].line || strncmp(e.msg, want, strlen(want)) != 0 || !strstr(e.msg, cases[i].why))
			fail_msg("case %zu: rc %d (want %d), aux %lld (want %ld), message \"%s\" (want \"%s\" and \"%s\")", i, rc, cases[i].code,
				 e.aux, cases[i].line, e.msg, want, cases[i].why);
		assert_unchanged(f->db, before);
	}
}

/* Books without vouchers begin with the journal: on the first day of the financial year of its
 * earliest transaction (wherever it stands in the file), not on the day the company was made.
 * Once there are vouchers, a journal dated before the books' first day is refused. */
static void test_books_begin_with_journal(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	int64_t before[NCOUNTED];
	char s[64];

	if (import_text(f, "2023-06-01 later\n    Assets:Cash  5\n    Income:X\n\n2022-12-15 earlier\n    Assets:Cash  7\n    Income:X\n",
			NULL, &e) < 0)
		fail_msg("import: %s", e.msg);
	text_of(f->db, "SELECT books_from FROM books WHERE company_id = 1 AND ? = ''", "", s, sizeof s);
	assert_string_equal(s, "2022-04-01");
	snapshot_counts(f->db, before);
	assert_int_equal(import_text(f, "2021-05-01 before the books\n    Assets:Cash  1\n    Income:X\n", NULL, &e), ERR_UNPROCESSABLE);
	assert_non_null(strstr(e.msg, "books begin on 2022-04-01"));
	assert_int_equal(e.aux, 1);
	assert_unchanged(f->db, before);
	/* the same books again begin later only through books_set_from, never by an import */
	text_of(f->db, "SELECT books_from FROM books WHERE company_id = 1 AND ? = ''", "", s, sizeof s);
	assert_string_equal(s, "2022-04-01");
}

/* Balance assertions hold: checked against each account's balance within the journal, in file
 * order; a failing one names its line, the balance and what the journal says, and imports nothing. */
static void test_balance_assertions(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	int64_t before[NCOUNTED];

	if (import_text(f, "2024-04-01 x\n    Assets:Cash  100 = 100\n    Income:X\n\n2024-04-02 y\n    Assets:Cash  50.50 == \xe2\x82\xb9" "150.50\n"
			   "    Income:X  -50.50 = -150.50\n",
			NULL, &e) < 0)
		fail_msg("import: %s", e.msg);
	assert_int_equal(closing(f->db, "Assets:Cash"), 15050);
	snapshot_counts(f->db, before);
	assert_int_equal(import_text(f, "2024-04-03 z\n    Assets:Cash  1\n    Income:X\n\n2024-04-04 w\n    Assets:Cash  1 = 3\n    Income:X\n",
				     NULL, &e), ERR_UNPROCESSABLE);
	/* this journal's own balance of Assets:Cash is 2.00 at line 6, whatever the books held before */
	assert_int_equal(e.aux, 6);
	assert_non_null(strstr(e.msg, "Assets:Cash is 2.00 here, the journal says 3.00"));
	assert_string_equal(e.reason, "balance_assertion");
	assert_unchanged(f->db, before);
}

static void test_period_lock_and_archived(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	int64_t before[NCOUNTED];

	if (db_begin_write(f->db, &e) < 0 || books_lock(f->db, f->cid, 0, "2024-06-30", &e) < 0 || db_commit(f->db, &e) < 0)
		fail_msg("lock: %s", e.msg);
	snapshot_counts(f->db, before);
	assert_int_equal(import_text(f, "2024-07-01 open\n    Assets:Cash  1\n    Income:X\n\n2024-06-30 locked\n    Assets:Cash  1\n    Income:X\n",
				     NULL, &e),
			 ERR_UNPROCESSABLE);
	assert_int_equal(e.aux, 5);
	assert_non_null(strstr(e.msg, "locked up to 2024-06-30"));
	assert_unchanged(f->db, before);

	err_clear(&e);
	if (db_exec(f->db, "UPDATE ledgers SET archived = 1 WHERE name = 'Round Off'", &e) < 0)
		fail_msg("archive: %s", e.msg);
	snapshot_counts(f->db, before);
	assert_int_equal(import_text(f, "2024-07-01 x\n    Round Off  1\n    Income:X\n", NULL, &e), ERR_UNPROCESSABLE);
	assert_int_equal(e.aux, 2);
	assert_non_null(strstr(e.msg, "archived"));
	assert_unchanged(f->db, before);
}

static void test_empty_and_comments_only(void **state)
{
	struct fx *f = *state;
	struct journal_import_result r;
	struct err e = ERR_INIT;
	if (import_text(f, "", &r, &e) < 0 || r.transactions != 0)
		fail_msg("empty: %s", e.msg);
	if (import_text(f, "\xef\xbb\xbf; only a comment\n\ncomment\n2024-04-01 not read\n    X  1\nend comment\n", &r, &e) < 0 ||
	    r.transactions != 0)
		fail_msg("comments: %s", e.msg);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM vouchers"), 0);
}

/* ---- round trips ---- */

static int append_buf(void *ctx, const char *data, size_t n) { return buf_add(ctx, data, n); }

/* Every ledger's closing balance by name, as "name=paise\n" lines in name order. */
static void closings(struct db *db, int64_t cid, struct buf *out)
{
	static const char sql[] = "SELECT l.name, l.opening_balance + coalesce((SELECT sum(m.debit) - sum(m.credit) FROM ledger_month m "
				  "WHERE m.company_id = l.company_id AND m.ledger_id = l.id), 0) FROM ledgers l WHERE l.company_id = ? "
				  "AND l.name <> 'Equity:Opening-Balances' ORDER BY l.name";
	struct err e = ERR_INIT;
	struct db_stmt *st = db_prepare(db, sql, &e);
	int rc;
	if (!st)
		fail_msg("closings: %s", e.msg);
	db_bind_i64(st, 1, cid);
	while ((rc = db_step(st, &e)) == DB_ROW)
		if (db_col_i64(st, 1) != 0 && buf_addf(out, "%s=%lld\n", db_col_text(st, 0), (long long)db_col_i64(st, 1)) < 0)
			fail_msg("oom");
	db_done(st);
	if (rc < 0)
		fail_msg("closings: %s", e.msg);
}

static void export_all(struct db *db, int64_t cid, const char *from, const char *to, struct buf *out)
{
	struct err e = ERR_INIT;
	struct journal_export_result r;
	int rc;
	/* An export reads inside its caller's snapshot. */
	if (db_begin_read(db, &e) < 0)
		fail_msg("begin: %s", e.msg);
	rc = journal_export(db, cid, from, to, append_buf, out, &r, &e);
	db_rollback(db);
	if (rc < 0)
		fail_msg("export: %s", e.msg);
}

/* Imports text into a fresh database of the same backend and returns its closings. */
static void reimport(enum db_backend b, const char *text, struct buf *ret_closings, struct journal_import_result *r)
{
	struct unit_db u;
	struct db *db = NULL;
	struct err e = ERR_INIT;
	int64_t cid = 0;
	if (open_fresh(b, &u, &db, &cid) < 0)
		fail_msg("second database");
	if (import_mem_tx(db, cid, "export.journal", text, r, &e) < 0)
		fail_msg("re-import: %s", e.msg);
	closings(db, cid, ret_closings);
	db_close(db);
	unit_db_remove(&u);
}

static void test_round_trip_generated(void **state)
{
	struct fx *f = *state;
	struct journal_import_result r, r2;
	struct err e = ERR_INIT;
	struct buf exported = BUF_INIT, c1 = BUF_INIT, c2 = BUF_INIT, want = BUF_INIT;
	char dir[] = "/tmp/daftar-journal-XXXXXX", cmd[512], path[600];
	FILE *csv;

	if (access("bench/gen-journal.py", R_OK) != 0 || system("python3 -c '' 2>/dev/null") != 0) {
		printf("round trip of a generated book: skipped (needs python3 and bench/gen-journal.py)\n");
		skip();
	}
	if (!mkdtemp(dir))
		fail_msg("mkdtemp");
	snprintf(cmd, sizeof cmd, "OUT=%s python3 bench/gen-journal.py 2000 7 > /dev/null", dir);
	if (system(cmd) != 0)
		fail_msg("%s failed", cmd);
	snprintf(path, sizeof path, "%s/2k.journal", dir);
	if (import_file_tx(f->db, f->cid, path, &r, &e) < 0)
		fail_msg("import: %s", e.msg);
	assert_int_equal(r.transactions, 2000);
	assert_true(r.postings > 6000);

	/* The generator's own per-posting CSV is an independent account of every balance. */
	{
		static char names[300][128];
		static int64_t sums[300];
		char line[400];
		int n = 0;
		memset(sums, 0, sizeof sums);
		snprintf(path, sizeof path, "%s/accounts.csv", dir);
		csv = fopen(path, "r");
		assert_non_null(csv);
		while (fgets(line, sizeof line, csv) && n < 300) {
			char *comma = strchr(line, ',');
			if (!comma)
				continue;
			line[strcspn(line, "\n")] = '\0';
			snprintf(names[atoi(line)], sizeof names[0], "%s", comma + 1);
			n++;
		}
		fclose(csv);
		snprintf(path, sizeof path, "%s/2k.postings.csv", dir);
		csv = fopen(path, "r");
		assert_non_null(csv);
		while (fgets(line, sizeof line, csv)) {
			char *p = strchr(line, ','), *q;
			if (!p || !(p = strchr(p + 1, ',')) || !(q = strchr(p + 1, ',')))
				continue;
			sums[atoi(p + 1)] += strtoll(q + 1, NULL, 10);
		}
		fclose(csv);
		for (int id = 1; id < 300; id++)
			if (names[id][0] && sums[id])
				assert_int_equal(closing(f->db, names[id]), sums[id]);
	}

	closings(f->db, f->cid, &c1);
	export_all(f->db, f->cid, NULL, NULL, &exported);
	assert_non_null(strstr(buf_str(&exported), "    Assets:Bank:HDFC:Current  "));
	reimport(db_backend(f->db), buf_str(&exported), &c2, &r2);
	assert_int_equal(r2.transactions, 2000);
	assert_int_equal(r2.postings, r.postings);
	assert_int_equal(r2.ledgers_created, r.ledgers_created);
	assert_string_equal(buf_str(&c1), buf_str(&c2));
	assert_int_equal(r2.by_type[VT_RECEIPT], r.by_type[VT_RECEIPT]);
	assert_int_equal(r2.by_type[VT_PAYMENT], r.by_type[VT_PAYMENT]);

	/* A period's export carries what came before as opening balances. */
	buf_reset(&exported);
	buf_reset(&c2);
	export_all(f->db, f->cid, "2022-04-01", NULL, &exported);
	assert_non_null(strstr(buf_str(&exported), "2022-03-31 * Opening balances\n"));
	reimport(db_backend(f->db), buf_str(&exported), &c2, &r2);
	assert_true(r2.transactions < 2000);
	assert_string_equal(buf_str(&c1), buf_str(&c2));

	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		fail_msg("cleanup");
	buf_free(&exported);
	buf_free(&c1);
	buf_free(&c2);
	buf_free(&want);
}

struct book {
	int64_t cid;
};

static int make_book(struct db *db, void *ctx, struct err *e)
{
	struct book *b = ctx;
	struct ledger_input in;
	struct ledger l;
	int64_t debtors, banks, sharma, hdfc, sales, ocgst, osgst, gid;
	struct voucher *v = NULL;
	int rc;

	if ((rc = group_by_code(db, b->cid, "sundry_debtors", &debtors, e)) < 0 || (rc = group_by_code(db, b->cid, "bank_accounts", &banks, e)) < 0)
		return rc;
	memset(&in, 0, sizeof in);
	in.name = "Sharma Traders";
	in.group_id = debtors;
	in.opening_balance = 50000;
	if ((rc = ledger_create(db, b->cid, 0, &in, &l, e)) < 0)
		return rc;
	sharma = l.id;
	in.name = "HDFC Bank";
	in.group_id = banks;
	in.opening_balance = 10000000;
	if ((rc = ledger_create(db, b->cid, 0, &in, &l, e)) < 0)
		return rc;
	hdfc = l.id;
	/* a user sub-group under Sundry Creditors, and a ledger whose own name points elsewhere */
	if ((rc = group_by_code(db, b->cid, "sundry_creditors", &gid, e)) < 0 ||
	    (rc = group_create(db, b->cid, 0, "Creditors - Mumbai", gid, &gid, e)) < 0)
		return rc;
	in.name = "Assets:Bank:Not Really";
	in.group_id = gid;
	in.opening_balance = -25050;
	if ((rc = ledger_create(db, b->cid, 0, &in, &l, e)) < 0)
		return rc;
	if ((rc = ledger_of_kind(db, b->cid, "sales", &sales, e)) < 0 || (rc = ledger_of_kind(db, b->cid, "out_cgst", &ocgst, e)) < 0 ||
	    (rc = ledger_of_kind(db, b->cid, "out_sgst", &osgst, e)) < 0)
		return rc;
	for (int i = 0; i < 3; i++) {
		struct voucher_line *ln;
		if (!(v = voucher_new()))
			return err_set(e, ERR_INTERNAL, NULL, "oom");
		snprintf(v->date, sizeof v->date, "2024-04-1%c", (char)('0' + i));
		snprintf(v->narration, sizeof v->narration, "Entry %d; with a semicolon\nand a new line", i);
		snprintf(v->reference, sizeof v->reference, "REF-%d", i);
		if (i == 1) {
			v->type = VT_RECEIPT;
			ln = voucher_add_line(v);
			ln->ledger_id = hdfc;
			ln->amount = 1180000;
			ln = voucher_add_line(v);
			ln->ledger_id = sharma;
			ln->amount = -1180000;
		} else {
			v->type = VT_JOURNAL;
			ln = voucher_add_line(v);
			ln->ledger_id = sharma;
			ln->amount = 1180000;
			ln = voucher_add_line(v);
			ln->ledger_id = sales;
			ln->amount = -1000000;
			ln = voucher_add_line(v);
			ln->ledger_id = ocgst;
			ln->amount = -90000;
			ln = voucher_add_line(v);
			ln->ledger_id = osgst;
			ln->amount = -90000;
		}
		rc = voucher_post(db, b->cid, 0, v, e);
		voucher_free(v);
		if (rc < 0)
			return rc;
	}
	/* a cancelled voucher is not exported */
	if (!(v = voucher_new()))
		return err_set(e, ERR_INTERNAL, NULL, "oom");
	v->type = VT_JOURNAL;
	snprintf(v->date, sizeof v->date, "2024-04-20");
	voucher_add_line(v)->ledger_id = sharma;
	v->lines[0].amount = 999;
	voucher_add_line(v)->ledger_id = sales;
	v->lines[1].amount = -999;
	if ((rc = voucher_post(db, b->cid, 0, v, e)) == 0) {
		struct voucher *c = NULL;
		rc = voucher_cancel(db, b->cid, 0, v->id, v->version, &c, e);
		voucher_free(c);
	}
	voucher_free(v);
	return rc;
}

static void test_round_trip_named_ledgers(void **state)
{
	struct fx *f = *state;
	struct book b = {f->cid};
	struct journal_import_result r;
	struct err e = ERR_INIT;
	struct buf exported = BUF_INIT, c1 = BUF_INIT, c2 = BUF_INIT;
	const char *t;

	if (db_tx(f->db, make_book, &b, &e) < 0)
		fail_msg("book: %s", e.msg);
	closings(f->db, f->cid, &c1);
	export_all(f->db, f->cid, NULL, NULL, &exported);
	t = buf_str(&exported);
	assert_non_null(strstr(t, "2024-04-09 * Opening balances\n"));
	assert_non_null(strstr(t, "    Assets:Sundry Debtors:Sharma Traders  500.00 INR\n"));
	assert_non_null(strstr(t, "    Assets:Bank Accounts:HDFC Bank  100000.00 INR\n"));
	assert_non_null(strstr(t, "    Liabilities:Sundry Creditors:Assets:Bank:Not Really  -250.50 INR\n"));
	assert_non_null(strstr(t, "    Equity:Opening-Balances  -100249.50 INR\n"));
	assert_non_null(strstr(t, "2024-04-10 * (JRN/24-25/0001) Entry 0, with a semicolon and a new line  ; ref:REF-0\n"));
	assert_non_null(strstr(t, "    Income:Sales Accounts:Sales  -10000.00 INR\n"));
	assert_non_null(strstr(t, "    Liabilities:Duties & Taxes:Output CGST  -900.00 INR\n"));
	assert_null(strstr(t, "9.99 INR"));
	reimport(db_backend(f->db), t, &c2, &r);
	assert_int_equal(r.transactions, 4);
	/* Sharma Traders, HDFC Bank and the sub-group's ledger come back under their own names; Sales,
	 * Output CGST/SGST are the new company's own ledgers. */
	assert_int_equal(r.ledgers_created, 4);
	assert_int_equal(r.by_type[VT_RECEIPT], 2); /* the opening entry debits the bank */
	assert_string_equal(buf_str(&c1), buf_str(&c2));
	buf_free(&exported);
	buf_free(&c1);
	buf_free(&c2);
}

static void test_export_refusals(void **state)
{
	struct fx *f = *state;
	struct buf out = BUF_INIT;
	struct err e = ERR_INIT;
	assert_int_equal(journal_export(f->db, 99, NULL, NULL, append_buf, &out, NULL, &e), ERR_NOT_FOUND);
	err_clear(&e);
	assert_int_equal(journal_export(f->db, f->cid, "2024-02-30", NULL, append_buf, &out, NULL, &e), ERR_INVALID);
	err_clear(&e);
	assert_int_equal(journal_export(f->db, f->cid, "2024-05-01", "2024-04-01", append_buf, &out, NULL, &e), ERR_INVALID);
	err_clear(&e);
	assert_int_equal(import_mem_tx(f->db, 99, "x", "", NULL, &e), ERR_NOT_FOUND);
	err_clear(&e);
	assert_int_equal(import_file_tx(f->db, f->cid, "/nonexistent/file.journal", NULL, &e), ERR_NOT_FOUND);
	buf_free(&out);
}

/* The import writes inside its caller's transaction: the caller sees the vouchers before it
 * commits, a second import in the same transaction goes on numbering, and the caller's rollback
 * takes everything back, the audit record too. */
static void test_import_in_callers_transaction(void **state)
{
	struct fx *f = *state;
	static const char text[] = "2024-04-01 Rent\n    Expenses:Rent  100\n    Assets:Bank:HDFC\n";
	struct journal_import_result r1, r2;
	struct err e = ERR_INIT;
	int64_t before[NCOUNTED];
	char number[40];

	snapshot_counts(f->db, before);
	if (db_begin_write(f->db, &e) < 0)
		fail_msg("begin: %s", e.msg);
	if (journal_import_mem(f->db, f->cid, 0, "a.journal", text, strlen(text), &r1, &e) < 0 ||
	    journal_import_mem(f->db, f->cid, 0, "b.journal", text, strlen(text), &r2, &e) < 0)
		fail_msg("import: %s", e.msg);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM vouchers"), before[0] + 2);
	assert_true(r2.first_voucher_id > r1.last_voucher_id);
	text_of(f->db, "SELECT number FROM vouchers WHERE reference IS NULL AND narration = ? ORDER BY id DESC", "Rent", number,
		sizeof number);
	assert_string_equal(number, "PMT/24-25/0002");
	assert_int_equal(r2.ledgers_created, 0); /* the first import's ledgers are known to the second */
	db_rollback(f->db);
	assert_unchanged(f->db, before);

	/* and db_tx commits it */
	if (import_text(f, text, &r1, &e) < 0)
		fail_msg("import: %s", e.msg);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM vouchers"), before[0] + 1);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log WHERE entity = 'import'"), 1);
}

static int fails_late(struct db *db, void *ctx, struct err *e)
{
	int rc = import_job_run(db, ctx, e);
	return rc < 0 ? rc : err_set(e, ERR_UNPROCESSABLE, NULL, "the caller changed its mind");
}

static const char sql_orphan_line[] = "INSERT INTO voucher_lines(voucher_id, line_no, company_id, ledger_id, date, amount) "
				      "VALUES (999999, 1, ?, 999999, '2024-04-01', 1)";

/* A bulk transaction hands the connection back as it found it: foreign keys are checked again,
 * whether the work committed or was rolled back. */
static void test_bulk_tx_restores_connection(void **state)
{
	struct fx *f = *state;
	static const char text[] = "2024-04-01 Rent\n    Expenses:Rent  100\n    Assets:Bank:HDFC\n";
	struct journal_import_result r;
	struct import_job j = {f->cid, "bulk.journal", text, NULL, &r};
	struct err e = ERR_INIT;

	assert_int_equal(db_tx_bulk(f->db, fails_late, &j, &e), ERR_UNPROCESSABLE);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM vouchers"), 0);
	err_clear(&e);
	assert_int_equal(db_run(f->db, sql_orphan_line, DB_ARGS(DB_I64(f->cid)), &e), ERR_CONFLICT);
	err_clear(&e);
	if (db_tx_bulk(f->db, import_job_run, &j, &e) < 0)
		fail_msg("bulk import: %s", e.msg);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM vouchers"), 1);
	assert_int_equal(db_run(f->db, sql_orphan_line, DB_ARGS(DB_I64(f->cid)), &e), ERR_CONFLICT);
	assert_true(db_max_params(f->db) >= 64);
}

#define DB_TESTS(pre)                                                                                  \
	cmocka_unit_test_prestate_setup_teardown(test_import_small, setup, teardown, pre),              \
	cmocka_unit_test_prestate_setup_teardown(test_numbering_continues_series, setup, teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_unbalanced_refused_whole, setup, teardown, pre),  \
	cmocka_unit_test_prestate_setup_teardown(test_refusals_name_the_line, setup, teardown, pre),    \
	cmocka_unit_test_prestate_setup_teardown(test_books_begin_with_journal, setup, teardown, pre),  \
	cmocka_unit_test_prestate_setup_teardown(test_balance_assertions, setup, teardown, pre),        \
	cmocka_unit_test_prestate_setup_teardown(test_period_lock_and_archived, setup, teardown, pre),  \
	cmocka_unit_test_prestate_setup_teardown(test_empty_and_comments_only, setup, teardown, pre),   \
	cmocka_unit_test_prestate_setup_teardown(test_round_trip_generated, setup, teardown, pre),      \
	cmocka_unit_test_prestate_setup_teardown(test_round_trip_named_ledgers, setup, teardown, pre),  \
	cmocka_unit_test_prestate_setup_teardown(test_export_refusals, setup, teardown, pre),            \
	cmocka_unit_test_prestate_setup_teardown(test_import_in_callers_transaction, setup, teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_bulk_tx_restores_connection, setup, teardown, pre)

int main(void)
{
	const struct CMUnitTest sqlite_tests[] = {
		cmocka_unit_test(test_amount_forms),
		cmocka_unit_test(test_group_mapping),
		DB_TESTS((void *)&on_sqlite),
	};
	const struct CMUnitTest pg_tests[] = {
		DB_TESTS((void *)&on_pg),
	};
	int failed;

	unit_quiet_logs();
	failed = cmocka_run_group_tests_name("journal on SQLite", sqlite_tests, NULL, NULL);
	if (unit_pg_url())
		failed += cmocka_run_group_tests_name("journal on PostgreSQL", pg_tests, NULL, NULL);
	else
		printf("journal on PostgreSQL: skipped (DAFTAR_PG_URL is not set)\n");
	return failed;
}
