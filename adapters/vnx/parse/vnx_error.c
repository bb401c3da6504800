/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnx_error.c - deciding whether naviseccli output is an error, and which.
 *
 * naviseccli prints errors on stdout as free text and its exit status is not
 * reliable, so the class comes from the text.  Two tables, from the facts in
 * the shared vnx.md (error texts seen on real arrays) and the captured
 * outputs: array codes ("0x712d8d04") first, because a code is exact, then
 * text fragments matched case-insensitively, most specific first (e.g.
 * "Storage Group name already in use" before "not found"-style catch-alls,
 * "Authentication failed ... invalid username" before the generic
 * "invalid").  Only the first VNX_SCAN_LIMIT bytes are searched: real error
 * texts are a few lines, and this keeps a 440 KB listing cheap to check.
 *
 * Every error text navisim prints has a class here (a table-driven test
 * holds the two together): a full pool or the array's LUN limit is
 * no_space (RESOURCE_EXHAUSTED to an API caller), not an unknown error that
 * reads as a bug.
 *
 * A list command's output that happens to contain such a fragment (a LUN
 * named "does not exist") must not be read as an error, hence the guard on
 * the first line: a known record header means "this is a listing".
 */
#include <stdlib.h>
#include <string.h>

#include "vnx_parse.h"
#include "vnx_tok.h"

#define VNX_SCAN_LIMIT 8192

struct code_rule {
	const char *code;
	vnx_errclass cls;
	bool retryable;
};

static const struct code_rule code_rules[] = {
	{ "0x712d8d04", VNX_ERR_NAME_IN_USE, false },   /* LUN name already in use */
	{ "0x716d8005", VNX_ERR_NAME_IN_USE, false },   /* snapshot name already in use */
	{ "0x716d801a", VNX_ERR_HAS_SNAPSHOTS, false }, /* LUN has snapshot mount points */
	{ "0x716d8003", VNX_ERR_MAPPED, false },        /* snapshot attached to an SMP */
	{ "0x712d8e0e", VNX_ERR_BUSY, true },           /* LUN is preparing: retry later */
	{ "0x712d8e04", VNX_ERR_INVALID_ARGS, false },  /* new size not larger than current */
	{ "0x716d8008", VNX_ERR_INVALID_ARGS, false },  /* SMP and snapshot of different LUNs */
	{ "0x7155800d", VNX_ERR_NOT_SUPPORTED, false }, /* iSCSI port has no IP address yet */
};

struct text_rule {
	const char *text;
	vnx_errclass cls;
	bool retryable;
};

