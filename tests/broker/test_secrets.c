/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_secrets.c - an API admin is not the gateway host's root, tenants
 * share finite array resources, and array passwords stay secret:
 *  - limits: jobs queued or running per tenant, hosts per tenant
 *    (RESOURCE_EXHAUSTED with the numbers; retries and admins unaffected);
 *  - allowed paths: the naviseccli programs and security file directories
 *    an addStorageSystem may name are the configuration's, checked again
 *    when an adapter is built from a stored record;
 *  - passwords at rest: the key file (created 0600, refused when others may
 *    read it), AES-GCM sealed rows that a store without the key cannot
 *    open, the sealing of plain rows an older slgwd left, and slgwd's
 *    start-up step (srv_secrets_setup) doing it;
 *  - the configuration elements that carry all this, through the schema.
 * A real store in a mkdtemp directory per case, the counting fake array of
 * fake_array.c; each case is its own ctest entry (CK_RUN_CASE).
 */
#define _GNU_SOURCE
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "broker_internal.h"
#include "broker_fixture.h"
#include "fake_array.h"
#include "srv.h"
#include "../common/suite_each.h"

static char dir[256];
static store *S;
static broker *B;
static struct fake_array FA;
static struct broker_status st;
static const struct broker_caller ADMIN = { .user = "root", .is_admin = 1, .wait_ms = 10000 };
static char SYS[32], POOL0[32];

static const char *const ALLOW_CLI[] = { "/usr/local/bin/navisim-test", NULL };
static const char *const ALLOW_DIRS[] = { "/srv/navisec/", NULL };

static void broker_up(int configured)
{
	struct broker_config cfg;
	bfx_config(&cfg);
	if (configured) {
		cfg.max_jobs_per_tenant = 3;
		cfg.max_hosts_per_tenant = 2;
		cfg.allow_cli = ALLOW_CLI;
		cfg.allow_secfile_dirs = ALLOW_DIRS;
	}
	bfx_broker_up(&B, S, &cfg, &FA, &st);
}

static void store_path(char *buf, size_t len)
{
	snprintf(buf, len, "%s/store.db", dir);
}

static void setup(void)
{
	bfx_open(dir, sizeof(dir), "slgw-secrets", &S, &FA);
	broker_up(1);
}

static void teardown(void)
{
	bfx_close(dir, &B, &S, &FA);
}

static void add_system(void)
{
	bfx_add_system(SYS, POOL0, NULL, B, S, &ADMIN, &st);
}

static int64_t make_tenant(const char *name)
{
	store_tenant *t = NULL;
	ck_assert_int_eq(broker_add_tenant(&t, B, &ADMIN, name, "test tenant", &st), 0);
	int64_t id = t->id;
	store_tenant_free(t);
	char tid[32];
	snprintf(tid, sizeof(tid), "%" PRId64, id);
	struct broker_grant_req g = { .tenant_id = tid, .system_id = SYS, .pool_id = POOL0,
				      .quota_mb = 100000, .allow_thin = 1, .allow_thick = 1 };
	store_grant *gr = NULL;
	ck_assert_int_eq(broker_grant_storage_pool(&gr, B, &ADMIN, &g, &st), 0);
	store_grant_free(gr);
	return id;
}

/* ------------------------------------------------------------ limits */

static int alloc(const struct broker_caller *c, const char *name)
{
	struct broker_allocate_req req = { .system_id = SYS, .pool_id = POOL0, .name = name,
					   .size_mb = 10, .provisioning = STORE_PROV_THICK };
	store_job *j = NULL;
	int rc = broker_allocate_storage(B, c, &req, &j, &st);
	store_job_free(j);
	return rc;
}

/* The last call was refused for a tenant limit: RESOURCE_EXHAUSTED whose
 * message gives the count, the limit and the option that sets it. */
static void expect_limit(const char *count, const char *limit, const char *option)
{
	ck_assert_int_eq(st.code, SLGW_RESOURCE_EXHAUSTED);
	ck_assert_msg(strstr(st.message, count) && strstr(st.message, limit) &&
			      strstr(st.message, option), "%s", st.message);
}

