/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_xapi_dp.c - the plugin's datapath end to end: the installed
 * Datapath.* names run with JSON on stdin against slgwd --demo, on a fake
 * host (tests/xapi/fakehost) whose iscsiadm and multipath come first on
 * PATH. In the fake's device tree a LUN appears only when navisim really
 * has it in a storage group with this host's initiator and a login or scan
 * happened since, so an attach that did not map, log in or scan finds no
 * device, and a detach that did not flush, delete and unmap leaves one.
 *
 * One demo gateway for the suite; every test gets its own host root (a
 * fresh installation UUID and IQN) and its own SR.
 */
#include <check.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "soapH.h"
#include "../gateway/e2e_harness.h"
#include "../common/suite_run.h"
#include "fakehost_helper.h"
#include "xs_check.h"
#include "xs_harness.h"
#include "xs_idl.h"

static struct e2e G;
static char pool[64];
static int seq;
/* the pollers this test started (the fake's kernel side of sysfs writes) */
static pid_t pollers[8];
static int npollers;

static void stop_pollers(void)
{
	while (npollers > 0)
		fakehost_poller_stop(pollers[--npollers]);
}

#define MiB (1024LL * 1024LL)

/* ---- the fake host ---- */

/* A fake host with its own root, installation UUID and IQN. */
static void fake_host(struct xsh_host *h, const char *tag, int multipath, const char *wwpn)
{
	char home[600];

	memset(h, 0, sizeof h[0]);
	seq++;
	snprintf(h->root, sizeof h->root, "%s/fh-%s-%d-%d", G.dir, tag, (int)getpid(), seq);
	snprintf(h->uuid, sizeof h->uuid, "f0000000-%04x-4000-8000-%012d", (unsigned)seq,
		 (int)getpid());
	snprintf(h->iqn, sizeof h->iqn, "iqn.2026-01.test.fakehost:%s-%d-%d", tag, (int)getpid(),
		 seq);
	snprintf(home, sizeof home, "%s/navisim", G.dir);
	ck_assert_int_eq(xsh_fake_host(h, FAKEHOST_PATH, home, NAVISIM_PATH, multipath, wwpn), 0);
	ck_assert_int_lt(npollers, 8);
	ck_assert_int_eq(fakehost_poller_start(&pollers[npollers], h->root), 0);
	npollers++;
}

/* Let the fake's kernel catch up (pending deletes), as any tool run does. */
static void settle(const struct xsh_host *h)
{
	char tool[800];
	char *argv[] = { tool, "-m", "session", NULL };

	snprintf(tool, sizeof tool, "%s/bin/iscsiadm", h->root);
	(void)xsh_run(h, argv);
}

/* ---- plugin calls (xs_call: xs_check.c) ---- */

static json_t *sr_args(const char *sr)
{
	return json_pack("{s:s,s:s}", "dbg", "t", "sr", sr);
}

static json_t *key_args(const char *sr, const char *key)
{
	return json_pack("{s:s,s:s,s:s}", "dbg", "t", "sr", sr, "key", key);
}

static json_t *uri_args(const char *sr, const char *key)
{
	char uri[256];

	snprintf(uri, sizeof uri, "slgw://%s/%s", sr, key);
	return json_pack("{s:s,s:s,s:s}", "dbg", "t", "uri", uri, "domain", "0");
}

static void make_sr(const struct xsh_host *h, char *uuid, size_t len, const char *protocol)
{
	json_t *c = xsh_config(G.port, G.tenant_pw, G.cert, pool), *conf;

	snprintf(uuid, len, "d0000000-%04x-4000-8000-%012d", (unsigned)seq, (int)getpid());
	if (protocol)
		json_object_set_new(c, "protocol", json_string(protocol));
	conf = xs_call(h, 0, "SR.create",
		       json_pack("{s:s,s:o,s:s,s:s}", "uuid", uuid, "configuration", c, "name", "dp",
			         "description", ""), 0);
	json_decref(xs_call(h, 0, "SR.attach", json_pack("{s:o}", "configuration", conf), 0));
}

