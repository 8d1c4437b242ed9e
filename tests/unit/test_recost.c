/* test_recost.c - stock costed in date order, whatever order it was entered in (src/inventory/
 * recost.c), on a temporary SQLite file (and a fresh PostgreSQL database when DAFTAR_PG_URL is
 * set): a purchase back-dated before earlier sales re-costs them (worked by hand, FIFO and
 * weighted average), cancelling and altering it does too, a return comes back (or goes out) at
 * the cost of what it returns, a transfer's receipt and a return follow the cost of the move they
 * come from, stock below zero on a later day is refused, a re-costing past the ceiling of amounts
 * is 422 naming the field, books costed before re-costing existed are costed again from their
 * first move, and so is every item when the valuation changes; and a property test: random purchases, sales, returns and stock journals posted in
 * date order, and the same posted in a shuffled order with alterations and cancellations on the
 * way, come out the same, and as a model of FIFO and the moving average the test works out itself
 * from the documents. Seeds: a fixed list and two from the clock (DAFTAR_SEED adds one), each
 * printed when it fails. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "accounts/accounts.h"
#include "admin/company.h"
#include "books/books.h"
#include "inventory/inventory.h"
#include "lib/db.h"
#include "lib/money.h"
#include "lib/qty.h"
#include "lib/text.h"
#include "unit.h"

#define ACTOR 1

struct fx {
	struct db *db;
	int64_t c;                  /* the test's company */
	int64_t main, gb;           /* its Main Godown and a Godown B */
	int64_t pcs;
};

static const enum db_backend on_sqlite = DB_SQLITE;
static const enum db_backend on_pg = DB_POSTGRES;

/* ---- helpers ------------------------------------------------------------------------------ */

static void tx_begin(struct fx *f)
{
	struct err e = ERR_INIT;
	if (db_begin_write(f->db, &e) < 0)
		fail_msg("begin: %s", e.msg);
}

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

/* One integer from a literal query with up to two integer parameters (-1: unbound). */
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

/* A voucher's (active) stock value: + in, - out. */
static int64_t moved(struct fx *f, int64_t voucher_id)
{
	return q1(f, "SELECT coalesce(sum(value), 0) FROM stock_moves WHERE voucher_id = ? AND active = 1", voucher_id);
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

static void assert_balance(struct fx *f, int64_t item, int64_t godown, int64_t qty, int64_t value)
{
	int64_t q, v;
	balance(f, f->c, item, godown, &q, &v);
	if (q != qty || v != value)
		fail_msg("balance of item %lld in godown %lld: %lld/%lld paise, want %lld/%lld", (long long)item, (long long)godown,
			 (long long)q, (long long)v, (long long)qty, (long long)value);
}

static int64_t value_at(struct fx *f, int64_t cid, const char *date)
{
	struct err e = ERR_INIT;
	int64_t v = -12345;
	if (inventory_value_at(f->db, cid, date, &v, &e) < 0)
		fail_msg("inventory_value_at %s: %s", date, e.msg);
	return v;
}

/* What the kept figures must be, whatever was entered: the balance and the month sums are the
 * sums of the active moves, and the FIFO layers (what is left of receipts, less what issues
 * without stock owe) hold the balance's quantity. */
static void assert_kept(struct fx *f, int64_t cid)
{
	assert_int_equal(q1(f, "SELECT count(*) FROM stock_balance b WHERE b.company_id = ? AND (b.qty, b.value) <> "
			       "(SELECT coalesce(sum(qty), 0), coalesce(sum(value), 0) FROM stock_moves m WHERE m.company_id = b.company_id "
			       "AND m.item_id = b.item_id AND m.godown_id = b.godown_id AND m.active = 1)", cid), 0);
	assert_int_equal(q1(f, "SELECT count(*) FROM stock_balance b WHERE b.company_id = ? AND b.qty <> "
			       "(SELECT coalesce(sum(qty_left), 0) FROM stock_layers l WHERE l.company_id = b.company_id "
			       "AND l.item_id = b.item_id AND l.godown_id = b.godown_id)", cid), 0);
	assert_int_equal(q1(f, "SELECT count(*) FROM stock_month s WHERE s.company_id = ? AND (s.qty, s.value) <> "
			       "(SELECT coalesce(sum(qty), 0), coalesce(sum(value), 0) FROM stock_moves m WHERE m.company_id = s.company_id "
			       "AND m.item_id = s.item_id AND m.godown_id = s.godown_id AND m.active = 1 AND substr(m.date, 1, 7) = s.month)", cid), 0);
	assert_int_equal(q1(f, "SELECT count(*) FROM stock_godown_month s WHERE s.company_id = ? AND s.value <> "
			       "(SELECT coalesce(sum(value), 0) FROM stock_moves m WHERE m.company_id = s.company_id "
			       "AND m.godown_id = s.godown_id AND m.active = 1 AND substr(m.date, 1, 7) = s.month)", cid), 0);
}

static int64_t company(struct fx *f, const char *valuation, const char *negative)
{
	static int n;
	struct err e = ERR_INIT;
	char name[64];
	int64_t cid = 0;
	snprintf(name, sizeof name, "Recost Traders %d", ++n);
	tx_begin(f);
	if (tx_end(f, company_create(f->db, name, NULL, "27", ACTOR, &cid, &e)) < 0)
		fail_msg("company_create: %s", e.msg);
	tx_begin(f);
	if (tx_end(f, inventory_settings_set(f->db, cid, ACTOR, valuation, negative, NULL, &e)) < 0)
		fail_msg("settings: %s", e.msg);
	return cid;
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

static int64_t item(struct fx *f, int64_t cid, const char *sku)
{
	struct item_input in;
	struct err e = ERR_INIT;
	int64_t id = 0;
	memset(&in, 0, sizeof in);
	in.sku = sku;
	in.name = sku;
	in.unit_id = q1(f, "SELECT id FROM units WHERE company_id = ? AND symbol = 'pcs'", cid);
	tx_begin(f);
	if (tx_end(f, item_create(f->db, cid, ACTOR, &in, &id, &e)) < 0)
		fail_msg("item_create %s: %s", sku, e.msg);
	return id;
}

/* A one-line item voucher: qty whole units at rate paise, 18 % GST, no party; reference may be
 * NULL. */
static struct voucher *voucher_of(enum voucher_type t, const char *date, int64_t item_id, int64_t godown_id, int64_t qty, int64_t rate,
				  const char *reference)
{
	struct voucher *v = voucher_new();
	struct voucher_item *it;
	assert_non_null(v);
	v->type = t;
	text_copy(v->date, sizeof v->date, date);
	if (reference)
		text_copy(v->reference, sizeof v->reference, reference);
	it = voucher_add_item(v);
	assert_non_null(it);
	text_copy(it->description, sizeof it->description, "goods");
	it->item_id = item_id;
	it->godown_id = godown_id;
	it->qty = qty;
	it->rate = rate;
	it->gst_rate = 1800;
	return v;
}

/* Posts it in its own transaction: its id (and number into num, when not NULL), or fails. */
static int64_t post_ref(struct fx *f, int64_t cid, enum voucher_type t, const char *date, int64_t item_id, int64_t godown_id, int64_t qty,
			int64_t rate, const char *reference, char num[40])
{
	struct voucher *v = voucher_of(t, date, item_id, godown_id, qty, rate, reference);
	struct err e = ERR_INIT;
	int64_t id;
	tx_begin(f);
	if (tx_end(f, voucher_post(f->db, cid, ACTOR, v, &e)) < 0)
		fail_msg("%s on %s: %s (%s)", voucher_type_name(t), date, e.msg, e.field);
	id = v->id;
	if (num)
		text_copy(num, 40, v->number);
	voucher_free(v);
	return id;
}

static int64_t post(struct fx *f, int64_t cid, enum voucher_type t, const char *date, int64_t item_id, int64_t godown_id, int64_t qty,
		    int64_t rate)
{
	return post_ref(f, cid, t, date, item_id, godown_id, qty, rate, NULL, NULL);
}

/* Posts it and returns the code (e filled on a refusal; nothing written then). */
static int try_post(struct fx *f, int64_t cid, enum voucher_type t, const char *date, int64_t item_id, int64_t godown_id, int64_t qty,
		    int64_t rate, struct err *e)
{
	struct voucher *v = voucher_of(t, date, item_id, godown_id, qty, rate, NULL);
	int rc;
	tx_begin(f);
	rc = tx_end(f, voucher_post(f->db, cid, ACTOR, v, e));
	voucher_free(v);
	return rc;
}

static int alter(struct fx *f, int64_t cid, int64_t id, enum voucher_type t, const char *date, int64_t item_id, int64_t godown_id,
		 int64_t qty, int64_t rate, const char *reference, struct err *e)
{
	struct voucher *v = voucher_of(t, date, item_id, godown_id, qty, rate, reference);
	int64_t ver = q1(f, "SELECT version FROM vouchers WHERE id = ?", id);
	int rc;
	tx_begin(f);
	rc = tx_end(f, voucher_alter(f->db, cid, ACTOR, id, ver, v, e));
	voucher_free(v);
	return rc;
}

static int cancel(struct fx *f, int64_t cid, int64_t id, struct err *e)
{
	struct voucher *out = NULL;
	int64_t ver = q1(f, "SELECT version FROM vouchers WHERE id = ?", id);
	int rc;
	tx_begin(f);
	rc = tx_end(f, voucher_cancel(f->db, cid, ACTOR, id, ver, &out, e));
	voucher_free(out);
	return rc;
}

static int64_t journal(struct fx *f, int64_t cid, const char *kind, const char *date, int64_t item_id, int64_t godown_id, int64_t to,
		       int64_t qty, int64_t rate)
{
	struct stock_line l = {item_id, godown_id, to, qty, rate, "", ""};
	struct err e = ERR_INIT;
	int64_t id = 0;
	tx_begin(f);
	if (tx_end(f, stock_journal_post(f->db, cid, ACTOR, kind, date, NULL, &l, 1, &id, &e)) < 0)
		fail_msg("%s on %s: %s (%s)", kind, date, e.msg, e.field);
	return id;
}

static void expect_err(int rc, const struct err *e, int code, const char *field, const char *what)
{
	if (rc != code || e->code != code || strcmp(e->field, field) != 0)
		fail_msg("%s: rc %d code %d field \"%s\" (%s); want code %d field \"%s\"", what, rc, e->code, e->field, e->msg, code, field);
}

/* Every row of company cid's stock moves and kept figures in one number, for "nothing was
 * written". */
static int64_t footprint(struct fx *f, int64_t cid)
{
	static const char *const sql[] = {
		"SELECT count(*) + coalesce(sum(value), 0) + coalesce(sum(active), 0) FROM stock_moves WHERE company_id = ?",
		"SELECT count(*) + coalesce(sum(qty_left * 3 + rate), 0) FROM stock_layers WHERE company_id = ?",
		"SELECT count(*) + coalesce(sum(qty * 7 + layer_move_id), 0) FROM stock_takes WHERE company_id = ?",
		"SELECT coalesce(sum(qty + value), 0) FROM stock_balance WHERE company_id = ?",
	};
	int64_t n = 0;
	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++)
		n += q1(f, sql[i], cid);
	return n;
}

/* ---- fixture ------------------------------------------------------------------------------ */

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

	if (!f)
		return -1;
	if (!sh->db) {
		struct unit_db u;
		if (unit_db_make(&u, b) < 0)
			return -1;
		sh->u = u;
		if (db_open(sh->u.url, &sh->db, &e) < 0 ||
		    db_exec(sh->db, b == DB_SQLITE ? "PRAGMA synchronous=OFF" : "SET synchronous_commit = off", &e) < 0 ||
		    db_migrate(sh->db, &e) < 0) {
			fprintf(stderr, "db %s: %s\n", sh->u.url, e.msg);
			return -1;
		}
	}
	f->db = sh->db;
	db_rollback(f->db);
	*state = f;
	return 0;
}

