/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_client.c - the gateway client library (gateway/client) on its own.
 *
 * Without a server: configuration validation, server lists, fingerprint
 * forms, the password file rules, and that the library's list of
 * operations that change state is exactly the contract's requests with a
 * clientRequestId (a drift there would let a mutating call fail over
 * without one).
 * With the real slgwd --demo (tests/gateway/e2e_harness): failover from an
 * address that refuses connections to a live gateway, the pin checked on
 * every server, the read-only call refusing a mutating operation, a
 * mutating call given a generated request id, job waiting, and the case
 * that matters: a connection cut after the request reached the gateway is
 * retried on the next server with the same id and the work is done once.
 * The cut is made by a TLS proxy in a thread (it holds the demo
 * certificate, forwards one request, waits for the answer to begin, then
 * drops the client without a byte of it).
 */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "slgw_client.h"
#include "../common/suite_run.h"
#ifdef SLGW_CLIENT_LIVE
#include "e2e_harness.h"
#endif

static char tmpdir[64];

static void mk_tmp(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/slgw-client-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f;

	unlink(path);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	ck_assert_int_eq(chmod(path, mode), 0);
}

static const char FP_COLONS[] =
	"32:DB:0E:6F:C1:3D:F2:DC:28:1C:45:0E:EC:DD:78:D7:A1:1C:FC:03:C3:B5:B4:2F:AB:DC:46:B8:73:49:A0:BF";
static const char FP_HEX[] = "32db0e6fc13df2dc281c450eecdd78d7a11cfc03c3b5b42fabdc46b87349a0bf";

/* ---- without a server --------------------------------------------------------- */

START_TEST(config_valid_and_invalid)
{
	const struct slgw_client_config ok = { .servers = "gw", .user = "u", .password = "p" };
	struct {
		struct slgw_client_config cfg;
		const char *says;
	} bad[] = {
		{ { .user = "u", .password = "p" }, "no server" },
		{ { .servers = "", .user = "u", .password = "p" }, "no server" },
		{ { .servers = "a:1,,b:2", .user = "u", .password = "p" }, "empty address" },
		{ { .servers = "a:1,", .user = "u", .password = "p" }, "empty address" },
		{ { .servers = "ftp://a", .user = "u", .password = "p" }, "only https" },
		{ { .servers = "http://a", .user = "u", .password = "p" }, "plain http" },
		{ { .servers = "a:0", .user = "u", .password = "p" }, "bad port" },
		{ { .servers = "a:65536", .user = "u", .password = "p" }, "bad port" },
		{ { .servers = "a:1/x", .user = "u", .password = "p" }, "no path" },
		{ { .servers = "a b", .user = "u", .password = "p" }, "bad character" },
		{ { .servers = "[::1", .user = "u", .password = "p" }, "unterminated" },
		{ { .servers = "gw", .password = "p" }, "no user" },
		{ { .servers = "gw", .user = "a:b", .password = "p" }, "no ':'" },
		{ { .servers = "gw", .user = "u" }, "exactly one of password" },
		{ { .servers = "gw", .user = "u", .password = "p", .password_file = "/f" },
		  "exactly one of password" },
		{ { .servers = "gw", .user = "u", .password = "" }, "password: empty" },
		{ { .servers = "gw", .user = "u", .password = "p", .cacert = "c", .fingerprint = FP_HEX },
		  "at most one of cacert" },
		{ { .servers = "gw", .user = "u", .password = "p", .fingerprint = "abcd" }, "64 hex" },
		{ { .servers = "gw", .user = "u", .password = "p", .connect_timeout_s = -1 },
		  "connect_timeout_s" },
		{ { .servers = "gw", .user = "u", .password = "p", .io_timeout_s = 3601 },
		  "io_timeout_s" },
	};
	char err[256];

	ck_assert_int_eq(slgw_client_config_check(&ok, err, sizeof(err)), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		ck_assert_msg(slgw_client_config_check(&bad[i].cfg, err, sizeof(err)) ==
				      SLGW_CLIENT_EINVAL,
			      "case %zu accepted", i);
		ck_assert_msg(strstr(err, bad[i].says), "case %zu: '%s' lacks '%s'", i, err,
			      bad[i].says);
	}
	{
		struct slgw_client_config h = { .servers = "http://a", .user = "u", .password = "p",
						.allow_http = true };

		ck_assert_int_eq(slgw_client_config_check(&h, err, sizeof(err)), 0);
	}
}
END_TEST