static char *vol_create(const struct xsh_host *h, const char *sr)
{
	json_t *v = xs_call(h, 0, "Volume.create",
			    json_pack("{s:s,s:s,s:s,s:I,s:b}", "sr", sr, "name", "dp disk",
				      "description", "", "size", (json_int_t)(8 * MiB), "sharable", 0),
			    0);
	char *key = strdup(json_string_value(json_object_get(v, "key")));

	json_decref(v);
	return key;
}

/* The tenant's SOAP client of the running test, opened on first use and
 * closed by the case's teardown (what its calls return lives until then). */
static struct soap *tenant_soap;

static struct soap *tenant(void)
{
	if (!tenant_soap)
		tenant_soap = e2e_client(&G, "tenant", G.tenant_pw);
	ck_assert_ptr_nonnull(tenant_soap);
	return tenant_soap;
}

static void teardown(void)
{
	stop_pollers();
	e2e_client_free(tenant_soap);
	tenant_soap = NULL;
}

/* The gateway's view: the number of assignments of a volume, volume
 * records of the SR's collection, a volume's WWN as the NAA of its device
 * names. */
static int assignments(const char *volume_id)
{
	struct _slgw__enumAssignments req = { .volumeId = (char *)volume_id };
	struct _slgw__enumAssignmentsResponse resp = { 0 };

	ck_assert_int_eq(soap_call___slgw__enumAssignments(tenant(), G.endpoint, NULL, &req,
							     &resp), SOAP_OK);
	return resp.__sizeassignment;
}

static int collection_volumes(const char *sr)
{
	struct _slgw__enumStorageVolumes req = { .collection = (char *)sr };
	struct _slgw__enumStorageVolumesResponse resp = { 0 };
	int n = 0;

	ck_assert_int_eq(soap_call___slgw__enumStorageVolumes(tenant(), G.endpoint, NULL, &req,
								&resp), SOAP_OK);
	for (int i = 0; i < resp.__sizestorageVolume; i++)
		n += !resp.storageVolume[i].state || strcmp(resp.storageVolume[i].state, "deleted");
	return n;
}

static void volume_naa(char naa[64], const char *volume_id)
{
	struct _slgw__getStorageVolume req = { .volumeId = (char *)volume_id };
	struct _slgw__getStorageVolumeResponse resp = { 0 };
	size_t o = 0;

	ck_assert_int_eq(soap_call___slgw__getStorageVolume(tenant(), G.endpoint, NULL, &req,
							      &resp), SOAP_OK);
	for (const char *p = resp.storageVolume->wwn; p && *p && o < 63; p++)
		if (*p != ':')
			naa[o++] = (char)(*p >= 'A' && *p <= 'F' ? *p + 32 : *p);
	naa[o] = '\0';
}

static int exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* Checks the backend answer and returns the device path (static). */
static const char *device_of(const json_t *b)
{
	static char dev[1024];
	const json_t *impls = json_object_get(b, "implementations");
	const json_t *xd = json_array_get(impls, 0), *bd = json_array_get(impls, 1);
	const char *why = xsi_backend(b);

	/* the IDL's backend, as xapi-storage-script reads it (both texts) */
	ck_assert_msg(why == NULL, "xsi_backend: %s", why ? why : "");
	ck_assert_str_eq(json_string_value(json_array_get(xd, 0)), "XenDisk");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(xd, 1), "backend_type")),
			 "vbd");
	ck_assert(json_is_object(json_object_get(json_array_get(xd, 1), "extra")));
	ck_assert_str_eq(json_string_value(json_array_get(bd, 0)), "BlockDevice");
	ck_assert(json_is_null(json_object_get(json_array_get(bd, 1), "dummy")));
	ck_assert_str_eq(json_string_value(json_object_get(b, "domain_uuid")), "0");
	snprintf(dev, sizeof dev, "%s",
		 json_string_value(json_object_get(json_array_get(bd, 1), "path")));
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(xd, 1), "params")), dev);
	return dev;
}