/* A fresh company for a test, with its godowns. */
static void fresh(struct fx *f, const char *valuation, const char *negative)
{
	f->c = company(f, valuation, negative);
	f->main = q1(f, "SELECT min(id) FROM godowns WHERE company_id = ?", f->c);
	f->gb = godown(f, f->c, "Godown B");
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	for (int i = 0; i < 2; i++)
		if (shared[i].db) {
			db_close(shared[i].db);
			unit_db_remove(&shared[i].u);
			shared[i].db = NULL;
		}
	return 0;
}

/* ---- a purchase back-dated before earlier sales, worked by hand -------------------------------
 *
 * Steel Rod, in pcs, Main Godown. Entered in this order:
 *   P1  1 Apr  purchase 10 @ ₹50  =   500.00
 *   P3 10 Apr  purchase 10 @ ₹70  =   700.00
 *   S1 15 Apr  sale 12
 *   S2 20 Apr  sale 3
 *   P2  5 Apr  purchase  8 @ ₹64  =   512.00   (found later, entered last, back-dated)
 * In date order (P1, P2, P3, S1, S2), 28 in at ₹1,712.00, 15 out, 13 left:
 *   FIFO: S1 = 10 @ 50 + 2 @ 64 = 628.00; S2 = 3 @ 64 = 192.00;
 *         closing 3 @ 64 + 10 @ 70 = 192 + 700 = ₹892.00
 *   weighted average: S1 = 12 x 1712/28 = 733.714 -> 733.71, leaving 16 worth 978.29;
 *         S2 = 3 x 978.29/16 = 183.429 -> 183.43; closing 978.29 - 183.43 = ₹794.86
 * Costed in the order typed, without re-costing, the sales never see P2:
 *   FIFO: S1 = 10 @ 50 + 2 @ 70 = 640.00, S2 = 3 @ 70 = 210.00: closing 1712 - 850 = ₹862.00
 *   average: S1 = 12 x 60 = 720.00, S2 = 3 x 60 = 180.00: closing 1712 - 900 = ₹812.00 */

struct rod {
	int64_t item, p1, p2, p3, s1, s2;
};

