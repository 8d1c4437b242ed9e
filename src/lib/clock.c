/* clock.c - now, UTC timestamps, and days in a time zone read from the system's TZif files
 * (RFC 8536), kept in a small cache shared by all threads. Beyond a zone's last transition its
 * last offset holds (Debian's files list transitions to 2037; India has had one offset since 1945). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/clock.h"
#include "lib/text.h"
#include "lib/banned.h"

#define ZONE_CACHE 64
#define ZONE_FILE_MAX ((size_t)256 << 10)
#define ZONEINFO "/usr/share/zoneinfo/"

struct zone {
	char name[CLOCK_TZ_SIZE];
	int known;           /* 0: no such zone (remembered so as not to look again) */
	size_t n;            /* transitions */
	int64_t *at;         /* ascending instants */
	int32_t *offset;     /* the offset from at[i] on */
	int32_t first;       /* the offset before at[0] (or always, when n == 0) */
};

static pthread_mutex_t zone_lock = PTHREAD_MUTEX_INITIALIZER;
static struct zone zones[ZONE_CACHE];
static size_t nzones;

/* ---- now ---- */

#ifdef DAFTAR_TEST_HOOKS
/* Tests move time through a file, read at every call while the variable is set (a test may write
 * it twice within one tick of the file system's clock). Only in the test build: the release
 * binary neither reads the variable nor knows its name. */
static int64_t test_adjust(int64_t now)
{
	static const char *path;
	static int checked;
	int64_t value = 0;
	int pinned = 0;
	char line[40] = "";
	FILE *f;

	if (!checked) { /* racing threads at most both look */
		const char *p = getenv("DAFTAR_TEST_CLOCK_FILE");
		path = p && *p ? p : NULL;
		checked = 1;
	}
	if (!path || !(f = fopen(path, "r")))
		return now;
	if (fgets(line, sizeof line, f)) {
		char *s = line;
		line[strcspn(line, "\r\n")] = '\0';
		pinned = *s == '@';
		s += pinned;
		if (text_parse_i64(s, pinned ? 0 : -100000000000LL, 100000000000LL, &value) < 0)
			value = pinned = 0;
	}
	fclose(f);
	return pinned ? value : now + value;
}
#else
static int64_t test_adjust(int64_t now) { return now; }
#endif

int64_t clock_now(void) { return test_adjust((int64_t)time(NULL)); }

void clock_iso(int64_t t, char out[CLOCK_ISO_SIZE])
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400), secs = t - days * 86400;
	struct date d = date_from_days(days);
	int hh = (int)(secs / 3600), mm = (int)(secs / 60 % 60), ss = (int)(secs % 60);
	date_iso(d, out);
	out[10] = 'T';
	out[11] = (char)('0' + hh / 10);
	out[12] = (char)('0' + hh % 10);
	out[13] = ':';
	out[14] = (char)('0' + mm / 10);
	out[15] = (char)('0' + mm % 10);
	out[16] = ':';
	out[17] = (char)('0' + ss / 10);
	out[18] = (char)('0' + ss % 10);
	out[19] = 'Z';
	out[20] = '\0';
}

void clock_now_iso(char out[CLOCK_ISO_SIZE]) { clock_iso(clock_now(), out); }

int64_t clock_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return test_adjust((int64_t)ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

void clock_iso_us(int64_t us, char out[CLOCK_ISO_US_SIZE])
{
	int64_t s = us >= 0 ? us / 1000000 : -((-us + 999999) / 1000000);
	int64_t frac = us - s * 1000000;
	clock_iso(s, out); /* "...SSZ": the fraction goes where the Z was */
	out[19] = '.';
	for (int i = 25; i >= 20; i--) {
		out[i] = (char)('0' + frac % 10);
		frac /= 10;
	}
	out[26] = 'Z';
	out[27] = '\0';
}

/* ---- zones ---- */

static int name_ok(const char *tz)
{
	size_t n = tz ? strlen(tz) : 0;
	if (n == 0 || n >= CLOCK_TZ_SIZE || tz[0] == '/' || strstr(tz, ".."))
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = tz[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '_' ||
		      c == '-' || c == '+'))
			return 0;
	}
	return 1;
}

static int64_t be(const unsigned char *p, int bytes)
{
	uint64_t v = 0;
	for (int i = 0; i < bytes; i++)
		v = v << 8 | p[i];
	if (bytes == 4)
		return (int32_t)(uint32_t)v;
	return (int64_t)v;
}