/* How many volumes (hosts 0) or hosts (1) tenant t has in the store. */
static size_t tenant_owns(int64_t t, int hosts)
{
	store_filter f = { .tenant_id = t };
	size_t n = 0;
	if (hosts) {
		store_host *h = NULL;
		ck_assert_int_eq(store_host_list(&h, &n, S, &f), 0);
		store_host_array_free(h, n);
	} else {
		store_volume *v = NULL;
		ck_assert_int_eq(store_volume_list(&v, &n, S, &f), 0);
		store_volume_array_free(v, n);
	}
	return n;
}

/* The system added and tenant "acme" granted its pool; alice of acme
 * calls with wait_ms. */
static struct broker_caller alice_of_acme(int64_t *tenant, int wait_ms)
{
	add_system();
	*tenant = make_tenant("acme");
	return (struct broker_caller){ .user = "alice", .tenant_id = *tenant, .wait_ms = wait_ms };
}

START_TEST(test_jobs_per_tenant)
{
	int64_t t;
	struct broker_caller c = alice_of_acme(&t, 0);
	fake_gate(&FA, 1); /* creates wait: the jobs stay running */
	c.request_id = "r1";
	ck_assert_int_eq(alloc(&c, "v1"), 0);
	c.request_id = NULL;
	ck_assert_int_eq(alloc(&c, "v2"), 0);
	ck_assert_int_eq(alloc(&c, "v3"), 0);
	ck_assert_int_lt(alloc(&c, "v4"), 0);
	expect_limit("3 jobs", "limit is 3", "maxJobsPerTenant");
	/* the refused call left no volume behind */
	ck_assert_uint_eq(tenant_owns(t, 0), 3);
	/* a retry of an admitted request still gets its job */
	c.request_id = "r1";
	ck_assert_int_eq(alloc(&c, "v1"), 0);
	/* another tenant and the admin are not held back by acme's jobs */
	make_tenant("other");
	struct broker_caller o = { .user = "bob", .tenant_id = t + 1, .wait_ms = 0 };
	ck_assert_int_eq(alloc(&o, "w1"), 0);
	struct broker_caller a = ADMIN;
	a.wait_ms = 0;
	char tid[32];
	snprintf(tid, sizeof tid, "%" PRId64, t);
	struct broker_allocate_req req = { .system_id = SYS, .pool_id = POOL0, .name = "adm",
					   .size_mb = 10, .provisioning = STORE_PROV_THICK,
					   .tenant_id = tid };
	store_job *j = NULL;
	ck_assert_int_eq(broker_allocate_storage(B, &a, &req, &j, &st), 0);
	store_job_free(j);
	/* once they finish, acme may queue again */
	fake_gate(&FA, 0);
	c.request_id = NULL;
	c.wait_ms = 10000;
	for (int i = 0; i < 200 && alloc(&c, "v4") != 0; i++)
		usleep(50000);
	ck_assert_int_eq(st.code, SLGW_OK);
}
END_TEST

static int add_host(const struct broker_caller *c, const char *name, const char *iqn)
{
	const char *inits[] = { iqn };
	struct broker_host_add_req req = { .name = name, .initiators = inits, .n_initiators = 1,
					   .ip = "192.0.2.50" };
	store_job *j = NULL;
	int rc = broker_add_host(B, c, &req, &j, &st);
	if (rc == 0 && j->state != STORE_JOB_SUCCEEDED) {
		st.code = j->error_code ? SLGW_INTERNAL : SLGW_OK;
		rc = -1;
	}
	store_job_free(j);
	return rc;
}

