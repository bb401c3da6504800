/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fh_array.c - what the simulated arrays present to this host.
 *
 * The host's identity is read from its own files (the IQN and the FC
 * WWPNs); the arrays' state comes from navisim itself: `navisim --admin
 * list-arrays` for names, SP addresses and SPs that are down, and `navisim
 * --admin show --name N` for ports, initiator records, storage groups and
 * LUNs.  Neither admin verb is logged by the array nor pays its configured
 * command latency, so the fake host does not disturb what a test measures
 * on the array.  navisim is FAKEHOST_NAVISIM, else "navisim" on PATH; it
 * inherits NAVISIM_HOME.
 *
 * A LUN's WWN is the "wwn" of its record when navisim shows one; otherwise
 * it is asked once per array the way a host's management station would,
 * with `lun -list -uid` (credentials FAKEHOST_ARRAY_USER, default
 * sysadmin, and the password in FAKEHOST_ARRAY_PASSWORD_FILE, default
 * $NAVISIM_HOME/.demo-array-password as slgwd --demo leaves it).
 */
#include "fakehost.h"
#include "../../common/spawn_capture.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

extern char **environ;

/* Run navisim with args; its stdout in *out (malloc'd). 0 on exit status 0. */
static int run_navisim(char **out, char *const *args)
{
	const char *bin = getenv("FAKEHOST_NAVISIM");
	char *argv[24];
	size_t i;

	*out = NULL;
	if (!bin || !*bin)
		bin = "navisim";
	argv[0] = (char *)bin;
	for (i = 0; args[i] && i < 22; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;
	if (spawn_capture(out, argv, environ, 1, NULL) == 0 && *out)
		return 0;
	if (!*out)
		fprintf(stderr, "fakehost: cannot run %s: %s\n", bin, strerror(errno));
	free(*out);
	*out = NULL;
	return -1;
}

int fh_host_identity(fh_host_id *out, const fh_ctx *c)
{
	char p[FH_PATH_MAX], line[512], pn[64];
	FILE *f;
	DIR *d;
	struct dirent *e;

	memset(out, 0, sizeof(*out));
	if (fh_path(p, sizeof(p), c, "etc/iscsi/initiatorname.iscsi") == 0 && (f = fopen(p, "r"))) {
		while (fgets(line, sizeof(line), f)) {
			char *v;
			if (strncmp(line, "InitiatorName=", 14) != 0)
				continue;
			v = line + 14;
			v[strcspn(v, " \t\r\n")] = '\0';
			if (strlen(v) < sizeof(out->iqn))
				memcpy(out->iqn, v, strlen(v) + 1);
		}
		fclose(f);
	}
	if (fh_path(p, sizeof(p), c, "sys/class/fc_host") || !(d = opendir(p)))
		return 0;
	while ((e = readdir(d)) && out->n_wwpn < 32) {
		char hex[17], *w = out->wwpn[out->n_wwpn];
		int host;
		if (sscanf(e->d_name, "host%d", &host) != 1)
			continue;
		if (fh_path(p, sizeof(p), c, "sys/class/fc_host/%s/port_name", e->d_name) ||
		    fh_read_file(pn, sizeof(pn), p) || strncasecmp(pn, "0x", 2) || strlen(pn) != 18)
			continue;
		for (int i = 0; i < 16; i++)
			hex[i] = (char)tolower((unsigned char)pn[2 + i]);
		hex[16] = '\0';
		if (strspn(hex, "0123456789abcdef") != 16)
			continue;
		snprintf(w, 24, "%.2s:%.2s:%.2s:%.2s:%.2s:%.2s:%.2s:%.2s", hex, hex + 2, hex + 4, hex + 6, hex + 8,
			 hex + 10, hex + 12, hex + 14);
		out->fc_host[out->n_wwpn++] = host;
	}
	closedir(d);
	return 0;
}

json_t *fh_arrays_load(void)
{
	char *list = NULL, *save = NULL;
	char *la[] = { "--admin", "list-arrays", NULL };
	json_t *arrays;

	if (run_navisim(&list, la)) {
		fprintf(stderr, "fakehost: `navisim --admin list-arrays` failed (NAVISIM_HOME=%s)\n",
			getenv("NAVISIM_HOME") ? getenv("NAVISIM_HOME") : "unset");
		return NULL;
	}
	arrays = json_array();
	for (char *ln = strtok_r(list, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
		char name[128], spa[128], spb[128], *show = NULL;
		char *sa[] = { "--admin", "show", "--name", name, NULL };
		json_t *a, *st;
		json_error_t je;

		if (sscanf(ln, "%127s spa=%127s spb=%127s", name, spa, spb) != 3)
			continue;
		if (run_navisim(&show, sa))
			continue;
		st = json_loads(show, 0, &je);
		free(show);
		if (!json_is_object(st)) {
			json_decref(st);
			continue;
		}
		a = json_object();
		json_object_set_new(a, "name", json_string(name));
		json_object_set_new(a, "spa_down", json_boolean(strstr(spa, "(down)") != NULL));
		json_object_set_new(a, "spb_down", json_boolean(strstr(spb, "(down)") != NULL));
		spa[strcspn(spa, "(")] = '\0';
		spb[strcspn(spb, "(")] = '\0';
		json_object_set_new(a, "spa", json_string(spa));
		json_object_set_new(a, "spb", json_string(spb));
		json_object_set_new(a, "state", st);
		json_array_append_new(arrays, a);
	}
	free(list);
	return arrays;
}

int fh_sp_down(const json_t *array, const char *sp)
{
	return json_is_true(json_object_get(array, (sp[0] & ~0x20) == 'A' ? "spa_down" : "spb_down"));
}

json_t *fh_portal_find(json_t **port_out, const char **sp_out, json_t *arrays, const char *ip)
{
	size_t i, j, k;
	json_t *a, *p, *vp;

	json_array_foreach(arrays, i, a)
		json_array_foreach(json_object_get(json_object_get(a, "state"), "ports"), j, p) {
			if (strcmp(fh_str(p, "kind"), "iscsi"))
				continue;
			json_array_foreach(json_object_get(p, "vports"), k, vp)
				if (!strcmp(fh_str(vp, "ip"), ip)) {
					*port_out = p;
					*sp_out = fh_str(p, "sp");
					return a;
				}
		}
	return NULL;
}

/* Fill in "wwn" of every LUN record from `lun -list -uid`, once per array. */
static void fetch_wwns(json_t *array)
{
	const char *home = getenv("NAVISIM_HOME"), *user = getenv("FAKEHOST_ARRAY_USER");
	const char *pwf = getenv("FAKEHOST_ARRAY_PASSWORD_FILE");
	char pw[256] = "fakehost", dflt[FH_PATH_MAX], sp[128], *out = NULL, *save = NULL;
	char *args[] = { "-h", sp, "-user", NULL, "-password", pw, "-scope", "0", "lun", "-list", "-uid", NULL };
	long long id = -1;
	json_t *luns = json_object_get(json_object_get(array, "state"), "luns"), *l;
	size_t i;

	if (json_is_true(json_object_get(array, "wwn_fetched")))
		return;
	json_object_set_new(array, "wwn_fetched", json_true());
	if (!pwf && home && (size_t)snprintf(dflt, sizeof(dflt), "%s/.demo-array-password", home) < sizeof(dflt))
		pwf = dflt;
	if (pwf && fh_read_file(pw, sizeof(pw), pwf))
		snprintf(pw, sizeof(pw), "fakehost");
	args[3] = (char *)(user && *user ? user : "sysadmin");
	snprintf(sp, sizeof(sp), "%s", fh_str(array, fh_sp_down(array, "A") ? "spb" : "spa"));
	if (run_navisim(&out, args))
		return;
	for (char *ln = strtok_r(out, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
		char uid[128];
		if (sscanf(ln, "LOGICAL UNIT NUMBER %lld", &id) == 1)
			continue;
		if (sscanf(ln, "UID: %127s", uid) == 1 && id >= 0)
			json_array_foreach(luns, i, l)
				if (fh_int(l, "id") == id && !json_object_get(l, "wwn"))
					json_object_set_new(l, "wwn", json_string(uid));
	}
	free(out);
}

static json_t *lun_by_id(json_t *array, long long id)
{
	size_t i;
	json_t *l;
	json_array_foreach(json_object_get(json_object_get(array, "state"), "luns"), i, l)
		if (fh_int(l, "id") == id)
			return l;
	return NULL;
}

/* An FC initiator record's uid is WWNN:WWPN; does its WWPN half match? */
static int fc_uid_is(const char *uid, const char *wwpn)
{
	size_t n = strlen(uid);
	return n == 47 && strcasecmp(uid + 24, wwpn) == 0;
}

json_t *fh_visible_luns(json_t *array, const char *proto, const char *initiator, const char *sp, long long port)
{
	json_t *st = json_object_get(array, "state"), *out = json_array(), *h, *g, *m, *l;
	size_t i, j, k;
	int fc = strcmp(proto, "fc") == 0;

	if (fh_sp_down(array, sp))
		return out;
	if (fc) /* a fabric logout takes the path away */
		json_array_foreach(json_object_get(st, "logins"), i, l)
			if (fc_uid_is(fh_str(l, "uid"), initiator) && !strcasecmp(fh_str(l, "sp"), sp) &&
			    fh_int(l, "port") == port && json_is_false(json_object_get(l, "in")))
				return out;
	json_array_foreach(json_object_get(st, "hbas"), i, h) {
		const char *uid = fh_str(h, "uid"), *sg = fh_str(h, "sg");
		if (!*sg || strcasecmp(fh_str(h, "sp"), sp) || fh_int(h, "port") != port)
			continue;
		if (fc ? !fc_uid_is(uid, initiator) : strcasecmp(uid, initiator) != 0)
			continue;
		json_array_foreach(json_object_get(st, "sgs"), j, g) {
			if (strcmp(fh_str(g, "name"), sg))
				continue;
			json_array_foreach(json_object_get(g, "hlus"), k, m) {
				char naa[33];
				json_t *v;
				l = lun_by_id(array, fh_int(m, "alu"));
				if (!l)
					continue;
				if (!json_object_get(l, "wwn"))
					fetch_wwns(array);
				/* "60:06:01:60:AB..." -> 32 lowercase hex digits */
				if (fh_hex_digits(naa, 32, fh_str(l, "wwn")))
					continue;
				v = json_object();
				json_object_set_new(v, "hlu", json_integer(fh_int(m, "hlu")));
				json_object_set_new(v, "naa", json_string(naa));
				json_object_set_new(v, "blocks", json_integer(fh_int(l, "blocks")));
				json_array_append_new(out, v);
			}
		}
	}
	return out;
}
