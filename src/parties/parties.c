/* parties.c - party rules and SQL. Every statement is in the table below; every change is audited
 * in the same transaction with the party's JSON before and after. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts/accounts.h"
#include "audit/audit.h"
#include "lib/clock.h"
#include "lib/buf.h"
#include "lib/india.h"
#include "lib/money.h"
#include "parties/parties.h"
#include "lib/text.h"
#include "lib/banned.h"

static const char *const field_names[PF_MAX] = {
	[PF_KIND] = "kind", [PF_NAME] = "name", [PF_GSTIN] = "gstin", [PF_PAN] = "pan",
	[PF_PHONE] = "phone", [PF_EMAIL] = "email", [PF_BILLING] = "billing_address",
	[PF_SHIPPING] = "shipping_address", [PF_STATE] = "state_code", [PF_CREDIT] = "credit_limit",
	[PF_TERMS] = "payment_terms_days", [PF_NAME_HI] = "name_hi",
};

const char *party_field_name(enum party_field f) { return (unsigned)f < PF_MAX ? field_names[f] : "?"; }

/* NULL text columns read as "" through db_col_text on both backends, so no coalesce(). */
#define COLS "id, company_id, kind, name, gstin, pan, phone, email, billing_address, shipping_address, " \
	     "state_code, credit_limit, payment_terms_days, version, archived, created_at, updated_at, name_hi"

static const char sql_get[] = "SELECT " COLS " FROM parties WHERE company_id = ? AND id = ?";
static const char sql_insert[] =
	"INSERT INTO parties(company_id, kind, name, search, gstin, pan, phone, email, billing_address, "
	"shipping_address, state_code, credit_limit, payment_terms_days, version, archived, created_at, updated_at, name_hi) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 0, ?, ?, ?) RETURNING id";
static const char sql_update[] =
	"UPDATE parties SET kind = ?, name = ?, search = ?, gstin = ?, pan = ?, phone = ?, email = ?, "
	"billing_address = ?, shipping_address = ?, state_code = ?, credit_limit = ?, payment_terms_days = ?, "
	"archived = ?, version = version + 1, updated_at = ?, name_hi = ? WHERE company_id = ? AND id = ? AND version = ?";
/* Two index lookups (parties_gstin, parties_phone) rather than one OR, which would walk the
 * whole company on every create. */
static const char sql_dup[] =
	"SELECT id, name, gstin, phone FROM ("
	"SELECT id, name, gstin, phone FROM parties WHERE company_id = ? AND gstin = ? AND archived = 0 AND id <> ? "
	"UNION ALL "
	"SELECT id, name, gstin, phone FROM parties WHERE company_id = ? AND phone = ? AND archived = 0 AND id <> ?"
	") d ORDER BY id LIMIT 1";
/* The first page, and the pages after a cursor: (name, id) > (?, ?) is a range on the index
 * parties_name on both engines, so a late page costs what the first one does. */
#define LIST_WHERE "FROM parties WHERE company_id = ? " \
	"AND (? = 2 OR archived = ?) AND (? = '' OR kind = ?) AND (? = '' OR search LIKE ? ESCAPE '!') "
static const char sql_list[] = "SELECT " COLS " " LIST_WHERE "ORDER BY name, id LIMIT ?";
static const char sql_list_after[] =
	"SELECT " COLS " " LIST_WHERE "AND (name, id) > (?, ?) ORDER BY name, id LIMIT ?";
static const char sql_name_of[] = "SELECT name FROM parties WHERE company_id = ? AND id = ?";
static const char sql_count[] = "SELECT count(*) FROM parties WHERE company_id = ?";
/* A page of parties in id order, for audit verification. */
static const char sql_cover[] = "SELECT " COLS " FROM parties WHERE company_id = ? AND id > ? ORDER BY id LIMIT ?";

/* The API and audit shape of a party: keys in this order, from the struct or straight from a
 * row of COLS. OPT text is null when empty (stored as NULL). */
