/* jsonw.c - streaming JSON writer; strings are escaped per RFC 8259 (input is valid UTF-8). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/jsonw.h"
#include "lib/money.h"
#include "lib/banned.h"

void jsonw_init(struct jsonw *w, struct buf *out)
{
	w->out = out;
	w->depth = 0;
	w->first[0] = 1;
	w->failed = 0;
}

/* Room for n more bytes at the end of the output (and its NUL), or NULL with w->failed set
 * (limit or memory) and nothing written. Writers fill the room, then call fill(). */
static char *grow_room(struct jsonw *w, size_t n)
{
	struct buf *b = w->out;
	if (n > SIZE_MAX / 2 || buf_reserve(b, b->len + n) < 0) {
		w->failed = 1;
		return NULL;
	}
	return b->data + b->len;
}

static inline char *room(struct jsonw *w, size_t n)
{
	struct buf *b = w->out;
	if (b->data && n < b->cap - b->len && b->len + n <= (b->limit ? b->limit : BUF_DEFAULT_LIMIT))
		return b->data + b->len;
	return grow_room(w, n);
}

/* Ends a write into room(): end is one past the last byte written. */
static void fill(struct jsonw *w, char *end)
{
	struct buf *b = w->out;
	b->len = (size_t)(end - b->data);
	*end = '\0';
}

static void put(struct jsonw *w, const char *s, size_t n)
{
	char *p = room(w, n);
	if (!p)
		return;
	memcpy(p, s, n);
	fill(w, p + n);
}

static void sep(struct jsonw *w)
{
	if (!w->first[w->depth])
		put(w, ",", 1);
	w->first[w->depth] = 0;
}

/* Writes a value's text (a number, true, "…" already quoted) after a comma when one is due. */
static void value(struct jsonw *w, const char *s, size_t n)
{
	int comma = !w->first[w->depth];
	char *p = room(w, n + (comma != 0));
	w->first[w->depth] = 0;
	if (!p)
		return;
	if (comma)
		*p++ = ',';
	memcpy(p, s, n);
	fill(w, p + n);
}

static void open(struct jsonw *w, const char *c)
{
	sep(w);
	put(w, c, 1);
	if (w->depth + 1 >= (int)sizeof w->first) {
		w->failed = 1;
		return;
	}
	w->first[++w->depth] = 1;
}

static void close_(struct jsonw *w, const char *c)
{
	put(w, c, 1);
	if (w->depth > 0)
		w->depth--;
}

void jsonw_obj(struct jsonw *w) { open(w, "{"); }
void jsonw_obj_end(struct jsonw *w) { close_(w, "}"); }
void jsonw_arr(struct jsonw *w) { open(w, "["); }
void jsonw_arr_end(struct jsonw *w) { close_(w, "]"); }

/* 1 for the bytes a JSON string must escape: control characters, '"' and '\\'. NUL ends the
 * string (as it ends a C string). */
static const unsigned char needs_escape[256] = {
	[0 ... 0x1F] = 1, ['"'] = 1, ['\\'] = 1,
};

#define ONES ((uint64_t)0x0101010101010101)
#define HIGHS ((uint64_t)0x8080808080808080)

/* How many leading bytes of s[0..n) need no escaping. Eight bytes a step: a word holds a byte
 * to escape when one of its bytes is below 0x20 or equals '"' or '\\' (the zero-byte test
 * below is exact for "is there any"; bytes >= 0x80, UTF-8, never match). */
static inline size_t plain_len(const char *s, size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t v, q, bs;
		memcpy(&v, s + i, 8);
		q = v ^ (ONES * '"');
		bs = v ^ (ONES * '\\');
		if ((((v - ONES * 0x20) & ~v) | ((q - ONES) & ~q) | ((bs - ONES) & ~bs)) & HIGHS)
			break;
	}
	while (i < n && !needs_escape[(unsigned char)s[i]])
		i++;
	return i;
}

/* Writes s[0..n) as a JSON string, after a comma when `comma`, followed by ':' when `colon`.
 * A NUL byte ends the string early. */
