/* fuzz_statement.c - the bank statement reader (reports/statement_csv.c) on any bytes: it never
 * crashes; every row it hands on is whole (a real date, one side above zero and within the
 * ceiling, a narration of valid UTF-8 without controls, lines in file order); a refusal names the
 * file or a line and its reason. The rows it read, written out again as a plain statement, read
 * back the same. */
#include <stdint.h>

#include "fuzz.h"
#include "lib/buf.h"
#include "lib/money.h"
#include "lib/text.h"
#include "reports/statement_csv.h"

#define KEEP 64

struct seen {
	int n, last_line, max_line;
	struct statement_row rows[KEEP];
};

static int check_row(void *ctx, const struct statement_row *r, struct err *e)
{
	struct seen *s = ctx;
	(void)e;
	FUZZ_CHECK(date_iso_ok(r->date));
	FUZZ_CHECK(!r->value_date[0] || date_iso_ok(r->value_date));
	FUZZ_CHECK(r->debit >= 0 && r->credit >= 0 && (r->debit > 0) != (r->credit > 0));
	FUZZ_CHECK(r->debit <= MONEY_MAX && r->credit <= MONEY_MAX);
	FUZZ_CHECK(!r->has_balance || (r->balance <= MONEY_MAX && r->balance >= -MONEY_MAX));
	FUZZ_CHECK(text_utf8_invalid_at(r->description, strlen(r->description)) < 0);
	FUZZ_CHECK(text_utf8_chars(r->description, strlen(r->description)) <= STATEMENT_DESC_CHARS);
	FUZZ_CHECK(!text_has_controls(r->description) && !text_has_controls(r->reference));
	FUZZ_CHECK(strlen(r->reference) <= STATEMENT_REF_BYTES);
	FUZZ_CHECK(r->line > s->last_line && r->line <= s->max_line);
	s->last_line = r->line;
	if (s->n < KEEP)
		s->rows[s->n] = *r;
	s->n++;
	return 0;
}

/* A field in quotes, its quotes doubled. */
static void quoted(struct buf *b, const char *s)
{
	FUZZ_CHECK(buf_addc(b, '"') == 0);
	for (; *s; s++)
		FUZZ_CHECK((*s == '"' ? buf_add(b, "\"\"", 2) : buf_addc(b, *s)) == 0);
	FUZZ_CHECK(buf_addc(b, '"') == 0);
}

static void money(struct buf *b, int64_t v, int blank_zero)
{
	char out[MONEY_STR_MAX];
	if (blank_zero && v == 0)
		return;
	money_format(v, out, sizeof out);
	FUZZ_CHECK(buf_add(b, out, strlen(out)) == 0);
}

/* The rows kept, as a plain statement: it reads back to the same rows. */
static void round_trip(const struct seen *s)
{
	struct buf b = BUF_INIT;
	struct seen again;
	struct err e = ERR_INIT;
	int n = s->n < KEEP ? s->n : KEEP;

	FUZZ_CHECK(buf_addf(&b, "Date,Value Date,Narration,Reference,Debit,Credit,Balance\r\n") == 0);
	for (int i = 0; i < n; i++) {
		const struct statement_row *r = &s->rows[i];
		FUZZ_CHECK(buf_addf(&b, "%s,%s,", r->date, r->value_date) == 0);
		quoted(&b, r->description);
		FUZZ_CHECK(buf_addf(&b, ",'") == 0); /* the spreadsheet's mark before a reference is taken off */
		quoted(&b, r->reference);
		FUZZ_CHECK(buf_addc(&b, ',') == 0);
		money(&b, r->debit, 1);
		FUZZ_CHECK(buf_addc(&b, ',') == 0);
		money(&b, r->credit, 1);
		FUZZ_CHECK(buf_addc(&b, ',') == 0);
		if (r->has_balance)
			money(&b, r->balance, 0);
		FUZZ_CHECK(buf_add(&b, "\r\n", 2) == 0);
	}
	memset(&again, 0, sizeof again);
	again.max_line = 1 << 30;
	if (statement_csv_read(buf_str(&b), b.len, check_row, &again, NULL, &e) != 0) {
		fprintf(stderr, "refused again: %s %s %s\n%s\n", e.field, e.reason, e.msg, buf_str(&b));
		abort();
	}
	FUZZ_CHECK(again.n == n);
	for (int i = 0; i < n; i++) {
		const struct statement_row *x = &s->rows[i], *y = &again.rows[i];
		FUZZ_CHECK(!strcmp(x->date, y->date) && !strcmp(x->value_date, y->value_date));
		FUZZ_CHECK(!strcmp(x->description, y->description) && !strcmp(x->reference, y->reference));
		FUZZ_CHECK(x->debit == y->debit && x->credit == y->credit);
		FUZZ_CHECK(x->has_balance == y->has_balance && (!x->has_balance || x->balance == y->balance));
	}
	buf_free(&b);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct seen *s = calloc(1, sizeof *s);
	struct statement_info info;
	struct err e = ERR_INIT;
	int rc;

	FUZZ_CHECK(s != NULL);
	s->max_line = 1;
	for (size_t i = 0; i < size; i++)
		s->max_line += data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n'));
	rc = statement_csv_read((const char *)data, size, check_row, s, &info, &e);
	if (rc == 0) {
		FUZZ_CHECK(info.rows == s->n && s->n >= 1);
		FUZZ_CHECK(info.header_line < s->rows[0].line);
		FUZZ_CHECK(info.end_line == 0 || info.end_line > s->last_line);
		round_trip(s);
	} else {
		FUZZ_CHECK(rc == ERR_INVALID || rc == ERR_TOO_LARGE);
		FUZZ_CHECK(e.code == rc && e.reason[0]);
		FUZZ_CHECK(!strcmp(e.field, "body") || !strncmp(e.field, "line ", 5));
	}
	free(s);
	return 0;
}
