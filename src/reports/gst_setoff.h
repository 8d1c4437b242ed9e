/* gst_setoff.h - GSTR-3B table 6.1: the input tax credit set off against the tax payable in the
 * order the law sets (CGST Act sections 49(5) and 49A, rule 88A), the rest paid in cash. Pure
 * arithmetic on int64 paise. */
#ifndef DAFTAR_GST_SETOFF_H
#define DAFTAR_GST_SETOFF_H

#include <stdint.h>

enum gst_head { GH_IGST, GH_CGST, GH_SGST, GH_CESS, GH_MAX };

struct gst_setoff {
	int64_t payable[GH_MAX];           /* the tax payable by head (forward charge), never below 0 */
	int64_t credit[GH_MAX];            /* the credit available by head, never below 0 */
	int64_t used[GH_MAX][GH_MAX];      /* used[credit head][tax head] */
	int64_t cash[GH_MAX];              /* the tax left to pay in cash */
	int64_t carry[GH_MAX];             /* the credit left to carry forward */
};

/*
 * Sets off credit[] against payable[] (either may be negative: a negative credit, reversals past
 * the credit, is added to the tax payable of its head; a negative tax, notes past the supplies, is
 * no tax and gives no credit) in this order:
 *   1. IGST credit against IGST;
 *   2. what is left of it against CGST and SGST: first the part of each that its own credit cannot
 *      meet (CGST, then SGST), then the rest of CGST, then of SGST (rule 88A: IGST credit is used up
 *      before CGST or SGST credit is used at all);
 *   3. CGST credit against CGST, then against IGST; SGST credit against SGST, then against IGST
 *      (CGST credit never against SGST, nor SGST against CGST);
 *   4. cess credit against cess only.
 * Tax payable under reverse charge is not part of payable[]: it is paid in cash (section 49(4)).
 * -1 (out untouched) when a negative credit added to the tax would not fit in int64.
 */
int gst_setoff(const int64_t payable[GH_MAX], const int64_t credit[GH_MAX], struct gst_setoff *out)
	__attribute__((warn_unused_result));

#endif
