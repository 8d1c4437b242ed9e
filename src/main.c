/* main.c - the daftar command: dispatch only. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "lib/secure.h"
#include "lib/banned.h"

#ifndef DAFTAR_VERSION
#define DAFTAR_VERSION "0.1.0"
#endif

static const char usage[] =
	"daftar - the back office of a small organisation in one program\n"
	"\n"
	"usage:\n"
	"  daftar init --data DIR [--company NAME] [--gstin GSTIN] [--db URL] [--demo]\n"
	"        admin password from DAFTAR_ADMIN_PASSWORD, else generated and printed once\n"
	"  daftar serve --data DIR [--listen 127.0.0.1:8080] [--db URL] [--threads N]\n"
	"        [--body-limit-kb 1024] [--conn-max 2048] [--conn-per-ip 512] [--header-timeout 10]\n"
	"        [--login-ip-limit 50] [--write-workers 64] [--trust-proxy]\n"
	"        [--tls-cert CERT.pem --tls-key KEY.pem] [--quiet] [--anchor-minutes 60] [--job-workers 2]\n"
	"        --conn-per-ip: connections from one address (an office behind one NAT shares it; with\n"
	"        --trust-proxy it defaults to --conn-max); --header-timeout: seconds a request's headers\n"
	"        have to arrive in whole, else the connection is cut\n"
	"        anchors every audit chain that grew, every N minutes (0: never), to DIR/audit-anchors.log\n"
	"  daftar user add --data DIR --user NAME [--name 'Full Name'] [--role ROLE] [--company ID]\n"
	"  daftar user passwd --data DIR --user NAME     (password from DAFTAR_PASSWORD or stdin)\n"
	"  daftar user role --data DIR --user NAME --role ROLE [--company ID]\n"
	"  daftar user list --data DIR\n"
	"  daftar user disable|enable --data DIR NAME   (disabling ends their sessions, refuses their tokens)\n"
	"  daftar user remove --data DIR NAME --company ID\n"
	"  daftar token create --data DIR --user NAME [--name LABEL] [--expires-days N]\n"
	"  daftar token list --data DIR [--user NAME]\n"
	"  daftar token revoke --data DIR ID\n"
	"  daftar company add --data DIR --name NAME [--gstin GSTIN] [--admin USER]\n"
	"  daftar audit verify --data DIR [--anchors FILE] [--public-key FILE] [--company ID] [--no-rows]\n"
	"        the chains, the chains against their signed anchors (DIR/audit-anchors.log unless told),\n"
	"        and every voucher, party, item and ledger against its last audited snapshot\n"
	"  daftar audit anchor --data DIR [--key FILE] [--company ID]   (signs the chain heads now)\n"
	"  daftar audit anchors --data DIR [--last]      (the anchors, to mail or print)\n"
	"  daftar audit key --data DIR                   (the anchor key's public key)\n"
	"  daftar backup --data DIR FILE                 (SQLite: one consistent copy, server running)\n"
	"  daftar restore --data DIR FILE                (SQLite: server stopped; FILE checked first)\n"
	"  daftar demo --data DIR [--company ID]         (adds demo data)\n"
	"  daftar import ledger --data DIR [--company ID] FILE   (ledger/hledger journal; all or nothing)\n"
	"  daftar export ledger --data DIR [--company ID] [--from DATE] [--to DATE]   (journal to stdout)\n"
	"  daftar export gstr1|gstr3b --data DIR [--company ID] --period YYYY-MM   (the portal's JSON)\n"
	"  daftar export e-invoice --data DIR [--company ID] --voucher ID           (IRP schema 1.1)\n"
	"  daftar export e-way-bill --data DIR [--company ID] --voucher ID [--vehicle NO] [--distance KM]\n"
	"        [--mode road|rail|air|ship]                                         (NIC bulk format)\n"
	"  daftar report NAME --data DIR [--company ID] [--from DATE] [--to DATE] [--ledger ID|NAME]\n"
	"        [--format table|csv|json] [--section NAME] [--depth N] [--all]\n"
	"        NAME: day-book, ledger, trial-balance, profit-loss, balance-sheet, cash-book, bank-book,\n"
	"        receivables, payables, gstr1, gstr3b, bank-reconciliation\n"
	"  daftar report stock-summary --data DIR [--date DATE] [--godown ID|NAME] [--format table|csv|json]\n"
	"  daftar report stock-movement --data DIR --item ID|SKU [--from DATE] [--to DATE] [--format ...]\n"
	"  daftar report stock-ageing --data DIR [--date DATE] [--section quantity|value] [--format ...]\n"
	"  daftar report reorder|batches --data DIR [--format ...]   (the stock as it is now)\n"
	"  daftar routes                                 (every API endpoint: method, path, access, permission)\n"
	"  daftar version\n"
	"\n"
	"  --db URL: sqlite:PATH (default sqlite:DIR/daftar.db) or postgres://user@host/dbname\n"
	"  ROLE: admin, coordinator, executive, assistant, analyst, auditor\n"
	"\n"
	"exit codes:\n"
	"  0 success        1 internal or database error   2 bad usage or invalid input\n"
	"  3 not allowed    4 not found                    5 conflict (exists, stale, duplicate)\n"
	"  6 business rule refused                         7 throttled\n"
	"  audit verify: 10 a chain broken   11 a chain disagrees with its anchors (rewritten, cut\n"
	"  short, a company removed)   12 an anchor line forged or unreadable   13 a business row\n"
	"  changed, unaudited or gone (the lowest that applies; 11 also from audit anchor: refused);\n"
	"  restore refuses a file whose chain is broken with 10\n";

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	/* What Daftar writes (the database, its WAL, backups, keys) holds password hashes and customer
	 * details: nobody else may read it, whatever the caller's umask. */
	umask(077);

	if (secure_init() < 0) {
		fprintf(stderr, "daftar: cannot initialise libsodium\n");
		return 1;
	}
	if (!strcmp(cmd, "init"))
		return cmd_init(argc, argv);
	if (!strcmp(cmd, "serve"))
		return cmd_serve(argc, argv);
	if (!strcmp(cmd, "user"))
		return cmd_user(argc, argv);
	if (!strcmp(cmd, "token"))
		return cmd_token(argc, argv);
	if (!strcmp(cmd, "company"))
		return cmd_company(argc, argv);
	if (!strcmp(cmd, "audit"))
		return cmd_audit(argc, argv);
	if (!strcmp(cmd, "backup"))
		return cmd_backup(argc, argv);
	if (!strcmp(cmd, "restore"))
		return cmd_restore(argc, argv);
	if (!strcmp(cmd, "demo"))
		return cmd_demo(argc, argv);
	if (!strcmp(cmd, "import"))
		return cmd_import(argc, argv);
	if (!strcmp(cmd, "export"))
		return cmd_export(argc, argv);
	if (!strcmp(cmd, "report"))
		return cmd_report(argc, argv);
	if (!strcmp(cmd, "routes"))
		return cmd_routes(argc, argv);
	if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
		printf("daftar %s\n", DAFTAR_VERSION);
		return 0;
	}
	if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		fputs(usage, stdout);
		return 0;
	}
	fputs(usage, stderr);
	return 2;
}
