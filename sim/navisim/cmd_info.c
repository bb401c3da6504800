/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmd_info.c - read-only array inventory: getagent, getsp, ndu -list,
 * storagepool -list, port -list -sp, connection -getport.
 *
 * connection -getport has two layouts: the VNX one of the captures (iSCSI
 * and FCoE ports, each with its virtual ports) and the shorter one of
 * CLARiiONs before it, which have no virtual ports and list FC ports too.
 *
 * Layouts follow tests/data/vnx-captures line for line (label text, label
 * padding, blank lines); values come from the array's contents document.
 * Figures a simulator cannot know (I/O counters, SFP part numbers) are
 * printed as fixed plausible values so that every label the parsers may
 * look for is present.
 */
#include "navisim.h"

#include <string.h>
#include <strings.h>

static const char *jstr_or(const json_t *o, const char *key, const char *dflt)
{
	const char *s = navisim_jstr(o, key);
	return s ? s : dflt;
}

int navisim_cmd_getagent(navisim_ctx *ctx)
{
	json_t *st = ctx->st;
	const char *serial = jstr_or(st, "serial", "");
	long long sig = navisim_jint(st, ctx->sp == 'A' ? "sig_a" : "sig_b");
	long long peer = navisim_jint(st, ctx->sp == 'A' ? "sig_b" : "sig_a");
	int status;
	navisim_opt opts[] = {{"-model", 0}, {"-rev", 0}, {"-serial", 0}, {"-signature", 0}};

	if ((status = navisim_parse_opts(ctx, opts, 4, 1)))
		return status;
	fprintf(ctx->out, "\n");
	fprintf(ctx->out, "%-21s%s\n", "Agent Rev:", jstr_or(st, "agent_rev", ""));
	fprintf(ctx->out, "%-21s%s\n", "Name:", "K10");
	fprintf(ctx->out, "Desc:\n");
	fprintf(ctx->out, "%-21s%c-%s\n", "Node:", ctx->sp, serial);
	fprintf(ctx->out, "%-21s%s\n", "Physical Node:", "K10");
	fprintf(ctx->out, "%-21s%lld\n", "Signature:", sig);
	fprintf(ctx->out, "%-21s%lld\n", "Peer Signature:", peer);
	fprintf(ctx->out, "%-21s%s\n", "Revision:", jstr_or(st, "revision", ""));
	fprintf(ctx->out, "%-21s%s\n", "SCSI Id:", "0");
	fprintf(ctx->out, "%-21s%s\n", "Model:", jstr_or(st, "model", ""));
	fprintf(ctx->out, "%-21s%s\n", "Model Type:", "Rackmount");
	fprintf(ctx->out, "%-21s%s\n", "Prom Rev:", "33.40.00");
	fprintf(ctx->out, "%-21s%s\n", "SP Memory:", "32768");
	fprintf(ctx->out, "%-21s%s\n", "Serial No:", serial);
	fprintf(ctx->out, "%-21s%c\n", "SP Identifier:", ctx->sp);
	fprintf(ctx->out, "%-21s%s\n", "Cabinet:", "DPE9");
	return 0;
}

int navisim_cmd_getsp(navisim_ctx *ctx)
{
	json_t *st = ctx->st;
	int status;
	navisim_opt opts[] = {{"-type", 0}, {"-sig", 0}, {"-psig", 0}, {"-rev", 0}, {"-ser", 0},
			      {"-mem", 0}, {"-id", 0}};

	if ((status = navisim_parse_opts(ctx, opts, sizeof(opts) / sizeof(opts[0]), 1)))
		return status;
	for (int s = 0; s < 2; s++) {
		const char *me = s ? "sig_b" : "sig_a", *peer = s ? "sig_a" : "sig_b";
		if (s)
			fprintf(ctx->out, "\n");
		fprintf(ctx->out, "SP %c\n\n", 'A' + s);
		fprintf(ctx->out, "%-21s%s\n", "Cabinet:", "DPE9");
		fprintf(ctx->out, "%-31s%lld\n", "Signature For The SP:", navisim_jint(st, me));
		fprintf(ctx->out, "%-31s%lld\n", "Signature For The Peer SP:", navisim_jint(st, peer));
		fprintf(ctx->out, "%-31s%s\n", "Revision Number For The SP:", jstr_or(st, "revision", ""));
		fprintf(ctx->out, "%-31sFCNJT1522000%02d\n", "Serial Number For The SP:", 18 - 3 * s);
		fprintf(ctx->out, "%-31s%s\n", "Memory Size For The SP:", "32768");
		fprintf(ctx->out, "%-31s%s\n", "SP SCSI ID if Available:", "0");
	}
	return 0;
}

