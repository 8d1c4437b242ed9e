/* bank_reco.c - bank statements: reading the CSV a bank gives, storing its lines once, matching
 * each to an entry of the bank ledger (same amount, within a few days, closest first), and the
 * reconciliation report of what matched and what did not on either side. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/clock.h"
#include "lib/date.h"
#include "audit/audit.h"
#include "lib/jsonw.h"
#include "lib/money.h"
#include "reports/reports_int.h"
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
	[SQL_UNMATCH_STALE] = "UPDATE bank_statement_lines SET matched_voucher_id = NULL, matched_line_no = NULL "
			      "WHERE company_id = ? AND ledger_id = ? AND matched_voucher_id IS NOT NULL AND NOT EXISTS "
			      "(SELECT 1 FROM voucher_lines vl WHERE vl.voucher_id = bank_statement_lines.matched_voucher_id "
			      "AND vl.line_no = bank_statement_lines.matched_line_no AND vl.active = 1 "
			      "AND vl.ledger_id = bank_statement_lines.ledger_id AND vl.amount = bank_statement_lines.amount)",
	[SQL_UNMATCHED_LINES] = "SELECT id, date, amount FROM bank_statement_lines "
				"WHERE company_id = ? AND ledger_id = ? AND matched_voucher_id IS NULL ORDER BY date, id",
	[SQL_CANDIDATES] = "SELECT voucher_id, line_no, date FROM voucher_lines "
			   "WHERE company_id = ? AND ledger_id = ? AND date >= ? AND date <= ? AND active = 1 AND amount = ? "
			   "ORDER BY date, voucher_id, line_no",
	[SQL_SET_MATCH] = "UPDATE bank_statement_lines SET matched_voucher_id = ?, matched_line_no = ? WHERE company_id = ? AND id = ?",
	[SQL_MATCHED] = "SELECT b.id, b.date, coalesce(b.description, ''), coalesce(b.reference, ''), b.amount, vl.voucher_id, vl.date, "
			"v.number, v.type FROM bank_statement_lines b "
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
};

/* ---- reading the CSV ---- */

#define CSV_MAX_FIELDS 32

struct stmt_line {
	char date[11];
	char description[512];
	char reference[128];
	int64_t amount;      /* deposit positive, withdrawal negative */
	int line_no;         /* in the file, for messages */
	int64_t seen;        /* 1 + earlier lines of the file with the same date, amount and text */
};

/* Splits one record (RFC 4180: quotes, doubled quotes, commas and line breaks inside quotes) from
 * *p, writing fields into `store` (NUL-separated). Returns the field count, 0 at the end of input,
 * -1 for an unterminated quote, -2 for a record longer than store. *lines counts the line breaks
 * consumed. */
static int csv_record(const char **p, const char *end, char *store, size_t cap, char *fields[CSV_MAX_FIELDS],
		      int *lines)
{
	const char *s = *p;
	size_t n = 0;
	int nf = 0;

	if (s >= end)
		return 0;
	fields[nf++] = store;
	while (s < end) {
		if (*s == '"') {
			s++;
			for (;;) {
				if (s >= end)
					return -1;
				if (*s == '"') {
					if (s + 1 < end && s[1] == '"') {
						s += 2;
						if (n + 1 < cap)
							store[n++] = '"';
						continue;
					}
					s++;
					break;
				}
				if (*s == '\n')
					(*lines)++;
				if (n + 1 < cap)
					store[n++] = *s;
				s++;
			}
			continue;
		}
		if (*s == ',') {
			if (n + 1 < cap)
				store[n++] = '\0';
			s++;
			if (nf < CSV_MAX_FIELDS)
				fields[nf++] = store + (n < cap ? n : cap - 1);
			continue;
		}
		if (*s == '\r' || *s == '\n') {
			if (*s == '\r' && s + 1 < end && s[1] == '\n')
				s++;
			s++;
			(*lines)++;
			break;
		}
		if (n + 1 < cap)
			store[n++] = *s;
		s++;
	}
	store[n < cap ? n : cap - 1] = '\0';
	*p = s;
	return n + 1 >= cap ? -2 : nf;
}

