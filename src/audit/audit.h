/* audit.h - the append-only, hash-chained audit log: one chain per company (company 0 holds
 * system events such as users and tokens). Every change appends here in its own transaction.
 * Verification recomputes the chains (audit.c), checks them against signed anchors kept outside
 * the database (anchor.c), and checks business rows against their last audited snapshots
 * (audit_cover.c). */
#ifndef DAFTAR_AUDIT_H
#define DAFTAR_AUDIT_H

#include <stdint.h>

#include "lib/buf.h"
#include "lib/db.h"
#include "lib/err.h"
#include "lib/jsonw.h"
#include "lib/page.h"
#include "lib/secure.h"

/* Appends one record: who (user_id, 0 for the system), what (entity, entity_id), the action, and
 * the before/after canonical JSON (NULL when there is none). Must run inside the caller's write
 * transaction; on error nothing is appended and the caller must roll back. */
int audit_append(struct db *db, int64_t company_id, int64_t user_id, const char *entity,
		 int64_t entity_id, const char *action, const char *before_json,
		 const char *after_json, struct err *e) __attribute__((warn_unused_result));

/* Creates the empty chain of a new company (inside the caller's transaction). */
int audit_chain_create(struct db *db, int64_t company_id, struct err *e) __attribute__((warn_unused_result));

/* Recomputes every chain. Returns 0 when all are whole; 1 when broken, with a description of the
 * first bad record in *problem (caller frees with buf_free); <0 on a database error. */
int audit_verify(struct db *db, int64_t *ret_records, struct buf *problem, struct err *e);

/* Number of audit records of a company (for tests and the UI). */
int audit_count(struct db *db, int64_t company_id, int64_t *ret, struct err *e);

/* Writes a page of the company's audit records as a JSON array to out, newest first: at most
 * pg->limit records with seq < pg->after (pg->after 0: from the newest). *ret_next is the seq of
 * the page's last record when more follow (the next page's after), else 0. Each record:
 * {"seq","at","user_id","username","entity","entity_id","action","before","after","hash"}, with
 * before and after the snapshots as they were stored. */
int audit_list_json(struct db *db, int64_t company_id, const struct page *pg, struct buf *out, int64_t *ret_next,
		    struct err *e) __attribute__((warn_unused_result));

/* ---- what verification finds ---- */

enum audit_finding_kind {
	AUDIT_CHAIN_BROKEN,    /* a record edited, missing or out of order; a head lost (exit 10) */
	AUDIT_ANCHOR_MISMATCH, /* a chain disagrees with a signed anchor: rewritten, cut short, gone (11) */
	AUDIT_ANCHOR_FORGED,   /* an anchor line that is not signed by the key, or not an anchor line (12) */
	AUDIT_ROW_CHANGED,     /* a business row differs from its last audited snapshot (13) */
	AUDIT_ROW_UNAUDITED,   /* a business row that no audit record has (13) */
	AUDIT_ROW_MISSING,     /* a business row an audit record has, gone from its table (13) */
	AUDIT_NOTE,            /* not a fault: records after the last anchor, a chain never anchored */
	AUDIT_FINDING_MAX
};

/* "chain_broken", "anchor_mismatch", "anchor_forged", "row_changed", "row_unaudited",
 * "row_missing", "note". */
const char *audit_finding_name(enum audit_finding_kind k);

struct audit_finding {
	enum audit_finding_kind kind;
	int64_t company_id;
	const char *entity;                /* rows: "voucher", "party", ...; else NULL (static) */
	int64_t id;                        /* rows: the row's id; anchors: the anchored record */
	int64_t seq;                       /* the audit record concerned, 0 when none */
	int64_t line;                      /* anchors: the line of the anchors text, 0 when none */
	char field[128];                   /* ROW_CHANGED: the member that differs ("lines[0].debit") */
	char audited[100], current[100];   /* ROW_CHANGED: its value in the audit record and now (JSON) */
	char text[480];                    /* the finding in words (English, for the CLI and logs) */
};

/* Called once per finding; returning <0 (e filled) stops the verification with that error. */
typedef int (*audit_finding_fn)(void *ctx, const struct audit_finding *f, struct err *e);

/* Verifies company cid's chain from the record after from_seq (0: from the first; from_hash is
 * then ignored, else it is the hash of record from_seq) up to its head, reading a page of
 * records at a time. 0 when whole (*ret_records: the records read), 1 when broken with the first
 * bad record described in *problem, <0 on a database error. */
