/* accounts.h - double-entry books with GST: the chart of accounts (groups and ledgers), vouchers
 * of eight types, gap-free numbering per type per financial year, alteration as new versions,
 * cancellation, period locks, and the per-day/per-month ledger balances reports read. */
#ifndef DAFTAR_ACCOUNTS_H
#define DAFTAR_ACCOUNTS_H

#include <stdint.h>

#include "audit/audit.h"
#include "lib/buf.h"
#include "lib/db.h"
#include "lib/err.h"
#include "lib/jsonw.h"
#include "lib/page.h"

enum voucher_type {
	VT_JOURNAL, VT_SALES, VT_PURCHASE, VT_RECEIPT, VT_PAYMENT, VT_CONTRA, VT_CREDIT_NOTE,
	VT_DEBIT_NOTE, VT_MAX
};

/* ---- voucher types (voucher_types.c): one table holds what differs between the eight ---- */

enum voucher_stock { VOUCHER_STOCK_NONE, VOUCHER_STOCK_IN, VOUCHER_STOCK_OUT };
enum voucher_side { VOUCHER_SIDE_NONE, VOUCHER_SIDE_DEBIT, VOUCHER_SIDE_CREDIT };
/* What a type must do with cash and bank ledgers. */
enum voucher_cash_bank {
	VOUCHER_CB_ANY,      /* nothing asked (journal, item types) */
	VOUCHER_CB_DEBIT,    /* debit one (receipt) */
	VOUCHER_CB_CREDIT,   /* credit one (payment) */
	VOUCHER_CB_ONLY,     /* use nothing else (contra) */
};

struct voucher_type_info {
	const char *name;                 /* "sales" */
	const char *prefix;               /* of its numbers: "SAL" */
	const char *hotkey;               /* Tally's key for it: "F8", "Ctrl+F8" */
	int rank;                         /* its place in hotkey order: contra 0 ... debit_note 7 */
	int has_items;                    /* goods/service lines with GST instead of ledger lines */
	enum voucher_stock stock;         /* how the stock items of its lines move */
	enum voucher_side default_side;   /* the side a person's first line takes (ledger-line types) */
	enum voucher_side goods_side;     /* item types: the side of the goods and tax postings */
	int outward;                      /* item types: Sales and Output GST (else Purchase and Input GST) */
	int opens_bill;                   /* its party line opens a bill due by the party's terms */
	enum voucher_cash_bank cash_bank;
};

/* The row of type t; NULL for a value outside the enum. Static. */
const struct voucher_type_info *voucher_type_info(enum voucher_type t);
/* "journal", "sales", "purchase", "receipt", "payment", "contra", "credit_note", "debit_note". */
const char *voucher_type_name(enum voucher_type t);
/* A voucher's number, "SAL/24-25/0001": the type's prefix, the financial year starting in fy, and
 * the sequence in at least four digits. */
void voucher_number_format(char out[40], enum voucher_type t, int64_t fy, int64_t seq);
/* The type named s (as voucher_type_name writes it): 0, or -1 (ret untouched). */
int voucher_type_parse(const char *s, enum voucher_type *ret);
/* True for the types whose goods/service lines carry GST (sales, purchase, credit and debit note). */
int voucher_type_has_items(enum voucher_type t);
/* "debit", "credit", or NULL for VOUCHER_SIDE_NONE. */
const char *voucher_side_name(enum voucher_side s);
/* The table as a JSON array in hotkey order: {"type","prefix","hotkey","has_items","stock":"in"|"out"|null,
 * "default_side":"debit"|"credit"|null}. */
void voucher_types_json(struct jsonw *w);

/* Group natures. */
enum nature { NATURE_ASSET, NATURE_LIABILITY, NATURE_INCOME, NATURE_EXPENSE, NATURE_MAX };
const char *nature_name(enum nature n);


/* Creates the predefined groups, the default ledgers (Cash, Sales, Purchase, Output and Input
 * CGST/SGST/IGST, Round Off, Capital) of a new company (write transaction; its books row is
 * books_create's). */
int accounts_seed(struct db *db, int64_t cid, struct err *e)
	__attribute__((warn_unused_result));

/* ---- GST rates by date (gst_rates.c) ---- */

#define GST_RATES_MAX 32
/* The rates a voucher of one date may use: the set whose effective_from is the latest on or before
 * the date (the earliest set for a date before every set). */
struct gst_rate_set {
	char date[11], effective_from[11];
	int n;
	int64_t rate[GST_RATES_MAX];   /* basis points, ascending */
};
int gst_rates_on(struct db *db, const char *date, struct gst_rate_set *ret, struct err *e)
	__attribute__((warn_unused_result));