/* Datapath.attach of key, which must answer a proper backend: its device
 * path into dev. */
static void attach_dev(char dev[1024], const struct xsh_host *h, const char *sr, const char *key)
{
	json_t *b = xs_call(h, 1, "Datapath.attach", uri_args(sr, key), 0);

	snprintf(dev, 1024, "%s", device_of(b));
	json_decref(b);
}

/* Datapath.detach of key, which must go through; once the fake's kernel
 * has caught up, dev is gone. */
static void detach_gone(const struct xsh_host *h, const char *sr, const char *key, const char *dev)
{
	json_decref(xs_call(h, 1, "Datapath.detach", uri_args(sr, key), 0));
	settle(h);
	ck_assert(!exists(dev));
}

/* detach_gone of the volume key, which the gateway no longer maps. */
static void detach_unmapped(const struct xsh_host *h, const char *sr, const char *key,
			    const char *dev)
{
	detach_gone(h, sr, key, dev);
	ck_assert_int_eq(assignments(key + 1), 0);
}

/* The end of a test: the volume key (vol_create's, freed), then the SR,
 * destroyed. */
static void destroy_volume_and_sr(const struct xsh_host *h, const char *sr, char *key)
{
	json_decref(xs_call(h, 0, "Volume.destroy", key_args(sr, key), 0));
	json_decref(xs_call(h, 0, "SR.destroy", sr_args(sr), 0));
	free(key);
}

/* Volume.snapshot of key: the read-only snapshot volume, which
 * destroy_snapshot destroys and frees. */
static json_t *snapshot_of(const struct xsh_host *h, const char *sr, const char *key)
{
	json_t *s = xs_call(h, 0, "Volume.snapshot", key_args(sr, key), 0);

	ck_assert(json_is_false(json_object_get(s, "read_write")));
	return s;
}

static void destroy_snapshot(const struct xsh_host *h, const char *sr, json_t *s)
{
	json_decref(xs_call(h, 0, "Volume.destroy",
			    key_args(sr, json_string_value(json_object_get(s, "key"))), 0));
	json_decref(s);
}

/* ---- tests ---- */

static void attach_detach(int multipath)
{
	struct xsh_host h;
	char sr[64], want[1024], dev[1024];
	char *key, naa[64];
	json_t *b;

	fake_host(&h, multipath ? "mp" : "sp", multipath, NULL);
	make_sr(&h, sr, sizeof sr, "iscsi");
	key = vol_create(&h, sr);
	volume_naa(naa, key + 1);
	snprintf(want, sizeof want, "%s/dev/disk/by-id/%s3%s", h.root,
		 multipath ? "dm-uuid-mpath-" : "scsi-", naa);
	ck_assert(!exists(want));
	ck_assert_int_eq(assignments(key + 1), 0);

	{
		char uri[256];

		snprintf(uri, sizeof uri, "slgw://%s/%s", sr, key);
		json_decref(xs_call(&h, 1, "Datapath.open",
				    json_pack("{s:s,s:b}", "uri", uri, "persistent", 1), 0));
	}
	attach_dev(dev, &h, sr, key);
	ck_assert_str_eq(dev, want);
	ck_assert(exists(dev));
	ck_assert_int_eq(assignments(key + 1), 1);
	/* again: the same answer, nothing new */
	b = xs_call(&h, 1, "Datapath.attach", uri_args(sr, key), 0);
	ck_assert_str_eq(device_of(b), dev);
	json_decref(b);
	json_decref(xs_call(&h, 1, "Datapath.activate", uri_args(sr, key), 0));
	json_decref(xs_call(&h, 1, "Datapath.deactivate", uri_args(sr, key), 0));
	/* attached: the volume cannot go */
	{
		json_t *r = xs_call(&h, 0, "Volume.destroy", key_args(sr, key), 1);

		ck_assert_str_eq(json_string_value(json_object_get(r, "code")),
				 "FAILED_PRECONDITION");
		json_decref(r);
	}

	detach_gone(&h, sr, key, dev);
	snprintf(want, sizeof want, "%s/dev/disk/by-id/scsi-3%s", h.root, naa);
	ck_assert(!exists(want));
	ck_assert_int_eq(assignments(key + 1), 0);
	/* detach of what is gone: fine */
	json_decref(xs_call(&h, 1, "Datapath.detach", uri_args(sr, key), 0));
	json_decref(xs_call(&h, 1, "Datapath.close", uri_args(sr, key), 0));
	destroy_volume_and_sr(&h, sr, key);
}

