/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnx_runner.c - posix_spawn of naviseccli with timeout, SP failover,
 * bounded retries, an in-flight limit and counters.
 *
 * Layering inside this file, bottom up:
 *  - spawn_once(): one child process on one SP; returns what it printed
 *    and how it ended (or that it timed out and was killed).  Knows nothing
 *    about naviseccli semantics.
 *  - classify(): turns one attempt into an error class with the parser
 *    library's classifier, applying "any output of a modifying command is
 *    an error" and "exit status is not trusted alone".
 *  - run_cmd(): the policy: which SP, when to fail over, when a retry is
 *    safe, when a landed check must come first.
 *  - vnx_runner_run(): the in-flight slot and the counters around it.
 *
 * Why each ambiguous case is handled as it is:
 *  - "connection refused" / network error: the command never reached an SP,
 *    so sending it to the other SP is always safe, even for a create;
 *  - timeout and "End of data stream": the command may have run, so only an
 *    idempotent command is repeated; a create first runs its check command
 *    (a list by name) and succeeds if the object is there;
 *  - "preparing" (0x712d8e0e): the array refused and changed nothing, so
 *    any command may be retried after the backoff;
 *  - a child killed by a signal (the OOM killer, an operator, a crash) is
 *    treated as a timeout: what it printed may be a listing cut short, so
 *    it is never parsed as an answer, and what it was doing may have
 *    landed, so a create is checked before it goes anywhere else.
 *
 * The child inherits stdin (/dev/null), its two pipes as stdout and stderr,
 * and nothing else: the gateway's listening socket and client connections
 * (gSOAP does not make them close-on-exec) and any descriptor a library
 * opened are closed in the child, so a hung naviseccli can never hold a
 * client's connection or the server's port.
 */
/* pipe2() with O_CLOEXEC closes the fd-inheritance race with other
 * threads' spawns; it is a GNU/Linux (and POSIX 2024) call, as is
 * posix_spawn_file_actions_addclosefrom_np (glibc 2.34). */
#define _GNU_SOURCE
#include "vnx_runner.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vnx_parse.h"

extern char **environ;

#define DEFAULT_TIMEOUT_MS 60000u
#define DEFAULT_INFLIGHT 4u
#define DEFAULT_BACKOFF_MS 500u
#define DEFAULT_OUTPUT_CAP ((size_t)4 * 1024 * 1024)
#define MAX_RETRIES 10u
#define MAX_BACKOFF_MS 30000u

struct stat_entry {
	const char *name;                 /* static string from vnx_cmd */
	uint64_t count[SLGW_AERR__COUNT];
	uint64_t total_us[SLGW_AERR__COUNT];
	uint64_t attempts[SLGW_AERR__COUNT];
};

struct vnx_runner {
	char *path;
	char *sp_addr[2];         /* [0] = SP A, [1] = SP B (NULL: none) */
	char *secfilepath;
	char *user;
	char *password;
	char scope[4];
	char *name;
	unsigned timeout_ms;
	unsigned retries;
	unsigned backoff_ms;
	size_t output_cap;
	int no_poll;
	char **envp;              /* deep copy, or NULL to inherit environ */
	vnx_log_fn log;
	void *log_ctx;
	int (*gate)(void *gate_ctx, char *why, size_t whylen);
	void *gate_ctx;

	pthread_mutex_t lock;     /* guards everything below */
	pthread_cond_t slot_free;
	unsigned max_inflight;
	unsigned inflight;
	unsigned peak_inflight;
	int preferred;            /* index into sp_addr of the SP that answered last */
	struct stat_entry *stats;
	size_t n_stats;
	size_t cap_stats;
};

