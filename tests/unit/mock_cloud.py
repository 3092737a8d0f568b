#!/usr/bin/env python3
"""mock_cloud.py - a stand-in for the update service, spherule-cloud
(docs/cloud-api.md, its admin API), for test_cli_cloud.sh: the contract's
paths with canned answers, on 127.0.0.1 at a port the kernel chooses
(written to PORTFILE).

It records every request in DIR/requests.jsonl, one JSON object a request:
method, path (with its query), the Authorization, Content-Type,
Content-Length and Transfer-Encoding headers, and the body (parsed, for a
JSON one; its length and SHA-256 for another, which it also keeps in
DIR/uploaded.bin). Canned behaviour:

- a request without "Authorization: Bearer admin-token-0123" is 401
  {"error": "missing or wrong admin token"};
- product create --name taken: 409 {"error": "a product named taken exists"};
- a device group, a device or a deployment's group named missing: 404
  {"error": "no device group missing"}; a device id of zeros is unknown: 404;
- an image whose bytes start with b"JUNK": 400 {"error": "not an image
  package nor an OS image: bad magic"};
- GET /v1/device-groups?product=broken: 500 with a plain text body;
- the list of products is a bare JSON array; the other lists are objects
  with one member, the array ({"device_groups": [...]}); ?product=empty,
  ?device_group=empty: empty lists;
- GET /v1/error-reports: two failure reports (REPORTS, the second with its
  nulls), none for ?component_id=00000000-0000-0000-0000-0000000000ff.

Usage: mock_cloud.py PORTFILE DIR
"""
import hashlib
import http.server
import json
import os
import sys
import urllib.parse

TOKEN = "admin-token-0123"
DEVICE_ID = "985dc0b501e232113cab3d6fae4480b2c1a60a049706459104b9509d55e56178"
IMAGE_ID = "3f1a9d6c7e0b2a4d5c6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4"

portfile, state = sys.argv[1], sys.argv[2]

GROUP = {"id": "g1", "product": "p1", "name": "lab", "os_feed": "retail",
         "update_window": {"start_hour": 2, "end_hour": 5}, "check_period_s": 3600}
PEM = "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n"
DEVICE = {"id": DEVICE_ID, "public_key": PEM, "device_group": "g1",
          "last_checkin": {"time": "2026-12-06T10:00:00Z", "os_version": 3, "state": "healthy"}}
IMAGE = {"id": IMAGE_ID, "kind": "app", "component_id": "6b9a3c0e-1f2d-4c8a-9e7b-0a1b2c3d4e5f",
         "version": 2, "security_version": 1, "size": 70000, "name": "blink"}
REPORTS = [
    {"seq": 7, "time": 1796596970, "boot": 3, "kind": "crash", "component_id": IMAGE["component_id"],
     "name": "blink", "version": 2, "signal": 11, "exit_code": None, "fault_address": "0x00000000",
     "pc": "0x00010abc", "lr": "0x00010a10", "stack": ["0x00010a10", "0x00010900"], "rss_kib": 96, "count": 1,
     "detail": 'SIGSEGV, at "main"\nline 2', "device_id": DEVICE_ID, "received": 1796597000},
    {"seq": 3, "time": None, "boot": None, "kind": "exit", "component_id": IMAGE["component_id"],
     "name": "blink", "version": None, "signal": None, "exit_code": 3, "fault_address": None, "pc": None,
     "lr": None, "stack": None, "rss_kib": None, "count": 4, "detail": None, "device_id": DEVICE_ID,
     "received": 1796596000},
]


def record(entry):
    with open(os.path.join(state, "requests.jsonl"), "a") as f:
        f.write(json.dumps(entry) + "\n")


