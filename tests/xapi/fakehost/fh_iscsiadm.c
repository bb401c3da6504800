/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fh_iscsiadm.c - the fake `iscsiadm`: open-iscsi's syntax, texts and exit
 * codes for the modes a XenServer storage plugin uses.
 *
 *   -m discovery -t sendtargets|st -p IP[:PORT] [-l]
 *        every iSCSI portal of the array that owns IP ("IP:PORT,TPGT IQN"),
 *        recorded as node records; an address no array answers on, or on a
 *        down SP, fails as a connection failure (exit 4)
 *   -m node [-T IQN] [-p IP[:PORT]] [--login | --logout | -R | -o delete]
 *   -m node -L all | -U all
 *        login needs a node record (else "No records found", 21); an
 *        existing session is exit 15; a portal on a down SP times out (8)
 *   -m session [-P N] | -m session [-r SID] -R | -m session [-r SID] -u
 *        no session: "No active sessions." / "No session found." (21)
 * A login creates a session (its own scsi host, with a scan file) and scans
 * it, as the kernel does; -R rescans; a logout removes the session's
 * devices.  Node records and sessions live in the fake's state.
 */
#include "fakehost.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct opts {
	const char *mode, *type, *portal, *target, *op, *sid, *login_all, *logout_all;
	int login, logout, rescan;
	char ip[64];
	long long port;
} opts;

/* "IP[:PORT][,TPGT]" -> ip, port (3260 by default). */
static int parse_portal(opts *o)
{
	char buf[128], *colon, *comma;
	if (!o->portal)
		return 0;
	if (strlen(o->portal) >= sizeof(buf))
		return -1;
	snprintf(buf, sizeof(buf), "%s", o->portal);
	if ((comma = strchr(buf, ',')))
		*comma = '\0';
	o->port = 3260;
	if ((colon = strrchr(buf, ':'))) {
		char *end;
		*colon = '\0';
		o->port = strtoll(colon + 1, &end, 10);
		if (*end || o->port <= 0 || o->port > 65535)
			return -1;
	}
	if (!buf[0] || strlen(buf) >= sizeof(o->ip))
		return -1;
	memcpy(o->ip, buf, strlen(buf) + 1);
	return 0;
}

static int match(const json_t *r, const opts *o)
{
	if (o->target && strcmp(fh_str(r, "target"), o->target))
		return 0;
	if (o->portal && (strcmp(fh_str(r, "ip"), o->ip) || fh_int(r, "tport") != o->port))
		return 0;
	return 1;
}

static int discovery(fh_ctx *c, const opts *o)
{
	json_t *arrays, *a, *port, *p, *vp, *nodes, *n;
	const char *sp;
	size_t i, j;

	if (!o->type || (strcmp(o->type, "sendtargets") && strcmp(o->type, "st"))) {
		fprintf(stderr, "iscsiadm: discovery mode: option '-t' is required (sendtargets)\n");
		return ISCSI_ERR_INVAL;
	}
	if (!o->portal) {
		fprintf(stderr, "iscsiadm: discovery mode: option '-p' is required\n");
		return ISCSI_ERR_INVAL;
	}
	if (!(arrays = fh_arrays_load()))
		return ISCSI_ERR_TRANS;
	a = fh_portal_find(&port, &sp, arrays, o->ip);
	if (!a || fh_sp_down(a, sp) || o->port != 3260) {
		fprintf(stderr, "iscsiadm: cannot make connection to %s: No route to host\n", o->ip);
		fprintf(stderr, "iscsiadm: connection login retries (reopen_max) 5 exceeded\n");
		fprintf(stderr, "iscsiadm: Could not perform SendTargets discovery: encountered connection failure\n");
		json_decref(arrays);
		return ISCSI_ERR_TRANS;
	}
	/* The records of this array are replaced by what it answers now. */
	nodes = fh_arr(c->st, "nodes");
	for (i = json_array_size(nodes); i-- > 0;)
		if (!strcmp(fh_str(json_array_get(nodes, i), "array"), fh_str(a, "name")))
			json_array_remove(nodes, i);
	json_array_foreach(json_object_get(json_object_get(a, "state"), "ports"), i, p) {
		if (strcmp(fh_str(p, "kind"), "iscsi"))
			continue;
		json_array_foreach(json_object_get(p, "vports"), j, vp) {
			if (!*fh_str(vp, "ip"))
				continue;
			printf("%s:3260,1 %s\n", fh_str(vp, "ip"), fh_str(p, "iqn"));
			n = json_pack("{s:s, s:i, s:i, s:s, s:s}", "ip", fh_str(vp, "ip"), "tport", 3260, "tpgt", 1,
				      "target", fh_str(p, "iqn"), "array", fh_str(a, "name"));
			json_array_append_new(nodes, n);
		}
	}
	c->dirty = 1;
	json_decref(arrays);
	return 0;
}

