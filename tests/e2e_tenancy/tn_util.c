/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tn_util.c - fault capture, array / store snapshots and admin builders
 * for the delegation end-to-end proofs (see tn_util.h).  navisim is run
 * through the harness (e2e_navisim_out / e2e_naviseccli: posix_spawn, an
 * argv array, stdout through a pipe); the tenant operations call the
 * host-access proofs' SOAP wrappers (ea_soap) and assert their jobs.
 */
#include <check.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ea_soap.h"
#include "tn_util.h"

/* ------------------------------------------------------------- faults */

const char *tn_msg(struct soap *s)
{
	if (s->fault && s->fault->detail && s->fault->detail->slgw__fault &&
	    s->fault->detail->slgw__fault->message)
		return s->fault->detail->slgw__fault->message;
	if (s->fault && s->fault->faultstring)
		return s->fault->faultstring;
	return "";
}

void tn_fault_take(struct tn_fault *out, struct soap *s, int rc)
{
	memset(out, 0, sizeof *out);
	out->rc = rc;
	if (rc == SOAP_OK || !s->fault)
		return;
	snprintf(out->faultcode, sizeof out->faultcode, "%s",
		 s->fault->faultcode ? s->fault->faultcode : "");
	snprintf(out->faultstring, sizeof out->faultstring, "%s",
		 s->fault->faultstring ? s->fault->faultstring : "");
	if (s->fault->detail && s->fault->detail->slgw__fault) {
		struct _slgw__fault *f = s->fault->detail->slgw__fault;
		snprintf(out->code, sizeof out->code, "%s", soap_slgw__ErrorCode2s(s, f->code));
		snprintf(out->message, sizeof out->message, "%s", f->message ? f->message : "");
		snprintf(out->object_id, sizeof out->object_id, "%s",
			 f->objectId ? f->objectId : "");
		out->has_job_id = f->jobId != NULL;
	}
}

/* Copies src into dst (cap bytes), truncating; spelled out because gcc
 * -O2 flags a deliberately truncating snprintf. */
void tn_copy(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);
	if (cap == 0)
		return;
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void mask_in(char *buf, size_t cap, const char *id)
{
	char out[1024];
	size_t n = strlen(id), o = 0;
	const char *p = buf;

	if (!n)
		return;
	while (*p && o + 8 < sizeof out) {
		int starts = !strncmp(p, id, n) && (p == buf || !isalnum((unsigned char)p[-1])) &&
			     !isalnum((unsigned char)p[n]);
		if (starts) {
			memcpy(out + o, "<ID>", 4);
			o += 4;
			p += n;
		} else {
			out[o++] = *p++;
		}
	}
	out[o] = 0;
	tn_copy(buf, cap, out);
}

void tn_fault_mask(struct tn_fault *f, const char *id)
{
	mask_in(f->message, sizeof f->message, id);
	mask_in(f->faultstring, sizeof f->faultstring, id);
	mask_in(f->object_id, sizeof f->object_id, id);
}

int tn_fault_cmp(const struct tn_fault *a, const struct tn_fault *b, char *why, size_t len)
{
	if (a->rc != b->rc)
		snprintf(why, len, "rc %d vs %d", a->rc, b->rc);
	else if (strcmp(a->faultcode, b->faultcode))
		snprintf(why, len, "faultcode %s vs %s", a->faultcode, b->faultcode);
	else if (strcmp(a->code, b->code))
		snprintf(why, len, "code %s vs %s", a->code, b->code);
	else if (strcmp(a->message, b->message))
		snprintf(why, len, "message '%s' vs '%s'", a->message, b->message);
	else if (strcmp(a->faultstring, b->faultstring))
		snprintf(why, len, "faultstring '%s' vs '%s'", a->faultstring, b->faultstring);
	else if (strcmp(a->object_id, b->object_id))
		snprintf(why, len, "objectId '%s' vs '%s'", a->object_id, b->object_id);
	else if (a->has_job_id != b->has_job_id)
		snprintf(why, len, "jobId present %d vs %d", a->has_job_id, b->has_job_id);
	else
		return 0;
	return -1;
}

void tn_assert_fault_at(struct soap *s, int rc, const char *code, int line)
{
	struct tn_fault f;
	tn_fault_take(&f, s, rc);
	ck_assert_msg(rc != SOAP_OK, "line %d: expected fault %s, the call succeeded", line, code);
	ck_assert_msg(!strcmp(f.code, code), "line %d: expected %s, got '%s' (rc %d: %s)", line,
		      code, f.code, rc, f.faultstring);
	ck_assert_msg(strlen(f.message) > 5, "line %d: fault %s without a useful message", line,
		      code);
}

/* ------------------------------------------------------------ navisim */