int audit_verify_chain(struct db *db, int64_t cid, int64_t from_seq, const char *from_hash, int64_t *ret_records,
		       struct buf *problem, struct err *e) __attribute__((warn_unused_result));

/* The audit records of one entity kind of company cid, oldest first: each(ctx, seq, entity_id,
 * after) with after NULL when the record has none. A page at a time. */
int audit_records_each(struct db *db, int64_t cid, const char *entity,
		       int (*each)(void *ctx, int64_t seq, int64_t entity_id, const char *after, struct err *e), void *ctx,
		       struct err *e) __attribute__((warn_unused_result));

/* ---- business rows against their audited snapshots (audit_cover.c) ----
 * A module hands over its rows in increasing id order, each with its snapshot now (the entity's
 * one snapshot function); the cover reads the last audit record of each id alongside and
 * reports what differs, what no record has, and what records have that is gone. */

struct audit_row {
	int64_t id;
	const char *snapshot;      /* the row's snapshot now */
	const char *kept_digest;   /* a row that has no audit record of its own but whose snapshot a bulk
				    * write (an import) kept as a digest: that digest; else NULL */
	const char *digest;        /* with kept_digest: the same digest of the row now */
	int64_t kept_seq;          /* with kept_digest: the audit record that vouches for the digests */
};

struct audit_cover;
/* entity: as audit records name it ("voucher"); ignore: snapshot members a row borrows from other
 * rows (a ledger's group name), left out of the comparison (NULL-terminated, static). */
int audit_cover_new(struct db *db, int64_t cid, const char *entity, const char *const *ignore, audit_finding_fn each,
		    void *ctx, struct audit_cover **ret, struct err *e) __attribute__((warn_unused_result));
/* The next row (ids strictly increasing). Must not be called from inside a db_each callback. */
int audit_cover_row(struct audit_cover *c, const struct audit_row *r, struct err *e) __attribute__((warn_unused_result));
/* After the last row: audit records of ids past it are rows gone. *ret_rows: rows handed over. */
int audit_cover_end(struct audit_cover *c, int64_t *ret_rows, struct err *e) __attribute__((warn_unused_result));
void audit_cover_free(struct audit_cover *c);
/* A page of rows' snapshots read by one query, handed to the cover after it (a cover must not
 * read while a query's rows are open). For each row: audit_page_add, write its snapshot into
 * page->text with jsonw, audit_page_close; when the page is full, audit_cover_page. */
#define AUDIT_PAGE 256
struct audit_page {
	int n;
	int64_t id[AUDIT_PAGE];
	size_t off[AUDIT_PAGE];
	struct buf text;   /* the snapshots, each ended by a NUL */
};
void audit_page_add(struct audit_page *p, int64_t id);
int audit_page_close(struct audit_page *p, struct err *e) __attribute__((warn_unused_result));
/* Hands the page's rows to c in order and empties the page. */
int audit_cover_page(struct audit_cover *c, struct audit_page *p, struct err *e) __attribute__((warn_unused_result));
void audit_page_free(struct audit_page *p);

/* Covers the rows one query reads, a page at a time: sql (a module's statement) takes (company,
 * after id, limit) and answers rows in id order with the id in column 0; snap writes the
 * snapshot of the row the statement stands on (the entity's one snapshot function). */
typedef void (*audit_snap_fn)(struct jsonw *w, struct db_stmt *st, void *snap_ctx);
int audit_cover_query(struct db *db, int64_t cid, const char *entity, const char *const *ignore, const char *sql,
		      audit_snap_fn snap, void *snap_ctx, audit_finding_fn each, void *ctx, int64_t *ret_rows, struct err *e)
	__attribute__((warn_unused_result));

/* The digest audit_row.kept_digest holds: the first 128 bits of BLAKE2b-256 of a snapshot, in
 * hex (a rewriter needs a second snapshot with the same digest: 2^128 tries). */
#define AUDIT_DIGEST_LEN 16
#define AUDIT_DIGEST_HEX (2 * AUDIT_DIGEST_LEN + 1)
void audit_digest(const char *snapshot, size_t n, char out[AUDIT_DIGEST_HEX]);

/* ---- anchors (anchor.c) ----
 * An anchor is a chain head (company, seq, hash) signed with an Ed25519 key that is not in the
 * database, as one line of a plain-text file that is only ever appended to:
 *   2026-12-07T02:36:00Z company=1 seq=120 hash=<64 hex> key=<16 hex> sig=<128 hex>
 * The signature covers "daftar-anchor-v1 " and the line up to " sig=". Anyone holding the public
 * key can check the lines and the chains; only the secret key can make them. */

