/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_cluster.c - two real slgwd nodes on one store (SQLite WAL) and four
 * navisim arrays: leadership split, a request on either node, SIGKILL of a
 * leader in the middle of a stream of allocate + assign calls, a paused
 * leader fenced off, a restarted node back as a follower.  Under
 * tests/pg/pg_run.sh two more: the database server stopped under the
 * nodes (/healthz 503, then 200), and one node cut from the database while
 * its process runs on and is still called (its role refused and its
 * sessions ended): each node then connects as a role of its own and runs
 * a copy of navisim named after it, so the array log, which names the
 * program and the time of every command, says which node sent what and
 * when, and is compared with the moment the other node's lease term began.
 *
 * What is asserted is what the arrays and the store hold afterwards, read
 * from navisim (--admin show / log) and from the store itself: every
 * gateway volume is exactly one LUN of its array and every LUN named by the
 * gateway is a volume; every assignment is exactly one (HLU, LUN) pair of
 * the host's storage group and no HLU is given twice; every request
 * succeeded, on its first node or on a retry with its request id.  Times
 * are bounded generously (a takeover has lease + a round to happen); the
 * takeover time itself is measured by bench/cluster.
 */
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <jansson.h>

#include "cluster_harness.h"
#include "ea_soap.h"
#include "pg_harness.h"
#include "store.h"
#include "../common/suite_each.h"

#define LEASE_S 6
#define NARRAYS 4

static struct cl C;

static void setup(void)
{
	ck_assert_msg(cl_setup(&C, NARRAYS, 2, LEASE_S) == 0, "cluster set-up failed");
}

static void teardown(void)
{
	cl_teardown(&C);
}

static struct soap *admin_on(int node)
{
	struct soap *s = e2e_client(&C.node[node], "admin", C.demo.admin_pw);
	ck_assert_ptr_nonnull(s);
	return s;
}

/* Waits until every array is led by a live node and, with both nodes
 * running, until each leads at least one; returns the ms it took, or -1. */
static long long wait_led(int need_both, int alive_mask, int timeout_ms)
{
	long long t0 = cl_now_ms();
	while (cl_now_ms() - t0 < timeout_ms) {
		int total = 0, both = 1;
		for (int i = 0; i < CL_NODES; i++) {
			if (!(alive_mask & (1 << i)))
				continue;
			int n = cl_leads(&C, i, 0, NULL);
			if (n > 0)
				total += n;
			if (n <= 0)
				both = 0;
		}
		if (total == NARRAYS && (!need_both || both))
			return cl_now_ms() - t0;
		cl_sleep_ms(200);
	}
	return -1;
}

/* The node leading array k (-1: none). */
static int leader_of(int k)
{
	long long sys = atoll(C.sys[k]);
	for (int i = 0; i < CL_NODES; i++) {
		long long tok = 0;
		if (C.node[i].pid > 0 && cl_leads(&C, i, sys, &tok) > 0 && tok > 0)
			return i;
	}
	return -1;
}

static int call_allocate(struct slgw__Job **job, struct soap *s, const char *ep, int k,
			 const char *name, const char *rid)
{
	struct _slgw__allocateStorage req = { 0 };
	struct _slgw__allocateStorageResponse resp = { 0 };
	static int wait = 60000;
	req.storageSystemId = C.sys[k];
	req.storagePoolId = C.pool[k];
	req.name = (char *)name;
	req.sizeMB = 16;
	req.provisioning = slgw__ProvisioningType__THIN;
	req.clientRequestId = (char *)rid;
	req.waitMs = &wait;
	int rc = soap_call___slgw__allocateStorage(s, ep, NULL, &req, &resp);
	*job = rc == SOAP_OK ? resp.job : NULL;
	return rc;
}

static int call_assign(struct slgw__Job **job, struct soap *s, const char *ep, const char *vol,
		       const char *host, const char *rid)
{
	struct _slgw__assignStorage req = { 0 };
	struct _slgw__assignStorageResponse resp = { 0 };
	static int wait = 60000;
	req.volumeId = (char *)vol;
	req.hostId = (char *)host;
	req.clientRequestId = (char *)rid;
	req.waitMs = &wait;
	int rc = soap_call___slgw__assignStorage(s, ep, NULL, &req, &resp);
	*job = rc == SOAP_OK ? resp.job : NULL;
	return rc;
}

/* ------------------------------------------------------------ the stream */

