/* accounts_http.c - JSON <-> struct translation for groups, ledgers, vouchers and period locks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "accounts/accounts.h"
#include "lib/money.h"
#include "accounts/accounts_http.h"
#include "server/server.h"
#include "lib/text.h"
#include "lib/banned.h"

static int reply_buf(struct call *c, const char *prefix, struct buf *b, const char *suffix, int status)
{
	int bad = buf_adds(&c->resp->body, prefix) < 0 || buf_add(&c->resp->body, buf_str(b), b->len) < 0 ||
		  buf_adds(&c->resp->body, suffix) < 0;
	buf_free(b);
	if (bad)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	call_json_status(c, status);
	return 0;
}

static int h_group_list(struct call *c)
{
	struct buf b = BUF_INIT;
	int rc = accounts_groups_json(c->db, c->cid, &b, &c->err);
	if (rc < 0) {
		buf_free(&b);
		return rc;
	}
	return reply_buf(c, "{\"items\":", &b, "}", 200);
}

static int h_ledger_list(struct call *c)
{
	struct buf b = BUF_INIT;
	const char *q = http_query(c->req, "q");
	int rc;
	if (q && strlen(q) > 200)
		return err_set(&c->err, ERR_INVALID, "q", "search text is too long");
	rc = accounts_ledgers_json(c->db, c->cid, q, &b, &c->err);
	if (rc < 0) {
		buf_free(&b);
		return rc;
	}
	return reply_buf(c, "{\"items\":", &b, "}", 200);
}

static int render_ledger(struct call *c, const struct ledger *l, int status)
{
	struct jsonw w;
	buf_reset(&c->resp->body);
	jsonw_init(&w, &c->resp->body);
	ledger_json(&w, l);
	if (jsonw_ok(&w) < 0)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	call_json_status(c, status);
	return 0;
}

static int h_ledger_get(struct call *c)
{
	struct ledger *l = malloc(sizeof *l);
	int rc;
	if (!l)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	rc = ledger_get(c->db, c->cid, c->id, l, &c->err);
	if (rc >= 0)
		rc = render_ledger(c, l, 200);
	free(l);
	return rc;
}

struct ledger_job {
	struct ledger_input in;
	struct ledger out;
	const char *group_name;
	int64_t parent_id;
	int64_t group_id;
};

static int ledger_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct ledger_job *j = arg;
	int rc = ledger_create(db, c->cid, c->auth.user.id, &j->in, &j->out, e);
	return rc < 0 ? rc : render_ledger(c, &j->out, 201);
}

static int h_ledger_create(struct call *c)
{
	static const char *const keys[] = {"name", "group_id", "kind", "opening_balance", "gstin", "state_code", NULL};
	struct ledger_job *j = calloc(1, sizeof *j);
	int present, rc;
	if (!j)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	if ((rc = call_body(c, keys)) < 0 || (rc = call_str(c, "name", &j->in.name, &present)) < 0 ||
	    (rc = call_int(c, "group_id", 1, INT64_MAX, &j->in.group_id, &present)) < 0 ||
	    (rc = call_str(c, "kind", &j->in.kind, &present)) < 0 ||
	    (rc = call_money(c, "opening_balance", &j->in.opening_balance, &present)) < 0 ||
	    (rc = call_str(c, "gstin", &j->in.gstin, &present)) < 0 || (rc = call_str(c, "state_code", &j->in.state_code, &present)) < 0)
		goto out;
	rc = call_write(c, ledger_action, j);
out:
	free(j);
	return rc;
}

static int group_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct ledger_job *j = arg;
	int rc = group_create(db, c->cid, c->auth.user.id, j->group_name, j->parent_id, &j->group_id, e);
	if (rc < 0)
		return rc;
	if (buf_addf(&c->resp->body, "{\"id\":%lld,\"parent_id\":%lld}", (long long)j->group_id, (long long)j->parent_id) < 0)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	call_json_status(c, 201);
	return 0;
}

static int h_group_create(struct call *c)
{
	static const char *const keys[] = {"name", "parent_id", NULL};
	struct ledger_job *j = calloc(1, sizeof *j);
	int present, rc;
	if (!j)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	if ((rc = call_body(c, keys)) >= 0 && (rc = call_str(c, "name", &j->group_name, &present)) >= 0 &&
	    (rc = call_int(c, "parent_id", 1, INT64_MAX, &j->parent_id, &present)) >= 0)
		rc = call_write(c, group_action, j);
	free(j);
	return rc;
}

/* ---- vouchers ---- */

