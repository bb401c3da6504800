/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * e2e_harness.c - runs slgwd --demo as a child process for the end-to-end
 * tests (posix_spawn, argv arrays; output to DIR/slgwd.log).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>

#include "soapH.h"
#include "e2e_harness.h"

extern char **environ;
extern struct Namespace namespaces[];

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static int read_file_int(const char *path, int *out)
{
	FILE *f = fopen(path, "r");
	int ok;
	if (!f)
		return -1;
	ok = fscanf(f, "%d", out) == 1;
	fclose(f);
	return ok ? 0 : -1;
}

static int read_creds(struct e2e *e)
{
	char path[320], role[32], user[64], pw[64];
	FILE *f;
	int got = 0;

	snprintf(path, sizeof path, "%s/demo-credentials", e->dir);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fscanf(f, "%31s %63s %63s", role, user, pw) == 3) {
		if (!strcmp(role, "admin")) {
			snprintf(e->admin_pw, sizeof e->admin_pw, "%s", pw);
			got |= 1;
		} else if (!strcmp(role, "tenant")) {
			snprintf(e->tenant_pw, sizeof e->tenant_pw, "%s", pw);
			got |= 2;
		}
	}
	fclose(f);
	return got == 3 ? 0 : -1;
}

int e2e_start(struct e2e *e, int reuse_dir)
{
	char portfile[320], logfile[320];
	posix_spawn_file_actions_t fa;
	char *argv[8];
	int rc;

	if (!reuse_dir) {
		memset(e, 0, sizeof *e);
		snprintf(e->dir, sizeof e->dir, "/tmp/slgw-e2e-XXXXXX");
		if (!mkdtemp(e->dir)) {
			perror("mkdtemp");
			return -1;
		}
	}
	snprintf(portfile, sizeof portfile, "%s/port", e->dir);
	snprintf(logfile, sizeof logfile, "%s/slgwd.log", e->dir);
	unlink(portfile);
	argv[0] = (char *)SLGWD_PATH;
	argv[1] = "--demo";
	argv[2] = "--state-dir";
	argv[3] = e->dir;
	argv[4] = "--port";
	argv[5] = "0";
	argv[6] = NULL;
	/* --port-file goes last so the vector stays simple */
	{
		static char pf[] = "--port-file";
		char *full[10] = { argv[0], argv[1], argv[2], argv[3], argv[4], argv[5], pf,
				   portfile, NULL };
		posix_spawn_file_actions_init(&fa);
		posix_spawn_file_actions_addopen(&fa, 1, logfile, O_WRONLY | O_CREAT | O_APPEND,
						 0600);
		posix_spawn_file_actions_adddup2(&fa, 1, 2);
		rc = posix_spawn(&e->pid, SLGWD_PATH, &fa, NULL, full, environ);
		posix_spawn_file_actions_destroy(&fa);
	}
	if (rc) {
		fprintf(stderr, "cannot start %s: %s\n", SLGWD_PATH, strerror(rc));
		return -1;
	}
	for (int i = 0; i < 1200; i++) {
		int status;
		if (waitpid(e->pid, &status, WNOHANG) == e->pid) {
			fprintf(stderr, "slgwd exited during start (see %s)\n", logfile);
			e->pid = 0;
			return -1;
		}
		if (read_file_int(portfile, &e->port) == 0 && e->port > 0)
			break;
		sleep_ms(100);
	}
	if (e->port <= 0 || read_creds(e)) {
		fprintf(stderr, "slgwd did not come up (see %s)\n", logfile);
		e2e_kill(e);
		return -1;
	}
	snprintf(e->cert, sizeof e->cert, "%s/tls/slgwd.crt", e->dir);
	snprintf(e->endpoint, sizeof e->endpoint, "https://127.0.0.1:%d/", e->port);
	return 0;
}

