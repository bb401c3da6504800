/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * slgw_client.c - the gateway client behind slgw_client.h.
 *
 * Connect-time failover is a gSOAP fopen hook: gSOAP calls soap->fopen when
 * a call needs a connection (none yet, or the kept-alive one went away);
 * the hook runs gSOAP's own tcp_connect (TCP, then the TLS handshake with
 * its verification) on each server in turn, starting with the current one,
 * and leaves soap->host/port/endpoint on the one that worked, so the HTTP
 * Host header and keep-alive follow it. Because it sits under every
 * soap_call___slgw__X on the client's context, callers that run the
 * generated stubs directly (the CLI's commands) get it too. Post-send
 * failover needs the call itself again, which only the slgw_call macros
 * have: slgw_client_retry_() decides whether the operation may go again.
 *
 * Pinning is decided in OpenSSL's verify callback, inside the handshake:
 * the callback accepts chain errors above the leaf (the pin is about the
 * leaf) and decides at depth 0 by the SHA-256 of the DER certificate.
 * gSOAP's callback has no user pointer; the client is found through the
 * SSL_CTX's ex_data, so each client has its own pin.
 *
 * Job waiting: getJob is called with a server-side wait, so there is no
 * busy polling and progress shows as soon as it changes.
 */
#include "slgw_client.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

/* The table lives in wsdl/soap_nsmap.c (slgw_soap_common). Naming it here
 * also makes the linker take it from the static library: the only other
 * reference is inside the shared libgsoapssl, which comes later. */
extern struct Namespace namespaces[];

#define EP_MAX 300           /* "https://" + 253-byte host + ":65535/" */
#define MAX_SERVERS 16
#define POLL_WAIT_MS 2000
#define JOB_WAIT_MAX_S 864000

struct server {
	char endpoint[EP_MAX];
	char host[256];
	int port;
};

struct slgw_client {
	struct soap *soap;
	struct server srv[MAX_SERVERS];
	int nsrv;
	int cur;                  /* the server calls go to */
	char endpoint[EP_MAX];    /* srv[cur].endpoint; a stable pointer */
	char *user;
	char *password;
	bool pinning;
	char pin[65];
	char seen[65];            /* the leaf's digest in the last handshake */
	bool pin_failed;
	SOAP_SOCKET (*tcp_open)(struct soap *, const char *, const char *, int);
	/* set by the fopen hook when no server took the connection */
	bool connect_failed;
	bool connect_tls;         /* ... and at least one failed on trust */
	char connect_msg[1024];
	int io_timeout_s;
	const char *fault_code;
	const struct _slgw__fault *fault;
	char errmsg[1024];
};

/* The operations that change state: their requests carry clientRequestId
 * (tests/client checks this list against wsdl/slgw.h). */
static const char *const mutating_ops[] = {
	"addHost", "addHostInitiator", "addStorageSystem", "addTenant", "addUser",
	"allocateStorage", "assignStorage", "cloneStorage", "createSnapshot",
	"deleteSnapshot", "deleteStorage", "grantStoragePool", "modifyHost", "prepareHost",
	"refreshStorageSystem", "removeHost", "removeHostInitiator", "removeStorageSystem",
	"removeTenant", "removeUser", "resizeStorage", "restoreSnapshot",
	"revokeStoragePool", "setUserPassword", "unassignStorage",
};

static bool is_mutating(const char *op)
{
	for (size_t i = 0; i < sizeof(mutating_ops) / sizeof(mutating_ops[0]); i++)
		if (strcmp(op, mutating_ops[i]) == 0)
			return true;
	return false;
}

/* Reads are named so by the contract: get... and enum... */
static bool is_read(const char *op)
{
	return strncmp(op, "get", 3) == 0 || strncmp(op, "enum", 4) == 0;
}

/* ---- settings ------------------------------------------------------------- */

/* Normalise one "host", "host:port", "[v6]:port", "https://host[:port][/]"
 * (len bytes of spec) into srv. */
static int parse_server(struct server *srv, const char *spec, size_t len, bool allow_http,
			char *err, size_t errlen)
{
	char given[EP_MAX];
	const char *p = given, *scheme = "https";
	const char *hostend, *port = NULL;
	size_t hostlen;
	long portv = SLGW_CLIENT_DEFAULT_PORT;

	while (len > 0 && isspace((unsigned char)*spec)) {
		spec++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)spec[len - 1]))
		len--;
	if (len == 0) {
		snprintf(err, errlen, "servers: an empty address in the list");
		return SLGW_CLIENT_EINVAL;
	}
	if (len >= sizeof(given)) {
		snprintf(err, errlen, "server '%.60s...': too long", spec);
		return SLGW_CLIENT_EINVAL;
	}
	memcpy(given, spec, len);
	given[len] = '\0';
	if (strncmp(p, "https://", 8) == 0) {
		p += 8;
	} else if (strncmp(p, "http://", 7) == 0) {
		if (!allow_http) {
			snprintf(err, errlen,
				 "refusing plain http:// (the password would travel in clear); use https or --allow-http");
			return SLGW_CLIENT_EINVAL;
		}
		scheme = "http";
		p += 7;
	} else if (strstr(p, "://")) {
		snprintf(err, errlen, "server '%.100s': only https:// is supported", given);
		return SLGW_CLIENT_EINVAL;
	}
	if (*p == '[') {
		hostend = strchr(p, ']');
		if (!hostend) {
			snprintf(err, errlen, "server '%.100s': unterminated [IPv6] address", given);
			return SLGW_CLIENT_EINVAL;
		}
		hostend++;
	} else {
		hostend = p + strcspn(p, ":/");
	}
	hostlen = (size_t)(hostend - p);
	if (hostlen == 0 || hostlen > 253) {
		snprintf(err, errlen, "server '%.100s': no host name", given);
		return SLGW_CLIENT_EINVAL;
	}
	for (const char *c = p; c < hostend; c++) {
		if (!isalnum((unsigned char)*c) && !strchr(".-_:[]", *c)) {
			snprintf(err, errlen, "server '%.100s': bad character in host name", given);
			return SLGW_CLIENT_EINVAL;
		}
	}
	if (*hostend == ':') {
		size_t n = strspn(hostend + 1, "0123456789");

		port = hostend + 1;
		portv = n > 0 && n <= 5 ? strtol(port, NULL, 10) : 0;
		if (n == 0 || n > 5 || (port[n] != '\0' && port[n] != '/') || portv < 1 ||
		    portv > 65535) {
			snprintf(err, errlen, "server '%.100s': bad port", given);
			return SLGW_CLIENT_EINVAL;
		}
		hostend = port + n;
	}
	if (*hostend == '/' && hostend[1] != '\0') {
		snprintf(err, errlen, "server '%.100s': give host[:port] only, no path", given);
		return SLGW_CLIENT_EINVAL;
	}
	snprintf(srv->endpoint, sizeof(srv->endpoint), "%s://%.*s:%ld/", scheme, (int)hostlen, p,
		 portv);
	/* gSOAP takes an IPv6 literal without its brackets as the host. */
	if (*p == '[')
		snprintf(srv->host, sizeof(srv->host), "%.*s", (int)hostlen - 2, p + 1);
	else
		snprintf(srv->host, sizeof(srv->host), "%.*s", (int)hostlen, p);
	srv->port = (int)portv;
	return 0;
}

