/* statement_csv.c - reading a bank statement CSV: its records (RFC 4180), the table's header found
 * among the lines a bank writes above it, each bank's names for the columns, dates through
 * lib/date and amounts through lib/money, and the summary lines under the table left out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/money.h"
#include "lib/text.h"
#include "reports/statement_csv.h"
#include "lib/banned.h"

#define CSV_MAX_FIELDS 48
#define NAME_MAX_BYTES 48    /* of a column's name as kept for messages */

/* The columns a statement may have. A side column ("Dr / Cr") says which way the amount or the
 * balance before it goes. */
enum col {
	COL_DATE,
	COL_VALUE_DATE,
	COL_DESC,
	COL_REF,
	COL_DEBIT,
	COL_CREDIT,
	COL_AMOUNT,
	COL_AMOUNT_SIDE,
	COL_BALANCE,
	COL_BALANCE_SIDE,
	COL_MAX
};
#define COL_SIDE COL_MAX   /* a side column not yet bound to the amount or the balance */

struct reader {
	const char *p, *end;
	int line;                               /* the line p is on */
	int rec_line;                           /* the line the record being read starts on */
	int nf;
	char *f[CSV_MAX_FIELDS];
	char store[STATEMENT_RECORD_MAX];
	int map[COL_MAX];                       /* the field of each column, -1 when none */
	char names[COL_MAX][NAME_MAX_BYTES];    /* each column's name as the file spells it */
	int in_table;                           /* a header (or a first dated line) was read */
	int seen;                               /* a record that is not blank was read */
	struct statement_info info;
	struct statement_row row;
	struct err *e;
};

/* ---- records ---- */

static void put(struct reader *r, size_t *n, char c)
{
	if (*n + 1 < sizeof r->store)
		r->store[(*n)++] = c;
	else
		*n = sizeof r->store; /* too long: said once the record ends */
}

/* Splits the next record into r->f. Returns the field count, 0 at the end of the input, -1 for a
 * quote not closed before the end, -2 for a record longer than STATEMENT_RECORD_MAX. */
static int next_record(struct reader *r)
{
	const char *s = r->p, *end = r->end;
	size_t n = 0;
	int nf = 0;

	r->rec_line = r->line;
	if (s >= end)
		return 0;
	r->f[nf++] = r->store;
	while (s < end) {
		if (*s == '"') {
			for (s++;; s++) {
				if (s >= end)
					return -1;
				if (*s == '"' && s + 1 < end && s[1] == '"')
					s++;
				else if (*s == '"')
					break;
				else if (*s == '\n')
					r->line++;
				put(r, &n, *s);
			}
			s++;
			continue;
		}
		if (*s == ',') {
			put(r, &n, '\0');
			if (nf < CSV_MAX_FIELDS && n < sizeof r->store)
				r->f[nf++] = r->store + n;
			s++;
			continue;
		}
		if (*s == '\r' || *s == '\n') {
			if (*s == '\r' && s + 1 < end && s[1] == '\n')
				s++;
			s++;
			r->line++;
			break;
		}
		put(r, &n, *s);
		s++;
	}
	r->p = s;
	if (n >= sizeof r->store)
		return -2;
	r->store[n] = '\0';
	r->nf = nf;
	return nf;
}

/* Trims spaces, tabs and no-break spaces (U+00A0) in place. */
static char *trim(char *s)
{
	size_t n;
	for (;;) {
		if (*s == ' ' || *s == '\t')
			s++;
		else if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
			s += 2;
		else
			break;
	}
	n = strlen(s);
	for (;;) {
		if (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			s[--n] = '\0';
		else if (n > 1 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0)
			s[n -= 2] = '\0';
		else
			break;
	}
	return s;
}

/* The trimmed text of column c in the current record, "" when the file has no such column. */
static const char *cell(struct reader *r, int c)
{
	int i = r->map[c];
	return i >= 0 && i < r->nf ? r->f[i] : "";
}

/* ---- names: columns and summary lines ---- */

/* Writes s lower-cased, every run of other than ASCII letters and digits as one space, trimmed,
 * without a trailing currency ("Balance (INR )" -> "balance"): how names are compared. */
static void normalise(const char *s, char *out, size_t cap)
{
	static const char *const tails[] = {" in inr", " in rs", " inr", " rs", " in"};
	size_t n = 0;
	int gap = 0;
	for (; *s && n + 2 < cap; s++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (gap && n)
				out[n++] = ' ';
			out[n++] = c;
			gap = 0;
		} else {
			gap = 1;
		}
	}
	out[n] = '\0';
	for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
		size_t k = strlen(tails[i]);
		if (n > k && strcmp(out + n - k, tails[i]) == 0) {
			out[n -= k] = '\0';
			break;
		}
	}
}

