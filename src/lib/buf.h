/* buf.h - the one growable byte string: always NUL-terminated, always size-limited. */
#ifndef DAFTAR_BUF_H
#define DAFTAR_BUF_H

#include <stdarg.h>
#include <stddef.h>

/* Invariants: when data != NULL, data[len] == '\0' and len < cap; len <= limit.
 * A buf from BUF_INIT has data == NULL and reads as "" through buf_str(). */
struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t limit;  /* maximum len; 0 means BUF_DEFAULT_LIMIT */
};

#define BUF_DEFAULT_LIMIT ((size_t)64 << 20)
#define BUF_INIT {NULL, 0, 0, 0}

/* Appends; on failure (limit or memory) returns -1 and leaves the buffer as it was. */
int buf_add(struct buf *b, const void *p, size_t n) __attribute__((warn_unused_result));
int buf_adds(struct buf *b, const char *s) __attribute__((warn_unused_result));
int buf_addc(struct buf *b, char c) __attribute__((warn_unused_result));
int buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3), warn_unused_result));
int buf_vaddf(struct buf *b, const char *fmt, va_list ap) __attribute__((warn_unused_result));
/* Makes room for n bytes without changing the contents; -1 past the limit or out of memory. */
int buf_reserve(struct buf *b, size_t n) __attribute__((warn_unused_result));
/* The contents, "" for an empty buffer; borrowed. */
const char *buf_str(const struct buf *b);
void buf_reset(struct buf *b);
/* Hands the heap string to the caller (never NULL on success; NULL on memory failure) and resets b. */
char *buf_detach(struct buf *b);
void buf_free(struct buf *b);

#endif
