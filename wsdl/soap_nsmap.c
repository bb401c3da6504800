/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * soap_nsmap.c - the one definition of gSOAP's global namespace table.
 *
 * soapcpp2 writes the table into slgw.nsmap as a variable definition; every
 * program that links the generated code needs it exactly once, so it is
 * compiled into slgw_soap_common and nowhere else.  libgsoapssl is a shared
 * library, so nothing in a static link pulls this object in by itself: a
 * program names the table (`extern struct Namespace namespaces[];` and
 * soap_set_namespaces(soap, namespaces)) to get it.
 */
#include "soapH.h"
#include "slgw.nsmap"
