/* admin_http.h - the companies' endpoints: make a company, read and keep its settings. */
#ifndef DAFTAR_ADMIN_HTTP_H
#define DAFTAR_ADMIN_HTTP_H

#include "server/server.h"

extern const struct route_table admin_routes;

#endif
