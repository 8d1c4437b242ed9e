/* stock_docs.c - the documents that move stock: another module's document (a voucher, through
 * struct stock_doc) and its reversal, stock journals (transfer, consumption, production),
 * physical verification and an item's opening stock. Each checks its lines, then moves them
 * through stock_move (costing.c), inside the caller's transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit/audit.h"
#include "books/books.h"
#include "inventory/inventory_int.h"
#include "lib/buf.h"
#include "lib/clock.h"
#include "lib/date.h"
#include "lib/money.h"
#include "lib/qty.h"
#include "lib/text.h"
#include "lib/banned.h"

enum { SQL_UNIT_BY_SYMBOL, SQL_VOUCHER_MOVES, SQL_JOURNAL_INSERT, SQL_MAX };

static const char *const sql[SQL_MAX] = {
	[SQL_UNIT_BY_SYMBOL] = "SELECT id, decimals, coalesce(base_unit_id, 0), factor FROM units WHERE company_id = ? "
			       "AND lower(symbol) = lower(?) ORDER BY id LIMIT 1",
	[SQL_VOUCHER_MOVES] = "SELECT id, item_id, godown_id, qty, value, date, coalesce(batch, ''), coalesce(expiry, ''), "
			      "coalesce(entry_seq, id), coalesce(voucher_id, 0) "
			      "FROM stock_moves WHERE voucher_id = ? AND company_id = ? AND active = 1 ORDER BY id",
	[SQL_JOURNAL_INSERT] = "INSERT INTO stock_journals(company_id, kind, date, narration, created_at, user_id) "
			       "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
};

static int oom(struct err *e) { return err_set(e, ERR_INTERNAL, NULL, "out of memory"); }

int qty_ok(int64_t qty, int64_t decimals, const char *unit, const char *field, struct err *e)
{
	int64_t step = 1;
	for (int64_t i = decimals; i < 3; i++)
		step *= 10;
	if (qty <= 0)
		return err_setr(e, ERR_INVALID, field, "qty_positive", "quantity must be more than zero");
	if (qty > QTY_MAX)
		return qty_too_large(e, ERR_INVALID, field);
	if (qty % step) {
		err_setr(e, ERR_INVALID, field, "qty_decimals", "%s takes %lld decimal places", unit, (long long)decimals);
		err_detail_text(e, "unit", unit);
		return err_detail_int(e, "decimals", decimals);
	}
	return 0;
}

/* A godown of the company in use, else ERR_INVALID naming field. */
static int godown_ok(struct db *db, int64_t cid, int64_t godown, const char *field, struct err *e)
{
	char g[8];
	int rc = godown_name(db, cid, godown, g, sizeof g, e);
	if (rc != 0) {
		if (e->code)
			return e->code;
		err_set(e, ERR_INVALID, field, "no godown %lld in this company", (long long)godown);
		return err_reason(e, "unknown_godown");
	}
	return 0;
}

/* ---- opening stock ---- */

/* Opening stock of an item that tracks batches is held in named batches; others have none. */
static int opening_batch(const struct item_input *in, int i, struct err *e)
{
	const struct opening_stock *o = &in->opening[i];
	char f[40];
	snprintf(f, sizeof f, "opening[%d].batch", i);
	if (in->tracks_batches && !o->batch[0]) {
		err_setr(e, ERR_INVALID, f, "batch_required", "%s tracks batches: give the batch of its opening stock", in->name);
		return err_detail_text(e, "item", in->name);
	}
	if (!in->tracks_batches && o->batch[0]) {
		err_setr(e, ERR_INVALID, f, "no_batches", "%s does not track batches", in->name);
		return err_detail_text(e, "item", in->name);
	}
	if (o->batch[0] && (text_utf8_invalid_at(o->batch, strlen(o->batch)) >= 0 || text_has_controls(o->batch)))
		return err_setr(e, ERR_INVALID, f, "not_plain_text", "batch must be plain text");
	snprintf(f, sizeof f, "opening[%d].expiry", i);
	if (o->expiry[0] && (!o->batch[0] || !date_iso_ok(o->expiry)))
		return err_setr(e, ERR_INVALID, f, o->batch[0] ? "not_date" : "expiry_needs_batch",
				o->batch[0] ? "expiry must be a real date YYYY-MM-DD" : "an expiry belongs to a batch");
	return 0;
}