/* Trims spaces (and a UTF-8 byte order mark) in place. */
static char *trim(char *s)
{
	size_t n;
	if ((unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF)
		s += 3;
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

/* DD-MM-YYYY, DD/MM/YYYY, DD.MM.YYYY or YYYY-MM-DD into ISO. */
static int parse_date(const char *s, char out[DATE_ISO_SIZE])
{
	struct date d;
	if (date_parse(s, strlen(s), DATE_ISO | DATE_DMY, &d) < 0)
		return -1;
	date_iso(d, out);
	return 0;
}

/* "1,23,456.50", "1234", "" (zero); a trailing "Cr"/"Dr" is not accepted: banks put those in
 * separate columns, which is what we read. -1 for what is no amount, -2 for one past the ceiling. */
static int parse_amount(const char *s, int64_t *ret)
{
	char clean[64];
	size_t n = 0;
	if (!*s) {
		*ret = 0;
		return 0;
	}
	for (; *s; s++) {
		if (*s == ',' || *s == ' ')
			continue;
		if (n + 1 >= sizeof clean)
			return -1;
		clean[n++] = *s;
	}
	clean[n] = '\0';
	if (money_parse(clean, ret) < 0)
		return decimal_well_formed(clean, 2) && clean[0] != '-' ? -2 : -1;
	if (*ret < 0)
		return -1;
	return money_fits(*ret) ? 0 : -2;
}

enum { COL_DATE, COL_DESC, COL_REF, COL_WD, COL_DEP, COL_MAX };

static int header_col(const char *name)
{
	static const struct {
		const char *name;
		int col;
	} names[] = {
		{"date", COL_DATE}, {"txn date", COL_DATE}, {"transaction date", COL_DATE}, {"value date", -1},
		{"description", COL_DESC}, {"narration", COL_DESC}, {"particulars", COL_DESC}, {"details", COL_DESC},
		{"reference", COL_REF}, {"ref", COL_REF}, {"ref no", COL_REF}, {"cheque no", COL_REF},
		{"chq/ref no", COL_REF}, {"ref no./cheque no.", COL_REF},
		{"withdrawal", COL_WD}, {"withdrawals", COL_WD}, {"debit", COL_WD}, {"withdrawal amt", COL_WD},
		{"deposit", COL_DEP}, {"deposits", COL_DEP}, {"credit", COL_DEP}, {"deposit amt", COL_DEP},
	};
	char low[64];
	text_copy(low, sizeof low, name);
	text_ascii_lower(low);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(low, names[i].name) == 0)
			return names[i].col;
	return -2;
}

/* Parses the whole statement; on any bad line nothing is returned and e names the line. */
static int parse_statement(const char *csv, size_t len, struct stmt_line **ret, size_t *ret_n, struct err *e)
{
	const char *p = csv, *end = csv + len;
	char store[2048], *f[CSV_MAX_FIELDS], field[32];
	int map[COL_MAX] = {0, 1, 2, 3, 4}, line = 1, header = 0;
	struct stmt_line *out = NULL;
	size_t n = 0, cap = 0;

	if (text_utf8_invalid_at(csv, len) >= 0)
		return err_set(e, ERR_INVALID, "body", "the statement is not valid UTF-8 text");
	if (memchr(csv, '\0', len))
		return err_set(e, ERR_INVALID, "body", "the statement holds a NUL byte");
	for (;;) {
		int start = line, nf = csv_record(&p, end, store, sizeof store, f, &line);
		struct stmt_line *s;
		int64_t wd, dep;
		int rc;
		char *v[COL_MAX];
		if (nf == 0)
			break;
		snprintf(field, sizeof field, "line %d", start);
		if (nf < 0) {
			free(out);
			return err_set(e, ERR_INVALID, field, nf == -1 ? "a quoted field is not closed" : "the line is too long");
		}
		if (nf == 1 && !*trim(f[0]))
			continue; /* a blank line */
		if (!header) {
			/* The first line names the columns, unless it already holds a date. */
			char d[11];
			header = 1;
			if (parse_date(trim(f[0]), d) < 0) {
				int seen[COL_MAX] = {0};
				for (int k = 0; k < COL_MAX; k++)
					map[k] = -1;
				for (int i = 0; i < nf; i++) {
					int c = header_col(trim(f[i]));
					if (c >= 0 && !seen[c]) {
						map[c] = i;
						seen[c] = 1;
					}
				}
				for (int k = 0; k < COL_MAX; k++)
					if (map[k] < 0 && k != COL_REF && k != COL_DESC) {
						free(out);
						return err_set(e, ERR_INVALID, field,
							       "the header must name the columns date, description, reference, withdrawal, deposit");
					}
				continue;
			}
		}
		for (int k = 0; k < COL_MAX; k++)
			v[k] = map[k] >= 0 && map[k] < nf ? trim(f[map[k]]) : "";
		if (n >= BANK_STATEMENT_MAX_LINES) {
			free(out);
			return err_set(e, ERR_TOO_LARGE, field, "a statement may have at most %d lines", BANK_STATEMENT_MAX_LINES);
		}
		if (n == cap) {
			size_t c = cap ? cap * 2 : 128;
			struct stmt_line *q = realloc(out, c * sizeof *q);
			if (!q) {
				free(out);
				return err_set(e, ERR_INTERNAL, NULL, "out of memory");
			}
			out = q;
			cap = c;
		}
		s = &out[n];
		memset(s, 0, sizeof *s);
		s->line_no = start;
		if (parse_date(v[COL_DATE], s->date) < 0) {
			free(out);
			return err_set(e, ERR_INVALID, field, "date \"%.20s\" is not DD-MM-YYYY or YYYY-MM-DD", v[COL_DATE]);
		}
		if ((rc = parse_amount(v[COL_WD], &wd)) < 0 || (rc = parse_amount(v[COL_DEP], &dep)) < 0) {
			free(out);
			if (rc == -2)
				return money_too_large(e, ERR_INVALID, field);
			return err_set(e, ERR_INVALID, field, "withdrawal and deposit must be amounts such as 1,250.00");
		}
		if ((wd != 0) == (dep != 0)) {
			free(out);
			return err_set(e, ERR_INVALID, field, "a line needs either a withdrawal or a deposit");
		}
		s->amount = dep ? dep : -wd;
		if (text_utf8_chars(v[COL_DESC], strlen(v[COL_DESC])) > 500 || text_has_controls(v[COL_DESC]) ||
		    text_copy(s->description, sizeof s->description, v[COL_DESC]) < 0) {
			free(out);
			return err_set(e, ERR_INVALID, field, "the description is too long or holds control characters");
		}
		if (text_has_controls(v[COL_REF]) || text_copy(s->reference, sizeof s->reference, v[COL_REF]) < 0) {
			free(out);
			return err_set(e, ERR_INVALID, field, "the reference is too long or holds control characters");
		}
		n++;
	}
	if (n == 0) {
		free(out);
		return err_set(e, ERR_INVALID, "body", "the statement has no lines");
	}
	*ret = out;
	*ret_n = n;
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
		return err_set(e, ERR_INVALID, "ledger_id", "ledger_id of the bank ledger is required");
	if ((rc = db_one(db, sql[SQL_BANK_LEDGER], DB_ARGS(DB_I64(cid), DB_I64(cid), DB_I64(ledger_id)), &st, e)) < 0)
		return rc;
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "ledger_id", "no ledger %lld in this company", (long long)ledger_id);
	is_bank = strcmp(db_col_text(st, 0), "bank") == 0 || db_col_i64(st, 1) > 0;
	db_done(st);
	return is_bank ? 0 : err_set(e, ERR_UNPROCESSABLE, "ledger_id", "ledger %lld is not a bank account", (long long)ledger_id);
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
	struct stmt_line *lines = NULL;
	struct bank_import_result res;
	char first[11] = "", last[11] = "";
	size_t n = 0;
	int rc;

	memset(&res, 0, sizeof res);
	if ((rc = check_bank_ledger(db, cid, ledger_id, e)) < 0 || (rc = parse_statement(csv, len, &lines, &n, e)) < 0)
		return rc;
	res.lines = (int64_t)n;
	if ((rc = occurrences(lines, n, e)) < 0 || (rc = store_lines(db, cid, ledger_id, lines, n, &res, first, last, e)) < 0 ||
	    (rc = match_all(db, cid, ledger_id, &res.matched, &res.unmatched, e)) < 0 ||
	    (rc = audit_statement(db, cid, actor, ledger_id, &res, first, last, e)) < 0)
		goto out;
	*ret = res;
out:
	free(lines);
	return rc < 0 ? rc : 0;
}

