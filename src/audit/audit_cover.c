/* audit_cover.c - business rows against their last audited snapshots: a merge of the rows a module
 * hands over (increasing ids) with the last audit record of each id, both read a page at a time,
 * so a million vouchers need the memory of a page. Byte-equal snapshots agree at once; others
 * are compared member by member (jsonr_diff), leaving out what a row borrows from other rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "lib/jsonr.h"
#include "lib/text.h"
#include "lib/banned.h"

#define RECORD_PAGE 512

enum { SQL_LAST_RECORDS, SQL_MAX };

static const char *const sql[SQL_MAX] = {
	/* The last record of each id after a cursor: the index audit_entity (company_id, entity,
	 * entity_id, seq) answers both the walk and the max. */
	[SQL_LAST_RECORDS] = "SELECT a.entity_id, a.seq, a.after_json FROM audit_log a WHERE a.company_id = ? AND a.entity = ? "
			     "AND a.entity_id > ? AND a.seq = (SELECT max(b.seq) FROM audit_log b WHERE b.company_id = a.company_id "
			     "AND b.entity = a.entity AND b.entity_id = a.entity_id) ORDER BY a.entity_id LIMIT ?",
};

struct record {
	int64_t id, seq;
	char *after;   /* NULL: the record has none (a removal) */
};

struct audit_cover {
	struct db *db;
	int64_t cid;
	const char *entity;
	const char *const *ignore;
	audit_finding_fn each;
	void *ctx;
	struct record page[RECORD_PAGE];
	int n, at;         /* records in the page, the next one to look at */
	int more;          /* the page was full: more may follow */
	int64_t after;     /* the cursor: the last id read */
	int64_t rows;
};

static int oom(struct err *e) { return err_set(e, ERR_INTERNAL, NULL, "out of memory"); }

void audit_digest(const char *snapshot, size_t n, char out[AUDIT_DIGEST_HEX])
{
	uint8_t h[SECURE_HASH_LEN];
	secure_hash(snapshot, n, h);
	secure_hex(h, AUDIT_DIGEST_LEN, out);
}

static void page_clear(struct audit_cover *c)
{
	for (int i = 0; i < c->n; i++)
		free(c->page[i].after);
	c->n = c->at = 0;
}

static int record_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct audit_cover *c = ctx;
	struct record *r = &c->page[c->n];
	r->id = db_col_i64(st, 0);
	r->seq = db_col_i64(st, 1);
	r->after = NULL;
	if (!db_col_null(st, 2) && !(r->after = strdup(db_col_text(st, 2))))
		return oom(e);
	c->n++;
	c->after = r->id;
	return 0;
}

/* The next record, reading the next page when this one is used up; NULL when none is left. */
static int peek(struct audit_cover *c, struct record **ret, struct err *e)
{
	int rc;
	*ret = NULL;
	if (c->at == c->n && c->more) {
		page_clear(c);
		rc = db_each(c->db, sql[SQL_LAST_RECORDS],
			     DB_ARGS(DB_I64(c->cid), DB_TEXT(c->entity), DB_I64(c->after), DB_I64(RECORD_PAGE)), record_row, c, e);
		if (rc < 0)
			return rc;
		c->more = c->n == RECORD_PAGE;
	}
	if (c->at < c->n)
		*ret = &c->page[c->at];
	return 0;
}

static int report(struct audit_cover *c, struct audit_finding *f, struct err *e)
{
	f->company_id = c->cid;
	f->entity = c->entity;
	return c->each(c->ctx, f, e);
}

int audit_cover_new(struct db *db, int64_t cid, const char *entity, const char *const *ignore, audit_finding_fn each,
		    void *ctx, struct audit_cover **ret, struct err *e)
{
	struct audit_cover *c = calloc(1, sizeof *c);
	if (!c)
		return oom(e);
	c->db = db;
	c->cid = cid;
	c->entity = entity;
	c->ignore = ignore;
	c->each = each;
	c->ctx = ctx;
	c->more = 1;
	*ret = c;
	return 0;
}

void audit_cover_free(struct audit_cover *c)
{
	if (!c)
		return;
	page_clear(c);
	free(c);
}

/* A record whose row is gone (a record without an after is a removal, not a loss). */
static int gone(struct audit_cover *c, const struct record *r, struct err *e)
{
	struct audit_finding f;
	if (!r->after)
		return 0;
	memset(&f, 0, sizeof f);
	f.kind = AUDIT_ROW_MISSING;
	f.id = r->id;
	f.seq = r->seq;
	snprintf(f.text, sizeof f.text, "%s %lld: audit record %lld has it, but the row is gone from its table", c->entity,
		 (long long)r->id, (long long)r->seq);
	return report(c, &f, e);
}

