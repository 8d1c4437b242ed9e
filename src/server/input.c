/* input.c - JSON bodies read against declared field tables; see input.h. Errors name the member
 * by its path ("items[2].qty"); the first error found is the one reported. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/money.h"
#include "lib/qty.h"
#include "lib/text.h"
#include "server/input.h"
#include "lib/banned.h"

#define PATH_MAX_LEN 128

static void path_join(char out[PATH_MAX_LEN], const char *prefix, const char *key)
{
	if (prefix && *prefix)
		snprintf(out, PATH_MAX_LEN, "%s.%s", prefix, key);
	else
		snprintf(out, PATH_MAX_LEN, "%s", key);
}

int input_money(const json_t *v, const char *path, int64_t *ret, struct err *e)
{
	int64_t v64;
	if (!json_is_string(v))
		return err_setr(e, ERR_INVALID, path, "not_amount", "%s must be a decimal string such as \"125000.00\", not a number", path);
	if (money_parse(json_string_value(v), &v64) < 0) {
		if (decimal_well_formed(json_string_value(v), 2))
			return money_too_large(e, ERR_INVALID, path);
		return err_setr(e, ERR_INVALID, path, "not_amount", "%s must be an amount with at most two decimals, such as \"125000.00\"", path);
	}
	if (!money_fits(v64))
		return money_too_large(e, ERR_INVALID, path);
	*ret = v64;
	return 0;
}

/* A decimal member past its ceiling (INPUT_AMOUNT, INPUT_QTY) or past int64. */
static int decimal_too_large(const struct input_field *f, const char *path, struct err *e)
{
	if (f->flags & INPUT_QTY)
		return qty_too_large(e, ERR_INVALID, path);
	if (f->flags & INPUT_AMOUNT)
		return money_too_large(e, ERR_INVALID, path);
	err_set(e, ERR_INVALID, path, "%s is too large", path);
	return err_reason(e, "too_large");
}

/* A decimal member: a string (or a JSON integer with INPUT_INT_OK) within its ceiling. */
static int read_decimal(const struct input_field *f, const json_t *v, int64_t *ret, const char *path, struct err *e)
{
	int64_t i = 0;
	if (json_is_integer(v) && (f->flags & INPUT_INT_OK)) {
		i = json_integer_value(v);
		for (int k = 0; k < f->scale; k++)
			if (__builtin_mul_overflow(i, 10, &i))
				return decimal_too_large(f, path, e);
	} else if (!json_is_string(v)) {
		return err_setr(e, ERR_INVALID, path, "not_decimal_text", "%s must be a decimal string such as \"10.50\"", path);
	} else if (decimal_parse(json_string_value(v), f->scale, &i) < 0) {
		if (decimal_well_formed(json_string_value(v), f->scale))
			return decimal_too_large(f, path, e);
		err_setr(e, ERR_INVALID, path, "not_decimal", "%s must be a number with at most %d decimals", path, f->scale);
		return err_detail_int(e, "decimals", f->scale);
	}
	if (((f->flags & INPUT_QTY) && !qty_fits(i)) || ((f->flags & INPUT_AMOUNT) && !money_fits(i)))
		return decimal_too_large(f, path, e);
	*ret = i;
	return 0;
}

static int bounds(const struct input_field *f, int64_t v, const char *path, struct err *e)
{
	if (!(f->min || f->max) || (v >= f->min && v <= f->max))
		return 0;
	err_setr(e, ERR_INVALID, path, "out_of_range", "%s must be between %lld and %lld", path, (long long)f->min, (long long)f->max);
	/* the bounds in the member's own terms: rupees, a quantity, or a count */
	if (f->type == INPUT_MONEY || (f->type == INPUT_DECIMAL && f->scale == 2)) {
		err_detail_money(e, "min", f->min);
		return err_detail_money(e, "max", f->max);
	}
	if (f->type == INPUT_DECIMAL && f->scale == 3) {
		err_detail_qty(e, "min", f->min);
		return err_detail_qty(e, "max", f->max);
	}
	err_detail_int(e, "min", f->min);
	return err_detail_int(e, "max", f->max);
}

static int read_text(const struct input_field *f, const json_t *v, char *slot, const char *path, struct err *e)
{
	size_t n;
	const char *s;
	if (!json_is_string(v))
		return err_setr(e, ERR_INVALID, path, "not_text", "%s must be a string", path);
	s = json_string_value(v);
	n = json_string_length(v);
	if (f->max && text_utf8_chars(s, n) > (size_t)f->max) {
		err_setr(e, ERR_INVALID, path, "too_long", "%s is longer than %lld characters", path, (long long)f->max);
		return err_detail_int(e, "max", f->max);
	}
	if (f->type == INPUT_TEXT) {
		if (n >= f->size)
			return err_setr(e, ERR_INVALID, path, "too_long_brief", "%s is too long", path);
		memcpy(slot, s, n + 1);
	} else {
		memcpy(slot, &s, sizeof s);
	}
	return 0;
}