static void ndu_print(navisim_ctx *ctx, const char *name)
{
	fprintf(ctx->out, "Name of the software package:        %s\n", name);
	fprintf(ctx->out, "Revision of the software package:    -\n");
	fprintf(ctx->out, "Commit Required:                     NO\n");
	fprintf(ctx->out, "Revert Possible:                     NO\n");
	fprintf(ctx->out, "Active State:                        YES\n");
	fprintf(ctx->out, "Is installation completed:           YES\n");
	fprintf(ctx->out, "Is this System Software:             NO\n");
}

int navisim_cmd_ndu(navisim_ctx *ctx)
{
	navisim_opt opts[] = {{"-list", 0}, {"-name", 1}};
	const char *name;
	json_t *en = navisim_arr(ctx->st, "enablers"), *e;
	size_t i;
	int status;

	if ((status = navisim_parse_opts(ctx, opts, 2, 1)))
		return status;
	if (!navisim_opthas(opts, 2, "-list"))
		return navisim_usage_error(ctx, "-list");
	name = navisim_optval(opts, 2, "-name");
	json_array_foreach(en, i, e) {
		const char *n = json_string_value(e);
		if (name && strcasecmp(name, n) != 0)
			continue;
		if (!name && i)
			fprintf(ctx->out, "\n");
		ndu_print(ctx, n);
		if (name)
			return 0;
	}
	if (name)
		return navisim_fail(ctx, "Error: ndu command failed\nThe specified software is not installed.");
	return 0;
}

static void blocks_gb(navisim_ctx *ctx, const char *label, long long blocks)
{
	fprintf(ctx->out, "%s (Blocks):  %lld\n", label, blocks);
	fprintf(ctx->out, "%s (GBs):  %.3f\n", label, (double)blocks / NAVISIM_GB_BLOCKS);
}

