/* fuzz_date.c - the one date parser: what it reads is a real day, written back as ISO it reads
 * the same, it never claims more bytes than it was given, and day numbers go there and back. */
#include <stdint.h>

#include "fuzz.h"
#include "lib/date.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct date d, e;
	char iso[DATE_ISO_SIZE], out[DATE_ISO_SIZE];
	int64_t k;

	for (unsigned forms = 1; forms <= DATE_ANY; forms++) {
		size_t n = date_scan((const char *)data, size, forms, &d);
		FUZZ_CHECK(n <= size);
		if (n) {
			FUZZ_CHECK(date_valid(d.year, d.month, d.day));
			date_iso(d, iso);
			FUZZ_CHECK(date_parse(iso, 10, DATE_ISO, &e) == 0 && date_cmp(d, e) == 0);
			FUZZ_CHECK(date_cmp(date_from_days(date_days(d)), d) == 0);
			FUZZ_CHECK(date_iso_ok(iso));
			FUZZ_CHECK(date_iso_fy(iso) == date_fy(d));
			/* the next day is always written; date_iso_diff reads only days the parser takes
			 * (years DATE_YEAR_MIN..MAX), so past 2999-12-31 it answers 0 as documented */
			FUZZ_CHECK(date_iso_add(iso, 1, out) == 0);
			FUZZ_CHECK(date_iso_diff(iso, out) == (d.year == DATE_YEAR_MAX && d.month == 12 && d.day == 31 ? 0 : 1));
		}
		if (date_parse((const char *)data, size, forms, &d) == 0)
			FUZZ_CHECK(date_scan((const char *)data, size, forms, &e) == size && date_cmp(d, e) == 0);
	}
	if (size >= 8) {
		memcpy(&k, data, 8);
		k %= 1000000;
		d = date_from_days(k);
		FUZZ_CHECK(date_days(d) == k);
	}
	return 0;
}
