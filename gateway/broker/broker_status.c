/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_status.c - the broker's one error model: every operation returns
 * 0 or -(int)code and fills a struct broker_status (code + message).  Store
 * and adapter errors are mapped to codes here and nowhere else, so the
 * resource files and the array engines answer the same way for the same
 * failure.
 *
 * A leaf: it calls only the store's and adapter's error-name functions, so
 * the engines can be built and tested with it and without the job engine.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "broker_status.h"

/* ------------------------------------------------------------------ codes */

static const char *const code_names[] = {
	"OK", "INVALID_ARGUMENT", "NOT_FOUND", "ALREADY_EXISTS",
	"FAILED_PRECONDITION", "PERMISSION_DENIED", "UNAUTHENTICATED",
	"RESOURCE_EXHAUSTED", "ABORTED", "UNAVAILABLE", "DEADLINE_EXCEEDED",
	"CONFLICT", "NOT_SUPPORTED", "INTERNAL",
};

const char *slgw_code_name(enum slgw_code code)
{
	if ((int)code < 0 || (size_t)code >= sizeof(code_names) / sizeof(code_names[0]))
		return "INTERNAL";
	return code_names[code];
}

enum slgw_code slgw_code_from_name(const char *name)
{
	if (!name)
		return SLGW_INTERNAL;
	for (size_t i = 0; i < sizeof(code_names) / sizeof(code_names[0]); i++)
		if (strcmp(code_names[i], name) == 0)
			return (enum slgw_code)i;
	return SLGW_INTERNAL;
}

int broker_fail(struct broker_status *st, enum slgw_code code, const char *fmt, ...)
{
	if (code == SLGW_OK)
		code = SLGW_INTERNAL;
	if (st) {
		va_list ap;
		st->code = code;
		va_start(ap, fmt);
		vsnprintf(st->message, sizeof(st->message), fmt, ap);
		va_end(ap);
	}
	return -(int)code;
}

void broker_ok(struct broker_status *st)
{
	if (st) {
		st->code = SLGW_OK;
		st->message[0] = '\0';
	}
}

int broker_fail_store(struct broker_status *st, int store_rc, const char *what)
{
	enum slgw_code code;
	switch (store_rc) {
	case STORE_ENOTFOUND: code = SLGW_NOT_FOUND; break;
	case STORE_EEXISTS: code = SLGW_ALREADY_EXISTS; break;
	case STORE_ECONSTRAINT: code = SLGW_FAILED_PRECONDITION; break;
	case STORE_EBUSY: code = SLGW_ABORTED; break;
	case STORE_EQUOTA: code = SLGW_RESOURCE_EXHAUSTED; break;
	case STORE_EINVAL: code = SLGW_INVALID_ARGUMENT; break;
	case STORE_EAUTH: code = SLGW_UNAUTHENTICATED; break;
	default: code = SLGW_INTERNAL; break;
	}
	const char *msg = store_errmsg();
	return broker_fail(st, code, "%s: %s", what ? what : "store",
			   msg && *msg ? msg : store_strerror(store_rc));
}

enum slgw_code broker_code_from_adapter(enum slgw_adapter_err cls)
{
	switch (cls) {
	case SLGW_AERR_OK: return SLGW_OK;
	case SLGW_AERR_NOT_FOUND: return SLGW_NOT_FOUND;
	case SLGW_AERR_NAME_IN_USE: return SLGW_ALREADY_EXISTS;
	case SLGW_AERR_MAPPED:
	case SLGW_AERR_HAS_SNAPSHOTS: return SLGW_FAILED_PRECONDITION;
	/* busy, or an HLU another caller took first: try again */
	case SLGW_AERR_BUSY:
	case SLGW_AERR_HLU_IN_USE: return SLGW_ABORTED;
	case SLGW_AERR_ALREADY_MAPPED: return SLGW_ALREADY_EXISTS;
	case SLGW_AERR_UNREACHABLE: return SLGW_UNAVAILABLE;
	case SLGW_AERR_AUTH: return SLGW_UNAUTHENTICATED;
	case SLGW_AERR_INVALID_ARGS: return SLGW_INVALID_ARGUMENT;
	case SLGW_AERR_NOT_SUPPORTED: return SLGW_FAILED_PRECONDITION;
	case SLGW_AERR_TIMEOUT: return SLGW_DEADLINE_EXCEEDED;
	/* the pool (or the array's LUN table) is full: a clear "no" */
	case SLGW_AERR_NO_SPACE: return SLGW_RESOURCE_EXHAUSTED;
	default: return SLGW_INTERNAL;
	}
}

int broker_fail_adapter(struct broker_status *st, const struct slgw_adapter_error *err,
			const char *what)
{
	enum slgw_code code = err ? broker_code_from_adapter(err->cls) : SLGW_INTERNAL;
	if (code == SLGW_OK)
		code = SLGW_INTERNAL;
	return broker_fail(st, code, "%s: array said %s%s%s (%s)", what,
			   err && err->code[0] ? err->code : "",
			   err && err->code[0] ? " " : "",
			   err && err->message[0] ? err->message : "no detail",
			   err ? slgw_adapter_err_name(err->cls) : "unknown");
}

void broker_log(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* One write per line so concurrent threads do not interleave. */
	fprintf(stderr, "slgw-broker: %s\n", line);
}
