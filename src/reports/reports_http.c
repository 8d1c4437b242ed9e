/* reports_http.c - the report endpoints (GET .../reports/{name} as JSON, CSV or text), the bank
 * statement upload (POST .../bank-statements, a CSV body), a statement line matched or unmatched by
 * hand (POST and DELETE .../bank-statements/lines/{id}/match) and the GST filings (.../gst-filings); the home
 * screen's figures (GET .../home). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/jsonw.h"
#include "reports/gst_returns.h"
#include "reports/reports.h"
#include "reports/reports_http.h"
#include "server/server.h"
#include "lib/text.h"
#include "books/books.h"
#include "lib/banned.h"

/* Copies a date query parameter into out (11 bytes); too long is invalid, absent leaves "". */
static int query_date(struct call *c, const char *name, char out[11])
{
	const char *v = http_query(c->req, name);
	*out = '\0';
	if (!v || !*v)
		return 0;
	if (text_copy(out, 11, v) < 0)
		return err_setr(&c->err, ERR_INVALID, name, "not_date", "%s must be a date YYYY-MM-DD", name);
	return 0;
}

/* The stock reports' query members: ?date= (the day they are as at, standing for as_of; a bad
 * one is refused on "date"), ?by= (the stock summary's rows), ?godown_id=, ?item_id=. */
static int query_stock(struct call *c, struct report_params *p)
{
	const char *date = http_query(c->req, "date"), *by = http_query(c->req, "by");
	int rc;
	if (date && *date && !*p->as_of) {
		if (!date_iso_ok(date))
			return err_setr(&c->err, ERR_INVALID, "date", "not_date", "date must be YYYY-MM-DD");
		memcpy(p->as_of, date, DATE_ISO_SIZE);
	}
	if (by && text_copy(p->by, sizeof p->by, by) < 0)
		return err_setr(&c->err, ERR_INVALID, "by", "by_choice", "by must be item, group or godown");
	if ((rc = call_query_int(c, "godown_id", 1, INT64_MAX, &p->godown_id)) < 0)
		return rc;
	return call_query_int(c, "item_id", 1, INT64_MAX, &p->item_id);
}

/* The last segment of the path: the report's name. */
static const char *path_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static int h_report(struct call *c)
{
	struct report_params p;
	struct report *r = malloc(sizeof *r);
	const char *name = path_name(c->req->path), *format = http_query(c->req, "format");
	const char *section = http_query(c->req, "section");
	int64_t depth = 0, all = 0, limit = 0;
	char today[DATE_ISO_SIZE];
	int rc;

	if (!r)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	report_init(r);
	memset(&p, 0, sizeof p);
	if (!format || !*format)
		format = "json";
	if (strcmp(format, "json") != 0 && strcmp(format, "csv") != 0 && strcmp(format, "text") != 0) {
		rc = err_setr(&c->err, ERR_INVALID, "format", "format_choice", "format must be json, csv or text");
		goto out;
	}
	if ((rc = query_date(c, "from", p.from)) < 0 || (rc = query_date(c, "to", p.to)) < 0 ||
	    (rc = query_date(c, "as_of", p.as_of)) < 0 ||
	    (rc = call_query_int(c, "ledger_id", 1, INT64_MAX, &p.ledger_id)) < 0 ||
	    (rc = call_query_int(c, "depth", 0, 20, &depth)) < 0 || (rc = call_query_int(c, "all", 0, 1, &all)) < 0 ||
	    (rc = call_query_int(c, "limit", 1, PAGE_LIMIT_MAX, &limit)) < 0 || (rc = call_query_int(c, "after", 1, INT64_MAX, &p.page.after)) < 0 ||
	    (rc = query_stock(c, &p)) < 0)
		goto out;
	if ((rc = report_ageing_parse(&p, http_query(c->req, "as_at"), http_query(c->req, "buckets"), http_query(c->req, "age_by"),
				      &c->err)) < 0)
		goto out;
	p.page.limit = (int)limit; /* 0 when not asked: the report's own default */
	p.depth = (int)depth;
	p.all = (int)all;
	if ((rc = books_today_of(c->db, c->cid, today, &c->err)) < 0 || (rc = report_params_resolve(&p, today, &c->err)) < 0)
		goto out;
	if ((rc = report_run(c->db, c->cid, name, &p, r, &c->err)) < 0)
		goto out;
	buf_reset(&c->resp->body);
	if (strcmp(format, "csv") == 0) {
		char disp[160];
		if ((rc = report_csv(r, section, &c->resp->body, &c->err)) < 0)
			goto out;
		snprintf(disp, sizeof disp, "attachment; filename=\"%s_%s_%s%s%s.csv\"", name, p.from, p.to,
			 section && *section ? "_" : "", section && *section && strlen(section) < 40 ? section : "");
		c->resp->status = 200;
		c->resp->content_type = "text/csv; charset=utf-8";
		http_resp_header(c->resp, "Content-Disposition", disp);
	} else if (strcmp(format, "text") == 0) {
		if ((rc = report_text_table(r, section, &c->resp->body, &c->err)) < 0)
			goto out;
		c->resp->status = 200;
		c->resp->content_type = "text/plain; charset=utf-8";
	} else {
		if ((rc = report_json(r, section, &c->resp->body, &c->err)) < 0)
			goto out;
		call_json_status(c, 200);
	}
	rc = 0;
out:
	if (rc < 0)
		buf_reset(&c->resp->body);
	report_done(r);
	free(r);
	return rc;
}