/* ---- small helpers ---- */

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void sleep_us(unsigned us)
{
	struct timespec ts = { us / 1000000, (long)(us % 1000000) * 1000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Backoff delays are bounded by MAX_BACKOFF_MS, so no overflow here. */
static void sleep_ms(unsigned ms)
{
	sleep_us(ms * 1000u);
}

static void set_err(struct slgw_adapter_error *err, enum slgw_adapter_err cls,
                    const char *code, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void set_err(struct slgw_adapter_error *err, enum slgw_adapter_err cls,
                    const char *code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	err->cls = cls;
	snprintf(err->code, sizeof(err->code), "%s", code ? code : "");
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
}

/* Replaces every occurrence of the password in s by "***" in place (the
 * result is never longer for passwords of 3+ chars; shorter ones are
 * replaced by as many '*'), so an array that echoes its command line
 * cannot leak it into messages or logs. */
static void scrub(char *s, const char *password)
{
	size_t plen;
	char *p;

	if (!s || !password || !*password)
		return;
	plen = strlen(password);
	while ((p = strstr(s, password)) != NULL) {
		size_t stars = plen < 3 ? plen : 3;

		memset(p, '*', stars);
		memmove(p + stars, p + plen, strlen(p + plen) + 1);
	}
}

static char *dup_or_null(const char *s, int *oom)
{
	char *d;

	if (!s || !*s)
		return NULL;
	d = strdup(s);
	if (!d)
		*oom = 1;
	return d;
}

void vnx_output_clear(struct vnx_output *o)
{
	if (!o)
		return;
	free(o->text);
	memset(o, 0, sizeof(*o));
}

/* ---- construction ---- */

void vnx_runner_free(struct vnx_runner *r)
{
	if (!r)
		return;
	free(r->path);
	free(r->sp_addr[0]);
	free(r->sp_addr[1]);
	free(r->secfilepath);
	free(r->user);
	if (r->password) {
		/* volatile-free wipe: explicit_bzero keeps the compiler honest */
		explicit_bzero(r->password, strlen(r->password));
		free(r->password);
	}
	free(r->name);
	if (r->envp) {
		for (char **e = r->envp; *e; e++)
			free(*e);
		free(r->envp);
	}
	free(r->stats);
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->slot_free);
	free(r);
}

/* Addresses go straight into argv after -h: a host name or IP literal. */
static int check_address(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > 253 || s[0] == '-')
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '-' || c == ':' || c == '_' || c == '[' || c == ']'))
			return -1;
	}
	return 0;
}

int vnx_runner_new(struct vnx_runner **out, const struct vnx_config *cfg,
                   struct slgw_adapter_error *err)
{
	struct vnx_runner *r;
	int oom = 0;

	if (out)
		*out = NULL;
	if (!out || !cfg) {
		set_err(err, SLGW_AERR_INVALID_ARGS, NULL, "missing configuration");
		return -SLGW_AERR_INVALID_ARGS;
	}
	if (!cfg->naviseccli || cfg->naviseccli[0] != '/') {
		set_err(err, SLGW_AERR_INVALID_ARGS, NULL, "naviseccli path must be absolute");
		return -SLGW_AERR_INVALID_ARGS;
	}
	if (check_address(cfg->sp_a) || (cfg->sp_b && *cfg->sp_b && check_address(cfg->sp_b))) {
		set_err(err, SLGW_AERR_INVALID_ARGS, NULL, "invalid SP address");
		return -SLGW_AERR_INVALID_ARGS;
	}
	if (cfg->secfilepath && *cfg->secfilepath) {
		if (cfg->secfilepath[0] != '/') {
			set_err(err, SLGW_AERR_INVALID_ARGS, NULL, "secfilepath must be absolute");
			return -SLGW_AERR_INVALID_ARGS;
		}
	} else if (vnx_check_token(cfg->user) || !cfg->password || !*cfg->password ||
	           strchr(cfg->password, '\n') || cfg->scope < 0 || cfg->scope > 2) {
		set_err(err, SLGW_AERR_INVALID_ARGS, NULL,
		        "credentials: need secfilepath, or user, password and scope 0..2");
		return -SLGW_AERR_INVALID_ARGS;
	}
	if (cfg->retries > MAX_RETRIES || cfg->backoff_ms > MAX_BACKOFF_MS ||
	    cfg->max_inflight > 1024) {
		set_err(err, SLGW_AERR_INVALID_ARGS, NULL, "retries, backoff or max_inflight out of range");
		return -SLGW_AERR_INVALID_ARGS;
	}