static const struct text_rule text_rules[] = {
	{ "Authentication failed", VNX_ERR_AUTH, false },
	{ "invalid username, password", VNX_ERR_AUTH, false },
	{ "A network error occurred", VNX_ERR_UNREACHABLE, false },
	{ "connection refused", VNX_ERR_UNREACHABLE, false },
	{ "End of data stream", VNX_ERR_BUSY, true },
	{ "does not have enough free capacity", VNX_ERR_NO_SPACE, false },
	{ "maximum number of LUNs has been reached", VNX_ERR_NO_SPACE, false },
	{ "Requested Host LUN Number already in use", VNX_ERR_HLU_IN_USE, false },
	/* lun -modify -newName onto a used name (storops VNXNameInUseError) */
	{ "Could not set properties:(Name)", VNX_ERR_NAME_IN_USE, false },
	/* lun -modify into the state the LUN already has (storops captures) */
	{ "is already enabled for the LUN", VNX_ERR_INVALID_ARGS, false },
	{ "state of LUN is disabled or disabling", VNX_ERR_INVALID_ARGS, false },
	{ "state of LUN is enabled or enabling", VNX_ERR_INVALID_ARGS, false },
	{ "LUN number is already in use", VNX_ERR_NAME_IN_USE, false },
	{ "LUN already exists in the specified storage group", VNX_ERR_ALREADY_MAPPED, false },
	/* bind / lun -create -rg with a LUN number in use (ERIClitpsanemc, code 31);
	 * after the storage-group text above, which starts the same way */
	{ "LUN already exists", VNX_ERR_ID_IN_USE, false },
	{ "has already been added to this Storage Group", VNX_ERR_ALREADY_MAPPED, false },
	{ "Initiator record already exists", VNX_ERR_ALREADY_MAPPED, false },
	{ "name already in use", VNX_ERR_NAME_IN_USE, false },
	{ "name is already in use", VNX_ERR_NAME_IN_USE, false },
	{ "name is already used", VNX_ERR_NAME_IN_USE, false },
	{ "contained in a Storage Group", VNX_ERR_MAPPED, false },
	{ "LUN mapping still exists", VNX_ERR_MAPPED, false },
	{ "attached to a snapshot mount point", VNX_ERR_MAPPED, false },
	{ "mount point is already attached", VNX_ERR_MAPPED, false },
	{ "destination LUN is in a Storage Group", VNX_ERR_MAPPED, false },
	{ "is not attached to a snapshot", VNX_ERR_INVALID_ARGS, false },
	{ "is not a snapshot mount point", VNX_ERR_INVALID_ARGS, false }, /* lun -detach of a non-SMP */
	{ "The LUN is a metaLUN", VNX_ERR_INVALID_ARGS, false },          /* unbind of a metaLUN */
	{ "The snapshot is active", VNX_ERR_MAPPED, false },               /* snapview -rmsnapshot */
	{ "is not valid for migration", VNX_ERR_INVALID_ARGS, false },
	{ "is smaller than the source LUN", VNX_ERR_INVALID_ARGS, false },
	{ "does not match the port type", VNX_ERR_INVALID_ARGS, false },
	{ "still has snapshots", VNX_ERR_HAS_SNAPSHOTS, false },
	{ "being used by a feature of the Storage System", VNX_ERR_BUSY, false },
	{ "because it is Destroying", VNX_ERR_BUSY, false },
	{ "not currently migrating", VNX_ERR_NOT_FOUND, false },
	{ "is not connected to this Storage Group", VNX_ERR_NOT_FOUND, false },
	{ "does not match any storage groups", VNX_ERR_NOT_FOUND, false },
	{ "No such Host LUN", VNX_ERR_NOT_FOUND, false },
	{ "is not known by the array", VNX_ERR_NOT_FOUND, false },
	{ "is not known by storage system", VNX_ERR_NOT_FOUND, false }, /* connecthost: unknown host */
	{ "not a bound ALU number", VNX_ERR_NOT_FOUND, false },
	{ "Could not retrieve the specified", VNX_ERR_NOT_FOUND, false },
	{ "does not exist", VNX_ERR_NOT_FOUND, false },
	{ "Cannot find", VNX_ERR_NOT_FOUND, false },
	{ "not found", VNX_ERR_NOT_FOUND, false },
	{ "invalid command line parameters", VNX_ERR_INVALID_ARGS, false },
	{ "not supported for this raid type", VNX_ERR_INVALID_ARGS, false },
	{ "is not on the subnet", VNX_ERR_INVALID_ARGS, false },
	{ "must be greater than", VNX_ERR_INVALID_ARGS, false },
	{ "is disallowed", VNX_ERR_INVALID_ARGS, false },
	{ "not supported", VNX_ERR_NOT_SUPPORTED, false },
	{ "software is not installed", VNX_ERR_NOT_SUPPORTED, false },
	/* lun -create of a kind the enablers do not allow (storops capture) */
	{ "Request not allowed", VNX_ERR_NOT_SUPPORTED, false },
	{ "No LUN in LUN Pool", VNX_ERR_NO_SPACE, false },
	{ "Not enough space", VNX_ERR_NO_SPACE, false },
	{ "Invalid", VNX_ERR_INVALID_ARGS, false },
};

/* First labels of every listing we parse (and of a few we do not): output
 * that starts with one of them is data, not an error. */
static const char *const record_headers[] = {
	"Storage Group Name", "Name", "Pool Name", "SP Name", "SP", "Agent Rev",
	"Name of the software package", "Source LU Name", "Total number of initiators",
	"Information about each HBA", "Information about each SPPORT", "HBA UID",
};

static const char *const class_names[VNX_ERR__COUNT] = {
	"none", "not_found", "name_in_use", "mapped", "has_snapshots", "busy", "hlu_in_use",
	"already_mapped", "unreachable", "auth", "invalid_args", "not_supported", "unknown",
	"no_space", "id_in_use",
};

