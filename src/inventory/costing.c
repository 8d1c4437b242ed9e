/* costing.c - the one place stock moves: the kept balance per item per godown, the FIFO layers
 * (what is left of each receipt, for FIFO cost, ageing and batches), weighted-average cost, the
 * month sums the reads at a past date use, batches, the negative-stock rule, and taking a move
 * back. Every change to the active moves goes through stock_move or stock_unmove. */
#include <stdio.h>
#include <string.h>

#include "inventory/inventory_int.h"
#include "lib/money.h"
#include "lib/qty.h"
#include "lib/text.h"
#include "lib/banned.h"

enum {
	SQL_BALANCE_ENSURE, SQL_BALANCE_LOCK, SQL_BALANCE_ADD,
	SQL_LAYERS, SQL_LAYERS_BATCH, SQL_LAYER_TAKE, SQL_LAYER_ADD, SQL_LAYER_OF_MOVE, SQL_BATCH_HELD,
	SQL_MONTH_ADD, SQL_GODOWN_MONTH_ADD, SQL_MOVE_INSERT, SQL_MOVE_OFF,
	SQL_MAX
};

/* How many layers one read of them takes; an outward move that needs more reads again. */
#define LAYER_PAGE 64

static const char *const sql[SQL_MAX] = {
	[SQL_BALANCE_ENSURE] = "INSERT INTO stock_balance(company_id, item_id, godown_id, qty, value) VALUES (?, ?, ?, 0, 0) "
			       "ON CONFLICT (company_id, item_id, godown_id) DO NOTHING",
	/* the portable SELECT ... FOR UPDATE */
	[SQL_BALANCE_LOCK] = "UPDATE stock_balance SET qty = qty WHERE company_id = ? AND item_id = ? AND godown_id = ? RETURNING qty, value",
	[SQL_BALANCE_ADD] = "UPDATE stock_balance SET qty = qty + ?, value = value + ? WHERE company_id = ? AND item_id = ? AND godown_id = ?",
	[SQL_LAYERS] = "SELECT id, qty_left, rate FROM stock_layers WHERE company_id = ? AND item_id = ? AND godown_id = ? "
		       "AND qty_left > 0 ORDER BY date, id LIMIT 64",
	[SQL_LAYERS_BATCH] = "SELECT id, qty_left, rate FROM stock_layers WHERE company_id = ? AND item_id = ? AND godown_id = ? "
			     "AND qty_left > 0 AND batch = ? ORDER BY date, id LIMIT 64",
	[SQL_LAYER_TAKE] = "UPDATE stock_layers SET qty_left = qty_left - ? WHERE id = ?",
	[SQL_LAYER_ADD] = "INSERT INTO stock_layers(company_id, item_id, godown_id, date, qty_left, rate, batch, expiry, move_id) "
			  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	/* item, godown and date only let the lookup use stock_layers_item */
	[SQL_LAYER_OF_MOVE] = "SELECT id, qty_left FROM stock_layers WHERE company_id = ? AND item_id = ? AND godown_id = ? "
			      "AND date = ? AND move_id = ? AND qty_left > 0",
	[SQL_BATCH_HELD] = "SELECT coalesce(sum(qty_left), 0), coalesce(max(expiry), '') FROM stock_layers "
			   "WHERE company_id = ? AND item_id = ? AND godown_id = ? AND batch = ? AND qty_left > 0",
	[SQL_MONTH_ADD] = "INSERT INTO stock_month(company_id, item_id, godown_id, month, qty, value) VALUES (?, ?, ?, ?, ?, ?) "
			  "ON CONFLICT (company_id, item_id, month, godown_id) DO UPDATE "
			  "SET qty = stock_month.qty + excluded.qty, value = stock_month.value + excluded.value",
	[SQL_GODOWN_MONTH_ADD] = "INSERT INTO stock_godown_month(company_id, godown_id, month, value) VALUES (?, ?, ?, ?) "
				 "ON CONFLICT (company_id, godown_id, month) DO UPDATE SET value = stock_godown_month.value + excluded.value",
	[SQL_MOVE_INSERT] = "INSERT INTO stock_moves(company_id, item_id, godown_id, date, qty, value, source, voucher_id, journal_id, "
			    "batch, expiry) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[SQL_MOVE_OFF] = "UPDATE stock_moves SET active = 0 WHERE id = ?",
};

