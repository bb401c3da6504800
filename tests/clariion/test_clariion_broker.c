/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_clariion_broker.c - the broker on a RAID-group array: choosing LUN
 * numbers under races, and crash recovery of a RAID-group LUN.
 *
 * Design: a real store (fresh SQLite file per case) and navisim created as
 * a CX3-40 on FLARE 26 (RAID groups only), driven through the real VNX
 * adapter, so every text the broker reacts to is the one navisim prints
 * for the real array.  The adapter is the registry's, with one slot
 * wrapped: before the broker's bind of a number lands, the test may play
 * "another client" and bind that very number first, through navisim as
 * naviseccli (the race the broker must survive without touching the other
 * client's LUN).  Crashes are made the way test_broker makes them: the
 * broker goes away, a job is left in the store at the step it had
 * recorded, the array is put in the state the crash left, and a new broker
 * recovers.  Each case runs on its own (CK_RUN_CASE), so cases run in
 * parallel.
 */
#define _GNU_SOURCE
#include <check.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "broker_fixture.h"
#include "broker_internal.h"
#include "registry.h"
#include "../common/suite_run.h"
#include "../common/tmpdir.h"

#define SPA "10.9.0.1"
#define SPB "10.9.0.2"

static char dir[256];
static store *S;
static broker *B;
static struct broker_status st;
static const struct broker_caller ADMIN = { .user = "root", .is_admin = 1, .wait_ms = 60000 };
static char SYS[32];

/* ----------------------------------------------------- navisim access */

/* Runs navisim with args (NULL-terminated); stdout into *out when out. */
static int navisim(char **out, const char *const *args)
{
	int pfd[2];
	if (pipe(pfd))
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		const char *argv[48] = { NAVISIM_BIN };
		int n = 1;
		for (int i = 0; args[i] && n < 47; i++)
			argv[n++] = args[i];
		argv[n] = NULL;
		dup2(pfd[1], 1);
		if (!getenv("CLARIION_TEST_STDERR")) {
			int devnull = open("/dev/null", O_WRONLY);
			if (devnull >= 0)
				dup2(devnull, 2);
		}
		close(pfd[0]);
		execv(NAVISIM_BIN, (char *const *)argv);
		_exit(127);
	}
	close(pfd[1]);
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	ssize_t r;
	while (buf && (r = read(pfd[0], buf + len, cap - len - 1)) > 0) {
		len += (size_t)r;
		if (cap - len < 2) {
			char *g = realloc(buf, cap * 2);
			if (!g)
				break;
			buf = g;
			cap *= 2;
		}
	}
	close(pfd[0]);
	if (buf)
		buf[len] = '\0';
	int status = 0;
	waitpid(pid, &status, 0);
	if (out)
		*out = buf;
	else
		free(buf);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A naviseccli command on the array, as another client would send it. */
static int cli(char **out, const char *const *cmd)
{
	const char *args[40] = { "-h", SPA, "-user", "other", "-password", "x" };
	int n = 6;
	for (int i = 0; cmd[i] && n < 39; i++)
		args[n++] = cmd[i];
	args[n] = NULL;
	return navisim(out, args);
}

/* cli(), tried again (up to 5 times) when it failed for a reason other
 * than the array's answer about the object: navisim instances of the
 * broker and of this "other client" meet on one state file under load. */
static int cli_retry(const char *const *cmd)
{
	int rc = -1;
	for (int k = 0; k < 5; k++) {
		char *out = NULL;
		rc = cli(&out, cmd);
		int answered = out && strstr(out, "Error:");
		free(out);
		if (rc == 0 || answered)
			break;
		usleep(50000);
	}
	return rc;
}

/* Binds LUN number n in RAID group rg (size in MB) as another client;
 * names it when name is not NULL.  Returns the bind's exit status. */
static int other_bind(int n, int rg, int mb, const char *name)
{
	char num[16], grp[16], cap[16];
	snprintf(num, sizeof num, "%d", n);
	snprintf(grp, sizeof grp, "%d", rg);
	snprintf(cap, sizeof cap, "%d", mb);
	const char *bind[] = { "bind", "r5", num, "-rg", grp, "-cap", cap, "-sq", "mb", NULL };
	const char *chg[] = { "chglun", "-l", num, "-name", name, NULL };
	int rc = cli_retry(bind);
	if (rc == 0 && name)
		rc = cli_retry(chg);
	return rc;
}

/* The array's whole state (navisim --admin show). */
static json_t *array_state(void)
{
	const char *args[] = { "--admin", "show", "--name", "cx", NULL };
	char *out = NULL;
	ck_assert_int_eq(navisim(&out, args), 0);
	json_error_t e;
	json_t *j = json_loads(out, 0, &e);
	free(out);
	ck_assert_msg(j != NULL, "navisim show: %s", e.text);
	return j;
}

/* The array's LUN n as navisim keeps it, or NULL (borrowed from *state). */
static json_t *lun_at(json_t *state, int n)
{
	size_t i;
	json_t *l;
	json_array_foreach(json_object_get(state, "luns"), i, l)
		if (json_integer_value(json_object_get(l, "id")) == n)
			return l;
	return NULL;
}

static const char *lun_name(json_t *l)
{
	const char *s = json_string_value(json_object_get(l, "name"));
	return s ? s : "";
}

/* Number of the LUN called name on the array, or -1. */
static int lun_named(const char *name)
{
	json_t *state = array_state();
	size_t i;
	json_t *l;
	int id = -1;
	json_array_foreach(json_object_get(state, "luns"), i, l)
		if (strcmp(lun_name(l), name) == 0)
			id = (int)json_integer_value(json_object_get(l, "id"));
	json_decref(state);
	return id;
}

static int lun_count(void)
{
	json_t *state = array_state();
	int n = (int)json_array_size(json_object_get(state, "luns"));
	json_decref(state);
	return n;
}

/* ---------------------------------------------------- the adapter */

static const struct slgw_adapter_ops *real_ops;
static struct slgw_adapter_ops hooked_ops;
static pthread_mutex_t hook_mu = PTHREAD_MUTEX_INITIALIZER;
static int steal_next;          /* binds to lose to another client */
static int stolen[64], n_stolen;
static int bind_calls;

static int hooked_rg_lun_create(struct slgw_lun **out, struct slgw_adapter *a,
				const struct slgw_rg_lun_spec *spec, struct slgw_adapter_error *err)
{
	int steal = 0;
	pthread_mutex_lock(&hook_mu);
	bind_calls++;
	if (steal_next > 0) {
		steal_next--;
		steal = 1;
	}
	pthread_mutex_unlock(&hook_mu);
	if (steal) {
		char name[64];
		snprintf(name, sizeof name, "foreign-%d", spec->lun_id);
		/* another client wins the number the broker chose */
		if (other_bind(spec->lun_id, spec->raid_group, 100, name) == 0) {
			pthread_mutex_lock(&hook_mu);
			if (n_stolen < 64)
				stolen[n_stolen++] = spec->lun_id;
			pthread_mutex_unlock(&hook_mu);
		}
	}
	return real_ops->rg_lun_create(out, a, spec, err);
}

static int factory(struct slgw_adapter **out, void *ctx, const store_system *sys,
		   struct broker_status *s)
{
	(void)ctx;
	struct slgw_adapter_config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.cli_path = NAVISIM_BIN;
	cfg.sp_a = sys->spa;
	cfg.sp_b = sys->spb;
	cfg.user = "sysadmin";
	cfg.password = "pw";
	cfg.name = sys->name;
	cfg.timeout_ms = 30000;
	cfg.max_inflight = 4;
	cfg.retries = 2;
	struct slgw_adapter_error err;
	slgw_adapter_error_clear(&err);
	if (slgw_adapter_create(out, "vnx", &cfg, &err))
		return broker_fail(s, SLGW_INTERNAL, "adapter: %s", err.message);
	real_ops = (*out)->ops;
	hooked_ops = *real_ops;
	hooked_ops.rg_lun_create = hooked_rg_lun_create;
	(*out)->ops = &hooked_ops;
	return 0;
}

/* ---------------------------------------------------- fixture */

static void broker_up(void)
{
	struct broker_config cfg;
	broker_config_init(&cfg);
	cfg.workers = 8;
	cfg.default_wait_ms = 60000;
	cfg.naviseccli_path = NAVISIM_BIN;
	ck_assert_int_eq(broker_new(&B, S, &cfg, &st), 0);
	B->adapter_factory = factory;
	ck_assert_int_eq(broker_start(B, &st), 0);
	ck_assert_int_eq(broker_wait_reconciled(B, 60000), 0);
}

static void setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/slgw-clariion-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char path[300], home[300];
	snprintf(home, sizeof home, "%s/navisim", dir);
	ck_assert_int_eq(mkdir(home, 0700), 0);
	setenv("NAVISIM_HOME", home, 1);
	const char *mk[] = { "--admin", "create-array", "--name", "cx", "--spa", SPA, "--spb", SPB,
			     "--model", "CX3-40", "--revision", "03.26.040.5.011", NULL };
	ck_assert_int_eq(navisim(NULL, mk), 0);
	snprintf(path, sizeof path, "%s/store.db", dir);
	char err[256];
	ck_assert_int_eq(store_open(&S, path, err, sizeof err), 0);
	steal_next = n_stolen = bind_calls = 0;
	broker_up();
}