static void string(struct jsonw *w, const char *s, size_t n, int comma, int colon)
{
	size_t plain = plain_len(s, n);
	const char *run;
	char *p;

	if (plain == n) { /* the usual case: one copy */
		p = room(w, n + 2 + (comma != 0) + (colon != 0));
		if (!p)
			return;
		if (comma)
			*p++ = ',';
		*p++ = '"';
		memcpy(p, s, n);
		p += n;
		*p++ = '"';
		if (colon)
			*p++ = ':';
		fill(w, p);
		return;
	}
	if (comma)
		put(w, ",", 1);
	put(w, "\"", 1);
	run = s;
	for (s += plain; s < run + n; s++) {
		unsigned char c = (unsigned char)*s;
		char esc[8];
		const char *rep;
		if (!needs_escape[c])
			continue;
		if (c == 0) {
			break;
		} else if (c == '"') {
			rep = "\\\"";
		} else if (c == '\\') {
			rep = "\\\\";
		} else if (c == '\n') {
			rep = "\\n";
		} else if (c == '\r') {
			rep = "\\r";
		} else if (c == '\t') {
			rep = "\\t";
		} else {
			static const char hex[] = "0123456789abcdef";
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			esc[6] = '\0';
			rep = esc;
		}
		put(w, run, (size_t)(s - run));
		put(w, rep, strlen(rep));
		run = s + 1;
	}
	put(w, run, (size_t)(s - run));
	put(w, colon ? "\":" : "\"", colon ? 2 : 1);
}

void jsonw_key(struct jsonw *w, const char *key)
{
	string(w, key, strlen(key), !w->first[w->depth], 1);
	w->first[w->depth] = 1; /* the value that follows takes no comma */
}

void jsonw_str(struct jsonw *w, const char *s)
{
	if (s)
		jsonw_strn(w, s, strlen(s));
	else
		jsonw_null(w);
}

void jsonw_strn(struct jsonw *w, const char *s, size_t n)
{
	string(w, s, n, !w->first[w->depth], 0);
	w->first[w->depth] = 0;
}

/* Decimal digits of v, right-aligned ending at end; returns the first character. */
static char *digits(uint64_t v, char *end)
{
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return end;
}

/* The decimal text of v ending at end; returns its length. */
static size_t i64_text(int64_t v, char *end)
{
	uint64_t u = v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
	char *p = digits(u, end);
	if (v < 0)
		*--p = '-';
	return (size_t)(end - p);
}

void jsonw_i64(struct jsonw *w, int64_t v)
{
	char t[24];
	size_t n = i64_text(v, t + sizeof t);
	value(w, t + sizeof t - n, n);
}

void jsonw_bool(struct jsonw *w, int v)
{
	if (v)
		value(w, "true", 4);
	else
		value(w, "false", 5);
}

void jsonw_null(struct jsonw *w)
{
	value(w, "null", 4);
}

/* The quoted money text of paise ("-12.05", the same as money_format, without printf on the
 * hot path of lists) ending at end; returns its length. */
static size_t money_text(int64_t paise, char *end)
{
	char *p;
	uint64_t u = paise < 0 ? (uint64_t)(-(paise + 1)) + 1 : (uint64_t)paise;
	*--end = '"';
	end[-1] = (char)('0' + u % 10);
	end[-2] = (char)('0' + (u / 10) % 10);
	end[-3] = '.';
	p = digits(u / 100, end - 3);
	if (paise < 0)
		*--p = '-';
	*--p = '"';
	return (size_t)(end + 1 - p);
}

/* The JSON number text of v / 10^scale with exactly `scale` decimals ("-12.05", "18.00",
 * "12.500"; scale 0..6), ending at end; returns its length. Digits only: no float is involved, so
 * an amount in paise comes out exactly as it is kept. */
static size_t decimal_text(int64_t v, int scale, char *end)
{
	uint64_t u = v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
	char *p = end;
	if (scale < 0)
		scale = 0;
	if (scale > 6)
		scale = 6;
	for (int i = 0; i < scale; i++) {
		*--p = (char)('0' + u % 10);
		u /= 10;
	}
	if (scale)
		*--p = '.';
	p = digits(u, p);
	if (v < 0)
		*--p = '-';
	return (size_t)(end - p);
}

void jsonw_decimal(struct jsonw *w, int64_t v, int scale)
{
	char t[40];
	size_t n = decimal_text(v, scale, t + sizeof t);
	value(w, t + sizeof t - n, n);
}

void jsonw_money_num(struct jsonw *w, int64_t paise) { jsonw_decimal(w, paise, 2); }

void jsonw_money(struct jsonw *w, int64_t paise)
{
	char t[32];
	size_t n = money_text(paise, t + sizeof t);
	value(w, t + sizeof t - n, n);
}

void jsonw_raw(struct jsonw *w, const char *json)
{
	value(w, json, strlen(json));
}

