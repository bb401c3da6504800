/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * slgw_json.h - the contract's records as JSON objects, field by field.
 *
 * Why here: the slgw CLI (`--json` and its tables) and the XenServer plugin
 * (xapi/) both turn the records the gateway answers (volumes, snapshots,
 * pools, ...) into jansson objects keyed by the contract's element names.
 * What each shows differs (the plugin keeps a few fields, the CLI all of
 * them, in its own order), but how one field becomes one member is the
 * same: a string or a present optional value is written, an absent one is
 * left out (scripts test for presence), an enumeration goes out as its XML
 * name, a time as xsd:dateTime text, a nested record or array of records
 * by its own table.  So each caller describes a record as a table of
 * fields (slgw_json_field) and slgw_json_put() walks it; a member that is
 * no field of the record (a derived column) is the caller's function,
 * named at its place in the table so the members keep their order.
 */
#ifndef SLGW_JSON_H
#define SLGW_JSON_H

#include <stddef.h>

#include <jansson.h>

#include "soapH.h"

/* How a field is stored in the gSOAP struct, and so how it is written. */
enum slgw_json_kind {
	SLGW_JSON_STR,          /* char *: left out when NULL */
	SLGW_JSON_INT,          /* int */
	SLGW_JSON_LONG,         /* LONG64 */
	SLGW_JSON_PINT,         /* int *: left out when NULL */
	SLGW_JSON_PLONG,        /* LONG64 *: left out when NULL */
	SLGW_JSON_PBOOL,        /* enum xsd__boolean *: true / false, left out when NULL */
	SLGW_JSON_TIME,         /* time_t: xsd:dateTime */
	SLGW_JSON_PTIME,        /* time_t *: xsd:dateTime, left out when NULL */
	SLGW_JSON_ENUM,         /* an enumeration: its XML name (to_s) */
	SLGW_JSON_PENUM,        /* a pointer to one: left out when NULL */
	/* Arrays, with gSOAP's __size count beside them: */
	SLGW_JSON_STRS,         /* strings (NULL ones skipped) */
	SLGW_JSON_SOME_STRS,    /* the same, left out when empty */
	SLGW_JSON_ENUMS,        /* enumerations */
	SLGW_JSON_RECORDS,      /* records, each by the table sub */
	SLGW_JSON_SOME_RECORDS, /* the same, left out when empty */
	SLGW_JSON_SOME_KEYS,    /* KeyValues as one object {name: value}, a NULL
				 * value as "", left out when empty */
	/* Others: */
	SLGW_JSON_RECORD,       /* a pointer to a record (table sub), left out when NULL */
	SLGW_JSON_VALUE,        /* computed by value(), left out when it gives NULL */
};

/* An enumeration's XML name (the generated soap_slgw__T2s, taking int). */
typedef const char *(*slgw_json_enum_fn)(struct soap *soap, int v);

struct slgw_json_field {
	const char *key;
	enum slgw_json_kind kind;
	size_t off;             /* of the member in the record */
	size_t count_off;       /* of its __size count (arrays) */
	size_t size;            /* of one element (RECORDS) */
	slgw_json_enum_fn to_s; /* ENUM, PENUM, ENUMS */
	const struct slgw_json_field *sub; /* RECORD, RECORDS: the nested table */
	size_t n_sub;
	/* VALUE: the member for the whole record rec (a new reference). */
	json_t *(*value)(struct soap *soap, const void *rec);
};

/* A member m of record type T, written under its own name. */
#define SLGW_JSON_FIELD(T, k_, m, to_s_fn) \
	{ .key = #m, .kind = SLGW_JSON_##k_, .off = offsetof(T, m), .to_s = (to_s_fn) }
/* An array member m of T with gSOAP's count __sizem beside it. */
#define SLGW_JSON_ARRAY(T, k_, m, to_s_fn)                                       \
	{ .key = #m, .kind = SLGW_JSON_##k_, .off = offsetof(T, m),               \
	  .count_off = offsetof(T, __size##m), .size = sizeof *((T *)0)->m, .to_s = (to_s_fn) }
/* An array of records m of T (RECORDS, SOME_RECORDS), each written by
 * the table t. */
#define SLGW_JSON_NESTED(T, k_, m, t)                                            \
	{ .key = #m, .kind = SLGW_JSON_##k_, .off = offsetof(T, m),               \
	  .count_off = offsetof(T, __size##m), .size = sizeof *((T *)0)->m, .sub = (t), \
	  .n_sub = sizeof(t) / sizeof((t)[0]) }
/* A pointer m of T to one record, written by the table t. */
#define SLGW_JSON_SUB(T, m, t) \
	{ .key = #m, .kind = SLGW_JSON_RECORD, .off = offsetof(T, m), .sub = (t), \
	  .n_sub = sizeof(t) / sizeof((t)[0]) }
/* An array member m of T written under another name (a KeyValue list
 * "key" as the object "keys", SOME_KEYS). */
#define SLGW_JSON_RENAMED(T, k_, m, name)                                           \
	{ .key = (name), .kind = SLGW_JSON_##k_, .off = offsetof(T, m),             \
	  .count_off = offsetof(T, __size##m), .size = sizeof *((T *)0)->m }
/* A member key computed from the whole record by fn. */
#define SLGW_JSON_COMPUTED(key_, fn) { .key = (key_), .kind = SLGW_JSON_VALUE, .value = (fn) }

/* Writes the n fields of rec into the object o, in the table's order.
 * soap is used for enumeration and time text only (it may be NULL when
 * the table has neither). */
void slgw_json_put(json_t *o, struct soap *soap, const void *rec, const struct slgw_json_field *f,
		   size_t n);

/* The enumerations of the contract, as slgw_json_enum_fn. */
const char *slgw_json_SP(struct soap *soap, int v);
const char *slgw_json_Protocol(struct soap *soap, int v);
const char *slgw_json_ProvisioningType(struct soap *soap, int v);
const char *slgw_json_FailoverMode(struct soap *soap, int v);
const char *slgw_json_CloneType(struct soap *soap, int v);
const char *slgw_json_Role(struct soap *soap, int v);
const char *slgw_json_JobState(struct soap *soap, int v);
const char *slgw_json_ErrorCode(struct soap *soap, int v);

#endif
