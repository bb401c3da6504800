/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench_bare.c - the baseline of bench_gateway: a bare gSOAP server built
 * from the same soapcpp2 output as slgwd (same serializers, same TLS
 * set-up, keep-alive), whose getServiceInfo answers a constant record with
 * no authentication, store or broker.  Every other operation answers a
 * fault.  One thread per connection.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/ssl.h>

#include "soapH.h"
#include "bench_bare.h"

extern struct Namespace namespaces[];

int __slgw__getServiceInfo(struct soap *soap, struct _slgw__getServiceInfo *req,
			   struct _slgw__getServiceInfoResponse *resp)
{
	(void)soap;
	(void)req;
	memset(resp, 0, sizeof *resp);
	resp->productName = "bare";
	resp->version = "0";
	resp->apiVersion = 1;
	resp->apiNamespace = "urn:slgw:api:1";
	resp->serverTime = time(NULL);
	resp->user = "bench";
	resp->role = slgw__Role__admin;
	return SOAP_OK;
}

/* A canned page of volumes shaped like slgwd's (every field slgwd fills
 * for a thin, unassigned volume), built the way a plain gSOAP service
 * would: so "slgwd page vs bare page" is the gateway's own overhead (auth,
 * store, audit), without the cost of XML for 100 volumes that any server
 * and the client pay. */
int __slgw__enumStorageVolumes(struct soap *soap, struct _slgw__enumStorageVolumes *req,
			       struct _slgw__enumStorageVolumesResponse *resp)
{
	int n = req->limit ? *req->limit : 100;
	char buf[64];

	if (n < 0 || n > 1000)
		return soap_sender_fault(soap, "limit out of range", NULL);
	memset(resp, 0, sizeof *resp);
	resp->storageVolume = soap_malloc(soap, sizeof *resp->storageVolume * (size_t)(n ? n : 1));
	if (!resp->storageVolume)
		return SOAP_EOM;
	for (int i = 0; i < n; i++) {
		struct slgw__StorageVolume *v = &resp->storageVolume[i];
		memset(v, 0, sizeof *v);
		snprintf(buf, sizeof buf, "%d", 1000 + i);
		v->id = soap_strdup(soap, buf);
		snprintf(buf, sizeof buf, "bench-%03d", i);
		v->name = soap_strdup(soap, buf);
		v->storageSystemId = soap_strdup(soap, "1");
		v->storagePoolId = soap_strdup(soap, "1");
		v->sizeMB = 1;
		v->provisioning = slgw__ProvisioningType__THIN;
		v->state = soap_strdup(soap, "ready");
		snprintf(buf, sizeof buf, "60:06:01:60:3A:B0:2F:00:A1:B2:C3:D4:%02X:%02X:E1:11",
			 i & 0xff, (i >> 8) & 0xff);
		v->wwn = soap_strdup(soap, buf);
		v->arrayLunId = soap_malloc(soap, sizeof *v->arrayLunId);
		if (v->arrayLunId)
			*v->arrayLunId = i;
		snprintf(buf, sizeof buf, "slgw-0123456789abcdef-%d", 1000 + i);
		v->arrayName = soap_strdup(soap, buf);
		v->createdAt = soap_malloc(soap, sizeof *v->createdAt);
		if (v->createdAt)
			*v->createdAt = time(NULL);
		v->isClone = soap_malloc(soap, sizeof *v->isClone);
		if (v->isClone)
			*v->isClone = xsd__boolean__false_;
	}
	resp->__sizestorageVolume = n;
	return SOAP_OK;
}

#define STUB(op)                                                                         \
	int __slgw__##op(struct soap *soap, struct _slgw__##op *req,                      \
			 struct _slgw__##op##Response *resp);                             \
	int __slgw__##op(struct soap *soap, struct _slgw__##op *req,                      \
			 struct _slgw__##op##Response *resp)                              \
	{                                                                                \
		(void)req;                                                               \
		(void)resp;                                                              \
		return soap_sender_fault(soap, "not served by the bare server", NULL);   \
	}

