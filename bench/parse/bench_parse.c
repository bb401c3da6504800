/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench_parse.c - how fast the naviseccli parsers read real output.
 *
 * Parses a capture (by default lun_-list_-all.txt, 440 KB, 183 LUNs: the
 * largest listing a gateway reads, on every inventory refresh) repeatedly
 * and prints milliseconds per parse and MB/s; then the same for the other
 * big listings so a regression in the shared tokenizer shows everywhere.
 * It prints figures only: nothing here asserts on time (machines differ);
 * the target from the issue is under 5 ms per parse of the LUN listing.
 *
 * usage: bench_parse [--iterations N] [--captures DIR]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vnx_parse.h"

#ifndef SLGW_CAPTURES
#define SLGW_CAPTURES "tests/data/vnx-captures"
#endif

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "bench_parse: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	size_t cap = 1 << 20, n = 0;
	char *b = malloc(cap);
	while (b) {
		size_t r = fread(b + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
		if (n == cap) {
			char *nb = realloc(b, cap * 2);
			if (!nb) {
				free(b);
				b = NULL;
				break;
			}
			b = nb;
			cap *= 2;
		}
	}
	fclose(f);
	*len = n;
	return b;
}

typedef int (*parse_fn)(const char *buf, size_t len, size_t *count);

/* Parse, count, free: the same three steps for every listing type. The
 * record types and their free functions differ, so one function cannot
 * serve them all; the macro writes each wrapper. */
#define PARSE_THEN_FREE(name, type, parse, free_array)                              \
	static int name(const char *b, size_t l, size_t *n)                         \
	{                                                                            \
		type *v;                                                             \
		int rc = parse(b, l, &v, n);                                         \
		if (rc == 0)                                                         \
			free_array(v, *n);                                           \
		return rc;                                                           \
	}

PARSE_THEN_FREE(p_lun, vnx_lun, vnx_parse_lun_list, vnx_lun_array_free)
PARSE_THEN_FREE(p_sg, vnx_storage_group, vnx_parse_storagegroup_list, vnx_storage_group_array_free)
PARSE_THEN_FREE(p_pool, vnx_pool, vnx_parse_pool_list, vnx_pool_array_free)
PARSE_THEN_FREE(p_snap, vnx_snap, vnx_parse_snap_list, vnx_snap_array_free)
PARSE_THEN_FREE(p_port, vnx_sp_port, vnx_parse_sp_port_list, vnx_sp_port_array_free)
PARSE_THEN_FREE(p_iscsi, vnx_iscsi_port, vnx_parse_iscsi_port_list, vnx_iscsi_port_array_free)

static int p_error(const char *b, size_t l, size_t *n)
{
	/* The classifier runs on every listing before it is parsed. */
	vnx_error e;
	int rc = vnx_classify_error(b, l, &e);
	vnx_error_clear(&e);
	*n = (size_t)rc;
	return rc < 0 ? rc : 0;
}

struct bench {
	const char *label;
	const char *file;
	parse_fn fn;
	int weight; /* iterations relative to the LUN listing (small files: more) */
};

static int run(const char *dir, const struct bench *b, long iterations)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, b->file);
	size_t len, count = 0;
	char *buf = read_file(path, &len);
	if (!buf)
		return 1;
	long iters = iterations * b->weight;
	/* Warm-up: caches, allocator arenas. */
	for (int i = 0; i < 3; i++)
		if (b->fn(buf, len, &count) != 0) {
			fprintf(stderr, "bench_parse: %s does not parse\n", b->file);
			free(buf);
			return 1;
		}
	/* Timed in batches: the mean is what a busy machine gives, the best
	 * batch what the code costs when it has a core to itself (the build
	 * machines are shared, so both are printed). */
	long batch = iters < 10 ? 1 : iters / 10;
	double best = -1, total = 0;
	long done = 0;
	while (done < iters) {
		long k = iters - done < batch ? iters - done : batch;
		double t0 = now_ms();
		for (long i = 0; i < k; i++)
			b->fn(buf, len, &count);
		double dt = now_ms() - t0;
		total += dt;
		if (best < 0 || dt / (double)k < best)
			best = dt / (double)k;
		done += k;
	}
	double ms = total / (double)iters;
	printf("%-20s %-30.30s %7zu B %4zu rec  mean %8.4f ms %7.1f MB/s  best %8.4f ms %7.1f MB/s\n",
	       b->label, b->file, len, count, ms, (double)len / 1e6 / (ms / 1e3), best,
	       (double)len / 1e6 / (best / 1e3));
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	long iterations = 200;
	const char *dir = SLGW_CAPTURES;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--iterations") == 0 && i + 1 < argc) {
			char *end;
			iterations = strtol(argv[++i], &end, 10);
			if (*end || iterations <= 0) {
				fprintf(stderr, "bench_parse: bad --iterations\n");
				return 2;
			}
		} else if (strcmp(argv[i], "--captures") == 0 && i + 1 < argc) {
			dir = argv[++i];
		} else {
			fprintf(stderr, "usage: bench_parse [--iterations N] [--captures DIR]\n");
			return strcmp(argv[i], "--help") == 0 ? 0 : 2;
		}
	}
	static const struct bench benches[] = {
		{ "lun -list -all", "lun_-list_-all.txt", p_lun, 1 },
		{ "classify (lun list)", "lun_-list_-all.txt", p_error, 10 },
		{ "snap -list -detail", "snap_-list_-detail.txt", p_snap, 10 },
		{ "storagepool -list", "storagepool_-list_-all.txt", p_pool, 10 },
		{ "port -list -sp -all", "port_-list_-sp_-all.txt", p_port, 10 },
		{ "storagegroup -list", "storagegroup_-messner_-list_-host_-iscsiAttributes.txt", p_sg, 10 },
		{ "connection -getport", "connection_-getport_-all.txt", p_iscsi, 10 },
	};
	printf("bench_parse: %ld iterations of the LUN listing (x10 for the smaller ones)\n", iterations);
	for (size_t i = 0; i < sizeof(benches) / sizeof(benches[0]); i++)
		if (run(dir, &benches[i], iterations) != 0)
			return 1;
	return 0;
}