#define STREAM_MAX 400

struct req_result {
	int ok;                /* allocate and assign both succeeded */
	int tries;             /* calls made (first + retries) */
	int fresh_ids;         /* a failed job made us use a new request id */
	char vol[32];
	char why[200];
};

struct stream {
	int n;                 /* requests */
	int first_node;        /* requests go to node (first_node + i) % 2 */
	int arrays_mask;       /* arrays used (bit k) */
	char host[32];
	volatile int done;     /* requests finished so far */
	struct req_result r[STREAM_MAX];
};

/* One call until it succeeds: same request id on transport failures and
 * unfinished jobs (the retry finds the job), a new one after a job failed
 * cleanly.  Alternates nodes on failure. */
static void one_request(struct stream *st, int i)
{
	struct req_result *r = &st->r[i];
	int node = (st->first_node + i) % CL_NODES;
	int k, arrays[CL_MAX_ARRAYS], na = 0;
	char name[64], rid_a[64], rid_s[64];
	int gen_a = 0, gen_s = 0, stage = 0;
	long long deadline = cl_now_ms() + 120000;

	for (k = 0; k < NARRAYS; k++)
		if (st->arrays_mask & (1 << k))
			arrays[na++] = k;
	k = arrays[i % na];
	snprintf(name, sizeof name, "cl-%d", i);
	while (cl_now_ms() < deadline) {
		struct soap *s;
		struct slgw__Job *j = NULL;
		int rc;
		if (C.node[node].pid <= 0) {
			node = (node + 1) % CL_NODES;
			continue;
		}
		s = e2e_client(&C.node[node], "admin", C.demo.admin_pw);
		if (!s)
			break;
		r->tries++;
		snprintf(rid_a, sizeof rid_a, "alloc-%d-%d", i, gen_a);
		snprintf(rid_s, sizeof rid_s, "assign-%d-%d", i, gen_s);
		if (stage == 0)
			rc = call_allocate(&j, s, C.node[node].endpoint, k, name, rid_a);
		else
			rc = call_assign(&j, s, C.node[node].endpoint, r->vol, st->host, rid_s);
		if (rc == SOAP_OK && j && j->state == slgw__JobState__SUCCEEDED) {
			if (stage == 0) {
				snprintf(r->vol, sizeof r->vol, "%s",
					 j->storageVolume ? j->storageVolume->id : "");
				stage = 1;
				e2e_client_free(s);
				continue;
			}
			r->ok = 1;
			e2e_client_free(s);
			break;
		}
		if (rc == SOAP_OK && j && j->state == slgw__JobState__FAILED) {
			/* failed cleanly: a new request */
			snprintf(r->why, sizeof r->why, "%s", ea_why(s, rc, j));
			if (++r->fresh_ids > 3) {
				e2e_client_free(s);
				break; /* a refusal, not an interruption */
			}
			if (stage == 0)
				gen_a++;
			else
				gen_s++;
		} else if (rc != SOAP_OK) {
			snprintf(r->why, sizeof r->why, "%s", ea_why(s, rc, j));
			node = (node + 1) % CL_NODES;
		}
		e2e_client_free(s);
		cl_sleep_ms(300);
	}
	__atomic_add_fetch(&st->done, 1, __ATOMIC_SEQ_CST);
}

struct worker_arg {
	struct stream *st;
	int from, step;
};

static void *stream_worker(void *p)
{
	struct worker_arg *w = p;
	for (int i = w->from; i < w->st->n; i += w->step)
		one_request(w->st, i);
	return NULL;
}

#define STREAM_THREADS 4

static void stream_run(struct stream *st, pthread_t *th, struct worker_arg *wa)
{
	for (int t = 0; t < STREAM_THREADS; t++) {
		wa[t].st = st;
		wa[t].from = t;
		wa[t].step = STREAM_THREADS;
		ck_assert_int_eq(pthread_create(&th[t], NULL, stream_worker, &wa[t]), 0);
	}
}

static void stream_join(pthread_t *th)
{
	for (int t = 0; t < STREAM_THREADS; t++)
		pthread_join(th[t], NULL);
}

