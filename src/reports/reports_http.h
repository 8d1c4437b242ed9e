/* reports_http.h - the reports endpoints, for the composition file src/api.c. */
#ifndef DAFTAR_REPORTS_HTTP_H
#define DAFTAR_REPORTS_HTTP_H

#include "server/server.h"

extern const struct route_table reports_routes;

#endif
