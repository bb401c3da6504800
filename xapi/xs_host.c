/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xs_host.c - everything the plugin does on the XenServer host itself.
 *
 * Design:
 * - Every path is ROOT + the real path, ROOT = ${SLGW_XS_ROOT:-} (empty on
 *   a host). The tests point ROOT at a fake device tree and put fake
 *   iscsiadm / multipath first on PATH; the code has no test mode.
 * - Tools are run with posix_spawnp and an argv array, never a shell; their
 *   standard output is read through a pipe, their standard error goes to
 *   ours (xapi-storage-script logs it).
 * - What the host has, read from the files XenServer keeps: the
 *   installation UUID (/etc/xensource-inventory), the iSCSI initiator name
 *   (/etc/iscsi/initiatorname.iscsi), the FC port names
 *   (/sys/class/fc_host/host* /port_name). Each value is checked against
 *   its syntax before it goes to the gateway.
 * - State the plugin keeps between commands lives in ROOT/run/slgw-xapi/
 *   (tmpfs on a host: an SR is attached again by xapi after a reboot): the
 *   SR records (configuration with the gateway password: 0600, in a 0700
 *   directory) and one record per attached volume. Files are replaced
 *   atomically (write a temporary file, fsync, rename).
 * - Device discovery follows open-iscsi and multipath-tools: a LUN shows
 *   as /dev/disk/by-id/scsi-3<naa> (one SCSI path) and, with multipath, as
 *   /dev/disk/by-id/dm-uuid-mpath-3<naa>, which is preferred. Removal is the
 *   reverse: flush the map, then write "1" to device/delete of each path.
 */
#include <ctype.h>
#include <errno.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <glob.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <limits.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "xs.h"

extern char **environ;

static const char *xs_root(void)
{
	const char *r = getenv("SLGW_XS_ROOT");

	/* Only an absolute root is honoured: a relative one would depend on
	 * the directory xapi-storage-script runs us in. */
	if (!r || r[0] != '/')
		return "";
	return r;
}

int xs_path(char *buf, size_t len, const char *fmt, ...)
{
	const char *root = xs_root();
	size_t rl = strlen(root);
	va_list ap;
	int n;

	if (rl >= len)
		return -1;
	memcpy(buf, root, rl);
	va_start(ap, fmt);
	n = vsnprintf(buf + rl, len - rl, fmt, ap);
	va_end(ap);
	return (n < 0 || (size_t)n >= len - rl) ? -1 : 0;
}

int xs_mkdirs(const char *rel, int mode, struct xs_err *e)
{
	char path[PATH_MAX];
	size_t rl = strlen(xs_root());

	if (xs_path(path, sizeof path, "%s", rel))
		return xs_fail(e, "HOST_ERROR", "path too long: %s", rel);
	for (char *p = path + rl + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, (mode_t)mode) && errno != EEXIST) {
			xs_fail(e, "HOST_ERROR", "cannot create %s: %s", path, strerror(errno));
			return -1;
		}
		*p = '/';
	}
	if (mkdir(path, (mode_t)mode) && errno != EEXIST)
		return xs_fail(e, "HOST_ERROR", "cannot create %s: %s", path, strerror(errno));
	return 0;
}

/* ---- small file helpers ---- */

/* First line of a small file into buf (newline stripped); -1 if absent. */
static int read_line(char *buf, size_t len, const char *path)
{
	FILE *f = fopen(path, "re");
	char *ok;

	if (!f)
		return -1;
	ok = fgets(buf, (int)len, f);
	fclose(f);
	if (!ok)
		return -1;
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
	ssize_t n;
	size_t len = strlen(text);

	if (fd < 0)
		return -1;
	n = write(fd, text, len);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

static int valid_uuid(const char *s)
{
	size_t n = strlen(s);

	if (n < 8 || n > 40)
		return 0;
	for (; *s; s++)
		if (!isxdigit((unsigned char)*s) && *s != '-')
			return 0;
	return 1;
}

static int valid_iqn(const char *s)
{
	size_t n = strlen(s);

	if (n < 5 || n > 223)
		return 0;
	if (strncmp(s, "iqn.", 4) && strncmp(s, "eui.", 4) && strncmp(s, "naa.", 4))
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr(".:-", *s))
			return 0;
	return 1;
}

