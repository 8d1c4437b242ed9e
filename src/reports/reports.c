/* reports.c - what every report stands on: dates and their defaults, the chart of accounts read
 * once per report, balance sums over a date range from the kept per-month and per-day balances,
 * the parameters a user names (a ledger, a godown, an item), and the table of report names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "lib/date.h"
#include "lib/money.h"
#include "inventory/inventory.h"
#include "reports/reports_int.h"
#include "lib/text.h"
#include "lib/banned.h"

enum {
	SQL_COMPANY,
	SQL_BOOKS,
	SQL_GROUPS,
	SQL_LEDGERS,
	SQL_SUM_MONTH,
	SQL_SUM_DAY,
	SQL_SUM_MONTH1,
	SQL_SUM_DAY1,
	SQL_GODOWN,
	SQL_ITEM_SKU,
	SQL_ITEM_ID,
	SQL_MAX
};

static const char *const sql[SQL_MAX] = {
	[SQL_COMPANY] = "SELECT name, coalesce(state_code, '') FROM companies WHERE id = ?",
	[SQL_BOOKS] = "SELECT books_from FROM books WHERE company_id = ?",
	[SQL_GROUPS] = "SELECT id, coalesce(parent_id, 0), name, nature, coalesce(code, ''), gross_profit, sort "
		       "FROM account_groups WHERE company_id = ? ORDER BY sort, name, id",
	[SQL_LEDGERS] = "SELECT id, name, group_id, opening_balance, kind, coalesce(party_id, 0) "
			"FROM ledgers WHERE company_id = ? ORDER BY id",
	/* One statement per table and shape. The join walks the company's ledgers and seeks each
	 * one's rows by the primary key (company_id, ledger_id, month|date), so the cost follows the
	 * number of ledgers and the rows in range, never the whole history. CROSS JOIN keeps SQLite
	 * from choosing the other order (a scan of every kept balance of the company) when it has no
	 * statistics; PostgreSQL plans it as any inner join. */
	[SQL_SUM_MONTH] = "SELECT m.ledger_id, sum(m.debit), sum(m.credit) FROM ledgers l CROSS JOIN ledger_month m "
			  "WHERE l.company_id = ? AND m.company_id = l.company_id AND m.ledger_id = l.id "
			  "AND m.month >= ? AND m.month <= ? GROUP BY m.ledger_id",
	[SQL_SUM_DAY] = "SELECT d.ledger_id, sum(d.debit), sum(d.credit) FROM ledgers l CROSS JOIN ledger_day d "
			"WHERE l.company_id = ? AND d.company_id = l.company_id AND d.ledger_id = l.id "
			"AND d.date >= ? AND d.date <= ? GROUP BY d.ledger_id",
	[SQL_SUM_MONTH1] = "SELECT ledger_id, sum(debit), sum(credit) FROM ledger_month "
			   "WHERE company_id = ? AND ledger_id = ? AND month >= ? AND month <= ? GROUP BY ledger_id",
	[SQL_SUM_DAY1] = "SELECT ledger_id, sum(debit), sum(credit) FROM ledger_day "
			 "WHERE company_id = ? AND ledger_id = ? AND date >= ? AND date <= ? GROUP BY ledger_id",
	/* The parameters a user names. The inventory module has no read of a godown by name or an
	 * item by SKU yet; these are the reports' own. */
	[SQL_GODOWN] = "SELECT id FROM godowns WHERE company_id = ? AND (name = ? OR CAST(id AS TEXT) = ?)",
	[SQL_ITEM_SKU] = "SELECT id FROM items WHERE company_id = ? AND sku = ?",
	[SQL_ITEM_ID] = "SELECT id FROM items WHERE company_id = ? AND id = ?",
};

/* ---- dates ---- */

