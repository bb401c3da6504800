/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bench_bare.h - the bare gSOAP baseline server of bench_gateway. */
#ifndef BENCH_BARE_H
#define BENCH_BARE_H
/* Starts it on 127.0.0.1 (free port) with TLS from cert/key; returns the
 * port or -1.  It runs until the process exits. */
int bare_server_start(const char *cert, const char *key);
#endif
