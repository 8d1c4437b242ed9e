/* gst_masters.c - what the GST files print that the books do not hold: the seller's profile (its
 * address for the e-invoice and the e-way bill), the unit quantity codes (the portal's list, the
 * defaults a unit's symbol maps to and the company's own mappings), the IRN an e-invoice was
 * registered under; and the helpers the files share (addresses, dates, the seller). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/company.h"
#include "audit/audit.h"
#include "gst/gst.h"
#include "gst/gst_int.h"
#include "inventory/inventory.h"
#include "parties/parties.h"
#include "lib/clock.h"
#include "lib/date.h"
#include "lib/text.h"
#include "lib/banned.h"

enum {
	SQL_PROFILE_GET,
	SQL_PROFILE_PUT,
	SQL_UNITS_GET,
	SQL_UNITS_CLEAR,
	SQL_UNIT_PUT,
	SQL_IRN_GET,
	SQL_IRN_OWNER,
	SQL_IRN_PUT,
	SQL_MAX
};

static const char *const sql[SQL_MAX] = {
	[SQL_PROFILE_GET] = "SELECT legal_name, trade_name, address1, address2, location, pincode, phone, email, updated_at "
			    "FROM gst_profiles WHERE company_id = ?",
	[SQL_PROFILE_PUT] = "INSERT INTO gst_profiles(company_id, legal_name, trade_name, address1, address2, location, pincode, "
			    "phone, email, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (company_id) DO UPDATE SET "
			    "legal_name = excluded.legal_name, trade_name = excluded.trade_name, address1 = excluded.address1, "
			    "address2 = excluded.address2, location = excluded.location, pincode = excluded.pincode, "
			    "phone = excluded.phone, email = excluded.email, updated_at = excluded.updated_at",
	[SQL_UNITS_GET] = "SELECT unit, uqc FROM gst_unit_codes WHERE company_id = ? LIMIT 65",
	[SQL_UNITS_CLEAR] = "DELETE FROM gst_unit_codes WHERE company_id = ?",
	[SQL_UNIT_PUT] = "INSERT INTO gst_unit_codes(company_id, unit, uqc) VALUES (?, ?, ?)",
	[SQL_IRN_GET] = "SELECT irn, ack_no, ack_date, signed_qr, entered_at, entered_by FROM voucher_irns "
			"WHERE company_id = ? AND voucher_id = ?",
	[SQL_IRN_OWNER] = "SELECT voucher_id FROM voucher_irns WHERE company_id = ? AND irn = ?",
	[SQL_IRN_PUT] = "INSERT INTO voucher_irns(company_id, voucher_id, irn, ack_no, ack_date, signed_qr, entered_at, entered_by) "
			"VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
};

/* ---- unit quantity codes ---- */

/* The portal's list of UQCs (GSTR-1 table 12 and the e-invoice's Unit). */
const char *const gst_uqc_codes[] = {
	"BAG", "BAL", "BDL", "BKL", "BOU", "BOX", "BTL", "BUN", "CAN", "CBM", "CCM", "CMS", "CTN", "DOZ", "DRM", "GGK",
	"GMS", "GRS", "GYD", "KGS", "KLR", "KME", "LTR", "MLT", "MTR", "MTS", "NOS", "OTH", "PAC", "PCS", "PRS", "QTL",
	"ROL", "SET", "SQF", "SQM", "SQY", "TBS", "TGM", "THD", "TON", "TUB", "UGS", "UNT", "YDS", NULL,
};

