/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_service.h - faults of the SOAP service layer (srv_convert.c).
 *
 * Every failure the service answers is a SOAP Fault whose detail carries
 * one <slgw:fault> with a stable code and a message.  Client-side classes
 * (bad input, not found, refused...) use the SOAP 1.1 faultcode
 * SOAP-ENV:Client, the others (unavailable, deadline, internal) SOAP-ENV:Server.
 */
#ifndef SLGW_SRV_SERVICE_H
#define SLGW_SRV_SERVICE_H

#include "broker.h"

struct soap;

/* Sets the fault (code + printf message) on soap, records the outcome on
 * the connection for metrics and audit; returns SOAP_FAULT. */
int srv_fault(struct soap *soap, enum slgw_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Turns a gSOAP error (a request that did not parse or validate) into a
 * fault: INVALID_ARGUMENT with gSOAP's explanation, INTERNAL for out of
 * memory; HTTP-level errors are left for gSOAP to answer. */
void srv_fault_from_soap_error(struct soap *soap);

#endif /* SLGW_SRV_SERVICE_H */
