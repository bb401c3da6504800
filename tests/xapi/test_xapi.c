/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_xapi.c - the SMAPIv3 plugin end to end: the installed command
 * names of <build>/xapi-storage-script run with JSON on stdin, as
 * xapi-storage-script runs them, against the real `slgwd --demo` on
 * navisim.
 *
 * One demo gateway serves the suite (started in main, before the forked
 * tests); each test makes its own SR uuid and host root, so tests do not
 * see each other's objects (which is also what two SRs on one pool must
 * guarantee). The gateway-down test starts a second gateway of its own and
 * kills it. Datapath tests (devices) are in test_xapi_dp.c with the fake
 * host. The "idl" case checks every kind of result against the
 * xapi-storage IDL's types as xapi-storage-script unmarshals them
 * (xs_idl.c), and every declared argument for a proper error when it is
 * missing or of the wrong type.
 */
#include <check.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "soapH.h"
#include "../gateway/e2e_harness.h"
#include "../common/suite_run.h"
#include "xs_check.h"
#include "xs_harness.h"
#include "xs_idl.h"

static struct e2e G;
static char pool_a[64], pool_b[64];

#define MiB (1024LL * 1024LL)

/* ---- helpers ---- */

static void host_init(struct xsh_host *h, const char *tag)
{
	memset(h, 0, sizeof *h);
	snprintf(h->root, sizeof h->root, "%s/host-%s-%d", G.dir, tag, (int)getpid());
	snprintf(h->uuid, sizeof h->uuid, "0b5c1e2a-%04x-4c6e-9a1b-%012d", (unsigned)getpid() & 0xffff,
		 (int)getpid());
	snprintf(h->iqn, sizeof h->iqn, "iqn.2026-01.test.slgw:%s-%d", tag, (int)getpid());
	ck_assert_int_eq(xsh_host_files(h), 0);
}

static json_t *ok(const struct xsh_host *h, const char *method, json_t *args)
{
	return xs_call(h, 0, method, args, 0);
}

/* A failure with the IDL / gateway code wanted. */
static void fails(const struct xsh_host *h, const char *method, json_t *args, const char *code)
{
	json_t *r = xs_call(h, 0, method, args, 1);

	ck_assert_str_eq(json_string_value(json_object_get(r, "code")), code);
	ck_assert(json_is_array(json_object_get(r, "params")));
	ck_assert(json_is_object(json_object_get(r, "backtrace")));
	json_decref(r);
}

static json_t *sr_args(const char *sr)
{
	json_t *a = json_object();

	json_object_set_new(a, "dbg", json_string("test"));
	json_object_set_new(a, "sr", json_string(sr));
	return a;
}

static json_t *key_args(const char *sr, const char *key)
{
	json_t *a = sr_args(sr);

	json_object_set_new(a, "key", json_string(key));
	return a;
}

static json_t *config(const char *pool)
{
	return xsh_config(G.port, G.tenant_pw, G.cert, pool);
}

/* SR.create + SR.attach of uuid on pool; the attached configuration
 * (the caller frees). */
static json_t *make_sr(const struct xsh_host *h, const char *uuid, const char *pool)
{
	json_t *a = json_object(), *conf, *sr;

	json_object_set_new(a, "dbg", json_string("test"));
	json_object_set_new(a, "uuid", json_string(uuid));
	json_object_set_new(a, "configuration", config(pool));
	json_object_set_new(a, "name", json_string("test SR"));
	json_object_set_new(a, "description", json_string("made by test_xapi"));
	conf = ok(h, "SR.create", a);
	ck_assert_str_eq(json_string_value(json_object_get(conf, "sr_uuid")), uuid);
	a = json_object();
	json_object_set_new(a, "dbg", json_string("test"));
	json_object_set(a, "configuration", conf);
	sr = ok(h, "SR.attach", a);
	ck_assert_str_eq(json_string_value(sr), uuid);
	json_decref(sr);
	return conf;
}

static json_t *vol_create(const struct xsh_host *h, const char *sr, const char *name,
			  long long size)
{
	json_t *a = sr_args(sr);

	json_object_set_new(a, "name", json_string(name));
	json_object_set_new(a, "description", json_string("a test disk"));
	json_object_set_new(a, "size", json_integer(size));
	json_object_set_new(a, "sharable", json_false());
	return ok(h, "Volume.create", a);
}

static const char *key_of(const json_t *v)
{
	return json_string_value(json_object_get(v, "key"));
}

/* The number of volumes in the SR.ls of sr. */
static size_t ls_size(const struct xsh_host *h, const char *sr)
{
	json_t *ls = ok(h, "SR.ls", sr_args(sr));
	size_t n = json_array_size(ls);

	ck_assert(json_is_array(ls));
	json_decref(ls);
	return n;
}

/* Is key in the SR.ls of sr? */
static int listed(const struct xsh_host *h, const char *sr, const char *key)
{
	json_t *ls = ok(h, "SR.ls", sr_args(sr)), *v;
	size_t i;
	int found = 0;

	ck_assert(json_is_array(ls));
	json_array_foreach(ls, i, v)
		found += !strcmp(key_of(v), key);
	json_decref(ls);
	return found;
}

static void uuid_for(char *buf, size_t len, const char *tag)
{
	snprintf(buf, len, "5e0d%04x-0000-4000-8000-%s", (unsigned)getpid() & 0xffff, tag);
}

/* A fresh host (host_init) with an SR made and attached on pool_a, its
 * uuid (uuid_for of uuid_tag) in uuid; the attached configuration (the
 * caller frees, or sr_destroy does). */
static json_t *host_and_sr(struct xsh_host *h, const char *host_tag, char uuid[64],
			   const char *uuid_tag)
{
	host_init(h, host_tag);
	uuid_for(uuid, 64, uuid_tag);
	return make_sr(h, uuid, pool_a);
}

/* SR.destroy of uuid, and its configuration freed. */
static void sr_destroy(const struct xsh_host *h, const char *uuid, json_t *conf)
{
	json_decref(ok(h, "SR.destroy", sr_args(uuid)));
	json_decref(conf);
}

/* SR.attach of the configuration conf again (not stolen). */
static void sr_attach_again(const struct xsh_host *h, json_t *conf)
{
	json_t *a = json_object();

	json_object_set(a, "configuration", conf);
	json_decref(ok(h, "SR.attach", a));
}

/* a with the fields of json_pack(fmt, ap) added; a is returned. */
static json_t *with_fields(json_t *a, const char *fmt, va_list ap)
{
	json_t *more = json_vpack_ex(NULL, 0, fmt, ap);

	ck_assert_ptr_nonnull(more);
	json_object_update(a, more);
	json_decref(more);
	return a;
}

/* sr_args / key_args with the fields of json_pack(fmt, ...) added. */
static json_t *sr_argsf(const char *sr, const char *fmt, ...)
{
	va_list ap;
	json_t *a;

	va_start(ap, fmt);
	a = with_fields(sr_args(sr), fmt, ap);
	va_end(ap);
	return a;
}

