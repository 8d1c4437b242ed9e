/* inventory.h - items, units, godowns and stock: moves come from vouchers, stock journals and
 * physical verification; valued by weighted average or FIFO; negative stock refused or warned.
 * Masters come back as structs, lists and reports as rows through callbacks; each entity has one
 * JSON snapshot function (the API's answer and the audit record's before and after). */
#ifndef DAFTAR_INVENTORY_H
#define DAFTAR_INVENTORY_H

#include <stdint.h>

#include "audit/audit.h"
#include "lib/db.h"
#include "lib/err.h"
#include "lib/jsonw.h"
#include "lib/page.h"

/* Sizes of the text members below: the most characters a name may have, in UTF-8. */
#define UNIT_SYMBOL_SIZE (16 * 4 + 1)
#define UNIT_NAME_SIZE (60 * 4 + 1)
#define GODOWN_NAME_SIZE (100 * 4 + 1)
#define GODOWN_ADDRESS_SIZE (500 * 4 + 1)
#define ITEM_GROUP_NAME_SIZE (100 * 4 + 1)
#define ITEM_SKU_SIZE (40 * 4 + 1)
#define ITEM_NAME_SIZE (200 * 4 + 1)
#define BATCH_SIZE 41
#define EXPIRY_SIZE 11

/* Units, a main godown and the settings of a new company (write transaction). */
int inventory_seed(struct db *db, int64_t cid, struct err *e) __attribute__((warn_unused_result));

/* ---- settings ---- */

enum valuation { VALUATION_AVERAGE, VALUATION_FIFO };

struct inventory_settings {
	enum valuation valuation;
	int warn_negative;       /* 1: selling below zero goes through; 0: it is refused */
};

/* The company's settings (the defaults when it has no row). */
int inventory_settings_get(struct db *db, int64_t cid, struct inventory_settings *ret, struct err *e)
	__attribute__((warn_unused_result));
/* Sets valuation ("weighted_average" | "fifo") and negative_stock ("refuse" | "warn"); NULL keeps
 * one as it is. ERR_INVALID naming the member for anything else. Audited; *ret (may be NULL) gets
 * the settings as they now are. Settings as they already are: nothing written, ERR_UNCHANGED. */
int inventory_settings_set(struct db *db, int64_t cid, int64_t actor, const char *valuation, const char *negative_stock,
			   struct inventory_settings *ret, struct err *e) __attribute__((warn_unused_result));
/* {"valuation","negative_stock"} */
void inventory_settings_json(struct jsonw *w, const struct inventory_settings *s);
/* Its members without the braces, for an answer that adds its own ("unchanged"). */
void inventory_settings_json_members(struct jsonw *w, const struct inventory_settings *s);

/* ---- units ---- */

struct unit {
	int64_t id;
	char symbol[UNIT_SYMBOL_SIZE];
	char name[UNIT_NAME_SIZE];
	int64_t decimals;        /* 0..3 */
	int64_t base_unit_id;    /* compound unit: the unit it is made of; 0 for a simple unit */
	int64_t factor;          /* base units in one of this unit, in thousandths (1000 for a simple unit) */
};

struct unit_input {
	const char *symbol, *name;
	int64_t decimals;        /* 0..3 */
	int64_t base_unit_id;    /* compound unit: 0 for a simple unit */
	int64_t factor;          /* base units in one of this unit, in thousandths (12 -> 12000) */
};
/* Creates a unit (audited). ERR_INVALID naming the member; ERR_DUPLICATE on "symbol" when the
 * company has one of that symbol. */
int unit_create(struct db *db, int64_t cid, int64_t actor, const struct unit_input *in, int64_t *ret_id,
		struct err *e) __attribute__((warn_unused_result));
/* ERR_NOT_FOUND when id is not a unit of cid. */
int unit_get(struct db *db, int64_t cid, int64_t id, struct unit *ret, struct err *e) __attribute__((warn_unused_result));
/* The units by symbol, a page after the unit `pg->after` (0: from the start); *ret_next is the
 * cursor of the next page or 0. ERR_INVALID on "after" for an unknown cursor. each() returning
 * <0 stops the list with that code (e left to each() to fill). */
