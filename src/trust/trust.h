/* trust.h - whether the books can be believed: every audit chain recomputed, the chains against
 * the signed anchors kept outside the database, and every business row (voucher with its lines,
 * party, item, ledger) against its last audited snapshot. And the anchors themselves: written on
 * demand, and by `daftar serve` at intervals through the job kind "audit_anchor". */
#ifndef DAFTAR_TRUST_H
#define DAFTAR_TRUST_H

#include <stddef.h>
#include <stdint.h>

#include "audit/audit.h"
#include "jobs/jobs.h"
#include "lib/db.h"
#include "lib/err.h"

enum trust_entity { TRUST_VOUCHER, TRUST_PARTY, TRUST_ITEM, TRUST_LEDGER, TRUST_ENTITY_MAX };
/* "voucher", "party", "item", "ledger". */
const char *trust_entity_name(enum trust_entity t);

struct trust_verify_opts {
	int64_t cid;                 /* 0: every company and the system chain; else that company only */
	const char *anchors;         /* the anchors text to check (len bytes); NULL: none */
	size_t anchors_len;
	const struct audit_key *pub; /* with anchors: the key they must be signed with */
	int skip_rows;               /* 1: the chains and anchors only */
};

struct trust_report {
	int64_t records;                      /* audit records recomputed */
	struct audit_anchor_check anchors;    /* with anchors */
	int64_t rows[TRUST_ENTITY_MAX];       /* business rows checked */
	int64_t found[AUDIT_FINDING_MAX];     /* findings of each kind */
};

/* Runs every check inside the caller's read transaction (one state of the books throughout):
 * each finding goes to each (NULL: only counted in ret->found). 0, or <0 on a database error
 * (a finding is not an error). */
int trust_verify(struct db *db, const struct trust_verify_opts *o, audit_finding_fn each, void *ctx, struct trust_report *ret,
		 struct err *e) __attribute__((warn_unused_result));
/* 0 when nothing is wrong, else the lowest that applies: 10 a chain broken, 11 a chain against its
 * anchors (rewritten, cut short, a company gone), 12 an anchor line forged or unreadable, 13 a
 * business row changed, unaudited or gone. Notes do not count. */
int trust_exit_code(const struct trust_report *r);

struct trust_anchor_opts {
	const char *dir;        /* the data directory: DIR/audit-anchors.log, and DIR's key */
	const char *key_path;   /* NULL: DIR/audit-anchor.key, made on first use (audit_key_open) */
	int64_t cid;            /* < 0: every chain; else company cid's */
	int only_grown;         /* 1: leave out chains whose head is the one last anchored */
};

/* Anchors the chains (audit_anchor) inside the caller's read transaction; lines and refusals go
 * to line and each (either may be NULL). ERR_NOT_FOUND (reason anchor_key_missing) when DIR's key
 * is gone though anchors exist. */
int trust_anchor(struct db *db, const struct trust_anchor_opts *o, int (*line)(void *ctx, const char *text), audit_finding_fn each,
		 void *ctx, struct audit_anchored *ret, struct err *e) __attribute__((warn_unused_result));

/* ---- `daftar serve` ---- */

/* The data directory and how often the job anchors (minutes; 0: never), set once before the job
 * workers start; dir NULL when serve has none (then nothing is anchored). */
void trust_configure(const char *dir, int64_t anchor_minutes);
/* The configured data directory, or NULL. */
const char *trust_dir(void);
/* Inside the caller's write transaction: makes sure one audit_anchor job is queued, due within
 * the configured interval (one queued for later than that is cancelled and queued anew). */
int trust_anchor_schedule(struct db *db, int64_t now, struct err *e) __attribute__((warn_unused_result));
/* The runner of job kind "audit_anchor": queues its next run, then anchors every chain that grew
 * since its last anchor. Its result: {"anchored":N,"unchanged":N,"refused":N}. */
int trust_anchor_job(struct job_run *r, const struct job *j, struct err *e);

#define TRUST_JOB_ANCHOR "audit_anchor"

#endif