struct bank_job {
	int64_t ledger_id;
	struct bank_import_result res;
};

/* Runs on the writer's connection inside the write transaction. */
static int bank_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct bank_job *j = arg;
	struct jsonw w;
	int rc = bank_statement_import(db, c->cid, c->auth.user.id, j->ledger_id, c->req->body, c->req->body_len,
				       &j->res, e);
	if (rc < 0)
		return rc;
	buf_reset(&c->resp->body);
	jsonw_init(&w, &c->resp->body);
	jsonw_obj(&w);
	jsonw_ki64(&w, "ledger_id", j->ledger_id);
	jsonw_ki64(&w, "lines", j->res.lines);
	jsonw_ki64(&w, "imported", j->res.imported);
	jsonw_ki64(&w, "duplicates", j->res.duplicates);
	jsonw_ki64(&w, "matched", j->res.matched);
	jsonw_ki64(&w, "unmatched", j->res.unmatched);
	jsonw_obj_end(&w);
	if (jsonw_ok(&w) < 0)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	call_json_status(c, j->res.imported ? 201 : 200);
	return 0;
}

static int h_bank_statement_import(struct call *c)
{
	struct bank_job j;
	const char *ct = http_header(c->req, "Content-Type");

	memset(&j, 0, sizeof j);
	if (call_query_int(c, "ledger_id", 1, INT64_MAX, &j.ledger_id) < 0)
		return c->err.code;
	if (!j.ledger_id)
		return err_setr(&c->err, ERR_INVALID, "ledger_id", "required", "ledger_id of the bank ledger is required");
	if (ct && strncmp(ct, "text/csv", 8) != 0 && strncmp(ct, "text/plain", 10) != 0 &&
	    strncmp(ct, "application/octet-stream", 24) != 0)
		return err_setr(&c->err, ERR_INVALID, "Content-Type", "statement_not_csv", "send the statement as text/csv");
	if (c->req->body_len == 0)
		return err_setr(&c->err, ERR_INVALID, "body", "statement_no_rows", "the statement CSV is empty");
	return call_write(c, bank_action, &j);
}

/* A statement line matched or unmatched by hand. */
struct match_job {
	int64_t voucher_id, line_no;
	int undo;
	struct bank_line out;
};

static const struct input_field match_fields[] = {
	{.key = "voucher_id", .type = INPUT_ID, .flags = INPUT_REQUIRED, .off = offsetof(struct match_job, voucher_id)},
	{.key = "line_no", .type = INPUT_INT, .flags = INPUT_REQUIRED, .off = offsetof(struct match_job, line_no), .min = 1,
	 .max = 1000000},
};
static const struct input_form match_form = INPUT_FORM(match_fields, NULL);

static int match_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct match_job *j = arg;
	struct jsonw w;
	int rc = j->undo ? bank_line_unmatch(db, c->cid, c->auth.user.id, c->id, &j->out, e)
			 : bank_line_match(db, c->cid, c->auth.user.id, c->id, j->voucher_id, j->line_no, &j->out, e);
	if (rc < 0)
		return rc;
	buf_reset(&c->resp->body);
	jsonw_init(&w, &c->resp->body);
	jsonw_obj(&w);
	bank_line_json_members(&w, &j->out);
	if (rc == ERR_UNCHANGED) /* matched to that entry already */
		jsonw_kbool(&w, "unchanged", 1);
	jsonw_obj_end(&w);
	if (jsonw_ok(&w) < 0)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	call_json_status(c, 200);
	return 0;
}

