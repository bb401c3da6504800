/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_secrets.c - slgwd's array-password key: where it lives and when it
 * is applied.
 *
 * The key is a file beside the store but not in it (<arrays keyFile>, by
 * default <stateDir>/array-key): a copy of the database alone - a backup
 * taken with slgwd --backup, a file lifted from the disk - then holds the
 * array passwords only encrypted.  It is created on the first start (32
 * random bytes, mode 0600) and checked on every start like the TLS key
 * (refused when group or others may read it).  Right after the store is
 * opened, and before the broker can build an adapter, the key is handed to
 * the store and every password an older slgwd left in plain text is
 * encrypted; the log says how many, never which.  The cryptography itself
 * is the store's (store/secrets.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "srv.h"

int srv_secrets_setup(store *st, const struct srv_config *cfg, char *err, size_t errlen)
{
	unsigned char key[STORE_SECRET_KEY_LEN];
	char path[4200];
	char why[512] = "";
	int64_t sealed = 0;

	if (cfg->array_key_path)
		snprintf(path, sizeof path, "%s", cfg->array_key_path);
	else if (snprintf(path, sizeof path, "%s/array-key", cfg->state_dir ? cfg->state_dir : ".") >=
		 (int)sizeof path) {
		snprintf(err, errlen, "the state directory path is too long for the array key");
		return -1;
	}
	if (store_secret_key_load(key, path, why, sizeof why)) {
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	store_secret_key_set(st, key);
	OPENSSL_cleanse(key, sizeof key);
	if (store_credentials_seal(&sealed, st)) {
		snprintf(err, errlen, "encrypting the stored array passwords: %s", store_errmsg());
		return -1;
	}
	if (sealed > 0)
		srv_log(SRV_LOG_INFO, "encrypted %lld stored array password(s) with the key %s",
			(long long)sealed, path);
	return 0;
}