static json_t *key_argsf(const char *sr, const char *key, const char *fmt, ...)
{
	va_list ap;
	json_t *a;

	va_start(ap, fmt);
	a = with_fields(key_args(sr, key), fmt, ap);
	va_end(ap);
	return a;
}

/* Volume.clone of key (a volume or a snapshot): a new writable volume. */
static json_t *clone_of(const struct xsh_host *h, const char *sr, const char *key)
{
	json_t *c = ok(h, "Volume.clone", key_args(sr, key));

	ck_assert_int_eq(key_of(c)[0], 'v');
	ck_assert(json_is_true(json_object_get(c, "read_write")));
	return c;
}

/* ---- Plugin.Query and the command tree ---- */

START_TEST(query_and_tree)
{
	struct xsh_host h;
	json_t *q, *a;
	static const char *const vol[] = { SLGW_XAPI_VOLUME_METHODS_C };
	static const char *const dp[] = { SLGW_XAPI_DATAPATH_METHODS_C };
	char path[1024];
	struct stat st;

	host_init(&h, "q");
	a = json_object();
	json_object_set_new(a, "dbg", json_string("test"));
	q = ok(&h, "Plugin.Query", a);
	ck_assert_str_eq(json_string_value(json_object_get(q, "plugin")), "slgw");
	ck_assert_str_eq(json_string_value(json_object_get(q, "required_api_version")), "5.0");
	ck_assert(json_is_string(json_object_get(json_object_get(q, "configuration"), "server")));
	ck_assert(json_is_array(json_object_get(q, "features")));
	json_decref(q);
	a = json_object();
	json_object_set_new(a, "dbg", json_string("test"));
	q = xs_call(&h, 1, "Plugin.Query", a, 0);
	ck_assert_str_eq(json_string_value(json_object_get(q, "plugin")), "slgw");
	ck_assert_ptr_null(json_object_get(json_object_get(q, "configuration"), "server"));
	json_decref(q);
	/* Every installed name is a symlink to the binary and answers (no
	 * Unimplemented for a listed method: at worst a bad argument). */
	for (size_t i = 0; i < sizeof vol / sizeof *vol; i++) {
		int status;
		char *out;

		snprintf(path, sizeof path, "%s/volume/org.xen.xapi.storage.slgw/%s",
			 SLGW_XAPI_TREE, vol[i]);
		ck_assert_int_eq(lstat(path, &st), 0);
		ck_assert(S_ISLNK(st.st_mode));
		out = xsh_call_raw(SLGW_XAPI_TREE, 0, &h, vol[i], "{}", &status);
		ck_assert_ptr_nonnull(out);
		ck_assert_msg(status == 0 || status == 1, "%s exit %d", vol[i], status);
		ck_assert_msg(!strstr(out, "Unimplemented"), "%s: %s", vol[i], out);
		free(out);
	}
	for (size_t i = 0; i < sizeof dp / sizeof *dp; i++) {
		int status;
		char *out;

		snprintf(path, sizeof path, "%s/datapath/slgw/%s", SLGW_XAPI_TREE, dp[i]);
		ck_assert_int_eq(lstat(path, &st), 0);
		out = xsh_call_raw(SLGW_XAPI_TREE, 1, &h, dp[i], "{}", &status);
		ck_assert_ptr_nonnull(out);
		ck_assert_msg(!strstr(out, "Unimplemented"), "%s: %s", dp[i], out);
		free(out);
	}
}
END_TEST

/* SR.stat with stdin text exits 1 with an error object that says want. */
static void stat_refused(const struct xsh_host *h, const char *text, const char *want)
{
	int status;
	char *out = xsh_call_raw(SLGW_XAPI_TREE, 0, h, "SR.stat", text, &status);

	ck_assert_int_eq(status, 1);
	ck_assert_msg(out && strstr(out, want), "SR.stat of %s: %s", text, out ? out : "(none)");
	free(out);
}

/* The error object, byte for byte as the issue states it. */
START_TEST(error_shape)
{
	struct xsh_host h;
	int status;
	char *out;

	host_init(&h, "e");
	out = xsh_call_raw(SLGW_XAPI_TREE, 0, &h, "SR.stat", "{\"dbg\": \"x\", \"sr\": \"nosuch\"}",
			   &status);
	ck_assert_int_eq(status, 1);
	ck_assert_str_eq(out, "{\"code\": \"Sr_not_attached\", \"params\": [\"nosuch\"], "
			      "\"backtrace\": {\"error\": \"nosuch\", \"files\": [], \"lines\": []}}\n");
	free(out);
	stat_refused(&h, "not json", "\"code\": \"INVALID_ARGUMENT\"");
	stat_refused(&h, "{\"sr\": 7}", "sr: not a string");
	/* a path in the sr string never reaches the file system */
	stat_refused(&h, "{\"sr\": \"../../etc\"}", "SR_does_not_exist");
}
END_TEST

/* ---- SR ---- */

