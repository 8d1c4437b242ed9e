/* stock_journals.c - stock journals read back: the list (newest first, by kind) and one journal
 * with its moves, so a transfer, a consumption, a production or a count can be looked up after it
 * was entered and a movement-register row can drill to it; and the snapshots of a journal and of
 * a physical verification (the API's answers and the audit records). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/inventory_int.h"
#include "lib/money.h"
#include "lib/text.h"
#include "lib/banned.h"

#define JOURNAL_COLS "j.id, j.kind, j.date, coalesce(j.narration, ''), j.created_at, coalesce(u.display_name, 'system'), " \
		     "(SELECT count(*) FROM stock_moves m WHERE m.journal_id = j.id) "
#define JOURNAL_FROM "FROM stock_journals j LEFT JOIN users u ON u.id = j.user_id "

enum { SQL_LIST, SQL_LIST_AFTER, SQL_GET, SQL_LINES, SQL_MAX };

static const char *const sql[SQL_MAX] = {
	[SQL_LIST] = "SELECT " JOURNAL_COLS JOURNAL_FROM "WHERE j.company_id = ? AND (? = '' OR j.kind = ?) ORDER BY j.id DESC LIMIT ?",
	[SQL_LIST_AFTER] = "SELECT " JOURNAL_COLS JOURNAL_FROM "WHERE j.company_id = ? AND (? = '' OR j.kind = ?) AND j.id < ? "
			   "ORDER BY j.id DESC LIMIT ?",
	[SQL_GET] = "SELECT " JOURNAL_COLS JOURNAL_FROM "WHERE j.company_id = ? AND j.id = ?",
	[SQL_LINES] = "SELECT m.id, m.item_id, i.sku, i.name, un.symbol, m.godown_id, g.name, m.qty, m.value, coalesce(m.batch, ''), "
		      "coalesce(m.expiry, '') FROM stock_moves m JOIN items i ON i.id = m.item_id JOIN units un ON un.id = i.unit_id "
		      "JOIN godowns g ON g.id = m.godown_id WHERE m.company_id = ? AND m.journal_id = ? ORDER BY m.id",
};

static void kqty(struct jsonw *w, const char *k, int64_t q)
{
	char t[32];
	decimal_format(q, 3, t, sizeof t);
	jsonw_kstr(w, k, t);
}

static void journal_of_row(struct db_stmt *st, struct stock_journal *j)
{
	j->id = db_col_i64(st, 0);
	text_copy(j->kind, sizeof j->kind, db_col_text(st, 1));
	text_copy(j->date, sizeof j->date, db_col_text(st, 2));
	text_copy(j->narration, sizeof j->narration, db_col_text(st, 3));
	text_copy(j->created_at, sizeof j->created_at, db_col_text(st, 4));
	text_copy(j->user, sizeof j->user, db_col_text(st, 5));
	j->moves = db_col_i64(st, 6);
}

void stock_journal_json_members(struct jsonw *w, const struct stock_journal *j)
{
	jsonw_ki64(w, "id", j->id);
	jsonw_kstr(w, "kind", j->kind);
	jsonw_kstr(w, "date", j->date);
	jsonw_kstr(w, "narration", *j->narration ? j->narration : NULL);
	jsonw_kstr(w, "created_at", j->created_at);
	jsonw_kstr(w, "user", j->user);
	jsonw_ki64(w, "moves", j->moves);
}

void stock_journal_line_json(struct jsonw *w, const struct stock_journal_line *l)
{
	jsonw_obj(w);
	jsonw_ki64(w, "move_id", l->move_id);
	jsonw_ki64(w, "item_id", l->item_id);
	jsonw_kstr(w, "sku", l->sku);
	jsonw_kstr(w, "name", l->name);
	jsonw_kstr(w, "unit", l->unit);
	jsonw_ki64(w, "godown_id", l->godown_id);
	jsonw_kstr(w, "godown", l->godown);
	kqty(w, "qty", l->qty);
	jsonw_kmoney(w, "value", l->value);
	jsonw_kstr(w, "batch", *l->batch ? l->batch : NULL);
	jsonw_kstr(w, "expiry", *l->expiry ? l->expiry : NULL);
	jsonw_obj_end(w);
}

struct journal_walk {
	int limit, n;
	int64_t last, next;
	int (*each)(void *ctx, const struct stock_journal *j);
	void *ctx;
};

static int journal_row(void *p, struct db_stmt *st, struct err *e)
{
	struct journal_walk *w = p;
	struct stock_journal j;
	if (w->n == w->limit) {
		w->next = w->last;
		return 1;
	}
	journal_of_row(st, &j);
	w->last = j.id;
	w->n++;
	return w->each(w->ctx, &j) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
}

int stock_journal_list(struct db *db, int64_t cid, const char *kind, const struct page *pg,
		       int (*each)(void *ctx, const struct stock_journal *j), void *ctx, int64_t *ret_next, struct err *e)
{
	struct journal_walk w = {pg->limit, 0, 0, 0, each, ctx};
	int rc;

	if (!kind)
		kind = "";
	if (*kind && strcmp(kind, "transfer") != 0 && strcmp(kind, "consumption") != 0 && strcmp(kind, "production") != 0 &&
	    strcmp(kind, "verification") != 0)
		return err_setr(e, ERR_INVALID, "kind", "stock_journal_kind", "kind must be transfer, consumption, production or verification");
	/* one more than a page says whether there is a next one */
	if (pg->after)
		rc = db_each(db, sql[SQL_LIST_AFTER], DB_ARGS(DB_I64(cid), DB_TEXT(kind), DB_TEXT(kind), DB_I64(pg->after), DB_I64(pg->limit + 1)),
			     journal_row, &w, e);
	else
		rc = db_each(db, sql[SQL_LIST], DB_ARGS(DB_I64(cid), DB_TEXT(kind), DB_TEXT(kind), DB_I64(pg->limit + 1)), journal_row, &w, e);
	if (rc < 0)
		return rc;
	*ret_next = w.next;
	return 0;
}

