/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fh_devices.c - the fake kernel: SCSI devices, sysfs and multipath maps.
 *
 * A device is one (scsi host, target, LUN) the host scanned: an iSCSI
 * session is a scsi host of its own (target 0), an FC HBA is one scsi host
 * whose targets are the array ports it reaches (numbered per array port in
 * the state).  Devices are named sd<a..z, aa..> lowest free, as the sd
 * driver does, and appear as
 *   ROOT/dev/sdX                      (regular file)
 *   ROOT/dev/disk/by-id/scsi-3<naa>   -> ../../sdX   (and wwn-0x<naa>)
 *   ROOT/sys/block/sdX/{size,dev}, device/{delete,rescan,vendor,model,wwid,state}
 * With ROOT/etc/multipath.conf present, a new path whose WWID has no map
 * gets one dm-N map, as multipathd builds it on the uevent (a map flushed
 * with `multipath -f` comes back only with a new path or `multipath -r`):
 *   ROOT/dev/dm-N, ROOT/dev/mapper/3<naa> -> ../dm-N,
 *   ROOT/dev/disk/by-id/dm-uuid-mpath-3<naa> and dm-name-3<naa> -> ../../dm-N,
 *   ROOT/sys/block/dm-N/{size, dm/name, dm/uuid, slaves/sdX}, sdX/holders/dm-N
 * When its last path goes, a map that is not open goes too; an open map
 * (ROOT/run/fakehost/open/<map name> exists) stays, as multipathd keeps it.
 */
#include "fakehost.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void sd_name(char *out, size_t len, int i)
{
	char tmp[16];
	int n = 0;

	/* 0 -> a, 25 -> z, 26 -> aa: bijective base 26, as sd_format_disk_name. */
	do {
		tmp[n++] = (char)('a' + i % 26);
		i = i / 26 - 1;
	} while (i >= 0 && n < 8);
	snprintf(out, len, "sd");
	for (int k = 0; k < n && k + 3 < (int)len; k++) {
		out[2 + k] = tmp[n - 1 - k];
		out[3 + k] = '\0';
	}
}

static json_t *device_by_name(fh_ctx *c, const char *name, size_t *idx)
{
	size_t i;
	json_t *d;
	json_array_foreach(fh_arr(c->st, "devices"), i, d)
		if (!strcmp(fh_str(d, "name"), name)) {
			if (idx)
				*idx = i;
			return d;
		}
	return NULL;
}

static json_t *device_with_naa(fh_ctx *c, const char *naa, const char *except)
{
	size_t i;
	json_t *d;
	json_array_foreach(fh_arr(c->st, "devices"), i, d)
		if (!strcmp(fh_str(d, "naa"), naa) && (!except || strcmp(fh_str(d, "name"), except)))
			return d;
	return NULL;
}

int fh_multipath_on(const fh_ctx *c)
{
	char p[FH_PATH_MAX];
	return fh_path(p, sizeof(p), c, "etc/multipath.conf") == 0 && access(p, F_OK) == 0;
}

static int write_at(const fh_ctx *c, const char *rel, const char *text)
{
	char p[FH_PATH_MAX];
	return fh_path(p, sizeof(p), c, "%s", rel) || fh_write_file(p, text) ? -1 : 0;
}

static int link_at(const fh_ctx *c, const char *target, const char *rel)
{
	char p[FH_PATH_MAX];
	return fh_path(p, sizeof(p), c, "%s", rel) || fh_symlink(target, p) ? -1 : 0;
}

static void rm_at(const fh_ctx *c, const char *rel)
{
	char p[FH_PATH_MAX];
	if (fh_path(p, sizeof(p), c, "%s", rel) == 0)
		fh_rm_rf(p);
}

/* Does by-id link rel point at ../../<name>? */
static int link_is(const fh_ctx *c, const char *rel, const char *name)
{
	char p[FH_PATH_MAX], t[256], want[64];
	ssize_t n;
	if (fh_path(p, sizeof(p), c, "%s", rel) || (n = readlink(p, t, sizeof(t) - 1)) < 0)
		return 0;
	t[n] = '\0';
	snprintf(want, sizeof(want), "../../%s", name);
	return strcmp(t, want) == 0;
}

