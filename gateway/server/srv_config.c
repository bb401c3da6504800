/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_config.c - slgwd's XML configuration: defaults, schema validation and
 * overlay.
 *
 * The file is parsed with libxml2 with every network access and entity
 * substitution off (XML_PARSE_NONET, no XML_PARSE_NOENT / DTDLOAD), then
 * validated against the schema compiled into the binary (slgwd.xsd, see
 * srv_config_xsd): the schema does the range and type checks, so the code
 * below only copies values.  The first validation error becomes the message
 * "FILE:LINE: element/attribute: libxml2's reason", which names the line
 * and the field.  A few rules the schema cannot express (tls or plainHttp,
 * not both) are checked here with the same message shape.
 */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "srv.h"

#define CFG_NS "urn:slgw:config:1"

int srv_config_defaults(struct srv_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->listen_address = strdup("0.0.0.0");
	cfg->port = SRV_DEFAULT_PORT;
	cfg->state_dir = strdup("/var/lib/slgw");
	cfg->workers = 16;
	cfg->queue_length = 64;
	cfg->recv_timeout_s = 30;
	cfg->send_timeout_s = 30;
	cfg->idle_timeout_s = 15;
	cfg->max_request_bytes = 1L << 20;
	cfg->max_xml_depth = 64;
	cfg->max_list_items = 10000;
	cfg->max_array_commands = 4;
	cfg->command_timeout_s = 120;
	cfg->job_workers = 8;
	cfg->job_wait_ms = 30000;
	cfg->auth_cache_s = 60;
	cfg->log_level = SRV_LOG_INFO;
	cfg->max_conns_per_address = 64;
	cfg->handshake_timeout_s = 10;
	cfg->head_timeout_s = 10;
	cfg->metrics_allow = strdup("127.0.0.1 ::1");
	cfg->audit_retention_days = 400;
	cfg->max_jobs_per_tenant = 64;
	cfg->max_hosts_per_tenant = 256;
	if (!cfg->listen_address || !cfg->state_dir || !cfg->metrics_allow)
		return -1;
	return 0;
}

static void free_list(char **list)
{
	for (char **p = list; p && *p; p++)
		free(*p);
	free(list);
}

/* The strings a configuration owns. */
static const size_t cfg_owned_strs[] = {
	offsetof(struct srv_config, listen_address),  offsetof(struct srv_config, tls_cert),
	offsetof(struct srv_config, tls_key),         offsetof(struct srv_config, state_dir),
	offsetof(struct srv_config, store_path),      offsetof(struct srv_config, store_url),
	offsetof(struct srv_config, store_password_file),
	offsetof(struct srv_config, naviseccli_path), offsetof(struct srv_config, metrics_allow),
	offsetof(struct srv_config, array_key_path),  offsetof(struct srv_config, cluster_node),
};

void srv_config_free(struct srv_config *cfg)
{
	for (size_t i = 0; i < sizeof cfg_owned_strs / sizeof cfg_owned_strs[0]; i++)
		free(*(char **)(void *)((char *)cfg + cfg_owned_strs[i]));
	free_list(cfg->allow_cli);
	free_list(cfg->allow_secfile_dirs);
	memset(cfg, 0, sizeof *cfg);
}

/* First structured error of a parse or validation, kept for the message. */
struct cfg_errs {
	int have;
	int line;
	char text[400];
	char field[96];
};

static void cfg_error_cb(void *ctx, xmlErrorPtr e)
{
	struct cfg_errs *errs = ctx;
	const xmlNode *node;
	size_t n;

	if (errs->have || !e)
		return;
	errs->have = 1;
	errs->line = e->line;
	snprintf(errs->text, sizeof errs->text, "%s", e->message ? e->message : "invalid");
	n = strlen(errs->text);
	while (n && (errs->text[n - 1] == '\n' || errs->text[n - 1] == ' '))
		errs->text[--n] = 0;
	node = e->node;
	if (node && node->type == XML_ELEMENT_NODE && node->name)
		snprintf(errs->field, sizeof errs->field, "%s", (const char *)node->name);
	else if (node && node->type == XML_ATTRIBUTE_NODE && node->name && node->parent)
		snprintf(errs->field, sizeof errs->field, "%s/@%s",
			 (const char *)node->parent->name, (const char *)node->name);
}

