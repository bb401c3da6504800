/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_access_validate.c - syntax checks for what a host tells us about itself:
 * initiator ids (iSCSI IQN / EUI / NAA, FC WWPN), host names, host IPs.
 *
 * Design: these run before anything reaches an array or the store, so a
 * malformed id is refused with INVALID_ARGUMENT and a message naming the
 * field, instead of as an unreadable naviseccli error halfway through a
 * registration.  Every id is normalized to one canonical spelling so that
 * the store's uniqueness constraint on initiators really means "the same
 * initiator" (iSCSI names compare case-insensitively per RFC 3722; WWPNs are
 * written with or without colons, in either case).
 */
#include "broker_access.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int is_hex_string(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* A bare or colon-separated 16-hex-digit WWPN -> "XX:XX:..:XX". */
static int normalize_wwpn(char *out, size_t outlen, const char *in)
{
	char hex[17];
	size_t n = 0, len = strlen(in);

	if (len == 16) {
		if (!is_hex_string(in, 16))
			return -1;
		memcpy(hex, in, 16);
		n = 16;
	} else if (len == 23) {
		for (size_t i = 0; i < 23; i++) {
			if (i % 3 == 2) {
				if (in[i] != ':')
					return -1;
			} else {
				if (!isxdigit((unsigned char)in[i]))
					return -1;
				hex[n++] = in[i];
			}
		}
	} else {
		return -1;
	}
	if (outlen < 24)
		return -1;
	size_t o = 0;
	for (size_t i = 0; i < 16; i++) {
		out[o++] = (char)toupper((unsigned char)hex[i]);
		if (i % 2 == 1 && i != 15)
			out[o++] = ':';
	}
	out[o] = '\0';
	return 0;
}

/* RFC 3720 3.2.6.3.1: "iqn." yyyy-mm "." reversed-domain [":" unique].
 * Allowed characters after stringprep are lower-case ASCII letters, digits,
 * '-', '.', ':' (we refuse the non-ASCII range rather than implement
 * nameprep: no array or host we serve uses it). */
static int check_iqn(const char *s, struct broker_status *st)
{
	size_t len = strlen(s);

	if (len > 223)
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
			    "initiator: iSCSI name is %zu bytes, the limit is 223", len);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!(islower(c) || isdigit(c) || c == '-' || c == '.' || c == ':'))
			return broker_fail(st, SLGW_INVALID_ARGUMENT,
				    "initiator '%s': character %zu is not allowed in an iSCSI name "
				    "(letters, digits, '-', '.', ':')", s, i + 1);
	}
	/* iqn.YYYY-MM. */
	if (len < 13 || !isdigit((unsigned char)s[4]) || !isdigit((unsigned char)s[5]) ||
	    !isdigit((unsigned char)s[6]) || !isdigit((unsigned char)s[7]) || s[8] != '-' ||
	    !isdigit((unsigned char)s[9]) || !isdigit((unsigned char)s[10]) || s[11] != '.')
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
			    "initiator '%s': an IQN reads iqn.YYYY-MM.reversed.domain[:id]", s);
	int month = (s[9] - '0') * 10 + (s[10] - '0');
	int year = (s[4] - '0') * 1000 + (s[5] - '0') * 100 + (s[6] - '0') * 10 + (s[7] - '0');
	if (month < 1 || month > 12 || year < 1970)
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
			    "initiator '%s': the date in an IQN must be a real year-month", s);
	/* The naming authority: a reversed domain name up to the first ':'.
	 * Labels are non-empty and do not start or end with '-'. */
	const char *auth = s + 12;
	const char *end = strchr(auth, ':');
	size_t alen = end ? (size_t)(end - auth) : strlen(auth);
	if (alen == 0)
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
			    "initiator '%s': the IQN has no naming authority after the date", s);
	size_t lab = 0;
	for (size_t i = 0; i <= alen; i++) {
		char c = i < alen ? auth[i] : '.';
		if (c == '.') {
			if (lab == 0 || auth[i - 1] == '-' || auth[i - lab] == '-')
				return broker_fail(st, SLGW_INVALID_ARGUMENT,
					    "initiator '%s': the IQN naming authority is not a valid "
					    "reversed domain name", s);
			lab = 0;
		} else if (c == ':') {
			return broker_fail(st, SLGW_INVALID_ARGUMENT, "initiator '%s': bad IQN", s);
		} else {
			lab++;
		}
	}
	if (end && end[1] == '\0')
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
			    "initiator '%s': the IQN ends with an empty ':' suffix", s);
	return 0;
}

