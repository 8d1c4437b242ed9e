/* test_inventory.c - the inventory module on a temporary SQLite file (and a fresh PostgreSQL
 * database when DAFTAR_PG_URL is set; DAFTAR_PROP_MOVES and DAFTAR_SEED steer the property
 * test): weighted-average and FIFO cost against figures worked by
 * hand, rounding, negative-stock rules, cancellation and alteration, stock journals, physical
 * verification, refused inputs that write nothing, today's value without later-dated moves, the
 * month sums that migration 0007 fills from existing moves, and a property test over random moves
 * (back-dated, future-dated, cancelled and altered) read back at any date. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <jansson.h>

#include "accounts/accounts.h"
#include "books/books.h"
#include "admin/company.h"
#include "lib/db.h"
#include "inventory/inventory.h"
#include "lib/money.h"
#include "lib/qty.h"
#include "parties/parties.h"
#include "reports/reports.h"
#include "lib/text.h"
#include "unit.h"

#define ACTOR 1

struct fx {
	struct db *db;              /* the group's (see setup) */
	int64_t c1, c2;             /* two companies */
	int64_t main1, main2;       /* their seeded "Main Godown" */
	int64_t gb;                 /* a second godown of company 1 */
	int64_t pcs, kg, m, pcs2;   /* units: pcs, kg, m of company 1; pcs of company 2 */
	int64_t cust, vend;         /* parties of company 1 */
};

static const enum db_backend on_sqlite = DB_SQLITE;
static const enum db_backend on_pg = DB_POSTGRES;

/* ---- small helpers ------------------------------------------------------------------------ */

static void tx_begin(struct fx *f)
{
	struct err e = ERR_INIT;
	if (db_begin_write(f->db, &e) < 0)
		fail_msg("begin: %s", e.msg);
}

/* Commits when rc >= 0, rolls back otherwise; returns rc (so a refused call writes nothing). */
static int tx_end(struct fx *f, int rc)
{
	struct err e = ERR_INIT;
	if (rc < 0) {
		db_rollback(f->db);
		return rc;
	}
	if (db_commit(f->db, &e) < 0)
		fail_msg("commit: %s", e.msg);
	return rc;
}

/* One integer from a query with up to two integer parameters (pass -1 to leave one unbound).
 * sql must be a literal: statements are cached by their pointer. */
static int64_t q2(struct fx *f, const char *sql, int64_t a, int64_t b)
{
	struct err e = ERR_INIT;
	struct db_stmt *st = db_prepare(f->db, sql, &e);
	int64_t v = 0;
	int rc;
	if (!st)
		fail_msg("%s: %s", sql, e.msg);
	if (a != -1)
		db_bind_i64(st, 1, a);
	if (b != -1)
		db_bind_i64(st, 2, b);
	rc = db_step(st, &e);
	if (rc == DB_ROW && !db_col_null(st, 0))
		v = db_col_i64(st, 0);
	db_done(st);
	if (rc < 0)
		fail_msg("%s: %s", sql, e.msg);
	return v;
}

static int64_t q1(struct fx *f, const char *sql, int64_t a) { return q2(f, sql, a, -1); }

static int64_t unit_id(struct fx *f, int64_t cid, const char *symbol)
{
	struct err e = ERR_INIT;
	struct db_stmt *st = db_prepare(f->db, "SELECT id FROM units WHERE company_id = ? AND symbol = ?", &e);
	int64_t id = 0;
	assert_non_null(st);
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, symbol);
	if (db_step(st, &e) == DB_ROW)
		id = db_col_i64(st, 0);
	db_done(st);
	if (!id)
		fail_msg("no unit %s", symbol);
	return id;
}

static void balance(struct fx *f, int64_t cid, int64_t item, int64_t godown, int64_t *qty, int64_t *value)
{
	struct err e = ERR_INIT;
	struct db_stmt *st = db_prepare(f->db, "SELECT qty, value FROM stock_balance WHERE company_id = ? AND item_id = ? AND godown_id = ?", &e);
	assert_non_null(st);
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, item);
	db_bind_i64(st, 3, godown);
	*qty = *value = 0;
	if (db_step(st, &e) == DB_ROW) {
		*qty = db_col_i64(st, 0);
		*value = db_col_i64(st, 1);
	}
	db_done(st);
}

static void assert_balance(struct fx *f, int64_t cid, int64_t item, int64_t godown, int64_t qty, int64_t value)
{
	int64_t q, v;
	balance(f, cid, item, godown, &q, &v);
	if (q != qty || v != value)
		fail_msg("balance of item %lld in godown %lld: %lld/%lld paise, want %lld/%lld", (long long)item, (long long)godown,
			 (long long)q, (long long)v, (long long)qty, (long long)value);
}

static int64_t party(struct fx *f, int64_t cid, const char *kind, const char *name)
{
	struct party_input in;
	struct party p;
	struct err e = ERR_INIT;
	memset(&in, 0, sizeof in);
	in.set = (1u << PF_KIND) | (1u << PF_NAME);
	in.text[PF_KIND] = kind;
	in.text[PF_NAME] = name;
	tx_begin(f);
	if (tx_end(f, party_create(f->db, cid, ACTOR, &in, &p, &e)) < 0)
		fail_msg("party_create: %s", e.msg);
	return p.id;
}

static int64_t godown(struct fx *f, int64_t cid, const char *name)
{
	struct err e = ERR_INIT;
	int64_t id = 0;
	tx_begin(f);
	if (tx_end(f, godown_create(f->db, cid, ACTOR, name, NULL, &id, &e)) < 0)
		fail_msg("godown_create: %s", e.msg);
	return id;
}

/* Creates an item; qty (thousandths) at rate (paise) into godown as opening stock when qty > 0. */
static int64_t item_at(struct fx *f, int64_t cid, const char *sku, const char *name, int64_t unit, int64_t godown_id, int64_t qty,
		       int64_t rate)
{
	struct item_input in;
	struct err e = ERR_INIT;
	int64_t id = 0;
	memset(&in, 0, sizeof in);
	in.sku = sku;
	in.name = name;
	in.unit_id = unit;
	if (qty > 0) {
		in.nopening = 1;
		in.opening[0].godown_id = godown_id;
		in.opening[0].qty = qty;
		in.opening[0].rate = rate;
	}
	tx_begin(f);
	if (tx_end(f, item_create(f->db, cid, ACTOR, &in, &id, &e)) < 0)
		fail_msg("item_create %s: %s (%s)", sku, e.msg, e.field);
	return id;
}

struct line {
	int64_t item, godown, qty, rate, discount, gst;
};

static struct voucher *make_voucher(enum voucher_type t, const char *date, int64_t party_id, const struct line *l, int n)
{
	struct voucher *v = voucher_new();
	assert_non_null(v);
	v->type = t;
	text_copy(v->date, sizeof v->date, date);
	v->party_id = party_id;
	for (int i = 0; i < n; i++) {
		struct voucher_item *it = voucher_add_item(v);
		assert_non_null(it);
		snprintf(it->description, sizeof it->description, "line %d", i);
		it->item_id = l[i].item;
		it->godown_id = l[i].godown;
		it->qty = l[i].qty;
		it->rate = l[i].rate;
		it->discount = l[i].discount;
		it->gst_rate = l[i].gst;
	}
	return v;
}

/* Posts a voucher in its own transaction; *ret_id gets its id on success. */
static int post(struct fx *f, int64_t cid, enum voucher_type t, const char *date, int64_t party_id, const struct line *l, int n,
		int64_t *ret_id, struct err *e)
{
	struct voucher *v = make_voucher(t, date, party_id, l, n);
	int rc;
	tx_begin(f);
	rc = tx_end(f, voucher_post(f->db, cid, ACTOR, v, e));
	if (rc >= 0 && ret_id)
		*ret_id = v->id;
	voucher_free(v);
	return rc;
}

/* A one-line voucher that must succeed; returns its id. */
static int64_t post1(struct fx *f, int64_t cid, enum voucher_type t, const char *date, int64_t item, int64_t godown_id, int64_t qty,
		     int64_t rate)
{
	struct line l = {item, godown_id, qty, rate, 0, 1800};
	struct err e = ERR_INIT;
	int64_t id = 0;
	if (post(f, cid, t, date, 0, &l, 1, &id, &e) < 0)
		fail_msg("%s of item %lld: %s (%s)", voucher_type_name(t), (long long)item, e.msg, e.field);
	return id;
}

static int64_t voucher_version(struct fx *f, int64_t id) { return q1(f, "SELECT version FROM vouchers WHERE id = ?", id); }

static int cancel(struct fx *f, int64_t cid, int64_t id, struct err *e)
{
	struct voucher *out = NULL;
	int rc;
	int64_t ver = voucher_version(f, id);
	tx_begin(f);
	rc = tx_end(f, voucher_cancel(f->db, cid, ACTOR, id, ver, &out, e));
	voucher_free(out);
	return rc;
}

static int alter(struct fx *f, int64_t cid, int64_t id, enum voucher_type t, const char *date, const struct line *l, int n, struct err *e)
{
	struct voucher *v = make_voucher(t, date, 0, l, n);
	int64_t ver = voucher_version(f, id);
	int rc;
	tx_begin(f);
	rc = tx_end(f, voucher_alter(f->db, cid, ACTOR, id, ver, v, e));
	voucher_free(v);
	return rc;
}

static int journal(struct fx *f, int64_t cid, const char *kind, const char *date, const struct stock_line *l, int n, int64_t *ret_id,
		   struct err *e)
{
	int64_t id = 0;
	tx_begin(f);
	return tx_end(f, stock_journal_post(f->db, cid, ACTOR, kind, date, "test", l, n, ret_id ? ret_id : &id, e));
}

static int verify(struct fx *f, int64_t cid, const char *date, int64_t godown_id, const struct stock_line *l, int n, int64_t *ret_id,
		  struct err *e)
{
	int64_t id = 0;
	tx_begin(f);
	return tx_end(f, stock_verify(f->db, cid, ACTOR, date, godown_id, l, n, ret_id ? ret_id : &id, e));
}

static int64_t value_at(struct fx *f, int64_t cid, const char *date)
{
	struct err e = ERR_INIT;
	int64_t v = -12345;
	if (inventory_value_at(f->db, cid, date, &v, &e) < 0)
		fail_msg("inventory_value_at %s: %s", date, e.msg);
	return v;
}

/* The day `days` after today (UTC, as the inventory module's today). */
static void day_after_today(int days, char out[11])
{
	time_t t = time(NULL) + (time_t)days * 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* The month sums (migration 0007) are the sums of company cid's active moves: per item per godown
 * per month, and per godown per month; no month with active moves lacks its row. */
static void assert_month_sums(struct fx *f, int64_t cid)
{
	assert_int_equal(q1(f, "SELECT count(*) FROM stock_month s WHERE s.company_id = ? AND (s.qty, s.value) <> "
			       "(SELECT coalesce(sum(qty), 0), coalesce(sum(value), 0) FROM stock_moves m WHERE m.company_id = s.company_id "
			       "AND m.item_id = s.item_id AND m.godown_id = s.godown_id AND m.active = 1 AND substr(m.date, 1, 7) = s.month)", cid), 0);
	assert_int_equal(q1(f, "SELECT count(*) FROM stock_moves m WHERE m.company_id = ? AND m.active = 1 AND NOT EXISTS "
			       "(SELECT 1 FROM stock_month s WHERE s.company_id = m.company_id AND s.item_id = m.item_id "
			       "AND s.godown_id = m.godown_id AND s.month = substr(m.date, 1, 7))", cid), 0);
	assert_int_equal(q1(f, "SELECT count(*) FROM stock_godown_month s WHERE s.company_id = ? AND s.value <> "
			       "(SELECT coalesce(sum(value), 0) FROM stock_moves m WHERE m.company_id = s.company_id "
			       "AND m.godown_id = s.godown_id AND m.active = 1 AND substr(m.date, 1, 7) = s.month)", cid), 0);
	assert_int_equal(q1(f, "SELECT count(*) FROM stock_moves m WHERE m.company_id = ? AND m.active = 1 AND NOT EXISTS "
			       "(SELECT 1 FROM stock_godown_month s WHERE s.company_id = m.company_id "
			       "AND s.godown_id = m.godown_id AND s.month = substr(m.date, 1, 7))", cid), 0);
}

/* The stock summary report (reports/reports_stock.c, what the API and the CLI answer), run and
 * rendered as JSON, then read back into the shape these tests check: {"date","rows":[the data
 * rows' cells with their item_id or godown_id],"total_value"} (caller json_decref). Returns the
 * report's error code through *ret_rc when it is not NULL, else fails on one. */
static json_t *summary_rc(struct fx *f, int64_t cid, const char *date, int64_t godown_id, const char *by, int *ret_rc, struct err *e)
{
	struct report_params p;
	struct report *r = malloc(sizeof *r);
	struct buf out = BUF_INIT;
	char today[11];
	json_error_t je;
	json_t *j, *root = NULL, *rows, *row;
	size_t i;
	int rc;

	assert_non_null(r);
	memset(&p, 0, sizeof p);
	text_copy(p.as_of, sizeof p.as_of, date);
	text_copy(p.by, sizeof p.by, by ? by : "");
	p.godown_id = godown_id;
	p.page.limit = 100000;
	report_init(r);
	if ((rc = books_today_of(f->db, cid, today, e)) >= 0 && (rc = report_params_resolve(&p, today, e)) >= 0 &&
	    (rc = report_run(f->db, cid, "stock-summary", &p, r, e)) >= 0)
		rc = report_json(r, NULL, &out, e);
	report_done(r);
	free(r);
	if (ret_rc)
		*ret_rc = rc;
	if (rc < 0) {
		buf_free(&out);
		if (!ret_rc)
			fail_msg("stock summary %s: %s", date, e->msg);
		return NULL;
	}
	j = json_loads(buf_str(&out), 0, &je);
	if (!j)
		fail_msg("stock summary is not JSON (%s): %.200s", je.text, buf_str(&out));
	buf_free(&out);
	root = json_object();
	rows = json_array();
	json_array_foreach(json_object_get(json_array_get(json_object_get(j, "tables"), 0), "rows"), i, row) {
		json_t *cells;
		if (strcmp(json_string_value(json_object_get(row, "kind")), "data") != 0)
			continue;
		cells = json_deep_copy(json_object_get(row, "cells"));
		if (json_object_get(row, "item_id"))
			json_object_set(cells, "item_id", json_object_get(row, "item_id"));
		if (json_object_get(row, "godown_id"))
			json_object_set(cells, "godown_id", json_object_get(row, "godown_id"));
		json_array_append_new(rows, cells);
	}
	json_object_set_new(root, "rows", rows);
	json_object_set(root, "total_value", json_object_get(json_object_get(j, "summary"), "total_value"));
	json_object_set(root, "date", json_object_get(j, "to"));
	json_decref(j);
	return root;
}

static json_t *summary(struct fx *f, int64_t cid, const char *date, int64_t godown_id, const char *by)
{
	struct err e = ERR_INIT;
	return summary_rc(f, cid, date, godown_id, by, NULL, &e);
}

static void jset_qty(json_t *o, const char *k, int64_t q)
{
	char t[32];
	decimal_format(q, 3, t, sizeof t);
	json_object_set_new(o, k, json_string(t));
}

static void jset_money(json_t *o, const char *k, int64_t v)
{
	char t[MONEY_STR_MAX];
	money_format(v, t, sizeof t);
	json_object_set_new(o, k, json_string(t));
}

/* inventory_stock_ageing's rows as {"rows":[{"item_id","name","unit","qty":[...],"value":[...]}]}. */
static int ageing_each(void *p, const struct stock_ageing_row *r)
{
	json_t *o = json_object(), *q = json_array(), *v = json_array();
	char t[MONEY_STR_MAX];
	for (int b = 0; b < STOCK_AGE_BUCKETS; b++) {
		decimal_format(r->qty[b], 3, t, sizeof t);
		json_array_append_new(q, json_string(t));
		money_format(r->value[b], t, sizeof t);
		json_array_append_new(v, json_string(t));
	}
	json_object_set_new(o, "item_id", json_integer(r->item_id));
	json_object_set_new(o, "name", json_string(r->name));
	json_object_set_new(o, "unit", json_string(r->unit));
	json_object_set_new(o, "qty", q);
	json_object_set_new(o, "value", v);
	return json_array_append_new(p, o);
}

static json_t *ageing(struct fx *f, int64_t cid, const char *date)
{
	struct err e = ERR_INIT;
	json_t *root = json_object(), *rows = json_array();
	if (inventory_stock_ageing(f->db, cid, date, ageing_each, rows, &e) < 0)
		fail_msg("stock ageing %s: %s", date, e.msg);
	json_object_set_new(root, "rows", rows);
	return root;
}

/* inventory_stock_movement's register as {"rows":[{"in","out","value","balance_qty"}],"opening_qty",
 * "opening_value","closing_qty","closing_value","truncated"}; NULL with e filled on an error. */
static int movement_each(void *p, const struct stock_movement_row *r)
{
	json_t *o = json_object();
	jset_qty(o, "in", r->qty > 0 ? r->qty : 0);
	jset_qty(o, "out", r->qty < 0 ? -r->qty : 0);
	jset_money(o, "value", r->value);
	jset_qty(o, "balance_qty", r->balance_qty);
	jset_money(o, "balance_value", r->balance_value);
	json_object_set_new(o, "source", json_string(r->source));
	return json_array_append_new(p, o);
}

static json_t *movement(struct fx *f, int64_t cid, int64_t item, const char *from, const char *to, struct err *e)
{
	struct stock_movement m;
	json_t *root, *rows = json_array();
	if (inventory_stock_movement(f->db, cid, item, from, to, movement_each, rows, &m, e) < 0) {
		json_decref(rows);
		return NULL;
	}
	root = json_object();
	json_object_set_new(root, "rows", rows);
	jset_qty(root, "opening_qty", m.opening_qty);
	jset_money(root, "opening_value", m.opening_value);
	jset_qty(root, "closing_qty", m.closing_qty);
	jset_money(root, "closing_value", m.closing_value);
	json_object_set_new(root, "truncated", json_boolean(m.truncated));
	return root;
}

static int batch_each(void *p, const struct batch_row *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "item_id", json_integer(r->item_id));
	json_object_set_new(o, "name", json_string(r->name));
	json_object_set_new(o, "godown", json_string(r->godown));
	json_object_set_new(o, "batch", json_string(r->batch));
	json_object_set_new(o, "expiry", *r->expiry ? json_string(r->expiry) : json_null());
	json_object_set_new(o, "unit", json_string(r->unit));
	jset_qty(o, "qty", r->qty);
	return json_array_append_new(p, o);
}

