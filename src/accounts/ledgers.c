/* ledgers.c - the chart of accounts: predefined groups, user sub-groups, ledgers and their
 * opening balances, party ledgers, dates and financial years, and the kept balances. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "audit/audit.h"
#include "lib/clock.h"
#include "lib/india.h"
#include "lib/money.h"
#include "lib/text.h"
#include "lib/banned.h"

/* NULL text columns read as "" through db_col_text on both engines, so no coalesce() on text. */
#define GROUP_COLS "id, coalesce(parent_id, 0), name, nature, code, gross_profit, sort"
#define LEDGER_COLS "l.id, l.group_id, l.name, g.name, l.kind, coalesce(l.party_id, 0), l.opening_balance, " \
		    "l.gstin, l.state_code, l.version, l.archived, g.nature"
#define LEDGER_FROM "FROM ledgers l JOIN account_groups g ON g.id = l.group_id "
/* Pages by (name, id) after a cursor: a range on the (company_id, name) key on both engines. */
#define LEDGER_WHERE "WHERE l.company_id = ? AND (? = '' OR lower(l.name) LIKE ? ESCAPE '!') "

enum {
	SQL_GROUP_BY_CODE, SQL_GROUP_INSERT, SQL_GROUP_GET, SQL_GROUP_LIST, SQL_GROUP_LIST_AFTER,
	SQL_LEDGER_INSERT, SQL_LEDGER_GET, SQL_LEDGER_FIND, SQL_LEDGER_OF_KIND, SQL_LEDGER_OF_PARTY,
	SQL_LEDGER_ID_BY_NAME, SQL_LEDGER_NAME, SQL_LEDGER_PARTY_UPDATE, SQL_LEDGER_LIST, SQL_LEDGER_LIST_AFTER,
	SQL_BALANCE_DAY, SQL_BALANCE_MONTH, SQL_LEDGER_COVER, SQL_MAX
};
static const char *const sql[SQL_MAX] = {
	[SQL_GROUP_BY_CODE] = "SELECT id FROM account_groups WHERE company_id = ? AND code = ?",
	[SQL_GROUP_INSERT] = "INSERT INTO account_groups(company_id, name, parent_id, nature, code, gross_profit, sort) "
			     "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[SQL_GROUP_GET] = "SELECT " GROUP_COLS " FROM account_groups WHERE company_id = ? AND id = ?",
	[SQL_GROUP_LIST] = "SELECT " GROUP_COLS " FROM account_groups WHERE company_id = ? ORDER BY sort, id LIMIT ?",
	[SQL_GROUP_LIST_AFTER] = "SELECT " GROUP_COLS " FROM account_groups WHERE company_id = ? AND (sort, id) > (?, ?) "
				 "ORDER BY sort, id LIMIT ?",
	[SQL_LEDGER_INSERT] = "INSERT INTO ledgers(company_id, name, group_id, kind, party_id, opening_balance, "
			      "gstin, state_code, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	[SQL_LEDGER_GET] = "SELECT " LEDGER_COLS " " LEDGER_FROM "WHERE l.company_id = ? AND l.id = ?",
	[SQL_LEDGER_FIND] = "SELECT " LEDGER_COLS " " LEDGER_FROM "WHERE l.company_id = ? AND l.name = ?",
	[SQL_LEDGER_OF_KIND] = "SELECT id FROM ledgers WHERE company_id = ? AND kind = ? AND archived = 0 ORDER BY id LIMIT 1",
	[SQL_LEDGER_OF_PARTY] = "SELECT id FROM ledgers WHERE company_id = ? AND party_id = ?",
	[SQL_LEDGER_ID_BY_NAME] = "SELECT id FROM ledgers WHERE company_id = ? AND name = ?",
	[SQL_LEDGER_NAME] = "SELECT name FROM ledgers WHERE company_id = ? AND id = ?",
	[SQL_LEDGER_PARTY_UPDATE] = "UPDATE ledgers SET name = ?, group_id = ?, gstin = ?, state_code = ?, version = version + 1 "
				    "WHERE company_id = ? AND id = ?",
	[SQL_LEDGER_LIST] = "SELECT " LEDGER_COLS " " LEDGER_FROM LEDGER_WHERE "ORDER BY l.name, l.id LIMIT ?",
	[SQL_LEDGER_LIST_AFTER] = "SELECT " LEDGER_COLS " " LEDGER_FROM LEDGER_WHERE "AND (l.name, l.id) > (?, ?) "
				  "ORDER BY l.name, l.id LIMIT ?",
	[SQL_BALANCE_DAY] = "INSERT INTO ledger_day(company_id, ledger_id, date, debit, credit) VALUES (?, ?, ?, ?, ?) "
			    "ON CONFLICT (company_id, ledger_id, date) DO UPDATE SET debit = ledger_day.debit + excluded.debit, "
			    "credit = ledger_day.credit + excluded.credit",
	[SQL_BALANCE_MONTH] = "INSERT INTO ledger_month(company_id, ledger_id, month, debit, credit) VALUES (?, ?, ?, ?, ?) "
			      "ON CONFLICT (company_id, ledger_id, month) DO UPDATE SET debit = ledger_month.debit + excluded.debit, "
			      "credit = ledger_month.credit + excluded.credit",
	/* A page of ledgers in id order, for audit verification. */
	[SQL_LEDGER_COVER] = "SELECT " LEDGER_COLS " " LEDGER_FROM "WHERE l.company_id = ? AND l.id > ? ORDER BY l.id LIMIT ?",
};

