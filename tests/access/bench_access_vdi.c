/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench_access_vdi.c - what a XenServer VDI lifecycle costs in naviseccli
 * commands through the whole gateway (broker + job engine + VNX adapter)
 * on navisim, step by step, from navisim's own command log, including a
 * host prepared at SR attach (prepareHost) whose first VDI attach then
 * costs two commands; then, with 300 ms of latency per command, the wall
 * time of a first VDI attach on a host new to the array with and without
 * prepareHost (in command times), and of 200 volumes assigned across 16
 * hosts at once, beside the lower bound.
 *
 *   bench_access_vdi [--quick] [--volumes N] [--hosts H] [--latency-ms L]
 *
 * Prints figures only; --quick (used by ctest) runs the lifecycle and exits
 * non-zero when a step exceeds its command budget - counts, not times.
 */
#include "broker_access.h"
#include "broker_internal.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../common/navisim_home.h"

static struct navisim_home home;
static broker *B;
static store *S;
static const struct broker_caller ADMIN = { .user = "admin", .is_admin = 1, .wait_ms = 600000 };
static int failures;

static void die(const char *what, const struct broker_status *st)
{
	fprintf(stderr, "bench: %s: %s\n", what, st ? st->message : "");
	exit(2);
}

/* Runs navisim --admin ARGS in the home; returns its stdout (malloc'd).
 * Its exit status is not asked: the figures show what went wrong. */
static char *navisim_admin(const char *const *args)
{
	char *out = NULL;

	if (navisim_home_admin(&out, &home, NAVISIM_BIN, args) < 0 || !out)
		die("spawn navisim", NULL);
	return out;
}

#define NAVISIM(...) navisim_admin((const char *const[]){ __VA_ARGS__, NULL })

static size_t log_lines(char **out_text)
{
	char *log = NAVISIM("log", "--name", "a1");
	size_t n = 0;
	for (char *p = log; *p; p++)
		n += *p == '\n';
	if (out_text)
		*out_text = log;
	else
		free(log);
	return n;
}

/* Print the commands logged since line `from` and return their count. */
static size_t step_report(const char *step, size_t from, int budget, int cinder)
{
	char *log;
	size_t n = log_lines(&log), line = 0;
	printf("%-34s %3zu command(s)", step, n - from);
	if (budget >= 0)
		printf("  (budget %d)", budget);
	if (cinder > 0)
		printf("  (Cinder VNX driver: %d)", cinder);
	printf("\n");
	for (char *p = log, *e; *p; p = e + 1) {
		e = strchr(p, '\n');
		if (!e)
			break;
		if (line++ >= from) {
			/* print the command words after the global options */
			char *cmd = strstr(p, "-scope 0 ");
			*e = '\0';
			printf("      %s\n", cmd ? cmd + 9 : p);
		}
	}
	free(log);
	if (budget >= 0 && (int)(n - from) > budget) {
		printf("      ** over budget **\n");
		failures++;
	}
	return n - from;
}

/* Takes the job through a pointer: it is read after the call that fills it
 * (argument evaluation order is unspecified). */
static json_t *run(int rc, store_job **jobp, const struct broker_status *st, const char *what)
{
	store_job *job = *jobp;
	*jobp = NULL;
	if (rc)
		die(what, st);
	if (!job)
		die(what, st);
	if (job->state != STORE_JOB_SUCCEEDED) {
		fprintf(stderr, "bench: %s: job %s: %s %s\n", what, store_job_state_name(job->state),
			job->error_code ? job->error_code : "", job->error_message ? job->error_message : "");
		char *log = NAVISIM("log", "--name", "a1");
		size_t len = strlen(log);
		fprintf(stderr, "bench: navisim log tail:\n%s\n", len > 1500 ? log + len - 1500 : log);
		free(log);
		exit(2);
	}
	json_t *r = json_loads(job->result ? job->result : "{}", 0, NULL);
	store_job_free(job);
	return r;
}

