/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ea_util.h - helpers of the host-access end-to-end proofs and the VDI
 * lifecycle benchmark, on top of tests/gateway/e2e_harness (which starts
 * the real slgwd --demo on navisim).
 *
 * Design: the proofs must compare what the gateway says (SOAP) with what
 * the array holds, and the array is read the way an operator would: by
 * running navisim as naviseccli (`lun -list -all`, `storagegroup -list`,
 * `port -list -hba`) in the demo's NAVISIM_HOME and parsing the text with
 * the project's own vnxparse parsers.  Everything runs through posix_spawn
 * with argv arrays; stdout is captured through a pipe.  The demo array's
 * password is read from the file srv_demo.c leaves in NAVISIM_HOME.
 */
#ifndef EA_UTIL_H
#define EA_UTIL_H

#include <stddef.h>

#include "e2e_harness.h"
#include "vnx_parse.h"

/* The demo array as srv_demo.c creates it. */
#define EA_DEMO_ARRAY "demo"
#define EA_DEMO_SPA "192.0.2.10"
#define EA_DEMO_SPB "192.0.2.11"
#define EA_DEMO_USER "sysadmin"

/**
 * ea_navisim_out - run navisim with `args` (NULL-terminated) and the
 * harness's NAVISIM_HOME; *out receives stdout (malloc'ed, NUL terminated,
 * may be NULL on spawn failure).  Returns the exit status, or -1.
 */
int ea_navisim_out(char **out, const struct e2e *e, const char *const *args);

/**
 * ea_array_cmd - run a naviseccli command on the demo array through SP
 * address `sp` (EA_DEMO_SPA / EA_DEMO_SPB) with the demo credentials;
 * like ea_navisim_out otherwise.
 */
int ea_array_cmd(char **out, const struct e2e *e, const char *sp, const char *const *cmd);

/**
 * ea_sg_get - the storage group `name` as the array lists it
 * (`storagegroup -list -gname`).  Returns 0 and *out (free with
 * vnx_storage_group_array_free(*out, 1)), 1 when the array has no such
 * group, -1 on any other failure.
 */
int ea_sg_get(vnx_storage_group **out, const struct e2e *e, const char *sp, const char *name);

/**
 * ea_sg_name - the storage group the gateway gives host `host_id` on the
 * demo array, "slgw-<instance>-h<id>", the instance read once (through SP
 * address `sp`) from the name of a LUN the gateway made there, so call it
 * once a volume exists.  One of four rotating static buffers (two names
 * may be used in one expression), or NULL when no gateway LUN is listed.
 */
const char *ea_sg_name(const struct e2e *e, const char *sp, const char *host_id);

/** ea_sg_alu_at - the ALU mapped at `hlu` in g, or -1. */
int ea_sg_alu_at(const vnx_storage_group *g, int hlu);
/** ea_sg_hlu_of - the HLU at which g maps `alu`, or -1. */
int ea_sg_hlu_of(const vnx_storage_group *g, int alu);

/** ea_luns - every LUN of the demo array (`lun -list -all`); 0 or -1. */
int ea_luns(vnx_lun **out, size_t *n, const struct e2e *e, const char *sp);
/** ea_lun_by_name - index of the LUN named `name` in luns, or -1. */
int ea_lun_by_name(const vnx_lun *luns, size_t n, const char *name);
/** ea_lun_by_id - index of LUN `id` in luns, or -1. */
int ea_lun_by_id(const vnx_lun *luns, size_t n, long long id);

/** ea_hbas - the registered initiators (`port -list -hba`); 0 or -1. */
int ea_hbas(vnx_hba **out, size_t *n, const struct e2e *e, const char *sp);

/**
 * ea_log_count - number of lines of `navisim --admin log --name array`
 * (one per naviseccli invocation), or -1.
 */
long ea_log_count(const struct e2e *e, const char *array);

/**
 * ea_log_tail - the log lines after the first `from` lines (malloc'ed
 * text, NULL when none or on failure).
 */
char *ea_log_tail(const struct e2e *e, const char *array, long from);

#endif
