/* test_statement_csv.c - the bank statement reader on each bank's download (tests/statements/:
 * SBI, HDFC, ICICI, Axis, Kotak, a co-operative bank's Dr/Cr amounts and the plain Date, Narration,
 * Debit, Credit, Balance table): every row it hands on, exactly, and the lines it skips; and what it
 * refuses, each with its line, column and value: bad dates, bad amounts, a debit and a credit on
 * one line, amounts past the ceiling, quotes left open, no header, no rows, too many rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/money.h"
#include "reports/statement_csv.h"

#define MAX_ROWS 32

struct rows {
	int n;
	struct statement_row r[MAX_ROWS];
	int stop_at;   /* refuse the row with this index (0: none) */
};

static int collect(void *ctx, const struct statement_row *row, struct err *e)
{
	struct rows *x = ctx;
	if (x->stop_at && x->n == x->stop_at)
		return err_set(e, ERR_UNPROCESSABLE, "stop", "stopped by the caller");
	if (x->n < MAX_ROWS)
		x->r[x->n] = *row;
	x->n++;
	return 0;
}

/* The sample statement `name` from tests/statements/ (found beside this file). */
static char *sample(const char *name, size_t *len)
{
	char path[512];
	const char *here = __FILE__, *cut = strstr(here, "unit/test_statement_csv.c");
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof path, "%.*sstatements/%s", cut ? (int)(cut - here) : 0, here, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* What a row must be; balance NOBAL for none. */
#define NOBAL INT64_MIN
struct want {
	int line;
	const char *date, *value_date, *description, *reference;
	int64_t debit, credit, balance;
};

static void rows_are(const char *file, const struct rows *got, const struct want *w, int n)
{
	if (got->n != n)
		fail_msg("%s: %d rows, want %d", file, got->n, n);
	for (int i = 0; i < n; i++) {
		const struct statement_row *r = &got->r[i];
		if (r->line != w[i].line || strcmp(r->date, w[i].date) || strcmp(r->value_date, w[i].value_date) ||
		    strcmp(r->description, w[i].description) || strcmp(r->reference, w[i].reference) || r->debit != w[i].debit ||
		    r->credit != w[i].credit || r->has_balance != (w[i].balance != NOBAL) ||
		    (r->has_balance && r->balance != w[i].balance))
			fail_msg("%s row %d: line %d %s (%s) \"%s\" [%s] dr %lld cr %lld bal %lld (%d); want line %d %s (%s) \"%s\" [%s] dr %lld "
				 "cr %lld bal %lld",
				 file, i, r->line, r->date, r->value_date, r->description, r->reference, (long long)r->debit,
				 (long long)r->credit, (long long)r->balance, r->has_balance, w[i].line, w[i].date, w[i].value_date,
				 w[i].description, w[i].reference, (long long)w[i].debit, (long long)w[i].credit,
				 (long long)w[i].balance);
	}
}

/* Reads tests/statements/file and checks its rows, header line and end line. */
static void reads(const char *file, const struct want *w, int n, int header_line, int end_line)
{
	struct rows got;
	struct statement_info info;
	struct err e = ERR_INIT;
	size_t len;
	char *csv = sample(file, &len);

	memset(&got, 0, sizeof got);
	memset(&info, 0, sizeof info);
	if (statement_csv_read(csv, len, collect, &got, &info, &e) != 0)
		fail_msg("%s refused: %s: %s (%s)", file, e.field, e.msg, e.reason);
	rows_are(file, &got, w, n);
	assert_int_equal(info.rows, n);
	assert_int_equal(info.header_line, header_line);
	assert_int_equal(info.end_line, end_line);
	free(csv);
}

static void test_sbi(void **state)
{
	static const struct want w[] = {
		{14, "2026-04-01", "2026-04-01", "BY TRANSFER-NEFT*HDFC0000240*N091261234567*SHARMA TRADERS--",
		 "TRANSFER FROM 99509044300012", 0, 5000000, 29500000},
		{15, "2026-04-03", "2026-04-03", "TO TRANSFER-UPI/DR/609312345678/GUPTA EL/YESB/guptaelec@ybl/Payment--",
		 "TRANSFER TO 4897690162095", 1250000, 0, 28250000},
		{16, "2026-04-07", "2026-04-07", "CHEQUE WDL-PATEL PACKAGING, INV 118", "000451", 11800000, 0, 16450000},
		{17, "2026-04-15", "2026-04-15", "BY TRANSFER-IMPS/609510987654/SUNITA DEVI/Rent-", "TRANSFER FROM 3199412345678", 0,
		 1800000, 18250000},
		{18, "2026-04-30", "2026-04-30", "DEBIT-ATMCard AMC 421234*5678 CLASSIC", "", 23600, 0, 18226400},
	};
	(void)state;
	reads("sbi.csv", w, 5, 13, 19);
}

static void test_hdfc(void **state)
{
	static const struct want w[] = {
		{11, "2026-04-01", "2026-04-01", "UPI-RAHUL SHARMA-rahul.sharma@okhdfcbank-HDFC0001234-609112345678-PAYMENT FROM PHONE",
		 "0000609112345678", 0, 500000, 12500000},
		{12, "2026-04-02", "2026-04-02", "NEFT DR-ICIC0000104-PATEL PACKAGING-NETBANK MUM-N092261234567-INV 118", "N092261234567",
		 1888000, 0, 10612000},
		{13, "2026-04-05", "2026-04-05", "IMPS-609510101010-ANITA SINGH-SBIN-XXXXXXX4321-REFUND, ORDER 77", "0000609510101010", 0,
		 125050, 10737050},
		{14, "2026-04-10", "2026-04-10", "ACH D- TP ACH BAJAJ FINANCE-4512345678", "0000004512345678", 650000, 0, 10087050},
	};
	(void)state;
	reads("hdfc.csv", w, 4, 9, 17);
}

static void test_icici(void **state)
{
	static const struct want w[] = {
		{7, "2026-04-01", "2026-04-01", "MMT/IMPS/609110123456/SUNITA DEVI/HDFC0001234", "", 0, 750000, 10750000},
		{8, "2026-04-02", "2026-04-03", "UPI/609212345678/Electricity bill/msedcl@icici/ICICI Bank/", "", 341200, 0, 10408800},
		{9, "2026-04-06", "2026-04-06", "CLG/KRISHNA AUTO PARTS/000087/ICI/06.04.2026", "000087", 4500000, 0, 5908800},
		{10, "2026-04-09", "2026-04-09", "NEFT-SBIN426099123456-VERMA & SONS-INV 2041", "", 0, 12345678, 18254478},
	};
	(void)state;
	reads("icici.csv", w, 4, 6, 12);
}

static void test_axis(void **state)
{
	static const struct want w[] = {
		{11, "2026-04-01", "", "UPI/P2M/609112345678/AMAZON SELLER SERVICES/UPI/Payment", "", 236000, 0, 8264000},
		{12, "2026-04-04", "", "NEFT/AXISP00212345678/OM SAI CATERERS/HDFC BANK", "", 0, 3200000, 11464000},
		{13, "2026-04-12", "", "CHQ PAID-MICR CTS-INDORE, SHARMA STATIONERS", "000213", 590000, 0, 10874000},
		{14, "2026-04-20", "", "GST/CPIN 26042700012345/GSTN", "", 1422000, 0, 9452000},
	};
	(void)state;
	reads("axis.csv", w, 4, 9, 15);
}

static void test_kotak(void **state)
{
	static const struct want w[] = {
		{10, "2026-04-02", "2026-04-02", "IMPS-609210123456-MEHTA & SONS-HDFC-XXXXXXX1234-Rent, April", "IMPS-609210123456", 2500000,
		 0, 1500000},
		{11, "2026-04-08", "2026-04-08", "UPI/DEEPAK KIRANA/609812345678/UPI", "UPI-609812345678", 1750000, 0, -250000},
		{12, "2026-04-11", "2026-04-11", "NEFT-KKBKH26101234567-RAJESH MOTORS-Refund", "NEFT-KKBKH26101234567", 0, 6000000, 5750000},
	};
	(void)state;
	reads("kotak.csv", w, 3, 8, 14);
}

static void test_generic(void **state)
{
	static const struct want w[] = {
		{2, "2026-04-05", "", "UPI/609512345678/Ravi Kirana Store/Groceries", "", 85000, 0, 4915000},
		{3, "2026-04-06", "", "NEFT CR-Bharat Textiles, Surat-N096261111111", "", 0, 10000000, 14915000},
		{4, "2026-04-07", "", "Cash withdrawal ATM Karol Bagh", "", 500000, 0, 14415000},
	};
	static const struct want co[] = {
		{5, "2026-04-05", "", "By Clg NEFT - Ganesh Dairy Farm - N095261234", "", 0, 1200000, 11200000},
		{6, "2026-04-09", "", "To Chq 000311 - Shree Electricals", "000311", 11550000, 0, -350000},
		{7, "2026-04-16", "", "By Cash - deposited by self", "", 0, 2500000, 2150000},
	};
	(void)state;
	reads("generic.csv", w, 3, 1, 0);
	reads("cooperative.csv", co, 3, 4, 8);
}

/* Reads csv (a string), which must succeed, into got. */
static void reads_text(const char *csv, struct rows *got)
{
	struct err e = ERR_INIT;
	memset(got, 0, sizeof *got);
	if (statement_csv_read(csv, strlen(csv), collect, got, NULL, &e) != 0)
		fail_msg("refused: %s: %s (%s)\n%s", e.field, e.msg, e.reason, csv);
}

static const char *detail_text(const struct err *e, const char *key)
{
	for (int i = 0; i < e->ndetails; i++)
		if (!strcmp(e->detail[i].key, key))
			return e->detail[i].text;
	return NULL;
}

static int64_t detail_num(const struct err *e, const char *key)
{
	for (int i = 0; i < e->ndetails; i++)
		if (!strcmp(e->detail[i].key, key))
			return e->detail[i].v;
	return INT64_MIN;
}

/* csv is refused with code, field ("line N" or "body"), reason, and (when not NULL) the column
 * and value named; nothing is handed on before it for a file-wide refusal. */
static void refuses(const char *csv, size_t len, int code, const char *field, const char *reason, const char *column,
		    const char *value)
{
	struct rows got;
	struct err e = ERR_INIT;
	struct statement_info info = {7, 7, 7};
	memset(&got, 0, sizeof got);
	if (statement_csv_read(csv, len, collect, &got, &info, &e) != code)
		fail_msg("not refused with %d (%s %s): %s", code, e.field, e.reason, csv);
	if (strcmp(e.field, field) || strcmp(e.reason, reason))
		fail_msg("refused as %s / %s, want %s / %s: %s", e.field, e.reason, field, reason, csv);
	if (column && (!detail_text(&e, "column") || strcmp(detail_text(&e, "column"), column)))
		fail_msg("column %s, want %s: %s", detail_text(&e, "column") ? detail_text(&e, "column") : "(none)", column, csv);
	if (value && (!detail_text(&e, "value") || strcmp(detail_text(&e, "value"), value)))
		fail_msg("value %s, want %s: %s", detail_text(&e, "value") ? detail_text(&e, "value") : "(none)", value, csv);
	if (!strncmp(field, "line ", 5))
		assert_int_equal(detail_num(&e, "line"), atoi(field + 5));
	assert_int_equal(info.rows, 7); /* untouched */
}

#define REFUSES(csv, ...) refuses(csv, strlen(csv), __VA_ARGS__)
#define HEAD "Date,Narration,Debit,Credit,Balance\r\n"

static void test_bad_dates(void **state)
{
	(void)state;
	REFUSES(HEAD "05/04/2026,ok,1.00,,\r\n31/02/2026,x,1.00,,\r\n", ERR_INVALID, "line 3", "statement_bad_date", "Date", "31/02/2026");
	REFUSES(HEAD "5/4/2026,x,1.00,,\r\n", ERR_INVALID, "line 2", "statement_bad_date", "Date", "5/4/2026");
	REFUSES(HEAD "05-Apl-2026,x,1.00,,\r\n", ERR_INVALID, "line 2", "statement_bad_date", "Date", "05-Apl-2026");
	REFUSES(HEAD "05/04/2026 noon,x,1.00,,\r\n", ERR_INVALID, "line 2", "statement_bad_date", "Date", "05/04/2026 noon");
	/* A line with amounts but no date is not skipped. */
	REFUSES(HEAD "05/04/2026,ok,1.00,,\r\n,lost,2.00,,\r\n", ERR_INVALID, "line 3", "statement_bad_date", "Date", "");
	/* The value date is read too. */
	REFUSES("Txn Date,Value Date,Description,Debit,Credit\n01/04/2026,32/04/2026,x,1.00,\n", ERR_INVALID, "line 2",
		"statement_bad_date", "Value Date", "32/04/2026");
}

static void test_bad_amounts(void **state)
{
	static const char *const bad[] = {"1.2.3", "12,34.00", "1,000.005", "abc", "-500.00", "1,00,0.00", ",100", "100,",
					  "1,,000", "5.", ".50", "1 000", "Cr", "500 Cr"};
	char csv[256];
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(csv, sizeof csv, HEAD "05/04/2026,x,\"%s\",,\r\n", bad[i]);
		REFUSES(csv, ERR_INVALID, "line 2", "statement_bad_amount", "Debit", bad[i]);
	}
	REFUSES(HEAD "05/04/2026,x,,12.345,\r\n", ERR_INVALID, "line 2", "statement_bad_amount", "Credit", "12.345");
	REFUSES(HEAD "05/04/2026,x,,100,1.00 XX\r\n", ERR_INVALID, "line 2", "statement_bad_amount", "Balance", "1.00 XX");
	/* Both sides on one line, or neither. */
	{
		struct err e = ERR_INIT;
		struct rows got = {0};
		const char *csv2 = HEAD "05/04/2026,x,\"1,000.00\",200.00,\r\n";
		REFUSES(csv2, ERR_INVALID, "line 2", "statement_debit_and_credit", "Debit", NULL);
		assert_int_equal(statement_csv_read(csv2, strlen(csv2), collect, &got, NULL, &e), ERR_INVALID);
		assert_int_equal(detail_num(&e, "debit"), 100000);
		assert_int_equal(detail_num(&e, "credit"), 20000);
	}
	REFUSES(HEAD "05/04/2026,x,-,0.00,\r\n", ERR_INVALID, "line 2", "statement_no_amount", NULL, NULL);
	/* A Dr / Cr column must say one of them, and agree with a suffix. */
	REFUSES("Date,Description,Amount,Dr / Cr\n05-Apr-2026,x,100.00,XX\n", ERR_INVALID, "line 2", "statement_bad_amount", "Dr / Cr", "XX");
	REFUSES("Date,Description,Amount,Dr / Cr\n05-Apr-2026,x,100.00 Cr,DR\n", ERR_INVALID, "line 2", "statement_bad_amount", "Amount",
		"100.00 Cr");
	REFUSES("Date,Description,Amount,Dr / Cr\n05-Apr-2026,x,-100.00,DR\n", ERR_INVALID, "line 2", "statement_bad_amount", "Amount",
		"-100.00");
	REFUSES(HEAD "05/04/2026,x,100.00 Cr,,\r\n", ERR_INVALID, "line 2", "statement_bad_amount", "Debit", "100.00 Cr");
}

