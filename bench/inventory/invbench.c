/* invbench.c - the inventory benchmark's helper, linked with the project's objects:
 *   invbench load URL ITEMS MOVES DAYS SEED   fills company 1 with items and stock moves
 *   invbench time URL DATE REPS [summary]     times the stock summary, inventory_value_at and a
 *                                             plain GROUP BY scan of stock_moves (medians, ms);
 *                                             with "summary" only the first (for a profiler)
 *
 * load writes straight into items, stock_moves, stock_balance, stock_layers, stock_journals and the
 * month sums with prepared statements in one transaction, computing what inventory.c would have
 * written for the same moves under weighted average with negative stock refused: each item's
 * opening stock on the books' first day, then DAYS days (ending today) of production (in at a
 * rate), consumption (out at the average cost, the last unit taking what is left) and transfers
 * (out at cost, in at the same value), with FIFO layers shrunk oldest first. One stock journal per
 * kind per day, and an audit record per item and per journal (audit_append), so `daftar audit
 * verify` still holds. The month sums (stock_month, stock_godown_month) are made at the end from
 * the moves, as the migration that brought them in does: the same rows stock_move would have
 * added to move by move. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts/accounts.h"
#include "audit/audit.h"
#include "lib/buf.h"
#include "lib/db.h"
#include "inventory/inventory.h"
#include "lib/text.h"

#define CID 1
#define NGODOWNS 4
#define MAXREPS 51

static uint64_t rng = 88172645463325252ull;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int64_t rnd_in(int64_t lo, int64_t hi) { return lo + (int64_t)(rnd() % (uint64_t)(hi - lo + 1)); }

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* CPU time of this process: on a busy machine it says what the work costs, wall time what it took. */
static double cpu_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void die(const char *what, const struct err *e)
{
	fprintf(stderr, "invbench: %s: %s\n", what, e ? e->msg : "");
	exit(1);
}

/* money_muldiv rounding half up; an overflow ends the bench (figures here are small). */
static int64_t muldiv(int64_t a, int64_t b, int64_t d)
{
	int64_t r = 0;
	if (money_muldiv(a, b, d, MONEY_ROUND_HALF_UP, &r) < 0)
		die("overflow", NULL);
	return r;
}

static void day_iso(int64_t days_ago, char out[11])
{
	time_t t = time(NULL) - (time_t)days_ago * 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static int64_t scalar(struct db *db, const char *sql)
{
	struct err e = ERR_INIT;
	int64_t v = 0;
	if (db_i64(db, sql, DB_NOARGS, &v, &e) < 0)
		die(sql, &e);
	return v;
}

/* ---- load ----------------------------------------------------------------------------------- */

struct layer {
	int64_t move_id, qty_left, rate;
	int day; /* -1: the opening day */
};

struct stock {
	int64_t qty, value;
	struct layer *l;
	int n, cap, head; /* layers [head, n) may still hold stock */
};

struct journal_ids {
	int64_t production, consumption, transfer;
};

static struct db_stmt *ins_move;
static char day_str[2048][11]; /* [day + 1]; 0 is the opening day */

static int64_t move_insert(struct db *db, int64_t item, int64_t godown, int day, int64_t qty, int64_t value, const char *source,
			   int64_t journal)
{
	struct err e = ERR_INIT;
	int64_t id = 0;
	int rc;
	ins_move = db_prepare(db, "INSERT INTO stock_moves(company_id, item_id, godown_id, date, qty, value, source, journal_id) "
				  "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", &e);
	if (!ins_move)
		die("prepare move", &e);
	db_bind_i64(ins_move, 1, CID);
	db_bind_i64(ins_move, 2, item);
	db_bind_i64(ins_move, 3, godown);
	db_bind_text(ins_move, 4, day_str[day + 1]);
	db_bind_i64(ins_move, 5, qty);
	db_bind_i64(ins_move, 6, value);
	db_bind_text(ins_move, 7, source);
	if (journal)
		db_bind_i64(ins_move, 8, journal);
	else
		db_bind_null(ins_move, 8);
	rc = db_step(ins_move, &e);
	if (rc == DB_ROW)
		id = db_col_i64(ins_move, 0);
	while (rc == DB_ROW)
		rc = db_step(ins_move, &e);
	db_done(ins_move);
	if (rc < 0)
		die("insert move", &e);
	return id;
}

static void layer_push(struct stock *s, int64_t move_id, int64_t qty, int64_t value, int day)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 4;
		s->l = realloc(s->l, (size_t)s->cap * sizeof *s->l);
		if (!s->l)
			die("out of memory", NULL);
	}
	s->l[s->n].move_id = move_id;
	s->l[s->n].qty_left = qty;
	s->l[s->n].rate = muldiv(value, 1000, qty);
	s->l[s->n].day = day;
	s->n++;
}

