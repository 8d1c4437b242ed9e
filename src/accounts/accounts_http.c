/* accounts_http.c - JSON <-> struct translation for voucher types, groups, ledgers and vouchers:
 * bodies read against the declared forms below, lists paged with ?limit=&after=. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "accounts/accounts_http.h"
#include "accounts/bills.h"
#include "books/books.h"
#include "lib/date.h"
#include "lib/money.h"
#include "lib/text.h"
#include "server/server.h"
#include "lib/banned.h"

/* ---- lists ---- */

/* Ends a page whose rows were written into an array in w over items: the answer is
 * {"items":[...],"next":...}. rc is the list call's result; items is freed. */
static int finish_page(struct call *c, struct buf *items, struct jsonw *w, int rc, int64_t next)
{
	if (rc >= 0) {
		jsonw_arr_end(w);
		rc = jsonw_ok(w) < 0 ? err_set(&c->err, ERR_INTERNAL, NULL, "out of memory") : call_reply_page(c, items, next);
	}
	buf_free(items);
	return rc;
}

static int h_group_list(struct call *c)
{
	struct buf items = BUF_INIT;
	struct jsonw w;
	struct page pg;
	int64_t next = 0;
	int rc;

	if ((rc = call_page(c, &pg)) < 0)
		return rc;
	jsonw_init(&w, &items);
	jsonw_arr(&w);
	rc = group_list_json(c->db, c->cid, &pg, &w, &next, &c->err);
	return finish_page(c, &items, &w, rc, next);
}

static int h_ledger_list(struct call *c)
{
	struct buf items = BUF_INIT;
	struct jsonw w;
	struct page pg;
	const char *q = http_query(c->req, "q");
	int64_t next = 0;
	int rc;

	if (q && strlen(q) > 200)
		return err_setr(&c->err, ERR_INVALID, "q", "too_long_brief", "search text is too long");
	if ((rc = call_page(c, &pg)) < 0)
		return rc;
	jsonw_init(&w, &items);
	jsonw_arr(&w);
	rc = ledger_list_json(c->db, c->cid, q, &pg, &w, &next, &c->err);
	return finish_page(c, &items, &w, rc, next);
}

static int query_date(struct call *c, const char *name, const char **ret)
{
	const char *s = http_query(c->req, name);
	*ret = NULL;
	if (!s || !*s)
		return 0;
	if (!date_iso_ok(s))
		return err_setr(&c->err, ERR_INVALID, name, "not_date", "%s must be a date YYYY-MM-DD", name);
	*ret = s;
	return 0;
}

/* ?name= as an amount in rupees ("1500", "1500.50"), when given. */
static int query_amount(struct call *c, const char *name, int *ret_has, int64_t *ret)
{
	const char *s = http_query(c->req, name);
	if (!s || !*s)
		return 0;
	if (money_parse(s, ret) < 0 || *ret < 0) {
		err_set(&c->err, ERR_INVALID, name, "%s must be an amount like 1500.50", name);
		return err_reason(&c->err, "not_amount");
	}
	*ret_has = 1;
	return 0;
}

/* GET /vouchers?type=&from=&to=&party_id=&number=&seq=&amount_min=&amount_max=&q=&limit=&after= */
static int h_voucher_list(struct call *c)
{
	struct voucher_query q = {.type = http_query(c->req, "type"), .page = PAGE_FIRST,
				  .number = http_query(c->req, "number"), .text = http_query(c->req, "q")};
	struct buf items = BUF_INIT;
	struct jsonw w;
	enum voucher_type t;
	int64_t next = 0;
	int rc;

	if (q.type && !*q.type)
		q.type = NULL;
	if (q.type && voucher_type_parse(q.type, &t) < 0)
		return err_setr(&c->err, ERR_INVALID, "type", "unknown_voucher_type", "unknown voucher type");
	if ((rc = query_date(c, "from", &q.from)) < 0 || (rc = query_date(c, "to", &q.to)) < 0 ||
	    (rc = call_page(c, &q.page)) < 0 || (rc = call_query_int(c, "party_id", 1, INT64_MAX, &q.party_id)) < 0 ||
	    (rc = call_query_int(c, "seq", 1, INT64_MAX, &q.seq)) < 0 ||
	    (rc = query_amount(c, "amount_min", &q.has_min, &q.amount_min)) < 0 ||
	    (rc = query_amount(c, "amount_max", &q.has_max, &q.amount_max)) < 0)
		return rc;
	jsonw_init(&w, &items);
	jsonw_arr(&w);
	rc = voucher_list_json(c->db, c->cid, &q, &w, &next, &c->err);
	return finish_page(c, &items, &w, rc, next);
}

