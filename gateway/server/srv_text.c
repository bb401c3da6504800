/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_text.c - what bytes slgwd accepts as text and what it sends back.
 *
 * Why: gSOAP runs with SOAP_C_UTFSTRING, which hands the service layer the
 * raw bytes of every string.  A name holding \xff, an encoded surrogate or
 * an overlong encoding used to be refused with a fault that quoted those
 * bytes, and a fault that is not UTF-8 is not XML: the client could not even
 * parse the refusal.
 *
 * Three rules, in one place:
 * - Input: srv_text_guard_input() installs a gSOAP receive hook that runs
 *   every received byte (HTTP header and body, after TLS) through a
 *   streaming UTF-8 checker.  Well-formed UTF-8 of XML 1.0 characters only
 *   (tab, LF, CR, U+0020..U+D7FF, U+E000..U+FFFD, U+10000..U+10FFFF, shortest
 *   form): anything else stops the read with SOAP_UTF_ERROR, which the
 *   request loop answers as INVALID_ARGUMENT.  Invalid bytes are refused,
 *   never read as Latin-1 and never decoded into something else.
 * - Output: srv_text_sanitize() copies a message keeping only such
 *   characters; every other byte becomes '?'.  srv_fault() passes every
 *   fault message through srv_text_fault_message(), so no fault can carry
 *   bytes a client cannot parse, whatever the message quotes.
 * - INTERNAL faults: their text comes from the store or the broker (SQL
 *   errors, file names) and is for the operator, not the client.  The
 *   client gets "internal error; correlation id XXXXXXXX" and the log line
 *   carries the same id with the real text.
 */
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>

#include "broker_rules.h"
#include "stdsoap2.h"
#include "srv.h"

/* Length of the XML character at s[0..n) in UTF-8, or 0 when the bytes
 * there are not one: not well-formed UTF-8 (broker_utf8_decode's rule), or
 * a character XML 1.0 does not allow (a C0 control other than tab, LF and
 * CR; U+FFFE, U+FFFF).  A truncated sequence at the end returns -1. */
static int xml_char_len(const unsigned char *s, size_t n)
{
	unsigned cp = 0;
	int len = broker_utf8_decode(s, n, &cp);

	if (len <= 0)
		return len;
	if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r')
		return 0;
	if (cp == 0xfffe || cp == 0xffff)
		return 0;
	return len;
}

int srv_text_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		int l = xml_char_len(p + i, n - i);
		if (l <= 0)
			return 0;
		i += (size_t)l;
	}
	return 1;
}

size_t srv_text_sanitize(char *out, size_t cap, const char *in)
{
	const unsigned char *p = (const unsigned char *)(in ? in : "");
	size_t n = strlen((const char *)p), i = 0, o = 0;

	if (cap == 0)
		return 0;
	while (i < n && o + 1 < cap) {
		int l = xml_char_len(p + i, n - i);
		if (l <= 0) {
			out[o++] = '?';
			i++;
			continue;
		}
		if (o + (size_t)l >= cap)
			break; /* never cut a character in two */
		memcpy(out + o, p + i, (size_t)l);
		o += (size_t)l;
		i += (size_t)l;
	}
	out[o] = '\0';
	return o;
}

void srv_text_fault_message(char *msg, size_t cap, enum slgw_code code)
{
	char clean[512];

	if (cap == 0)
		return;
	srv_text_sanitize(clean, sizeof clean, msg);
	if (code == SLGW_INTERNAL) {
		unsigned char r[4] = { 0 };
		char id[9];
		if (RAND_bytes(r, sizeof r) != 1) {
			static unsigned seq;
			unsigned v = __atomic_add_fetch(&seq, 1, __ATOMIC_RELAXED);
			memcpy(r, &v, sizeof r);
		}
		snprintf(id, sizeof id, "%02x%02x%02x%02x", r[0], r[1], r[2], r[3]);
		srv_log(SRV_LOG_ERROR, "internal error [%s]: %s", id, clean);
		snprintf(msg, cap, "internal error; correlation id %s (the details are in the "
				   "gateway's log)",
			 id);
		return;
	}
	snprintf(msg, cap, "%s", clean);
}

/* ------------------------------------------------- gSOAP input guard */

/*
 * The checker's state between two receive calls: the bytes of a character
 * cut by the end of the previous buffer (at most 3), per connection.  It
 * lives in struct srv_conn; a context without one (no connection) is not
 * checked.
 */
static int (*next_preparerecv)(struct soap *, const char *, size_t);

static int guard_preparerecv(struct soap *soap, const char *buf, size_t len)
{
	struct srv_conn *c = soap->user;
	const unsigned char *p = (const unsigned char *)buf;
	size_t i = 0;

	if (next_preparerecv && next_preparerecv != guard_preparerecv) {
		int e = next_preparerecv(soap, buf, len);
		if (e)
			return e;
	}
	if (!c)
		return SOAP_OK;
	/* Finish a character the last buffer cut. */
	if (c->utf8_held > 0 && len > 0) {
		unsigned char tmp[4];
		size_t held = c->utf8_held, have = held;
		int l;
		memcpy(tmp, c->utf8_hold, held);
		while (have < 4 && have - held < len) {
			tmp[have] = p[have - held];
			have++;
		}
		l = xml_char_len(tmp, have);
		if (l == 0)
			goto bad;
		if (l == -1) { /* still cut: keep what there is */
			memcpy(c->utf8_hold, tmp, have);
			c->utf8_held = (unsigned char)have;
			return SOAP_OK;
		}
		i = (size_t)l - held;
		c->utf8_held = 0;
	}
	while (i < len) {
		int l = xml_char_len(p + i, len - i);
		if (l == 0)
			goto bad;
		if (l == -1) {
			c->utf8_held = (unsigned char)(len - i);
			memcpy(c->utf8_hold, p + i, len - i);
			return SOAP_OK;
		}
		i += (size_t)l;
	}
	return SOAP_OK;
bad:
	c->utf8_held = 0;
	soap->keep_alive = 0;
	return soap->error = SOAP_UTF_ERROR;
}

void srv_text_guard_input(struct soap *soap)
{
	if (soap->fpreparerecv != guard_preparerecv) {
		next_preparerecv = soap->fpreparerecv;
		soap->fpreparerecv = guard_preparerecv;
	}
	/* Strict parsing, and no id/href multi-references in requests: a
	 * document/literal request is a tree, and resolving references is
	 * work (and memory) an anonymous client should not be able to ask
	 * for. */
	soap_set_imode(soap, SOAP_XML_STRICT | SOAP_XML_TREE);
}
