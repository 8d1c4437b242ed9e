/* trust_http.c - the audit checks of one company over the API:
 *   GET  /companies/{cid}/audit/verify   its chain, its anchors in the server's anchors file, and
 *                                         every voucher, party, item and ledger against its last
 *                                         audited snapshot (auditors and admins)
 *   POST /companies/{cid}/audit/anchor   anchors its chain now (admins); the request is audited
 *                                         first, so the anchor covers it */
#include <stdio.h>
#include <string.h>

#include "lib/clock.h"
#include "server/server.h"
#include "trust/trust.h"
#include "trust/trust_http.h"
#include "lib/banned.h"

#define FINDINGS_MAX 200

static void kopt_i64(struct jsonw *w, const char *k, int64_t v)
{
	jsonw_key(w, k);
	if (v)
		jsonw_i64(w, v);
	else
		jsonw_null(w);
}

static const char *opt(const char *s) { return s && s[0] ? s : NULL; }

/* The findings as a JSON array, at most FINDINGS_MAX of them; the rest only counted. */
struct found {
	struct jsonw w;
	int n, more;
};

static int found_one(void *ctx, const struct audit_finding *f, struct err *e)
{
	struct found *x = ctx;
	struct jsonw *w = &x->w;
	(void)e;
	if (x->n == FINDINGS_MAX) {
		x->more++;
		return 0;
	}
	x->n++;
	jsonw_obj(w);
	jsonw_kstr(w, "kind", audit_finding_name(f->kind));
	jsonw_ki64(w, "company_id", f->company_id);
	jsonw_kstr(w, "entity", f->entity);
	kopt_i64(w, "id", f->entity ? f->id : 0);
	kopt_i64(w, "seq", f->seq);
	kopt_i64(w, "line", f->line);
	jsonw_kstr(w, "field", opt(f->field));
	jsonw_kstr(w, "audited", opt(f->audited));
	jsonw_kstr(w, "current", opt(f->current));
	jsonw_kstr(w, "message", f->text);
	jsonw_obj_end(w);
	return 0;
}

/* The server's anchors file and the public key to check it with, when both are there. */
static int anchors_of(const char *dir, struct buf *text, struct audit_key *pub, struct err *e)
{
	char path[4200];
	int rc;
	snprintf(path, sizeof path, "%s/" AUDIT_ANCHORS_FILE, dir);
	if ((rc = audit_anchors_read(path, text, e)) < 0)
		goto absent;
	snprintf(path, sizeof path, "%s/" AUDIT_PUB_FILE, dir);
	if ((rc = audit_key_read(path, pub, e)) < 0 && e->code == ERR_NOT_FOUND) {
		err_clear(e);
		snprintf(path, sizeof path, "%s/" AUDIT_KEY_FILE, dir);
		rc = audit_key_read(path, pub, e);
	}
	if (rc >= 0)
		return 1;
absent:
	if (e->code != ERR_NOT_FOUND)
		return rc;
	err_clear(e);
	return 0;
}

static void render_report(struct jsonw *w, const struct trust_report *r, int anchors, const struct audit_key *pub,
			  const struct found *x)
{
	char key[AUDIT_KEY_TEXT_SIZE];
	jsonw_obj(w);
	jsonw_kbool(w, "ok", trust_exit_code(r) == 0);
	jsonw_ki64(w, "exit_code", trust_exit_code(r));
	jsonw_key(w, "chain");
	jsonw_obj(w);
	jsonw_ki64(w, "records", r->records);
	jsonw_obj_end(w);
	jsonw_key(w, "anchors");
	if (anchors) {
		audit_key_text(pub, key);
		jsonw_obj(w);
		jsonw_kstr(w, "key", key);
		jsonw_ki64(w, "lines", r->anchors.lines);
		jsonw_ki64(w, "matching", r->anchors.matching);
		kopt_i64(w, "last_seq", r->anchors.last_seq);
		jsonw_kstr(w, "last_at", opt(r->anchors.last_at));
		jsonw_ki64(w, "after_last", r->anchors.after_last);
		jsonw_obj_end(w);
	} else {
		jsonw_null(w);
	}
	jsonw_key(w, "rows");
	jsonw_obj(w);
	for (int k = 0; k < TRUST_ENTITY_MAX; k++)
		jsonw_ki64(w, trust_entity_name((enum trust_entity)k), r->rows[k]);
	jsonw_obj_end(w);
	jsonw_key(w, "counts");
	jsonw_obj(w);
	for (int k = 0; k < AUDIT_FINDING_MAX; k++)
		jsonw_ki64(w, audit_finding_name((enum audit_finding_kind)k), r->found[k]);
	jsonw_obj_end(w);
	jsonw_key(w, "findings");
	jsonw_raw(w, buf_str(x->w.out));
	jsonw_ki64(w, "findings_more", x->more);
	jsonw_obj_end(w);
}

