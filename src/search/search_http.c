/* search_http.c - GET /companies/{cid}/search?q=&limit=: the one search box. Any member may ask;
 * each group of the answer is there only when the caller's role may read that kind of thing, as
 * the one permission table (auth_role_can) says for the endpoints that list it. */
#include <stdint.h>

#include "search/search.h"
#include "search/search_http.h"
#include "server/server.h"
#include "lib/banned.h"

static int h_search(struct call *c)
{
	struct search_scope scope = {
		.vouchers = auth_role_can(c->role, PERM_VOUCHER_READ),   /* as GET /vouchers */
		.parties = auth_role_can(c->role, PERM_PARTY_READ),      /* as GET /parties */
		.ledgers = auth_role_can(c->role, PERM_VOUCHER_READ),    /* as GET /ledgers */
		.items = auth_role_can(c->role, PERM_COMPANY_READ),      /* as GET /items */
	};
	int64_t limit = SEARCH_LIMIT_DEFAULT;
	struct jsonw w;
	int rc;

	if ((rc = call_query_int(c, "limit", 1, SEARCH_LIMIT_MAX, &limit)) < 0)
		return rc;
	call_json(c, &w);
	if ((rc = search_json(c->db, c->cid, http_query(c->req, "q"), (int)limit, &scope, &w, &c->err)) < 0)
		return rc;
	return call_json_done(c, &w, 200);
}

static const struct route routes[] = {
	{"GET", "/api/v1/companies/{cid}/search", h_search, ACCESS_COMPANY, PERM_COMPANY_READ},
};

ROUTE_TABLE(search_routes, "search", routes);
