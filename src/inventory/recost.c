/* recost.c - stock costed in date order, whatever order it was entered in.
 *
 * The value of an issue depends on what came in before it (the FIFO layers, or the moving
 * average), and a receipt at the cost of the day (a sales return, production without a rate, a
 * count's surplus, a transfer) on what was there before it. So whenever an action makes, alters
 * or takes back a move, the item is re-costed in that godown from the move's place on: the state
 * just before that place (the quantity and value, and the FIFO layers as they stood then: the
 * layers now with what the later issues took of them given back, stock_takes) and then every
 * later move again, in order (date, place in the day, id), each costed as the company's valuation
 * says. What changed is written back (the moves' values, the layers and what each issue took of
 * them, the kept balance and the month sums), in the action's transaction. Only the item in that
 * godown, and only from that place on, is read and written; a move whose cost comes from one whose
 * cost changed (a transfer's receipt in another godown, a return of a sale or a purchase) has its
 * item and godown re-costed from its own place after.
 *
 * The rule on stock below zero, when the company refuses it, is judged on every day: an action
 * is refused when it would leave the stock of the item in a godown below zero at some place where
 * it was not that low before (or an issue of a batch without the batch's stock it had before). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/inventory_int.h"
#include "lib/log.h"
#include "lib/money.h"
#include "lib/qty.h"
#include "lib/text.h"
#include "lib/banned.h"

/* At most how many re-costings one action makes, per item and godown it touched, before it stops
 * following the moves whose cost comes from others (a return of a sale dated the same day as the
 * sale, each costed from the other, could otherwise go on). */
#define RECOST_RUNS_EACH 16

enum {
	SQL_LOCK, SQL_COSTED, SQL_MOVES, SQL_LIVE, SQL_RESTORED, SQL_COVER, SQL_TAKES_OFF, SQL_LAYERS_OFF,
	SQL_VALUE_OF, SQL_OUT_OF, SQL_IN_OF, SQL_IN_IDS, SQL_LAYER_LEFT, SQL_DEPENDENTS, SQL_BALANCES,
	SQL_SET_VALUE, SQL_SET_VALUES, SQL_LAYER_INSERT, SQL_LAYERS_INSERT, SQL_TAKE_INSERT, SQL_TAKES_INSERT,
	SQL_MAX
};

/* What a re-costing writes goes many rows to a statement (one round trip to PostgreSQL for each),
 * as many as 64 parameters take (the db layer's most, DB_MAX_PARAMS), the rest one by one. */
#define X2(r) r ", " r
#define X4(r) X2(r) ", " X2(r)
#define X8(r) X4(r) ", " X4(r)
#define X32(r) X8(r) ", " X8(r) ", " X8(r) ", " X8(r)
enum { VALUES_MANY = 32, LAYERS_MANY = 6, TAKES_MANY = 8, MANY_MOST = 64 };
#define VALUE_ROW "(CAST(? AS BIGINT), CAST(? AS BIGINT))"
#define LAYER_ROW "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define TAKE_ROW "(?, ?, ?, ?, ?, ?, ?, ?)"
#define LAYER_INSERT "INSERT INTO stock_layers(company_id, item_id, godown_id, date, qty_left, rate, batch, expiry, move_id, entry_seq) VALUES "
#define TAKE_INSERT "INSERT INTO stock_takes(company_id, item_id, godown_id, date, entry_seq, move_id, layer_move_id, qty) VALUES "
/* a move's new value: (id, value) rows */
#define SET_VALUES(rows) "UPDATE stock_moves SET value = v.column2 FROM (VALUES " rows ") AS v WHERE stock_moves.id = v.column1"

/* A place at or after (date, seq, id), for a table whose rows are dated `date` and placed by `seq`
 * and `id`: its five parameters are the day twice, then seq twice and id. */
#define AT_OR_AFTER(seq, id) "date >= ? AND (date > ? OR " seq " > ? OR (" seq " = ? AND " id " >= ?))"
#define TAKES_FROM "FROM stock_takes WHERE company_id = ? AND item_id = ? AND godown_id = ? AND " AT_OR_AFTER("entry_seq", "move_id")