/* The column a header cell names, -1 for one Daftar does not read (S No., SOL, Branch ...). */
static int column_of(const char *name)
{
	static const struct {
		const char *name;
		int col;
	} names[] = {
		{"date", COL_DATE}, {"txn date", COL_DATE}, {"transaction date", COL_DATE}, {"tran date", COL_DATE},
		{"trans date", COL_DATE}, {"txn dt", COL_DATE}, {"tran dt", COL_DATE}, {"posting date", COL_DATE},
		{"post date", COL_DATE}, {"booking date", COL_DATE},
		{"value date", COL_VALUE_DATE}, {"value dt", COL_VALUE_DATE}, {"val date", COL_VALUE_DATE},
		{"description", COL_DESC}, {"narration", COL_DESC}, {"particulars", COL_DESC}, {"remarks", COL_DESC},
		{"transaction remarks", COL_DESC}, {"details", COL_DESC}, {"transaction details", COL_DESC},
		{"transaction description", COL_DESC}, {"transaction particulars", COL_DESC},
		{"reference", COL_REF}, {"ref", COL_REF}, {"ref no", COL_REF}, {"reference no", COL_REF},
		{"reference number", COL_REF}, {"cheque no", COL_REF}, {"cheque number", COL_REF}, {"chq no", COL_REF},
		{"chqno", COL_REF}, {"chq ref no", COL_REF}, {"chq ref number", COL_REF}, {"ref no cheque no", COL_REF},
		{"cheque ref no", COL_REF}, {"chq no ref no", COL_REF}, {"utr", COL_REF}, {"utr no", COL_REF},
		{"instrument no", COL_REF}, {"instrument id", COL_REF},
		{"debit", COL_DEBIT}, {"debits", COL_DEBIT}, {"dr", COL_DEBIT}, {"withdrawal", COL_DEBIT},
		{"withdrawals", COL_DEBIT}, {"withdrawal amt", COL_DEBIT}, {"withdrawal amount", COL_DEBIT},
		{"debit amount", COL_DEBIT}, {"debit amt", COL_DEBIT}, {"dr amount", COL_DEBIT}, {"amount dr", COL_DEBIT},
		{"withdrawal dr", COL_DEBIT},
		{"credit", COL_CREDIT}, {"credits", COL_CREDIT}, {"cr", COL_CREDIT}, {"deposit", COL_CREDIT},
		{"deposits", COL_CREDIT}, {"deposit amt", COL_CREDIT}, {"deposit amount", COL_CREDIT},
		{"credit amount", COL_CREDIT}, {"credit amt", COL_CREDIT}, {"cr amount", COL_CREDIT}, {"amount cr", COL_CREDIT},
		{"deposit cr", COL_CREDIT},
		{"amount", COL_AMOUNT}, {"transaction amount", COL_AMOUNT}, {"txn amount", COL_AMOUNT}, {"amt", COL_AMOUNT},
		{"dr cr", COL_SIDE}, {"cr dr", COL_SIDE}, {"drcr", COL_SIDE}, {"dr or cr", COL_SIDE}, {"debit credit", COL_SIDE},
		{"balance", COL_BALANCE}, {"closing balance", COL_BALANCE}, {"bal", COL_BALANCE}, {"closing bal", COL_BALANCE},
		{"running balance", COL_BALANCE}, {"available balance", COL_BALANCE}, {"balance amount", COL_BALANCE},
	};
	char low[64];
	normalise(name, low, sizeof low);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(low, names[i].name) == 0)
			return names[i].col;
	return -1;
}