const char *vnx_errclass_name(vnx_errclass cls)
{
	if ((int)cls < 0 || cls >= VNX_ERR__COUNT)
		return "unknown";
	return class_names[cls];
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Case-insensitive search of `needle` in [h, h+n). */
static bool contains_ci(const char *h, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	if (m == 0 || m > n)
		return m == 0;
	char first = lower(needle[0]);
	for (size_t i = 0; i + m <= n; i++) {
		if (lower(h[i]) != first)
			continue;
		size_t j = 1;
		while (j < m && lower(h[i + j]) == lower(needle[j]))
			j++;
		if (j == m)
			return true;
	}
	return false;
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Copies the first non-zero "0x<hex>" token into code (lower case). */
static void find_code(const char *s, size_t n, char code[19])
{
	code[0] = '\0';
	for (size_t i = 0; i + 2 < n; i++) {
		if (s[i] != '0' || (s[i + 1] != 'x' && s[i + 1] != 'X'))
			continue;
		if (i > 0 && (is_hex(s[i - 1]) || s[i - 1] == '_'))
			continue; /* inside a longer word */
		size_t j = i + 2;
		bool nonzero = false;
		while (j < n && is_hex(s[j]) && j - (i + 2) < 16) {
			if (s[j] != '0')
				nonzero = true;
			j++;
		}
		if (j == i + 2 || !nonzero || (j < n && is_hex(s[j])))
			continue;
		size_t k = 0;
		code[k++] = '0';
		code[k++] = 'x';
		for (size_t p = i + 2; p < j; p++)
			code[k++] = lower(s[p]);
		code[k] = '\0';
		return;
	}
}

/* Looks the output up in the tables; VNX_ERR_NONE when nothing matches. */
static vnx_errclass lookup(const char *buf, size_t len, const char *code, bool *retryable)
{
	*retryable = false;
	if (code[0]) {
		for (size_t i = 0; i < sizeof(code_rules) / sizeof(code_rules[0]); i++) {
			if (strcmp(code, code_rules[i].code) == 0) {
				*retryable = code_rules[i].retryable;
				return code_rules[i].cls;
			}
		}
	}
	size_t n = len < VNX_SCAN_LIMIT ? len : VNX_SCAN_LIMIT;
	for (size_t i = 0; i < sizeof(text_rules) / sizeof(text_rules[0]); i++) {
		if (contains_ci(buf, n, text_rules[i].text)) {
			*retryable = text_rules[i].retryable;
			return text_rules[i].cls;
		}
	}
	return VNX_ERR_NONE;
}

/* The first non-blank line (trimmed), or false when there is none. */
static bool first_line(const char *buf, size_t len, vnx_line *l)
{
	vnx_tok t;
	vnx_tok_init(&t, buf, len);
	while (vnx_tok_next(&t, l))
		if (l->len > 0)
			return true;
	return false;
}

static bool is_listing(const vnx_line *l)
{
	if (vnx_starts_with(l->text, l->len, "LOGICAL UNIT NUMBER"))
		return true;
	for (size_t i = 0; i < sizeof(record_headers) / sizeof(record_headers[0]); i++)
		if (vnx_line_is(l, record_headers[i]))
			return true;
	return false;
}

/* The message: non-blank lines, trimmed, joined by '\n', capped. */
static char *build_message(const char *buf, size_t len)
{
	char *m = malloc(VNX_ERROR_MAX_MESSAGE + 1);
	if (!m)
		return NULL;
	size_t k = 0;
	vnx_tok t;
	vnx_line l;
	vnx_tok_init(&t, buf, len);
	while (k < VNX_ERROR_MAX_MESSAGE && vnx_tok_next(&t, &l)) {
		if (l.len == 0)
			continue;
		if (k > 0)
			m[k++] = '\n';
		for (size_t i = 0; i < l.len && k < VNX_ERROR_MAX_MESSAGE; i++) {
			unsigned char c = (unsigned char)l.text[i];
			m[k++] = (c < 0x20 && c != '\t') || c == 0x7f ? '?' : (char)c;
		}
	}
	/* A join may have left a dangling separator at the cap. */
	if (k > 0 && m[k - 1] == '\n')
		k--;
	m[k] = '\0';
	return m;
}

static int fill(vnx_error *out, const char *buf, size_t len, vnx_errclass cls, const char *code,
                bool retryable)
{
	out->cls = cls;
	out->retryable = retryable;
	memcpy(out->code, code, strlen(code) + 1);
	out->message = build_message(buf, len);
	if (!out->message) {
		memset(out, 0, sizeof(*out));
		return VNX_PARSE_ENOMEM;
	}
	return 1;
}

/* Lines that are never data: a listing cut short by a dropped connection
 * or a failing agent ends with one of them after its last record. */
static const char *const tail_errors[] = {
	"End of data stream", "A network error occurred", "Error returned from", "Error:",
};

/* In a listing, finds an unlabelled error line in the last VNX_SCAN_LIMIT
 * bytes; returns the offset where it starts, or len when there is none. */
static size_t listing_tail_error(const char *buf, size_t len)
{
	size_t from = len > VNX_SCAN_LIMIT ? len - VNX_SCAN_LIMIT : 0;
	/* Start on a line boundary so a half line is not read as a line. */
	if (from > 0) {
		const char *nl = memchr(buf + from, '\n', len - from);
		if (!nl)
			return len;
		from = (size_t)(nl + 1 - buf);
	}
	vnx_tok t;
	vnx_line l;
	vnx_tok_init(&t, buf + from, len - from);
	while (vnx_tok_next(&t, &l)) {
		if (l.indented)
			continue;
		for (size_t i = 0; i < sizeof(tail_errors) / sizeof(tail_errors[0]); i++)
			if (vnx_starts_with(l.text, l.len, tail_errors[i]))
				return (size_t)(l.text - buf);
	}
	return len;
}

int vnx_classify_error(const char *buf, size_t len, vnx_error *out)
{
	if (!out || (!buf && len > 0))
		return VNX_PARSE_EINVAL;
	memset(out, 0, sizeof(*out));
	vnx_line first;
	if (!buf || !first_line(buf, len, &first))
		return 0;
	if (is_listing(&first)) {
		/* Data, unless it was cut short by an error: then the records
		 * before it are incomplete and the whole output is that error. */
		size_t at = listing_tail_error(buf, len);
		if (at == len)
			return 0;
		return vnx_classify_modify_output(buf + at, len - at, out);
	}
	char code[19];
	size_t scan = len < VNX_SCAN_LIMIT ? len : VNX_SCAN_LIMIT;
	find_code(buf, scan, code);
	bool retryable;
	vnx_errclass cls = lookup(buf, len, code, &retryable);
	if (cls == VNX_ERR_NONE && vnx_starts_with(first.text, first.len, "Usage"))
		cls = VNX_ERR_INVALID_ARGS; /* naviseccli prints its usage on bad syntax */
	if (cls == VNX_ERR_NONE) {
		if (!vnx_starts_with(first.text, first.len, "Error") &&
		    !vnx_starts_with(first.text, first.len, "Request failed") &&
		    !contains_ci(first.text, first.len, "command failed"))
			return 0;
		cls = VNX_ERR_UNKNOWN;
	}
	return fill(out, buf, len, cls, code, retryable);
}

int vnx_classify_modify_output(const char *buf, size_t len, vnx_error *out)
{
	if (!out || (!buf && len > 0))
		return VNX_PARSE_EINVAL;
	memset(out, 0, sizeof(*out));
	if (!buf || vnx_is_blank(buf, len))
		return 0;
	char code[19];
	size_t scan = len < VNX_SCAN_LIMIT ? len : VNX_SCAN_LIMIT;
	find_code(buf, scan, code);
	bool retryable;
	vnx_errclass cls = lookup(buf, len, code, &retryable);
	vnx_line first;
	if (cls == VNX_ERR_NONE && first_line(buf, len, &first) &&
	    vnx_starts_with(first.text, first.len, "Usage"))
		cls = VNX_ERR_INVALID_ARGS;
	if (cls == VNX_ERR_NONE)
		cls = VNX_ERR_UNKNOWN;
	return fill(out, buf, len, cls, code, retryable);
}

void vnx_error_clear(vnx_error *err)
{
	if (!err)
		return;
	free(err->message);
	memset(err, 0, sizeof(*err));
}
