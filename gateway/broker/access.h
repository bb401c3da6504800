/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * access.h - the old names of the initiator and host-name checks, for the
 * server files that still include this header.  The checks themselves are
 * declared in broker_access.h under the broker_ prefix and report through a
 * struct broker_status; this header only maps the old names and reason
 * buffers onto them, so there is one definition.  Delete it once gateway/server
 * includes broker_access.h (or broker_rules.h) directly.
 */
#ifndef SLGW_ACCESS_COMPAT_H
#define SLGW_ACCESS_COMPAT_H

#include "broker_access.h"

#include <stdio.h>

#define access_initiator_kind      broker_access_initiator_kind
#define ACCESS_INIT_UNKNOWN        BROKER_ACCESS_INIT_UNKNOWN
#define ACCESS_INIT_ISCSI          BROKER_ACCESS_INIT_ISCSI
#define ACCESS_INIT_FC             BROKER_ACCESS_INIT_FC
#define ACCESS_INITIATOR_MAX       BROKER_ACCESS_INITIATOR_MAX

/* The old (reason buffer) form of the checks. */
static inline int access_initiator_normalize(char *out, size_t outlen,
					     enum broker_access_initiator_kind *kind_out,
					     const char *in,
					     enum broker_access_initiator_kind expect,
					     char *why, size_t whylen)
{
	struct broker_status st;
	int rc = broker_access_initiator_normalize(out, outlen, kind_out, in, expect, &st);
	if (rc && why && whylen)
		snprintf(why, whylen, "%s", st.message);
	return rc;
}

static inline int access_hostname_valid(const char *name, char *why, size_t whylen)
{
	struct broker_status st;
	int rc = broker_access_hostname_valid(name, &st);
	if (rc && why && whylen)
		snprintf(why, whylen, "%s", st.message);
	return rc;
}

static inline int access_host_ip_valid(const char *ip, char *why, size_t whylen)
{
	struct broker_status st;
	int rc = broker_access_host_ip_valid(ip, &st);
	if (rc && why && whylen)
		snprintf(why, whylen, "%s", st.message);
	return rc;
}

#endif
