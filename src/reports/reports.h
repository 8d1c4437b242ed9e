/* reports.h - the books read back: a small generic report (tables of typed columns and rows with
 * grouping levels and totals) rendered as JSON, CSV or an aligned text table, one function per
 * report, and the bank statement import that reconciliation reads. Reports only read; balances
 * come from ledger_day/ledger_month so that they stay fast on large books. */
#ifndef DAFTAR_REPORTS_H
#define DAFTAR_REPORTS_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "lib/db.h"
#include "lib/err.h"
#include "lib/jsonw.h"
#include "lib/page.h"

struct jsonw;

/* ---- the generic report ---- */

/* REPORT_QTY: a quantity in thousandths of its unit (JSON and CSV "12.5", the text table "1,20,000.5"). */
enum report_type { REPORT_TEXT, REPORT_MONEY, REPORT_INT, REPORT_DATE, REPORT_QTY, REPORT_TYPE_MAX };

/* What a row is; renderers mark and style rows by kind. */
enum report_row_kind {
	ROW_DATA,       /* a posting, a bill, an invoice */
	ROW_SECTION,    /* a heading that opens a section (its cells may hold the section's totals) */
	ROW_GROUP,      /* an account group with the totals of its subtree */
	ROW_LEDGER,     /* a ledger's line in a grouped statement */
	ROW_OPENING,
	ROW_CLOSING,
	ROW_SUBTOTAL,
	ROW_TOTAL,
	ROW_KIND_MAX
};

#define REPORT_MAX_COLS 16
#define REPORT_MAX_TABLES 24
#define REPORT_MAX_META 32
/* A report refuses to grow past this many rows in all (ERR_TOO_LARGE: narrow the dates). */
#define REPORT_MAX_ROWS 500000

struct report_col {
	const char *key;        /* static: "debit" */
	const char *title;      /* static: "Debit" */
	enum report_type type;
	int drcr;               /* money, debit positive: the text table prints "1,200.00 Dr" */
	int show_zero;          /* money, qty: the text table prints zeros in body rows too (balances) */
};

/* A cell: money/int value, or for text/date an offset into the report's string pool. */
struct report_cell {
	int64_t v;
	int set;                /* 0: empty (JSON null, CSV and text blank) */
};

#define REPORT_ROW_REFS 2

struct report_row {
	enum report_row_kind kind;
	int level;              /* nesting depth for grouped tables, 0 at the top */
	const char *id_name;    /* static drill-down key: "voucher_id", "ledger_id", ... or NULL */
	int64_t id;
	const char *ref_name[REPORT_ROW_REFS]; /* static keys of more ids the row names ("line_no"), or NULL */
	int64_t ref[REPORT_ROW_REFS];
	int64_t section;        /* pool offset of the section this row belongs to, -1 when none */
};

/* Invariant: cells holds nrows * ncols cells, row-major. */
struct report_table {
	const char *name;       /* static: "main", "b2b", "matched", ... */
	int64_t title;          /* pool offset */
	int ncols;
	struct report_col cols[REPORT_MAX_COLS];
	int grouped;            /* rows carry levels/kinds worth showing in CSV */
	size_t nrows, cap;
	struct report_row *rows;
	struct report_cell *cells;
};

enum report_meta_type { META_MONEY, META_INT, META_TEXT, META_BOOL };

struct report_meta {
	const char *key;        /* static */
	enum report_meta_type type;
	int64_t v;              /* text: pool offset */
};

/* One report. Building never fails loudly: a failed append (memory, row limit) sets `failed` and
 * later calls do nothing; report_check() turns it into an error once, at the end. */
struct report {
	const char *name;       /* static: "trial-balance" */
	char title[128];
	int64_t company_id;
	char company[256];
	char from[11], to[11];
	int ntables;
	struct report_table tables[REPORT_MAX_TABLES];
	int nmeta;
	struct report_meta meta[REPORT_MAX_META];
	struct buf pool;        /* NUL-separated strings the cells point into */
	struct buf extra_json;  /* members added to the JSON object as they are ("gstr1":{...}) */
	size_t total_rows;
	int failed;             /* 1: out of memory, 2: too many rows */
	char col_text[2 * REPORT_MAX_COLS][48];  /* keys and titles made for this report (ageing buckets) */
	int paged;              /* a page of a longer list: JSON carries "next" */
	int64_t next;           /* paged: the cursor of the next page ("after"), 0 on the last */
};