static const char *const nature_names[NATURE_MAX] = {"asset", "liability", "income", "expense"};

const char *nature_name(enum nature n) { return (unsigned)n < NATURE_MAX ? nature_names[n] : "?"; }

static enum nature nature_parse(const char *s)
{
	for (int i = 0; i < NATURE_MAX; i++)
		if (strcmp(s, nature_names[i]) == 0)
			return (enum nature)i;
	return NATURE_ASSET;
}

/* The standard groups, parents before children (as an Indian accountant knows them). */
static const struct {
	const char *code, *name, *parent, *nature;
	int gross_profit, sort;
} std_groups[] = {
	{"capital_account", "Capital Account", NULL, "liability", 0, 10},
	{"loans_liability", "Loans (Liability)", NULL, "liability", 0, 20},
	{"current_liabilities", "Current Liabilities", NULL, "liability", 0, 30},
	{"duties_taxes", "Duties & Taxes", "current_liabilities", "liability", 0, 31},
	{"sundry_creditors", "Sundry Creditors", "current_liabilities", "liability", 0, 32},
	{"suspense", "Suspense A/c", NULL, "liability", 0, 40},
	{"branch_divisions", "Branch/Divisions", NULL, "liability", 0, 50},
	{"fixed_assets", "Fixed Assets", NULL, "asset", 0, 60},
	{"investments", "Investments", NULL, "asset", 0, 70},
	{"current_assets", "Current Assets", NULL, "asset", 0, 80},
	{"bank_accounts", "Bank Accounts", "current_assets", "asset", 0, 81},
	{"cash_in_hand", "Cash-in-Hand", "current_assets", "asset", 0, 82},
	{"sundry_debtors", "Sundry Debtors", "current_assets", "asset", 0, 83},
	{"stock_in_hand", "Stock-in-Hand", "current_assets", "asset", 0, 84},
	{"sales_accounts", "Sales Accounts", NULL, "income", 1, 90},
	{"direct_incomes", "Direct Incomes", NULL, "income", 1, 91},
	{"indirect_incomes", "Indirect Incomes", NULL, "income", 0, 92},
	{"purchase_accounts", "Purchase Accounts", NULL, "expense", 1, 100},
	{"direct_expenses", "Direct Expenses", NULL, "expense", 1, 101},
	{"indirect_expenses", "Indirect Expenses", NULL, "expense", 0, 102},
};

