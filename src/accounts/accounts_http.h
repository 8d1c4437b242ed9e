/* accounts_http.h - the accounts endpoints, for the composition file src/api.c. */
#ifndef DAFTAR_ACCOUNTS_HTTP_H
#define DAFTAR_ACCOUNTS_HTTP_H

#include "server/server.h"

extern const struct route_table accounts_routes;

#endif