int report_params_resolve(struct report_params *p, const char *today, struct err *e)
{
	if (*p->as_of) {
		if (!date_iso_ok(p->as_of))
			return err_setr(e, ERR_INVALID, "as_of", "not_date", "as_of must be a date YYYY-MM-DD, not \"%.20s\"", p->as_of);
		if (!*p->to)
			memcpy(p->to, p->as_of, 11);
	}
	if (*p->as_at) {
		if (!date_iso_ok(p->as_at))
			return err_setr(e, ERR_INVALID, "as_at", "not_date", "as_at must be a date YYYY-MM-DD, not \"%.20s\"", p->as_at);
		if (!*p->to)
			memcpy(p->to, p->as_at, 11);
	}
	if (*p->to && !date_iso_ok(p->to))
		return err_setr(e, ERR_INVALID, "to", "not_date", "to must be a date YYYY-MM-DD, not \"%.20s\"", p->to);
	if (*p->from && !date_iso_ok(p->from))
		return err_setr(e, ERR_INVALID, "from", "not_date", "from must be a date YYYY-MM-DD, not \"%.20s\"", p->from);
	if (today) { /* the defaults come with the company's today; without it the dates are only checked */
		if (!*p->to) {
			if (!date_iso_ok(today))
				return err_set(e, ERR_INTERNAL, "to", "no today to default to");
			memcpy(p->to, today, DATE_ISO_SIZE);
		}
		if (!*p->from)
			(void)date_iso_fy_start(p->to, p->from);
		if (!*p->as_at)
			memcpy(p->as_at, date_iso_ok(today) ? today : p->to, DATE_ISO_SIZE);
	}
	if (*p->from && *p->to && strcmp(p->from, p->to) > 0)
		return err_setr(e, ERR_INVALID, "from", "from_after_to", "from (%s) is after to (%s)", p->from, p->to);
	return 0;
}

/* ---- the chart ---- */

const char *chart_name(const struct chart *ch, int64_t off)
{
	if (off < 0 || (size_t)off >= ch->names.len)
		return "";
	return ch->names.data + off;
}

static int64_t name_add(struct chart *ch, const char *s)
{
	int64_t off = (int64_t)ch->names.len;
	if (buf_add(&ch->names, s, strlen(s) + 1) < 0)
		return -1;
	return off;
}

void chart_done(struct chart *ch)
{
	if (!ch)
		return;
	free(ch->groups);
	free(ch->ledgers);
	buf_free(&ch->names);
	memset(ch, 0, sizeof *ch);
}

static int group_index(const struct chart *ch, int64_t id)
{
	for (int i = 0; i < ch->ngroups; i++)
		if (ch->groups[i].id == id)
			return i;
	return -1;
}

