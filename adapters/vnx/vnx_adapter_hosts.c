/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnx_adapter_hosts.c - the VNX adapter's host side: storage groups, their
 * LUNs (HLU to ALU), initiator paths and hosts, and the HBAs the array has
 * seen logged in.
 *
 * These are what the broker's access engines drive to let a host see a
 * volume.  They need no storage pools, so they work the same on a CLARiiON;
 * only failover mode 4 (ALUA) of path_register and host_set is refused on
 * arrays that lack it.  A storage group is read with its host and iSCSI
 * attributes so that one listing answers which host holds which LUN.
 */
#include "vnx_adapter_int.h"

static int conv_sg(struct slgw_storage_group *d, const vnx_storage_group *s)
{
	memset(d, 0, sizeof(*d));
	cpy(d->name, sizeof(d->name), s->name);
	cpy(d->uid, sizeof(d->uid), s->uid);
	if (s->hba_count) {
		d->paths = calloc(s->hba_count, sizeof(*d->paths));
		if (!d->paths)
			return -1;
		d->n_paths = s->hba_count;
		for (size_t i = 0; i < s->hba_count; i++) {
			cpy(d->paths[i].uid, sizeof(d->paths[i].uid), s->hbas[i].uid);
			d->paths[i].sp = s->hbas[i].sp;
			d->paths[i].sp_port = s->hbas[i].sp_port;
			d->paths[i].vport_id = s->hbas[i].sp_vport;
		}
	}
	if (s->hlu_count) {
		d->hlus = calloc(s->hlu_count, sizeof(*d->hlus));
		if (!d->hlus) {
			slgw_storage_group_clear(d);
			return -1;
		}
		d->n_hlus = s->hlu_count;
		for (size_t i = 0; i < s->hlu_count; i++) {
			d->hlus[i].hlu = s->hlus[i].hlu;
			d->hlus[i].alu = s->hlus[i].alu;
		}
	}
	return 0;
}

/* ---- storage groups ---- */

static int sg_query(struct slgw_storage_group **out, size_t *count, struct vnx_adapter *va,
                    const char *name, struct slgw_adapter_error *err)
{
	struct vnx_output o;
	struct vnx_cmd c;
	vnx_storage_group *g = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = query(&o, va, &c, vnx_cmd_sg_list(&c, name), 0, err)))
		return rc;
	rc = vnx_parse_storagegroup_list(o.text, o.len, &g, &n);
	if ((rc = parsed_output(rc, &o, "storagegroup -list", err)))
		return rc;
	if (n) {
		*out = calloc(n, sizeof(**out));
		if (!*out)
			goto oom;
	}
	for (size_t i = 0; i < n; i++) {
		if (conv_sg(&(*out)[i], &g[i])) {
			slgw_storage_group_array_free(*out, i);
			*out = NULL;
			goto oom;
		}
	}
	*count = n;
	vnx_storage_group_array_free(g, n);
	return 0;
oom:
	vnx_storage_group_array_free(g, n);
	return nomem(err);
}

int vnx_sg_get(struct slgw_storage_group **out, struct slgw_adapter *a, const char *name,
               struct slgw_adapter_error *err)
{
	struct slgw_storage_group *g;
	size_t n, i;
	int rc;

	*out = NULL;
	if (!name) {
		errset(err, SLGW_AERR_INVALID_ARGS, "storage group name required");
		return -SLGW_AERR_INVALID_ARGS;
	}
	if ((rc = sg_query(&g, &n, VA(a), name, err)))
		return rc;
	for (i = 0; i < n; i++)
		if (strcmp(g[i].name, name) == 0)
			break;
	if (i == n) {
		slgw_storage_group_array_free(g, n);
		errset(err, SLGW_AERR_NOT_FOUND, "no such storage group");
		return -SLGW_AERR_NOT_FOUND;
	}
	/* Move the match to the front and release the others' children, so
	 * the caller's slgw_storage_group_free() frees everything. */
	for (size_t j = 0; j < n; j++)
		if (j != i)
			slgw_storage_group_clear(&g[j]);
	if (i != 0)
		g[0] = g[i];
	*out = g;
	return 0;
}

int vnx_sg_list(struct slgw_storage_group **out, size_t *count, struct slgw_adapter *a,
                struct slgw_adapter_error *err)
{
	return sg_query(out, count, VA(a), NULL, err);
}

