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
#include "../../tests/gateway/e2e_harness.h"
#include "xs_harness.h"

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

static json_t *sr_args(const char *sr)
{
	json_t *a = json_object();

	json_object_set_new(a, "dbg", json_string("bench"));
	json_object_set_new(a, "sr", json_string(sr));
	return a;
}

static json_t *key_args(const char *sr, const char *key)
{
	json_t *a = sr_args(sr);

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
	json_t *a = sr_args(sr), *v;
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
	struct soap *soap;
	struct _slgw__getStorageVolume req = { 0 };

	if (!key)
		return;
	req.volumeId = key + 1;
	for (int i = 0; i < N; i++) {
		double t0 = now_ms();
		json_t *r = call(h, 0, "Volume.stat", key_args(sr, key));

		plugin[i] = now_ms() - t0;
		if (!r) {
			printf("overhead: not measured (Volume.stat fails)\n");
			free(key);
			return;
		}
		json_decref(r);
	}
	soap = e2e_client(&G, "tenant", G.tenant_pw);
	for (int i = 0; i < N && soap; i++) {
		struct _slgw__getStorageVolumeResponse resp = { 0 };
		double t0 = now_ms();

		soap_call___slgw__getStorageVolume(soap, G.endpoint, NULL, &req, &resp);
		alive[i] = now_ms() - t0;
		soap_end(soap);
	}
	e2e_client_free(soap);
	for (int i = 0; i < N; i++) {
		struct _slgw__getStorageVolumeResponse resp = { 0 };
		double t0 = now_ms();

		soap = e2e_client(&G, "tenant", G.tenant_pw);
		if (soap)
			soap_call___slgw__getStorageVolume(soap, G.endpoint, NULL, &req, &resp);
		e2e_client_free(soap);
		fresh[i] = now_ms() - t0;
	}
	{
		double p = median(plugin, N), a = median(alive, N), f = median(fresh, N);

		printf("overhead: Volume.stat via the plugin %.2f ms (median of %d)\n", p, N);
		printf("overhead: getStorageVolume direct, kept-alive TLS %.2f ms -> plugin/direct "
		       "%.1fx\n", a, p / a);
		printf("overhead: getStorageVolume direct, new TLS session each %.2f ms -> "
		       "plugin/direct %.2fx\n", f, p / f);
	}
	json_decref(call(h, 0, "Volume.destroy", key_args(sr, key)));
	free(key);
}

int main(void)
{
	struct xsh_host h;
	json_t *a, *r;
	int st;
	char uuid[64];

	signal(SIGPIPE, SIG_IGN);
	if (e2e_start(&G, 0))
		return 1;
	memset(&h, 0, sizeof h);
	snprintf(h.root, sizeof h.root, "%s/bench-host1", G.dir);
	snprintf(h.uuid, sizeof h.uuid, "b0000000-0000-4000-8000-000000000001");
	snprintf(h.iqn, sizeof h.iqn, "iqn.2026-01.bench.slgw:host1");
	if (xsh_host_files(&h))
		goto out;
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
	json_decref(call(&h, 0, "SR.destroy", sr_args(uuid)));
out:
	e2e_stop(&G);
	e2e_cleanup(&G);
	return 0;
}
