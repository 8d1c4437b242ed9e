/* text.c - UTF-8 validation, checked number parsing, small string helpers. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/text.h"
#include "lib/banned.h"

long text_utf8_invalid_at(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		size_t len;
		uint32_t cp, min;

		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			len = 2; cp = c & 0x1F; min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3; cp = c & 0x0F; min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4; cp = c & 0x07; min = 0x10000;
		} else {
			return (long)i;
		}
		if (i + len > n)
			return (long)i;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return (long)i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return (long)i;
		i += len;
	}
	return -1;
}

size_t text_utf8_chars(const char *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

int text_has_controls(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
			return 1;
	}
	return 0;
}

int text_parse_i64(const char *s, int64_t min, int64_t max, int64_t *ret)
{
	char *end;
	long long v;

	if (!s || !*s || (*s != '-' && (*s < '0' || *s > '9')))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*ret = v;
	return 0;
}

void text_ascii_lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

int text_like_pattern(const char *q, struct buf *out)
{
	if (!q || !*q)
		return 0;
	if (buf_addc(out, '%') < 0)
		return -1;
	for (; *q; q++) {
		char c = (*q >= 'A' && *q <= 'Z') ? (char)(*q - 'A' + 'a') : *q;
		if ((c == '%' || c == '_' || c == '!') && buf_addc(out, '!') < 0)
			return -1;
		if (buf_addc(out, c) < 0)
			return -1;
	}
	return buf_addc(out, '%');
}

int text_copy(char *dst, size_t cap, const char *src)
{
	size_t n;
	if (cap == 0)
		return -1;
	n = src ? strlen(src) : 0;
	if (n < cap) {
		memcpy(dst, src ? src : "", n + 1);
		return 0;
	}
	n = cap - 1;
	while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80) /* src[n] continues a character: cut before it */
		n--;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return -1;
}

void text_utf8_trim(char *s, size_t n)
{
	size_t i = n, k;
	int need;
	if (n == 0)
		return;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) /* back over continuation bytes */
		i--;
	if (i == 0)
		return;
	k = i - 1; /* the lead byte of the last character */
	need = (unsigned char)s[k] >= 0xF0 ? 4 : (unsigned char)s[k] >= 0xE0 ? 3 : (unsigned char)s[k] >= 0xC0 ? 2 : 1;
	if (n - k < (size_t)need)
		s[k] = '\0';
}