static void add_host(struct stream *st)
{
	struct soap *a = admin_on(0);
	struct slgw__Job *j = NULL;
	const char *inits[] = { "iqn.1994-05.com.example:cluster-host", NULL };
	int rc = ea_add_host(&j, a, C.node[0].endpoint, "cluster-host", NULL, inits, "192.0.2.250",
			     NULL);
	ck_assert_msg(ea_ok(rc, j), "addHost: %s", ea_why(a, rc, j));
	snprintf(st->host, sizeof st->host, "%s", j->host->id);
	e2e_client_free(a);
}

/* ------------------------------------------------------ store == array */

static json_t *array_show(int k)
{
	const char *args[] = { "--admin", "show", "--name", C.array[k], NULL };
	char *out = cl_navisim_out(&C, args);
	json_error_t jerr;
	ck_assert_ptr_nonnull(out);
	json_t *o = json_loads(out, 0, &jerr);
	free(out);
	ck_assert_ptr_nonnull(o);
	return o;
}

/* Every live volume is one LUN (by name, with its number), every LUN named
 * "slgw-" is a volume, every assignment is one HLU -> LUN pair of a
 * storage group whose HLUs are unique; returns the volumes checked. */
static size_t check_store_equals_arrays(void)
{
	char err[256];
	store *s = NULL;
	size_t total = 0;
	ck_assert_msg(store_open(&s, C.store_target, err, sizeof err) == 0, "store_open: %s", err);
	for (int k = 0; k < NARRAYS; k++) {
		store_filter f = { .system_id = atoll(C.sys[k]) };
		store_volume *vs = NULL;
		size_t nv = 0;
		ck_assert_int_eq(store_volume_list(&vs, &nv, s, &f), 0);
		json_t *arr = array_show(k), *lun, *sg, *p;
		size_t i, j, q;
		size_t gw_luns = 0, live = 0;
		json_array_foreach(json_object_get(arr, "luns"), i, lun) {
			const char *nm = json_string_value(json_object_get(lun, "name"));
			if (nm && !strncmp(nm, "slgw-", 5))
				gw_luns++;
		}
		for (size_t v = 0; v < nv; v++) {
			if (vs[v].state == STORE_STATE_DELETED)
				continue;
			ck_assert_msg(vs[v].state == STORE_STATE_READY, "volume %" PRId64 " state %d",
				      vs[v].id, (int)vs[v].state);
			live++;
			int found = 0;
			json_array_foreach(json_object_get(arr, "luns"), i, lun) {
				const char *nm = json_string_value(json_object_get(lun, "name"));
				if (nm && vs[v].lun_name && !strcmp(nm, vs[v].lun_name)) {
					found++;
					ck_assert_int_eq(json_integer_value(json_object_get(lun, "id")),
							 vs[v].lun_id);
				}
			}
			ck_assert_msg(found == 1, "volume %" PRId64 " (%s) is %d LUNs of %s", vs[v].id,
				      vs[v].lun_name, found, C.array[k]);
		}
		ck_assert_msg(gw_luns == live, "%s: %zu gateway LUNs for %zu volumes", C.array[k],
			      gw_luns, live);
		/* HLUs: unique per group; each assignment one pair */
		store_assignment *as = NULL;
		size_t na = 0;
		ck_assert_int_eq(store_assignment_list(&as, &na, s, &f), 0);
		json_array_foreach(json_object_get(arr, "sgs"), i, sg) {
			json_t *hl = json_object_get(sg, "hlus");
			json_array_foreach(hl, j, p) {
				json_t *p2;
				json_array_foreach(hl, q, p2) {
					if (q <= j)
						continue;
					ck_assert_int_ne(json_integer_value(json_object_get(p, "hlu")),
							 json_integer_value(json_object_get(p2, "hlu")));
					ck_assert_int_ne(json_integer_value(json_object_get(p, "alu")),
							 json_integer_value(json_object_get(p2, "alu")));
				}
			}
		}
		for (size_t a = 0; a < na; a++) {
			store_volume *v = NULL;
			ck_assert_int_eq(store_volume_get(&v, s, as[a].volume_id), 0);
			int found = 0;
			json_array_foreach(json_object_get(arr, "sgs"), i, sg) {
				json_array_foreach(json_object_get(sg, "hlus"), j, p) {
					if (json_integer_value(json_object_get(p, "hlu")) == as[a].hlu &&
					    json_integer_value(json_object_get(p, "alu")) == v->lun_id)
						found++;
				}
			}
			ck_assert_msg(found == 1, "assignment of volume %" PRId64 " HLU %d is %d pairs",
				      v->id, as[a].hlu, found);
			store_volume_free(v);
		}
		total += live;
		store_assignment_array_free(as, na);
		store_volume_array_free(vs, nv);
		json_decref(arr);
	}
	store_close(s);
	return total;
}