/* GET /voucher-types: the one table of types, in hotkey order, for any signed-in user. */
static int h_voucher_types(struct call *c)
{
	struct jsonw w;
	call_json(c, &w);
	jsonw_obj(&w);
	jsonw_key(&w, "items");
	voucher_types_json(&w);
	jsonw_obj_end(&w);
	return call_json_done(c, &w, 200);
}

/* GET /gst-rates?date=: the GST rates a voucher of that date (default: the company's today) may use. */
static int h_gst_rates(struct call *c)
{
	struct gst_rate_set set;
	char today[DATE_ISO_SIZE];
	const char *date;
	struct jsonw w;
	int rc;
	if ((rc = query_date(c, "date", &date)) < 0)
		return rc;
	if (!date && (rc = books_today_of(c->db, c->cid, today, &c->err)) < 0)
		return rc;
	if ((rc = gst_rates_on(c->db, date ? date : today, &set, &c->err)) < 0)
		return rc;
	call_json(c, &w);
	gst_rate_set_json(&w, &set);
	return call_json_done(c, &w, 200);
}

/* ---- groups and ledgers ---- */

static int render_ledger(struct call *c, const struct ledger *l, int status)
{
	struct jsonw w;
	call_json(c, &w);
	ledger_json(&w, l);
	return call_json_done(c, &w, status);
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

static const struct input_field ledger_fields[] = {
	{.key = "name", .type = INPUT_STR, .off = offsetof(struct ledger_input, name)},
	{.key = "group_id", .type = INPUT_INT, .off = offsetof(struct ledger_input, group_id), .min = 1, .max = INT64_MAX},
	{.key = "kind", .type = INPUT_STR, .off = offsetof(struct ledger_input, kind)},
	{.key = "opening_balance", .type = INPUT_MONEY, .off = offsetof(struct ledger_input, opening_balance)},
	{.key = "gstin", .type = INPUT_STR, .off = offsetof(struct ledger_input, gstin)},
	{.key = "state_code", .type = INPUT_STR, .off = offsetof(struct ledger_input, state_code)},
};
static const struct input_form ledger_form = INPUT_FORM(ledger_fields, NULL);

struct ledger_job {
	struct ledger_input in;
	struct ledger out;
};

static int ledger_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct ledger_job *j = arg;
	int rc = ledger_create(db, c->cid, c->auth.user.id, &j->in, &j->out, e);
	return rc < 0 ? rc : render_ledger(c, &j->out, 201);
}

static int h_ledger_create(struct call *c)
{
	struct ledger_job *j = calloc(1, sizeof *j);
	int rc;
	if (!j)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	if ((rc = call_read(c, &ledger_form, &j->in, NULL)) >= 0)
		rc = call_write(c, ledger_action, j);
	free(j);
	return rc;
}

struct group_job {
	const char *name;
	int64_t parent_id;
	struct group out;
};

static const struct input_field group_fields[] = {
	{.key = "name", .type = INPUT_STR, .off = offsetof(struct group_job, name)},
	{.key = "parent_id", .type = INPUT_INT, .off = offsetof(struct group_job, parent_id), .min = 1, .max = INT64_MAX},
};
static const struct input_form group_form = INPUT_FORM(group_fields, NULL);

static int group_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct group_job *j = arg;
	struct jsonw w;
	int64_t id = 0;
	int rc;
	if ((rc = group_create(db, c->cid, c->auth.user.id, j->name, j->parent_id, &id, e)) < 0 ||
	    (rc = group_get(db, c->cid, id, &j->out, e)) < 0)
		return rc;
	call_json(c, &w);
	group_json(&w, &j->out);
	return call_json_done(c, &w, 201);
}

