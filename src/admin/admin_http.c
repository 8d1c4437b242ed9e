/* admin_http.c - companies from the API: making one (an admin of any company, or a user the CLI
 * marked, may; they become its admin) and a company's settings, read and kept. Bodies are read
 * against the declared forms below; answers are company_settings_json's. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/admin_http.h"
#include "admin/company.h"
#include "auth/auth.h"
#include "lib/jsonw.h"
#include "server/server.h"
#include "lib/banned.h"

/* The settings of company cid as the answer (status). */
/* The company's settings as the answer; a PUT that changed nothing says "unchanged": true. */
static int render(struct db *db, struct call *c, int64_t cid, int status, int unchanged, struct err *e)
{
	struct company_settings s;
	struct jsonw w;
	int rc = company_settings_get(db, cid, &s, e);
	if (rc < 0)
		return rc;
	call_json(c, &w);
	jsonw_obj(&w);
	company_settings_json_members(&w, &s);
	if (unchanged)
		jsonw_kbool(&w, "unchanged", 1);
	jsonw_obj_end(&w);
	if (jsonw_ok(&w) < 0)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	call_json_status(c, status);
	return 0;
}

/* ERR_FORBIDDEN unless the caller may make companies (docs/api.md, "Companies"). */
static int may_create(struct db *db, struct call *c, struct err *e)
{
	int rc = auth_user_may_create_company(db, c->auth.user.id, e);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		err_set(e, ERR_FORBIDDEN, NULL, "only an admin of a company, or a user allowed by daftar user company-creator, may make a company");
		return err_reason(e, "company_create_forbidden");
	}
	return 0;
}

/* ---- POST /companies ---- */

struct create_in {
	const char *name, *gstin, *state_code, *timezone, *valuation, *negative_stock;
	char fy_start[DATE_ISO_SIZE], books_from[DATE_ISO_SIZE];
};

#define CREATE_STR(k, m) {.key = k, .type = INPUT_STR, .off = offsetof(struct create_in, m)}
#define CREATE_DATE(k, m) {.key = k, .type = INPUT_DATE, .off = offsetof(struct create_in, m), .size = DATE_ISO_SIZE}
static const struct input_field create_fields[] = {
	{.key = "name", .type = INPUT_STR, .flags = INPUT_REQUIRED, .off = offsetof(struct create_in, name)},
	CREATE_STR("gstin", gstin),
	CREATE_STR("state_code", state_code),
	CREATE_DATE("fy_start", fy_start),
	CREATE_DATE("books_from", books_from),
	CREATE_STR("timezone", timezone),
	CREATE_STR("valuation", valuation),
	CREATE_STR("negative_stock", negative_stock),
};
static const struct input_form create_form = INPUT_FORM(create_fields, NULL);

static int create_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	const struct create_in *in = arg;
	struct company_spec s = {in->name, in->gstin, in->state_code, in->fy_start, in->books_from, in->timezone,
				 in->valuation, in->negative_stock};
	int64_t cid = 0, uid = c->auth.user.id;
	int rc;

	if ((rc = may_create(db, c, e)) < 0 || (rc = company_open(db, &s, uid, &cid, e)) < 0)
		return rc;
	/* Whoever makes a company is its first admin. */
	if ((rc = auth_member_set(db, uid, cid, ROLE_ADMIN, uid, e)) < 0)
		return rc;
	return render(db, c, cid, 201, 0, e);
}

static int h_company_create(struct call *c)
{
	struct create_in in;
	int rc;
	/* Asked before the body is read, so that who may not is told so whatever they send. */
	if ((rc = may_create(c->db, c, &c->err)) < 0)
		return rc;
	memset(&in, 0, sizeof in);
	if ((rc = call_read(c, &create_form, &in, NULL)) < 0)
		return rc;
	return call_write(c, create_action, &in);
}

/* ---- GET and PUT /companies/{cid}/settings ---- */

static int h_settings_get(struct call *c) { return render(c->db, c, c->cid, 200, 0, &c->err); }

struct day_in {
	const char *day, *opens, *closes;
};

static const struct input_field day_fields[] = {
	{.key = "day", .type = INPUT_STR, .flags = INPUT_REQUIRED, .off = offsetof(struct day_in, day)},
	{.key = "opens", .type = INPUT_STR, .flags = INPUT_REQUIRED, .off = offsetof(struct day_in, opens)},
	{.key = "closes", .type = INPUT_STR, .flags = INPUT_REQUIRED, .off = offsetof(struct day_in, closes)},
};
static const struct input_form day_form = INPUT_FORM(day_fields, NULL);

struct settings_in {
	const char *name, *gstin, *state_code, *timezone, *valuation, *negative_stock;
	struct day_in *days;
	int ndays;
};