	r = calloc(1, sizeof(*r));
	if (!r)
		goto nomem;
	if (pthread_mutex_init(&r->lock, NULL)) {
		free(r);
		goto nomem;
	}
	if (pthread_cond_init(&r->slot_free, NULL)) {
		pthread_mutex_destroy(&r->lock);
		free(r);
		goto nomem;
	}
	r->path = dup_or_null(cfg->naviseccli, &oom);
	r->sp_addr[0] = dup_or_null(cfg->sp_a, &oom);
	r->sp_addr[1] = dup_or_null(cfg->sp_b, &oom);
	if (cfg->secfilepath && *cfg->secfilepath) {
		r->secfilepath = dup_or_null(cfg->secfilepath, &oom);
	} else {
		r->user = dup_or_null(cfg->user, &oom);
		r->password = dup_or_null(cfg->password, &oom);
		snprintf(r->scope, sizeof(r->scope), "%d", cfg->scope);
	}
	r->name = dup_or_null(cfg->name ? cfg->name : cfg->sp_a, &oom);
	r->timeout_ms = cfg->timeout_ms ? cfg->timeout_ms : DEFAULT_TIMEOUT_MS;
	r->max_inflight = cfg->max_inflight ? cfg->max_inflight : DEFAULT_INFLIGHT;
	r->retries = cfg->retries;
	r->backoff_ms = cfg->backoff_ms ? cfg->backoff_ms : DEFAULT_BACKOFF_MS;
	r->output_cap = cfg->output_cap ? cfg->output_cap : DEFAULT_OUTPUT_CAP;
	r->no_poll = cfg->no_poll;
	r->log = cfg->log;
	r->log_ctx = cfg->log_ctx;
	r->gate = cfg->gate;
	r->gate_ctx = cfg->gate_ctx;
	if (cfg->envp) {
		size_t n = 0;

		while (cfg->envp[n])
			n++;
		r->envp = calloc(n + 1, sizeof(char *));
		if (!r->envp)
			oom = 1;
		for (size_t i = 0; r->envp && i < n; i++) {
			r->envp[i] = strdup(cfg->envp[i]);
			if (!r->envp[i])
				oom = 1;
		}
	}
	if (oom) {
		vnx_runner_free(r);
		goto nomem;
	}
	*out = r;
	return 0;
nomem:
	set_err(err, SLGW_AERR_UNKNOWN, NULL, "out of memory");
	return -SLGW_AERR_UNKNOWN;
}

char vnx_runner_preferred_sp(struct vnx_runner *r)
{
	int p;

	pthread_mutex_lock(&r->lock);
	p = r->preferred;
	pthread_mutex_unlock(&r->lock);
	return p ? 'B' : 'A';
}

unsigned vnx_runner_peak_inflight(struct vnx_runner *r)
{
	unsigned p;

	pthread_mutex_lock(&r->lock);
	p = r->peak_inflight;
	pthread_mutex_unlock(&r->lock);
	return p;
}

/* ---- logging ---- */

/* Formats "<array> SP x: naviseccli -h .. -password *** cmd.. -> result"
 * into buf; the password word is never copied. */
static void log_attempt(struct vnx_runner *r, char *const *argv, char sp, const char *result,
                        uint64_t us)
{
	char line[1024];
	size_t off = 0;
	int mask_next = 0;

	if (!r->log)
		return;
	off += (size_t)snprintf(line, sizeof(line), "vnx %s SP %c:", r->name ? r->name : "?", sp);
	for (size_t i = 0; argv[i] && off < sizeof(line); i++) {
		const char *w = mask_next ? "***" : argv[i];

		mask_next = strcmp(argv[i], "-password") == 0;
		off += (size_t)snprintf(line + off, sizeof(line) - off, " %s", w);
	}
	if (off < sizeof(line))
		snprintf(line + off, sizeof(line) - off, " -> %s (%llu ms)", result,
		         (unsigned long long)(us / 1000));
	scrub(line, r->password);
	r->log(r->log_ctx, line);
}

/* ---- one child process ---- */

enum attempt_end { ATTEMPT_EXITED, ATTEMPT_TIMEOUT, ATTEMPT_KILLED, ATTEMPT_LOCAL_FAIL };

struct attempt {
	enum attempt_end end;
	int exit_status;          /* exit code or -1 when signaled */
	int signal;               /* ATTEMPT_KILLED: the signal that ended it */
	char *out;                /* stdout, NUL terminated */
	size_t out_len;
	char *err;                /* stderr, NUL terminated */
	size_t err_len;
	int truncated;
	char why[128];            /* local failure reason */
};

static void attempt_clear(struct attempt *a)
{
	free(a->out);
	free(a->err);
	memset(a, 0, sizeof(*a));
}

/* Appends up to what the cap allows; the rest is drained and dropped so
 * the child never blocks on a full pipe. */
static int buf_append(char **buf, size_t *len, size_t cap, const char *data, size_t n,
                      int *truncated)
{
	size_t take = n;
	char *nb;

	if (*len + take > cap) {
		take = cap > *len ? cap - *len : 0;
		*truncated = 1;
	}
	if (take == 0)
		return 0;
	nb = realloc(*buf, *len + take + 1);
	if (!nb)
		return -1;
	memcpy(nb + *len, data, take);
	*len += take;
	nb[*len] = '\0';
	*buf = nb;
	return 0;
}

static void kill_child(pid_t pid)
{
	/* The child leads its own process group; kill the group so anything
	 * it started dies too, then the child itself in case setpgid lost. */
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
}

static int reap(pid_t pid, int *status)
{
	pid_t w;

	do {
		w = waitpid(pid, status, 0);
	} while (w < 0 && errno == EINTR);
	return w == pid ? 0 : -1;
}

