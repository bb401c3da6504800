/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_adapters.c - one adapter instance per storage system, created on
 * first use from the system record and its credentials.
 *
 * The slot list lock (b->mu) is held only to look up or link a slot:
 * building an adapter reads the store and never talks to the array, and the
 * instance itself is thread-safe, so many jobs use one instance at once and
 * the adapter's own max_inflight bounds what reaches the array.  Instances
 * of removed systems are retired, not freed, because a job that is
 * finishing may still hold the pointer; broker_free frees them.
 *
 * The family comes from the adapter registry (adapters/registry.h) by the
 * name the system was registered with (store_system.adapter): the broker
 * names no family and includes no family header, and the registry refuses a
 * family built against an adapter.h whose version this build does not know.
 * Tests replace the whole step with b->adapter_factory (a counting fake).
 * The same registry answers which families exist (enumStorageAdapters and
 * the message refusing an unknown adapter name).
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>

#include "broker_internal.h"
#include "registry.h"

/* -------------------------------------------------------------- adapters */

static int make_adapter(struct slgw_adapter **out, broker *b, const store_system *sys,
			struct broker_status *st)
{
	*out = NULL;
	if (b->adapter_factory) {
		int frc = b->adapter_factory(out, b->adapter_factory_ctx, sys, st);
		/* fenced like a registry adapter, so tests see the real gate */
		if (frc == 0 && broker_cluster_wrap_adapter(out, b, sys->id, NULL)) {
			slgw_adapter_free(*out);
			*out = NULL;
			return broker_fail(st, SLGW_INTERNAL, "out of memory");
		}
		return frc;
	}
	if (!slgw_adapter_family_find(sys->adapter))
		return broker_fail(st, SLGW_FAILED_PRECONDITION,
				   "storage system %s uses adapter \"%s\" which this gateway lacks",
				   sys->name, sys->adapter ? sys->adapter : "");
	/* The configuration, not the record, decides what runs: a path
	 * stored before the configuration changed is refused here too. */
	if (sys->cli_path && *sys->cli_path && !broker_cli_allowed(b, sys->cli_path))
		return broker_fail(st, SLGW_FAILED_PRECONDITION,
				   "storage system %s names naviseccli \"%.200s\", which the "
				   "configuration no longer allows (<arrays><allowCli>)",
				   sys->name, sys->cli_path);
	store_credential *cred = NULL;
	if (sys->credential_id > 0) {
		int rc = store_credential_get(&cred, b->s, sys->credential_id);
		if (rc)
			return broker_fail_store(st, rc, "reading the array credentials");
	}
	if (cred && cred->secfilepath && *cred->secfilepath &&
	    !broker_secfile_allowed(b, cred->secfilepath)) {
		int r = broker_fail(st, SLGW_FAILED_PRECONDITION,
				    "storage system %s names security file \"%.200s\", which the "
				    "configuration no longer allows (<arrays><allowSecurityFileDir>)",
				    sys->name, cred->secfilepath);
		store_credential_free(cred);
		return r;
	}
	struct slgw_adapter_config cfg;
	memset(&cfg, 0, sizeof(cfg));
	cfg.cli_path = sys->cli_path && *sys->cli_path ? sys->cli_path : b->naviseccli_default;
	cfg.sp_a = sys->spa;
	cfg.sp_b = sys->spb;
	if (cred) {
		cfg.secfilepath = cred->secfilepath;
		cfg.user = cred->user;
		cfg.password = cred->password;
		cfg.scope = cred->scope;
	}
	cfg.name = sys->name;
	cfg.timeout_ms = (unsigned)b->cfg.command_timeout_s * 1000u;
	cfg.max_inflight = (unsigned)(sys->max_inflight > 0 ? sys->max_inflight : b->cfg.max_inflight);
	cfg.retries = 2;
	/* in a cluster every command first checks this node's lease */
	if (broker_cluster_gate(&cfg.gate, &cfg.gate_ctx, b, sys->id)) {
		if (cred && cred->password)
			memset(cred->password, 0, strlen(cred->password));
		store_credential_free(cred);
		return broker_fail(st, SLGW_INTERNAL, "out of memory");
	}
	struct slgw_adapter_error err;
	slgw_adapter_error_clear(&err);
	/* The registry refuses a family whose ops->version this build does not
	 * understand before calling anything of it. */
	int rc = slgw_adapter_create(out, sys->adapter, &cfg, &err);
	if (cred && cred->password) /* do not leave the password in freed heap */
		memset(cred->password, 0, strlen(cred->password));
	store_credential_free(cred);
	if (rc) {
		*out = NULL;
		free(cfg.gate_ctx);
		return broker_fail_adapter(st, &err, "setting up the array adapter");
	}
	if (broker_cluster_wrap_adapter(out, b, sys->id, cfg.gate_ctx)) {
		slgw_adapter_free(*out);
		*out = NULL;
		return broker_fail(st, SLGW_INTERNAL, "out of memory");
	}
	return 0;
}

