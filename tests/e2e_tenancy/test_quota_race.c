/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_quota_race.c - the quota race over SOAP: 50 threads, each
 * with its own gSOAP context and its own volume name, call allocateStorage
 * at once (released together by a barrier) against a grant whose quota
 * fits exactly 10 of those volumes.  Afterwards exactly 10 volumes exist
 * in the store (the admin's view and the tenant's enumStoragePools use)
 * AND on the array (navisim's `lun -list -all`), and the other 40 calls
 * were RESOURCE_EXHAUSTED with the numbers in the message.
 *
 * The quota is checked twice: by size (quota 10 x 100 MB) in one case and
 * by count (maxVolumes 10 with room for all 50 by size) in another, each
 * with its own tenant on the same slgwd.
 */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "soapH.h"
#include "e2e_check.h"
#include "tn_util.h"
#include "../common/suite_run.h"

#define THREADS 50
#define FITS 10
#define VOL_MB 100

struct racer {
	struct soap *soap;
	pthread_barrier_t *go;
	const char *sys, *pool;
	char name[48];
	int rc;
	int job_state;          /* -1 when no job came back */
	char code[40];
	char message[512];
};

static void *race(void *arg)
{
	struct racer *r = arg;
	struct _slgw__allocateStorage req = { 0 };
	struct _slgw__allocateStorageResponse resp = { 0 };
	struct tn_fault f;

	req.storageSystemId = (char *)r->sys;
	req.storagePoolId = (char *)r->pool;
	req.name = r->name;
	req.sizeMB = VOL_MB;
	req.provisioning = slgw__ProvisioningType__THIN;
	pthread_barrier_wait(r->go);
	r->rc = soap_call___slgw__allocateStorage(r->soap, EP, NULL, &req, &resp);
	r->job_state = r->rc == SOAP_OK && resp.job ? (int)resp.job->state : -1;
	tn_fault_take(&f, r->soap, r->rc);
	snprintf(r->code, sizeof r->code, "%s", f.code);
	snprintf(r->message, sizeof r->message, "%s", f.message);
	return NULL;
}

/* Number of LUNs on the demo array whose name is one of names[]. */
static int luns_named(const char *const *names, int n)
{
	char *arr = tn_array_snapshot(&srv, NULL);
	int found = 0;
	for (int i = 0; i < n; i++) {
		char needle[96];
		snprintf(needle, sizeof needle, "Name:  %s\n", names[i]);
		if (strstr(arr, needle))
			found++;
	}
	free(arr);
	return found;
}

static int count_luns(void)
{
	char *arr = tn_array_snapshot(&srv, NULL);
	int n = 0;
	for (const char *p = arr; (p = strstr(p, "LOGICAL UNIT NUMBER ")); p++)
		n++;
	free(arr);
	return n;
}

static void run_race(const char *tag, long long quota_mb, int max_volumes)
{
	struct soap *adm = e2e_client(&srv, "admin", srv.admin_pw);
	struct racer r[THREADS];
	pthread_t th[THREADS];
	pthread_barrier_t go;
	char *sys, *pool1, *pool2, *tid;
	char tname[32], user[32], pw[32];
	int ok = 0, exhausted = 0, luns_before;

	ck_assert_ptr_nonnull(adm);
	tn_demo_pools(adm, EP, &sys, &pool1, &pool2);
	snprintf(tname, sizeof tname, "race-%s", tag);
	snprintf(user, sizeof user, "racer-%s", tag);
	snprintf(pw, sizeof pw, "Race-%s-pass-1", tag);
	tid = tn_add_tenant(adm, EP, tname);
	tn_add_user(adm, EP, user, pw, tid);
	tn_grant(adm, EP, tid, sys, pool1, quota_mb, max_volumes, 0);
	luns_before = count_luns();

	/* Contexts are made before the threads start: e2e_client is not
	 * meant to be called concurrently. */
	pthread_barrier_init(&go, NULL, THREADS);
	for (int i = 0; i < THREADS; i++) {
		memset(&r[i], 0, sizeof r[i]);
		r[i].soap = e2e_client(&srv, user, pw);
		ck_assert_ptr_nonnull(r[i].soap);
		r[i].go = &go;
		r[i].sys = sys;
		r[i].pool = pool1;
		snprintf(r[i].name, sizeof r[i].name, "race-%s-%02d", tag, i);
	}
	for (int i = 0; i < THREADS; i++)
		ck_assert_int_eq(pthread_create(&th[i], NULL, race, &r[i]), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&go);

	for (int i = 0; i < THREADS; i++) {
		if (r[i].rc == SOAP_OK) {
			ck_assert_msg(r[i].job_state == slgw__JobState__SUCCEEDED,
				      "%s: allocate answered job state %d", r[i].name, r[i].job_state);
			ok++;
		} else {
			ck_assert_msg(!strcmp(r[i].code, "RESOURCE_EXHAUSTED"),
				      "%s: expected RESOURCE_EXHAUSTED, got '%s' (%s)", r[i].name,
				      r[i].code, r[i].message);
			/* the numbers are in the message */
			if (max_volumes)
				ck_assert_msg(strstr(r[i].message, "max 10"), "message: %s",
					      r[i].message);
			else
				ck_assert_msg(strstr(r[i].message, "quota 1000 MB") &&
						      strstr(r[i].message, "requested 100 MB"),
					      "message: %s", r[i].message);
			exhausted++;
		}
		e2e_client_free(r[i].soap);
	}
	fprintf(stderr, "quota race (%s): %d threads, %d allocated, %d RESOURCE_EXHAUSTED\n", tag,
		THREADS, ok, exhausted);
	ck_assert_int_eq(ok, FITS);
	ck_assert_int_eq(exhausted, THREADS - FITS);

	/* The store: exactly 10 volumes of the tenant, the grant's use. */
	{
		struct _slgw__enumStorageVolumes q = { 0 };
		struct _slgw__enumStorageVolumesResponse o;
		const char *names[THREADS];
		int lim = 1000, n = 0;
		q.tenantId = tid;
		q.limit = &lim;
		ck_assert_int_eq(soap_call___slgw__enumStorageVolumes(adm, EP, NULL, &q, &o), SOAP_OK);
		ck_assert_int_eq(o.__sizestorageVolume, FITS);
		for (int i = 0; i < o.__sizestorageVolume; i++) {
			ck_assert_ptr_nonnull(o.storageVolume[i].arrayName);
			ck_assert_int_eq(o.storageVolume[i].sizeMB, VOL_MB);
			names[n++] = o.storageVolume[i].arrayName;
		}
		/* ... and the array: those 10 LUNs, and no other new one */
		ck_assert_int_eq(luns_named(names, n), FITS);
		ck_assert_int_eq(count_luns(), luns_before + FITS);
	}
	{
		struct _slgw__enumStoragePoolGrants q = { 0 };
		struct _slgw__enumStoragePoolGrantsResponse o;
		q.tenantId = tid;
		ck_assert_int_eq(soap_call___slgw__enumStoragePoolGrants(adm, EP, NULL, &q, &o),
				 SOAP_OK);
		ck_assert_int_eq(o.__sizegrant, 1);
		ck_assert_ptr_nonnull(o.grant[0].usedMB);
		ck_assert_int_eq(*o.grant[0].usedMB, FITS * VOL_MB);
		ck_assert_ptr_nonnull(o.grant[0].volumeCount);
		ck_assert_int_eq(*o.grant[0].volumeCount, FITS);
	}
	free(sys);
	free(pool1);
	free(pool2);
	free(tid);
	e2e_client_free(adm);
}

START_TEST(fifty_allocations_against_a_size_quota_for_ten)
{
	run_race("size", FITS * VOL_MB, 0);
}
END_TEST

START_TEST(fifty_allocations_against_a_count_quota_for_ten)
{
	run_race("count", THREADS * VOL_MB * 2, FITS);
}
END_TEST

int main(void)
{
	return E2E_RUN_ONE("e2e-tenancy-quota-race", "race", 600,
		fifty_allocations_against_a_size_quota_for_ten,
		fifty_allocations_against_a_count_quota_for_ten);
}