#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34)) && \
	!defined(SLGW_NO_ADDCLOSEFROM)
/* One action, done in the child with close_range(): nothing can slip by. */
static int close_inherited(posix_spawn_file_actions_t *fa)
{
	return posix_spawn_file_actions_addclosefrom_np(fa, 3);
}
#else
/* No close-from action in this C library: one close action per descriptor
 * open now (every one the process can have when /proc is not mounted).
 * Closing a descriptor another thread closed meanwhile is harmless in the
 * child; one another thread opens between this listing and the spawn is
 * not covered, which is why the close-from action is preferred. */
static int close_inherited(posix_spawn_file_actions_t *fa)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	long max;
	int rc = 0;

	if (d) {
		while (rc == 0 && (e = readdir(d)) != NULL) {
			char *end;
			long fd = strtol(e->d_name, &end, 10);

			if (end == e->d_name || *end || fd < 3 || fd == dirfd(d) || fd > INT32_MAX)
				continue;
			rc = posix_spawn_file_actions_addclose(fa, (int)fd);
		}
		closedir(d);
		return rc;
	}
	max = sysconf(_SC_OPEN_MAX);
	if (max < 0 || max > 65536)
		max = 65536;
	for (long fd = 3; rc == 0 && fd < max; fd++)
		rc = posix_spawn_file_actions_addclose(fa, (int)fd);
	return rc;
}
#endif

static void spawn_once(struct vnx_runner *r, char *const *argv, struct attempt *a)
{
	int po[2] = { -1, -1 }, pe[2] = { -1, -1 };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, defs;
	pid_t pid;
	int rc, status = 0, open_fds;
	uint64_t deadline;
	unsigned nap_us = 50;
	char chunk[65536];

	memset(a, 0, sizeof(*a));
	a->out = calloc(1, 1);
	a->err = calloc(1, 1);
	if (!a->out || !a->err) {
		a->end = ATTEMPT_LOCAL_FAIL;
		snprintf(a->why, sizeof(a->why), "out of memory");
		return;
	}
	/* O_CLOEXEC: children spawned by other threads meanwhile must not
	 * inherit our pipe ends, or our EOF would wait for them. */
	if (pipe2(po, O_CLOEXEC) || pipe2(pe, O_CLOEXEC)) {
		a->end = ATTEMPT_LOCAL_FAIL;
		snprintf(a->why, sizeof(a->why), "pipe: %s", strerror(errno));
		goto close_pipes;
	}
	/* After the dup2s, so the pipe ends are in place before their
	 * originals (>= 3) are closed with the rest. */
	rc = posix_spawn_file_actions_init(&fa);
	if (rc == 0) {
		if ((rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0)) ||
		    (rc = posix_spawn_file_actions_adddup2(&fa, po[1], 1)) ||
		    (rc = posix_spawn_file_actions_adddup2(&fa, pe[1], 2)) ||
		    (rc = close_inherited(&fa)))
			posix_spawn_file_actions_destroy(&fa);
	}
	if (rc != 0) {
		a->end = ATTEMPT_LOCAL_FAIL;
		snprintf(a->why, sizeof(a->why), "spawn file actions: %s", strerror(rc));
		goto close_pipes;
	}
	posix_spawnattr_init(&attr);
	sigemptyset(&none);
	sigemptyset(&defs);
	sigaddset(&defs, SIGPIPE);
	sigaddset(&defs, SIGINT);
	sigaddset(&defs, SIGTERM);
	sigaddset(&defs, SIGHUP);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &defs);
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
	                                    POSIX_SPAWN_SETPGROUP);
	rc = posix_spawn(&pid, r->path, &fa, &attr, argv, r->envp ? r->envp : environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	close(po[1]);
	close(pe[1]);
	po[1] = pe[1] = -1;
	if (rc != 0) {
		a->end = ATTEMPT_LOCAL_FAIL;
		snprintf(a->why, sizeof(a->why), "cannot start %s: %s", r->path, strerror(rc));
		goto close_pipes;
	}

	deadline = now_us() + (uint64_t)r->timeout_ms * 1000u;
	open_fds = 2;
	a->end = ATTEMPT_EXITED;
	while (open_fds > 0) {
		struct pollfd pfd[2];
		nfds_t n = 0;
		uint64_t now = now_us();
		int pr;

		if (now >= deadline) {
			a->end = ATTEMPT_TIMEOUT;
			break;
		}
		if (po[0] >= 0)
			pfd[n++] = (struct pollfd){ .fd = po[0], .events = POLLIN };
		if (pe[0] >= 0)
			pfd[n++] = (struct pollfd){ .fd = pe[0], .events = POLLIN };
		pr = poll(pfd, n, (int)((deadline - now + 999) / 1000));
		if (pr < 0) {
			if (errno == EINTR)
				continue;
			a->end = ATTEMPT_LOCAL_FAIL;
			snprintf(a->why, sizeof(a->why), "poll: %s", strerror(errno));
			break;
		}
		for (nfds_t i = 0; i < n; i++) {
			int is_out = pfd[i].fd == po[0];
			ssize_t got;

			if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			got = read(pfd[i].fd, chunk, sizeof(chunk));
			if (got < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (got <= 0) {
				close(pfd[i].fd);
				if (is_out)
					po[0] = -1;
				else
					pe[0] = -1;
				open_fds--;
				continue;
			}
			if (buf_append(is_out ? &a->out : &a->err, is_out ? &a->out_len : &a->err_len,
			               r->output_cap, chunk, (size_t)got, &a->truncated)) {
				a->end = ATTEMPT_LOCAL_FAIL;
				snprintf(a->why, sizeof(a->why), "out of memory");
				open_fds = -1;
				break;
			}
		}
	}
	/* Pipes closed: the child is exiting; still bound its exit by the
	 * deadline (it could close its output and hang).  Short first naps:
	 * the usual case is a child a few microseconds from exit. */
	while (a->end == ATTEMPT_EXITED) {
		pid_t w = waitpid(pid, &status, WNOHANG);

		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			a->end = ATTEMPT_LOCAL_FAIL;
			snprintf(a->why, sizeof(a->why), "waitpid: %s", strerror(errno));
			goto close_pipes;
		}
		if (now_us() >= deadline) {
			a->end = ATTEMPT_TIMEOUT;
			break;
		}
		sleep_us(nap_us);
		if (nap_us < 5000)
			nap_us *= 2;
	}
	if (a->end != ATTEMPT_EXITED) {
		kill_child(pid);
		reap(pid, &status);
	}
	if (WIFEXITED(status)) {
		a->exit_status = WEXITSTATUS(status);
	} else {
		a->exit_status = -1;
		/* Whatever it printed may stop mid-record: not an answer. */
		if (a->end == ATTEMPT_EXITED) {
			a->end = ATTEMPT_KILLED;
			a->signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
		}
	}
close_pipes:
	for (int i = 0; i < 2; i++) {
		if (po[i] >= 0)
			close(po[i]);
		if (pe[i] >= 0)
			close(pe[i]);
	}
}

