/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnx_parse_port.c - the three port listings:
 *
 *  - `port -list -sp -all`: first a per-port initiator summary (records
 *    "SP Name / SP Port ID / Registered / Logged-In / Not Logged-In
 *    Initiators"), then after "Information about each SPPORT:" one detail
 *    record per port (SP UID = WWN or IQN, link and port status, speed, SFP,
 *    ...).  Both kinds start with "SP Name:" and are told apart by the
 *    section header; the summary counts are merged into the detail record
 *    with the same (SP, port id).
 *
 *  - `port -list -hba` (a real capture is tests/data/clariion-captures/
 *    port_-list_-hba.txt, from delfin's tests): after
 *    "Information about each HBA:" each initiator is
 *        HBA UID:            20:00:00:00:C9:..:10:00:..  (or an IQN)
 *        Server Name:        host1
 *        Server IP Address:  10.0.0.1
 *        HBA Model Description: / HBA Vendor Description: / HBA Device Driver Name:
 *        Information about each port of this HBA:
 *            SP Name:            SP A
 *            SP Port ID:         0
 *            HBA Devicename:     ...
 *            Trusted:            NO
 *            Logged In:          YES
 *            Source ID:          ...
 *            Defined:            YES
 *            Initiator Type:     3
 *            StorageGroup Name:  sg1
 *    and, where the array shows them, "Failover mode:" and "ArrayCommPath:"
 *    per port.  The HBA section ends at "Information about each SPPORT:"
 *    (what `port -list -all` prints next).
 *
 *  - `connection -getport -all`: a port record starts at "SP:" (then Port
 *    ID, Port WWN = target IQN, alias, MAC, speed, MTU, ...) and holds zero
 *    or more virtual ports, each starting at "Virtual Port ID:" (VLAN, IP
 *    address, mask, gateway).  One output record per virtual port, carrying
 *    a copy of its port's fields.  Older FLARE (a CX4-era capture in
 *    tests/data/clariion-captures) has no virtual ports: the address lines
 *    sit in the port record and are taken from there; it also lists the FC
 *    ports, whose "Port WWN" is WWNN:WWPN: those records are typed FC and
 *    carry the WWN apart, never as an IQN.
 *
 * A record whose key repeats the previous record's key (a listing printed
 * twice) is dropped when the listing is finished (vnx_drop_repeats(); the
 * HBA listing is walked by vnx_parse_listing(), both in vnx_records.c).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "vnx_parse.h"
#include "vnx_tok.h"

/* ---------------------------------------------------------------------- */
/* port -list -sp -all                                                     */
/* ---------------------------------------------------------------------- */

#define F(label, type, member) VNX_FIELD(label, type, vnx_sp_port, member)
static const vnx_field sp_port_fields[] = {
	F("SP Port ID", VNX_F_INT, port_id),
	F("SP UID", VNX_F_STR, uid),
	F("Link Status", VNX_F_STR, link_status),
	F("Port Status", VNX_F_STR, port_status),
	F("Switch Present", VNX_F_BOOL, switch_present),
	F("Speed Value", VNX_F_STR, speed),
	F("MAC Address", VNX_F_STR, mac_address),
	F("SFP State", VNX_F_STR, sfp_state),
	F("I/O Module Slot", VNX_F_INT, io_module_slot),
	F("Physical Port ID", VNX_F_INT, physical_port_id),
	F("Usage", VNX_F_STR, usage),
	F("Registered Initiators", VNX_F_INT, registered_initiators),
	F("Logged-In Initiators", VNX_F_INT, logged_in_initiators),
	F("Not Logged-In Initiators", VNX_F_INT, not_logged_in_initiators),
};
#undef F

void vnx_sp_port_free(vnx_sp_port *port)
{
	if (port)
		vnx_free_fields(sp_port_fields, VNX_NFIELDS(sp_port_fields), port);
}

static void sp_port_free(void *rec)
{
	vnx_sp_port_free(rec);
}

void vnx_sp_port_array_free(vnx_sp_port *ports, size_t count)
{
	vnx_free_array(ports, count, sizeof(*ports), sp_port_free);
}

