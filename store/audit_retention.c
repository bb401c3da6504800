/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * audit_retention.c - the one way audit records leave the store: age.
 *
 * Why: the audit trail is append-only (triggers refuse UPDATE and DELETE on
 * the table), which is right for recent records, but a trail that is never
 * trimmed grows without bound.  store_audit_prune() deletes the records
 * older than a cut-off and nothing else.  To do so it lifts the delete
 * trigger inside its own write transaction: reads the trigger's SQL from
 * sqlite_schema, drops it, deletes, and re-creates it from that very text
 * before the commit.  Other connections never see the table without its
 * trigger (the transaction is atomic), and a crash rolls the whole prune
 * back.  On PostgreSQL the trigger function itself lets a DELETE through
 * when the transaction set slgw.audit_prune (SET LOCAL: it ends with the
 * transaction), so nothing is dropped there.  The cut-off must be at least STORE_AUDIT_MIN_AGE_S in the past,
 * so no caller, by mistake or otherwise, can empty the recent trail.
 */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

int store_audit_prune(int64_t *out_deleted, store *s, int64_t older_than)
{
	struct db_stmt *st;
	struct conn *c;
	char *trigger = NULL;
	int64_t n = 0;
	int rc;

	if (out_deleted)
		*out_deleted = 0;
	store_clearerr();
	if (!s)
		return store_seterr(STORE_EINVAL, "audit prune: no store");
	if (older_than > store_now() - STORE_AUDIT_MIN_AGE_S)
		return store_seterr(STORE_EINVAL,
		                    "audit prune: the cut-off must be at least %d days in the past",
		                    STORE_AUDIT_MIN_AGE_S / 86400);
	rc = tx_prepare(&c, &st, s, 1, "SELECT count(*) FROM audit WHERE \"time\" < ?");
	if (rc == 0) {
		db_bind_int64(st, 1, older_than);
		rc = db_step(st);
		n = rc == DB_ROW ? db_column_int64(st, 0) : 0;
		db_reset(st);
		rc = rc == DB_ROW ? 0 : store_sqlerr(c, rc, "audit");
	}
	if (rc == 0 && n > 0 && conn_pg(c))
		rc = conn_exec(c, "SET LOCAL slgw.audit_prune = 'on'");
	if (rc == 0 && n > 0 && !conn_pg(c)) {
		rc = conn_prepare(c, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND "
		                     "name = 'audit_no_delete'", &st);
		if (rc == 0) {
			if (db_step(st) == DB_ROW && db_column_text(st, 0))
				trigger = strdup(db_column_text(st, 0));
			db_reset(st);
		}
		if (rc == 0 && trigger)
			rc = conn_exec(c, "DROP TRIGGER audit_no_delete");
	}
	if (rc == 0 && n > 0) {
		rc = conn_prepare(c, "DELETE FROM audit WHERE \"time\" < ?", &st);
		if (rc == 0) {
			db_bind_int64(st, 1, older_than);
			rc = db_step(st);
			db_reset(st);
			rc = rc == DB_DONE ? 0 : store_sqlerr(c, rc, "audit");
		}
		if (rc == 0 && trigger)
			rc = conn_exec(c, trigger);
	}
	rc = tx_end(c, rc);
	conn_put(s, c);
	free(trigger);
	if (rc == 0 && out_deleted)
		*out_deleted = n;
	return rc;
}
