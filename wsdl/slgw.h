/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * slgw.h - the SOAP contract of slgw, version 1 (namespace urn:slgw:api:1).
 *
 * This gSOAP header is the single source of truth of the API. soapcpp2 -c -1
 * turns it, during the build, into the C (de)serializers, the server
 * dispatcher, the client stubs and wsdl/slgw.wsdl + wsdl/slgw.xsd (the copies
 * kept in the source tree are checked against the generated ones by a test,
 * so a change here must be accompanied by the regenerated WSDL).
 *
 * Design:
 * - SOAP 1.1, document/literal, "wrapped" style, one target namespace that
 *   carries the major version (a breaking change gets urn:slgw:api:2). Every
 *   operation takes one element <slgw:OPERATION> and answers one element
 *   <slgw:OPERATIONResponse>: that is what the __slgw__ service functions with
 *   _slgw__ element structs declare. elementFormDefault is qualified.
 * - Operation names follow the Citrix StorageLink vocabulary (storage
 *   adapter, storage system, storage pool, storage volume, host, host
 *   initiator, assignment, job).
 * - Sizes are in MB (xsd:long), ids are opaque strings, closed sets of values
 *   are XML enumerations, times are xsd:dateTime (UTC).
 * - Lists are paged: a request carries an optional pageToken and limit
 *   (default 100, at most 1000); a response carries nextPageToken when more
 *   items follow. Tokens are opaque.
 * - Operations that change an array (systems, volumes, hosts, initiators,
 *   assignments, snapshots, clones) take an optional clientRequestId (a retry
 *   with the same id returns the same job instead of doing the work twice)
 *   and an optional waitMs (how long the call waits for its job; absent =
 *   the server's default, 0 = do not wait), and answer a Job: its state,
 *   progress, error, and the resulting object when the job has completed.
 *   Operations that only change the gateway's own records (tenants, grants,
 *   users) answer the resulting record directly.
 * - Every failure is a SOAP Fault whose detail holds one <slgw:fault> with
 *   one stable code (ErrorCode) and a message a person can act on.
 * - Array credentials go in (addStorageSystem) and never come out.
 *
 * Roles: "admin" (the storage team) may call everything; "tenant" (one
 * XenServer pool) sees only its own objects and the systems / pools granted
 * to it, everything else answers NOT_FOUND; the admin-only operations are
 * marked below and answer PERMISSION_DENIED to a tenant.
 *
 * Revisions: the namespace carries the major version; within it the
 * contract grows only by additions (optional elements, new operations, new
 * types), so a client of an older revision keeps working unchanged.
 * getServiceInfo's apiRevision says which revision a server speaks (absent =
 * 1). Revision 2 added what a XenServer SMAPIv3 plugin needs to keep its
 * volume metadata on the gateway: a description, a collection (the SR a
 * volume belongs to) and free key/value attributes on volumes and
 * snapshots (setStorageVolumeAttributes, setSnapshotAttributes,
 * getSnapshot, the collection filter of the lists), a snapshot's size and
 * collection at creation, the pool kind and RAID type, the capabilities of
 * a storage system, a requested HLU in assignStorage and prepareHost.
 *
 * Attribute bounds (revision 2; one definition in broker_rules.h): at most
 * 64 keys per object; a key name has 1..64 characters of [A-Za-z0-9._:-];
 * a value 0..1024 bytes of valid UTF-8 XML text; a description 0..1024
 * bytes; a collection 1..64 characters of [A-Za-z0-9._:-]. A violation is
 * INVALID_ARGUMENT naming the field and the limit, and changes nothing.
 */

//gsoap slgw service name: slgw
//gsoap slgw service style: document
//gsoap slgw service encoding: literal
//gsoap slgw service namespace: urn:slgw:api:1
//gsoap slgw service location: https://localhost:21605/
//gsoap slgw schema namespace: urn:slgw:api:1
//gsoap slgw schema form: qualified
//gsoap slgw service documentation: slgw storage gateway API version 1 (StorageLink-style LUN brokering for EMC VNX / CLARiiON)

//gsoap slgw service method-fault: getServiceInfo _slgw__fault
//gsoap slgw service method-fault: enumStorageAdapters _slgw__fault
//gsoap slgw service method-fault: addStorageSystem _slgw__fault
//gsoap slgw service method-fault: removeStorageSystem _slgw__fault
//gsoap slgw service method-fault: enumStorageSystems _slgw__fault
//gsoap slgw service method-fault: getStorageSystem _slgw__fault
//gsoap slgw service method-fault: refreshStorageSystem _slgw__fault
//gsoap slgw service method-fault: enumStoragePools _slgw__fault
//gsoap slgw service method-fault: enumStorageSystemTargetPorts _slgw__fault
//gsoap slgw service method-fault: allocateStorage _slgw__fault
//gsoap slgw service method-fault: resizeStorage _slgw__fault
//gsoap slgw service method-fault: deleteStorage _slgw__fault
//gsoap slgw service method-fault: enumStorageVolumes _slgw__fault
//gsoap slgw service method-fault: getStorageVolume _slgw__fault
//gsoap slgw service method-fault: getJob _slgw__fault
//gsoap slgw service method-fault: enumJobs _slgw__fault
//gsoap slgw service method-fault: addHost _slgw__fault
//gsoap slgw service method-fault: removeHost _slgw__fault
//gsoap slgw service method-fault: modifyHost _slgw__fault
//gsoap slgw service method-fault: addHostInitiator _slgw__fault
//gsoap slgw service method-fault: removeHostInitiator _slgw__fault
//gsoap slgw service method-fault: enumHosts _slgw__fault
//gsoap slgw service method-fault: getHost _slgw__fault
//gsoap slgw service method-fault: assignStorage _slgw__fault
//gsoap slgw service method-fault: unassignStorage _slgw__fault
//gsoap slgw service method-fault: enumAssignments _slgw__fault
//gsoap slgw service method-fault: createSnapshot _slgw__fault
//gsoap slgw service method-fault: deleteSnapshot _slgw__fault
//gsoap slgw service method-fault: enumSnapshots _slgw__fault
//gsoap slgw service method-fault: restoreSnapshot _slgw__fault
//gsoap slgw service method-fault: cloneStorage _slgw__fault
//gsoap slgw service method-fault: addTenant _slgw__fault
//gsoap slgw service method-fault: removeTenant _slgw__fault
//gsoap slgw service method-fault: enumTenants _slgw__fault
//gsoap slgw service method-fault: grantStoragePool _slgw__fault
//gsoap slgw service method-fault: revokeStoragePool _slgw__fault
//gsoap slgw service method-fault: enumStoragePoolGrants _slgw__fault
//gsoap slgw service method-fault: addUser _slgw__fault
//gsoap slgw service method-fault: removeUser _slgw__fault
//gsoap slgw service method-fault: enumUsers _slgw__fault
//gsoap slgw service method-fault: setUserPassword _slgw__fault
//gsoap slgw service method-fault: enumAuditRecords _slgw__fault
//gsoap slgw service method-fault: setStorageVolumeAttributes _slgw__fault
//gsoap slgw service method-fault: setSnapshotAttributes _slgw__fault
//gsoap slgw service method-fault: getSnapshot _slgw__fault
//gsoap slgw service method-fault: prepareHost _slgw__fault