START_TEST(sr_probe_create_attach_stat_ls_destroy)
{
	struct xsh_host h;
	json_t *a, *r, *conf, *st, *h2;
	char uuid[64], path[1024];
	struct stat sb;
	size_t n;

	host_init(&h, "sr");
	/* probe with the connection only: the tenant's pools, incomplete */
	a = json_object();
	json_object_set_new(a, "dbg", json_string("t"));
	json_object_set_new(a, "configuration", config(NULL));
	r = ok(&h, "SR.probe", a);
	n = json_array_size(r);
	ck_assert_uint_ge(n, 2);
	for (size_t i = 0; i < n; i++) {
		json_t *p = json_array_get(r, i);

		ck_assert(json_is_false(json_object_get(p, "complete")));
		ck_assert_ptr_nonnull(json_string_value(json_object_get(
			json_object_get(p, "configuration"), "pool")));
		ck_assert_ptr_null(json_object_get(json_object_get(p, "configuration"), "uuid"));
		ck_assert_ptr_null(json_object_get(json_object_get(p, "configuration"), "password"));
	}
	json_decref(r);
	/* with system and pool (by name of the system): complete */
	a = json_object();
	json_object_set_new(a, "dbg", json_string("t"));
	json_object_set_new(a, "configuration", config(pool_a));
	r = ok(&h, "SR.probe", a);
	ck_assert_uint_eq(json_array_size(r), 1);
	ck_assert(json_is_true(json_object_get(json_array_get(r, 0), "complete")));
	json_decref(r);
	/* a pool that is not there */
	a = json_object();
	json_object_set_new(a, "dbg", json_string("t"));
	json_object_set_new(a, "configuration", config("no-such-pool"));
	fails(&h, "SR.probe", a, "NOT_FOUND");

	uuid_for(uuid, sizeof uuid, "000000000001");
	conf = make_sr(&h, uuid, pool_a);
	/* the record keeps the password: 0600 */
	snprintf(path, sizeof path, "%s/run/slgw-xapi/sr/%s.json", h.root, uuid);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	/* attach again (every boot): same answer, one host in the gateway,
	 * named by the installation UUID, with the IQN and the address */
	sr_attach_again(&h, conf);
	{
		struct soap *soap = e2e_client(&G, "tenant", G.tenant_pw);
		struct _slgw__enumHosts req = { 0 };
		struct _slgw__enumHostsResponse resp = { 0 };
		int found = 0;

		ck_assert_ptr_nonnull(soap);
		req.namePrefix = h.uuid;
		ck_assert_int_eq(soap_call___slgw__enumHosts(soap, G.endpoint, NULL, &req, &resp),
				 SOAP_OK);
		for (int i = 0; i < resp.__sizehost; i++) {
			if (strcmp(resp.host[i].name, h.uuid))
				continue;
			found++;
			ck_assert_int_eq(resp.host[i].__sizeinitiator, 1);
			ck_assert_str_eq(resp.host[i].initiator[0].id, h.iqn);
			ck_assert_str_eq(resp.host[i].hostAddress, "127.0.0.1");
		}
		ck_assert_int_eq(found, 1);
		e2e_client_free(soap);
	}

	st = ok(&h, "SR.stat", sr_args(uuid));
	ck_assert_str_eq(json_string_value(json_object_get(st, "sr")), uuid);
	ck_assert_str_eq(json_string_value(json_object_get(st, "uuid")), uuid);
	h2 = json_object_get(st, "health");
	ck_assert_str_eq(json_string_value(json_array_get(h2, 0)), "Healthy");
	ck_assert_str_eq(json_string_value(json_array_get(h2, 1)), "");
	/* the demo grants 100 GiB per pool: the room is the quota's */
	ck_assert_int_gt(json_integer_value(json_object_get(st, "free_space")), 0);
	ck_assert_int_le(json_integer_value(json_object_get(st, "total_space")),
			 100LL * 1024 * MiB);
	ck_assert_int_le(json_integer_value(json_object_get(st, "free_space")),
			 json_integer_value(json_object_get(st, "total_space")));
	json_decref(st);

	/* set_name reaches SR.stat */
	a = sr_argsf(uuid, "{s:s}", "new_name", "renamed");
	json_decref(ok(&h, "SR.set_name", a));
	a = sr_argsf(uuid, "{s:s}", "new_description", "described");
	json_decref(ok(&h, "SR.set_description", a));
	st = ok(&h, "SR.stat", sr_args(uuid));
	ck_assert_str_eq(json_string_value(json_object_get(st, "name")), "renamed");
	ck_assert_str_eq(json_string_value(json_object_get(st, "description")), "described");
	json_decref(st);

	ck_assert_uint_eq(ls_size(&h, uuid), 0);

	/* diagnostics name the attached SR, never the password */
	a = json_object();
	json_object_set_new(a, "dbg", json_string("t"));
	r = ok(&h, "Plugin.diagnostics", a);
	ck_assert(json_is_string(r));
	ck_assert_ptr_nonnull(strstr(json_string_value(r), uuid));
	ck_assert_ptr_null(strstr(json_string_value(r), G.tenant_pw));
	json_decref(r);

	/* detach: gone from this host, idempotent */
	json_decref(ok(&h, "SR.detach", sr_args(uuid)));
	json_decref(ok(&h, "SR.detach", sr_args(uuid)));
	fails(&h, "SR.stat", sr_args(uuid), "Sr_not_attached");
	fails(&h, "SR.ls", sr_args(uuid), "Sr_not_attached");
	fails(&h, "SR.destroy", sr_args(uuid), "Sr_not_attached");

	/* attach again and destroy with a volume in it: the volume goes too */
	sr_attach_again(&h, conf);
	r = vol_create(&h, uuid, "doomed", 4 * MiB);
	json_decref(ok(&h, "SR.destroy", sr_args(uuid)));
	fails(&h, "SR.ls", sr_args(uuid), "Sr_not_attached");
	/* and the gateway no longer has it */
	sr_attach_again(&h, conf);
	ck_assert_int_eq(listed(&h, uuid, key_of(r)), 0);
	json_decref(r);
	json_decref(conf);
}
END_TEST

/* SR.probe with config(pool) but key set to value fails with code. */
static void probe_refused(const struct xsh_host *h, const char *pool, const char *key,
			  const char *value, const char *code)
{
	json_t *c = config(pool);

	json_object_set_new(c, key, json_string(value));
	fails(h, "SR.probe", json_pack("{s:o}", "configuration", c), code);
}

START_TEST(sr_attach_needs_create_config)
{
	struct xsh_host h;
	json_t *a;

	host_init(&h, "cfg");
	a = json_object();
	json_object_set_new(a, "configuration", config(pool_a));
	fails(&h, "SR.attach", a, "INVALID_ARGUMENT");
	probe_refused(&h, pool_a, "password-file", "/nonexistent", "INVALID_ARGUMENT");
	probe_refused(&h, pool_a, "provisioning", "fat", "INVALID_ARGUMENT");
	/* a wrong password is the gateway's refusal */
	probe_refused(&h, NULL, "password", "wrong-password", "UNAUTHENTICATED");
}
END_TEST

/* ---- volumes ---- */