int unit_list(struct db *db, int64_t cid, const struct page *pg, int (*each)(void *ctx, const struct unit *u), void *ctx,
	      int64_t *ret_next, struct err *e) __attribute__((warn_unused_result));
/* {"id","symbol","name","decimals","base_unit_id","factor"} */
void unit_json(struct jsonw *w, const struct unit *u);

/* ---- godowns ---- */

struct godown {
	int64_t id;
	char name[GODOWN_NAME_SIZE];
	char address[GODOWN_ADDRESS_SIZE];   /* "" when none */
};

/* Creates a godown (audited); address may be NULL. ERR_DUPLICATE on "name". */
int godown_create(struct db *db, int64_t cid, int64_t actor, const char *name, const char *address,
		  int64_t *ret_id, struct err *e) __attribute__((warn_unused_result));
int godown_get(struct db *db, int64_t cid, int64_t id, struct godown *ret, struct err *e) __attribute__((warn_unused_result));
/* The godowns in use, oldest first, paged as unit_list. */
int godown_list(struct db *db, int64_t cid, const struct page *pg, int (*each)(void *ctx, const struct godown *g), void *ctx,
		int64_t *ret_next, struct err *e) __attribute__((warn_unused_result));
/* {"id","name","address"} */
void godown_json(struct jsonw *w, const struct godown *g);

/* ---- item groups ---- */

struct item_group {
	int64_t id;
	char name[ITEM_GROUP_NAME_SIZE];
	int64_t parent_id;       /* 0 at the top */
};

/* Creates an item group under parent_id (0: at the top; it must be a group of this company).
 * Audited; ERR_DUPLICATE on "name". */
int item_group_create(struct db *db, int64_t cid, int64_t actor, const char *name, int64_t parent_id,
		      int64_t *ret_id, struct err *e) __attribute__((warn_unused_result));
int item_group_get(struct db *db, int64_t cid, int64_t id, struct item_group *ret, struct err *e)
	__attribute__((warn_unused_result));
/* The groups by name, paged as unit_list. */
int item_group_list(struct db *db, int64_t cid, const struct page *pg, int (*each)(void *ctx, const struct item_group *g),
		    void *ctx, int64_t *ret_next, struct err *e) __attribute__((warn_unused_result));
/* {"id","name","parent_id"} */
void item_group_json(struct jsonw *w, const struct item_group *g);

/* ---- items ---- */

struct item {
	int64_t id;
	char sku[ITEM_SKU_SIZE];
	char name[ITEM_NAME_SIZE];
	char name_hi[ITEM_NAME_SIZE];   /* "" when none */
	int64_t unit_id;
	char unit[UNIT_SYMBOL_SIZE];
	int64_t unit_decimals;
	char hsn[16];                   /* "" when none */
	int64_t gst_rate;               /* basis points */
	int64_t reorder_level, reorder_qty; /* thousandths */
	int64_t in_stock;               /* thousandths, all godowns, every move entered */
	int64_t stock_value;            /* paise */
	int64_t group_id;               /* 0 when none */
	int64_t version;
	int tracks_batches;
	int archived;
};

struct opening_stock {
	int64_t godown_id;
	int64_t qty;             /* thousandths */
	int64_t rate;            /* paise per unit */
	char batch[BATCH_SIZE];  /* items that track batches: the batch held */
	char expiry[EXPIRY_SIZE];
};

#define ITEM_OPENING_MAX 16

struct item_input {
	const char *sku, *name, *name_hi, *hsn;
	int64_t unit_id;
	int64_t group_id;
	int64_t gst_rate;        /* basis points */
	int64_t reorder_level, reorder_qty; /* thousandths */
	int tracks_batches;
	int archived;             /* item_update only */
	int nopening;             /* at most ITEM_OPENING_MAX */
	struct opening_stock opening[ITEM_OPENING_MAX];
	const char *opening_date; /* default: the books' first day */
};
/* Creates an item and its opening stock (audited). ret_id receives the id. */
int item_create(struct db *db, int64_t cid, int64_t actor, const struct item_input *in, int64_t *ret_id,
		struct err *e) __attribute__((warn_unused_result));