/* 1 when the current record names the columns of a statement: it is taken as the header. */
static int take_header(struct reader *r)
{
	int map[COL_MAX], last_money = -1;
	for (int k = 0; k < COL_MAX; k++)
		map[k] = -1;
	for (int i = 0; i < r->nf; i++) {
		int c = column_of(r->f[i]);
		if (c == COL_SIDE) /* says the side of the amount or balance just before it */
			c = last_money == COL_AMOUNT ? COL_AMOUNT_SIDE : last_money == COL_BALANCE ? COL_BALANCE_SIDE : -1;
		if (c < 0 || map[c] >= 0)
			continue;
		map[c] = i;
		if (c == COL_AMOUNT || c == COL_BALANCE || c == COL_DEBIT || c == COL_CREDIT)
			last_money = c;
	}
	if (map[COL_DATE] < 0 && map[COL_VALUE_DATE] < 0)
		return 0;
	if (map[COL_DEBIT] >= 0 && map[COL_CREDIT] >= 0)
		map[COL_AMOUNT] = map[COL_AMOUNT_SIDE] = -1; /* two columns say it: an amount column is something else */
	else if (map[COL_AMOUNT] < 0)
		return 0;
	else
		map[COL_DEBIT] = map[COL_CREDIT] = -1;
	if (map[COL_DATE] < 0) {
		map[COL_DATE] = map[COL_VALUE_DATE];
		map[COL_VALUE_DATE] = -1;
	}
	memcpy(r->map, map, sizeof map);
	for (int k = 0; k < COL_MAX; k++)
		text_copy(r->names[k], sizeof r->names[k], map[k] >= 0 ? r->f[map[k]] : "");
	return 1;
}

/* A file without a header: the columns in their old order. */
static void default_columns(struct reader *r)
{
	static const char *const names[COL_MAX] = {[COL_DATE] = "date", [COL_DESC] = "description", [COL_REF] = "reference",
						   [COL_DEBIT] = "withdrawal", [COL_CREDIT] = "deposit"};
	for (int k = 0; k < COL_MAX; k++) {
		r->map[k] = -1;
		text_copy(r->names[k], sizeof r->names[k], names[k]);
	}
	r->map[COL_DATE] = 0;
	r->map[COL_DESC] = 1;
	r->map[COL_REF] = 2;
	r->map[COL_DEBIT] = 3;
	r->map[COL_CREDIT] = 4;
}

/* 1 when text (normalised) begins a line a bank writes under the table: a summary, a total, its
 * closing notes. */
static int is_summary(const char *text)
{
	static const char *const words[] = {
		"statement summary", "summary", "total", "transaction total", "grand total", "closing balance",
		"opening balance", "end of statement", "this is a computer", "computer generated", "generated on",
		"generated by", "dr count", "cr count", "page total", "legends", "abbreviations", "unless the constituent",
		"please do not share", "the closing balance", "balance as on",
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		size_t k = strlen(words[i]);
		if (strncmp(text, words[i], k) == 0 && (text[k] == '\0' || text[k] == ' '))
			return 1;
	}
	return 0;
}

/* 1 when a dated line with no amount is the balance brought forward, not a transaction. */
static int is_opening(const char *desc)
{
	char low[64];
	normalise(desc, low, sizeof low);
	return strcmp(low, "opening balance") == 0 || strcmp(low, "balance b f") == 0 || strcmp(low, "b f") == 0 ||
	       strcmp(low, "brought forward") == 0 || strcmp(low, "balance brought forward") == 0 ||
	       strcmp(low, "opening bal") == 0;
}

/* ---- dates and amounts ---- */

#define DAY_FORMS (DATE_ISO | DATE_DMY | DATE_DMY_YY | DATE_DMON)

/* A day in one of the banks' forms, a time after it ("05/04/2026 10:32:07", "... 10:32 AM")
 * allowed; 0 and the ISO day in out, or -1. */
