/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * auth.c - users and their password hashes.
 *
 * A password is never stored: only "pbkdf2-sha256$<iterations>$<salt hex>$
 * <hash hex>" from OpenSSL's PKCS5_PBKDF2_HMAC with a random 16-byte salt
 * from RAND_bytes. The iteration count is part of the string so it can be
 * raised later without invalidating old hashes. Verification compares with
 * CRYPTO_memcmp, and an unknown user costs the same KDF work as a wrong
 * password so response time does not reveal which names exist.
 * The slow KDF runs outside any transaction (no lock held while hashing).
 * A hash with fewer than PW_ITER iterations is replaced after the next
 * successful verification, in a transaction that changes it only if it is
 * still the hash that was verified (a concurrent password change wins).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "store_int.h"

/* OWASP's 2023 figure for PBKDF2-HMAC-SHA256.  Hashes made with fewer
 * iterations still verify, and are re-made with PW_ITER at the next good
 * login (store_user_verify). */
#define PW_ITER 600000
#define PW_SALT 16
#define PW_LEN 32
#define PW_MAXLEN 1024

static void hex(char *out, const unsigned char *in, size_t n)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

static int unhex(unsigned char *out, size_t n, const char *in, size_t inlen)
{
	if (inlen != 2 * n)
		return -1;
	for (size_t i = 0; i < 2 * n; i++) {
		char ch = in[i];
		int v = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
		if (v < 0)
			return -1;
		if (i % 2 == 0)
			out[i / 2] = (unsigned char)(v << 4);
		else
			out[i / 2] |= (unsigned char)v;
	}
	return 0;
}

static int kdf(unsigned char *out, const char *password, const unsigned char *salt, int iter)
{
	return PKCS5_PBKDF2_HMAC(password, (int)strlen(password), salt, PW_SALT, iter, EVP_sha256(),
	                         PW_LEN, out) == 1 ? 0 : -1;
}

static int check_password(const char *password)
{
	size_t n = password ? strlen(password) : 0;

	if (n == 0 || n > PW_MAXLEN)
		return store_seterr(STORE_EINVAL, "user.password: must be 1..%d bytes", PW_MAXLEN);
	return 0;
}

static int pw_hash_iter(char **out, const char *password, int iter)
{
	unsigned char salt[PW_SALT], h[PW_LEN];
	char salthex[2 * PW_SALT + 1], hhex[2 * PW_LEN + 1];
	char buf[160];

	*out = NULL;
	if (RAND_bytes(salt, sizeof(salt)) != 1)
		return store_seterr(STORE_ERROR, "no random bytes for a password salt");
	if (kdf(h, password, salt, iter) != 0)
		return store_seterr(STORE_ERROR, "password hashing failed");
	hex(salthex, salt, sizeof(salt));
	hex(hhex, h, sizeof(h));
	OPENSSL_cleanse(h, sizeof(h));
	snprintf(buf, sizeof(buf), "pbkdf2-sha256$%d$%s$%s", iter, salthex, hhex);
	*out = strdup(buf);
	return *out ? 0 : store_seterr(STORE_ERROR, "out of memory");
}

int store_pw_hash(char **out, const char *password)
{
	return pw_hash_iter(out, password, PW_ITER);
}

int store_pw_hash_iterations(const char *encoded)
{
	long iter;
	char *end;

	if (!encoded || strncmp(encoded, "pbkdf2-sha256$", 14) != 0)
		return -1;
	iter = strtol(encoded + 14, &end, 10);
	if (end == encoded + 14 || *end != '$' || iter < 1000 || iter > 10000000)
		return -1;
	return (int)iter;
}

int store_pw_hash_with_iterations(char **out, const char *password, int iterations)
{
	*out = NULL;
	store_clearerr();
	if (iterations < 1000 || iterations > 10000000)
		return store_seterr(STORE_EINVAL, "iterations: must be 1000..10000000");
	if (check_password(password))
		return STORE_EINVAL;
	return pw_hash_iter(out, password, iterations);
}