static int reorder_each(void *p, const struct reorder_row *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "item_id", json_integer(r->item_id));
	jset_qty(o, "in_stock", r->in_stock);
	jset_qty(o, "reorder_level", r->reorder_level);
	jset_qty(o, "suggested_qty", r->suggested_qty);
	return json_array_append_new(p, o);
}

/* The company's inventory settings as their JSON snapshot, into out. */
static int settings_json(struct fx *f, int64_t cid, struct buf *out, struct err *e)
{
	struct inventory_settings s;
	struct jsonw w;
	int rc = inventory_settings_get(f->db, cid, &s, e);
	if (rc < 0)
		return rc;
	jsonw_init(&w, out);
	inventory_settings_json(&w, &s);
	return jsonw_ok(&w);
}

static int64_t jqty(json_t *o, const char *key)
{
	int64_t v = 0;
	const char *s = json_string_value(json_object_get(o, key));
	if (!s || decimal_parse(s, 3, &v) < 0)
		fail_msg("%s is not a quantity string", key);
	return v;
}

static int64_t jmoney(json_t *o, const char *key)
{
	int64_t v = 0;
	const char *s = json_string_value(json_object_get(o, key));
	if (!s || money_parse(s, &v) < 0)
		fail_msg("%s is not a money string", key);
	return v;
}

/* The row of item in a stock summary by item, or NULL. */
static json_t *summary_row(json_t *root, int64_t item)
{
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(root, "rows"), i, r)
		if (json_integer_value(json_object_get(r, "item_id")) == item)
			return r;
	return NULL;
}

/* Counts of every table a refused call must leave alone. */
struct counts {
	int64_t moves, balances, layers, vouchers, voucher_items, audit, items, journals, balance_sum, layer_sum;
};

static void counts(struct fx *f, struct counts *c)
{
	c->moves = q1(f, "SELECT count(*) FROM stock_moves WHERE ? > 0", 1);
	c->balances = q1(f, "SELECT count(*) FROM stock_balance WHERE ? > 0", 1);
	c->layers = q1(f, "SELECT count(*) FROM stock_layers WHERE ? > 0", 1);
	c->vouchers = q1(f, "SELECT count(*) FROM vouchers WHERE ? > 0", 1);
	c->voucher_items = q1(f, "SELECT count(*) FROM voucher_items WHERE ? > 0", 1);
	c->audit = q1(f, "SELECT count(*) FROM audit_log WHERE ? > 0", 1);
	c->items = q1(f, "SELECT count(*) FROM items WHERE ? > 0", 1);
	c->journals = q1(f, "SELECT count(*) FROM stock_journals WHERE ? > 0", 1);
	c->balance_sum = q1(f, "SELECT coalesce(sum(qty * 7 + value), 0) FROM stock_balance WHERE ? > 0", 1);
	c->layer_sum = q1(f, "SELECT coalesce(sum(qty_left), 0) FROM stock_layers WHERE ? > 0", 1);
}

static void assert_unchanged(const struct counts *a, const struct counts *b, const char *what)
{
	if (memcmp(a, b, sizeof *a) != 0)
		fail_msg("%s wrote something: moves %lld->%lld balances %lld->%lld layers %lld->%lld vouchers %lld->%lld "
			 "audit %lld->%lld items %lld->%lld journals %lld->%lld", what,
			 (long long)a->moves, (long long)b->moves, (long long)a->balances, (long long)b->balances, (long long)a->layers,
			 (long long)b->layers, (long long)a->vouchers, (long long)b->vouchers, (long long)a->audit, (long long)b->audit,
			 (long long)a->items, (long long)b->items, (long long)a->journals, (long long)b->journals);
}

static void expect_err(int rc, const struct err *e, int code, const char *field, const char *what)
{
	if (rc != code || e->code != code || strcmp(e->field, field) != 0)
		fail_msg("%s: rc %d code %d field \"%s\" (%s); want code %d field \"%s\"", what, rc, e->code, e->field, e->msg, code, field);
}

static void set_settings(struct fx *f, int64_t cid, const char *valuation, const char *negative)
{
	struct err e = ERR_INIT;
	tx_begin(f);
	if (tx_end(f, inventory_settings_set(f->db, cid, ACTOR, valuation, negative, NULL, &e)) < 0)
		fail_msg("settings: %s", e.msg);
}

/* ---- fixture ------------------------------------------------------------------------------ */

/* One database per backend for the whole group (making and migrating a PostgreSQL database per test
 * took seconds); each test gets two fresh companies in it, and every figure a test checks is
 * scoped to its companies, items or vouchers. */
static struct shared {
	struct unit_db u;
	struct db *db;
} shared[2];

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct err e = ERR_INIT;
	enum db_backend b = *(const enum db_backend *)*state;
	struct shared *sh = &shared[b == DB_POSTGRES];
	static int n;
	char name[64];

	if (!f)
		return -1;
	if (!sh->db) {
		struct unit_db u; /* made on the stack: GCC's -Wrestrict misreads unit.h's snprintf into a global */
		if (unit_db_make(&u, b) < 0)
			return -1;
		sh->u = u;
		/* the tests never survive a crash: no need to wait for the disk on every commit */
		if (db_open(sh->u.url, &sh->db, &e) < 0 ||
		    db_exec(sh->db, b == DB_SQLITE ? "PRAGMA synchronous=OFF" : "SET synchronous_commit = off", &e) < 0 ||
		    db_migrate(sh->db, &e) < 0) {
			fprintf(stderr, "db %s: %s\n", sh->u.url, e.msg);
			return -1;
		}
	}
	f->db = sh->db;
	db_rollback(f->db); /* a failed test may have left its transaction open */
	snprintf(name, sizeof name, "Test Traders %d", ++n);
	tx_begin(f);
	if (tx_end(f, company_create(f->db, name, NULL, "27", ACTOR, &f->c1, &e)) < 0) {
		fprintf(stderr, "company_create: %s\n", e.msg);
		return -1;
	}
	snprintf(name, sizeof name, "Other Co %d", n);
	tx_begin(f);
	if (tx_end(f, company_create(f->db, name, NULL, "29", ACTOR, &f->c2, &e)) < 0) {
		fprintf(stderr, "company_create: %s\n", e.msg);
		return -1;
	}
	f->main1 = q1(f, "SELECT min(id) FROM godowns WHERE company_id = ?", f->c1);
	f->main2 = q1(f, "SELECT min(id) FROM godowns WHERE company_id = ?", f->c2);
	f->gb = godown(f, f->c1, "Godown B");
	f->pcs = unit_id(f, f->c1, "pcs");
	f->kg = unit_id(f, f->c1, "kg");
	f->m = unit_id(f, f->c1, "m");
	f->pcs2 = unit_id(f, f->c2, "pcs");
	f->cust = party(f, f->c1, "customer", "Sharma Traders");
	f->vend = party(f, f->c1, "vendor", "Gupta Steel");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	for (int i = 0; i < 2; i++) {
		if (shared[i].db) {
			db_close(shared[i].db);
			unit_db_remove(&shared[i].u);
			shared[i].db = NULL;
		}
	}
	return 0;
}

/* ---- the seed ------------------------------------------------------------------------------ */

static void test_seed(void **state)
{
	struct fx *f = *state;
	struct buf out = BUF_INIT;
	struct err e = ERR_INIT;
	int64_t box = unit_id(f, f->c1, "box");

	assert_int_equal(q1(f, "SELECT decimals FROM units WHERE id = ?", f->pcs), 0);
	assert_int_equal(q1(f, "SELECT decimals FROM units WHERE id = ?", f->kg), 3);
	assert_int_equal(q1(f, "SELECT base_unit_id FROM units WHERE id = ?", box), f->pcs);
	assert_int_equal(q1(f, "SELECT factor FROM units WHERE id = ?", box), 12000);
	assert_int_equal(q1(f, "SELECT count(*) FROM godowns WHERE company_id = ? AND name = 'Main Godown'", f->c1), 1);
	assert_int_not_equal(f->main1, f->main2);
	assert_int_equal(settings_json(f, f->c1, &out, &e), 0);
	assert_string_equal(buf_str(&out), "{\"valuation\":\"weighted_average\",\"negative_stock\":\"refuse\"}");
	buf_free(&out);
	/* an empty company's stock is worth nothing and its summary is empty */
	assert_int_equal(value_at(f, f->c1, ""), 0);
	{
		json_t *s = summary(f, f->c1, "2024-04-01", 0, "item");
		assert_int_equal(json_array_size(json_object_get(s, "rows")), 0);
		assert_string_equal(json_string_value(json_object_get(s, "total_value")), "0.00");
		json_decref(s);
	}
}

/* ---- valuation worked by hand ---------------------------------------------------------------- */

/* Opening 10 @ ₹100, purchase 10 @ ₹130 (+18% GST, which is input credit, not cost), sell 14:
 * average cost 2,300/20 = ₹115, so the sale costs ₹1,610.00 and 6 are left worth ₹690.00. */
static void test_weighted_average(void **state)
{
	struct fx *f = *state;
	struct line buy = {0, 0, 10000, 13000, 0, 1800};
	struct err e = ERR_INIT;
	int64_t rod = item_at(f, f->c1, "ROD-8", "Steel Rod 8mm", f->pcs, f->main1, 10000, 10000), pv, sv;
	json_t *s, *r;

	assert_balance(f, f->c1, rod, f->main1, 10000, 100000);
	buy.item = rod;
	assert_int_equal(post(f, f->c1, VT_PURCHASE, "2024-05-10", f->vend, &buy, 1, &pv, &e), 0);
	assert_balance(f, f->c1, rod, f->main1, 20000, 230000);
	assert_int_equal(q1(f, "SELECT value FROM stock_moves WHERE voucher_id = ?", pv), 130000);
	sv = post1(f, f->c1, VT_SALES, "2024-06-01", rod, 0, 14000, 20000); /* godown 0: the main one */
	assert_int_equal(q1(f, "SELECT qty FROM stock_moves WHERE voucher_id = ?", sv), -14000);
	assert_int_equal(q1(f, "SELECT value FROM stock_moves WHERE voucher_id = ?", sv), -161000);
	assert_int_equal(q1(f, "SELECT godown_id FROM stock_moves WHERE voucher_id = ?", sv), f->main1);
	assert_balance(f, f->c1, rod, f->main1, 6000, 69000);

	s = summary(f, f->c1, "", 0, "item");
	r = summary_row(s, rod);
	assert_non_null(r);
	assert_string_equal(json_string_value(json_object_get(r, "qty")), "6");
	assert_string_equal(json_string_value(json_object_get(r, "rate")), "115.00");
	assert_string_equal(json_string_value(json_object_get(r, "value")), "690.00");
	assert_string_equal(json_string_value(json_object_get(r, "unit")), "pcs");
	assert_string_equal(json_string_value(json_object_get(s, "total_value")), "690.00");
	json_decref(s);
	/* at past dates: before the purchase, between purchase and sale, before the books */
	s = summary(f, f->c1, "2024-05-09", 0, "item");
	r = summary_row(s, rod);
	assert_string_equal(json_string_value(json_object_get(r, "qty")), "10");
	assert_string_equal(json_string_value(json_object_get(r, "value")), "1000.00");
	json_decref(s);
	assert_int_equal(value_at(f, f->c1, "2024-05-31"), 230000);
	assert_int_equal(value_at(f, f->c1, "2024-05-10"), 230000);
	assert_int_equal(value_at(f, f->c1, "2024-05-09"), 100000);
	assert_int_equal(value_at(f, f->c1, "2000-03-31"), 0);
	assert_int_equal(value_at(f, f->c1, "2000-04-01"), 100000); /* opening stock is on the books' first day */
	assert_int_equal(value_at(f, f->c1, ""), 69000);
	assert_int_equal(value_at(f, f->c2, ""), 0);                /* the other company has nothing */

	/* the last 6 take exactly what is left */
	sv = post1(f, f->c1, VT_SALES, "2024-06-02", rod, f->main1, 6000, 20000);
	assert_int_equal(q1(f, "SELECT value FROM stock_moves WHERE voucher_id = ?", sv), -69000);
	assert_balance(f, f->c1, rod, f->main1, 0, 0);
}

