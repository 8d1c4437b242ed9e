/* voucher_cover.c - every voucher, with its lines and items, against its last audited snapshot:
 * a page of vouchers by id, then their lines, items and kept import digests by the same id range,
 * each a query of its own, handed to audit_cover. A voucher an import wrote and nothing changed
 * since has no audit record of its own: the import kept the digest of its snapshot in the edit
 * log, and the digests of all its vouchers add up to the one its audit record holds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/bills.h"
#include "accounts/vouchers_int.h"
#include "lib/jsonr.h"
#include "lib/jsonw.h"
#include "lib/text.h"
#include "lib/banned.h"

#define PAGE 256

enum { SQL_HEADS, SQL_LINES, SQL_ITEMS, SQL_ALLOCS, SQL_KEPT, SQL_MAX };

static const char *const sql[SQL_MAX] = {
	[SQL_HEADS] = "SELECT " VOUCHER_HEAD_COLS " FROM vouchers v LEFT JOIN parties p ON p.id = v.party_id "
		      "WHERE v.company_id = ? AND v.id > ? ORDER BY v.id LIMIT ?",
	/* Lines and items by the voucher_id range of their primary keys: "+company_id" keeps the
	 * planner from walking an index that starts with the company instead (every line of it, for
	 * each page). A line whose ledger is gone still counts (LEFT JOIN): its voucher then differs. */
	[SQL_LINES] = "SELECT " VOUCHER_LINE_COLS ", vl.voucher_id FROM voucher_lines vl LEFT JOIN ledgers l ON l.id = vl.ledger_id "
		      "WHERE +vl.company_id = ? AND vl.voucher_id > ? AND vl.voucher_id <= ? ORDER BY vl.voucher_id, vl.line_no",
	[SQL_ITEMS] = "SELECT " VOUCHER_ITEM_COLS ", voucher_id FROM voucher_items WHERE +company_id = ? AND voucher_id > ? "
		      "AND voucher_id <= ? ORDER BY voucher_id, line_no",
	[SQL_ALLOCS] = "SELECT " BILLS_ALLOC_COLS ", voucher_id FROM bill_allocations WHERE +company_id = ? AND voucher_id > ? "
		       "AND voucher_id <= ? ORDER BY voucher_id, line_no, alloc_no",
	[SQL_KEPT] = "SELECT voucher_id, digest FROM voucher_versions WHERE +company_id = ? AND version = 1 AND action = 'import' "
		     "AND voucher_id > ? AND voucher_id <= ? ORDER BY voucher_id",
};

/* Borrowed members, then members snapshots taken before them lack (bill-wise allocations, 0040;
 * the reason for a 0 % line, 0041; cess, reverse charge and zero-rated supplies, 0050): compared
 * wherever the audited snapshot has them. */
const char *const voucher_borrowed[] = {"party_name", "ledger", "+allocations", "+gst_reason", "+cess", "+cess_rate",
					"+reverse_charge", "+supply_type", "+port_code", "+shipping_bill_no",
					"+shipping_bill_date", NULL};

static int oom(struct err *e) { return err_set(e, ERR_INTERNAL, NULL, "out of memory"); }

int voucher_digest(struct voucher *v, struct buf *scratch, char out[AUDIT_DIGEST_HEX])
{
	struct jsonw w;
	v->party_name[0] = '\0';
	for (int i = 0; i < v->nlines; i++)
		v->lines[i].ledger_name[0] = '\0';
	buf_reset(scratch);
	jsonw_init(&w, scratch);
	voucher_json_lean(&w, v); /* a voucher imported before 0050 keeps its digest */
	if (jsonw_ok(&w) < 0)
		return -1;
	audit_digest(scratch->data, scratch->len, out);
	return 0;
}

/* ---- the imports: what each recorded ---- */

struct import {
	int64_t seq, first, last, count;
	char root[2 * SECURE_HASH_LEN + 1];   /* "" when the import kept no digests (made before they were kept) */
	struct secure_hasher h;
	int64_t seen;                  /* kept digests of its vouchers read */
};

struct imports {
	struct import *v;
	size_t n, cap;
};

static int import_record(void *ctx, int64_t seq, int64_t entity_id, const char *after, struct err *e)
{
	struct imports *im = ctx;
	struct import *x;
	(void)entity_id;
	if (!after)
		return 0;
	if (im->n == im->cap) {
		size_t cap = im->cap ? im->cap * 2 : 8;
		struct import *v = realloc(im->v, cap * sizeof *v);
		if (!v)
			return oom(e);
		im->v = v;
		im->cap = cap;
	}
	x = &im->v[im->n];
	memset(x, 0, sizeof *x);
	x->seq = seq;
	if (jsonr_i64(after, "first_voucher_id", &x->first) < 0 || jsonr_i64(after, "last_voucher_id", &x->last) < 0 ||
	    jsonr_i64(after, "transactions", &x->count) < 0 || x->count == 0)
		return 0;
	if (jsonr_text(after, "vouchers_blake2b", x->root, sizeof x->root) < 0)
		x->root[0] = '\0';
	secure_hash_init(&x->h);
	im->n++;
	return 0;
}

