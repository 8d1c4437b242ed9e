/* inventory_http.c - JSON <-> struct translation for items, units, godowns, stock journals,
 * physical verification, inventory settings and the stock reports. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/inventory.h"
#include "lib/money.h"
#include "inventory/inventory_http.h"
#include "server/server.h"
#include "lib/banned.h"

static int reply(struct call *c, int rc, int status)
{
	if (rc < 0)
		return rc;
	call_json_status(c, status);
	return 0;
}

static int wrap_items(struct call *c, int (*fn)(struct db *, int64_t, struct buf *, struct err *))
{
	return reply(c, fn(c->db, c->cid, &c->resp->body, &c->err), 200);
}

static int h_unit_list(struct call *c) { return wrap_items(c, inventory_units_json); }
static int h_godown_list(struct call *c) { return wrap_items(c, inventory_godowns_json); }
static int h_item_group_list(struct call *c) { return wrap_items(c, inventory_item_groups_json); }
static int h_inventory_settings_get(struct call *c) { return wrap_items(c, inventory_settings_json); }
static int h_report_reorder(struct call *c) { return wrap_items(c, inventory_reorder); }
static int h_report_batches(struct call *c) { return wrap_items(c, inventory_batches); }

static int h_item_list(struct call *c)
{
	int64_t limit = 50;
	const char *q = http_query(c->req, "q"), *arch = http_query(c->req, "archived");
	int rc, archived;
	if ((rc = call_query_int(c, "limit", 1, 500, &limit)) < 0)
		return rc;
	if (q && strlen(q) > 200)
		return err_set(&c->err, ERR_INVALID, "q", "search text is too long");
	/* As for parties: active items unless asked for the archived ones ("true") or both ("all"). */
	archived = !arch || !*arch || !strcmp(arch, "false") || !strcmp(arch, "0") ? 0
		 : !strcmp(arch, "true") || !strcmp(arch, "1") ? 1 : !strcmp(arch, "all") ? 2 : -1;
	if (archived < 0)
		return err_set(&c->err, ERR_INVALID, "archived", "archived must be true, false or all");
	return reply(c, inventory_items_json(c->db, c->cid, q, archived, (int)limit, &c->resp->body, &c->err), 200);
}

/* An item answer's version as its ETag too, for If-Match on the next PATCH. */
static void etag_of_body(struct call *c)
{
	json_t *j = json_loadb(c->resp->body.data, c->resp->body.len, 0, NULL);
	char etag[32];
	if (!j)
		return;
	snprintf(etag, sizeof etag, "\"%lld\"", (long long)json_integer_value(json_object_get(j, "version")));
	http_resp_header(c->resp, "ETag", etag);
	json_decref(j);
}

static int h_item_get(struct call *c)
{
	int rc = reply(c, inventory_item_json(c->db, c->cid, c->id, &c->resp->body, &c->err), 200);
	if (rc >= 0)
		etag_of_body(c);
	return rc;
}

static int h_stock_journal_list(struct call *c)
{
	int64_t limit = 50, before = 0;
	int rc;
	if ((rc = call_query_int(c, "limit", 1, 500, &limit)) < 0 || (rc = call_query_int(c, "before", 1, INT64_MAX, &before)) < 0)
		return rc;
	return reply(c, inventory_stock_journals_json(c->db, c->cid, http_query(c->req, "kind"), before, (int)limit, &c->resp->body, &c->err),
		     200);
}

static int h_stock_journal_get(struct call *c)
{
	return reply(c, inventory_stock_journal_json(c->db, c->cid, c->id, &c->resp->body, &c->err), 200);
}

static int dec(struct call *c, json_t *o, const char *key, const char *field, int scale, int64_t *ret)
{
	json_t *v = json_object_get(o, key);
	*ret = 0;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_integer(v)) {
		*ret = json_integer_value(v);
		for (int i = 0; i < scale; i++)
			if (__builtin_mul_overflow(*ret, 10, ret))
				return err_set(&c->err, ERR_INVALID, field, "%s is too large", field);
		return 0;
	}
	if (!json_is_string(v) || decimal_parse(json_string_value(v), scale, ret) < 0)
		return err_set(&c->err, ERR_INVALID, field, "%s must be a number with at most %d decimals, as a string", field, scale);
	return 0;
}