static const struct {
	const char *name, *group, *kind;
} std_ledgers[] = {
	{"Cash", "cash_in_hand", "cash"},
	{"Capital", "capital_account", "capital"},
	{"Sales", "sales_accounts", "sales"},
	{"Purchase", "purchase_accounts", "purchase"},
	{"Output CGST", "duties_taxes", "out_cgst"},
	{"Output SGST", "duties_taxes", "out_sgst"},
	{"Output IGST", "duties_taxes", "out_igst"},
	{"Input CGST", "duties_taxes", "in_cgst"},
	{"Input SGST", "duties_taxes", "in_sgst"},
	{"Input IGST", "duties_taxes", "in_igst"},
	{"Output Cess", "duties_taxes", "out_cess"},
	{"Input Cess", "duties_taxes", "in_cess"},
	{"Round Off", "indirect_expenses", "round_off"},
};

int group_by_code(struct db *db, int64_t cid, const char *code, int64_t *ret_id, struct err *e)
{
	int rc = db_i64(db, sql[SQL_GROUP_BY_CODE], DB_ARGS(DB_I64(cid), DB_TEXT(code)), ret_id, e);
	if (rc < 0)
		return rc;
	return rc == DB_ROW ? 0 : err_set(e, ERR_NOT_FOUND, "group", "no group %s", code);
}

static int insert_group(struct db *db, int64_t cid, const char *name, int64_t parent, const char *nature,
			const char *code, int gp, int64_t sort, int64_t *ret, struct err *e)
{
	int rc = db_insert_id(db, sql[SQL_GROUP_INSERT],
			      DB_ARGS(DB_I64(cid), DB_TEXT(name), DB_I64_OR_NULL(parent), DB_TEXT(nature), DB_TEXT(code),
				      DB_I64(gp), DB_I64(sort)), ret, e);
	if (rc < 0 && e->code == ERR_CONFLICT) {
		err_clear(e);
		err_set(e, ERR_DUPLICATE, "name", "a group named %s already exists", name);
		return err_reason(e, "duplicate_name");
	}
	return rc;
}

static int insert_ledger(struct db *db, int64_t cid, const char *name, int64_t group, const char *kind,
			 int64_t party_id, int64_t opening, const char *gstin, const char *state, int64_t *ret,
			 struct err *e)
{
	char now[32];
	int rc;
	clock_now_iso(now);
	rc = db_insert_id(db, sql[SQL_LEDGER_INSERT],
			  DB_ARGS(DB_I64(cid), DB_TEXT(name), DB_I64(group), DB_TEXT(kind), DB_I64_OR_NULL(party_id),
				  DB_I64(opening), DB_TEXT_OR_NULL(gstin), DB_TEXT_OR_NULL(state), DB_TEXT(now)), ret, e);
	if (rc < 0 && e->code == ERR_CONFLICT) {
		err_clear(e);
		err_set(e, ERR_DUPLICATE, "name", "a ledger named %s already exists", name);
		return err_reason(e, "duplicate_name");
	}
	return rc;
}

int accounts_seed(struct db *db, int64_t cid, struct err *e)
{
	int64_t ids[sizeof std_groups / sizeof std_groups[0]];
	int rc;

	for (size_t i = 0; i < sizeof std_groups / sizeof std_groups[0]; i++) {
		int64_t parent = 0;
		if (std_groups[i].parent)
			for (size_t k = 0; k < i; k++)
				if (strcmp(std_groups[k].code, std_groups[i].parent) == 0)
					parent = ids[k];
		rc = insert_group(db, cid, std_groups[i].name, parent, std_groups[i].nature, std_groups[i].code,
				  std_groups[i].gross_profit, std_groups[i].sort, &ids[i], e);
		if (rc < 0)
			return rc;
	}
	for (size_t i = 0; i < sizeof std_ledgers / sizeof std_ledgers[0]; i++) {
		int64_t gid = 0, lid;
		for (size_t k = 0; k < sizeof std_groups / sizeof std_groups[0]; k++)
			if (strcmp(std_groups[k].code, std_ledgers[i].group) == 0)
				gid = ids[k];
		rc = insert_ledger(db, cid, std_ledgers[i].name, gid, std_ledgers[i].kind, 0, 0, NULL, NULL, &lid, e);
		if (rc < 0 || (rc = ledger_audit_new(db, cid, 0, lid, e)) < 0)
			return rc;
	}
	return 0;
}

