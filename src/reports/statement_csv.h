/* statement_csv.h - a bank statement CSV as an Indian bank's download gives it (SBI, HDFC, ICICI,
 * Axis, Kotak, or any "Date, Narration, Debit, Credit, Balance" table): the bytes in, its
 * transactions out one by one, or the first line and column at fault. Pure: no database, no clock,
 * nothing kept between calls. */
#ifndef DAFTAR_STATEMENT_CSV_H
#define DAFTAR_STATEMENT_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "lib/date.h"
#include "lib/err.h"

#define STATEMENT_MAX_ROWS 20000    /* transactions in one file */
#define STATEMENT_DESC_CHARS 500    /* characters of a narration */
#define STATEMENT_REF_BYTES 127     /* bytes of a reference (cheque, UTR, UPI id) */
#define STATEMENT_RECORD_MAX 8192   /* bytes of one record (line) */

/* One transaction of the statement. */
struct statement_row {
	int line;                          /* where its record starts in the file, from 1 */
	char date[DATE_ISO_SIZE];          /* the transaction's date (else its value date), ISO */
	char value_date[DATE_ISO_SIZE];    /* "" when the statement gives none */
	char description[STATEMENT_DESC_CHARS * 4 + 1];
	char reference[STATEMENT_REF_BYTES + 1];
	int64_t debit;                     /* a withdrawal, paise; exactly one of debit and credit */
	int64_t credit;                    /* a deposit, paise;    is above zero, the other zero */
	int has_balance;
	int64_t balance;                   /* the balance after it, paise (below zero: overdrawn) */
};

/* What the reading found besides the rows. */
struct statement_info {
	int header_line;   /* the line naming the columns; 0 when there was none (columns in order:
			    * date, description, reference, withdrawal, deposit) */
	int rows;          /* transactions handed on */
	int end_line;      /* the summary line that ended the table (ignored with all after it), or 0 */
};

typedef int (*statement_row_fn)(void *ctx, const struct statement_row *row, struct err *e);

/*
 * Reads the statement csv[0..len) and hands each transaction to each(ctx, row, e) in file order
 * (row is borrowed for the call). Lines above the table (the bank's name, the account, the period)
 * are skipped until a record names a date column and either debit and credit columns or an amount
 * column, in any of the banks' spellings (Txn Date, Value Date, Narration, Particulars, Remarks,
 * Chq./Ref.No., Withdrawal Amt., Deposit Amt., Dr, Cr, Dr / Cr, Closing Balance, ...). A first
 * record that already holds a date is read as date, description, reference, withdrawal, deposit.
 * Within the table: blank lines, repeated headers and separator lines without figures are skipped,
 * an opening balance line is no transaction, and a summary line ("Statement Summary", totals, the
 * bank's closing notes) ends the table. Dates: DD/MM/YY, DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY,
 * 05-Apr-2026, 5 Apr 2026, YYYY-MM-DD (a time after the date is ignored). Amounts: "1,23,456.78"
 * or "123,456.78", "" or "-" for none, "500.00 Dr" / "500.00 Cr" where one column holds both
 * sides, or a Dr / Cr column beside it. A UTF-8 byte order mark, CRLF and quoted fields with
 * commas and line breaks are read as such.
 *
 * Returns 0 and fills *ret_info (may be NULL), or a negative code with e filled: ERR_INVALID with
 * field "line N", reason statement_* (bad_date, bad_amount, debit_and_credit, no_amount,
 * unclosed_quote, line_too_long, bad_text) or too_large, and the figures line, column (the
 * column's name as the file spells it) and value (the text refused) where they apply; field
 * "body" with reason statement_not_text, statement_no_header or statement_no_rows for the file as
 * a whole; ERR_TOO_LARGE with reason statement_too_many_rows past STATEMENT_MAX_ROWS. Whatever
 * each returns below zero stops the reading and is returned (its error in e).
 */
int statement_csv_read(const char *csv, size_t len, statement_row_fn each, void *ctx, struct statement_info *ret_info,
		       struct err *e) __attribute__((warn_unused_result));

#endif