START_TEST(attach_detach_multipath)
{
	attach_detach(1);
}
END_TEST

START_TEST(attach_detach_single_path)
{
	attach_detach(0);
}
END_TEST

/* The fabric reports wwpn logged in to every FC port of the demo array
 * (navisim --admin fc-login), as a zoned switch would: the gateway
 * registers FC paths only where the array sees the initiator. */
static void fabric_login(const char *wwpn)
{
	struct soap *soap = e2e_client(&G, "tenant", G.tenant_pw);
	struct _slgw__enumStorageSystems sreq = { 0 };
	struct _slgw__enumStorageSystemsResponse sresp = { 0 };
	struct _slgw__enumStorageSystemTargetPorts req = { 0 };
	struct _slgw__enumStorageSystemTargetPortsResponse resp = { 0 };
	enum slgw__Protocol fc = slgw__Protocol__fc;
	int logged = 0;

	ck_assert_ptr_nonnull(soap);
	ck_assert_int_eq(soap_call___slgw__enumStorageSystems(soap, G.endpoint, NULL, &sreq, &sresp),
			 SOAP_OK);
	ck_assert_int_ge(sresp.__sizestorageSystem, 1);
	req.storageSystemId = sresp.storageSystem[0].id;
	req.protocol = &fc;
	ck_assert_int_eq(soap_call___slgw__enumStorageSystemTargetPorts(soap, G.endpoint, NULL, &req,
									 &resp), SOAP_OK);
	for (int i = 0; i < resp.__sizetargetPort; i++) {
		char port[16];
		const char *args[] = { "--admin", "fc-login", "--name", "demo", "--sp",
				       resp.targetPort[i].sp == slgw__SP__A ? "A" : "B", "--port",
				       port, "--wwpn", wwpn, NULL };

		snprintf(port, sizeof port, "%d", resp.targetPort[i].portId);
		ck_assert_int_eq(e2e_navisim(&G, args), 0);
		logged++;
	}
	ck_assert_int_ge(logged, 2);
	e2e_client_free(soap);
}

/* FC: the plugin writes every scan file, the fake's poller plays the
 * kernel's scan; no iSCSI session is made. */
START_TEST(attach_detach_fc)
{
	struct xsh_host h;
	char sr[64], dev[1024], want[1024], wwpn[32];
	char *key, naa[64];

	snprintf(wwpn, sizeof wwpn, "10:00:00:00:c9:%02x:%02x:%02x", (unsigned)getpid() & 0xff,
		 ((unsigned)getpid() >> 8) & 0xff, (unsigned)seq & 0xff);
	fake_host(&h, "fc", 1, wwpn);
	fabric_login(wwpn);
	make_sr(&h, sr, sizeof sr, "fc");
	key = vol_create(&h, sr);
	volume_naa(naa, key + 1);
	attach_dev(dev, &h, sr, key);
	snprintf(want, sizeof want, "%s/dev/disk/by-id/dm-uuid-mpath-3%s", h.root, naa);
	ck_assert_str_eq(dev, want);
	ck_assert(exists(dev));
	detach_unmapped(&h, sr, key, dev);
	destroy_volume_and_sr(&h, sr, key);
}
END_TEST

/* FC configured but the fabric never logged the host in: no device comes,
 * the attach fails with DEVICE_TIMEOUT and leaves nothing behind (xapi
 * does not detach what did not attach). */
