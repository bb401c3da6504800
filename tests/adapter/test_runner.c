/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_runner.c - the naviseccli runner against a scripted fake naviseccli:
 * timeouts kill the child, SP failover and SP memory, bounded retries of
 * transient errors, no blind repeat of a create that landed, error classes
 * with the array's code and message, password masking, the in-flight limit,
 * counters, the global options put in front of every command, a child
 * that inherits no descriptor but its stdin/stdout/stderr, and a child
 * killed half way through a listing that is never taken for an answer.
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fake_fixture.h"
#include "vnx_runner.h"
#include "../common/suite_one.h"

#define CAP(name) SLGW_CAPTURES "/" name

/* ---- log capture for the masking test ---- */

struct logbuf {
	pthread_mutex_t lock;
	char text[65536];
	size_t len;
	int lines;
};

static void collect(void *ctx, const char *line)
{
	struct logbuf *lb = ctx;
	size_t n = strlen(line);

	pthread_mutex_lock(&lb->lock);
	if (lb->len + n + 2 < sizeof(lb->text)) {
		memcpy(lb->text + lb->len, line, n);
		lb->len += n;
		lb->text[lb->len++] = '\n';
		lb->text[lb->len] = '\0';
	}
	lb->lines++;
	pthread_mutex_unlock(&lb->lock);
}

/* ---- the fixture ---- */

/* Besides fake_fixture.h's sandbox, configuration and error: the runner,
 * command and answer the test works with, made fresh by setup and freed
 * by teardown. */
static struct vnx_runner *r;
static struct vnx_output o;
static struct vnx_cmd c;

static void setup(void)
{
	fake_setup();
	r = NULL;
	memset(&o, 0, sizeof(o));
	memset(&c, 0, sizeof(c));
}

static void teardown(void)
{
	vnx_output_clear(&o);
	vnx_cmd_clear(&c);
	vnx_runner_free(r);
	r = NULL;
	fake_teardown();
}

/* The runner on cfg as the test has set it. */
static void start_runner(void)
{
	ck_assert_int_eq(vnx_runner_new(&r, &cfg, &e), 0);
}

/* Starts the runner and runs the command the test built in c, its answer
 * into out (NULL: none wanted); vnx_runner_run's result. */
static int start_and_run(struct vnx_output *out)
{
	start_runner();
	return vnx_runner_run(out, r, &c, &e);
}

/* The answer file of the transient failure the runner retries: a
 * connection that ended before the answer did. */
static const char *end_of_data_stream(void)
{
	return fake_answer("eods.txt", "End of data stream\n");
}

/* Sends `lun -create` of LUN x (1 GiB in pool 0) through a runner on cfg
 * with the given retries; vnx_runner_run's result. */
static int create_x(unsigned retries)
{
	struct slgw_lun_spec s = { .name = "x", .size_mb = 1024, .pool_id = 0 };

	cfg.retries = retries;
	ck_assert_int_eq(vnx_cmd_lun_create(&c, &s), 0);
	return start_and_run(NULL);
}

/* ---- tests ---- */

START_TEST(timeout_kills_child)
{
	char *log;
	long pid = 0;

	fake_script(&fe, "sleep 10.0.0.1 20000");
	fake_script(&fe, "rule * * %s 0 getagent", CAP("getagent.txt"));
	cfg.sp_b = NULL;
	cfg.timeout_ms = 300;
	ck_assert_int_eq(vnx_cmd_getagent(&c), 0);
	ck_assert_int_eq(start_and_run(&o), -SLGW_AERR_TIMEOUT);
	ck_assert_int_eq(e.cls, SLGW_AERR_TIMEOUT);
	ck_assert_ptr_null(o.text);
	/* The child started, never answered, and is gone (killed and reaped). */
	log = fake_log(&fe);
	ck_assert_int_eq(sscanf(log, "start %ld", &pid), 1);
	ck_assert_ptr_null(strstr(log, "end "));
	free(log);
	ck_assert_int_eq(kill((pid_t)pid, 0), -1);
	ck_assert_int_eq(errno, ESRCH);
}
END_TEST

