/* bank_reco.c - bank statements: storing the lines of the CSV a bank gives (read by
 * statement_csv.c) once, matching each to an entry of the bank ledger (same amount, within a few
 * days, closest first), a person's match and unmatch of one line by hand, and the reconciliation
 * report of what matched and what did not on either side, with a suggested entry for each line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/clock.h"
#include "lib/date.h"
#include "audit/audit.h"
#include "lib/jsonw.h"
#include "lib/money.h"
#include "reports/reports_int.h"
#include "reports/statement_csv.h"
#include "lib/text.h"
#include "lib/banned.h"

/* A statement line's match still holds: the matched book line exists, is active, on this ledger,
 * for this amount. */
#define VALID_MATCH \
	"EXISTS (SELECT 1 FROM voucher_lines vl WHERE vl.voucher_id = b.matched_voucher_id " \
	"AND vl.line_no = b.matched_line_no AND vl.active = 1 AND vl.ledger_id = b.ledger_id AND vl.amount = b.amount)"

enum {
	SQL_VALID_PAIRS,
	SQL_COUNT_LINES,
	SQL_BANK_LEDGER,
	SQL_SAME_LINES,
	SQL_INSERT_LINE,
	SQL_UNMATCH_STALE,
	SQL_UNMATCHED_LINES,
	SQL_CANDIDATES,
	SQL_SET_MATCH,
	SQL_MATCHED,
	SQL_UNMATCHED_STMT,
	SQL_BOOK_LINES,
	SQL_LINE_GET,
	SQL_BOOK_LINE,
	SQL_BOOK_TAKEN,
	SQL_SET_BY_HAND,
	SQL_MAX
};

static const char *const sql[SQL_MAX] = {
	[SQL_VALID_PAIRS] = "SELECT b.matched_voucher_id, b.matched_line_no FROM bank_statement_lines b "
			    "WHERE b.company_id = ? AND b.ledger_id = ? AND b.matched_voucher_id IS NOT NULL AND " VALID_MATCH,
	[SQL_COUNT_LINES] = "SELECT count(*) FROM bank_statement_lines WHERE company_id = ? AND ledger_id = ?",
	/* The ledger's kind, and whether its group lies under Bank Accounts. */
	[SQL_BANK_LEDGER] = "WITH RECURSIVE g(id) AS (SELECT id FROM account_groups WHERE company_id = ? AND code = 'bank_accounts' "
			    "UNION ALL SELECT a.id FROM account_groups a JOIN g ON a.parent_id = g.id) "
			    "SELECT l.kind, (SELECT count(*) FROM g WHERE g.id = l.group_id) FROM ledgers l WHERE l.company_id = ? AND l.id = ?",
	[SQL_SAME_LINES] = "SELECT count(*) FROM bank_statement_lines WHERE company_id = ? AND ledger_id = ? AND date = ? AND amount = ? "
			   "AND coalesce(description, '') = ? AND coalesce(reference, '') = ?",
	[SQL_INSERT_LINE] = "INSERT INTO bank_statement_lines(company_id, ledger_id, date, description, reference, amount, imported_at) "
			    "VALUES (?, ?, ?, ?, ?, ?, ?)",
	/* Forgets matches whose book entry was altered or cancelled since, so they can match again. */
	[SQL_UNMATCH_STALE] = "UPDATE bank_statement_lines SET matched_voucher_id = NULL, matched_line_no = NULL, by_hand = 0 "
			      "WHERE company_id = ? AND ledger_id = ? AND matched_voucher_id IS NOT NULL AND NOT EXISTS "
			      "(SELECT 1 FROM voucher_lines vl WHERE vl.voucher_id = bank_statement_lines.matched_voucher_id "
			      "AND vl.line_no = bank_statement_lines.matched_line_no AND vl.active = 1 "
			      "AND vl.ledger_id = bank_statement_lines.ledger_id AND vl.amount = bank_statement_lines.amount)",
	[SQL_UNMATCHED_LINES] = "SELECT id, date, amount FROM bank_statement_lines "
				"WHERE company_id = ? AND ledger_id = ? AND matched_voucher_id IS NULL AND by_hand = 0 ORDER BY date, id",
	[SQL_CANDIDATES] = "SELECT voucher_id, line_no, date FROM voucher_lines "
			   "WHERE company_id = ? AND ledger_id = ? AND date >= ? AND date <= ? AND active = 1 AND amount = ? "
			   "ORDER BY date, voucher_id, line_no",
	[SQL_SET_MATCH] = "UPDATE bank_statement_lines SET matched_voucher_id = ?, matched_line_no = ? WHERE company_id = ? AND id = ?",
	[SQL_MATCHED] = "SELECT b.id, b.date, coalesce(b.description, ''), coalesce(b.reference, ''), b.amount, vl.voucher_id, vl.date, "
			"v.number, v.type, vl.line_no, b.by_hand FROM bank_statement_lines b "
			"JOIN voucher_lines vl ON vl.voucher_id = b.matched_voucher_id AND vl.line_no = b.matched_line_no "
			"AND vl.active = 1 AND vl.ledger_id = b.ledger_id AND vl.amount = b.amount "
			"JOIN vouchers v ON v.id = vl.voucher_id "
			"WHERE b.company_id = ? AND b.ledger_id = ? AND b.date >= ? AND b.date <= ? ORDER BY b.date, b.id",
	[SQL_UNMATCHED_STMT] = "SELECT b.id, b.date, coalesce(b.description, ''), coalesce(b.reference, ''), b.amount "
			       "FROM bank_statement_lines b WHERE b.company_id = ? AND b.ledger_id = ? AND b.date >= ? AND b.date <= ? "
			       "AND NOT " VALID_MATCH " ORDER BY b.date, b.id",
	[SQL_BOOK_LINES] = "SELECT vl.voucher_id, vl.line_no, vl.date, v.type, v.number, coalesce(v.narration, ''), vl.amount "
			   "FROM voucher_lines vl JOIN vouchers v ON v.id = vl.voucher_id "
			   "WHERE vl.company_id = ? AND vl.ledger_id = ? AND vl.active = 1 AND vl.date >= ? AND vl.date <= ? "
			   "ORDER BY vl.date, vl.voucher_id, vl.line_no",
	/* A statement line, and whether its match still holds. */
	[SQL_LINE_GET] = "SELECT b.id, b.ledger_id, b.date, coalesce(b.description, ''), coalesce(b.reference, ''), b.amount, "
			 "b.matched_voucher_id, b.matched_line_no, b.by_hand, "
			 "CASE WHEN b.matched_voucher_id IS NOT NULL AND " VALID_MATCH " THEN 1 ELSE 0 END "
			 "FROM bank_statement_lines b WHERE b.company_id = ? AND b.id = ?",
	[SQL_BOOK_LINE] = "SELECT ledger_id, amount, active FROM voucher_lines WHERE company_id = ? AND voucher_id = ? AND line_no = ?",
	/* Another statement line of the ledger whose match to this book line holds. */
	[SQL_BOOK_TAKEN] = "SELECT b.id FROM bank_statement_lines b WHERE b.company_id = ? AND b.ledger_id = ? AND b.matched_voucher_id = ? "
			   "AND b.matched_line_no = ? AND b.id <> ? AND " VALID_MATCH,
	[SQL_SET_BY_HAND] = "UPDATE bank_statement_lines SET matched_voucher_id = ?, matched_line_no = ?, by_hand = 1 "
			    "WHERE company_id = ? AND id = ?",
};

