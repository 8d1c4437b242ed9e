/* date.h - the one calendar day: one parser (ISO, the journal's YYYY/M/D, the UI's and banks'
 * DD-MM-YYYY, and the banks' DD/MM/YY and 05-Apr-2026), day arithmetic, and the Indian financial year (April to March). Years 1900-2999.
 * Dates travel as ISO text ("2026-04-01", what the database and the API hold); struct date is
 * that text parsed, for arithmetic. Pure: no clock here (see clock.h for "today"). */
#ifndef DAFTAR_DATE_H
#define DAFTAR_DATE_H

#include <stddef.h>
#include <stdint.h>

#define DATE_YEAR_MIN 1900
#define DATE_YEAR_MAX 2999
#define DATE_ISO_SIZE 11   /* "YYYY-MM-DD" and its NUL */

/* A real calendar day; year in DATE_YEAR_MIN..DATE_YEAR_MAX. */
struct date {
	int year;
	int month;  /* 1..12 */
	int day;    /* 1..31 */
};

/* What date_parse accepts; combine with |. */
enum date_form {
	DATE_ISO = 1,    /* YYYY-MM-DD exactly */
	DATE_YMD = 2,    /* YYYY-M-D, YYYY/M/D or YYYY.M.D with one- or two-digit month and day */
	DATE_DMY = 4,    /* DD-MM-YYYY, DD/MM/YYYY or DD.MM.YYYY (two-digit day and month) */
	DATE_DMY_YY = 8, /* DD-MM-YY, DD/MM/YY or DD.MM.YY: a two-digit year is 1970..2069 */
	DATE_DMON = 16,  /* 05-Apr-2026, 5 Apr 2026, 05/APR/26, 5-April-2026: a one- or two-digit day, the
	                  * month's English name or its first three letters (and "Sept") in any case, a
	                  * four- or two-digit year (1970..2069), one separator ('-', '/', '.' or a space) */
	DATE_ANY = 31,
};

/* Parses the first n bytes of s (the whole of them) in one of the forms allowed. 0 and *ret, or
 * -1 for anything else, including impossible days (2026-02-30) and years out of range. */
int date_parse(const char *s, size_t n, unsigned forms, struct date *ret) __attribute__((warn_unused_result));
/* Reads a date at the start of s[0..n) in one of the forms and returns how many bytes it took,
 * or 0 when none is there (for parsers of larger texts). */
size_t date_scan(const char *s, size_t n, unsigned forms, struct date *ret);

/* 1 when s is a real day written YYYY-MM-DD (NULL and "" are not). */
int date_iso_ok(const char *s);
/* Writes d as YYYY-MM-DD (a year below 0 or above 9999 is written as 0000 or 9999). */
void date_iso(struct date d, char out[DATE_ISO_SIZE]);
/* 1 when y-m-d is a real day in range. */
int date_valid(int y, int m, int d);
int date_month_days(int year, int month);

/* Days since 1970-01-01 (negative before), and back. Arithmetic may step outside the years a
 * parsed date may carry (the day before 1900-01-01 is 1899-12-31). */
int64_t date_days(struct date d);
struct date date_from_days(int64_t days);
struct date date_add_days(struct date d, int64_t n);
/* <0, 0, >0 as a is before, on or after b. */
int date_cmp(struct date a, struct date b);

/* Financial year: 2024 for 2024-04-01 .. 2025-03-31; and its first and last days. */
int date_fy(struct date d);
struct date date_fy_start(int fy);
struct date date_fy_end(int fy);

/* The same on ISO text, for code that holds dates as stored. Each returns -1 (and writes "")
 * when iso is not a real ISO day; date_iso_add also when the day it reaches has no four-digit
 * year (n beyond a million days either way counts as a million). */
int date_iso_add(const char *iso, int64_t n, char out[DATE_ISO_SIZE]);
int date_iso_fy(const char *iso);
int date_iso_fy_start(const char *iso, char out[DATE_ISO_SIZE]);
/* Days from a to b (b - a); both must be real ISO days (0 otherwise). */
int64_t date_iso_diff(const char *a, const char *b);

#endif
