/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_vnx.h - what the naviseccli parser targets (fuzz_vnx_parse.c, one
 * target per parser, and fuzz_vnx_classic.c, four parsers behind a
 * selector byte) share: reading every string and id array a parser
 * returned (so ASan sees a bad pointer or a count that does not match its
 * array), the invariant every list parser keeps on its result, and the
 * parse / check / walk / free sequence around a list parser.
 */
#ifndef SLGW_FUZZ_VNX_H
#define SLGW_FUZZ_VNX_H

#include <stddef.h>
#include <stdint.h>

/* Where the reads go, so the compiler cannot drop them. */
extern volatile size_t fuzz_sink;

/* Reads s to its terminator (NULL is fine). */
void touch(const char *s);
/* Reads the n ids of v (abort() when n > 0 and v is NULL). */
void touch_ids(const int64_t *v, size_t n);
/* Every list parser: rc 0 with (NULL, 0) or (array, n > 0); a failure
 * leaves (NULL, 0); no other rc.  abort() when not. */
void check_out(int rc, const void *out, size_t n);

/* Runs parse (vnx_parse_... (buf, len, T **, size_t *)) on buf, checks its
 * result, calls walk(array, i) on each record and frees the array with
 * free_.  A macro because T, the parser and its free function differ per
 * parser and a function could take them only through casts of function
 * pointers. */
#define FUZZ_WALK_LIST(T, parse, walk, free_, buf, len)                          \
	do {                                                                     \
		T *v_ = NULL;                                                    \
		size_t n_ = 0;                                                   \
		int rc_ = parse((buf), (len), &v_, &n_);                         \
		check_out(rc_, v_, n_);                                          \
		for (size_t i_ = 0; i_ < n_; i_++)                               \
			walk(v_, i_);                                            \
		free_(v_, n_);                                                   \
	} while (0)

#endif
