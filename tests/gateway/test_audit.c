/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_audit.c - the audit trail's two paths (gateway/server/srv_audit.c)
 * and store_audit_append_many, in-process over plain HTTP on an ephemeral
 * port with a store in a temp dir and no arrays:
 *  - a burst of allowed read calls goes through the writer thread's queue
 *    and every record is in the store after a clean shutdown;
 *  - refused calls and mutating calls are committed by the time their
 *    answer arrives (checked at once, without flushing the queue);
 *  - a full queue makes the caller write synchronously: nothing dropped;
 *  - store_audit_append_many writes all n records or none.
 */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "inproc.h"
#include "srv.h"
#include "../common/suite_one.h"

static struct inproc T;

/* The in-process server for these tests: 4 workers, a queue of 16. */
static void start_server(void)
{
	static const struct inproc_limits lim = {
		.workers = 4, .queue_length = 16, .recv_timeout_s = 10, .idle_timeout_s = 5,
	};

	inproc_up(&T, "/tmp/slgw-audit", &lim);
}

/* One request on a fresh connection (Connection: close); the answer,
 * read until the envelope ends or the peer closes (malloc'ed). */
static char *call(const char *auth_b64, const char *body)
{
	int fd = inproc_dial(&T);
	char *ans = inproc_soap_post(fd, auth_b64, body, strlen(body), NULL);

	close(fd);
	return ans;
}

/* call() whose answer must contain want. */
static void call_expecting(const char *auth_b64, const char *body, const char *want)
{
	char *ans = call(auth_b64, body);

	ck_assert_msg(strstr(ans, want), "got: %.300s", ans);
	free(ans);
}

#define ROOT_OK "cm9vdDpyb290LXBhc3N3b3JkLTE=" /* root:root-password-1 */
#define ROOT_BAD "cm9vdDp3cm9uZw=="            /* root:wrong */
#define ENV1                                                                   \
	"<?xml version=\"1.0\"?><s:Envelope "                                  \
	"xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:g=\"urn:slgw:api:1\">" \
	"<s:Body>"
#define ENV2 "</s:Body></s:Envelope>"

/* Audit records whose operation starts with op (and outcome, if given). */
static size_t count_records(store *st, const char *op, const char *outcome)
{
	store_audit *arr = NULL;
	store_filter f;
	size_t n = 0, hits = 0;

	memset(&f, 0, sizeof f);
	f.name_prefix = op;
	ck_assert_int_eq(store_audit_list(&arr, &n, st, &f), 0);
	for (size_t i = 0; i < n; i++)
		if (strcmp(arr[i].operation, op) == 0 &&
		    (!outcome || strcmp(arr[i].outcome, outcome) == 0))
			hits++;
	store_audit_array_free(arr, n);
	return hits;
}

#define BURST_THREADS 4
#define BURST_CALLS 60

static void *burst(void *arg)
{
	long *ok = arg;
	for (int i = 0; i < BURST_CALLS; i++) {
		char *ans = call(ROOT_OK, ENV1 "<g:getServiceInfo/>" ENV2);
		if (strstr(ans, "getServiceInfoResponse"))
			(*ok)++;
		free(ans);
	}
	return NULL;
}

START_TEST(read_burst_is_in_the_trail_after_clean_shutdown)
{
	pthread_t t[BURST_THREADS];
	long ok[BURST_THREADS] = { 0 };
	long total = 0;
	struct srv_audit_stats stats;
	char err[256];
	store *st;

	start_server();
	for (int i = 0; i < BURST_THREADS; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, burst, &ok[i]), 0);
	for (int i = 0; i < BURST_THREADS; i++) {
		pthread_join(t[i], NULL);
		total += ok[i];
	}
	ck_assert_int_eq(total, BURST_THREADS * BURST_CALLS);
	srv_server_audit_stats(T.server, &stats);
	/* The reads went through the writer's queue, not one fsync each. */
	ck_assert_uint_gt(stats.queued, 0);
	ck_assert_uint_eq(stats.queued + stats.overflow_writes,
			  (uint64_t)BURST_THREADS * BURST_CALLS);
	inproc_stop(&T);

	/* Reopen the file: everything the clean shutdown had queued is there. */
	ck_assert_int_eq(store_open(&st, T.dbpath, err, sizeof err), 0);
	ck_assert_uint_eq(count_records(st, "getServiceInfo", "ok"),
			  (size_t)BURST_THREADS * BURST_CALLS);
	store_close(st);
	inproc_remove_dir(&T);
}
END_TEST

START_TEST(refused_and_mutating_calls_are_committed_before_the_answer)
{
	struct srv_audit_stats before, after;
	store *st;
	char *ans;

	start_server();
	st = srv_server_store(T.server);
	srv_server_audit_stats(T.server, &before);

	/* Refused: wrong password. */
	call_expecting(ROOT_BAD, ENV1 "<g:getServiceInfo/>" ENV2,
		       "<slgw:code>UNAUTHENTICATED</slgw:code>");
	/* No flush: the record must already be committed. */
	ck_assert_uint_eq(count_records(st, "getServiceInfo", "UNAUTHENTICATED"), 1);

	/* Refused read by an authenticated caller: a volume that is not there. */
	call_expecting(ROOT_OK,
		       ENV1 "<g:getStorageVolume><g:volumeId>987654</g:volumeId>"
			    "</g:getStorageVolume>" ENV2,
		       "<slgw:code>NOT_FOUND</slgw:code>");
	ck_assert_uint_eq(count_records(st, "getStorageVolume", "NOT_FOUND"), 1);

	/* Mutating and allowed. */
	call_expecting(ROOT_OK, ENV1 "<g:addTenant><g:name>pool-a</g:name></g:addTenant>" ENV2,
		       "addTenantResponse");
	ck_assert_uint_eq(count_records(st, "addTenant", "ok"), 1);

	/* Mutating and refused (the same name again). */
	ans = call(ROOT_OK, ENV1 "<g:addTenant><g:name>pool-a</g:name>"
			    "<g:description>other</g:description></g:addTenant>" ENV2);
	free(ans);
	ck_assert_uint_eq(count_records(st, "addTenant", NULL), 2);

	/* None of them went through the queue. */
	srv_server_audit_stats(T.server, &after);
	ck_assert_uint_eq(after.queued, before.queued);
	ck_assert_uint_eq(after.sync_writes - before.sync_writes, 4);
	inproc_down(&T);
}
END_TEST

