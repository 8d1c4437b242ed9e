/* money.h - amounts as int64 paise: exact parsing of decimal strings, plain and Indian formatting. */
#ifndef DAFTAR_MONEY_H
#define DAFTAR_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

/* The ceiling of every amount: ₹1,00,00,00,00,00,00,000 (10^15 rupees), in paise. Every amount a
 * person enters, every figure a document works out and every balance Daftar keeps (a ledger's
 * day and month, an item's stock value) stays within -MONEY_MAX..MONEY_MAX, and the database
 * refuses a row past it (the ceiling_money_* CHECKs of migration 0010). Two figures within it add up
 * without overflow, and 92 of them still fit in int64, so a sum of kept figures cannot wrap
 * before its check. MONEY_MAX is a whole rupee: rounding to the rupee never passes it. */
#define MONEY_MAX INT64_C(100000000000000000)

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
/* 1 when paise is within the ceiling (-MONEY_MAX..MONEY_MAX), else 0. */
int money_fits(int64_t paise);
/* a + b when the sum is within the ceiling: 0 and *ret, else -1 (ret untouched). */
int money_add_capped(int64_t a, int64_t b, int64_t *ret) __attribute__((warn_unused_result));
/* 1 when s is a decimal as decimal_parse reads it (sign, digits, at most `scale` decimals) of any
 * size: what tells "too large" from "not a number" after decimal_parse refused s. */
int decimal_well_formed(const char *s, int scale);
/* Records the refusal of an amount past the ceiling and returns code: ERR_INVALID (400) for one
 * value as given, ERR_UNPROCESSABLE (422) for a sum, a product or a balance it would make. The
 * field is named; reason "too_large" with the figures max (MONEY_MAX, as money) and kind "amount". */
int money_too_large(struct err *e, int code, const char *field);
/* Records a sum a read works out (a report's total, a running balance) that does not fit in int64:
 * ERR_UNPROCESSABLE with msg, reason "too_large", no field. Returns the code. */
int money_range_err(struct err *e, const char *msg);

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
/* money_muldiv whose result must also be within the ceiling (-1 otherwise, ret untouched). */
int money_muldiv_capped(int64_t a, int64_t b, int64_t d, enum money_round mode, int64_t *ret)
	__attribute__((warn_unused_result));

#define MONEY_STR_MAX 40

#endif