static json_t *session_of(fh_ctx *c, const json_t *node)
{
	size_t i;
	json_t *s;
	json_array_foreach(fh_arr(c->st, "sessions"), i, s)
		if (!strcmp(fh_str(s, "target"), fh_str(node, "target")) && !strcmp(fh_str(s, "ip"), fh_str(node, "ip")) &&
		    fh_int(s, "tport") == fh_int(node, "tport"))
			return s;
	return NULL;
}

static int login_one(fh_ctx *c, json_t *arrays, const json_t *n)
{
	const char *t = fh_str(n, "target"), *ip = fh_str(n, "ip"), *sp;
	long long tp = fh_int(n, "tport");
	json_t *port = NULL, *a, *s;
	char p[FH_PATH_MAX];

	if (session_of(c, n)) {
		fprintf(stderr, "iscsiadm: default: 1 session requested, but 1 already present.\n");
		return ISCSI_ERR_SESS_EXISTS;
	}
	printf("Logging in to [iface: default, target: %s, portal: %s,%lld]\n", t, ip, tp);
	a = fh_portal_find(&port, &sp, arrays, ip);
	if (!a || fh_sp_down(a, sp) || tp != 3260) {
		fprintf(stderr, "iscsiadm: Could not login to [iface: default, target: %s, portal: %s,%lld].\n", t, ip, tp);
		fprintf(stderr, "iscsiadm: initiator reported error (8 - connection timed out)\n");
		return ISCSI_ERR_TRANS_TIMEOUT;
	}
	if (strcmp(fh_str(port, "iqn"), t)) {
		fprintf(stderr, "iscsiadm: Could not login to [iface: default, target: %s, portal: %s,%lld].\n", t, ip, tp);
		fprintf(stderr, "iscsiadm: initiator reported error (19 - encountered non-retryable iSCSI login failure)\n");
		return 19;
	}
	s = json_pack("{s:I, s:I, s:s, s:I, s:i, s:s, s:s, s:s, s:I}", "sid", (json_int_t)fh_next(c, "next_sid"),
		      "host", (json_int_t)fh_next(c, "next_host"), "ip", ip, "tport", (json_int_t)tp, "tpgt", 1,
		      "target", t, "array", fh_str(a, "name"), "sp", sp, "portid", (json_int_t)fh_int(port, "id"));
	json_array_append_new(fh_arr(c->st, "sessions"), s);
	c->dirty = 1;
	if (fh_path(p, sizeof(p), c, "sys/class/scsi_host/host%lld", fh_int(s, "host")) == 0 && fh_mkdirs(p, 0755) == 0 &&
	    fh_path(p, sizeof(p), c, "sys/class/scsi_host/host%lld/scan", fh_int(s, "host")) == 0)
		fh_write_file(p, "");
	printf("Login to [iface: default, target: %s, portal: %s,%lld] successful.\n", t, ip, tp);
	fh_scan_session(c, arrays, s);
	return 0;
}

