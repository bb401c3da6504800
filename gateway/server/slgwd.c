/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * slgwd.c - the slgw gateway daemon: command line.
 *
 *   slgwd [--config FILE]          serve (default /etc/slgw/slgwd.xml)
 *   slgwd --check-config FILE      validate a configuration and exit
 *   slgwd --demo [--state-dir DIR] [--port N] [--port-file FILE]
 *   slgwd --print-schema           the configuration schema (XSD)
 *   slgwd --version
 * SIGTERM / SIGINT stop it cleanly: no new connections, the requests in
 * progress finish, the broker stops its workers (unfinished jobs are
 * reconciled at the next start).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srv.h"

static srv_server *the_server;

static void on_signal(int sig)
{
	(void)sig;
	if (the_server)
		srv_server_stop(the_server);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: slgwd [--config FILE]\n"
		   "       slgwd --check-config FILE\n"
		   "       slgwd --demo [--state-dir DIR] [--port N] [--port-file FILE]\n"
		   "       slgwd --print-schema | --version | --help\n");
}

static int parse_port(const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < 0 || v > 65535)
		return -1;
	*out = (int)v;
	return 0;
}

static int serve(const char *config_path)
{
	struct srv_config cfg;
	char err[600];
	int rc;

	if (srv_config_defaults(&cfg))
		return 1;
	if (srv_config_load(&cfg, config_path, err, sizeof err)) {
		fprintf(stderr, "slgwd: %s\n", err);
		srv_config_free(&cfg);
		return 2;
	}
	srv_log_set_level(cfg.log_level);
	signal(SIGPIPE, SIG_IGN);
	if (srv_server_new(&the_server, &cfg, err, sizeof err)) {
		fprintf(stderr, "slgwd: %s\n", err);
		srv_config_free(&cfg);
		return 1;
	}
	{
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGINT, &sa, NULL);
	}
	rc = srv_server_run(the_server) ? 1 : 0;
	srv_server_free(the_server);
	the_server = NULL;
	srv_config_free(&cfg);
	return rc;
}

int main(int argc, char **argv)
{
	struct srv_demo_opts demo = { 0 };
	const char *config = "/etc/slgw/slgwd.xml";
	int is_demo = 0;

	demo.port = SRV_DEFAULT_PORT;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--version")) {
			printf("slgwd %s (API %s)\n", SRV_VERSION, SRV_API_NAMESPACE);
			return 0;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--print-schema")) {
			fputs(srv_config_xsd, stdout);
			return 0;
		} else if (!strcmp(a, "--check-config") && v) {
			struct srv_config cfg;
			char err[600];
			int rc;
			if (srv_config_defaults(&cfg))
				return 1;
			rc = srv_config_load(&cfg, v, err, sizeof err);
			if (rc)
				fprintf(stderr, "slgwd: %s\n", err);
			else
				printf("%s: valid\n", v);
			srv_config_free(&cfg);
			return rc ? 2 : 0;
		} else if (!strcmp(a, "--config") && v) {
			config = v;
			i++;
		} else if (!strcmp(a, "--demo")) {
			is_demo = 1;
		} else if (!strcmp(a, "--state-dir") && v) {
			demo.state_dir = v;
			i++;
		} else if (!strcmp(a, "--port") && v) {
			if (parse_port(v, &demo.port)) {
				fprintf(stderr, "slgwd: --port: '%s' is not a port number\n", v);
				return 2;
			}
			i++;
		} else if (!strcmp(a, "--port-file") && v) {
			demo.port_file = v;
			i++;
		} else {
			fprintf(stderr, "slgwd: unknown or incomplete option '%s'\n", a);
			usage(stderr);
			return 2;
		}
	}
	if (is_demo)
		return srv_demo_main(&demo, argv[0]);
	if (demo.state_dir || demo.port_file) {
		fprintf(stderr, "slgwd: --state-dir/--port-file go with --demo\n");
		return 2;
	}
	return serve(config);
}