/* The names offices give their units, lower case, and the code each stands for. */
static const struct {
	const char *unit, *uqc;
} uqc_aliases[] = {
	{"pc", "PCS"}, {"piece", "PCS"}, {"pieces", "PCS"}, {"no", "NOS"}, {"number", "NOS"}, {"numbers", "NOS"},
	{"kg", "KGS"}, {"kilo", "KGS"}, {"kilogram", "KGS"}, {"kilograms", "KGS"}, {"g", "GMS"}, {"gm", "GMS"},
	{"gram", "GMS"}, {"grams", "GMS"}, {"mg", "OTH"}, {"l", "LTR"}, {"lt", "LTR"}, {"ltrs", "LTR"}, {"litre", "LTR"},
	{"litres", "LTR"}, {"liter", "LTR"}, {"liters", "LTR"}, {"ml", "MLT"}, {"kl", "KLR"}, {"m", "MTR"}, {"mtrs", "MTR"},
	{"metre", "MTR"}, {"metres", "MTR"}, {"meter", "MTR"}, {"meters", "MTR"}, {"km", "KME"}, {"cm", "CMS"},
	{"bags", "BAG"}, {"boxes", "BOX"}, {"roll", "ROL"}, {"rolls", "ROL"}, {"sets", "SET"}, {"dozen", "DOZ"},
	{"pair", "PRS"}, {"pairs", "PRS"}, {"tons", "TON"}, {"tonne", "TON"}, {"tonnes", "TON"}, {"mt", "MTS"},
	{"quintal", "QTL"}, {"bottle", "BTL"}, {"bottles", "BTL"}, {"cans", "CAN"}, {"carton", "CTN"}, {"cartons", "CTN"},
	{"drum", "DRM"}, {"drums", "DRM"}, {"pack", "PAC"}, {"packs", "PAC"}, {"pkt", "PAC"}, {"packet", "PAC"},
	{"packets", "PAC"}, {"sqft", "SQF"}, {"sq ft", "SQF"}, {"sq.ft", "SQF"}, {"sq m", "SQM"}, {"sq.m", "SQM"},
	{"sqyd", "SQY"}, {"tube", "TUB"}, {"tubes", "TUB"}, {"unit", "UNT"}, {"units", "UNT"}, {"bundle", "BUN"},
	{"bundles", "BUN"}, {"bale", "BAL"}, {"bales", "BAL"}, {"gross", "GRS"}, {"thousand", "THD"}, {"yard", "YDS"},
	{"yards", "YDS"}, {"yd", "YDS"}, {"tab", "TBS"}, {"tablet", "TBS"}, {"tablets", "TBS"}, {"cc", "CCM"},
	{"cbm", "CBM"}, {"bunch", "BUN"}, {"bunches", "BUN"},
};

int gst_uqc_valid(const char *code)
{
	for (size_t i = 0; code && gst_uqc_codes[i]; i++)
		if (strcmp(gst_uqc_codes[i], code) == 0)
			return 1;
	return 0;
}