#define AUDIT_KEY_FILE "audit-anchor.key"        /* the secret key, mode 0600, beside the data */
#define AUDIT_PUB_FILE "audit-anchor.pub"        /* its public key, to copy anywhere */
#define AUDIT_ANCHORS_FILE "audit-anchors.log"   /* the anchors */
#define AUDIT_KEY_TEXT_SIZE 73                   /* "ed25519:" + 64 hex + NUL */
#define AUDIT_ANCHORS_MAX ((size_t)256 << 20)

struct audit_key {
	uint8_t pk[SECURE_SIGN_PK_LEN];
	uint8_t sk[SECURE_SIGN_SK_LEN];
	int secret;     /* 1: sk holds the secret key (can sign) */
	char id[17];    /* the first 16 hex digits of the public key, as anchor lines name it */
};

/* "ed25519:<64 hex>", the public key as printed and as the .pub file holds it. */
void audit_key_text(const struct audit_key *k, char out[AUDIT_KEY_TEXT_SIZE]);
/* Reads a key file: the secret key file (both halves) or a public key file (or any text holding
 * "ed25519:<64 hex>"). ERR_NOT_FOUND when there is no such file, ERR_INVALID when it holds no key. */
int audit_key_read(const char *path, struct audit_key *ret, struct err *e) __attribute__((warn_unused_result));
/* The signing key of data directory dir: DIR/audit-anchor.key, made (mode 0600, with DIR/audit-
 * anchor.pub beside it) when there is none and DIR/audit-anchors.log holds no anchor yet;
 * *ret_created (may be NULL) says so. ERR_UNPROCESSABLE (reason anchor_key_missing) when the key
 * is gone but anchors exist: it was moved offline, or removed; a new key would not match them. */
int audit_key_open(const char *dir, struct audit_key *ret, int *ret_created, struct err *e) __attribute__((warn_unused_result));
void audit_key_done(struct audit_key *k);

struct audit_anchored {
	int64_t anchored;    /* lines written */
	int64_t unchanged;   /* only_grown: chains whose head is the one last anchored */
	int64_t refused;     /* chains that no longer match their last anchor (reported as findings) */
	char at[24];         /* the time the lines carry */
	int64_t last_cid, last_seq;   /* the last line written: its company and record */
	char last_hash[65];
};

/* Anchors the head of every chain (only_cid < 0) or of company only_cid's, inside the caller's
 * read transaction, and appends the lines to log_path in one write (opened O_APPEND, created
 * 0644, fsync'd; the folder too when the file is new). Each chain is verified from its last
 * anchor in the file first: one that no longer matches it is not anchored (a finding through
 * each, and counted refused). only_grown leaves out chains whose head is the one last anchored.
 * line(ctx, text) sees each line written (may be NULL). 0, or <0 (nothing written). */
int audit_anchor(struct db *db, const struct audit_key *k, const char *log_path, int64_t only_cid, int only_grown,
		 int (*line)(void *ctx, const char *text), audit_finding_fn each, void *ctx, struct audit_anchored *ret,
		 struct err *e) __attribute__((warn_unused_result));

struct audit_anchor_check {
	int64_t lines;       /* anchor lines read */
	int64_t matching;    /* of them, signed by the key and matching the chain */
	int64_t last_seq;    /* only_cid >= 0: the last matching anchor of that company, 0 none */
	char last_at[32];
	int64_t after_last;  /* only_cid >= 0: records after it */
};

/* Checks the anchors text (len bytes; lines starting with '#' and blank lines are skipped)
 * against pub and the chains, inside the caller's read transaction: every line must be signed
 * by pub (else ANCHOR_FORGED) and name a record that is in the chain with that hash (else
 * ANCHOR_MISMATCH, one finding per company naming the first such anchor and the last one that
 * still matches). Notes for each chain's records after its last anchor. only_cid < 0: every
 * company; else that company's lines only. */
int audit_anchors_check(struct db *db, const struct audit_key *pub, const char *text, size_t len, int64_t only_cid,
			audit_finding_fn each, void *ctx, struct audit_anchor_check *ret, struct err *e)
	__attribute__((warn_unused_result));
/* Reads an anchors file whole into out (at most AUDIT_ANCHORS_MAX). ERR_NOT_FOUND when absent. */
int audit_anchors_read(const char *path, struct buf *out, struct err *e) __attribute__((warn_unused_result));
/* The last line of each company in text, in company order, into out (for mailing). 0 or -1 (memory). */
int audit_anchors_last(const char *text, size_t len, struct buf *out) __attribute__((warn_unused_result));

#endif