static int parse_day(const char *s, char out[DATE_ISO_SIZE])
{
	struct date d;
	size_t n = strlen(s), k = date_scan(s, n, DAY_FORMS, &d);
	if (!k)
		return -1;
	if (k < n) {
		const char *t = s + k;
		if (*t++ != ' ' || !(*t >= '0' && *t <= '9'))
			return -1;
		while (*t && ((*t >= '0' && *t <= '9') || *t == ':'))
			t++;
		if (*t == ' ')
			t++;
		if (*t && strcmp(t, "AM") && strcmp(t, "PM") && strcmp(t, "am") && strcmp(t, "pm"))
			return -1;
	}
	date_iso(d, out);
	return 0;
}

enum { SIDE_NONE, SIDE_DR, SIDE_CR };

/* The side a "Dr"/"Cr" word names (D, DR, Debit, C, CR, Credit, any case), SIDE_NONE for none,
 * -1 for something else. */
static int side_word(const char *s)
{
	char low[16];
	normalise(s, low, sizeof low);
	if (!*low)
		return SIDE_NONE;
	if (!strcmp(low, "dr") || !strcmp(low, "d") || !strcmp(low, "debit") || !strcmp(low, "withdrawal"))
		return SIDE_DR;
	if (!strcmp(low, "cr") || !strcmp(low, "c") || !strcmp(low, "credit") || !strcmp(low, "deposit"))
		return SIDE_CR;
	return -1;
}

/* Takes a trailing "Dr", "Cr", "(Dr)", "Dr." (any case) off s[0..*n): its side, or SIDE_NONE. */
static int side_suffix(const char *s, size_t *n)
{
	size_t k = *n;
	int side;
	if (k && s[k - 1] == '.')
		k--;
	if (k && s[k - 1] == ')')
		k--;
	if (k < 2)
		return SIDE_NONE;
	if ((s[k - 2] == 'D' || s[k - 2] == 'd') && (s[k - 1] == 'R' || s[k - 1] == 'r'))
		side = SIDE_DR;
	else if ((s[k - 2] == 'C' || s[k - 2] == 'c') && (s[k - 1] == 'R' || s[k - 1] == 'r'))
		side = SIDE_CR;
	else
		return SIDE_NONE;
	k -= 2;
	if (k && s[k - 1] == '(')
		k--;
	while (k && s[k - 1] == ' ')
		k--;
	*n = k;
	return side;
}

/* 1 when digits[0..n) (digits and commas only) are grouped as Indians or others write them:
 * "1,23,456", "123,456", "1234". */
static int grouped(const char *s, size_t n)
{
	size_t group = 0, groups = 0;
	for (size_t i = n; i-- > 0;) {
		if (s[i] != ',') {
			group++;
			continue;
		}
		if (groups == 0 ? group != 3 : (group != 2 && group != 3))
			return 0;
		groups++;
		group = 0;
	}
	return group > 0 && (groups == 0 || group <= 3);
}

/* An amount as a statement writes it: "1,23,456.78", "-500", "₹ 500.00", "Rs. 500", "500.00 Cr",
 * "" or "-" for none (0). *side is the suffix's (SIDE_NONE without one); a sign only where sign
 * allows it and no suffix is there. 0 and *ret, -1 for what is no amount, -2 for one past
 * MONEY_MAX. */
