/* money.c - integer paise; every conversion is exact and every overflow is refused. */
#include <stdio.h>
#include <string.h>

#include "lib/money.h"
#include "lib/banned.h"

int money_parse(const char *s, int64_t *ret_paise) { return decimal_parse(s, 2, ret_paise); }

int decimal_parse(const char *s, int scale, int64_t *ret_paise)
{
	int neg = 0, digits = 0, decimals = -1;
	int64_t v = 0;  /* accumulated with the sign applied, so INT64_MIN is reachable */

	if (!s)
		return -1;
	if (*s == '-') {
		neg = 1;
		s++;
	}
	for (; *s; s++) {
		if (*s == '.') {
			if (decimals >= 0 || digits == 0)
				return -1;
			decimals = 0;
			continue;
		}
		if (*s < '0' || *s > '9')
			return -1;
		if (decimals >= 0 && ++decimals > scale)
			return -1;
		if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, neg ? -(*s - '0') : *s - '0', &v))
			return -1;
		digits++;
	}
	if (digits == 0 || decimals == 0)
		return -1;
	for (int d = decimals < 0 ? 0 : decimals; d < scale; d++)
		if (__builtin_mul_overflow(v, 10, &v))
			return -1;
	*ret_paise = v;
	return 0;
}

/* Splits |paise| into rupees and paise without overflow at INT64_MIN. */
static void split(int64_t paise, unsigned long long *rupees, unsigned *p, int *neg)
{
	unsigned long long u;
	*neg = paise < 0;
	u = paise < 0 ? (unsigned long long)(-(paise + 1)) + 1 : (unsigned long long)paise;
	*rupees = u / 100;
	*p = (unsigned)(u % 100);
}

void money_format(int64_t paise, char *out, size_t cap)
{
	unsigned long long r;
	unsigned p;
	int neg;
	split(paise, &r, &p, &neg);
	snprintf(out, cap, "%s%llu.%02u", neg ? "-" : "", r, p);
}

void money_format_indian(int64_t paise, char *out, size_t cap)
{
	char digits[32], grouped[64];
	unsigned long long r;
	unsigned p;
	int neg, n, gi = 0;

	split(paise, &r, &p, &neg);
	n = snprintf(digits, sizeof digits, "%llu", r);
	/* Last three digits form one group, then groups of two: 1,23,45,678. */
	for (int i = 0; i < n; i++) {
		int left = n - i;
		grouped[gi++] = digits[i];
		if (left > 1 && (left == 4 || (left > 4 && (left - 4) % 2 == 0)))
			grouped[gi++] = ',';
	}
	grouped[gi] = '\0';
	snprintf(out, cap, "%s%s.%02u", neg ? "-" : "", grouped, p);
}

int money_fits(int64_t paise) { return paise >= -MONEY_MAX && paise <= MONEY_MAX; }

int money_add_capped(int64_t a, int64_t b, int64_t *ret)
{
	int64_t r;
	if (__builtin_add_overflow(a, b, &r) || !money_fits(r))
		return -1;
	*ret = r;
	return 0;
}

int decimal_well_formed(const char *s, int scale)
{
	int digits = 0, decimals = -1;
	if (!s)
		return 0;
	if (*s == '-')
		s++;
	for (; *s; s++) {
		if (*s == '.') {
			if (decimals >= 0 || digits == 0)
				return 0;
			decimals = 0;
		} else if (*s < '0' || *s > '9' || (decimals >= 0 && ++decimals > scale)) {
			return 0;
		} else {
			digits++;
		}
	}
	return digits > 0 && decimals != 0;
}

int money_too_large(struct err *e, int code, const char *field)
{
	char max[MONEY_STR_MAX];
	money_format_indian(MONEY_MAX, max, sizeof max);
	err_set(e, code, field, "%s is too large: amounts go up to %s", field && *field ? field : "an amount", max);
	err_reason(e, "too_large");
	err_detail_money(e, "max", MONEY_MAX);
	return err_detail_text(e, "kind", "amount");
}

int money_range_err(struct err *e, const char *msg)
{
	err_set(e, ERR_UNPROCESSABLE, NULL, "%s", msg);
	return err_reason(e, "too_large");
}

int money_add(int64_t a, int64_t b, int64_t *ret)
{
	int64_t r;
	if (__builtin_add_overflow(a, b, &r))
		return -1;
	*ret = r;
	return 0;
}

void decimal_format(int64_t v, int scale, char *out, size_t cap)
{
	unsigned long long u = v < 0 ? (unsigned long long)(-(v + 1)) + 1 : (unsigned long long)v;
	unsigned long long div = 1;
	char frac[24];
	int n;

	for (int i = 0; i < scale; i++)
		div *= 10;
	n = snprintf(frac, sizeof frac, "%0*llu", scale, scale ? u % div : 0);
	while (n > 0 && frac[n - 1] == '0')
		frac[--n] = '\0';
	if (scale == 0 || n == 0)
		snprintf(out, cap, "%s%llu", v < 0 ? "-" : "", u / div);
	else
		snprintf(out, cap, "%s%llu.%s", v < 0 ? "-" : "", u / div, frac);
}

int money_muldiv(int64_t a, int64_t b, int64_t d, enum money_round mode, int64_t *ret)
{
	__int128 p = (__int128)a * b, q, r, twice;
	int neg;

	if (d <= 0 || (unsigned)mode >= MONEY_ROUND_MAX)
		return -1;
	q = p / d; /* truncated toward zero */
	r = p % d; /* same sign as p */
	neg = p < 0;
	twice = (r < 0 ? -r : r) * 2;
	if (r != 0) {
		switch (mode) {
		case MONEY_ROUND_HALF_UP:
			if (twice >= d)
				q += neg ? -1 : 1;
			break;
		case MONEY_ROUND_HALF_EVEN:
			if (twice > d || (twice == d && (q % 2) != 0))
				q += neg ? -1 : 1;
			break;
		case MONEY_ROUND_DOWN:
			break;
		case MONEY_ROUND_FLOOR:
			if (neg)
				q -= 1;
			break;
		case MONEY_ROUND_CEIL:
			if (!neg)
				q += 1;
			break;
		default:
			return -1;
		}
	}
	if (q > INT64_MAX || q < INT64_MIN)
		return -1;
	*ret = (int64_t)q;
	return 0;
}

int money_muldiv_capped(int64_t a, int64_t b, int64_t d, enum money_round mode, int64_t *ret)
{
	int64_t r;
	if (money_muldiv(a, b, d, mode, &r) < 0 || !money_fits(r))
		return -1;
	*ret = r;
	return 0;
}