static vnx_port_type port_type_of(const char *uid)
{
	if (!uid)
		return VNX_PORT_UNKNOWN;
	if (vnx_starts_with(uid, strlen(uid), "iqn."))
		return VNX_PORT_ISCSI;
	/* WWNN:WWPN: 16 hex bytes joined by colons = 47 characters. */
	size_t n = strlen(uid);
	if (n != 47)
		return VNX_PORT_UNKNOWN;
	for (size_t i = 0; i < n; i++) {
		char c = uid[i];
		bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
		if ((i % 3 == 2) ? c != ':' : !hex)
			return VNX_PORT_UNKNOWN;
	}
	return VNX_PORT_FC;
}

enum port_section { PS_SUMMARY, PS_HBA, PS_DETAIL };

/* (SP, port id) of a summary record and where it is, for the merge. */
struct port_key {
	char sp;
	int port_id;
	size_t idx;
};

static int port_key_cmp(const void *a, const void *b)
{
	const struct port_key *x = a, *y = b;
	if (x->sp != y->sp)
		return x->sp < y->sp ? -1 : 1;
	if (x->port_id != y->port_id)
		return x->port_id < y->port_id ? -1 : 1;
	return 0;
}

/* Sort order: by key, then by position, so equal keys keep listing order
 * (qsort is not stable) and the first summary record for a port wins. */