/* Split the list into srv[]; returns how many, or a negative code. */
static int parse_server_list(struct server *srv, const char *servers, bool allow_http, char *err,
			     size_t errlen)
{
	int n = 0;

	if (!servers || !*servers) {
		snprintf(err, errlen, "no server: give one address (host:port) or a comma-separated list");
		return SLGW_CLIENT_EINVAL;
	}
	for (const char *p = servers;;) {
		size_t len = strcspn(p, ",");
		int rc;

		if (n == MAX_SERVERS) {
			snprintf(err, errlen, "servers: at most %d addresses", MAX_SERVERS);
			return SLGW_CLIENT_EINVAL;
		}
		rc = parse_server(&srv[n], p, len, allow_http, err, errlen);
		if (rc)
			return rc;
		n++;
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	return n;
}

int slgw_client_parse_servers(char **out, const char *servers, bool allow_http, char *err,
			      size_t errlen)
{
	struct server *srv;
	size_t need = 1;
	int n;

	*out = NULL;
	srv = calloc(MAX_SERVERS, sizeof(*srv));
	if (!srv) {
		snprintf(err, errlen, "out of memory");
		return SLGW_CLIENT_ENOMEM;
	}
	n = parse_server_list(srv, servers, allow_http, err, errlen);
	if (n < 0) {
		free(srv);
		return n;
	}
	for (int i = 0; i < n; i++)
		need += strlen(srv[i].endpoint) + 1;
	*out = malloc(need);
	if (!*out) {
		free(srv);
		snprintf(err, errlen, "out of memory");
		return SLGW_CLIENT_ENOMEM;
	}
	(*out)[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (i)
			strcat(*out, ",");
		strcat(*out, srv[i].endpoint);
	}
	free(srv);
	return 0;
}

int slgw_client_parse_fingerprint(char out[65], const char *in)
{
	size_t n = 0;

	out[0] = '\0';
	if (!in)
		return SLGW_CLIENT_EINVAL;
	for (const char *c = in; *c; c++) {
		if (*c == ':')
			continue;
		if (!isxdigit((unsigned char)*c) || n >= 64) {
			out[0] = '\0';
			return SLGW_CLIENT_EINVAL;
		}
		out[n++] = (char)tolower((unsigned char)*c);
	}
	out[n] = '\0';
	if (n != 64) {
		out[0] = '\0';
		return SLGW_CLIENT_EINVAL;
	}
	return 0;
}

int slgw_client_read_password_file(char **out, const char *path, char *err, size_t errlen)
{
	struct stat st;
	char buf[512];
	ssize_t got;
	size_t n = 0;
	int fd;

	*out = NULL;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		snprintf(err, errlen, "password file %.200s: %s", path, strerror(errno));
		return SLGW_CLIENT_EINVAL;
	}
	/* Checked on the open descriptor, so the file cannot be swapped
	 * between the check and the read. */
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		snprintf(err, errlen, "password file %.200s is not a regular file", path);
		return SLGW_CLIENT_EINVAL;
	}
	if (st.st_uid != geteuid()) {
		close(fd);
		snprintf(err, errlen, "password file %.200s is not owned by you; refusing to use it", path);
		return SLGW_CLIENT_EINVAL;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		close(fd);
		snprintf(err, errlen,
			 "password file %.200s is accessible by group or others: run chmod 600 %.200s",
			 path, path);
		return SLGW_CLIENT_EINVAL;
	}
	while (n < sizeof(buf) - 1) {
		got = read(fd, buf + n, sizeof(buf) - 1 - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		n += (size_t)got;
		if (memchr(buf, '\n', n))
			break;
	}
	close(fd);
	buf[n] = '\0';
	n = strcspn(buf, "\r\n");
	if (n == sizeof(buf) - 1) {
		explicit_bzero(buf, sizeof(buf));
		snprintf(err, errlen, "password file %.200s: the first line is too long", path);
		return SLGW_CLIENT_EINVAL;
	}
	buf[n] = '\0';
	if (n == 0) {
		explicit_bzero(buf, sizeof(buf));
		snprintf(err, errlen, "password file %.200s: the first line is empty", path);
		return SLGW_CLIENT_EINVAL;
	}
	*out = strdup(buf);
	explicit_bzero(buf, sizeof(buf));
	if (!*out) {
		snprintf(err, errlen, "out of memory");
		return SLGW_CLIENT_ENOMEM;
	}
	return 0;
}

