/* books_http.c - the books of a company: first day, period lock and time zone, read and set. */
#include <stddef.h>
#include <string.h>

#include "books/books.h"
#include "books/books_http.h"
#include "server/server.h"
#include "lib/banned.h"

/* The books as the answer; a PUT that changed nothing says "unchanged": true. */
static int render(struct call *c, struct db *db, int status, int unchanged, struct err *e)
{
	struct books b;
	struct jsonw w;
	int rc = books_get(db, c->cid, &b, e);
	if (rc < 0)
		return rc;
	call_json(c, &w);
	jsonw_obj(&w);
	books_json_members(&w, &b);
	if (unchanged)
		jsonw_kbool(&w, "unchanged", 1);
	jsonw_obj_end(&w);
	return call_json_done(c, &w, status);
}

static int h_books_get(struct call *c) { return render(c, c->db, 200, 0, &c->err); }

struct books_put {
	const char *lock_date;   /* NULL when null: unlocks */
	const char *timezone;
};

enum { BP_LOCK, BP_TZ };
static const struct input_field put_fields[] = {
	[BP_LOCK] = {.key = "lock_date", .type = INPUT_STR, .off = offsetof(struct books_put, lock_date), .max = 10},
	[BP_TZ] = {.key = "timezone", .type = INPUT_STR, .flags = INPUT_NOT_NULL, .off = offsetof(struct books_put, timezone),
		   .max = CLOCK_TZ_SIZE - 1},
	/* read-only members a client may send back */
	{.key = "books_from", .type = INPUT_IGNORE},
	{.key = "version", .type = INPUT_IGNORE},
};
static const struct input_form put_form = INPUT_FORM(put_fields, NULL);

struct put_job {
	struct books_put in;
	uint64_t given;
};

static int put_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct put_job *j = arg;
	int rc, changed = 0;
	if (j->given & (1u << BP_LOCK)) {
		if ((rc = books_lock(db, c->cid, c->auth.user.id, j->in.lock_date ? j->in.lock_date : "", e)) < 0)
			return rc;
		changed |= rc != ERR_UNCHANGED;
	}
	if (j->in.timezone) {
		if ((rc = books_set_timezone(db, c->cid, c->auth.user.id, j->in.timezone, e)) < 0)
			return rc;
		changed |= rc != ERR_UNCHANGED;
	}
	return render(c, db, 200, !changed, e);
}

/* PUT {"lock_date": "2026-09-30" | null, "timezone": "Asia/Kolkata"}: at least one of them. */
static int h_books_put(struct call *c)
{
	struct put_job j;
	int rc;
	memset(&j, 0, sizeof j);
	if ((rc = call_read(c, &put_form, &j.in, &j.given)) < 0)
		return rc;
	if (!(j.given & (1u << BP_LOCK)) && !j.in.timezone)
		return err_setr(&c->err, ERR_INVALID, "lock_date", "lock_or_timezone", "lock_date is required (null unlocks), or timezone");
	return call_write(c, put_action, &j);
}

static const struct route routes[] = {
	{"GET", "/api/v1/companies/{cid}/books", h_books_get, ACCESS_COMPANY, PERM_VOUCHER_READ},
	{"PUT", "/api/v1/companies/{cid}/books", h_books_put, ACCESS_COMPANY, PERM_PERIOD_LOCK},
};

ROUTE_TABLE(books_routes, "books", routes);
