/* audit.c - hash = BLAKE2b-256(prev_hash || canonical record). The head row per company is
 * updated first, which on PostgreSQL takes a row lock, so concurrent writers to one company
 * append in a single order; on SQLite the write lock already serialises them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "lib/secure.h"
#include "lib/jsonw.h"
#include "lib/log.h"
#include "lib/banned.h"

static const char zero_hash[] = "0000000000000000000000000000000000000000000000000000000000000000";

/* The bytes that are hashed: fixed field order, free text length-prefixed. */
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

static void hash_hex(const struct buf *b, char out[2 * SECURE_HASH_LEN + 1])
{
	uint8_t h[SECURE_HASH_LEN];
	secure_hash(buf_str(b), b->len, h);
	secure_hex(h, sizeof h, out);
}

static void now_iso(char *out, size_t cap)
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", (tm.tm_year + 1900) % 10000, (tm.tm_mon + 1) % 100,
		 tm.tm_mday % 100, tm.tm_hour % 100, tm.tm_min % 100, tm.tm_sec % 100, (int)(ts.tv_nsec / 1000) % 1000000);
}

int audit_chain_create(struct db *db, int64_t company_id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO audit_head(company_id, seq, hash) VALUES (?, 0, ?)", e);
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, company_id);
	db_bind_text(st, 2, zero_hash);
	rc = db_step(st, e);
	db_done(st);
	return rc < 0 ? rc : 0;
}

int audit_append(struct db *db, int64_t company_id, int64_t user_id, const char *entity,
		 int64_t entity_id, const char *action, const char *before, const char *after,
		 struct err *e)
{
	struct db_stmt *st;
	struct buf rec = BUF_INIT;
	char prev[2 * SECURE_HASH_LEN + 1], hash[2 * SECURE_HASH_LEN + 1], at[80];
	int64_t seq = 0;
	int rc;

	st = db_prepare(db, "UPDATE audit_head SET seq = seq + 1 WHERE company_id = ? RETURNING seq, hash", e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, company_id);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		seq = db_col_i64(st, 0);
		snprintf(prev, sizeof prev, "%s", db_col_text(st, 1));
		while ((rc = db_step(st, e)) == DB_ROW)
			;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	if (seq == 0)
		return err_set(e, ERR_INTERNAL, NULL, "audit chain of company %lld is missing", (long long)company_id);

	now_iso(at, sizeof at);
	if (canonical(&rec, prev, company_id, seq, at, user_id, entity, entity_id, action, before, after) < 0) {
		buf_free(&rec);
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	}
	hash_hex(&rec, hash);
	buf_free(&rec);

	st = db_prepare(db, "INSERT INTO audit_log(company_id, seq, at, user_id, entity, entity_id, action, "
			    "before_json, after_json, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)", e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, company_id);
	db_bind_i64(st, 2, seq);
	db_bind_text(st, 3, at);
	db_bind_i64(st, 4, user_id);
	db_bind_text(st, 5, entity);
	db_bind_i64(st, 6, entity_id);
	db_bind_text(st, 7, action);
	db_bind_text(st, 8, before);
	db_bind_text(st, 9, after);
	db_bind_text(st, 10, prev);
	db_bind_text(st, 11, hash);
	rc = db_step(st, e);
	db_done(st);
	if (rc < 0)
		return rc;

	st = db_prepare(db, "UPDATE audit_head SET hash = ? WHERE company_id = ?", e);
	if (!st)
		return e->code;
	db_bind_text(st, 1, hash);
	db_bind_i64(st, 2, company_id);
	rc = db_step(st, e);
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* Verifies one company's chain; fills problem and returns 1 at the first bad record. */
static int verify_chain(struct db *db, int64_t cid, int64_t head_seq, const char *head_hash,
			int64_t *count, struct buf *problem, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT seq, at, user_id, entity, entity_id, action, before_json, "
					    "after_json, prev_hash, hash FROM audit_log WHERE company_id = ? ORDER BY seq", e);
	char running[2 * SECURE_HASH_LEN + 1];
	int64_t expect = 1;
	int rc, bad = 0;

	if (!st)
		return e->code;
	snprintf(running, sizeof running, "%s", zero_hash);
	db_bind_i64(st, 1, cid);
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct buf rec = BUF_INIT;
		char h[2 * SECURE_HASH_LEN + 1];
		int64_t seq = db_col_i64(st, 0);

		(*count)++;
		if (seq != expect) {
			bad = buf_addf(problem, "company %lld: record %lld is missing (found %lld next): a record was deleted or renumbered",
				       (long long)cid, (long long)expect, (long long)seq) < 0 ? -1 : 1;
			break;
		}
		if (strcmp(db_col_text(st, 8), running) != 0) {
			bad = buf_addf(problem, "company %lld: record %lld does not follow record %lld: the chain was reordered or a record replaced",
				       (long long)cid, (long long)seq, (long long)seq - 1) < 0 ? -1 : 1;
			break;
		}
		if (canonical(&rec, running, cid, seq, db_col_text(st, 1), db_col_i64(st, 2), db_col_text(st, 3),
			      db_col_i64(st, 4), db_col_text(st, 5), db_col_null(st, 6) ? NULL : db_col_text(st, 6),
			      db_col_null(st, 7) ? NULL : db_col_text(st, 7)) < 0) {
			buf_free(&rec);
			bad = -1;
			break;
		}
		hash_hex(&rec, h);
		buf_free(&rec);
		if (strcmp(h, db_col_text(st, 9)) != 0) {
			bad = buf_addf(problem, "company %lld: record %lld was edited: its contents do not match its hash",
				       (long long)cid, (long long)seq) < 0 ? -1 : 1;
			break;
		}
		snprintf(running, sizeof running, "%s", h);
		expect++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	if (bad < 0)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	if (bad)
		return 1;
	if (expect - 1 != head_seq || strcmp(running, head_hash) != 0) {
		if (buf_addf(problem, "company %lld: the chain ends at record %lld but %lld were written: records at the end were deleted",
			     (long long)cid, (long long)expect - 1, (long long)head_seq) < 0)
			return err_set(e, ERR_INTERNAL, NULL, "out of memory");
		return 1;
	}
	return 0;
}

