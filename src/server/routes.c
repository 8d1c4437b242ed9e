/* routes.c - every endpoint: method, path pattern, handler, who may call it. */
#include "server.h"

const struct route server_routes[] = {
	{"POST", "/api/v1/session", h_session_create, ACCESS_PUBLIC, 0},
	{"GET", "/api/v1/session", h_session_get, ACCESS_USER, 0},
	{"DELETE", "/api/v1/session", h_session_delete, ACCESS_USER, 0},
	{"PATCH", "/api/v1/me", h_me_patch, ACCESS_USER, 0},
	{"GET", "/api/v1/companies", h_companies, ACCESS_USER, 0},
	{"GET", "/api/v1/companies/{cid}/audit", h_audit_list, ACCESS_COMPANY, PERM_AUDIT_READ},
	{"GET", "/api/v1/companies/{cid}/parties", h_party_list, ACCESS_COMPANY, PERM_PARTY_READ},
	{"POST", "/api/v1/companies/{cid}/parties", h_party_create, ACCESS_COMPANY, PERM_PARTY_CREATE},
	{"GET", "/api/v1/companies/{cid}/parties/{id}", h_party_get, ACCESS_COMPANY, PERM_PARTY_READ},
	{"PATCH", "/api/v1/companies/{cid}/parties/{id}", h_party_update, ACCESS_COMPANY, PERM_PARTY_UPDATE},
	{"DELETE", "/api/v1/companies/{cid}/parties/{id}", h_party_archive, ACCESS_COMPANY, PERM_PARTY_ARCHIVE},
};

const size_t server_nroutes = sizeof server_routes / sizeof server_routes[0];