static void rod_typed(struct fx *f, struct rod *r)
{
	r->item = item(f, f->c, "ROD");
	r->p1 = post(f, f->c, VT_PURCHASE, "2024-04-01", r->item, f->main, 10000, 5000);
	r->p3 = post(f, f->c, VT_PURCHASE, "2024-04-10", r->item, f->main, 10000, 7000);
	r->s1 = post(f, f->c, VT_SALES, "2024-04-15", r->item, f->main, 12000, 10000);
	r->s2 = post(f, f->c, VT_SALES, "2024-04-20", r->item, f->main, 3000, 10000);
	r->p2 = post(f, f->c, VT_PURCHASE, "2024-04-05", r->item, f->main, 8000, 6400);
}

static void rod_in_date_order(struct fx *f, struct rod *r)
{
	r->item = item(f, f->c, "ROD");
	r->p1 = post(f, f->c, VT_PURCHASE, "2024-04-01", r->item, f->main, 10000, 5000);
	r->p2 = post(f, f->c, VT_PURCHASE, "2024-04-05", r->item, f->main, 8000, 6400);
	r->p3 = post(f, f->c, VT_PURCHASE, "2024-04-10", r->item, f->main, 10000, 7000);
	r->s1 = post(f, f->c, VT_SALES, "2024-04-15", r->item, f->main, 12000, 10000);
	r->s2 = post(f, f->c, VT_SALES, "2024-04-20", r->item, f->main, 3000, 10000);
}

static void rod_check(struct fx *f, const struct rod *r, int fifo)
{
	assert_int_equal(moved(f, r->s1), fifo ? -62800 : -73371);
	assert_int_equal(moved(f, r->s2), fifo ? -19200 : -18343);
	assert_balance(f, r->item, f->main, 13000, fifo ? 89200 : 79486);
	assert_int_equal(value_at(f, f->c, "2024-04-30"), fifo ? 89200 : 79486);
	assert_int_equal(value_at(f, f->c, "2024-04-15"), fifo ? 171200 - 62800 : 171200 - 73371);
	assert_int_equal(value_at(f, f->c, "2024-04-07"), 101200);
	assert_kept(f, f->c);
}

static void test_backdated_purchase(void **state, int fifo)
{
	struct fx *f = *state;
	struct rod typed, ordered;
	fresh(f, fifo ? "fifo" : "weighted_average", "refuse");
	rod_typed(f, &typed);
	rod_check(f, &typed, fifo);
	if (fifo) { /* what is left is the last 3 of P2 and all of P3 */
		assert_int_equal(q1(f, "SELECT sum(qty_left) FROM stock_layers WHERE item_id = ? AND rate = 6400", typed.item), 3000);
		assert_int_equal(q1(f, "SELECT sum(qty_left) FROM stock_layers WHERE item_id = ? AND rate = 7000", typed.item), 10000);
	}
	fresh(f, fifo ? "fifo" : "weighted_average", "refuse");
	rod_in_date_order(f, &ordered);
	rod_check(f, &ordered, fifo);
}

static void test_backdated_purchase_fifo(void **state) { test_backdated_purchase(state, 1); }
static void test_backdated_purchase_average(void **state) { test_backdated_purchase(state, 0); }

/* Taking P2 back, or changing it, re-costs the sales after it too:
 *   cancelled: FIFO S1 = 10 @ 50 + 2 @ 70 = 640.00, S2 = 3 @ 70 = 210.00, 5 left @ 70 = 350.00;
 *              average (20 worth 1,200.00: ₹60) S1 = 720.00, S2 = 180.00, 5 left = 300.00
 *   at ₹40 instead of ₹64 (28 in at 1,520.00): FIFO S1 = 500 + 2 @ 40 = 580.00, S2 = 3 @ 40 =
 *              120.00, left 3 @ 40 + 10 @ 70 = 820.00; average S1 = 12 x 1520/28 = 651.43, 16
 *              left worth 868.57, S2 = 3 x 868.57/16 = 162.857 -> 162.86, left 705.71
 *   dated 16 Apr instead (after S1): FIFO S1 = 640.00, S2 = 3 @ 70 = 210.00 (P3's are older),
 *              left 5 @ 70 + 8 @ 64 = 862.00; average S1 = 720.00 leaves 8 worth 480.00, with P2
 *              16 worth 992.00, S2 = 3 x 62 = 186.00, left 806.00 */
static void test_backdated_cancel_alter(void **state, int fifo)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	struct rod r;
	fresh(f, fifo ? "fifo" : "weighted_average", "refuse");
	rod_typed(f, &r);
	assert_int_equal(cancel(f, f->c, r.p2, &e), 0);
	assert_int_equal(moved(f, r.s1), fifo ? -64000 : -72000);
	assert_int_equal(moved(f, r.s2), fifo ? -21000 : -18000);
	assert_balance(f, r.item, f->main, 5000, fifo ? 35000 : 30000);
	assert_kept(f, f->c);

	fresh(f, fifo ? "fifo" : "weighted_average", "refuse");
	rod_typed(f, &r);
	assert_int_equal(alter(f, f->c, r.p2, VT_PURCHASE, "2024-04-05", r.item, f->main, 8000, 4000, NULL, &e), 0);
	assert_int_equal(moved(f, r.s1), fifo ? -58000 : -65143);
	assert_int_equal(moved(f, r.s2), fifo ? -12000 : -16286);
	assert_balance(f, r.item, f->main, 13000, fifo ? 82000 : 70571);
	assert_kept(f, f->c);
	assert_int_equal(alter(f, f->c, r.p2, VT_PURCHASE, "2024-04-16", r.item, f->main, 8000, 6400, NULL, &e), 0);
	assert_int_equal(moved(f, r.s1), fifo ? -64000 : -72000);
	assert_int_equal(moved(f, r.s2), fifo ? -21000 : -18600);
	assert_balance(f, r.item, f->main, 13000, fifo ? 86200 : 80600);
	assert_kept(f, f->c);
}

static void test_backdated_cancel_alter_fifo(void **state) { test_backdated_cancel_alter(state, 1); }
static void test_backdated_cancel_alter_average(void **state) { test_backdated_cancel_alter(state, 0); }

/* Another valuation values the stock again from each item's first move: the rod's book, entered
 * as typed under weighted average, comes out as FIFO worked it when the company turns to FIFO,
 * and as the average again when it turns back. */
static void test_valuation_changed(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	struct rod r;
	fresh(f, "weighted_average", "refuse");
	rod_typed(f, &r);
	rod_check(f, &r, 0);
	tx_begin(f);
	assert_int_equal(tx_end(f, inventory_settings_set(f->db, f->c, ACTOR, "fifo", NULL, NULL, &e)), 0);
	rod_check(f, &r, 1);
	tx_begin(f);
	assert_int_equal(tx_end(f, inventory_settings_set(f->db, f->c, ACTOR, "weighted_average", NULL, NULL, &e)), 0);
	rod_check(f, &r, 0);
}

