/* text.h - UTF-8 validation and small string helpers used at the edges. */
#ifndef DAFTAR_TEXT_H
#define DAFTAR_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"

/* Returns the byte offset of the first invalid UTF-8 sequence in s[0..n), or -1 when all valid.
 * Overlong forms, surrogates and code points above U+10FFFF are invalid. */
long text_utf8_invalid_at(const char *s, size_t n);
/* Number of code points in a valid UTF-8 string. */
size_t text_utf8_chars(const char *s, size_t n);
/* True when s has a C0 control character other than tab, CR, LF. */
int text_has_controls(const char *s);
/* Checked integer parse of the whole string (optional leading '-'); 0 on success. */
int text_parse_i64(const char *s, int64_t min, int64_t max, int64_t *ret);
/* Lower-cases ASCII letters in place (Devanagari has no case). */
void text_ascii_lower(char *s);
/* A LIKE pattern matching q anywhere, lower-cased (ASCII), with %, _ and ! escaped by '!' (use
 * `LIKE ? ESCAPE '!'`). "" for an empty or NULL q. Appends to out; -1 on memory failure. */
int text_like_pattern(const char *q, struct buf *out) __attribute__((warn_unused_result));
/* Copies at most cap-1 bytes and NUL-terminates; returns 0, or -1 if it had to cut, which it does
 * only between UTF-8 characters (a Devanagari letter is never halved). NULL copies as "". */
int text_copy(char *dst, size_t cap, const char *src);
/* Cuts off a UTF-8 character left incomplete at the end of s[0..n) (n = strlen(s)), as snprintf
 * leaves one when it runs out of room. */
void text_utf8_trim(char *s, size_t n);

#endif
