/* gst_returns.h - the figures of the GST returns, computed once and read by the report tables
 * (reports_gst.c, reports_gst3b.c) and by whatever writes them out as files: GSTR-1 as its lines
 * (one invoice or note at one rate and reason, in its section), the B2C small supplies summed,
 * nil/exempt/non-GST supplies, the HSN summary and the documents issued; GSTR-3B as its tables.
 * A month marked filed (gst_filings) keeps its GSTR-1 lines as they were filed (gst_filed_lines);
 * an invoice of a filed month altered later appears in the amendment sections of the first month
 * not yet filed on or after the day (the company's) it was altered. All amounts int64 paise. */
#ifndef DAFTAR_GST_RETURNS_H
#define DAFTAR_GST_RETURNS_H

#include <stddef.h>
#include <stdint.h>

#include "lib/db.h"
#include "lib/err.h"
#include "reports/gst_setoff.h"

/* The section of a line. B2B holds regular invoices to registered persons and supplies to SEZ
 * units (supply_type sez_*); EXP exports; NIL the nil-rated, exempt and non-GST supplies (table
 * 8, summed in gstr1.nil). */
enum gst_section { GS_B2B, GS_B2CL, GS_B2CS, GS_CDNR, GS_CDNUR, GS_EXP, GS_NIL, GS_SECTION_MAX };

/* One invoice or note at one rate and reason. Figures carry the document's sign: a credit note's
 * are positive, as the return shows them (the section says it is a note). */
struct gst_rline {
	int64_t voucher_id, version;
	int note;                          /* a credit note */
	int amendment;                     /* an invoice of a filed month, altered since: the *A tables */
	int cancelled;                     /* an amendment of an invoice cancelled since it was filed (figures 0) */
	enum gst_section section;
	char number[40], date[11];
	char filed_date[11];               /* amendment: the date the filed return gave it */
	char pos[3], gstin[16], party[201], ref[64];
	char supply_type[16];              /* "" regular; export_wpay, export_wopay, sez_wpay, sez_wopay */
	char port_code[7], sb_no[21], sb_date[11];
	char orig_date[11];                /* a note: the date of the invoice it is against ("" unknown) */
	char orig_pos[3];                  /* and its place of supply */
	int64_t orig_value;                /* and that invoice's value */
	char reason[12];                   /* "" taxable; nil_rated, exempt, non_gst */
	int inter;
	int64_t value, rate, taxable, igst, cgst, sgst, cess;
};

/* B2C small supplies summed by supply type, place and rate (returns netted). */
struct gst_b2cs {
	int inter;
	char pos[3];
	int64_t rate, taxable, igst, cgst, sgst, cess;
};

/* Table 8: [inter-registered, intra-registered, inter-unregistered, intra-unregistered] x
 * [nil rated, exempted, non-GST]. */
enum { GN_NIL, GN_EXEMPT, GN_NON_GST, GN_MAX };
extern const char *const gst_nil_kinds[4][2];   /* {"INTRB2B", "Inter-State supplies to registered persons"}, ... */

struct gst_hsn {
	char hsn[9], unit[17];
	int64_t rate, qty, taxable, igst, cgst, sgst, cess;
};

/* Table 13: one series (a voucher type in a financial year) of documents dated in the period. */
struct gst_docs {
	const char *nature;                /* "Invoices for outward supply", "Credit Note" (static) */
	char from[40], to[40];
	int64_t total, cancelled;
};

struct gstr1 {
	struct gst_rline *lines;           /* every section but B2CS and NIL, sorted as the return groups them */
	size_t n, cap;
	struct gst_b2cs *cs;
	size_t ncs, capcs;
	struct gst_hsn *hsn;
	size_t nhsn, caphsn;
	struct gst_docs docs[8];
	int ndocs;
	int64_t nil[4][GN_MAX];
	/* what the frozen and live parts of the period came from */
	int filed;                         /* every month of the period is filed */
	int keep;                          /* gstr1_load_lines: every line kept in lines, none summed */
	int bad;                           /* overflow while summing */
};

/* GSTR-1 of company cid for [from, to] (inter-state against the company's state; a change is of
 * the company's day). g is zeroed first; gstr1_free it whether or not this succeeds. */
int gstr1_load(struct db *db, int64_t cid, const char *from, const char *to, struct gstr1 *g, struct err *e)
	__attribute__((warn_unused_result));
void gstr1_free(struct gstr1 *g);
/* The B2CL limit on an invoice of `date`: ₹2,50,000 until 31 July 2024, ₹1,00,000 from 1 August
 * 2024 (notification 12/2024-CT). */
int64_t gst_b2cl_limit(const char *date);

/* GSTR-3B: taxable value and the four taxes of a row. */
struct gst_t5 {
	int64_t taxable, igst, cgst, sgst, cess;
};

/* Table 3.2 by place of supply: supplies to unregistered persons (and to composition dealers and
 * UIN holders, which the books do not yet tell apart: zero). */
struct gst_pos32 {
	char pos[3];
	int64_t taxable, igst;
};

struct gstr3b {
	struct gst_t5 out_taxable;         /* 3.1(a) */
	struct gst_t5 out_zero;            /* 3.1(b): exports and SEZ, with or without payment */
	struct gst_t5 out_nil;             /* 3.1(c): nil-rated and exempt */
	struct gst_t5 in_rcm;              /* 3.1(d): inward supplies under reverse charge */
	struct gst_t5 out_non_gst;         /* 3.1(e) */
	struct gst_pos32 *unreg;           /* 3.2, by place of supply */
	size_t nunreg, capunreg;
	struct gst_t5 itc_rcm;             /* 4(A)(3) */
	struct gst_t5 itc_other;           /* 4(A)(5) */
	struct gst_t5 itc_reversed;        /* 4(B)(2): debit notes */
	struct gst_t5 itc_net;             /* 4(C) */
	int64_t inward_exempt[2];          /* table 5 [inter, intra]: composition, exempt and nil-rated */
	int64_t inward_non_gst[2];         /* table 5: non-GST */
	struct gst_setoff setoff;          /* 6.1, other than reverse charge */
	int64_t rcm_cash[GH_MAX];          /* 6.1, reverse charge: paid in cash */
	int64_t cash[GH_MAX];              /* all the tax paid in cash by head */
	int bad;
};

int gstr3b_load(struct db *db, int64_t cid, const char *state, const char *from, const char *to, struct gstr3b *g,
		struct err *e) __attribute__((warn_unused_result));
void gstr3b_free(struct gstr3b *g);

/* ---- filing (gst_filing.c) ---- */

/* A month marked filed. */
struct gst_filing {
	char return_type[8], period[8], filed_at[32];
	int64_t user_id;
};
/* Every month marked filed, oldest first, through each. */
int gst_filings_each(struct db *db, int64_t cid, int (*each)(void *ctx, const struct gst_filing *f), void *ctx,
		     struct err *e) __attribute__((warn_unused_result));

/* Marks the GSTR-1 of `period` (YYYY-MM) filed, keeping its lines as they stand (write
 * transaction; audited as entity "gst_filing", id YYYYMM). ERR_INVALID for a bad period,
 * ERR_CONFLICT (reason already_filed) for one filed before. */
int gst_file_gstr1(struct db *db, int64_t cid, int64_t actor, const char *period, struct err *e)
	__attribute__((warn_unused_result));

#endif
