/* inventory_http.c - JSON <-> struct translation for items, units, godowns, item groups, stock
 * journals, physical verification and the inventory settings. Bodies are read against the forms
 * below; lists page with ?limit=&after=; answers are the entities' snapshots (inventory.h). The
 * stock reports are served by the report endpoints (reports_http.c). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/inventory.h"
#include "inventory/inventory_http.h"
#include "lib/jsonw.h"
#include "lib/money.h"
#include "server/server.h"
#include "lib/banned.h"

static int oom(struct call *c) { return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory"); }

/* ---- answers ---- */

/* The body as one snapshot, written by fn from x. */
static int reply_snap(struct call *c, void (*fn)(struct jsonw *, const void *), const void *x, int status)
{
	struct jsonw w;
	call_json(c, &w);
	fn(&w, x);
	return call_json_done(c, &w, status);
}

static void unit_snap(struct jsonw *w, const void *x) { unit_json(w, x); }
static void godown_snap(struct jsonw *w, const void *x) { godown_json(w, x); }
static void group_snap(struct jsonw *w, const void *x) { item_group_json(w, x); }
static void settings_snap(struct jsonw *w, const void *x) { inventory_settings_json(w, x); }
static void verification_snap(struct jsonw *w, const void *x) { stock_verification_json(w, x); }

/* A list's rows as a JSON array, for call_reply_page. */
struct list_out {
	struct buf b;
	struct jsonw w;
};

static void list_begin(struct list_out *l)
{
	memset(l, 0, sizeof *l);
	jsonw_init(&l->w, &l->b);
	jsonw_arr(&l->w);
}

/* Takes rc and next after the list call has run (never as arguments of one call with it: their
 * order would be unspecified). */
static int list_end(struct call *c, struct list_out *l, int rc, int64_t next)
{
	if (rc >= 0) {
		jsonw_arr_end(&l->w);
		rc = jsonw_ok(&l->w) < 0 ? oom(c) : call_reply_page(c, &l->b, next);
	}
	buf_free(&l->b);
	return rc;
}

static int unit_row(void *p, const struct unit *u) { unit_json(p, u); return jsonw_ok(p); }
static int godown_row(void *p, const struct godown *g) { godown_json(p, g); return jsonw_ok(p); }
static int group_row(void *p, const struct item_group *g) { item_group_json(p, g); return jsonw_ok(p); }
static int item_row(void *p, const struct item *it) { item_json(p, it); return jsonw_ok(p); }

static int journal_row(void *p, const struct stock_journal *j)
{
	jsonw_obj(p);
	stock_journal_json_members(p, j);
	jsonw_obj_end(p);
	return jsonw_ok(p);
}

/* An item's stock per godown, then its batches, written as they come. */
struct stock_out {
	struct jsonw *w;
	int batches;         /* 1 once "stock" is closed and "batches" open */
};

static void stock_to_batches(struct stock_out *o)
{
	if (o->batches)
		return;
	jsonw_arr_end(o->w);
	jsonw_key(o->w, "batches");
	jsonw_arr(o->w);
	o->batches = 1;
}

static int item_godown_row(void *p, const struct item_godown_stock *s)
{
	struct jsonw *w = ((struct stock_out *)p)->w;
	char q[32];
	jsonw_obj(w);
	jsonw_ki64(w, "godown_id", s->godown_id);
	jsonw_kstr(w, "godown", s->godown);
	decimal_format(s->qty, 3, q, sizeof q);
	jsonw_kstr(w, "qty", q);
	jsonw_kmoney(w, "value", s->value);
	jsonw_obj_end(w);
	return jsonw_ok(w);
}

static int item_batch_row(void *p, const struct item_batch *b)
{
	struct jsonw *w = ((struct stock_out *)p)->w;
	char q[32];
	stock_to_batches(p);
	jsonw_obj(w);
	jsonw_ki64(w, "godown_id", b->godown_id);
	jsonw_kstr(w, "batch", b->batch);
	jsonw_kstr(w, "expiry", *b->expiry ? b->expiry : NULL);
	decimal_format(b->qty, 3, q, sizeof q);
	jsonw_kstr(w, "qty", q);
	jsonw_obj_end(w);
	return jsonw_ok(w);
}

