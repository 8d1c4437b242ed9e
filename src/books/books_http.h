/* books_http.h - the books endpoints, for the composition file src/api.c. */
#ifndef DAFTAR_BOOKS_HTTP_H
#define DAFTAR_BOOKS_HTTP_H

#include "server/server.h"

extern const struct route_table books_routes;

#endif
