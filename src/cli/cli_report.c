/* cli_report.c - `daftar report NAME`: any accounting report of a company printed to stdout as an
 * aligned table, CSV or JSON; the same report functions the API serves. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "reports/reports.h"
#include "lib/text.h"
#include "books/books.h"
#include "lib/banned.h"

static void names_to(FILE *f)
{
	fputs("reports:", f);
	for (const char *const *n = report_names; *n; n++)
		fprintf(f, " %s", *n);
	fputc('\n', f);
}

/* The company to report on: --company, else the first company. */
static int pick_company(struct db *db, const char *opt, int64_t *ret, struct err *e)
{
	if (opt) {
		if (text_parse_i64(opt, 1, INT64_MAX, ret) < 0)
			return err_set(e, ERR_INVALID, "company", "--company must be a company id");
		return 0;
	}
	if (db_i64(db, "SELECT min(id) FROM companies", DB_NOARGS, ret, e) < 0)
		return e->code;
	if (*ret <= 0)
		return err_set(e, ERR_NOT_FOUND, "company", "there is no company yet (daftar init)");
	return 0;
}

/* --ledger as an id, or else as a ledger's exact name. */
static int pick_ledger(struct db *db, int64_t cid, const char *opt, int64_t *ret, struct err *e)
{
	struct db_stmt *st;
	int rc;
	if (text_parse_i64(opt, 1, INT64_MAX, ret) == 0)
		return 0;
	if (!(st = db_prepare(db, "SELECT id FROM ledgers WHERE company_id = ? AND name = ?", e)))
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, opt);
	rc = db_step(st, e);
	if (rc == DB_ROW)
		*ret = db_col_i64(st, 0);
	db_done(st);
	if (rc < 0)
		return rc;
	return rc == DB_ROW ? 0 : err_set(e, ERR_NOT_FOUND, "ledger", "no ledger named \"%.100s\"", opt);
}

/* --godown as an id, or else as a godown's exact name. */
static int pick_godown(struct db *db, int64_t cid, const char *opt, int64_t *ret, struct err *e)
{
	struct db_stmt *st;
	int rc;
	if (!(st = db_prepare(db, "SELECT id FROM godowns WHERE company_id = ? AND (name = ? OR CAST(id AS TEXT) = ?)", e)))
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, opt);
	db_bind_text(st, 3, opt);
	rc = db_step(st, e);
	if (rc == DB_ROW)
		*ret = db_col_i64(st, 0);
	db_done(st);
	if (rc < 0)
		return rc;
	return rc == DB_ROW ? 0 : err_set(e, ERR_NOT_FOUND, "godown", "no godown \"%.100s\"", opt);
}

/* --item as an item's exact SKU, or else as its id. A SKU wins: it is what people see. */
static int pick_item(struct db *db, int64_t cid, const char *opt, int64_t *ret, struct err *e)
{
	static const char *const sql[] = {
		"SELECT id FROM items WHERE company_id = ? AND sku = ?",
		"SELECT id FROM items WHERE company_id = ? AND id = ?",
	};
	int64_t id = 0;
	for (int k = 0; k < 2; k++) {
		struct db_stmt *st;
		int rc;
		if (k == 1 && text_parse_i64(opt, 1, INT64_MAX, &id) < 0)
			break;
		if (!(st = db_prepare(db, sql[k], e)))
			return e->code;
		db_bind_i64(st, 1, cid);
		if (k == 0)
			db_bind_text(st, 2, opt);
		else
			db_bind_i64(st, 2, id);
		rc = db_step(st, e);
		if (rc == DB_ROW)
			*ret = db_col_i64(st, 0);
		db_done(st);
		if (rc < 0)
			return rc;
		if (rc == DB_ROW)
			return 0;
	}
	return err_set(e, ERR_NOT_FOUND, "item", "no item with SKU or id \"%.100s\"", opt);
}

static int copy_date(const char *v, char out[11], const char *field, struct err *e)
{
	if (!v)
		return 0;
	if (text_copy(out, 11, v) < 0 || !*v)
		return err_set(e, ERR_INVALID, field, "--%s must be a date YYYY-MM-DD, not \"%.20s\"", field, v);
	return 0;
}

