/* masters.c - the inventory masters: settings, units, godowns, item groups and items (create,
 * update, reads), each with its one JSON snapshot, which the API answers and the audit record
 * holds before and after. Opening stock is moved in by stock_docs.c. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "inventory/inventory_int.h"
#include "lib/buf.h"
#include "lib/clock.h"
#include "lib/money.h"
#include "lib/qty.h"
#include "lib/text.h"
#include "lib/banned.h"

#define UNIT_COLS "id, symbol, name, decimals, coalesce(base_unit_id, 0), factor"
#define GODOWN_COLS "id, name, coalesce(address, '')"
#define GROUP_COLS "id, name, coalesce(parent_id, 0)"
#define ITEM_COLS "i.id, i.sku, i.name, coalesce(i.name_hi, ''), i.unit_id, u.symbol, u.decimals, coalesce(i.hsn, ''), i.gst_rate, " \
		  "i.reorder_level, " \
		  "coalesce((SELECT sum(qty) FROM stock_balance b WHERE b.company_id = i.company_id AND b.item_id = i.id), 0), " \
		  "coalesce((SELECT sum(value) FROM stock_balance b WHERE b.company_id = i.company_id AND b.item_id = i.id), 0), " \
		  "coalesce(i.group_id, 0), i.version, i.reorder_qty, i.tracks_batches, i.archived"
#define ITEM_FROM " FROM items i JOIN units u ON u.id = i.unit_id "
#define ITEM_WHERE "WHERE i.company_id = ? AND (? = 2 OR i.archived = ?) AND (? = '' OR i.search LIKE ? ESCAPE '!') "

enum {
	SQL_SETTINGS_SEED, SQL_SETTINGS_GET, SQL_SETTINGS_SET,
	SQL_UNIT_INSERT, SQL_UNIT_SIMPLE, SQL_UNIT_GET, SQL_UNIT_DECIMALS, SQL_UNIT_KEY, SQL_UNIT_LIST, SQL_UNIT_LIST_AFTER,
	SQL_GODOWN_INSERT, SQL_GODOWN_GET, SQL_GODOWN_NAME, SQL_GODOWN_MAIN, SQL_GODOWN_LIST, SQL_GODOWN_LIST_AFTER,
	SQL_GROUP_INSERT, SQL_GROUP_GET, SQL_GROUP_EXISTS, SQL_GROUP_KEY, SQL_GROUP_LIST, SQL_GROUP_LIST_AFTER,
	SQL_ITEM_INFO, SQL_ITEM_INSERT, SQL_ITEM_UPDATE, SQL_ITEM_GET, SQL_ITEM_KEY, SQL_ITEM_LIST, SQL_ITEM_LIST_AFTER,
	SQL_ITEM_STOCK, SQL_ITEM_BATCHES, SQL_ITEM_COVER,
	SQL_MAX
};

static const char *const sql[SQL_MAX] = {
	[SQL_SETTINGS_SEED] = "INSERT INTO inventory_settings(company_id) VALUES (?)",
	[SQL_SETTINGS_GET] = "SELECT valuation, negative_stock FROM inventory_settings WHERE company_id = ?",
	[SQL_SETTINGS_SET] = "UPDATE inventory_settings SET valuation = ?, negative_stock = ? WHERE company_id = ?",
	[SQL_UNIT_INSERT] = "INSERT INTO units(company_id, symbol, name, decimals, base_unit_id, factor) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
	[SQL_UNIT_SIMPLE] = "SELECT 1 FROM units WHERE company_id = ? AND id = ? AND base_unit_id IS NULL",
	[SQL_UNIT_GET] = "SELECT " UNIT_COLS " FROM units WHERE company_id = ? AND id = ?",
	[SQL_UNIT_DECIMALS] = "SELECT decimals FROM units WHERE company_id = ? AND id = ?",
	[SQL_UNIT_KEY] = "SELECT symbol FROM units WHERE company_id = ? AND id = ?",
	[SQL_UNIT_LIST] = "SELECT " UNIT_COLS " FROM units WHERE company_id = ? ORDER BY symbol, id LIMIT ?",
	[SQL_UNIT_LIST_AFTER] = "SELECT " UNIT_COLS " FROM units WHERE company_id = ? AND (symbol, id) > (?, ?) ORDER BY symbol, id LIMIT ?",
	[SQL_GODOWN_INSERT] = "INSERT INTO godowns(company_id, name, address) VALUES (?, ?, ?) RETURNING id",
	[SQL_GODOWN_GET] = "SELECT " GODOWN_COLS " FROM godowns WHERE company_id = ? AND id = ?",
	[SQL_GODOWN_NAME] = "SELECT name FROM godowns WHERE company_id = ? AND id = ? AND archived = 0",
	[SQL_GODOWN_MAIN] = "SELECT id FROM godowns WHERE company_id = ? AND archived = 0 ORDER BY id LIMIT 1",
	[SQL_GODOWN_LIST] = "SELECT " GODOWN_COLS " FROM godowns WHERE company_id = ? AND archived = 0 ORDER BY id LIMIT ?",
	[SQL_GODOWN_LIST_AFTER] = "SELECT " GODOWN_COLS " FROM godowns WHERE company_id = ? AND archived = 0 AND id > ? ORDER BY id LIMIT ?",
	[SQL_GROUP_INSERT] = "INSERT INTO item_groups(company_id, name, parent_id) VALUES (?, ?, ?) RETURNING id",
	[SQL_GROUP_GET] = "SELECT " GROUP_COLS " FROM item_groups WHERE company_id = ? AND id = ?",
	[SQL_GROUP_EXISTS] = "SELECT 1 FROM item_groups WHERE company_id = ? AND id = ?",
	[SQL_GROUP_KEY] = "SELECT name FROM item_groups WHERE company_id = ? AND id = ?",
	[SQL_GROUP_LIST] = "SELECT " GROUP_COLS " FROM item_groups WHERE company_id = ? ORDER BY name, id LIMIT ?",
	[SQL_GROUP_LIST_AFTER] = "SELECT " GROUP_COLS " FROM item_groups WHERE company_id = ? AND (name, id) > (?, ?) ORDER BY name, id LIMIT ?",
	[SQL_ITEM_INFO] = "SELECT i.name, u.decimals, u.symbol, i.archived, i.tracks_batches, i.unit_id, coalesce(u.base_unit_id, 0), u.factor "
			  "FROM items i JOIN units u ON u.id = i.unit_id WHERE i.company_id = ? AND i.id = ?",
	[SQL_ITEM_INSERT] = "INSERT INTO items(company_id, sku, name, name_hi, search, unit_id, group_id, hsn, gst_rate, reorder_level, "
			    "reorder_qty, tracks_batches, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[SQL_ITEM_UPDATE] = "UPDATE items SET name = ?, name_hi = ?, hsn = ?, gst_rate = ?, reorder_level = ?, reorder_qty = ?, "
			    "group_id = ?, archived = ?, search = ?, version = version + 1 WHERE company_id = ? AND id = ? AND version = ?",
	[SQL_ITEM_GET] = "SELECT " ITEM_COLS ITEM_FROM "WHERE i.company_id = ? AND i.id = ?",
	[SQL_ITEM_KEY] = "SELECT name FROM items WHERE company_id = ? AND id = ?",
	[SQL_ITEM_LIST] = "SELECT " ITEM_COLS ITEM_FROM ITEM_WHERE "ORDER BY i.name, i.id LIMIT ?",
	[SQL_ITEM_LIST_AFTER] = "SELECT " ITEM_COLS ITEM_FROM ITEM_WHERE "AND (i.name, i.id) > (?, ?) ORDER BY i.name, i.id LIMIT ?",
	[SQL_ITEM_STOCK] = "SELECT b.godown_id, g.name, b.qty, b.value FROM stock_balance b JOIN godowns g ON g.id = b.godown_id "
			   "WHERE b.company_id = ? AND b.item_id = ? AND (b.qty <> 0 OR b.value <> 0) ORDER BY g.name",
	[SQL_ITEM_BATCHES] = "SELECT godown_id, batch, coalesce(expiry, ''), sum(qty_left) FROM stock_layers WHERE company_id = ? "
			     "AND item_id = ? AND qty_left > 0 AND batch IS NOT NULL GROUP BY godown_id, batch, expiry "
			     "ORDER BY coalesce(expiry, '9999'), batch, godown_id",
	/* A page of items in id order, for audit verification. */
	[SQL_ITEM_COVER] = "SELECT " ITEM_COLS ITEM_FROM "WHERE i.company_id = ? AND i.id > ? ORDER BY i.id LIMIT ?",
};

