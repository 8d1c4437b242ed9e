/* journal.h - the ledger/hledger journal format in and out of the books: amounts and account
 * names read the way ledger and hledger write them, a journal imported as vouchers, the books
 * exported as a journal that imports back to the same balances. */
#ifndef DAFTAR_JOURNAL_H
#define DAFTAR_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "accounts/accounts.h"
#include "lib/db.h"
#include "lib/err.h"

/* Parses one journal amount into paise: "1234.50", "1234.5 INR", "INR 1234.50", "₹1,23,456.50",
 * "-₹500", "₹-500", with Indian or western thousands commas. Decimals beyond the paise are
 * refused unless they are zeros. 0, or -1 with the reason in why (cap bytes). */
int journal_amount_parse(const char *s, size_t n, int64_t *ret_paise, char *why, size_t cap)
	__attribute__((warn_unused_result));
/* The code of the predefined group an account name maps to ("bank_accounts", "sundry_debtors",
 * ...; "suspense" when the name says nothing): its root (Assets, Liabilities, Equity, Income,
 * Expenses), then a predefined group name right under the root, then the first segment that
 * names a group or a telling word ("Bank", "Receivables", "TDS", "Sales", "Freight:Inward", ...).
 * Case is ignored. Never NULL; the string is static. */
const char *journal_group_code(const char *account);
/* The ledger name an account maps to: the account itself, or for "Root:Standard Group:Name" (the
 * shape export writes for ledgers not named as paths) just "Name". Borrowed from account. */
const char *journal_ledger_name(const char *account);

struct journal_import_result {
	int64_t transactions, postings, ledgers_created;
	int64_t suspense_ledgers;          /* created under Suspense A/c: their names said nothing */
	int64_t by_type[VT_MAX];           /* vouchers made of each type */
	int64_t first_voucher_id, last_voucher_id;
	char blake2b[65];                  /* hex BLAKE2b-256 of the file */
};

/* Imports a ledger/hledger journal into company cid as vouchers, inside the caller's write
 * transaction (db_tx; db_tx_bulk lets SQLite load faster), which the caller rolls back on an
 * error: every transaction or nothing. Accounts become ledgers under the group their name maps
 * to (an existing ledger of that name is reused); types are contra, receipt, payment or journal
 * by the cash and bank ledgers touched; numbers continue each type's series. One audit record
 * (entity "import", action "ledger") holds the file name, its hash and the counts. Errors:
 * ERR_INVALID (syntax) or ERR_UNPROCESSABLE (unbalanced, closed period, archived ledger) with
 * "line N: ..." in the message and N in e->aux; ERR_NOT_FOUND for a missing file or company.
 * The file is mapped, not read whole into the heap; ret may be NULL. */
int journal_import(struct db *db, int64_t cid, int64_t actor, const char *path,
		   struct journal_import_result *ret, struct err *e) __attribute__((warn_unused_result));
/* The same for a journal already in memory (file_name is recorded in the audit only). */
int journal_import_mem(struct db *db, int64_t cid, int64_t actor, const char *file_name,
		       const char *data, size_t len, struct journal_import_result *ret, struct err *e)
	__attribute__((warn_unused_result));

/* Receives export output; returns <0 to stop (export then fails with ERR_INTERNAL). */
typedef int (*journal_write_fn)(void *ctx, const char *data, size_t n);

struct journal_export_result {
	int64_t vouchers, postings, ledgers;
};

/* Writes the company's active vouchers dated in [from, to] (NULL or "": open) as a journal, in
 * date and id order: "DATE * (NUMBER) narration  ; ref:REFERENCE" and one posting per line,
 * "    ACCOUNT  1234.50 INR". Opening balances (plus, with from, everything before it) come first
 * as one transaction the day before, balanced by Equity:Opening-Balances. Ledgers whose names do
 * not map back to their group are written "Root:Standard Group:Name", which import reads back
 * as Name in that group. Reads inside the caller's read snapshot (db_begin_read), so vouchers
 * and balances agree. ret may be NULL. */
int journal_export(struct db *db, int64_t cid, const char *from, const char *to, journal_write_fn write,
		   void *ctx, struct journal_export_result *ret, struct err *e) __attribute__((warn_unused_result));

#endif
