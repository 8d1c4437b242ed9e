/* ledgers.c - the chart of accounts: predefined groups, user sub-groups, ledgers and their
 * opening balances, party ledgers, dates and financial years, and the kept balances. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/clock.h"
#include "lib/date.h"
#include "accounts/accounts.h"
#include "audit/audit.h"
#include "lib/india.h"
#include "lib/text.h"
#include "lib/banned.h"

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
	{"Round Off", "indirect_expenses", "round_off"},
};




int group_by_code(struct db *db, int64_t cid, const char *code, int64_t *ret_id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM account_groups WHERE company_id = ? AND code = ?", e);
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, code);
	rc = db_step(st, e);
	if (rc == DB_ROW)
		*ret_id = db_col_i64(st, 0);
	db_done(st);
	if (rc < 0)
		return rc;
	return rc == DB_ROW ? 0 : err_set(e, ERR_NOT_FOUND, "group", "no group %s", code);
}

static int insert_group(struct db *db, int64_t cid, const char *name, int64_t parent, const char *nature,
			const char *code, int gp, int sort, int64_t *ret, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO account_groups(company_id, name, parent_id, nature, code, gross_profit, sort) "
					    "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", e);
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, name);
	if (parent)
		db_bind_i64(st, 3, parent);
	else
		db_bind_null(st, 3);
	db_bind_text(st, 4, nature);
	db_bind_text(st, 5, code);
	db_bind_i64(st, 6, gp);
	db_bind_i64(st, 7, sort);
	rc = db_step(st, e);
	if (rc == DB_ROW)
		*ret = db_col_i64(st, 0);
	while (rc == DB_ROW)
		rc = db_step(st, e);
	db_done(st);
	if (rc < 0 && e->code == ERR_CONFLICT) {
		err_clear(e);
		return err_set(e, ERR_DUPLICATE, "name", "a group named %s already exists", name);
	}
	return rc < 0 ? rc : 0;
}

static int insert_ledger(struct db *db, int64_t cid, const char *name, int64_t group, const char *kind,
			 int64_t party_id, int64_t opening, const char *gstin, const char *state, int64_t *ret,
			 struct err *e)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO ledgers(company_id, name, group_id, kind, party_id, opening_balance, "
					    "gstin, state_code, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", e);
	char now[32];
	int rc;
	if (!st)
		return e->code;
	clock_now_iso(now);
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, name);
	db_bind_i64(st, 3, group);
	db_bind_text(st, 4, kind);
	if (party_id)
		db_bind_i64(st, 5, party_id);
	else
		db_bind_null(st, 5);
	db_bind_i64(st, 6, opening);
	db_bind_text(st, 7, gstin && *gstin ? gstin : NULL);
	db_bind_text(st, 8, state && *state ? state : NULL);
	db_bind_text(st, 9, now);
	rc = db_step(st, e);
	if (rc == DB_ROW)
		*ret = db_col_i64(st, 0);
	while (rc == DB_ROW)
		rc = db_step(st, e);
	db_done(st);
	if (rc < 0 && e->code == ERR_CONFLICT) {
		err_clear(e);
		return err_set(e, ERR_DUPLICATE, "name", "a ledger named %s already exists", name);
	}
	return rc < 0 ? rc : 0;
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
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* A name: 1-200 characters of valid text without control characters. */
static int name_ok(const char *name, const char *field, struct err *e)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0)
		return err_set(e, ERR_INVALID, field, "%s is required", field);
	if (text_utf8_invalid_at(name, n) >= 0)
		return err_set(e, ERR_INVALID, field, "%s is not valid UTF-8", field);
	if (text_utf8_chars(name, n) > 200)
		return err_set(e, ERR_INVALID, field, "%s is longer than 200 characters", field);
	if (text_has_controls(name))
		return err_set(e, ERR_INVALID, field, "%s holds a control character", field);
	return 0;
}

static int group_nature(struct db *db, int64_t cid, int64_t gid, char *nature, size_t cap, char *code, size_t ccap, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT nature, coalesce(code, '') FROM account_groups WHERE company_id = ? AND id = ?", e);
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, gid);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		text_copy(nature, cap, db_col_text(st, 0));
		text_copy(code, ccap, db_col_text(st, 1));
	}
	db_done(st);
	if (rc < 0)
		return rc;
	return rc == DB_ROW ? 0 : err_set(e, ERR_INVALID, "group_id", "no group %lld in this company", (long long)gid);
}