START_TEST(test_hosts_per_tenant)
{
	int64_t t;
	struct broker_caller c = alice_of_acme(&t, 10000);
	ck_assert_int_eq(add_host(&c, "xs1", "iqn.2026-01.com.example:xs1"), 0);
	ck_assert_int_eq(add_host(&c, "xs2", "iqn.2026-01.com.example:xs2"), 0);
	ck_assert_int_lt(add_host(&c, "xs3", "iqn.2026-01.com.example:xs3"), 0);
	expect_limit("2 hosts", "limit is 2", "maxHostsPerTenant");
	/* the same host again is still the idempotent answer */
	ck_assert_int_eq(add_host(&c, "xs1", "iqn.2026-01.com.example:xs1"), 0);
	/* the admin adding for the tenant counts against the same limit */
	char tid[32];
	snprintf(tid, sizeof tid, "%" PRId64, t);
	const char *inits[] = { "iqn.2026-01.com.example:xs4" };
	struct broker_host_add_req req = { .name = "xs4", .tenant_id = tid, .initiators = inits,
					   .n_initiators = 1, .ip = "192.0.2.51" };
	store_job *j = NULL;
	ck_assert_int_lt(broker_add_host(B, &ADMIN, &req, &j, &st), 0);
	ck_assert_int_eq(st.code, SLGW_RESOURCE_EXHAUSTED);
	store_job_free(j);
	ck_assert_uint_eq(tenant_owns(t, 1), 2);
}
END_TEST

/* ------------------------------------------------------------ allowed paths */

static int add_with(const char *name, const char *cli, const char *secfile)
{
	struct broker_system_add_req req = { .adapter = "vnx", .name = name, .spa = "10.0.0.9",
					     .naviseccli_path = cli, .secfilepath = secfile };
	if (!secfile) {
		req.username = "sysadmin";
		req.password = "pw-123456";
	}
	store_job *j = NULL;
	int rc = broker_add_storage_system(B, &ADMIN, &req, &j, &st);
	store_job_free(j);
	return rc;
}

START_TEST(test_allowed_paths)
{
	/* programs: the configured default and the allowCli list only */
	ck_assert_int_lt(add_with("s1", "/bin/sh", NULL), 0);
	ck_assert_int_eq(st.code, SLGW_INVALID_ARGUMENT);
	ck_assert_msg(strstr(st.message, "naviseccliPath") && strstr(st.message, "/bin/sh"), "%s",
		      st.message);
	ck_assert_int_lt(add_with("s1", "/usr/local/bin/navisim-test/../../../bin/sh", NULL), 0);
	ck_assert_int_eq(add_with("s1", "/usr/local/bin/navisim-test", NULL), 0);
	ck_assert_int_eq(add_with("s2", "/opt/Navisphere/bin/naviseccli", NULL), 0);
	/* security files: in (or below) an allowSecurityFileDir only */
	ck_assert_int_lt(add_with("s3", NULL, "/home/eve/navisec"), 0);
	ck_assert_int_eq(st.code, SLGW_INVALID_ARGUMENT);
	ck_assert_msg(strstr(st.message, "securityFile"), "%s", st.message);
	ck_assert_int_lt(add_with("s3", NULL, "/srv/navisec/../../home/eve"), 0);
	ck_assert_int_lt(add_with("s3", NULL, "/srv/navisec-other/vnx"), 0);
	ck_assert_int_lt(add_with("s3", NULL, "/srv/navisec//vnx"), 0);
	/* the configured list replaces the default directory */
	ck_assert_int_lt(add_with("s3", NULL, "/var/lib/slgw/navisec/vnx"), 0);
	ck_assert_int_eq(add_with("s3", NULL, "/srv/navisec/vnx3"), 0);
	ck_assert_int_eq(add_with("s4", NULL, "/srv/navisec"), 0);

	/* with nothing configured: the default program and directory */
	broker_free(B);
	broker_up(0);
	ck_assert_int_lt(add_with("s5", "/usr/local/bin/navisim-test", NULL), 0);
	ck_assert_int_lt(add_with("s5", NULL, "/srv/navisec/vnx5"), 0);
	ck_assert_int_eq(add_with("s5", NULL, "/var/lib/slgw/navisec/vnx5"), 0);
}
END_TEST

/* A record that names a program or directory the configuration does not
 * (written before it changed) builds no adapter. */