int vnx_sg_create(struct slgw_adapter *a, const char *name, struct slgw_adapter_error *err)
{
	struct vnx_cmd c;

	return modify(VA(a), &c, vnx_cmd_sg_create(&c, name), err);
}

int vnx_sg_destroy(struct slgw_adapter *a, const char *name, struct slgw_adapter_error *err)
{
	struct vnx_cmd c;

	return modify(VA(a), &c, vnx_cmd_sg_destroy(&c, name), err);
}

int vnx_hlu_add(struct slgw_adapter *a, const char *group, int hlu, int alu,
                struct slgw_adapter_error *err)
{
	struct vnx_cmd c;

	return modify(VA(a), &c, vnx_cmd_sg_addhlu(&c, group, hlu, alu), err);
}

int vnx_hlu_remove(struct slgw_adapter *a, const char *group, int hlu,
                   struct slgw_adapter_error *err)
{
	struct vnx_cmd c;

	return modify(VA(a), &c, vnx_cmd_sg_removehlu(&c, group, hlu), err);
}

int vnx_path_register(struct slgw_adapter *a, const struct slgw_initiator_path *p,
                      struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if (p && p->failover_mode == 4 &&
	    (rc = vnx_gate(a, SLGW_CAP_ALUA, err)))
		return rc;
	return modify(VA(a), &c, vnx_cmd_sg_setpath(&c, p), err);
}

int vnx_host_set(struct slgw_adapter *a, const char *group, const char *host,
                 int failover_mode, int arraycommpath, struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if (failover_mode == 4 &&
	    (rc = vnx_gate(a, SLGW_CAP_ALUA, err)))
		return rc;
	return modify(VA(a), &c, vnx_cmd_sg_sethost(&c, group, host, failover_mode, arraycommpath),
	              err);
}

int vnx_hba_list(struct slgw_hba **out, size_t *count, struct slgw_adapter *a,
                 struct slgw_adapter_error *err)
{
	struct vnx_output o;
	struct vnx_cmd c;
	vnx_hba *h = NULL;
	size_t n = 0, total = 0, k = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = query(&o, VA(a), &c, vnx_cmd_port_list_hba(&c), 0, err)))
		return rc;
	rc = vnx_parse_hba_list(o.text, o.len, &h, &n);
	if (rc == VNX_PARSE_EFORMAT && is_blank(o.text, o.len))
		rc = 0;
	vnx_output_clear(&o);
	if ((rc = parsed(rc, "port -list -hba", err)))
		return rc;
	/* One record per (initiator, SP port) path; an HBA without ports
	 * still shows up once, so a registered-but-idle initiator is seen. */
	for (size_t i = 0; i < n; i++)
		total += h[i].port_count ? h[i].port_count : 1;
	if (total) {
		*out = calloc(total, sizeof(**out));
		if (!*out) {
			vnx_hba_array_free(h, n);
			return nomem(err);
		}
	}
	for (size_t i = 0; i < n; i++) {
		size_t np = h[i].port_count ? h[i].port_count : 1;

		for (size_t j = 0; j < np; j++, k++) {
			struct slgw_hba *d = &(*out)[k];
			const vnx_hba_port *p = h[i].port_count ? &h[i].ports[j] : NULL;

			cpy(d->uid, sizeof(d->uid), h[i].uid);
			cpy(d->host, sizeof(d->host), h[i].server_name);
			cpy(d->ip, sizeof(d->ip), h[i].server_ip);
			d->sp = p ? p->sp : 0;
			d->sp_port = p ? p->sp_port : -1;
			d->vport_id = -1;
			d->logged_in = p ? p->logged_in : 0;
			d->registered = p ? p->defined : 0;
			d->failover_mode = p ? p->failover_mode : -1;
			d->initiator_type = p ? p->initiator_type : -1;
			d->arraycommpath = p ? p->arraycommpath : -1;
			cpy(d->storage_group, sizeof(d->storage_group), p ? p->storage_group : NULL);
		}
	}
	*count = total;
	vnx_hba_array_free(h, n);
	return 0;
}

int vnx_hba_remove(struct slgw_adapter *a, const char *hba_uid,
                   struct slgw_adapter_error *err)
{
	struct vnx_cmd c;

	return modify(VA(a), &c, vnx_cmd_hba_remove(&c, hba_uid), err);
}
