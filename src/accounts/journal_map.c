/* journal_map.c - account names and the chart, both ways: a journal's account name to the
 * predefined group it belongs under and to its ledger (found, or created by an import), and a
 * ledger back to a journal name that maps to the same group (export). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/journal_int.h"
#include "lib/buf.h"
#include "lib/text.h"
#include "lib/banned.h"

#define MAX_SEGMENTS 64

#define is_space journal_is_space
#define is_alpha journal_is_alpha
#define lower journal_lower

enum {
	SQL_LEDGERS,
	SQL_LEDGER_ADD,
	SQL_MAX
};

static const char *const sql[SQL_MAX] = {
	[SQL_LEDGERS] = "SELECT id, name, kind, archived FROM ledgers WHERE company_id = ?",
	/* An import's ledgers are counted in its record and each audited as it is made. */
	[SQL_LEDGER_ADD] = "INSERT INTO ledgers(company_id, name, group_id, kind, opening_balance, created_at) "
			   "VALUES (?, ?, ?, ?, 0, ?) RETURNING id",
};

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
_Static_assert(NSTD <= JOURNAL_GROUPS_MAX, "journal_chart keeps every predefined group");

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

/* The group a telling word in segment i places the account in (under root), or NULL. */
static const char *keyword_code(const struct seg *segs, int n, int i, enum root root)
{
	for (size_t k = 0; k < sizeof keywords / sizeof keywords[0]; k++) {
		if (keywords[k].root != root || !seg_is(segs[i], keywords[k].word, keywords[k].how))
			continue;
		if (keywords[k].next && (i + 1 >= n || !seg_is(segs[i + 1], keywords[k].next, M_PREFIX)))
			continue;
		return keywords[k].code;
	}
	return NULL;
}

static const char *root_default(enum root root)
{
	switch (root) {
	case ROOT_ASSET: return "current_assets";
	case ROOT_LIABILITY: return "current_liabilities";
	case ROOT_EQUITY: return "capital_account";
	case ROOT_INCOME: return "indirect_incomes";
	case ROOT_EXPENSE: return "indirect_expenses";
	default: return "suspense";
	}
}

/* The group code for a name, and (ret_strip) the byte offset where the ledger name starts when
 * the name is "Root:Standard Group:Ledger" - the shape export writes for ledgers not named as
 * paths - else 0. */
static const char *group_code(const char *name, size_t *ret_strip)
{
	struct seg segs[MAX_SEGMENTS];
	int n = split(name, segs), s;
	enum root root = root_of(segs[0]);
	const char *weak = NULL, *code;

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
		if ((code = keyword_code(segs, n, i, root)))
			return code;
	}
	return weak ? weak : root_default(root);
}

const char *journal_group_code(const char *account) { return group_code(account, NULL); }

const char *journal_ledger_name(const char *account)
{
	size_t strip;
	(void)group_code(account, &strip);
	return account + strip;
}

/* ---- the table of names ---- */

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

struct journal_acct *journal_accts_get(const struct journal_accts *m, const char *key)
{
	uint64_t h = hash_str(key);
	if (!m->cap)
		return NULL;
	for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		struct journal_acct *a = m->slots[i];
		if (!a)
			return NULL;
		if (a->hash == h && strcmp(a->key, key) == 0)
			return a;
	}
}

static void slot_place(struct journal_acct **slots, size_t cap, struct journal_acct *a)
{
	size_t k;
	for (k = a->hash & (cap - 1); slots[k]; k = (k + 1) & (cap - 1))
		;
	slots[k] = a;
}

/* Room for one more entry below 70% load; -1 when out of memory. */
static int accts_room(struct journal_accts *m)
{
	size_t cap;
	struct journal_acct **s;
	if ((m->n + 1) * 10 <= m->cap * 7)
		return 0;
	cap = m->cap ? m->cap * 2 : 512;
	if (!(s = calloc(cap, sizeof *s)))
		return -1;
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i])
			slot_place(s, cap, m->slots[i]);
	free(m->slots);
	m->slots = s;
	m->cap = cap;
	return 0;
}

