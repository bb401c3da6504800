/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_copy.c - slgwd --copy-store-to URL: the SQLite store into PostgreSQL.
 *
 * Why a slgwd mode and not a script: the copy must be the store's (ids,
 * the instance id in array object names, id counters, the comparison
 * after; store_copy_to in store/copy.c), and it must not run beside a
 * gateway still writing to the file.  So it takes the same exclusive
 * store lock a serving slgwd holds (srv_store_lock): a running slgwd
 * makes it fail at once naming its pid, and no slgwd can start on the
 * file while the copy runs.  The store itself also holds its writer lock
 * for the whole copy, which covers any other process writing the file.
 * The file must exist: a mistyped path never produces an empty store
 * that would then be "copied".  The URL follows <store url>'s rules: no
 * password in it (libpq reads PGPASSFILE, ~/.pgpass or a passfile=
 * parameter).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "srv.h"
#include "srv_backup.h"
#include "srv_copy.h"

int srv_copy_main(const char *url, const char *config, const char *state_dir)
{
	struct srv_config cfg;
	store_copy_result res;
	char err[1200], serr[400];
	struct stat sb;
	char *path = NULL;
	store *s = NULL;
	int rc, lock_fd = -1;

	if (store_url_check(url)) {
		fprintf(stderr, "slgwd: --copy-store-to: %s\n", store_errmsg());
		return 2;
	}
	rc = srv_store_config(&cfg, config, state_dir);
	if (rc)
		return rc;
	if (cfg.store_url) {
		fprintf(stderr, "slgwd: --copy-store-to: the configured store is already in "
				"PostgreSQL (<store url>)\n");
		srv_config_free(&cfg);
		return 2;
	}
	path = srv_store_path(&cfg);
	srv_config_free(&cfg);
	if (!path)
		return 1;
	if (stat(path, &sb) || !S_ISREG(sb.st_mode)) {
		fprintf(stderr, "slgwd: %s: no such store file\n", path);
		free(path);
		return 1;
	}
	rc = srv_store_lock(&lock_fd, path, err, sizeof err);
	if (rc) {
		fprintf(stderr, "slgwd: %s\n", err);
		free(path);
		return rc == -2 ? 3 : 1;
	}
	if (store_open(&s, path, serr, sizeof serr)) {
		fprintf(stderr, "slgwd: %s: cannot open: %s\n", path, serr);
		rc = 1;
	} else if (store_copy_to(&res, s, url)) {
		fprintf(stderr, "slgwd: copy of %s failed: %s\n", path, store_errmsg());
		rc = 1;
	} else {
		printf("copied %s into PostgreSQL: %lld rows in %d tables, each table "
		       "compared (rows and SHA-256) and equal\n",
		       path, (long long)res.rows, res.tables);
		rc = 0;
	}
	store_close(s);
	srv_store_unlock(lock_fd);
	free(path);
	return rc;
}
