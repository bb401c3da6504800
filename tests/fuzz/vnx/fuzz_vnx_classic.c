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
 * The readers, the result check and the parse / walk / free sequence are
 * fuzz_vnx.h's; this file says what it reads of each record.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_vnx.h"
#include "vnx_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_sp(char sp)
{
	if (sp != '\0' && sp != 'A' && sp != 'B')
		abort();
}

/* A doubled record is folded: neighbours never share an id >= 0. */
static void check_folded(int64_t id, int64_t prev_id, size_t i)
{
	if (i > 0 && id >= 0 && id == prev_id)
		abort();
}

static void walk_getrg(const vnx_raidgroup *v, size_t i)
{
	check_folded(v[i].id, i ? v[i - 1].id : -1, i);
	touch(v[i].raid_type);
	touch(v[i].state);
	touch(v[i].legal_raid_types);
	touch_ids(v[i].luns, v[i].lun_count);
	fuzz_sink += v[i].disk_count + (size_t)v[i].max_disks + (size_t)v[i].max_luns;
}

static void walk_getlun(const vnx_classic_lun *v, size_t i)
{
	check_folded(v[i].id, i ? v[i - 1].id : -1, i);
	check_sp(v[i].current_owner);
	check_sp(v[i].default_owner);
	touch(v[i].name);
	touch(v[i].uid);
	touch(v[i].raid_type);
	touch(v[i].state);
	fuzz_sink += (size_t)v[i].capacity_mb + (size_t)v[i].capacity_blocks;
}

static void walk_svsnap(const vnx_sv_snapshot *v, size_t i)
{
	if (!v[i].name)
		abort();
	touch(v[i].name);
	touch(v[i].uid);
	touch(v[i].state);
	touch(v[i].session);
	fuzz_sink += (size_t)v[i].target_lun;
}

static void walk_svsession(const vnx_sv_session *v, size_t i)
{
	if (!v[i].name || !isfinite(v[i].cache_gb))
		abort();
	touch(v[i].name);
	touch(v[i].creation_time);
	touch(v[i].state);
	touch_ids(v[i].luns, v[i].lun_count);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf;

	if (size < 1)
		return 0;
	buf = (const char *)data + 1;
	switch (data[0] & 3) {
	case 0:
		FUZZ_WALK_LIST(vnx_raidgroup, vnx_parse_raidgroup_list, walk_getrg,
			       vnx_raidgroup_array_free, buf, size - 1);
		break;
	case 1:
		FUZZ_WALK_LIST(vnx_classic_lun, vnx_parse_getlun, walk_getlun,
			       vnx_classic_lun_array_free, buf, size - 1);
		break;
	case 2:
		FUZZ_WALK_LIST(vnx_sv_snapshot, vnx_parse_sv_snapshot_list, walk_svsnap,
			       vnx_sv_snapshot_array_free, buf, size - 1);
		break;
	default:
		FUZZ_WALK_LIST(vnx_sv_session, vnx_parse_sv_session_list, walk_svsession,
			       vnx_sv_session_array_free, buf, size - 1);
		break;
	}
	return 0;
}
