/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv.h - slgwd's internal interfaces: configuration, logging, TLS material,
 * authentication, metrics, the HTTPS/SOAP server and the demo set-up.
 *
 * Design
 * - slgwd = one listening gSOAP context (the "master"), one reactor thread
 *   (epoll: accepts, holds idle keep-alive connections, reads request
 *   heads, enforces the per-address cap and the handshake/head/idle
 *   deadlines) and a fixed pool of worker threads that get a connection
 *   only for a TLS handshake step or a request whose head has arrived
 *   (srv_server.c, srv_reactor.c, srv_worker.c).  When queue_length
 *   requests already wait for a worker the reactor answers UNAVAILABLE at
 *   once: an overload never builds an unbounded backlog, and an idle
 *   connection never holds a worker.
 * - A worker serves the requests a connection has ready with its own gSOAP
 *   context attached to the connection's socket and SSL*, then hands the
 *   connection back.  A request is either a GET
 *   (/?wsdl, /metrics, /healthz) answered by srv_http_get(), or a SOAP call
 *   dispatched by soapServer.c to the __slgw__* functions of srv_<family>.c.
 * - Per connection state (who is calling, timing, audit) lives in a
 *   struct srv_conn hung on soap->user.
 * - Nothing here knows SQL or naviseccli: the service layer calls the
 *   broker (gateway/broker/broker.h), which owns the store and the arrays.
 */
#ifndef SLGW_SRV_H
#define SLGW_SRV_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "broker.h"

struct soap;

#define SRV_VERSION "0.1.0"
#define SRV_API_NAMESPACE "urn:slgw:api:1"
#define SRV_DEFAULT_PORT 21605

/* ------------------------------------------------------------ logging */

enum srv_log_level { SRV_LOG_ERROR = 0, SRV_LOG_WARN, SRV_LOG_INFO, SRV_LOG_DEBUG };

