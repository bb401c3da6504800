/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_auth.c - users: passwords verify, wrong ones and unknown users get
 * the same EAUTH, a password change takes effect, and no password appears
 * anywhere in the bytes of the database, its WAL or a backup.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers.h"

static struct tdir dir;
static store *st;

static void setup(void)
{
	tdir_make(&dir);
	st = open_store(&dir, "auth.db");
}

static void teardown(void)
{
	store_close(st);
	tdir_remove(&dir);
}

/* Does the file contain the byte string needle? */
static int file_contains(const char *path, const char *needle)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 16, n = 0, nl = strlen(needle);
	char *buf;
	int found = 0;

	if (!f)
		return 0;
	buf = malloc(cap);
	ck_assert_ptr_nonnull(buf);
	for (;;) {
		size_t r;
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			ck_assert_ptr_nonnull(buf);
		}
		r = fread(buf + n, 1, cap - n, f);
		if (r == 0)
			break;
		n += r;
	}
	fclose(f);
	for (size_t i = 0; !found && i + nl <= n; i++)
		found = memcmp(buf + i, needle, nl) == 0;
	free(buf);
	return found;
}

START_TEST(verify_and_change_password)
{
	int64_t t = mk_tenant(st, "acme"), id = 0;
	store_user *u = NULL;

	ck_ok(store_user_create(&id, st, "alice", "correct horse", STORE_ROLE_TENANT, t));
	ck_ok(store_user_verify(st, "alice", "correct horse", &u));
	ck_assert_int_eq(u->id, id);
	ck_assert_str_eq(u->name, "alice");
	ck_assert_int_eq(u->tenant_id, t);
	store_user_free(u);
	ck_ok(store_user_verify(st, "alice", "correct horse", NULL));

	ck_store(store_user_verify(st, "alice", "correct hors", &u), STORE_EAUTH);
	ck_assert_ptr_null(u);
	char wrong_pw[256];
	snprintf(wrong_pw, sizeof(wrong_pw), "%s", store_errmsg());
	ck_store(store_user_verify(st, "mallory", "correct horse", &u), STORE_EAUTH);
	/* Unknown user and wrong password read the same. */
	ck_assert_str_eq(store_errmsg(), wrong_pw);
	ck_store(store_user_verify(st, "alice", "", NULL), STORE_EAUTH);
	ck_store(store_user_verify(st, NULL, "x", NULL), STORE_EAUTH);

	ck_ok(store_user_set_password(st, "alice", "battery staple"));
	ck_store(store_user_verify(st, "alice", "correct horse", NULL), STORE_EAUTH);
	ck_ok(store_user_verify(st, "alice", "battery staple", NULL));
	ck_store(store_user_set_password(st, "nobody", "x"), STORE_ENOTFOUND);
	ck_store(store_user_set_password(st, "alice", ""), STORE_EINVAL);

	/* Admins have no tenant. */
	ck_ok(store_user_create(NULL, st, "root", "r00t-pw", STORE_ROLE_ADMIN, 0));
	ck_ok(store_user_verify(st, "root", "r00t-pw", &u));
	ck_assert_int_eq(u->role, STORE_ROLE_ADMIN);
	store_user_free(u);
}
END_TEST

START_TEST(no_plaintext_in_the_files)
{
	const char *pw = "Pl41nT3xt-S3cr3t-!";
	char db[512], wal[512], backup[512];
	int64_t t;

	/* What is in the files is a SQLite matter: the PostgreSQL run looks
	 * at a SQLite store too (PostgreSQL's files are the server's). */
	if (store_test_on_pg()) {
		store_close(st);
		st = open_store_file(&dir, "auth.db");
	}
	t = mk_tenant(st, "acme");

	ck_ok(store_user_create(NULL, st, "alice", pw, STORE_ROLE_TENANT, t));
	ck_ok(store_user_create(NULL, st, "bob", pw, STORE_ROLE_TENANT, t));
	ck_ok(store_user_set_password(st, "bob", pw));
	ck_ok(store_audit_append(NULL, st,
	                         &(store_audit){.user = "alice", .operation = "login",
	                                        .outcome = "ok"}));
	tdir_file(&dir, "auth.db", db, sizeof(db));
	tdir_file(&dir, "auth.db-wal", wal, sizeof(wal));
	tdir_file(&dir, "copy.db", backup, sizeof(backup));
	ck_ok(store_backup(st, backup));
	/* The user names are there (so the search works)... */
	ck_assert(file_contains(db, "alice") || file_contains(wal, "alice"));
	ck_assert(file_contains(backup, "alice"));
	/* ...the password is not, and the hash format is. */
	ck_assert(!file_contains(db, pw));
	ck_assert(!file_contains(wal, pw));
	ck_assert(!file_contains(backup, pw));
	ck_assert(file_contains(backup, "pbkdf2-sha256$"));
	store_close(st);
	st = open_store_file(&dir, "auth.db"); /* checkpoint: all in the main file */
	ck_assert(!file_contains(db, pw));
	ck_ok(store_user_verify(st, "alice", pw, NULL));
	ck_ok(store_user_verify(st, "bob", pw, NULL));
}
END_TEST

START_TEST(new_files_are_private)
{
	char db[512], backup[512];
	struct stat sb;

	/* The store holds array passwords: owner-only, whatever the umask. */
	if (store_test_on_pg()) {
		store_close(st);
		st = open_store_file(&dir, "auth.db");
	}
	tdir_file(&dir, "auth.db", db, sizeof(db));
	tdir_file(&dir, "copy.db", backup, sizeof(backup));
	ck_assert_int_eq(stat(db, &sb), 0);
	ck_assert_msg((sb.st_mode & 077) == 0, "mode %o", (unsigned)sb.st_mode & 0777);
	ck_ok(store_credential_insert(NULL, st, &(store_credential){.name = "c", .user = "u",
	                                                            .password = "p"}));
	ck_ok(store_backup(st, backup));
	ck_assert_int_eq(stat(backup, &sb), 0);
	ck_assert_msg((sb.st_mode & 077) == 0, "backup mode %o", (unsigned)sb.st_mode & 0777);
}
END_TEST

int main(void)
{
	return STORE_SUITE("auth", setup, teardown, 120, verify_and_change_password,
		no_plaintext_in_the_files, new_files_are_private);
}