START_TEST(failed_attach_leaves_nothing)
{
	struct xsh_host h;
	char sr[64], rec[1024];
	char *key;
	json_t *r, *s, *m;
	const char *sk;

	fake_host(&h, "nofabric", 1, "10:00:00:00:c9:00:00:01");
	snprintf(h.env[3], sizeof h.env[3], "SLGW_XS_DEVICE_TIMEOUT=2");
	make_sr(&h, sr, sizeof sr, "fc");
	key = vol_create(&h, sr);
	r = xs_call(&h, 1, "Datapath.attach", uri_args(sr, key), 1);
	ck_assert_str_eq(json_string_value(json_object_get(r, "code")), "DEVICE_TIMEOUT");
	json_decref(r);
	ck_assert_int_eq(assignments(key + 1), 0);
	snprintf(rec, sizeof rec, "%s/run/slgw-xapi/attach/%s/%s.json", h.root, sr, key);
	ck_assert(!exists(rec));
	/* a snapshot's mount goes too */
	s = snapshot_of(&h, sr, key);
	sk = json_string_value(json_object_get(s, "key"));
	m = xs_call(&h, 1, "Datapath.attach", uri_args(sr, sk), 1);
	json_decref(m);
	ck_assert_int_eq(collection_volumes(sr), 1);
	destroy_snapshot(&h, sr, s);
	destroy_volume_and_sr(&h, sr, key);
}
END_TEST

/* Several attaches at once on one host: all succeed, and the host logs in
 * to each portal once (the host lock orders the logins). */
struct par {
	const struct xsh_host *h;
	const char *sr;
	char *key;
	int status;
};

static void *par_attach(void *p)
{
	struct par *a = p;
	json_t *args = uri_args(a->sr, a->key);
	json_t *r = xsh_call(SLGW_XAPI_TREE, 1, a->h, "Datapath.attach", args, &a->status);

	json_decref(args);
	json_decref(r);
	return NULL;
}

START_TEST(concurrent_attaches_share_sessions)
{
	struct xsh_host h;
	struct par p[4];
	pthread_t th[4];
	char sr[64], tool[800];
	char *out;
	int st, lines = 0;

	fake_host(&h, "par", 1, NULL);
	make_sr(&h, sr, sizeof sr, "iscsi");
	for (int i = 0; i < 4; i++) {
		p[i].h = &h;
		p[i].sr = sr;
		p[i].key = vol_create(&h, sr);
	}
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(pthread_create(&th[i], NULL, par_attach, &p[i]), 0);
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		ck_assert_int_eq(p[i].status, 0);
		ck_assert_int_eq(assignments(p[i].key + 1), 1);
	}
	/* sessions: one per portal of the array (2 iSCSI ports on each SP) */
	snprintf(tool, sizeof tool, "%s/bin/iscsiadm", h.root);
	{
		char *argv[] = { tool, "-m", "session", NULL };

		out = xsh_run_out(&h, argv, &st);
	}
	ck_assert_int_eq(st, 0);
	ck_assert_ptr_nonnull(out);
	for (const char *c = out; *c; c++)
		lines += *c == '\n';
	free(out);
	ck_assert_int_eq(lines, 4);
	for (int i = 0; i < 4; i++) {
		json_decref(xs_call(&h, 1, "Datapath.detach", uri_args(sr, p[i].key), 0));
		json_decref(xs_call(&h, 0, "Volume.destroy", key_args(sr, p[i].key), 0));
		free(p[i].key);
	}
	json_decref(xs_call(&h, 0, "SR.destroy", sr_args(sr), 0));
}
END_TEST

/* One volume on two hosts (a migration): each host maps it; a detach on
 * one leaves the other's mapping and device. */
