/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_rules.h - the one definition of each input rule that the SOAP
 * service, the broker and the command-line client all check.
 *
 * Design
 * ------
 * A rule checked in two places drifts: the service refused what the broker
 * accepted and the other way round, so the answer a client got depended on
 * which layer looked first.  Each rule is therefore written once, here, as
 * a pure function (no store, no array, no allocation, no locale: the
 * character classes are ASCII), and every layer calls it:
 *
 *   - the service checks early, to name the offending field in its fault;
 *   - the broker checks again, because it is also called without the
 *     service (tests, the demo, future front ends) and must never trust
 *     its caller;
 *   - the CLI checks what it can before a round trip (sizes).
 *
 * Each check returns 0, or -EINVAL with a short reason in why[whylen]
 * (NUL terminated, never naming the field: the caller knows which field
 * it checked and prefixes it, e.g. "name: longer than 64 characters").
 * The reason may quote the value; callers only pass text that is already
 * known to be a C string.
 *
 * The rules
 * ---------
 * Object names (storage systems, tenants; volumes, snapshots and clones
 * with a longer limit): 1..max characters of ASCII letters, digits, '.',
 * '_' and '-', the first a letter or a digit.  This is the stricter of
 * the two sets the layers used to accept: no spaces (which a client has to
 * quote everywhere and which hid trailing-space look-alikes) and no ':' or
 * '@' (separators in the CLI's object references and in user names).
 *
 * User names: 1..64 characters of ASCII letters, digits, '.', '_', '@' and
 * '-' (an e-mail address is a valid user name).
 *
 * Passwords (gateway users): 8..1024 bytes, no control characters (bytes
 * below 0x20 or 0x7f).  Array passwords are the array's business and are
 * not checked here beyond what naviseccli itself needs.
 *
 * Volume sizes: 1..256 TiB expressed in MB (1 MB = 1 MiB), more than any
 * VNX / CLARiiON pool holds, so the bound only stops nonsense and overflow.
 *
 * Attributes of volumes and snapshots (the gateway's records only, never
 * sent to an array): at most 64 keys per object; a key name and a
 * collection have 1..64 characters of ASCII letters, digits, '.', '_', ':'
 * and '-' (':' so that namespaced keys like "xs:vdi-uuid" need no
 * escaping); a key value and a description 0..1024 bytes of XML text
 * (well-formed UTF-8 of the characters XML 1.0 allows: no C0 control but
 * tab, LF and CR).  Small enough that a page of 1000 volumes with every
 * key full stays a sane answer, large enough for a XenServer VDI's
 * name-description and its sm-config.
 */
#ifndef SLGW_BROKER_RULES_H
#define SLGW_BROKER_RULES_H

#include <stddef.h>

/* Longest name of a storage system or a tenant. */
#define BROKER_RULE_NAME_MAX 64
/* Longest name of a volume, a snapshot or a clone. */
#define BROKER_RULE_LONG_NAME_MAX 128
/* Longest user name. */
#define BROKER_RULE_USER_NAME_MAX 64
/* Password length bounds, in bytes. */
#define BROKER_RULE_PASSWORD_MIN 8
#define BROKER_RULE_PASSWORD_MAX 1024
/* Largest volume, in MB: 256 TiB. */
#define BROKER_RULE_SIZE_MB_MAX (256LL * 1024 * 1024)
/* Attributes of volumes and snapshots. */
#define BROKER_RULE_KEYS_MAX 64         /* keys per object */
#define BROKER_RULE_KEY_NAME_MAX 64     /* characters */
#define BROKER_RULE_KEY_VALUE_MAX 1024  /* bytes */
#define BROKER_RULE_DESCRIPTION_MAX 1024 /* bytes */
#define BROKER_RULE_COLLECTION_MAX 64   /* characters */

/*
 * broker_rule_name - checks an object name of at most max characters
 * (BROKER_RULE_NAME_MAX or BROKER_RULE_LONG_NAME_MAX).  NULL and "" are
 * refused ("required").  0 or -EINVAL with why filled.
 */
int broker_rule_name(const char *name, size_t max, char *why, size_t whylen);

/* broker_rule_user_name - checks a gateway user name.  0 or -EINVAL. */
int broker_rule_user_name(const char *name, char *why, size_t whylen);

/* broker_rule_password - checks a new gateway user password.  0 or -EINVAL.
 * why never contains the password. */
int broker_rule_password(const char *password, char *why, size_t whylen);

/* broker_rule_size_mb - checks a volume size in MB (1..BROKER_RULE_SIZE_MB_MAX).
 * 0 or -EINVAL. */
int broker_rule_size_mb(long long size_mb, char *why, size_t whylen);

/* broker_rule_key_name - checks an attribute key name.  0 or -EINVAL. */
int broker_rule_key_name(const char *name, char *why, size_t whylen);

/* broker_rule_collection - checks a collection.  0 or -EINVAL. */
int broker_rule_collection(const char *collection, char *why, size_t whylen);

/* broker_rule_text - checks a key value or description: 0..max bytes of
 * XML text (NULL is refused: "required").  0 or -EINVAL; why never quotes
 * the text. */
int broker_rule_text(const char *text, size_t max, char *why, size_t whylen);

/*
 * broker_utf8_decode - decodes the UTF-8 character at s[0..n).  Returns its
 * length (1..4) with *cp set; 0 when the bytes there are not well-formed
 * UTF-8 (a stray continuation byte, a lead byte C0, C1 or F5..FF, an
 * overlong form, a surrogate, a code point beyond U+10FFFF); -1 when n ends
 * inside an otherwise well-formed character.  Which code points a caller
 * then accepts is its own rule (XML characters, printable names).
 */
int broker_utf8_decode(const unsigned char *s, size_t n, unsigned *cp);

#endif /* SLGW_BROKER_RULES_H */