START_TEST(timeout_on_a_fails_over_to_b)
{
	fake_script(&fe, "sleep 10.0.0.1 20000");
	fake_script(&fe, "rule * * %s 0 getagent", CAP("getagent.txt"));
	cfg.timeout_ms = 300;
	ck_assert_int_eq(vnx_cmd_getagent(&c), 0);
	ck_assert_int_eq(start_and_run(&o), 0);
	ck_assert_int_eq(o.sp, 'B');
	ck_assert_ptr_nonnull(strstr(o.text, "VNX5800"));
	ck_assert_int_eq(vnx_runner_preferred_sp(r), 'B');
}
END_TEST

START_TEST(sp_a_down_then_b_and_remembered)
{
	char addr[64];

	fake_script(&fe, "down 10.0.0.1");
	fake_script(&fe, "rule * * %s 0 getagent", CAP("getagent.txt"));
	start_runner();
	ck_assert_int_eq(vnx_runner_preferred_sp(r), 'A');
	ck_assert_int_eq(vnx_cmd_getagent(&c), 0);
	ck_assert_int_eq(vnx_runner_run(&o, r, &c, &e), 0);
	ck_assert_int_eq(o.sp, 'B');
	vnx_output_clear(&o);
	ck_assert_int_eq(vnx_runner_preferred_sp(r), 'B');
	/* Second command goes straight to SP B. */
	ck_assert_int_eq(vnx_runner_run(&o, r, &c, &e), 0);
	vnx_output_clear(&o);
	ck_assert_int_eq(fake_count(&fe, " getagent"), 3);
	fake_nth_addr(&fe, 0, addr, sizeof(addr));
	ck_assert_str_eq(addr, "10.0.0.1");
	fake_nth_addr(&fe, 1, addr, sizeof(addr));
	ck_assert_str_eq(addr, "10.0.0.2");
	fake_nth_addr(&fe, 2, addr, sizeof(addr));
	ck_assert_str_eq(addr, "10.0.0.2");
}
END_TEST

START_TEST(both_sps_down_is_unreachable)
{
	fake_script(&fe, "down 10.0.0.1");
	fake_script(&fe, "down 10.0.0.2");
	cfg.retries = 3;
	ck_assert_int_eq(vnx_cmd_sg_create(&c, "g1"), 0);
	ck_assert_int_eq(start_and_run(NULL), -SLGW_AERR_UNREACHABLE);
	ck_assert_int_eq(e.cls, SLGW_AERR_UNREACHABLE);
	ck_assert_ptr_nonnull(strstr(e.message, "network error"));
	/* One try per SP: unreachable is failed over, not retried in a loop. */
	ck_assert_int_eq(fake_count(&fe, " storagegroup -create"), 2);
}
END_TEST

START_TEST(transient_error_retried_then_succeeds)
{
	const char *eods = end_of_data_stream();
	fake_script(&fe, "rule 2 * %s 1 lun -list -all -l 19", eods);
	fake_script(&fe, "rule * * %s 0 lun -list -all -l 19", CAP("lun_-list_-all_-l_19.txt"));
	cfg.retries = 2;
	ck_assert_int_eq(vnx_cmd_lun_list(&c, (struct slgw_lun_ref){ 19, NULL }), 0);
	ck_assert_int_eq(start_and_run(&o), 0);
	ck_assert_ptr_nonnull(strstr(o.text, "test_lun"));
	ck_assert_int_eq(fake_count(&fe, " lun -list -all -l 19"), 3);
}
END_TEST

START_TEST(transient_error_retries_are_bounded)
{
	const char *eods = end_of_data_stream();
	fake_script(&fe, "rule * * %s 1 lun -list -all", eods);
	cfg.retries = 2;
	ck_assert_int_eq(vnx_cmd_lun_list(&c, (struct slgw_lun_ref){ -1, NULL }), 0);
	ck_assert_int_eq(start_and_run(&o), -SLGW_AERR_BUSY);
	ck_assert_ptr_nonnull(strstr(e.message, "End of data stream"));
	ck_assert_int_eq(fake_count(&fe, " lun -list -all"), 3);
}
END_TEST

