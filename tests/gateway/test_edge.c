/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_edge.c - slgwd's edge hardening, in-process:
 *  - authentication: at most SRV_AUTH_MAX_CHECKS password checks at once
 *    (the next caller gets UNAVAILABLE without waiting); failing with more
 *    user names than the failure table holds does not unlock a locked-out
 *    user (a fake verifier stands in for the broker's PBKDF2);
 *  - text: the UTF-8 checker refuses \xff, overlong forms and encoded
 *    surrogates; fault messages are sanitized; INTERNAL messages are
 *    replaced by a correlation id; a request carrying invalid UTF-8 gets a
 *    fault that is itself valid UTF-8;
 *  - TLS: a key readable by group or others is refused with its name and
 *    mode; the served context has no renegotiation and only AEAD suites;
 *  - /metrics: refused without login unless the peer is allowed, and
 *    served from memory (no store query per scrape);
 *  - audit: unauthenticated refusals are aggregated per peer and minute.
 */
#include <arpa/inet.h>
#include <check.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/ssl.h>

#include "inproc.h"
#include "srv.h"
#include "../common/suite_run.h"

/* ------------------------------------------------------- fake verifier */

struct fake {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int block;     /* verifications wait while set */
	int inside;    /* verifications waiting */
};

static enum slgw_code fake_verify(void *ctx, struct srv_identity *id, const char *user,
				  const char *password, char *msg, size_t msglen)
{
	struct fake *f = ctx;

	(void)msg;
	(void)msglen;
	pthread_mutex_lock(&f->mu);
	f->inside++;
	pthread_cond_broadcast(&f->cv);
	while (f->block)
		pthread_cond_wait(&f->cv, &f->mu);
	f->inside--;
	pthread_mutex_unlock(&f->mu);
	if (!strcmp(user, "alice") && !strcmp(password, "right")) {
		snprintf(id->user, sizeof id->user, "alice");
		id->is_admin = 1;
		return SLGW_OK;
	}
	return SLGW_UNAUTHENTICATED;
}

struct caller {
	srv_auth *a;
	const char *user;
	enum slgw_code code;
	const char *password; /* NULL: "guess" */
};

static void *call_check(void *arg)
{
	struct caller *c = arg;
	struct srv_identity id;
	char msg[256];

	c->code = srv_auth_check(c->a, &id, c->user, c->password ? c->password : "guess",
				 "192.0.2.1", msg, sizeof msg);
	return NULL;
}

START_TEST(auth_checks_are_bounded)
{
	struct fake f = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 1, 0 };
	struct caller c[SRV_AUTH_MAX_CHECKS];
	pthread_t t[SRV_AUTH_MAX_CHECKS];
	struct srv_identity id;
	char msg[256];
	srv_auth *a;

	ck_assert_int_eq(srv_auth_new_with(&a, fake_verify, &f, 60, SRV_AUTH_MAX_CHECKS), 0);
	for (int i = 0; i < SRV_AUTH_MAX_CHECKS; i++) {
		static const char *names[] = { "ghost0", "ghost1", "ghost2", "ghost3",
					       "ghost4", "ghost5", "ghost6", "ghost7" };
		c[i] = (struct caller){ a, names[i % 8], SLGW_OK, NULL };
		ck_assert_int_eq(pthread_create(&t[i], NULL, call_check, &c[i]), 0);
	}
	pthread_mutex_lock(&f.mu);
	while (f.inside < SRV_AUTH_MAX_CHECKS)
		pthread_cond_wait(&f.cv, &f.mu);
	pthread_mutex_unlock(&f.mu);

	/* Every slot is busy: the next caller is answered at once (were it
	 * queued, it would wait forever on the blocked verifier). */
	ck_assert_int_eq(srv_auth_check(a, &id, "someone", "pw", "192.0.2.2", msg, sizeof msg),
			 SLGW_UNAVAILABLE);

	pthread_mutex_lock(&f.mu);
	f.block = 0;
	pthread_cond_broadcast(&f.cv);
	pthread_mutex_unlock(&f.mu);
	for (int i = 0; i < SRV_AUTH_MAX_CHECKS; i++) {
		pthread_join(t[i], NULL);
		ck_assert_int_eq(c[i].code, SLGW_UNAUTHENTICATED);
	}
	/* Slots are free again. */
	ck_assert_int_eq(srv_auth_check(a, &id, "alice", "right", "192.0.2.2", msg, sizeof msg),
			 SLGW_OK);
	srv_auth_free(a);
}
END_TEST

