/* journal_int.h - what the journal files share and nobody else needs: character classes, the map
 * of account names to ledgers (journal_map.c), the reader's transaction and its callbacks
 * (journal_parse.c), and errors that name the line. */
#ifndef DAFTAR_JOURNAL_INT_H
#define DAFTAR_JOURNAL_INT_H

#include <stddef.h>
#include <stdint.h>

#include "accounts/journal.h"
#include "lib/db.h"
#include "lib/err.h"

static inline int journal_is_space(char c) { return c == ' ' || c == '\t'; }
static inline int journal_is_digit(char c) { return c >= '0' && c <= '9'; }
static inline int journal_is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static inline char journal_lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c; }

/* "line N: ..." with N in e->aux; field stays empty so the CLI prints the message alone.
 * Returns code. */
int journal_line_err(struct err *e, int code, long line, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* "line N: amount is too large: amounts go up to ₹..." with reason "too_large" and the figures max
 * (MONEY_MAX) and kind "amount": ERR_INVALID for an amount as written, ERR_UNPROCESSABLE for a
 * sum past the ceiling (a transaction's total, a ledger's day). Returns code. */
int journal_line_too_large(struct err *e, int code, long line);

/* ---- account names -> ledgers (journal_map.c) ---- */

/* One name a ledger is known by in a journal. Invariant: key is never NULL. */
struct journal_acct {
	char *key;          /* the account as written in the journal */
	uint64_t hash;
	int64_t id;         /* the ledger */
	int cashbank;       /* a cash or bank ledger (decides the voucher type) */
	int archived;
	int64_t running;    /* paise: the account's balance so far in the journal, for assertions */
};

/* An open-addressing table of names; every entry is owned by it. Zeroed is empty. */
struct journal_accts {
	struct journal_acct **slots;
	size_t cap, n;
};

/* The entry for key, or NULL. */
struct journal_acct *journal_accts_get(const struct journal_accts *m, const char *key);
/* Adds key (copied) as a name of ledger id; the new entry, or NULL when out of memory (the table
 * is unchanged). The caller has checked that key is not there yet. */
struct journal_acct *journal_accts_put(struct journal_accts *m, const char *key, int64_t id, int cashbank, int archived);
/* Frees every entry; the table is empty again. */
void journal_accts_free(struct journal_accts *m);

#define JOURNAL_GROUPS_MAX 32

/* The company's chart as an import sees it: every ledger by every name it was written under,
 * new ledgers created (inside the caller's write transaction) as new names come. */
struct journal_chart {
	struct db *db;
	int64_t cid;
	const char *now;              /* created_at of new ledgers; borrowed */
	int64_t actor;                /* who the audit records of new ledgers name (after load) */
	struct journal_accts accts;
	struct {
		const char *code;
		int64_t id;
	} groups[JOURNAL_GROUPS_MAX]; /* predefined groups already looked up */
	int ngroups;
	int64_t created;              /* ledgers created */
	int64_t suspense;             /* of them, under Suspense A/c: their names said nothing */
};

/* Reads the company's ledgers by name. c is zeroed first; journal_chart_done it either way. */
int journal_chart_load(struct journal_chart *c, struct db *db, int64_t cid, const char *now, struct err *e)
	__attribute__((warn_unused_result));
/* The ledger of the account name (len bytes at p): known, or created under the group its name
 * maps to. Names are checked (UTF-8, length, controls, no virtual postings): ERR_INVALID naming
 * line. */
int journal_chart_resolve(struct journal_chart *c, const char *p, size_t len, long line, struct journal_acct **ret,
			  struct err *e) __attribute__((warn_unused_result));
void journal_chart_done(struct journal_chart *c);

/* ---- ledgers -> account names (journal_map.c, for export) ---- */

struct journal_group {
	int64_t id, parent;   /* parent 0 at the top */
	char code[32];        /* the predefined group's code, "" for a user's group */
	char nature[16];      /* "asset", "liability", "income", "expense" */
};

/* The journal name of ledger id called name in group gid (gv: the company's groups): its own
 * name when that maps back to its group, else "Root:Standard Group:Name"; unique among the
 * names in seen (a clash gets " #id"), and added to it. Controls become spaces and runs of
 * spaces one. A new string the caller frees, or NULL when out of memory. */
char *journal_export_name(const char *name, const struct journal_group *gv, int ng, int64_t gid,
			  struct journal_accts *seen, int64_t id);
/* Text made fit for one journal line: controls become spaces; in names (is_name) runs of spaces
 * become one (two spaces end an account name); elsewhere ';' becomes ',' (it would start a
 * comment). Trailing spaces go. In place. */
void journal_clean(char *s, int is_name);

/* ---- the reader (journal_parse.c) ---- */

struct journal_posting {
	struct journal_acct *acct;
	int64_t amount;       /* paise, debit positive */
	int has_amount;       /* 0: left out (the one posting that balances the rest) */
	int has_assert;       /* "AMOUNT = BALANCE": the account's balance after this posting */
	int64_t assert_balance;
	long line;
};

/* The transaction being read. */
struct journal_txn {
	long line;
	char date[11];
	char narration[2001];
	char reference[201];
	int open;
	int elided;           /* index of the posting without an amount, -1 when none */
	struct journal_posting *posts;
	int nposts, capposts;
};

/* A journal in memory and what to do with what is read from it. */
struct journal_reader {
	const char *data;
	size_t len;
	int mapped;           /* data is a mapping whose read pages may be handed back */
	size_t released;
	/* The ledger of an account name (journal_chart_resolve). */
	int (*account)(void *ctx, const char *name, size_t n, long line, struct journal_acct **ret, struct err *e);
	/* A transaction read whole: it balances, and every posting has its amount. */
	int (*txn)(void *ctx, const struct journal_txn *t, struct err *e);
	void *ctx;
};

/* Reads the whole journal, calling back per account name and per transaction; stops at the
 * first error (ERR_INVALID for syntax, ERR_UNPROCESSABLE for an unbalanced transaction, a balance
 * assertion that does not hold or an archived ledger, naming the line; or what a callback
 * returned). Balance assertions ("AMOUNT = BALANCE", "== BALANCE") are checked against the
 * account's balance within the journal, postings taken in the order of the file, as ledger does. */
int journal_read(struct journal_reader *rd, struct err *e) __attribute__((warn_unused_result));

#endif
