/* audit.c - hash = BLAKE2b-256(prev_hash || canonical record). The head row per company is
 * updated first, which on PostgreSQL takes a row lock, so concurrent writers to one company
 * append in a single order; on SQLite the write lock already serialises them. Every statement
 * is in the table below. */
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "audit/audit_int.h"
#include "lib/clock.h"
#include "lib/secure.h"
#include "lib/jsonw.h"
#include "lib/text.h"
#include "lib/banned.h"

#define HASH_HEX (2 * SECURE_HASH_LEN + 1)

static const char zero_hash[] = "0000000000000000000000000000000000000000000000000000000000000000";

enum {
	SQL_CHAIN_CREATE,
	SQL_HEAD_NEXT,
	SQL_RECORD_INSERT,
	SQL_HEAD_SET,
	SQL_CHAIN_RECORDS,
	SQL_HEAD_OF,
	SQL_HEADS_MISSING,
	SQL_HEADS,
	SQL_COUNT,
	SQL_LIST,
	SQL_ENTITY_RECORDS,
	SQL_MAX
};

/* Records a chain walk reads at a time (PostgreSQL hands a whole result over at once). */
#define CHAIN_PAGE 2048

static const char *const sql[SQL_MAX] = {
	[SQL_CHAIN_CREATE] = "INSERT INTO audit_head(company_id, seq, hash) VALUES (?, 0, ?)",
	[SQL_HEAD_NEXT] = "UPDATE audit_head SET seq = seq + 1 WHERE company_id = ? RETURNING seq, hash",
	[SQL_RECORD_INSERT] = "INSERT INTO audit_log(company_id, seq, at, user_id, entity, entity_id, action, "
			      "before_json, after_json, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
	[SQL_HEAD_SET] = "UPDATE audit_head SET hash = ? WHERE company_id = ?",
	[SQL_CHAIN_RECORDS] = "SELECT seq, at, user_id, entity, entity_id, action, before_json, after_json, prev_hash, hash "
			      "FROM audit_log WHERE company_id = ? AND seq > ? ORDER BY seq LIMIT ?",
	[SQL_HEAD_OF] = "SELECT seq, hash FROM audit_head WHERE company_id = ?",
	/* A company with records but no head row has lost its head: treat as tampering. So has a
	 * company (or the system, 0) with no head at all: its whole chain was removed with the head. */
	[SQL_HEADS_MISSING] = "SELECT l.company_id FROM audit_log l LEFT JOIN audit_head h ON h.company_id = l.company_id "
			      "WHERE h.company_id IS NULL UNION SELECT c.id FROM companies c LEFT JOIN audit_head h "
			      "ON h.company_id = c.id WHERE h.company_id IS NULL UNION SELECT 0 WHERE NOT EXISTS "
			      "(SELECT 1 FROM audit_head WHERE company_id = 0) ORDER BY 1",
	[SQL_HEADS] = "SELECT company_id, seq, hash FROM audit_head ORDER BY company_id",
	[SQL_COUNT] = "SELECT count(*) FROM audit_log WHERE company_id = ?",
	/* Newest first; after = the seq of the last record of the page before (0: the first page). */
	[SQL_LIST] = "SELECT a.seq, a.at, a.user_id, coalesce(u.username, ''), a.entity, a.entity_id, a.action, "
		     "a.before_json, a.after_json, a.hash FROM audit_log a LEFT JOIN users u ON u.id = a.user_id "
		     "WHERE a.company_id = ? AND (? = 0 OR a.seq < ?) ORDER BY a.seq DESC LIMIT ?",
	[SQL_ENTITY_RECORDS] = "SELECT seq, entity_id, after_json FROM audit_log WHERE company_id = ? AND entity = ? AND seq > ? "
			       "ORDER BY seq LIMIT ?",
};

static const char *const finding_names[AUDIT_FINDING_MAX] = {
	[AUDIT_CHAIN_BROKEN] = "chain_broken", [AUDIT_ANCHOR_MISMATCH] = "anchor_mismatch",
	[AUDIT_ANCHOR_FORGED] = "anchor_forged", [AUDIT_ROW_CHANGED] = "row_changed",
	[AUDIT_ROW_UNAUDITED] = "row_unaudited", [AUDIT_ROW_MISSING] = "row_missing", [AUDIT_NOTE] = "note",
};

const char *audit_finding_name(enum audit_finding_kind k)
{
	return (unsigned)k < AUDIT_FINDING_MAX ? finding_names[k] : "?";
}

static int oom(struct err *e) { return err_set(e, ERR_INTERNAL, NULL, "out of memory"); }