static int h_group_create(struct call *c)
{
	struct group_job *j = calloc(1, sizeof *j);
	int rc;
	if (!j)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	if ((rc = call_read(c, &group_form, j, NULL)) >= 0)
		rc = call_write(c, group_action, j);
	free(j);
	return rc;
}

/* ---- the voucher body ---- */

/* A bill-wise allocation as sent: {type, ref, amount, due_date}, the amount on its line's side. */
struct alloc_body {
	int type;                  /* index into alloc_types */
	char ref[64];
	int64_t amount;
	char due_date[11];
};

static const char *const alloc_types[] = {"new", "agst", "advance", "on_account", "against", NULL};

static const struct input_field alloc_fields[] = {
	{.key = "type", .type = INPUT_ENUM, .flags = INPUT_REQUIRED, .off = offsetof(struct alloc_body, type), .names = alloc_types},
	{.key = "ref", .type = INPUT_TEXT, .off = offsetof(struct alloc_body, ref), .size = sizeof(((struct alloc_body *)0)->ref)},
	{.key = "amount", .type = INPUT_MONEY, .flags = INPUT_REQUIRED, .off = offsetof(struct alloc_body, amount), .min = 1,
	 .max = INT64_MAX},
	{.key = "due_date", .type = INPUT_DATE, .off = offsetof(struct alloc_body, due_date), .size = sizeof(((struct alloc_body *)0)->due_date)},
};
static const struct input_form alloc_form = INPUT_FORM(alloc_fields, NULL);

/* A ledger line as sent: a debit or a credit (decimal strings), never both. */
struct line_body {
	int64_t ledger_id;
	int64_t debit, credit;     /* paise; 0 when absent or null */
	char bill_ref[64];
	char bill_type[8];
	struct alloc_body *allocs;
	int nallocs;
};

/* A voucher as sent: the head and the item lines straight into a voucher, the ledger lines apart. */
struct voucher_body {
	struct voucher v;
	int has_type;
	struct line_body *lines;
	int nlines;
	struct alloc_body *allocs; /* the party line's, of an item voucher */
	int nallocs;
	int has_confirm;           /* "confirm" given: every warning must be in it */
	unsigned confirm;          /* bit c: warning code c confirmed */
};

static const char type_message[] =
	"type must be journal, sales, purchase, receipt, payment, contra, credit_note or debit_note";

static int read_type(const json_t *j, void *obj, const char *path, struct err *e)
{
	struct voucher_body *b = obj;
	if (!json_is_string(j) || voucher_type_parse(json_string_value(j), &b->v.type) < 0)
		return err_setr(e, ERR_INVALID, path, "unknown_voucher_type", "%s", type_message);
	b->has_type = 1;
	return 0;
}

/* A debit or credit: a decimal string with at most two decimals; null is none. */
static int read_side(const json_t *j, int64_t *ret, const char *path, struct err *e)
{
	if (json_is_null(j))
		return 0;
	if (!json_is_string(j))
		return err_setr(e, ERR_INVALID, path, "not_amount", "%s must be a decimal string such as \"10.50\"", path);
	return input_money(j, path, ret, e); /* at most two decimals, within the ceiling */
}

static int read_debit(const json_t *j, void *obj, const char *path, struct err *e)
{
	return read_side(j, &((struct line_body *)obj)->debit, path, e);
}

static int read_credit(const json_t *j, void *obj, const char *path, struct err *e)
{
	return read_side(j, &((struct line_body *)obj)->credit, path, e);
}

/* Exactly one of debit and credit, more than zero; the refusal names the credit, as it always has. */
static int check_line(void *obj, uint64_t present, const char *path, struct err *e)
{
	const struct line_body *l = obj;
	char f[80];
	(void)present;
	if (l->debit < 0 || l->credit < 0 || (l->debit && l->credit) || (!l->debit && !l->credit)) {
		snprintf(f, sizeof f, "%s.credit", path);
		return err_setr(e, ERR_INVALID, f, "line_amount", "each line needs either a debit or a credit, more than zero");
	}
	return 0;
}