/* ------------------------------------------------------------------ */
/* Simple types                                                        */
/* ------------------------------------------------------------------ */

/* xsd:boolean; C code compares against xsd__boolean__true_. */
enum xsd__boolean { xsd__boolean__false_, xsd__boolean__true_ };

/* The stable fault codes (the gRPC / CSI classes). The message says more. */
enum slgw__ErrorCode {
	slgw__ErrorCode__INVALID_USCOREARGUMENT,   /* bad input: names the field */
	slgw__ErrorCode__NOT_USCOREFOUND,          /* no such object (or not yours) */
	slgw__ErrorCode__ALREADY_USCOREEXISTS,     /* same name, incompatible params */
	slgw__ErrorCode__FAILED_USCOREPRECONDITION,/* state forbids it (assigned, ...) */
	slgw__ErrorCode__PERMISSION_USCOREDENIED,  /* role may not do this */
	slgw__ErrorCode__UNAUTHENTICATED,          /* no / wrong credentials */
	slgw__ErrorCode__RESOURCE_USCOREEXHAUSTED, /* quota, pool space, overload */
	slgw__ErrorCode__ABORTED,                  /* another op in flight: retry */
	slgw__ErrorCode__UNAVAILABLE,              /* array / gateway busy or down */
	slgw__ErrorCode__DEADLINE_USCOREEXCEEDED,  /* timed out */
	slgw__ErrorCode__INTERNAL,                 /* a bug or an unexpected reply */
	/* Revision 2 (sent only in answer to what revision 2 added): */
	slgw__ErrorCode__CONFLICT,                 /* what was asked for is held
	                                              by another object (named) */
	slgw__ErrorCode__NOT_USCORESUPPORTED       /* this server does not do it
	                                              (yet) */
};

enum slgw__ProvisioningType {
	slgw__ProvisioningType__THIN,
	slgw__ProvisioningType__THICK
};

/* QUEUED: written, not started; RUNNING; SUCCEEDED / FAILED are final. */
enum slgw__JobState {
	slgw__JobState__QUEUED,
	slgw__JobState__RUNNING,
	slgw__JobState__SUCCEEDED,
	slgw__JobState__FAILED
};

/* linked: a snapshot mount point (instant, shares blocks with its source);
 * full: an independent LUN filled by a LUN migration. */
enum slgw__CloneType {
	slgw__CloneType__linked,
	slgw__CloneType__full
};

enum slgw__Protocol {
	slgw__Protocol__iscsi,
	slgw__Protocol__fc
};

enum slgw__Role {
	slgw__Role__admin,
	slgw__Role__tenant
};

/* ALUA = naviseccli -failovermode 4 (the default), PNR = -failovermode 1
 * (arrays that cannot do ALUA, or hosts that ask for it). */
enum slgw__FailoverMode {
	slgw__FailoverMode__ALUA,
	slgw__FailoverMode__PNR
};

/* Storage processor. */
enum slgw__SP {
	slgw__SP__A,
	slgw__SP__B
};

/* (revision 2) What a storage pool is on the array: a virtual-provisioning
 * pool (thin and thick LUNs, VNX snapshots) or a classic RAID group (thick
 * LUNs only, laid out contiguously). */
enum slgw__PoolKind {
	slgw__PoolKind__POOL,
	slgw__PoolKind__RAID_USCOREGROUP
};

/* ------------------------------------------------------------------ */
/* Faults                                                              */
/* ------------------------------------------------------------------ */

/* <slgw:fault> inside <detail> of every SOAP Fault the service sends. */
struct _slgw__fault {
	enum slgw__ErrorCode code 1;
	char *message 1;
	char *objectId 0;        /* the object the failure is about, if any */
	char *jobId 0;           /* the job that failed, if any */
};

struct SOAP_ENV__Detail {
	struct _slgw__fault *slgw__fault 0;
	int __type;
	void *fault;
	char *__any;
};

/* ------------------------------------------------------------------ */
/* Records                                                             */
/* ------------------------------------------------------------------ */

/* (revision 2) One free attribute of a volume or snapshot, kept by the
 * gateway only (never sent to the array). name: 1..64 characters of
 * [A-Za-z0-9._:-], unique within its object; value: 0..1024 bytes. */
struct slgw__KeyValue {
	char *name 1;
	char *value 1;
};

struct slgw__StorageAdapter {
	char *name 1;                   /* "vnx" */
	char *vendor 1;
	char *description 0;
	int __sizecapability 0:64;
	char **capability 0;            /* thin, snapshots, clones, alua, iscsi, fc */
};

/* A port reference, e.g. an entry of a storage system's allowed-port list. */
struct slgw__PortRef {
	enum slgw__SP sp 1;
	int portId 1;
	int vportId 0;
};