struct journal_acct *journal_accts_put(struct journal_accts *m, const char *key, int64_t id, int cashbank, int archived)
{
	struct journal_acct *a;
	if (accts_room(m) < 0 || !(a = calloc(1, sizeof *a)))
		return NULL;
	if (!(a->key = strdup(key))) {
		free(a);
		return NULL;
	}
	a->hash = hash_str(key);
	a->id = id;
	a->cashbank = cashbank;
	a->archived = archived;
	slot_place(m->slots, m->cap, a);
	m->n++;
	return a;
}

void journal_accts_free(struct journal_accts *m)
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

/* ---- account names -> ledgers ---- */

static int load_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct journal_chart *c = ctx;
	const char *kind = db_col_text(st, 2);
	if (!journal_accts_put(&c->accts, db_col_text(st, 1), db_col_i64(st, 0), !strcmp(kind, "cash") || !strcmp(kind, "bank"),
			       (int)db_col_i64(st, 3)))
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	return 0;
}

int journal_chart_load(struct journal_chart *c, struct db *db, int64_t cid, const char *now, struct err *e)
{
	memset(c, 0, sizeof *c);
	c->db = db;
	c->cid = cid;
	c->now = now;
	return db_each(db, sql[SQL_LEDGERS], DB_ARGS(DB_I64(cid)), load_row, c, e);
}

void journal_chart_done(struct journal_chart *c)
{
	journal_accts_free(&c->accts);
	c->ngroups = 0;
}

static int group_id(struct journal_chart *c, const char *code, int64_t *ret, struct err *e)
{
	int rc;
	for (int i = 0; i < c->ngroups; i++)
		if (c->groups[i].code == code) {
			*ret = c->groups[i].id;
			return 0;
		}
	if ((rc = group_by_code(c->db, c->cid, code, ret, e)) < 0)
		return rc;
	if (c->ngroups < JOURNAL_GROUPS_MAX) {
		c->groups[c->ngroups].code = code;
		c->groups[c->ngroups++].id = *ret;
	}
	return 0;
}

/* A new ledger called name under the predefined group code. */
static int ledger_add(struct journal_chart *c, const char *name, const char *code, int64_t *ret_id, struct err *e)
{
	const char *kind = !strcmp(code, "bank_accounts") ? "bank" : !strcmp(code, "cash_in_hand") ? "cash" : "general";
	int64_t gid;
	int rc;
	if ((rc = group_id(c, code, &gid, e)) < 0)
		return rc;
	if ((rc = db_insert_id(c->db, sql[SQL_LEDGER_ADD],
			       DB_ARGS(DB_I64(c->cid), DB_TEXT(name), DB_I64(gid), DB_TEXT(kind), DB_TEXT(c->now)), ret_id, e)) < 0 ||
	    (rc = ledger_audit_new(c->db, c->cid, c->actor, *ret_id, e)) < 0)
		return rc;
	c->created++;
	if (!strcmp(code, "suspense"))
		c->suspense++;
	return 0;
}

/* Refuses account names no ledger may have. */
static int name_check(const char *name, size_t len, long line, struct err *e)
{
	if (text_utf8_invalid_at(name, len) >= 0)
		return journal_line_err(e, ERR_INVALID, line, "account name is not valid UTF-8");
	if (text_utf8_chars(name, len) > 200)
		return journal_line_err(e, ERR_INVALID, line, "account name is longer than 200 characters");
	if (text_has_controls(name))
		return journal_line_err(e, ERR_INVALID, line, "account name holds a control character");
	if (name[0] == '(' || name[0] == '[')
		return journal_line_err(e, ERR_INVALID, line, "virtual postings ((account) or [account]) are not supported");
	return 0;
}

int journal_chart_resolve(struct journal_chart *c, const char *p, size_t len, long line, struct journal_acct **ret,
			  struct err *e)
{
	char name[1024];
	const char *code, *lname;
	struct journal_acct *a, *b;
	size_t strip;
	int64_t id = 0;
	int rc, cashbank;

