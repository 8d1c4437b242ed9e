/* parties_http.h - the parties endpoints, for the composition file src/api.c. */
#ifndef DAFTAR_PARTIES_HTTP_H
#define DAFTAR_PARTIES_HTTP_H

#include "server/server.h"

extern const struct route_table parties_routes;

#endif