START_TEST(volume_lifecycle)
{
	struct xsh_host h;
	json_t *conf, *v, *s, *c, *c2, *a, *r, *keys;
	char uuid[64], uri[256];
	const char *vk, *sk;

	conf = host_and_sr(&h, "vol", uuid, "000000000002");

	/* create: rounded up to whole MiB, read-write, one slgw:// uri */
	v = vol_create(&h, uuid, "disk one", 10 * MiB + 1);
	vk = key_of(v);
	ck_assert_int_eq(vk[0], 'v');
	ck_assert_str_eq(json_string_value(json_object_get(v, "name")), "disk one");
	ck_assert_str_eq(json_string_value(json_object_get(v, "description")), "a test disk");
	ck_assert_int_eq(json_integer_value(json_object_get(v, "virtual_size")), 11 * MiB);
	ck_assert(json_is_true(json_object_get(v, "read_write")));
	ck_assert(json_is_false(json_object_get(v, "sharable")));
	ck_assert_uint_eq(json_string_length(json_object_get(v, "uuid")), 36);
	snprintf(uri, sizeof uri, "slgw://%s/%s", uuid, vk);
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(v, "uri"), 0)), uri);
	ck_assert_uint_eq(json_object_size(json_object_get(v, "keys")), 0);
	ck_assert_int_eq(listed(&h, uuid, vk), 1);

	/* xapi's keys persist in the gateway and come back */
	a = key_argsf(uuid, vk, "{s:s,s:s}", "k", "vdi-type", "v", "user");
	json_decref(ok(&h, "Volume.set", a));
	a = key_argsf(uuid, vk, "{s:s,s:s}", "k", "snapshot_time", "v", "20260101T00:00:00Z");
	json_decref(ok(&h, "Volume.set", a));
	r = ok(&h, "Volume.stat", key_args(uuid, vk));
	keys = json_object_get(r, "keys");
	ck_assert_str_eq(json_string_value(json_object_get(keys, "vdi-type")), "user");
	ck_assert_str_eq(json_string_value(json_object_get(keys, "snapshot_time")),
			 "20260101T00:00:00Z");
	ck_assert_uint_eq(json_object_size(keys), 2);
	json_decref(r);
	a = key_argsf(uuid, vk, "{s:s}", "k", "snapshot_time");
	json_decref(ok(&h, "Volume.unset", a));
	/* the plugin's own keys are not xapi's to set */
	a = key_argsf(uuid, vk, "{s:s,s:s}", "k", "slgw.name", "v", "x");
	fails(&h, "Volume.set", a, "INVALID_ARGUMENT");
	a = key_argsf(uuid, vk, "{s:s}", "new_name", "disk renamed");
	json_decref(ok(&h, "Volume.set_name", a));
	a = key_argsf(uuid, vk, "{s:s}", "new_description", "described");
	json_decref(ok(&h, "Volume.set_description", a));
	r = ok(&h, "Volume.stat", key_args(uuid, vk));
	ck_assert_str_eq(json_string_value(json_object_get(r, "name")), "disk renamed");
	ck_assert_str_eq(json_string_value(json_object_get(r, "description")), "described");
	keys = json_object_get(r, "keys");
	ck_assert_uint_eq(json_object_size(keys), 1);
	ck_assert_ptr_null(json_object_get(keys, "snapshot_time"));
	json_decref(r);

	/* snapshot: a read-only volume with its own key, in SR.ls */
	s = ok(&h, "Volume.snapshot", key_args(uuid, vk));
	sk = key_of(s);
	ck_assert_int_eq(sk[0], 's');
	ck_assert(json_is_false(json_object_get(s, "read_write")));
	ck_assert_str_eq(json_string_value(json_object_get(s, "name")), "disk renamed");
	ck_assert_int_eq(json_integer_value(json_object_get(s, "virtual_size")), 11 * MiB);
	/* extra metadata is not copied */
	ck_assert_uint_eq(json_object_size(json_object_get(s, "keys")), 0);
	ck_assert_int_eq(listed(&h, uuid, sk), 1);
	a = key_argsf(uuid, sk, "{s:s,s:s}", "k", "is_a_snapshot", "v", "true");
	json_decref(ok(&h, "Volume.set", a));
	r = ok(&h, "Volume.stat", key_args(uuid, sk));
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r, "keys"),
							   "is_a_snapshot")), "true");
	json_decref(r);
	/* a snapshot cannot grow */
	a = key_argsf(uuid, sk, "{s:I}", "new_size", (json_int_t)(20 * MiB));
	fails(&h, "Volume.resize", a, "INVALID_ARGUMENT");

	/* clone of a volume: writable, a new volume; the snapshot under it
	 * does not show */
	ck_assert_uint_eq(ls_size(&h, uuid), 2);
	c = clone_of(&h, uuid, vk);
	ck_assert_str_eq(json_string_value(json_object_get(c, "name")), "disk renamed");
	ck_assert_uint_eq(ls_size(&h, uuid), 3);
	/* clone of a snapshot */
	c2 = clone_of(&h, uuid, sk);
	ck_assert_int_eq(listed(&h, uuid, key_of(c2)), 1);

	/* resize: grows to at least the size; smaller is already done */
	a = key_argsf(uuid, vk, "{s:I}", "new_size", (json_int_t)(64 * MiB));
	json_decref(ok(&h, "Volume.resize", a));
	a = key_argsf(uuid, vk, "{s:I}", "new_size", (json_int_t)(2 * MiB));
	json_decref(ok(&h, "Volume.resize", a));
	r = ok(&h, "Volume.stat", key_args(uuid, vk));
	ck_assert_int_eq(json_integer_value(json_object_get(r, "virtual_size")), 64 * MiB);
	json_decref(r);

	/* destroy, clones first (they hold their snapshots) */
	json_decref(ok(&h, "Volume.destroy", key_args(uuid, key_of(c2))));
	json_decref(ok(&h, "Volume.destroy", key_args(uuid, key_of(c))));
	json_decref(ok(&h, "Volume.destroy", key_args(uuid, sk)));
	json_decref(ok(&h, "Volume.destroy", key_args(uuid, vk)));
	fails(&h, "Volume.stat", key_args(uuid, vk), "Volume_does_not_exist");
	fails(&h, "Volume.stat", key_args(uuid, sk), "Volume_does_not_exist");
	fails(&h, "Volume.stat", key_args(uuid, "v999999"), "Volume_does_not_exist");
	fails(&h, "Volume.stat", key_args(uuid, "x/../1"), "Volume_does_not_exist");
	ck_assert_uint_eq(ls_size(&h, uuid), 0);
	/* SR.destroy: nothing left, not even the hidden snapshot */
	json_decref(ok(&h, "SR.destroy", sr_args(uuid)));
	json_decref(c);
	json_decref(c2);
	json_decref(s);
	json_decref(v);
	json_decref(conf);
}
END_TEST

/* xapi's names and descriptions have no bound and may have several lines;
 * the gateway keeps 1024 bytes: the plugin cuts them there, at a
 * character boundary, instead of failing the create. */
START_TEST(long_text_is_clipped)
{
	struct xsh_host h;
	json_t *conf, *a, *v, *r;
	char uuid[64], name[2048 + 1];
	const char *got;

	conf = host_and_sr(&h, "clip", uuid, "000000000005");
	/* 1023 ASCII bytes, then two-byte characters: byte 1024 is the
	 * middle of one */
	memset(name, 'n', 1023);
	for (int i = 1023; i + 1 < 2048; i += 2) {
		name[i] = (char)0xc3;
		name[i + 1] = (char)0xa9;  /* U+00E9 */
	}
	name[2047] = '\0';
	a = sr_argsf(uuid, "{s:s,s:s,s:I,s:b}",
		     "name", name, "description", "line one\nline two", "size",
		     (json_int_t)(4 * MiB), "sharable", 1);
	v = ok(&h, "Volume.create", a);
	got = json_string_value(json_object_get(v, "name"));
	ck_assert_ptr_nonnull(got);
	ck_assert_uint_eq(strlen(got), 1023);
	ck_assert_int_eq(strncmp(got, name, 1023), 0);
	ck_assert_str_eq(json_string_value(json_object_get(v, "description")), "line one\nline two");
	ck_assert(json_is_true(json_object_get(v, "sharable")));
	r = ok(&h, "Volume.stat", key_args(uuid, key_of(v)));
	ck_assert_str_eq(json_string_value(json_object_get(r, "name")), got);
	json_decref(r);
	json_decref(v);
	sr_destroy(&h, uuid, conf);
}
END_TEST

/* ---- faults ---- */