static void teardown(void)
{
	broker_free(B);
	B = NULL;
	store_close(S);
	S = NULL;
	tmpdir_remove(dir);
}

/* Registers the navisim array name at spa / spb as system SYS. */
static void add_array(const char *name, const char *spa, const char *spb)
{
	struct broker_system_add_req req = { .adapter = "vnx", .name = name, .spa = spa,
					     .spb = spb, .username = "sysadmin", .password = "pw" };
	store_job *j = NULL;
	ck_assert_int_eq(broker_add_storage_system(B, &ADMIN, &req, &j, &st), 0);
	bfx_expect_succeeded(j);
	snprintf(SYS, sizeof SYS, "%" PRId64, bfx_result_int(j, "system_id"));
	store_job_free(j);
}

/* Adds the array; *rg0 / *rg1: the store ids of RAID groups 0 and 1. */
static void add_system(int64_t *rg0, int64_t *rg1)
{
	add_array("cx", SPA, SPB);
	store_filter f = { .system_id = atoll(SYS) };
	store_pool *p = NULL;
	size_t n = 0;
	ck_assert_int_eq(store_pool_list(&p, &n, S, &f), 0);
	*rg0 = *rg1 = 0;
	for (size_t i = 0; i < n; i++) {
		ck_assert_int_eq(p[i].kind, STORE_POOL_KIND_RAID_GROUP);
		if (p[i].array_id == 0)
			*rg0 = p[i].id;
		if (p[i].array_id == 1)
			*rg1 = p[i].id;
	}
	store_pool_array_free(p, n);
	ck_assert(*rg0 > 0 && *rg1 > 0);
}

