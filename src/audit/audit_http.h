/* audit_http.h - the audit endpoints, for the composition file src/api.c. */
#ifndef DAFTAR_AUDIT_HTTP_H
#define DAFTAR_AUDIT_HTTP_H

#include "server/server.h"

extern const struct route_table audit_routes;

#endif