/* The id a job's result r gives under key (malloc'd); r is freed. */
static char *id_of(json_t *r, const char *key)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT, json_integer_value(json_object_get(r, key)));
	json_decref(r);
	return strdup(buf);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *sys_id, *pool_id;

static char *allocate(const char *name)
{
	struct broker_status st = { 0 };
	store_job *job = NULL;
	struct broker_allocate_req req = { .system_id = sys_id, .pool_id = pool_id, .name = name,
					   .size_mb = 1024, .provisioning = STORE_PROV_THIN };
	return id_of(run(broker_allocate_storage(B, &ADMIN, &req, &job, &st), &job, &st, "allocate"),
		     "volume_id");
}

static char *add_host(const char *name)
{
	struct broker_status st = { 0 };
	store_job *job = NULL;
	char i1[128], i2[128];
	snprintf(i1, sizeof(i1), "iqn.2006-04.com.example:%s-a", name);
	snprintf(i2, sizeof(i2), "iqn.2006-04.com.example:%s-b", name);
	const char *inits[] = { i1, i2 };
	static int next_ip = 10;
	char ip[32];
	snprintf(ip, sizeof(ip), "192.0.2.%d", next_ip++);
	struct broker_host_add_req req = { .name = name, .initiators = inits, .n_initiators = 2,
					   .ip = ip, .failover_mode = STORE_FAILOVER_AUTO };
	return id_of(run(broker_add_host(B, &ADMIN, &req, &job, &st), &job, &st, "addHost"),
		     "host_id");
}

static json_t *prepare(const char *host)
{
	struct broker_status st = { 0 };
	store_job *job = NULL;
	return run(broker_prepare_host(B, &ADMIN, host, sys_id, &job, &st), &job, &st, "prepareHost");
}

static json_t *assign(const char *vol, const char *host)
{
	struct broker_status st = { 0 };
	store_job *job = NULL;
	return run(broker_assign_storage(B, &ADMIN, vol, host, &job, &st), &job, &st, "assign");
}

struct par {
	const char *vol, *host;
};

static void *par_assign(void *arg)
{
	struct par *p = arg;
	json_decref(assign(p->vol, p->host));
	return NULL;
}

