/* trust_http.h - the audit verification and anchor endpoints, for the composition file src/api/api.c. */
#ifndef DAFTAR_TRUST_HTTP_H
#define DAFTAR_TRUST_HTTP_H

#include "server/server.h"

extern const struct route_table trust_routes;

#endif
