/* voucher_list.c - vouchers found and listed, newest first: by type, period and party, and by what
 * a person remembers of one (the beginning of its number, its number in the series, its amount, a
 * part of its narration or reference), each led by the index that narrows it most. */
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "lib/text.h"
#include "lib/banned.h"

#define COLS "SELECT v.id, v.type, v.number, v.date, p.name, v.total, v.status, v.narration, v.version "
#define FROM_V "FROM vouchers v LEFT JOIN parties p ON p.id = v.party_id "
/* Every filter, each off when its first argument is ''/0; the leading condition comes before. */
#define FILTERS "AND (? = '' OR v.type = ?) AND (? = '' OR v.date >= ?) AND (? = '' OR v.date <= ?) " \
		"AND (? = 0 OR v.party_id = ?) AND (? = 0 OR v.id < ?) AND (? = 0 OR v.total >= ?) " \
		"AND (? = 0 OR v.total <= ?) AND (? = 0 OR v.seq = ?) AND (? = '' OR substr(v.number, 1, length(?)) = ?) "
#define TAIL "ORDER BY v.id DESC LIMIT ?"
/* PostgreSQL: q as an ILIKE pattern matching it anywhere, its %, _ and ! escaped by '!'. */
#define PG_PATTERN "('%' || replace(replace(replace(?, '!', '!!'), '%', '!%'), '_', '!_') || '%')"

enum {
	SQL_PLAIN, SQL_AMOUNT, SQL_SEQ, SQL_NUMBER, SQL_NUMBER_PG, SQL_TEXT, SQL_TEXT_PG,
	SQL_AMOUNT_SIZE, SQL_NUMBER_SIZE, SQL_NUMBER_SIZE_PG, SQL_TEXT_OPTIMIZE, SQL_MAX
};
static const char *const sql[SQL_MAX] = {
	[SQL_PLAIN] = COLS FROM_V "WHERE v.company_id = ? AND ? = ? " FILTERS TAIL,
	/* A range (of totals, of numbers) is read off its index alone and only the newest ids of it
	 * are kept - a page and one, or all of them when other filters may still drop some - so only
	 * those rows are fetched: a range of a hundred thousand vouchers costs a scan of the index,
	 * not a hundred thousand row reads to sort (at a million vouchers, 30 ms instead of 200). */
	[SQL_AMOUNT] = COLS FROM_V "WHERE v.company_id = ? AND v.id IN (SELECT id FROM vouchers WHERE company_id = ? "
		       "AND total >= ? AND total <= ? AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?) " FILTERS TAIL,
	/* A number in the series is looked up in each series the company has, on the key every
	 * voucher already has (company_id, type, fy, seq): no index of its own to keep up. CROSS JOIN
	 * keeps SQLite walking the few series first; joined the other way round, it would walk every
	 * voucher in id order for the sake of ORDER BY (a third of a second at a million). */
	[SQL_SEQ] = COLS "FROM voucher_series s CROSS JOIN vouchers v LEFT JOIN parties p ON p.id = v.party_id "
		    "WHERE v.company_id = s.company_id AND v.type = s.type AND v.fy = s.fy AND v.seq = ? AND s.company_id = ? AND ? = ? "
		    FILTERS TAIL,
	/* A prefix as a range: every number that begins with it sorts from it up to it followed by the
	 * last code point, byte by byte on both engines (PostgreSQL's collation may ignore the '/'). */
	[SQL_NUMBER] = COLS FROM_V "WHERE v.company_id = ? AND v.id IN (SELECT id FROM vouchers WHERE company_id = ? "
		       "AND number >= ? AND number < ? AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?) " FILTERS TAIL,
	[SQL_NUMBER_PG] = COLS FROM_V "WHERE v.company_id = ? AND v.id IN (SELECT id FROM vouchers WHERE company_id = ? "
			  "AND number COLLATE \"C\" >= ? AND number COLLATE \"C\" < ? AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?) "
			  FILTERS TAIL,
	/* The trigram table gives the matching vouchers newest first and stops at the page's end; q
	 * is one phrase (its quotes doubled), so it matches as a substring. The second argument is q
	 * again, bound only so that both engines take the same arguments. */
	[SQL_TEXT] = COLS "FROM voucher_text f JOIN vouchers v ON v.id = f.rowid LEFT JOIN parties p ON p.id = v.party_id "
		     "WHERE v.company_id = ? AND f.voucher_text MATCH ('\"' || replace(?, '\"', '\"\"') || '\"') AND ? <> '' "
		     FILTERS "ORDER BY f.rowid DESC LIMIT ?",
	[SQL_TEXT_PG] = COLS FROM_V "WHERE v.company_id = ? AND (v.narration ILIKE " PG_PATTERN " ESCAPE '!' "
			"OR v.reference ILIKE " PG_PATTERN " ESCAPE '!') " FILTERS TAIL,
	/* How many vouchers a range holds, counted on its index up to a bound. */
	[SQL_AMOUNT_SIZE] = "SELECT count(*) FROM (SELECT 1 FROM vouchers WHERE company_id = ? AND total >= ? AND total <= ? LIMIT ?) r",
	[SQL_NUMBER_SIZE] = "SELECT count(*) FROM (SELECT 1 FROM vouchers WHERE company_id = ? AND number >= ? AND number < ? LIMIT ?) r",
	[SQL_NUMBER_SIZE_PG] = "SELECT count(*) FROM (SELECT 1 FROM vouchers WHERE company_id = ? AND number COLLATE \"C\" >= ? "
			       "AND number COLLATE \"C\" < ? LIMIT ?) r",
	/* FTS5 merges the trigram index's segments into one (SQLite only). */
	[SQL_TEXT_OPTIMIZE] = "INSERT INTO voucher_text(voucher_text) VALUES ('optimize')",
};