static const char *const sql[SQL_MAX] = {
	[SQL_LOCK] = "UPDATE stock_balance SET qty = qty WHERE company_id = ? AND item_id = ? AND godown_id = ? RETURNING qty, value, costed",
	[SQL_COSTED] = "UPDATE stock_balance SET costed = 1 WHERE company_id = ? AND item_id = ? AND godown_id = ?",
	[SQL_MOVES] = "SELECT id, date, coalesce(entry_seq, id), qty, value, coalesce(voucher_id, 0), cost_given, coalesce(cost_of_move, 0), "
		      "coalesce(return_of, 0), coalesce(batch, ''), coalesce(expiry, '') FROM stock_moves "
		      "WHERE company_id = ? AND item_id = ? AND godown_id = ? AND active = 1 AND date >= ? "
		      "ORDER BY date, coalesce(entry_seq, id), id",
#define LAYER_COLS "id, date, coalesce(entry_seq, move_id), move_id, qty_left, rate, coalesce(batch, ''), coalesce(expiry, '')"
	/* what is left of receipts and what issues without stock owe, up to the place's day */
	[SQL_LIVE] = "SELECT " LAYER_COLS ", 0 FROM stock_layers WHERE company_id = ? AND item_id = ? AND godown_id = ? AND qty_left > 0 "
		     "AND date <= ? UNION ALL "
		     "SELECT " LAYER_COLS ", 0 FROM stock_layers WHERE company_id = ? AND item_id = ? AND godown_id = ? AND qty_left < 0 "
		     "AND date <= ?",
	[SQL_RESTORED] = "SELECT l.id, l.date, coalesce(l.entry_seq, l.move_id), l.move_id, l.qty_left, l.rate, coalesce(l.batch, ''), "
			 "coalesce(l.expiry, ''), t.q FROM (SELECT layer_move_id, sum(qty) AS q " TAKES_FROM " GROUP BY layer_move_id) t "
			 "JOIN stock_layers l ON l.company_id = ? AND l.move_id = t.layer_move_id",
	[SQL_COVER] = "SELECT move_id, sum(qty) " TAKES_FROM " GROUP BY move_id",
	[SQL_TAKES_OFF] = "DELETE " TAKES_FROM,
	[SQL_LAYERS_OFF] = "DELETE FROM stock_layers WHERE company_id = ? AND item_id = ? AND godown_id = ? AND "
			   AT_OR_AFTER("coalesce(entry_seq, move_id)", "move_id"),
	[SQL_VALUE_OF] = "SELECT value FROM stock_moves WHERE company_id = ? AND id = ? AND active = 1",
	/* what a voucher's issues of an item cost, and what its receipts of it came in at */
	[SQL_OUT_OF] = "SELECT coalesce(sum(-value), 0), coalesce(sum(-qty), 0) FROM stock_moves "
		       "WHERE company_id = ? AND voucher_id = ? AND item_id = ? AND active = 1 AND qty < 0",
	[SQL_IN_OF] = "SELECT coalesce(sum(value), 0), coalesce(sum(qty), 0) FROM stock_moves "
		      "WHERE company_id = ? AND voucher_id = ? AND item_id = ? AND active = 1 AND qty > 0",
	[SQL_IN_IDS] = "SELECT id FROM stock_moves WHERE company_id = ? AND voucher_id = ? AND item_id = ? AND godown_id = ? "
		       "AND active = 1 AND qty > 0",
	[SQL_LAYER_LEFT] = "UPDATE stock_layers SET qty_left = ? WHERE id = ?",
	[SQL_BALANCES] = "SELECT item_id, godown_id FROM stock_balance WHERE company_id = ? ORDER BY item_id, godown_id",
	[SQL_SET_VALUE] = SET_VALUES(VALUE_ROW),
	[SQL_SET_VALUES] = SET_VALUES(X32(VALUE_ROW)),
	[SQL_LAYER_INSERT] = LAYER_INSERT LAYER_ROW,
	[SQL_LAYERS_INSERT] = LAYER_INSERT X4(LAYER_ROW) ", " X2(LAYER_ROW),
	[SQL_TAKE_INSERT] = TAKE_INSERT TAKE_ROW,
	[SQL_TAKES_INSERT] = TAKE_INSERT X8(TAKE_ROW),
	[SQL_DEPENDENTS] = "SELECT id, godown_id, date, coalesce(entry_seq, id), coalesce(cost_of_move, 0), coalesce(return_of, 0) "
			   "FROM stock_moves WHERE company_id = ? AND item_id = ? AND (cost_of_move IS NOT NULL OR return_of IS NOT NULL) "
			   "AND active = 1",
};

/* A move this action made (fresh) or took back (gone), as the rule on stock below zero needs it. */
struct noted {
	struct stock_pos pos;
	int64_t qty, voucher_id;
	int gone;
	char field[48];
};

struct recost_entry {
	int64_t item, godown;
	struct stock_pos pos;   /* re-cost from here */
	int queued;
	int runs;               /* how many times this action re-costed it */
	int n, cap;
	struct noted *v;
};

/* One move as the re-costing sees it. */
struct rmove {
	int64_t id, seq, qty, value, stored, voucher_id, cost_of_move, return_of;
	int64_t cover_old;      /* what it took of its batch's layers before */
	int given;
	const struct noted *fresh, *gone; /* made or taken back by this action */
	char date[11], batch[BATCH_SIZE], expiry[EXPIRY_SIZE];
};

struct rlayer {
	int64_t id;             /* 0: made by this re-costing */
	int64_t move_id, seq;
	int64_t stored, left;   /* what the row holds, and what is left at this point of the replay */
	int64_t rate;
	char date[11], batch[BATCH_SIZE], expiry[EXPIRY_SIZE];
};

struct rtake {
	size_t move, layer;     /* indexes */
	int64_t qty;
};

/* The replay of one item in one godown. */
struct replay {
	struct stock_op *op;
	struct recost_entry *en; /* not after cascade(), which may move it */
	int64_t item, godown;
	struct stock_pos pos;
	int64_t q, v;           /* the running quantity and value */
	struct rmove *m;
	size_t nm, capm;
	struct rlayer *l;
	size_t nl, capl, lo;    /* lo: no layer before it has anything left */
	size_t owed;            /* layers below zero there may be */
	struct rtake *t;
	size_t nt, capt;
	int has_batch;
	/* the rule on stock below zero: the running quantity before this action, now, and now without
	 * what it made; the lowest `base` from its first new issue on, and `old` from its first gone
	 * receipt on */
	int64_t run_old, run_new, run_base, min_base, min_old;
	int seen_issue, seen_undo;
	const char *issue_field, *undo_field;
};

static int oom(struct err *e) { return err_set(e, ERR_INTERNAL, NULL, "out of memory"); }
static int too_large(const char *field, struct err *e) { return money_too_large(e, ERR_UNPROCESSABLE, field); }

static int grow(void **p, size_t *cap, size_t n, size_t size)
{
	void *q;
	size_t c;
	if (n < *cap)
		return 0;
	c = *cap ? *cap * 2 : 16;
	if (!(q = realloc(*p, c * size)))
		return -1;
	*p = q;
	*cap = c;
	return 0;
}