/* ---- returns at cost, worked by hand --------------------------------------------------------
 *
 * Main Godown: Pa 1 Apr 10 @ ₹100, Pb 5 Apr 10 @ ₹130, S 10 Apr 4 sold @ ₹200, Pc 12 Apr 10 @ ₹160;
 * then CN 15 Apr 2 back from S @ ₹200 naming S (its reference is S's number), CN2 16 Apr 1 back
 * naming nothing, DN 18 Apr 3 returned to the vendor @ ₹170 naming Pc, DN2 19 Apr 2 naming
 * nothing.
 *   weighted average: S goes out at 4 x 115 = 460.00 (26 left worth 3,440.00 after Pc). CN comes
 *     back at what S cost, 2 x 115 = 230.00 (not the ₹400 it sold for, nor 2 x 3440/26 = 264.62,
 *     the day's cost): 28 worth 3,670.00. CN2 at the day's cost, 3670/28 = 131.07. DN goes out at
 *     what Pc came in at, 3 x 160 = 480.00 (not ₹510, nor the average): 26 worth 3,321.07. DN2 at
 *     the average, 2 x 3321.07/26 = 255.467 -> 255.47: 24 left worth ₹3,065.60.
 *   FIFO: S takes 4 @ 100 = 400.00. CN back at 2 @ 100 = 200.00. CN2 at the day's cost of what
 *     is held, 3700/28 = 132.14. DN at 3 @ 160 = 480.00, out of Pc's layer. DN2 the oldest, 2 @ 100
 *     = 200.00: 24 left, 4 @ 100 + 10 @ 130 + 7 @ 160 + 2 @ 100 + 1 @ 132.14 = ₹3,152.14. */
static void test_returns(void **state, int fifo)
{
	struct fx *f = *state;
	char s_num[40], pc_num[40];
	int64_t it, s, cn, cn2, dn, dn2;
	fresh(f, fifo ? "fifo" : "weighted_average", "refuse");
	it = item(f, f->c, "FAN");
	post(f, f->c, VT_PURCHASE, "2024-04-01", it, f->main, 10000, 10000);
	post(f, f->c, VT_PURCHASE, "2024-04-05", it, f->main, 10000, 13000);
	s = post_ref(f, f->c, VT_SALES, "2024-04-10", it, f->main, 4000, 20000, NULL, s_num);
	post_ref(f, f->c, VT_PURCHASE, "2024-04-12", it, f->main, 10000, 16000, NULL, pc_num);
	cn = post_ref(f, f->c, VT_CREDIT_NOTE, "2024-04-15", it, f->main, 2000, 20000, s_num, NULL);
	cn2 = post(f, f->c, VT_CREDIT_NOTE, "2024-04-16", it, f->main, 1000, 20000);
	dn = post_ref(f, f->c, VT_DEBIT_NOTE, "2024-04-18", it, f->main, 3000, 17000, pc_num, NULL);
	dn2 = post(f, f->c, VT_DEBIT_NOTE, "2024-04-19", it, f->main, 2000, 17000);
	assert_int_equal(moved(f, s), fifo ? -40000 : -46000);
	assert_int_equal(moved(f, cn), fifo ? 20000 : 23000);
	assert_int_equal(moved(f, cn2), fifo ? 13214 : 13107);
	assert_int_equal(moved(f, dn), -48000);
	assert_int_equal(moved(f, dn2), fifo ? -20000 : -25547);
	assert_balance(f, it, f->main, 24000, fifo ? 315214 : 306560);
	assert_int_equal(q1(f, "SELECT return_of FROM stock_moves WHERE voucher_id = ?", cn), s);
	assert_int_equal(q1(f, "SELECT count(*) FROM stock_moves WHERE voucher_id = ? AND return_of IS NOT NULL", cn2), 0);
	if (fifo) /* DN went out of Pc's layer */
		assert_int_equal(q1(f, "SELECT sum(qty_left) FROM stock_layers WHERE item_id = ? AND rate = 16000", it), 7000);
	assert_kept(f, f->c);
}

static void test_returns_fifo(void **state) { test_returns(state, 1); }
static void test_returns_average(void **state) { test_returns(state, 0); }

/* A return follows its sale, and a transfer's receipt its issue, into another godown: a purchase
 * back-dated before both changes what they went out at (average).
 *   P 1 Apr 10 @ ₹50 (main); S 10 Apr 4 sold; CN 12 Apr 2 back from S into Godown B; T 14 Apr
 *   transfer of 3 from main to Godown B. Then P0 2 Apr 10 @ ₹20 is entered: the average from 2
 *   Apr is ₹35, so S cost 4 x 35 = 140.00 (was 200.00), CN comes back at 70.00 (was 100.00), T
 *   moves 3 x 35 = 105.00 (was 150.00): Godown B holds 5 worth 175.00; main 13 worth 455.00. */
static void test_dependents_follow(void **state)
{
	struct fx *f = *state;
	char s_num[40];
	int64_t it, s, cn, t;
	fresh(f, "weighted_average", "refuse");
	it = item(f, f->c, "LAMP");
	post(f, f->c, VT_PURCHASE, "2024-04-01", it, f->main, 10000, 5000);
	s = post_ref(f, f->c, VT_SALES, "2024-04-10", it, f->main, 4000, 9000, NULL, s_num);
	cn = post_ref(f, f->c, VT_CREDIT_NOTE, "2024-04-12", it, f->gb, 2000, 9000, s_num, NULL);
	t = journal(f, f->c, "transfer", "2024-04-14", it, f->main, f->gb, 3000, 0);
	assert_int_equal(moved(f, cn), 10000);
	assert_balance(f, it, f->gb, 5000, 25000);
	post(f, f->c, VT_PURCHASE, "2024-04-02", it, f->main, 10000, 2000);
	assert_int_equal(moved(f, s), -14000);
	assert_int_equal(moved(f, cn), 7000);
	assert_int_equal(q1(f, "SELECT value FROM stock_moves WHERE journal_id = ? AND qty > 0", t), 10500);
	assert_int_equal(q1(f, "SELECT value FROM stock_moves WHERE journal_id = ? AND qty < 0", t), -10500);
	assert_balance(f, it, f->gb, 5000, 17500);
	assert_balance(f, it, f->main, 13000, 45500);
	assert_kept(f, f->c);
	/* cancelling the sale: its return is no longer a return of anything known, and comes back at
	 * the day's cost in Godown B (nothing there yet on 12 Apr: 0.00) */
	{
		struct err e = ERR_INIT;
		assert_int_equal(cancel(f, f->c, s, &e), 0);
		assert_int_equal(moved(f, cn), 0);
		assert_kept(f, f->c);
	}
}

/* ---- stock below zero on a later day ---------------------------------------------------------
 * Refusing negative stock: P 1 Apr 10, S1 10 Apr 8. A sale of 3 back-dated to 5 Apr finds 10
 * there that day, but would leave 10 Apr at -1: refused, with the 2 that can go out (what is
 * left at the lowest from 5 Apr on), and nothing written. A sale of 2 goes. Cancelling P is
 * refused (its stock is gone on 10 Apr), altering its rate is not (the same goods came in), and
 * S1 follows the new rate; altering it to 5 pcs is refused. */