static int make_device_files(fh_ctx *c, const json_t *d)
{
	const char *name = fh_str(d, "name"), *naa = fh_str(d, "naa");
	char rel[512], txt[128], p[FH_PATH_MAX];
	int rc = 0;

	if (fh_path(p, sizeof(p), c, "sys/block/%s/device", name) || fh_mkdirs(p, 0755) ||
	    fh_path(p, sizeof(p), c, "dev/disk/by-id") || fh_mkdirs(p, 0755))
		return -1;
	snprintf(rel, sizeof(rel), "dev/%s", name);
	rc |= write_at(c, rel, "");
	snprintf(txt, sizeof(txt), "%lld\n", fh_int(d, "blocks"));
	snprintf(rel, sizeof(rel), "sys/block/%s/size", name);
	rc |= write_at(c, rel, txt);
	snprintf(txt, sizeof(txt), "8:%lld\n", fh_int(d, "index") * 16);
	snprintf(rel, sizeof(rel), "sys/block/%s/dev", name);
	rc |= write_at(c, rel, txt);
	static const char *const files[][2] = { { "delete", "" }, { "rescan", "" }, { "vendor", "DGC     \n" },
						{ "model", "VRAID           \n" }, { "state", "running\n" } };
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(rel, sizeof(rel), "sys/block/%s/device/%s", name, files[i][0]);
		rc |= write_at(c, rel, files[i][1]);
	}
	snprintf(txt, sizeof(txt), "naa.%s\n", naa);
	snprintf(rel, sizeof(rel), "sys/block/%s/device/wwid", name);
	rc |= write_at(c, rel, txt);
	snprintf(txt, sizeof(txt), "../../%s", name);
	snprintf(rel, sizeof(rel), "dev/disk/by-id/scsi-3%s", naa);
	rc |= link_at(c, txt, rel);
	snprintf(rel, sizeof(rel), "dev/disk/by-id/wwn-0x%s", naa);
	rc |= link_at(c, txt, rel);
	return rc ? -1 : 0;
}

static json_t *map_by_naa(fh_ctx *c, const char *naa);
static json_t *map_create(fh_ctx *c, const char *naa, long long blocks);

/* Add the device (host, target, lun) unless the host already has it. */
static int ensure_device(fh_ctx *c, const json_t *proto, long long host, long long target, const json_t *lun)
{
	json_t *devs = fh_arr(c->st, "devices"), *d;
	char name[16];
	size_t i;
	int idx;

	json_array_foreach(devs, i, d)
		if (fh_int(d, "host") == host && fh_int(d, "target") == target &&
		    fh_int(d, "lun") == fh_int(lun, "hlu"))
			return 0;
	for (idx = 0; idx < 100000; idx++) {
		sd_name(name, sizeof(name), idx);
		if (!device_by_name(c, name, NULL))
			break;
	}
	d = json_deep_copy(proto);
	json_object_set_new(d, "name", json_string(name));
	json_object_set_new(d, "index", json_integer(idx));
	json_object_set_new(d, "host", json_integer(host));
	json_object_set_new(d, "target", json_integer(target));
	json_object_set_new(d, "lun", json_integer(fh_int(lun, "hlu")));
	json_object_set(d, "naa", json_object_get(lun, "naa"));
	json_object_set(d, "blocks", json_object_get(lun, "blocks"));
	json_array_append_new(devs, d);
	c->dirty = 1;
	if (make_device_files(c, d))
		return -1;
	/* The new path's uevent: multipathd builds the WWID's map if it has none. */
	if (fh_multipath_on(c) && !map_by_naa(c, fh_str(d, "naa")) &&
	    !map_create(c, fh_str(d, "naa"), fh_int(d, "blocks")))
		return -1;
	return 0;
}

static json_t *map_by_naa(fh_ctx *c, const char *naa)
{
	size_t i;
	json_t *m;
	json_array_foreach(fh_arr(c->st, "maps"), i, m)
		if (!strcmp(fh_str(m, "naa"), naa))
			return m;
	return NULL;
}