/* libxml2's string v (consumed) as a malloc'ed one; NULL for none. */
static char *xml_str(xmlChar *v)
{
	char *s;
	if (!v)
		return NULL;
	s = strdup((const char *)v);
	xmlFree(v);
	return s;
}

static char *attr(const xmlNode *n, const char *name)
{
	return xml_str(xmlGetProp(n, (const xmlChar *)name));
}

static int attr_long(const xmlNode *n, const char *name, long *out)
{
	char *v = attr(n, name);
	char *end;
	if (!v)
		return 0;
	errno = 0;
	*out = strtol(v, &end, 10);
	free(v);
	return errno ? -1 : 1;
}

static void set_str(char **dst, char *v)
{
	if (!v)
		return;
	free(*dst);
	*dst = v;
}

static char *text(const xmlNode *n)
{
	return xml_str(xmlNodeGetContent(n));
}

static int is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* Appends v (owned) to a NULL-terminated list; -1 when out of memory. */
static int list_add(char ***list, char *v)
{
	size_t n = 0;
	char **l;
	if (!v)
		return -1;
	while (*list && (*list)[n])
		n++;
	l = realloc(*list, (n + 2) * sizeof *l);
	if (!l) {
		free(v);
		return -1;
	}
	l[n] = v;
	l[n + 1] = NULL;
	*list = l;
	return 0;
}

/* <arrays>'s children: the programs and security file directories an API
 * admin may name (the schema has checked they are absolute paths). */
static int overlay_arrays(struct srv_config *cfg, const xmlNode *arrays)
{
	for (const xmlNode *c = arrays->children; c; c = c->next) {
		if (is(c, "allowCli") && list_add(&cfg->allow_cli, attr(c, "path")))
			return -1;
		if (is(c, "allowSecurityFileDir") &&
		    list_add(&cfg->allow_secfile_dirs, attr(c, "path")))
			return -1;
	}
	return 0;
}

/* The attributes that are copied as they are: the schema has checked
 * their types and ranges, so each is one row naming the element, the
 * attribute and the field it sets. */
static const struct cfg_str_attr {
	const char *element, *attribute;
	size_t off; /* of a char * in struct srv_config */
} cfg_str_attrs[] = {
	{ "listen", "address", offsetof(struct srv_config, listen_address) },
	{ "tls", "certificate", offsetof(struct srv_config, tls_cert) },
	{ "tls", "key", offsetof(struct srv_config, tls_key) },
	{ "store", "url", offsetof(struct srv_config, store_url) },
	{ "store", "passwordFile", offsetof(struct srv_config, store_password_file) },
	{ "cluster", "node", offsetof(struct srv_config, cluster_node) },
	{ "arrays", "naviseccli", offsetof(struct srv_config, naviseccli_path) },
	{ "arrays", "keyFile", offsetof(struct srv_config, array_key_path) },
	{ "metrics", "allow", offsetof(struct srv_config, metrics_allow) },
};

static const struct cfg_int_attr {
	const char *element, *attribute;
	size_t off; /* of an int in struct srv_config (a long when is_long) */
	int is_long;
} cfg_int_attrs[] = {
	{ "listen", "port", offsetof(struct srv_config, port), 0 },
	{ "workers", "threads", offsetof(struct srv_config, workers), 0 },
	{ "workers", "queue", offsetof(struct srv_config, queue_length), 0 },
	{ "timeouts", "receive", offsetof(struct srv_config, recv_timeout_s), 0 },
	{ "timeouts", "send", offsetof(struct srv_config, send_timeout_s), 0 },
	{ "timeouts", "idle", offsetof(struct srv_config, idle_timeout_s), 0 },
	{ "connections", "perAddress", offsetof(struct srv_config, max_conns_per_address), 0 },
	{ "connections", "handshakeTimeout", offsetof(struct srv_config, handshake_timeout_s), 0 },
	{ "connections", "headTimeout", offsetof(struct srv_config, head_timeout_s), 0 },
	{ "limits", "maxRequestBytes", offsetof(struct srv_config, max_request_bytes), 1 },
	{ "limits", "maxXmlDepth", offsetof(struct srv_config, max_xml_depth), 0 },
	{ "limits", "maxListItems", offsetof(struct srv_config, max_list_items), 0 },
	{ "limits", "maxJobsPerTenant", offsetof(struct srv_config, max_jobs_per_tenant), 0 },
	{ "limits", "maxHostsPerTenant", offsetof(struct srv_config, max_hosts_per_tenant), 0 },
	{ "cluster", "leaseSeconds", offsetof(struct srv_config, lease_seconds), 0 },
	{ "arrays", "maxCommandsInFlight", offsetof(struct srv_config, max_array_commands), 0 },
	{ "arrays", "commandTimeout", offsetof(struct srv_config, command_timeout_s), 0 },
	{ "jobs", "workers", offsetof(struct srv_config, job_workers), 0 },
	{ "jobs", "waitMs", offsetof(struct srv_config, job_wait_ms), 0 },
	{ "auth", "cacheSeconds", offsetof(struct srv_config, auth_cache_s), 0 },
	{ "audit", "retentionDays", offsetof(struct srv_config, audit_retention_days), 0 },
};