enum jtype { J_I64, J_TEXT, J_OPT, J_MONEY, J_BOOL };
static const struct {
	struct jsonw_key key;
	enum jtype type;
	int col;       /* in COLS */
	size_t off;    /* in struct party */
} json_fields[] = {
	{JSONW_KEY("id"), J_I64, 0, offsetof(struct party, id)},
	{JSONW_KEY("kind"), J_TEXT, 2, offsetof(struct party, kind)},
	{JSONW_KEY("name"), J_TEXT, 3, offsetof(struct party, name)},
	{JSONW_KEY("name_hi"), J_OPT, 17, offsetof(struct party, name_hi)},
	{JSONW_KEY("gstin"), J_OPT, 4, offsetof(struct party, gstin)},
	{JSONW_KEY("pan"), J_OPT, 5, offsetof(struct party, pan)},
	{JSONW_KEY("phone"), J_OPT, 6, offsetof(struct party, phone)},
	{JSONW_KEY("email"), J_OPT, 7, offsetof(struct party, email)},
	{JSONW_KEY("billing_address"), J_OPT, 8, offsetof(struct party, billing_address)},
	{JSONW_KEY("shipping_address"), J_OPT, 9, offsetof(struct party, shipping_address)},
	{JSONW_KEY("state_code"), J_OPT, 10, offsetof(struct party, state_code)},
	{JSONW_KEY("credit_limit"), J_MONEY, 11, offsetof(struct party, credit_limit)},
	{JSONW_KEY("payment_terms_days"), J_I64, 12, offsetof(struct party, payment_terms_days)},
	{JSONW_KEY("version"), J_I64, 13, offsetof(struct party, version)},
	{JSONW_KEY("archived"), J_BOOL, 14, offsetof(struct party, archived)},
	{JSONW_KEY("created_at"), J_TEXT, 15, offsetof(struct party, created_at)},
	{JSONW_KEY("updated_at"), J_TEXT, 16, offsetof(struct party, updated_at)},
};

static void json_member(struct jsonw *w, const struct jsonw_key *key, enum jtype t, int64_t i, const char *s, size_t n)
{
	switch (t) {
	case J_I64:
		jsonw_mi64(w, key, i);
		break;
	case J_MONEY:
		jsonw_mmoney(w, key, i);
		break;
	case J_BOOL:
		jsonw_mbool(w, key, i != 0);
		break;
	case J_OPT:
		if (!n) {
			jsonw_mnull(w, key);
			break;
		}
		/* fall through */
	case J_TEXT:
		jsonw_mstrn(w, key, s, n);
		break;
	}
}

void party_json(struct jsonw *w, const struct party *p)
{
	jsonw_obj(w);
	party_json_members(w, p);
	jsonw_obj_end(w);
}

void party_json_members(struct jsonw *w, const struct party *p)
{
	for (size_t f = 0; f < sizeof json_fields / sizeof json_fields[0]; f++) {
		const char *m = (const char *)p + json_fields[f].off;
		enum jtype t = json_fields[f].type;
		int64_t i = 0;
		if (t == J_BOOL)
			i = *(const int *)(const void *)m;
		else if (t == J_I64 || t == J_MONEY)
			memcpy(&i, m, sizeof i);
		json_member(w, &json_fields[f].key, t, i, m, t == J_TEXT || t == J_OPT ? strlen(m) : 0);
	}
}

/* party_json of the current row of COLS, without the struct in between (lists write 50 of these
 * a page). The bytes are those of row_to_party then party_json: stored text fits its member. */
static void row_json(struct jsonw *w, struct db_stmt *st)
{
	jsonw_obj(w);
	for (size_t f = 0; f < sizeof json_fields / sizeof json_fields[0]; f++) {
		enum jtype t = json_fields[f].type;
		const char *s = NULL;
		size_t n = 0;
		int64_t i = 0;
		if (t == J_TEXT || t == J_OPT)
			s = db_col_text_n(st, json_fields[f].col, &n);
		else
			i = db_col_i64(st, json_fields[f].col);
		json_member(w, &json_fields[f].key, t, i, s, n);
	}
	jsonw_obj_end(w);
}

/* Fills every member of p from the row (no memset: the struct is large; text_copy writes each
 * string whole). */
