/* gst_int.h - what the GST files share and nobody else needs: an address split into the lines,
 * place and PIN code the e-invoice and the e-way bill want, the seller as they print it, dates in
 * the portals' forms, and which vouchers take which file. */
#ifndef DAFTAR_GST_INT_H
#define DAFTAR_GST_INT_H

#include <stdint.h>

#include "accounts/accounts.h"
#include "gst/gst.h"
#include "lib/db.h"
#include "lib/err.h"

/* An address as the portals take it. */
struct gst_place {
	char addr1[101];
	char addr2[101];
	char loc[51];
	char pin[7];            /* "" when the address has none */
};

/* Splits a free-text address ("Gala 14, Rahnal Village, Bhiwandi 421302") at commas and new lines:
 * the last six-digit number is its PIN code, the last part its place, the first its first line and
 * those between the second. 0, or -1 when it has no PIN code (ret still holds the lines). */
int gst_address_split(const char *address, struct gst_place *ret);

/* The seller as the files print it: the company and its profile. */
struct gst_seller {
	char gstin[16];
	char state[3];
	char legal_name[201];
	char trade_name[201];
	struct gst_place place;
	char phone[13];
	char email[101];
	struct gst_profile profile;   /* for the unit codes */
};

/* Reads the company and its profile. ERR_UNPROCESSABLE reason no_gstin when the company has no
 * GSTIN, seller_address when the profile has no first line, place or PIN code (need_address). */
int gst_seller_load(struct db *db, int64_t cid, int need_address, struct gst_seller *ret, struct err *e)
	__attribute__((warn_unused_result));

/* The other side of a voucher as the files print it: its party (name, GSTIN, state, phone and
 * email as the files take them) and the party's billing and shipping places. */
struct gst_party {
	char gstin[16];          /* "" unregistered */
	char name[201];
	char state[3];
	char phone[13];          /* "" when the party's is not 6..12 digits */
	char email[101];
	struct gst_place bill;   /* bill.pin "" when the billing address has no PIN code */
	struct gst_place ship;
	int ship_differs;        /* a shipping address with a PIN code, other than the billing one */
};
/* Reads voucher v's party (v's own GSTIN and name where the voucher has them). A voucher without a
 * party has a party of its name only. */
int gst_party_load(struct db *db, int64_t cid, const struct voucher *v, struct gst_party *ret, struct err *e)
	__attribute__((warn_unused_result));
/* The godown voucher v's goods leave from (or arrive at): when every item line names the same one,
 * and its address has a PIN code other than the seller's, 1 with *ret and its name; else 0. */
int gst_goods_place(struct db *db, int64_t cid, const struct voucher *v, const struct gst_seller *s, struct gst_place *ret,
		    char name[101], struct err *e) __attribute__((warn_unused_result));

/* "dd/mm/yyyy" (sep '/') or "dd-mm-yyyy" (sep '-') of an ISO date. */
void gst_date_dmy(const char *iso, char sep, char out[11]);
/* A service line: its HSN is a services accounting code (SAC, "99..."). */
int gst_is_service(const char *hsn);
/* The six-digit PIN code text as a number (0 when it is not one). */
int64_t gst_pin_number(const char *pin);

/* Whether voucher v takes an e-invoice: 0, or ERR_UNPROCESSABLE with the reason gst_einvoice_file
 * names (einvoice_type, cancelled_voucher, einvoice_unregistered). *ret_doc: "INV", "CRN" or "DBN". */
int gst_einvoice_eligible(const struct voucher *v, const char **ret_doc, struct err *e) __attribute__((warn_unused_result));

#endif