static int id_of(struct call *c, json_t *o, const char *key, const char *field, int64_t *ret)
{
	json_t *v = json_object_get(o, key);
	*ret = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 1)
		return err_set(&c->err, ERR_INVALID, field, "%s must be a positive id", field);
	*ret = json_integer_value(v);
	return 0;
}

static int str_of(struct call *c, json_t *o, const char *key, const char *field, char *out, size_t cap)
{
	json_t *v = json_object_get(o, key);
	out[0] = '\0';
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v) || json_string_length(v) >= cap)
		return err_set(&c->err, ERR_INVALID, field, "%s must be a string of at most %zu bytes", field, cap - 1);
	memcpy(out, json_string_value(v), json_string_length(v) + 1);
	return 0;
}

struct id_job {
	int64_t id;
	void *in;
	const char *a, *b;
	int64_t n1;
};

static int created(struct call *c, int64_t id, struct err *e)
{
	if (buf_addf(&c->resp->body, "{\"id\":%lld}", (long long)id) < 0)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	call_json_status(c, 201);
	return 0;
}

static int item_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct id_job *j = arg;
	int rc = item_create(db, c->cid, c->auth.user.id, j->in, &j->id, e);
	if (rc < 0)
		return rc;
	buf_reset(&c->resp->body);
	if ((rc = inventory_item_json(db, c->cid, j->id, &c->resp->body, e)) < 0)
		return rc;
	call_json_status(c, 201);
	return 0;
}

static int h_item_create(struct call *c)
{
	static const char *const keys[] = {"sku", "name", "name_hi", "hsn", "unit_id", "group_id", "gst_rate", "reorder_level",
					   "reorder_qty", "tracks_batches", "opening", "opening_date", NULL};
	struct item_input in;
	struct id_job j;
	json_t *arr, *x;
	size_t i;
	char f[48];
	int present, rc;

	memset(&in, 0, sizeof in);
	memset(&j, 0, sizeof j);
	if ((rc = call_body(c, keys)) < 0 || (rc = call_str(c, "sku", &in.sku, &present)) < 0 ||
	    (rc = call_str(c, "name", &in.name, &present)) < 0 || (rc = call_str(c, "name_hi", &in.name_hi, &present)) < 0 ||
	    (rc = call_str(c, "hsn", &in.hsn, &present)) < 0 || (rc = call_str(c, "opening_date", &in.opening_date, &present)) < 0 ||
	    (rc = call_int(c, "unit_id", 1, INT64_MAX, &in.unit_id, &present)) < 0 ||
	    (rc = call_int(c, "group_id", 1, INT64_MAX, &in.group_id, &present)) < 0 ||
	    (rc = dec(c, c->json, "gst_rate", "gst_rate", 2, &in.gst_rate)) < 0 ||
	    (rc = dec(c, c->json, "reorder_level", "reorder_level", 3, &in.reorder_level)) < 0 ||
	    (rc = dec(c, c->json, "reorder_qty", "reorder_qty", 3, &in.reorder_qty)) < 0 ||
	    (rc = call_bool(c, "tracks_batches", &in.tracks_batches, &present)) < 0)
		return rc;
	if (!in.unit_id)
		return err_set(&c->err, ERR_INVALID, "unit_id", "unit_id is required");
	arr = json_object_get(c->json, "opening");
	if (arr && !json_is_null(arr)) {
		if (!json_is_array(arr) || json_array_size(arr) > 16)
			return err_set(&c->err, ERR_INVALID, "opening", "opening must be a list of at most 16 godowns");
		json_array_foreach(arr, i, x) {
			snprintf(f, sizeof f, "opening[%zu]", i);
			if (!json_is_object(x))
				return err_set(&c->err, ERR_INVALID, f, "%s must be an object", f);
			snprintf(f, sizeof f, "opening[%zu].godown_id", i);
			if ((rc = id_of(c, x, "godown_id", f, &in.opening[i].godown_id)) < 0)
				return rc;
			snprintf(f, sizeof f, "opening[%zu].qty", i);
			if ((rc = dec(c, x, "qty", f, 3, &in.opening[i].qty)) < 0)
				return rc;
			snprintf(f, sizeof f, "opening[%zu].rate", i);
			if ((rc = dec(c, x, "rate", f, 2, &in.opening[i].rate)) < 0)
				return rc;
			snprintf(f, sizeof f, "opening[%zu].batch", i);
			if ((rc = str_of(c, x, "batch", f, in.opening[i].batch, sizeof in.opening[i].batch)) < 0)
				return rc;
			snprintf(f, sizeof f, "opening[%zu].expiry", i);
			if ((rc = str_of(c, x, "expiry", f, in.opening[i].expiry, sizeof in.opening[i].expiry)) < 0)
				return rc;
			in.nopening++;
		}
	}
	j.in = &in;
	return call_write(c, item_action, &j);
}

