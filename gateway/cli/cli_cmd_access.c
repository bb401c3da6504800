/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli_cmd_access.c - the slgw commands for hosts, their initiators,
 * assignments (volume to host mappings) and jobs: how a XenServer host
 * reaches its LUNs, and what the gateway is doing about it.
 */
#include "broker_rules.h"
#include "cli_cmd_internal.h"
#include "cli_records.h"
#include "cli_resolve.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct cli_column host_cols[] = {
	{ "id", "ID" }, { "name", "NAME" }, { "tenantId", "TENANT" }, { "hostAddress", "ADDRESS" },
	{ "failoverMode", "FAILOVER" }, { "initiator.id", "INITIATORS" } };
static const struct cli_column assignment_cols[] = {
	{ "volumeId", "VOLUME" }, { "hostId", "HOST" }, { "hlu", "HLU" }, { "lunWwn", "WWN" },
	{ "failoverMode", "FAILOVER" } };
static const struct cli_column job_cols[] = {
	{ "id", "ID" }, { "kind", "KIND" }, { "state", "STATE" }, { "progress", "PROGRESS %" },
	{ "objectId", "OBJECT" }, { "errorCode", "ERROR" }, { "createdAt", "CREATED" } };

/* ---- hosts and assignments ------------------------------------------------------- */

