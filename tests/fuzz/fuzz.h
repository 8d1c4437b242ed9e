/* fuzz.h - what the libFuzzer targets share: the input as a NUL-terminated string, and a check
 * that aborts (so the fuzzer reports it) when a property fails. */
#ifndef DAFTAR_FUZZ_H
#define DAFTAR_FUZZ_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_CHECK(cond)                                                              \
	do {                                                                          \
		if (!(cond)) {                                                        \
			fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                      \
		}                                                                     \
	} while (0)

/* A heap copy of data[0..n) with a NUL after it (the caller frees). */
static inline char *fuzz_str(const unsigned char *data, size_t n)
{
	char *s = malloc(n + 1);
	if (!s)
		abort();
	memcpy(s, data, n);
	s[n] = '\0';
	return s;
}

#endif