/* A name: 1-200 characters of valid text without control characters. */
static int name_ok(const char *name, const char *field, struct err *e)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0)
		return err_setr(e, ERR_INVALID, field, "required", "%s is required", field);
	if (text_utf8_invalid_at(name, n) >= 0)
		return err_setr(e, ERR_INVALID, field, "not_utf8", "%s is not valid UTF-8", field);
	if (text_utf8_chars(name, n) > 200) {
		err_setr(e, ERR_INVALID, field, "too_long", "%s is longer than 200 characters", field);
		return err_detail_int(e, "max", 200);
	}
	if (text_has_controls(name))
		return err_setr(e, ERR_INVALID, field, "control_character", "%s holds a control character", field);
	return 0;
}

/* ---- groups ---- */

/* Fills every member of g from a row of GROUP_COLS. */
static void row_group(struct db_stmt *st, struct group *g)
{
	g->id = db_col_i64(st, 0);
	g->parent_id = db_col_i64(st, 1);
	text_copy(g->name, sizeof g->name, db_col_text(st, 2));
	g->nature = nature_parse(db_col_text(st, 3));
	text_copy(g->code, sizeof g->code, db_col_text(st, 4));
	g->gross_profit = db_col_i64(st, 5) != 0;
	g->sort = db_col_i64(st, 6);
}

int group_get(struct db *db, int64_t cid, int64_t id, struct group *ret, struct err *e)
{
	struct db_stmt *st;
	int rc = db_one(db, sql[SQL_GROUP_GET], DB_ARGS(DB_I64(cid), DB_I64(id)), &st, e);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE)
		return err_setr(e, ERR_NOT_FOUND, "id", "unknown_group", "no group %lld in this company", (long long)id);
	row_group(st, ret);
	db_done(st);
	return 0;
}

void group_json(struct jsonw *w, const struct group *g)
{
	jsonw_obj(w);
	jsonw_ki64(w, "id", g->id);
	jsonw_kstr(w, "name", g->name);
	jsonw_key(w, "parent_id");
	if (g->parent_id)
		jsonw_i64(w, g->parent_id);
	else
		jsonw_null(w);
	jsonw_kstr(w, "nature", nature_name(g->nature));
	jsonw_kstr(w, "code", g->code[0] ? g->code : NULL);
	jsonw_kbool(w, "gross_profit", g->gross_profit);
	jsonw_obj_end(w);
}

/* The group of id as the one named in the input field `field` (ERR_INVALID when not the company's). */
static int group_named(struct db *db, int64_t cid, int64_t id, const char *field, struct group *ret, struct err *e)
{
	int rc = group_get(db, cid, id, ret, e);
	if (rc < 0 && e->code == ERR_NOT_FOUND) {
		err_clear(e);
		err_set(e, ERR_INVALID, field, "no group %lld in this company", (long long)id);
		return err_reason(e, "unknown_group");
	}
	return rc;
}