static void test_refused_later_day(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	int64_t it, p, s1, before;
	int rc;
	fresh(f, "weighted_average", "refuse");
	it = item(f, f->c, "BOLT");
	p = post(f, f->c, VT_PURCHASE, "2024-04-01", it, f->main, 10000, 1000);
	s1 = post(f, f->c, VT_SALES, "2024-04-10", it, f->main, 8000, 1500);
	before = footprint(f, f->c);
	rc = try_post(f, f->c, VT_SALES, "2024-04-05", it, f->main, 3000, 1500, &e);
	expect_err(rc, &e, ERR_UNPROCESSABLE, "items[0].qty", "a back-dated sale leaving a later day below zero");
	assert_string_equal(e.reason, "insufficient_stock");
	assert_non_null(strstr(e.msg, "2 pcs available"));
	assert_int_equal(e.aux, 2000);
	assert_int_equal(footprint(f, f->c), before);
	err_clear(&e);
	assert_int_equal(try_post(f, f->c, VT_SALES, "2024-04-05", it, f->main, 2000, 1500, &e), 0);
	assert_balance(f, it, f->main, 0, 0);

	before = footprint(f, f->c);
	rc = cancel(f, f->c, p, &e);
	expect_err(rc, &e, ERR_UNPROCESSABLE, "items", "cancelling a purchase sold on a later day");
	assert_non_null(strstr(e.msg, "cannot undo the receipt of BOLT"));
	assert_int_equal(footprint(f, f->c), before);
	err_clear(&e);
	assert_int_equal(alter(f, f->c, p, VT_PURCHASE, "2024-04-01", it, f->main, 10000, 1200, NULL, &e), 0);
	assert_int_equal(moved(f, s1), -9600);
	assert_balance(f, it, f->main, 0, 0);
	before = footprint(f, f->c);
	rc = alter(f, f->c, p, VT_PURCHASE, "2024-04-01", it, f->main, 5000, 1200, NULL, &e);
	expect_err(rc, &e, ERR_UNPROCESSABLE, "items", "altering a purchase to less than was sold");
	assert_int_equal(footprint(f, f->c), before);
	assert_kept(f, f->c);
}

/* The company warns instead: the same back-dated sale goes through, 10 Apr stands at -1, and the
 * layers owe the 1 that went out without stock, which the next receipt makes good first. */
static void test_warned_later_day(void **state)
{
	struct fx *f = *state;
	int64_t it, s0;
	fresh(f, "fifo", "warn");
	it = item(f, f->c, "NUT");
	post(f, f->c, VT_PURCHASE, "2024-04-01", it, f->main, 10000, 1000);
	post(f, f->c, VT_SALES, "2024-04-10", it, f->main, 8000, 1500);
	s0 = post(f, f->c, VT_SALES, "2024-04-05", it, f->main, 3000, 1500);
	assert_int_equal(moved(f, s0), -3000);
	assert_balance(f, it, f->main, -1000, 0);
	assert_int_equal(q1(f, "SELECT sum(qty_left) FROM stock_layers WHERE item_id = ? AND qty_left < 0", it), -1000);
	post(f, f->c, VT_PURCHASE, "2024-04-20", it, f->main, 5000, 2000);
	assert_balance(f, it, f->main, 4000, 10000);
	assert_int_equal(q1(f, "SELECT sum(qty_left) FROM stock_layers WHERE item_id = ?", it), 4000);
	assert_kept(f, f->c);
}

/* ---- the ceiling of amounts ------------------------------------------------------------------
 * A return of 3 comes back on 12 Apr at the day's cost, nothing (no stock yet). Production of one
 * unit worth ₹4 x 10^14 back-dated to 10 Apr would make that return 3 x 4 x 10^16 paise, past
 * MONEY_MAX: refused as the production's (422 too_large naming lines[0].qty), nothing written. */
static void test_recost_ceiling(void **state)
{
	struct fx *f = *state;
	struct stock_line l;
	struct err e = ERR_INIT;
	int64_t it, before, id = 0;
	int rc;
	fresh(f, "weighted_average", "warn");
	it = item(f, f->c, "GOLD");
	post(f, f->c, VT_CREDIT_NOTE, "2024-04-12", it, f->main, 3000, 100);
	before = footprint(f, f->c);
	memset(&l, 0, sizeof l);
	l.item_id = it;
	l.godown_id = f->main;
	l.qty = 1000;
	l.rate = INT64_C(40000000000000000);
	tx_begin(f);
	rc = tx_end(f, stock_journal_post(f->db, f->c, ACTOR, "production", "2024-04-10", NULL, &l, 1, &id, &e));
	expect_err(rc, &e, ERR_UNPROCESSABLE, "lines[0].qty", "a re-costing past the ceiling");
	assert_string_equal(e.reason, "too_large");
	assert_int_equal(footprint(f, f->c), before);
	/* at a fourth of it the return comes back at 3 x 10^16 */
	err_clear(&e);
	l.rate = INT64_C(10000000000000000);
	tx_begin(f);
	assert_int_equal(tx_end(f, stock_journal_post(f->db, f->c, ACTOR, "production", "2024-04-10", NULL, &l, 1, &id, &e)), 0);
	assert_balance(f, it, f->main, 4000, INT64_C(40000000000000000));
	assert_kept(f, f->c);
}

/* ---- books costed before re-costing existed ---------------------------------------------------
 * An item in a godown whose balance says costed = 0 (migration 0060 marks every one it finds) is
 * costed again from its first move the first time it moves: a sale costed wrong there is right
 * after the next purchase, and what each issue took of the layers is known from then on. */
static void test_costed_before(void **state)
{
	struct fx *f = *state;
	struct err e = ERR_INIT;
	int64_t it, s;
	fresh(f, "fifo", "refuse");
	it = item(f, f->c, "OLD");
	post(f, f->c, VT_PURCHASE, "2024-04-01", it, f->main, 10000, 1000);
	post(f, f->c, VT_PURCHASE, "2024-04-03", it, f->main, 10000, 2000);
	s = post(f, f->c, VT_SALES, "2024-04-05", it, f->main, 12000, 3000);
	assert_int_equal(moved(f, s), -14000);
	/* as an old version might have left it: the sale at 12 @ ₹20, the kept sums agreeing, no takes */
	{
		static const char *const old[] = {
			"UPDATE stock_moves SET value = value - 10000 WHERE voucher_id = ?",
			"UPDATE stock_balance SET value = value - 10000, costed = 0 WHERE item_id = ?",
			"UPDATE stock_month SET value = value - 10000 WHERE item_id = ?",
			"UPDATE stock_godown_month SET value = value - 10000 WHERE company_id = ?",
			"DELETE FROM stock_takes WHERE item_id = ?",
		};
		int64_t args[] = {s, it, it, f->c, it};
		for (size_t i = 0; i < sizeof old / sizeof old[0]; i++) {
			tx_begin(f);
			q1(f, old[i], args[i]);
			tx_end(f, 0);
		}
	}
	assert_int_equal(moved(f, s), -24000);
	post(f, f->c, VT_PURCHASE, "2024-04-30", it, f->main, 1000, 1000);
	assert_int_equal(moved(f, s), -14000);
	assert_int_equal(q1(f, "SELECT costed FROM stock_balance WHERE item_id = ?", it), 1);
	assert_int_equal(q1(f, "SELECT sum(qty) FROM stock_takes WHERE move_id IN (SELECT id FROM stock_moves WHERE voucher_id = ?)", s), 12000);
	assert_balance(f, it, f->main, 9000, 17000);
	assert_kept(f, f->c);
	(void)e;
}