static int godown_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct id_job *j = arg;
	int rc = godown_create(db, c->cid, c->auth.user.id, j->a, j->b, &j->id, e);
	return rc < 0 ? rc : created(c, j->id, e);
}

static int h_godown_create(struct call *c)
{
	static const char *const keys[] = {"name", "address", NULL};
	struct id_job j;
	int present, rc;
	memset(&j, 0, sizeof j);
	if ((rc = call_body(c, keys)) < 0 || (rc = call_str(c, "name", &j.a, &present)) < 0 || (rc = call_str(c, "address", &j.b, &present)) < 0)
		return rc;
	return call_write(c, godown_action, &j);
}

static int group_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct id_job *j = arg;
	int rc = item_group_create(db, c->cid, c->auth.user.id, j->a, j->n1, &j->id, e);
	return rc < 0 ? rc : created(c, j->id, e);
}

static int h_item_group_create(struct call *c)
{
	static const char *const keys[] = {"name", "parent_id", NULL};
	struct id_job j;
	int present, rc;
	memset(&j, 0, sizeof j);
	if ((rc = call_body(c, keys)) < 0 || (rc = call_str(c, "name", &j.a, &present)) < 0 ||
	    (rc = call_int(c, "parent_id", 1, INT64_MAX, &j.n1, &present)) < 0)
		return rc;
	return call_write(c, group_action, &j);
}

static int unit_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct id_job *j = arg;
	int rc = unit_create(db, c->cid, c->auth.user.id, j->in, &j->id, e);
	return rc < 0 ? rc : created(c, j->id, e);
}

static int h_unit_create(struct call *c)
{
	static const char *const keys[] = {"symbol", "name", "decimals", "base_unit_id", "factor", NULL};
	struct unit_input in;
	struct id_job j;
	int present, rc;
	memset(&in, 0, sizeof in);
	memset(&j, 0, sizeof j);
	if ((rc = call_body(c, keys)) < 0 || (rc = call_str(c, "symbol", &in.symbol, &present)) < 0 ||
	    (rc = call_str(c, "name", &in.name, &present)) < 0 || (rc = call_int(c, "decimals", 0, 3, &in.decimals, &present)) < 0 ||
	    (rc = call_int(c, "base_unit_id", 1, INT64_MAX, &in.base_unit_id, &present)) < 0 ||
	    (rc = dec(c, c->json, "factor", "factor", 3, &in.factor)) < 0)
		return rc;
	j.in = &in;
	return call_write(c, unit_action, &j);
}

static int settings_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct id_job *j = arg;
	int rc = inventory_settings_set(db, c->cid, c->auth.user.id, j->a, j->b, e);
	if (rc < 0 || (rc = inventory_settings_json(db, c->cid, &c->resp->body, e)) < 0)
		return rc;
	call_json_status(c, 200);
	return 0;
}