/* One line of opening stock, checked and moved in. */
static int opening_line(struct stock_op *op, int64_t item_id, const struct item_input *in, int i, int64_t decimals, const char *date,
			struct err *e)
{
	struct db *db = op->db;
	int64_t cid = op->cid;
	const struct opening_stock *o = &in->opening[i];
	struct move m;
	int64_t value;
	char f[40];
	int rc;
	snprintf(f, sizeof f, "opening[%d].qty", i);
	if ((rc = qty_ok(o->qty, decimals, "this unit", f, e)) < 0)
		return rc;
	snprintf(f, sizeof f, "opening[%d].godown_id", i);
	if ((rc = godown_ok(db, cid, o->godown_id, f, e)) < 0)
		return rc;
	snprintf(f, sizeof f, "opening[%d].rate", i);
	if (o->rate < 0)
		return err_setr(e, ERR_INVALID, f, "negative", "rate must be zero or more");
	if (!money_fits(o->rate))
		return money_too_large(e, ERR_INVALID, f);
	if (qty_value(o->qty, o->rate, &value) < 0)
		return money_too_large(e, ERR_UNPROCESSABLE, f); /* qty x rate past the ceiling */
	if ((rc = opening_batch(in, i, e)) < 0)
		return rc;
	snprintf(f, sizeof f, "opening[%d].qty", i);
	memset(&m, 0, sizeof m);
	m.item = item_id;
	m.godown = o->godown_id;
	m.date = date;
	m.qty = o->qty;
	m.value = value;
	m.source = "opening";
	m.batch = o->batch;
	m.expiry = o->expiry;
	m.field = f;
	return stock_move(op, &m, e);
}

int opening_stock_post(struct db *db, int64_t cid, int64_t item_id, const struct item_input *in, int64_t decimals, struct err *e)
{
	struct stock_op op;
	struct books books;
	const char *date;
	int rc;

	if (!in->nopening)
		return 0;
	if ((rc = books_get(db, cid, &books, e)) < 0)
		return rc;
	date = in->opening_date && *in->opening_date ? in->opening_date : books.books_from;
	if ((rc = books_check_unlocked(&books, date, "opening_date", e)) < 0 || (rc = stock_op_begin(db, cid, &op, e)) < 0)
		return rc;
	for (int i = 0; rc >= 0 && i < in->nopening; i++)
		rc = opening_line(&op, item_id, in, i, decimals, date, e);
	return stock_op_end(&op, rc, e);
}

/* ---- another module's document ---- */

/* A line's quantity in a unit other than the item's: a compound unit made of the item's unit
 * (2 box of 12 = 24 pcs), or the unit the item's compound unit is made of (24 pcs of an item kept
 * in boxes of 12 = 2 box). -1 when it does not come out whole; ERR_INVALID for another unit. */
static int line_qty_converted(const struct item_info *ii, const struct stock_doc_line *it, int64_t uid, int64_t base, int64_t factor,
			      const char *fq, const char *fu, int64_t *ret, struct err *e)
{
	__int128 p; /* qty and factor are within QTY_MAX: their product fits in 128 bits */
	int64_t q = 0;
	if (base && base == ii->unit_id) {
		p = (__int128)it->qty * factor;
		if (p % QTY_SCALE == 0 && (p / QTY_SCALE > QTY_MAX || p / QTY_SCALE < -QTY_MAX))
			return qty_too_large(e, ERR_UNPROCESSABLE, fq);
		q = p % QTY_SCALE ? -1 : (int64_t)(p / QTY_SCALE);
	} else if (ii->base_unit_id && ii->base_unit_id == uid && ii->factor > 0) {
		p = (__int128)it->qty * QTY_SCALE;
		q = p % ii->factor ? -1 : (int64_t)(p / ii->factor); /* at most the line's qty: within QTY_MAX */
	} else {
		err_setr(e, ERR_INVALID, fu, "unit_mismatch", "%s is kept in %s: the line's unit must be %s or a unit made of it", ii->name,
			 ii->unit, ii->unit);
		err_detail_text(e, "item", ii->name);
		return err_detail_text(e, "unit", ii->unit);
	}
	*ret = q;
	return 0;
}

