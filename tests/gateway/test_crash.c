/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_crash.c - slgwd killed with SIGKILL at random moments while clients
 * allocate and delete volumes; after each restart the broker reconciles,
 * and at the end the store (as the API shows it) and the navisim array
 * agree exactly: every live volume has its LUN, every gateway-named LUN
 * (slgw-<volume id>) belongs to a live volume, and no job is left queued
 * or running.
 */
#include <check.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "soapH.h"
#include "e2e_harness.h"
#include "../common/suite_run.h"

static struct e2e srv;
static volatile int stop_clients;

struct client {
	int round, id;
	char sys[32], pool[32];
	int allocated, deleted;
};

static void *client_main(void *arg)
{
	struct client *c = arg;
	struct soap *s = e2e_client(&srv, "admin", srv.admin_pw);
	int wait = 5000;

	if (!s)
		return NULL;
	for (int i = 0; !stop_clients && i < 1000; i++) {
		struct _slgw__allocateStorage rq = { 0 };
		struct _slgw__allocateStorageResponse rs = { 0 };
		char name[64];
		snprintf(name, sizeof name, "crash-r%d-c%d-%d", c->round, c->id, i);
		rq.storageSystemId = c->sys;
		rq.storagePoolId = c->pool;
		rq.name = name;
		rq.sizeMB = 16;
		rq.provisioning = i % 2 ? slgw__ProvisioningType__THICK :
					  slgw__ProvisioningType__THIN;
		rq.waitMs = &wait;
		if (soap_call___slgw__allocateStorage(s, srv.endpoint, NULL, &rq, &rs) != SOAP_OK) {
			if (!s->fault)
				break; /* the server is gone */
			continue;
		}
		c->allocated++;
		if (rs.job->state == slgw__JobState__SUCCEEDED && rs.job->storageVolume &&
		    (i % 3) != 0) {
			struct _slgw__deleteStorage dq = { 0 };
			struct _slgw__deleteStorageResponse dr;
			dq.volumeId = rs.job->storageVolume->id;
			dq.waitMs = &wait;
			if (soap_call___slgw__deleteStorage(s, srv.endpoint, NULL, &dq, &dr) !=
				    SOAP_OK &&
			    !s->fault)
				break;
			c->deleted++;
		}
		soap_destroy(s);
		soap_end(s);
	}
	e2e_client_free(s);
	return NULL;
}

static void pool_ids(char *sys, char *pool)
{
	struct soap *s = e2e_client(&srv, "admin", srv.admin_pw);
	struct _slgw__enumStoragePools rq = { 0 };
	struct _slgw__enumStoragePoolsResponse rs;
	ck_assert_int_eq(soap_call___slgw__enumStoragePools(s, srv.endpoint, NULL, &rq, &rs),
			 SOAP_OK);
	snprintf(sys, 32, "%s", rs.storagePool[0].storageSystemId);
	snprintf(pool, 32, "%s", rs.storagePool[0].id);
	e2e_client_free(s);
}

/* Number of jobs in state st. */
static int count_jobs(struct soap *s, enum slgw__JobState st)
{
	struct _slgw__enumJobs rq = { 0 };
	struct _slgw__enumJobsResponse rs;
	int limit = 1000, n = 0, pages = 0;
	char *tok = NULL;
	rq.state = &st;
	rq.limit = &limit;
	do {
		ck_assert_int_eq(soap_call___slgw__enumJobs(s, srv.endpoint, NULL, &rq, &rs), SOAP_OK);
		n += rs.__sizejob;
		free(tok);
		tok = rs.nextPageToken ? strdup(rs.nextPageToken) : NULL;
		rq.pageToken = tok;
	} while (tok && ++pages < 100);
	free(tok);
	return n;
}