/* The same with FIFO: 14 out cost 10 × ₹100 + 4 × ₹130 = ₹1,520.00; 6 left @ ₹130 = ₹780.00. */
static void test_fifo(void **state)
{
	struct fx *f = *state;
	int64_t rod, sv;
	json_t *s, *r;

	set_settings(f, f->c1, "fifo", NULL);
	rod = item_at(f, f->c1, "ROD-8", "Steel Rod 8mm", f->pcs, f->main1, 10000, 10000);
	post1(f, f->c1, VT_PURCHASE, "2024-05-10", rod, f->main1, 10000, 13000);
	sv = post1(f, f->c1, VT_SALES, "2024-06-01", rod, f->main1, 14000, 20000);
	assert_int_equal(q1(f, "SELECT value FROM stock_moves WHERE voucher_id = ?", sv), -152000);
	assert_balance(f, f->c1, rod, f->main1, 6000, 78000);
	/* what is left is the later receipt */
	assert_int_equal(q1(f, "SELECT sum(qty_left) FROM stock_layers WHERE item_id = ? AND rate = 13000", rod), 6000);
	assert_int_equal(q1(f, "SELECT sum(qty_left) FROM stock_layers WHERE item_id = ? AND rate = 10000", rod), 0);
	s = summary(f, f->c1, "", 0, NULL);
	r = summary_row(s, rod);
	assert_string_equal(json_string_value(json_object_get(r, "rate")), "130.00");
	assert_string_equal(json_string_value(json_object_get(r, "value")), "780.00");
	json_decref(s);
	/* 5 more out: all at ₹130 */
	sv = post1(f, f->c1, VT_SALES, "2024-06-02", rod, f->main1, 5000, 20000);
	assert_int_equal(q1(f, "SELECT value FROM stock_moves WHERE voucher_id = ?", sv), -65000);
	assert_balance(f, f->c1, rod, f->main1, 1000, 13000);
}

/* 3 @ ₹10.00 less ₹0.01 discount = ₹29.99 in stock. Average: the first one costs 29.99/3 = 9.9967
 * -> ₹10.00; the second 19.99/2 = 9.995, a tie, rounded half away from zero -> ₹10.00; the last
 * takes what is left, ₹9.99. Nothing drifts: qty 0, value 0. */
static void test_rounding_average(void **state)
{
	struct fx *f = *state;
	struct line buy = {0, 0, 3000, 1000, 1, 0};
	struct err e = ERR_INIT;
	int64_t pen = item_at(f, f->c1, "PEN", "Pen", f->pcs, 0, 0, 0), v1, v2, v3;

	buy.item = pen;
	assert_int_equal(post(f, f->c1, VT_PURCHASE, "2024-05-10", f->vend, &buy, 1, NULL, &e), 0);
	assert_balance(f, f->c1, pen, f->main1, 3000, 2999);
	v1 = post1(f, f->c1, VT_SALES, "2024-05-11", pen, f->main1, 1000, 1500);
	assert_int_equal(q1(f, "SELECT value FROM stock_moves WHERE voucher_id = ?", v1), -1000);
	v2 = post1(f, f->c1, VT_SALES, "2024-05-12", pen, f->main1, 1000, 1500);
	assert_int_equal(q1(f, "SELECT value FROM stock_moves WHERE voucher_id = ?", v2), -1000);
	assert_balance(f, f->c1, pen, f->main1, 1000, 999);
	v3 = post1(f, f->c1, VT_SALES, "2024-05-13", pen, f->main1, 1000, 1500);
	assert_int_equal(q1(f, "SELECT value FROM stock_moves WHERE voucher_id = ?", v3), -999);
	assert_balance(f, f->c1, pen, f->main1, 0, 0);
	/* a fractional quantity of kg at an uneven rate: 0.333 kg @ ₹10.01 = 3.33333 -> ₹3.33 */
	{
		int64_t salt = item_at(f, f->c1, "SALT", "Salt", f->kg, f->main1, 333, 1001);
		assert_balance(f, f->c1, salt, f->main1, 333, 333);
		v1 = post1(f, f->c1, VT_SALES, "2024-05-13", salt, f->main1, 111, 1500);
		assert_int_equal(q1(f, "SELECT value FROM stock_moves WHERE voucher_id = ?", v1), -111); /* 333*111/333 */
	}
}

/* FIFO with the same uneven ₹29.99: the layer's rate rounds to ₹10.00, yet selling all three must
 * leave nothing behind, not a value of -₹0.01 with no stock. */
static void test_rounding_fifo(void **state)
{
	struct fx *f = *state;
	struct line buy = {0, 0, 3000, 1000, 1, 0};
	struct err e = ERR_INIT;
	int64_t pen, v;

	set_settings(f, f->c1, "fifo", NULL);
	pen = item_at(f, f->c1, "PEN", "Pen", f->pcs, 0, 0, 0);
	buy.item = pen;
	assert_int_equal(post(f, f->c1, VT_PURCHASE, "2024-05-10", 0, &buy, 1, NULL, &e), 0);
	assert_int_equal(q1(f, "SELECT rate FROM stock_layers WHERE item_id = ?", pen), 1000);
	v = post1(f, f->c1, VT_SALES, "2024-05-11", pen, f->main1, 2000, 1500);
	assert_int_equal(q1(f, "SELECT value FROM stock_moves WHERE voucher_id = ?", v), -2000);
	v = post1(f, f->c1, VT_SALES, "2024-05-12", pen, f->main1, 1000, 1500);
	assert_int_equal(q1(f, "SELECT value FROM stock_moves WHERE voucher_id = ?", v), -999);
	assert_balance(f, f->c1, pen, f->main1, 0, 0);
	assert_int_equal(value_at(f, f->c1, ""), 0);
}

/* More receipts than one page of FIFO layers (64): 70 single units at ₹101..₹170, dated over 28
 * days so FIFO order (date, then id) is not the order they were posted in. */
static void test_fifo_many_layers(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	int64_t nut, v, want = 0, rates[70];
	int n = 0;

	set_settings(f, f->c1, "fifo", NULL);
	nut = item_at(f, f->c1, "NUT", "Nut", f->pcs, 0, 0, 0);
	for (int i = 0; i < 70; i++) {
		struct line l = {nut, f->main1, 1000, 10000 + 100 * (1 + i), 0, 0};
		char date[16];
		snprintf(date, sizeof date, "2024-05-%02d", 1 + i % 28);
		assert_int_equal(post(f, f->c1, VT_PURCHASE, date, 0, &l, 1, NULL, &e), 0);
	}
	for (int d = 1; d <= 28; d++)
		for (int i = 0; i < 70; i++)
			if (1 + i % 28 == d)
				rates[n++] = 10000 + 100 * (1 + i);
	for (int i = 0; i < 66; i++)
		want += rates[i];
	v = post1(f, f->c1, VT_SALES, "2024-06-01", nut, f->main1, 66000, 50000);
	assert_int_equal(q1(f, "SELECT value FROM stock_moves WHERE voucher_id = ?", v), -want);
	want = 0;
	for (int i = 66; i < 70; i++)
		want += rates[i];
	assert_balance(f, f->c1, nut, f->main1, 4000, want);
	v = post1(f, f->c1, VT_SALES, "2024-06-02", nut, f->main1, 4000, 50000);
	assert_int_equal(q1(f, "SELECT value FROM stock_moves WHERE voucher_id = ?", v), -want);
	assert_balance(f, f->c1, nut, f->main1, 0, 0);
}

/* ---- negative stock -------------------------------------------------------------------------- */

static void test_negative_refused_then_warned(void **state)
{
	struct fx *f = *state;
	struct line sale = {0, 0, 3000, 5000, 0, 500};
	struct counts before, after;
	struct err e = ERR_INIT;
	struct buf out = BUF_INIT;
	int64_t rice = item_at(f, f->c1, "RICE-1", "चावल बासमती", f->kg, f->main1, 2500, 4000), id = 0;
	int rc;

	sale.item = rice;
	counts(f, &before);
	rc = post(f, f->c1, VT_SALES, "2024-06-01", f->cust, &sale, 1, NULL, &e);
	expect_err(rc, &e, ERR_UNPROCESSABLE, "items[0].qty", "overselling");
	assert_non_null(strstr(e.msg, "चावल बासमती"));
	assert_non_null(strstr(e.msg, "Main Godown"));
	assert_non_null(strstr(e.msg, "2.5 kg available"));
	assert_int_equal(e.aux, 2500);
	counts(f, &after);
	assert_unchanged(&before, &after, "a refused sale");

	/* the other godown holds nothing: its name and 0 available */
	err_clear(&e);
	sale.godown = f->gb;
	rc = post(f, f->c1, VT_SALES, "2024-06-01", f->cust, &sale, 1, NULL, &e);
	expect_err(rc, &e, ERR_UNPROCESSABLE, "items[0].qty", "selling from an empty godown");
	assert_non_null(strstr(e.msg, "Godown B: 0 kg available"));
	counts(f, &after);
	assert_unchanged(&before, &after, "a refused sale from an empty godown");

	/* exactly what is there is fine */
	sale.godown = 0;
	sale.qty = 2500;
	err_clear(&e);
	assert_int_equal(post(f, f->c1, VT_SALES, "2024-06-01", f->cust, &sale, 1, &id, &e), 0);
	assert_balance(f, f->c1, rice, f->main1, 0, 0);

	/* the company chooses to warn: the sale goes through and stock goes below zero */
	set_settings(f, f->c1, NULL, "warn");
	assert_int_equal(settings_json(f, f->c1, &out, &e), 0);
	assert_string_equal(buf_str(&out), "{\"valuation\":\"weighted_average\",\"negative_stock\":\"warn\"}");
	buf_free(&out);
	assert_int_equal(q1(f, "SELECT count(*) FROM audit_log WHERE company_id = ? AND entity = 'inventory_settings'", f->c1), 1);
	sale.qty = 500;
	assert_int_equal(post(f, f->c1, VT_SALES, "2024-06-02", f->cust, &sale, 1, &id, &e), 0);
	assert_balance(f, f->c1, rice, f->main1, -500, 0);
	{
		json_t *s = summary(f, f->c1, "", 0, "item"), *r = summary_row(s, rice);
		assert_string_equal(json_string_value(json_object_get(r, "qty")), "-0.5");
		json_decref(s);
	}
	/* bad settings are refused */
	err_clear(&e);
	tx_begin(f);
	rc = tx_end(f, inventory_settings_set(f->db, f->c1, ACTOR, "lifo", NULL, NULL, &e));
	expect_err(rc, &e, ERR_INVALID, "valuation", "valuation lifo");
	err_clear(&e);
	tx_begin(f);
	rc = tx_end(f, inventory_settings_set(f->db, f->c1, ACTOR, NULL, "allow", NULL, &e));
	expect_err(rc, &e, ERR_INVALID, "negative_stock", "negative_stock allow");
}

/* ---- cancellation and alteration -------------------------------------------------------------- */

static void test_cancel_and_alter(void **state)
{
	struct fx *f = *state;
	struct line l = {0, 0, 4000, 20000, 0, 1800};
	struct counts before, after;
	struct err e = ERR_INIT;
	int64_t rod = item_at(f, f->c1, "ROD", "Rod", f->pcs, f->main1, 10000, 10000), sv, pv;
	int rc;

	l.item = rod;
	sv = post1(f, f->c1, VT_SALES, "2024-06-01", rod, f->main1, 4000, 20000);
	assert_balance(f, f->c1, rod, f->main1, 6000, 60000);
	/* cancelling gives the stock back at the cost it left at */
	assert_int_equal(cancel(f, f->c1, sv, &e), 0);
	assert_balance(f, f->c1, rod, f->main1, 10000, 100000);
	assert_int_equal(q1(f, "SELECT count(*) FROM stock_moves WHERE voucher_id = ? AND active = 1", sv), 0);
	assert_int_equal(q1(f, "SELECT count(*) FROM stock_moves WHERE voucher_id = ? AND active = 0", sv), 1);
	assert_int_equal(value_at(f, f->c1, "2024-06-01"), 100000);
	assert_int_equal(q1(f, "SELECT sum(qty_left) FROM stock_layers WHERE item_id = ?", rod), 10000);

	/* altering a sale from 4 to 7 moves 3 more out */
	sv = post1(f, f->c1, VT_SALES, "2024-06-05", rod, f->main1, 4000, 20000);
	l.qty = 7000;
	assert_int_equal(alter(f, f->c1, sv, VT_SALES, "2024-06-05", &l, 1, &e), 0);
	assert_balance(f, f->c1, rod, f->main1, 3000, 30000);
	assert_int_equal(q1(f, "SELECT sum(qty) FROM stock_moves WHERE voucher_id = ? AND active = 1", sv), -7000);
	/* to 11 is more than there is (3 + the 7 it gives back = 10): refused, nothing changes */
	counts(f, &before);
	l.qty = 11000;
	err_clear(&e);
	rc = alter(f, f->c1, sv, VT_SALES, "2024-06-05", &l, 1, &e);
	expect_err(rc, &e, ERR_UNPROCESSABLE, "items[0].qty", "altering a sale beyond the stock");
	assert_non_null(strstr(e.msg, "10 pcs available"));
	counts(f, &after);
	assert_unchanged(&before, &after, "a refused alteration");
	assert_int_equal(voucher_version(f, sv), 2);
	/* altering to another item moves both */
	{
		int64_t bolt = item_at(f, f->c1, "BOLT", "Bolt", f->pcs, f->main1, 5000, 300);
		l.item = bolt;
		l.qty = 2000;
		assert_int_equal(alter(f, f->c1, sv, VT_SALES, "2024-06-05", &l, 1, &e), 0);
		assert_balance(f, f->c1, rod, f->main1, 10000, 100000);
		assert_balance(f, f->c1, bolt, f->main1, 3000, 900);
	}

	/* a purchase whose goods were sold cannot be cancelled while refusing negative stock */
	pv = post1(f, f->c1, VT_PURCHASE, "2024-06-10", rod, f->main1, 5000, 12000);
	post1(f, f->c1, VT_SALES, "2024-06-11", rod, f->main1, 15000, 20000);
	assert_balance(f, f->c1, rod, f->main1, 0, 0);
	counts(f, &before);
	err_clear(&e);
	rc = cancel(f, f->c1, pv, &e);
	expect_err(rc, &e, ERR_UNPROCESSABLE, "items", "cancelling a purchase already sold");
	assert_non_null(strstr(e.msg, "Rod"));
	counts(f, &after);
	assert_unchanged(&before, &after, "a refused cancellation");

	/* sales return (credit note) comes back at current cost; purchase return (debit note) goes out */
	post1(f, f->c1, VT_PURCHASE, "2024-06-12", rod, f->main1, 4000, 15000);
	sv = post1(f, f->c1, VT_CREDIT_NOTE, "2024-06-13", rod, f->main1, 1000, 20000);
	assert_int_equal(q1(f, "SELECT value FROM stock_moves WHERE voucher_id = ?", sv), 15000);
	sv = post1(f, f->c1, VT_DEBIT_NOTE, "2024-06-14", rod, f->main1, 2000, 15000);
	assert_int_equal(q1(f, "SELECT value FROM stock_moves WHERE voucher_id = ?", sv), -30000);
	assert_balance(f, f->c1, rod, f->main1, 3000, 45000);
}

