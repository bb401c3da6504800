/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_log.c - slgwd's log: one line per event on stderr, UTC timestamp,
 * level.  stderr is unbuffered and each line is written with one fprintf
 * under a lock so lines of concurrent workers never interleave.  Nothing
 * that reaches here may contain a password: callers log user names,
 * operations and codes only.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "srv.h"

static enum srv_log_level log_threshold = SRV_LOG_INFO;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void srv_log_set_level(enum srv_log_level lvl)
{
	log_threshold = lvl;
}

int srv_log_level_parse(const char *s)
{
	static const char *const names[] = { "error", "warn", "info", "debug" };
	if (!s)
		return -1;
	for (int i = 0; i < 4; i++)
		if (!strcasecmp(s, names[i]))
			return i;
	return -1;
}

void srv_log(enum srv_log_level lvl, const char *fmt, ...)
{
	static const char *const tags[] = { "ERROR", "WARN", "INFO", "DEBUG" };
	char line[1024];
	char ts[32];
	struct timespec now;
	struct tm tm;
	va_list ap;

	if (lvl > log_threshold)
		return;
	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	/* Control characters from remote input must not forge log lines. */
	for (char *p = line; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = '?';
	pthread_mutex_lock(&log_lock);
	fprintf(stderr, "%s.%03ldZ slgwd %s %s\n", ts, now.tv_nsec / 1000000L, tags[lvl], line);
	pthread_mutex_unlock(&log_lock);
}
