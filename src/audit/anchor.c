/* anchor.c - chain heads signed with a key kept outside the database, as lines of a file that is
 * only ever appended to, and the check of such lines against the chains. Someone who can rewrite
 * the database cannot rewrite what was anchored without the secret key: the anchored record's
 * hash stops matching, the record is gone, or the company's chain is. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/audit.h"
#include "audit/audit_int.h"
#include "lib/clock.h"
#include "lib/text.h"
#include "lib/banned.h"

#define HASH_HEX_LEN 64
#define SIG_HEX_LEN (2 * SECURE_SIGN_LEN)
#define SIGNED_PREFIX "daftar-anchor-v1 "
#define KEY_SECRET_TAG "ed25519-secret:"
#define KEY_PUBLIC_TAG "ed25519:"
#define KEY_FILE_MAX 4096

enum { SQL_HEAD_OF, SQL_RECORD_HASH, SQL_LAST_SEQ, SQL_MAX };

static const char *const sql[SQL_MAX] = {
	[SQL_HEAD_OF] = "SELECT seq FROM audit_head WHERE company_id = ?",
	[SQL_RECORD_HASH] = "SELECT hash FROM audit_log WHERE company_id = ? AND seq = ?",
	[SQL_LAST_SEQ] = "SELECT max(seq) FROM audit_log WHERE company_id = ?",
};

static int oom(struct err *e) { return err_set(e, ERR_INTERNAL, NULL, "out of memory"); }

/* ---- keys ---- */

void audit_key_text(const struct audit_key *k, char out[AUDIT_KEY_TEXT_SIZE])
{
	memcpy(out, KEY_PUBLIC_TAG, sizeof KEY_PUBLIC_TAG - 1);
	secure_hex(k->pk, sizeof k->pk, out + sizeof KEY_PUBLIC_TAG - 1);
}

void audit_key_done(struct audit_key *k)
{
	if (k)
		secure_wipe(k, sizeof *k);
}

static void key_id(struct audit_key *k)
{
	char hex[2 * SECURE_SIGN_PK_LEN + 1];
	secure_hex(k->pk, sizeof k->pk, hex);
	memcpy(k->id, hex, sizeof k->id - 1);
	k->id[sizeof k->id - 1] = '\0';
}

