/* journal_parse.c - the ledger/hledger journal syntax: amounts, transaction headers (date, code,
 * description, ref: tag), postings, directives skipped or refused, and a streaming reader over
 * the whole file that hands each balanced transaction to its caller. No database here. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "accounts/journal_int.h"
#include "lib/date.h"
#include "lib/money.h"
#include "lib/text.h"
#include "lib/banned.h"

#define RUPEE "\xe2\x82\xb9" /* U+20B9 INDIAN RUPEE SIGN */
#define LINE_MAX_BYTES 65536
/* Consumed parts of a mapped file are handed back to the kernel in steps of this size, so the
 * resident size does not grow with the file. */
#define RELEASE_STEP ((size_t)32 << 20)

#define is_space journal_is_space
#define is_digit journal_is_digit
#define is_alpha journal_is_alpha

int journal_line_err(struct err *e, int code, long line, const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	if (vsnprintf(msg, sizeof msg, fmt, ap) >= (int)sizeof msg)
		text_utf8_trim(msg, strlen(msg));
	va_end(ap);
	err_set(e, code, NULL, "line %ld: %s", line, msg);
	e->aux = line;
	return code;
}

int journal_line_too_large(struct err *e, int code, long line)
{
	char max[MONEY_STR_MAX];
	money_format_indian(MONEY_MAX, max, sizeof max);
	journal_line_err(e, code, line, "amount is too large: amounts go up to %s", max);
	err_reason(e, "too_large");
	err_detail_money(e, "max", MONEY_MAX);
	return err_detail_text(e, "kind", "amount");
}

#define line_err journal_line_err

/* ---- amounts ---- */

/* Consumes "₹" or "INR" (not followed by a letter) at *p; 1 when it did. */
static int eat_commodity(const char **p, const char *end)
{
	if (end - *p >= 3 && memcmp(*p, RUPEE, 3) == 0) {
		*p += 3;
		return 1;
	}
	if (end - *p >= 3 && memcmp(*p, "INR", 3) == 0 && (end - *p == 3 || !is_alpha((*p)[3]))) {
		*p += 3;
		return 1;
	}
	return 0;
}

static int too_large(char *why, size_t cap)
{
	snprintf(why, cap, "amount is too large");
	return -1;
}

/* The integer part: digits with optional thousands commas, western (1,234,567) or Indian
 * (12,34,567), into *v. */
static int parse_whole(const char **pp, const char *end, int64_t *v, int *ret_digits, char *why, size_t cap)
{
	const char *p = *pp;
	int digits = 0, group = 0, first = -1, mid = 0, commas = 0;

	while (p < end && (is_digit(*p) || *p == ',')) {
		if (*p == ',') {
			if (group == 0) {
				snprintf(why, cap, "misplaced comma in amount");
				return -1;
			}
			if (first < 0) {
				first = group;
			} else if (mid == 0) {
				mid = group;
			} else if (group != mid) {
				snprintf(why, cap, "thousands commas are not grouped consistently");
				return -1;
			}
			commas++;
			group = 0;
			p++;
			continue;
		}
		if (__builtin_mul_overflow(*v, 10, v) || __builtin_add_overflow(*v, *p - '0', v))
			return too_large(why, cap);
		group++;
		digits++;
		p++;
	}
	if (commas && (group != 3 || (mid && mid != 2 && mid != 3) || first > (mid == 2 ? 2 : 3))) {
		snprintf(why, cap, "thousands commas are misplaced");
		return -1;
	}
	*pp = p;
	*ret_digits = digits;
	return 0;
}

/* Digits with optional thousands commas and an optional fraction, into paise. Further decimals
 * are accepted only when they are zeros (exact). */
