/* date.c - calendar days: the one date parser, civil <-> day-number conversion (H. Hinnant's
 * algorithms for the proleptic Gregorian calendar) and the April-March financial year. No
 * snprintf on these paths: the journal import formats and parses a date per transaction. */
#include <string.h>

#include "lib/date.h"
#include "lib/banned.h"

static int is_digit(char c) { return c >= '0' && c <= '9'; }

int date_month_days(int year, int month)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
		return 29;
	return mdays[month - 1];
}

int date_valid(int y, int m, int d)
{
	return y >= DATE_YEAR_MIN && y <= DATE_YEAR_MAX && m >= 1 && m <= 12 && d >= 1 && d <= date_month_days(y, m);
}

/* Reads exactly k digits at s (within n). */
static int fixed(const char *s, size_t n, size_t k, int *ret)
{
	int v = 0;
	if (n < k)
		return -1;
	for (size_t i = 0; i < k; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*ret = v;
	return 0;
}

/* Reads one or two digits; returns the count read, 0 for none. */
static size_t one_or_two(const char *s, size_t n, int *ret)
{
	size_t k = 0;
	int v = 0;
	while (k < 2 && k < n && is_digit(s[k]))
		v = v * 10 + (s[k++] - '0');
	*ret = v;
	return k;
}

static int is_sep(char c) { return c == '-' || c == '/' || c == '.'; }

/* A two-digit year of a bank's statement: 70..99 are 1970..1999, 00..69 are 2000..2069. */
static int century(int yy) { return yy >= 70 ? 1900 + yy : 2000 + yy; }

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

/* The month named at s[0..n): its English name or first three letters (and "sept"), any case.
 * Returns the bytes taken and the month in *ret, or 0. */
static size_t month_name(const char *s, size_t n, int *ret)
{
	static const char *const names[12] = {"january", "february", "march", "april", "may", "june",
					      "july", "august", "september", "october", "november", "december"};
	size_t k = 0;
	char w[10];
	while (k < n && k < sizeof w && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z'))) {
		w[k] = lower(s[k]);
		k++;
	}
	if (k < 3 || k == sizeof w)
		return 0;
	for (int i = 0; i < 12; i++) {
		size_t len = strlen(names[i]);
		if ((k == 3 || k == len || (i == 8 && k == 4)) && k <= len && memcmp(w, names[i], k) == 0) {
			*ret = i + 1;
			return k;
		}
	}
	return 0;
}

/* D-Mon-YYYY and its kin (DATE_DMON). */
static size_t scan_dmon(const char *s, size_t n, struct date *ret)
{
	int d, m, y;
	size_t a = one_or_two(s, n, &d), b, k;
	char sep;
	if (!a || a >= n || !(is_sep(s[a]) || s[a] == ' '))
		return 0;
	sep = s[a];
	k = a + 1;
	if (!(b = month_name(s + k, n - k, &m)))
		return 0;
	k += b;
	if (k >= n || s[k] != sep)
		return 0;
	k++;
	if (fixed(s + k, n - k, 4, &y) == 0 && (k + 4 == n || !is_digit(s[k + 4])))
		k += 4;
	else if (fixed(s + k, n - k, 2, &y) == 0 && (k + 2 == n || !is_digit(s[k + 2]))) {
		y = century(y);
		k += 2;
	} else
		return 0;
	if (!date_valid(y, m, d))
		return 0;
	*ret = (struct date){y, m, d};
	return k;
}

size_t date_scan(const char *s, size_t n, unsigned forms, struct date *ret)
{
	int y, m, d;
	size_t k;

	if (!s)
		return 0;
	/* Year first: ISO or the loose YMD form. */
	if ((forms & (DATE_ISO | DATE_YMD)) && fixed(s, n, 4, &y) == 0 && n > 4 && is_sep(s[4])) {
		char sep = s[4];
		if ((forms & DATE_ISO) && sep == '-' && n >= 10 && s[7] == '-' && fixed(s + 5, 2, 2, &m) == 0 &&
		    fixed(s + 8, 2, 2, &d) == 0 && (n == 10 || !is_digit(s[10])) && date_valid(y, m, d)) {
			*ret = (struct date){y, m, d};
			return 10;
		}
		if (forms & DATE_YMD) {
			size_t a = one_or_two(s + 5, n - 5, &m), b;
			if (a && 5 + a < n && s[5 + a] == sep) {
				k = 6 + a;
				b = one_or_two(s + k, n - k, &d);
				if (b && (k + b == n || !is_digit(s[k + b])) && date_valid(y, m, d)) {
					*ret = (struct date){y, m, d};
					return k + b;
				}
			}
		}
		return 0;
	}
	if ((forms & DATE_DMY) && n >= 10 && fixed(s, n, 2, &d) == 0 && is_sep(s[2]) && s[5] == s[2] &&
	    fixed(s + 3, 2, 2, &m) == 0 && fixed(s + 6, 4, 4, &y) == 0 && (n == 10 || !is_digit(s[10])) && date_valid(y, m, d)) {
		*ret = (struct date){y, m, d};
		return 10;
	}
	if ((forms & DATE_DMY_YY) && n >= 8 && fixed(s, n, 2, &d) == 0 && is_sep(s[2]) && s[5] == s[2] &&
	    fixed(s + 3, 2, 2, &m) == 0 && fixed(s + 6, 2, 2, &y) == 0 && (n == 8 || !is_digit(s[8])) &&
	    date_valid(century(y), m, d)) {
		*ret = (struct date){century(y), m, d};
		return 8;
	}
	if (forms & DATE_DMON)
		return scan_dmon(s, n, ret);
	return 0;
}

int date_parse(const char *s, size_t n, unsigned forms, struct date *ret)
{
	struct date d;
	if (!s || date_scan(s, n, forms, &d) != n || n == 0)
		return -1;
	*ret = d;
	return 0;
}

int date_iso_ok(const char *s)
{
	struct date d;
	return s && date_parse(s, strlen(s), DATE_ISO, &d) == 0;
}

static void put_digits(char *out, int v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

void date_iso(struct date d, char out[DATE_ISO_SIZE])
{
	/* Four digits hold the year: one past them would write something that is not a date. */
	put_digits(out, d.year < 0 ? 0 : d.year > 9999 ? 9999 : d.year, 4);
	out[4] = '-';
	put_digits(out + 5, d.month, 2);
	out[7] = '-';
	put_digits(out + 8, d.day, 2);
	out[10] = '\0';
}

int64_t date_days(struct date dt)
{
	int64_t y = dt.year - (dt.month <= 2), era, yoe, doy, doe;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (dt.month + (dt.month > 2 ? -3 : 9)) + 2) / 5 + dt.day - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct date date_from_days(int64_t z)
{
	/* Any day a computation reaches (the day before 1900-01-01 is 1899-12-31); only the parser
	 * keeps to DATE_YEAR_MIN..MAX. Bounded so the year fits an int. */
	static const int64_t lim = 100000000;
	int64_t era, doe, yoe, y, doy, mp, d, m;
	if (z < -lim)
		z = -lim;
	if (z > lim)
		z = lim;
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	return (struct date){(int)y, (int)m, (int)d};
}

struct date date_add_days(struct date d, int64_t n)
{
	/* Far beyond the range either way: clamp before adding so nothing overflows. */
	if (n > 1000000)
		n = 1000000;
	if (n < -1000000)
		n = -1000000;
	return date_from_days(date_days(d) + n);
}

int date_cmp(struct date a, struct date b)
{
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	if (a.month != b.month)
		return a.month < b.month ? -1 : 1;
	return a.day < b.day ? -1 : a.day > b.day;
}

int date_fy(struct date d) { return d.month >= 4 ? d.year : d.year - 1; }
struct date date_fy_start(int fy) { return (struct date){fy, 4, 1}; }
struct date date_fy_end(int fy) { return (struct date){fy + 1, 3, 31}; }

static int iso_in(const char *iso, struct date *d) { return iso && date_parse(iso, strlen(iso), DATE_ISO, d) == 0 ? 0 : -1; }

int date_iso_add(const char *iso, int64_t n, char out[DATE_ISO_SIZE])
{
	struct date d;
	out[0] = '\0';
	if (iso_in(iso, &d) < 0)
		return -1;
	d = date_add_days(d, n);
	if (d.year < 0 || d.year > 9999)
		return -1; /* not writable as YYYY-MM-DD */
	date_iso(d, out);
	return 0;
}

int date_iso_fy(const char *iso)
{
	struct date d;
	return iso_in(iso, &d) < 0 ? -1 : date_fy(d);
}

int date_iso_fy_start(const char *iso, char out[DATE_ISO_SIZE])
{
	struct date d;
	out[0] = '\0';
	if (iso_in(iso, &d) < 0)
		return -1;
	date_iso(date_fy_start(date_fy(d)), out);
	return 0;
}

int64_t date_iso_diff(const char *a, const char *b)
{
	struct date x, y;
	if (iso_in(a, &x) < 0 || iso_in(b, &y) < 0)
		return 0;
	return date_days(y) - date_days(x);
}
