/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_vnx_classic.c - one libFuzzer target for the four parsers of the
 * CLARiiON-era listings: getrg, getlun, snapview -listsnapshots and
 * snapview -listsessions (vnx_parse_classic.c).
 *
 * Why one target and not four like fuzz_vnx_parse.c: CI runs every target
 * for SLGW_FUZZ_SECONDS, and these parsers are small and alike (the same
 * tokenizer and field table), so a target each would cost four time
 * slots for little more coverage.  The first byte of the input picks the
 * parser (its low two bits: '0' getrg, '1' getlun, '2' listsnapshots,
 * '3' listsessions), the rest is the naviseccli output.  The fuzzer
 * mutates that byte like any other, so an input that found a path in one
 * parser is also tried on the others.  The seed corpus is made by CMake
 * from the real captures with that prefix (see CMakeLists.txt here).
 *
 * As in fuzz_vnx_parse.c, every record, string and array returned is
 * read (ASan sees a bad pointer or a count that does not match its
 * array), everything is freed (LeakSanitizer), and what must hold for
 * any input is checked with abort():
 *  - rc 0 with (NULL, 0) or (array, n > 0); a failure leaves (NULL, 0);
 *  - a SnapView snapshot or session always has a name (it starts the
 *    record);
 *  - an SP owner is 'A', 'B' or unset;
 *  - a doubled record (same id as the one before) is folded, so two
 *    neighbours never carry the same id >= 0;
 *  - a session's cache size is a finite number.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vnx_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile size_t g_sink;

static void touch(const char *s)
{
	if (s)
		g_sink += strlen(s);
}

static void touch_ids(const int64_t *v, size_t n)
{
	if (n && !v)
		abort();
	for (size_t i = 0; i < n; i++)
		g_sink += (size_t)v[i];
}

static void check_out(int rc, const void *out, size_t n)
{
	if (rc != 0 && rc != VNX_PARSE_EFORMAT && rc != VNX_PARSE_ENOMEM)
		abort();
	if (rc != 0 && (out || n))
		abort();
	if (rc == 0 && (n == 0) != (out == NULL))
		abort();
}

static void check_sp(char sp)
{
	if (sp != '\0' && sp != 'A' && sp != 'B')
		abort();
}

static void fuzz_getrg(const char *buf, size_t len)
{
	vnx_raidgroup *v = NULL;
	size_t n = 0;
	int rc = vnx_parse_raidgroup_list(buf, len, &v, &n);

	check_out(rc, v, n);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && v[i].id >= 0 && v[i].id == v[i - 1].id)
			abort();
		touch(v[i].raid_type);
		touch(v[i].state);
		touch(v[i].legal_raid_types);
		touch_ids(v[i].luns, v[i].lun_count);
		g_sink += v[i].disk_count + (size_t)v[i].max_disks + (size_t)v[i].max_luns;
	}
	vnx_raidgroup_array_free(v, n);
}

static void fuzz_getlun(const char *buf, size_t len)
{
	vnx_classic_lun *v = NULL;
	size_t n = 0;
	int rc = vnx_parse_getlun(buf, len, &v, &n);

	check_out(rc, v, n);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && v[i].id >= 0 && v[i].id == v[i - 1].id)
			abort();
		check_sp(v[i].current_owner);
		check_sp(v[i].default_owner);
		touch(v[i].name);
		touch(v[i].uid);
		touch(v[i].raid_type);
		touch(v[i].state);
		g_sink += (size_t)v[i].capacity_mb + (size_t)v[i].capacity_blocks;
	}
	vnx_classic_lun_array_free(v, n);
}

static void fuzz_svsnap(const char *buf, size_t len)
{
	vnx_sv_snapshot *v = NULL;
	size_t n = 0;
	int rc = vnx_parse_sv_snapshot_list(buf, len, &v, &n);

	check_out(rc, v, n);
	for (size_t i = 0; i < n; i++) {
		if (!v[i].name)
			abort();
		touch(v[i].name);
		touch(v[i].uid);
		touch(v[i].state);
		touch(v[i].session);
		g_sink += (size_t)v[i].target_lun;
	}
	vnx_sv_snapshot_array_free(v, n);
}

static void fuzz_svsession(const char *buf, size_t len)
{
	vnx_sv_session *v = NULL;
	size_t n = 0;
	int rc = vnx_parse_sv_session_list(buf, len, &v, &n);

	check_out(rc, v, n);
	for (size_t i = 0; i < n; i++) {
		if (!v[i].name || !isfinite(v[i].cache_gb))
			abort();
		touch(v[i].name);
		touch(v[i].creation_time);
		touch(v[i].state);
		touch_ids(v[i].luns, v[i].lun_count);
	}
	vnx_sv_session_array_free(v, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf;

	if (size < 1)
		return 0;
	buf = (const char *)data + 1;
	switch (data[0] & 3) {
	case 0: fuzz_getrg(buf, size - 1); break;
	case 1: fuzz_getlun(buf, size - 1); break;
	case 2: fuzz_svsnap(buf, size - 1); break;
	default: fuzz_svsession(buf, size - 1); break;
	}
	return 0;
}