static void layers_take(struct stock *s, int64_t qty)
{
	while (qty > 0 && s->head < s->n) {
		struct layer *l = &s->l[s->head];
		int64_t take = l->qty_left < qty ? l->qty_left : qty;
		l->qty_left -= take;
		qty -= take;
		if (!l->qty_left)
			s->head++;
	}
}

/* An inward move at value (paise). */
static void move_in(struct db *db, struct stock *s, int64_t item, int64_t godown, int day, int64_t qty, int64_t value, const char *source,
		    int64_t journal)
{
	int64_t id = move_insert(db, item, godown, day, qty, value, source, journal);
	layer_push(s, id, qty, value, day);
	s->qty += qty;
	s->value += value;
}

/* An outward move at the weighted-average cost; returns the cost. The caller ensured qty <= stock. */
static int64_t move_out(struct db *db, struct stock *s, int64_t item, int64_t godown, int day, int64_t qty, const char *source,
			int64_t journal)
{
	int64_t cost = qty >= s->qty ? s->value : muldiv(qty, s->value, s->qty);
	(void)move_insert(db, item, godown, day, -qty, -cost, source, journal);
	layers_take(s, qty);
	s->qty -= qty;
	s->value -= cost;
	return cost;
}

static int64_t journal_make(struct db *db, const char *kind, int day)
{
	struct err e = ERR_INIT;
	struct db_stmt *st = db_prepare(db, "INSERT INTO stock_journals(company_id, kind, date, narration, created_at, user_id) "
					    "VALUES (?, ?, ?, NULL, ?, 1) RETURNING id", &e);
	char after[96];
	int64_t id = 0;
	int rc;
	if (!st)
		die("prepare journal", &e);
	db_bind_i64(st, 1, CID);
	db_bind_text(st, 2, kind);
	db_bind_text(st, 3, day_str[day + 1]);
	db_bind_text(st, 4, day_str[day + 1]);
	rc = db_step(st, &e);
	if (rc == DB_ROW)
		id = db_col_i64(st, 0);
	while (rc == DB_ROW)
		rc = db_step(st, &e);
	db_done(st);
	if (rc < 0)
		die("insert journal", &e);
	snprintf(after, sizeof after, "{\"kind\":\"%s\",\"date\":\"%s\",\"lines\":0}", kind, day_str[day + 1]);
	if (audit_append(db, CID, 1, "stock_journal", id, "create", NULL, after, &e) < 0)
		die("audit", &e);
	return id;
}