static int h_inventory_settings_put(struct call *c)
{
	static const char *const keys[] = {"valuation", "negative_stock", NULL};
	struct id_job j;
	int present, rc;
	memset(&j, 0, sizeof j);
	if ((rc = call_body(c, keys)) < 0 || (rc = call_str(c, "valuation", &j.a, &present)) < 0 ||
	    (rc = call_str(c, "negative_stock", &j.b, &present)) < 0)
		return rc;
	return call_write(c, settings_action, &j);
}

struct journal_job {
	char kind[16], date[11], narration[512];
	int64_t godown_id;
	int n;
	struct stock_line lines[200];
	int verify;
	int64_t id;
};

static int journal_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct journal_job *j = arg;
	int rc = j->verify ? stock_verify(db, c->cid, c->auth.user.id, j->date, j->godown_id, j->lines, j->n, &j->id, e)
			   : stock_journal_post(db, c->cid, c->auth.user.id, j->kind, j->date, j->narration, j->lines, j->n, &j->id, e);
	return rc < 0 ? rc : created(c, j->id, e);
}

static int read_journal(struct call *c, struct journal_job *j, const char *list)
{
	json_t *arr, *x;
	size_t i;
	char f[48];
	int rc;

	if ((rc = str_of(c, c->json, "date", "date", j->date, sizeof j->date)) < 0 ||
	    (rc = str_of(c, c->json, "kind", "kind", j->kind, sizeof j->kind)) < 0 ||
	    (rc = str_of(c, c->json, "narration", "narration", j->narration, sizeof j->narration)) < 0 ||
	    (rc = id_of(c, c->json, "godown_id", "godown_id", &j->godown_id)) < 0)
		return rc;
	arr = json_object_get(c->json, list);
	if (!arr || !json_is_array(arr) || json_array_size(arr) > 200)
		return err_set(&c->err, ERR_INVALID, list, "%s must be a list of at most 200 lines", list);
	json_array_foreach(arr, i, x) {
		struct stock_line *l = &j->lines[i];
		snprintf(f, sizeof f, "%s[%zu]", list, i);
		if (!json_is_object(x))
			return err_set(&c->err, ERR_INVALID, f, "%s must be an object", f);
#define F(name) (snprintf(f, sizeof f, "%s[%zu]." name, list, i), f)
		if ((rc = id_of(c, x, "item_id", F("item_id"), &l->item_id)) < 0 ||
		    (rc = id_of(c, x, "godown_id", F("godown_id"), &l->godown_id)) < 0 ||
		    (rc = id_of(c, x, "to_godown_id", F("to_godown_id"), &l->to_godown_id)) < 0 ||
		    (rc = dec(c, x, "qty", F("qty"), 3, &l->qty)) < 0 || (rc = dec(c, x, "rate", F("rate"), 2, &l->rate)) < 0 ||
		    (rc = str_of(c, x, "batch", F("batch"), l->batch, sizeof l->batch)) < 0 ||
		    (rc = str_of(c, x, "expiry", F("expiry"), l->expiry, sizeof l->expiry)) < 0)
			return rc;
#undef F
		if (!l->item_id)
			return err_set(&c->err, ERR_INVALID, f, "item_id is required");
		if (!j->verify && !l->godown_id && !(l->godown_id = j->godown_id))
			return err_set(&c->err, ERR_INVALID, f, "godown_id is required");
		j->n++;
	}
	return 0;
}

static int h_stock_journal_create(struct call *c)
{
	static const char *const keys[] = {"kind", "date", "narration", "godown_id", "lines", NULL};
	struct journal_job *j = calloc(1, sizeof *j);
	int rc;
	if (!j)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	if ((rc = call_body(c, keys)) >= 0 && (rc = read_journal(c, j, "lines")) >= 0)
		rc = call_write(c, journal_action, j);
	free(j);
	return rc;
}

static int h_stock_verification_create(struct call *c)
{
	static const char *const keys[] = {"date", "godown_id", "counts", NULL};
	struct journal_job *j = calloc(1, sizeof *j);
	int rc;
	if (!j)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	j->verify = 1;
	if ((rc = call_body(c, keys)) >= 0 && (rc = read_journal(c, j, "counts")) >= 0) {
		if (!j->godown_id)
			rc = err_set(&c->err, ERR_INVALID, "godown_id", "godown_id is required");
		else
			rc = call_write(c, journal_action, j);
	}
	free(j);
	return rc;
}