/* Re-hashes a verified password whose hash has fewer than PW_ITER
 * iterations; only if the stored hash is still `old`.  Failures are not
 * the caller's concern (the login succeeded either way). */
static void pw_upgrade(store *s, const char *name, const char *old, const char *password)
{
	struct db_stmt *st;
	struct conn *c;
	char *hash = NULL;
	int rc;

	if (store_pw_hash_iterations(old) >= PW_ITER || store_pw_hash(&hash, password))
		return;
	rc = tx_prepare(&c, &st, s, 1, "UPDATE users SET pw_hash = ? WHERE name = ? AND pw_hash = ?");
	if (rc == 0) {
		db_bind_text(st, 1, hash);
		db_bind_text(st, 2, name);
		db_bind_text(st, 3, old);
		rc = db_step(st);
		db_reset(st);
		rc = rc == DB_DONE ? 0 : store_sqlerr(c, rc, "user");
	}
	tx_end(c, rc);
	conn_put(s, c);
	free(hash);
	store_clearerr();
}

int store_pw_check(const char *encoded, const char *password)
{
	unsigned char salt[PW_SALT], want[PW_LEN], got[PW_LEN];
	const char *p, *s1, *s2;
	char *end;
	long iter;
	int ok;

	if (!encoded || strncmp(encoded, "pbkdf2-sha256$", 14) != 0)
		return 0;
	p = encoded + 14;
	iter = strtol(p, &end, 10);
	if (end == p || *end != '$' || iter < 1000 || iter > 10000000)
		return 0;
	s1 = end + 1;
	s2 = strchr(s1, '$');
	if (!s2 || unhex(salt, PW_SALT, s1, (size_t)(s2 - s1)) != 0 ||
	    unhex(want, PW_LEN, s2 + 1, strlen(s2 + 1)) != 0)
		return 0;
	if (kdf(got, password, salt, (int)iter) != 0)
		return 0;
	ok = CRYPTO_memcmp(got, want, PW_LEN) == 0;
	OPENSSL_cleanse(got, sizeof(got));
	return ok;
}

int store_user_create(int64_t *out_id, store *s, const char *name, const char *password,
                      store_role role, int64_t tenant_id)
{
	store_user u = {.name = (char *)name, .role = role, .tenant_id = tenant_id};
	struct db_stmt *st;
	struct conn *c;
	char *hash = NULL;
	int64_t id = 0;
	int rc;

	store_clearerr();
	rc = rec_validate(&tab_user, &u);
	if (rc == 0)
		rc = check_password(password);
	if (rc == 0)
		rc = store_pw_hash(&hash, password);
	if (rc)
		return rc;
	rc = rec_tx_write(&c, s, &tab_user, &u);
	if (rc == 0)
		rc = rec_insert_c(c, &tab_user, &u, &id);
	if (rc == 0)
		rc = conn_prepare(c, "UPDATE users SET pw_hash = ? WHERE id = ?", &st);
	if (rc == 0) {
		db_bind_text(st, 1, hash);
		db_bind_int64(st, 2, id);
		rc = db_step(st);
		db_reset(st);
		rc = rc == DB_DONE ? 0 : store_sqlerr(c, rc, "user");
	}
	rc = tx_end(c, rc);
	conn_put(s, c);
	free(hash);
	if (rc == 0 && out_id)
		*out_id = id;
	return rc;
}