/* FIFO: cancelling a receipt takes back its own layer, not the oldest one. Opening 10 @ ₹1 (in
 * 2000), purchase 10 @ ₹100, sell 5 (the old ones, ₹5); cancel the purchase: 5 old ones are left,
 * worth ₹5, and the ageing report shows them as old. */
static void test_cancel_purchase_fifo(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	struct buf out = BUF_INIT;
	json_t *j, *q;
	int64_t nail, pv, sv;

	set_settings(f, f->c1, "fifo", NULL);
	nail = item_at(f, f->c1, "NAIL", "Nail", f->pcs, f->main1, 10000, 100);
	pv = post1(f, f->c1, VT_PURCHASE, "2024-05-01", nail, f->main1, 10000, 10000);
	sv = post1(f, f->c1, VT_SALES, "2024-05-02", nail, f->main1, 5000, 20000);
	assert_int_equal(q1(f, "SELECT value FROM stock_moves WHERE voucher_id = ?", sv), -500);
	assert_int_equal(cancel(f, f->c1, pv, &e), 0);
	assert_balance(f, f->c1, nail, f->main1, 5000, 500);
	assert_int_equal(q1(f, "SELECT sum(qty_left) FROM stock_layers WHERE item_id = ? AND rate = 100", nail), 5000);
	assert_int_equal(q1(f, "SELECT sum(qty_left) FROM stock_layers WHERE item_id = ? AND rate = 10000", nail), 0);
	j = ageing(f, f->c1, "2024-06-30");
	q = json_object_get(json_array_get(json_object_get(j, "rows"), 0), "qty");
	assert_string_equal(json_string_value(json_array_get(q, 0)), "0");
	assert_string_equal(json_string_value(json_array_get(q, 4)), "5");
	json_decref(j);
	buf_free(&out);
	/* the rest goes at ₹1 each */
	sv = post1(f, f->c1, VT_SALES, "2024-05-03", nail, f->main1, 5000, 20000);
	assert_int_equal(q1(f, "SELECT value FROM stock_moves WHERE voucher_id = ?", sv), -500);
	assert_balance(f, f->c1, nail, f->main1, 0, 0);
}

/* ---- batches and units on voucher lines -------------------------------------------------------- */

/* One item line with a unit and a batch, posted in its own transaction. */
static int post_line(struct fx *f, enum voucher_type t, const char *date, int64_t item, int64_t qty, const char *unit, int64_t rate,
		     const char *batch, const char *expiry, int64_t *ret_id, struct err *e)
{
	struct line l = {item, 0, qty, rate, 0, 0};
	struct voucher *v = make_voucher(t, date, 0, &l, 1);
	int rc;
	err_clear(e); /* each call reports its own error */
	text_copy(v->items[0].unit, sizeof v->items[0].unit, unit);
	text_copy(v->items[0].batch, sizeof v->items[0].batch, batch);
	text_copy(v->items[0].expiry, sizeof v->items[0].expiry, expiry);
	tx_begin(f);
	rc = tx_end(f, voucher_post(f->db, f->c1, ACTOR, v, e));
	if (rc >= 0 && ret_id)
		*ret_id = v->id;
	voucher_free(v);
	return rc;
}

/* Syrup tracks batches (FIFO): bought in two batches, sold from the later one by name, at that
 * batch's cost; a sale beyond a batch is refused naming it; cancelling the sale puts the stock back
 * into its batch. */
static void test_voucher_batches(void **state)
{
	struct fx *f = *state;
	struct item_input in;
	struct err e = ERR_INIT;
	struct counts before, after;
	struct voucher *got = NULL;
	int64_t syrup = 0, rod = item_at(f, f->c1, "ROD", "Rod", f->pcs, f->main1, 10000, 10000), p1, p2, sv;

	set_settings(f, f->c1, "fifo", NULL);
	memset(&in, 0, sizeof in);
	in.sku = "SYR-100";
	in.name = "Cough Syrup 100 ml";
	in.unit_id = f->pcs;
	in.tracks_batches = 1;
	tx_begin(f);
	assert_int_equal(tx_end(f, item_create(f->db, f->c1, ACTOR, &in, &syrup, &e)), 0);

	assert_int_equal(post_line(f, VT_PURCHASE, "2024-05-01", syrup, 10000, "", 5000, "B-101", "2025-12-31", &p1, &e), 0);
	assert_int_equal(post_line(f, VT_PURCHASE, "2024-05-02", syrup, 10000, "", 6000, "B-102", "2026-06-30", &p2, &e), 0);
	assert_int_equal(q1(f, "SELECT sum(qty_left) FROM stock_layers WHERE item_id = ? AND batch = 'B-102' AND expiry = '2026-06-30'", syrup), 10000);
	/* the line keeps its batch */
	assert_int_equal(voucher_get(f->db, f->c1, p2, &got, &e), 0);
	assert_string_equal(got->items[0].batch, "B-102");
	assert_string_equal(got->items[0].expiry, "2026-06-30");
	voucher_free(got);

	/* sold from the later batch: FIFO costs it at that batch's ₹60, not the older ₹50 */
	assert_int_equal(post_line(f, VT_SALES, "2024-05-03", syrup, 4000, "", 9000, "B-102", "", &sv, &e), 0);
	assert_int_equal(q1(f, "SELECT value FROM stock_moves WHERE voucher_id = ?", sv), -24000);
	assert_int_equal(q1(f, "SELECT count(*) FROM stock_moves WHERE voucher_id = ? AND batch = 'B-102' AND expiry = '2026-06-30'", sv), 1);
	assert_int_equal(q1(f, "SELECT sum(qty_left) FROM stock_layers WHERE item_id = ? AND batch = 'B-101'", syrup), 10000);
	assert_int_equal(q1(f, "SELECT sum(qty_left) FROM stock_layers WHERE item_id = ? AND batch = 'B-102'", syrup), 6000);

	/* more than the batch holds is refused though the godown holds 16 */
	counts(f, &before);
	expect_err(post_line(f, VT_SALES, "2024-05-04", syrup, 7000, "", 9000, "B-102", "", NULL, &e), &e, ERR_UNPROCESSABLE, "items[0].qty",
		   "beyond the batch");
	assert_non_null(strstr(e.msg, "B-102"));
	assert_non_null(strstr(e.msg, "6 pcs available"));
	err_clear(&e);
	/* an unknown batch holds nothing */
	expect_err(post_line(f, VT_SALES, "2024-05-04", syrup, 1000, "", 9000, "B-999", "", NULL, &e), &e, ERR_UNPROCESSABLE, "items[0].qty",
		   "unknown batch");
	/* a batch-tracked item needs its batch; others take none; an expiry needs a batch and a date */
	expect_err(post_line(f, VT_PURCHASE, "2024-05-04", syrup, 1000, "", 9000, "", "", NULL, &e), &e, ERR_INVALID, "items[0].batch",
		   "no batch");
	expect_err(post_line(f, VT_SALES, "2024-05-04", syrup, 1000, "", 9000, "", "", NULL, &e), &e, ERR_INVALID, "items[0].batch",
		   "no batch on a sale");
	expect_err(post_line(f, VT_PURCHASE, "2024-05-04", rod, 1000, "", 9000, "R-1", "", NULL, &e), &e, ERR_INVALID, "items[0].batch",
		   "a batch on an untracked item");
	expect_err(post_line(f, VT_PURCHASE, "2024-05-04", syrup, 1000, "", 9000, "B-103", "2025-02-30", NULL, &e), &e, ERR_INVALID,
		   "items[0].expiry", "not a date");
	expect_err(post_line(f, VT_PURCHASE, "2024-05-04", 0, 1000, "", 9000, "B-103", "", NULL, &e), &e, ERR_INVALID, "items[0].batch",
		   "a batch without an item");
	counts(f, &after);
	assert_unchanged(&before, &after, "refused batch lines");

	/* cancelling the sale returns the 4 to batch B-102 with its expiry */
	assert_int_equal(cancel(f, f->c1, sv, &e), 0);
	assert_int_equal(q1(f, "SELECT sum(qty_left) FROM stock_layers WHERE item_id = ? AND batch = 'B-102' AND expiry = '2026-06-30'", syrup), 10000);
	assert_balance(f, f->c1, syrup, f->main1, 20000, 110000);
	/* cancelling a purchase takes its own batch out */
	assert_int_equal(cancel(f, f->c1, p1, &e), 0);
	assert_int_equal(q1(f, "SELECT coalesce(sum(qty_left), 0) FROM stock_layers WHERE item_id = ? AND batch = 'B-101'", syrup), 0);
	assert_balance(f, f->c1, syrup, f->main1, 10000, 60000);
}

/* Lines in another unit than the item's: 2 box of a pcs item are 24 pcs (the rate is per box);
 * 24 pcs of a box item are 2 box; what is not a whole number of the item's unit, or is in an
 * unrelated unit, is refused. */
static void test_voucher_units(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	struct counts before, after;
	int64_t box = unit_id(f, f->c1, "box");
	int64_t pen = item_at(f, f->c1, "PEN", "Pen", f->pcs, f->main1, 0, 0);
	int64_t carton = item_at(f, f->c1, "CARTON", "Pen carton", box, f->main1, 0, 0), pv, sv;

	assert_int_equal(post_line(f, VT_PURCHASE, "2024-05-01", pen, 2000, "box", 12000, "", "", &pv, &e), 0);
	assert_int_equal(q1(f, "SELECT qty FROM stock_moves WHERE voucher_id = ?", pv), 24000);
	assert_int_equal(q1(f, "SELECT value FROM stock_moves WHERE voucher_id = ?", pv), 24000);
	assert_balance(f, f->c1, pen, f->main1, 24000, 24000);
	/* the unit is matched without regard to case; the line keeps the unit it was entered in */
	assert_int_equal(post_line(f, VT_SALES, "2024-05-02", pen, 1000, "BOX", 20000, "", "", &sv, &e), 0);
	assert_int_equal(q1(f, "SELECT qty FROM stock_moves WHERE voucher_id = ?", sv), -12000);
	assert_balance(f, f->c1, pen, f->main1, 12000, 12000);
	assert_int_equal(post_line(f, VT_SALES, "2024-05-02", pen, 5000, "pcs", 1500, "", "", NULL, &e), 0);
	assert_balance(f, f->c1, pen, f->main1, 7000, 7000);

	/* an item kept in boxes bought by the piece */
	assert_int_equal(post_line(f, VT_PURCHASE, "2024-05-03", carton, 36000, "pcs", 100, "", "", &pv, &e), 0);
	assert_int_equal(q1(f, "SELECT qty FROM stock_moves WHERE voucher_id = ?", pv), 3000);
	assert_balance(f, f->c1, carton, f->main1, 3000, 3600);

	counts(f, &before);
	expect_err(post_line(f, VT_PURCHASE, "2024-05-04", carton, 6000, "pcs", 100, "", "", NULL, &e), &e, ERR_INVALID, "items[0].qty",
		   "half a box");
	assert_non_null(strstr(e.msg, "6 pcs"));
	err_clear(&e);
	expect_err(post_line(f, VT_PURCHASE, "2024-05-04", pen, 1500, "box", 100, "", "", NULL, &e), &e, ERR_INVALID, "items[0].qty",
		   "1.5 box: box takes no decimals");
	expect_err(post_line(f, VT_PURCHASE, "2024-05-04", pen, 1000, "kg", 100, "", "", NULL, &e), &e, ERR_INVALID, "items[0].unit",
		   "an unrelated unit");
	expect_err(post_line(f, VT_PURCHASE, "2024-05-04", pen, 1000, "crate", 100, "", "", NULL, &e), &e, ERR_INVALID, "items[0].unit",
		   "an unknown unit");
	expect_err(post_line(f, VT_SALES, "2024-05-04", pen, 1000, "box", 100, "", "", NULL, &e), &e, ERR_UNPROCESSABLE, "items[0].qty",
		   "a box when 7 pcs are left");
	counts(f, &after);
	assert_unchanged(&before, &after, "refused unit lines");
}

/* A register with more moves than a page: the rows stop at 10,000, it says so, and the closing
 * figures still cover every move of the period. */
static void test_movement_truncated(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	struct buf out = BUF_INIT;
	json_t *j;
	int64_t nut = item_at(f, f->c1, "NUT", "Nut", f->pcs, 0, 0, 0);
	struct db_stmt *st;

	tx_begin(f);
	for (int i = 0; i < 10005; i++) {
		char date[16];
		snprintf(date, sizeof date, "2024-%02d-%02d", 5 + i / 5000 % 2, 1 + i % 28);
		st = db_prepare(f->db, "INSERT INTO stock_moves(company_id, item_id, godown_id, date, qty, value, source) VALUES (?, ?, ?, ?, ?, ?, 'opening')", &e);
		assert_non_null(st);
		db_bind_i64(st, 1, f->c1);
		db_bind_i64(st, 2, nut);
		db_bind_i64(st, 3, f->main1);
		db_bind_text(st, 4, date);
		db_bind_i64(st, 5, 1000);
		db_bind_i64(st, 6, 7);
		assert_int_equal(db_step(st, &e), DB_DONE);
		db_done(st);
	}
	assert_int_equal(tx_end(f, 0), 0);
	assert_non_null(j = movement(f, f->c1, nut, "2024-05-01", "2024-06-30", &e));
	assert_true(json_is_true(json_object_get(j, "truncated")));
	assert_int_equal(json_array_size(json_object_get(j, "rows")), 10000);
	assert_int_equal(jqty(j, "closing_qty"), 10005000);
	assert_int_equal(jmoney(j, "closing_value"), 10005 * 7);
	json_decref(j);
	buf_reset(&out);
	/* a shorter period is whole */
	assert_non_null(j = movement(f, f->c1, nut, "2024-05-01", "2024-05-01", &e));
	assert_false(json_is_true(json_object_get(j, "truncated")));
	assert_int_equal(jqty(j, "closing_qty"), (int64_t)json_array_size(json_object_get(j, "rows")) * 1000);
	json_decref(j);
	buf_free(&out);
}

/* Ageing as at a day: what was held then, as the latest receipts up to then. Opening 10 @ ₹100
 * (books' first day), bought 10 @ ₹130 on 10 May, sold 14 on 1 June. */
