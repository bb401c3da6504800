/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xs_idl.h - the xapi-storage IDL's records as xapi-storage-script reads
 * them, for the xapi tests: each checker says whether a JSON value the
 * plugin printed would unmarshal into the IDL's type, the way rpclib does
 * it (see xs_idl.c), and keeps the rules xapi-storage-script adds on top
 * (an SR.probe result that names an SR must be complete and carry its
 * sr_uuid).
 *
 * A checker returns NULL when the value fits, else a static message
 * naming the first field that does not (for ck_assert_msg).
 */
#ifndef SLGW_TEST_XS_IDL_H
#define SLGW_TEST_XS_IDL_H

#include <jansson.h>

const char *xsi_query(const json_t *q);
const char *xsi_configuration(const json_t *c);
const char *xsi_sr_stat(const json_t *s);
const char *xsi_probe_result(const json_t *p);
const char *xsi_volume(const json_t *v);
const char *xsi_backend(const json_t *b);
const char *xsi_unit(const json_t *r);
const char *xsi_error(const json_t *e);

#endif