struct slgw_adapter *broker_adapter_get(broker *b, int64_t system_id, struct broker_status *st)
{
	/* a job never gets the adapter of an array another node leads */
	if (broker_cluster_may_reach(b, system_id, st))
		return NULL;
	pthread_mutex_lock(&b->mu);
	for (struct broker_adapter_slot *s = b->adapters; s; s = s->next) {
		if (!s->retired && s->system_id == system_id) {
			struct slgw_adapter *a = s->adapter;
			pthread_mutex_unlock(&b->mu);
			return a;
		}
	}
	pthread_mutex_unlock(&b->mu);

	store_system *sys = NULL;
	int rc = store_system_get(&sys, b->s, system_id);
	if (rc == STORE_ENOTFOUND) {
		broker_fail(st, SLGW_NOT_FOUND, "storage system %" PRId64 " not found", system_id);
		return NULL;
	}
	if (rc) {
		broker_fail_store(st, rc, "reading storage system");
		return NULL;
	}
	struct slgw_adapter *a = NULL;
	if (make_adapter(&a, b, sys, st)) {
		store_system_free(sys);
		return NULL;
	}
	struct broker_adapter_slot *slot = calloc(1, sizeof(*slot));
	char *name = strdup(sys->name ? sys->name : "");
	store_system_free(sys);
	if (!slot || !name) {
		free(slot);
		free(name);
		slgw_adapter_free(a);
		broker_fail(st, SLGW_INTERNAL, "out of memory");
		return NULL;
	}
	slot->system_id = system_id;
	slot->system_name = name;
	slot->adapter = a;

	pthread_mutex_lock(&b->mu);
	/* Another thread may have built one meanwhile: keep the first. */
	for (struct broker_adapter_slot *s = b->adapters; s; s = s->next) {
		if (!s->retired && s->system_id == system_id) {
			struct slgw_adapter *won = s->adapter;
			pthread_mutex_unlock(&b->mu);
			slgw_adapter_free(a);
			free(slot->system_name);
			free(slot);
			return won;
		}
	}
	slot->next = b->adapters;
	b->adapters = slot;
	pthread_mutex_unlock(&b->mu);
	return a;
}

struct slgw_adapter *broker_adapter_for(broker *b, const char *system_id, struct broker_status *st)
{
	int64_t id;
	if (broker_parse_id(&id, system_id, "storage system id", st))
		return NULL;
	return broker_adapter_get(b, id, st);
}

void broker_adapter_forget(broker *b, int64_t system_id)
{
	pthread_mutex_lock(&b->mu);
	for (struct broker_adapter_slot *s = b->adapters; s; s = s->next)
		if (s->system_id == system_id)
			s->retired = 1;
	pthread_mutex_unlock(&b->mu);
}

/* ------------------------------------------------------------ families */

/* "\"vnx\"" or "\"a\", \"b\"": the families of the registry, for messages. */
void broker_adapter_family_names(char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < slgw_adapter_family_count(); i++) {
		int n = snprintf(buf + used, len - used, "%s\"%s\"", i ? ", " : "",
				 slgw_adapter_family_at(i)->name);
		if (n < 0 || (size_t)n >= len - used)
			break;
		used += (size_t)n;
	}
}

/* What enumStorageAdapters shows of a family beyond its name and caps.
 * Display text only: which families exist, and how they are created, is
 * the registry's (adapters/registry.c) alone. */
static const struct {
	const char *name, *vendor, *description;
} family_text[] = {
	{ "vnx", "EMC", "EMC VNX / CLARiiON block storage through naviseccli" },
};

/* The registry's families, built once: the registry is static, so the
 * table never changes after that. */
#define BROKER_MAX_FAMILIES 16
static struct broker_adapter_info adapter_table[BROKER_MAX_FAMILIES];
static size_t adapter_count;
static pthread_once_t adapter_once = PTHREAD_ONCE_INIT;

static void adapter_table_init(void)
{
	size_t n = slgw_adapter_family_count();
	for (size_t i = 0; i < n && adapter_count < BROKER_MAX_FAMILIES; i++) {
		const struct slgw_adapter_family *f = slgw_adapter_family_at(i);
		struct broker_adapter_info *ai = &adapter_table[adapter_count++];
		ai->name = f->name;
		ai->vendor = "";
		ai->description = f->name;
		ai->caps = f->ops ? f->ops->caps : 0;
		for (size_t j = 0; j < sizeof(family_text) / sizeof(family_text[0]); j++) {
			if (strcmp(family_text[j].name, f->name) == 0) {
				ai->vendor = family_text[j].vendor;
				ai->description = family_text[j].description;
			}
		}
	}
}

int broker_enum_storage_adapters(const struct broker_adapter_info **out, size_t *n_out)
{
	pthread_once(&adapter_once, adapter_table_init);
	*out = adapter_table;
	*n_out = adapter_count;
	return 0;
}