int broker_access_initiator_normalize(char *out, size_t outlen,
			       enum broker_access_initiator_kind *kind_out,
			       const char *in,
			       enum broker_access_initiator_kind expect,
			       struct broker_status *st)
{
	char buf[BROKER_ACCESS_INITIATOR_MAX];
	size_t len;

	if (!in || !*in)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "initiator: empty id");
	len = strlen(in);
	if (len >= sizeof(buf))
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
			    "initiator: id of %zu bytes is too long (max 223)", len);
	if (outlen < BROKER_ACCESS_INITIATOR_MAX)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "initiator: output buffer too small");

	/* The prefix decides the kind; the prefix itself is case-insensitive. */
	if (len >= 4 && (strncasecmp(in, "iqn.", 4) == 0 || strncasecmp(in, "eui.", 4) == 0 ||
			 strncasecmp(in, "naa.", 4) == 0)) {
		if (expect == BROKER_ACCESS_INIT_FC)
			return broker_fail(st, SLGW_INVALID_ARGUMENT,
				    "initiator '%s': an FC initiator must be a WWPN "
				    "(16 hex digits), not an iSCSI name", in);
		for (size_t i = 0; i <= len; i++)
			buf[i] = (char)tolower((unsigned char)in[i]);
		if (buf[0] == 'i') {
			int rc = check_iqn(buf, st);
			if (rc)
				return rc;
			memcpy(out, buf, len + 1);
		} else {
			size_t hl = len - 4;
			int ok = buf[0] == 'e' ? hl == 16 : (hl == 16 || hl == 32);
			if (!ok || !is_hex_string(buf + 4, hl))
				return broker_fail(st, SLGW_INVALID_ARGUMENT,
					    "initiator '%s': an %s name is '%s' followed by %s hex digits",
					    in, buf[0] == 'e' ? "EUI" : "NAA",
					    buf[0] == 'e' ? "eui." : "naa.",
					    buf[0] == 'e' ? "16" : "16 or 32");
			/* RFC 3720: the hex part of eui./naa. names is upper case. */
			memcpy(out, buf, 4);
			for (size_t i = 4; i <= len; i++)
				out[i] = (char)toupper((unsigned char)buf[i]);
		}
		if (kind_out)
			*kind_out = BROKER_ACCESS_INIT_ISCSI;
		return 0;
	}
	if (expect == BROKER_ACCESS_INIT_ISCSI)
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
			    "initiator '%s': an iSCSI initiator reads iqn.YYYY-MM.domain[:id] "
			    "or eui.<16 hex digits>", in);
	if (normalize_wwpn(out, outlen, in) != 0)
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
			    "initiator '%s': neither an iSCSI name (iqn./eui./naa.) nor an FC "
			    "WWPN (16 hex digits, optionally as XX:XX:..:XX)", in);
	if (kind_out)
		*kind_out = BROKER_ACCESS_INIT_FC;
	return 0;
}

int broker_access_hostname_valid(const char *name, struct broker_status *st)
{
	size_t len;

	if (!name || !*name)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "host name: empty");
	len = strlen(name);
	if (len > BROKER_ACCESS_HOSTNAME_MAX)
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
			    "host name '%.64s...': %zu characters, the limit is %d "
			    "(it names the host's storage group on the array)",
			    name, len, BROKER_ACCESS_HOSTNAME_MAX);
	if (!isalnum((unsigned char)name[0]))
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
			    "host name '%s': must start with a letter or digit", name);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];
		if (!(isalnum(c) || c == '.' || c == '_' || c == '-'))
			return broker_fail(st, SLGW_INVALID_ARGUMENT,
				    "host name '%s': character %zu is not allowed "
				    "(letters, digits, '.', '_', '-')", name, i + 1);
	}
	return 0;
}