/* The quantity of line `it` in the item's own unit. The line's unit keeps its own decimal places
 * and the result must fit the item's. */
static int line_qty(struct db *db, int64_t cid, const struct item_info *ii, const struct stock_doc *d, const struct stock_doc_line *it,
		    int64_t *ret, struct err *e)
{
	struct db_stmt *st;
	char fq[48], fu[48], a[32];
	int64_t uid, decimals, base, factor, q = 0;
	int rc;

	snprintf(fq, sizeof fq, "%s[%d].qty", d->list, it->index);
	snprintf(fu, sizeof fu, "%s[%d].unit", d->list, it->index);
	if (!it->unit[0] || strcasecmp(it->unit, ii->unit) == 0) {
		*ret = it->qty;
		return qty_ok(it->qty, ii->decimals, ii->unit, fq, e);
	}
	if ((rc = db_one(db, sql[SQL_UNIT_BY_SYMBOL], DB_ARGS(DB_I64(cid), DB_TEXT(it->unit)), &st, e)) < 0)
		return rc;
	if (rc == DB_DONE) {
		err_setr(e, ERR_INVALID, fu, "unknown_unit_named", "no unit %s in this company", it->unit);
		return err_detail_text(e, "unit", it->unit);
	}
	uid = db_col_i64(st, 0);
	decimals = db_col_i64(st, 1);
	base = db_col_i64(st, 2);
	factor = db_col_i64(st, 3);
	db_done(st);
	if ((rc = qty_ok(it->qty, decimals, it->unit, fq, e)) < 0 ||
	    (rc = line_qty_converted(ii, it, uid, base, factor, fq, fu, &q, e)) < 0)
		return rc;
	decimal_format(it->qty, 3, a, sizeof a);
	if (q <= 0 || qty_ok(q, ii->decimals, ii->unit, fq, e) < 0) {
		err_clear(e);
		err_setr(e, ERR_INVALID, fq, "qty_decimals", "%s %s is not a whole number of %s (%s takes %lld decimal places)", a, it->unit,
			 ii->unit, ii->unit, (long long)ii->decimals);
		err_detail_text(e, "unit", ii->unit);
		return err_detail_int(e, "decimals", ii->decimals);
	}
	*ret = q;
	return 0;
}

/* An item that tracks batches names the batch on every line; others never do. */
static int batch_ok(const struct item_info *ii, const char *batch, const char *field, struct err *e)
{
	if (ii->tracks_batches && !batch[0]) {
		err_setr(e, ERR_INVALID, field, "batch_required", "%s tracks batches: give the batch", ii->name);
		return err_detail_text(e, "item", ii->name);
	}
	if (!ii->tracks_batches && batch[0]) {
		err_setr(e, ERR_INVALID, field, "no_batches", "%s does not track batches", ii->name);
		return err_detail_text(e, "item", ii->name);
	}
	return 0;
}