/* The hex digits of length n right after tag in text (tag followed by anything else: none). */
static const char *tagged(const char *text, const char *tag, size_t n)
{
	for (const char *p = strstr(text, tag); p; p = strstr(p + 1, tag)) {
		const char *h = p + strlen(tag);
		size_t i = 0;
		while (i < n && ((h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' && h[i] <= 'f') || (h[i] >= 'A' && h[i] <= 'F')))
			i++;
		if (i == n && !((h[n] >= '0' && h[n] <= '9') || (h[n] >= 'a' && h[n] <= 'f')))
			return h;
	}
	return NULL;
}

static int read_small(const char *path, char *out, size_t cap, struct err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;
	size_t got = 0;
	if (fd < 0)
		return err_set(e, errno == ENOENT ? ERR_NOT_FOUND : ERR_INVALID, "key", "cannot open %.300s: %s", path, strerror(errno));
	while (got + 1 < cap && (n = read(fd, out + got, cap - 1 - got)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			close(fd);
			return err_set(e, ERR_INVALID, "key", "cannot read %.300s: %s", path, strerror(errno));
		}
		got += (size_t)n;
	}
	out[got] = '\0';
	close(fd);
	return 0;
}

int audit_key_read(const char *path, struct audit_key *ret, struct err *e)
{
	char text[KEY_FILE_MAX];
	const char *sk, *pk;
	int rc = read_small(path, text, sizeof text, e);

	if (rc < 0)
		return rc;
	memset(ret, 0, sizeof *ret);
	sk = tagged(text, KEY_SECRET_TAG, 2 * SECURE_SIGN_SK_LEN);
	pk = tagged(text, KEY_PUBLIC_TAG, 2 * SECURE_SIGN_PK_LEN);
	if (sk && secure_unhex(sk, 2 * SECURE_SIGN_SK_LEN, ret->sk, sizeof ret->sk) == 0) {
		memcpy(ret->pk, ret->sk + SECURE_SIGN_SK_LEN - SECURE_SIGN_PK_LEN, sizeof ret->pk);
		ret->secret = 1;
	} else if (!pk || secure_unhex(pk, 2 * SECURE_SIGN_PK_LEN, ret->pk, sizeof ret->pk) < 0) {
		secure_wipe(text, sizeof text);
		return err_set(e, ERR_INVALID, "key", "%.300s holds no Ed25519 key (ed25519:<64 hex digits>)", path);
	}
	secure_wipe(text, sizeof text);
	key_id(ret);
	return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* fsync of the folder holding path, so that a file just made there survives a crash. */
static void sync_dir_of(const char *path)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	int fd;
	if (!slash)
		text_copy(dir, sizeof dir, ".");
	else if ((size_t)(slash - path) < sizeof dir)
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path) ? (int)(slash - path) : 1, path);
	else
		return;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

/* Writes text to a new file path (O_EXCL, mode) and fsyncs it. */
static int write_new(const char *path, const char *text, mode_t mode, struct err *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0)
		return err_set(e, errno == EEXIST ? ERR_CONFLICT : ERR_INTERNAL, "key", "cannot create %.300s: %s", path, strerror(errno));
	if (fchmod(fd, mode) < 0 || write_all(fd, text, strlen(text)) < 0 || fsync(fd) < 0) {
		close(fd);
		unlink(path);
		return err_set(e, ERR_INTERNAL, "key", "cannot write %.300s: %s", path, strerror(errno));
	}
	close(fd);
	return 0;
}

static int make_key(const char *dir, struct audit_key *ret, struct err *e)
{
	char path[4096], pub[4096], text[512], hex[2 * SECURE_SIGN_SK_LEN + 1], pktext[AUDIT_KEY_TEXT_SIZE];
	int rc;

	memset(ret, 0, sizeof *ret);
	secure_sign_keypair(ret->pk, ret->sk);
	ret->secret = 1;
	key_id(ret);
	secure_hex(ret->sk, sizeof ret->sk, hex);
	audit_key_text(ret, pktext);
	snprintf(text, sizeof text,
		 "# Daftar's audit anchor key: it signs the chain heads in " AUDIT_ANCHORS_FILE ". Keep it secret.\n"
		 KEY_SECRET_TAG "%s\n%s\n", hex, pktext);
	secure_wipe(hex, sizeof hex);
	snprintf(path, sizeof path, "%s/" AUDIT_KEY_FILE, dir);
	rc = write_new(path, text, 0600, e);
	secure_wipe(text, sizeof text);
	if (rc < 0)
		return rc;
	snprintf(pub, sizeof pub, "%s/" AUDIT_PUB_FILE, dir);
	unlink(pub);
	snprintf(text, sizeof text, "%s\n", pktext);
	/* 0600 like everything in the data directory: `daftar audit key` prints it to share */
	if ((rc = write_new(pub, text, 0600, e)) < 0)
		return rc;
	sync_dir_of(path);
	return 0;
}

/* 1 when the anchors text holds at least one line that is not blank or a comment. */
static int has_anchor_lines(const char *text)
{
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		if (*p != '#' && *p != '\n' && *p != '\r')
			return 1;
		if (!nl)
			break;
		p = nl + 1;
	}
	return 0;
}