static void row_to_party(struct db_stmt *st, struct party *p)
{
	p->id = db_col_i64(st, 0);
	p->company_id = db_col_i64(st, 1);
	text_copy(p->kind, sizeof p->kind, db_col_text(st, 2));
	text_copy(p->name, sizeof p->name, db_col_text(st, 3));
	text_copy(p->gstin, sizeof p->gstin, db_col_text(st, 4));
	text_copy(p->pan, sizeof p->pan, db_col_text(st, 5));
	text_copy(p->phone, sizeof p->phone, db_col_text(st, 6));
	text_copy(p->email, sizeof p->email, db_col_text(st, 7));
	text_copy(p->billing_address, sizeof p->billing_address, db_col_text(st, 8));
	text_copy(p->shipping_address, sizeof p->shipping_address, db_col_text(st, 9));
	text_copy(p->state_code, sizeof p->state_code, db_col_text(st, 10));
	p->credit_limit = db_col_i64(st, 11);
	p->payment_terms_days = db_col_i64(st, 12);
	p->version = db_col_i64(st, 13);
	p->archived = (int)db_col_i64(st, 14);
	text_copy(p->created_at, sizeof p->created_at, db_col_text(st, 15));
	text_copy(p->updated_at, sizeof p->updated_at, db_col_text(st, 16));
	text_copy(p->name_hi, sizeof p->name_hi, db_col_text(st, 17));
}

/* Trims spaces and checks text: valid UTF-8, no control characters (newlines allowed where
 * multiline), at most max characters. Copies into out (cap bytes). */
static int take_text(const char *in, enum party_field f, size_t max_chars, int multiline, char *out,
		     size_t cap, struct err *e)
{
	const char *s = in ? in : "";
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || (multiline && (s[n - 1] == '\n' || s[n - 1] == '\r'))))
		n--;
	if (text_utf8_invalid_at(s, n) >= 0)
		return err_setr(e, ERR_INVALID, field_names[f], "not_utf8", "%s is not valid UTF-8", field_names[f]);
	if (text_utf8_chars(s, n) > max_chars || n >= cap) {
		err_setr(e, ERR_INVALID, field_names[f], "too_long", "%s is longer than %zu characters", field_names[f], max_chars);
		return err_detail_int(e, "max", (int64_t)max_chars);
	}
	memcpy(out, s, n);
	out[n] = '\0';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)out[i];
		if ((c < 0x20 && !(multiline && (c == '\n' || c == '\r'))) || c == 0x7F)
			return err_setr(e, ERR_INVALID, field_names[f], "control_character", "%s holds a control character", field_names[f]);
	}
	return 0;
}

static void upper(char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

static int email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.') || at[1] == '.')
		return 0;
	if (s[strlen(s) - 1] == '.')
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ')
			return 0;
	return 1;
}

