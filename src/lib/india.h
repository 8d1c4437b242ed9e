/* india.h - Indian identifiers: GSTIN (with its check character), PAN, GST state codes, phones. */
#ifndef DAFTAR_INDIA_H
#define DAFTAR_INDIA_H

#include <stddef.h>

#include "lib/err.h"

/* Validates a GSTIN: 15 characters, a known state code, a PAN in positions 3-12, an entity code,
 * 'Z' (or a letter for special registrations) and the mod-36 check character.
 * Returns 0, or -1 with a reason in why (at least 128 bytes). */
int india_gstin_check(const char *gstin, char *why, size_t why_cap);
/* The same check as a refusal of input field `field`: 0, or ERR_INVALID with the fault's reason
 * (gstin_length, gstin_char + position, gstin_state_code + state, gstin_pan, gstin_entity,
 * gstin_letter14, gstin_check + expected). web/gstin.js mirrors it as the user types. */
int india_gstin_refuse(const char *gstin, const char *field, struct err *e);
/* The check character a GSTIN's first 14 characters call for, or 0 if they hold a bad character. */
char india_gstin_check_char(const char *first14);
/* Validates a PAN: AAAAA9999A with a known holder type in position 4. */
int india_pan_check(const char *pan);
/* Name of a two-digit GST state code ("27" -> "Maharashtra"), NULL when unknown. */
const char *india_state_name(const char *code);
/* Normalises a phone number: strips spaces, dashes, brackets; a leading +91, 91 or 0 before ten
 * digits is dropped. Writes digits (with a leading '+' for other countries) to out.
 * Returns 0, or -1 when it is not 10-15 digits. */
int india_phone_normalise(const char *in, char *out, size_t cap);

#endif