START_TEST(fault_quota_exceeded)
{
	struct xsh_host h;
	json_t *conf, *a, *r;
	char uuid[64];

	conf = host_and_sr(&h, "quota", uuid, "000000000003");
	/* the demo's grant is 100 GiB */
	a = sr_argsf(uuid, "{s:s,s:s,s:I,s:b}",
		     "name", "too big", "description", "", "size",
		     (json_int_t)(200LL * 1024 * MiB), "sharable", 0);
	r = xs_call(&h, 0, "Volume.create", a, 1);
	ck_assert_str_eq(json_string_value(json_object_get(r, "code")), "RESOURCE_EXHAUSTED");
	/* the gateway's words, which name the quota */
	ck_assert_ptr_nonnull(strstr(json_string_value(json_array_get(json_object_get(r, "params"),
								       0)), "quota"));
	json_decref(r);
	ck_assert_uint_eq(ls_size(&h, uuid), 0);
	/* SR.stat's room is the quota's (the demo pool, 1 TiB, is larger):
	 * total is the grant, and a 1 GiB volume takes 1 GiB of free */
	{
		json_t *st = ok(&h, "SR.stat", sr_args(uuid)), *v;
		long long free0 = json_integer_value(json_object_get(st, "free_space"));

		ck_assert_int_eq(json_integer_value(json_object_get(st, "total_space")),
				 100LL * 1024 * MiB);
		json_decref(st);
		v = vol_create(&h, uuid, "one GiB", 1024 * MiB);
		st = ok(&h, "SR.stat", sr_args(uuid));
		ck_assert_int_eq(json_integer_value(json_object_get(st, "free_space")),
				 free0 - 1024 * MiB);
		json_decref(st);
		json_decref(v);
	}
	sr_destroy(&h, uuid, conf);
}
END_TEST

START_TEST(fault_deleted_behind_xapi)
{
	struct xsh_host h;
	json_t *conf, *v;
	char uuid[64];
	struct soap *soap;
	struct _slgw__deleteStorage req = { 0 };
	struct _slgw__deleteStorageResponse resp = { 0 };
	int wait = 30000;

	conf = host_and_sr(&h, "behind", uuid, "000000000004");
	v = vol_create(&h, uuid, "victim", 4 * MiB);
	/* someone deletes the LUN through the gateway, not through xapi */
	soap = e2e_client(&G, "tenant", G.tenant_pw);
	ck_assert_ptr_nonnull(soap);
	req.volumeId = (char *)key_of(v) + 1;
	req.waitMs = &wait;
	ck_assert_int_eq(soap_call___slgw__deleteStorage(soap, G.endpoint, NULL, &req, &resp),
			 SOAP_OK);
	e2e_client_free(soap);
	fails(&h, "Volume.stat", key_args(uuid, key_of(v)), "Volume_does_not_exist");
	ck_assert_int_eq(listed(&h, uuid, key_of(v)), 0);
	fails(&h, "Volume.snapshot", key_args(uuid, key_of(v)), "Volume_does_not_exist");
	fails(&h, "Volume.destroy", key_args(uuid, key_of(v)), "Volume_does_not_exist");
	json_decref(ok(&h, "SR.destroy", sr_args(uuid)));
	json_decref(v);
	json_decref(conf);
}
END_TEST

START_TEST(fault_two_srs_one_pool)
{
	struct xsh_host h;
	json_t *ca, *cb, *va, *vb, *sa;
	char ua[64], ub[64];

	host_init(&h, "two");
	uuid_for(ua, sizeof ua, "00000000000a");
	uuid_for(ub, sizeof ub, "00000000000b");
	ca = make_sr(&h, ua, pool_a);
	cb = make_sr(&h, ub, pool_a);
	va = vol_create(&h, ua, "in A", 4 * MiB);
	vb = vol_create(&h, ub, "in B", 4 * MiB);
	sa = ok(&h, "Volume.snapshot", key_args(ua, key_of(va)));
	/* each SR lists only its own */
	ck_assert_int_eq(listed(&h, ua, key_of(va)), 1);
	ck_assert_int_eq(listed(&h, ua, key_of(sa)), 1);
	ck_assert_int_eq(listed(&h, ua, key_of(vb)), 0);
	ck_assert_int_eq(listed(&h, ub, key_of(vb)), 1);
	ck_assert_int_eq(listed(&h, ub, key_of(va)), 0);
	ck_assert_int_eq(listed(&h, ub, key_of(sa)), 0);
	ck_assert_uint_eq(ls_size(&h, ub), 1);
	/* SR.probe of the pool finds both SRs, each with its own volumes */
	{
		json_t *pa = json_object(), *res, *p;
		size_t i;
		int seen_a = 0, seen_b = 0;

		json_object_set_new(pa, "configuration", config(pool_a));
		res = ok(&h, "SR.probe", pa);
		json_array_foreach(res, i, p) {
			const char *tag = json_string_value(json_object_get(
				json_object_get(p, "configuration"), "sr_uuid"));
			const char *n = json_string_value(json_object_get(
				json_object_get(p, "extra_info"), "volumes"));

			ck_assert(json_is_true(json_object_get(p, "complete")));
			if (!tag) {
				ck_assert_uint_eq(i, 0);  /* the new-SR configuration */
				continue;
			}
			ck_assert_str_eq(json_string_value(json_object_get(
						 json_object_get(p, "sr"), "uuid")), tag);
			if (!strcmp(tag, ua)) {
				seen_a++;
				ck_assert_str_eq(n, "1");
			}
			if (!strcmp(tag, ub)) {
				seen_b++;
				ck_assert_str_eq(n, "1");
			}
		}
		ck_assert_int_eq(seen_a, 1);
		ck_assert_int_eq(seen_b, 1);
		json_decref(res);
	}
	/* one SR cannot reach the other's volumes by key */
	fails(&h, "Volume.stat", key_args(ub, key_of(va)), "Volume_does_not_exist");
	fails(&h, "Volume.destroy", key_args(ub, key_of(va)), "Volume_does_not_exist");
	fails(&h, "Volume.clone", key_args(ub, key_of(sa)), "Volume_does_not_exist");
	/* destroying A leaves B's volume */
	json_decref(ok(&h, "SR.destroy", sr_args(ua)));
	ck_assert_int_eq(listed(&h, ub, key_of(vb)), 1);
	json_decref(ok(&h, "SR.destroy", sr_args(ub)));
	json_decref(sa);
	json_decref(va);
	json_decref(vb);
	json_decref(ca);
	json_decref(cb);
}
END_TEST