/* ---- property: the order of entry does not matter --------------------------------------------
 *
 * A book of documents, one a day from 2 Apr 2024, for three items in two godowns: purchases,
 * sales, sales returns (half of them naming their sale), purchase returns (half naming their
 * purchase), transfers, consumption and production (at a rate, or at the day's cost). It is made
 * in date order by a model that keeps its own FIFO layers and moving average, with the rules the
 * books follow, so no day goes below zero; the model's figures are what the books must say. The
 * book is posted twice into fresh companies: in date order, and shuffled, with some vouchers first
 * posted wrong (another quantity, rate or day) and altered later, some decoys posted and
 * cancelled later, and returns whose sale or purchase was not posted yet entered without naming it
 * and altered to name it at the end. Both must then agree with each other and with the model, per
 * item per godown, per document, and in total at the end of many days. */

#define P_ITEMS 3
#define P_GODOWNS 2
#define P_DOCS 70
#define P_LAYERS (P_DOCS * 2)

enum pkind { PK_PURCHASE, PK_SALE, PK_CREDIT, PK_DEBIT, PK_TRANSFER, PK_CONSUME, PK_PRODUCE };

struct pdoc {
	enum pkind kind;
	int item, g, g2;        /* indexes; g2: a transfer's other godown */
	int64_t qty, rate;      /* thousandths (whole units), paise; rate 0 for production at the day's cost */
	int of;                 /* a return: the document it names, -1 none */
	char date[11];
	int64_t value;          /* the model's: + in, - out (a transfer: what went out) */
	/* posted */
	int64_t id[2];          /* per run: voucher or journal id */
	char number[2][40];
};

struct player {
	int doc;                /* the receipt's document */
	int64_t left, rate;
};

struct pstate {
	int64_t q, v;
	struct player l[P_LAYERS];
	int nl;
};

static uint64_t prng;

static uint64_t rnd(void)
{
	prng ^= prng >> 12;
	prng ^= prng << 25;
	prng ^= prng >> 27;
	return prng * 2685821657736338717ull;
}

static int64_t rnd_in(int64_t lo, int64_t hi) { return lo + (int64_t)(rnd() % (uint64_t)(hi - lo + 1)); }

static int64_t half_up(int64_t a, int64_t b, int64_t d)
{
	int64_t r = 0;
	assert_int_equal(money_muldiv(a, b, d, MONEY_ROUND_HALF_UP, &r), 0);
	return r;
}

/* The model's receipt of qty at value into state s (its FIFO layer at the rate rounded to the
 * paisa, as the books keep it). */
static void m_in(struct pstate *s, int doc, int64_t qty, int64_t value)
{
	assert_true(s->nl < P_LAYERS);
	s->l[s->nl].doc = doc;
	s->l[s->nl].left = qty;
	s->l[s->nl].rate = half_up(value, QTY_SCALE, qty);
	s->nl++;
	s->q += qty;
	s->v += value;
}

/* The model's issue of qty (at most what is held) out of state s, the layers of document `first`
 * first (-1: none): what it costs by the valuation (fixed >= 0: at that cost instead). */
static int64_t m_out(struct pstate *s, int fifo, int64_t qty, int first, int64_t fixed)
{
	int64_t need = qty, cost = 0;
	assert_true(qty <= s->q);
	for (int pass = first >= 0 ? 0 : 1; pass < 2; pass++)
		for (int i = 0; i < s->nl && need > 0; i++) {
			int64_t t, part;
			if (s->l[i].left <= 0 || (!pass && s->l[i].doc != first))
				continue;
			t = s->l[i].left < need ? s->l[i].left : need;
			assert_int_equal(qty_value(t, s->l[i].rate, &part), 0);
			cost += part;
			s->l[i].left -= t;
			need -= t;
		}
	assert_int_equal(need, 0);
	if (fixed >= 0)
		cost = fixed;
	else if (!fifo)
		cost = half_up(qty, s->v, s->q);
	if (qty >= s->q)
		cost = s->v; /* the last unit takes what is left */
	s->q -= qty;
	s->v -= cost;
	return cost;
}

/* What the returns of document k have taken back so far (sales returns) or sent back (purchase
 * returns). */
static int64_t returned(const struct pdoc *d, int n, int k)
{
	int64_t r = 0;
	for (int i = 0; i < n; i++)
		if (d[i].of == k || d[i].of == -1 - k)
			r += d[i].qty;
	return r;
}

/* Makes the book in date order, working out each document's value by the model. */
static int make_book(struct pdoc *d, int fifo, struct pstate st[P_ITEMS][P_GODOWNS])
{
	int n = 0;
	memset(st, 0, sizeof(struct pstate) * P_ITEMS * P_GODOWNS);
	for (int day = 0; n < P_DOCS; day++) {
		struct pdoc *x = &d[n];
		struct pstate *s;
		int op = (int)rnd_in(0, 99);
		struct tm tm = {.tm_year = 124, .tm_mon = 3, .tm_mday = 2 + day};
		time_t t = timegm(&tm);
		memset(x, 0, sizeof *x);
		gmtime_r(&t, &tm);
		strftime(x->date, sizeof x->date, "%Y-%m-%d", &tm);
		x->item = (int)rnd_in(0, P_ITEMS - 1);
		x->g = (int)rnd_in(0, P_GODOWNS - 1);
		x->g2 = 1 - x->g;
		x->of = -1;
		s = &st[x->item][x->g];
		x->kind = op < 30 ? PK_PURCHASE : op < 55 ? PK_SALE : op < 65 ? PK_CREDIT : op < 75 ? PK_DEBIT : op < 85 ? PK_TRANSFER : op < 92 ? PK_CONSUME
														     : PK_PRODUCE;
		if (x->kind == PK_CREDIT || x->kind == PK_DEBIT) { /* of an earlier one of the item, in its godown */
			int cand[P_DOCS], nc = 0;
			for (int k = 0; k < n; k++)
				if (d[k].item == x->item && d[k].kind == (x->kind == PK_CREDIT ? PK_SALE : PK_PURCHASE) &&
				    returned(d, n, k) < d[k].qty)
					cand[nc++] = k;
			if (!nc) {
				x->kind = PK_PURCHASE;
			} else {
				const struct pdoc *o = &d[cand[rnd_in(0, nc - 1)]];
				x->g = o->g;
				x->g2 = 1 - x->g;
				s = &st[x->item][x->g];
				x->qty = rnd_in(1, (o->qty - returned(d, n, (int)(o - d))) / 1000) * 1000;
				if (x->kind == PK_DEBIT && x->qty > s->q)
					x->qty = s->q / 1000 * 1000;
				if (x->qty <= 0)
					x->kind = PK_PURCHASE;
				else
					x->of = (int)(o - d);
			}
		}
		if (x->kind != PK_PURCHASE && x->kind != PK_PRODUCE && x->kind != PK_CREDIT && s->q < 1000)
			x->kind = PK_PURCHASE;
		x->rate = x->kind == PK_PRODUCE && rnd_in(0, 1) ? 0 : rnd_in(500, 99999);
		if (x->kind == PK_PURCHASE || x->kind == PK_PRODUCE)
			x->qty = rnd_in(1, 20) * 1000;
		else if (x->kind == PK_SALE || x->kind == PK_TRANSFER || x->kind == PK_CONSUME)
			x->qty = rnd_in(1, s->q / 1000) * 1000;
		switch (x->kind) {
		case PK_PURCHASE:
		case PK_PRODUCE:
			if (x->rate)
				assert_int_equal(qty_value(x->qty, x->rate, &x->value), 0);
			else
				x->value = s->q > 0 ? half_up(x->qty, s->v, s->q) : 0;
			m_in(s, n, x->qty, x->value);
			break;
		case PK_CREDIT: {
			int64_t c = -d[x->of].value, q = d[x->of].qty;
			if (rnd_in(0, 1)) { /* it names its sale: at what the sale went out at */
				x->value = half_up(x->qty, c, q);
			} else {
				x->value = s->q > 0 ? half_up(x->qty, s->v, s->q) : 0;
				x->of = -1 - x->of; /* remembered for the quantities, not named */
			}
			m_in(s, n, x->qty, x->value);
			break;
		}
		case PK_DEBIT:
			if (rnd_in(0, 1)) {
				x->value = -m_out(s, fifo, x->qty, x->of, half_up(x->qty, d[x->of].value, d[x->of].qty));
			} else {
				x->value = -m_out(s, fifo, x->qty, -1, -1);
				x->of = -1 - x->of;
			}
			break;
		case PK_SALE:
		case PK_CONSUME:
			x->value = -m_out(s, fifo, x->qty, -1, -1);
			break;
		case PK_TRANSFER:
			x->value = -m_out(s, fifo, x->qty, -1, -1);
			m_in(&st[x->item][x->g2], n, x->qty, -x->value);
			break;
		}
		n++;
	}
	return n;
}

