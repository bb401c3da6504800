/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_adapter.c - navisim's faults as the gateway sees them, through the
 * real VNX adapter (slgw_vnx): SP down (the adapter fails over to the
 * peer, then reports UNREACHABLE), wrong credentials (AUTH), latency
 * (elapsed time >= latency per command; lower bound only), fail-next
 * (a transient text is retried away, or surfaces as BUSY without
 * retries), and an old model without ALUA or thin provisioning.
 */
#include "nstest.h"
#include "vnx_adapter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char g_env[600];
static char *g_envp[2];

static struct slgw_adapter *adapter(const char *spa, const char *spb, const char *password,
				    unsigned retries)
{
	struct vnx_config c;
	struct slgw_adapter_error e;
	struct slgw_adapter *a = NULL;

	snprintf(g_env, sizeof(g_env), "NAVISIM_HOME=%s", ns_home());
	g_envp[0] = g_env;
	g_envp[1] = NULL;
	memset(&c, 0, sizeof(c));
	c.naviseccli = NAVISIM_BIN;
	c.sp_a = spa;
	c.sp_b = spb;
	c.user = "admin";
	c.password = password;
	c.scope = 0;
	c.name = "t";
	c.timeout_ms = 60000;
	c.retries = retries;
	c.backoff_ms = 1;
	c.envp = g_envp;
	ck_assert_int_eq(vnx_adapter_new(&a, &c, &e), 0);
	return a;
}

/* The adapter's discover; its return code carries the error class these
 * tests check, so the error record stays here. */
static int discover(struct slgw_adapter *a, struct slgw_system_info **info)
{
	struct slgw_adapter_error e;

	memset(&e, 0, sizeof(e));
	return a->ops->discover(info, a, &e);
}

/* The NAVISIM_HOME of the test (the suite's fixture) holding array "v" (user admin, password pw) and an
 * adapter to it signing in with password, retrying retries times. */
static struct slgw_adapter *array_v(const char *password, unsigned retries)
{
	ns_array("v", "192.0.2.81", "192.0.2.82", "--user admin --password pw");
	return adapter("192.0.2.81", "192.0.2.82", password, retries);
}

/* Lines of `navisim --admin log --name name`. */
static int log_lines(const char *name)
{
	char cmd[128];
	ns_result r;
	int n = 0;
	snprintf(cmd, sizeof(cmd), "--admin log --name %s", name);
	ns_cmd(&r, cmd);
	for (const char *p = r.out; (p = strchr(p, '\n')); p++)
		n++;
	ns_result_free(&r);
	return n;
}

START_TEST(discover_vnx_and_old_model)
{
	struct slgw_adapter *a;
	struct slgw_system_info *info = NULL;

	ns_array("v", "192.0.2.81", "192.0.2.82", "--user admin --password pw --serial APM00998877665");
	ns_array("cx", "192.0.2.83", "192.0.2.84", "--user admin --password pw --model CX600 --revision 02.19.600.5.007");
	a = adapter("192.0.2.81", "192.0.2.82", "pw", 0);
	ck_assert_int_eq(discover(a, &info), 0);
	ck_assert_str_eq(info->model, "VNX5400");
	ck_assert_str_eq(info->serial, "APM00998877665");
	ck_assert(info->caps & SLGW_CAP_ALUA);
	ck_assert(info->caps & SLGW_CAP_THIN);
	ck_assert(info->caps & SLGW_CAP_SNAPSHOTS);
	ck_assert(info->caps & SLGW_CAP_ISCSI);
	ck_assert(info->caps & SLGW_CAP_FC);
	ck_assert_int_eq(info->n_pools, 2);
	ck_assert_int_gt(info->n_ports, 0);
	slgw_system_info_free(info);
	printf("navisim via adapter: discover sent %d naviseccli commands\n", log_lines("v"));
	slgw_adapter_free(a);
	a = adapter("192.0.2.83", "192.0.2.84", "pw", 0);
	ck_assert_int_eq(discover(a, &info), 0);
	ck_assert_str_eq(info->model, "CX600");
	ck_assert(!(info->caps & SLGW_CAP_ALUA));
	ck_assert(!(info->caps & SLGW_CAP_THIN));
	ck_assert(!(info->caps & SLGW_CAP_SNAPSHOTS));
	slgw_system_info_free(info);
	slgw_adapter_free(a);
}
END_TEST