int audit_key_open(const char *dir, struct audit_key *ret, int *ret_created, struct err *e)
{
	char path[4096], log[4096];
	struct buf anchors = BUF_INIT;
	int rc, any;

	if (ret_created)
		*ret_created = 0;
	snprintf(path, sizeof path, "%s/" AUDIT_KEY_FILE, dir);
	rc = audit_key_read(path, ret, e);
	if (rc == 0 && !ret->secret)
		return err_set(e, ERR_INVALID, "key", "%.300s holds a public key only: anchoring needs the secret key", path);
	if (rc == 0 || e->code != ERR_NOT_FOUND)
		return rc;
	err_clear(e);
	snprintf(log, sizeof log, "%s/" AUDIT_ANCHORS_FILE, dir);
	rc = audit_anchors_read(log, &anchors, e);
	if (rc < 0 && e->code != ERR_NOT_FOUND) {
		buf_free(&anchors);
		return rc;
	}
	err_clear(e);
	any = has_anchor_lines(buf_str(&anchors));
	buf_free(&anchors);
	if (any) {
		err_set(e, ERR_UNPROCESSABLE, "key", "the anchor key %.300s is missing, but %.300s holds anchors it signed: put the key back "
			"(or give its file with --key)", path, log);
		return err_reason(e, "anchor_key_missing");
	}
	if ((rc = make_key(dir, ret, e)) < 0)
		return rc;
	if (ret_created)
		*ret_created = 1;
	return 0;
}

/* ---- anchor lines ---- */

struct anchor {
	char at[CLOCK_ISO_SIZE];
	int64_t cid, seq;
	char hash[HASH_HEX_LEN + 1];
	char key[17];
	uint8_t sig[SECURE_SIGN_LEN];
	size_t signed_len;   /* the line up to " sig=" */
};

/* Reads "name=" then up to n characters of allowed kind (hex or digits) ending at a space or the
 * end; *p moves past them. */
static int field(const char **p, const char *end, const char *name, int hex, char *out, size_t n)
{
	size_t k = strlen(name), i = 0;
	const char *s = *p;
	if ((size_t)(end - s) < k || memcmp(s, name, k) != 0)
		return -1;
	s += k;
	while (s + i < end && s[i] != ' ' && i < n) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || (hex && c >= 'a' && c <= 'f')))
			return -1;
		out[i] = c;
		i++;
	}
	if (i == 0 || (s + i < end && s[i] != ' '))
		return -1;
	out[i] = '\0';
	*p = s + i;
	return 0;
}

/* Parses one line (without its newline): 0, or -1 when it is not an anchor line. */
static int parse_line(const char *s, size_t len, struct anchor *a)
{
	const char *p = s, *end = s + len;
	char num[24], sig[SIG_HEX_LEN + 1];

	if (len < CLOCK_ISO_SIZE || s[4] != '-' || s[10] != 'T' || s[CLOCK_ISO_SIZE - 2] != 'Z' || s[CLOCK_ISO_SIZE - 1] != ' ')
		return -1;
	memcpy(a->at, s, CLOCK_ISO_SIZE - 1);
	a->at[CLOCK_ISO_SIZE - 1] = '\0';
	p += CLOCK_ISO_SIZE;
	if (field(&p, end, "company=", 0, num, 19) < 0 || text_parse_i64(num, 0, INT64_MAX, &a->cid) < 0 || *p++ != ' ' ||
	    field(&p, end, "seq=", 0, num, 19) < 0 || text_parse_i64(num, 0, INT64_MAX, &a->seq) < 0 || *p++ != ' ' ||
	    field(&p, end, "hash=", 1, a->hash, HASH_HEX_LEN) < 0 || strlen(a->hash) != HASH_HEX_LEN || *p++ != ' ' ||
	    field(&p, end, "key=", 1, a->key, 16) < 0 || strlen(a->key) != 16)
		return -1;
	a->signed_len = (size_t)(p - s);
	if (p == end || *p++ != ' ' || field(&p, end, "sig=", 1, sig, SIG_HEX_LEN) < 0 || p != end ||
	    secure_unhex(sig, strlen(sig), a->sig, sizeof a->sig) < 0)
		return -1;
	return 0;
}

/* The signed message of a line: the prefix and the line up to " sig=". */
static int signed_text(const char *line, size_t n, char *out, size_t cap)
{
	if (sizeof SIGNED_PREFIX - 1 + n + 1 > cap)
		return -1;
	memcpy(out, SIGNED_PREFIX, sizeof SIGNED_PREFIX - 1);
	memcpy(out + sizeof SIGNED_PREFIX - 1, line, n);
	out[sizeof SIGNED_PREFIX - 1 + n] = '\0';
	return (int)(sizeof SIGNED_PREFIX - 1 + n);
}