static int parse_number(const char **pp, const char *end, int64_t *ret, char *why, size_t cap)
{
	const char *p = *pp;
	int64_t v = 0;
	int digits = 0, fd = 0;

	if (parse_whole(&p, end, &v, &digits, why, cap) < 0)
		return -1;
	if (p < end && *p == '.') {
		p++;
		while (p < end && is_digit(*p)) {
			if (fd < 2) {
				if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, *p - '0', &v))
					return too_large(why, cap);
			} else if (*p != '0') {
				snprintf(why, cap, "amount has more than two decimals (paise)");
				return -1;
			}
			fd++;
			p++;
		}
	}
	if (digits == 0 && fd == 0) {
		snprintf(why, cap, "not an amount");
		return -1;
	}
	for (int k = fd < 2 ? fd : 2; k < 2; k++)
		if (__builtin_mul_overflow(v, 10, &v))
			return too_large(why, cap);
	*pp = p;
	*ret = v;
	return 0;
}

int journal_amount_parse(const char *s, size_t n, int64_t *ret_paise, char *why, size_t cap)
{
	const char *p = s, *end = s + n;
	int neg = 0, sign = 0, comm = 0;
	int64_t v;

	while (p < end && is_space(*p))
		p++;
	while (end > p && is_space(end[-1]))
		end--;
	if (p < end && (*p == '-' || *p == '+')) {
		neg = *p == '-';
		sign = 1;
		p++;
	}
	if (eat_commodity(&p, end)) {
		comm = 1;
		while (p < end && is_space(*p))
			p++;
	}
	if (!sign && p < end && (*p == '-' || *p == '+')) {
		neg = *p == '-';
		p++;
	}
	if (p == end || (!is_digit(*p) && *p != '.' && *p != ',')) {
		if (p < end && !is_digit(*p))
			snprintf(why, cap, "only INR amounts are supported (₹, INR or no commodity): %.*s", (int)(end - s < 60 ? end - s : 60), s);
		else
			snprintf(why, cap, "not an amount");
		return -1;
	}
	{
		/* A commodity after the number that is not INR is named as such, before the number's
		 * own faults (three decimals are usual in a foreign currency). */
		const char *q = p, *c;
		while (q < end && (is_digit(*q) || *q == ',' || *q == '.'))
			q++;
		while (q < end && is_space(*q))
			q++;
		c = q;
		if (q < end && !comm && !eat_commodity(&c, end) && (is_alpha(*q) || (unsigned char)*q >= 0x80 || *q == '$')) {
			const char *ce = q;
			while (ce < end && !is_space(*ce))
				ce++;
			snprintf(why, cap, "commodity %.*s: only INR amounts are supported (₹, INR or no commodity)", (int)(ce - q < 20 ? ce - q : 20), q);
			text_utf8_trim(why, strlen(why));
			return -1;
		}
	}
	if (parse_number(&p, end, &v, why, cap) < 0)
		return -1;
	while (p < end && is_space(*p))
		p++;
	if (p < end && !comm && eat_commodity(&p, end))
		while (p < end && is_space(*p))
			p++;
	if (p != end) {
		if (is_alpha(*p) || (unsigned char)*p >= 0x80 || *p == '$')
			snprintf(why, cap, "only INR amounts are supported (₹, INR or no commodity): %.*s", (int)(n < 60 ? n : 60), s);
		else
			snprintf(why, cap, "unexpected text after the amount: %.*s", (int)(end - p < 40 ? end - p : 40), p);
		return -1;
	}
	*ret_paise = neg ? -v : v;
	return 0;
}

/* ---- transaction headers ---- */

/* "ref:VALUE" in the comment from semi to end is the voucher's reference (export writes it). */
static int header_ref(struct journal_txn *t, const char *semi, const char *end, long line, struct err *e)
{
	const char *r = semi + 1;
	while ((r = memchr(r, 'r', (size_t)(end - r))) != NULL) {
		if (end - r > 4 && memcmp(r, "ref:", 4) == 0 && (r == semi + 1 || is_space(r[-1]))) {
			const char *v = r + 4, *ve;
			while (v < end && is_space(*v))
				v++;
			for (ve = v; ve < end && *ve != ','; ve++)
				;
			while (ve > v && is_space(ve[-1]))
				ve--;
			if ((size_t)(ve - v) >= sizeof t->reference || text_utf8_chars(v, (size_t)(ve - v)) > 60)
				return line_err(e, ERR_INVALID, line, "the reference is longer than 60 characters");
			memcpy(t->reference, v, (size_t)(ve - v));
			t->reference[ve - v] = '\0';
			break;
		}
		r++;
	}
	return 0;
}

