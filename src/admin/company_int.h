/* company_int.h - the rules a company's members obey, shared by making a company (company.c) and
 * changing its settings (company_settings.c). Each fills what it checked into c and names the
 * member at fault; none touches the database. */
#ifndef DAFTAR_COMPANY_INT_H
#define DAFTAR_COMPANY_INT_H

#include <stddef.h>

#include "admin/company.h"
#include "lib/err.h"

/* name into out: 1..COMPANY_NAME_MAX_BYTES of valid UTF-8, and (unless lenient: the CLI's rule of
 * before) no control characters; else ERR_INVALID on "name". */
int company_name_rule(const char *name, int lenient, char *out, size_t cap, struct err *e);
/* The GSTIN (NULL or "": none) and state into c->gstin and c->state_code: a GSTIN is checked and
 * names the state (a state_code beside it must be its own: 422 "gstin_state"); without one, a
 * given state_code must be known (400), and with state_required a company must end with a state
 * (c->state_code as it was counts; 422 "state_required"). */
int company_gst_rule(const char *gstin, const char *state_code, int state_required, struct company *c, struct err *e);
/* tz (NULL or "": keep) into c->timezone when this machine knows it; else ERR_INVALID "timezone". */
int company_tz_rule(const char *tz, struct company *c, struct err *e);
/* valuation and negative_stock (NULL: keep) are among the values the inventory module takes. */
int company_stock_rule(const char *valuation, const char *negative, struct err *e);

#endif