int group_create(struct db *db, int64_t cid, int64_t actor, const char *name, int64_t parent_id,
		 int64_t *ret_id, struct err *e)
{
	char nature[16], code[32], after[600];
	int rc;
	if ((rc = name_ok(name, "name", e)) < 0)
		return rc;
	if (!parent_id)
		return err_set(e, ERR_INVALID, "parent_id", "a new group goes under an existing group (parent_id)");
	if ((rc = group_nature(db, cid, parent_id, nature, sizeof nature, code, sizeof code, e)) < 0) {
		if (e->code == ERR_INVALID)
			snprintf(e->field, sizeof e->field, "parent_id");
		return rc;
	}
	{
		int gp = 0;
		struct db_stmt *st = db_prepare(db, "SELECT gross_profit, sort FROM account_groups WHERE id = ?", e);
		int64_t sort = 100;
		if (!st)
			return e->code;
		db_bind_i64(st, 1, parent_id);
		rc = db_step(st, e);
		if (rc == DB_ROW) {
			gp = (int)db_col_i64(st, 0);
			sort = db_col_i64(st, 1);
		}
		db_done(st);
		if (rc < 0)
			return rc;
		if ((rc = insert_group(db, cid, name, parent_id, nature, NULL, gp, (int)sort, ret_id, e)) < 0)
			return rc;
	}
	snprintf(after, sizeof after, "{\"parent_id\":%lld}", (long long)parent_id);
	return audit_append(db, cid, actor, "group", *ret_id, "create", NULL, after, e);
}

#define LEDGER_COLS "l.id, l.group_id, l.name, g.name, l.kind, coalesce(l.party_id, 0), l.opening_balance, " \
		    "coalesce(l.gstin, ''), coalesce(l.state_code, ''), l.version, l.archived, g.nature"

static void row_ledger(struct db_stmt *st, struct ledger *l)
{
	memset(l, 0, sizeof *l);
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

static int ledger_one(struct db *db, const char *sql, int64_t cid, int64_t id, const char *name,
		      struct ledger *ret, struct err *e)
{
	struct db_stmt *st = db_prepare(db, sql, e);
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	if (name)
		db_bind_text(st, 2, name);
	else
		db_bind_i64(st, 2, id);
	rc = db_step(st, e);
	if (rc == DB_ROW)
		row_ledger(st, ret);
	db_done(st);
	if (rc < 0)
		return rc;
	if (rc == DB_ROW)
		return 0;
	if (name)
		return err_set(e, ERR_NOT_FOUND, "ledger", "no ledger named %.100s", name);
	return err_set(e, ERR_NOT_FOUND, "ledger_id", "no ledger %lld in this company", (long long)id);
}

int ledger_get(struct db *db, int64_t cid, int64_t id, struct ledger *ret, struct err *e)
{
	return ledger_one(db, "SELECT " LEDGER_COLS " FROM ledgers l JOIN account_groups g ON g.id = l.group_id "
			      "WHERE l.company_id = ? AND l.id = ?", cid, id, NULL, ret, e);
}

int ledger_find(struct db *db, int64_t cid, const char *name, struct ledger *ret, struct err *e)
{
	return ledger_one(db, "SELECT " LEDGER_COLS " FROM ledgers l JOIN account_groups g ON g.id = l.group_id "
			      "WHERE l.company_id = ? AND l.name = ?", cid, 0, name, ret, e);
}

int ledger_of_kind(struct db *db, int64_t cid, const char *kind, int64_t *ret_id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM ledgers WHERE company_id = ? AND kind = ? AND archived = 0 ORDER BY id LIMIT 1", e);
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, kind);
	rc = db_step(st, e);
	if (rc == DB_ROW)
		*ret_id = db_col_i64(st, 0);
	db_done(st);
	if (rc < 0)
		return rc;
	return rc == DB_ROW ? 0 : err_set(e, ERR_UNPROCESSABLE, "ledger", "the company has no %s ledger", kind);
}

int ledger_of_party(struct db *db, int64_t cid, int64_t party_id, int64_t *ret_id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM ledgers WHERE company_id = ? AND party_id = ?", e);
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, party_id);
	rc = db_step(st, e);
	if (rc == DB_ROW)
		*ret_id = db_col_i64(st, 0);
	db_done(st);
	if (rc < 0)
		return rc;
	return rc == DB_ROW ? 0 : err_set(e, ERR_NOT_FOUND, "party_id", "party %lld has no ledger", (long long)party_id);
}

static int ledger_audit(struct db *db, int64_t cid, int64_t actor, const struct ledger *before,
			const struct ledger *after, const char *action, struct err *e)
{
	struct buf b = BUF_INIT, a = BUF_INIT;
	struct jsonw w;
	int rc;
	if (before) {
		jsonw_init(&w, &b);
		ledger_json(&w, before);
	}
	jsonw_init(&w, &a);
	ledger_json(&w, after);
	rc = audit_append(db, cid, actor, "ledger", after->id, action, before ? buf_str(&b) : NULL, buf_str(&a), e);
	buf_free(&b);
	buf_free(&a);
	return rc;
}