static int by_first(const void *a, const void *b)
{
	int64_t x = ((const struct import *)a)->first, y = ((const struct import *)b)->first;
	return x < y ? -1 : x > y;
}

/* The import whose vouchers' range holds id, or NULL. */
static struct import *import_of(struct imports *im, int64_t id)
{
	size_t lo = 0, hi = im->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (im->v[mid].first <= id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && id <= im->v[lo - 1].last ? &im->v[lo - 1] : NULL;
}

/* ---- one page ---- */

struct vpage {
	struct voucher v[PAGE];
	char kept[PAGE][AUDIT_DIGEST_HEX];   /* "" none */
	int64_t kept_seq[PAGE];
	int n, at;
	struct imports *imports;
};

static void page_reset(struct vpage *p)
{
	for (int i = 0; i < p->n; i++) {
		free(p->v[i].lines);
		free(p->v[i].items);
		free(p->v[i].allocs);
	}
	memset(p->v, 0, sizeof p->v);
	memset(p->kept, 0, sizeof p->kept);
	p->n = p->at = 0;
}

static int head_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct vpage *p = ctx;
	(void)e;
	voucher_row_head(st, &p->v[p->n++]);
	return 0;
}

/* The voucher of the page with id, moving forward only (rows come in id order); NULL if none. */
static struct voucher *page_find(struct vpage *p, int64_t id)
{
	while (p->at < p->n && p->v[p->at].id < id)
		p->at++;
	return p->at < p->n && p->v[p->at].id == id ? &p->v[p->at] : NULL;
}

static int line_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct voucher *v = page_find(ctx, db_col_i64(st, 6));
	return v ? voucher_row_line(v, st, e) : 0;
}

static int item_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct voucher *v = page_find(ctx, db_col_i64(st, 17));
	return v ? voucher_row_item(v, st, e) : 0;
}

static int alloc_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct voucher *v = page_find(ctx, db_col_i64(st, 5));
	return v ? bills_alloc_row(v, st, e) : 0;
}

/* A kept digest: it counts towards its import's total, and vouches for its voucher. */
static int kept_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct vpage *p = ctx;
	int64_t id = db_col_i64(st, 0);
	const char *digest = db_col_text(st, 1);
	struct import *x = import_of(p->imports, id);
	struct voucher *v = page_find(p, id);
	char piece[96];
	int n;
	(void)e;
	if (x) {
		n = snprintf(piece, sizeof piece, "%lld %s\n", (long long)id, digest);
		if (n > 0 && (size_t)n < sizeof piece)
			secure_hash_update(&x->h, piece, (size_t)n);
		x->seen++;
	}
	if (v && x && x->root[0]) {
		text_copy(p->kept[v - p->v], AUDIT_DIGEST_HEX, digest);
		p->kept_seq[v - p->v] = x->seq;
	}
	return 0;
}

/* Hands the page's vouchers to the cover: the snapshot as the audit keeps it, or, for one an
 * import vouches for, the digest's form. */
static int page_cover(struct vpage *p, struct audit_cover *c, struct buf *snap, struct err *e)
{
	for (int i = 0; i < p->n; i++) {
		struct voucher *v = &p->v[i];
		struct audit_row r = {v->id, NULL, NULL, NULL, 0};
		char digest[AUDIT_DIGEST_HEX];
		int rc;
		if (p->kept[i][0]) {
			if (voucher_digest(v, snap, digest) < 0)
				return oom(e);
			r.kept_digest = p->kept[i];
			r.digest = digest;
			r.kept_seq = p->kept_seq[i];
		} else {
			struct jsonw w;
			buf_reset(snap);
			jsonw_init(&w, snap);
			voucher_json(&w, v);
			if (jsonw_ok(&w) < 0)
				return oom(e);
		}
		r.snapshot = buf_str(snap);
		if ((rc = audit_cover_row(c, &r, e)) < 0)
			return rc;
	}
	return 0;
}

