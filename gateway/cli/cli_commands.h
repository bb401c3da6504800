/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli_commands.h - the table of slgw commands (cli_commands.c).
 *
 * A command is a name, a usage synopsis, the option spec it accepts (see
 * cli_args_parse) besides the common ones, its function and one line of
 * help. The function returns an exit status (enum cli_exit).
 */
#ifndef SLGW_CLI_COMMANDS_H
#define SLGW_CLI_COMMANDS_H

#include "cli_conn.h"

struct cli_command {
	const char *name;
	const char *synopsis;
	const char *spec;
	int (*run)(struct cli_ctx *c, const struct cli_args *a);
	const char *help;
};

/* cli_commands: all commands, in help order; *n gets the count. */
const struct cli_command *cli_commands(size_t *n);

/* cli_command_find: the command called name, or NULL. */
const struct cli_command *cli_command_find(const char *name);

#endif
