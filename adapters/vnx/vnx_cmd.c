/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnx_cmd.c - builders of naviseccli command argv arrays.
 *
 * Every command is a template: a `struct tmpl` lists its words in
 * naviseccli order, fixed words and slots that take one argument each
 * (a name, a number in a range, a LUN given by number or name, a capacity,
 * an SP, one word out of a list, a flag), so each template reads like the
 * syntax in reference/vnx.md.  One walker, build(), serves them all: it
 * first checks every argument against its slot (names through
 * vnx_check_name() and friends, numbers against their range) and only then
 * assembles the words, so a failure never leaves half a command behind;
 * it also attaches a create's landed check, itself a template.  A builder
 * passes its arguments in slot order and keeps only what no slot can say
 * (a source that must differ from its destination, a metaLUN's
 * components).
 *
 * Words are pushed through push()/pushf(), which remember the first
 * allocation failure in the command (c->argc stays consistent) so the
 * walker checks once at the end.
 */
#include "vnx_cmd.h"

#include <arpa/inet.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest object name we pass; VNX itself allows far less for most objects,
 * the array then answers invalid_args, which is the right outcome. */
#define VNX_NAME_MAX 255

/* Largest capacity we ask for (1 EiB in MB): beyond any array. */
#define VNX_MB_MAX (UINT64_C(1) << 40)

/* Highest LUN and RAID group number of the classic commands. */
#define VNX_NUMBER_MAX 16383

void vnx_cmd_clear(struct vnx_cmd *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->argc; i++)
		free(c->argv[i]);
	if (c->check) {
		vnx_cmd_clear(c->check);
		free(c->check);
	}
	memset(c, 0, sizeof(*c));
}

static int printable_ascii(const char *s, int allow_space)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p >= 0x7f)
			return 0;
		if (*p == ' ' && !allow_space)
			return 0;
	}
	return 1;
}

int vnx_check_name(const char *s)
{
	size_t n;

	if (!s)
		return -SLGW_AERR_INVALID_ARGS;
	n = strlen(s);
	/* A leading '-' would be read as an option; leading/trailing blanks are
	 * trimmed by naviseccli's own output and would break name lookups. */
	if (n == 0 || n > VNX_NAME_MAX || s[0] == '-' || s[0] == ' ' || s[n - 1] == ' ')
		return -SLGW_AERR_INVALID_ARGS;
	return printable_ascii(s, 1) ? 0 : -SLGW_AERR_INVALID_ARGS;
}

int vnx_check_token(const char *s)
{
	size_t n;

	if (!s)
		return -SLGW_AERR_INVALID_ARGS;
	n = strlen(s);
	if (n == 0 || n > VNX_NAME_MAX || s[0] == '-')
		return -SLGW_AERR_INVALID_ARGS;
	return printable_ascii(s, 0) ? 0 : -SLGW_AERR_INVALID_ARGS;
}

int vnx_check_ip(const char *s)
{
	unsigned char buf[16];

	if (!s || strlen(s) > 63)
		return -SLGW_AERR_INVALID_ARGS;
	if (inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1)
		return 0;
	return -SLGW_AERR_INVALID_ARGS;
}

/* ---- word assembly ---- */

/* Appends a copy of w; on overflow or no memory marks the command broken by
 * setting argc past the limit (checked by finish()). */
static void push(struct vnx_cmd *c, const char *w)
{
	char *copy;

	if (c->argc >= VNX_CMD_MAX_WORDS) {
		c->argc = VNX_CMD_MAX_WORDS + 1;
		return;
	}
	copy = strdup(w);
	if (!copy) {
		/* Remember the failure without losing track of what to free. */
		c->name = NULL;
		return;
	}
	c->argv[c->argc++] = copy;
}