/* "(CODE)" at *pp, the reference unless a ref: tag says otherwise. */
static int header_code(struct journal_txn *t, const char **pp, const char *end, long line, struct err *e)
{
	const char *p = *pp, *c = memchr(p, ')', (size_t)(end - p));
	if (!c)
		return line_err(e, ERR_INVALID, line, "the transaction code has no closing parenthesis");
	if ((size_t)(c - p - 1) >= sizeof t->reference || text_utf8_chars(p + 1, (size_t)(c - p - 1)) > 60)
		return line_err(e, ERR_INVALID, line, "the transaction code is longer than 60 characters");
	memcpy(t->reference, p + 1, (size_t)(c - p - 1));
	t->reference[c - p - 1] = '\0';
	p = c + 1;
	while (p < end && is_space(*p))
		p++;
	*pp = p;
	return 0;
}

/* Header: DATE [*|!] [(CODE)] DESCRIPTION [; comment, with an optional ref:VALUE tag]. */
static int parse_header(struct journal_txn *t, const char *p, const char *end, long line, struct err *e)
{
	const char *semi;
	struct date day;
	size_t n = date_scan(p, (size_t)(end - p), DATE_YMD, &day);
	int rc;

	if (!n)
		return line_err(e, ERR_INVALID, line, "a transaction starts with a date YYYY-MM-DD or YYYY/MM/DD");
	date_iso(day, t->date);
	p += n;
	if (p < end && *p == '=')
		return line_err(e, ERR_INVALID, line, "auxiliary dates (DATE=DATE2) are not supported");
	if (p < end && !is_space(*p))
		return line_err(e, ERR_INVALID, line, "a space must follow the date");
	while (p < end && is_space(*p))
		p++;
	if (p < end && (*p == '*' || *p == '!')) {
		p++;
		while (p < end && is_space(*p))
			p++;
	}
	t->reference[0] = '\0';
	if (p < end && *p == '(' && (rc = header_code(t, &p, end, line, e)) < 0)
		return rc;
	semi = p < end ? memchr(p, ';', (size_t)(end - p)) : NULL;
	if (semi) {
		if ((rc = header_ref(t, semi, end, line, e)) < 0)
			return rc;
		end = semi;
	}
	while (end > p && is_space(end[-1]))
		end--;
	n = (size_t)(end - p);
	if (n >= sizeof t->narration || text_utf8_chars(p, n) > 500)
		return line_err(e, ERR_INVALID, line, "the description is longer than 500 characters");
	memcpy(t->narration, p, n);
	t->narration[n] = '\0';
	if (text_utf8_invalid_at(t->narration, n) >= 0 || text_utf8_invalid_at(t->reference, strlen(t->reference)) >= 0)
		return line_err(e, ERR_INVALID, line, "the description is not valid UTF-8");
	t->open = 1;
	t->elided = -1;
	t->line = line;
	return 0;
}

/* ---- postings ---- */

/* A free slot for the next posting of t. */
static int posting_slot(struct journal_txn *t, long line, struct journal_posting **ret, struct err *e)
{
	if (t->nposts >= VOUCHER_MAX_LINES)
		return line_err(e, ERR_INVALID, line, "a transaction has more than %d postings", VOUCHER_MAX_LINES);
	if (t->nposts == t->capposts) {
		int cap = t->capposts ? t->capposts * 2 : 16;
		struct journal_posting *np = realloc(t->posts, (size_t)cap * sizeof *np);
		if (!np)
			return err_set(e, ERR_INTERNAL, NULL, "out of memory");
		t->posts = np;
		t->capposts = cap;
	}
	*ret = &t->posts[t->nposts];
	memset(*ret, 0, sizeof **ret);
	(*ret)->line = line;
	return 0;
}

