/* company.c - companies and their audit chains. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "accounts/accounts.h"
#include "audit/audit.h"
#include "admin/company.h"
#include "lib/india.h"
#include "inventory/inventory.h"
#include "lib/jsonw.h"
#include "lib/text.h"
#include "books/books.h"
#include "lib/banned.h"

int company_create(struct db *db, const char *name, const char *gstin, const char *state_code,
		   int64_t actor, int64_t *ret_id, struct err *e)
{
	char why[128], now[32], state[3] = "";
	struct db_stmt *st;
	struct buf after = BUF_INIT;
	struct jsonw w;
	time_t t = time(NULL);
	struct tm tm;
	int64_t id = 0;
	int rc;

	if (!name || !*name || strlen(name) > 200 || text_utf8_invalid_at(name, strlen(name)) >= 0)
		return err_set(e, ERR_INVALID, "name", "company name must be 1-200 bytes of text");
	if (gstin && *gstin) {
		if (india_gstin_check(gstin, why, sizeof why) < 0)
			return err_set(e, ERR_INVALID, "gstin", "GSTIN %s", why);
		memcpy(state, gstin, 2);
		state[2] = '\0';
	} else if (state_code && *state_code) {
		if (!india_state_name(state_code))
			return err_set(e, ERR_INVALID, "state_code", "unknown state code");
		text_copy(state, sizeof state, state_code);
	}
	gmtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	st = db_prepare(db, "INSERT INTO companies(name, gstin, state_code, created_at) VALUES (?, ?, ?, ?) RETURNING id", e);
	if (!st)
		return e->code;
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, gstin && *gstin ? gstin : NULL);
	db_bind_text(st, 3, *state ? state : NULL);
	db_bind_text(st, 4, now);
	rc = db_step(st, e);
	if (rc == DB_ROW)
		id = db_col_i64(st, 0);
	while (rc == DB_ROW)
		rc = db_step(st, e);
	db_done(st);
	if (rc < 0)
		return rc;
	if ((rc = audit_chain_create(db, id, e)) < 0)
		return rc;
	if ((rc = books_create(db, id, "2000-04-01", e)) < 0 || (rc = accounts_seed(db, id, e)) < 0 || (rc = inventory_seed(db, id, e)) < 0)
		return rc;
	jsonw_init(&w, &after);
	jsonw_obj(&w);
	jsonw_kstr(&w, "name", name);
	jsonw_kstr(&w, "gstin", gstin && *gstin ? gstin : NULL);
	jsonw_kstr(&w, "state_code", *state ? state : NULL);
	jsonw_obj_end(&w);
	if (jsonw_ok(&w) < 0) {
		buf_free(&after);
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	}
	rc = audit_append(db, id, actor, "company", id, "create", NULL, buf_str(&after), e);
	buf_free(&after);
	if (rc < 0)
		return rc;
	*ret_id = id;
	return 0;
}

int company_get(struct db *db, int64_t id, struct company *ret, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, name, coalesce(gstin, ''), coalesce(state_code, '') FROM companies WHERE id = ?", e);
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, id);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		ret->id = db_col_i64(st, 0);
		text_copy(ret->name, sizeof ret->name, db_col_text(st, 1));
		text_copy(ret->gstin, sizeof ret->gstin, db_col_text(st, 2));
		text_copy(ret->state_code, sizeof ret->state_code, db_col_text(st, 3));
	}
	db_done(st);
	if (rc < 0)
		return rc;
	return rc == DB_ROW ? 0 : err_set(e, ERR_NOT_FOUND, NULL, "no company %lld", (long long)id);
}

int company_first(struct db *db, int64_t *ret_id, struct err *e)
{
	static const char sql_first[] = "SELECT coalesce(min(id), 0) FROM companies";
	int rc = db_i64(db, sql_first, DB_NOARGS, ret_id, e);
	return rc < 0 ? rc : 0;
}

int company_list_json(struct db *db, int64_t user_id, struct buf *out, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT c.id, c.name, m.role, c.state_code, c.gstin FROM memberships m "
					    "JOIN companies c ON c.id = m.company_id WHERE m.user_id = ? ORDER BY c.id", e);
	struct jsonw w;
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, user_id);
	jsonw_init(&w, out);
	jsonw_arr(&w);
	while ((rc = db_step(st, e)) == DB_ROW) {
		jsonw_obj(&w);
		jsonw_ki64(&w, "id", db_col_i64(st, 0));
		jsonw_kstr(&w, "name", db_col_text(st, 1));
		jsonw_kstr(&w, "role", db_col_text(st, 2));
		jsonw_kstr(&w, "state_code", db_col_null(st, 3) ? NULL : db_col_text(st, 3));
		jsonw_kstr(&w, "gstin", db_col_null(st, 4) ? NULL : db_col_text(st, 4));
		jsonw_obj_end(&w);
	}
	db_done(st);
	jsonw_arr_end(&w);
	if (rc < 0)
		return rc;
	return jsonw_ok(&w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
}