/* Changes the fields flagged in `set` (ITEM_SET_*) of item id if it is still at `version`
 * (ERR_STALE otherwise); the SKU and unit stay as created. Audited. A change that changes nothing
 * writes nothing and returns ERR_UNCHANGED. */
enum {
	ITEM_SET_NAME = 1, ITEM_SET_NAME_HI = 2, ITEM_SET_HSN = 4, ITEM_SET_GST = 8, ITEM_SET_REORDER = 16, /* reorder_level */
	ITEM_SET_GROUP = 32, ITEM_SET_ARCHIVED = 64, ITEM_SET_REORDER_QTY = 128,
};
int item_update(struct db *db, int64_t cid, int64_t actor, int64_t id, int64_t version, const struct item_input *in,
		unsigned set, struct err *e) __attribute__((warn_unused_result));
/* ERR_NOT_FOUND (field "id") when id is not an item of cid. */
int item_get(struct db *db, int64_t cid, int64_t id, struct item *ret, struct err *e) __attribute__((warn_unused_result));

struct item_query {
	const char *q;           /* SKU, English or Hindi name; NULL or "" for all */
	int archived;            /* 0: active items, 1: archived ones, 2: both */
	struct page page;        /* in name order */
};
/* A page of the items q finds, by name; paged as unit_list. */
int item_list(struct db *db, int64_t cid, const struct item_query *q, int (*each)(void *ctx, const struct item *it), void *ctx,
	      int64_t *ret_next, struct err *e) __attribute__((warn_unused_result));

/* One item's stock in one godown, and what is left of one batch in one godown. Strings are
 * borrowed for the callback. */
struct item_godown_stock {
	int64_t godown_id;
	const char *godown;
	int64_t qty, value;
};
struct item_batch {
	int64_t godown_id;
	const char *batch;
	const char *expiry;      /* "" when none */
	int64_t qty;
};
/* The item's stock per godown (by name; godowns it never moved in are left out), then its
 * batches in stock (the soonest expiry first), each through its callback. */
int item_stock_each(struct db *db, int64_t cid, int64_t id, int (*godown)(void *ctx, const struct item_godown_stock *s),
		    int (*batch)(void *ctx, const struct item_batch *b), void *ctx, struct err *e)
	__attribute__((warn_unused_result));
/* The item's members, in the order of the API and the audit record, inside an object the caller
 * opens and closes (the item's answer adds "stock" and "batches" after them). */
void item_json_members(struct jsonw *w, const struct item *it);
/* The item as an object: {item_json_members}. */
void item_json(struct jsonw *w, const struct item *it);
/* Every item of company cid against its last audit record (audit_cover_query; its unit's symbol
 * and the stock it holds are not the item's): findings through each. *ret_rows: items read. */
int item_cover(struct db *db, int64_t cid, audit_finding_fn each, void *ctx, int64_t *ret_rows, struct err *e)
	__attribute__((warn_unused_result));

/* ---- stock documents: the stock another module's document moves ----
 * A voucher (accounts) describes its stock lines in these terms; inventory knows nothing of
 * vouchers. */
struct stock_doc_line {
	int index;               /* the line's place in the caller's input, for errors: "items[3].qty" */
	int64_t item_id;
	int64_t godown_id;       /* 0: the company's main godown */
	int64_t qty;             /* thousandths of `unit`, > 0 */
	char unit[17];           /* "" or the item's unit; else a unit made of it, or the one its unit is made of */
	char batch[BATCH_SIZE];  /* items that track batches: the batch in or out */
	char expiry[EXPIRY_SIZE];/* inward lines: the batch's expiry, "" when none */
	int64_t value;           /* inward lines: their cost in paise, or -1 for the item's current cost */
};