static store_job *allocate(const char *name, int64_t pool, uint64_t mb, store_prov prov)
{
	char pid[32];
	snprintf(pid, sizeof pid, "%" PRId64, pool);
	struct broker_allocate_req req = { .system_id = SYS, .pool_id = pid, .name = name,
					   .size_mb = mb, .provisioning = prov };
	store_job *j = NULL;
	int rc = broker_allocate_storage(B, &ADMIN, &req, &j, &st);
	if (rc) {
		store_job_free(j);
		return NULL;
	}
	return j;
}

/* A THICK volume allocated, which must succeed; its id. */
static int64_t allocated(const char *name, int64_t pool, uint64_t mb)
{
	store_job *j = allocate(name, pool, mb, STORE_PROV_THICK);
	bfx_expect_succeeded(j);
	int64_t vid = bfx_result_int(j, "volume_id");
	store_job_free(j);
	return vid;
}

static store_volume *volume(int64_t id)
{
	store_volume *v = NULL;
	ck_assert_int_eq(store_volume_get(&v, S, id), 0);
	return v;
}

/* deleteStorage of volume vid, which must succeed. */
static void delete_volume(int64_t vid)
{
	char id[32];
	store_job *j = NULL;
	snprintf(id, sizeof id, "%" PRId64, vid);
	ck_assert_int_eq(broker_delete_storage(B, &ADMIN, id, 0, &j, &st), 0);
	bfx_expect_succeeded(j);
	store_job_free(j);
}

/* ---------------------------------------------------- cases */

START_TEST(discovery_kinds)
{
	int64_t rg0, rg1;
	add_system(&rg0, &rg1);
	store_pool *p = NULL;
	ck_assert_int_eq(store_pool_get(&p, S, rg0), 0);
	ck_assert_str_eq(p->raid_type, "r5");
	ck_assert_int_gt(p->contig_free_mb, 0);
	ck_assert_int_le(p->contig_free_mb, p->free_mb);
	ck_assert_int_eq(p->prov_supported, STORE_PROV_MASK(STORE_PROV_THICK));
	store_pool_free(p);
	store_system *sys = NULL;
	ck_assert_int_eq(store_system_get(&sys, S, atoll(SYS)), 0);
	ck_assert_ptr_nonnull(sys->capabilities);
	ck_assert_ptr_nonnull(strstr(sys->capabilities, "RAID_GROUPS"));
	ck_assert_ptr_null(strstr(sys->capabilities, "POOLS"));
	store_system_free(sys);

	/* THIN on a RAID group is refused before any job */
	ck_assert_ptr_null(allocate("thin", rg0, 1024, STORE_PROV_THIN));
	ck_assert_int_eq(st.code, SLGW_INVALID_ARGUMENT);
	ck_assert_ptr_nonnull(strstr(st.message, "RAID group"));
	/* more than the largest contiguous extent: refused, the message says so */
	ck_assert_ptr_null(allocate("huge", rg0, 100u * 1024 * 1024, STORE_PROV_THICK));
	ck_assert_int_eq(st.code, SLGW_RESOURCE_EXHAUSTED);

	/* a THICK volume: a bound LUN named ours; delete unbinds it */
	int before = lun_count();
	int64_t vid = allocated("v1", rg0, 1024);
	store_volume *v = volume(vid);
	ck_assert_int_eq(lun_named(v->lun_name), (int)v->lun_id);
	store_volume_free(v);
	ck_assert_int_eq(lun_count(), before + 1);
	delete_volume(vid);
	ck_assert_int_eq(lun_count(), before);
}
END_TEST

