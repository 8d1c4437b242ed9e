/* input.h - request bodies read against a declared table of fields (in the manner of kcgi's
 * validators): each member's key, type, bounds, whether it is required, and where it goes in the
 * handler's struct; nested arrays of objects have tables of their own. Unknown members, wrong
 * types and values out of bounds are refused with the member named ("items[2].qty"), before any
 * business rule runs. The one way a handler reads a JSON body. */
#ifndef DAFTAR_INPUT_H
#define DAFTAR_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "lib/err.h"

enum input_type {
	INPUT_TEXT,     /* string copied into char[size] (size - 1 bytes at most); absent or null: "" */
	INPUT_STR,      /* string borrowed as const char * (valid while the body is); absent or null: NULL */
	INPUT_INT,      /* JSON integer into int64_t, min..max */
	INPUT_ID,       /* positive JSON integer into int64_t; absent or null: 0 */
	INPUT_MONEY,    /* decimal string ("1250.50") into int64_t paise, min..max */
	INPUT_DECIMAL,  /* decimal string with at most `scale` decimals into int64_t scaled by 10^scale
			 * (qty at 3: "1.5" -> 1500); INPUT_INT_OK takes a JSON integer too */
	INPUT_BOOL,     /* true or false into int */
	INPUT_DATE,     /* "YYYY-MM-DD", a real day, into char[DATE_ISO_SIZE]; absent or null: "" */
	INPUT_ENUM,     /* one of names[] (NULL-terminated) into int, its index */
	INPUT_ARRAY,    /* array of objects read by `sub` into a calloc'd array of `size`-byte elements
			 * at off (a pointer the caller frees) with the count at count_off (int); at most max */
	INPUT_CUSTOM,   /* read by read() */
	INPUT_IGNORE,   /* accepted and ignored: read-only members a client may send back */
};

#define INPUT_REQUIRED 1u   /* absent or null is an error */
#define INPUT_INT_OK 2u     /* INPUT_DECIMAL: a JSON integer is taken as a whole number */
#define INPUT_NOT_NULL 4u   /* present null is an error (absent is fine) */
/* INPUT_DECIMAL: the value is an amount (a rate, paise at scale 2) or a quantity (thousandths at
 * scale 3) and has its ceiling (MONEY_MAX, QTY_MAX): past it, or past int64, it is refused as too
 * large (400, reason "too_large", figure max). INPUT_MONEY always has the amount's ceiling. */
#define INPUT_AMOUNT 8u
#define INPUT_QTY 16u

struct input_form;

struct input_field {
	const char *key;
	enum input_type type;
	unsigned flags;
	size_t off;                       /* offsetof the member in the target struct */
	size_t size;                      /* INPUT_TEXT, INPUT_DATE: sizeof the array; INPUT_ARRAY: of one element */
	int64_t min, max;                 /* INPUT_INT, INPUT_MONEY, INPUT_DECIMAL: bounds (both 0: any);
					   * INPUT_TEXT, INPUT_STR: most characters in max (0: only size);
					   * INPUT_ARRAY: most elements in max */
	int scale;                        /* INPUT_DECIMAL */
	const char *const *names;         /* INPUT_ENUM */
	const struct input_form *sub;     /* INPUT_ARRAY */
	size_t count_off;                 /* INPUT_ARRAY */
	/* INPUT_CUSTOM: reads v (never NULL; may be JSON null) into obj; path names the member. */
	int (*read)(const json_t *v, void *obj, const char *path, struct err *e);
};

struct input_form {
	const struct input_field *fields;
	size_t nfields;                   /* at most 64 */
	/* Optional: after an object is read, rules across its members that belong to the wire
	 * format (a line has a debit or a credit). present: bit i for fields[i] given (null too);
	 * path: "lines[2]", or "" for the body itself. */
	int (*check)(void *obj, uint64_t present, const char *path, struct err *e);
};

#define INPUT_FORM(fields_, check_) {(fields_), sizeof(fields_) / sizeof((fields_)[0]), (check_)}

/* Reads obj (a JSON object) into out as form says. *ret_present (may be NULL) gets bit i for each
 * fields[i] the object has, null or not (a PATCH with null clears a member). On error nothing is promised about out beyond
 * that arrays it allocated are in it (free them as on success). */
int input_read(const json_t *obj, const struct input_form *form, void *out, uint64_t *ret_present, struct err *e)
	__attribute__((warn_unused_result));
/* Parses the whole request body as a JSON object (valid UTF-8, no duplicate keys, no NUL in
 * strings); *ret is the caller's to json_decref. Errors name the member at fault or "body". */
int input_parse(const char *body, size_t len, json_t **ret, struct err *e) __attribute__((warn_unused_result));

/* The member readers, for INPUT_CUSTOM readers that build on them. input_money refuses an amount
 * past the ceiling (MONEY_MAX) as too large. */
int input_money(const json_t *v, const char *path, int64_t *ret, struct err *e) __attribute__((warn_unused_result));

#endif