/* A range with other filters beside it that holds this many vouchers or more is not read whole:
 * the vouchers are walked newest first through every filter instead, which finds a page soon
 * when the range is wide (a type and "from 1,000 rupees" at a million: 3 s read whole). */
#define RANGE_WIDE 5000

/* U+10FFFF: sorts after every character a number can hold. */
#define LAST_CODE_POINT "\xF4\x8F\xBF\xBF"
#define NUMBER_MAX 40

struct find_rows {
	int (*each)(void *ctx, const struct voucher_brief *b);
	void *ctx;
	int limit, n;
	int64_t last, next;
};

static const char *opt(const char *s) { return s && s[0] ? s : NULL; }

static int find_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct find_rows *p = ctx;
	struct voucher_brief b;
	if (p->n == p->limit) {
		p->next = p->last;
		return 1;
	}
	b.id = db_col_i64(st, 0);
	b.type = db_col_text(st, 1);
	b.number = db_col_text(st, 2);
	b.date = db_col_text(st, 3);
	b.party_name = opt(db_col_text(st, 4));
	b.total = db_col_i64(st, 5);
	b.status = db_col_text(st, 6);
	b.narration = opt(db_col_text(st, 7));
	b.version = db_col_i64(st, 8);
	p->last = b.id;
	p->n++;
	if (p->each(p->ctx, &b) < 0)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	return 0;
}

static int check_text(const char *s, struct err *e)
{
	size_t n = text_utf8_chars(s, strlen(s));
	if (n < VOUCHER_TEXT_MIN_CHARS) {
		err_set(e, ERR_INVALID, "q", "search for at least %d characters of a narration or reference", VOUCHER_TEXT_MIN_CHARS);
		err_reason(e, "too_short");
		return err_detail_int(e, "min", VOUCHER_TEXT_MIN_CHARS);
	}
	if (n > VOUCHER_TEXT_MAX_CHARS) {
		err_set(e, ERR_INVALID, "q", "search for at most %d characters", VOUCHER_TEXT_MAX_CHARS);
		err_reason(e, "too_long");
		return err_detail_int(e, "max", VOUCHER_TEXT_MAX_CHARS);
	}
	return 0;
}

