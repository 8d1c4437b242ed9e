/* inventory.c - masters, stock moves with weighted-average or FIFO cost, negative-stock rules,
 * stock journals, physical verification. Balances per item per godown are kept with every move;
 * FIFO layers record what remains of each receipt (for FIFO cost, ageing and batches). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "lib/clock.h"
#include "lib/date.h"
#include "audit/audit.h"
#include "inventory/inventory.h"
#include "lib/money.h"
#include "lib/text.h"
#include "books/books.h"
#include "lib/banned.h"


static int exec1(struct db *db, const char *sql, int64_t a, int64_t b, struct err *e)
{
	struct db_stmt *st = db_prepare(db, sql, e);
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, a);
	if (b >= 0)
		db_bind_i64(st, 2, b);
	rc = db_step(st, e);
	db_done(st);
	return rc < 0 ? rc : 0;
}

static int insert_returning(struct db_stmt *st, int64_t *ret, struct err *e)
{
	int rc = db_step(st, e);
	if (rc == DB_ROW)
		*ret = db_col_i64(st, 0);
	while (rc == DB_ROW)
		rc = db_step(st, e);
	db_done(st);
	if (rc < 0 && e->code == ERR_CONFLICT) {
		err_clear(e);
		return err_set(e, ERR_DUPLICATE, "name", "that name is already used");
	}
	return rc < 0 ? rc : 0;
}

static int plain_name(const char *s, const char *field, size_t max, struct err *e)
{
	size_t n = s ? strlen(s) : 0;
	if (!n)
		return err_set(e, ERR_INVALID, field, "%s is required", field);
	if (text_utf8_invalid_at(s, n) >= 0 || text_has_controls(s))
		return err_set(e, ERR_INVALID, field, "%s must be plain text", field);
	if (text_utf8_chars(s, n) > max)
		return err_set(e, ERR_INVALID, field, "%s is longer than %zu characters", field, max);
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
		return err_set(e, ERR_INVALID, "hsn", "HSN/SAC must be 4, 6 or 8 digits");
	return 0;
}

int inventory_seed(struct db *db, int64_t cid, struct err *e)
{
	static const struct { const char *symbol, *name; int decimals; } units[] = {
		{"pcs", "Pieces", 0}, {"nos", "Numbers", 0}, {"kg", "Kilograms", 3}, {"g", "Grams", 0},
		{"l", "Litres", 3}, {"m", "Metres", 2}, {"bag", "Bags", 0}, {"roll", "Rolls", 0},
		{"ream", "Reams", 0}, {"job", "Jobs", 0},
	};
	struct db_stmt *st;
	int64_t id, pcs = 0;
	int rc;

	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		st = db_prepare(db, "INSERT INTO units(company_id, symbol, name, decimals) VALUES (?, ?, ?, ?) RETURNING id", e);
		if (!st)
			return e->code;
		db_bind_i64(st, 1, cid);
		db_bind_text(st, 2, units[i].symbol);
		db_bind_text(st, 3, units[i].name);
		db_bind_i64(st, 4, units[i].decimals);
		if ((rc = insert_returning(st, &id, e)) < 0)
			return rc;
		if (i == 0)
			pcs = id;
	}
	st = db_prepare(db, "INSERT INTO units(company_id, symbol, name, decimals, base_unit_id, factor) VALUES (?, 'box', 'Box of 12', 0, ?, 12000) RETURNING id", e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, pcs);
	if ((rc = insert_returning(st, &id, e)) < 0)
		return rc;
	st = db_prepare(db, "INSERT INTO godowns(company_id, name) VALUES (?, 'Main Godown') RETURNING id", e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	if ((rc = insert_returning(st, &id, e)) < 0)
		return rc;
	return exec1(db, "INSERT INTO inventory_settings(company_id) VALUES (?)", cid, -1, e);
}

/* ---- settings ---- */

struct settings {
	enum valuation valuation;
	int warn_negative;
};

static int settings_get(struct db *db, int64_t cid, struct settings *s, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT valuation, negative_stock FROM inventory_settings WHERE company_id = ?", e);
	int rc;
	s->valuation = VALUATION_AVERAGE;
	s->warn_negative = 0;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		s->valuation = strcmp(db_col_text(st, 0), "fifo") == 0 ? VALUATION_FIFO : VALUATION_AVERAGE;
		s->warn_negative = strcmp(db_col_text(st, 1), "warn") == 0;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

int inventory_settings_set(struct db *db, int64_t cid, int64_t actor, const char *valuation,
			   const char *negative, struct err *e)
{
	struct settings s;
	struct db_stmt *st;
	char after[128];
	int rc;
	if ((rc = settings_get(db, cid, &s, e)) < 0)
		return rc;
	if (valuation && strcmp(valuation, "fifo") != 0 && strcmp(valuation, "weighted_average") != 0)
		return err_set(e, ERR_INVALID, "valuation", "valuation must be weighted_average or fifo");
	if (negative && strcmp(negative, "refuse") != 0 && strcmp(negative, "warn") != 0)
		return err_set(e, ERR_INVALID, "negative_stock", "negative_stock must be refuse or warn");
	if (!valuation)
		valuation = s.valuation == VALUATION_FIFO ? "fifo" : "weighted_average";
	if (!negative)
		negative = s.warn_negative ? "warn" : "refuse";
	st = db_prepare(db, "UPDATE inventory_settings SET valuation = ?, negative_stock = ? WHERE company_id = ?", e);
	if (!st)
		return e->code;
	db_bind_text(st, 1, valuation);
	db_bind_text(st, 2, negative);
	db_bind_i64(st, 3, cid);
	rc = db_step(st, e);
	db_done(st);
	if (rc < 0)
		return rc;
	snprintf(after, sizeof after, "{\"valuation\":\"%s\",\"negative_stock\":\"%s\"}", valuation, negative);
	return audit_append(db, cid, actor, "inventory_settings", cid, "update", NULL, after, e);
}

int inventory_settings_json(struct db *db, int64_t cid, struct buf *out, struct err *e)
{
	struct settings s;
	int rc = settings_get(db, cid, &s, e);
	if (rc < 0)
		return rc;
	if (buf_addf(out, "{\"valuation\":\"%s\",\"negative_stock\":\"%s\"}", s.valuation == VALUATION_FIFO ? "fifo" : "weighted_average",
		     s.warn_negative ? "warn" : "refuse") < 0)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	return 0;
}

/* ---- masters ---- */

int unit_create(struct db *db, int64_t cid, int64_t actor, const struct unit_input *in, int64_t *ret_id, struct err *e)
{
	struct db_stmt *st;
	char after[256];
	int rc;
	if ((rc = plain_name(in->symbol, "symbol", 16, e)) < 0 || (rc = plain_name(in->name, "name", 60, e)) < 0)
		return rc;
	if (in->decimals < 0 || in->decimals > 3)
		return err_set(e, ERR_INVALID, "decimals", "decimals must be 0 to 3");
	if (in->base_unit_id && in->factor <= 0)
		return err_set(e, ERR_INVALID, "factor", "a compound unit needs a factor more than zero");
	if (in->base_unit_id) {
		int64_t n = 0;
		struct db_stmt *q = db_prepare(db, "SELECT count(*) FROM units WHERE company_id = ? AND id = ? AND base_unit_id IS NULL", e);
		if (!q)
			return e->code;
		db_bind_i64(q, 1, cid);
		db_bind_i64(q, 2, in->base_unit_id);
		rc = db_step(q, e);
		if (rc == DB_ROW)
			n = db_col_i64(q, 0);
		db_done(q);
		if (rc < 0)
			return rc;
		if (!n)
			return err_set(e, ERR_INVALID, "base_unit_id", "no simple unit %lld in this company", (long long)in->base_unit_id);
	}
	st = db_prepare(db, "INSERT INTO units(company_id, symbol, name, decimals, base_unit_id, factor) VALUES (?, ?, ?, ?, ?, ?) RETURNING id", e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, in->symbol);
	db_bind_text(st, 3, in->name);
	db_bind_i64(st, 4, in->decimals);
	if (in->base_unit_id)
		db_bind_i64(st, 5, in->base_unit_id);
	else
		db_bind_null(st, 5);
	db_bind_i64(st, 6, in->base_unit_id ? in->factor : 1000);
	if ((rc = insert_returning(st, ret_id, e)) < 0)
		return rc;
	snprintf(after, sizeof after, "{\"symbol\":\"%.16s\",\"decimals\":%lld}", in->symbol, (long long)in->decimals);
	return audit_append(db, cid, actor, "unit", *ret_id, "create", NULL, after, e);
}

int item_group_create(struct db *db, int64_t cid, int64_t actor, const char *name, int64_t parent_id,
		      int64_t *ret_id, struct err *e)
{
	struct db_stmt *st;
	int rc;
	if ((rc = plain_name(name, "name", 100, e)) < 0)
		return rc;
	st = db_prepare(db, "INSERT INTO item_groups(company_id, name, parent_id) VALUES (?, ?, ?) RETURNING id", e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, name);
	if (parent_id)
		db_bind_i64(st, 3, parent_id);
	else
		db_bind_null(st, 3);
	if ((rc = insert_returning(st, ret_id, e)) < 0)
		return rc;
	return audit_append(db, cid, actor, "item_group", *ret_id, "create", NULL, NULL, e);
}

int godown_create(struct db *db, int64_t cid, int64_t actor, const char *name, const char *address,
		  int64_t *ret_id, struct err *e)
{
	struct db_stmt *st;
	int rc;
	if ((rc = plain_name(name, "name", 100, e)) < 0)
		return rc;
	if (address && (text_utf8_invalid_at(address, strlen(address)) >= 0 || text_utf8_chars(address, strlen(address)) > 500))
		return err_set(e, ERR_INVALID, "address", "address must be text of at most 500 characters");
	st = db_prepare(db, "INSERT INTO godowns(company_id, name, address) VALUES (?, ?, ?) RETURNING id", e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, address && *address ? address : NULL);
	if ((rc = insert_returning(st, ret_id, e)) < 0)
		return rc;
	return audit_append(db, cid, actor, "godown", *ret_id, "create", NULL, NULL, e);
}

struct item_info {
	char name[801];
	int64_t decimals;
	char unit[17];
	int archived;
	int tracks_batches;
	int64_t unit_id;
	int64_t base_unit_id, factor;  /* the item's unit, when it is compound */
};

/* 0 and ret filled, ITEM_MISSING, or <0 on a database error. */
enum { ITEM_MISSING = 1 };

static int item_info(struct db *db, int64_t cid, int64_t item, struct item_info *ret, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT i.name, u.decimals, u.symbol, i.archived, i.tracks_batches, i.unit_id, "
					    "coalesce(u.base_unit_id, 0), u.factor FROM items i JOIN units u ON u.id = i.unit_id "
					    "WHERE i.company_id = ? AND i.id = ?", e);
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, item);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		text_copy(ret->name, sizeof ret->name, db_col_text(st, 0));
		ret->decimals = db_col_i64(st, 1);
		text_copy(ret->unit, sizeof ret->unit, db_col_text(st, 2));
		ret->archived = (int)db_col_i64(st, 3);
		ret->tracks_batches = db_col_i64(st, 4) != 0;
		ret->unit_id = db_col_i64(st, 5);
		ret->base_unit_id = db_col_i64(st, 6);
		ret->factor = db_col_i64(st, 7);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	return rc == DB_ROW ? 0 : ITEM_MISSING;
}

static int godown_name(struct db *db, int64_t cid, int64_t godown, char *out, size_t cap, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT name FROM godowns WHERE company_id = ? AND id = ? AND archived = 0", e);
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, godown);
	rc = db_step(st, e);
	if (rc == DB_ROW)
		text_copy(out, cap, db_col_text(st, 0));
	db_done(st);
	if (rc < 0)
		return rc;
	return rc == DB_ROW ? 0 : ERR_NOT_FOUND;
}

static int main_godown(struct db *db, int64_t cid, int64_t *ret, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM godowns WHERE company_id = ? AND archived = 0 ORDER BY id LIMIT 1", e);
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	rc = db_step(st, e);
	if (rc == DB_ROW)
		*ret = db_col_i64(st, 0);
	db_done(st);
	if (rc < 0)
		return rc;
	return rc == DB_ROW ? 0 : err_set(e, ERR_UNPROCESSABLE, "godown_id", "the company has no godown");
}

/* qty must be positive and respect the unit's decimal places. */
static int qty_ok(int64_t qty, int64_t decimals, const char *unit, const char *field, struct err *e)
{
	int64_t step = 1;
	for (int64_t i = decimals; i < 3; i++)
		step *= 10;
	if (qty <= 0)
		return err_set(e, ERR_INVALID, field, "quantity must be more than zero");
	if (qty % step)
		return err_set(e, ERR_INVALID, field, "%s takes %lld decimal places", unit, (long long)decimals);
	return 0;
}

/* ---- the one place stock moves ---- */

