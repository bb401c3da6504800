/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * access.h - the old names of the initiator and host-name checks, for the
 * server files that still include this header.  The checks themselves are
 * declared in broker_access.h under the broker_ prefix; this header only
 * maps names, so there is one definition.  Delete it once gateway/server
 * includes broker_access.h (or broker_rules.h) directly.
 */
#ifndef SLGW_ACCESS_COMPAT_H
#define SLGW_ACCESS_COMPAT_H

#include "broker_access.h"

#define access_initiator_kind      broker_access_initiator_kind
#define access_initiator_normalize broker_access_initiator_normalize
#define access_hostname_valid      broker_access_hostname_valid
#define access_host_ip_valid       broker_access_host_ip_valid
#define ACCESS_INIT_UNKNOWN        BROKER_ACCESS_INIT_UNKNOWN
#define ACCESS_INIT_ISCSI          BROKER_ACCESS_INIT_ISCSI
#define ACCESS_INIT_FC             BROKER_ACCESS_INIT_FC
#define ACCESS_INITIATOR_MAX       BROKER_ACCESS_INITIATOR_MAX

#endif
