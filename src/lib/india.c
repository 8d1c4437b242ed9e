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

int india_gstin_check(const char *g, char *why, size_t cap)
{
	char state[3], expect;

	if (!g || strlen(g) != 15) {
		snprintf(why, cap, "must be 15 characters");
		return -1;
	}
	for (int i = 0; i < 15; i++) {
		if (!is_upper(g[i]) && !is_digit(g[i])) {
			snprintf(why, cap, "character %d must be a capital letter or a digit", i + 1);
			return -1;
		}
	}
	memcpy(state, g, 2);
	state[2] = '\0';
	if (!india_state_name(state)) {
		snprintf(why, cap, "unknown state code %s", state);
		return -1;
	}
	{
		char pan[11];
		memcpy(pan, g + 2, 10);
		pan[10] = '\0';
		if (india_pan_check(pan) < 0) {
			snprintf(why, cap, "characters 3-12 must be a PAN (e.g. AAPFU0939F)");
			return -1;
		}
	}
	if (g[12] == '0') {
		snprintf(why, cap, "character 13 (entity number) cannot be 0");
		return -1;
	}
	if (!is_upper(g[13])) {
		snprintf(why, cap, "character 14 must be a letter (usually Z)");
		return -1;
	}
	expect = india_gstin_check_char(g);
	if (g[14] != expect) {
		snprintf(why, cap, "check character is wrong (expected %c)", expect);
		return -1;
	}
	return 0;
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