static int h_bank_line_match(struct call *c)
{
	struct match_job *j = calloc(1, sizeof *j);
	int rc;
	if (!j)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	if ((rc = call_read(c, &match_form, j, NULL)) >= 0)
		rc = call_write(c, match_action, j);
	free(j);
	return rc;
}

static int h_bank_line_unmatch(struct call *c)
{
	struct match_job *j = calloc(1, sizeof *j);
	int rc;
	if (!j)
		return err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	j->undo = 1;
	rc = call_write(c, match_action, j);
	free(j);
	return rc;
}

/* ---- GST filings ---- */

struct filing_body {
	char return_type[8];
	char period[8];
};

static const struct input_field filing_fields[] = {
	{.key = "return", .type = INPUT_TEXT, .flags = INPUT_REQUIRED, .off = offsetof(struct filing_body, return_type),
	 .size = sizeof(((struct filing_body *)0)->return_type)},
	{.key = "period", .type = INPUT_TEXT, .flags = INPUT_REQUIRED, .off = offsetof(struct filing_body, period),
	 .size = sizeof(((struct filing_body *)0)->period)},
};
static const struct input_form filing_form = INPUT_FORM(filing_fields, NULL);

static void filing_json(struct jsonw *w, const struct gst_filing *f)
{
	jsonw_obj(w);
	jsonw_kstr(w, "return", f->return_type);
	jsonw_kstr(w, "period", f->period);
	jsonw_kstr(w, "filed_at", f->filed_at);
	jsonw_ki64(w, "user_id", f->user_id);
	jsonw_obj_end(w);
}

static int filing_item(void *ctx, const struct gst_filing *f)
{
	filing_json(ctx, f);
	return 0;
}

/* GET /gst-filings: the months whose returns are marked filed, oldest first. */
static int h_filings(struct call *c)
{
	struct jsonw w;
	int rc;
	call_json(c, &w);
	jsonw_obj(&w);
	jsonw_key(&w, "items");
	jsonw_arr(&w);
	if ((rc = gst_filings_each(c->db, c->cid, filing_item, &w, &c->err)) < 0)
		return rc;
	jsonw_arr_end(&w);
	jsonw_obj_end(&w);
	return call_json_done(c, &w, 200);
}

static int filing_picked(void *ctx, const struct gst_filing *f)
{
	struct gst_filing *want = ctx;
	if (strcmp(f->period, want->period) == 0 && strcmp(f->return_type, want->return_type) == 0)
		*want = *f;
	return 0;
}

static int filing_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct filing_body *b = arg;
	struct gst_filing f;
	struct jsonw w;
	int rc;
	if ((rc = gst_file_gstr1(db, c->cid, c->auth.user.id, b->period, e)) < 0)
		return rc;
	memset(&f, 0, sizeof f);
	text_copy(f.return_type, sizeof f.return_type, "gstr1");
	text_copy(f.period, sizeof f.period, b->period);
	if ((rc = gst_filings_each(db, c->cid, filing_picked, &f, e)) < 0)
		return rc;
	buf_reset(&c->resp->body);
	jsonw_init(&w, &c->resp->body);
	filing_json(&w, &f);
	if (jsonw_ok(&w) < 0)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	call_json_status(c, 201);
	return 0;
}

/* POST /gst-filings {"return": "gstr1", "period": "2026-08"}: marks the month's GSTR-1 filed. */
static int h_filing_create(struct call *c)
{
	struct filing_body b;
	int rc;
	memset(&b, 0, sizeof b);
	if ((rc = call_read(c, &filing_form, &b, NULL)) < 0)
		return rc;
	if (strcmp(b.return_type, "gstr1") != 0) {
		err_setr(&c->err, ERR_INVALID, "return", "not_one_of", "return must be gstr1");
		return err_detail_text(&c->err, "choices", "gstr1");
	}
	return call_write(c, filing_action, &b);
}

/* GET /home: the figures the caller's role may see, in one read snapshot. The books' money
 * (balances, bills, tax, sales, the vouchers' amounts) needs the reports' permission, as the
 * reports it drills to do: a role without it gets none of those members, not just a screen
 * that hides them. Items to reorder need what the reorder report needs, the newest vouchers
 * what the voucher list needs. */