struct slgw__StorageSystem {
	char *id 1;
	char *name 1;
	char *adapter 1;
	char *spA 1;                    /* SP A management address */
	char *spB 0;
	char *model 0;
	char *revision 0;               /* FLARE / VNX OE revision */
	char *serialNumber 0;
	char *state 0;                  /* OK, DEGRADED (one SP down), UNREACHABLE */
	time_t *lastRefreshed 0;
	int __sizeenabler 0:256;
	char **enabler 0;               /* installed enablers (ndu names) */
	int __sizecapability 0:64;
	char **capability 0;            /* (revision 2, from discovery) what this
	                                   array can do, e.g. POOLS THIN_LUNS
	                                   VNX_SNAPSHOTS SNAPVIEW ALUA METALUN
	                                   RAID_GROUPS LUN_CREATE_RG */
	enum xsd__boolean *usesSecurityFile 0;
	char *naviseccliPath 0;
	enum slgw__FailoverMode *failoverPolicy 0; /* forces a mode for every host */
	int __sizeallowedTargetPort 0:256;
	struct slgw__PortRef *allowedTargetPort 0;
	enum xsd__boolean *destroyEmptyStorageGroups 0;
	enum xsd__boolean *allowHluZero 0;
	int __sizedrift 0;
	char **drift 0;                 /* registrations that differ from what
	                                   the gateway applied (refresh) */
};

struct slgw__StoragePool {
	char *id 1;
	char *storageSystemId 1;
	char *name 1;
	int arrayPoolId 0;              /* the array's pool id */
	int64_t sizeMB 1;
	int64_t freeMB 1;
	int64_t *subscribedMB 0;
	int __sizeprovisioningType 0:2;
	enum slgw__ProvisioningType *provisioningType 0;
	char *state 0;
	/* Present for tenants (their grant on this pool): */
	int64_t *quotaMB 0;
	int64_t *usedMB 0;
	int64_t *leftMB 0;
	int *maxVolumes 0;
	int *volumeCount 0;
	enum xsd__boolean *frozen 0;
	/* Revision 2: */
	enum slgw__PoolKind *kind 0;    /* absent: not known (read as POOL) */
	char *raidType 0;               /* RAID groups: e.g. r5, r1_0 */
	int64_t *largestContiguousFreeMB 0; /* RAID groups: the largest LUN
	                                       that fits in one piece */
};

/* A front-end port of an array: iSCSI (IQN + portal) or FC (WWPN). */
struct slgw__TargetPort {
	char *storageSystemId 0;
	enum slgw__SP sp 1;
	int portId 1;
	int vportId 0;
	enum slgw__Protocol protocol 1;
	char *iqn 0;
	char *ipAddress 0;
	char *portal 0;                 /* "IP:3260" */
	char *wwpn 0;
	char *linkState 0;
};

struct slgw__StorageVolume {
	char *id 1;
	char *name 1;
	char *tenantId 0;
	char *storageSystemId 1;
	char *storagePoolId 1;
	int64_t sizeMB 1;
	enum slgw__ProvisioningType provisioning 1;
	char *state 0;
	char *wwn 0;
	int *arrayLunId 0;
	char *arrayName 0;              /* the LUN's name on the array */
	time_t *createdAt 0;
	enum xsd__boolean *isClone 0;
	enum slgw__CloneType *cloneType 0;
	char *sourceVolumeId 0;
	char *sourceSnapshotId 0;
	int *snapshotCount 0;
	int *assignmentCount 0;
	/* Revision 2 (gateway records only; renaming never renames the LUN,
	   whose array name stays arrayName): */
	char *description 0;            /* 0..1024 bytes */
	char *collection 0;             /* e.g. the SR the volume belongs to */
	int __sizekey 0;
	struct slgw__KeyValue *key 0;   /* 0..64 attributes, by name */
};

struct slgw__Initiator {
	char *id 1;                     /* iSCSI IQN / EUI, or FC WWPN */
	enum slgw__Protocol protocol 1;
};

/* One registered path of an initiator to one array port. */
struct slgw__HostPath {
	char *initiator 1;
	enum slgw__SP sp 1;
	int portId 1;
	int vportId 0;
	enum xsd__boolean *loggedIn 0;
};

/* What is in force for a host on one array. */
struct slgw__HostArrayState {
	char *storageSystemId 1;
	char *storageGroup 1;
	enum slgw__FailoverMode failoverMode 1;
	int __sizepath 0;
	struct slgw__HostPath *path 0;
	int __sizedrift 0;
	char **drift 0;
};

struct slgw__Host {
	char *id 1;
	char *name 1;
	char *tenantId 0;
	char *hostAddress 0;
	enum slgw__FailoverMode *failoverMode 0;   /* requested; absent = default */
	int __sizeinitiator 0;
	struct slgw__Initiator *initiator 0;
	int __sizearray 0;
	struct slgw__HostArrayState *array 0;
};

/* A volume mapped to a host, with what the host needs to log in. */
struct slgw__Assignment {
	char *volumeId 1;
	char *hostId 1;
	char *storageSystemId 0;
	int hlu 1;
	char *lunWwn 0;
	int *arrayLunId 0;
	enum slgw__FailoverMode *failoverMode 0;
	int __sizetarget 0;
	struct slgw__TargetPort *target 0;         /* both SPs */
};

struct slgw__Snapshot {
	char *id 1;
	char *name 1;
	char *volumeId 1;
	char *tenantId 0;
	char *storageSystemId 0;
	char *arrayName 0;
	time_t *createdAt 0;
	char *state 0;
	/* Revision 2: */
	char *description 0;
	char *collection 0;             /* the source volume's collection when
	                                   the snapshot was taken */
	int64_t *sizeMB 0;              /* the source's size when taken */
	char *wwn 0;                    /* when mounted (not used yet) */
	int __sizekey 0;
	struct slgw__KeyValue *key 0;
};

struct slgw__Tenant {
	char *id 1;
	char *name 1;
	char *description 0;
	time_t *createdAt 0;
};

struct slgw__StoragePoolGrant {
	char *tenantId 1;
	char *storageSystemId 1;
	char *storagePoolId 1;
	int64_t quotaMB 1;
	int *maxVolumes 0;
	int __sizeprovisioningType 0:2;
	enum slgw__ProvisioningType *provisioningType 0; /* none = both */
	enum xsd__boolean *frozen 0;
	int64_t *usedMB 0;
	int *volumeCount 0;
};

struct slgw__User {
	char *name 1;
	enum slgw__Role role 1;
	char *tenantId 0;
	time_t *createdAt 0;
};

struct slgw__AuditRecord {
	char *id 1;
	time_t time 1;
	char *user 0;                   /* absent when unauthenticated */
	char *tenantId 0;
	char *operation 1;
	char *objectId 0;
	char *outcome 1;                /* "OK" or an ErrorCode value */
	char *message 0;
	char *peer 0;                   /* client address */
	char *clientRequestId 0;
};

