/* gst_rates.c - the GST rates in force on a date, read from the dated table gst_rates (migration
 * 0050): a voucher's item lines may use only the rates of the set in force on its date, so a line
 * at 12 % dated after the September 2025 change is refused naming the rates of that day. */
#include <stdio.h>
#include <string.h>

#include "accounts/accounts.h"
#include "lib/money.h"
#include "lib/text.h"
#include "lib/banned.h"

enum { SQL_RATES_ON, SQL_MAX };

static const char *const sql[SQL_MAX] = {
	[SQL_RATES_ON] = "SELECT effective_from, rate FROM gst_rates WHERE effective_from = coalesce("
			 "(SELECT max(effective_from) FROM gst_rates WHERE effective_from <= ?), "
			 "(SELECT min(effective_from) FROM gst_rates)) ORDER BY rate",
};

const char *const voucher_supply_types[] = {"export_wpay", "export_wopay", "sez_wpay", "sez_wopay", NULL};

static int rate_row(void *ctx, struct db_stmt *st, struct err *e)
{
	struct gst_rate_set *s = ctx;
	(void)e;
	if (s->n >= GST_RATES_MAX)
		return 1;
	text_copy(s->effective_from, sizeof s->effective_from, db_col_text(st, 0));
	s->rate[s->n++] = db_col_i64(st, 1);
	return 0;
}

int gst_rates_on(struct db *db, const char *date, struct gst_rate_set *ret, struct err *e)
{
	int rc;
	memset(ret, 0, sizeof *ret);
	text_copy(ret->date, sizeof ret->date, date);
	rc = db_each(db, sql[SQL_RATES_ON], DB_ARGS(DB_TEXT(date)), rate_row, ret, e);
	return rc < 0 ? rc : 0;
}

/* "0, 0.1, 0.25, 1.5, 3, 5, 18, 40": the rates as a person writes them. */
static void rates_text(const struct gst_rate_set *s, char *out, size_t cap)
{
	size_t len = 0;
	*out = '\0';
	for (int i = 0; i < s->n && len + 1 < cap; i++) {
		char r[32];
		decimal_format(s->rate[i], 2, r, sizeof r);
		len += (size_t)snprintf(out + len, cap - len, "%s%s", i ? ", " : "", r);
		if (len >= cap)
			len = cap - 1;
	}
}

int gst_rate_in_force(const struct gst_rate_set *s, int64_t bp, const char *field, struct err *e)
{
	char allowed[256], rate[32];
	for (int i = 0; i < s->n; i++)
		if (s->rate[i] == bp)
			return 0;
	if (s->n == 0)
		return 0; /* no table: nothing to hold the line to */
	rates_text(s, allowed, sizeof allowed);
	decimal_format(bp, 2, rate, sizeof rate);
	err_set(e, ERR_UNPROCESSABLE, field, "GST rate %s %% is not in force on %s: the rates from %s are %s %%", rate, s->date,
		s->effective_from, allowed);
	err_reason(e, "gst_rate_not_in_force");
	err_detail_text(e, "rate", rate);
	err_detail_text(e, "date", s->date);
	err_detail_text(e, "effective_from", s->effective_from);
	return err_detail_text(e, "allowed", allowed);
}

void gst_rate_set_json(struct jsonw *w, const struct gst_rate_set *s)
{
	jsonw_obj(w);
	jsonw_kstr(w, "date", s->date);
	jsonw_kstr(w, "effective_from", s->effective_from);
	jsonw_key(w, "rates");
	jsonw_arr(w);
	for (int i = 0; i < s->n; i++) {
		char r[32];
		decimal_format(s->rate[i], 2, r, sizeof r);
		jsonw_str(w, r);
	}
	jsonw_arr_end(w);
	jsonw_obj_end(w);
}