long chart_ledger(const struct chart *ch, int64_t id)
{
	size_t lo = 0, hi = ch->nledgers;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ch->ledgers[mid].id == id)
			return (long)mid;
		if (ch->ledgers[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

int chart_group_code(const struct chart *ch, const char *code)
{
	for (int i = 0; i < ch->ngroups; i++)
		if (strcmp(ch->groups[i].code, code) == 0)
			return i;
	return -1;
}

int chart_in_subtree(const struct chart *ch, int g, int root)
{
	for (int hops = 0; g >= 0 && hops <= ch->ngroups; hops++, g = ch->groups[g].parent)
		if (g == root)
			return 1;
	return 0;
}

enum rnature chart_ledger_nature(const struct chart *ch, size_t li)
{
	int g = ch->ledgers[li].group;
	return g < 0 ? RN_ASSET : ch->groups[g].nature;
}

int chart_books_fy(const struct chart *ch)
{
	return *ch->books_from ? date_iso_fy(ch->books_from) : INT32_MIN;
}

static enum rnature nature_parse(const char *s)
{
	if (!strcmp(s, "liability"))
		return RN_LIABILITY;
	if (!strcmp(s, "income"))
		return RN_INCOME;
	if (!strcmp(s, "expense"))
		return RN_EXPENSE;
	return RN_ASSET;
}

/* chart_load's state while rows come. */
struct chart_fill {
	struct chart *ch;
	int gcap;
	size_t lcap;
};

static int chart_group_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct chart_fill *f = ctx;
	struct chart *ch = f->ch;
	struct rgroup *g;
	if (ch->ngroups == f->gcap) {
		int n = f->gcap ? f->gcap * 2 : 64;
		struct rgroup *p = n <= 1000000 ? realloc(ch->groups, (size_t)n * sizeof *p) : NULL;
		if (!p)
			return err_set(e, ERR_INTERNAL, NULL, "out of memory");
		ch->groups = p;
		f->gcap = n;
	}
	g = &ch->groups[ch->ngroups++];
	memset(g, 0, sizeof *g);
	g->id = db_col_i64(st, 0);
	g->parent_id = db_col_i64(st, 1);
	g->name = name_add(ch, db_col_text(st, 2));
	g->nature = nature_parse(db_col_text(st, 3));
	text_copy(g->code, sizeof g->code, db_col_text(st, 4));
	g->direct = db_col_i64(st, 5) != 0;
	g->sort = db_col_i64(st, 6);
	return g->name < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
}

/* Links parents; nature and "direct" follow the top-level ancestor (a cycle, which the accounts
 * module never makes, is cut at the group where it is found). */
static void chart_link(struct chart *ch)
{
	for (int i = 0; i < ch->ngroups; i++)
		ch->groups[i].parent = ch->groups[i].parent_id ? group_index(ch, ch->groups[i].parent_id) : -1;
	for (int i = 0; i < ch->ngroups; i++) {
		int g = i, depth = 0, direct = ch->groups[i].direct;
		while (ch->groups[g].parent >= 0 && depth < ch->ngroups) {
			g = ch->groups[g].parent;
			direct |= ch->groups[g].direct;
			depth++;
		}
		if (depth >= ch->ngroups) {
			ch->groups[i].parent = -1;
			g = i;
			depth = 0;
		}
		ch->groups[i].top = g;
		ch->groups[i].depth = depth;
		ch->groups[i].direct = direct;
	}
	for (int i = 0; i < ch->ngroups; i++)
		ch->groups[i].nature = ch->groups[ch->groups[i].top].nature;
}

static int chart_ledger_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct chart_fill *f = ctx;
	struct chart *ch = f->ch;
	struct rledger *l;
	if (ch->nledgers == f->lcap) {
		size_t n = f->lcap ? f->lcap * 2 : 256;
		struct rledger *p = realloc(ch->ledgers, n * sizeof *p);
		if (!p)
			return err_set(e, ERR_INTERNAL, NULL, "out of memory");
		ch->ledgers = p;
		f->lcap = n;
	}
	l = &ch->ledgers[ch->nledgers++];
	memset(l, 0, sizeof *l);
	l->id = db_col_i64(st, 0);
	l->name = name_add(ch, db_col_text(st, 1));
	l->group = group_index(ch, db_col_i64(st, 2));
	l->opening = db_col_i64(st, 3);
	text_copy(l->kind, sizeof l->kind, db_col_text(st, 4));
	l->party_id = db_col_i64(st, 5);
	return l->name < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
}

/* The company's name and state, and the first day of its books ("" when the row is missing). */
static int chart_company(struct db *db, int64_t cid, struct chart *ch, struct err *e)
{
	struct db_stmt *st;
	int rc = db_one(db, sql[SQL_COMPANY], DB_ARGS(DB_I64(cid)), &st, e);
	if (rc < 0)
		return rc;
	if (rc != DB_ROW)
		return err_setr(e, ERR_NOT_FOUND, NULL, "unknown_company", "no company %lld", (long long)cid);
	text_copy(ch->company, sizeof ch->company, db_col_text(st, 0));
	text_copy(ch->state_code, sizeof ch->state_code, db_col_text(st, 1));
	db_done(st);
	if ((rc = db_one(db, sql[SQL_BOOKS], DB_ARGS(DB_I64(cid)), &st, e)) != DB_ROW)
		return rc < 0 ? rc : 0;
	if (date_iso_ok(db_col_text(st, 0)))
		text_copy(ch->books_from, sizeof ch->books_from, db_col_text(st, 0));
	db_done(st);
	return 0;
}

int chart_load(struct db *db, int64_t cid, struct chart *ch, struct err *e)
{
	struct chart_fill f;
	int rc;

	memset(ch, 0, sizeof *ch);
	f = (struct chart_fill){ch, 0, 0};
	ch->cid = cid;
	ch->names.limit = (size_t)256 << 20;
	if (name_add(ch, "") < 0)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	if ((rc = chart_company(db, cid, ch, e)) < 0 ||
	    (rc = db_each(db, sql[SQL_GROUPS], DB_ARGS(DB_I64(cid)), chart_group_row, &f, e)) < 0)
		return rc;
	chart_link(ch);
	return db_each(db, sql[SQL_LEDGERS], DB_ARGS(DB_I64(cid)), chart_ledger_row, &f, e);
}

/* ---- balance sums ---- */