/* Applies the given input fields onto p, validating each; the first bad field is reported. */
static int apply(struct party *p, const struct party_input *in, struct err *e)
{
	char tmp[64];
	int rc;

#define HAS(f) (in->set & (1u << (f)))
	if (HAS(PF_KIND)) {
		const char *k = in->text[PF_KIND] ? in->text[PF_KIND] : "";
		if (strcmp(k, "customer") != 0 && strcmp(k, "vendor") != 0)
			return err_setr(e, ERR_INVALID, "kind", "kind_choice", "kind must be \"customer\" or \"vendor\"");
		text_copy(p->kind, sizeof p->kind, k);
	}
	if (HAS(PF_NAME)) {
		if ((rc = take_text(in->text[PF_NAME], PF_NAME, PARTY_NAME_MAX_CHARS, 0, p->name, sizeof p->name, e)) < 0)
			return rc;
	}
	if (!*p->name)
		return err_setr(e, ERR_INVALID, "name", "required", "name is required");
	if (HAS(PF_NAME_HI) &&
	    (rc = take_text(in->text[PF_NAME_HI], PF_NAME_HI, PARTY_NAME_MAX_CHARS, 0, p->name_hi, sizeof p->name_hi, e)) < 0)
		return rc;
	if (HAS(PF_GSTIN)) {
		if ((rc = take_text(in->text[PF_GSTIN], PF_GSTIN, 15, 0, p->gstin, sizeof p->gstin, e)) < 0)
			return rc;
		upper(p->gstin);
		if (*p->gstin && (rc = india_gstin_refuse(p->gstin, "gstin", e)) < 0)
			return rc;
	}
	if (HAS(PF_PAN)) {
		if ((rc = take_text(in->text[PF_PAN], PF_PAN, 10, 0, p->pan, sizeof p->pan, e)) < 0)
			return rc;
		upper(p->pan);
		if (*p->pan && india_pan_check(p->pan) < 0)
			return err_setr(e, ERR_INVALID, "pan", "pan_pattern", "PAN must look like AAAPA1234A (5 letters, 4 digits, 1 letter)");
	}
	if (*p->gstin) {
		/* A new GSTIN without a PAN in the same request brings its own PAN. */
		if (HAS(PF_GSTIN) && !HAS(PF_PAN))
			p->pan[0] = '\0';
		if (!*p->pan) {
			memcpy(p->pan, p->gstin + 2, 10);
			p->pan[10] = '\0';
		} else if (memcmp(p->pan, p->gstin + 2, 10) != 0) {
			char pan[11];
			memcpy(pan, p->gstin + 2, 10);
			pan[10] = '\0';
			err_setr(e, ERR_INVALID, HAS(PF_PAN) ? "pan" : "gstin", "pan_gstin_mismatch", "PAN %s does not match the GSTIN (%s)",
				 p->pan, pan);
			return err_detail_text(e, "pan", pan);
		}
	}
	if (HAS(PF_PHONE)) {
		if ((rc = take_text(in->text[PF_PHONE], PF_PHONE, 30, 0, tmp, sizeof tmp, e)) < 0)
			return rc;
		if (!*tmp)
			p->phone[0] = '\0';
		else if (india_phone_normalise(tmp, p->phone, sizeof p->phone) < 0)
			return err_setr(e, ERR_INVALID, "phone", "phone_digits", "phone must be 10 to 15 digits");
	}
	if (HAS(PF_EMAIL)) {
		if ((rc = take_text(in->text[PF_EMAIL], PF_EMAIL, 254, 0, p->email, sizeof p->email, e)) < 0)
			return rc;
		if (*p->email && !email_ok(p->email))
			return err_setr(e, ERR_INVALID, "email", "email_pattern", "email must look like name@example.in");
	}
	if (HAS(PF_BILLING) &&
	    (rc = take_text(in->text[PF_BILLING], PF_BILLING, PARTY_ADDRESS_MAX_CHARS, 1, p->billing_address, sizeof p->billing_address, e)) < 0)
		return rc;
	if (HAS(PF_SHIPPING) &&
	    (rc = take_text(in->text[PF_SHIPPING], PF_SHIPPING, PARTY_ADDRESS_MAX_CHARS, 1, p->shipping_address, sizeof p->shipping_address, e)) < 0)
		return rc;
	if (HAS(PF_STATE)) {
		if ((rc = take_text(in->text[PF_STATE], PF_STATE, 2, 0, tmp, sizeof tmp, e)) < 0)
			return rc;
		if (*tmp && !india_state_name(tmp))
			return err_setr(e, ERR_INVALID, "state_code", "state_unknown", "state_code must be a two-digit GST state code such as 27");
		text_copy(p->state_code, sizeof p->state_code, tmp);
	}
	if (*p->gstin) {
		if (HAS(PF_STATE) && *p->state_code && memcmp(p->state_code, p->gstin, 2) != 0) {
			memcpy(tmp, p->gstin, 2);
			tmp[2] = '\0';
			err_setr(e, ERR_INVALID, "state_code", "state_gstin_mismatch", "state_code %s does not match the GSTIN's state %s",
				 p->state_code, tmp);
			return err_detail_text(e, "state", tmp);
		}
		memcpy(p->state_code, p->gstin, 2);
		p->state_code[2] = '\0';
	}
	if (HAS(PF_CREDIT)) {
		if (in->credit_limit < 0)
			return err_setr(e, ERR_INVALID, "credit_limit", "negative", "credit_limit cannot be negative");
		if (!money_fits(in->credit_limit))
			return money_too_large(e, ERR_INVALID, "credit_limit");
		p->credit_limit = in->credit_limit;
	}
	if (HAS(PF_TERMS)) {
		if (in->payment_terms_days < 0 || in->payment_terms_days > 365) {
			err_setr(e, ERR_INVALID, "payment_terms_days", "out_of_range", "payment_terms_days must be 0 to 365");
			err_detail_int(e, "min", 0);
			return err_detail_int(e, "max", 365);
		}
		p->payment_terms_days = in->payment_terms_days;
	}
#undef HAS
	return 0;
}

