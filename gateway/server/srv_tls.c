/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_tls.c - a self-signed certificate for the demo, made with OpenSSL's
 * API (no openssl(1) process, nothing through a shell).
 *
 * The certificate names 127.0.0.1 and localhost (CN and subjectAltName) so
 * that clients that verify host names (python requests / zeep with
 * verify=CERT, gSOAP with SOAP_SSL_DEFAULT) accept it when they are given
 * the certificate file as their trust anchor.  The key is written first to
 * a file created with mode 0600.
 *
 * It also holds the TLS policy of the server (srv_tls_harden_ctx: cipher
 * list, no renegotiation) and the key file check done before the key is
 * loaded (srv_tls_check_key_file: a key readable by group or others is
 * refused, so a mistaken chmod stops the daemon instead of leaking).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "srv.h"

static int add_ext(X509 *cert, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *ex;

	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, cert, cert, NULL, NULL, 0);
	ex = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	if (!ex)
		return -1;
	X509_add_ext(cert, ex, -1);
	X509_EXTENSION_free(ex);
	return 0;
}

/* Writes cert as PEM; 0 or -1. */
static int write_cert(const char *path, X509 *cert)
{
	FILE *f = fopen(path, "w");
	int ok;

	if (!f)
		return -1;
	ok = PEM_write_X509(f, cert);
	if (fclose(f))
		ok = 0;
	return ok ? 0 : -1;
}

int srv_tls_make_self_signed(const char *cert_path, const char *key_path, char *err,
			     size_t errlen)
{
	EVP_PKEY *pkey = NULL;
	X509 *cert = NULL;
	X509_NAME *name;
	ASN1_INTEGER *serial = NULL;
	unsigned char rnd[16];
	FILE *f = NULL;
	int fd, rc = -1;

	pkey = EVP_RSA_gen(2048);
	cert = X509_new();
	serial = ASN1_INTEGER_new();
	if (!pkey || !cert || !serial) {
		snprintf(err, errlen, "cannot create a key pair: %s",
			 ERR_reason_error_string(ERR_get_error()));
		goto out;
	}
	X509_set_version(cert, 2);
	/* A random positive serial so re-generated demo certificates differ. */
	if (RAND_bytes(rnd, sizeof rnd) != 1)
		goto fail;
	rnd[0] &= 0x7f;
	{
		BIGNUM *bn = BN_bin2bn(rnd, sizeof rnd, NULL);
		if (!bn || !BN_to_ASN1_INTEGER(bn, serial)) {
			BN_free(bn);
			goto fail;
		}
		BN_free(bn);
	}
	X509_set_serialNumber(cert, serial);
	X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
	X509_gmtime_adj(X509_getm_notAfter(cert), 10L * 365 * 24 * 3600);
	X509_set_pubkey(cert, pkey);
	name = X509_get_subject_name(cert);
	X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, (const unsigned char *)"slgw demo", -1,
				   -1, 0);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"127.0.0.1",
				   -1, -1, 0);
	X509_set_issuer_name(cert, name);
	if (add_ext(cert, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost") ||
	    add_ext(cert, NID_basic_constraints, "critical,CA:TRUE") ||
	    add_ext(cert, NID_key_usage, "critical,digitalSignature,keyEncipherment,keyCertSign") ||
	    add_ext(cert, NID_ext_key_usage, "serverAuth") ||
	    add_ext(cert, NID_subject_key_identifier, "hash") ||
	    /* strict verifiers (Python 3.13's ssl) want the AKI as well */
	    add_ext(cert, NID_authority_key_identifier, "keyid:always"))
		goto fail;
	if (!X509_sign(cert, pkey, EVP_sha256()))
		goto fail;

	fd = open(key_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		if (fd >= 0)
			close(fd);
		snprintf(err, errlen, "cannot write %s", key_path);
		goto out;
	}
	{
		int ok = PEM_write_PrivateKey(f, pkey, NULL, NULL, 0, NULL, NULL);
		if (fclose(f))
			ok = 0;
		f = NULL;
		if (!ok) {
			snprintf(err, errlen, "cannot write %s", key_path);
			goto out;
		}
	}
	if (write_cert(cert_path, cert)) {
		snprintf(err, errlen, "cannot write %s", cert_path);
		goto out;
	}
	rc = 0;
	goto out;
fail:
	snprintf(err, errlen, "cannot make the certificate: %s",
		 ERR_reason_error_string(ERR_get_error()));
out:
	if (f)
		fclose(f);
	ASN1_INTEGER_free(serial);
	X509_free(cert);
	EVP_PKEY_free(pkey);
	return rc;
}

/*
 * The served TLS policy.  TLS 1.2 is limited to ECDHE key exchange with
 * AEAD ciphers (forward secrecy, no CBC, no RSA key transport); TLS 1.3
 * keeps OpenSSL's default suites, which are all AEAD.  Renegotiation is
 * off: a client cannot make the server redo the expensive handshake on an
 * open connection.  Compression is off (CRIME).
 */
#define SRV_TLS12_CIPHERS                                                                  \
	"ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"                      \
	"ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"                      \
	"ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305"

int srv_tls_harden_ctx(void *ssl_ctx, char *err, size_t errlen)
{
	SSL_CTX *ctx = ssl_ctx;

	if (!ctx) {
		snprintf(err, errlen, "TLS: no context");
		return -1;
	}
	if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1 ||
	    SSL_CTX_set_cipher_list(ctx, SRV_TLS12_CIPHERS) != 1) {
		snprintf(err, errlen, "TLS: cannot set the cipher list: %s",
			 ERR_reason_error_string(ERR_get_error()));
		return -1;
	}
	SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION |
					 SSL_OP_CIPHER_SERVER_PREFERENCE);
	return 0;
}

int srv_tls_check_key_file(const char *path, char *err, size_t errlen)
{
	struct stat sb;

	if (!path || stat(path, &sb) != 0) {
		snprintf(err, errlen, "cannot read the TLS key %s", path ? path : "(none)");
		return -1;
	}
	if (sb.st_mode & (S_IRWXG | S_IRWXO)) {
		snprintf(err, errlen,
			 "the TLS key %s has mode %04o: it must not be readable by group or "
			 "others (chmod 600 %s)",
			 path, (unsigned)(sb.st_mode & 07777), path);
		return -1;
	}
	return 0;
}
