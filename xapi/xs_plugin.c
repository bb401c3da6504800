/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xs_plugin.c - Plugin.Query (volume and datapath) and Plugin.diagnostics.
 *
 * Plugin.Query is what makes xapi register the SR type: the record of
 * plugin.ml's query_result, required_api_version "5.0". The features
 * named are those the plugin implements (xapi-storage-script adds the
 * ones it derives from which executables exist). The configuration map
 * is the device-config keys xe sr-create accepts, each with a description
 * xe shows.
 *
 * The record is the union of the IDL's versions, so that every
 * xapi-storage-script that speaks 5.0 can read it: rpclib refuses a
 * record that lacks a field the reader's version has (a list included)
 * and ignores fields it does not know. So supported_image_formats is
 * there, empty ("the plugin chooses": a VDI is a raw LUN, Volume.create
 * takes no format). The datapath plugin names ATTACH_READONLY, which the
 * IDL asks of a plugin that implements Datapath.activate_readonly.
 *
 * The method tables (volume and datapath: name -> command) live here too,
 * in the library rather than in main(), so that everything that runs the
 * commands by name (slgw-xapi, the tests and fuzzers of the host side)
 * walks the same tables.
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "xs.h"

static json_t *query_base(const char *plugin, const char *name, const char *description)
{
	json_t *q = json_object();

	json_object_set_new(q, "plugin", json_string(plugin));
	json_object_set_new(q, "name", json_string(name));
	json_object_set_new(q, "description", json_string(description));
	json_object_set_new(q, "vendor", json_string("slgw project"));
	json_object_set_new(q, "copyright", json_string("GPL-2.0-or-later"));
	json_object_set_new(q, "version", json_string(XS_PLUGIN_VERSION));
	json_object_set_new(q, "required_api_version", json_string("5.0"));
	json_object_set_new(q, "required_cluster_stack", json_array());
	json_object_set_new(q, "supported_image_formats", json_array());
	return q;
}

static json_t *strings(const char *const *v)
{
	json_t *a = json_array();

	for (; *v; v++)
		json_array_append_new(a, json_string(*v));
	return a;
}

int xs_cmd_query_volume(json_t **result, const json_t *args, struct xs_err *e)
{
	static const char *const features[] = {
		"SR_PROBE", "SR_CREATE", "SR_DELETE", "SR_ATTACH", "SR_DETACH", "SR_SCAN",
		"SR_UPDATE", "VDI_CREATE", "VDI_DELETE", "VDI_ATTACH", "VDI_DETACH",
		"VDI_ACTIVATE", "VDI_DEACTIVATE", "VDI_SNAPSHOT", "VDI_CLONE", "VDI_RESIZE",
		"VDI_UPDATE", NULL
	};
	static const char *const config[][2] = {
		{ "server", "the gateway, host:port (default port 21605), or a comma-separated "
			    "list tried in order" },
		{ "username", "the gateway user of this pool (role tenant)" },
		{ "password", "its password (or password-file)" },
		{ "password-file", "a file on every host whose first line is the password" },
		{ "cacert", "PEM file of the CA that signed the gateway's certificate" },
		{ "fingerprint", "SHA-256 fingerprint of the gateway's certificate (instead "
				 "of cacert)" },
		{ "storage-system", "the storage system (id or name); SR.probe lists them" },
		{ "pool", "the storage pool (id or name) of that system" },
		{ "provisioning", "thin (default) or thick" },
		{ "protocol", "iscsi, fc or auto (default: FC when the host has FC ports and "
			      "the array FC targets, else iSCSI)" },
		{ NULL, NULL },
	};
	json_t *q, *c = json_object();

	(void)args;
	(void)e;
	q = query_base("slgw", "slgw gateway SR",
		       "One EMC VNX / CLARiiON LUN per VDI, provisioned through the slgw "
		       "storage gateway (snapshots and clones on the array)");
	for (int i = 0; config[i][0]; i++)
		json_object_set_new(c, config[i][0], json_string(config[i][1]));
	json_object_set_new(q, "features", strings(features));
	json_object_set_new(q, "configuration", c);
	*result = q;
	return 0;
}