/* An item as the API answers it: its snapshot, its stock per godown and its batches. */
static int item_write(struct db *db, int64_t cid, int64_t id, struct jsonw *w, int64_t *ret_version, int unchanged,
		      struct err *e)
{
	struct item *it = malloc(sizeof *it);
	struct stock_out o = {w, 0};
	int rc;
	if (!it)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	if ((rc = item_get(db, cid, id, it, e)) < 0)
		goto out;
	if (ret_version)
		*ret_version = it->version;
	jsonw_obj(w);
	item_json_members(w, it);
	jsonw_key(w, "stock");
	jsonw_arr(w);
	if ((rc = item_stock_each(db, cid, id, item_godown_row, item_batch_row, &o, e)) < 0)
		goto out;
	stock_to_batches(&o);
	jsonw_arr_end(w);
	if (unchanged) /* an alteration that changed nothing */
		jsonw_kbool(w, "unchanged", 1);
	jsonw_obj_end(w);
	rc = jsonw_ok(w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
out:
	free(it);
	return rc;
}

/* The item as the body, with its version as the ETag (for If-Match on the next PATCH). */
static int item_reply(struct db *db, struct call *c, int64_t id, int status, int unchanged, struct err *e)
{
	struct jsonw w;
	char etag[32];
	int64_t version = 0;
	int rc;
	call_json(c, &w);
	if ((rc = item_write(db, c->cid, id, &w, &version, unchanged, e)) < 0)
		return rc;
	snprintf(etag, sizeof etag, "\"%lld\"", (long long)version);
	http_resp_header(c->resp, "ETag", etag);
	call_json_status(c, status);
	return 0;
}

/* ---- lists ---- */

static int h_unit_list(struct call *c)
{
	struct list_out l;
	struct page pg;
	int64_t next = 0;
	int rc = call_page(c, &pg);
	if (rc < 0)
		return rc;
	list_begin(&l);
	rc = unit_list(c->db, c->cid, &pg, unit_row, &l.w, &next, &c->err);
	return list_end(c, &l, rc, next); /* next is set by the call above */
}

static int h_godown_list(struct call *c)
{
	struct list_out l;
	struct page pg;
	int64_t next = 0;
	int rc = call_page(c, &pg);
	if (rc < 0)
		return rc;
	list_begin(&l);
	rc = godown_list(c->db, c->cid, &pg, godown_row, &l.w, &next, &c->err);
	return list_end(c, &l, rc, next); /* next is set by the call above */
}

static int h_item_group_list(struct call *c)
{
	struct list_out l;
	struct page pg;
	int64_t next = 0;
	int rc = call_page(c, &pg);
	if (rc < 0)
		return rc;
	list_begin(&l);
	rc = item_group_list(c->db, c->cid, &pg, group_row, &l.w, &next, &c->err);
	return list_end(c, &l, rc, next); /* next is set by the call above */
}

static int h_item_list(struct call *c)
{
	const char *arch = http_query(c->req, "archived");
	struct item_query q;
	struct list_out l;
	int64_t next = 0;
	int rc;

	memset(&q, 0, sizeof q);
	if ((rc = call_page(c, &q.page)) < 0)
		return rc;
	q.q = http_query(c->req, "q");
	if (q.q && strlen(q.q) > 200)
		return err_setr(&c->err, ERR_INVALID, "q", "too_long_brief", "search text is too long");
	/* As for parties: active items unless asked for the archived ones ("true") or both ("all"). */
	q.archived = !arch || !*arch || !strcmp(arch, "false") || !strcmp(arch, "0") ? 0
		   : !strcmp(arch, "true") || !strcmp(arch, "1") ? 1 : !strcmp(arch, "all") ? 2 : -1;
	if (q.archived < 0)
		return err_setr(&c->err, ERR_INVALID, "archived", "archived_choice", "archived must be true, false or all");
	list_begin(&l);
	rc = item_list(c->db, c->cid, &q, item_row, &l.w, &next, &c->err);
	return list_end(c, &l, rc, next); /* next is set by the call above */
}

static int h_stock_journal_list(struct call *c)
{
	struct list_out l;
	struct page pg;
	int64_t next = 0;
	int rc = call_page(c, &pg);
	if (rc < 0)
		return rc;
	list_begin(&l);
	rc = stock_journal_list(c->db, c->cid, http_query(c->req, "kind"), &pg, journal_row, &l.w, &next, &c->err);
	return list_end(c, &l, rc, next); /* next is set by the call above */
}

/* ---- reads of one ---- */

static int h_item_get(struct call *c) { return item_reply(c->db, c, c->id, 200, 0, &c->err); }

static int h_inventory_settings_get(struct call *c)
{
	struct inventory_settings s;
	int rc = inventory_settings_get(c->db, c->cid, &s, &c->err);
	return rc < 0 ? rc : reply_snap(c, settings_snap, &s, 200);
}

static int journal_reply(struct db *db, struct call *c, int64_t id, int status, struct err *e)
{
	struct stock_journal *j = malloc(sizeof *j);
	struct jsonw w;
	int rc;
	if (!j)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	call_json(c, &w);
	if ((rc = stock_journal_get(db, c->cid, id, j, e)) >= 0 && (rc = stock_journal_json(db, c->cid, j, &w, e)) >= 0) {
		if (jsonw_ok(&w) < 0)
			rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		else
			call_json_status(c, status);
	}
	free(j);
	return rc;
}

static int h_stock_journal_get(struct call *c) { return journal_reply(c->db, c, c->id, 200, &c->err); }

/* ---- masters ---- */

struct unit_job {
	struct unit_input in;
	int64_t id;
};

static const struct input_field unit_fields[] = {
	{.key = "symbol", .type = INPUT_STR, .off = offsetof(struct unit_job, in.symbol)},
	{.key = "name", .type = INPUT_STR, .off = offsetof(struct unit_job, in.name)},
	{.key = "decimals", .type = INPUT_INT, .off = offsetof(struct unit_job, in.decimals), .min = 0, .max = 3},
	{.key = "base_unit_id", .type = INPUT_ID, .off = offsetof(struct unit_job, in.base_unit_id)},
	{.key = "factor", .type = INPUT_DECIMAL, .flags = INPUT_INT_OK | INPUT_QTY, .off = offsetof(struct unit_job, in.factor), .scale = 3},
};
static const struct input_form unit_form = INPUT_FORM(unit_fields, NULL);

static int unit_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct unit_job *j = arg;
	struct unit u;
	int rc;
	if ((rc = unit_create(db, c->cid, c->auth.user.id, &j->in, &j->id, e)) < 0 || (rc = unit_get(db, c->cid, j->id, &u, e)) < 0)
		return rc;
	return reply_snap(c, unit_snap, &u, 201);
}

