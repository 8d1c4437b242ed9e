/* inventory_int.h - what the inventory files share and nobody else needs: the facts about an item
 * and a godown that posting checks, the one stock move (costing.c) and opening stock. */
#ifndef DAFTAR_INVENTORY_INT_H
#define DAFTAR_INVENTORY_INT_H

#include <stddef.h>
#include <stdint.h>

#include "inventory/inventory.h"
#include "lib/db.h"
#include "lib/err.h"

/* ---- masters.c ---- */

/* What posting needs to know of an item. */
struct item_info {
	char name[ITEM_NAME_SIZE];
	int64_t decimals;
	char unit[UNIT_SYMBOL_SIZE];
	int archived;
	int tracks_batches;
	int64_t unit_id;
	int64_t base_unit_id, factor;  /* the item's unit, when it is compound */
};

/* 0 and *ret filled, ITEM_MISSING, or <0 on a database error. */
enum { ITEM_MISSING = 1 };
int item_info(struct db *db, int64_t cid, int64_t item, struct item_info *ret, struct err *e);
/* The name of a godown in use into out: 0, ERR_NOT_FOUND with e untouched, or <0 (e filled). */
int godown_name(struct db *db, int64_t cid, int64_t godown, char *out, size_t cap, struct err *e);
/* The company's main godown (its first in use); ERR_UNPROCESSABLE when it has none. */
int main_godown(struct db *db, int64_t cid, int64_t *ret, struct err *e);
/* Text that is required, valid UTF-8 without control characters, and at most max characters. */
int plain_name(const char *s, const char *field, size_t max, struct err *e);

/* ---- costing.c: the one place stock moves ---- */

struct move {
	int64_t item, godown;
	const char *date;
	int64_t qty;           /* thousandths, + in / - out */
	int64_t value;         /* inward: cost in paise, or -1 for "at current cost"; filled for outward */
	const char *source;
	int64_t voucher_id, journal_id;
	const char *batch, *expiry;
	char expiry_found[EXPIRY_SIZE]; /* outward from a batch: the batch's expiry, when expiry is not given */
	const char *field;     /* names the input on errors */
};

/* Moves stock: locks the item's balance in the godown, costs an outward move (FIFO or the moving
 * average, as the company chose), writes the move, its FIFO layer (inward) or what it took of
 * the layers (outward), the balance and the month sums. Refuses (ERR_UNPROCESSABLE, reason
 * "insufficient_stock" or "insufficient_batch") going below zero unless s->warn_negative. */
int stock_move(struct db *db, int64_t cid, const struct inventory_settings *s, struct move *m, struct err *e)
	__attribute__((warn_unused_result));

/* An active move as stored, for taking it back. */
struct move_row {
	int64_t id, item, godown, qty, value;
	char date[11], batch[BATCH_SIZE], expiry[EXPIRY_SIZE];
};
/* Takes back one active move: out what came in (its own layer first), back in at its cost what
 * went out; marks it inactive and takes it off the balance and the month sums. Refuses taking
 * back a receipt whose stock is gone unless s->warn_negative (reason "insufficient_stock", field
 * `field`). */
int stock_unmove(struct db *db, int64_t cid, const struct inventory_settings *s, const struct move_row *mv, const char *field,
		 struct err *e) __attribute__((warn_unused_result));
/* The quantity and value in one godown of an item now (locking the balance row, as a move does). */
int stock_balance_lock(struct db *db, int64_t cid, int64_t item, int64_t godown, int64_t *ret_qty, int64_t *ret_value,
		       struct err *e) __attribute__((warn_unused_result));

/* ---- stock_docs.c ---- */

/* qty must be positive and respect the unit's decimal places. */
int qty_ok(int64_t qty, int64_t decimals, const char *unit, const char *field, struct err *e);
/* Checks and moves in the opening stock of a new item (item_create, in its transaction). */
int opening_stock_post(struct db *db, int64_t cid, int64_t item_id, const struct item_input *in, int64_t decimals,
		       struct err *e) __attribute__((warn_unused_result));

#endif
