/* jsonw.h - a small streaming JSON writer over struct buf with a fixed key order, so the same
 * record always serialises to the same bytes (the audit chain hashes these bytes). */
#ifndef DAFTAR_JSONW_H
#define DAFTAR_JSONW_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"

/* Invariant: `first` says whether the next value at the current depth needs no comma. */
struct jsonw {
	struct buf *out;
	int depth;
	unsigned char first[32];
	int failed;  /* sticky: any append failure; check once at the end with jsonw_ok */
};

void jsonw_init(struct jsonw *w, struct buf *out);
void jsonw_obj(struct jsonw *w);
void jsonw_obj_end(struct jsonw *w);
void jsonw_arr(struct jsonw *w);
void jsonw_arr_end(struct jsonw *w);
void jsonw_key(struct jsonw *w, const char *key);
void jsonw_str(struct jsonw *w, const char *s);     /* NULL writes null */
/* The first n bytes of s (a NUL among them ends the string early, as in jsonw_str). */
void jsonw_strn(struct jsonw *w, const char *s, size_t n);
void jsonw_i64(struct jsonw *w, int64_t v);
void jsonw_bool(struct jsonw *w, int v);
void jsonw_null(struct jsonw *w);
void jsonw_money(struct jsonw *w, int64_t paise);   /* "1234.50" */
void jsonw_raw(struct jsonw *w, const char *json);  /* already-valid JSON */
/* v / 10^scale as a JSON number with exactly `scale` decimals (0..6): jsonw_decimal(w, 1850, 2) is
 * 18.50, (w, 12500, 3) is 12.500. Written from the integer's digits, never through a float, for
 * the files other systems read (the GST portal's returns, e-invoices) that want numbers. */
void jsonw_decimal(struct jsonw *w, int64_t v, int scale);
/* Paise as a JSON number with two decimals: 1234.50 (jsonw_money writes the string "1234.50"). */
void jsonw_money_num(struct jsonw *w, int64_t paise);
/* Key + value shorthands. */
void jsonw_kstr(struct jsonw *w, const char *key, const char *s);
void jsonw_kstrn(struct jsonw *w, const char *key, const char *s, size_t n);
void jsonw_ki64(struct jsonw *w, const char *key, int64_t v);
void jsonw_kbool(struct jsonw *w, const char *key, int v);
void jsonw_kmoney(struct jsonw *w, const char *key, int64_t paise);
void jsonw_kdecimal(struct jsonw *w, const char *key, int64_t v, int scale);
void jsonw_kmoney_num(struct jsonw *w, const char *key, int64_t paise);
/* A key named by the program (not taken from data), rendered at compile time with its quotes and
 * colon: JSONW_KEY("kind") is "\"kind\":". Members written with it skip the key's length and
 * escape scan, for writers of long lists of one shape. The name must need no escaping. */
struct jsonw_key {
	const char *json;
	size_t len;
};
#define JSONW_KEY(name) {"\"" name "\":", sizeof("\"" name "\":") - 1}
/* The same bytes as jsonw_key(w, name) followed by the value. */
void jsonw_mstrn(struct jsonw *w, const struct jsonw_key *k, const char *s, size_t n);
void jsonw_mi64(struct jsonw *w, const struct jsonw_key *k, int64_t v);
void jsonw_mbool(struct jsonw *w, const struct jsonw_key *k, int v);
void jsonw_mnull(struct jsonw *w, const struct jsonw_key *k);
void jsonw_mmoney(struct jsonw *w, const struct jsonw_key *k, int64_t paise);
/* 0 when every append succeeded, -1 otherwise. */
int jsonw_ok(const struct jsonw *w) __attribute__((warn_unused_result));

#endif