static int h_verify(struct call *c)
{
	struct trust_verify_opts o = {c->cid, NULL, 0, NULL, 0};
	struct trust_report r;
	struct audit_key pub;
	struct buf text = BUF_INIT, items = BUF_INIT;
	struct found x;
	struct jsonw w;
	int rc = 0, anchors = 0;

	memset(&x, 0, sizeof x);
	memset(&pub, 0, sizeof pub);
	jsonw_init(&x.w, &items);
	jsonw_arr(&x.w);
	if (trust_dir() && (rc = anchors = anchors_of(trust_dir(), &text, &pub, &c->err)) > 0) {
		o.anchors = buf_str(&text);
		o.anchors_len = text.len;
		o.pub = &pub;
	}
	if (rc >= 0)
		rc = trust_verify(c->db, &o, found_one, &x, &r, &c->err);
	jsonw_arr_end(&x.w);
	if (rc >= 0 && jsonw_ok(&x.w) < 0)
		rc = err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	if (rc >= 0) {
		call_json(c, &w);
		render_report(&w, &r, anchors > 0, &pub, &x);
		rc = call_json_done(c, &w, 200);
	}
	audit_key_done(&pub); /* it may have been read from the secret key's file */
	buf_free(&text);
	buf_free(&items);
	return rc;
}

/* The anchor request's audit record: who asked, in the company's chain (the anchor covers it).
 * *ran says it ran: an Idempotency-Key replay answers the stored body without running it. */
static int anchor_action(struct db *db, struct call *c, void *arg, struct err *e)
{
	struct buf after = BUF_INIT;
	struct jsonw w;
	char now[CLOCK_ISO_SIZE];
	int rc;
	*(int *)arg = 1;
	clock_now_iso(now);
	jsonw_init(&w, &after);
	jsonw_obj(&w);
	jsonw_kstr(&w, "requested_at", now);
	jsonw_kstr(&w, "by", "api");
	jsonw_obj_end(&w);
	rc = jsonw_ok(&w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory")
			       : audit_append(db, c->cid, c->auth.user.id, "audit_anchor", c->cid, "request", NULL, buf_str(&after), e);
	buf_free(&after);
	if (rc < 0)
		return rc;
	/* what a replay of the same Idempotency-Key answers: the request, no new anchor */
	call_json(c, &w);
	jsonw_obj(&w);
	jsonw_ki64(&w, "company_id", c->cid);
	jsonw_kbool(&w, "anchored", 0);
	jsonw_obj_end(&w);
	return call_json_done(c, &w, 200);
}

static int refusal(void *ctx, const struct audit_finding *f, struct err *e)
{
	(void)ctx;
	err_set(e, ERR_UNPROCESSABLE, NULL, "%s", f->text);
	err_reason(e, "chain_mismatch");
	return e->code;
}

static int line_of(void *ctx, const char *text)
{
	struct buf *b = ctx;
	buf_reset(b);
	return buf_adds(b, text);
}

static int h_anchor(struct call *c)
{
	struct trust_anchor_opts o = {trust_dir(), NULL, c->cid, 0};
	struct audit_anchored done;
	struct buf line = BUF_INIT;
	struct audit_key k;
	struct jsonw w;
	char key[AUDIT_KEY_TEXT_SIZE];
	int rc, ran = 0;

	if (!o.dir) {
		err_set(&c->err, ERR_UNPROCESSABLE, NULL, "this server has no data directory to keep anchors in");
		return err_reason(&c->err, "anchor_unavailable");
	}
	if ((rc = call_write(c, anchor_action, &ran)) < 0 || !ran)
		return rc;
	/* the committed chain, now that the request is in it */
	if ((rc = db_begin_read(c->db, &c->err)) < 0)
		return rc;
	rc = trust_anchor(c->db, &o, line_of, refusal, &line, &done, &c->err);
	db_rollback(c->db);
	if (rc >= 0 && done.anchored == 0)
		rc = err_setr(&c->err, ERR_NOT_FOUND, NULL, "no_audit_chain", "company %lld has no audit chain", (long long)c->cid);
	if (rc >= 0 && (rc = audit_key_open(o.dir, &k, NULL, &c->err)) >= 0) {
		audit_key_text(&k, key);
		audit_key_done(&k);
		call_json(c, &w);
		jsonw_obj(&w);
		jsonw_ki64(&w, "company_id", c->cid);
		jsonw_kbool(&w, "anchored", 1);
		jsonw_ki64(&w, "seq", done.last_seq);
		jsonw_kstr(&w, "hash", done.last_hash);
		jsonw_kstr(&w, "at", done.at);
		jsonw_kstr(&w, "key", key);
		jsonw_kstr(&w, "line", buf_str(&line));
		jsonw_obj_end(&w);
		rc = call_json_done(c, &w, 201);
	}
	buf_free(&line);
	return rc;
}

static const struct route routes[] = {
	{"GET", "/api/v1/companies/{cid}/audit/verify", h_verify, ACCESS_COMPANY, PERM_AUDIT_READ},
	/* anchoring is a company-wide act of the admin's, as locking a period is */
	{"POST", "/api/v1/companies/{cid}/audit/anchor", h_anchor, ACCESS_COMPANY, PERM_PERIOD_LOCK},
};

ROUTE_TABLE(trust_routes, "trust", routes);