static const struct input_field line_fields[] = {
	{.key = "ledger_id", .type = INPUT_ID, .flags = INPUT_REQUIRED, .off = offsetof(struct line_body, ledger_id)},
	{.key = "debit", .type = INPUT_CUSTOM, .read = read_debit},
	{.key = "credit", .type = INPUT_CUSTOM, .read = read_credit},
	{.key = "bill_ref", .type = INPUT_TEXT, .off = offsetof(struct line_body, bill_ref), .size = sizeof(((struct line_body *)0)->bill_ref)},
	{.key = "bill_type", .type = INPUT_TEXT, .off = offsetof(struct line_body, bill_type), .size = sizeof(((struct line_body *)0)->bill_type)},
	{.key = "allocations", .type = INPUT_ARRAY, .off = offsetof(struct line_body, allocs), .size = sizeof(struct alloc_body),
	 .max = 100, .sub = &alloc_form, .count_off = offsetof(struct line_body, nallocs)},
	/* what an answer carries and a client may send back */
	{.key = "due_date", .type = INPUT_IGNORE},
	{.key = "ledger", .type = INPUT_IGNORE},
};
static const struct input_form line_form = INPUT_FORM(line_fields, check_line);

static int check_item(void *obj, uint64_t present, const char *path, struct err *e)
{
	const struct voucher_item *it = obj;
	char f[80];
	(void)present;
	if (text_has_controls(it->description)) {
		snprintf(f, sizeof f, "%s.description", path);
		return err_setr(e, ERR_INVALID, f, "not_plain_text", "description must be plain text");
	}
	return 0;
}

#define ITEM_TEXT(k, m) {.key = k, .type = INPUT_TEXT, .off = offsetof(struct voucher_item, m), .size = sizeof(((struct voucher_item *)0)->m)}
#define ITEM_ID(k, m) {.key = k, .type = INPUT_ID, .off = offsetof(struct voucher_item, m)}
#define ITEM_DECIMAL(k, m, s, fl) {.key = k, .type = INPUT_DECIMAL, .flags = (fl), .off = offsetof(struct voucher_item, m), .scale = (s)}
static const struct input_field item_fields[] = {
	ITEM_TEXT("description", description),
	ITEM_TEXT("hsn", hsn),
	ITEM_TEXT("unit", unit),
	ITEM_TEXT("batch", batch),
	ITEM_TEXT("expiry", expiry),
	ITEM_TEXT("gst_reason", gst_reason),
	ITEM_ID("item_id", item_id),
	ITEM_ID("godown_id", godown_id),
	ITEM_ID("ledger_id", ledger_id),
	ITEM_DECIMAL("qty", qty, 3, INPUT_INT_OK | INPUT_QTY),
	ITEM_DECIMAL("rate", rate, 2, INPUT_AMOUNT),
	ITEM_DECIMAL("discount", discount, 2, INPUT_AMOUNT),
	ITEM_DECIMAL("gst_rate", gst_rate, 2, 0),
	ITEM_DECIMAL("cess_rate", cess_rate, 2, 0),
	{.key = "reverse_charge", .type = INPUT_BOOL, .off = offsetof(struct voucher_item, reverse_charge)},
	/* computed by the server; a client may send them back */
	{.key = "cess", .type = INPUT_IGNORE},
	{.key = "taxable", .type = INPUT_IGNORE},
	{.key = "cgst", .type = INPUT_IGNORE},
	{.key = "sgst", .type = INPUT_IGNORE},
	{.key = "igst", .type = INPUT_IGNORE},
};
static const struct input_form item_form = INPUT_FORM(item_fields, check_item);

static int check_voucher(void *obj, uint64_t present, const char *path, struct err *e)
{
	const struct voucher_body *b = obj;
	(void)present;
	(void)path; /* the body's own: "" */
	return b->has_type ? 0 : err_setr(e, ERR_INVALID, "type", "unknown_voucher_type", "%s", type_message);
}

/* "confirm": the codes of the warnings the person has seen and confirmed. */
static int read_confirm(const json_t *j, void *obj, const char *path, struct err *e)
{
	struct voucher_body *b = obj;
	size_t i;
	json_t *x;
	if (json_is_null(j))
		return 0;
	if (!json_is_array(j))
		return err_setr(e, ERR_INVALID, path, "confirm_bad", "confirm must be an array of warning codes");
	json_array_foreach(j, i, x) {
		enum voucher_warning_code c;
		if (!json_is_string(x) || voucher_warning_parse(json_string_value(x), &c) < 0)
			return err_setr(e, ERR_INVALID, path, "confirm_bad", "confirm[%zu] is not a warning code", i);
		b->confirm |= 1u << c;
	}
	b->has_confirm = 1;
	return 0;
}

