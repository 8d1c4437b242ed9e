/* search.h - the one search box: vouchers by number, series number, amount, narration or reference,
 * and parties, ledgers and items by name (Hindi names too), GSTIN, phone or SKU, in one read. */
#ifndef DAFTAR_SEARCH_H
#define DAFTAR_SEARCH_H

#include <stdint.h>

#include "lib/db.h"
#include "lib/err.h"
#include "lib/jsonw.h"

#define SEARCH_Q_MAX_CHARS 100
#define SEARCH_LIMIT_DEFAULT 8
#define SEARCH_LIMIT_MAX 50

/* What the caller may read; a group it may not is left out of the answer. */
struct search_scope {
	int vouchers, parties, ledgers, items;
};

/* Searches company cid for q (trimmed; 1..SEARCH_Q_MAX_CHARS characters, else ERR_INVALID on
 * "q" with reason "required" or "too_long") and writes into w, inside the caller's read snapshot:
 *   {"q": q, "vouchers": [...], "parties": [...], "ledgers": [...], "items": [...]}
 * each group at most `limit` long and present only when scope allows it.
 * A voucher matches when q is its amount (₹ and commas allowed: "1,500.50"), its number in the
 * series (digits), the beginning of its number (any case), or - from three characters - a part
 * of its narration or reference (case folded); it says which in "match" ("amount", "seq",
 * "number", "text"), the exact matches first, each kind newest first. Parties match on name,
 * Hindi name, GSTIN or phone; ledgers (party ledgers are their parties) on name or GSTIN; items
 * on SKU, name or Hindi name; active ones only, in name order. */
int search_json(struct db *db, int64_t cid, const char *q, int limit, const struct search_scope *scope,
		struct jsonw *w, struct err *e) __attribute__((warn_unused_result));

/* Reads q as an amount a person types: "1500", "1,500.50", "₹ 1,500", "Rs.1500". 0 with
 * *ret_paise (> 0), or -1 when q is not one. */
int search_amount(const char *q, int64_t *ret_paise);

#endif