START_TEST(fault_gateway_down)
{
	struct xsh_host h;
	struct e2e g2;
	json_t *a, *conf, *st, *r;
	char uuid[64];

	host_init(&h, "down");
	ck_assert_int_eq(e2e_start(&g2, 0), 0);
	uuid_for(uuid, sizeof uuid, "00000000000d");
	conf = json_object();
	/* an SR on the second gateway, found through a list whose first
	 * server does not answer */
	{
		json_t *c = xsh_config(g2.port, g2.tenant_pw, g2.cert, NULL);
		char servers[128];

		snprintf(servers, sizeof servers, "127.0.0.1:1,127.0.0.1:%d", g2.port);
		json_object_set_new(c, "server", json_string(servers));
		json_object_set_new(c, "storage-system", json_string("demo"));
		json_object_set_new(c, "pool", json_string(pool_a));
		a = json_object();
		json_object_set_new(a, "uuid", json_string(uuid));
		json_object_set_new(a, "configuration", c);
		json_object_set_new(a, "name", json_string("n"));
		json_object_set_new(a, "description", json_string("d"));
	}
	json_decref(conf);
	conf = ok(&h, "SR.create", a);
	sr_attach_again(&h, conf);
	r = vol_create(&h, uuid, "before", 4 * MiB);
	json_decref(r);

	e2e_kill(&g2);
	/* SR.stat answers, with the health saying why */
	st = ok(&h, "SR.stat", sr_args(uuid));
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(st, "health"), 0)),
			 "Unreachable");
	ck_assert_uint_gt(json_string_length(json_array_get(json_object_get(st, "health"), 1)), 0);
	json_decref(st);
	/* everything else fails with UNAVAILABLE */
	a = sr_argsf(uuid, "{s:s,s:s,s:I,s:b}",
		     "name", "after", "description", "", "size", (json_int_t)(4 * MiB),
		     "sharable", 0);
	fails(&h, "Volume.create", a, "UNAVAILABLE");
	fails(&h, "SR.ls", sr_args(uuid), "UNAVAILABLE");
	/* detach of the SR needs no gateway */
	json_decref(ok(&h, "SR.detach", sr_args(uuid)));
	json_decref(conf);
	e2e_cleanup(&g2);
}
END_TEST


/* ---- conformance with the xapi-storage IDL (xs_idl.c) ---- */

#define FITS(check, value)                                                                        \
	do {                                                                                      \
		const char *why_ = check(value);                                                  \
		ck_assert_msg(why_ == NULL, "%s: %s", #check, why_ ? why_ : "");                  \
	} while (0)

/* A call that must answer the IDL's unit. */
static void unit_ok(const struct xsh_host *h, int dp, const char *method, json_t *args)
{
	json_t *r = xs_call(h, dp, method, args, 0);

	FITS(xsi_unit, r);
	json_decref(r);
}

/* Both Plugin.Query records read as the IDL's query_result; the datapath
 * plugin claims the read-only activation it implements. */
START_TEST(idl_plugin_query)
{
	struct xsh_host h;
	json_t *q;
	const json_t *f;
	size_t i;
	int ro = 0;

	host_init(&h, "iq");
	q = ok(&h, "Plugin.Query", json_pack("{s:s}", "dbg", "t"));
	FITS(xsi_query, q);
	json_decref(q);
	q = xs_call(&h, 1, "Plugin.Query", json_pack("{s:s}", "dbg", "t"), 0);
	FITS(xsi_query, q);
	json_array_foreach(json_object_get(q, "features"), i, f)
		ro += !strcmp(json_string_value(f), "ATTACH_READONLY");
	ck_assert_int_eq(ro, 1);
	json_decref(q);
}
END_TEST

/* Every result of the SR and volume commands has the IDL's type; SR.create
 * keeps the name and description it is given (through the configuration
 * xapi gives back to SR.attach, on every host and after a detach). */
START_TEST(idl_sr_and_volume_records)
{
	struct xsh_host h, h2;
	json_t *a, *conf, *r, *st, *v, *s, *c, *ls, *x;
	char uuid[64];
	size_t i;

	host_init(&h, "ir");
	host_init(&h2, "ir2");
	uuid_for(uuid, sizeof uuid, "0000000000c1");
	a = json_pack("{s:s,s:s,s:o,s:s,s:s}", "dbg", "t", "uuid", uuid, "configuration",
		      config(pool_a), "name", "IDL SR", "description", "made by SR.create");
	conf = ok(&h, "SR.create", a);
	FITS(xsi_configuration, conf);
	ck_assert_str_eq(json_string_value(json_object_get(conf, "sr_uuid")), uuid);
	r = ok(&h, "SR.attach", json_pack("{s:s,s:O}", "dbg", "t", "configuration", conf));
	ck_assert_str_eq(json_string_value(r), uuid);
	json_decref(r);
	st = ok(&h, "SR.stat", sr_args(uuid));
	FITS(xsi_sr_stat, st);
	ck_assert_str_eq(json_string_value(json_object_get(st, "name")), "IDL SR");
	ck_assert_str_eq(json_string_value(json_object_get(st, "description")),
			 "made by SR.create");
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(st, "health"), 0)),
			 "Healthy");
	json_decref(st);
	/* another host of the pool attaches the same configuration */
	json_decref(ok(&h2, "SR.attach", json_pack("{s:s,s:O}", "dbg", "t", "configuration", conf)));
	st = ok(&h2, "SR.stat", sr_args(uuid));
	ck_assert_str_eq(json_string_value(json_object_get(st, "name")), "IDL SR");
	json_decref(st);
	json_decref(ok(&h2, "SR.detach", sr_args(uuid)));
	/* set_name / set_description answer unit and show in SR.stat */
	unit_ok(&h, 0, "SR.set_name", sr_argsf(uuid, "{s:s}", "new_name", "IDL SR renamed"));
	unit_ok(&h, 0, "SR.set_description", sr_argsf(uuid, "{s:s}", "new_description", ""));
	st = ok(&h, "SR.stat", sr_args(uuid));
	ck_assert_str_eq(json_string_value(json_object_get(st, "name")), "IDL SR renamed");
	ck_assert_str_eq(json_string_value(json_object_get(st, "description")), "");
	json_decref(st);

	/* volumes: create, stat, snapshot, clone, ls */
	v = vol_create(&h, uuid, "idl disk", 4 * MiB);
	FITS(xsi_volume, v);
	r = ok(&h, "Volume.stat", key_args(uuid, key_of(v)));
	FITS(xsi_volume, r);
	json_decref(r);
	s = ok(&h, "Volume.snapshot", key_args(uuid, key_of(v)));
	FITS(xsi_volume, s);
	ck_assert(json_is_false(json_object_get(s, "read_write")));
	c = ok(&h, "Volume.clone", key_args(uuid, key_of(s)));
	FITS(xsi_volume, c);
	ck_assert(json_is_true(json_object_get(c, "read_write")));
	ls = ok(&h, "SR.ls", sr_args(uuid));
	ck_assert_uint_eq(json_array_size(ls), 3);
	json_array_foreach(ls, i, x)
		FITS(xsi_volume, x);
	json_decref(ls);
	/* the unit results */
	unit_ok(&h, 0, "Volume.set",
		key_argsf(uuid, key_of(v), "{s:s,s:s}", "k", "vdi-type", "v", "user"));
	unit_ok(&h, 0, "Volume.unset", key_argsf(uuid, key_of(v), "{s:s}", "k", "vdi-type"));
	unit_ok(&h, 0, "Volume.set_name", key_argsf(uuid, key_of(v), "{s:s}", "new_name", "n"));
	unit_ok(&h, 0, "Volume.set_description",
		key_argsf(uuid, key_of(v), "{s:s}", "new_description", "d"));
	unit_ok(&h, 0, "Volume.resize",
		key_argsf(uuid, key_of(v), "{s:I}", "new_size", (json_int_t)(8 * MiB)));

	/* SR.probe of the pool: every result as xapi-storage-script takes
	 * it, the existing SR named by sr_uuid */
	r = ok(&h, "SR.probe", json_pack("{s:s,s:o}", "dbg", "t", "configuration", config(pool_a)));
	{
		int found = 0;

		json_array_foreach(r, i, x) {
			const char *tag = json_string_value(
				json_object_get(json_object_get(x, "configuration"), "sr_uuid"));

			FITS(xsi_probe_result, x);
			found += tag && !strcmp(tag, uuid);
		}
		ck_assert_int_eq(found, 1);
	}
	json_decref(r);
	/* a probe given a PBD's device-config (with sr_uuid) answers incomplete
	 * results without it */
	a = json_pack("{s:s,s:o}", "dbg", "t", "configuration", json_deep_copy(conf));
	json_object_del(json_object_get(a, "configuration"), "storage-system");
	json_object_del(json_object_get(a, "configuration"), "pool");
	r = ok(&h, "SR.probe", a);
	ck_assert_uint_ge(json_array_size(r), 1);
	json_array_foreach(r, i, x)
		FITS(xsi_probe_result, x);
	json_decref(r);

	/* destroy answers unit; the SR comes back after detach and attach
	 * with the name of the configuration */
	unit_ok(&h, 0, "Volume.destroy", key_args(uuid, key_of(c)));
	unit_ok(&h, 0, "SR.detach", sr_args(uuid));
	json_decref(ok(&h, "SR.attach", json_pack("{s:s,s:O}", "dbg", "t", "configuration", conf)));
	st = ok(&h, "SR.stat", sr_args(uuid));
	ck_assert_str_eq(json_string_value(json_object_get(st, "name")), "IDL SR");
	json_decref(st);
	unit_ok(&h, 0, "SR.destroy", sr_args(uuid));
	json_decref(c);
	json_decref(s);
	json_decref(v);
	json_decref(conf);
}
END_TEST