/* The bytes that are hashed: fixed field order, free text length-prefixed. Not JSON: a record's
 * hash must not depend on how a JSON writer escapes. */
static int canonical(struct buf *out, const char *prev, int64_t cid, int64_t seq, const char *at,
		     int64_t uid, const char *entity, int64_t eid, const char *action,
		     const char *before, const char *after)
{
	/* NULL is written as "-" and text as "LEN:TEXT", so NULL and "" hash differently. */
	if (buf_addf(out, "%s\n%lld\n%lld\n%s\n%lld\n%zu:%s\n%lld\n%zu:%s\n", prev, (long long)cid, (long long)seq, at,
		     (long long)uid, strlen(entity), entity, (long long)eid, strlen(action), action) < 0)
		return -1;
	if ((before ? buf_addf(out, "%zu:%s\n", strlen(before), before) : buf_adds(out, "-\n")) < 0)
		return -1;
	return after ? buf_addf(out, "%zu:%s", strlen(after), after) : buf_adds(out, "-");
}

static void hash_hex(const struct buf *b, char out[HASH_HEX])
{
	uint8_t h[SECURE_HASH_LEN];
	secure_hash(buf_str(b), b->len, h);
	secure_hex(h, sizeof h, out);
}

int audit_chain_create(struct db *db, int64_t company_id, struct err *e)
{
	int rc = db_run(db, sql[SQL_CHAIN_CREATE], DB_ARGS(DB_I64(company_id), DB_TEXT(zero_hash)), e);
	return rc < 0 ? rc : 0;
}

int audit_append(struct db *db, int64_t company_id, int64_t user_id, const char *entity,
		 int64_t entity_id, const char *action, const char *before, const char *after,
		 struct err *e)
{
	struct db_stmt *st;
	struct buf rec = BUF_INIT;
	char prev[HASH_HEX], hash[HASH_HEX], at[CLOCK_ISO_US_SIZE];
	int64_t seq = 0;
	int rc;

	rc = db_one(db, sql[SQL_HEAD_NEXT], DB_ARGS(DB_I64(company_id)), &st, e);
	if (rc < 0)
		return rc;
	if (rc == DB_ROW) {
		seq = db_col_i64(st, 0);
		text_copy(prev, sizeof prev, db_col_text(st, 1));
		db_done(st);
	}
	if (seq == 0)
		return err_set(e, ERR_INTERNAL, NULL, "audit chain of company %lld is missing", (long long)company_id);

	clock_iso_us(clock_now_us(), at);
	if (canonical(&rec, prev, company_id, seq, at, user_id, entity, entity_id, action, before, after) < 0) {
		buf_free(&rec);
		return oom(e);
	}
	hash_hex(&rec, hash);
	buf_free(&rec);

	rc = db_run(db, sql[SQL_RECORD_INSERT],
		    DB_ARGS(DB_I64(company_id), DB_I64(seq), DB_TEXT(at), DB_I64(user_id), DB_TEXT(entity), DB_I64(entity_id),
			    DB_TEXT(action), DB_TEXT(before), DB_TEXT(after), DB_TEXT(prev), DB_TEXT(hash)), e);
	if (rc < 0)
		return rc;
	rc = db_run(db, sql[SQL_HEAD_SET], DB_ARGS(DB_TEXT(hash), DB_I64(company_id)), e);
	return rc < 0 ? rc : 0;
}

/* ---- verify ---- */

struct chain_walk {
	int64_t cid;
	char running[HASH_HEX];   /* the hash of the last good record (zero_hash before the first) */
	int64_t expect;           /* the seq the next record must carry */
	int64_t *count;
	struct buf *problem;
	int bad;                  /* 1: problem written */
	int rows;                 /* rows of this page */
};

