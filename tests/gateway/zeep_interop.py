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

        # trust_env off: REQUESTS_CA_BUNDLE in the environment would
        # otherwise replace our verify=cert (a requests quirk).
        session = requests.Session()
        session.trust_env = False
        session.verify = cert
        session.auth = requests.auth.HTTPBasicAuth(*creds["admin"])
        client = zeep.Client("https://127.0.0.1:%d/?wsdl" % port,
                             transport=Transport(session=session))
        svc = client.service

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
        try:
            svc.getStorageVolume(volumeId="99999")
            raise AssertionError("expected a fault")
        except zeep.exceptions.Fault as f:
            code = f.detail.find("{urn:slgw:api:1}fault/{urn:slgw:api:1}code")
            assert code is not None and code.text == "NOT_FOUND", f.detail
        try:
            svc.allocateStorage(storageSystemId=pool.storageSystemId, storagePoolId=pool.id,
                                name="bad/name", sizeMB=1, provisioning="THIN")
            raise AssertionError("expected a fault")
        except zeep.exceptions.Fault as f:
            code = f.detail.find("{urn:slgw:api:1}fault/{urn:slgw:api:1}code")
            assert code.text == "INVALID_ARGUMENT"

        deleted = svc.deleteStorage(volumeId=vol.id)
        assert deleted.state == "SUCCEEDED"

        # A tenant is refused admin operations.
        tsession = requests.Session()
        tsession.trust_env = False
        tsession.verify = cert
        tsession.auth = requests.auth.HTTPBasicAuth(*creds["tenant"])
        tclient = zeep.Client("https://127.0.0.1:%d/?wsdl" % port,
                              transport=Transport(session=tsession))
        try:
            tclient.service.enumTenants()
            raise AssertionError("expected a fault")
        except zeep.exceptions.Fault as f:
            code = f.detail.find("{urn:slgw:api:1}fault/{urn:slgw:api:1}code")
            assert code.text == "PERMISSION_DENIED"
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