/* A pool no longer granted is Unreachable (admin intervention), never
 * Unavailable (which the IDL keeps for what needs a host reboot). */
START_TEST(idl_health_pool_revoked)
{
	struct xsh_host h;
	json_t *conf, *rec, *st;
	char uuid[64], path[1024];
	json_error_t je;

	conf = host_and_sr(&h, "ih", uuid, "0000000000c2");
	/* the record now names a pool the gateway does not list for us */
	snprintf(path, sizeof path, "%s/run/slgw-xapi/sr/%s.json", h.root, uuid);
	rec = json_load_file(path, 0, &je);
	ck_assert_ptr_nonnull(rec);
	json_object_set_new(rec, "pool-id", json_string("no-such-pool"));
	ck_assert_int_eq(json_dump_file(rec, path, 0), 0);
	json_decref(rec);
	st = ok(&h, "SR.stat", sr_args(uuid));
	FITS(xsi_sr_stat, st);
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(st, "health"), 0)),
			 "Unreachable");
	json_decref(st);
	json_decref(ok(&h, "SR.detach", sr_args(uuid)));
	json_decref(conf);
}
END_TEST

/* A PBD made before the key was sr_uuid (it said sr-uuid) still attaches. */
START_TEST(idl_legacy_sr_uuid)
{
	struct xsh_host h;
	json_t *conf, *old, *r;
	char uuid[64];

	conf = host_and_sr(&h, "il", uuid, "0000000000c3");
	json_decref(ok(&h, "SR.detach", sr_args(uuid)));
	old = json_deep_copy(conf);
	json_object_del(old, "sr_uuid");
	json_object_set_new(old, "sr-uuid", json_string(uuid));
	r = ok(&h, "SR.attach", json_pack("{s:o}", "configuration", old));
	ck_assert_str_eq(json_string_value(r), uuid);
	json_decref(r);
	sr_destroy(&h, uuid, conf);
}
END_TEST

/* The datapath calls that need no device: unit answers, the read-only
 * activation xenopsd uses for a read-only VBD, and a non-persistent open
 * refused rather than ignored. */
START_TEST(idl_datapath_calls)
{
	struct xsh_host h;
	json_t *r;
	static const char *const unit_calls[] = { "Datapath.activate", "Datapath.activate_readonly",
						  "Datapath.deactivate" };

	host_init(&h, "id");
	for (size_t i = 0; i < sizeof unit_calls / sizeof *unit_calls; i++) {
		unit_ok(&h, 1, unit_calls[i],
			json_pack("{s:s,s:s,s:s}", "dbg", "t", "uri", "slgw://sr1/v7", "domain", "3"));
	}
	unit_ok(&h, 1, "Datapath.open",
		json_pack("{s:s,s:s,s:b}", "dbg", "t", "uri", "slgw://sr1/v7", "persistent", 1));
	unit_ok(&h, 1, "Datapath.close", json_pack("{s:s,s:s}", "dbg", "t", "uri", "slgw://sr1/v7"));
	r = xs_call(&h, 1, "Datapath.open",
		    json_pack("{s:s,s:s,s:b}", "dbg", "t", "uri", "slgw://sr1/v7", "persistent", 0), 1);
	FITS(xsi_error, r);
	ck_assert_str_eq(json_string_value(json_object_get(r, "code")), "Unimplemented");
	json_decref(r);
}
END_TEST

/* Each argument the IDL declares, left out or of the wrong type, is an
 * error object naming it (never a default, never a crash). The other
 * arguments are valid; the SR is not attached, so a call that got past
 * its arguments would fail with Sr_not_attached instead. */