/* A cost or a stock value this move would take past the ceiling of amounts (422). */
static int too_large(const char *field, struct err *e) { return money_too_large(e, ERR_UNPROCESSABLE, field); }

/* The database refused a kept figure past its ceiling (a month's movement): named as the move's field. */
static int named(int rc, const char *field, struct err *e)
{
	if (rc < 0 && e->code == ERR_UNPROCESSABLE && !e->field[0] && field)
		text_copy(e->field, sizeof e->field, field);
	return rc;
}

/* The refusal of a move that would take more than is held: the message as it always read, and
 * the figures a client needs to say it in its own words. */
static int insufficient(struct db *db, int64_t cid, const struct move *m, int64_t have, const char *batch, struct err *e)
{
	struct item_info ii;
	char g[GODOWN_NAME_SIZE] = "", avail[32];
	int rc = item_info(db, cid, m->item, &ii, e);
	if (rc == 0)
		rc = godown_name(db, cid, m->godown, g, sizeof g, e); /* ERR_NOT_FOUND leaves e alone */
	if (rc != 0)
		return e->code ? e->code : err_set(e, ERR_UNPROCESSABLE, m->field, "not enough stock");
	int64_t stood = have; /* e->aux: what the stock stood at, as the C interface has always said */
	if (have < 0)
		have = 0;
	decimal_format(have, 3, avail, sizeof avail);
	if (batch)
		err_set(e, ERR_UNPROCESSABLE, m->field, "not enough of batch %s of %s in %s: %s %s available", batch, ii.name, g, avail, ii.unit);
	else
		err_set(e, ERR_UNPROCESSABLE, m->field, "not enough stock of %s in %s: %s %s available", ii.name, g, avail, ii.unit);
	e->aux = stood;
	err_reason(e, batch ? "insufficient_batch" : "insufficient_stock");
	err_detail_qty(e, "available", have);
	err_detail_text(e, "unit", ii.unit);
	err_detail_text(e, "item", ii.name);
	return err_detail_text(e, batch ? "batch" : "godown", batch ? batch : g);
}

int stock_balance_lock(struct db *db, int64_t cid, int64_t item, int64_t godown, int64_t *qty, int64_t *value, struct err *e)
{
	struct db_stmt *st;
	int rc = db_run(db, sql[SQL_BALANCE_ENSURE], DB_ARGS(DB_I64(cid), DB_I64(item), DB_I64(godown)), e);
	if (rc < 0 || (rc = db_one(db, sql[SQL_BALANCE_LOCK], DB_ARGS(DB_I64(cid), DB_I64(item), DB_I64(godown)), &st, e)) < 0)
		return rc;
	if (rc == DB_ROW) {
		*qty = db_col_i64(st, 0);
		*value = db_col_i64(st, 1);
		db_done(st);
	}
	return 0;
}

static int balance_add(struct db *db, int64_t cid, int64_t item, int64_t godown, int64_t qty, int64_t value, struct err *e)
{
	int rc = db_run(db, sql[SQL_BALANCE_ADD], DB_ARGS(DB_I64(qty), DB_I64(value), DB_I64(cid), DB_I64(item), DB_I64(godown)), e);
	return rc < 0 ? rc : 0;
}

/* Takes qty (thousandths, > 0) out of the FIFO layers, oldest first (of one batch when batch is
 * not empty); returns their cost. Beyond the layers (negative stock allowed) the rest goes at the
 * last rate known. The one statement is read a page at a time and its rows rebound by the update,
 * so it keeps to db_prepare. */
