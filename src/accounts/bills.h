/* bills.h - bill-wise settlement as Tally keeps it, and the warnings of voucher entry.
 *
 * Each party line of a voucher is allocated to bills: a New Ref or an Advance opens a bill (a
 * reference of the party's ledger with an amount pending), an Agst Ref settles a pending one, On
 * Account ties the amount to no bill. Sales and purchases open a New Ref for the invoice (its
 * number) unless allocations are given; a credit or debit note whose reference names a pending
 * bill of the party settles it as far as it is pending, the rest on account. A bill's pending
 * amount is the sum of its active allocations (debit positive).
 *
 * The warnings are what a person is told while entering and confirms with one key: they never
 * refuse a voucher unless the caller asks for every warning to be confirmed. */
#ifndef DAFTAR_BILLS_H
#define DAFTAR_BILLS_H

#include <stdint.h>

#include "accounts/accounts.h"
#include "lib/db.h"
#include "lib/err.h"
#include "lib/jsonw.h"

enum bill_kind { BILL_NEW, BILL_AGST, BILL_ADVANCE, BILL_ON_ACCOUNT, BILL_KIND_MAX };

/* The party line of an item voucher (its lines are made from the items). */
#define BILL_PARTY_LINE (-1)

struct bill_alloc {
	int line;                  /* index into v->lines, or BILL_PARTY_LINE */
	enum bill_kind kind;
	char ref[64];              /* "" only for on account (and a sale's own New Ref: its number) */
	int64_t amount;            /* paise, more than zero, on the side of its line */
	char due_date[11];         /* New Ref and Advance: "" none */
	int implicit;              /* made by the rules, not given: remade on every preparation */
};

/* "new", "agst", "advance", "on_account"; NULL outside the enum. */
const char *bill_kind_name(enum bill_kind k);
/* The kind named s ("against" is Agst Ref too): 0, or -1. */
int bill_kind_parse(const char *s, enum bill_kind *ret);
/* Appends an empty allocation; NULL on memory failure or past VOUCHER_MAX_LINES * 4. */
struct bill_alloc *voucher_add_alloc(struct voucher *v);

/* ---- what vouchers.c asks (in the caller's transaction) ---- */

/* Completes and checks the allocations of a voucher whose lines are made (voucher_prepare): the
 * implicit ones from the rules above, then for every given one: a party ledger's line, a kind with
 * its reference, amounts that add up to the line (ERR_UNPROCESSABLE "allocation_mismatch" with the
 * difference), an Agst Ref to a bill of this party ("unknown_bill" naming it) within what is
 * pending ("exceeds_pending" with the pending amount), a New Ref or Advance that is not already a
 * bill ("bill_exists"). v->id, when set, is the voucher being altered: its own allocations do not
 * count. Keeps each line's bill_ref/bill_type as its single allocation. */
int bills_prepare(struct db *db, int64_t cid, struct voucher *v, struct err *e) __attribute__((warn_unused_result));
/* Writes the allocations of v (numbered, with an id). */
int bills_write(struct db *db, int64_t cid, const struct voucher *v, struct err *e) __attribute__((warn_unused_result));
/* Reads the stored allocations of voucher v->id into v. */
#define BILLS_ALLOC_COLS "line_no, kind, ref, due_date, amount"
/* A db_each row of BILLS_ALLOC_COLS: appends the allocation to the voucher ctx. */
int bills_alloc_row(void *ctx, struct db_stmt *st, struct err *e);
int bills_load(struct db *db, int64_t cid, struct voucher *v, struct err *e) __attribute__((warn_unused_result));
/* Takes voucher id's allocations off the bills: deleted (an alteration writes them anew) or kept
 * inactive (a cancellation). */
int bills_release(struct db *db, int64_t cid, int64_t id, int cancel, struct err *e) __attribute__((warn_unused_result));
/* After cur (as it was) changed: every bill it opened still covers what other vouchers settled
 * against it, else ERR_UNPROCESSABLE "bill_has_settlements" naming the bill and the amount. */
int bills_check_opened(struct db *db, int64_t cid, const struct voucher *cur, struct err *e) __attribute__((warn_unused_result));
/* The "allocations" member of line i: [{"type","ref","amount","due_date"}]. */
void bills_line_json(struct jsonw *w, const struct voucher *v, int line);