START_TEST(server_lists_are_normalised)
{
	struct {
		const char *in, *out;
	} ok[] = {
		{ "gw", "https://gw:21605/" },
		{ "gw:1", "https://gw:1/" },
		{ "https://gw:2/", "https://gw:2/" },
		{ "[::1]:3", "https://[::1]:3/" },
		{ "a:1,b", "https://a:1/,https://b:21605/" },
		{ " a:1 , https://b:2/ ", "https://a:1/,https://b:2/" },
	};
	char *out, err[256];

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		ck_assert_int_eq(slgw_client_parse_servers(&out, ok[i].in, false, err, sizeof(err)), 0);
		ck_assert_str_eq(out, ok[i].out);
		free(out);
	}
	ck_assert_int_eq(slgw_client_parse_servers(&out, "a,b:x", false, err, sizeof(err)),
			 SLGW_CLIENT_EINVAL);
	ck_assert_ptr_null(out);
	ck_assert_ptr_nonnull(strstr(err, "b:x"));
	/* 16 addresses at most */
	{
		char many[200] = "";

		for (int i = 0; i < 17; i++)
			strcat(many, i ? ",h" : "h");
		ck_assert_int_eq(slgw_client_parse_servers(&out, many, false, err, sizeof(err)),
				 SLGW_CLIENT_EINVAL);
		many[strlen(many) - 2] = '\0';
		ck_assert_int_eq(slgw_client_parse_servers(&out, many, false, err, sizeof(err)), 0);
		free(out);
	}
}
END_TEST

START_TEST(fingerprint_forms)
{
	char fp[65], upper[65], longer[80];

	ck_assert_int_eq(slgw_client_parse_fingerprint(fp, FP_COLONS), 0);
	ck_assert_str_eq(fp, FP_HEX);
	for (int i = 0; i < 64; i++)
		upper[i] = (char)(FP_HEX[i] >= 'a' ? FP_HEX[i] - 32 : FP_HEX[i]);
	upper[64] = '\0';
	ck_assert_int_eq(slgw_client_parse_fingerprint(fp, upper), 0);
	ck_assert_str_eq(fp, FP_HEX);
	ck_assert_int_eq(slgw_client_parse_fingerprint(fp, "abcd"), SLGW_CLIENT_EINVAL);
	ck_assert_str_eq(fp, "");
	snprintf(longer, sizeof(longer), "%s00", FP_HEX);
	ck_assert_int_eq(slgw_client_parse_fingerprint(fp, longer), SLGW_CLIENT_EINVAL);
	snprintf(longer, sizeof(longer), "%.63sg", FP_HEX);
	ck_assert_int_eq(slgw_client_parse_fingerprint(fp, longer), SLGW_CLIENT_EINVAL);
	snprintf(longer, sizeof(longer), "%.32s %s", FP_HEX, FP_HEX + 32);
	ck_assert_int_eq(slgw_client_parse_fingerprint(fp, longer), SLGW_CLIENT_EINVAL);
	ck_assert_int_eq(slgw_client_parse_fingerprint(fp, ""), SLGW_CLIENT_EINVAL);
	ck_assert_int_eq(slgw_client_parse_fingerprint(fp, NULL), SLGW_CLIENT_EINVAL);
}
END_TEST

START_TEST(password_file_rules)
{
	char path[128], link[128], err[256], *pw;

	mk_tmp();
	snprintf(path, sizeof(path), "%s/pw", tmpdir);
	write_file(path, "hunter2\nsecond line\n", 0600);
	ck_assert_int_eq(slgw_client_read_password_file(&pw, path, err, sizeof(err)), 0);
	ck_assert_str_eq(pw, "hunter2");
	free(pw);
	write_file(path, "crlf\r\n", 0400);
	ck_assert_int_eq(slgw_client_read_password_file(&pw, path, err, sizeof(err)), 0);
	ck_assert_str_eq(pw, "crlf");
	free(pw);
	write_file(path, "no-newline", 0600);
	ck_assert_int_eq(slgw_client_read_password_file(&pw, path, err, sizeof(err)), 0);
	ck_assert_str_eq(pw, "no-newline");
	free(pw);
	/* readable or writable by anyone else: refused, saying how to fix */
	static const mode_t loose[] = { 0640, 0604, 0620, 0602, 0644 };
	for (size_t i = 0; i < sizeof(loose) / sizeof(loose[0]); i++) {
		write_file(path, "hunter2\n", loose[i]);
		ck_assert_int_eq(slgw_client_read_password_file(&pw, path, err, sizeof(err)),
				 SLGW_CLIENT_EINVAL);
		ck_assert_ptr_null(pw);
		ck_assert_ptr_nonnull(strstr(err, "chmod 600"));
	}
	write_file(path, "\nsecond\n", 0600);
	ck_assert_int_eq(slgw_client_read_password_file(&pw, path, err, sizeof(err)),
			 SLGW_CLIENT_EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "empty"));
	write_file(path, "", 0600);
	ck_assert_int_eq(slgw_client_read_password_file(&pw, path, err, sizeof(err)),
			 SLGW_CLIENT_EINVAL);
	/* a symbolic link is not followed; a directory is not a file */
	write_file(path, "hunter2\n", 0600);
	snprintf(link, sizeof(link), "%s/link", tmpdir);
	ck_assert_int_eq(symlink(path, link), 0);
	ck_assert_int_eq(slgw_client_read_password_file(&pw, link, err, sizeof(err)),
			 SLGW_CLIENT_EINVAL);
	ck_assert_int_eq(slgw_client_read_password_file(&pw, tmpdir, err, sizeof(err)),
			 SLGW_CLIENT_EINVAL);
	snprintf(link, sizeof(link), "%s/none", tmpdir);
	ck_assert_int_eq(slgw_client_read_password_file(&pw, link, err, sizeof(err)),
			 SLGW_CLIENT_EINVAL);
	/* owned by someone else (testable when running as root) */
	if (geteuid() == 0) {
		ck_assert_int_eq(chown(path, 65534, 65534), 0);
		ck_assert_int_eq(slgw_client_read_password_file(&pw, path, err, sizeof(err)),
				 SLGW_CLIENT_EINVAL);
		ck_assert_ptr_nonnull(strstr(err, "not owned by you"));
	}
}
END_TEST