static int copy_str(struct call *c, json_t *obj, const char *key, const char *field, char *out, size_t cap)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v)) {
		out[0] = '\0';
		return 0;
	}
	if (!json_is_string(v))
		return err_set(&c->err, ERR_INVALID, field, "%s must be a string", field);
	if (json_string_length(v) >= cap)
		return err_set(&c->err, ERR_INVALID, field, "%s is too long", field);
	memcpy(out, json_string_value(v), json_string_length(v) + 1);
	return 0;
}

/* A decimal string member at `scale` decimals (money: 2, quantity: 3, GST rate: 2). */
static int get_decimal(struct call *c, json_t *obj, const char *key, const char *field, int scale, int64_t *ret)
{
	json_t *v = json_object_get(obj, key);
	*ret = 0;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_integer(v) && scale != 2) {
		*ret = json_integer_value(v);
		for (int i = 0; i < scale; i++)
			if (__builtin_mul_overflow(*ret, 10, ret))
				return err_set(&c->err, ERR_INVALID, field, "%s is too large", field);
		return 0;
	}
	if (!json_is_string(v))
		return err_set(&c->err, ERR_INVALID, field, "%s must be a decimal string such as \"10.50\"", field);
	if (decimal_parse(json_string_value(v), scale, ret) < 0)
		return err_set(&c->err, ERR_INVALID, field, "%s must be a number with at most %d decimals", field, scale);
	return 0;
}

static int get_id(struct call *c, json_t *obj, const char *key, const char *field, int64_t *ret)
{
	json_t *v = json_object_get(obj, key);
	*ret = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 1)
		return err_set(&c->err, ERR_INVALID, field, "%s must be a positive id", field);
	*ret = json_integer_value(v);
	return 0;
}

static int unknown_keys(struct call *c, json_t *obj, const char *const *allowed, const char *prefix)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		int ok = 0;
		(void)v;
		for (const char *const *a = allowed; *a; a++)
			ok |= strcmp(*a, key) == 0;
		if (!ok)
			return err_set(&c->err, ERR_INVALID, prefix, "%s: unknown field %.40s", prefix, key);
	}
	return 0;
}