#define HEAD_TEXT(k, m) {.key = k, .type = INPUT_TEXT, .off = offsetof(struct voucher_body, v.m), .size = sizeof(((struct voucher *)0)->m)}
static const struct input_field voucher_fields[] = {
	{.key = "type", .type = INPUT_CUSTOM, .read = read_type},
	{.key = "date", .type = INPUT_DATE, .flags = INPUT_REQUIRED, .off = offsetof(struct voucher_body, v.date),
	 .size = sizeof(((struct voucher *)0)->date)},
	HEAD_TEXT("narration", narration),
	HEAD_TEXT("reference", reference),
	HEAD_TEXT("place_of_supply", place_of_supply),
	HEAD_TEXT("supply_type", supply_type),
	HEAD_TEXT("port_code", port_code),
	HEAD_TEXT("shipping_bill_no", shipping_bill_no),
	{.key = "shipping_bill_date", .type = INPUT_DATE, .off = offsetof(struct voucher_body, v.shipping_bill_date),
	 .size = sizeof(((struct voucher *)0)->shipping_bill_date)},
	{.key = "reverse_charge", .type = INPUT_BOOL, .off = offsetof(struct voucher_body, v.reverse_charge)},
	{.key = "party_id", .type = INPUT_ID, .off = offsetof(struct voucher_body, v.party_id)},
	{.key = "lines", .type = INPUT_ARRAY, .off = offsetof(struct voucher_body, lines), .size = sizeof(struct line_body),
	 .max = VOUCHER_MAX_LINES, .sub = &line_form, .count_off = offsetof(struct voucher_body, nlines)},
	{.key = "items", .type = INPUT_ARRAY, .off = offsetof(struct voucher_body, v.items), .size = sizeof(struct voucher_item),
	 .max = VOUCHER_MAX_LINES, .sub = &item_form, .count_off = offsetof(struct voucher_body, v.nitems)},
	{.key = "allocations", .type = INPUT_ARRAY, .off = offsetof(struct voucher_body, allocs), .size = sizeof(struct alloc_body),
	 .max = 100, .sub = &alloc_form, .count_off = offsetof(struct voucher_body, nallocs)},
	{.key = "confirm", .type = INPUT_CUSTOM, .read = read_confirm},
	/* what an answer carries and a client may send back */
	{.key = "id", .type = INPUT_IGNORE},
	{.key = "number", .type = INPUT_IGNORE},
	{.key = "version", .type = INPUT_IGNORE},
	{.key = "status", .type = INPUT_IGNORE},
	{.key = "party_name", .type = INPUT_IGNORE},
	{.key = "party_gstin", .type = INPUT_IGNORE},
	{.key = "taxable", .type = INPUT_IGNORE},
	{.key = "cgst", .type = INPUT_IGNORE},
	{.key = "sgst", .type = INPUT_IGNORE},
	{.key = "igst", .type = INPUT_IGNORE},
	{.key = "cess", .type = INPUT_IGNORE},
	{.key = "round_off", .type = INPUT_IGNORE},
	{.key = "total", .type = INPUT_IGNORE},
	{.key = "created_at", .type = INPUT_IGNORE},
	{.key = "updated_at", .type = INPUT_IGNORE},
};
static const struct input_form voucher_form = INPUT_FORM(voucher_fields, check_voucher);

/* The allocations of line `line` (BILL_PARTY_LINE: the voucher's) into v. */
static int add_allocs(struct voucher *v, int line, const struct alloc_body *in, int n, struct err *e)
{
	for (int k = 0; k < n; k++) {
		struct bill_alloc *a = voucher_add_alloc(v);
		if (!a)
			return err_set(e, ERR_INTERNAL, NULL, "out of memory");
		a->line = line;
		if (bill_kind_parse(alloc_types[in[k].type], &a->kind) < 0)
			a->kind = BILL_ON_ACCOUNT;
		text_copy(a->ref, sizeof a->ref, in[k].ref);
		a->amount = in[k].amount;
		text_copy(a->due_date, sizeof a->due_date, in[k].due_date);
	}
	return 0;
}

