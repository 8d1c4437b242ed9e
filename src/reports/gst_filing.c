/* gst_filing.c - a month's GSTR-1 marked filed: the return's lines as they stand are kept in
 * gst_filed_lines, so that the report of a filed month stays what was filed and a later change
 * to one of its invoices goes to the amendment tables of the month it was made in (reports_gst.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "lib/clock.h"
#include "lib/date.h"
#include "lib/jsonw.h"
#include "lib/text.h"
#include "reports/gst_returns.h"
#include "reports/reports_gst_int.h"
#include "lib/banned.h"

enum { SQL_FILED, SQL_FILING_INSERT, SQL_LINE_INSERT, SQL_FILINGS, SQL_MAX };

static const char *const sql[SQL_MAX] = {
	[SQL_FILED] = "SELECT 1 FROM gst_filings WHERE company_id = ? AND return_type = 'gstr1' AND period = ?",
	[SQL_FILING_INSERT] = "INSERT INTO gst_filings(company_id, return_type, period, filed_at, user_id) VALUES (?, 'gstr1', ?, ?, ?)",
	[SQL_LINE_INSERT] = "INSERT INTO gst_filed_lines(company_id, period, section, voucher_id, version, status, filed_date, type, "
			    "number, date, total, place_of_supply, party_gstin, party_name, reference, supply_type, port_code, "
			    "shipping_bill_no, shipping_bill_date, orig_total, orig_date, orig_pos, orig_supply_type, gst_rate, gst_reason, "
			    "taxable, igst, cgst, sgst, cess) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', "
			    "?, ?, ?, ?, ?, ?, ?)",
	[SQL_FILINGS] = "SELECT return_type, period, filed_at, user_id FROM gst_filings WHERE company_id = ? ORDER BY period, return_type",
};

/* "2026-08": a real month. */
static int period_ok(const char *p)
{
	char d[DATE_ISO_SIZE];
	if (strlen(p) != 7)
		return 0;
	snprintf(d, sizeof d, "%s-01", p);
	return date_iso_ok(d);
}

static int keep_line(struct db *db, int64_t cid, const char *period, const struct gst_rline *l, struct err *e)
{
	int rc = db_run(db, sql[SQL_LINE_INSERT],
			DB_ARGS(DB_I64(cid), DB_TEXT(period), DB_TEXT(l->amendment ? "amend" : "orig"), DB_I64(l->voucher_id),
				DB_I64(l->version), DB_TEXT(l->cancelled ? "cancelled" : "active"), DB_TEXT(l->filed_date),
				DB_TEXT(l->note ? "credit_note" : "sales"), DB_TEXT(l->number), DB_TEXT(l->date), DB_I64(l->value),
				DB_TEXT(l->pos), DB_TEXT(l->gstin), DB_TEXT(l->party), DB_TEXT(l->ref), DB_TEXT(l->supply_type),
				DB_TEXT(l->port_code), DB_TEXT(l->sb_no), DB_TEXT(l->sb_date), DB_I64(l->orig_value),
				DB_TEXT(l->orig_date), DB_TEXT(l->orig_pos), DB_I64(l->rate), DB_TEXT(l->reason), DB_I64(l->taxable),
				DB_I64(l->igst), DB_I64(l->cgst), DB_I64(l->sgst), DB_I64(l->cess)), e);
	return rc < 0 ? rc : 0;
}

static int audit_filing(struct db *db, int64_t cid, int64_t actor, const char *period, const char *at, size_t lines, struct err *e)
{
	struct buf b = BUF_INIT;
	struct jsonw w;
	int64_t id = (period[0] - '0') * 100000 + (period[1] - '0') * 10000 + (period[2] - '0') * 1000 + (period[3] - '0') * 100 +
		     (period[5] - '0') * 10 + (period[6] - '0');
	int rc;
	jsonw_init(&w, &b);
	jsonw_obj(&w);
	jsonw_kstr(&w, "return", "gstr1");
	jsonw_kstr(&w, "period", period);
	jsonw_kstr(&w, "filed_at", at);
	jsonw_ki64(&w, "lines", (int64_t)lines);
	jsonw_obj_end(&w);
	rc = jsonw_ok(&w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory")
			      : audit_append(db, cid, actor, "gst_filing", id, "create", NULL, buf_str(&b), e);
	buf_free(&b);
	return rc;
}

int gst_file_gstr1(struct db *db, int64_t cid, int64_t actor, const char *period, struct err *e)
{
	struct gstr1 g;
	char from[DATE_ISO_SIZE], next[DATE_ISO_SIZE], to[DATE_ISO_SIZE], at[CLOCK_ISO_SIZE];
	int rc;

	if (!period || !period_ok(period))
		return err_setr(e, ERR_INVALID, "period", "not_month", "period must be a month YYYY-MM");
	snprintf(from, sizeof from, "%s-01", period);
	if (date_iso_add(from, 31, next) < 0)
		return err_setr(e, ERR_INVALID, "period", "not_month", "period must be a month YYYY-MM");
	memcpy(next + 8, "01", 3);
	if (date_iso_add(next, -1, to) < 0)
		return err_setr(e, ERR_INVALID, "period", "not_month", "period must be a month YYYY-MM");
	clock_now_iso(at);
	memset(&g, 0, sizeof g);
	if ((rc = db_exists(db, sql[SQL_FILED], DB_ARGS(DB_I64(cid), DB_TEXT(period)), e)) < 0)
		return rc;
	if (rc) {
		err_set(e, ERR_CONFLICT, "period", "the GSTR-1 of %s is already marked filed", period);
		err_reason(e, "already_filed");
		return err_detail_text(e, "period", period);
	}
	/* the lines first: the month is not filed while they are read */
	if ((rc = gstr1_load_lines(db, cid, from, to, &g, e)) < 0 ||
	    (rc = db_run(db, sql[SQL_FILING_INSERT], DB_ARGS(DB_I64(cid), DB_TEXT(period), DB_TEXT(at), DB_I64(actor)), e)) < 0)
		goto out;
	for (size_t i = 0; i < g.n && rc >= 0; i++)
		rc = keep_line(db, cid, period, &g.lines[i], e);
	if (rc >= 0)
		rc = audit_filing(db, cid, actor, period, at, g.n, e);
out:
	gstr1_free(&g);
	return rc < 0 ? rc : 0;
}

struct filings_ctx {
	int (*each)(void *ctx, const struct gst_filing *f);
	void *ctx;
};

static int filing_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct filings_ctx *x = ctx;
	struct gst_filing f;
	(void)e;
	memset(&f, 0, sizeof f);
	text_copy(f.return_type, sizeof f.return_type, db_col_text(st, 0));
	text_copy(f.period, sizeof f.period, db_col_text(st, 1));
	text_copy(f.filed_at, sizeof f.filed_at, db_col_text(st, 2));
	f.user_id = db_col_i64(st, 3);
	return x->each(x->ctx, &f);
}

int gst_filings_each(struct db *db, int64_t cid, int (*each)(void *ctx, const struct gst_filing *f), void *ctx, struct err *e)
{
	struct filings_ctx x = {each, ctx};
	int rc = db_each(db, sql[SQL_FILINGS], DB_ARGS(DB_I64(cid)), filing_row, &x, e);
	return rc < 0 ? rc : 0;
}