static int oom(struct err *e) { return err_set(e, ERR_INTERNAL, NULL, "out of memory"); }

/* ---- checks ---- */

int plain_name(const char *s, const char *field, size_t max, struct err *e)
{
	size_t n = s ? strlen(s) : 0;
	if (!n)
		return err_setr(e, ERR_INVALID, field, "required", "%s is required", field);
	if (text_utf8_invalid_at(s, n) >= 0 || text_has_controls(s))
		return err_setr(e, ERR_INVALID, field, "not_plain_text", "%s must be plain text", field);
	if (text_utf8_chars(s, n) > max) {
		err_setr(e, ERR_INVALID, field, "too_long", "%s is longer than %zu characters", field, max);
		return err_detail_int(e, "max", (int64_t)max);
	}
	return 0;
}

/* An item's HSN (goods) or SAC (services) code: empty, or 4, 6 or 8 digits. */
static int hsn_ok(const char *hsn, struct err *e)
{
	size_t n = hsn ? strlen(hsn) : 0;
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (hsn[i] < '0' || hsn[i] > '9')
			n = 0;
	if (n != 4 && n != 6 && n != 8)
		return err_setr(e, ERR_INVALID, "hsn", "hsn_digits", "HSN/SAC must be 4, 6 or 8 digits");
	return 0;
}

static int gst_ok(int64_t bp, struct err *e)
{
	static const int64_t rates[] = {0, 10, 25, 150, 300, 500, 1200, 1800, 2800, 4000};
	for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++)
		if (bp == rates[i])
			return 0;
	return err_setr(e, ERR_INVALID, "gst_rate", "gst_rate_choice", "GST rate must be a notified rate: 0, 0.1, 0.25, 1.5, 3, 5, 12, 18, 28 or 40");
}

/* A unique key broken by an insert is the user's duplicate, named on field. */
static int duplicate(int rc, const char *field, struct err *e)
{
	if (rc < 0 && e->code == ERR_CONFLICT) {
		err_clear(e);
		return err_setr(e, ERR_DUPLICATE, field, "duplicate_value", "that %s is already used", field);
	}
	return rc;
}

/* Appends the audit record of one change with the entity's snapshots (NULL: none). */
static int audit_snap(struct db *db, int64_t cid, int64_t actor, const char *entity, int64_t id, const char *action,
		      void (*snap)(struct jsonw *, const void *), const void *before, const void *after, struct err *e)
{
	struct buf b = BUF_INIT, a = BUF_INIT;
	struct jsonw w;
	int rc;
	jsonw_init(&w, &b);
	if (before)
		snap(&w, before);
	rc = jsonw_ok(&w);
	jsonw_init(&w, &a);
	if (after)
		snap(&w, after);
	if (rc < 0 || jsonw_ok(&w) < 0)
		rc = oom(e);
	else
		rc = audit_append(db, cid, actor, entity, id, action, before ? buf_str(&b) : NULL, after ? buf_str(&a) : NULL, e);
	buf_free(&b);
	buf_free(&a);
	return rc;
}

/* 1 when x and y have the same snapshot (an alteration that changes nothing), 0 when not, <0 on error. */
static int same_snap(void (*snap)(struct jsonw *, const void *), const void *x, const void *y, struct err *e)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct jsonw w;
	int rc;
	jsonw_init(&w, &a);
	snap(&w, x);
	rc = jsonw_ok(&w);
	jsonw_init(&w, &b);
	snap(&w, y);
	rc = rc < 0 || jsonw_ok(&w) < 0 ? oom(e) : strcmp(buf_str(&a), buf_str(&b)) == 0;
	buf_free(&a);
	buf_free(&b);
	return rc;
}

/* ---- one page of a list ----
 * The lists page by a cursor, the id of the last row of the page before; the query takes one
 * row more than a page, which says whether there is a next one. Column 0 of every row is its id. */