static void test_ceiling(void **state)
{
	struct rows got;
	(void)state;
	/* MONEY_MAX itself is an amount; a paisa more is not, nor what int64 cannot hold. */
	reads_text(HEAD "05/04/2026,x,,\"1,00,00,00,00,00,00,000.00\",\r\n", &got);
	assert_int_equal(got.r[0].credit, MONEY_MAX);
	REFUSES(HEAD "05/04/2026,x,,\"1,00,00,00,00,00,00,000.01\",\r\n", ERR_INVALID, "line 2", "too_large", "Credit", NULL);
	REFUSES(HEAD "05/04/2026,x,99999999999999999999999999999999999999999999999999,,\r\n", ERR_INVALID, "line 2", "too_large", "Debit",
		NULL);
	REFUSES(HEAD "05/04/2026,x,1.00,,-92233720368547758.09\r\n", ERR_INVALID, "line 2", "too_large", "Balance", NULL);
	REFUSES("Date,Narration,Amount\n05/04/2026,x,\"-1,00,00,00,00,00,00,001\"\n", ERR_INVALID, "line 2", "too_large", "Amount", NULL);
	{
		struct err e = ERR_INIT;
		const char *csv = HEAD "05/04/2026,x,,\"1,00,00,00,00,00,00,000.01\",\r\n";
		assert_int_equal(statement_csv_read(csv, strlen(csv), collect, &got, NULL, &e), ERR_INVALID);
		assert_int_equal(detail_num(&e, "max"), MONEY_MAX);
		assert_string_equal(detail_text(&e, "kind"), "amount");
	}
}

