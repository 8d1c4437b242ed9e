/* inventory.h - items, units, godowns and stock: moves come from vouchers, stock journals and
 * physical verification; valued by weighted average or FIFO; negative stock refused or warned. */
#ifndef DAFTAR_INVENTORY_H
#define DAFTAR_INVENTORY_H

#include <stdint.h>

#include "lib/buf.h"
#include "lib/db.h"
#include "lib/err.h"
#include "lib/jsonw.h"

/* Units, a main godown and the settings of a new company (write transaction). */
int inventory_seed(struct db *db, int64_t cid, struct err *e) __attribute__((warn_unused_result));

struct unit_input {
	const char *symbol, *name;
	int64_t decimals;        /* 0..3 */
	int64_t base_unit_id;    /* compound unit: 0 for a simple unit */
	int64_t factor;          /* base units in one of this unit, in thousandths (12 -> 12000) */
};
int unit_create(struct db *db, int64_t cid, int64_t actor, const struct unit_input *in, int64_t *ret_id,
		struct err *e) __attribute__((warn_unused_result));
int inventory_units_json(struct db *db, int64_t cid, struct buf *out, struct err *e);

int item_group_create(struct db *db, int64_t cid, int64_t actor, const char *name, int64_t parent_id,
		      int64_t *ret_id, struct err *e) __attribute__((warn_unused_result));
int inventory_item_groups_json(struct db *db, int64_t cid, struct buf *out, struct err *e);

int godown_create(struct db *db, int64_t cid, int64_t actor, const char *name, const char *address,
		  int64_t *ret_id, struct err *e) __attribute__((warn_unused_result));
int inventory_godowns_json(struct db *db, int64_t cid, struct buf *out, struct err *e);

struct opening_stock {
	int64_t godown_id;
	int64_t qty;             /* thousandths */
	int64_t rate;            /* paise per unit */
	char batch[41];          /* items that track batches: the batch held */
	char expiry[11];
};

struct item_input {
	const char *sku, *name, *name_hi, *hsn;
	int64_t unit_id;
	int64_t group_id;
	int64_t gst_rate;        /* basis points */
	int64_t reorder_level, reorder_qty; /* thousandths */
	int tracks_batches;
	int archived;             /* item_update only */
	int nopening;
	struct opening_stock opening[16];
	const char *opening_date; /* default: the books' first day */
};
/* Creates an item and its opening stock (audited). ret_id receives the id. */
int item_create(struct db *db, int64_t cid, int64_t actor, const struct item_input *in, int64_t *ret_id,
		struct err *e) __attribute__((warn_unused_result));
/* Changes the fields flagged in `set` (ITEM_SET_*) of item id if it is still at `version`
 * (ERR_STALE otherwise); the SKU and unit stay as created. Audited. */
enum {
	ITEM_SET_NAME = 1, ITEM_SET_NAME_HI = 2, ITEM_SET_HSN = 4, ITEM_SET_GST = 8, ITEM_SET_REORDER = 16, /* reorder_level */
	ITEM_SET_GROUP = 32, ITEM_SET_ARCHIVED = 64, ITEM_SET_REORDER_QTY = 128,
};
int item_update(struct db *db, int64_t cid, int64_t actor, int64_t id, int64_t version, const struct item_input *in,
		unsigned set, struct err *e) __attribute__((warn_unused_result));

/* One item as JSON with its stock per godown. */
int inventory_item_json(struct db *db, int64_t cid, int64_t id, struct buf *out, struct err *e);
/* Items matching q (SKU, English or Hindi name), with stock in hand; archived 0 lists the active
 * items, 1 the archived ones, 2 both. */
int inventory_items_json(struct db *db, int64_t cid, const char *q, int archived, int limit, struct buf *out, struct err *e);

enum valuation { VALUATION_AVERAGE, VALUATION_FIFO };
int inventory_settings_set(struct db *db, int64_t cid, int64_t actor, const char *valuation,
			   const char *negative_stock, struct err *e) __attribute__((warn_unused_result));
int inventory_settings_json(struct db *db, int64_t cid, struct buf *out, struct err *e);

/* ---- stock documents: the stock another module's document moves ----
 * A voucher (accounts) describes its stock lines in these terms; inventory knows nothing of
 * vouchers. */
struct stock_doc_line {
	int index;               /* the line's place in the caller's input, for errors: "items[3].qty" */
	int64_t item_id;
	int64_t godown_id;       /* 0: the company's main godown */
	int64_t qty;             /* thousandths of `unit`, > 0 */
	char unit[17];           /* "" or the item's unit; else a unit made of it, or the one its unit is made of */
	char batch[41];          /* items that track batches: the batch in or out */
	char expiry[11];         /* inward lines: the batch's expiry, "" when none */
	int64_t value;           /* inward lines: their cost in paise, or -1 for the item's current cost */
};