/* ---- the statement's lines, as statement_csv reads them ---- */

struct stmt_line {
	char date[DATE_ISO_SIZE];
	char *description;   /* owned */
	char reference[STATEMENT_REF_BYTES + 1];
	int64_t amount;      /* deposit positive, withdrawal negative */
	int line_no;         /* in the file, for messages */
	int64_t seen;        /* 1 + earlier lines of the file with the same date, amount and text */
};

struct stmt_lines {
	struct stmt_line *l;
	size_t n, cap;
};

static void stmt_lines_free(struct stmt_lines *x)
{
	for (size_t i = 0; i < x->n; i++)
		free(x->l[i].description);
	free(x->l);
}

static int stmt_line_add(void *ctx, const struct statement_row *row, struct err *e)
{
	struct stmt_lines *x = ctx;
	struct stmt_line *s;
	if (x->n == x->cap) {
		size_t c = x->cap ? x->cap * 2 : 128;
		struct stmt_line *q = realloc(x->l, c * sizeof *q);
		if (!q)
			return err_set(e, ERR_INTERNAL, NULL, "out of memory");
		x->l = q;
		x->cap = c;
	}
	s = &x->l[x->n];
	memset(s, 0, sizeof *s);
	if (!(s->description = strdup(row->description)))
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	memcpy(s->date, row->date, sizeof s->date);
	memcpy(s->reference, row->reference, sizeof s->reference);
	s->amount = row->credit ? row->credit : -row->debit;
	s->line_no = row->line;
	x->n++;
	return 0;
}

/* ---- a set of (voucher_id, line_no): the book entries already matched ---- */

struct pairset {
	uint64_t *k;   /* voucher_id << 20 | line_no, 0 = empty slot */
	size_t cap;
};

static uint64_t pair_key(int64_t vid, int64_t line) { return ((uint64_t)vid << 20) | ((uint64_t)line & 0xFFFFF); }

static int pairset_init(struct pairset *s, size_t n)
{
	s->cap = 64;
	while (s->cap < n * 2 + 16)
		s->cap *= 2;
	s->k = calloc(s->cap, sizeof *s->k);
	return s->k ? 0 : -1;
}

static size_t pair_slot(const struct pairset *s, uint64_t k)
{
	size_t i = (size_t)((k * 0x9E3779B97F4A7C15ull) >> 20) & (s->cap - 1);
	while (s->k[i] && s->k[i] != k)
		i = (i + 1) & (s->cap - 1);
	return i;
}

static int pairset_has(const struct pairset *s, uint64_t k) { return s->k[pair_slot(s, k)] == k; }

/* The caller sized the set for everything it will hold. */
static void pairset_add(struct pairset *s, uint64_t k) { s->k[pair_slot(s, k)] = k; }

static int pair_row(void *ctx, struct db_stmt *st, struct err *e)
{
	(void)e;
	pairset_add(ctx, pair_key(db_col_i64(st, 0), db_col_i64(st, 1)));
	return 0;
}

static int load_pairs(struct db *db, int64_t cid, int64_t ledger, size_t extra, struct pairset *set, struct err *e)
{
	int64_t n = 0;
	int rc;

	if ((rc = db_i64(db, sql[SQL_COUNT_LINES], DB_ARGS(DB_I64(cid), DB_I64(ledger)), &n, e)) < 0)
		return rc;
	if (pairset_init(set, (size_t)n + extra) < 0)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	return db_each(db, sql[SQL_VALID_PAIRS], DB_ARGS(DB_I64(cid), DB_I64(ledger)), pair_row, set, e);
}

