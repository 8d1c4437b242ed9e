/* search_http.h - the search endpoint, for the composition file src/api/api.c. */
#ifndef DAFTAR_SEARCH_HTTP_H
#define DAFTAR_SEARCH_HTTP_H

#include "server/server.h"

extern const struct route_table search_routes;

#endif