struct move {
	int64_t item, godown;
	const char *date;
	int64_t qty;           /* thousandths, + in / - out */
	int64_t value;         /* inward: cost in paise, or -1 for "at current cost"; filled for outward */
	const char *source;
	int64_t voucher_id, journal_id;
	const char *batch, *expiry;
	char expiry_found[11]; /* outward from a batch: the batch's expiry, when expiry is not given */
	const char *field;     /* names the input on errors */
};

/* Locks and reads the balance row (creating it), the portable SELECT ... FOR UPDATE. */
static int balance_lock(struct db *db, int64_t cid, int64_t item, int64_t godown, int64_t *qty, int64_t *value, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO stock_balance(company_id, item_id, godown_id, qty, value) VALUES (?, ?, ?, 0, 0) "
					    "ON CONFLICT (company_id, item_id, godown_id) DO NOTHING", e);
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, item);
	db_bind_i64(st, 3, godown);
	rc = db_step(st, e);
	db_done(st);
	if (rc < 0)
		return rc;
	st = db_prepare(db, "UPDATE stock_balance SET qty = qty WHERE company_id = ? AND item_id = ? AND godown_id = ? RETURNING qty, value", e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, item);
	db_bind_i64(st, 3, godown);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		*qty = db_col_i64(st, 0);
		*value = db_col_i64(st, 1);
		while ((rc = db_step(st, e)) == DB_ROW)
			;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* Takes qty (thousandths, > 0) out of the FIFO layers, oldest first (of one batch when batch is
 * not empty); returns their cost. */
static int layers_take(struct db *db, int64_t cid, int64_t item, int64_t godown, const char *batch, int64_t qty, int64_t *ret_cost,
		       struct err *e)
{
	struct db_stmt *st = batch && *batch
				     ? db_prepare(db, "SELECT id, qty_left, rate FROM stock_layers WHERE company_id = ? AND item_id = ? AND godown_id = ? "
						      "AND qty_left > 0 AND batch = ? ORDER BY date, id LIMIT 64", e)
				     : db_prepare(db, "SELECT id, qty_left, rate FROM stock_layers WHERE company_id = ? AND item_id = ? AND godown_id = ? "
						      "AND qty_left > 0 ORDER BY date, id LIMIT 64", e);
	struct { int64_t id, left, rate; } l[64];
	int n = 0, rc;
	int64_t cost = 0, last_rate = 0;

	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, item);
	db_bind_i64(st, 3, godown);
	if (batch && *batch)
		db_bind_text(st, 4, batch);
	while ((rc = db_step(st, e)) == DB_ROW && n < 64) {
		l[n].id = db_col_i64(st, 0);
		l[n].left = db_col_i64(st, 1);
		l[n].rate = db_col_i64(st, 2);
		n++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	for (int i = 0; i < n && qty > 0; i++) {
		int64_t take = l[i].left < qty ? l[i].left : qty, part;
		if (money_muldiv(take, l[i].rate, 1000, MONEY_ROUND_HALF_UP, &part) < 0)
			return err_set(e, ERR_INVALID, "qty", "amounts are too large");
		cost += part;
		qty -= take;
		last_rate = l[i].rate;
		if ((rc = exec1(db, "UPDATE stock_layers SET qty_left = qty_left - ? WHERE id = ?", take, l[i].id, e)) < 0)
			return rc;
	}
	if (qty > 0 && n == 64) /* more layers than one page: take the rest recursively */
		return layers_take(db, cid, item, godown, batch, qty, ret_cost, e) < 0 ? e->code : (*ret_cost += cost, 0);
	if (qty > 0) { /* beyond the layers (negative stock allowed): at the last known rate */
		int64_t part;
		if (money_muldiv(qty, last_rate, 1000, MONEY_ROUND_HALF_UP, &part) < 0)
			return err_set(e, ERR_INVALID, "qty", "amounts are too large");
		cost += part;
	}
	*ret_cost = cost;
	return 0;
}

static int layer_add(struct db *db, int64_t cid, const struct move *m, int64_t move_id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO stock_layers(company_id, item_id, godown_id, date, qty_left, rate, batch, expiry, move_id) "
					    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
	int64_t rate = 0;
	int rc;
	if (!st)
		return e->code;
	if (money_muldiv(m->value, 1000, m->qty, MONEY_ROUND_HALF_UP, &rate) < 0)
		rate = 0;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, m->item);
	db_bind_i64(st, 3, m->godown);
	db_bind_text(st, 4, m->date);
	db_bind_i64(st, 5, m->qty);
	db_bind_i64(st, 6, rate);
	db_bind_text(st, 7, m->batch && *m->batch ? m->batch : NULL);
	db_bind_text(st, 8, m->expiry && *m->expiry ? m->expiry : NULL);
	db_bind_i64(st, 9, move_id);
	rc = db_step(st, e);
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* An outward move from a batch: the batch must hold the quantity (unless the company warns), and
 * the move takes the batch's expiry when none was given. */
static int batch_check(struct db *db, int64_t cid, const struct settings *s, struct move *m, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT coalesce(sum(qty_left), 0), coalesce(max(expiry), '') FROM stock_layers "
					    "WHERE company_id = ? AND item_id = ? AND godown_id = ? AND batch = ? AND qty_left > 0", e);
	int64_t have = 0;
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, m->item);
	db_bind_i64(st, 3, m->godown);
	db_bind_text(st, 4, m->batch);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		have = db_col_i64(st, 0);
		text_copy(m->expiry_found, sizeof m->expiry_found, db_col_text(st, 1));
	}
	db_done(st);
	if (rc < 0)
		return rc;
	if (!m->expiry || !*m->expiry)
		m->expiry = m->expiry_found;
	if (have + m->qty < 0 && !s->warn_negative) {
		struct item_info ii;
		char g[256] = "", avail[32];
		if (item_info(db, cid, m->item, &ii, e) != 0 || godown_name(db, cid, m->godown, g, sizeof g, e) != 0)
			return e->code ? e->code : err_set(e, ERR_UNPROCESSABLE, m->field, "not enough stock");
		decimal_format(have, 3, avail, sizeof avail);
		err_set(e, ERR_UNPROCESSABLE, m->field, "not enough of batch %s of %s in %s: %s %s available", m->batch, ii.name, g, avail,
			ii.unit);
		e->aux = have;
		return ERR_UNPROCESSABLE;
	}
	return 0;
}

/* Adds a move's qty and value (or takes them off again, negated, when a move is reversed) to the
 * net movement of its calendar month, per item per godown and per godown (migration 0007), which
 * the reads at a past date use. Every change to the active moves goes through here, in the same
 * transaction: back-dated ones too, since each month row holds only that month's moves. */
static int month_add(struct db *db, int64_t cid, int64_t item, int64_t godown, const char *date, int64_t qty, int64_t value,
		     struct err *e)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO stock_month(company_id, item_id, godown_id, month, qty, value) VALUES (?, ?, ?, ?, ?, ?) "
					    "ON CONFLICT (company_id, item_id, month, godown_id) DO UPDATE "
					    "SET qty = stock_month.qty + excluded.qty, value = stock_month.value + excluded.value", e);
	char month[8];
	int rc;
	if (!st)
		return e->code;
	snprintf(month, sizeof month, "%.7s", date);
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, item);
	db_bind_i64(st, 3, godown);
	db_bind_text(st, 4, month);
	db_bind_i64(st, 5, qty);
	db_bind_i64(st, 6, value);
	rc = db_step(st, e);
	db_done(st);
	if (rc < 0)
		return rc;
	st = db_prepare(db, "INSERT INTO stock_godown_month(company_id, godown_id, month, value) VALUES (?, ?, ?, ?) "
			    "ON CONFLICT (company_id, godown_id, month) DO UPDATE SET value = stock_godown_month.value + excluded.value", e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, godown);
	db_bind_text(st, 3, month);
	db_bind_i64(st, 4, value);
	rc = db_step(st, e);
	db_done(st);
	return rc < 0 ? rc : 0;
}

static int stock_move(struct db *db, int64_t cid, const struct settings *s, struct move *m, struct err *e)
{
	struct db_stmt *st;
	int64_t bal_qty = 0, bal_value = 0, move_id = 0;
	int rc;

	if ((rc = balance_lock(db, cid, m->item, m->godown, &bal_qty, &bal_value, e)) < 0)
		return rc;
	if (m->qty < 0 && m->batch && *m->batch && (rc = batch_check(db, cid, s, m, e)) < 0)
		return rc;
	if (m->qty < 0) {
		int64_t out = -m->qty, cost = 0;
		if (bal_qty + m->qty < 0 && !s->warn_negative) {
			struct item_info ii;
			char g[256] = "";
			char avail[32];
			if (item_info(db, cid, m->item, &ii, e) != 0 || godown_name(db, cid, m->godown, g, sizeof g, e) != 0)
				return e->code ? e->code : err_set(e, ERR_UNPROCESSABLE, m->field, "not enough stock");
			decimal_format(bal_qty > 0 ? bal_qty : 0, 3, avail, sizeof avail);
			err_set(e, ERR_UNPROCESSABLE, m->field, "not enough stock of %s in %s: %s %s available", ii.name, g, avail, ii.unit);
			e->aux = bal_qty;
			return ERR_UNPROCESSABLE;
		}
		/* Layers always shrink first-in-first-out (they also serve ageing); the cost is FIFO's or
		 * the moving average's as the company chose. */
		if ((rc = layers_take(db, cid, m->item, m->godown, m->batch, out, &cost, e)) < 0)
			return rc;
		if (s->valuation == VALUATION_AVERAGE) {
			if (bal_qty > 0 && money_muldiv(out < bal_qty ? out : bal_qty, bal_value, bal_qty, MONEY_ROUND_HALF_UP, &cost) < 0)
				return err_set(e, ERR_INVALID, m->field, "amounts are too large");
			if (bal_qty <= 0)
				cost = 0;
		}
		/* The last unit takes what is left, so value never drifts: under FIFO too, whose layers
		 * keep a rate rounded to the paisa (3 for 29.99 leaves a layer at 10.00). */
		if (out >= bal_qty && bal_qty > 0)
			cost = bal_value;
		m->value = -cost;
	} else if (m->value < 0) {
		/* Inward at current cost (returns, production without a rate, surplus). */
		if (bal_qty > 0 && money_muldiv(m->qty, bal_value, bal_qty, MONEY_ROUND_HALF_UP, &m->value) < 0)
			return err_set(e, ERR_INVALID, m->field, "amounts are too large");
		if (bal_qty <= 0)
			m->value = 0;
	}
	st = db_prepare(db, "INSERT INTO stock_moves(company_id, item_id, godown_id, date, qty, value, source, voucher_id, journal_id, batch, expiry) "
			    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, m->item);
	db_bind_i64(st, 3, m->godown);
	db_bind_text(st, 4, m->date);
	db_bind_i64(st, 5, m->qty);
	db_bind_i64(st, 6, m->value);
	db_bind_text(st, 7, m->source);
	if (m->voucher_id)
		db_bind_i64(st, 8, m->voucher_id);
	else
		db_bind_null(st, 8);
	if (m->journal_id)
		db_bind_i64(st, 9, m->journal_id);
	else
		db_bind_null(st, 9);
	db_bind_text(st, 10, m->batch && *m->batch ? m->batch : NULL);
	db_bind_text(st, 11, m->expiry && *m->expiry ? m->expiry : NULL);
	rc = db_step(st, e);
	if (rc == DB_ROW)
		move_id = db_col_i64(st, 0);
	while (rc == DB_ROW)
		rc = db_step(st, e);
	db_done(st);
	if (rc < 0)
		return rc;
	if (m->qty > 0 && (rc = layer_add(db, cid, m, move_id, e)) < 0)
		return rc;
	st = db_prepare(db, "UPDATE stock_balance SET qty = qty + ?, value = value + ? WHERE company_id = ? AND item_id = ? AND godown_id = ?", e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, m->qty);
	db_bind_i64(st, 2, m->value);
	db_bind_i64(st, 3, cid);
	db_bind_i64(st, 4, m->item);
	db_bind_i64(st, 5, m->godown);
	rc = db_step(st, e);
	db_done(st);
	if (rc < 0)
		return rc;
	return month_add(db, cid, m->item, m->godown, m->date, m->qty, m->value, e);
}

/* Opening stock of an item that tracks batches is held in named batches; others have none. */
static int opening_batch(const struct item_input *in, int i, struct err *e)
{
	const struct opening_stock *o = &in->opening[i];
	char f[40];
	snprintf(f, sizeof f, "opening[%d].batch", i);
	if (in->tracks_batches && !o->batch[0])
		return err_set(e, ERR_INVALID, f, "%s tracks batches: give the batch of its opening stock", in->name);
	if (!in->tracks_batches && o->batch[0])
		return err_set(e, ERR_INVALID, f, "%s does not track batches", in->name);
	if (o->batch[0] && (text_utf8_invalid_at(o->batch, strlen(o->batch)) >= 0 || text_has_controls(o->batch)))
		return err_set(e, ERR_INVALID, f, "batch must be plain text");
	snprintf(f, sizeof f, "opening[%d].expiry", i);
	if (o->expiry[0] && (!o->batch[0] || !date_iso_ok(o->expiry)))
		return err_set(e, ERR_INVALID, f, o->batch[0] ? "expiry must be a real date YYYY-MM-DD" : "an expiry belongs to a batch");
	return 0;
}