/* The document a return names, in the book (-1: none; an unnamed one keeps its -1 - k). */
static int named_of(const struct pdoc *x) { return x->of >= 0 ? x->of : -1; }

struct prun {
	int64_t cid;
	int64_t items[P_ITEMS], godowns[P_GODOWNS];
};

static enum voucher_type pk_type(enum pkind k)
{
	return k == PK_PURCHASE ? VT_PURCHASE : k == PK_SALE ? VT_SALES : k == PK_CREDIT ? VT_CREDIT_NOTE : VT_DEBIT_NOTE;
}

/* Posts document k of the book into run r (0: in date order, 1: shuffled), naming its origin when
 * it has one and it is posted (else *ret_later is set: alter it when it is). wrong: post another
 * quantity, rate or day first (the caller alters it to the right one). */
static void post_doc(struct fx *f, struct pdoc *d, int k, struct prun *r, int run, int wrong, int *ret_later)
{
	struct pdoc *x = &d[k];
	int of = named_of(x);
	const char *ref = of >= 0 && d[of].id[run] ? d[of].number[run] : NULL;
	*ret_later = of >= 0 && !ref;
	if (x->kind >= PK_TRANSFER) {
		static const char *const kinds[] = {[PK_TRANSFER] = "transfer", [PK_CONSUME] = "consumption", [PK_PRODUCE] = "production"};
		x->id[run] = journal(f, r->cid, kinds[x->kind], x->date, r->items[x->item], r->godowns[x->g], r->godowns[x->g2], x->qty, x->rate);
		return;
	}
	if (wrong) { /* another day (of the book: the same year), quantity or rate */
		x->id[run] = post_ref(f, r->cid, pk_type(x->kind), wrong == 1 ? d[rnd() % P_DOCS].date : x->date, r->items[x->item], r->godowns[x->g],
				      x->qty + (wrong == 2 ? 1000 : 0), x->rate + (wrong == 3 ? 77 : 0), NULL, x->number[run]);
		*ret_later = 1;
		return;
	}
	x->id[run] = post_ref(f, r->cid, pk_type(x->kind), x->date, r->items[x->item], r->godowns[x->g], x->qty, x->rate, ref, x->number[run]);
}

/* Alters voucher document k of run `run` to what the book says, naming its origin. */
static void set_right(struct fx *f, struct pdoc *d, int k, struct prun *r, int run)
{
	struct pdoc *x = &d[k];
	struct err e = ERR_INIT;
	int of = named_of(x);
	if (alter(f, r->cid, x->id[run], pk_type(x->kind), x->date, r->items[x->item], r->godowns[x->g], x->qty, x->rate,
		  of >= 0 ? d[of].number[run] : NULL, &e) < 0)
		fail_msg("altering document %d (seed %llu): %s (%s)", k, (unsigned long long)prng, e.msg, e.field);
}

static void make_run(struct fx *f, struct prun *r, int fifo)
{
	r->cid = company(f, fifo ? "fifo" : "weighted_average", "warn");
	r->godowns[0] = q1(f, "SELECT min(id) FROM godowns WHERE company_id = ?", r->cid);
	r->godowns[1] = godown(f, r->cid, "Godown B");
	for (int i = 0; i < P_ITEMS; i++) {
		char sku[16];
		snprintf(sku, sizeof sku, "IT-%d", i);
		r->items[i] = item(f, r->cid, sku);
	}
}