/* One line of a document, checked and moved. */
static int doc_line(struct stock_op *op, const struct stock_doc *d, const struct stock_doc_line *it, int64_t entry_seq, struct err *e)
{
	struct db *db = op->db;
	int64_t cid = op->cid;
	struct item_info ii;
	struct move m;
	char f[48];
	int64_t qty = 0;
	int rc;

	snprintf(f, sizeof f, "%s[%d].item_id", d->list, it->index);
	rc = item_info(db, cid, it->item_id, &ii, e);
	if (rc == ITEM_MISSING) {
		err_set(e, ERR_INVALID, f, "no item %lld in this company", (long long)it->item_id);
		return err_reason(e, "unknown_item");
	}
	if (rc < 0)
		return rc;
	if (ii.archived) {
		err_setr(e, ERR_INVALID, f, "item_archived", "item %s is archived", ii.name);
		return err_detail_text(e, "item", ii.name);
	}
	memset(&m, 0, sizeof m);
	m.item = it->item_id;
	m.godown = it->godown_id;
	if (!m.godown && (rc = main_godown(db, cid, &m.godown, e)) < 0)
		return rc;
	snprintf(f, sizeof f, "%s[%d].godown_id", d->list, it->index);
	if ((rc = godown_ok(db, cid, m.godown, f, e)) < 0 || (rc = line_qty(db, cid, &ii, d, it, &qty, e)) < 0)
		return rc;
	snprintf(f, sizeof f, "%s[%d].batch", d->list, it->index);
	if ((rc = batch_ok(&ii, it->batch, f, e)) < 0)
		return rc;
	snprintf(f, sizeof f, "%s[%d].qty", d->list, it->index);
	m.date = d->date;
	m.qty = d->outward ? -qty : qty;
	m.batch = it->batch;
	m.expiry = d->outward ? NULL : it->expiry;
	m.value = d->outward ? 0 : it->value;
	m.source = d->source;
	m.voucher_id = d->voucher_id;
	m.return_of = d->return_of;
	m.entry_seq = entry_seq;
	m.field = f;
	return stock_move(op, &m, e);
}

struct move_rows {
	struct move_row *v;
	size_t n, cap;
};

static int move_row_add(void *p, struct db_stmt *st, struct err *e)
{
	struct move_rows *r = p;
	struct move_row *mv;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 8;
		struct move_row *grown = realloc(r->v, cap * sizeof *grown);
		if (!grown)
			return oom(e);
		r->v = grown;
		r->cap = cap;
	}
	mv = &r->v[r->n++];
	mv->id = db_col_i64(st, 0);
	mv->item = db_col_i64(st, 1);
	mv->godown = db_col_i64(st, 2);
	mv->qty = db_col_i64(st, 3);
	mv->value = db_col_i64(st, 4);
	text_copy(mv->date, sizeof mv->date, db_col_text(st, 5));
	text_copy(mv->batch, sizeof mv->batch, db_col_text(st, 6));
	text_copy(mv->expiry, sizeof mv->expiry, db_col_text(st, 7));
	mv->seq = db_col_i64(st, 8);
	mv->voucher_id = db_col_i64(st, 9);
	return 0;
}

/* Takes back every active move of a voucher inside a deferred action; *ret_seq (may be NULL) gets
 * the place in their day of the first of them (0: none), which moves made again keep. */
static int unmove_voucher(struct stock_op *op, int64_t voucher_id, int64_t *ret_seq, struct err *e)
{
	struct move_rows r = {NULL, 0, 0};
	int rc;

	/* The moves are read whole before the first is taken back, which writes to the same table. */
	rc = db_each(op->db, sql[SQL_VOUCHER_MOVES], DB_ARGS(DB_I64(voucher_id), DB_I64(op->cid)), move_row_add, &r, e);
	if (ret_seq)
		*ret_seq = 0;
	for (size_t i = 0; rc >= 0 && i < r.n; i++) {
		if (ret_seq && (!*ret_seq || r.v[i].seq < *ret_seq))
			*ret_seq = r.v[i].seq;
		rc = stock_unmove(op, &r.v[i], "items", e);
	}
	free(r.v);
	return rc < 0 ? rc : 0;
}

int inventory_reverse_voucher(struct db *db, int64_t cid, int64_t voucher_id, struct err *e)
{
	struct stock_op op;
	int rc = stock_op_begin(db, cid, &op, e);
	if (rc < 0)
		return rc;
	op.deferred = 1;
	return stock_op_end(&op, unmove_voucher(&op, voucher_id, NULL, e), e);
}