static int parse_money(const char *s, int sign, int64_t *ret, int *side)
{
	char clean[40];
	size_t n = strlen(s), k = 0, int_end;
	int neg = 0;
	*side = SIDE_NONE;
	if (n == 0 || strcmp(s, "-") == 0 || strcmp(s, "--") == 0) {
		*ret = 0;
		return 0;
	}
	*side = side_suffix(s, &n);
	if (n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x82 && (unsigned char)s[2] == 0xB9)
		s += 3, n -= 3; /* ₹ */
	else if (n >= 3 && (s[0] == 'R' || s[0] == 'r') && (s[1] == 's' || s[1] == 'S') && s[2] == '.')
		s += 3, n -= 3;
	while (n && *s == ' ')
		s++, n--;
	if (n && (*s == '-' || *s == '+')) {
		if (!sign || *side != SIDE_NONE)
			return -1;
		neg = *s == '-';
		s++, n--;
	}
	for (int_end = 0; int_end < n && s[int_end] != '.'; int_end++)
		if (!(s[int_end] >= '0' && s[int_end] <= '9') && s[int_end] != ',')
			return -1;
	if (int_end == 0 || !grouped(s, int_end))
		return -1;
	if (int_end < n && (n - int_end < 2 || n - int_end > 3 || strspn(s + int_end + 1, "0123456789") != n - int_end - 1))
		return -1; /* a point with one or two decimals after it */
	/* Well formed now: what does not fit is past the ceiling. */
	if (neg)
		clean[k++] = '-';
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ',' || (s[i] == '0' && k == (size_t)neg && i + 1 < int_end))
			continue; /* grouping, and leading zeros */
		if (k + 1 >= sizeof clean)
			return -2;
		clean[k++] = s[i];
	}
	clean[k] = '\0';
	if (money_parse(clean, ret) < 0 || !money_fits(*ret))
		return -2;
	return 0;
}

/* ---- errors ---- */

/* Refuses the current record for column c (-1: the line as a whole): reason, the line, the
 * column's name, the value refused (NULL: none); msg says it in English. */
static int refuse(struct reader *r, const char *reason, int c, const char *value, const char *msg)
{
	char field[24];
	snprintf(field, sizeof field, "line %d", r->rec_line);
	if (c >= 0 && value)
		err_set(r->e, ERR_INVALID, field, "%s \"%.40s\": %s", r->names[c], value, msg);
	else if (c >= 0)
		err_set(r->e, ERR_INVALID, field, "%s: %s", r->names[c], msg);
	else
		err_set(r->e, ERR_INVALID, field, "%s", msg);
	err_reason(r->e, reason);
	err_detail_int(r->e, "line", r->rec_line);
	if (c >= 0)
		err_detail_text(r->e, "column", r->names[c]);
	if (value)
		err_detail_text(r->e, "value", value);
	return r->e->code;
}

/* An amount past the ceiling: reason too_large with the figures money_too_large gives, and the
 * line and column. */
static int too_large(struct reader *r, int c)
{
	char field[24], max[MONEY_STR_MAX];
	snprintf(field, sizeof field, "line %d", r->rec_line);
	money_format_indian(MONEY_MAX, max, sizeof max);
	err_set(r->e, ERR_INVALID, field, "%s: the amount is too large: amounts go up to %s", r->names[c], max);
	err_reason(r->e, "too_large");
	err_detail_money(r->e, "max", MONEY_MAX);
	err_detail_text(r->e, "kind", "amount");
	err_detail_int(r->e, "line", r->rec_line);
	return err_detail_text(r->e, "column", r->names[c]);
}

/* The amount of column c into *ret, sc its side column (-1 for none). A debit or credit column
 * holds an amount without a sign (a "Dr"/"Cr" after it must be its own side); an amount or a
 * balance column is signed, below zero a debit (overdrawn), by its sign, its suffix or its side
 * column. */
static int column_money(struct reader *r, int c, int sc, int64_t *ret)
{
	const char *s = cell(r, c);
	int split = c == COL_DEBIT || c == COL_CREDIT;
	int side, side2 = SIDE_NONE, rc = parse_money(s, !split && sc < 0, ret, &side);
	if (rc == -2)
		return too_large(r, c);
	if (rc < 0)
		return refuse(r, "statement_bad_amount", c, s, "is not an amount such as 1,23,456.78");
	if (sc >= 0 && (side2 = side_word(cell(r, sc))) < 0)
		return refuse(r, "statement_bad_amount", sc, cell(r, sc), "is neither Dr nor Cr");
	if (side != SIDE_NONE && side2 != SIDE_NONE && side != side2)
		return refuse(r, "statement_bad_amount", c, s, "says one side and its Dr / Cr column the other");
	if (side == SIDE_NONE)
		side = side2;
	if (split)
		return side == SIDE_NONE || side == (c == COL_DEBIT ? SIDE_DR : SIDE_CR)
			       ? 0
			       : refuse(r, "statement_bad_amount", c, s, "names the other side than its column");
	if (side == SIDE_DR)
		*ret = -*ret;
	return 0;
}

