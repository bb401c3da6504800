/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * audit_batch.c - append many audit records in one write transaction.
 *
 * Why: with synchronous=FULL every commit costs an fsync (milliseconds),
 * so slgwd's audit writer thread groups the records of read-only calls and
 * commits them together ("group commit"): one fsync for up to a few
 * hundred records instead of one each.
 *
 * All or none: every record is validated before the transaction starts,
 * and any failure inside it rolls the whole batch back, so a caller that
 * gets an error knows that none of the n records was written and can retry
 * them (or write them one by one to isolate a bad one).
 */
#include "store_int.h"

int store_audit_append_many(store *s, const store_audit *recs, size_t n)
{
	struct conn *c;
	int rc;

	store_clearerr();
	if (!s || (n > 0 && !recs))
		return store_seterr(STORE_EINVAL, "audit batch: no store or no records");
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		rc = rec_validate(&tab_audit, &recs[i]);
		if (rc)
			return rc;
	}
	c = conn_get(s);
	rc = tx_begin(c, 1);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = rec_insert_c(c, &tab_audit, &recs[i], NULL);
	rc = tx_end(c, rc);
	conn_put(s, c);
	return rc;
}