static int pos_cmp(const char *date, int64_t seq, int64_t id, const struct stock_pos *p)
{
	int c = strcmp(date, p->date);
	if (c)
		return c;
	if (seq != p->seq)
		return seq < p->seq ? -1 : 1;
	return id < p->id ? -1 : id > p->id;
}

/* ---- what an action noted ---- */

int recost_note(struct stock_op *op, int64_t item, int64_t godown, const struct stock_pos *pos, const char *field, int64_t inserted,
		int64_t gone, int64_t qty, int64_t voucher_id, struct err *e)
{
	struct recost_entry *en = NULL;
	for (int i = 0; i < op->n && !en; i++)
		if (op->v[i].item == item && op->v[i].godown == godown)
			en = &op->v[i];
	if (!en) {
		size_t cap = (size_t)op->cap;
		if (grow((void **)&op->v, &cap, (size_t)op->n, sizeof *op->v) < 0)
			return oom(e);
		op->cap = (int)cap;
		en = &op->v[op->n++];
		memset(en, 0, sizeof *en);
		en->item = item;
		en->godown = godown;
	}
	if (!en->queued || pos_cmp(pos->date, pos->seq, pos->id, &en->pos) < 0)
		en->pos = *pos;
	en->queued = 1;
	if (inserted || gone) {
		size_t cap = (size_t)en->cap;
		struct noted *nt;
		if (grow((void **)&en->v, &cap, (size_t)en->n, sizeof *en->v) < 0)
			return oom(e);
		en->cap = (int)cap;
		nt = &en->v[en->n++];
		nt->pos = *pos;
		nt->qty = qty;
		nt->voucher_id = voucher_id;
		nt->gone = gone != 0;
		text_copy(nt->field, sizeof nt->field, field ? field : "");
	}
	return 0;
}

void recost_free(struct stock_op *op)
{
	for (int i = 0; i < op->n; i++)
		free(op->v[i].v);
	free(op->v);
	op->v = NULL;
	op->n = op->cap = 0;
}

/* ---- the state before the place: moves from it, layers before it ---- */

static int move_row(void *p, struct db_stmt *st, struct err *e)
{
	struct replay *r = p;
	struct rmove *m;
	const char *date = db_col_text(st, 1);
	int64_t seq = db_col_i64(st, 2), id = db_col_i64(st, 0);
	if (pos_cmp(date, seq, id, &r->pos) < 0)
		return 0;
	if (grow((void **)&r->m, &r->capm, r->nm, sizeof *r->m) < 0)
		return oom(e);
	m = &r->m[r->nm++];
	memset(m, 0, sizeof *m);
	m->id = id;
	text_copy(m->date, sizeof m->date, date);
	m->seq = seq;
	m->qty = db_col_i64(st, 3);
	m->stored = m->value = db_col_i64(st, 4);
	m->voucher_id = db_col_i64(st, 5);
	m->given = db_col_i64(st, 6) != 0;
	m->cost_of_move = db_col_i64(st, 7);
	m->return_of = db_col_i64(st, 8);
	text_copy(m->batch, sizeof m->batch, db_col_text(st, 9));
	text_copy(m->expiry, sizeof m->expiry, db_col_text(st, 10));
	r->has_batch |= m->batch[0] != '\0';
	return 0;
}

static int rmove_cmp(const void *a, const void *b)
{
	const struct rmove *x = a, *y = b;
	struct stock_pos p;
	text_copy(p.date, sizeof p.date, y->date);
	p.seq = y->seq;
	p.id = y->id;
	return pos_cmp(x->date, x->seq, x->id, &p);
}

/* The moves from the place on (active now, and those this action took back), in order; what the
 * action made or took back is marked. */
static int load_moves(struct replay *r, struct err *e)
{
	struct recost_entry *en = r->en;
	struct stock_op *op = r->op;
	int rc = db_each(op->db, sql[SQL_MOVES], DB_ARGS(DB_I64(op->cid), DB_I64(en->item), DB_I64(en->godown), DB_TEXT(r->pos.date)),
			 move_row, r, e);
	if (rc < 0)
		return rc;
	for (int i = 0; i < en->n; i++) {
		const struct noted *nt = &en->v[i];
		struct rmove *m = NULL;
		if (!nt->gone) {
			for (size_t k = 0; k < r->nm && !m; k++)
				if (r->m[k].id == nt->pos.id)
					m = &r->m[k];
			if (m)
				m->fresh = nt;
			continue;
		}
		if (grow((void **)&r->m, &r->capm, r->nm, sizeof *r->m) < 0)
			return oom(e);
		m = &r->m[r->nm++];
		memset(m, 0, sizeof *m);
		m->id = nt->pos.id;
		m->seq = nt->pos.seq;
		text_copy(m->date, sizeof m->date, nt->pos.date);
		m->qty = nt->qty;
		m->voucher_id = nt->voucher_id;
		m->gone = nt;
	}
	if (r->nm > 1)
		qsort(r->m, r->nm, sizeof *r->m, rmove_cmp);
	return 0;
}

static struct rlayer *layer_new(struct replay *r, struct err *e)
{
	struct rlayer *l;
	if (grow((void **)&r->l, &r->capl, r->nl, sizeof *r->l) < 0) {
		oom(e);
		return NULL;
	}
	l = &r->l[r->nl++];
	memset(l, 0, sizeof *l);
	return l;
}

