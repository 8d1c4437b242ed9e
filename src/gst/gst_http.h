/* gst_http.h - the GST files' endpoints, for the composition file src/api/api.c. */
#ifndef DAFTAR_GST_HTTP_H
#define DAFTAR_GST_HTTP_H

#include "server/server.h"

extern const struct route_table gst_routes;

#endif
