/* journal_import.c - a journal read into the books inside the caller's write transaction: each
 * transaction a voucher (type inferred Tally-style, numbered in its series), written many rows
 * to a statement; the kept balances summed in memory and written once per ledger and day; one
 * audit record for the whole file, which holds the digest of the digests the edit log keeps of
 * each voucher's snapshot (so that verification can check every imported voucher). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "accounts/journal_int.h"
#include "accounts/vouchers_int.h"
#include "audit/audit.h"
#include "books/books.h"
#include "lib/buf.h"
#include "lib/clock.h"
#include "lib/date.h"
#include "lib/jsonw.h"
#include "lib/money.h"
#include "lib/secure.h"
#include "lib/text.h"
#include "lib/banned.h"

/* Rows wait for multi-row INSERTs in batches of this many vouchers. */
#define BATCH 128
/* Statements take 128, 32, 8, 4 or 1 rows (as many as fit the parameters a statement may bind). */
#define NSIZES 5
static const int batch_rows[NSIZES] = {128, 32, 8, 4, 1};

enum batch_table { B_VOUCHERS, B_LINES, B_VERSIONS, B_MAX };
static const int batch_cols[B_MAX] = {12, 6, 5};

/* The INSERTs for many rows at a time: a statement per row costs more than its row. Each comes in
 * two texts (db_sql): one writer (SQLite) says OR FAIL, since a multi-row INSERT that may abort
 * half-way keeps a statement journal to undo its own rows, a cost per page touched, and the
 * import never needs that undo (any error rolls the whole transaction back); the other text is
 * plain INSERT. */
#define ROWS4(r) r ", " r ", " r ", " r
#define ROWS8(r) ROWS4(r) ", " ROWS4(r)
#define ROWS32(r) ROWS8(r) ", " ROWS8(r) ", " ROWS8(r) ", " ROWS8(r)
#define ROWS128(r) ROWS32(r) ", " ROWS32(r) ", " ROWS32(r) ", " ROWS32(r)
#define SIZES(verb, cols, r) verb cols ROWS128(r), verb cols ROWS32(r), verb cols ROWS8(r), verb cols ROWS4(r), verb cols r
#define V_COLS "vouchers(id, company_id, type, fy, seq, number, date, narration, reference, total, status, version, " \
	       "created_at, updated_at) VALUES "
#define V_ROW "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', 1, ?, ?)"
#define L_COLS "voucher_lines(voucher_id, line_no, company_id, ledger_id, date, amount, active) VALUES "
#define L_ROW "(?, ?, ?, ?, ?, ?, 1)"
#define R_COLS "voucher_versions(company_id, voucher_id, version, action, at, user_id, data, digest) VALUES "
#define R_ROW "(?, ?, 1, 'import', ?, ?, NULL, ?)"
#define OR_FAIL "INSERT OR FAIL INTO "
#define PLAIN "INSERT INTO "

enum {
	SQL_SERIES_MAKE,
	SQL_SERIES_TAKE,
	SQL_SERIES_SET,
	SQL_DAY,
	SQL_MONTH,
	SQL_MAX_VOUCHER,
	SQL_ANY_VOUCHER,
	SQL_SEQ_IDS,
	/* per batch table: NSIZES one-writer texts, then NSIZES plain ones */
	SQL_BATCH,
	SQL_MAX = SQL_BATCH + B_MAX * 2 * NSIZES
};

#define BATCH_AT(b) (SQL_BATCH + (b) * 2 * NSIZES)

