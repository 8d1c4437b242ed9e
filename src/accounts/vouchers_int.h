/* vouchers_int.h - what vouchers.c shares with the rest of accounts and nobody else needs: the
 * columns a stored voucher is read from and the readers that fill a struct voucher from them
 * (voucher_cover.c reads vouchers a page at a time with them), and the digest an import keeps of
 * each voucher it writes. */
#ifndef DAFTAR_VOUCHERS_INT_H
#define DAFTAR_VOUCHERS_INT_H

#include "accounts/accounts.h"
#include "audit/audit.h"
#include "lib/buf.h"
#include "lib/db.h"

/* NULL text columns read as "" through db_col_text on both engines, so no coalesce() on text.
 * HEAD from "vouchers v LEFT JOIN parties p ON p.id = v.party_id"; LINE from "voucher_lines vl
 * JOIN ledgers l ON l.id = vl.ledger_id"; ITEM from voucher_items. */
#define VOUCHER_HEAD_COLS "v.id, v.type, v.fy, v.seq, v.number, v.date, coalesce(v.party_id, 0), coalesce(v.party_ledger_id, 0), " \
			  "p.name, v.party_gstin, v.narration, v.reference, v.place_of_supply, v.taxable, v.cgst, v.sgst, v.igst, " \
			  "v.round_off, v.total, v.status, v.version, v.created_at, v.updated_at"
#define VOUCHER_LINE_COLS "vl.ledger_id, vl.amount, vl.bill_ref, vl.bill_type, vl.due_date, l.name"
#define VOUCHER_ITEM_COLS "description, hsn, coalesce(item_id, 0), coalesce(godown_id, 0), qty, unit, rate, discount, " \
			  "taxable, gst_rate, cgst, sgst, igst, ledger_id, batch, expiry, gst_reason"

/* Fills the head of v from a row of VOUCHER_HEAD_COLS. */
void voucher_row_head(struct db_stmt *st, struct voucher *v);
/* db_each rows of VOUCHER_LINE_COLS / VOUCHER_ITEM_COLS: each appends one to the voucher ctx. */
int voucher_row_line(void *ctx, struct db_stmt *st, struct err *e);
int voucher_row_item(void *ctx, struct db_stmt *st, struct err *e);

/* What a voucher's snapshot borrows from other rows (the party's and each ledger's name). */
extern const char *const voucher_borrowed[];
/* The digest kept of a voucher a bulk import writes: audit_digest of voucher_json with the
 * borrowed names left empty (v's are emptied), written through scratch (emptied first). The same
 * bytes whether v was just built by the import or read back from its rows. 0, or -1 (memory). */
int voucher_digest(struct voucher *v, struct buf *scratch, char out[AUDIT_DIGEST_HEX]);

#endif