const char *gst_uqc_default(const char *unit)
{
	char low[17], up[17];
	size_t n = unit ? strlen(unit) : 0;
	if (n == 0 || n >= sizeof low)
		return NULL;
	for (size_t i = 0; i <= n; i++) {
		char c = unit[i];
		low[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
		up[i] = (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
	}
	for (size_t i = 0; i < sizeof uqc_aliases / sizeof uqc_aliases[0]; i++)
		if (strcmp(uqc_aliases[i].unit, low) == 0)
			return strcmp(uqc_aliases[i].uqc, "OTH") == 0 ? NULL : uqc_aliases[i].uqc;
	for (size_t i = 0; gst_uqc_codes[i]; i++)
		if (strcmp(gst_uqc_codes[i], up) == 0 && strcmp(up, "OTH") != 0)
			return gst_uqc_codes[i];
	return NULL;
}

const char *gst_uqc_for(const struct gst_profile *p, const char *unit, int *ret_known)
{
	const char *d;
	*ret_known = 1;
	for (int i = 0; p && i < p->nunits; i++)
		if (strcmp(p->units[i].unit, unit) == 0)
			return p->units[i].uqc;
	if ((d = gst_uqc_default(unit)) != NULL)
		return d;
	*ret_known = 0;
	return "OTH";
}

/* ---- the profile ---- */

static int units_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct gst_profile *p = ctx;
	(void)e;
	if (p->nunits >= GST_UNITS_MAX)
		return 0;
	text_copy(p->units[p->nunits].unit, sizeof p->units[0].unit, db_col_text(st, 0));
	text_copy(p->units[p->nunits].uqc, sizeof p->units[0].uqc, db_col_text(st, 1));
	p->nunits++;
	return 0;
}

static int unit_cmp(const void *a, const void *b)
{
	return strcmp(((const struct gst_unit_code *)a)->unit, ((const struct gst_unit_code *)b)->unit);
}

int gst_profile_get(struct db *db, int64_t cid, struct gst_profile *ret, struct err *e)
{
	struct db_stmt *st;
	int rc;
	memset(ret, 0, sizeof *ret);
	if ((rc = db_one(db, sql[SQL_PROFILE_GET], DB_ARGS(DB_I64(cid)), &st, e)) < 0)
		return rc;
	if (rc > 0) {
		text_copy(ret->legal_name, sizeof ret->legal_name, db_col_text(st, 0));
		text_copy(ret->trade_name, sizeof ret->trade_name, db_col_text(st, 1));
		text_copy(ret->address1, sizeof ret->address1, db_col_text(st, 2));
		text_copy(ret->address2, sizeof ret->address2, db_col_text(st, 3));
		text_copy(ret->location, sizeof ret->location, db_col_text(st, 4));
		text_copy(ret->pincode, sizeof ret->pincode, db_col_text(st, 5));
		text_copy(ret->phone, sizeof ret->phone, db_col_text(st, 6));
		text_copy(ret->email, sizeof ret->email, db_col_text(st, 7));
		text_copy(ret->updated_at, sizeof ret->updated_at, db_col_text(st, 8));
		db_done(st);
	}
	if ((rc = db_each(db, sql[SQL_UNITS_GET], DB_ARGS(DB_I64(cid)), units_row, ret, e)) < 0)
		return rc;
	if (ret->nunits > 1)
		qsort(ret->units, (size_t)ret->nunits, sizeof ret->units[0], unit_cmp);
	return 0;
}

void gst_profile_json_members(struct jsonw *w, const struct gst_profile *p)
{
	jsonw_kstr(w, "legal_name", p->legal_name);
	jsonw_kstr(w, "trade_name", p->trade_name);
	jsonw_kstr(w, "address1", p->address1);
	jsonw_kstr(w, "address2", p->address2);
	jsonw_kstr(w, "location", p->location);
	jsonw_kstr(w, "pincode", p->pincode);
	jsonw_kstr(w, "phone", p->phone);
	jsonw_kstr(w, "email", p->email);
	jsonw_kstr(w, "updated_at", p->updated_at);
	jsonw_key(w, "units");
	jsonw_arr(w);
	for (int i = 0; i < p->nunits; i++) {
		jsonw_obj(w);
		jsonw_kstr(w, "unit", p->units[i].unit);
		jsonw_kstr(w, "uqc", p->units[i].uqc);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
}

void gst_profile_json(struct jsonw *w, const struct gst_profile *p)
{
	jsonw_obj(w);
	gst_profile_json_members(w, p);
	jsonw_obj_end(w);
}

static int all_digits(const char *s, size_t lo, size_t hi)
{
	size_t n = strlen(s);
	if (n < lo || n > hi)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* A text member: no control characters, at most max characters. */
static int plain(const char *s, const char *field, size_t max, struct err *e)
{
	if (text_has_controls(s))
		return err_setr(e, ERR_INVALID, field, "not_plain_text", "%s must be at most %zu characters of plain text", field, max);
	if (text_utf8_chars(s, strlen(s)) > max) {
		err_setr(e, ERR_INVALID, field, "too_long", "%s must be at most %zu characters of plain text", field, max);
		return err_detail_int(e, "max", (int64_t)max);
	}
	return 0;
}

static int profile_check(const struct gst_profile *in, struct err *e)
{
	static const struct {
		const char *field;
		size_t off, max;
	} texts[] = {
		{"legal_name", offsetof(struct gst_profile, legal_name), 100},
		{"trade_name", offsetof(struct gst_profile, trade_name), 100},
		{"address1", offsetof(struct gst_profile, address1), 100},
		{"address2", offsetof(struct gst_profile, address2), 100},
		{"location", offsetof(struct gst_profile, location), 50},
		{"email", offsetof(struct gst_profile, email), 100},
	};
	int rc;
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		if ((rc = plain((const char *)in + texts[i].off, texts[i].field, texts[i].max, e)) < 0)
			return rc;
	if (*in->location && text_utf8_chars(in->location, strlen(in->location)) < 3)
		return err_setr(e, ERR_INVALID, "location", "location_short", "location must be at least 3 characters (a city or town)");
	if (*in->pincode && (!all_digits(in->pincode, 6, 6) || in->pincode[0] == '0'))
		return err_setr(e, ERR_INVALID, "pincode", "pincode_digits", "pincode must be six digits, the first not 0");
	if (*in->phone && !all_digits(in->phone, 6, 12))
		return err_setr(e, ERR_INVALID, "phone", "gst_phone_digits", "phone must be 6 to 12 digits");
	if (*in->email) {
		const char *at = strchr(in->email, '@');
		if (!at || at == in->email || !at[1] || strchr(at + 1, '@') || strchr(in->email, ' ') || strlen(in->email) < 6)
			return err_setr(e, ERR_INVALID, "email", "email_pattern", "email must be an address like accounts@example.in");
	}
	for (int i = 0; i < in->nunits; i++) {
		char f[32];
		snprintf(f, sizeof f, "units[%d].unit", i);
		if (!*in->units[i].unit || text_has_controls(in->units[i].unit))
			return err_setr(e, ERR_INVALID, f, "required", "a unit is required");
		for (int j = 0; j < i; j++)
			if (strcmp(in->units[j].unit, in->units[i].unit) == 0) {
				err_set(e, ERR_INVALID, f, "unit %s is mapped twice", in->units[i].unit);
				err_reason(e, "duplicate_unit");
				return ERR_INVALID;
			}
		if (!gst_uqc_valid(in->units[i].uqc)) {
			snprintf(f, sizeof f, "units[%d].uqc", i);
			err_set(e, ERR_INVALID, f, "%s is not one of the portal's unit quantity codes", in->units[i].uqc);
			err_reason(e, "unknown_uqc");
			return ERR_INVALID;
		}
	}
	return 0;
}

static int snap_text(const struct gst_profile *p, struct buf *out)
{
	struct jsonw w;
	jsonw_init(&w, out);
	gst_profile_json(&w, p);
	return jsonw_ok(&w);
}

/* 1 when in is the profile as it stands (its units in any order), 0 when not, <0 error. */
static int same_profile(const struct gst_profile *cur, const struct gst_profile *in, struct err *e)
{
	struct gst_profile *cand = malloc(sizeof *cand);
	struct buf a = BUF_INIT, b = BUF_INIT;
	int rc;
	if (!cand)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	*cand = *in;
	memcpy(cand->updated_at, cur->updated_at, sizeof cand->updated_at);
	if (cand->nunits > 1)
		qsort(cand->units, (size_t)cand->nunits, sizeof cand->units[0], unit_cmp);
	rc = snap_text(cur, &a) < 0 || snap_text(cand, &b) < 0 ? err_set(e, ERR_INTERNAL, NULL, "out of memory")
								: strcmp(buf_str(&a), buf_str(&b)) == 0;
	buf_free(&a);
	buf_free(&b);
	free(cand);
	return rc;
}

int gst_profile_set(struct db *db, int64_t cid, int64_t actor, const struct gst_profile *in, struct gst_profile *ret,
		    struct err *e)
{
	struct gst_profile *before = malloc(sizeof *before);
	struct buf b = BUF_INIT, a = BUF_INIT;
	char now[CLOCK_ISO_SIZE];
	int rc;

	if (!before)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	if ((rc = profile_check(in, e)) < 0 || (rc = gst_profile_get(db, cid, before, e)) < 0)
		goto out;
	if ((rc = same_profile(before, in, e)) != 0) { /* as it stands: nothing written or audited */
		*ret = *before;
		rc = rc > 0 ? ERR_UNCHANGED : rc;
		goto out;
	}
	clock_now_iso(now);
	if ((rc = db_run(db, sql[SQL_PROFILE_PUT],
			 DB_ARGS(DB_I64(cid), DB_TEXT(in->legal_name), DB_TEXT(in->trade_name), DB_TEXT(in->address1),
				 DB_TEXT(in->address2), DB_TEXT(in->location), DB_TEXT(in->pincode), DB_TEXT(in->phone),
				 DB_TEXT(in->email), DB_TEXT(now)),
			 e)) < 0 ||
	    (rc = db_run(db, sql[SQL_UNITS_CLEAR], DB_ARGS(DB_I64(cid)), e)) < 0)
		goto out;
	for (int i = 0; i < in->nunits; i++)
		if ((rc = db_run(db, sql[SQL_UNIT_PUT], DB_ARGS(DB_I64(cid), DB_TEXT(in->units[i].unit), DB_TEXT(in->units[i].uqc)),
				 e)) < 0)
			goto out;
	if ((rc = gst_profile_get(db, cid, ret, e)) < 0)
		goto out;
	if (snap_text(before, &b) < 0 || snap_text(ret, &a) < 0) {
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	rc = audit_append(db, cid, actor, "gst_profile", cid, *before->updated_at ? "update" : "create",
			  *before->updated_at ? buf_str(&b) : NULL, buf_str(&a), e);
out:
	buf_free(&b);
	buf_free(&a);
	free(before);
	return rc < 0 ? rc : rc == ERR_UNCHANGED ? ERR_UNCHANGED : 0;
}

/* ---- shared helpers ---- */

/* Trims spaces at both ends of s in place. */
static char *trim(char *s)
{
	size_t n;
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

int gst_address_split(const char *address, struct gst_place *ret)
{
	char text[2001], *parts[16];
	int np = 0, found = 0;
	size_t n;

	memset(ret, 0, sizeof *ret);
	text_copy(text, sizeof text, address ? address : "");
	n = strlen(text);
	/* the last run of exactly six digits, the first not 0 */
	for (size_t i = n; i-- > 0;) {
		size_t j = i + 1, k;
		if (text[i] < '0' || text[i] > '9')
			continue;
		k = i;
		while (k > 0 && text[k - 1] >= '0' && text[k - 1] <= '9')
			k--;
		if (j - k == 6 && text[k] != '0') {
			memcpy(ret->pin, text + k, 6);
			ret->pin[6] = '\0';
			memmove(text + k, text + j, n - j + 1);
			found = 1;
			break;
		}
		i = k;
		if (i == 0)
			break;
	}
	for (char *p = text, *s = text;; p++) {
		if (*p == ',' || *p == '\n' || *p == '\r' || *p == '\0') {
			int end = *p == '\0';
			char *t;
			*p = '\0';
			t = trim(s);
			/* "Mumbai - " once the PIN is gone: drop a dangling dash */
			n = strlen(t);
			while (n && (t[n - 1] == '-' || t[n - 1] == ' '))
				t[--n] = '\0';
			if (*t && np < 16)
				parts[np++] = t;
			if (end)
				break;
			s = p + 1;
		}
	}
	if (np > 0) {
		text_copy(ret->loc, sizeof ret->loc, parts[np - 1]);
		text_copy(ret->addr1, sizeof ret->addr1, np > 1 ? parts[0] : parts[0]);
	}
	for (int i = 1; i < np - 1; i++) {
		size_t used = strlen(ret->addr2);
		if (used)
			text_copy(ret->addr2 + used, sizeof ret->addr2 - used, ", ");
		used = strlen(ret->addr2);
		text_copy(ret->addr2 + used, sizeof ret->addr2 - used, parts[i]);
	}
	return found ? 0 : -1;
}

void gst_date_dmy(const char *iso, char sep, char out[11])
{
	if (!iso || strlen(iso) < 10) {
		*out = '\0';
		return;
	}
	memcpy(out, iso + 8, 2);
	out[2] = sep;
	memcpy(out + 3, iso + 5, 2);
	out[5] = sep;
	memcpy(out + 6, iso, 4);
	out[10] = '\0';
}

int gst_is_service(const char *hsn) { return hsn && hsn[0] == '9' && hsn[1] == '9'; }

int64_t gst_pin_number(const char *pin)
{
	int64_t v = 0;
	if (!all_digits(pin, 6, 6))
		return 0;
	for (const char *p = pin; *p; p++)
		v = v * 10 + (*p - '0');
	return v;
}

int gst_seller_load(struct db *db, int64_t cid, int need_address, struct gst_seller *ret, struct err *e)
{
	struct company c;
	int rc;

	memset(ret, 0, sizeof *ret);
	if ((rc = company_get(db, cid, &c, e)) < 0 || (rc = gst_profile_get(db, cid, &ret->profile, e)) < 0)
		return rc;
	if (!*c.gstin) {
		err_set(e, ERR_UNPROCESSABLE, "gstin", "the company has no GSTIN: set it before filing");
		err_reason(e, "no_gstin");
		return ERR_UNPROCESSABLE;
	}
	text_copy(ret->gstin, sizeof ret->gstin, c.gstin);
	text_copy(ret->state, sizeof ret->state, *c.state_code ? c.state_code : "");
	if (!*ret->state)
		memcpy(ret->state, c.gstin, 2);
	text_copy(ret->legal_name, sizeof ret->legal_name, *ret->profile.legal_name ? ret->profile.legal_name : c.name);
	text_copy(ret->trade_name, sizeof ret->trade_name, *ret->profile.trade_name ? ret->profile.trade_name : c.name);
	text_copy(ret->place.addr1, sizeof ret->place.addr1, ret->profile.address1);
	text_copy(ret->place.addr2, sizeof ret->place.addr2, ret->profile.address2);
	text_copy(ret->place.loc, sizeof ret->place.loc, ret->profile.location);
	text_copy(ret->place.pin, sizeof ret->place.pin, ret->profile.pincode);
	text_copy(ret->phone, sizeof ret->phone, ret->profile.phone);
	text_copy(ret->email, sizeof ret->email, ret->profile.email);
	if (need_address && (!*ret->place.addr1 || !*ret->place.loc || !*ret->place.pin)) {
		err_set(e, ERR_UNPROCESSABLE, "address1", "the company's address for GST files (first line, place, PIN code) is not set");
		err_reason(e, "seller_address");
		return ERR_UNPROCESSABLE;
	}
	return 0;
}

/* Digits of a phone number the files take (6..12 of them, spaces and dashes dropped; a leading
 * +91 kept as the ten digits after it), "" otherwise. */
static void phone_digits(const char *in, char out[13])
{
	char d[32];
	size_t n = 0;
	for (const char *p = in; *p && n < sizeof d - 1; p++)
		if (*p >= '0' && *p <= '9')
			d[n++] = *p;
	d[n] = '\0';
	*out = '\0';
	if (n == 12 && d[0] == '9' && d[1] == '1') {
		memmove(d, d + 2, 11);
		n = 10;
	}
	if (n >= 6 && n <= 12)
		memcpy(out, d, n + 1);
}

int gst_party_load(struct db *db, int64_t cid, const struct voucher *v, struct gst_party *ret, struct err *e)
{
	struct party *p;
	int rc = 0;
	memset(ret, 0, sizeof *ret);
	text_copy(ret->gstin, sizeof ret->gstin, v->party_gstin);
	text_copy(ret->name, sizeof ret->name, v->party_name);
	if (!v->party_id)
		return 0;
	if (!(p = malloc(sizeof *p)))
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	if ((rc = party_get(db, cid, v->party_id, p, e)) >= 0) {
		if (!*ret->name)
			text_copy(ret->name, sizeof ret->name, p->name);
		if (!*ret->gstin)
			text_copy(ret->gstin, sizeof ret->gstin, p->gstin);
		text_copy(ret->state, sizeof ret->state, p->state_code);
		phone_digits(p->phone, ret->phone);
		if (strlen(p->email) < sizeof ret->email)
			text_copy(ret->email, sizeof ret->email, p->email);
		(void)gst_address_split(p->billing_address, &ret->bill);
		if (*p->shipping_address && strcmp(p->shipping_address, p->billing_address) != 0 &&
		    gst_address_split(p->shipping_address, &ret->ship) == 0)
			ret->ship_differs = 1;
		rc = 0;
	}
	if (!*ret->state && *ret->gstin)
		memcpy(ret->state, ret->gstin, 2);
	free(p);
	return rc;
}

int gst_goods_place(struct db *db, int64_t cid, const struct voucher *v, const struct gst_seller *s, struct gst_place *ret,
		    char name[101], struct err *e)
{
	struct godown *g;
	int64_t id = 0;
	int rc;
	for (int i = 0; i < v->nitems; i++) {
		if (!v->items[i].godown_id)
			continue;
		if (id && v->items[i].godown_id != id)
			return 0;
		id = v->items[i].godown_id;
	}
	if (!id)
		return 0;
	if (!(g = malloc(sizeof *g)))
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	rc = godown_get(db, cid, id, g, e);
	if (rc >= 0) {
		rc = *g->address && gst_address_split(g->address, ret) == 0 && strcmp(ret->pin, s->place.pin) != 0;
		text_copy(name, 101, g->name);
	}
	free(g);
	return rc;
}

int gst_einvoice_eligible(const struct voucher *v, const char **ret_doc, struct err *e)
{
	const char *doc = v->type == VT_SALES ? "INV" : v->type == VT_CREDIT_NOTE ? "CRN" : v->type == VT_DEBIT_NOTE ? "DBN" : NULL;
	if (!doc) {
		err_set(e, ERR_UNPROCESSABLE, "type", "only sales invoices and credit and debit notes take an e-invoice");
		err_reason(e, "einvoice_type");
		err_detail_text(e, "type", voucher_type_name(v->type));
		return ERR_UNPROCESSABLE;
	}
	if (strcmp(v->status, "cancelled") == 0) {
		err_set(e, ERR_UNPROCESSABLE, "status", "the voucher is cancelled");
		err_reason(e, "cancelled_voucher");
		return ERR_UNPROCESSABLE;
	}
	if (!*v->party_gstin && strncmp(v->supply_type, "export", 6) != 0) {
		err_set(e, ERR_UNPROCESSABLE, "party_gstin", "the buyer has no GSTIN: a sale to an unregistered person takes no e-invoice");
		err_reason(e, "einvoice_unregistered");
		return ERR_UNPROCESSABLE;
	}
	*ret_doc = doc;
	return 0;
}

/* ---- the IRN ---- */

void gst_irn_json(struct jsonw *w, const struct gst_irn *x)
{
	jsonw_obj(w);
	jsonw_ki64(w, "voucher_id", x->voucher_id);
	jsonw_kstr(w, "irn", x->irn);
	jsonw_kstr(w, "ack_no", x->ack_no);
	jsonw_kstr(w, "ack_date", x->ack_date);
	jsonw_kstr(w, "signed_qr", x->signed_qr);
	jsonw_kstr(w, "entered_at", x->entered_at);
	jsonw_ki64(w, "entered_by", x->entered_by);
	jsonw_obj_end(w);
}

int gst_irn_get(struct db *db, int64_t cid, int64_t voucher_id, struct gst_irn *ret, struct err *e)
{
	struct db_stmt *st;
	int rc;
	memset(ret, 0, sizeof *ret);
	if ((rc = db_one(db, sql[SQL_IRN_GET], DB_ARGS(DB_I64(cid), DB_I64(voucher_id)), &st, e)) < 0)
		return rc;
	if (rc == 0)
		return err_setr(e, ERR_NOT_FOUND, "irn", "irn_missing", "no IRN has been entered for this voucher");
	ret->voucher_id = voucher_id;
	text_copy(ret->irn, sizeof ret->irn, db_col_text(st, 0));
	text_copy(ret->ack_no, sizeof ret->ack_no, db_col_text(st, 1));
	text_copy(ret->ack_date, sizeof ret->ack_date, db_col_text(st, 2));
	text_copy(ret->signed_qr, sizeof ret->signed_qr, db_col_text(st, 3));
	text_copy(ret->entered_at, sizeof ret->entered_at, db_col_text(st, 4));
	ret->entered_by = db_col_i64(st, 5);
	db_done(st);
	return 0;
}

/* Validates and normalises what was entered into out: the IRN lower-cased, the ack date with a
 * space between day and time. */
static int irn_read(const struct gst_irn *in, struct gst_irn *out, struct err *e)
{
	size_t n = strlen(in->irn);
	memset(out, 0, sizeof *out);
	if (n != 64)
		goto bad_irn;
	for (size_t i = 0; i < n; i++) {
		char c = in->irn[i];
		if (c >= 'A' && c <= 'F')
			c = (char)(c - 'A' + 'a');
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			goto bad_irn;
		out->irn[i] = c;
	}
	if (!all_digits(in->ack_no, 1, 20))
		return err_setr(e, ERR_INVALID, "ack_no", "ack_no_digits", "ack_no must be the acknowledgement number, digits only");
	memcpy(out->ack_no, in->ack_no, strlen(in->ack_no) + 1);
	{
		const char *d = in->ack_date;
		char day[11];
		int ok = strlen(d) == 19 && (d[10] == ' ' || d[10] == 'T') && d[13] == ':' && d[16] == ':';
		if (ok) {
			memcpy(day, d, 10);
			day[10] = '\0';
			ok = date_iso_ok(day) && d[11] >= '0' && d[11] <= '2' && d[12] >= '0' && d[12] <= '9' && d[14] >= '0' &&
			     d[14] <= '5' && d[15] >= '0' && d[15] <= '9' && d[17] >= '0' && d[17] <= '5' && d[18] >= '0' &&
			     d[18] <= '9' && (d[11] - '0') * 10 + (d[12] - '0') < 24;
		}
		if (!ok)
			return err_setr(e, ERR_INVALID, "ack_date", "ack_date_format", "ack_date must be YYYY-MM-DD HH:MM:SS, as the portal gives it");
		memcpy(out->ack_date, d, 20);
		out->ack_date[10] = ' ';
	}
	for (const char *p = in->signed_qr; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '-' || *p == '_' ||
		      *p == '.' || *p == '=' || *p == '+' || *p == '/'))
			return err_setr(e, ERR_INVALID, "signed_qr", "signed_qr_format", "signed_qr must be the signed QR code as the portal gives it");
	text_copy(out->signed_qr, sizeof out->signed_qr, in->signed_qr);
	return 0;
bad_irn:
	err_set(e, ERR_INVALID, "irn", "the IRN is 64 hexadecimal characters");
	err_reason(e, "irn_format");
	return ERR_INVALID;
}

int gst_irn_set(struct db *db, int64_t cid, int64_t actor, int64_t voucher_id, const struct gst_irn *in, struct gst_irn *ret,
		int *ret_created, struct err *e)
{
	struct voucher *v = NULL;
	struct gst_irn *x = malloc(sizeof *x);
	struct buf a = BUF_INIT;
	struct jsonw w;
	const char *doc;
	int64_t owner = 0;
	int rc;

	*ret_created = 0;
	if (!x)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	if ((rc = irn_read(in, x, e)) < 0 || (rc = voucher_get(db, cid, voucher_id, &v, e)) < 0 ||
	    (rc = gst_einvoice_eligible(v, &doc, e)) < 0)
		goto out;
	rc = gst_irn_get(db, cid, voucher_id, ret, e);
	if (rc == 0) {
		if (strcmp(ret->irn, x->irn) == 0)
			goto out; /* entered again: nothing changes */
		err_set(e, ERR_CONFLICT, "irn", "this voucher already has an IRN");
		err_reason(e, "irn_exists");
		err_detail_text(e, "irn", ret->irn);
		rc = ERR_CONFLICT;
		goto out;
	}
	if (rc != ERR_NOT_FOUND)
		goto out;
	err_clear(e);
	if ((rc = db_i64(db, sql[SQL_IRN_OWNER], DB_ARGS(DB_I64(cid), DB_TEXT(x->irn)), &owner, e)) < 0)
		goto out;
	if (rc > 0) {
		err_set(e, ERR_CONFLICT, "irn", "this IRN is another voucher's");
		err_reason(e, "irn_taken");
		err_detail_int(e, "voucher_id", owner);
		rc = ERR_CONFLICT;
		goto out;
	}
	x->voucher_id = voucher_id;
	x->entered_by = actor;
	clock_now_iso(x->entered_at);
	if ((rc = db_run(db, sql[SQL_IRN_PUT],
			 DB_ARGS(DB_I64(cid), DB_I64(voucher_id), DB_TEXT(x->irn), DB_TEXT(x->ack_no), DB_TEXT(x->ack_date),
				 DB_TEXT(x->signed_qr), DB_TEXT(x->entered_at), DB_I64(actor)),
			 e)) < 0)
		goto out;
	jsonw_init(&w, &a);
	gst_irn_json(&w, x);
	if (jsonw_ok(&w) < 0) {
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	if ((rc = audit_append(db, cid, actor, "voucher_irn", voucher_id, "create", NULL, buf_str(&a), e)) < 0)
		goto out;
	*ret = *x;
	*ret_created = 1;
out:
	buf_free(&a);
	voucher_free(v);
	free(x);
	return rc < 0 ? rc : 0;
}