static void test_bad_files(void **state)
{
	char *big;
	size_t n = 0;
	(void)state;
	/* A quote left open runs to the end: the line it opened on is named. */
	REFUSES(HEAD "05/04/2026,ok,1.00,,\r\n05/04/2026,\"UPI unfinished,100.00,,\r\n06/04/2026,y,1.00,,\r\n", ERR_INVALID, "line 3",
		"statement_unclosed_quote", NULL, NULL);
	REFUSES(HEAD "05/04/2026,\"x", ERR_INVALID, "line 2", "statement_unclosed_quote", NULL, NULL);
	REFUSES("hello\nworld\n05/04/2026,x,1.00,,\n", ERR_INVALID, "body", "statement_no_header", NULL, NULL);
	REFUSES("when,what\n2024-05-01,x\n", ERR_INVALID, "body", "statement_no_header", NULL, NULL);
	REFUSES("", ERR_INVALID, "body", "statement_no_header", NULL, NULL);
	REFUSES(HEAD, ERR_INVALID, "body", "statement_no_rows", NULL, NULL);
	REFUSES(HEAD "05/04/2026,Opening Balance,,,100.00\r\n", ERR_INVALID, "body", "statement_no_rows", NULL, NULL);
	REFUSES(HEAD "05/04/2026,caf\xe9,1.00,,\r\n", ERR_INVALID, "body", "statement_not_text", NULL, NULL);
	{
		static const char nul[] = HEAD "05/04/2026,a\0b,1.00,,\r\n";
		refuses(nul, sizeof nul - 1, ERR_INVALID, "body", "statement_not_text", NULL, NULL);
	}
	REFUSES(HEAD "05/04/2026,a\x01" "b,1.00,,\r\n", ERR_INVALID, "line 2", "statement_bad_text", "Narration", NULL);
	/* Line numbers count the line breaks inside quotes. */
	REFUSES(HEAD "05/04/2026,\"two\nlines\",1.00,,\r\n06/04/2026,x,abc,,\r\n", ERR_INVALID, "line 4", "statement_bad_amount", "Debit",
		"abc");
	/* A narration of 501 characters; a record past the limit. */
	big = malloc(STATEMENT_RECORD_MAX + 200);
	assert_non_null(big);
	n = (size_t)snprintf(big, 64, HEAD "05/04/2026,");
	memset(big + n, 'x', 501);
	snprintf(big + n + 501, 64, ",1.00,,\r\n");
	REFUSES(big, ERR_INVALID, "line 2", "statement_bad_text", "Narration", NULL);
	memset(big + n, 'x', STATEMENT_RECORD_MAX);
	snprintf(big + n + STATEMENT_RECORD_MAX, 64, ",1.00,,\r\n");
	REFUSES(big, ERR_INVALID, "line 2", "statement_line_too_long", NULL, NULL);
	free(big);
}