	if (len >= sizeof name)
		return journal_line_err(e, ERR_INVALID, line, "account name is longer than 200 characters");
	memcpy(name, p, len);
	name[len] = '\0';
	if ((a = journal_accts_get(&c->accts, name))) {
		*ret = a;
		return 0;
	}
	if ((rc = name_check(name, len, line, e)) < 0)
		return rc;
	code = group_code(name, &strip);
	lname = name + strip;
	/* "Assets:Sundry Debtors:Sharma Traders" is the ledger "Sharma Traders", maybe known already. */
	b = strip ? journal_accts_get(&c->accts, lname) : NULL;
	if (b) {
		a = journal_accts_put(&c->accts, name, b->id, b->cashbank, b->archived);
	} else {
		if ((rc = ledger_add(c, lname, code, &id, e)) < 0)
			return rc;
		cashbank = !strcmp(code, "bank_accounts") || !strcmp(code, "cash_in_hand");
		/* also known by its own name from now on */
		a = !strip || journal_accts_put(&c->accts, lname, id, cashbank, 0) ? journal_accts_put(&c->accts, name, id, cashbank, 0)
										     : NULL;
	}
	if (!a)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	*ret = a;
	return 0;
}

/* ---- ledgers -> account names ---- */

void journal_clean(char *s, int is_name)
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

/* The nearest predefined group up the tree from gid (a user sub-group maps back to its parent):
 * its code ("suspense" when none), and in *ret_g the last group walked (NULL when none). */
static const char *nearest_code(const struct journal_group *gv, int ng, int64_t gid, const struct journal_group **ret_g)
{
	const struct journal_group *g = NULL;
	for (int hops = 0; hops < 64 && gid; hops++) {
		g = NULL;
		for (int i = 0; i < ng; i++)
			if (gv[i].id == gid)
				g = &gv[i];
		if (!g)
			break;
		if (g->code[0]) {
			*ret_g = g;
			return g->code;
		}
		gid = g->parent;
	}
	*ret_g = g;
	return "suspense";
}

/* The root an export name starts with, for a ledger in predefined group code (g: its group). */
static const char *root_word(const char *code, const struct journal_group *g)
{
	if (!strcmp(code, "capital_account"))
		return "Equity";
	if (g && !strcmp(g->nature, "asset"))
		return "Assets";
	if (g && !strcmp(g->nature, "income"))
		return "Income";
	if (g && !strcmp(g->nature, "expense"))
		return "Expenses";
	return "Liabilities";
}

char *journal_export_name(const char *name, const struct journal_group *gv, int ng, int64_t gid,
			  struct journal_accts *seen, int64_t id)
{
	const struct journal_group *g = NULL;
	const char *code, *gname = NULL;
	char *clean_name = strdup(name), *out = NULL;
	struct buf b = BUF_INIT;
	size_t strip;

	if (!clean_name)
		return NULL;
	journal_clean(clean_name, 1);
	code = nearest_code(gv, ng, gid, &g);
	for (size_t i = 0; i < NSTD; i++)
		if (!strcmp(std_names[i].code, code))
			gname = std_names[i].name;
	if (!gname)
		gname = "Suspense A/c";
	if (!strcmp(group_code(clean_name, &strip), code) && strip == 0 &&
	    root_of((struct seg){clean_name, strcspn(clean_name, ":")}) != ROOT_NONE) {
		if (buf_adds(&b, clean_name) < 0)
			goto done;
	} else if (buf_adds(&b, root_word(code, g)) < 0 || buf_addc(&b, ':') < 0 || buf_adds(&b, gname) < 0 ||
		   buf_addc(&b, ':') < 0 || buf_adds(&b, clean_name) < 0) {
		goto done;
	}
	if (journal_accts_get(seen, buf_str(&b)) && buf_addf(&b, " #%lld", (long long)id) < 0)
		goto done;
	if (!journal_accts_put(seen, buf_str(&b), id, 0, 0))
		goto done;
	out = buf_detach(&b);
done:
	buf_free(&b);
	free(clean_name);
	return out;
}