struct page_walk {
	int limit, n;
	int64_t last, next;
	int (*row)(void *ctx, struct db_stmt *st);
	void *ctx;
};

static int page_row(void *p, struct db_stmt *st, struct err *e)
{
	struct page_walk *w = p;
	if (w->n == w->limit) {
		w->next = w->last;
		return 1;
	}
	w->last = db_col_i64(st, 0);
	w->n++;
	return w->row(w->ctx, st) < 0 ? oom(e) : 0;
}

/* The sort key (a name, a symbol) of the cursor row into out; ERR_INVALID on "after" when the
 * company has no such row. */
static int cursor_key(struct db *db, int key_sql, int64_t cid, int64_t after, char *out, size_t cap, struct err *e)
{
	int rc = db_text(db, sql[key_sql], DB_ARGS(DB_I64(cid), DB_I64(after)), out, cap, e);
	if (rc < 0)
		return rc;
	return rc == DB_ROW ? 0 : err_setr(e, ERR_INVALID, "after", "unknown_cursor", "unknown cursor");
}

/* A list ordered by (key, id): its first page, or the page after a cursor. */
static int keyed_page(struct db *db, int64_t cid, const struct page *pg, int first_sql, int after_sql, int key_sql, size_t key_cap,
		      struct page_walk *w, int64_t *ret_next, struct err *e)
{
	char *key = NULL;
	int rc;
	w->limit = pg->limit;
	if (!pg->after) {
		rc = db_each(db, sql[first_sql], DB_ARGS(DB_I64(cid), DB_I64(pg->limit + 1)), page_row, w, e);
	} else if (!(key = malloc(key_cap))) {
		rc = oom(e);
	} else if ((rc = cursor_key(db, key_sql, cid, pg->after, key, key_cap, e)) >= 0) {
		rc = db_each(db, sql[after_sql], DB_ARGS(DB_I64(cid), DB_TEXT(key), DB_I64(pg->after), DB_I64(pg->limit + 1)), page_row, w,
			     e);
	}
	free(key);
	if (rc >= 0)
		*ret_next = w->next;
	return rc < 0 ? rc : 0;
}

/* ---- the seed ---- */

int inventory_seed(struct db *db, int64_t cid, struct err *e)
{
	static const struct { const char *symbol, *name; int decimals; } units[] = {
		{"pcs", "Pieces", 0}, {"nos", "Numbers", 0}, {"kg", "Kilograms", 3}, {"g", "Grams", 0},
		{"l", "Litres", 3}, {"m", "Metres", 2}, {"bag", "Bags", 0}, {"roll", "Rolls", 0},
		{"ream", "Reams", 0}, {"job", "Jobs", 0},
	};
	int64_t id, pcs = 0;
	int rc;

	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		if ((rc = db_insert_id(db, sql[SQL_UNIT_INSERT], DB_ARGS(DB_I64(cid), DB_TEXT(units[i].symbol), DB_TEXT(units[i].name),
								     DB_I64(units[i].decimals), DB_NULL, DB_I64(1000)),
				       &id, e)) < 0)
			return rc;
		if (i == 0)
			pcs = id;
	}
	if ((rc = db_insert_id(db, sql[SQL_UNIT_INSERT],
			       DB_ARGS(DB_I64(cid), DB_TEXT("box"), DB_TEXT("Box of 12"), DB_I64(0), DB_I64(pcs), DB_I64(12000)), &id, e)) < 0 ||
	    (rc = db_insert_id(db, sql[SQL_GODOWN_INSERT], DB_ARGS(DB_I64(cid), DB_TEXT("Main Godown"), DB_NULL), &id, e)) < 0)
		return rc;
	rc = db_run(db, sql[SQL_SETTINGS_SEED], DB_ARGS(DB_I64(cid)), e);
	return rc < 0 ? rc : 0;
}

/* ---- settings ---- */

int inventory_settings_get(struct db *db, int64_t cid, struct inventory_settings *s, struct err *e)
{
	struct db_stmt *st;
	int rc = db_one(db, sql[SQL_SETTINGS_GET], DB_ARGS(DB_I64(cid)), &st, e);
	s->valuation = VALUATION_AVERAGE;
	s->warn_negative = 0;
	if (rc == DB_ROW) {
		s->valuation = strcmp(db_col_text(st, 0), "fifo") == 0 ? VALUATION_FIFO : VALUATION_AVERAGE;
		s->warn_negative = strcmp(db_col_text(st, 1), "warn") == 0;
		db_done(st);
	}
	return rc < 0 ? rc : 0;
}

void inventory_settings_json(struct jsonw *w, const struct inventory_settings *s)
{
	jsonw_obj(w);
	inventory_settings_json_members(w, s);
	jsonw_obj_end(w);
}

void inventory_settings_json_members(struct jsonw *w, const struct inventory_settings *s)
{
	jsonw_kstr(w, "valuation", s->valuation == VALUATION_FIFO ? "fifo" : "weighted_average");
	jsonw_kstr(w, "negative_stock", s->warn_negative ? "warn" : "refuse");
}

static void settings_snap(struct jsonw *w, const void *x) { inventory_settings_json(w, x); }

int inventory_settings_set(struct db *db, int64_t cid, int64_t actor, const char *valuation, const char *negative,
			   struct inventory_settings *ret, struct err *e)
{
	struct inventory_settings before, after;
	int rc;
	if ((rc = inventory_settings_get(db, cid, &before, e)) < 0)
		return rc;
	if (valuation && strcmp(valuation, "fifo") != 0 && strcmp(valuation, "weighted_average") != 0) {
		err_setr(e, ERR_INVALID, "valuation", "not_one_of", "valuation must be weighted_average or fifo");
		return err_detail_text(e, "choices", "weighted_average, fifo");
	}
	if (negative && strcmp(negative, "refuse") != 0 && strcmp(negative, "warn") != 0) {
		err_setr(e, ERR_INVALID, "negative_stock", "not_one_of", "negative_stock must be refuse or warn");
		return err_detail_text(e, "choices", "refuse, warn");
	}
	after = before;
	if (valuation)
		after.valuation = strcmp(valuation, "fifo") == 0 ? VALUATION_FIFO : VALUATION_AVERAGE;
	if (negative)
		after.warn_negative = strcmp(negative, "warn") == 0;
	if (ret)
		*ret = after;
	if ((rc = same_snap(settings_snap, &before, &after, e)) != 0)
		return rc > 0 ? ERR_UNCHANGED : rc;
	if ((rc = db_run(db, sql[SQL_SETTINGS_SET],
			 DB_ARGS(DB_TEXT(after.valuation == VALUATION_FIFO ? "fifo" : "weighted_average"),
				 DB_TEXT(after.warn_negative ? "warn" : "refuse"), DB_I64(cid)),
			 e)) < 0 ||
	    (rc = audit_snap(db, cid, actor, "inventory_settings", cid, "update", settings_snap, &before, &after, e)) < 0)
		return rc;
	/* another valuation values all the stock again, from each item's first move */
	if (after.valuation != before.valuation && (rc = recost_company(db, cid, e)) < 0)
		return rc;
	if (ret)
		*ret = after;
	return 0;
}