/* ---- classification of one finished attempt ---- */

static int is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

/* True when [s, s+n) is `text` with nothing but blanks around it. */
static int is_only(const char *s, size_t n, const char *text)
{
	size_t m = strlen(text);

	while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	return n == m && memcmp(s, text, m) == 0;
}

static enum slgw_adapter_err map_class(vnx_errclass c)
{
	switch (c) {
	case VNX_ERR_NONE: return SLGW_AERR_OK;
	case VNX_ERR_NOT_FOUND: return SLGW_AERR_NOT_FOUND;
	case VNX_ERR_NAME_IN_USE: return SLGW_AERR_NAME_IN_USE;
	case VNX_ERR_MAPPED: return SLGW_AERR_MAPPED;
	case VNX_ERR_HAS_SNAPSHOTS: return SLGW_AERR_HAS_SNAPSHOTS;
	case VNX_ERR_BUSY: return SLGW_AERR_BUSY;
	case VNX_ERR_HLU_IN_USE: return SLGW_AERR_HLU_IN_USE;
	case VNX_ERR_ALREADY_MAPPED: return SLGW_AERR_ALREADY_MAPPED;
	case VNX_ERR_UNREACHABLE: return SLGW_AERR_UNREACHABLE;
	case VNX_ERR_AUTH: return SLGW_AERR_AUTH;
	case VNX_ERR_INVALID_ARGS: return SLGW_AERR_INVALID_ARGS;
	case VNX_ERR_NOT_SUPPORTED: return SLGW_AERR_NOT_SUPPORTED;
	case VNX_ERR_NO_SPACE: return SLGW_AERR_NO_SPACE;
	case VNX_ERR_ID_IN_USE: return SLGW_AERR_ID_IN_USE;
	default: return SLGW_AERR_UNKNOWN;
	}
}

/* What the policy needs to know about a transient error. */
enum transient { NOT_TRANSIENT, TRANSIENT_REFUSED, TRANSIENT_AMBIGUOUS };