int inventory_post_doc(struct db *db, int64_t cid, const struct stock_doc *d, struct err *e)
{
	struct stock_op op;
	int64_t seq = 0;
	int rc;

	if (d->nlines == 0 && !d->replace)
		return 0;
	if ((rc = stock_op_begin(db, cid, &op, e)) < 0)
		return rc;
	/* an alteration: the voucher's moves as they were go, and the new ones keep their place in
	 * the day, judged together at the end */
	op.deferred = d->replace;
	if (d->replace)
		rc = unmove_voucher(&op, d->voucher_id, &seq, e);
	for (int i = 0; rc >= 0 && i < d->nlines; i++)
		rc = doc_line(&op, d, &d->lines[i], seq, e);
	return stock_op_end(&op, rc, e);
}

/* ---- stock journals and verification ---- */

static int journal_head(struct db *db, int64_t cid, int64_t actor, const char *kind, const char *date, const char *narration,
			int64_t *ret, struct err *e)
{
	char now[32];
	clock_now_iso(now);
	return db_insert_id(db, sql[SQL_JOURNAL_INSERT],
			    DB_ARGS(DB_I64(cid), DB_TEXT(kind), DB_TEXT(date), DB_TEXT_OR_NULL(narration), DB_TEXT(now), DB_I64(actor)), ret, e);
}

static int check_date(struct db *db, int64_t cid, const char *date, struct err *e)
{
	struct books b;
	int rc;
	if (!date_iso_ok(date))
		return err_setr(e, ERR_INVALID, "date", "not_date", "date must be a real date YYYY-MM-DD");
	if ((rc = books_get(db, cid, &b, e)) < 0)
		return rc;
	return books_check_unlocked(&b, date, "date", e);
}

/* list names the input ("lines" or "counts") so errors point at the field sent. */
static int line_checks(struct db *db, int64_t cid, const char *list, const struct stock_line *l, int i, struct item_info *ii,
		       struct err *e)
{
	char f[40];
	int rc;
	snprintf(f, sizeof f, "%s[%d].item_id", list, i);
	rc = item_info(db, cid, l->item_id, ii, e);
	if (rc == ITEM_MISSING) {
		err_set(e, ERR_INVALID, f, "no item %lld in this company", (long long)l->item_id);
		return err_reason(e, "unknown_item");
	}
	if (rc < 0)
		return rc;
	snprintf(f, sizeof f, "%s[%d].godown_id", list, i);
	return godown_ok(db, cid, l->godown_id, f, e);
}

/* One line of a journal: out of its godown (in, for production), and for a transfer into the
 * other godown at the cost it went out at. */
static int journal_line(struct stock_op *op, const char *kind, const char *date, int64_t journal_id, const struct stock_line *l, int i,
			struct err *e)
{
	struct db *db = op->db;
	int64_t cid = op->cid;
	struct item_info ii;
	struct move m, in;
	char f[40], g[8];
	int rc;