/* ---- units ---- */

static void unit_of_row(struct db_stmt *st, struct unit *u)
{
	u->id = db_col_i64(st, 0);
	text_copy(u->symbol, sizeof u->symbol, db_col_text(st, 1));
	text_copy(u->name, sizeof u->name, db_col_text(st, 2));
	u->decimals = db_col_i64(st, 3);
	u->base_unit_id = db_col_i64(st, 4);
	u->factor = db_col_i64(st, 5);
}

void unit_json(struct jsonw *w, const struct unit *u)
{
	char t[32];
	jsonw_obj(w);
	jsonw_ki64(w, "id", u->id);
	jsonw_kstr(w, "symbol", u->symbol);
	jsonw_kstr(w, "name", u->name);
	jsonw_ki64(w, "decimals", u->decimals);
	jsonw_key(w, "base_unit_id");
	if (u->base_unit_id)
		jsonw_i64(w, u->base_unit_id);
	else
		jsonw_null(w);
	decimal_format(u->factor, 3, t, sizeof t);
	jsonw_kstr(w, "factor", t);
	jsonw_obj_end(w);
}

static void unit_snap(struct jsonw *w, const void *x) { unit_json(w, x); }

int unit_get(struct db *db, int64_t cid, int64_t id, struct unit *ret, struct err *e)
{
	struct db_stmt *st;
	int rc = db_one(db, sql[SQL_UNIT_GET], DB_ARGS(DB_I64(cid), DB_I64(id)), &st, e);
	if (rc == DB_ROW) {
		unit_of_row(st, ret);
		db_done(st);
		return 0;
	}
	return rc < 0 ? rc : err_setr(e, ERR_NOT_FOUND, "id", "unknown_unit", "no unit %lld in this company", (long long)id);
}

int unit_create(struct db *db, int64_t cid, int64_t actor, const struct unit_input *in, int64_t *ret_id, struct err *e)
{
	struct unit u;
	int rc;
	if ((rc = plain_name(in->symbol, "symbol", 16, e)) < 0 || (rc = plain_name(in->name, "name", 60, e)) < 0)
		return rc;
	if (in->decimals < 0 || in->decimals > 3) {
		err_setr(e, ERR_INVALID, "decimals", "out_of_range", "decimals must be 0 to 3");
		err_detail_int(e, "min", 0);
		return err_detail_int(e, "max", 3);
	}
	if (in->base_unit_id && in->factor <= 0)
		return err_setr(e, ERR_INVALID, "factor", "factor_positive", "a compound unit needs a factor more than zero");
	if (in->base_unit_id && in->factor > QTY_MAX)
		return qty_too_large(e, ERR_INVALID, "factor");
	if (in->base_unit_id) {
		rc = db_exists(db, sql[SQL_UNIT_SIMPLE], DB_ARGS(DB_I64(cid), DB_I64(in->base_unit_id)), e);
		if (rc < 0)
			return rc;
		if (!rc) {
			err_set(e, ERR_INVALID, "base_unit_id", "no simple unit %lld in this company", (long long)in->base_unit_id);
			return err_reason(e, "unknown_unit");
		}
	}
	rc = db_insert_id(db, sql[SQL_UNIT_INSERT],
			  DB_ARGS(DB_I64(cid), DB_TEXT(in->symbol), DB_TEXT(in->name), DB_I64(in->decimals), DB_I64_OR_NULL(in->base_unit_id),
				  DB_I64(in->base_unit_id ? in->factor : 1000)),
			  ret_id, e);
	if ((rc = duplicate(rc, "symbol", e)) < 0 || (rc = unit_get(db, cid, *ret_id, &u, e)) < 0)
		return rc;
	return audit_snap(db, cid, actor, "unit", u.id, "create", unit_snap, NULL, &u, e);
}

struct unit_walk {
	int (*each)(void *ctx, const struct unit *u);
	void *ctx;
};

static int unit_row(void *p, struct db_stmt *st)
{
	struct unit_walk *uw = p;
	struct unit u;
	unit_of_row(st, &u);
	return uw->each(uw->ctx, &u);
}

int unit_list(struct db *db, int64_t cid, const struct page *pg, int (*each)(void *ctx, const struct unit *u), void *ctx,
	      int64_t *ret_next, struct err *e)
{
	struct unit_walk uw = {each, ctx};
	struct page_walk w = {0, 0, 0, 0, unit_row, &uw};
	return keyed_page(db, cid, pg, SQL_UNIT_LIST, SQL_UNIT_LIST_AFTER, SQL_UNIT_KEY, UNIT_SYMBOL_SIZE, &w, ret_next, e);
}

/* ---- godowns ---- */

static void godown_of_row(struct db_stmt *st, struct godown *g)
{
	g->id = db_col_i64(st, 0);
	text_copy(g->name, sizeof g->name, db_col_text(st, 1));
	text_copy(g->address, sizeof g->address, db_col_text(st, 2));
}

void godown_json(struct jsonw *w, const struct godown *g)
{
	jsonw_obj(w);
	jsonw_ki64(w, "id", g->id);
	jsonw_kstr(w, "name", g->name);
	jsonw_kstr(w, "address", *g->address ? g->address : NULL);
	jsonw_obj_end(w);
}

static void godown_snap(struct jsonw *w, const void *x) { godown_json(w, x); }