START_TEST(two_hosts_one_volume)
{
	struct xsh_host h1, h2;
	char sr[64], d1[1024], d2[1024];
	char *key;
	json_t *conf;

	fake_host(&h1, "mig1", 1, NULL);
	fake_host(&h2, "mig2", 1, NULL);
	make_sr(&h1, sr, sizeof sr, "iscsi");
	conf = xsh_config(G.port, G.tenant_pw, G.cert, pool);
	json_object_set_new(conf, "sr_uuid", json_string(sr));
	json_object_set_new(conf, "protocol", json_string("iscsi"));
	json_decref(xs_call(&h2, 0, "SR.attach", json_pack("{s:o}", "configuration", conf), 0));
	key = vol_create(&h1, sr);
	attach_dev(d1, &h1, sr, key);
	attach_dev(d2, &h2, sr, key);
	ck_assert_int_eq(assignments(key + 1), 2);
	ck_assert(exists(d1));
	ck_assert(exists(d2));
	detach_gone(&h1, sr, key, d1);
	settle(&h2);
	ck_assert(exists(d2));
	ck_assert_int_eq(assignments(key + 1), 1);
	json_decref(xs_call(&h2, 1, "Datapath.detach", uri_args(sr, key), 0));
	ck_assert_int_eq(assignments(key + 1), 0);
	json_decref(xs_call(&h1, 0, "Volume.destroy", key_args(sr, key), 0));
	json_decref(xs_call(&h2, 0, "SR.detach", sr_args(sr), 0));
	json_decref(xs_call(&h1, 0, "SR.destroy", sr_args(sr), 0));
	free(key);
}
END_TEST

/* A map a VM still holds open cannot be flushed: detach fails and the LUN
 * stays mapped (taking it away would pull the disk from under the VM);
 * once closed, detach goes through. */
