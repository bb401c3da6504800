/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_status.h - the error helpers of the broker and its array engines:
 * one way to fill a struct broker_status (code + message) and return
 * -(int)code, and the one mapping of store and adapter errors to codes.
 */
#ifndef SLGW_BROKER_STATUS_H
#define SLGW_BROKER_STATUS_H

#include "adapter.h"
#include "broker.h"
#include "store.h"

/* Fills st (may be NULL) with code and a printf message; returns
 * -(int)code so a caller can `return broker_fail(st, ...)`. */
int broker_fail(struct broker_status *st, enum slgw_code code,
		const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Sets st to OK / "" (st may be NULL). */
void broker_ok(struct broker_status *st);

/* Maps a negative store return (STORE_ENOTFOUND, STORE_EEXISTS, ...) to a
 * code and fills st with "<what>: <store_errmsg()>". Returns -(int)code. */
int broker_fail_store(struct broker_status *st, int store_rc,
		      const char *what);

/* Maps an adapter error class to a code (not_found -> NOT_FOUND,
 * unreachable/timeout -> UNAVAILABLE, auth -> UNAUTHENTICATED, busy ->
 * ABORTED, mapped/has_snapshots -> FAILED_PRECONDITION, ...). */
enum slgw_code broker_code_from_adapter(enum slgw_adapter_err cls);

/* Fills st from an adapter error: "<what>: array said <code> <message>".
 * Returns -(int)code. */
int broker_fail_adapter(struct broker_status *st,
			const struct slgw_adapter_error *err,
			const char *what);

/* Log a line to stderr with a "slgw-broker: " prefix (never passwords). */
void broker_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* SLGW_BROKER_STATUS_H */
