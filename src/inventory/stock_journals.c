/* stock_journals.c - reading stock journals back: the list (newest first, by kind) and one journal
 * with its moves, so a transfer, a consumption, a production or a count can be looked up after it
 * was entered, and a movement-register row can drill to it. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "inventory/inventory.h"
#include "lib/money.h"
#include "lib/banned.h"

static void kqty3(struct jsonw *w, const char *k, int64_t q)
{
	char t[32];
	decimal_format(q, 3, t, sizeof t);
	jsonw_kstr(w, k, t);
}

/* The members every journal carries; st's columns 0..6 are id, kind, date, narration, created_at,
 * user, number of moves. */
static void journal_head_fields(struct jsonw *w, struct db_stmt *st)
{
	jsonw_ki64(w, "id", db_col_i64(st, 0));
	jsonw_kstr(w, "kind", db_col_text(st, 1));
	jsonw_kstr(w, "date", db_col_text(st, 2));
	jsonw_kstr(w, "narration", db_col_null(st, 3) ? NULL : db_col_text(st, 3));
	jsonw_kstr(w, "created_at", db_col_text(st, 4));
	jsonw_kstr(w, "user", db_col_text(st, 5));
	jsonw_ki64(w, "moves", db_col_i64(st, 6));
}

#define JOURNAL_COLS "j.id, j.kind, j.date, j.narration, j.created_at, coalesce(u.display_name, 'system'), " \
		     "(SELECT count(*) FROM stock_moves m WHERE m.journal_id = j.id) "

int inventory_stock_journals_json(struct db *db, int64_t cid, const char *kind, int64_t before, int limit, struct buf *out,
				  struct err *e)
{
	struct db_stmt *st;
	struct jsonw w;
	int64_t last = 0;
	int n = 0, more = 0, rc;

	if (kind && *kind && strcmp(kind, "transfer") != 0 && strcmp(kind, "consumption") != 0 && strcmp(kind, "production") != 0 &&
	    strcmp(kind, "verification") != 0)
		return err_set(e, ERR_INVALID, "kind", "kind must be transfer, consumption, production or verification");
	st = db_prepare(db, "SELECT " JOURNAL_COLS "FROM stock_journals j LEFT JOIN users u ON u.id = j.user_id "
			    "WHERE j.company_id = ? AND (? = '' OR j.kind = ?) AND (? = 0 OR j.id < ?) ORDER BY j.id DESC LIMIT ?", e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, kind ? kind : "");
	db_bind_text(st, 3, kind ? kind : "");
	db_bind_i64(st, 4, before);
	db_bind_i64(st, 5, before);
	db_bind_i64(st, 6, limit + 1); /* one more than a page says whether there is a next one */
	jsonw_init(&w, out);
	jsonw_obj(&w);
	jsonw_key(&w, "items");
	jsonw_arr(&w);
	while ((rc = db_step(st, e)) == DB_ROW) {
		if (n == limit) {
			more = 1;
			continue;
		}
		jsonw_obj(&w);
		journal_head_fields(&w, st);
		jsonw_obj_end(&w);
		last = db_col_i64(st, 0);
		n++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	jsonw_arr_end(&w);
	jsonw_key(&w, "next");
	if (more)
		jsonw_i64(&w, last);
	else
		jsonw_null(&w);
	jsonw_obj_end(&w);
	return jsonw_ok(&w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
}

int inventory_stock_journal_json(struct db *db, int64_t cid, int64_t id, struct buf *out, struct err *e)
{
	struct db_stmt *st;
	struct jsonw w;
	int rc;

	jsonw_init(&w, out);
	if ((rc = inventory_one_json(db, "SELECT " JOURNAL_COLS "FROM stock_journals j LEFT JOIN users u ON u.id = j.user_id WHERE j.company_id = ? AND j.id = ?",
				     cid, id, journal_head_fields, &w, "stock journal", e)) < 0)
		return rc;
	st = db_prepare(db, "SELECT m.id, m.item_id, i.sku, i.name, un.symbol, m.godown_id, g.name, m.qty, m.value, m.batch, m.expiry "
			    "FROM stock_moves m JOIN items i ON i.id = m.item_id JOIN units un ON un.id = i.unit_id JOIN godowns g ON g.id = m.godown_id "
			    "WHERE m.company_id = ? AND m.journal_id = ? ORDER BY m.id", e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	jsonw_key(&w, "lines");
	jsonw_arr(&w);
	while ((rc = db_step(st, e)) == DB_ROW) {
		jsonw_obj(&w);
		jsonw_ki64(&w, "move_id", db_col_i64(st, 0));
		jsonw_ki64(&w, "item_id", db_col_i64(st, 1));
		jsonw_kstr(&w, "sku", db_col_text(st, 2));
		jsonw_kstr(&w, "name", db_col_text(st, 3));
		jsonw_kstr(&w, "unit", db_col_text(st, 4));
		jsonw_ki64(&w, "godown_id", db_col_i64(st, 5));
		jsonw_kstr(&w, "godown", db_col_text(st, 6));
		kqty3(&w, "qty", db_col_i64(st, 7));
		jsonw_kmoney(&w, "value", db_col_i64(st, 8));
		jsonw_kstr(&w, "batch", db_col_null(st, 9) ? NULL : db_col_text(st, 9));
		jsonw_kstr(&w, "expiry", db_col_null(st, 10) ? NULL : db_col_text(st, 10));
		jsonw_obj_end(&w);
	}
	db_done(st);
	jsonw_arr_end(&w);
	jsonw_obj_end(&w);
	if (rc < 0)
		return rc;
	return jsonw_ok(&w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
}