/* "iscsi:IQN" or "fc:WWPN" -> Initiator. */
static int parse_initiator(struct cli_ctx *c, const char *s, struct slgw__Initiator *in)
{
	const char *colon = s ? strchr(s, ':') : NULL;
	char proto[8];
	int v = 0;

	if (!colon || colon == s || (size_t)(colon - s) >= sizeof(proto) || !colon[1])
		return -1;
	memcpy(proto, s, (size_t)(colon - s));
	proto[colon - s] = '\0';
	for (char *p = proto; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (s2_Protocol(c->soap, proto, &v) != SOAP_OK) {
		c->soap->error = SOAP_OK;
		return -1;
	}
	in->protocol = (enum slgw__Protocol)v;
	in->id = soap_strdup(c->soap, colon + 1);
	return 0;
}

int cmd_host_add(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__addHost req = { 0 };
	struct _slgw__addHostResponse r = { 0 };
	int rc, v = 0, n = 0;

	req.name = (char *)cli_object_arg(a, "name");
	if (!req.name)
		return cli_usage_err("host-add", "--name is required");
	rc = cli_resolve_opt(c, "host-add", CLI_KIND_TENANT, cli_arg(a, "tenant"), NULL, &req.tenantId);
	if (rc)
		return rc;
	req.hostAddress = OPT(a, "address");
	while (cli_arg_nth(a, "initiator", n))
		n++;
	if (n) {
		req.initiator = soap_malloc(c->soap, (size_t)n * sizeof(struct slgw__Initiator));
		for (int i = 0; i < n; i++)
			if (parse_initiator(c, cli_arg_nth(a, "initiator", i), &req.initiator[i]) != 0)
				return cli_usage_err("host-add", "--initiator is iscsi:IQN or fc:WWPN");
		req.__sizeinitiator = n;
	}
	if (cli_arg(a, "failover")) {
		rc = cli_parse_enum(c, "host-add", "--failover", cli_arg(a, "failover"), s2_FailoverMode, &v,
				"ALUA, PNR");
		if (rc)
			return rc;
		req.failoverMode = soap_malloc(c->soap, sizeof(*req.failoverMode));
		*req.failoverMode = (enum slgw__FailoverMode)v;
	}
	cli_job_request(c, &req.clientRequestId, &req.waitMs);
	rc = cli_check(c, soap_call___slgw__addHost(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, "host");
}

int cmd_host_remove(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__removeHost req = { 0 };
	struct _slgw__removeHostResponse r = { 0 };
	int rc = cli_resolve(c, "host-remove", CLI_KIND_HOST, cli_object_arg(a, NULL), NULL,
			     CLI_RESOLVE_GONE_OK, &req.hostId);

	if (rc)
		return rc;
	cli_job_request(c, &req.clientRequestId, &req.waitMs);
	rc = cli_check(c, soap_call___slgw__removeHost(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, NULL);
}

int cmd_host_modify(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__modifyHost req = { 0 };
	struct _slgw__modifyHostResponse r = { 0 };
	int v = 0, rc = cli_host_arg(c, "host-modify", cli_object_arg(a, NULL), &req.hostId);

	if (rc)
		return rc;
	if (cli_arg(a, "failover")) {
		rc = cli_parse_enum(c, "host-modify", "--failover", cli_arg(a, "failover"), s2_FailoverMode,
				&v, "ALUA, PNR");
		if (rc)
			return rc;
		req.failoverMode = soap_malloc(c->soap, sizeof(*req.failoverMode));
		*req.failoverMode = (enum slgw__FailoverMode)v;
	}
	req.hostAddress = OPT(a, "address");
	if (cli_flag(a, "host-offline"))
		req.hostOffline = cli_true_ptr(c);
	if (!req.failoverMode && !req.hostAddress)
		return cli_usage_err("host-modify", "nothing to change (--failover or --address)");
	cli_job_request(c, &req.clientRequestId, &req.waitMs);
	rc = cli_check(c, soap_call___slgw__modifyHost(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, "host");
}

int cmd_host_list(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__enumHosts req = { 0 };
	json_t *rows;
	int rc = cli_resolve_opt(c, "host-list", CLI_KIND_TENANT, cli_arg(a, "tenant"), NULL,
				 &req.tenantId);

	if (rc)
		return rc;
	rows = json_array();
	req.namePrefix = OPT(a, "prefix");
	PAGE_LOOP(c, req, soap_call___slgw__enumHosts, struct _slgw__enumHostsResponse, host,
		  __sizehost, cli_json_host, rows);
	cli_emit_list(c, rows, host_cols, NCOLS(host_cols));
	return 0;
}

int cmd_host_show(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__getHost req = { 0 };
	struct _slgw__getHostResponse r = { 0 };
	int rc = cli_host_arg(c, "host-show", cli_object_arg(a, NULL), &req.hostId);

	if (rc)
		return rc;
	rc = cli_check(c, soap_call___slgw__getHost(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_emit_record(c, r.host ? cli_json_host(c->soap, r.host) : NULL);
}

int cmd_initiator_add(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__addHostInitiator req = { 0 };
	struct _slgw__addHostInitiatorResponse r = { 0 };
	int v = 0, rc = cli_host_arg(c, "initiator-add", cli_arg(a, "host"), &req.hostId);

	if (rc)
		return rc;
	if (!cli_arg(a, "protocol") || !cli_arg(a, "id"))
		return cli_usage_err("initiator-add", "--host, --protocol and --id are required");
	rc = cli_parse_enum(c, "initiator-add", "--protocol", cli_arg(a, "protocol"), s2_Protocol, &v,
			"iscsi, fc");
	if (rc)
		return rc;
	req.initiator = soap_malloc(c->soap, sizeof(*req.initiator));
	req.initiator->protocol = (enum slgw__Protocol)v;
	req.initiator->id = OPT(a, "id");
	cli_job_request(c, &req.clientRequestId, &req.waitMs);
	rc = cli_check(c, soap_call___slgw__addHostInitiator(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, "host");
}

int cmd_initiator_remove(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__removeHostInitiator req = { 0 };
	struct _slgw__removeHostInitiatorResponse r = { 0 };
	int rc = cli_host_arg(c, "initiator-remove", cli_arg(a, "host"), &req.hostId);

	if (rc)
		return rc;
	req.initiatorId = OPT(a, "id");
	if (!req.initiatorId)
		return cli_usage_err("initiator-remove", "--host and --id are required");
	cli_job_request(c, &req.clientRequestId, &req.waitMs);
	rc = cli_check(c, soap_call___slgw__removeHostInitiator(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, "host");
}

int cmd_assign(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__assignStorage req = { 0 };
	struct _slgw__assignStorageResponse r = { 0 };
	int rc = cli_volume_arg(c, "assign", cli_arg(a, "volume"), &req.volumeId);

	if (rc)
		return rc;
	rc = cli_host_arg(c, "assign", cli_arg(a, "host"), &req.hostId);
	if (rc)
		return rc;
	if (cli_arg(a, "hlu")) {
		req.hlu = soap_malloc(c->soap, sizeof(*req.hlu));
		if (!req.hlu || cli_parse_int(cli_arg(a, "hlu"), 0, 255, req.hlu) != 0)
			return cli_usage_err("assign", "--hlu is a host LUN number 0..255");
	}
	cli_job_request(c, &req.clientRequestId, &req.waitMs);
	rc = cli_check(c, soap_call___slgw__assignStorage(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, "assignment");
}

/* A host's storage group and paths on one array, ahead of its first
 * assignment there (a pool's SR attach). */
int cmd_host_prepare(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__prepareHost req = { 0 };
	struct _slgw__prepareHostResponse r = { 0 };
	int rc = cli_host_arg(c, "host-prepare", cli_object_arg(a, NULL), &req.hostId);

	if (rc)
		return rc;
	if (!cli_arg(a, "system"))
		return cli_usage_err("host-prepare", "--system is required");
	rc = cli_resolve(c, "host-prepare", CLI_KIND_SYSTEM, cli_arg(a, "system"), NULL, 0,
			 &req.storageSystemId);
	if (rc)
		return rc;
	cli_job_request(c, &req.clientRequestId, &req.waitMs);
	rc = cli_check(c, soap_call___slgw__prepareHost(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, "host");
}

int cmd_unassign(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__unassignStorage req = { 0 };
	struct _slgw__unassignStorageResponse r = { 0 };
	int rc = cli_volume_arg(c, "unassign", cli_arg(a, "volume"), &req.volumeId);

	if (rc)
		return rc;
	rc = cli_host_arg(c, "unassign", cli_arg(a, "host"), &req.hostId);
	if (rc)
		return rc;
	cli_job_request(c, &req.clientRequestId, &req.waitMs);
	rc = cli_check(c, soap_call___slgw__unassignStorage(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, NULL);
}

/* host_failover: the failover mode in force for host on system, from the
 * host's per-array state (what the array was set to), else the mode the
 * host asks for; NULL if the host is not among hosts. */
static const char *host_failover(const json_t *hosts, const char *host, const char *system)
{
	const json_t *h, *st;
	size_t i, j;

	json_array_foreach(hosts, i, h) {
		if (!host || !json_string_value(json_object_get(h, "id")) ||
		    strcmp(json_string_value(json_object_get(h, "id")), host) != 0)
			continue;
		json_array_foreach(json_object_get(h, "array"), j, st) {
			const char *sys = json_string_value(json_object_get(st, "storageSystemId"));

			if (system && sys && strcmp(sys, system) == 0)
				return json_string_value(json_object_get(st, "failoverMode"));
		}
		return json_string_value(json_object_get(h, "failoverMode"));
	}
	return NULL;
}

/* fill_failover: enumAssignments does not carry the failover mode (only
 * assignStorage's result does), so the table's FAILOVER column is filled
 * from the hosts' per-array state, one enumHosts for the whole list. Only
 * for tables: --json shows what the gateway returned. Best effort: if the
 * hosts cannot be listed the column stays empty and is left out. */
static void fill_failover(struct cli_ctx *c, json_t *rows)
{
	struct _slgw__enumHosts req = { 0 };
	json_t *hosts = json_array(), *row;
	int limit = c->limit;
	size_t i;

	if (json_array_size(rows) == 0)
		goto out;
	c->limit = 0;
	for (;;) {
		struct _slgw__enumHostsResponse resp = { 0 };

		if (soap_call___slgw__enumHosts(cli_soap(c), c->set.endpoint, NULL, &req, &resp) != SOAP_OK)
			break;
		for (int k = 0; resp.host && k < resp.__sizehost; k++)
			json_array_append_new(hosts, cli_json_host(c->soap, &resp.host[k]));
		if (!resp.nextPageToken || !*resp.nextPageToken)
			break;
		req.pageToken = resp.nextPageToken;
	}
	c->limit = limit;
	json_array_foreach(rows, i, row) {
		const char *m;

		if (json_object_get(row, "failoverMode"))
			continue;
		m = host_failover(hosts, json_string_value(json_object_get(row, "hostId")),
				  json_string_value(json_object_get(row, "storageSystemId")));
		if (m)
			json_object_set_new(row, "failoverMode", json_string(m));
	}
out:
	json_decref(hosts);
}

int cmd_assignment_list(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__enumAssignments req = { 0 };
	json_t *rows;
	int rc;

	if (cli_arg(a, "volume") &&
	    (rc = cli_volume_arg(c, "assignment-list", cli_arg(a, "volume"), &req.volumeId)) != 0)
		return rc;
	if (cli_arg(a, "host") &&
	    (rc = cli_host_arg(c, "assignment-list", cli_arg(a, "host"), &req.hostId)) != 0)
		return rc;
	rc = cli_resolve_opt(c, "assignment-list", CLI_KIND_SYSTEM, cli_arg(a, "system"), NULL,
			     &req.storageSystemId);
	if (rc)
		return rc;
	rows = json_array();
	PAGE_LOOP(c, req, soap_call___slgw__enumAssignments, struct _slgw__enumAssignmentsResponse,
		  assignment, __sizeassignment, cli_json_assignment, rows);
	if (!c->json)
		fill_failover(c, rows);
	cli_emit_list(c, rows, assignment_cols, NCOLS(assignment_cols));
	return 0;
}

/* ---- jobs ------------------------------------------------------------------------ */

int cmd_job_list(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__enumJobs req = { 0 };
	json_t *rows;
	int v = 0, rc;

	if (cli_arg(a, "state")) {
		rc = cli_parse_enum(c, "job-list", "--state", cli_arg(a, "state"), s2_JobState, &v,
				"QUEUED, RUNNING, SUCCEEDED, FAILED");
		if (rc)
			return rc;
		req.state = soap_malloc(c->soap, sizeof(*req.state));
		*req.state = (enum slgw__JobState)v;
	}
	req.kind = OPT(a, "kind");
	req.objectId = OPT(a, "object");
	rows = json_array();
	PAGE_LOOP(c, req, soap_call___slgw__enumJobs, struct _slgw__enumJobsResponse, job, __sizejob,
		  cli_json_job, rows);
	cli_emit_list(c, rows, job_cols, NCOLS(job_cols));
	return 0;
}

int cmd_job_show(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__getJob req = { 0 };
	struct _slgw__getJobResponse r = { 0 };
	int rc;

	req.jobId = (char *)cli_object_arg(a, NULL);
	if (!req.jobId)
		return cli_usage_err("job-show", "which job?");
	rc = cli_check(c, soap_call___slgw__getJob(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	if (rc)
		return rc;
	if (!r.job)
		return CLI_EXIT_INTERNAL;
	if (cli_flag(a, "wait"))
		return cli_job_finish(c, r.job, NULL);
	cli_emit_one(c, cli_json_job(c->soap, r.job));
	return 0;
}