/* An item voucher's one bill-wise line is its party's, which the server makes: allocations sent on
 * its lines (a voucher read and sent back) are the party line's unless the voucher names its own. */
static int body_allocs(struct voucher *v, const struct voucher_body *b, struct err *e)
{
	int items = voucher_type_has_items(v->type), rc = add_allocs(v, BILL_PARTY_LINE, b->allocs, b->nallocs, e);
	for (int i = 0; i < b->nlines && rc >= 0; i++)
		if (!items || !b->nallocs)
			rc = add_allocs(v, items ? BILL_PARTY_LINE : i, b->lines[i].allocs, b->lines[i].nallocs, e);
	return rc;
}

static void body_free(struct voucher_body *b)
{
	for (int i = 0; i < b->nlines; i++)
		free(b->lines[i].allocs);
	free(b->v.items);
	free(b->lines);
	free(b->allocs);
	free(b);
}

/* Reads the body into a new voucher (*ret, the caller's to voucher_free) and what it confirms. */
static int read_voucher_confirm(struct call *c, struct voucher **ret, int *ret_has_confirm, unsigned *ret_confirm)
{
	struct voucher_body *b = calloc(1, sizeof *b);
	struct voucher *v = NULL;
	int rc;

	if (!b)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	if ((rc = call_read(c, &voucher_form, b, NULL)) < 0)
		goto out;
	if (!(v = voucher_new())) {
		rc = err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	*v = b->v; /* the items move with it */
	b->v.items = NULL;
	for (int i = 0; i < b->nlines; i++) {
		struct voucher_line *l = voucher_add_line(v);
		if (!l) {
			rc = err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
			goto out;
		}
		l->ledger_id = b->lines[i].ledger_id;
		l->amount = b->lines[i].debit ? b->lines[i].debit : -b->lines[i].credit;
		text_copy(l->bill_ref, sizeof l->bill_ref, b->lines[i].bill_ref);
		text_copy(l->bill_type, sizeof l->bill_type, b->lines[i].bill_type);
	}
	if ((rc = body_allocs(v, b, &c->err)) < 0)
		goto out;
	if (ret_has_confirm) {
		*ret_has_confirm = b->has_confirm;
		*ret_confirm = b->confirm;
	}
	*ret = v;
	v = NULL;
out:
	voucher_free(v);
	body_free(b);
	return rc;
}

static int read_voucher(struct call *c, struct voucher **ret) { return read_voucher_confirm(c, ret, NULL, NULL); }

/* ---- vouchers ---- */

/* The voucher as the answer; an alteration that changed nothing says "unchanged": true. */
static int render_voucher(struct call *c, const struct voucher *v, int status, int unchanged)
{
	struct jsonw w;
	char etag[32];
	call_json(c, &w);
	jsonw_obj(&w);
	voucher_json_members(&w, v);
	if (unchanged)
		jsonw_kbool(&w, "unchanged", 1);
	jsonw_obj_end(&w);
	snprintf(etag, sizeof etag, "\"%lld\"", (long long)v->version);
	http_resp_header(c->resp, "ETag", etag);
	return call_json_done(c, &w, status);
}

struct voucher_job {
	enum { VJ_POST, VJ_ALTER, VJ_CANCEL } kind;
	struct voucher *v;
	int64_t version;
	int has_confirm;
	unsigned confirm;
};

/* A body that says which warnings it confirms is saved only when it confirms all of them. */
static int warnings_confirmed(struct db *db, struct call *c, const struct voucher_job *j, struct err *e)
{
	struct voucher_warnings w;
	int rc;
	if (!j->has_confirm || j->kind == VJ_CANCEL)
		return 0;
	j->v->id = j->kind == VJ_ALTER ? c->id : 0;
	if ((rc = voucher_prepare(db, c->cid, j->v, e)) < 0 || (rc = voucher_warnings(db, c->cid, j->v, &w, e)) < 0)
		return rc;
	return voucher_warnings_confirmed(&w, j->confirm, e);
}

static int voucher_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct voucher_job *j = arg;
	struct voucher *out = NULL;
	int rc, unchanged;

	if ((rc = warnings_confirmed(db, c, j, e)) < 0)
		return rc;
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
	unchanged = rc == ERR_UNCHANGED;
	/* Re-read so the answer carries ledger names exactly as stored. */
	if (!out && (rc = voucher_get(db, c->cid, j->kind == VJ_POST ? j->v->id : c->id, &out, e)) < 0)
		return rc;
	rc = render_voucher(c, out, j->kind == VJ_POST ? 201 : 200, unchanged);
	voucher_free(out);
	return rc;
}