/* "0x5001438001234567" -> "50:01:43:80:01:23:45:67"; -1 if malformed. */
static int wwpn_of(char out[24], const char *in)
{
	if (!strncmp(in, "0x", 2) || !strncmp(in, "0X", 2))
		in += 2;
	if (strlen(in) != 16)
		return -1;
	for (int i = 0; i < 16; i++)
		if (!isxdigit((unsigned char)in[i]))
			return -1;
	for (int i = 0, o = 0; i < 16; i += 2) {
		out[o++] = (char)tolower((unsigned char)in[i]);
		out[o++] = (char)tolower((unsigned char)in[i + 1]);
		out[o++] = i < 14 ? ':' : '\0';
	}
	return 0;
}

/* The first IPv4 address of interface ifname ("" when it has none). */
static void interface_address(char *out, size_t len, const char *ifname)
{
	struct ifaddrs *ifa = NULL;

	out[0] = '\0';
	if (getifaddrs(&ifa))
		return;
	for (struct ifaddrs *i = ifa; i; i = i->ifa_next) {
		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET || !i->ifa_name ||
		    strcmp(i->ifa_name, ifname))
			continue;
		inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)i->ifa_addr)->sin_addr, out,
			  (socklen_t)len);
		break;
	}
	freeifaddrs(ifa);
}

/* A value of the inventory (KEY='value'), unquoted, into out. */
static int inventory_value(char *out, size_t len, const char *line, const char *key)
{
	size_t kl = strlen(key);
	char v[256];
	size_t n;

	if (strncmp(line, key, kl) || line[kl] != '=')
		return -1;
	snprintf(v, sizeof v, "%s", line + kl + 1);
	v[strcspn(v, "\r\n")] = '\0';
	n = strlen(v);
	if (n >= 2 && (v[0] == '\'' || v[0] == '"') && v[n - 1] == v[0]) {
		v[n - 1] = '\0';
		snprintf(out, len, "%s", v + 1);
	} else {
		snprintf(out, len, "%s", v);
	}
	return 0;
}

int xs_host_identity(struct xs_host_id *out, struct xs_err *e)
{
	char mgmt[IF_NAMESIZE + 1] = "";
	char path[PATH_MAX], line[512];
	FILE *f;
	glob_t g;

	memset(out, 0, sizeof *out);
	if (xs_path(path, sizeof path, "/etc/xensource-inventory"))
		return xs_fail(e, "HOST_ERROR", "path too long");
	f = fopen(path, "re");
	if (!f)
		return xs_fail(e, "HOST_ERROR", "cannot read %s: %s", path, strerror(errno));
	while (fgets(line, sizeof line, f)) {
		char v[256];

		if (inventory_value(v, sizeof v, line, "INSTALLATION_UUID") == 0 &&
		    strlen(v) < sizeof out->uuid)
			memcpy(out->uuid, v, strlen(v) + 1);
		else if (inventory_value(v, sizeof v, line, "MANAGEMENT_INTERFACE") == 0 &&
			 strlen(v) < sizeof mgmt && !strchr(v, '/'))
			memcpy(mgmt, v, strlen(v) + 1);
	}
	fclose(f);
	if (!valid_uuid(out->uuid))
		return xs_fail(e, "HOST_ERROR", "%s has no valid INSTALLATION_UUID", path);
	if (mgmt[0])
		interface_address(out->address, sizeof out->address, mgmt);

	if (xs_path(path, sizeof path, "/etc/iscsi/initiatorname.iscsi"))
		return xs_fail(e, "HOST_ERROR", "path too long");
	f = fopen(path, "re");
	if (f) {
		while (fgets(line, sizeof line, f)) {
			char *v = line;

			while (*v == ' ' || *v == '\t')
				v++;
			if (strncmp(v, "InitiatorName=", 14))
				continue;
			v += 14;
			v[strcspn(v, " \t\r\n")] = '\0';
			if (!valid_iqn(v)) {
				fclose(f);
				return xs_fail(e, "HOST_ERROR", "%s: not a valid initiator name: %.64s",
					       path, v);
			}
			snprintf(out->iqn, sizeof out->iqn, "%s", v);
			break;
		}
		fclose(f);
	}

	if (xs_path(path, sizeof path, "/sys/class/fc_host/host*/port_name"))
		return xs_fail(e, "HOST_ERROR", "path too long");
	if (glob(path, 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc && out->nwwpn < 16; i++) {
			char w[24];

			if (read_line(line, sizeof line, g.gl_pathv[i]) || wwpn_of(w, line))
				continue;
			memcpy(out->wwpn[out->nwwpn++], w, sizeof w);
		}
		globfree(&g);
	}
	if (!out->iqn[0] && !out->nwwpn)
		return xs_fail(e, "HOST_ERROR",
			       "this host has neither an iSCSI initiator name nor an FC port");
	return 0;
}