struct stock_doc {
	int64_t voucher_id;      /* the document the moves belong to */
	int64_t return_of;       /* a return: the document it returns goods of (0: none named). A return
				  * into stock comes back at what those goods went out at, a return out of
				  * stock goes out at what they came in at (each item as that document moved
				  * it; one it did not move: at the cost of the day) */
	int replace;             /* 1: the document's moves as they stand are taken back first (an
				  * alteration), the new ones keep their place in the day, and stock is
				  * judged on both together */
	const char *source;      /* recorded on each move: "sales", "purchase", ... */
	const char *date;
	int outward;             /* 1: the lines go out of stock; 0: they come in */
	const char *list;        /* the input's name for the lines, in errors: "items" */
	int nlines;
	const struct stock_doc_line *lines;
};

/* Moves the stock of a document, inside the caller's transaction, and re-costs every later move
 * of each item it moves in that godown (so stock is costed in date order, whatever order it was
 * entered in). Refuses taking out more than is in stock, on the document's day or any later one,
 * unless the company chose to warn: ERR_UNPROCESSABLE naming "items[i].qty", reason
 * "insufficient_stock" with the figures available (qty), unit, item and godown, or reason
 * "insufficient_batch" with available, unit, item and batch. ERR_INVALID for an unknown or
 * archived item, an unknown godown, a unit the item cannot be counted in, or a batch where none
 * belongs (or none given). */
int inventory_post_doc(struct db *db, int64_t cid, const struct stock_doc *d, struct err *e) __attribute__((warn_unused_result));
/* Takes back every active move of voucher voucher_id and re-costs the later moves of its items.
 * Refuses undoing a receipt whose stock is gone on any day from its own, as posting does (reason
 * "insufficient_stock"). */
int inventory_reverse_voucher(struct db *db, int64_t cid, int64_t voucher_id, struct err *e) __attribute__((warn_unused_result));

struct stock_line {
	int64_t item_id;
	int64_t godown_id;
	int64_t to_godown_id;    /* transfers */
	int64_t qty;             /* thousandths; consumption: out, production: in */
	int64_t rate;            /* production/verification surplus: paise per unit (0: current cost) */
	char batch[BATCH_SIZE];
	char expiry[EXPIRY_SIZE];
};
/* Stock journal: kind "transfer", "consumption" or "production" (audited with the journal's
 * snapshot). Refusals as inventory_post_doc's, naming "lines[i]...". */
int stock_journal_post(struct db *db, int64_t cid, int64_t actor, const char *kind, const char *date,
		       const char *narration, const struct stock_line *lines, int n, int64_t *ret_id,
		       struct err *e) __attribute__((warn_unused_result));
/* Physical verification: counted quantities in one godown; the differences become adjustments
 * (audited with the verification's snapshot, struct stock_verification below). A count never
 * refuses for stock. */
int stock_verify(struct db *db, int64_t cid, int64_t actor, const char *date, int64_t godown_id,
		 const struct stock_line *counts, int n, int64_t *ret_id, struct err *e)
	__attribute__((warn_unused_result));
struct stock_verification;
/* stock_verify, giving back the verification: ret->adjustments must point to room for n
 * adjustments (the caller's). */
int stock_verification_post(struct db *db, int64_t cid, int64_t actor, const char *date, int64_t godown_id,
			    const struct stock_line *counts, int n, struct stock_verification *ret, struct err *e)
	__attribute__((warn_unused_result));

/* ---- stock journals read back ---- */

struct stock_journal {
	int64_t id;
	char kind[16];           /* transfer, consumption, production, verification */
	char date[11];
	char narration[512];     /* "" when none */
	char created_at[32];
	char user[128];          /* who entered it ("system" for the demo and imports) */
	int64_t moves;           /* stock moves it made */
};
/* One move of a journal; strings borrowed for the callback. */
struct stock_journal_line {
	int64_t move_id, item_id;
	const char *sku, *name, *unit;
	int64_t godown_id;
	const char *godown;
	int64_t qty, value;      /* + in, - out */
	const char *batch, *expiry; /* "" when none */
};
/* Journals (verifications too) newest first, of one kind when kind is neither NULL nor "" (else
 * ERR_INVALID on "kind"); a page after journal pg->after (the last id of the page before). */