void report_init(struct report *r);
/* Frees everything the report holds; accepts a zeroed or half-built report. */
void report_done(struct report *r);
/* Adds a table (NULL when past REPORT_MAX_TABLES or out of memory; failed is set). */
struct report_table *report_table_add(struct report *r, const char *name, const char *title);
void report_col(struct report_table *t, const char *key, const char *title, enum report_type type);
/* Appends a row and returns its index, or -1 (failed set). */
long report_row(struct report *r, struct report_table *t, enum report_row_kind kind, int level);
void report_row_id(struct report_table *t, long row, const char *id_name, int64_t id);
/* Names one more id of the row (JSON only, beside its id): at most REPORT_ROW_REFS, more are dropped. */
void report_row_ref(struct report_table *t, long row, const char *name, int64_t v);
void report_row_section(struct report *r, struct report_table *t, long row, const char *section);
void report_set_i64(struct report_table *t, long row, int col, int64_t v);  /* money or int */
void report_set_text(struct report *r, struct report_table *t, long row, int col, const char *s);
/* Reads back: the cell, and a text cell's string ("" when empty). */
const struct report_cell *report_cell(const struct report_table *t, size_t row, int col);
const char *report_text(const struct report *r, const struct report_table *t, size_t row, int col);
const char *report_str(const struct report *r, int64_t off);  /* a pool string, "" for -1 */
/* Summary figures shown above the tables. */
void report_meta_money(struct report *r, const char *key, int64_t v);
void report_meta_int(struct report *r, const char *key, int64_t v);
void report_meta_bool(struct report *r, const char *key, int v);
void report_meta_text(struct report *r, const char *key, const char *s);
const struct report_meta *report_meta_get(const struct report *r, const char *key);
/* 0, or ERR_INTERNAL (memory) / ERR_TOO_LARGE (rows) once building has failed. */
int report_check(struct report *r, struct err *e) __attribute__((warn_unused_result));

/* Renderers. `table` names one table to render ("b2b") or NULL for all (an unknown name is
 * ERR_INVALID on field "section"). Output is appended to out.
 * JSON: money as decimal strings; rows as {"kind","level",[id_name],"section","cells":{...}}.
 * CSV: RFC 4180 (CRLF, quotes doubled), one header line per table; several tables are separated
 * by a blank line and a "# name" line; text that a spreadsheet would run as a formula is prefixed
 * with an apostrophe.
 * Text: aligned columns counted in code points, money grouped the Indian way. */
int report_json(const struct report *r, const char *table, struct buf *out, struct err *e)
	__attribute__((warn_unused_result));
int report_csv(const struct report *r, const char *table, struct buf *out, struct err *e)
	__attribute__((warn_unused_result));
int report_text_table(const struct report *r, const char *table, struct buf *out, struct err *e)
	__attribute__((warn_unused_result));

/* ---- the reports ---- */

/* Dates are ISO "YYYY-MM-DD"; "" means the default: to = today, from = the start of the financial
 * year holding `to`. as_of, when given, stands for `to`. */
/* page.limit of a caller that wants every row of a paged report in one go (the CLI). */
#define REPORT_PAGE_ALL (1 << 30)

#define REPORT_AGE_BUCKETS_MAX 7

struct report_params {
	char from[11];
	char to[11];
	char as_of[11];
	int64_t ledger_id;      /* ledger, cash/bank book (0: every one), receivables/payables filter */
	int depth;              /* grouped reports: levels shown (0 = all) */
	int all;                /* receivables/payables: also bills settled in full */
	int64_t godown_id;      /* stock summary: one godown (0: all) */
	char by[8];             /* stock summary: "item" (or ""), "group" or "godown" */
	int64_t item_id;        /* stock movement: the item */
	struct page page;       /* reports that page (?limit=&after=): limit 0 takes the report's default,
				 * REPORT_PAGE_ALL every row (the CLI) */
	/* receivables/payables: the day bills are aged to (default the company's today; `to` stays
	 * the last day of what is included, as_at when not given), by bill or due date, into
	 * buckets ending at each of buckets[] days and one past the last (0 of them: 30, 60, 90) */
	char as_at[11];
	int age_by_due;
	int nbuckets;
	int64_t buckets[REPORT_AGE_BUCKETS_MAX];
};

/* Fills p's dates: validates them (ERR_INVALID on "from"/"to"), applies the defaults and refuses
 * from > to. today is the company's today (books_today); NULL only checks the dates given. */
int report_params_resolve(struct report_params *p, const char *today, struct err *e)
	__attribute__((warn_unused_result));

/* The ageing members of receivables and payables as a person writes them: as_at (ISO, NULL or ""
 * for the default), buckets ("15,30,45,60": rising whole days, at most REPORT_AGE_BUCKETS_MAX),
 * age_by ("bill" or "due"). ERR_INVALID naming the member. */
int report_ageing_parse(struct report_params *p, const char *as_at, const char *buckets, const char *age_by, struct err *e)
	__attribute__((warn_unused_result));

/* The parameters a user names on the command line, as ids in company cid: a ledger by id or
 * exact name; a godown by exact name or id; an item by exact SKU, else by id (a SKU wins: it is
 * what people see). ERR_NOT_FOUND naming "ledger", "godown" or "item". */
