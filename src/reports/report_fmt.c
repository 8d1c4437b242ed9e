/* report_fmt.c - the generic report: building tables of typed cells, and the three renderers
 * (JSON with money as decimal strings, RFC 4180 CSV, and an aligned text table). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/jsonw.h"
#include "lib/money.h"
#include "reports/reports.h"
#include "lib/text.h"
#include "lib/banned.h"

static const char *const kind_names[ROW_KIND_MAX] = {
	"data", "section", "group", "ledger", "opening", "closing", "subtotal", "total",
};
static const char *const type_names[REPORT_TYPE_MAX] = {"text", "money", "int", "date", "qty"};

void report_init(struct report *r)
{
	memset(r, 0, sizeof *r);
	r->pool.limit = (size_t)256 << 20;
	r->extra_json.limit = (size_t)64 << 20;
}

void report_done(struct report *r)
{
	if (!r)
		return;
	for (int i = 0; i < r->ntables && i < REPORT_MAX_TABLES; i++) {
		free(r->tables[i].rows);
		free(r->tables[i].cells);
	}
	buf_free(&r->pool);
	buf_free(&r->extra_json);
	r->ntables = 0;
	r->nmeta = 0;
}

/* Stores s (NUL included) in the pool; -1 on failure (failed set). */
static int64_t pool_add(struct report *r, const char *s)
{
	int64_t off;
	if (r->failed)
		return -1;
	if (!s)
		s = "";
	/* Offset 0 is never a string, so that an all-zero cell can never alias one by accident. */
	if (r->pool.len == 0 && buf_addc(&r->pool, '\0') < 0) {
		r->failed = 1;
		return -1;
	}
	off = (int64_t)r->pool.len;
	if (buf_add(&r->pool, s, strlen(s) + 1) < 0) {
		r->failed = 1;
		return -1;
	}
	return off;
}

const char *report_str(const struct report *r, int64_t off)
{
	if (off <= 0 || (size_t)off >= r->pool.len)
		return "";
	return r->pool.data + off;
}

struct report_table *report_table_add(struct report *r, const char *name, const char *title)
{
	struct report_table *t;
	if (r->failed)
		return NULL;
	if (r->ntables >= REPORT_MAX_TABLES) {
		r->failed = 1;
		return NULL;
	}
	t = &r->tables[r->ntables];
	memset(t, 0, sizeof *t);
	t->name = name;
	t->title = pool_add(r, title);
	if (t->title < 0)
		return NULL;
	r->ntables++;
	return t;
}

void report_col(struct report_table *t, const char *key, const char *title, enum report_type type)
{
	if (!t || t->ncols >= REPORT_MAX_COLS || t->nrows > 0)
		return;
	t->cols[t->ncols].key = key;
	t->cols[t->ncols].title = title;
	t->cols[t->ncols].type = type;
	t->cols[t->ncols].drcr = 0;
	t->cols[t->ncols].show_zero = 0;
	t->ncols++;
}

long report_row(struct report *r, struct report_table *t, enum report_row_kind kind, int level)
{
	size_t n;
	if (r->failed || !t)
		return -1;
	if (r->total_rows >= REPORT_MAX_ROWS) {
		r->failed = 2;
		return -1;
	}
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct report_row *rows = realloc(t->rows, cap * sizeof *rows);
		struct report_cell *cells;
		if (!rows) {
			r->failed = 1;
			return -1;
		}
		t->rows = rows;
		cells = realloc(t->cells, cap * (size_t)(t->ncols ? t->ncols : 1) * sizeof *cells);
		if (!cells) {
			r->failed = 1;
			return -1;
		}
		t->cells = cells;
		t->cap = cap;
	}
	n = t->nrows++;
	r->total_rows++;
	t->rows[n].kind = kind;
	t->rows[n].level = level;
	t->rows[n].id_name = NULL;
	t->rows[n].id = 0;
	memset(t->rows[n].ref_name, 0, sizeof t->rows[n].ref_name);
	t->rows[n].section = -1;
	memset(&t->cells[n * (size_t)t->ncols], 0, (size_t)t->ncols * sizeof *t->cells);
	return (long)n;
}

