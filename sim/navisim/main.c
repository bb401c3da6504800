/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * main.c - navisim's entry point: naviseccli's command line, one atomic
 * command per process.
 *
 *   navisim -h <SP address> [-user U -password P -scope S | -secfilepath D]
 *           [-t SECONDS] [-port N] [-np] <command ...>
 *   navisim --admin <verb> ...             (see admin.c)
 *
 * Sequence of one invocation: resolve -h to an array and SP (unknown
 * address or SP marked down -> the real network error), check credentials
 * (-> the real authentication error), sleep the configured latency
 * without holding any lock (so concurrent commands overlap as on a real
 * array), then BEGIN IMMEDIATE; load the array; consume a matching
 * fail-next rule or run the command; save if changed; append the log
 * line; COMMIT; and only then print the answer.  State lives in
 * $NAVISIM_HOME/navisim.db (default ~/.navisim).
 *
 * navisim lives in sim/, apart from the gateway: it shares no code with
 * adapters/ or store/ and is only ever run as a command in naviseccli's
 * place, so nothing in the gateway can tell which of the two it drives.
 */
#include "navisim.h"
#include "navisim_db.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double mono_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* $NAVISIM_HOME/navisim.db, creating the directory; NULL on failure. */
static char *db_path(void)
{
	const char *home = getenv("NAVISIM_HOME");
	char dir[4096], *path;
	size_t len;

	int n;

	if (home && *home) {
		n = snprintf(dir, sizeof(dir), "%s", home);
	} else {
		const char *h = getenv("HOME");
		if (!h || !*h) {
			fprintf(stderr, "navisim: neither NAVISIM_HOME nor HOME is set\n");
			return NULL;
		}
		n = snprintf(dir, sizeof(dir), "%s/.navisim", h);
	}
	if (n < 0 || (size_t)n >= sizeof(dir) - sizeof("/navisim.db")) {
		fprintf(stderr, "navisim: state directory path too long\n");
		return NULL;
	}
	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		fprintf(stderr, "navisim: cannot create %s: %s\n", dir, strerror(errno));
		return NULL;
	}
	len = strlen(dir) + sizeof("/navisim.db");
	path = malloc(len);
	if (path)
		snprintf(path, len, "%s/navisim.db", dir);
	return path;
}

/* argv joined with spaces, the value after -password masked. */
static char *masked_argv(int argc, char **argv)
{
	size_t len = 1;
	char *s, *p;

	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 4; /* room for the separator and a "***" mask */
	s = malloc(len);
	if (!s)
		return NULL;
	p = s;
	for (int i = 0; i < argc; i++) {
		const char *w = argv[i];
		if (i == 0) {
			const char *slash = strrchr(w, '/');
			w = slash ? slash + 1 : w;
		} else if (strcmp(argv[i - 1], "-password") == 0) {
			w = "***";
		}
		if (i)
			*p++ = ' ';
		/* One log line per invocation: no control characters inside. */
		for (; *w; w++)
			*p++ = ((unsigned char)*w < 0x20 || *w == 0x7f) ? '?' : *w;
	}
	*p = 0;
	return s;
}

typedef struct globals {
	const char *address, *user, *password, *scope, *secfilepath, *timeout, *port;
	int np;
	int cmd; /* index of the first command word */
} globals;

static int parse_globals(globals *g, int argc, char **argv)
{
	int i;

	memset(g, 0, sizeof(*g));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = NULL;
		if (strcmp(a, "-h") == 0 || strcmp(a, "-address") == 0)
			slot = &g->address;
		else if (strcmp(a, "-user") == 0)
			slot = &g->user;
		else if (strcmp(a, "-password") == 0)
			slot = &g->password;
		else if (strcmp(a, "-scope") == 0)
			slot = &g->scope;
		else if (strcmp(a, "-secfilepath") == 0)
			slot = &g->secfilepath;
		else if (strcmp(a, "-t") == 0 || strcmp(a, "-timeout") == 0)
			slot = &g->timeout;
		else if (strcmp(a, "-port") == 0) /* management port (443/2163): accepted, unused */
			slot = &g->port;
		else if (strcmp(a, "-np") == 0) {
			g->np = 1;
			continue;
		} else
			break;
		if (i + 1 >= argc || *slot)
			return -1;
		*slot = argv[++i];
	}
	g->cmd = i;
	return 0;
}

