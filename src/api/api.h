/* api.h - the API's route tables (api.c), for `daftar serve`. */
#ifndef DAFTAR_API_H
#define DAFTAR_API_H

#include "server/server.h"

extern const struct route_table *const api_routes[];

#endif
