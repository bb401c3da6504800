/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_attrs.c - the description, collection and key/value attributes of
 * volumes and snapshots: they are written with the record, come back with
 * every get and list (each record its own keys, sorted, whatever the page
 * holds), a change is all or nothing (a refused part leaves the name, the
 * description and every key as they were), the collection filter lists
 * exactly one collection, a snapshot keeps its volume's collection and
 * size as they were when it was taken, keys go with a deleted object, and
 * a file of the previous schema opens with none and can get them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "store_testing.h"

static store *st;
static int64_t sys_id, pool_id, tenant_id;

static void setup(void)
{
	st = world_open(&sys_id, &pool_id, &tenant_id, "attrs.db");
	mk_grant(st, tenant_id, pool_id, 1 << 20, 0);
}

static int64_t mk_attr_volume(const char *name, const char *collection, const store_kv *kv,
                              size_t n)
{
	store_volume rec = {.tenant_id = tenant_id, .name = (char *)name, .system_id = sys_id,
	                    .pool_id = pool_id, .size_mb = 10, .prov = STORE_PROV_THIN,
	                    .description = "a disk", .collection = (char *)collection,
	                    .keys = (store_kv *)kv, .n_keys = n};
	int64_t id = 0;

	ck_ok(store_volume_reserve(&id, st, &rec));
	return id;
}

/* The value of key `name` of a record's keys, or NULL. */
static const char *kv_get(const store_kv *kv, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(kv[i].name, name) == 0)
			return kv[i].value;
	return NULL;
}

/* How many volumes (snapshots: 1) a filter on collection lists. */
static size_t listed_in(const char *collection, int snapshots)
{
	store_filter f = {.collection = collection};
	store_volume *va = NULL;
	store_snapshot *sa = NULL;
	size_t n = 0;

	if (snapshots) {
		ck_ok(store_snapshot_list(&sa, &n, st, &f));
		store_snapshot_array_free(sa, n);
	} else {
		ck_ok(store_volume_list(&va, &n, st, &f));
		store_volume_array_free(va, n);
	}
	return n;
}

START_TEST(reserve_writes_attributes_and_get_returns_them_sorted)
{
	store_kv kv[] = {{"vdi.uuid", "1234"}, {"sr", "sr-1"}, {"empty", ""}};
	int64_t id = mk_attr_volume("v1", "sr-1", kv, 3);
	store_volume *v = NULL;

	ck_ok(store_volume_get(&v, st, id));
	ck_assert_str_eq(v->description, "a disk");
	ck_assert_str_eq(v->collection, "sr-1");
	ck_assert_uint_eq(v->n_keys, 3);
	ck_assert_str_eq(v->keys[0].name, "empty");
	ck_assert_str_eq(v->keys[0].value, "");
	ck_assert_str_eq(v->keys[1].name, "sr");
	ck_assert_str_eq(v->keys[2].name, "vdi.uuid");
	ck_assert_str_eq(v->keys[2].value, "1234");
	store_volume_free(v);
}
END_TEST

START_TEST(list_gives_each_record_its_own_keys)
{
	char name[32], val[32];
	store_volume *arr = NULL;
	size_t n = 0;
	store_filter f = {.tenant_id = 0};

	/* volumes 0..39: i keys each (0 to 4), some without any */
	for (int i = 0; i < 40; i++) {
		store_kv kv[5];
		char names[5][16], vals[5][32];
		for (int k = 0; k < i % 5; k++) {
			snprintf(names[k], sizeof names[k], "k%d", k);
			snprintf(vals[k], sizeof vals[k], "v%d-%d", i, k);
			kv[k].name = names[k];
			kv[k].value = vals[k];
		}
		snprintf(name, sizeof name, "vol%02d", i);
		mk_attr_volume(name, i % 2 ? "odd" : "even", kv, (size_t)(i % 5));
	}
	/* a page in the middle, and the whole list */
	f.limit = 7;
	f.after = 10;
	ck_ok(store_volume_list(&arr, &n, st, &f));
	ck_assert_uint_eq(n, 7);
	for (size_t i = 0; i < n; i++) {
		int idx = atoi(arr[i].name + 3);
		ck_assert_uint_eq(arr[i].n_keys, (size_t)(idx % 5));
		for (int k = 0; k < idx % 5; k++) {
			snprintf(name, sizeof name, "k%d", k);
			snprintf(val, sizeof val, "v%d-%d", idx, k);
			ck_assert_str_eq(kv_get(arr[i].keys, arr[i].n_keys, name), val);
		}
	}
	store_volume_array_free(arr, n);

	memset(&f, 0, sizeof f);
	f.collection = "odd";
	ck_ok(store_volume_list(&arr, &n, st, &f));
	ck_assert_uint_eq(n, 20);
	for (size_t i = 0; i < n; i++) {
		int idx = atoi(arr[i].name + 3);
		ck_assert_int_eq(idx % 2, 1);
		ck_assert_str_eq(arr[i].collection, "odd");
		ck_assert_uint_eq(arr[i].n_keys, (size_t)(idx % 5));
	}
	store_volume_array_free(arr, n);
	ck_assert_uint_eq(listed_in("none-such", 0), 0);
}
END_TEST