/* Reads a voucher from the parsed body. */
static int read_voucher(struct call *c, struct voucher *v)
{
	static const char *const line_keys[] = {"ledger_id", "debit", "credit", "bill_ref", "bill_type", "due_date", "ledger", NULL};
	static const char *const item_keys[] = {"description", "hsn", "item_id", "godown_id", "qty", "unit", "rate", "discount",
						"gst_rate", "ledger_id", "batch", "expiry", "taxable", "cgst", "sgst", "igst", NULL};
	json_t *o = c->json, *arr, *x;
	const char *type;
	size_t i;
	char f[64];
	int present, rc;

	if ((rc = call_str(c, "type", &type, &present)) < 0)
		return rc;
	if (!type || voucher_type_parse(type, &v->type) < 0)
		return err_set(&c->err, ERR_INVALID, "type", "type must be journal, sales, purchase, receipt, payment, contra, credit_note or debit_note");
	if ((rc = copy_str(c, o, "date", "date", v->date, sizeof v->date)) < 0 ||
	    (rc = copy_str(c, o, "narration", "narration", v->narration, sizeof v->narration)) < 0 ||
	    (rc = copy_str(c, o, "reference", "reference", v->reference, sizeof v->reference)) < 0 ||
	    (rc = copy_str(c, o, "place_of_supply", "place_of_supply", v->place_of_supply, sizeof v->place_of_supply)) < 0 ||
	    (rc = get_id(c, o, "party_id", "party_id", &v->party_id)) < 0)
		return rc;
	if (!v->date[0])
		return err_set(&c->err, ERR_INVALID, "date", "date is required");
	arr = json_object_get(o, "lines");
	if (arr && !json_is_null(arr)) {
		if (!json_is_array(arr))
			return err_set(&c->err, ERR_INVALID, "lines", "lines must be an array");
		json_array_foreach(arr, i, x) {
			struct voucher_line *l;
			int64_t dr, cr;
			snprintf(f, sizeof f, "lines[%zu]", i);
			if (!json_is_object(x))
				return err_set(&c->err, ERR_INVALID, f, "%s must be an object", f);
			if ((rc = unknown_keys(c, x, line_keys, f)) < 0)
				return rc;
			if (!(l = voucher_add_line(v)))
				return err_set(&c->err, ERR_INVALID, "lines", "at most %d lines", VOUCHER_MAX_LINES);
			snprintf(f, sizeof f, "lines[%zu].ledger_id", i);
			if ((rc = get_id(c, x, "ledger_id", f, &l->ledger_id)) < 0)
				return rc;
			if (!l->ledger_id)
				return err_set(&c->err, ERR_INVALID, f, "%s is required", f);
			snprintf(f, sizeof f, "lines[%zu].debit", i);
			if ((rc = get_decimal(c, x, "debit", f, 2, &dr)) < 0)
				return rc;
			snprintf(f, sizeof f, "lines[%zu].credit", i);
			if ((rc = get_decimal(c, x, "credit", f, 2, &cr)) < 0)
				return rc;
			if (dr < 0 || cr < 0 || (dr && cr) || (!dr && !cr))
				return err_set(&c->err, ERR_INVALID, f, "each line needs either a debit or a credit, more than zero");
			l->amount = dr ? dr : -cr;
			snprintf(f, sizeof f, "lines[%zu].bill_ref", i);
			if ((rc = copy_str(c, x, "bill_ref", f, l->bill_ref, sizeof l->bill_ref)) < 0)
				return rc;
			snprintf(f, sizeof f, "lines[%zu].bill_type", i);
			if ((rc = copy_str(c, x, "bill_type", f, l->bill_type, sizeof l->bill_type)) < 0)
				return rc;
		}
	}
	arr = json_object_get(o, "items");
	if (arr && !json_is_null(arr)) {
		if (!json_is_array(arr))
			return err_set(&c->err, ERR_INVALID, "items", "items must be an array");
		json_array_foreach(arr, i, x) {
			struct voucher_item *it;
			snprintf(f, sizeof f, "items[%zu]", i);
			if (!json_is_object(x))
				return err_set(&c->err, ERR_INVALID, f, "%s must be an object", f);
			if ((rc = unknown_keys(c, x, item_keys, f)) < 0)
				return rc;
			if (!(it = voucher_add_item(v)))
				return err_set(&c->err, ERR_INVALID, "items", "at most %d items", VOUCHER_MAX_LINES);
#define FIELD(name) (snprintf(f, sizeof f, "items[%zu]." name, i), f)
			if ((rc = copy_str(c, x, "description", FIELD("description"), it->description, sizeof it->description)) < 0 ||
			    (rc = copy_str(c, x, "hsn", FIELD("hsn"), it->hsn, sizeof it->hsn)) < 0 ||
			    (rc = copy_str(c, x, "unit", FIELD("unit"), it->unit, sizeof it->unit)) < 0 ||
			    (rc = copy_str(c, x, "batch", FIELD("batch"), it->batch, sizeof it->batch)) < 0 ||
			    (rc = copy_str(c, x, "expiry", FIELD("expiry"), it->expiry, sizeof it->expiry)) < 0 ||
			    (rc = get_id(c, x, "item_id", FIELD("item_id"), &it->item_id)) < 0 ||
			    (rc = get_id(c, x, "godown_id", FIELD("godown_id"), &it->godown_id)) < 0 ||
			    (rc = get_id(c, x, "ledger_id", FIELD("ledger_id"), &it->ledger_id)) < 0 ||
			    (rc = get_decimal(c, x, "qty", FIELD("qty"), 3, &it->qty)) < 0 ||
			    (rc = get_decimal(c, x, "rate", FIELD("rate"), 2, &it->rate)) < 0 ||
			    (rc = get_decimal(c, x, "discount", FIELD("discount"), 2, &it->discount)) < 0 ||
			    (rc = get_decimal(c, x, "gst_rate", FIELD("gst_rate"), 2, &it->gst_rate)) < 0)
				return rc;
#undef FIELD
			if (text_utf8_invalid_at(it->description, strlen(it->description)) >= 0 || text_has_controls(it->description)) {
				snprintf(f, sizeof f, "items[%zu].description", i);
				return err_set(&c->err, ERR_INVALID, f, "description must be plain text");
			}
		}
	}
	return 0;
}