/* The copied attributes of element n. */
static void overlay_attrs(struct srv_config *cfg, const xmlNode *n)
{
	char *base = (char *)cfg;
	long v;

	for (size_t i = 0; i < sizeof cfg_str_attrs / sizeof cfg_str_attrs[0]; i++)
		if (is(n, cfg_str_attrs[i].element))
			set_str((char **)(void *)(base + cfg_str_attrs[i].off),
				attr(n, cfg_str_attrs[i].attribute));
	for (size_t i = 0; i < sizeof cfg_int_attrs / sizeof cfg_int_attrs[0]; i++) {
		const struct cfg_int_attr *a = &cfg_int_attrs[i];
		if (!is(n, a->element) || attr_long(n, a->attribute, &v) <= 0)
			continue;
		if (a->is_long)
			*(long *)(void *)(base + a->off) = v;
		else
			*(int *)(void *)(base + a->off) = (int)v;
	}
}

static void overlay(struct srv_config *cfg, const xmlNode *root)
{
	for (const xmlNode *n = root->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		overlay_attrs(cfg, n);
		if (is(n, "plainHttp")) {
			cfg->plain_http = 1;
		} else if (is(n, "stateDir")) {
			set_str(&cfg->state_dir, text(n));
		} else if (is(n, "store")) {
			char *t = text(n);
			if (t && !*t) { /* <store url="..."/>: no file */
				free(t);
				t = NULL;
			}
			set_str(&cfg->store_path, t);
		} else if (is(n, "log")) {
			char *l = attr(n, "level");
			int lvl = srv_log_level_parse(l);
			free(l);
			if (lvl >= 0)
				cfg->log_level = (enum srv_log_level)lvl;
		}
	}
}

static const xmlNode *find_child(const xmlNode *root, const char *name)
{
	for (const xmlNode *n = root->children; n; n = n->next)
		if (is(n, name))
			return n;
	return NULL;
}

/* <store>: a file, or a PostgreSQL URL holding no password (libpq reads
 * it from passwordFile, PGPASSFILE or ~/.pgpass), never both. */
static int check_store(const struct srv_config *cfg, const xmlNode *root, const char *path,
		       char *err, size_t errlen)
{
	const xmlNode *n = find_child(root, "store");
	int line = n ? (int)xmlGetLineNo(n) : 0;

	if (cfg->store_url && cfg->store_path) {
		snprintf(err, errlen, "%s:%d: store: give either a file or url, not both", path, line);
		return -1;
	}
	if (cfg->store_password_file && !cfg->store_url) {
		snprintf(err, errlen, "%s:%d: store: passwordFile needs a url", path, line);
		return -1;
	}
	if (cfg->store_url && store_url_check(cfg->store_url)) {
		snprintf(err, errlen, "%s:%d: %s", path, line, store_errmsg());
		return -1;
	}
	/* It becomes a URL parameter: only characters that need no escaping. */
	for (const char *p = cfg->store_password_file; p && *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("/._-", *p)) {
			snprintf(err, errlen,
				 "%s:%d: store: passwordFile may hold only letters, digits and / . _ -",
				 path, line);
			return -1;
		}
	return 0;
}

