/* audit_http.c - the audit log of a company, newest first, for admins and auditors. */
#include "audit/audit.h"
#include "audit/audit_http.h"
#include "server/server.h"
#include "lib/banned.h"

static int h_audit_list(struct call *c)
{
	int64_t limit = 100, before = 0;
	struct buf items = BUF_INIT;
	int rc;

	if ((rc = call_query_int(c, "limit", 1, 1000, &limit)) < 0 || (rc = call_query_int(c, "before", 1, INT64_MAX, &before)) < 0)
		return rc;
	rc = audit_list_json(c->db, c->cid, before, (int)limit, &items, &c->err);
	if (rc >= 0 && (buf_adds(&c->resp->body, "{\"items\":") < 0 || buf_add(&c->resp->body, items.data, items.len) < 0 ||
			buf_adds(&c->resp->body, "}") < 0))
		rc = err_set(&c->err, ERR_INTERNAL, NULL, "out of memory");
	buf_free(&items);
	if (rc < 0)
		return rc;
	call_json_status(c, 200);
	return 0;
}

static const struct route routes[] = {
	{"GET", "/api/v1/companies/{cid}/audit", h_audit_list, ACCESS_COMPANY, PERM_AUDIT_READ},
};

ROUTE_TABLE(audit_routes, "audit", routes);
