/* voucher_types.c - the one table of the eight voucher types and everything that differs between
 * them: name, number prefix, lines or items, the way stock moves, the side the first line takes,
 * Tally's hotkey, and the rules on cash and bank. Everything else asks this table. */
#include <string.h>

#include "accounts/accounts.h"
#include "lib/banned.h"

static const struct voucher_type_info types[VT_MAX] = {
	[VT_CONTRA] = {.name = "contra", .prefix = "CTR", .hotkey = "F4", .rank = 0,
		       .default_side = VOUCHER_SIDE_DEBIT, .cash_bank = VOUCHER_CB_ONLY},
	[VT_PAYMENT] = {.name = "payment", .prefix = "PMT", .hotkey = "F5", .rank = 1,
			.default_side = VOUCHER_SIDE_DEBIT, .cash_bank = VOUCHER_CB_CREDIT},
	[VT_RECEIPT] = {.name = "receipt", .prefix = "RCT", .hotkey = "F6", .rank = 2,
			.default_side = VOUCHER_SIDE_CREDIT, .cash_bank = VOUCHER_CB_DEBIT},
	[VT_JOURNAL] = {.name = "journal", .prefix = "JRN", .hotkey = "F7", .rank = 3,
			.default_side = VOUCHER_SIDE_DEBIT},
	[VT_SALES] = {.name = "sales", .prefix = "SAL", .hotkey = "F8", .rank = 4, .has_items = 1,
		      .stock = VOUCHER_STOCK_OUT, .goods_side = VOUCHER_SIDE_CREDIT, .outward = 1, .opens_bill = 1},
	[VT_PURCHASE] = {.name = "purchase", .prefix = "PUR", .hotkey = "F9", .rank = 5, .has_items = 1,
			 .stock = VOUCHER_STOCK_IN, .goods_side = VOUCHER_SIDE_DEBIT, .opens_bill = 1},
	/* A credit note takes goods back from a customer: stock in, the sale and its output tax reversed. */
	[VT_CREDIT_NOTE] = {.name = "credit_note", .prefix = "CRN", .hotkey = "Ctrl+F8", .rank = 6, .has_items = 1,
			    .stock = VOUCHER_STOCK_IN, .goods_side = VOUCHER_SIDE_DEBIT, .outward = 1},
	/* A debit note sends goods back to a vendor: stock out, the purchase and its input tax reversed. */
	[VT_DEBIT_NOTE] = {.name = "debit_note", .prefix = "DBN", .hotkey = "Ctrl+F9", .rank = 7, .has_items = 1,
			   .stock = VOUCHER_STOCK_OUT, .goods_side = VOUCHER_SIDE_CREDIT},
};

const struct voucher_type_info *voucher_type_info(enum voucher_type t)
{
	return (unsigned)t < VT_MAX ? &types[t] : NULL;
}

const char *voucher_type_name(enum voucher_type t) { return (unsigned)t < VT_MAX ? types[t].name : "?"; }

int voucher_type_has_items(enum voucher_type t) { return (unsigned)t < VT_MAX && types[t].has_items; }

int voucher_type_parse(const char *s, enum voucher_type *ret)
{
	for (int i = 0; s && i < VT_MAX; i++) {
		if (strcmp(s, types[i].name) == 0) {
			*ret = (enum voucher_type)i;
			return 0;
		}
	}
	return -1;
}

void voucher_number_format(char out[40], enum voucher_type t, int64_t fy, int64_t seq)
{
	int width = 4;
	char *p = out;
	int64_t y = fy % 100, y2 = (fy + 1) % 100;
	if (seq < 0)
		seq = 0;
	if (y < 0)
		y = -y;
	if (y2 < 0)
		y2 = -y2;
	for (int64_t v = seq; v >= 10000 && width < 19; v /= 10)
		width++;
	memcpy(p, (unsigned)t < VT_MAX ? types[t].prefix : "???", 3);
	p[3] = '/';
	p[4] = (char)('0' + y / 10);
	p[5] = (char)('0' + y % 10);
	p[6] = '-';
	p[7] = (char)('0' + y2 / 10);
	p[8] = (char)('0' + y2 % 10);
	p[9] = '/';
	for (int i = width - 1; i >= 0; i--, seq /= 10)
		p[10 + i] = (char)('0' + seq % 10);
	p[10 + width] = '\0';
}

const char *voucher_side_name(enum voucher_side s)
{
	return s == VOUCHER_SIDE_DEBIT ? "debit" : s == VOUCHER_SIDE_CREDIT ? "credit" : NULL;
}

static const char *stock_name(enum voucher_stock s)
{
	return s == VOUCHER_STOCK_IN ? "in" : s == VOUCHER_STOCK_OUT ? "out" : NULL;
}

void voucher_types_json(struct jsonw *w)
{
	jsonw_arr(w);
	for (int rank = 0; rank < VT_MAX; rank++) {
		for (int t = 0; t < VT_MAX; t++) {
			const struct voucher_type_info *ti = &types[t];
			if (ti->rank != rank)
				continue;
			jsonw_obj(w);
			jsonw_kstr(w, "type", ti->name);
			jsonw_kstr(w, "prefix", ti->prefix);
			jsonw_kstr(w, "hotkey", ti->hotkey);
			jsonw_kbool(w, "has_items", ti->has_items);
			jsonw_kstr(w, "stock", stock_name(ti->stock));
			jsonw_kstr(w, "default_side", voucher_side_name(ti->default_side));
			jsonw_obj_end(w);
		}
	}
	jsonw_arr_end(w);
}