static int login(fh_ctx *c, const opts *o)
{
	json_t *arrays, *n, *todo = json_array();
	size_t i;
	int rc = 0, r;

	json_array_foreach(fh_arr(c->st, "nodes"), i, n)
		if (o->login_all || match(n, o))
			json_array_append(todo, n);
	if (json_array_size(todo) == 0) {
		fprintf(stderr, "iscsiadm: No records found\n");
		json_decref(todo);
		return ISCSI_ERR_NO_OBJS_FOUND;
	}
	if (!(arrays = fh_arrays_load())) {
		json_decref(todo);
		return ISCSI_ERR_TRANS;
	}
	json_array_foreach(todo, i, n)
		if ((r = login_one(c, arrays, n)))
			rc = r;
	if (rc)
		fprintf(stderr, "iscsiadm: Could not log into all portals\n");
	json_decref(arrays);
	json_decref(todo);
	return rc;
}

static int session_selected(const json_t *s, const opts *o)
{
	if (o->sid && fh_int(s, "sid") != strtoll(o->sid, NULL, 10))
		return 0;
	return o->logout_all || match(s, o);
}

static int logout(fh_ctx *c, const opts *o)
{
	json_t *ss = fh_arr(c->st, "sessions"), *s;
	char p[FH_PATH_MAX];
	int n = 0;

	for (size_t i = json_array_size(ss); i-- > 0;) {
		s = json_array_get(ss, i);
		if (!session_selected(s, o))
			continue;
		printf("Logging out of session [sid: %lld, target: %s, portal: %s,%lld]\n", fh_int(s, "sid"),
		       fh_str(s, "target"), fh_str(s, "ip"), fh_int(s, "tport"));
		printf("Logout of [sid: %lld, target: %s, portal: %s,%lld] successful.\n", fh_int(s, "sid"),
		       fh_str(s, "target"), fh_str(s, "ip"), fh_int(s, "tport"));
		fh_remove_session_devices(c, fh_int(s, "host"));
		if (fh_path(p, sizeof(p), c, "sys/class/scsi_host/host%lld", fh_int(s, "host")) == 0)
			fh_rm_rf(p);
		json_array_remove(ss, i);
		c->dirty = 1;
		n++;
	}
	if (!n) {
		fprintf(stderr, "iscsiadm: No matching sessions found\n");
		return ISCSI_ERR_NO_OBJS_FOUND;
	}
	return 0;
}

static int rescan(fh_ctx *c, const opts *o)
{
	json_t *arrays = NULL, *s;
	size_t i;
	int n = 0;

	json_array_foreach(fh_arr(c->st, "sessions"), i, s) {
		if (!session_selected(s, o))
			continue;
		if (!arrays && !(arrays = fh_arrays_load()))
			return ISCSI_ERR_TRANS;
		printf("Rescanning session [sid: %lld, target: %s, portal: %s,%lld]\n", fh_int(s, "sid"),
		       fh_str(s, "target"), fh_str(s, "ip"), fh_int(s, "tport"));
		fh_scan_session(c, arrays, s);
		n++;
	}
	json_decref(arrays);
	if (!n) {
		fprintf(stderr, "iscsiadm: No session found.\n");
		return ISCSI_ERR_NO_OBJS_FOUND;
	}
	return 0;
}

static int node_mode(fh_ctx *c, const opts *o)
{
	json_t *nodes = fh_arr(c->st, "nodes"), *n;
	size_t i;
	int found = 0;

	if (o->login || o->login_all)
		return login(c, o);
	if (o->logout || o->logout_all)
		return logout(c, o);
	if (o->rescan)
		return rescan(c, o);
	if (o->op && strcmp(o->op, "delete") == 0) {
		for (i = json_array_size(nodes); i-- > 0;)
			if (match(json_array_get(nodes, i), o)) {
				json_array_remove(nodes, i);
				c->dirty = 1;
				found = 1;
			}
	} else if (o->op) {
		fprintf(stderr, "iscsiadm: operation '%s' is not supported by this fake\n", o->op);
		return ISCSI_ERR_INVAL;
	} else {
		json_array_foreach(nodes, i, n)
			if (match(n, o)) {
				printf("%s:%lld,%lld %s\n", fh_str(n, "ip"), fh_int(n, "tport"), fh_int(n, "tpgt"),
				       fh_str(n, "target"));
				found = 1;
			}
	}
	if (!found) {
		fprintf(stderr, "iscsiadm: No records found\n");
		return ISCSI_ERR_NO_OBJS_FOUND;
	}
	return 0;
}