static int map_is_open(const fh_ctx *c, const char *naa)
{
	char p[FH_PATH_MAX];
	return fh_path(p, sizeof(p), c, "run/fakehost/open/3%s", naa) == 0 && access(p, F_OK) == 0;
}

/* The names a map has in /dev, each prefix + its naa, a relative link to
 * its dev/dm-N (map_create). */
static const char *const map_names[] = {
	"dev/mapper/3",
	"dev/disk/by-id/dm-uuid-mpath-3",
	"dev/disk/by-id/dm-name-3",
};

int fh_map_remove(fh_ctx *c, json_t *map)
{
	json_t *maps = fh_arr(c->st, "maps"), *m;
	char rel[512], dm[32], naa[40];
	size_t i, at = (size_t)-1;

	json_array_foreach(maps, i, m)
		if (m == map)
			at = i;
	if (at == (size_t)-1)
		return -1;
	snprintf(dm, sizeof(dm), "dm-%lld", fh_int(map, "n"));
	snprintf(naa, sizeof(naa), "%s", fh_str(map, "naa"));
	json_array_foreach(fh_arr(c->st, "devices"), i, m) {
		snprintf(rel, sizeof(rel), "sys/block/%s/holders/%s", fh_str(m, "name"), dm);
		rm_at(c, rel);
	}
	snprintf(rel, sizeof(rel), "sys/block/%s", dm);
	rm_at(c, rel);
	snprintf(rel, sizeof(rel), "dev/%s", dm);
	rm_at(c, rel);
	for (size_t k = 0; k < sizeof(map_names) / sizeof(map_names[0]); k++) {
		snprintf(rel, sizeof(rel), "%s%s", map_names[k], naa);
		rm_at(c, rel);
	}
	json_array_remove(maps, at);
	c->dirty = 1;
	return 0;
}

static json_t *map_create(fh_ctx *c, const char *naa, long long blocks)
{
	json_t *m;
	char rel[512], dm[32], txt[128], p[FH_PATH_MAX], size[32], name[64], uuid[80];
	/* the map's attributes under sys/block/dm-N */
	const struct {
		const char *file, *text;
	} attrs[] = { { "size", size }, { "dm/name", name }, { "dm/uuid", uuid } };
	long long n;
	size_t i;
	int used;

	for (n = 0;; n++) {
		used = 0;
		json_array_foreach(fh_arr(c->st, "maps"), i, m)
			used |= fh_int(m, "n") == n;
		if (!used)
			break;
	}
	snprintf(dm, sizeof(dm), "dm-%lld", n);
	if (fh_path(p, sizeof(p), c, "sys/block/%s/dm", dm) || fh_mkdirs(p, 0755) ||
	    fh_path(p, sizeof(p), c, "sys/block/%s/slaves", dm) || fh_mkdirs(p, 0755) ||
	    fh_path(p, sizeof(p), c, "dev/mapper") || fh_mkdirs(p, 0755) ||
	    fh_path(p, sizeof(p), c, "dev/disk/by-id") || fh_mkdirs(p, 0755))
		return NULL;
	m = json_object();
	json_object_set_new(m, "n", json_integer(n));
	json_object_set_new(m, "naa", json_string(naa));
	json_array_append_new(fh_arr(c->st, "maps"), m);
	c->dirty = 1;
	snprintf(rel, sizeof(rel), "dev/%s", dm);
	write_at(c, rel, "");
	snprintf(size, sizeof(size), "%lld\n", blocks);
	snprintf(name, sizeof(name), "3%s\n", naa);
	snprintf(uuid, sizeof(uuid), "mpath-3%s\n", naa);
	for (size_t k = 0; k < sizeof(attrs) / sizeof(attrs[0]); k++) {
		snprintf(rel, sizeof(rel), "sys/block/%s/%s", dm, attrs[k].file);
		write_at(c, rel, attrs[k].text);
	}
	for (size_t k = 0; k < sizeof(map_names) / sizeof(map_names[0]); k++) {
		/* "../" for each directory below dev/, then dm-N */
		size_t o = 0;
		for (const char *q = map_names[k] + strlen("dev/"); (q = strchr(q, '/')); q++)
			o += (size_t)snprintf(txt + o, sizeof(txt) - o, "../");
		snprintf(txt + o, sizeof(txt) - o, "%s", dm);
		snprintf(rel, sizeof(rel), "%s%s", map_names[k], naa);
		link_at(c, txt, rel);
	}
	return m;
}