	if ((rc = line_checks(db, cid, "lines", l, i, &ii, e)) < 0)
		return rc;
	snprintf(f, sizeof f, "lines[%d].batch", i);
	if ((rc = batch_ok(&ii, l->batch, f, e)) < 0)
		return rc;
	snprintf(f, sizeof f, "lines[%d].qty", i);
	if ((rc = qty_ok(l->qty, ii.decimals, ii.unit, f, e)) < 0)
		return rc;
	memset(&m, 0, sizeof m);
	m.item = l->item_id;
	m.godown = l->godown_id;
	m.date = date;
	m.journal_id = journal_id;
	m.batch = l->batch;
	m.expiry = l->expiry;
	m.field = f;
	if (strcmp(kind, "production") == 0) {
		m.qty = l->qty;
		m.source = "production";
		m.value = -1;
		snprintf(f, sizeof f, "lines[%d].rate", i);
		if (!money_fits(l->rate))
			return money_too_large(e, ERR_INVALID, f);
		if (l->rate > 0 && qty_value(l->qty, l->rate, &m.value) < 0)
			return money_too_large(e, ERR_UNPROCESSABLE, f); /* qty x rate past the ceiling */
		snprintf(f, sizeof f, "lines[%d].qty", i);
		return stock_move(op, &m, e);
	}
	m.qty = -l->qty;
	m.source = kind;
	if ((rc = stock_move(op, &m, e)) < 0 || strcmp(kind, "transfer") != 0)
		return rc;
	snprintf(f, sizeof f, "lines[%d].to_godown_id", i);
	if (!l->to_godown_id || l->to_godown_id == l->godown_id || godown_name(db, cid, l->to_godown_id, g, sizeof g, e) != 0) {
		if (e->code)
			return e->code;
		return err_setr(e, ERR_INVALID, f, l->to_godown_id && l->to_godown_id != l->godown_id ? "unknown_godown" : "transfer_godown",
				"a transfer needs another godown of this company");
	}
	snprintf(f, sizeof f, "lines[%d].qty", i); /* what the other godown cannot hold */
	in = m;
	in.godown = l->to_godown_id;
	in.qty = l->qty;
	in.value = -1;
	in.cost_of_move = m.id; /* moving stock does not change its cost */
	in.id = 0;
	return stock_move(op, &in, e);
}

/* The journal's audit record: its snapshot with its lines. */
static int journal_audit(struct db *db, int64_t cid, int64_t actor, int64_t id, struct err *e)
{
	struct stock_journal *j = malloc(sizeof *j);
	struct buf after = BUF_INIT;
	struct jsonw w;
	int rc;
	if (!j)
		return oom(e);
	jsonw_init(&w, &after);
	if ((rc = stock_journal_get(db, cid, id, j, e)) >= 0 && (rc = stock_journal_json(db, cid, j, &w, e)) >= 0)
		rc = jsonw_ok(&w) < 0 ? oom(e) : audit_append(db, cid, actor, "stock_journal", id, "create", NULL, buf_str(&after), e);
	buf_free(&after);
	free(j);
	return rc;
}

int stock_journal_post(struct db *db, int64_t cid, int64_t actor, const char *kind, const char *date, const char *narration,
		       const struct stock_line *lines, int n, int64_t *ret_id, struct err *e)
{
	struct stock_op op;
	int rc;

	if (!kind || (strcmp(kind, "transfer") != 0 && strcmp(kind, "consumption") != 0 && strcmp(kind, "production") != 0)) {
		err_setr(e, ERR_INVALID, "kind", "not_one_of", "kind must be transfer, consumption or production");
		return err_detail_text(e, "choices", "transfer, consumption, production");
	}
	if ((rc = check_date(db, cid, date, e)) < 0)
		return rc;
	if (n < 1)
		return err_setr(e, ERR_INVALID, "lines", "lines_required", "a stock journal needs at least one line");
	if ((rc = journal_head(db, cid, actor, kind, date, narration, ret_id, e)) < 0 || (rc = stock_op_begin(db, cid, &op, e)) < 0)
		return rc;
	for (int i = 0; rc >= 0 && i < n; i++)
		rc = journal_line(&op, kind, date, *ret_id, &lines[i], i, e);
	if ((rc = stock_op_end(&op, rc, e)) < 0)
		return rc;
	return journal_audit(db, cid, actor, *ret_id, e);
}

/* One count: an adjustment when it differs from the books (*ret_changed 1 then). */
static int count_line(struct stock_op *op, const char *date, int64_t godown_id, int64_t journal_id, const struct stock_line *count, int i,
		      struct stock_adjustment *adj, int *ret_changed, struct err *e)
{
	struct db *db = op->db;
	int64_t cid = op->cid;
	struct stock_line l = *count;
	struct item_info ii;
	struct move m;
	char f[40];
	int64_t bq = 0, bv = 0;
	int rc;