START_TEST(change_is_all_or_nothing)
{
	store_kv kv[] = {{"a", "1"}, {"b", "2"}};
	int64_t id = mk_attr_volume("v1", "sr-1", kv, 2);
	int64_t other = mk_attr_volume("v2", "sr-1", NULL, 0);
	store_kv set[] = {{"c", "3"}, {"a", "10"}};
	const char *unset[] = {"b", "never-there"};
	store_attr_change chg = {.name = "v1-renamed", .description = "", .set = set, .n_set = 2,
	                         .unset = unset, .n_unset = 2, .max_keys = 64};
	store_volume *v = NULL;

	ck_ok(store_volume_set_array(st, id, 5, "slgw-0a1b2c3d-1", NULL));
	ck_ok(store_volume_set_attrs(st, id, &chg));
	ck_ok(store_volume_get(&v, st, id));
	ck_assert_str_eq(v->name, "v1-renamed");
	ck_assert_ptr_null(v->description); /* "" clears */
	ck_assert_str_eq(v->collection, "sr-1");
	ck_assert_uint_eq(v->n_keys, 2);
	ck_assert_str_eq(kv_get(v->keys, v->n_keys, "a"), "10");
	ck_assert_str_eq(kv_get(v->keys, v->n_keys, "c"), "3");
	ck_assert_ptr_null(kv_get(v->keys, v->n_keys, "b"));
	store_volume_free(v);

	/* too many keys afterwards: nothing of the batch stays */
	store_kv more[] = {{"d", "4"}, {"e", "5"}};
	store_attr_change over = {.name = "v1-again", .description = "changed", .set = more,
	                          .n_set = 2, .unset = unset, .n_unset = 0, .max_keys = 3};
	ck_store(store_volume_set_attrs(st, id, &over), STORE_EINVAL);
	ck_assert_ptr_nonnull(strstr(store_errmsg(), "limit of 3"));
	/* a taken name: the keys of the same batch are not written either */
	store_attr_change taken = {.name = "v2", .set = more, .n_set = 2};
	ck_store(store_volume_set_attrs(st, id, &taken), STORE_EEXISTS);
	/* a key the store cannot keep: the rename before it is undone */
	store_kv bad[] = {{"ok", "x"}, {"bad\nname", "x"}};
	store_attr_change badkey = {.name = "v1-third", .set = bad, .n_set = 2};
	ck_store(store_volume_set_attrs(st, id, &badkey), STORE_EINVAL);

	ck_ok(store_volume_get(&v, st, id));
	ck_assert_str_eq(v->name, "v1-renamed");
	ck_assert_ptr_null(v->description);
	ck_assert_uint_eq(v->n_keys, 2);
	ck_assert_ptr_null(kv_get(v->keys, v->n_keys, "d"));
	ck_assert_ptr_null(kv_get(v->keys, v->n_keys, "ok"));
	/* the LUN's array name is not the display name and did not move */
	ck_assert_str_eq(v->lun_name, "slgw-0a1b2c3d-1");
	store_volume_free(v);
	ck_ok(store_volume_get(&v, st, other));
	ck_assert_str_eq(v->name, "v2");
	ck_assert_uint_eq(v->n_keys, 0);
	store_volume_free(v);
}
END_TEST

