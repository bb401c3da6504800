/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_auth.c - HTTP Basic authentication of SOAP callers.
 *
 * Passwords are verified by the broker against the store's salted PBKDF2
 * hashes.  PBKDF2 is deliberately slow (tens of ms), far slower than a
 * getStorageVolume, so successful verifications are cached for a short
 * time.  The cache key is SHA-256(process secret || user || 0 || password):
 * the password itself is never kept, and the random per-process secret
 * means the keys are useless outside this process.  A changed or removed
 * user is dropped from the cache by srv_auth_forget(), and entries expire
 * after cache_s seconds anyway.
 *
 * Failures are counted per (user, peer).  From the third consecutive
 * failure on, the pair is locked out for a period that doubles with each
 * further failure (1 s, 2 s, 4 s ... capped at 60 s); an attempt during
 * the lock-out is refused at once without checking the password.  Nothing
 * sleeps, so a password-guessing client never holds a worker thread, and
 * other users or peers are not affected.  A success resets the count.
 *
 * Both tables are small fixed arrays (no allocation per request).  A full
 * cache replaces its oldest entry.  The failure table never evicts a pair
 * that has reached the lock-out and failed within the last
 * AUTH_REMEMBER_S seconds: failing with a thousand other user names must
 * not make the table forget (and so unlock) a user under attack.  When
 * every slot holds such a pair, a new failure is not recorded (logged);
 * the pairs already locked stay locked.
 *
 * Password checks that miss the cache run PBKDF2 (hundreds of ms of CPU
 * each, unknown users included: the store hashes against a dummy so that
 * timing does not reveal which names exist).  At most max_checks of them
 * run at once; a call beyond that is answered UNAVAILABLE at once instead
 * of queueing, so a flood of made-up names cannot occupy every worker and
 * CPU.  Cached callers are not affected, and callers with the same
 * credentials as a check in progress (a client opening many connections at
 * once) wait for that check's result instead of running their own.
 *
 * The verification itself is a function (srv_auth_verify_fn): the broker's
 * in slgwd, a fake in the tests of this file.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "srv.h"

#define AUTH_CACHE_SLOTS 256
#define AUTH_FAIL_SLOTS 1024
#define AUTH_FREE_FAILURES 2
#define AUTH_MAX_LOCK_S 60
/* A locked pair is remembered this long after its last failure. */
#define AUTH_REMEMBER_S 900

struct cache_entry {
	unsigned char key[32];
	double expires;           /* monotonic seconds; 0 = empty */
	struct srv_identity id;
};

struct fail_entry {
	unsigned char key[32];
	int failures;
	double last;              /* monotonic seconds of the last failure */
	double locked_until;
};

/* A check in progress, whose result callers with the same credentials
 * share. */
struct inflight {
	unsigned char key[32];
	int used, finished, waiters;
	enum slgw_code code;
	struct srv_identity id;
	char msg[192];
};

struct srv_auth {
	srv_auth_verify_fn verify;
	void *verify_ctx;
	int cache_s;
	int max_checks;
	int checks_running;      /* PBKDF2 checks in progress (under lock) */
	struct inflight *inflight; /* 2 * max_checks slots (under lock) */
	pthread_cond_t done;      /* an inflight check finished */
	unsigned char secret[32];
	pthread_mutex_t lock;
	struct cache_entry cache[AUTH_CACHE_SLOTS];
	struct fail_entry fails[AUTH_FAIL_SLOTS];
};

static double mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* SHA-256(secret || a || 0 || b). */
static void keyed_hash(unsigned char out[32], const srv_auth *a, const char *x, const char *y)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned int len = 32;
	unsigned char zero = 0;

	memset(out, 0, 32);
	if (!md)
		return;
	if (EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1) {
		EVP_DigestUpdate(md, a->secret, sizeof a->secret);
		EVP_DigestUpdate(md, x, strlen(x));
		EVP_DigestUpdate(md, &zero, 1);
		EVP_DigestUpdate(md, y, strlen(y));
		EVP_DigestFinal_ex(md, out, &len);
	}
	EVP_MD_CTX_free(md);
}