char *srv_store_path(const struct srv_config *cfg)
{
	char *p;
	size_t n;

	if (cfg->store_path)
		return strdup(cfg->store_path);
	if (!cfg->state_dir)
		return NULL;
	n = strlen(cfg->state_dir) + 16;
	p = malloc(n);
	if (p)
		snprintf(p, n, "%s/slgw.db", cfg->state_dir);
	return p;
}

char *srv_store_target(const struct srv_config *cfg)
{
	char *p;
	size_t n;

	if (cfg->store_url && cfg->store_password_file) {
		n = strlen(cfg->store_url) + strlen(cfg->store_password_file) + 16;
		p = malloc(n);
		if (p)
			snprintf(p, n, "%s%cpassfile=%s", cfg->store_url,
				 strchr(cfg->store_url, '?') ? '&' : '?', cfg->store_password_file);
		return p;
	}
	if (cfg->store_url)
		return strdup(cfg->store_url);
	return srv_store_path(cfg);
}

int srv_config_load(struct srv_config *cfg, const char *path, char *err, size_t errlen)
{
	struct cfg_errs errs = { 0 };
	xmlDocPtr doc = NULL;
	xmlSchemaParserCtxtPtr pctx = NULL;
	xmlSchemaPtr schema = NULL;
	xmlSchemaValidCtxtPtr vctx = NULL;
	xmlParserCtxtPtr parser = NULL;
	const xmlNode *root, *tls, *plain;
	int rc = -1;

	/* The schema is ours and trusted; parse it once per load (cheap). */
	pctx = xmlSchemaNewMemParserCtxt(srv_config_xsd, (int)strlen(srv_config_xsd));
	if (pctx)
		schema = xmlSchemaParse(pctx);
	if (!schema) {
		snprintf(err, errlen, "%s: internal error: the built-in schema does not parse", path);
		goto out;
	}

	parser = xmlNewParserCtxt();
	if (!parser) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto out;
	}
	/* libxml2 2.9 has no per-context handler: the structured handler is
	 * per thread, so set it around the parse only. */
	xmlSetStructuredErrorFunc(&errs, cfg_error_cb);
	doc = xmlCtxtReadFile(parser, path, NULL,
			      XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR |
				      XML_PARSE_NOWARNING);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (!doc) {
		if (errs.have)
			snprintf(err, errlen, "%s:%d: %s", path, errs.line, errs.text);
		else
			snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
		goto out;
	}
	if (doc->intSubset || doc->extSubset) {
		snprintf(err, errlen, "%s:1: DOCTYPE: a DTD is not allowed in the configuration",
			 path);
		goto out;
	}
	vctx = xmlSchemaNewValidCtxt(schema);
	if (!vctx) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto out;
	}
	xmlSchemaSetValidStructuredErrors(vctx, cfg_error_cb, &errs);
	if (xmlSchemaValidateDoc(vctx, doc) != 0) {
		if (errs.have)
			snprintf(err, errlen, "%s:%d: %s: %s", path, errs.line,
				 errs.field[0] ? errs.field : "slgwd", errs.text);
		else
			snprintf(err, errlen, "%s: does not match the configuration schema", path);
		goto out;
	}
	root = xmlDocGetRootElement(doc);
	tls = find_child(root, "tls");
	plain = find_child(root, "plainHttp");
	if (tls && plain) {
		snprintf(err, errlen, "%s:%d: plainHttp: give either tls or plainHttp, not both",
			 path, (int)xmlGetLineNo(plain));
		goto out;
	}
	overlay(cfg, root);
	if (find_child(root, "arrays") && overlay_arrays(cfg, find_child(root, "arrays"))) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto out;
	}
	if (check_store(cfg, root, path, err, errlen))
		goto out;
	if (!cfg->plain_http && (!cfg->tls_cert || !cfg->tls_key)) {
		snprintf(err, errlen,
			 "%s:%d: tls: a certificate and key are required (or plainHttp to serve "
			 "without TLS)",
			 path, (int)xmlGetLineNo(root));
		goto out;
	}
	rc = 0;
out:
	if (vctx)
		xmlSchemaFreeValidCtxt(vctx);
	if (schema)
		xmlSchemaFree(schema);
	if (pctx)
		xmlSchemaFreeParserCtxt(pctx);
	if (doc)
		xmlFreeDoc(doc);
	if (parser)
		xmlFreeParserCtxt(parser);
	return rc;
}
