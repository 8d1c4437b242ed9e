/* journal_io.c - the ledger/hledger journal format in and out. Import: a streaming parser over the
 * mapped file, account names mapped to the chart's groups, voucher types inferred Tally-style, and
 * one write transaction with statements prepared once and the kept balances summed in memory.
 * Export: every active voucher, with ledger names that map back to the same groups on import. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/date.h"
#include "accounts/accounts.h"
#include "audit/audit.h"
#include "lib/money.h"
#include "lib/secure.h"
#include "lib/text.h"
#include "books/books.h"
#include "lib/banned.h"

#define RUPEE "\xe2\x82\xb9" /* U+20B9 INDIAN RUPEE SIGN */
#define LINE_MAX_BYTES 65536
#define MAX_SEGMENTS 64
/* Consumed parts of a mapped file are handed back to the kernel in steps of this size, so the
 * resident size does not grow with the file. */
#define RELEASE_STEP ((size_t)32 << 20)

static int is_space(char c) { return c == ' ' || c == '\t'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c; }

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

/* Digits with optional thousands commas (western 1,234,567 or Indian 12,34,567) and an optional
 * fraction, into paise. Further decimals are accepted only when they are zeros (exact). */
static int parse_number(const char **pp, const char *end, int64_t *ret, char *why, size_t cap)
{
	const char *p = *pp;
	int64_t v = 0;
	int digits = 0, group = 0, first = -1, mid = 0, commas = 0, fd = 0;

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
		if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, *p - '0', &v)) {
			snprintf(why, cap, "amount is too large");
			return -1;
		}
		group++;
		digits++;
		p++;
	}
	if (commas && (group != 3 || (mid && mid != 2 && mid != 3) || first > (mid == 2 ? 2 : 3))) {
		snprintf(why, cap, "thousands commas are misplaced");
		return -1;
	}
	if (p < end && *p == '.') {
		p++;
		while (p < end && is_digit(*p)) {
			if (fd < 2) {
				if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, *p - '0', &v)) {
					snprintf(why, cap, "amount is too large");
					return -1;
				}
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
		if (__builtin_mul_overflow(v, 10, &v)) {
			snprintf(why, cap, "amount is too large");
			return -1;
		}
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

/* ---- account names -> groups ---- */

enum root { ROOT_NONE, ROOT_ASSET, ROOT_LIABILITY, ROOT_EQUITY, ROOT_INCOME, ROOT_EXPENSE };

/* The predefined groups by name (accounts_seed's names). Weak groups are the catch-all parents
 * that a more specific segment further down the name overrides. */
static const struct {
	const char *code, *name;
	enum root root;
	int weak;
} std_names[] = {
	{"capital_account", "Capital Account", ROOT_EQUITY, 0},
	{"loans_liability", "Loans (Liability)", ROOT_LIABILITY, 0},
	{"current_liabilities", "Current Liabilities", ROOT_LIABILITY, 1},
	{"duties_taxes", "Duties & Taxes", ROOT_LIABILITY, 0},
	{"sundry_creditors", "Sundry Creditors", ROOT_LIABILITY, 0},
	{"suspense", "Suspense A/c", ROOT_LIABILITY, 0},
	{"branch_divisions", "Branch/Divisions", ROOT_LIABILITY, 0},
	{"fixed_assets", "Fixed Assets", ROOT_ASSET, 0},
	{"investments", "Investments", ROOT_ASSET, 0},
	{"current_assets", "Current Assets", ROOT_ASSET, 1},
	{"bank_accounts", "Bank Accounts", ROOT_ASSET, 0},
	{"cash_in_hand", "Cash-in-Hand", ROOT_ASSET, 0},
	{"sundry_debtors", "Sundry Debtors", ROOT_ASSET, 0},
	{"stock_in_hand", "Stock-in-Hand", ROOT_ASSET, 0},
	{"sales_accounts", "Sales Accounts", ROOT_INCOME, 0},
	{"direct_incomes", "Direct Incomes", ROOT_INCOME, 0},
	{"indirect_incomes", "Indirect Incomes", ROOT_INCOME, 0},
	{"purchase_accounts", "Purchase Accounts", ROOT_EXPENSE, 0},
	{"direct_expenses", "Direct Expenses", ROOT_EXPENSE, 0},
	{"indirect_expenses", "Indirect Expenses", ROOT_EXPENSE, 0},
};
#define NSTD (sizeof std_names / sizeof std_names[0])

enum match { M_EXACT, M_PREFIX, M_WORD /* prefix followed by the end or a non-letter */ };

/* Words that place an account, tried segment by segment under its root; the first hit wins, so
 * "Assets:TDS:Receivable" is a tax asset and "Liabilities:TDS:Payable" a duty, not a creditor. */
static const struct {
	enum root root;
	const char *word;
	enum match how;
	const char *next;   /* when set, the following segment must start with this ("Freight:Inward") */
	const char *code;
} keywords[] = {
	{ROOT_ASSET, "bank", M_PREFIX, NULL, "bank_accounts"},
	{ROOT_ASSET, "cash", M_PREFIX, NULL, "cash_in_hand"},
	{ROOT_ASSET, "petty cash", M_PREFIX, NULL, "cash_in_hand"},
	{ROOT_ASSET, "receivable", M_PREFIX, NULL, "sundry_debtors"},
	{ROOT_ASSET, "debtor", M_PREFIX, NULL, "sundry_debtors"},
	{ROOT_ASSET, "customer", M_PREFIX, NULL, "sundry_debtors"},
	{ROOT_ASSET, "inventory", M_PREFIX, NULL, "stock_in_hand"},
	{ROOT_ASSET, "stock", M_PREFIX, NULL, "stock_in_hand"},
	{ROOT_ASSET, "fixed", M_PREFIX, NULL, "fixed_assets"},
	{ROOT_ASSET, "investment", M_PREFIX, NULL, "investments"},
	{ROOT_ASSET, "gst", M_PREFIX, NULL, "current_assets"},
	{ROOT_ASSET, "itc", M_WORD, NULL, "current_assets"},
	{ROOT_ASSET, "input", M_PREFIX, NULL, "current_assets"},
	{ROOT_ASSET, "tds", M_PREFIX, NULL, "current_assets"},
	{ROOT_ASSET, "tcs", M_PREFIX, NULL, "current_assets"},
	{ROOT_ASSET, "tax", M_PREFIX, NULL, "current_assets"},
	{ROOT_ASSET, "advance", M_PREFIX, NULL, "current_assets"},
	{ROOT_ASSET, "deposit", M_PREFIX, NULL, "current_assets"},
	{ROOT_ASSET, "prepaid", M_PREFIX, NULL, "current_assets"},
	{ROOT_LIABILITY, "payable", M_PREFIX, NULL, "sundry_creditors"},
	{ROOT_LIABILITY, "creditor", M_PREFIX, NULL, "sundry_creditors"},
	{ROOT_LIABILITY, "vendor", M_PREFIX, NULL, "sundry_creditors"},
	{ROOT_LIABILITY, "supplier", M_PREFIX, NULL, "sundry_creditors"},
	{ROOT_LIABILITY, "gst", M_PREFIX, NULL, "duties_taxes"},
	{ROOT_LIABILITY, "tds", M_PREFIX, NULL, "duties_taxes"},
	{ROOT_LIABILITY, "tcs", M_PREFIX, NULL, "duties_taxes"},
	{ROOT_LIABILITY, "tax", M_PREFIX, NULL, "duties_taxes"},
	{ROOT_LIABILITY, "dut", M_PREFIX, NULL, "duties_taxes"},
	{ROOT_LIABILITY, "loan", M_PREFIX, NULL, "loans_liability"},
	{ROOT_LIABILITY, "borrowing", M_PREFIX, NULL, "loans_liability"},
	{ROOT_LIABILITY, "salar", M_PREFIX, NULL, "current_liabilities"},
	{ROOT_LIABILITY, "wage", M_PREFIX, NULL, "current_liabilities"},
	{ROOT_LIABILITY, "provision", M_PREFIX, NULL, "current_liabilities"},
	{ROOT_LIABILITY, "accrued", M_PREFIX, NULL, "current_liabilities"},
	{ROOT_LIABILITY, "expense", M_PREFIX, NULL, "current_liabilities"},
	{ROOT_LIABILITY, "outstanding", M_PREFIX, NULL, "current_liabilities"},
	{ROOT_INCOME, "sale", M_PREFIX, NULL, "sales_accounts"},
	{ROOT_INCOME, "direct", M_WORD, NULL, "direct_incomes"},
	{ROOT_EXPENSE, "purchase", M_PREFIX, NULL, "purchase_accounts"},
	{ROOT_EXPENSE, "cogs", M_WORD, NULL, "purchase_accounts"},
	{ROOT_EXPENSE, "cost of goods", M_PREFIX, NULL, "purchase_accounts"},
	{ROOT_EXPENSE, "cost of sales", M_PREFIX, NULL, "purchase_accounts"},
	{ROOT_EXPENSE, "direct", M_WORD, NULL, "direct_expenses"},
	{ROOT_EXPENSE, "wage", M_PREFIX, NULL, "direct_expenses"},
	{ROOT_EXPENSE, "freight", M_PREFIX, "inward", "direct_expenses"},
	{ROOT_EXPENSE, "carriage", M_PREFIX, "inward", "direct_expenses"},
	{ROOT_EXPENSE, "freight inward", M_PREFIX, NULL, "direct_expenses"},
	{ROOT_EXPENSE, "carriage inward", M_PREFIX, NULL, "direct_expenses"},
	{ROOT_EXPENSE, "inward", M_PREFIX, NULL, "direct_expenses"},
};

struct seg {
	const char *p;
	size_t n;
};

static int split(const char *name, struct seg *segs)
{
	int n = 0;
	const char *p = name;
	for (;;) {
		const char *c = strchr(p, ':');
		size_t len = c ? (size_t)(c - p) : strlen(p);
		/* Segments are compared trimmed: "Assets : Bank" reads as "Assets:Bank". */
		while (len && is_space(*p)) {
			p++;
			len--;
		}
		while (len && is_space(p[len - 1]))
			len--;
		if (n < MAX_SEGMENTS)
			segs[n++] = (struct seg){p, len};
		if (!c)
			break;
		p = c + 1;
	}
	return n;
}

static int seg_is(struct seg s, const char *word, enum match how)
{
	size_t n = strlen(word);
	if (s.n < n || (how == M_EXACT && s.n != n))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (lower(s.p[i]) != word[i])
			return 0;
	return how != M_WORD || s.n == n || !is_alpha(s.p[n]);
}

static int seg_is_name(struct seg s, const char *name)
{
	size_t n = strlen(name);
	if (s.n != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (lower(s.p[i]) != lower(name[i]))
			return 0;
	return 1;
}

static enum root root_of(struct seg s)
{
	static const struct {
		const char *w;
		enum root r;
	} roots[] = {{"assets", ROOT_ASSET},	   {"asset", ROOT_ASSET},	{"liabilities", ROOT_LIABILITY},
		     {"liability", ROOT_LIABILITY}, {"equity", ROOT_EQUITY},	{"capital", ROOT_EQUITY},
		     {"income", ROOT_INCOME},	   {"incomes", ROOT_INCOME},	{"revenue", ROOT_INCOME},
		     {"revenues", ROOT_INCOME},	   {"expenses", ROOT_EXPENSE}, {"expense", ROOT_EXPENSE}};
	for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++)
		if (seg_is(s, roots[i].w, M_EXACT))
			return roots[i].r;
	return ROOT_NONE;
}

static int root_fits(enum root root, enum root g)
{
	if (root == ROOT_NONE || root == g)
		return 1;
	return (root == ROOT_LIABILITY && g == ROOT_EQUITY) || (root == ROOT_EQUITY && g == ROOT_LIABILITY);
}

/* Index into std_names of a segment naming a predefined group that fits the root, or -1. */
static int std_of(struct seg s, enum root root)
{
	for (size_t i = 0; i < NSTD; i++)
		if (seg_is_name(s, std_names[i].name) && root_fits(root, std_names[i].root))
			return (int)i;
	return -1;
}

/* The group code for a name, and (ret_strip) the byte offset where the ledger name starts when
 * the name is "Root:Standard Group:Ledger" - the shape export writes for ledgers not named as
 * paths - else 0. */
static const char *group_code(const char *name, size_t *ret_strip)
{
	struct seg segs[MAX_SEGMENTS];
	int n = split(name, segs), s;
	enum root root = root_of(segs[0]);
	const char *weak = NULL;

	if (ret_strip)
		*ret_strip = 0;
	if (root == ROOT_NONE) {
		for (int i = 0; i < n; i++)
			if ((s = std_of(segs[i], ROOT_NONE)) >= 0)
				return std_names[s].code;
		return "suspense";
	}
	if (n >= 2 && (s = std_of(segs[1], root)) >= 0) {
		if (ret_strip && n >= 3) {
			const char *c = strchr(strchr(name, ':') + 1, ':') + 1;
			while (is_space(*c))
				c++;
			if (*c)
				*ret_strip = (size_t)(c - name);
		}
		return std_names[s].code;
	}
	for (int i = 1; i < n; i++) {
		if ((s = std_of(segs[i], root)) >= 0) {
			if (!std_names[s].weak)
				return std_names[s].code;
			if (!weak)
				weak = std_names[s].code;
			continue;
		}
		for (size_t k = 0; k < sizeof keywords / sizeof keywords[0]; k++) {
			if (keywords[k].root != root || !seg_is(segs[i], keywords[k].word, keywords[k].how))
				continue;
			if (keywords[k].next && (i + 1 >= n || !seg_is(segs[i + 1], keywords[k].next, M_PREFIX)))
				continue;
			return keywords[k].code;
		}
	}
	if (weak)
		return weak;
	switch (root) {
	case ROOT_ASSET: return "current_assets";
	case ROOT_LIABILITY: return "current_liabilities";
	case ROOT_EQUITY: return "capital_account";
	case ROOT_INCOME: return "indirect_incomes";
	case ROOT_EXPENSE: return "indirect_expenses";
	default: return "suspense";
	}
}

const char *journal_group_code(const char *account) { return group_code(account, NULL); }

const char *journal_ledger_name(const char *account)
{
	size_t strip;
	(void)group_code(account, &strip);
	return account + strip;
}

/* ---- dates ---- */

/* Days since 1900-01-01 (the first day a date may carry): kept-balance keys order like dates. */
#define DAY_BASE 25567

/* ---- import state ---- */

struct acct {
	char *key;          /* the account as written in the journal */
	uint64_t hash;
	int64_t id;
	int cashbank;
	int archived;
};

struct acct_map {
	struct acct **slots;
	size_t cap, n;
};

struct day_sum {
	int64_t key;        /* ledger_id * DAY_SPAN + day number (ordered like the date) */
	int64_t dr, cr;
};

#define DAY_SPAN 409600 /* days from 1900-01-01 to 2999-12-31 < DAY_SPAN */

struct day_map {
	struct day_sum *slots;
	size_t cap, n;
};

struct series {
	enum voucher_type type;
	int64_t fy, next;
};

struct posting {
	struct acct *acct;
	int64_t amount;
	int has_amount;
	long line;
};

/* Rows wait here for multi-row INSERTs. Voucher ids are given here: on SQLite in order from
 * max(id) + 1 (safe under the write lock the import holds), on PostgreSQL from the sequence. */
#define BATCH 128

struct vrow {
	int64_t id, fy, seq, total;
	enum voucher_type type;
	char number[40], date[11];
	int64_t narration, reference;   /* offsets into strs, -1 for none */
};

struct lrow {
	int64_t voucher_id, line_no, ledger_id, amount;
	char date[11];
};

struct pending {
	const struct batch_sql *sql;   /* batch_lite or batch_pg */
	int64_t next_id;               /* SQLite: the last id given */
	int64_t pool[BATCH];           /* PostgreSQL: ids reserved from the sequence */
	int npool, ipool;
	struct vrow v[BATCH];
	int nv;
	struct lrow *l;
	size_t nl, capl;
	struct buf strs;
};

struct imp {
	struct db *db;
	int64_t cid, actor;
	const char *file_name;
	const char *data;
	size_t len;
	int mapped;
	size_t released;
	char blake2b[2 * SECURE_HASH_LEN + 1];

	char now[32];
	struct books books;
	struct acct_map accts;
	struct day_map days;
	struct series *series;
	int nseries, capseries, last_series;
	struct {
		const char *code;
		int64_t id;
	} groups[NSTD];
	int ngroups;
	struct posting *posts;
	int nposts, capposts;
	struct pending pend;
	struct journal_import_result res;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static struct acct *acct_get(const struct acct_map *m, const char *key, uint64_t h)
{
	if (!m->cap)
		return NULL;
	for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		struct acct *a = m->slots[i];
		if (!a)
			return NULL;
		if (a->hash == h && strcmp(a->key, key) == 0)
			return a;
	}
}

/* Adds a (owned by the map from now on). -1 on memory failure (a is freed). */
static int acct_put(struct acct_map *m, struct acct *a)
{
	if ((m->n + 1) * 10 > m->cap * 7) {
		size_t cap = m->cap ? m->cap * 2 : 512;
		struct acct **s = calloc(cap, sizeof *s);
		if (!s) {
			free(a->key);
			free(a);
			return -1;
		}
		for (size_t i = 0; i < m->cap; i++) {
			struct acct *o = m->slots[i];
			size_t k;
			if (!o)
				continue;
			for (k = o->hash & (cap - 1); s[k]; k = (k + 1) & (cap - 1))
				;
			s[k] = o;
		}
		free(m->slots);
		m->slots = s;
		m->cap = cap;
	}
	{
		size_t k;
		for (k = a->hash & (m->cap - 1); m->slots[k]; k = (k + 1) & (m->cap - 1))
			;
		m->slots[k] = a;
		m->n++;
	}
	return 0;
}

static struct acct *acct_new(const char *key, int64_t id, int cashbank, int archived)
{
	struct acct *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	a->key = strdup(key);
	if (!a->key) {
		free(a);
		return NULL;
	}
	a->hash = hash_str(key);
	a->id = id;
	a->cashbank = cashbank;
	a->archived = archived;
	return a;
}

/* An alias entry shares the ledger of another key. */
static void acct_map_free(struct acct_map *m)
{
	for (size_t i = 0; i < m->cap; i++) {
		if (m->slots[i]) {
			free(m->slots[i]->key);
			free(m->slots[i]);
		}
	}
	free(m->slots);
	memset(m, 0, sizeof *m);
}

static uint64_t mix64(int64_t k)
{
	uint64_t x = (uint64_t)k;
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

/* Adds amount to the day sum of key; -1 on memory failure or overflow. */
static int day_add(struct day_map *m, int64_t key, int64_t amount)
{
	struct day_sum *d;
	if ((m->n + 1) * 10 > m->cap * 7) {
		size_t cap = m->cap ? m->cap * 2 : 4096;
		struct day_sum *s = calloc(cap, sizeof *s);
		if (!s)
			return -1;
		for (size_t i = 0; i < m->cap; i++) {
			size_t k;
			if (!m->slots[i].key)
				continue;
			for (k = mix64(m->slots[i].key) & (cap - 1); s[k].key; k = (k + 1) & (cap - 1))
				;
			s[k] = m->slots[i];
		}
		free(m->slots);
		m->slots = s;
		m->cap = cap;
	}
	for (size_t i = mix64(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		d = &m->slots[i];
		if (d->key == key)
			break;
		if (!d->key) {
			d->key = key;
			m->n++;
			break;
		}
	}
	if (amount > 0)
		return __builtin_add_overflow(d->dr, amount, &d->dr) ? -1 : 0;
	return __builtin_sub_overflow(d->cr, amount, &d->cr) ? -1 : 0;
}

static int64_t day_number(const char *iso)
{
	struct date d;
	return date_parse(iso, DATE_ISO_SIZE - 1, DATE_ISO, &d) == 0 ? date_days(d) + DAY_BASE : 0;
}

static void day_iso(int64_t dn, char out[DATE_ISO_SIZE]) { date_iso(date_from_days(dn - DAY_BASE), out); }

static int cmp_day(const void *a, const void *b)
{
	int64_t x = ((const struct day_sum *)a)->key, y = ((const struct day_sum *)b)->key;
	return x < y ? -1 : x > y;
}

static void imp_free(struct imp *im)
{
	acct_map_free(&im->accts);
	free(im->days.slots);
	memset(&im->days, 0, sizeof im->days);
	free(im->posts);
	im->posts = NULL;
	im->nposts = im->capposts = 0;
	free(im->series);
	im->series = NULL;
	im->capseries = im->last_series = 0;
	free(im->pend.l);
	buf_free(&im->pend.strs);
	memset(&im->pend, 0, sizeof im->pend);
	im->nseries = im->ngroups = 0;
}

/* "line N: ..." with the line in aux; field stays empty so the CLI prints the message alone. */
static int line_err(struct err *e, int code, long line, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int line_err(struct err *e, int code, long line, const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	err_set(e, code, NULL, "line %ld: %s", line, msg);
	e->aux = line;
	return code;
}

/* ---- statements (one table, `?` placeholders) ---- */

static const char sql_company[] = "SELECT count(*) FROM companies WHERE id = ?";
static const char sql_ledgers[] = "SELECT id, name, kind, archived FROM ledgers WHERE company_id = ?";
static const char sql_ledger_add[] = "INSERT INTO ledgers(company_id, name, group_id, kind, opening_balance, created_at) "
				     "VALUES (?, ?, ?, ?, 0, ?) RETURNING id";
static const char sql_series_make[] = "INSERT INTO voucher_series(company_id, type, fy, next_seq) VALUES (?, ?, ?, 1) "
				      "ON CONFLICT (company_id, type, fy) DO NOTHING";
/* A no-op UPDATE that reads the series and, on PostgreSQL, locks its row until commit. */
static const char sql_series_take[] = "UPDATE voucher_series SET next_seq = next_seq WHERE company_id = ? AND type = ? AND fy = ? "
				      "RETURNING next_seq";
static const char sql_series_set[] = "UPDATE voucher_series SET next_seq = ? WHERE company_id = ? AND type = ? AND fy = ?";
/* The same upserts balances_apply runs, once per ledger and day (month) of the whole file. */
static const char sql_day[] = "INSERT INTO ledger_day(company_id, ledger_id, date, debit, credit) VALUES (?, ?, ?, ?, ?) "
			      "ON CONFLICT (company_id, ledger_id, date) DO UPDATE SET debit = ledger_day.debit + excluded.debit, "
			      "credit = ledger_day.credit + excluded.credit";
static const char sql_month[] = "INSERT INTO ledger_month(company_id, ledger_id, month, debit, credit) VALUES (?, ?, ?, ?, ?) "
				"ON CONFLICT (company_id, ledger_id, month) DO UPDATE SET debit = ledger_month.debit + excluded.debit, "
				"credit = ledger_month.credit + excluded.credit";
/* The INSERTs for many rows at a time: a statement per row costs more than its row. SQLite takes
 * 128 rows a statement; the PostgreSQL layer binds at most 64 parameters, so 4 or 8 rows there
 * (still a round trip per 4-8 rows instead of one per row). SQLite's OR FAIL: a multi-row INSERT
 * that may abort half-way keeps a statement journal to undo its own rows, a cost per page
 * touched; the import never needs that undo, since any error rolls the whole transaction back. */
#define ROWS4(r) r ", " r ", " r ", " r
#define ROWS8(r) ROWS4(r) ", " ROWS4(r)
#define ROWS32(r) ROWS8(r) ", " ROWS8(r) ", " ROWS8(r) ", " ROWS8(r)
#define ROWS128(r) ROWS32(r) ", " ROWS32(r) ", " ROWS32(r) ", " ROWS32(r)
#define V_COLS "vouchers(id, company_id, type, fy, seq, number, date, narration, reference, total, status, version, " \
	       "created_at, updated_at) VALUES "
#define V_ROW "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', 1, ?, ?)"
#define L_COLS "voucher_lines(voucher_id, line_no, company_id, ledger_id, date, amount, active) VALUES "
#define L_ROW "(?, ?, ?, ?, ?, ?, 1)"
#define R_COLS "voucher_versions(company_id, voucher_id, version, action, at, user_id, data) VALUES "
#define R_ROW "(?, ?, 1, 'import', ?, ?, NULL)"
#define LITE "INSERT OR FAIL INTO "
#define PG "INSERT INTO "

struct batch_sql {
	int n;
	int rows[4];              /* descending; the last is 1 */
	const char *sql[4];
};

enum { B_VOUCHERS, B_LINES, B_VERSIONS, B_MAX };

static const struct batch_sql batch_lite[B_MAX] = {
	[B_VOUCHERS] = {4, {128, 32, 8, 1}, {LITE V_COLS ROWS128(V_ROW), LITE V_COLS ROWS32(V_ROW), LITE V_COLS ROWS8(V_ROW), LITE V_COLS V_ROW}},
	[B_LINES] = {4, {128, 32, 8, 1}, {LITE L_COLS ROWS128(L_ROW), LITE L_COLS ROWS32(L_ROW), LITE L_COLS ROWS8(L_ROW), LITE L_COLS L_ROW}},
	[B_VERSIONS] = {4, {128, 32, 8, 1}, {LITE R_COLS ROWS128(R_ROW), LITE R_COLS ROWS32(R_ROW), LITE R_COLS ROWS8(R_ROW), LITE R_COLS R_ROW}},
};
static const struct batch_sql batch_pg[B_MAX] = {
	[B_VOUCHERS] = {2, {4, 1}, {PG V_COLS ROWS4(V_ROW), PG V_COLS V_ROW}},          /* 48 parameters */
	[B_LINES] = {2, {8, 1}, {PG L_COLS ROWS8(L_ROW), PG L_COLS L_ROW}},             /* 48 */
	[B_VERSIONS] = {2, {8, 1}, {PG R_COLS ROWS8(R_ROW), PG R_COLS R_ROW}},          /* 32 */
};
/* PostgreSQL hands out voucher ids from the identity's sequence, BATCH at a time. */
static const char sql_pg_ids[] = "SELECT nextval(pg_get_serial_sequence('vouchers', 'id')) FROM generate_series(1, 128)";
static const char sql_max_voucher[] = "SELECT coalesce(max(id), 0) FROM vouchers";

static int load_ledgers(struct imp *im, struct err *e)
{
	struct db_stmt *st = db_prepare(im->db, sql_ledgers, e);
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, im->cid);
	while ((rc = db_step(st, e)) == DB_ROW) {
		const char *kind = db_col_text(st, 2);
		struct acct *a = acct_new(db_col_text(st, 1), db_col_i64(st, 0), !strcmp(kind, "cash") || !strcmp(kind, "bank"),
					  (int)db_col_i64(st, 3));
		if (!a || acct_put(&im->accts, a) < 0) {
			rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
			break;
		}
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

static int group_id(struct imp *im, const char *code, int64_t *ret, struct err *e)
{
	int rc;
	for (int i = 0; i < im->ngroups; i++)
		if (im->groups[i].code == code) {
			*ret = im->groups[i].id;
			return 0;
		}
	if ((rc = group_by_code(im->db, im->cid, code, ret, e)) < 0)
		return rc;
	if (im->ngroups < (int)NSTD) {
		im->groups[im->ngroups].code = code;
		im->groups[im->ngroups++].id = *ret;
	}
	return 0;
}

/* The ledger of account name (len bytes at p): known, or created under the group its name maps to. */
static int resolve(struct imp *im, const char *p, size_t len, long line, struct acct **ret, struct err *e)
{
	char name[1024];
	const char *code, *lname;
	struct acct *a, *b;
	struct db_stmt *st;
	size_t strip;
	int64_t gid, id = 0;
	int rc;

	if (len >= sizeof name)
		return line_err(e, ERR_INVALID, line, "account name is longer than 200 characters");
	memcpy(name, p, len);
	name[len] = '\0';
	if ((a = acct_get(&im->accts, name, hash_str(name)))) {
		*ret = a;
		return 0;
	}
	if (text_utf8_invalid_at(name, len) >= 0)
		return line_err(e, ERR_INVALID, line, "account name is not valid UTF-8");
	if (text_utf8_chars(name, len) > 200)
		return line_err(e, ERR_INVALID, line, "account name is longer than 200 characters");
	if (text_has_controls(name))
		return line_err(e, ERR_INVALID, line, "account name holds a control character");
	if (name[0] == '(' || name[0] == '[')
		return line_err(e, ERR_INVALID, line, "virtual postings ((account) or [account]) are not supported");
	code = group_code(name, &strip);
	lname = name + strip;
	/* "Assets:Sundry Debtors:Sharma Traders" is the ledger "Sharma Traders", maybe known already. */
	b = strip ? acct_get(&im->accts, lname, hash_str(lname)) : NULL;
	if (b) {
		id = b->id;
		a = acct_new(name, b->id, b->cashbank, b->archived);
	} else {
		if ((rc = group_id(im, code, &gid, e)) < 0)
			return rc;
		st = db_prepare(im->db, sql_ledger_add, e);
		if (!st)
			return e->code;
		db_bind_i64(st, 1, im->cid);
		db_bind_text(st, 2, lname);
		db_bind_i64(st, 3, gid);
		db_bind_text(st, 4, !strcmp(code, "bank_accounts") ? "bank" : !strcmp(code, "cash_in_hand") ? "cash" : "general");
		db_bind_text(st, 5, im->now);
		rc = db_step(st, e);
		if (rc == DB_ROW)
			id = db_col_i64(st, 0);
		while (rc == DB_ROW)
			rc = db_step(st, e);
		db_done(st);
		if (rc < 0)
			return rc;
		im->res.ledgers_created++;
		if (!strcmp(code, "suspense"))
			im->res.suspense_ledgers++;
		a = acct_new(name, id, !strcmp(code, "bank_accounts") || !strcmp(code, "cash_in_hand"), 0);
		if (a && strip) { /* also known by its own name from now on */
			struct acct *c = acct_new(lname, id, a->cashbank, 0);
			if (!c || acct_put(&im->accts, c) < 0) {
				free(a->key);
				free(a);
				a = NULL;
			}
		}
	}
	if (!a || acct_put(&im->accts, a) < 0)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	*ret = a;
	return 0;
}

/* The next number of (type, fy), reading and locking the series row the first time. */
static int next_seq(struct imp *im, enum voucher_type t, int64_t fy, int64_t *ret, struct err *e)
{
	struct db_stmt *st;
	struct series *s = NULL;
	int rc;
	if (im->nseries && im->series[im->last_series].type == t && im->series[im->last_series].fy == fy)
		s = &im->series[im->last_series];
	for (int i = 0; !s && i < im->nseries; i++)
		if (im->series[i].type == t && im->series[i].fy == fy) {
			s = &im->series[i];
			im->last_series = i;
		}
	if (!s) {
		if (im->nseries == im->capseries) {
			int cap = im->capseries ? im->capseries * 2 : 16;
			struct series *ns = realloc(im->series, (size_t)cap * sizeof *ns);
			if (!ns)
				return err_set(e, ERR_INTERNAL, NULL, "out of memory");
			im->series = ns;
			im->capseries = cap;
		}
		im->last_series = im->nseries;
		s = &im->series[im->nseries++];
		s->type = t;
		s->fy = fy;
		s->next = 1;
		for (int pass = 0; pass < 2; pass++) {
			st = db_prepare(im->db, pass ? sql_series_take : sql_series_make, e);
			if (!st)
				return e->code;
			db_bind_i64(st, 1, im->cid);
			db_bind_text(st, 2, voucher_type_name(t));
			db_bind_i64(st, 3, fy);
			rc = db_step(st, e);
			if (rc == DB_ROW)
				s->next = db_col_i64(st, 0);
			while (rc == DB_ROW)
				rc = db_step(st, e);
			db_done(st);
			if (rc < 0)
				return rc;
		}
	}
	*ret = s->next++;
	return 0;
}

static int save_series(struct imp *im, struct err *e)
{
	for (int i = 0; i < im->nseries; i++) {
		struct db_stmt *st = db_prepare(im->db, sql_series_set, e);
		int rc;
		if (!st)
			return e->code;
		db_bind_i64(st, 1, im->series[i].next);
		db_bind_i64(st, 2, im->cid);
		db_bind_text(st, 3, voucher_type_name(im->series[i].type));
		db_bind_i64(st, 4, im->series[i].fy);
		rc = db_step(st, e);
		db_done(st);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* The largest batch of table b that fits n rows: its index in the batch_sql table. */
static int batch_pick(const struct batch_sql *b, size_t n)
{
	int k = 0;
	while (k < b->n - 1 && (size_t)b->rows[k] > n)
		k++;
	return k;
}

/* Writes the pending vouchers, then their lines and edit-log rows. */
static int pending_flush(struct imp *im, struct err *e)
{
	struct pending *pd = &im->pend;
	const struct batch_sql *b;
	struct db_stmt *st;
	int rc;

	b = &pd->sql[B_VOUCHERS];
	for (int i = 0; i < pd->nv;) {
		int k = batch_pick(b, (size_t)(pd->nv - i)), col = 1;
		if (!(st = db_prepare(im->db, b->sql[k], e)))
			return e->code;
		for (int r = 0; r < b->rows[k]; r++, i++) {
			const struct vrow *v = &pd->v[i];
			db_bind_i64(st, col++, v->id);
			db_bind_i64(st, col++, im->cid);
			db_bind_text(st, col++, voucher_type_name(v->type));
			db_bind_i64(st, col++, v->fy);
			db_bind_i64(st, col++, v->seq);
			db_bind_text(st, col++, v->number);
			db_bind_text(st, col++, v->date);
			db_bind_text(st, col++, v->narration >= 0 ? pd->strs.data + v->narration : NULL);
			db_bind_text(st, col++, v->reference >= 0 ? pd->strs.data + v->reference : NULL);
			db_bind_i64(st, col++, v->total);
			db_bind_text(st, col++, im->now);
			db_bind_text(st, col++, im->now);
		}
		rc = db_step(st, e);
		db_done(st);
		if (rc < 0)
			return rc;
	}
	b = &pd->sql[B_LINES];
	for (size_t i = 0; i < pd->nl;) {
		int k = batch_pick(b, pd->nl - i), col = 1;
		if (!(st = db_prepare(im->db, b->sql[k], e)))
			return e->code;
		for (int r = 0; r < b->rows[k]; r++, i++) {
			const struct lrow *l = &pd->l[i];
			db_bind_i64(st, col++, l->voucher_id);
			db_bind_i64(st, col++, l->line_no);
			db_bind_i64(st, col++, im->cid);
			db_bind_i64(st, col++, l->ledger_id);
			db_bind_text(st, col++, l->date);
			db_bind_i64(st, col++, l->amount);
		}
		rc = db_step(st, e);
		db_done(st);
		if (rc < 0)
			return rc;
	}
	b = &pd->sql[B_VERSIONS];
	for (int i = 0; i < pd->nv;) {
		int k = batch_pick(b, (size_t)(pd->nv - i)), col = 1;
		if (!(st = db_prepare(im->db, b->sql[k], e)))
			return e->code;
		for (int r = 0; r < b->rows[k]; r++, i++) {
			db_bind_i64(st, col++, im->cid);
			db_bind_i64(st, col++, pd->v[i].id);
			db_bind_text(st, col++, im->now);
			db_bind_i64(st, col++, im->actor);
		}
		rc = db_step(st, e);
		db_done(st);
		if (rc < 0)
			return rc;
	}
	pd->nv = 0;
	pd->nl = 0;
	buf_reset(&pd->strs);
	return 0;
}

/* The id of the next voucher. */
static int take_id(struct imp *im, int64_t *ret, struct err *e)
{
	struct pending *pd = &im->pend;
	struct db_stmt *st;
	int rc;
	if (db_backend(im->db) == DB_SQLITE) {
		*ret = ++pd->next_id;
		return 0;
	}
	if (pd->ipool == pd->npool) {
		pd->npool = pd->ipool = 0;
		if (!(st = db_prepare(im->db, sql_pg_ids, e)))
			return e->code;
		while ((rc = db_step(st, e)) == DB_ROW)
			if (pd->npool < BATCH)
				pd->pool[pd->npool++] = db_col_i64(st, 0);
		db_done(st);
		if (rc < 0)
			return rc;
		if (pd->npool == 0)
			return err_set(e, ERR_INTERNAL, NULL, "no voucher ids from the sequence");
	}
	*ret = pd->pool[pd->ipool++];
	return 0;
}

static int64_t pending_str(struct pending *pd, const char *s)
{
	int64_t off = (int64_t)pd->strs.len;
	if (!*s)
		return -1;
	if (buf_add(&pd->strs, s, strlen(s) + 1) < 0)
		return -2;
	return off;
}

/* The transaction being read. */
struct txn {
	long line;
	char date[11];
	char narration[2001];
	char reference[201];
	int open;
	int elided;          /* index of the posting without an amount, -1 when none */
};

/* Stores the transaction read: balance check, type, number, voucher, lines, edit log, sums. */
static int flush_txn(struct imp *im, struct txn *t, struct err *e)
{
	int64_t sum = 0, total = 0, fy, seq = 0, vid = 0;
	int cb_dr = 0, cb_cr = 0, all_cb = 1, n = 0, rc;
	enum voucher_type type;
	char number[40];

	t->open = 0;
	if (im->nposts == 0)
		return line_err(e, ERR_INVALID, t->line, "a transaction needs postings (indented lines below its date)");
	for (int i = 0; i < im->nposts; i++)
		if (im->posts[i].has_amount && __builtin_add_overflow(sum, im->posts[i].amount, &sum))
			return line_err(e, ERR_INVALID, t->line, "amounts are too large");
	if (t->elided >= 0) {
		im->posts[t->elided].amount = -sum;
		sum = 0;
	}
	if (sum != 0) {
		char d[MONEY_STR_MAX];
		money_format(sum < 0 ? -sum : sum, d, sizeof d);
		return line_err(e, ERR_UNPROCESSABLE, t->line, "transaction does not balance by %s (%s exceed %s)", d,
				sum > 0 ? "debits" : "credits", sum > 0 ? "credits" : "debits");
	}
	if (im->books.lock_date[0] && strcmp(t->date, im->books.lock_date) <= 0)
		return line_err(e, ERR_UNPROCESSABLE, t->line, "the books are locked up to %s; %s is in a closed period", im->books.lock_date, t->date);
	if (im->books.books_from[0] && strcmp(t->date, im->books.books_from) < 0)
		return line_err(e, ERR_UNPROCESSABLE, t->line, "the books begin on %s; %s is before them", im->books.books_from, t->date);
	for (int i = 0; i < im->nposts; i++) {
		const struct posting *p = &im->posts[i];
		if (p->amount == 0)
			continue;
		n++;
		if (p->amount > 0)
			total += p->amount;
		if (p->acct->cashbank)
			*(p->amount > 0 ? &cb_dr : &cb_cr) = 1;
		else
			all_cb = 0;
	}
	if (n < 2)
		return line_err(e, ERR_INVALID, t->line, "a transaction needs at least two postings with non-zero amounts");
	/* Tally's reading: money between cash and bank is contra; money in is a receipt, money out a payment. */
	type = all_cb ? VT_CONTRA : cb_dr ? VT_RECEIPT : cb_cr ? VT_PAYMENT : VT_JOURNAL;
	fy = date_iso_fy(t->date);
	if ((rc = next_seq(im, type, fy, &seq, e)) < 0)
		return rc;
	voucher_number_format(number, type, fy, seq);

	{
		struct pending *pd = &im->pend;
		struct vrow *v = &pd->v[pd->nv];
		if ((rc = take_id(im, &vid, e)) < 0)
			return rc;
		v->id = vid;
		v->fy = fy;
		v->seq = seq;
		v->total = total;
		v->type = type;
		memcpy(v->number, number, sizeof v->number);
		memcpy(v->date, t->date, sizeof v->date);
		v->narration = pending_str(pd, t->narration);
		v->reference = pending_str(pd, t->reference);
		if (v->narration < -1 || v->reference < -1)
			return err_set(e, ERR_INTERNAL, NULL, "out of memory");
		if (pd->nl + (size_t)im->nposts > pd->capl) {
			size_t cap = pd->capl ? pd->capl * 2 : 1024;
			struct lrow *nl;
			while (cap < pd->nl + (size_t)im->nposts)
				cap *= 2;
			if (!(nl = realloc(pd->l, cap * sizeof *nl)))
				return err_set(e, ERR_INTERNAL, NULL, "out of memory");
			pd->l = nl;
			pd->capl = cap;
		}
		pd->nv++;
	}

	n = 0;
	for (int i = 0; i < im->nposts; i++) {
		const struct posting *p = &im->posts[i];
		struct lrow *l;
		if (p->amount == 0)
			continue;
		n++;
		if (day_add(&im->days, p->acct->id * DAY_SPAN + day_number(t->date), p->amount) < 0)
			return line_err(e, ERR_INVALID, p->line, "amounts are too large (or out of memory)");
		l = &im->pend.l[im->pend.nl++];
		l->voucher_id = vid;
		l->line_no = n;
		l->ledger_id = p->acct->id;
		l->amount = p->amount;
		memcpy(l->date, t->date, sizeof l->date);
	}
	if (im->pend.nv == BATCH && (rc = pending_flush(im, e)) < 0)
		return rc;

	if (!im->res.first_voucher_id)
		im->res.first_voucher_id = vid;
	im->res.last_voucher_id = vid;
	im->res.transactions++;
	im->res.postings += n;
	im->res.by_type[type]++;
	im->nposts = 0;
	return 0;
}

/* Header: DATE [*|!] [(CODE)] DESCRIPTION [; comment, with an optional ref:VALUE tag]. */
static int parse_header(struct txn *t, const char *p, const char *end, long line, struct err *e)
{
	const char *c, *semi;
	struct date day;
	size_t n = date_scan(p, (size_t)(end - p), DATE_YMD, &day);

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
	if (p < end && *p == '(') {
		c = memchr(p, ')', (size_t)(end - p));
		if (!c)
			return line_err(e, ERR_INVALID, line, "the transaction code has no closing parenthesis");
		if ((size_t)(c - p - 1) >= sizeof t->reference || text_utf8_chars(p + 1, (size_t)(c - p - 1)) > 60)
			return line_err(e, ERR_INVALID, line, "the transaction code is longer than 60 characters");
		memcpy(t->reference, p + 1, (size_t)(c - p - 1));
		t->reference[c - p - 1] = '\0';
		p = c + 1;
		while (p < end && is_space(*p))
			p++;
	}
	semi = p < end ? memchr(p, ';', (size_t)(end - p)) : NULL;
	if (semi) {
		/* "ref:VALUE" in the comment is the voucher's reference (export writes it). */
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

/* Posting: [*|!] ACCOUNT, then two spaces or a tab and an amount (or nothing), [; comment]. */
static int parse_posting(struct imp *im, struct txn *t, const char *p, const char *end, long line, struct err *e)
{
	const char *a = p, *ae, *semi;
	struct posting *ps;
	char why[160];
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
	if (im->nposts == im->capposts) {
		int cap = im->capposts ? im->capposts * 2 : 16;
		struct posting *np;
		if (im->nposts >= VOUCHER_MAX_LINES)
			return line_err(e, ERR_INVALID, line, "a transaction has more than %d postings", VOUCHER_MAX_LINES);
		np = realloc(im->posts, (size_t)cap * sizeof *np);
		if (!np)
			return err_set(e, ERR_INTERNAL, NULL, "out of memory");
		im->posts = np;
		im->capposts = cap;
	} else if (im->nposts >= VOUCHER_MAX_LINES) {
		return line_err(e, ERR_INVALID, line, "a transaction has more than %d postings", VOUCHER_MAX_LINES);
	}
	ps = &im->posts[im->nposts];
	memset(ps, 0, sizeof *ps);
	ps->line = line;
	if ((rc = resolve(im, a, (size_t)(ae - a), line, &ps->acct, e)) < 0)
		return rc;
	if (ps->acct->archived)
		return line_err(e, ERR_UNPROCESSABLE, line, "ledger %.*s is archived", (int)(ae - a), a);
	semi = memchr(p, ';', (size_t)(end - p));
	if (semi)
		end = semi;
	while (p < end && is_space(*p))
		p++;
	while (end > p && is_space(end[-1]))
		end--;
	if (p == end) {
		if (t->elided >= 0)
			return line_err(e, ERR_INVALID, line, "only one posting of a transaction may leave out its amount");
		t->elided = im->nposts;
	} else {
		for (const char *q = p; q < end; q++) {
			if (*q == '@')
				return line_err(e, ERR_INVALID, line, "prices (@) are not supported: amounts are INR only");
			if (*q == '=')
				return line_err(e, ERR_INVALID, line, "balance assertions (=) are not supported");
			if (*q == '{')
				return line_err(e, ERR_INVALID, line, "lot prices ({}) are not supported");
		}
		if (journal_amount_parse(p, (size_t)(end - p), &ps->amount, why, sizeof why) < 0)
			return line_err(e, ERR_INVALID, line, "%s", why);
		ps->has_amount = 1;
	}
	im->nposts++;
	return 0;
}

/* Directives that change nothing Daftar keeps (their indented sub-lines are skipped too). */
static const char *const skip_directives[] = {"account", "commodity", "P", "payee", "tag", "D", "decimal-mark", NULL};

static int word_is(const char *p, const char *end, const char *w)
{
	size_t n = strlen(w);
	return (size_t)(end - p) >= n && memcmp(p, w, n) == 0 && ((size_t)(end - p) == n || is_space(p[n]));
}

/* Hands the consumed part of a mapped file back to the kernel (keeps the resident size flat). */
static void release_upto(struct imp *im, size_t off)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t upto;
	if (!im->mapped || page <= 0 || off < im->released + RELEASE_STEP)
		return;
	upto = off / (size_t)page * (size_t)page;
	if (upto > im->released) {
		(void)madvise((void *)(im->data + im->released), upto - im->released, MADV_DONTNEED);
		im->released = upto;
	}
}

static int parse_all(struct imp *im, struct err *e)
{
	const char *p = im->data, *end = im->data + im->len;
	struct txn *t = calloc(1, sizeof *t);
	long line = 0;
	int skip_block = 0, in_comment = 0, rc = 0;

	if (!t)
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
			release_upto(im, (size_t)(q - im->data));
		if (in_comment) {
			if (word_is(q, le, "end") && (q + 4 < le) && (word_is(q + 4, le, "comment") || word_is(q + 4, le, "test")))
				in_comment = 0;
			continue;
		}
		{
			const char *s = q;
			while (s < le && is_space(*s))
				s++;
			if (s == le) { /* blank: ends a transaction or a directive block */
				if (t->open)
					rc = flush_txn(im, t, e);
				skip_block = 0;
				continue;
			}
			if (s > q) { /* indented */
				if (*s == ';' || *s == '#')
					continue;
				if (t->open)
					rc = parse_posting(im, t, s, le, line, e);
				else if (!skip_block)
					rc = line_err(e, ERR_INVALID, line, "an indented line outside a transaction");
				continue;
			}
		}
		if (t->open && (rc = flush_txn(im, t, e)) < 0)
			break;
		skip_block = 0;
		if (*q == ';' || *q == '#' || *q == '%' || *q == '|' || *q == '*')
			continue;
		if (is_digit(*q)) {
			im->nposts = 0;
			rc = parse_header(t, q, le, line, e);
			continue;
		}
		if (word_is(q, le, "comment") || word_is(q, le, "test")) {
			in_comment = 1;
			continue;
		}
		if (word_is(q, le, "include")) {
			rc = line_err(e, ERR_INVALID, line, "include is not supported: join the files into one journal first");
			continue;
		}
		for (const char *const *d = skip_directives; *d; d++)
			if (word_is(q, le, *d))
				skip_block = 1;
		if (skip_block) {
			if (word_is(q, le, "decimal-mark")) {
				const char *m = q + 12;
				while (m < le && is_space(*m))
					m++;
				if (m < le && *m != '.')
					rc = line_err(e, ERR_INVALID, line, "only the decimal mark '.' is supported");
			}
			continue;
		}
		if (*q == '~' || *q == '=')
			rc = line_err(e, ERR_INVALID, line, "periodic (~) and automated (=) transactions are not supported");
		else
			rc = line_err(e, ERR_INVALID, line, "unsupported line: %.40s", q);
	}
	if (rc == 0 && t->open)
		rc = flush_txn(im, t, e);
	free(t);
	return rc;
}

/* Writes the summed balances: ledger_day per (ledger, day), ledger_month per (ledger, month). */
static int write_balances(struct imp *im, struct err *e)
{
	struct day_sum *v = im->days.slots;
	size_t n = 0;
	int rc = 0;

	for (size_t i = 0; i < im->days.cap; i++)
		if (v[i].key)
			v[n++] = v[i];
	im->days.n = 0; /* the table is a sorted array from here on */
	if (n)
		qsort(v, n, sizeof *v, cmp_day);
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct db_stmt *st = db_prepare(im->db, sql_day, e);
		char date[11];
		if (!st)
			return e->code;
		day_iso(v[i].key % DAY_SPAN, date);
		db_bind_i64(st, 1, im->cid);
		db_bind_i64(st, 2, v[i].key / DAY_SPAN);
		db_bind_text(st, 3, date);
		db_bind_i64(st, 4, v[i].dr);
		db_bind_i64(st, 5, v[i].cr);
		rc = db_step(st, e);
		db_done(st);
	}
	for (size_t i = 0; i < n && rc >= 0;) {
		int64_t ledger = v[i].key / DAY_SPAN, month = v[i].key % DAY_SPAN / 31, dr = 0, cr = 0;
		struct db_stmt *st;
		char date[11];
		day_iso(v[i].key % DAY_SPAN, date);
		for (; i < n && v[i].key / DAY_SPAN == ledger && v[i].key % DAY_SPAN / 31 == month; i++)
			if (__builtin_add_overflow(dr, v[i].dr, &dr) || __builtin_add_overflow(cr, v[i].cr, &cr))
				return err_set(e, ERR_INVALID, NULL, "amounts are too large");
		st = db_prepare(im->db, sql_month, e);
		if (!st)
			return e->code;
		date[7] = '\0';
		db_bind_i64(st, 1, im->cid);
		db_bind_i64(st, 2, ledger);
		db_bind_text(st, 3, date);
		db_bind_i64(st, 4, dr);
		db_bind_i64(st, 5, cr);
		rc = db_step(st, e);
		db_done(st);
	}
	return rc < 0 ? rc : 0;
}

static int audit_import(struct imp *im, struct err *e)
{
	struct buf after = BUF_INIT;
	struct jsonw w;
	int rc;
	jsonw_init(&w, &after);
	jsonw_obj(&w);
	jsonw_kstr(&w, "format", "ledger");
	jsonw_kstr(&w, "file", im->file_name);
	jsonw_ki64(&w, "bytes", (int64_t)im->len);
	jsonw_kstr(&w, "blake2b", im->blake2b);
	jsonw_ki64(&w, "transactions", im->res.transactions);
	jsonw_ki64(&w, "postings", im->res.postings);
	jsonw_ki64(&w, "ledgers_created", im->res.ledgers_created);
	jsonw_key(&w, "vouchers");
	jsonw_obj(&w);
	for (int t = 0; t < VT_MAX; t++)
		if (im->res.by_type[t])
			jsonw_ki64(&w, voucher_type_name((enum voucher_type)t), im->res.by_type[t]);
	jsonw_obj_end(&w);
	jsonw_ki64(&w, "first_voucher_id", im->res.first_voucher_id);
	jsonw_ki64(&w, "last_voucher_id", im->res.last_voucher_id);
	jsonw_obj_end(&w);
	if (jsonw_ok(&w) < 0) {
		buf_free(&after);
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	}
	rc = audit_append(im->db, im->cid, im->actor, "import", im->res.first_voucher_id, "ledger", NULL, buf_str(&after), e);
	buf_free(&after);
	return rc;
}

static int import_work(struct db *db, void *ctx, struct err *e)
{
	struct imp *im = ctx;
	int64_t n = 0;
	struct db_stmt *st;
	time_t now = time(NULL);
	struct tm tm;
	int rc;

	imp_free(im);
	memset(&im->res, 0, sizeof im->res);
	im->released = 0;
	gmtime_r(&now, &tm);
	strftime(im->now, sizeof im->now, "%Y-%m-%dT%H:%M:%SZ", &tm);

	st = db_prepare(db, sql_company, e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, im->cid);
	rc = db_step(st, e);
	if (rc == DB_ROW)
		n = db_col_i64(st, 0);
	db_done(st);
	if (rc < 0)
		return rc;
	if (n == 0)
		return err_set(e, ERR_NOT_FOUND, "company", "no company %lld", (long long)im->cid);
	if ((rc = books_get(db, im->cid, &im->books, e)) < 0)
		return rc;
	if ((rc = load_ledgers(im, e)) < 0)
		goto out;
	im->pend.sql = db_backend(db) == DB_SQLITE ? batch_lite : batch_pg;
	if (db_backend(db) == DB_SQLITE && (rc = db_i64(db, sql_max_voucher, DB_NOARGS, &im->pend.next_id, e)) < 0)
		goto out;
	if ((rc = parse_all(im, e)) < 0 || (rc = pending_flush(im, e)) < 0)
		goto out;
	if ((rc = write_balances(im, e)) < 0 || (rc = save_series(im, e)) < 0)
		goto out;
	rc = audit_import(im, e);
out:
	imp_free(im);
	return rc;
}

static int import_run(struct db *db, int64_t cid, int64_t actor, const char *file_name, const char *data, size_t len,
		      int mapped, struct journal_import_result *ret, struct err *e)
{
	struct imp *im = calloc(1, sizeof *im);
	uint8_t h[SECURE_HASH_LEN];
	int64_t cache = -2000;
	int rc;

	if (!im)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	im->db = db;
	im->cid = cid;
	im->actor = actor;
	im->file_name = file_name ? file_name : "";
	im->data = data;
	im->len = len;
	im->mapped = mapped;
	secure_hash(data, len, h);
	secure_hex(h, sizeof h, im->blake2b);
	if (im->mapped) /* hashing touched every page; parsing will fault them back in as it goes */
		(void)madvise((void *)data, len, MADV_DONTNEED);
	/* SQLite, for the import's transaction only: a 64 MB page cache for the pages the inserts
	 * keep touching (the right edges of the tables and each ledger's end of the ledger indexes;
	 * measured at 1M transactions, 16-64 MB is as fast as 1 GB and keeps the RSS low), and no
	 * foreign-key lookups. Every id the import writes comes from rows it read or wrote
	 * itself under the write lock (ledgers loaded or created, vouchers just inserted, the company
	 * checked first), so those lookups - two per posting - would only repeat that, at about a
	 * quarter of the insert cost. PRAGMA foreign_keys is a no-op inside a transaction, hence here. */
	if (db_backend(db) == DB_SQLITE && ((rc = db_i64(db, "PRAGMA cache_size", DB_NOARGS, &cache, e)) < 0 ||
					    (rc = db_exec(db, "PRAGMA cache_size=-65536", e)) < 0 ||
					    (rc = db_exec(db, "PRAGMA foreign_keys=OFF", e)) < 0)) {
		free(im);
		return rc;
	}
	rc = db_tx(db, import_work, im, e);
	if (db_backend(db) == DB_SQLITE) {
		struct err e2 = ERR_INIT;
		char restore[64];
		snprintf(restore, sizeof restore, "PRAGMA cache_size=%lld", (long long)cache);
		if (db_exec(db, "PRAGMA foreign_keys=ON", &e2) < 0 || db_exec(db, restore, &e2) < 0) {
			/* A connection left without its foreign keys must not be used again. */
			if (rc >= 0)
				rc = err_set(e, ERR_INTERNAL, NULL, "the journal was imported, but the connection could not be restored; close it");
		}
	}
	if (rc >= 0 && ret) {
		*ret = im->res;
		memcpy(ret->blake2b, im->blake2b, sizeof ret->blake2b);
	}
	free(im);
	return rc < 0 ? rc : 0;
}

int journal_import_mem(struct db *db, int64_t cid, int64_t actor, const char *file_name, const char *data, size_t len,
		       struct journal_import_result *ret, struct err *e)
{
	return import_run(db, cid, actor, file_name, data, len, 0, ret, e);
}

int journal_import(struct db *db, int64_t cid, int64_t actor, const char *path, struct journal_import_result *ret,
		   struct err *e)
{
	struct stat sb;
	void *map = NULL;
	const char *base = strrchr(path, '/');
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return err_set(e, errno == ENOENT ? ERR_NOT_FOUND : ERR_INVALID, "file", "cannot open %.200s: %s", path, strerror(errno));
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return err_set(e, ERR_INVALID, "file", "%.200s is not a regular file", path);
	}
	if (sb.st_size > 0) {
		map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map == MAP_FAILED) {
			close(fd);
			return err_set(e, ERR_INTERNAL, "file", "cannot read %.200s: %s", path, strerror(errno));
		}
		(void)madvise(map, (size_t)sb.st_size, MADV_SEQUENTIAL);
	}
	close(fd);
	rc = import_run(db, cid, actor, base ? base + 1 : path, map ? map : "", (size_t)sb.st_size, map != NULL, ret, e);
	if (map)
		munmap(map, (size_t)sb.st_size);
	return rc;
}

/* ---- export ---- */

struct exp_ledger {
	int64_t id;
	char *name;          /* as written in the journal */
	int64_t opening;
};

struct exp_group {
	int64_t id, parent;
	char code[32];
	char nature[16];
};

struct out {
	struct buf b;
	journal_write_fn write;
	void *ctx;
	int failed;
};

static void out_flush(struct out *o)
{
	if (o->b.len && !o->failed && o->write(o->ctx, o->b.data, o->b.len) < 0)
		o->failed = 1;
	buf_reset(&o->b);
}

static void out_add(struct out *o, const char *s, size_t n)
{
	if (o->failed)
		return;
	if (buf_add(&o->b, s, n) < 0)
		o->failed = 1;
	else if (o->b.len >= ((size_t)1 << 20))
		out_flush(o);
}

static void out_str(struct out *o, const char *s) { out_add(o, s, strlen(s)); }

static void out_amount(struct out *o, int64_t paise)
{
	char m[MONEY_STR_MAX];
	money_format(paise, m, sizeof m);
	out_str(o, m);
	out_add(o, " INR\n", 5);
}

/* Text on one journal line: controls become spaces; in names, runs of spaces become one (two
 * spaces end an account name) and ';' cannot start a comment in a description. */
static void clean(char *s, int is_name)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		char c = (unsigned char)*r < 0x20 ? ' ' : *r;
		if (!is_name && c == ';')
			c = ',';
		if (is_name && c == ' ' && (w == s || w[-1] == ' '))
			continue;
		*w++ = c;
	}
	while (w > s && w[-1] == ' ')
		w--;
	*w = '\0';
}

static int cmp_ledger(const void *a, const void *b)
{
	int64_t x = ((const struct exp_ledger *)a)->id, y = ((const struct exp_ledger *)b)->id;
	return x < y ? -1 : x > y;
}

static struct exp_ledger *find_ledger(struct exp_ledger *v, size_t n, int64_t id)
{
	struct exp_ledger k = {id, NULL, 0};
	return bsearch(&k, v, n, sizeof *v, cmp_ledger);
}

/* The journal name of a ledger: its own when that maps back to its group, else
 * "Root:Standard Group:Name". Unique among the company's ledgers (a clash gets " #id"). */
static char *export_name(const char *name, const struct exp_group *gv, int ng, int64_t gid, struct acct_map *seen, int64_t id)
{
	const struct exp_group *g = NULL;
	const char *code = NULL, *root, *gname = NULL;
	char *clean_name = strdup(name), *out = NULL;
	struct buf b = BUF_INIT;
	size_t strip;

	if (!clean_name)
		return NULL;
	clean(clean_name, 1);
	/* The nearest predefined group up the tree (a user sub-group maps back to its parent). */
	for (int hops = 0; hops < 64 && gid; hops++) {
		g = NULL;
		for (int i = 0; i < ng; i++)
			if (gv[i].id == gid)
				g = &gv[i];
		if (!g)
			break;
		if (g->code[0]) {
			code = g->code;
			break;
		}
		gid = g->parent;
	}
	if (!code)
		code = "suspense";
	for (size_t i = 0; i < NSTD; i++)
		if (!strcmp(std_names[i].code, code))
			gname = std_names[i].name;
	if (!gname)
		gname = "Suspense A/c";
	if (!strcmp(group_code(clean_name, &strip), code) && strip == 0 && root_of((struct seg){clean_name, strcspn(clean_name, ":")}) != ROOT_NONE) {
		if (buf_adds(&b, clean_name) < 0)
			goto done;
	} else {
		root = !strcmp(code, "capital_account") ? "Equity" : (g && !strcmp(g->nature, "asset")) ? "Assets"
				: (g && !strcmp(g->nature, "income")) ? "Income" : (g && !strcmp(g->nature, "expense")) ? "Expenses" : "Liabilities";
		if (buf_addf(&b, "%s:%s:%s", root, gname, clean_name) < 0)
			goto done;
	}
	if (acct_get(seen, buf_str(&b), hash_str(buf_str(&b))) && buf_addf(&b, " #%lld", (long long)id) < 0)
		goto done;
	{
		struct acct *a = acct_new(buf_str(&b), id, 0, 0);
		if (!a || acct_put(seen, a) < 0)
			goto done;
	}
	out = buf_detach(&b);
done:
	buf_free(&b);
	free(clean_name);
	return out;
}

static const char sql_exp_company[] = "SELECT name FROM companies WHERE id = ?";
static const char sql_exp_groups[] = "SELECT id, coalesce(parent_id, 0), coalesce(code, ''), nature FROM account_groups WHERE company_id = ?";
static const char sql_exp_ledgers[] = "SELECT id, name, group_id, opening_balance FROM ledgers WHERE company_id = ? ORDER BY id";
static const char sql_exp_before[] = "SELECT ledger_id, sum(debit) - sum(credit) FROM ledger_day WHERE company_id = ? AND date < ? "
				     "GROUP BY ledger_id";
static const char sql_exp_first[] = "SELECT min(date) FROM vouchers WHERE company_id = ? AND status = 'active' AND date >= ? AND date <= ?";
static const char sql_exp_vouchers[] = "SELECT v.id, v.date, v.number, coalesce(v.narration, ''), coalesce(v.reference, ''), "
				       "vl.ledger_id, vl.amount FROM vouchers v JOIN voucher_lines vl ON vl.voucher_id = v.id "
				       "WHERE v.company_id = ? AND v.status = 'active' AND v.date >= ? AND v.date <= ? "
				       "ORDER BY v.date, v.id, vl.line_no";

int journal_export(struct db *db, int64_t cid, const char *from, const char *to, journal_write_fn write, void *ctx,
		   struct journal_export_result *ret, struct err *e)
{
	struct exp_group *gv = NULL;
	struct exp_ledger *lv = NULL;
	struct acct_map seen = {NULL, 0, 0};
	struct out o = {BUF_INIT, write, ctx, 0};
	struct db_stmt *st;
	char company[256] = "", first[11] = "", opening_date[11];
	struct books books;
	int ng = 0, cap = 0, rc;
	size_t nl = 0, capl = 0;
	int64_t cur = 0, nvouchers = 0, nlines = 0, opening_sum = 0;
	int have_opening = 0;

	if (from && *from && !date_iso_ok(from))
		return err_set(e, ERR_INVALID, "from", "from must be a date YYYY-MM-DD");
	if (to && *to && !date_iso_ok(to))
		return err_set(e, ERR_INVALID, "to", "to must be a date YYYY-MM-DD");
	if (!from || !*from)
		from = "0000-00-00";
	if (!to || !*to)
		to = "9999-99-99";
	if (strcmp(from, to) > 0)
		return err_set(e, ERR_INVALID, "from", "from is after to");

	st = db_prepare(db, sql_exp_company, e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	rc = db_step(st, e);
	if (rc == DB_ROW)
		text_copy(company, sizeof company, db_col_text(st, 0));
	db_done(st);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "company", "no company %lld", (long long)cid);
	if ((rc = books_get(db, cid, &books, e)) < 0)
		return rc;

	st = db_prepare(db, sql_exp_groups, e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	while ((rc = db_step(st, e)) == DB_ROW) {
		if (ng == cap) {
			struct exp_group *n2 = realloc(gv, (size_t)(cap = cap ? cap * 2 : 64) * sizeof *gv);
			if (!n2) {
				rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
				break;
			}
			gv = n2;
		}
		gv[ng].id = db_col_i64(st, 0);
		gv[ng].parent = db_col_i64(st, 1);
		text_copy(gv[ng].code, sizeof gv[ng].code, db_col_text(st, 2));
		text_copy(gv[ng].nature, sizeof gv[ng].nature, db_col_text(st, 3));
		ng++;
	}
	db_done(st);
	if (rc < 0)
		goto out;

	st = db_prepare(db, sql_exp_ledgers, e);
	if (!st) {
		rc = e->code;
		goto out;
	}
	db_bind_i64(st, 1, cid);
	while ((rc = db_step(st, e)) == DB_ROW) {
		if (nl == capl) {
			struct exp_ledger *n2 = realloc(lv, (capl = capl ? capl * 2 : 256) * sizeof *lv);
			if (!n2) {
				rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
				break;
			}
			lv = n2;
		}
		lv[nl].id = db_col_i64(st, 0);
		lv[nl].opening = db_col_i64(st, 3);
		lv[nl].name = export_name(db_col_text(st, 1), gv, ng, db_col_i64(st, 2), &seen, lv[nl].id);
		if (!lv[nl].name) {
			rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
			break;
		}
		nl++;
	}
	db_done(st);
	if (rc < 0)
		goto out;

	/* Exporting from a date: what happened before it is part of each ledger's opening. */
	if (strcmp(from, "0000-00-00") != 0) {
		st = db_prepare(db, sql_exp_before, e);
		if (!st) {
			rc = e->code;
			goto out;
		}
		db_bind_i64(st, 1, cid);
		db_bind_text(st, 2, from);
		while ((rc = db_step(st, e)) == DB_ROW) {
			struct exp_ledger *l = find_ledger(lv, nl, db_col_i64(st, 0));
			if (l && __builtin_add_overflow(l->opening, db_col_i64(st, 1), &l->opening))
				rc = err_set(e, ERR_INTERNAL, NULL, "balance overflow");
		}
		db_done(st);
		if (rc < 0)
			goto out;
	}

	st = db_prepare(db, sql_exp_first, e);
	if (!st) {
		rc = e->code;
		goto out;
	}
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, to);
	rc = db_step(st, e);
	if (rc == DB_ROW && !db_col_null(st, 0))
		text_copy(first, sizeof first, db_col_text(st, 0));
	db_done(st);
	if (rc < 0)
		goto out;
	if (strcmp(from, "0000-00-00") != 0)
		(void)date_iso_add(from, -1, opening_date);
	else if (first[0])
		(void)date_iso_add(first, -1, opening_date);
	else
		text_copy(opening_date, sizeof opening_date, books.books_from);

	{
		char head[600];
		clean(company, 0);
		snprintf(head, sizeof head, "; Daftar export of company %lld (%s), vouchers dated %s to %s, amounts in INR\n\n",
			 (long long)cid, company, strcmp(from, "0000-00-00") ? from : "the start", strcmp(to, "9999-99-99") ? to : "the end");
		out_str(&o, head);
	}
	for (size_t i = 0; i < nl; i++) {
		if (!lv[i].opening)
			continue;
		if (!have_opening) {
			out_str(&o, opening_date);
			out_str(&o, " * Opening balances\n");
			have_opening = 1;
		}
		out_add(&o, "    ", 4);
		out_str(&o, lv[i].name);
		out_add(&o, "  ", 2);
		out_amount(&o, lv[i].opening);
		if (__builtin_add_overflow(opening_sum, lv[i].opening, &opening_sum)) {
			rc = err_set(e, ERR_INTERNAL, NULL, "balance overflow");
			goto out;
		}
	}
	if (have_opening) {
		if (opening_sum) {
			out_str(&o, "    Equity:Opening-Balances  ");
			out_amount(&o, -opening_sum);
		}
		out_add(&o, "\n", 1);
	}

	st = db_prepare(db, sql_exp_vouchers, e);
	if (!st) {
		rc = e->code;
		goto out;
	}
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, to);
	while ((rc = db_step(st, e)) == DB_ROW && !o.failed) {
		int64_t vid = db_col_i64(st, 0);
		struct exp_ledger *l = find_ledger(lv, nl, db_col_i64(st, 5));
		if (vid != cur) {
			char narr[2001], ref[201];
			if (cur)
				out_add(&o, "\n", 1);
			cur = vid;
			nvouchers++;
			out_str(&o, db_col_text(st, 1));
			out_add(&o, " * (", 4);
			out_str(&o, db_col_text(st, 2));
			out_add(&o, ")", 1);
			text_copy(narr, sizeof narr, db_col_text(st, 3));
			clean(narr, 0);
			if (narr[0]) {
				out_add(&o, " ", 1);
				out_str(&o, narr);
			}
			text_copy(ref, sizeof ref, db_col_text(st, 4));
			clean(ref, 0);
			for (char *c = ref; *c; c++)
				if (*c == ',')
					*c = ' ';
			if (ref[0]) {
				out_add(&o, "  ; ref:", 8);
				out_str(&o, ref);
			}
			out_add(&o, "\n", 1);
		}
		out_add(&o, "    ", 4);
		out_str(&o, l ? l->name : "Suspense A/c");
		out_add(&o, "  ", 2);
		out_amount(&o, db_col_i64(st, 6));
		nlines++;
	}
	db_done(st);
	if (rc < 0)
		goto out;
	if (cur)
		out_add(&o, "\n", 1);
	out_flush(&o);
	if (o.failed) {
		rc = err_set(e, ERR_INTERNAL, NULL, "cannot write the journal (%s)", errno ? strerror(errno) : "out of memory");
		goto out;
	}
	rc = 0;
	if (ret) {
		ret->vouchers = nvouchers;
		ret->postings = nlines;
		ret->ledgers = (int64_t)nl;
	}
out:
	for (size_t i = 0; i < nl; i++)
		free(lv[i].name);
	free(lv);
	free(gv);
	acct_map_free(&seen);
	buf_free(&o.b);
	return rc;
}