static int read_array(const struct input_field *f, const json_t *v, char *obj, const char *path, struct err *e);

/* One member that is present and not null. */
static int read_member(const struct input_field *f, const json_t *v, char *obj, const char *path, struct err *e)
{
	char *slot = obj + f->off;
	int64_t i = 0;
	int rc;

	switch (f->type) {
	case INPUT_TEXT:
	case INPUT_STR:
		return read_text(f, v, slot, path, e);
	case INPUT_INT:
	case INPUT_ID:
		if (!json_is_integer(v))
			return err_setr(e, ERR_INVALID, path, "not_whole_number", "%s must be a whole number", path);
		i = json_integer_value(v);
		if (f->type == INPUT_ID && i < 1)
			return err_setr(e, ERR_INVALID, path, "not_id", "%s must be a positive id", path);
		if (f->type == INPUT_INT && (rc = bounds(f, i, path, e)) < 0)
			return rc;
		memcpy(slot, &i, sizeof i);
		return 0;
	case INPUT_MONEY:
		if ((rc = input_money(v, path, &i, e)) < 0 || (rc = bounds(f, i, path, e)) < 0)
			return rc;
		memcpy(slot, &i, sizeof i);
		return 0;
	case INPUT_DECIMAL:
		if ((rc = read_decimal(f, v, &i, path, e)) < 0 || (rc = bounds(f, i, path, e)) < 0)
			return rc;
		memcpy(slot, &i, sizeof i);
		return 0;
	case INPUT_BOOL: {
		int b;
		if (!json_is_boolean(v))
			return err_setr(e, ERR_INVALID, path, "not_bool", "%s must be true or false", path);
		b = json_is_true(v);
		memcpy(slot, &b, sizeof b);
		return 0;
	}
	case INPUT_DATE:
		if (!json_is_string(v) || !date_iso_ok(json_string_value(v)) || f->size < DATE_ISO_SIZE)
			return err_setr(e, ERR_INVALID, path, "not_date", "%s must be a real date YYYY-MM-DD", path);
		memcpy(slot, json_string_value(v), DATE_ISO_SIZE);
		return 0;
	case INPUT_ENUM:
		if (json_is_string(v)) {
			for (int k = 0; f->names && f->names[k]; k++) {
				if (strcmp(f->names[k], json_string_value(v)) == 0) {
					memcpy(slot, &k, sizeof k);
					return 0;
				}
			}
		}
		{
			char list[256] = "";
			size_t len = 0;
			for (int k = 0; f->names && f->names[k] && len + 1 < sizeof list; k++)
				len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", k ? ", " : "", f->names[k]);
			err_setr(e, ERR_INVALID, path, "not_one_of", "%s must be one of %s", path, list);
			return err_detail_text(e, "choices", list);
		}
	case INPUT_ARRAY:
		return read_array(f, v, obj, path, e);
	case INPUT_CUSTOM:
		return f->read ? f->read(v, obj, path, e) : 0;
	case INPUT_IGNORE:
		return 0;
	}
	return err_set(e, ERR_INTERNAL, path, "unknown input type");
}

static int read_object(const json_t *o, const struct input_form *form, char *obj, const char *prefix, uint64_t *ret_present,
		       struct err *e)
{
	const char *key;
	json_t *v;
	uint64_t present = 0;
	int rc;

	if (!json_is_object(o))
		return err_setr(e, ERR_INVALID, prefix && *prefix ? prefix : "body", "not_object", "%s must be a JSON object",
				prefix && *prefix ? prefix : "the body");
	json_object_foreach((json_t *)o, key, v) {
		size_t k;
		(void)v;
		for (k = 0; k < form->nfields; k++)
			if (strcmp(form->fields[k].key, key) == 0)
				break;
		if (k == form->nfields) {
			/* Named by its path ("items[2].colour") when that fits the error's field and is
			 * printable, else by the object holding it. */
			char path[PATH_MAX_LEN];
			int named = *key && !text_has_controls(key);
			int fits = named && (prefix && *prefix ? strlen(prefix) + 1 : 0) + strlen(key) < 60;
			if (fits) {
				path_join(path, prefix, key);
				err_setr(e, ERR_INVALID, path, "unknown_member", "unknown field %s", path);
				return err_detail_text(e, "member", key);
			}
			return err_setr(e, ERR_INVALID, prefix && *prefix ? prefix : "body", "unknown_member_brief", "%s%sunknown field %.60s",
					prefix ? prefix : "", prefix && *prefix ? ": " : "", key);
		}
	}
	for (size_t k = 0; k < form->nfields; k++) {
		const struct input_field *f = &form->fields[k];
		char path[PATH_MAX_LEN];
		v = json_object_get(o, f->key);
		path_join(path, prefix, f->key);
		if (v && f->type != INPUT_IGNORE && k < 64)
			present |= (uint64_t)1 << k;
		if (!v || json_is_null(v)) {
			if (f->flags & INPUT_REQUIRED)
				return err_setr(e, ERR_INVALID, path, "required", "%s is required", path);
			if (v && (f->flags & INPUT_NOT_NULL))
				return err_setr(e, ERR_INVALID, path, "not_null", "%s cannot be null", path);
			if (f->type == INPUT_CUSTOM && v && (rc = read_member(f, v, obj, path, e)) < 0)
				return rc;
			continue;
		}
		if ((rc = read_member(f, v, obj, path, e)) < 0)
			return rc;
	}
	if (form->check && (rc = form->check(obj, present, prefix ? prefix : "", e)) < 0)
		return rc;
	if (ret_present)
		*ret_present = present;
	return 0;
}