int slgw_client_config_check(const struct slgw_client_config *cfg, char *err, size_t errlen)
{
	struct server *srv;
	char fp[65];
	int n;

	if (!cfg) {
		snprintf(err, errlen, "no configuration");
		return SLGW_CLIENT_EINVAL;
	}
	srv = calloc(MAX_SERVERS, sizeof(*srv));
	if (!srv) {
		snprintf(err, errlen, "out of memory");
		return SLGW_CLIENT_ENOMEM;
	}
	n = parse_server_list(srv, cfg->servers, cfg->allow_http, err, errlen);
	free(srv);
	if (n < 0)
		return n;
	if (!cfg->user || !*cfg->user) {
		snprintf(err, errlen, "no user: the gateway user name is required");
		return SLGW_CLIENT_EINVAL;
	}
	if (strchr(cfg->user, ':') || strlen(cfg->user) > 128) {
		snprintf(err, errlen, "user: at most 128 characters, no ':'");
		return SLGW_CLIENT_EINVAL;
	}
	if ((cfg->password != NULL) == (cfg->password_file != NULL)) {
		snprintf(err, errlen, "give exactly one of password and password_file");
		return SLGW_CLIENT_EINVAL;
	}
	if (cfg->password && !*cfg->password) {
		snprintf(err, errlen, "password: empty");
		return SLGW_CLIENT_EINVAL;
	}
	if (cfg->password_file && !*cfg->password_file) {
		snprintf(err, errlen, "password_file: empty path");
		return SLGW_CLIENT_EINVAL;
	}
	if (cfg->cacert && cfg->fingerprint) {
		snprintf(err, errlen, "give at most one of cacert and fingerprint");
		return SLGW_CLIENT_EINVAL;
	}
	if (cfg->cacert && !*cfg->cacert) {
		snprintf(err, errlen, "cacert: empty path");
		return SLGW_CLIENT_EINVAL;
	}
	if (cfg->fingerprint && slgw_client_parse_fingerprint(fp, cfg->fingerprint) != 0) {
		snprintf(err, errlen, "fingerprint must be a SHA-256 digest: 64 hex digits, colons allowed");
		return SLGW_CLIENT_EINVAL;
	}
	if (cfg->connect_timeout_s < 0 || cfg->connect_timeout_s > 600) {
		snprintf(err, errlen, "connect_timeout_s: 1..600 seconds (0: the default, 15)");
		return SLGW_CLIENT_EINVAL;
	}
	if (cfg->io_timeout_s < 0 || cfg->io_timeout_s > 3600) {
		snprintf(err, errlen, "io_timeout_s: 1..3600 seconds (0: the default, 70)");
		return SLGW_CLIENT_EINVAL;
	}
	return 0;
}

