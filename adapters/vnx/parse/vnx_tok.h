/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnx_tok.h - the line tokenizer and value helpers shared by every naviseccli
 * parser (private to slgw_vnxparse; not part of the public API).
 *
 * Design: naviseccli prints "Label:  value" lines, table rows and free text.
 * The tokenizer walks the buffer once, never reads past `end`, and hands out
 * views (pointer + length) into the caller's buffer, so it allocates nothing.
 * Each line is trimmed on both sides (spaces, tabs, CR), split at its FIRST
 * colon into label and value (values may hold colons: WWNs, snapshot names
 * with times), and a line that repeats the previous line byte for byte is
 * dropped, which makes "every line doubled" output read like the original.
 * The parsers then only decide what a label means in their context.
 *
 * The helpers turn a value view into typed fields: owned strings (NULL for
 * empty or N/A), strict integers and doubles (anything else is "absent"),
 * yes/no flags, SP letters and comma separated id lists.
 */
#ifndef SLGW_VNX_TOK_H
#define SLGW_VNX_TOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct vnx_line {
	const char *text; /* whole line, trimmed */
	size_t len;
	bool indented;    /* the raw line began with a blank (table rows) */
	bool has_label;   /* a ':' was found */
	const char *label; /* trimmed text before the first ':' */
	size_t label_len;
	const char *value; /* trimmed text after it */
	size_t value_len;
} vnx_line;

typedef struct vnx_tok {
	const char *p;
	const char *end;
	const char *prev; /* previous raw line (trailing blanks removed) */
	size_t prev_len;
	bool have_prev;
} vnx_tok;

/* Starts tokenizing [buf, buf+len). */
void vnx_tok_init(vnx_tok *t, const char *buf, size_t len);

/* Fills *l with the next line; returns false at the end of the input.
 * Lines equal to the line before them are skipped. */
bool vnx_tok_next(vnx_tok *t, vnx_line *l);

/* True when the line has a label equal (ASCII case-insensitive) to `label`. */
bool vnx_line_is(const vnx_line *l, const char *label);
/* Same with the label's length given (VNX_LINE_IS takes it from a literal
 * at compile time: these checks run for every line). */
bool vnx_line_is_n(const vnx_line *l, const char *label, size_t label_len);
#define VNX_LINE_IS(l, lit) vnx_line_is_n((l), "" lit, sizeof(lit) - 1)

/* True when [s, s+n) begins with `prefix` (ASCII case-insensitive). */
bool vnx_starts_with(const char *s, size_t n, const char *prefix);

/* True when [s, s+n) equals `word` (ASCII case-insensitive). */
bool vnx_eq(const char *s, size_t n, const char *word);

/* True when the whole input is blank (spaces, tabs, CR, LF only). */
bool vnx_is_blank(const char *buf, size_t len);

/* Owned copy of [s, s+n), NUL-terminated; control bytes (including NUL)
 * become '?' so the result is a plain C string.  NULL on ENOMEM. */
char *vnx_strndup(const char *s, size_t n);
/* vnx_strndup into *out, kept even when empty (a record's key, which the
 * caller prints); VNX_PARSE_ENOMEM on allocation failure, else 0. */
int vnx_dup(char **out, const char *s, size_t n);

/* Value copy: *out = NULL when the value is empty, "N/A" or "Not
 * Applicable" (returns 0),
 * else an owned string.  Returns VNX_PARSE_ENOMEM on allocation failure.
 * Leaves *out untouched (and returns 0) when *out is already set, so the
 * first occurrence of a label wins. */
int vnx_set_str(char **out, const vnx_line *l);

/* Strict decimal integer (optional '-', digits, no overflow).  0 or -1. */
int vnx_parse_i64(const char *s, size_t n, int64_t *out);
/* Same, range-checked into an int. */
int vnx_parse_int(const char *s, size_t n, int *out);
/* Decimal number with optional fraction and a trailing '%' allowed. */
int vnx_parse_double(const char *s, size_t n, double *out);

/* "YES"/"Yes"/"true"/"On"/"Enabled" -> true; anything else false. */
bool vnx_parse_yes(const char *s, size_t n);

/* "SP A", "A", "a", "SP B", ... -> 'A' / 'B'; anything else '\0'. */
char vnx_parse_sp(const char *s, size_t n);

/* Comma and/or blank separated integers ("4057,4056", "1, 3"); tokens that
 * are not integers are skipped.  *out NULL and *count 0 when none.
 * Returns 0 or VNX_PARSE_ENOMEM. */
int vnx_parse_id_list(const char *s, size_t n, int64_t **out, size_t *count);

/* Makes room for one more element of `elsize` bytes in a growable array
 * (*arr with *cap slots, `count` used); the new slot is zeroed.
 * Returns 0 or VNX_PARSE_ENOMEM (the array is left as it was). */
int vnx_grow(void **arr, size_t *cap, size_t count, size_t elsize);

/* Table-driven fields: most labels map one value to one struct member, so
 * each parser lists {label, type, offset} and lets vnx_apply_field() do the
 * conversion.  Numeric members start absent (-1) via vnx_init_fields() and
 * are set only while still absent (first occurrence wins, like strings). */
typedef enum vnx_ftype {
	VNX_F_STR,  /* char *          (NULL for empty / N/A) */
	VNX_F_I64,  /* int64_t         (-1 absent) */
	VNX_F_INT,  /* int             (-1 absent) */
	VNX_F_DBL,  /* double          (-1.0 absent) */
	VNX_F_BOOL, /* bool            (false absent) */
	VNX_F_SP,   /* char 'A'/'B'    ('\0' absent) */
	VNX_F_IDS,  /* int64_t * at off, size_t count at off2 */
} vnx_ftype;

typedef struct vnx_field {
	const char *label;
	size_t label_len; /* strlen(label), filled at compile time by VNX_FIELD */
	vnx_ftype type;
	size_t off;
	size_t off2;
} vnx_field;

/* Table entry: label (a string literal), type, struct, member[, count member].
 * The label length is computed by the compiler so matching can reject most
 * labels on length alone: this lookup runs once per output line. */
#define VNX_FIELD(label, type, st, member) { label, sizeof(label) - 1, type, offsetof(st, member), 0 }
#define VNX_FIELD_IDS(label, st, member, cnt) \
	{ label, sizeof(label) - 1, VNX_F_IDS, offsetof(st, member), offsetof(st, cnt) }

/* Sets every numeric member listed in `tab` to absent (-1). */
void vnx_init_fields(const vnx_field *tab, size_t n, void *rec);

/* If the line's label is in `tab`, stores its value into `rec` and sets
 * *matched.  Returns 0 or VNX_PARSE_ENOMEM. */
int vnx_apply_field(const vnx_field *tab, size_t n, void *rec, const vnx_line *l, bool *matched);

/* Frees every VNX_F_STR / VNX_F_IDS member listed in `tab`. */
void vnx_free_fields(const vnx_field *tab, size_t n, void *rec);

#define VNX_NFIELDS(tab) (sizeof(tab) / sizeof((tab)[0]))

/* Checks the common arguments; returns 0 or a negative VNX_PARSE_ code. */
int vnx_check_args(const char *buf, size_t len, const void *out, const size_t *count);

#endif /* SLGW_VNX_TOK_H */
