/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cluster_harness.h - two real slgwd nodes sharing one store and one set of
 * navisim arrays, for the cluster suite and its benchmark.
 *
 * Design: `slgwd --demo` (tests/gateway/e2e_harness.c) sets a state
 * directory up once (certificate, store, the "demo" array, passwords) and
 * is stopped; then each node runs `slgwd --config` on a configuration of
 * its own that names the same store, certificate and navisim, a port of
 * its own and <cluster node="node-N">.  Under tests/pg/pg_run.sh the
 * demo's store is first copied into a fresh PostgreSQL database
 * (slgwd --copy-store-to) and the nodes share that instead.  More arrays are made with navisim
 * and registered over SOAP.  A node is a `struct e2e` (pid, port, the
 * demo's passwords), so the harness's clients and GET work on it.  What a
 * node leads is read from its /healthz.
 */
#ifndef CLUSTER_HARNESS_H
#define CLUSTER_HARNESS_H

#include <stddef.h>

#include "e2e_harness.h"

#define CL_NODES 2
#define CL_MAX_ARRAYS 8

struct cl {
	struct e2e demo;          /* the state directory and passwords */
	struct e2e node[CL_NODES];
	char config[CL_NODES][320];
	int lease_seconds;
	int narrays;
	char sys[CL_MAX_ARRAYS][32];  /* storage system ids (text) */
	char pool[CL_MAX_ARRAYS][32]; /* a pool of each */
	char array[CL_MAX_ARRAYS][32];/* navisim array names */
	/* what store_open gets: the SQLite file, or under tests/pg/pg_run.sh
	 * the PostgreSQL database the demo's store was copied into (then the
	 * nodes are configured with <store url>) */
	char store_target[400];
};

/* Sets up the directory with narrays arrays (the demo's and narrays-1
 * more) and nnodes nodes (1 or 2) running; 0 or -1 (message on stderr). */
int cl_setup(struct cl *c, int narrays, int nnodes, int lease_seconds);
/* Starts node i (again) on its configuration; waits until it answers. */
int cl_node_start(struct cl *c, int i);
/* Stops every node left running and removes the directory. */
void cl_teardown(struct cl *c);

/* Number of arrays (system ids > 0) node i leads, per its /healthz (-1
 * when it does not answer); *token_of (may be NULL) gets the token of
 * system sys_id when led (0 otherwise). */
int cl_leads(struct cl *c, int i, long long sys_id, long long *token_of);

/* navisim with args, stdout into a malloc'ed string (NULL on failure). */
char *cl_navisim_out(const struct cl *c, const char *const *args);
/* Number of lines of `navisim --admin log --name array`. */
long cl_log_lines(const struct cl *c, const char *array);

/* A free TCP port on 127.0.0.1 (racy, but only the suites use it). */
int cl_free_port(void);

long long cl_now_ms(void);
void cl_sleep_ms(int ms);

#endif