/* flatten: gSOAP's and OpenSSL's texts hold newlines; a message is one line. */
static void flatten(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = ' ';
}

/* ---- TLS --------------------------------------------------------------------- */

static int ctx_index = -1;
static pthread_once_t tls_once = PTHREAD_ONCE_INIT;

static void tls_init(void)
{
	soap_ssl_init();
	ctx_index = SSL_CTX_get_ex_new_index(0, NULL, NULL, NULL, NULL);
}

static void hex_digest(const X509 *cert, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	out[0] = '\0';
	if (!X509_digest(cert, EVP_sha256(), md, &n) || n != 32)
		return;
	for (unsigned int i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static int verify_pin(int ok, X509_STORE_CTX *ctx)
{
	SSL *ssl = X509_STORE_CTX_get_ex_data(ctx, SSL_get_ex_data_X509_STORE_CTX_idx());
	struct slgw_client *cl = ssl ? SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), ctx_index) : NULL;
	X509 *cert = X509_STORE_CTX_get_current_cert(ctx);

	(void)ok;
	if (!cl || !cl->pinning)
		return 0;
	if (X509_STORE_CTX_get_error_depth(ctx) > 0) {
		X509_STORE_CTX_set_error(ctx, X509_V_OK);
		return 1;
	}
	if (!cert)
		return 0;
	hex_digest(cert, cl->seen);
	if (cl->seen[0] && strcmp(cl->seen, cl->pin) == 0) {
		X509_STORE_CTX_set_error(ctx, X509_V_OK);
		return 1;
	}
	cl->pin_failed = true;
	return 0;
}