/* ---------------------------------------------------------------- tests */

START_TEST(leadership_is_split_and_either_node_serves)
{
	ck_assert_msg(wait_led(1, 3, 30000) >= 0, "arrays not spread over both nodes");
	/* every array through each node, whichever leads it */
	for (int k = 0; k < NARRAYS; k++) {
		for (int i = 0; i < CL_NODES; i++) {
			struct soap *a = admin_on(i);
			struct slgw__Job *j = NULL;
			char name[32], rid[32];
			snprintf(name, sizeof name, "either-%d-%d", k, i);
			snprintf(rid, sizeof rid, "either-%d-%d", k, i);
			int rc = call_allocate(&j, a, C.node[i].endpoint, k, name, rid);
			ck_assert_msg(ea_ok(rc, j), "array %d via node %d (leader %d): %s", k, i,
				      leader_of(k), ea_why(a, rc, j));
			e2e_client_free(a);
		}
	}
	ck_assert_uint_eq(check_store_equals_arrays(), NARRAYS * CL_NODES);
}
END_TEST

static struct stream ST;

/* Waits until both nodes lead arrays, then makes every array's commands
 * take ms, so what a test does to a node lands inside jobs. */
static void spread_and_slowed(const char *ms)
{
	ck_assert_msg(wait_led(1, 3, 30000) >= 0, "arrays not spread over both nodes");
	for (int k = 0; k < NARRAYS; k++) {
		const char *lat[] = { "--admin", "latency", "--name", C.array[k], "--ms", ms, NULL };
		ck_assert_int_eq(e2e_navisim(&C.demo, lat), 0);
	}
}

/* ST: n allocations on the arrays of mask for a new host, the first sent
 * to node first_node, running on the STREAM_THREADS of th / wa; returns
 * once done of them have finished. */
static void stream_start(int n, int first_node, int mask, int done, pthread_t *th,
			 struct worker_arg *wa)
{
	ck_assert_msg(mask != 0, "a stream needs at least one array");
	memset(&ST, 0, sizeof ST);
	ST.n = n;
	ST.first_node = first_node;
	ST.arrays_mask = mask;
	add_host(&ST);
	stream_run(&ST, th, wa);
	while (ST.done < done)
		cl_sleep_ms(50);
}

START_TEST(sigkill_of_a_leader_mid_stream_loses_and_doubles_nothing)
{
	pthread_t th[STREAM_THREADS];
	struct worker_arg wa[STREAM_THREADS];
	/* the array commands take a while, so the kill lands inside jobs */
	spread_and_slowed("40");
	stream_start(200, 0, (1 << NARRAYS) - 1, 200 / 4, th, wa);
	int victim = leader_of(0) >= 0 ? leader_of(0) : 0;
	e2e_kill(&C.node[victim]);
	long long took = wait_led(0, 3 & ~(1 << victim), 30000);
	ck_assert_msg(took >= 0, "the survivor did not take every array");
	stream_join(th);
	for (int i = 0; i < ST.n; i++)
		ck_assert_msg(ST.r[i].ok, "request %d never succeeded (%d tries): %s", i,
			      ST.r[i].tries, ST.r[i].why);
	ck_assert_uint_eq(check_store_equals_arrays(), (size_t)ST.n);

	/* rejoin: the node comes back as a follower of every array */
	long long tok_before = 0, tok_after = 0;
	int survivor = 1 - victim;
	ck_assert_int_eq(cl_leads(&C, survivor, atoll(C.sys[0]), &tok_before), NARRAYS);
	ck_assert_int_eq(cl_node_start(&C, victim), 0);
	ck_assert_int_eq(cl_leads(&C, victim, 0, NULL), 0);
	ck_assert_int_ge(cl_leads(&C, survivor, atoll(C.sys[0]), &tok_after), 1);
	/* the survivor's term of array 0 went on (no takeover by the newcomer) */
	if (tok_after)
		ck_assert_int_eq(tok_after, tok_before);
	/* and it gets its share by handover later, serving as before */
	ck_assert_msg(wait_led(1, 3, 30000) >= 0, "the rejoined node never got a share");
	struct soap *a = admin_on(victim);
	struct slgw__Job *j = NULL;
	int rc = call_allocate(&j, a, C.node[victim].endpoint, 0, "after-rejoin", "after-rejoin");
	ck_assert_msg(ea_ok(rc, j), "after rejoin: %s", ea_why(a, rc, j));
	e2e_client_free(a);
	ck_assert_uint_eq(check_store_equals_arrays(), (size_t)ST.n + 1);
}
END_TEST