START_TEST(preparing_create_is_retried_without_check)
{
	/* "preparing" is a refusal: the array changed nothing, so the create
	 * may simply be sent again. */
	const char *prep = fake_answer("prep.txt", "Error: lun command failed\n"
	                               "LUN is preparing. Retry later. (0x712d8e0e)\n");
	fake_script(&fe, "rule 1 * %s 1 lun -create *", prep);
	fake_script(&fe, "rule * * - 0 lun -create *");
	ck_assert_int_eq(create_x(1), 0);
	ck_assert_int_eq(fake_count(&fe, " lun -create "), 2);
	ck_assert_int_eq(fake_count(&fe, " lun -list "), 0);
}
END_TEST

START_TEST(landed_create_is_not_repeated)
{
	const char *eods = end_of_data_stream();
	/* The create ran but the connection dropped before the answer; the
	 * LUN is there when listed. */
	fake_script(&fe, "rule * * %s 1 lun -create *", eods);
	fake_script(&fe, "rule * * %s 0 lun -list -all -name x", CAP("lun_-list_-all_-name_x.txt"));
	ck_assert_int_eq(create_x(3), 0);
	ck_assert_int_eq(fake_count(&fe, " lun -create "), 1);
	ck_assert_int_eq(fake_count(&fe, " lun -list -all -name x"), 1);
}
END_TEST

START_TEST(unlanded_create_is_repeated_once_checked)
{
	const char *eods = end_of_data_stream();
	const char *nf = fake_answer("nf.txt", "Could not retrieve the specified (pool lun). "
	                             "The (pool lun) may not exist\n");
	fake_script(&fe, "rule 1 * %s 1 lun -create *", eods);
	fake_script(&fe, "rule * * - 0 lun -create *");
	fake_script(&fe, "rule * * %s 1 lun -list -all -name x", nf);
	ck_assert_int_eq(create_x(3), 0);
	ck_assert_int_eq(fake_count(&fe, " lun -create "), 2);
	ck_assert_int_eq(fake_count(&fe, " lun -list -all -name x"), 1);
}
END_TEST

START_TEST(create_timeout_checks_before_failover)
{
	/* SP A hangs on everything; SP B shows the group exists: the create
	 * on A may have landed, so it must not be sent to B. */
	fake_script(&fe, "sleep 10.0.0.1 20000");
	fake_script(&fe, "rule * * - 0 storagegroup -create *");
	fake_script(&fe, "rule * * %s 0 storagegroup -list -host -iscsiAttributes -gname os01",
	            CAP("storagegroup_-messner_-list_-host_-iscsiAttributes_-gname_os01.txt"));
	cfg.timeout_ms = 300;
	ck_assert_int_eq(vnx_cmd_sg_create(&c, "os01"), 0);
	ck_assert_int_eq(start_and_run(NULL), 0);
	ck_assert_int_eq(fake_count(&fe, "10.0.0.2 -user admin -password Pa55-w0rd! -scope 0 storagegroup -create"), 0);
	ck_assert_int_eq(fake_count(&fe, "10.0.0.2 -user admin -password Pa55-w0rd! -scope 0 storagegroup -list"), 1);
}
END_TEST

/* Runs a modifying command answered by a capture, in a sandbox of its
 * own; checks class and code. */
static void check_error_capture(const char *capture, enum slgw_adapter_err want, const char *code,
                                const char *text)
{
	teardown();
	setup();
	fake_script(&fe, "rule * * %s 1 storagegroup -destroy *", capture);
	ck_assert_int_eq(vnx_cmd_sg_destroy(&c, "g"), 0);
	ck_assert_int_eq(start_and_run(NULL), -(int)want);
	ck_assert_msg(e.cls == want, "%s: class %s, want %s", capture, slgw_adapter_err_name(e.cls),
	              slgw_adapter_err_name(want));
	ck_assert_str_eq(e.code, code);
	ck_assert_msg(strstr(e.message, text), "%s: message '%s' lacks '%s'", capture, e.message, text);
	/* Not transient, not unreachable: sent exactly once. */
	ck_assert_int_eq(fake_count(&fe, " storagegroup -destroy"), 1);
}