/* ---- records under ROOT/run/slgw-xapi ---- */

static int write_json_file(const char *dir_rel, const char *file, const json_t *j,
			   struct xs_err *e)
{
	char path[PATH_MAX], tmp[PATH_MAX + 16];
	char *s;
	int fd;
	size_t len;
	ssize_t n;

	if (xs_mkdirs(dir_rel, 0700, e))
		return -1;
	if (xs_path(path, sizeof path, "%s/%s", dir_rel, file))
		return xs_fail(e, "HOST_ERROR", "path too long");
	snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
	s = json_dumps(j, JSON_PRESERVE_ORDER | JSON_COMPACT);
	if (!s)
		return xs_fail(e, "INTERNAL", "out of memory");
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		free(s);
		return xs_fail(e, "HOST_ERROR", "cannot write %s: %s", tmp, strerror(errno));
	}
	len = strlen(s);
	n = write(fd, s, len);
	free(s);
	if (n != (ssize_t)len || fsync(fd) || close(fd)) {
		unlink(tmp);
		return xs_fail(e, "HOST_ERROR", "cannot write %s", tmp);
	}
	if (rename(tmp, path)) {
		unlink(tmp);
		return xs_fail(e, "HOST_ERROR", "cannot rename to %s: %s", path, strerror(errno));
	}
	return 0;
}