/* ---- import ---- */

struct unmatched {
	int64_t id, amount;
	char date[11];
};

struct unmatched_list {
	struct unmatched *u;
	size_t n, cap;
};

static int unmatched_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct unmatched_list *l = ctx;
	if (l->n == l->cap) {
		size_t c = l->cap ? l->cap * 2 : 128;
		struct unmatched *q = realloc(l->u, c * sizeof *q);
		if (!q)
			return err_set(e, ERR_INTERNAL, NULL, "out of memory");
		l->u = q;
		l->cap = c;
	}
	l->u[l->n].id = db_col_i64(st, 0);
	text_copy(l->u[l->n].date, sizeof l->u[l->n].date, db_col_text(st, 1));
	l->u[l->n].amount = db_col_i64(st, 2);
	l->n++;
	return 0;
}

/* Matches statement line u to the book entry of the ledger with its amount, within
 * BANK_MATCH_DAYS, the closest date first (on a tie the earlier entry), not matched already.
 * 1 when it matched, 0 when nothing fits. */
static int match_one(struct db *db, int64_t cid, int64_t ledger, const struct unmatched *u, struct pairset *set,
		     struct err *e)
{
	struct db_stmt *st;
	char lo[11], hi[11];
	int64_t best_vid = 0, best_line = 0, best_gap = INT64_MAX;
	int rc;

	date_iso_add(u->date, -BANK_MATCH_DAYS, lo);
	date_iso_add(u->date, BANK_MATCH_DAYS, hi);
	if (!(st = db_query(db, sql[SQL_CANDIDATES], DB_ARGS(DB_I64(cid), DB_I64(ledger), DB_TEXT(lo), DB_TEXT(hi), DB_I64(u->amount)),
			    e)))
		return e->code;
	while ((rc = db_step(st, e)) == DB_ROW) {
		int64_t vid = db_col_i64(st, 0), line = db_col_i64(st, 1), gap = date_iso_diff(u->date, db_col_text(st, 2));
		if (gap < 0)
			gap = -gap;
		/* rows come in date order */
		if (gap < best_gap && !pairset_has(set, pair_key(vid, line))) {
			best_gap = gap;
			best_vid = vid;
			best_line = line;
		}
	}
	db_done(st);
	if (rc < 0 || !best_vid)
		return rc < 0 ? rc : 0;
	if ((rc = db_run(db, sql[SQL_SET_MATCH], DB_ARGS(DB_I64(best_vid), DB_I64(best_line), DB_I64(cid), DB_I64(u->id)), e)) < 0)
		return rc;
	pairset_add(set, pair_key(best_vid, best_line));
	return 1;
}

/* Matches every unmatched statement line of the ledger; counts the matches made and what stays. */
static int match_all(struct db *db, int64_t cid, int64_t ledger, int64_t *ret_matched, int64_t *ret_left, struct err *e)
{
	struct unmatched_list l = {NULL, 0, 0};
	struct pairset set = {NULL, 0};
	int64_t matched = 0;
	int rc;

	if ((rc = db_run(db, sql[SQL_UNMATCH_STALE], DB_ARGS(DB_I64(cid), DB_I64(ledger)), e)) < 0)
		return rc;
	rc = db_each(db, sql[SQL_UNMATCHED_LINES], DB_ARGS(DB_I64(cid), DB_I64(ledger)), unmatched_row, &l, e);
	if (rc >= 0)
		rc = load_pairs(db, cid, ledger, l.n, &set, e);
	for (size_t i = 0; rc >= 0 && i < l.n; i++)
		if ((rc = match_one(db, cid, ledger, &l.u[i], &set, e)) > 0)
			matched++;
	free(l.u);
	free(set.k);
	if (rc < 0)
		return rc;
	*ret_matched = matched;
	*ret_left = (int64_t)l.n - matched;
	return 0;
}

static int same_line(const struct stmt_line *x, const struct stmt_line *y)
{
	int c = strcmp(x->date, y->date);
	if (!c && x->amount != y->amount)
		c = x->amount < y->amount ? -1 : 1;
	if (!c)
		c = strcmp(x->description, y->description);
	return c ? c : strcmp(x->reference, y->reference);
}

static int by_line(const void *a, const void *b, void *ctx)
{
	const struct stmt_line *l = ctx;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = same_line(&l[i], &l[j]);
	return c ? c : (i < j ? -1 : i > j);
}

/* Numbers the repeats of each line within the file (sorting, not comparing every pair). */
static int occurrences(struct stmt_line *lines, size_t n, struct err *e)
{
	size_t *ix = calloc(n ? n : 1, sizeof *ix);
	if (!ix)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	for (size_t i = 0; i < n; i++)
		ix[i] = i;
	qsort_r(ix, n, sizeof *ix, by_line, lines);
	for (size_t k = 0; k < n; k++)
		lines[ix[k]].seen = k > 0 && same_line(&lines[ix[k]], &lines[ix[k - 1]]) == 0 ? lines[ix[k - 1]].seen + 1 : 1;
	free(ix);
	return 0;
}