/* A layer before the place: live now, or given back what the later issues took of it (col 8). */
static int layer_row(void *p, struct db_stmt *st, struct err *e)
{
	struct replay *r = p;
	struct rlayer *l = NULL;
	int64_t id = db_col_i64(st, 0), seq = db_col_i64(st, 2), move_id = db_col_i64(st, 3), back = db_col_i64(st, 8);
	const char *date = db_col_text(st, 1);
	if (pos_cmp(date, seq, move_id, &r->pos) >= 0)
		return 0; /* made again from its move */
	for (size_t k = 0; back && k < r->nl && !l; k++)
		if (r->l[k].id == id)
			l = &r->l[k];
	if (l) {
		l->left += back;
		return 0;
	}
	if (!(l = layer_new(r, e)))
		return e->code;
	l->id = id;
	text_copy(l->date, sizeof l->date, date);
	l->seq = seq;
	l->move_id = move_id;
	l->stored = db_col_i64(st, 4);
	l->left = l->stored + back;
	r->owed += l->left < 0;
	l->rate = db_col_i64(st, 5);
	text_copy(l->batch, sizeof l->batch, db_col_text(st, 6));
	text_copy(l->expiry, sizeof l->expiry, db_col_text(st, 7));
	return 0;
}

static int rlayer_cmp(const void *a, const void *b)
{
	const struct rlayer *x = a, *y = b;
	struct stock_pos p;
	text_copy(p.date, sizeof p.date, y->date);
	p.seq = y->seq;
	p.id = y->move_id;
	return pos_cmp(x->date, x->seq, x->move_id, &p);
}

/* Binds the five parameters of AT_OR_AFTER from a[k] on; returns the next index. */
static size_t args_at(struct db_arg *a, size_t k, const struct stock_pos *p)
{
	a[k++] = DB_TEXT(p->date);
	a[k++] = DB_TEXT(p->date);
	a[k++] = DB_I64(p->seq);
	a[k++] = DB_I64(p->seq);
	a[k++] = DB_I64(p->id);
	return k;
}

static int cover_row(void *p, struct db_stmt *st, struct err *e)
{
	struct replay *r = p;
	int64_t id = db_col_i64(st, 0);
	(void)e;
	for (size_t k = 0; k < r->nm; k++)
		if (r->m[k].id == id)
			r->m[k].cover_old = db_col_i64(st, 1);
	return 0;
}

/* The FIFO layers as they stood just before the place; then what is after it goes (the takes and
 * layers are made again as the moves are costed again). */
static int load_layers(struct replay *r, struct err *e)
{
	struct recost_entry *en = r->en;
	struct stock_op *op = r->op;
	struct db_arg a[10];
	size_t k = 0;
	int rc;

	rc = db_each(op->db, sql[SQL_LIVE],
		     DB_ARGS(DB_I64(op->cid), DB_I64(en->item), DB_I64(en->godown), DB_TEXT(r->pos.date), DB_I64(op->cid), DB_I64(en->item),
			     DB_I64(en->godown), DB_TEXT(r->pos.date)),
		     layer_row, r, e);
	a[k++] = DB_I64(op->cid);
	a[k++] = DB_I64(en->item);
	a[k++] = DB_I64(en->godown);
	k = args_at(a, k, &r->pos);
	a[k++] = DB_I64(op->cid);
	if (rc >= 0)
		rc = db_each(op->db, sql[SQL_RESTORED], a, k, layer_row, r, e);
	if (rc >= 0 && r->has_batch && !op->s.warn_negative)
		rc = db_each(op->db, sql[SQL_COVER], a, k - 1, cover_row, r, e);
	if (rc >= 0)
		rc = db_run(op->db, sql[SQL_TAKES_OFF], a, k - 1, e);
	if (rc >= 0)
		rc = db_run(op->db, sql[SQL_LAYERS_OFF], a, k - 1, e);
	if (rc < 0)
		return rc;
	if (r->nl > 1)
		qsort(r->l, r->nl, sizeof *r->l, rlayer_cmp);
	return 0;
}

/* ---- costing each move again ---- */

/* The first field the action named, for a refusal of what it makes happen later. */
static const char *entry_field(const struct recost_entry *en)
{
	for (int i = 0; i < en->n; i++)
		if (en->v[i].field[0])
			return en->v[i].field;
	return NULL;
}

static int in_ids(const int64_t *v, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == id)
			return 1;
	return 0;
}

static int take_add(struct replay *r, size_t mi, size_t li, int64_t qty, struct err *e)
{
	struct rtake *t;
	if (grow((void **)&r->t, &r->capt, r->nt, sizeof *r->t) < 0)
		return oom(e);
	t = &r->t[r->nt++];
	t->move = mi;
	t->layer = li;
	t->qty = qty;
	r->l[li].left -= qty;
	return 0;
}

/* Takes out of the layers, oldest first (only the batch's when the move names one; the layers
 * of the moves `prefer` first): *ret_cost what they cost (beyond them, at the rate of the last
 * one taken), *ret_covered how much they held. */
