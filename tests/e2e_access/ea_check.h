/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ea_check.h - the Check side of the host-access proofs' helpers, for a
 * suite built on e2e_check.h (its server srv and endpoint EP): "this call
 * must succeed" and "this call must be refused with this code", and the
 * steps the proofs start from (add a host, allocate a volume, name the
 * host's storage group on the array).
 *
 * Design: must() and refused() are macros so that a failure names the
 * test's own line; the rest are static functions a suite may leave unused,
 * as in e2e_check.h.  They stay out of ea_soap.c / ea_util.c because the
 * lifecycle benchmark compiles those without Check.
 */
#ifndef EA_CHECK_H
#define EA_CHECK_H

#include <string.h>
#include <strings.h>

#include "e2e_check.h"
#include "ea_soap.h"
#include "ea_util.h"

/* The array is read through SP B so that reading still works while a test
 * has SP A down. */
#define RSP EA_DEMO_SPB

#define must(s, rc, job, what)                                                              \
	ck_assert_msg(ea_ok(rc, job), "%s: %s", what, ea_why(s, rc, job))

#define refused(s, rc, job, code)                                                           \
	do {                                                                                \
		const char *got_ = ea_refusal(s, rc, job);                                  \
		ck_assert_msg(got_ && !strcmp(got_, code), "expected %s, got %s (%s)", code, \
			      got_ ? got_ : "success", ea_why(s, rc, job));                 \
	} while (0)

/* A host of the caller's tenant at address ip (fm may be NULL); returns its
 * id (soap memory). */
static __attribute__((unused)) char *ea_must_add_host(struct soap *s, const char *name,
						      const char *const *inits, const char *ip,
						      enum slgw__FailoverMode *fm)
{
	struct slgw__Job *j;
	int rc = ea_add_host(&j, s, EP, name, NULL, inits, ip, fm);
	must(s, rc, j, name);
	ck_assert_ptr_nonnull(j->host);
	return j->host->id;
}

/* A 64 MB thin volume on the caller's first pool; returns the volume. */
static __attribute__((unused)) struct slgw__StorageVolume *vol_add(struct soap *s,
								   const char *name)
{
	char *sys, *pool;
	struct slgw__Job *j;
	int rc;
	ck_assert_int_eq(ea_pool_of(&sys, &pool, s, EP, EA_DEMO_ARRAY), 0);
	rc = ea_allocate(&j, s, EP, sys, pool, name, 64, slgw__ProvisioningType__THIN);
	must(s, rc, j, name);
	ck_assert_ptr_nonnull(j->storageVolume);
	ck_assert_ptr_nonnull(j->storageVolume->arrayLunId);
	return j->storageVolume;
}

/* The storage group the gateway gives host `host_id`:
 * "slgw-<instance>-h<id>", the instance id read once from the name of any
 * LUN the gateway made on the array (every test makes volumes first). */
static __attribute__((unused)) const char *G(const char *host_id)
{
	const char *g = ea_sg_name(&srv, RSP, host_id);
	ck_assert_msg(g != NULL, "no gateway LUN on the array");
	return g;
}

/* The registered paths of initiator `uid` on the array: count, and every
 * one in group `group`; with mode >= 0 also every one with failover mode
 * `mode` and arraycommpath 1, the SPs seen ORed into *sps (1 = A, 2 = B). */
static __attribute__((unused)) int paths_of(const char *uid, const char *group, int mode,
					    int *sps)
{
	vnx_hba *h = NULL;
	size_t n = 0;
	int count = 0;
	ck_assert_int_eq(ea_hbas(&h, &n, &srv, RSP), 0);
	if (sps)
		*sps = 0;
	for (size_t i = 0; i < n; i++) {
		if (strcasecmp(h[i].uid, uid))
			continue;
		for (size_t k = 0; k < h[i].port_count; k++) {
			const vnx_hba_port *p = &h[i].ports[k];
			ck_assert_ptr_nonnull(p->storage_group);
			ck_assert_str_eq(p->storage_group, group);
			count++;
			if (mode < 0)
				continue;
			ck_assert_int_eq(p->failover_mode, mode);
			ck_assert_int_eq(p->arraycommpath, 1);
			*sps |= p->sp == 'A' ? 1 : p->sp == 'B' ? 2 : 0;
		}
	}
	vnx_hba_array_free(h, n);
	return count;
}

#endif