static int read_json_file(json_t **out, const char *path)
{
	json_error_t je;

	*out = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (!*out)
		return access(path, F_OK) ? 1 : -1;
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

int xs_sr_record_read(json_t **out, const char *sr, struct xs_err *e)
{
	char path[PATH_MAX];
	int rc;

	if (xs_check_sr_uuid(sr, e))
		return -1;
	if (xs_path(path, sizeof path, "/run/slgw-xapi/sr/%s.json", sr))
		return xs_fail(e, "HOST_ERROR", "path too long");
	rc = read_json_file(out, path);
	if (rc > 0)
		return xs_fail(e, "Sr_not_attached", "%s", sr);
	if (rc < 0)
		return xs_fail(e, "HOST_ERROR", "%s is not a valid SR record", path);
	return 0;
}

int xs_sr_record_write(const char *sr, const json_t *rec, struct xs_err *e)
{
	char file[128];

	if (xs_check_sr_uuid(sr, e))
		return -1;
	snprintf(file, sizeof file, "%s.json", sr);
	return write_json_file("/run/slgw-xapi/sr", file, rec, e);
}

int xs_sr_record_remove(const char *sr)
{
	char path[PATH_MAX];

	if (xs_path(path, sizeof path, "/run/slgw-xapi/sr/%s.json", sr))
		return -1;
	return unlink(path) && errno != ENOENT ? -1 : 0;
}

int xs_attach_record_read(json_t **out, const char *sr, const char *key, struct xs_err *e)
{
	char path[PATH_MAX];
	int rc;

	if (xs_path(path, sizeof path, "/run/slgw-xapi/attach/%s/%s.json", sr, key))
		return xs_fail(e, "HOST_ERROR", "path too long");
	rc = read_json_file(out, path);
	if (rc < 0)
		return xs_fail(e, "HOST_ERROR", "%s is not a valid attachment record", path);
	return rc;
}

int xs_attach_record_write(const char *sr, const char *key, const json_t *rec, struct xs_err *e)
{
	char dir[256], file[128];

	snprintf(dir, sizeof dir, "/run/slgw-xapi/attach/%s", sr);
	snprintf(file, sizeof file, "%s.json", key);
	return write_json_file(dir, file, rec, e);
}

void xs_attach_record_remove(const char *sr, const char *key)
{
	char path[PATH_MAX];

	if (xs_path(path, sizeof path, "/run/slgw-xapi/attach/%s/%s.json", sr, key) == 0)
		unlink(path);
}

/* ---- running tools ---- */

char *xs_read_fd(int fd, size_t max, size_t *len)
{
	char *buf = NULL;
	size_t cap = 0;

	*len = 0;
	for (;;) {
		ssize_t n;

		if (*len + 4096 + 1 > cap) {
			char *nb = realloc(buf, cap ? cap * 2 : 8192);

			if (!nb)
				break;
			buf = nb;
			cap = cap ? cap * 2 : 8192;
		}
		n = read(fd, buf + *len, cap - *len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		*len += (size_t)n;
		if (*len > max)
			break;
	}
	if (buf)
		buf[*len] = '\0';
	return buf;
}

int xs_run(char **out, char *const argv[], struct xs_err *e)
{
	posix_spawn_file_actions_t fa;
	int pipefd[2], rc, status;
	pid_t pid;
	char *buf;
	size_t len;

	if (out)
		*out = NULL;
	if (pipe(pipefd))
		return xs_fail(e, "HOST_ERROR", "pipe: %s", strerror(errno));
	/* the read end must not leak into the child */
	fcntl(pipefd[0], F_SETFD, FD_CLOEXEC);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	if (rc) {
		close(pipefd[0]);
		return xs_fail(e, "HOST_ERROR", "cannot run %s: %s", argv[0], strerror(rc));
	}
	/* More than 4 MiB is more than any tool prints: stop reading. */
	buf = xs_read_fd(pipefd[0], 4 * 1024 * 1024, &len);
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			free(buf);
			return xs_fail(e, "HOST_ERROR", "waitpid: %s", strerror(errno));
		}
	if (out)
		*out = buf;
	else
		free(buf);
	if (!WIFEXITED(status)) {
		if (out) {
			free(*out);
			*out = NULL;
		}
		return xs_fail(e, "HOST_ERROR", "%s was killed by signal %d", argv[0],
			       WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	}
	return WEXITSTATUS(status);
}

/* ---- iSCSI and FC ---- */

struct session {
	char portal[128];
	char iqn[256];
};

/* `iscsiadm -m session` lines: "tcp: [1] 192.0.2.100:3260,1 iqn.... (non-flash)". */
static int list_sessions(struct session **out, size_t *n, struct xs_err *e)
{
	char *argv[] = { "iscsiadm", "-m", "session", NULL };
	char *text = NULL, *save = NULL;
	int rc = xs_run(&text, argv, e);

	*out = NULL;
	*n = 0;
	if (rc < 0)
		return -1;
	if (rc == 21) {  /* ISCSI_ERR_NO_OBJS_FOUND: no sessions */
		free(text);
		return 0;
	}
	if (rc != 0) {
		free(text);
		return xs_fail(e, "HOST_ERROR", "iscsiadm -m session failed (status %d)", rc);
	}
	for (char *l = strtok_r(text ? text : "", "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char proto[16], num[16], portal[128], iqn[256];
		struct session *ns;
		char *comma;

		if (sscanf(l, "%15s %15s %127s %255s", proto, num, portal, iqn) != 4)
			continue;
		comma = strchr(portal, ',');
		if (comma)
			*comma = '\0';
		ns = realloc(*out, (*n + 1) * sizeof **out);
		if (!ns)
			break;
		*out = ns;
		snprintf(ns[*n].portal, sizeof ns[*n].portal, "%s", portal);
		snprintf(ns[*n].iqn, sizeof ns[*n].iqn, "%s", iqn);
		(*n)++;
	}
	free(text);
	return 0;
}

static int has_session(const struct session *s, size_t n, const char *portal, const char *iqn)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s[i].portal, portal) && !strcasecmp(s[i].iqn, iqn))
			return 1;
	return 0;
}

/* A portal "a.b.c.d:port" or "[v6]:port" of safe characters. */
static int valid_portal(const char *p)
{
	size_t n = strlen(p);

	if (n < 3 || n > 64 || !strchr(p, ':'))
		return 0;
	for (; *p; p++)  /* hex digits cover IPv4, IPv6 and the port */
		if (!isxdigit((unsigned char)*p) && !strchr(".:[]", *p))
			return 0;
	return 1;
}

