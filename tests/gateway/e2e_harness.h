/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * e2e_harness.h - start the real slgwd in demo mode for end-to-end tests.
 *
 * Each harness gets its own mkdtemp state directory and an ephemeral port
 * (--port 0 --port-file), so suites can run in parallel.  Clients are gSOAP
 * contexts with TLS, or raw TLS connections for tests that write bytes
 * gSOAP would not; both verify the demo's self-signed certificate.
 */
#ifndef E2E_HARNESS_H
#define E2E_HARNESS_H

#include <stddef.h>
#include <sys/types.h>

#include <openssl/ssl.h>

struct soap;
struct _slgw__addStorageSystem;

struct e2e {
	pid_t pid;
	int port;
	char dir[256];
	char cert[320];
	char endpoint[64];
	char admin_pw[64];
	char tenant_pw[64];
};

/* Starts slgwd --demo in a fresh temp dir (or in e->dir when reuse_dir is
 * set) and waits until it listens.  0 on success, -1 with a message on
 * stderr. */
int e2e_start(struct e2e *e, int reuse_dir);
/* SIGTERM and wait; returns the exit status (or -1). */
int e2e_stop(struct e2e *e);
/* SIGKILL and wait. */
void e2e_kill(struct e2e *e);
/* Removes the temp dir. */
void e2e_cleanup(struct e2e *e);
/* e2e_stop then e2e_cleanup, the end of a test that owns its slgwd; the
 * dir goes either way.  Returns e2e_stop's status (0: a clean shutdown). */
int e2e_stop_cleanup(struct e2e *e);

/* A TLS client context authenticating as user/password (either may be
 * NULL: no credentials).  Free with e2e_client_free. */
struct soap *e2e_client(const struct e2e *e, const char *user, const char *password);
void e2e_client_free(struct soap *soap);

/* Fills an addStorageSystem request for a VNX array: adapter "vnx", name,
 * SP addresses (spb may be NULL) and the array account; the caller zeroes
 * req first and sets any other field itself. */
void e2e_vnx_system_req(struct _slgw__addStorageSystem *req, const char *name, const char *spa,
			const char *spb, const char *user, const char *password);

/* The slgw fault code of the last call ("NOT_FOUND", ...) or NULL. */
const char *e2e_fault_code(struct soap *soap);

/* Runs navisim (NAVISIM_HOME of the harness) with args; exit status. */
int e2e_navisim(const struct e2e *e, const char *const *args);

/* Makes array `name` in the harness's navisim (--admin create-array): SPs
 * at spa / spb, one pool, one iSCSI and one FC port per SP, the account
 * user / password.  navisim's exit status. */
int e2e_navisim_array(const struct e2e *e, const char *name, const char *spa, const char *spb,
		      const char *user, const char *password);

/* Runs navisim (NAVISIM_HOME of the harness) with args and captures its
 * stdout into *out (malloc'ed, NUL terminated; NULL when it could not be
 * run).  Returns the exit status, or -1. */
int e2e_navisim_out(char **out, const struct e2e *e, const char *const *args);

/* The demo array's password, which slgwd --demo leaves beside navisim's
 * database; 0, or -1 when it cannot be read. */
int e2e_demo_array_password(char *pw, size_t len, const struct e2e *e);

/* Runs a naviseccli command (NULL-terminated words) on the array at
 * address sp as user / password, through navisim; like e2e_navisim_out. */
int e2e_naviseccli(char **out, const struct e2e *e, const char *sp, const char *user,
		   const char *password, const char *const *cmd);

/* GET path over TLS; returns the malloc'ed body (NUL terminated) or NULL. */
char *e2e_get(const struct e2e *e, const char *path);

/* A TLS connection (handshake done) to the harness's slgwd that trusts
 * only the demo certificate, for tests that write raw bytes; NULL on any
 * failure.  Close with e2e_tls_close(bio, *ctx_out). */
BIO *e2e_tls_dial(const struct e2e *e, SSL_CTX **ctx_out);
void e2e_tls_close(BIO *bio, SSL_CTX *ctx);

/* POSTs raw bytes as a SOAP request (Basic auth, Connection: close) over
 * TLS and returns the whole raw HTTP answer (malloc'ed) or NULL. */
char *e2e_post_raw(const struct e2e *e, const char *user, const char *password,
		   const char *body);

#endif