void report_row_id(struct report_table *t, long row, const char *id_name, int64_t id)
{
	if (!t || row < 0 || (size_t)row >= t->nrows)
		return;
	t->rows[row].id_name = id_name;
	t->rows[row].id = id;
}

void report_row_ref(struct report_table *t, long row, const char *name, int64_t v)
{
	if (!t || row < 0 || (size_t)row >= t->nrows)
		return;
	for (int i = 0; i < REPORT_ROW_REFS; i++)
		if (!t->rows[row].ref_name[i]) {
			t->rows[row].ref_name[i] = name;
			t->rows[row].ref[i] = v;
			return;
		}
}

void report_row_section(struct report *r, struct report_table *t, long row, const char *section)
{
	if (!t || row < 0 || (size_t)row >= t->nrows)
		return;
	t->rows[row].section = pool_add(r, section);
}

void report_set_i64(struct report_table *t, long row, int col, int64_t v)
{
	struct report_cell *c;
	if (!t || row < 0 || (size_t)row >= t->nrows || col < 0 || col >= t->ncols)
		return;
	c = &t->cells[(size_t)row * (size_t)t->ncols + (size_t)col];
	c->v = v;
	c->set = 1;
}

void report_set_text(struct report *r, struct report_table *t, long row, int col, const char *s)
{
	int64_t off;
	if (!t || row < 0 || (size_t)row >= t->nrows || col < 0 || col >= t->ncols || !s)
		return;
	off = pool_add(r, s);
	if (off < 0)
		return;
	report_set_i64(t, row, col, off);
}

const struct report_cell *report_cell(const struct report_table *t, size_t row, int col)
{
	static const struct report_cell empty = {0, 0};
	if (!t || row >= t->nrows || col < 0 || col >= t->ncols)
		return &empty;
	return &t->cells[row * (size_t)t->ncols + (size_t)col];
}

const char *report_text(const struct report *r, const struct report_table *t, size_t row, int col)
{
	const struct report_cell *c = report_cell(t, row, col);
	return c->set ? report_str(r, c->v) : "";
}

static void meta_add(struct report *r, const char *key, enum report_meta_type type, int64_t v)
{
	for (int i = 0; i < r->nmeta; i++)
		if (strcmp(r->meta[i].key, key) == 0) {
			r->meta[i].type = type;
			r->meta[i].v = v;
			return;
		}
	if (r->nmeta >= REPORT_MAX_META) {
		r->failed = 1;
		return;
	}
	r->meta[r->nmeta].key = key;
	r->meta[r->nmeta].type = type;
	r->meta[r->nmeta].v = v;
	r->nmeta++;
}

void report_meta_money(struct report *r, const char *key, int64_t v) { meta_add(r, key, META_MONEY, v); }
void report_meta_int(struct report *r, const char *key, int64_t v) { meta_add(r, key, META_INT, v); }
void report_meta_bool(struct report *r, const char *key, int v) { meta_add(r, key, META_BOOL, v != 0); }

void report_meta_text(struct report *r, const char *key, const char *s)
{
	int64_t off = pool_add(r, s);
	if (off >= 0)
		meta_add(r, key, META_TEXT, off);
}

const struct report_meta *report_meta_get(const struct report *r, const char *key)
{
	for (int i = 0; i < r->nmeta; i++)
		if (strcmp(r->meta[i].key, key) == 0)
			return &r->meta[i];
	return NULL;
}

int report_check(struct report *r, struct err *e)
{
	if (r->failed == 2) {
		err_setr(e, ERR_TOO_LARGE, "to", "too_many_rows", "the report would have more than %d rows; choose a shorter period",
			 REPORT_MAX_ROWS);
		return err_detail_int(e, "max", REPORT_MAX_ROWS);
	}
	if (r->failed)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory building the report");
	return 0;
}

/* The tables to render: all, or the one named. */
static int pick(const struct report *r, const char *table, int *lo, int *hi, struct err *e)
{
	*lo = 0;
	*hi = r->ntables;
	if (!table || !*table)
		return 0;
	for (int i = 0; i < r->ntables; i++)
		if (strcmp(r->tables[i].name, table) == 0) {
			*lo = i;
			*hi = i + 1;
			return 0;
		}
	return err_setr(e, ERR_INVALID, "section", "unknown_section", "this report has no section \"%.40s\"", table);
}

