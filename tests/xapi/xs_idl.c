/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xs_idl.c - does a JSON value fit the xapi-storage IDL's type, as
 * xapi-storage-script unmarshals it?
 *
 * The rules are rpclib's (Rpcmarshal.unmarshal), which is what reads the
 * plugin's stdout on the host:
 * - a record is a JSON object; every field the type declares must be
 *   there, except an option, which may be absent (present, it is the bare
 *   value: null is refused); fields the type does not declare are ignored;
 * - a (string * string) list is an object of strings, a list an array;
 * - int64 is a JSON integer, bool a JSON boolean, unit is null;
 * - a variant constructor with an argument is a two-element array
 *   [ "Name", argument ] (Healthy of string is ["Healthy", "..."]).
 * The records are those of the IDL's current text (xen-api's
 * ocaml/xapi-storage/generator/lib: control.ml, data.ml, plugin.ml): a
 * query_result has supported_image_formats, a volume may have
 * volume_type and cbt_enabled, health is Healthy, Recovering, Unreachable
 * or Unavailable. The datapath backend also keeps what the older text
 * required (domain_uuid, and a unit `dummy` in block_device), which the
 * plugin sends so that both read it.
 */
#include <stdio.h>
#include <string.h>

#include "xs_idl.h"

static char msg[256];

static const char *bad(const char *what, const char *field)
{
	snprintf(msg, sizeof msg, "%s: %s", what, field);
	return msg;
}

static int is_strings(const json_t *a)
{
	size_t i;
	const json_t *v;

	if (!json_is_array(a))
		return 0;
	json_array_foreach(a, i, v)
		if (!json_is_string(v))
			return 0;
	return 1;
}

static int is_string_map(const json_t *o)
{
	const char *k;
	const json_t *v;

	if (!json_is_object(o))
		return 0;
	json_object_foreach((json_t *)o, k, v)
		if (!json_is_string(v))
			return 0;
	return 1;
}

#define NEED(cond, what, field)                                                                   \
	do {                                                                                      \
		if (!(cond))                                                                      \
			return bad(what, field);                                                  \
	} while (0)
#define STR(o, f, what) NEED(json_is_string(json_object_get(o, f)), what, f " (string)")
#define I64(o, f, what) NEED(json_is_integer(json_object_get(o, f)), what, f " (int64)")
#define BOOL(o, f, what) NEED(json_is_boolean(json_object_get(o, f)), what, f " (bool)")
#define OPT(o, f, test, what)                                                                     \
	NEED(!json_object_get(o, f) || test(json_object_get(o, f)), what, f " (option)")

const char *xsi_query(const json_t *q)
{
	static const char *const strs[] = { "plugin", "name", "description", "vendor",
					     "copyright", "version", "required_api_version" };
	const char *api;

	NEED(json_is_object(q), "query_result", "not an object");
	for (size_t i = 0; i < sizeof strs / sizeof *strs; i++)
		NEED(json_is_string(json_object_get(q, strs[i])), "query_result", strs[i]);
	NEED(is_strings(json_object_get(q, "features")), "query_result", "features");
	NEED(is_string_map(json_object_get(q, "configuration")), "query_result", "configuration");
	NEED(is_strings(json_object_get(q, "required_cluster_stack")), "query_result",
	     "required_cluster_stack");
	NEED(is_strings(json_object_get(q, "supported_image_formats")), "query_result",
	     "supported_image_formats");
	/* xapi-storage-script's supported_api_versions */
	api = json_string_value(json_object_get(q, "required_api_version"));
	NEED(!strcmp(api, "5.0") || !strcmp(api, "3.0"), "query_result", "required_api_version");
	return NULL;
}

const char *xsi_configuration(const json_t *c)
{
	NEED(is_string_map(c), "configuration", "not an object of strings");
	return NULL;
}

static int is_health(const json_t *h)
{
	static const char *const names[] = { "Healthy", "Recovering", "Unreachable",
					     "Unavailable" };
	const char *n = json_string_value(json_array_get(h, 0));

	if (!json_is_array(h) || json_array_size(h) != 2 || !n ||
	    !json_is_string(json_array_get(h, 1)))
		return 0;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (!strcmp(n, names[i]))
			return 1;
	return 0;
}

const char *xsi_sr_stat(const json_t *s)
{
	NEED(json_is_object(s), "sr_stat", "not an object");
	STR(s, "sr", "sr_stat");
	STR(s, "name", "sr_stat");
	OPT(s, "uuid", json_is_string, "sr_stat");
	STR(s, "description", "sr_stat");
	I64(s, "free_space", "sr_stat");
	I64(s, "total_space", "sr_stat");
	NEED(is_strings(json_object_get(s, "datasources")), "sr_stat", "datasources");
	BOOL(s, "clustered", "sr_stat");
	NEED(is_health(json_object_get(s, "health")), "sr_stat", "health");
	return NULL;
}

