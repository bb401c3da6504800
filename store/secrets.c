/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * secrets.c - array passwords at rest: sealed with a key that is not in the
 * database.
 *
 * Design
 * - The key is 32 random bytes in a file of its own (slgwd: <stateDir>/
 *   array-key), created on first use with mode 0600 and refused, like the
 *   TLS key, when group or others may read or write it.  It is never in the
 *   SQLite file, so a copy of the store (a backup, a stolen disk image of
 *   the database alone) does not reveal the array passwords.
 * - A sealed password is the text "enc1:" followed by base64 of
 *   nonce (12 bytes, random per write) | AES-256-GCM ciphertext | tag (16).
 *   The credential's name is the additional data, so a sealed value copied
 *   into another credential's row does not open there.
 * - The store holds the key (store_secret_key_set) and seals in
 *   store_credential_insert / _update and opens in store_credential_get
 *   (objects.c calls credential_seal / credential_open below), so no other
 *   code handles sealed text.  Without a key the store writes and reads
 *   plain text as before (the unit tests of other layers run so); slgwd
 *   always sets one before the broker starts.  A sealed password read
 *   without the key, or with another key, is an error, never garbage.
 * - store_credentials_seal() encrypts every plain-text password left by an
 *   older slgwd, one row update each, at every start (a no-op once done),
 *   so the upgrade needs no schema step and a crash midway leaves every
 *   row either plain or sealed, never lost; the next start finishes it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "store_int.h"

#define SEAL_PREFIX "enc1:"
#define NONCE_LEN 12
#define TAG_LEN 16

int store_secret_key_load(unsigned char key[STORE_SECRET_KEY_LEN], const char *path, char *err,
			  size_t errlen)
{
	struct stat sb;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0 && errno == ENOENT) {
		unsigned char fresh[STORE_SECRET_KEY_LEN];
		int wfd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (wfd >= 0) {
			int ok = RAND_bytes(fresh, sizeof fresh) == 1 &&
				 write(wfd, fresh, sizeof fresh) == (ssize_t)sizeof fresh &&
				 fsync(wfd) == 0;
			OPENSSL_cleanse(fresh, sizeof fresh);
			if (close(wfd) != 0 || !ok) {
				unlink(path);
				snprintf(err, errlen, "cannot create the array key %s: %s", path,
					 strerror(errno ? errno : EIO));
				return STORE_ERROR;
			}
		} else if (errno != EEXIST) { /* EEXIST: another process made it */
			snprintf(err, errlen, "cannot create the array key %s: %s", path,
				 strerror(errno));
			return STORE_ERROR;
		}
		fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	}
	if (fd < 0) {
		snprintf(err, errlen, "cannot read the array key %s: %s", path, strerror(errno));
		return STORE_ERROR;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "the array key %s is not a regular file", path);
		close(fd);
		return STORE_EINVAL;
	}
	if (sb.st_mode & (S_IRWXG | S_IRWXO)) {
		snprintf(err, errlen,
			 "the array key %s has mode %04o: it must not be readable by group or "
			 "others (chmod 600 %s)",
			 path, (unsigned)(sb.st_mode & 07777), path);
		close(fd);
		return STORE_EINVAL;
	}
	if (sb.st_size != STORE_SECRET_KEY_LEN ||
	    read(fd, key, STORE_SECRET_KEY_LEN) != STORE_SECRET_KEY_LEN) {
		snprintf(err, errlen, "the array key %s is not %d bytes long", path,
			 STORE_SECRET_KEY_LEN);
		OPENSSL_cleanse(key, STORE_SECRET_KEY_LEN);
		close(fd);
		return STORE_EINVAL;
	}
	close(fd);
	return 0;
}

int store_secret_key_set(store *s, const unsigned char key[STORE_SECRET_KEY_LEN])
{
	pthread_mutex_lock(&s->mu);
	memcpy(s->secret_key, key, STORE_SECRET_KEY_LEN);
	s->has_secret_key = 1;
	pthread_mutex_unlock(&s->mu);
	return 0;
}

/* Copies the key out under the lock; 0 when the store has none. */
static int key_get(store *s, unsigned char key[STORE_SECRET_KEY_LEN])
{
	int have;
	pthread_mutex_lock(&s->mu);
	have = s->has_secret_key;
	if (have)
		memcpy(key, s->secret_key, STORE_SECRET_KEY_LEN);
	pthread_mutex_unlock(&s->mu);
	return have;
}

int credential_is_sealed(const char *v)
{
	return v && strncmp(v, SEAL_PREFIX, strlen(SEAL_PREFIX)) == 0;
}

/* AES-256-GCM of in (len bytes) into out (len bytes) and tag; aad = name. */
static int gcm(int enc, const unsigned char *key, const unsigned char *nonce, const char *aad,
	       const unsigned char *in, int len, unsigned char *out, unsigned char *tag)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n = 0, ok;

	ok = ctx && EVP_CipherInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL, enc) == 1 &&
	     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, NONCE_LEN, NULL) == 1 &&
	     EVP_CipherInit_ex(ctx, NULL, NULL, key, nonce, enc) == 1 &&
	     EVP_CipherUpdate(ctx, NULL, &n, (const unsigned char *)aad, (int)strlen(aad)) == 1 &&
	     (len == 0 || EVP_CipherUpdate(ctx, out, &n, in, len) == 1);
	if (ok && !enc)
		ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, TAG_LEN, tag) == 1;
	if (ok)
		ok = EVP_CipherFinal_ex(ctx, out + (len ? n : 0), &n) == 1;
	if (ok && enc)
		ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, TAG_LEN, tag) == 1;
	EVP_CIPHER_CTX_free(ctx);
	return ok ? 0 : -1;
}

