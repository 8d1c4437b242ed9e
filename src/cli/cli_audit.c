/* cli_audit.c - `daftar audit verify|anchor|anchors|key`: the chains, their signed anchors and the
 * business rows checked; anchors written on demand; the anchors and the public key printed for
 * whoever keeps a copy away from the machine. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "lib/clock.h"
#include "lib/text.h"
#include "trust/trust.h"
#include "lib/banned.h"

#define PRINT_MAX 1000   /* findings printed of each kind; the rest counted */

static const char usage[] =
	"daftar audit verify --data DIR [--anchors FILE] [--public-key FILE] [--company ID] [--no-rows]\n"
	"daftar audit anchor --data DIR [--key FILE] [--company ID]\n"
	"daftar audit anchors --data DIR [--last]\n"
	"daftar audit key --data DIR\n";

static int bad_usage(void)
{
	fputs(usage, stderr);
	return 2;
}

static int company_opt(const struct cli_opts *o, int64_t *ret)
{
	const char *s = cli_get(o, "company");
	*ret = 0;
	if (s && text_parse_i64(s, 0, INT64_MAX, ret) < 0) {
		fprintf(stderr, "daftar: --company must be a company id\n");
		return -1;
	}
	return 0;
}

static int dir_path(const struct cli_opts *o, const char *name, char *out, size_t cap)
{
	const char *dir = cli_get(o, "data");
	if (!dir || !*dir)
		return -1;
	return snprintf(out, cap, "%s/%s", dir, name) < (int)cap ? 0 : -1;
}

int cli_anchor_key(const char *dir)
{
	struct audit_key k;
	struct err e = ERR_INIT;
	char text[AUDIT_KEY_TEXT_SIZE];
	int created = 0;

	if (audit_key_open(dir, &k, &created, &e) < 0)
		return cli_fail(&e);
	audit_key_text(&k, text);
	audit_key_done(&k);
	printf("Audit anchor key: %s/%s%s; public key %s (keep a copy of it away from this machine: verify needs only it)\n", dir,
	       AUDIT_KEY_FILE, created ? " (new)" : "", text);
	return 0;
}

/* ---- verify ---- */

struct printer {
	int64_t shown[AUDIT_FINDING_MAX];
};

static int print_finding(void *ctx, const struct audit_finding *f, struct err *e)
{
	static const char *const label[AUDIT_FINDING_MAX] = {
		[AUDIT_CHAIN_BROKEN] = "audit chain BROKEN", [AUDIT_ANCHOR_MISMATCH] = "anchor MISMATCH",
		[AUDIT_ANCHOR_FORGED] = "anchor FORGED", [AUDIT_ROW_CHANGED] = "row CHANGED",
		[AUDIT_ROW_UNAUDITED] = "row UNAUDITED", [AUDIT_ROW_MISSING] = "row MISSING", [AUDIT_NOTE] = "note",
	};
	struct printer *p = ctx;
	(void)e;
	if ((unsigned)f->kind >= AUDIT_FINDING_MAX || p->shown[f->kind]++ >= PRINT_MAX)
		return 0;
	if (f->kind == AUDIT_NOTE)
		printf("note: %s\n", f->text);
	else
		fprintf(stderr, "daftar: %s: %s\n", label[f->kind], f->text);
	return 0;
}

/* The anchors to check (--anchors, else DIR's file when there is one) and the key to check them
 * with (--public-key, else DIR's .pub, else DIR's key). 1 with both, 0 with no anchors, or an
 * exit code (>1) after printing the problem. */
