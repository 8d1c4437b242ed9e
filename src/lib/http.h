/* http.h - a thin libmicrohttpd wrapper: a thread pool, explicit limits, whole request bodies
 * handed to one dispatch function, one log line per request. Knows nothing of routes or auth. */
#ifndef DAFTAR_HTTP_H
#define DAFTAR_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"

struct http_server;
struct MHD_Connection;

#define HTTP_MAX_HEADERS 12

struct http_req {
	const char *method;
	const char *path;          /* without the query string */
	const char *body;          /* NUL-terminated; "" when none */
	size_t body_len;
	char ip[64];
	int tls;
	struct MHD_Connection *conn;
};

struct http_resp {
	int status;
	const char *content_type;  /* static string; default application/json */
	struct buf body;
	const void *static_body;   /* when set, sent instead of body without copying */
	size_t static_len;
	int nheaders;
	char header_names[HTTP_MAX_HEADERS][32];
	char header_values[HTTP_MAX_HEADERS][512];
};

struct http_limits {
	size_t body_max;           /* bytes; larger bodies get 413 without being stored */
	unsigned threads;          /* thread pool size */
	unsigned conn_max;         /* all connections */
	unsigned conn_per_ip;      /* connections from one address */
	unsigned timeout_s;        /* idle seconds before a connection is closed */
	unsigned header_timeout_s; /* a request's headers complete within this of the connection's
				    * start or its previous answer, or the connection is cut */
	unsigned fresh_per_ip;     /* connections of one address that have sent no request yet; a new
				    * one past this cuts the oldest of them */
	unsigned write_workers;    /* threads that run writes (which wait for a commit); 0: inline */
	const char *tls_cert;      /* PEM certificate chain: serve HTTPS only (TLS 1.2 or later); NULL: HTTP */
	const char *tls_key;       /* PEM private key of tls_cert */
};

/* Fills resp for the request. Must always produce a response (status 0 is taken as 500). */
typedef void (*http_dispatch_fn)(void *app, struct http_req *req, struct http_resp *resp);

/* Listens on addr ("127.0.0.1:8080", "[::1]:8080", ":8080"). 0 or -1 (reason in why). */
int http_start(const char *addr, const struct http_limits *lim, http_dispatch_fn fn, void *app,
	       struct http_server **ret, char *why, size_t why_cap);
void http_stop(struct http_server *s);

/* Whether socket fd holds, unread, the whole headers of a request (a blank line ends them): a
 * connection past its header deadline whose client did its part while the server was busy. Over
 * TLS (tls != 0) the bytes cannot be read through, and any unread byte counts. */
int http_request_waiting(int fd, int tls);

/* Request accessors; returned strings are borrowed for the life of the request; NULL if absent. */
const char *http_header(const struct http_req *r, const char *name);
const char *http_query(const struct http_req *r, const char *name);
const char *http_cookie(const struct http_req *r, const char *name);
/* The name of the first query parameter whose name or value is not valid UTF-8, or NULL. */
const char *http_query_invalid_utf8(const struct http_req *r);
/* Whether an Accept-Encoding value allows this coding ("gzip"): named with a non-zero q (x-gzip
 * counts as gzip), or not named and "*" allows it. "gzip;q=0" refuses it; NULL allows nothing. */
int http_accepts_coding(const char *accept_encoding, const char *coding);
/* Whether an If-None-Match value ("*", or a list of entity tags, W/ or not) matches the quoted
 * etag ('"abc"'), by the weak comparison RFC 9110 gives If-None-Match. NULL matches nothing. */
int http_etag_matches(const char *if_none_match, const char *etag);
/* Adds a response header (silently ignored past HTTP_MAX_HEADERS: a programmer error). */
void http_resp_header(struct http_resp *resp, const char *name, const char *value);

#endif