static int take(struct replay *r, size_t mi, const int64_t *prefer, size_t nprefer, int64_t *ret_cost, int64_t *ret_covered,
		struct err *e)
{
	const struct rmove *m = &r->m[mi];
	int64_t out = -m->qty, need = out, cost = 0, last = 0, part;
	for (int pass = nprefer ? 0 : 1; pass < 2 && need > 0; pass++) {
		for (size_t i = pass ? r->lo : 0; i < r->nl && need > 0; i++) {
			struct rlayer *l = &r->l[i];
			int64_t n;
			int rc;
			if (l->left <= 0 || (m->batch[0] && strcmp(l->batch, m->batch) != 0) || (!pass && !in_ids(prefer, nprefer, l->move_id)))
				continue;
			n = l->left < need ? l->left : need;
			last = l->rate;
			if (qty_value(n, l->rate, &part) < 0 || money_add_capped(cost, part, &cost) < 0)
				return too_large(entry_field(r->en), e);
			if ((rc = take_add(r, mi, i, n, e)) < 0)
				return rc;
			need -= n;
		}
	}
	while (r->lo < r->nl && r->l[r->lo].left <= 0)
		r->lo++;
	if (need > 0) {
		/* beyond the layers (stock below zero): at the last rate, and a layer of what is owed,
		 * which the next receipt makes good before it keeps anything */
		struct rlayer *l;
		if (qty_value(need, last, &part) < 0 || money_add_capped(cost, part, &cost) < 0)
			return too_large(entry_field(r->en), e);
		if (!(l = layer_new(r, e)))
			return e->code;
		l->move_id = m->id;
		l->seq = m->seq;
		text_copy(l->date, sizeof l->date, m->date);
		l->left = -need;
		l->rate = last;
		text_copy(l->batch, sizeof l->batch, m->batch);
		text_copy(l->expiry, sizeof l->expiry, m->expiry);
		r->owed++;
	}
	*ret_cost = cost;
	*ret_covered = out - need;
	return 0;
}

/* What voucher `voucher`'s moves of the item cost (which: its issues or its receipts), as they
 * stand before move `upto` of the replay: 1 with *ret_value and *ret_qty when it has any, 0 when
 * none, <0. */
static int voucher_cost(struct replay *r, int which, int64_t voucher, size_t upto, int64_t *ret_value, int64_t *ret_qty, struct err *e)
{
	struct db_stmt *st;
	int rc = db_one(r->op->db, sql[which], DB_ARGS(DB_I64(r->op->cid), DB_I64(voucher), DB_I64(r->item)), &st, e);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE)
		return 0;
	*ret_value = db_col_i64(st, 0);
	*ret_qty = db_col_i64(st, 1);
	db_done(st);
	/* the voucher's moves costed again before this point of the replay are written only at its
	 * end: what they cost now, not what the rows still say */
	for (size_t i = 0; i < upto; i++) {
		const struct rmove *m = &r->m[i];
		if (!m->gone && m->voucher_id == voucher && (which == SQL_OUT_OF ? m->qty < 0 : m->qty > 0) &&
		    __builtin_add_overflow(*ret_value, which == SQL_OUT_OF ? m->stored - m->value : m->value - m->stored, ret_value))
			return too_large(entry_field(r->en), e);
	}
	return *ret_qty > 0;
}

static int prefer_row(void *p, struct db_stmt *st, struct err *e)
{
	int64_t *v = p; /* v[0]: how many of the 8 after it */
	(void)e;
	if (v[0] < 8)
		v[1 + v[0]++] = db_col_i64(st, 0);
	return 0;
}

/* An issue: out of the layers, at the cost the valuation says (a purchase return: at the cost its
 * purchase came in at, out of that purchase's layers first). The last unit takes what is left,
 * so value never drifts (under FIFO too, whose layers keep a rate rounded to the paisa). */
static int issue(struct replay *r, size_t mi, struct err *e)
{
	struct rmove *m = &r->m[mi];
	struct stock_op *op = r->op;
	int64_t out = -m->qty, cost = 0, covered = 0, c = 0, q = 0, prefer[9] = {0};
	int origin = 0, rc;

	if (m->return_of) {
		if ((origin = voucher_cost(r, SQL_IN_OF, m->return_of, mi, &c, &q, e)) < 0)
			return origin;
		if ((rc = db_each(op->db, sql[SQL_IN_IDS],
				  DB_ARGS(DB_I64(op->cid), DB_I64(m->return_of), DB_I64(r->item), DB_I64(r->godown)), prefer_row, prefer, e)) < 0)
			return rc;
	}
	if ((rc = take(r, mi, prefer + 1, (size_t)prefer[0], &cost, &covered, e)) < 0)
		return rc;
	if (origin) {
		if (money_muldiv_capped(out, c, q, MONEY_ROUND_HALF_UP, &cost) < 0)
			return too_large(entry_field(r->en), e);
	} else if (op->s.valuation == VALUATION_AVERAGE) {
		cost = 0;
		if (r->q > 0 && money_muldiv(out < r->q ? out : r->q, r->v, r->q, MONEY_ROUND_HALF_UP, &cost) < 0)
			return too_large(entry_field(r->en), e);
	}
	if (out >= r->q && r->q > 0)
		cost = r->v;
	m->value = -cost;
	/* a batch's stock below zero: an issue this action makes needs all of it; a later one keeps
	 * what it had */
	if (m->batch[0] && !op->s.warn_negative && covered < (m->fresh ? out : m->cover_old))
		return stock_insufficient(op->db, op->cid, r->item, r->godown, m->fresh ? m->fresh->field : entry_field(r->en),
					  covered, m->batch, e);
	return 0;
}

/* A receipt: its given value, or the cost of the issue it moves (a transfer), or what its sale
 * went out at (a sales return), else the cost of the day (the stock's value per unit); then its
 * FIFO layer. */