static int signature_ok(const struct audit_key *k, const char *line, const struct anchor *a)
{
	char msg[256];
	int n = signed_text(line, a->signed_len, msg, sizeof msg);
	return n > 0 && strcmp(a->key, k->id) == 0 && secure_sign_verify(k->pk, msg, (size_t)n, a->sig) == 0;
}

/* Appends the anchor line of (cid, seq, hash) signed with k, at `at`, to out. */
static int line_make(struct buf *out, const struct audit_key *k, const char *at, int64_t cid, int64_t seq, const char *hash)
{
	char body[200], msg[256], sighex[SIG_HEX_LEN + 1];
	uint8_t sig[SECURE_SIGN_LEN];
	int n = snprintf(body, sizeof body, "%s company=%lld seq=%lld hash=%s key=%s", at, (long long)cid, (long long)seq, hash, k->id);
	int m;
	if (n < 0 || (size_t)n >= sizeof body || (m = signed_text(body, (size_t)n, msg, sizeof msg)) < 0)
		return -1;
	secure_sign(k->sk, msg, (size_t)m, sig);
	secure_hex(sig, sizeof sig, sighex);
	return buf_addf(out, "%s sig=%s\n", body, sighex);
}

/* Calls fn for each line of text (without its newline; a last line without one is marked cut). */
typedef int (*line_fn)(void *ctx, const char *s, size_t n, int64_t lineno, int cut, struct err *e);

static int each_line(const char *text, size_t len, line_fn fn, void *ctx, struct err *e)
{
	const char *p = text, *end = text + len;
	int64_t no = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		int rc;
		no++;
		if (n && p[n - 1] == '\r')
			n--;
		if (n && *p != '#' && (rc = fn(ctx, p, n, no, nl == NULL, e)) < 0)
			return rc;
		p = nl ? nl + 1 : end;
	}
	return 0;
}

int audit_anchors_read(const char *path, struct buf *out, struct err *e)
{
	struct stat sb;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char chunk[65536];
	ssize_t n;

	if (fd < 0)
		return err_set(e, errno == ENOENT ? ERR_NOT_FOUND : ERR_INVALID, "anchors", "cannot open %.300s: %s", path, strerror(errno));
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || (size_t)sb.st_size > AUDIT_ANCHORS_MAX) {
		close(fd);
		return err_set(e, ERR_INVALID, "anchors", "%.300s is not a regular file of at most 256 MB", path);
	}
	out->limit = AUDIT_ANCHORS_MAX + 1;
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || buf_add(out, chunk, (size_t)n) < 0) {
			close(fd);
			return err_set(e, ERR_INVALID, "anchors", "cannot read %.300s", path);
		}
	}
	close(fd);
	return 0;
}

/* ---- per company: a small sorted table ---- */

struct company_state {
	int64_t cid;
	/* anchoring: the last anchor signed by the key */
	int64_t last_seq;
	char last_hash[HASH_HEX_LEN + 1];
	char last_at[CLOCK_ISO_SIZE];
	int has_last;
	/* checking */
	int head_read, has_head, gone;
	int64_t head_seq, end_seq;             /* the head's seq; the highest record there is */
	int64_t bad, bad_seq, bad_line;         /* failing anchors; the lowest failing seq and its line */
	int bad_kind;                           /* 1 rewritten, 2 cut short, 3 company gone */
	char bad_at[CLOCK_ISO_SIZE];
	int64_t good, good_seq;                 /* matching anchors; the highest */
	char good_at[CLOCK_ISO_SIZE];
	/* the last line of each company, for mailing: where it is in a copy */
	size_t line_off, line_len;
};

struct companies {
	struct company_state *v;
	size_t n, cap;
};

