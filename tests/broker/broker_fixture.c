/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_fixture.c - store, fake array and broker set up and torn down the
 * same way for every broker suite (see broker_fixture.h).
 */
#define _GNU_SOURCE
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <jansson.h>

#include "broker_fixture.h"
#include "../common/tmpdir.h"

void bfx_open(char *dir, size_t dirlen, const char *prefix, store **s, struct fake_array *fa)
{
	char path[300], err[256];

	snprintf(dir, dirlen, "/tmp/%s-XXXXXX", prefix);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/store.db", dir);
	ck_assert_int_eq(store_open(s, path, err, sizeof(err)), 0);
	fake_array_init(fa);
}

void bfx_config(struct broker_config *cfg)
{
	broker_config_init(cfg);
	cfg->workers = 4;
	cfg->default_wait_ms = 10000;
}

int bfx_factory(struct slgw_adapter **out, void *ctx, const store_system *sys,
		   struct broker_status *s)
{
	(void)sys;
	(void)s;
	*out = &((struct fake_array *)ctx)->base;
	return 0;
}

void bfx_broker_up(broker **b, store *s, const struct broker_config *cfg,
		   struct fake_array *fa, struct broker_status *st)
{
	struct broker_config dflt;

	if (!cfg) {
		bfx_config(&dflt);
		cfg = &dflt;
	}
	ck_assert_int_eq(broker_new(b, s, cfg, st), 0);
	(*b)->adapter_factory = bfx_factory;
	(*b)->adapter_factory_ctx = fa;
	ck_assert_int_eq(broker_start(*b, st), 0);
	ck_assert_int_eq(broker_wait_reconciled(*b, 20000), 0);
}

void bfx_close(const char *dir, broker **b, store **s, struct fake_array *fa)
{
	fake_gate(fa, 0);
	broker_free(*b);
	*b = NULL;
	store_close(*s);
	*s = NULL;
	fake_array_destroy(fa);
	tmpdir_remove(dir);
}

int64_t bfx_result_int(const store_job *j, const char *key)
{
	json_error_t e;
	json_t *r = json_loads(j->result ? j->result : "{}", 0, &e);
	ck_assert_ptr_nonnull(r);
	int64_t v = json_integer_value(json_object_get(r, key));
	json_decref(r);
	return v;
}

void bfx_expect_succeeded(const store_job *j)
{
	ck_assert_ptr_nonnull(j);
	ck_assert_msg(j->state == STORE_JOB_SUCCEEDED, "job %s state %s error %s: %s", j->kind,
		      store_job_state_name(j->state), j->error_code ? j->error_code : "",
		      j->error_message ? j->error_message : "");
}

void bfx_expect_job_succeeded(store *s, int64_t id)
{
	store_job *j = NULL;

	ck_assert_int_eq(store_job_get(&j, s, id), 0);
	bfx_expect_succeeded(j);
	store_job_free(j);
}

int64_t bfx_crashed_job(store *s, const char *kind, int64_t vid, const char *params,
			const char *step)
{
	char key[64];
	store_job *j = NULL;
	int64_t id;

	snprintf(key, sizeof key, "volume/%" PRId64, vid);
	store_job jr = { .kind = (char *)kind, .state = STORE_JOB_RUNNING, .user = "root", .object = key,
			 .params = (char *)params };
	ck_assert_int_eq(store_job_start(&j, s, &jr), 0);
	id = j->id;
	store_job_free(j);
	if (step)
		ck_assert_int_eq(store_job_progress(s, id, 0, step), 0);
	return id;
}

void bfx_add_system(char *sys, char *pool0, char *pool1, broker *b, store *s,
		    const struct broker_caller *admin, struct broker_status *st)
{
	struct broker_system_add_req req = { .adapter = "vnx", .name = "vnx1", .spa = "10.0.0.1",
					     .spb = "10.0.0.2", .username = "sysadmin",
					     .password = "sysadmin-pw" };
	store_job *j = NULL;
	store_pool *p = NULL;
	size_t n = 0;

	ck_assert_int_eq(broker_add_storage_system(b, admin, &req, &j, st), 0);
	bfx_expect_succeeded(j);
	snprintf(sys, 32, "%" PRId64, bfx_result_int(j, "system_id"));
	store_job_free(j);
	store_filter f = { .system_id = atoll(sys) };
	ck_assert_int_eq(store_pool_list(&p, &n, s, &f), 0);
	ck_assert_int_eq((int)n, 2);
	for (size_t i = 0; i < n; i++) {
		char *into = p[i].array_id == 0 ? pool0 : pool1;
		if (into)
			snprintf(into, 32, "%" PRId64, p[i].id);
	}
	store_pool_array_free(p, n);
}