static void ageing_check(struct fx *f, const char *date, int64_t item, const int64_t qty[5], const int64_t value[5])
{
	struct buf out = BUF_INIT;
	json_t *j, *row = NULL, *rows;
	size_t i;
	j = ageing(f, f->c1, date);
	rows = json_object_get(j, "rows");
	for (i = 0; i < json_array_size(rows); i++)
		if (json_integer_value(json_object_get(json_array_get(rows, i), "item_id")) == item)
			row = json_array_get(rows, i);
	assert_non_null(row);
	for (int b = 0; b < 5; b++) {
		int64_t q = 0, v = 0;
		assert_int_equal(decimal_parse(json_string_value(json_array_get(json_object_get(row, "qty"), (size_t)b)), 3, &q), 0);
		assert_int_equal(decimal_parse(json_string_value(json_array_get(json_object_get(row, "value"), (size_t)b)), 2, &v), 0);
		if (q != qty[b] || v != value[b])
			fail_msg("ageing at %s bucket %d: %lld/%lld, want %lld/%lld", date, b, (long long)q, (long long)v, (long long)qty[b],
				 (long long)value[b]);
	}
	json_decref(j);
	buf_free(&out);
}

static void test_ageing_as_at(void **state)
{
	struct fx *f = *state;
	int64_t fifo, avg;

	set_settings(f, f->c1, "fifo", NULL);
	fifo = item_at(f, f->c1, "ROD-F", "Rod FIFO", f->pcs, f->main1, 10000, 10000);
	post1(f, f->c1, VT_PURCHASE, "2024-05-10", fifo, f->main1, 10000, 13000);
	post1(f, f->c1, VT_SALES, "2024-06-01", fifo, f->main1, 14000, 20000);
	/* 31 May: all 20 held; 10 bought 21 days ago at ₹130, 10 from the opening at ₹100 */
	ageing_check(f, "2024-05-31", fifo, (const int64_t[5]){10000, 0, 0, 0, 10000}, (const int64_t[5]){130000, 0, 0, 0, 100000});
	/* 30 June: the 6 left are of the purchase, 51 days old, at its ₹130 */
	ageing_check(f, "2024-06-30", fifo, (const int64_t[5]){0, 6000, 0, 0, 0}, (const int64_t[5]){0, 78000, 0, 0, 0});

	set_settings(f, f->c1, "weighted_average", NULL);
	avg = item_at(f, f->c1, "ROD-A", "Rod average", f->pcs, f->main1, 10000, 10000);
	post1(f, f->c1, VT_PURCHASE, "2024-05-10", avg, f->main1, 10000, 13000);
	post1(f, f->c1, VT_SALES, "2024-06-01", avg, f->main1, 14000, 20000);
	/* at the average: 31 May 2,300.00 for 20 (₹115); 30 June 6 left worth 690.00 */
	ageing_check(f, "2024-05-31", avg, (const int64_t[5]){10000, 0, 0, 0, 10000}, (const int64_t[5]){115000, 0, 0, 0, 115000});
	ageing_check(f, "2024-06-30", avg, (const int64_t[5]){0, 6000, 0, 0, 0}, (const int64_t[5]){0, 69000, 0, 0, 0});
}

/* ---- refused inputs write nothing -------------------------------------------------------------- */

static void test_bad_voucher_lines(void **state)
{
	struct fx *f = *state;
	int64_t rod = item_at(f, f->c1, "ROD", "Rod", f->pcs, f->main1, 10000, 10000);
	int64_t cloth = item_at(f, f->c1, "CLOTH", "Cloth", f->m, f->main1, 10000, 10000);
	int64_t old = item_at(f, f->c1, "OLD", "Old stock", f->pcs, f->main1, 10000, 10000);
	int64_t theirs = item_at(f, f->c2, "THEIRS", "Their item", f->pcs2, f->main2, 10000, 10000);
	int64_t closed = godown(f, f->c1, "Closed Godown");
	struct {
		const char *what;
		enum voucher_type type;
		struct line l[2];
		int n;
		int code;
		const char *field;
	} cases[] = {
		{"unknown item", VT_SALES, {{999999, 0, 1000, 100, 0, 0}}, 1, ERR_INVALID, "items[0].item_id"},
		{"another company's item", VT_SALES, {{0, 0, 1000, 100, 0, 0}}, 1, ERR_INVALID, "items[0].item_id"},
		{"archived item", VT_SALES, {{0, 0, 1000, 100, 0, 0}}, 1, ERR_INVALID, "items[0].item_id"},
		{"1.5 pcs", VT_SALES, {{0, 0, 1500, 100, 0, 0}}, 1, ERR_INVALID, "items[0].qty"},
		{"1.001 pcs in a purchase", VT_PURCHASE, {{0, 0, 1001, 100, 0, 0}}, 1, ERR_INVALID, "items[0].qty"},
		{"1.005 m (2 decimals)", VT_SALES, {{0, 0, 1005, 100, 0, 0}}, 1, ERR_INVALID, "items[0].qty"},
		{"negative quantity", VT_SALES, {{0, 0, -1000, 100, 0, 0}}, 1, ERR_INVALID, "items[0].qty"},
		{"zero quantity", VT_PURCHASE, {{0, 0, 0, 100, 0, 0}}, 1, ERR_INVALID, "items[0].qty"},
		{"another company's godown", VT_SALES, {{0, 0, 1000, 100, 0, 0}}, 1, ERR_INVALID, "items[0].godown_id"},
		{"another company's godown in a purchase", VT_PURCHASE, {{0, 0, 1000, 100, 0, 0}}, 1, ERR_INVALID, "items[0].godown_id"},
		{"unknown godown", VT_SALES, {{0, 987654, 1000, 100, 0, 0}}, 1, ERR_INVALID, "items[0].godown_id"},
		{"archived godown", VT_PURCHASE, {{0, 0, 1000, 100, 0, 0}}, 1, ERR_INVALID, "items[0].godown_id"},
		{"good first line, bad second", VT_PURCHASE, {{0, 0, 1000, 100, 0, 0}, {0, 0, 2500, 100, 0, 0}}, 2, ERR_INVALID, "items[1].qty"},
		{"good first line, oversold second", VT_SALES, {{0, 0, 1000, 100, 0, 0}, {0, 0, 11000, 100, 0, 0}}, 2, ERR_UNPROCESSABLE,
		 "items[1].qty"},
		{"a quantity past the ceiling", VT_PURCHASE, {{0, 0, INT64_MAX / 1000 * 1000, 100000, 0, 0}}, 1, ERR_INVALID, "items[0].qty"},
		{"qty x rate past the ceiling", VT_PURCHASE, {{0, 0, QTY_MAX, 100001, 0, 0}}, 1, ERR_UNPROCESSABLE, "items[0].rate"},
	};
	/* fill in the ids the table cannot know */
	cases[1].l[0].item = theirs;
	cases[2].l[0].item = old;
	cases[3].l[0].item = rod;
	cases[4].l[0].item = rod;
	cases[5].l[0].item = cloth;
	cases[6].l[0].item = rod;
	cases[7].l[0].item = rod;
	cases[8].l[0].item = rod;
	cases[8].l[0].godown = f->main2;
	cases[9].l[0].item = rod;
	cases[9].l[0].godown = f->main2;
	cases[10].l[0].item = rod;
	cases[11].l[0].item = rod;
	cases[11].l[0].godown = closed;
	cases[12].l[0].item = rod;
	cases[12].l[1].item = rod;
	cases[13].l[0].item = cloth;
	cases[13].l[1].item = rod;
	cases[14].l[0].item = rod;
	cases[15].l[0].item = rod;
	assert_int_equal(q2(f, "UPDATE items SET archived = ? WHERE id = ? RETURNING archived", 1, old), 1);
	assert_int_equal(q2(f, "UPDATE godowns SET archived = ? WHERE id = ? RETURNING archived", 1, closed), 1);

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct counts before, after;
		struct err e = ERR_INIT;
		int rc;
		counts(f, &before);
		rc = post(f, f->c1, cases[i].type, "2024-06-01", 0, cases[i].l, cases[i].n, NULL, &e);
		expect_err(rc, &e, cases[i].code, cases[i].field, cases[i].what);
		counts(f, &after);
		assert_unchanged(&before, &after, cases[i].what);
	}
	assert_balance(f, f->c1, rod, f->main1, 10000, 100000);
	assert_balance(f, f->c2, theirs, f->main2, 10000, 100000);
}

static void test_bad_journals_and_counts(void **state)
{
	struct fx *f = *state;
	int64_t rod = item_at(f, f->c1, "ROD", "Rod", f->pcs, f->main1, 10000, 10000);
	int64_t theirs = item_at(f, f->c2, "THEIRS", "Their item", f->pcs2, f->main2, 10000, 10000);
	struct {
		const char *what, *kind, *date;
		struct stock_line l;
		int n;
		int code;
		const char *field;
	} cases[] = {
		{"unknown kind", "gift", "2024-06-01", {rod, 0, 0, 1000, 0, "", ""}, 1, ERR_INVALID, "kind"},
		{"no kind", NULL, "2024-06-01", {rod, 0, 0, 1000, 0, "", ""}, 1, ERR_INVALID, "kind"},
		{"impossible date", "transfer", "2024-02-30", {rod, 0, 0, 1000, 0, "", ""}, 1, ERR_INVALID, "date"},
		{"no lines", "consumption", "2024-06-01", {rod, 0, 0, 1000, 0, "", ""}, 0, ERR_INVALID, "lines"},
		{"unknown item", "consumption", "2024-06-01", {424242, 0, 0, 1000, 0, "", ""}, 1, ERR_INVALID, "lines[0].item_id"},
		{"another company's item", "consumption", "2024-06-01", {0, 0, 0, 1000, 0, "", ""}, 1, ERR_INVALID, "lines[0].item_id"},
		{"1.5 pcs", "transfer", "2024-06-01", {rod, 0, 0, 1500, 0, "", ""}, 1, ERR_INVALID, "lines[0].qty"},
		{"negative qty", "consumption", "2024-06-01", {rod, 0, 0, -1000, 0, "", ""}, 1, ERR_INVALID, "lines[0].qty"},
		{"zero qty production", "production", "2024-06-01", {rod, 0, 0, 0, 0, "", ""}, 1, ERR_INVALID, "lines[0].qty"},
		{"from another company's godown", "transfer", "2024-06-01", {rod, 0, 0, 1000, 0, "", ""}, 1, ERR_INVALID, "lines[0].godown_id"},
		{"to another company's godown", "transfer", "2024-06-01", {rod, 0, 0, 1000, 0, "", ""}, 1, ERR_INVALID, "lines[0].to_godown_id"},
		{"to the same godown", "transfer", "2024-06-01", {rod, 0, 0, 1000, 0, "", ""}, 1, ERR_INVALID, "lines[0].to_godown_id"},
		{"transfer with no destination", "transfer", "2024-06-01", {rod, 0, 0, 1000, 0, "", ""}, 1, ERR_INVALID, "lines[0].to_godown_id"},
		{"consuming more than there is", "consumption", "2024-06-01", {rod, 0, 0, 11000, 0, "", ""}, 1, ERR_UNPROCESSABLE, "lines[0].qty"},
		{"transferring more than there is", "transfer", "2024-06-01", {rod, 0, 0, 10001000, 0, "", ""}, 1, ERR_UNPROCESSABLE, "lines[0].qty"},
		{"into a locked period", "production", "2024-03-31", {rod, 0, 0, 1000, 100, "", ""}, 1, ERR_UNPROCESSABLE, "date"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (!cases[i].l.godown_id)
			cases[i].l.godown_id = f->main1;
	cases[5].l.item_id = theirs;
	cases[9].l.godown_id = f->main2;
	cases[9].l.to_godown_id = f->gb;
	cases[10].l.to_godown_id = f->main2;
	cases[11].l.to_godown_id = f->main1;
	cases[14].l.to_godown_id = f->gb;
	{
		struct err e = ERR_INIT;
		tx_begin(f);
		assert_int_equal(tx_end(f, books_lock(f->db, f->c1, ACTOR, "2024-03-31", &e)), 0);
	}
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct counts before, after;
		struct err e = ERR_INIT;
		int rc;
		counts(f, &before);
		rc = journal(f, f->c1, cases[i].kind, cases[i].date, &cases[i].l, cases[i].n, NULL, &e);
		expect_err(rc, &e, cases[i].code, cases[i].field, cases[i].what);
		counts(f, &after);
		assert_unchanged(&before, &after, cases[i].what);
	}
	/* physical verification: counts are checked the same way */
	{
		struct {
			const char *what, *date;
			int64_t godown_id;
			struct stock_line l;
			int n, code;
			const char *field;
		} vc[] = {
			{"negative count", "2024-06-01", 0, {rod, 0, 0, -1000, 0, "", ""}, 1, ERR_INVALID, "counts[0].qty"},
			{"1.5 pcs counted", "2024-06-01", 0, {rod, 0, 0, 1500, 0, "", ""}, 1, ERR_INVALID, "counts[0].qty"},
			{"unknown item", "2024-06-01", 0, {777777, 0, 0, 1000, 0, "", ""}, 1, ERR_INVALID, "counts[0].item_id"},
			{"another company's item", "2024-06-01", 0, {0, 0, 0, 1000, 0, "", ""}, 1, ERR_INVALID, "counts[0].item_id"},
			{"another company's godown", "2024-06-01", 0, {rod, 0, 0, 1000, 0, "", ""}, 1, ERR_INVALID, "godown_id"},
			{"no counts", "2024-06-01", 0, {rod, 0, 0, 1000, 0, "", ""}, 0, ERR_INVALID, "counts"},
			{"bad date", "01-06-2024", 0, {rod, 0, 0, 1000, 0, "", ""}, 1, ERR_INVALID, "date"},
			{"a locked period", "2024-01-01", 0, {rod, 0, 0, 1000, 0, "", ""}, 1, ERR_UNPROCESSABLE, "date"},
		};
		for (size_t i = 0; i < sizeof vc / sizeof vc[0]; i++)
			vc[i].godown_id = f->main1;
		vc[3].l.item_id = theirs;
		vc[4].godown_id = f->main2;
		for (size_t i = 0; i < sizeof vc / sizeof vc[0]; i++) {
			struct counts before, after;
			struct err e = ERR_INIT;
			int rc;
			counts(f, &before);
			rc = verify(f, f->c1, vc[i].date, vc[i].godown_id, &vc[i].l, vc[i].n, NULL, &e);
			expect_err(rc, &e, vc[i].code, vc[i].field, vc[i].what);
			counts(f, &after);
			assert_unchanged(&before, &after, vc[i].what);
		}
	}
	assert_balance(f, f->c1, rod, f->main1, 10000, 100000);
}

static void test_bad_items(void **state)
{
	struct fx *f = *state;
	struct {
		const char *what, *sku, *name, *opening_date;
		int64_t unit, godown_id, qty, rate, gst;
		int code;
		const char *field;
	} cases[] = {
		{"no sku", "", "Rod", NULL, 0, 0, 0, 0, 0, ERR_INVALID, "sku"},
		{"no name", "R1", "", NULL, 0, 0, 0, 0, 0, ERR_INVALID, "name"},
		{"unknown unit", "R1", "Rod", NULL, 31337, 0, 0, 0, 0, ERR_INVALID, "unit_id"},
		{"another company's unit", "R1", "Rod", NULL, 0, 0, 0, 0, 0, ERR_INVALID, "unit_id"},
		{"GST 7%", "R1", "Rod", NULL, 0, 0, 0, 0, 700, ERR_INVALID, "gst_rate"},
		{"opening 1.5 pcs", "R1", "Rod", NULL, 0, 0, 1500, 100, 0, ERR_INVALID, "opening[0].qty"},
		{"opening -1 pcs", "R1", "Rod", NULL, 0, 0, -1000, 100, 0, ERR_INVALID, "opening[0].qty"},
		{"opening in another company's godown", "R1", "Rod", NULL, 0, 0, 1000, 100, 0, ERR_INVALID, "opening[0].godown_id"},
		{"opening at a negative rate", "R1", "Rod", NULL, 0, 0, 1000, -100, 0, ERR_INVALID, "opening[0].rate"},
		{"opening on an impossible date", "R1", "Rod", "2024-02-30", 0, 0, 1000, 100, 0, ERR_INVALID, "opening_date"},
		{"opening on a date that is not a date", "R1", "Rod", "yesterday", 0, 0, 1000, 100, 0, ERR_INVALID, "opening_date"},
		{"a SKU already used", "DUP", "Rod", NULL, 0, 0, 0, 0, 0, ERR_DUPLICATE, "sku"},
	};
	item_at(f, f->c1, "DUP", "First", f->pcs, 0, 0, 0);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct item_input in;
		struct counts before, after;
		struct err e = ERR_INIT;
		int64_t id = 0;
		int rc;
		memset(&in, 0, sizeof in);
		in.sku = cases[i].sku;
		in.name = cases[i].name;
		in.unit_id = cases[i].unit ? cases[i].unit : (i == 3 ? f->pcs2 : f->pcs);
		in.gst_rate = cases[i].gst;
		in.opening_date = cases[i].opening_date;
		if (cases[i].qty) {
			in.nopening = 1;
			in.opening[0].godown_id = i == 7 ? f->main2 : f->main1;
			in.opening[0].qty = cases[i].qty;
			in.opening[0].rate = cases[i].rate;
		}
		counts(f, &before);
		tx_begin(f);
		rc = tx_end(f, item_create(f->db, f->c1, ACTOR, &in, &id, &e));
		expect_err(rc, &e, cases[i].code, cases[i].field, cases[i].what);
		counts(f, &after);
		assert_unchanged(&before, &after, cases[i].what);
	}
	/* opening stock of a batch-tracked item names its batch; others do not */
	{
		struct item_input in;
		struct counts before, after;
		struct err e = ERR_INIT;
		int64_t id = 0;
		memset(&in, 0, sizeof in);
		in.sku = "SYR";
		in.name = "Syrup";
		in.unit_id = f->pcs;
		in.tracks_batches = 1;
		in.nopening = 1;
		in.opening[0].godown_id = f->main1;
		in.opening[0].qty = 5000;
		in.opening[0].rate = 100;
		counts(f, &before);
		tx_begin(f);
		expect_err(tx_end(f, item_create(f->db, f->c1, ACTOR, &in, &id, &e)), &e, ERR_INVALID, "opening[0].batch", "opening without a batch");
		err_clear(&e);
		text_copy(in.opening[0].batch, sizeof in.opening[0].batch, "OB-1");
		text_copy(in.opening[0].expiry, sizeof in.opening[0].expiry, "2025-13-01");
		tx_begin(f);
		expect_err(tx_end(f, item_create(f->db, f->c1, ACTOR, &in, &id, &e)), &e, ERR_INVALID, "opening[0].expiry", "a bad expiry");
		err_clear(&e);
		in.tracks_batches = 0;
		in.opening[0].expiry[0] = '\0';
		tx_begin(f);
		expect_err(tx_end(f, item_create(f->db, f->c1, ACTOR, &in, &id, &e)), &e, ERR_INVALID, "opening[0].batch", "a batch untracked");
		counts(f, &after);
		assert_unchanged(&before, &after, "opening batches");
		/* with its batch it goes in, and a sale can name that batch */
		err_clear(&e);
		in.tracks_batches = 1;
		text_copy(in.opening[0].expiry, sizeof in.opening[0].expiry, "2025-12-31");
		tx_begin(f);
		assert_int_equal(tx_end(f, item_create(f->db, f->c1, ACTOR, &in, &id, &e)), 0);
		assert_int_equal(q1(f, "SELECT sum(qty_left) FROM stock_layers WHERE item_id = ? AND batch = 'OB-1' AND expiry = '2025-12-31'", id), 5000);
		assert_int_equal(post_line(f, VT_SALES, "2024-06-01", id, 2000, "", 500, "OB-1", "", NULL, &e), 0);
		assert_balance(f, f->c1, id, f->main1, 3000, 300);
	}
	/* opening stock cannot go into a locked period */
	{
		struct item_input in;
		struct counts before, after;
		struct err e = ERR_INIT;
		int64_t id = 0;
		tx_begin(f);
		assert_int_equal(tx_end(f, books_lock(f->db, f->c1, ACTOR, "2024-03-31", &e)), 0);
		memset(&in, 0, sizeof in);
		in.sku = "LOCKED";
		in.name = "Locked";
		in.unit_id = f->pcs;
		in.nopening = 1;
		in.opening[0].godown_id = f->main1;
		in.opening[0].qty = 1000;
		in.opening[0].rate = 100;
		counts(f, &before);
		tx_begin(f);
		expect_err(tx_end(f, item_create(f->db, f->c1, ACTOR, &in, &id, &e)), &e, ERR_UNPROCESSABLE, "opening_date", "the books' first day, locked");
		err_clear(&e);
		in.opening_date = "2024-03-31";
		tx_begin(f);
		expect_err(tx_end(f, item_create(f->db, f->c1, ACTOR, &in, &id, &e)), &e, ERR_UNPROCESSABLE, "opening_date", "the lock date itself");
		counts(f, &after);
		assert_unchanged(&before, &after, "opening into a locked period");
		err_clear(&e);
		in.opening_date = "2024-04-01";
		tx_begin(f);
		assert_int_equal(tx_end(f, item_create(f->db, f->c1, ACTOR, &in, &id, &e)), 0);
		/* an item without opening stock is fine whatever the lock */
		err_clear(&e);
		in.sku = "LOCKED-2";
		in.nopening = 0;
		in.opening_date = NULL;
		tx_begin(f);
		assert_int_equal(tx_end(f, item_create(f->db, f->c1, ACTOR, &in, &id, &e)), 0);
	}
}