static struct company_state *company_of(struct companies *t, int64_t cid)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (t->v[mid].cid < cid)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < t->n && t->v[lo].cid == cid)
		return &t->v[lo];
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct company_state *v = realloc(t->v, cap * sizeof *v);
		if (!v)
			return NULL;
		t->v = v;
		t->cap = cap;
	}
	memmove(&t->v[lo + 1], &t->v[lo], (t->n - lo) * sizeof *t->v);
	memset(&t->v[lo], 0, sizeof t->v[lo]);
	t->v[lo].cid = cid;
	t->n++;
	return &t->v[lo];
}

/* ---- anchoring ---- */

struct last_walk {
	const struct audit_key *k;
	struct companies *t;
};

/* Remembers each company's highest anchor signed by the key (other lines are verify's business). */
static int last_line(void *ctx, const char *s, size_t n, int64_t no, int cut, struct err *e)
{
	struct last_walk *w = ctx;
	struct anchor a;
	struct company_state *c;
	char line[512];
	(void)no;
	if (cut || n >= sizeof line)
		return 0;
	memcpy(line, s, n);
	line[n] = '\0';
	if (parse_line(line, n, &a) < 0 || !signature_ok(w->k, line, &a))
		return 0;
	if (!(c = company_of(w->t, a.cid)))
		return oom(e);
	if (!c->has_last || a.seq >= c->last_seq) {
		c->has_last = 1;
		c->last_seq = a.seq;
		text_copy(c->last_hash, sizeof c->last_hash, a.hash);
		text_copy(c->last_at, sizeof c->last_at, a.at);
	}
	return 0;
}


/* 1 when record seq of company cid carries hash (seq 0: the empty start of every chain). */
static int record_is(struct db *db, int64_t cid, int64_t seq, const char *hash, struct err *e)
{
	char have[HASH_HEX_LEN + 1] = "";
	int rc;
	if (seq == 0)
		return 1;
	rc = db_text(db, sql[SQL_RECORD_HASH], DB_ARGS(DB_I64(cid), DB_I64(seq)), have, sizeof have, e);
	if (rc < 0)
		return rc;
	return rc == DB_ROW && strcmp(have, hash) == 0;
}

/* Whether company c's chain may be anchored at head h: it still holds its last anchor and
 * verifies from there. 1 yes, 0 refused (reported through each), <0 error. */
static int may_anchor(struct db *db, const struct company_state *c, const struct audit_head *h, audit_finding_fn each, void *ctx,
		      struct err *e)
{
	struct audit_finding f;
	struct buf problem = BUF_INIT;
	int rc;

	memset(&f, 0, sizeof f);
	f.company_id = h->cid;
	if (c->has_last) {
		if ((rc = record_is(db, h->cid, c->last_seq, c->last_hash, e)) < 0)
			return rc;
		if (rc == 0) {
			f.kind = AUDIT_ANCHOR_MISMATCH;
			f.id = f.seq = c->last_seq;
			snprintf(f.text, sizeof f.text, "company %lld: record %lld no longer matches its anchor of %s: not anchoring a "
				 "rewritten chain", (long long)h->cid, (long long)c->last_seq, c->last_at);
			goto refuse;
		}
	}
	rc = audit_verify_chain(db, h->cid, c->has_last ? c->last_seq : 0, c->has_last ? c->last_hash : NULL, NULL, &problem, e);
	if (rc <= 0) {
		buf_free(&problem);
		return rc < 0 ? rc : 1;
	}
	f.kind = AUDIT_CHAIN_BROKEN;
	snprintf(f.text, sizeof f.text, "%s: not anchoring a broken chain", buf_str(&problem));
refuse:
	buf_free(&problem);
	if (each && (rc = each(ctx, &f, e)) < 0)
		return rc;
	return 0;
}

/* Appends the lines to log_path in one write, under an exclusive lock, and fsyncs. */
static int append_lines(const char *log_path, const struct buf *lines, struct err *e)
{
	struct stat sb;
	int existed = stat(log_path, &sb) == 0;
	int fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600), rc = 0;
	if (fd < 0)
		return err_set(e, ERR_INTERNAL, "anchors", "cannot open %.300s: %s", log_path, strerror(errno));
	while (flock(fd, LOCK_EX) < 0 && errno == EINTR)
		;
	if (write_all(fd, lines->data, lines->len) < 0 || fsync(fd) < 0)
		rc = err_set(e, ERR_INTERNAL, "anchors", "cannot write %.300s: %s", log_path, strerror(errno));
	close(fd);
	if (rc == 0 && !existed)
		sync_dir_of(log_path);
	return rc;
}

