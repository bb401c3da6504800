/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_concurrency.c - 16 processes hit one array at once, as the
 * gateway's parallel jobs do: each creates a LUN, finds its id, and maps
 * it into a shared storage group picking the lowest free HLU and retrying
 * when the array answers "Requested Host LUN Number already in use".  The
 * end state must have unique LUN ids, unique HLUs and ALUs per group, one
 * log line per invocation, and a state file that passes integrity_check.
 * The workers are released together through a pipe so they really race.
 */
#include "navisim_db.h"
#include "nstest.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define WORKERS 16
#define G "-h 192.0.2.41 "

/* Lowest HLU >= 1 not listed in a storagegroup -list output. */
static int free_hlu(const char *listing)
{
	int used[256] = {0};
	const char *p = strstr(listing, "  ----------     ----------\n");
	if (p) {
		p = strchr(p, '\n') + 1;
		while (strncmp(p, "    ", 4) == 0) {
			int h = atoi(p + 4);
			if (h >= 0 && h < 256)
				used[h] = 1;
			p = strchr(p, '\n');
			if (!p)
				break;
			p++;
		}
	}
	for (int h = 1; h < 256; h++)
		if (!used[h])
			return h;
	return -1;
}

static int worker(int i)
{
	char out[65536], cmd[512];
	const char *p;
	long id;

	snprintf(cmd, sizeof(cmd), G "lun -create -type Thin -capacity 1 -sq gb -poolId %d -name w%d -o", i % 2, i);
	if (ns_run_quiet(out, sizeof(out), cmd) != 0 || out[0])
		return 10;
	snprintf(cmd, sizeof(cmd), G "lun -list -all -name w%d", i);
	if (ns_run_quiet(out, sizeof(out), cmd) != 0 || !(p = strstr(out, "LOGICAL UNIT NUMBER ")))
		return 11;
	id = strtol(p + 20, NULL, 10);
	for (int attempt = 0; attempt < 64; attempt++) {
		int hlu;
		snprintf(cmd, sizeof(cmd), G "storagegroup -list -gname g%d", i % 2);
		if (ns_run_quiet(out, sizeof(out), cmd) != 0)
			return 12;
		hlu = free_hlu(out);
		snprintf(cmd, sizeof(cmd), G "storagegroup -addhlu -hlu %d -alu %ld -gname g%d -o", hlu, id, i % 2);
		if (ns_run_quiet(out, sizeof(out), cmd) == 0 && !out[0])
			return 0;
		if (!strstr(out, "Requested Host LUN Number already in use"))
			return 13;
	}
	return 14;
}

