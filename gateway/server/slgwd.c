/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * slgwd.c - the slgw gateway daemon: command line.
 *
 *   slgwd [--config FILE]          serve (default /etc/slgw/slgwd.xml)
 *   slgwd --check-config FILE      validate a configuration and exit
 *   slgwd --demo [--state-dir DIR] [--port N] [--port-file FILE]
 *   slgwd --print-schema           the configuration schema (XSD)
 *   slgwd --backup DEST [--config FILE | --state-dir DIR]
 *                                  online copy of the store (slgwd may run)
 *   slgwd --restore SRC [--config FILE | --state-dir DIR]
 *                                  replace the store (slgwd must be stopped)
 *   slgwd --version
 * One slgwd per store: serving (and --restore) holds an exclusive lock on
 * "<store>.lock" (srv_backup.c); a second instance is refused with the
 * holder's pid.  --state-dir without --demo designates the store
 * <DIR>/slgw.db for --backup / --restore (the demo's layout).
 * SIGTERM / SIGINT stop it cleanly: no new connections, the requests in
 * progress finish, idle connections are closed at once (without waiting
 * for the peers), the broker stops its workers (unfinished jobs are
 * reconciled at the next start).
 * At start the soft limit of open files is raised to the hard limit: every
 * open connection (idle keep-alive ones included) holds a descriptor, and
 * the usual soft limit of 1,024 would cap the server far below what its
 * reactor can hold (srv_server.c keeps 64 descriptors spare).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "srv.h"
#include "srv_backup.h"
#include "srv_copy.h"

static srv_server *the_server;

static void usage(FILE *f)
{
	fprintf(f, "usage: slgwd [--config FILE]\n"
		   "       slgwd --check-config FILE\n"
		   "       slgwd --demo [--state-dir DIR] [--port N] [--port-file FILE]\n"
		   "       slgwd --backup DEST [--config FILE | --state-dir DIR]\n"
		   "       slgwd --restore SRC [--config FILE | --state-dir DIR]\n"
		   "       slgwd --copy-store-to postgresql://... [--config FILE | --state-dir DIR]\n"
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

/* Takes the one-slgwd-per-store lock for cfg's store; prints why not. */
static int lock_store(const struct srv_config *cfg, int *fd)
{
	char err[1200];
	char *path = srv_store_path(cfg);
	int rc;

	if (!path)
		return -1;
	rc = cfg->cluster_node ? srv_store_lock_shared(fd, path, err, sizeof err)
			       : srv_store_lock(fd, path, err, sizeof err);
	free(path);
	if (rc)
		fprintf(stderr, "slgwd: %s\n", err);
	return rc;
}

static int serve(const char *config_path)
{
	struct srv_config cfg;
	char err[600];
	int rc, lock_fd = -1;

	if (srv_config_defaults(&cfg))
		return 1;
	if (srv_config_load(&cfg, config_path, err, sizeof err)) {
		fprintf(stderr, "slgwd: %s\n", err);
		srv_config_free(&cfg);
		return 2;
	}
	srv_log_set_level(cfg.log_level);
	signal(SIGPIPE, SIG_IGN);
	if (lock_store(&cfg, &lock_fd)) {
		srv_config_free(&cfg);
		return 1;
	}
	if (srv_server_new(&the_server, &cfg, err, sizeof err)) {
		fprintf(stderr, "slgwd: %s\n", err);
		srv_store_unlock(lock_fd);
		srv_config_free(&cfg);
		return 1;
	}
	rc = srv_server_run_until_signal(the_server) ? 1 : 0;
	srv_server_free(the_server);
	the_server = NULL;
	srv_store_unlock(lock_fd);
	srv_config_free(&cfg);
	return rc;
}

/* Runs --backup / --restore on the store designated by the configuration
 * file or the state directory. */
static int store_op(int is_restore, const char *file, const char *config,
		    const char *state_dir)
{
	struct srv_config cfg;
	char err[1200];
	char *path;
	int rc;

	rc = srv_store_config(&cfg, config, state_dir);
	if (rc)
		return rc;
	path = srv_store_path(&cfg);
	srv_config_free(&cfg);
	if (!path)
		return 1;
	if (is_restore)
		rc = srv_restore(path, file, stdout, err, sizeof err);
	else
		rc = srv_backup(path, file, stdout, err, sizeof err);
	free(path);
	if (rc)
		fprintf(stderr, "slgwd: %s\n", err);
	return rc == -2 ? 3 : rc ? 1 : 0;
}

/* Soft RLIMIT_NOFILE up to the hard limit (best effort). */
static void raise_fd_limit(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int main(int argc, char **argv)
{
	struct srv_demo_opts demo = { 0 };
	const char *config = "/etc/slgw/slgwd.xml";
	const char *backup = NULL, *restore = NULL, *copy_to = NULL;
	int is_demo = 0, config_given = 0;

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
			config_given = 1;
			i++;
		} else if (!strcmp(a, "--backup") && v) {
			backup = v;
			i++;
		} else if (!strcmp(a, "--copy-store-to") && v) {
			copy_to = v;
			i++;
		} else if (!strcmp(a, "--restore") && v) {
			restore = v;
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
	if (copy_to) {
		if (backup || restore || is_demo || demo.port_file ||
		    (config_given && demo.state_dir)) {
			fprintf(stderr, "slgwd: --copy-store-to takes one URL and either "
					"--config or --state-dir\n");
			return 2;
		}
		return srv_copy_main(copy_to, config, demo.state_dir);
	}
	if (backup || restore) {
		if ((backup && restore) || is_demo || demo.port_file ||
		    (config_given && demo.state_dir)) {
			fprintf(stderr, "slgwd: --backup / --restore take one file and either "
					"--config or --state-dir\n");
			return 2;
		}
		return store_op(restore != NULL, restore ? restore : backup, config,
				demo.state_dir);
	}
	raise_fd_limit();
	if (is_demo) {
		/* The demo's store is <state-dir>/slgw.db: lock it before the
		 * set-up touches anything in the directory. */
		struct srv_config lc = { 0 };
		int lock_fd, rc;
		lc.state_dir = (char *)(demo.state_dir ? demo.state_dir : "./slgw-demo");
		if (lock_store(&lc, &lock_fd))
			return 1;
		rc = srv_demo_main(&demo, argv[0]);
		srv_store_unlock(lock_fd);
		return rc;
	}
	if (demo.state_dir || demo.port_file) {
		fprintf(stderr, "slgwd: --state-dir/--port-file go with --demo\n");
		return 2;
	}
	return serve(config);
}