static int search_text(const struct party *p, struct buf *out)
{
	char *s;
	if (buf_addf(out, "%s|%s|%s|%s", p->name, p->gstin, p->phone, p->name_hi) < 0)
		return -1;
	s = out->data;
	text_ascii_lower(s);
	return 0;
}

/* Refuses a GSTIN or phone another active party of the company already has. */
static int dup_check(struct db *db, int64_t cid, const struct party *p, struct err *e)
{
	struct db_stmt *st;
	int rc;

	if (!*p->gstin && !*p->phone)
		return 0;
	st = db_prepare(db, sql_dup, e);
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, *p->gstin ? p->gstin : NULL);
	db_bind_i64(st, 3, p->id);
	db_bind_i64(st, 4, cid);
	db_bind_text(st, 5, *p->phone ? p->phone : NULL);
	db_bind_i64(st, 6, p->id);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		int by_gstin = *p->gstin && strcmp(db_col_text(st, 2), p->gstin) == 0;
		err_setr(e, ERR_DUPLICATE, by_gstin ? "gstin" : "phone", by_gstin ? "duplicate_gstin" : "duplicate_phone",
			"%s %s is already used by party %lld (%s); send allow_duplicate to create it anyway",
			by_gstin ? "GSTIN" : "phone", by_gstin ? p->gstin : p->phone,
			(long long)db_col_i64(st, 0), db_col_text(st, 1));
		e->aux = db_col_i64(st, 0);
		rc = ERR_DUPLICATE;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

static int to_json(const struct party *p, struct buf *out, struct err *e)
{
	struct jsonw w;
	jsonw_init(&w, out);
	party_json(&w, p);
	return jsonw_ok(&w) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory") : 0;
}

static const char *opt(const char *s) { return *s ? s : NULL; }

/* 1 when b would be recorded exactly as a (nothing changed), 0 when not, <0 on error. */
static int same_party(const struct party *a, const struct party *b, struct err *e)
{
	struct buf x = BUF_INIT, y = BUF_INIT;
	int rc = to_json(a, &x, e);
	if (rc >= 0 && (rc = to_json(b, &y, e)) >= 0)
		rc = strcmp(buf_str(&x), buf_str(&y)) == 0;
	buf_free(&x);
	buf_free(&y);
	return rc;
}

int party_create(struct db *db, int64_t cid, int64_t actor, const struct party_input *in,
		 struct party *ret, struct err *e)
{
	struct party *p = calloc(1, sizeof *p);
	struct buf search = BUF_INIT, after = BUF_INIT;
	struct db_stmt *st;
	int rc;