static int cmd_load(const char *url, int64_t nitems, int64_t nmoves, int ndays)
{
	struct db *db = NULL;
	struct err e = ERR_INIT;
	struct db_stmt *st;
	struct stock *stk;
	int64_t godowns[NGODOWNS], groups[40], pcs, kg, per_day, made = 0, first_item = 0;
	char books_from[11], lock[11];
	double t0 = now_ms();

	if (ndays < 1 || ndays > 2000)
		die("days must be 1..2000", NULL);
	if (db_open(url, &db, &e) < 0)
		die(url, &e);
	if (db_backend(db) == DB_SQLITE && db_exec(db, "PRAGMA synchronous=OFF", &e) < 0)
		die("pragma", &e);
	if (db_begin_write(db, &e) < 0)
		die("begin", &e);
	if (books_get(db, CID, books_from, lock, &e) < 0)
		die("books", &e);
	text_copy(day_str[0], sizeof day_str[0], books_from);
	for (int d = 0; d < ndays; d++)
		day_iso(ndays - 1 - d, day_str[d + 1]);

	/* masters: godowns, groups, units */
	godowns[0] = scalar(db, "SELECT min(id) FROM godowns WHERE company_id = 1");
	for (int g = 1; g < NGODOWNS; g++) {
		static const char *const names[] = {"", "Bhiwandi Warehouse", "Pune Depot", "Nagpur Store"};
		if (godown_create(db, CID, 1, names[g], NULL, &godowns[g], &e) < 0)
			die("godown", &e);
	}
	for (int i = 0; i < 40; i++) {
		char name[32];
		snprintf(name, sizeof name, "Group %02d", i + 1);
		if (item_group_create(db, CID, 1, name, 0, &groups[i], &e) < 0)
			die("group", &e);
	}
	pcs = scalar(db, "SELECT id FROM units WHERE company_id = 1 AND symbol = 'pcs'");
	kg = scalar(db, "SELECT id FROM units WHERE company_id = 1 AND symbol = 'kg'");

	/* items, as item_create writes them (with their audit record) */
	stk = calloc((size_t)(nitems * NGODOWNS), sizeof *stk);
	if (!stk)
		die("out of memory", NULL);
	for (int64_t i = 0; i < nitems; i++) {
		char sku[32], name[96], search[160], after[256], now[32];
		int64_t id = 0, unit = i % 10 == 9 ? kg : pcs;
		int rc;
		snprintf(sku, sizeof sku, "SKU-%06lld", (long long)i + 1);
		snprintf(name, sizeof name, "Item %06lld %s", (long long)i + 1, i % 3 == 0 ? "Steel" : i % 3 == 1 ? "Cotton" : "Brass");
		snprintf(search, sizeof search, "%s|%s|", sku, name);
		text_ascii_lower(search);
		snprintf(now, sizeof now, "%sT09:00:00Z", day_str[1]);
		st = db_prepare(db, "INSERT INTO items(company_id, sku, name, name_hi, search, unit_id, group_id, hsn, gst_rate, reorder_level, "
				    "reorder_qty, tracks_batches, created_at) VALUES (?, ?, ?, NULL, ?, ?, ?, '7214', 1800, ?, 0, 0, ?) RETURNING id", &e);
		if (!st)
			die("prepare item", &e);
		db_bind_i64(st, 1, CID);
		db_bind_text(st, 2, sku);
		db_bind_text(st, 3, name);
		db_bind_text(st, 4, search);
		db_bind_i64(st, 5, unit);
		db_bind_i64(st, 6, groups[i % 40]);
		db_bind_i64(st, 7, i % 7 == 0 ? 20000 : 0);
		db_bind_text(st, 8, now);
		rc = db_step(st, &e);
		if (rc == DB_ROW)
			id = db_col_i64(st, 0);
		while (rc == DB_ROW)
			rc = db_step(st, &e);
		db_done(st);
		if (rc < 0)
			die("insert item", &e);
		if (!first_item)
			first_item = id;
		if (id != first_item + i)
			die("item ids are not consecutive", NULL);
		snprintf(after, sizeof after, "{\"sku\":\"%s\",\"name\":\"%s\",\"name_hi\":null,\"unit_id\":%lld,\"opening_lines\":1}", sku, name,
			 (long long)unit);
		if (audit_append(db, CID, 1, "item", id, "create", NULL, after, &e) < 0)
			die("audit", &e);
		/* opening stock in the main godown on the books' first day */
		{
			int64_t q = rnd_in(10, 200) * 1000, rate = rnd_in(500, 50000);
			move_in(db, &stk[i * NGODOWNS], id, godowns[0], -1, q, muldiv(q, rate, 1000), "opening", 0);
			made++;
		}
	}
	fprintf(stderr, "invbench: %lld items in %.0f ms\n", (long long)nitems, now_ms() - t0);

	/* the moves, day by day */
	per_day = (nmoves - made) / ndays;
	for (int d = 0; d < ndays && made < nmoves; d++) {
		struct journal_ids j = {journal_make(db, "production", d), journal_make(db, "consumption", d), journal_make(db, "transfer", d)};
		int64_t today_n = d == ndays - 1 ? nmoves - made : per_day;
		for (int64_t k = 0; k < today_n && made < nmoves; k++) {
			int64_t i = rnd_in(0, nitems - 1), item = first_item + i, kind = rnd_in(0, 99);
			int g = rnd_in(0, 9) < 5 ? 0 : (int)rnd_in(1, NGODOWNS - 1);
			struct stock *s = &stk[i * NGODOWNS + g];
			int64_t q = rnd_in(1, 20) * 1000;
			if (kind < 40 || s->qty < q) { /* production at a rate (also when there is too little to take out) */
				move_in(db, s, item, godowns[g], d, q, muldiv(q, rnd_in(500, 50000), 1000), "production", j.production);
				made++;
			} else if (kind < 88 || nmoves - made < 2) {
				move_out(db, s, item, godowns[g], d, q, "consumption", j.consumption);
				made++;
			} else { /* transfer to another godown: two moves */
				int g2 = (g + (int)rnd_in(1, NGODOWNS - 1)) % NGODOWNS;
				int64_t cost = move_out(db, s, item, godowns[g], d, q, "transfer", j.transfer);
				move_in(db, &stk[i * NGODOWNS + g2], item, godowns[g2], d, q, cost, "transfer", j.transfer);
				made += 2;
			}
		}
	}
	fprintf(stderr, "invbench: %lld moves in %.0f ms\n", (long long)made, now_ms() - t0);

	/* what the code keeps: balances per item per godown, and the FIFO layers */
	for (int64_t i = 0; i < nitems; i++) {
		for (int g = 0; g < NGODOWNS; g++) {
			struct stock *s = &stk[i * NGODOWNS + g];
			if (!s->n)
				continue;
			/* costed 0: no stock_takes are written here, so a re-costing goes from the first move */
			st = db_prepare(db, "INSERT INTO stock_balance(company_id, item_id, godown_id, qty, value, costed) VALUES (?, ?, ?, ?, ?, 0)",
					&e);
			if (!st)
				die("prepare balance", &e);
			db_bind_i64(st, 1, CID);
			db_bind_i64(st, 2, first_item + i);
			db_bind_i64(st, 3, godowns[g]);
			db_bind_i64(st, 4, s->qty);
			db_bind_i64(st, 5, s->value);
			if (db_step(st, &e) < 0)
				die("insert balance", &e);
			db_done(st);
			/* fully used layers stay (qty_left 0), as in the code */
			for (int k = 0; k < s->n; k++) {
				st = db_prepare(db, "INSERT INTO stock_layers(company_id, item_id, godown_id, date, qty_left, rate, move_id) "
						    "VALUES (?, ?, ?, ?, ?, ?, ?)", &e);
				if (!st)
					die("prepare layer", &e);
				db_bind_i64(st, 1, CID);
				db_bind_i64(st, 2, first_item + i);
				db_bind_i64(st, 3, godowns[g]);
				db_bind_text(st, 4, day_str[s->l[k].day + 1]);
				db_bind_i64(st, 5, s->l[k].qty_left);
				db_bind_i64(st, 6, s->l[k].rate);
				db_bind_i64(st, 7, s->l[k].move_id);
				if (db_step(st, &e) < 0)
					die("insert layer", &e);
				db_done(st);
			}
			free(s->l);
		}
	}
	free(stk);
	/* the net movement per month (migration 0007) that stock_move keeps move by move: the same
	 * sums, made from all the company's active moves at once */
	/* how each move's value is found again when it is re-costed (migration 0060): production in at
	 * its rate, a transfer's receipt at its issue's cost */
	if (db_exec(db, "UPDATE stock_moves SET cost_given = 1 WHERE company_id = 1 AND qty > 0 AND source IN ('opening', 'production')", &e) < 0 ||
	    db_exec(db, "UPDATE stock_moves SET cost_of_move = (SELECT max(o.id) FROM stock_moves o WHERE o.company_id = stock_moves.company_id "
			"AND o.item_id = stock_moves.item_id AND o.date = stock_moves.date AND o.journal_id = stock_moves.journal_id "
			"AND o.source = 'transfer' AND o.qty = -stock_moves.qty AND o.id < stock_moves.id) "
			"WHERE company_id = 1 AND qty > 0 AND source = 'transfer'", &e) < 0)
		die("costing marks", &e);
	if (db_exec(db, "DELETE FROM stock_month WHERE company_id = 1", &e) < 0 ||
	    db_exec(db, "DELETE FROM stock_godown_month WHERE company_id = 1", &e) < 0 ||
	    db_exec(db, "INSERT INTO stock_month(company_id, item_id, godown_id, month, qty, value) "
			"SELECT company_id, item_id, godown_id, substr(date, 1, 7), sum(qty), sum(value) FROM stock_moves "
			"WHERE company_id = 1 AND active = 1 GROUP BY company_id, item_id, godown_id, substr(date, 1, 7)", &e) < 0 ||
	    db_exec(db, "INSERT INTO stock_godown_month(company_id, godown_id, month, value) "
			"SELECT company_id, godown_id, substr(date, 1, 7), sum(value) FROM stock_moves "
			"WHERE company_id = 1 AND active = 1 GROUP BY company_id, godown_id, substr(date, 1, 7)", &e) < 0)
		die("month sums", &e);
	if (db_commit(db, &e) < 0)
		die("commit", &e);
	db_close(db);
	fprintf(stderr, "invbench: loaded in %.0f ms\n", now_ms() - t0);
	printf("items=%lld moves=%lld days=%d from=%s to=%s\n", (long long)nitems, (long long)made, ndays, day_str[1], day_str[ndays]);
	return 0;
}