static void pool_print(navisim_ctx *ctx, json_t *pool)
{
	json_t *st = ctx->st, *l;
	long long id = navisim_jint(pool, "id");
	long long user = navisim_jint(pool, "blocks");
	long long consumed = navisim_pool_consumed(st, id);
	long long subscribed = navisim_pool_subscribed(st, id);
	long long avail = user > consumed ? user - consumed : 0;
	const char *desc = jstr_or(pool, "desc", "");
	size_t i;
	int first = 1;

	fprintf(ctx->out, "Pool Name:  %s\n", jstr_or(pool, "name", ""));
	fprintf(ctx->out, "Pool ID:  %lld\n", id);
	fprintf(ctx->out, "Raid Type:  r_5\n");
	fprintf(ctx->out, "Percent Full Threshold:  70\n");
	fprintf(ctx->out, "Description:%s%s\n", *desc ? "  " : "", desc);
	fprintf(ctx->out, "Disk Type:  SAS\n");
	fprintf(ctx->out, "State:  Ready\nStatus:  OK(0x0)\nCurrent Operation:  None\n");
	fprintf(ctx->out, "Current Operation State:  N/A\nCurrent Operation Status:  N/A\n");
	fprintf(ctx->out, "Current Operation Percent Completed:  0\n");
	blocks_gb(ctx, "Raw Capacity", user / 4 * 5);
	blocks_gb(ctx, "User Capacity", user);
	blocks_gb(ctx, "Consumed Capacity", consumed);
	blocks_gb(ctx, "Available Capacity", avail);
	fprintf(ctx->out, "Percent Full:  %.3f\n", user ? 100.0 * (double)consumed / (double)user : 0.0);
	blocks_gb(ctx, "LUN Allocation", consumed);
	blocks_gb(ctx, "Snapshot Allocation", 0);
	blocks_gb(ctx, "Metadata Allocation", 0);
	blocks_gb(ctx, "Total Subscribed Capacity", subscribed);
	fprintf(ctx->out, "Percent Subscribed:  %.3f\n",
		user ? 100.0 * (double)subscribed / (double)user : 0.0);
	blocks_gb(ctx, "Oversubscribed by", subscribed > user ? subscribed - user : 0);
	blocks_gb(ctx, "LUN Subscribed Capacity", subscribed);
	blocks_gb(ctx, "Snapshot Subscribed Capacity", 0);
	blocks_gb(ctx, "Metadata Subscribed Capacity", 0);
	fprintf(ctx->out, "Compression Savings (Blocks):  N/A\nCompression Savings (GBs):  N/A\n");
	fprintf(ctx->out, "Auto-Tiering:  Scheduled\n\n");
	fprintf(ctx->out, "Tier Name:  Performance\nRaid Type:  r_5\nRaid Drive Count:  5\n");
	fprintf(ctx->out, "User Capacity (GBs):  %.2f\n", (double)user / NAVISIM_GB_BLOCKS);
	fprintf(ctx->out, "Consumed Capacity (GBs):  %.2f\n", (double)consumed / NAVISIM_GB_BLOCKS);
	fprintf(ctx->out, "Available Capacity (GBs):  %.2f\n", (double)avail / NAVISIM_GB_BLOCKS);
	fprintf(ctx->out, "Percent Subscribed:  %.2f%%\n",
		user ? 100.0 * (double)subscribed / (double)user : 0.0);
	fprintf(ctx->out, "Data Targeted for Higher Tier (GBs):  0.00\n");
	fprintf(ctx->out, "Data Targeted for Lower Tier (GBs):  0.00\n");
	fprintf(ctx->out, "Data Targeted Within Tier (GBs):  0.00\n");
	fprintf(ctx->out, "Disks (Type):\n");
	for (int d = 0; d < 5; d++)
		fprintf(ctx->out, "Bus 0 Enclosure %lld Disk %d (SAS)\n", id, d);
	fprintf(ctx->out, "\nRebalance Percent Complete:  N/A\nDisks:\n");
	for (int d = 0; d < 5; d++)
		fprintf(ctx->out, "Bus 0 Enclosure %lld Disk %d\n", id, d);
	fprintf(ctx->out, "LUNs:");
	json_array_foreach(navisim_arr(st, "luns"), i, l) {
		if (navisim_jint(l, "pool") != id)
			continue;
		fprintf(ctx->out, "%s%lld", first ? "  " : ", ", navisim_jint(l, "id"));
		first = 0;
	}
	fprintf(ctx->out, "\nFAST Cache:  Enabled\n");
	fprintf(ctx->out, "Deduplication State:  Idle (No Deduplicated LUNs)\n");
	fprintf(ctx->out, "Deduplication Status:  OK(0x0)\n");
	fprintf(ctx->out, "Deduplication Percent Completed:  N/A\n");
	fprintf(ctx->out, "Deduplication Remaining Size (Blocks):  N/A\n");
	fprintf(ctx->out, "Deduplication Remaining Size (GBs):  N/A\n");
	fprintf(ctx->out, "Deduplication Rate:  Medium\n");
	fprintf(ctx->out, "Deduplicated LUNs' Tiering Policy:  Auto Tier\n");
	fprintf(ctx->out, "Deduplicated LUNs' Initial Tier:  Optimize Pool\n");
	fprintf(ctx->out, "Efficiency Savings (Blocks):  N/A\nEfficiency Savings (GBs):  N/A\n");
	fprintf(ctx->out, "Deduplication Shared Capacity (Blocks):  N/A\n");
	fprintf(ctx->out, "Deduplication Shared Capacity (GBs):  N/A\n");
	fprintf(ctx->out, "Auto-Delete Pool Full Threshold Enabled:  Off\n");
	fprintf(ctx->out, "Auto-Delete Pool Full High Watermark:  95.00\n");
	fprintf(ctx->out, "Auto-Delete Pool Full Low Watermark:  85.00\n");
	fprintf(ctx->out, "Auto-Delete Pool Full State:  Idle\n");
	fprintf(ctx->out, "Auto-Delete Snapshot Space Used Threshold Enabled:  Off\n");
	fprintf(ctx->out, "Auto-Delete Snapshot Space Used High Watermark:  25.00\n");
	fprintf(ctx->out, "Auto-Delete Snapshot Space Used Low Watermark:  20.00\n");
	fprintf(ctx->out, "Auto-Delete Snapshot Space Used State:  Idle\n");
}