/* A row with its last record: the snapshots must agree but for the borrowed members. */
static int compare(struct audit_cover *c, const struct audit_row *row, const struct record *r, struct err *e)
{
	struct jsonr_diff d;
	struct audit_finding f;
	int rc = 1;

	if (r->after && (rc = jsonr_diff(r->after, row->snapshot, c->ignore, &d)) == 0)
		return 0;
	memset(&f, 0, sizeof f);
	f.kind = AUDIT_ROW_CHANGED;
	f.id = row->id;
	f.seq = r->seq;
	if (!r->after) {
		snprintf(f.text, sizeof f.text, "%s %lld: audit record %lld removed it, but the row is there", c->entity,
			 (long long)row->id, (long long)r->seq);
		return report(c, &f, e);
	}
	text_copy(f.field, sizeof f.field, d.path);
	text_copy(f.audited, sizeof f.audited, d.a);
	text_copy(f.current, sizeof f.current, d.b);
	if (rc < 0)
		snprintf(f.text, sizeof f.text, "%s %lld: audit record %lld holds no readable snapshot", c->entity, (long long)row->id,
			 (long long)r->seq);
	else
		snprintf(f.text, sizeof f.text, "%s %lld: %s is %s but audit record %lld has %s", c->entity, (long long)row->id,
			 d.path[0] ? d.path : "the row", d.b, (long long)r->seq, d.a);
	return report(c, &f, e);
}

/* A row no record of its own has: vouched for by a kept digest, or unaudited. */
static int unrecorded(struct audit_cover *c, const struct audit_row *row, struct err *e)
{
	struct audit_finding f;
	memset(&f, 0, sizeof f);
	f.id = row->id;
	if (row->kept_digest) {
		if (row->digest && strcmp(row->kept_digest, row->digest) == 0)
			return 0;
		f.kind = AUDIT_ROW_CHANGED;
		f.seq = row->kept_seq;
		snprintf(f.text, sizeof f.text, "%s %lld: differs from the snapshot kept when audit record %lld wrote it", c->entity,
			 (long long)row->id, (long long)row->kept_seq);
		return report(c, &f, e);
	}
	f.kind = AUDIT_ROW_UNAUDITED;
	snprintf(f.text, sizeof f.text, "%s %lld: no audit record has this row", c->entity, (long long)row->id);
	return report(c, &f, e);
}

int audit_cover_row(struct audit_cover *c, const struct audit_row *row, struct err *e)
{
	struct record *r;
	int rc;

	c->rows++;
	for (;;) {
		if ((rc = peek(c, &r, e)) < 0)
			return rc;
		if (!r || r->id >= row->id)
			break;
		c->at++;
		if ((rc = gone(c, r, e)) < 0)
			return rc;
	}
	if (r && r->id == row->id) {
		c->at++;
		return compare(c, row, r, e);
	}
	return unrecorded(c, row, e);
}

int audit_cover_end(struct audit_cover *c, int64_t *ret_rows, struct err *e)
{
	struct record *r;
	int rc;
	for (;;) {
		if ((rc = peek(c, &r, e)) < 0)
			return rc;
		if (!r)
			break;
		c->at++;
		if ((rc = gone(c, r, e)) < 0)
			return rc;
	}
	if (ret_rows)
		*ret_rows = c->rows;
	return 0;
}

void audit_page_add(struct audit_page *p, int64_t id)
{
	p->id[p->n] = id;
	p->off[p->n] = p->text.len;
}

int audit_page_close(struct audit_page *p, struct err *e)
{
	if (buf_addc(&p->text, '\0') < 0)
		return oom(e);
	p->n++;
	return 0;
}

int audit_cover_page(struct audit_cover *c, struct audit_page *p, struct err *e)
{
	int rc = 0;
	for (int i = 0; rc >= 0 && i < p->n; i++) {
		struct audit_row r = {p->id[i], p->text.data + p->off[i], NULL, NULL, 0};
		rc = audit_cover_row(c, &r, e);
	}
	p->n = 0;
	buf_reset(&p->text);
	return rc;
}

void audit_page_free(struct audit_page *p)
{
	if (p)
		buf_free(&p->text);
}

struct query_walk {
	struct audit_page *page;
	audit_snap_fn snap;
	void *snap_ctx;
	int64_t last;
};

static int query_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct query_walk *q = ctx;
	struct jsonw w;
	q->last = db_col_i64(st, 0);
	audit_page_add(q->page, q->last);
	jsonw_init(&w, &q->page->text);
	q->snap(&w, st, q->snap_ctx);
	return jsonw_ok(&w) < 0 ? oom(e) : audit_page_close(q->page, e);
}

int audit_cover_query(struct db *db, int64_t cid, const char *entity, const char *const *ignore, const char *sql_rows,
		      audit_snap_fn snap, void *snap_ctx, audit_finding_fn each, void *ctx, int64_t *ret_rows, struct err *e)
{
	struct audit_page page;
	struct query_walk q = {&page, snap, snap_ctx, 0};
	struct audit_cover *c = NULL;
	int rc, n;

	memset(&page, 0, sizeof page);
	rc = audit_cover_new(db, cid, entity, ignore, each, ctx, &c, e);
	while (rc >= 0) {
		rc = db_each(db, sql_rows, DB_ARGS(DB_I64(cid), DB_I64(q.last), DB_I64(AUDIT_PAGE)), query_row, &q, e);
		n = page.n;
		if (rc >= 0)
			rc = audit_cover_page(c, &page, e);
		if (n < AUDIT_PAGE)
			break;
	}
	if (rc >= 0)
		rc = audit_cover_end(c, ret_rows, e);
	audit_cover_free(c);
	audit_page_free(&page);
	return rc < 0 ? rc : 0;
}