/* Classifies one exited attempt into err; returns the class and sets *tr. */
static enum slgw_adapter_err classify(struct vnx_runner *r, const struct vnx_cmd *cmd,
                                      const struct attempt *a, struct slgw_adapter_error *err,
                                      enum transient *tr)
{
	vnx_error ve = { 0 };
	const char *text = a->out;
	size_t len = a->out_len;
	int rc;
	enum slgw_adapter_err cls;

	*tr = NOT_TRANSIENT;
	if (a->truncated) {
		set_err(err, SLGW_AERR_UNKNOWN, NULL,
		        "output larger than %zu bytes: refused rather than half parsed", r->output_cap);
		return SLGW_AERR_UNKNOWN;
	}
	/* naviseccli prints errors on stdout; stderr only matters when stdout
	 * says nothing (then it is all we have). */
	if (is_blank(a->out, a->out_len) && !is_blank(a->err, a->err_len)) {
		text = a->err;
		len = a->err_len;
	}
	/* The one notice a modifying command prints on success. */
	if (cmd->ok_text && is_only(text, len, cmd->ok_text))
		return SLGW_AERR_OK;
	if (cmd->modify)
		rc = vnx_classify_modify_output(text, len, &ve);
	else
		rc = vnx_classify_error(text, len, &ve);
	if (rc < 0) {
		vnx_error_clear(&ve);
		set_err(err, SLGW_AERR_UNKNOWN, NULL, "cannot classify output: %s",
		        vnx_parse_strerror(rc));
		return SLGW_AERR_UNKNOWN;
	}
	if (rc == 0) {
		vnx_error_clear(&ve);
		/* Blank output with a failure exit is not a success just
		 * because nothing was printed (death by signal never gets
		 * here: spawn_once ends such an attempt as killed). */
		if (a->exit_status != 0 && is_blank(text, len)) {
			set_err(err, SLGW_AERR_UNKNOWN, NULL,
			        "naviseccli exited with status %d and no output", a->exit_status);
			return SLGW_AERR_UNKNOWN;
		}
		return SLGW_AERR_OK;
	}
	cls = map_class(ve.cls);
	if (ve.retryable)
		*tr = strcmp(ve.code, "0x712d8e0e") == 0 ? TRANSIENT_REFUSED : TRANSIENT_AMBIGUOUS;
	if (err) {
		err->cls = cls;
		snprintf(err->code, sizeof(err->code), "%.15s", ve.code);
		snprintf(err->message, sizeof(err->message), "%s", ve.message ? ve.message : "");
		scrub(err->message, r->password);
	}
	vnx_error_clear(&ve);
	return cls;
}

/* ---- policy ---- */

/* Builds the full argv for one SP.  Returns a NULL-terminated array of
 * borrowed pointers (into r and cmd) or NULL for no memory. */
static char **build_argv(struct vnx_runner *r, const struct vnx_cmd *cmd, int spi)
{
	size_t n = 0, max = cmd->argc + 12;
	char **v = calloc(max, sizeof(char *));

	if (!v)
		return NULL;
	v[n++] = r->path;
	v[n++] = (char *)"-h";
	v[n++] = r->sp_addr[spi];
	if (r->secfilepath) {
		v[n++] = (char *)"-secfilepath";
		v[n++] = r->secfilepath;
	} else {
		v[n++] = (char *)"-user";
		v[n++] = r->user;
		v[n++] = (char *)"-password";
		v[n++] = r->password;
		v[n++] = (char *)"-scope";
		v[n++] = r->scope;
	}
	if (!cmd->modify && !cmd->fresh && r->no_poll)
		v[n++] = (char *)"-np";
	for (size_t i = 0; i < cmd->argc; i++)
		v[n++] = cmd->argv[i];
	v[n] = NULL;
	return v;
}

static void record(struct vnx_runner *r, const char *name, enum slgw_adapter_err cls,
                   uint64_t us, unsigned attempts)
{
	struct stat_entry *e = NULL;

	if ((int)cls < 0 || cls >= SLGW_AERR__COUNT)
		cls = SLGW_AERR_UNKNOWN;
	pthread_mutex_lock(&r->lock);
	for (size_t i = 0; i < r->n_stats; i++) {
		/* Names are static strings, but compare text: two builders may
		 * share a key ("lun -create" for LUNs and SMPs). */
		if (strcmp(r->stats[i].name, name) == 0) {
			e = &r->stats[i];
			break;
		}
	}
	if (!e) {
		if (r->n_stats == r->cap_stats) {
			size_t nc = r->cap_stats ? r->cap_stats * 2 : 16;
			struct stat_entry *ns = realloc(r->stats, nc * sizeof(*ns));

			if (!ns) {
				/* Losing a counter is better than failing the command. */
				pthread_mutex_unlock(&r->lock);
				return;
			}
			r->stats = ns;
			r->cap_stats = nc;
		}
		e = &r->stats[r->n_stats++];
		memset(e, 0, sizeof(*e));
		e->name = name;
	}
	e->count[cls]++;
	e->total_us[cls] += us;
	e->attempts[cls] += attempts;
	pthread_mutex_unlock(&r->lock);
}

