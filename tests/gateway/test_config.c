/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_config.c - slgwd's configuration: the shipped example validates,
 * values overlay the defaults, and every kind of mistake is refused with a
 * message naming the file, the line and the field.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "srv.h"
#include "../common/suite_run.h"

static char dir[64];

static void mk(void)
{
	snprintf(dir, sizeof dir, "/tmp/slgw-cfg-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void rm(void)
{
	char p[128];
	snprintf(p, sizeof p, "%s/c.xml", dir);
	unlink(p);
	rmdir(dir);
}

/* Writes text to DIR/c.xml and loads it; returns rc, err filled. */
static int load(struct srv_config *cfg, const char *text, char *err, size_t errlen)
{
	char p[128];
	FILE *f;
	snprintf(p, sizeof p, "%s/c.xml", dir);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	ck_assert_int_eq(srv_config_defaults(cfg), 0);
	return srv_config_load(cfg, p, err, errlen);
}

/* Loads text, which must be refused; the reason (valid until the next
 * call). */
static const char *refused(const char *text)
{
	static char err[512];
	struct srv_config cfg;

	err[0] = 0;
	ck_assert_int_ne(load(&cfg, text, err, sizeof err), 0);
	srv_config_free(&cfg);
	return err;
}

START_TEST(example_config_is_valid)
{
	struct srv_config cfg;
	char err[512] = "";
	const char *path = getenv("SLGW_EXAMPLE_CONFIG");
	ck_assert_ptr_nonnull(path);
	ck_assert_int_eq(srv_config_defaults(&cfg), 0);
	ck_assert_msg(srv_config_load(&cfg, path, err, sizeof err) == 0, "%s", err);
	ck_assert_int_eq(cfg.port, 21605);
	ck_assert_str_eq(cfg.tls_cert, "/etc/slgw/slgwd.crt");
	ck_assert_int_eq(cfg.plain_http, 0);
	srv_config_free(&cfg);
}
END_TEST

START_TEST(values_overlay_defaults)
{
	struct srv_config cfg;
	char err[512] = "";
	int rc = load(&cfg,
		      "<slgwd xmlns='urn:slgw:config:1'>\n"
		      "  <listen address='127.0.0.1' port='8443'/>\n"
		      "  <plainHttp/>\n"
		      "  <workers threads='3' queue='7'/>\n"
		      "  <timeouts idle='5'/>\n"
		      "  <jobs waitMs='1000'/>\n"
		      "  <log level='debug'/>\n"
		      "</slgwd>\n",
		      err, sizeof err);
	ck_assert_msg(rc == 0, "%s", err);
	ck_assert_str_eq(cfg.listen_address, "127.0.0.1");
	ck_assert_int_eq(cfg.port, 8443);
	ck_assert_int_eq(cfg.plain_http, 1);
	ck_assert_int_eq(cfg.workers, 3);
	ck_assert_int_eq(cfg.queue_length, 7);
	ck_assert_int_eq(cfg.idle_timeout_s, 5);
	ck_assert_int_eq(cfg.recv_timeout_s, 30); /* default kept */
	ck_assert_int_eq(cfg.job_wait_ms, 1000);
	ck_assert_int_eq(cfg.log_level, SRV_LOG_DEBUG);
	srv_config_free(&cfg);
}
END_TEST

START_TEST(out_of_range_value_names_line_and_field)
{
	const char *err = refused("<slgwd xmlns='urn:slgw:config:1'>\n"
				  "  <plainHttp/>\n"
				  "  <listen port='70000'/>\n"
				  "</slgwd>\n");
	ck_assert_msg(strstr(err, "c.xml:3:"), "no line in: %s", err);
	ck_assert_msg(strstr(err, "port"), "no field in: %s", err);
}
END_TEST

START_TEST(unknown_element_is_refused)
{
	const char *err = refused("<slgwd xmlns='urn:slgw:config:1'>\n"
				  "  <plainHttp/>\n\n"
				  "  <wrokers threads='2'/>\n"
				  "</slgwd>\n");
	ck_assert_msg(strstr(err, ":4:") && strstr(err, "wrokers"), "%s", err);
}
END_TEST

START_TEST(tls_is_required_unless_plain_http)
{
	const char *err = refused("<slgwd xmlns='urn:slgw:config:1'/>\n");
	ck_assert_msg(strstr(err, "tls"), "%s", err);
	err = refused("<slgwd xmlns='urn:slgw:config:1'><tls certificate='/a' key='/b'/><plainHttp/>"
		      "</slgwd>\n");
	ck_assert_msg(strstr(err, "plainHttp"), "%s", err);
}
END_TEST

START_TEST(malformed_xml_and_dtd_are_refused)
{
	struct srv_config cfg;
	char err[512] = "";
	const char *why = refused("<slgwd xmlns='urn:slgw:config:1'>\n<listen port='1'>\n</slgwd>\n");
	int rc;

	ck_assert_msg(strstr(why, "c.xml:"), "%s", why);
	rc = load(&cfg,
		  "<?xml version='1.0'?>\n<!DOCTYPE slgwd [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n"
		  "<slgwd xmlns='urn:slgw:config:1'><plainHttp/><stateDir>&x;</stateDir></slgwd>\n",
		  err, sizeof err);
	ck_assert_int_ne(rc, 0);
	ck_assert_ptr_null(strstr(cfg.state_dir, "root:"));
	srv_config_free(&cfg);
}
END_TEST

START_TEST(missing_file_is_reported)
{
	struct srv_config cfg;
	char err[512] = "";
	ck_assert_int_eq(srv_config_defaults(&cfg), 0);
	ck_assert_int_ne(srv_config_load(&cfg, "/nonexistent/slgwd.xml", err, sizeof err), 0);
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent/slgwd.xml"));
	srv_config_free(&cfg);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("gateway-config");
	SUITE_CASE(s, "config", mk, rm, 0, example_config_is_valid, values_overlay_defaults,
		out_of_range_value_names_line_and_field, unknown_element_is_refused,
		tls_is_required_unless_plain_http, malformed_xml_and_dtd_are_refused,
		missing_file_is_reported);
	return suite_run(s);
}