int navisim_cmd_storagepool(navisim_ctx *ctx)
{
	navisim_opt opts[] = {{"-list", 0}, {"-all", 0}, {"-id", 1}, {"-name", 1},
			      {"-availableCap", 0}, {"-userCap", 0}, {"-consumedCap", 0},
			      {"-subscribedCap", 0}, {"-prcntFull", 0}, {"-state", 0}, {"-status", 0}};
	size_t n = sizeof(opts) / sizeof(opts[0]), i;
	const char *idv, *name;
	json_t *pool;
	int status, printed = 0;

	if ((status = navisim_parse_opts(ctx, opts, n, 1)))
		return status;
	if (!navisim_opthas(opts, n, "-list"))
		return navisim_usage_error(ctx, ctx->argc > 1 ? ctx->argv[1] : "storagepool");
	idv = navisim_optval(opts, n, "-id");
	name = navisim_optval(opts, n, "-name");
	{
		/* Storage pools came with FLARE 28.5: older arrays do not know the command. */
		navisim_gen g;
		navisim_gen_of(&g, ctx->st);
		if (!g.pools)
			return navisim_fail_unsupported(ctx);
	}
	if (idv || name) {
		long long id;
		if (idv && name)
			return navisim_usage_error(ctx, "-id");
		if (idv && navisim_parse_ll(&id, idv, 0, 1000000))
			return navisim_usage_error(ctx, idv);
		pool = idv ? navisim_pool_by_id(ctx->st, id) : navisim_pool_by_name(ctx->st, name);
		if (!pool)
			return navisim_fail(ctx, "Could not retrieve the specified (Storagepool). The (Storagepool) may not exist");
		pool_print(ctx, pool);
		return 0;
	}
	json_array_foreach(navisim_arr(ctx->st, "pools"), i, pool) {
		if (printed++)
			fprintf(ctx->out, "\n");
		pool_print(ctx, pool);
	}
	return 0;
}

static void sfp_tail(navisim_ctx *ctx, int fc)
{
	fprintf(ctx->out, "Reads:               0\nWrites:              0\n");
	fprintf(ctx->out, "Blocks Read:         0\nBlocks Written:      0\n");
	fprintf(ctx->out, "Queue Full/Busy:     0\n");
	fprintf(ctx->out, "I/O Module Slot:     %d\n", fc ? 0 : 3);
	fprintf(ctx->out, "Physical Port ID:    0\n");
	fprintf(ctx->out, "Usage:     General\n");
	fprintf(ctx->out, "SFP/Connector EMC Part Number: %s\n", fc ? "019-078-042" : "N/A");
	fprintf(ctx->out, "SFP/Connector EMC Serial Number: %s\n", fc ? "000000000000000" : "N/A");
	fprintf(ctx->out, "SFP/Connector Vendor Part Number: N/A\n");
	fprintf(ctx->out, "SFP/Connector Vendor Serial Number: N/A\n");
	fprintf(ctx->out, "SFP/Connector Supported Speeds: \n");
	fprintf(ctx->out, fc ? "2Gbps\n4Gbps\n8Gbps\n" : "N/A\n");
}

