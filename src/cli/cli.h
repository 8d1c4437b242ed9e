/* cli.h - shared pieces of the command line: option parsing and opening the data directory. */
#ifndef DAFTAR_CLI_H
#define DAFTAR_CLI_H

#include "lib/db.h"
#include "lib/err.h"

#define CLI_MAX_OPTS 24

struct cli_opts {
	int n;
	const char *name[CLI_MAX_OPTS];   /* "data", "db", ... (without the dashes) */
	const char *value[CLI_MAX_OPTS];  /* NULL for flags */
	int npos;
	const char *pos[CLI_MAX_OPTS];    /* positional arguments */
};

/* Parses argv[from..argc) into o. Options take a value unless listed in flags (NULL-terminated).
 * Returns 0, or -1 after printing the problem to stderr. */
int cli_parse(int argc, char **argv, int from, const char *const *flags, struct cli_opts *o);
const char *cli_get(const struct cli_opts *o, const char *name);
int cli_flag(const struct cli_opts *o, const char *name);
/* The database URL: --db, else DIR/db.url written by init, else sqlite:DIR/daftar.db. */
int cli_db_url(const struct cli_opts *o, char *out, size_t cap);
/* Opens the database of --data and applies migrations. Prints errors; returns 0 or an exit code. */
int cli_open(const struct cli_opts *o, struct db **ret);
/* Prints e to stderr as "daftar: message (field)" and returns its exit code. */
int cli_fail(const struct err *e);

int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_company(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
/* export gstr1|gstr3b|e-invoice|e-way-bill (cli_gst.c); argv[2] names the file. */
int cmd_export_gst(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_routes(int argc, char **argv);

/* Makes sure data directory dir has its audit anchor key (made on first use) and prints where
 * it is and its public key. 0, or an exit code after printing the problem. */
int cli_anchor_key(const char *dir);

/* Loads believable demo data into company cid (used by `init --demo` and `demo`). */
int demo_load(struct db *db, int64_t cid, struct err *e);

#endif