	*ret_changed = 0;
	l.godown_id = godown_id;
	if ((rc = line_checks(db, cid, "counts", &l, i, &ii, e)) < 0)
		return rc;
	snprintf(f, sizeof f, "counts[%d].qty", i);
	if (l.qty < 0)
		return err_setr(e, ERR_INVALID, f, "negative", "a count cannot be negative");
	if (l.qty > QTY_MAX)
		return qty_too_large(e, ERR_INVALID, f);
	if (l.qty > 0 && (rc = qty_ok(l.qty, ii.decimals, ii.unit, f, e)) < 0)
		return rc;
	if ((rc = stock_balance_lock(db, cid, l.item_id, godown_id, &bq, &bv, e)) < 0)
		return rc;
	if (bq == l.qty)
		return 0;
	memset(&m, 0, sizeof m);
	m.item = l.item_id;
	m.godown = godown_id;
	m.date = date;
	if (__builtin_sub_overflow(l.qty, bq, &m.qty) || !qty_fits(m.qty))
		return qty_too_large(e, ERR_UNPROCESSABLE, f); /* the adjustment: both within the ceiling, their difference may not be */
	m.value = -1;
	m.source = "verification";
	m.journal_id = journal_id;
	m.field = f;
	if ((rc = stock_move(op, &m, e)) < 0)
		return rc;
	adj->item_id = l.item_id;
	adj->book = bq;
	adj->counted = l.qty;
	*ret_changed = 1;
	return 0;
}

static int verification_audit(struct db *db, int64_t cid, int64_t actor, const struct stock_verification *v, struct err *e)
{
	struct buf after = BUF_INIT;
	struct jsonw w;
	int rc;
	jsonw_init(&w, &after);
	stock_verification_json(&w, v);
	rc = jsonw_ok(&w) < 0 ? oom(e) : audit_append(db, cid, actor, "stock_verification", v->id, "create", NULL, buf_str(&after), e);
	buf_free(&after);
	return rc;
}

int stock_verification_post(struct db *db, int64_t cid, int64_t actor, const char *date, int64_t godown_id,
			    const struct stock_line *counts, int n, struct stock_verification *v, struct err *e)
{
	struct stock_op op;
	int rc, changed;

	if ((rc = check_date(db, cid, date, e)) < 0)
		return rc;
	if (n < 1)
		return err_setr(e, ERR_INVALID, "counts", "lines_required", "a verification needs at least one count");
	if ((rc = godown_ok(db, cid, godown_id, "godown_id", e)) < 0)
		return rc;
	if ((rc = journal_head(db, cid, actor, "verification", date, NULL, &v->id, e)) < 0 || (rc = stock_op_begin(db, cid, &op, e)) < 0)
		return rc;
	op.s.warn_negative = 1; /* counting never refuses: the count is the truth */
	text_copy(v->date, sizeof v->date, date);
	v->godown_id = godown_id;
	v->n = 0;
	for (int i = 0; rc >= 0 && i < n; i++) {
		rc = count_line(&op, date, godown_id, v->id, &counts[i], i, &v->adjustments[v->n], &changed, e);
		v->n += rc >= 0 && changed;
	}
	if ((rc = stock_op_end(&op, rc, e)) < 0)
		return rc;
	return verification_audit(db, cid, actor, v, e);
}

int stock_verify(struct db *db, int64_t cid, int64_t actor, const char *date, int64_t godown_id, const struct stock_line *counts,
		 int n, int64_t *ret_id, struct err *e)
{
	struct stock_verification v;
	int rc;
	memset(&v, 0, sizeof v);
	if (n > 0 && !(v.adjustments = calloc((size_t)n, sizeof *v.adjustments)))
		return oom(e);
	rc = stock_verification_post(db, cid, actor, date, godown_id, counts, n, &v, e);
	free(v.adjustments);
	if (rc >= 0)
		*ret_id = v.id;
	return rc;
}