/* 0 when ledger_id is a bank ledger of the company (of kind bank, or under Bank Accounts). */
static int check_bank_ledger(struct db *db, int64_t cid, int64_t ledger_id, struct err *e)
{
	struct db_stmt *st;
	int is_bank, rc;
	if (ledger_id <= 0)
		return err_setr(e, ERR_INVALID, "ledger_id", "required", "ledger_id of the bank ledger is required");
	if ((rc = db_one(db, sql[SQL_BANK_LEDGER], DB_ARGS(DB_I64(cid), DB_I64(cid), DB_I64(ledger_id)), &st, e)) < 0)
		return rc;
	if (rc == DB_DONE)
		return err_setr(e, ERR_NOT_FOUND, "ledger_id", "unknown_ledger", "no ledger %lld in this company", (long long)ledger_id);
	is_bank = strcmp(db_col_text(st, 0), "bank") == 0 || db_col_i64(st, 1) > 0;
	db_done(st);
	return is_bank ? 0 : err_setr(e, ERR_UNPROCESSABLE, "ledger_id", "not_bank_ledger", "ledger %lld is not a bank account", (long long)ledger_id);
}

/* Stores the lines not stored yet: a line seen k times in this file is stored only while fewer
 * than k are stored, so the same statement (or an overlapping one) imported twice adds nothing.
 * The dates stored span [first, last]. */
static int store_lines(struct db *db, int64_t cid, int64_t ledger_id, const struct stmt_line *lines, size_t n,
		       struct bank_import_result *res, char first[11], char last[11], struct err *e)
{
	char now[CLOCK_ISO_SIZE];
	int rc;
	clock_now_iso(now);
	for (size_t i = 0; i < n; i++) {
		const struct stmt_line *l = &lines[i];
		int64_t have = 0;
		if ((rc = db_i64(db, sql[SQL_SAME_LINES],
				 DB_ARGS(DB_I64(cid), DB_I64(ledger_id), DB_TEXT(l->date), DB_I64(l->amount), DB_TEXT(l->description),
					 DB_TEXT(l->reference)),
				 &have, e)) < 0)
			return rc;
		if (have >= l->seen) {
			res->duplicates++;
			continue;
		}
		if ((rc = db_run(db, sql[SQL_INSERT_LINE],
				 DB_ARGS(DB_I64(cid), DB_I64(ledger_id), DB_TEXT(l->date), DB_TEXT_OR_NULL(l->description),
					 DB_TEXT_OR_NULL(l->reference), DB_I64(l->amount), DB_TEXT(now)),
				 e)) < 0)
			return rc;
		res->imported++;
		if (!*first || strcmp(l->date, first) < 0)
			memcpy(first, l->date, 11);
		if (strcmp(l->date, last) > 0)
			memcpy(last, l->date, 11);
	}
	return 0;
}

