/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench_xapi.c - what the SMAPIv3 plugin costs, in figures (nothing here
 * asserts on time).
 *
 *  1. Overhead per call: Volume.stat through the installed command (exec,
 *     JSON, a new TLS session, getStorageVolume) against the same
 *     getStorageVolume made directly, on a kept-alive connection and on a
 *     fresh connection each time; medians and the ratios.
 *  2. One VDI's life: Volume.create, Datapath.attach, Datapath.detach,
 *     Volume.destroy, each timed (median of several rounds).
 *  3. 16 VDIs attached at once on 2 hosts (two fake host roots, 8 threads
 *     each), then detached at once: wall time.
 * Parts 2 and 3 need the fake host (tests/xapi/fakehost); without it they
 * are skipped with a note. The gateway is `slgwd --demo` on navisim, so
 * array commands cost what navisim costs (no added latency).
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "soapH.h"
#include "slgw_client.h"
#include "../../tests/gateway/e2e_harness.h"
#include "xs_harness.h"
#ifdef FAKEHOST_PATH
#include "fakehost_helper.h"
#endif

#define MiB (1024LL * 1024LL)

static struct e2e G;
static char pool[64];

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_d);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static json_t *call(const struct xsh_host *h, int dp, const char *method, json_t *args)
{
	int st;
	json_t *r = xsh_call(SLGW_XAPI_TREE, dp, h, method, args, &st);

	json_decref(args);
	if (st != 0) {
		char *s = r ? json_dumps(r, JSON_ENCODE_ANY) : NULL;

		fprintf(stderr, "bench_xapi: %s failed (%d): %s\n", method, st, s ? s : "");
		free(s);
		json_decref(r);
		return NULL;
	}
	return r;
}

/* The arguments of an SR method (key NULL) or of a Volume method. */
static json_t *vol_args(const char *sr, const char *key)
{
	json_t *a = json_object();

	json_object_set_new(a, "dbg", json_string("bench"));
	json_object_set_new(a, "sr", json_string(sr));
	if (key)
		json_object_set_new(a, "key", json_string(key));
	return a;
}

#ifdef FAKEHOST_PATH
static json_t *uri_args(const char *sr, const char *key)
{
	json_t *a = json_object();
	char uri[256];

	snprintf(uri, sizeof uri, "slgw://%s/%s", sr, key);
	json_object_set_new(a, "dbg", json_string("bench"));
	json_object_set_new(a, "uri", json_string(uri));
	json_object_set_new(a, "domain", json_string("0"));
	return a;
}
#endif

static char *vol_create(const struct xsh_host *h, const char *sr, long long size)
{
	json_t *a = vol_args(sr, NULL), *v;
	char *key = NULL;

	json_object_set_new(a, "name", json_string("bench disk"));
	json_object_set_new(a, "description", json_string(""));
	json_object_set_new(a, "size", json_integer(size));
	json_object_set_new(a, "sharable", json_false());
	v = call(h, 0, "Volume.create", a);
	if (v)
		key = strdup(json_string_value(json_object_get(v, "key")));
	json_decref(v);
	return key;
}

static int sr_make(const struct xsh_host *h, const char *uuid)
{
	json_t *a = json_object(), *conf, *r;

	json_object_set_new(a, "uuid", json_string(uuid));
	json_object_set_new(a, "configuration", xsh_config(G.port, G.tenant_pw, G.cert, pool));
	json_object_set_new(a, "name", json_string("bench"));
	json_object_set_new(a, "description", json_string(""));
	conf = call(h, 0, "SR.create", a);
	if (!conf)
		return -1;
	a = json_object();
	json_object_set_new(a, "configuration", conf);
	r = call(h, 0, "SR.attach", a);
	json_decref(r);
	return r ? 0 : -1;
}

/* ---- 1. overhead per call ---- */