int xs_cmd_query_datapath(json_t **result, const json_t *args, struct xs_err *e)
{
	static const char *const features[] = { "ATTACH_READONLY", NULL };
	json_t *q;

	(void)args;
	(void)e;
	q = query_base("slgw", "slgw datapath",
		       "Attaches slgw:// volumes as local block devices (iSCSI or FC, "
		       "multipath when configured)");
	json_object_set_new(q, "features", strings(features));
	json_object_set_new(q, "configuration", json_object());
	*result = q;
	return 0;
}

/* The attached SRs and the volumes attached on this host; no secrets. */
int xs_cmd_diagnostics(json_t **result, const json_t *args, struct xs_err *e)
{
	char path[PATH_MAX], line[512];
	char out[8192];
	size_t o = 0;
	DIR *d;
	struct dirent *de;

	(void)args;
	(void)e;
	o += (size_t)snprintf(out + o, sizeof out - o, "slgw-xapi %s\n", XS_PLUGIN_VERSION);
	if (xs_path(path, sizeof path, "/run/slgw-xapi/sr") == 0 && (d = opendir(path))) {
		while ((de = readdir(d)) && o < sizeof out - 600) {
			size_t n = strlen(de->d_name);
			json_t *rec = NULL;
			struct xs_err ignore;

			if (n < 6 || strcmp(de->d_name + n - 5, ".json"))
				continue;
			snprintf(line, sizeof line, "%.*s", (int)(n - 5), de->d_name);
			if (xs_sr_record_read(&rec, line, &ignore))
				continue;
			{
				const json_t *c = json_object_get(rec, "configuration");
				const char *srv = json_string_value(json_object_get(c, "server"));
				const char *sys = json_string_value(json_object_get(c, "storage-system"));
				const char *pool = json_string_value(json_object_get(c, "pool"));
				const char *host = json_string_value(json_object_get(rec, "host-id"));

				o += (size_t)snprintf(out + o, sizeof out - o,
						      "SR %s: server %s, system %s, pool %s, "
						      "gateway host id %s\n",
						      line, srv ? srv : "?", sys ? sys : "?",
						      pool ? pool : "?", host ? host : "?");
			}
			json_decref(rec);
		}
		closedir(d);
	} else {
		o += (size_t)snprintf(out + o, sizeof out - o, "no SR attached on this host\n");
	}
	(void)o;
	*result = json_string(out);
	return 0;
}

const struct xs_command xs_volume_commands[] = {
	{ "Plugin.Query", xs_cmd_query_volume },
	{ "Plugin.diagnostics", xs_cmd_diagnostics },
	{ "SR.probe", xs_cmd_sr_probe },
	{ "SR.create", xs_cmd_sr_create },
	{ "SR.attach", xs_cmd_sr_attach },
	{ "SR.detach", xs_cmd_sr_detach },
	{ "SR.destroy", xs_cmd_sr_destroy },
	{ "SR.stat", xs_cmd_sr_stat },
	{ "SR.ls", xs_cmd_sr_ls },
	{ "SR.set_name", xs_cmd_sr_set_name },
	{ "SR.set_description", xs_cmd_sr_set_description },
	{ "Volume.create", xs_cmd_vol_create },
	{ "Volume.destroy", xs_cmd_vol_destroy },
	{ "Volume.snapshot", xs_cmd_vol_snapshot },
	{ "Volume.clone", xs_cmd_vol_clone },
	{ "Volume.resize", xs_cmd_vol_resize },
	{ "Volume.stat", xs_cmd_vol_stat },
	{ "Volume.set", xs_cmd_vol_set },
	{ "Volume.unset", xs_cmd_vol_unset },
	{ "Volume.set_name", xs_cmd_vol_set_name },
	{ "Volume.set_description", xs_cmd_vol_set_description },
	{ NULL, NULL },
};

const struct xs_command xs_datapath_commands[] = {
	{ "Plugin.Query", xs_cmd_query_datapath },
	{ "Datapath.open", xs_cmd_dp_open },
	{ "Datapath.attach", xs_cmd_dp_attach },
	{ "Datapath.activate", xs_cmd_dp_activate },
	{ "Datapath.activate_readonly", xs_cmd_dp_activate_readonly },
	{ "Datapath.deactivate", xs_cmd_dp_deactivate },
	{ "Datapath.detach", xs_cmd_dp_detach },
	{ "Datapath.close", xs_cmd_dp_close },
	{ NULL, NULL },
};

const struct xs_command *xs_command_find(const struct xs_command *t, const char *name)
{
	for (; t->name; t++)
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}
