/* gst_http.c - the GST files over HTTP: GSTR-1 and GSTR-3B for the portal (GET
 * .../reports/gstr1.json?period=YYYY-MM), a voucher's e-invoice and e-way bill, the IRN entered
 * back (POST .../vouchers/{id}/irn), and the seller's profile with its unit codes. A file is
 * answered as it is to be uploaded, as an attachment; ?warnings=1 answers
 * {"warnings":[...],"file":{...}} instead, so that a screen can say what a file could not say
 * exactly (a unit filed as OTH) before it is downloaded. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gst/gst.h"
#include "gst/gst_http.h"
#include "lib/text.h"
#include "server/server.h"
#include "lib/banned.h"

/* Sends a file's JSON text as an attachment named name. */
static int send_file(struct call *c, struct buf *file, const char *name)
{
	char disp[128];
	buf_reset(&c->resp->body);
	if (buf_add(&c->resp->body, file->data ? file->data : "", file->len) < 0)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", name);
	c->resp->status = 200;
	c->resp->content_type = "application/json; charset=utf-8";
	http_resp_header(c->resp, "Content-Disposition", disp);
	return 0;
}

/* {"warnings":[{"reason","unit","uqc"}],"more":N,"file":<the file>}. */
static int send_checked(struct call *c, struct buf *file, const struct gst_warnings *warn)
{
	struct jsonw w;
	call_json(c, &w);
	jsonw_obj(&w);
	jsonw_key(&w, "warnings");
	jsonw_arr(&w);
	for (int i = 0; warn && i < warn->n; i++) {
		jsonw_obj(&w);
		jsonw_kstr(&w, "reason", warn->w[i].reason);
		jsonw_kstr(&w, "unit", warn->w[i].unit);
		jsonw_kstr(&w, "uqc", warn->w[i].uqc);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	jsonw_ki64(&w, "more", warn ? warn->more : 0);
	jsonw_key(&w, "file");
	jsonw_raw(&w, buf_str(file));
	jsonw_obj_end(&w);
	return call_json_done(c, &w, 200);
}

static int h_return(struct call *c, int r1)
{
	const char *period = http_query(c->req, "period"), *check = http_query(c->req, "warnings");
	struct gst_warnings *warn = calloc(1, sizeof *warn);
	struct buf file = BUF_INIT;
	char name[40], p[8];
	int rc;

	if (!warn)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	file.limit = (size_t)64 << 20;
	if (!period || !*period) {
		rc = err_setr(&c->err, ERR_INVALID, "period", "required", "period (YYYY-MM) is required");
		goto out;
	}
	rc = r1 ? gst_gstr1_file(c->db, c->cid, period, &file, warn, &c->err) : gst_gstr3b_file(c->db, c->cid, period, &file, &c->err);
	if (rc < 0)
		goto out;
	text_copy(p, sizeof p, period);
	snprintf(name, sizeof name, "%s_%s.json", r1 ? "GSTR1" : "GSTR3B", p);
	rc = check && strcmp(check, "1") == 0 ? send_checked(c, &file, warn) : send_file(c, &file, name);
out:
	buf_free(&file);
	free(warn);
	return rc;
}

static int h_gstr1(struct call *c) { return h_return(c, 1); }
static int h_gstr3b(struct call *c) { return h_return(c, 0); }

/* A voucher's file name: "einvoice_42.json". */
static void file_name(const char *kind, int64_t id, char out[64])
{
	snprintf(out, 64, "%s_%lld.json", kind, (long long)id);
}

static int h_einvoice(struct call *c)
{
	struct buf file = BUF_INIT;
	char name[64];
	int rc = gst_einvoice_file(c->db, c->cid, c->id, &file, &c->err);
	if (rc >= 0) {
		file_name("einvoice", c->id, name);
		rc = send_file(c, &file, name);
	}
	buf_free(&file);
	return rc;
}

/* A text query member into out (cap bytes); too long is refused naming it. */
static int query_text(struct call *c, const char *key, char *out, size_t cap)
{
	const char *v = http_query(c->req, key);
	*out = '\0';
	if (v && text_copy(out, cap, v) < 0) {
		err_setr(&c->err, ERR_INVALID, key, "too_long", "%s is too long", key);
		return err_detail_int(&c->err, "max", (int64_t)cap - 1);
	}
	return 0;
}

/* Part B from the query: ?mode=road|rail|air|ship&distance=&vehicle_no=&vehicle_type=R|O
 * &transporter_id=&transporter_name=&doc_no=&doc_date=. */
static int query_transport(struct call *c, struct gst_transport *t)
{
	static const char *const modes[] = {"road", "rail", "air", "ship"};
	const char *mode = http_query(c->req, "mode");
	int rc;
	memset(t, 0, sizeof *t);
	if (mode && *mode) {
		for (int i = 0; i < 4; i++)
			if (strcmp(mode, modes[i]) == 0)
				t->mode = i + 1;
		if (!t->mode) {
			err_setr(&c->err, ERR_INVALID, "mode", "not_one_of", "mode must be road, rail, air or ship");
			return err_detail_text(&c->err, "choices", "road, rail, air, ship");
		}
	}
	if ((rc = call_query_int(c, "distance", 0, 4000, &t->distance)) < 0 ||
	    (rc = query_text(c, "vehicle_no", t->vehicle_no, sizeof t->vehicle_no)) < 0 ||
	    (rc = query_text(c, "vehicle_type", t->vehicle_type, sizeof t->vehicle_type)) < 0 ||
	    (rc = query_text(c, "transporter_id", t->transporter_id, sizeof t->transporter_id)) < 0 ||
	    (rc = query_text(c, "transporter_name", t->transporter_name, sizeof t->transporter_name)) < 0 ||
	    (rc = query_text(c, "doc_no", t->doc_no, sizeof t->doc_no)) < 0 ||
	    (rc = query_text(c, "doc_date", t->doc_date, sizeof t->doc_date)) < 0)
		return rc;
	return 0;
}

static int h_ewaybill(struct call *c)
{
	struct buf file = BUF_INIT;
	struct gst_transport t;
	char name[64];
	int rc;
	if ((rc = query_transport(c, &t)) < 0)
		return rc;
	if ((rc = gst_ewaybill_file(c->db, c->cid, c->id, &t, &file, &c->err)) >= 0) {
		file_name("ewaybill", c->id, name);
		rc = send_file(c, &file, name);
	}
	buf_free(&file);
	return rc;
}

/* ---- the IRN ---- */

static int render_irn(struct call *c, const struct gst_irn *x, int status)
{
	struct jsonw w;
	call_json(c, &w);
	gst_irn_json(&w, x);
	return call_json_done(c, &w, status);
}

static int h_irn_get(struct call *c)
{
	struct gst_irn *x = malloc(sizeof *x);
	int rc;
	if (!x)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	rc = gst_irn_get(c->db, c->cid, c->id, x, &c->err);
	if (rc >= 0)
		rc = render_irn(c, x, 200);
	free(x);
	return rc;
}

static const struct input_field irn_fields[] = {
	{.key = "irn", .type = INPUT_TEXT, .flags = INPUT_REQUIRED, .off = offsetof(struct gst_irn, irn),
	 .size = sizeof(((struct gst_irn *)0)->irn)},
	{.key = "ack_no", .type = INPUT_TEXT, .flags = INPUT_REQUIRED, .off = offsetof(struct gst_irn, ack_no),
	 .size = sizeof(((struct gst_irn *)0)->ack_no)},
	{.key = "ack_date", .type = INPUT_TEXT, .flags = INPUT_REQUIRED, .off = offsetof(struct gst_irn, ack_date),
	 .size = sizeof(((struct gst_irn *)0)->ack_date)},
	{.key = "signed_qr", .type = INPUT_TEXT, .off = offsetof(struct gst_irn, signed_qr),
	 .size = sizeof(((struct gst_irn *)0)->signed_qr)},
	{.key = "voucher_id", .type = INPUT_IGNORE},
	{.key = "entered_at", .type = INPUT_IGNORE},
	{.key = "entered_by", .type = INPUT_IGNORE},
};
static const struct input_form irn_form = INPUT_FORM(irn_fields, NULL);

struct irn_job {
	struct gst_irn in, out;
};

static int irn_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct irn_job *j = arg;
	int created = 0;
	int rc = gst_irn_set(db, c->cid, c->auth.user.id, c->id, &j->in, &j->out, &created, e);
	return rc < 0 ? rc : render_irn(c, &j->out, created ? 201 : 200);
}

