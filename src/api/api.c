/* api.c - the HTTP API: every module's route table, in one list. The one file that knows them all;
 * server/ knows none of them. A module that serves endpoints adds its table here. */
#include <stddef.h>

#include "api/api.h"
#include "accounts/accounts_http.h"
#include "audit/audit_http.h"
#include "auth/auth_http.h"
#include "books/books_http.h"
#include "inventory/inventory_http.h"
#include "parties/parties_http.h"
#include "reports/reports_http.h"
#include "search/search_http.h"
#include "lib/banned.h"

const struct route_table *const api_routes[] = {
	&auth_routes,
	&audit_routes,
	&parties_routes,
	&accounts_routes,
	&books_routes,
	&inventory_routes,
	&reports_routes,
	&search_routes,
	NULL,
};