static int port_key_sort_cmp(const void *a, const void *b)
{
	int c = port_key_cmp(a, b);
	if (c)
		return c;
	const struct port_key *x = a, *y = b;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

/* Appends a blank record (numeric fields absent) to *arr. */
static int sp_port_add(vnx_sp_port **arr, size_t *n, size_t *cap, char sp)
{
	if (vnx_grow((void **)arr, cap, *n, sizeof(**arr)) < 0)
		return VNX_PARSE_ENOMEM;
	vnx_init_fields(sp_port_fields, VNX_NFIELDS(sp_port_fields), &(*arr)[*n]);
	(*arr)[*n].sp = sp;
	(*n)++;
	return 0;
}

/* The key of a port record: (SP, port id). */
static bool same_sp_port(const void *a, const void *b)
{
	const vnx_sp_port *x = a, *y = b;

	return x->sp == y->sp && x->port_id == y->port_id;
}

int vnx_parse_sp_port_list(const char *buf, size_t len, vnx_sp_port **out, size_t *count)
{
	vnx_sp_port *sum = NULL, *det = NULL;
	size_t ns = 0, cs = 0, nd = 0, cd = 0;
	enum port_section sec = PS_SUMMARY;
	vnx_tok t;
	vnx_line l;
	int rc = vnx_begin(buf, len, out, count);

	if (rc < 0)
		return rc;
	vnx_tok_init(&t, buf, len);
	while (vnx_tok_next(&t, &l)) {
		if (!l.has_label)
			continue;
		if (VNX_LINE_IS(&l, "Information about each SPPORT")) {
			sec = PS_DETAIL;
			continue;
		}
		if (VNX_LINE_IS(&l, "Information about each HBA")) {
			sec = PS_HBA;
			continue;
		}
		if (sec == PS_HBA)
			continue;
		vnx_sp_port **arr = sec == PS_DETAIL ? &det : &sum;
		size_t *n = sec == PS_DETAIL ? &nd : &ns;
		size_t *cap = sec == PS_DETAIL ? &cd : &cs;
		if (VNX_LINE_IS(&l, "SP Name")) {
			if ((rc = sp_port_add(arr, n, cap, vnx_parse_sp(l.value, l.value_len))) < 0)
				goto fail;
			continue;
		}
		if (*n == 0)
			continue;
		bool matched;
		if ((rc = vnx_apply_field(sp_port_fields, VNX_NFIELDS(sp_port_fields), &(*arr)[*n - 1], &l,
		                          &matched)) < 0)
			goto fail;
	}
	ns = vnx_drop_repeats(sum, ns, sizeof(*sum), same_sp_port, sp_port_free);
	nd = vnx_drop_repeats(det, nd, sizeof(*det), same_sp_port, sp_port_free);
	if (nd == 0) {
		/* Only the summary: it is the listing. */
		det = sum;
		nd = ns;
		sum = NULL;
		ns = 0;
	}
	/* Merge by key through a sorted copy of the summary keys: the output
	 * is untrusted and may hold millions of records, so no n*m loop. */
	struct port_key *keys = ns ? malloc(ns * sizeof(*keys)) : NULL;
	if (ns && !keys) {
		rc = VNX_PARSE_ENOMEM;
		goto fail;
	}
	for (size_t j = 0; j < ns; j++) {
		keys[j].sp = sum[j].sp;
		keys[j].port_id = sum[j].port_id;
		keys[j].idx = j;
	}
	size_t nk = 0;
	if (ns) {
		qsort(keys, ns, sizeof(*keys), port_key_sort_cmp);
		/* Keep the first record of each key: lookups then need no walk. */
		for (size_t j = 0; j < ns; j++)
			if (nk == 0 || port_key_cmp(&keys[nk - 1], &keys[j]) != 0)
				keys[nk++] = keys[j];
	}
	for (size_t i = 0; i < nd; i++) {
		det[i].type = port_type_of(det[i].uid);
		struct port_key want = { det[i].sp, det[i].port_id, 0 };
		const struct port_key *k = nk ? bsearch(&want, keys, nk, sizeof(*keys), port_key_cmp) : NULL;
		if (!k)
			continue;
		const vnx_sp_port *s = &sum[k->idx];
		if (det[i].registered_initiators < 0)
			det[i].registered_initiators = s->registered_initiators;
		if (det[i].logged_in_initiators < 0)
			det[i].logged_in_initiators = s->logged_in_initiators;
		if (det[i].not_logged_in_initiators < 0)
			det[i].not_logged_in_initiators = s->not_logged_in_initiators;
	}
	free(keys);
	vnx_sp_port_array_free(sum, ns);
	return vnx_done(buf, len, det, nd, out, count);
fail:
	vnx_sp_port_array_free(sum, ns);
	vnx_sp_port_array_free(det, nd);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* port -list -hba                                                         */
/* ---------------------------------------------------------------------- */

#define P(label, type, member) VNX_FIELD(label, type, vnx_hba_port, member)
static const vnx_field hba_port_fields[] = {
	P("SP Port ID", VNX_F_INT, sp_port),
	P("Logged In", VNX_F_BOOL, logged_in),
	P("Defined", VNX_F_BOOL, defined),
	P("Initiator Type", VNX_F_INT, initiator_type),
	P("Failover mode", VNX_F_INT, failover_mode),
	P("Failovermode", VNX_F_INT, failover_mode),
	P("ArrayCommPath", VNX_F_INT, arraycommpath),
	P("Array Comm Path", VNX_F_INT, arraycommpath),
	P("StorageGroup Name", VNX_F_STR, storage_group),
	P("Storage Group Name", VNX_F_STR, storage_group),
};
#undef P

/* All but the UID (the key): the server and the ports. */
static void hba_free_more(void *rec)
{
	vnx_hba *hba = rec;

	free(hba->server_name);
	free(hba->server_ip);
	for (size_t i = 0; i < hba->port_count; i++)
		free(hba->ports[i].storage_group);
	free(hba->ports);
	memset(hba, 0, sizeof(*hba));
}

/* Where the walk is: whether the HBA section header was seen, and the
 * room of the current HBA's port array. */
struct hba_walk {
	bool saw_header;
	size_t port_cap;
};

static void hba_head(void *st, bool fresh)
{
	if (fresh)
		((struct hba_walk *)st)->port_cap = 0;
}

/* The section headers (also before the first HBA), the HBA's own lines and
 * its ports, each starting at "SP Name". */
static int hba_line(void *st, void *rec, const vnx_line *l)
{
	struct hba_walk *w = st;
	vnx_hba *h = rec;
	bool matched;
	int rc = 0;

	if (VNX_LINE_IS(l, "Information about each SPPORT"))
		return VNX_LINE_STOP;
	if (VNX_LINE_IS(l, "Information about each HBA")) {
		w->saw_header = true;
		return VNX_LINE_TAKEN;
	}
	if (!h)
		return VNX_LINE_TAKEN;
	if (VNX_LINE_IS(l, "Server Name")) {
		rc = vnx_set_str(&h->server_name, l);
	} else if (VNX_LINE_IS(l, "Server IP Address")) {
		rc = vnx_set_str(&h->server_ip, l);
	} else if (VNX_LINE_IS(l, "SP Name")) {
		char sp = vnx_parse_sp(l->value, l->value_len);
		if ((rc = vnx_grow((void **)&h->ports, &w->port_cap, h->port_count,
		                   sizeof(*h->ports))) < 0)
			return rc;
		vnx_hba_port *p = &h->ports[h->port_count++];
		vnx_init_fields(hba_port_fields, VNX_NFIELDS(hba_port_fields), p);
		p->sp = sp;
	} else if (h->port_count > 0) {
		rc = vnx_apply_field(hba_port_fields, VNX_NFIELDS(hba_port_fields),
		                     &h->ports[h->port_count - 1], l, &matched);
	}
	return rc < 0 ? rc : VNX_LINE_TAKEN;
}

/* The HBA's ports go to its own table (hba_line), none to the record. */
static const vnx_listing hba_listing = {
	.size = sizeof(vnx_hba),
	.header = "HBA UID",
	.key = VNX_KEY_STR,
	.key_off = offsetof(vnx_hba, uid),
	.flags = VNX_L_LABELLED | VNX_L_PRELUDE,
	.head = hba_head,
	.line = hba_line,
	.free_more = hba_free_more,
};

VNX_LISTING_FREE(vnx_hba, hba_listing, vnx_hba_free, vnx_hba_array_free)

static bool same_hba_port(const void *a, const void *b)
{
	const vnx_hba_port *x = a, *y = b;

	return x->sp == y->sp && x->sp_port == y->sp_port;
}

static void hba_port_free(void *rec)
{
	free(((vnx_hba_port *)rec)->storage_group);
}

int vnx_parse_hba_list(const char *buf, size_t len, vnx_hba **out, size_t *count)
{
	/* An array with no registered initiators prints the section header
	 * and nothing else: that is an empty listing, not an unknown text. */
	struct hba_walk w = { false, 0 };
	int rc = vnx_parse_listing(&hba_listing, &w, buf, len, out, count);

	if (rc == VNX_PARSE_EFORMAT && w.saw_header)
		return 0;
	/* Drop paths repeated back to back (same SP and port). */
	for (size_t i = 0; rc == 0 && i < *count; i++) {
		vnx_hba *h = &(*out)[i];
		h->port_count = vnx_drop_repeats(h->ports, h->port_count, sizeof(*h->ports),
		                                 same_hba_port, hba_port_free);
	}
	return rc;
}

/* ---------------------------------------------------------------------- */
/* connection -getport -all                                                */
/* ---------------------------------------------------------------------- */

/* Port-level fields (copied into every virtual-port record). */
#define C(label, type, member) VNX_FIELD(label, type, vnx_iscsi_port, member)
static const vnx_field iscsi_port_fields[] = {
	C("Port ID", VNX_F_INT, port_id),
	C("Port WWN", VNX_F_STR, iqn),
	C("iSCSI Alias", VNX_F_STR, alias),
	C("Enode MAC Address", VNX_F_STR, mac_address),
	C("Port Speed", VNX_F_STR, speed),
	C("Current MTU", VNX_F_INT, mtu),
};
/* Virtual-port fields. */
static const vnx_field iscsi_vport_fields[] = {
	C("IP Address", VNX_F_STR, ip_address),
	C("Subnet Mask", VNX_F_STR, subnet_mask),
	C("Gateway Address", VNX_F_STR, gateway),
	C("Initiator Authentication", VNX_F_BOOL, initiator_auth),
};
#undef C

void vnx_iscsi_port_free(vnx_iscsi_port *port)
{
	if (!port)
		return;
	vnx_free_fields(iscsi_port_fields, VNX_NFIELDS(iscsi_port_fields), port);
	vnx_free_fields(iscsi_vport_fields, VNX_NFIELDS(iscsi_vport_fields), port);
	free(port->wwn);
	port->wwn = NULL;
}

static void iscsi_port_free(void *rec)
{
	vnx_iscsi_port_free(rec);
}

void vnx_iscsi_port_array_free(vnx_iscsi_port *ports, size_t count)
{
	vnx_free_array(ports, count, sizeof(*ports), iscsi_port_free);
}

/* The key of a virtual-port record: (SP, port, virtual port). */
static bool same_iscsi_port(const void *a, const void *b)
{
	const vnx_iscsi_port *x = a, *y = b;

	return x->sp == y->sp && x->port_id == y->port_id && x->vport_id == y->vport_id;
}

static int dup_opt(char **dst, const char *src)
{
	if (!src)
		return 0;
	*dst = vnx_strndup(src, strlen(src));
	return *dst ? 0 : VNX_PARSE_ENOMEM;
}

/* New record for the next virtual port of the port described by *base. */
static int iscsi_clone_port(vnx_iscsi_port *dst, const vnx_iscsi_port *base)
{
	memset(dst, 0, sizeof(*dst));
	dst->sp = base->sp;
	dst->port_id = base->port_id;
	dst->mtu = base->mtu;
	dst->vport_id = -1;
	dst->vlan_id = -1;
	if (dup_opt(&dst->iqn, base->iqn) < 0 || dup_opt(&dst->alias, base->alias) < 0 ||
	    dup_opt(&dst->mac_address, base->mac_address) < 0 || dup_opt(&dst->speed, base->speed) < 0)
		return VNX_PARSE_ENOMEM;
	return 0;
}

/* The port's kind from its WWN: an FC port's "Port WWN" is WWNN:WWPN and
 * moves to `wwn`, so nothing takes it for a target IQN; its "N/A" address
 * fields are already absent. */
static void iscsi_set_type(vnx_iscsi_port *p)
{
	if (!p->iqn)
		return;
	if (vnx_starts_with(p->iqn, strlen(p->iqn), "iqn.") ||
	    vnx_starts_with(p->iqn, strlen(p->iqn), "eui.")) {
		p->type = VNX_PORT_ISCSI;
		return;
	}
	if (strchr(p->iqn, ':') && !strchr(p->iqn, '.')) {
		p->type = VNX_PORT_FC;
		p->wwn = p->iqn;
		p->iqn = NULL;
	}
}

int vnx_parse_iscsi_port_list(const char *buf, size_t len, vnx_iscsi_port **out, size_t *count)
{
	vnx_iscsi_port *arr = NULL;
	size_t n = 0, cap = 0;
	size_t base = 0; /* index of the record holding the current port's fields */
	bool in_vport = false;
	vnx_tok t;
	vnx_line l;
	int rc = vnx_begin(buf, len, out, count);

	if (rc < 0)
		return rc;
	vnx_tok_init(&t, buf, len);
	while (vnx_tok_next(&t, &l)) {
		if (!l.has_label)
			continue;
		if (VNX_LINE_IS(&l, "SP")) {
			if ((rc = vnx_grow((void **)&arr, &cap, n, sizeof(*arr))) < 0)
				goto fail;
			vnx_iscsi_port *p = &arr[n];
			vnx_init_fields(iscsi_port_fields, VNX_NFIELDS(iscsi_port_fields), p);
			p->vport_id = -1;
			p->vlan_id = -1;
			p->sp = vnx_parse_sp(l.value, l.value_len);
			base = n++;
			in_vport = false;
			continue;
		}
		if (n == 0)
			continue;
		if (VNX_LINE_IS(&l, "Virtual Port ID")) {
			int vp;
			if (vnx_parse_int(l.value, l.value_len, &vp) < 0 || vp < 0)
				vp = -1;
			if (!in_vport) {
				/* First virtual port: it lives in the port's own record. */
				arr[base].vport_id = vp;
			} else {
				if ((rc = vnx_grow((void **)&arr, &cap, n, sizeof(*arr))) < 0)
					goto fail;
				/* Count it first so a failed copy is still freed. */
				n++;
				if ((rc = iscsi_clone_port(&arr[n - 1], &arr[base])) < 0)
					goto fail;
				arr[n - 1].vport_id = vp;
			}
			in_vport = true;
			continue;
		}
		vnx_iscsi_port *cur = &arr[n - 1];
		bool matched;
		if (!in_vport) {
			if ((rc = vnx_apply_field(iscsi_port_fields, VNX_NFIELDS(iscsi_port_fields), cur, &l,
			                          &matched)) < 0)
				goto fail;
			/* Older FLARE prints the portal in the port record. */
			if (!matched && (rc = vnx_apply_field(iscsi_vport_fields,
			                                      VNX_NFIELDS(iscsi_vport_fields), cur, &l,
			                                      &matched)) < 0)
				goto fail;
			continue;
		}
		if (VNX_LINE_IS(&l, "VLAN ID")) {
			int v;
			if (cur->vlan_id < 0 && vnx_parse_int(l.value, l.value_len, &v) == 0 && v >= 0)
				cur->vlan_id = v;
			continue;
		}
		if ((rc = vnx_apply_field(iscsi_vport_fields, VNX_NFIELDS(iscsi_vport_fields), cur, &l,
		                          &matched)) < 0)
			goto fail;
	}
	/* Drop records repeating the previous key (doubled listings). */
	n = vnx_drop_repeats(arr, n, sizeof(*arr), same_iscsi_port, iscsi_port_free);
	for (size_t i = 0; i < n; i++)
		iscsi_set_type(&arr[i]);
	return vnx_done(buf, len, arr, n, out, count);
fail:
	vnx_iscsi_port_array_free(arr, n);
	return rc;
}