int xs_iscsi_login(const json_t *targets, struct xs_err *e)
{
	struct session *s = NULL;
	size_t ns = 0, logged = 0, tried = 0;
	char discovered[32][96];
	size_t nd = 0;
	size_t i;
	const json_t *t;
	struct xs_err last = { .code = "" };

	if (list_sessions(&s, &ns, e))
		return -1;
	json_array_foreach(targets, i, t) {
		const char *proto = json_string_value(json_object_get(t, "protocol"));
		const char *portal = json_string_value(json_object_get(t, "portal"));
		const char *iqn = json_string_value(json_object_get(t, "iqn"));
		int seen = 0;

		if (!proto || strcasecmp(proto, "iscsi") || !portal || !iqn)
			continue;
		if (!valid_portal(portal) || !valid_iqn(iqn))
			continue;
		tried++;
		if (has_session(s, ns, portal, iqn)) {
			logged++;
			continue;
		}
		for (size_t d = 0; d < nd; d++)
			seen |= !strcmp(discovered[d], portal);
		if (!seen) {
			char *argv[] = { "iscsiadm", "-m", "discovery", "-t", "sendtargets",
					 "-p", (char *)portal, NULL };
			int rc = xs_run(NULL, argv, &last);

			if (rc != 0) {
				if (rc > 0)
					xs_fail(&last, "HOST_ERROR",
						"iscsiadm discovery on %s failed (status %d)", portal,
						rc);
				continue;
			}
			if (nd < 32)
				snprintf(discovered[nd++], sizeof discovered[0], "%s", portal);
		}
		{
			char *argv[] = { "iscsiadm", "-m", "node", "-T", (char *)iqn,
					 "-p", (char *)portal, "--login", NULL };
			int rc = xs_run(NULL, argv, &last);

			if (rc == 0 || rc == 15)  /* 15: ISCSI_ERR_SESS_EXISTS */
				logged++;
			else if (rc > 0)
				xs_fail(&last, "HOST_ERROR", "iscsiadm login to %s on %s failed "
					"(status %d)", iqn, portal, rc);
		}
	}
	free(s);
	if (!tried)
		return xs_fail(e, "HOST_ERROR", "the gateway returned no iSCSI target for this LUN");
	if (!logged) {
		*e = last;
		return -1;
	}
	{
		char *argv[] = { "iscsiadm", "-m", "session", "-R", NULL };
		int rc = xs_run(NULL, argv, e);

		if (rc < 0)
			return -1;
		if (rc != 0 && rc != 21)
			return xs_fail(e, "HOST_ERROR", "iscsiadm -m session -R failed (status %d)",
				       rc);
	}
	return 0;
}

int xs_fc_scan(struct xs_err *e)
{
	char path[PATH_MAX];
	glob_t g;
	size_t ok = 0;

	if (xs_path(path, sizeof path, "/sys/class/scsi_host/host*/scan"))
		return xs_fail(e, "HOST_ERROR", "path too long");
	if (glob(path, 0, NULL, &g) != 0)
		return xs_fail(e, "HOST_ERROR", "no SCSI host to scan (%s)", path);
	for (size_t i = 0; i < g.gl_pathc; i++)
		ok += write_text(g.gl_pathv[i], "- - -") == 0;
	globfree(&g);
	if (!ok)
		return xs_fail(e, "HOST_ERROR", "could not write to any SCSI host scan file");
	return 0;
}

/* ---- devices ---- */