struct slgw__Job {
	char *id 1;
	char *kind 1;                   /* what it does, e.g. volume.allocate */
	enum slgw__JobState state 1;
	int progress 1;                 /* percent, 0..100 */
	char *objectId 0;
	char *clientRequestId 0;
	char *user 0;
	char *tenantId 0;
	time_t *createdAt 0;
	time_t *updatedAt 0;
	enum slgw__ErrorCode *errorCode 0;   /* FAILED jobs */
	char *errorMessage 0;
	/* The resulting object of a SUCCEEDED job, where there is one: */
	struct slgw__StorageSystem *storageSystem 0;
	struct slgw__StorageVolume *storageVolume 0;
	struct slgw__Host *host 0;
	struct slgw__Assignment *assignment 0;
	struct slgw__Snapshot *snapshot 0;
};

/* ------------------------------------------------------------------ */
/* Operations: service information and storage systems                */
/* ------------------------------------------------------------------ */

struct _slgw__getServiceInfo {
	char *dummy 0;                  /* unused; keeps the element extensible */
};
struct _slgw__getServiceInfoResponse {
	char *productName 1;
	char *version 1;
	int apiVersion 1;
	char *apiNamespace 1;
	char *gatewayId 0;
	time_t serverTime 1;
	char *user 1;                   /* who is calling */
	enum slgw__Role role 1;
	char *tenantId 0;
	int *apiRevision 0;             /* the contract revision the server
	                                   speaks within apiVersion (absent: 1) */
};
//gsoap slgw service method-documentation: getServiceInfo Version of the service and who the caller is (any role).
int __slgw__getServiceInfo(struct _slgw__getServiceInfo *slgw__getServiceInfo, struct _slgw__getServiceInfoResponse *slgw__getServiceInfoResponse);

struct _slgw__enumStorageAdapters {
	char *dummy 0;
};
struct _slgw__enumStorageAdaptersResponse {
	int __sizestorageAdapter 0;
	struct slgw__StorageAdapter *storageAdapter 0;
};
//gsoap slgw service method-documentation: enumStorageAdapters The array families this gateway can drive.
int __slgw__enumStorageAdapters(struct _slgw__enumStorageAdapters *slgw__enumStorageAdapters, struct _slgw__enumStorageAdaptersResponse *slgw__enumStorageAdaptersResponse);

struct _slgw__addStorageSystem {
	char *adapter 1;                /* "vnx" */
	char *name 1;
	char *spA 1;
	char *spB 0;
	char *username 0;               /* with password and scope, or ... */
	char *password 0;
	int *scope 0;                   /* 0 global (default), 1 local, 2 LDAP */
	char *securityFile 0;           /* ... a naviseccli security file path */
	char *naviseccliPath 0;
	enum slgw__FailoverMode *failoverPolicy 0;
	int __sizeallowedTargetPort 0:256;
	struct slgw__PortRef *allowedTargetPort 0;
	enum xsd__boolean *destroyEmptyStorageGroups 0;
	enum xsd__boolean *allowHluZero 0;
	char *clientRequestId 0;
	int *waitMs 0;
};
struct _slgw__addStorageSystemResponse {
	struct slgw__Job *job 1;
};
//gsoap slgw service method-documentation: addStorageSystem (admin) Registers an array and discovers it at once.
int __slgw__addStorageSystem(struct _slgw__addStorageSystem *slgw__addStorageSystem, struct _slgw__addStorageSystemResponse *slgw__addStorageSystemResponse);

struct _slgw__removeStorageSystem {
	char *storageSystemId 1;
	char *clientRequestId 0;
	int *waitMs 0;
};
struct _slgw__removeStorageSystemResponse {
	struct slgw__Job *job 1;
};
//gsoap slgw service method-documentation: removeStorageSystem (admin) Forgets an array; refused while volumes exist on it.
int __slgw__removeStorageSystem(struct _slgw__removeStorageSystem *slgw__removeStorageSystem, struct _slgw__removeStorageSystemResponse *slgw__removeStorageSystemResponse);

struct _slgw__enumStorageSystems {
	char *pageToken 0;
	int *limit 0;
};
struct _slgw__enumStorageSystemsResponse {
	int __sizestorageSystem 0;
	struct slgw__StorageSystem *storageSystem 0;
	char *nextPageToken 0;
};
//gsoap slgw service method-documentation: enumStorageSystems Lists storage systems (tenants: those granted to them).
int __slgw__enumStorageSystems(struct _slgw__enumStorageSystems *slgw__enumStorageSystems, struct _slgw__enumStorageSystemsResponse *slgw__enumStorageSystemsResponse);

struct _slgw__getStorageSystem {
	char *storageSystemId 1;
};
struct _slgw__getStorageSystemResponse {
	struct slgw__StorageSystem *storageSystem 1;
};
//gsoap slgw service method-documentation: getStorageSystem One storage system.
int __slgw__getStorageSystem(struct _slgw__getStorageSystem *slgw__getStorageSystem, struct _slgw__getStorageSystemResponse *slgw__getStorageSystemResponse);

struct _slgw__refreshStorageSystem {
	char *storageSystemId 1;
	char *clientRequestId 0;
	int *waitMs 0;
};
struct _slgw__refreshStorageSystemResponse {
	struct slgw__Job *job 1;
};
//gsoap slgw service method-documentation: refreshStorageSystem (admin) Re-reads model, revision, serial, enablers, pools, ports; reports drift.
int __slgw__refreshStorageSystem(struct _slgw__refreshStorageSystem *slgw__refreshStorageSystem, struct _slgw__refreshStorageSystemResponse *slgw__refreshStorageSystemResponse);

struct _slgw__enumStoragePools {
	char *storageSystemId 0;
	char *pageToken 0;
	int *limit 0;
};
struct _slgw__enumStoragePoolsResponse {
	int __sizestoragePool 0;
	struct slgw__StoragePool *storagePool 0;
	char *nextPageToken 0;
};
//gsoap slgw service method-documentation: enumStoragePools Pools with capacity (tenants: granted pools with quota, use and what is left).
int __slgw__enumStoragePools(struct _slgw__enumStoragePools *slgw__enumStoragePools, struct _slgw__enumStoragePoolsResponse *slgw__enumStoragePoolsResponse);