static int audit_statement(struct db *db, int64_t cid, int64_t actor, int64_t ledger_id, const struct bank_import_result *res,
			   const char *first, const char *last, struct err *e)
{
	struct buf after = BUF_INIT;
	struct jsonw w;
	int rc;
	jsonw_init(&w, &after);
	jsonw_obj(&w);
	jsonw_ki64(&w, "ledger_id", ledger_id);
	jsonw_ki64(&w, "lines", res->lines);
	jsonw_ki64(&w, "imported", res->imported);
	jsonw_ki64(&w, "duplicates", res->duplicates);
	jsonw_ki64(&w, "matched", res->matched);
	jsonw_ki64(&w, "unmatched", res->unmatched);
	jsonw_kstr(&w, "from", *first ? first : NULL);
	jsonw_kstr(&w, "to", *last ? last : NULL);
	jsonw_obj_end(&w);
	rc = jsonw_ok(&w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory")
			      : audit_append(db, cid, actor, "bank_statement", ledger_id, "import", NULL, buf_str(&after), e);
	buf_free(&after);
	return rc;
}

int bank_statement_import(struct db *db, int64_t cid, int64_t actor, int64_t ledger_id, const char *csv,
			  size_t len, struct bank_import_result *ret, struct err *e)
{
	struct stmt_lines lines = {NULL, 0, 0};
	struct bank_import_result res;
	char first[11] = "", last[11] = "";
	int rc;

	memset(&res, 0, sizeof res);
	if ((rc = check_bank_ledger(db, cid, ledger_id, e)) < 0 ||
	    (rc = statement_csv_read(csv, len, stmt_line_add, &lines, NULL, e)) < 0)
		goto out;
	res.lines = (int64_t)lines.n;
	if ((rc = occurrences(lines.l, lines.n, e)) < 0 ||
	    (rc = store_lines(db, cid, ledger_id, lines.l, lines.n, &res, first, last, e)) < 0 ||
	    (rc = match_all(db, cid, ledger_id, &res.matched, &res.unmatched, e)) < 0 ||
	    (rc = audit_statement(db, cid, actor, ledger_id, &res, first, last, e)) < 0)
		goto out;
	*ret = res;
out:
	stmt_lines_free(&lines);
	return rc < 0 ? rc : 0;
}

/* ---- a line matched or unmatched by hand ---- */

void bank_line_json_members(struct jsonw *w, const struct bank_line *l)
{
	jsonw_ki64(w, "id", l->id);
	jsonw_ki64(w, "ledger_id", l->ledger_id);
	jsonw_kstr(w, "date", l->date);
	jsonw_kstr(w, "description", l->description);
	jsonw_kstr(w, "reference", l->reference);
	jsonw_kmoney(w, "amount", l->amount);
	jsonw_key(w, "matched");
	if (l->matched) {
		jsonw_obj(w);
		jsonw_ki64(w, "voucher_id", l->voucher_id);
		jsonw_ki64(w, "line_no", l->line_no);
		jsonw_obj_end(w);
	} else {
		jsonw_null(w);
	}
	jsonw_kbool(w, "by_hand", l->by_hand);
}

void bank_line_json(struct jsonw *w, const struct bank_line *l)
{
	jsonw_obj(w);
	bank_line_json_members(w, l);
	jsonw_obj_end(w);
}

int bank_line_get(struct db *db, int64_t cid, int64_t id, struct bank_line *ret, struct err *e)
{
	struct db_stmt *st;
	int rc;
	if ((rc = db_one(db, sql[SQL_LINE_GET], DB_ARGS(DB_I64(cid), DB_I64(id)), &st, e)) < 0)
		return rc;
	if (rc == DB_DONE)
		return err_setr(e, ERR_NOT_FOUND, "id", "unknown_statement_line", "no bank statement line %lld in this company", (long long)id);
	memset(ret, 0, sizeof *ret);
	ret->id = db_col_i64(st, 0);
	ret->ledger_id = db_col_i64(st, 1);
	text_copy(ret->date, sizeof ret->date, db_col_text(st, 2));
	text_copy(ret->description, sizeof ret->description, db_col_text(st, 3));
	text_copy(ret->reference, sizeof ret->reference, db_col_text(st, 4));
	ret->amount = db_col_i64(st, 5);
	ret->by_hand = db_col_i64(st, 8) != 0;
	ret->matched = db_col_i64(st, 9) != 0;
	if (ret->matched) { /* a match whose entry was altered since is none */
		ret->voucher_id = db_col_i64(st, 6);
		ret->line_no = db_col_i64(st, 7);
	}
	db_done(st);
	return 0;
}

static int audit_line(struct db *db, int64_t cid, int64_t actor, const char *action, const struct bank_line *before,
		      const struct bank_line *after, struct err *e)
{
	struct buf b = BUF_INIT, a = BUF_INIT;
	struct jsonw w;
	int rc;
	jsonw_init(&w, &b);
	bank_line_json(&w, before);
	rc = jsonw_ok(&w);
	jsonw_init(&w, &a);
	bank_line_json(&w, after);
	rc = rc < 0 || jsonw_ok(&w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory")
					: audit_append(db, cid, actor, "bank_statement_line", after->id, action, buf_str(&b), buf_str(&a), e);
	buf_free(&b);
	buf_free(&a);
	return rc;
}

/* 0 when line (voucher_id, line_no) of the books may be matched to statement line l. */
static int check_book_line(struct db *db, int64_t cid, const struct bank_line *l, int64_t voucher_id, int64_t line_no,
			   struct err *e)
{
	struct db_stmt *st;
	int64_t ledger, amount, active, other = 0;
	int rc;
	if ((rc = db_one(db, sql[SQL_BOOK_LINE], DB_ARGS(DB_I64(cid), DB_I64(voucher_id), DB_I64(line_no)), &st, e)) < 0)
		return rc;
	if (rc == DB_DONE)
		return err_setr(e, ERR_NOT_FOUND, "voucher_id", "unknown_voucher_line", "voucher %lld has no line %lld in this company",
				(long long)voucher_id, (long long)line_no);
	ledger = db_col_i64(st, 0);
	amount = db_col_i64(st, 1);
	active = db_col_i64(st, 2);
	db_done(st);
	if (!active) {
		err_set(e, ERR_UNPROCESSABLE, "voucher_id", "that entry was altered or cancelled since");
		return err_reason(e, "book_line_inactive");
	}
	if (ledger != l->ledger_id) {
		err_set(e, ERR_UNPROCESSABLE, "voucher_id", "that entry is not on the statement's bank ledger");
		return err_reason(e, "other_ledger");
	}
	if (amount != l->amount) {
		err_set(e, ERR_UNPROCESSABLE, "voucher_id", "the entry's amount is not the statement line's");
		err_reason(e, "amount_differs");
		err_detail_money(e, "statement_amount", l->amount);
		return err_detail_money(e, "book_amount", amount);
	}
	rc = db_i64(db, sql[SQL_BOOK_TAKEN],
		    DB_ARGS(DB_I64(cid), DB_I64(l->ledger_id), DB_I64(voucher_id), DB_I64(line_no), DB_I64(l->id)), &other, e);
	if (rc < 0)
		return rc;
	if (rc == DB_ROW && other > 0) {
		err_set(e, ERR_CONFLICT, "voucher_id", "that entry is matched to statement line %lld already", (long long)other);
		err_reason(e, "book_line_matched");
		return err_detail_int(e, "statement_line_id", other);
	}
	return 0;
}

int bank_line_match(struct db *db, int64_t cid, int64_t actor, int64_t id, int64_t voucher_id, int64_t line_no,
		    struct bank_line *ret, struct err *e)
{
	struct bank_line before, after;
	int rc;
	if ((rc = bank_line_get(db, cid, id, &before, e)) < 0)
		return rc;
	if (before.matched && before.by_hand && before.voucher_id == voucher_id && before.line_no == line_no) {
		*ret = before; /* matched to that entry by hand already: nothing to write or audit */
		return ERR_UNCHANGED;
	}
	if (before.matched) {
		err_set(e, ERR_CONFLICT, "id", "statement line %lld is matched already (unmatch it first)", (long long)id);
		err_reason(e, "already_matched");
		return err_detail_int(e, "voucher_id", before.voucher_id);
	}
	if ((rc = check_book_line(db, cid, &before, voucher_id, line_no, e)) < 0)
		return rc;
	if ((rc = db_run(db, sql[SQL_SET_BY_HAND], DB_ARGS(DB_I64(voucher_id), DB_I64(line_no), DB_I64(cid), DB_I64(id)), e)) < 0)
		return rc;
	after = before;
	after.matched = after.by_hand = 1;
	after.voucher_id = voucher_id;
	after.line_no = line_no;
	if ((rc = audit_line(db, cid, actor, "match", &before, &after, e)) < 0)
		return rc;
	*ret = after;
	return 0;
}

int bank_line_unmatch(struct db *db, int64_t cid, int64_t actor, int64_t id, struct bank_line *ret, struct err *e)
{
	struct bank_line before, after;
	int rc;
	if ((rc = bank_line_get(db, cid, id, &before, e)) < 0)
		return rc;
	if (!before.matched) {
		err_set(e, ERR_CONFLICT, "id", "statement line %lld is not matched", (long long)id);
		return err_reason(e, "not_matched");
	}
	if ((rc = db_run(db, sql[SQL_SET_BY_HAND], DB_ARGS(DB_NULL, DB_NULL, DB_I64(cid), DB_I64(id)), e)) < 0)
		return rc;
	after = before;
	after.matched = 0;
	after.by_hand = 1;
	after.voucher_id = after.line_no = 0;
	if ((rc = audit_line(db, cid, actor, "unmatch", &before, &after, e)) < 0)
		return rc;
	*ret = after;
	return 0;
}

/* ---- the reconciliation ---- */

/* A book entry of the period that no statement line matches: what a line may be suggested. */
struct open_entry {
	int64_t amount, voucher_id, line_no;
	char date[11];
	int taken;           /* suggested to a line */
};

/* The reconciliation being made: its three tables, the sums of what did not match, and the book
 * entries left open (in amount and date order once read). */
struct reco {
	struct report *r;
	struct report_table *tm, *ts, *tb;
	struct pairset set;
	int64_t book_dr, book_cr, st_dep, st_wd;
	int bad;
	struct open_entry *open;
	size_t nopen, capopen;
	struct open_line *lines;
	size_t nlines, caplines, next_line;
};

static void reco_tables(struct reco *x)
{
	struct report *r = x->r;
	x->tm = report_table_add(r, "matched", "Matched");
	report_col(x->tm, "date", "Statement Date", REPORT_DATE);
	report_col(x->tm, "description", "Description", REPORT_TEXT);
	report_col(x->tm, "reference", "Reference", REPORT_TEXT);
	report_col(x->tm, "amount", "Amount", REPORT_MONEY);
	report_col(x->tm, "book_date", "Book Date", REPORT_DATE);
	report_col(x->tm, "voucher_type", "Type", REPORT_TEXT);
	report_col(x->tm, "number", "Voucher", REPORT_TEXT);
	report_col(x->tm, "days_apart", "Days Apart", REPORT_INT);
	report_col(x->tm, "match", "Match", REPORT_TEXT);
	x->ts = report_table_add(r, "unmatched_statement", "On the statement, not in the books");
	report_col(x->ts, "date", "Date", REPORT_DATE);
	report_col(x->ts, "description", "Description", REPORT_TEXT);
	report_col(x->ts, "reference", "Reference", REPORT_TEXT);
	report_col(x->ts, "withdrawal", "Withdrawal", REPORT_MONEY);
	report_col(x->ts, "deposit", "Deposit", REPORT_MONEY);
	x->tb = report_table_add(r, "unmatched_books", "In the books, not on the statement");
	report_col(x->tb, "date", "Date", REPORT_DATE);
	report_col(x->tb, "voucher_type", "Type", REPORT_TEXT);
	report_col(x->tb, "number", "Voucher", REPORT_TEXT);
	report_col(x->tb, "narration", "Narration", REPORT_TEXT);
	report_col(x->tb, "debit", "Debit (deposit)", REPORT_MONEY);
	report_col(x->tb, "credit", "Credit (withdrawal)", REPORT_MONEY);
}

/* Rows stop once the report has failed (memory, row limit); report_check says so. */
static int matched_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct reco *x = ctx;
	long row = report_row(x->r, x->tm, ROW_DATA, 0);
	(void)e;
	report_row_id(x->tm, row, "voucher_id", db_col_i64(st, 5));
	report_row_ref(x->tm, row, "line_no", db_col_i64(st, 9));
	report_row_ref(x->tm, row, "statement_line_id", db_col_i64(st, 0));
	report_set_text(x->r, x->tm, row, 0, db_col_text(st, 1));
	report_set_text(x->r, x->tm, row, 1, db_col_text(st, 2));
	report_set_text(x->r, x->tm, row, 2, db_col_text(st, 3));
	report_set_i64(x->tm, row, 3, db_col_i64(st, 4));
	report_set_text(x->r, x->tm, row, 4, db_col_text(st, 6));
	report_set_text(x->r, x->tm, row, 5, db_col_text(st, 8));
	report_set_text(x->r, x->tm, row, 6, db_col_text(st, 7));
	report_set_i64(x->tm, row, 7, date_iso_diff(db_col_text(st, 1), db_col_text(st, 6)));
	report_set_text(x->r, x->tm, row, 8, db_col_i64(st, 10) ? "manual" : "auto");
	return x->r->failed ? 1 : 0;
}

static int by_amount_date(const void *a, const void *b)
{
	const struct open_entry *x = a, *y = b;
	int c;
	if (x->amount != y->amount)
		return x->amount < y->amount ? -1 : 1;
	if ((c = strcmp(x->date, y->date)) != 0)
		return c;
	if (x->voucher_id != y->voucher_id)
		return x->voucher_id < y->voucher_id ? -1 : 1;
	return x->line_no < y->line_no ? -1 : x->line_no > y->line_no;
}

/* A statement line no entry matches, as the first reading of them keeps it for the suggestions. */
struct open_line {
	int64_t id, amount;
	char date[11];
	long entry;          /* the entry suggested (index into reco.open), -1 for none */
};

/* A line and an entry of its amount, gap days apart: what the suggestions are chosen from. */
struct candidate {
	int64_t gap;
	size_t line, entry;
};

#define SUGGEST_NEAREST 8   /* entries of the same amount looked at on either side of a line's date */

static int open_line_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct reco *x = ctx;
	struct open_line *l;
	if (x->nlines == x->caplines) {
		size_t c = x->caplines ? x->caplines * 2 : 64;
		struct open_line *q = realloc(x->lines, c * sizeof *q);
		if (!q)
			return err_set(e, ERR_INTERNAL, NULL, "out of memory");
		x->lines = q;
		x->caplines = c;
	}
	l = &x->lines[x->nlines++];
	l->id = db_col_i64(st, 0);
	l->amount = db_col_i64(st, 4);
	text_copy(l->date, sizeof l->date, db_col_text(st, 1));
	l->entry = -1;
	return 0;
}

