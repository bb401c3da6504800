/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * access_fixture.c - see access_fixture.h.  The store is a real SQLite file
 * in a directory of its own per test (tests/common/tmpdir.c); the volumes are made the way
 * the broker makes them (reserve, LUN under the gateway's name, array
 * number and WWN recorded, ready) so that the engines find what they would
 * find in service.
 */
#include "access_fixture.h"

#include <check.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "../common/tmpdir.h"

store *S;
struct broker_access_env env;
struct broker_status st;
int64_t sys_id, pool_id;

static char dir[256];
static struct broker_access_locks locks; /* the broker owns these; here the test */
static access_lun_maker lun_maker;
static void *lun_ctx;

void access_fixture_open(const char *prefix, struct slgw_adapter *a, access_lun_maker make_lun,
			 void *ctx, int poll_ms)
{
	char path[300], err[256];

	ck_assert_int_eq(tmpdir_make(dir, sizeof(dir), prefix), 0);
	snprintf(path, sizeof(path), "%s/store.db", dir);
	ck_assert_msg(store_open(&S, path, err, sizeof(err)) == 0, "%s", err);
	lun_maker = make_lun;
	lun_ctx = ctx;
	memset(&env, 0, sizeof(env));
	env.s = S;
	env.a = a;
	env.poll_ms = poll_ms;
	ck_assert_int_eq(broker_access_locks_init(&locks), 0);
	env.locks = &locks;
	memset(&st, 0, sizeof(st));
}

void access_fixture_close(void)
{
	broker_access_locks_destroy(&locks);
	store_close(S);
	S = NULL;
	tmpdir_remove(dir);
}

void access_add_system(const store_system *sys, const char *serial, int ports_per_sp)
{
	store_pool pool = { .array_id = 0, .name = "Pool 0", .capacity_mb = 1 << 24,
			    .free_mb = 1 << 23 };

	ck_assert_int_eq(store_system_insert(&sys_id, S, sys), 0);
	for (int i = 0; i < 2 * ports_per_sp; i++) {
		char sp = i < ports_per_sp ? 'A' : 'B', sps[2] = { sp, 0 }, iqn[128], ip[32];
		int port = 4 + i % ports_per_sp;
		store_port p = { .system_id = sys_id, .sp = sps, .port_id = port, .vport_id = 0,
				 .proto = STORE_PROTO_ISCSI, .address = iqn, .ip = ip };
		int64_t id;

		snprintf(iqn, sizeof(iqn), "iqn.1992-04.com.emc:cx.%s.%c%d", serial, sp + 32, port);
		snprintf(ip, sizeof(ip), "10.1.%d.%d", sp == 'A' ? 1 : 2, port);
		ck_assert_int_eq(store_port_insert(&id, S, &p), 0);
	}
	pool.system_id = sys_id;
	ck_assert_int_eq(store_pool_insert(&pool_id, S, &pool), 0);
}

int64_t make_tagged_host(const char *name, int64_t tenant, const char *tag, int ninit)
{
	store_host h = { .tenant_id = tenant, .name = (char *)name, .ip = "10.9.9.9",
			 .failover_wanted = STORE_FAILOVER_AUTO };
	int64_t id, iid;

	ck_assert_int_eq(store_host_insert(&id, S, &h), 0);
	for (int i = 0; i < ninit; i++) {
		char iqn[128];
		store_initiator in = { .host_id = id, .kind = STORE_PROTO_ISCSI, .address = iqn };

		snprintf(iqn, sizeof(iqn), "iqn.2006-04.com.example:%s-%d", tag, i);
		ck_assert_int_eq(store_initiator_insert(&iid, S, &in), 0);
	}
	return id;
}

int64_t make_host(const char *name, int64_t tenant, int ninit)
{
	return make_tagged_host(name, tenant, name, ninit);
}

