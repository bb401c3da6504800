/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench_cluster.c - figures of a two-node slgw cluster on one store
 * (SQLite WAL) and navisim arrays with a per-command latency:
 *   - allocation throughput over 4 arrays with 1 node and with 2 nodes
 *     (allocations per second, callers spread over the running nodes);
 *   - takeover time after SIGKILL of a leader: from the kill until the
 *     survivor's /healthz shows every array, and until an allocation on an
 *     array the dead node led succeeds through the survivor.
 * It prints figures; nothing asserts on time.  Options: --allocs N
 * (per run, default 120), --latency MS (per array command, default 20),
 * --lease S (default 6), --kills K (takeovers measured, default 3).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster_harness.h"
#include "ea_soap.h"

#define NARRAYS 4
#define THREADS 8

static struct cl C;

struct run {
	int nodes, allocs, tag;
	volatile int next, failed;
};

static void *alloc_worker(void *p)
{
	struct run *r = p;
	for (;;) {
		int i = __atomic_fetch_add(&r->next, 1, __ATOMIC_SEQ_CST);
		if (i >= r->allocs)
			return NULL;
		int node = i % r->nodes, k = i % NARRAYS;
		struct soap *s = e2e_client(&C.node[node], "admin", C.demo.admin_pw);
		struct slgw__Job *j = NULL;
		char name[48];
		snprintf(name, sizeof name, "b%d-%d", r->tag, i);
		int rc = s ? ea_allocate(&j, s, C.node[node].endpoint, C.sys[k], C.pool[k], name, 16,
					 slgw__ProvisioningType__THIN) : -1;
		if (!s || !ea_ok(rc, j))
			__atomic_add_fetch(&r->failed, 1, __ATOMIC_SEQ_CST);
		e2e_client_free(s);
	}
}

static double throughput(int nodes, int allocs, int tag, int *failed)
{
	struct run r = { .nodes = nodes, .allocs = allocs, .tag = tag };
	pthread_t th[THREADS];
	long long t0 = cl_now_ms();
	for (int t = 0; t < THREADS; t++)
		pthread_create(&th[t], NULL, alloc_worker, &r);
	for (int t = 0; t < THREADS; t++)
		pthread_join(th[t], NULL);
	long long ms = cl_now_ms() - t0;
	*failed = r.failed;
	return ms > 0 ? allocs * 1000.0 / (double)ms : 0;
}

static int set_latency(int ms)
{
	char v[16];
	snprintf(v, sizeof v, "%d", ms);
	for (int k = 0; k < NARRAYS; k++) {
		const char *a[] = { "--admin", "latency", "--name", C.array[k], "--ms", v, NULL };
		if (e2e_navisim(&C.demo, a))
			return -1;
	}
	return 0;
}

static int all_led_by(int i)
{
	return cl_leads(&C, i, 0, NULL) == NARRAYS;
}

static int wait_split(int ms)
{
	long long t0 = cl_now_ms();
	while (cl_now_ms() - t0 < ms) {
		int a = cl_leads(&C, 0, 0, NULL), b = cl_leads(&C, 1, 0, NULL);
		if (a > 0 && b > 0 && a + b == NARRAYS)
			return 0;
		cl_sleep_ms(100);
	}
	return -1;
}

int main(int argc, char **argv)
{
	int allocs = 120, latency = 20, lease = 6, kills = 3;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--allocs"))
			allocs = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--latency"))
			latency = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--lease"))
			lease = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--kills"))
			kills = atoi(argv[i + 1]);
	}
	if (cl_setup(&C, NARRAYS, 1, lease) || set_latency(latency)) {
		fprintf(stderr, "bench_cluster: set-up failed\n");
		cl_teardown(&C);
		return 1;
	}
	int f1 = 0, f2 = 0;
	double one = throughput(1, allocs, 1, &f1);
	if (cl_node_start(&C, 1) || wait_split(30000)) {
		fprintf(stderr, "bench_cluster: the second node did not get its share\n");
		cl_teardown(&C);
		return 1;
	}
	double two = throughput(2, allocs, 2, &f2);
	printf("allocation throughput, %d arrays, %d ms per array command, %d callers, %d allocations\n",
	       NARRAYS, latency, THREADS, allocs);
	printf("  %-8s %12s %8s\n", "nodes", "allocs/s", "failed");
	printf("  %-8d %12.1f %8d\n", 1, one, f1);
	printf("  %-8d %12.1f %8d\n", 2, two, f2);
	printf("  ratio 2/1: %.2f\n\n", one > 0 ? two / one : 0);

	printf("takeover after SIGKILL of a leader (leaseSeconds %d)\n", lease);
	printf("  %-6s %14s %18s\n", "kill", "all arrays (ms)", "first alloc (ms)");
	for (int n = 0; n < kills; n++) {
		int victim = n % 2, survivor = 1 - victim;
		int k = -1;
		for (int a = 0; a < NARRAYS && k < 0; a++) {
			long long tok = 0;
			if (cl_leads(&C, victim, atoll(C.sys[a]), &tok) > 0 && tok > 0)
				k = a;
		}
		long long t0 = cl_now_ms(), t_all = -1, t_alloc = -1;
		e2e_kill(&C.node[victim]);
		while (cl_now_ms() - t0 < 60000 && t_all < 0) {
			if (all_led_by(survivor))
				t_all = cl_now_ms() - t0;
			else
				cl_sleep_ms(50);
		}
		if (k >= 0) {
			struct soap *s = e2e_client(&C.node[survivor], "admin", C.demo.admin_pw);
			struct slgw__Job *j = NULL;
			char name[48];
			snprintf(name, sizeof name, "tk-%d", n);
			int rc = s ? ea_allocate(&j, s, C.node[survivor].endpoint, C.sys[k], C.pool[k],
						 name, 16, slgw__ProvisioningType__THIN) : -1;
			if (s && ea_ok(rc, j))
				t_alloc = cl_now_ms() - t0;
			else if (s)
				fprintf(stderr, "bench_cluster: allocation after takeover: %s\n",
					ea_why(s, rc, j));
			e2e_client_free(s);
		}
		printf("  %-6d %14lld %18lld\n", n + 1, t_all, t_alloc);
		if (cl_node_start(&C, victim) || wait_split(60000)) {
			fprintf(stderr, "bench_cluster: the restarted node did not get its share\n");
			break;
		}
	}
	cl_teardown(&C);
	return 0;
}