START_TEST(deleted_objects_lose_keys_and_refuse_changes)
{
	store_kv kv[] = {{"a", "1"}};
	int64_t id = mk_attr_volume("v1", NULL, kv, 1);
	store_attr_change chg = {.set = kv, .n_set = 1};
	store_volume *v = NULL;

	ck_ok(store_volume_set_state(st, id, STORE_STATE_DELETED));
	ck_store(store_volume_set_attrs(st, id, &chg), STORE_ENOTFOUND);
	ck_store(store_volume_set_attrs(st, 999, &chg), STORE_ENOTFOUND);
	/* the tombstone kept no keys (seen once it is revived) */
	ck_ok(store_volume_set_state(st, id, STORE_STATE_READY));
	ck_ok(store_volume_get(&v, st, id));
	ck_assert_uint_eq(v->n_keys, 0);
	store_volume_free(v);
}
END_TEST

START_TEST(snapshot_keeps_what_its_volume_was)
{
	int64_t vol = mk_attr_volume("v1", "sr-1", NULL, 0);
	store_kv kv[] = {{"snap.kind", "base"}};
	store_snapshot rec = {.volume_id = vol, .name = "s1", .description = "before upgrade",
	                      .keys = kv, .n_keys = 1};
	store_snapshot *sn = NULL, *arr = NULL;
	store_filter f = {.collection = "sr-1"};
	size_t n = 0;
	int64_t sid = 0;

	ck_ok(store_snapshot_reserve(&sid, st, &rec));
	/* the volume moves on: grows, changes collection */
	ck_ok(store_volume_set_size(st, vol, 20));
	store_attr_change move = {.collection = "sr-2"};
	ck_ok(store_volume_set_attrs(st, vol, &move));

	ck_ok(store_snapshot_get(&sn, st, sid));
	ck_assert_str_eq(sn->collection, "sr-1");
	ck_assert_int_eq(sn->source_size_mb, 10);
	ck_assert_str_eq(sn->description, "before upgrade");
	ck_assert_uint_eq(sn->n_keys, 1);
	ck_assert_str_eq(sn->keys[0].value, "base");
	store_snapshot_free(sn);

	store_kv set[] = {{"snap.kind", "manual"}};
	store_attr_change chg = {.name = "s1-renamed", .set = set, .n_set = 1, .max_keys = 64};
	ck_ok(store_snapshot_set_attrs(st, sid, &chg));
	ck_ok(store_snapshot_list(&arr, &n, st, &f));
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(arr[0].name, "s1-renamed");
	ck_assert_str_eq(arr[0].keys[0].value, "manual");
	store_snapshot_array_free(arr, n);
	ck_assert_uint_eq(listed_in("sr-2", 1), 0);
}
END_TEST

START_TEST(previous_schema_opens_without_attributes)
{
	char path[512];
	store *s;
	store_volume *arr = NULL;
	size_t n = 0;
	store_kv kv[] = {{"a", "1"}};
	store_attr_change chg = {.description = "now described", .set = kv, .n_set = 1};

	tdir_file(world_dir(), "old.db", path, sizeof path);
	ck_ok(store_testing_build(path, store_schema_version() - 1));
	s = open_store_file(world_dir(), "old.db");
	ck_assert_int_eq(store_file_schema_version(s), store_schema_version());
	ck_ok(store_volume_list(&arr, &n, s, NULL));
	ck_assert_uint_ge(n, 1);
	for (size_t i = 0; i < n; i++) {
		ck_assert_ptr_null(arr[i].description);
		ck_assert_ptr_null(arr[i].collection);
		ck_assert_uint_eq(arr[i].n_keys, 0);
	}
	ck_ok(store_volume_set_attrs(s, arr[0].id, &chg));
	store_volume_array_free(arr, n);
	ck_ok(store_volume_list(&arr, &n, s, NULL));
	ck_assert_str_eq(arr[0].description, "now described");
	ck_assert_uint_eq(arr[0].n_keys, 1);
	store_volume_array_free(arr, n);
	ck_ok(store_integrity_check(s));
	store_close(s);
}
END_TEST

int main(void)
{
	return STORE_SUITE("attrs", setup, world_close, 120,
		reserve_writes_attributes_and_get_returns_them_sorted,
		list_gives_each_record_its_own_keys, change_is_all_or_nothing,
		deleted_objects_lose_keys_and_refuse_changes, snapshot_keeps_what_its_volume_was,
		previous_schema_opens_without_attributes);
}
