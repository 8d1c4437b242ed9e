/* cli_report.c - `daftar report NAME`: any accounting report of a company printed to stdout as an
 * aligned table, CSV or JSON; the same report functions the API serves, in one read snapshot. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/company.h"
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
	int rc;
	if (opt) {
		if (text_parse_i64(opt, 1, INT64_MAX, ret) < 0)
			return err_set(e, ERR_INVALID, "company", "--company must be a company id");
		return 0;
	}
	if ((rc = company_first(db, ret, e)) < 0)
		return rc;
	if (*ret <= 0)
		return err_set(e, ERR_NOT_FOUND, "company", "there is no company yet (daftar init)");
	return 0;
}

static int copy_date(const char *v, char out[11], const char *field, struct err *e)
{
	if (!v)
		return 0;
	if (text_copy(out, 11, v) < 0 || !*v)
		return err_setr(e, ERR_INVALID, field, "not_date", "--%s must be a date YYYY-MM-DD, not \"%.20s\"", field, v);
	return 0;
}

/* What the command line asks for. */
struct report_ask {
	const char *name, *format, *section;
	struct report_params p;
};

/* Reads and checks the options, before the database is opened: a typo fails fast and changes
 * nothing. 0, or the exit code after saying what is wrong. */
static int report_ask_read(const struct cli_opts *o, struct report_ask *a)
{
	struct err e = ERR_INIT;
	int64_t depth = 0;

	memset(a, 0, sizeof *a);
	a->name = o->pos[0];
	if (!report_find(a->name)) {
		fprintf(stderr, "daftar: no report called \"%s\"\n", a->name);
		names_to(stderr);
		return 2;
	}
	a->format = cli_get(o, "format") ? cli_get(o, "format") : "table";
	if (strcmp(a->format, "table") != 0 && strcmp(a->format, "csv") != 0 && strcmp(a->format, "json") != 0) {
		fprintf(stderr, "daftar: --format must be table, csv or json\n");
		return 2;
	}
	a->section = cli_get(o, "section");
	/* The reorder list and the batches are of the stock now: a date would only mislead. */
	if ((!strcmp(a->name, "reorder") || !strcmp(a->name, "batches")) &&
	    (cli_get(o, "from") || cli_get(o, "to") || cli_get(o, "as-of") || cli_get(o, "date"))) {
		fprintf(stderr, "daftar: %s shows the stock as it is now; it takes no --from, --to or --date\n", a->name);
		return 2;
	}
	if (!strcmp(a->name, "stock-movement") && !cli_get(o, "item")) {
		fprintf(stderr, "daftar: stock-movement needs --item ID|SKU\n");
		return 2;
	}
	if (copy_date(cli_get(o, "from"), a->p.from, "from", &e) < 0 || copy_date(cli_get(o, "to"), a->p.to, "to", &e) < 0 ||
	    copy_date(cli_get(o, "as-of"), a->p.as_of, "as-of", &e) < 0 ||
	    copy_date(cli_get(o, "date"), a->p.as_of, "date", &e) < 0)
		return cli_fail(&e);
	if (cli_get(o, "depth") && text_parse_i64(cli_get(o, "depth"), 0, 20, &depth) < 0) {
		fprintf(stderr, "daftar: --depth must be a number from 0 to 20\n");
		return 2;
	}
	a->p.depth = (int)depth;
	a->p.all = cli_flag(o, "all");
	if (report_ageing_parse(&a->p, cli_get(o, "as-at"), cli_get(o, "buckets"), cli_get(o, "age-by"), &e) < 0 ||
	    report_params_resolve(&a->p, NULL, &e) < 0)
		return cli_fail(&e);
	return 0;
}

/* The company, the names given, today's defaults, then the report rendered into out; all in the
 * caller's read snapshot. */
static int report_make(struct db *db, const struct cli_opts *o, struct report_ask *a, struct report *r, struct buf *out,
		       struct err *e)
{
	struct report_params *p = &a->p;
	char today[DATE_ISO_SIZE];
	int64_t cid = 0;
	int rc;

	if ((rc = pick_company(db, cli_get(o, "company"), &cid, e)) < 0 ||
	    (cli_get(o, "ledger") && (rc = report_pick_ledger(db, cid, cli_get(o, "ledger"), &p->ledger_id, e)) < 0) ||
	    (cli_get(o, "godown") && (rc = report_pick_godown(db, cid, cli_get(o, "godown"), &p->godown_id, e)) < 0) ||
	    (cli_get(o, "item") && (rc = report_pick_item(db, cid, cli_get(o, "item"), &p->item_id, e)) < 0) ||
	    (rc = books_today_of(db, cid, today, e)) < 0 || (rc = report_params_resolve(p, today, e)) < 0)
		return rc;
	p->page.limit = REPORT_PAGE_ALL; /* a paged report prints every row here */
	if ((rc = report_run(db, cid, a->name, p, r, e)) < 0)
		return rc;
	if (!strcmp(a->format, "csv"))
		rc = report_csv(r, a->section, out, e);
	else if (!strcmp(a->format, "json"))
		rc = report_json(r, a->section, out, e);
	else
		rc = report_text_table(r, a->section, out, e);
	if (rc >= 0 && !strcmp(a->format, "json") && buf_addc(out, '\n') < 0)
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
	return rc;
}

int cmd_report(int argc, char **argv)
{
	static const char *const flags[] = {"all", NULL};
	struct cli_opts o;
	struct report_ask a;
	struct report *r = NULL;
	struct db *db = NULL;
	struct err e = ERR_INIT;
	struct buf out = BUF_INIT;
	int rc;

	if (cli_parse(argc, argv, 2, flags, &o) < 0)
		return 2;
	if (o.npos != 1) {
		fprintf(stderr, "usage: daftar report NAME --data DIR [--company ID] [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
				"       [--ledger ID|NAME] [--format table|csv|json] [--section NAME] [--depth N] [--all]\n"
				"       daftar report receivables|payables --data DIR [--to YYYY-MM-DD] [--as-at YYYY-MM-DD]\n"
				"       [--buckets 30,60,90] [--age-by bill|due] [--ledger ID|NAME] [--all] [--format ...]\n"
				"       daftar report stock-summary --data DIR [--date YYYY-MM-DD] [--godown ID|NAME] [--format ...]\n"
				"       daftar report stock-movement --data DIR --item ID|SKU [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format ...]\n"
				"       daftar report stock-ageing --data DIR [--date YYYY-MM-DD] [--section quantity|value] [--format ...]\n"
				"       daftar report reorder|batches --data DIR [--format ...]   (the stock as it is now)\n");
		names_to(stderr);
		return 2;
	}
	if ((rc = report_ask_read(&o, &a)) != 0)
		return rc;
	if ((rc = cli_open(&o, &db)) != 0)
		return rc;
	if (!(r = malloc(sizeof *r))) {
		db_close(db);
		fprintf(stderr, "daftar: out of memory\n");
		return 1;
	}
	report_init(r);
	/* One read snapshot: every figure of the report from one state of the books. */
	if ((rc = db_begin_read(db, &e)) == 0) {
		rc = report_make(db, &o, &a, r, &out, &e);
		db_rollback(db);
	}
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