START_TEST(lun_number_race)
{
	int64_t rg0, rg1;
	add_system(&rg0, &rg1);
	/* the first two numbers the broker picks are won by another client */
	steal_next = 2;
	int64_t vid = allocated("raced", rg0, 512);
	ck_assert_int_eq(n_stolen, 2);
	ck_assert_int_eq(bind_calls, 3);
	store_volume *v = volume(vid);
	ck_assert_int_eq(v->state, STORE_STATE_READY);
	for (int i = 0; i < n_stolen; i++)
		ck_assert_int_ne((int)v->lun_id, stolen[i]);
	/* the volume's number carries its name; the winners keep theirs */
	ck_assert_int_eq(lun_named(v->lun_name), (int)v->lun_id);
	json_t *state = array_state();
	for (int i = 0; i < n_stolen; i++) {
		char want[64];
		snprintf(want, sizeof want, "foreign-%d", stolen[i]);
		json_t *l = lun_at(state, stolen[i]);
		ck_assert_ptr_nonnull(l);
		ck_assert_str_eq(lun_name(l), want);
	}
	json_decref(state);
	/* the lowest free number then: the stolen ones were the lowest */
	ck_assert_int_gt((int)v->lun_id, stolen[0]);
	store_volume_free(v);
}
END_TEST

START_TEST(lun_numbers_keep_being_taken)
{
	int64_t rg0, rg1;
	add_system(&rg0, &rg1);
	/* every number the broker picks is won by another client: it gives
	 * up after a bounded number of tries, ABORTED (retry), nothing of
	 * ours on the array and the volume released */
	steal_next = 1000;
	store_job *j = allocate("unlucky", rg0, 128, STORE_PROV_THICK);
	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(j->state, STORE_JOB_FAILED);
	ck_assert_str_eq(j->error_code, "ABORTED");
	ck_assert_ptr_nonnull(strstr(j->error_message, "another client"));
	store_job_free(j);
	ck_assert_int_eq(bind_calls, 32);
	ck_assert_int_eq(lun_count(), n_stolen);
	store_volume *vs = NULL;
	size_t n = 0;
	store_filter f = { .name = "unlucky" };
	ck_assert_int_eq(store_volume_list(&vs, &n, S, &f), 0);
	ck_assert_int_eq((int)n, 0); /* released: not live */
	store_volume_array_free(vs, n);
}
END_TEST

struct alloc_arg {
	char name[32];
	int64_t pool;
	int64_t vid;
	int ok;
};

static void *alloc_thread(void *p)
{
	struct alloc_arg *a = p;
	store_job *j = allocate(a->name, a->pool, 256, STORE_PROV_THICK);
	a->ok = j && j->state == STORE_JOB_SUCCEEDED;
	if (a->ok)
		a->vid = bfx_result_int(j, "volume_id");
	store_job_free(j);
	return NULL;
}

START_TEST(concurrent_binds)
{
	int64_t rg0, rg1;
	add_system(&rg0, &rg1);
	enum { N = 8 };
	struct alloc_arg args[N];
	pthread_t th[N];
	steal_next = 3; /* and another client takes a few numbers meanwhile */
	for (int i = 0; i < N; i++) {
		memset(&args[i], 0, sizeof args[i]);
		snprintf(args[i].name, sizeof args[i].name, "c%d", i);
		args[i].pool = i % 2 ? rg1 : rg0;
		ck_assert_int_eq(pthread_create(&th[i], NULL, alloc_thread, &args[i]), 0);
	}
	for (int i = 0; i < N; i++)
		pthread_join(th[i], NULL);
	int ids[N];
	json_t *state = array_state();
	for (int i = 0; i < N; i++) {
		ck_assert_msg(args[i].ok, "allocation %d failed", i);
		store_volume *v = volume(args[i].vid);
		ids[i] = (int)v->lun_id;
		json_t *l = lun_at(state, ids[i]);
		ck_assert_ptr_nonnull(l);
		ck_assert_str_eq(lun_name(l), v->lun_name); /* each number has its own name */
		ck_assert_int_eq((int)json_integer_value(json_object_get(l, "rg")),
				 i % 2 ? 1 : 0);
		store_volume_free(v);
		for (int k = 0; k < i; k++)
			ck_assert_int_ne(ids[i], ids[k]);
		for (int k = 0; k < n_stolen; k++)
			ck_assert_int_ne(ids[i], stolen[k]);
	}
	ck_assert_int_ge(n_stolen, 1);
	/* nothing else: our 8 and the other client's */
	ck_assert_int_eq((int)json_array_size(json_object_get(state, "luns")), N + n_stolen);
	json_decref(state);
}
END_TEST

