/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnx_parse_sg.c - `storagegroup [-messner] -list -host -iscsiAttributes`.
 *
 * A group starts at "Storage Group Name:".  Inside it two tables may follow,
 * each introduced by its own label and separated by blank lines (so blank
 * lines mean nothing here):
 *
 *   HBA/SP Pairs:
 *     HBA UID                    SP Name     SPPort      <- column header
 *     -------                    -------     ------
 *     iqn.1993-08.org.debian:01:b46252bc4cfd   SP A   4  <- one path
 *   Host name:   ubuntu14        <- -host / -iscsiAttributes details of the
 *   SPPort:      A-4v0              path above (absent in some outputs)
 *   Initiator IP: 192.168.4.30
 *   TPGT: 1 / ISID: 23D0200
 *
 *   HLU/ALU Pairs:
 *     HLU Number     ALU Number
 *       154             15
 *
 * followed by "Shareable:", "Special:", "Default:".  The -messner layout
 * only changes which sections are present and their order, so one state
 * machine reads both.  A path row is recognised by its shape
 * ("<uid> SP <A|B> <port>"), not by indentation alone, and the HBA UID is
 * taken whole even though it holds colons.  The UID column is 50 wide with
 * no blank after it (real rows put "SP" at column 52 for UIDs of 38 and 47
 * characters), so a UID of 50 or more characters runs into "SP": a row
 * "<uid>SP A  4" is read as the same path.  The records themselves are
 * walked by vnx_parse_listing() (vnx_records.c); the state machine is its
 * line hook.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "vnx_parse.h"
#include "vnx_tok.h"

enum sg_section { SEC_NONE, SEC_HBA, SEC_HLU };

/* All but the name (the key): the UID and both tables. */
static void sg_free_more(void *rec)
{
	vnx_storage_group *sg = rec;

	free(sg->uid);
	for (size_t i = 0; i < sg->hba_count; i++) {
		free(sg->hbas[i].uid);
		free(sg->hbas[i].host_name);
		free(sg->hbas[i].initiator_ip);
		free(sg->hbas[i].isid);
	}
	free(sg->hbas);
	free(sg->hlus);
	memset(sg, 0, sizeof(*sg));
}

/* Splits [s, s+n) into at most `max` blank-separated words. */
static size_t split_words(const char *s, size_t n, const char **w, size_t *wl, size_t max)
{
	size_t k = 0, i = 0;
	while (i < n && k < max) {
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i >= n)
			break;
		size_t st = i;
		while (i < n && s[i] != ' ' && s[i] != '\t')
			i++;
		w[k] = s + st;
		wl[k] = i - st;
		k++;
	}
	/* More words than expected: report max+1 so callers reject the row. */
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i < n ? max + 1 : k;
}

/* "<uid> SP <A|B> <port>" -> a new path; returns 1 when the line is a row,
 * 0 when it is not, or VNX_PARSE_ENOMEM. */
static int hba_row(vnx_storage_group *sg, size_t *cap, const vnx_line *l)
{
	const char *w[4];
	size_t wl[4];
	size_t nw = split_words(l->text, l->len, w, wl, 4);
	if (nw == 3 && wl[0] > 2 && memcmp(w[0] + wl[0] - 2, "SP", 2) == 0) {
		/* The UID column is 50 wide with no separator after it: a UID
		 * of 50 characters or more runs into "SP" ("<iqn>SP A  4"). */
		w[3] = w[2];
		wl[3] = wl[2];
		w[2] = w[1];
		wl[2] = wl[1];
		w[1] = w[0] + wl[0] - 2;
		wl[1] = 2;
		wl[0] -= 2;
		nw = 4;
	}
	if (nw != 4)
		return 0;
	int port;
	char sp;
	if (!vnx_eq(w[1], wl[1], "SP") || !(sp = vnx_parse_sp(w[2], wl[2])) ||
	    vnx_parse_int(w[3], wl[3], &port) < 0)
		return 0;
	if (vnx_grow((void **)&sg->hbas, cap, sg->hba_count, sizeof(*sg->hbas)) < 0)
		return VNX_PARSE_ENOMEM;
	vnx_sg_hba *h = &sg->hbas[sg->hba_count];
	h->uid = vnx_strndup(w[0], wl[0]);
	if (!h->uid)
		return VNX_PARSE_ENOMEM;
	h->sp = sp;
	h->sp_port = port;
	h->sp_vport = -1;
	h->tpgt = -1;
	sg->hba_count++;
	return 1;
}