STUB(enumStorageAdapters)
STUB(addStorageSystem)
STUB(removeStorageSystem)
STUB(enumStorageSystems)
STUB(getStorageSystem)
STUB(refreshStorageSystem)
STUB(enumStoragePools)
STUB(enumStorageSystemTargetPorts)
STUB(allocateStorage)
STUB(resizeStorage)
STUB(deleteStorage)
STUB(getStorageVolume)
STUB(getJob)
STUB(enumJobs)
STUB(addHost)
STUB(removeHost)
STUB(modifyHost)
STUB(addHostInitiator)
STUB(removeHostInitiator)
STUB(enumHosts)
STUB(getHost)
STUB(assignStorage)
STUB(unassignStorage)
STUB(enumAssignments)
STUB(createSnapshot)
STUB(deleteSnapshot)
STUB(enumSnapshots)
STUB(restoreSnapshot)
STUB(cloneStorage)
STUB(setStorageVolumeAttributes)
STUB(getSnapshot)
STUB(setSnapshotAttributes)
STUB(prepareHost)
STUB(addTenant)
STUB(removeTenant)
STUB(enumTenants)
STUB(grantStoragePool)
STUB(revokeStoragePool)
STUB(enumStoragePoolGrants)
STUB(addUser)
STUB(removeUser)
STUB(enumUsers)
STUB(setUserPassword)
STUB(enumAuditRecords)

static void *serve_one(void *arg)
{
	struct soap *soap = arg;
	if (soap_ssl_accept(soap) == SOAP_OK)
		soap_serve(soap);
	soap_destroy(soap);
	soap_end(soap);
	soap_free(soap);
	return NULL;
}

static void *acceptor(void *arg)
{
	struct soap *m = arg;
	for (;;) {
		struct soap *copy;
		pthread_t t;
		if (!soap_valid_socket(soap_accept(m)))
			continue;
		copy = soap_copy(m);
		m->socket = SOAP_INVALID_SOCKET;
		if (!copy)
			continue;
		if (pthread_create(&t, NULL, serve_one, copy) == 0)
			pthread_detach(t);
		else
			soap_free(copy);
	}
	return NULL;
}

int bare_server_start(const char *cert, const char *key)
{
	struct soap *m = soap_new1(SOAP_IO_KEEPALIVE | SOAP_C_UTFSTRING);
	struct sockaddr_in sa;
	socklen_t sl = sizeof sa;
	pthread_t t;

	if (!m)
		return -1;
	soap_set_namespaces(m, namespaces);
	/* The same transport settings as slgwd (srv_soap_harden): chunked
	 * tree (not multi-ref) answers and up to 1000 requests per keep-alive connection (gSOAP's
	 * default of 100 would make the bare server pay a TLS handshake every
	 * 100 calls and flatter slgwd's ratio). */
	soap_set_omode(m, SOAP_IO_CHUNK | SOAP_XML_TREE);
	m->max_keep_alive = 1000;
	m->bind_flags = SO_REUSEADDR;
	m->recv_timeout = 30;
	m->send_timeout = 30;
	if (soap_ssl_server_context(m, SOAP_SSL_NO_AUTHENTICATION | SOAP_TLSv1_2 | SOAP_TLSv1_3,
				    NULL, NULL, NULL, NULL, NULL, NULL, NULL) ||
	    SSL_CTX_use_certificate_chain_file(m->ctx, cert) != 1 ||
	    SSL_CTX_use_PrivateKey_file(m->ctx, key, SSL_FILETYPE_PEM) != 1)
		return -1;
	if (!soap_valid_socket(soap_bind(m, "127.0.0.1", 0, 64)))
		return -1;
	if (getsockname(m->master, (struct sockaddr *)&sa, &sl))
		return -1;
	if (pthread_create(&t, NULL, acceptor, m))
		return -1;
	pthread_detach(t);
	return ntohs(sa.sin_port);
}
