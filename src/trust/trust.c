/* trust.c - the checks composed: the chains (audit), their anchors (audit's anchor.c), each
 * module's business rows (party_cover, ledger_cover, item_cover, voucher_cover); and anchoring,
 * on demand and as the queued job `daftar serve` runs every so many minutes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "admin/company.h"
#include "inventory/inventory.h"
#include "lib/clock.h"
#include "lib/jsonw.h"
#include "lib/text.h"
#include "parties/parties.h"
#include "trust/trust.h"
#include "lib/banned.h"

static const char *const entity_names[TRUST_ENTITY_MAX] = {"voucher", "party", "item", "ledger"};

const char *trust_entity_name(enum trust_entity t) { return (unsigned)t < TRUST_ENTITY_MAX ? entity_names[t] : "?"; }

typedef int (*cover_fn)(struct db *db, int64_t cid, audit_finding_fn each, void *ctx, int64_t *ret_rows, struct err *e);
static const cover_fn covers[TRUST_ENTITY_MAX] = {voucher_cover, party_cover, item_cover, ledger_cover};

/* Counts each finding, then hands it on. */
struct tally {
	struct trust_report *r;
	audit_finding_fn each;
	void *ctx;
};

static int tally(void *ctx, const struct audit_finding *f, struct err *e)
{
	struct tally *t = ctx;
	if ((unsigned)f->kind < AUDIT_FINDING_MAX)
		t->r->found[f->kind]++;
	return t->each ? t->each(t->ctx, f, e) : 0;
}

static int chain_finding(struct tally *t, int64_t cid, const struct buf *problem, struct err *e)
{
	struct audit_finding f;
	memset(&f, 0, sizeof f);
	f.kind = AUDIT_CHAIN_BROKEN;
	f.company_id = cid;
	text_copy(f.text, sizeof f.text, buf_str(problem));
	return tally(t, &f, e);
}

static int verify_chains(struct db *db, const struct trust_verify_opts *o, struct tally *t, struct err *e)
{
	struct buf problem = BUF_INIT;
	int rc = o->cid ? audit_verify_chain(db, o->cid, 0, NULL, &t->r->records, &problem, e)
			: audit_verify(db, &t->r->records, &problem, e);
	if (rc == 1)
		rc = chain_finding(t, o->cid, &problem, e);
	buf_free(&problem);
	return rc < 0 ? rc : 0;
}

static int verify_rows(struct db *db, int64_t cid, struct tally *t, struct err *e)
{
	for (int k = 0; k < TRUST_ENTITY_MAX; k++) {
		int64_t n = 0;
		int rc = covers[k](db, cid, tally, t, &n, e);
		if (rc < 0)
			return rc;
		t->r->rows[k] += n;
	}
	return 0;
}

int trust_verify(struct db *db, const struct trust_verify_opts *o, audit_finding_fn each, void *ctx, struct trust_report *ret,
		 struct err *e)
{
	struct trust_report r;
	struct tally t = {&r, each, ctx};
	int64_t cid = o->cid;
	int rc;

	memset(&r, 0, sizeof r);
	rc = verify_chains(db, o, &t, e);
	if (rc >= 0 && o->anchors)
		rc = audit_anchors_check(db, o->pub, o->anchors, o->anchors_len, o->cid ? o->cid : -1, tally, &t, &r.anchors, e);
	if (rc >= 0 && !o->skip_rows) {
		if (cid)
			rc = verify_rows(db, cid, &t, e);
		else
			while ((rc = company_next(db, cid, &cid, e)) >= 0 && cid > 0 && (rc = verify_rows(db, cid, &t, e)) >= 0)
				;
	}
	if (rc < 0)
		return rc;
	*ret = r;
	return 0;
}

int trust_exit_code(const struct trust_report *r)
{
	if (r->found[AUDIT_CHAIN_BROKEN])
		return 10;
	if (r->found[AUDIT_ANCHOR_MISMATCH])
		return 11;
	if (r->found[AUDIT_ANCHOR_FORGED])
		return 12;
	if (r->found[AUDIT_ROW_CHANGED] || r->found[AUDIT_ROW_UNAUDITED] || r->found[AUDIT_ROW_MISSING])
		return 13;
	return 0;
}

int trust_anchor(struct db *db, const struct trust_anchor_opts *o, int (*line)(void *ctx, const char *text), audit_finding_fn each,
		 void *ctx, struct audit_anchored *ret, struct err *e)
{
	struct audit_key k;
	char log[4096];
	int rc;

	if (snprintf(log, sizeof log, "%s/" AUDIT_ANCHORS_FILE, o->dir) >= (int)sizeof log)
		return err_set(e, ERR_INVALID, "data", "the data directory's path is too long");
	rc = o->key_path ? audit_key_read(o->key_path, &k, e) : audit_key_open(o->dir, &k, NULL, e);
	if (rc >= 0 && !k.secret)
		rc = err_set(e, ERR_INVALID, "key", "%.300s holds a public key only: anchoring needs the secret key", o->key_path);
	if (rc >= 0)
		rc = audit_anchor(db, &k, log, o->cid, o->only_grown, line, each, ctx, ret, e);
	audit_key_done(&k);
	return rc;
}