int stock_journal_list(struct db *db, int64_t cid, const char *kind, const struct page *pg,
		       int (*each)(void *ctx, const struct stock_journal *j), void *ctx, int64_t *ret_next, struct err *e)
	__attribute__((warn_unused_result));
/* ERR_NOT_FOUND (field "id") when id is not a journal of cid. */
int stock_journal_get(struct db *db, int64_t cid, int64_t id, struct stock_journal *ret, struct err *e)
	__attribute__((warn_unused_result));
/* The journal's moves, in the order they were made. */
int stock_journal_lines(struct db *db, int64_t cid, int64_t id, int (*each)(void *ctx, const struct stock_journal_line *l),
			void *ctx, struct err *e) __attribute__((warn_unused_result));
/* The members every journal carries, inside an object the caller opens: "id","kind","date",
 * "narration","created_at","user","moves". */
void stock_journal_json_members(struct jsonw *w, const struct stock_journal *j);
/* One line as an object {"move_id","item_id","sku","name","unit","godown_id","godown","qty",
 * "value","batch","expiry"}. */
void stock_journal_line_json(struct jsonw *w, const struct stock_journal_line *l);
/* The journal with its lines as one object (the API's answer and the audit record). */
int stock_journal_json(struct db *db, int64_t cid, const struct stock_journal *j, struct jsonw *w, struct err *e)
	__attribute__((warn_unused_result));

/* A physical verification: what the books held and what was counted, per item that differed. */
struct stock_adjustment {
	int64_t item_id;
	int64_t book, counted;   /* thousandths */
};
struct stock_verification {
	int64_t id;
	char date[11];
	int64_t godown_id;
	int n;                               /* adjustments made: the counts that differed */
	struct stock_adjustment *adjustments;
};
/* {"id","date","godown_id","adjustments":[{"item_id","book","counted"}]} (quantities as decimal strings) */
void stock_verification_json(struct jsonw *w, const struct stock_verification *v);

/* ---- stock at a date, and the reports' rows ----
 * Dates are YYYY-MM-DD; "" or NULL is today in the company's time zone. */

/* Value of all stock at the end of `date` (closing stock for the Balance Sheet and P&L). Takes
 * any YYYY-MM-DD of digits, even the day before the first of the books. */
int inventory_value_at(struct db *db, int64_t cid, const char *date, int64_t *ret, struct err *e);
/* The same in one godown (0: all); `date` must be a real date. */
int inventory_stock_value(struct db *db, int64_t cid, const char *date, int64_t godown_id, int64_t *ret, struct err *e)
	__attribute__((warn_unused_result));

/* One item's stock at the end of a date (borrowed strings, valid during the callback). */
struct stock_row {
	int64_t item_id;
	const char *sku, *name, *name_hi, *unit, *group;  /* name_hi and group "" when none */
	int64_t qty;     /* thousandths */
	int64_t value;   /* paise */
};
/* Calls each() for every item with stock recorded, in name order, with its quantity and value at
 * the end of `date` in one godown (0 = all). each() returning <0 stops with that code. */
int inventory_stock_rows(struct db *db, int64_t cid, const char *date, int64_t godown_id,
			 int (*each)(void *ctx, const struct stock_row *row), void *ctx, struct err *e);
/* The same, one page of it in (name, id) order: at most pg->limit items after item pg->after
 * (ERR_INVALID on "after" for an unknown one); *ret_next is the cursor of the next page or 0. A
 * page costs the same at 100 items as at 100,000. */
int inventory_stock_page(struct db *db, int64_t cid, const char *date, int64_t godown_id, const struct page *pg,
			 int (*each)(void *ctx, const struct stock_row *row), void *ctx, int64_t *ret_next, struct err *e)
	__attribute__((warn_unused_result));

