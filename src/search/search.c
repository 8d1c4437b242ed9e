/* search.c - the one search box: each kind of thing found by the index that narrows it (a voucher
 * through accounts' voucher_find, which leads with the amount, number or trigram index), the
 * answer grouped by kind. Reads only; runs in the caller's read snapshot. */
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "lib/buf.h"
#include "lib/money.h"
#include "lib/text.h"
#include "search/search.h"
#include "lib/banned.h"

enum { SQL_PARTIES, SQL_LEDGERS, SQL_ITEMS, SQL_MAX };
static const char *const sql[SQL_MAX] = {
	/* A few thousand parties, ledgers or items a company: a substring of the folded `search`
	 * text is a scan of the company's rows, well under a millisecond a thousand. */
	[SQL_PARTIES] = "SELECT id, name, name_hi, kind, gstin, phone, state_code FROM parties "
			"WHERE company_id = ? AND archived = 0 AND search LIKE ? ESCAPE '!' ORDER BY name, id LIMIT ?",
	/* Only the ledgers that are not a party's (ledgers_party, party_id IS NULL): sorting by
	 * `name || ''` keeps SQLite from walking every party's ledger in name order instead (five
	 * times the work with two thousand parties). */
	[SQL_LEDGERS] = "SELECT l.id, l.name, g.name, l.kind, l.gstin FROM ledgers l JOIN account_groups g ON g.id = l.group_id "
			"WHERE l.company_id = ? AND l.party_id IS NULL AND l.archived = 0 "
			"AND (lower(l.name) LIKE ? ESCAPE '!' OR lower(coalesce(l.gstin, '')) LIKE ? ESCAPE '!') "
			"ORDER BY l.name || '', l.id LIMIT ?",
	[SQL_ITEMS] = "SELECT i.id, i.sku, i.name, i.name_hi, u.symbol, i.hsn FROM items i JOIN units u ON u.id = i.unit_id "
		      "WHERE i.company_id = ? AND i.archived = 0 AND i.search LIKE ? ESCAPE '!' ORDER BY i.name, i.id LIMIT ?",
};

/* ---- reading what was typed ---- */