static int by_gap(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;
	if (x->gap != y->gap)
		return x->gap < y->gap ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* Suggests an open entry for each open line: of the same amount, the pairs closest in date first,
 * each entry to one line at most (so two like lines are offered two entries). */
static int suggest_all(struct reco *x, struct err *e)
{
	struct candidate *c = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < x->nlines; i++) {
		const struct open_line *l = &x->lines[i];
		size_t lo = 0, hi = x->nopen, end, at, from;
		while (lo < hi) { /* the first entry of the amount */
			size_t mid = lo + (hi - lo) / 2;
			if (x->open[mid].amount < l->amount)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (end = lo; end < x->nopen && x->open[end].amount == l->amount; end++)
			;
		for (at = lo; at < end && strcmp(x->open[at].date, l->date) < 0; at++)
			;
		from = at - lo > SUGGEST_NEAREST ? at - SUGGEST_NEAREST : lo;
		for (size_t j = from; j < end && j < at + SUGGEST_NEAREST; j++) {
			int64_t gap = date_iso_diff(l->date, x->open[j].date);
			if (n == cap) {
				size_t nc = cap ? cap * 2 : 64;
				struct candidate *q = realloc(c, nc * sizeof *q);
				if (!q) {
					free(c);
					return err_set(e, ERR_INTERNAL, NULL, "out of memory");
				}
				c = q;
				cap = nc;
			}
			c[n++] = (struct candidate){gap < 0 ? -gap : gap, i, j};
		}
	}
	if (n)
		qsort(c, n, sizeof *c, by_gap);
	for (size_t k = 0; k < n; k++) {
		struct open_line *l = &x->lines[c[k].line];
		if (l->entry < 0 && !x->open[c[k].entry].taken) {
			l->entry = (long)c[k].entry;
			x->open[c[k].entry].taken = 1;
		}
	}
	free(c);
	return 0;
}

static int statement_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct reco *x = ctx;
	int64_t amt = db_col_i64(st, 4);
	long row = report_row(x->r, x->ts, ROW_DATA, 0);
	(void)e;
	/* The same lines in the same order as the first reading (one snapshot): its suggestion. */
	const struct open_line *l = x->next_line < x->nlines ? &x->lines[x->next_line++] : NULL;
	const struct open_entry *o = l && l->id == db_col_i64(st, 0) && l->entry >= 0 ? &x->open[l->entry] : NULL;
	report_row_id(x->ts, row, "statement_line_id", db_col_i64(st, 0));
	if (o) {
		report_row_ref(x->ts, row, "suggested_voucher_id", o->voucher_id);
		report_row_ref(x->ts, row, "suggested_line_no", o->line_no);
	}
	report_set_text(x->r, x->ts, row, 0, db_col_text(st, 1));
	report_set_text(x->r, x->ts, row, 1, db_col_text(st, 2));
	report_set_text(x->r, x->ts, row, 2, db_col_text(st, 3));
	report_set_i64(x->ts, row, amt < 0 ? 3 : 4, amt < 0 ? -amt : amt);
	x->bad |= __builtin_add_overflow(amt < 0 ? x->st_wd : x->st_dep, amt < 0 ? -amt : amt, amt < 0 ? &x->st_wd : &x->st_dep);
	return x->r->failed ? 1 : 0;
}

