/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench_lifecycle.c - what a VDI lifecycle costs on the array, through the
 * real slgwd.
 *
 * Design: the honest place to count array commands is the array: the
 * program starts slgwd --demo on navisim (tests/gateway/e2e_harness.c),
 * drives it over SOAP/TLS exactly as a XenServer pool would, and after each
 * step reads navisim's own command log (`navisim --admin log`), so every
 * naviseccli invocation the gateway made - retries, re-reads, failovers -
 * is counted, nothing the gateway merely claims.  The counts are printed
 * beside the OpenStack Cinder VNX driver's common-path counts quoted in
 * the shared reference vnx.md ("-" where vnx.md gives none).
 *
 * Part 1 runs the lifecycle twice, side by side: on the demo's VNX (a
 * storage pool: thin LUNs, VNX Snapshots, snapshot mount points) and on a
 * CX3-40 running FLARE 26 that this program adds as a second storage
 * system (RAID groups only: bind, SnapView sessions and snapshots,
 * metaLUNs).  Each command of both runs costs --step-latency ms in navisim,
 * so the wall time of a step shows what its command count means on a
 * slow management network; a step the RAID-group array refuses is shown
 * as refused.
 *
 * Part 2 assigns V volumes across H hosts at once (one submitting thread
 * per host, jobs submitted with waitMs 0, then awaited) with L ms of
 * navisim latency per command, and prints the wall time beside the lower
 * bound commands x latency / commands in flight per array (slgwd's
 * max_array_commands, 4 by default; --inflight if configured otherwise).
 * It runs twice: on hosts new to the array (each host's registration,
 * 1 group + 8 setpaths, precedes its mappings) and, after unassigning
 * everything without latency, on the same hosts now registered (one
 * -addhlu per assignment).  Set-up (hosts, volumes, the unassigns) runs
 * without latency and is not timed.
 *
 * Usage: bench_lifecycle [--hosts 16] [--volumes 200] [--latency 300]
 *                        [--inflight 4] [--step-latency 50] [--keep]
 * Nothing here asserts on time; figures only.
 */
#include <errno.h>
#include <stddef.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "soapH.h"
#include "e2e_harness.h"
#include "ea_soap.h"
#include "ea_util.h"

static struct e2e srv;