int ledger_create(struct db *db, int64_t cid, int64_t actor, const struct ledger_input *in,
		  struct ledger *ret, struct err *e)
{
	char nature[16], code[32], why[128];
	const char *kind = in->kind;
	int64_t id;
	int rc;

	if ((rc = name_ok(in->name, "name", e)) < 0)
		return rc;
	if (!in->group_id)
		return err_set(e, ERR_INVALID, "group_id", "group_id is required");
	if ((rc = group_nature(db, cid, in->group_id, nature, sizeof nature, code, sizeof code, e)) < 0)
		return rc;
	if (in->gstin && *in->gstin && india_gstin_check(in->gstin, why, sizeof why) < 0)
		return err_set(e, ERR_INVALID, "gstin", "GSTIN %s", why);
	if (in->state_code && *in->state_code && !india_state_name(in->state_code))
		return err_set(e, ERR_INVALID, "state_code", "unknown state code");
	if (!kind || !*kind) {
		if (strcmp(code, "bank_accounts") == 0)
			kind = "bank";
		else if (strcmp(code, "cash_in_hand") == 0)
			kind = "cash";
		else
			kind = "general";
	} else {
		static const char *const kinds[] = {"cash", "bank", "sales", "purchase", "out_cgst", "out_sgst",
						    "out_igst", "in_cgst", "in_sgst", "in_igst", "round_off", "capital", "general", NULL};
		int ok = 0;
		for (const char *const *k = kinds; *k; k++)
			if (strcmp(*k, kind) == 0)
				ok = 1;
		if (!ok)
			return err_set(e, ERR_INVALID, "kind", "unknown ledger kind %.20s", kind);
	}
	if ((rc = insert_ledger(db, cid, in->name, in->group_id, kind, 0, in->opening_balance, in->gstin,
				in->state_code, &id, e)) < 0)
		return rc;
	if ((rc = ledger_get(db, cid, id, ret, e)) < 0)
		return rc;
	return ledger_audit(db, cid, actor, NULL, ret, "create", e);
}

