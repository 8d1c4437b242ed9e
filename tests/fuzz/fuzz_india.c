/* fuzz_india.c - GSTIN, PAN and phone checks on any bytes: no crash, a GSTIN passes only with its
 * own check character, a normalised phone normalises to itself. */
#include "fuzz.h"
#include "lib/india.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *s = fuzz_str(data, size);
	char why[128], phone[32], again[32];

	if (india_gstin_check(s, why, sizeof why) == 0) {
		FUZZ_CHECK(strlen(s) == 15);
		FUZZ_CHECK(india_gstin_check_char(s) == s[14]);
		FUZZ_CHECK(india_state_name((char[3]){s[0], s[1], 0}) != NULL);
	} else {
		FUZZ_CHECK(why[0] != '\0');
	}
	if (india_pan_check(s) == 0)
		FUZZ_CHECK(strlen(s) == 10);
	if (india_phone_normalise(s, phone, sizeof phone) == 0) {
		FUZZ_CHECK(india_phone_normalise(phone, again, sizeof again) == 0);
		FUZZ_CHECK(strcmp(phone, again) == 0);
	}
	free(s);
	return 0;
}