int godown_get(struct db *db, int64_t cid, int64_t id, struct godown *ret, struct err *e)
{
	struct db_stmt *st;
	int rc = db_one(db, sql[SQL_GODOWN_GET], DB_ARGS(DB_I64(cid), DB_I64(id)), &st, e);
	if (rc == DB_ROW) {
		godown_of_row(st, ret);
		db_done(st);
		return 0;
	}
	return rc < 0 ? rc : err_setr(e, ERR_NOT_FOUND, "id", "unknown_godown", "no godown %lld in this company", (long long)id);
}

int godown_create(struct db *db, int64_t cid, int64_t actor, const char *name, const char *address, int64_t *ret_id,
		  struct err *e)
{
	struct godown *g;
	int rc;
	if ((rc = plain_name(name, "name", 100, e)) < 0)
		return rc;
	if (address && (text_utf8_invalid_at(address, strlen(address)) >= 0 || text_utf8_chars(address, strlen(address)) > 500)) {
		err_setr(e, ERR_INVALID, "address", "too_long", "address must be text of at most 500 characters");
		return err_detail_int(e, "max", 500);
	}
	rc = db_insert_id(db, sql[SQL_GODOWN_INSERT], DB_ARGS(DB_I64(cid), DB_TEXT(name), DB_TEXT_OR_NULL(address)), ret_id, e);
	if ((rc = duplicate(rc, "name", e)) < 0)
		return rc;
	if (!(g = malloc(sizeof *g)))
		return oom(e);
	if ((rc = godown_get(db, cid, *ret_id, g, e)) >= 0)
		rc = audit_snap(db, cid, actor, "godown", g->id, "create", godown_snap, NULL, g, e);
	free(g);
	return rc;
}

struct godown_walk {
	int (*each)(void *ctx, const struct godown *g);
	void *ctx;
	struct godown g;
};

static int godown_row(void *p, struct db_stmt *st)
{
	struct godown_walk *gw = p;
	godown_of_row(st, &gw->g);
	return gw->each(gw->ctx, &gw->g);
}

int godown_list(struct db *db, int64_t cid, const struct page *pg, int (*each)(void *ctx, const struct godown *g), void *ctx,
		int64_t *ret_next, struct err *e)
{
	struct godown_walk *gw = malloc(sizeof *gw);
	struct page_walk w = {pg->limit, 0, 0, 0, godown_row, gw};
	int rc;
	if (!gw)
		return oom(e);
	gw->each = each;
	gw->ctx = ctx;
	/* in the order they were made: the first is the main godown */
	if (pg->after)
		rc = db_each(db, sql[SQL_GODOWN_LIST_AFTER], DB_ARGS(DB_I64(cid), DB_I64(pg->after), DB_I64(pg->limit + 1)), page_row, &w, e);
	else
		rc = db_each(db, sql[SQL_GODOWN_LIST], DB_ARGS(DB_I64(cid), DB_I64(pg->limit + 1)), page_row, &w, e);
	free(gw);
	if (rc < 0)
		return rc;
	*ret_next = w.next;
	return 0;
}

int godown_name(struct db *db, int64_t cid, int64_t godown, char *out, size_t cap, struct err *e)
{
	int rc = db_text(db, sql[SQL_GODOWN_NAME], DB_ARGS(DB_I64(cid), DB_I64(godown)), out, cap, e);
	if (rc < 0)
		return rc;
	return rc == DB_ROW ? 0 : ERR_NOT_FOUND;
}

int main_godown(struct db *db, int64_t cid, int64_t *ret, struct err *e)
{
	int rc = db_i64(db, sql[SQL_GODOWN_MAIN], DB_ARGS(DB_I64(cid)), ret, e);
	if (rc < 0)
		return rc;
	return rc == DB_ROW ? 0 : err_setr(e, ERR_UNPROCESSABLE, "godown_id", "no_godown", "the company has no godown");
}

/* ---- item groups ---- */

static void group_of_row(struct db_stmt *st, struct item_group *g)
{
	g->id = db_col_i64(st, 0);
	text_copy(g->name, sizeof g->name, db_col_text(st, 1));
	g->parent_id = db_col_i64(st, 2);
}

void item_group_json(struct jsonw *w, const struct item_group *g)
{
	jsonw_obj(w);
	jsonw_ki64(w, "id", g->id);
	jsonw_kstr(w, "name", g->name);
	jsonw_key(w, "parent_id");
	if (g->parent_id)
		jsonw_i64(w, g->parent_id);
	else
		jsonw_null(w);
	jsonw_obj_end(w);
}

static void group_snap(struct jsonw *w, const void *x) { item_group_json(w, x); }

int item_group_get(struct db *db, int64_t cid, int64_t id, struct item_group *ret, struct err *e)
{
	struct db_stmt *st;
	int rc = db_one(db, sql[SQL_GROUP_GET], DB_ARGS(DB_I64(cid), DB_I64(id)), &st, e);
	if (rc == DB_ROW) {
		group_of_row(st, ret);
		db_done(st);
		return 0;
	}
	return rc < 0 ? rc : err_setr(e, ERR_NOT_FOUND, "id", "unknown_item_group", "no item group %lld in this company", (long long)id);
}

/* 0 when id is 0 or a group of the company, else ERR_INVALID naming field. */
static int group_ok(struct db *db, int64_t cid, int64_t id, const char *field, struct err *e)
{
	int rc = id ? db_exists(db, sql[SQL_GROUP_EXISTS], DB_ARGS(DB_I64(cid), DB_I64(id)), e) : 1;
	if (rc < 0)
		return rc;
	if (!rc) {
		err_set(e, ERR_INVALID, field, "no item group %lld in this company", (long long)id);
		return err_reason(e, "unknown_group");
	}
	return 0;
}

int item_group_create(struct db *db, int64_t cid, int64_t actor, const char *name, int64_t parent_id, int64_t *ret_id,
		      struct err *e)
{
	struct item_group g;
	int rc;
	if ((rc = plain_name(name, "name", 100, e)) < 0 || (rc = group_ok(db, cid, parent_id, "parent_id", e)) < 0)
		return rc;
	rc = db_insert_id(db, sql[SQL_GROUP_INSERT], DB_ARGS(DB_I64(cid), DB_TEXT(name), DB_I64_OR_NULL(parent_id)), ret_id, e);
	if ((rc = duplicate(rc, "name", e)) < 0 || (rc = item_group_get(db, cid, *ret_id, &g, e)) < 0)
		return rc;
	return audit_snap(db, cid, actor, "item_group", g.id, "create", group_snap, NULL, &g, e);
}

