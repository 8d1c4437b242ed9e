/* inventory_http.h - the inventory endpoints, for the composition file src/api.c. */
#ifndef DAFTAR_INVENTORY_HTTP_H
#define DAFTAR_INVENTORY_HTTP_H

#include "server/server.h"

extern const struct route_table inventory_routes;

#endif