static void pushf(struct vnx_cmd *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void pushf(struct vnx_cmd *c, const char *fmt, ...)
{
	char buf[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	push(c, buf);
}

/* Ends a build: 0, or clears the command and reports why it failed. */
static int finish(struct vnx_cmd *c)
{
	if (c->argc > VNX_CMD_MAX_WORDS || !c->name) {
		if (c->argc > VNX_CMD_MAX_WORDS)
			c->argc = VNX_CMD_MAX_WORDS;
		vnx_cmd_clear(c);
		return -SLGW_AERR_UNKNOWN;
	}
	c->argv[c->argc] = NULL;
	return 0;
}

static int norm_sp(int sp)
{
	if (sp == 'A' || sp == 'a')
		return 'A';
	if (sp == 'B' || sp == 'b')
		return 'B';
	return 0;
}

/* ---- templates ---- */

/* What a slot takes and writes.  Every kind but K_WORD takes one argument;
 * `w` is the option word written before the value (NULL: none). */
enum kind {
	K_END = 0, /* ends the list (the zeroed tail of `slots`) */
	K_WORD,    /* the fixed word w */
	K_NAME,    /* an object name (vnx_check_name); S_OPT: left out when NULL */
	K_TOKEN,   /* a UID or IQN (vnx_check_token) */
	K_IP,      /* an IPv4 or IPv6 address */
	K_INT,     /* a number in lo..hi; S_OPT: left out when negative */
	K_REF,     /* a LUN: w and its number, or w2 and its name; S_OPT: neither */
	K_CAP,     /* a size in MB: w, the number, -sq gb|mb */
	K_SP,      /* 'A' / 'B' in either case, written after w; S_OPT: 0 leaves it out */
	K_PICK,    /* a number in lo..hi choosing the word choices[n] */
	K_ONE_OF,  /* a word that must be one of choices (NULL-terminated) */
	K_FLAG,    /* non-zero: w (and w2 when set) */
	K_INTS,    /* w, then every number of a list */
};

#define S_OPT   1u /* the argument may be absent */
#define S_LOWER 2u /* K_SP: written in lower case */

struct slot {
	enum kind kind;
	const char *w;
	const char *w2;
	int lo, hi;
	const char *const *choices;
	unsigned flags;
};

/* One argument, in the member its slot reads. */
union arg {
	const char *s;             /* K_NAME, K_TOKEN, K_IP, K_ONE_OF */
	int n;                     /* K_INT, K_SP, K_PICK, K_FLAG */
	uint64_t mb;               /* K_CAP */
	struct slgw_lun_ref ref;   /* K_REF */
	struct {
		const int *v;
		size_t n;
	} list;                    /* K_INTS */
};

#define TMPL_SLOTS 16

struct tmpl {
	const char *name;              /* the counter key */
	int modify, idempotent;        /* as in struct vnx_cmd */
	struct slot slots[TMPL_SLOTS]; /* in argv order, ended by K_END */
	const struct tmpl *check;      /* a create's landed check, or NULL */
	size_t check_arg;              /* the argument the check takes */
	const char *ok_text;           /* as in struct vnx_cmd */
};

#define WORD(w)             { K_WORD, (w), NULL, 0, 0, NULL, 0 }
#define NAME(w)             { K_NAME, (w), NULL, 0, 0, NULL, 0 }
#define OPT_NAME(w)         { K_NAME, (w), NULL, 0, 0, NULL, S_OPT }
#define TOKEN(w)            { K_TOKEN, (w), NULL, 0, 0, NULL, 0 }
#define IP(w)               { K_IP, (w), NULL, 0, 0, NULL, 0 }
#define INT(w, lo, hi)      { K_INT, (w), NULL, (lo), (hi), NULL, 0 }
#define OPT_INT(w, lo)      { K_INT, (w), NULL, (lo), INT_MAX, NULL, S_OPT }
#define REF(wid, wname)     { K_REF, (wid), (wname), 0, 0, NULL, 0 }
#define OPT_REF(wid, wname) { K_REF, (wid), (wname), 0, 0, NULL, S_OPT }
#define CAP(w)              { K_CAP, (w), NULL, 0, 0, NULL, 0 }
#define SP(flags)           { K_SP, "-sp", NULL, 0, 0, NULL, (flags) }
#define PICK(w, ch, lo, hi) { K_PICK, (w), NULL, (lo), (hi), (ch), 0 }
#define ONE_OF(w, ch)       { K_ONE_OF, (w), NULL, 0, 0, (ch), 0 }
#define FLAG(w, w2)         { K_FLAG, (w), (w2), 0, 0, NULL, 0 }
#define INTS(w)             { K_INTS, (w), NULL, 0, 0, NULL, 0 }

/* The arguments of a build, in slot order. */
#define ARGS(...) ((const union arg[]){ __VA_ARGS__ })

static int one_of(const char *s, const char *const *choices)
{
	for (size_t i = 0; s && choices[i]; i++)
		if (strcmp(s, choices[i]) == 0)
			return 1;
	return 0;
}

/* 1 when argument a suits slot s. */
static int arg_ok(const struct slot *s, const union arg *a)
{
	int opt = (s->flags & S_OPT) != 0;

	switch (s->kind) {
	case K_NAME:
		return (opt && !a->s) || vnx_check_name(a->s) == 0;
	case K_TOKEN:
		return vnx_check_token(a->s) == 0;
	case K_IP:
		return vnx_check_ip(a->s) == 0;
	case K_INT:
	case K_PICK:
		return a->n >= s->lo && a->n <= s->hi;
	case K_REF:
		return a->ref.id >= 0 || (opt && !a->ref.name) || vnx_check_name(a->ref.name) == 0;
	case K_CAP:
		return a->mb > 0 && a->mb <= VNX_MB_MAX;
	case K_SP:
		return a->n ? norm_sp(a->n) != 0 : opt;
	case K_ONE_OF:
		return one_of(a->s, s->choices);
	default:
		return 1;
	}
}

/* naviseccli takes whole numbers with a unit; gb keeps the common case
 * readable and matches the syntax every VNX release accepts, mb covers the
 * rest. */
static void push_capacity(struct vnx_cmd *c, uint64_t size_mb)
{
	if (size_mb % 1024 == 0) {
		pushf(c, "%llu", (unsigned long long)(size_mb / 1024));
		push(c, "-sq");
		push(c, "gb");
	} else {
		pushf(c, "%llu", (unsigned long long)size_mb);
		push(c, "-sq");
		push(c, "mb");
	}
}

/* Writes argument a as slot s says (a already checked by arg_ok). */
static void push_arg(struct vnx_cmd *c, const struct slot *s, const union arg *a)
{
	int opt = (s->flags & S_OPT) != 0;

	if (opt && ((s->kind == K_NAME && !a->s) || (s->kind == K_INT && a->n < 0) ||
	            (s->kind == K_SP && !a->n) ||
	            (s->kind == K_REF && a->ref.id < 0 && !a->ref.name)))
		return;
	if (s->kind == K_FLAG) {
		if (a->n) {
			push(c, s->w);
			if (s->w2)
				push(c, s->w2);
		}
		return;
	}
	if (s->kind == K_REF) {
		push(c, a->ref.id >= 0 ? s->w : s->w2);
		if (a->ref.id >= 0)
			pushf(c, "%d", a->ref.id);
		else
			push(c, a->ref.name);
		return;
	}
	if (s->w)
		push(c, s->w);
	switch (s->kind) {
	case K_INT:
		pushf(c, "%d", a->n);
		break;
	case K_CAP:
		push_capacity(c, a->mb);
		break;
	case K_SP:
		pushf(c, "%c", (s->flags & S_LOWER) ? norm_sp(a->n) - 'A' + 'a' : norm_sp(a->n));
		break;
	case K_PICK:
		push(c, s->choices[a->n]);
		break;
	case K_INTS:
		for (size_t i = 0; i < a->list.n; i++)
			pushf(c, "%d", a->list.v[i]);
		break;
	default: /* K_NAME, K_TOKEN, K_IP, K_ONE_OF */
		push(c, a->s);
		break;
	}
}

static int build(struct vnx_cmd *c, const struct tmpl *t, const union arg *args);

/* Builds t's landed check from argument a and hangs it on c. */
static int attach_check(struct vnx_cmd *c, const struct tmpl *t, const union arg *a)
{
	struct vnx_cmd *check = malloc(sizeof(*check));
	int rc;

	if (!check) {
		vnx_cmd_clear(c);
		return -SLGW_AERR_UNKNOWN;
	}
	rc = build(check, t->check, a);
	if (rc) {
		free(check);
		vnx_cmd_clear(c);
		return rc;
	}
	/* A stale (-np) answer could hide a create that landed. */
	check->fresh = 1;
	c->check = check;
	return 0;
}

/* The walker: checks every argument of t, then writes the words. */
static int build(struct vnx_cmd *c, const struct tmpl *t, const union arg *args)
{
	const struct slot *s;
	size_t k = 0;

	memset(c, 0, sizeof(*c));
	for (s = t->slots; s->kind != K_END; s++)
		if (s->kind != K_WORD && !arg_ok(s, &args[k++]))
			return -SLGW_AERR_INVALID_ARGS;
	c->name = t->name;
	c->modify = t->modify;
	c->idempotent = t->idempotent;
	c->ok_text = t->ok_text;
	k = 0;
	for (s = t->slots; s->kind != K_END; s++) {
		if (s->kind == K_WORD)
			push(c, s->w);
		else
			push_arg(c, s, &args[k++]);
	}
	if (finish(c))
		return -SLGW_AERR_UNKNOWN;
	return t->check ? attach_check(c, t, &args[t->check_arg]) : 0;
}

/* For the checks a slot cannot make: an empty command and the refusal. */
static int refuse(struct vnx_cmd *c)
{
	memset(c, 0, sizeof(*c));
	return -SLGW_AERR_INVALID_ARGS;
}

/* ---- landed checks and the lists they share ---- */

/* lun -list -all -name N: proves a create of N landed. */
static const struct tmpl lun_named = { "lun -list", 0, 1, {
	WORD("lun"), WORD("-list"), WORD("-all"), NAME("-name") } };

/* snap -list -id S -detail: proves a snap -create or -copy of S landed. */
static const struct tmpl snap_named = { "snap -list", 0, 1, {
	WORD("snap"), WORD("-list"), NAME("-id"), WORD("-detail") } };

/* The lists themselves, whose named form checks migrate -start and
 * storagegroup -create. */
static const struct tmpl migrate_list = { "migrate -list", 0, 1, {
	WORD("migrate"), WORD("-list"), OPT_INT("-source", INT_MIN) } };

static const struct tmpl sg_list = { "storagegroup -list", 0, 1, {
	WORD("storagegroup"), WORD("-list"), WORD("-host"), WORD("-iscsiAttributes"),
	OPT_NAME("-gname") } };

/* ---- discovery / lists ---- */

int vnx_cmd_getagent(struct vnx_cmd *out)
{
	static const struct tmpl t = { "getagent", 0, 1, { WORD("getagent") } };

	return build(out, &t, NULL);
}

int vnx_cmd_ndu_list(struct vnx_cmd *out)
{
	static const struct tmpl t = { "ndu -list", 0, 1, { WORD("ndu"), WORD("-list") } };

	return build(out, &t, NULL);
}

int vnx_cmd_storagepool_list(struct vnx_cmd *out, int id)
{
	static const struct tmpl t = { "storagepool -list", 0, 1, {
		WORD("storagepool"), WORD("-list"), WORD("-all"), OPT_INT("-id", INT_MIN) } };

	return build(out, &t, ARGS({ .n = id }));
}

int vnx_cmd_port_list_sp(struct vnx_cmd *out)
{
	static const struct tmpl t = { "port -list", 0, 1, {
		WORD("port"), WORD("-list"), WORD("-sp"), WORD("-all") } };

	return build(out, &t, NULL);
}

int vnx_cmd_port_list_hba(struct vnx_cmd *out)
{
	static const struct tmpl t = { "port -list", 0, 1, {
		WORD("port"), WORD("-list"), WORD("-hba") } };

	return build(out, &t, NULL);
}

int vnx_cmd_connection_getport(struct vnx_cmd *out)
{
	static const struct tmpl t = { "connection -getport", 0, 1, {
		WORD("connection"), WORD("-getport"), WORD("-all") } };

	return build(out, &t, NULL);
}

/* ---- LUNs ---- */

int vnx_cmd_lun_list(struct vnx_cmd *out, struct slgw_lun_ref ref)
{
	static const struct tmpl t = { "lun -list", 0, 1, {
		WORD("lun"), WORD("-list"), WORD("-all"), OPT_REF("-l", "-name") } };

	return build(out, &t, ARGS({ .ref = ref }));
}

int vnx_cmd_lun_create(struct vnx_cmd *out, const struct slgw_lun_spec *spec)
{
	static const char *const types[] = { "NonThin", "Thin" };
	static const struct tmpl t = { "lun -create", 1, 0, {
		WORD("lun"), WORD("-create"), CAP("-capacity"), REF("-poolId", "-poolName"),
		NAME("-name"), PICK("-type", types, 0, 1), SP(S_OPT),
		FLAG("-ignoreThresholds", NULL) }, .check = &lun_named, .check_arg = 2 };

	if (!spec)
		return refuse(out);
	return build(out, &t,
	             ARGS({ .mb = spec->size_mb }, { .ref = { spec->pool_id, spec->pool_name } },
	                  { .s = spec->name }, { .n = spec->thin != 0 }, { .n = spec->sp },
	                  { .n = spec->ignore_thresholds }));
}

int vnx_cmd_lun_destroy(struct vnx_cmd *out, struct slgw_lun_ref ref, int destroy_snapshots)
{
	/* Repeating a destroy can only answer "not found": safe. */
	static const struct tmpl t = { "lun -destroy", 1, 1, {
		WORD("lun"), WORD("-destroy"), REF("-l", "-name"),
		FLAG("-destroySnapshots", "-forceDetach"), WORD("-o") } };

	return build(out, &t, ARGS({ .ref = ref }, { .n = destroy_snapshots }));
}

int vnx_cmd_lun_expand(struct vnx_cmd *out, struct slgw_lun_ref ref, uint64_t size_mb)
{
	/* Growing to an absolute size twice ends in the same size. */
	static const struct tmpl t = { "lun -expand", 1, 1, {
		WORD("lun"), WORD("-expand"), REF("-l", "-name"), CAP("-capacity"), WORD("-o") } };

	return build(out, &t, ARGS({ .ref = ref }, { .mb = size_mb }));
}

/* ---- snapshots and SMPs ---- */

int vnx_cmd_snap_list(struct vnx_cmd *out, const char *name, int lun_id)
{
	static const struct tmpl t = { "snap -list", 0, 1, {
		WORD("snap"), WORD("-list"), OPT_NAME("-id"), OPT_INT("-res", INT_MIN),
		WORD("-detail") } };

	/* A name chooses the snapshot; the LUN counts only without one. */
	return build(out, &t, ARGS({ .s = name }, { .n = name ? -1 : lun_id }));
}

int vnx_cmd_snap_create(struct vnx_cmd *out, int lun_id, const char *name, int allow_rw)
{
	static const char *const yes_no[] = { "no", "yes" };
	static const struct tmpl t = { "snap -create", 1, 0, {
		WORD("snap"), WORD("-create"), INT("-res", 0, INT_MAX), NAME("-name"),
		PICK("-allowReadWrite", yes_no, 0, 1) }, .check = &snap_named, .check_arg = 1 };

	return build(out, &t, ARGS({ .n = lun_id }, { .s = name }, { .n = allow_rw != 0 }));
}

int vnx_cmd_snap_destroy(struct vnx_cmd *out, const char *name)
{
	static const struct tmpl t = { "snap -destroy", 1, 1, {
		WORD("snap"), WORD("-destroy"), NAME("-id"), WORD("-o") } };

	return build(out, &t, ARGS({ .s = name }));
}

int vnx_cmd_snap_restore(struct vnx_cmd *out, const char *name, int lun_id)
{
	/* Restoring the same snapshot twice leaves the same data. */
	static const struct tmpl t = { "snap -restore", 1, 1, {
		WORD("snap"), WORD("-restore"), NAME("-id"), INT("-res", 0, INT_MAX) } };

	return build(out, &t, ARGS({ .s = name }, { .n = lun_id }));
}

int vnx_cmd_snap_copy(struct vnx_cmd *out, const char *name, const char *new_name)
{
	static const struct tmpl t = { "snap -copy", 1, 0, {
		WORD("snap"), WORD("-copy"), NAME("-id"), NAME("-name") },
		.check = &snap_named, .check_arg = 1 };

	return build(out, &t, ARGS({ .s = name }, { .s = new_name }));
}

int vnx_cmd_smp_create(struct vnx_cmd *out, int primary_lun, const char *name)
{
	static const struct tmpl t = { "lun -create", 1, 0, {
		WORD("lun"), WORD("-create"), WORD("-type"), WORD("snap"),
		INT("-primaryLun", 0, INT_MAX), NAME("-name") },
		.check = &lun_named, .check_arg = 1 };

	return build(out, &t, ARGS({ .n = primary_lun }, { .s = name }));
}

int vnx_cmd_smp_attach(struct vnx_cmd *out, struct slgw_lun_ref smp, const char *snap)
{
	static const struct tmpl t = { "lun -attach", 1, 1, {
		WORD("lun"), WORD("-attach"), REF("-l", "-name"), NAME("-snapName") } };

	return build(out, &t, ARGS({ .ref = smp }, { .s = snap }));
}

int vnx_cmd_smp_detach(struct vnx_cmd *out, struct slgw_lun_ref smp)
{
	static const struct tmpl t = { "lun -detach", 1, 1, {
		WORD("lun"), WORD("-detach"), REF("-l", "-name"), WORD("-o") } };

	return build(out, &t, ARGS({ .ref = smp }));
}

/* ---- migration ---- */

int vnx_cmd_migrate_list(struct vnx_cmd *out, int source)
{
	return build(out, &migrate_list, ARGS({ .n = source }));
}

int vnx_cmd_migrate_start(struct vnx_cmd *out, int source, int dest, enum slgw_migrate_rate rate)
{
	static const char *const rates[] = { "low", "medium", "high", "asap" };
	static const struct tmpl t = { "migrate -start", 1, 0, {
		WORD("migrate"), WORD("-start"), INT("-source", 0, INT_MAX),
		INT("-dest", 0, INT_MAX), PICK("-rate", rates, SLGW_MIGRATE_LOW, SLGW_MIGRATE_ASAP),
		WORD("-o") }, .check = &migrate_list, .check_arg = 0 };

	if (source == dest)
		return refuse(out);
	return build(out, &t, ARGS({ .n = source }, { .n = dest }, { .n = (int)rate }));
}

int vnx_cmd_migrate_cancel(struct vnx_cmd *out, int source)
{
	static const struct tmpl t = { "migrate -cancel", 1, 1, {
		WORD("migrate"), WORD("-cancel"), INT("-source", 0, INT_MAX), WORD("-o") } };

	return build(out, &t, ARGS({ .n = source }));
}

/* ---- storage groups and initiators ---- */

int vnx_cmd_sg_list(struct vnx_cmd *out, const char *group)
{
	return build(out, &sg_list, ARGS({ .s = group }));
}

int vnx_cmd_sg_create(struct vnx_cmd *out, const char *group)
{
	static const struct tmpl t = { "storagegroup -create", 1, 0, {
		WORD("storagegroup"), WORD("-create"), NAME("-gname") },
		.check = &sg_list, .check_arg = 0 };

	return build(out, &t, ARGS({ .s = group }));
}

int vnx_cmd_sg_destroy(struct vnx_cmd *out, const char *group)
{
	static const struct tmpl t = { "storagegroup -destroy", 1, 1, {
		WORD("storagegroup"), WORD("-destroy"), NAME("-gname"), WORD("-o") } };

	return build(out, &t, ARGS({ .s = group }));
}

int vnx_cmd_sg_addhlu(struct vnx_cmd *out, const char *group, int hlu, int alu)
{
	/* A repeat answers "already mapped"/"HLU in use": the adapter reads
	 * the group to tell a landed first attempt from a real conflict. */
	static const struct tmpl t = { "storagegroup -addhlu", 1, 1, {
		WORD("storagegroup"), WORD("-addhlu"), INT("-hlu", 0, 255), INT("-alu", 0, INT_MAX),
		NAME("-gname"), WORD("-o") } };

	return build(out, &t, ARGS({ .n = hlu }, { .n = alu }, { .s = group }));
}

int vnx_cmd_sg_removehlu(struct vnx_cmd *out, const char *group, int hlu)
{
	static const struct tmpl t = { "storagegroup -removehlu", 1, 1, {
		WORD("storagegroup"), WORD("-removehlu"), INT("-hlu", 0, 255), NAME("-gname"),
		WORD("-o") } };

	return build(out, &t, ARGS({ .n = hlu }, { .s = group }));
}

int vnx_cmd_sg_setpath(struct vnx_cmd *out, const struct slgw_initiator_path *p)
{
	static const struct tmpl t = { "storagegroup -setpath", 1, 1, {
		WORD("storagegroup"), WORD("-setpath"), WORD("-o"), NAME("-gname"),
		TOKEN("-hbauid"), SP(S_LOWER), INT("-spport", 0, INT_MAX), OPT_INT("-spvport", -1),
		INT("-type", 0, 255), IP("-ip"), NAME("-host"), INT("-failovermode", 0, 4),
		INT("-arraycommpath", 0, 1) } };

	if (!p)
		return refuse(out);
	return build(out, &t,
	             ARGS({ .s = p->group }, { .s = p->hba_uid }, { .n = p->sp },
	                  { .n = p->sp_port }, { .n = p->vport_id }, { .n = p->initiator_type },
	                  { .s = p->host_ip }, { .s = p->host }, { .n = p->failover_mode },
	                  { .n = p->arraycommpath }));
}

int vnx_cmd_sg_sethost(struct vnx_cmd *out, const char *group, const char *host,
                       int failover_mode, int arraycommpath)
{
	static const struct tmpl t = { "storagegroup -sethost", 1, 1, {
		WORD("storagegroup"), WORD("-sethost"), NAME("-host"), NAME("-gname"),
		INT("-failovermode", 0, 4), INT("-arraycommpath", 0, 1), WORD("-o") } };

	return build(out, &t,
	             ARGS({ .s = host }, { .s = group }, { .n = failover_mode },
	                  { .n = arraycommpath }));
}

int vnx_cmd_hba_remove(struct vnx_cmd *out, const char *hba_uid)
{
	static const struct tmpl t = { "port -removeHBA", 1, 1, {
		WORD("port"), WORD("-removeHBA"), TOKEN("-hbauid"), WORD("-o") } };

	return build(out, &t, ARGS({ .s = hba_uid }));
}

/* ---- RAID groups and classic LUNs ---- */

int vnx_cmd_getrg(struct vnx_cmd *out, int id)
{
	static const struct tmpl t = { "getrg", 0, 1, { WORD("getrg"), OPT_INT(NULL, INT_MIN) } };

	return build(out, &t, ARGS({ .n = id }));
}

int vnx_cmd_getlun(struct vnx_cmd *out, int id, int pools)
{
	/* -ispoollun belongs to the pool era: inventory tools ask for it only
	 * where virtual provisioning exists, never on CX / CX3. */
	static const struct tmpl t = { "getlun", 0, 1, {
		WORD("getlun"), OPT_INT(NULL, INT_MIN), WORD("-name"), WORD("-uid"), WORD("-rg"),
		WORD("-type"), WORD("-owner"), WORD("-capacity"), WORD("-ismetalun"),
		FLAG("-ispoollun", NULL) } };

	return build(out, &t, ARGS({ .n = id }, { .n = pools }));
}

int vnx_cmd_bind(struct vnx_cmd *out, const char *raid_type, int lun_id, int rg, uint64_t size_mb,
                 char sp)
{
	/* The RAID type words bind takes (clariion.md). */
	static const char *const raid_types[] = { "r0", "r1", "r1_0", "r3", "r5", "r6", NULL };
	/* Never repeated, and no landed check: a check could only ask whether
	 * LUN N exists, and after an ambiguous failure that LUN may be someone
	 * else's (numbers are not names); the caller's recovery decides. */
	static const struct tmpl t = { "bind", 1, 0, {
		WORD("bind"), ONE_OF(NULL, raid_types), INT(NULL, 0, VNX_NUMBER_MAX),
		INT("-rg", 0, VNX_NUMBER_MAX), CAP("-cap"), SP(S_OPT | S_LOWER) } };

	return build(out, &t, ARGS({ .s = raid_type }, { .n = lun_id }, { .n = rg },
	                           { .mb = size_mb }, { .n = sp }));
}

int vnx_cmd_chglun_name(struct vnx_cmd *out, int lun_id, const char *name)
{
	/* Naming a LUN twice with the same name changes nothing. */
	static const struct tmpl t = { "chglun", 1, 1, {
		WORD("chglun"), INT("-l", 0, INT_MAX), NAME("-name") } };

	return build(out, &t, ARGS({ .n = lun_id }, { .s = name }));
}

int vnx_cmd_lun_create_rg(struct vnx_cmd *out, const struct slgw_rg_lun_spec *spec)
{
	/* No landed check, as for bind: the number is not ours until named. */
	static const struct tmpl t = { "lun -create", 1, 0, {
		WORD("lun"), WORD("-create"), CAP("-capacity"), INT("-rg", 0, VNX_NUMBER_MAX),
		INT("-l", 0, VNX_NUMBER_MAX), NAME("-name"), SP(S_OPT) } };

	if (!spec)
		return refuse(out);
	return build(out, &t, ARGS({ .mb = spec->size_mb }, { .n = spec->raid_group },
	                           { .n = spec->lun_id }, { .s = spec->name }, { .n = spec->sp }));
}

int vnx_cmd_unbind(struct vnx_cmd *out, int lun_id)
{
	/* Repeating an unbind can only answer "does not exist". */
	static const struct tmpl t = { "unbind", 1, 1, {
		WORD("unbind"), INT(NULL, 0, VNX_NUMBER_MAX), WORD("-o") } };

	return build(out, &t, ARGS({ .n = lun_id }));
}

int vnx_cmd_metalun_destroy(struct vnx_cmd *out, int lun_id)
{
	static const struct tmpl t = { "metalun -destroy", 1, 1, {
		WORD("metalun"), WORD("-destroy"), INT("-metalun", 0, VNX_NUMBER_MAX),
		WORD("-o") } };

	return build(out, &t, ARGS({ .n = lun_id }));
}

int vnx_cmd_metalun_expand(struct vnx_cmd *out, int base, const int *lus, size_t n,
                           enum slgw_metalun_type type)
{
	static const char *const types[] = { [SLGW_METALUN_STRIPED] = "S",
		                             [SLGW_METALUN_CONCAT] = "C" };
	/* Not repeated blindly: a second expand would add the components again
	 * (the array refuses, but the first outcome would be lost). */
	static const struct tmpl t = { "metalun -expand", 1, 0, {
		WORD("metalun"), WORD("-expand"), INT("-base", 0, INT_MAX), INTS("-lus"),
		PICK("-type", types, SLGW_METALUN_STRIPED, SLGW_METALUN_CONCAT), WORD("-o") } };

	/* Words: metalun -expand -base B -lus (n) -type T -o. */
	if (!lus || n == 0 || n > VNX_CMD_MAX_WORDS - 8)
		return refuse(out);
	for (size_t i = 0; i < n; i++)
		if (lus[i] < 0 || lus[i] == base)
			return refuse(out);
	return build(out, &t, ARGS({ .n = base }, { .list = { lus, n } }, { .n = (int)type }));
}

/* ---- SnapView, in the order a snapshot lives: the lists, then create, start a
 * session, activate, present to a host, roll back, and undo in reverse ---- */

int vnx_cmd_sv_listsnapshots(struct vnx_cmd *out, const char *snap)
{
	static const struct tmpl t = { "snapview -listsnapshots", 0, 1, {
		WORD("snapview"), WORD("-listsnapshots"), OPT_NAME("-snapshotname") } };

	return build(out, &t, ARGS({ .s = snap }));
}

int vnx_cmd_sv_listsessions(struct vnx_cmd *out, const char *session)
{
	static const struct tmpl t = { "snapview -listsessions", 0, 1, {
		WORD("snapview"), WORD("-listsessions"), OPT_NAME("-name") } };

	return build(out, &t, ARGS({ .s = session }));
}

int vnx_cmd_sv_createsnapshot(struct vnx_cmd *out, int lun_id, const char *snap)
{
	/* No landed check: -listsnapshots of a missing name prints nothing,
	 * which cannot be told from a listing; a repeat answers name in use,
	 * which the adapter resolves by reading the snapshot. */
	static const struct tmpl t = { "snapview -createsnapshot", 1, 0, {
		WORD("snapview"), WORD("-createsnapshot"), INT(NULL, 0, INT_MAX),
		NAME("-snapshotname") } };

	return build(out, &t, ARGS({ .n = lun_id }, { .s = snap }));
}

int vnx_cmd_sv_startsession(struct vnx_cmd *out, const char *session, const char *snap)
{
	static const struct tmpl t = { "snapview -startsession", 1, 0, {
		WORD("snapview"), WORD("-startsession"), NAME(NULL), NAME("-snapshotname"),
		WORD("-persistence") }, .ok_text = VNX_STARTSESSION_NOTICE };

	return build(out, &t, ARGS({ .s = session }, { .s = snap }));
}

int vnx_cmd_sv_activate(struct vnx_cmd *out, const char *session, const char *snap)
{
	static const struct tmpl t = { "snapview -activatesnapshot", 1, 0, {
		WORD("snapview"), WORD("-activatesnapshot"), NAME(NULL), NAME("-snapshotname") } };

	return build(out, &t, ARGS({ .s = session }, { .s = snap }));
}

int vnx_cmd_sg_addsnapshot(struct vnx_cmd *out, const char *group, const char *snap, int hlu)
{
	static const struct tmpl t = { "storagegroup -addsnapshot", 1, 1, {
		WORD("storagegroup"), WORD("-addsnapshot"), NAME("-gname"), NAME("-snapshotname"),
		INT("-hlu", 0, 255) } };

	return build(out, &t, ARGS({ .s = group }, { .s = snap }, { .n = hlu }));
}

int vnx_cmd_sg_removesnapshot(struct vnx_cmd *out, const char *group, const char *snap)
{
	static const struct tmpl t = { "storagegroup -removesnapshot", 1, 1, {
		WORD("storagegroup"), WORD("-removesnapshot"), NAME("-gname"),
		NAME("-snapshotname"), WORD("-o") } };

	return build(out, &t, ARGS({ .s = group }, { .s = snap }));
}

int vnx_cmd_sv_rollback(struct vnx_cmd *out, const char *session)
{
	static const struct tmpl t = { "snapview -startrollback", 1, 0, {
		WORD("snapview"), WORD("-startrollback"), NAME(NULL), WORD("-rate"), WORD("high"),
		WORD("-o") } };

	return build(out, &t, ARGS({ .s = session }));
}

int vnx_cmd_sv_deactivate(struct vnx_cmd *out, const char *snap)
{
	static const struct tmpl t = { "snapview -deactivatesnapshot", 1, 1, {
		WORD("snapview"), WORD("-deactivatesnapshot"), NAME("-snapshotname"),
		WORD("-o") } };

	return build(out, &t, ARGS({ .s = snap }));
}

int vnx_cmd_sv_stopsession(struct vnx_cmd *out, const char *session)
{
	static const struct tmpl t = { "snapview -stopsession", 1, 1, {
		WORD("snapview"), WORD("-stopsession"), NAME(NULL), WORD("-o") } };

	return build(out, &t, ARGS({ .s = session }));
}

int vnx_cmd_sv_rmsnapshot(struct vnx_cmd *out, const char *snap)
{
	static const struct tmpl t = { "snapview -rmsnapshot", 1, 1, {
		WORD("snapview"), WORD("-rmsnapshot"), NAME("-snapshotname"), WORD("-o") } };

	return build(out, &t, ARGS({ .s = snap }));
}