/* After a stale write the error carries the voucher as it is now ("current"); the other figures
 * a client acts on (the difference of an unbalanced voucher, ...) are the error's own details. */
static void voucher_explain(struct call *c)
{
	struct voucher *cur = NULL;
	struct err ge = ERR_INIT;
	struct jsonw w;
	if (c->err.code != ERR_STALE || !c->id || voucher_get(c->db, c->cid, c->id, &cur, &ge) < 0)
		return;
	jsonw_init(&w, &c->err_extra);
	jsonw_key(&w, "current");
	voucher_json(&w, cur);
	if (jsonw_ok(&w) < 0)
		buf_reset(&c->err_extra);
	voucher_free(cur);
}

static int voucher_job_run(struct call *c, int kind)
{
	struct voucher_job j;
	int rc;
	memset(&j, 0, sizeof j);
	j.kind = kind;
	if (kind != VJ_POST && (rc = call_if_match(c, &j.version)) < 0)
		return rc;
	if (kind != VJ_CANCEL && (rc = read_voucher_confirm(c, &j.v, &j.has_confirm, &j.confirm)) < 0)
		return rc;
	rc = call_write(c, voucher_action, &j);
	if (rc < 0)
		voucher_explain(c);
	voucher_free(j.v);
	return rc;
}

static int h_voucher_create(struct call *c) { return voucher_job_run(c, VJ_POST); }
static int h_voucher_alter(struct call *c) { return voucher_job_run(c, VJ_ALTER); }
static int h_voucher_cancel(struct call *c) { return voucher_job_run(c, VJ_CANCEL); }

/* The voucher as it would be saved, with the warnings entry shows ("warnings": [...]); ?voucher_id=
 * names the voucher being altered, whose own bills and cash do not count against it. */
static int h_voucher_preview(struct call *c)
{
	struct voucher *v = NULL;
	struct voucher_warnings *warns = calloc(1, sizeof *warns);
	struct jsonw w;
	int64_t self = 0;
	int rc;
	if (!warns)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	if ((rc = call_query_int(c, "voucher_id", 1, INT64_MAX, &self)) >= 0 && (rc = read_voucher(c, &v)) >= 0) {
		v->id = self;
		if ((rc = voucher_prepare(c->db, c->cid, v, &c->err)) >= 0 &&
		    (rc = voucher_warnings(c->db, c->cid, v, warns, &c->err)) >= 0) {
			v->id = 0;
			call_json(c, &w);
			jsonw_obj(&w);
			voucher_json_members(&w, v);
			jsonw_key(&w, "warnings");
			voucher_warnings_json(&w, warns);
			jsonw_obj_end(&w);
			rc = call_json_done(c, &w, 200);
		}
	}
	voucher_free(v);
	free(warns);
	return rc;
}

/* ---- a party's account and its bills ---- */

struct bills_out {
	struct jsonw *w;
};

static int bill_out(void *ctx, const struct bill_row *b)
{
	bill_row_json(((struct bills_out *)ctx)->w, b);
	return 0;
}

/* GET /parties/{id}/bills and /ledgers/{id}/bills: {"party":{...},"items":[bills, oldest first]};
 * ?pending=0 shows the bills settled in full too (default 1). */