/* "AMOUNT = BALANCE" or "AMOUNT == BALANCE" (one commodity: the same), eq at the first '='. */
static int posting_assertion(struct journal_txn *t, struct journal_posting *ps, const char *p, const char *eq,
			     const char *end, long line, struct err *e)
{
	const char *b = eq + 1, *ae = eq;
	char why[160];

	if (b < end && *b == '=')
		b++;
	if (b < end && *b == '*')
		return line_err(e, ERR_INVALID, line, "balance assertions over subaccounts (=*) are not supported");
	while (ae > p && is_space(ae[-1]))
		ae--;
	if (ae == p)
		return line_err(e, ERR_INVALID, line, "balance assignments (= with no amount before it) are not supported: write the amount");
	(void)t;
	if (journal_amount_parse(p, (size_t)(ae - p), &ps->amount, why, sizeof why) < 0)
		return line_err(e, ERR_INVALID, line, "%s", why);
	if (journal_amount_parse(b, (size_t)(end - b), &ps->assert_balance, why, sizeof why) < 0)
		return line_err(e, ERR_INVALID, line, "balance assertion: %s", why);
	ps->has_amount = 1;
	ps->has_assert = 1;
	return 0;
}

/* The amount of a posting, p to end (already without its comment); nothing means left out. */
static int posting_amount(struct journal_txn *t, struct journal_posting *ps, const char *p, const char *end, long line,
			  struct err *e)
{
	char why[160];
	while (p < end && is_space(*p))
		p++;
	while (end > p && is_space(end[-1]))
		end--;
	if (p == end) {
		if (t->elided >= 0)
			return line_err(e, ERR_INVALID, line, "only one posting of a transaction may leave out its amount");
		t->elided = t->nposts;
		return 0;
	}
	for (const char *q = p; q < end; q++) {
		if (*q == '@')
			return line_err(e, ERR_INVALID, line, "prices (@) are not supported: amounts are INR only");
		if (*q == '{')
			return line_err(e, ERR_INVALID, line, "lot prices ({}) are not supported");
		if (*q == '=')
			return posting_assertion(t, ps, p, q, end, line, e);
	}
	if (journal_amount_parse(p, (size_t)(end - p), &ps->amount, why, sizeof why) < 0) {
		if (strcmp(why, "amount is too large") == 0) /* past int64 */
			return journal_line_too_large(e, ERR_INVALID, line);
		return line_err(e, ERR_INVALID, line, "%s", why);
	}
	if (!money_fits(ps->amount))
		return journal_line_too_large(e, ERR_INVALID, line);
	ps->has_amount = 1;
	return 0;
}

/* Posting: [*|!] ACCOUNT, then two spaces or a tab and an amount (or nothing), [; comment]. */
static int parse_posting(struct journal_reader *rd, struct journal_txn *t, const char *p, const char *end, long line,
			 struct err *e)
{
	const char *a = p, *ae, *semi;
	struct journal_posting *ps = NULL;
	int rc;

	if ((*p == '*' || *p == '!') && p + 1 < end && is_space(p[1])) {
		p++;
		while (p < end && is_space(*p))
			p++;
		a = p;
	}
	for (ae = a; ae < end; ae++)
		if (*ae == '\t' || (*ae == ' ' && ae + 1 < end && ae[1] == ' '))
			break;
	p = ae;
	while (ae > a && is_space(ae[-1]))
		ae--;
	if (ae == a)
		return line_err(e, ERR_INVALID, line, "a posting needs an account name");
	if ((rc = posting_slot(t, line, &ps, e)) < 0)
		return rc;
	if ((rc = rd->account(rd->ctx, a, (size_t)(ae - a), line, &ps->acct, e)) < 0)
		return rc;
	if (ps->acct->archived)
		return line_err(e, ERR_UNPROCESSABLE, line, "ledger %.*s is archived", (int)(ae - a), a);
	semi = memchr(p, ';', (size_t)(end - p));
	if ((rc = posting_amount(t, ps, p, semi ? semi : end, line, e)) < 0)
		return rc;
	t->nposts++;
	return 0;
}