struct _slgw__enumStorageSystemTargetPorts {
	char *storageSystemId 1;
	enum slgw__Protocol *protocol 0;
	char *pageToken 0;
	int *limit 0;
};
struct _slgw__enumStorageSystemTargetPortsResponse {
	int __sizetargetPort 0;
	struct slgw__TargetPort *targetPort 0;
	char *nextPageToken 0;
};
//gsoap slgw service method-documentation: enumStorageSystemTargetPorts Front-end iSCSI and FC ports of a storage system.
int __slgw__enumStorageSystemTargetPorts(struct _slgw__enumStorageSystemTargetPorts *slgw__enumStorageSystemTargetPorts, struct _slgw__enumStorageSystemTargetPortsResponse *slgw__enumStorageSystemTargetPortsResponse);

/* ------------------------------------------------------------------ */
/* Operations: volumes and jobs                                        */
/* ------------------------------------------------------------------ */

struct _slgw__allocateStorage {
	char *storageSystemId 1;
	char *storagePoolId 1;
	char *name 1;
	int64_t sizeMB 1;
	enum slgw__ProvisioningType provisioning 1;
	char *tenantId 0;               /* admin allocating for a tenant */
	char *clientRequestId 0;
	int *waitMs 0;
	/* Revision 2: the volume record's attributes from the start (a retry
	   of the same name must name the same collection, else
	   ALREADY_EXISTS; the record keeps the first call's description and
	   keys) */
	char *description 0;
	char *collection 0;
	int __sizekey 0;
	struct slgw__KeyValue *key 0;
};
struct _slgw__allocateStorageResponse {
	struct slgw__Job *job 1;
};
//gsoap slgw service method-documentation: allocateStorage Creates a LUN (idempotent by name).
int __slgw__allocateStorage(struct _slgw__allocateStorage *slgw__allocateStorage, struct _slgw__allocateStorageResponse *slgw__allocateStorageResponse);

struct _slgw__resizeStorage {
	char *volumeId 1;
	int64_t sizeMB 1;               /* new size; grow only */
	char *clientRequestId 0;
	int *waitMs 0;
};
struct _slgw__resizeStorageResponse {
	struct slgw__Job *job 1;
};
//gsoap slgw service method-documentation: resizeStorage Grows a volume (a size already reached succeeds).
int __slgw__resizeStorage(struct _slgw__resizeStorage *slgw__resizeStorage, struct _slgw__resizeStorageResponse *slgw__resizeStorageResponse);

struct _slgw__deleteStorage {
	char *volumeId 1;
	enum xsd__boolean *force 0;     /* also when assigned / with snapshots */
	char *clientRequestId 0;
	int *waitMs 0;
};
struct _slgw__deleteStorageResponse {
	struct slgw__Job *job 1;
};
//gsoap slgw service method-documentation: deleteStorage Destroys a volume. Deleting what is gone succeeds, deleting what never was is NOT_FOUND: a volume this gateway created and has since deleted (ids are never reused) answers a job that has already SUCCEEDED, a retry with the same clientRequestId answers the first delete's job, and a LUN already gone from the array is no error; an id this gateway never issued, or another tenant's volume (deleted or not), is NOT_FOUND.
int __slgw__deleteStorage(struct _slgw__deleteStorage *slgw__deleteStorage, struct _slgw__deleteStorageResponse *slgw__deleteStorageResponse);

struct _slgw__enumStorageVolumes {
	char *storageSystemId 0;
	char *storagePoolId 0;
	char *namePrefix 0;
	char *tenantId 0;
	char *state 0;                  /* only volumes in this state: creating,
	                                   ready, resizing, deleting or error
	                                   (an unclear array failure left them
	                                   charged; deleteStorage settles one) */
	char *pageToken 0;
	int *limit 0;
	char *collection 0;             /* (revision 2) only volumes with
	                                   exactly this collection */
};
struct _slgw__enumStorageVolumesResponse {
	int __sizestorageVolume 0;
	struct slgw__StorageVolume *storageVolume 0;
	char *nextPageToken 0;
};
//gsoap slgw service method-documentation: enumStorageVolumes Lists volumes, paged and filtered.
int __slgw__enumStorageVolumes(struct _slgw__enumStorageVolumes *slgw__enumStorageVolumes, struct _slgw__enumStorageVolumesResponse *slgw__enumStorageVolumesResponse);

struct _slgw__getStorageVolume {
	char *volumeId 1;
};
struct _slgw__getStorageVolumeResponse {
	struct slgw__StorageVolume *storageVolume 1;
};
//gsoap slgw service method-documentation: getStorageVolume One volume with its WWN and array LUN id.
int __slgw__getStorageVolume(struct _slgw__getStorageVolume *slgw__getStorageVolume, struct _slgw__getStorageVolumeResponse *slgw__getStorageVolumeResponse);

/* (revision 2) Changes a volume's gateway record only (no array command,
 * so no job): its display name, description and attributes. setKey adds
 * or replaces, unsetKey removes (an absent key is no error); a key may not
 * be both set and unset. Everything is applied in one store transaction,
 * or nothing is (a bad key in the batch changes nothing). */
struct _slgw__setStorageVolumeAttributes {
	char *volumeId 1;
	char *name 0;                   /* new display name (unique per tenant) */
	char *description 0;            /* "" clears it */
	int __sizesetKey 0;
	struct slgw__KeyValue *setKey 0;
	int __sizeunsetKey 0;
	char **unsetKey 0;
};
struct _slgw__setStorageVolumeAttributesResponse {
	struct slgw__StorageVolume *storageVolume 1;
};
//gsoap slgw service method-documentation: setStorageVolumeAttributes Renames a volume or changes its description and key/value attributes, atomically (gateway record only).
int __slgw__setStorageVolumeAttributes(struct _slgw__setStorageVolumeAttributes *slgw__setStorageVolumeAttributes, struct _slgw__setStorageVolumeAttributesResponse *slgw__setStorageVolumeAttributesResponse);

struct _slgw__getJob {
	char *jobId 1;
	int *waitMs 0;                  /* wait up to this long for it to finish;
	                                   the server waits at most 60000 ms (a
	                                   wait holds a worker): ask again after */
};
struct _slgw__getJobResponse {
	struct slgw__Job *job 1;
};
//gsoap slgw service method-documentation: getJob One job.
int __slgw__getJob(struct _slgw__getJob *slgw__getJob, struct _slgw__getJobResponse *slgw__getJobResponse);