START_TEST(errors_keep_class_code_and_message)
{
	check_error_capture(CAP("lun_-create_-capacity_1_-sq_gb_-poolId_0_-l_3.txt"),
	                    SLGW_AERR_NAME_IN_USE, "0x712d8d04", "already in use");
	check_error_capture(CAP("snap_-destroy_-id_s4_-o.txt"), SLGW_AERR_MAPPED, "0x716d8003",
	                    "attached to a snapshot mount point");
	check_error_capture(CAP("lun_-destroy_-name_l1_-o.txt"), SLGW_AERR_NOT_FOUND, "",
	                    "Could not retrieve the specified (pool lun)");
	check_error_capture(CAP("credential_error.txt"), SLGW_AERR_AUTH, "", "Authentication failed");
	check_error_capture(CAP("storagegroup_-setpath_-gname_sg0_-hbauid_iqn.1992-04.com.abc_a.b.d_-sp_a_-spport_8_-host_host0_-o.txt"),
	                    SLGW_AERR_ALREADY_MAPPED, "", "Initiator record already exists");
	check_error_capture(CAP("lun_-expand_-l_1_-capacity_1_-sq_gb_-o.txt"),
	                    SLGW_AERR_INVALID_ARGS, "0x712d8e04", "must be greater");
}
END_TEST

START_TEST(pool_full_is_no_space)
{
	const char *full = fake_answer("full.txt", "Unable to create the LUN because the storage "
	                               "pool does not have enough free capacity.\n");
	fake_script(&fe, "rule * * %s 1 lun -create *", full);
	ck_assert_int_eq(create_x(3), -SLGW_AERR_NO_SPACE);
	ck_assert_str_eq(slgw_adapter_err_name(e.cls), "no_space");
	ck_assert_ptr_nonnull(strstr(e.message, "enough free capacity"));
	/* A refusal, not a transient: sent once. */
	ck_assert_int_eq(fake_count(&fe, " lun -create "), 1);
}
END_TEST

START_TEST(modify_output_is_error_even_with_exit_0)
{
	const char *odd = fake_answer("odd.txt", "Something unexpected happened here\n");
	fake_script(&fe, "rule * * %s 0 storagegroup -addhlu *", odd);
	ck_assert_int_eq(vnx_cmd_sg_addhlu(&c, "g", 1, 2), 0);
	ck_assert_int_eq(start_and_run(NULL), -SLGW_AERR_UNKNOWN);
	ck_assert_ptr_nonnull(strstr(e.message, "Something unexpected"));
}
END_TEST

START_TEST(silent_failure_exit_is_not_success)
{
	fake_script(&fe, "rule * * - 3 storagegroup -addhlu *");
	ck_assert_int_eq(vnx_cmd_sg_addhlu(&c, "g", 1, 2), 0);
	ck_assert_int_eq(start_and_run(NULL), -SLGW_AERR_UNKNOWN);
	ck_assert_ptr_nonnull(strstr(e.message, "status 3"));
}
END_TEST

START_TEST(stderr_only_answer_is_classified)
{
	fake_script(&fe, "rule * * stderr:%s 1 getagent", CAP("credential_error.txt"));
	ck_assert_int_eq(vnx_cmd_getagent(&c), 0);
	ck_assert_int_eq(start_and_run(&o), -SLGW_AERR_AUTH);
	ck_assert_ptr_nonnull(strstr(e.message, "Authentication failed"));
}
END_TEST

START_TEST(crashed_cli_is_not_success)
{
	fake_script(&fe, "rule * * - -9 lun -destroy *");
	ck_assert_int_eq(vnx_cmd_lun_destroy(&c, (struct slgw_lun_ref){ 1, NULL }, 0), 0);
	ck_assert_int_eq(start_and_run(NULL), -SLGW_AERR_UNKNOWN);
	ck_assert_ptr_nonnull(strstr(e.message, "signal"));
}
END_TEST

START_TEST(child_inherits_only_stdio)
{
	char fds[512], line[64];
	int sock, pfd[2], n = 0;
	FILE *f;

	/* What a server holds: a socket and a pipe, neither close-on-exec
	 * (gSOAP does not set it on its listening or accepted sockets). */
	sock = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(sock, 3);
	ck_assert_int_eq(pipe(pfd), 0);
	snprintf(fds, sizeof(fds), "%s/fds", fe.dir);
	fake_script(&fe, "fds %s", fds);
	fake_script(&fe, "rule * * %s 0 getagent", CAP("getagent.txt"));
	ck_assert_int_eq(vnx_cmd_getagent(&c), 0);
	ck_assert_int_eq(start_and_run(&o), 0);
	vnx_output_clear(&o);
	f = fopen(fds, "r");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f)) {
		int fd = atoi(line);

		ck_assert_msg(fd >= 0 && fd <= 2, "child inherited descriptor %d", fd);
		n++;
	}
	fclose(f);
	ck_assert_int_eq(n, 3);
	close(sock);
	close(pfd[0]);
	close(pfd[1]);
}
END_TEST