/* The per-port initiator summary that `port -list -sp -all` starts with. */
static void port_summary(navisim_ctx *ctx)
{
	json_t *st = ctx->st, *p;
	size_t i;
	int total = navisim_initiator_total(st);

	fprintf(ctx->out, "Total number of initiators: %d\n", total);
	json_array_foreach(navisim_arr(st, "ports"), i, p) {
		char sp = navisim_jstr(p, "sp")[0];
		long long id = navisim_jint(p, "id");
		int reg, in, out;
		navisim_port_initiators(st, sp, id, &reg, &in, &out);
		fprintf(ctx->out, "\nSP Name:             SP %c\n", sp);
		fprintf(ctx->out, "SP Port ID:          %lld\n", id);
		fprintf(ctx->out, "Registered Initiators:        %d\n", reg);
		fprintf(ctx->out, "Logged-In Initiators:         %d\n", in);
		fprintf(ctx->out, "Not Logged-In Initiators:     %d\n", out);
	}
	fprintf(ctx->out, "\n");
}

/* "Information about each SPPORT:" and one detail record per SP port. */
static int port_details(navisim_ctx *ctx)
{
	json_t *st = ctx->st, *p;
	size_t i;

	fprintf(ctx->out, "\nInformation about each SPPORT:\n");
	json_array_foreach(navisim_arr(st, "ports"), i, p) {
		char sp = navisim_jstr(p, "sp")[0];
		int fc = strcmp(jstr_or(p, "kind", ""), "fc") == 0;
		fprintf(ctx->out, "\nSP Name:             SP %c\n", sp);
		fprintf(ctx->out, "SP Port ID:          %lld\n", navisim_jint(p, "id"));
		fprintf(ctx->out, "SP UID:              %s\n", jstr_or(p, fc ? "wwn" : "iqn", ""));
		fprintf(ctx->out, "Link Status:         Up\nPort Status:         Online\n");
		if (fc) {
			fprintf(ctx->out, "Switch Present:      YES\n");
			fprintf(ctx->out, "Switch UID:          10:00:00:05:1E:E0:1D:A1:20:0B:00:05:1E:E0:1D:A1\n");
			fprintf(ctx->out, "SP Source ID:        10226432\n");
			fprintf(ctx->out, "ALPA Value:         0\n");
			fprintf(ctx->out, "Speed Value :         8Gbps\nAuto Negotiable :     NO\n");
			fprintf(ctx->out, "Available Speeds:     \n2Gbps\n4Gbps\n8Gbps\nAuto\n");
			fprintf(ctx->out, "Requested Value:      Auto\n");
			fprintf(ctx->out, "MAC Address:         Not Applicable\nSFP State:           Online\n");
		} else {
			char mac[32];
			snprintf(mac, sizeof(mac), "%s", jstr_or(p, "mac", "00-60-16-00-00-00"));
			for (char *c = mac; *c; c++)
				if (*c == '-')
					*c = ':';
			fprintf(ctx->out, "Switch Present:      Not Applicable\n");
			fprintf(ctx->out, "Speed Value :         10Gbps\nAuto Negotiable :     YES\n");
			fprintf(ctx->out, "Available Speeds:     \n1Gbps\n10Gbps\nAuto\n");
			fprintf(ctx->out, "Requested Value:      Auto\n");
			fprintf(ctx->out, "MAC Address:         %s\nSFP State:           None\n", mac);
		}
		sfp_tail(ctx, fc);
	}
	return 0;
}

int navisim_cmd_port(navisim_ctx *ctx)
{
	navisim_opt opts[] = {{"-list", 0}, {"-sp", 0}, {"-all", 0}};
	int status;

	/* port -list -hba and port -removeHBA concern initiators: cmd_sg.c. */
	for (int i = 1; i < ctx->argc; i++)
		if (strcmp(ctx->argv[i], "-hba") == 0 || strcmp(ctx->argv[i], "-removeHBA") == 0)
			return navisim_cmd_port_hba(ctx);
	if ((status = navisim_parse_opts(ctx, opts, 3, 1)))
		return status;
	if (!navisim_opthas(opts, 3, "-list") ||
	    (!navisim_opthas(opts, 3, "-sp") && !navisim_opthas(opts, 3, "-all")))
		return navisim_usage_error(ctx, "port");
	if (navisim_opthas(opts, 3, "-sp")) {
		port_summary(ctx);
	} else {
		/* port -list -all: the initiators, then the SP ports. */
		navisim_print_hbas(ctx, NULL);
		fprintf(ctx->out, "\n");
	}
	return port_details(ctx);
}

