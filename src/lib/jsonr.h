/* jsonr.h - reading JSON text that Daftar wrote itself (audit snapshots, an import's record): the
 * first difference between two texts, and a member's value. jsonw writes; this reads. */
#ifndef DAFTAR_JSONR_H
#define DAFTAR_JSONR_H

#include <stddef.h>
#include <stdint.h>

/* Where two JSON texts first differ: the member's path ("lines[0].debit"; "" for the whole
 * text) and the value on each side as compact JSON, cut to fit ("(none)" where a side has no
 * such member). */
struct jsonr_diff {
	char path[128];
	char a[100], b[100];
};

/* Compares JSON texts a and b: objects member by member whatever their order, arrays element by
 * element, other values exactly. Members named in ignore (NULL-terminated; NULL: none) are left
 * out at any depth; a name there with a leading "+" is a member added after a (a snapshot taken
 * before it existed): compared where a has it, left out where only b has it. 0 when they agree; 1 when they differ, with *ret (may be NULL) naming the
 * first difference (a's members first, in a's order); -1 when a text is not JSON (*ret->path
 * says which: "(a)" or "(b)"). Byte-equal texts agree without being parsed. */
int jsonr_diff(const char *a, const char *b, const char *const *ignore, struct jsonr_diff *ret);

/* Top-level member key of a JSON object text: an integer into *ret (0), a string copied into out
 * (0, cut to cap at a character boundary), or -1 when the text is not an object, the member is
 * missing or of another type (*ret and out untouched). */
int jsonr_i64(const char *json, const char *key, int64_t *ret);
int jsonr_text(const char *json, const char *key, char *out, size_t cap);

#endif