/* The first `keep` bytes of a capture, as a file in the sandbox. */
static void half_capture(char *path, size_t size, const char *capture, size_t keep)
{
	FILE *f = fopen(capture, "rb");
	char *buf = calloc(1, keep + 1);
	size_t got;

	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(buf);
	got = fread(buf, 1, keep, f);
	fclose(f);
	ck_assert_uint_eq(got, keep);
	fake_file(&fe, path, size, "half.txt", buf);
	free(buf);
}

START_TEST(killed_mid_listing_is_not_an_answer)
{
	char half[512];

	/* Half a LUN listing, then the CLI dies: the records it printed are
	 * real, but the LUNs after them are missing, so it is no listing. */
	half_capture(half, sizeof(half), CAP("lun_-list_-all.txt"), 20000);
	fake_script(&fe, "rule * * %s -9 lun -list -all", half);
	cfg.sp_b = NULL;
	ck_assert_int_eq(vnx_cmd_lun_list(&c, (struct slgw_lun_ref){ -1, NULL }), 0);
	ck_assert_int_eq(start_and_run(&o), -SLGW_AERR_UNKNOWN);
	ck_assert_int_eq(e.cls, SLGW_AERR_UNKNOWN);
	ck_assert_ptr_null(o.text);
	ck_assert_msg(strstr(e.message, "signal 9"), "message: %s", e.message);
}
END_TEST

START_TEST(killed_listing_is_retried_like_a_timeout)
{
	char half[512];

	/* A list is idempotent: after a kill on SP A it goes to SP B, whose
	 * whole answer is the one used. */
	half_capture(half, sizeof(half), CAP("lun_-list_-all.txt"), 20000);
	fake_script(&fe, "rule * 10.0.0.1 %s -9 lun -list -all", half);
	fake_script(&fe, "rule * 10.0.0.2 %s 0 lun -list -all", CAP("lun_-list_-all.txt"));
	ck_assert_int_eq(vnx_cmd_lun_list(&c, (struct slgw_lun_ref){ -1, NULL }), 0);
	ck_assert_int_eq(start_and_run(&o), 0);
	ck_assert_int_eq(o.sp, 'B');
	ck_assert_uint_gt(o.len, 400000);
}
END_TEST

START_TEST(killed_create_is_checked_not_repeated)
{
	/* Killed after the array took the create: the landed check finds it,
	 * and the create is not sent again. */
	fake_script(&fe, "rule * * - -9 lun -create *");
	fake_script(&fe, "rule * * %s 0 lun -list -all -name x", CAP("lun_-list_-all_-name_x.txt"));
	ck_assert_int_eq(create_x(3), 0);
	ck_assert_int_eq(fake_count(&fe, " lun -create "), 1);
	ck_assert_int_eq(fake_count(&fe, " lun -list -all -name x"), 1);
}
END_TEST

START_TEST(output_cap_refuses_oversized_answer)
{
	fake_script(&fe, "rule * * %s 0 lun -list -all", CAP("lun_-list_-all.txt"));
	cfg.output_cap = 4096;
	ck_assert_int_eq(vnx_cmd_lun_list(&c, (struct slgw_lun_ref){ -1, NULL }), 0);
	ck_assert_int_eq(start_and_run(&o), -SLGW_AERR_UNKNOWN);
	ck_assert_ptr_nonnull(strstr(e.message, "larger than 4096"));
	vnx_runner_free(r);
	/* The same answer under the default cap is read whole. */
	cfg.output_cap = 0;
	start_runner();
	ck_assert_int_eq(vnx_runner_run(&o, r, &c, &e), 0);
	ck_assert_uint_gt(o.len, 400000);
}
END_TEST

