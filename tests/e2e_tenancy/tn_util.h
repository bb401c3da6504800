/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tn_util.h - helpers of the delegation end-to-end proofs (tenants, grants), on top
 * of tests/gateway/e2e_harness (which starts slgwd --demo and makes gSOAP
 * clients; it is compiled in, not copied).
 *
 * Design: the proofs need three things the harness does not give:
 *  - a fault captured as plain data (SOAP fault code, slgw code, message,
 *    objectId) so that the answer for another tenant's object can be
 *    compared with the answer for a made-up id: both must be the same
 *    except for the id itself, which is replaced by a placeholder;
 *  - a textual snapshot of the array (navisim's own `lun -list -all`,
 *    `storagegroup -list` and `snap -list`, run against the demo's
 *    NAVISIM_HOME with the demo array's credentials) and of the store (the
 *    admin's enumerations), so that "refused calls change nothing" is a
 *    string comparison;
 *  - small builders for the admin set-up (tenants, users, grants).
 * Every helper asserts with Check on unexpected failure, so a test reads as
 * a list of steps.
 */
#ifndef TN_UTIL_H
#define TN_UTIL_H

#include <stddef.h>

#include "soapH.h"
#include "e2e_harness.h"

/* A received fault as data (or rc SOAP_OK and everything empty). */
struct tn_fault {
	int rc;                 /* gSOAP return code of the call */
	char faultcode[64];     /* SOAP 1.1 faultcode */
	char code[40];          /* slgw ErrorCode name, "" if none */
	char message[512];      /* slgw fault message */
	char faultstring[512];
	char object_id[128];    /* slgw fault objectId, "" if absent */
	int has_job_id;
};

/* Fills out from the last call on s (rc is what the stub returned). */
void tn_fault_take(struct tn_fault *out, struct soap *s, int rc);

/* Copies src into dst (cap bytes), truncating. */
void tn_copy(char *dst, size_t cap, const char *src);

/* Replaces every whole-token occurrence of id (not inside a longer run of
 * letters / digits) in the message, faultstring and objectId by "<ID>". */
void tn_fault_mask(struct tn_fault *f, const char *id);

/* 0 when a and b are equal in every field; else -1 with why filled. */
int tn_fault_cmp(const struct tn_fault *a, const struct tn_fault *b, char *why, size_t len);

/* Asserts (Check) that the call failed with the slgw code; the macro
 * names the caller's line in the failure. */
void tn_assert_fault_at(struct soap *s, int rc, const char *code, int line);
#define tn_assert_fault(s, rc, code) tn_assert_fault_at((s), (rc), (code), __LINE__)

/* Runs navisim with args (NAVISIM_HOME of the harness) and returns its
 * stdout (malloc'ed, NUL terminated) or NULL; *status gets the exit code. */
char *tn_navisim_output(const struct e2e *e, const char *const *args, int *status);

/* The array as navisim shows it: LUNs, storage groups and snapshots of
 * the demo array and of every extra array address given (NULL-terminated,
 * arrays created without credentials).  malloc'ed; asserts on failure. */
char *tn_array_snapshot(const struct e2e *e, const char *const *extra_spa);

/* The store as the admin sees it: tenants, users, grants, systems, pools,
 * volumes, snapshots, hosts, assignments.  malloc'ed. */
char *tn_store_snapshot(const struct e2e *e);

/* The admin's job list, one "job ID KIND state=N user=U obj=O" line each
 * (kept apart: an idempotent delete answered as a no-op adds a job). */
char *tn_jobs_snapshot(const struct e2e *e);

/* Admin builders; each asserts success and returns a malloc'ed id. */
char *tn_add_tenant(struct soap *adm, const char *ep, const char *name);
void tn_add_user(struct soap *adm, const char *ep, const char *name, const char *pw,
		 const char *tenant_id);
/* max_volumes 0 = none; prov_mask bit 1 THIN, bit 2 THICK, 0 = both. */
void tn_grant(struct soap *adm, const char *ep, const char *tenant_id, const char *sys_id,
	      const char *pool_id, long long quota_mb, int max_volumes, int prov_mask);

/* The demo system's id and its two pools' ids (malloc'ed). */
void tn_demo_pools(struct soap *adm, const char *ep, char **sys, char **pool1, char **pool2);

/* Tenant operations that must succeed; return malloc'ed ids. */
char *tn_allocate(struct soap *s, const char *ep, const char *sys, const char *pool,
		  const char *name, long long mb, int thick, char **job_id);
char *tn_add_host(struct soap *s, const char *ep, const char *name, const char *iqn,
		  const char *ip);
char *tn_snapshot(struct soap *s, const char *ep, const char *vol, const char *name);
void tn_assign(struct soap *s, const char *ep, const char *vol, const char *host);

/* The current fault message of s ("" when none), for messages. */
const char *tn_msg(struct soap *s);

#endif
