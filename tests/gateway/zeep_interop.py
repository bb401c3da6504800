#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Interop: a SOAP client nobody here wrote (python3-zeep, Debian's python)
loads the WSDL slgwd serves and calls operations over TLS.

Usage: zeep_interop.py PATH/TO/slgwd
Starts slgwd --demo in a temp dir on a free port, verifies TLS against the
demo certificate, and checks answers and faults.
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import requests
import zeep
import zeep.exceptions
from zeep.transports import Transport


def client_as(port, cert, user_pw):
    """A zeep client of slgwd on port as (user, password), trusting only cert."""
    # trust_env off: REQUESTS_CA_BUNDLE in the environment would
    # otherwise replace our verify=cert (a requests quirk).
    session = requests.Session()
    session.trust_env = False
    session.verify = cert
    session.auth = requests.auth.HTTPBasicAuth(*user_pw)
    return zeep.Client("https://127.0.0.1:%d/?wsdl" % port,
                       transport=Transport(session=session))


def expect_fault(code, call, **kw):
    """call(**kw) must fail with a SOAP fault carrying the slgw code in its
    detail."""
    try:
        call(**kw)
    except zeep.exceptions.Fault as f:
        got = f.detail.find("{urn:slgw:api:1}fault/{urn:slgw:api:1}code")
        assert got is not None and got.text == code, f.detail
        return
    raise AssertionError("expected a fault")


def main():
    slgwd = sys.argv[1]
    d = tempfile.mkdtemp(prefix="slgw-zeep-")
    log = open(os.path.join(d, "slgwd.log"), "w")
    proc = subprocess.Popen([slgwd, "--demo", "--state-dir", d, "--port", "0",
                             "--port-file", os.path.join(d, "port")],
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        port = None
        for _ in range(900):
            if proc.poll() is not None:
                raise SystemExit("slgwd exited during start")
            try:
                with open(os.path.join(d, "port")) as f:
                    port = int(f.read().strip())
                break
            except (OSError, ValueError):
                time.sleep(0.1)
        assert port, "slgwd did not start"
        creds = {}
        with open(os.path.join(d, "demo-credentials")) as f:
            for line in f:
                role, user, pw = line.split()
                creds[role] = (user, pw)
        cert = os.path.join(d, "tls", "slgwd.crt")

        svc = client_as(port, cert, creds["admin"]).service

        info = svc.getServiceInfo()
        assert info.user == "admin" and info.role == "admin", info
        assert info.apiNamespace == "urn:slgw:api:1"

        systems = svc.enumStorageSystems()
        assert len(systems.storageSystem) == 1 and systems.storageSystem[0].name == "demo"
        pools = svc.enumStoragePools(storageSystemId=systems.storageSystem[0].id)
        assert len(pools.storagePool) == 2
        pool = pools.storagePool[0]

        r = svc.allocateStorage(storageSystemId=pool.storageSystemId,
                                storagePoolId=pool.id, name="zeep-vol-1",
                                sizeMB=512, provisioning="THICK",
                                clientRequestId="zeep-1")
        assert r.state == "SUCCEEDED", r
        vol = r.storageVolume
        assert vol.name == "zeep-vol-1" and vol.sizeMB == 512 and vol.provisioning == "THICK"
        assert vol.wwn
        again = svc.allocateStorage(storageSystemId=pool.storageSystemId,
                                    storagePoolId=pool.id, name="zeep-vol-1",
                                    sizeMB=512, provisioning="THICK",
                                    clientRequestId="zeep-1")
        assert again.id == r.id

        got = svc.getStorageVolume(volumeId=vol.id)
        assert got.id == vol.id and got.wwn == vol.wwn
        vols = svc.enumStorageVolumes(namePrefix="zeep-")
        assert [v.name for v in vols.storageVolume] == ["zeep-vol-1"]

        grown = svc.resizeStorage(volumeId=vol.id, sizeMB=1024)
        assert grown.state == "SUCCEEDED"

        # Faults carry the stable code in their detail.
        expect_fault("NOT_FOUND", svc.getStorageVolume, volumeId="99999")
        expect_fault("INVALID_ARGUMENT", svc.allocateStorage,
                     storageSystemId=pool.storageSystemId, storagePoolId=pool.id,
                     name="bad/name", sizeMB=1, provisioning="THIN")

        deleted = svc.deleteStorage(volumeId=vol.id)
        assert deleted.state == "SUCCEEDED"

        # A tenant is refused admin operations.
        tenant = client_as(port, cert, creds["tenant"]).service
        expect_fault("PERMISSION_DENIED", tenant.enumTenants)
        print("zeep interop: ok")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            rc = proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            rc = -1
        log.close()
        if rc != 0:
            print(open(os.path.join(d, "slgwd.log")).read())
        shutil.rmtree(d, ignore_errors=True)
    if rc != 0:
        raise SystemExit("slgwd exit status %d" % rc)


if __name__ == "__main__":
    main()