/* 0 when bp is in the set; else ERR_UNPROCESSABLE naming field, reason gst_rate_not_in_force, with
 * the figures rate, date, effective_from and allowed ("0, 0.1, 0.25, 1.5, 3, 5, 18, 40"). */
int gst_rate_in_force(const struct gst_rate_set *s, int64_t bp, const char *field, struct err *e)
	__attribute__((warn_unused_result));
/* {"date","effective_from","rates":["0","0.1",...]} */
void gst_rate_set_json(struct jsonw *w, const struct gst_rate_set *s);

/* The kinds of zero-rated supply a sale may be, NULL-terminated: export_wpay, export_wopay (under
 * bond or LUT), sez_wpay, sez_wopay. */
extern const char *const voucher_supply_types[];

/* ---- groups and ledgers (ledgers.c) ---- */

struct group {
	int64_t id;
	int64_t parent_id;         /* 0 for a primary group */
	char name[801];
	enum nature nature;
	char code[32];             /* a predefined group's stable key ("sundry_debtors"), "" for one of the user's */
	int gross_profit;          /* 1: direct (trading account), 0: indirect */
	int64_t sort;              /* chart order */
};

/* Creates a sub-group of parent_id (it takes the parent's nature, gross-profit side and place),
 * audited with the group's snapshot. ERR_INVALID for a bad name or parent, ERR_DUPLICATE for a
 * name the company already has. */
int group_create(struct db *db, int64_t cid, int64_t actor, const char *name, int64_t parent_id,
		 int64_t *ret_id, struct err *e) __attribute__((warn_unused_result));
/* A group of the company; ERR_NOT_FOUND ("id") when it has none of that id. */
int group_get(struct db *db, int64_t cid, int64_t id, struct group *ret, struct err *e)
	__attribute__((warn_unused_result));
/* Id of a predefined group by code ("sundry_debtors", "bank_accounts", ...). */
int group_by_code(struct db *db, int64_t cid, const char *code, int64_t *ret_id, struct err *e);
/* The API and audit shape of a group: {"id","name","parent_id","nature","code","gross_profit"}. */
void group_json(struct jsonw *w, const struct group *g);
/* One page of the company's groups in chart order, as group_json objects written into w (the
 * caller opens and closes the array). pg->after is the id of the last group of the page before;
 * *ret_next is that of this page's last when more follow, else 0. ERR_INVALID ("after") for a
 * cursor that is not a group of the company. */
int group_list_json(struct db *db, int64_t cid, const struct page *pg, struct jsonw *w, int64_t *ret_next,
		    struct err *e) __attribute__((warn_unused_result));

struct ledger {
	int64_t id;
	int64_t group_id;
	char name[801];
	char group_name[801];
	char kind[16];
	int64_t party_id;
	int64_t opening_balance;   /* paise, debit positive */
	char gstin[16];
	char state_code[3];
	int64_t version;
	int archived;
	enum nature nature;
};

struct ledger_input {
	const char *name;
	int64_t group_id;
	const char *kind;          /* NULL: "general" (or "bank"/"cash" from the group) */
	int64_t opening_balance;
	const char *gstin;
	const char *state_code;
};

int ledger_create(struct db *db, int64_t cid, int64_t actor, const struct ledger_input *in,
		  struct ledger *ret, struct err *e) __attribute__((warn_unused_result));
int ledger_get(struct db *db, int64_t cid, int64_t id, struct ledger *ret, struct err *e)
	__attribute__((warn_unused_result));
int ledger_find(struct db *db, int64_t cid, const char *name, struct ledger *ret, struct err *e);
/* The first ledger of a system kind ("cash", "sales", "out_cgst", "round_off", ...). */
int ledger_of_kind(struct db *db, int64_t cid, const char *kind, int64_t *ret_id, struct err *e);
/* Creates or renames the ledger of a party (under Sundry Debtors for customers, Sundry Creditors
 * for vendors). Called by the parties module in the same transaction. */
int ledger_for_party(struct db *db, int64_t cid, int64_t actor, int64_t party_id, const char *kind,
		     const char *name, const char *gstin, const char *state_code, struct err *e)
	__attribute__((warn_unused_result));
/* The ledger id of a party, ERR_NOT_FOUND if none. */
int ledger_of_party(struct db *db, int64_t cid, int64_t party_id, int64_t *ret_id, struct err *e);
/* The API and audit shape of a ledger. */
void ledger_json(struct jsonw *w, const struct ledger *l);
/* Appends the "create" audit record of ledger id, made without one of its own (a new company's
 * predefined ledgers, those an import makes), with its snapshot. */
int ledger_audit_new(struct db *db, int64_t cid, int64_t actor, int64_t id, struct err *e)
	__attribute__((warn_unused_result));