/* Sets the threshold (messages above it are dropped). */
void srv_log_set_level(enum srv_log_level lvl);
/* Parses "error"/"warn"/"info"/"debug"; -1 for anything else. */
int srv_log_level_parse(const char *s);
/* One line to stderr with a UTC timestamp.  Callers never pass passwords. */
void srv_log(enum srv_log_level lvl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ------------------------------------------------------ configuration */

struct srv_config {
	char *listen_address;     /* default "0.0.0.0" (demo: 127.0.0.1) */
	int port;                 /* default 21605; 0 = pick a free port */
	int plain_http;           /* 1 only when the config says so */
	char *tls_cert;           /* PEM certificate (chain) */
	char *tls_key;            /* PEM private key */
	char *state_dir;          /* default /var/lib/slgw */
	char *store_path;         /* default <state_dir>/slgw.db */
	char *store_url;          /* <store url>: PostgreSQL instead of the file */
	char *store_password_file; /* <store passwordFile>: libpq's passfile */
	int workers;              /* SOAP worker threads (default 16) */
	int queue_length;         /* accepted connections waiting (default 64) */
	int recv_timeout_s;       /* per receive (default 30) */
	int send_timeout_s;       /* per send (default 30) */
	int idle_timeout_s;       /* keep-alive idle (default 15) */
	long max_request_bytes;   /* default 1 MiB */
	int max_xml_depth;        /* default 64 */
	int max_list_items;       /* default 10000 */
	char *naviseccli_path;    /* NULL = broker default */
	int max_array_commands;   /* per array in flight (default 4) */
	int command_timeout_s;    /* per array command (default 120) */
	int job_workers;          /* broker job threads (default 8) */
	int job_wait_ms;          /* default wait of mutating calls (30000) */
	int auth_cache_s;         /* successful verification cache (default 60) */
	enum srv_log_level log_level; /* default info */
	/* edge (srv_metrics.c, srv_audit.c) */
	char *metrics_allow;      /* addresses that may GET /metrics without
				   * login (space separated; default
				   * "127.0.0.1 ::1"; "" = none) */
	int audit_retention_days; /* audit records older are pruned (400) */
	/* connection edge (srv_server.c) */
	int max_conns_per_address; /* open connections per client address (64) */
	int handshake_timeout_s;  /* TLS handshake deadline from accept (10) */
	int head_timeout_s;       /* request head deadline from its first byte (10) */
	/* secrets (srv_config.c, srv_secrets.c) */
	char **allow_cli;         /* <arrays><allowCli path>: NULL-terminated
				   * (NULL: none besides naviseccli_path) */
	char **allow_secfile_dirs;/* <arrays><allowSecurityFileDir path>
				   * (NULL: the broker's default directory) */
	char *array_key_path;     /* <arrays keyFile>; NULL: <state_dir>/array-key */
	int max_jobs_per_tenant;  /* <limits maxJobsPerTenant> (64) */
	int max_hosts_per_tenant; /* <limits maxHostsPerTenant> (256) */
	/* <cluster node leaseSeconds>: NULL = a single gateway */
	char *cluster_node;
	int lease_seconds;        /* default 6 */
};

/* Fills cfg with the defaults above (strings strdup'ed). */
int srv_config_defaults(struct srv_config *cfg);

/* Reads an XML configuration file, validates it against the schema built
 * into slgwd (gateway/server/slgwd.xsd), and overlays it on the defaults
 * already in cfg.  On error returns -1 and writes "FILE:LINE: field: why"
 * into err.  cfg is left valid (possibly partly overlaid) either way. */
int srv_config_load(struct srv_config *cfg, const char *path, char *err, size_t errlen);

/* Frees the strings of cfg (not cfg itself). */
void srv_config_free(struct srv_config *cfg);

/* What store_open gets for cfg (srv_config.c): the PostgreSQL URL of
 * <store url> with its passwordFile as libpq's passfile parameter, or the
 * SQLite file (<store> or <state_dir>/slgw.db).  malloc'd; NULL on OOM. */
char *srv_store_target(const struct srv_config *cfg);
/* The store file a configuration designates (srv_config.c), whatever
 * <store url> says: cfg->store_path, else "<state_dir>/slgw.db", the file
 * the command line's lock, backup and restore work on.  malloc'ed; NULL on
 * out of memory. */
char *srv_store_path(const struct srv_config *cfg);

/* Loads the array-password key (srv_secrets.c): cfg->array_key_path or
 * <state_dir>/array-key, created (32 random bytes, mode 0600) on first
 * use, refused when group or others may read it; hands it to the store and
 * encrypts every array password still stored in plain text.  0, or -1
 * with err. */
int srv_secrets_setup(store *st, const struct srv_config *cfg, char *err, size_t errlen);

/* The schema text built into the binary (NUL terminated). */
extern const char srv_config_xsd[];

/* ------------------------------------------------------ TLS material */

/* Writes a fresh self-signed certificate (RSA 2048, SHA-256, CN and
 * subjectAltName for 127.0.0.1/localhost, 10 years) and its key to
 * cert_path / key_path (key mode 0600).  Returns 0 or -1 with err filled. */
int srv_tls_make_self_signed(const char *cert_path, const char *key_path,
			     char *err, size_t errlen);

/* Applies the served TLS policy to an OpenSSL SSL_CTX: TLS >= 1.2, TLS 1.2
 * suites ECDHE with AEAD only, TLS 1.3 defaults, no renegotiation, no
 * compression.  0 or -1 with err filled. */
int srv_tls_harden_ctx(void *ssl_ctx, char *err, size_t errlen);
/* Refuses (-1, err names the file and its mode) a key file readable or
 * writable by group or others; 0 when it is private. */
int srv_tls_check_key_file(const char *path, char *err, size_t errlen);

/* -------------------------------------------------------------- auth */

struct srv_identity {
	char user[128];
	int64_t tenant_id;        /* 0 for admins */
	int is_admin;
};

typedef struct srv_auth srv_auth;

/* Creates the authenticator: a cache of successful verifications (keyed
 * by a salted SHA-256 of user and password, never the password itself)
 * valid cache_s seconds, and a failure tracker (per user and peer). */
int srv_auth_new(srv_auth **out, broker *b, int cache_s);
void srv_auth_free(srv_auth *a);

/* Password checks (PBKDF2) that may run at once; beyond that a call that
 * misses the cache is answered SLGW_UNAVAILABLE at once. */
#define SRV_AUTH_MAX_CHECKS 4

/* A verification of user/password: SLGW_OK with *id filled, or
 * SLGW_UNAUTHENTICATED (unknown user, wrong password), or another code with
 * msg filled when the check itself failed. */
typedef enum slgw_code (*srv_auth_verify_fn)(void *ctx, struct srv_identity *id,
					     const char *user, const char *password, char *msg,
					     size_t msglen);
/* srv_auth_new with a given verification and limit of concurrent checks
 * (srv_auth_new: the broker's, SRV_AUTH_MAX_CHECKS); for tests. */
int srv_auth_new_with(srv_auth **out, srv_auth_verify_fn verify, void *ctx, int cache_s,
		      int max_checks);

/* Authenticates user/password from peer.  0 and *id on success;
 * otherwise a slgw_code (UNAUTHENTICATED) with msg filled.  After repeated
 * failures of one user from one peer, further attempts are refused without
 * checking for a growing period (no thread sleeps). */
enum slgw_code srv_auth_check(srv_auth *a, struct srv_identity *id, const char *user,
			      const char *password, const char *peer, char *msg,
			      size_t msglen);

/* Drops every cached verification of a user (password change, removal). */
void srv_auth_forget(srv_auth *a, const char *user);

/* ----------------------------------------------------------- metrics */

typedef struct srv_metrics srv_metrics;

int srv_metrics_new(srv_metrics **out);
void srv_metrics_free(srv_metrics *m);
/* Counts one finished request (operation name, outcome code) with its
 * latency in seconds. */
void srv_metrics_request(srv_metrics *m, const char *operation, enum slgw_code code,
			 double seconds);
/* Counts a connection refused because the queue was full. */
void srv_metrics_overload(srv_metrics *m);
/* Renders Prometheus text (our counters + the broker's) into a malloc'ed
 * string; NULL on out of memory. */
char *srv_metrics_render(srv_metrics *m, broker *b);
/* The broker's figures in /metrics are at most this old. */
#define SRV_METRICS_BROKER_TTL_S 10
/* How many times the broker's figures were fetched (tests). */
uint64_t srv_metrics_broker_fetches(srv_metrics *m);
/* May this client read /metrics?  SLGW_OK when peer is in cfg->metrics_allow
 * or user/password are an admin's; else UNAUTHENTICATED (no or bad
 * credentials), PERMISSION_DENIED (not an admin) or UNAVAILABLE, with msg. */
enum slgw_code srv_metrics_authorize(const struct srv_config *cfg, srv_auth *auth,
				     const char *peer, const char *user, const char *password,
				     char *msg, size_t msglen);

/* ------------------------------------------------------------- audit */

/* One audit record as queued: fixed-size copies, so queueing allocates
 * nothing.  Longer values are truncated. */
struct srv_audit_entry {
	char user[128];
	int64_t tenant_id;        /* 0 = none (admins, unauthenticated) */
	char operation[64];
	char object[96];
	char outcome[32];         /* "ok" or the code's name */
	char detail[192];
};

struct srv_audit_stats {
	uint64_t queued;          /* records taken by the writer thread's ring */
	uint64_t batches;         /* transactions the writer thread committed */
	uint64_t sync_writes;     /* records written in the caller's thread */
	uint64_t overflow_writes; /* of those: ring full or writer behind */
	uint64_t lost;            /* records the store refused (logged) */
	uint64_t pending;         /* queued, not committed yet */
};

typedef struct srv_audit srv_audit;

/* Starts the audit writer (see srv_audit.c): a ring of `capacity` records
 * and one thread that commits up to batch_max of them per transaction,
 * lingering up to window_ms (0..10000) for a fuller batch.  0, or -EINVAL /
 * -ENOMEM / -EAGAIN (thread). */
int srv_audit_new(srv_audit **out, store *st, size_t capacity, size_t batch_max, int window_ms);
/* Fills *e from the call's facts (defaults for missing user/operation). */
void srv_audit_entry_set(struct srv_audit_entry *e, const char *user, int64_t tenant_id,
			 const char *operation, const char *object, enum slgw_code code,
			 const char *detail);
/* Writes e now, in one transaction (committed on return).  0, or -1 when
 * the store refused it (logged, counted as lost). */
int srv_audit_write(srv_audit *a, struct srv_audit_entry *e);
/* Queues e for the writer thread (committed within about window_ms); when
 * the ring is full, the oldest queued record is older than the window (the
 * writer is behind) or the writer is stopping, writes it now instead. */
int srv_audit_enqueue(srv_audit *a, const struct srv_audit_entry *e);
/* For a call refused before authentication, from client address peer:
 * the first of a peer's refusals in a UTC minute is written now (as
 * srv_audit_write), the others are counted and written as one "+N more"
 * record once the minute is over (or on flush / free). */
int srv_audit_refusal(srv_audit *a, struct srv_audit_entry *e, const char *peer);
/* Prunes records older than days (0 = keep forever) now and once a day, in
 * the writer thread. */
void srv_audit_set_retention(srv_audit *a, int days);
/* Waits until everything queued so far (and every counted refusal) is
 * committed (tests, shutdown). */
void srv_audit_flush(srv_audit *a);
void srv_audit_stats_get(const srv_audit *a, struct srv_audit_stats *out);
/* Drains the ring (every queued record is committed), stops the thread and
 * frees a.  NULL is a no-op. */
void srv_audit_free(srv_audit *a);

/* ------------------------------------------------------------ server */

typedef struct srv_server srv_server;

/* Per-connection state on soap->user. */
struct srv_conn {
	srv_server *srv;
	char peer[64];
	/* set by the service layer for the request being served: */
	const char *operation;
	enum slgw_code code;
	int authenticated;
	struct srv_identity id;
	int overloaded;           /* answer UNAVAILABLE to everything */
	const char *request_id;
	int max_requests;         /* > 0: serve at most this many (fuzzing) */
	char object[96];          /* what the call is about, for the audit */
	char message[256];        /* the fault message, for the audit */
	int audit_pending;        /* a SOAP call is being served, not audited yet */
	/* srv_text.c's input check: a UTF-8 character cut by a read */
	unsigned char utf8_hold[4];
	unsigned char utf8_held;
};

/* Creates the server: opens the store, creates and starts the broker,
 * binds the listening socket (cfg->port 0 = any free port) and sets up
 * TLS.  Returns 0 or -1 with err filled. */
int srv_server_new(srv_server **out, const struct srv_config *cfg, char *err, size_t errlen);

/* The port actually bound. */
int srv_server_port(const srv_server *s);

/* The broker (for the demo set-up). */
broker *srv_server_broker(srv_server *s);
/* The store (for tests and the fuzz target's set-up). */
store *srv_server_store(srv_server *s);

/* Serves the raw HTTP request bytes data[0..len) as if they had arrived on
 * a connection (one request; the answer is discarded).  For the fuzz
 * target: the whole request path (HTTP parse, auth, SOAP parse, service,
 * audit, metrics) without a socket. */
void srv_serve_buffer(srv_server *s, const char *data, size_t len);

/* Runs the acceptor and workers until srv_server_stop() (async-signal
 * safe) is called; returns 0 after a clean shutdown. */
int srv_server_run(srv_server *s);
void srv_server_stop(srv_server *s);
/* srv_server_run with SIGTERM and SIGINT calling srv_server_stop(s): the
 * daemon's clean shutdown.  One server per process at a time. */
int srv_server_run_until_signal(srv_server *s);

/* Stops everything still running and frees the server. */
void srv_server_free(srv_server *s);

/* Waits until every audit record queued so far is committed (tests). */
void srv_server_audit_flush(srv_server *s);
/* The audit writer's counters (tests, benchmark). */
void srv_server_audit_stats(srv_server *s, struct srv_audit_stats *out);

/* The /metrics text of a server (malloc'ed; for tests). */
char *srv_metrics_render_for_test(srv_server *s);

/* Accessors for the service layer. */
broker *srv_conn_broker(struct soap *soap);
store *srv_conn_store(struct soap *soap);
srv_auth *srv_conn_auth(struct soap *soap);
const struct srv_config *srv_conn_config(struct soap *soap);
const char *srv_server_gateway_id(const srv_server *s);

/* Answers an HTTP GET (soap->fget): /?wsdl, /wsdl, /metrics, /healthz. */
int srv_http_get(struct soap *soap);

/* Sets up a gSOAP context the way the server uses it (limits, hardening,
 * timeouts, keep-alive); shared with the fuzz target and the benchmark. */
void srv_soap_harden(struct soap *soap, const struct srv_config *cfg);

/* Serves requests on an accepted (and, with TLS, handshaken) connection
 * until it closes; the loop of a worker.  Shared with the fuzz target. */
void srv_serve_connection(struct soap *soap);

/* The served WSDL: the generated one with the endpoint address replaced
 * (malloc'ed; NULL on error).  wsdl_text is the generated WSDL. */
char *srv_wsdl_with_endpoint(const char *wsdl_text, const char *endpoint);

/* Generated WSDL text built into the binary. */
extern const char srv_wsdl_text[];

/* -------------------------------------------------------------- demo */

struct srv_demo_opts {
	const char *state_dir;    /* default ./slgw-demo */
	int port;                 /* default 21605; 0 = free port */
	const char *port_file;    /* write the bound port here, or NULL */
};

/* Runs slgwd --demo: state dir, certificate, navisim array, users, server;
 * blocks until SIGTERM/SIGINT.  Returns the process exit status. */
int srv_demo_main(const struct srv_demo_opts *o, const char *argv0);

/* The path of a program beside the running slgwd (e.g. "navisim");
 * malloc'ed, NULL if not found. */
char *srv_sibling_program(const char *name);

/* ------------------------------------------------ text (srv_text.c) */

/* 1 when s[0..n) is well-formed UTF-8 of XML 1.0 characters only (no
 * overlong forms, surrogates, U+FFFE/U+FFFF or C0 controls but tab, LF,
 * CR). */
int srv_text_utf8_valid(const char *s, size_t n);
/* Copies in to out (cap bytes, NUL terminated) keeping only such
 * characters; every other byte becomes '?'.  Returns the length written. */
size_t srv_text_sanitize(char *out, size_t cap, const char *in);
/* Makes msg fit for a fault in place: sanitized; for SLGW_INTERNAL the text
 * is logged with a fresh 8-hex-digit correlation id and msg becomes a
 * generic message carrying only that id. */
void srv_text_fault_message(char *msg, size_t cap, enum slgw_code code);
/* Input hardening of a gSOAP context: strict XML, no id/href references,
 * and every received byte checked as UTF-8 (SOAP_UTF_ERROR otherwise). */
void srv_text_guard_input(struct soap *soap);

#endif /* SLGW_SRV_H */