int report_pick_ledger(struct db *db, int64_t cid, const char *name_or_id, int64_t *ret_id, struct err *e)
	__attribute__((warn_unused_result));
int report_pick_godown(struct db *db, int64_t cid, const char *name_or_id, int64_t *ret_id, struct err *e)
	__attribute__((warn_unused_result));
int report_pick_item(struct db *db, int64_t cid, const char *sku_or_id, int64_t *ret_id, struct err *e)
	__attribute__((warn_unused_result));

typedef int (*report_fn)(struct db *db, int64_t cid, const struct report_params *p, struct report *out,
			 struct err *e);

/* Every report: out must be report_init'ed; on error it may hold a partial report (report_done it
 * either way). The company must exist (ERR_NOT_FOUND). */
/* Stock of every item (quantity, rate, value) at the end of p->to, in one godown or all. */
int report_stock_summary(struct db *db, int64_t cid, const struct report_params *p, struct report *out, struct err *e);
/* The stock reports of the inventory module, with the API's figures (reports_inventory.c). */
/* Movement register of p->item_id over [from, to]: opening, each move, total, closing. */
int report_stock_movement(struct db *db, int64_t cid, const struct report_params *p, struct report *out, struct err *e);
/* Items below their reorder level now, with the quantity to order. */
int report_reorder(struct db *db, int64_t cid, const struct report_params *p, struct report *out, struct err *e);
/* What is left of each receipt, by days in stock at p->to: tables "quantity" and "value". */
int report_stock_ageing(struct db *db, int64_t cid, const struct report_params *p, struct report *out, struct err *e);
/* Batches in stock now by item and godown, the soonest expiry first (none last). */
int report_batches(struct db *db, int64_t cid, const struct report_params *p, struct report *out, struct err *e);
int report_day_book(struct db *db, int64_t cid, const struct report_params *p, struct report *out, struct err *e);
/* Statement of p->ledger_id: opening, each posting with its running balance, closing. */
int report_ledger(struct db *db, int64_t cid, const struct report_params *p, struct report *out, struct err *e);
/* Per ledger opening/debit/credit/closing for [from, to], grouped under the chart. Reads only the
 * kept balances. Income and expense ledgers start each financial year afresh; what they held
 * before it shows as "Profit & Loss A/c". A mismatch of opening balances shows as its own row,
 * so debit and credit totals always agree. */
int report_trial_balance(struct db *db, int64_t cid, const struct report_params *p, struct report *out, struct err *e);
/* Trading account (direct groups, opening and closing stock) and profit & loss for [from, to]. */
int report_profit_loss(struct db *db, int64_t cid, const struct report_params *p, struct report *out, struct err *e);
/* Liabilities and assets as at `to`, with the profit to date as "Profit & Loss A/c". */
int report_balance_sheet(struct db *db, int64_t cid, const struct report_params *p, struct report *out, struct err *e);
int report_cash_book(struct db *db, int64_t cid, const struct report_params *p, struct report *out, struct err *e);
int report_bank_book(struct db *db, int64_t cid, const struct report_params *p, struct report *out, struct err *e);
/* Bill by bill outstanding as at `to`, aged by bill date (0-30, 31-60, 61-90, over 90 days). */
int report_receivables(struct db *db, int64_t cid, const struct report_params *p, struct report *out, struct err *e);
int report_payables(struct db *db, int64_t cid, const struct report_params *p, struct report *out, struct err *e);
/* GSTR-1 for [from, to]: b2b, b2cl, b2cs, cdnr, cdnur, nil, hsn (tables, and "gstr1" JSON). */
int report_gstr1(struct db *db, int64_t cid, const struct report_params *p, struct report *out, struct err *e);
/* GSTR-3B for [from, to]: 3.1(a), 3.1(c), 4 (ITC net of debit notes) and the tax payable by head. */
int report_gstr3b(struct db *db, int64_t cid, const struct report_params *p, struct report *out, struct err *e);
/* Matched statement lines, unmatched statement lines, unmatched book entries of p->ledger_id. */
int report_bank_reconciliation(struct db *db, int64_t cid, const struct report_params *p, struct report *out,
			       struct err *e);

/* Runs the report called `name` inside the caller's read snapshot (db_begin_read: the HTTP edge
 * opens one for every GET, the CLI its own), so that its figures agree with each other while
 * postings go on. ERR_NOT_FOUND (field "name") for an unknown report. */
int report_run(struct db *db, int64_t cid, const char *name, const struct report_params *p, struct report *out,
	       struct err *e) __attribute__((warn_unused_result));
/* The report called `name` ("trial-balance", ...), or NULL. */
report_fn report_find(const char *name);
/* The names report_find knows, NULL-terminated. */
extern const char *const report_names[];

