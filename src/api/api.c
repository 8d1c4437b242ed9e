/* api.c - the composition file: every module's route table, in one list, and every kind of queued
 * job with its runner. The one file that knows them all; server/ and jobs/ know none of them. A
 * module that serves endpoints adds its table here, one that queues work its job kind. */
#include <stddef.h>

#include "api/api.h"
#include "accounts/accounts_http.h"
#include "admin/admin_http.h"
#include "audit/audit_http.h"
#include "auth/auth_http.h"
#include "auth/users_http.h"
#include "books/books_http.h"
#include "gst/gst_http.h"
#include "inventory/inventory_http.h"
#include "parties/parties_http.h"
#include "reports/reports_http.h"
#include "search/search_http.h"
#include "trust/trust.h"
#include "trust/trust_http.h"
#include "lib/banned.h"

const struct route_table *const api_routes[] = {
	&auth_routes,
	&users_routes,
	&admin_routes,
	&audit_routes,
	&parties_routes,
	&accounts_routes,
	&books_routes,
	&inventory_routes,
	&reports_routes,
	&gst_routes,
	&search_routes,
	&trust_routes,
	NULL,
};

const struct job_kind api_job_kinds[] = {
	{TRUST_JOB_ANCHOR, trust_anchor_job},
	{NULL, NULL},
};