static void entry(struct srv_audit_entry *e, int i)
{
	char obj[32];
	snprintf(obj, sizeof obj, "volume/%d", i);
	srv_audit_entry_set(e, "alice", 0, "getStorageVolume", obj, SLGW_OK, "peer test");
}

START_TEST(full_queue_writes_synchronously_and_drops_nothing)
{
	char err[256];
	store *st;
	srv_audit *a;
	struct srv_audit_stats stats;
	struct srv_audit_entry e;

	inproc_dir(&T, "/tmp/slgw-audit");
	ck_assert_int_eq(store_open(&st, T.dbpath, err, sizeof err), 0);
	/* A ring of 4: the writer commits only when it is full (the window
	 * is long), so the ring is full again and again. */
	ck_assert_int_eq(srv_audit_new(&a, st, 4, 4, 5000), 0);
	for (int i = 0; i < 40; i++) {
		entry(&e, i);
		ck_assert_int_eq(srv_audit_enqueue(a, &e), 0);
	}
	srv_audit_stats_get(a, &stats);
	ck_assert_uint_eq(stats.queued + stats.overflow_writes, 40);
	/* The enqueues outpace the writer's commits, so some found the ring
	 * full and were written by the caller (not dropped). */
	ck_assert_uint_ge(stats.overflow_writes, 1);
	ck_assert_uint_eq(stats.sync_writes, stats.overflow_writes);
	ck_assert_uint_eq(stats.lost, 0);
	srv_audit_free(a); /* drains */
	ck_assert_uint_eq(count_records(st, "getStorageVolume", "ok"), 40);

	/* Flush commits what was queued without waiting out the window (the
	 * writer lingers 10 s for a batch of 64 that never fills). */
	ck_assert_int_eq(srv_audit_new(&a, st, 64, 64, 10000), 0);
	for (int i = 0; i < 10; i++) {
		entry(&e, 100 + i);
		ck_assert_int_eq(srv_audit_enqueue(a, &e), 0);
	}
	srv_audit_flush(a);
	ck_assert_uint_eq(count_records(st, "getStorageVolume", "ok"), 50);
	srv_audit_stats_get(a, &stats);
	ck_assert_uint_eq(stats.pending, 0);
	ck_assert_uint_eq(stats.queued, 10);
	ck_assert_uint_eq(stats.sync_writes, 0);

	/* Shutdown (what SIGTERM leads to) drains a ring the writer is still
	 * lingering on: nothing queued is lost. */
	for (int i = 0; i < 10; i++) {
		entry(&e, 200 + i);
		ck_assert_int_eq(srv_audit_enqueue(a, &e), 0);
	}
	srv_audit_stats_get(a, &stats);
	ck_assert_uint_eq(stats.pending, 10);
	srv_audit_free(a);
	ck_assert_uint_eq(count_records(st, "getStorageVolume", "ok"), 60);
	store_close(st);
	inproc_remove_dir(&T);
}
END_TEST

START_TEST(append_many_writes_all_or_none)
{
	char err[256];
	store *st;
	store_audit recs[5];
	store_stats ss;

	inproc_dir(&T, "/tmp/slgw-audit");
	ck_assert_int_eq(store_open(&st, T.dbpath, err, sizeof err), 0);
	memset(recs, 0, sizeof recs);
	for (int i = 0; i < 5; i++) {
		recs[i].user = "bob";
		recs[i].operation = "enumStorageVolumes";
		recs[i].outcome = "ok";
		recs[i].detail = "peer test";
	}
	ck_assert_int_eq(store_audit_append_many(st, recs, 5), 0);
	ck_assert_uint_eq(count_records(st, "enumStorageVolumes", NULL), 5);
	ck_assert_int_eq(store_audit_append_many(st, recs, 0), 0);

	/* One bad record (no outcome) in the middle: none of the five. */
	recs[2].outcome = NULL;
	ck_assert_int_lt(store_audit_append_many(st, recs, 5), 0);
	ck_assert_uint_eq(count_records(st, "enumStorageVolumes", NULL), 5);
	/* Also a bad last record (control character in a name field). */
	recs[2].outcome = "ok";
	recs[4].user = "bo\x01b";
	ck_assert_int_lt(store_audit_append_many(st, recs, 5), 0);
	ck_assert_int_eq(store_stats_get(&ss, st), 0);
	ck_assert_int_eq(ss.audit, 5);
	ck_assert_int_lt(store_audit_append_many(st, NULL, 3), 0);
	store_close(st);
	inproc_remove_dir(&T);
}
END_TEST

int main(void)
{
	return SUITE_RUN_ONE("gateway_audit", "audit", NULL, NULL, 120,
		append_many_writes_all_or_none, full_queue_writes_synchronously_and_drops_nothing,
		refused_and_mutating_calls_are_committed_before_the_answer,
		read_burst_is_in_the_trail_after_clean_shutdown);
}