static const char *const sql[SQL_MAX] = {
	[SQL_SERIES_MAKE] = "INSERT INTO voucher_series(company_id, type, fy, next_seq) VALUES (?, ?, ?, 1) "
			    "ON CONFLICT (company_id, type, fy) DO NOTHING",
	/* A no-op UPDATE that reads the series and, where rows lock, locks its row until commit. */
	[SQL_SERIES_TAKE] = "UPDATE voucher_series SET next_seq = next_seq WHERE company_id = ? AND type = ? AND fy = ? "
			    "RETURNING next_seq",
	[SQL_SERIES_SET] = "UPDATE voucher_series SET next_seq = ? WHERE company_id = ? AND type = ? AND fy = ?",
	/* The same upserts balances_apply runs, once per ledger and day (month) of the whole file. */
	[SQL_DAY] = "INSERT INTO ledger_day(company_id, ledger_id, date, debit, credit) VALUES (?, ?, ?, ?, ?) "
		    "ON CONFLICT (company_id, ledger_id, date) DO UPDATE SET debit = ledger_day.debit + excluded.debit, "
		    "credit = ledger_day.credit + excluded.credit",
	[SQL_MONTH] = "INSERT INTO ledger_month(company_id, ledger_id, month, debit, credit) VALUES (?, ?, ?, ?, ?) "
		      "ON CONFLICT (company_id, ledger_id, month) DO UPDATE SET debit = ledger_month.debit + excluded.debit, "
		      "credit = ledger_month.credit + excluded.credit",
	/* Where the import may number vouchers itself (db_bulk_ids), it goes on from the largest id. */
	[SQL_MAX_VOUCHER] = "SELECT coalesce(max(id), 0) FROM vouchers",
	[SQL_ANY_VOUCHER] = "SELECT 1 FROM vouchers WHERE company_id = ? LIMIT 1",
	/* Elsewhere ids come from the identity's sequence, BATCH at a time. */
	[SQL_SEQ_IDS] = "SELECT nextval(pg_get_serial_sequence('vouchers', 'id')) FROM generate_series(1, 128)",
	[BATCH_AT(B_VOUCHERS)] = SIZES(OR_FAIL, V_COLS, V_ROW),
	[BATCH_AT(B_VOUCHERS) + NSIZES] = SIZES(PLAIN, V_COLS, V_ROW),
	[BATCH_AT(B_LINES)] = SIZES(OR_FAIL, L_COLS, L_ROW),
	[BATCH_AT(B_LINES) + NSIZES] = SIZES(PLAIN, L_COLS, L_ROW),
	[BATCH_AT(B_VERSIONS)] = SIZES(OR_FAIL, R_COLS, R_ROW),
	[BATCH_AT(B_VERSIONS) + NSIZES] = SIZES(PLAIN, R_COLS, R_ROW),
};

/* Days since 1900-01-01 (the first day a date may carry): kept-balance keys order like dates. */
#define DAY_BASE 25567
#define DAY_SPAN 409600 /* days from 1900-01-01 to 2999-12-31 < DAY_SPAN */

struct day_sum {
	int64_t key;        /* ledger_id * DAY_SPAN + day number (ordered like the date); 0: a free slot */
	int64_t dr, cr;
};

struct day_map {
	struct day_sum *slots;
	size_t cap, n;
};

struct series {
	enum voucher_type type;
	int64_t fy, next;
};

struct vrow {
	int64_t id, fy, seq, total;
	enum voucher_type type;
	char number[40], date[11];
	int64_t narration, reference;   /* offsets into strs, -1 for none */
	char digest[AUDIT_DIGEST_HEX];  /* voucher_digest of its snapshot */
};

struct lrow {
	int64_t voucher_id, line_no, ledger_id, amount;
	char date[11];
};

/* Rows waiting for their INSERTs. */
struct pending {
	int own_ids;                   /* db_bulk_ids: ids go on from next_id */
	int max_params;
	int64_t next_id;               /* own_ids: the last id given */
	int64_t pool[BATCH];           /* else: ids reserved from the sequence */
	int npool, ipool;
	struct vrow v[BATCH];
	int nv;
	struct lrow *l;
	size_t nl, capl;
	struct buf strs;
};

struct imp {
	struct db *db;
	int64_t cid, actor;
	const char *file_name;
	const char *data;
	size_t len;
	int mapped;
	char blake2b[2 * SECURE_HASH_LEN + 1];

	char now[CLOCK_ISO_SIZE];
	struct books books;
	int fresh;                    /* the company had no vouchers: its books begin with the journal */
	char first_date[DATE_ISO_SIZE];
	struct journal_chart chart;
	struct day_map days;
	struct series *series;
	int nseries, capseries, last_series;
	struct pending pend;
	struct journal_import_result res;
	struct voucher *snap;           /* the voucher as read back, for its digest (reused) */
	size_t snap_cap;                /* lines its array has room for */
	struct buf snap_text;
	struct secure_hasher digests;   /* over "id digest\n" of every voucher, in id order */
};

/* ---- kept balances summed in memory ---- */