/* Writes a member in one write: [,] then the key, then v (n bytes: value text that is already
 * JSON, or when str the inside of a string that needs no escaping). The key is kl bytes of key
 * text needing no escaping, quoted here; or when kq, already quoted and followed by ':'. */
static inline void put_member(struct jsonw *w, const char *k, size_t kl, int kq, const char *v, size_t n, int str)
{
	int comma = !w->first[w->depth];
	char *p;

	w->first[w->depth] = 0;
	p = room(w, (comma != 0) + kl + (kq ? 0 : 3) + n + (str ? 2 : 0));
	if (!p)
		return;
	if (comma)
		*p++ = ',';
	if (!kq)
		*p++ = '"';
	memcpy(p, k, kl);
	p += kl;
	if (!kq) {
		*p++ = '"';
		*p++ = ':';
	}
	if (str)
		*p++ = '"';
	memcpy(p, v, n);
	p += n;
	if (str)
		*p++ = '"';
	fill(w, p);
}

/* A member with a key from data: one write unless the key or the string needs escaping. */
static void member(struct jsonw *w, const char *key, const char *v, size_t n, int str)
{
	size_t kl = strlen(key);
	if (plain_len(key, kl) != kl || (str && plain_len(v, n) != n)) {
		jsonw_key(w, key);
		if (str)
			jsonw_strn(w, v, n);
		else
			value(w, v, n);
		return;
	}
	put_member(w, key, kl, 0, v, n, str);
}

/* A member with a pre-rendered key: the string value alone is scanned. */
static void kmember(struct jsonw *w, const struct jsonw_key *k, const char *v, size_t n, int str)
{
	if (str && plain_len(v, n) != n) {
		int comma = !w->first[w->depth];
		char *p = room(w, (comma != 0) + k->len);
		if (!p) {
			w->first[w->depth] = 0;
			return;
		}
		if (comma)
			*p++ = ',';
		memcpy(p, k->json, k->len);
		fill(w, p + k->len);
		w->first[w->depth] = 1;
		jsonw_strn(w, v, n);
		return;
	}
	put_member(w, k->json, k->len, 1, v, n, str);
}

void jsonw_kstr(struct jsonw *w, const char *k, const char *s)
{
	if (s)
		member(w, k, s, strlen(s), 1);
	else
		member(w, k, "null", 4, 0);
}

void jsonw_kstrn(struct jsonw *w, const char *k, const char *s, size_t n) { member(w, k, s, n, 1); }

void jsonw_ki64(struct jsonw *w, const char *k, int64_t v)
{
	char t[24];
	size_t n = i64_text(v, t + sizeof t);
	member(w, k, t + sizeof t - n, n, 0);
}

void jsonw_kbool(struct jsonw *w, const char *k, int v) { member(w, k, v ? "true" : "false", v ? 4 : 5, 0); }

void jsonw_kmoney(struct jsonw *w, const char *k, int64_t p)
{
	char t[32];
	size_t n = money_text(p, t + sizeof t);
	member(w, k, t + sizeof t - n, n, 0);
}

void jsonw_kdecimal(struct jsonw *w, const char *k, int64_t v, int scale)
{
	char t[40];
	size_t n = decimal_text(v, scale, t + sizeof t);
	member(w, k, t + sizeof t - n, n, 0);
}

void jsonw_kmoney_num(struct jsonw *w, const char *k, int64_t paise) { jsonw_kdecimal(w, k, paise, 2); }

void jsonw_mstrn(struct jsonw *w, const struct jsonw_key *k, const char *s, size_t n) { kmember(w, k, s, n, 1); }
void jsonw_mnull(struct jsonw *w, const struct jsonw_key *k) { kmember(w, k, "null", 4, 0); }
void jsonw_mbool(struct jsonw *w, const struct jsonw_key *k, int v) { kmember(w, k, v ? "true" : "false", v ? 4 : 5, 0); }

void jsonw_mi64(struct jsonw *w, const struct jsonw_key *k, int64_t v)
{
	char t[24];
	size_t n = i64_text(v, t + sizeof t);
	kmember(w, k, t + sizeof t - n, n, 0);
}

void jsonw_mmoney(struct jsonw *w, const struct jsonw_key *k, int64_t paise)
{
	char t[32];
	size_t n = money_text(paise, t + sizeof t);
	kmember(w, k, t + sizeof t - n, n, 0);
}

int jsonw_ok(const struct jsonw *w) { return w->failed ? -1 : 0; }