/* ---- rows ---- */

/* 1 when any of the amount columns of the current record holds a digit. */
static int has_figures(struct reader *r)
{
	static const int cols[] = {COL_DEBIT, COL_CREDIT, COL_AMOUNT};
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
		if (strpbrk(cell(r, cols[i]), "0123456789"))
			return 1;
	return 0;
}

/* A record without a date: 1 to skip it, 2 when it ends the table, or an error. */
static int undated(struct reader *r, const char *date)
{
	char text[64] = "";
	for (int i = 0; i < r->nf && !*text; i++)
		normalise(r->f[i], text, sizeof text);
	if (is_summary(text) && r->info.rows > 0) {
		r->info.end_line = r->rec_line;
		return 2;
	}
	if (is_summary(text))
		return 1; /* the balance brought forward, above the first transaction */
	if (!has_figures(r))
		return 1; /* a separator ("*****"), a page's heading, a narration's overflow */
	return refuse(r, "statement_bad_date", COL_DATE, date, "a line with amounts needs its date");
}

/* The amounts of the current record into the row: 0, 1 for an opening balance line, or an error. */
static int row_amounts(struct reader *r, struct statement_row *row)
{
	int64_t dr = 0, cr = 0, amt;
	int rc;
	if (r->map[COL_AMOUNT] >= 0) {
		if ((rc = column_money(r, COL_AMOUNT, r->map[COL_AMOUNT_SIDE] >= 0 ? COL_AMOUNT_SIDE : -1, &amt)) < 0)
			return rc;
		if (amt < 0)
			dr = -amt;
		else
			cr = amt;
	} else if ((rc = column_money(r, COL_DEBIT, -1, &dr)) < 0 || (rc = column_money(r, COL_CREDIT, -1, &cr)) < 0) {
		return rc;
	}
	if (dr && cr) {
		refuse(r, "statement_debit_and_credit", COL_DEBIT, NULL, "a line is either a debit or a credit, not both");
		err_detail_money(r->e, "debit", dr);
		return err_detail_money(r->e, "credit", cr);
	}
	if (!dr && !cr)
		return is_opening(cell(r, COL_DESC)) ? 1 : refuse(r, "statement_no_amount", -1, NULL, "a line needs a debit or a credit");
	row->debit = dr;
	row->credit = cr;
	if (r->map[COL_BALANCE] >= 0 && *cell(r, COL_BALANCE)) {
		if ((rc = column_money(r, COL_BALANCE, r->map[COL_BALANCE_SIDE] >= 0 ? COL_BALANCE_SIDE : -1, &row->balance)) < 0)
			return rc;
		row->has_balance = 1;
	}
	return 0;
}

/* The texts of the current record into the row. */
static int row_texts(struct reader *r, struct statement_row *row)
{
	const char *d = cell(r, COL_DESC), *ref = cell(r, COL_REF);
	if (*ref == '\'')
		ref = trim((char *)ref + 1); /* a spreadsheet's mark that a number is text */
	if (strcmp(ref, "-") == 0)
		ref = "";
	if (text_utf8_chars(d, strlen(d)) > STATEMENT_DESC_CHARS || text_has_controls(d))
		return refuse(r, "statement_bad_text", COL_DESC, NULL, "is longer than 500 characters or holds control characters");
	if (text_has_controls(ref) || text_copy(row->reference, sizeof row->reference, ref) < 0)
		return refuse(r, "statement_bad_text", COL_REF, NULL, "is longer than 127 bytes or holds control characters");
	text_copy(row->description, sizeof row->description, d);
	return 0;
}

/* Reads the current record of the table into r->row: 0 for a transaction, 1 to skip the record, 2
 * when the table ended, or an error. */
