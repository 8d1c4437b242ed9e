/* parties_http.c - JSON <-> struct translation for the parties endpoints. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/jsonw.h"
#include "parties/parties.h"
#include "parties/parties_http.h"
#include "server/server.h"
#include "lib/banned.h"

/* The body of a create or update. The text members come first, in enum party_field order, so
 * that their presence bits are the PF_ bits party_input.set wants. */
#define PF_TEXT(f, k) [f] = {.key = k, .type = INPUT_STR, .off = offsetof(struct party_input, text) + (f) * sizeof(const char *)}
enum { PI_ALLOW_DUPLICATE = PF_MAX, PI_ARCHIVED };
static const struct input_field party_fields[] = {
	PF_TEXT(PF_KIND, "kind"),
	PF_TEXT(PF_NAME, "name"),
	PF_TEXT(PF_NAME_HI, "name_hi"),
	PF_TEXT(PF_GSTIN, "gstin"),
	PF_TEXT(PF_PAN, "pan"),
	PF_TEXT(PF_PHONE, "phone"),
	PF_TEXT(PF_EMAIL, "email"),
	PF_TEXT(PF_BILLING, "billing_address"),
	PF_TEXT(PF_SHIPPING, "shipping_address"),
	PF_TEXT(PF_STATE, "state_code"),
	[PF_CREDIT] = {.key = "credit_limit", .type = INPUT_MONEY, .off = offsetof(struct party_input, credit_limit)},
	[PF_TERMS] = {.key = "payment_terms_days", .type = INPUT_INT, .off = offsetof(struct party_input, payment_terms_days),
		      .min = 0, .max = 365},
	[PI_ALLOW_DUPLICATE] = {.key = "allow_duplicate", .type = INPUT_BOOL, .off = offsetof(struct party_input, allow_duplicate)},
	/* On PATCH, "archived": false restores an archived party (true archives it). */
	[PI_ARCHIVED] = {.key = "archived", .type = INPUT_BOOL, .off = offsetof(struct party_input, archived)},
	/* read-only members a client may echo back; ignored */
	{.key = "id", .type = INPUT_IGNORE},
	{.key = "version", .type = INPUT_IGNORE},
	{.key = "created_at", .type = INPUT_IGNORE},
	{.key = "updated_at", .type = INPUT_IGNORE},
};
static const struct input_form party_form = INPUT_FORM(party_fields, NULL);

/* Fills in from the body; the first bad member is reported. */
static int read_input(struct call *c, struct party_input *in)
{
	uint64_t present = 0;
	int rc;
	memset(in, 0, sizeof *in);
	if ((rc = call_read(c, &party_form, in, &present)) < 0)
		return rc;
	in->set = (unsigned)(present & ((1u << PF_MAX) - 1));
	in->archived_set = (present >> PI_ARCHIVED) & 1;
	return 0;
}

/* The party as the answer; an alteration that changed nothing says "unchanged": true. */
static int render(struct call *c, const struct party *p, int status, int unchanged)
{
	struct jsonw w;
	char etag[32];
	buf_reset(&c->resp->body);
	jsonw_init(&w, &c->resp->body);
	jsonw_obj(&w);
	party_json_members(&w, p);
	if (unchanged)
		jsonw_kbool(&w, "unchanged", 1);
	jsonw_obj_end(&w);
	if (jsonw_ok(&w) < 0)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	snprintf(etag, sizeof etag, "\"%lld\"", (long long)p->version);
	http_resp_header(c->resp, "ETag", etag);
	call_json_status(c, status);
	return 0;
}

/* Adds "existing" (for duplicates) or "current" (for stale versions) to the error object. */
static void explain(struct call *c, struct db *db, const struct party *current)
{
	struct jsonw w;
	if (c->err.code == ERR_DUPLICATE && c->err.aux > 0) {
		struct party *p = malloc(sizeof *p);
		struct err e = ERR_INIT;
		if (p && party_get(db, c->cid, c->err.aux, p, &e) == 0) {
			jsonw_init(&w, &c->err_extra);
			w.first[0] = 1;
			jsonw_key(&w, "existing");
			jsonw_obj(&w);
			jsonw_ki64(&w, "id", p->id);
			jsonw_kstr(&w, "name", p->name);
			jsonw_kstr(&w, "gstin", *p->gstin ? p->gstin : NULL);
			jsonw_kstr(&w, "phone", *p->phone ? p->phone : NULL);
			jsonw_obj_end(&w);
			if (jsonw_ok(&w) < 0)
				buf_reset(&c->err_extra);
		}
		free(p);
	} else if (c->err.code == ERR_STALE && current && current->id) {
		jsonw_init(&w, &c->err_extra);
		jsonw_key(&w, "current");
		party_json(&w, current);
		if (jsonw_ok(&w) < 0)
			buf_reset(&c->err_extra);
	}
}

