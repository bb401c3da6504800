/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnx_parse_misc.c - the small listings: `getagent` (one record), `ndu -list`
 * (installed enablers, a record per "Name of the software package:"),
 * `migrate -list` (a record per "Source LU Name:") and the generic
 * label/value dump used for commands without a dedicated parser.
 *
 * All of them are plain label/value records read through field tables;
 * getagent output has no record header, so its whole output is one record
 * and the first occurrence of each label wins (a repeated block changes
 * nothing).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "vnx_parse.h"
#include "vnx_tok.h"

/* ---------------------------------------------------------------------- */
/* getagent                                                                */
/* ---------------------------------------------------------------------- */

#define F(label, type, member) VNX_FIELD(label, type, vnx_agent, member)
static const vnx_field agent_fields[] = {
	F("Agent Rev", VNX_F_STR, agent_rev),
	F("Name", VNX_F_STR, name),
	F("Node", VNX_F_STR, node),
	F("Revision", VNX_F_STR, revision),
	F("Model", VNX_F_STR, model),
	F("Model Type", VNX_F_STR, model_type),
	F("Prom Rev", VNX_F_STR, prom_rev),
	F("SP Memory", VNX_F_I64, sp_memory_mb),
	F("Serial No", VNX_F_STR, serial),
	F("SP Identifier", VNX_F_SP, sp),
	F("Cabinet", VNX_F_STR, cabinet),
};
#undef F

void vnx_agent_free(vnx_agent *agent)
{
	if (!agent)
		return;
	vnx_free_fields(agent_fields, VNX_NFIELDS(agent_fields), agent);
	free(agent);
}

int vnx_parse_agent(const char *buf, size_t len, vnx_agent **out)
{
	size_t dummy = 0;
	int rc = vnx_check_args(buf, len, out, &dummy);
	if (rc < 0)
		return rc;
	*out = NULL;
	vnx_agent *a = calloc(1, sizeof(*a));
	if (!a)
		return VNX_PARSE_ENOMEM;
	vnx_init_fields(agent_fields, VNX_NFIELDS(agent_fields), a);
	vnx_tok t;
	vnx_line l;
	vnx_tok_init(&t, buf, len);
	while (vnx_tok_next(&t, &l)) {
		bool matched;
		if ((rc = vnx_apply_field(agent_fields, VNX_NFIELDS(agent_fields), a, &l, &matched)) < 0) {
			vnx_agent_free(a);
			return rc;
		}
	}
	if (!a->model && !a->serial) {
		vnx_agent_free(a);
		return VNX_PARSE_EFORMAT;
	}
	*out = a;
	return 0;
}

/* ---------------------------------------------------------------------- */
/* ndu -list                                                               */
/* ---------------------------------------------------------------------- */

#define E(label, type, member) VNX_FIELD(label, type, vnx_enabler, member)
static const vnx_field ndu_fields[] = {
	E("Commit Required", VNX_F_BOOL, commit_required),
	E("Revert Possible", VNX_F_BOOL, revert_possible),
	E("Active State", VNX_F_BOOL, active),
	E("Is installation completed", VNX_F_BOOL, installed),
	E("Is this System Software", VNX_F_BOOL, system_software),
};
#undef E

void vnx_enabler_free(vnx_enabler *en)
{
	if (!en)
		return;
	free(en->name);
	free(en->revision);
	en->name = en->revision = NULL;
}

void vnx_enabler_array_free(vnx_enabler *ens, size_t count)
{
	if (!ens)
		return;
	for (size_t i = 0; i < count; i++)
		vnx_enabler_free(&ens[i]);
	free(ens);
}

/* "-VNXSnapshots" -> "VNXSnapshots": naviseccli prints package names with
 * the dash it takes on the command line (ndu -list -name -VNXSnapshots). */
static void strip_dash(const char **s, size_t *n)
{
	if (*n > 0 && (*s)[0] == '-') {
		(*s)++;
		(*n)--;
	}
}

