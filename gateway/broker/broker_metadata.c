/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_metadata.c - the attributes of volumes and snapshots: their
 * description, collection and key/value pairs (API revision 2), and
 * getSnapshot.
 *
 * Design
 * ------
 * Attributes are the gateway's records only: changing them is no job and
 * sends nothing to an array, so these calls answer the changed record at
 * once.  Renaming changes the display name; the LUN keeps the array name
 * recorded when it was made (store_volume.lun_name), which is what every
 * array command and the LUN confirm of an assignment use, so a rename can
 * never make the gateway look for, or touch, another LUN.
 *
 * Every request is checked whole against broker_rules.h before the store
 * sees it (one refusal names the first offending field and its limit),
 * and the store applies it in one transaction that also enforces the key
 * count on the object as it would be afterwards: either the whole change
 * is there or none of it.
 *
 * Scoping is the broker's as everywhere (broker_scope_volume, the same for
 * snapshots): a tenant reaches only its own objects, any other id is
 * NOT_FOUND with the same message as an id that never was.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker_metadata.h"
#include "broker_rules.h"

/* ---------------------------------------------------------------- checks */

int broker_check_keys(const struct broker_kv *kv, size_t n, const char *field,
		      struct broker_status *st)
{
	char why[160];

	if (n > BROKER_RULE_KEYS_MAX)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "%s: %zu keys, more than the limit of %d",
				   field, n, BROKER_RULE_KEYS_MAX);
	for (size_t i = 0; kv && i < n; i++) {
		if (broker_rule_key_name(kv[i].name, why, sizeof(why)))
			return broker_fail(st, SLGW_INVALID_ARGUMENT, "%s[%zu].name: %s", field, i, why);
		if (broker_rule_text(kv[i].value, BROKER_RULE_KEY_VALUE_MAX, why, sizeof(why)))
			return broker_fail(st, SLGW_INVALID_ARGUMENT, "%s[%zu].value (key %s): %s", field,
					   i, kv[i].name, why);
		for (size_t j = 0; j < i; j++)
			if (strcmp(kv[i].name, kv[j].name) == 0)
				return broker_fail(st, SLGW_INVALID_ARGUMENT,
						   "%s[%zu].name: key %s is given twice", field, i,
						   kv[i].name);
	}
	return 0;
}

static int check_description(const char *d, struct broker_status *st)
{
	char why[160];

	if (d && broker_rule_text(d, BROKER_RULE_DESCRIPTION_MAX, why, sizeof(why)))
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "description: %s", why);
	return 0;
}

int broker_meta_check_attrs(const struct broker_attrs *a, int with_collection,
			    struct broker_status *st)
{
	char why[160];

	if (!a)
		return 0;
	if (check_description(a->description, st))
		return -(int)st->code;
	if (with_collection && a->collection &&
	    broker_rule_collection(a->collection, why, sizeof(why)))
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "collection: %s", why);
	if (a->n_keys && !a->keys)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "key: missing");
	return broker_check_keys(a->keys, a->n_keys, "key", st);
}

static int check_change(const struct broker_attr_change *chg, struct broker_status *st)
{
	char why[160];

	if (!chg)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "nothing to change");
	if (check_description(chg->description, st))
		return -(int)st->code;
	if ((chg->n_set && !chg->set) || (chg->n_unset && !chg->unset))
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "setKey / unsetKey: missing");
	if (broker_check_keys(chg->set, chg->n_set, "setKey", st))
		return -(int)st->code;
	if (chg->n_unset > BROKER_RULE_KEYS_MAX * 2)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "unsetKey: %zu names, more than %d",
				   chg->n_unset, BROKER_RULE_KEYS_MAX * 2);
	for (size_t i = 0; i < chg->n_unset; i++) {
		if (broker_rule_key_name(chg->unset[i], why, sizeof(why)))
			return broker_fail(st, SLGW_INVALID_ARGUMENT, "unsetKey[%zu]: %s", i, why);
		for (size_t j = 0; j < chg->n_set; j++)
			if (strcmp(chg->unset[i], chg->set[j].name) == 0)
				return broker_fail(st, SLGW_INVALID_ARGUMENT,
						   "unsetKey[%zu]: key %s is also in setKey", i,
						   chg->unset[i]);
	}
	return 0;
}

