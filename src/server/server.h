/* server.h - the HTTP edge: routes, authentication, the permission check, JSON in and out, and
 * the write path (idempotency + group commit). Module handlers (<module>_http.c) use this. */
#ifndef DAFTAR_SERVER_H
#define DAFTAR_SERVER_H

#include <stdint.h>

#include <jansson.h>

#include "auth/auth.h"
#include "lib/buf.h"
#include "lib/db.h"
#include "lib/err.h"
#include "lib/http.h"
#include "lib/store.h"

struct app {
	struct store *store;
	struct auth_throttle throttle;
	int trust_proxy;       /* believe X-Forwarded-Proto/For from a reverse proxy */
	int64_t (*clock)(void);/* seconds since the epoch; tests move it with DAFTAR_TEST_CLOCK_FILE */
};

/* One request as a handler sees it. */
struct call {
	struct app *app;
	struct http_req *req;
	struct http_resp *resp;
	struct db *db;             /* this thread's connection, for reads */
	struct auth_ctx auth;
	int authed;
	int64_t cid;               /* {cid} from the path, 0 when none */
	int64_t id;                /* {id} from the path, 0 when none */
	enum role role;            /* the caller's role in cid */
	struct err err;
	struct buf err_extra;      /* extra members for the error object, as JSON text: "existing":{...} */
	json_t *json;              /* the parsed body, owned */
};

typedef int (*handler_fn)(struct call *c);
/* A unit of work run in the write transaction: do the domain call and render the response body
 * into c->resp (status too). Runs on the writer's connection `db`, never c->db. */
typedef int (*action_fn)(struct db *db, struct call *c, void *arg, struct err *e);

enum access {
	ACCESS_PUBLIC,   /* no login needed */
	ACCESS_USER,     /* any logged-in user */
	ACCESS_COMPANY,  /* a member of {cid} holding the route's permission */
};

struct route {
	const char *method;
	const char *pattern;     /* segments; "{cid}" and "{id}" capture positive integers */
	handler_fn fn;
	enum access access;
	enum perm perm;
};

/* The route table (routes.c). */
extern const struct route server_routes[];
extern const size_t server_nroutes;

/* Starts listening; returns 0 or -1 with a reason. */
struct server_opts {
	const char *listen;
	unsigned threads;
	size_t body_max;
	unsigned conn_per_ip;
	unsigned write_workers;
	int trust_proxy;
	struct auth_throttle throttle;
};
int server_run(struct store *store, const struct server_opts *o, struct http_server **ret, char *why, size_t cap);
void server_dispatch(void *app, struct http_req *req, struct http_resp *resp);

/* Parses the body as a JSON object whose keys are all in allowed (NULL-terminated); errors name
 * the field (or "body"). On success c->json holds it. */
int call_body(struct call *c, const char *const *allowed);
/* Optional string member: *ret NULL when absent; present-but-null sets *is_null. Wrong type is an
 * error naming the key. */
int call_str(struct call *c, const char *key, const char **ret, int *present);
int call_int(struct call *c, const char *key, int64_t min, int64_t max, int64_t *ret, int *present);
int call_money(struct call *c, const char *key, int64_t *ret, int *present);
int call_bool(struct call *c, const char *key, int *ret, int *present);
/* A query parameter as a bounded integer; absent leaves *ret unchanged. */
int call_query_int(struct call *c, const char *name, int64_t min, int64_t max, int64_t *ret);
/* Version from If-Match ("3" or 3 or W/"3"); required. */
int call_if_match(struct call *c, int64_t *ret);
/* Runs action in a write transaction, honouring Idempotency-Key. */
int call_write(struct call *c, action_fn action, void *arg);
/* Sets status and content type for a JSON reply whose body the caller writes. */
void call_json_status(struct call *c, int status);

/* Handlers. */
int h_session_create(struct call *c);
int h_session_get(struct call *c);
int h_session_delete(struct call *c);
int h_me_patch(struct call *c);
int h_companies(struct call *c);
int h_audit_list(struct call *c);
int h_party_list(struct call *c);
int h_party_create(struct call *c);
int h_party_get(struct call *c);
int h_party_update(struct call *c);
int h_party_archive(struct call *c);
int h_group_list(struct call *c);
int h_group_create(struct call *c);
int h_ledger_list(struct call *c);
int h_ledger_create(struct call *c);
int h_ledger_get(struct call *c);
int h_voucher_list(struct call *c);
int h_voucher_create(struct call *c);
int h_voucher_preview(struct call *c);
int h_voucher_get(struct call *c);
int h_voucher_alter(struct call *c);
int h_voucher_cancel(struct call *c);
int h_voucher_versions(struct call *c);
int h_books_get(struct call *c);
int h_books_lock(struct call *c);
int h_unit_list(struct call *c);
int h_unit_create(struct call *c);
int h_godown_list(struct call *c);
int h_godown_create(struct call *c);
int h_item_group_list(struct call *c);
int h_item_group_create(struct call *c);
int h_item_list(struct call *c);
int h_item_create(struct call *c);
int h_item_get(struct call *c);
int h_item_update(struct call *c);
int h_inventory_settings_get(struct call *c);
int h_inventory_settings_put(struct call *c);
int h_stock_journal_create(struct call *c);
int h_stock_journal_list(struct call *c);
int h_stock_journal_get(struct call *c);
int h_stock_verification_create(struct call *c);
int h_report_stock_summary(struct call *c);
int h_report_stock_movement(struct call *c);
int h_report_stock_ageing(struct call *c);
int h_report_reorder(struct call *c);
int h_report_batches(struct call *c);
int h_report(struct call *c);
int h_bank_statement_import(struct call *c);

#endif
