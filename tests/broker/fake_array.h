/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fake_array.h - an in-memory array behind the adapter vtable, for the
 * broker's tests: it keeps LUNs, counts every call by operation, and can be
 * told to fail, to be unreachable, or to hold calls at a gate until the
 * test opens it (to have a job "in flight" for as long as a test needs).
 */
#ifndef SLGW_TEST_FAKE_ARRAY_H
#define SLGW_TEST_FAKE_ARRAY_H

#include <pthread.h>
#include <stdint.h>

#include "adapter.h"

enum fake_op {
	FA_DISCOVER, FA_LUN_CREATE, FA_LUN_GET, FA_LUN_DESTROY, FA_LUN_EXPAND,
	FA_LUN_LIST, FA_HLU_REMOVE, FA__COUNT
};

#define FA_MAX_LUNS 512

struct fake_lun {
	int id;
	char name[256];
	uint64_t size_mb;
	int thin;
	char wwn[64];
};

struct fake_array {
	struct slgw_adapter base;   /* first: the broker holds &base */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct fake_lun luns[FA_MAX_LUNS];
	int n_luns;
	int next_id;
	int calls[FA__COUNT];
	int thin_enabler;           /* discover reports ThinProvisioning */
	int unreachable;            /* every call fails as unreachable */
	int fail_create;            /* next lun_create calls fail (count) */
	enum slgw_adapter_err fail_class;
	int gate_closed;            /* create/expand/destroy wait while set */
	char groups[4][64];         /* storage group names sg_list reports */
	int n_groups;
	int at_gate;                /* calls waiting at the gate now */
};

/* Initializes an empty array (thin enabler on). */
void fake_array_init(struct fake_array *fa);
void fake_array_destroy(struct fake_array *fa);

/* Thread-safe readers/steering for tests. */
int fake_calls(struct fake_array *fa, enum fake_op op);
int fake_lun_count(struct fake_array *fa);
int fake_has_lun(struct fake_array *fa, const char *name, uint64_t *size_mb);
/* Puts a LUN on the array behind the gateway's back. */
int fake_add_lun(struct fake_array *fa, const char *name, uint64_t size_mb);
/* Puts a LUN with number id on the array (as the array hands a freed
 * number to the next create); -1 when the number is taken. */
int fake_add_lun_at(struct fake_array *fa, const char *name, uint64_t size_mb, int id);
/* Removes the LUN called name behind the gateway's back; 0 or -1. */
int fake_remove_lun(struct fake_array *fa, const char *name);
void fake_gate(struct fake_array *fa, int closed);
/* Waits until n calls wait at the gate. */
void fake_wait_at_gate(struct fake_array *fa, int n);
void fake_set_unreachable(struct fake_array *fa, int on);

#endif