struct group_walk {
	int (*each)(void *ctx, const struct item_group *g);
	void *ctx;
};

static int group_row(void *p, struct db_stmt *st)
{
	struct group_walk *gw = p;
	struct item_group g;
	group_of_row(st, &g);
	return gw->each(gw->ctx, &g);
}

int item_group_list(struct db *db, int64_t cid, const struct page *pg, int (*each)(void *ctx, const struct item_group *g),
		    void *ctx, int64_t *ret_next, struct err *e)
{
	struct group_walk gw = {each, ctx};
	struct page_walk w = {0, 0, 0, 0, group_row, &gw};
	return keyed_page(db, cid, pg, SQL_GROUP_LIST, SQL_GROUP_LIST_AFTER, SQL_GROUP_KEY, ITEM_GROUP_NAME_SIZE, &w, ret_next, e);
}

/* ---- items ---- */

int item_info(struct db *db, int64_t cid, int64_t item, struct item_info *ret, struct err *e)
{
	struct db_stmt *st;
	int rc = db_one(db, sql[SQL_ITEM_INFO], DB_ARGS(DB_I64(cid), DB_I64(item)), &st, e);
	if (rc != DB_ROW)
		return rc < 0 ? rc : ITEM_MISSING;
	text_copy(ret->name, sizeof ret->name, db_col_text(st, 0));
	ret->decimals = db_col_i64(st, 1);
	text_copy(ret->unit, sizeof ret->unit, db_col_text(st, 2));
	ret->archived = (int)db_col_i64(st, 3);
	ret->tracks_batches = db_col_i64(st, 4) != 0;
	ret->unit_id = db_col_i64(st, 5);
	ret->base_unit_id = db_col_i64(st, 6);
	ret->factor = db_col_i64(st, 7);
	db_done(st);
	return 0;
}

static void item_of_row(struct db_stmt *st, struct item *it)
{
	it->id = db_col_i64(st, 0);
	text_copy(it->sku, sizeof it->sku, db_col_text(st, 1));
	text_copy(it->name, sizeof it->name, db_col_text(st, 2));
	text_copy(it->name_hi, sizeof it->name_hi, db_col_text(st, 3));
	it->unit_id = db_col_i64(st, 4);
	text_copy(it->unit, sizeof it->unit, db_col_text(st, 5));
	it->unit_decimals = db_col_i64(st, 6);
	text_copy(it->hsn, sizeof it->hsn, db_col_text(st, 7));
	it->gst_rate = db_col_i64(st, 8);
	it->reorder_level = db_col_i64(st, 9);
	it->in_stock = db_col_i64(st, 10);
	it->stock_value = db_col_i64(st, 11);
	it->group_id = db_col_i64(st, 12);
	it->version = db_col_i64(st, 13);
	it->reorder_qty = db_col_i64(st, 14);
	it->tracks_batches = db_col_i64(st, 15) != 0;
	it->archived = db_col_i64(st, 16) != 0;
}

static void kqty(struct jsonw *w, const char *k, int64_t q)
{
	char t[32];
	decimal_format(q, 3, t, sizeof t);
	jsonw_kstr(w, k, t);
}

void item_json_members(struct jsonw *w, const struct item *it)
{
	char t[32];
	jsonw_ki64(w, "id", it->id);
	jsonw_kstr(w, "sku", it->sku);
	jsonw_kstr(w, "name", it->name);
	jsonw_kstr(w, "name_hi", *it->name_hi ? it->name_hi : NULL);
	jsonw_ki64(w, "unit_id", it->unit_id);
	jsonw_kstr(w, "unit", it->unit);
	jsonw_ki64(w, "unit_decimals", it->unit_decimals);
	jsonw_kstr(w, "hsn", *it->hsn ? it->hsn : NULL);
	decimal_format(it->gst_rate, 2, t, sizeof t);
	jsonw_kstr(w, "gst_rate", t);
	kqty(w, "reorder_level", it->reorder_level);
	kqty(w, "in_stock", it->in_stock);
	jsonw_kmoney(w, "stock_value", it->stock_value);
	jsonw_key(w, "group_id");
	if (it->group_id)
		jsonw_i64(w, it->group_id);
	else
		jsonw_null(w);
	jsonw_ki64(w, "version", it->version);
	kqty(w, "reorder_qty", it->reorder_qty);
	jsonw_kbool(w, "tracks_batches", it->tracks_batches);
	jsonw_kbool(w, "archived", it->archived);
}

void item_json(struct jsonw *w, const struct item *it)
{
	jsonw_obj(w);
	item_json_members(w, it);
	jsonw_obj_end(w);
}

static void item_snap(struct jsonw *w, const void *x) { item_json(w, x); }

int item_get(struct db *db, int64_t cid, int64_t id, struct item *ret, struct err *e)
{
	struct db_stmt *st;
	int rc = db_one(db, sql[SQL_ITEM_GET], DB_ARGS(DB_I64(cid), DB_I64(id)), &st, e);
	if (rc == DB_ROW) {
		item_of_row(st, ret);
		db_done(st);
		return 0;
	}
	return rc < 0 ? rc : err_setr(e, ERR_NOT_FOUND, "id", "unknown_item", "no item %lld in this company", (long long)id);
}

/* The text the item list searches: SKU, name and Hindi name, ASCII lower-cased. */
static int item_search(const char *sku, const char *name, const char *name_hi, struct buf *out, struct err *e)
{
	if (buf_addf(out, "%s|%s|%s", sku, name, name_hi ? name_hi : "") < 0)
		return oom(e);
	text_ascii_lower(out->data);
	return 0;
}