static const char *const voucher_keys[] = {"type", "date", "party_id", "narration", "reference", "place_of_supply",
					   "lines", "items", "id", "number", "version", "status", "party_name",
					   "party_gstin", "taxable", "cgst", "sgst", "igst", "round_off", "total",
					   "created_at", "updated_at", NULL};

static int render_voucher(struct call *c, const struct voucher *v, int status)
{
	struct jsonw w;
	char etag[32];
	buf_reset(&c->resp->body);
	jsonw_init(&w, &c->resp->body);
	voucher_json(&w, v);
	if (jsonw_ok(&w) < 0)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	snprintf(etag, sizeof etag, "\"%lld\"", (long long)v->version);
	http_resp_header(c->resp, "ETag", etag);
	call_json_status(c, status);
	return 0;
}

struct voucher_job {
	enum { VJ_POST, VJ_ALTER, VJ_CANCEL } kind;
	struct voucher *v;
	int64_t version;
};

static int voucher_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct voucher_job *j = arg;
	struct voucher *out = NULL;
	int rc;

	switch (j->kind) {
	case VJ_POST:
		rc = voucher_post(db, c->cid, c->auth.user.id, j->v, e);
		break;
	case VJ_ALTER:
		rc = voucher_alter(db, c->cid, c->auth.user.id, c->id, j->version, j->v, e);
		break;
	default:
		rc = voucher_cancel(db, c->cid, c->auth.user.id, c->id, j->version, &out, e);
		break;
	}
	if (rc < 0)
		return rc;
	/* Re-read so the answer carries ledger names exactly as stored. */
	if (!out && (rc = voucher_get(db, c->cid, j->kind == VJ_POST ? j->v->id : c->id, &out, e)) < 0)
		return rc;
	rc = render_voucher(c, out, j->kind == VJ_POST ? 201 : 200);
	voucher_free(out);
	return rc;
}

/* Adds what a client needs to act on an error: the difference of an unbalanced voucher, or the
 * voucher as it is now after a stale write. */
static void voucher_explain(struct call *c)
{
	if (c->err.code == ERR_UNPROCESSABLE && c->err.aux && strcmp(c->err.field, "lines") == 0) {
		char d[MONEY_STR_MAX];
		money_format(c->err.aux > 0 ? c->err.aux : -c->err.aux, d, sizeof d);
		if (buf_addf(&c->err_extra, "\"difference\":\"%s\",\"side\":\"%s\"", d, c->err.aux > 0 ? "debit" : "credit") < 0)
			buf_reset(&c->err_extra);
	} else if (c->err.code == ERR_STALE && c->id) {
		struct voucher *cur = NULL;
		struct err ge = ERR_INIT;
		struct jsonw w;
		if (voucher_get(c->db, c->cid, c->id, &cur, &ge) == 0) {
			jsonw_init(&w, &c->err_extra);
			jsonw_key(&w, "current");
			voucher_json(&w, cur);
			if (jsonw_ok(&w) < 0)
				buf_reset(&c->err_extra);
		}
		voucher_free(cur);
	}
}

static int voucher_job_run(struct call *c, int kind)
{
	struct voucher_job j;
	int rc;
	memset(&j, 0, sizeof j);
	j.kind = kind;
	if (kind != VJ_POST && (rc = call_if_match(c, &j.version)) < 0)
		return rc;
	if (kind != VJ_CANCEL) {
		if (!(j.v = voucher_new()))
			return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
		if ((rc = call_body(c, voucher_keys)) < 0 || (rc = read_voucher(c, j.v)) < 0) {
			voucher_free(j.v);
			return rc;
		}
	}
	rc = call_write(c, voucher_action, &j);
	if (rc < 0)
		voucher_explain(c);
	voucher_free(j.v);
	return rc;
}

static int h_voucher_create(struct call *c) { return voucher_job_run(c, VJ_POST); }
static int h_voucher_alter(struct call *c) { return voucher_job_run(c, VJ_ALTER); }
static int h_voucher_cancel(struct call *c) { return voucher_job_run(c, VJ_CANCEL); }