/* A display name as creation checks it for that kind (volumes: the
 * allocate rule; snapshots: the snapshot rule; both printable UTF-8 up to
 * BROKER_RULE_LONG_NAME_MAX). */
static int check_display_name(const char *name, const char *kind, struct broker_status *st)
{
	size_t n = name ? strlen(name) : 0;

	if (n == 0 || n > BROKER_RULE_LONG_NAME_MAX || !broker_valid_utf8(name))
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
				   "name: a %s name must be 1-%d printable UTF-8 characters", kind,
				   BROKER_RULE_LONG_NAME_MAX);
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return broker_fail(st, SLGW_INVALID_ARGUMENT,
					   "name: a %s name must be 1-%d printable UTF-8 characters",
					   kind, BROKER_RULE_LONG_NAME_MAX);
	return 0;
}

int broker_meta_kv_view(store_kv **out, const struct broker_kv *kv, size_t n,
			struct broker_status *st)
{
	*out = NULL;
	if (n == 0)
		return 0;
	*out = calloc(n, sizeof(**out));
	if (!*out)
		return broker_fail(st, SLGW_INTERNAL, "out of memory");
	for (size_t i = 0; i < n; i++) {
		(*out)[i].name = (char *)kv[i].name;
		(*out)[i].value = (char *)kv[i].value;
	}
	return 0;
}

/* The store's answer to a change, in the broker's codes. */
static int change_failed(int rc, const char *kind, const char *id, struct broker_status *st)
{
	switch (rc) {
	case STORE_ENOTFOUND:
		return broker_fail(st, SLGW_NOT_FOUND, "%s %s not found", kind, id);
	case STORE_EEXISTS:
		return broker_fail(st, SLGW_ALREADY_EXISTS,
				   "name: another %s of that name exists; nothing was changed", kind);
	case STORE_EINVAL:
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "%s; nothing was changed",
				   store_errmsg());
	default:
		return broker_fail_store(st, rc, kind);
	}
}

static void to_store_change(store_attr_change *sc, const struct broker_attr_change *chg,
			    store_kv *set)
{
	memset(sc, 0, sizeof(*sc));
	sc->name = chg->name;
	sc->description = chg->description;
	sc->set = set;
	sc->n_set = chg->n_set;
	sc->unset = chg->unset;
	sc->n_unset = chg->n_unset;
	sc->max_keys = BROKER_RULE_KEYS_MAX;
}

/* -------------------------------------------------------------- volumes */

int broker_set_volume_attributes(store_volume **out, broker *b, const struct broker_caller *c,
				 const char *volume_id, const struct broker_attr_change *chg,
				 struct broker_status *st)
{
	store_volume *v = NULL;
	store_attr_change sc;
	store_kv *set = NULL;
	int rc;

	*out = NULL;
	rc = broker_scope_volume(&v, b, c, volume_id, st);
	if (rc)
		return rc;
	if (check_change(chg, st) || (chg->name && check_display_name(chg->name, "volume", st)) ||
	    broker_meta_kv_view(&set, chg->set, chg->n_set, st)) {
		store_volume_free(v);
		return -(int)st->code;
	}
	to_store_change(&sc, chg, set);
	rc = store_volume_set_attrs(broker_store(b), v->id, &sc);
	free(set);
	store_volume_free(v);
	if (rc)
		return change_failed(rc, "volume", volume_id, st);
	rc = broker_scope_volume(out, b, c, volume_id, st);
	if (rc == 0)
		broker_ok(st);
	return rc;
}

/* ------------------------------------------------------------ snapshots */

int broker_get_snapshot(store_snapshot **out, broker *b, const struct broker_caller *c,
			const char *snapshot_id, struct broker_status *st)
{
	int64_t id;
	int rc;

	*out = NULL;
	if (broker_parse_id(&id, snapshot_id, "snapshot id", st))
		return -(int)st->code;
	rc = store_snapshot_get(out, broker_store(b), id);
	if (rc == STORE_ENOTFOUND ||
	    (rc == 0 && ((*out)->state == STORE_STATE_DELETED || !broker_visible(c, (*out)->tenant_id)))) {
		store_snapshot_free(*out);
		*out = NULL;
		return broker_fail(st, SLGW_NOT_FOUND, "snapshot %s not found", snapshot_id);
	}
	if (rc)
		return broker_fail_store(st, rc, "reading the snapshot");
	broker_ok(st);
	return 0;
}