/* Writes an unfinished volume.allocate job at step `step` for a fresh
 * volume reservation in pool (as a crash leaves it); returns the volume id. */
static int64_t crashed_allocate(const char *name, int64_t pool, int rg, int64_t mb,
				const char *step, int64_t *job_id)
{
	store_volume rec = { .name = (char *)name, .system_id = atoll(SYS), .pool_id = pool,
			     .size_mb = mb, .prov = STORE_PROV_THICK, .clone_kind = STORE_CLONE_NONE };
	int64_t vid = 0;
	ck_assert_int_eq(store_volume_reserve(&vid, S, &rec), 0);
	char lname[BROKER_NAME_MAX];
	ck_assert_int_eq(broker_name_make(lname, sizeof lname, store_instance_id(S), BROKER_NAME_LUN,
					  vid), 0);
	store_volume_set_array(S, vid, -1, lname, NULL);
	char params[512];
	snprintf(params, sizeof params,
		 "{\"volume_id\":%" PRId64 ",\"system_id\":%s,\"pool_id\":%" PRId64
		 ",\"pool_array_id\":%d,\"size_mb\":%" PRId64 ",\"thin\":false,\"name\":\"%s\","
		 "\"lun_name\":\"%s\",\"raid_group\":%d}",
		 vid, SYS, pool, rg, mb, name, lname, rg);
	*job_id = bfx_crashed_job(S, "volume.allocate", vid, params, step);
	return vid;
}

/* add_system, then the broker goes away as in a crash. */
static void system_then_crash(int64_t *rg0, int64_t *rg1)
{
	add_system(rg0, rg1);
	broker_free(B);
	B = NULL;
}

START_TEST(crash_bind_unnamed)
{
	int64_t rg0, rg1;
	system_then_crash(&rg0, &rg1);
	/* The crash came between bind and naming: LUN 0 is bound, unnamed,
	 * in RAID group 0 with the volume's size. */
	int64_t job = 0;
	int64_t vid = crashed_allocate("half", rg0, 0, 300, "lun-bind-sent:0", &job);
	ck_assert_int_eq(other_bind(0, 0, 300, NULL), 0);
	/* Another job's recorded number 1 holds a LUN of another size (another
	 * client's, unnamed): recovery must not touch it. */
	int64_t job2 = 0;
	int64_t vid2 = crashed_allocate("other", rg0, 0, 400, "lun-bind-sent:1", &job2);
	ck_assert_int_eq(other_bind(1, 0, 123, NULL), 0);
	json_t *state = array_state();
	const char *dflt = lun_name(lun_at(state, 0));
	char dflt_copy[64];
	snprintf(dflt_copy, sizeof dflt_copy, "%s", dflt);
	json_decref(state);

	broker_up();

	bfx_expect_job_succeeded(S, job);
	bfx_expect_job_succeeded(S, job2);
	store_volume *v = volume(vid), *v2 = volume(vid2);
	ck_assert_int_eq(v->state, STORE_STATE_READY);
	ck_assert_int_eq(lun_named(v->lun_name), (int)v->lun_id);
	ck_assert_int_eq(lun_named(v2->lun_name), (int)v2->lun_id);
	state = array_state();
	/* nothing leaked: the unnamed 300 MB LUN is gone, the 123 MB one stays */
	size_t i;
	json_t *l;
	int unnamed = 0, foreign = 0;
	json_array_foreach(json_object_get(state, "luns"), i, l) {
		const char *n = lun_name(l);
		if (strncmp(n, "slgw-", 5) != 0) {
			unnamed++;
			foreign += json_integer_value(json_object_get(l, "id")) == 1;
		}
	}
	ck_assert_int_eq(unnamed, 1);
	ck_assert_int_eq(foreign, 1);
	ck_assert_int_eq((int)json_array_size(json_object_get(state, "luns")), 3);
	json_decref(state);
	(void)dflt_copy;
	store_volume_free(v);
	store_volume_free(v2);
}
END_TEST

