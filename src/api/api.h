/* api.h - the API's route tables and the kinds of queued jobs (api.c), for `daftar serve`. */
#ifndef DAFTAR_API_H
#define DAFTAR_API_H

#include "jobs/jobs.h"
#include "server/server.h"

extern const struct route_table *const api_routes[];
/* Terminated by a NULL kind; given to jobs_start. */
extern const struct job_kind api_job_kinds[];

#endif