static int h_irn_post(struct call *c)
{
	struct irn_job *j = calloc(1, sizeof *j);
	int rc;
	if (!j)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	if ((rc = call_read(c, &irn_form, &j->in, NULL)) >= 0)
		rc = call_write(c, irn_action, j);
	free(j);
	return rc;
}

/* ---- the profile ---- */

/* The profile as the answer; a PUT that changed nothing says "unchanged": true. */
static int render_profile(struct call *c, const struct gst_profile *p, int status, int unchanged)
{
	struct jsonw w;
	call_json(c, &w);
	jsonw_obj(&w);
	gst_profile_json_members(&w, p);
	if (unchanged)
		jsonw_kbool(&w, "unchanged", 1);
	jsonw_obj_end(&w);
	return call_json_done(c, &w, status);
}

static int h_profile_get(struct call *c)
{
	struct gst_profile *p = malloc(sizeof *p);
	int rc;
	if (!p)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	if ((rc = gst_profile_get(c->db, c->cid, p, &c->err)) >= 0)
		rc = render_profile(c, p, 200, 0);
	free(p);
	return rc;
}

/* What a PUT body holds; its units arrive as an array the reader allocates. */
struct profile_in {
	struct gst_profile p;
	struct gst_unit_code *units;
	int nunits;
};

