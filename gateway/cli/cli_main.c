/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli_main.c - main() of slgw: find the command, parse its options and the
 * common ones, work out the connection settings, run it.
 *
 * Options may come before or after the command name. The password is taken,
 * in this order, from --password-file / --password-stdin, the explicit
 * --insecure-password (visible to every local user through ps: the name
 * says so), SLGW_PASSWORD, the config file, and finally a no-echo prompt
 * when there is a terminal.
 */
#include "cli_commands.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SLGW_CLI_VERSION "0.1.0"

static const char common_spec[] =
	"server=,user=,password-file=,password-stdin,insecure-password=,cacert=,fingerprint=,"
	"config=,no-config,allow-http,json,no-wait,timeout=,quiet,limit=,request-id=,help";

/* Global options that take a value, to skip them while looking for the
 * command name. */
static bool takes_value(const char *arg)
{
	static const char *const names[] = { "--server", "--user", "--password-file",
					     "--insecure-password", "--cacert", "--fingerprint",
					     "--config", "--timeout", "--limit", "--request-id" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(arg, names[i]) == 0)
			return true;
	return false;
}

/* How objects are named, the same for every command (cli_resolve.c). */
static const char objects_help[] =
	"\nSYSTEM, POOL, VOLUME, SNAPSHOT, HOST, TENANT and USER arguments take the\n"
	"object's id or its name. A name shared by several objects (or equal to\n"
	"another object's id) is refused with the candidate ids (exit 2): give the\n"
	"id, or narrow it (a POOL by --system, a SNAPSHOT by --volume). A name or\n"
	"id that names nothing is NOT_FOUND (exit 4), except that deletes pass an\n"
	"id on to the gateway, so deleting a volume or snapshot already gone\n"
	"succeeds.\n\n";

static void print_common_options(FILE *f)
{
	fputs("Connection (flags win over SLGW_* environment variables, which win over the\n"
	      "config file ~/.config/slgw/config, mode 0600, lines 'key = value' with keys\n"
	      "server, user, password, cacert, fingerprint):\n"
	      "  --server HOST[:PORT][,HOST[:PORT]...]\n"
	      "                            gateway address (SLGW_SERVER; default port 21605);\n"
	      "                            a list is tried in order: a gateway that refuses the\n"
	      "                            connection or the TLS handshake is left for the next\n"
	      "  --user NAME               (SLGW_USER)\n"
	      "  --password-file FILE      read the password from FILE's first line (mode 0600)\n"
	      "  --password-stdin          read the password from stdin\n"
	      "  --insecure-password PW    the password itself (visible in ps; SLGW_PASSWORD\n"
	      "                            or the config file are better); else a prompt\n"
	      "  --cacert FILE             trust this CA / certificate (SLGW_CACERT)\n"
	      "  --fingerprint SHA256      trust exactly this server certificate (SLGW_FINGERPRINT)\n"
	      "  --config FILE | --no-config   another config file (SLGW_CONFIG) / none\n"
	      "  --allow-http              permit a plain http:// server address\n"
	      "Output and jobs:\n"
	      "  --json                    JSON instead of tables (a job's whole record)\n"
	      "  --no-wait                 print the job id at once instead of waiting\n"
	      "  --timeout SECONDS         stop waiting for a job after this (exit 12)\n"
	      "  --quiet                   no progress output\n"
	      "  --limit N                 at most N items from a list\n"
	      "  --request-id ID           client request id: a retry with the same id\n"
	      "                            returns the same job instead of redoing it\n",
	      f);
}

static void print_help(FILE *f)
{
	size_t n;
	const struct cli_command *cmds = cli_commands(&n);

	fputs("Usage: slgw [OPTIONS] COMMAND [ARGS] [OPTIONS]\n"
	      "The command-line client of the slgw storage gateway.\n\nCommands:\n", f);
	for (size_t i = 0; i < n; i++) {
		/* The overview shows the first sentence only. */
		const char *h = cmds[i].help, *dot = strstr(h, ". ");
		int len = dot ? (int)(dot - h + 1) : (int)strlen(h);

		fprintf(f, "  %-18s %.*s\n", cmds[i].name, len, h);
	}
	fputs("\n`slgw COMMAND --help` shows a command's arguments.\n", f);
	fputs(objects_help, f);
	print_common_options(f);
	fputc('\n', f);
	fputs(cli_exit_help(), f);
}

static void print_command_help(FILE *f, const struct cli_command *cmd)
{
	fprintf(f, "Usage: slgw %s %s\n%s\n", cmd->name, cmd->synopsis, cmd->help);
	fputs(objects_help, f);
	print_common_options(f);
	fputc('\n', f);
	fputs(cli_exit_help(), f);
}

/* prompt_password: no-echo prompt on the terminal; NULL without one. */
static char *prompt_password(const char *user)
{
	char buf[512], *out;

	if (cli_tty_ask(buf, sizeof(buf), "Password for %s: ", user))
		return NULL;
	buf[strcspn(buf, "\r\n")] = '\0';
	out = buf[0] ? strdup(buf) : NULL;
	explicit_bzero(buf, sizeof(buf));
	return out;
}