START_TEST(idl_arguments_checked)
{
	static const struct {
		int dp;
		const char *method, *args, *arg;
	} cases[] = {
		{ 0, "SR.probe", "{}", "configuration" },
		{ 0, "SR.create", "{\"configuration\":{},\"name\":\"n\",\"description\":\"d\"}", "uuid" },
		{ 0, "SR.create", "{\"uuid\":\"u\",\"name\":\"n\",\"description\":\"d\"}", "configuration" },
		{ 0, "SR.create", "{\"uuid\":\"u\",\"configuration\":{},\"description\":\"d\"}", "name" },
		{ 0, "SR.create", "{\"uuid\":\"u\",\"configuration\":{},\"name\":\"n\"}", "description" },
		{ 0, "SR.attach", "{}", "configuration" },
		{ 0, "SR.detach", "{}", "sr" },
		{ 0, "SR.destroy", "{}", "sr" },
		{ 0, "SR.stat", "{}", "sr" },
		{ 0, "SR.ls", "{}", "sr" },
		{ 0, "SR.set_name", "{\"sr\":\"s\"}", "new_name" },
		{ 0, "SR.set_description", "{\"sr\":\"s\"}", "new_description" },
		{ 0, "Volume.create",
		  "{\"name\":\"n\",\"description\":\"d\",\"size\":1,\"sharable\":false}", "sr" },
		{ 0, "Volume.create",
		  "{\"sr\":\"s\",\"description\":\"d\",\"size\":1,\"sharable\":false}", "name" },
		{ 0, "Volume.create", "{\"sr\":\"s\",\"name\":\"n\",\"size\":1,\"sharable\":false}",
		  "description" },
		{ 0, "Volume.create",
		  "{\"sr\":\"s\",\"name\":\"n\",\"description\":\"d\",\"sharable\":false}", "size" },
		{ 0, "Volume.create", "{\"sr\":\"s\",\"name\":\"n\",\"description\":\"d\",\"size\":1}",
		  "sharable" },
		{ 0, "Volume.destroy", "{\"sr\":\"s\"}", "key" },
		{ 0, "Volume.snapshot", "{\"sr\":\"s\"}", "key" },
		{ 0, "Volume.clone", "{\"key\":\"v1\"}", "sr" },
		{ 0, "Volume.stat", "{\"sr\":\"s\"}", "key" },
		{ 0, "Volume.resize", "{\"sr\":\"s\",\"key\":\"v1\"}", "new_size" },
		{ 0, "Volume.set", "{\"sr\":\"s\",\"key\":\"v1\",\"v\":\"x\"}", "k" },
		{ 0, "Volume.set", "{\"sr\":\"s\",\"key\":\"v1\",\"k\":\"x\"}", "v" },
		{ 0, "Volume.unset", "{\"sr\":\"s\",\"key\":\"v1\"}", "k" },
		{ 0, "Volume.set_name", "{\"sr\":\"s\",\"key\":\"v1\"}", "new_name" },
		{ 0, "Volume.set_description", "{\"sr\":\"s\",\"key\":\"v1\"}", "new_description" },
		{ 1, "Datapath.open", "{\"uri\":\"slgw://s/v1\"}", "persistent" },
		{ 1, "Datapath.open", "{\"persistent\":true}", "uri" },
		{ 1, "Datapath.attach", "{\"uri\":\"slgw://s/v1\"}", "domain" },
		{ 1, "Datapath.activate", "{\"uri\":\"slgw://s/v1\"}", "domain" },
		{ 1, "Datapath.activate_readonly", "{\"uri\":\"slgw://s/v1\"}", "domain" },
		{ 1, "Datapath.deactivate", "{\"uri\":\"slgw://s/v1\"}", "domain" },
		{ 1, "Datapath.detach", "{\"domain\":\"0\"}", "uri" },
		{ 1, "Datapath.close", "{}", "uri" },
	};
	struct xsh_host h;

	host_init(&h, "ia");
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		json_t *args = json_loads(cases[i].args, 0, NULL), *r;
		int st;
		char want[64];

		ck_assert_ptr_nonnull(args);
		/* left out */
		r = xsh_call(SLGW_XAPI_TREE, cases[i].dp, &h, cases[i].method, args, &st);
		snprintf(want, sizeof want, "%s: missing", cases[i].arg);
		ck_assert_msg(st == 1, "%s without %s: exit %d", cases[i].method, cases[i].arg, st);
		FITS(xsi_error, r);
		ck_assert_msg(!strcmp(json_string_value(json_object_get(r, "code")), "INVALID_ARGUMENT") &&
				      !strcmp(json_string_value(json_array_get(json_object_get(r, "params"), 0)),
					      want),
			      "%s without %s: %s %s", cases[i].method, cases[i].arg,
			      json_string_value(json_object_get(r, "code")),
			      json_string_value(json_array_get(json_object_get(r, "params"), 0)));
		json_decref(r);
		/* of the wrong type: an array is none of the IDL's argument types */
		json_object_set_new(args, cases[i].arg, json_array());
		r = xsh_call(SLGW_XAPI_TREE, cases[i].dp, &h, cases[i].method, args, &st);
		ck_assert_msg(st == 1, "%s with a bad %s: exit %d", cases[i].method, cases[i].arg, st);
		FITS(xsi_error, r);
		ck_assert_msg(!strcmp(json_string_value(json_object_get(r, "code")), "INVALID_ARGUMENT") &&
				      !strncmp(json_string_value(json_array_get(json_object_get(r, "params"), 0)),
					       cases[i].arg, strlen(cases[i].arg)),
			      "%s with a bad %s: %s", cases[i].method, cases[i].arg,
			      json_string_value(json_array_get(json_object_get(r, "params"), 0)));
		json_decref(r);
		json_decref(args);
	}
}
END_TEST

static Suite *xapi_suite(void)
{
	Suite *s = suite_create("xapi");
	SUITE_CASE(s, "plugin", NULL, NULL, 300, query_and_tree, error_shape,
		sr_probe_create_attach_stat_ls_destroy, sr_attach_needs_create_config,
		volume_lifecycle, long_text_is_clipped, fault_quota_exceeded,
		fault_deleted_behind_xapi, fault_two_srs_one_pool, fault_gateway_down);
	SUITE_CASE(s, "idl", NULL, NULL, 300, idl_plugin_query, idl_sr_and_volume_records,
		idl_health_pool_revoked, idl_legacy_sr_uuid, idl_datapath_calls,
		idl_arguments_checked);
	return s;
}

/* The demo's two pools, by id, from a probe. */
static int find_pools(void)
{
	struct xsh_host h;
	json_t *a = json_object(), *r;
	int st;

	memset(&h, 0, sizeof h);
	snprintf(h.root, sizeof h.root, "%s/probe-host", G.dir);
	json_object_set_new(a, "configuration", config(NULL));
	r = xsh_call(SLGW_XAPI_TREE, 0, &h, "SR.probe", a, &st);
	json_decref(a);
	if (st != 0 || json_array_size(r) < 2) {
		json_decref(r);
		return -1;
	}
	snprintf(pool_a, sizeof pool_a, "%s",
		 json_string_value(json_object_get(
			 json_object_get(json_array_get(r, 0), "configuration"), "pool")));
	snprintf(pool_b, sizeof pool_b, "%s",
		 json_string_value(json_object_get(
			 json_object_get(json_array_get(r, 1), "configuration"), "pool")));
	json_decref(r);
	return 0;
}

int main(void)
{
	int rc;

	signal(SIGPIPE, SIG_IGN);
	if (e2e_start(&G, 0))
		return EXIT_FAILURE;
	if (find_pools()) {
		fprintf(stderr, "SR.probe of the demo gateway failed\n");
		e2e_kill(&G);
		return EXIT_FAILURE;
	}
	rc = suite_run(xapi_suite());
	e2e_stop(&G);
	if (rc == EXIT_SUCCESS)
		e2e_cleanup(&G);
	return rc;
}