static int layers_take(struct db *db, int64_t cid, int64_t item, int64_t godown, const char *batch, int64_t qty, int64_t *ret_cost,
		       const char *field, struct err *e)
{
	struct { int64_t id, left, rate; } l[LAYER_PAGE];
	int64_t cost = 0, last_rate = 0, part;
	int n = LAYER_PAGE, rc = 0;

	while (qty > 0 && n == LAYER_PAGE) {
		struct db_stmt *st = batch && *batch
					     ? db_query(db, sql[SQL_LAYERS_BATCH], DB_ARGS(DB_I64(cid), DB_I64(item), DB_I64(godown), DB_TEXT(batch)), e)
					     : db_query(db, sql[SQL_LAYERS], DB_ARGS(DB_I64(cid), DB_I64(item), DB_I64(godown)), e);
		if (!st)
			return e->code;
		for (n = 0; n < LAYER_PAGE && (rc = db_step(st, e)) == DB_ROW; n++) {
			l[n].id = db_col_i64(st, 0);
			l[n].left = db_col_i64(st, 1);
			l[n].rate = db_col_i64(st, 2);
		}
		db_done(st);
		if (rc < 0)
			return rc;
		for (int i = 0; i < n && qty > 0; i++) {
			int64_t take = l[i].left < qty ? l[i].left : qty;
			if (qty_value(take, l[i].rate, &part) < 0 || money_add_capped(cost, part, &cost) < 0)
				return too_large(field, e);
			qty -= take;
			last_rate = l[i].rate;
			if ((rc = db_run(db, sql[SQL_LAYER_TAKE], DB_ARGS(DB_I64(take), DB_I64(l[i].id)), e)) < 0)
				return rc;
		}
	}
	if (qty > 0) {
		if (qty_value(qty, last_rate, &part) < 0 || money_add_capped(cost, part, &cost) < 0)
			return too_large(field, e);
	}
	*ret_cost = cost;
	return 0;
}

/* The FIFO layer of a receipt: its quantity at its rate (paise per unit, rounded; within the
 * ceiling of amounts, else refused naming field). */
static int layer_add(struct db *db, int64_t cid, int64_t item, int64_t godown, const char *date, int64_t qty, int64_t value,
		     const char *batch, const char *expiry, int64_t move_id, const char *field, struct err *e)
{
	int64_t rate = 0;
	int rc;
	if (money_muldiv_capped(value, QTY_SCALE, qty, MONEY_ROUND_HALF_UP, &rate) < 0)
		return too_large(field, e);
	rc = db_run(db, sql[SQL_LAYER_ADD],
		    DB_ARGS(DB_I64(cid), DB_I64(item), DB_I64(godown), DB_TEXT(date), DB_I64(qty), DB_I64(rate), DB_TEXT_OR_NULL(batch),
			    DB_TEXT_OR_NULL(expiry), DB_I64(move_id)),
		    e);
	return rc < 0 ? rc : 0;
}

/* Undoing a receipt: takes up to qty out of the layer that move_id made; *ret_left is what that
 * layer could not cover (sold already), for the caller to take from the oldest layers. */
static int layer_unreceive(struct db *db, int64_t cid, const struct move_row *mv, int64_t *ret_left, struct err *e)
{
	struct db_stmt *st;
	int64_t id = 0, have = 0, take;
	int rc = db_one(db, sql[SQL_LAYER_OF_MOVE],
			DB_ARGS(DB_I64(cid), DB_I64(mv->item), DB_I64(mv->godown), DB_TEXT(mv->date), DB_I64(mv->id)), &st, e);
	if (rc < 0)
		return rc;
	if (rc == DB_ROW) {
		id = db_col_i64(st, 0);
		have = db_col_i64(st, 1);
		db_done(st);
	}
	take = have < mv->qty ? have : mv->qty;
	*ret_left = mv->qty - take;
	if (take > 0 && (rc = db_run(db, sql[SQL_LAYER_TAKE], DB_ARGS(DB_I64(take), DB_I64(id)), e)) < 0)
		return rc;
	return 0;
}

/* An outward move from a batch: the batch must hold the quantity (unless the company warns), and
 * the move takes the batch's expiry when none was given. */
