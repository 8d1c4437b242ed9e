/* fuzz_text.c - UTF-8: text_copy never cuts a character and never writes past its room; what
 * text_utf8_invalid_at calls valid counts the same characters after a cut at a boundary. */
#include "fuzz.h"
#include "lib/text.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *s = fuzz_str(data, size);
	long bad = text_utf8_invalid_at(s, size);
	int64_t v;

	if (bad < 0 && memchr(s, '\0', size) == NULL) {
		for (size_t cap = 1; cap < 24 && cap <= size + 1; cap++) {
			char out[24];
			memset(out, 'x', sizeof out);
			text_copy(out, cap, s);
			FUZZ_CHECK(strlen(out) < cap);
			FUZZ_CHECK(out[cap] == 'x' || cap == sizeof out);
			FUZZ_CHECK(text_utf8_invalid_at(out, strlen(out)) < 0); /* a whole character or none */
			FUZZ_CHECK(memcmp(out, s, strlen(out)) == 0);
		}
		FUZZ_CHECK(text_utf8_chars(s, size) <= size);
	} else if (bad >= 0) {
		FUZZ_CHECK((size_t)bad < size);
	}
	if (text_parse_i64(s, INT64_MIN, INT64_MAX, &v) == 0) {
		char out[32];
		int64_t w;
		snprintf(out, sizeof out, "%lld", (long long)v);
		FUZZ_CHECK(text_parse_i64(out, INT64_MIN, INT64_MAX, &w) == 0 && w == v);
	}
	free(s);
	return 0;
}