/* The broker's verification (slgwd). */
static enum slgw_code broker_verify(void *ctx, struct srv_identity *id, const char *user,
				    const char *password, char *msg, size_t msglen)
{
	struct broker_status st;
	store_user *u = NULL;
	int rc = broker_authenticate(&u, ctx, user, password, &st);

	if (rc == 0 && u) {
		snprintf(id->user, sizeof id->user, "%s", u->name ? u->name : user);
		id->is_admin = u->role == STORE_ROLE_ADMIN;
		id->tenant_id = id->is_admin ? 0 : u->tenant_id;
		store_user_free(u);
		return SLGW_OK;
	}
	store_user_free(u);
	/* Internal errors of the store must not look like a wrong password. */
	if (rc != 0 && st.code != SLGW_UNAUTHENTICATED && st.code != SLGW_OK &&
	    st.code != SLGW_NOT_FOUND) {
		snprintf(msg, msglen, "authentication could not be checked: %s", st.message);
		return st.code;
	}
	return SLGW_UNAUTHENTICATED;
}

int srv_auth_new(srv_auth **out, broker *b, int cache_s)
{
	return srv_auth_new_with(out, broker_verify, b, cache_s, SRV_AUTH_MAX_CHECKS);
}

int srv_auth_new_with(srv_auth **out, srv_auth_verify_fn verify, void *ctx, int cache_s,
		      int max_checks)
{
	srv_auth *a;

	*out = NULL;
	if (!verify || max_checks < 1)
		return -1;
	a = calloc(1, sizeof *a);
	if (!a)
		return -1;
	if (RAND_bytes(a->secret, sizeof a->secret) != 1) {
		free(a);
		return -1;
	}
	a->verify = verify;
	a->verify_ctx = ctx;
	a->max_checks = max_checks;
	a->inflight = calloc(2 * (size_t)max_checks, sizeof *a->inflight);
	if (!a->inflight) {
		free(a);
		return -1;
	}
	pthread_cond_init(&a->done, NULL);
	a->cache_s = cache_s;
	pthread_mutex_init(&a->lock, NULL);
	*out = a;
	return 0;
}

void srv_auth_free(srv_auth *a)
{
	if (!a)
		return;
	pthread_mutex_destroy(&a->lock);
	pthread_cond_destroy(&a->done);
	OPENSSL_cleanse(a->inflight, 2 * (size_t)a->max_checks * sizeof *a->inflight);
	free(a->inflight);
	OPENSSL_cleanse(a, sizeof *a);
	free(a);
}

/* A pair that must not be evicted: locked out (or past the free failures)
 * and failing recently. */
static int fail_retained(const struct fail_entry *f, double now)
{
	return f->failures > AUTH_FREE_FAILURES &&
	       (f->locked_until > now || now - f->last < AUTH_REMEMBER_S);
}

/* The entry of key; with create, a new one in a free slot or in place of
 * the oldest entry that is not retained; NULL when there is none. */
static struct fail_entry *fail_find(srv_auth *a, const unsigned char key[32], int create,
				    double now)
{
	struct fail_entry *victim = NULL;

	for (int i = 0; i < AUTH_FAIL_SLOTS; i++) {
		struct fail_entry *f = &a->fails[i];
		if (f->failures && !memcmp(f->key, key, 32))
			return f;
		if (f->failures && fail_retained(f, now))
			continue;
		if (!victim || (!f->failures && victim->failures) ||
		    (!!f->failures == !!victim->failures && f->last < victim->last))
			victim = f;
	}
	if (!create || !victim)
		return NULL;
	memset(victim, 0, sizeof *victim);
	memcpy(victim->key, key, 32);
	return victim;
}