/* Each posting moves its account's balance within the journal; an assertion on it must hold. */
static int check_assertions(struct journal_txn *t, struct err *e)
{
	for (int i = 0; i < t->nposts; i++) {
		struct journal_posting *ps = &t->posts[i];
		char is[MONEY_STR_MAX], says[MONEY_STR_MAX];
		if (__builtin_add_overflow(ps->acct->running, ps->amount, &ps->acct->running))
			return line_err(e, ERR_INVALID, ps->line, "the balance of %s grows too large", ps->acct->key);
		if (!ps->has_assert || ps->acct->running == ps->assert_balance)
			continue;
		money_format(ps->acct->running, is, sizeof is);
		money_format(ps->assert_balance, says, sizeof says);
		line_err(e, ERR_UNPROCESSABLE, ps->line, "balance assertion does not hold: %s is %s here, the journal says %s",
			 ps->acct->key, is, says);
		err_reason(e, "balance_assertion");
		err_detail_money(e, "balance", ps->acct->running);
		return err_detail_money(e, "asserted", ps->assert_balance);
	}
	return 0;
}

/* The transaction read is whole: it needs postings and must balance (the posting left without
 * an amount takes the difference). Then it goes to the caller. */
static int finish_txn(struct journal_reader *rd, struct journal_txn *t, struct err *e)
{
	int64_t sum = 0;
	int rc;

	t->open = 0;
	if (t->nposts == 0)
		return line_err(e, ERR_INVALID, t->line, "a transaction needs postings (indented lines below its date)");
	for (int i = 0; i < t->nposts; i++)
		if (t->posts[i].has_amount && __builtin_add_overflow(sum, t->posts[i].amount, &sum))
			return line_err(e, ERR_INVALID, t->line, "amounts are too large");
	if (sum == INT64_MIN) /* neither the elided posting nor the message could hold its negation */
		return line_err(e, ERR_INVALID, t->line, "amounts are too large");
	if (t->elided >= 0) {
		/* the posting left without an amount takes the difference, within the ceiling too */
		if (!money_fits(sum))
			return journal_line_too_large(e, ERR_UNPROCESSABLE, t->posts[t->elided].line);
		t->posts[t->elided].amount = -sum;
		sum = 0;
	}
	if (sum != 0) {
		char d[MONEY_STR_MAX];
		money_format(sum < 0 ? -sum : sum, d, sizeof d);
		return line_err(e, ERR_UNPROCESSABLE, t->line, "transaction does not balance by %s (%s exceed %s)", d,
				sum > 0 ? "debits" : "credits", sum > 0 ? "credits" : "debits");
	}
	if ((rc = check_assertions(t, e)) < 0 || (rc = rd->txn(rd->ctx, t, e)) < 0)
		return rc;
	t->nposts = 0;
	return 0;
}

/* ---- the file ---- */

/* Directives that change nothing Daftar keeps (their indented sub-lines are skipped too). */
static const char *const skip_directives[] = {"account", "commodity", "P", "payee", "tag", "D", "decimal-mark", NULL};

static int word_is(const char *p, const char *end, const char *w)
{
	size_t n = strlen(w);
	return (size_t)(end - p) >= n && memcmp(p, w, n) == 0 && ((size_t)(end - p) == n || is_space(p[n]));
}

/* Hands the consumed part of a mapped file back to the kernel (keeps the resident size flat). */
static void release_upto(struct journal_reader *rd, size_t off)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t upto;
	if (!rd->mapped || page <= 0 || off < rd->released + RELEASE_STEP)
		return;
	upto = off / (size_t)page * (size_t)page;
	if (upto > rd->released) {
		(void)madvise((void *)(rd->data + rd->released), upto - rd->released, MADV_DONTNEED);
		rd->released = upto;
	}
}