static int h_voucher_preview(struct call *c)
{
	struct voucher *v = voucher_new();
	int rc;
	if (!v)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	if ((rc = call_body(c, voucher_keys)) >= 0 && (rc = read_voucher(c, v)) >= 0 &&
	    (rc = voucher_prepare(c->db, c->cid, v, &c->err)) >= 0)
		rc = render_voucher(c, v, 200);
	if (rc < 0)
		voucher_explain(c);
	voucher_free(v);
	return rc;
}

static int h_voucher_get(struct call *c)
{
	struct voucher *v = NULL;
	int rc = voucher_get(c->db, c->cid, c->id, &v, &c->err);
	if (rc < 0)
		return rc;
	rc = render_voucher(c, v, 200);
	voucher_free(v);
	return rc;
}

static int h_voucher_versions(struct call *c)
{
	struct buf b = BUF_INIT;
	int rc = voucher_versions_json(c->db, c->cid, c->id, &b, &c->err);
	if (rc < 0) {
		buf_free(&b);
		return rc;
	}
	return reply_buf(c, "{\"items\":", &b, "}", 200);
}

static int query_date(struct call *c, const char *name, const char **ret)
{
	const char *s = http_query(c->req, name);
	*ret = NULL;
	if (!s || !*s)
		return 0;
	if (!date_iso_ok(s))
		return err_set(&c->err, ERR_INVALID, name, "%s must be a date YYYY-MM-DD", name);
	*ret = s;
	return 0;
}

static int h_voucher_list(struct call *c)
{
	const char *type = http_query(c->req, "type"), *from, *to;
	enum voucher_type t;
	int64_t limit = 50, before = 0, party = 0;
	int rc;

	if (type && *type && voucher_type_parse(type, &t) < 0)
		return err_set(&c->err, ERR_INVALID, "type", "unknown voucher type");
	if ((rc = query_date(c, "from", &from)) < 0 || (rc = query_date(c, "to", &to)) < 0 ||
	    (rc = call_query_int(c, "limit", 1, 500, &limit)) < 0 || (rc = call_query_int(c, "after", 1, INT64_MAX, &before)) < 0 ||
	    (rc = call_query_int(c, "party_id", 1, INT64_MAX, &party)) < 0)
		return rc;
	rc = voucher_list_json(c->db, c->cid, type && *type ? type : NULL, from, to, party, before, (int)limit, &c->resp->body, &c->err);
	if (rc < 0)
		return rc;
	call_json_status(c, 200);
	return 0;
}

static const struct route routes[] = {
	{"GET", "/api/v1/companies/{cid}/groups", h_group_list, ACCESS_COMPANY, PERM_VOUCHER_READ},
	{"POST", "/api/v1/companies/{cid}/groups", h_group_create, ACCESS_COMPANY, PERM_LEDGER_WRITE},
	{"GET", "/api/v1/companies/{cid}/ledgers", h_ledger_list, ACCESS_COMPANY, PERM_VOUCHER_READ},
	{"POST", "/api/v1/companies/{cid}/ledgers", h_ledger_create, ACCESS_COMPANY, PERM_LEDGER_WRITE},
	{"GET", "/api/v1/companies/{cid}/ledgers/{id}", h_ledger_get, ACCESS_COMPANY, PERM_VOUCHER_READ},
	{"GET", "/api/v1/companies/{cid}/vouchers", h_voucher_list, ACCESS_COMPANY, PERM_VOUCHER_READ},
	{"POST", "/api/v1/companies/{cid}/vouchers", h_voucher_create, ACCESS_COMPANY, PERM_VOUCHER_POST},
	{"POST", "/api/v1/companies/{cid}/vouchers/preview", h_voucher_preview, ACCESS_COMPANY, PERM_VOUCHER_READ},
	{"GET", "/api/v1/companies/{cid}/vouchers/{id}", h_voucher_get, ACCESS_COMPANY, PERM_VOUCHER_READ},
	{"PATCH", "/api/v1/companies/{cid}/vouchers/{id}", h_voucher_alter, ACCESS_COMPANY, PERM_VOUCHER_ALTER},
	{"DELETE", "/api/v1/companies/{cid}/vouchers/{id}", h_voucher_cancel, ACCESS_COMPANY, PERM_VOUCHER_ALTER},
	{"GET", "/api/v1/companies/{cid}/vouchers/{id}/versions", h_voucher_versions, ACCESS_COMPANY, PERM_VOUCHER_READ},
};

ROUTE_TABLE(accounts_routes, "accounts", routes);