static void usage_naviseccli(void)
{
	printf("Usage: navisim -h <SP address> [-user <user> -password <password> -scope <0|1|2> | "
	       "-secfilepath <dir>] [-t <seconds>] [-port <n>] [-np] <command ...>\n"
	       "       navisim --admin <verb> ... (navisim --admin help)\n");
}

static int dispatch(navisim_ctx *ctx)
{
	const char *c = ctx->argv[0];
	if (strcmp(c, "getagent") == 0)
		return navisim_cmd_getagent(ctx);
	if (strcmp(c, "getsp") == 0)
		return navisim_cmd_getsp(ctx);
	if (strcmp(c, "ndu") == 0)
		return navisim_cmd_ndu(ctx);
	if (strcmp(c, "storagepool") == 0)
		return navisim_cmd_storagepool(ctx);
	if (strcmp(c, "port") == 0)
		return navisim_cmd_port(ctx);
	if (strcmp(c, "connection") == 0)
		return navisim_cmd_connection(ctx);
	if (strcmp(c, "lun") == 0)
		return navisim_cmd_lun(ctx);
	if (strcmp(c, "migrate") == 0)
		return navisim_cmd_migrate(ctx);
	if (strcmp(c, "snap") == 0)
		return navisim_cmd_snap(ctx);
	if (strcmp(c, "storagegroup") == 0)
		return navisim_cmd_storagegroup(ctx);
	if (strcmp(c, "createrg") == 0)
		return navisim_cmd_createrg(ctx);
	if (strcmp(c, "removerg") == 0)
		return navisim_cmd_removerg(ctx);
	if (strcmp(c, "getrg") == 0)
		return navisim_cmd_getrg(ctx);
	if (strcmp(c, "bind") == 0)
		return navisim_cmd_bind(ctx);
	if (strcmp(c, "unbind") == 0)
		return navisim_cmd_unbind(ctx);
	if (strcmp(c, "chglun") == 0)
		return navisim_cmd_chglun(ctx);
	if (strcmp(c, "getlun") == 0)
		return navisim_cmd_getlun(ctx);
	if (strcmp(c, "metalun") == 0)
		return navisim_cmd_metalun(ctx);
	if (strcmp(c, "snapview") == 0)
		return navisim_cmd_snapview(ctx);
	if (strcmp(c, "reserved") == 0)
		return navisim_cmd_reserved(ctx);
	fprintf(ctx->out, "Invalid command '%s'.\n", c);
	return NAVISIM_EXIT_USAGE;
}

/* Log one invocation in its own small transaction (paths without the main one). */
static void log_alone(navisim_db *db, navisim_db_log_entry *e)
{
	if (navisim_db_begin(db) == 0) {
		if (navisim_db_log_append(db, e) == 0)
			navisim_db_commit(db);
		else
			navisim_db_rollback(db);
	}
}