struct opts {
	int hosts, volumes, latency, inflight, keep, step_latency;
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int parse_int(int *out, const char *s, int lo, int hi)
{
	char *end;
	long v;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

/* The numeric options: default and bounds. */
static const struct int_opt {
	const char *name;
	size_t off;
	int dflt, lo, hi;
} int_opts[] = {
	{ "--hosts", offsetof(struct opts, hosts), 16, 1, 256 },
	{ "--volumes", offsetof(struct opts, volumes), 200, 1, 4096 },
	{ "--latency", offsetof(struct opts, latency), 300, 0, 10000 },
	{ "--inflight", offsetof(struct opts, inflight), 4, 1, 64 },
	{ "--step-latency", offsetof(struct opts, step_latency), 50, 0, 10000 },
};
#define N_INT_OPTS (sizeof(int_opts) / sizeof(int_opts[0]))

static int *int_opt_field(struct opts *o, const struct int_opt *io)
{
	return (int *)(void *)((char *)o + io->off);
}

static int parse_opts(struct opts *o, int argc, char **argv)
{
	o->keep = 0;
	for (size_t k = 0; k < N_INT_OPTS; k++)
		*int_opt_field(o, &int_opts[k]) = int_opts[k].dflt;
	for (int i = 1; i < argc; i++) {
		const struct int_opt *io = NULL;
		if (!strcmp(argv[i], "--keep")) {
			o->keep = 1;
			continue;
		}
		for (size_t k = 0; k < N_INT_OPTS && !io; k++)
			if (!strcmp(argv[i], int_opts[k].name))
				io = &int_opts[k];
		if (!io || i + 1 >= argc || parse_int(int_opt_field(o, io), argv[i + 1], io->lo, io->hi)) {
			fprintf(stderr,
				"usage: %s [--hosts N] [--volumes N] [--latency MS] [--inflight N] "
				"[--step-latency MS] [--keep]\n",
				argv[0]);
			return -1;
		}
		i++;
	}
	return 0;
}

/* ---------------------------------------------- command accounting */

#define MAX_KINDS 16

struct step {
	const char *name;
	const char *cinder;   /* Cinder VNX driver's count from vnx.md, as text */
	int cinder_n;         /* the same as a number, -1 when vnx.md has none */
	const char *note;     /* printed after the verdict */
	long n;               /* naviseccli invocations the step took */
	int ok;
	char kinds[MAX_KINDS][48];
	int kind_n[MAX_KINDS];
	int nkinds;
};

/* "storagegroup -setpath" from one log line: the command word and its
 * first option, after the program name and the global options. */
static void summarize(char *out, size_t len, const char *line)
{
	char buf[1024], *save = NULL, *tok, *cmd = NULL, *verb = NULL;
	int field = 0, skip = 0;

	snprintf(buf, sizeof buf, "%s", line);
	out[0] = 0;
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		if (field++ < 5) /* time, SP, exit=, Nms, program */
			continue;
		if (skip) {
			skip = 0;
			continue;
		}
		if (!cmd) {
			if (!strcmp(tok, "-h") || !strcmp(tok, "-user") || !strcmp(tok, "-password") ||
			    !strcmp(tok, "-scope") || !strcmp(tok, "-secfilepath") ||
			    !strcmp(tok, "-t")) {
				skip = 1;
				continue;
			}
			if (!strcmp(tok, "-np"))
				continue;
			cmd = tok;
			continue;
		}
		if (!strcmp(tok, "-messner"))
			continue;
		verb = tok;
		break;
	}
	snprintf(out, len, "%s%s%s", cmd ? cmd : "?", verb ? " " : "", verb ? verb : "");
}

static long mark(const char *array)
{
	return ea_log_count(&srv, array);
}

static void account(struct step *st, const char *array, long from)
{
	char *tail = ea_log_tail(&srv, array, from);
	char *save = NULL, *line;

	st->n = 0;
	st->nkinds = 0;
	for (line = tail ? strtok_r(tail, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		char k[48];
		int i;
		summarize(k, sizeof k, line);
		st->n++;
		for (i = 0; i < st->nkinds && strcmp(st->kinds[i], k); i++)
			;
		if (i == st->nkinds && i < MAX_KINDS) {
			snprintf(st->kinds[i], sizeof st->kinds[i], "%s", k);
			st->kind_n[i] = 0;
			st->nkinds++;
		}
		if (i < MAX_KINDS)
			st->kind_n[i]++;
	}
	free(tail);
}

static void print_step(const struct step *st)
{
	printf("  %-40s %5ld  %-26s", st->name, st->n, st->cinder);
	for (int i = 0; i < st->nkinds; i++)
		printf("%s%dx %s", i ? ", " : "", st->kind_n[i], st->kinds[i]);
	if (!st->ok)
		printf("  (STEP FAILED)");
	printf("\n");
}

static void set_latency(const char *array, int ms)
{
	char buf[16];
	const char *args[] = { "--admin", "latency", "--name", array, "--ms", buf, NULL };
	snprintf(buf, sizeof buf, "%d", ms);
	if (e2e_navisim(&srv, args) != 0)
		fprintf(stderr, "cannot set navisim latency\n");
}

/* ------------------------------------------------------- part 1 */

#define NSTEPS 12

/* One array the lifecycle runs on: the demo's pool array, or a CLARiiON
 * with RAID groups only (added here as a storage system and granted to the
 * demo tenant like the demo's pools). */
struct life {
	const char *array;      /* navisim array name (its command log) */
	const char *label;      /* column heading */
	const char *host;       /* the lifecycle's host (new to this array) */
	const char *ip;
	const char *init0, *init1;
	enum slgw__ProvisioningType prov;
	struct step steps[NSTEPS];
	double secs[NSTEPS];    /* wall time of each step at the set latency */
	int ok;
};

static const struct {
	const char *name, *cinder;
	int cinder_n;
	const char *note;
} step_text[NSTEPS] = {
	{ "addHost (2 iSCSI initiators)", "- (registers at attach)", -1, NULL },
	{ "allocateStorage", "2+ (create, poll)", 2, NULL },
	{ "assignStorage (host new to the array)", "13 (5+N, N=8 paths)", 13, NULL },
	{ "createSnapshot", "-", -1, NULL },
	{ "cloneStorage linked (from snapshot)", "5 (full copy path)", 5, NULL },
	{ "assignStorage clone (registered host)", "2 (1 if cached)", 2,
	  " (equal to Cinder's cached case, which trusts a stale group listing)" },
	{ "resizeStorage gold (grow)", "-", -1, NULL },
	{ "unassignStorage clone", "-", -1, NULL },
	{ "unassignStorage gold", "-", -1, NULL },
	{ "deleteStorage clone", "-", -1, NULL },
	{ "deleteSnapshot", "-", -1, NULL },
	{ "deleteStorage gold", "-", -1, NULL },
};

static int resize(struct slgw__Job **job, struct soap *s, const char *vol, long long mb)
{
	struct _slgw__resizeStorage req = { 0 };
	struct _slgw__resizeStorageResponse resp = { 0 };
	int wait = EA_WAIT_MS, rc;

	req.volumeId = (char *)vol;
	req.sizeMB = mb;
	req.waitMs = &wait;
	rc = soap_call___slgw__resizeStorage(s, srv.endpoint, NULL, &req, &resp);
	*job = rc == SOAP_OK ? resp.job : NULL;
	return rc;
}

static int delete_snapshot(struct slgw__Job **job, struct soap *s, const char *snap)
{
	struct _slgw__deleteSnapshot req = { 0 };
	struct _slgw__deleteSnapshotResponse resp = { 0 };
	int wait = EA_WAIT_MS, rc;

	req.snapshotId = (char *)snap;
	req.waitMs = &wait;
	rc = soap_call___slgw__deleteSnapshot(s, srv.endpoint, NULL, &req, &resp);
	*job = rc == SOAP_OK ? resp.job : NULL;
	return rc;
}

static char *keep(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* The standard VDI lifecycle on one array; counts and times per step. */
static int lifecycle(struct soap *t, struct life *L, int latency)
{
	const char *inits[] = { L->init0, L->init1, NULL };
	struct slgw__Job *j = NULL;
	char *sys, *pool, *host = NULL, *gold = NULL, *snap = NULL, *clone = NULL;
	long m;
	double t0;
	int rc, failed = 0;

	for (int i = 0; i < NSTEPS; i++) {
		L->steps[i] = (struct step){ .name = step_text[i].name, .cinder = step_text[i].cinder,
					     .cinder_n = step_text[i].cinder_n,
					     .note = step_text[i].note };
		L->secs[i] = 0;
	}
	if (ea_pool_of(&sys, &pool, t, srv.endpoint, L->array)) {
		fprintf(stderr, "no pool of %s visible to the tenant\n", L->array);
		return -1;
	}
	sys = strdup(sys);
	pool = strdup(pool);
	set_latency(L->array, latency);
#define STEP(i, call, take)                                                                  \
	do {                                                                                 \
		m = mark(L->array);                                                          \
		t0 = now_s();                                                                \
		rc = (call);                                                                 \
		L->secs[i] = now_s() - t0;                                                   \
		L->steps[i].ok = ea_ok(rc, j);                                               \
		account(&L->steps[i], L->array, m);                                          \
		if (!L->steps[i].ok) {                                                       \
			fprintf(stderr, "%s: %s failed: %s\n", L->label, L->steps[i].name,   \
				ea_why(t, rc, j));                                           \
			failed = 1;                                                          \
		} else {                                                                     \
			take;                                                                \
		}                                                                            \
	} while (0)
#define KEEP(x) keep(x)

	STEP(0, ea_add_host(&j, t, srv.endpoint, L->host, NULL, inits, L->ip, NULL),
	     host = KEEP(j->host ? j->host->id : NULL));
	STEP(1, ea_allocate(&j, t, srv.endpoint, sys, pool, "vdi-gold", 20480, L->prov),
	     gold = KEEP(j->storageVolume ? j->storageVolume->id : NULL));
	STEP(2, ea_assign(&j, t, srv.endpoint, gold, host), (void)0);
	STEP(3, ea_snapshot(&j, t, srv.endpoint, gold, "vdi-gold-snap"),
	     snap = KEEP(j->snapshot ? j->snapshot->id : NULL));
	STEP(4, ea_clone(&j, t, srv.endpoint, NULL, snap, "vdi-desktop-1", slgw__CloneType__linked,
			 EA_WAIT_MS),
	     clone = KEEP(j->storageVolume ? j->storageVolume->id : NULL));
	STEP(5, ea_assign(&j, t, srv.endpoint, clone, host), (void)0);
	STEP(6, resize(&j, t, gold, 30720), (void)0);
	STEP(7, ea_unassign(&j, t, srv.endpoint, clone, host), (void)0);
	STEP(8, ea_unassign(&j, t, srv.endpoint, gold, host), (void)0);
	STEP(9, ea_delete(&j, t, srv.endpoint, clone, 0), (void)0);
	STEP(10, delete_snapshot(&j, t, snap), (void)0);
	STEP(11, ea_delete(&j, t, srv.endpoint, gold, 1), (void)0);
#undef KEEP
#undef STEP
	set_latency(L->array, 0);
	soap_end(t);
	free(sys);
	free(pool);
	free(host);
	free(gold);
	free(snap);
	free(clone);
	L->ok = !failed;
	return 0;
}

/* A naviseccli command on the array at spa (created without credentials,
 * so any are accepted), as its storage administrator would type it. */
static int admin_cmd(const char *spa, const char *const *cmd)
{
	const char *argv[32] = { "-h", spa, "-user", "admin", "-password", "any" };
	int n = 6;
	for (int i = 0; cmd[i] && n < 31; i++)
		argv[n++] = cmd[i];
	argv[n] = NULL;
	return e2e_navisim(&srv, argv);
}

/* Adds the CLARiiON (RAID groups only) as a storage system and grants its
 * first RAID group to the demo tenant, as an admin would.  Its reserved
 * LUN pool (SnapView's copy-on-first-write space) gets two LUNs of RAID
 * group 1 first, as a storage administrator sets it up once. */
static int add_raid_group_array(const char *name, const char *model, const char *spa,
				const char *spb)
{
	const char *mk[] = { "--admin", "create-array", "--name", name, "--spa", spa, "--spb", spb,
			     "--model", model, "--iscsi-ports", "2", NULL };
	const char *b0[] = { "bind", "r5", "4000", "-rg", "1", "-cap", "4096", "-sq", "mb", NULL };
	const char *b1[] = { "bind", "r5", "4001", "-rg", "1", "-cap", "4096", "-sq", "mb", NULL };
	const char *rlp[] = { "reserved", "-lunpool", "-addlun", "4000", "4001", NULL };
	struct soap *a;
	struct _slgw__addStorageSystem add = { 0 };
	struct _slgw__addStorageSystemResponse addr = { 0 };
	struct _slgw__enumTenants treq = { 0 };
	struct _slgw__enumTenantsResponse tresp = { 0 };
	struct slgw__StoragePoolGrant *gr;
	int wait = EA_WAIT_MS, rc = -1;
	char *sys, *pool;

	if (e2e_navisim(&srv, mk) != 0 || admin_cmd(spa, b0) || admin_cmd(spa, b1) ||
	    admin_cmd(spa, rlp)) {
		fprintf(stderr, "navisim cannot create a %s with a reserved LUN pool\n", model);
		return -1;
	}
	a = e2e_client(&srv, "admin", srv.admin_pw);
	if (!a)
		return -1;
	add.adapter = "vnx";
	add.name = (char *)name;
	add.spA = (char *)spa;
	add.spB = (char *)spb;
	add.username = "admin";
	add.password = "any";
	add.waitMs = &wait;
	if (soap_call___slgw__addStorageSystem(a, srv.endpoint, NULL, &add, &addr) != SOAP_OK ||
	    !ea_ok(SOAP_OK, addr.job)) {
		fprintf(stderr, "addStorageSystem %s failed: %s\n", name,
			ea_why(a, a->error, addr.job));
		goto out;
	}
	if (ea_pool_of(&sys, &pool, a, srv.endpoint, name) ||
	    soap_call___slgw__enumTenants(a, srv.endpoint, NULL, &treq, &tresp) != SOAP_OK ||
	    tresp.__sizetenant < 1)
		goto out;
	if (ea_grant(&gr, a, srv.endpoint, tresp.tenant[0].id, sys, pool, 1024 * 1024, 0, 0) !=
	    SOAP_OK) {
		fprintf(stderr, "grantStoragePool on %s failed: %s\n", name, ea_why(a, a->error, NULL));
		goto out;
	}
	rc = 0;
out:
	e2e_client_free(a);
	return rc;
}

static void print_side_by_side(const struct life *P, const struct life *R, int latency)
{
	long tp = 0, tr = 0;
	double sp = 0, sr = 0;

	printf("VDI lifecycle through slgwd (SOAP/TLS) on navisim: naviseccli commands per step\n");
	printf("(counted from navisim's own command log; times at %d ms per command)\n\n",
	       latency);
	printf("  %-40s %13s %13s  %-26s\n", "step", "pool", "RAID group", "Cinder VNX (vnx.md)");
	printf("  %-40s %13s %13s\n", "", P->label, R->label);
	for (int i = 0; i < NSTEPS; i++) {
		char a[32], b[32];
		snprintf(a, sizeof a, "%ld / %.2fs", P->steps[i].n, P->secs[i]);
		snprintf(b, sizeof b, "%ld / %.2fs", R->steps[i].n, R->secs[i]);
		printf("  %-40s %13s %13s  %s\n", step_text[i].name, P->steps[i].ok ? a : "FAILED",
		       R->steps[i].ok ? b : "refused", step_text[i].cinder);
		tp += P->steps[i].n;
		tr += R->steps[i].n;
		sp += P->secs[i];
		sr += R->secs[i];
	}
	printf("  %-40s %6ld/%5.1fs %6ld/%5.1fs\n\n", "total", tp, sp, tr, sr);
	printf("commands of each step:\n");
	for (int k = 0; k < 2; k++) {
		const struct life *L = k ? R : P;
		printf(" %s:\n", L->label);
		for (int i = 0; i < NSTEPS; i++)
			print_step(&L->steps[i]);
	}
	printf("\n");
}

static int targets(const struct life *P)
{
	const struct step *s = P->steps;
	printf("targets on the pool array (fewer commands than Cinder at every step it has a count for):\n");
	printf("  assign to a registered host = 1 command:  %ld  %s\n", s[5].n,
	       s[5].n == 1 ? "met" : "NOT met");
	printf("  allocate <= 2 commands:                   %ld  %s\n", s[1].n,
	       s[1].n <= 2 ? "met" : "NOT met");
	for (int i = 0; i < NSTEPS; i++) {
		if (s[i].cinder_n < 0)
			continue;
		printf("  %-40s %ld < %s  %s\n", s[i].name, s[i].n, s[i].cinder,
		       s[i].n < s[i].cinder_n ? "met" :
		       /* "N+": Cinder polls, so N is its best case */
		       s[i].n == s[i].cinder_n && strchr(s[i].cinder, '+') ?
						 "NOT met: equal to Cinder's best case" :
						 "NOT met");
		if (s[i].note)
			printf("  %40s%s\n", "", s[i].note);
	}
	printf("  (vnx.md gives no Cinder count for host creation, snapshots, growth, detach\n"
	       "   or delete; Cinder's clone count is its full-copy path, the only clone it has)\n\n");
	return 0;
}

static int lifecycles(struct soap *t, int latency, int *all_ok)
{
	static struct life pool = {
		.array = EA_DEMO_ARRAY, .label = "demo VNX", .host = "vdi-host-1",
		.ip = "10.20.0.11", .init0 = "iqn.2026-01.com.example:vdi-host-1-nic0",
		.init1 = "iqn.2026-01.com.example:vdi-host-1-nic1",
		.prov = slgw__ProvisioningType__THIN,
	};
	static struct life rg = {
		.array = "cx3", .label = "CX3-40 FL26", .host = "vdi-host-2",
		.ip = "10.20.0.12", .init0 = "iqn.2026-01.com.example:vdi-host-2-nic0",
		.init1 = "iqn.2026-01.com.example:vdi-host-2-nic1",
		.prov = slgw__ProvisioningType__THICK,
	};
	if (lifecycle(t, &pool, latency))
		return -1;
	if (add_raid_group_array("cx3", "CX3-40", "192.0.2.60", "192.0.2.61") ||
	    lifecycle(t, &rg, latency)) {
		fprintf(stderr, "the RAID-group array's lifecycle could not run\n");
		rg.ok = 0;
	}
	print_side_by_side(&pool, &rg, latency);
	targets(&pool);
	/* The pool array must do every step; on the RAID-group array a step
	 * may be refused (it is printed as such), never fail otherwise. */
	*all_ok = pool.ok;
	return 0;
}

/* ------------------------------------------------------- part 2 */

struct submitter {
	int host_index, hosts, volumes;
	char **vol_ids;
	char *host_id;
	char **job_ids; /* shared, one slot per volume */
	int failures;
};

static void *submit_run(void *arg)
{
	struct submitter *p = arg;
	struct soap *s = e2e_client(&srv, "tenant", srv.tenant_pw);
	struct _slgw__assignStorage req = { 0 };
	struct _slgw__assignStorageResponse resp = { 0 };
	int nowait = 0;

	if (!s) {
		p->failures = p->volumes;
		return NULL;
	}
	req.hostId = p->host_id;
	req.waitMs = &nowait;
	for (int v = p->host_index; v < p->volumes; v += p->hosts) {
		req.volumeId = p->vol_ids[v];
		if (soap_call___slgw__assignStorage(s, srv.endpoint, NULL, &req, &resp) != SOAP_OK ||
		    !resp.job) {
			p->failures++;
			continue;
		}
		p->job_ids[v] = strdup(resp.job->id);
	}
	e2e_client_free(s);
	return NULL;
}

/* Sum of the "Nms" durations navisim logged after the first `from` lines
 * (what each command really took, latency included), in seconds. */
static double logged_seconds(long from)
{
	char *tail = ea_log_tail(&srv, EA_DEMO_ARRAY, from);
	char *save = NULL, *line;
	double sum = 0;

	for (line = tail ? strtok_r(tail, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		char t[64], sp[64], ex[32];
		long ms;
		if (sscanf(line, "%63s %63s %31s %ldms", t, sp, ex, &ms) == 4 && ms >= 0)
			sum += (double)ms / 1000.0;
	}
	free(tail);
	return sum;
}

/* One burst: every volume assigned to host (v % hosts) at once, timed,
 * and its figures printed under `label`.  Returns the number of failed
 * assignments, or -1 when it could not run. */
static int one_burst(struct soap *t, const struct opts *o, char **vol_ids, char **host_ids,
		     char **job_ids, struct submitter *sub, pthread_t *th, int *hlu_bad,
		     const char *label)
{
	int failures = 0;
	long m, cmds;
	double t0, t1, busy;

	m = mark(EA_DEMO_ARRAY);
	t0 = now_s();
	for (int h = 0; h < o->hosts; h++) {
		sub[h] = (struct submitter){ .host_index = h, .hosts = o->hosts,
					     .volumes = o->volumes, .vol_ids = vol_ids,
					     .host_id = host_ids[h], .job_ids = job_ids };
		if (pthread_create(&th[h], NULL, submit_run, &sub[h])) {
			fprintf(stderr, "pthread_create failed\n");
			for (int k = 0; k < h; k++)
				pthread_join(th[k], NULL);
			return -1;
		}
	}
	for (int h = 0; h < o->hosts; h++) {
		pthread_join(th[h], NULL);
		failures += sub[h].failures;
	}
	for (int v = 0; v < o->volumes; v++) {
		struct _slgw__getJob req = { 0 };
		struct _slgw__getJobResponse resp = { 0 };
		int wait = 600000;
		if (!job_ids[v])
			continue;
		req.jobId = job_ids[v];
		req.waitMs = &wait;
		if (soap_call___slgw__getJob(t, srv.endpoint, NULL, &req, &resp) != SOAP_OK ||
		    resp.job->state != slgw__JobState__SUCCEEDED) {
			failures++;
		} else if (!resp.job->assignment || resp.job->assignment->hlu < 1) {
			(*hlu_bad)++;
		}
		soap_end(t);
	}
	t1 = now_s();
	set_latency(EA_DEMO_ARRAY, 0);
	cmds = ea_log_count(&srv, EA_DEMO_ARRAY);
	if (m < 0 || cmds < 0) {
		fprintf(stderr, "cannot read navisim's log (state dir %s gone?)\n", srv.dir);
		return -1;
	}
	cmds -= m;
	busy = logged_seconds(m);

	{
		double bound = (double)cmds * o->latency / 1000.0 / o->inflight;
		printf("%d volumes assigned across %d hosts at once: wall time\n", o->volumes,
		       o->hosts);
		printf("(navisim latency %d ms per command; %s)\n\n", o->latency, label);
		printf("  %-46s %d\n", "assignments", o->volumes);
		printf("  %-46s %d\n", "failed", failures);
		printf("  %-46s %ld\n", "naviseccli commands", cmds);
		printf("  %-46s %.2f\n", "commands per assignment",
		       o->volumes ? (double)cmds / o->volumes : 0.0);
		printf("  %-46s %d\n", "commands in flight per array (slgwd)", o->inflight);
		printf("  %-46s %.2f s\n", "wall time", t1 - t0);
		printf("  %-46s %.2f s\n", "lower bound (cmds x latency / in flight)", bound);
		if (bound > 0)
			printf("  %-46s %.2f\n", "wall time / lower bound", (t1 - t0) / bound);
		printf("  %-46s %.1f ms\n", "mean command time logged by navisim",
		       cmds ? busy * 1000.0 / (double)cmds : 0.0);
		printf("  %-46s %.2f s\n", "logged command time / in flight", busy / o->inflight);
	}
	return failures;
}

static int burst(struct soap *t, const struct opts *o, int *all_ok)
{
	char **vol_ids = calloc((size_t)o->volumes, sizeof *vol_ids);
	char **job_ids = calloc((size_t)o->volumes, sizeof *job_ids);
	char **host_ids = calloc((size_t)o->hosts, sizeof *host_ids);
	struct submitter *sub = calloc((size_t)o->hosts, sizeof *sub);
	pthread_t *th = calloc((size_t)o->hosts, sizeof *th);
	struct slgw__Job *j;
	char *sys, *pool;
	int failures = 0, hlu_bad = 0, rc = -1;

	if (!vol_ids || !job_ids || !host_ids || !sub || !th ||
	    ea_pool_of(&sys, &pool, t, srv.endpoint, EA_DEMO_ARRAY))
		goto out;
	set_latency(EA_DEMO_ARRAY, 0);
	for (int h = 0; h < o->hosts; h++) {
		char name[32], i0[64], i1[64], ip[32];
		const char *inits[] = { i0, i1, NULL };
		snprintf(name, sizeof name, "xen-%02d", h);
		snprintf(i0, sizeof i0, "iqn.2026-01.com.example:xen-%02d-nic0", h);
		snprintf(i1, sizeof i1, "iqn.2026-01.com.example:xen-%02d-nic1", h);
		snprintf(ip, sizeof ip, "10.20.1.%d", h + 1);
		int r = ea_add_host(&j, t, srv.endpoint, name, NULL, inits, ip, NULL);
		if (!ea_ok(r, j)) {
			fprintf(stderr, "addHost %s failed: %s\n", name, ea_why(t, r, j));
			goto out;
		}
		host_ids[h] = strdup(j->host->id);
	}
	for (int v = 0; v < o->volumes; v++) {
		char name[32];
		snprintf(name, sizeof name, "desk-%03d", v);
		int r = ea_allocate(&j, t, srv.endpoint, sys, pool, name, 256,
				    slgw__ProvisioningType__THIN);
		if (!ea_ok(r, j)) {
			fprintf(stderr, "allocate %s failed: %s\n", name, ea_why(t, r, j));
			goto out;
		}
		vol_ids[v] = strdup(j->storageVolume->id);
	}
	soap_end(t);
	set_latency(EA_DEMO_ARRAY, o->latency);

	failures = one_burst(t, o, vol_ids, host_ids, job_ids, sub, th, &hlu_bad,
			     "hosts new to the array, 2 iSCSI initiators each");
	if (failures < 0)
		goto out;
	/* Unassign everything without latency (the groups stay: the demo
	 * system does not destroy empty groups), then the same burst again
	 * on hosts the array knows: the common case, one -addhlu each. */
	for (int v = 0; v < o->volumes; v++) {
		int r = ea_unassign(&j, t, srv.endpoint, vol_ids[v], host_ids[v % o->hosts]);
		if (!ea_ok(r, j)) {
			fprintf(stderr, "unassign failed: %s\n", ea_why(t, r, j));
			failures++;
		}
		soap_end(t);
		free(job_ids[v]);
		job_ids[v] = NULL;
	}
	printf("\n");
	set_latency(EA_DEMO_ARRAY, o->latency);
	rc = one_burst(t, o, vol_ids, host_ids, job_ids, sub, th, &hlu_bad,
		       "hosts already registered on the array");
	if (rc < 0)
		goto out;
	failures += rc;
	*all_ok = failures == 0 && hlu_bad == 0;
	rc = 0;
out:
	for (int v = 0; vol_ids && v < o->volumes; v++)
		free(vol_ids[v]);
	for (int v = 0; job_ids && v < o->volumes; v++)
		free(job_ids[v]);
	for (int h = 0; host_ids && h < o->hosts; h++)
		free(host_ids[h]);
	free(vol_ids);
	free(job_ids);
	free(host_ids);
	free(sub);
	free(th);
	return rc;
}

int main(int argc, char **argv)
{
	struct opts o;
	struct soap *t;
	int ok1 = 0, ok2 = 0, rc = 1;

	if (parse_opts(&o, argc, argv))
		return 2;
	if (e2e_start(&srv, 0)) {
		fprintf(stderr, "slgwd --demo did not start\n");
		return 1;
	}
	t = e2e_client(&srv, "tenant", srv.tenant_pw);
	if (t && lifecycles(t, o.step_latency, &ok1) == 0) {
		soap_end(t);
		fflush(stdout);
		if (burst(t, &o, &ok2) == 0)
			rc = ok1 && ok2 ? 0 : 1;
	}
	e2e_client_free(t);
	if (e2e_stop(&srv) != 0) {
		fprintf(stderr, "slgwd did not stop cleanly (see %s/slgwd.log)\n", srv.dir);
		rc = 1;
	}
	if (o.keep)
		printf("\nstate kept in %s\n", srv.dir);
	else
		e2e_cleanup(&srv);
	return rc;
}
