/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnx_parse_misc.c - the small listings: `getagent` (one record), `ndu -list`
 * (installed enablers, a record per "Name of the software package:"),
 * `migrate -list` (a record per "Source LU Name:") and the generic
 * label/value dump used for commands without a dedicated parser.
 *
 * All of them are plain label/value records read through field tables (the
 * listings walked by vnx_parse_listing(), vnx_records.c);
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

static void enabler_free_more(void *rec)
{
	vnx_enabler *en = rec;

	free(en->revision);
	en->revision = NULL;
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

/* "-" means no separate revision (bundled with the OE). */
static int ndu_line(void *st, void *rec, const vnx_line *l)
{
	vnx_enabler *e = rec;
	int rc;

	(void)st;
	if (!VNX_LINE_IS(l, "Revision of the software package"))
		return 0;
	if (!e->revision && !vnx_eq(l->value, l->value_len, "-") &&
	    (rc = vnx_set_str(&e->revision, l)) < 0)
		return rc;
	return VNX_LINE_TAKEN;
}

static const vnx_listing ndu_listing = {
	VNX_LISTING(vnx_enabler, "Name of the software package", VNX_KEY_NAME, name, 0,
	            ndu_fields),
	.fix_key = strip_dash,
	.line = ndu_line,
	.free_more = enabler_free_more,
};

VNX_LISTING_FUNCS(vnx_enabler, ndu_listing, vnx_enabler_free,
                  vnx_enabler_array_free, vnx_parse_ndu_list)

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

/* A LUN migrates to one destination at a time: a record with the source
 * of the one before it is the listing printed again. */
static bool same_migration(const void *a, const void *b)
{
	const vnx_migration *x = a, *y = b;

	return y->source_id >= 0 && x->source_id == y->source_id;
}

static const vnx_listing migrate_listing = {
	VNX_LISTING(vnx_migration, "Source LU Name", VNX_KEY_STR, source_name, VNX_L_NO_FOLD,
	            migrate_fields),
};

VNX_LISTING_FREE(vnx_migration, migrate_listing, vnx_migration_free, vnx_migration_array_free)

static void migration_free(void *rec)
{
	vnx_migration_free(rec);
}

int vnx_parse_migrate_list(const char *buf, size_t len, vnx_migration **out, size_t *count)
{
	int rc = vnx_parse_listing(&migrate_listing, NULL, buf, len, out, count);

	if (rc == 0)
		*count = vnx_drop_repeats(*out, *count, sizeof(**out), same_migration,
		                          migration_free);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* Generic label/value                                                     */
/* ---------------------------------------------------------------------- */

static void kv_free_value(void *rec)
{
	vnx_kv *kv = rec;

	free(kv->value);
	kv->value = NULL;
}

/* Every labelled line that is no table row is a record of its own. */
static int kv_line(void *st, void *rec, const vnx_line *l)
{
	vnx_kv *kv = rec;
	int rc;

	(void)st;
	if (!l->has_label || l->indented || l->label_len == 0)
		return VNX_LINE_TAKEN;
	if (!kv || kv->label)
		return VNX_LINE_OPEN;
	if ((rc = vnx_dup(&kv->label, l->label, l->label_len)) < 0 ||
	    (rc = vnx_dup(&kv->value, l->value, l->value_len)) < 0)
		return rc;
	return VNX_LINE_TAKEN;
}

/* No header: kv_line opens a record per line; the label is its key. */
static const vnx_listing kv_listing = {
	.size = sizeof(vnx_kv),
	.key = VNX_KEY_NAME,
	.key_off = offsetof(vnx_kv, label),
	.flags = VNX_L_PRELUDE,
	.line = kv_line,
	.free_more = kv_free_value,
};

void vnx_kv_array_free(vnx_kv *kvs, size_t count)
{
	vnx_free_records(&kv_listing, kvs, count);
}

int vnx_parse_kv(const char *buf, size_t len, vnx_kv **out, size_t *count)
{
	return vnx_parse_listing(&kv_listing, NULL, buf, len, out, count);
}