START_TEST(open_reads_the_password_file_and_checks_trust_files)
{
	char path[128], err[256];
	struct slgw_client_config cfg = { .servers = "127.0.0.1:1", .user = "u" };
	slgw_client *cl;

	mk_tmp();
	snprintf(path, sizeof(path), "%s/pw", tmpdir);
	write_file(path, "hunter2\n", 0644);
	cfg.password_file = path;
	ck_assert_int_eq(slgw_client_open(&cl, &cfg, err, sizeof(err)), SLGW_CLIENT_EINVAL);
	ck_assert_ptr_null(cl);
	ck_assert_ptr_nonnull(strstr(err, "chmod 600"));
	ck_assert_int_eq(chmod(path, 0600), 0);
	ck_assert_int_eq(slgw_client_open(&cl, &cfg, err, sizeof(err)), 0);
	ck_assert_str_eq(slgw_client_endpoint(cl), "https://127.0.0.1:1/");
	slgw_client_close(cl);
	cfg.cacert = "/no/such/ca.pem";
	ck_assert_int_eq(slgw_client_open(&cl, &cfg, err, sizeof(err)), SLGW_CLIENT_EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "/no/such/ca.pem"));
	slgw_client_close(NULL);
}
END_TEST

/* Every request of the contract with a clientRequestId must be refused by
 * slgw_call (and so go through slgw_call_mutating), and no other; the
 * others that are not reads (get..., enum...) are counted: they are the
 * changes slgw_call never resends. */
START_TEST(mutating_list_matches_the_contract)
{
	FILE *f = fopen(SLGW_CONTRACT, "r");
	char line[512], op[128] = "";
	int nmut = 0;
	struct slgw_client_config cfg = { .servers = "127.0.0.1:1", .user = "u", .password = "p" };
	slgw_client *cl;
	char err[256];

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(slgw_client_open(&cl, &cfg, err, sizeof(err)), 0);
	while (fgets(line, sizeof(line), f)) {
		char name[128];

		if (sscanf(line, "struct _slgw__%127[A-Za-z] {", name) == 1) {
			size_t n = strlen(name);

			/* requests only: not responses, not the fault */
			if (n > 8 && strcmp(name + n - 8, "Response") == 0)
				op[0] = '\0';
			else if (strcmp(name, "fault") == 0)
				op[0] = '\0';
			else
				snprintf(op, sizeof(op), "%s", name);
		} else if (op[0] && strstr(line, "clientRequestId")) {
			struct slgw_client_attempt_ at;

			ck_assert_msg(slgw_client_begin_(&at, cl, op, NULL) == SLGW_CLIENT_EINVAL,
				      "%s has a clientRequestId but slgw_call accepts it", op);
			nmut++;
			op[0] = '\0';
		} else if (line[0] == '}') {
			/* a request without clientRequestId: slgw_call takes it */
			if (op[0]) {
				struct slgw_client_attempt_ at;

				ck_assert_msg(slgw_client_begin_(&at, cl, op, NULL) == 0,
					      "%s is read-only but slgw_call refuses it", op);
			}
			op[0] = '\0';
		}
	}
	fclose(f);
	slgw_client_close(cl);
	ck_assert_int_ge(nmut, 20);
}
END_TEST

/* ---- against slgwd --demo --------------------------------------------------------- */
#ifdef SLGW_CLIENT_LIVE

static struct e2e srv;
static char fp[65];
static char refused[32]; /* an address where nothing listens */

static void up(void)
{
	FILE *f;
	X509 *x;
	unsigned char md[32];
	unsigned int n = 0;
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t al = sizeof(a);
	int s;

	ck_assert_msg(e2e_start(&srv, 0) == 0, "slgwd --demo did not start");
	f = fopen(srv.cert, "r");
	ck_assert_ptr_nonnull(f);
	x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	ck_assert_ptr_nonnull(x);
	X509_digest(x, EVP_sha256(), md, &n);
	X509_free(x);
	for (unsigned int i = 0; i < n; i++)
		snprintf(fp + 2 * i, 3, "%02x", md[i]);
	/* A port that was free a moment ago: bound, then closed. */
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_eq(bind(s, (struct sockaddr *)&a, sizeof(a)), 0);
	getsockname(s, (struct sockaddr *)&a, &al);
	close(s);
	snprintf(refused, sizeof(refused), "127.0.0.1:%d", ntohs(a.sin_port));
}