int fh_sync_maps(fh_ctx *c, int create)
{
	json_t *d, *m;
	size_t i;
	char rel[512], txt[128], p[FH_PATH_MAX];

	if (create && fh_multipath_on(c))
		json_array_foreach(fh_arr(c->st, "devices"), i, d)
			if (!map_by_naa(c, fh_str(d, "naa")) && !map_create(c, fh_str(d, "naa"), fh_int(d, "blocks")))
				return -1;
	/* Slaves and holders follow the devices of each map's WWID. */
	json_array_foreach(fh_arr(c->st, "maps"), i, m) {
		char dm[32];
		DIR *dir;
		struct dirent *e;
		snprintf(dm, sizeof(dm), "dm-%lld", fh_int(m, "n"));
		if (fh_path(p, sizeof(p), c, "sys/block/%s/slaves", dm) == 0 && (dir = opendir(p))) {
			while ((e = readdir(dir)))
				if (e->d_name[0] != '.') {
					json_t *s = device_by_name(c, e->d_name, NULL);
					if (!s || strcmp(fh_str(s, "naa"), fh_str(m, "naa"))) {
						snprintf(rel, sizeof(rel), "sys/block/%s/slaves/%s", dm, e->d_name);
						rm_at(c, rel);
					}
				}
			closedir(dir);
		}
		size_t j;
		json_array_foreach(fh_arr(c->st, "devices"), j, d) {
			if (strcmp(fh_str(d, "naa"), fh_str(m, "naa")))
				continue;
			snprintf(txt, sizeof(txt), "../../%s", fh_str(d, "name"));
			snprintf(rel, sizeof(rel), "sys/block/%s/slaves/%s", dm, fh_str(d, "name"));
			link_at(c, txt, rel);
			if (fh_path(p, sizeof(p), c, "sys/block/%s/holders", fh_str(d, "name")) == 0)
				fh_mkdirs(p, 0755);
			snprintf(txt, sizeof(txt), "../../%s", dm);
			snprintf(rel, sizeof(rel), "sys/block/%s/holders/%s", fh_str(d, "name"), dm);
			link_at(c, txt, rel);
		}
	}
	return 0;
}

int fh_remove_device(fh_ctx *c, const char *name)
{
	size_t at;
	json_t *d = device_by_name(c, name, &at), *other, *m;
	char rel[512], naa[40], txt[64];

	if (!d)
		return -1;
	snprintf(naa, sizeof(naa), "%s", fh_str(d, "naa"));
	other = device_with_naa(c, naa, name);
	static const char *const links[] = { "scsi-3", "wwn-0x" };
	for (size_t i = 0; i < 2; i++) {
		snprintf(rel, sizeof(rel), "dev/disk/by-id/%s%s", links[i], naa);
		if (!link_is(c, rel, name))
			continue;
		if (other) {
			snprintf(txt, sizeof(txt), "../../%s", fh_str(other, "name"));
			link_at(c, txt, rel);
		} else {
			rm_at(c, rel);
		}
	}
	m = map_by_naa(c, naa);
	if (m && !other && !map_is_open(c, naa))
		fh_map_remove(c, m);
	/* sysfs last: once sys/block/sdX is gone, so is everything else of it. */
	snprintf(rel, sizeof(rel), "dev/%s", name);
	rm_at(c, rel);
	snprintf(rel, sizeof(rel), "sys/block/%s", name);
	rm_at(c, rel);
	device_by_name(c, name, &at);
	json_array_remove(fh_arr(c->st, "devices"), at);
	c->dirty = 1;
	return fh_sync_maps(c, 0);
}

