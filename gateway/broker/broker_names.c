/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_names.c - array object names (see broker_names.h for the scheme).
 *
 * Parsing is strict on purpose: the orphan scan and crash recovery act on
 * whatever it accepts, so a name is ours only when writing it again from
 * the parsed (kind, id) gives back exactly the same text.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "broker_names.h"

#define PREFIX "slgw-"
#define INSTANCE_LEN 8
#define ID_MAX INT64_C(999999999999999999) /* 18 digits: parse bound */

/* The word after the instance id, "" for a LUN. */
static const char *kind_word(enum broker_name_kind kind)
{
	switch (kind) {
	case BROKER_NAME_LUN: return "";
	case BROKER_NAME_SNAP: return "snap-";
	case BROKER_NAME_TMP: return "tmp-";
	case BROKER_NAME_DST: return "dst-";
	}
	return NULL;
}

int broker_name_valid_instance(const char *s)
{
	if (!s)
		return 0;
	size_t n = 0;
	for (; s[n]; n++)
		if (n >= INSTANCE_LEN || !((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
			return 0;
	return n == INSTANCE_LEN;
}

int broker_name_make(char *out, size_t len, const char *instance, enum broker_name_kind kind,
		     int64_t id)
{
	const char *word = kind_word(kind);
	if (out && len)
		out[0] = '\0';
	if (!out || !word || id <= 0 || id > ID_MAX || !broker_name_valid_instance(instance))
		return -EINVAL;
	int n = snprintf(out, len, PREFIX "%s-%s%" PRId64, instance, word, id);
	if (n < 0 || (size_t)n >= len) {
		out[0] = '\0';
		return -EINVAL;
	}
	return 0;
}

int broker_name_parse(enum broker_name_kind *kind, int64_t *id, const char *name,
		      const char *instance)
{
	if (!name || !broker_name_valid_instance(instance))
		return 0;
	size_t plen = strlen(PREFIX);
	if (strncmp(name, PREFIX, plen) != 0 || strncmp(name + plen, instance, INSTANCE_LEN) != 0 ||
	    name[plen + INSTANCE_LEN] != '-')
		return 0;
	const char *rest = name + plen + INSTANCE_LEN + 1;
	static const enum broker_name_kind kinds[] = { BROKER_NAME_SNAP, BROKER_NAME_TMP,
						       BROKER_NAME_DST, BROKER_NAME_LUN };
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		const char *word = kind_word(kinds[k]);
		size_t wlen = strlen(word);
		if (strncmp(rest, word, wlen) != 0)
			continue;
		const char *d = rest + wlen;
		/* decimal, no sign, no leading zero, fits an int64 */
		size_t nd = 0;
		while (d[nd] >= '0' && d[nd] <= '9')
			nd++;
		if (nd == 0 || d[nd] != '\0' || d[0] == '0' || nd > 18)
			return 0;
		int64_t v = 0;
		for (size_t i = 0; i < nd; i++)
			v = v * 10 + (d[i] - '0');
		if (kind)
			*kind = kinds[k];
		if (id)
			*id = v;
		return 1;
	}
	return 0;
}