int broker_access_host_ip_valid(const char *ip, struct broker_status *st)
{
	unsigned char buf[16];

	if (!ip || !*ip)
		return 0;
	if (inet_pton(AF_INET, ip, buf) == 1 || inet_pton(AF_INET6, ip, buf) == 1)
		return 0;
	return broker_fail(st, SLGW_INVALID_ARGUMENT,
		    "host ip '%s': not an IPv4 or IPv6 address", ip);
}

int broker_access_model_supports_alua(const char *model, const char *revision)
{
	if (model && *model) {
		char m[64];
		size_t n = strlen(model);
		if (n >= sizeof(m))
			n = sizeof(m) - 1;
		for (size_t i = 0; i < n; i++)
			m[i] = (char)toupper((unsigned char)model[i]);
		m[n] = '\0';
		/* CX3-*, CX4-* and every VNX do ALUA; plain CX (CX200..CX700)
		 * and CX2 (the "CX" family before CX3) do not. */
		if (strncmp(m, "CX", 2) == 0) {
			if (!(strncmp(m, "CX3", 3) == 0 && (m[3] == '-' || m[3] == '\0')) &&
			    !(strncmp(m, "CX4", 3) == 0 && (m[3] == '-' || m[3] == '\0')))
				return 0;
		}
	}
	/* FLARE revisions read like "05.26.000.5.011" or "05.33.009.5.155":
	 * the release is the second field.  An unparseable revision is left to
	 * the model check and the adapter's capability bits. */
	if (revision && *revision) {
		int major, release;
		if (sscanf(revision, "%d.%d", &major, &release) == 2 && release < 26)
			return 0;
	}
	return 1;
}

int broker_access_failover_decide(int *mode_out, int alua_capable,
			   const char *system_policy, int host_wanted,
			   struct broker_status *st)
{
	broker_ok(st);
	if (host_wanted != 0 && host_wanted != BROKER_ACCESS_FAILOVER_PNR &&
	    host_wanted != BROKER_ACCESS_FAILOVER_ALUA)
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
			    "failover mode %d: only 1 (PNR) and 4 (ALUA) are supported for "
			    "XenServer hosts", host_wanted);
	if (host_wanted == BROKER_ACCESS_FAILOVER_ALUA) {
		if (!alua_capable)
			return broker_fail(st, SLGW_FAILED_PRECONDITION,
				    "failover mode 4 (ALUA) requested, but this array cannot do "
				    "ALUA (model older than CX3 or FLARE before release 26): "
				    "use mode 1 (PNR) on this host");
		*mode_out = BROKER_ACCESS_FAILOVER_ALUA;
		return 0;
	}
	if (host_wanted == BROKER_ACCESS_FAILOVER_PNR) {
		*mode_out = BROKER_ACCESS_FAILOVER_PNR;
		return 0;
	}
	if (system_policy && *system_policy && strcasecmp(system_policy, "auto") != 0) {
		if (strcasecmp(system_policy, "pnr") == 0) {
			*mode_out = BROKER_ACCESS_FAILOVER_PNR;
			return 0;
		}
		if (strcasecmp(system_policy, "alua") != 0)
			return broker_fail(st, SLGW_INVALID_ARGUMENT,
				    "storage system failover policy '%s': expected auto, alua or pnr",
				    system_policy);
		if (!alua_capable) {
			*mode_out = BROKER_ACCESS_FAILOVER_PNR;
			broker_fail(st, SLGW_OK, "system policy alua, but the array cannot do ALUA: "
			     "mode 1 applied");
			return 0;
		}
		*mode_out = BROKER_ACCESS_FAILOVER_ALUA;
		return 0;
	}
	*mode_out = alua_capable ? BROKER_ACCESS_FAILOVER_ALUA : BROKER_ACCESS_FAILOVER_PNR;
	return 0;
}