/* ---- stock journals and physical verification ----------------------------------------------------- */

static void test_journals(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	int64_t rod = item_at(f, f->c1, "ROD", "Rod", f->pcs, f->main1, 10000, 10000);
	int64_t frame = item_at(f, f->c1, "FRAME", "Frame", f->pcs, 0, 0, 0), jid = 0;
	struct stock_line t = {rod, f->main1, f->gb, 4000, 0, "", ""};
	json_t *s, *r;
	size_t i;

	/* transfer 4 to Godown B: cost moves with the goods, the total does not change */
	assert_int_equal(journal(f, f->c1, "transfer", "2024-06-01", &t, 1, &jid, &e), 0);
	assert_balance(f, f->c1, rod, f->main1, 6000, 60000);
	assert_balance(f, f->c1, rod, f->gb, 4000, 40000);
	assert_int_equal(q1(f, "SELECT count(*) FROM stock_moves WHERE journal_id = ? AND source = 'transfer'", jid), 2);
	assert_int_equal(q1(f, "SELECT sum(value) FROM stock_moves WHERE journal_id = ?", jid), 0);
	assert_int_equal(value_at(f, f->c1, ""), 100000);
	assert_int_equal(q1(f, "SELECT count(*) FROM audit_log WHERE entity = 'stock_journal' AND entity_id = ?", jid), 1);
	/* by godown, and one godown at a time, now and before the transfer */
	s = summary(f, f->c1, "", 0, "godown");
	assert_int_equal(json_array_size(json_object_get(s, "rows")), 2);
	json_array_foreach(json_object_get(s, "rows"), i, r) {
		int64_t g = json_integer_value(json_object_get(r, "godown_id"));
		assert_int_equal(jmoney(r, "value"), g == f->main1 ? 60000 : 40000);
		assert_int_equal(json_integer_value(json_object_get(r, "items")), 1);
	}
	assert_string_equal(json_string_value(json_object_get(s, "total_value")), "1000.00");
	json_decref(s);
	s = summary(f, f->c1, "", f->gb, "item");
	assert_int_equal(jqty(summary_row(s, rod), "qty"), 4000);
	json_decref(s);
	s = summary(f, f->c1, "2024-05-31", f->gb, "item");
	assert_int_equal(jqty(summary_row(s, rod), "qty"), 0);
	assert_int_equal(jmoney(summary_row(s, rod), "value"), 0);
	json_decref(s);

	/* consumption takes out at cost */
	t.godown_id = f->gb;
	t.to_godown_id = 0;
	t.qty = 1000;
	assert_int_equal(journal(f, f->c1, "consumption", "2024-06-02", &t, 1, &jid, &e), 0);
	assert_int_equal(q1(f, "SELECT value FROM stock_moves WHERE journal_id = ?", jid), -10000);
	assert_balance(f, f->c1, rod, f->gb, 3000, 30000);
	/* production at a rate, and without one at current cost (nothing in stock: zero) */
	t.item_id = frame;
	t.qty = 5000;
	t.rate = 5050;
	assert_int_equal(journal(f, f->c1, "production", "2024-06-03", &t, 1, &jid, &e), 0);
	assert_balance(f, f->c1, frame, f->gb, 5000, 25250);
	t.rate = 0;
	t.qty = 2000;
	assert_int_equal(journal(f, f->c1, "production", "2024-06-04", &t, 1, &jid, &e), 0);
	assert_int_equal(q1(f, "SELECT value FROM stock_moves WHERE journal_id = ?", jid), 10100); /* 2 × 25250/5 */
	t.godown_id = f->main1;
	assert_int_equal(journal(f, f->c1, "production", "2024-06-04", &t, 1, &jid, &e), 0);
	assert_int_equal(q1(f, "SELECT value FROM stock_moves WHERE journal_id = ?", jid), 0);
	/* several lines in one journal */
	{
		struct stock_line two[2] = {{rod, f->main1, f->gb, 1000, 0, "", ""}, {frame, f->gb, f->main1, 7000, 0, "", ""}};
		assert_int_equal(journal(f, f->c1, "transfer", "2024-06-05", two, 2, &jid, &e), 0);
		assert_int_equal(q1(f, "SELECT count(*) FROM stock_moves WHERE journal_id = ?", jid), 4);
		assert_balance(f, f->c1, frame, f->gb, 0, 0);
		assert_balance(f, f->c1, frame, f->main1, 9000, 35350);
	}
	/* group summary folds items without a group into "(no group)" */
	s = summary(f, f->c1, "", 0, "group");
	assert_int_equal(json_array_size(json_object_get(s, "rows")), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(s, "rows"), 0), "group")), "(no group)");
	assert_int_equal(jmoney(s, "total_value"), value_at(f, f->c1, ""));
	json_decref(s);
}

static void test_verification(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	int64_t rod = item_at(f, f->c1, "ROD", "Rod", f->pcs, f->main1, 10000, 10000), jid = 0;
	int64_t bolt = item_at(f, f->c1, "BOLT", "Bolt", f->pcs, f->main1, 3000, 500);
	struct stock_line c[2] = {{rod, 0, 0, 8000, 0, "", ""}, {bolt, 0, 0, 3000, 0, "", ""}};
	struct buf after = BUF_INIT;

	/* 8 counted, 10 in the books: -2 at ₹100; the bolts agree and make no move */
	assert_int_equal(verify(f, f->c1, "2024-06-30", f->main1, c, 2, &jid, &e), 0);
	assert_int_equal(q1(f, "SELECT count(*) FROM stock_moves WHERE journal_id = ?", jid), 1);
	assert_int_equal(q1(f, "SELECT qty FROM stock_moves WHERE journal_id = ? AND source = 'verification'", jid), -2000);
	assert_int_equal(q1(f, "SELECT value FROM stock_moves WHERE journal_id = ?", jid), -20000);
	assert_int_equal(q1(f, "SELECT count(*) FROM stock_journals WHERE id = ? AND kind = 'verification'", jid), 1);
	assert_balance(f, f->c1, rod, f->main1, 8000, 80000);
	/* its audit record names the godown, the book figure and the count */
	{
		struct db_stmt *st = db_prepare(f->db, "SELECT after_json FROM audit_log WHERE entity = 'stock_verification' AND entity_id = ?", &e);
		assert_non_null(st);
		db_bind_i64(st, 1, jid);
		assert_int_equal(db_step(st, &e), DB_ROW);
		assert_int_equal(buf_adds(&after, db_col_text(st, 0)), 0);
		db_done(st);
		{
			char want[160];
			snprintf(want, sizeof want,
				 "{\"id\":%lld,\"date\":\"2024-06-30\",\"godown_id\":%lld,\"adjustments\":[{\"item_id\":%lld,\"book\":\"10\",\"counted\":\"8\"}]}",
				 (long long)jid, (long long)f->main1, (long long)rod);
			assert_string_equal(buf_str(&after), want);
		}
		buf_free(&after);
	}
	/* a surplus comes in at the current average cost, even under refuse */
	c[0].qty = 12000;
	assert_int_equal(verify(f, f->c1, "2024-07-31", f->main1, c, 1, &jid, &e), 0);
	assert_int_equal(q1(f, "SELECT value FROM stock_moves WHERE journal_id = ?", jid), 40000);
	assert_balance(f, f->c1, rod, f->main1, 12000, 120000);
	/* nothing left: counted zero */
	c[0].qty = 0;
	assert_int_equal(verify(f, f->c1, "2024-08-31", f->main1, c, 1, &jid, &e), 0);
	assert_balance(f, f->c1, rod, f->main1, 0, 0);
	/* a count in a godown that never held the item makes a zero-value surplus */
	c[0].qty = 2000;
	assert_int_equal(verify(f, f->c1, "2024-09-01", f->gb, c, 1, &jid, &e), 0);
	assert_balance(f, f->c1, rod, f->gb, 2000, 0);
	/* the closing stock at each month end */
	assert_int_equal(value_at(f, f->c1, "2024-06-29"), 100000 + 1500);
	assert_int_equal(value_at(f, f->c1, "2024-06-30"), 80000 + 1500);
	assert_int_equal(value_at(f, f->c1, "2024-07-31"), 120000 + 1500);
	assert_int_equal(value_at(f, f->c1, "2024-08-31"), 1500);
}

/* ---- reports ---------------------------------------------------------------------------------- */

