/* jsonr.c - jansson reads the texts; the walk names the first member that differs. Used where a
 * comparison is rare (a row's snapshot whose text is not byte-equal to its audit record's). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib/jsonr.h"
#include "lib/text.h"
#include "lib/banned.h"

static int ignored(const char *key, const char *const *ignore)
{
	for (const char *const *k = ignore; k && *k; k++)
		if (strcmp(*k, key) == 0)
			return 1;
	return 0;
}

/* A member named "+key" in ignore came after some snapshots were taken: b may have it where a has not. */
static int added_later(const char *key, const char *const *ignore)
{
	for (const char *const *k = ignore; k && *k; k++)
		if ((*k)[0] == '+' && strcmp(*k + 1, key) == 0)
			return 1;
	return 0;
}

/* The value v as compact JSON into out ("(none)" for NULL), cut at a character boundary. */
static void show(const json_t *v, char *out, size_t cap)
{
	char *s;
	if (!v) {
		text_copy(out, cap, "(none)");
		return;
	}
	s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
	text_copy(out, cap, s ? s : "?");
	free(s);
}

struct walk {
	const char *const *ignore;
	struct jsonr_diff *ret;
	char path[128];
};

static int differ(struct walk *w, const json_t *a, const json_t *b)
{
	if (w->ret) {
		text_copy(w->ret->path, sizeof w->ret->path, w->path);
		show(a, w->ret->a, sizeof w->ret->a);
		show(b, w->ret->b, sizeof w->ret->b);
	}
	return 1;
}

static int walk(struct walk *w, const json_t *a, const json_t *b);

/* Descends into member (key) or element (index >= 0) of the current path, then comes back. */
static int step(struct walk *w, const char *key, long index, const json_t *a, const json_t *b)
{
	size_t n = strlen(w->path);
	int rc;
	if (key)
		snprintf(w->path + n, sizeof w->path - n, "%s%s", n ? "." : "", key);
	else
		snprintf(w->path + n, sizeof w->path - n, "[%ld]", index);
	rc = a && b ? walk(w, a, b) : differ(w, a, b);
	w->path[n] = '\0';
	return rc;
}

static int walk(struct walk *w, const json_t *a, const json_t *b)
{
	if (json_typeof(a) != json_typeof(b))
		return differ(w, a, b);
	if (json_is_object(a)) {
		const char *key;
		json_t *v;
		json_object_foreach((json_t *)a, key, v) {
			if (!ignored(key, w->ignore) && step(w, key, -1, v, json_object_get(b, key)))
				return 1;
		}
		json_object_foreach((json_t *)b, key, v) {
			if (!ignored(key, w->ignore) && !json_object_get(a, key) && !added_later(key, w->ignore) &&
			    step(w, key, -1, NULL, v))
				return 1;
		}
		return 0;
	}
	if (json_is_array(a)) {
		size_t na = json_array_size(a), nb = json_array_size(b);
		for (size_t i = 0; i < na || i < nb; i++)
			if (step(w, NULL, (long)i, json_array_get(a, i), json_array_get(b, i)))
				return 1;
		return 0;
	}
	return json_equal((json_t *)a, (json_t *)b) ? 0 : differ(w, a, b);
}

int jsonr_diff(const char *a, const char *b, const char *const *ignore, struct jsonr_diff *ret)
{
	struct walk w;
	json_t *ja, *jb;
	int rc;

	if (strcmp(a, b) == 0)
		return 0;
	memset(&w, 0, sizeof w);
	w.ignore = ignore;
	w.ret = ret;
	if (ret)
		memset(ret, 0, sizeof *ret);
	ja = json_loads(a, JSON_DECODE_ANY, NULL);
	jb = ja ? json_loads(b, JSON_DECODE_ANY, NULL) : NULL;
	if (!ja || !jb) {
		if (ret)
			text_copy(ret->path, sizeof ret->path, ja ? "(b)" : "(a)");
		json_decref(ja);
		return -1;
	}
	rc = walk(&w, ja, jb);
	json_decref(ja);
	json_decref(jb);
	return rc;
}

static json_t *member(const char *text, const char *key, json_t **ret_root)
{
	json_t *root = json_loads(text, 0, NULL);
	*ret_root = root;
	return root && json_is_object(root) ? json_object_get(root, key) : NULL;
}

int jsonr_i64(const char *json, const char *key, int64_t *ret)
{
	json_t *root, *v = member(json, key, &root);
	int rc = -1;
	if (v && json_is_integer(v)) {
		*ret = (int64_t)json_integer_value(v);
		rc = 0;
	}
	json_decref(root);
	return rc;
}

int jsonr_text(const char *json, const char *key, char *out, size_t cap)
{
	json_t *root, *v = member(json, key, &root);
	int rc = -1;
	if (v && json_is_string(v)) {
		text_copy(out, cap, json_string_value(v));
		rc = 0;
	}
	json_decref(root);
	return rc;
}