/* ---- JSON ---- */

static void json_meta(const struct report *r, struct jsonw *w)
{
	jsonw_key(w, "summary");
	jsonw_obj(w);
	for (int i = 0; i < r->nmeta; i++) {
		const struct report_meta *m = &r->meta[i];
		switch (m->type) {
		case META_MONEY:
			jsonw_kmoney(w, m->key, m->v);
			break;
		case META_INT:
			jsonw_ki64(w, m->key, m->v);
			break;
		case META_BOOL:
			jsonw_kbool(w, m->key, (int)m->v);
			break;
		default:
			jsonw_kstr(w, m->key, report_str(r, m->v));
			break;
		}
	}
	jsonw_obj_end(w);
}

/* A quantity as the inventory API writes it: a decimal string without trailing zeros. */
static void json_qty(struct jsonw *w, int64_t v)
{
	char q[32];
	decimal_format(v, 3, q, sizeof q);
	jsonw_str(w, q);
}

static void json_table(const struct report *r, const struct report_table *t, struct jsonw *w)
{
	jsonw_obj(w);
	jsonw_kstr(w, "name", t->name);
	jsonw_kstr(w, "title", report_str(r, t->title));
	jsonw_key(w, "columns");
	jsonw_arr(w);
	for (int c = 0; c < t->ncols; c++) {
		jsonw_obj(w);
		jsonw_kstr(w, "key", t->cols[c].key);
		jsonw_kstr(w, "title", t->cols[c].title);
		jsonw_kstr(w, "type", type_names[t->cols[c].type]);
		if (t->cols[c].drcr)
			jsonw_kbool(w, "debit_positive", 1);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_key(w, "rows");
	jsonw_arr(w);
	for (size_t i = 0; i < t->nrows; i++) {
		const struct report_row *row = &t->rows[i];
		jsonw_obj(w);
		jsonw_kstr(w, "kind", kind_names[row->kind]);
		jsonw_ki64(w, "level", row->level);
		if (row->id_name)
			jsonw_ki64(w, row->id_name, row->id);
		for (int k = 0; k < REPORT_ROW_REFS && row->ref_name[k]; k++)
			jsonw_ki64(w, row->ref_name[k], row->ref[k]);
		if (row->section > 0)
			jsonw_kstr(w, "section", report_str(r, row->section));
		jsonw_key(w, "cells");
		jsonw_obj(w);
		for (int c = 0; c < t->ncols; c++) {
			const struct report_cell *cell = report_cell(t, i, c);
			jsonw_key(w, t->cols[c].key);
			if (!cell->set)
				jsonw_null(w);
			else if (t->cols[c].type == REPORT_MONEY)
				jsonw_money(w, cell->v);
			else if (t->cols[c].type == REPORT_INT)
				jsonw_i64(w, cell->v);
			else if (t->cols[c].type == REPORT_QTY)
				json_qty(w, cell->v);
			else
				jsonw_str(w, report_str(r, cell->v));
		}
		jsonw_obj_end(w);
		jsonw_obj_end(w);
		if (w->failed)
			return;
	}
	jsonw_arr_end(w);
	jsonw_obj_end(w);
}

int report_json(const struct report *r, const char *table, struct buf *out, struct err *e)
{
	struct jsonw w;
	int lo, hi, rc;

	if ((rc = pick(r, table, &lo, &hi, e)) < 0)
		return rc;
	jsonw_init(&w, out);
	jsonw_obj(&w);
	jsonw_kstr(&w, "report", r->name);
	jsonw_kstr(&w, "title", r->title);
	jsonw_key(&w, "company");
	jsonw_obj(&w);
	jsonw_ki64(&w, "id", r->company_id);
	jsonw_kstr(&w, "name", r->company);
	jsonw_obj_end(&w);
	jsonw_kstr(&w, "from", *r->from ? r->from : NULL);
	jsonw_kstr(&w, "to", *r->to ? r->to : NULL);
	json_meta(r, &w);
	jsonw_key(&w, "tables");
	jsonw_arr(&w);
	for (int i = lo; i < hi; i++)
		json_table(r, &r->tables[i], &w);
	jsonw_arr_end(&w);
	if (r->extra_json.len && (!table || !*table))
		jsonw_raw(&w, buf_str(&r->extra_json));
	if (r->paged) {
		jsonw_key(&w, "next");
		if (r->next) {
			char cur[24];
			snprintf(cur, sizeof cur, "%lld", (long long)r->next);
			jsonw_str(&w, cur);
		} else {
			jsonw_null(&w);
		}
	}
	jsonw_obj_end(&w);
	if (jsonw_ok(&w) < 0)
		return err_setr(e, ERR_TOO_LARGE, NULL, "report_too_large", "the report is too large to send; choose a shorter period");
	return 0;
}

/* ---- CSV ---- */

/* One field, quoted when it must be (RFC 4180). Text a spreadsheet would evaluate (=, +, -, @,
 * tab, CR at the start) gets a leading apostrophe: CSV files travel to Excel. */
static int csv_field(struct buf *out, const char *s, int guard)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	int rc = 0;
	if (guard && (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r'))
		quote = 1;
	else
		guard = 0;
	if (!quote)
		return buf_adds(out, s);
	rc |= buf_addc(out, '"');
	if (guard)
		rc |= buf_addc(out, '\'');
	for (; *s && rc == 0; s++) {
		if (*s == '"')
			rc |= buf_addc(out, '"');
		rc |= buf_addc(out, *s);
	}
	rc |= buf_addc(out, '"');
	return rc ? -1 : 0;
}

static int csv_table(const struct report *r, const struct report_table *t, struct buf *out)
{
	int rc = 0, sections = 0;
	char num[MONEY_STR_MAX];

	for (size_t i = 0; i < t->nrows; i++)
		if (t->rows[i].section > 0)
			sections = 1;
	if (t->grouped)
		rc |= buf_adds(out, "Kind,Level,");
	if (sections)
		rc |= buf_adds(out, "Section,");
	for (int c = 0; c < t->ncols; c++) {
		if (c)
			rc |= buf_addc(out, ',');
		rc |= csv_field(out, t->cols[c].title, 1);
	}
	rc |= buf_adds(out, "\r\n");
	for (size_t i = 0; i < t->nrows && rc == 0; i++) {
		const struct report_row *row = &t->rows[i];
		if (t->grouped)
			rc |= buf_addf(out, "%s,%d,", kind_names[row->kind], row->level);
		if (sections) {
			rc |= csv_field(out, report_str(r, row->section), 1);
			rc |= buf_addc(out, ',');
		}
		for (int c = 0; c < t->ncols; c++) {
			const struct report_cell *cell = report_cell(t, i, c);
			if (c)
				rc |= buf_addc(out, ',');
			if (!cell->set)
				continue;
			switch (t->cols[c].type) {
			case REPORT_MONEY:
				money_format(cell->v, num, sizeof num);
				rc |= buf_adds(out, num);
				break;
			case REPORT_INT:
				rc |= buf_addf(out, "%lld", (long long)cell->v);
				break;
			case REPORT_QTY:
				decimal_format(cell->v, 3, num, sizeof num);
				rc |= buf_adds(out, num);
				break;
			default:
				rc |= csv_field(out, report_str(r, cell->v), t->cols[c].type == REPORT_TEXT);
				break;
			}
		}
		rc |= buf_adds(out, "\r\n");
	}
	return rc ? -1 : 0;
}

int report_csv(const struct report *r, const char *table, struct buf *out, struct err *e)
{
	int lo, hi, rc;
	if ((rc = pick(r, table, &lo, &hi, e)) < 0)
		return rc;
	for (int i = lo; i < hi; i++) {
		int bad = 0;
		if (hi - lo > 1)
			bad = buf_addf(out, "%s# %s\r\n", i > lo ? "\r\n" : "", r->tables[i].name);
		if (bad < 0 || csv_table(r, &r->tables[i], out) < 0)
			return err_setr(e, ERR_TOO_LARGE, NULL, "report_too_large", "the report is too large to send; choose a shorter period");
	}
	return 0;
}

/* ---- text table ---- */

#define TEXT_COL_MAX 48  /* code points of a text cell before it is cut with an ellipsis */

/* Code points of s (valid UTF-8 from the database; Devanagari counts one per code point). */
static size_t width_of(const char *s) { return text_utf8_chars(s, strlen(s)); }

/* A quantity in thousandths grouped the Indian way, trailing zeros dropped: 123456500 ->
 * "1,23,456.5". out is cut short (still NUL-terminated) when cap is too small. */
static void qty_indian(int64_t v, char *out, size_t cap)
{
	char plain[32];
	const char *s = plain, *dot;
	size_t n = 0, nint;

	if (cap == 0)
		return;
	decimal_format(v, 3, plain, sizeof plain);
	if (*s == '-' && n + 1 < cap) {
		out[n++] = '-';
		s++;
	}
	dot = strchr(s, '.');
	nint = dot ? (size_t)(dot - s) : strlen(s);
	for (size_t i = 0; i < nint && n + 3 < cap; i++) {
		size_t left = nint - i; /* digits from this one to the point */
		if (i > 0 && (left == 3 || (left > 3 && (left - 3) % 2 == 0)))
			out[n++] = ',';
		out[n++] = s[i];
	}
	for (const char *f = dot; f && *f && n + 1 < cap; f++)
		out[n++] = *f;
	out[n] = '\0';
}

/* Renders one cell as the text table shows it into out (cap bytes). */
static void text_cell(const struct report *r, const struct report_table *t, size_t row, int c, char *out, size_t cap)
{
	const struct report_cell *cell = report_cell(t, row, c);
	const struct report_col *col = &t->cols[c];
	*out = '\0';
	if (!cell->set)
		return;
	if (col->type == REPORT_MONEY) {
		enum report_row_kind k = t->rows[row].kind;
		/* Zeros in the body of a table are noise to a reader; totals and balances keep them. */
		if (cell->v == 0 && !col->drcr && !col->show_zero && k != ROW_TOTAL && k != ROW_SUBTOTAL)
			return;
		if (col->drcr && cell->v != 0) {
			char m[MONEY_STR_MAX];
			/* -INT64_MIN does not exist; such a balance is not a real one, but print it anyway. */
			money_format_indian(cell->v < 0 && cell->v != INT64_MIN ? -cell->v : cell->v, m, sizeof m);
			snprintf(out, cap, "%s %s", m, cell->v > 0 ? "Dr" : "Cr");
		} else {
			money_format_indian(cell->v, out, cap);
		}
	} else if (col->type == REPORT_INT) {
		snprintf(out, cap, "%lld", (long long)cell->v);
	} else if (col->type == REPORT_QTY) {
		enum report_row_kind k = t->rows[row].kind;
		if (cell->v == 0 && !col->show_zero && k != ROW_TOTAL && k != ROW_SUBTOTAL)
			return;
		qty_indian(cell->v, out, cap);
	} else {
		const char *s = report_str(r, cell->v);
		size_t n = 0, chars = 0, ind = c == 0 && t->rows[row].level > 0 ? (size_t)t->rows[row].level * 2 : 0;
		if (ind > 20)
			ind = 20;
		for (size_t i = 0; i < ind && n + 1 < cap; i++)
			out[n++] = ' ';
		/* Copy whole code points; cut long text and mark it. */
		for (size_t i = 0; s[i] && n + 4 < cap; chars++) {
			size_t len = 1;
			if (chars == TEXT_COL_MAX - 1 && width_of(s + i) > 1) {
				memcpy(out + n, "\xe2\x80\xa6", 3); /* … */
				n += 3;
				break;
			}
			while (s[i + len] && ((unsigned char)s[i + len] & 0xC0) == 0x80)
				len++;
			if (n + len + 4 >= cap)
				break;
			memcpy(out + n, s + i, len);
			/* A line break or tab inside a cell would break the table's lines. */
			if (len == 1 && (unsigned char)out[n] < 0x20)
				out[n] = ' ';
			n += len;
			i += len;
		}
		out[n] = '\0';
	}
}

static int pad(struct buf *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (buf_addc(out, ' ') < 0)
			return -1;
	return 0;
}

static int text_table(const struct report *r, const struct report_table *t, struct buf *out)
{
	size_t w[REPORT_MAX_COLS], total = 0;
	char cell[512];
	int rc = 0;

	for (int c = 0; c < t->ncols; c++)
		w[c] = width_of(t->cols[c].title);
	for (size_t i = 0; i < t->nrows; i++)
		for (int c = 0; c < t->ncols; c++) {
			size_t n;
			text_cell(r, t, i, c, cell, sizeof cell);
			n = width_of(cell);
			if (n > w[c])
				w[c] = n;
		}
	for (int c = 0; c < t->ncols; c++)
		total += w[c] + (c ? 2 : 0);
	if (*report_str(r, t->title))
		rc |= buf_addf(out, "%s\n", report_str(r, t->title));
	/* Header, then a rule. Text columns align left, numbers right. */
	for (int c = 0; c < t->ncols; c++) {
		size_t n = width_of(t->cols[c].title);
		int right = t->cols[c].type == REPORT_MONEY || t->cols[c].type == REPORT_INT || t->cols[c].type == REPORT_QTY;
		if (c)
			rc |= pad(out, 2);
		if (right)
			rc |= pad(out, w[c] - n);
		rc |= buf_adds(out, t->cols[c].title);
		if (!right && c + 1 < t->ncols)
			rc |= pad(out, w[c] - n);
	}
	rc |= buf_addc(out, '\n');
	for (size_t i = 0; i < total; i++)
		rc |= buf_addc(out, '-');
	rc |= buf_addc(out, '\n');
	for (size_t i = 0; i < t->nrows && rc == 0; i++) {
		enum report_row_kind k = t->rows[i].kind;
		if (k == ROW_TOTAL) {
			for (size_t j = 0; j < total; j++)
				rc |= buf_addc(out, '-');
			rc |= buf_addc(out, '\n');
		} else if (k == ROW_SECTION && i > 0) {
			rc |= buf_addc(out, '\n');
		}
		for (int c = 0; c < t->ncols; c++) {
			size_t n;
			int right = t->cols[c].type == REPORT_MONEY || t->cols[c].type == REPORT_INT || t->cols[c].type == REPORT_QTY;
			text_cell(r, t, i, c, cell, sizeof cell);
			n = width_of(cell);
			if (c)
				rc |= pad(out, 2);
			if (right)
				rc |= pad(out, w[c] - n);
			rc |= buf_adds(out, cell);
			if (!right && c + 1 < t->ncols)
				rc |= pad(out, w[c] - n);
		}
		/* Blank cells at the end of a row leave no trailing spaces. */
		while (rc == 0 && out->len > 0 && out->data[out->len - 1] == ' ')
			out->data[--out->len] = '\0';
		rc |= buf_addc(out, '\n');
	}
	if (t->nrows == 0)
		rc |= buf_adds(out, "(nothing to show)\n");
	return rc ? -1 : 0;
}

int report_text_table(const struct report *r, const char *table, struct buf *out, struct err *e)
{
	int lo, hi, rc;
	char m[MONEY_STR_MAX];

	if ((rc = pick(r, table, &lo, &hi, e)) < 0)
		return rc;
	rc = buf_addf(out, "%s\n%s\n", r->title, r->company);
	if (*r->from && *r->to && strcmp(r->from, r->to) != 0)
		rc |= buf_addf(out, "%s to %s\n", r->from, r->to);
	else if (*r->to)
		rc |= buf_addf(out, "as at %s\n", r->to);
	for (int i = lo; i < hi && rc == 0; i++) {
		rc |= buf_addc(out, '\n');
		rc |= text_table(r, &r->tables[i], out);
	}
	if (r->nmeta)
		rc |= buf_addc(out, '\n');
	for (int i = 0; i < r->nmeta && rc == 0; i++) {
		const struct report_meta *x = &r->meta[i];
		switch (x->type) {
		case META_MONEY:
			money_format_indian(x->v, m, sizeof m);
			rc |= buf_addf(out, "%s: %s\n", x->key, m);
			break;
		case META_INT:
			rc |= buf_addf(out, "%s: %lld\n", x->key, (long long)x->v);
			break;
		case META_BOOL:
			rc |= buf_addf(out, "%s: %s\n", x->key, x->v ? "yes" : "no");
			break;
		default:
			rc |= buf_addf(out, "%s: %s\n", x->key, report_str(r, x->v));
			break;
		}
	}
	if (rc)
		return err_setr(e, ERR_TOO_LARGE, NULL, "report_too_large", "the report is too large to print; choose a shorter period");
	return 0;
}
