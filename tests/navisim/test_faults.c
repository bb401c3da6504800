/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_faults.c - fault injection and transport behaviour: unknown
 * addresses and SPs marked down give the real network error for that
 * address, wrong credentials the real authentication error, latency is
 * observable as elapsed time (lower bounds only: no timing upper bounds),
 * fail-next rules match by words and count down, and the invocation log
 * records every command with the password masked.
 */
#include "nstest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define SPA "192.0.2.21"
#define SPB "192.0.2.22"

static void seed(void)
{
	ns_array("f1", SPA, SPB, "--user admin --password s3cret");
}

static const char *network_error(char *buf, size_t len, const char *addr)
{
	snprintf(buf, len, "A network error occurred while trying to connect: '%s'.\n"
			   "Message : Error occurred because connection refused. Management Server is not running.\n",
		 addr);
	return buf;
}

START_TEST(sp_down_and_up)
{
	char want[512];
	ns_result r;

	ns_setup();
	seed();
	ns_ok("--admin sp-down --name f1 --sp A");
	ns_cmd(&r, "-h " SPA " -user admin -password s3cret -scope 0 getagent");
	ck_assert_int_ne(r.status, 0);
	ck_assert_str_eq(r.out, network_error(want, sizeof(want), SPA));
	ns_result_free(&r);
	/* The peer SP still answers, and says it is SP B. */
	NS_EXPECT_OUT("-h " SPB " -user admin -password s3cret -scope 0 getagent",
		      "SP Identifier:       B\n");
	/* Modifying commands through SP B change the same array; SP A's LUNs trespass to B. */
	ns_ok("-h " SPB " -user admin -password s3cret -scope 0 lun -create -capacity 1 -sq gb -poolId 0 -name x -sp A -o");
	ns_cmd(&r, "-h " SPB " -user admin -password s3cret -scope 0 lun -list -all -name x");
	ck_assert_ptr_nonnull(strstr(r.out, "Current Owner:  SP B\nDefault Owner:  SP A\n"));
	ns_result_free(&r);
	ns_ok("--admin sp-up --name f1 --sp A");
	NS_EXPECT_OUT("-h " SPA " -user admin -password s3cret -scope 0 lun -list -all -name x",
		      "Name:  x\n",
		      "Current Owner:  SP A\nDefault Owner:  SP A\n");
	ns_cmd(&r, "-h 198.51.100.77 -user admin -password s3cret -scope 0 getagent");
	ck_assert_int_ne(r.status, 0);
	ck_assert_str_eq(r.out, network_error(want, sizeof(want), "198.51.100.77"));
	ns_result_free(&r);
	ns_teardown();
}
END_TEST

START_TEST(credentials)
{
	ns_result r;
	const char *auth = "Error returned from the Management Server on " SPA "\n"
			   "Authentication failed. Possible reasons for failure are invalid security file, "
			   "invalid username, password and/or scope.\n";

	ns_setup();
	seed();
	ns_cmd(&r, "-h " SPA " -user admin -password wrong -scope 0 getagent");
	ck_assert_int_ne(r.status, 0);
	ck_assert_str_eq(r.out, auth);
	ns_result_free(&r);
	ns_cmd(&r, "-h " SPA " -user root -password s3cret -scope 0 getagent");
	ck_assert_str_eq(r.out, auth);
	ns_result_free(&r);
	ns_cmd(&r, "-h " SPA " getagent");
	ck_assert_str_eq(r.out, auth);
	ns_result_free(&r);
	ns_cmd(&r, "-h " SPA " -user admin -password s3cret -scope 9 getagent");
	ck_assert_str_eq(r.out, auth);
	ns_result_free(&r);
	ns_expect_status("-h " SPA " -secfilepath /nonexistent-but-accepted getagent", 0);
	NS_EXPECT_OUT("-h " SPA " -user admin -password s3cret -scope 0 -np -t 30 getagent",
		      "Serial No:");
	ns_teardown();
}
END_TEST

START_TEST(latency_is_slept)
{
	ns_result r;
	double t0, elapsed;

	ns_setup();
	seed();
	ns_ok("--admin latency --name f1 --ms 400");
	t0 = ns_now();
	ns_cmd(&r, "-h " SPA " -user admin -password s3cret -scope 0 getagent");
	elapsed = ns_now() - t0;
	ck_assert_int_eq(r.status, 0);
	ck_assert_msg(elapsed >= 0.4, "elapsed %.3f s < 400 ms latency", elapsed);
	ns_result_free(&r);
	/* The log's duration includes it too. */
	ns_cmd(&r, "--admin log --name f1");
	{
		const char *ms = strstr(r.out, " exit=0 ");
		ck_assert_ptr_nonnull(ms);
		ck_assert_int_ge(atoi(ms + 8), 400);
	}
	ns_result_free(&r);
	ns_ok("--admin latency --name f1 --ms 0");
	ns_teardown();
}
END_TEST

