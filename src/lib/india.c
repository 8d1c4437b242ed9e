/* india.c - GSTIN, PAN, state code and phone validation. */
#include <stdio.h>
#include <string.h>

#include "lib/india.h"
#include "lib/banned.h"

static const char *const states[][2] = {
	{"01", "Jammu and Kashmir"}, {"02", "Himachal Pradesh"}, {"03", "Punjab"},
	{"04", "Chandigarh"}, {"05", "Uttarakhand"}, {"06", "Haryana"}, {"07", "Delhi"},
	{"08", "Rajasthan"}, {"09", "Uttar Pradesh"}, {"10", "Bihar"}, {"11", "Sikkim"},
	{"12", "Arunachal Pradesh"}, {"13", "Nagaland"}, {"14", "Manipur"}, {"15", "Mizoram"},
	{"16", "Tripura"}, {"17", "Meghalaya"}, {"18", "Assam"}, {"19", "West Bengal"},
	{"20", "Jharkhand"}, {"21", "Odisha"}, {"22", "Chhattisgarh"}, {"23", "Madhya Pradesh"},
	{"24", "Gujarat"}, {"25", "Daman and Diu"}, {"26", "Dadra and Nagar Haveli and Daman and Diu"},
	{"27", "Maharashtra"}, {"28", "Andhra Pradesh (old)"}, {"29", "Karnataka"}, {"30", "Goa"},
	{"31", "Lakshadweep"}, {"32", "Kerala"}, {"33", "Tamil Nadu"}, {"34", "Puducherry"},
	{"35", "Andaman and Nicobar Islands"}, {"36", "Telangana"}, {"37", "Andhra Pradesh"},
	{"38", "Ladakh"}, {"96", "Other Countries"}, {"97", "Other Territory"}, {"99", "Centre Jurisdiction"},
};

const char *india_state_name(const char *code)
{
	if (!code || strlen(code) != 2)
		return NULL;
	for (size_t i = 0; i < sizeof states / sizeof states[0]; i++)
		if (strcmp(states[i][0], code) == 0)
			return states[i][1];
	return NULL;
}

static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int base36(char c)
{
	if (is_digit(c))
		return c - '0';
	if (is_upper(c))
		return c - 'A' + 10;
	return -1;
}

char india_gstin_check_char(const char *first14)
{
	int sum = 0;
	for (int i = 0; i < 14; i++) {
		int v = base36(first14[i]);
		int p;
		if (v < 0)
			return 0;
		p = v * ((i % 2) ? 2 : 1);
		sum += p / 36 + p % 36;
	}
	sum = (36 - sum % 36) % 36;
	return (char)(sum < 10 ? '0' + sum : 'A' + sum - 10);
}

int india_pan_check(const char *pan)
{
	if (!pan || strlen(pan) != 10)
		return -1;
	for (int i = 0; i < 5; i++)
		if (!is_upper(pan[i]))
			return -1;
	for (int i = 5; i < 9; i++)
		if (!is_digit(pan[i]))
			return -1;
	if (!is_upper(pan[9]))
		return -1;
	/* Fourth character: the holder type. */
	return strchr("ABCFGHLJPTK", pan[3]) ? 0 : -1;
}

/* What is wrong with a GSTIN, the first fault in reading order; *ret_pos is the 1-based position
 * of a bad character, *ret_expect the check character the first 14 call for. */
enum gstin_fault { GF_OK, GF_LENGTH, GF_CHAR, GF_STATE, GF_PAN, GF_ENTITY, GF_LETTER14, GF_CHECK };

static enum gstin_fault gstin_fault(const char *g, int *ret_pos, char *ret_expect)
{
	char state[3], pan[11];

	if (!g || strlen(g) != 15)
		return GF_LENGTH;
	for (int i = 0; i < 15; i++) {
		if (!is_upper(g[i]) && !is_digit(g[i])) {
			*ret_pos = i + 1;
			return GF_CHAR;
		}
	}
	memcpy(state, g, 2);
	state[2] = '\0';
	if (!india_state_name(state))
		return GF_STATE;
	memcpy(pan, g + 2, 10);
	pan[10] = '\0';
	if (india_pan_check(pan) < 0)
		return GF_PAN;
	if (g[12] == '0')
		return GF_ENTITY;
	if (!is_upper(g[13]))
		return GF_LETTER14;
	*ret_expect = india_gstin_check_char(g);
	return g[14] == *ret_expect ? GF_OK : GF_CHECK;
}