static uint64_t mix64(int64_t k)
{
	uint64_t x = (uint64_t)k;
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

static int day_room(struct day_map *m)
{
	size_t cap;
	struct day_sum *s;
	if ((m->n + 1) * 10 <= m->cap * 7)
		return 0;
	cap = m->cap ? m->cap * 2 : 4096;
	if (!(s = calloc(cap, sizeof *s)))
		return -1;
	for (size_t i = 0; i < m->cap; i++) {
		size_t k;
		if (!m->slots[i].key)
			continue;
		for (k = mix64(m->slots[i].key) & (cap - 1); s[k].key; k = (k + 1) & (cap - 1))
			;
		s[k] = m->slots[i];
	}
	free(m->slots);
	m->slots = s;
	m->cap = cap;
	return 0;
}

/* Adds amount to the day sum of key; -1 on memory failure, -2 when the ledger's debits or credits
 * of the day would pass the ceiling of amounts. */
static int day_add(struct day_map *m, int64_t key, int64_t amount)
{
	struct day_sum *d;
	if (day_room(m) < 0)
		return -1;
	for (size_t i = mix64(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		d = &m->slots[i];
		if (d->key == key)
			break;
		if (!d->key) {
			d->key = key;
			m->n++;
			break;
		}
	}
	if (amount > 0)
		return money_add_capped(d->dr, amount, &d->dr) < 0 ? -2 : 0;
	return money_add_capped(d->cr, -amount, &d->cr) < 0 ? -2 : 0; /* |amount| is within the ceiling */
}

static int64_t day_number(const char *iso)
{
	struct date d;
	return date_parse(iso, DATE_ISO_SIZE - 1, DATE_ISO, &d) == 0 ? date_days(d) + DAY_BASE : 0;
}

static void day_iso(int64_t dn, char out[DATE_ISO_SIZE]) { date_iso(date_from_days(dn - DAY_BASE), out); }

static int cmp_day(const void *a, const void *b)
{
	int64_t x = ((const struct day_sum *)a)->key, y = ((const struct day_sum *)b)->key;
	return x < y ? -1 : x > y;
}

static int write_day(struct imp *im, const struct day_sum *v, struct err *e)
{
	struct db_stmt *st = db_prepare(im->db, sql[SQL_DAY], e);
	char date[DATE_ISO_SIZE];
	int rc;
	if (!st)
		return e->code;
	day_iso(v->key % DAY_SPAN, date);
	db_bind_i64(st, 1, im->cid);
	db_bind_i64(st, 2, v->key / DAY_SPAN);
	db_bind_text(st, 3, date);
	db_bind_i64(st, 4, v->dr);
	db_bind_i64(st, 5, v->cr);
	rc = db_step(st, e);
	db_done(st);
	return rc < 0 ? rc : 0;
}

static int write_month(struct imp *im, int64_t ledger, const char *month, int64_t dr, int64_t cr, struct err *e)
{
	struct db_stmt *st = db_prepare(im->db, sql[SQL_MONTH], e);
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, im->cid);
	db_bind_i64(st, 2, ledger);
	db_bind_text(st, 3, month);
	db_bind_i64(st, 4, dr);
	db_bind_i64(st, 5, cr);
	rc = db_step(st, e);
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* Writes the summed balances: ledger_day per (ledger, day), ledger_month per (ledger, month). */
static int write_balances(struct imp *im, struct err *e)
{
	struct day_sum *v = im->days.slots;
	size_t n = 0;
	int rc = 0;

	for (size_t i = 0; i < im->days.cap; i++)
		if (v[i].key)
			v[n++] = v[i];
	im->days.n = 0; /* the table is a sorted array from here on */
	if (n)
		qsort(v, n, sizeof *v, cmp_day);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = write_day(im, &v[i], e);
	for (size_t i = 0; i < n && rc == 0;) {
		int64_t ledger = v[i].key / DAY_SPAN, month = v[i].key % DAY_SPAN / 31, dr = 0, cr = 0;
		char date[DATE_ISO_SIZE];
		day_iso(v[i].key % DAY_SPAN, date);
		for (; i < n && v[i].key / DAY_SPAN == ledger && v[i].key % DAY_SPAN / 31 == month; i++)
			if (money_add_capped(dr, v[i].dr, &dr) < 0 || money_add_capped(cr, v[i].cr, &cr) < 0)
				return money_too_large(e, ERR_UNPROCESSABLE, NULL); /* a ledger's month */
		date[7] = '\0';
		rc = write_month(im, ledger, date, dr, cr, e);
	}
	return rc;
}

/* ---- numbering ---- */

/* The series of (t, fy) already read, or NULL. */
static struct series *series_find(struct imp *im, enum voucher_type t, int64_t fy)
{
	if (im->nseries && im->series[im->last_series].type == t && im->series[im->last_series].fy == fy)
		return &im->series[im->last_series];
	for (int i = 0; i < im->nseries; i++)
		if (im->series[i].type == t && im->series[i].fy == fy) {
			im->last_series = i;
			return &im->series[i];
		}
	return NULL;
}

/* Reads (and locks) the series row of (t, fy), making it when it is new. */
static int series_read(struct imp *im, enum voucher_type t, int64_t fy, struct series **ret, struct err *e)
{
	struct series *s;
	int rc;
	if (im->nseries == im->capseries) {
		int cap = im->capseries ? im->capseries * 2 : 16;
		struct series *ns = realloc(im->series, (size_t)cap * sizeof *ns);
		if (!ns)
			return err_set(e, ERR_INTERNAL, NULL, "out of memory");
		im->series = ns;
		im->capseries = cap;
	}
	im->last_series = im->nseries;
	s = &im->series[im->nseries++];
	s->type = t;
	s->fy = fy;
	s->next = 1;
	if ((rc = db_run(im->db, sql[SQL_SERIES_MAKE], DB_ARGS(DB_I64(im->cid), DB_TEXT(voucher_type_name(t)), DB_I64(fy)), e)) < 0 ||
	    (rc = db_i64(im->db, sql[SQL_SERIES_TAKE], DB_ARGS(DB_I64(im->cid), DB_TEXT(voucher_type_name(t)), DB_I64(fy)),
			 &s->next, e)) < 0)
		return rc;
	*ret = s;
	return 0;
}

/* The next number of (type, fy), reading and locking the series row the first time. */
static int next_seq(struct imp *im, enum voucher_type t, int64_t fy, int64_t *ret, struct err *e)
{
	struct series *s = series_find(im, t, fy);
	int rc;
	if (!s && (rc = series_read(im, t, fy, &s, e)) < 0)
		return rc;
	*ret = s->next++;
	return 0;
}

static int save_series(struct imp *im, struct err *e)
{
	for (int i = 0; i < im->nseries; i++) {
		const struct series *s = &im->series[i];
		int rc = db_run(im->db, sql[SQL_SERIES_SET],
				DB_ARGS(DB_I64(s->next), DB_I64(im->cid), DB_TEXT(voucher_type_name(s->type)), DB_I64(s->fy)), e);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* ---- rows many to a statement ---- */

/* The statement for the next rows of table b, n of them waiting: the largest size that fits n
 * and the parameters a statement may bind; its rows in *ret_rows. */
static const char *batch_sql(const struct imp *im, enum batch_table b, size_t n, int *ret_rows)
{
	int k = 0;
	while (k < NSIZES - 1 && ((size_t)batch_rows[k] > n || batch_rows[k] * batch_cols[b] > im->pend.max_params))
		k++;
	*ret_rows = batch_rows[k];
	return db_sql(im->db, sql[BATCH_AT(b) + k], sql[BATCH_AT(b) + NSIZES + k]);
}

/* Binds row i of table b from parameter *col on. */
static void bind_row(const struct imp *im, struct db_stmt *st, enum batch_table b, size_t i, int *col)
{
	const struct pending *pd = &im->pend;
	if (b == B_VOUCHERS) {
		const struct vrow *v = &pd->v[i];
		db_bind_i64(st, (*col)++, v->id);
		db_bind_i64(st, (*col)++, im->cid);
		db_bind_text(st, (*col)++, voucher_type_name(v->type));
		db_bind_i64(st, (*col)++, v->fy);
		db_bind_i64(st, (*col)++, v->seq);
		db_bind_text(st, (*col)++, v->number);
		db_bind_text(st, (*col)++, v->date);
		db_bind_text(st, (*col)++, v->narration >= 0 ? pd->strs.data + v->narration : NULL);
		db_bind_text(st, (*col)++, v->reference >= 0 ? pd->strs.data + v->reference : NULL);
		db_bind_i64(st, (*col)++, v->total);
		db_bind_text(st, (*col)++, im->now);
		db_bind_text(st, (*col)++, im->now);
	} else if (b == B_LINES) {
		const struct lrow *l = &pd->l[i];
		db_bind_i64(st, (*col)++, l->voucher_id);
		db_bind_i64(st, (*col)++, l->line_no);
		db_bind_i64(st, (*col)++, im->cid);
		db_bind_i64(st, (*col)++, l->ledger_id);
		db_bind_text(st, (*col)++, l->date);
		db_bind_i64(st, (*col)++, l->amount);
	} else {
		db_bind_i64(st, (*col)++, im->cid);
		db_bind_i64(st, (*col)++, pd->v[i].id);
		db_bind_text(st, (*col)++, im->now);
		db_bind_i64(st, (*col)++, im->actor);
		db_bind_text(st, (*col)++, pd->v[i].digest);
	}
}

/* Writes the n waiting rows of table b. */
static int flush_table(struct imp *im, enum batch_table b, size_t n, struct err *e)
{
	for (size_t i = 0; i < n;) {
		int rows, col = 1, rc;
		struct db_stmt *st = db_prepare(im->db, batch_sql(im, b, n - i, &rows), e);
		if (!st)
			return e->code;
		for (int r = 0; r < rows; r++, i++)
			bind_row(im, st, b, i, &col);
		rc = db_step(st, e);
		db_done(st);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Writes the pending vouchers, then their lines and edit-log rows. */
static int pending_flush(struct imp *im, struct err *e)
{
	struct pending *pd = &im->pend;
	int rc;
	if ((rc = flush_table(im, B_VOUCHERS, (size_t)pd->nv, e)) < 0 || (rc = flush_table(im, B_LINES, pd->nl, e)) < 0 ||
	    (rc = flush_table(im, B_VERSIONS, (size_t)pd->nv, e)) < 0)
		return rc;
	pd->nv = 0;
	pd->nl = 0;
	buf_reset(&pd->strs);
	return 0;
}

/* The id of the next voucher. */
static int take_id(struct imp *im, int64_t *ret, struct err *e)
{
	struct pending *pd = &im->pend;
	struct db_stmt *st;
	int rc;
	if (pd->own_ids) {
		*ret = ++pd->next_id;
		return 0;
	}
	if (pd->ipool == pd->npool) {
		pd->npool = pd->ipool = 0;
		if (!(st = db_prepare(im->db, sql[SQL_SEQ_IDS], e)))
			return e->code;
		while ((rc = db_step(st, e)) == DB_ROW)
			if (pd->npool < BATCH)
				pd->pool[pd->npool++] = db_col_i64(st, 0);
		db_done(st);
		if (rc < 0)
			return rc;
		if (pd->npool == 0)
			return err_set(e, ERR_INTERNAL, NULL, "no voucher ids from the sequence");
	}
	*ret = pd->pool[pd->ipool++];
	return 0;
}

static int64_t pending_str(struct pending *pd, const char *s)
{
	int64_t off = (int64_t)pd->strs.len;
	if (!*s)
		return -1;
	if (buf_add(&pd->strs, s, strlen(s) + 1) < 0)
		return -2;
	return off;
}

/* Room for n more lines. */
static int lines_room(struct pending *pd, size_t n, struct err *e)
{
	size_t cap = pd->capl ? pd->capl * 2 : 1024;
	struct lrow *nl;
	if (pd->nl + n <= pd->capl)
		return 0;
	while (cap < pd->nl + n)
		cap *= 2;
	if (!(nl = realloc(pd->l, cap * sizeof *nl)))
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	pd->l = nl;
	pd->capl = cap;
	return 0;
}

/* ---- each transaction a voucher ---- */

/* The voucher row of t, waiting for its INSERT; its id in *ret_vid. */
static int voucher_row(struct imp *im, const struct journal_txn *t, enum voucher_type type, int64_t total, int64_t *ret_vid,
		       struct err *e)
{
	struct pending *pd = &im->pend;
	struct vrow *v = &pd->v[pd->nv];
	int64_t fy = date_iso_fy(t->date), seq = 0;
	int rc;

	if ((rc = next_seq(im, type, fy, &seq, e)) < 0 || (rc = take_id(im, ret_vid, e)) < 0)
		return rc;
	v->id = *ret_vid;
	v->fy = fy;
	v->seq = seq;
	v->total = total;
	v->type = type;
	voucher_number_format(v->number, type, fy, seq);
	memcpy(v->date, t->date, sizeof v->date);
	v->narration = pending_str(pd, t->narration);
	v->reference = pending_str(pd, t->reference);
	if (v->narration < -1 || v->reference < -1)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	if ((rc = lines_room(pd, (size_t)t->nposts, e)) < 0)
		return rc;
	pd->nv++;
	return 0;
}

/* The digest of the voucher just queued (the last of the pending ones, its n lines the last of
 * theirs) as verification will read it back from its rows, and its share of the import's total. */
static int keep_digest(struct imp *im, const struct journal_txn *t, int64_t vid, int n, struct err *e)
{
	struct pending *pd = &im->pend;
	struct vrow *r = &pd->v[pd->nv - 1];
	struct voucher *v = im->snap;
	char piece[96];
	int k;

	if ((size_t)n > im->snap_cap) {
		struct voucher_line *l = realloc(v->lines, (size_t)n * sizeof *l);
		if (!l)
			return err_set(e, ERR_INTERNAL, NULL, "out of memory");
		v->lines = l;
		im->snap_cap = (size_t)n;
	}
	v->nlines = n;
	v->id = vid;
	v->type = r->type;
	text_copy(v->number, sizeof v->number, r->number);
	text_copy(v->date, sizeof v->date, r->date);
	text_copy(v->narration, sizeof v->narration, t->narration);
	text_copy(v->reference, sizeof v->reference, t->reference);
	v->total = r->total;
	v->version = 1;
	text_copy(v->status, sizeof v->status, "active");
	text_copy(v->created_at, sizeof v->created_at, im->now);
	text_copy(v->updated_at, sizeof v->updated_at, im->now);
	for (int i = 0; i < n; i++) {
		const struct lrow *src = &pd->l[pd->nl - (size_t)n + (size_t)i];
		struct voucher_line *l = &v->lines[i];
		l->ledger_id = src->ledger_id;
		l->amount = src->amount;
		l->bill_ref[0] = l->bill_type[0] = l->due_date[0] = l->ledger_name[0] = '\0';
	}
	if (voucher_digest(v, &im->snap_text, r->digest) < 0)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	k = snprintf(piece, sizeof piece, "%lld %s\n", (long long)vid, r->digest);
	secure_hash_update(&im->digests, piece, (size_t)k);
	return 0;
}

/* Stores a transaction read (it balances): the books' dates, the type, the voucher, its lines,
 * the day sums. */
static int store_txn(void *ctx, const struct journal_txn *t, struct err *e)
{
	struct imp *im = ctx;
	int64_t total = 0, vid = 0;
	int cb_dr = 0, cb_cr = 0, all_cb = 1, n = 0, rc;
	enum voucher_type type;

	if (im->books.lock_date[0] && strcmp(t->date, im->books.lock_date) <= 0)
		return journal_line_err(e, ERR_UNPROCESSABLE, t->line, "the books are locked up to %s; %s is in a closed period",
					im->books.lock_date, t->date);
	if (!im->fresh && im->books.books_from[0] && strcmp(t->date, im->books.books_from) < 0)
		return journal_line_err(e, ERR_UNPROCESSABLE, t->line, "the books begin on %s; %s is before them", im->books.books_from,
					t->date);
	if (!im->first_date[0] || strcmp(t->date, im->first_date) < 0)
		text_copy(im->first_date, sizeof im->first_date, t->date);
	for (int i = 0; i < t->nposts; i++) {
		const struct journal_posting *p = &t->posts[i];
		if (p->amount == 0)
			continue;
		n++;
		if (p->amount > 0 && money_add_capped(total, p->amount, &total) < 0)
			return journal_line_too_large(e, ERR_UNPROCESSABLE, p->line);
		if (p->acct->cashbank)
			*(p->amount > 0 ? &cb_dr : &cb_cr) = 1;
		else
			all_cb = 0;
	}
	if (n < 2)
		return journal_line_err(e, ERR_INVALID, t->line, "a transaction needs at least two postings with non-zero amounts");
	/* Tally's reading: money between cash and bank is contra; money in is a receipt, money out a payment. */
	type = all_cb ? VT_CONTRA : cb_dr ? VT_RECEIPT : cb_cr ? VT_PAYMENT : VT_JOURNAL;
	if ((rc = voucher_row(im, t, type, total, &vid, e)) < 0)
		return rc;
	n = 0;
	for (int i = 0; i < t->nposts; i++) {
		const struct journal_posting *p = &t->posts[i];
		struct lrow *l;
		if (p->amount == 0)
			continue;
		n++;
		if ((rc = day_add(&im->days, p->acct->id * DAY_SPAN + day_number(t->date), p->amount)) < 0)
			return rc == -2 ? journal_line_too_large(e, ERR_UNPROCESSABLE, p->line) : err_set(e, ERR_INTERNAL, NULL, "out of memory");
		l = &im->pend.l[im->pend.nl++];
		l->voucher_id = vid;
		l->line_no = n;
		l->ledger_id = p->acct->id;
		l->amount = p->amount;
		memcpy(l->date, t->date, sizeof l->date);
	}
	if ((rc = keep_digest(im, t, vid, n, e)) < 0)
		return rc;
	if (im->pend.nv == BATCH && (rc = pending_flush(im, e)) < 0)
		return rc;
	if (!im->res.first_voucher_id)
		im->res.first_voucher_id = vid;
	im->res.last_voucher_id = vid;
	im->res.transactions++;
	im->res.postings += n;
	im->res.by_type[type]++;
	return 0;
}

static int resolve(void *ctx, const char *name, size_t n, long line, struct journal_acct **ret, struct err *e)
{
	struct imp *im = ctx;
	return journal_chart_resolve(&im->chart, name, n, line, ret, e);
}

/* ---- the whole file ---- */

static int audit_import(struct imp *im, struct err *e)
{
	struct buf after = BUF_INIT;
	struct jsonw w;
	uint8_t h[SECURE_HASH_LEN];
	char hex[2 * SECURE_HASH_LEN + 1];
	int rc;
	jsonw_init(&w, &after);
	jsonw_obj(&w);
	jsonw_kstr(&w, "format", "ledger");
	jsonw_kstr(&w, "file", im->file_name);
	jsonw_ki64(&w, "bytes", (int64_t)im->len);
	jsonw_kstr(&w, "blake2b", im->blake2b);
	jsonw_ki64(&w, "transactions", im->res.transactions);
	jsonw_ki64(&w, "postings", im->res.postings);
	jsonw_ki64(&w, "ledgers_created", im->res.ledgers_created);
	jsonw_key(&w, "vouchers");
	jsonw_obj(&w);
	for (int t = 0; t < VT_MAX; t++)
		if (im->res.by_type[t])
			jsonw_ki64(&w, voucher_type_name((enum voucher_type)t), im->res.by_type[t]);
	jsonw_obj_end(&w);
	jsonw_ki64(&w, "first_voucher_id", im->res.first_voucher_id);
	jsonw_ki64(&w, "last_voucher_id", im->res.last_voucher_id);
	/* what verification checks the vouchers against: the digest over "id digest\n" of each, the
	 * digest being of its snapshot without the names it borrows (voucher_digest) */
	secure_hash_final(&im->digests, h);
	secure_hex(h, sizeof h, hex);
	jsonw_kstr(&w, "vouchers_blake2b", hex);
	jsonw_obj_end(&w);
	if (jsonw_ok(&w) < 0) {
		buf_free(&after);
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	}
	rc = audit_append(im->db, im->cid, im->actor, "import", im->res.first_voucher_id, "ledger", NULL, buf_str(&after), e);
	buf_free(&after);
	return rc;
}

/* Books with no vouchers before the import begin on the first day of the financial year of the
 * journal's earliest transaction (audited by books_set_from), not on the day the company was made. */
static int begin_books(struct imp *im, struct err *e)
{
	char from[DATE_ISO_SIZE];
	if (!im->fresh || !im->first_date[0] || date_iso_fy_start(im->first_date, from) < 0)
		return 0;
	if (strcmp(from, im->books.books_from) == 0)
		return 0;
	int rc = books_set_from(im->db, im->cid, im->actor, from, e);
	return rc < 0 ? rc : 0;
}

static void imp_free(struct imp *im)
{
	journal_chart_done(&im->chart);
	free(im->days.slots);
	memset(&im->days, 0, sizeof im->days);
	free(im->series);
	im->series = NULL;
	im->nseries = im->capseries = im->last_series = 0;
	free(im->pend.l);
	buf_free(&im->pend.strs);
	memset(&im->pend, 0, sizeof im->pend);
	voucher_free(im->snap);
	im->snap = NULL;
	im->snap_cap = 0;
	buf_free(&im->snap_text);
}

static int import_work(struct imp *im, struct err *e)
{
	struct journal_reader rd = {im->data, im->len, im->mapped, 0, resolve, store_txn, im};
	struct db *db = im->db;
	int rc;

	clock_now_iso(im->now);
	secure_hash_init(&im->digests);
	if (!(im->snap = voucher_new())) {
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	if ((rc = books_get(db, im->cid, &im->books, e)) < 0 || (rc = journal_chart_load(&im->chart, db, im->cid, im->now, e)) < 0)
		goto out;
	im->chart.actor = im->actor;
	im->pend.own_ids = db_bulk_ids(db);
	im->pend.max_params = db_max_params(db);
	if (im->pend.own_ids && (rc = db_i64(db, sql[SQL_MAX_VOUCHER], DB_NOARGS, &im->pend.next_id, e)) < 0)
		goto out;
	if ((rc = db_exists(db, sql[SQL_ANY_VOUCHER], DB_ARGS(DB_I64(im->cid)), e)) < 0)
		goto out;
	im->fresh = rc == 0 && !im->books.lock_date[0];
	if ((rc = journal_read(&rd, e)) < 0 || (rc = pending_flush(im, e)) < 0)
		goto out;
	im->res.ledgers_created = im->chart.created;
	im->res.suspense_ledgers = im->chart.suspense;
	if ((rc = begin_books(im, e)) < 0)
		goto out;
	if ((rc = write_balances(im, e)) < 0 || (rc = save_series(im, e)) < 0)
		goto out;
	rc = audit_import(im, e);
out:
	imp_free(im);
	return rc < 0 ? rc : 0;
}

static int import_run(struct db *db, int64_t cid, int64_t actor, const char *file_name, const char *data, size_t len,
		      int mapped, struct journal_import_result *ret, struct err *e)
{
	struct imp *im = calloc(1, sizeof *im);
	uint8_t h[SECURE_HASH_LEN];
	int rc;

	if (!im)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	im->db = db;
	im->cid = cid;
	im->actor = actor;
	im->file_name = file_name ? file_name : "";
	im->data = data;
	im->len = len;
	im->mapped = mapped;
	secure_hash(data, len, h);
	secure_hex(h, sizeof h, im->blake2b);
	if (im->mapped) /* hashing touched every page; parsing will fault them back in as it goes */
		(void)madvise((void *)data, len, MADV_DONTNEED);
	rc = import_work(im, e);
	if (rc >= 0 && ret) {
		*ret = im->res;
		memcpy(ret->blake2b, im->blake2b, sizeof ret->blake2b);
	}
	free(im);
	return rc;
}

int journal_import_mem(struct db *db, int64_t cid, int64_t actor, const char *file_name, const char *data, size_t len,
		       struct journal_import_result *ret, struct err *e)
{
	return import_run(db, cid, actor, file_name, data, len, 0, ret, e);
}

int journal_import(struct db *db, int64_t cid, int64_t actor, const char *path, struct journal_import_result *ret,
		   struct err *e)
{
	struct stat sb;
	void *map = NULL;
	const char *base = strrchr(path, '/');
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return err_set(e, errno == ENOENT ? ERR_NOT_FOUND : ERR_INVALID, "file", "cannot open %.200s: %s", path, strerror(errno));
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return err_set(e, ERR_INVALID, "file", "%.200s is not a regular file", path);
	}
	if (sb.st_size > 0) {
		map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map == MAP_FAILED) {
			close(fd);
			return err_set(e, ERR_INTERNAL, "file", "cannot read %.200s: %s", path, strerror(errno));
		}
		(void)madvise(map, (size_t)sb.st_size, MADV_SEQUENTIAL);
	}
	close(fd);
	rc = import_run(db, cid, actor, base ? base + 1 : path, map ? map : "", (size_t)sb.st_size, map != NULL, ret, e);
	if (map)
		munmap(map, (size_t)sb.st_size);
	return rc;
}
