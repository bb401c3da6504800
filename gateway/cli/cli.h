/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli.h - internals of `slgw`, the command-line client of the gateway.
 *
 * Design. The CLI is split so that everything that does not need a server
 * can be tested on its own (tests/cli/check_cli.c):
 *   cli_config.c   where the server, user, password and trust anchor come
 *                  from (flags > environment > ~/.config/slgw/config), and
 *                  the permission check of that file;
 *   cli_output.c   exit status per fault class, aligned tables and JSON
 *                  output of records held as jansson objects;
 *   cli_args.c     the small option parser every command shares;
 *   cli_conn.c     the session, a client of gateway/client (TLS with a CA
 *                  file or a pinned SHA-256 fingerprint, failover over a
 *                  server list), faults -> exit status, waiting on jobs
 *                  with progress;
 *   cli_records.c  contract records -> jansson objects (one conversion
 *                  feeds both the tables and --json);
 *   cli_commands.c the command table and the helpers commands share;
 *   cli_cmd_*.c    the commands, one small function per operation, by
 *                  family (storage, access, admin);
 *   cli_main.c     main().
 * Every record the server returns is first turned into a json_t; tables
 * pick columns from it by key. So `--json` and the tables always agree.
 */
#ifndef SLGW_CLI_H
#define SLGW_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

/* Exit status of slgw, one per fault class (documented in `slgw --help`
 * and README). The server's fault codes map 1:1 onto 3..12. */
enum cli_exit {
	CLI_EXIT_OK = 0,
	CLI_EXIT_INTERNAL = 1,           /* INTERNAL, or an unexpected reply */
	CLI_EXIT_USAGE = 2,              /* bad command line or client config */
	CLI_EXIT_INVALID_ARGUMENT = 3,
	CLI_EXIT_NOT_FOUND = 4,
	CLI_EXIT_ALREADY_EXISTS = 5,
	CLI_EXIT_FAILED_PRECONDITION = 6,
	CLI_EXIT_PERMISSION_DENIED = 7,
	CLI_EXIT_UNAUTHENTICATED = 8,
	CLI_EXIT_RESOURCE_EXHAUSTED = 9,
	CLI_EXIT_ABORTED = 10,
	CLI_EXIT_UNAVAILABLE = 11,       /* also: cannot connect */
	CLI_EXIT_DEADLINE_EXCEEDED = 12, /* also: --timeout reached waiting */
	CLI_EXIT_TLS = 13,               /* server certificate not trusted */
	CLI_EXIT_CONFLICT = 14,          /* held by another object (named) */
	CLI_EXIT_NOT_SUPPORTED = 15,     /* the gateway or the array cannot */
};

/* cli_exit_for_code: exit status for a fault code name ("NOT_FOUND", ...);
 * CLI_EXIT_INTERNAL for an unknown name or NULL. */
int cli_exit_for_code(const char *code);

/* cli_exit_help: the documented table of exit statuses (static text). */
const char *cli_exit_help(void);

/* ---- connection settings (cli_config.c) ---------------------------------- */

struct cli_settings {
	char *server;        /* as given: host[:port] or https://host[:port]/, or a
			      * comma-separated list of them (failover) */
	char *endpoint;      /* normalised: https://host:port/ (a list: joined by ',') */
	char *user;
	char *password;
	char *cacert;        /* PEM file of the CA (or the self-signed cert) */
	char *fingerprint;   /* pinned SHA-256, 64 hex digits, lower case */
	bool allow_http;     /* plain http:// endpoints allowed */
};

/* One layer of settings (flags, environment, or file); NULL = not given. */
struct cli_layer {
	const char *server, *user, *password, *cacert, *fingerprint;
};

/* cli_config_read_file: parse a config file ("key = value" lines, '#'
 * comments; keys server, user, password, cacert, fingerprint) into *out
 * (strings owned by *out, free with cli_layer_strings_free). The file must
 * be a regular file, owned by the caller, and not readable or writable by
 * group or others: otherwise -1 with the reason in err. A missing file is
 * not an error (returns 1, *out empty). Returns 0 when read. */
int cli_config_read_file(struct cli_layer *out, const char *path, char *err, size_t errlen);

/* cli_layer_strings_free: frees the strings of a layer made by
 * cli_config_read_file and clears it. */
void cli_layer_strings_free(struct cli_layer *l);

/* cli_settings_resolve: merge flags > env > file into *out (owned copies).
 * Normalises the endpoints (default port 21605, https; the rules of
 * slgw_client_parse_servers), normalises the fingerprint (colons dropped,
 * lower case, must be 64 hex digits). Returns
 * 0, or -1 with a message in err (a usage error). The password may remain
 * NULL: the caller prompts or fails. */
int cli_settings_resolve(struct cli_settings *out, const struct cli_layer *flags,
			 const struct cli_layer *env, const struct cli_layer *file,
			 bool allow_http, char *err, size_t errlen);