static void test_forms(void **state)
{
	struct rows got;
	(void)state;
	/* No header: date, description, reference, withdrawal, deposit in that order. */
	reads_text("2024-05-01,Cash deposit,,,\"7,000\"\n02-05-2024,CHQ 000123,000123,\"2,500.00\",\n", &got);
	assert_int_equal(got.n, 2);
	assert_string_equal(got.r[0].date, "2024-05-01");
	assert_int_equal(got.r[0].credit, 700000);
	assert_string_equal(got.r[1].reference, "000123");
	assert_int_equal(got.r[1].debit, 250000);
	assert_int_equal(got.r[1].has_balance, 0);
	{
		/* A header further down a file that began without one is no header line of the file
		 * (found by fuzz_statement). */
		static const char csv[] = "2024-05-01,Cash deposit,,,7000\nDate,Particulars,Amount\n05 Apr 2026,x,1.00 Cr\n";
		struct statement_info info;
		struct err e = ERR_INIT;
		memset(&got, 0, sizeof got);
		assert_int_equal(statement_csv_read(csv, sizeof csv - 1, collect, &got, &info, &e), 0);
		assert_int_equal(info.header_line, 0);
		assert_int_equal(info.rows, 2);
		assert_int_equal(got.r[1].credit, 100);
	}
	/* Devanagari narrations, a time after the date, a header again on the next page, a
	 * spreadsheet's apostrophe before a reference, lone CR line ends, ₹ and Rs. before amounts. */
	reads_text("Date,Narration,Chq./Ref.No.,Debit,Credit,Balance\r"
		   "05/04/2026 10:32:07,किराया अप्रैल – शर्मा जी,'000123,\"₹ 12,000.00\",,\r"
		   "Date,Narration,Chq./Ref.No.,Debit,Credit,Balance\r"
		   "06/04/2026 10:32 AM,Interest,,,Rs.45.00,\"-11,955.00\"\r",
		   &got);
	assert_int_equal(got.n, 2);
	assert_string_equal(got.r[0].description, "किराया अप्रैल – शर्मा जी");
	assert_string_equal(got.r[0].reference, "000123");
	assert_int_equal(got.r[0].debit, 1200000);
	assert_int_equal(got.r[1].line, 4);
	assert_int_equal(got.r[1].credit, 4500);
	assert_int_equal(got.r[1].balance, -1195500);
	/* A signed amount column: below zero a debit; a Dr/Cr suffix; a two-digit-year date. */
	reads_text("Transaction Date,Remarks,Transaction Amount(INR),Balance(INR)\n"
		   "05-04-26,x,-250.00,750.00 Cr\n06/04/26,y,+100.00,850.00CR\n07.04.2026,z,50.00 dr,800(Cr)\n",
		   &got);
	assert_int_equal(got.n, 3);
	assert_int_equal(got.r[0].debit, 25000);
	assert_string_equal(got.r[0].date, "2026-04-05");
	assert_int_equal(got.r[1].credit, 10000);
	assert_int_equal(got.r[1].balance, 85000);
	assert_int_equal(got.r[2].debit, 5000);
	assert_int_equal(got.r[2].balance, 80000);
	/* Only a value date: it is the date. */
	reads_text("Value Date,Particulars,Withdrawals,Deposits\n05 Apr 2026,x,1.00,\n", &got);
	assert_string_equal(got.r[0].date, "2026-04-05");
	assert_string_equal(got.r[0].value_date, "");
}