/* Every ledger of company cid against its last audit record (audit_cover_query; the group's
 * name and nature are the group's): findings through each. *ret_rows: ledgers read. */
int ledger_cover(struct db *db, int64_t cid, audit_finding_fn each, void *ctx, int64_t *ret_rows, struct err *e)
	__attribute__((warn_unused_result));
/* One page of the company's ledgers by name (q: a case-insensitive part of the name, NULL or ""
 * for all), as ledger_json objects written into w, paged as group_list_json (the cursor is a
 * ledger id). */
int ledger_list_json(struct db *db, int64_t cid, const char *q, const struct page *pg, struct jsonw *w,
		     int64_t *ret_next, struct err *e) __attribute__((warn_unused_result));

/* ---- vouchers ---- */

struct voucher_line {
	int64_t ledger_id;
	int64_t amount;            /* paise: debit positive, credit negative */
	char bill_ref[64];         /* bill-by-bill reference ("" none) */
	char bill_type[8];         /* "new" | "against" | "" */
	char due_date[11];
	char ledger_name[201];     /* filled on read */
};

struct voucher_item {
	char description[801];
	char hsn[9];
	int64_t item_id;           /* 0 when none (inventory) */
	int64_t godown_id;
	int64_t qty;               /* thousandths of the unit */
	char unit[17];
	int64_t rate;              /* paise per unit */
	int64_t discount;          /* paise off the line */
	int64_t gst_rate;          /* basis points, a rate in force on the voucher's date (gst_rates_on) */
	int64_t cess_rate;         /* basis points of ad valorem cess on the taxable value, 0 none */
	int reverse_charge;        /* purchases: the tax is the recipient's to pay (also set by the voucher's) */
	int64_t ledger_id;         /* sales/purchase ledger; 0 = the default one */
	char batch[41];            /* items that track batches: the batch in or out */
	char expiry[11];           /* the batch's expiry date (inward lines), "" when none */
	char gst_reason[12];       /* at 0 %: "nil_rated", "exempt", "non_gst" (bills.h), "" none given */
	/* computed */
	int64_t taxable, cgst, sgst, igst, cess;
};

#define VOUCHER_MAX_LINES 500

struct bill_alloc;             /* a party line's bill-wise allocation (accounts/bills.h) */

/* A voucher as entered (input) and as stored (output). Owned by its creator; voucher_free. */
struct voucher {
	int64_t id;
	enum voucher_type type;
	char number[40];
	int64_t fy, seq;
	char date[11];
	int64_t party_id;
	int64_t party_ledger_id;
	char party_name[801];
	char party_gstin[16];
	char narration[2001];
	char reference[201];
	char place_of_supply[3];
	/* the tax charged on the invoice: a reverse-charge line's tax is on the line, not here */
	int64_t taxable, cgst, sgst, igst, cess, round_off, total;
	int reverse_charge;        /* purchases and debit notes: every line under reverse charge */
	char supply_type[16];      /* sales and credit notes, "" regular: a zero-rated supply (voucher_supply_types) */
	char port_code[7];         /* exports: the port's code, the shipping bill's number and date */
	char shipping_bill_no[21];
	char shipping_bill_date[11];
	char status[12];
	int64_t version;
	char created_at[32], updated_at[32];
	int nlines;
	struct voucher_line *lines;
	int nitems;
	struct voucher_item *items;
	int nallocs;               /* bill-wise allocations of the party lines (accounts/bills.h) */
	struct bill_alloc *allocs;
};

struct voucher *voucher_new(void);
void voucher_free(struct voucher *v);
/* Appends an empty line/item; NULL on memory failure or past VOUCHER_MAX_LINES. */
struct voucher_line *voucher_add_line(struct voucher *v);
struct voucher_item *voucher_add_item(struct voucher *v);

/* Validates and completes `v` without writing: for item types computes taxable value, CGST+SGST
 * or IGST per line (company state vs place of supply), the round-off to the rupee, and the
 * postings. Errors name the field: "lines[2].ledger_id", "items[0].gst_rate", ... An unbalanced
 * voucher is ERR_UNPROCESSABLE naming the difference. */
int voucher_prepare(struct db *db, int64_t cid, struct voucher *v, struct err *e)
	__attribute__((warn_unused_result));
/* Prepares and posts (write transaction, audited, numbered). On success v holds the stored voucher. */
int voucher_post(struct db *db, int64_t cid, int64_t actor, struct voucher *v, struct err *e)
	__attribute__((warn_unused_result));
/* Alters voucher id (at `version`) to the content of v: a new version, same number. When v is the
 * voucher as it stands, nothing is written (no version, no edit-log row, no audit record) and it
 * returns ERR_UNCHANGED. */
