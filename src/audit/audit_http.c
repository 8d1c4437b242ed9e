/* audit_http.c - the audit log of a company, newest first, for admins and auditors:
 * GET /companies/{cid}/audit?limit=&after= answers {"items":[...],"next":"<seq>"|null}. */
#include "audit/audit.h"
#include "audit/audit_http.h"
#include "server/server.h"
#include "lib/banned.h"

static int h_audit_list(struct call *c)
{
	struct page pg;
	struct buf items = BUF_INIT;
	int64_t next = 0;
	int rc;

	if ((rc = call_page(c, &pg)) < 0)
		return rc;
	rc = audit_list_json(c->db, c->cid, &pg, &items, &next, &c->err);
	if (rc >= 0)
		rc = call_reply_page(c, &items, next);
	buf_free(&items);
	return rc;
}

static const struct route routes[] = {
	{"GET", "/api/v1/companies/{cid}/audit", h_audit_list, ACCESS_COMPANY, PERM_AUDIT_READ},
};

ROUTE_TABLE(audit_routes, "audit", routes);