static int h_party_list(struct call *c)
{
	struct party_query q;
	struct jsonw w;
	struct page pg;
	int64_t next = 0;
	const char *kind = http_query(c->req, "kind"), *arch = http_query(c->req, "archived");
	struct buf key = BUF_INIT;
	const char *memo;
	size_t memo_len, start;
	int rc;

	memset(&q, 0, sizeof q);
	if ((rc = call_page(c, &pg)) < 0)
		return rc;
	if (kind && *kind && strcmp(kind, "customer") != 0 && strcmp(kind, "vendor") != 0)
		return err_setr(&c->err, ERR_INVALID, "kind", "kind_choice", "kind must be customer or vendor");
	q.q = http_query(c->req, "q");
	if (q.q && strlen(q.q) > 200)
		return err_setr(&c->err, ERR_INVALID, "q", "too_long_brief", "search text is too long");
	q.kind = kind && *kind ? kind : NULL;
	q.archived = !arch || !*arch || !strcmp(arch, "false") || !strcmp(arch, "0") ? 0
		   : !strcmp(arch, "true") || !strcmp(arch, "1") ? 1 : !strcmp(arch, "all") ? 2 : -1;
	if (q.archived < 0) {
		err_setr(&c->err, ERR_INVALID, "archived", "not_one_of", "archived must be true, false or all");
		return err_detail_text(&c->err, "choices", "true, false, all");
	}
	q.after = pg.after;
	q.limit = pg.limit;

	/* The same page of the same database state is the same answer: on SQLite a page rendered
	 * earlier on this connection is reused until anything at all is committed (db_memo). */
	jsonw_init(&w, &key); /* the key: a JSON array of everything the page depends on */
	jsonw_arr(&w);
	jsonw_str(&w, "party_list");
	jsonw_i64(&w, c->cid);
	jsonw_i64(&w, q.archived);
	jsonw_i64(&w, q.after);
	jsonw_i64(&w, q.limit);
	jsonw_str(&w, q.kind);
	jsonw_str(&w, q.q ? q.q : "");
	jsonw_arr_end(&w);
	if (jsonw_ok(&w) < 0) {
		buf_free(&key);
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	}
	if (db_memo_get(c->db, buf_str(&key), &memo, &memo_len)) {
		buf_free(&key);
		if (buf_add(&c->resp->body, memo, memo_len) < 0)
			return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
		call_json_status(c, 200);
		return 0;
	}
	start = c->resp->body.len;
	jsonw_init(&w, &c->resp->body);
	jsonw_obj(&w);
	jsonw_key(&w, "items");
	jsonw_arr(&w);
	if ((rc = party_list_json(c->db, c->cid, &q, &w, &next, &c->err)) < 0) {
		buf_free(&key);
		return rc;
	}
	jsonw_arr_end(&w);
	if (next) {
		char cur[24];
		snprintf(cur, sizeof cur, "%lld", (long long)next);
		jsonw_kstr(&w, "next", cur);
	} else {
		jsonw_key(&w, "next");
		jsonw_null(&w);
	}
	jsonw_obj_end(&w);
	if (jsonw_ok(&w) < 0) {
		buf_free(&key);
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	}
	db_memo_put(c->db, buf_str(&key), c->resp->body.data + start, c->resp->body.len - start);
	buf_free(&key);
	call_json_status(c, 200);
	return 0;
}

static int h_party_get(struct call *c)
{
	struct party *p = malloc(sizeof *p);
	int rc;
	if (!p)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	rc = party_get(c->db, c->cid, c->id, p, &c->err);
	if (rc >= 0)
		rc = render(c, p, 200, 0);
	free(p);
	return rc;
}

struct party_job {
	enum { JOB_CREATE, JOB_UPDATE, JOB_ARCHIVE } kind;
	struct party_input in;
	int64_t version;
	struct party out;
};

/* Runs on the writer's connection inside the write transaction. */
static int party_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct party_job *j = arg;
	int rc;
	switch (j->kind) {
	case JOB_CREATE:
		rc = party_create(db, c->cid, c->auth.user.id, &j->in, &j->out, e);
		break;
	case JOB_UPDATE:
		rc = party_update(db, c->cid, c->auth.user.id, c->id, j->version, &j->in, &j->out, e);
		break;
	default:
		rc = party_archive(db, c->cid, c->auth.user.id, c->id, j->version, &j->out, e);
		break;
	}
	if (rc < 0)
		return rc;
	return render(c, &j->out, j->kind == JOB_CREATE ? 201 : 200, rc == ERR_UNCHANGED);
}

static int run_job(struct call *c, struct party_job *j)
{
	int rc = call_write(c, party_action, j);
	if (rc < 0)
		explain(c, c->db, &j->out);
	return rc;
}

static int h_party_create(struct call *c)
{
	struct party_job *j = calloc(1, sizeof *j);
	int rc;
	if (!j)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	j->kind = JOB_CREATE;
	if ((rc = read_input(c, &j->in)) >= 0) {
		j->in.archived_set = 0; /* a new party is never archived */
		rc = run_job(c, j);
	}
	free(j);
	return rc;
}

static int h_party_update(struct call *c)
{
	struct party_job *j = calloc(1, sizeof *j);
	int rc;
	if (!j)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	j->kind = JOB_UPDATE;
	if ((rc = call_if_match(c, &j->version)) >= 0 && (rc = read_input(c, &j->in)) >= 0)
		rc = run_job(c, j);
	free(j);
	return rc;
}

static int h_party_archive(struct call *c)
{
	struct party_job *j = calloc(1, sizeof *j);
	int rc;
	if (!j)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	j->kind = JOB_ARCHIVE;
	if ((rc = call_if_match(c, &j->version)) >= 0)
		rc = run_job(c, j);
	free(j);
	return rc;
}

static const struct route routes[] = {
	{"GET", "/api/v1/companies/{cid}/parties", h_party_list, ACCESS_COMPANY, PERM_PARTY_READ},
	{"POST", "/api/v1/companies/{cid}/parties", h_party_create, ACCESS_COMPANY, PERM_PARTY_CREATE},
	{"GET", "/api/v1/companies/{cid}/parties/{id}", h_party_get, ACCESS_COMPANY, PERM_PARTY_READ},
	{"PATCH", "/api/v1/companies/{cid}/parties/{id}", h_party_update, ACCESS_COMPANY, PERM_PARTY_UPDATE},
	{"DELETE", "/api/v1/companies/{cid}/parties/{id}", h_party_archive, ACCESS_COMPANY, PERM_PARTY_ARCHIVE},
};

ROUTE_TABLE(parties_routes, "parties", routes);