int fh_remove_session_devices(fh_ctx *c, long long host)
{
	json_t *d;
	size_t i;
	char name[16];

	for (;;) {
		int found = 0;
		json_array_foreach(fh_arr(c->st, "devices"), i, d)
			if (fh_int(d, "host") == host) {
				snprintf(name, sizeof(name), "%s", fh_str(d, "name"));
				found = 1;
				break;
			}
		if (!found)
			return 0;
		fh_remove_device(c, name);
	}
}

json_t *fh_map_find(fh_ctx *c, const char *name)
{
	const char *b = strrchr(name, '/');
	json_t *m;
	size_t i;

	b = b ? b + 1 : name;
	json_array_foreach(fh_arr(c->st, "maps"), i, m) {
		char dm[32];
		snprintf(dm, sizeof(dm), "dm-%lld", fh_int(m, "n"));
		if (!strcmp(b, dm) || (b[0] == '3' && !strcmp(b + 1, fh_str(m, "naa"))))
			return m;
	}
	return NULL;
}

static json_t *array_named(json_t *arrays, const char *name)
{
	size_t i;
	json_t *a;
	json_array_foreach(arrays, i, a)
		if (!strcmp(fh_str(a, "name"), name))
			return a;
	return NULL;
}

int fh_scan_session(fh_ctx *c, json_t *arrays, const json_t *s)
{
	fh_host_id id;
	json_t *a = array_named(arrays, fh_str(s, "array")), *luns, *l, *proto;
	size_t i;
	int rc = 0;

	if (!a || fh_host_identity(&id, c) || !id.iqn[0])
		return 0;
	luns = fh_visible_luns(a, "iscsi", id.iqn, fh_str(s, "sp"), fh_int(s, "portid"));
	proto = json_pack("{s:s, s:s, s:s, s:I, s:I}", "kind", "iscsi", "array", fh_str(s, "array"), "sp",
			  fh_str(s, "sp"), "port", (json_int_t)fh_int(s, "portid"), "sid",
			  (json_int_t)fh_int(s, "sid"));
	json_array_foreach(luns, i, l)
		rc |= ensure_device(c, proto, fh_int(s, "host"), 0, l);
	json_decref(proto);
	json_decref(luns);
	return rc | fh_sync_maps(c, 0);
}

int fh_scan_fc_host(fh_ctx *c, json_t *arrays, int host)
{
	fh_host_id id;
	const char *wwpn = NULL;
	json_t *a, *h, *targets = json_object_get(c->st, "fc_targets");
	size_t i, j, k;
	int rc = 0;

	if (fh_host_identity(&id, c))
		return -1;
	for (i = 0; i < id.n_wwpn; i++)
		if (id.fc_host[i] == host)
			wwpn = id.wwpn[i];
	if (!wwpn)
		return 0;
	if (!json_is_object(targets)) {
		targets = json_object();
		json_object_set_new(c->st, "fc_targets", targets);
	}
	json_array_foreach(arrays, i, a)
		json_array_foreach(json_object_get(json_object_get(a, "state"), "hbas"), j, h) {
			const char *uid = fh_str(h, "uid");
			char key[256];
			json_t *luns, *l, *proto;
			long long tid;
			if (strlen(uid) != 47 || strcasecmp(uid + 24, wwpn))
				continue;
			snprintf(key, sizeof(key), "%s/%s/%lld", fh_str(a, "name"), fh_str(h, "sp"),
				 fh_int(h, "port"));
			tid = fh_int(targets, key);
			if (!json_object_get(targets, key)) {
				tid = (long long)json_object_size(targets);
				json_object_set_new(targets, key, json_integer(tid));
				c->dirty = 1;
			}
			luns = fh_visible_luns(a, "fc", wwpn, fh_str(h, "sp"), fh_int(h, "port"));
			proto = json_pack("{s:s, s:s, s:s, s:I}", "kind", "fc", "array", fh_str(a, "name"), "sp",
					  fh_str(h, "sp"), "port", (json_int_t)fh_int(h, "port"));
			json_array_foreach(luns, k, l)
				rc |= ensure_device(c, proto, host, tid, l);
			json_decref(proto);
			json_decref(luns);
		}
	return rc | fh_sync_maps(c, 0);
}