/* "<hlu> <alu>" -> a new pair; 1 row, 0 not a row, or VNX_PARSE_ENOMEM. */
static int hlu_row(vnx_storage_group *sg, size_t *cap, const vnx_line *l)
{
	const char *w[2];
	size_t wl[2];
	int hlu, alu;
	if (split_words(l->text, l->len, w, wl, 2) != 2 || vnx_parse_int(w[0], wl[0], &hlu) < 0 ||
	    vnx_parse_int(w[1], wl[1], &alu) < 0)
		return 0;
	if (vnx_grow((void **)&sg->hlus, cap, sg->hlu_count, sizeof(*sg->hlus)) < 0)
		return VNX_PARSE_ENOMEM;
	sg->hlus[sg->hlu_count].hlu = hlu;
	sg->hlus[sg->hlu_count].alu = alu;
	sg->hlu_count++;
	return 1;
}

/* "A-4v0" -> vport 0 (the SP and port are already known from the row). */
static void parse_vport(vnx_sg_hba *h, const vnx_line *l)
{
	const char *v = l->value;
	size_t n = l->value_len;
	for (size_t i = n; i > 0; i--) {
		if (v[i - 1] == 'v' || v[i - 1] == 'V') {
			int vp;
			if (vnx_parse_int(v + i, n - i, &vp) == 0 && vp >= 0)
				h->sp_vport = vp;
			return;
		}
	}
}

/* Applies a per-path detail label to the last path; 1 if it was one. */
static int hba_detail(vnx_sg_hba *h, const vnx_line *l)
{
	int rc = 0;
	if (VNX_LINE_IS(l, "Host name"))
		rc = vnx_set_str(&h->host_name, l);
	else if (VNX_LINE_IS(l, "SPPort"))
		parse_vport(h, l);
	else if (VNX_LINE_IS(l, "Initiator IP"))
		rc = vnx_set_str(&h->initiator_ip, l);
	else if (VNX_LINE_IS(l, "TPGT")) {
		int v;
		if (h->tpgt < 0 && vnx_parse_int(l->value, l->value_len, &v) == 0)
			h->tpgt = v;
	} else if (VNX_LINE_IS(l, "ISID"))
		rc = vnx_set_str(&h->isid, l);
	else
		return 0;
	return rc < 0 ? rc : 1;
}

/* Where the walk is: the table being read and the room of the current
 * group's two tables. */
struct sg_walk {
	enum sg_section sec;
	size_t hba_cap, hlu_cap;
};

/* A group printed again folds in; its tables restart, so appending to
 * them stops (their rows are already in). */
static void sg_head(void *st, bool fresh)
{
	struct sg_walk *w = st;

	w->sec = SEC_NONE;
	if (fresh)
		w->hba_cap = w->hlu_cap = 0;
}

static int sg_line(void *st, void *rec, const vnx_line *l)
{
	struct sg_walk *w = st;
	vnx_storage_group *sg = rec;
	int rc = 0;

	if (VNX_LINE_IS(l, "Storage Group UID")) {
		rc = vnx_set_str(&sg->uid, l);
	} else if (VNX_LINE_IS(l, "HBA/SP Pairs")) {
		/* A second HBA table for the same group is a repeat: ignore. */
		w->sec = sg->hba_count ? SEC_NONE : SEC_HBA;
	} else if (VNX_LINE_IS(l, "HLU/ALU Pairs")) {
		w->sec = sg->hlu_count ? SEC_NONE : SEC_HLU;
	} else if (VNX_LINE_IS(l, "Shareable")) {
		sg->shareable = vnx_parse_yes(l->value, l->value_len);
	} else if (VNX_LINE_IS(l, "Special")) {
		sg->special = vnx_parse_yes(l->value, l->value_len);
	} else if (VNX_LINE_IS(l, "Default")) {
		sg->is_default = vnx_parse_yes(l->value, l->value_len);
	} else if (w->sec == SEC_HBA) {
		if (sg->hba_count > 0) {
			rc = hba_detail(&sg->hbas[sg->hba_count - 1], l);
			if (rc != 0)
				return rc;
		}
		/* column headers and dashes fall through as non-rows */
		rc = hba_row(sg, &w->hba_cap, l);
	} else if (w->sec == SEC_HLU) {
		rc = hlu_row(sg, &w->hlu_cap, l);
	}
	return rc < 0 ? rc : VNX_LINE_TAKEN;
}

/* A group may legitimately have an empty name only in broken output; it is
 * kept as "" rather than NULL so callers can print it. */
static const vnx_listing sg_listing = {
	.size = sizeof(vnx_storage_group),
	.header = "Storage Group Name",
	.key = VNX_KEY_NAME,
	.key_off = offsetof(vnx_storage_group, name),
	.flags = VNX_L_NONEMPTY,
	.head = sg_head,
	.line = sg_line,
	.free_more = sg_free_more,
};

VNX_LISTING_FREE(vnx_storage_group, sg_listing,
                 vnx_storage_group_free, vnx_storage_group_array_free)

int vnx_parse_storagegroup_list(const char *buf, size_t len, vnx_storage_group **out,
                                size_t *count)
{
	struct sg_walk w = { SEC_NONE, 0, 0 };

	return vnx_parse_listing(&sg_listing, &w, buf, len, out, count);
}
