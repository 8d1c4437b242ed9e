/* gst_setoff.c - the order of set-off of GSTR-3B table 6.1; see gst_setoff.h. */
#include <string.h>

#include "reports/gst_setoff.h"
#include "lib/banned.h"

static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

/* Uses as much of credit head c as tax head t still needs, at most `cap`. */
static void use(struct gst_setoff *s, int c, int t, int64_t cap)
{
	int64_t x = min64(min64(s->carry[c], s->cash[t]), cap);
	if (x <= 0)
		return;
	s->used[c][t] += x; /* each use is at most the credit, and the credits are int64 */
	s->carry[c] -= x;
	s->cash[t] -= x;
}

int gst_setoff(const int64_t payable[GH_MAX], const int64_t credit[GH_MAX], struct gst_setoff *out)
{
	struct gst_setoff s;
	memset(&s, 0, sizeof s);
	for (int h = 0; h < GH_MAX; h++) {
		s.payable[h] = payable[h] > 0 ? payable[h] : 0;
		if (credit[h] < 0 && __builtin_sub_overflow(s.payable[h], credit[h], &s.payable[h]))
			return -1;
		s.credit[h] = credit[h] > 0 ? credit[h] : 0;
		s.cash[h] = s.payable[h];
		s.carry[h] = s.credit[h];
	}
	/* 1. IGST credit against IGST */
	use(&s, GH_IGST, GH_IGST, INT64_MAX);
	/* 2. the rest of it against CGST and SGST: what their own credit cannot meet first */
	use(&s, GH_IGST, GH_CGST, s.cash[GH_CGST] - min64(s.cash[GH_CGST], s.carry[GH_CGST]));
	use(&s, GH_IGST, GH_SGST, s.cash[GH_SGST] - min64(s.cash[GH_SGST], s.carry[GH_SGST]));
	use(&s, GH_IGST, GH_CGST, INT64_MAX);
	use(&s, GH_IGST, GH_SGST, INT64_MAX);
	/* 3. CGST credit against CGST then IGST; SGST credit against SGST then IGST */
	use(&s, GH_CGST, GH_CGST, INT64_MAX);
	use(&s, GH_CGST, GH_IGST, INT64_MAX);
	use(&s, GH_SGST, GH_SGST, INT64_MAX);
	use(&s, GH_SGST, GH_IGST, INT64_MAX);
	/* 4. cess against cess */
	use(&s, GH_CESS, GH_CESS, INT64_MAX);
	*out = s;
	return 0;
}
