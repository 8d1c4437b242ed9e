/* costing.c - the one place stock moves: a move written or taken back, the kept balance per item
 * per godown and the month sums the reads at a past date use, an action on stock (struct
 * stock_op) and its refusals. What a move costs, and what the FIFO layers hold, is found by
 * re-costing the item in its godown from the move on, in date order (recost.c): every change to
 * the active moves goes through stock_move or stock_unmove, and then through recost_run. */
#include <stdio.h>
#include <string.h>

#include "inventory/inventory_int.h"
#include "lib/money.h"
#include "lib/qty.h"
#include "lib/text.h"
#include "lib/banned.h"

enum {
	SQL_BALANCE_ENSURE, SQL_BALANCE_LOCK, SQL_BALANCE_ADD, SQL_BATCH_EXPIRY,
	SQL_MONTH_ADD, SQL_GODOWN_MONTH_ADD, SQL_MOVE_INSERT, SQL_MOVE_OFF,
	SQL_MAX
};

static const char *const sql[SQL_MAX] = {
	[SQL_BALANCE_ENSURE] = "INSERT INTO stock_balance(company_id, item_id, godown_id, qty, value) VALUES (?, ?, ?, 0, 0) "
			       "ON CONFLICT (company_id, item_id, godown_id) DO NOTHING",
	/* the portable SELECT ... FOR UPDATE */
	[SQL_BALANCE_LOCK] = "UPDATE stock_balance SET qty = qty WHERE company_id = ? AND item_id = ? AND godown_id = ? RETURNING qty, value",
	[SQL_BALANCE_ADD] = "UPDATE stock_balance SET qty = qty + ?, value = value + ? WHERE company_id = ? AND item_id = ? AND godown_id = ?",
	[SQL_BATCH_EXPIRY] = "SELECT coalesce(max(expiry), '') FROM stock_layers "
			     "WHERE company_id = ? AND item_id = ? AND godown_id = ? AND batch = ? AND qty_left > 0",
	[SQL_MONTH_ADD] = "INSERT INTO stock_month(company_id, item_id, godown_id, month, qty, value) VALUES (?, ?, ?, ?, ?, ?) "
			  "ON CONFLICT (company_id, item_id, month, godown_id) DO UPDATE "
			  "SET qty = stock_month.qty + excluded.qty, value = stock_month.value + excluded.value",
	[SQL_GODOWN_MONTH_ADD] = "INSERT INTO stock_godown_month(company_id, godown_id, month, value) VALUES (?, ?, ?, ?) "
				 "ON CONFLICT (company_id, godown_id, month) DO UPDATE SET value = stock_godown_month.value + excluded.value",
	[SQL_MOVE_INSERT] = "INSERT INTO stock_moves(company_id, item_id, godown_id, date, qty, value, source, voucher_id, journal_id, "
			    "batch, expiry, entry_seq, cost_given, cost_of_move, return_of) "
			    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
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

int stock_insufficient(struct db *db, int64_t cid, int64_t item, int64_t godown, const char *field, int64_t have, const char *batch,
		       struct err *e)
{
	struct item_info ii;
	char g[GODOWN_NAME_SIZE] = "", avail[32];
	int rc = item_info(db, cid, item, &ii, e);
	if (rc == 0)
		rc = godown_name(db, cid, godown, g, sizeof g, e); /* ERR_NOT_FOUND leaves e alone */
	if (rc != 0)
		return e->code ? e->code : err_setr(e, ERR_UNPROCESSABLE, field, "insufficient_stock", "not enough stock");
	int64_t stood = have; /* e->aux: what the stock stood at, as the C interface has always said */
	if (have < 0)
		have = 0;
	decimal_format(have, 3, avail, sizeof avail);
	if (batch)
		err_set(e, ERR_UNPROCESSABLE, field, "not enough of batch %s of %s in %s: %s %s available", batch, ii.name, g, avail, ii.unit);
	else
		err_set(e, ERR_UNPROCESSABLE, field, "not enough stock of %s in %s: %s %s available", ii.name, g, avail, ii.unit);
	e->aux = stood;
	err_reason(e, batch ? "insufficient_batch" : "insufficient_stock");
	err_detail_qty(e, "available", have);
	err_detail_text(e, "unit", ii.unit);
	err_detail_text(e, "item", ii.name);
	return err_detail_text(e, batch ? "batch" : "godown", batch ? batch : g);
}

int stock_unreceivable(struct db *db, int64_t cid, int64_t item, int64_t godown, const char *field, int64_t have, struct err *e)
{
	struct item_info ii;
	char avail[32], g[GODOWN_NAME_SIZE] = "";
	if (item_info(db, cid, item, &ii, e) != 0)
		ii.name[0] = ii.unit[0] = '\0';
	if (godown_name(db, cid, godown, g, sizeof g, e) < 0 && e->code)
		return e->code;
	err_clear(e);
	if (have < 0)
		have = 0;
	decimal_format(have, 3, avail, sizeof avail);
	err_set(e, ERR_UNPROCESSABLE, field, "cannot undo the receipt of %s: only %s %s left in stock", ii.name, avail, ii.unit);
	err_reason(e, "insufficient_stock");
	err_detail_qty(e, "available", have);
	err_detail_text(e, "unit", ii.unit);
	err_detail_text(e, "item", ii.name);
	return err_detail_text(e, "godown", g);
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

/* Adds a move's qty and value (or takes them off again, negated) to the kept balance and to the
 * net movement of its calendar month, per item per godown and per godown (migration 0007). */
int stock_kept_add(struct db *db, int64_t cid, int64_t item, int64_t godown, const char *date, int64_t qty, int64_t value, struct err *e)
{
	char month[8];
	int rc;
	snprintf(month, sizeof month, "%.7s", date);
	rc = db_run(db, sql[SQL_BALANCE_ADD], DB_ARGS(DB_I64(qty), DB_I64(value), DB_I64(cid), DB_I64(item), DB_I64(godown)), e);
	if (rc >= 0)
		rc = db_run(db, sql[SQL_MONTH_ADD],
			    DB_ARGS(DB_I64(cid), DB_I64(item), DB_I64(godown), DB_TEXT(month), DB_I64(qty), DB_I64(value)), e);
	if (rc >= 0)
		rc = db_run(db, sql[SQL_GODOWN_MONTH_ADD], DB_ARGS(DB_I64(cid), DB_I64(godown), DB_TEXT(month), DB_I64(value)), e);
	return rc < 0 ? rc : 0;
}

/* An outward move from a batch takes the batch's expiry when none was given. */
static int batch_expiry(struct db *db, int64_t cid, struct move *m, struct err *e)
{
	int rc = db_text(db, sql[SQL_BATCH_EXPIRY], DB_ARGS(DB_I64(cid), DB_I64(m->item), DB_I64(m->godown), DB_TEXT(m->batch)),
			 m->expiry_found, sizeof m->expiry_found, e);
	if (rc < 0)
		return rc;
	if (!m->expiry || !*m->expiry)
		m->expiry = m->expiry_found;
	return 0;
}

int stock_op_begin(struct db *db, int64_t cid, struct stock_op *op, struct err *e)
{
	memset(op, 0, sizeof *op);
	op->db = db;
	op->cid = cid;
	return inventory_settings_get(db, cid, &op->s, e);
}

int stock_op_end(struct stock_op *op, int rc, struct err *e)
{
	if (rc >= 0)
		rc = recost_run(op, e);
	recost_free(op);
	return rc < 0 ? rc : 0;
}

/* Re-costs now unless the action waits for its end. */
static int settle(struct stock_op *op, struct err *e) { return op->deferred ? 0 : recost_run(op, e); }

int stock_move(struct stock_op *op, struct move *m, struct err *e)
{
	struct db *db = op->db;
	struct stock_pos pos;
	int64_t bal_qty = 0, bal_value = 0, new_qty, new_value, value;
	int given = m->qty > 0 && m->value >= 0 && !m->cost_of_move && !m->return_of;
	int rc;

	if (!qty_fits(m->qty))
		return qty_too_large(e, ERR_INVALID, m->field);
	if (!money_fits(m->value))
		return too_large(m->field, e);
	value = given ? m->value : 0; /* the rest is found by re-costing */
	if ((rc = stock_balance_lock(db, op->cid, m->item, m->godown, &bal_qty, &bal_value, e)) < 0)
		return rc;
	if (m->qty < 0 && m->batch && *m->batch && (rc = batch_expiry(db, op->cid, m, e)) < 0)
		return rc;
	/* The balance after the move, checked here against the ceilings (the row is locked and read). */
	if (qty_add_capped(bal_qty, m->qty, &new_qty) < 0)
		return qty_too_large(e, ERR_UNPROCESSABLE, m->field);
	if (money_add_capped(bal_value, value, &new_value) < 0)
		return too_large(m->field, e);
	if ((rc = db_insert_id(db, sql[SQL_MOVE_INSERT],
			       DB_ARGS(DB_I64(op->cid), DB_I64(m->item), DB_I64(m->godown), DB_TEXT(m->date), DB_I64(m->qty), DB_I64(value),
				       DB_TEXT(m->source), DB_I64_OR_NULL(m->voucher_id), DB_I64_OR_NULL(m->journal_id), DB_TEXT_OR_NULL(m->batch),
				       DB_TEXT_OR_NULL(m->expiry), DB_I64_OR_NULL(m->entry_seq), DB_I64(given), DB_I64_OR_NULL(m->cost_of_move),
				       DB_I64_OR_NULL(m->return_of)),
			       &m->id, e)) < 0)
		return rc;
	if ((rc = named(stock_kept_add(db, op->cid, m->item, m->godown, m->date, m->qty, value, e), m->field, e)) < 0)
		return rc;
	text_copy(pos.date, sizeof pos.date, m->date);
	pos.seq = m->entry_seq ? m->entry_seq : m->id;
	pos.id = m->id;
	if ((rc = recost_note(op, m->item, m->godown, &pos, m->field, m->id, 0, m->qty, m->voucher_id, e)) < 0)
		return rc;
	return settle(op, e);
}

int stock_unmove(struct stock_op *op, const struct move_row *mv, const char *field, struct err *e)
{
	struct db *db = op->db;
	struct stock_pos pos;
	int64_t bq = 0, bv = 0, nq, nv;
	int rc;

	if ((rc = stock_balance_lock(db, op->cid, mv->item, mv->godown, &bq, &bv, e)) < 0)
		return rc;
	/* Taking a sale back puts its cost back: the balance it makes must stay within the ceilings. */
	if (qty_add_capped(bq, -mv->qty, &nq) < 0)
		return qty_too_large(e, ERR_UNPROCESSABLE, field);
	if (money_add_capped(bv, -mv->value, &nv) < 0)
		return too_large(field, e);
	if ((rc = db_run(db, sql[SQL_MOVE_OFF], DB_ARGS(DB_I64(mv->id)), e)) < 0 ||
	    (rc = named(stock_kept_add(db, op->cid, mv->item, mv->godown, mv->date, -mv->qty, -mv->value, e), field, e)) < 0)
		return rc;
	text_copy(pos.date, sizeof pos.date, mv->date);
	pos.seq = mv->seq;
	pos.id = mv->id;
	if ((rc = recost_note(op, mv->item, mv->godown, &pos, field, 0, mv->id, mv->qty, mv->voucher_id, e)) < 0)
		return rc;
	return settle(op, e);
}