int search_amount(const char *q, int64_t *ret_paise)
{
	char digits[32];
	size_t n = 0;
	const char *s = q;
	int64_t v;

	while (*s == ' ')
		s++;
	if (strncmp(s, "\xE2\x82\xB9", 3) == 0) /* ₹ */
		s += 3;
	else if (strncmp(s, "Rs.", 3) == 0 || strncmp(s, "rs.", 3) == 0)
		s += 3;
	else if (strncmp(s, "Rs", 2) == 0 || strncmp(s, "rs", 2) == 0)
		s += 2;
	while (*s == ' ')
		s++;
	for (; *s; s++) {
		if (*s == ',')
			continue; /* Indian or Western grouping alike: the digits are what count */
		if (!((*s >= '0' && *s <= '9') || *s == '.') || n + 1 >= sizeof digits)
			return -1;
		digits[n++] = *s;
	}
	digits[n] = '\0';
	if (!n || digits[0] == '.' || money_parse(digits, &v) < 0 || v <= 0)
		return -1;
	*ret_paise = v;
	return 0;
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* ---- vouchers ---- */

enum match { M_AMOUNT, M_SEQ, M_NUMBER, M_TEXT, M_MAX };
static const char *const match_names[M_MAX] = {"amount", "seq", "number", "text"};

/* A voucher found, its text copied out of the row. */
struct hit {
	struct voucher_brief b;
	enum match m;
	char type[24], number[48], date[16], status[16];
	char *party_name, *narration;
};

struct hits {
	struct hit *v;
	int n, cap;
	enum match m;
};

static void hits_free(struct hits *h)
{
	for (int i = 0; i < h->n; i++) {
		free(h->v[i].party_name);
		free(h->v[i].narration);
	}
	free(h->v);
}

static char *dup_or_null(const char *s)
{
	char *d;
	size_t n;
	if (!s)
		return NULL;
	n = strlen(s) + 1;
	d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

/* Keeps a voucher once, under the first kind of match that found it. */
static int take_hit(void *ctx, const struct voucher_brief *b)
{
	struct hits *h = ctx;
	struct hit *x;
	for (int i = 0; i < h->n; i++)
		if (h->v[i].b.id == b->id)
			return 0;
	if (h->n == h->cap)
		return 0; /* cap is the answer's limit: the rest would be cut anyway */
	x = &h->v[h->n];
	memset(x, 0, sizeof *x);
	x->b = *b;
	x->m = h->m;
	text_copy(x->type, sizeof x->type, b->type);
	text_copy(x->number, sizeof x->number, b->number);
	text_copy(x->date, sizeof x->date, b->date);
	text_copy(x->status, sizeof x->status, b->status);
	x->party_name = dup_or_null(b->party_name);
	x->narration = dup_or_null(b->narration);
	if ((b->party_name && !x->party_name) || (b->narration && !x->narration)) {
		free(x->party_name);
		free(x->narration);
		return -1;
	}
	x->b.type = x->type, x->b.number = x->number, x->b.date = x->date, x->b.status = x->status;
	x->b.party_name = x->party_name, x->b.narration = x->narration;
	h->n++;
	return 0;
}

static int find(struct db *db, int64_t cid, struct hits *h, enum match m, struct voucher_query *vq, struct err *e)
{
	int64_t next = 0;
	if (h->n >= h->cap)
		return 0;
	h->m = m;
	vq->page.limit = h->cap;
	return voucher_find(db, cid, vq, take_hit, h, &next, e);
}

static int find_vouchers(struct db *db, int64_t cid, const char *q, struct hits *h, struct err *e)
{
	size_t chars = text_utf8_chars(q, strlen(q));
	int64_t amount, seq;
	int rc;

	if (search_amount(q, &amount) == 0) {
		struct voucher_query vq = {.has_min = 1, .has_max = 1, .amount_min = amount, .amount_max = amount};
		if ((rc = find(db, cid, h, M_AMOUNT, &vq, e)) < 0)
			return rc;
	}
	if (all_digits(q) && strlen(q) <= 18 && text_parse_i64(q, 1, INT64_MAX, &seq) == 0) {
		struct voucher_query vq = {.seq = seq};
		if ((rc = find(db, cid, h, M_SEQ, &vq, e)) < 0)
			return rc;
	}
	if (!all_digits(q) && !strchr(q, ' ')) {
		struct voucher_query vq = {.number = q};
		if ((rc = find(db, cid, h, M_NUMBER, &vq, e)) < 0)
			return rc;
	}
	if (chars >= VOUCHER_TEXT_MIN_CHARS) {
		struct voucher_query vq = {.text = q};
		if ((rc = find(db, cid, h, M_TEXT, &vq, e)) < 0)
			return rc;
	}
	return 0;
}

static void vouchers_json(struct jsonw *w, const struct hits *h)
{
	jsonw_key(w, "vouchers");
	jsonw_arr(w);
	for (int i = 0; i < h->n; i++) {
		const struct voucher_brief *b = &h->v[i].b;
		jsonw_obj(w);
		jsonw_ki64(w, "id", b->id);
		jsonw_kstr(w, "type", b->type);
		jsonw_kstr(w, "number", b->number);
		jsonw_kstr(w, "date", b->date);
		jsonw_kstr(w, "party_name", b->party_name);
		jsonw_kmoney(w, "total", b->total);
		jsonw_kstr(w, "status", b->status);
		jsonw_kstr(w, "narration", b->narration);
		jsonw_kstr(w, "match", match_names[h->v[i].m]);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
}

/* ---- parties, ledgers, items ---- */

static const char *opt(const char *s) { return s && *s ? s : NULL; }

static int party_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct jsonw *w = ctx;
	(void)e;
	jsonw_obj(w);
	jsonw_ki64(w, "id", db_col_i64(st, 0));
	jsonw_kstr(w, "name", db_col_text(st, 1));
	jsonw_kstr(w, "name_hi", opt(db_col_text(st, 2)));
	jsonw_kstr(w, "kind", db_col_text(st, 3));
	jsonw_kstr(w, "gstin", opt(db_col_text(st, 4)));
	jsonw_kstr(w, "phone", opt(db_col_text(st, 5)));
	jsonw_kstr(w, "state_code", opt(db_col_text(st, 6)));
	jsonw_obj_end(w);
	return 0;
}

static int ledger_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct jsonw *w = ctx;
	(void)e;
	jsonw_obj(w);
	jsonw_ki64(w, "id", db_col_i64(st, 0));
	jsonw_kstr(w, "name", db_col_text(st, 1));
	jsonw_kstr(w, "group", db_col_text(st, 2));
	jsonw_kstr(w, "kind", db_col_text(st, 3));
	jsonw_kstr(w, "gstin", opt(db_col_text(st, 4)));
	jsonw_obj_end(w);
	return 0;
}

static int item_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct jsonw *w = ctx;
	(void)e;
	jsonw_obj(w);
	jsonw_ki64(w, "id", db_col_i64(st, 0));
	jsonw_kstr(w, "sku", db_col_text(st, 1));
	jsonw_kstr(w, "name", db_col_text(st, 2));
	jsonw_kstr(w, "name_hi", opt(db_col_text(st, 3)));
	jsonw_kstr(w, "unit", db_col_text(st, 4));
	jsonw_kstr(w, "hsn", opt(db_col_text(st, 5)));
	jsonw_obj_end(w);
	return 0;
}

