/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ea_soap.h - thin wrappers over the generated gSOAP client stubs for the
 * calls the host-access proofs and the lifecycle benchmark make again and
 * again (addHost, allocate, assign, unassign, snapshot, clone, delete).
 *
 * Design: each wrapper fills the request from plain C values, waits for the
 * job (waitMs EA_WAIT_MS) and returns the SOAP status; the job comes back
 * through an out-parameter and lives in the soap context's memory (valid
 * until the next soap_end / e2e_client_free).  A refusal may come as a SOAP
 * fault (checked before a job exists) or as a FAILED job (checked inside
 * it): ea_refused() accepts both, because the contract allows both.
 */
#ifndef EA_SOAP_H
#define EA_SOAP_H

#include "soapH.h"

#define EA_WAIT_MS 120000

/* The error code of a refusal (fault detail or failed job) as its name, or
 * NULL when the call succeeded. */
const char *ea_refusal(struct soap *s, int rc, const struct slgw__Job *job);

/* 1 if the call succeeded with a SUCCEEDED job. */
int ea_ok(int rc, const struct slgw__Job *job);

/* Text that says why a call did not succeed (fault string or job error). */
const char *ea_why(struct soap *s, int rc, const struct slgw__Job *job);

/* addHost: name, owner tenant (NULL: the caller's), initiators, address,
 * failover wish; the job's host on success.  inits: NULL-terminated; ids starting
 * "iqn." / "eui." / "naa." are iSCSI, the rest FC.  fm may be NULL. */
int ea_add_host(struct slgw__Job **job, struct soap *s, const char *ep, const char *name,
		const char *tenant_id, const char *const *inits, const char *ip,
		enum slgw__FailoverMode *fm);
/* allocateStorage on (sys, pool); the job's storageVolume on success. */
int ea_allocate(struct slgw__Job **job, struct soap *s, const char *ep, const char *sys,
		const char *pool, const char *name, long long mb, enum slgw__ProvisioningType prov);
/* assignStorage; the job's assignment (WWN, HLU, mode, targets). */
int ea_assign(struct slgw__Job **job, struct soap *s, const char *ep, const char *vol,
	      const char *host);
/* assignStorage asking for HLU *hlu (NULL: the gateway picks). */
int ea_assign_at(struct slgw__Job **job, struct soap *s, const char *ep, const char *vol,
		 const char *host, int *hlu);
/* unassignStorage (succeeds when nothing is assigned). */
int ea_unassign(struct slgw__Job **job, struct soap *s, const char *ep, const char *vol,
		const char *host);
/* createSnapshot; the job's snapshot on success. */
int ea_snapshot(struct slgw__Job **job, struct soap *s, const char *ep, const char *vol,
		const char *name);
/* cloneStorage from exactly one of src_vol / src_snap, waiting wait_ms
 * (0: return the queued or running job at once). */
int ea_clone(struct slgw__Job **job, struct soap *s, const char *ep, const char *src_vol,
	     const char *src_snap, const char *name, enum slgw__CloneType type, int wait_ms);
/* deleteStorage, with force when asked (assigned / with snapshots). */
int ea_delete(struct slgw__Job **job, struct soap *s, const char *ep, const char *vol, int force);
/* removeHost (refused while anything is assigned). */
int ea_remove_host(struct slgw__Job **job, struct soap *s, const char *ep, const char *host);

/* grantStoragePool: quota_mb on (sys, pool) to tenant_id; max_volumes 0 =
 * no limit; prov_mask bit 1 THIN, bit 2 THICK, 0 = both.  The grant (soap
 * memory) on success. */
int ea_grant(struct slgw__StoragePoolGrant **grant, struct soap *s, const char *ep,
	     const char *tenant_id, const char *sys, const char *pool, long long quota_mb,
	     int max_volumes, int prov_mask);

/* The first storage system and pool the caller sees whose system name is
 * `system_name` (NULL: any).  0 or -1. */
int ea_pool_of(char **sys, char **pool, struct soap *s, const char *ep, const char *system_name);

#endif
