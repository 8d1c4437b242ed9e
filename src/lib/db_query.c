/* db_query.c - the usual shapes of a statement in one call: prepare and bind from an argument
 * array, then run it through, take its one row, test for a row, read one value, or walk rows. */
#include <string.h>

#include "lib/db.h"
#include "lib/text.h"
#include "lib/banned.h"

struct db_stmt *db_query(struct db *db, const char *sql, const struct db_arg *args, size_t nargs, struct err *e)
{
	struct db_stmt *st = db_prepare(db, sql, e);
	if (!st)
		return NULL;
	for (size_t i = 0; i < nargs; i++) {
		const struct db_arg *a = &args[i];
		int idx = (int)i + 1;
		switch (a->type) {
		case DB_ARG_I64:
			db_bind_i64(st, idx, a->i);
			break;
		case DB_ARG_I64_OPT:
			if (a->i)
				db_bind_i64(st, idx, a->i);
			else
				db_bind_null(st, idx);
			break;
		case DB_ARG_TEXT:
			db_bind_text(st, idx, a->p);
			break;
		case DB_ARG_TEXT_OPT:
			db_bind_text(st, idx, a->p && *(const char *)a->p ? a->p : NULL);
			break;
		case DB_ARG_BLOB:
			db_bind_blob(st, idx, a->p, a->n);
			break;
		default:
			db_bind_null(st, idx);
			break;
		}
	}
	return st;
}

int db_run(struct db *db, const char *sql, const struct db_arg *args, size_t nargs, struct err *e)
{
	struct db_stmt *st = db_query(db, sql, args, nargs, e);
	int64_t changes;
	int rc;
	if (!st)
		return e->code;
	while ((rc = db_step(st, e)) == DB_ROW)
		;
	changes = db_changes(st);
	db_done(st);
	if (rc < 0)
		return rc;
	return changes > INT32_MAX ? INT32_MAX : (int)changes;
}

int db_one(struct db *db, const char *sql, const struct db_arg *args, size_t nargs, struct db_stmt **ret_st, struct err *e)
{
	struct db_stmt *st = db_query(db, sql, args, nargs, e);
	int rc;
	*ret_st = NULL;
	if (!st)
		return e->code;
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		*ret_st = st;
		return DB_ROW;
	}
	db_done(st);
	return rc;
}

int db_exists(struct db *db, const char *sql, const struct db_arg *args, size_t nargs, struct err *e)
{
	struct db_stmt *st;
	int rc = db_one(db, sql, args, nargs, &st, e);
	db_done(st);
	return rc < 0 ? rc : rc == DB_ROW;
}

int db_i64(struct db *db, const char *sql, const struct db_arg *args, size_t nargs, int64_t *ret, struct err *e)
{
	struct db_stmt *st;
	int rc = db_one(db, sql, args, nargs, &st, e);
	/* Both engines make an INSERT/UPDATE ... RETURNING's changes at its first step. */
	if (rc == DB_ROW)
		*ret = db_col_i64(st, 0);
	db_done(st);
	return rc;
}

int db_text(struct db *db, const char *sql, const struct db_arg *args, size_t nargs, char *out, size_t cap, struct err *e)
{
	struct db_stmt *st;
	int rc = db_one(db, sql, args, nargs, &st, e);
	if (rc == DB_ROW)
		text_copy(out, cap, db_col_text(st, 0));
	db_done(st);
	return rc;
}

int db_insert_id(struct db *db, const char *sql, const struct db_arg *args, size_t nargs, int64_t *ret_id, struct err *e)
{
	int rc = db_i64(db, sql, args, nargs, ret_id, e);
	if (rc == DB_DONE)
		return err_set(e, ERR_INTERNAL, NULL, "insert returned no id");
	return rc < 0 ? rc : 0;
}

int db_each(struct db *db, const char *sql, const struct db_arg *args, size_t nargs, db_row_fn row, void *ctx, struct err *e)
{
	struct db_stmt *st = db_query(db, sql, args, nargs, e);
	int rc;
	if (!st)
		return e->code;
	while ((rc = db_step(st, e)) == DB_ROW) {
		rc = row(ctx, st, e);
		if (rc != 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}