static int batch_check(struct db *db, int64_t cid, const struct inventory_settings *s, struct move *m, struct err *e)
{
	struct db_stmt *st;
	int64_t have = 0;
	int rc = db_one(db, sql[SQL_BATCH_HELD], DB_ARGS(DB_I64(cid), DB_I64(m->item), DB_I64(m->godown), DB_TEXT(m->batch)), &st, e);
	if (rc < 0)
		return rc;
	if (rc == DB_ROW) {
		have = db_col_i64(st, 0);
		text_copy(m->expiry_found, sizeof m->expiry_found, db_col_text(st, 1));
		db_done(st);
	}
	if (!m->expiry || !*m->expiry)
		m->expiry = m->expiry_found;
	if (have + m->qty < 0 && !s->warn_negative)
		return insufficient(db, cid, m, have, m->batch, e);
	return 0;
}

/* Adds a move's qty and value (or takes them off again, negated, when a move is reversed) to the
 * net movement of its calendar month, per item per godown and per godown (migration 0007), which
 * the reads at a past date use. Back-dated moves too, since each month row holds only that
 * month's moves. */
static int month_add(struct db *db, int64_t cid, int64_t item, int64_t godown, const char *date, int64_t qty, int64_t value,
		     struct err *e)
{
	char month[8];
	int rc;
	snprintf(month, sizeof month, "%.7s", date);
	rc = db_run(db, sql[SQL_MONTH_ADD], DB_ARGS(DB_I64(cid), DB_I64(item), DB_I64(godown), DB_TEXT(month), DB_I64(qty), DB_I64(value)),
		    e);
	if (rc >= 0)
		rc = db_run(db, sql[SQL_GODOWN_MONTH_ADD], DB_ARGS(DB_I64(cid), DB_I64(godown), DB_TEXT(month), DB_I64(value)), e);
	return rc < 0 ? rc : 0;
}

/* The cost of an outward move of out (> 0) against a balance of bal_qty worth bal_value. Layers
 * always shrink first-in-first-out (they also serve ageing); the cost is FIFO's or the moving
 * average's as the company chose. */
static int cost_out(struct db *db, int64_t cid, const struct inventory_settings *s, const struct move *m, int64_t out, int64_t bal_qty,
		    int64_t bal_value, int64_t *ret, struct err *e)
{
	int64_t cost = 0;
	int rc = layers_take(db, cid, m->item, m->godown, m->batch, out, &cost, m->field, e);
	if (rc < 0)
		return rc;
	if (s->valuation == VALUATION_AVERAGE) {
		cost = 0;
		if (bal_qty > 0 && money_muldiv(out < bal_qty ? out : bal_qty, bal_value, bal_qty, MONEY_ROUND_HALF_UP, &cost) < 0)
			return too_large(m->field, e);
	}
	/* The last unit takes what is left, so value never drifts: under FIFO too, whose layers keep
	 * a rate rounded to the paisa (3 for 29.99 leaves a layer at 10.00). */
	if (out >= bal_qty && bal_qty > 0)
		cost = bal_value;
	*ret = cost;
	return 0;
}