static int tls_setup(struct slgw_client *cl, const struct slgw_client_config *cfg, char *err,
		     size_t errlen)
{
	struct soap *soap = cl->soap;
	unsigned short flags = SOAP_TLSv1_2 | SOAP_TLSv1_3 | SOAP_SSL_REQUIRE_SERVER_AUTHENTICATION;

	pthread_once(&tls_once, tls_init);
	if (ctx_index < 0) {
		snprintf(err, errlen, "TLS setup failed (no OpenSSL ex_data index)");
		return SLGW_CLIENT_ETLS;
	}
	if (cl->pinning) {
		/* The pin replaces CA and host name checks. */
		soap->fsslverify = verify_pin;
		flags |= SOAP_SSL_SKIP_HOST_CHECK | SOAP_SSL_NO_DEFAULT_CA_PATH;
	} else if (cfg->cacert) {
		if (access(cfg->cacert, R_OK) != 0) {
			snprintf(err, errlen, "cannot read the CA file %.200s: %s", cfg->cacert,
				 strerror(errno));
			return SLGW_CLIENT_EINVAL;
		}
		flags |= SOAP_SSL_NO_DEFAULT_CA_PATH;
	}
	if (soap_ssl_client_context(soap, flags, NULL, NULL, cl->pinning ? NULL : cfg->cacert, NULL,
				    NULL) != SOAP_OK || !soap->ctx) {
		const char *s = soap_fault_string(soap), **d = soap_faultdetail(soap);

		snprintf(err, errlen, "TLS setup failed: %.200s%s%.200s", s ? s : "?",
			 d && *d ? ": " : "", d && *d ? *d : "");
		flatten(err);
		return cfg->cacert ? SLGW_CLIENT_EINVAL : SLGW_CLIENT_ETLS;
	}
	if (!SSL_CTX_set_ex_data(soap->ctx, ctx_index, cl)) {
		snprintf(err, errlen, "TLS setup failed (ex_data)");
		return SLGW_CLIENT_ETLS;
	}
	return 0;
}

/* ---- connecting: the fopen hook ------------------------------------------------- */

static void set_current(struct slgw_client *cl, int i)
{
	size_t n = strnlen(cl->srv[i].endpoint, sizeof(cl->endpoint) - 1);

	cl->cur = i;
	memcpy(cl->endpoint, cl->srv[i].endpoint, n);
	cl->endpoint[n] = '\0';
}

/* append: "sep endpoint: why" at the end of buf (truncated if full). */
static void append(char *buf, size_t len, const char *sep, const char *endpoint, const char *why)
{
	size_t n = strlen(buf);

	if (n + 1 < len)
		snprintf(buf + n, len - n, "%s%s: %s", sep, endpoint, why);
}

/* Why the last tcp_connect failed, in a few words. */
static void connect_reason(struct slgw_client *cl, char *out, size_t len, bool *tls)
{
	struct soap *soap = cl->soap;
	const char *s = soap_fault_string(soap), **d = soap_faultdetail(soap);

	*tls = soap->error == SOAP_SSL_ERROR || cl->pin_failed;
	if (cl->pin_failed)
		snprintf(out, len,
			 "TLS: the certificate does not match the pinned fingerprint (pinned: %s, presented: %s)",
			 cl->pin, cl->seen);
	else if (*tls)
		snprintf(out, len, "TLS: %.200s%s%.200s", s ? s : "handshake failed",
			 d && *d ? ": " : "", d && *d ? *d : "");
	else if (soap->errnum)
		snprintf(out, len, "%s", strerror(soap->errnum));
	else
		snprintf(out, len, "%.200s", s ? s : "cannot connect");
	flatten(out);
}

static SOAP_SOCKET client_fopen(struct soap *soap, const char *endpoint, const char *host, int port)
{
	struct slgw_client *cl = soap->user;
	SOAP_SOCKET sk = SOAP_INVALID_SOCKET;
	char why[512];

	(void)endpoint;
	(void)host;
	(void)port;
	cl->connect_failed = false;
	cl->connect_tls = false;
	cl->connect_msg[0] = '\0';
	for (int k = 0; k < cl->nsrv; k++) {
		int i = (cl->cur + k) % cl->nsrv;
		const struct server *s = &cl->srv[i];
		bool tls = false;

		soap->error = SOAP_OK;
		soap->errnum = 0;
		cl->pin_failed = false;
		cl->seen[0] = '\0';
		sk = cl->tcp_open(soap, s->endpoint, s->host, s->port);
		if (soap_valid_socket(sk) && soap->error == SOAP_OK) {
			set_current(cl, i);
			/* both far shorter than gSOAP's buffers (SOAP_TAGLEN) */
			snprintf(soap->endpoint, sizeof(soap->endpoint), "%s", s->endpoint);
			snprintf(soap->host, sizeof(soap->host), "%s", s->host);
			soap->port = s->port;
			return sk;
		}
		connect_reason(cl, why, sizeof(why), &tls);
		cl->connect_tls |= tls;
		append(cl->connect_msg, sizeof(cl->connect_msg), k ? "; " : "", s->endpoint, why);
	}
	cl->connect_failed = true;
	if (soap->error == SOAP_OK)
		soap->error = SOAP_TCP_ERROR;
	return SOAP_INVALID_SOCKET;
}