/* ---- serve: the configuration and the job ---- */

static struct {
	char dir[4096];
	int has_dir;
	int64_t minutes;
} config;

void trust_configure(const char *dir, int64_t anchor_minutes)
{
	config.has_dir = dir && *dir && text_copy(config.dir, sizeof config.dir, dir) == 0;
	config.minutes = anchor_minutes;
}

const char *trust_dir(void) { return config.has_dir ? config.dir : NULL; }

/* The live audit_anchor jobs of the system other than `self`: how many, and the queued one due
 * soonest (id 0 when only running ones are live). */
struct queued {
	int64_t self, id, run_after;
	int n;
};

static int queued_row(void *ctx, const struct job *j)
{
	struct queued *q = ctx;
	if (j->id == q->self || strcmp(j->kind, TRUST_JOB_ANCHOR) != 0 || (j->state != JOB_QUEUED && j->state != JOB_RUNNING))
		return 0;
	q->n++;
	if (j->state == JOB_RUNNING)
		q->run_after = INT64_MIN; /* one is at work already: it queues the next itself */
	else if (q->run_after != INT64_MIN && (!q->id || j->run_after < q->run_after)) {
		q->id = j->id;
		q->run_after = j->run_after;
	}
	return 0;
}

/* Queues the next run, unless a job other than `self` is live and due within the interval (one
 * queued for later than that, from a longer interval before, is cancelled for the new one). */
static int schedule(struct db *db, int64_t now, int64_t self, struct err *e)
{
	struct page pg = {0, 20};
	struct queued q = {self, 0, 0, 0};
	struct job_new in = {TRUST_JOB_ANCHOR, "{}", now + config.minutes * 60, 1, 0};
	int64_t next = 0, id;
	int rc;

	if (config.minutes <= 0 || !config.has_dir)
		return 0;
	/* the newest few are enough: this kind has at most a couple of live jobs at a time */
	if ((rc = job_list(db, 0, TRUST_JOB_ANCHOR, &pg, queued_row, &q, &next, e)) < 0)
		return rc;
	if (q.n && q.run_after <= in.run_after)
		return 0;
	if (q.id && (rc = job_cancel(db, 0, 0, q.id, e)) < 0)
		return rc;
	return job_enqueue(db, 0, 0, &in, &id, e);
}

int trust_anchor_schedule(struct db *db, int64_t now, struct err *e) { return schedule(db, now, 0, e); }

struct next_run {
	int64_t self;
};

static int next_work(struct db *db, void *p, struct err *e)
{
	const struct next_run *n = p;
	return schedule(db, clock_now(), n->self, e);
}

/* The first chain refused, for the job's error. */
static int first_refusal(void *ctx, const struct audit_finding *f, struct err *e)
{
	char *why = ctx;
	(void)e;
	if (!why[0])
		text_copy(why, 200, f->text);
	return 0;
}

int trust_anchor_job(struct job_run *r, const struct job *j, struct err *e)
{
	char why[200] = "";
	struct store *s = job_run_store(r);
	struct next_run next = {j->id};
	struct trust_anchor_opts o = {config.dir, NULL, -1, 1};
	struct audit_anchored done;
	struct buf out = BUF_INIT;
	struct jsonw w;
	struct db *db;
	int rc;

	memset(&done, 0, sizeof done);
	if (!config.has_dir)
		return err_set(e, ERR_UNPROCESSABLE, "data", "anchors need the data directory (serve --data DIR)");
	/* the next run first, so that a failure here does not end the anchoring */
	if ((rc = store_write(s, next_work, &next, e)) < 0)
		return rc;
	if (!(db = store_db(s, e)))
		return e->code ? e->code : ERR_INTERNAL;
	if ((rc = db_begin_read(db, e)) < 0)
		return rc;
	rc = trust_anchor(db, &o, NULL, first_refusal, why, &done, e);
	db_rollback(db);
	if (rc < 0)
		return rc;
	if (done.refused)
		return err_set(e, ERR_UNPROCESSABLE, NULL, "anchored %lld; refused %lld: %s", (long long)done.anchored,
			       (long long)done.refused, why);
	jsonw_init(&w, &out);
	jsonw_obj(&w);
	jsonw_ki64(&w, "anchored", done.anchored);
	jsonw_ki64(&w, "unchanged", done.unchanged);
	jsonw_ki64(&w, "refused", done.refused);
	jsonw_obj_end(&w);
	if (jsonw_ok(&w) == 0)
		job_run_result(r, buf_str(&out));
	buf_free(&out);
	return 0;
}