START_TEST(a_paused_leader_sends_no_command_after_takeover)
{
	pthread_t th[STREAM_THREADS];
	struct worker_arg wa[STREAM_THREADS];
	spread_and_slowed("150");
	int paused = leader_of(0), mask = 0;
	ck_assert_int_ge(paused, 0);
	int other = 1 - paused;
	/* a stream on the paused node's arrays, sent to it */
	for (int k = 0; k < NARRAYS; k++)
		if (leader_of(k) == paused)
			mask |= 1 << k;
	stream_start(24, paused, mask, 2, th, wa);
	kill(C.node[paused].pid, SIGSTOP);
	ck_assert_msg(wait_led(0, 1 << other, 30000) >= 0, "no takeover of the paused node's arrays");
	/* freeze the new leader too: from now on no array may see a command */
	kill(C.node[other].pid, SIGSTOP);
	cl_sleep_ms(300); /* commands already spawned by it finish */
	long before[NARRAYS];
	for (int k = 0; k < NARRAYS; k++)
		before[k] = cl_log_lines(&C, C.array[k]);
	kill(C.node[paused].pid, SIGCONT);
	cl_sleep_ms(2500);
	for (int k = 0; k < NARRAYS; k++)
		ck_assert_msg(cl_log_lines(&C, C.array[k]) == before[k],
			      "array %s got %ld commands from the fenced node", C.array[k],
			      cl_log_lines(&C, C.array[k]) - before[k]);
	ck_assert_int_eq(cl_leads(&C, paused, 0, NULL), 0);
	kill(C.node[other].pid, SIGCONT);
	stream_join(th);
	for (int i = 0; i < ST.n; i++)
		ck_assert_msg(ST.r[i].ok, "request %d never succeeded (%d tries): %s", i,
			      ST.r[i].tries, ST.r[i].why);
	ck_assert_uint_eq(check_store_equals_arrays(), (size_t)ST.n);
}
END_TEST

/* GET /healthz on node i over TLS, raw, since the harness's soap GET gives
 * no status: the status code (-1: no answer), the body into body. */
static int healthz(char *body, size_t len, int i)
{
	SSL_CTX *ctx = NULL;
	BIO *b = e2e_tls_dial(&C.node[i], &ctx);
	char req[128], buf[8192];
	int n, got = 0, status = -1;

	body[0] = 0;
	if (!b)
		return -1;
	snprintf(req, sizeof req,
		 "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n\r\n",
		 C.node[i].port);
	if (BIO_write(b, req, (int)strlen(req)) == (int)strlen(req))
		while (got < (int)sizeof buf - 1 &&
		       (n = BIO_read(b, buf + got, (int)sizeof buf - 1 - got)) > 0)
			got += n;
	buf[got] = 0;
	e2e_tls_close(b, ctx);
	if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1)
		return -1;
	/* the JSON object itself, whether the body came chunked or not */
	char *p = strstr(buf, "\r\n\r\n"), *open = p ? strchr(p, '{') : NULL;
	char *close = open ? strrchr(open, '}') : NULL;
	if (close)
		close[1] = 0;
	snprintf(body, len, "%s", open && close ? open : "");
	return status;
}

/* Only under tests/pg/pg_run.sh: the database server itself goes away (a
 * SQLite file cannot be taken away from a running process like that). */