#define PTEXT(k, m) {.key = k, .type = INPUT_TEXT, .off = offsetof(struct profile_in, p.m), .size = sizeof(((struct gst_profile *)0)->m)}
static const struct input_field unit_fields[] = {
	{.key = "unit", .type = INPUT_TEXT, .flags = INPUT_REQUIRED, .off = offsetof(struct gst_unit_code, unit),
	 .size = sizeof(((struct gst_unit_code *)0)->unit)},
	{.key = "uqc", .type = INPUT_TEXT, .flags = INPUT_REQUIRED, .off = offsetof(struct gst_unit_code, uqc),
	 .size = sizeof(((struct gst_unit_code *)0)->uqc)},
};
static const struct input_form unit_form = INPUT_FORM(unit_fields, NULL);
static const struct input_field profile_fields[] = {
	PTEXT("legal_name", legal_name), PTEXT("trade_name", trade_name), PTEXT("address1", address1),
	PTEXT("address2", address2), PTEXT("location", location), PTEXT("pincode", pincode), PTEXT("phone", phone),
	PTEXT("email", email),
	{.key = "units", .type = INPUT_ARRAY, .off = offsetof(struct profile_in, units), .size = sizeof(struct gst_unit_code),
	 .max = GST_UNITS_MAX, .sub = &unit_form, .count_off = offsetof(struct profile_in, nunits)},
	{.key = "updated_at", .type = INPUT_IGNORE},
};
#undef PTEXT
static const struct input_form profile_form = INPUT_FORM(profile_fields, NULL);

struct profile_job {
	struct profile_in in;
	struct gst_profile out;
};

static int profile_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct profile_job *j = arg;
	int rc = gst_profile_set(db, c->cid, c->auth.user.id, &j->in.p, &j->out, e);
	return rc < 0 ? rc : render_profile(c, &j->out, 200, rc == ERR_UNCHANGED);
}

/* PUT the whole profile: the members left out are emptied, the units given replace the company's. */
static int h_profile_put(struct call *c)
{
	struct profile_job *j = calloc(1, sizeof *j);
	int rc;
	if (!j)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	if ((rc = call_read(c, &profile_form, &j->in, NULL)) >= 0) {
		j->in.p.nunits = j->in.nunits;
		for (int i = 0; i < j->in.nunits; i++)
			j->in.p.units[i] = j->in.units[i];
		rc = call_write(c, profile_action, j);
	}
	free(j->in.units);
	free(j);
	return rc;
}

static const struct route routes[] = {
	{"GET", "/api/v1/companies/{cid}/reports/gstr1.json", h_gstr1, ACCESS_COMPANY, PERM_REPORT_READ},
	{"GET", "/api/v1/companies/{cid}/reports/gstr3b.json", h_gstr3b, ACCESS_COMPANY, PERM_REPORT_READ},
	{"GET", "/api/v1/companies/{cid}/vouchers/{id}/e-invoice", h_einvoice, ACCESS_COMPANY, PERM_VOUCHER_READ},
	{"GET", "/api/v1/companies/{cid}/vouchers/{id}/e-way-bill", h_ewaybill, ACCESS_COMPANY, PERM_VOUCHER_READ},
	{"GET", "/api/v1/companies/{cid}/vouchers/{id}/irn", h_irn_get, ACCESS_COMPANY, PERM_VOUCHER_READ},
	{"POST", "/api/v1/companies/{cid}/vouchers/{id}/irn", h_irn_post, ACCESS_COMPANY, PERM_VOUCHER_ALTER},
	{"GET", "/api/v1/companies/{cid}/gst-profile", h_profile_get, ACCESS_COMPANY, PERM_COMPANY_READ},
	{"PUT", "/api/v1/companies/{cid}/gst-profile", h_profile_put, ACCESS_COMPANY, PERM_PERIOD_LOCK},
};

ROUTE_TABLE(gst_routes, "gst", routes);