static void getport_print(navisim_ctx *ctx, json_t *p, long long vport_filter)
{
	const char *iqn = jstr_or(p, "iqn", "");
	const char *dot = strrchr(iqn, '.');
	json_t *vp;
	size_t i;
	char alias[32];

	/* The real alias is the last digits of the serial and the port name. */
	snprintf(alias, sizeof(alias), "%s", dot && dot - iqn >= 4 ? dot - 4 : iqn);
	fprintf(ctx->out, "SP:  %s\n", jstr_or(p, "sp", ""));
	fprintf(ctx->out, "Port ID:  %lld\n", navisim_jint(p, "id"));
	fprintf(ctx->out, "Port WWN:  %s\n", iqn);
	fprintf(ctx->out, "iSCSI Alias:  %s\n", alias);
	fprintf(ctx->out, "Enode MAC Address:  %s\n", jstr_or(p, "mac", ""));
	fprintf(ctx->out, "Port Speed:  10000 Mb\nAuto-Negotiate:  No\nAvailable Speeds:  10000 Mb\n");
	fprintf(ctx->out, "Current MTU:  1500\n");
	fprintf(ctx->out, "Available MTU Sizes:  \"1260\",\"1448\",\"1500\",\"1548\",\"2000\",\"2450\","
			  "\"3000\",\"4000\",\"4080\",\"4470\",\"5000\",\"6000\",\"7000\",\"8000\",\"9000\"\n");
	fprintf(ctx->out, "Flow Control:  Auto\nHost Window:  256K\nReplication Window:  256K\n");
	fprintf(ctx->out, "Available Window Sizes:  64K,128K,256K,512K,1MB\n");
	json_array_foreach(navisim_arr(p, "vports"), i, vp) {
		if (vport_filter >= 0 && navisim_jint(vp, "id") != vport_filter)
			continue;
		int up = navisim_jstr(vp, "ip") != NULL;
		fprintf(ctx->out, "\nVirtual Port ID:  %lld\n", navisim_jint(vp, "id"));
		/* An uninitialized port shows N/A throughout, as the captures do. */
		fprintf(ctx->out, "VLAN ID:  %s\n", up ? "Disabled" : "N/A");
		fprintf(ctx->out, "IP Address:  %s\n", jstr_or(vp, "ip", "N/A"));
		fprintf(ctx->out, "Subnet Mask:  %s\n", up ? jstr_or(vp, "mask", "N/A") : "N/A");
		fprintf(ctx->out, "Gateway Address:  %s\n", up ? jstr_or(vp, "gw", "N/A") : "N/A");
		fprintf(ctx->out, "Initiator Authentication:  %s\n", up ? "false" : "N/A");
	}
}

/*
 * CLARiiONs before the VNX (no iSCSI virtual ports) list every front-end
 * port, FC ones too, in one short record: an iSCSI port without an address
 * stops after its alias (delfin's CX4 sample), an FC port shows N/A.
 */