START_TEST(sp_down_fails_over_then_unreachable)
{
	struct slgw_adapter *a = array_v("pw", 0);
	struct slgw_system_info *info = NULL;

	ns_ok("--admin sp-down --name v --sp A");
	ck_assert_int_eq(discover(a, &info), 0);
	ck_assert_str_eq(info->sp, "B");
	slgw_system_info_free(info);
	ns_ok("--admin sp-down --name v --sp B");
	ck_assert_int_eq(discover(a, &info), -SLGW_AERR_UNREACHABLE);
	ck_assert_ptr_null(info);
	ns_ok("--admin sp-up --name v --sp A");
	ck_assert_int_eq(discover(a, &info), 0);
	ck_assert_str_eq(info->sp, "A");
	slgw_system_info_free(info);
	slgw_adapter_free(a);
}
END_TEST

START_TEST(wrong_password_is_auth)
{
	struct slgw_adapter *a = array_v("not-it", 0);
	struct slgw_system_info *info = NULL;

	ck_assert_int_eq(discover(a, &info), -SLGW_AERR_AUTH);
	slgw_adapter_free(a);
}
END_TEST

START_TEST(latency_seen_by_adapter)
{
	struct slgw_adapter *a = array_v("pw", 0);
	struct slgw_system_info *info = NULL;
	double t0, elapsed;
	int before, sent;

	ns_ok("--admin latency --name v --ms 250");
	before = log_lines("v");
	t0 = ns_now();
	ck_assert_int_eq(discover(a, &info), 0);
	elapsed = ns_now() - t0;
	slgw_system_info_free(info);
	sent = log_lines("v") - before;
	ck_assert_int_gt(sent, 0);
	/* Commands may overlap (the adapter runs several at once): one latency at least. */
	ck_assert_msg(elapsed >= 0.25, "discover took %.3f s with 250 ms latency", elapsed);
	printf("navisim via adapter: discover, %d commands, 250 ms latency each: %.3f s\n", sent, elapsed);
	slgw_adapter_free(a);
}
END_TEST

START_TEST(fail_next_retried_or_busy)
{
	const char *rule[] = {"--admin", "fail-next", "--name", "v", "--count", "1", "--match", "getagent",
			      "--message", "End of data stream", NULL};
	struct slgw_adapter *a = array_v("pw", 0);
	struct slgw_system_info *info = NULL;
	ns_result r;

	/* Without retries the transient text surfaces as BUSY... */
	ns_run(&r, rule);
	ck_assert_int_eq(r.status, 0);
	ns_result_free(&r);
	ck_assert_int_eq(discover(a, &info), -SLGW_AERR_BUSY);
	ck_assert_ptr_null(info);
	/* ...and the rule is used up: the next discover works. */
	ck_assert_int_eq(discover(a, &info), 0);
	slgw_system_info_free(info);
	info = NULL;
	slgw_adapter_free(a);
	/* With one retry the adapter absorbs it. */
	a = adapter("192.0.2.81", "192.0.2.82", "pw", 1);
	ns_run(&r, rule);
	ns_result_free(&r);
	ck_assert_int_eq(discover(a, &info), 0);
	slgw_system_info_free(info);
	slgw_adapter_free(a);
}
END_TEST

int main(void)
{
	return SUITE_RUN_ONE("navisim_adapter", "adapter", ns_setup, ns_teardown, 180,
		discover_vnx_and_old_model, sp_down_fails_over_then_unreachable,
		wrong_password_is_auth, latency_seen_by_adapter, fail_next_retried_or_busy);
}