static void overhead(const struct xsh_host *h, const char *sr)
{
	enum { N = 40 };
	double plugin[N], alive[N], fresh[N];
	char *key = vol_create(h, sr, 4 * MiB);
	struct _slgw__getStorageVolume req = { 0 };

	if (!key)
		return;
	req.volumeId = key + 1;
	for (int i = 0; i < N; i++) {
		double t0 = now_ms();
		json_t *r = call(h, 0, "Volume.stat", vol_args(sr, key));

		plugin[i] = now_ms() - t0;
		if (!r) {
			printf("overhead: not measured (Volume.stat fails)\n");
			free(key);
			return;
		}
		json_decref(r);
	}
	/* The direct calls go through the same client library the plugin
	 * uses: kept alive (one client), and a new client (TLS session)
	 * per call, which is what each plugin command has to do. */
	{
		struct slgw_client_config cfg = { 0 };
		char server[64], err[256];
		slgw_client *cl = NULL;
		int rc;

		snprintf(server, sizeof server, "127.0.0.1:%d", G.port);
		cfg.servers = server;
		cfg.user = "tenant";
		cfg.password = G.tenant_pw;
		cfg.cacert = G.cert;
		if (slgw_client_open(&cl, &cfg, err, sizeof err)) {
			printf("overhead: not measured (%s)\n", err);
			free(key);
			return;
		}
		for (int i = 0; i < N; i++) {
			struct _slgw__getStorageVolumeResponse resp = { 0 };
			double t0 = now_ms();

			slgw_call(rc, cl, getStorageVolume, &req, &resp);
			alive[i] = now_ms() - t0;
			slgw_client_clear(cl);
			(void)rc;
		}
		slgw_client_close(cl);
		for (int i = 0; i < N; i++) {
			struct _slgw__getStorageVolumeResponse resp = { 0 };
			double t0 = now_ms();

			cl = NULL;
			if (slgw_client_open(&cl, &cfg, err, sizeof err) == 0)
				slgw_call(rc, cl, getStorageVolume, &req, &resp);
			slgw_client_close(cl);
			fresh[i] = now_ms() - t0;
		}
	}
	{
		double p = median(plugin, N), a = median(alive, N), f = median(fresh, N);

		printf("overhead: Volume.stat via the plugin %.2f ms (median of %d)\n", p, N);
		printf("overhead: getStorageVolume direct (client library), kept-alive TLS %.2f ms "
		       "-> plugin/direct %.1fx\n", a, p / a);
		printf("overhead: getStorageVolume direct (client library), new TLS session each "
		       "%.2f ms -> plugin/direct %.2fx\n", f, p / f);
	}
	json_decref(call(h, 0, "Volume.destroy", vol_args(sr, key)));
	free(key);
}

#ifdef FAKEHOST_PATH
static pid_t pollers[2];
static int npollers;

static int host_make(struct xsh_host *h, int n)
{
	char home[600];
	int rc;

	memset(h, 0, sizeof *h);
	snprintf(h->root, sizeof h->root, "%s/bench-host%d", G.dir, n);
	snprintf(h->uuid, sizeof h->uuid, "b0000000-0000-4000-8000-00000000000%d", n);
	snprintf(h->iqn, sizeof h->iqn, "iqn.2026-01.bench.slgw:host%d", n);
	snprintf(home, sizeof home, "%s/navisim", G.dir);
	rc = xsh_fake_host(h, FAKEHOST_PATH, home, NAVISIM_PATH, 1, NULL);
	/* the fake's kernel side of sysfs writes (deletes, scans) */
	setenv("NAVISIM_HOME", home, 1);
	setenv("FAKEHOST_NAVISIM", NAVISIM_PATH, 1);
	if (!rc && npollers < 2 && fakehost_poller_start(&pollers[npollers], h->root) == 0)
		npollers++;
	return rc;
}

/* ---- 2. one VDI's life ---- */

static void lifecycle(const struct xsh_host *h, const char *sr)
{
	enum { N = 5 };
	double t[4][N];
	int done = 0;

	for (int i = 0; i < N; i++) {
		double t0 = now_ms();
		char *key = vol_create(h, sr, 64 * MiB);
		json_t *r;

		if (!key)
			break;
		t[0][i] = now_ms() - t0;
		t0 = now_ms();
		r = call(h, 1, "Datapath.attach", uri_args(sr, key));
		t[1][i] = now_ms() - t0;
		json_decref(r);
		t0 = now_ms();
		r = call(h, 1, "Datapath.detach", uri_args(sr, key));
		t[2][i] = now_ms() - t0;
		json_decref(r);
		t0 = now_ms();
		r = call(h, 0, "Volume.destroy", vol_args(sr, key));
		t[3][i] = now_ms() - t0;
		json_decref(r);
		free(key);
		if (!r)
			break;
		done++;
	}
	if (done < N) {
		printf("lifecycle: not measured (a step failed)\n");
		return;
	}
	printf("lifecycle of one VDI (median of %d): Volume.create %.0f ms, Datapath.attach "
	       "%.0f ms, Datapath.detach %.0f ms, Volume.destroy %.0f ms\n", N, median(t[0], N),
	       median(t[1], N), median(t[2], N), median(t[3], N));
}

/* ---- 3. 16 VDIs at once on 2 hosts ---- */