static int read_array(const struct input_field *f, const json_t *v, char *obj, const char *path, struct err *e)
{
	size_t n, i;
	char *elems;
	int count;
	json_t *x;

	if (!json_is_array(v))
		return err_setr(e, ERR_INVALID, path, "not_array", "%s must be an array", path);
	n = json_array_size(v);
	if (f->max && n > (size_t)f->max) {
		err_setr(e, ERR_INVALID, path, "too_many", "at most %lld %s", (long long)f->max, path);
		return err_detail_int(e, "max", f->max);
	}
	elems = n ? calloc(n, f->size) : NULL;
	if (n && !elems)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	/* Owned by the target from here, so the caller frees it on every path. */
	memcpy(obj + f->off, &elems, sizeof elems);
	count = 0;
	json_array_foreach(v, i, x) {
		char sub[PATH_MAX_LEN];
		int rc;
		snprintf(sub, sizeof sub, "%s[%zu]", path, i);
		if (!json_is_object(x))
			return err_setr(e, ERR_INVALID, sub, "not_object", "%s must be an object", sub);
		rc = read_object(x, f->sub, elems + i * f->size, sub, NULL, e);
		count = (int)i + 1;
		memcpy(obj + f->count_off, &count, sizeof count);
		if (rc < 0)
			return rc;
	}
	memcpy(obj + f->count_off, &count, sizeof count);
	return 0;
}

int input_read(const json_t *obj, const struct input_form *form, void *out, uint64_t *ret_present, struct err *e)
{
	return read_object(obj, form, out, "", ret_present, e);
}

/* Names the member whose string value holds byte offset `at` (used for invalid UTF-8, which
 * the JSON parser cannot attribute). Scans strings forward, remembering the last key. */
static void field_at(const char *body, size_t len, size_t at, char *out, size_t cap)
{
	size_t i = 0, kstart = 0, klen = 0;

	snprintf(out, cap, "body");
	while (i < len && i <= at) {
		size_t start, j;
		if (body[i] != '"') {
			i++;
			continue;
		}
		start = ++i;
		while (i < len && body[i] != '"')
			i += body[i] == '\\' ? 2 : 1;
		j = i + 1;
		while (j < len && (body[j] == ' ' || body[j] == '\t' || body[j] == '\n' || body[j] == '\r'))
			j++;
		if (j < len && body[j] == ':') { /* a key */
			kstart = start;
			klen = i - start;
		} else if (at >= start && at < i && klen > 0 && klen < cap) {
			/* Only a key that names something: no NUL, control or escape in it. */
			if (!memchr(body + kstart, '\0', klen) && !memchr(body + kstart, '\\', klen) &&
			    text_utf8_invalid_at(body + kstart, klen) < 0) {
				memcpy(out, body + kstart, klen);
				out[klen] = '\0';
				if (text_has_controls(out))
					snprintf(out, cap, "body");
			}
			return;
		}
		i++;
	}
}

int input_parse(const char *body, size_t len, json_t **ret, struct err *e)
{
	json_error_t je;
	long bad;
	json_t *j;

	*ret = NULL;
	if (len == 0)
		return err_setr(e, ERR_INVALID, "body", "body_required", "a JSON object body is required");
	bad = text_utf8_invalid_at(body, len);
	if (bad >= 0) {
		char f[64];
		field_at(body, len, (size_t)bad, f, sizeof f);
		return err_setr(e, ERR_INVALID, f, "not_utf8", "%s is not valid UTF-8 (byte %ld)", f, bad);
	}
	/* Without JSON_ALLOW_NUL the parser refuses \u0000 in strings, so no string read here holds a NUL. */
	j = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
	if (!j)
		return err_setr(e, ERR_INVALID, "body", "bad_json", "malformed JSON at line %d column %d: %s", je.line, je.column, je.text);
	if (!json_is_object(j)) {
		json_decref(j);
		return err_setr(e, ERR_INVALID, "body", "body_required", "the body must be a JSON object");
	}
	*ret = j;
	return 0;
}