static void test_limits(void **state)
{
	struct rows got;
	struct err e = ERR_INIT;
	size_t cap = 40 + (size_t)(STATEMENT_MAX_ROWS + 1) * 24, n;
	char *csv = malloc(cap);
	(void)state;
	assert_non_null(csv);
	n = (size_t)snprintf(csv, cap, "Date,Narration,Debit,Credit\n");
	for (int i = 0; i <= STATEMENT_MAX_ROWS; i++)
		n += (size_t)snprintf(csv + n, cap - n, "05/04/2026,r%d,1.00,\n", i);
	memset(&got, 0, sizeof got);
	assert_int_equal(statement_csv_read(csv, n, collect, &got, NULL, &e), ERR_TOO_LARGE);
	assert_string_equal(e.reason, "statement_too_many_rows");
	assert_int_equal(got.n, STATEMENT_MAX_ROWS);
	free(csv);
	/* What the caller refuses stops the reading and is what comes back. */
	memset(&got, 0, sizeof got);
	got.stop_at = 1;
	err_clear(&e);
	{
		static const char three[] = HEAD "05/04/2026,a,1.00,,\n06/04/2026,b,1.00,,\n07/04/2026,c,x,,\n";
		assert_int_equal(statement_csv_read(three, sizeof three - 1, collect, &got, NULL, &e), ERR_UNPROCESSABLE);
	}
	assert_string_equal(e.field, "stop");
	assert_int_equal(got.n, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sbi),        cmocka_unit_test(test_hdfc),       cmocka_unit_test(test_icici),
		cmocka_unit_test(test_axis),       cmocka_unit_test(test_kotak),      cmocka_unit_test(test_generic),
		cmocka_unit_test(test_bad_dates),  cmocka_unit_test(test_bad_amounts), cmocka_unit_test(test_ceiling),
		cmocka_unit_test(test_bad_files),  cmocka_unit_test(test_forms),      cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