START_TEST(healthz_answers_503_while_the_database_is_down)
{
	char body[8192], err[256];
	ck_assert_msg(wait_led(1, 3, 30000) >= 0, "arrays not spread over both nodes");
	ck_assert_int_eq(healthz(body, sizeof body, 0), 200);
	ck_assert_msg(strstr(body, "\"store\":\"reachable\"") || strstr(body, "\"store\": \"reachable\""),
		      "healthz while up: %s", body);
	ck_assert_msg(pg_harness_server(0, err, sizeof err) == 0, "%s", err);
	int st = -1;
	long long t0 = cl_now_ms();
	while (cl_now_ms() - t0 < 3LL * LEASE_S * 1000) {
		st = healthz(body, sizeof body, 0);
		if (st == 503)
			break;
		cl_sleep_ms(200);
	}
	int down_status = st;
	char down_body[8192];
	snprintf(down_body, sizeof down_body, "%s", body);
	/* the server back before any assertion can end the test */
	ck_assert_msg(pg_harness_server(1, err, sizeof err) == 0, "%s", err);
	ck_assert_msg(down_status == 503, "healthz with the database down: %d %s", down_status,
		      down_body);
	ck_assert_msg(strstr(down_body, "unreachable"), "503 without the store state: %s", down_body);
	t0 = cl_now_ms();
	while (cl_now_ms() - t0 < 3LL * LEASE_S * 1000) {
		st = healthz(body, sizeof body, 0);
		if (st == 200)
			break;
		cl_sleep_ms(200);
	}
	ck_assert_msg(st == 200, "healthz after the database is back: %d %s", st, body);
	ck_assert_msg(strstr(body, "unreachable") == NULL, "store state after: %s", body);
	/* and the cluster leads every array again */
	ck_assert_msg(wait_led(0, 3, 30000) >= 0, "arrays not led again after the outage");
}
END_TEST

/* ------------------------------------- a node cut off from PostgreSQL */

static long long wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Node i restarted as database role slgw_node<i> (so its sessions alone
 * can be refused) and with its own copy of navisim as naviseccli (the
 * array log names the program, so every command says which node sent it). */
static void restart_as_own_role(int i)
{
	char err[256], sql[128], cli[400], buf[4096], out[4600];
	snprintf(sql, sizeof sql, "CREATE ROLE slgw_node%d LOGIN SUPERUSER", i);
	ck_assert_msg(pg_harness_admin_sql(sql, err, sizeof err) >= 0, "%s", err);
	snprintf(cli, sizeof cli, "%s/naviseccli-node%d", C.demo.dir, i);
	FILE *in = fopen(NAVISIM_PATH, "rb"), *o = fopen(cli, "wb");
	ck_assert_ptr_nonnull(in);
	ck_assert_ptr_nonnull(o);
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		ck_assert_uint_eq(fwrite(buf, 1, n, o), n);
	fclose(in);
	ck_assert_int_eq(fclose(o), 0);
	ck_assert_int_eq(chmod(cli, 0755), 0);

	e2e_kill(&C.node[i]);
	FILE *f = fopen(C.config[i], "r");
	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = 0;
	/* <store url="postgresql://USER@..."> and <arrays naviseccli="..."> */
	char *u = strstr(buf, "postgresql://"), *at = u ? strchr(u, '@') : NULL;
	char *nv = strstr(buf, "naviseccli=\""), *nvend = nv ? strchr(nv + 12, '"') : NULL;
	ck_assert_msg(u && at && nv && nvend && at < nv, "unexpected node configuration: %s", buf);
	*u = 0;
	*nv = 0;
	*at = 0;
	snprintf(out, sizeof out, "%spostgresql://slgw_node%d@%.*snaviseccli=\"%s%s", buf, i,
		 (int)(nv - (at + 1)), at + 1, cli, nvend);
	f = fopen(C.config[i], "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fputs(out, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(cl_node_start(&C, i), 0);
}

/* Node i's lease of system sys from its /healthz: token (0: not held) and
 * the expiry it wrote (wall-clock ms). */
static long long lease_of(long long *expires_ms, int i, long long sys)
{
	long long tok = 0;
	*expires_ms = 0;
	char *h = e2e_get(&C.node[i], "/healthz");
	json_t *o = h ? json_loads(h, 0, NULL) : NULL;
	json_t *ls = o ? json_object_get(o, "leases") : NULL;
	size_t x;
	json_t *l;
	json_array_foreach(ls, x, l) {
		if (json_integer_value(json_object_get(l, "systemId")) == sys &&
		    json_is_true(json_object_get(l, "valid"))) {
			tok = json_integer_value(json_object_get(l, "token"));
			*expires_ms = json_integer_value(json_object_get(l, "expiresMs"));
		}
	}
	json_decref(o);
	free(h);
	return tok;
}

/* Commands in array's log sent by node i's naviseccli at or after wall-clock
 * ms since; *any (may be NULL) gets all of node i's commands ever. */
static int commands_from(int *any, const char *array, int i, long long since)
{
	const char *args[] = { "--admin", "log", "--name", array, NULL };
	char *out = cl_navisim_out(&C, args), prog[40];
	int late = 0, all = 0;
	ck_assert_ptr_nonnull(out);
	snprintf(prog, sizeof prog, " naviseccli-node%d ", i);
	for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
		struct tm tm = { 0 };
		int ms = 0;
		if (!strstr(line, prog))
			continue;
		all++;
		ck_assert_msg(sscanf(line, "%d-%d-%dT%d:%d:%d.%dZ", &tm.tm_year, &tm.tm_mon,
				     &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) == 7,
			      "log line without a time: %s", line);
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		long long t = (long long)timegm(&tm) * 1000 + ms;
		if (t >= since) {
			fprintf(stderr, "after the takeover (%lld ms late): %s\n", t - since, line);
			late++;
		}
	}
	free(out);
	if (any)
		*any = all;
	return late;
}