static int session_mode(fh_ctx *c, const opts *o)
{
	json_t *ss = fh_arr(c->st, "sessions"), *s;
	size_t i;

	if (o->rescan)
		return rescan(c, o);
	if (o->logout)
		return logout(c, o);
	if (json_array_size(ss) == 0) {
		fprintf(stderr, "iscsiadm: No active sessions.\n");
		return ISCSI_ERR_NO_OBJS_FOUND;
	}
	json_array_foreach(ss, i, s)
		printf("tcp: [%lld] %s:%lld,%lld %s (non-flash)\n", fh_int(s, "sid"), fh_str(s, "ip"),
		       fh_int(s, "tport"), fh_int(s, "tpgt"), fh_str(s, "target"));
	return 0;
}

int fh_iscsiadm_main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "mode", required_argument, NULL, 'm' },	 { "type", required_argument, NULL, 't' },
		{ "portal", required_argument, NULL, 'p' },	 { "targetname", required_argument, NULL, 'T' },
		{ "login", no_argument, NULL, 'l' },		 { "logout", no_argument, NULL, 'u' },
		{ "rescan", no_argument, NULL, 'R' },		 { "sid", required_argument, NULL, 'r' },
		{ "print", required_argument, NULL, 'P' },	 { "op", required_argument, NULL, 'o' },
		{ "interface", required_argument, NULL, 'I' }, { "loginall", required_argument, NULL, 'L' },
		{ "logoutall", required_argument, NULL, 'U' }, { "name", required_argument, NULL, 'n' },
		{ "value", required_argument, NULL, 'v' },	 { NULL, 0, NULL, 0 }
	};
	opts o = { 0 };
	fh_ctx c;
	int ch, rc;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, "m:t:p:T:luRr:P:o:I:L:U:n:v:", lo, NULL)) != -1) {
		switch (ch) {
		case 'm': o.mode = optarg; break;
		case 't': o.type = optarg; break;
		case 'p': o.portal = optarg; break;
		case 'T': o.target = optarg; break;
		case 'l': o.login = 1; break;
		case 'u': o.logout = 1; break;
		case 'R': o.rescan = 1; break;
		case 'r': o.sid = optarg; break;
		case 'o': o.op = optarg; break;
		case 'L': o.login_all = optarg; break;
		case 'U': o.logout_all = optarg; break;
		case 'P': case 'I': case 'n': case 'v': break;
		default:
			fprintf(stderr, "iscsiadm: unrecognized character '%c'\n", optopt ? optopt : '?');
			return ISCSI_ERR_INVAL;
		}
	}
	if (optind < argc || !o.mode || parse_portal(&o)) {
		fprintf(stderr, "iscsiadm: %s\n", !o.mode ? "mode is required" : "invalid arguments");
		return ISCSI_ERR_INVAL;
	}
	if (fh_open(&c, fh_env_root()))
		return 1;
	fh_settle(&c);
	if (!strcmp(o.mode, "discovery") || !strcmp(o.mode, "discoverydb")) {
		rc = discovery(&c, &o);
		if (rc == 0 && o.login) {
			opts all = o;
			all.portal = NULL;
			all.target = NULL;
			all.login_all = "all";
			rc = login(&c, &all);
		}
	} else if (!strcmp(o.mode, "node")) {
		rc = node_mode(&c, &o);
	} else if (!strcmp(o.mode, "session")) {
		rc = session_mode(&c, &o);
	} else {
		fprintf(stderr, "iscsiadm: Invalid mode %s\n", o.mode);
		rc = ISCSI_ERR_INVAL;
	}
	if (fh_close(&c) && rc == 0)
		rc = 1;
	return rc;
}
