/* fuzz_input.c - request bodies: input_parse and input_read against a form with every member type
 * and nested arrays never crash, refuse with a named field, and leave what they allocated for the
 * caller to free (ASan's leak check sees the rest). */
#include <stddef.h>
#include <stdint.h>

#include "fuzz.h"
#include "lib/date.h"
#include "server/input.h"

struct line {
	int64_t ledger_id, amount, qty;
	char memo[40];
};

struct body {
	char name[64];
	const char *note;
	int64_t n, id, paise, qty;
	int flag, kind;
	char day[DATE_ISO_SIZE];
	int nlines;
	struct line *lines;
};

static int read_debit(const json_t *v, void *obj, const char *path, struct err *e)
{
	struct line *l = obj;
	if (json_is_null(v))
		return 0;
	return input_money(v, path, &l->amount, e);
}

static int line_check(void *obj, uint64_t present, const char *path, struct err *e)
{
	const struct line *l = obj;
	if ((present & 1) && l->ledger_id <= 0)
		return err_set(e, ERR_INVALID, path, "%s: ledger_id must be positive", path);
	return 0;
}

static const struct input_field line_fields[] = {
	{.key = "ledger_id", .type = INPUT_ID, .off = offsetof(struct line, ledger_id)},
	{.key = "debit", .type = INPUT_CUSTOM, .read = read_debit},
	{.key = "qty", .type = INPUT_DECIMAL, .flags = INPUT_INT_OK, .off = offsetof(struct line, qty), .scale = 3,
	 .min = 0, .max = 1000000000},
	{.key = "memo", .type = INPUT_TEXT, .off = offsetof(struct line, memo), .size = 40, .max = 20},
};
static const struct input_form line_form = INPUT_FORM(line_fields, line_check);

static const char *const kinds[] = {"customer", "vendor", NULL};
static const struct input_field fields[] = {
	{.key = "name", .type = INPUT_TEXT, .flags = INPUT_REQUIRED, .off = offsetof(struct body, name), .size = 64, .max = 30},
	{.key = "note", .type = INPUT_STR, .off = offsetof(struct body, note), .max = 100},
	{.key = "n", .type = INPUT_INT, .off = offsetof(struct body, n), .min = -5, .max = 365},
	{.key = "id", .type = INPUT_ID, .off = offsetof(struct body, id)},
	{.key = "paise", .type = INPUT_MONEY, .off = offsetof(struct body, paise)},
	{.key = "qty", .type = INPUT_DECIMAL, .off = offsetof(struct body, qty), .scale = 3},
	{.key = "flag", .type = INPUT_BOOL, .off = offsetof(struct body, flag)},
	{.key = "kind", .type = INPUT_ENUM, .off = offsetof(struct body, kind), .names = kinds},
	{.key = "day", .type = INPUT_DATE, .off = offsetof(struct body, day), .size = DATE_ISO_SIZE},
	{.key = "lines", .type = INPUT_ARRAY, .off = offsetof(struct body, lines), .size = sizeof(struct line), .max = 50,
	 .sub = &line_form, .count_off = offsetof(struct body, nlines)},
	{.key = "version", .type = INPUT_IGNORE},
};
static const struct input_form form = INPUT_FORM(fields, NULL);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct err e = ERR_INIT;
	json_t *j = NULL;
	struct body b;
	uint64_t present = 0;

	if (input_parse((const char *)data, size, &j, &e) < 0) {
		if (!(e.code == ERR_INVALID && e.field[0]))
			fprintf(stderr, "code %d field [%s] msg %s\n", e.code, e.field, e.msg);
		FUZZ_CHECK(e.code == ERR_INVALID && e.field[0]);
		FUZZ_CHECK(j == NULL);
		return 0;
	}
	memset(&b, 0, sizeof b);
	if (input_read(j, &form, &b, &present, &e) < 0) {
		if (!(e.code != 0 && (e.field[0] || e.code == ERR_INTERNAL)))
			fprintf(stderr, "code %d field [%s] msg %s\n", e.code, e.field, e.msg);
		FUZZ_CHECK(e.code != 0 && (e.field[0] || e.code == ERR_INTERNAL));
	} else {
		FUZZ_CHECK(b.nlines >= 0 && b.nlines <= 50);
		FUZZ_CHECK(b.n >= -5 && b.n <= 365);
		FUZZ_CHECK(b.day[0] == '\0' || date_iso_ok(b.day));
		for (int i = 0; i < b.nlines; i++)
			FUZZ_CHECK(b.lines[i].qty >= 0 && b.lines[i].qty <= 1000000000);
	}
	free(b.lines);
	json_decref(j);
	return 0;
}