static int h_home(struct call *c)
{
	struct home_scope scope = {
		.money = auth_role_can(c->role, PERM_REPORT_READ),
		.stock = auth_role_can(c->role, PERM_COMPANY_READ),
		.vouchers = auth_role_can(c->role, PERM_VOUCHER_READ),
	};
	char today[DATE_ISO_SIZE];
	struct jsonw w;
	int rc;

	if ((rc = books_today_of(c->db, c->cid, today, &c->err)) < 0)
		return rc;
	call_json(c, &w);
	if ((rc = home_json(c->db, c->cid, today, &scope, &w, &c->err)) < 0)
		return rc;
	return call_json_done(c, &w, 200);
}

static const struct route routes[] = {
	{"GET", "/api/v1/companies/{cid}/home", h_home, ACCESS_COMPANY, PERM_COMPANY_READ},
	{"GET", "/api/v1/companies/{cid}/gst-filings", h_filings, ACCESS_COMPANY, PERM_REPORT_READ},
	{"POST", "/api/v1/companies/{cid}/gst-filings", h_filing_create, ACCESS_COMPANY, PERM_PERIOD_LOCK},
	{"GET", "/api/v1/companies/{cid}/reports/day-book", h_report, ACCESS_COMPANY, PERM_REPORT_READ},
	{"GET", "/api/v1/companies/{cid}/reports/ledger", h_report, ACCESS_COMPANY, PERM_REPORT_READ},
	{"GET", "/api/v1/companies/{cid}/reports/trial-balance", h_report, ACCESS_COMPANY, PERM_REPORT_READ},
	{"GET", "/api/v1/companies/{cid}/reports/profit-loss", h_report, ACCESS_COMPANY, PERM_REPORT_READ},
	{"GET", "/api/v1/companies/{cid}/reports/balance-sheet", h_report, ACCESS_COMPANY, PERM_REPORT_READ},
	{"GET", "/api/v1/companies/{cid}/reports/cash-book", h_report, ACCESS_COMPANY, PERM_REPORT_READ},
	{"GET", "/api/v1/companies/{cid}/reports/bank-book", h_report, ACCESS_COMPANY, PERM_REPORT_READ},
	{"GET", "/api/v1/companies/{cid}/reports/receivables", h_report, ACCESS_COMPANY, PERM_REPORT_READ},
	{"GET", "/api/v1/companies/{cid}/reports/payables", h_report, ACCESS_COMPANY, PERM_REPORT_READ},
	{"GET", "/api/v1/companies/{cid}/reports/gstr1", h_report, ACCESS_COMPANY, PERM_REPORT_READ},
	{"GET", "/api/v1/companies/{cid}/reports/gstr3b", h_report, ACCESS_COMPANY, PERM_REPORT_READ},
	{"GET", "/api/v1/companies/{cid}/reports/bank-reconciliation", h_report, ACCESS_COMPANY, PERM_REPORT_READ},
	{"POST", "/api/v1/companies/{cid}/bank-statements", h_bank_statement_import, ACCESS_COMPANY, PERM_LEDGER_WRITE},
	{"POST", "/api/v1/companies/{cid}/bank-statements/lines/{id}/match", h_bank_line_match, ACCESS_COMPANY, PERM_LEDGER_WRITE},
	{"DELETE", "/api/v1/companies/{cid}/bank-statements/lines/{id}/match", h_bank_line_unmatch, ACCESS_COMPANY, PERM_LEDGER_WRITE},
	/* the stock reports: whoever may read the company's stock may read them, as before they
	 * were report endpoints */
	{"GET", "/api/v1/companies/{cid}/reports/stock-summary", h_report, ACCESS_COMPANY, PERM_COMPANY_READ},
	{"GET", "/api/v1/companies/{cid}/reports/stock-movement", h_report, ACCESS_COMPANY, PERM_COMPANY_READ},
	{"GET", "/api/v1/companies/{cid}/reports/stock-ageing", h_report, ACCESS_COMPANY, PERM_COMPANY_READ},
	{"GET", "/api/v1/companies/{cid}/reports/reorder", h_report, ACCESS_COMPANY, PERM_COMPANY_READ},
	{"GET", "/api/v1/companies/{cid}/reports/batches", h_report, ACCESS_COMPANY, PERM_COMPANY_READ},
};

ROUTE_TABLE(reports_routes, "reports", routes);