struct stock_doc {
	int64_t voucher_id;      /* the document the moves belong to */
	const char *source;      /* recorded on each move: "sales", "purchase", ... */
	const char *date;
	int outward;             /* 1: the lines go out of stock; 0: they come in */
	const char *list;        /* the input's name for the lines, in errors: "items" */
	int nlines;
	const struct stock_doc_line *lines;
};

/* Moves the stock of a document, inside the caller's transaction. Refuses (ERR_UNPROCESSABLE naming
 * "items[i].qty", with the item, the godown and what is available) taking out more than is in
 * stock unless the company chose to warn; ERR_INVALID for an unknown or archived item, an unknown
 * godown, a unit the item cannot be counted in, or a batch where none belongs (or none given). */
int inventory_post_doc(struct db *db, int64_t cid, const struct stock_doc *d, struct err *e) __attribute__((warn_unused_result));
/* Takes back every active move of voucher voucher_id: out what came in, back in what went out
 * (at the cost it went out at). Refuses undoing a receipt whose stock is gone, as posting does. */
int inventory_reverse_voucher(struct db *db, int64_t cid, int64_t voucher_id, struct err *e) __attribute__((warn_unused_result));

struct stock_line {
	int64_t item_id;
	int64_t godown_id;
	int64_t to_godown_id;    /* transfers */
	int64_t qty;             /* thousandths; consumption: out, production: in */
	int64_t rate;            /* production/verification surplus: paise per unit (0: current cost) */
	char batch[41];
	char expiry[11];
};
/* Stock journal: kind "transfer", "consumption" or "production" (audited). */
int stock_journal_post(struct db *db, int64_t cid, int64_t actor, const char *kind, const char *date,
		       const char *narration, const struct stock_line *lines, int n, int64_t *ret_id,
		       struct err *e) __attribute__((warn_unused_result));
/* Physical verification: counted quantities in one godown; the differences become adjustments. */
int stock_verify(struct db *db, int64_t cid, int64_t actor, const char *date, int64_t godown_id,
		 const struct stock_line *counts, int n, int64_t *ret_id, struct err *e)
	__attribute__((warn_unused_result));

/* Opens a JSON object in w and writes the one row sql (bound to cid, id) finds through fields();
 * ERR_NOT_FOUND naming `what` when there is none. For the module's "get one" answers. */
int inventory_one_json(struct db *db, const char *sql, int64_t cid, int64_t id, void (*fields)(struct jsonw *, struct db_stmt *),
		       struct jsonw *w, const char *what, struct err *e);

/* Stock journals, newest first ({"items":[...],"next"}: pass next as `before` for the next page),
 * of one kind when kind is not empty; and one journal with its lines (the moves it made). */
int inventory_stock_journals_json(struct db *db, int64_t cid, const char *kind, int64_t before, int limit, struct buf *out,
				  struct err *e);
int inventory_stock_journal_json(struct db *db, int64_t cid, int64_t id, struct buf *out, struct err *e);

/* Value of all stock at the end of `date` ("" = today; closing stock for the Balance Sheet and P&L). */
int inventory_value_at(struct db *db, int64_t cid, const char *date, int64_t *ret, struct err *e);

/* One item's stock at the end of a date (borrowed strings, valid during the callback). */
struct stock_row {
	int64_t item_id;
	const char *sku, *name, *name_hi, *unit, *group;  /* name_hi and group "" when none */
	int64_t qty;     /* thousandths */
	int64_t value;   /* paise */
};
/* Calls each() for every item with stock recorded, in name order, with its quantity and value at
 * the end of `date` ("" = today) in one godown (0 = all). */
int inventory_stock_rows(struct db *db, int64_t cid, const char *date, int64_t godown_id,
			 int (*each)(void *ctx, const struct stock_row *row), void *ctx, struct err *e);

/* Reports, as JSON objects {"columns":[...],"rows":[...],...}. date "" = today. */
/* by "item" (default) pages: at most limit rows after item `after`, with "next" and the
 * total_value of all items; by "group" and "godown" answer every row. */
int inventory_stock_summary(struct db *db, int64_t cid, const char *date, int64_t godown_id,
			    const char *by, int64_t after, int limit, struct buf *out, struct err *e);
int inventory_stock_movement(struct db *db, int64_t cid, int64_t item_id, const char *from, const char *to,
			     struct buf *out, struct err *e);
int inventory_reorder(struct db *db, int64_t cid, struct buf *out, struct err *e);
int inventory_stock_ageing(struct db *db, int64_t cid, const char *date, struct buf *out, struct err *e);
int inventory_batches(struct db *db, int64_t cid, struct buf *out, struct err *e);

#endif
