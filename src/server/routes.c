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
	{"GET", "/api/v1/companies/{cid}/groups", h_group_list, ACCESS_COMPANY, PERM_VOUCHER_READ},
	{"POST", "/api/v1/companies/{cid}/groups", h_group_create, ACCESS_COMPANY, PERM_LEDGER_WRITE},
	{"GET", "/api/v1/companies/{cid}/ledgers", h_ledger_list, ACCESS_COMPANY, PERM_VOUCHER_READ},
	{"POST", "/api/v1/companies/{cid}/ledgers", h_ledger_create, ACCESS_COMPANY, PERM_LEDGER_WRITE},
	{"GET", "/api/v1/companies/{cid}/ledgers/{id}", h_ledger_get, ACCESS_COMPANY, PERM_VOUCHER_READ},
	{"GET", "/api/v1/companies/{cid}/vouchers", h_voucher_list, ACCESS_COMPANY, PERM_VOUCHER_READ},
	{"POST", "/api/v1/companies/{cid}/vouchers", h_voucher_create, ACCESS_COMPANY, PERM_VOUCHER_POST},
	{"POST", "/api/v1/companies/{cid}/vouchers/preview", h_voucher_preview, ACCESS_COMPANY, PERM_VOUCHER_READ},
	{"GET", "/api/v1/companies/{cid}/vouchers/{id}", h_voucher_get, ACCESS_COMPANY, PERM_VOUCHER_READ},
	{"PATCH", "/api/v1/companies/{cid}/vouchers/{id}", h_voucher_alter, ACCESS_COMPANY, PERM_VOUCHER_ALTER},
	{"DELETE", "/api/v1/companies/{cid}/vouchers/{id}", h_voucher_cancel, ACCESS_COMPANY, PERM_VOUCHER_ALTER},
	{"GET", "/api/v1/companies/{cid}/vouchers/{id}/versions", h_voucher_versions, ACCESS_COMPANY, PERM_VOUCHER_READ},
	{"GET", "/api/v1/companies/{cid}/books", h_books_get, ACCESS_COMPANY, PERM_VOUCHER_READ},
	{"PUT", "/api/v1/companies/{cid}/books", h_books_lock, ACCESS_COMPANY, PERM_PERIOD_LOCK},
};

const size_t server_nroutes = sizeof server_routes / sizeof server_routes[0];