START_TEST(same_credentials_share_one_check)
{
	struct fake f = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 1, 0 };
	struct caller c[3 * SRV_AUTH_MAX_CHECKS];
	pthread_t t[3 * SRV_AUTH_MAX_CHECKS];
	srv_auth *a;

	/* A client opening many connections at once with one login: none is
	 * refused for the check limit, one check serves them all. */
	ck_assert_int_eq(srv_auth_new_with(&a, fake_verify, &f, 60, SRV_AUTH_MAX_CHECKS), 0);
	for (int i = 0; i < 3 * SRV_AUTH_MAX_CHECKS; i++) {
		c[i] = (struct caller){ a, "alice", SLGW_INTERNAL, "right" };
		ck_assert_int_eq(pthread_create(&t[i], NULL, call_check, &c[i]), 0);
	}
	pthread_mutex_lock(&f.mu);
	while (f.inside < 1)
		pthread_cond_wait(&f.cv, &f.mu);
	pthread_mutex_unlock(&f.mu);
	usleep(200000); /* let the others arrive */
	pthread_mutex_lock(&f.mu);
	ck_assert_int_eq(f.inside, 1);
	f.block = 0;
	pthread_cond_broadcast(&f.cv);
	pthread_mutex_unlock(&f.mu);
	for (int i = 0; i < 3 * SRV_AUTH_MAX_CHECKS; i++) {
		pthread_join(t[i], NULL);
		ck_assert_int_eq(c[i].code, SLGW_OK);
	}
	srv_auth_free(a);
}
END_TEST

START_TEST(lockout_survives_many_other_names)
{
	struct fake f = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0 };
	struct srv_identity id;
	char msg[256], name[32];
	srv_auth *a;

	ck_assert_int_eq(srv_auth_new_with(&a, fake_verify, &f, 0, 4), 0);
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(srv_auth_check(a, &id, "alice", "wrong", "192.0.2.9", msg,
						sizeof msg),
				 SLGW_UNAUTHENTICATED);
	/* Locked: even the right password is refused for now. */
	ck_assert_int_eq(srv_auth_check(a, &id, "alice", "right", "192.0.2.9", msg, sizeof msg),
			 SLGW_UNAUTHENTICATED);
	ck_assert_ptr_nonnull(strstr(msg, "too many failed attempts"));

	/* More names than the failure table has slots, from the same peer. */
	for (int i = 0; i < 1100; i++) {
		snprintf(name, sizeof name, "user%d", i);
		srv_auth_check(a, &id, name, "x", "192.0.2.9", msg, sizeof msg);
	}
	ck_assert_int_eq(srv_auth_check(a, &id, "alice", "right", "192.0.2.9", msg, sizeof msg),
			 SLGW_UNAUTHENTICATED);
	ck_assert_ptr_nonnull(strstr(msg, "too many failed attempts"));
	/* Another peer is not affected. */
	ck_assert_int_eq(srv_auth_check(a, &id, "alice", "right", "192.0.2.10", msg, sizeof msg),
			 SLGW_OK);
	srv_auth_free(a);
}
END_TEST

/* ---------------------------------------------------------------- text */

