/* reports_gst_int.h - what the GST return files (reports_gst.c, reports_gst3b.c, gst_filing.c)
 * share and nobody else needs. */
#ifndef DAFTAR_REPORTS_GST_INT_H
#define DAFTAR_REPORTS_GST_INT_H

#include <stddef.h>
#include <stdint.h>

#include "lib/db.h"
#include "lib/err.h"

/* *a += b, setting *bad on overflow (a is then wrapped and the caller refuses the report). */
void gst_add(int64_t *a, int64_t b, int *bad);
/* p grown to hold n + 1 elements of size (doubling cap); NULL past REPORT_MAX_ROWS or on memory. */
void *gst_grow(void *p, size_t *cap, size_t n, size_t size);
/* "18", "0.25": a rate in basis points as the returns write it. */
void gst_rate_text(int64_t bps, char *out, size_t cap);
/* "27-Maharashtra", as the GST offline tool writes a place of supply. */
void gst_pos_text(const char *pos, char *out, size_t cap);

/* The company's GSTIN ("" when it has none). */
int gst_company_gstin(struct db *db, int64_t cid, char out[16], struct err *e) __attribute__((warn_unused_result));

/* gstr1_load with every line kept in g->lines (B2CS and table 8 ones too), none summed: what a
 * filing keeps. */
struct gstr1;
int gstr1_load_lines(struct db *db, int64_t cid, const char *from, const char *to, struct gstr1 *g, struct err *e)
	__attribute__((warn_unused_result));

#endif