int cmd_report(int argc, char **argv)
{
	static const char *const flags[] = {"all", NULL};
	struct cli_opts o;
	struct report_params p;
	struct report *r = NULL;
	struct db *db = NULL;
	struct err e = ERR_INIT;
	struct buf out = BUF_INIT;
	const char *name, *format, *section;
	char today[DATE_ISO_SIZE];
	int64_t cid = 0, depth = 0;
	int rc;

	if (cli_parse(argc, argv, 2, flags, &o) < 0)
		return 2;
	if (o.npos != 1) {
		fprintf(stderr, "usage: daftar report NAME --data DIR [--company ID] [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
				"       [--ledger ID|NAME] [--format table|csv|json] [--section NAME] [--depth N] [--all]\n"
				"       daftar report stock-summary --data DIR [--date YYYY-MM-DD] [--godown ID|NAME] [--format ...]\n"
				"       daftar report stock-movement --data DIR --item ID|SKU [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format ...]\n"
				"       daftar report stock-ageing --data DIR [--date YYYY-MM-DD] [--section quantity|value] [--format ...]\n"
				"       daftar report reorder|batches --data DIR [--format ...]   (the stock as it is now)\n");
		names_to(stderr);
		return 2;
	}
	name = o.pos[0];
	if (!report_find(name)) {
		fprintf(stderr, "daftar: no report called \"%s\"\n", name);
		names_to(stderr);
		return 2;
	}
	format = cli_get(&o, "format") ? cli_get(&o, "format") : "table";
	if (strcmp(format, "table") != 0 && strcmp(format, "csv") != 0 && strcmp(format, "json") != 0) {
		fprintf(stderr, "daftar: --format must be table, csv or json\n");
		return 2;
	}
	section = cli_get(&o, "section");
	/* The reorder list and the batches are of the stock now: a date would only mislead. */
	if ((!strcmp(name, "reorder") || !strcmp(name, "batches")) &&
	    (cli_get(&o, "from") || cli_get(&o, "to") || cli_get(&o, "as-of") || cli_get(&o, "date"))) {
		fprintf(stderr, "daftar: %s shows the stock as it is now; it takes no --from, --to or --date\n", name);
		return 2;
	}
	if (!strcmp(name, "stock-movement") && !cli_get(&o, "item")) {
		fprintf(stderr, "daftar: stock-movement needs --item ID|SKU\n");
		return 2;
	}
	memset(&p, 0, sizeof p);
	if (copy_date(cli_get(&o, "from"), p.from, "from", &e) < 0 || copy_date(cli_get(&o, "to"), p.to, "to", &e) < 0 ||
	    copy_date(cli_get(&o, "as-of"), p.as_of, "as-of", &e) < 0 || copy_date(cli_get(&o, "date"), p.as_of, "date", &e) < 0)
		return cli_fail(&e);
	if (cli_get(&o, "depth") && text_parse_i64(cli_get(&o, "depth"), 0, 20, &depth) < 0) {
		fprintf(stderr, "daftar: --depth must be a number from 0 to 20\n");
		return 2;
	}
	p.depth = (int)depth;
	p.all = cli_flag(&o, "all");
	/* Dates are checked before the database is opened: a typo fails fast and changes nothing. */
	if (report_params_resolve(&p, NULL, &e) < 0)
		return cli_fail(&e);
	if ((rc = cli_open(&o, &db)) != 0)
		return rc;
	if (pick_company(db, cli_get(&o, "company"), &cid, &e) < 0 ||
	    (cli_get(&o, "ledger") && pick_ledger(db, cid, cli_get(&o, "ledger"), &p.ledger_id, &e) < 0) ||
	    (cli_get(&o, "godown") && pick_godown(db, cid, cli_get(&o, "godown"), &p.godown_id, &e) < 0) ||
	    (cli_get(&o, "item") && pick_item(db, cid, cli_get(&o, "item"), &p.item_id, &e) < 0) ||
	    books_today_of(db, cid, today, &e) < 0 || report_params_resolve(&p, today, &e) < 0) {
		db_close(db);
		return cli_fail(&e);
	}
	r = malloc(sizeof *r);
	if (!r) {
		db_close(db);
		fprintf(stderr, "daftar: out of memory\n");
		return 1;
	}
	report_init(r);
	rc = report_run(db, cid, name, &p, r, &e);
	if (rc >= 0) {
		if (!strcmp(format, "csv"))
			rc = report_csv(r, section, &out, &e);
		else if (!strcmp(format, "json"))
			rc = report_json(r, section, &out, &e);
		else
			rc = report_text_table(r, section, &out, &e);
	}
	if (rc >= 0 && !strcmp(format, "json") && buf_addc(&out, '\n') < 0)
		rc = err_set(&e, ERR_INTERNAL, NULL, "out of memory");
	if (rc >= 0 && (fwrite(buf_str(&out), 1, out.len, stdout) != out.len || fflush(stdout) != 0)) {
		fprintf(stderr, "daftar: cannot write the report\n");
		rc = ERR_INTERNAL;
		e.code = 0;
	}
	report_done(r);
	free(r);
	buf_free(&out);
	db_close(db);
	if (rc < 0)
		return e.code ? cli_fail(&e) : 1;
	return 0;
}
