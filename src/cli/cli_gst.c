/* cli_gst.c - the GST files on the command line: `daftar export gstr1|gstr3b --period YYYY-MM`,
 * `export e-invoice --voucher ID` and `export e-way-bill --voucher ID [--vehicle NO] [--distance KM]
 * [--mode road|rail|air|ship]`, each written to stdout as the portal takes it; what a file could
 * not say exactly (a unit filed as OTH) goes to stderr. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "gst/gst.h"
#include "lib/text.h"
#include "lib/banned.h"

static const char usage[] =
	"daftar: export gstr1|gstr3b --data DIR [--company ID] --period YYYY-MM\n"
	"        export e-invoice --data DIR [--company ID] --voucher ID\n"
	"        export e-way-bill --data DIR [--company ID] --voucher ID [--vehicle NO] [--distance KM] "
	"[--mode road|rail|air|ship]\n";

/* The transport of an e-way bill from the options. */
static int transport_opts(const struct cli_opts *o, struct gst_transport *t)
{
	static const char *const modes[] = {"road", "rail", "air", "ship"};
	const char *mode = cli_get(o, "mode"), *dist = cli_get(o, "distance"), *veh = cli_get(o, "vehicle");
	memset(t, 0, sizeof *t);
	if (mode) {
		for (int i = 0; i < 4; i++)
			if (strcmp(mode, modes[i]) == 0)
				t->mode = i + 1;
		if (!t->mode) {
			fprintf(stderr, "daftar: --mode must be road, rail, air or ship\n");
			return -1;
		}
	}
	if (dist && text_parse_i64(dist, 0, 4000, &t->distance) < 0) {
		fprintf(stderr, "daftar: --distance must be 0 to 4000 km\n");
		return -1;
	}
	if (veh && text_copy(t->vehicle_no, sizeof t->vehicle_no, veh) < 0) {
		fprintf(stderr, "daftar: --vehicle is too long\n");
		return -1;
	}
	return 0;
}

struct export_run {
	const char *what;
	int64_t cid, voucher;
	const char *period;
	struct gst_transport t;
	struct gst_warnings warn;
	struct buf out;
};

static int export_one(struct db *db, struct export_run *x, struct err *e)
{
	if (strcmp(x->what, "gstr1") == 0)
		return gst_gstr1_file(db, x->cid, x->period, &x->out, &x->warn, e);
	if (strcmp(x->what, "gstr3b") == 0)
		return gst_gstr3b_file(db, x->cid, x->period, &x->out, e);
	if (strcmp(x->what, "e-invoice") == 0)
		return gst_einvoice_file(db, x->cid, x->voucher, &x->out, e);
	return gst_ewaybill_file(db, x->cid, x->voucher, &x->t, &x->out, e);
}

int cmd_export_gst(int argc, char **argv)
{
	struct export_run *x = calloc(1, sizeof *x);
	struct cli_opts o;
	struct db *db = NULL;
	struct err e = ERR_INIT;
	const char *company, *voucher;
	int rc = 2, returns;

	if (!x)
		return 1;
	x->what = argv[2];
	returns = strcmp(x->what, "gstr1") == 0 || strcmp(x->what, "gstr3b") == 0;
	if (cli_parse(argc, argv, 3, NULL, &o) < 0 || o.npos != 0)
		goto usage;
	company = cli_get(&o, "company");
	voucher = cli_get(&o, "voucher");
	x->cid = 1;
	x->period = cli_get(&o, "period");
	if ((company && text_parse_i64(company, 1, INT64_MAX, &x->cid) < 0) || (returns && !x->period) ||
	    (!returns && (!voucher || text_parse_i64(voucher, 1, INT64_MAX, &x->voucher) < 0)) ||
	    (strcmp(x->what, "e-way-bill") == 0 && transport_opts(&o, &x->t) < 0))
		goto usage;
	if ((rc = cli_open(&o, &db)) != 0)
		goto out;
	/* One read snapshot: the return's tables agree with each other. */
	if ((rc = db_begin_read(db, &e)) == 0) {
		rc = export_one(db, x, &e);
		db_rollback(db);
	}
	db_close(db);
	if (rc < 0) {
		rc = cli_fail(&e);
		goto out;
	}
	for (int i = 0; i < x->warn.n; i++)
		fprintf(stderr, "daftar: warning: unit \"%s\" has no unit quantity code: filed as %s\n", x->warn.w[i].unit,
			x->warn.w[i].uqc);
	if (fwrite(buf_str(&x->out), 1, x->out.len, stdout) != x->out.len || fputc('\n', stdout) == EOF || fflush(stdout) != 0) {
		fprintf(stderr, "daftar: cannot write the file: %s\n", strerror(errno));
		rc = 1;
		goto out;
	}
	rc = 0;
	goto out;
usage:
	fputs(usage, stderr);
	rc = 2;
out:
	buf_free(&x->out);
	free(x);
	return rc;
}