START_TEST(crash_bind_named)
{
	int64_t rg0, rg1;
	system_then_crash(&rg0, &rg1);
	/* bind and naming both landed before the crash: adopted, not bound twice */
	int64_t job = 0;
	int64_t vid = crashed_allocate("landed", rg1, 1, 500, "lun-bind-sent:7", &job);
	store_volume *v = volume(vid);
	ck_assert_int_eq(other_bind(7, 1, 500, v->lun_name), 0);
	store_volume_free(v);
	int before = lun_count();
	broker_up();
	bfx_expect_job_succeeded(S, job);
	v = volume(vid);
	ck_assert_int_eq(v->state, STORE_STATE_READY);
	ck_assert_int_eq((int)v->lun_id, 7);
	store_volume_free(v);
	ck_assert_int_eq(bind_calls, 0);
	ck_assert_int_eq(lun_count(), before);
}
END_TEST

START_TEST(crash_grow_unnamed)
{
	int64_t rg0, rg1;
	add_system(&rg0, &rg1);
	int64_t vid = allocated("grow-me", rg0, 1024);
	broker_free(B);
	B = NULL;
	/* The crash came while growing, between binding the metaLUN
	 * component (number 5, recorded first) and naming it. */
	int64_t prev = 0, job = 0;
	ck_assert_int_eq(store_volume_resize_reserve(&prev, S, vid, 1536), 0);
	ck_assert_int_eq(store_volume_set_state(S, vid, STORE_STATE_RESIZING), 0);
	char params[256];
	snprintf(params, sizeof params,
		 "{\"volume_id\":%" PRId64 ",\"new_size_mb\":1536,\"old_size_mb\":1024}", vid);
	job = bfx_crashed_job(S, "volume.resize", vid, params, "meta-bind-sent:5");
	ck_assert_int_eq(other_bind(5, 0, 512, NULL), 0);

	broker_up();

	bfx_expect_job_succeeded(S, job);
	store_volume *v = volume(vid);
	ck_assert_int_eq(v->state, STORE_STATE_READY);
	ck_assert_int_eq(v->size_mb, 1536);
	ck_assert_int_eq(lun_named(v->lun_name), (int)v->lun_id);
	store_volume_free(v);
	/* the unnamed component was unbound, not leaked; the metaLUN's
	 * component is private (no number of its own) */
	json_t *state = array_state();
	size_t i;
	json_t *l;
	int others = 0;
	json_array_foreach(json_object_get(state, "luns"), i, l)
		others += strncmp(lun_name(l), "slgw-", 5) != 0;
	json_decref(state);
	ck_assert_int_eq(others, 0);
}
END_TEST

/* A reserved LUN pool of two LUNs in RAID group 1 (the storage team's). */
static void reserved_lun_pool(void)
{
	ck_assert_int_eq(other_bind(100, 1, 512, NULL), 0);
	ck_assert_int_eq(other_bind(101, 1, 512, NULL), 0);
	const char *rlp[] = { "reserved", "-lunpool", "-addlun", "100", "101", NULL };
	ck_assert_int_eq(cli_retry(rlp), 0);
}

START_TEST(crash_snapview_snapshot)
{
	int64_t rg0, rg1;
	add_system(&rg0, &rg1);
	reserved_lun_pool();
	int64_t vid = allocated("snapped", rg0, 256);
	store_volume *v = volume(vid);
	char lun[16];
	snprintf(lun, sizeof lun, "%" PRId64, v->lun_id);
	store_volume_free(v);
	broker_free(B);
	B = NULL;
	/* The crash came after the SnapView snapshot was made and before the
	 * session was started: the job had recorded the step, the store the
	 * snapshot's name. */
	store_snapshot rec = { .volume_id = vid, .name = "s1" };
	int64_t sid = 0, job = 0;
	ck_assert_int_eq(store_snapshot_reserve(&sid, S, &rec), 0);
	char aname[BROKER_NAME_MAX];
	ck_assert_int_eq(broker_name_make(aname, sizeof aname, store_instance_id(S), BROKER_NAME_SNAP,
					  sid), 0);
	ck_assert_int_eq(store_snapshot_set_array_name(S, sid, aname), 0);
	const char *mk[] = { "snapview", "-createsnapshot", lun, "-snapshotname", aname, NULL };
	ck_assert_int_eq(cli_retry(mk), 0);
	char params[128];
	snprintf(params, sizeof params, "{\"volume_id\":%" PRId64 ",\"name\":\"s1\"}", vid);
	job = bfx_crashed_job(S, "snapshot.create", vid, params, "sv-session-start");

	broker_up();

	bfx_expect_job_succeeded(S, job);
	store_snapshot *sn = NULL;
	ck_assert_int_eq(store_snapshot_get(&sn, S, sid), 0);
	ck_assert_int_eq(sn->state, STORE_STATE_READY);
	store_snapshot_free(sn);
	/* one snapshot of that name (the one made before the crash), and its
	 * session now */
	const char *ls[] = { "snapview", "-listsessions", NULL };
	const char *lsn[] = { "snapview", "-listsnapshots", NULL };
	char *sessions = NULL, *snaps = NULL;
	ck_assert_int_eq(cli(&sessions, ls), 0);
	ck_assert_int_eq(cli(&snaps, lsn), 0);
	ck_assert_ptr_nonnull(strstr(sessions, aname));
	const char *first = strstr(snaps, aname);
	ck_assert_ptr_nonnull(first);
	ck_assert_ptr_null(strstr(first + 1, "SnapView logical unit name: slgw-"));
	free(sessions);
	free(snaps);
}
END_TEST