struct _slgw__enumJobs {
	enum slgw__JobState *state 0;
	char *kind 0;
	char *objectId 0;
	char *pageToken 0;
	int *limit 0;
};
struct _slgw__enumJobsResponse {
	int __sizejob 0;
	struct slgw__Job *job 0;
	char *nextPageToken 0;
};
//gsoap slgw service method-documentation: enumJobs Lists jobs, newest first.
int __slgw__enumJobs(struct _slgw__enumJobs *slgw__enumJobs, struct _slgw__enumJobsResponse *slgw__enumJobsResponse);

/* ------------------------------------------------------------------ */
/* Operations: hosts and assignments                                   */
/* ------------------------------------------------------------------ */

struct _slgw__addHost {
	char *name 1;
	char *tenantId 0;               /* admin adding for a tenant */
	int __sizeinitiator 0:64;
	struct slgw__Initiator *initiator 0;
	char *hostAddress 0;
	enum slgw__FailoverMode *failoverMode 0;
	char *clientRequestId 0;
	int *waitMs 0;
};
struct _slgw__addHostResponse {
	struct slgw__Job *job 1;
};
//gsoap slgw service method-documentation: addHost Declares a host (a XenServer host) with its initiators.
int __slgw__addHost(struct _slgw__addHost *slgw__addHost, struct _slgw__addHostResponse *slgw__addHostResponse);

struct _slgw__removeHost {
	char *hostId 1;
	char *clientRequestId 0;
	int *waitMs 0;
};
struct _slgw__removeHostResponse {
	struct slgw__Job *job 1;
};
//gsoap slgw service method-documentation: removeHost Forgets a host; refused while anything is assigned to it.
int __slgw__removeHost(struct _slgw__removeHost *slgw__removeHost, struct _slgw__removeHostResponse *slgw__removeHostResponse);

struct _slgw__modifyHost {
	char *hostId 1;
	enum slgw__FailoverMode *failoverMode 0;
	char *hostAddress 0;
	enum xsd__boolean *hostOffline 0;  /* needed to change the failover
	                                      mode of a host with LUNs */
	char *adoptStorageGroup 0;         /* admin only, with storageSystemId:
	                                      the host uses this EXISTING array
	                                      group instead of the gateway's own
	                                      slgw-<instance>-h<host id>; the
	                                      gateway never uses a group it did
	                                      not create otherwise */
	char *storageSystemId 0;           /* the system of adoptStorageGroup */
	char *clientRequestId 0;
	int *waitMs 0;
};
struct _slgw__modifyHostResponse {
	struct slgw__Job *job 1;
};
//gsoap slgw service method-documentation: modifyHost Changes a host's failover mode or address, or (admin) adopts an existing storage group for it.
int __slgw__modifyHost(struct _slgw__modifyHost *slgw__modifyHost, struct _slgw__modifyHostResponse *slgw__modifyHostResponse);

struct _slgw__addHostInitiator {
	char *hostId 1;
	struct slgw__Initiator *initiator 1;
	char *clientRequestId 0;
	int *waitMs 0;
};
struct _slgw__addHostInitiatorResponse {
	struct slgw__Job *job 1;
};
//gsoap slgw service method-documentation: addHostInitiator Adds an iSCSI IQN or FC WWPN to a host.
int __slgw__addHostInitiator(struct _slgw__addHostInitiator *slgw__addHostInitiator, struct _slgw__addHostInitiatorResponse *slgw__addHostInitiatorResponse);

struct _slgw__removeHostInitiator {
	char *hostId 1;
	char *initiatorId 1;
	char *clientRequestId 0;
	int *waitMs 0;
};
struct _slgw__removeHostInitiatorResponse {
	struct slgw__Job *job 1;
};
//gsoap slgw service method-documentation: removeHostInitiator Removes an initiator from a host.
int __slgw__removeHostInitiator(struct _slgw__removeHostInitiator *slgw__removeHostInitiator, struct _slgw__removeHostInitiatorResponse *slgw__removeHostInitiatorResponse);

struct _slgw__enumHosts {
	char *tenantId 0;
	char *namePrefix 0;
	char *pageToken 0;
	int *limit 0;
};
struct _slgw__enumHostsResponse {
	int __sizehost 0;
	struct slgw__Host *host 0;
	char *nextPageToken 0;
};
//gsoap slgw service method-documentation: enumHosts Lists hosts.
int __slgw__enumHosts(struct _slgw__enumHosts *slgw__enumHosts, struct _slgw__enumHostsResponse *slgw__enumHostsResponse);

struct _slgw__getHost {
	char *hostId 1;
};
struct _slgw__getHostResponse {
	struct slgw__Host *host 1;
};
//gsoap slgw service method-documentation: getHost One host with the failover mode and paths in force per array.
int __slgw__getHost(struct _slgw__getHost *slgw__getHost, struct _slgw__getHostResponse *slgw__getHostResponse);

struct _slgw__assignStorage {
	char *volumeId 1;
	char *hostId 1;
	char *clientRequestId 0;
	int *waitMs 0;
	int *hlu 0;                     /* (revision 2) the host LUN number
	                                   wanted, 0..255: used if free in the
	                                   host's storage group on that array,
	                                   else CONFLICT naming the volume that
	                                   holds it; this volume already
	                                   assigned to this host with another
	                                   HLU is CONFLICT too (absent: the
	                                   gateway picks the HLU) */
};
struct _slgw__assignStorageResponse {
	struct slgw__Job *job 1;
};
//gsoap slgw service method-documentation: assignStorage Maps a volume to a host; the job's assignment carries WWN, HLU, failover mode and targets.
int __slgw__assignStorage(struct _slgw__assignStorage *slgw__assignStorage, struct _slgw__assignStorageResponse *slgw__assignStorageResponse);

struct _slgw__unassignStorage {
	char *volumeId 1;
	char *hostId 1;
	char *clientRequestId 0;
	int *waitMs 0;
};
struct _slgw__unassignStorageResponse {
	struct slgw__Job *job 1;
};
//gsoap slgw service method-documentation: unassignStorage Unmaps a volume from a host (unassigning what is not assigned succeeds).
int __slgw__unassignStorage(struct _slgw__unassignStorage *slgw__unassignStorage, struct _slgw__unassignStorageResponse *slgw__unassignStorageResponse);

