/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_demo.c - `slgwd --demo`: the embedded default, a working gateway on
 * 127.0.0.1 with no set-up.
 *
 * First start with a state directory (default ./slgw-demo):
 *   DIR/tls/slgwd.crt + slgwd.key   a self-signed certificate (OpenSSL API)
 *   DIR/navisim/                    NAVISIM_HOME: a simulated VNX "demo"
 *                                   (2 pools, iSCSI and FC ports on both SPs)
 *                                   made with `navisim --admin create-array`
 *   DIR/slgw.db                     the store, where the array is registered
 *                                   as storage system "demo", a tenant
 *                                   "demo-tenant" granted both pools, and the
 *                                   users "admin" and "tenant"
 *   DIR/demo-credentials            mode 0600, `role user password` per line
 * demo-credentials is written last, so its presence means "set up": a later
 * start with the same directory reuses everything (the same passwords, the
 * same array and volumes).  A start interrupted before that redoes the
 * set-up steps, each of which is idempotent.
 *
 * navisim is found beside the running slgwd (same bin/ directory); it is
 * run with posix_spawn and an argv array, never through a shell, and it
 * inherits NAVISIM_HOME, as do the array commands the broker runs.  The
 * demo names navisim to the broker explicitly, as the server's default
 * array CLI (cfg.naviseccli_path), on every start: the broker itself never
 * guesses a simulator, and the "demo" system records no CLI path of its own
 * so a demo directory keeps working when the build directory moves.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "srv.h"
#include "srv_backup.h"

extern char **environ;

static srv_server *demo_server;

char *srv_sibling_program(const char *name)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	char *slash, *out;
	size_t len;

	if (n <= 0)
		return NULL;
	self[n] = 0;
	slash = strrchr(self, '/');
	if (!slash)
		return NULL;
	*slash = 0;
	len = strlen(self) + strlen(name) + 2;
	out = malloc(len);
	if (!out)
		return NULL;
	snprintf(out, len, "%s/%s", self, name);
	if (access(out, X_OK)) {
		free(out);
		return NULL;
	}
	return out;
}