static void test_reports(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	struct buf out = BUF_INIT;
	json_t *j, *rows;
	int64_t rod = item_at(f, f->c1, "ROD", "Rod", f->pcs, f->main1, 10000, 10000), jid = 0;
	struct stock_line p = {rod, f->gb, 0, 3000, 12000, "", ""};

	post1(f, f->c1, VT_PURCHASE, "2024-05-01", rod, f->main1, 10000, 13000);
	post1(f, f->c1, VT_SALES, "2024-06-01", rod, f->main1, 14000, 20000);
	assert_int_equal(journal(f, f->c1, "production", "2024-06-15", &p, 1, &jid, &e), 0);

	/* movement for June: opening 20, out 14, in 3, closing 9 */
	assert_non_null(j = movement(f, f->c1, rod, "2024-06-01", "2024-06-30", &e));
	assert_int_equal(jqty(j, "opening_qty"), 20000);
	assert_int_equal(jmoney(j, "opening_value"), 230000);
	rows = json_object_get(j, "rows");
	assert_int_equal(json_array_size(rows), 2);
	assert_int_equal(jqty(json_array_get(rows, 0), "out"), 14000);
	assert_int_equal(jmoney(json_array_get(rows, 0), "value"), -161000);
	assert_int_equal(jqty(json_array_get(rows, 1), "in"), 3000);
	assert_int_equal(jqty(j, "closing_qty"), 9000);
	assert_int_equal(jmoney(j, "closing_value"), 69000 + 36000);
	json_decref(j);
	buf_reset(&out);

	/* ageing at 2024-07-31: the FIFO layers left are the 6 bought on 05-01 (91 days) and 3 made on
	 * 06-15 (46 days) */
	j = ageing(f, f->c1, "2024-07-31");
	rows = json_object_get(j, "rows");
	assert_int_equal(json_array_size(rows), 1);
	{
		json_t *q = json_object_get(json_array_get(rows, 0), "qty");
		assert_string_equal(json_string_value(json_array_get(q, 0)), "0");
		assert_string_equal(json_string_value(json_array_get(q, 1)), "3");
		assert_string_equal(json_string_value(json_array_get(q, 3)), "6");
	}
	json_decref(j);
	buf_reset(&out);

	/* batches: a batch made of a tracked item */
	{
		struct item_input in;
		int64_t tab = 0;
		struct stock_line b = {0, f->gb, 0, 3000, 12000, "B-42", "2025-01-31"};
		memset(&in, 0, sizeof in);
		in.sku = "TAB";
		in.name = "Tablet strip";
		in.unit_id = f->pcs;
		in.tracks_batches = 1;
		tx_begin(f);
		assert_int_equal(tx_end(f, item_create(f->db, f->c1, ACTOR, &in, &tab, &e)), 0);
		b.item_id = tab;
		assert_int_equal(journal(f, f->c1, "production", "2024-06-15", &b, 1, NULL, &e), 0);
		/* a tracked item's journal line names its batch; an untracked one's does not */
		text_copy(b.batch, sizeof b.batch, "");
		err_clear(&e);
		expect_err(journal(f, f->c1, "production", "2024-06-16", &b, 1, NULL, &e), &e, ERR_INVALID, "lines[0].batch", "no batch");
		text_copy(b.batch, sizeof b.batch, "R-1");
		b.item_id = rod;
		err_clear(&e);
		expect_err(journal(f, f->c1, "production", "2024-06-16", &b, 1, NULL, &e), &e, ERR_INVALID, "lines[0].batch", "untracked");
	}
	j = json_array();
	assert_int_equal(inventory_batches(f->db, f->c1, batch_each, j, &e), 0);
	rows = j;
	assert_int_equal(json_array_size(rows), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "batch")), "B-42");
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "expiry")), "2025-01-31");
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "qty")), "3");
	json_decref(j);
	buf_reset(&out);

	/* reorder: an item below its level appears with a suggestion */
	{
		struct item_input in;
		int64_t id = 0;
		memset(&in, 0, sizeof in);
		in.sku = "GLUE";
		in.name = "Glue";
		in.unit_id = f->pcs;
		in.reorder_level = 5000;
		in.nopening = 1;
		in.opening[0].godown_id = f->main1;
		in.opening[0].qty = 2000;
		in.opening[0].rate = 100;
		tx_begin(f);
		assert_int_equal(tx_end(f, item_create(f->db, f->c1, ACTOR, &in, &id, &e)), 0);
		j = json_array();
		assert_int_equal(inventory_reorder(f->db, f->c1, reorder_each, j, &e), 0);
		rows = j;
		assert_int_equal(json_array_size(rows), 1);
		assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, 0), "item_id")), id);
		assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "suggested_qty")), "8");
		json_decref(j);
	}
	buf_free(&out);
	/* bad report arguments */
	err_clear(&e);
	assert_null(movement(f, f->c1, 5555555, "", "", &e));
	expect_err(e.code, &e, ERR_INVALID, "item_id", "movement of no item");
	err_clear(&e);
	{
		struct stock_movement m;
		expect_err(inventory_stock_movement(f->db, f->c1, rod, "2024-02-30", "", movement_each, NULL, &m, &e), &e, ERR_INVALID, "from",
			   "movement from no day");
		err_clear(&e);
	}
	{
		int64_t v = 0;
		int rc;
		expect_err(inventory_stock_value(f->db, f->c1, "2024-13-01", 0, &v, &e), &e, ERR_INVALID, "date", "stock value date");
		err_clear(&e);
		assert_null(summary_rc(f, f->c1, "", 0, "colour", &rc, &e));
		expect_err(rc, &e, ERR_INVALID, "by", "summary by");
	}
	buf_free(&out);
}

/* ---- today, and the month sums ------------------------------------------------------------ */

/* "" is today: a purchase dated next month is not in today's value (inventory_value_at read ""
 * as the end of time and counted it), nor in today's summary; at its own date it is. */
static void test_value_today(void **state)
{
	struct fx *f = *state;
	int64_t bolt = item_at(f, f->c1, "BOLT", "Bolt", f->pcs, f->main1, 10000, 10000);
	char now[11], later[11], before[11];
	json_t *s;

	day_after_today(0, now);
	day_after_today(40, later);
	day_after_today(39, before);
	post1(f, f->c1, VT_PURCHASE, later, bolt, f->gb, 5000, 20000);
	assert_int_equal(value_at(f, f->c1, ""), 100000);
	assert_int_equal(value_at(f, f->c1, now), 100000);
	assert_int_equal(value_at(f, f->c1, before), 100000);
	assert_int_equal(value_at(f, f->c1, later), 200000);
	assert_int_equal(value_at(f, f->c1, "2099-12-31"), 200000);
	s = summary(f, f->c1, "", 0, "item");
	assert_string_equal(json_string_value(json_object_get(s, "date")), now);
	assert_int_equal(jmoney(s, "total_value"), 100000);
	assert_int_equal(jqty(summary_row(s, bolt), "qty"), 10000);
	json_decref(s);
	s = summary(f, f->c1, later, 0, "item");
	assert_int_equal(jmoney(s, "total_value"), 200000);
	assert_int_equal(jqty(summary_row(s, bolt), "qty"), 15000);
	json_decref(s);
	s = summary(f, f->c1, "", f->gb, "godown");
	assert_int_equal(jmoney(s, "total_value"), 0);
	json_decref(s);
	/* not a day at all */
	{
		struct err e = ERR_INIT;
		int64_t v = 0;
		expect_err(inventory_value_at(f->db, f->c1, "2024-1-01", &v, &e), &e, ERR_INVALID, "date", "value at a bad date");
	}
}

/* Migration 0007 fills the month sums from the moves already there (a cancelled voucher's moves
 * count for nothing): drop them, migrate again, and the same rows and figures come back. */
static void test_month_backfill(void **state)
{
	struct fx *f = *state;
	int64_t nut = item_at(f, f->c1, "NUT", "Nut", f->pcs, f->main1, 10000, 500), sale, rows, sum, gsum, v0, v1;
	struct err e = ERR_INIT;
	struct stock_line t = {nut, f->main1, f->gb, 3000, 0, "", ""};
	json_t *s;

	post1(f, f->c1, VT_PURCHASE, "2024-01-20", nut, f->gb, 4000, 700);
	sale = post1(f, f->c1, VT_SALES, "2024-02-10", nut, f->main1, 2000, 900);
	assert_int_equal(journal(f, f->c1, "transfer", "2024-02-20", &t, 1, NULL, &e), 0);
	assert_int_equal(cancel(f, f->c1, sale, &e), 0);
	post1(f, f->c1, VT_PURCHASE, "2023-12-31", nut, f->main1, 1000, 400); /* back-dated */
	assert_month_sums(f, f->c1);
	rows = q1(f, "SELECT count(*) FROM stock_month WHERE company_id = ?", f->c1);
	sum = q1(f, "SELECT sum(qty * 7 + value) FROM stock_month WHERE company_id = ?", f->c1);
	gsum = q1(f, "SELECT sum(value) FROM stock_godown_month WHERE company_id = ?", f->c1);
	v0 = value_at(f, f->c1, "2024-02-15");
	assert_int_equal(rows, 5); /* main: 2000-04 (the opening), 2023-12, 2024-02; Godown B: 2024-01, 2024-02 */

	if (db_exec(f->db, "DROP TABLE stock_month", &e) < 0 || db_exec(f->db, "DROP TABLE stock_godown_month", &e) < 0 ||
	    db_exec(f->db, "DELETE FROM schema_migrations WHERE name IN ('0007_stock_month.sqlite.sql', '0007_stock_month.pg.sql')", &e) < 0 ||
	    db_migrate(f->db, &e) < 0)
		fail_msg("dropping and migrating again: %s", e.msg);
	assert_int_equal(q1(f, "SELECT count(*) FROM stock_month WHERE company_id = ?", f->c1), rows);
	assert_int_equal(q1(f, "SELECT sum(qty * 7 + value) FROM stock_month WHERE company_id = ?", f->c1), sum);
	assert_int_equal(q1(f, "SELECT sum(value) FROM stock_godown_month WHERE company_id = ?", f->c1), gsum);
	assert_month_sums(f, f->c1);
	v1 = value_at(f, f->c1, "2024-02-15");
	assert_int_equal(v1, v0);
	assert_int_equal(v1, q1(f, "SELECT sum(value) FROM stock_moves WHERE company_id = ? AND active = 1 AND date <= '2024-02-15'", f->c1));
	/* and the upkeep goes on from there */
	post1(f, f->c1, VT_SALES, "2024-02-12", nut, f->gb, 1000, 900);
	assert_month_sums(f, f->c1);
	s = summary(f, f->c1, "2024-02-15", 0, "item");
	assert_int_equal(jqty(summary_row(s, nut), "qty"), 10000 + 4000 + 1000 - 1000);
	json_decref(s);
}

/* ---- property: the summary at any date is the sum of the moves up to it ----------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ull;
}

static int64_t rnd_in(int64_t lo, int64_t hi) { return lo + (int64_t)(rnd() % (uint64_t)(hi - lo + 1)); }

/* A day between 2023-04-01 and 2026-03-31 (three financial years). */
static void rnd_date(char out[11])
{
	struct tm tm;
	time_t t;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = 2023 - 1900;
	tm.tm_mon = 3;
	tm.tm_mday = 1 + (int)rnd_in(0, 1095);
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

struct sums {
	int64_t qty, value;
};

/* Sum of active moves of company cid with date <= D per item, by a plain query. */
static void sums_by_item(struct fx *f, int64_t cid, const char *date, int64_t godown_id, struct sums *out, int64_t nitems, int64_t first)
{
	struct err e = ERR_INIT;
	struct db_stmt *st = db_prepare(f->db, "SELECT item_id, sum(qty), sum(value) FROM stock_moves WHERE company_id = ? AND active = 1 "
					       "AND date <= ? AND (? = 0 OR godown_id = ?) GROUP BY item_id", &e);
	assert_non_null(st);
	memset(out, 0, (size_t)nitems * sizeof *out);
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, date);
	db_bind_i64(st, 3, godown_id);
	db_bind_i64(st, 4, godown_id);
	while (db_step(st, &e) == DB_ROW) {
		int64_t k = db_col_i64(st, 0) - first;
		assert_true(k >= 0 && k < nitems);
		out[k].qty = db_col_i64(st, 1);
		out[k].value = db_col_i64(st, 2);
	}
	db_done(st);
	assert_int_equal(e.code, 0);
}

struct rows_seen {
	int64_t first;
	int nitems, n;
	struct sums got[16];
};

static int rows_seen_each(void *p, const struct stock_row *r)
{
	struct rows_seen *c = p;
	int64_t k = r->item_id - c->first;
	if (k < 0 || k >= c->nitems)
		fail_msg("inventory_stock_rows answered item %lld of no test item", (long long)r->item_id);
	c->got[k].qty = r->qty;
	c->got[k].value = r->value;
	c->n++;
	return 0;
}

/* At `asked` ("" = today), in one godown or all: the summary by item (its rows and total), every
 * item at once (inventory_stock_rows, as by group and the report read it) and, for all godowns,
 * inventory_value_at equal the plain sums of the active moves up to the day. */
static void check_at(struct fx *f, const char *asked, int64_t godown_id, const int64_t *items, int nitems)
{
	struct sums want[16];
	struct rows_seen seen;
	json_t *s = summary(f, f->c1, asked, godown_id, "item");
	int64_t total = 0;
	struct err e = ERR_INIT;
	char date[11];
	/* "" asks for today: the plain sums need the day itself */
	if (*asked) {
		text_copy(date, sizeof date, asked);
	} else {
		time_t t = time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(date, sizeof date, "%Y-%m-%d", &tm);
	}
	assert_string_equal(json_string_value(json_object_get(s, "date")), date);
	sums_by_item(f, f->c1, date, godown_id, want, nitems, items[0]);
	for (int k = 0; k < nitems; k++) {
		json_t *r = summary_row(s, items[k]);
		int64_t q = r ? jqty(r, "qty") : 0, v = r ? jmoney(r, "value") : 0;
		if (q != want[k].qty || v != want[k].value)
			fail_msg("at %s godown %lld item %lld: summary %lld/%lld, moves %lld/%lld (seed %llu)", date, (long long)godown_id,
				 (long long)items[k], (long long)q, (long long)v, (long long)want[k].qty, (long long)want[k].value,
				 (unsigned long long)rng_state);
		total += want[k].value;
	}
	assert_int_equal(jmoney(s, "total_value"), total);
	memset(&seen, 0, sizeof seen);
	seen.first = items[0];
	seen.nitems = nitems;
	if (inventory_stock_rows(f->db, f->c1, asked, godown_id, rows_seen_each, &seen, &e) < 0)
		fail_msg("inventory_stock_rows %s: %s", date, e.msg);
	for (int k = 0; k < nitems; k++)
		if (seen.got[k].qty != want[k].qty || seen.got[k].value != want[k].value)
			fail_msg("at %s godown %lld item %lld: stock rows %lld/%lld, moves %lld/%lld (seed %llu)", date, (long long)godown_id,
				 (long long)items[k], (long long)seen.got[k].qty, (long long)seen.got[k].value, (long long)want[k].qty,
				 (long long)want[k].value, (unsigned long long)rng_state);
	if (!godown_id) {
		int64_t plain;
		struct db_stmt *st = db_prepare(f->db, "SELECT coalesce(sum(value), 0) FROM stock_moves WHERE company_id = ? AND active = 1 AND date <= ?", &e);
		assert_non_null(st);
		db_bind_i64(st, 1, f->c1);
		db_bind_text(st, 2, date);
		assert_int_equal(db_step(st, &e), DB_ROW);
		plain = db_col_i64(st, 0);
		db_done(st);
		if (value_at(f, f->c1, date) != plain || value_at(f, f->c1, asked) != plain)
			fail_msg("inventory_value_at %s = %lld (\"%s\": %lld), moves say %lld", date, (long long)value_at(f, f->c1, date), asked,
				 (long long)value_at(f, f->c1, asked), (long long)plain);
		assert_int_equal(plain, total);
	}
	json_decref(s);
}