/* What the reader is inside of across lines. */
struct read_state {
	struct journal_txn *t;
	int skip_block;       /* a skipped directive's indented lines */
	int in_comment;       /* a comment ... end comment block */
};

/* A line that starts at its first column and is not a transaction's header: comments,
 * directives skipped or refused. */
static int read_directive(struct read_state *s, const char *q, const char *le, long line, struct err *e)
{
	if (*q == ';' || *q == '#' || *q == '%' || *q == '|' || *q == '*')
		return 0;
	if (word_is(q, le, "comment") || word_is(q, le, "test")) {
		s->in_comment = 1;
		return 0;
	}
	if (word_is(q, le, "include"))
		return line_err(e, ERR_INVALID, line, "include is not supported: join the files into one journal first");
	for (const char *const *d = skip_directives; *d; d++)
		if (word_is(q, le, *d))
			s->skip_block = 1;
	if (s->skip_block) {
		if (word_is(q, le, "decimal-mark")) {
			const char *m = q + 12;
			while (m < le && is_space(*m))
				m++;
			if (m < le && *m != '.')
				return line_err(e, ERR_INVALID, line, "only the decimal mark '.' is supported");
		}
		return 0;
	}
	if (*q == '~' || *q == '=')
		return line_err(e, ERR_INVALID, line, "periodic (~) and automated (=) transactions are not supported");
	return line_err(e, ERR_INVALID, line, "unsupported line: %.*s", (int)(le - q < 40 ? le - q : 40), q);
}

/* One line, q to le (without its end of line). */
static int read_line(struct journal_reader *rd, struct read_state *s, const char *q, const char *le, long line,
		     struct err *e)
{
	const char *c = q;
	int rc;

	if (s->in_comment) {
		if (word_is(q, le, "end") && (q + 4 < le) && (word_is(q + 4, le, "comment") || word_is(q + 4, le, "test")))
			s->in_comment = 0;
		return 0;
	}
	while (c < le && is_space(*c))
		c++;
	if (c == le) { /* blank: ends a transaction or a directive block */
		s->skip_block = 0;
		return s->t->open ? finish_txn(rd, s->t, e) : 0;
	}
	if (c > q) { /* indented */
		if (*c == ';' || *c == '#')
			return 0;
		if (s->t->open)
			return parse_posting(rd, s->t, c, le, line, e);
		return s->skip_block ? 0 : line_err(e, ERR_INVALID, line, "an indented line outside a transaction");
	}
	if (s->t->open && (rc = finish_txn(rd, s->t, e)) < 0)
		return rc;
	s->skip_block = 0;
	if (is_digit(*q)) {
		s->t->nposts = 0;
		return parse_header(s->t, q, le, line, e);
	}
	return read_directive(s, q, le, line, e);
}

int journal_read(struct journal_reader *rd, struct err *e)
{
	const char *p = rd->data, *end = rd->data + rd->len;
	struct read_state s = {calloc(1, sizeof *s.t), 0, 0};
	long line = 0;
	int rc = 0;

	if (!s.t)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	if (end - p >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end && rc == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *le = nl ? nl : end, *q;
		line++;
		if (le - p > LINE_MAX_BYTES) {
			rc = line_err(e, ERR_INVALID, line, "line is longer than %d bytes", LINE_MAX_BYTES);
			break;
		}
		q = p;
		p = nl ? nl + 1 : end;
		if (le > q && le[-1] == '\r')
			le--;
		if ((line & 0xFFFF) == 0)
			release_upto(rd, (size_t)(q - rd->data));
		rc = read_line(rd, &s, q, le, line, e);
	}
	if (rc == 0 && s.t->open)
		rc = finish_txn(rd, s.t, e);
	free(s.t->posts);
	free(s.t);
	return rc;
}
