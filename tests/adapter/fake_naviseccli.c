/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fake_naviseccli.c - a scriptable stand-in for naviseccli, for the runner
 * and adapter tests.
 *
 * It takes naviseccli's argv (global options, then the command words) and
 * answers from a script named by the environment variable FAKE_NAVI_CONF,
 * one directive per line ('#' starts a comment):
 *
 *   log PATH                 append one line per event to PATH:
 *                              "start <pid> <addr> <full argv...>"
 *                              "end <pid>"   (when it answered)
 *   down ADDR                -h ADDR behaves as an unreachable SP (prints
 *                            naviseccli's network error text, exit 1)
 *   sleep ADDR MS            sleep MS milliseconds before answering for -h ADDR
 *   rule MAX SP FILE EXIT WORDS...
 *                            answer the command WORDS (exact match, or prefix
 *                            when the last word is '*') sent to SP address SP
 *                            ('*' = any) with the bytes of FILE ('-' = print
 *                            nothing) and exit status EXIT; MAX is how many
 *                            times the rule may answer ('*' = always), after
 *                            which the next matching rule is used.  FILE
 *                            written "stderr:PATH" goes to stderr instead,
 *                            and EXIT -9 makes the fake kill itself with
 *                            SIGKILL after answering (a crashed CLI).
 *   fds PATH                 write the numbers of the descriptors the fake
 *                            found open when it started (what it inherited),
 *                            one a line, to PATH
 *
 * Rule use counts live beside the script (FAKE_NAVI_CONF.rule<N>); each use
 * appends a byte with O_APPEND and reads back the size, so concurrent
 * invocations never both take a rule's last use.  Log lines are single
 * write()s with O_APPEND for the same reason, which lets a test reconstruct
 * how many invocations overlapped.  An unmatched command prints a message
 * and exits 99 (the tests treat that as a bug in their script).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_LINE 4096

static char log_path[1024];

/* Descriptors open at start, before the fake opens anything itself. */
static int inherited[256];
static size_t n_inherited;

static void note_inherited(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL && n_inherited < sizeof(inherited) / sizeof(inherited[0])) {
		if (e->d_name[0] < '0' || e->d_name[0] > '9' || atoi(e->d_name) == dirfd(d))
			continue;
		inherited[n_inherited++] = atoi(e->d_name);
	}
	closedir(d);
}

static void write_inherited(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return;
	for (size_t i = 0; i < n_inherited; i++)
		fprintf(f, "%d\n", inherited[i]);
	fclose(f);
}

static void log_line(const char *line)
{
	int fd;

	if (!log_path[0])
		return;
	fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	if (write(fd, line, strlen(line)) < 0) {
		/* nothing sensible to do in a test double */
	}
	close(fd);
}

/* Takes one use of rule idx; returns its 1-based ordinal. */
static long take_use(const char *conf, int idx)
{
	char path[1200];
	struct stat st;
	int fd;

	snprintf(path, sizeof(path), "%s.rule%d", conf, idx);
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0)
		return 1;
	if (write(fd, "x", 1) != 1 || fstat(fd, &st) != 0) {
		close(fd);
		return 1;
	}
	close(fd);
	return (long)st.st_size;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static int cat_file(const char *path)
{
	char buf[65536];
	FILE *f, *to = stdout;
	size_t n;

	if (strcmp(path, "-") == 0)
		return 0;
	if (strncmp(path, "stderr:", 7) == 0) {
		path += 7;
		to = stderr;
	}
	f = fopen(path, "rb");
	if (!f) {
		printf("fake_naviseccli: cannot open %s\n", path);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, to);
	fclose(f);
	fflush(to);
	return 0;
}

/* Does the rule's word list (space separated in `pattern`) match words? */
static int words_match(char *pattern, char **words, int nwords)
{
	char *save = NULL, *tok;
	int i = 0;

	for (tok = strtok_r(pattern, " \t\r\n", &save); tok; tok = strtok_r(NULL, " \t\r\n", &save)) {
		if (strcmp(tok, "*") == 0 && strtok_r(NULL, " \t\r\n", &save) == NULL)
			return 1;
		if (i >= nwords || strcmp(tok, words[i]) != 0)
			return 0;
		i++;
	}
	return i == nwords;
}