int audit_anchor(struct db *db, const struct audit_key *k, const char *log_path, int64_t only_cid, int only_grown,
		 int (*line)(void *ctx, const char *text), audit_finding_fn each, void *ctx, struct audit_anchored *ret,
		 struct err *e)
{
	struct companies t = {NULL, 0, 0};
	struct last_walk w = {k, &t};
	struct audit_heads heads = {NULL, 0, 0};
	struct buf old = BUF_INIT, lines = BUF_INIT;
	struct audit_anchored done;
	char now[CLOCK_ISO_SIZE];
	int rc;

	if (!k->secret)
		return err_set(e, ERR_INVALID, "key", "anchoring needs the secret key");
	memset(&done, 0, sizeof done);
	rc = audit_anchors_read(log_path, &old, e);
	if (rc < 0 && e->code == ERR_NOT_FOUND) {
		err_clear(e);
		rc = 0;
	}
	if (rc >= 0)
		rc = each_line(old.data ? old.data : "", old.len, last_line, &w, e);
	if (rc >= 0)
		rc = audit_heads_read(db, &heads, e);
	clock_now_iso(now);
	text_copy(done.at, sizeof done.at, now);
	for (size_t i = 0; rc >= 0 && i < heads.n; i++) {
		const struct audit_head *h = &heads.v[i];
		struct company_state *c;
		if (only_cid >= 0 && h->cid != only_cid)
			continue;
		if (!(c = company_of(&t, h->cid))) {
			rc = oom(e);
			break;
		}
		if (only_grown && c->has_last && c->last_seq == h->seq && strcmp(c->last_hash, h->hash) == 0) {
			done.unchanged++;
			continue;
		}
		if ((rc = may_anchor(db, c, h, each, ctx, e)) <= 0) {
			done.refused += rc == 0;
			continue;
		}
		if (line_make(&lines, k, now, h->cid, h->seq, h->hash) < 0)
			rc = oom(e);
		done.anchored++;
		done.last_cid = h->cid;
		done.last_seq = h->seq;
		text_copy(done.last_hash, sizeof done.last_hash, h->hash);
	}
	if (rc >= 0 && lines.len)
		rc = append_lines(log_path, &lines, e);
	if (rc >= 0 && line)
		for (const char *p = buf_str(&lines), *nl; rc >= 0 && (nl = strchr(p, '\n')); p = nl + 1) {
			char one[512];
			snprintf(one, sizeof one, "%.*s", (int)(nl - p), p);
			rc = line(ctx, one);
		}
	free(t.v);
	free(heads.v);
	buf_free(&old);
	buf_free(&lines);
	if (rc < 0)
		return rc;
	if (ret)
		*ret = done;
	return 0;
}

/* ---- checking anchors against the chains ---- */

struct check {
	struct db *db;
	const struct audit_key *pub;
	int64_t only_cid;
	audit_finding_fn each;
	void *ctx;
	struct companies t;
	struct audit_anchor_check res;
};

static int forged(struct check *k, int64_t no, int64_t cid, const char *why, struct err *e)
{
	struct audit_finding f;
	memset(&f, 0, sizeof f);
	f.kind = AUDIT_ANCHOR_FORGED;
	f.company_id = cid;
	f.line = no;
	snprintf(f.text, sizeof f.text, "anchors line %lld: %s", (long long)no, why);
	return k->each(k->ctx, &f, e);
}

/* Reads company c's head and the end of its records once. */
static int head_of(struct check *k, struct company_state *c, struct err *e)
{
	int64_t v = 0;
	int rc;
	if (c->head_read)
		return 0;
	c->head_read = 1;
	rc = db_i64(k->db, sql[SQL_HEAD_OF], DB_ARGS(DB_I64(c->cid)), &v, e);
	if (rc < 0)
		return rc;
	c->has_head = rc == DB_ROW;
	c->head_seq = v;
	v = 0;
	if ((rc = db_i64(k->db, sql[SQL_LAST_SEQ], DB_ARGS(DB_I64(c->cid)), &v, e)) < 0)
		return rc;
	c->end_seq = v;
	return 0;
}