static int table_row(struct reader *r)
{
	struct statement_row *row = &r->row;
	const char *date = cell(r, COL_DATE), *vdate = cell(r, COL_VALUE_DATE);
	int rc;

	memset(row, 0, sizeof *row);
	row->line = r->rec_line;
	if (parse_day(date, row->date) < 0) {
		if (*date >= '0' && *date <= '9')
			return refuse(r, "statement_bad_date", COL_DATE, date, "is not a date such as 05/04/2026 or 05-Apr-2026");
		return undated(r, date);
	}
	if (*vdate && parse_day(vdate, row->value_date) < 0)
		return refuse(r, "statement_bad_date", COL_VALUE_DATE, vdate, "is not a date such as 05/04/2026 or 05-Apr-2026");
	if ((rc = row_amounts(r, row)) != 0 || (rc = row_texts(r, row)) < 0)
		return rc;
	return 0;
}

/* Reads the next record and says what it is: 0 a transaction in r->row, 1 nothing to hand on, 2
 * the end (of the input, or of the table), or an error. */
static int step(struct reader *r)
{
	int nf = next_record(r), blank = 1, first;
	char day[DATE_ISO_SIZE];

	if (nf == 0)
		return 2;
	if (nf < 0)
		return refuse(r, nf == -1 ? "statement_unclosed_quote" : "statement_line_too_long", -1, NULL,
			      nf == -1 ? "a quoted field is not closed before the end of the file" : "the line is too long");
	for (int i = 0; i < nf; i++) {
		r->f[i] = trim(r->f[i]);
		blank &= !*r->f[i];
	}
	if (blank)
		return 1;
	first = !r->seen;
	r->seen = 1;
	if (take_header(r)) { /* the header, or the same again on the next page */
		if (!r->in_table)
			r->info.header_line = r->rec_line;
		r->in_table = 1;
		return 1;
	}
	if (!r->in_table) {
		if (!first || parse_day(r->f[0], day) < 0)
			return 1; /* the bank's lines above the table */
		default_columns(r);
		r->in_table = 1;
	}
	return table_row(r);
}

int statement_csv_read(const char *csv, size_t len, statement_row_fn each, void *ctx, struct statement_info *ret_info,
		       struct err *e)
{
	struct reader *r;
	int rc;

	if (!csv || text_utf8_invalid_at(csv, len) >= 0 || memchr(csv, '\0', len)) {
		err_set(e, ERR_INVALID, "body", "the statement is not UTF-8 text (save it from the spreadsheet as CSV UTF-8)");
		return err_reason(e, "statement_not_text");
	}
	if (!(r = calloc(1, sizeof *r)))
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	r->p = csv;
	r->end = csv + len;
	r->line = 1;
	r->e = e;
	if (len >= 3 && memcmp(csv, "\xEF\xBB\xBF", 3) == 0)
		r->p += 3;
	for (;;) {
		rc = step(r);
		if (rc < 0)
			goto out;
		if (rc == 2)
			break;
		if (rc == 1)
			continue;
		if (r->info.rows >= STATEMENT_MAX_ROWS) {
			char field[24];
			snprintf(field, sizeof field, "line %d", r->rec_line);
			rc = err_set(e, ERR_TOO_LARGE, field, "a statement may have at most %d transactions", STATEMENT_MAX_ROWS);
			err_reason(e, "statement_too_many_rows");
			err_detail_int(e, "max_rows", STATEMENT_MAX_ROWS);
			goto out;
		}
		if ((rc = each(ctx, &r->row, e)) < 0)
			goto out;
		r->info.rows++;
	}
	rc = 0;
	if (!r->in_table) {
		rc = err_set(e, ERR_INVALID, "body", "no line of the statement names its columns (a date, and debit and credit or an amount)");
		err_reason(e, "statement_no_header");
	} else if (r->info.rows == 0) {
		rc = err_set(e, ERR_INVALID, "body", "the statement has no transactions");
		err_reason(e, "statement_no_rows");
	} else if (ret_info) {
		*ret_info = r->info;
	}
out:
	free(r);
	return rc;
}