START_TEST(password_never_logged)
{
	struct logbuf lb = { .lock = PTHREAD_MUTEX_INITIALIZER };

	/* An array that echoes the command line back in its error. */
	const char *echo = fake_answer("echo.txt", "Error: invalid command line parameters: "
	                               "-password Pa55-w0rd! -scope 0\n");
	fake_script(&fe, "down 10.0.0.1");
	fake_script(&fe, "rule * * %s 1 storagegroup -destroy *", echo);
	cfg.log = collect;
	cfg.log_ctx = &lb;
	start_runner();
	ck_assert_int_eq(vnx_cmd_sg_destroy(&c, "g"), 0);
	ck_assert_int_lt(vnx_runner_run(NULL, r, &c, &e), 0);
	ck_assert_int_eq(lb.lines, 2);
	ck_assert_ptr_null(strstr(lb.text, "Pa55-w0rd!"));
	ck_assert_ptr_null(strstr(e.message, "Pa55-w0rd!"));
	ck_assert_ptr_nonnull(strstr(lb.text, "-password ***"));
	ck_assert_ptr_nonnull(strstr(lb.text, "storagegroup -destroy -gname g -o"));
	/* ... while the array did get it. */
	ck_assert(fake_logged(&fe, "-user admin -password Pa55-w0rd! -scope 0"));
}
END_TEST

START_TEST(secfilepath_and_no_poll_options)
{
	fake_script(&fe, "rule * * %s 0 getagent", CAP("getagent.txt"));
	fake_script(&fe, "rule * * - 0 storagegroup -create -gname g");
	cfg.secfilepath = "/etc/slgw/sec";
	cfg.no_poll = 1;
	ck_assert_int_eq(vnx_cmd_getagent(&c), 0);
	ck_assert_int_eq(start_and_run(&o), 0);
	vnx_output_clear(&o);
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_sg_create(&c, "g"), 0);
	ck_assert_int_eq(vnx_runner_run(NULL, r, &c, &e), 0);
	vnx_cmd_clear(&c);
	ck_assert(fake_logged(&fe, " -h 10.0.0.1 -secfilepath /etc/slgw/sec -np getagent\n"));
	/* -np only on list commands. */
	ck_assert(fake_logged(&fe, " -h 10.0.0.1 -secfilepath /etc/slgw/sec storagegroup -create -gname g\n"));
	ck_assert(!fake_logged(&fe, "-password"));
}
END_TEST

START_TEST(config_is_validated)
{
	cfg.naviseccli = "naviseccli";
	ck_assert_int_eq(vnx_runner_new(&r, &cfg, &e), -SLGW_AERR_INVALID_ARGS);
	cfg = fake_config(&fe);
	cfg.sp_a = "-h";
	ck_assert_int_eq(vnx_runner_new(&r, &cfg, &e), -SLGW_AERR_INVALID_ARGS);
	cfg = fake_config(&fe);
	cfg.password = NULL;
	ck_assert_int_eq(vnx_runner_new(&r, &cfg, &e), -SLGW_AERR_INVALID_ARGS);
	ck_assert_ptr_null(strstr(e.message, "Pa55"));
	cfg = fake_config(&fe);
	cfg.scope = 7;
	ck_assert_int_eq(vnx_runner_new(&r, &cfg, &e), -SLGW_AERR_INVALID_ARGS);
	ck_assert_ptr_null(r);
}
END_TEST

START_TEST(missing_binary_is_unknown_not_crash)
{
	cfg.naviseccli = "/nonexistent/naviseccli";
	ck_assert_int_eq(vnx_cmd_getagent(&c), 0);
	ck_assert_int_eq(start_and_run(NULL), -SLGW_AERR_UNKNOWN);
	ck_assert_ptr_nonnull(strstr(e.message, "cannot start"));
}
END_TEST

struct worker {
	struct vnx_runner *r;
	int rc;
};

static void *work(void *p)
{
	struct worker *w = p;
	struct vnx_output out;
	struct slgw_adapter_error err;
	struct vnx_cmd cmd;

	vnx_cmd_getagent(&cmd);
	w->rc = vnx_runner_run(&out, w->r, &cmd, &err);
	vnx_output_clear(&out);
	vnx_cmd_clear(&cmd);
	return NULL;
}