struct _slgw__enumAssignments {
	char *volumeId 0;
	char *hostId 0;
	char *storageSystemId 0;
	char *pageToken 0;
	int *limit 0;
};
struct _slgw__enumAssignmentsResponse {
	int __sizeassignment 0;
	struct slgw__Assignment *assignment 0;
	char *nextPageToken 0;
};
//gsoap slgw service method-documentation: enumAssignments Lists assignments.
int __slgw__enumAssignments(struct _slgw__enumAssignments *slgw__enumAssignments, struct _slgw__enumAssignmentsResponse *slgw__enumAssignmentsResponse);

/* (revision 2) Does on one array what a host's first assignment there
 * would: creates the host's storage group and registers all its initiator
 * paths, so that a later first assignment costs only the LUN confirm and
 * the addhlu. Idempotent: a host already prepared succeeds at once. */
struct _slgw__prepareHost {
	char *hostId 1;
	char *storageSystemId 1;
	char *clientRequestId 0;
	int *waitMs 0;
};
struct _slgw__prepareHostResponse {
	struct slgw__Job *job 1;
};
//gsoap slgw service method-documentation: prepareHost Creates a host's storage group and registers its initiator paths on one array ahead of its first assignment (idempotent).
int __slgw__prepareHost(struct _slgw__prepareHost *slgw__prepareHost, struct _slgw__prepareHostResponse *slgw__prepareHostResponse);

/* ------------------------------------------------------------------ */
/* Operations: snapshots and clones                                    */
/* ------------------------------------------------------------------ */

struct _slgw__createSnapshot {
	char *volumeId 1;
	char *name 1;
	char *clientRequestId 0;
	int *waitMs 0;
	/* Revision 2 (the collection is the volume's, at creation): */
	char *description 0;
	int __sizekey 0;
	struct slgw__KeyValue *key 0;
};
struct _slgw__createSnapshotResponse {
	struct slgw__Job *job 1;
};
//gsoap slgw service method-documentation: createSnapshot Takes a VNX snapshot of a volume (idempotent by name).
int __slgw__createSnapshot(struct _slgw__createSnapshot *slgw__createSnapshot, struct _slgw__createSnapshotResponse *slgw__createSnapshotResponse);

struct _slgw__deleteSnapshot {
	char *snapshotId 1;
	char *clientRequestId 0;
	int *waitMs 0;
};
struct _slgw__deleteSnapshotResponse {
	struct slgw__Job *job 1;
};
//gsoap slgw service method-documentation: deleteSnapshot Destroys a snapshot.
int __slgw__deleteSnapshot(struct _slgw__deleteSnapshot *slgw__deleteSnapshot, struct _slgw__deleteSnapshotResponse *slgw__deleteSnapshotResponse);

struct _slgw__enumSnapshots {
	char *volumeId 0;
	char *pageToken 0;
	int *limit 0;
	char *collection 0;             /* (revision 2) only snapshots with
	                                   exactly this collection */
};
struct _slgw__enumSnapshotsResponse {
	int __sizesnapshot 0;
	struct slgw__Snapshot *snapshot 0;
	char *nextPageToken 0;
};
//gsoap slgw service method-documentation: enumSnapshots Lists snapshots.
int __slgw__enumSnapshots(struct _slgw__enumSnapshots *slgw__enumSnapshots, struct _slgw__enumSnapshotsResponse *slgw__enumSnapshotsResponse);

/* (revision 2) */
struct _slgw__getSnapshot {
	char *snapshotId 1;
};
struct _slgw__getSnapshotResponse {
	struct slgw__Snapshot *snapshot 1;
};
//gsoap slgw service method-documentation: getSnapshot One snapshot.
int __slgw__getSnapshot(struct _slgw__getSnapshot *slgw__getSnapshot, struct _slgw__getSnapshotResponse *slgw__getSnapshotResponse);

/* (revision 2) setStorageVolumeAttributes for a snapshot: gateway record
 * only, one transaction, all or nothing. */
struct _slgw__setSnapshotAttributes {
	char *snapshotId 1;
	char *name 0;
	char *description 0;
	int __sizesetKey 0;
	struct slgw__KeyValue *setKey 0;
	int __sizeunsetKey 0;
	char **unsetKey 0;
};
struct _slgw__setSnapshotAttributesResponse {
	struct slgw__Snapshot *snapshot 1;
};
//gsoap slgw service method-documentation: setSnapshotAttributes Renames a snapshot or changes its description and key/value attributes, atomically (gateway record only).
int __slgw__setSnapshotAttributes(struct _slgw__setSnapshotAttributes *slgw__setSnapshotAttributes, struct _slgw__setSnapshotAttributesResponse *slgw__setSnapshotAttributesResponse);

struct _slgw__restoreSnapshot {
	char *snapshotId 1;
	enum xsd__boolean *force 0;     /* also while the volume is assigned */
	char *clientRequestId 0;
	int *waitMs 0;
};
struct _slgw__restoreSnapshotResponse {
	struct slgw__Job *job 1;
};
//gsoap slgw service method-documentation: restoreSnapshot Rolls a volume back to a snapshot.
int __slgw__restoreSnapshot(struct _slgw__restoreSnapshot *slgw__restoreSnapshot, struct _slgw__restoreSnapshotResponse *slgw__restoreSnapshotResponse);

struct _slgw__cloneStorage {
	char *sourceVolumeId 0;         /* exactly one of the two sources */
	char *sourceSnapshotId 0;
	char *name 1;
	enum slgw__CloneType cloneType 1;
	char *storagePoolId 0;          /* full clones: target pool (default:
	                                   the source's) */
	enum slgw__ProvisioningType *provisioning 0;
	char *clientRequestId 0;
	int *waitMs 0;
	/* Revision 2: the clone's record attributes (none are copied from
	   the source) */
	char *description 0;
	char *collection 0;
	int __sizekey 0;
	struct slgw__KeyValue *key 0;
};
struct _slgw__cloneStorageResponse {
	struct slgw__Job *job 1;
};
//gsoap slgw service method-documentation: cloneStorage Clones a volume or snapshot, linked (instant) or full (migrated).
int __slgw__cloneStorage(struct _slgw__cloneStorage *slgw__cloneStorage, struct _slgw__cloneStorageResponse *slgw__cloneStorageResponse);