START_TEST(utf8_checker)
{
	ck_assert(srv_text_utf8_valid("plain", 5));
	ck_assert(srv_text_utf8_valid("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14));
	ck_assert(!srv_text_utf8_valid("a\xff", 2));
	ck_assert(!srv_text_utf8_valid("\xc0\xaf", 2));         /* overlong '/' */
	ck_assert(!srv_text_utf8_valid("\xe0\x80\xaf", 3));     /* overlong '/' */
	ck_assert(!srv_text_utf8_valid("\xf0\x80\x80\xaf", 4)); /* overlong '/' */
	ck_assert(!srv_text_utf8_valid("\xed\xa0\x80", 3));     /* U+D800 */
	ck_assert(!srv_text_utf8_valid("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
	ck_assert(!srv_text_utf8_valid("\xef\xbf\xbe", 3));     /* U+FFFE */
	ck_assert(!srv_text_utf8_valid("a\x01", 2));            /* not an XML char */
	ck_assert(!srv_text_utf8_valid("\xc3", 1));             /* truncated */
	ck_assert(!srv_text_utf8_valid("\xe9t\xe9", 3));        /* Latin-1 */
}
END_TEST

START_TEST(fault_messages_are_clean)
{
	char m[128], m2[128];
	const char *p;

	snprintf(m, sizeof m, "name: 'a\xff\xed\xa0\x80z\xc3\xa9' is bad");
	srv_text_fault_message(m, sizeof m, SLGW_INVALID_ARGUMENT);
	ck_assert(srv_text_utf8_valid(m, strlen(m)));
	ck_assert_str_eq(m, "name: 'a????z\xc3\xa9' is bad");

	snprintf(m, sizeof m, "sqlite: disk I/O error in /var/lib/slgw/slgw.db");
	srv_text_fault_message(m, sizeof m, SLGW_INTERNAL);
	ck_assert_ptr_null(strstr(m, "sqlite"));
	ck_assert_ptr_null(strstr(m, "slgw.db"));
	p = strstr(m, "correlation id ");
	ck_assert_ptr_nonnull(p);
	p += strlen("correlation id ");
	for (int i = 0; i < 8; i++)
		ck_assert(strchr("0123456789abcdef", p[i]) != NULL);
	ck_assert(p[8] == 0 || p[8] == ' ');
	snprintf(m2, sizeof m2, "other");
	srv_text_fault_message(m2, sizeof m2, SLGW_INTERNAL);
	ck_assert_str_ne(m, m2); /* a fresh id each time */
}
END_TEST

/* ----------------------------------------------------------------- TLS */

START_TEST(tls_key_mode_and_policy)
{
	char dir[] = "/tmp/slgw-edge-XXXXXX", cert[64], key[64], err[512];
	SSL_CTX *ctx;
	STACK_OF(SSL_CIPHER) *ciphers;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(cert, sizeof cert, "%s/c.pem", dir);
	snprintf(key, sizeof key, "%s/k.pem", dir);
	ck_assert_int_eq(srv_tls_make_self_signed(cert, key, err, sizeof err), 0);
	ck_assert_int_eq(srv_tls_check_key_file(key, err, sizeof err), 0);
	chmod(key, 0640);
	ck_assert_int_eq(srv_tls_check_key_file(key, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, key));
	ck_assert_ptr_nonnull(strstr(err, "0640"));
	chmod(key, 0604);
	ck_assert_int_eq(srv_tls_check_key_file(key, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "0604"));

	/* The server refuses to start with it (the in-process test config in
	 * dir, over TLS with that key). */
	{
		struct inproc t = { 0 };
		srv_server *s = NULL;
		snprintf(t.dir, sizeof t.dir, "%s", dir);
		inproc_config(&t);
		t.cfg.plain_http = 0;
		t.cfg.tls_cert = strdup(cert);
		t.cfg.tls_key = strdup(key);
		ck_assert_int_eq(srv_server_new(&s, &t.cfg, err, sizeof err), -1);
		ck_assert_ptr_nonnull(strstr(err, key));
		ck_assert_ptr_nonnull(strstr(err, "0604"));
		srv_config_free(&t.cfg);
	}

	ctx = SSL_CTX_new(TLS_server_method());
	ck_assert_int_eq(srv_tls_harden_ctx(ctx, err, sizeof err), 0);
	ck_assert(SSL_CTX_get_options(ctx) & SSL_OP_NO_RENEGOTIATION);
	ck_assert_int_eq(SSL_CTX_get_min_proto_version(ctx), TLS1_2_VERSION);
	ciphers = SSL_CTX_get_ciphers(ctx);
	ck_assert_int_gt(sk_SSL_CIPHER_num(ciphers), 0);
	for (int i = 0; i < sk_SSL_CIPHER_num(ciphers); i++) {
		const SSL_CIPHER *c = sk_SSL_CIPHER_value(ciphers, i);
		const char *name = SSL_CIPHER_get_name(c);
		ck_assert_msg(SSL_CIPHER_is_aead(c), "%s is not AEAD", name);
		if (strcmp(SSL_CIPHER_get_version(c), "TLSv1.3"))
			ck_assert_msg(SSL_CIPHER_get_kx_nid(c) == NID_kx_ecdhe, "%s is not ECDHE",
				      name);
	}
	SSL_CTX_free(ctx);
	unlink(cert);
	unlink(key);
	{
		char db[96];
		const char *suf[] = { "", "-wal", "-shm", "-journal" };
		for (int i = 0; i < 4; i++) {
			snprintf(db, sizeof db, "%s/slgw.db%s", dir, suf[i]);
			unlink(db);
		}
	}
	rmdir(dir);
}
END_TEST

/* ------------------------------------------------------ in-process server */

static struct inproc T;

static void up(void)
{
	static const struct inproc_limits lim = { .workers = 2, .recv_timeout_s = 5, .idle_timeout_s = 2 };

	inproc_up(&T, "/tmp/slgw-edge", &lim);
}

static void down(void)
{
	inproc_down(&T);
}

/* Sends raw bytes, reads the answer until close or 10 s; malloc'ed. */
static char *exchange(const char *req, size_t len, size_t *outlen)
{
	int fd = inproc_dial(&T);
	char *buf;

	inproc_send_all(fd, req, len);
	buf = inproc_read_answer(fd, 0, outlen);
	close(fd);
	return buf;
}

static char *soap_call(const char *auth, const char *body, size_t blen, size_t *outlen)
{
	int fd = inproc_dial(&T);
	char *ans = inproc_soap_post(fd, auth, body, blen, outlen);

	close(fd);
	return ans;
}

#define ROOT_AUTH "cm9vdDpyb290LXBhc3N3b3JkLTE=" /* root:root-password-1 */
#define ENV_OPEN                                                                           \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><s:Envelope "                           \
	"xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "                           \
	"xmlns:g=\"urn:slgw:api:1\"><s:Body>"
#define ENV_CLOSE "</s:Body></s:Envelope>"

START_TEST(invalid_utf8_fault_is_valid_xml)
{
	static const char *bad[] = { "\xff", "\xed\xa0\x80", "\xc0\xaf", "\xe0\x80\xaf" };

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char body[512];
		size_t n;
		int len = snprintf(body, sizeof body,
				   ENV_OPEN "<g:addTenant><g:name>t%sx</g:name></g:addTenant>" ENV_CLOSE,
				   bad[i]);
		char *ans = soap_call(ROOT_AUTH, body, (size_t)len, &n);
		ck_assert_msg(strstr(ans, "Fault") != NULL, "no fault for case %zu: %s", i, ans);
		/* refused as a client error, before any operation ran */
		ck_assert_msg(strstr(ans, "Client") != NULL, "case %zu: %s", i, ans);
		ck_assert_msg(srv_text_utf8_valid(ans, n), "case %zu: answer is not UTF-8: %s", i,
			      ans);
		free(ans);
	}
}
END_TEST

START_TEST(multiref_request_refused)
{
	const char ok[] = ENV_OPEN "<g:addTenant><g:name>plain1</g:name></g:addTenant>" ENV_CLOSE;
	const char body[] = ENV_OPEN "<g:addTenant><g:name href=\"#n1\"/></g:addTenant>"
				     "<g:name id=\"n1\">evil1</g:name>" ENV_CLOSE;
	char *ans = soap_call(ROOT_AUTH, ok, sizeof ok - 1, NULL);

	/* The same call as a tree is served... */
	ck_assert_msg(strstr(ans, "Fault") == NULL, "%s", ans);
	ck_assert_ptr_nonnull(strstr(ans, "plain1"));
	free(ans);
	/* ... with a multi-reference it is refused. */
	ans = soap_call(ROOT_AUTH, body, sizeof body - 1, NULL);
	ck_assert_msg(strstr(ans, "Fault") != NULL, "%s", ans);
	ck_assert_ptr_null(strstr(ans, "evil1"));
	free(ans);
}
END_TEST

START_TEST(anonymous_refusals_are_aggregated)
{
	const char body[] = ENV_OPEN "<g:getServiceInfo/>" ENV_CLOSE;
	store_audit *arr = NULL;
	store_filter f;
	size_t n = 0, refused = 0, summaries = 0;

	for (int i = 0; i < 6; i++) {
		char *ans = soap_call(i % 2 ? "bWFsbG9yeTpndWVzcw==" /* mallory:guess */ : NULL,
				      body, sizeof body - 1, NULL);
		ck_assert_msg(strstr(ans, "UNAUTHENTICATED") != NULL, "%.300s", ans);
		free(ans);
	}
	srv_server_audit_flush(T.server);
	memset(&f, 0, sizeof f);
	f.name_prefix = "getServiceInfo";
	ck_assert_int_eq(store_audit_list(&arr, &n, srv_server_store(T.server), &f), 0);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(arr[i].outcome, "UNAUTHENTICATED"))
			continue;
		refused++;
		if (arr[i].detail && strstr(arr[i].detail, "+5 more"))
			summaries++;
	}
	store_audit_array_free(arr, n);
	/* Six refusals in (at most two) minutes: the first written at once,
	 * the rest counted.  Unless the minute turned between two calls,
	 * that is exactly one record plus one "+5 more". */
	ck_assert_uint_le(refused, 4);
	if (refused == 2)
		ck_assert_uint_eq(summaries, 1);
}
END_TEST

START_TEST(config_edge_settings)
{
	char path[] = "/tmp/slgw-edge-cfg-XXXXXX", err[512];
	struct srv_config cfg;
	int fd = mkstemp(path);
	FILE *fp = fdopen(fd, "w");

	fprintf(fp, "<?xml version=\"1.0\"?>\n<slgwd xmlns=\"urn:slgw:config:1\">\n"
		    "  <plainHttp/>\n  <metrics allow=\"10.0.0.5 ::1\"/>\n"
		    "  <audit retentionDays=\"90\"/>\n</slgwd>\n");
	fclose(fp);
	ck_assert_int_eq(srv_config_defaults(&cfg), 0);
	ck_assert_str_eq(cfg.metrics_allow, "127.0.0.1 ::1");
	ck_assert_int_eq(cfg.audit_retention_days, 400);
	ck_assert_msg(srv_config_load(&cfg, path, err, sizeof err) == 0, "%s", err);
	ck_assert_str_eq(cfg.metrics_allow, "10.0.0.5 ::1");
	ck_assert_int_eq(cfg.audit_retention_days, 90);
	srv_config_free(&cfg);

	fp = fopen(path, "w");
	fprintf(fp, "<?xml version=\"1.0\"?>\n<slgwd xmlns=\"urn:slgw:config:1\">\n"
		    "  <plainHttp/>\n  <audit retentionDays=\"3\"/>\n</slgwd>\n");
	fclose(fp);
	ck_assert_int_eq(srv_config_defaults(&cfg), 0);
	ck_assert_int_eq(srv_config_load(&cfg, path, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "retentionDays"));
	srv_config_free(&cfg);
	unlink(path);
}
END_TEST

static char *http_get(const char *path, const char *auth)
{
	char req[512];
	int n = snprintf(req, sizeof req,
			 "GET %s HTTP/1.1\r\nHost: localhost\r\n%s%s%sConnection: close\r\n\r\n",
			 path, auth ? "Authorization: Basic " : "", auth ? auth : "",
			 auth ? "\r\n" : "");
	return exchange(req, (size_t)n, NULL);
}

START_TEST(metrics_need_login_or_allowed_address)
{
	char *ans;

	/* up_closed(): the allow list is empty. */
	ans = http_get("/metrics", NULL);
	ck_assert_msg(strncmp(ans, "HTTP/1.1 401", 12) == 0, "%.200s", ans);
	ck_assert_ptr_null(strstr(ans, "slgw_requests_total"));
	free(ans);
	ans = http_get("/metrics", "cm9vdDp3cm9uZw=="); /* root:wrong */
	ck_assert_msg(strncmp(ans, "HTTP/1.1 401", 12) == 0, "%.200s", ans);
	free(ans);
	ans = http_get("/metrics", ROOT_AUTH);
	ck_assert_msg(strncmp(ans, "HTTP/1.1 200", 12) == 0, "%.200s", ans);
	ck_assert_ptr_nonnull(strstr(ans, "slgw_requests_total"));
	free(ans);
	/* /healthz stays open. */
	ans = http_get("/healthz", NULL);
	ck_assert_msg(strncmp(ans, "HTTP/1.1 200", 12) == 0, "%.200s", ans);
	free(ans);
}
END_TEST

START_TEST(metrics_allowed_address)
{
	char *ans = http_get("/metrics", NULL);

	ck_assert_msg(strncmp(ans, "HTTP/1.1 200", 12) == 0, "%.200s", ans);
	ck_assert_ptr_nonnull(strstr(ans, "slgw_jobs{state=\"queued\"}"));
	free(ans);
}
END_TEST

START_TEST(metrics_scrapes_do_not_query_the_store)
{
	srv_metrics *m;
	char *text;

	ck_assert_int_eq(srv_metrics_new(&m), 0);
	for (int i = 0; i < 50; i++) {
		text = srv_metrics_render(m, srv_server_broker(T.server));
		ck_assert_ptr_nonnull(text);
		ck_assert_ptr_nonnull(strstr(text, "slgw_jobs{state=\"succeeded\"}"));
		free(text);
	}
	/* One fetch of the broker's figures for 50 scrapes within the TTL. */
	ck_assert_uint_eq(srv_metrics_broker_fetches(m), 1);
	srv_metrics_free(m);
}
END_TEST

static void up_closed(void)
{
	inproc_dir(&T, "/tmp/slgw-edge");
	inproc_config(&T);
	free(T.cfg.metrics_allow);
	T.cfg.metrics_allow = strdup("");
	inproc_start(&T);
}

int main(void)
{
	Suite *su = suite_create("gateway_edge");

	SUITE_CASE(su, "unit", NULL, NULL, 120, auth_checks_are_bounded, same_credentials_share_one_check,
		lockout_survives_many_other_names, utf8_checker, fault_messages_are_clean,
		tls_key_mode_and_policy, config_edge_settings);
	SUITE_CASE(su, "server", up, down, 120, invalid_utf8_fault_is_valid_xml,
		multiref_request_refused, metrics_allowed_address, anonymous_refusals_are_aggregated,
		metrics_scrapes_do_not_query_the_store);
	SUITE_CASE(su, "metrics_closed", up_closed, down, 120,
		metrics_need_login_or_allowed_address);

	return suite_run(su);
}
