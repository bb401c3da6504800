/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * slgw_json.c - one walker over a table of record fields (slgw_json.h),
 * shared by the CLI's record printers and the XenServer plugin's answers.
 *
 * A field is found by its offset in the gSOAP struct and read as the type
 * its kind names; the tables are built with offsetof on the generated
 * structs (SLGW_JSON_FIELD), so a field that changes name in the contract
 * fails to compile rather than being misread.  Enumerations are read as
 * int: gSOAP's enums are int-sized (checked below).
 */
#include "slgw_json.h"

#include <stdint.h>
#include <time.h>

_Static_assert(sizeof(enum slgw__SP) == sizeof(int), "gSOAP enums are read as int");
_Static_assert(sizeof(enum slgw__ProvisioningType) == sizeof(int), "gSOAP enums are read as int");
_Static_assert(sizeof(enum slgw__ErrorCode) == sizeof(int), "gSOAP enums are read as int");

#define ENUM_TO_S(T)                                               \
	const char *slgw_json_##T(struct soap *soap, int v)         \
	{                                                          \
		return soap_slgw__##T##2s(soap, (enum slgw__##T)v); \
	}
ENUM_TO_S(SP)
ENUM_TO_S(Protocol)
ENUM_TO_S(ProvisioningType)
ENUM_TO_S(FailoverMode)
ENUM_TO_S(CloneType)
ENUM_TO_S(Role)
ENUM_TO_S(JobState)
ENUM_TO_S(ErrorCode)

static json_t *record_json(struct soap *soap, const void *rec, const struct slgw_json_field *f)
{
	json_t *o = json_object();

	slgw_json_put(o, soap, rec, f->sub, f->n_sub);
	return o;
}

static json_t *keys_json(const struct slgw__KeyValue *kv, int n)
{
	json_t *keys = json_object();

	for (int i = 0; i < n; i++)
		if (kv[i].name)
			json_object_set_new(keys, kv[i].name, json_string(kv[i].value ? kv[i].value : ""));
	return keys;
}

/* The array member of f (pointer p, n elements); NULL when it is left out. */
static json_t *array_json(struct soap *soap, const struct slgw_json_field *f, const void *p, int n)
{
	json_t *a;

	if (f->kind == SLGW_JSON_SOME_KEYS)
		return p && n > 0 ? keys_json(p, n) : NULL;
	if (n <= 0 && (f->kind == SLGW_JSON_SOME_STRS || f->kind == SLGW_JSON_SOME_RECORDS))
		return NULL;
	a = json_array();
	for (int i = 0; p && i < n; i++) {
		const void *e = (const char *)p + (size_t)i * f->size;
		if (f->kind == SLGW_JSON_ENUMS)
			json_array_append_new(a, json_string(f->to_s(soap, *(const int *)e)));
		else if (f->kind == SLGW_JSON_RECORDS || f->kind == SLGW_JSON_SOME_RECORDS)
			json_array_append_new(a, record_json(soap, e, f));
		else if (*(char *const *)e)
			json_array_append_new(a, json_string(*(char *const *)e));
	}
	return a;
}

/* The kinds stored behind a pointer that may be NULL (the field absent). */
static int is_optional(enum slgw_json_kind kind)
{
	return kind == SLGW_JSON_STR || kind == SLGW_JSON_PINT || kind == SLGW_JSON_PLONG ||
	       kind == SLGW_JSON_PBOOL || kind == SLGW_JSON_PTIME || kind == SLGW_JSON_PENUM ||
	       kind == SLGW_JSON_RECORD;
}

/* The member f of the record at base; NULL when it is left out. */
static json_t *member(struct soap *soap, const char *base, const struct slgw_json_field *f)
{
	const void *v = base + f->off;
	const char *s;

	if (f->kind >= SLGW_JSON_STRS && f->kind <= SLGW_JSON_SOME_KEYS)
		return array_json(soap, f, *(const void *const *)v,
				  *(const int *)(const void *)(base + f->count_off));
	if (f->kind == SLGW_JSON_VALUE)
		return f->value(soap, base);
	if (is_optional(f->kind)) {
		v = *(const void *const *)v;
		if (!v)
			return NULL;
	}
	switch (f->kind) {
	case SLGW_JSON_INT:
	case SLGW_JSON_PINT:
		return json_integer(*(const int *)v);
	case SLGW_JSON_LONG:
	case SLGW_JSON_PLONG:
		return json_integer((json_int_t) * (const LONG64 *)v);
	case SLGW_JSON_PBOOL:
		return json_boolean(*(const enum xsd__boolean *)v == xsd__boolean__true_);
	case SLGW_JSON_RECORD:
		return record_json(soap, v, f);
	case SLGW_JSON_TIME:
	case SLGW_JSON_PTIME:
		s = soap_dateTime2s(soap, *(const time_t *)v);
		break;
	case SLGW_JSON_ENUM:
	case SLGW_JSON_PENUM:
		s = f->to_s(soap, *(const int *)v);
		break;
	default: /* SLGW_JSON_STR */
		s = v;
		break;
	}
	return s ? json_string(s) : NULL;
}

void slgw_json_put(json_t *o, struct soap *soap, const void *rec, const struct slgw_json_field *f,
		   size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_t *m = member(soap, rec, &f[i]);
		if (m)
			json_object_set_new(o, f[i].key, m);
	}
}