int voucher_alter(struct db *db, int64_t cid, int64_t actor, int64_t id, int64_t version,
		  struct voucher *v, struct err *e) __attribute__((warn_unused_result));
/* Cancels: keeps the number, removes the effect. On success *ret is the cancelled voucher. */
int voucher_cancel(struct db *db, int64_t cid, int64_t actor, int64_t id, int64_t version,
		   struct voucher **ret, struct err *e) __attribute__((warn_unused_result));
int voucher_get(struct db *db, int64_t cid, int64_t id, struct voucher **ret, struct err *e)
	__attribute__((warn_unused_result));
void voucher_json(struct jsonw *w, const struct voucher *v);
/* The members of voucher_json's object, for an answer that adds its own (a preview's warnings, an
 * alteration's "unchanged"). */
void voucher_json_members(struct jsonw *w, const struct voucher *v);
/* The edit log of a voucher as a JSON array written into w: {version, action, at, user_id, user,
 * data}, oldest first. ERR_NOT_FOUND for a voucher the company does not have. */
int voucher_versions_json(struct db *db, int64_t cid, int64_t id, struct jsonw *w, struct err *e)
	__attribute__((warn_unused_result));

#define VOUCHER_TEXT_MIN_CHARS 3   /* a narration or reference is searched by substrings this long */
#define VOUCHER_TEXT_MAX_CHARS 100

struct voucher_query {
	const char *type;          /* a type name, NULL: all */
	const char *from, *to;     /* ISO dates, NULL: open */
	int64_t party_id;          /* 0: every party and none */
	struct page page;          /* newest first: after is the last id of the page before (id < after) */
	const char *number;        /* the beginning of the number, any case ("sal/24-25/00"); NULL: any */
	const char *text;          /* a part of the narration or the reference, VOUCHER_TEXT_MIN_CHARS
				    * characters or more, case folded; NULL: any */
	int64_t seq;               /* the number in its series (12 for SAL/24-25/0012); 0: any */
	int has_min, has_max;      /* the total between amount_min and amount_max (paise), each if set */
	int64_t amount_min, amount_max;
};

/* One page of vouchers, newest first, as {"id","type","number","date","party_name","total",
 * "status","narration","version"} objects written into w (the caller opens and closes the
 * array); *ret_next is the cursor of the next page or 0. The narrowest index leads: the text
 * index for q->text, else the number, else the series number, else the total, else the date order.
 * ERR_INVALID on "q" (reason too_short or too_long, figure "min"/"max") for a text out of bounds,
 * on "amount_max" (reason below_min, figure "min") when the range is empty. */
int voucher_list_json(struct db *db, int64_t cid, const struct voucher_query *q, struct jsonw *w,
		      int64_t *ret_next, struct err *e) __attribute__((warn_unused_result));

/* A voucher as a list shows it; the text is borrowed for the length of the call it is passed to
 * (party_name and narration NULL when none). */
struct voucher_brief {
	int64_t id, total, version;
	const char *type, *number, *date, *party_name, *status, *narration;
};
/* The same page as voucher_list_json, a row at a time: each() returns 0, or <0 to stop (out of
 * memory). */
int voucher_find(struct db *db, int64_t cid, const struct voucher_query *q,
		 int (*each)(void *ctx, const struct voucher_brief *b), void *ctx, int64_t *ret_next, struct err *e)
	__attribute__((warn_unused_result));
/* The list's object of one voucher. */
void voucher_brief_json(struct jsonw *w, const struct voucher_brief *b);
/* After a bulk load (an import of many vouchers, in its write transaction): the text index made
 * compact, so that a search reads one segment of it rather than the many a load leaves (at a
 * million vouchers a narration is found in half the time or less). Nothing on PostgreSQL. */
int voucher_text_optimize(struct db *db, struct err *e) __attribute__((warn_unused_result));

/* Every voucher of company cid, with its lines and items, against its last audit record
 * (audit_cover; party and ledger names are theirs): one an import wrote and nothing changed since
 * against the digest the import kept of it, and each import's kept digests against the total its
 * record holds. Findings through each; *ret_rows: vouchers read. Reads a page at a time. */
int voucher_cover(struct db *db, int64_t cid, audit_finding_fn each, void *ctx, int64_t *ret_rows, struct err *e)
	__attribute__((warn_unused_result));

/* Adds (sign +1) or removes (sign -1) a posting's effect on the kept balances. */
int balances_apply(struct db *db, int64_t cid, int64_t ledger_id, const char *date, int64_t amount,
		   int sign, struct err *e) __attribute__((warn_unused_result));

#endif