/* ---- open, close ------------------------------------------------------------------- */

int slgw_client_open(slgw_client **out, const struct slgw_client_config *cfg, char *err,
		     size_t errlen)
{
	struct slgw_client *cl;
	int rc;

	*out = NULL;
	rc = slgw_client_config_check(cfg, err, errlen);
	if (rc)
		return rc;
	cl = calloc(1, sizeof(*cl));
	if (!cl) {
		snprintf(err, errlen, "out of memory");
		return SLGW_CLIENT_ENOMEM;
	}
	cl->nsrv = parse_server_list(cl->srv, cfg->servers, cfg->allow_http, err, errlen);
	cl->user = strdup(cfg->user);
	if (cfg->password_file) {
		rc = slgw_client_read_password_file(&cl->password, cfg->password_file, err, errlen);
		if (rc)
			goto fail;
	} else {
		cl->password = strdup(cfg->password);
	}
	if (cl->nsrv <= 0 || !cl->user || !cl->password) {
		snprintf(err, errlen, "out of memory");
		rc = SLGW_CLIENT_ENOMEM;
		goto fail;
	}
	set_current(cl, 0);
	if (cfg->fingerprint) {
		cl->pinning = true;
		slgw_client_parse_fingerprint(cl->pin, cfg->fingerprint);
	}
	cl->soap = soap_new1(SOAP_C_UTFSTRING | SOAP_IO_KEEPALIVE);
	if (!cl->soap) {
		snprintf(err, errlen, "out of memory");
		rc = SLGW_CLIENT_ENOMEM;
		goto fail;
	}
	soap_set_namespaces(cl->soap, namespaces);
	cl->io_timeout_s = cfg->io_timeout_s ? cfg->io_timeout_s : 70;
	cl->soap->connect_timeout = cfg->connect_timeout_s ? cfg->connect_timeout_s : 15;
	cl->soap->send_timeout = cl->io_timeout_s;
	cl->soap->recv_timeout = cl->io_timeout_s;
	cl->soap->user = cl;
	cl->tcp_open = cl->soap->fopen;
	cl->soap->fopen = client_fopen;
	for (int i = 0; i < cl->nsrv; i++) {
		if (strncmp(cl->srv[i].endpoint, "https://", 8) == 0) {
			rc = tls_setup(cl, cfg, err, errlen);
			if (rc)
				goto fail;
			break;
		}
	}
	*out = cl;
	return 0;
fail:
	slgw_client_close(cl);
	return rc;
}

void slgw_client_close(slgw_client *cl)
{
	if (!cl)
		return;
	if (cl->soap) {
		cl->soap->userid = NULL;
		cl->soap->passwd = NULL;
		soap_destroy(cl->soap);
		soap_end(cl->soap);
		soap_free(cl->soap);
	}
	if (cl->password) {
		explicit_bzero(cl->password, strlen(cl->password));
		free(cl->password);
	}
	free(cl->user);
	explicit_bzero(cl, sizeof(*cl));
	free(cl);
}

void slgw_client_clear(slgw_client *cl)
{
	cl->fault = NULL;
	cl->fault_code = NULL;
	soap_destroy(cl->soap);
	soap_end(cl->soap);
}

struct soap *slgw_client_soap(slgw_client *cl)
{
	/* A new call: what the hook noted belongs to the previous one. */
	cl->connect_failed = false;
	/* gSOAP clears them after every call: set them for the next one. */
	cl->soap->userid = cl->user;
	cl->soap->passwd = cl->password;
	return cl->soap;
}

const char *slgw_client_endpoint(const slgw_client *cl)
{
	return cl->endpoint;
}

/* ---- errors ---------------------------------------------------------------------------- */

static const struct _slgw__fault *fault_detail(struct soap *soap)
{
	if (!soap->fault)
		return NULL;
	if (soap->fault->detail && soap->fault->detail->slgw__fault)
		return soap->fault->detail->slgw__fault;
	if (soap->fault->SOAP_ENV__Detail && soap->fault->SOAP_ENV__Detail->slgw__fault)
		return soap->fault->SOAP_ENV__Detail->slgw__fault;
	return NULL;
}