/* A rescan of one device: the kernel re-reads its capacity. */
static void rescan_device(fh_ctx *c, json_t *arrays, json_t *d)
{
	fh_host_id id;
	json_t *a = array_named(arrays, fh_str(d, "array")), *luns, *l, *m;
	const char *init;
	size_t i;
	char rel[512], txt[64];

	if (!a || fh_host_identity(&id, c))
		return;
	init = id.iqn;
	if (!strcmp(fh_str(d, "kind"), "fc"))
		for (i = 0; i < id.n_wwpn; i++)
			if (id.fc_host[i] == fh_int(d, "host"))
				init = id.wwpn[i];
	luns = fh_visible_luns(a, fh_str(d, "kind"), init, fh_str(d, "sp"), fh_int(d, "port"));
	json_array_foreach(luns, i, l)
		if (fh_int(l, "hlu") == fh_int(d, "lun") && !strcmp(fh_str(l, "naa"), fh_str(d, "naa"))) {
			json_object_set(d, "blocks", json_object_get(l, "blocks"));
			c->dirty = 1;
			snprintf(txt, sizeof(txt), "%lld\n", fh_int(l, "blocks"));
			snprintf(rel, sizeof(rel), "sys/block/%s/size", fh_str(d, "name"));
			write_at(c, rel, txt);
			m = map_by_naa(c, fh_str(d, "naa"));
			if (m) {
				snprintf(rel, sizeof(rel), "sys/block/dm-%lld/size", fh_int(m, "n"));
				write_at(c, rel, txt);
			}
		}
	json_decref(luns);
}

int fh_settle(fh_ctx *c)
{
	char p[FH_PATH_MAX], buf[64], name[16];
	json_t *arrays = NULL, *d;
	DIR *dir;
	struct dirent *e;
	size_t i;
	int again = 1;

	/* device/delete: "1" removes the device (one at a time: the list changes). */
	while (again) {
		again = 0;
		json_array_foreach(fh_arr(c->st, "devices"), i, d) {
			snprintf(name, sizeof(name), "%s", fh_str(d, "name"));
			if (fh_path(p, sizeof(p), c, "sys/block/%s/device/delete", name) == 0 &&
			    fh_read_file(buf, sizeof(buf), p) == 0 && buf[0] == '1') {
				fh_remove_device(c, name);
				again = 1;
				break;
			}
		}
	}
	json_array_foreach(fh_arr(c->st, "devices"), i, d) {
		if (fh_path(p, sizeof(p), c, "sys/block/%s/device/rescan", fh_str(d, "name")) ||
		    fh_read_file(buf, sizeof(buf), p) || buf[0] != '1')
			continue;
		fh_write_file(p, "");
		if (!arrays && !(arrays = fh_arrays_load()))
			return -1;
		rescan_device(c, arrays, d);
	}
	/* sys/class/scsi_host/hostN/scan: "C T L" (usually "- - -") scans that host. */
	if (fh_path(p, sizeof(p), c, "sys/class/scsi_host") == 0 && (dir = opendir(p))) {
		while ((e = readdir(dir))) {
			int host;
			char a1[16], a2[16], a3[16];
			json_t *s;
			if (sscanf(e->d_name, "host%d", &host) != 1 ||
			    fh_path(p, sizeof(p), c, "sys/class/scsi_host/%s/scan", e->d_name) ||
			    fh_read_file(buf, sizeof(buf), p) || !buf[0])
				continue;
			fh_write_file(p, "");
			if (sscanf(buf, "%15s %15s %15s", a1, a2, a3) != 3)
				continue;
			if (!arrays && !(arrays = fh_arrays_load())) {
				closedir(dir);
				return -1;
			}
			json_array_foreach(fh_arr(c->st, "sessions"), i, s)
				if (fh_int(s, "host") == host)
					fh_scan_session(c, arrays, s);
			fh_scan_fc_host(c, arrays, host);
		}
		closedir(dir);
	}
	json_decref(arrays);
	return fh_sync_maps(c, 0);
}