/* ------------------------------------------------------------------ */
/* Operations: delegation (admin only, except setUserPassword on self)  */
/* ------------------------------------------------------------------ */

struct _slgw__addTenant {
	char *name 1;
	char *description 0;
	char *clientRequestId 0;
};
struct _slgw__addTenantResponse {
	struct slgw__Tenant *tenant 1;
};
//gsoap slgw service method-documentation: addTenant (admin) Adds a tenant (a XenServer pool).
int __slgw__addTenant(struct _slgw__addTenant *slgw__addTenant, struct _slgw__addTenantResponse *slgw__addTenantResponse);

struct _slgw__removeTenant {
	char *tenantId 1;
	char *clientRequestId 0;
};
struct _slgw__removeTenantResponse {
	char *dummy 0;
};
//gsoap slgw service method-documentation: removeTenant (admin) Removes a tenant; refused while it owns anything.
int __slgw__removeTenant(struct _slgw__removeTenant *slgw__removeTenant, struct _slgw__removeTenantResponse *slgw__removeTenantResponse);

struct _slgw__enumTenants {
	char *pageToken 0;
	int *limit 0;
};
struct _slgw__enumTenantsResponse {
	int __sizetenant 0;
	struct slgw__Tenant *tenant 0;
	char *nextPageToken 0;
};
//gsoap slgw service method-documentation: enumTenants (admin) Lists tenants.
int __slgw__enumTenants(struct _slgw__enumTenants *slgw__enumTenants, struct _slgw__enumTenantsResponse *slgw__enumTenantsResponse);

struct _slgw__grantStoragePool {
	char *tenantId 1;
	char *storageSystemId 1;
	char *storagePoolId 1;
	int64_t quotaMB 1;
	int *maxVolumes 0;
	int __sizeprovisioningType 0:2;
	enum slgw__ProvisioningType *provisioningType 0;
	char *clientRequestId 0;
};
struct _slgw__grantStoragePoolResponse {
	struct slgw__StoragePoolGrant *grant 1;
};
//gsoap slgw service method-documentation: grantStoragePool (admin) Grants a pool to a tenant with a quota (granting again updates it).
int __slgw__grantStoragePool(struct _slgw__grantStoragePool *slgw__grantStoragePool, struct _slgw__grantStoragePoolResponse *slgw__grantStoragePoolResponse);

struct _slgw__revokeStoragePool {
	char *tenantId 1;
	char *storageSystemId 1;
	char *storagePoolId 1;
	enum xsd__boolean *freezeOnly 0;  /* keep existing volumes, refuse new */
	char *clientRequestId 0;
};
struct _slgw__revokeStoragePoolResponse {
	struct slgw__StoragePoolGrant *grant 0;  /* the frozen grant, if frozen */
};
//gsoap slgw service method-documentation: revokeStoragePool (admin) Revokes a grant; refused while the tenant has volumes there unless freezeOnly.
int __slgw__revokeStoragePool(struct _slgw__revokeStoragePool *slgw__revokeStoragePool, struct _slgw__revokeStoragePoolResponse *slgw__revokeStoragePoolResponse);

struct _slgw__enumStoragePoolGrants {
	char *tenantId 0;
	char *storageSystemId 0;
	char *pageToken 0;
	int *limit 0;
};
struct _slgw__enumStoragePoolGrantsResponse {
	int __sizegrant 0;
	struct slgw__StoragePoolGrant *grant 0;
	char *nextPageToken 0;
};
//gsoap slgw service method-documentation: enumStoragePoolGrants Lists grants (tenants: their own).
int __slgw__enumStoragePoolGrants(struct _slgw__enumStoragePoolGrants *slgw__enumStoragePoolGrants, struct _slgw__enumStoragePoolGrantsResponse *slgw__enumStoragePoolGrantsResponse);

struct _slgw__addUser {
	char *name 1;
	char *password 1;
	enum slgw__Role role 1;
	char *tenantId 0;               /* required for role tenant */
	char *clientRequestId 0;
};
struct _slgw__addUserResponse {
	struct slgw__User *user 1;
};
//gsoap slgw service method-documentation: addUser (admin) Adds a user.
int __slgw__addUser(struct _slgw__addUser *slgw__addUser, struct _slgw__addUserResponse *slgw__addUserResponse);

struct _slgw__removeUser {
	char *name 1;
	char *clientRequestId 0;
};
struct _slgw__removeUserResponse {
	char *dummy 0;
};
//gsoap slgw service method-documentation: removeUser (admin) Removes a user.
int __slgw__removeUser(struct _slgw__removeUser *slgw__removeUser, struct _slgw__removeUserResponse *slgw__removeUserResponse);

struct _slgw__enumUsers {
	char *tenantId 0;
	enum slgw__Role *role 0;
	char *pageToken 0;
	int *limit 0;
};
struct _slgw__enumUsersResponse {
	int __sizeuser 0;
	struct slgw__User *user 0;
	char *nextPageToken 0;
};
//gsoap slgw service method-documentation: enumUsers (admin) Lists users.
int __slgw__enumUsers(struct _slgw__enumUsers *slgw__enumUsers, struct _slgw__enumUsersResponse *slgw__enumUsersResponse);

struct _slgw__setUserPassword {
	char *name 1;                   /* admin: anyone; tenant: only itself */
	char *password 1;
	char *clientRequestId 0;
};
struct _slgw__setUserPasswordResponse {
	char *dummy 0;
};
//gsoap slgw service method-documentation: setUserPassword Changes a password (admins any user's, others their own).
int __slgw__setUserPassword(struct _slgw__setUserPassword *slgw__setUserPassword, struct _slgw__setUserPasswordResponse *slgw__setUserPasswordResponse);

struct _slgw__enumAuditRecords {
	char *user 0;
	char *tenantId 0;
	char *operation 0;
	time_t *since 0;
	time_t *until 0;
	char *pageToken 0;
	int *limit 0;
};
struct _slgw__enumAuditRecordsResponse {
	int __sizeauditRecord 0;
	struct slgw__AuditRecord *auditRecord 0;
	char *nextPageToken 0;
};
//gsoap slgw service method-documentation: enumAuditRecords (admin) The audit trail, newest first (read only).
int __slgw__enumAuditRecords(struct _slgw__enumAuditRecords *slgw__enumAuditRecords, struct _slgw__enumAuditRecordsResponse *slgw__enumAuditRecordsResponse);