START_TEST(orphan_rg_lun)
{
	int64_t rg0, rg1;
	add_system(&rg0, &rg1);
	/* a RAID-group LUN with this gateway's name the store does not know
	 * (a volume id never recorded): reported, never unbound */
	char name[BROKER_NAME_MAX];
	ck_assert_int_eq(broker_name_make(name, sizeof name, store_instance_id(S), BROKER_NAME_LUN,
					  4242), 0);
	ck_assert_int_eq(other_bind(9, 0, 100, name), 0);
	ck_assert_int_eq(broker_scan_orphans(B, atoll(SYS), &st), 0);
	struct broker_orphan *o = NULL;
	size_t n = 0;
	ck_assert_int_eq(broker_enum_orphans(&o, &n, B, &ADMIN, &st), 0);
	ck_assert_int_eq((int)n, 1);
	ck_assert_str_eq(o[0].lun_name, name);
	ck_assert_int_eq(o[0].lun_id, 9);
	broker_orphan_array_free(o, n);
	ck_assert_int_eq(lun_named(name), 9);
	/* and the next volume id is past it: its name is never issued */
	ck_assert_int_gt(allocated("after", rg0, 100), 4242);
}
END_TEST

START_TEST(orphan_snapview)
{
	int64_t rg0, rg1;
	add_system(&rg0, &rg1);
	/* a reserved LUN pool and a source LUN (the storage team's) */
	reserved_lun_pool();
	ck_assert_int_eq(other_bind(5, 0, 256, "source"), 0);
	/* what a lost gateway snapshot (id 777) and a lost linked clone
	 * (volume 4343) leave on a SnapView array */
	char snap[BROKER_NAME_MAX], clone[BROKER_NAME_MAX];
	ck_assert_int_eq(broker_name_make(snap, sizeof snap, store_instance_id(S), BROKER_NAME_SNAP,
					  777), 0);
	ck_assert_int_eq(broker_name_make(clone, sizeof clone, store_instance_id(S), BROKER_NAME_LUN,
					  4343), 0);
	const char *c1[] = { "snapview", "-createsnapshot", "5", "-snapshotname", snap, NULL };
	const char *c2[] = { "snapview", "-startsession", snap, "-snapshotname", snap, "-persistence",
			     NULL };
	const char *c3[] = { "snapview", "-createsnapshot", "5", "-snapshotname", clone, NULL };
	const char *c4[] = { "snapview", "-activatesnapshot", snap, "-snapshotname", clone, NULL };
	ck_assert_int_eq(cli_retry(c1), 0);
	ck_assert_int_eq(cli_retry(c2), 0);
	ck_assert_int_eq(cli_retry(c3), 0);
	ck_assert_int_eq(cli_retry(c4), 0);

	ck_assert_int_eq(broker_scan_orphans(B, atoll(SYS), &st), 0);
	struct broker_orphan *o = NULL;
	size_t n = 0;
	ck_assert_int_eq(broker_enum_orphans(&o, &n, B, &ADMIN, &st), 0);
	int saw_session = 0, saw_clone = 0;
	for (size_t i = 0; i < n; i++) {
		saw_session += strcmp(o[i].lun_name, snap) == 0;
		saw_clone += strcmp(o[i].lun_name, clone) == 0;
	}
	broker_orphan_array_free(o, n);
	ck_assert_int_eq((int)n, 2);
	ck_assert_int_eq(saw_session, 1);
	ck_assert_int_eq(saw_clone, 1);
	/* reported, not removed; and neither id is ever issued again */
	json_t *state = array_state();
	char *text = json_dumps(state, 0);
	json_decref(state);
	ck_assert_ptr_nonnull(text);
	ck_assert_ptr_nonnull(strstr(text, snap));
	ck_assert_ptr_nonnull(strstr(text, clone));
	free(text);
	ck_assert_int_gt(allocated("after", rg0, 100), 4343);
	store_volume vrec = { .name = "snapme", .system_id = atoll(SYS), .pool_id = rg0,
			      .size_mb = 1, .prov = STORE_PROV_THICK, .clone_kind = STORE_CLONE_NONE };
	int64_t vid = 0, sid = 0;
	ck_assert_int_eq(store_volume_reserve(&vid, S, &vrec), 0);
	store_snapshot srec = { .volume_id = vid, .name = "s" };
	ck_assert_int_eq(store_snapshot_reserve(&sid, S, &srec), 0);
	ck_assert_int_gt(sid, 777);
}
END_TEST