int item_create(struct db *db, int64_t cid, int64_t actor, const struct item_input *in, int64_t *ret_id, struct err *e)
{
	struct settings s;
	struct db_stmt *st;
	struct buf search = BUF_INIT, after = BUF_INIT;
	struct jsonw w;
	char now[32], f[40];
	struct books books;
	int64_t decimals = 0;
	int rc;

	if ((rc = plain_name(in->sku, "sku", 40, e)) < 0 || (rc = plain_name(in->name, "name", 200, e)) < 0)
		return rc;
	if (in->name_hi && *in->name_hi && (rc = plain_name(in->name_hi, "name_hi", 200, e)) < 0)
		return rc;
	if (in->gst_rate != 0 && in->gst_rate != 25 && in->gst_rate != 300 && in->gst_rate != 500 && in->gst_rate != 1200 &&
	    in->gst_rate != 1800 && in->gst_rate != 2800)
		return err_set(e, ERR_INVALID, "gst_rate", "GST rate must be 0, 0.25, 3, 5, 12, 18 or 28");
	if (in->reorder_level < 0 || in->reorder_qty < 0)
		return err_set(e, ERR_INVALID, in->reorder_level < 0 ? "reorder_level" : "reorder_qty", "reorder figures cannot be negative");
	if ((rc = hsn_ok(in->hsn, e)) < 0)
		return rc;
	if (in->opening_date && *in->opening_date && !date_iso_ok(in->opening_date))
		return err_set(e, ERR_INVALID, "opening_date", "opening_date must be a real date YYYY-MM-DD");
	st = db_prepare(db, "SELECT decimals FROM units WHERE company_id = ? AND id = ?", e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, in->unit_id);
	rc = db_step(st, e);
	if (rc == DB_ROW)
		decimals = db_col_i64(st, 0);
	db_done(st);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE)
		return err_set(e, ERR_INVALID, "unit_id", "no unit %lld in this company", (long long)in->unit_id);
	if (in->group_id) {
		int64_t n = 0;
		st = db_prepare(db, "SELECT count(*) FROM item_groups WHERE company_id = ? AND id = ?", e);
		if (!st)
			return e->code;
		db_bind_i64(st, 1, cid);
		db_bind_i64(st, 2, in->group_id);
		rc = db_step(st, e);
		if (rc == DB_ROW)
			n = db_col_i64(st, 0);
		db_done(st);
		if (rc < 0)
			return rc;
		if (!n)
			return err_set(e, ERR_INVALID, "group_id", "no item group %lld in this company", (long long)in->group_id);
	}
	if (buf_addf(&search, "%s|%s|%s", in->sku, in->name, in->name_hi ? in->name_hi : "") < 0)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	text_ascii_lower(search.data);
	clock_now_iso(now);
	st = db_prepare(db, "INSERT INTO items(company_id, sku, name, name_hi, search, unit_id, group_id, hsn, gst_rate, reorder_level, "
			    "reorder_qty, tracks_batches, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", e);
	if (!st) {
		buf_free(&search);
		return e->code;
	}
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, in->sku);
	db_bind_text(st, 3, in->name);
	db_bind_text(st, 4, in->name_hi && *in->name_hi ? in->name_hi : NULL);
	db_bind_text(st, 5, buf_str(&search));
	db_bind_i64(st, 6, in->unit_id);
	if (in->group_id)
		db_bind_i64(st, 7, in->group_id);
	else
		db_bind_null(st, 7);
	db_bind_text(st, 8, in->hsn && *in->hsn ? in->hsn : NULL);
	db_bind_i64(st, 9, in->gst_rate);
	db_bind_i64(st, 10, in->reorder_level);
	db_bind_i64(st, 11, in->reorder_qty);
	db_bind_i64(st, 12, in->tracks_batches ? 1 : 0);
	db_bind_text(st, 13, now);
	rc = insert_returning(st, ret_id, e);
	buf_free(&search);
	if (rc < 0) {
		if (e->code == ERR_DUPLICATE)
			snprintf(e->field, sizeof e->field, "sku");
		return rc;
	}
	if ((rc = settings_get(db, cid, &s, e)) < 0 || (rc = books_get(db, cid, &books, e)) < 0)
		return rc;
	if (in->nopening && (rc = books_check_unlocked(&books, in->opening_date && *in->opening_date ? in->opening_date : books.books_from,
						      "opening_date", e)) < 0)
		return rc;
	for (int i = 0; i < in->nopening; i++) {
		struct move m;
		char g[256];
		int64_t value;
		snprintf(f, sizeof f, "opening[%d].qty", i);
		if ((rc = qty_ok(in->opening[i].qty, decimals, "this unit", f, e)) < 0)
			return rc;
		if (godown_name(db, cid, in->opening[i].godown_id, g, sizeof g, e) != 0) {
			snprintf(f, sizeof f, "opening[%d].godown_id", i);
			return e->code ? e->code : err_set(e, ERR_INVALID, f, "no godown %lld in this company", (long long)in->opening[i].godown_id);
		}
		if (in->opening[i].rate < 0 || money_muldiv(in->opening[i].qty, in->opening[i].rate, 1000, MONEY_ROUND_HALF_UP, &value) < 0) {
			snprintf(f, sizeof f, "opening[%d].rate", i);
			return err_set(e, ERR_INVALID, f, "rate must be zero or more");
		}
		if ((rc = opening_batch(in, i, e)) < 0)
			return rc;
		memset(&m, 0, sizeof m);
		m.batch = in->opening[i].batch;
		m.expiry = in->opening[i].expiry;
		m.item = *ret_id;
		m.godown = in->opening[i].godown_id;
		m.date = in->opening_date && *in->opening_date ? in->opening_date : books.books_from;
		m.qty = in->opening[i].qty;
		m.value = value;
		m.source = "opening";
		m.field = f;
		if ((rc = stock_move(db, cid, &s, &m, e)) < 0)
			return rc;
	}
	jsonw_init(&w, &after);
	jsonw_obj(&w);
	jsonw_kstr(&w, "sku", in->sku);
	jsonw_kstr(&w, "name", in->name);
	jsonw_kstr(&w, "name_hi", in->name_hi);
	jsonw_ki64(&w, "unit_id", in->unit_id);
	jsonw_ki64(&w, "opening_lines", in->nopening);
	jsonw_obj_end(&w);
	rc = jsonw_ok(&w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory")
			       : audit_append(db, cid, actor, "item", *ret_id, "create", NULL, buf_str(&after), e);
	buf_free(&after);
	return rc;
}

/* ---- vouchers ---- */

/* Undoing a receipt: takes up to qty out of the layer that move_id made; *ret_left is what that
 * layer could not cover (sold already), for the caller to take from the oldest layers. */
static int layer_unreceive(struct db *db, int64_t cid, int64_t item, int64_t godown, const char *date, int64_t move_id, int64_t qty,
			   int64_t *ret_left, struct err *e)
{
	/* item, godown and date only let the lookup use stock_layers_item */
	struct db_stmt *st = db_prepare(db, "SELECT id, qty_left FROM stock_layers WHERE company_id = ? AND item_id = ? AND godown_id = ? "
					    "AND date = ? AND move_id = ? AND qty_left > 0", e);
	int64_t id = 0, have = 0, take;
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, item);
	db_bind_i64(st, 3, godown);
	db_bind_text(st, 4, date);
	db_bind_i64(st, 5, move_id);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		id = db_col_i64(st, 0);
		have = db_col_i64(st, 1);
		while ((rc = db_step(st, e)) == DB_ROW)
			;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	take = have < qty ? have : qty;
	*ret_left = qty - take;
	return take > 0 ? exec1(db, "UPDATE stock_layers SET qty_left = qty_left - ? WHERE id = ?", take, id, e) : 0;
}

/* The quantity of item line i in the item's own unit. The line may be in that unit, in a compound
 * unit made of it (2 box of 12 = 24 pcs), or in the unit the item's compound unit is made of
 * (24 pcs of an item kept in boxes of 12 = 2 box). Either way the line's unit keeps its own
 * decimal places and the result must fit the item's. */
static int line_qty(struct db *db, int64_t cid, const struct item_info *ii, const struct stock_doc *d, const struct stock_doc_line *it,
		    int64_t *ret, struct err *e)
{
	struct db_stmt *st;
	char fq[48], fu[48], a[32];
	int64_t uid = 0, decimals = 0, base = 0, factor = 0, q = 0;
	int rc;

	snprintf(fq, sizeof fq, "%s[%d].qty", d->list, it->index);
	snprintf(fu, sizeof fu, "%s[%d].unit", d->list, it->index);
	if (!it->unit[0] || strcasecmp(it->unit, ii->unit) == 0) {
		*ret = it->qty;
		return qty_ok(it->qty, ii->decimals, ii->unit, fq, e);
	}
	st = db_prepare(db, "SELECT id, decimals, coalesce(base_unit_id, 0), factor FROM units WHERE company_id = ? AND lower(symbol) = lower(?) "
			    "ORDER BY id LIMIT 1", e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, it->unit);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		uid = db_col_i64(st, 0);
		decimals = db_col_i64(st, 1);
		base = db_col_i64(st, 2);
		factor = db_col_i64(st, 3);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	if (!uid)
		return err_set(e, ERR_INVALID, fu, "no unit %s in this company", it->unit);
	if ((rc = qty_ok(it->qty, decimals, it->unit, fq, e)) < 0)
		return rc;
	if (base && base == ii->unit_id) {
		if (__builtin_mul_overflow(it->qty, factor, &q))
			return err_set(e, ERR_INVALID, fq, "quantity is too large");
		if (q % 1000)
			q = -1;
		else
			q /= 1000;
	} else if (ii->base_unit_id && ii->base_unit_id == uid && ii->factor > 0) {
		if (__builtin_mul_overflow(it->qty, 1000, &q))
			return err_set(e, ERR_INVALID, fq, "quantity is too large");
		q = q % ii->factor ? -1 : q / ii->factor;
	} else {
		return err_set(e, ERR_INVALID, fu, "%s is kept in %s: the line's unit must be %s or a unit made of it", ii->name, ii->unit,
			       ii->unit);
	}
	decimal_format(it->qty, 3, a, sizeof a);
	if (q <= 0 || qty_ok(q, ii->decimals, ii->unit, fq, e) < 0) {
		err_clear(e);
		return err_set(e, ERR_INVALID, fq, "%s %s is not a whole number of %s (%s takes %lld decimal places)", a, it->unit, ii->unit,
			       ii->unit, (long long)ii->decimals);
	}
	*ret = q;
	return 0;
}

/* An item that tracks batches names the batch on every line; others never do. */
static int line_batch(const struct item_info *ii, const struct stock_doc *d, const struct stock_doc_line *it, struct err *e)
{
	char f[48];
	snprintf(f, sizeof f, "%s[%d].batch", d->list, it->index);
	if (ii->tracks_batches && !it->batch[0])
		return err_set(e, ERR_INVALID, f, "%s tracks batches: give the batch", ii->name);
	if (!ii->tracks_batches && it->batch[0])
		return err_set(e, ERR_INVALID, f, "%s does not track batches", ii->name);
	return 0;
}