int64_t make_volume(const char *name, int64_t tenant)
{
	store_volume v = { .tenant_id = tenant, .name = (char *)name, .system_id = sys_id,
			   .pool_id = pool_id, .size_mb = 1024, .prov = STORE_PROV_THICK };
	char lun[64], wwn[64];
	int64_t id;
	int lid;

	if (tenant) {
		store_grant g = { .tenant_id = tenant, .pool_id = pool_id, .quota_mb = 1 << 20,
				  .prov_allowed = STORE_PROV_MASK_ALL };
		int64_t gid;

		store_grant_insert(&gid, S, &g); /* once per tenant; again: exists */
	}
	ck_assert_msg(store_volume_reserve(&id, S, &v) == 0, "%s", store_errmsg());
	oname(lun, sizeof(lun), BROKER_NAME_LUN, id);
	lun_maker(lun_ctx, lun, &lid, wwn, sizeof(wwn));
	ck_assert_int_eq(store_volume_set_array(S, id, lid, lun, wwn), 0);
	ck_assert_int_eq(store_volume_set_state(S, id, STORE_STATE_READY), 0);
	return id;
}

/* count_<kind>s: list, count, free.  The record types differ, so one
 * macro writes the counter of each kind instead of a function. */
#define STORE_COUNTER(kind)                                                  \
	size_t count_##kind##s(const store_filter *f)                        \
	{                                                                    \
		store_##kind *arr = NULL;                                    \
		size_t n = (size_t)-1; /* the list must say */               \
                                                                             \
		ck_assert_int_eq(store_##kind##_list(&arr, &n, S, f), 0);    \
		store_##kind##_array_free(arr, n);                           \
		return n;                                                    \
	}
STORE_COUNTER(assignment)
STORE_COUNTER(initiator)
STORE_COUNTER(job)
STORE_COUNTER(snapshot)
STORE_COUNTER(volume)

size_t assignments_of(int64_t vol)
{
	return count_assignments(&(store_filter){ .volume_id = vol });
}

size_t assignments_on(int64_t host)
{
	return count_assignments(&(store_filter){ .host_id = host });
}

void access_par_volumes(struct access_par *p, int n, int64_t host)
{
	memset(p, 0, (size_t)n * sizeof(*p));
	for (int i = 0; i < n; i++) {
		char name[16];

		snprintf(name, sizeof(name), "d%d", i);
		p[i].vol = make_volume(name, 0);
		p[i].host = host;
	}
}

static void *assign_one(void *arg)
{
	struct access_par *p = arg;

	p->res = NULL;
	if (p->hlu > 0)
		p->rc = broker_access_assign_hlu(&p->res, &env, p->vol, p->host, p->hlu, &p->st);
	else
		p->rc = broker_access_assign(&p->res, &env, p->vol, p->host, &p->st);
	return NULL;
}

void access_assign_all(struct access_par *p, int n)
{
	pthread_t t[64];

	ck_assert_int_le(n, 64);
	for (int i = 0; i < n; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, assign_one, &p[i]), 0);
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
}

void access_assert_distinct_hlus(struct access_par *p, int n, int max)
{
	int seen[256] = { 0 };

	for (int i = 0; i < n; i++) {
		ck_assert_msg(p[i].rc == 0, "%s", p[i].st.message);
		int hlu = hlu_of(p[i].res);
		ck_assert_int_ge(hlu, 1);
		ck_assert_int_le(hlu, max);
		ck_assert_int_eq(seen[hlu]++, 0);
		json_decref(p[i].res);
	}
}

void oname(char *buf, size_t len, enum broker_name_kind kind, int64_t id)
{
	ck_assert_int_eq(broker_name_make(buf, len, store_instance_id(S), kind, id), 0);
}

const char *G(int64_t h)
{
	static char buf[4][BROKER_NAME_MAX];
	static int k;
	char *b = buf[k++ % 4];

	snprintf(b, BROKER_NAME_MAX, "slgw-%s-h%" PRId64, store_instance_id(S), h);
	return b;
}

int hlu_of(json_t *res)
{
	return (int)json_integer_value(json_object_get(res, "hlu"));
}