static int chain_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct chain_walk *w = ctx;
	struct buf rec = BUF_INIT;
	char h[HASH_HEX];
	int64_t seq = db_col_i64(st, 0);
	int rc;

	(*w->count)++;
	w->rows++;
	if (seq != w->expect)
		rc = buf_addf(w->problem, "company %lld: record %lld is missing (found %lld next): a record was deleted or renumbered",
			      (long long)w->cid, (long long)w->expect, (long long)seq);
	else if (strcmp(db_col_text(st, 8), w->running) != 0)
		rc = buf_addf(w->problem, "company %lld: record %lld does not follow record %lld: the chain was reordered or a record replaced",
			      (long long)w->cid, (long long)seq, (long long)seq - 1);
	else {
		if (canonical(&rec, w->running, w->cid, seq, db_col_text(st, 1), db_col_i64(st, 2), db_col_text(st, 3),
			      db_col_i64(st, 4), db_col_text(st, 5), db_col_null(st, 6) ? NULL : db_col_text(st, 6),
			      db_col_null(st, 7) ? NULL : db_col_text(st, 7)) < 0) {
			buf_free(&rec);
			return oom(e);
		}
		hash_hex(&rec, h);
		buf_free(&rec);
		if (strcmp(h, db_col_text(st, 9)) == 0) {
			text_copy(w->running, sizeof w->running, h);
			w->expect++;
			return 0;
		}
		rc = buf_addf(w->problem, "company %lld: record %lld was edited: its contents do not match its hash",
			      (long long)w->cid, (long long)seq);
	}
	if (rc < 0)
		return oom(e);
	w->bad = 1;
	return 1; /* stop at the first bad record */
}

/* Walks company cid's records after from_seq (whose hash is from_hash) a page at a time and
 * checks that the chain ends at the head (head_seq, head_hash); fills problem and returns 1 at
 * the first bad record. */
static int verify_chain(struct db *db, int64_t cid, int64_t from_seq, const char *from_hash, int64_t head_seq,
			const char *head_hash, int64_t *count, struct buf *problem, struct err *e)
{
	struct chain_walk w = {cid, "", from_seq + 1, count, problem, 0, 0};
	/* The whole chain: from any seq at all, so that a record numbered 0 or below is seen too. */
	int64_t after = from_seq > 0 ? from_seq : INT64_MIN;
	int rc;

	text_copy(w.running, sizeof w.running, from_seq > 0 ? from_hash : zero_hash);
	do {
		w.rows = 0;
		rc = db_each(db, sql[SQL_CHAIN_RECORDS], DB_ARGS(DB_I64(cid), DB_I64(after), DB_I64(CHAIN_PAGE)), chain_row, &w, e);
		if (rc < 0)
			return rc;
		after = w.expect - 1;
	} while (!w.bad && w.rows == CHAIN_PAGE);
	if (w.bad)
		return 1;
	if (w.expect - 1 != head_seq || strcmp(w.running, head_hash) != 0) {
		if (buf_addf(problem, "company %lld: the chain ends at record %lld but %lld were written: records at the end were deleted",
			     (long long)cid, (long long)w.expect - 1, (long long)head_seq) < 0)
			return oom(e);
		return 1;
	}
	return 0;
}

int audit_verify_chain(struct db *db, int64_t cid, int64_t from_seq, const char *from_hash, int64_t *ret_records,
		       struct buf *problem, struct err *e)
{
	struct db_stmt *st;
	char head_hash[HASH_HEX];
	int64_t head_seq, count = 0;
	int rc = db_one(db, sql[SQL_HEAD_OF], DB_ARGS(DB_I64(cid)), &st, e);

	if (rc < 0)
		return rc;
	if (rc == DB_DONE)
		return buf_addf(problem, "company %lld: the chain head is missing", (long long)cid) < 0 ? oom(e) : 1;
	head_seq = db_col_i64(st, 0);
	text_copy(head_hash, sizeof head_hash, db_col_text(st, 1));
	db_done(st);
	if (from_seq > head_seq)
		return buf_addf(problem, "company %lld: the chain head says %lld records, fewer than %lld", (long long)cid,
				(long long)head_seq, (long long)from_seq) < 0
			       ? oom(e)
			       : 1;
	rc = verify_chain(db, cid, from_seq, from_hash, head_seq, head_hash, &count, problem, e);
	if (rc == 0 && ret_records)
		*ret_records = count;
	return rc;
}

static int head_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct audit_heads *h = ctx;
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 16;
		struct audit_head *p = realloc(h->v, cap * sizeof *p);
		if (!p)
			return oom(e);
		h->v = p;
		h->cap = cap;
	}
	h->v[h->n].cid = db_col_i64(st, 0);
	h->v[h->n].seq = db_col_i64(st, 1);
	text_copy(h->v[h->n].hash, sizeof h->v[h->n].hash, db_col_text(st, 2));
	h->n++;
	return 0;
}

int audit_heads_read(struct db *db, struct audit_heads *h, struct err *e)
{
	return db_each(db, sql[SQL_HEADS], DB_NOARGS, head_row, h, e);
}