char *tn_navisim_output(const struct e2e *e, const char *const *args, int *status)
{
	char *out = NULL;
	*status = e2e_navisim_out(&out, e, args);
	return out;
}

static void append(char **buf, size_t *len, const char *s)
{
	size_t n = strlen(s);
	char *p = realloc(*buf, *len + n + 1);
	ck_assert_ptr_nonnull(p);
	memcpy(p + *len, s, n + 1);
	*buf = p;
	*len += n;
}

/* Appends text without the lines that change by themselves (the clock
 * navisim prints as "Statistics Logging Current Time"). */
static void append_stable(char **buf, size_t *len, const char *text)
{
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
		char line[1024];
		snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), p);
		if (!strstr(line, "Current Time"))
			append(buf, len, line);
		p += n;
	}
}

static void array_lists(const struct e2e *e, const char *spa, const char *user, const char *pw,
			char **buf, size_t *len)
{
	static const char *const cmds[][4] = {
		{ "lun", "-list", "-all", NULL },
		{ "storagegroup", "-list", NULL, NULL },
		{ "snap", "-list", NULL, NULL },
	};
	for (size_t c = 0; c < sizeof cmds / sizeof cmds[0]; c++) {
		char *out = NULL;
		int status = e2e_naviseccli(&out, e, spa, user, pw, cmds[c]);
		ck_assert_msg(out != NULL, "navisim %s %s did not run", spa, cmds[c][0]);
		append(buf, len, "### ");
		append(buf, len, spa);
		append(buf, len, " ");
		append(buf, len, cmds[c][0]);
		append(buf, len, status == 0 ? " (ok)\n" : " (failed)\n");
		append_stable(buf, len, out);
		free(out);
	}
}

char *tn_array_snapshot(const struct e2e *e, const char *const *extra_spa)
{
	char pw[128] = "";
	char *buf = NULL;
	size_t len = 0;

	ck_assert_msg(e2e_demo_array_password(pw, sizeof pw, e) == 0,
		      "no demo array password in %s/navisim", e->dir);
	array_lists(e, "192.0.2.10", "sysadmin", pw, &buf, &len);
	for (int i = 0; extra_spa && extra_spa[i]; i++)
		array_lists(e, extra_spa[i], "any", "any", &buf, &len);
	return buf;
}

/* -------------------------------------------------------------- store */