static int verify_inputs(const struct cli_opts *o, struct buf *text, char *name, size_t cap, struct audit_key *pub)
{
	const char *given = cli_get(o, "anchors"), *key = cli_get(o, "public-key");
	char path[4096];
	struct err e = ERR_INIT;
	int rc;

	if (given)
		text_copy(name, cap, given);
	else if (dir_path(o, AUDIT_ANCHORS_FILE, name, cap) < 0)
		return 0;
	if ((rc = audit_anchors_read(name, text, &e)) < 0) {
		if (!given && e.code == ERR_NOT_FOUND)
			return 0;
		return cli_fail(&e);
	}
	if (key)
		rc = audit_key_read(key, pub, &e);
	else if (dir_path(o, AUDIT_PUB_FILE, path, sizeof path) == 0 && (rc = audit_key_read(path, pub, &e)) < 0 &&
		 e.code == ERR_NOT_FOUND) {
		err_clear(&e);
		if (dir_path(o, AUDIT_KEY_FILE, path, sizeof path) == 0)
			rc = audit_key_read(path, pub, &e);
	}
	if (rc < 0 || (!key && !cli_get(o, "data"))) {
		if (rc < 0 && e.code != ERR_NOT_FOUND)
			return cli_fail(&e);
		fprintf(stderr, "daftar: no public key to check %s with: give --public-key FILE\n", name);
		return 2;
	}
	if (!key)
		printf("note: checking the anchors with the public key in the data directory; give --public-key with a copy kept "
		       "elsewhere to be sure it was not replaced\n");
	return 1;
}

static void print_summary(const struct trust_report *r, int anchors, const char *name, const struct audit_key *pub, int rows,
			  int64_t ms)
{
	char key[AUDIT_KEY_TEXT_SIZE];
	if (!r->found[AUDIT_CHAIN_BROKEN])
		printf("audit chain whole: %lld records verified\n", (long long)r->records);
	if (anchors) {
		audit_key_text(pub, key);
		printf("anchors: %lld of %lld lines in %s signed by %s match the chains\n", (long long)r->anchors.matching,
		       (long long)r->anchors.lines, name, key);
	} else {
		printf("anchors: none checked (no anchors file; give --anchors FILE)\n");
	}
	if (rows)
		printf("business rows: %lld vouchers, %lld parties, %lld items, %lld ledgers checked against their audited snapshots\n",
		       (long long)r->rows[TRUST_VOUCHER], (long long)r->rows[TRUST_PARTY], (long long)r->rows[TRUST_ITEM],
		       (long long)r->rows[TRUST_LEDGER]);
	/* hundredths of a second, in integers like every figure Daftar prints */
	printf("checked in %lld.%02lld s\n", (long long)(ms / 1000), (long long)(ms % 1000 / 10));
}