static int h_report_stock_summary(struct call *c)
{
	int64_t godown = 0, after = 0, limit = 500;
	int rc;
	if ((rc = call_query_int(c, "godown_id", 1, INT64_MAX, &godown)) < 0 ||
	    (rc = call_query_int(c, "after", 1, INT64_MAX, &after)) < 0 || (rc = call_query_int(c, "limit", 1, 5000, &limit)) < 0)
		return rc;
	return reply(c, inventory_stock_summary(c->db, c->cid, http_query(c->req, "date"), godown, http_query(c->req, "by"),
						after, (int)limit, &c->resp->body, &c->err), 200);
}

static int h_report_stock_movement(struct call *c)
{
	int64_t item = 0;
	int rc = call_query_int(c, "item_id", 1, INT64_MAX, &item);
	if (rc < 0)
		return rc;
	if (!item)
		return err_set(&c->err, ERR_INVALID, "item_id", "item_id is required");
	return reply(c, inventory_stock_movement(c->db, c->cid, item, http_query(c->req, "from"), http_query(c->req, "to"),
						 &c->resp->body, &c->err), 200);
}

static int h_report_stock_ageing(struct call *c)
{
	return reply(c, inventory_stock_ageing(c->db, c->cid, http_query(c->req, "date"), &c->resp->body, &c->err), 200);
}

struct item_update_job {
	struct item_input in;
	unsigned set;
	int64_t version;
};

static int item_update_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct item_update_job *j = arg;
	int rc = item_update(db, c->cid, c->auth.user.id, c->id, j->version, &j->in, j->set, e);
	if (rc == ERR_STALE) {
		/* the item as it stands, for the client to show what changed */
		struct err ce = ERR_INIT;
		buf_reset(&c->err_extra);
		if (buf_adds(&c->err_extra, "\"current\":") < 0 || inventory_item_json(db, c->cid, c->id, &c->err_extra, &ce) < 0)
			buf_reset(&c->err_extra);
	}
	if (rc < 0)
		return rc;
	buf_reset(&c->resp->body);
	if ((rc = inventory_item_json(db, c->cid, c->id, &c->resp->body, e)) < 0)
		return rc;
	etag_of_body(c);
	call_json_status(c, 200);
	return 0;
}

static int h_item_update(struct call *c)
{
	static const char *const keys[] = {"name", "name_hi", "hsn", "gst_rate", "reorder_level", "reorder_qty", "group_id",
					   "archived", "id", "sku", "unit_id", "unit", "unit_decimals", "in_stock", "stock_value",
					   "version", "tracks_batches", NULL};
	struct item_update_job j;
	int present, rc;

	memset(&j, 0, sizeof j);
	if ((rc = call_if_match(c, &j.version)) < 0 || (rc = call_body(c, keys)) < 0)
		return rc;
	if ((rc = call_str(c, "name", &j.in.name, &present)) < 0)
		return rc;
	j.set |= present ? ITEM_SET_NAME : 0;
	if ((rc = call_str(c, "name_hi", &j.in.name_hi, &present)) < 0)
		return rc;
	j.set |= present ? ITEM_SET_NAME_HI : 0;
	if ((rc = call_str(c, "hsn", &j.in.hsn, &present)) < 0)
		return rc;
	j.set |= present ? ITEM_SET_HSN : 0;
	if (json_object_get(c->json, "gst_rate")) {
		if ((rc = dec(c, c->json, "gst_rate", "gst_rate", 2, &j.in.gst_rate)) < 0)
			return rc;
		j.set |= ITEM_SET_GST;
	}
	if (json_object_get(c->json, "reorder_level")) {
		if ((rc = dec(c, c->json, "reorder_level", "reorder_level", 3, &j.in.reorder_level)) < 0)
			return rc;
		j.set |= ITEM_SET_REORDER;
	}
	if (json_object_get(c->json, "reorder_qty")) {
		if ((rc = dec(c, c->json, "reorder_qty", "reorder_qty", 3, &j.in.reorder_qty)) < 0)
			return rc;
		j.set |= ITEM_SET_REORDER_QTY;
	}
	if (json_object_get(c->json, "group_id")) {
		if ((rc = id_of(c, c->json, "group_id", "group_id", &j.in.group_id)) < 0)
			return rc;
		j.set |= ITEM_SET_GROUP;
	}
	if ((rc = call_bool(c, "archived", &j.in.archived, &present)) < 0)
		return rc;
	j.set |= present ? ITEM_SET_ARCHIVED : 0;
	return call_write(c, item_update_action, &j);
}

