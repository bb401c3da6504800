/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fake_adapter.h - an in-memory array behind the adapter vtable, for the
 * access tests: it keeps storage groups, LUNs, snapshots and migrations,
 * counts every call by slot, logs each setpath / sethost with its
 * arguments, and can be told to fail (a setpath that fails, an SP that goes
 * away, an HLU taken behind the gateway's back, a migration that stops).
 */
#ifndef SLGW_TEST_FAKE_ADAPTER_H
#define SLGW_TEST_FAKE_ADAPTER_H

#include <pthread.h>

#include "adapter.h"

enum fake_op {
	FOP_SG_CREATE, FOP_SG_DESTROY, FOP_SG_GET, FOP_HLU_ADD, FOP_HLU_REMOVE,
	FOP_PATH_REGISTER, FOP_HOST_SET, FOP_HBA_LIST, FOP_HBA_REMOVE, FOP_SNAP_CREATE,
	FOP_SNAP_DESTROY, FOP_SNAP_RESTORE, FOP_SMP_CREATE, FOP_SMP_ATTACH, FOP_SMP_DETACH,
	FOP_LUN_CREATE, FOP_LUN_DESTROY, FOP_LUN_GET, FOP_MIGRATE_START, FOP_MIGRATE_STATUS,
	FOP_MIGRATE_CANCEL, FOP_OTHER, FOP__COUNT
};

#define FAKE_MAX 512

struct fake_group {
	char name[64];
	int used;
	int hlu_alu[256];          /* -1 = free */
	int npaths;
	char uids[16][128];        /* initiators in the group (as -setpath moves them) */
	int nuids;
};

struct fake_lun {
	int used;
	int id;
	char name[64];
	int is_smp;
	int primary;
	char attached[64];
	unsigned serial;           /* makes the WWN: never reused, unlike the id */
};

struct fake_snap {
	int used;
	char name[64];
	int lun;
};

struct fake_adapter {
	struct slgw_adapter base;  /* first */
	pthread_mutex_t mu;
	unsigned caps;
	int counts[FOP__COUNT];
	struct fake_group groups[64];
	struct fake_lun luns[FAKE_MAX];
	struct fake_snap snaps[FAKE_MAX];
	int next_lun;
	unsigned next_serial;
	/* migration in progress (one at a time is enough here) */
	int mig_src, mig_dst, mig_polls, mig_active;
	/* log of setpath / sethost argument lines */
	char log[256][200];
	int nlog;
	/* fault injection */
	int fail_path_register_at;  /* 1-based call number that fails; 0 = never */
	enum slgw_adapter_err fail_path_cls;
	int fail_migration;         /* 1: the migration stops half way */
	int hlu_add_delay_us;       /* widen race windows */
	int path_delay_us;          /* each -setpath takes this long (outside the lock) */
	int paths_inflight;         /* -setpath calls running now */
	int paths_inflight_max;     /* the most that ever ran at once */
	int reuse_after_create;     /* 1: right after the next lun_create, that LUN
	                             * goes and "foreign-reuse" takes its number */
};

/* Fills fa (zeroed by the caller) and its vtable. */
void fake_adapter_init(struct fake_adapter *fa, unsigned caps);
void fake_adapter_destroy(struct fake_adapter *fa);
int fake_count(struct fake_adapter *fa, enum fake_op op);
int fake_total(struct fake_adapter *fa);
void fake_reset_counts(struct fake_adapter *fa);
/* The group or NULL (unlocked peek for assertions). */
struct fake_group *fake_group_find(struct fake_adapter *fa, const char *name);
/* Make group name as an operator's storagegroup -create would (through
 * the slot, so it is counted); 0 or the slot's error. */
int fake_add_group(struct fake_adapter *fa, const char *name);
/* Map alu at hlu in group behind the gateway's back. */
void fake_steal_hlu(struct fake_adapter *fa, const char *group, int hlu, int alu);
/* Put initiator uid into group (created if absent) as an operator's
 * -setpath would, taking it out of any other group. */
void fake_put_initiator(struct fake_adapter *fa, const char *group, const char *uid);
/* 1 when group holds initiator uid. */
int fake_group_has(struct fake_adapter *fa, const char *group, const char *uid);
/* Make a LUN as if lun -create had run; returns its id. */
int fake_add_lun(struct fake_adapter *fa, const char *name);
/* fake_add_lun and fake_lun_wwn in one, in the form the access fixture
 * takes (access_lun_maker) with the fake as ctx. */
void fake_lun_make(void *fa, const char *name, int *id, char *wwn, size_t len);
int fake_lun_exists(struct fake_adapter *fa, const char *name);
/* Make a LUN with number id (as the array reuses a freed number); -1 when
 * the number is taken. */
int fake_add_lun_at(struct fake_adapter *fa, const char *name, int id);
/* The WWN the fake reports for LUN number id ("" when none). */
void fake_lun_wwn(char *out, size_t len, struct fake_adapter *fa, int id);
int fake_snap_exists(struct fake_adapter *fa, const char *name);
int fake_lun_count(struct fake_adapter *fa);

#endif