static void appendf(char **buf, size_t *len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void appendf(char **buf, size_t *len, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	append(buf, len, line);
}

#define S(x) ((x) ? (x) : "-")
#define I(p) ((p) ? (long long)*(p) : -1LL)

/* The admin client a snapshot reads through, and its empty text. */
static struct soap *snapshot_begin(const struct e2e *e, char **buf)
{
	struct soap *a = e2e_client(e, "admin", e->admin_pw);
	ck_assert_ptr_nonnull(a);
	*buf = calloc(1, 1);
	ck_assert_ptr_nonnull(*buf);
	return a;
}

char *tn_store_snapshot(const struct e2e *e)
{
	char *buf;
	struct soap *a = snapshot_begin(e, &buf);
	const char *ep = e->endpoint;
	int lim = 1000;
	size_t len = 0;

	{
		struct _slgw__enumTenants r = { .limit = &lim };
		struct _slgw__enumTenantsResponse o;
		ck_assert_int_eq(soap_call___slgw__enumTenants(a, ep, NULL, &r, &o), SOAP_OK);
		for (int i = 0; i < o.__sizetenant; i++)
			appendf(&buf, &len, "tenant %s %s\n", o.tenant[i].id, o.tenant[i].name);
	}
	{
		struct _slgw__enumUsers r = { .limit = &lim };
		struct _slgw__enumUsersResponse o;
		ck_assert_int_eq(soap_call___slgw__enumUsers(a, ep, NULL, &r, &o), SOAP_OK);
		for (int i = 0; i < o.__sizeuser; i++)
			appendf(&buf, &len, "user %s %d %s\n", o.user[i].name, (int)o.user[i].role,
				S(o.user[i].tenantId));
	}
	{
		struct _slgw__enumStoragePoolGrants r = { .limit = &lim };
		struct _slgw__enumStoragePoolGrantsResponse o;
		ck_assert_int_eq(soap_call___slgw__enumStoragePoolGrants(a, ep, NULL, &r, &o),
				 SOAP_OK);
		for (int i = 0; i < o.__sizegrant; i++) {
			struct slgw__StoragePoolGrant *g = &o.grant[i];
			appendf(&buf, &len, "grant %s %s %s quota=%lld max=%lld frozen=%lld used=%lld n=%lld prov=%d\n",
				g->tenantId, g->storageSystemId, g->storagePoolId,
				(long long)g->quotaMB, I(g->maxVolumes), I(g->frozen), I(g->usedMB),
				I(g->volumeCount), g->__sizeprovisioningType);
		}
	}
	{
		struct _slgw__enumStorageSystems r = { .limit = &lim };
		struct _slgw__enumStorageSystemsResponse o;
		ck_assert_int_eq(soap_call___slgw__enumStorageSystems(a, ep, NULL, &r, &o), SOAP_OK);
		for (int i = 0; i < o.__sizestorageSystem; i++)
			appendf(&buf, &len, "system %s %s %s\n", o.storageSystem[i].id,
				o.storageSystem[i].name, o.storageSystem[i].spA);
	}
	{
		struct _slgw__enumStoragePools r = { .limit = &lim };
		struct _slgw__enumStoragePoolsResponse o;
		ck_assert_int_eq(soap_call___slgw__enumStoragePools(a, ep, NULL, &r, &o), SOAP_OK);
		for (int i = 0; i < o.__sizestoragePool; i++)
			appendf(&buf, &len, "pool %s %s size=%lld free=%lld sub=%lld\n",
				o.storagePool[i].id, o.storagePool[i].storageSystemId,
				(long long)o.storagePool[i].sizeMB, (long long)o.storagePool[i].freeMB,
				I(o.storagePool[i].subscribedMB));
	}
	{
		struct _slgw__enumStorageVolumes r = { .limit = &lim };
		struct _slgw__enumStorageVolumesResponse o;
		ck_assert_int_eq(soap_call___slgw__enumStorageVolumes(a, ep, NULL, &r, &o), SOAP_OK);
		for (int i = 0; i < o.__sizestorageVolume; i++) {
			struct slgw__StorageVolume *v = &o.storageVolume[i];
			appendf(&buf, &len,
				"volume %s %s t=%s pool=%s %lldMB prov=%d state=%s wwn=%s lun=%lld snaps=%lld assigned=%lld\n",
				v->id, v->name, S(v->tenantId), v->storagePoolId, (long long)v->sizeMB,
				(int)v->provisioning, S(v->state), S(v->wwn), I(v->arrayLunId),
				I(v->snapshotCount), I(v->assignmentCount));
		}
	}
	{
		struct _slgw__enumSnapshots r = { .limit = &lim };
		struct _slgw__enumSnapshotsResponse o;
		ck_assert_int_eq(soap_call___slgw__enumSnapshots(a, ep, NULL, &r, &o), SOAP_OK);
		for (int i = 0; i < o.__sizesnapshot; i++)
			appendf(&buf, &len, "snapshot %s %s vol=%s t=%s state=%s\n", o.snapshot[i].id,
				o.snapshot[i].name, o.snapshot[i].volumeId, S(o.snapshot[i].tenantId),
				S(o.snapshot[i].state));
	}
	{
		struct _slgw__enumHosts r = { .limit = &lim };
		struct _slgw__enumHostsResponse o;
		ck_assert_int_eq(soap_call___slgw__enumHosts(a, ep, NULL, &r, &o), SOAP_OK);
		for (int i = 0; i < o.__sizehost; i++) {
			struct slgw__Host *h = &o.host[i];
			appendf(&buf, &len, "host %s %s t=%s addr=%s fo=%lld", h->id, h->name,
				S(h->tenantId), S(h->hostAddress), I(h->failoverMode));
			for (int k = 0; k < h->__sizeinitiator; k++)
				appendf(&buf, &len, " %s", h->initiator[k].id);
			append(&buf, &len, "\n");
		}
	}
	{
		struct _slgw__enumAssignments r = { .limit = &lim };
		struct _slgw__enumAssignmentsResponse o;
		ck_assert_int_eq(soap_call___slgw__enumAssignments(a, ep, NULL, &r, &o), SOAP_OK);
		for (int i = 0; i < o.__sizeassignment; i++)
			appendf(&buf, &len, "assignment %s %s hlu=%d\n", o.assignment[i].volumeId,
				o.assignment[i].hostId, o.assignment[i].hlu);
	}
	e2e_client_free(a);
	return buf;
}

char *tn_jobs_snapshot(const struct e2e *e)
{
	char *buf;
	struct soap *a = snapshot_begin(e, &buf);
	int lim = 1000;
	size_t len = 0;
	struct _slgw__enumJobs r = { .limit = &lim };
	struct _slgw__enumJobsResponse o;

	ck_assert_int_eq(soap_call___slgw__enumJobs(a, e->endpoint, NULL, &r, &o), SOAP_OK);
	for (int i = 0; i < o.__sizejob; i++)
		appendf(&buf, &len, "job %s %s state=%d user=%s obj=%s\n", o.job[i].id,
			o.job[i].kind, (int)o.job[i].state, S(o.job[i].user), S(o.job[i].objectId));
	e2e_client_free(a);
	return buf;
}

/* ----------------------------------------------------------- builders */

char *tn_add_tenant(struct soap *adm, const char *ep, const char *name)
{
	struct _slgw__addTenant r = { 0 };
	struct _slgw__addTenantResponse o;
	r.name = (char *)name;
	ck_assert_msg(soap_call___slgw__addTenant(adm, ep, NULL, &r, &o) == SOAP_OK,
		      "addTenant %s: %s", name, tn_msg(adm));
	return strdup(o.tenant->id);
}

void tn_add_user(struct soap *adm, const char *ep, const char *name, const char *pw,
		 const char *tenant_id)
{
	struct _slgw__addUser r = { 0 };
	struct _slgw__addUserResponse o;
	r.name = (char *)name;
	r.password = (char *)pw;
	r.role = tenant_id ? slgw__Role__tenant : slgw__Role__admin;
	r.tenantId = (char *)tenant_id;
	ck_assert_msg(soap_call___slgw__addUser(adm, ep, NULL, &r, &o) == SOAP_OK,
		      "addUser %s: %s", name, tn_msg(adm));
	ck_assert_str_eq(o.user->name, name);
}

void tn_grant(struct soap *adm, const char *ep, const char *tenant_id, const char *sys_id,
	      const char *pool_id, long long quota_mb, int max_volumes, int prov_mask)
{
	struct slgw__StoragePoolGrant *g = NULL;
	ck_assert_msg(ea_grant(&g, adm, ep, tenant_id, sys_id, pool_id, quota_mb, max_volumes,
			       prov_mask) == SOAP_OK,
		      "grant pool %s to %s: %s", pool_id, tenant_id, tn_msg(adm));
	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(g->quotaMB, quota_mb);
}

void tn_demo_pools(struct soap *adm, const char *ep, char **sys, char **pool1, char **pool2)
{
	struct _slgw__enumStoragePools r = { 0 };
	struct _slgw__enumStoragePoolsResponse o;
	int k = 0;
	*sys = *pool1 = *pool2 = NULL;
	ck_assert_int_eq(soap_call___slgw__enumStoragePools(adm, ep, NULL, &r, &o), SOAP_OK);
	ck_assert_int_ge(o.__sizestoragePool, 2);
	*sys = strdup(o.storagePool[0].storageSystemId);
	for (int i = 0; i < o.__sizestoragePool && k < 2; i++) {
		if (strcmp(o.storagePool[i].storageSystemId, *sys))
			continue;
		if (k++ == 0)
			*pool1 = strdup(o.storagePool[i].id);
		else
			*pool2 = strdup(o.storagePool[i].id);
	}
	ck_assert_ptr_nonnull(*pool2);
}

static void job_ok(struct soap *s, int rc, struct slgw__Job *j, const char *what)
{
	ck_assert_msg(rc == SOAP_OK, "%s: %s", what, tn_msg(s));
	ck_assert_ptr_nonnull(j);
	ck_assert_msg(j->state == slgw__JobState__SUCCEEDED, "%s: job %s state %d: %s", what,
		      j->id, (int)j->state, j->errorMessage ? j->errorMessage : "");
}

char *tn_allocate(struct soap *s, const char *ep, const char *sys, const char *pool,
		  const char *name, long long mb, int thick, char **job_id)
{
	struct slgw__Job *j = NULL;
	int rc = ea_allocate(&j, s, ep, sys, pool, name, mb,
			     thick ? slgw__ProvisioningType__THICK : slgw__ProvisioningType__THIN);
	job_ok(s, rc, j, name);
	ck_assert_ptr_nonnull(j->storageVolume);
	if (job_id)
		*job_id = strdup(j->id);
	return strdup(j->storageVolume->id);
}

char *tn_add_host(struct soap *s, const char *ep, const char *name, const char *iqn,
		  const char *ip)
{
	const char *const inits[] = { iqn, NULL };
	struct slgw__Job *j = NULL;
	int rc = ea_add_host(&j, s, ep, name, NULL, inits, ip, NULL);
	job_ok(s, rc, j, name);
	ck_assert_ptr_nonnull(j->host);
	return strdup(j->host->id);
}

char *tn_snapshot(struct soap *s, const char *ep, const char *vol, const char *name)
{
	struct slgw__Job *j = NULL;
	int rc = ea_snapshot(&j, s, ep, vol, name);
	job_ok(s, rc, j, name);
	ck_assert_ptr_nonnull(j->snapshot);
	return strdup(j->snapshot->id);
}

void tn_assign(struct soap *s, const char *ep, const char *vol, const char *host)
{
	struct slgw__Job *j = NULL;
	int rc = ea_assign(&j, s, ep, vol, host);
	job_ok(s, rc, j, "assign");
}