static int run_policy(struct vnx_output *out, struct vnx_runner *r, const struct vnx_cmd *cmd,
                      struct slgw_adapter_error *err, unsigned *attempts);

/* Runs cmd->check: 1 = the create landed, 0 = it did not, -1 = unknown. */
static int landed(struct vnx_runner *r, const struct vnx_cmd *cmd)
{
	struct slgw_adapter_error e = { 0 };
	unsigned att = 0;
	uint64_t t0 = now_us();
	int rc;

	if (!cmd->check)
		return -1;
	rc = run_policy(NULL, r, cmd->check, &e, &att);
	record(r, cmd->check->name, rc ? e.cls : SLGW_AERR_OK, now_us() - t0, att);
	if (rc == 0)
		return 1;
	return e.cls == SLGW_AERR_NOT_FOUND ? 0 : -1;
}

/* After a failure of a create that may have run anyway: 0 when its landed
 * check finds it (err cleared), -cls when the check cannot tell, 1 when it
 * did not land and may be sent again. */
static int landed_or(struct vnx_runner *r, const struct vnx_cmd *cmd, enum slgw_adapter_err cls,
                     struct slgw_adapter_error *err)
{
	int l = landed(r, cmd);

	if (l == 1) {
		slgw_adapter_error_clear(err);
		return 0;
	}
	return l < 0 ? -(int)cls : 1;
}

static int run_policy(struct vnx_output *out, struct vnx_runner *r, const struct vnx_cmd *cmd,
                      struct slgw_adapter_error *err, unsigned *attempts)
{
	unsigned retries_left = r->retries, delay = r->backoff_ms;
	struct slgw_adapter_error local;
	int nsp = r->sp_addr[1] ? 2 : 1;

	if (!err)
		err = &local;
	for (;;) {
		int first;
		enum slgw_adapter_err last = SLGW_AERR_UNREACHABLE;
		int retry = 0;

		pthread_mutex_lock(&r->lock);
		first = r->preferred;
		pthread_mutex_unlock(&r->lock);

		for (int k = 0; k < nsp && !retry; k++) {
			int spi = (first + k) % nsp;
			char sp = spi ? 'B' : 'A';
			struct attempt a;
			enum transient tr;
			enum slgw_adapter_err cls;
			char **argv;
			uint64_t t0 = now_us();
			char gate_why[256] = "";
			int rc;

			/* the owner's last word before anything reaches the array */
			if (r->gate && r->gate(r->gate_ctx, gate_why, sizeof(gate_why))) {
				set_err(err, SLGW_AERR_UNREACHABLE, NULL, "%s",
				        gate_why[0] ? gate_why : "command not sent (gate closed)");
				return -SLGW_AERR_UNREACHABLE;
			}
			argv = build_argv(r, cmd, spi);

			if (!argv) {
				set_err(err, SLGW_AERR_UNKNOWN, NULL, "out of memory");
				return -SLGW_AERR_UNKNOWN;
			}
			spawn_once(r, argv, &a);
			(*attempts)++;
			if (a.end == ATTEMPT_LOCAL_FAIL) {
				log_attempt(r, argv, sp, a.why, now_us() - t0);
				free(argv);
				set_err(err, SLGW_AERR_UNKNOWN, NULL, "%s", a.why);
				attempt_clear(&a);
				return -SLGW_AERR_UNKNOWN;
			}
			if (a.end == ATTEMPT_TIMEOUT || a.end == ATTEMPT_KILLED) {
				char why[64];

				if (a.end == ATTEMPT_TIMEOUT) {
					snprintf(why, sizeof(why), "timeout, killed");
					set_err(err, SLGW_AERR_TIMEOUT, NULL,
					        "no answer from SP %c within %u ms", sp, r->timeout_ms);
					last = SLGW_AERR_TIMEOUT;
				} else {
					snprintf(why, sizeof(why), "killed by signal %d", a.signal);
					set_err(err, SLGW_AERR_UNKNOWN, NULL,
					        "naviseccli for SP %c was killed by signal %d before it "
					        "finished: its output is not an answer", sp, a.signal);
					last = SLGW_AERR_UNKNOWN;
				}
				log_attempt(r, argv, sp, why, now_us() - t0);
				free(argv);
				attempt_clear(&a);
				/* The command may have run: a create must prove it did
				 * not land before it goes anywhere else. */
				if (!cmd->idempotent && (rc = landed_or(r, cmd, last, err)) <= 0)
					return rc;
				continue;
			}
			cls = classify(r, cmd, &a, err, &tr);
			log_attempt(r, argv, sp, slgw_adapter_err_name(cls), now_us() - t0);
			free(argv);
			if (cls == SLGW_AERR_UNREACHABLE) {
				/* Never reached an SP: safe to send anywhere. */
				attempt_clear(&a);
				last = SLGW_AERR_UNREACHABLE;
				continue;
			}
			/* This SP answered (even if with an error): go there first. */
			pthread_mutex_lock(&r->lock);
			r->preferred = spi;
			pthread_mutex_unlock(&r->lock);
			if (cls == SLGW_AERR_OK) {
				if (out) {
					out->text = a.out;
					out->len = a.out_len;
					out->exit_status = a.exit_status;
					out->sp = sp;
					a.out = NULL;
				}
				attempt_clear(&a);
				slgw_adapter_error_clear(err);
				return 0;
			}
			attempt_clear(&a);
			if (tr == NOT_TRANSIENT)
				return -(int)cls;
			if (tr == TRANSIENT_AMBIGUOUS && !cmd->idempotent &&
			    (rc = landed_or(r, cmd, cls, err)) <= 0)
				return rc;
			if (retries_left == 0)
				return -(int)cls;
			retries_left--;
			sleep_ms(delay);
			delay = delay * 2 > MAX_BACKOFF_MS ? MAX_BACKOFF_MS : delay * 2;
			retry = 1;
		}
		if (!retry) {
			/* Every SP unreachable or silent. */
			if (err->cls != last)
				set_err(err, last, NULL, "no SP of %s answered", r->name ? r->name : "array");
			return -(int)last;
		}
	}
}