static bool transport_error(int rc)
{
	return rc == SOAP_TCP_ERROR || rc == SOAP_EOF || rc == SOAP_SSL_ERROR;
}

int slgw_client_check(slgw_client *cl, int rc)
{
	struct soap *soap = cl->soap;
	const struct _slgw__fault *f;
	const char *s, **d;

	cl->fault = NULL;
	cl->fault_code = NULL;
	cl->errmsg[0] = '\0';
	if (rc == SOAP_OK)
		return 0;
	f = fault_detail(soap);
	if (f) {
		cl->fault = f;
		cl->fault_code = soap_slgw__ErrorCode2s(soap, f->code);
		snprintf(cl->errmsg, sizeof(cl->errmsg), "%s", f->message ? f->message : "(no message)");
		return SLGW_CLIENT_EFAULT;
	}
	if (rc == 401 || rc == 403) {
		snprintf(cl->errmsg, sizeof(cl->errmsg),
			 "the gateway at %s refused user '%.128s' (HTTP %d)", cl->endpoint, cl->user, rc);
		return SLGW_CLIENT_EAUTH;
	}
	if (cl->connect_failed) {
		snprintf(cl->errmsg, sizeof(cl->errmsg), "%s", cl->connect_msg);
		return cl->connect_tls ? SLGW_CLIENT_ETLS : SLGW_CLIENT_EUNAVAILABLE;
	}
	s = soap_fault_string(soap);
	d = soap_faultdetail(soap);
	if (transport_error(rc) || rc == 502 || rc == 503 || rc == 504) {
		snprintf(cl->errmsg, sizeof(cl->errmsg), "%s: %s%.200s%s%.200s", cl->endpoint,
			 rc == SOAP_EOF ? "connection lost or no answer in time: " : "",
			 soap->errnum ? strerror(soap->errnum) : s ? s : "transport error",
			 d && *d ? ": " : "", d && *d ? *d : "");
		flatten(cl->errmsg);
		return rc == SOAP_SSL_ERROR ? SLGW_CLIENT_ETLS : SLGW_CLIENT_EUNAVAILABLE;
	}
	snprintf(cl->errmsg, sizeof(cl->errmsg), "unexpected reply from %s: %.200s%s%.200s",
		 cl->endpoint, s ? s : "?", d && *d ? ": " : "", d && *d ? *d : "");
	flatten(cl->errmsg);
	return SLGW_CLIENT_EPROTO;
}

const char *slgw_client_fault_code(const slgw_client *cl)
{
	return cl->fault_code;
}

const struct _slgw__fault *slgw_client_fault(const slgw_client *cl)
{
	return cl->fault;
}

const char *slgw_client_errmsg(const slgw_client *cl)
{
	return cl->errmsg;
}

/* ---- calls --------------------------------------------------------------------------------- */

/* A random (version 4) UUID, in soap memory. */
static char *new_request_id(struct soap *soap)
{
	unsigned char b[16];
	char *s;

	if (RAND_bytes(b, sizeof(b)) != 1)
		return NULL;
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	s = soap_malloc(soap, 37);
	if (!s)
		return NULL;
	snprintf(s, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
		 b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
		 b[14], b[15]);
	return s;
}

int slgw_client_begin_(struct slgw_client_attempt_ *at, slgw_client *cl, const char *op,
		       char **request_id)
{
	at->cl = cl;
	at->tries = 0;
	/* Resent after a cut only when that cannot do the work twice. */
	at->resend = request_id != NULL || is_read(op);
	cl->fault = NULL;
	cl->fault_code = NULL;
	cl->errmsg[0] = '\0';
	cl->connect_failed = false;
	if (!request_id && is_mutating(op)) {
		snprintf(cl->errmsg, sizeof(cl->errmsg),
			 "%s changes state: call it with slgw_call_mutating (it needs a clientRequestId to fail over)",
			 op);
		return SLGW_CLIENT_EINVAL;
	}
	if (request_id && !*request_id) {
		*request_id = new_request_id(cl->soap);
		if (!*request_id) {
			snprintf(cl->errmsg, sizeof(cl->errmsg), "cannot make a request id");
			return SLGW_CLIENT_ENOMEM;
		}
	}
	return 0;
}