START_TEST(sigkill_during_allocate_delete_stream_loses_and_leaks_nothing)
{
	struct soap *s;
	unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
	const char *show[] = { "--admin", "show", "--name", "demo", NULL };
	char sys[32], pool[32];

	ck_assert_int_eq(e2e_start(&srv, 0), 0);
	pool_ids(sys, pool);
	for (int round = 0; round < 6; round++) {
		pthread_t t[2];
		struct client c[2];
		int ms = 300 + (int)(rand_r(&seed) % 1500);
		struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

		stop_clients = 0;
		for (int k = 0; k < 2; k++) {
			memset(&c[k], 0, sizeof c[k]);
			c[k].round = round;
			c[k].id = k;
			snprintf(c[k].sys, sizeof c[k].sys, "%s", sys);
			snprintf(c[k].pool, sizeof c[k].pool, "%s", pool);
			pthread_create(&t[k], NULL, client_main, &c[k]);
		}
		nanosleep(&ts, NULL);
		e2e_kill(&srv);
		stop_clients = 1;
		for (int k = 0; k < 2; k++)
			pthread_join(t[k], NULL);
		ck_assert_int_eq(e2e_start(&srv, 1), 0);
	}

	/* Let the restarted broker finish what reconciliation resumed. */
	s = e2e_client(&srv, "admin", srv.admin_pw);
	for (int i = 0; i < 600; i++) {
		if (count_jobs(s, slgw__JobState__QUEUED) + count_jobs(s, slgw__JobState__RUNNING) == 0)
			break;
		usleep(100000);
	}
	ck_assert_int_eq(count_jobs(s, slgw__JobState__QUEUED), 0);
	ck_assert_int_eq(count_jobs(s, slgw__JobState__RUNNING), 0);

	{
		/* The store as the API shows it. */
		struct _slgw__enumStorageVolumes rq = { 0 };
		struct _slgw__enumStorageVolumesResponse rs;
		int limit = 1000, nvol = 0;
		char **names = calloc(4096, sizeof *names);
		char out_path[400];
		FILE *f;
		json_t *doc, *luns, *lun;
		json_error_t jerr;
		size_t i;
		int rc;

		rq.limit = &limit;
		ck_assert_int_eq(soap_call___slgw__enumStorageVolumes(s, srv.endpoint, NULL, &rq, &rs),
				 SOAP_OK);
		ck_assert_ptr_null(rs.nextPageToken);
		for (int v = 0; v < rs.__sizestorageVolume; v++) {
			struct slgw__StorageVolume *vol = &rs.storageVolume[v];
			ck_assert_msg(!vol->state || (strcmp(vol->state, "creating") &&
						      strcmp(vol->state, "deleting")),
				      "volume %s left in state %s", vol->id, vol->state);
			ck_assert_msg(vol->arrayName, "volume %s has no LUN name", vol->id);
			names[nvol++] = strdup(vol->arrayName);
		}

		/* The array. */
		snprintf(out_path, sizeof out_path, "%s/show.json", srv.dir);
		{
			/* e2e_navisim prints to our stdout; capture it in a file */
			fflush(stdout);
			int saved = dup(1);
			FILE *o = fopen(out_path, "w");
			dup2(fileno(o), 1);
			rc = e2e_navisim(&srv, show);
			fflush(stdout);
			dup2(saved, 1);
			close(saved);
			fclose(o);
		}
		ck_assert_int_eq(rc, 0);
		f = fopen(out_path, "r");
		doc = json_loadf(f, 0, &jerr);
		fclose(f);
		ck_assert_ptr_nonnull(doc);
		luns = json_object_get(doc, "luns");
		ck_assert(json_is_array(luns));
		/* every gateway LUN on the array is a live volume (nothing leaked) */
		json_array_foreach(luns, i, lun)
		{
			const char *n = json_string_value(json_object_get(lun, "name"));
			int found = 0;
			if (!n || strncmp(n, "slgw-", 5))
				continue;
			for (int v = 0; v < nvol; v++)
				if (!strcmp(names[v], n))
					found = 1;
			ck_assert_msg(found, "LUN %s on the array is unknown to the store (leaked)", n);
		}
		/* every live volume has its LUN (nothing lost) */
		for (int v = 0; v < nvol; v++) {
			int found = 0;
			json_array_foreach(luns, i, lun)
			{
				const char *n = json_string_value(json_object_get(lun, "name"));
				if (n && !strcmp(n, names[v]))
					found = 1;
			}
			ck_assert_msg(found, "volume LUN %s is missing on the array (lost)", names[v]);
			free(names[v]);
		}
		free(names);
		json_decref(doc);
		printf("crash test: %d live volumes agree with the array\n", nvol);
	}
	e2e_client_free(s);
	ck_assert_int_eq(e2e_stop_cleanup(&srv), 0);
}
END_TEST

int main(void)
{
	/* a server killed mid-write must not kill the test with SIGPIPE */
	signal(SIGPIPE, SIG_IGN);
	Suite *su = suite_create("gateway-crash");
	SUITE_CASE(su, "crash", NULL, NULL, 400,
		sigkill_during_allocate_delete_stream_loses_and_leaks_nothing);
	return suite_run(su);
}