static const struct route routes[] = {
	{"GET", "/api/v1/companies/{cid}/units", h_unit_list, ACCESS_COMPANY, PERM_COMPANY_READ},
	{"POST", "/api/v1/companies/{cid}/units", h_unit_create, ACCESS_COMPANY, PERM_STOCK_WRITE},
	{"GET", "/api/v1/companies/{cid}/godowns", h_godown_list, ACCESS_COMPANY, PERM_COMPANY_READ},
	{"POST", "/api/v1/companies/{cid}/godowns", h_godown_create, ACCESS_COMPANY, PERM_STOCK_WRITE},
	{"GET", "/api/v1/companies/{cid}/item-groups", h_item_group_list, ACCESS_COMPANY, PERM_COMPANY_READ},
	{"POST", "/api/v1/companies/{cid}/item-groups", h_item_group_create, ACCESS_COMPANY, PERM_STOCK_WRITE},
	{"GET", "/api/v1/companies/{cid}/items", h_item_list, ACCESS_COMPANY, PERM_COMPANY_READ},
	{"POST", "/api/v1/companies/{cid}/items", h_item_create, ACCESS_COMPANY, PERM_STOCK_WRITE},
	{"GET", "/api/v1/companies/{cid}/items/{id}", h_item_get, ACCESS_COMPANY, PERM_COMPANY_READ},
	{"PATCH", "/api/v1/companies/{cid}/items/{id}", h_item_update, ACCESS_COMPANY, PERM_STOCK_WRITE},
	{"GET", "/api/v1/companies/{cid}/inventory-settings", h_inventory_settings_get, ACCESS_COMPANY, PERM_COMPANY_READ},
	{"PUT", "/api/v1/companies/{cid}/inventory-settings", h_inventory_settings_put, ACCESS_COMPANY, PERM_PERIOD_LOCK},
	{"GET", "/api/v1/companies/{cid}/stock-journals", h_stock_journal_list, ACCESS_COMPANY, PERM_COMPANY_READ},
	{"POST", "/api/v1/companies/{cid}/stock-journals", h_stock_journal_create, ACCESS_COMPANY, PERM_STOCK_WRITE},
	{"GET", "/api/v1/companies/{cid}/stock-journals/{id}", h_stock_journal_get, ACCESS_COMPANY, PERM_COMPANY_READ},
	{"POST", "/api/v1/companies/{cid}/stock-verifications", h_stock_verification_create, ACCESS_COMPANY, PERM_STOCK_WRITE},
	{"GET", "/api/v1/companies/{cid}/reports/stock-summary", h_report_stock_summary, ACCESS_COMPANY, PERM_COMPANY_READ},
	{"GET", "/api/v1/companies/{cid}/reports/stock-movement", h_report_stock_movement, ACCESS_COMPANY, PERM_COMPANY_READ},
	{"GET", "/api/v1/companies/{cid}/reports/stock-ageing", h_report_stock_ageing, ACCESS_COMPANY, PERM_COMPANY_READ},
	{"GET", "/api/v1/companies/{cid}/reports/reorder", h_report_reorder, ACCESS_COMPANY, PERM_COMPANY_READ},
	{"GET", "/api/v1/companies/{cid}/reports/batches", h_report_batches, ACCESS_COMPANY, PERM_COMPANY_READ},
};

ROUTE_TABLE(inventory_routes, "inventory", routes);