static int h_unit_create(struct call *c)
{
	struct unit_job j;
	int rc;
	memset(&j, 0, sizeof j);
	if ((rc = call_read(c, &unit_form, &j, NULL)) < 0)
		return rc;
	return call_write(c, unit_action, &j);
}

struct godown_job {
	const char *name, *address;
	int64_t id;
	struct godown g;
};

static const struct input_field godown_fields[] = {
	{.key = "name", .type = INPUT_STR, .off = offsetof(struct godown_job, name)},
	{.key = "address", .type = INPUT_STR, .off = offsetof(struct godown_job, address)},
};
static const struct input_form godown_form = INPUT_FORM(godown_fields, NULL);

static int godown_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct godown_job *j = arg;
	int rc;
	if ((rc = godown_create(db, c->cid, c->auth.user.id, j->name, j->address, &j->id, e)) < 0 ||
	    (rc = godown_get(db, c->cid, j->id, &j->g, e)) < 0)
		return rc;
	return reply_snap(c, godown_snap, &j->g, 201);
}

static int h_godown_create(struct call *c)
{
	struct godown_job *j = calloc(1, sizeof *j);
	int rc;
	if (!j)
		return oom(c);
	if ((rc = call_read(c, &godown_form, j, NULL)) >= 0)
		rc = call_write(c, godown_action, j);
	free(j);
	return rc;
}

struct group_job {
	const char *name;
	int64_t parent_id, id;
};

static const struct input_field group_fields[] = {
	{.key = "name", .type = INPUT_STR, .off = offsetof(struct group_job, name)},
	{.key = "parent_id", .type = INPUT_ID, .off = offsetof(struct group_job, parent_id)},
};
static const struct input_form group_form = INPUT_FORM(group_fields, NULL);

static int group_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct group_job *j = arg;
	struct item_group g;
	int rc;
	if ((rc = item_group_create(db, c->cid, c->auth.user.id, j->name, j->parent_id, &j->id, e)) < 0 ||
	    (rc = item_group_get(db, c->cid, j->id, &g, e)) < 0)
		return rc;
	return reply_snap(c, group_snap, &g, 201);
}