static int book_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct reco *x = ctx;
	int64_t amt = db_col_i64(st, 6);
	long row;
	if (pairset_has(&x->set, pair_key(db_col_i64(st, 0), db_col_i64(st, 1))))
		return 0;
	if (x->nopen == x->capopen) {
		size_t c = x->capopen ? x->capopen * 2 : 64;
		struct open_entry *q = realloc(x->open, c * sizeof *q);
		if (!q)
			return err_set(e, ERR_INTERNAL, NULL, "out of memory");
		x->open = q;
		x->capopen = c;
	}
	x->open[x->nopen].amount = amt;
	x->open[x->nopen].voucher_id = db_col_i64(st, 0);
	x->open[x->nopen].line_no = db_col_i64(st, 1);
	text_copy(x->open[x->nopen].date, sizeof x->open[x->nopen].date, db_col_text(st, 2));
	x->open[x->nopen++].taken = 0;
	row = report_row(x->r, x->tb, ROW_DATA, 0);
	report_row_id(x->tb, row, "voucher_id", db_col_i64(st, 0));
	report_row_ref(x->tb, row, "line_no", db_col_i64(st, 1));
	report_set_text(x->r, x->tb, row, 0, db_col_text(st, 2));
	report_set_text(x->r, x->tb, row, 1, db_col_text(st, 3));
	report_set_text(x->r, x->tb, row, 2, db_col_text(st, 4));
	if (*db_col_text(st, 5))
		report_set_text(x->r, x->tb, row, 3, db_col_text(st, 5));
	report_set_i64(x->tb, row, amt > 0 ? 4 : 5, amt > 0 ? amt : -amt);
	x->bad |= __builtin_add_overflow(amt > 0 ? x->book_dr : x->book_cr, amt > 0 ? amt : -amt, amt > 0 ? &x->book_dr : &x->book_cr);
	return x->r->failed ? 1 : 0;
}