int stock_journal_get(struct db *db, int64_t cid, int64_t id, struct stock_journal *ret, struct err *e)
{
	struct db_stmt *st;
	int rc = db_one(db, sql[SQL_GET], DB_ARGS(DB_I64(cid), DB_I64(id)), &st, e);
	if (rc == DB_ROW) {
		journal_of_row(st, ret);
		db_done(st);
		return 0;
	}
	return rc < 0 ? rc : err_setr(e, ERR_NOT_FOUND, "id", "unknown_stock_journal", "no stock journal %lld in this company", (long long)id);
}

struct line_walk {
	int (*each)(void *ctx, const struct stock_journal_line *l);
	void *ctx;
};

static int line_row(void *p, struct db_stmt *st, struct err *e)
{
	struct line_walk *w = p;
	struct stock_journal_line l = {
		db_col_i64(st, 0), db_col_i64(st, 1), db_col_text(st, 2), db_col_text(st, 3), db_col_text(st, 4), db_col_i64(st, 5),
		db_col_text(st, 6), db_col_i64(st, 7), db_col_i64(st, 8), db_col_text(st, 9), db_col_text(st, 10),
	};
	return w->each(w->ctx, &l) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
}

int stock_journal_lines(struct db *db, int64_t cid, int64_t id, int (*each)(void *ctx, const struct stock_journal_line *l), void *ctx,
			struct err *e)
{
	struct line_walk w = {each, ctx};
	return db_each(db, sql[SQL_LINES], DB_ARGS(DB_I64(cid), DB_I64(id)), line_row, &w, e);
}

static int line_json(void *p, const struct stock_journal_line *l)
{
	struct jsonw *w = p;
	stock_journal_line_json(w, l);
	return jsonw_ok(w);
}

int stock_journal_json(struct db *db, int64_t cid, const struct stock_journal *j, struct jsonw *w, struct err *e)
{
	int rc;
	jsonw_obj(w);
	stock_journal_json_members(w, j);
	jsonw_key(w, "lines");
	jsonw_arr(w);
	if ((rc = stock_journal_lines(db, cid, j->id, line_json, w, e)) < 0)
		return rc;
	jsonw_arr_end(w);
	jsonw_obj_end(w);
	return 0;
}

void stock_verification_json(struct jsonw *w, const struct stock_verification *v)
{
	jsonw_obj(w);
	jsonw_ki64(w, "id", v->id);
	jsonw_kstr(w, "date", v->date);
	jsonw_ki64(w, "godown_id", v->godown_id);
	jsonw_key(w, "adjustments");
	jsonw_arr(w);
	for (int i = 0; i < v->n; i++) {
		jsonw_obj(w);
		jsonw_ki64(w, "item_id", v->adjustments[i].item_id);
		kqty(w, "book", v->adjustments[i].book);
		kqty(w, "counted", v->adjustments[i].counted);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_obj_end(w);
}
