/* cli.c - option parsing, the data directory, and error printing for every command. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/banned.h"

int cli_parse(int argc, char **argv, int from, const char *const *flags, struct cli_opts *o)
{
	memset(o, 0, sizeof *o);
	for (int i = from; i < argc; i++) {
		const char *a = argv[i];
		if (strncmp(a, "--", 2) == 0 && a[2]) {
			int is_flag = 0;
			const char *eq = strchr(a, '=');
			if (o->n >= CLI_MAX_OPTS) {
				fprintf(stderr, "daftar: too many options\n");
				return -1;
			}
			for (const char *const *f = flags; f && *f; f++)
				if (strcmp(*f, a + 2) == 0)
					is_flag = 1;
			if (eq) {
				static char names[CLI_MAX_OPTS][64];
				size_t n = (size_t)(eq - a - 2);
				if (n >= sizeof names[0]) {
					fprintf(stderr, "daftar: option %s is too long\n", a);
					return -1;
				}
				memcpy(names[o->n], a + 2, n);
				names[o->n][n] = '\0';
				o->name[o->n] = names[o->n];
				o->value[o->n++] = eq + 1;
			} else if (is_flag) {
				o->name[o->n] = a + 2;
				o->value[o->n++] = NULL;
			} else {
				if (i + 1 >= argc) {
					fprintf(stderr, "daftar: option %s needs a value\n", a);
					return -1;
				}
				o->name[o->n] = a + 2;
				o->value[o->n++] = argv[++i];
			}
		} else {
			if (o->npos >= CLI_MAX_OPTS) {
				fprintf(stderr, "daftar: too many arguments\n");
				return -1;
			}
			o->pos[o->npos++] = a;
		}
	}
	return 0;
}

const char *cli_get(const struct cli_opts *o, const char *name)
{
	for (int i = o->n - 1; i >= 0; i--)
		if (strcmp(o->name[i], name) == 0)
			return o->value[i] ? o->value[i] : "";
	return NULL;
}

int cli_flag(const struct cli_opts *o, const char *name) { return cli_get(o, name) != NULL; }

int cli_db_url(const struct cli_opts *o, char *out, size_t cap)
{
	const char *db = cli_get(o, "db"), *dir = cli_get(o, "data");
	char path[4096];
	FILE *f;

	if (db && *db)
		return snprintf(out, cap, "%s", db) < (int)cap ? 0 : -1;
	if (!dir || !*dir) {
		fprintf(stderr, "daftar: --data DIR is required\n");
		return -1;
	}
	snprintf(path, sizeof path, "%s/db.url", dir);
	f = fopen(path, "r");
	if (f) {
		char line[2048] = "";
		if (fgets(line, sizeof line, f)) {
			line[strcspn(line, "\r\n")] = '\0';
			fclose(f);
			if (*line)
				return snprintf(out, cap, "%s", line) < (int)cap ? 0 : -1;
		} else {
			fclose(f);
		}
	}
	return snprintf(out, cap, "sqlite:%s/daftar.db", dir) < (int)cap ? 0 : -1;
}

int cli_fail(const struct err *e)
{
	if (e->field[0])
		fprintf(stderr, "daftar: %s (%s)\n", e->msg, e->field);
	else
		fprintf(stderr, "daftar: %s\n", e->msg);
	return err_exit_code(e->code ? e->code : ERR_INTERNAL);
}

int cli_open(const struct cli_opts *o, struct db **ret)
{
	char url[2048];
	struct err e = ERR_INIT;
	if (cli_db_url(o, url, sizeof url) < 0)
		return 2;
	if (db_open(url, ret, &e) < 0)
		return cli_fail(&e);
	if (db_migrate(*ret, &e) < 0) {
		db_close(*ret);
		*ret = NULL;
		return cli_fail(&e);
	}
	return 0;
}
