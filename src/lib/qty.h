/* qty.h - quantities: int64 thousandths of a unit, their ceiling, and what a quantity is worth at
 * a rate, checked. */
#ifndef DAFTAR_QTY_H
#define DAFTAR_QTY_H

#include <stdint.h>

#include "lib/err.h"

/* A quantity is kept in thousandths of its unit: 1.5 kg is 1500. */
#define QTY_SCALE 1000

/* The ceiling of every quantity: 10,00,00,00,00,000 (10^12) units, in thousandths. Every quantity a
 * person enters and every stock Daftar keeps (an item's balance in a godown, a month's movement)
 * stays within -QTY_MAX..QTY_MAX, and the database refuses a row past it. With rates within
 * MONEY_MAX (10^17 paise a unit), qty x rate is at most 10^32, far inside the 128 bits qty_value
 * works in (1.7 x 10^38), so the product never overflows before its value is checked against
 * MONEY_MAX; a balance plus a move is at most 2 x 10^15, far inside int64. */
#define QTY_MAX INT64_C(1000000000000000)

/* 1 when q is within the ceiling (-QTY_MAX..QTY_MAX), else 0. */
int qty_fits(int64_t q);
/* a + b when the sum is within the ceiling: 0 and *ret, else -1 (ret untouched). */
int qty_add_capped(int64_t a, int64_t b, int64_t *ret) __attribute__((warn_unused_result));
/* The value of qty thousandths at rate paise a unit, qty x rate / 1000 rounded half away from
 * zero to the paisa: 0 and *ret when it is within MONEY_MAX, else -1 (ret untouched). */
int qty_value(int64_t qty, int64_t rate, int64_t *ret_paise) __attribute__((warn_unused_result));
/* Records the refusal of a quantity past the ceiling and returns code: ERR_INVALID (400) for one
 * value as given, ERR_UNPROCESSABLE (422) for a stock it would make. The field is named; reason
 * "too_large" with the figures max (QTY_MAX, as a quantity) and kind "quantity". */
int qty_too_large(struct err *e, int code, const char *field);

#endif
