/* clock.h - the one "now" and "today". Instants are seconds since the epoch, written as UTC ISO
 * timestamps; calendar days are taken in a company's time zone (Asia/Kolkata unless the company
 * says otherwise), never in UTC or the host's zone: at 23:30 UTC it is already tomorrow in India.
 * Zones are read from the system's zoneinfo files; Asia/Kolkata and UTC work without them. */
#ifndef DAFTAR_CLOCK_H
#define DAFTAR_CLOCK_H

#include <stdint.h>

#include "lib/date.h"

#define CLOCK_TZ_DEFAULT "Asia/Kolkata"
#define CLOCK_TZ_SIZE 64
#define CLOCK_ISO_SIZE 21      /* "2026-12-07T02:36:00Z" and its NUL */
#define CLOCK_ISO_US_SIZE 28   /* "2026-12-07T02:36:00.123456Z" and its NUL */

/* Seconds since the epoch. Tests move it: in a build with -DDAFTAR_TEST_HOOKS (build/daftar-test,
 * the unit tests), when DAFTAR_TEST_CLOCK_FILE names a file, its content "N" adds N seconds to the
 * system clock and "@T" pins the clock at T. The release binary has no such hook. Cannot fail. */
int64_t clock_now(void);
/* t as a UTC timestamp "YYYY-MM-DDTHH:MM:SSZ". */
void clock_iso(int64_t t, char out[CLOCK_ISO_SIZE]);
void clock_now_iso(char out[CLOCK_ISO_SIZE]);
/* Microseconds since the epoch: clock_now() and the system clock's fraction of its second (the
 * test file moves it as it moves clock_now). For instants that order events, such as the audit
 * log's. Cannot fail. */
int64_t clock_now_us(void);
/* us as a UTC timestamp with microseconds "YYYY-MM-DDTHH:MM:SS.uuuuuuZ". */
void clock_iso_us(int64_t us, char out[CLOCK_ISO_US_SIZE]);

/* 1 when tz names a zone this machine knows ("Asia/Kolkata", "UTC", "Europe/London", ...). */
int clock_tz_ok(const char *tz);
/* Seconds east of UTC in zone tz at instant t; an unknown zone (or NULL/"") counts as
 * CLOCK_TZ_DEFAULT. */
int clock_tz_offset(const char *tz, int64_t t);
/* The calendar day in zone tz at instant t, and today there. */
struct date clock_day(const char *tz, int64_t t);
void clock_today(const char *tz, char out[DATE_ISO_SIZE]);

#endif