static int run_command(navisim_db *db, const globals *g, int argc, char **argv)
{
	navisim_db_array *arr = NULL;
	navisim_db_log_entry le = {0};
	navisim_ctx ctx = {0};
	char sp = 'A', *masked, *outbuf = NULL, *state = NULL, *failmsg = NULL;
	size_t outlen = 0;
	double t0 = mono_s();
	int status = NAVISIM_EXIT_INTERNAL, rc;
	json_error_t jerr;

	masked = masked_argv(argc, argv);
	if (!masked)
		return NAVISIM_EXIT_INTERNAL;
	le.time = now_s();
	le.sp_address = (char *)g->address;
	le.argv = masked;

	rc = navisim_db_array_by_address(&arr, &sp, db, g->address);
	if (rc && rc != NAVISIM_DB_ENOTFOUND) {
		fprintf(stderr, "navisim: state file: %s\n", navisim_db_errmsg(db));
		goto out;
	}
	if (rc == NAVISIM_DB_ENOTFOUND || (sp == 'A' ? arr->spa_down : arr->spb_down)) {
		printf("A network error occurred while trying to connect: '%s'.\n"
		       "Message : Error occurred because connection refused. Management Server is not running.\n",
		       g->address);
		status = NAVISIM_EXIT_NETWORK;
		le.array = arr ? arr->name : NULL;
		le.status = status;
		le.duration_ms = (int)((mono_s() - t0) * 1000);
		log_alone(db, &le);
		goto out;
	}
	le.array = arr->name;
	if (arr->user && !g->secfilepath &&
	    (!g->user || !g->password || strcmp(g->user, arr->user) != 0 ||
	     strcmp(g->password, arr->password ? arr->password : "") != 0 ||
	     (g->scope && strcmp(g->scope, "0") && strcmp(g->scope, "1") && strcmp(g->scope, "2")))) {
		printf("Error returned from the Management Server on %s\n"
		       "Authentication failed. Possible reasons for failure are invalid security file, "
		       "invalid username, password and/or scope.\n", g->address);
		status = NAVISIM_EXIT_AUTH;
		le.status = status;
		le.duration_ms = (int)((mono_s() - t0) * 1000);
		log_alone(db, &le);
		goto out;
	}
	/* The array "works" on the command before answering; no lock held meanwhile. */
	if (arr->latency_ms > 0)
		sleep_ms(arr->latency_ms);

	ctx.out = open_memstream(&outbuf, &outlen);
	if (!ctx.out)
		goto out;
	ctx.sp = sp;
	ctx.address = g->address;
	ctx.argc = argc - g->cmd;
	ctx.argv = argv + g->cmd;
	ctx.now = now_s();
	ctx.down_a = arr->spa_down;
	ctx.down_b = arr->spb_down;
	if (navisim_db_begin(db)) {
		fprintf(stderr, "navisim: cannot lock the state file: %s\n", navisim_db_errmsg(db));
		goto out;
	}
	if (navisim_db_state_load(&state, db, arr->name) ||
	    !(ctx.st = json_loads(state, 0, &jerr)) ||
	    navisim_db_fail_take(&failmsg, db, arr->name, ctx.argc, ctx.argv)) {
		fprintf(stderr, "navisim: corrupt or unreadable state of array %s\n", arr->name);
		navisim_db_rollback(db);
		goto out;
	}
	if (failmsg) {
		fprintf(ctx.out, "%s\n", failmsg);
		status = NAVISIM_EXIT_FAIL;
	} else {
		navisim_mig_advance(&ctx);
		status = dispatch(&ctx);
	}
	if (ctx.modified) {
		char *js = json_dumps(ctx.st, JSON_COMPACT);
		if (!js || navisim_db_state_save(db, arr->name, js)) {
			free(js);
			navisim_db_rollback(db);
			status = NAVISIM_EXIT_INTERNAL;
			fprintf(stderr, "navisim: cannot save the state\n");
			goto out;
		}
		free(js);
	}
	le.status = status;
	le.duration_ms = (int)((mono_s() - t0) * 1000);
	if (navisim_db_log_append(db, &le) || navisim_db_commit(db)) {
		navisim_db_rollback(db);
		fprintf(stderr, "navisim: cannot commit: %s\n", navisim_db_errmsg(db));
		status = NAVISIM_EXIT_INTERNAL;
		goto out;
	}
	fclose(ctx.out);
	ctx.out = NULL;
	fwrite(outbuf, 1, outlen, stdout);
out:
	if (ctx.out)
		fclose(ctx.out);
	free(outbuf);
	json_decref(ctx.st);
	free(state);
	free(failmsg);
	free(masked);
	navisim_db_array_free(arr);
	return status;
}

int main(int argc, char **argv)
{
	navisim_db *db = NULL;
	globals g;
	char *path;
	int status;

	path = db_path();
	if (!path)
		return NAVISIM_EXIT_INTERNAL;
	if (argc >= 2 && strcmp(argv[1], "--admin") == 0) {
		status = navisim_admin(path, argc - 2, argv + 2);
		free(path);
		return status;
	}
	if (parse_globals(&g, argc, argv) || !g.address || g.cmd >= argc) {
		usage_naviseccli();
		free(path);
		return NAVISIM_EXIT_USAGE;
	}
	if (g.timeout || g.port) {
		long long v;
		if ((g.timeout && navisim_parse_ll(&v, g.timeout, 0, 86400)) ||
		    (g.port && navisim_parse_ll(&v, g.port, 1, 65535))) {
			usage_naviseccli();
			free(path);
			return NAVISIM_EXIT_USAGE;
		}
	}
	if (navisim_db_open(&db, path)) {
		fprintf(stderr, "navisim: cannot open %s\n", path);
		free(path);
		return NAVISIM_EXIT_INTERNAL;
	}
	free(path);
	status = run_command(db, &g, argc, argv);
	navisim_db_close(db);
	fflush(stdout);
	return status;
}