/* The lead of a query: the statement and its first arguments, before the filters every statement
 * shares. A range (of numbers, of totals) leads unless other filters stand beside it and it is
 * wide; then the newest-first walk does. */
struct lead {
	const char *stmt;
	struct db_arg a[8];
	size_t n;
};

static int range_lead(struct db *db, int64_t cid, const struct voucher_query *q, int alone, const char *stmt,
		      const char *size_stmt, struct db_arg lo, struct db_arg hi, struct lead *l, struct err *e)
{
	int64_t size = 0;
	int rc;
	if (!alone &&
	    (rc = db_i64(db, size_stmt, DB_ARGS(DB_I64(cid), lo, hi, DB_I64(RANGE_WIDE)), &size, e)) < 0)
		return rc;
	if (!alone && size >= RANGE_WIDE) {
		l->stmt = sql[SQL_PLAIN];
		l->a[l->n++] = DB_I64(cid), l->a[l->n++] = DB_I64(0), l->a[l->n++] = DB_I64(0);
		return 0;
	}
	l->stmt = stmt;
	l->a[l->n++] = DB_I64(cid), l->a[l->n++] = DB_I64(cid), l->a[l->n++] = lo, l->a[l->n++] = hi;
	l->a[l->n++] = DB_I64(q->page.after), l->a[l->n++] = DB_I64(q->page.after);
	l->a[l->n++] = DB_I64(alone ? q->page.limit + 1 : INT64_MAX);
	return 0;
}

/* The narrowest index leads: the text index, else the number, else the series number, else the
 * total, else the date order. */
static int pick_lead(struct db *db, int64_t cid, const struct voucher_query *q, const char *text, const char *number,
		     const char *number_end, struct lead *l, struct err *e)
{
	int others = (q->type && q->type[0]) || (q->from && q->from[0]) || (q->to && q->to[0]) || q->party_id;
	l->n = 0;
	if (text) {
		l->stmt = db_sql_engine(db, sql[SQL_TEXT], sql[SQL_TEXT_PG]);
		l->a[l->n++] = DB_I64(cid), l->a[l->n++] = DB_TEXT(text), l->a[l->n++] = DB_TEXT(text);
	} else if (number[0]) {
		return range_lead(db, cid, q, !others && !q->seq && !q->has_min && !q->has_max,
				  db_sql_engine(db, sql[SQL_NUMBER], sql[SQL_NUMBER_PG]),
				  db_sql_engine(db, sql[SQL_NUMBER_SIZE], sql[SQL_NUMBER_SIZE_PG]), DB_TEXT(number), DB_TEXT(number_end), l, e);
	} else if (q->seq) { /* the series join binds seq before the company */
		l->stmt = sql[SQL_SEQ];
		l->a[l->n++] = DB_I64(q->seq), l->a[l->n++] = DB_I64(cid), l->a[l->n++] = DB_I64(0), l->a[l->n++] = DB_I64(0);
	} else if (q->has_min || q->has_max) {
		return range_lead(db, cid, q, !others, sql[SQL_AMOUNT], sql[SQL_AMOUNT_SIZE],
				  DB_I64(q->has_min ? q->amount_min : INT64_MIN), DB_I64(q->has_max ? q->amount_max : INT64_MAX), l, e);
	} else {
		l->stmt = sql[SQL_PLAIN];
		l->a[l->n++] = DB_I64(cid), l->a[l->n++] = DB_I64(0), l->a[l->n++] = DB_I64(0);
	}
	return 0;
}

