/* recostbench.c - the re-costing benchmark's helper, linked with the project's objects:
 *   recostbench URL VALUATION "N ..." REPS
 * In a fresh company of the database at URL (migrated first) with VALUATION ("fifo" or
 * "weighted_average"), for each N: an item gets an opening purchase and then N later movements in
 * date order through voucher_post (three sales to a purchase, a few a day), and a second item 10
 * of its own; then, REPS times each, interleaved, every one in its own write transaction, timed
 * from begin to durable commit:
 *   back-dated  a purchase dated the day after the opening, before all N movements (each re-costs
 *               them: its date and rate vary from one to the next, so no answer is the last one's)
 *   in order    the same purchase dated after the last movement (the peer: nothing to re-cost)
 *   other item  a back-dated purchase of the second item, beside the first one's N movements
 *               (only the item touched is re-costed)
 * and prints one line per N with the medians (wall and CPU ms) and how many moves the back-dated
 * one re-costed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts/accounts.h"
#include "admin/company.h"
#include "inventory/inventory.h"
#include "lib/db.h"
#include "lib/text.h"

#define MAXREPS 51

static uint64_t rng = 88172645463325252ull;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static double cpu_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void die(const char *what, const struct err *e)
{
	fprintf(stderr, "recostbench: %s: %s (%s)\n", what, e ? e->msg : "", e ? e->field : "");
	exit(1);
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_d);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The day `k` days after 1 April 2024. */
static void day(int k, char out[11])
{
	struct tm tm = {.tm_year = 124, .tm_mon = 3, .tm_mday = 1 + k};
	time_t t = timegm(&tm);
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static struct voucher *make(enum voucher_type t, const char *date, int64_t item, int64_t qty, int64_t rate)
{
	struct voucher *v = voucher_new();
	struct voucher_item *it;
	if (!v || !(it = voucher_add_item(v)))
		die("out of memory", NULL);
	v->type = t;
	text_copy(v->date, sizeof v->date, date);
	text_copy(it->description, sizeof it->description, "goods");
	it->item_id = item;
	it->qty = qty;
	it->rate = rate;
	it->gst_rate = 1800;
	return v;
}

/* Posts one voucher inside the open transaction. */
static void post(struct db *db, int64_t cid, enum voucher_type t, const char *date, int64_t item, int64_t qty, int64_t rate)
{
	struct voucher *v = make(t, date, item, qty, rate);
	struct err e = ERR_INIT;
	if (voucher_post(db, cid, 1, v, &e) < 0)
		die("voucher_post", &e);
	voucher_free(v);
}

/* One purchase in its own write transaction, timed to its durable commit. */
static void timed(struct db *db, int64_t cid, const char *date, int64_t item, double *wall, double *cpu)
{
	struct err e = ERR_INIT;
	double w0 = now_ms(), c0 = cpu_ms();
	if (db_begin_write(db, &e) < 0)
		die("begin", &e);
	post(db, cid, VT_PURCHASE, date, item, 5000 + (int64_t)(rnd() % 5) * 1000, 4000 + (int64_t)(rnd() % 4000));
	if (db_commit(db, &e) < 0)
		die("commit", &e);
	*wall = now_ms() - w0;
	*cpu = cpu_ms() - c0;
}

static int64_t new_item(struct db *db, int64_t cid, const char *sku)
{
	struct item_input in;
	struct err e = ERR_INIT;
	int64_t id = 0;
	memset(&in, 0, sizeof in);
	in.sku = sku;
	in.name = sku;
	if (db_i64(db, "SELECT id FROM units WHERE company_id = ? AND symbol = 'pcs'", DB_ARGS(DB_I64(cid)), &in.unit_id, &e) < 0 ||
	    item_create(db, cid, 1, &in, &id, &e) < 0)
		die("item", &e);
	return id;
}

/* An item with an opening purchase and then n movements in date order, `per_day` a day. */
static int fill(struct db *db, int64_t cid, int64_t item, int n, int per_day)
{
	struct err e = ERR_INIT;
	char d[11];
	int k;
	day(0, d);
	post(db, cid, VT_PURCHASE, d, item, 1000000, 5000);
	for (k = 0; k < n; k++) {
		day(2 + k / per_day, d);
		if (k % 4 == 3)
			post(db, cid, VT_PURCHASE, d, item, 40000, 5000 + (int64_t)(rnd() % 3000));
		else
			post(db, cid, VT_SALES, d, item, 10000, 9000);
		if (k % 500 == 499 && (db_commit(db, &e) < 0 || db_begin_write(db, &e) < 0))
			die("commit", &e);
	}
	return 2 + (n ? (n - 1) / per_day : 0);
}

int main(int argc, char **argv)
{
	struct db *db = NULL;
	struct err e = ERR_INIT;
	int64_t cid = 0;
	int reps;
	char name[64], ns[256];

	if (argc != 5)
		die("usage: recostbench URL VALUATION \"N ...\" REPS", NULL);
	reps = atoi(argv[4]);
	if (reps < 1 || reps > MAXREPS)
		die("REPS is 1..51", NULL);
	if (db_open(argv[1], &db, &e) < 0 || db_migrate(db, &e) < 0)
		die("open", &e);
	snprintf(name, sizeof name, "Recost Bench %s %ld", argv[2], (long)time(NULL));
	if (db_begin_write(db, &e) < 0 || company_create(db, name, NULL, "27", 1, &cid, &e) < 0 ||
	    inventory_settings_set(db, cid, 1, argv[2], "refuse", NULL, &e) < 0 || db_commit(db, &e) < 0)
		die("company", &e);
	text_copy(ns, sizeof ns, argv[3]);
	char *save = NULL;
	for (char *p = strtok_r(ns, " ", &save); p; p = strtok_r(NULL, " ", &save)) {
		int n = atoi(p), last;
		int64_t a, b;
		double bw[MAXREPS], bc[MAXREPS], fw[MAXREPS], fc[MAXREPS], ow[MAXREPS], oc[MAXREPS];
		char sku[32], d[11];
		int64_t recosted = 0;
		snprintf(sku, sizeof sku, "A-%d", n);
		if (db_begin_write(db, &e) < 0)
			die("begin", &e);
		a = new_item(db, cid, sku);
		snprintf(sku, sizeof sku, "B-%d", n);
		b = new_item(db, cid, sku);
		last = fill(db, cid, a, n, 4);
		fill(db, cid, b, 10, 4);
		if (db_commit(db, &e) < 0)
			die("commit", &e);
		for (int r = 0; r < reps; r++) {
			day(1, d);
			timed(db, cid, d, a, &bw[r], &bc[r]);
			day(last + 1 + r, d);
			timed(db, cid, d, a, &fw[r], &fc[r]);
			day(1, d);
			timed(db, cid, d, b, &ow[r], &oc[r]);
		}
		if (db_i64(db, "SELECT count(*) FROM stock_moves WHERE company_id = ? AND item_id = ? AND active = 1 AND date > ?",
			   DB_ARGS(DB_I64(cid), DB_I64(a), DB_TEXT("2024-04-02")), &recosted, &e) < 0)
			die("count", &e);
		printf("n=%d valuation=%s backdated_ms=%.2f backdated_cpu_ms=%.2f inorder_ms=%.2f inorder_cpu_ms=%.2f other_ms=%.2f "
		       "other_cpu_ms=%.2f recosted=%lld\n",
		       n, argv[2], median(bw, reps), median(bc, reps), median(fw, reps), median(fc, reps), median(ow, reps), median(oc, reps),
		       (long long)recosted);
		fflush(stdout);
	}
	db_close(db);
	return 0;
}