static int group_audit(struct db *db, int64_t cid, int64_t actor, const struct group *g, struct err *e)
{
	struct buf a = BUF_INIT;
	struct jsonw w;
	int rc;
	jsonw_init(&w, &a);
	group_json(&w, g);
	rc = jsonw_ok(&w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory")
			      : audit_append(db, cid, actor, "group", g->id, "create", NULL, buf_str(&a), e);
	buf_free(&a);
	return rc;
}

int group_create(struct db *db, int64_t cid, int64_t actor, const char *name, int64_t parent_id,
		 int64_t *ret_id, struct err *e)
{
	struct group *parent = malloc(sizeof *parent), *g = malloc(sizeof *g);
	int rc;

	if (!parent || !g) {
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	if ((rc = name_ok(name, "name", e)) < 0)
		goto out;
	if (!parent_id) {
		rc = err_setr(e, ERR_INVALID, "parent_id", "group_parent_required", "a new group goes under an existing group (parent_id)");
		goto out;
	}
	if ((rc = group_named(db, cid, parent_id, "parent_id", parent, e)) < 0)
		goto out;
	if ((rc = insert_group(db, cid, name, parent_id, nature_name(parent->nature), NULL, parent->gross_profit,
			       parent->sort, ret_id, e)) < 0 ||
	    (rc = group_get(db, cid, *ret_id, g, e)) < 0)
		goto out;
	rc = group_audit(db, cid, actor, g, e);
out:
	free(parent);
	free(g);
	return rc;
}

/* The rows of one page: the first limit rows are written, a row past them names the next page. */
struct page_rows {
	struct jsonw *w;
	int limit, n;
	int64_t last, next;
	void *row;         /* the struct a row is read into (a group or a ledger) */
};

static int group_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct page_rows *p = ctx;
	(void)e;
	if (p->n == p->limit) {
		p->next = p->last;
		return 1;
	}
	row_group(st, p->row);
	group_json(p->w, p->row);
	p->last = ((struct group *)p->row)->id;
	p->n++;
	return 0;
}

int group_list_json(struct db *db, int64_t cid, const struct page *pg, struct jsonw *w, int64_t *ret_next, struct err *e)
{
	struct page_rows p = {w, pg->limit, 0, 0, 0, malloc(sizeof(struct group))};
	int rc;

	if (!p.row)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	if (!pg->after) {
		rc = db_each(db, sql[SQL_GROUP_LIST], DB_ARGS(DB_I64(cid), DB_I64(pg->limit + 1)), group_row, &p, e);
	} else if ((rc = group_get(db, cid, pg->after, p.row, e)) < 0) {
		if (e->code == ERR_NOT_FOUND) {
			err_clear(e);
			rc = err_setr(e, ERR_INVALID, "after", "unknown_cursor", "unknown cursor");
		}
	} else {
		int64_t sort = ((struct group *)p.row)->sort;
		rc = db_each(db, sql[SQL_GROUP_LIST_AFTER], DB_ARGS(DB_I64(cid), DB_I64(sort), DB_I64(pg->after), DB_I64(pg->limit + 1)),
			     group_row, &p, e);
	}
	free(p.row);
	if (rc < 0)
		return rc;
	*ret_next = p.next;
	return jsonw_ok(w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
}

/* ---- ledgers ---- */

/* Fills every member of l from a row of LEDGER_COLS. */
static void row_ledger(struct db_stmt *st, struct ledger *l)
{
	l->id = db_col_i64(st, 0);
	l->group_id = db_col_i64(st, 1);
	text_copy(l->name, sizeof l->name, db_col_text(st, 2));
	text_copy(l->group_name, sizeof l->group_name, db_col_text(st, 3));
	text_copy(l->kind, sizeof l->kind, db_col_text(st, 4));
	l->party_id = db_col_i64(st, 5);
	l->opening_balance = db_col_i64(st, 6);
	text_copy(l->gstin, sizeof l->gstin, db_col_text(st, 7));
	text_copy(l->state_code, sizeof l->state_code, db_col_text(st, 8));
	l->version = db_col_i64(st, 9);
	l->archived = (int)db_col_i64(st, 10);
	l->nature = nature_parse(db_col_text(st, 11));
}

static int ledger_one(struct db *db, const char *query, const struct db_arg *args, size_t nargs, struct ledger *ret,
		      struct err *e)
{
	struct db_stmt *st;
	int rc = db_one(db, query, args, nargs, &st, e);
	if (rc == DB_ROW) {
		row_ledger(st, ret);
		db_done(st);
	}
	return rc;
}

int ledger_get(struct db *db, int64_t cid, int64_t id, struct ledger *ret, struct err *e)
{
	int rc = ledger_one(db, sql[SQL_LEDGER_GET], DB_ARGS(DB_I64(cid), DB_I64(id)), ret, e);
	if (rc < 0)
		return rc;
	return rc == DB_ROW ? 0 : err_setr(e, ERR_NOT_FOUND, "ledger_id", "unknown_ledger", "no ledger %lld in this company", (long long)id);
}

int ledger_find(struct db *db, int64_t cid, const char *name, struct ledger *ret, struct err *e)
{
	int rc = ledger_one(db, sql[SQL_LEDGER_FIND], DB_ARGS(DB_I64(cid), DB_TEXT(name)), ret, e);
	if (rc < 0)
		return rc;
	return rc == DB_ROW ? 0 : err_setr(e, ERR_NOT_FOUND, "ledger", "unknown_ledger", "no ledger named %.100s", name);
}

int ledger_of_kind(struct db *db, int64_t cid, const char *kind, int64_t *ret_id, struct err *e)
{
	int rc = db_i64(db, sql[SQL_LEDGER_OF_KIND], DB_ARGS(DB_I64(cid), DB_TEXT(kind)), ret_id, e);
	if (rc < 0)
		return rc;
	if (rc == DB_ROW)
		return 0;
	err_set(e, ERR_UNPROCESSABLE, "ledger", "the company has no %s ledger", kind);
	err_reason(e, "ledger_missing");
	return err_detail_text(e, "kind", kind);
}

int ledger_of_party(struct db *db, int64_t cid, int64_t party_id, int64_t *ret_id, struct err *e)
{
	int rc = db_i64(db, sql[SQL_LEDGER_OF_PARTY], DB_ARGS(DB_I64(cid), DB_I64(party_id)), ret_id, e);
	if (rc < 0)
		return rc;
	return rc == DB_ROW ? 0 : err_set(e, ERR_NOT_FOUND, "party_id", "party %lld has no ledger", (long long)party_id);
}

static int ledger_audit(struct db *db, int64_t cid, int64_t actor, const struct ledger *before,
			const struct ledger *after, const char *action, struct err *e)
{
	struct buf b = BUF_INIT, a = BUF_INIT;
	struct jsonw wb, wa;
	int rc;
	if (before) {
		jsonw_init(&wb, &b);
		ledger_json(&wb, before);
	}
	jsonw_init(&wa, &a);
	ledger_json(&wa, after);
	if ((before && jsonw_ok(&wb) < 0) || jsonw_ok(&wa) < 0)
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
	else
		rc = audit_append(db, cid, actor, "ledger", after->id, action, before ? buf_str(&b) : NULL, buf_str(&a), e);
	buf_free(&b);
	buf_free(&a);
	return rc;
}

int ledger_audit_new(struct db *db, int64_t cid, int64_t actor, int64_t id, struct err *e)
{
	struct ledger *l = malloc(sizeof *l);
	int rc;
	if (!l)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	if ((rc = ledger_get(db, cid, id, l, e)) >= 0)
		rc = ledger_audit(db, cid, actor, NULL, l, "create", e);
	free(l);
	return rc;
}

/* The kind of a new ledger: the one asked for (a known kind), else bank or cash by its group, else general. */
static int ledger_kind_for(const char *kind, const char *group_code, const char **ret, struct err *e)
{
	static const char *const kinds[] = {"cash", "bank", "sales", "purchase", "out_cgst", "out_sgst",
					    "out_igst", "in_cgst", "in_sgst", "in_igst", "out_cess", "in_cess", "round_off", "capital",
					    "general", NULL};
	if (!kind || !*kind) {
		*ret = strcmp(group_code, "bank_accounts") == 0 ? "bank" : strcmp(group_code, "cash_in_hand") == 0 ? "cash" : "general";
		return 0;
	}
	for (const char *const *k = kinds; *k; k++) {
		if (strcmp(*k, kind) == 0) {
			*ret = *k;
			return 0;
		}
	}
	return err_setr(e, ERR_INVALID, "kind", "unknown_ledger_kind", "unknown ledger kind %.20s", kind);
}

int ledger_create(struct db *db, int64_t cid, int64_t actor, const struct ledger_input *in,
		  struct ledger *ret, struct err *e)
{
	struct group *g = malloc(sizeof *g);
	const char *kind = NULL;
	int64_t id;
	int rc;

	if (!g)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	if ((rc = name_ok(in->name, "name", e)) < 0)
		goto out;
	if (!in->group_id) {
		rc = err_setr(e, ERR_INVALID, "group_id", "required", "group_id is required");
		goto out;
	}
	if ((rc = group_named(db, cid, in->group_id, "group_id", g, e)) < 0)
		goto out;
	if (in->gstin && *in->gstin && (rc = india_gstin_refuse(in->gstin, "gstin", e)) < 0)
		goto out;
	if (in->state_code && *in->state_code && !india_state_name(in->state_code)) {
		rc = err_setr(e, ERR_INVALID, "state_code", "state_unknown", "unknown state code");
		goto out;
	}
	if (!money_fits(in->opening_balance)) {
		rc = money_too_large(e, ERR_INVALID, "opening_balance");
		goto out;
	}
	if ((rc = ledger_kind_for(in->kind, g->code, &kind, e)) < 0 ||
	    (rc = insert_ledger(db, cid, in->name, in->group_id, kind, 0, in->opening_balance, in->gstin, in->state_code, &id, e)) < 0 ||
	    (rc = ledger_get(db, cid, id, ret, e)) < 0)
		goto out;
	rc = ledger_audit(db, cid, actor, NULL, ret, "create", e);
out:
	free(g);
	return rc;
}

/* The name a party's ledger takes: the party's, or with its id added when another ledger of the
 * company has that name already (ledger names are unique in a company). */
static int party_ledger_name(struct db *db, int64_t cid, int64_t party_id, int64_t lid, const char *name,
			     char *out, size_t cap, struct err *e)
{
	for (int tries = 0; tries < 2; tries++) {
		int64_t other = 0;
		int rc;
		if (tries == 0)
			text_copy(out, cap, name);
		else
			snprintf(out, cap, "%s (#%lld)", name, (long long)party_id);
		rc = db_i64(db, sql[SQL_LEDGER_ID_BY_NAME], DB_ARGS(DB_I64(cid), DB_TEXT(out)), &other, e);
		if (rc < 0)
			return rc;
		if (!other || other == lid)
			break;
	}
	return 0;
}

int ledger_for_party(struct db *db, int64_t cid, int64_t actor, int64_t party_id, const char *kind,
		     const char *name, const char *gstin, const char *state_code, struct err *e)
{
	struct ledger *before = malloc(sizeof *before), *after = malloc(sizeof *after);
	char lname[900];
	int64_t gid, lid = 0;
	int rc;

	if (!before || !after) {
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	if ((rc = group_by_code(db, cid, strcmp(kind, "vendor") == 0 ? "sundry_creditors" : "sundry_debtors", &gid, e)) < 0)
		goto out;
	rc = ledger_of_party(db, cid, party_id, &lid, e);
	if (rc < 0 && e->code != ERR_NOT_FOUND)
		goto out;
	err_clear(e);
	if ((rc = party_ledger_name(db, cid, party_id, lid, name, lname, sizeof lname, e)) < 0)
		goto out;
	if (!lid) {
		if ((rc = insert_ledger(db, cid, lname, gid, "party", party_id, 0, gstin, state_code, &lid, e)) < 0 ||
		    (rc = ledger_get(db, cid, lid, after, e)) < 0)
			goto out;
		rc = ledger_audit(db, cid, actor, NULL, after, "create", e);
		goto out;
	}
	if ((rc = ledger_get(db, cid, lid, before, e)) < 0)
		goto out;
	if (strcmp(before->name, lname) == 0 && before->group_id == gid && strcmp(before->gstin, gstin ? gstin : "") == 0 &&
	    strcmp(before->state_code, state_code ? state_code : "") == 0)
		goto out;
	if ((rc = db_run(db, sql[SQL_LEDGER_PARTY_UPDATE],
			 DB_ARGS(DB_TEXT(lname), DB_I64(gid), DB_TEXT_OR_NULL(gstin), DB_TEXT_OR_NULL(state_code), DB_I64(cid),
				 DB_I64(lid)), e)) < 0 ||
	    (rc = ledger_get(db, cid, lid, after, e)) < 0)
		goto out;
	rc = ledger_audit(db, cid, actor, before, after, "update", e);
out:
	free(before);
	free(after);
	return rc;
}

void ledger_json(struct jsonw *w, const struct ledger *l)
{
	jsonw_obj(w);
	jsonw_ki64(w, "id", l->id);
	jsonw_kstr(w, "name", l->name);
	jsonw_ki64(w, "group_id", l->group_id);
	jsonw_kstr(w, "group", l->group_name);
	jsonw_kstr(w, "nature", nature_name(l->nature));
	jsonw_kstr(w, "kind", l->kind);
	jsonw_key(w, "party_id");
	if (l->party_id)
		jsonw_i64(w, l->party_id);
	else
		jsonw_null(w);
	jsonw_kmoney(w, "opening_balance", l->opening_balance);
	jsonw_kstr(w, "gstin", *l->gstin ? l->gstin : NULL);
	jsonw_kstr(w, "state_code", *l->state_code ? l->state_code : NULL);
	jsonw_ki64(w, "version", l->version);
	jsonw_kbool(w, "archived", l->archived);
	jsonw_obj_end(w);
}

static int ledger_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct page_rows *p = ctx;
	(void)e;
	if (p->n == p->limit) {
		p->next = p->last;
		return 1;
	}
	row_ledger(st, p->row);
	ledger_json(p->w, p->row);
	p->last = ((struct ledger *)p->row)->id;
	p->n++;
	return 0;
}

int ledger_list_json(struct db *db, int64_t cid, const char *q, const struct page *pg, struct jsonw *w,
		     int64_t *ret_next, struct err *e)
{
	struct page_rows p = {w, pg->limit, 0, 0, 0, malloc(sizeof(struct ledger))};
	struct buf pat = BUF_INIT;
	char after_name[801];
	int rc;

	if (!p.row || text_like_pattern(q ? q : "", &pat) < 0) {
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	if (!pg->after) {
		rc = db_each(db, sql[SQL_LEDGER_LIST],
			     DB_ARGS(DB_I64(cid), DB_TEXT(buf_str(&pat)), DB_TEXT(buf_str(&pat)), DB_I64(pg->limit + 1)),
			     ledger_row, &p, e);
		goto out;
	}
	rc = db_text(db, sql[SQL_LEDGER_NAME], DB_ARGS(DB_I64(cid), DB_I64(pg->after)), after_name, sizeof after_name, e);
	if (rc == DB_DONE)
		rc = err_setr(e, ERR_INVALID, "after", "unknown_cursor", "unknown cursor");
	if (rc < 0)
		goto out;
	rc = db_each(db, sql[SQL_LEDGER_LIST_AFTER],
		     DB_ARGS(DB_I64(cid), DB_TEXT(buf_str(&pat)), DB_TEXT(buf_str(&pat)), DB_TEXT(after_name), DB_I64(pg->after),
			     DB_I64(pg->limit + 1)),
		     ledger_row, &p, e);
out:
	free(p.row);
	buf_free(&pat);
	if (rc < 0)
		return rc;
	*ret_next = p.next;
	return jsonw_ok(w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
}

int balances_apply(struct db *db, int64_t cid, int64_t ledger_id, const char *date, int64_t amount,
		   int sign, struct err *e)
{
	int64_t dr = amount > 0 ? amount : 0, cr = amount < 0 ? -amount : 0;
	char month[8];
	int rc;

	if (sign < 0) {
		dr = -dr;
		cr = -cr;
	}
	memcpy(month, date, 7);
	month[7] = '\0';
	if ((rc = db_run(db, sql[SQL_BALANCE_DAY], DB_ARGS(DB_I64(cid), DB_I64(ledger_id), DB_TEXT(date), DB_I64(dr), DB_I64(cr)), e)) < 0 ||
	    (rc = db_run(db, sql[SQL_BALANCE_MONTH], DB_ARGS(DB_I64(cid), DB_I64(ledger_id), DB_TEXT(month), DB_I64(dr), DB_I64(cr)), e)) < 0)
		return rc;
	return 0;
}

/* What a ledger's snapshot borrows from its group, which is audited on its own. */
static const char *const ledger_borrowed[] = {"group", "nature", NULL};

static void cover_snap(struct jsonw *w, struct db_stmt *st, void *ctx)
{
	row_ledger(st, ctx);
	ledger_json(w, ctx);
}

int ledger_cover(struct db *db, int64_t cid, audit_finding_fn each, void *ctx, int64_t *ret_rows, struct err *e)
{
	struct ledger *l = malloc(sizeof *l);
	int rc;
	if (!l)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	rc = audit_cover_query(db, cid, "ledger", ledger_borrowed, sql[SQL_LEDGER_COVER], cover_snap, l, each, ctx, ret_rows, e);
	free(l);
	return rc;
}
