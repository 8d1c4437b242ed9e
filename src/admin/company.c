/* company.c - companies and their audit chains. Every statement is in the table below; a
 * company's audit snapshot is company_json's. */
#include <string.h>

#include "accounts/accounts.h"
#include "audit/audit.h"
#include "admin/company.h"
#include "books/books.h"
#include "inventory/inventory.h"
#include "lib/clock.h"
#include "lib/india.h"
#include "lib/jsonw.h"
#include "lib/text.h"
#include "lib/banned.h"

enum {
	SQL_INSERT,
	SQL_GET,
	SQL_OF_USER,
	SQL_NEXT,
	SQL_MAX
};

static const char *const sql[SQL_MAX] = {
	[SQL_INSERT] = "INSERT INTO companies(name, gstin, state_code, created_at) VALUES (?, ?, ?, ?) RETURNING id",
	[SQL_GET] = "SELECT id, name, coalesce(gstin, ''), coalesce(state_code, '') FROM companies WHERE id = ?",
	[SQL_OF_USER] = "SELECT c.id, c.name, coalesce(c.gstin, ''), coalesce(c.state_code, ''), m.role FROM memberships m "
			"JOIN companies c ON c.id = m.company_id WHERE m.user_id = ? ORDER BY c.id",
	[SQL_NEXT] = "SELECT coalesce(min(id), 0) FROM companies WHERE id > ?",
};

/* The company's members as the audit log and the API write them: "name", "gstin" and
 * "state_code" (null when empty). */
static void company_members(struct jsonw *w, const struct company *c)
{
	jsonw_kstr(w, "name", c->name);
	jsonw_kstr(w, "gstin", c->gstin[0] ? c->gstin : NULL);
	jsonw_kstr(w, "state_code", c->state_code[0] ? c->state_code : NULL);
}

int company_json(struct buf *out, const struct company *c)
{
	struct jsonw w;
	jsonw_init(&w, out);
	jsonw_obj(&w);
	company_members(&w, c);
	jsonw_obj_end(&w);
	return jsonw_ok(&w);
}

/* Fills c from the SQL_GET columns of the current row. */
static void read_company(struct db_stmt *st, struct company *c)
{
	memset(c, 0, sizeof *c);
	c->id = db_col_i64(st, 0);
	text_copy(c->name, sizeof c->name, db_col_text(st, 1));
	text_copy(c->gstin, sizeof c->gstin, db_col_text(st, 2));
	text_copy(c->state_code, sizeof c->state_code, db_col_text(st, 3));
}

int company_create(struct db *db, const char *name, const char *gstin, const char *state_code,
		   int64_t actor, int64_t *ret_id, struct err *e)
{
	char now[CLOCK_ISO_SIZE];
	struct company c;
	struct buf after = BUF_INIT;
	int rc;

	memset(&c, 0, sizeof c);
	if (!name || !*name || strlen(name) > COMPANY_NAME_MAX_BYTES || text_utf8_invalid_at(name, strlen(name)) >= 0)
		return err_setr(e, ERR_INVALID, "name", "company_name_bad", "company name must be 1-%d bytes of text",
				COMPANY_NAME_MAX_BYTES);
	text_copy(c.name, sizeof c.name, name);
	if (gstin && *gstin) {
		if ((rc = india_gstin_refuse(gstin, "gstin", e)) < 0)
			return rc;
		text_copy(c.gstin, sizeof c.gstin, gstin);
		memcpy(c.state_code, gstin, 2);
	} else if (state_code && *state_code) {
		if (!india_state_name(state_code))
			return err_setr(e, ERR_INVALID, "state_code", "state_unknown", "unknown state code");
		text_copy(c.state_code, sizeof c.state_code, state_code);
	}
	clock_now_iso(now);
	rc = db_insert_id(db, sql[SQL_INSERT], DB_ARGS(DB_TEXT(c.name), DB_TEXT_OR_NULL(c.gstin), DB_TEXT_OR_NULL(c.state_code), DB_TEXT(now)),
			  &c.id, e);
	if (rc < 0)
		return rc;
	if ((rc = audit_chain_create(db, c.id, e)) < 0)
		return rc;
	if ((rc = books_create(db, c.id, "2000-04-01", e)) < 0 || (rc = accounts_seed(db, c.id, e)) < 0 ||
	    (rc = inventory_seed(db, c.id, e)) < 0)
		return rc;
	if (company_json(&after, &c) < 0)
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
	else
		rc = audit_append(db, c.id, actor, "company", c.id, "create", NULL, buf_str(&after), e);
	buf_free(&after);
	if (rc < 0)
		return rc;
	*ret_id = c.id;
	return 0;
}

int company_get(struct db *db, int64_t id, struct company *ret, struct err *e)
{
	struct db_stmt *st;
	int rc = db_one(db, sql[SQL_GET], DB_ARGS(DB_I64(id)), &st, e);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, NULL, "no company %lld", (long long)id);
	read_company(st, ret);
	db_done(st);
	return 0;
}

static int list_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct jsonw *w = ctx;
	struct company c;
	(void)e;
	read_company(st, &c);
	jsonw_obj(w);
	jsonw_ki64(w, "id", c.id);
	company_members(w, &c);
	jsonw_kstr(w, "role", db_col_text(st, 4));
	jsonw_obj_end(w);
	return 0;
}

int company_first(struct db *db, int64_t *ret_id, struct err *e)
{
	static const char sql_first[] = "SELECT coalesce(min(id), 0) FROM companies";
	int rc = db_i64(db, sql_first, DB_NOARGS, ret_id, e);
	return rc < 0 ? rc : 0;
}

int company_next(struct db *db, int64_t after, int64_t *ret_id, struct err *e)
{
	int rc = db_i64(db, sql[SQL_NEXT], DB_ARGS(DB_I64(after)), ret_id, e);
	return rc < 0 ? rc : 0;
}

int company_list_json(struct db *db, int64_t user_id, struct buf *out, struct err *e)
{
	struct jsonw w;
	int rc;
	jsonw_init(&w, out);
	jsonw_arr(&w);
	rc = db_each(db, sql[SQL_OF_USER], DB_ARGS(DB_I64(user_id)), list_row, &w, e);
	jsonw_arr_end(&w);
	if (rc < 0)
		return rc;
	return jsonw_ok(&w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
}