static void down(void)
{
	e2e_stop(&srv);
	e2e_cleanup(&srv);
}

static int io_timeout = 30;

static slgw_client *open_client(const char *servers, bool pin)
{
	struct slgw_client_config cfg = {
		.servers = servers, .user = "admin", .password = srv.admin_pw,
		.cacert = pin ? NULL : srv.cert, .fingerprint = pin ? fp : NULL,
		.io_timeout_s = io_timeout,
	};
	slgw_client *cl;
	char err[256];

	ck_assert_msg(slgw_client_open(&cl, &cfg, err, sizeof(err)) == 0, "open: %s", err);
	return cl;
}

static const char *live(void)
{
	static char s[32];

	snprintf(s, sizeof(s), "127.0.0.1:%d", srv.port);
	return s;
}

/* A client of the test server on port, then the live slgwd when then_live
 * is set ("127.0.0.1:port,<live>"), alone otherwise; the list it was given
 * is left in servers (80 bytes), for the messages. */
static slgw_client *open_via(char *servers, int port, int then_live, bool pin)
{
	if (then_live)
		snprintf(servers, 80, "127.0.0.1:%d,%s", port, live());
	else
		snprintf(servers, 80, "127.0.0.1:%d", port);
	return open_client(servers, pin);
}

/* A listening socket on 127.0.0.1 and an ephemeral port (*lfd, *port)
 * whose connections fn(arg) serves on the thread *th. */
