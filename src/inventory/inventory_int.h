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

/* ---- costing.c and recost.c: the one place stock moves ---- */

struct move {
	int64_t item, godown;
	const char *date;
	int64_t qty;           /* thousandths, + in / - out */
	int64_t value;         /* inward: cost in paise, or -1 for "at the cost of the day"; outward: 0 */
	const char *source;
	int64_t voucher_id, journal_id;
	int64_t cost_of_move;  /* a transfer's receipt: the issue whose cost it takes (0: none) */
	int64_t return_of;     /* a return: the voucher whose cost it takes (0: none) */
	int64_t entry_seq;     /* its place in its day: 0 for its own id (an alteration keeps the old one) */
	const char *batch, *expiry;
	char expiry_found[EXPIRY_SIZE]; /* outward from a batch: the batch's expiry, when expiry is not given */
	const char *field;     /* names the input on errors */
	int64_t id;            /* filled: the move written */
};

/* An active move as stored, for taking it back. */
struct move_row {
	int64_t id, item, godown, qty, value, seq, voucher_id;
	char date[11], batch[BATCH_SIZE], expiry[EXPIRY_SIZE];
};

/* Where a move stands among the moves of its item in its godown: by date, then by its place in
 * the day (entry_seq, else its id), then by id. The valuation goes through them in this order. */
struct stock_pos {
	char date[11];
	int64_t seq, id;
};

struct recost_entry;

/* The moves one action makes and takes back, and the items (in their godowns) they touch: each is
 * re-costed from the first place the action touched it (recost.c). Eager (the default): each move
 * is costed as it is made, so refusals come in the order of the lines; deferred (an alteration,
 * a cancellation): only at stock_op_end, so taking back and making again are judged together. */
struct stock_op {
	struct db *db;
	int64_t cid;
	struct inventory_settings s;
	int deferred;
	int n, cap;
	struct recost_entry *v;
};

/* Starts an action on company cid's stock (its settings read). */
int stock_op_begin(struct db *db, int64_t cid, struct stock_op *op, struct err *e) __attribute__((warn_unused_result));
/* Finishes it: when rc >= 0, re-costs what is still to be re-costed (and returns what that
 * returns); frees the action in any case. Returns rc otherwise. */
int stock_op_end(struct stock_op *op, int rc, struct err *e) __attribute__((warn_unused_result));

/* Moves stock: writes the move (its given value, or none yet), adds it to the kept balance and
 * the month sums, and re-costs the item in the godown from the move on (now, or at the end of a
 * deferred action): its own cost and every later move's, FIFO or the moving average as the company
 * chose. Refuses (ERR_UNPROCESSABLE, reason "insufficient_stock" or "insufficient_batch", naming
 * m->field) stock that would go below zero, on the move's day or any later one, unless
 * s.warn_negative. m->id gets the move's id. */
int stock_move(struct stock_op *op, struct move *m, struct err *e) __attribute__((warn_unused_result));
/* Takes back one active move: marks it inactive, takes it off the kept balance and the month sums,
 * and re-costs the later moves as stock_move does. Refuses taking back a receipt whose stock is
 * gone, on any day from its own (reason "insufficient_stock", field `field`), unless
 * s.warn_negative. */
int stock_unmove(struct stock_op *op, const struct move_row *mv, const char *field, struct err *e)
	__attribute__((warn_unused_result));
/* The quantity and value in one godown of an item now (locking the balance row, as a move does). */
int stock_balance_lock(struct db *db, int64_t cid, int64_t item, int64_t godown, int64_t *ret_qty, int64_t *ret_value,
		       struct err *e) __attribute__((warn_unused_result));
/* The refusal of stock that is not there: the message as it always read, and the figures a client
 * needs to say it in its own words (have: what there was, e->aux; below zero says 0). */
int stock_insufficient(struct db *db, int64_t cid, int64_t item, int64_t godown, const char *field, int64_t have, const char *batch,
		       struct err *e);
/* The refusal of taking back a receipt whose stock is gone (have: what was left of it). */
int stock_unreceivable(struct db *db, int64_t cid, int64_t item, int64_t godown, const char *field, int64_t have, struct err *e);

/* Adds qty and value to the kept balance of the item in the godown and to the net movement of
 * date's month (per item per godown and per godown), which the reads at a past date use. */
int stock_kept_add(struct db *db, int64_t cid, int64_t item, int64_t godown, const char *date, int64_t qty, int64_t value,
		   struct err *e) __attribute__((warn_unused_result));

/* ---- recost.c ---- */

/* Notes that the item in the godown must be re-costed from pos (the earliest one noted counts);
 * field names the input a refusal names (NULL: none, for a re-costing one move's new cost
 * causes). inserted/gone: a move this action made or took back (0: neither), with its quantity
 * (for the rule on stock below zero) and its voucher (for the returns whose cost comes from it). */
int recost_note(struct stock_op *op, int64_t item, int64_t godown, const struct stock_pos *pos, const char *field, int64_t inserted,
		int64_t gone, int64_t qty, int64_t voucher_id, struct err *e) __attribute__((warn_unused_result));
/* Re-costs everything noted: per item in its godown, from its place on, in order; then the moves
 * whose cost comes from a move whose cost changed (a transfer's receipt, a return). */
int recost_run(struct stock_op *op, struct err *e) __attribute__((warn_unused_result));
/* Frees what the action noted. */
void recost_free(struct stock_op *op);
/* Re-costs every item of company cid in every godown it has stock in, from its first move, by the
 * company's valuation as it now stands (the valuation was changed). */
int recost_company(struct db *db, int64_t cid, struct err *e) __attribute__((warn_unused_result));

/* ---- stock_docs.c ---- */

/* qty must be positive and respect the unit's decimal places. */
int qty_ok(int64_t qty, int64_t decimals, const char *unit, const char *field, struct err *e);
/* Checks and moves in the opening stock of a new item (item_create, in its transaction). */
int opening_stock_post(struct db *db, int64_t cid, int64_t item_id, const struct item_input *in, int64_t decimals,
		       struct err *e) __attribute__((warn_unused_result));

#endif