int main(int argc, char **argv)
{
	int quick = 0, nvol = 200, nhost = 16, latency = 300;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quick") == 0)
			quick = 1;
		else if (strcmp(argv[i], "--volumes") == 0 && i + 1 < argc)
			nvol = atoi(argv[++i]);
		else if (strcmp(argv[i], "--hosts") == 0 && i + 1 < argc)
			nhost = atoi(argv[++i]);
		else if (strcmp(argv[i], "--latency-ms") == 0 && i + 1 < argc)
			latency = atoi(argv[++i]);
	}
	if (nvol < 1 || nhost < 1 || nhost > 200 || nvol > 250 * nhost || latency < 0) {
		fprintf(stderr, "usage: bench_access_vdi [--quick] [--volumes N] [--hosts H] "
				"[--latency-ms L]\n");
		return 2;
	}
	if (navisim_home_make(&home, "slgw-bench-"))
		die("mkdtemp", NULL);
	/* the broker's naviseccli runs inherit the environment */
	setenv("NAVISIM_HOME", home.dir, 1);
	free(NAVISIM("create-array", "--name", "a1", "--spa", "10.9.0.1", "--spb", "10.9.0.2"));

	char path[400], err[256];
	snprintf(path, sizeof(path), "%s/store.db", home.dir);
	if (store_open(&S, path, err, sizeof(err)))
		die(err, NULL);
	struct broker_config cfg;
	broker_config_init(&cfg);
	cfg.naviseccli_path = NAVISIM_BIN;
	struct broker_status st = { 0 };
	if (broker_new(&B, S, &cfg, &st) || broker_start(&B[0], &st))
		die("broker", &st);
	/* The startup orphan scan runs on its own thread: let it finish on the
	 * empty store, or its listings land in whichever step runs meanwhile. */
	if (broker_wait_reconciled(B, 60000))
		die("startup reconciliation did not finish", NULL);

	store_job *job = NULL;
	struct broker_system_add_req sreq = { .adapter = "vnx", .name = "a1", .spa = "10.9.0.1",
					      .spb = "10.9.0.2", .username = "admin",
					      .password = "secret", .naviseccli_path = NAVISIM_BIN };
	sys_id = id_of(run(broker_add_storage_system(B, &ADMIN, &sreq, &job, &st), &job, &st,
			   "addStorageSystem"), "system_id");
	struct broker_pool_info *pools = NULL;
	size_t np = 0;
	char *next = NULL;
	if (broker_enum_storage_pools(&pools, &np, &next, B, &ADMIN, sys_id, NULL, &st) || !np)
		die("enum pools", &st);
	char buf[32];
	snprintf(buf, sizeof(buf), "%" PRId64, pools[0].pool->id);
	pool_id = strdup(buf);
	broker_pool_info_array_free(pools, np);
	free(next);

	printf("VDI lifecycle on navisim (host with 2 iSCSI initiators; array with 4 iSCSI ports)\n");
	size_t mark = log_lines(NULL);
	char *host = add_host("xen-vdi");
	step_report("addHost", mark, 0, 0);
	mark = log_lines(NULL);
	char *vol = allocate("vdi-1");
	step_report("allocateStorage", mark, 2, 2);
	mark = log_lines(NULL);
	json_decref(assign(vol, host));
	/* storagegroup -list (the initiators are in no other group), the
	 * group, 8 paths, lun -list -l N (the number is still ours), -addhlu */
	step_report("assignStorage (first: registers)", mark, 1 + 1 + 8 + 2, 5 + 8);
	char *vol2 = allocate("vdi-2");
	mark = log_lines(NULL);
	json_decref(assign(vol2, host));
	step_report("assignStorage (host registered)", mark, 2, 2);
	/* a pool's SR attach prepares every host; the first VDI attach on a
	 * host then maps only */
	char *host2 = add_host("xen-vdi-2");
	mark = log_lines(NULL);
	json_decref(prepare(host2));
	step_report("prepareHost (SR attach)", mark, 1 + 1 + 8, 0);
	mark = log_lines(NULL);
	json_decref(prepare(host2));
	step_report("prepareHost again", mark, 0, 0);
	mark = log_lines(NULL);
	json_decref(assign(vol2, host2));
	step_report("assignStorage (first, prepared)", mark, 2, 0);
	mark = log_lines(NULL);
	char *snap = id_of(run(broker_create_snapshot(B, &ADMIN, vol, "snap-1", &job, &st), &job, &st,
			       "snapshot"), "snapshot_id");
	step_report("createSnapshot", mark, 1, 1);
	mark = log_lines(NULL);
	struct broker_clone_req creq = { .source_snapshot_id = snap, .name = "vdi-1-clone",
					 .kind = STORE_CLONE_LINKED };
	char *clone = id_of(run(broker_clone_storage(B, &ADMIN, &creq, &job, &st), &job, &st, "clone"),
			    "volume_id");
	step_report("cloneStorage (linked)", mark, 3, 5);
	mark = log_lines(NULL);
	json_decref(assign(clone, host));
	step_report("assignStorage (clone)", mark, 2, 2);
	mark = log_lines(NULL);
	json_decref(run(broker_unassign_storage(B, &ADMIN, clone, host, &job, &st), &job, &st,
			"unassign clone"));
	json_decref(run(broker_unassign_storage(B, &ADMIN, vol, host, &job, &st), &job, &st,
			"unassign"));
	step_report("unassignStorage x2", mark, 2, 0);
	mark = log_lines(NULL);
	json_decref(run(broker_delete_storage(B, &ADMIN, clone, 0, &job, &st), &job, &st,
			"delete clone"));
	json_decref(run(broker_delete_snapshot(B, &ADMIN, snap, &job, &st), &job, &st,
			"delete snapshot"));
	json_decref(run(broker_delete_storage(B, &ADMIN, vol, 0, &job, &st), &job, &st, "delete"));
	step_report("deleteStorage x2 (+ its snapshot)", mark, 6, 0);

	if (!quick) {
		char ms[16];
		snprintf(ms, sizeof(ms), "%d", latency);
		printf("\nfirst VDI attach on a host new to the array, %d ms per command\n", latency);
		char *cold = add_host("xen-cold"), *warm = add_host("xen-warm");
		char *va = allocate("attach-a"), *vb = allocate("attach-b");
		free(NAVISIM("latency", "--name", "a1", "--ms", ms));
		double unit = latency > 0 ? latency / 1000.0 : 1.0;
		mark = log_lines(NULL);
		double t0 = now_s();
		json_decref(assign(va, cold));
		double cold_s = now_s() - t0;
		size_t cold_n = log_lines(NULL) - mark;
		mark = log_lines(NULL);
		t0 = now_s();
		json_decref(prepare(warm));
		double prep_s = now_s() - t0;
		size_t prep_n = log_lines(NULL) - mark;
		mark = log_lines(NULL);
		t0 = now_s();
		json_decref(assign(vb, warm));
		double warm_s = now_s() - t0;
		size_t warm_n = log_lines(NULL) - mark;
		free(NAVISIM("latency", "--name", "a1", "--ms", "0"));
		printf("  without prepareHost: %zu commands, %.2f s (%.1f command times)\n", cold_n,
		       cold_s, cold_s / unit);
		printf("  prepareHost at SR attach: %zu commands, %.2f s (%.1f command times)\n",
		       prep_n, prep_s, prep_s / unit);
		printf("  then the first VDI attach: %zu commands, %.2f s (%.1f command times)\n",
		       warm_n, warm_s, warm_s / unit);
		free(cold);
		free(warm);
		free(va);
		free(vb);

		printf("\n%d volumes assigned across %d hosts at once, %d ms per command\n", nvol,
		       nhost, latency);
		char **hosts = calloc((size_t)nhost, sizeof(*hosts));
		char **vols = calloc((size_t)nvol, sizeof(*vols));
		for (int i = 0; i < nhost; i++) {
			char n[32];
			snprintf(n, sizeof(n), "xen-%02d", i);
			hosts[i] = add_host(n);
		}
		for (int i = 0; i < nvol; i++) {
			char n[32];
			snprintf(n, sizeof(n), "scale-%03d", i);
			vols[i] = allocate(n);
		}
		free(NAVISIM("latency", "--name", "a1", "--ms", ms));
		mark = log_lines(NULL);
		struct par *p = calloc((size_t)nvol, sizeof(*p));
		pthread_t *t = calloc((size_t)nvol, sizeof(*t));
		t0 = now_s();
		for (int i = 0; i < nvol; i++) {
			p[i].vol = vols[i];
			p[i].host = hosts[i % nhost];
			pthread_create(&t[i], NULL, par_assign, &p[i]);
		}
		for (int i = 0; i < nvol; i++)
			pthread_join(t[i], NULL);
		double wall = now_s() - t0;
		free(NAVISIM("latency", "--name", "a1", "--ms", "0"));
		size_t cmds = log_lines(NULL) - mark;
		int inflight = cfg.max_inflight > 0 ? cfg.max_inflight : 4;
		double bound = (double)cmds * latency / 1000.0 / inflight;
		printf("  commands: %zu (%d registrations + %d x lun -list and -addhlu)\n", cmds, nhost, nvol);
		printf("  wall time: %.1f s; lower bound %zu x %d ms / %d in flight = %.1f s "
		       "(%.0f%% of the bound)\n", wall, cmds, latency, inflight, bound,
		       bound > 0 ? 100.0 * bound / wall : 0.0);
		for (int i = 0; i < nhost; i++)
			free(hosts[i]);
		for (int i = 0; i < nvol; i++)
			free(vols[i]);
		free(hosts);
		free(vols);
		free(p);
		free(t);
	}
	free(host);
	free(host2);
	free(vol);
	free(vol2);
	free(snap);
	free(clone);
	free(sys_id);
	free(pool_id);
	broker_free(B);
	store_close(S);
	navisim_home_remove(&home);
	return failures ? 1 : 0;
}