static void loopback_serve(int *lfd, int *port, pthread_t *th, void *(*fn)(void *), void *arg)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t al = sizeof(a);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	*lfd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_eq(bind(*lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(listen(*lfd, 4), 0);
	getsockname(*lfd, (struct sockaddr *)&a, &al);
	*port = ntohs(a.sin_port);
	ck_assert_int_eq(pthread_create(th, NULL, fn, arg), 0);
}

/* Waits for the serving thread of loopback_serve, then closes lfd. */
static void loopback_stop(pthread_t th, int lfd)
{
	pthread_join(th, NULL);
	close(lfd);
}

START_TEST(failover_from_a_refusing_address)
{
	char servers[80];
	struct _slgw__getServiceInfo req = { 0 };
	struct _slgw__getServiceInfoResponse resp;
	int rc;

	for (int pin = 0; pin < 2; pin++) {
		slgw_client *cl;

		snprintf(servers, sizeof(servers), "%s,%s", refused, live());
		cl = open_client(servers, pin);
		slgw_call(rc, cl, getServiceInfo, &req, &resp);
		ck_assert_msg(rc == 0, "%s", slgw_client_errmsg(cl));
		ck_assert_str_eq(resp.user, "admin");
		ck_assert_ptr_nonnull(strstr(slgw_client_endpoint(cl), live()));
		/* it stays on the server that worked */
		slgw_call(rc, cl, getServiceInfo, &req, &resp);
		ck_assert_int_eq(rc, 0);
		ck_assert_ptr_nonnull(strstr(slgw_client_endpoint(cl), live()));
		slgw_client_close(cl);
	}
}
END_TEST

/* A server that takes the connection and answers the TLS ClientHello
 * with plain text: the handshake fails there. */
struct garbler {
	int lfd, port;
	pthread_t th;
};

static void *garbler_run(void *arg)
{
	struct garbler *g = arg;
	int fd = accept(g->lfd, NULL, NULL);

	if (fd >= 0) {
		static const char junk[] = "HTTP/1.0 400 not TLS\r\n\r\n";
		char b[512];

		if (read(fd, b, sizeof(b)) > 0 && write(fd, junk, sizeof(junk) - 1) < 0)
			b[0] = 0;
		close(fd);
	}
	return NULL;
}

static void garbler_start(struct garbler *g)
{
	loopback_serve(&g->lfd, &g->port, &g->th, garbler_run, g);
}

START_TEST(failover_from_a_failed_handshake)
{
	char servers[80];
	struct _slgw__getServiceInfo req = { 0 };
	struct _slgw__getServiceInfoResponse resp;
	int rc;

	for (int pin = 0; pin < 2; pin++) {
		struct garbler g;
		slgw_client *cl;

		garbler_start(&g);
		cl = open_via(servers, g.port, 1, pin);
		slgw_call(rc, cl, getServiceInfo, &req, &resp);
		loopback_stop(g.th, g.lfd);
		ck_assert_msg(rc == 0, "%s", slgw_client_errmsg(cl));
		ck_assert_ptr_nonnull(strstr(slgw_client_endpoint(cl), live()));
		slgw_client_close(cl);
		/* alone it is a TLS failure, named */
		garbler_start(&g);
		cl = open_via(servers, g.port, 0, pin);
		slgw_call(rc, cl, getServiceInfo, &req, &resp);
		loopback_stop(g.th, g.lfd);
		ck_assert_int_eq(rc, SLGW_CLIENT_ETLS);
		ck_assert_ptr_nonnull(strstr(slgw_client_errmsg(cl), servers));
		slgw_client_close(cl);
	}
}
END_TEST

START_TEST(nothing_reachable_names_every_server)
{
	char servers[80];
	struct _slgw__getServiceInfo req = { 0 };
	struct _slgw__getServiceInfoResponse resp;
	slgw_client *cl;
	int rc;

	snprintf(servers, sizeof(servers), "%s,127.0.0.1:1", refused);
	cl = open_client(servers, true);
	slgw_call(rc, cl, getServiceInfo, &req, &resp);
	ck_assert_int_eq(rc, SLGW_CLIENT_EUNAVAILABLE);
	ck_assert_ptr_nonnull(strstr(slgw_client_errmsg(cl), refused));
	ck_assert_ptr_nonnull(strstr(slgw_client_errmsg(cl), "127.0.0.1:1/"));
	ck_assert_ptr_null(slgw_client_fault_code(cl));
	slgw_client_close(cl);
}
END_TEST

START_TEST(the_pin_is_checked_on_every_server)
{
	char servers[80];
	struct slgw_client_config cfg = { .user = "admin", .password = srv.admin_pw };
	struct _slgw__getServiceInfo req = { 0 };
	struct _slgw__getServiceInfoResponse resp;
	slgw_client *cl;
	char err[256];
	int rc;

	snprintf(servers, sizeof(servers), "%s,%s", refused, live());
	cfg.servers = servers;
	cfg.fingerprint = "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:"
			  "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff";
	ck_assert_int_eq(slgw_client_open(&cl, &cfg, err, sizeof(err)), 0);
	slgw_call(rc, cl, getServiceInfo, &req, &resp);
	ck_assert_int_eq(rc, SLGW_CLIENT_ETLS);
	ck_assert_ptr_nonnull(strstr(slgw_client_errmsg(cl), fp));
	ck_assert_ptr_nonnull(strstr(slgw_client_errmsg(cl), "pinned"));
	slgw_client_close(cl);
	/* no trust anchor given: the system store, which does not know the
	 * demo's self-signed certificate */
	cfg.fingerprint = NULL;
	ck_assert_int_eq(slgw_client_open(&cl, &cfg, err, sizeof(err)), 0);
	slgw_call(rc, cl, getServiceInfo, &req, &resp);
	ck_assert_int_eq(rc, SLGW_CLIENT_ETLS);
	slgw_client_close(cl);
	/* two clients, two pins: the right one still works beside a wrong one */
	{
		slgw_client *good = open_client(live(), true);

		cfg.servers = live();
		cfg.fingerprint = "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:"
				  "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff";
		ck_assert_int_eq(slgw_client_open(&cl, &cfg, err, sizeof(err)), 0);
		slgw_call(rc, cl, getServiceInfo, &req, &resp);
		ck_assert_int_eq(rc, SLGW_CLIENT_ETLS);
		slgw_call(rc, good, getServiceInfo, &req, &resp);
		ck_assert_int_eq(rc, 0);
		slgw_client_close(cl);
		slgw_client_close(good);
	}
}
END_TEST

START_TEST(faults_and_auth_are_answers)
{
	struct _slgw__getStorageVolume req = { .volumeId = "999999" };
	struct _slgw__getStorageVolumeResponse resp;
	struct _slgw__getServiceInfo si = { 0 };
	struct _slgw__getServiceInfoResponse sir;
	struct slgw_client_config cfg = { .servers = live(), .user = "admin", .password = "wrong",
					  .cacert = srv.cert };
	slgw_client *cl = open_client(live(), false);
	char err[256];
	int rc;

	slgw_call(rc, cl, getStorageVolume, &req, &resp);
	ck_assert_int_eq(rc, SLGW_CLIENT_EFAULT);
	ck_assert_str_eq(slgw_client_fault_code(cl), "NOT_FOUND");
	ck_assert_ptr_nonnull(slgw_client_fault(cl));
	ck_assert_str_ne(slgw_client_errmsg(cl), "");
	/* the next success clears the error */
	slgw_call(rc, cl, getServiceInfo, &si, &sir);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_null(slgw_client_fault_code(cl));
	slgw_client_close(cl);
	ck_assert_int_eq(slgw_client_open(&cl, &cfg, err, sizeof(err)), 0);
	slgw_call(rc, cl, getServiceInfo, &si, &sir);
	ck_assert(rc == SLGW_CLIENT_EFAULT || rc == SLGW_CLIENT_EAUTH);
	if (rc == SLGW_CLIENT_EFAULT)
		ck_assert_str_eq(slgw_client_fault_code(cl), "UNAUTHENTICATED");
	slgw_client_close(cl);
}
END_TEST

static void demo_ids(slgw_client *cl, char **sys, char **pool)
{
	struct _slgw__enumStorageSystems es = { 0 };
	struct _slgw__enumStorageSystemsResponse esr;
	struct _slgw__enumStoragePools ep = { 0 };
	struct _slgw__enumStoragePoolsResponse epr;
	int rc;

	slgw_call(rc, cl, enumStorageSystems, &es, &esr);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_ge(esr.__sizestorageSystem, 1);
	*sys = esr.storageSystem[0].id;
	ep.storageSystemId = *sys;
	slgw_call(rc, cl, enumStoragePools, &ep, &epr);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_ge(epr.__sizestoragePool, 1);
	*pool = epr.storagePool[0].id;
}

static int count_jobs(slgw_client *cl, const char *request_id, int *with_id)
{
	struct _slgw__enumJobs req = { 0 };
	struct _slgw__enumJobsResponse resp;
	int total = 0, rc;

	*with_id = 0;
	for (;;) {
		slgw_call(rc, cl, enumJobs, &req, &resp);
		ck_assert_int_eq(rc, 0);
		for (int i = 0; i < resp.__sizejob; i++) {
			total++;
			if (request_id && resp.job[i].clientRequestId &&
			    strcmp(resp.job[i].clientRequestId, request_id) == 0)
				(*with_id)++;
		}
		if (!resp.nextPageToken || !*resp.nextPageToken)
			break;
		req.pageToken = resp.nextPageToken;
	}
	return total;
}

static int progress_calls;

static void on_progress(const struct slgw__Job *j, void *payload)
{
	ck_assert_ptr_eq(payload, &progress_calls);
	ck_assert_ptr_nonnull(j->id);
	progress_calls++;
}

START_TEST(mutating_calls_get_a_request_id_and_jobs_are_waited_for)
{
	slgw_client *cl = open_client(live(), true);
	struct _slgw__allocateStorage req = { 0 };
	struct _slgw__allocateStorageResponse resp;
	struct _slgw__deleteStorage del = { 0 };
	struct _slgw__deleteStorageResponse delr;
	struct slgw__Job *job;
	int wait0 = 0, rc, n;

	/* the read-only path refuses it before anything is sent */
	demo_ids(cl, &req.storageSystemId, &req.storagePoolId);
	req.name = "client-reqid";
	req.sizeMB = 64;
	req.provisioning = slgw__ProvisioningType__THIN;
	req.waitMs = &wait0;
	slgw_call(rc, cl, allocateStorage, &req, &resp);
	ck_assert_int_eq(rc, SLGW_CLIENT_EINVAL);
	ck_assert_ptr_nonnull(strstr(slgw_client_errmsg(cl), "slgw_call_mutating"));
	ck_assert_ptr_null(req.clientRequestId);

	slgw_call_mutating(rc, cl, allocateStorage, &req, &resp);
	ck_assert_msg(rc == 0, "%s", slgw_client_errmsg(cl));
	/* a version 4 UUID, echoed by the gateway in the job */
	ck_assert_ptr_nonnull(req.clientRequestId);
	ck_assert_uint_eq(strlen(req.clientRequestId), 36);
	ck_assert_int_eq(req.clientRequestId[14], '4');
	ck_assert_ptr_nonnull(strchr("89ab", req.clientRequestId[19]));
	ck_assert_ptr_nonnull(resp.job->clientRequestId);
	ck_assert_str_eq(resp.job->clientRequestId, req.clientRequestId);

	progress_calls = 0;
	ck_assert_int_eq(slgw_client_job_wait(&job, cl, resp.job, 0, NULL, NULL), SLGW_CLIENT_EINVAL);
	rc = slgw_client_job_wait(&job, cl, resp.job, 120, on_progress, &progress_calls);
	ck_assert_msg(rc == 0, "%s", slgw_client_errmsg(cl));
	ck_assert_int_eq(job->state, slgw__JobState__SUCCEEDED);
	ck_assert_ptr_nonnull(job->storageVolume);
	ck_assert_str_eq(job->storageVolume->name, "client-reqid");
	if (resp.job->state != slgw__JobState__SUCCEEDED)
		ck_assert_int_ge(progress_calls, 1);
	/* a job already final returns at once, without a call */
	progress_calls = 0;
	ck_assert_int_eq(slgw_client_job_wait(&job, cl, job, 1, on_progress, &progress_calls), 0);
	ck_assert_int_eq(progress_calls, 0);

	/* the id the caller gives is kept */
	count_jobs(cl, "client-given-id", &n);
	ck_assert_int_eq(n, 0);
	del.volumeId = job->storageVolume->id;
	del.clientRequestId = "client-given-id";
	slgw_call_mutating(rc, cl, deleteStorage, &del, &delr);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(del.clientRequestId, "client-given-id");
	count_jobs(cl, "client-given-id", &n);
	ck_assert_int_eq(n, 1);
	slgw_client_clear(cl);
	slgw_client_close(cl);
}
END_TEST

START_TEST(a_failed_job_is_an_error_with_its_code)
{
	slgw_client *cl = open_client(live(), true);
	struct _slgw__addStorageSystem req = { 0 };
	struct _slgw__addStorageSystemResponse resp;
	struct slgw__Job *job;
	int rc;

	ck_assert_int_eq(e2e_navisim_array(&srv, "clientfail", "192.0.2.30", "192.0.2.31", "sysadmin",
					   "right-pw"),
			 0);
	e2e_vnx_system_req(&req, "clientfail", "192.0.2.30", "192.0.2.31", "sysadmin", "wrong-pw");
	slgw_call_mutating(rc, cl, addStorageSystem, &req, &resp);
	ck_assert_msg(rc == 0, "%s", slgw_client_errmsg(cl));
	rc = slgw_client_job_wait(&job, cl, resp.job, 120, NULL, NULL);
	ck_assert_int_eq(rc, SLGW_CLIENT_EJOBFAILED);
	ck_assert_int_eq(job->state, slgw__JobState__FAILED);
	ck_assert_str_eq(slgw_client_fault_code(cl), "UNAUTHENTICATED");
	ck_assert_str_ne(slgw_client_errmsg(cl), "");
	slgw_client_close(cl);
}
END_TEST

/* ---- the cutting proxy ------------------------------------------------------------- */

struct cutter {
	int lfd;
	int port;
	pthread_t th;
	int forwarded;   /* the request reached slgwd and its answer began */
	int connections;
	int hang;        /* instead: read the request, say nothing for 3 s */
};

/* The value of the Content-Length header in the head [buf, end), or -1. */
static long content_length(const char *buf, const char *end)
{
	static const char name[] = "\r\ncontent-length:";

	for (const char *p = buf; p + sizeof(name) - 1 < end; p++)
		if (strncasecmp(p, name, sizeof(name) - 1) == 0)
			return strtol(p + sizeof(name) - 1, NULL, 10);
	return -1;
}

static int read_request(SSL *ssl, char *buf, size_t cap, size_t *len)
{
	size_t n = 0, want = 0;
	char *end = NULL;

	while (n < cap - 1) {
		int r = SSL_read(ssl, buf + n, (int)(cap - 1 - n));

		if (r <= 0)
			return -1;
		n += (size_t)r;
		buf[n] = '\0';
		if (!end && (end = strstr(buf, "\r\n\r\n")) != NULL) {
			long cl = content_length(buf, end);

			if (cl < 0)
				return -1;
			want = (size_t)(end + 4 - buf) + (size_t)cl;
		}
		if (end && n >= want) {
			*len = n;
			return 0;
		}
	}
	return -1;
}

static void *cutter_run(void *arg)
{
	struct cutter *c = arg;
	char certf[320], keyf[320];
	static char buf[1 << 16];
	SSL_CTX *sctx = SSL_CTX_new(TLS_server_method());
	size_t len;
	int fd;

	snprintf(certf, sizeof(certf), "%s/tls/slgwd.crt", srv.dir);
	snprintf(keyf, sizeof(keyf), "%s/tls/slgwd.key", srv.dir);
	if (!sctx || SSL_CTX_use_certificate_chain_file(sctx, certf) != 1 ||
	    SSL_CTX_use_PrivateKey_file(sctx, keyf, SSL_FILETYPE_PEM) != 1)
		goto out;
	fd = accept(c->lfd, NULL, NULL);
	if (fd >= 0) {
		SSL *ssl = SSL_new(sctx);
		SSL_CTX *uctx = NULL;
		BIO *up = NULL;

		c->connections++;
		SSL_set_fd(ssl, fd);
		if (c->hang) {
			if (SSL_accept(ssl) == 1 && read_request(ssl, buf, sizeof(buf), &len) == 0)
				sleep(3);
		} else if (SSL_accept(ssl) == 1 && read_request(ssl, buf, sizeof(buf), &len) == 0 &&
		    (up = e2e_tls_dial(&srv, &uctx)) != NULL &&
		    BIO_write(up, buf, (int)len) == (int)len) {
			char b;

			/* The answer begins: the gateway has taken the request. */
			if (BIO_read(up, &b, 1) == 1)
				c->forwarded = 1;
		}
		if (up)
			e2e_tls_close(up, uctx);
		/* Dropped without a byte of the answer or a TLS close. */
		SSL_free(ssl);
		close(fd);
	}
out:
	SSL_CTX_free(sctx);
	return NULL;
}

static void cutter_start(struct cutter *c, int hang)
{
	memset(c, 0, sizeof(*c));
	c->hang = hang;
	loopback_serve(&c->lfd, &c->port, &c->th, cutter_run, c);
}

START_TEST(a_cut_mutating_call_is_retried_once_with_its_id)
{
	struct cutter cut;
	char servers[80];
	slgw_client *cl, *plain = open_client(live(), true);
	struct _slgw__allocateStorage req = { 0 };
	struct _slgw__allocateStorageResponse resp;
	int before, after, with_id, rc;

	demo_ids(plain, &req.storageSystemId, &req.storagePoolId);
	before = count_jobs(plain, NULL, &with_id);
	cutter_start(&cut, 0);
	cl = open_via(servers, cut.port, 1, true);
	req.name = "client-cut";
	req.sizeMB = 64;
	req.provisioning = slgw__ProvisioningType__THIN;
	slgw_call_mutating(rc, cl, allocateStorage, &req, &resp);
	loopback_stop(cut.th, cut.lfd);
	ck_assert_msg(rc == 0, "%s", slgw_client_errmsg(cl));
	/* the first attempt did reach the gateway through the proxy ... */
	ck_assert_int_eq(cut.connections, 1);
	ck_assert_int_eq(cut.forwarded, 1);
	/* ... the retry went to the second server with the same id ... */
	ck_assert_ptr_nonnull(strstr(slgw_client_endpoint(cl), live()));
	ck_assert_str_eq(resp.job->clientRequestId, req.clientRequestId);
	/* ... and the gateway did the work once: one new job, with that id */
	after = count_jobs(plain, req.clientRequestId, &with_id);
	ck_assert_int_eq(with_id, 1);
	ck_assert_int_eq(after, before + 1);
	slgw_client_close(cl);
	slgw_client_close(plain);
}
END_TEST

START_TEST(a_cut_read_fails_over_and_a_single_server_reports_it)
{
	struct cutter cut;
	char servers[80];
	slgw_client *cl;
	struct _slgw__getServiceInfo req = { 0 };
	struct _slgw__getServiceInfoResponse resp;
	int rc;

	cutter_start(&cut, 0);
	cl = open_via(servers, cut.port, 1, true);
	slgw_call(rc, cl, getServiceInfo, &req, &resp);
	loopback_stop(cut.th, cut.lfd);
	ck_assert_msg(rc == 0, "%s", slgw_client_errmsg(cl));
	ck_assert_int_eq(cut.forwarded, 1);
	slgw_client_close(cl);

	/* a change without a request id is not resent, even with a server left */
	{
		struct _slgw__setStorageVolumeAttributes sa = { .volumeId = "1", .description = "x" };
		struct _slgw__setStorageVolumeAttributesResponse sar;

		cutter_start(&cut, 0);
		cl = open_via(servers, cut.port, 1, true);
		slgw_call(rc, cl, setStorageVolumeAttributes, &sa, &sar);
		loopback_stop(cut.th, cut.lfd);
		ck_assert_int_eq(cut.forwarded, 1);
		ck_assert_int_eq(rc, SLGW_CLIENT_EUNAVAILABLE);
		ck_assert_ptr_nonnull(strstr(slgw_client_errmsg(cl), "not resent"));
		slgw_client_close(cl);
	}

	/* alone, the cut server is the answer: unavailable, nothing retried */
	cutter_start(&cut, 0);
	cl = open_via(servers, cut.port, 0, true);
	slgw_call(rc, cl, getServiceInfo, &req, &resp);
	loopback_stop(cut.th, cut.lfd);
	ck_assert_int_eq(rc, SLGW_CLIENT_EUNAVAILABLE);
	ck_assert_int_eq(cut.connections, 1);
	ck_assert_ptr_nonnull(strstr(slgw_client_errmsg(cl), servers));
	slgw_client_close(cl);
}
END_TEST

START_TEST(a_read_with_no_answer_in_time_fails_over)
{
	struct cutter cut;
	char servers[80];
	slgw_client *cl;
	struct _slgw__getServiceInfo req = { 0 };
	struct _slgw__getServiceInfoResponse resp;
	int rc;

	cutter_start(&cut, 1);
	io_timeout = 1;
	cl = open_via(servers, cut.port, 1, true);
	io_timeout = 30;
	slgw_call(rc, cl, getServiceInfo, &req, &resp);
	ck_assert_msg(rc == 0, "%s", slgw_client_errmsg(cl));
	ck_assert_ptr_nonnull(strstr(slgw_client_endpoint(cl), live()));
	loopback_stop(cut.th, cut.lfd);
	ck_assert_int_eq(cut.connections, 1);
	slgw_client_close(cl);
}
END_TEST

#endif /* SLGW_CLIENT_LIVE */

static Suite *client_suite(void)
{
	Suite *s = suite_create("client");

	SUITE_CASE(s, "unit", NULL, NULL, 0, config_valid_and_invalid, server_lists_are_normalised,
		fingerprint_forms, password_file_rules,
		open_reads_the_password_file_and_checks_trust_files, mutating_list_matches_the_contract);
#ifdef SLGW_CLIENT_LIVE
	SUITE_CASE_ONCE(s, "live", up, down, 180, failover_from_a_refusing_address,
		failover_from_a_failed_handshake, nothing_reachable_names_every_server,
		the_pin_is_checked_on_every_server, faults_and_auth_are_answers,
		mutating_calls_get_a_request_id_and_jobs_are_waited_for,
		a_failed_job_is_an_error_with_its_code, a_cut_mutating_call_is_retried_once_with_its_id,
		a_cut_read_fails_over_and_a_single_server_reports_it,
		a_read_with_no_answer_in_time_fails_over);
#endif
	return s;
}

int main(void)
{
	/* a connection cut mid-write must not kill the test with SIGPIPE */
	signal(SIGPIPE, SIG_IGN);
	return suite_run(client_suite());
}
