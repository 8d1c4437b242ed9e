/* cli_books.c - the books in and out on the command line: `import ledger` and `export ledger`
 * (the ledger/hledger journal format). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "accounts/accounts.h"
#include "accounts/journal.h"
#include "cli/cli.h"
#include "lib/text.h"
#include "lib/banned.h"

static int company_opt(const struct cli_opts *o, int64_t *ret)
{
	const char *s = cli_get(o, "company");
	if (!s) {
		*ret = 1;
		return 0;
	}
	if (text_parse_i64(s, 1, INT64_MAX, ret) < 0) {
		fprintf(stderr, "daftar: --company must be a company id\n");
		return -1;
	}
	return 0;
}

/* Milliseconds since t0 (integers only: this file is next to money). */
static long long ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (long long)(t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

struct import_ctx {
	int64_t cid;
	const char *path;
	struct journal_import_result r;
};

static int import_work(struct db *db, void *p, struct err *e)
{
	struct import_ctx *c = p;
	int rc = journal_import(db, c->cid, 0, c->path, &c->r, e);
	/* a load leaves the search index in many pieces: made whole in the same transaction */
	return rc < 0 || !c->r.transactions ? rc : voucher_text_optimize(db, e);
}

/* daftar import ledger --data DIR [--company ID] FILE */
int cmd_import(int argc, char **argv)
{
	struct cli_opts o;
	struct db *db = NULL;
	struct err e = ERR_INIT;
	struct import_ctx c;
	struct journal_import_result *r = &c.r;
	struct timespec t0;
	int rc;

	if (argc < 3 || strcmp(argv[2], "ledger") != 0) {
		fprintf(stderr, "daftar: import ledger --data DIR [--company ID] FILE\n");
		return 2;
	}
	memset(&c, 0, sizeof c);
	if (cli_parse(argc, argv, 3, NULL, &o) < 0 || company_opt(&o, &c.cid) < 0)
		return 2;
	if (o.npos != 1) {
		fprintf(stderr, "daftar: import ledger --data DIR [--company ID] FILE\n");
		return 2;
	}
	if ((rc = cli_open(&o, &db)) != 0)
		return rc;
	c.path = o.pos[0];
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* One write transaction, all or nothing; a bulk one, so SQLite loads at full speed. */
	rc = db_tx_bulk(db, import_work, &c, &e);
	db_close(db);
	if (rc < 0)
		return cli_fail(&e);
	{
		long long ms = ms_since(&t0);
		printf("imported %lld transactions (%lld postings, %lld new ledgers) in %lld.%02lld s\n", (long long)r->transactions,
		       (long long)r->postings, (long long)r->ledgers_created, ms / 1000, (ms % 1000) / 10);
	}
	if (r->suspense_ledgers)
		printf("note: %lld new ledgers went under Suspense A/c because their names did not say where they belong\n",
		       (long long)r->suspense_ledgers);
	return 0;
}

static int write_stdout(void *ctx, const char *data, size_t n)
{
	(void)ctx;
	return fwrite(data, 1, n, stdout) == n ? 0 : -1;
}

/* daftar export ledger --data DIR [--company ID] [--from D] [--to D]  (to stdout) */
int cmd_export(int argc, char **argv)
{
	struct cli_opts o;
	struct db *db = NULL;
	struct err e = ERR_INIT;
	int64_t cid;
	int rc;

	if (argc >= 3 && (strcmp(argv[2], "gstr1") == 0 || strcmp(argv[2], "gstr3b") == 0 || strcmp(argv[2], "e-invoice") == 0 ||
			  strcmp(argv[2], "e-way-bill") == 0))
		return cmd_export_gst(argc, argv);
	if (argc < 3 || strcmp(argv[2], "ledger") != 0) {
		fprintf(stderr, "daftar: export ledger --data DIR [--company ID] [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
				"        export gstr1|gstr3b|e-invoice|e-way-bill ... (the GST files)\n");
		return 2;
	}
	if (cli_parse(argc, argv, 3, NULL, &o) < 0 || company_opt(&o, &cid) < 0)
		return 2;
	if (o.npos != 0) {
		fprintf(stderr, "daftar: export ledger writes to stdout and takes no file\n");
		return 2;
	}
	if ((rc = cli_open(&o, &db)) != 0)
		return rc;
	/* One read snapshot: the vouchers and the balances agree. */
	if ((rc = db_begin_read(db, &e)) == 0) {
		rc = journal_export(db, cid, cli_get(&o, "from"), cli_get(&o, "to"), write_stdout, NULL, NULL, &e);
		db_rollback(db);
	}
	db_close(db);
	if (rc < 0)
		return cli_fail(&e);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "daftar: cannot write the journal: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