/* ---- time ----------------------------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* only: NULL for everything, or "summary" (for a profiler) */
static int cmd_time(const char *url, const char *date, int reps, const char *only)
{
	struct db *db = NULL;
	struct err e = ERR_INIT;
	double t[MAXREPS], c[MAXREPS];
	size_t bytes = 0;
	int64_t value = 0, scan_rows = 0, scan_value = 0;

	if (reps < 1 || reps > MAXREPS)
		die("reps must be 1..51", NULL);
	if (db_open(url, &db, &e) < 0)
		die(url, &e);
	for (int r = 0; r < reps; r++) {
		struct buf out = BUF_INIT;
		double t0 = now_ms(), c0 = cpu_ms();
		if (inventory_stock_summary(db, CID, date, 0, "item", 0, 500, &out, &e) < 0)
			die("stock summary", &e);
		t[r] = now_ms() - t0;
		c[r] = cpu_ms() - c0;
		bytes = out.len;
		buf_free(&out);
	}
	printf("summary_ms=%.2f summary_cpu_ms=%.2f bytes=%zu\n", median(t, reps), median(c, reps), bytes);
	if (only) {
		db_close(db);
		return 0;
	}
	for (int r = 0; r < reps; r++) {
		double t0 = now_ms(), c0 = cpu_ms();
		if (inventory_value_at(db, CID, date, &value, &e) < 0)
			die("value_at", &e);
		t[r] = now_ms() - t0;
		c[r] = cpu_ms() - c0;
	}
	printf("value_at_ms=%.2f value_at_cpu_ms=%.2f value=%lld\n", median(t, reps), median(c, reps), (long long)value);
	/* the plain scan: the same figures straight from the moves */
	for (int r = 0; r < reps; r++) {
		struct db_stmt *st = db_prepare(db, "SELECT item_id, sum(qty), sum(value) FROM stock_moves WHERE company_id = 1 AND date <= ? "
						    "GROUP BY item_id", &e);
		double t0 = now_ms(), c0 = cpu_ms();
		int rc;
		if (!st)
			die("prepare scan", &e);
		db_bind_text(st, 1, date);
		scan_rows = scan_value = 0;
		while ((rc = db_step(st, &e)) == DB_ROW) {
			scan_rows++;
			scan_value += db_col_i64(st, 2);
		}
		db_done(st);
		if (rc < 0)
			die("scan", &e);
		t[r] = now_ms() - t0;
		c[r] = cpu_ms() - c0;
	}
	printf("scan_ms=%.2f scan_cpu_ms=%.2f rows=%lld value=%lld\n", median(t, reps), median(c, reps), (long long)scan_rows,
	       (long long)scan_value);
	db_close(db);
	return value == scan_value ? 0 : (fprintf(stderr, "invbench: value_at %lld but the scan sums %lld\n", (long long)value,
						  (long long)scan_value), 1);
}

int main(int argc, char **argv)
{
	if (argc == 7 && strcmp(argv[1], "load") == 0) {
		rng ^= strtoull(argv[6], NULL, 10) * 0x9e3779b97f4a7c15ull;
		return cmd_load(argv[2], strtoll(argv[3], NULL, 10), strtoll(argv[4], NULL, 10), atoi(argv[5]));
	}
	if ((argc == 5 || argc == 6) && strcmp(argv[1], "time") == 0)
		return cmd_time(argv[2], argv[3], atoi(argv[4]), argc == 6 ? argv[5] : NULL);
	fprintf(stderr, "usage: invbench load URL ITEMS MOVES DAYS SEED | invbench time URL DATE REPS [summary]\n");
	return 2;
}