static int cmd_verify(int argc, char **argv)
{
	static const char *const flags[] = {"no-rows", NULL};
	struct cli_opts o;
	struct trust_verify_opts v;
	struct trust_report r;
	struct printer p;
	struct audit_key pub;
	struct buf text = BUF_INIT;
	struct db *db = NULL;
	struct err e = ERR_INIT;
	struct timespec t0, t1;
	char name[4096] = "";
	int rc, anchors;

	if (cli_parse(argc, argv, 3, flags, &o) < 0)
		return 2;
	memset(&v, 0, sizeof v);
	memset(&p, 0, sizeof p);
	if (company_opt(&o, &v.cid) < 0)
		return 2;
	v.skip_rows = cli_flag(&o, "no-rows");
	if ((anchors = verify_inputs(&o, &text, name, sizeof name, &pub)) > 1) {
		buf_free(&text);
		return anchors;
	}
	if (anchors) {
		v.anchors = buf_str(&text);
		v.anchors_len = text.len;
		v.pub = &pub;
	}
	if ((rc = cli_open(&o, &db)) != 0) {
		buf_free(&text);
		return rc;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* one state of the books throughout, while a server may be writing */
	if ((rc = db_begin_read(db, &e)) >= 0) {
		rc = trust_verify(db, &v, print_finding, &p, &r, &e);
		db_rollback(db);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	db_close(db);
	buf_free(&text);
	if (rc < 0)
		return cli_fail(&e);
	print_summary(&r, anchors, name, &pub, !v.skip_rows,
		      (int64_t)(t1.tv_sec - t0.tv_sec) * 1000 + (int64_t)(t1.tv_nsec - t0.tv_nsec) / 1000000);
	for (int k = 0; k < AUDIT_NOTE; k++)
		if (r.found[k] > PRINT_MAX)
			fprintf(stderr, "daftar: ... and %lld more of that kind (%s)\n", (long long)(r.found[k] - PRINT_MAX),
				audit_finding_name((enum audit_finding_kind)k));
	return trust_exit_code(&r);
}

/* ---- anchor, anchors, key ---- */

static int print_line(void *ctx, const char *text)
{
	(void)ctx;
	printf("%s\n", text);
	return 0;
}

static int cmd_anchor(int argc, char **argv)
{
	struct cli_opts o;
	struct trust_anchor_opts a;
	struct audit_anchored done;
	struct printer p;
	struct db *db = NULL;
	struct err e = ERR_INIT;
	int64_t cid = 0;
	int rc;

	if (cli_parse(argc, argv, 3, NULL, &o) < 0 || company_opt(&o, &cid) < 0)
		return 2;
	if (!cli_get(&o, "data") || !*cli_get(&o, "data")) {
		fprintf(stderr, "daftar: audit anchor needs --data DIR (where the anchors file is kept)\n");
		return 2;
	}
	memset(&p, 0, sizeof p);
	a.dir = cli_get(&o, "data");
	a.key_path = cli_get(&o, "key");
	a.cid = cli_get(&o, "company") ? cid : -1;
	a.only_grown = 0;
	if ((rc = cli_open(&o, &db)) != 0)
		return rc;
	if ((rc = db_begin_read(db, &e)) >= 0) {
		rc = trust_anchor(db, &a, print_line, print_finding, &p, &done, &e);
		db_rollback(db);
	}
	db_close(db);
	if (rc < 0)
		return cli_fail(&e);
	printf("anchored %lld chain(s) in %s/%s\n", (long long)done.anchored, a.dir, AUDIT_ANCHORS_FILE);
	return done.refused ? 11 : 0;
}

static int cmd_anchors(int argc, char **argv)
{
	static const char *const flags[] = {"last", NULL};
	struct cli_opts o;
	struct buf text = BUF_INIT, last = BUF_INIT;
	struct audit_key k;
	struct err e = ERR_INIT;
	char path[4096], key[AUDIT_KEY_TEXT_SIZE] = "(unknown)", now[CLOCK_ISO_SIZE];
	int rc;

	if (cli_parse(argc, argv, 3, flags, &o) < 0)
		return 2;
	if (dir_path(&o, AUDIT_PUB_FILE, path, sizeof path) < 0)
		return bad_usage();
	if (audit_key_read(path, &k, &e) == 0)
		audit_key_text(&k, key);
	err_clear(&e);
	if (dir_path(&o, AUDIT_ANCHORS_FILE, path, sizeof path) < 0 || (rc = audit_anchors_read(path, &text, &e)) < 0)
		return cli_fail(&e);
	if (cli_flag(&o, "last") && audit_anchors_last(buf_str(&text), text.len, &last) < 0) {
		buf_free(&text);
		fprintf(stderr, "daftar: out of memory\n");
		return 1;
	}
	clock_now_iso(now);
	printf("# Daftar audit anchors of %s, printed %s%s\n# public key %s\n", cli_get(&o, "data"), now,
	       cli_flag(&o, "last") ? " (the last of each company)" : "", key);
	fwrite(cli_flag(&o, "last") ? buf_str(&last) : buf_str(&text), 1, cli_flag(&o, "last") ? last.len : text.len, stdout);
	buf_free(&text);
	buf_free(&last);
	return 0;
}

int cmd_audit(int argc, char **argv)
{
	const char *sub = argc > 2 ? argv[2] : "";
	struct cli_opts o;

	if (strcmp(sub, "verify") == 0)
		return cmd_verify(argc, argv);
	if (strcmp(sub, "anchor") == 0)
		return cmd_anchor(argc, argv);
	if (strcmp(sub, "anchors") == 0)
		return cmd_anchors(argc, argv);
	if (strcmp(sub, "key") == 0) {
		if (cli_parse(argc, argv, 3, NULL, &o) < 0 || !cli_get(&o, "data") || !*cli_get(&o, "data"))
			return bad_usage();
		return cli_anchor_key(cli_get(&o, "data"));
	}
	return bad_usage();
}