/* Value of the closing stock at the end of `date` (paise). The inventory module will compute it;
 * until then it is 0. */
int reports_closing_stock(struct db *db, int64_t cid, const char *date, int64_t *ret, struct err *e);

/* ---- the home screen ---- */

/* What the caller may see; the edge fills it from the permission table. */
struct home_scope {
	int money;     /* cash and bank, receivables, payables, GST, sales and the vouchers' amounts */
	int stock;     /* items below their reorder level */
	int vouchers;  /* the newest vouchers */
};

/* Writes the home screen's figures as at today (the company's, books_today) into w, inside the
 * caller's read snapshot, so that all of them are of one state of the books:
 *   {"today", "money": bool, "cash", "receivables", "payables", "gst", "sales", "reorder", "recent"}
 * each member only when scope allows it (docs/api.md has their shapes). Each figure is its
 * report's: cash and bank are the trial balance's closing balances at today; receivables and
 * payables the bills report's pending bills as at today, overdue (due before today) and due in the
 * seven days from today; GST the GSTR-3B payable from the first of this month to today; sales the
 * sales ledgers' net credit this month, last month and last month to the same day. ERR_INVALID
 * ("today") when today is not a date; ERR_UNPROCESSABLE when a total passes what int64 holds. */
int home_json(struct db *db, int64_t cid, const char *today, const struct home_scope *scope, struct jsonw *w,
	      struct err *e) __attribute__((warn_unused_result));

/* ---- bank statements ---- */

struct bank_import_result {
	int64_t lines;          /* lines read from the CSV */
	int64_t imported;       /* stored (lines minus ones already imported) */
	int64_t duplicates;     /* skipped: the same date, amount, description and reference were there */
	int64_t matched;        /* statement lines (new or older) matched to book entries by this import */
	int64_t unmatched;      /* statement lines of the ledger still unmatched */
};

/* Imports a bank statement CSV for bank ledger ledger_id and matches it (inside the caller's
 * write transaction; audited). The CSV is read by statement_csv_read (reports/statement_csv.h: a
 * bank's download as it comes, its errors naming the line, "line 7", and the column). Each
 * unmatched statement line the importer may match is matched to an unmatched active book entry of
 * the ledger with the same amount (a deposit is a debit in the books) dated within 5 days, the
 * closest date first. */
int bank_statement_import(struct db *db, int64_t cid, int64_t actor, int64_t ledger_id, const char *csv,
			  size_t len, struct bank_import_result *ret, struct err *e)
	__attribute__((warn_unused_result));

#define BANK_MATCH_DAYS 5

/* A stored statement line. */
struct bank_line {
	int64_t id, ledger_id;
	char date[11];
	char description[2048];
	char reference[128];
	int64_t amount;          /* deposit positive, withdrawal negative */
	int matched;             /* matched to an active entry of the ledger (a match whose entry was
				  * altered or cancelled since is none) */
	int64_t voucher_id, line_no;  /* that entry, when matched */
	int by_hand;             /* a person matched or unmatched it: the importer leaves it alone */
};

/* The line's one JSON snapshot (the answer and the audit record):
 * {"id","ledger_id","date","description","reference","amount","matched":{voucher_id,line_no}|null,"by_hand"}. */
void bank_line_json(struct jsonw *w, const struct bank_line *l);
/* Its members alone, for an answer that adds its own ("unchanged"). */
void bank_line_json_members(struct jsonw *w, const struct bank_line *l);
/* Reads statement line id of the company; ERR_NOT_FOUND (field id) when there is none. */
int bank_line_get(struct db *db, int64_t cid, int64_t id, struct bank_line *ret, struct err *e)
	__attribute__((warn_unused_result));
/* Matches statement line id to line line_no of voucher voucher_id by hand (inside the caller's
 * write transaction; audited as bank_statement_line "match"). Refused: no such line (404, id) or
 * entry (404, voucher_id); the line matched already (409, already_matched, with its voucher_id);
 * the entry altered or cancelled (422, book_line_inactive), on another ledger (422, other_ledger),
 * of another amount (422, amount_differs, statement_amount and book_amount), or matched to another
 * statement line (409, book_line_matched, statement_line_id). *ret is the line as it now is.
 * Matched to that entry by hand already: ERR_UNCHANGED, nothing written or audited. */
int bank_line_match(struct db *db, int64_t cid, int64_t actor, int64_t id, int64_t voucher_id, int64_t line_no,
		    struct bank_line *ret, struct err *e) __attribute__((warn_unused_result));
/* Undoes the match of statement line id (audited as "unmatch"); the importer will not match it
 * again. 409 not_matched when it has none. */
int bank_line_unmatch(struct db *db, int64_t cid, int64_t actor, int64_t id, struct bank_line *ret, struct err *e)
	__attribute__((warn_unused_result));

#endif