int e2e_stop(struct e2e *e)
{
	int status;
	if (e->pid <= 0)
		return -1;
	kill(e->pid, SIGTERM);
	while (waitpid(e->pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	e->pid = 0;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void e2e_kill(struct e2e *e)
{
	if (e->pid <= 0)
		return;
	kill(e->pid, SIGKILL);
	while (waitpid(e->pid, NULL, 0) < 0 && errno == EINTR)
		;
	e->pid = 0;
}

void e2e_cleanup(struct e2e *e)
{
	char *argv[] = { "rm", "-rf", e->dir, NULL };
	pid_t pid;
	if (!e->dir[0] || strncmp(e->dir, "/tmp/slgw-e2e-", 14))
		return;
	if (posix_spawnp(&pid, "rm", NULL, NULL, argv, environ) == 0)
		waitpid(pid, NULL, 0);
}

int e2e_stop_cleanup(struct e2e *e)
{
	int status = e2e_stop(e);

	e2e_cleanup(e);
	return status;
}

/* gSOAP clears soap->userid/passwd after every call, so the Basic
 * credentials are added as a header of every request instead, next to the
 * Host header, through the header hook. */
struct e2e_auth {
	char header[400];
};
static int (*default_posthdr)(struct soap *, const char *, const char *);

static int posthdr_with_auth(struct soap *soap, const char *key, const char *val)
{
	struct e2e_auth *a = soap->user;
	int rc = default_posthdr(soap, key, val);
	if (!rc && a && key && !strcmp(key, "Host"))
		rc = default_posthdr(soap, "Authorization", a->header);
	return rc;
}

struct soap *e2e_client(const struct e2e *e, const char *user, const char *password)
{
	struct soap *soap = soap_new1(SOAP_C_UTFSTRING | SOAP_IO_KEEPALIVE);
	if (!soap)
		return NULL;
	if (user && password) {
		struct e2e_auth *a = malloc(sizeof *a);
		char cred[256];
		unsigned char b64[360];
		if (!a) {
			soap_free(soap);
			return NULL;
		}
		snprintf(cred, sizeof cred, "%s:%s", user, password);
		EVP_EncodeBlock(b64, (const unsigned char *)cred, (int)strlen(cred));
		snprintf(a->header, sizeof a->header, "Basic %s", b64);
		soap->user = a;
		default_posthdr = soap->fposthdr;
		soap->fposthdr = posthdr_with_auth;
	}
	soap_set_namespaces(soap, namespaces);
	soap->recv_timeout = 120;
	soap->send_timeout = 30;
	soap->connect_timeout = 10;
	if (soap_ssl_client_context(soap, SOAP_SSL_DEFAULT | SOAP_TLSv1_2 | SOAP_TLSv1_3, NULL,
				    NULL, e->cert, NULL, NULL)) {
		free(soap->user);
		soap_free(soap);
		return NULL;
	}
	return soap;
}

void e2e_client_free(struct soap *soap)
{
	if (!soap)
		return;
	soap_destroy(soap);
	soap_end(soap);
	free(soap->user);
	soap_free(soap);
}

int e2e_navisim_array(const struct e2e *e, const char *name, const char *spa, const char *spb,
		      const char *user, const char *password)
{
	const char *args[] = { "--admin", "create-array", "--name", name, "--spa", spa,
			       "--spb", spb, "--pools", "1", "--iscsi-ports", "1",
			       "--fc-ports", "1", "--user", user, "--password", password,
			       NULL };

	return e2e_navisim(e, args);
}

void e2e_vnx_system_req(struct _slgw__addStorageSystem *req, const char *name, const char *spa,
			const char *spb, const char *user, const char *password)
{
	req->adapter = "vnx";
	req->name = (char *)name;
	req->spA = (char *)spa;
	req->spB = (char *)spb;
	req->username = (char *)user;
	req->password = (char *)password;
}

const char *e2e_fault_code(struct soap *soap)
{
	if (!soap->error || !soap->fault || !soap->fault->detail ||
	    !soap->fault->detail->slgw__fault)
		return NULL;
	return soap_slgw__ErrorCode2s(soap, soap->fault->detail->slgw__fault->code);
}

static void navisim_env(char *envhome, size_t len, char **envp, const struct e2e *e)
{
	snprintf(envhome, len, "NAVISIM_HOME=%s/navisim", e->dir);
	envp[0] = envhome;
	envp[1] = "PATH=/usr/bin:/bin";
	envp[2] = NULL;
}

int e2e_navisim(const struct e2e *e, const char *const *args)
{
	char *argv[32];
	char *envp[3];
	char envhome[320];
	pid_t pid;
	int n = 0, status;

	navisim_env(envhome, sizeof envhome, envp, e);
	argv[n++] = (char *)NAVISIM_PATH;
	for (; args[n - 1] && n < 31; n++)
		argv[n] = (char *)args[n - 1];
	argv[n] = NULL;
	if (posix_spawn(&pid, NAVISIM_PATH, NULL, NULL, argv, envp))
		return -1;
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Reads fd to its end into a malloc'ed, NUL-terminated buffer (empty
 * rather than NULL when nothing came). */
static char *read_fd_all(int fd)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;

	for (;;) {
		char chunk[8192];
		ssize_t got = read(fd, chunk, sizeof chunk);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		if (len + (size_t)got + 1 > cap) {
			size_t ncap = (len + (size_t)got + 1) * 2;
			char *p = realloc(buf, ncap);
			if (!p)
				break;
			buf = p;
			cap = ncap;
		}
		memcpy(buf + len, chunk, (size_t)got);
		len += (size_t)got;
		buf[len] = 0;
	}
	return buf ? buf : calloc(1, 1);
}

int e2e_navisim_out(char **out, const struct e2e *e, const char *const *args)
{
	char envhome[320];
	char *argv[40];
	char *envp[3];
	posix_spawn_file_actions_t fa;
	int pfd[2], n = 0, status, rc;
	pid_t pid;
	char *buf;

	*out = NULL;
	navisim_env(envhome, sizeof envhome, envp, e);
	argv[n++] = (char *)NAVISIM_PATH;
	for (int i = 0; args[i] && n < 39; i++)
		argv[n++] = (char *)args[i];
	argv[n] = NULL;
	if (pipe(pfd))
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
	posix_spawn_file_actions_addclose(&fa, pfd[0]);
	posix_spawn_file_actions_addclose(&fa, pfd[1]);
	rc = posix_spawn(&pid, NAVISIM_PATH, &fa, NULL, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	close(pfd[1]);
	if (rc) {
		close(pfd[0]);
		return -1;
	}
	buf = read_fd_all(pfd[0]);
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			free(buf);
			return -1;
		}
	*out = buf;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int e2e_demo_array_password(char *pw, size_t len, const struct e2e *e)
{
	char path[320];
	FILE *f;
	int ok;

	snprintf(path, sizeof path, "%s/navisim/.demo-array-password", e->dir);
	f = fopen(path, "r");
	if (!f)
		return -1;
	ok = fgets(pw, (int)len, f) != NULL;
	fclose(f);
	if (!ok)
		return -1;
	pw[strcspn(pw, "\r\n")] = 0;
	return pw[0] ? 0 : -1;
}

int e2e_naviseccli(char **out, const struct e2e *e, const char *sp, const char *user,
		   const char *password, const char *const *cmd)
{
	const char *argv[40] = { "-h", sp, "-user", user, "-password", password, "-scope", "0" };
	int n = 8;

	for (int i = 0; cmd[i] && n < 39; i++)
		argv[n++] = cmd[i];
	argv[n] = NULL;
	return e2e_navisim_out(out, e, argv);
}

char *e2e_get(const struct e2e *e, const char *path)
{
	struct soap *soap = e2e_client(e, NULL, NULL);
	char url[320];
	char *body = NULL;
	size_t len = 0;

	if (!soap)
		return NULL;
	snprintf(url, sizeof url, "https://127.0.0.1:%d%s", e->port, path);
	if (soap_GET(soap, url, NULL) == SOAP_OK && soap_begin_recv(soap) == SOAP_OK) {
		char *b = soap_http_get_body(soap, &len);
		if (b) {
			body = malloc(len + 1);
			if (body) {
				memcpy(body, b, len);
				body[len] = 0;
			}
		}
		soap_end_recv(soap);
	}
	soap_closesock(soap);
	e2e_client_free(soap);
	return body;
}

BIO *e2e_tls_dial(const struct e2e *e, SSL_CTX **ctx_out)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	BIO *bio = NULL;
	char target[64];

	*ctx_out = NULL;
	if (!ctx)
		return NULL;
	/* The test pins the demo certificate as the only trust anchor. */
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	if (SSL_CTX_load_verify_locations(ctx, e->cert, NULL) != 1)
		goto fail;
	bio = BIO_new_ssl_connect(ctx);
	if (!bio)
		goto fail;
	snprintf(target, sizeof target, "127.0.0.1:%d", e->port);
	BIO_set_conn_hostname(bio, target);
	if (BIO_do_connect(bio) <= 0 || BIO_do_handshake(bio) <= 0)
		goto fail;
	*ctx_out = ctx;
	return bio;
fail:
	e2e_tls_close(bio, ctx);
	return NULL;
}

void e2e_tls_close(BIO *bio, SSL_CTX *ctx)
{
	BIO_free_all(bio);
	SSL_CTX_free(ctx);
}

char *e2e_post_raw(const struct e2e *e, const char *user, const char *password,
		   const char *body)
{
	SSL_CTX *ctx;
	BIO *bio = e2e_tls_dial(e, &ctx);
	char target[64], cred[256], hdr[1024];
	unsigned char b64[400];
	char *out = NULL;
	size_t len = 0, cap = 0;

	if (!bio)
		return NULL;
	snprintf(target, sizeof target, "127.0.0.1:%d", e->port);
	snprintf(cred, sizeof cred, "%s:%s", user, password);
	EVP_EncodeBlock(b64, (const unsigned char *)cred, (int)strlen(cred));
	snprintf(hdr, sizeof hdr,
		 "POST / HTTP/1.1\r\nHost: %s\r\nContent-Type: text/xml; charset=utf-8\r\n"
		 "Authorization: Basic %s\r\nSOAPAction: \"\"\r\nContent-Length: %zu\r\n"
		 "Connection: close\r\n\r\n",
		 target, b64, strlen(body));
	if (BIO_write(bio, hdr, (int)strlen(hdr)) <= 0 ||
	    BIO_write(bio, body, (int)strlen(body)) <= 0)
		goto out;
	for (;;) {
		char buf[4096];
		int n = BIO_read(bio, buf, sizeof buf);
		if (n <= 0)
			break;
		if (len + (size_t)n + 1 > cap) {
			char *p;
			cap = (len + (size_t)n + 1) * 2;
			p = realloc(out, cap);
			if (!p) {
				free(out);
				out = NULL;
				goto out;
			}
			out = p;
		}
		memcpy(out + len, buf, (size_t)n);
		len += (size_t)n;
		out[len] = 0;
	}
out:
	e2e_tls_close(bio, ctx);
	return out;
}
