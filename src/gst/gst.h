/* gst.h - the GST files: GSTR-1 and GSTR-3B as the JSON the GST portal and its offline tool take,
 * a voucher's e-invoice (the IRP schema, version 1.1) and e-way bill (the NIC bulk-generation
 * format), the IRN the registration portal gives an e-invoice back, and what those files print
 * that the books do not hold: the seller's address and the unit quantity codes (UQC) of the
 * company's units. The returns' figures are the reports module's (report_gstr1, report_gstr3b);
 * this module only writes them as the portal reads them. Amounts are written as JSON numbers with
 * two decimals from int64 paise, never through a float. */
#ifndef DAFTAR_GST_H
#define DAFTAR_GST_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "lib/db.h"
#include "lib/err.h"
#include "lib/jsonw.h"

/* ---- unit quantity codes ---- */

/* 1 when code is one of the GST portal's UQCs ("KGS", "NOS", ..., "OTH"), else 0. */
int gst_uqc_valid(const char *code);
/* The UQC a unit symbol stands for by default ("kg", "Kgs", "kilogram" -> "KGS"; a symbol that is
 * itself a UQC, any case, stands for itself), or NULL when there is none. Static. */
const char *gst_uqc_default(const char *unit);
/* The known UQCs, NULL-terminated, in the portal's order. */
extern const char *const gst_uqc_codes[];

/* What a file says it could not say exactly: a unit with no UQC filed as OTH. */
#define GST_WARN_MAX 32
struct gst_warning {
	char reason[24];        /* "uqc_unmapped" */
	char unit[17];          /* the unit as the books have it */
	char uqc[4];            /* what was filed: "OTH" */
};
struct gst_warnings {
	int n;
	int more;               /* warnings past GST_WARN_MAX that were not kept */
	struct gst_warning w[GST_WARN_MAX];
};

/* ---- the seller's profile: the address the e-invoice and the e-way bill print ---- */

#define GST_UNITS_MAX 64
struct gst_unit_code {
	char unit[17];
	char uqc[4];
};

struct gst_profile {
	char legal_name[201];   /* "" : the company's name */
	char trade_name[201];
	char address1[101];     /* the IRP's Addr1 (1..100 characters) */
	char address2[101];
	char location[51];      /* city or town (3..50) */
	char pincode[7];        /* six digits, the first not 0 */
	char phone[13];         /* 6..12 digits */
	char email[101];
	char updated_at[32];    /* "" : never set */
	int nunits;             /* the company's own mappings, by unit */
	struct gst_unit_code units[GST_UNITS_MAX];
};

/* The profile of company cid (an empty one, with no mappings, when never set). */
int gst_profile_get(struct db *db, int64_t cid, struct gst_profile *ret, struct err *e) __attribute__((warn_unused_result));
/* Replaces the profile and the unit mappings with in's (write transaction; audited as entity
 * "gst_profile", id cid, with gst_profile_json before and after). Checks: a pincode of six digits
 * (first not 0), a phone of 6..12 digits, an email with one @, every uqc one of gst_uqc_codes,
 * units unique and non-empty; ERR_INVALID naming the member ("units[2].uqc"). *ret: the profile
 * as stored. ERR_UNCHANGED, nothing written or audited, when in is the profile as it stands (its
 * units in any order). */
int gst_profile_set(struct db *db, int64_t cid, int64_t actor, const struct gst_profile *in, struct gst_profile *ret,
		    struct err *e) __attribute__((warn_unused_result));
/* The profile's one JSON: {"legal_name",...,"email","updated_at","units":[{"unit","uqc"}]}. */
void gst_profile_json(struct jsonw *w, const struct gst_profile *p);
/* Its members alone, for an answer that adds its own ("unchanged"). */
void gst_profile_json_members(struct jsonw *w, const struct gst_profile *p);
/* The UQC of unit in company cid: the company's mapping, else the default, else "OTH" with
 * *ret_known 0. The profile must be the company's (gst_profile_get). */
const char *gst_uqc_for(const struct gst_profile *p, const char *unit, int *ret_known);

/* ---- the returns ---- */

/* "YYYY-MM" to the month's first and last days; ERR_INVALID on "period" otherwise. */
int gst_period_parse(const char *period, char from[11], char to[11], struct err *e) __attribute__((warn_unused_result));

/* GSTR-1 of the month `period` ("YYYY-MM") as the portal's JSON, appended to out: gstin, fp
 * "MMYYYY", b2b, b2cl, b2cs, cdnr, cdnur, exp, nil, hsn (data[] with uqc and qty), doc_issue;
 * a section with nothing in it is left out. Units with no UQC are filed as OTH and listed in
 * warn (may be NULL). Runs inside the caller's read snapshot. */