/* Reads and covers the page of vouchers after id *after; *ret_more: a full page was read. */
static int cover_page(struct db *db, int64_t cid, struct vpage *p, struct audit_cover *c, struct buf *snap, int64_t *after,
		      int *ret_more, struct err *e)
{
	int64_t hi, kept_hi;
	int rc;

	page_reset(p);
	if ((rc = db_each(db, sql[SQL_HEADS], DB_ARGS(DB_I64(cid), DB_I64(*after), DB_I64(PAGE)), head_row, p, e)) < 0)
		return rc;
	*ret_more = p->n == PAGE;
	hi = p->n ? p->v[p->n - 1].id : *after;
	/* the last page reads the kept digests up to the end of the last import, so that those of
	 * vouchers gone are counted too */
	kept_hi = hi;
	if (!*ret_more)
		for (size_t i = 0; i < p->imports->n; i++)
			if (p->imports->v[i].last > kept_hi)
				kept_hi = p->imports->v[i].last;
	p->at = 0;
	if (hi > *after && (rc = db_each(db, sql[SQL_LINES], DB_ARGS(DB_I64(cid), DB_I64(*after), DB_I64(hi)), line_row, p, e)) < 0)
		return rc;
	p->at = 0;
	if (hi > *after && (rc = db_each(db, sql[SQL_ITEMS], DB_ARGS(DB_I64(cid), DB_I64(*after), DB_I64(hi)), item_row, p, e)) < 0)
		return rc;
	p->at = 0;
	if (hi > *after && (rc = db_each(db, sql[SQL_ALLOCS], DB_ARGS(DB_I64(cid), DB_I64(*after), DB_I64(hi)), alloc_row, p, e)) < 0)
		return rc;
	p->at = 0;
	if (kept_hi > *after &&
	    (rc = db_each(db, sql[SQL_KEPT], DB_ARGS(DB_I64(cid), DB_I64(*after), DB_I64(kept_hi)), kept_row, p, e)) < 0)
		return rc;
	*after = hi;
	return page_cover(p, c, snap, e);
}

/* Each import that kept digests: all of its vouchers' digests are there and add up. */
static int imports_check(struct imports *im, int64_t cid, audit_finding_fn each, void *ctx, struct err *e)
{
	for (size_t i = 0; i < im->n; i++) {
		struct import *x = &im->v[i];
		struct audit_finding f;
		uint8_t h[SECURE_HASH_LEN];
		char hex[2 * SECURE_HASH_LEN + 1];
		int rc;
		if (!x->root[0])
			continue;
		secure_hash_final(&x->h, h);
		secure_hex(h, sizeof h, hex);
		if (x->seen == x->count && strcmp(hex, x->root) == 0)
			continue;
		memset(&f, 0, sizeof f);
		f.company_id = cid;
		f.entity = "import";
		f.id = x->first;
		f.seq = x->seq;
		if (x->seen != x->count) {
			f.kind = AUDIT_ROW_MISSING;
			snprintf(f.text, sizeof f.text, "import (audit record %lld): %lld of the %lld vouchers it wrote still have their "
				 "kept digest: vouchers or their edit log rows were removed", (long long)x->seq, (long long)x->seen,
				 (long long)x->count);
		} else {
			f.kind = AUDIT_ROW_CHANGED;
			snprintf(f.text, sizeof f.text, "import (audit record %lld): the digests kept of its %lld vouchers no longer add "
				 "up to the one it recorded: a kept digest was rewritten", (long long)x->seq, (long long)x->count);
		}
		if ((rc = each(ctx, &f, e)) < 0)
			return rc;
	}
	return 0;
}

int voucher_cover(struct db *db, int64_t cid, audit_finding_fn each, void *ctx, int64_t *ret_rows, struct err *e)
{
	struct imports im = {NULL, 0, 0};
	struct vpage *p = calloc(1, sizeof *p);
	struct audit_cover *c = NULL;
	struct buf snap = BUF_INIT;
	int64_t after = 0;
	int more = 1, rc;

	if (!p)
		return oom(e);
	p->imports = &im;
	rc = audit_records_each(db, cid, "import", import_record, &im, e);
	if (rc >= 0 && im.n)
		qsort(im.v, im.n, sizeof *im.v, by_first);
	if (rc >= 0)
		rc = audit_cover_new(db, cid, "voucher", voucher_borrowed, each, ctx, &c, e);
	while (rc >= 0 && more)
		rc = cover_page(db, cid, p, c, &snap, &after, &more, e);
	if (rc >= 0)
		rc = audit_cover_end(c, ret_rows, e);
	if (rc >= 0)
		rc = imports_check(&im, cid, each, ctx, e);
	page_reset(p);
	free(p);
	free(im.v);
	buf_free(&snap);
	audit_cover_free(c);
	return rc < 0 ? rc : 0;
}