/* cli_settings_free: frees the strings (the password is wiped first). */
void cli_settings_free(struct cli_settings *s);

/* cli_config_default_path: $SLGW_CONFIG, else $XDG_CONFIG_HOME/slgw/config,
 * else $HOME/.config/slgw/config; malloc'ed, NULL if none can be formed. */
char *cli_config_default_path(void);

/* cli_read_secret_file: first line of a file (newline stripped) into a
 * malloc'ed string; NULL with err on failure or an empty first line. */
char *cli_read_secret_file(const char *path, char *err, size_t errlen);

/* cli_tty_ask: prints the prompt (printf format) on /dev/tty and reads one
 * line into buf with echo off, restoring the terminal after. The line is
 * left as read (newline included); an unreadable answer gives "". Returns
 * 0, or -1 with buf untouched when there is no terminal. */
int cli_tty_ask(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- options (cli_args.c) ------------------------------------------------- */

#define CLI_MAX_OPTS 48
#define CLI_MAX_POS 8

struct cli_opt {
	const char *name;    /* without "--" */
	const char *value;   /* NULL for a flag */
};

struct cli_args {
	struct cli_opt opt[CLI_MAX_OPTS];
	int nopt;
	const char *pos[CLI_MAX_POS];
	int npos;
};

/* cli_args_parse: parse argv against an option spec: a comma-separated list
 * of names, "name=" for options taking a value, "name=*" for repeatable
 * ones, plain "name" for flags. Accepts "--name value" and "--name=value".
 * Returns 0, or -1 with a message in err (unknown option, missing value,
 * repeated single option, too many positionals). argv strings are borrowed. */
int cli_args_parse(struct cli_args *out, int argc, char **argv, const char *spec,
		   char *err, size_t errlen);

/* cli_arg: last value of an option, or NULL. */
const char *cli_arg(const struct cli_args *a, const char *name);

/* cli_flag: whether a flag was given. */
bool cli_flag(const struct cli_args *a, const char *name);

/* cli_arg_nth: n-th (0-based) value of a repeatable option, or NULL. */
const char *cli_arg_nth(const struct cli_args *a, const char *name, int n);

/* cli_parse_size_mb: "100" (MB), "100M", "20G", "2T" -> MB; -1 if invalid
 * or not positive. */
long long cli_parse_size_mb(const char *s);

/* cli_parse_int: a decimal int in [min, max]; 0 on success, -1 otherwise. */
int cli_parse_int(const char *s, long min, long max, int *out);

/* ---- output (cli_output.c) ------------------------------------------------ */

/* A column of a table: key in the record object ("a.b": member b of each
 * element of the list a, joined with ",") and the heading. */
struct cli_column {
	const char *key;
	const char *heading;
};

/* cli_sanitize: replace control characters (ESC, CR, BEL, ...) in s, in
 * place, with '?': text from the gateway must not drive the terminal. */
void cli_sanitize(char *s);

/* cli_print_clean: write s to f with control characters shown as '?'. */
void cli_print_clean(FILE *f, const char *s);

/* cli_value_text: a record field as text ("" for null/absent, numbers as
 * decimal, booleans yes/no, arrays joined with ",", an object as its
 * values space-separated, control characters replaced); malloc'ed. */
char *cli_value_text(const json_t *v);

/* cli_field_text: the text of the column key of a row (see cli_column:
 * "a.b" projects member b of each element of array a); malloc'ed. */
char *cli_field_text(const json_t *row, const char *key);

/* cli_print_table: aligned columns (two spaces apart, heading first) of an
 * array of objects. An empty array prints the heading only; otherwise a
 * column that is empty in every row is left out. */
void cli_print_table(FILE *f, const json_t *rows, const struct cli_column *cols, size_t ncols);

/* cli_print_table_indent: cli_print_table with every line indented. */
void cli_print_table_indent(FILE *f, int indent, const json_t *rows, const struct cli_column *cols,
			    size_t ncols);

/* cli_print_record: one object as "key: value" lines, keys aligned; a
 * member that is a list of objects follows as "key:" and an indented
 * table (headings from the keys); never raw JSON. */
void cli_print_record(FILE *f, const json_t *obj);

/* cli_match: the records of rows (an array of objects) that arg names:
 * those whose idkey member equals arg and those whose namekey member does
 * (a name may look like another object's id: both are returned, so the
 * caller can refuse the ambiguity). A new array; empty if none. */
json_t *cli_match(const json_t *rows, const char *arg, const char *idkey, const char *namekey);

/* cli_is_id: whether s has the shape of a gateway id (a decimal row id:
 * 1..19 digits, no leading zero). */
bool cli_is_id(const char *s);

/* cli_print_json: compact-safe indented JSON plus a newline. */
void cli_print_json(FILE *f, const json_t *v);

/* cli_progress_bar: "[#####.....]  50%" for a terminal (buf >= 64). */
void cli_progress_bar(char *buf, size_t len, int percent);

#endif