START_TEST(test_stored_path_refused)
{
	B->adapter_factory = NULL; /* the real registry path */
	int64_t cred_id = 0, id = 0, id2 = 0, cred2 = 0;
	store_credential cred = { .name = "c1", .user = "admin", .password = "secret" };
	ck_assert_int_eq(store_credential_insert(&cred_id, S, &cred), 0);
	store_system rec = { .name = "old", .adapter = "vnx", .spa = "10.0.0.1",
			     .cli_path = "/bin/sh", .credential_id = cred_id };
	ck_assert_int_eq(store_system_insert(&id, S, &rec), 0);
	ck_assert_ptr_null(broker_adapter_get(B, id, &st));
	ck_assert_int_eq(st.code, SLGW_FAILED_PRECONDITION);
	ck_assert_msg(strstr(st.message, "/bin/sh"), "%s", st.message);

	store_credential c2 = { .name = "c2", .secfilepath = "/tmp/elsewhere" };
	ck_assert_int_eq(store_credential_insert(&cred2, S, &c2), 0);
	store_system r2 = { .name = "old2", .adapter = "vnx", .spa = "10.0.0.2",
			    .credential_id = cred2 };
	ck_assert_int_eq(store_system_insert(&id2, S, &r2), 0);
	ck_assert_ptr_null(broker_adapter_get(B, id2, &st));
	ck_assert_int_eq(st.code, SLGW_FAILED_PRECONDITION);
	ck_assert_msg(strstr(st.message, "/tmp/elsewhere"), "%s", st.message);
	B->adapter_factory = bfx_factory;
}
END_TEST

/* ------------------------------------------------------------ passwords */

/* The password column of credential `id` as the file holds it. */
static char *raw_password(int64_t id)
{
	char path[300];
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;
	char *out = NULL;
	store_path(path, sizeof path);
	ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT password FROM credentials WHERE id = ?", -1,
					    &q, NULL),
			 SQLITE_OK);
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
		out = strdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	sqlite3_close(db);
	return out;
}

START_TEST(test_key_file)
{
	char key_path[300], err[256];
	unsigned char k1[STORE_SECRET_KEY_LEN], k2[STORE_SECRET_KEY_LEN];
	struct stat sb;
	snprintf(key_path, sizeof key_path, "%s/array-key", dir);
	ck_assert_int_eq(store_secret_key_load(k1, key_path, err, sizeof err), 0);
	ck_assert_int_eq(stat(key_path, &sb), 0);
	ck_assert_int_eq((int)(sb.st_mode & 07777), 0600);
	ck_assert_int_eq((int)sb.st_size, STORE_SECRET_KEY_LEN);
	ck_assert_int_eq(store_secret_key_load(k2, key_path, err, sizeof err), 0);
	ck_assert_int_eq(memcmp(k1, k2, sizeof k1), 0);
	/* readable by others: refused, naming the fix */
	ck_assert_int_eq(chmod(key_path, 0644), 0);
	ck_assert_int_lt(store_secret_key_load(k2, key_path, err, sizeof err), 0);
	ck_assert_msg(strstr(err, "0644") && strstr(err, "chmod 600"), "%s", err);
	ck_assert_int_eq(chmod(key_path, 0600), 0);
	/* a symbolic link, or a file of another size: refused */
	char link_path[320];
	snprintf(link_path, sizeof link_path, "%s/key-link", dir);
	ck_assert_int_eq(symlink(key_path, link_path), 0);
	ck_assert_int_lt(store_secret_key_load(k2, link_path, err, sizeof err), 0);
	ck_assert_int_eq(truncate(key_path, 16), 0);
	ck_assert_int_lt(store_secret_key_load(k2, key_path, err, sizeof err), 0);
}
END_TEST

/* Credential id's password, read back through the store (unsealed). */
static void expect_password(int64_t id, const char *password)
{
	store_credential *g = NULL;
	ck_assert_int_eq(store_credential_get(&g, S, id), 0);
	ck_assert_str_eq(g->password, password);
	store_credential_free(g);
}

/* Credential id updated with password (sealed by the store on the way). */
static void set_password(int64_t id, const char *password)
{
	store_credential *u = NULL;
	ck_assert_int_eq(store_credential_get(&u, S, id), 0);
	free(u->password);
	u->password = strdup(password);
	ck_assert_int_eq(store_credential_update(S, u), 0);
	store_credential_free(u);
}