int inventory_reverse_voucher(struct db *db, int64_t cid, int64_t voucher_id, struct err *e)
{
	struct settings s;
	int rc;

	if ((rc = settings_get(db, cid, &s, e)) < 0)
		return rc;
	/* Reverse every active move of the voucher: out what came in, back in what went out. */
	struct db_stmt *st = db_prepare(db, "SELECT id, item_id, godown_id, qty, value, date, coalesce(batch, ''), coalesce(expiry, '') "
					    "FROM stock_moves WHERE voucher_id = ? AND active = 1 ORDER BY id", e);
	struct { int64_t id, item, godown, qty, value; char date[11], batch[41], expiry[11]; } *mv = NULL, *p;
	size_t n = 0, cap = 0;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, voucher_id);
	while ((rc = db_step(st, e)) == DB_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			p = realloc(mv, cap * sizeof *mv);
			if (!p) {
				rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
				break;
			}
			mv = p;
		}
		mv[n].id = db_col_i64(st, 0);
		mv[n].item = db_col_i64(st, 1);
		mv[n].godown = db_col_i64(st, 2);
		mv[n].qty = db_col_i64(st, 3);
		mv[n].value = db_col_i64(st, 4);
		text_copy(mv[n].date, sizeof mv[n].date, db_col_text(st, 5));
		text_copy(mv[n].batch, sizeof mv[n].batch, db_col_text(st, 6));
		text_copy(mv[n].expiry, sizeof mv[n].expiry, db_col_text(st, 7));
		n++;
	}
	db_done(st);
	for (size_t i = 0; rc >= 0 && i < n; i++) {
		int64_t bq = 0, bv = 0, cost, left = 0;
		if ((rc = balance_lock(db, cid, mv[i].item, mv[i].godown, &bq, &bv, e)) < 0)
			break;
		if (mv[i].qty > 0) {
			if (bq - mv[i].qty < 0 && !s.warn_negative) {
				struct item_info ii;
				char avail[32];
				if (item_info(db, cid, mv[i].item, &ii, e) != 0)
					ii.name[0] = ii.unit[0] = '\0';
				decimal_format(bq, 3, avail, sizeof avail);
				rc = err_set(e, ERR_UNPROCESSABLE, "items", "cannot undo the receipt of %s: only %s %s left in stock",
					     ii.name, avail, ii.unit);
				break;
			}
			/* The receipt's own layer goes first (what is left of it); only what was sold
			 * from it comes out of the oldest layers. */
			if ((rc = layer_unreceive(db, cid, mv[i].item, mv[i].godown, mv[i].date, mv[i].id, mv[i].qty, &left, e)) < 0)
				break;
			if (left > 0 && (rc = layers_take(db, cid, mv[i].item, mv[i].godown, mv[i].batch, left, &cost, e)) < 0)
				break;
		} else {
			struct move m;
			memset(&m, 0, sizeof m);
			m.item = mv[i].item;
			m.godown = mv[i].godown;
			m.date = mv[i].date;
			m.qty = -mv[i].qty;
			m.value = -mv[i].value;
			m.batch = mv[i].batch;
			m.expiry = mv[i].expiry;
			if ((rc = layer_add(db, cid, &m, mv[i].id, e)) < 0)
				break;
		}
		rc = exec1(db, "UPDATE stock_moves SET active = 0 WHERE id = ?", mv[i].id, -1, e);
		if (rc >= 0) {
			struct db_stmt *u = db_prepare(db, "UPDATE stock_balance SET qty = qty - ?, value = value - ? "
							   "WHERE company_id = ? AND item_id = ? AND godown_id = ?", e);
			if (!u) {
				rc = e->code;
				break;
			}
			db_bind_i64(u, 1, mv[i].qty);
			db_bind_i64(u, 2, mv[i].value);
			db_bind_i64(u, 3, cid);
			db_bind_i64(u, 4, mv[i].item);
			db_bind_i64(u, 5, mv[i].godown);
			rc = db_step(u, e);
			db_done(u);
		}
		if (rc >= 0)
			rc = month_add(db, cid, mv[i].item, mv[i].godown, mv[i].date, -mv[i].qty, -mv[i].value, e);
	}
	free(mv);
	return rc < 0 ? rc : 0;
}

int inventory_post_doc(struct db *db, int64_t cid, const struct stock_doc *d, struct err *e)
{
	struct settings s;
	int rc;

	if (d->nlines == 0)
		return 0;
	if ((rc = settings_get(db, cid, &s, e)) < 0)
		return rc;
	for (int i = 0; i < d->nlines; i++) {
		const struct stock_doc_line *it = &d->lines[i];
		struct item_info ii;
		struct move m;
		char f[48], g[8];
		int64_t qty = 0;

		snprintf(f, sizeof f, "%s[%d].item_id", d->list, it->index);
		rc = item_info(db, cid, it->item_id, &ii, e);
		if (rc == ITEM_MISSING)
			return err_set(e, ERR_INVALID, f, "no item %lld in this company", (long long)it->item_id);
		if (rc < 0)
			return rc;
		if (ii.archived)
			return err_set(e, ERR_INVALID, f, "item %s is archived", ii.name);
		memset(&m, 0, sizeof m);
		m.item = it->item_id;
		m.godown = it->godown_id;
		if (!m.godown && (rc = main_godown(db, cid, &m.godown, e)) < 0)
			return rc;
		if (godown_name(db, cid, m.godown, g, sizeof g, e) != 0) {
			snprintf(f, sizeof f, "%s[%d].godown_id", d->list, it->index);
			return e->code ? e->code : err_set(e, ERR_INVALID, f, "no godown %lld in this company", (long long)m.godown);
		}
		if ((rc = line_qty(db, cid, &ii, d, it, &qty, e)) < 0 || (rc = line_batch(&ii, d, it, e)) < 0)
			return rc;
		snprintf(f, sizeof f, "%s[%d].qty", d->list, it->index);
		m.date = d->date;
		m.qty = d->outward ? -qty : qty;
		m.batch = it->batch;
		m.expiry = d->outward ? NULL : it->expiry;
		m.value = d->outward ? 0 : it->value;
		m.source = d->source;
		m.voucher_id = d->voucher_id;
		m.field = f;
		if ((rc = stock_move(db, cid, &s, &m, e)) < 0)
			return rc;
	}
	return 0;
}

/* ---- stock journals and verification ---- */

static int journal_head(struct db *db, int64_t cid, int64_t actor, const char *kind, const char *date, const char *narration,
			int64_t *ret, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO stock_journals(company_id, kind, date, narration, created_at, user_id) VALUES (?, ?, ?, ?, ?, ?) RETURNING id", e);
	char now[32];
	if (!st)
		return e->code;
	clock_now_iso(now);
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, kind);
	db_bind_text(st, 3, date);
	db_bind_text(st, 4, narration && *narration ? narration : NULL);
	db_bind_text(st, 5, now);
	db_bind_i64(st, 6, actor);
	return insert_returning(st, ret, e);
}

static int check_date(struct db *db, int64_t cid, const char *date, struct err *e)
{
	struct books b;
	int rc;
	if (!date_iso_ok(date))
		return err_set(e, ERR_INVALID, "date", "date must be a real date YYYY-MM-DD");
	if ((rc = books_get(db, cid, &b, e)) < 0)
		return rc;
	return books_check_unlocked(&b, date, "date", e);
}

/* list names the input ("lines" or "counts") so errors point at the field sent. */
static int line_checks(struct db *db, int64_t cid, const char *list, const struct stock_line *l, int i, struct item_info *ii,
		       struct err *e)
{
	char f[40], g[8];
	int rc;
	snprintf(f, sizeof f, "%s[%d].item_id", list, i);
	rc = item_info(db, cid, l->item_id, ii, e);
	if (rc == ITEM_MISSING)
		return err_set(e, ERR_INVALID, f, "no item %lld in this company", (long long)l->item_id);
	if (rc < 0)
		return rc;
	snprintf(f, sizeof f, "%s[%d].godown_id", list, i);
	if (godown_name(db, cid, l->godown_id, g, sizeof g, e) != 0)
		return e->code ? e->code : err_set(e, ERR_INVALID, f, "no godown %lld in this company", (long long)l->godown_id);
	return 0;
}

int stock_journal_post(struct db *db, int64_t cid, int64_t actor, const char *kind, const char *date,
		       const char *narration, const struct stock_line *lines, int n, int64_t *ret_id, struct err *e)
{
	struct settings s;
	char f[40], after[128];
	int rc;

	if (!kind || (strcmp(kind, "transfer") != 0 && strcmp(kind, "consumption") != 0 && strcmp(kind, "production") != 0))
		return err_set(e, ERR_INVALID, "kind", "kind must be transfer, consumption or production");
	if ((rc = check_date(db, cid, date, e)) < 0)
		return rc;
	if (n < 1)
		return err_set(e, ERR_INVALID, "lines", "a stock journal needs at least one line");
	if ((rc = settings_get(db, cid, &s, e)) < 0 || (rc = journal_head(db, cid, actor, kind, date, narration, ret_id, e)) < 0)
		return rc;
	for (int i = 0; i < n; i++) {
		struct item_info ii;
		struct move m;
		if ((rc = line_checks(db, cid, "lines", &lines[i], i, &ii, e)) < 0)
			return rc;
		snprintf(f, sizeof f, "lines[%d].batch", i);
		if (ii.tracks_batches != (lines[i].batch[0] != '\0'))
			return err_set(e, ERR_INVALID, f, ii.tracks_batches ? "%s tracks batches: give the batch" : "%s does not track batches", ii.name);
		snprintf(f, sizeof f, "lines[%d].qty", i);
		if ((rc = qty_ok(lines[i].qty, ii.decimals, ii.unit, f, e)) < 0)
			return rc;
		memset(&m, 0, sizeof m);
		m.item = lines[i].item_id;
		m.godown = lines[i].godown_id;
		m.date = date;
		m.journal_id = *ret_id;
		m.batch = lines[i].batch;
		m.expiry = lines[i].expiry;
		m.field = f;
		if (strcmp(kind, "production") == 0) {
			m.qty = lines[i].qty;
			m.source = "production";
			if (lines[i].rate > 0) {
				if (money_muldiv(lines[i].qty, lines[i].rate, 1000, MONEY_ROUND_HALF_UP, &m.value) < 0)
					return err_set(e, ERR_INVALID, f, "amounts are too large");
			} else {
				m.value = -1;
			}
			if ((rc = stock_move(db, cid, &s, &m, e)) < 0)
				return rc;
			continue;
		}
		m.qty = -lines[i].qty;
		m.source = kind;
		if ((rc = stock_move(db, cid, &s, &m, e)) < 0)
			return rc;
		if (strcmp(kind, "transfer") == 0) {
			struct move in = m;
			char g[8];
			snprintf(f, sizeof f, "lines[%d].to_godown_id", i);
			if (!lines[i].to_godown_id || lines[i].to_godown_id == lines[i].godown_id ||
			    godown_name(db, cid, lines[i].to_godown_id, g, sizeof g, e) != 0)
				return e->code ? e->code : err_set(e, ERR_INVALID, f, "a transfer needs another godown of this company");
			in.godown = lines[i].to_godown_id;
			in.qty = lines[i].qty;
			in.value = -m.value; /* moving stock does not change its cost */
			if ((rc = stock_move(db, cid, &s, &in, e)) < 0)
				return rc;
		}
	}
	snprintf(after, sizeof after, "{\"kind\":\"%s\",\"date\":\"%s\",\"lines\":%d}", kind, date, n);
	return audit_append(db, cid, actor, "stock_journal", *ret_id, "create", NULL, after, e);
}