int gst_gstr1_file(struct db *db, int64_t cid, const char *period, struct buf *out, struct gst_warnings *warn,
		   struct err *e) __attribute__((warn_unused_result));
/* GSTR-3B of the month as the portal's JSON: gstin, ret_period, sup_details (3.1), inter_sup
 * (3.2), itc_elg (4), inward_sup (5), intr_ltfee (5.1). */
int gst_gstr3b_file(struct db *db, int64_t cid, const char *period, struct buf *out, struct err *e)
	__attribute__((warn_unused_result));

/* ---- a voucher's files ---- */

/* The e-invoice JSON of voucher id (IRP schema 1.1) appended to out: a sales invoice (INV),
 * credit note (CRN) or debit note (DBN) to a registered buyer. Refused (ERR_UNPROCESSABLE) with
 * a reason: einvoice_type (another type), cancelled_voucher, einvoice_unregistered (no buyer GSTIN: a B2C
 * supply has no e-invoice), no_gstin (the company has none), seller_address (the profile lacks
 * address1, location or pincode), buyer_address (the party's address has no six-digit PIN).
 * ERR_NOT_FOUND for a voucher the company does not have. */
int gst_einvoice_file(struct db *db, int64_t cid, int64_t voucher_id, struct buf *out, struct err *e)
	__attribute__((warn_unused_result));

/* Part B of an e-way bill: how the goods travel. */
struct gst_transport {
	int mode;               /* 1 road (default), 2 rail, 3 air, 4 ship */
	int64_t distance;       /* km, 0..4000 (0: the portal works it out from the PIN codes) */
	char vehicle_no[16];    /* road: "MH12AB1234" (letters and digits, spaces dropped) */
	char vehicle_type[2];   /* "R" regular (default), "O" over-dimensional cargo */
	char transporter_id[16];  /* the transporter's GSTIN or enrolment id */
	char transporter_name[101];
	char doc_no[16];        /* rail, air, ship: the transport document */
	char doc_date[11];      /* ISO */
};

/* The e-way bill value threshold: a consignment over ₹50,000 (rule 138). */
#define GST_EWB_THRESHOLD INT64_C(5000000)

/* The e-way bill JSON of voucher id (NIC bulk-generation format) appended to out: a sales invoice
 * or debit note (outward), a purchase or credit note (inward) whose goods (lines whose HSN is not
 * a service code, 99...) with their tax come to more than GST_EWB_THRESHOLD. Refused
 * (ERR_UNPROCESSABLE) with a reason: ewb_type (no goods type), cancelled_voucher, ewb_services (services
 * only), ewb_below_threshold (figures value and threshold), no_gstin, seller_address,
 * party_address; ERR_INVALID on "vehicle_no"/"distance"/"mode"/... for a bad transport. */
int gst_ewaybill_file(struct db *db, int64_t cid, int64_t voucher_id, const struct gst_transport *t, struct buf *out,
		      struct err *e) __attribute__((warn_unused_result));

/* ---- the IRN given back ---- */

#define GST_QR_MAX 4096
struct gst_irn {
	int64_t voucher_id;
	char irn[65];           /* 64 hex characters, kept lower-case */
	char ack_no[21];        /* digits */
	char ack_date[20];      /* "YYYY-MM-DD HH:MM:SS" (also taken as "YYYY-MM-DDTHH:MM:SS") */
	char signed_qr[GST_QR_MAX + 1];  /* the signed QR code (a JWT: base64url parts and dots); "" none */
	char entered_at[32];
	int64_t entered_by;
};

/* Stores the IRN of voucher id (write transaction; audited as entity "voucher_irn", id the
 * voucher's, with gst_irn_json). The voucher must take an e-invoice (as gst_einvoice_file) and be
 * active. ERR_INVALID naming "irn" (not 64 hex characters), "ack_no", "ack_date", "signed_qr";
 * ERR_CONFLICT reason irn_exists (figure irn) when the voucher has another IRN, or the IRN is
 * another voucher's (reason irn_taken). The same IRN again changes nothing (*ret_created 0). */
int gst_irn_set(struct db *db, int64_t cid, int64_t actor, int64_t voucher_id, const struct gst_irn *in, struct gst_irn *ret,
		int *ret_created, struct err *e) __attribute__((warn_unused_result));
/* The IRN of voucher id; ERR_NOT_FOUND (field "irn") when none was entered, or no such voucher. */
int gst_irn_get(struct db *db, int64_t cid, int64_t voucher_id, struct gst_irn *ret, struct err *e)
	__attribute__((warn_unused_result));
/* {"voucher_id","irn","ack_no","ack_date","signed_qr","entered_at","entered_by"} */
void gst_irn_json(struct jsonw *w, const struct gst_irn *x);

#endif