static int h_item_group_create(struct call *c)
{
	struct group_job j;
	int rc;
	memset(&j, 0, sizeof j);
	if ((rc = call_read(c, &group_form, &j, NULL)) < 0)
		return rc;
	return call_write(c, group_action, &j);
}

struct settings_job {
	const char *valuation, *negative_stock;
};

static const struct input_field settings_fields[] = {
	{.key = "valuation", .type = INPUT_STR, .off = offsetof(struct settings_job, valuation)},
	{.key = "negative_stock", .type = INPUT_STR, .off = offsetof(struct settings_job, negative_stock)},
};
static const struct input_form settings_form = INPUT_FORM(settings_fields, NULL);

static int settings_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct settings_job *j = arg;
	struct inventory_settings s;
	struct jsonw w;
	int rc = inventory_settings_set(db, c->cid, c->auth.user.id, j->valuation, j->negative_stock, &s, e);
	if (rc < 0)
		return rc;
	if (rc != ERR_UNCHANGED)
		return reply_snap(c, settings_snap, &s, 200);
	call_json(c, &w);
	jsonw_obj(&w);
	inventory_settings_json_members(&w, &s);
	jsonw_kbool(&w, "unchanged", 1);
	jsonw_obj_end(&w);
	return call_json_done(c, &w, 200);
}

static int h_inventory_settings_put(struct call *c)
{
	struct settings_job j;
	int rc;
	memset(&j, 0, sizeof j);
	if ((rc = call_read(c, &settings_form, &j, NULL)) < 0)
		return rc;
	return call_write(c, settings_action, &j);
}

/* ---- items ---- */

struct item_job {
	struct item_input in;
	const struct opening_stock *opening;   /* read by the form (calloc'd), copied into in.opening */
	int nopening;
	unsigned set;                          /* PATCH: the members given, ITEM_SET_* */
	int64_t version, id;
};

static const struct input_field opening_fields[] = {
	{.key = "godown_id", .type = INPUT_ID, .off = offsetof(struct opening_stock, godown_id)},
	{.key = "qty", .type = INPUT_DECIMAL, .flags = INPUT_INT_OK | INPUT_QTY, .off = offsetof(struct opening_stock, qty), .scale = 3},
	{.key = "rate", .type = INPUT_DECIMAL, .flags = INPUT_INT_OK | INPUT_AMOUNT, .off = offsetof(struct opening_stock, rate), .scale = 2},
	{.key = "batch", .type = INPUT_TEXT, .off = offsetof(struct opening_stock, batch), .size = BATCH_SIZE},
	{.key = "expiry", .type = INPUT_TEXT, .off = offsetof(struct opening_stock, expiry), .size = EXPIRY_SIZE},
};
static const struct input_form opening_form = INPUT_FORM(opening_fields, NULL);

#define ITEM_STR(k, m) {.key = k, .type = INPUT_STR, .off = offsetof(struct item_job, in.m)}
#define ITEM_DEC(k, m, s, fl) {.key = k, .type = INPUT_DECIMAL, .flags = INPUT_INT_OK | (fl), .off = offsetof(struct item_job, in.m), .scale = s}

static const struct input_field item_create_fields[] = {
	ITEM_STR("sku", sku),
	ITEM_STR("name", name),
	ITEM_STR("name_hi", name_hi),
	ITEM_STR("hsn", hsn),
	{.key = "unit_id", .type = INPUT_ID, .flags = INPUT_REQUIRED, .off = offsetof(struct item_job, in.unit_id)},
	{.key = "group_id", .type = INPUT_ID, .off = offsetof(struct item_job, in.group_id)},
	ITEM_DEC("gst_rate", gst_rate, 2, 0),
	ITEM_DEC("reorder_level", reorder_level, 3, INPUT_QTY),
	ITEM_DEC("reorder_qty", reorder_qty, 3, INPUT_QTY),
	{.key = "tracks_batches", .type = INPUT_BOOL, .flags = INPUT_NOT_NULL, .off = offsetof(struct item_job, in.tracks_batches)},
	{.key = "opening", .type = INPUT_ARRAY, .off = offsetof(struct item_job, opening), .size = sizeof(struct opening_stock),
	 .max = ITEM_OPENING_MAX, .sub = &opening_form, .count_off = offsetof(struct item_job, nopening)},
	ITEM_STR("opening_date", opening_date),
};
static const struct input_form item_create_form = INPUT_FORM(item_create_fields, NULL);

/* The PATCH body: the first eight members in the order of their ITEM_SET_ bits (bit i is
 * 1 << i), then what a client may send back from the item's answer, ignored. */