START_TEST(test_sealed_at_rest)
{
	char key_path[300], err[256], path[300];
	unsigned char key[STORE_SECRET_KEY_LEN];
	snprintf(key_path, sizeof key_path, "%s/array-key", dir);
	ck_assert_int_eq(store_secret_key_load(key, key_path, err, sizeof err), 0);
	ck_assert_int_eq(store_secret_key_set(S, key), 0);

	int64_t id1 = 0, id2 = 0;
	store_credential c = { .name = "vnx1", .user = "sysadmin", .password = "Top-Secret-1" };
	ck_assert_int_eq(store_credential_insert(&id1, S, &c), 0);
	c.name = "vnx2";
	ck_assert_int_eq(store_credential_insert(&id2, S, &c), 0);
	char *r1 = raw_password(id1), *r2 = raw_password(id2);
	ck_assert_ptr_nonnull(r1);
	ck_assert_msg(strncmp(r1, "enc1:", 5) == 0 && !strstr(r1, "Top-Secret"), "%s", r1);
	ck_assert_str_ne(r1, r2); /* a fresh nonce per record */
	store_credential *g = NULL;
	expect_password(id1, "Top-Secret-1");
	/* an update seals the new password */
	set_password(id2, "Changed-2");
	char *r3 = raw_password(id2);
	ck_assert_msg(strncmp(r3, "enc1:", 5) == 0 && !strstr(r3, "Changed"), "%s", r3);
	expect_password(id2, "Changed-2");

	/* a row moved into another credential does not open there */
	set_password(id2, r1); /* already sealed: written as is */
	ck_assert_int_lt(store_credential_get(&g, S, id2), 0);

	/* the same file opened without the key, or with another key */
	store *s2 = NULL;
	store_path(path, sizeof path);
	ck_assert_int_eq(store_open(&s2, path, err, sizeof err), 0);
	ck_assert_int_eq(store_credential_get(&g, s2, id1), STORE_EINVAL);
	ck_assert_ptr_null(g);
	ck_assert_ptr_nonnull(strstr(store_errmsg(), "key"));
	unsigned char other[STORE_SECRET_KEY_LEN];
	memset(other, 7, sizeof other);
	store_secret_key_set(s2, other);
	ck_assert_int_eq(store_credential_get(&g, s2, id1), STORE_EINVAL);
	store_close(s2);
	free(r1);
	free(r2);
	free(r3);
}
END_TEST

/* Plain rows an older slgwd left are sealed at the next start: by the
 * store call, and by slgwd's own start-up step, which also makes the key. */
START_TEST(test_seal_migration)
{
	int64_t id = 0, n = 0;
	store_credential c = { .name = "legacy", .user = "sysadmin", .password = "Plain-Old-1" };
	ck_assert_int_eq(store_credential_insert(&id, S, &c), 0); /* no key: as before */
	char *r = raw_password(id);
	ck_assert_str_eq(r, "Plain-Old-1");
	free(r);
	ck_assert_int_eq(store_credentials_seal(&n, S), STORE_EINVAL); /* no key */

	struct srv_config cfg;
	char err[512];
	ck_assert_int_eq(srv_config_defaults(&cfg), 0);
	free(cfg.state_dir);
	cfg.state_dir = strdup(dir);
	ck_assert_int_eq(srv_secrets_setup(S, &cfg, err, sizeof err), 0);
	char key_path[300];
	struct stat sb;
	snprintf(key_path, sizeof key_path, "%s/array-key", dir);
	ck_assert_int_eq(stat(key_path, &sb), 0);
	ck_assert_int_eq((int)(sb.st_mode & 07777), 0600);
	r = raw_password(id);
	ck_assert_msg(strncmp(r, "enc1:", 5) == 0 && !strstr(r, "Plain-Old"), "%s", r);
	free(r);
	store_credential *g = NULL;
	ck_assert_int_eq(store_credential_get(&g, S, id), 0);
	ck_assert_str_eq(g->password, "Plain-Old-1");
	store_credential_free(g);
	/* once done, a no-op */
	ck_assert_int_eq(store_credentials_seal(&n, S), 0);
	ck_assert_int_eq((int)n, 0);
	/* a key others may read stops slgwd from starting */
	ck_assert_int_eq(chmod(key_path, 0640), 0);
	ck_assert_int_lt(srv_secrets_setup(S, &cfg, err, sizeof err), 0);
	ck_assert_msg(strstr(err, "chmod 600"), "%s", err);
	srv_config_free(&cfg);
}
END_TEST