START_TEST(sixteen_processes_create_and_map)
{
	pid_t pids[WORKERS];
	int gate[2], seen_hlu[2][256] = {{0}}, seen_alu[8192] = {0}, pairs = 0, luns = 0;
	ns_result r;
	navisim_db *db;
	char path[600];

	ns_setup();
	ns_array("c1", "192.0.2.41", "192.0.2.42", NULL);
	ns_ok(G "storagegroup -create -gname g0");
	ns_ok(G "storagegroup -create -gname g1");
	ck_assert_int_eq(pipe(gate), 0);
	for (int i = 0; i < WORKERS; i++) {
		pids[i] = fork();
		ck_assert_int_ge(pids[i], 0);
		if (pids[i] == 0) {
			char c;
			close(gate[1]);
			while (read(gate[0], &c, 1) < 0 && errno == EINTR)
				;
			_exit(worker(i));
		}
	}
	close(gate[0]);
	close(gate[1]); /* EOF releases every worker at once */
	for (int i = 0; i < WORKERS; i++) {
		int st;
		ck_assert_int_eq(waitpid(pids[i], &st, 0), pids[i]);
		ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "worker %d failed: status %d", i,
			      WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	}
	/* Unique LUN ids. */
	ns_cmd(&r, G "lun -list -all");
	for (const char *p = r.out; (p = strstr(p, "LOGICAL UNIT NUMBER ")); p += 20) {
		int id = atoi(p + 20);
		ck_assert_int_lt(id, 8192);
		ck_assert_msg(!seen_alu[id], "LUN id %d twice", id);
		seen_alu[id] = 1;
		luns++;
	}
	ck_assert_int_eq(luns, WORKERS);
	ns_result_free(&r);
	/* Every LUN mapped once; HLUs unique per group. */
	memset(seen_alu, 0, sizeof(seen_alu));
	for (int g = 0; g < 2; g++) {
		char cmd[128];
		const char *p;
		snprintf(cmd, sizeof(cmd), G "storagegroup -list -gname g%d", g);
		ns_cmd(&r, cmd);
		p = strstr(r.out, "  ----------     ----------\n");
		ck_assert_ptr_nonnull(p);
		p = strchr(p, '\n') + 1;
		while (strncmp(p, "    ", 4) == 0) {
			int hlu, alu;
			ck_assert_int_eq(sscanf(p, " %d %d", &hlu, &alu), 2);
			ck_assert_msg(hlu >= 1 && hlu <= 255 && !seen_hlu[g][hlu], "HLU %d twice in g%d", hlu, g);
			ck_assert_msg(!seen_alu[alu], "ALU %d mapped twice", alu);
			seen_hlu[g][hlu] = 1;
			seen_alu[alu] = 1;
			pairs++;
			p = strchr(p, '\n') + 1;
		}
		ns_result_free(&r);
	}
	ck_assert_int_eq(pairs, WORKERS);
	/* One log line per invocation: 16 creates went through exactly once. */
	ns_cmd(&r, "--admin log --name c1");
	{
		int creates = 0;
		for (const char *p = r.out; (p = strstr(p, " lun -create ")); p++)
			creates++;
		ck_assert_int_eq(creates, WORKERS);
	}
	ns_result_free(&r);
	ns_cmd(&r, "--admin check");
	ck_assert_str_eq(r.out, "ok\n");
	ns_result_free(&r);
	snprintf(path, sizeof(path), "%s/navisim.db", ns_home());
	ck_assert_int_eq(navisim_db_open(&db, path), 0);
	ck_assert_int_eq(navisim_db_integrity_check(db), 0);
	navisim_db_close(db);
	ns_teardown();
}
END_TEST

START_TEST(parallel_latency_overlaps_commands)
{
	/* With 300 ms latency, 8 parallel commands all complete and are all
	 * logged; each takes at least the latency.  (No upper bound asserted.) */
	pid_t pids[8];
	ns_result r;
	int lines = 0;

	ns_setup();
	ns_array("c2", "192.0.2.43", "192.0.2.44", NULL);
	ns_ok("--admin latency --name c2 --ms 300");
	for (int i = 0; i < 8; i++) {
		pids[i] = fork();
		ck_assert_int_ge(pids[i], 0);
		if (pids[i] == 0) {
			char out[8192], cmd[128];
			snprintf(cmd, sizeof(cmd), "-h 192.0.2.43 lun -create -capacity 1 -sq gb -poolId 0 -name p%d -o", i);
			_exit(ns_run_quiet(out, sizeof(out), cmd) == 0 && !out[0] ? 0 : 1);
		}
	}
	for (int i = 0; i < 8; i++) {
		int st;
		ck_assert_int_eq(waitpid(pids[i], &st, 0), pids[i]);
		ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	ns_cmd(&r, "--admin log --name c2");
	for (const char *p = r.out; (p = strstr(p, " exit=0 ")); p++) {
		ck_assert_int_ge(atoi(p + 8), 300);
		lines++;
	}
	ck_assert_int_eq(lines, 8);
	ns_result_free(&r);
	ns_teardown();
}
END_TEST

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	return SUITE_RUN_ONE("navisim_concurrency", "concurrency", NULL, NULL, 300,
		sixteen_processes_create_and_map, parallel_latency_overlaps_commands);
}
