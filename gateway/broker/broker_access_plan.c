/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_access_plan.c - which paths to register for a host, and which HLU a LUN
 * gets in a storage group.
 *
 * Design: pure functions over arrays the caller gathered from the store
 * (target ports found by discovery, the system's allowed-port list, the
 * storage group the gateway keeps on record) and, for FC only, from the
 * array's own view of who is logged in.  Keeping the decision separate
 * from the act means the argv sent to naviseccli is fully determined by
 * inputs a unit test can spell out.
 */
#include "broker_access.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Parse one allowed-port entry ("A-4", "a4", "SPA:4", "B-5-0") into sp and
 * port; returns 0 on success. */
static int parse_port_entry(const char *s, size_t n, char *sp, int *port)
{
	size_t i = 0;

	if (n >= 2 && (s[0] == 's' || s[0] == 'S') && (s[1] == 'p' || s[1] == 'P'))
		i = 2;
	if (i >= n)
		return -1;
	char c = (char)toupper((unsigned char)s[i]);
	if (c != 'A' && c != 'B')
		return -1;
	i++;
	if (i < n && (s[i] == '-' || s[i] == ':' || s[i] == '/'))
		i++;
	if (i >= n || !isdigit((unsigned char)s[i]))
		return -1;
	int v = 0;
	while (i < n && isdigit((unsigned char)s[i])) {
		v = v * 10 + (s[i] - '0');
		if (v > 100000)
			return -1;
		i++;
	}
	/* An optional virtual port suffix is accepted and ignored: the list
	 * restricts physical ports. */
	if (i < n) {
		if (s[i] != '-' && s[i] != ':' && s[i] != '/')
			return -1;
		i++;
		if (i >= n)
			return -1;
		while (i < n && isdigit((unsigned char)s[i]))
			i++;
		if (i != n)
			return -1;
	}
	*sp = c;
	*port = v;
	return 0;
}

int broker_access_allowed_ports_match(const char *allowed, char sp, int port_id)
{
	const char *p = allowed;
	int any = 0;

	if (!allowed)
		return 1;
	sp = (char)toupper((unsigned char)sp);
	while (*p) {
		while (*p == ',' || *p == ' ' || *p == ';' || *p == '\t')
			p++;
		if (!*p)
			break;
		const char *e = p;
		while (*e && *e != ',' && *e != ' ' && *e != ';' && *e != '\t')
			e++;
		char esp;
		int eport;
		any = 1;
		if (parse_port_entry(p, (size_t)(e - p), &esp, &eport) == 0 &&
		    esp == sp && eport == port_id)
			return 1;
		p = e;
	}
	return any ? 0 : 1;
}

/* The WWPN half of an FC HBA UID "WWNN:WWPN" (16 pairs), or the whole
 * string when it is a bare WWPN (8 pairs). */
static const char *wwpn_part(const char *uid)
{
	size_t n = strlen(uid);
	if (n == 47)
		return uid + 24;
	return uid;
}

static int path_cmp(const void *a, const void *b)
{
	const struct broker_access_path *x = a, *y = b;
	if (x->sp != y->sp)
		return x->sp < y->sp ? -1 : 1;
	if (x->port_id != y->port_id)
		return x->port_id < y->port_id ? -1 : 1;
	if (x->vport_id != y->vport_id)
		return x->vport_id < y->vport_id ? -1 : 1;
	return strcmp(x->hba_uid, y->hba_uid);
}

static int plan_add(struct broker_access_path_plan *plan, size_t *cap, const char *uid,
		    char sp, int port, int vport)
{
	size_t len = strlen(uid);

	if (len >= BROKER_ACCESS_INITIATOR_MAX)
		return -(int)SLGW_INVALID_ARGUMENT;
	for (size_t i = 0; i < plan->count; i++) {
		const struct broker_access_path *p = &plan->paths[i];
		if (p->sp == sp && p->port_id == port && p->vport_id == vport &&
		    strcasecmp(p->hba_uid, uid) == 0)
			return 0;
	}
	if (plan->count == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		struct broker_access_path *np = realloc(plan->paths, ncap * sizeof(*np));
		if (!np)
			return -(int)SLGW_INTERNAL;
		plan->paths = np;
		*cap = ncap;
	}
	struct broker_access_path *p = &plan->paths[plan->count++];
	memcpy(p->hba_uid, uid, len + 1);
	p->sp = sp;
	p->port_id = port;
	p->vport_id = vport;
	return 0;
}

int broker_access_plan_paths(struct broker_access_path_plan *out,
		      const struct broker_access_initiator *inits, size_t ninits,
		      const struct broker_access_port *ports, size_t nports,
		      const struct broker_access_login *logins, size_t nlogins,
		      const char *allowed)
{
	struct broker_access_path_plan plan = { NULL, 0 };
	size_t cap = 0;
	int rc = 0;

	for (size_t i = 0; i < ninits && rc == 0; i++) {
		const struct broker_access_initiator *in = &inits[i];
		if (in->kind == BROKER_ACCESS_INIT_ISCSI) {
			for (size_t j = 0; j < nports && rc == 0; j++) {
				const struct broker_access_port *pt = &ports[j];
				char sp = (char)toupper((unsigned char)pt->sp);
				if (!pt->is_iscsi || (sp != 'A' && sp != 'B'))
					continue;
				if (!broker_access_allowed_ports_match(allowed, sp, pt->port_id))
					continue;
				rc = plan_add(&plan, &cap, in->id, sp, pt->port_id, pt->vport_id);
			}
		} else if (in->kind == BROKER_ACCESS_INIT_FC) {
			for (size_t j = 0; j < nlogins && rc == 0; j++) {
				const struct broker_access_login *lg = &logins[j];
				char sp = (char)toupper((unsigned char)lg->sp);
				if (!lg->logged_in || !lg->hba_uid || (sp != 'A' && sp != 'B'))
					continue;
				if (strcasecmp(wwpn_part(lg->hba_uid), in->id) != 0)
					continue;
				/* Only ports the array has as FC front-end ports. */
				int is_fc_port = 0;
				for (size_t k = 0; k < nports; k++)
					if (!ports[k].is_iscsi &&
					    toupper((unsigned char)ports[k].sp) == sp &&
					    ports[k].port_id == lg->port_id)
						is_fc_port = 1;
				if (!is_fc_port && nports > 0)
					continue;
				rc = plan_add(&plan, &cap, lg->hba_uid, sp, lg->port_id, -1);
			}
		}
	}
	if (rc) {
		free(plan.paths);
		return rc;
	}
	if (plan.count > 1)
		qsort(plan.paths, plan.count, sizeof(*plan.paths), path_cmp);
	*out = plan;
	return 0;
}

void broker_access_path_plan_free(struct broker_access_path_plan *plan)
{
	if (!plan)
		return;
	free(plan->paths);
	plan->paths = NULL;
	plan->count = 0;
}

int broker_access_hlu_pick(const unsigned char *used, int min_hlu, int preferred)
{
	if (min_hlu < 0)
		min_hlu = 0;
	if (preferred >= min_hlu && preferred <= BROKER_ACCESS_HLU_MAX && !used[preferred])
		return preferred;
	for (int h = min_hlu; h <= BROKER_ACCESS_HLU_MAX; h++)
		if (!used[h])
			return h;
	return -(int)SLGW_RESOURCE_EXHAUSTED;
}