START_TEST(inflight_limit_and_counters)
{
	pthread_t t[6];
	struct worker w[6];
	struct slgw_adapter_stat *st;
	size_t n;
	int live = 0, peak = 0, ok_found = 0;
	char *log, *save = NULL;

	fake_script(&fe, "sleep 10.0.0.1 150");
	fake_script(&fe, "rule * * %s 0 getagent", CAP("getagent.txt"));
	cfg.max_inflight = 2;
	start_runner();
	for (int i = 0; i < 6; i++) {
		w[i].r = r;
		w[i].rc = -1;
		ck_assert_int_eq(pthread_create(&t[i], NULL, work, &w[i]), 0);
	}
	for (int i = 0; i < 6; i++) {
		pthread_join(t[i], NULL);
		ck_assert_int_eq(w[i].rc, 0);
	}
	/* Reconstruct overlap from the fake's own start/end log. */
	log = fake_log(&fe);
	for (char *l = strtok_r(log, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (strncmp(l, "start", 5) == 0 && ++live > peak)
			peak = live;
		else if (strncmp(l, "end", 3) == 0)
			live--;
	}
	free(log);
	ck_assert_int_le(peak, 2);
	ck_assert_int_ge(peak, 1);
	ck_assert_uint_le(vnx_runner_peak_inflight(r), 2);

	ck_assert_int_eq(vnx_runner_stats(&st, &n, r), 0);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(st[i].command, "getagent") == 0 && st[i].cls == SLGW_AERR_OK) {
			ck_assert_uint_eq(st[i].count, 6);
			ck_assert_uint_eq(st[i].attempts, 6);
			ok_found = 1;
		}
	}
	ck_assert_int_eq(ok_found, 1);
	slgw_adapter_stat_array_free(st, n);
}
END_TEST

START_TEST(counters_by_result_class)
{
	struct slgw_adapter_stat *st;
	size_t n;
	int seen = 0;

	fake_script(&fe, "rule 1 * - 0 storagegroup -destroy *");
	fake_script(&fe, "rule * * %s 1 storagegroup -destroy *", CAP("lun_-destroy_-name_l1_-o.txt"));
	ck_assert_int_eq(vnx_cmd_sg_destroy(&c, "g"), 0);
	ck_assert_int_eq(start_and_run(NULL), 0);
	ck_assert_int_eq(vnx_runner_run(NULL, r, &c, &e), -SLGW_AERR_NOT_FOUND);
	ck_assert_int_eq(vnx_runner_run(NULL, r, &c, &e), -SLGW_AERR_NOT_FOUND);
	ck_assert_int_eq(vnx_runner_stats(&st, &n, r), 0);
	for (size_t i = 0; i < n; i++) {
		ck_assert_str_eq(st[i].command, "storagegroup -destroy");
		if (st[i].cls == SLGW_AERR_OK) {
			ck_assert_uint_eq(st[i].count, 1);
			seen |= 1;
		} else if (st[i].cls == SLGW_AERR_NOT_FOUND) {
			ck_assert_uint_eq(st[i].count, 2);
			seen |= 2;
		}
	}
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(seen, 3);
	slgw_adapter_stat_array_free(st, n);
}
END_TEST

int main(void)
{
	return SUITE_RUN_ONE("vnx_runner", "fake_naviseccli", setup, teardown, 60, timeout_kills_child,
		timeout_on_a_fails_over_to_b, sp_a_down_then_b_and_remembered,
		both_sps_down_is_unreachable, transient_error_retried_then_succeeds,
		transient_error_retries_are_bounded, preparing_create_is_retried_without_check,
		landed_create_is_not_repeated, unlanded_create_is_repeated_once_checked,
		create_timeout_checks_before_failover, errors_keep_class_code_and_message,
		pool_full_is_no_space, modify_output_is_error_even_with_exit_0,
		silent_failure_exit_is_not_success, stderr_only_answer_is_classified,
		crashed_cli_is_not_success, child_inherits_only_stdio,
		killed_mid_listing_is_not_an_answer, killed_listing_is_retried_like_a_timeout,
		killed_create_is_checked_not_repeated, output_cap_refuses_oversized_answer,
		password_never_logged, secfilepath_and_no_poll_options, config_is_validated,
		missing_binary_is_unknown_not_crash, inflight_limit_and_counters,
		counters_by_result_class);
}