int store_user_verify(store *s, const char *name, const char *password, store_user **out)
{
	/* A well-formed hash of nothing anyone knows, for unknown users. */
	static const char dummy[] = "pbkdf2-sha256$600000$00000000000000000000000000000000$"
	                            "0000000000000000000000000000000000000000000000000000000000000000";
	struct db_stmt *st;
	struct conn *c;
	char *hash = NULL;
	void *u = NULL;
	int rc, ok;

	if (out)
		*out = NULL;
	store_clearerr();
	if (!name || !password || strlen(password) > PW_MAXLEN)
		return store_seterr(STORE_EAUTH, "authentication failed");
	c = conn_get(s);
	rc = tx_begin(c, 0);
	if (rc == 0)
		rc = rec_get_c(c, &tab_user, "name", 0, name, &u);
	if (rc == 0)
		rc = conn_prepare(c, "SELECT pw_hash FROM users WHERE name = ?", &st);
	if (rc == 0) {
		db_bind_text(st, 1, name);
		if (db_step(st) == DB_ROW && db_column_text(st, 0))
			hash = strdup((const char *)db_column_text(st, 0));
		db_reset(st);
	}
	rc = tx_end(c, rc);
	conn_put(s, c);
	if (rc && rc != STORE_ENOTFOUND) {
		store_user_free(u);
		return rc;
	}
	ok = store_pw_check(hash ? hash : dummy, password) && hash && u;
	if (ok)
		pw_upgrade(s, name, hash, password);
	free(hash);
	if (!ok) {
		store_user_free(u);
		return store_seterr(STORE_EAUTH, "authentication failed");
	}
	if (out)
		*out = u;
	else
		store_user_free(u);
	return 0;
}

/* Store an encoded hash as the user's password; ENOTFOUND when no user
 * has that name.  The one writer behind set_password and set_pw_hash. */
static int write_pw_hash(store *s, const char *name, const char *encoded)
{
	struct db_stmt *st;
	struct conn *c;
	char missing[216];
	int rc = tx_prepare(&c, &st, s, 1, "UPDATE users SET pw_hash = ?, updated = ? WHERE name = ?");

	if (rc == 0) {
		db_bind_text(st, 1, encoded);
		db_bind_int64(st, 2, store_now());
		db_bind_text(st, 3, name);
		snprintf(missing, sizeof(missing), "user '%.200s'", name);
		rc = conn_step_write(c, st, "user", missing);
	}
	rc = tx_end(c, rc);
	conn_put(s, c);
	return rc;
}

int store_user_set_password(store *s, const char *name, const char *password)
{
	char *hash = NULL;
	int rc;

	store_clearerr();
	if (!name)
		return store_seterr(STORE_EINVAL, "user.name: required");
	rc = check_password(password);
	if (rc == 0)
		rc = store_pw_hash(&hash, password);
	if (rc)
		return rc;
	rc = write_pw_hash(s, name, hash);
	free(hash);
	return rc;
}

int store_user_set_pw_hash(store *s, const char *name, const char *encoded)
{
	unsigned char probe[PW_LEN];
	const char *p;

	store_clearerr();
	if (!name)
		return store_seterr(STORE_EINVAL, "user.name: required");
	/* The shape store_pw_check reads: iterations, 32 hex salt, 64 hex hash. */
	p = encoded && store_pw_hash_iterations(encoded) > 0 ? strchr(encoded + 14, '$') : NULL;
	if (!p || !strchr(p + 1, '$') || strchr(p + 1, '$') - (p + 1) != 2 * PW_SALT ||
	    unhex(probe, PW_LEN, strchr(p + 1, '$') + 1, strlen(strchr(p + 1, '$') + 1)) != 0)
		return store_seterr(STORE_EINVAL,
		                    "user.pw_hash: not pbkdf2-sha256$<iterations>$<salt>$<hash>");
	return write_pw_hash(s, name, encoded);
}

int store_user_pw_iterations(int *out, store *s, const char *name)
{
	struct db_stmt *st;
	struct conn *c;
	int rc, found = 0;

	*out = 0;
	store_clearerr();
	if (!name)
		return store_seterr(STORE_EINVAL, "user.name: required");
	rc = tx_prepare(&c, &st, s, 0, "SELECT pw_hash FROM users WHERE name = ?");
	if (rc == 0) {
		db_bind_text(st, 1, name);
		if (db_step(st) == DB_ROW) {
			found = 1;
			*out = store_pw_hash_iterations((const char *)db_column_text(st, 0));
		}
		db_reset(st);
	}
	rc = tx_end(c, rc);
	conn_put(s, c);
	if (rc == 0 && !found)
		rc = store_seterr(STORE_ENOTFOUND, "user '%.200s' not found", name);
	return rc;
}