static void getport_print_clariion(navisim_ctx *ctx, json_t *p)
{
	int fc = strcmp(jstr_or(p, "kind", ""), "fc") == 0;
	json_t *vp = json_array_get(navisim_arr(p, "vports"), 0);
	char alias[32];

	fprintf(ctx->out, "SP: %s\nPort ID: %lld\n", jstr_or(p, "sp", ""), navisim_jint(p, "id"));
	if (fc) {
		fprintf(ctx->out, "Port WWN: %s\niSCSI Alias: N/A\n", jstr_or(p, "wwn", ""));
		fprintf(ctx->out, "IP Address: N/A\nSubnet Mask: N/A\nGateway Address: N/A\n");
		fprintf(ctx->out, "Initiator Authentication: N/A\n");
		return;
	}
	{
		const char *iqn = jstr_or(p, "iqn", ""), *dot = strrchr(iqn, '.');
		snprintf(alias, sizeof(alias), "%s", dot && dot - iqn >= 4 ? dot - 4 : iqn);
		fprintf(ctx->out, "Port WWN: %s\niSCSI Alias: %s\n", iqn, alias);
	}
	if (vp && navisim_jstr(vp, "ip")) {
		fprintf(ctx->out, "IP Address: %s\nSubnet Mask: %s\nGateway Address: %s\n", navisim_jstr(vp, "ip"),
			jstr_or(vp, "mask", "N/A"), jstr_or(vp, "gw", "N/A"));
		fprintf(ctx->out, "Initiator Authentication: Not Available\n");
	}
}

int navisim_cmd_connection(navisim_ctx *ctx)
{
	navisim_opt opts[] = {{"-getport", 0}, {"-all", 0}, {"-sp", 1}, {"-portid", 1},
			      {"-vportid", 1}, {"-address", 0}, {"-subnetmask", 0}};
	size_t n = sizeof(opts) / sizeof(opts[0]), i;
	const char *spv, *pv, *vv;
	long long port = -1, vport = -1;
	char sp = 0;
	json_t *p;
	int status, printed = 0;

	if ((status = navisim_parse_opts(ctx, opts, n, 1)))
		return status;
	if (!navisim_opthas(opts, n, "-getport"))
		return navisim_usage_error(ctx, ctx->argc > 1 ? ctx->argv[1] : "connection");
	spv = navisim_optval(opts, n, "-sp");
	pv = navisim_optval(opts, n, "-portid");
	vv = navisim_optval(opts, n, "-vportid");
	if (spv) {
		if (strcasecmp(spv, "a") && strcasecmp(spv, "b"))
			return navisim_usage_error(ctx, spv);
		sp = (char)(spv[0] & ~0x20);
	}
	if (pv && navisim_parse_ll(&port, pv, 0, 1000))
		return navisim_usage_error(ctx, pv);
	if (vv && navisim_parse_ll(&vport, vv, 0, 1000))
		return navisim_usage_error(ctx, vv);
	{
		navisim_gen g;
		navisim_gen_of(&g, ctx->st);
		if (g.fam < NAVISIM_FAM_VNX1) {
			/* No virtual ports before the VNX: -vportid is not a parameter. */
			if (vv)
				return navisim_usage_error(ctx, "-vportid");
			json_array_foreach(navisim_arr(ctx->st, "ports"), i, p) {
				if (sp && navisim_jstr(p, "sp")[0] != sp)
					continue;
				if (port >= 0 && navisim_jint(p, "id") != port)
					continue;
				if (printed++)
					fprintf(ctx->out, "\n");
				getport_print_clariion(ctx, p);
			}
			if (!printed && (port >= 0 || sp))
				return navisim_fail(ctx, "Request failed. Specified port not found.");
			return 0;
		}
	}
	json_array_foreach(navisim_arr(ctx->st, "ports"), i, p) {
		json_t *vp;
		size_t k;
		int has_vport = vport < 0;
		if (strcmp(jstr_or(p, "kind", ""), "iscsi") != 0)
			continue;
		if (sp && navisim_jstr(p, "sp")[0] != sp)
			continue;
		if (port >= 0 && navisim_jint(p, "id") != port)
			continue;
		json_array_foreach(navisim_arr(p, "vports"), k, vp)
			if (navisim_jint(vp, "id") == vport)
				has_vport = 1;
		if (!has_vport)
			continue;
		if (printed++)
			fprintf(ctx->out, "\n");
		getport_print(ctx, p, vport);
	}
	if (!printed && (port >= 0 || sp))
		return navisim_fail(ctx, "Request failed. Specified port not found.");
	return 0;
}
