/* jsonw.c - streaming JSON writer; strings are escaped per RFC 8259 (input is valid UTF-8). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "jsonw.h"
#include "money.h"

void jsonw_init(struct jsonw *w, struct buf *out)
{
	w->out = out;
	w->depth = 0;
	w->first[0] = 1;
	w->failed = 0;
}

static void put(struct jsonw *w, const char *s, size_t n)
{
	if (buf_add(w->out, s, n) < 0)
		w->failed = 1;
}

static void sep(struct jsonw *w)
{
	if (!w->first[w->depth])
		put(w, ",", 1);
	w->first[w->depth] = 0;
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

/* 1 for the bytes a JSON string must escape: control characters, '"' and '\\'. */
static const unsigned char needs_escape[256] = {
	[0 ... 0x1F] = 1, ['"'] = 1, ['\\'] = 1,
};

static void string(struct jsonw *w, const char *s)
{
	const char *run = s;
	put(w, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		char esc[8];
		const char *rep;
		if (!needs_escape[c])
			continue;
		if (c == '"')
			rep = "\\\"";
		else if (c == '\\')
			rep = "\\\\";
		else if (c == '\n')
			rep = "\\n";
		else if (c == '\r')
			rep = "\\r";
		else if (c == '\t')
			rep = "\\t";
		else {
			snprintf(esc, sizeof esc, "\\u%04x", c);
			rep = esc;
		}
		put(w, run, (size_t)(s - run));
		put(w, rep, strlen(rep));
		run = s + 1;
	}
	put(w, run, (size_t)(s - run));
	put(w, "\"", 1);
}

void jsonw_key(struct jsonw *w, const char *key)
{
	sep(w);
	string(w, key);
	put(w, ":", 1);
	w->first[w->depth] = 1; /* the value that follows takes no comma */
}

void jsonw_str(struct jsonw *w, const char *s)
{
	sep(w);
	if (s)
		string(w, s);
	else
		put(w, "null", 4);
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

void jsonw_i64(struct jsonw *w, int64_t v)
{
	char t[24], *p;
	uint64_t u = v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
	p = digits(u, t + sizeof t);
	if (v < 0)
		*--p = '-';
	sep(w);
	put(w, p, (size_t)(t + sizeof t - p));
}

void jsonw_bool(struct jsonw *w, int v)
{
	sep(w);
	if (v)
		put(w, "true", 4);
	else
		put(w, "false", 5);
}

void jsonw_null(struct jsonw *w)
{
	sep(w);
	put(w, "null", 4);
}

void jsonw_money(struct jsonw *w, int64_t paise)
{
	/* The same text as money_format ("-12.05"), without printf on the hot path of lists. */
	char t[32], *p, *end = t + sizeof t - 1;
	uint64_t u = paise < 0 ? (uint64_t)(-(paise + 1)) + 1 : (uint64_t)paise;
	*end = '"';
	end[-1] = (char)('0' + u % 10);
	end[-2] = (char)('0' + (u / 10) % 10);
	end[-3] = '.';
	p = digits(u / 100, end - 3);
	if (paise < 0)
		*--p = '-';
	*--p = '"';
	sep(w);
	put(w, p, (size_t)(t + sizeof t - p));
	w->first[w->depth] = 0;
}

void jsonw_raw(struct jsonw *w, const char *json)
{
	sep(w);
	put(w, json, strlen(json));
}

void jsonw_kstr(struct jsonw *w, const char *k, const char *s) { jsonw_key(w, k); jsonw_str(w, s); }
void jsonw_ki64(struct jsonw *w, const char *k, int64_t v) { jsonw_key(w, k); jsonw_i64(w, v); }
void jsonw_kbool(struct jsonw *w, const char *k, int v) { jsonw_key(w, k); jsonw_bool(w, v); }
void jsonw_kmoney(struct jsonw *w, const char *k, int64_t p) { jsonw_key(w, k); jsonw_money(w, p); }

int jsonw_ok(const struct jsonw *w) { return w->failed ? -1 : 0; }