int voucher_find(struct db *db, int64_t cid, const struct voucher_query *q,
		 int (*each)(void *ctx, const struct voucher_brief *b), void *ctx, int64_t *ret_next, struct err *e)
{
	struct find_rows p = {each, ctx, q->page.limit, 0, 0, 0};
	const char *type = q->type ? q->type : "", *from = q->from ? q->from : "", *to = q->to ? q->to : "";
	const char *text = q->text && q->text[0] ? q->text : NULL;
	char number[NUMBER_MAX + 1] = "", number_end[NUMBER_MAX + sizeof LAST_CODE_POINT] = "";
	struct lead l;
	struct db_arg a[40];
	size_t n = 0;
	int rc;

	if (text && (rc = check_text(text, e)) < 0)
		return rc;
	if (q->has_min && q->has_max && q->amount_min > q->amount_max) {
		err_set(e, ERR_INVALID, "amount_max", "amount_max is below amount_min");
		err_reason(e, "below_min");
		return err_detail_money(e, "min", q->amount_min);
	}
	if (q->number && q->number[0]) {
		if (text_copy(number, sizeof number, q->number) < 0) /* longer than any number: none matches */
			return 0;
		for (char *c = number; *c; c++)
			if (*c >= 'a' && *c <= 'z')
				*c = (char)(*c - 'a' + 'A');
		memcpy(number_end, number, strlen(number));
		memcpy(number_end + strlen(number), LAST_CODE_POINT, sizeof LAST_CODE_POINT);
	}
	if ((rc = pick_lead(db, cid, q, text, number, number_end, &l, e)) < 0)
		return rc;
	memcpy(a, l.a, l.n * sizeof a[0]);
	n = l.n;
	a[n++] = DB_TEXT(type), a[n++] = DB_TEXT(type);
	a[n++] = DB_TEXT(from), a[n++] = DB_TEXT(from);
	a[n++] = DB_TEXT(to), a[n++] = DB_TEXT(to);
	a[n++] = DB_I64(q->party_id), a[n++] = DB_I64(q->party_id);
	a[n++] = DB_I64(q->page.after), a[n++] = DB_I64(q->page.after);
	a[n++] = DB_I64(q->has_min), a[n++] = DB_I64(q->amount_min);
	a[n++] = DB_I64(q->has_max), a[n++] = DB_I64(q->amount_max);
	a[n++] = DB_I64(q->seq), a[n++] = DB_I64(q->seq);
	a[n++] = DB_TEXT(number), a[n++] = DB_TEXT(number), a[n++] = DB_TEXT(number);
	a[n++] = DB_I64(q->page.limit + 1);
	if ((rc = db_each(db, l.stmt, a, n, find_row, &p, e)) < 0)
		return rc;
	*ret_next = p.next;
	return 0;
}

int voucher_text_optimize(struct db *db, struct err *e)
{
	const char *stmt = db_sql_engine(db, sql[SQL_TEXT_OPTIMIZE], NULL);
	int rc;
	if (!stmt)
		return 0; /* PostgreSQL's GIN indexes need nothing of the kind */
	rc = db_run(db, stmt, DB_NOARGS, e);
	return rc < 0 ? rc : 0;
}

void voucher_brief_json(struct jsonw *w, const struct voucher_brief *b)
{
	jsonw_obj(w);
	jsonw_ki64(w, "id", b->id);
	jsonw_kstr(w, "type", b->type);
	jsonw_kstr(w, "number", b->number);
	jsonw_kstr(w, "date", b->date);
	jsonw_kstr(w, "party_name", b->party_name);
	jsonw_kmoney(w, "total", b->total);
	jsonw_kstr(w, "status", b->status);
	jsonw_kstr(w, "narration", b->narration);
	jsonw_ki64(w, "version", b->version);
	jsonw_obj_end(w);
}

static int brief_json(void *ctx, const struct voucher_brief *b)
{
	voucher_brief_json(ctx, b);
	return 0;
}

int voucher_list_json(struct db *db, int64_t cid, const struct voucher_query *q, struct jsonw *w, int64_t *ret_next,
		      struct err *e)
{
	int rc = voucher_find(db, cid, q, brief_json, w, ret_next, e);
	if (rc < 0)
		return rc;
	return jsonw_ok(w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
}