struct job {
	const struct xsh_host *h;
	const char *sr;
	char *key;
	const char *method;
	int ok;
};

static void *run_job(void *p)
{
	struct job *j = p;
	json_t *r = call(j->h, 1, j->method, uri_args(j->sr, j->key));

	j->ok = r != NULL;
	json_decref(r);
	return NULL;
}

static double all_at_once(struct job *jobs, int n, const char *method, int *failed)
{
	pthread_t th[16];
	double t0 = now_ms();

	*failed = 0;
	for (int i = 0; i < n; i++) {
		jobs[i].method = method;
		pthread_create(&th[i], NULL, run_job, &jobs[i]);
	}
	for (int i = 0; i < n; i++) {
		pthread_join(th[i], NULL);
		*failed += !jobs[i].ok;
	}
	return now_ms() - t0;
}

static void sixteen(const struct xsh_host *h1, const char *sr)
{
	struct xsh_host h2;
	struct job jobs[16];
	json_t *a, *conf;
	int failed;
	double ta, td;

	if (host_make(&h2, 2))
		return;
	/* the second host attaches the same SR (registers itself) */
	a = json_object();
	conf = xsh_config(G.port, G.tenant_pw, G.cert, pool);
	json_object_set_new(conf, "sr_uuid", json_string(sr));
	json_object_set_new(a, "configuration", conf);
	json_decref(call(&h2, 0, "SR.attach", a));
	for (int i = 0; i < 16; i++) {
		jobs[i].h = i < 8 ? h1 : &h2;
		jobs[i].sr = sr;
		jobs[i].key = vol_create(h1, sr, 16 * MiB);
		if (!jobs[i].key)
			return;
	}
	ta = all_at_once(jobs, 16, "Datapath.attach", &failed);
	printf("16 VDIs attached at once on 2 hosts (8 each): %.0f ms wall, %d failed\n", ta,
	       failed);
	td = all_at_once(jobs, 16, "Datapath.detach", &failed);
	printf("16 VDIs detached at once on 2 hosts: %.0f ms wall, %d failed\n", td, failed);
	for (int i = 0; i < 16; i++) {
		json_decref(call(h1, 0, "Volume.destroy", vol_args(sr, jobs[i].key)));
		free(jobs[i].key);
	}
	json_decref(call(&h2, 0, "SR.detach", vol_args(sr, NULL)));
}

static void devices(const struct xsh_host *h, const char *sr)
{
	lifecycle(h, sr);
	sixteen(h, sr);
}
#endif

int main(void)
{
	struct xsh_host h;
	json_t *a, *r;
	int st;
	char uuid[64];

	signal(SIGPIPE, SIG_IGN);
	if (e2e_start(&G, 0))
		return 1;
#ifdef FAKEHOST_PATH
	if (host_make(&h, 1))
		goto out;
#else
	memset(&h, 0, sizeof h);
	snprintf(h.root, sizeof h.root, "%s/bench-host1", G.dir);
	snprintf(h.uuid, sizeof h.uuid, "b0000000-0000-4000-8000-000000000001");
	snprintf(h.iqn, sizeof h.iqn, "iqn.2026-01.bench.slgw:host1");
	if (xsh_host_files(&h))
		goto out;
#endif
	a = json_object();
	json_object_set_new(a, "configuration", xsh_config(G.port, G.tenant_pw, G.cert, NULL));
	r = xsh_call(SLGW_XAPI_TREE, 0, &h, "SR.probe", a, &st);
	json_decref(a);
	if (st || !json_array_size(r)) {
		fprintf(stderr, "bench_xapi: SR.probe failed\n");
		json_decref(r);
		goto out;
	}
	snprintf(pool, sizeof pool, "%s",
		 json_string_value(json_object_get(
			 json_object_get(json_array_get(r, 0), "configuration"), "pool")));
	json_decref(r);
	snprintf(uuid, sizeof uuid, "b5000000-0000-4000-8000-%012d", (int)getpid());
	if (sr_make(&h, uuid))
		goto out;
	overhead(&h, uuid);
#ifdef FAKEHOST_PATH
	devices(&h, uuid);
#else
	printf("lifecycle and 16-VDI attach: skipped (no fake host in this build)\n");
#endif
	json_decref(call(&h, 0, "SR.destroy", vol_args(uuid, NULL)));
out:
#ifdef FAKEHOST_PATH
	while (npollers > 0)
		fakehost_poller_stop(pollers[--npollers]);
#endif
	e2e_stop(&G);
	e2e_cleanup(&G);
	return 0;
}
