/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench_gateway.c - slgwd throughput and memory, printed (never asserted).
 *
 *  1. Starts slgwd --demo (TLS, navisim) and a bare gSOAP server built from
 *     the same generated code (bench_bare.c) with the same certificate.
 *  2. Allocates 100 volumes, then for a few seconds each, over ONE TLS
 *     keep-alive connection per client thread, measures requests/s of:
 *     bare getServiceInfo, slgwd getServiceInfo (auth + audit), slgwd
 *     getStorageVolume, a bare canned 100-volume enumStorageVolumes page,
 *     slgwd enumStorageVolumes (a 100-volume page), with 1 and 4 client
 *     threads; prints each figure and its ratio to the bare trivial call
 *     (the page also to the bare page: the gateway's own overhead), and the CPU time per call of slgwd and of this process (the
 *     clients; for the bare figure also the in-process bare server): on a
 *     shared machine those move much less than requests/s do.
 *  3. Stops slgwd, adds volumes directly to its store up to 100,000,
 *     restarts it, pages through volumes and reads VmRSS / VmHWM.
 *
 * usage: bench_gateway [seconds-per-figure (default 3)] [volumes (100000)]
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "soapH.h"
#include "bench_bare.h"
#include "e2e_harness.h"
#include "store.h"

static struct e2e srv;
static char bare_ep[64];
static char vol_id[32];
static double seconds = 3.0;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

enum op { OP_BARE_INFO, OP_INFO, OP_GET, OP_BARE_ENUM, OP_ENUM };

struct worker {
	enum op op;
	long calls;
	long errors;
};

static int one_call(struct soap *s, enum op op)
{
	switch (op) {
	case OP_BARE_INFO:
	case OP_INFO: {
		struct _slgw__getServiceInfo rq = { 0 };
		struct _slgw__getServiceInfoResponse rs;
		return soap_call___slgw__getServiceInfo(s, op == OP_BARE_INFO ? bare_ep : srv.endpoint,
							NULL, &rq, &rs);
	}
	case OP_GET: {
		struct _slgw__getStorageVolume rq = { 0 };
		struct _slgw__getStorageVolumeResponse rs;
		rq.volumeId = vol_id;
		return soap_call___slgw__getStorageVolume(s, srv.endpoint, NULL, &rq, &rs);
	}
	case OP_BARE_ENUM:
	case OP_ENUM: {
		struct _slgw__enumStorageVolumes rq = { 0 };
		struct _slgw__enumStorageVolumesResponse rs;
		int limit = 100, rc;
		rq.namePrefix = "bench-";
		rq.limit = &limit;
		rc = soap_call___slgw__enumStorageVolumes(s, op == OP_BARE_ENUM ? bare_ep : srv.endpoint,
							  NULL, &rq, &rs);
		if (rc == SOAP_OK && rs.__sizestorageVolume != 100)
			return -1;
		return rc;
	}
	}
	return -1;
}

static void *run_worker(void *arg)
{
	struct worker *w = arg;
	struct soap *s = (w->op == OP_BARE_INFO || w->op == OP_BARE_ENUM) ?
				 e2e_client(&srv, NULL, NULL) :
				 e2e_client(&srv, "admin", srv.admin_pw);
	double end;

	if (!s)
		return NULL;
	/* warm up: TLS handshake, auth cache */
	one_call(s, w->op);
	soap_destroy(s);
	soap_end(s);
	end = now() + seconds;
	while (now() < end) {
		if (one_call(s, w->op))
			w->errors++;
		else
			w->calls++;
		soap_destroy(s);
		soap_end(s);
	}
	e2e_client_free(s);
	return NULL;
}

/* CPU seconds (user + system) the process has used so far; -1 if unknown.
 * Printed per call beside requests/s because the machine is shared: a
 * throughput figure moves with everyone else's load, slgwd's own CPU cost
 * per call much less. */
static double proc_cpu_s(pid_t pid)
{
	char path[64], buf[1024];
	unsigned long long ut = 0, st = 0;
	const char *p;
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = 0;
	p = strrchr(buf, ')'); /* the command name may contain spaces */
	/* after ") ": state ppid pgrp session tty tpgid flags minflt cminflt
	 * majflt cmajflt utime stime */
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut,
			 &st) != 2)
		return -1;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static double measure(enum op op, int threads, long *errors, long *total)
{
	pthread_t t[16];
	struct worker w[16];
	long calls = 0;
	double t0 = now(), el;

	*errors = 0;
	for (int i = 0; i < threads; i++) {
		w[i].op = op;
		w[i].calls = w[i].errors = 0;
		pthread_create(&t[i], NULL, run_worker, &w[i]);
	}
	for (int i = 0; i < threads; i++) {
		pthread_join(t[i], NULL);
		calls += w[i].calls;
		*errors += w[i].errors;
	}
	el = now() - t0;
	if (el > seconds + 0.5)
		el = seconds; /* the warm-up is not part of the figure */
	*total = calls;
	return (double)calls / seconds;
}