static int receipt(struct replay *r, size_t mi, struct err *e)
{
	struct rmove *m = &r->m[mi];
	struct stock_op *op = r->op;
	struct rlayer *l;
	int64_t c = 0, q = 0;
	int found = m->given, rc;

	if (!found && m->cost_of_move) {
		struct db_stmt *st;
		if ((rc = db_one(op->db, sql[SQL_VALUE_OF], DB_ARGS(DB_I64(op->cid), DB_I64(m->cost_of_move)), &st, e)) < 0)
			return rc;
		if (rc == DB_ROW) {
			m->value = -db_col_i64(st, 0);
			db_done(st);
			found = money_fits(m->value);
		}
	} else if (!found && m->return_of) {
		if ((rc = voucher_cost(r, SQL_OUT_OF, m->return_of, mi, &c, &q, e)) < 0)
			return rc;
		if (rc && money_muldiv_capped(m->qty, c, q, MONEY_ROUND_HALF_UP, &m->value) < 0)
			return too_large(entry_field(r->en), e);
		found = rc;
	}
	if (!found) {
		m->value = 0;
		if (r->q > 0 && money_muldiv_capped(m->qty, r->v, r->q, MONEY_ROUND_HALF_UP, &m->value) < 0)
			return too_large(entry_field(r->en), e);
	}
	if (!(l = layer_new(r, e)))
		return e->code;
	l->move_id = m->id;
	l->seq = m->seq;
	text_copy(l->date, sizeof l->date, m->date);
	l->left = m->qty;
	/* what was issued without stock (of its batch) is made good first, oldest first */
	for (size_t i = 0; r->owed && l->left > 0 && i + 1 < r->nl; i++) {
		struct rlayer *o = &r->l[i];
		int64_t n;
		if (o->left >= 0 || strcmp(o->batch, m->batch) != 0)
			continue;
		n = -o->left < l->left ? -o->left : l->left;
		l->left -= n;
		if ((rc = take_add(r, mi, i, -n, e)) < 0)
			return rc;
	}
	text_copy(l->batch, sizeof l->batch, m->batch);
	text_copy(l->expiry, sizeof l->expiry, m->expiry);
	/* paise per unit, rounded; within the ceiling of amounts */
	if (money_muldiv_capped(m->value, QTY_SCALE, m->qty, MONEY_ROUND_HALF_UP, &l->rate) < 0)
		return too_large(entry_field(r->en), e);
	return 0;
}

/* The running quantities after move m, for the rule on stock below zero (see struct replay). */
static void run_step(struct replay *r, const struct rmove *m)
{
	if (m->fresh && m->qty < 0 && !r->seen_issue) {
		r->seen_issue = 1;
		r->issue_field = m->fresh->field;
	}
	if (m->gone) {
		r->run_old += m->qty;
		if (m->qty > 0 && !r->seen_undo) {
			r->seen_undo = 1;
			r->undo_field = m->gone->field;
			r->min_old = r->run_old;
		}
	} else {
		r->run_new += m->qty;
		if (!m->fresh) {
			r->run_old += m->qty;
			r->run_base += m->qty;
		}
	}
	if (r->seen_issue && r->run_base < r->min_base)
		r->min_base = r->run_base;
	if (r->seen_undo && r->run_old < r->min_old)
		r->min_old = r->run_old;
}

/* Costs every move from the place on, in order; refuses what would leave stock below zero (after
 * going through to the end, for what was there at the lowest). */
static int replay_moves(struct replay *r, struct err *e)
{
	struct stock_op *op = r->op;
	int below = 0, rc;

	r->run_old = r->run_new = r->run_base = r->q;
	r->min_base = r->min_old = INT64_MAX;
	for (size_t i = 0; i < r->nm; i++) {
		struct rmove *m = &r->m[i];
		if (!m->gone) {
			if ((rc = m->qty < 0 ? issue(r, i, e) : receipt(r, i, e)) < 0)
				return rc;
			if (qty_add_capped(r->q, m->qty, &r->q) < 0)
				return qty_too_large(e, ERR_UNPROCESSABLE, entry_field(r->en));
			if (money_add_capped(r->v, m->value, &r->v) < 0)
				return too_large(entry_field(r->en), e);
		}
		run_step(r, m);
		below |= !op->s.warn_negative && r->run_new < 0 && r->run_new < r->run_old;
	}
	if (!below)
		return 0;
	if (r->seen_issue)
		return stock_insufficient(op->db, op->cid, r->item, r->godown, r->issue_field, r->min_base, NULL, e);
	if (r->seen_undo)
		return stock_unreceivable(op->db, op->cid, r->item, r->godown, r->undo_field, r->min_old, e);
	return stock_insufficient(op->db, op->cid, r->item, r->godown, entry_field(r->en), r->run_new, NULL, e);
}

/* ---- writing back ---- */

struct month_delta {
	char month[8];
	int64_t value;
};

/* Writes rows i of `idx` (n of them), `nmany` at a time through statement `many` and the rest one
 * by one through `one`; fill() puts row k's `cols` arguments at a. */
static int bulk(struct replay *r, int one, int many, size_t nmany, size_t cols, const size_t *idx, size_t n,
		void (*fill)(const struct replay *r, size_t k, struct db_arg *a), struct err *e)
{
	struct db_arg a[MANY_MOST];
	int rc = 0;
	for (size_t i = 0; rc >= 0 && i < n;) {
		size_t rows = n - i >= nmany ? nmany : 1;
		for (size_t j = 0; j < rows; j++)
			fill(r, idx[i + j], a + j * cols);
		rc = db_run(r->op->db, sql[rows > 1 ? many : one], a, rows * cols, e);
		i += rows;
	}
	return rc < 0 ? rc : 0;
}

static void fill_value(const struct replay *r, size_t k, struct db_arg *a)
{
	a[0] = DB_I64(r->m[k].id);
	a[1] = DB_I64(r->m[k].value);
}

static void fill_layer(const struct replay *r, size_t k, struct db_arg *a)
{
	const struct rlayer *l = &r->l[k];
	a[0] = DB_I64(r->op->cid);
	a[1] = DB_I64(r->item);
	a[2] = DB_I64(r->godown);
	a[3] = DB_TEXT(l->date);
	a[4] = DB_I64(l->left);
	a[5] = DB_I64(l->rate);
	a[6] = DB_TEXT_OR_NULL(l->batch);
	a[7] = DB_TEXT_OR_NULL(l->expiry);
	a[8] = DB_I64(l->move_id);
	a[9] = DB_I64_OR_NULL(l->seq == l->move_id ? 0 : l->seq);
}

