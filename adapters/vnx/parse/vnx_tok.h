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
 * yes/no flags, SP letters and comma separated id lists.  Last come the
 * declarations of the record walker (vnx_records.c) that the listing
 * parsers describe themselves to.
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

/* Frees every VNX_F_STR / VNX_F_IDS member listed in `tab` (NULL after,
 * and an id list's count 0). */
void vnx_free_fields(const vnx_field *tab, size_t n, void *rec);

#define VNX_NFIELDS(tab) (sizeof(tab) / sizeof((tab)[0]))

/* Checks the common arguments; returns 0 or a negative VNX_PARSE_ code. */
int vnx_check_args(const char *buf, size_t len, const void *out, const size_t *count);

/* ---- Listings of records (vnx_records.c) ---- */

/* How a record header carries the record's key. */
typedef enum vnx_key {
	VNX_KEY_NAME,    /* "Header: name": the name, kept even when empty (vnx_dup) */
	VNX_KEY_STR,     /* "Header: name": NULL when empty or N/A (vnx_set_str) */
	VNX_KEY_ID,      /* "Header: N": an int64_t, -1 when not a number */
	VNX_KEY_LINE_ID, /* an unlabelled "HEADER N" line: an int64_t as above */
} vnx_key;

#define VNX_L_SKIP_REPEAT 1u /* a repeated record's lines are dropped (else they fold in) */
#define VNX_L_NO_FOLD     2u /* every header starts a record, repeated or not */
#define VNX_L_LABELLED    4u /* only labelled lines reach the record */
#define VNX_L_NONEMPTY    8u /* empty lines never reach the record */
#define VNX_L_PRELUDE    16u /* the line hook also sees lines before the first record */

/* What vnx_listing.line returns besides 0 (not taken: the field table
 * reads the line) and a negative code. */
#define VNX_LINE_TAKEN 1 /* the hook took the line */
#define VNX_LINE_OPEN  2 /* start a record without header here, then hand the line again */
#define VNX_LINE_STOP  3 /* the listing ends here */

/* One kind of listing: records that start at a header line, hold
 * "Label: value" lines read through a field table, and fold a record whose
 * key repeats the previous one (doubled output).  The hooks take what the
 * table cannot; `st` is the parser's own state. */
typedef struct vnx_listing {
	size_t size;                /* sizeof one record */
	const char *header;         /* the header's label, or its text (VNX_KEY_LINE_ID);
	                             * NULL: records open only from the line hook */
	vnx_key key;
	size_t key_off;             /* the key's member */
	unsigned flags;             /* VNX_L_* */
	const vnx_field *fields;    /* applied to the current record (may be empty) */
	size_t nfields;
	void (*fix_key)(const char **s, size_t *n);        /* optional: the key as stored */
	void (*head)(void *st, bool fresh);                /* optional: at every header; fresh
	                                                    * when it starts a record */
	int (*line)(void *st, void *rec, const vnx_line *l); /* optional: VNX_LINE_* / 0 / < 0 */
	void (*free_more)(void *rec); /* optional: frees what is neither key nor field */
} vnx_listing;

/* The common part of a vnx_listing: record type, header, key kind, key
 * member, VNX_L_* flags, field table. */
#define VNX_LISTING(st, hdr, kind, member, fl, tab) \
	.size = sizeof(st), .header = (hdr), .key = (kind), .key_off = offsetof(st, member), \
	.flags = (fl), .fields = (tab), .nfields = VNX_NFIELDS(tab)

/* Defines the public record free and array free of a listing kind (their
 * prototypes are in vnx_parse.h) over vnx_free_record() and
 * vnx_free_records(): C has no other way to give each record type its own
 * typed pair. */
#define VNX_LISTING_FREE(type, listing, free_fn, array_free_fn) \
	void free_fn(type *rec)                                   \
	{                                                         \
		vnx_free_record(&(listing), rec);                     \
	}                                                         \
	void array_free_fn(type *recs, size_t count)              \
	{                                                         \
		vnx_free_records(&(listing), recs, count);            \
	}

/* The same and the parser, for a listing whose hooks keep no state. */
#define VNX_LISTING_FUNCS(type, listing, free_fn, array_free_fn, parse_fn) \
	VNX_LISTING_FREE(type, listing, free_fn, array_free_fn)              \
	int parse_fn(const char *buf, size_t len, type **out, size_t *count) \
	{                                                                    \
		return vnx_parse_listing(&(listing), NULL, buf, len, out, count); \
	}

/* Checks the common arguments and clears *out (a T **) and *count. */
int vnx_begin(const char *buf, size_t len, void *out, size_t *count);
/* Hands arr (n records) to *out: an empty listing is valid only from blank
 * input (VNX_PARSE_EFORMAT otherwise, arr freed). */
int vnx_done(const char *buf, size_t len, void *arr, size_t n, void *out, size_t *count);
/* Parses a listing of kind k into *out (a T **) and *count. */
int vnx_parse_listing(const vnx_listing *k, void *st, const char *buf, size_t len, void *out,
                      size_t *count);
/* Frees a record of kind k: its fields, its key and what free_more frees
 * (NULL is a no-op); the record itself stays. */
void vnx_free_record(const vnx_listing *k, void *rec);
/* Frees n records of kind k, then the array (NULL is a no-op). */
void vnx_free_records(const vnx_listing *k, void *arr, size_t n);
/* Frees n records of `size` bytes with free_rec, then the array. */
void vnx_free_array(void *arr, size_t n, size_t size, void (*free_rec)(void *rec));
/* Drops every record equal (same()) to the one kept before it, freeing it
 * with free_rec; returns the new count. */
size_t vnx_drop_repeats(void *arr, size_t n, size_t size,
                        bool (*same)(const void *a, const void *b), void (*free_rec)(void *rec));

#endif /* SLGW_VNX_TOK_H */
