/* users_http.h - a company's people and API tokens endpoints, for the composition file src/api/api.c. */
#ifndef DAFTAR_USERS_HTTP_H
#define DAFTAR_USERS_HTTP_H

#include "server/server.h"

extern const struct route_table users_routes;

#endif