static int check_line(void *ctx, const char *s, size_t n, int64_t no, int cut, struct err *e)
{
	struct check *k = ctx;
	struct company_state *c;
	struct anchor a;
	char line[512];
	int rc, kind;

	/* A whole line without its newline is still a line; one that does not parse and ends the
	 * file unfinished was cut. */
	if (n >= sizeof line || parse_line(memcpy(line, s, n), n, &a) < 0) {
		k->res.lines++;
		return forged(k, no, 0, cut ? "the last line is cut short: the file was truncated or a write did not finish"
					    : "not an anchor line",
			      e);
	}
	line[n] = '\0';
	if (k->only_cid >= 0 && a.cid != k->only_cid)
		return 0;
	k->res.lines++;
	if (strcmp(a.key, k->pub->id) != 0) {
		char why[160];
		snprintf(why, sizeof why, "signed by another key (%s), not the one given (%s)", a.key, k->pub->id);
		return forged(k, no, a.cid, why, e);
	}
	if (!signature_ok(k->pub, line, &a))
		return forged(k, no, a.cid, "the signature does not match the line: it was forged or altered", e);
	if (!(c = company_of(&k->t, a.cid)))
		return oom(e);
	if ((rc = head_of(k, c, e)) < 0 || (rc = record_is(k->db, a.cid, a.seq, a.hash, e)) < 0)
		return rc;
	if (rc == 1 && (a.seq > 0 || c->has_head || c->end_seq > 0)) {
		k->res.matching++;
		c->good++;
		if (a.seq >= c->good_seq) {
			c->good_seq = a.seq;
			text_copy(c->good_at, sizeof c->good_at, a.at);
		}
		return 0;
	}
	kind = !c->has_head && c->end_seq == 0 ? 3 : a.seq > c->end_seq || a.seq > c->head_seq ? 2 : 1;
	if (!c->bad || a.seq < c->bad_seq) {
		c->bad_seq = a.seq;
		c->bad_line = no;
		c->bad_kind = kind;
		text_copy(c->bad_at, sizeof c->bad_at, a.at);
	}
	c->bad++;
	return 0;
}

/* The one finding of a company whose anchors fail, and the note of what came after its last. */
static int company_findings(struct check *k, const struct company_state *c, struct err *e)
{
	struct audit_finding f;
	int n = 0;
	memset(&f, 0, sizeof f);
	f.company_id = c->cid;
	if (c->bad) {
		f.kind = AUDIT_ANCHOR_MISMATCH;
		f.id = f.seq = c->bad_seq;
		f.line = c->bad_line;
		if (c->bad_kind == 3)
			n = snprintf(f.text, sizeof f.text, "company %lld: anchored at record %lld on %s (line %lld), but the database has "
				     "no chain for it: the company was removed with its records", (long long)c->cid, (long long)c->bad_seq,
				     c->bad_at, (long long)c->bad_line);
		else if (c->bad_kind == 2)
			n = snprintf(f.text, sizeof f.text, "company %lld: record %lld was anchored on %s (line %lld), but the chain now "
				     "ends at record %lld (head %lld): records at its end were removed and the head rewound",
				     (long long)c->cid, (long long)c->bad_seq, c->bad_at, (long long)c->bad_line, (long long)c->end_seq,
				     (long long)c->head_seq);
		else
			n = snprintf(f.text, sizeof f.text, "company %lld: record %lld is not the one anchored on %s (line %lld): the chain "
				     "was rewritten at or before record %lld", (long long)c->cid, (long long)c->bad_seq, c->bad_at,
				     (long long)c->bad_line, (long long)c->bad_seq);
		if (n > 0 && (size_t)n < sizeof f.text && c->good && c->good_seq < c->bad_seq)
			snprintf(f.text + n, sizeof f.text - (size_t)n, "; anchors up to record %lld (%s) still match",
				 (long long)c->good_seq, c->good_at);
		return k->each(k->ctx, &f, e);
	}
	if (c->has_head && c->head_seq > c->good_seq) {
		f.kind = AUDIT_NOTE;
		f.id = c->good_seq;
		if (c->good)
			snprintf(f.text, sizeof f.text, "company %lld: records %lld to %lld came after its last anchor (%s) and are not "
				 "anchored yet", (long long)c->cid, (long long)c->good_seq + 1, (long long)c->head_seq, c->good_at);
		else
			snprintf(f.text, sizeof f.text, "company %lld: no anchor in the file: its %lld records are not anchored",
				 (long long)c->cid, (long long)c->head_seq);
		return k->each(k->ctx, &f, e);
	}
	return 0;
}