int xs_wwn_to_naa(char *naa, size_t len, const char *wwn)
{
	size_t o = 0;

	for (const char *p = wwn; *p; p++) {
		if (*p == ':')
			continue;
		if (!isxdigit((unsigned char)*p) || o + 1 >= len)
			return -1;
		naa[o++] = (char)tolower((unsigned char)*p);
	}
	naa[o] = '\0';
	return (o == 32 || o == 16) ? 0 : -1;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int xs_wait_device(char *dev, size_t len, const char *naa, struct xs_err *e)
{
	char dm[PATH_MAX], sd[PATH_MAX], conf[PATH_MAX];
	const char *t = getenv("SLGW_XS_DEVICE_TIMEOUT");
	double limit = t ? atof(t) : 30.0, start = now_s(), sd_since = 0;
	int multipath;

	if (limit <= 0 || limit > 600)
		limit = 30.0;
	if (xs_path(dm, sizeof dm, "/dev/disk/by-id/dm-uuid-mpath-3%s", naa) ||
	    xs_path(sd, sizeof sd, "/dev/disk/by-id/scsi-3%s", naa) ||
	    xs_path(conf, sizeof conf, "/etc/multipath.conf"))
		return xs_fail(e, "HOST_ERROR", "path too long");
	multipath = access(conf, F_OK) == 0;
	for (;;) {
		double now = now_s();

		if (access(dm, F_OK) == 0) {
			snprintf(dev, len, "%s", dm);
			return 0;
		}
		if (access(sd, F_OK) == 0) {
			/* With multipath on, the map follows its paths within
			 * moments; give it 5 s before settling for one path. */
			if (!sd_since)
				sd_since = now;
			if (!multipath || now - sd_since > 5.0 || now - start > limit) {
				snprintf(dev, len, "%s", sd);
				return 0;
			}
		}
		if (now - start > limit)
			return xs_fail(e, "DEVICE_TIMEOUT",
				       "no device for LUN 3%s appeared in %.0f s (looked for %s and %s)",
				       naa, limit, dm, sd);
		sleep_ms(100);
	}
}

/* basename of the target of a by-id link ("../../sdc" -> "sdc"). */
static int link_base(char *out, size_t len, const char *link)
{
	char t[PATH_MAX];
	ssize_t n = readlink(link, t, sizeof t - 1);
	const char *b;

	if (n <= 0)
		return -1;
	t[n] = '\0';
	b = strrchr(t, '/');
	b = b ? b + 1 : t;
	if (!*b || strlen(b) >= len || strchr(b, '.'))
		return -1;
	snprintf(out, len, "%s", b);
	return 0;
}

static void delete_scsi(const char *sdx)
{
	char path[PATH_MAX];

	if (strncmp(sdx, "sd", 2) || strchr(sdx, '/'))
		return;
	if (xs_path(path, sizeof path, "/sys/block/%s/device/delete", sdx) == 0)
		write_text(path, "1");
}

int xs_remove_device(const char *naa, struct xs_err *e)
{
	char link[PATH_MAX], base[128], path[PATH_MAX], name[256];
	glob_t g;
	struct stat st;
	struct xs_err ignore;

	if (xs_path(link, sizeof link, "/dev/disk/by-id/dm-uuid-mpath-3%s", naa) == 0 &&
	    link_base(base, sizeof base, link) == 0 && !strncmp(base, "dm-", 3)) {
		/* The map's name as multipath knows it (the WWID unless
		 * user_friendly_names), then its paths. */
		if (xs_path(path, sizeof path, "/sys/block/%s/dm/name", base) ||
		    read_line(name, sizeof name, path) || !name[0] || name[0] == '-')
			snprintf(name, sizeof name, "3%s", naa);
		{
			char *argv[] = { "multipath", "-f", name, NULL };

			xs_run(NULL, argv, &ignore);
		}
		/* A map that is still there is in use: its paths stay, and
		 * the caller must not take the LUN away from the host. */
		if (lstat(link, &st) == 0)
			return xs_fail(e, "HOST_ERROR",
				       "the multipath map %s of LUN 3%s is in use (multipath -f refused)",
				       name, naa);
		if (xs_path(path, sizeof path, "/sys/block/%s/slaves/*", base) == 0 &&
		    glob(path, 0, NULL, &g) == 0) {
			for (size_t i = 0; i < g.gl_pathc; i++) {
				const char *b = strrchr(g.gl_pathv[i], '/');

				delete_scsi(b ? b + 1 : g.gl_pathv[i]);
			}
			globfree(&g);
		}
	}
	if (xs_path(link, sizeof link, "/dev/disk/by-id/scsi-3%s", naa) == 0 &&
	    link_base(base, sizeof base, link) == 0)
		delete_scsi(base);
	/* Paths that no link names (several paths without multipath): the
	 * SCSI devices whose wwid is this LUN's. */
	if (xs_path(path, sizeof path, "/sys/block/sd*/device/wwid") == 0 &&
	    glob(path, 0, NULL, &g) == 0) {
		char want[64];

		snprintf(want, sizeof want, "naa.%s", naa);
		for (size_t i = 0; i < g.gl_pathc; i++) {
			char line[128], *sdx, *end;

			if (read_line(line, sizeof line, g.gl_pathv[i]) || strcasecmp(line, want))
				continue;
			sdx = strstr(g.gl_pathv[i], "/sys/block/");
			if (!sdx)
				continue;
			sdx += 11;
			end = strchr(sdx, '/');
			if (!end)
				continue;
			*end = '\0';
			delete_scsi(sdx);
		}
		globfree(&g);
	}
	return 0;
}