static int group(struct db *db, struct jsonw *w, const char *key, const char *stmt, const struct db_arg *a, size_t n,
		 db_row_fn row, struct err *e)
{
	int rc;
	jsonw_key(w, key);
	jsonw_arr(w);
	if ((rc = db_each(db, stmt, a, n, row, w, e)) < 0)
		return rc;
	jsonw_arr_end(w);
	return 0;
}

/* The query trimmed of spaces at both ends into out; ERR_INVALID when empty or too long. */
static int trimmed(const char *q, struct buf *out, struct err *e)
{
	const char *s = q ? q : "";
	size_t n;
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (!n) {
		err_set(e, ERR_INVALID, "q", "type something to search for");
		return err_reason(e, "required");
	}
	if (text_utf8_chars(s, n) > SEARCH_Q_MAX_CHARS) {
		err_set(e, ERR_INVALID, "q", "search for at most %d characters", SEARCH_Q_MAX_CHARS);
		err_reason(e, "too_long");
		return err_detail_int(e, "max", SEARCH_Q_MAX_CHARS);
	}
	if (buf_add(out, s, n) < 0)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	if (text_has_controls(buf_str(out)))
		return err_setr(e, ERR_INVALID, "q", "control_character", "q has control characters");
	return 0;
}

int search_json(struct db *db, int64_t cid, const char *q, int limit, const struct search_scope *scope,
		struct jsonw *w, struct err *e)
{
	struct buf text = BUF_INIT, like = BUF_INIT;
	struct hits h = {0};
	int rc;

	if (limit < 1 || limit > SEARCH_LIMIT_MAX)
		limit = SEARCH_LIMIT_DEFAULT;
	if ((rc = trimmed(q, &text, e)) < 0)
		goto out;
	if (text_like_pattern(buf_str(&text), &like) < 0) {
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	jsonw_obj(w);
	jsonw_kstr(w, "q", buf_str(&text));
	if (scope->vouchers) {
		h.cap = limit;
		if (!(h.v = calloc((size_t)limit, sizeof *h.v))) {
			rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
			goto out;
		}
		if ((rc = find_vouchers(db, cid, buf_str(&text), &h, e)) < 0)
			goto out;
		vouchers_json(w, &h);
	}
	if (scope->parties &&
	    (rc = group(db, w, "parties", sql[SQL_PARTIES], DB_ARGS(DB_I64(cid), DB_TEXT(buf_str(&like)), DB_I64(limit)),
			party_row, e)) < 0)
		goto out;
	if (scope->ledgers &&
	    (rc = group(db, w, "ledgers", sql[SQL_LEDGERS],
			DB_ARGS(DB_I64(cid), DB_TEXT(buf_str(&like)), DB_TEXT(buf_str(&like)), DB_I64(limit)), ledger_row, e)) < 0)
		goto out;
	if (scope->items &&
	    (rc = group(db, w, "items", sql[SQL_ITEMS], DB_ARGS(DB_I64(cid), DB_TEXT(buf_str(&like)), DB_I64(limit)),
			item_row, e)) < 0)
		goto out;
	jsonw_obj_end(w);
	rc = jsonw_ok(w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
out:
	hits_free(&h);
	buf_free(&text);
	buf_free(&like);
	return rc;
}