int broker_set_snapshot_attributes(store_snapshot **out, broker *b,
				   const struct broker_caller *c, const char *snapshot_id,
				   const struct broker_attr_change *chg, struct broker_status *st)
{
	store_snapshot *sn = NULL;
	store_attr_change sc;
	store_kv *set = NULL;
	int64_t id;
	int rc;

	*out = NULL;
	rc = broker_get_snapshot(&sn, b, c, snapshot_id, st);
	if (rc)
		return rc;
	id = sn->id;
	store_snapshot_free(sn);
	if (check_change(chg, st) || (chg->name && check_display_name(chg->name, "snapshot", st)) ||
	    broker_meta_kv_view(&set, chg->set, chg->n_set, st))
		return -(int)st->code;
	to_store_change(&sc, chg, set);
	rc = store_snapshot_set_attrs(broker_store(b), id, &sc);
	free(set);
	if (rc)
		return change_failed(rc, "snapshot", snapshot_id, st);
	return broker_get_snapshot(out, b, c, snapshot_id, st);
}

/* ------------------------------------------------------- through a job */

void broker_meta_params_put(json_t *params, const struct broker_attrs *a, int with_collection)
{
	json_t *keys;

	if (!params || !a)
		return;
	if (a->description)
		json_object_set_new(params, "description", json_string(a->description));
	if (with_collection && a->collection)
		json_object_set_new(params, "collection", json_string(a->collection));
	if (a->n_keys == 0)
		return;
	keys = json_object();
	for (size_t i = 0; keys && i < a->n_keys; i++)
		json_object_set_new(keys, a->keys[i].name, json_string(a->keys[i].value));
	json_object_set_new(params, "keys", keys);
}

int broker_meta_apply_params(struct broker_job_ctx *ctx, const char *kind, int64_t id)
{
	const char *description = json_string_value(json_object_get(ctx->params, "description"));
	const char *collection = json_string_value(json_object_get(ctx->params, "collection"));
	json_t *keys = json_object_get(ctx->params, "keys");
	store *s = broker_store(ctx->b);
	int is_volume = strcmp(kind, "volume") == 0;
	store_attr_change sc;
	store_kv *kv = NULL;
	size_t n = 0;
	const char *k;
	json_t *v;
	int rc;

	if (!description && !collection && !json_object_size(keys))
		return 0;
	if (id <= 0)
		return broker_fail(&ctx->status, SLGW_INTERNAL, "%s: the job's result names no id",
				   kind);
	if (json_object_size(keys)) {
		kv = calloc(json_object_size(keys), sizeof(*kv));
		if (!kv)
			return broker_fail(&ctx->status, SLGW_INTERNAL, "out of memory");
		json_object_foreach(keys, k, v)
		{
			if (!json_is_string(v))
				continue;
			kv[n].name = (char *)k;
			kv[n].value = (char *)json_string_value(v);
			n++;
		}
	}
	memset(&sc, 0, sizeof(sc));
	sc.description = description;
	sc.collection = is_volume ? collection : NULL;
	sc.set = kv;
	sc.n_set = n;
	sc.max_keys = BROKER_RULE_KEYS_MAX;
	rc = is_volume ? store_volume_set_attrs(s, id, &sc) : store_snapshot_set_attrs(s, id, &sc);
	free(kv);
	if (rc)
		return broker_fail_store(&ctx->status, rc, "writing the attributes");
	return 0;
}

int broker_meta_snapshot_ready(store *s, int64_t volume_id, const char *name)
{
	store_filter f = { .volume_id = volume_id, .name = name };
	store_snapshot *arr = NULL;
	size_t n = 0;
	int found = 0;

	if (!name || store_snapshot_list(&arr, &n, s, &f))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (arr[i].volume_id == volume_id && arr[i].state == STORE_STATE_READY &&
		    strcmp(arr[i].name, name) == 0)
			found = 1;
	store_snapshot_array_free(arr, n);
	return found;
}