int vnx_parse_ndu_list(const char *buf, size_t len, vnx_enabler **out, size_t *count)
{
	int rc = vnx_check_args(buf, len, out, count);
	if (rc < 0)
		return rc;
	*out = NULL;
	*count = 0;

	vnx_enabler *arr = NULL;
	size_t n = 0, cap = 0;
	vnx_tok t;
	vnx_line l;
	vnx_tok_init(&t, buf, len);
	while (vnx_tok_next(&t, &l)) {
		if (VNX_LINE_IS(&l, "Name of the software package")) {
			const char *v = l.value;
			size_t vn = l.value_len;
			strip_dash(&v, &vn);
			if (n > 0 && arr[n - 1].name && vnx_eq(v, vn, arr[n - 1].name))
				continue;
			if ((rc = vnx_grow((void **)&arr, &cap, n, sizeof(*arr))) < 0)
				goto fail;
			n++;
			if ((rc = vnx_dup(&arr[n - 1].name, v, vn)) < 0)
				goto fail;
			continue;
		}
		if (n == 0)
			continue;
		vnx_enabler *e = &arr[n - 1];
		if (VNX_LINE_IS(&l, "Revision of the software package")) {
			/* "-" means no separate revision (bundled with the OE). */
			if (!e->revision && !vnx_eq(l.value, l.value_len, "-") &&
			    (rc = vnx_set_str(&e->revision, &l)) < 0)
				goto fail;
			continue;
		}
		bool matched;
		if ((rc = vnx_apply_field(ndu_fields, VNX_NFIELDS(ndu_fields), e, &l, &matched)) < 0)
			goto fail;
	}
	if (n == 0 && !vnx_is_blank(buf, len))
		return VNX_PARSE_EFORMAT;
	*out = arr;
	*count = n;
	return 0;
fail:
	vnx_enabler_array_free(arr, n);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* migrate -list                                                           */
/* ---------------------------------------------------------------------- */

#define M(label, type, member) VNX_FIELD(label, type, vnx_migration, member)
static const vnx_field migrate_fields[] = {
	M("Source LU ID", VNX_F_I64, source_id),
	M("Dest LU Name", VNX_F_STR, dest_name),
	M("Dest LU ID", VNX_F_I64, dest_id),
	M("Migration Rate", VNX_F_STR, rate),
	M("Current State", VNX_F_STR, state),
	M("Percent Complete", VNX_F_INT, percent),
	M("Time Remaining", VNX_F_STR, time_remaining),
};
#undef M

void vnx_migration_free(vnx_migration *m)
{
	if (!m)
		return;
	free(m->source_name);
	m->source_name = NULL;
	vnx_free_fields(migrate_fields, VNX_NFIELDS(migrate_fields), m);
}

void vnx_migration_array_free(vnx_migration *ms, size_t count)
{
	if (!ms)
		return;
	for (size_t i = 0; i < count; i++)
		vnx_migration_free(&ms[i]);
	free(ms);
}

int vnx_parse_migrate_list(const char *buf, size_t len, vnx_migration **out, size_t *count)
{
	int rc = vnx_check_args(buf, len, out, count);
	if (rc < 0)
		return rc;
	*out = NULL;
	*count = 0;

	vnx_migration *arr = NULL;
	size_t n = 0, cap = 0;
	vnx_tok t;
	vnx_line l;
	vnx_tok_init(&t, buf, len);
	while (vnx_tok_next(&t, &l)) {
		if (VNX_LINE_IS(&l, "Source LU Name")) {
			if ((rc = vnx_grow((void **)&arr, &cap, n, sizeof(*arr))) < 0)
				goto fail;
			n++;
			vnx_init_fields(migrate_fields, VNX_NFIELDS(migrate_fields), &arr[n - 1]);
			if ((rc = vnx_set_str(&arr[n - 1].source_name, &l)) < 0)
				goto fail;
			continue;
		}
		if (n == 0)
			continue;
		bool matched;
		if ((rc = vnx_apply_field(migrate_fields, VNX_NFIELDS(migrate_fields), &arr[n - 1], &l,
		                          &matched)) < 0)
			goto fail;
	}
	/* A repeated listing: drop a record with the same source as the one
	 * before it (a LUN migrates to one destination at a time). */
	size_t w = 0;
	for (size_t i = 0; i < n; i++) {
		if (w > 0 && arr[i].source_id >= 0 && arr[w - 1].source_id == arr[i].source_id) {
			vnx_migration_free(&arr[i]);
			continue;
		}
		if (w != i)
			arr[w] = arr[i];
		w++;
	}
	n = w;
	if (n == 0) {
		free(arr);
		return vnx_is_blank(buf, len) ? 0 : VNX_PARSE_EFORMAT;
	}
	*out = arr;
	*count = n;
	return 0;
fail:
	vnx_migration_array_free(arr, n);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* Generic label/value                                                     */
/* ---------------------------------------------------------------------- */

void vnx_kv_array_free(vnx_kv *kvs, size_t count)
{
	if (!kvs)
		return;
	for (size_t i = 0; i < count; i++) {
		free(kvs[i].label);
		free(kvs[i].value);
	}
	free(kvs);
}

int vnx_parse_kv(const char *buf, size_t len, vnx_kv **out, size_t *count)
{
	int rc = vnx_check_args(buf, len, out, count);
	if (rc < 0)
		return rc;
	*out = NULL;
	*count = 0;

	vnx_kv *arr = NULL;
	size_t n = 0, cap = 0;
	vnx_tok t;
	vnx_line l;
	vnx_tok_init(&t, buf, len);
	while (vnx_tok_next(&t, &l)) {
		if (!l.has_label || l.indented || l.label_len == 0)
			continue;
		if ((rc = vnx_grow((void **)&arr, &cap, n, sizeof(*arr))) < 0)
			goto fail;
		n++;
		if ((rc = vnx_dup(&arr[n - 1].label, l.label, l.label_len)) < 0 ||
		    (rc = vnx_dup(&arr[n - 1].value, l.value, l.value_len)) < 0)
			goto fail;
	}
	if (n == 0 && !vnx_is_blank(buf, len))
		return VNX_PARSE_EFORMAT;
	*out = arr;
	*count = n;
	return 0;
fail:
	vnx_kv_array_free(arr, n);
	return rc;
}