/* Random purchases, sales, returns, transfers, consumption, production, verifications,
 * cancellations and alterations (seeded; DAFTAR_SEED and DAFTAR_PROP_MOVES override), some
 * refused; then at many dates the summary per item, per godown and in total equals plain sums. */
static void property(struct fx *f, int fifo, int warn)
{
	enum { NITEMS = 8 };
	int64_t items[NITEMS], godowns[3] = {f->main1, f->gb, 0}, vouchers[4096];
	/* PostgreSQL answers each statement over a socket: fewer moves there by default */
	int nv = 0, nmoves = db_backend(f->db) == DB_POSTGRES ? 600 : 3000, refused = 0, done = 0;
	const char *env = getenv("DAFTAR_PROP_MOVES");
	struct err e = ERR_INIT;

	rng_state = getenv("DAFTAR_SEED") ? strtoull(getenv("DAFTAR_SEED"), NULL, 10) : 0x9e3779b97f4a7c15ull + (uint64_t)fifo * 7 + (uint64_t)warn;
	if (env)
		nmoves = atoi(env);
	godowns[2] = godown(f, f->c1, "Godown C");
	set_settings(f, f->c1, fifo ? "fifo" : "weighted_average", warn ? "warn" : "refuse");
	for (int k = 0; k < NITEMS; k++) {
		char sku[16];
		snprintf(sku, sizeof sku, "P-%d", k);
		items[k] = item_at(f, f->c1, sku, sku, k % 3 == 2 ? f->kg : f->pcs, godowns[k % 3], k % 2 ? 5000 : 0, 1000 + 37 * k);
		assert_int_equal(items[k], items[0] + k); /* ids are consecutive: sums_by_item relies on it */
	}
	/* the other company moves too; none of it may show up in company 1's figures */
	{
		int64_t theirs = item_at(f, f->c2, "T", "T", f->pcs2, f->main2, 50000, 999);
		post1(f, f->c2, VT_SALES, "2024-01-01", theirs, f->main2, 7000, 100);
	}

	tx_begin(f);
	for (int i = 0; i < nmoves; i++) {
		int k = (int)rnd_in(0, NITEMS - 1), op = (int)rnd_in(0, 99), rc;
		int64_t item = items[k], unit_step = k % 3 == 2 ? 1 : 1000, g = godowns[rnd_in(0, 2)];
		char date[11];
		struct voucher *v = NULL;
		if (rnd_in(0, 19))
			rnd_date(date);
		else /* one in twenty dated after today: today's figures must leave them out */
			day_after_today((int)rnd_in(1, 500), date);
		err_clear(&e);
		if (db_savepoint(f->db, &e) < 0)
			fail_msg("savepoint: %s", e.msg);
		if (op < 55) { /* purchase, sale, credit note, debit note */
			struct line l = {item, g, unit_step == 1000 ? rnd_in(1, 40) * 1000 : rnd_in(1, 40000), rnd_in(100, 99999), rnd_in(0, 50), 1200};
			enum voucher_type t = op < 25 ? VT_PURCHASE : op < 48 ? VT_SALES : op < 52 ? VT_CREDIT_NOTE : VT_DEBIT_NOTE;
			if (rnd_in(0, 9) == 0)
				l.godown = 0; /* the main godown */
			v = make_voucher(t, date, 0, &l, 1);
			rc = voucher_post(f->db, f->c1, ACTOR, v, &e);
			if (rc >= 0 && nv < (int)(sizeof vouchers / sizeof vouchers[0]))
				vouchers[nv++] = v->id;
		} else if (op < 70) { /* transfer, consumption, production */
			struct stock_line l = {item, g, godowns[(rnd_in(1, 2) + (g == f->main1 ? 0 : g == f->gb ? 1 : 2)) % 3], 0, 0, "", ""};
			const char *kind = op < 62 ? "transfer" : op < 66 ? "consumption" : "production";
			int64_t jid;
			l.qty = unit_step == 1000 ? rnd_in(1, 15) * 1000 : rnd_in(1, 15000);
			l.rate = rnd_in(0, 1) ? rnd_in(1, 50000) : 0;
			rc = stock_journal_post(f->db, f->c1, ACTOR, kind, date, NULL, &l, 1, &jid, &e);
		} else if (op < 80) { /* physical verification of one or two items */
			struct stock_line c[2] = {{item, 0, 0, 0, 0, "", ""}, {items[(k + 1) % NITEMS], 0, 0, 0, 0, "", ""}};
			int64_t jid;
			c[0].qty = unit_step == 1000 ? rnd_in(0, 30) * 1000 : rnd_in(0, 30000);
			c[1].qty = (k + 1) % NITEMS % 3 == 2 ? rnd_in(0, 30000) : rnd_in(0, 30) * 1000;
			rc = stock_verify(f->db, f->c1, ACTOR, date, g, c, (int)rnd_in(1, 2), &jid, &e);
		} else if (op < 90 && nv) { /* cancel a voucher */
			int64_t id = vouchers[rnd_in(0, nv - 1)];
			struct voucher *out = NULL;
			rc = voucher_cancel(f->db, f->c1, ACTOR, id, voucher_version(f, id), &out, &e);
			if (rc == ERR_CONFLICT || rc == ERR_UNPROCESSABLE) /* already cancelled, or its goods are gone */
				rc = ERR_UNPROCESSABLE;
			voucher_free(out);
		} else if (nv) { /* alter a voucher: a new quantity, the same day */
			int64_t id = vouchers[rnd_in(0, nv - 1)];
			struct voucher *cur = NULL;
			rc = voucher_get(f->db, f->c1, id, &cur, &e);
			assert_int_equal(rc, 0);
			if (strcmp(cur->status, "active") != 0) {
				rc = ERR_UNPROCESSABLE;
			} else {
				struct line l = {cur->items[0].item_id, cur->items[0].godown_id, 0, cur->items[0].rate, 0, 1200};
				l.qty = (l.item - items[0]) % 3 == 2 ? rnd_in(1, 40000) : rnd_in(1, 40) * 1000;
				v = make_voucher(cur->type, cur->date, 0, &l, 1);
				rc = voucher_alter(f->db, f->c1, ACTOR, id, cur->version, v, &e);
			}
			voucher_free(cur);
		} else {
			rc = 0;
		}
		voucher_free(v);
		if (rc < 0) {
			/* the only refusals random valid input may meet: not enough stock */
			if (rc != ERR_UNPROCESSABLE)
				fail_msg("move %d (op %d): %d %s (%s)", i, op, rc, e.msg, e.field);
			if (warn && strstr(e.msg, "not enough stock"))
				fail_msg("move %d refused under warn: %s", i, e.msg);
			db_savepoint_rollback(f->db);
			refused++;
		} else {
			db_savepoint_release(f->db);
			done++;
		}
		if (i % 250 == 249) {
			assert_int_equal(tx_end(f, 0), 0);
			tx_begin(f);
		}
	}
	assert_int_equal(tx_end(f, 0), 0);
	assert_true(done > nmoves / 2);
	if (!warn)
		assert_true(refused > 0);

	/* the kept balance is the sum of the active moves, per item per godown */
	assert_int_equal(q1(f, "SELECT count(*) FROM stock_balance b WHERE b.company_id = ? AND (b.qty, b.value) <> "
			       "(SELECT coalesce(sum(qty), 0), coalesce(sum(value), 0) FROM stock_moves m WHERE m.company_id = b.company_id "
			       "AND m.item_id = b.item_id AND m.godown_id = b.godown_id AND m.active = 1)", f->c1), 0);
	if (!warn) {
		/* refusing negative stock: no balance below zero, and the FIFO layers hold exactly it */
		assert_int_equal(q1(f, "SELECT count(*) FROM stock_balance WHERE company_id = ? AND qty < 0", f->c1), 0);
		assert_int_equal(q1(f, "SELECT count(*) FROM stock_balance b WHERE b.company_id = ? AND b.qty <> "
				       "(SELECT coalesce(sum(qty_left), 0) FROM stock_layers l WHERE l.company_id = b.company_id "
				       "AND l.item_id = b.item_id AND l.godown_id = b.godown_id)", f->c1), 0);
	}
	/* the month sums the reads at a past date use are the sums of the active moves */
	assert_month_sums(f, f->c1);
	/* dates: the edges (of the books, of the moves, and on either side of the 15th and of a month's
	 * end, where the reads change from the month before to the month itself), today and after, and
	 * many at random */
	{
		static const char *const edges[] = {"1999-12-31", "2000-04-01", "2023-03-31", "2023-04-01", "2023-04-15", "2023-04-16",
						    "2024-02-15", "2024-02-16", "2024-02-29", "2024-03-01", "2024-03-31", "2024-12-31",
						    "2025-01-01", "2025-01-15", "2025-01-16", "2026-03-31", "2099-01-01", ""};
		for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
			check_at(f, edges[i], 0, items, NITEMS);
		for (int days = -40; days <= 520; days += 20) {
			char d[11];
			day_after_today(days, d);
			check_at(f, d, 0, items, NITEMS);
			if (days == 0 || days == 260)
				for (int g = 0; g < 3; g++)
					check_at(f, d, godowns[g], items, NITEMS);
		}
		for (int i = 0; i < 80; i++) {
			char d[11];
			rnd_date(d);
			check_at(f, d, 0, items, NITEMS);
			if (i % 8 == 0)
				for (int g = 0; g < 3; g++)
					check_at(f, d, godowns[g], items, NITEMS);
		}
	}
	/* the summary by godown adds up per godown, on either side of the 15th and today */
	for (int k = 0; k < 3; k++) {
		static const char *const days[] = {"2024-09-30", "2025-01-10", ""};
		char day[11];
		json_t *s = summary(f, f->c1, days[k], 0, "godown"), *r;
		size_t i;
		int64_t sum = 0;
		if (*days[k])
			text_copy(day, sizeof day, days[k]);
		else
			day_after_today(0, day);
		json_array_foreach(json_object_get(s, "rows"), i, r) {
			struct err e2 = ERR_INIT;
			struct db_stmt *st = db_prepare(f->db, "SELECT coalesce(sum(value), 0) FROM stock_moves WHERE company_id = ? AND godown_id = ? "
							       "AND active = 1 AND date <= ?", &e2);
			assert_non_null(st);
			db_bind_i64(st, 1, f->c1);
			db_bind_i64(st, 2, json_integer_value(json_object_get(r, "godown_id")));
			db_bind_text(st, 3, day);
			assert_int_equal(db_step(st, &e2), DB_ROW);
			assert_int_equal(jmoney(r, "value"), db_col_i64(st, 0));
			db_done(st);
			sum += jmoney(r, "value");
		}
		assert_int_equal(sum, value_at(f, f->c1, days[k]));
		assert_int_equal(jmoney(s, "total_value"), sum);
		json_decref(s);
	}
	print_message("property (%s, %s): %d moves applied, %d refused\n", fifo ? "fifo" : "average", warn ? "warn" : "refuse", done, refused);
}

static void test_property_average_refuse(void **state) { property(*state, 0, 0); }
static void test_property_fifo_refuse(void **state) { property(*state, 1, 0); }
static void test_property_average_warn(void **state) { property(*state, 0, 1); }
static void test_property_fifo_warn(void **state) { property(*state, 1, 1); }

#define TESTS(pre)                                                                                     \
	cmocka_unit_test_prestate_setup_teardown(test_seed, setup, teardown, pre),                        \
	cmocka_unit_test_prestate_setup_teardown(test_weighted_average, setup, teardown, pre),            \
	cmocka_unit_test_prestate_setup_teardown(test_fifo, setup, teardown, pre),                        \
	cmocka_unit_test_prestate_setup_teardown(test_rounding_average, setup, teardown, pre),            \
	cmocka_unit_test_prestate_setup_teardown(test_rounding_fifo, setup, teardown, pre),               \
	cmocka_unit_test_prestate_setup_teardown(test_fifo_many_layers, setup, teardown, pre),            \
	cmocka_unit_test_prestate_setup_teardown(test_negative_refused_then_warned, setup, teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_cancel_and_alter, setup, teardown, pre),            \
	cmocka_unit_test_prestate_setup_teardown(test_cancel_purchase_fifo, setup, teardown, pre),        \
	cmocka_unit_test_prestate_setup_teardown(test_voucher_batches, setup, teardown, pre),             \
	cmocka_unit_test_prestate_setup_teardown(test_voucher_units, setup, teardown, pre),               \
	cmocka_unit_test_prestate_setup_teardown(test_movement_truncated, setup, teardown, pre),          \
	cmocka_unit_test_prestate_setup_teardown(test_ageing_as_at, setup, teardown, pre),                \
	cmocka_unit_test_prestate_setup_teardown(test_bad_voucher_lines, setup, teardown, pre),           \
	cmocka_unit_test_prestate_setup_teardown(test_bad_journals_and_counts, setup, teardown, pre),     \
	cmocka_unit_test_prestate_setup_teardown(test_bad_items, setup, teardown, pre),                   \
	cmocka_unit_test_prestate_setup_teardown(test_journals, setup, teardown, pre),                    \
	cmocka_unit_test_prestate_setup_teardown(test_verification, setup, teardown, pre),                \
	cmocka_unit_test_prestate_setup_teardown(test_reports, setup, teardown, pre),                     \
	cmocka_unit_test_prestate_setup_teardown(test_value_today, setup, teardown, pre),                 \
	cmocka_unit_test_prestate_setup_teardown(test_month_backfill, setup, teardown, pre),              \
	cmocka_unit_test_prestate_setup_teardown(test_property_average_refuse, setup, teardown, pre),     \
	cmocka_unit_test_prestate_setup_teardown(test_property_fifo_refuse, setup, teardown, pre),        \
	cmocka_unit_test_prestate_setup_teardown(test_property_average_warn, setup, teardown, pre),       \
	cmocka_unit_test_prestate_setup_teardown(test_property_fifo_warn, setup, teardown, pre)

int main(void)
{
	const void *sq = &on_sqlite, *pg = &on_pg;
	const struct CMUnitTest sqlite_tests[] = {TESTS((void *)sq)};
	const struct CMUnitTest pg_tests[] = {TESTS((void *)pg)};
	int failed;

	unit_quiet_logs();
	failed = cmocka_run_group_tests_name("inventory on SQLite", sqlite_tests, NULL, group_teardown);
	if (unit_pg_url())
		failed += cmocka_run_group_tests_name("inventory on PostgreSQL", pg_tests, NULL, group_teardown);
	return failed ? 1 : 0;
}