START_TEST(vnx_pools_and_raid_groups)
{
	/* A VNX (OE 31) has storage pools AND RAID groups, numbered from 0
	 * each: both kinds are listed, and a RAID-group LUN is made with
	 * `lun -create -rg` in one command, no bind. */
	const char *mk[] = { "--admin", "create-array", "--name", "vnx", "--spa", "10.9.1.1", "--spb",
			     "10.9.1.2", "--model", "VNX5300", "--rgs", "2", NULL };
	ck_assert_int_eq(navisim(NULL, mk), 0);
	add_array("vnx", "10.9.1.1", "10.9.1.2");
	store_filter f = { .system_id = atoll(SYS) };
	store_pool *p = NULL;
	size_t n = 0;
	int pools = 0, groups = 0;
	int64_t rg0 = 0;
	ck_assert_int_eq(store_pool_list(&p, &n, S, &f), 0);
	for (size_t i = 0; i < n; i++) {
		if (p[i].kind == STORE_POOL_KIND_POOL) {
			pools++;
			ck_assert_ptr_null(p[i].raid_type);
		} else {
			groups++;
			if (p[i].array_id == 0)
				rg0 = p[i].id;
		}
	}
	store_pool_array_free(p, n);
	ck_assert_int_eq(pools, 2);
	ck_assert_int_eq(groups, 2);
	store_system *sys = NULL;
	ck_assert_int_eq(store_system_get(&sys, S, atoll(SYS)), 0);
	ck_assert_ptr_nonnull(strstr(sys->capabilities, "POOLS"));
	ck_assert_ptr_nonnull(strstr(sys->capabilities, "LUN_CREATE_RG"));
	store_system_free(sys);

	const char *logargs[] = { "--admin", "log", "--name", "vnx", NULL };
	char *before = NULL;
	ck_assert_int_eq(navisim(&before, logargs), 0);
	size_t from = strlen(before);
	free(before);
	int64_t vid = allocated("vnx-rg", rg0, 512);
	char *log = NULL;
	ck_assert_int_eq(navisim(&log, logargs), 0);
	ck_assert_ptr_nonnull(strstr(log + from, "lun -create"));
	ck_assert_ptr_nonnull(strstr(log + from, "-rg 0"));
	ck_assert_ptr_null(strstr(log + from, " bind "));
	free(log);
	store_volume_free(volume(vid));
	delete_volume(vid);
}
END_TEST

/* One test case per test, named as ctest selects it (CK_RUN_CASE). */
static void add_case(Suite *s, const char *name, const TTest *t)
{
	SUITE_CASE(s, name, setup, teardown, 240, t);
}

int main(void)
{
	Suite *s = suite_create("clariion_broker");
	add_case(s, "discovery_kinds", discovery_kinds);
	add_case(s, "lun_number_race", lun_number_race);
	add_case(s, "lun_numbers_keep_being_taken", lun_numbers_keep_being_taken);
	add_case(s, "concurrent_binds", concurrent_binds);
	add_case(s, "crash_bind_unnamed", crash_bind_unnamed);
	add_case(s, "crash_bind_named", crash_bind_named);
	add_case(s, "crash_grow_unnamed", crash_grow_unnamed);
	add_case(s, "crash_snapview_snapshot", crash_snapview_snapshot);
	add_case(s, "orphan_rg_lun", orphan_rg_lun);
	add_case(s, "orphan_snapview", orphan_snapview);
	add_case(s, "vnx_pools_and_raid_groups", vnx_pools_and_raid_groups);
	return suite_run(s);
}