/* The balance as per the books at the end of `to`, what the bank should show, and the counts. */
static int reco_summary(struct db *db, const struct chart *ch, size_t li, const struct report_params *p, struct reco *x,
			struct err *e)
{
	struct report *r = x->r;
	int64_t books = 0, bank = 0;
	char day_after[11];
	int rc;

	date_iso_add(p->to, 1, day_after);
	if ((rc = ledger_opening_at(db, ch, li, day_after, &books, e)) < 0)
		return rc;
	x->bad |= __builtin_sub_overflow(books, x->book_dr, &bank);
	x->bad |= __builtin_add_overflow(bank, x->book_cr, &bank);
	x->bad |= __builtin_add_overflow(bank, x->st_dep, &bank);
	x->bad |= __builtin_sub_overflow(bank, x->st_wd, &bank);
	if (x->bad)
		return money_range_err(e, "amounts are beyond the range of amounts");
	report_meta_int(r, "ledger_id", p->ledger_id);
	report_meta_money(r, "balance_as_per_books", books);
	report_meta_money(r, "book_debits_not_on_statement", x->book_dr);
	report_meta_money(r, "book_credits_not_on_statement", x->book_cr);
	report_meta_money(r, "statement_deposits_not_in_books", x->st_dep);
	report_meta_money(r, "statement_withdrawals_not_in_books", x->st_wd);
	report_meta_money(r, "balance_as_per_bank", bank);
	report_meta_int(r, "matched", x->tm ? (int64_t)x->tm->nrows : 0);
	report_meta_int(r, "unmatched_statement", x->ts ? (int64_t)x->ts->nrows : 0);
	report_meta_int(r, "unmatched_books", x->tb ? (int64_t)x->tb->nrows : 0);
	return 0;
}

int report_bank_reconciliation(struct db *db, int64_t cid, const struct report_params *p, struct report *r,
			       struct err *e)
{
	struct chart ch;
	struct reco x;
	long li;
	int rc;

	if (p->ledger_id <= 0)
		return err_setr(e, ERR_INVALID, "ledger_id", "required", "the bank reconciliation needs ledger_id of a bank ledger");
	memset(&x, 0, sizeof x);
	x.r = r;
	if ((rc = chart_load(db, cid, &ch, e)) < 0)
		goto out;
	li = chart_ledger(&ch, p->ledger_id);
	if (li < 0) {
		rc = err_setr(e, ERR_NOT_FOUND, "ledger_id", "unknown_ledger", "no ledger %lld in this company", (long long)p->ledger_id);
		goto out;
	}
	report_head(r, &ch, "bank-reconciliation", "Bank Reconciliation", p);
	snprintf(r->title, sizeof r->title, "Bank Reconciliation: %.100s", chart_name(&ch, ch.ledgers[li].name));
	reco_tables(&x);
	/* The book entries left open first, then the open statement lines twice: once for the
	 * suggestions, once for their rows. */
	if ((rc = db_each(db, sql[SQL_MATCHED], DB_ARGS(DB_I64(cid), DB_I64(p->ledger_id), DB_TEXT(p->from), DB_TEXT(p->to)),
			  matched_row, &x, e)) < 0 ||
	    (rc = load_pairs(db, cid, p->ledger_id, 0, &x.set, e)) < 0 ||
	    (rc = db_each(db, sql[SQL_BOOK_LINES], DB_ARGS(DB_I64(cid), DB_I64(p->ledger_id), DB_TEXT(p->from), DB_TEXT(p->to)),
			  book_row, &x, e)) < 0)
		goto out;
	if (x.nopen)
		qsort(x.open, x.nopen, sizeof *x.open, by_amount_date);
	if ((rc = db_each(db, sql[SQL_UNMATCHED_STMT], DB_ARGS(DB_I64(cid), DB_I64(p->ledger_id), DB_TEXT(p->from), DB_TEXT(p->to)),
			  open_line_row, &x, e)) < 0 ||
	    (rc = suggest_all(&x, e)) < 0 ||
	    (rc = db_each(db, sql[SQL_UNMATCHED_STMT], DB_ARGS(DB_I64(cid), DB_I64(p->ledger_id), DB_TEXT(p->from), DB_TEXT(p->to)),
			  statement_row, &x, e)) < 0 ||
	    (rc = reco_summary(db, &ch, (size_t)li, p, &x, e)) < 0)
		goto out;
	rc = report_check(r, e);
out:
	free(x.set.k);
	free(x.open);
	free(x.lines);
	chart_done(&ch);
	return rc;
}