/* The members an item is created with and may change later. */
static int item_fields_ok(const struct item_input *in, struct err *e)
{
	int rc;
	if ((rc = plain_name(in->name, "name", 200, e)) < 0)
		return rc;
	if (in->name_hi && *in->name_hi && (rc = plain_name(in->name_hi, "name_hi", 200, e)) < 0)
		return rc;
	if ((rc = gst_ok(in->gst_rate, e)) < 0)
		return rc;
	if (in->reorder_level < 0 || in->reorder_qty < 0)
		return err_setr(e, ERR_INVALID, in->reorder_level < 0 ? "reorder_level" : "reorder_qty", "negative", "reorder figures cannot be negative");
	if (!qty_fits(in->reorder_level) || !qty_fits(in->reorder_qty))
		return qty_too_large(e, ERR_INVALID, qty_fits(in->reorder_level) ? "reorder_qty" : "reorder_level");
	return hsn_ok(in->hsn, e);
}

int item_create(struct db *db, int64_t cid, int64_t actor, const struct item_input *in, int64_t *ret_id, struct err *e)
{
	struct buf search = BUF_INIT;
	struct item *it;
	char now[32];
	int64_t decimals = 0;
	int rc;

	if ((rc = plain_name(in->sku, "sku", 40, e)) < 0 || (rc = item_fields_ok(in, e)) < 0)
		return rc;
	if (in->opening_date && *in->opening_date && !date_iso_ok(in->opening_date))
		return err_setr(e, ERR_INVALID, "opening_date", "not_date", "opening_date must be a real date YYYY-MM-DD");
	if (in->nopening < 0 || in->nopening > ITEM_OPENING_MAX) {
		err_setr(e, ERR_INVALID, "opening", "too_many", "opening stock is in at most %d godowns", ITEM_OPENING_MAX);
		return err_detail_int(e, "max", ITEM_OPENING_MAX);
	}
	if ((rc = db_i64(db, sql[SQL_UNIT_DECIMALS], DB_ARGS(DB_I64(cid), DB_I64(in->unit_id)), &decimals, e)) < 0)
		return rc;
	if (rc == DB_DONE) {
		err_set(e, ERR_INVALID, "unit_id", "no unit %lld in this company", (long long)in->unit_id);
		return err_reason(e, "unknown_unit");
	}
	if ((rc = group_ok(db, cid, in->group_id, "group_id", e)) < 0 || (rc = item_search(in->sku, in->name, in->name_hi, &search, e)) < 0)
		return rc;
	clock_now_iso(now);
	rc = db_insert_id(db, sql[SQL_ITEM_INSERT],
			  DB_ARGS(DB_I64(cid), DB_TEXT(in->sku), DB_TEXT(in->name), DB_TEXT_OR_NULL(in->name_hi), DB_TEXT(buf_str(&search)),
				  DB_I64(in->unit_id), DB_I64_OR_NULL(in->group_id), DB_TEXT_OR_NULL(in->hsn), DB_I64(in->gst_rate),
				  DB_I64(in->reorder_level), DB_I64(in->reorder_qty), DB_I64(in->tracks_batches ? 1 : 0), DB_TEXT(now)),
			  ret_id, e);
	buf_free(&search);
	if ((rc = duplicate(rc, "sku", e)) < 0 || (rc = opening_stock_post(db, cid, *ret_id, in, decimals, e)) < 0)
		return rc;
	if (!(it = malloc(sizeof *it)))
		return oom(e);
	if ((rc = item_get(db, cid, *ret_id, it, e)) >= 0)
		rc = audit_snap(db, cid, actor, "item", it->id, "create", item_snap, NULL, it, e);
	free(it);
	return rc;
}

/* Applies to `to` (the item as it stands) the members `set` names, checking each. */
static int item_apply(struct db *db, int64_t cid, const struct item_input *in, unsigned set, struct item *to, struct err *e)
{
	int rc;
	if ((set & ITEM_SET_NAME) && (rc = plain_name(in->name, "name", 200, e)) < 0)
		return rc;
	if ((set & ITEM_SET_NAME_HI) && in->name_hi && *in->name_hi && (rc = plain_name(in->name_hi, "name_hi", 200, e)) < 0)
		return rc;
	if ((set & ITEM_SET_GST) && (rc = gst_ok(in->gst_rate, e)) < 0)
		return rc;
	if ((set & ITEM_SET_REORDER) && in->reorder_level < 0)
		return err_setr(e, ERR_INVALID, "reorder_level", "negative", "reorder_level cannot be negative");
	if ((set & ITEM_SET_REORDER) && !qty_fits(in->reorder_level))
		return qty_too_large(e, ERR_INVALID, "reorder_level");
	if ((set & ITEM_SET_REORDER_QTY) && in->reorder_qty < 0)
		return err_setr(e, ERR_INVALID, "reorder_qty", "negative", "reorder_qty cannot be negative");
	if ((set & ITEM_SET_REORDER_QTY) && !qty_fits(in->reorder_qty))
		return qty_too_large(e, ERR_INVALID, "reorder_qty");
	if ((set & ITEM_SET_HSN) && (rc = hsn_ok(in->hsn, e)) < 0)
		return rc;
	if ((set & ITEM_SET_GROUP) && (rc = group_ok(db, cid, in->group_id, "group_id", e)) < 0)
		return rc;
	if (set & ITEM_SET_NAME)
		text_copy(to->name, sizeof to->name, in->name);
	if (set & ITEM_SET_NAME_HI)
		text_copy(to->name_hi, sizeof to->name_hi, in->name_hi);
	if (set & ITEM_SET_HSN)
		text_copy(to->hsn, sizeof to->hsn, in->hsn);
	if (set & ITEM_SET_GST)
		to->gst_rate = in->gst_rate;
	if (set & ITEM_SET_REORDER)
		to->reorder_level = in->reorder_level;
	if (set & ITEM_SET_REORDER_QTY)
		to->reorder_qty = in->reorder_qty;
	if (set & ITEM_SET_GROUP)
		to->group_id = in->group_id;
	if (set & ITEM_SET_ARCHIVED)
		to->archived = in->archived ? 1 : 0;
	return 0;
}

/* Writes the changeable members of `it` if the row is still at `version`. */
static int item_write(struct db *db, int64_t cid, const struct item *it, int64_t version, struct err *e)
{
	struct buf search = BUF_INIT;
	int rc = item_search(it->sku, it->name, it->name_hi, &search, e);
	if (rc >= 0)
		rc = db_run(db, sql[SQL_ITEM_UPDATE],
			    DB_ARGS(DB_TEXT(it->name), DB_TEXT_OR_NULL(it->name_hi), DB_TEXT_OR_NULL(it->hsn), DB_I64(it->gst_rate),
				    DB_I64(it->reorder_level), DB_I64(it->reorder_qty), DB_I64_OR_NULL(it->group_id), DB_I64(it->archived),
				    DB_TEXT(buf_str(&search)), DB_I64(cid), DB_I64(it->id), DB_I64(version)),
			    e);
	buf_free(&search);
	if (rc == 0)
		return err_setr(e, ERR_STALE, "version", "stale", "someone else changed this item; reload it");
	return rc < 0 ? rc : 0;
}