const char *xsi_probe_result(const json_t *p)
{
	const json_t *c = json_object_get(p, "configuration"), *sr = json_object_get(p, "sr");
	const char *why;

	NEED(json_is_object(p), "probe_result", "not an object");
	NEED(is_string_map(c), "probe_result", "configuration");
	BOOL(p, "complete", "probe_result");
	NEED(is_string_map(json_object_get(p, "extra_info")), "probe_result", "extra_info");
	if (sr && (why = xsi_sr_stat(sr)))
		return why;
	/* xapi-storage-script's SR.probe: an SR found must be complete and
	 * name its uuid in sr_uuid; an incomplete result must not have one */
	if (sr) {
		NEED(json_is_true(json_object_get(p, "complete")), "probe_result",
		     "an SR found but not complete");
		NEED(json_is_string(json_object_get(c, "sr_uuid")), "probe_result",
		     "an SR found without configuration.sr_uuid");
	}
	if (json_is_false(json_object_get(p, "complete")))
		NEED(!json_object_get(c, "sr_uuid"), "probe_result",
		     "an incomplete configuration with sr_uuid");
	return NULL;
}

static int is_volume_type(const json_t *t)
{
	const char *n = json_string_value(t);

	return n && (!strcmp(n, "Data") || !strcmp(n, "CBT_Metadata") ||
		     !strcmp(n, "Data_and_CBT_Metadata"));
}

const char *xsi_volume(const json_t *v)
{
	NEED(json_is_object(v), "volume", "not an object");
	STR(v, "key", "volume");
	OPT(v, "uuid", json_is_string, "volume");
	STR(v, "name", "volume");
	STR(v, "description", "volume");
	BOOL(v, "read_write", "volume");
	BOOL(v, "sharable", "volume");
	I64(v, "virtual_size", "volume");
	I64(v, "physical_utilisation", "volume");
	NEED(is_strings(json_object_get(v, "uri")), "volume", "uri");
	NEED(is_string_map(json_object_get(v, "keys")), "volume", "keys");
	OPT(v, "volume_type", is_volume_type, "volume");
	OPT(v, "cbt_enabled", json_is_boolean, "volume");
	return NULL;
}

const char *xsi_backend(const json_t *b)
{
	const json_t *impls = json_object_get(b, "implementations"), *x;
	size_t i;

	NEED(json_is_object(b), "backend", "not an object");
	NEED(json_is_array(impls), "backend", "implementations");
	NEED(json_is_string(json_object_get(b, "domain_uuid")), "backend",
	     "domain_uuid (the older IDL's)");
	json_array_foreach(impls, i, x) {
		const char *n = json_string_value(json_array_get(x, 0));
		const json_t *r = json_array_get(x, 1);

		NEED(json_is_array(x) && json_array_size(x) == 2 && n && json_is_object(r),
		     "implementation", "not [\"Name\", {...}]");
		if (!strcmp(n, "XenDisk")) {
			STR(r, "params", "XenDisk");
			NEED(is_string_map(json_object_get(r, "extra")), "XenDisk", "extra");
			STR(r, "backend_type", "XenDisk");
		} else if (!strcmp(n, "BlockDevice") || !strcmp(n, "File")) {
			STR(r, "path", n);
			NEED(json_is_null(json_object_get(r, "dummy")), n, "dummy (the older IDL's)");
		} else if (!strcmp(n, "Nbd")) {
			STR(r, "uri", "Nbd");
		} else {
			return bad("implementation", n);
		}
	}
	return NULL;
}

const char *xsi_unit(const json_t *r)
{
	NEED(json_is_null(r), "unit", "not null");
	return NULL;
}

/* xapi-storage-script's error record (xapi_storage_script_types.ml) */
const char *xsi_error(const json_t *e)
{
	const json_t *bt = json_object_get(e, "backtrace"), *l;
	size_t i;

	NEED(json_is_object(e), "error", "not an object");
	STR(e, "code", "error");
	NEED(is_strings(json_object_get(e, "params")), "error", "params");
	NEED(json_is_object(bt), "error", "backtrace");
	STR(bt, "error", "backtrace");
	NEED(is_strings(json_object_get(bt, "files")), "backtrace", "files");
	NEED(json_is_array(json_object_get(bt, "lines")), "backtrace", "lines");
	json_array_foreach(json_object_get(bt, "lines"), i, l)
		NEED(json_is_integer(l), "backtrace", "lines (int)");
	return NULL;
}