/* Parses a TZif file into z (the 64-bit block of version 2 and later, else version 1). */
static int tzif_parse(const unsigned char *p, size_t len, struct zone *z)
{
	size_t cnt[6], need, off = 0;
	int tbytes = 4;
	const unsigned char *times, *idx, *types;

	for (int pass = 0; pass < 2; pass++) {
		if (len - off < 44 || memcmp(p + off, "TZif", 4) != 0)
			return -1;
		for (int i = 0; i < 6; i++)
			cnt[i] = (size_t)(uint32_t)be(p + off + 20 + 4 * i, 4);
		/* isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt */
		if (cnt[3] > 100000 || cnt[4] == 0 || cnt[4] > 256 || cnt[5] > 10000 || cnt[2] > 10000)
			return -1;
		need = 44 + cnt[3] * (size_t)tbytes + cnt[3] + cnt[4] * 6 + cnt[5] + cnt[2] * (size_t)(tbytes + 4) + cnt[1] + cnt[0];
		if (len - off < need)
			return -1;
		if (pass == 0 && p[off + 4] >= '2') {
			off += need; /* skip the 32-bit block */
			tbytes = 8;
			continue;
		}
		break;
	}
	times = p + off + 44;
	idx = times + cnt[3] * (size_t)tbytes;
	types = idx + cnt[3];
	z->n = cnt[3];
	z->at = z->n ? malloc(z->n * sizeof *z->at) : NULL;
	z->offset = z->n ? malloc(z->n * sizeof *z->offset) : NULL;
	if (z->n && (!z->at || !z->offset)) {
		free(z->at);
		free(z->offset);
		z->at = NULL;
		z->offset = NULL;
		return -1;
	}
	/* Before the first transition: the first standard-time type (RFC 8536 3.2), else type 0. */
	z->first = (int32_t)be(types, 4);
	for (size_t t = 0; t < cnt[4]; t++) {
		if (!types[t * 6 + 4]) {
			z->first = (int32_t)be(types + t * 6, 4);
			break;
		}
	}
	for (size_t i = 0; i < z->n; i++) {
		unsigned k = idx[i];
		if (k >= cnt[4])
			return -1;
		z->at[i] = be(times + i * (size_t)tbytes, tbytes);
		z->offset[i] = (int32_t)be(types + k * 6, 4);
	}
	return 0;
}

static void zone_load(struct zone *z)
{
	char path[sizeof ZONEINFO + CLOCK_TZ_SIZE];
	unsigned char *data = NULL;
	size_t len = 0;
	FILE *f;

	z->known = 0;
	/* The zones Daftar ships with need no file. */
	if (!strcmp(z->name, "Asia/Kolkata") || !strcmp(z->name, "Asia/Calcutta")) {
		z->known = 1;
		z->first = 19800;
		return;
	}
	if (!strcmp(z->name, "UTC") || !strcmp(z->name, "Etc/UTC")) {
		z->known = 1;
		return;
	}
	snprintf(path, sizeof path, ZONEINFO "%s", z->name);
	f = fopen(path, "rb");
	if (!f)
		return;
	data = malloc(ZONE_FILE_MAX);
	if (data)
		len = fread(data, 1, ZONE_FILE_MAX, f);
	fclose(f);
	if (data && len > 0 && len < ZONE_FILE_MAX && tzif_parse(data, len, z) == 0)
		z->known = 1;
	free(data);
}

static int zone_offset(const struct zone *z, int64_t t)
{
	size_t lo = 0, hi = z->n;
	if (z->n == 0 || t < z->at[0])
		return z->first;
	while (hi - lo > 1) { /* the last transition at or before t */
		size_t mid = lo + (hi - lo) / 2;
		if (z->at[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return z->offset[lo];
}

/* Looks tz up: 1 with its offset at t in *ret_off, 0 when no such zone. Known zones are cached
 * (a zone past the cache's size is read each time); unknown names are not, so made-up names
 * cannot crowd out real ones. */
static int zone_lookup(const char *tz, int64_t t, int *ret_off)
{
	struct zone tmp;
	int found = 0;

	if (!name_ok(tz))
		return 0;
	pthread_mutex_lock(&zone_lock);
	for (size_t i = 0; i < nzones; i++) {
		if (!strcmp(zones[i].name, tz)) {
			*ret_off = zone_offset(&zones[i], t);
			found = 1;
			break;
		}
	}
	pthread_mutex_unlock(&zone_lock);
	if (found)
		return 1;
	memset(&tmp, 0, sizeof tmp);
	text_copy(tmp.name, sizeof tmp.name, tz);
	zone_load(&tmp);
	if (!tmp.known)
		return 0;
	*ret_off = zone_offset(&tmp, t);
	pthread_mutex_lock(&zone_lock);
	for (size_t i = 0; i < nzones; i++)
		if (!strcmp(zones[i].name, tz))
			found = 1; /* another thread cached it meanwhile */
	if (!found && nzones < ZONE_CACHE) {
		zones[nzones++] = tmp;
		tmp.at = NULL;
		tmp.offset = NULL;
	}
	pthread_mutex_unlock(&zone_lock);
	free(tmp.at);
	free(tmp.offset);
	return 1;
}

int clock_tz_ok(const char *tz)
{
	int off;
	return zone_lookup(tz, 0, &off);
}

int clock_tz_offset(const char *tz, int64_t t)
{
	int off;
	if (zone_lookup(tz && *tz ? tz : CLOCK_TZ_DEFAULT, t, &off))
		return off;
	return 19800; /* CLOCK_TZ_DEFAULT, +05:30 */
}

struct date clock_day(const char *tz, int64_t t)
{
	int64_t local = t + clock_tz_offset(tz, t);
	return date_from_days(local >= 0 ? local / 86400 : -((-local + 86399) / 86400));
}

void clock_today(const char *tz, char out[DATE_ISO_SIZE]) { date_iso(clock_day(tz, clock_now()), out); }