int main(int argc, char **argv)
{
	const char *conf = getenv("FAKE_NAVI_CONF");
	const char *addr = "";
	char line[MAX_LINE], logbuf[8192];
	size_t off;
	int first = 1, idx = 0, answered = 0, status = 99;
	FILE *f;

	note_inherited();
	/* Global options, as naviseccli takes them, before the command. */
	while (first < argc && argv[first][0] == '-') {
		const char *o = argv[first];

		if (strcmp(o, "-np") == 0) {
			first++;
		} else if ((strcmp(o, "-h") == 0 || strcmp(o, "-user") == 0 ||
		            strcmp(o, "-password") == 0 || strcmp(o, "-scope") == 0 ||
		            strcmp(o, "-secfilepath") == 0 || strcmp(o, "-t") == 0 ||
		            strcmp(o, "-port") == 0) && first + 1 < argc) {
			if (strcmp(o, "-h") == 0)
				addr = argv[first + 1];
			first += 2;
		} else {
			break;
		}
	}
	if (!conf || !(f = fopen(conf, "r"))) {
		printf("fake_naviseccli: FAKE_NAVI_CONF not set or unreadable\n");
		return 98;
	}

	/* First pass: log and SP behaviour, so they apply whatever the order. */
	while (fgets(line, sizeof(line), f)) {
		char a1[1024];

		if (sscanf(line, "log %1023s", a1) == 1)
			snprintf(log_path, sizeof(log_path), "%s", a1);
		else if (sscanf(line, "fds %1023s", a1) == 1)
			write_inherited(a1);
	}
	off = (size_t)snprintf(logbuf, sizeof(logbuf), "start %ld %s", (long)getpid(), addr);
	for (int i = 1; i < argc && off < sizeof(logbuf) - 2; i++)
		off += (size_t)snprintf(logbuf + off, sizeof(logbuf) - off, " %s", argv[i]);
	if (off > sizeof(logbuf) - 2)
		off = sizeof(logbuf) - 2;
	logbuf[off] = '\n';
	logbuf[off + 1] = '\0';
	log_line(logbuf);

	rewind(f);
	while (fgets(line, sizeof(line), f)) {
		char a1[1024];
		long ms;

		if (sscanf(line, "sleep %1023s %ld", a1, &ms) == 2 && strcmp(a1, addr) == 0)
			sleep_ms(ms);
	}
	rewind(f);
	while (fgets(line, sizeof(line), f)) {
		char a1[1024];

		if (sscanf(line, "down %1023s", a1) == 1 && strcmp(a1, addr) == 0) {
			printf("A network error occurred while trying to connect: '%s'.\n"
			       "Message : Error occurred because connection refused. "
			       "Management Server is not running.", addr);
			fclose(f);
			fflush(stdout);
			snprintf(logbuf, sizeof(logbuf), "end %ld\n", (long)getpid());
			log_line(logbuf);
			return 1;
		}
	}

	rewind(f);
	while (!answered && fgets(line, sizeof(line), f)) {
		char max[32], sp[1024], file[2048];
		int exitcode, consumed = 0;

		if (strncmp(line, "rule ", 5) != 0)
			continue;
		idx++;
		if (sscanf(line + 5, "%31s %1023s %2047s %d %n", max, sp, file, &exitcode, &consumed) < 4 ||
		    consumed == 0)
			continue;
		if (strcmp(sp, "*") != 0 && strcmp(sp, addr) != 0)
			continue;
		if (!words_match(line + 5 + consumed, argv + first, argc - first))
			continue;
		if (strcmp(max, "*") != 0 && take_use(conf, idx) > atol(max))
			continue;
		if (cat_file(file) == 0)
			status = exitcode;
		answered = 1;
	}
	fclose(f);
	if (!answered) {
		printf("fake_naviseccli: no rule for:");
		for (int i = first; i < argc; i++)
			printf(" %s", argv[i]);
		printf("\n");
	}
	fflush(stdout);
	snprintf(logbuf, sizeof(logbuf), "end %ld\n", (long)getpid());
	log_line(logbuf);
	if (status == -9)
		raise(SIGKILL);
	return status;
}