/* ---- a party's account: what entry shows when the party is picked ---- */

struct party_account {
	int64_t party_id, ledger_id;
	char name[801];
	char kind[16];             /* "customer", "vendor" */
	char gstin[16], state_code[3];
	int64_t credit_limit;      /* paise, 0: none */
	int64_t terms_days;
	int64_t balance;           /* the ledger's balance now, every dated voucher in: debit positive */
};

struct bill_row {
	char ref[64];
	char date[11], due_date[11];
	int advance;               /* opened as an Advance */
	int64_t amount, settled, pending;  /* paise, debit positive: what opened it, settled, left */
	int64_t voucher_id;        /* the voucher that opened it */
};

/* The account of party_id (ledger_id 0) or of the party whose ledger is ledger_id. ERR_NOT_FOUND
 * ("id") for neither. */
int party_account_get(struct db *db, int64_t cid, int64_t party_id, int64_t ledger_id, struct party_account *ret,
		      struct err *e) __attribute__((warn_unused_result));
/* The bills of a ledger, oldest first (by date, then reference); pending_only leaves out those
 * settled in full. each returns 0 to go on, 1 to stop, < 0 for an error. */
int bills_of_ledger(struct db *db, int64_t cid, int64_t ledger_id, int pending_only,
		    int (*each)(void *ctx, const struct bill_row *b), void *ctx, struct err *e)
	__attribute__((warn_unused_result));
/* The API shape of an account and of a bill row. */
void party_account_json(struct jsonw *w, const struct party_account *a);
void bill_row_json(struct jsonw *w, const struct bill_row *b);

/* ---- warnings while entering (voucher_checks.c) ---- */

enum voucher_warning_code {
	VW_CASH_SALE,              /* a sale with no party: a cash sale */
	VW_CREDIT_LIMIT,           /* the party's credit limit is exceeded */
	VW_CASH_269ST,             /* cash of 2,00,000 or more from one person in a day */
	VW_CASH_40A3,              /* cash of more than 10,000 paid to one person in a day */
	VW_HSN_MISSING,            /* an item line with no HSN/SAC */
	VW_GST_REASON,             /* an item line at 0 % with no reason (nil-rated, exempt, non-GST) */
	VW_DUPLICATE_BILL,         /* a supplier's invoice number already entered for that vendor */
	VW_MAX
};

struct voucher_warning {
	enum voucher_warning_code code;
	char field[48];            /* the member it is about: "party_id", "items[2].hsn" */
	char message[1200];        /* English; the UI says it from the code and figures */
	int64_t amount, limit, balance, after, total;  /* paise, as the code has them */
	int64_t count;             /* lines it is about */
	char party[201];           /* the person */
	char number[40];           /* the other voucher */
	char section[8];           /* "269ST", "40A(3)" */
};

struct voucher_warnings {
	int n;
	struct voucher_warning w[VW_MAX];  /* at most one of each code */
};

/* "cash_sale", "credit_limit", "cash_269st", "cash_40a3", "hsn_missing", "gst_reason_missing",
 * "duplicate_supplier_invoice". */
const char *voucher_warning_name(enum voucher_warning_code c);
int voucher_warning_parse(const char *s, enum voucher_warning_code *ret);
/* The warnings of prepared voucher v (v->id: the voucher being altered, left out of the day's cash
 * and the party's balance). */
int voucher_warnings(struct db *db, int64_t cid, const struct voucher *v, struct voucher_warnings *out, struct err *e)
	__attribute__((warn_unused_result));
/* Refuses (ERR_UNPROCESSABLE "unconfirmed_warnings", the codes in "warnings") when a warning of
 * out is not in the bit set confirmed (bit c for code c). */
int voucher_warnings_confirmed(const struct voucher_warnings *out, unsigned confirmed, struct err *e)
	__attribute__((warn_unused_result));
/* [{"code","field","message", and the figures the code has}]. */
void voucher_warnings_json(struct jsonw *w, const struct voucher_warnings *out);

/* The reasons an item line carries no GST: "nil_rated", "exempt", "non_gst". */
extern const char *const gst_reason_names[];
/* A gst_reason is one of those and only on a line at 0 %: ERR_INVALID naming items[i].gst_reason. */
int voucher_gst_reasons_check(const struct voucher *v, struct err *e) __attribute__((warn_unused_result));

#endif