enum slgw_code srv_auth_check(srv_auth *a, struct srv_identity *id, const char *user,
			      const char *password, const char *peer, char *msg, size_t msglen)
{
	unsigned char ckey[32], fkey[32];
	struct srv_identity got;
	struct fail_entry *f;
	struct inflight *mine = NULL;
	enum slgw_code code;
	double now = mono_now();

	memset(id, 0, sizeof *id);
	if (!user || !*user || !password) {
		snprintf(msg, msglen,
			 "authentication required: send HTTP Basic credentials (user and password)");
		return SLGW_UNAUTHENTICATED;
	}
	if (strlen(user) >= sizeof id->user || strlen(password) > 1024) {
		snprintf(msg, msglen, "authentication failed: user name or password too long");
		return SLGW_UNAUTHENTICATED;
	}
	keyed_hash(fkey, a, user, peer ? peer : "");
	keyed_hash(ckey, a, user, password);

	pthread_mutex_lock(&a->lock);
	f = fail_find(a, fkey, 0, now);
	if (f && f->locked_until > now) {
		int left = (int)(f->locked_until - now) + 1;
		pthread_mutex_unlock(&a->lock);
		snprintf(msg, msglen,
			 "authentication refused: too many failed attempts for this user from this "
			 "address; retry in %d s",
			 left);
		return SLGW_UNAUTHENTICATED;
	}
	for (int i = 0; i < AUTH_CACHE_SLOTS; i++) {
		struct cache_entry *e = &a->cache[i];
		if (e->expires > now && CRYPTO_memcmp(e->key, ckey, 32) == 0) {
			*id = e->id;
			pthread_mutex_unlock(&a->lock);
			return SLGW_OK;
		}
	}
	for (int i = 0; i < 2 * a->max_checks; i++) {
		struct inflight *w = &a->inflight[i];
		if (w->used && CRYPTO_memcmp(w->key, ckey, 32) == 0) {
			/* The same credentials are being checked: share the result. */
			w->waiters++;
			while (!w->finished)
				pthread_cond_wait(&a->done, &a->lock);
			code = w->code;
			if (code == SLGW_OK)
				*id = w->id;
			else
				snprintf(msg, msglen, "%s", w->msg);
			if (--w->waiters == 0)
				memset(w, 0, sizeof *w);
			pthread_mutex_unlock(&a->lock);
			return code;
		}
	}
	for (int i = 0; i < 2 * a->max_checks && !mine; i++)
		if (!a->inflight[i].used)
			mine = &a->inflight[i];
	if (a->checks_running >= a->max_checks || !mine) {
		pthread_mutex_unlock(&a->lock);
		snprintf(msg, msglen,
			 "authentication busy: too many password checks in progress; retry in a "
			 "second");
		return SLGW_UNAVAILABLE;
	}
	a->checks_running++;
	memcpy(mine->key, ckey, 32);
	mine->used = 1;
	pthread_mutex_unlock(&a->lock);

	/* The slow part runs without the lock. */
	memset(&got, 0, sizeof got);
	msg[0] = 0;
	code = a->verify(a->verify_ctx, &got, user, password, msg, msglen);
	now = mono_now();

	pthread_mutex_lock(&a->lock);
	a->checks_running--;
	mine->finished = 1;
	mine->code = code;
	mine->id = got;
	if (code == SLGW_UNAUTHENTICATED || code == SLGW_NOT_FOUND) {
		mine->code = SLGW_UNAUTHENTICATED;
		snprintf(mine->msg, sizeof mine->msg,
			 "authentication failed: unknown user or wrong password");
	} else if (code != SLGW_OK) {
		snprintf(mine->msg, sizeof mine->msg, "%s",
			 msg[0] ? msg : "authentication could not be checked");
	}
	if (mine->waiters == 0)
		memset(mine, 0, sizeof *mine);
	else
		pthread_cond_broadcast(&a->done);
	if (code == SLGW_OK) {
		struct cache_entry *slot = &a->cache[0];
		*id = got;
		f = fail_find(a, fkey, 0, now);
		if (f)
			memset(f, 0, sizeof *f);
		if (a->cache_s > 0) {
			for (int i = 0; i < AUTH_CACHE_SLOTS; i++)
				if (a->cache[i].expires < slot->expires)
					slot = &a->cache[i];
			memcpy(slot->key, ckey, 32);
			slot->id = *id;
			slot->expires = now + a->cache_s;
		}
		pthread_mutex_unlock(&a->lock);
		return SLGW_OK;
	}
	if (code != SLGW_UNAUTHENTICATED && code != SLGW_NOT_FOUND) {
		/* The check itself failed (store error): not the caller's fault,
		 * not counted. */
		pthread_mutex_unlock(&a->lock);
		if (!msg[0])
			snprintf(msg, msglen, "authentication could not be checked");
		return code;
	}
	f = fail_find(a, fkey, 1, now);
	if (f) {
		f->failures++;
		f->last = now;
		if (f->failures > AUTH_FREE_FAILURES) {
			int shift = f->failures - AUTH_FREE_FAILURES - 1;
			double lock = shift >= 6 ? AUTH_MAX_LOCK_S : (double)(1 << shift);
			f->locked_until = now + (lock > AUTH_MAX_LOCK_S ? AUTH_MAX_LOCK_S : lock);
		}
	}
	pthread_mutex_unlock(&a->lock);
	if (!f)
		srv_log(SRV_LOG_WARN, "authentication failure from %s not tracked: every slot "
				      "holds a locked-out user",
			peer ? peer : "?");
	snprintf(msg, msglen, "authentication failed: unknown user or wrong password");
	return SLGW_UNAUTHENTICATED;
}

void srv_auth_forget(srv_auth *a, const char *user)
{
	pthread_mutex_lock(&a->lock);
	for (int i = 0; i < AUTH_CACHE_SLOTS; i++)
		if (a->cache[i].expires > 0 && !strcmp(a->cache[i].id.user, user))
			memset(&a->cache[i], 0, sizeof a->cache[i]);
	pthread_mutex_unlock(&a->lock);
}