static int account_bills(struct call *c, int by_party)
{
	struct party_account *a = malloc(sizeof *a);
	struct bills_out o;
	struct jsonw w;
	int64_t pending = 1;
	int rc;
	if (!a)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	if ((rc = call_query_int(c, "pending", 0, 1, &pending)) < 0 ||
	    (rc = party_account_get(c->db, c->cid, by_party ? c->id : 0, by_party ? 0 : c->id, a, &c->err)) < 0) {
		free(a);
		return rc;
	}
	call_json(c, &w);
	o.w = &w;
	jsonw_obj(&w);
	jsonw_key(&w, "party");
	party_account_json(&w, a);
	jsonw_key(&w, "items");
	jsonw_arr(&w);
	rc = bills_of_ledger(c->db, c->cid, a->ledger_id, (int)pending, bill_out, &o, &c->err);
	jsonw_arr_end(&w);
	jsonw_obj_end(&w);
	free(a);
	return rc < 0 ? rc : call_json_done(c, &w, 200);
}

static int h_party_bills(struct call *c) { return account_bills(c, 1); }
static int h_ledger_bills(struct call *c) { return account_bills(c, 0); }

static int h_voucher_get(struct call *c)
{
	struct voucher *v = NULL;
	int rc = voucher_get(c->db, c->cid, c->id, &v, &c->err);
	if (rc < 0)
		return rc;
	rc = render_voucher(c, v, 200, 0);
	voucher_free(v);
	return rc;
}

static int h_voucher_versions(struct call *c)
{
	struct jsonw w;
	int rc;
	call_json(c, &w);
	jsonw_obj(&w);
	jsonw_key(&w, "items");
	if ((rc = voucher_versions_json(c->db, c->cid, c->id, &w, &c->err)) < 0)
		return rc;
	jsonw_obj_end(&w);
	return call_json_done(c, &w, 200);
}

static const struct route routes[] = {
	{"GET", "/api/v1/voucher-types", h_voucher_types, ACCESS_USER, 0},
	{"GET", "/api/v1/companies/{cid}/gst-rates", h_gst_rates, ACCESS_COMPANY, PERM_VOUCHER_READ},
	{"GET", "/api/v1/companies/{cid}/groups", h_group_list, ACCESS_COMPANY, PERM_VOUCHER_READ},
	{"POST", "/api/v1/companies/{cid}/groups", h_group_create, ACCESS_COMPANY, PERM_LEDGER_WRITE},
	{"GET", "/api/v1/companies/{cid}/ledgers", h_ledger_list, ACCESS_COMPANY, PERM_VOUCHER_READ},
	{"POST", "/api/v1/companies/{cid}/ledgers", h_ledger_create, ACCESS_COMPANY, PERM_LEDGER_WRITE},
	{"GET", "/api/v1/companies/{cid}/ledgers/{id}", h_ledger_get, ACCESS_COMPANY, PERM_VOUCHER_READ},
	{"GET", "/api/v1/companies/{cid}/ledgers/{id}/bills", h_ledger_bills, ACCESS_COMPANY, PERM_VOUCHER_READ},
	{"GET", "/api/v1/companies/{cid}/parties/{id}/bills", h_party_bills, ACCESS_COMPANY, PERM_VOUCHER_READ},
	{"GET", "/api/v1/companies/{cid}/vouchers", h_voucher_list, ACCESS_COMPANY, PERM_VOUCHER_READ},
	{"POST", "/api/v1/companies/{cid}/vouchers", h_voucher_create, ACCESS_COMPANY, PERM_VOUCHER_POST},
	{"POST", "/api/v1/companies/{cid}/vouchers/preview", h_voucher_preview, ACCESS_COMPANY, PERM_VOUCHER_READ},
	{"GET", "/api/v1/companies/{cid}/vouchers/{id}", h_voucher_get, ACCESS_COMPANY, PERM_VOUCHER_READ},
	{"PATCH", "/api/v1/companies/{cid}/vouchers/{id}", h_voucher_alter, ACCESS_COMPANY, PERM_VOUCHER_ALTER},
	{"DELETE", "/api/v1/companies/{cid}/vouchers/{id}", h_voucher_cancel, ACCESS_COMPANY, PERM_VOUCHER_ALTER},
	{"GET", "/api/v1/companies/{cid}/vouchers/{id}/versions", h_voucher_versions, ACCESS_COMPANY, PERM_VOUCHER_READ},
};

ROUTE_TABLE(accounts_routes, "accounts", routes);