START_TEST(detach_refused_while_in_use)
{
	struct xsh_host h;
	char sr[64], marker[1024], dev[1024];
	char *key, naa[64];
	json_t *r;
	FILE *f;

	fake_host(&h, "busy", 1, NULL);
	make_sr(&h, sr, sizeof sr, "iscsi");
	key = vol_create(&h, sr);
	volume_naa(naa, key + 1);
	attach_dev(dev, &h, sr, key);
	snprintf(marker, sizeof marker, "%s/run/fakehost/open", h.root);
	mkdir(marker, 0755);
	snprintf(marker, sizeof marker, "%s/run/fakehost/open/3%s", h.root, naa);
	f = fopen(marker, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	r = xs_call(&h, 1, "Datapath.detach", uri_args(sr, key), 1);
	ck_assert_str_eq(json_string_value(json_object_get(r, "code")), "HOST_ERROR");
	json_decref(r);
	settle(&h);
	ck_assert(exists(dev));
	ck_assert_int_eq(assignments(key + 1), 1);
	unlink(marker);
	detach_unmapped(&h, sr, key, dev);
	destroy_volume_and_sr(&h, sr, key);
}
END_TEST

START_TEST(snapshot_attached_read_only)
{
	struct xsh_host h;
	char sr[64];
	char *key;
	json_t *s, *ls;
	const char *sk;
	char dev[1024];

	fake_host(&h, "snap", 1, NULL);
	make_sr(&h, sr, sizeof sr, NULL);
	key = vol_create(&h, sr);
	s = snapshot_of(&h, sr, key);
	sk = json_string_value(json_object_get(s, "key"));
	ck_assert_int_eq(collection_volumes(sr), 1);

	attach_dev(dev, &h, sr, sk);
	ck_assert(exists(dev));
	/* through a mount the gateway made: a volume of the SR's collection
	 * that SR.ls does not show */
	ck_assert_int_eq(collection_volumes(sr), 2);
	ls = xs_call(&h, 0, "SR.ls", sr_args(sr), 0);
	ck_assert_uint_eq(json_array_size(ls), 2);  /* the volume and its snapshot */
	json_decref(ls);

	detach_gone(&h, sr, sk, dev);
	ck_assert_int_eq(collection_volumes(sr), 1);
	destroy_snapshot(&h, sr, s);
	destroy_volume_and_sr(&h, sr, key);
}
END_TEST

START_TEST(detach_after_volume_deleted_behind_xapi)
{
	struct xsh_host h;
	char sr[64];
	char *key;
	json_t *b;

	fake_host(&h, "gone", 0, NULL);
	make_sr(&h, sr, sizeof sr, NULL);
	key = vol_create(&h, sr);
	b = xs_call(&h, 1, "Datapath.attach", uri_args(sr, key), 0);
	json_decref(b);
	/* the mapping and the volume go behind xapi's back */
	{
		struct soap *soap = e2e_client(&G, "tenant", G.tenant_pw);
		struct _slgw__deleteStorage req = { 0 };
		struct _slgw__deleteStorageResponse resp = { 0 };
		enum xsd__boolean force = xsd__boolean__true_;
		int wait = 30000;

		req.volumeId = key + 1;
		req.force = &force;
		req.waitMs = &wait;
		ck_assert_int_eq(soap_call___slgw__deleteStorage(soap, G.endpoint, NULL, &req,
								 &resp), SOAP_OK);
		e2e_client_free(soap);
	}
	/* detach must not fail on what is already gone */
	json_decref(xs_call(&h, 1, "Datapath.detach", uri_args(sr, key), 0));
	json_decref(xs_call(&h, 0, "SR.destroy", sr_args(sr), 0));
	free(key);
}
END_TEST

START_TEST(attach_needs_an_attached_sr)
{
	struct xsh_host h;
	json_t *r;

	fake_host(&h, "nosr", 0, NULL);
	r = xs_call(&h, 1, "Datapath.attach", uri_args("not-attached-here", "v1"), 1);
	ck_assert_str_eq(json_string_value(json_object_get(r, "code")), "Sr_not_attached");
	json_decref(r);
	r = xs_call(&h, 1, "Datapath.attach",
		    json_pack("{s:s,s:s}", "uri", "file:///etc/passwd", "domain", "0"), 1);
	ck_assert_str_eq(json_string_value(json_object_get(r, "code")), "INVALID_ARGUMENT");
	json_decref(r);
	/* nothing attached, nothing to detach */
	json_decref(xs_call(&h, 1, "Datapath.detach", uri_args("not-attached-here", "v1"), 0));
}
END_TEST

static Suite *dp_suite(void)
{
	Suite *s = suite_create("xapi_dp");
	SUITE_CASE(s, "datapath", NULL, teardown, 300, attach_detach_multipath,
		attach_detach_single_path, attach_detach_fc, failed_attach_leaves_nothing,
		concurrent_attaches_share_sessions, two_hosts_one_volume,
		detach_refused_while_in_use, snapshot_attached_read_only,
		detach_after_volume_deleted_behind_xapi, attach_needs_an_attached_sr);
	return s;
}

int main(void)
{
	struct xsh_host h;
	json_t *r;
	int st, rc;

	signal(SIGPIPE, SIG_IGN);
	setenv("SLGW_XS_DEVICE_TIMEOUT", "20", 1);
	if (e2e_start(&G, 0))
		return EXIT_FAILURE;
	{
		char home[600];

		/* the pollers inherit the fake's environment from us */
		snprintf(home, sizeof home, "%s/navisim", G.dir);
		setenv("NAVISIM_HOME", home, 1);
		setenv("FAKEHOST_NAVISIM", NAVISIM_PATH, 1);
	}
	memset(&h, 0, sizeof h);
	snprintf(h.root, sizeof h.root, "%s/probe", G.dir);
	{
		json_t *a = json_pack("{s:o}", "configuration",
				      xsh_config(G.port, G.tenant_pw, G.cert, NULL));

		r = xsh_call(SLGW_XAPI_TREE, 0, &h, "SR.probe", a, &st);
		json_decref(a);
	}
	if (st || !json_array_size(r)) {
		fprintf(stderr, "SR.probe of the demo gateway failed\n");
		e2e_kill(&G);
		return EXIT_FAILURE;
	}
	snprintf(pool, sizeof pool, "%s",
		 json_string_value(json_object_get(
			 json_object_get(json_array_get(r, 0), "configuration"), "pool")));
	json_decref(r);
	rc = suite_run(dp_suite());
	e2e_stop(&G);
	if (rc == EXIT_SUCCESS)
		e2e_cleanup(&G);
	return rc;
}