/* 20 random characters from [A-Za-z0-9]. */
static int random_password(char *out, size_t len)
{
	static const char set[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
	unsigned char rnd[20];

	if (len < sizeof rnd + 1 || RAND_bytes(rnd, sizeof rnd) != 1)
		return -1;
	for (size_t i = 0; i < sizeof rnd; i++)
		out[i] = set[rnd[i] % (sizeof set - 1)];
	out[sizeof rnd] = 0;
	return 0;
}

static char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* Runs argv (argv[0] is a path) and waits; returns its exit status or -1. */
static int run_program(char *const argv[])
{
	pid_t pid;
	int status;

	if (posix_spawn(&pid, argv[0], NULL, NULL, argv, environ))
		return -1;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Reads "role user password" lines; fills the two passwords. */
static int read_credentials(const char *path, char *admin_pw, char *tenant_pw, size_t len)
{
	FILE *f = fopen(path, "r");
	char role[32], user[64], pw[64];
	int found = 0;

	if (!f)
		return -1;
	while (fscanf(f, "%31s %63s %63s", role, user, pw) == 3) {
		if (!strcmp(role, "admin")) {
			snprintf(admin_pw, len, "%s", pw);
			found |= 1;
		} else if (!strcmp(role, "tenant")) {
			snprintf(tenant_pw, len, "%s", pw);
			found |= 2;
		}
	}
	fclose(f);
	return found == 3 ? 0 : -1;
}

static int write_credentials(const char *path, const char *admin_pw, const char *tenant_pw)
{
	char tmp[PATH_MAX];
	FILE *f;
	int fd, ok;

	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		return -1;
	}
	ok = fprintf(f, "admin admin %s\ntenant tenant %s\n", admin_pw, tenant_pw) > 0;
	if (fflush(f) || fsync(fileno(f)))
		ok = 0;
	if (fclose(f))
		ok = 0;
	if (!ok || rename(tmp, path))
		return -1;
	return 0;
}

/* The one-time set-up inside a running broker: users, tenant, array, grants. */
static int demo_populate(broker *b, const char *admin_pw, const char *tenant_pw,
			 const char *array_pw)
{
	struct broker_caller root = { .user = "slgwd-demo", .is_admin = 1, .wait_ms = 120000 };
	struct broker_system_add_req sys = { 0 };
	struct broker_status st;
	store_tenant *t = NULL;
	store_user *u = NULL;
	store_job *job = NULL;
	struct broker_pool_info *pools = NULL;
	size_t np = 0;
	char *next = NULL;
	struct broker_page page = { NULL, 1000 };
	char tid[24], sid[24];
	int rc = -1;

	if (broker_add_user(&u, b, &root, "admin", admin_pw, "admin", NULL, &st) &&
	    st.code != SLGW_ALREADY_EXISTS) {
		srv_log(SRV_LOG_ERROR, "demo: cannot add user admin: %s", st.message);
		return -1;
	}
	store_user_free(u);
	u = NULL;
	/* A half-finished earlier set-up may have left users with other
	 * passwords: make them match the credentials file about to be written. */
	broker_set_password(b, &root, "admin", admin_pw, &st);
	if (broker_add_tenant(&t, b, &root, "demo-tenant", "the demo's XenServer pool", &st) || !t) {
		srv_log(SRV_LOG_ERROR, "demo: cannot add the tenant: %s", st.message);
		return -1;
	}
	snprintf(tid, sizeof tid, "%lld", (long long)t->id);
	store_tenant_free(t);
	if (broker_add_user(&u, b, &root, "tenant", tenant_pw, "tenant", tid, &st) &&
	    st.code != SLGW_ALREADY_EXISTS) {
		srv_log(SRV_LOG_ERROR, "demo: cannot add user tenant: %s", st.message);
		return -1;
	}
	store_user_free(u);
	broker_set_password(b, &root, "tenant", tenant_pw, &st);

	sys.adapter = "vnx";
	sys.name = "demo";
	sys.spa = "192.0.2.10";
	sys.spb = "192.0.2.11";
	sys.username = "sysadmin";
	sys.password = array_pw;
	sys.scope = 0;
	root.request_id = "demo-add-storage-system";
	if (broker_add_storage_system(b, &root, &sys, &job, &st) || !job) {
		srv_log(SRV_LOG_ERROR, "demo: cannot register the navisim array: %s", st.message);
		return -1;
	}
	if (job->state != STORE_JOB_SUCCEEDED) {
		srv_log(SRV_LOG_ERROR, "demo: registering the navisim array: job %lld %s: %s",
			(long long)job->id, store_job_state_name(job->state),
			job->error_message ? job->error_message : "");
		store_job_free(job);
		return -1;
	}
	sid[0] = 0;
	if (job->object && !strncmp(job->object, "system/", 7))
		snprintf(sid, sizeof sid, "%s", job->object + 7);
	store_job_free(job);
	root.request_id = NULL;
	if (broker_enum_storage_pools(&pools, &np, &next, b, &root, sid[0] ? sid : NULL, &page,
				      &st)) {
		srv_log(SRV_LOG_ERROR, "demo: cannot list pools: %s", st.message);
		return -1;
	}
	free(next);
	rc = 0;
	for (size_t i = 0; i < np; i++) {
		struct broker_grant_req g = { 0 };
		store_grant *gr = NULL;
		char pid[24], psid[24];
		if (!pools[i].pool)
			continue;
		snprintf(pid, sizeof pid, "%lld", (long long)pools[i].pool->id);
		snprintf(psid, sizeof psid, "%lld", (long long)pools[i].pool->system_id);
		g.tenant_id = tid;
		g.system_id = psid;
		g.pool_id = pid;
		g.quota_mb = 100 * 1024;
		g.allow_thin = g.allow_thick = 1;
		if (broker_grant_storage_pool(&gr, b, &root, &g, &st)) {
			srv_log(SRV_LOG_ERROR, "demo: cannot grant pool %s: %s", pid, st.message);
			rc = -1;
		}
		store_grant_free(gr);
	}
	broker_pool_info_array_free(pools, np);
	return rc;
}

int srv_demo_main(const struct srv_demo_opts *o, const char *argv0)
{
	const char *dir = o->state_dir ? o->state_dir : "./slgw-demo";
	struct srv_config cfg;
	char err[512];
	char admin_pw[64], tenant_pw[64], array_pw[64];
	char *tls_dir = NULL, *sim_home = NULL, *cred = NULL, *navisim = NULL;
	int fresh, rc = 1;
	(void)argv0;

	if (srv_config_defaults(&cfg))
		return 1;
	signal(SIGPIPE, SIG_IGN);
	if (srv_mkdir_parents(dir, 0700)) {
		fprintf(stderr, "slgwd: cannot create the state directory %s: %s\n", dir,
			strerror(errno));
		goto out;
	}
	tls_dir = path_join(dir, "tls");
	sim_home = path_join(dir, "navisim");
	cred = path_join(dir, "demo-credentials");
	free(cfg.state_dir);
	cfg.state_dir = strdup(dir);
	cfg.tls_cert = tls_dir ? path_join(tls_dir, "slgwd.crt") : NULL;
	cfg.tls_key = tls_dir ? path_join(tls_dir, "slgwd.key") : NULL;
	free(cfg.listen_address);
	cfg.listen_address = strdup("127.0.0.1");
	cfg.port = o->port;
	cfg.workers = 8;
	if (!tls_dir || !sim_home || !cred || !cfg.state_dir || !cfg.tls_cert || !cfg.tls_key ||
	    !cfg.listen_address)
		goto out;
	navisim = srv_sibling_program("navisim");
	if (!navisim) {
		fprintf(stderr, "slgwd: navisim was not found beside slgwd (build it: it is the "
				"demo's simulated array)\n");
		goto out;
	}
	cfg.naviseccli_path = strdup(navisim);
	if (srv_mkdir_parents(tls_dir, 0700) || srv_mkdir_parents(sim_home, 0700)) {
		fprintf(stderr, "slgwd: cannot create directories in %s\n", dir);
		goto out;
	}
	setenv("NAVISIM_HOME", sim_home, 1);

	if (access(cfg.tls_cert, R_OK) || access(cfg.tls_key, R_OK)) {
		if (srv_tls_make_self_signed(cfg.tls_cert, cfg.tls_key, err, sizeof err)) {
			fprintf(stderr, "slgwd: %s\n", err);
			goto out;
		}
	}
	fresh = read_credentials(cred, admin_pw, tenant_pw, sizeof admin_pw) != 0;
	if (fresh) {
		char *argv[] = { navisim,      "--admin",     "create-array", "--name",
				 "demo",       "--spa",       "192.0.2.10",   "--spb",
				 "192.0.2.11", "--pools",     "2",            "--iscsi-ports",
				 "2",          "--fc-ports",  "2",            "--user",
				 "sysadmin",   "--password",  array_pw,       NULL };
		char *pwfile = path_join(dir, "navisim/.demo-array-password");
		FILE *pf;
		if (!pwfile || random_password(admin_pw, sizeof admin_pw) ||
		    random_password(tenant_pw, sizeof tenant_pw)) {
			free(pwfile);
			goto out;
		}
		/* The array's password must survive an interrupted set-up, as the
		 * array does; it lives beside navisim's state, mode 0600. */
		pf = pwfile ? fopen(pwfile, "r") : NULL;
		if (!pf || fscanf(pf, "%63s", array_pw) != 1) {
			int fd;
			if (pf)
				fclose(pf);
			pf = NULL;
			if (random_password(array_pw, sizeof array_pw)) {
				free(pwfile);
				goto out;
			}
			fd = open(pwfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
			if (fd < 0 || write(fd, array_pw, strlen(array_pw)) < 0) {
				if (fd >= 0)
					close(fd);
				free(pwfile);
				goto out;
			}
			close(fd);
			rc = run_program(argv);
			if (rc != 0) {
				fprintf(stderr,
					"slgwd: `navisim --admin create-array` failed (status %d)\n",
					rc);
				rc = 1;
				free(pwfile);
				goto out;
			}
			rc = 1;
		} else {
			fclose(pf);
		}
		free(pwfile);
	}

	srv_log_set_level(cfg.log_level);
	if (srv_server_new(&demo_server, &cfg, err, sizeof err)) {
		fprintf(stderr, "slgwd: %s\n", err);
		goto out;
	}
	if (fresh) {
		if (demo_populate(srv_server_broker(demo_server), admin_pw, tenant_pw, array_pw) ||
		    write_credentials(cred, admin_pw, tenant_pw)) {
			fprintf(stderr, "slgwd: the demo set-up failed (see the log above)\n");
			goto out;
		}
	}
	if (o->port_file) {
		FILE *pf = fopen(o->port_file, "w");
		if (!pf || fprintf(pf, "%d\n", srv_server_port(demo_server)) < 0 || fclose(pf)) {
			fprintf(stderr, "slgwd: cannot write %s\n", o->port_file);
			goto out;
		}
	}
	printf("slgw demo gateway: https://127.0.0.1:%d/  (WSDL: https://127.0.0.1:%d/?wsdl)\n"
	       "  certificate: %s\n"
	       "  admin user:  admin  password: %s\n"
	       "  tenant user: tenant password: %s  (tenant demo-tenant)\n"
	       "  credentials: %s\n",
	       srv_server_port(demo_server), srv_server_port(demo_server), cfg.tls_cert, admin_pw,
	       tenant_pw, cred);
	fflush(stdout);
	rc = srv_server_run_until_signal(demo_server) ? 1 : 0;
out:
	srv_server_free(demo_server);
	demo_server = NULL;
	free(tls_dir);
	free(sim_home);
	free(cred);
	free(navisim);
	srv_config_free(&cfg);
	return rc;
}