static const struct input_field item_update_fields[] = {
	ITEM_STR("name", name),                                                    /* ITEM_SET_NAME */
	ITEM_STR("name_hi", name_hi),                                              /* ITEM_SET_NAME_HI */
	ITEM_STR("hsn", hsn),                                                      /* ITEM_SET_HSN */
	ITEM_DEC("gst_rate", gst_rate, 2, 0),                                      /* ITEM_SET_GST */
	ITEM_DEC("reorder_level", reorder_level, 3, INPUT_QTY),                    /* ITEM_SET_REORDER */
	{.key = "group_id", .type = INPUT_ID, .off = offsetof(struct item_job, in.group_id)}, /* ITEM_SET_GROUP */
	{.key = "archived", .type = INPUT_BOOL, .flags = INPUT_NOT_NULL, .off = offsetof(struct item_job, in.archived)}, /* ITEM_SET_ARCHIVED */
	ITEM_DEC("reorder_qty", reorder_qty, 3, INPUT_QTY),                        /* ITEM_SET_REORDER_QTY */
	{.key = "id", .type = INPUT_IGNORE},
	{.key = "sku", .type = INPUT_IGNORE},
	{.key = "unit_id", .type = INPUT_IGNORE},
	{.key = "unit", .type = INPUT_IGNORE},
	{.key = "unit_decimals", .type = INPUT_IGNORE},
	{.key = "in_stock", .type = INPUT_IGNORE},
	{.key = "stock_value", .type = INPUT_IGNORE},
	{.key = "version", .type = INPUT_IGNORE},
	{.key = "tracks_batches", .type = INPUT_IGNORE},
};
static const struct input_form item_update_form = INPUT_FORM(item_update_fields, NULL);

static int item_create_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct item_job *j = arg;
	int rc = item_create(db, c->cid, c->auth.user.id, &j->in, &j->id, e);
	return rc < 0 ? rc : item_reply(db, c, j->id, 201, 0, e);
}

static int h_item_create(struct call *c)
{
	struct item_job *j = calloc(1, sizeof *j);
	int rc;
	if (!j)
		return oom(c);
	if ((rc = call_read(c, &item_create_form, j, NULL)) >= 0) {
		/* the form allows no more than ITEM_OPENING_MAX; no opening lines: no array at all */
		if (j->nopening > 0)
			memcpy(j->in.opening, j->opening, (size_t)j->nopening * sizeof *j->opening);
		j->in.nopening = j->nopening;
		rc = call_write(c, item_create_action, j);
	}
	free((void *)j->opening);
	free(j);
	return rc;
}

static int item_update_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct item_job *j = arg;
	int rc = item_update(db, c->cid, c->auth.user.id, c->id, j->version, &j->in, j->set, e);
	if (rc == ERR_STALE) {
		/* the item as it stands, for the client to show what changed */
		struct err ce = ERR_INIT;
		struct jsonw w;
		buf_reset(&c->err_extra);
		jsonw_init(&w, &c->err_extra);
		jsonw_key(&w, "current");
		if (item_write(db, c->cid, c->id, &w, NULL, 0, &ce) < 0 || jsonw_ok(&w) < 0)
			buf_reset(&c->err_extra);
	}
	return rc < 0 ? rc : item_reply(db, c, c->id, 200, rc == ERR_UNCHANGED, e);
}

static int h_item_update(struct call *c)
{
	struct item_job *j = calloc(1, sizeof *j);
	uint64_t present = 0;
	int rc;
	if (!j)
		return oom(c);
	if ((rc = call_if_match(c, &j->version)) >= 0 && (rc = call_read(c, &item_update_form, j, &present)) >= 0) {
		j->set = (unsigned)(present & 0xff);
		rc = call_write(c, item_update_action, j);
	}
	free(j);
	return rc;
}

/* ---- stock journals and verification ---- */

struct journal_job {
	char kind[16], date[11], narration[512];
	int64_t godown_id;
	struct stock_line *lines;   /* read by the form (calloc'd) */
	int n;
	int64_t id;
	struct stock_verification v;
};

