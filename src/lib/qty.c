/* qty.c - the ceiling of quantities and their value at a rate; see qty.h. */
#include <string.h>

#include "lib/money.h"
#include "lib/qty.h"
#include "lib/banned.h"

int qty_fits(int64_t q) { return q >= -QTY_MAX && q <= QTY_MAX; }

int qty_add_capped(int64_t a, int64_t b, int64_t *ret)
{
	int64_t r;
	if (__builtin_add_overflow(a, b, &r) || !qty_fits(r))
		return -1;
	*ret = r;
	return 0;
}

int qty_value(int64_t qty, int64_t rate, int64_t *ret_paise)
{
	return money_muldiv_capped(qty, rate, QTY_SCALE, MONEY_ROUND_HALF_UP, ret_paise);
}

int qty_too_large(struct err *e, int code, const char *field)
{
	char max[MONEY_STR_MAX];
	/* whole units grouped the Indian way, as money_format_indian groups rupees ("10,00,00,00,00,000") */
	money_format_indian(QTY_MAX / QTY_SCALE * 100, max, sizeof max);
	max[strlen(max) - 3] = '\0';
	err_set(e, code, field, "%s is too large: quantities go up to %s", field && *field ? field : "a quantity", max);
	err_reason(e, "too_large");
	err_detail_qty(e, "max", QTY_MAX);
	return err_detail_text(e, "kind", "quantity");
}