static const char *env_or_null(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

int main(int argc, char **argv)
{
	const struct cli_command *cmd = NULL;
	struct cli_ctx c = { 0 };
	struct cli_args a;
	struct cli_layer flags = { 0 }, env = { 0 }, file = { 0 };
	char err[512], spec[1024], *path = NULL, *secret = NULL;
	char **rest;
	int nrest = 0, cmdpos = -1, rc;
	bool want_help;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--version") == 0) {
			printf("slgw %s\n", SLGW_CLI_VERSION);
			return 0;
		}
		if (strncmp(argv[i], "--", 2) == 0) {
			if (takes_value(argv[i]))
				i++;
			continue;
		}
		cmdpos = i;
		break;
	}
	if (cmdpos < 0 || strcmp(argv[cmdpos], "help") == 0) {
		bool asked = cmdpos >= 0;

		for (int i = 1; i < argc; i++)
			if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
				asked = true;
		if (asked && cmdpos >= 0 && cmdpos + 1 < argc &&
		    (cmd = cli_command_find(argv[cmdpos + 1])) != NULL) {
			print_command_help(stdout, cmd);
			return 0;
		}
		print_help(asked ? stdout : stderr);
		return asked ? 0 : CLI_EXIT_USAGE;
	}
	cmd = cli_command_find(argv[cmdpos]);
	if (!cmd) {
		fprintf(stderr, "slgw: unknown command '%s' (slgw --help lists them)\n", argv[cmdpos]);
		return CLI_EXIT_USAGE;
	}
	snprintf(spec, sizeof(spec), "%s%s%s", common_spec, cmd->spec[0] ? "," : "", cmd->spec);
	rest = calloc((size_t)argc, sizeof(char *));
	if (!rest)
		return CLI_EXIT_INTERNAL;
	for (int i = 1; i < argc; i++)
		if (i != cmdpos)
			rest[nrest++] = argv[i];
	if (cli_args_parse(&a, nrest, rest, spec, err, sizeof(err)) != 0) {
		fprintf(stderr, "slgw %s: %s (see: slgw %s --help)\n", cmd->name, err, cmd->name);
		free(rest);
		return CLI_EXIT_USAGE;
	}
	want_help = cli_flag(&a, "help");
	for (int i = 0; i < a.npos; i++)
		if (strcmp(a.pos[i], "-h") == 0)
			want_help = true;
	if (want_help) {
		print_command_help(stdout, cmd);
		free(rest);
		return 0;
	}

	c.json = cli_flag(&a, "json");
	c.no_wait = cli_flag(&a, "no-wait");
	c.quiet = cli_flag(&a, "quiet");
	c.request_id = cli_arg(&a, "request-id");
	c.tty = isatty(STDERR_FILENO);
	if (cli_arg(&a, "timeout") && cli_parse_int(cli_arg(&a, "timeout"), 1, 864000, &c.timeout_s) != 0) {
		fprintf(stderr, "slgw: --timeout is a number of seconds\n");
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	if (cli_arg(&a, "limit") && cli_parse_int(cli_arg(&a, "limit"), 1, 1000000, &c.limit) != 0) {
		fprintf(stderr, "slgw: --limit is a positive number\n");
		rc = CLI_EXIT_USAGE;
		goto out;
	}

	flags.server = cli_arg(&a, "server");
	flags.user = cli_arg(&a, "user");
	flags.cacert = cli_arg(&a, "cacert");
	flags.fingerprint = cli_arg(&a, "fingerprint");
	if (cli_arg(&a, "password-file")) {
		/* The login password file follows the client library's rules
		 * (owned by you, mode 0600), as the config file does. */
		if (slgw_client_read_password_file(&secret, cli_arg(&a, "password-file"), err,
						   sizeof(err)) != 0) {
			fprintf(stderr, "slgw: %s\n", err);
			rc = CLI_EXIT_USAGE;
			goto out;
		}
	} else if (cli_flag(&a, "password-stdin")) {
		char buf[512];

		if (!fgets(buf, sizeof(buf), stdin) || (buf[strcspn(buf, "\r\n")] = '\0', !buf[0])) {
			fprintf(stderr, "slgw: no password on stdin\n");
			rc = CLI_EXIT_USAGE;
			goto out;
		}
		secret = strdup(buf);
		explicit_bzero(buf, sizeof(buf));
	} else if (cli_arg(&a, "insecure-password")) {
		secret = strdup(cli_arg(&a, "insecure-password"));
	}
	flags.password = secret;
	env.server = env_or_null("SLGW_SERVER");
	env.user = env_or_null("SLGW_USER");
	env.password = env_or_null("SLGW_PASSWORD");
	env.cacert = env_or_null("SLGW_CACERT");
	env.fingerprint = env_or_null("SLGW_FINGERPRINT");
	if (!cli_flag(&a, "no-config")) {
		path = cli_arg(&a, "config") ? strdup(cli_arg(&a, "config")) : cli_config_default_path();
		if (path) {
			int r = cli_config_read_file(&file, path, err, sizeof(err));

			if (r < 0) {
				fprintf(stderr, "slgw: %s\n", err);
				rc = CLI_EXIT_USAGE;
				goto out;
			}
			if (r > 0 && cli_arg(&a, "config")) {
				fprintf(stderr, "slgw: config file %s does not exist\n", path);
				rc = CLI_EXIT_USAGE;
				goto out;
			}
		}
	}
	if (cli_settings_resolve(&c.set, &flags, &env, &file, cli_flag(&a, "allow-http"), err,
				 sizeof(err)) != 0) {
		fprintf(stderr, "slgw: %s\n", err);
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	if (!c.set.password) {
		c.set.password = prompt_password(c.set.user);
		if (!c.set.password) {
			fprintf(stderr,
				"slgw: no password: use --password-file, --password-stdin, SLGW_PASSWORD or the config file\n");
			rc = CLI_EXIT_USAGE;
			goto out;
		}
	}
	rc = cli_conn_open(&c);
	if (rc == 0)
		rc = cmd->run(&c, &a);
out:
	cli_conn_close(&c);
	cli_settings_free(&c.set);
	cli_layer_strings_free(&file);
	if (secret) {
		explicit_bzero(secret, strlen(secret));
		free(secret);
	}
	free(path);
	free(rest);
	return rc;
}