int vnx_runner_run(struct vnx_output *out, struct vnx_runner *r, const struct vnx_cmd *cmd,
                   struct slgw_adapter_error *err)
{
	struct slgw_adapter_error local;
	unsigned attempts = 0;
	uint64_t t0;
	int rc;

	if (out)
		memset(out, 0, sizeof(*out));
	if (!err)
		err = &local;
	slgw_adapter_error_clear(err);
	if (!r || !cmd || cmd->argc == 0 || !cmd->name) {
		set_err(err, SLGW_AERR_INVALID_ARGS, NULL, "empty command");
		return -SLGW_AERR_INVALID_ARGS;
	}

	pthread_mutex_lock(&r->lock);
	while (r->inflight >= r->max_inflight)
		pthread_cond_wait(&r->slot_free, &r->lock);
	r->inflight++;
	if (r->inflight > r->peak_inflight)
		r->peak_inflight = r->inflight;
	pthread_mutex_unlock(&r->lock);

	t0 = now_us();
	rc = run_policy(out, r, cmd, err, &attempts);
	record(r, cmd->name, rc ? err->cls : SLGW_AERR_OK, now_us() - t0, attempts);

	pthread_mutex_lock(&r->lock);
	r->inflight--;
	pthread_cond_signal(&r->slot_free);
	pthread_mutex_unlock(&r->lock);
	return rc;
}

int vnx_runner_stats(struct slgw_adapter_stat **out, size_t *count, struct vnx_runner *r)
{
	struct slgw_adapter_stat *s = NULL;
	size_t n = 0, max;

	*out = NULL;
	*count = 0;
	pthread_mutex_lock(&r->lock);
	max = r->n_stats * SLGW_AERR__COUNT;
	if (max) {
		s = calloc(max, sizeof(*s));
		if (!s) {
			pthread_mutex_unlock(&r->lock);
			return -SLGW_AERR_UNKNOWN;
		}
	}
	for (size_t i = 0; i < r->n_stats; i++) {
		for (int c = 0; c < SLGW_AERR__COUNT; c++) {
			if (!r->stats[i].count[c])
				continue;
			snprintf(s[n].command, sizeof(s[n].command), "%s", r->stats[i].name);
			s[n].cls = (enum slgw_adapter_err)c;
			s[n].count = r->stats[i].count[c];
			s[n].total_us = r->stats[i].total_us[c];
			s[n].attempts = r->stats[i].attempts[c];
			n++;
		}
	}
	pthread_mutex_unlock(&r->lock);
	if (n == 0) {
		free(s);
		s = NULL;
	}
	*out = s;
	*count = n;
	return 0;
}