static int sum_query(struct db *db, const struct chart *ch, int days, const char *lo, const char *hi,
		     int64_t only, int64_t *dr, int64_t *cr, struct err *e)
{
	struct db_stmt *st;
	int rc, i = 1;
	const char *q = sql[days ? (only ? SQL_SUM_DAY1 : SQL_SUM_DAY) : (only ? SQL_SUM_MONTH1 : SQL_SUM_MONTH)];

	if (!(st = db_prepare(db, q, e)))
		return e->code;
	db_bind_i64(st, i++, ch->cid);
	if (only)
		db_bind_i64(st, i++, only);
	db_bind_text(st, i++, lo);
	db_bind_text(st, i, hi);
	while ((rc = db_step(st, e)) == DB_ROW) {
		long li = chart_ledger(ch, db_col_i64(st, 0));
		if (li < 0)
			continue;
		if (__builtin_add_overflow(dr[li], db_col_i64(st, 1), &dr[li]) ||
		    __builtin_add_overflow(cr[li], db_col_i64(st, 2), &cr[li])) {
			rc = money_range_err(e, "a balance is beyond the range of amounts");
			break;
		}
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* "YYYY-MM" of the month after / before the month of d (a real ISO day). */
static void month_step(const char *d, int delta, char out[8])
{
	struct date x;
	char iso[DATE_ISO_SIZE];
	if (date_parse(d, DATE_ISO_SIZE - 1, DATE_ISO, &x) < 0)
		x = (struct date){DATE_YEAR_MIN, 1, 1};
	x.day = 1;
	x.month += delta;
	if (x.month > 12) {
		x.month = 1;
		x.year++;
	} else if (x.month < 1) {
		x.month = 12;
		x.year--;
	}
	date_iso(x, iso);
	memcpy(out, iso, 7);
	out[7] = '\0';
}

static int last_of_month(const char *d)
{
	struct date x;
	return date_parse(d, DATE_ISO_SIZE - 1, DATE_ISO, &x) == 0 && x.day == date_month_days(x.year, x.month);
}

int chart_sums(struct db *db, const struct chart *ch, const char *d1, const char *d2, int64_t only_ledger,
	       int64_t *dr, int64_t *cr, struct err *e)
{
	char m_lo[8], m_hi[8], day_hi[11];
	int rc;

	if (!date_iso_ok(d2))
		return err_set(e, ERR_INTERNAL, NULL, "bad date range");
	if (d1 && *d1 && strcmp(d1, d2) > 0)
		return 0;
	/* Head: the days of d1's month before the whole months begin. */
	if (!d1 || !*d1) {
		snprintf(m_lo, sizeof m_lo, "0000-00");
	} else if (d1[8] == '0' && d1[9] == '1') {
		snprintf(m_lo, sizeof m_lo, "%.7s", d1);
	} else {
		if (strncmp(d1, d2, 7) == 0)
			return sum_query(db, ch, 1, d1, d2, only_ledger, dr, cr, e);
		snprintf(day_hi, sizeof day_hi, "%.7s-31", d1);
		if ((rc = sum_query(db, ch, 1, d1, day_hi, only_ledger, dr, cr, e)) < 0)
			return rc;
		month_step(d1, 1, m_lo);
	}
	/* Tail: the days of d2's month when d2 is not its last day. */
	if (last_of_month(d2)) {
		snprintf(m_hi, sizeof m_hi, "%.7s", d2);
	} else {
		char day_lo[11];
		snprintf(day_lo, sizeof day_lo, "%.7s-01", d2);
		if (strcmp(day_lo, d1 && *d1 ? d1 : "") < 0)
			memcpy(day_lo, d1, 11);
		if ((rc = sum_query(db, ch, 1, day_lo, d2, only_ledger, dr, cr, e)) < 0)
			return rc;
		month_step(d2, -1, m_hi);
	}
	if (strcmp(m_lo, m_hi) <= 0)
		return sum_query(db, ch, 0, m_lo, m_hi, only_ledger, dr, cr, e);
	return 0;
}

/* ---- shared pieces ---- */

void report_head(struct report *r, const struct chart *ch, const char *name, const char *title,
		 const struct report_params *p)
{
	r->name = name;
	r->company_id = ch->cid;
	text_copy(r->title, sizeof r->title, title);
	text_copy(r->company, sizeof r->company, ch->company);
	memcpy(r->from, p->from, sizeof r->from);
	memcpy(r->to, p->to, sizeof r->to);
	r->from[10] = r->to[10] = '\0';
}

int reports_closing_stock(struct db *db, int64_t cid, const char *date, int64_t *ret, struct err *e)
{
	return inventory_value_at(db, cid, date, ret, e);
}

static const struct {
	const char *name;
	report_fn fn;
} registry[] = {
	{"day-book", report_day_book},
	{"ledger", report_ledger},
	{"trial-balance", report_trial_balance},
	{"profit-loss", report_profit_loss},
	{"balance-sheet", report_balance_sheet},
	{"cash-book", report_cash_book},
	{"bank-book", report_bank_book},
	{"receivables", report_receivables},
	{"payables", report_payables},
	{"gstr1", report_gstr1},
	{"gstr3b", report_gstr3b},
	{"bank-reconciliation", report_bank_reconciliation},
	{"stock-summary", report_stock_summary},
	{"stock-movement", report_stock_movement},
	{"reorder", report_reorder},
	{"stock-ageing", report_stock_ageing},
	{"batches", report_batches},
};

const char *const report_names[] = {
	"day-book", "ledger", "trial-balance", "profit-loss", "balance-sheet", "cash-book", "bank-book",
	"receivables", "payables", "gstr1", "gstr3b", "bank-reconciliation", "stock-summary",
	"stock-movement", "reorder", "stock-ageing", "batches", NULL,
};

report_fn report_find(const char *name)
{
	for (size_t i = 0; name && i < sizeof registry / sizeof registry[0]; i++)
		if (strcmp(registry[i].name, name) == 0)
			return registry[i].fn;
	return NULL;
}

int report_run(struct db *db, int64_t cid, const char *name, const struct report_params *p, struct report *out,
	       struct err *e)
{
	report_fn fn = report_find(name);
	if (!fn)
		return err_setr(e, ERR_NOT_FOUND, "name", "unknown_report", "no report called \"%.40s\"", name ? name : "");
	return fn(db, cid, p, out, e);
}

/* ---- the parameters a user names ---- */

int report_pick_ledger(struct db *db, int64_t cid, const char *name_or_id, int64_t *ret_id, struct err *e)
{
	struct ledger *l;
	int rc;
	if (text_parse_i64(name_or_id, 1, INT64_MAX, ret_id) == 0)
		return 0;
	if (!(l = malloc(sizeof *l)))
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	rc = ledger_find(db, cid, name_or_id, l, e);
	if (rc == 0)
		*ret_id = l->id;
	free(l);
	if (rc == ERR_NOT_FOUND) { /* said the way the CLI always has */
		err_clear(e);
		return err_setr(e, ERR_NOT_FOUND, "ledger", "unknown_ledger", "no ledger named \"%.100s\"", name_or_id);
	}
	return rc < 0 ? rc : 0;
}

int report_pick_godown(struct db *db, int64_t cid, const char *name_or_id, int64_t *ret_id, struct err *e)
{
	int rc = db_i64(db, sql[SQL_GODOWN], DB_ARGS(DB_I64(cid), DB_TEXT(name_or_id), DB_TEXT(name_or_id)), ret_id, e);
	if (rc < 0)
		return rc;
	return rc == DB_ROW ? 0 : err_setr(e, ERR_NOT_FOUND, "godown", "unknown_godown", "no godown \"%.100s\"", name_or_id);
}

int report_pick_item(struct db *db, int64_t cid, const char *sku_or_id, int64_t *ret_id, struct err *e)
{
	int64_t id = 0;
	int rc = db_i64(db, sql[SQL_ITEM_SKU], DB_ARGS(DB_I64(cid), DB_TEXT(sku_or_id)), ret_id, e);
	if (rc == DB_DONE && text_parse_i64(sku_or_id, 1, INT64_MAX, &id) == 0)
		rc = db_i64(db, sql[SQL_ITEM_ID], DB_ARGS(DB_I64(cid), DB_I64(id)), ret_id, e);
	if (rc < 0)
		return rc;
	return rc == DB_ROW ? 0 : err_setr(e, ERR_NOT_FOUND, "item", "unknown_item", "no item with SKU or id \"%.100s\"", sku_or_id);
}