START_TEST(a_node_cut_from_the_database_sends_no_command_after_takeover)
{
	char err[256], sql[200];
	pthread_t th[STREAM_THREADS];
	struct worker_arg wa[STREAM_THREADS];
	long long tok_before[NARRAYS], take_ms[NARRAYS], tok_b[NARRAYS], exp;

	for (int i = 0; i < CL_NODES; i++)
		restart_as_own_role(i);
	spread_and_slowed("150");
	int a = -1, mask = 0;
	/* A's leases as A sees them (/healthz): on a loaded machine a renewal
	 * can come late and a lease be briefly not valid, so look again for a
	 * while rather than start a stream on no array */
	for (long long until = cl_now_ms() + 30000; !mask && cl_now_ms() < until;) {
		a = leader_of(0);
		for (int k = 0; a >= 0 && k < NARRAYS; k++) {
			tok_before[k] = lease_of(&exp, a, atoll(C.sys[k]));
			if (tok_before[k] > 0)
				mask |= 1 << k;
		}
		if (!mask)
			cl_sleep_ms(200);
	}
	ck_assert_msg(a >= 0 && mask != 0, "no node holds a valid lease on array 0 (leader %d)", a);
	int b = 1 - a;
	/* a stream on A's arrays, every other request sent to A */
	stream_start(24, a, mask, 2, th, wa);

	/* the cut: A's role may not log in, its sessions are ended; A runs on */
	snprintf(sql, sizeof sql, "ALTER ROLE slgw_node%d NOLOGIN", a);
	ck_assert_msg(pg_harness_admin_sql(sql, err, sizeof err) >= 0, "%s", err);
	snprintf(sql, sizeof sql,
		 "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'slgw_node%d'",
		 a);
	ck_assert_msg(pg_harness_admin_sql(sql, err, sizeof err) >= 0, "%s", err);

	/* B takes each of A's arrays; the takeover's moment is when B's lease
	 * term began: the expiry it first wrote less the lease, or when it was
	 * seen, whichever is earlier */
	for (int k = 0; k < NARRAYS; k++) {
		take_ms[k] = 0;
		tok_b[k] = 0;
		if (!tok_before[k])
			continue;
		long long t0 = cl_now_ms();
		while (cl_now_ms() - t0 < 4LL * LEASE_S * 1000) {
			tok_b[k] = lease_of(&exp, b, atoll(C.sys[k]));
			if (tok_b[k] > tok_before[k]) {
				long long seen = wall_ms();
				take_ms[k] = exp - LEASE_S * 1000LL < seen ? exp - LEASE_S * 1000LL : seen;
				break;
			}
			cl_sleep_ms(50);
		}
		ck_assert_msg(take_ms[k] > 0, "node %d did not take array %s from the cut node", b,
			      C.array[k]);
	}
	/* A keeps running and keeps being asked: API calls on it for two
	 * leases, while B works the same arrays */
	ck_assert_int_eq(kill(C.node[a].pid, 0), 0);
	long long t0 = cl_now_ms();
	int asked = 0;
	while (cl_now_ms() - t0 < 2LL * LEASE_S * 1000) {
		struct soap *s = admin_on(a);
		struct slgw__Job *j = NULL;
		char rid[48], name[48];
		snprintf(rid, sizeof rid, "cut-%d", asked);
		snprintf(name, sizeof name, "cut-%d", asked);
		(void)call_allocate(&j, s, C.node[a].endpoint, 0, name, rid);
		e2e_client_free(s);
		asked++;
		cl_sleep_ms(200);
	}
	ck_assert_int_gt(asked, 0);
	ck_assert_int_eq(kill(C.node[a].pid, 0), 0);
	/* A says so: 503, store unreachable, no lease it may act on */
	char hb[8192];
	ck_assert_int_eq(healthz(hb, sizeof hb, a), 503);
	ck_assert_msg(strstr(hb, "unreachable"), "healthz of the cut node: %s", hb);
	json_t *ho = json_loads(hb, 0, NULL), *hl;
	size_t hx;
	ck_assert_msg(ho != NULL, "healthz of the cut node is not JSON: %s", hb);
	json_array_foreach(json_object_get(ho, "leases"), hx, hl)
		ck_assert_msg(!json_is_true(json_object_get(hl, "valid")),
			      "the cut node still counts a lease valid: %s", hb);
	json_decref(ho);
	int sent_before = 0;
	for (int k = 0; k < NARRAYS; k++) {
		int any = 0;
		if (!tok_before[k])
			continue;
		ck_assert_msg(commands_from(&any, C.array[k], a, take_ms[k]) == 0,
			      "array %s got commands from the cut node after the takeover", C.array[k]);
		sent_before += any;
	}
	/* the attribution works: A did drive its arrays before the cut */
	ck_assert_int_gt(sent_before, 0);

	/* A back: a follower that wins nothing it was not given */
	snprintf(sql, sizeof sql, "ALTER ROLE slgw_node%d LOGIN", a);
	ck_assert_msg(pg_harness_admin_sql(sql, err, sizeof err) >= 0, "%s", err);
	stream_join(th);
	for (int i = 0; i < ST.n; i++)
		ck_assert_msg(ST.r[i].ok, "request %d never succeeded (%d tries): %s", i,
			      ST.r[i].tries, ST.r[i].why);
	t0 = cl_now_ms();
	while (cl_now_ms() - t0 < 3LL * LEASE_S * 1000) {
		for (int k = 0; k < NARRAYS; k++) {
			long long ea, eb, sys = atoll(C.sys[k]);
			long long ta = lease_of(&ea, a, sys), tb = lease_of(&eb, b, sys);
			ck_assert_msg(!(ta > 0 && tb > 0 && ta == tb), "array %s held by both nodes",
				      C.array[k]);
			/* a lease A holds again is a term after B's */
			ck_assert_msg(ta == 0 || !tok_before[k] || ta > tok_b[k],
				      "node %d holds array %s under token %lld it did not win (B's: %lld)",
				      a, C.array[k], ta, tok_b[k]);
		}
		cl_sleep_ms(250);
	}
	ck_assert_msg(wait_led(0, 3, 30000) >= 0, "arrays not all led after the rejoin");
	for (int k = 0; k < NARRAYS; k++) {
		long long e;
		if (!tok_before[k] || lease_of(&e, a, atoll(C.sys[k])) > 0)
			continue;
		/* still B's: A sent it nothing since the takeover, back or not */
		ck_assert_msg(commands_from(NULL, C.array[k], a, take_ms[k]) == 0,
			      "array %s got commands from the rejoined follower", C.array[k]);
	}
	ck_assert_uint_eq(check_store_equals_arrays(), (size_t)ST.n);
}
END_TEST

int main(void)
{
	/* one case per test, so CK_RUN_CASE picks one */
	const struct suite_test cases[] = {
		{ "split", leadership_is_split_and_either_node_serves },
		{ "failover", sigkill_of_a_leader_mid_stream_loses_and_doubles_nothing },
		{ "fencing", a_paused_leader_sends_no_command_after_takeover },
	};
	/* and these only on PostgreSQL (tests/pg/pg_run.sh) */
	const struct suite_test pg_cases[] = {
		{ "healthz503", healthz_answers_503_while_the_database_is_down },
		{ "dbcut", a_node_cut_from_the_database_sends_no_command_after_takeover },
	};
	Suite *s = suite_create("cluster");

	/* a node killed or cut while a stream thread writes to it must not
	 * kill the test (run without fork) with SIGPIPE */
	signal(SIGPIPE, SIG_IGN);
	SUITE_ADD_EACH(s, setup, teardown, 600, cases);
	if (pg_harness_active())
		SUITE_ADD_EACH(s, setup, teardown, 600, pg_cases);
	return suite_run_fork(s, NULL, CK_NOFORK);
}