int audit_anchors_check(struct db *db, const struct audit_key *pub, const char *text, size_t len, int64_t only_cid,
			audit_finding_fn each, void *ctx, struct audit_anchor_check *ret, struct err *e)
{
	struct check k;
	struct audit_heads heads = {NULL, 0, 0};
	int rc;

	memset(&k, 0, sizeof k);
	k.db = db;
	k.pub = pub;
	k.only_cid = only_cid;
	k.each = each;
	k.ctx = ctx;
	rc = each_line(text, len, check_line, &k, e);
	/* every chain there is, anchored or not, gets its note */
	if (rc >= 0)
		rc = audit_heads_read(db, &heads, e);
	for (size_t i = 0; rc >= 0 && i < heads.n; i++) {
		struct company_state *c;
		if (only_cid >= 0 && heads.v[i].cid != only_cid)
			continue;
		if (!(c = company_of(&k.t, heads.v[i].cid)))
			rc = oom(e);
		else
			rc = head_of(&k, c, e);
	}
	for (size_t i = 0; rc >= 0 && i < k.t.n; i++) {
		const struct company_state *c = &k.t.v[i];
		rc = company_findings(&k, c, e);
		if (c->cid == only_cid) {
			k.res.last_seq = c->good_seq;
			text_copy(k.res.last_at, sizeof k.res.last_at, c->good_at);
			k.res.after_last = c->has_head && c->head_seq > c->good_seq ? c->head_seq - c->good_seq : 0;
		}
	}
	free(k.t.v);
	free(heads.v);
	if (rc < 0)
		return rc;
	if (ret)
		*ret = k.res;
	return 0;
}

/* ---- the last line of each company, for mailing ---- */

struct last_lines {
	struct companies t;
	struct buf *lines;   /* every anchor line, one after another */
};

static int keep_last(void *ctx, const char *s, size_t n, int64_t no, int cut, struct err *e)
{
	struct last_lines *l = ctx;
	struct anchor a;
	struct company_state *c;
	char line[512];
	(void)no;
	(void)e;
	if (cut || n >= sizeof line || parse_line(memcpy(line, s, n), n, &a) < 0)
		return 0;
	if (!(c = company_of(&l->t, a.cid)) || buf_add(l->lines, s, n) < 0 || buf_addc(l->lines, '\n') < 0)
		return -1;
	c->line_off = l->lines->len - n - 1;
	c->line_len = n + 1;
	return 0;
}

int audit_anchors_last(const char *text, size_t len, struct buf *out)
{
	struct buf all = BUF_INIT;
	struct last_lines l;
	struct err e = ERR_INIT;
	int rc;

	memset(&l, 0, sizeof l);
	all.limit = AUDIT_ANCHORS_MAX + 1;
	l.lines = &all;
	rc = each_line(text, len, keep_last, &l, &e);
	for (size_t i = 0; rc >= 0 && i < l.t.n; i++) {
		const struct company_state *c = &l.t.v[i];
		if (buf_add(out, all.data + c->line_off, c->line_len) < 0)
			rc = -1;
	}
	free(l.t.v);
	buf_free(&all);
	return rc < 0 ? -1 : 0;
}