static void fill_take(const struct replay *r, size_t k, struct db_arg *a)
{
	const struct rtake *t = &r->t[k];
	const struct rmove *m = &r->m[t->move];
	a[0] = DB_I64(r->op->cid);
	a[1] = DB_I64(r->item);
	a[2] = DB_I64(r->godown);
	a[3] = DB_TEXT(m->date);
	a[4] = DB_I64(m->seq);
	a[5] = DB_I64(m->id);
	a[6] = DB_I64(r->l[t->layer].move_id);
	a[7] = DB_I64(t->qty);
}

/* What the re-costing moved into the kept balance and each month's sums. */
static int month_deltas(struct replay *r, struct err *e)
{
	struct month_delta *d = NULL;
	size_t nd = 0, capd = 0;
	int rc = 0;
	for (size_t i = 0; rc >= 0 && i < r->nm; i++) {
		const struct rmove *m = &r->m[i];
		size_t k = 0;
		if (m->gone || m->value == m->stored)
			continue;
		while (k < nd && strncmp(d[k].month, m->date, 7) != 0)
			k++;
		if (k == nd) {
			if (grow((void **)&d, &capd, nd, sizeof *d) < 0) {
				rc = oom(e);
				break;
			}
			snprintf(d[nd].month, sizeof d[nd].month, "%.7s", m->date);
			d[nd++].value = 0;
		}
		if (money_add_capped(d[k].value, m->value - m->stored, &d[k].value) < 0)
			rc = too_large(entry_field(r->en), e); /* both within the ceiling: their difference fits in int64 */
	}
	for (size_t k = 0; rc >= 0 && k < nd; k++)
		if (d[k].value)
			rc = stock_kept_add(r->op->db, r->op->cid, r->item, r->godown, d[k].month, 0, d[k].value, e);
	free(d);
	return rc;
}

/* The moves' new values, the layers (made again, or what is left of them changed), what each
 * issue took of them, and the kept balance and month sums. */
static int write_back(struct replay *r, struct err *e)
{
	size_t *idx, n = 0, most = r->nm > r->nl ? r->nm : r->nl;
	int rc = 0;

	if (r->nt > most)
		most = r->nt;
	if (!(idx = malloc((most ? most : 1) * sizeof *idx)))
		return oom(e);
	for (size_t i = 0; i < r->nm; i++)
		if (!r->m[i].gone && r->m[i].value != r->m[i].stored)
			idx[n++] = i;
	rc = bulk(r, SQL_SET_VALUE, SQL_SET_VALUES, VALUES_MANY, 2, idx, n, fill_value, e);
	n = 0;
	for (size_t i = 0; i < r->nl; i++) {
		const struct rlayer *l = &r->l[i];
		if (!l->id)
			idx[n++] = i;
		else if (rc >= 0 && l->left != l->stored)
			rc = db_run(r->op->db, sql[SQL_LAYER_LEFT], DB_ARGS(DB_I64(l->left), DB_I64(l->id)), e);
	}
	if (rc >= 0)
		rc = bulk(r, SQL_LAYER_INSERT, SQL_LAYERS_INSERT, LAYERS_MANY, 10, idx, n, fill_layer, e);
	for (size_t i = 0; i < r->nt; i++)
		idx[i] = i;
	if (rc >= 0)
		rc = bulk(r, SQL_TAKE_INSERT, SQL_TAKES_INSERT, TAKES_MANY, 8, idx, r->nt, fill_take, e);
	free(idx);
	if (rc >= 0)
		rc = month_deltas(r, e);
	if (rc < 0 && e->code == ERR_UNPROCESSABLE && !e->field[0] && entry_field(r->en))
		text_copy(e->field, sizeof e->field, entry_field(r->en));
	return rc < 0 ? rc : 0;
}

/* ---- the moves whose cost comes from one that changed ---- */

struct changed {
	int64_t id, voucher_id;
	size_t at;              /* its index among the replay's moves */
};

struct dependents {
	struct replay *r;
	const struct changed *c;
	size_t nc;
};

/* A move whose cost comes from a changed one is re-costed from its own place: in another godown,
 * or here when it comes before the move it depends on (after it, it was costed already). */
static int dependent_row(void *p, struct db_stmt *st, struct err *e)
{
	struct dependents *d = p;
	struct replay *r = d->r;
	struct stock_pos pos;
	int64_t godown = db_col_i64(st, 1), of = db_col_i64(st, 4), ret = db_col_i64(st, 5);
	text_copy(pos.date, sizeof pos.date, db_col_text(st, 2));
	pos.seq = db_col_i64(st, 3);
	pos.id = db_col_i64(st, 0);
	for (size_t i = 0; i < d->nc; i++) {
		const struct rmove *m = &r->m[d->c[i].at];
		struct stock_pos at;
		if (!((of && of == d->c[i].id) || (ret && ret == d->c[i].voucher_id)))
			continue;
		text_copy(at.date, sizeof at.date, m->date);
		at.seq = m->seq;
		at.id = m->id;
		if (godown == r->godown && pos_cmp(pos.date, pos.seq, pos.id, &at) > 0)
			continue;
		return recost_note(r->op, r->item, godown, &pos, NULL, 0, 0, 0, 0, e);
	}
	return 0;
}