int ledger_for_party(struct db *db, int64_t cid, int64_t actor, int64_t party_id, const char *kind,
		     const char *name, const char *gstin, const char *state_code, struct err *e)
{
	struct ledger before, after;
	struct db_stmt *st;
	char lname[900];
	int64_t gid, lid = 0;
	int rc, tries;

	if ((rc = group_by_code(db, cid, strcmp(kind, "vendor") == 0 ? "sundry_creditors" : "sundry_debtors", &gid, e)) < 0)
		return rc;
	rc = ledger_of_party(db, cid, party_id, &lid, e);
	if (rc < 0 && e->code != ERR_NOT_FOUND)
		return rc;
	err_clear(e);
	/* Ledger names are unique in a company; a second party of the same name gets its id added. */
	for (tries = 0; tries < 2; tries++) {
		int64_t other = 0;
		if (tries == 0)
			snprintf(lname, sizeof lname, "%s", name);
		else
			snprintf(lname, sizeof lname, "%s (#%lld)", name, (long long)party_id);
		st = db_prepare(db, "SELECT id FROM ledgers WHERE company_id = ? AND name = ?", e);
		if (!st)
			return e->code;
		db_bind_i64(st, 1, cid);
		db_bind_text(st, 2, lname);
		rc = db_step(st, e);
		if (rc == DB_ROW)
			other = db_col_i64(st, 0);
		db_done(st);
		if (rc < 0)
			return rc;
		if (!other || other == lid)
			break;
	}
	if (!lid) {
		if ((rc = insert_ledger(db, cid, lname, gid, "party", party_id, 0, gstin, state_code, &lid, e)) < 0)
			return rc;
		if ((rc = ledger_get(db, cid, lid, &after, e)) < 0)
			return rc;
		return ledger_audit(db, cid, actor, NULL, &after, "create", e);
	}
	if ((rc = ledger_get(db, cid, lid, &before, e)) < 0)
		return rc;
	if (strcmp(before.name, lname) == 0 && before.group_id == gid && strcmp(before.gstin, gstin ? gstin : "") == 0 &&
	    strcmp(before.state_code, state_code ? state_code : "") == 0)
		return 0;
	st = db_prepare(db, "UPDATE ledgers SET name = ?, group_id = ?, gstin = ?, state_code = ?, version = version + 1 "
			    "WHERE company_id = ? AND id = ?", e);
	if (!st)
		return e->code;
	db_bind_text(st, 1, lname);
	db_bind_i64(st, 2, gid);
	db_bind_text(st, 3, gstin && *gstin ? gstin : NULL);
	db_bind_text(st, 4, state_code && *state_code ? state_code : NULL);
	db_bind_i64(st, 5, cid);
	db_bind_i64(st, 6, lid);
	rc = db_step(st, e);
	db_done(st);
	if (rc < 0)
		return rc;
	if ((rc = ledger_get(db, cid, lid, &after, e)) < 0)
		return rc;
	return ledger_audit(db, cid, actor, &before, &after, "update", e);
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

int accounts_groups_json(struct db *db, int64_t cid, struct buf *out, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, name, coalesce(parent_id, 0), nature, coalesce(code, ''), gross_profit "
					    "FROM account_groups WHERE company_id = ? ORDER BY sort, id", e);
	struct jsonw w;
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	jsonw_init(&w, out);
	jsonw_arr(&w);
	while ((rc = db_step(st, e)) == DB_ROW) {
		jsonw_obj(&w);
		jsonw_ki64(&w, "id", db_col_i64(st, 0));
		jsonw_kstr(&w, "name", db_col_text(st, 1));
		jsonw_key(&w, "parent_id");
		if (db_col_i64(st, 2))
			jsonw_i64(&w, db_col_i64(st, 2));
		else
			jsonw_null(&w);
		jsonw_kstr(&w, "nature", db_col_text(st, 3));
		jsonw_kstr(&w, "code", *db_col_text(st, 4) ? db_col_text(st, 4) : NULL);
		jsonw_kbool(&w, "gross_profit", (int)db_col_i64(st, 5));
		jsonw_obj_end(&w);
	}
	db_done(st);
	jsonw_arr_end(&w);
	if (rc < 0)
		return rc;
	return jsonw_ok(&w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
}

int accounts_ledgers_json(struct db *db, int64_t cid, const char *q, struct buf *out, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT " LEDGER_COLS " FROM ledgers l JOIN account_groups g ON g.id = l.group_id "
					    "WHERE l.company_id = ? AND (? = '' OR lower(l.name) LIKE ? ESCAPE '!') ORDER BY l.name LIMIT 2000", e);
	struct buf pat = BUF_INIT;
	struct ledger *l = malloc(sizeof *l);
	struct jsonw w;
	int rc;

	if (!st || !l) {
		db_done(st);
		free(l);
		return st ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : e->code;
	}
	if (text_like_pattern(q, &pat) < 0) {
		db_done(st);
		free(l);
		buf_free(&pat);
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	}
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, buf_str(&pat));
	db_bind_text(st, 3, buf_str(&pat));
	jsonw_init(&w, out);
	jsonw_arr(&w);
	while ((rc = db_step(st, e)) == DB_ROW) {
		row_ledger(st, l);
		ledger_json(&w, l);
	}
	db_done(st);
	jsonw_arr_end(&w);
	free(l);
	buf_free(&pat);
	if (rc < 0)
		return rc;
	return jsonw_ok(&w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
}

int balances_apply(struct db *db, int64_t cid, int64_t ledger_id, const char *date, int64_t amount,
		   int sign, struct err *e)
{
	static const char sql_day[] = "INSERT INTO ledger_day(company_id, ledger_id, date, debit, credit) VALUES (?, ?, ?, ?, ?) "
				      "ON CONFLICT (company_id, ledger_id, date) DO UPDATE SET debit = ledger_day.debit + excluded.debit, "
				      "credit = ledger_day.credit + excluded.credit";
	static const char sql_month[] = "INSERT INTO ledger_month(company_id, ledger_id, month, debit, credit) VALUES (?, ?, ?, ?, ?) "
					"ON CONFLICT (company_id, ledger_id, month) DO UPDATE SET debit = ledger_month.debit + excluded.debit, "
					"credit = ledger_month.credit + excluded.credit";
	int64_t dr = amount > 0 ? amount : 0, cr = amount < 0 ? -amount : 0;
	char month[8];
	struct db_stmt *st;
	int rc;

	if (sign < 0) {
		dr = -dr;
		cr = -cr;
	}
	memcpy(month, date, 7);
	month[7] = '\0';
	for (int pass = 0; pass < 2; pass++) {
		st = db_prepare(db, pass ? sql_month : sql_day, e);
		if (!st)
			return e->code;
		db_bind_i64(st, 1, cid);
		db_bind_i64(st, 2, ledger_id);
		db_bind_text(st, 3, pass ? month : date);
		db_bind_i64(st, 4, dr);
		db_bind_i64(st, 5, cr);
		rc = db_step(st, e);
		db_done(st);
		if (rc < 0)
			return rc;
	}
	return 0;
}