/* ---- the reconciliation ---- */

/* The reconciliation being made: its three tables and the sums of what did not match. */
struct reco {
	struct report *r;
	struct report_table *tm, *ts, *tb;
	struct pairset set;
	int64_t book_dr, book_cr, st_dep, st_wd;
	int bad;
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
	report_set_text(x->r, x->tm, row, 0, db_col_text(st, 1));
	report_set_text(x->r, x->tm, row, 1, db_col_text(st, 2));
	report_set_text(x->r, x->tm, row, 2, db_col_text(st, 3));
	report_set_i64(x->tm, row, 3, db_col_i64(st, 4));
	report_set_text(x->r, x->tm, row, 4, db_col_text(st, 6));
	report_set_text(x->r, x->tm, row, 5, db_col_text(st, 8));
	report_set_text(x->r, x->tm, row, 6, db_col_text(st, 7));
	report_set_i64(x->tm, row, 7, date_iso_diff(db_col_text(st, 1), db_col_text(st, 6)));
	return x->r->failed ? 1 : 0;
}

static int statement_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct reco *x = ctx;
	int64_t amt = db_col_i64(st, 4);
	long row = report_row(x->r, x->ts, ROW_DATA, 0);
	(void)e;
	report_row_id(x->ts, row, "statement_line_id", db_col_i64(st, 0));
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
	(void)e;
	if (pairset_has(&x->set, pair_key(db_col_i64(st, 0), db_col_i64(st, 1))))
		return 0;
	row = report_row(x->r, x->tb, ROW_DATA, 0);
	report_row_id(x->tb, row, "voucher_id", db_col_i64(st, 0));
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
		return err_set(e, ERR_INVALID, "ledger_id", "the bank reconciliation needs ledger_id of a bank ledger");
	memset(&x, 0, sizeof x);
	x.r = r;
	if ((rc = chart_load(db, cid, &ch, e)) < 0)
		goto out;
	li = chart_ledger(&ch, p->ledger_id);
	if (li < 0) {
		rc = err_set(e, ERR_NOT_FOUND, "ledger_id", "no ledger %lld in this company", (long long)p->ledger_id);
		goto out;
	}
	report_head(r, &ch, "bank-reconciliation", "Bank Reconciliation", p);
	snprintf(r->title, sizeof r->title, "Bank Reconciliation: %.100s", chart_name(&ch, ch.ledgers[li].name));
	reco_tables(&x);
	if ((rc = db_each(db, sql[SQL_MATCHED], DB_ARGS(DB_I64(cid), DB_I64(p->ledger_id), DB_TEXT(p->from), DB_TEXT(p->to)),
			  matched_row, &x, e)) < 0 ||
	    (rc = db_each(db, sql[SQL_UNMATCHED_STMT], DB_ARGS(DB_I64(cid), DB_I64(p->ledger_id), DB_TEXT(p->from), DB_TEXT(p->to)),
			  statement_row, &x, e)) < 0 ||
	    (rc = load_pairs(db, cid, p->ledger_id, 0, &x.set, e)) < 0 ||
	    (rc = db_each(db, sql[SQL_BOOK_LINES], DB_ARGS(DB_I64(cid), DB_I64(p->ledger_id), DB_TEXT(p->from), DB_TEXT(p->to)),
			  book_row, &x, e)) < 0 ||
	    (rc = reco_summary(db, &ch, (size_t)li, p, &x, e)) < 0)
		goto out;
	rc = report_check(r, e);
out:
	free(x.set.k);
	chart_done(&ch);
	return rc;
}
