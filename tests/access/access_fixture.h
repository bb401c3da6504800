/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * access_fixture.h - the set-up the access tests share: a fresh store in a
 * private temporary directory, the engines' environment on it (the test's array, its
 * own key locks, a poll interval), the array's system with its iSCSI ports
 * and pool, and the hosts and ready volumes a test starts from.  One copy
 * serves the engine tests on the counting fake (test_access_core,
 * test_access_prepare), the broker API test and the engine test on navisim;
 * the array differs only in how a volume's LUN is made, which the test
 * hands in (make_lun).
 *
 * The state is global, as Check fixtures want it: S, env, st, sys_id and
 * pool_id are what the tests read and pass to the engines.
 */
#ifndef SLGW_TEST_ACCESS_FIXTURE_H
#define SLGW_TEST_ACCESS_FIXTURE_H

#include <jansson.h>
#include <stdint.h>

#include "broker_access.h"

extern store *S;
extern struct broker_access_env env;
extern struct broker_status st;
extern int64_t sys_id, pool_id;

/* Makes a LUN called name on the test's array (ctx); its number into *id
 * and its WWN into wwn (len bytes).  Asserts on failure. */
typedef void (*access_lun_maker)(void *ctx, const char *name, int *id, char *wwn, size_t len);

/* Opens a fresh store in a new directory <prefix>XXXXXX and sets
 * env to it and to array a (whose LUNs make_lun(ctx, ...) makes), with
 * its own key locks, polling every poll_ms. */
void access_fixture_open(const char *prefix, struct slgw_adapter *a, access_lun_maker make_lun,
			 void *ctx, int poll_ms);
/* Closes what access_fixture_open opened and removes the directory. */
void access_fixture_close(void);

/* Inserts sys (its id into sys_id) with ports_per_sp iSCSI ports on each
 * SP, numbered from 4 (iqn ...:cx.<serial>.a4, IP 10.1.1.4 on SP A,
 * 10.1.2.4 on B), and its pool "Pool 0" (pool_id). */
void access_add_system(const store_system *sys, const char *serial, int ports_per_sp);

/* A host of tenant (0: the gateway's own) with IP 10.9.9.9 and ninit iSCSI
 * initiators iqn.2006-04.com.example:<name>-<i>. */
int64_t make_host(const char *name, int64_t tenant, int ninit);
/* The same with the initiators named after tag instead of the host (IQNs
 * are unique across the gateway, host names only per tenant). */
int64_t make_tagged_host(const char *name, int64_t tenant, const char *tag, int ninit);
/* A ready 1 GiB thick volume of tenant (granted the pool first) in
 * sys_id's pool, its LUN made on the array under the gateway's name. */
int64_t make_volume(const char *name, int64_t tenant);

/* How many records the store lists for filter f (NULL: all of them). */
size_t count_assignments(const store_filter *f);
size_t count_initiators(const store_filter *f);
size_t count_jobs(const store_filter *f);
size_t count_snapshots(const store_filter *f);
size_t count_volumes(const store_filter *f);
/* The store's assignments of volume vol (any host) / on host (any
 * volume). */
size_t assignments_of(int64_t vol);
size_t assignments_on(int64_t host);

/* One of the assignments access_assign_all runs at once. */
struct access_par {
	int64_t vol, host;
	int hlu;                  /* > 0: this HLU is asked for */
	int rc;
	json_t *res;              /* the answer; the caller frees it */
	struct broker_status st;
};

/* p[i] (i < n): a new volume d<i> (make_volume) to host. */
void access_par_volumes(struct access_par *p, int n, int64_t host);
/* Runs the n assignments (broker_access_assign, or _assign_hlu where an
 * HLU is asked for) at once, each on a thread of its own, and waits for
 * them all (64 at the most). */
void access_assign_all(struct access_par *p, int n);

/* Asserts that each of the n succeeded with its own HLU in 1..max, and
 * frees the answers. */
void access_assert_distinct_hlus(struct access_par *p, int n, int max);

/* The array name this gateway (the test's store) gives object id. */
void oname(char *buf, size_t len, enum broker_name_kind kind, int64_t id);
/* The storage group name the gateway gives host h (slgw-<instance>-h<id>);
 * four calls' names are valid at once. */
const char *G(int64_t h);
/* The "hlu" of an assign answer. */
int hlu_of(json_t *res);

#endif
