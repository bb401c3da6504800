/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_fixture.h - the world a broker test runs in: a real store in a
 * fresh mkdtemp directory, the counting fake array of fake_array.c, and a
 * broker whose adapter factory hands out that array for every system.
 *
 * Design: the suites keep their own file-scope store, broker and array
 * (their tests name them on almost every line); these helpers take them by
 * address, so that a suite's setup and teardown are a call each and every
 * suite builds its world the same way.  Every helper asserts with Check,
 * so a failure names the step that broke.
 */
#ifndef SLGW_TEST_BROKER_FIXTURE_H
#define SLGW_TEST_BROKER_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "broker_internal.h"
#include "fake_array.h"

/* Makes /tmp/<prefix>-XXXXXX (into dir), opens dir/store.db and
 * initialises the fake array. */
void bfx_open(char *dir, size_t dirlen, const char *prefix, store **s, struct fake_array *fa);

/* The configuration the suites start from: 4 workers, 10 s default wait. */
void bfx_config(struct broker_config *cfg);

/* The adapter factory of bfx_broker_up: every system's adapter is the
 * fake array given as ctx (for a test that puts it back after trying the
 * real registry). */
int bfx_factory(struct slgw_adapter **out, void *ctx, const store_system *sys,
		struct broker_status *st);

/* Starts a broker on s whose adapters are all fa (cfg NULL: bfx_config's)
 * and waits until it has reconciled. */
void bfx_broker_up(broker **b, store *s, const struct broker_config *cfg,
		   struct fake_array *fa, struct broker_status *st);

/* Opens the gate, frees the broker, closes the store, destroys the array
 * and removes dir. */
void bfx_close(const char *dir, broker **b, store **s, struct fake_array *fa);

/* The JSON integer `key` of a job's result (0 when absent). */
int64_t bfx_result_int(const store_job *j, const char *key);

/* Asserts that j exists and SUCCEEDED, naming its error otherwise. */
void bfx_expect_succeeded(const store_job *j);

/* The same for the job of id read back from s. */
void bfx_expect_job_succeeded(store *s, int64_t id);

/* Writes a job of kind on volume vid ("volume/<vid>") with params as a
 * crash leaves it: RUNNING for root, at step (NULL: none); the job's id. */
int64_t bfx_crashed_job(store *s, const char *kind, int64_t vid, const char *params,
			const char *step);

/* Adds the fake array as system "vnx1" and returns its id and its two
 * pools' ids (array pool 0 and 1; pool1 may be NULL), 32 bytes each. */
void bfx_add_system(char *sys, char *pool0, char *pool1, broker *b, store *s,
		    const struct broker_caller *admin, struct broker_status *st);

#endif
