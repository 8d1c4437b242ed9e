/* vouchers_int.h - what vouchers.c shares with the rest of accounts and nobody else needs: the
 * columns a stored voucher is read from and the readers that fill a struct voucher from them
 * (voucher_cover.c reads vouchers a page at a time with them), and the digest an import keeps of
 * each voucher it writes. */
#ifndef DAFTAR_VOUCHERS_INT_H
#define DAFTAR_VOUCHERS_INT_H

#include "accounts/accounts.h"
#include "audit/audit.h"
#include "books/books.h"
#include "lib/buf.h"
#include "lib/db.h"

/* NULL text columns read as "" through db_col_text on both engines, so no coalesce() on text.
 * HEAD from "vouchers v LEFT JOIN parties p ON p.id = v.party_id"; LINE from "voucher_lines vl
 * JOIN ledgers l ON l.id = vl.ledger_id"; ITEM from voucher_items. */
#define VOUCHER_HEAD_COLS "v.id, v.type, v.fy, v.seq, v.number, v.date, coalesce(v.party_id, 0), coalesce(v.party_ledger_id, 0), " \
			  "p.name, v.party_gstin, v.narration, v.reference, v.place_of_supply, v.taxable, v.cgst, v.sgst, v.igst, " \
			  "v.round_off, v.total, v.status, v.version, v.created_at, v.updated_at, v.cess, v.reverse_charge, v.supply_type, " \
			  "v.port_code, v.shipping_bill_no, v.shipping_bill_date"
#define VOUCHER_LINE_COLS "vl.ledger_id, vl.amount, vl.bill_ref, vl.bill_type, vl.due_date, l.name"
#define VOUCHER_ITEM_COLS "description, hsn, coalesce(item_id, 0), coalesce(godown_id, 0), qty, unit, rate, discount, " \
			  "taxable, gst_rate, cgst, sgst, igst, ledger_id, batch, expiry, gst_reason, cess_rate, cess, reverse_charge"

/* What voucher_prepare knows of the company and the party while it checks a voucher. */
struct voucher_ctx {
	struct books books;        /* the company's state code is books.state_code */
	int64_t terms_days;        /* the party's payment terms */
};

/* Shared by vouchers.c and voucher_gst.c: a sum past the ceiling (422 naming field); too many
 * lines; adds amount to ledger's line (merging with one of the same ledger and no bill); a ledger
 * named in field that the company has and has not archived (0 with its kind). */
int voucher_too_large(struct err *e, const char *field);
int voucher_too_many_lines(struct err *e, const char *field);
int voucher_post_amount(struct voucher *v, int64_t ledger, int64_t amount, struct err *e);
int voucher_ledger_usable(struct db *db, int64_t cid, int64_t id, const char *field, char *kind, size_t cap,
			  struct err *e);
/* voucher_gst.c: the item lines of an item voucher -> taxable value, GST and cess per line (each
 * rate one in force on the voucher's date), reverse charge, zero-rated supplies, totals, round-off
 * and the postings, the party line last. */
int voucher_compute_items(struct db *db, int64_t cid, struct voucher *v, const struct voucher_ctx *c, struct err *e);
/* Before a voucher with cess is posted or altered: the company's Output or Input Cess ledger, made
 * (and audited) when a company made before cess was kept has none. */
int voucher_cess_ledger(struct db *db, int64_t cid, int64_t actor, const struct voucher *v, struct err *e);

/* Fills the head of v from a row of VOUCHER_HEAD_COLS. */
void voucher_row_head(struct db_stmt *st, struct voucher *v);
/* db_each rows of VOUCHER_LINE_COLS / VOUCHER_ITEM_COLS: each appends one to the voucher ctx. */
int voucher_row_line(void *ctx, struct db_stmt *st, struct err *e);
int voucher_row_item(void *ctx, struct db_stmt *st, struct err *e);

/* voucher_json without the members migration 0050 added where they hold nothing (no cess, no
 * reverse charge, a regular supply): the shape import digests were kept in before them. */
void voucher_json_lean(struct jsonw *w, const struct voucher *v);
/* ---- voucher_stock.c: the stock a voucher moves, told to inventory in its own terms ---- */

/* Moves the stock of v (numbered, with an id), and of a return the document it returns goods of:
 * a credit note's sale, a debit note's purchase, named by the note's reference or the bill its
 * party line settles (Agst Ref). replace: v is an alteration, and the stock its voucher moved
 * before is taken back in the same go. */
int voucher_stock_post(struct db *db, int64_t cid, const struct voucher *v, int replace, struct err *e)
	__attribute__((warn_unused_result));
/* Takes back the stock voucher v moved (a cancellation). */
int voucher_stock_reverse(struct db *db, int64_t cid, const struct voucher *v, struct err *e) __attribute__((warn_unused_result));

/* What a voucher's snapshot borrows from other rows (the party's and each ledger's name). */
extern const char *const voucher_borrowed[];
/* The digest kept of a voucher a bulk import writes: audit_digest of voucher_json with the
 * borrowed names left empty (v's are emptied), written through scratch (emptied first). The same
 * bytes whether v was just built by the import or read back from its rows. 0, or -1 (memory). */
int voucher_digest(struct voucher *v, struct buf *scratch, char out[AUDIT_DIGEST_HEX]);

#endif