int item_update(struct db *db, int64_t cid, int64_t actor, int64_t id, int64_t version, const struct item_input *in,
		unsigned set, struct err *e)
{
	struct item *before = malloc(sizeof *before), *after = malloc(sizeof *after);
	int rc;

	if (!before || !after) {
		rc = oom(e);
		goto out;
	}
	if ((rc = item_get(db, cid, id, before, e)) < 0)
		goto out;
	if (before->version != version) {
		rc = err_setr(e, ERR_STALE, "version", "stale", "someone else changed this item (now version %lld); reload it",
			      (long long)before->version);
		goto out;
	}
	*after = *before;
	if ((rc = item_apply(db, cid, in, set, after, e)) < 0)
		goto out;
	if ((rc = same_snap(item_snap, before, after, e)) != 0) { /* nothing changed: nothing written */
		rc = rc > 0 ? ERR_UNCHANGED : rc;
		goto out;
	}
	if ((rc = item_write(db, cid, after, version, e)) < 0 || (rc = item_get(db, cid, id, after, e)) < 0)
		goto out;
	rc = audit_snap(db, cid, actor, "item", id, "update", item_snap, before, after, e);
out:
	free(before);
	free(after);
	return rc;
}

struct item_walk {
	int (*each)(void *ctx, const struct item *it);
	void *ctx;
	struct item it;
};

static int item_row(void *p, struct db_stmt *st)
{
	struct item_walk *iw = p;
	item_of_row(st, &iw->it);
	return iw->each(iw->ctx, &iw->it);
}

int item_list(struct db *db, int64_t cid, const struct item_query *q, int (*each)(void *ctx, const struct item *it), void *ctx,
	      int64_t *ret_next, struct err *e)
{
	struct item_walk *iw = malloc(sizeof *iw);
	struct page_walk w = {q->page.limit, 0, 0, 0, item_row, iw};
	struct buf pat = BUF_INIT;
	char *key = NULL;
	int rc;

	if (!iw || text_like_pattern(q->q, &pat) < 0) {
		rc = oom(e);
		goto out;
	}
	iw->each = each;
	iw->ctx = ctx;
	if (!q->page.after) {
		rc = db_each(db, sql[SQL_ITEM_LIST],
			     DB_ARGS(DB_I64(cid), DB_I64(q->archived), DB_I64(q->archived), DB_TEXT(buf_str(&pat)), DB_TEXT(buf_str(&pat)),
				     DB_I64(q->page.limit + 1)),
			     page_row, &w, e);
	} else if (!(key = malloc(ITEM_NAME_SIZE))) {
		rc = oom(e);
	} else if ((rc = cursor_key(db, SQL_ITEM_KEY, cid, q->page.after, key, ITEM_NAME_SIZE, e)) >= 0) {
		rc = db_each(db, sql[SQL_ITEM_LIST_AFTER],
			     DB_ARGS(DB_I64(cid), DB_I64(q->archived), DB_I64(q->archived), DB_TEXT(buf_str(&pat)), DB_TEXT(buf_str(&pat)),
				     DB_TEXT(key), DB_I64(q->page.after), DB_I64(q->page.limit + 1)),
			     page_row, &w, e);
	}
	if (rc >= 0)
		*ret_next = w.next;
out:
	free(key);
	free(iw);
	buf_free(&pat);
	return rc < 0 ? rc : 0;
}

struct stock_walk {
	int (*godown)(void *ctx, const struct item_godown_stock *s);
	int (*batch)(void *ctx, const struct item_batch *b);
	void *ctx;
};

static int godown_stock_row(void *p, struct db_stmt *st, struct err *e)
{
	struct stock_walk *sw = p;
	struct item_godown_stock s = {db_col_i64(st, 0), db_col_text(st, 1), db_col_i64(st, 2), db_col_i64(st, 3)};
	return sw->godown(sw->ctx, &s) < 0 ? oom(e) : 0;
}

static int batch_stock_row(void *p, struct db_stmt *st, struct err *e)
{
	struct stock_walk *sw = p;
	struct item_batch b = {db_col_i64(st, 0), db_col_text(st, 1), db_col_text(st, 2), db_col_i64(st, 3)};
	return sw->batch(sw->ctx, &b) < 0 ? oom(e) : 0;
}

int item_stock_each(struct db *db, int64_t cid, int64_t id, int (*godown)(void *ctx, const struct item_godown_stock *s),
		    int (*batch)(void *ctx, const struct item_batch *b), void *ctx, struct err *e)
{
	struct stock_walk sw = {godown, batch, ctx};
	int rc = db_each(db, sql[SQL_ITEM_STOCK], DB_ARGS(DB_I64(cid), DB_I64(id)), godown_stock_row, &sw, e);
	if (rc >= 0)
		rc = db_each(db, sql[SQL_ITEM_BATCHES], DB_ARGS(DB_I64(cid), DB_I64(id)), batch_stock_row, &sw, e);
	return rc;
}

/* What an item's snapshot borrows: its unit's symbol and decimals (the unit is audited on its
 * own) and the stock it holds (moved by audited documents, not by the item). */
static const char *const item_borrowed[] = {"unit", "unit_decimals", "in_stock", "stock_value", NULL};

static void cover_snap(struct jsonw *w, struct db_stmt *st, void *ctx)
{
	item_of_row(st, ctx);
	item_json(w, ctx);
}

int item_cover(struct db *db, int64_t cid, audit_finding_fn each, void *ctx, int64_t *ret_rows, struct err *e)
{
	struct item *it = malloc(sizeof *it);
	int rc;
	if (!it)
		return oom(e);
	rc = audit_cover_query(db, cid, "item", item_borrowed, sql[SQL_ITEM_COVER], cover_snap, it, each, ctx, ret_rows, e);
	free(it);
	return rc;
}
