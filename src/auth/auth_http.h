/* auth_http.h - the auth endpoints, for the composition file src/api.c. */
#ifndef DAFTAR_AUTH_HTTP_H
#define DAFTAR_AUTH_HTTP_H

#include "server/server.h"

extern const struct route_table auth_routes;

#endif