enum { SP_NAME, SP_GSTIN, SP_STATE, SP_TZ, SP_VALUATION, SP_NEGATIVE, SP_HOURS };
#define SETTINGS_STR(k, m) {.key = k, .type = INPUT_STR, .off = offsetof(struct settings_in, m)}
static const struct input_field settings_fields[] = {
	[SP_NAME] = {.key = "name", .type = INPUT_STR, .flags = INPUT_NOT_NULL, .off = offsetof(struct settings_in, name)},
	[SP_GSTIN] = SETTINGS_STR("gstin", gstin),
	[SP_STATE] = SETTINGS_STR("state_code", state_code),
	[SP_TZ] = {.key = "timezone", .type = INPUT_STR, .flags = INPUT_NOT_NULL, .off = offsetof(struct settings_in, timezone)},
	[SP_VALUATION] = {.key = "valuation", .type = INPUT_STR, .flags = INPUT_NOT_NULL, .off = offsetof(struct settings_in, valuation)},
	[SP_NEGATIVE] = {.key = "negative_stock", .type = INPUT_STR, .flags = INPUT_NOT_NULL, .off = offsetof(struct settings_in, negative_stock)},
	[SP_HOURS] = {.key = "business_hours", .type = INPUT_ARRAY, .off = offsetof(struct settings_in, days), .size = sizeof(struct day_in),
		      .max = COMPANY_WEEKDAYS, .sub = &day_form, .count_off = offsetof(struct settings_in, ndays)},
	/* what the answer carries and a client may send back */
	{.key = "id", .type = INPUT_IGNORE},
	{.key = "pan", .type = INPUT_IGNORE},
	{.key = "books_from", .type = INPUT_IGNORE},
	{.key = "fy_start", .type = INPUT_IGNORE},
	{.key = "lock_date", .type = INPUT_IGNORE},
	{.key = "version", .type = INPUT_IGNORE},
};
static const struct input_form settings_form = INPUT_FORM(settings_fields, NULL);

struct settings_job {
	int64_t version;
	struct company_change ch;
	struct company_hours hours;
};

static int settings_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct settings_job *j = arg;
	struct company_settings now;
	int rc = company_settings_set(db, c->cid, j->version, &j->ch, c->auth.user.id, &now, e);
	if (rc == ERR_STALE && company_settings_get(db, c->cid, &now, &(struct err)ERR_INIT) == 0) {
		/* The settings as they now stand, for the client to show what changed. */
		struct jsonw w;
		jsonw_init(&w, &c->err_extra);
		jsonw_key(&w, "current");
		company_settings_json(&w, &now);
		if (jsonw_ok(&w) < 0)
			buf_reset(&c->err_extra);
	}
	if (rc < 0)
		return rc;
	return render(db, c, c->cid, 200, rc == ERR_UNCHANGED, e);
}

/* The week the body gives, each day checked where it stands in the array. */
static int read_hours(struct call *c, const struct settings_in *in, struct company_hours *ret)
{
	char path[48];
	int rc;
	memset(ret, 0, sizeof *ret);
	for (int i = 0; i < in->ndays; i++) {
		snprintf(path, sizeof path, "business_hours[%d]", i);
		if ((rc = company_hours_add(ret, in->days[i].day, in->days[i].opens, in->days[i].closes, path, &c->err)) < 0)
			return rc;
	}
	return 0;
}

/* PUT with If-Match: the members given change, the others stay (a GSTIN of null or "" removes it). */
static int h_settings_put(struct call *c)
{
	struct settings_job j;
	struct settings_in in;
	uint64_t given = 0;
	int rc;

	memset(&j, 0, sizeof j);
	memset(&in, 0, sizeof in);
	if ((rc = call_if_match(c, &j.version)) < 0)
		return rc;
	if ((rc = call_read(c, &settings_form, &in, &given)) < 0)
		goto out;
	j.ch.name = in.name;
	j.ch.gstin = (given & (1u << SP_GSTIN)) ? (in.gstin ? in.gstin : "") : NULL;
	j.ch.state_code = in.state_code;
	j.ch.timezone = in.timezone;
	j.ch.valuation = in.valuation;
	j.ch.negative_stock = in.negative_stock;
	if (given & (1u << SP_HOURS)) {
		if ((rc = read_hours(c, &in, &j.hours)) < 0)
			goto out;
		j.ch.hours = &j.hours;
	}
	rc = call_write(c, settings_action, &j);
out:
	free(in.days);
	return rc;
}

static const struct route routes[] = {
	{"POST", "/api/v1/companies", h_company_create, ACCESS_USER, 0},
	{"GET", "/api/v1/companies/{cid}/settings", h_settings_get, ACCESS_COMPANY, PERM_COMPANY_READ},
	{"PUT", "/api/v1/companies/{cid}/settings", h_settings_put, ACCESS_COMPANY, PERM_PERIOD_LOCK},
};

ROUTE_TABLE(admin_routes, "admin", routes);