static int cascade(struct replay *r, struct err *e)
{
	struct changed *c = NULL;
	size_t nc = 0, capc = 0;
	int rc = 0;
	for (size_t i = 0; i < r->nm; i++) {
		const struct rmove *m = &r->m[i];
		if (!m->fresh && !m->gone && m->value == m->stored)
			continue;
		if (grow((void **)&c, &capc, nc, sizeof *c) < 0) {
			free(c);
			return oom(e);
		}
		c[nc].id = m->id;
		c[nc].voucher_id = m->voucher_id;
		c[nc++].at = i;
	}
	if (nc) {
		struct dependents d = {r, c, nc};
		rc = db_each(r->op->db, sql[SQL_DEPENDENTS], DB_ARGS(DB_I64(r->op->cid), DB_I64(r->item)), dependent_row, &d, e);
	}
	free(c);
	return rc;
}

/* ---- one item in one godown, and the whole action ---- */

/* Re-costs the entry at index ei (which a dependent noted may move: recost_note grows op->v). */
static int replay_entry(struct stock_op *op, int ei, struct err *e)
{
	struct replay r;
	struct db_stmt *st;
	struct recost_entry *en = &op->v[ei];
	int64_t bq = 0, bv = 0, sq = 0, sv = 0, item = en->item, godown = en->godown;
	int costed = 1, rc;

	memset(&r, 0, sizeof r);
	r.op = op;
	r.en = en;
	r.item = item;
	r.godown = godown;
	r.pos = en->pos;
	en->queued = 0;
	rc = db_one(op->db, sql[SQL_LOCK], DB_ARGS(DB_I64(op->cid), DB_I64(item), DB_I64(godown)), &st, e);
	if (rc == DB_ROW) {
		bq = db_col_i64(st, 0);
		bv = db_col_i64(st, 1);
		costed = db_col_i64(st, 2) != 0;
		db_done(st);
	}
	if (!costed) /* costed before this version: from its first move */
		memset(&r.pos, 0, sizeof r.pos);
	if (rc >= 0)
		rc = load_moves(&r, e);
	for (size_t i = 0; rc >= 0 && i < r.nm; i++)
		if (!r.m[i].gone && (__builtin_add_overflow(sq, r.m[i].qty, &sq) || __builtin_add_overflow(sv, r.m[i].stored, &sv)))
			rc = money_range_err(e, "the moves of an item are beyond the range of figures");
	/* the state just before the place: the kept balance less every move from it on */
	if (rc >= 0 && (__builtin_sub_overflow(bq, sq, &r.q) || __builtin_sub_overflow(bv, sv, &r.v)))
		rc = money_range_err(e, "the moves of an item are beyond the range of figures");
	if (rc >= 0)
		rc = load_layers(&r, e);
	if (rc >= 0)
		rc = replay_moves(&r, e);
	if (rc >= 0)
		rc = write_back(&r, e);
	if (rc >= 0)
		rc = cascade(&r, e); /* may move op->v: en is not used after it */
	if (rc >= 0 && !costed)
		rc = db_run(op->db, sql[SQL_COSTED], DB_ARGS(DB_I64(op->cid), DB_I64(item), DB_I64(godown)), e);
	op->v[ei].n = 0; /* what the action made and took back is judged once */
	free(r.m);
	free(r.l);
	free(r.t);
	return rc < 0 ? rc : 0;
}

/* Re-costs every item in a godown that is queued, the one re-costed fewest times first, so one
 * that keeps queueing itself does not starve the others. */
int recost_run(struct stock_op *op, struct err *e)
{
	for (;;) {
		int ei = -1, rc;
		for (int i = 0; i < op->n; i++)
			if (op->v[i].queued && (ei < 0 || op->v[i].runs < op->v[ei].runs))
				ei = i;
		if (ei < 0)
			return 0;
		if (op->v[ei].runs >= RECOST_RUNS_EACH) {
			/* costs that depend on each other round a circle (each rounded from the other): this
			 * item in this godown stays as the last pass left it; the others still go on */
			log_warn("re-costing company %lld: item %lld in godown %lld stopped after %d passes", (long long)op->cid,
				 (long long)op->v[ei].item, (long long)op->v[ei].godown, op->v[ei].runs);
			op->v[ei].queued = 0;
			continue;
		}
		op->v[ei].runs++;
		if ((rc = replay_entry(op, ei, e)) < 0)
			return rc;
	}
}

struct pairs {
	int64_t *v;             /* item, godown, item, godown, ... */
	size_t n, cap;
};

static int pair_row(void *p, struct db_stmt *st, struct err *e)
{
	struct pairs *ps = p;
	if (grow((void **)&ps->v, &ps->cap, ps->n + 1, sizeof *ps->v) < 0)
		return oom(e);
	ps->v[ps->n++] = db_col_i64(st, 0);
	ps->v[ps->n++] = db_col_i64(st, 1);
	return 0;
}

int recost_company(struct db *db, int64_t cid, struct err *e)
{
	struct pairs ps = {NULL, 0, 0};
	int rc = db_each(db, sql[SQL_BALANCES], DB_ARGS(DB_I64(cid)), pair_row, &ps, e);
	/* one action per item in a godown: each from its first move (a zero place) */
	for (size_t i = 0; rc >= 0 && i < ps.n; i += 2) {
		struct stock_op op;
		struct stock_pos first;
		memset(&first, 0, sizeof first);
		if ((rc = stock_op_begin(db, cid, &op, e)) < 0)
			break;
		rc = recost_note(&op, ps.v[i], ps.v[i + 1], &first, NULL, 0, 0, 0, 0, e);
		rc = stock_op_end(&op, rc, e);
	}
	free(ps.v);
	return rc < 0 ? rc : 0;
}