static long status_kb(pid_t pid, const char *key)
{
	char path[64], line[256];
	FILE *f;
	long v = -1;
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (!strncmp(line, key, strlen(key)))
			v = strtol(line + strlen(key) + 1, NULL, 10);
	fclose(f);
	return v;
}

static int populate(int target)
{
	char path[320], err[256];
	store *st = NULL;
	store_pool *pools = NULL;
	size_t np = 0, have = 0;
	store_volume *vols = NULL;
	double t0 = now();

	snprintf(path, sizeof path, "%s/slgw.db", srv.dir);
	if (store_open(&st, path, err, sizeof err)) {
		fprintf(stderr, "store_open: %s\n", err);
		return -1;
	}
	if (store_pool_list(&pools, &np, st, NULL) || np == 0)
		goto fail;
	if (store_volume_list(&vols, &have, st, NULL) == 0)
		store_volume_array_free(vols, have);
	for (int i = (int)have; i < target; i++) {
		store_volume v = { 0 };
		int64_t id;
		char name[32], lun[32];
		snprintf(name, sizeof name, "filler-%06d", i);
		snprintf(lun, sizeof lun, "filler-lun-%06d", i);
		v.name = name;
		v.lun_name = lun;
		v.system_id = pools[0].system_id;
		v.pool_id = pools[0].id;
		v.size_mb = 1;
		v.prov = STORE_PROV_THIN;
		if (store_volume_reserve(&id, st, &v) ||
		    store_volume_set_state(st, id, STORE_STATE_READY)) {
			fprintf(stderr, "insert %d: %s\n", i, store_errmsg());
			goto fail;
		}
	}
	printf("store: filled to %d volumes in %.1f s\n", target, now() - t0);
	store_pool_array_free(pools, np);
	store_close(st);
	return 0;
fail:
	store_pool_array_free(pools, np);
	store_close(st);
	return -1;
}