/* Run 1: the book in a shuffled order, wrong first now and then, with decoys cancelled later. */
static void post_shuffled(struct fx *f, struct pdoc *d, int n, struct prun *r)
{
	int order[P_DOCS], later[P_DOCS], nlater = 0;
	int64_t decoys[P_DOCS];
	int ndecoys = 0;
	struct err e = ERR_INIT;
	for (int i = 0; i < n; i++)
		order[i] = i;
	for (int i = n - 1; i > 0; i--) {
		int j = (int)rnd_in(0, i), t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	for (int i = 0; i < n; i++) {
		int k = order[i], wrong = d[k].kind < PK_TRANSFER && rnd_in(0, 3) == 0 ? (int)rnd_in(1, 3) : 0, again = 0;
		post_doc(f, d, k, r, 1, wrong, &again);
		if (again)
			later[nlater++] = k;
		if (rnd_in(0, 5) == 0) { /* a decoy: a purchase or a sale that is cancelled before the end */
			int it = (int)rnd_in(0, P_ITEMS - 1);
			decoys[ndecoys++] = post(f, r->cid, rnd_in(0, 1) ? VT_PURCHASE : VT_SALES, d[rnd_in(0, n - 1)].date, r->items[it],
						 r->godowns[rnd_in(0, 1)], rnd_in(1, 5) * 1000, rnd_in(100, 50000));
		}
		if (nlater && rnd_in(0, 3) == 0) { /* now and then one put right on the way */
			int j = (int)rnd_in(0, nlater - 1), of = named_of(&d[later[j]]);
			if (of < 0 || d[of].id[1]) {
				set_right(f, d, later[j], r, 1);
				later[j] = later[--nlater];
			}
		}
		if (ndecoys && rnd_in(0, 4) == 0) {
			int j = (int)rnd_in(0, ndecoys - 1);
			if (cancel(f, r->cid, decoys[j], &e) < 0)
				fail_msg("cancelling a decoy (seed %llu): %s", (unsigned long long)prng, e.msg);
			decoys[j] = decoys[--ndecoys];
		}
	}
	while (ndecoys)
		if (cancel(f, r->cid, decoys[--ndecoys], &e) < 0)
			fail_msg("cancelling a decoy (seed %llu): %s", (unsigned long long)prng, e.msg);
	while (nlater)
		set_right(f, d, later[--nlater], r, 1);
}

/* A document's stock value in run `run` (a transfer: what went out of its godown). */
static int64_t doc_value(struct fx *f, const struct pdoc *x, int run)
{
	if (x->kind >= PK_TRANSFER)
		return q2(f, "SELECT coalesce(sum(value), 0) FROM stock_moves WHERE journal_id = ? AND active = 1 AND (qty < 0 OR ? = 1)",
			  x->id[run], x->kind == PK_PRODUCE);
	return moved(f, x->id[run]);
}

struct stock_at {
	int64_t q[64], v[64];   /* by item id - first */
	int64_t first;
};

static int stock_at_row(void *p, const struct stock_row *row)
{
	struct stock_at *a = p;
	int64_t k = row->item_id - a->first;
	assert_true(k >= 0 && k < 64);
	a->q[k] = row->qty;
	a->v[k] = row->value;
	return 0;
}

/* The stock summary's figures (inventory_stock_rows) of item i in godown g of run r at a day. */
static void summary_of(struct fx *f, const struct prun *r, const char *date, int g, struct stock_at *out)
{
	struct err e = ERR_INIT;
	memset(out, 0, sizeof *out);
	out->first = r->items[0];
	if (inventory_stock_rows(f->db, r->cid, date, r->godowns[g], stock_at_row, out, &e) < 0)
		fail_msg("stock rows: %s", e.msg);
}

static void property_once(struct fx *f, int fifo, uint64_t seed)
{
	static struct pdoc d[P_DOCS];
	static struct pstate st[P_ITEMS][P_GODOWNS];
	struct prun r[2];
	int n, later;

	prng = seed;
	n = make_book(d, fifo, st);
	for (int run = 0; run < 2; run++)
		make_run(f, &r[run], fifo);
	for (int k = 0; k < n; k++) {
		post_doc(f, d, k, &r[0], 0, 0, &later);
		assert_false(later); /* in date order every origin is there already */
	}
	post_shuffled(f, d, n, &r[1]);

	for (int k = 0; k < n; k++)
		for (int run = 0; run < 2; run++)
			if (doc_value(f, &d[k], run) != d[k].value)
				fail_msg("seed %llu (%s): document %d (%d, %s) moved %lld in run %d, the model says %lld", (unsigned long long)seed,
					 fifo ? "fifo" : "average", k, d[k].kind, d[k].date, (long long)doc_value(f, &d[k], run), run,
					 (long long)d[k].value);
	for (int run = 0; run < 2; run++) {
		struct stock_at a;
		for (int g = 0; g < P_GODOWNS; g++) {
			summary_of(f, &r[run], "2025-03-31", g, &a);
			for (int i = 0; i < P_ITEMS; i++)
				if (a.q[i] != st[i][g].q || a.v[i] != st[i][g].v)
					fail_msg("seed %llu (%s): item %d in godown %d is %lld/%lld in run %d, the model says %lld/%lld",
						 (unsigned long long)seed, fifo ? "fifo" : "average", i, g, (long long)a.q[i], (long long)a.v[i], run,
						 (long long)st[i][g].q, (long long)st[i][g].v);
		}
		assert_kept(f, r[run].cid);
	}
	/* and at the end of every tenth day, in total, both runs the same */
	for (int k = 0; k < n; k += 10)
		if (value_at(f, r[0].cid, d[k].date) != value_at(f, r[1].cid, d[k].date))
			fail_msg("seed %llu (%s): stock at %s is %lld in date order, %lld shuffled", (unsigned long long)seed, fifo ? "fifo" : "average",
				 d[k].date, (long long)value_at(f, r[0].cid, d[k].date), (long long)value_at(f, r[1].cid, d[k].date));
}

static void property(void **state, int fifo)
{
	/* 4769112521941874644: under FIFO a return entered before its sale (posted on a wrong day first)
	 * is costed from the sale and the sale from the return's layer, a rounding apart for ever; that
	 * circle once starved the transfer's godown it queued, which then kept a stale cost */
	static const uint64_t fixed[] = {1, 2, 3, 42, 20240401, 0x9e3779b97f4a7c15ull, 4769112521941874644ull};
	struct fx *f = *state;
	uint64_t clock_seeds[2];
	size_t nfixed = sizeof fixed / sizeof fixed[0];
	if (db_backend(f->db) == DB_POSTGRES)
		nfixed = 3; /* every statement crosses a socket there */
	for (size_t i = 0; i < nfixed; i++)
		property_once(f, fifo, fixed[i]);
	clock_seeds[0] = (uint64_t)time(NULL) * 2654435761u | 1;
	clock_seeds[1] = clock_seeds[0] ^ 0x5bd1e995u;
	for (int i = 0; i < 2; i++) {
		print_message("property (%s): seed %llu\n", fifo ? "fifo" : "average", (unsigned long long)clock_seeds[i]);
		property_once(f, fifo, clock_seeds[i]);
	}
	if (getenv("DAFTAR_SEED") && *getenv("DAFTAR_SEED"))
		property_once(f, fifo, strtoull(getenv("DAFTAR_SEED"), NULL, 10));
}

static void test_property_fifo(void **state) { property(state, 1); }
static void test_property_average(void **state) { property(state, 0); }

#define TESTS(pre)                                                                                    \
	cmocka_unit_test_prestate_setup_teardown(test_backdated_purchase_fifo, setup, teardown, pre),        \
	cmocka_unit_test_prestate_setup_teardown(test_backdated_purchase_average, setup, teardown, pre),     \
	cmocka_unit_test_prestate_setup_teardown(test_backdated_cancel_alter_fifo, setup, teardown, pre),    \
	cmocka_unit_test_prestate_setup_teardown(test_backdated_cancel_alter_average, setup, teardown, pre), \
	cmocka_unit_test_prestate_setup_teardown(test_valuation_changed, setup, teardown, pre),              \
	cmocka_unit_test_prestate_setup_teardown(test_returns_fifo, setup, teardown, pre),                   \
	cmocka_unit_test_prestate_setup_teardown(test_returns_average, setup, teardown, pre),                \
	cmocka_unit_test_prestate_setup_teardown(test_dependents_follow, setup, teardown, pre),              \
	cmocka_unit_test_prestate_setup_teardown(test_refused_later_day, setup, teardown, pre),              \
	cmocka_unit_test_prestate_setup_teardown(test_warned_later_day, setup, teardown, pre),               \
	cmocka_unit_test_prestate_setup_teardown(test_recost_ceiling, setup, teardown, pre),                 \
	cmocka_unit_test_prestate_setup_teardown(test_costed_before, setup, teardown, pre),                  \
	cmocka_unit_test_prestate_setup_teardown(test_property_fifo, setup, teardown, pre),                  \
	cmocka_unit_test_prestate_setup_teardown(test_property_average, setup, teardown, pre)

int main(void)
{
	const void *sq = &on_sqlite, *pg = &on_pg;
	const struct CMUnitTest sqlite_tests[] = {TESTS((void *)sq)};
	const struct CMUnitTest pg_tests[] = {TESTS((void *)pg)};
	int failed;

	unit_quiet_logs();
	failed = cmocka_run_group_tests_name("re-costing on SQLite", sqlite_tests, NULL, group_teardown);
	if (unit_pg_url())
		failed += cmocka_run_group_tests_name("re-costing on PostgreSQL", pg_tests, NULL, group_teardown);
	return failed ? 1 : 0;
}