int slgw_client_retry_(int *rc, struct slgw_client_attempt_ *at, int soap_rc)
{
	struct slgw_client *cl = at->cl;
	bool post_send = soap_rc != SOAP_OK && !cl->connect_failed && transport_error(soap_rc);

	at->tries++;
	*rc = slgw_client_check(cl, soap_rc);
	if (!post_send)
		return 0;
	/* The request may have reached the gateway: the connection is of no
	 * more use. It is resent, to the next server, only when that cannot
	 * do the work twice: a read, or a change with its clientRequestId. */
	cl->soap->keep_alive = 0;
	soap_force_closesock(cl->soap);
	if (!at->resend) {
		size_t n = strlen(cl->errmsg);

		snprintf(cl->errmsg + n, sizeof(cl->errmsg) - n,
			 " (the change may have been made; not resent)");
		return 0;
	}
	if (at->tries >= cl->nsrv)
		return 0;
	set_current(cl, (cl->cur + 1) % cl->nsrv);
	cl->soap->error = SOAP_OK;
	*rc = 0;
	return 1;
}

/* ---- jobs ---------------------------------------------------------------------------------------- */

static bool job_final(const struct slgw__Job *j)
{
	return j->state == slgw__JobState__SUCCEEDED || j->state == slgw__JobState__FAILED;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int slgw_client_job_wait(struct slgw__Job **out, slgw_client *cl, const struct slgw__Job *job,
			 int timeout_s, slgw_client_progress_fn progress, void *payload)
{
	struct slgw__Job *cur = (struct slgw__Job *)job;
	long long deadline;
	int rc;

	*out = cur;
	cl->fault = NULL;
	cl->fault_code = NULL;
	cl->errmsg[0] = '\0';
	if (!job || !job->id) {
		snprintf(cl->errmsg, sizeof(cl->errmsg), "the gateway answered without a job");
		return SLGW_CLIENT_EPROTO;
	}
	if (timeout_s < 1 || timeout_s > JOB_WAIT_MAX_S) {
		snprintf(cl->errmsg, sizeof(cl->errmsg), "job wait: timeout_s must be 1..%d",
			 JOB_WAIT_MAX_S);
		return SLGW_CLIENT_EINVAL;
	}
	deadline = now_ms() + (long long)timeout_s * 1000;
	if (progress && !job_final(cur))
		progress(cur, payload);
	while (!job_final(cur)) {
		struct _slgw__getJob req = { 0 };
		struct _slgw__getJobResponse resp = { 0 };
		long long left = deadline - now_ms();
		int *wait;
		enum slgw__JobState st = cur->state;
		int pct = cur->progress;

		if (left <= 0) {
			snprintf(cl->errmsg, sizeof(cl->errmsg), "job %.100s still %s after %ds",
				 cur->id, soap_slgw__JobState2s(cl->soap, cur->state), timeout_s);
			return SLGW_CLIENT_ETIMEDOUT;
		}
		wait = soap_malloc(cl->soap, sizeof(*wait));
		if (!wait)
			return SLGW_CLIENT_ENOMEM;
		*wait = left < POLL_WAIT_MS ? (int)left : POLL_WAIT_MS;
		req.jobId = cur->id;
		req.waitMs = wait;
		slgw_call(rc, cl, getJob, &req, &resp);
		if (rc)
			return rc;
		if (!resp.job || !resp.job->id) {
			snprintf(cl->errmsg, sizeof(cl->errmsg), "getJob answered without a job");
			return SLGW_CLIENT_EPROTO;
		}
		*out = cur = resp.job;
		if (progress && (cur->state != st || cur->progress != pct))
			progress(cur, payload);
	}
	if (cur->state == slgw__JobState__FAILED) {
		cl->fault_code = cur->errorCode ? soap_slgw__ErrorCode2s(cl->soap, *cur->errorCode)
						: "INTERNAL";
		snprintf(cl->errmsg, sizeof(cl->errmsg), "%s",
			 cur->errorMessage ? cur->errorMessage : "(no message)");
		return SLGW_CLIENT_EJOBFAILED;
	}
	return 0;
}