int main(int argc, char **argv)
{
	static const char *names[] = { "bare gSOAP getServiceInfo", "slgwd getServiceInfo",
				       "slgwd getStorageVolume", "bare gSOAP enumStorageVols(100)",
				       "slgwd enumStorageVolumes(100)" };
	int target = 100000;
	double bare[2] = { 0, 0 }, bare_page[2] = { 0, 0 };
	char key[320];
	struct soap *a;

	if (argc > 1)
		seconds = atof(argv[1]);
	if (argc > 2)
		target = atoi(argv[2]);
	if (seconds <= 0)
		seconds = 3;
	if (e2e_start(&srv, 0)) {
		fprintf(stderr, "cannot start slgwd\n");
		return 1;
	}
	snprintf(key, sizeof key, "%s/tls/slgwd.key", srv.dir);
	{
		int port = bare_server_start(srv.cert, key);
		if (port <= 0) {
			fprintf(stderr, "cannot start the bare server\n");
			e2e_stop(&srv);
			return 1;
		}
		snprintf(bare_ep, sizeof bare_ep, "https://127.0.0.1:%d/", port);
	}

	a = e2e_client(&srv, "admin", srv.admin_pw);
	{
		struct _slgw__enumStoragePools pr = { 0 };
		struct _slgw__enumStoragePoolsResponse pp;
		char sys[32], pool[32];
		double t0 = now();
		if (!a || soap_call___slgw__enumStoragePools(a, srv.endpoint, NULL, &pr, &pp) ||
		    pp.__sizestoragePool < 1) {
			fprintf(stderr, "cannot list pools\n");
			return 1;
		}
		snprintf(sys, sizeof sys, "%s", pp.storagePool[0].storageSystemId);
		snprintf(pool, sizeof pool, "%s", pp.storagePool[0].id);
		for (int i = 0; i < 100; i++) {
			struct _slgw__allocateStorage rq = { 0 };
			struct _slgw__allocateStorageResponse rs = { 0 };
			char name[32];
			snprintf(name, sizeof name, "bench-%03d", i);
			rq.storageSystemId = sys;
			rq.storagePoolId = pool;
			rq.name = name;
			rq.sizeMB = 1;
			rq.provisioning = slgw__ProvisioningType__THIN;
			if (soap_call___slgw__allocateStorage(a, srv.endpoint, NULL, &rq, &rs) ||
			    !rs.job || rs.job->state != slgw__JobState__SUCCEEDED ||
			    !rs.job->storageVolume) {
				fprintf(stderr, "allocate %s failed\n", name);
				return 1;
			}
			if (i == 0)
				snprintf(vol_id, sizeof vol_id, "%s", rs.job->storageVolume->id);
			soap_destroy(a);
			soap_end(a);
		}
		printf("setup: 100 volumes allocated through slgwd in %.1f s (%.1f ms each)\n",
		       now() - t0, (now() - t0) * 10);
	}
	e2e_client_free(a);

	printf("\n%-32s %8s %12s %10s %14s %15s\n", "figure", "clients", "requests/s", "vs bare",
	       "slgwd CPU/call", "client CPU/call");
	for (int threads = 1; threads <= 4; threads *= 4) {
		for (int op = 0; op < 5; op++) {
			long errors, calls = 0;
			int is_bare = op == OP_BARE_INFO || op == OP_BARE_ENUM;
			char page[48] = "";
			double cpu0 = proc_cpu_s(srv.pid), cpu1;
			double me0 = proc_cpu_s(getpid()), me1;
			double rps = measure((enum op)op, threads, &errors, &calls);
			int ti = threads == 1 ? 0 : 1;
			char cpu[32] = "-", me[32] = "-";
			cpu1 = proc_cpu_s(srv.pid);
			me1 = proc_cpu_s(getpid());
			if (!is_bare && calls > 0 && cpu0 >= 0 && cpu1 >= 0)
				snprintf(cpu, sizeof cpu, "%.0f us", (cpu1 - cpu0) * 1e6 / (double)calls);
			/* this process: the clients (and, for the bare figure, the
			 * bare server too) */
			if (calls > 0 && me0 >= 0 && me1 >= 0)
				snprintf(me, sizeof me, "%.0f us", (me1 - me0) * 1e6 / (double)calls);
			if (op == OP_BARE_INFO)
				bare[ti] = rps;
			if (op == OP_BARE_ENUM)
				bare_page[ti] = rps;
			/* "vs bare" is against the trivial call, as the issue
			 * defines it; the page also against the bare page. */
			if (op == OP_ENUM && bare_page[ti] > 0)
				snprintf(page, sizeof page, "  (%.2fx the bare page)",
					 rps / bare_page[ti]);
			printf("%-32s %8d %12.0f %9.2fx %14s %15s%s%s\n", names[op], threads, rps,
			       bare[ti] > 0 ? rps / bare[ti] : 0.0, cpu, me, page,
			       errors ? "  (errors!)" : "");
		}
	}

	/* Memory with many volumes in the store. */
	if (e2e_stop(&srv) != 0)
		fprintf(stderr, "slgwd did not stop cleanly\n");
	if (populate(target) == 0 && e2e_start(&srv, 1) == 0) {
		struct soap *c = e2e_client(&srv, "admin", srv.admin_pw);
		struct _slgw__enumStorageVolumes rq = { 0 };
		struct _slgw__enumStorageVolumesResponse rs;
		int limit = 1000, pages = 0, seen = 0;
		char *tok = NULL;
		double t0 = now();
		long rss0 = status_kb(srv.pid, "VmRSS:");
		rq.limit = &limit;
		do {
			if (soap_call___slgw__enumStorageVolumes(c, srv.endpoint, NULL, &rq, &rs))
				break;
			seen += rs.__sizestorageVolume;
			pages++;
			free(tok);
			tok = rs.nextPageToken ? strdup(rs.nextPageToken) : NULL;
			rq.pageToken = tok;
			soap_destroy(c);
			soap_end(c);
		} while (rq.pageToken && pages < 200);
		printf("\nwith %d volumes in the store: listed %d in %d pages of 1000 in %.1f s\n",
		       target, seen, pages, now() - t0);
		printf("slgwd VmRSS after start: %ld kB; after paging: %ld kB; peak (VmHWM): %ld kB "
		       "(target < 65536 kB)\n",
		       rss0, status_kb(srv.pid, "VmRSS:"), status_kb(srv.pid, "VmHWM:"));
		free(tok);
		e2e_client_free(c);
		e2e_stop(&srv);
	}
	e2e_cleanup(&srv);
	return 0;
}
