/* fuzz_journal.c - the ledger/hledger journal reader (accounts/journal_parse.c) on any text: it
 * never crashes, and every transaction it hands on is whole: a real date, postings, every one
 * with its amount (the elided one filled in), and amounts that sum to zero exactly.
 * One amount of the journal's syntax parses back to itself once formatted. */
#include <stdint.h>

#include "fuzz.h"
#include "accounts/journal_int.h"
#include "lib/date.h"
#include "lib/money.h"

static struct journal_acct acct = {.key = (char *)"fuzz", .id = 1};

static int account(void *ctx, const char *name, size_t n, long line, struct journal_acct **ret, struct err *e)
{
	(void)ctx;
	(void)line;
	(void)e;
	FUZZ_CHECK(n > 0 && memchr(name, '\n', n) == NULL);
	*ret = &acct;
	return 0;
}

static int txn(void *ctx, const struct journal_txn *t, struct err *e)
{
	__int128 sum = 0; /* in any order of the postings, without overflow */
	(void)ctx;
	(void)e;
	FUZZ_CHECK(date_iso_ok(t->date));
	FUZZ_CHECK(t->nposts >= 1 && t->elided < t->nposts);
	for (int i = 0; i < t->nposts; i++) {
		FUZZ_CHECK((t->posts[i].has_amount || i == t->elided) && t->posts[i].acct == &acct);
		sum += t->posts[i].amount;
	}
	FUZZ_CHECK(sum == 0);
	return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct journal_reader rd;
	struct err e = ERR_INIT;
	char why[128], out[MONEY_STR_MAX];
	int64_t v, w;

	acct.running = 0;
	memset(&rd, 0, sizeof rd);
	rd.data = (const char *)data;
	rd.len = size;
	rd.account = account;
	rd.txn = txn;
	(void)journal_read(&rd, &e);
	if (size < 64 && journal_amount_parse((const char *)data, size, &v, why, sizeof why) == 0) {
		money_format(v, out, sizeof out);
		FUZZ_CHECK(journal_amount_parse(out, strlen(out), &w, why, sizeof why) == 0 && w == v);
	}
	return 0;
}