/* ------------------------------------------------------------ configuration */

static int load(struct srv_config *cfg, const char *body, char *err, size_t errlen)
{
	char path[300];
	snprintf(path, sizeof path, "%s/slgwd.xml", dir);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "<slgwd xmlns=\"urn:slgw:config:1\"><plainHttp/>%s</slgwd>\n", body);
	fclose(f);
	srv_config_free(cfg);
	ck_assert_int_eq(srv_config_defaults(cfg), 0);
	return srv_config_load(cfg, path, err, errlen);
}

START_TEST(test_config)
{
	struct srv_config cfg;
	char err[512];
	ck_assert_int_eq(srv_config_defaults(&cfg), 0);
	ck_assert_int_eq(cfg.max_jobs_per_tenant, 64);
	ck_assert_int_eq(cfg.max_hosts_per_tenant, 256);
	ck_assert_ptr_null(cfg.allow_cli);
	ck_assert_int_eq(load(&cfg,
			      "<limits maxJobsPerTenant=\"5\" maxHostsPerTenant=\"7\"/>"
			      "<arrays naviseccli=\"/opt/Navisphere/bin/naviseccli\" "
			      "keyFile=\"/etc/slgw/array-key\">"
			      "<allowCli path=\"/usr/local/bin/navisim\"/>"
			      "<allowSecurityFileDir path=\"/etc/slgw/navisec\"/>"
			      "<allowCli path=\"/opt/other/naviseccli\"/></arrays>",
			      err, sizeof err),
			 0);
	ck_assert_int_eq(cfg.max_jobs_per_tenant, 5);
	ck_assert_int_eq(cfg.max_hosts_per_tenant, 7);
	ck_assert_str_eq(cfg.array_key_path, "/etc/slgw/array-key");
	ck_assert_str_eq(cfg.allow_cli[0], "/usr/local/bin/navisim");
	ck_assert_str_eq(cfg.allow_cli[1], "/opt/other/naviseccli");
	ck_assert_ptr_null(cfg.allow_cli[2]);
	ck_assert_str_eq(cfg.allow_secfile_dirs[0], "/etc/slgw/navisec");
	ck_assert_ptr_null(cfg.allow_secfile_dirs[1]);
	/* the schema refuses what is not a plain absolute path, naming it */
	ck_assert_int_lt(load(&cfg, "<arrays><allowCli path=\"navisim\"/></arrays>", err,
			      sizeof err),
			 0);
	ck_assert_msg(strstr(err, "path"), "%s", err);
	ck_assert_int_lt(load(&cfg, "<arrays><allowSecurityFileDir path=\"/etc/../tmp\"/></arrays>",
			      err, sizeof err),
			 0);
	ck_assert_int_lt(load(&cfg, "<arrays><allowCli/></arrays>", err, sizeof err), 0);
	ck_assert_int_lt(load(&cfg, "<limits maxHostsPerTenant=\"0\"/>", err, sizeof err), 0);
	ck_assert_msg(strstr(err, "maxHostsPerTenant"), "%s", err);
	ck_assert_int_eq(load(&cfg, "<arrays><allowCli path=\"/a/.b/..c\"/></arrays>", err,
			      sizeof err),
			 0);
	srv_config_free(&cfg);
}
END_TEST

static Suite *secrets_suite(void)
{
	Suite *s = suite_create("broker-secrets");
	const struct suite_test cases[] = {
		{ "jobs_limit", test_jobs_per_tenant },
		{ "hosts_limit", test_hosts_per_tenant },
		{ "allowed_paths", test_allowed_paths },
		{ "stored_path", test_stored_path_refused },
		{ "key_file", test_key_file },
		{ "sealed", test_sealed_at_rest },
		{ "seal_migration", test_seal_migration },
		{ "config", test_config },
	};
	SUITE_ADD_EACH(s, setup, teardown, 120, cases);
	return s;
}

int main(void)
{
	return suite_run(secrets_suite());
}
