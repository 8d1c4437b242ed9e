/* money.h - amounts as int64 paise: exact parsing of decimal strings, plain and Indian formatting. */
#ifndef DAFTAR_MONEY_H
#define DAFTAR_MONEY_H

#include <stddef.h>
#include <stdint.h>

/* Parses "1234", "1234.5", "1234.50", "-12.05" into paise. Refuses floats with more than two
 * decimals, exponents, spaces, empty strings and values beyond int64. 0 on success, -1 otherwise. */
int money_parse(const char *s, int64_t *ret_paise) __attribute__((warn_unused_result));
/* Parses a non-negative or negative decimal with at most `scale` decimals into an integer scaled
 * by 10^scale ("1.5" at scale 3 -> 1500). 0 on success, -1 otherwise. */
int decimal_parse(const char *s, int scale, int64_t *ret) __attribute__((warn_unused_result));
/* Writes v / 10^scale with trailing zeros trimmed (at least one digit after a point only when
 * needed): 1500 at scale 3 -> "1.5", 2000 -> "2". */
void decimal_format(int64_t v, int scale, char *out, size_t cap);
/* Writes "1234.50" / "-0.05" into out (at least MONEY_STR_MAX bytes). */
void money_format(int64_t paise, char *out, size_t cap);
/* Writes Indian grouping "1,23,45,678.90" (with "-" in front when negative). */
void money_format_indian(int64_t paise, char *out, size_t cap);
/* Overflow-checked add: 0 on success, -1 on overflow (ret untouched). */
int money_add(int64_t a, int64_t b, int64_t *ret) __attribute__((warn_unused_result));

/* How a division rounds, named wherever money is divided. */
enum money_round {
	MONEY_ROUND_HALF_UP,    /* half away from zero: 2.5 -> 3, -2.5 -> -3 (GST, line amounts) */
	MONEY_ROUND_HALF_EVEN,  /* half to even: 2.5 -> 2, 3.5 -> 4 */
	MONEY_ROUND_DOWN,       /* toward zero: 2.9 -> 2, -2.9 -> -2 */
	MONEY_ROUND_FLOOR,      /* toward minus infinity */
	MONEY_ROUND_CEIL,       /* toward plus infinity */
	MONEY_ROUND_MAX
};
/* a * b / d rounded as `mode` says, computed without intermediate overflow. 0 and *ret, or -1
 * when d <= 0 or the result does not fit in int64 (ret untouched). */
int money_muldiv(int64_t a, int64_t b, int64_t d, enum money_round mode, int64_t *ret) __attribute__((warn_unused_result));

#define MONEY_STR_MAX 40

#endif