/* One godown's stock at the end of a date. */
struct stock_godown_row {
	int64_t godown_id;
	const char *godown;
	int64_t items;   /* items with a balance recorded there */
	int64_t value;
};
/* Every godown with stock recorded (one when godown_id is not 0), by name. */
int inventory_stock_godowns(struct db *db, int64_t cid, const char *date, int64_t godown_id,
			    int (*each)(void *ctx, const struct stock_godown_row *row), void *ctx, struct err *e)
	__attribute__((warn_unused_result));

/* The movement register of one item over [from, to] ("" for no bound). */
struct stock_movement {
	int64_t item_id;
	char sku[ITEM_SKU_SIZE], name[ITEM_NAME_SIZE], unit[UNIT_SYMBOL_SIZE];
	int64_t opening_qty, opening_value;   /* before `from` */
	int64_t closing_qty, closing_value;   /* at the end of `to`, of every move in the period */
	int truncated;                        /* more than STOCK_MOVEMENT_ROWS moves: the rows stopped */
};
struct stock_movement_row {
	int64_t move_id;
	const char *date, *source, *godown;   /* source: the voucher type, the journal's kind, opening, verification */
	int64_t qty, value;                   /* + in, - out */
	int64_t balance_qty, balance_value;   /* running, after this move */
	int64_t voucher_id;                   /* 0 when none */
	const char *voucher_number;           /* "" when none */
	int64_t journal_id;                   /* 0 when none */
};
#define STOCK_MOVEMENT_ROWS 10000
/* Fills *ret's item and opening before the first row, calls each() for at most
 * STOCK_MOVEMENT_ROWS moves in date order, then fills the closing figures. ERR_NOT_FOUND (field
 * "item_id") for an item that is not the company's; ERR_INVALID on "from"/"to" for a bad date. */
int inventory_stock_movement(struct db *db, int64_t cid, int64_t item_id, const char *from, const char *to,
			     int (*each)(void *ctx, const struct stock_movement_row *row), void *ctx,
			     struct stock_movement *ret, struct err *e) __attribute__((warn_unused_result));

/* An item below its reorder level now. */
struct reorder_row {
	int64_t item_id;
	const char *sku, *name, *name_hi, *unit;  /* name_hi "" when none */
	int64_t in_stock, reorder_level;
	int64_t suggested_qty;   /* the item's reorder quantity, else twice the level less the stock */
};
/* Active items whose stock in all godowns is below their reorder level, by name. */
int inventory_reorder(struct db *db, int64_t cid, int (*each)(void *ctx, const struct reorder_row *row), void *ctx,
		      struct err *e) __attribute__((warn_unused_result));

/* Stock held at the end of a day by days since it was received: 0-30, 31-60, 61-90, 91-180 and
 * over 180 days. */
#define STOCK_AGE_BUCKETS 5
struct stock_ageing_row {
	int64_t item_id;
	const char *name, *unit;
	int64_t qty[STOCK_AGE_BUCKETS];
	int64_t value[STOCK_AGE_BUCKETS];   /* adds up to the item's value in the stock summary of the day */
};
/* Every item held (quantity above zero) at the end of `date`, in name order. */
int inventory_stock_ageing(struct db *db, int64_t cid, const char *date,
			   int (*each)(void *ctx, const struct stock_ageing_row *row), void *ctx, struct err *e)
	__attribute__((warn_unused_result));

/* One batch in stock now in one godown. */
struct batch_row {
	int64_t item_id;
	const char *name, *godown, *batch, *unit;
	const char *expiry;      /* "" when none */
	int64_t qty;
};
/* Batches in stock now: the soonest expiry first, batches without one last; then item name,
 * godown and batch, byte-wise (the same order on both databases). */
int inventory_batches(struct db *db, int64_t cid, int (*each)(void *ctx, const struct batch_row *row), void *ctx,
		      struct err *e) __attribute__((warn_unused_result));

#endif