int india_gstin_check(const char *g, char *why, size_t cap)
{
	int pos = 0;
	char expect = 0;

	switch (gstin_fault(g, &pos, &expect)) {
	case GF_OK:
		return 0;
	case GF_LENGTH:
		snprintf(why, cap, "must be 15 characters");
		break;
	case GF_CHAR:
		snprintf(why, cap, "character %d must be a capital letter or a digit", pos);
		break;
	case GF_STATE:
		snprintf(why, cap, "unknown state code %.2s", g);
		break;
	case GF_PAN:
		snprintf(why, cap, "characters 3-12 must be a PAN (e.g. AAPFU0939F)");
		break;
	case GF_ENTITY:
		snprintf(why, cap, "character 13 (entity number) cannot be 0");
		break;
	case GF_LETTER14:
		snprintf(why, cap, "character 14 must be a letter (usually Z)");
		break;
	case GF_CHECK:
		snprintf(why, cap, "check character is wrong (expected %c)", expect);
		break;
	}
	return -1;
}

int india_gstin_refuse(const char *g, const char *field, struct err *e)
{
	char why[128], two[3] = "", one[2] = "";
	int pos = 0;

	switch (gstin_fault(g, &pos, &one[0])) {
	case GF_OK:
		return 0;
	case GF_LENGTH:
		return err_setr(e, ERR_INVALID, field, "gstin_length", "GSTIN must be 15 characters");
	case GF_CHAR:
		err_setr(e, ERR_INVALID, field, "gstin_char", "GSTIN character %d must be a capital letter or a digit", pos);
		return err_detail_int(e, "position", pos);
	case GF_STATE:
		memcpy(two, g, 2);
		err_setr(e, ERR_INVALID, field, "gstin_state_code", "GSTIN: unknown state code %s", two);
		return err_detail_text(e, "state", two);
	case GF_PAN:
		return err_setr(e, ERR_INVALID, field, "gstin_pan", "GSTIN characters 3-12 must be a PAN (e.g. AAPFU0939F)");
	case GF_ENTITY:
		return err_setr(e, ERR_INVALID, field, "gstin_entity", "GSTIN character 13 (entity number) cannot be 0");
	case GF_LETTER14:
		return err_setr(e, ERR_INVALID, field, "gstin_letter14", "GSTIN character 14 must be a letter (usually Z)");
	case GF_CHECK:
		india_gstin_check(g, why, sizeof why);
		err_setr(e, ERR_INVALID, field, "gstin_check", "GSTIN %s", why);
		return err_detail_text(e, "expected", one);
	}
	return err_set(e, ERR_INTERNAL, field, "GSTIN check");
}

int india_phone_normalise(const char *in, char *out, size_t cap)
{
	char d[32];
	size_t n = 0;
	int plus = 0;
	const char *s = in;

	while (*s == ' ')
		s++;
	if (*s == '+') {
		plus = 1;
		s++;
	}
	for (; *s; s++) {
		if (is_digit(*s)) {
			if (n + 1 >= sizeof d)
				return -1;
			d[n++] = *s;
		} else if (*s != ' ' && *s != '-' && *s != '(' && *s != ')' && *s != '.') {
			return -1;
		}
	}
	d[n] = '\0';
	if (n == 14 && strncmp(d, "0091", 4) == 0) { /* international prefix dialled as 00 */
		memmove(d, d + 4, 11);
		n = 10;
		plus = 0;
	} else if (n == 12 && strncmp(d, "91", 2) == 0) {
		memmove(d, d + 2, 11);
		n = 10;
		plus = 0;
	} else if (n == 11 && d[0] == '0' && !plus) {
		memmove(d, d + 1, 11);
		n = 10;
	}
	if (n < 10 || n > 15)
		return -1;
	if (snprintf(out, cap, "%s%s", (plus && n != 10) ? "+" : "", d) >= (int)cap)
		return -1;
	return 0;
}