int audit_verify(struct db *db, int64_t *ret_records, struct buf *problem, struct err *e)
{
	struct audit_heads heads = {NULL, 0, 0};
	int64_t count = 0, missing = 0;
	int rc, result = 0;

	rc = db_i64(db, sql[SQL_HEADS_MISSING], DB_NOARGS, &missing, e);
	if (rc < 0)
		return rc;
	if (rc == DB_ROW)
		return buf_addf(problem, "company %lld: the chain head is missing", (long long)missing) < 0 ? oom(e) : 1;

	/* Copy the heads first: one statement's rows stay open while another runs only on SQLite;
	 * keep one pattern for both. */
	rc = audit_heads_read(db, &heads, e);
	for (size_t i = 0; rc >= 0 && i < heads.n; i++) {
		rc = verify_chain(db, heads.v[i].cid, 0, zero_hash, heads.v[i].seq, heads.v[i].hash, &count, problem, e);
		if (rc == 1) {
			result = 1;
			break;
		}
	}
	free(heads.v);
	if (rc < 0)
		return rc;
	if (ret_records)
		*ret_records = count;
	return result;
}

int audit_count(struct db *db, int64_t company_id, int64_t *ret, struct err *e)
{
	int rc = db_i64(db, sql[SQL_COUNT], DB_ARGS(DB_I64(company_id)), ret, e);
	return rc < 0 ? rc : 0;
}

struct entity_walk {
	int (*each)(void *ctx, int64_t seq, int64_t entity_id, const char *after, struct err *e);
	void *ctx;
	int64_t last;
	int rows;
};

static int entity_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct entity_walk *w = ctx;
	w->rows++;
	w->last = db_col_i64(st, 0);
	return w->each(w->ctx, w->last, db_col_i64(st, 1), db_col_null(st, 2) ? NULL : db_col_text(st, 2), e);
}

int audit_records_each(struct db *db, int64_t cid, const char *entity,
		       int (*each)(void *ctx, int64_t seq, int64_t entity_id, const char *after, struct err *e), void *ctx,
		       struct err *e)
{
	struct entity_walk w = {each, ctx, 0, 0};
	int rc;
	do {
		w.rows = 0;
		rc = db_each(db, sql[SQL_ENTITY_RECORDS], DB_ARGS(DB_I64(cid), DB_TEXT(entity), DB_I64(w.last), DB_I64(CHAIN_PAGE)),
			     entity_row, &w, e);
	} while (rc >= 0 && w.rows == CHAIN_PAGE);
	return rc < 0 ? rc : 0;
}

/* ---- the list ---- */

struct list_walk {
	struct jsonw *w;
	int limit, n;
	int64_t last;   /* seq of the last record written */
	int more;       /* a row past the limit was there */
};

/* One record in the API's shape; before and after are the snapshots as stored (JSON). */
static int list_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct list_walk *l = ctx;
	struct jsonw *w = l->w;
	(void)e;
	if (l->n == l->limit) {
		l->more = 1;
		return 1;
	}
	l->n++;
	l->last = db_col_i64(st, 0);
	jsonw_obj(w);
	jsonw_ki64(w, "seq", l->last);
	jsonw_kstr(w, "at", db_col_text(st, 1));
	jsonw_ki64(w, "user_id", db_col_i64(st, 2));
	jsonw_kstr(w, "username", db_col_text(st, 3));
	jsonw_kstr(w, "entity", db_col_text(st, 4));
	jsonw_ki64(w, "entity_id", db_col_i64(st, 5));
	jsonw_kstr(w, "action", db_col_text(st, 6));
	jsonw_key(w, "before");
	if (db_col_null(st, 7))
		jsonw_null(w);
	else
		jsonw_raw(w, db_col_text(st, 7));
	jsonw_key(w, "after");
	if (db_col_null(st, 8))
		jsonw_null(w);
	else
		jsonw_raw(w, db_col_text(st, 8));
	jsonw_kstr(w, "hash", db_col_text(st, 9));
	jsonw_obj_end(w);
	return 0;
}

int audit_list_json(struct db *db, int64_t company_id, const struct page *pg, struct buf *out, int64_t *ret_next,
		    struct err *e)
{
	struct jsonw w;
	struct list_walk l = {&w, pg->limit, 0, 0, 0};
	int rc;

	*ret_next = 0;
	jsonw_init(&w, out);
	jsonw_arr(&w);
	rc = db_each(db, sql[SQL_LIST],
		     DB_ARGS(DB_I64(company_id), DB_I64(pg->after), DB_I64(pg->after), DB_I64((int64_t)pg->limit + 1)), list_row, &l, e);
	jsonw_arr_end(&w);
	if (rc < 0)
		return rc;
	if (jsonw_ok(&w) < 0)
		return oom(e);
	if (l.more)
		*ret_next = l.last;
	return 0;
}