int stock_move(struct db *db, int64_t cid, const struct inventory_settings *s, struct move *m, struct err *e)
{
	int64_t bal_qty = 0, bal_value = 0, move_id = 0, cost = 0, new_qty, new_value;
	int rc;

	if (!qty_fits(m->qty))
		return qty_too_large(e, ERR_INVALID, m->field);
	if (!money_fits(m->value))
		return too_large(m->field, e);
	if ((rc = stock_balance_lock(db, cid, m->item, m->godown, &bal_qty, &bal_value, e)) < 0)
		return rc;
	if (m->qty < 0 && m->batch && *m->batch && (rc = batch_check(db, cid, s, m, e)) < 0)
		return rc;
	if (m->qty < 0) {
		if (bal_qty + m->qty < 0 && !s->warn_negative)
			return insufficient(db, cid, m, bal_qty, NULL, e);
		if ((rc = cost_out(db, cid, s, m, -m->qty, bal_qty, bal_value, &cost, e)) < 0)
			return rc;
		m->value = -cost;
	} else if (m->value < 0) {
		/* Inward at current cost (returns, production without a rate, surplus). */
		m->value = 0;
		if (bal_qty > 0 && money_muldiv_capped(m->qty, bal_value, bal_qty, MONEY_ROUND_HALF_UP, &m->value) < 0)
			return too_large(m->field, e);
	}
	/* The balance after the move, checked here against the ceilings (the row is locked and read). */
	if (qty_add_capped(bal_qty, m->qty, &new_qty) < 0)
		return qty_too_large(e, ERR_UNPROCESSABLE, m->field);
	if (money_add_capped(bal_value, m->value, &new_value) < 0)
		return too_large(m->field, e);
	if ((rc = db_insert_id(db, sql[SQL_MOVE_INSERT],
			       DB_ARGS(DB_I64(cid), DB_I64(m->item), DB_I64(m->godown), DB_TEXT(m->date), DB_I64(m->qty), DB_I64(m->value),
				       DB_TEXT(m->source), DB_I64_OR_NULL(m->voucher_id), DB_I64_OR_NULL(m->journal_id), DB_TEXT_OR_NULL(m->batch),
				       DB_TEXT_OR_NULL(m->expiry)),
			       &move_id, e)) < 0)
		return rc;
	if (m->qty > 0 &&
	    (rc = layer_add(db, cid, m->item, m->godown, m->date, m->qty, m->value, m->batch, m->expiry, move_id, m->field, e)) < 0)
		return rc;
	if ((rc = balance_add(db, cid, m->item, m->godown, m->qty, m->value, e)) < 0)
		return rc;
	return named(month_add(db, cid, m->item, m->godown, m->date, m->qty, m->value, e), m->field, e);
}

int stock_unmove(struct db *db, int64_t cid, const struct inventory_settings *s, const struct move_row *mv, const char *field,
		 struct err *e)
{
	int64_t bq = 0, bv = 0, cost, left = 0, nq, nv;
	int rc;

	if ((rc = stock_balance_lock(db, cid, mv->item, mv->godown, &bq, &bv, e)) < 0)
		return rc;
	if (mv->qty > 0) {
		if (bq - mv->qty < 0 && !s->warn_negative) {
			struct item_info ii;
			char avail[32], g[GODOWN_NAME_SIZE] = "";
			if (item_info(db, cid, mv->item, &ii, e) != 0)
				ii.name[0] = ii.unit[0] = '\0';
			if (godown_name(db, cid, mv->godown, g, sizeof g, e) < 0 && e->code)
				return e->code;
			decimal_format(bq > 0 ? bq : 0, 3, avail, sizeof avail);
			err_set(e, ERR_UNPROCESSABLE, field, "cannot undo the receipt of %s: only %s %s left in stock", ii.name, avail, ii.unit);
			err_reason(e, "insufficient_stock");
			err_detail_qty(e, "available", bq > 0 ? bq : 0);
			err_detail_text(e, "unit", ii.unit);
			err_detail_text(e, "item", ii.name);
			return err_detail_text(e, "godown", g);
		}
		/* The receipt's own layer goes first (what is left of it); only what was sold from it
		 * comes out of the oldest layers. */
		if ((rc = layer_unreceive(db, cid, mv, &left, e)) < 0)
			return rc;
		if (left > 0 && (rc = layers_take(db, cid, mv->item, mv->godown, mv->batch, left, &cost, field, e)) < 0)
			return rc;
	} else if ((rc = layer_add(db, cid, mv->item, mv->godown, mv->date, -mv->qty, -mv->value, mv->batch, mv->expiry, mv->id, field, e)) <
		   0) {
		return rc;
	}
	/* Taking a sale back puts its cost back: the balance it makes must stay within the ceilings. */
	if (qty_add_capped(bq, -mv->qty, &nq) < 0)
		return qty_too_large(e, ERR_UNPROCESSABLE, field);
	if (money_add_capped(bv, -mv->value, &nv) < 0)
		return too_large(field, e);
	if ((rc = db_run(db, sql[SQL_MOVE_OFF], DB_ARGS(DB_I64(mv->id)), e)) < 0 ||
	    (rc = balance_add(db, cid, mv->item, mv->godown, -mv->qty, -mv->value, e)) < 0)
		return rc;
	return named(month_add(db, cid, mv->item, mv->godown, mv->date, -mv->qty, -mv->value, e), field, e);
}