int audit_verify(struct db *db, int64_t *ret_records, struct buf *problem, struct err *e)
{
	struct db_stmt *st;
	int64_t count = 0;
	int rc, result = 0;

	/* A company with records but no head row has lost its head: treat as tampering. So has a
	 * company (or the system, 0) with no head at all: its whole chain was removed with the head. */
	st = db_prepare(db, "SELECT l.company_id FROM audit_log l LEFT JOIN audit_head h ON h.company_id = l.company_id "
			    "WHERE h.company_id IS NULL UNION SELECT c.id FROM companies c LEFT JOIN audit_head h "
			    "ON h.company_id = c.id WHERE h.company_id IS NULL UNION SELECT 0 WHERE NOT EXISTS "
			    "(SELECT 1 FROM audit_head WHERE company_id = 0) ORDER BY 1", e);
	if (!st)
		return e->code;
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		result = buf_addf(problem, "company %lld: the chain head is missing", (long long)db_col_i64(st, 0)) < 0 ? -1 : 1;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	if (result)
		return result < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 1;

	/* Copy the heads first: a statement's rows cannot stay open while another runs on PostgreSQL
	 * result sets are whole, and on SQLite nesting is fine, but keep one pattern for both. */
	{
		struct head { int64_t cid, seq; char hash[2 * SECURE_HASH_LEN + 1]; } *heads = NULL, *p;
		size_t n = 0, cap = 0;
		st = db_prepare(db, "SELECT company_id, seq, hash FROM audit_head ORDER BY company_id", e);
		if (!st)
			return e->code;
		while ((rc = db_step(st, e)) == DB_ROW) {
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				p = realloc(heads, cap * sizeof *heads);
				if (!p) {
					rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
					break;
				}
				heads = p;
			}
			heads[n].cid = db_col_i64(st, 0);
			heads[n].seq = db_col_i64(st, 1);
			snprintf(heads[n].hash, sizeof heads[n].hash, "%s", db_col_text(st, 2));
			n++;
		}
		db_done(st);
		for (size_t i = 0; rc >= 0 && i < n; i++) {
			rc = verify_chain(db, heads[i].cid, heads[i].seq, heads[i].hash, &count, problem, e);
			if (rc == 1) {
				result = 1;
				break;
			}
		}
		free(heads);
		if (rc < 0)
			return rc;
	}
	if (ret_records)
		*ret_records = count;
	return result;
}

int audit_count(struct db *db, int64_t company_id, int64_t *ret, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM audit_log WHERE company_id = ?", e);
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, company_id);
	rc = db_step(st, e);
	if (rc == DB_ROW)
		*ret = db_col_i64(st, 0);
	db_done(st);
	return rc < 0 ? rc : 0;
}

int audit_list_json(struct db *db, int64_t company_id, int64_t before, int limit, struct buf *out,
		    struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT a.seq, a.at, a.user_id, coalesce(u.username, ''), a.entity, a.entity_id, "
					    "a.action, a.before_json, a.after_json, a.hash FROM audit_log a "
					    "LEFT JOIN users u ON u.id = a.user_id WHERE a.company_id = ? "
					    "AND (? = 0 OR a.seq < ?) ORDER BY a.seq DESC LIMIT ?", e);
	struct jsonw w;
	int rc;

	if (!st)
		return e->code;
	db_bind_i64(st, 1, company_id);
	db_bind_i64(st, 2, before);
	db_bind_i64(st, 3, before);
	db_bind_i64(st, 4, limit);
	jsonw_init(&w, out);
	jsonw_arr(&w);
	while ((rc = db_step(st, e)) == DB_ROW) {
		jsonw_obj(&w);
		jsonw_ki64(&w, "seq", db_col_i64(st, 0));
		jsonw_kstr(&w, "at", db_col_text(st, 1));
		jsonw_ki64(&w, "user_id", db_col_i64(st, 2));
		jsonw_kstr(&w, "username", db_col_text(st, 3));
		jsonw_kstr(&w, "entity", db_col_text(st, 4));
		jsonw_ki64(&w, "entity_id", db_col_i64(st, 5));
		jsonw_kstr(&w, "action", db_col_text(st, 6));
		jsonw_key(&w, "before");
		if (db_col_null(st, 7))
			jsonw_null(&w);
		else
			jsonw_raw(&w, db_col_text(st, 7));
		jsonw_key(&w, "after");
		if (db_col_null(st, 8))
			jsonw_null(&w);
		else
			jsonw_raw(&w, db_col_text(st, 8));
		jsonw_kstr(&w, "hash", db_col_text(st, 9));
		jsonw_obj_end(&w);
	}
	db_done(st);
	jsonw_arr_end(&w);
	if (rc < 0)
		return rc;
	return jsonw_ok(&w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
}
