/* reports_int.h - what the report files share and nobody else needs: the chart of accounts read
 * into memory, and sums of the kept balances over a date range. */
#ifndef DAFTAR_REPORTS_INT_H
#define DAFTAR_REPORTS_INT_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "lib/db.h"
#include "lib/err.h"
#include "reports/reports.h"

/* ---- the chart ---- */

enum rnature { RN_ASSET, RN_LIABILITY, RN_INCOME, RN_EXPENSE, RN_MAX };

struct rgroup {
	int64_t id, parent_id;
	int64_t name;        /* chart pool offset */
	char code[32];
	enum rnature nature; /* of the top-level ancestor, so a subtree never changes sides */
	int direct;          /* this group or an ancestor feeds the trading account */
	int64_t sort;
	int parent;          /* index, -1 at the top */
	int top;             /* index of the top-level ancestor (itself at the top) */
	int depth;
};

struct rledger {
	int64_t id;
	int64_t name;        /* chart pool offset */
	int group;           /* index into groups, -1 when the group is unknown */
	int64_t opening;     /* paise, debit positive */
	char kind[16];
	int64_t party_id;
};

struct chart {
	int64_t cid;
	char company[256];
	char state_code[3];
	char books_from[11]; /* "" when the books row is missing */
	int ngroups;
	struct rgroup *groups;
	size_t nledgers;
	struct rledger *ledgers;  /* ordered by id */
	struct buf names;
};

/* Reads the company, its groups and ledgers. ERR_NOT_FOUND for an unknown company. */
int chart_load(struct db *db, int64_t cid, struct chart *ch, struct err *e) __attribute__((warn_unused_result));
void chart_done(struct chart *ch);
const char *chart_name(const struct chart *ch, int64_t off);
/* Index of ledger id, or -1. */
long chart_ledger(const struct chart *ch, int64_t id);
/* Index of the group with this code, or -1. */
int chart_group_code(const struct chart *ch, const char *code);
/* 1 when group g lies in the subtree of group root. */
int chart_in_subtree(const struct chart *ch, int g, int root);
/* Nature of a ledger (by its top-level group); RN_ASSET when the group is unknown. */
enum rnature chart_ledger_nature(const struct chart *ch, size_t li);
static inline int rnature_pl(enum rnature n) { return n == RN_INCOME || n == RN_EXPENSE; }

/* Adds each ledger's debits and credits over [d1, d2] (d1 NULL or "" = since the beginning) into
 * dr[i], cr[i] (indexed like ch->ledgers), from ledger_month for whole months and ledger_day for
 * the partial months at the edges. only_ledger > 0 restricts to that ledger. */
int chart_sums(struct db *db, const struct chart *ch, const char *d1, const char *d2, int64_t only_ledger,
	       int64_t *dr, int64_t *cr, struct err *e) __attribute__((warn_unused_result));

/* The FY whose opening balances income and expense ledgers belong to: that of books_from, or
 * INT32_MIN when unknown (they then count as before every year). */
int chart_books_fy(const struct chart *ch);

/* Fills r's header (name, title, company, dates). */
void report_head(struct report *r, const struct chart *ch, const char *name, const char *title,
		 const struct report_params *p);

/* Ledger statements into table t: opening row, postings with a running balance, totals and
 * closing. section: the ledger's name on every row (cash and bank books), else none. */
int report_statement(struct db *db, const struct chart *ch, size_t li, const struct report_params *p,
		     struct report *r, struct report_table *t, int section, int64_t *ret_closing,
		     struct err *e) __attribute__((warn_unused_result));

/* Opening balance of ledger li at the start of `from` as the trial balance shows it (income and
 * expense ledgers counted from the start of from's financial year). */
int ledger_opening_at(struct db *db, const struct chart *ch, size_t li, const char *from, int64_t *ret,
		      struct err *e) __attribute__((warn_unused_result));

#endif