int stock_verify(struct db *db, int64_t cid, int64_t actor, const char *date, int64_t godown_id,
		 const struct stock_line *counts, int n, int64_t *ret_id, struct err *e)
{
	struct settings s;
	struct buf after = BUF_INIT;
	char f[40];
	int rc;

	if ((rc = check_date(db, cid, date, e)) < 0)
		return rc;
	if (n < 1)
		return err_set(e, ERR_INVALID, "counts", "a verification needs at least one count");
	{
		char g[8];
		if (godown_name(db, cid, godown_id, g, sizeof g, e) != 0)
			return e->code ? e->code : err_set(e, ERR_INVALID, "godown_id", "no godown %lld in this company", (long long)godown_id);
	}
	if ((rc = settings_get(db, cid, &s, e)) < 0 || (rc = journal_head(db, cid, actor, "verification", date, NULL, ret_id, e)) < 0)
		return rc;
	s.warn_negative = 1; /* counting never refuses: the count is the truth */
	if (buf_addf(&after, "{\"godown_id\":%lld,\"adjustments\":[", (long long)godown_id) < 0)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	for (int i = 0; i < n; i++) {
		struct stock_line l = counts[i];
		struct item_info ii;
		struct move m;
		int64_t bq = 0, bv = 0;
		l.godown_id = godown_id;
		if ((rc = line_checks(db, cid, "counts", &l, i, &ii, e)) < 0)
			goto out;
		snprintf(f, sizeof f, "counts[%d].qty", i);
		if (l.qty < 0 || (l.qty > 0 && (rc = qty_ok(l.qty, ii.decimals, ii.unit, f, e)) < 0)) {
			rc = l.qty < 0 ? err_set(e, ERR_INVALID, f, "a count cannot be negative") : rc;
			goto out;
		}
		if ((rc = balance_lock(db, cid, l.item_id, godown_id, &bq, &bv, e)) < 0)
			goto out;
		if (bq == l.qty)
			continue;
		memset(&m, 0, sizeof m);
		m.item = l.item_id;
		m.godown = godown_id;
		m.date = date;
		m.qty = l.qty - bq;
		m.value = -1;
		m.source = "verification";
		m.journal_id = *ret_id;
		m.field = f;
		if ((rc = stock_move(db, cid, &s, &m, e)) < 0)
			goto out;
		if (buf_addf(&after, "%s{\"item_id\":%lld,\"book\":%lld,\"counted\":%lld}", after.data[after.len - 1] == '[' ? "" : ",",
			     (long long)l.item_id, (long long)bq, (long long)l.qty) < 0) {
			rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
			goto out;
		}
	}
	if (buf_adds(&after, "]}") < 0) {
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	rc = audit_append(db, cid, actor, "stock_verification", *ret_id, "create", NULL, buf_str(&after), e);
out:
	buf_free(&after);
	return rc;
}

/* ---- reads ---- */

int inventory_one_json(struct db *db, const char *sql, int64_t cid, int64_t id, void (*fields)(struct jsonw *, struct db_stmt *),
		       struct jsonw *w, const char *what, struct err *e)
{
	struct db_stmt *st = db_prepare(db, sql, e);
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		jsonw_obj(w);
		fields(w, st);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	return rc == DB_ROW ? 0 : err_set(e, ERR_NOT_FOUND, "id", "no %s %lld in this company", what, (long long)id);
}

static void kqty(struct jsonw *w, const char *k, int64_t q)
{
	char t[32];
	decimal_format(q, 3, t, sizeof t);
	jsonw_kstr(w, k, t);
}

static int simple_list(struct db *db, int64_t cid, const char *sql, int ncols, const char *const *names, const char *const *kinds,
		       struct buf *out, struct err *e)
{
	struct db_stmt *st = db_prepare(db, sql, e);
	struct jsonw w;
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	jsonw_init(&w, out);
	jsonw_obj(&w);
	jsonw_key(&w, "items");
	jsonw_arr(&w);
	while ((rc = db_step(st, e)) == DB_ROW) {
		jsonw_obj(&w);
		for (int i = 0; i < ncols; i++) {
			if (db_col_null(st, i)) {
				jsonw_key(&w, names[i]);
				jsonw_null(&w);
			} else if (kinds[i][0] == 'i') {
				jsonw_ki64(&w, names[i], db_col_i64(st, i));
			} else if (kinds[i][0] == 'q') {
				kqty(&w, names[i], db_col_i64(st, i));
			} else if (kinds[i][0] == 'm') {
				jsonw_kmoney(&w, names[i], db_col_i64(st, i));
			} else if (kinds[i][0] == 'r') {
				char t[16];
				decimal_format(db_col_i64(st, i), 2, t, sizeof t);
				jsonw_kstr(&w, names[i], t);
			} else {
				jsonw_kstr(&w, names[i], db_col_text(st, i));
			}
		}
		jsonw_obj_end(&w);
	}
	db_done(st);
	jsonw_arr_end(&w);
	jsonw_obj_end(&w);
	if (rc < 0)
		return rc;
	return jsonw_ok(&w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
}

int inventory_units_json(struct db *db, int64_t cid, struct buf *out, struct err *e)
{
	static const char *const names[] = {"id", "symbol", "name", "decimals", "base_unit_id", "factor"};
	static const char *const kinds[] = {"i", "s", "s", "i", "i", "q"};
	return simple_list(db, cid, "SELECT id, symbol, name, decimals, base_unit_id, factor FROM units WHERE company_id = ? ORDER BY symbol",
			   6, names, kinds, out, e);
}

int inventory_item_groups_json(struct db *db, int64_t cid, struct buf *out, struct err *e)
{
	static const char *const names[] = {"id", "name", "parent_id"};
	static const char *const kinds[] = {"i", "s", "i"};
	return simple_list(db, cid, "SELECT id, name, parent_id FROM item_groups WHERE company_id = ? ORDER BY name", 3, names, kinds, out, e);
}

int inventory_godowns_json(struct db *db, int64_t cid, struct buf *out, struct err *e)
{
	static const char *const names[] = {"id", "name", "address"};
	static const char *const kinds[] = {"i", "s", "s"};
	return simple_list(db, cid, "SELECT id, name, address FROM godowns WHERE company_id = ? AND archived = 0 ORDER BY id", 3, names, kinds, out, e);
}

int inventory_reorder(struct db *db, int64_t cid, struct buf *out, struct err *e)
{
	static const char *const names[] = {"item_id", "sku", "name", "name_hi", "unit", "in_stock", "reorder_level", "suggested_qty"};
	static const char *const kinds[] = {"i", "s", "s", "s", "s", "q", "q", "q"};
	return simple_list(db, cid,
			   "SELECT i.id, i.sku, i.name, i.name_hi, u.symbol, coalesce(b.qty, 0), i.reorder_level, "
			   "CASE WHEN i.reorder_qty > 0 THEN i.reorder_qty ELSE 2 * i.reorder_level - coalesce(b.qty, 0) END "
			   "FROM items i JOIN units u ON u.id = i.unit_id LEFT JOIN (SELECT company_id, item_id, sum(qty) AS qty FROM stock_balance "
			   "GROUP BY company_id, item_id) b ON b.item_id = i.id AND b.company_id = i.company_id WHERE i.company_id = ? AND i.archived = 0 "
			   "AND i.reorder_level > 0 AND coalesce(b.qty, 0) < i.reorder_level ORDER BY i.name",
			   8, names, kinds, out, e);
}

int inventory_batches(struct db *db, int64_t cid, struct buf *out, struct err *e)
{
	static const char *const names[] = {"item_id", "name", "godown", "batch", "expiry", "qty"};
	static const char *const kinds[] = {"i", "s", "s", "s", "s", "q"};
	return simple_list(db, cid,
			   "SELECT l.item_id, i.name, g.name, l.batch, l.expiry, sum(l.qty_left) FROM stock_layers l JOIN items i ON i.id = l.item_id "
			   "JOIN godowns g ON g.id = l.godown_id WHERE l.company_id = ? AND l.qty_left > 0 AND l.batch IS NOT NULL "
			   "GROUP BY l.item_id, i.name, g.name, l.batch, l.expiry ORDER BY l.expiry, i.name",
			   6, names, kinds, out, e);
}

/* ---- stock at the end of a day ----
 *
 * The figures at the end of day D are read from the month edge nearer D: for the 1st to the 15th,
 * the stock at the end of the month before plus the moves from the 1st to D; after the 15th, the
 * stock at the end of D's month less the moves after D in that month. The stock at the end of a
 * month is, per item, the kept balance less the net movement of the later months (stock_month),
 * and in total the net movement of the months up to it (stock_godown_month). So any date costs
 * a few rows per item and at most half a month of moves: at 100,000 items and 1,000,000 moves
 * over three years the summary took 106 ms half way back when it subtracted every later move
 * (bench/inventory.sh). */
struct as_of {
	char day[11];        /* YYYY-MM-DD */
	char month[16];      /* YYYY-MM: the month at whose end the edge is */
	int64_t sign;        /* +1: add the moves dated in (from, to]; -1: take them off */
	char from[16], to[16];
};

/* Fills a for a day, which must be YYYY-MM-DD in digits (the callers check). */
static void as_of_init(struct as_of *a, const char *day)
{
	int y = 0, m = 0, d;
	for (int i = 0; i < 4; i++)
		y = y * 10 + (day[i] - '0');
	m = (day[5] - '0') * 10 + (day[6] - '0');
	d = (day[8] - '0') * 10 + (day[9] - '0');
	text_copy(a->day, sizeof a->day, day);
	if (d <= 15) {
		if (--m < 1) {
			m = 12;
			y--;
		}
		snprintf(a->month, sizeof a->month, "%04d-%02d", y, m);
		snprintf(a->from, sizeof a->from, "%.7s-00", day); /* before the 1st */
		text_copy(a->to, sizeof a->to, day);
		a->sign = 1;
	} else {
		snprintf(a->month, sizeof a->month, "%.7s", day);
		text_copy(a->from, sizeof a->from, day);
		snprintf(a->to, sizeof a->to, "%.7s-99", day); /* after the last day */
		a->sign = -1;
	}
}

/* date "" is today; otherwise it must be a real date. */
static int stock_day(struct db *db, int64_t cid, const char *date, struct as_of *ret, struct err *e)
{
	char day[DATE_ISO_SIZE];
	int rc;
	if (date && *date && !date_iso_ok(date))
		return err_set(e, ERR_INVALID, "date", "date must be YYYY-MM-DD");
	if (date && *date)
		text_copy(day, sizeof day, date);
	else if ((rc = books_today_of(db, cid, day, e)) < 0)
		return rc;
	as_of_init(ret, day);
	return 0;
}

/* One item's quantity or value (col) at the end of a day, in one godown or all; bind_item_at
 * fills its ten parameters. */
#define ITEM_AT(col)                                                                                                \
	"(SELECT coalesce(sum(b." col "), 0) FROM stock_balance b WHERE b.company_id = i.company_id AND b.item_id = i.id " \
	"   AND (? = 0 OR b.godown_id = ?)) - "                                                                          \
	"(SELECT coalesce(sum(s." col "), 0) FROM stock_month s WHERE s.company_id = i.company_id AND s.item_id = i.id "  \
	"   AND s.month > ? AND (? = 0 OR s.godown_id = ?)) + ? * "                                                      \
	"(SELECT coalesce(sum(m." col "), 0) FROM stock_moves m WHERE m.company_id = i.company_id AND m.item_id = i.id "   \
	"   AND m.active = 1 AND m.date > ? AND m.date <= ? AND (? = 0 OR m.godown_id = ?))"

/* Binds ITEM_AT's parameters from idx on; returns the next index. */
static int bind_item_at(struct db_stmt *st, int idx, const struct as_of *a, int64_t godown_id)
{
	db_bind_i64(st, idx, godown_id);
	db_bind_i64(st, idx + 1, godown_id);
	db_bind_text(st, idx + 2, a->month);
	db_bind_i64(st, idx + 3, godown_id);
	db_bind_i64(st, idx + 4, godown_id);
	db_bind_i64(st, idx + 5, a->sign);
	db_bind_text(st, idx + 6, a->from);
	db_bind_text(st, idx + 7, a->to);
	db_bind_i64(st, idx + 8, godown_id);
	db_bind_i64(st, idx + 9, godown_id);
	return idx + 10;
}

/* Every item at once: sums per item first (the keys of the balance and of the months are already
 * in item order), then joins the names, so the only sort left is the final one by name. Grouping
 * the joined wide rows by six columns instead cost 2.5 times as much CPU at 100,000 items. */
static const char sql_stock_items[] =
	"SELECT i.id, i.sku, i.name, coalesce(i.name_hi, ''), u.symbol, coalesce(g.name, ''), "
	"t.qty - coalesce(s.qty, 0) + ? * coalesce(a.qty, 0), t.value - coalesce(s.value, 0) + ? * coalesce(a.value, 0) "
	"FROM (SELECT item_id, sum(qty) AS qty, sum(value) AS value FROM stock_balance "
	"  WHERE company_id = ? AND (? = 0 OR godown_id = ?) GROUP BY item_id) t "
	"JOIN items i ON i.id = t.item_id JOIN units u ON u.id = i.unit_id LEFT JOIN item_groups g ON g.id = i.group_id "
	"LEFT JOIN (SELECT item_id, sum(qty) AS qty, sum(value) AS value FROM stock_month "
	"  WHERE company_id = ? AND month > ? AND (? = 0 OR godown_id = ?) GROUP BY item_id) s "
	"  ON s.item_id = t.item_id "
	"LEFT JOIN (SELECT item_id, sum(qty) AS qty, sum(value) AS value FROM stock_moves "
	"  WHERE company_id = ? AND active = 1 AND date > ? AND date <= ? AND (? = 0 OR godown_id = ?) GROUP BY item_id) a "
	"  ON a.item_id = t.item_id "
	"ORDER BY i.name";

/* The same for a recent day: the balance less every move after the day. */
static const char sql_stock_items_recent[] =
	"SELECT i.id, i.sku, i.name, coalesce(i.name_hi, ''), u.symbol, coalesce(g.name, ''), "
	"t.qty - coalesce(a.qty, 0), t.value - coalesce(a.value, 0) "
	"FROM (SELECT item_id, sum(qty) AS qty, sum(value) AS value FROM stock_balance "
	"  WHERE company_id = ? AND (? = 0 OR godown_id = ?) GROUP BY item_id) t "
	"JOIN items i ON i.id = t.item_id JOIN units u ON u.id = i.unit_id LEFT JOIN item_groups g ON g.id = i.group_id "
	"LEFT JOIN (SELECT item_id, sum(qty) AS qty, sum(value) AS value FROM stock_moves "
	"  WHERE company_id = ? AND active = 1 AND date > ? AND (? = 0 OR godown_id = ?) GROUP BY item_id) a "
	"  ON a.item_id = t.item_id "
	"ORDER BY i.name";

/* Whether the day is recent: the month rows of the godowns after its month are at most a fifth of
 * all of them. Then the moves after the day are few, and reading them by date costs less than
 * sql_stock_items's pass over every item month row of the company, which has no month order to
 * stop early in (at 100,000 items it costs a third more than the moves at today, and a third less
 * half way back; bench/inventory.sh). Both give the same figures. */
static int stock_day_recent(struct db *db, int64_t cid, const struct as_of *a, int64_t godown_id, int *ret, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT count(CASE WHEN month > ? THEN 1 END), count(*) FROM stock_godown_month "
					    "WHERE company_id = ? AND (? = 0 OR godown_id = ?)", e);
	int rc;
	if (!st)
		return e->code;
	db_bind_text(st, 1, a->month);
	db_bind_i64(st, 2, cid);
	db_bind_i64(st, 3, godown_id);
	db_bind_i64(st, 4, godown_id);
	rc = db_step(st, e);
	if (rc == DB_ROW)
		*ret = db_col_i64(st, 0) * 5 <= db_col_i64(st, 1);
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* Binds, from parameter `col` on, what the month-sum queries share: the sign, then the company and
 * godown of the month rows, of the month edge and of the moves between it and the day. */
static void bind_as_of(struct db_stmt *st, int col, int64_t cid, int64_t godown_id, const struct as_of *a)
{
	db_bind_i64(st, col, a->sign);
	db_bind_i64(st, col + 1, cid);
	db_bind_i64(st, col + 2, godown_id);
	db_bind_i64(st, col + 3, godown_id);
	db_bind_i64(st, col + 4, cid);
	db_bind_text(st, col + 5, a->month);
	db_bind_i64(st, col + 6, godown_id);
	db_bind_i64(st, col + 7, godown_id);
	db_bind_i64(st, col + 8, cid);
	db_bind_text(st, col + 9, a->from);
	db_bind_text(st, col + 10, a->to);
	db_bind_i64(st, col + 11, godown_id);
	db_bind_i64(st, col + 12, godown_id);
}

/* Stock per item at the end of `date` (see "stock at the end of a day"). */
int inventory_stock_rows(struct db *db, int64_t cid, const char *date, int64_t godown_id,
			 int (*each)(void *ctx, const struct stock_row *row), void *ctx, struct err *e)
{
	struct db_stmt *st;
	struct stock_row r;
	struct as_of a;
	int rc, recent = 0;

	if ((rc = stock_day(db, cid, date, &a, e)) < 0 || (rc = stock_day_recent(db, cid, &a, godown_id, &recent, e)) < 0)
		return rc;
	st = db_prepare(db, recent ? sql_stock_items_recent : sql_stock_items, e);
	if (!st)
		return e->code;
	if (recent) {
		db_bind_i64(st, 1, cid);
		db_bind_i64(st, 2, godown_id);
		db_bind_i64(st, 3, godown_id);
		db_bind_i64(st, 4, cid);
		db_bind_text(st, 5, a.day);
		db_bind_i64(st, 6, godown_id);
		db_bind_i64(st, 7, godown_id);
	} else {
		db_bind_i64(st, 1, a.sign);
		bind_as_of(st, 2, cid, godown_id, &a);
	}
	while ((rc = db_step(st, e)) == DB_ROW) {
		r.item_id = db_col_i64(st, 0);
		r.sku = db_col_text(st, 1);
		r.name = db_col_text(st, 2);
		r.name_hi = db_col_text(st, 3);
		r.unit = db_col_text(st, 4);
		r.group = db_col_text(st, 5);
		r.qty = db_col_i64(st, 6);
		r.value = db_col_i64(st, 7);
		if (each(ctx, &r) < 0) {
			rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
			break;
		}
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* One page of the item summary, driven by the items' name index: each item's figures come from
 * its own balance, month and move rows, so a page costs the same at 100 items as at 100,000. */
static const char sql_stock_page[] =
	"SELECT i.id, i.sku, i.name, coalesce(i.name_hi, ''), u.symbol, coalesce(g.name, ''), " ITEM_AT("qty") ", " ITEM_AT("value") " "
	"FROM items i JOIN units u ON u.id = i.unit_id LEFT JOIN item_groups g ON g.id = i.group_id "
	"WHERE i.company_id = ? AND (? = 0 OR i.name > ? OR (i.name = ? AND i.id > ?)) "
	"AND EXISTS (SELECT 1 FROM stock_balance b WHERE b.company_id = i.company_id AND b.item_id = i.id AND (? = 0 OR b.godown_id = ?)) "
	"ORDER BY i.name, i.id LIMIT ?";

/* A few dozen month rows per godown, and at most half a month of moves. */
static const char sql_stock_total[] =
	"SELECT coalesce((SELECT sum(value) FROM stock_godown_month WHERE company_id = ? AND month <= ? AND (? = 0 OR godown_id = ?)), 0) + "
	"? * coalesce((SELECT sum(value) FROM stock_moves WHERE company_id = ? AND active = 1 AND date > ? AND date <= ? "
	"AND (? = 0 OR godown_id = ?)), 0)";

/* Total value of stock at the end of the day, in one godown or all. */
static int stock_total(struct db *db, int64_t cid, const struct as_of *a, int64_t godown_id, int64_t *ret, struct err *e)
{
	struct db_stmt *st = db_prepare(db, sql_stock_total, e);
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, a->month);
	db_bind_i64(st, 3, godown_id);
	db_bind_i64(st, 4, godown_id);
	db_bind_i64(st, 5, a->sign);
	db_bind_i64(st, 6, cid);
	db_bind_text(st, 7, a->from);
	db_bind_text(st, 8, a->to);
	db_bind_i64(st, 9, godown_id);
	db_bind_i64(st, 10, godown_id);
	rc = db_step(st, e);
	if (rc == DB_ROW)
		*ret = db_col_i64(st, 0);
	db_done(st);
	return rc < 0 ? rc : 0;
}

int inventory_value_at(struct db *db, int64_t cid, const char *date, int64_t *ret, struct err *e)
{
	struct as_of a;
	char day[11];
	int rc;
	/* Any YYYY-MM-DD of digits, not only the real dates stock_day takes: the Profit & Loss asks
	 * for the day before its first, which for books from 1900-01-01 is in 1899. */
	int shaped = date && strlen(date) == 10 && date[4] == '-' && date[7] == '-';
	for (int i = 0; shaped && i < 10; i++)
		shaped = i == 4 || i == 7 || (date[i] >= '0' && date[i] <= '9');
	if (date && *date && !shaped)
		return err_set(e, ERR_INVALID, "date", "date must be YYYY-MM-DD");
	if (date && *date)
		text_copy(day, sizeof day, date);
	else if ((rc = books_today_of(db, cid, day, e)) < 0) /* not "every move": moves dated after today are not in today's stock */
		return rc;
	as_of_init(&a, day);
	return stock_total(db, cid, &a, 0, ret, e);
}

/* Up to limit items after the item `after` (0: from the start); *ret_next is the cursor of the
 * next page or 0. */
static int stock_page(struct db *db, int64_t cid, const struct as_of *a, int64_t godown_id, int64_t after, int limit,
		      int (*each)(void *ctx, const struct stock_row *row), void *ctx, int64_t *ret_next, struct err *e)
{
	char after_name[801] = "";
	struct db_stmt *st;
	struct stock_row r;
	int rc, n = 0, k;
	int64_t last = 0;

	*ret_next = 0;
	if (after) {
		st = db_prepare(db, "SELECT name FROM items WHERE company_id = ? AND id = ?", e);
		if (!st)
			return e->code;
		db_bind_i64(st, 1, cid);
		db_bind_i64(st, 2, after);
		rc = db_step(st, e);
		if (rc == DB_ROW)
			text_copy(after_name, sizeof after_name, db_col_text(st, 0));
		db_done(st);
		if (rc < 0)
			return rc;
		if (rc == DB_DONE)
			return err_set(e, ERR_INVALID, "after", "unknown cursor");
	}
	st = db_prepare(db, sql_stock_page, e);
	if (!st)
		return e->code;
	k = bind_item_at(st, 1, a, godown_id);
	k = bind_item_at(st, k, a, godown_id);
	db_bind_i64(st, k, cid);
	db_bind_i64(st, k + 1, after);
	db_bind_text(st, k + 2, after_name);
	db_bind_text(st, k + 3, after_name);
	db_bind_i64(st, k + 4, after);
	db_bind_i64(st, k + 5, godown_id);
	db_bind_i64(st, k + 6, godown_id);
	db_bind_i64(st, k + 7, limit + 1);
	while ((rc = db_step(st, e)) == DB_ROW) {
		if (n == limit) {
			*ret_next = last;
			break;
		}
		r.item_id = last = db_col_i64(st, 0);
		r.sku = db_col_text(st, 1);
		r.name = db_col_text(st, 2);
		r.name_hi = db_col_text(st, 3);
		r.unit = db_col_text(st, 4);
		r.group = db_col_text(st, 5);
		r.qty = db_col_i64(st, 6);
		r.value = db_col_i64(st, 7);
		n++;
		if (each(ctx, &r) < 0) {
			rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
			break;
		}
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

struct summary_ctx {
	struct jsonw *w;
	int by_group;
	int64_t total;
	struct grp { char name[256]; int64_t value; } *g;
	size_t n, cap;
};

static int summary_row(void *p, const struct stock_row *r)
{
	struct summary_ctx *c = p;
	int64_t rate = 0;
	c->total += r->value;
	if (c->by_group) {
		const char *name = *r->group ? r->group : "(no group)";
		size_t k;
		for (k = 0; k < c->n && strcmp(c->g[k].name, name) != 0; k++)
			;
		if (k == c->n) {
			if (c->n == c->cap) {
				struct grp *ng = realloc(c->g, (c->cap ? c->cap * 2 : 16) * sizeof *ng);
				if (!ng)
					return -1;
				c->g = ng;
				c->cap = c->cap ? c->cap * 2 : 16;
			}
			text_copy(c->g[c->n].name, sizeof c->g[c->n].name, name);
			c->g[c->n++].value = 0;
		}
		c->g[k].value += r->value;
		return 0;
	}
	jsonw_obj(c->w);
	jsonw_ki64(c->w, "item_id", r->item_id);
	jsonw_kstr(c->w, "sku", r->sku);
	jsonw_kstr(c->w, "name", r->name);
	jsonw_kstr(c->w, "name_hi", *r->name_hi ? r->name_hi : NULL);
	jsonw_kstr(c->w, "unit", r->unit);
	jsonw_kstr(c->w, "group", *r->group ? r->group : NULL);
	kqty(c->w, "qty", r->qty);
	if (r->qty > 0 && money_muldiv(r->value, 1000, r->qty, MONEY_ROUND_HALF_UP, &rate) < 0)
		rate = 0;
	jsonw_kmoney(c->w, "rate", rate);
	jsonw_kmoney(c->w, "value", r->value);
	jsonw_obj_end(c->w);
	return jsonw_ok(c->w);
}

int inventory_stock_summary(struct db *db, int64_t cid, const char *date, int64_t godown_id, const char *by,
			    int64_t after, int limit, struct buf *out, struct err *e)
{
	/* Items per godown counted on the balances (a balance row is one item in one godown), values
	 * from the godown's month rows and at most half a month of moves. */
	static const char sql_godown[] =
		"SELECT d.id, d.name, coalesce(t.value, 0) + ? * coalesce(a.value, 0), c.items "
		"FROM (SELECT godown_id, count(*) AS items FROM stock_balance "
		"  WHERE company_id = ? AND (? = 0 OR godown_id = ?) GROUP BY godown_id) c "
		"JOIN godowns d ON d.id = c.godown_id "
		"LEFT JOIN (SELECT godown_id, sum(value) AS value FROM stock_godown_month "
		"  WHERE company_id = ? AND month <= ? AND (? = 0 OR godown_id = ?) GROUP BY godown_id) t "
		"  ON t.godown_id = c.godown_id "
		"LEFT JOIN (SELECT godown_id, sum(value) AS value FROM stock_moves "
		"  WHERE company_id = ? AND active = 1 AND date > ? AND date <= ? AND (? = 0 OR godown_id = ?) GROUP BY godown_id) a "
		"  ON a.godown_id = c.godown_id "
		"ORDER BY d.name";
	int by_godown = by && strcmp(by, "godown") == 0, by_group = by && strcmp(by, "group") == 0;
	struct summary_ctx sc;
	struct as_of a;
	struct jsonw w;
	int rc = 0;

	if (by && *by && !by_godown && !by_group && strcmp(by, "item") != 0)
		return err_set(e, ERR_INVALID, "by", "by must be item, group or godown");
	if ((rc = stock_day(db, cid, date, &a, e)) < 0)
		return rc;
	memset(&sc, 0, sizeof sc);
	sc.w = &w;
	sc.by_group = by_group;
	jsonw_init(&w, out);
	jsonw_obj(&w);
	jsonw_kstr(&w, "report", "stock-summary");
	jsonw_kstr(&w, "date", a.day);
	jsonw_kstr(&w, "by", by_godown ? "godown" : by_group ? "group" : "item");
	jsonw_key(&w, "rows");
	jsonw_arr(&w);
	if (by_godown) {
		struct db_stmt *st = db_prepare(db, sql_godown, e);
		if (!st)
			return e->code;
		bind_as_of(st, 1, cid, godown_id, &a);
		while ((rc = db_step(st, e)) == DB_ROW) {
			jsonw_obj(&w);
			jsonw_ki64(&w, "godown_id", db_col_i64(st, 0));
			jsonw_kstr(&w, "godown", db_col_text(st, 1));
			jsonw_ki64(&w, "items", db_col_i64(st, 3));
			jsonw_kmoney(&w, "value", db_col_i64(st, 2));
			jsonw_obj_end(&w);
			sc.total += db_col_i64(st, 2);
		}
		db_done(st);
	} else {
		int64_t next = 0;
		if (by_group)
			rc = inventory_stock_rows(db, cid, a.day, godown_id, summary_row, &sc, e);
		else if ((rc = stock_page(db, cid, &a, godown_id, after, limit, summary_row, &sc, &next, e)) >= 0)
			rc = stock_total(db, cid, &a, godown_id, &sc.total, e);
		if (rc >= 0 && !by_group) {
			char cur[24];
			jsonw_arr_end(&w);
			jsonw_key(&w, "next");
			if (next) {
				snprintf(cur, sizeof cur, "%lld", (long long)next);
				jsonw_str(&w, cur);
			} else {
				jsonw_null(&w);
			}
			jsonw_kmoney(&w, "total_value", sc.total);
			jsonw_obj_end(&w);
			return jsonw_ok(&w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
		}
		for (size_t k = 0; rc >= 0 && k < sc.n; k++) {
			jsonw_obj(&w);
			jsonw_kstr(&w, "group", sc.g[k].name);
			jsonw_kmoney(&w, "value", sc.g[k].value);
			jsonw_obj_end(&w);
		}
		free(sc.g);
	}
	jsonw_arr_end(&w);
	jsonw_kmoney(&w, "total_value", sc.total);
	jsonw_obj_end(&w);
	if (rc < 0)
		return rc;
	return jsonw_ok(&w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
}

/* The quantity and value an item's moves add up to before `date` (through it when inclusive). */
static int item_moves_sum(struct db *db, int64_t cid, int64_t item, const char *date, int inclusive, int64_t *qty, int64_t *value,
			  struct err *e)
{
	struct db_stmt *st = inclusive ? db_prepare(db, "SELECT coalesce(sum(qty), 0), coalesce(sum(value), 0) FROM stock_moves "
							"WHERE company_id = ? AND item_id = ? AND active = 1 AND date <= ?", e)
				       : db_prepare(db, "SELECT coalesce(sum(qty), 0), coalesce(sum(value), 0) FROM stock_moves "
							"WHERE company_id = ? AND item_id = ? AND active = 1 AND date < ?", e);
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, item);
	db_bind_text(st, 3, date);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		*qty = db_col_i64(st, 0);
		*value = db_col_i64(st, 1);
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* At most this many rows in one movement register (the API's answer stays a few MB). */
enum { MOVEMENT_ROWS = 10000 };

int inventory_stock_movement(struct db *db, int64_t cid, int64_t item_id, const char *from, const char *to,
			     struct buf *out, struct err *e)
{
	struct db_stmt *st;
	struct jsonw w;
	struct item_info ii;
	int64_t run_q = 0, run_v = 0;
	int rc, nrows = 0, truncated = 0;

	rc = item_info(db, cid, item_id, &ii, e);
	if (rc == ITEM_MISSING)
		return err_set(e, ERR_INVALID, "item_id", "no item %lld in this company", (long long)item_id);
	if (rc < 0)
		return rc;
	if ((from && *from && !date_iso_ok(from)) || (to && *to && !date_iso_ok(to)))
		return err_set(e, ERR_INVALID, from && *from && !date_iso_ok(from) ? "from" : "to", "dates are YYYY-MM-DD");
	if ((rc = item_moves_sum(db, cid, item_id, from && *from ? from : "0000-00-00", 0, &run_q, &run_v, e)) < 0)
		return rc;
	st = db_prepare(db, "SELECT m.id, m.date, m.source, g.name, m.qty, m.value, coalesce(m.voucher_id, 0), coalesce(v.number, ''), "
			    "coalesce(m.journal_id, 0) FROM stock_moves m JOIN godowns g ON g.id = m.godown_id LEFT JOIN vouchers v ON v.id = m.voucher_id "
			    "WHERE m.company_id = ? AND m.item_id = ? AND m.active = 1 AND m.date >= ? AND m.date <= ? ORDER BY m.date, m.id LIMIT 10001", e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, item_id);
	db_bind_text(st, 3, from && *from ? from : "0000-00-00");
	db_bind_text(st, 4, to && *to ? to : "9999-12-31");
	jsonw_init(&w, out);
	jsonw_obj(&w);
	jsonw_kstr(&w, "report", "stock-movement");
	jsonw_ki64(&w, "item_id", item_id);
	jsonw_kstr(&w, "item", ii.name);
	jsonw_kstr(&w, "unit", ii.unit);
	kqty(&w, "opening_qty", run_q);
	jsonw_kmoney(&w, "opening_value", run_v);
	jsonw_key(&w, "rows");
	jsonw_arr(&w);
	while ((rc = db_step(st, e)) == DB_ROW) {
		int64_t q = db_col_i64(st, 4), v = db_col_i64(st, 5);
		if (++nrows > MOVEMENT_ROWS) { /* a page is enough to read; the closing figures below are whole */
			truncated = 1;
			continue;
		}
		run_q += q;
		run_v += v;
		jsonw_obj(&w);
		jsonw_ki64(&w, "move_id", db_col_i64(st, 0));
		jsonw_kstr(&w, "date", db_col_text(st, 1));
		jsonw_kstr(&w, "source", db_col_text(st, 2));
		jsonw_kstr(&w, "godown", db_col_text(st, 3));
		kqty(&w, "in", q > 0 ? q : 0);
		kqty(&w, "out", q < 0 ? -q : 0);
		jsonw_kmoney(&w, "value", v);
		kqty(&w, "balance_qty", run_q);
		jsonw_kmoney(&w, "balance_value", run_v);
		jsonw_key(&w, "voucher_id");
		if (db_col_i64(st, 6))
			jsonw_i64(&w, db_col_i64(st, 6));
		else
			jsonw_null(&w);
		jsonw_kstr(&w, "voucher_number", *db_col_text(st, 7) ? db_col_text(st, 7) : NULL);
		jsonw_key(&w, "journal_id");
		if (db_col_i64(st, 8))
			jsonw_i64(&w, db_col_i64(st, 8));
		else
			jsonw_null(&w);
		jsonw_obj_end(&w);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	jsonw_arr_end(&w);
	if (truncated) {
		/* the rows stop early: the closing figures come from all the period's moves */
		if ((rc = item_moves_sum(db, cid, item_id, to && *to ? to : "9999-12-31", 1, &run_q, &run_v, e)) < 0)
			return rc;
	}
	jsonw_kbool(&w, "truncated", truncated);
	kqty(&w, "closing_qty", run_q);
	jsonw_kmoney(&w, "closing_value", run_v);
	jsonw_obj_end(&w);
	return jsonw_ok(&w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
}


/* What is left of each receipt, by how long it has been in stock (FIFO layers). */
struct ageing_row {
	int64_t item;
	char name[256], unit[17];
	int64_t held_qty, held_value;   /* at the end of the day, all godowns */
	int64_t left;                   /* of held_qty, not yet placed in a bucket */
	int64_t qty[5], value[5];
	int last;                       /* the bucket the last placed receipt went to */
	size_t seq;                     /* the order the stock summary gave (by name) */
};

struct ageing_set {
	struct ageing_row *rows;
	size_t n, cap;
};

static int ageing_collect(void *p, const struct stock_row *r)
{
	struct ageing_set *a = p;
	if (r->qty <= 0)
		return 0; /* nothing held (or below zero): nothing to age */
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 64;
		struct ageing_row *q = realloc(a->rows, cap * sizeof *q);
		if (!q)
			return -1;
		a->rows = q;
		a->cap = cap;
	}
	memset(&a->rows[a->n], 0, sizeof a->rows[a->n]);
	a->rows[a->n].item = r->item_id;
	text_copy(a->rows[a->n].name, sizeof a->rows[a->n].name, r->name);
	text_copy(a->rows[a->n].unit, sizeof a->rows[a->n].unit, r->unit);
	a->rows[a->n].held_qty = a->rows[a->n].left = r->qty;
	a->rows[a->n].held_value = r->value;
	a->rows[a->n].seq = a->n;
	a->n++;
	return 0;
}

static int ageing_by_item(const void *x, const void *y)
{
	const struct ageing_row *a = x, *b = y;
	return (a->item > b->item) - (a->item < b->item);
}

static int ageing_by_seq(const void *x, const void *y)
{
	const struct ageing_row *a = x, *b = y;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

/* Stock held at the end of `date`, by how long ago it was received. What is held is taken to be
 * the latest receipts up to that day (first in, first out), counted per item over all godowns, so
 * a transfer between godowns does not make stock younger. Values: under FIFO each slice at its
 * receipt's cost; under weighted average in proportion to the quantity; either way the buckets add
 * up to the item's value in the stock summary of that day. */
int inventory_stock_ageing(struct db *db, int64_t cid, const char *date, struct buf *out, struct err *e)
{
	static const int edges[] = {30, 60, 90, 180};
	struct ageing_set a = {NULL, 0, 0};
	struct settings s;
	struct db_stmt *st;
	struct jsonw w;
	char day[11];
	int rc;

	if (date && *date && !date_iso_ok(date))
		return err_set(e, ERR_INVALID, "date", "date must be YYYY-MM-DD");
	if (date && *date)
		text_copy(day, sizeof day, date);
	else if ((rc = books_today_of(db, cid, day, e)) < 0)
		return rc;
	if ((rc = settings_get(db, cid, &s, e)) < 0)
		return rc;
	rc = inventory_stock_rows(db, cid, day, 0, ageing_collect, &a, e);
	if (rc < 0 && !e->code)
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
	if (rc < 0)
		goto out;
	if (a.n > 1)
		qsort(a.rows, a.n, sizeof *a.rows, ageing_by_item);
	/* Receipts, newest first, fill each item's holding back in time. */
	st = db_prepare(db, "SELECT item_id, date, qty, value FROM stock_moves WHERE company_id = ? AND active = 1 AND qty > 0 "
			    "AND source <> 'transfer' AND date <= ? ORDER BY item_id, date DESC, id DESC", e);
	if (!st) {
		rc = e->code;
		goto out;
	}
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, day);
	{
		size_t k = 0;
		while ((rc = db_step(st, e)) == DB_ROW) {
			int64_t item = db_col_i64(st, 0), q = db_col_i64(st, 2), take, v = 0, age;
			struct ageing_row *r;
			int b = 0;
			while (k < a.n && a.rows[k].item < item)
				k++;
			if (k == a.n)
				break;
			r = &a.rows[k];
			if (r->item != item || r->left <= 0)
				continue;
			take = q < r->left ? q : r->left;
			age = date_iso_diff(db_col_text(st, 1), day);
			while (b < 4 && age > edges[b])
				b++;
			if (s.valuation == VALUATION_FIFO)
				rc = money_muldiv(take, db_col_i64(st, 3), q, MONEY_ROUND_HALF_UP, &v);
			else
				rc = money_muldiv(take, r->held_value, r->held_qty, MONEY_ROUND_HALF_UP, &v);
			if (rc < 0) {
				rc = err_set(e, ERR_INVALID, "date", "amounts are too large");
				break;
			}
			r->qty[b] += take;
			r->value[b] += v;
			r->left -= take;
			r->last = b;
			rc = 0;
		}
		db_done(st);
	}
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < a.n; i++) {
		struct ageing_row *r = &a.rows[i];
		int64_t sum = 0;
		/* held beyond the receipts recorded (stock sold below zero and counted back): oldest */
		if (r->left > 0) {
			r->qty[4] += r->left;
			r->last = 4;
		}
		for (int b = 0; b < 5; b++)
			sum += r->value[b];
		r->value[r->last] += r->held_value - sum; /* rounding lands in one bucket; totals agree */
	}
	if (a.n > 1)
		qsort(a.rows, a.n, sizeof *a.rows, ageing_by_seq);
	jsonw_init(&w, out);
	jsonw_obj(&w);
	jsonw_kstr(&w, "report", "stock-ageing");
	jsonw_kstr(&w, "date", day);
	jsonw_key(&w, "buckets");
	jsonw_raw(&w, "[\"0-30\",\"31-60\",\"61-90\",\"91-180\",\"over 180\"]");
	jsonw_key(&w, "rows");
	jsonw_arr(&w);
	for (size_t i = 0; i < a.n; i++) {
		jsonw_obj(&w);
		jsonw_ki64(&w, "item_id", a.rows[i].item);
		jsonw_kstr(&w, "name", a.rows[i].name);
		jsonw_kstr(&w, "unit", a.rows[i].unit);
		jsonw_key(&w, "qty");
		jsonw_arr(&w);
		for (int b = 0; b < 5; b++) {
			char t[32];
			decimal_format(a.rows[i].qty[b], 3, t, sizeof t);
			jsonw_str(&w, t);
		}
		jsonw_arr_end(&w);
		jsonw_key(&w, "value");
		jsonw_arr(&w);
		for (int b = 0; b < 5; b++)
			jsonw_money(&w, a.rows[i].value[b]);
		jsonw_arr_end(&w);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	jsonw_obj_end(&w);
	rc = jsonw_ok(&w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
out:
	free(a.rows);
	return rc;
}

/* The members of one item (ITEM_COLS), inside an object the caller opens and closes. */
static void item_fields(struct jsonw *w, struct db_stmt *st)
{
	char t[16];
	jsonw_ki64(w, "id", db_col_i64(st, 0));
	jsonw_kstr(w, "sku", db_col_text(st, 1));
	jsonw_kstr(w, "name", db_col_text(st, 2));
	jsonw_kstr(w, "name_hi", db_col_null(st, 3) ? NULL : db_col_text(st, 3));
	jsonw_ki64(w, "unit_id", db_col_i64(st, 4));
	jsonw_kstr(w, "unit", db_col_text(st, 5));
	jsonw_ki64(w, "unit_decimals", db_col_i64(st, 6));
	jsonw_kstr(w, "hsn", db_col_null(st, 7) ? NULL : db_col_text(st, 7));
	decimal_format(db_col_i64(st, 8), 2, t, sizeof t);
	jsonw_kstr(w, "gst_rate", t);
	kqty(w, "reorder_level", db_col_i64(st, 9));
	kqty(w, "in_stock", db_col_i64(st, 10));
	jsonw_kmoney(w, "stock_value", db_col_i64(st, 11));
	jsonw_key(w, "group_id");
	if (db_col_null(st, 12))
		jsonw_null(w);
	else
		jsonw_i64(w, db_col_i64(st, 12));
	jsonw_ki64(w, "version", db_col_i64(st, 13));
	kqty(w, "reorder_qty", db_col_i64(st, 14));
	jsonw_kbool(w, "tracks_batches", db_col_i64(st, 15) != 0);
	jsonw_kbool(w, "archived", db_col_i64(st, 16) != 0);
}

static int item_row_json(struct jsonw *w, struct db_stmt *st)
{
	jsonw_obj(w);
	item_fields(w, st);
	jsonw_obj_end(w);
	return jsonw_ok(w);
}

/* One item's stock per godown, and what is left of each batch in each godown (oldest expiry
 * first), as the members "stock" and "batches". */
static int item_stock_fields(struct db *db, int64_t cid, int64_t id, struct jsonw *w, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT b.godown_id, g.name, b.qty, b.value FROM stock_balance b JOIN godowns g ON g.id = b.godown_id "
					    "WHERE b.company_id = ? AND b.item_id = ? AND (b.qty <> 0 OR b.value <> 0) ORDER BY g.name", e);
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	jsonw_key(w, "stock");
	jsonw_arr(w);
	while ((rc = db_step(st, e)) == DB_ROW) {
		jsonw_obj(w);
		jsonw_ki64(w, "godown_id", db_col_i64(st, 0));
		jsonw_kstr(w, "godown", db_col_text(st, 1));
		kqty(w, "qty", db_col_i64(st, 2));
		jsonw_kmoney(w, "value", db_col_i64(st, 3));
		jsonw_obj_end(w);
	}
	db_done(st);
	jsonw_arr_end(w);
	if (rc < 0)
		return rc;
	st = db_prepare(db, "SELECT godown_id, batch, coalesce(expiry, ''), sum(qty_left) FROM stock_layers WHERE company_id = ? AND item_id = ? "
			    "AND qty_left > 0 AND batch IS NOT NULL GROUP BY godown_id, batch, expiry ORDER BY coalesce(expiry, '9999'), batch, godown_id", e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	jsonw_key(w, "batches");
	jsonw_arr(w);
	while ((rc = db_step(st, e)) == DB_ROW) {
		jsonw_obj(w);
		jsonw_ki64(w, "godown_id", db_col_i64(st, 0));
		jsonw_kstr(w, "batch", db_col_text(st, 1));
		jsonw_kstr(w, "expiry", *db_col_text(st, 2) ? db_col_text(st, 2) : NULL);
		kqty(w, "qty", db_col_i64(st, 3));
		jsonw_obj_end(w);
	}
	db_done(st);
	jsonw_arr_end(w);
	return rc < 0 ? rc : 0;
}

#define ITEM_COLS "i.id, i.sku, i.name, i.name_hi, i.unit_id, u.symbol, u.decimals, i.hsn, i.gst_rate, i.reorder_level, " \
		  "coalesce((SELECT sum(qty) FROM stock_balance b WHERE b.company_id = i.company_id AND b.item_id = i.id), 0), " \
		  "coalesce((SELECT sum(value) FROM stock_balance b WHERE b.company_id = i.company_id AND b.item_id = i.id), 0), " \
		  "i.group_id, i.version, i.reorder_qty, i.tracks_batches, i.archived"

int inventory_items_json(struct db *db, int64_t cid, const char *q, int archived, int limit, struct buf *out, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT " ITEM_COLS " FROM items i JOIN units u ON u.id = i.unit_id "
					    "WHERE i.company_id = ? AND (? = 2 OR i.archived = ?) AND (? = '' OR i.search LIKE ? ESCAPE '!') "
					    "ORDER BY i.name LIMIT ?", e);
	struct buf pat = BUF_INIT;
	struct jsonw w;
	int rc, bad = 0;
	if (!st)
		return e->code;
	bad = text_like_pattern(q, &pat) < 0;
	if (bad) {
		db_done(st);
		buf_free(&pat);
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	}
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, archived);
	db_bind_i64(st, 3, archived);
	db_bind_text(st, 4, buf_str(&pat));
	db_bind_text(st, 5, buf_str(&pat));
	db_bind_i64(st, 6, limit);
	jsonw_init(&w, out);
	jsonw_obj(&w);
	jsonw_key(&w, "items");
	jsonw_arr(&w);
	while ((rc = db_step(st, e)) == DB_ROW)
		item_row_json(&w, st);
	db_done(st);
	buf_free(&pat);
	jsonw_arr_end(&w);
	jsonw_obj_end(&w);
	if (rc < 0)
		return rc;
	return jsonw_ok(&w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
}

int inventory_item_json(struct db *db, int64_t cid, int64_t id, struct buf *out, struct err *e)
{
	struct jsonw w;
	int rc;
	jsonw_init(&w, out);
	if ((rc = inventory_one_json(db, "SELECT " ITEM_COLS " FROM items i JOIN units u ON u.id = i.unit_id WHERE i.company_id = ? AND i.id = ?",
				     cid, id, item_fields, &w, "item", e)) < 0 ||
	    (rc = item_stock_fields(db, cid, id, &w, e)) < 0)
		return rc;
	jsonw_obj_end(&w);
	return jsonw_ok(&w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
}

int item_update(struct db *db, int64_t cid, int64_t actor, int64_t id, int64_t version, const struct item_input *in,
		unsigned set, struct err *e)
{
	struct db_stmt *st;
	struct buf before = BUF_INIT, after = BUF_INIT, search = BUF_INIT;
	char name[801] = "", name_hi[801] = "", hsn[16] = "", sku[161] = "";
	int64_t gst = 0, level = 0, qty = 0, group = 0, cur_version = 0, archived = 0;
	int rc, found = 0;

	st = db_prepare(db, "SELECT sku, name, coalesce(name_hi, ''), coalesce(hsn, ''), gst_rate, reorder_level, reorder_qty, "
			    "coalesce(group_id, 0), version, archived FROM items WHERE company_id = ? AND id = ?", e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		found = 1;
		text_copy(sku, sizeof sku, db_col_text(st, 0));
		text_copy(name, sizeof name, db_col_text(st, 1));
		text_copy(name_hi, sizeof name_hi, db_col_text(st, 2));
		text_copy(hsn, sizeof hsn, db_col_text(st, 3));
		gst = db_col_i64(st, 4);
		level = db_col_i64(st, 5);
		qty = db_col_i64(st, 6);
		group = db_col_i64(st, 7);
		cur_version = db_col_i64(st, 8);
		archived = db_col_i64(st, 9);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	if (!found)
		return err_set(e, ERR_NOT_FOUND, "id", "no item %lld in this company", (long long)id);
	if (cur_version != version)
		return err_set(e, ERR_STALE, "version", "someone else changed this item (now version %lld); reload it", (long long)cur_version);
	{
		struct jsonw w;
		jsonw_init(&w, &before);
		jsonw_obj(&w);
		jsonw_kstr(&w, "name", name);
		jsonw_kstr(&w, "name_hi", name_hi);
		jsonw_kstr(&w, "hsn", hsn);
		jsonw_ki64(&w, "gst_rate", gst);
		jsonw_ki64(&w, "reorder_level", level);
		jsonw_ki64(&w, "reorder_qty", qty);
		jsonw_ki64(&w, "group_id", group);
		jsonw_ki64(&w, "archived", archived);
		jsonw_obj_end(&w);
	}
	if (set & ITEM_SET_NAME) {
		if ((rc = plain_name(in->name, "name", 200, e)) < 0)
			goto out;
		text_copy(name, sizeof name, in->name);
	}
	if (set & ITEM_SET_NAME_HI) {
		if (in->name_hi && *in->name_hi && (rc = plain_name(in->name_hi, "name_hi", 200, e)) < 0)
			goto out;
		text_copy(name_hi, sizeof name_hi, in->name_hi ? in->name_hi : "");
	}
	if (set & ITEM_SET_HSN)
		text_copy(hsn, sizeof hsn, in->hsn ? in->hsn : "");
	if (set & ITEM_SET_GST) {
		if (in->gst_rate != 0 && in->gst_rate != 25 && in->gst_rate != 300 && in->gst_rate != 500 && in->gst_rate != 1200 &&
		    in->gst_rate != 1800 && in->gst_rate != 2800) {
			rc = err_set(e, ERR_INVALID, "gst_rate", "GST rate must be 0, 0.25, 3, 5, 12, 18 or 28");
			goto out;
		}
		gst = in->gst_rate;
	}
	if ((set & ITEM_SET_REORDER) && in->reorder_level < 0) {
		rc = err_set(e, ERR_INVALID, "reorder_level", "reorder_level cannot be negative");
		goto out;
	}
	if ((set & ITEM_SET_REORDER_QTY) && in->reorder_qty < 0) {
		rc = err_set(e, ERR_INVALID, "reorder_qty", "reorder_qty cannot be negative");
		goto out;
	}
	if (set & ITEM_SET_REORDER)
		level = in->reorder_level;
	if (set & ITEM_SET_REORDER_QTY)
		qty = in->reorder_qty;
	if ((set & ITEM_SET_HSN) && (rc = hsn_ok(in->hsn, e)) < 0)
		goto out;
	if (set & ITEM_SET_GROUP)
		group = in->group_id;
	if (set & ITEM_SET_ARCHIVED)
		archived = in->archived ? 1 : 0;
	if (group) {
		int64_t n = 0;
		st = db_prepare(db, "SELECT count(*) FROM item_groups WHERE company_id = ? AND id = ?", e);
		if (!st) {
			rc = e->code;
			goto out;
		}
		db_bind_i64(st, 1, cid);
		db_bind_i64(st, 2, group);
		rc = db_step(st, e);
		if (rc == DB_ROW)
			n = db_col_i64(st, 0);
		db_done(st);
		if (rc < 0)
			goto out;
		if (!n) {
			rc = err_set(e, ERR_INVALID, "group_id", "no item group %lld in this company", (long long)group);
			goto out;
		}
	}
	if (buf_addf(&search, "%s|%s|%s", sku, name, name_hi) < 0) {
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	text_ascii_lower(search.data);
	st = db_prepare(db, "UPDATE items SET name = ?, name_hi = ?, hsn = ?, gst_rate = ?, reorder_level = ?, reorder_qty = ?, "
			    "group_id = ?, archived = ?, search = ?, version = version + 1 WHERE company_id = ? AND id = ? AND version = ?", e);
	if (!st) {
		rc = e->code;
		goto out;
	}
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, *name_hi ? name_hi : NULL);
	db_bind_text(st, 3, *hsn ? hsn : NULL);
	db_bind_i64(st, 4, gst);
	db_bind_i64(st, 5, level);
	db_bind_i64(st, 6, qty);
	if (group)
		db_bind_i64(st, 7, group);
	else
		db_bind_null(st, 7);
	db_bind_i64(st, 8, archived);
	db_bind_text(st, 9, buf_str(&search));
	db_bind_i64(st, 10, cid);
	db_bind_i64(st, 11, id);
	db_bind_i64(st, 12, version);
	rc = db_step(st, e);
	if (rc >= 0 && db_changes(st) != 1)
		rc = err_set(e, ERR_STALE, "version", "someone else changed this item; reload it");
	db_done(st);
	if (rc < 0)
		goto out;
	{
		struct jsonw w;
		jsonw_init(&w, &after);
		jsonw_obj(&w);
		jsonw_kstr(&w, "name", name);
		jsonw_kstr(&w, "name_hi", name_hi);
		jsonw_kstr(&w, "hsn", hsn);
		jsonw_ki64(&w, "gst_rate", gst);
		jsonw_ki64(&w, "reorder_level", level);
		jsonw_ki64(&w, "reorder_qty", qty);
		jsonw_ki64(&w, "group_id", group);
		jsonw_ki64(&w, "archived", archived);
		jsonw_obj_end(&w);
		if (jsonw_ok(&w) < 0) {
			rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
			goto out;
		}
	}
	rc = audit_append(db, cid, actor, "item", id, "update", buf_str(&before), buf_str(&after), e);
out:
	buf_free(&before);
	buf_free(&after);
	buf_free(&search);
	return rc;
}