class Cloud(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, value=None, text=None):
        body = text.encode() if text is not None else json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain" if text is not None else "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def error(self, status, reason):
        self.answer(status, {"error": reason})

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        ctype = self.headers.get("Content-Type")
        entry = {"method": self.command, "path": self.path, "authorization": self.headers.get("Authorization"),
                 "content_type": ctype, "content_length": self.headers.get("Content-Length"),
                 "transfer_encoding": self.headers.get("Transfer-Encoding")}
        body = None
        if ctype == "application/json":
            body = entry["body"] = json.loads(raw)
        elif raw:
            entry["body_len"] = len(raw)
            entry["body_sha256"] = hashlib.sha256(raw).hexdigest()
            with open(os.path.join(state, "uploaded.bin"), "wb") as f:
                f.write(raw)
        record(entry)
        if self.headers.get("Authorization") != "Bearer " + TOKEN:
            return self.error(401, "missing or wrong admin token")
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        parts = url.path.strip("/").split("/")
        route = (self.command, "/".join(p if i < 2 else "*" for i, p in enumerate(parts)))
        if route == ("POST", "v1/products"):
            if body["name"] == "taken":
                return self.error(409, "a product named taken exists")
            return self.answer(201, {"id": "p1", "name": body["name"], "description": body["description"]})
        if route == ("GET", "v1/products"):
            return self.answer(200, [{"id": "p1", "name": "widget", "description": "a widget"},
                                     {"id": "p2", "name": "gadget", "description": ""}])
        if route == ("POST", "v1/device-groups") or route == ("PATCH", "v1/device-groups/*"):
            group = dict(GROUP)
            group.update(body)
            if group.get("product") == "missing" or (len(parts) > 2 and parts[2] == "missing"):
                return self.error(404, "no device group missing" if len(parts) > 2 else "no product missing")
            return self.answer(201 if self.command == "POST" else 200, group)
        if route == ("GET", "v1/device-groups"):
            if query.get("product") == "broken":
                return self.answer(500, text="internal error\nsecond line")
            return self.answer(200, {"device_groups": [] if query.get("product") == "empty" else [GROUP]})
        if route == ("POST", "v1/devices"):
            if body["device_group"] == "missing":
                return self.error(404, "no device group missing")
            return self.answer(201, {"id": body["device_id"], "public_key": body["public_key"], "device_group": "g1"})
        if route == ("GET", "v1/devices"):
            return self.answer(200, {"devices": [{"id": DEVICE_ID, "public_key": PEM, "device_group": "g1",
                                                  "state": "healthy"}]})
        if route[1].startswith("v1/devices/*"):
            if parts[2] == "0" * 64:
                return self.error(404, "no device " + parts[2])
            if route == ("GET", "v1/devices/*"):
                return self.answer(200, DEVICE)
            if route == ("GET", "v1/devices/*/*") and parts[3] == "targeted-images":
                return self.answer(200, {"images": [IMAGE]})
            if route == ("POST", "v1/devices/*/*") and parts[3] == "update-check":
                return self.answer(202, {"device_id": parts[2], "check_now": True})
        if route == ("POST", "v1/images"):
            if raw.startswith(b"JUNK"):
                return self.error(400, "not an image package nor an OS image: bad magic")
            image = dict(IMAGE)
            image.update(id=hashlib.sha256(raw).hexdigest(), size=len(raw))
            return self.answer(201, image)
        if route == ("GET", "v1/images"):
            return self.answer(200, {"images": [IMAGE]})
        if route == ("POST", "v1/deployments"):
            if body["device_group"] == "missing":
                return self.error(404, "no device group missing")
            return self.answer(201, {"id": "d1", "device_group": body["device_group"], "images": body["images"],
                                     "targets_version": 2})
        if route == ("GET", "v1/deployments"):
            empty = query.get("device_group") == "empty"
            return self.answer(200, {"deployments": [] if empty else [
                {"id": "d1", "device_group": "g1", "images": [IMAGE_ID], "targets_version": 2}]})
        if route == ("GET", "v1/error-reports"):
            none = query.get("component_id") == "00000000-0000-0000-0000-0000000000ff"
            return self.answer(200, [] if none else REPORTS)
        return self.error(404, "no such path " + url.path)

    do_GET = do_POST = do_PATCH = handle_any


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Cloud)
with open(portfile + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(portfile + ".tmp", portfile)
server.serve_forever()