START_TEST(fail_next_matches_and_counts)
{
	const char *argv[] = {"--admin", "fail-next", "--name", "f1", "--count", "2", "--match", "lun -create",
			      "--message", "SP A: The LUN is preparing. Retry later. (0x712d8e0e)", NULL};
	const char *argv2[] = {"--admin", "fail-next", "--name", "f1", "--match", "-addhlu -gname h9",
			       "--message", "End of data stream", NULL};
	ns_result r;

	ns_setup();
	seed();
	ns_array("other", "192.0.2.31", "192.0.2.32", NULL);
	ns_run(&r, argv);
	ck_assert_int_eq(r.status, 0);
	ns_result_free(&r);
	/* Other commands and other arrays are untouched. */
	ns_expect_status("-h " SPA " -user admin -password s3cret -scope 0 lun -list -all", 0);
	ns_ok("-h 192.0.2.31 lun -create -capacity 1 -sq gb -poolId 0 -o");
	for (int i = 0; i < 2; i++) {
		ns_cmd(&r, "-h " SPA " -user admin -password s3cret -scope 0 lun -create -capacity 1 -sq gb -poolId 0 -name a -o");
		ck_assert_int_ne(r.status, 0);
		ck_assert_str_eq(r.out, "SP A: The LUN is preparing. Retry later. (0x712d8e0e)\n");
		ns_result_free(&r);
	}
	/* The failed commands changed nothing; the third one goes through. */
	ns_ok("-h " SPA " -user admin -password s3cret -scope 0 lun -create -capacity 1 -sq gb -poolId 0 -name a -o");
	/* All words must occur. */
	ns_run(&r, argv2);
	ck_assert_int_eq(r.status, 0);
	ns_result_free(&r);
	ns_ok("-h " SPA " -user admin -password s3cret -scope 0 storagegroup -create -gname h9");
	ns_ok("-h " SPA " -user admin -password s3cret -scope 0 storagegroup -create -gname h8");
	ns_ok("-h " SPA " -user admin -password s3cret -scope 0 storagegroup -addhlu -hlu 1 -alu 0 -gname h8 -o");
	ns_cmd(&r, "-h " SPA " -user admin -password s3cret -scope 0 storagegroup -addhlu -hlu 1 -alu 0 -gname h9 -o");
	ck_assert_str_eq(r.out, "End of data stream\n");
	ns_result_free(&r);
	ns_ok("-h " SPA " -user admin -password s3cret -scope 0 storagegroup -addhlu -hlu 1 -alu 0 -gname h9 -o");
	ns_teardown();
}
END_TEST

START_TEST(log_lines_mask_password)
{
	ns_result r;
	int lines = 0;

	ns_setup();
	seed();
	ns_ok("-h " SPA " -user admin -password s3cret -scope 0 lun -create -capacity 1 -sq gb -poolId 0 -o");
	ns_cmd(&r, "-h " SPA " -user admin -password bad -scope 0 getagent");
	ns_result_free(&r);
	ns_ok("--admin sp-down --name f1 --sp B");
	ns_cmd(&r, "-h " SPB " -user admin -password s3cret -scope 0 getagent");
	ns_result_free(&r);
	{
		const char *argv[] = {"-h", SPA, "-user", "admin", "-password", "s3cret", "-scope", "0",
				      "lun", "-list", "-all", "-name", "two\nlines", NULL};
		ns_run(&r, argv);
		ck_assert_int_ne(r.status, 0);
		ns_result_free(&r);
	}
	ns_cmd(&r, "--admin log --name f1");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "-name two?lines\n"));
	ck_assert_ptr_null(strstr(r.out, "s3cret"));
	ck_assert_ptr_null(strstr(r.out, "bad"));
	for (const char *p = r.out; (p = strchr(p, '\n')); p++)
		lines++;
	ck_assert_int_eq(lines, 4);
	ck_assert_ptr_nonnull(strstr(r.out, " " SPA " exit=0 "));
	ck_assert_ptr_nonnull(strstr(r.out, "-password *** -scope 0 lun -create -capacity 1 -sq gb -poolId 0 -o\n"));
	ck_assert_ptr_nonnull(strstr(r.out, " " SPA " exit=4 "));
	ck_assert_ptr_nonnull(strstr(r.out, " " SPB " exit=3 "));
	ck_assert_int_eq(strncmp(r.out, "20", 2), 0);
	ns_result_free(&r);
	ns_teardown();
}
END_TEST

START_TEST(command_usage_errors)
{
	ns_setup();
	seed();
	ns_expect_status("-h " SPA, 2);
	ns_expect_status("getagent", 2);
	ns_expect_fail("-h " SPA " -user admin -password s3cret -scope 0 frobnicate", "frobnicate");
	ns_expect_status("-h " SPA " -port 70000 getagent", 2);
	ns_expect_status("-h " SPA " -t soon getagent", 2);
	ns_expect_status("-h " SPA " -port 443 -t 30 -user admin -password s3cret -scope 0 getagent", 0);
	ns_expect_fail("-h " SPA " -user admin -password s3cret -scope 0 lun -list -all -l", "invalid command line parameters");
	ns_teardown();
}
END_TEST

int main(void)
{
	return SUITE_RUN_ONE("navisim_faults", "faults", NULL, NULL, 120,
		sp_down_and_up, credentials, latency_is_slept, fail_next_matches_and_counts,
		log_lines_mask_password, command_usage_errors);
}
