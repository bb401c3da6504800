/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fake_env.h - per-test sandbox for the fake naviseccli: a temporary
 * directory holding the script, the invocation log and any answer files a
 * test writes, helpers to read the log (and captures) back, and the
 * configuration and VNX adapter pointing at the fake.
 *
 * Header-only (static functions) because each test program is one file;
 * the directory comes from tests/common/tmpdir.c, which the programs link.
 * The tests run in parallel, so nothing here uses a fixed path.
 */
#ifndef SLGW_TEST_FAKE_ENV_H
#define SLGW_TEST_FAKE_ENV_H

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vnx_adapter.h"
#include "../common/tmpdir.h"
#include "../common/vnx_test_config.h"

struct fake_env {
	char dir[256];
	char conf[300];
	char log[300];
	char envvar[400];
	char *envp[2];
};

static inline void fake_env_init(struct fake_env *fe)
{
	FILE *f;

	ck_assert_int_eq(tmpdir_make(fe->dir, sizeof(fe->dir), "slgw-adapter-"), 0);
	snprintf(fe->conf, sizeof(fe->conf), "%s/script", fe->dir);
	snprintf(fe->log, sizeof(fe->log), "%s/calls.log", fe->dir);
	snprintf(fe->envvar, sizeof(fe->envvar), "FAKE_NAVI_CONF=%s", fe->conf);
	fe->envp[0] = fe->envvar;
	fe->envp[1] = NULL;
	f = fopen(fe->conf, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "log %s\n", fe->log);
	fclose(f);
}

/* Appends one directive line to the script. */
static inline void fake_script(struct fake_env *fe, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static inline void fake_script(struct fake_env *fe, const char *fmt, ...)
{
	FILE *f = fopen(fe->conf, "a");
	va_list ap;

	ck_assert_ptr_nonnull(f);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	fclose(f);
}

/* Writes an answer file into the sandbox; returns its path (static buffer
 * per call site is not needed: the caller passes one). */
static inline void fake_file(struct fake_env *fe, char *path, size_t size, const char *name,
                             const char *content)
{
	FILE *f;

	snprintf(path, size, "%s/%s", fe->dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(content, f);
	fclose(f);
}

/* The whole of the file at path, a capture or the log (caller frees). */
static inline char *fake_slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(fread(buf, 1, (size_t)n, f), n);
	fclose(f);
	return buf;
}

/* Whole invocation log (caller frees), "" when nothing ran. */
static inline char *fake_log(struct fake_env *fe)
{
	return access(fe->log, F_OK) == 0 ? fake_slurp(fe->log) : strdup("");
}

/* 1 when the invocation log holds needle anywhere. */
static inline int fake_logged(struct fake_env *fe, const char *needle)
{
	char *log = fake_log(fe);
	int found = strstr(log, needle) != NULL;

	free(log);
	return found;
}

/* Number of "start" lines containing needle (e.g. " lun -create "). */
static inline int fake_count(struct fake_env *fe, const char *needle)
{
	char *log = fake_log(fe), *save = NULL;
	int n = 0;

	for (char *l = strtok_r(log, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		if (strncmp(l, "start ", 6) == 0 && strstr(l, needle))
			n++;
	free(log);
	return n;
}

/* The SP address of the k-th (0-based) start line, in buf. */
static inline void fake_nth_addr(struct fake_env *fe, int k, char *buf, size_t size)
{
	char *log = fake_log(fe), *save = NULL;
	int i = 0;

	buf[0] = '\0';
	for (char *l = strtok_r(log, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (strncmp(l, "start ", 6) != 0)
			continue;
		if (i++ == k) {
			char addr[128];

			if (sscanf(l, "start %*d %127s", addr) == 1 && size > 0) {
				/* Truncating copy, spelled out: gcc -O2 flags a
				 * truncating snprintf into a smaller buffer. */
				size_t n = strlen(addr) < size ? strlen(addr) : size - 1;
				memcpy(buf, addr, n);
				buf[n] = '\0';
			}
			break;
		}
	}
	free(log);
}

/* Removes the sandbox. */
static inline void fake_env_fini(struct fake_env *fe)
{
	tmpdir_remove(fe->dir);
}

/* A configuration pointing at the fake with SP A "10.0.0.1", SP B "10.0.0.2". */
static inline struct vnx_config fake_config(struct fake_env *fe)
{
	struct vnx_config c = vnx_test_config(FAKE_NAVISECCLI, "fake", "10.0.0.1", "10.0.0.2",
					      "Pa55-w0rd!", fe->envp);

	c.timeout_ms = 10000;
	return c;
}

/* The rules of the captured VNX5800 (getagent, pools, ports, RAID
 * groups; SLGW_CAPTURES), its `ndu -list` answered by the file ndu. */
static inline void fake_script_vnx5800(struct fake_env *fe, const char *ndu)
{
	fake_script(fe, "rule * * %s 0 getagent", SLGW_CAPTURES "/getagent.txt");
	fake_script(fe, "rule * * %s 0 ndu -list", ndu);
	fake_script(fe, "rule * * %s 0 storagepool -list -all", SLGW_CAPTURES "/storagepool_-list_-all.txt");
	fake_script(fe, "rule * * %s 0 port -list -sp -all", SLGW_CAPTURES "/port_-list_-sp_-all.txt");
	fake_script(fe, "rule * * %s 0 connection -getport -all",
		    SLGW_CAPTURES "/connection_-getport_-all.txt");
	fake_script(fe, "rule * * %s 0 getrg", SLGW_CAPTURES "/getrg.txt");
}

/* A VNX adapter on the fake as fake_config says. */
static inline struct slgw_adapter *fake_vnx_adapter(struct fake_env *fe)
{
	struct vnx_config cfg = fake_config(fe);
	struct slgw_adapter *a = NULL;
	struct slgw_adapter_error e;

	ck_assert_int_eq(vnx_adapter_new(&a, &cfg, &e), 0);
	return a;
}

#endif /* SLGW_TEST_FAKE_ENV_H */