static const struct input_field line_fields[] = {
	{.key = "item_id", .type = INPUT_ID, .flags = INPUT_REQUIRED, .off = offsetof(struct stock_line, item_id)},
	{.key = "godown_id", .type = INPUT_ID, .off = offsetof(struct stock_line, godown_id)},
	{.key = "to_godown_id", .type = INPUT_ID, .off = offsetof(struct stock_line, to_godown_id)},
	{.key = "qty", .type = INPUT_DECIMAL, .flags = INPUT_INT_OK | INPUT_QTY, .off = offsetof(struct stock_line, qty), .scale = 3},
	{.key = "rate", .type = INPUT_DECIMAL, .flags = INPUT_INT_OK | INPUT_AMOUNT, .off = offsetof(struct stock_line, rate), .scale = 2},
	{.key = "batch", .type = INPUT_TEXT, .off = offsetof(struct stock_line, batch), .size = BATCH_SIZE},
	{.key = "expiry", .type = INPUT_TEXT, .off = offsetof(struct stock_line, expiry), .size = EXPIRY_SIZE},
};
static const struct input_form line_form = INPUT_FORM(line_fields, NULL);

#define JOURNAL_LINES(k) {.key = k, .type = INPUT_ARRAY, .off = offsetof(struct journal_job, lines), .size = sizeof(struct stock_line), \
			  .max = 200, .sub = &line_form, .count_off = offsetof(struct journal_job, n)}

static const struct input_field journal_fields[] = {
	{.key = "kind", .type = INPUT_TEXT, .off = offsetof(struct journal_job, kind), .size = sizeof(((struct journal_job *)0)->kind)},
	{.key = "date", .type = INPUT_DATE, .off = offsetof(struct journal_job, date), .size = sizeof(((struct journal_job *)0)->date)},
	{.key = "narration", .type = INPUT_TEXT, .off = offsetof(struct journal_job, narration),
	 .size = sizeof(((struct journal_job *)0)->narration)},
	{.key = "godown_id", .type = INPUT_ID, .off = offsetof(struct journal_job, godown_id)},
	JOURNAL_LINES("lines"),
};
static const struct input_form journal_form = INPUT_FORM(journal_fields, NULL);

static const struct input_field verification_fields[] = {
	{.key = "date", .type = INPUT_DATE, .off = offsetof(struct journal_job, date), .size = sizeof(((struct journal_job *)0)->date)},
	{.key = "godown_id", .type = INPUT_ID, .off = offsetof(struct journal_job, godown_id)},
	JOURNAL_LINES("counts"),
};
static const struct input_form verification_form = INPUT_FORM(verification_fields, NULL);

static int journal_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct journal_job *j = arg;
	int rc = stock_journal_post(db, c->cid, c->auth.user.id, j->kind, j->date, j->narration, j->lines, j->n, &j->id, e);
	return rc < 0 ? rc : journal_reply(db, c, j->id, 201, e);
}

static int h_stock_journal_create(struct call *c)
{
	struct journal_job *j = calloc(1, sizeof *j);
	int rc;
	if (!j)
		return oom(c);
	if ((rc = call_read(c, &journal_form, j, NULL)) >= 0) {
		/* a line without a godown takes the journal's */
		for (int i = 0; rc >= 0 && i < j->n; i++) {
			char f[48];
			snprintf(f, sizeof f, "lines[%d].godown_id", i);
			if (!j->lines[i].godown_id && !(j->lines[i].godown_id = j->godown_id))
				rc = err_setr(&c->err, ERR_INVALID, f, "required", "godown_id is required");
		}
		if (rc >= 0)
			rc = call_write(c, journal_action, j);
	}
	free(j->lines);
	free(j);
	return rc;
}

static int verification_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct journal_job *j = arg;
	int rc = stock_verification_post(db, c->cid, c->auth.user.id, j->date, j->godown_id, j->lines, j->n, &j->v, e);
	return rc < 0 ? rc : reply_snap(c, verification_snap, &j->v, 201);
}

static int h_stock_verification_create(struct call *c)
{
	struct journal_job *j = calloc(1, sizeof *j);
	int rc;
	if (!j)
		return oom(c);
	if ((rc = call_read(c, &verification_form, j, NULL)) >= 0) {
		if (!j->godown_id)
			rc = err_setr(&c->err, ERR_INVALID, "godown_id", "required", "godown_id is required");
		else if (j->n && !(j->v.adjustments = calloc((size_t)j->n, sizeof *j->v.adjustments)))
			rc = oom(c);
		else
			rc = call_write(c, verification_action, j);
	}
	free(j->v.adjustments);
	free(j->lines);
	free(j);
	return rc;
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
};

ROUTE_TABLE(inventory_routes, "inventory", routes);