int credential_seal(char **out, store *s, const char *name, const char *plain)
{
	unsigned char key[STORE_SECRET_KEY_LEN];
	size_t len = strlen(plain), raw_len = NONCE_LEN + len + TAG_LEN;
	unsigned char *raw;
	char *txt;
	int rc = STORE_ERROR;

	*out = NULL;
	if (!key_get(s, key))
		return 1; /* no key: the caller stores plain text */
	raw = malloc(raw_len);
	txt = malloc(strlen(SEAL_PREFIX) + 4 * ((raw_len + 2) / 3) + 1);
	if (raw && txt && RAND_bytes(raw, NONCE_LEN) == 1 &&
	    gcm(1, key, raw, name ? name : "", (const unsigned char *)plain, (int)len,
		raw + NONCE_LEN, raw + NONCE_LEN + len) == 0) {
		strcpy(txt, SEAL_PREFIX);
		EVP_EncodeBlock((unsigned char *)txt + strlen(SEAL_PREFIX), raw, (int)raw_len);
		*out = txt;
		txt = NULL;
		rc = 0;
	} else {
		store_seterr(STORE_ERROR, "credential %s: cannot encrypt the password",
			     name ? name : "");
	}
	OPENSSL_cleanse(key, sizeof key);
	if (raw) {
		OPENSSL_cleanse(raw, raw_len);
		free(raw);
	}
	free(txt);
	return rc;
}

int credential_open(char **out, store *s, const char *name, const char *sealed)
{
	unsigned char key[STORE_SECRET_KEY_LEN];
	const char *b64 = sealed + strlen(SEAL_PREFIX);
	size_t b64_len = strlen(b64);
	unsigned char *raw = NULL;
	char *plain = NULL;
	int raw_len, len, rc = STORE_EINVAL;

	*out = NULL;
	if (!key_get(s, key))
		return store_seterr(STORE_EINVAL,
				    "credential %s: the password is encrypted and this store was "
				    "given no array key", name ? name : "");
	raw = malloc(b64_len / 4 * 3 + 3);
	if (!raw || b64_len % 4) {
		store_seterr(STORE_EINVAL, "credential %s: the encrypted password is malformed",
			     name ? name : "");
		goto out;
	}
	raw_len = EVP_DecodeBlock(raw, (const unsigned char *)b64, (int)b64_len);
	/* EVP_DecodeBlock counts base64 padding as zero bytes */
	for (size_t i = b64_len; i > 0 && b64[i - 1] == '='; i--)
		raw_len--;
	len = raw_len - NONCE_LEN - TAG_LEN;
	plain = len >= 0 ? malloc((size_t)len + 1) : NULL;
	if (!plain || gcm(0, key, raw, name ? name : "", raw + NONCE_LEN, len, (unsigned char *)plain,
			  raw + NONCE_LEN + len) != 0) {
		store_seterr(STORE_EINVAL,
			     "credential %s: the password does not decrypt with this array key "
			     "(another gateway's key, or a damaged row)", name ? name : "");
		goto out;
	}
	plain[len] = '\0';
	*out = plain;
	plain = NULL;
	rc = 0;
out:
	OPENSSL_cleanse(key, sizeof key);
	if (raw) {
		OPENSSL_cleanse(raw, b64_len / 4 * 3 + 3);
		free(raw);
	}
	if (plain) {
		OPENSSL_cleanse(plain, (size_t)(len > 0 ? len : 0));
		free(plain);
	}
	return rc;
}

int store_credentials_seal(int64_t *out_sealed, store *s)
{
	void *r = NULL;
	size_t n = 0;
	int64_t sealed = 0;
	unsigned char key[STORE_SECRET_KEY_LEN];
	int rc;

	if (out_sealed)
		*out_sealed = 0;
	if (!key_get(s, key))
		return store_seterr(STORE_EINVAL, "credentials: the store was given no array key");
	OPENSSL_cleanse(key, sizeof key);
	rc = rec_list(s, &tab_credential, NULL, NULL, &r, &n);
	if (rc)
		return rc;
	store_credential *arr = r;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!arr[i].password || credential_is_sealed(arr[i].password))
			continue;
		rc = store_credential_update(s, &arr[i]); /* seals on the way in */
		if (rc == 0)
			sealed++;
	}
	for (size_t i = 0; i < n; i++)
		if (arr[i].password)
			OPENSSL_cleanse(arr[i].password, strlen(arr[i].password));
	rec_array_free(&tab_credential, arr, n);
	if (out_sealed)
		*out_sealed = sealed;
	return rc;
}

void store_secret_key_wipe(store *s)
{
	OPENSSL_cleanse(s->secret_key, sizeof s->secret_key);
	s->has_secret_key = 0;
}