	if (!p)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	p->company_id = cid;
	text_copy(p->kind, sizeof p->kind, "customer");
	if (!(in->set & (1u << PF_NAME))) {
		rc = err_setr(e, ERR_INVALID, "name", "required", "name is required");
		goto out;
	}
	if ((rc = apply(p, in, e)) < 0)
		goto out;
	if (!in->allow_duplicate && (rc = dup_check(db, cid, p, e)) < 0)
		goto out;
	if (search_text(p, &search) < 0) {
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	clock_now_iso(p->created_at);
	memcpy(p->updated_at, p->created_at, sizeof p->updated_at);
	p->version = 1;
	st = db_prepare(db, sql_insert, e);
	if (!st) {
		rc = e->code;
		goto out;
	}
	db_bind_i64(st, 1, cid);
	db_bind_text(st, 2, p->kind);
	db_bind_text(st, 3, p->name);
	db_bind_text(st, 4, buf_str(&search));
	db_bind_text(st, 5, opt(p->gstin));
	db_bind_text(st, 6, opt(p->pan));
	db_bind_text(st, 7, opt(p->phone));
	db_bind_text(st, 8, opt(p->email));
	db_bind_text(st, 9, opt(p->billing_address));
	db_bind_text(st, 10, opt(p->shipping_address));
	db_bind_text(st, 11, opt(p->state_code));
	db_bind_i64(st, 12, p->credit_limit);
	db_bind_i64(st, 13, p->payment_terms_days);
	db_bind_text(st, 14, p->created_at);
	db_bind_text(st, 15, p->updated_at);
	db_bind_text(st, 16, opt(p->name_hi));
	rc = db_step(st, e);
	if (rc == DB_ROW)
		p->id = db_col_i64(st, 0);
	while (rc == DB_ROW)
		rc = db_step(st, e);
	db_done(st);
	if (rc < 0)
		goto out;
	if ((rc = to_json(p, &after, e)) < 0)
		goto out;
	if ((rc = audit_append(db, cid, actor, "party", p->id, "create", NULL, buf_str(&after), e)) < 0)
		goto out;
	/* Every party keeps its ledger under Sundry Debtors or Sundry Creditors. */
	if ((rc = ledger_for_party(db, cid, actor, p->id, p->kind, p->name, p->gstin, p->state_code, e)) < 0)
		goto out;
	*ret = *p;
	rc = 0;
out:
	buf_free(&search);
	buf_free(&after);
	free(p);
	return rc;
}

int party_get(struct db *db, int64_t cid, int64_t id, struct party *ret, struct err *e)
{
	struct db_stmt *st = db_prepare(db, sql_get, e);
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	db_bind_i64(st, 2, id);
	rc = db_step(st, e);
	if (rc == DB_ROW)
		row_to_party(st, ret);
	db_done(st);
	if (rc < 0)
		return rc;
	return rc == DB_ROW ? 0 : err_setr(e, ERR_NOT_FOUND, "id", "unknown_party", "no party %lld in this company", (long long)id);
}

/* Shared by update and archive: writes p (already changed from `before`) if still at version.
 * When a concurrent writer got there first, *current is the party as that writer left it. */
static int save(struct db *db, int64_t cid, int64_t actor, const struct party *before, struct party *p,
		int64_t version, const char *action, struct party *current, struct err *e)
{
	struct buf search = BUF_INIT, bj = BUF_INIT, aj = BUF_INIT;
	struct db_stmt *st;
	int rc;

	if (search_text(p, &search) < 0) {
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	clock_now_iso(p->updated_at);
	st = db_prepare(db, sql_update, e);
	if (!st) {
		rc = e->code;
		goto out;
	}
	db_bind_text(st, 1, p->kind);
	db_bind_text(st, 2, p->name);
	db_bind_text(st, 3, buf_str(&search));
	db_bind_text(st, 4, opt(p->gstin));
	db_bind_text(st, 5, opt(p->pan));
	db_bind_text(st, 6, opt(p->phone));
	db_bind_text(st, 7, opt(p->email));
	db_bind_text(st, 8, opt(p->billing_address));
	db_bind_text(st, 9, opt(p->shipping_address));
	db_bind_text(st, 10, opt(p->state_code));
	db_bind_i64(st, 11, p->credit_limit);
	db_bind_i64(st, 12, p->payment_terms_days);
	db_bind_i64(st, 13, p->archived);
	db_bind_text(st, 14, p->updated_at);
	db_bind_text(st, 15, opt(p->name_hi));
	db_bind_i64(st, 16, cid);
	db_bind_i64(st, 17, p->id);
	db_bind_i64(st, 18, version);
	rc = db_step(st, e);
	if (rc >= 0 && db_changes(st) != 1)
		rc = 1;
	db_done(st);
	if (rc == 1) {
		/* Changed since we read it (another transaction committed in between): report it as it is now. */
		struct err ignore = ERR_INIT;
		if (party_get(db, cid, p->id, current, &ignore) < 0)
			memset(current, 0, sizeof *current);
		rc = err_setr(e, ERR_STALE, "version", "stale", "someone else changed this party (now version %lld); reload it",
			     (long long)current->version);
	}
	if (rc < 0)
		goto out;
	p->version = version + 1;
	if ((rc = to_json(before, &bj, e)) < 0 || (rc = to_json(p, &aj, e)) < 0)
		goto out;
	if ((rc = audit_append(db, cid, actor, "party", p->id, action, buf_str(&bj), buf_str(&aj), e)) < 0)
		goto out;
	rc = ledger_for_party(db, cid, actor, p->id, p->kind, p->name, p->gstin, p->state_code, e);
out:
	buf_free(&search);
	buf_free(&bj);
	buf_free(&aj);
	return rc;
}

int party_update(struct db *db, int64_t cid, int64_t actor, int64_t id, int64_t version,
		 const struct party_input *in, struct party *ret, struct err *e)
{
	struct party *before = malloc(sizeof *before), *p = malloc(sizeof *p);
	int rc;

	if (!before || !p) {
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	if ((rc = party_get(db, cid, id, before, e)) < 0)
		goto out;
	if (before->version != version) {
		*ret = *before;
		rc = err_setr(e, ERR_STALE, "version", "stale", "someone else changed this party (now version %lld); reload it",
			     (long long)before->version);
		goto out;
	}
	*p = *before;
	if ((rc = apply(p, in, e)) < 0)
		goto out;
	/* Only a changed GSTIN or phone is checked again, so old duplicates stay editable. */
	if (!in->allow_duplicate && (strcmp(p->gstin, before->gstin) != 0 || strcmp(p->phone, before->phone) != 0)) {
		struct party probe = *p;
		if (strcmp(p->gstin, before->gstin) == 0)
			probe.gstin[0] = '\0';
		if (strcmp(p->phone, before->phone) == 0)
			probe.phone[0] = '\0';
		if ((rc = dup_check(db, cid, &probe, e)) < 0)
			goto out;
	}
	if (in->archived_set)
		p->archived = in->archived ? 1 : 0;
	if ((rc = same_party(before, p, e)) != 0) {
		if (rc > 0) {
			*ret = *before;
			rc = ERR_UNCHANGED;
		}
		goto out;
	}
	if ((rc = save(db, cid, actor, before, p, version,
		       p->archived == before->archived ? "update" : p->archived ? "archive" : "restore", ret, e)) < 0)
		goto out;
	*ret = *p;
out:
	free(before);
	free(p);
	return rc;
}

int party_archive(struct db *db, int64_t cid, int64_t actor, int64_t id, int64_t version,
		  struct party *ret, struct err *e)
{
	struct party *before = malloc(sizeof *before), *p = malloc(sizeof *p);
	int rc;

	if (!before || !p) {
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	if ((rc = party_get(db, cid, id, before, e)) < 0)
		goto out;
	if (before->version != version) {
		*ret = *before;
		rc = err_setr(e, ERR_STALE, "version", "stale", "someone else changed this party (now version %lld); reload it",
			     (long long)before->version);
		goto out;
	}
	if (before->archived) {
		rc = err_setr(e, ERR_CONFLICT, "archived", "already_archived", "party %lld is already archived", (long long)id);
		goto out;
	}
	*p = *before;
	p->archived = 1;
	if ((rc = save(db, cid, actor, before, p, version, "archive", ret, e)) < 0)
		goto out;
	*ret = *p;
out:
	free(before);
	free(p);
	return rc;
}

/* Runs the page's query and calls row() on each of its rows (at most the limit); *ret_next is
 * the cursor for the next page or 0. Shared by party_list and party_list_json. */
static int list_rows(struct db *db, int64_t cid, const struct party_query *q,
		     int (*row)(void *ctx, struct db_stmt *st), void *ctx, int64_t *ret_next, struct err *e)
{
	struct buf pat = BUF_INIT;
	char after_name[PARTY_NAME_MAX_CHARS * 4 + 1] = "";
	struct db_stmt *st;
	const char *term = q->q ? q->q : "";
	int limit = q->limit < 1 ? 50 : q->limit > PARTY_LIST_MAX ? PARTY_LIST_MAX : q->limit;
	int rc, n = 0, i = 1;
	int64_t last = 0;

	*ret_next = 0;
	if (q->after) {
		st = db_prepare(db, sql_name_of, e);
		if (!st)
			return e->code;
		db_bind_i64(st, 1, cid);
		db_bind_i64(st, 2, q->after);
		rc = db_step(st, e);
		if (rc == DB_ROW)
			text_copy(after_name, sizeof after_name, db_col_text(st, 0));
		db_done(st);
		if (rc < 0)
			return rc;
		if (rc == DB_DONE)
			return err_setr(e, ERR_INVALID, "after", "unknown_cursor", "unknown cursor");
	}
	if (text_like_pattern(term, &pat) < 0)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	st = db_prepare(db, q->after ? sql_list_after : sql_list, e);
	if (!st) {
		buf_free(&pat);
		return e->code;
	}
	db_bind_i64(st, i++, cid);
	db_bind_i64(st, i++, q->archived);
	db_bind_i64(st, i++, q->archived);
	db_bind_text(st, i++, q->kind ? q->kind : "");
	db_bind_text(st, i++, q->kind ? q->kind : "");
	db_bind_text(st, i++, buf_str(&pat));
	db_bind_text(st, i++, buf_str(&pat));
	if (q->after) {
		db_bind_text(st, i++, after_name);
		db_bind_i64(st, i++, q->after);
	}
	db_bind_i64(st, i, limit + 1);
	while ((rc = db_step(st, e)) == DB_ROW) {
		if (n == limit) {
			*ret_next = last;
			break;
		}
		last = db_col_i64(st, 0);
		n++;
		if (row(ctx, st) < 0) {
			rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
			break;
		}
	}
	db_done(st);
	buf_free(&pat);
	return rc < 0 ? rc : 0;
}

struct each_ctx {
	int (*each)(void *ctx, const struct party *p);
	void *ctx;
	struct party *p;
};

static int row_each(void *ctx, struct db_stmt *st)
{
	struct each_ctx *c = ctx;
	row_to_party(st, c->p);
	return c->each(c->ctx, c->p);
}

int party_list(struct db *db, int64_t cid, const struct party_query *q,
	       int (*each)(void *ctx, const struct party *p), void *ctx, int64_t *ret_next, struct err *e)
{
	struct each_ctx c = {each, ctx, malloc(sizeof(struct party))};
	int rc;
	if (!c.p)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	rc = list_rows(db, cid, q, row_each, &c, ret_next, e);
	free(c.p);
	return rc;
}

static int row_write(void *ctx, struct db_stmt *st)
{
	struct jsonw *w = ctx;
	row_json(w, st);
	return jsonw_ok(w);
}

int party_list_json(struct db *db, int64_t cid, const struct party_query *q, struct jsonw *w,
		    int64_t *ret_next, struct err *e)
{
	return list_rows(db, cid, q, row_write, w, ret_next, e);
}

int party_count(struct db *db, int64_t cid, int64_t *ret, struct err *e)
{
	struct db_stmt *st = db_prepare(db, sql_count, e);
	int rc;
	if (!st)
		return e->code;
	db_bind_i64(st, 1, cid);
	rc = db_step(st, e);
	if (rc == DB_ROW)
		*ret = db_col_i64(st, 0);
	db_done(st);
	return rc < 0 ? rc : 0;
}

static void cover_snap(struct jsonw *w, struct db_stmt *st, void *ctx)
{
	(void)ctx;
	row_json(w, st);
}

int party_cover(struct db *db, int64_t cid, audit_finding_fn each, void *ctx, int64_t *ret_rows, struct err *e)
{
	return audit_cover_query(db, cid, "party", NULL, sql_cover, cover_snap, NULL, each, ctx, ret_rows, e);
}
