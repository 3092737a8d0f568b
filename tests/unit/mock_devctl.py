#!/usr/bin/env python3
"""mock_devctl.py - a stand-in for the device's devctl (docs/cli.md, *Talking
to the device*; the REST API of issue 14) for test_cli_device.sh: the spec's
paths with canned answers, one request at a time, every answer closing its
connection, on 127.0.0.1 at a port the kernel chooses (written to PORTFILE).

It checks what it gets and records it in DIR/requests.jsonl, one JSON object
a request (method, path, the headers that matter, the body's length and, for
JSON bodies, the body; the client's port, to tell connections apart), and the
last staged body in DIR/staged.bin. Canned behaviour:

- a staged body starting with b"REFUSE" is refused: 422 image_refused, one
  starting with b"FULL": 507 out_of_slots; a body without Content-Length or
  sent chunked: 411 length_required;
- install without a stage: 409 not_staged;
- app CONFLICT_ID: start is 409 conflict (its GPIO line granted to hello);
  DEVCTL_ID: stop is 403 system_app; an unknown component id: 404;
- GET /log/stream sends one line, waits (up to 5 s) for DIR/seen, which the
  test makes once the CLI printed that line, records whether it came, sends
  a second line and ends the stream;
- DIR/reset-next makes the next connection reset before any answer (the next
  N when it holds the number N; removed when done);
- GPIO lines 8..80 are simulated (sim0 lines 0..72), 0..7 are not (400
  bad_request), others do not exist (404); GPIO 9 is an app's output at 1
  (setting it is 409 busy); DIR/production makes the GPIO and sysevent
  paths 403 forbidden, as outside development mode.

Usage: mock_devctl.py PORTFILE DIR
"""
import hashlib
import http.server
import json
import os
import socket
import struct
import sys
import time
import urllib.parse

HELLO_ID = "6b9a3c0e-1f2d-4c8a-9e7b-0a1b2c3d4e5f"
CONFLICT_ID = "11111111-2222-3333-4444-555555555555"
DEVCTL_ID = "dc0ffee0-0000-4000-8000-000000000001"
BLINK_ID = "b1111111-aaaa-4bbb-8ccc-0123456789ab"
DEVICE_ID = "985dc0b501e232113cab3d6fae4480b2c1a60a049706459104b9509d55e56178"

portfile, state = sys.argv[1], sys.argv[2]
images = {
    HELLO_ID: {"componentId": HELLO_ID, "imageId": "ef8bea45-257c-d883-cd85-dfd91e790ba7", "name": "hello",
               "version": 1, "securityVersion": 0, "slot": 0, "lengthInBytes": 41252, "state": "running"},
    CONFLICT_ID: {"componentId": CONFLICT_ID, "imageId": "0a0a0a0a-1b1b-2c2c-3d3d-4e4e4e4e4e4e", "name": "gpioapp",
                  "version": 2, "securityVersion": 1, "slot": 1, "lengthInBytes": 36864, "state": "stopped"},
    DEVCTL_ID: {"componentId": DEVCTL_ID, "imageId": "dcdcdcdc-0000-4000-8000-000000000002", "name": "devctl",
                "version": 1, "securityVersion": 0, "slot": 2, "lengthInBytes": 53248, "state": "running"},
}
staged = None
pulls = {}


def record(entry):
    with open(os.path.join(state, "requests.jsonl"), "a") as f:
        f.write(json.dumps(entry) + "\n")


class Devctl(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle(self):
        flag = os.path.join(state, "reset-next")
        if os.path.exists(flag):
            with open(flag) as f:
                left = int(f.read() or "1") - 1
            if left > 0:
                with open(flag, "w") as f:
                    f.write(str(left))
            else:
                os.unlink(flag)
            record({"reset": True, "client_port": self.client_address[1]})
            # SO_LINGER 0: the close resets the connection.
            self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return
        super().handle()

    def answer(self, status, obj):
        body = (json.dumps(obj) + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def error(self, status, code, message):
        self.answer(status, {"error": {"code": code, "message": message}})

    def body(self):
        length = self.headers.get("Content-Length")
        return self.rfile.read(int(length)) if length is not None else b""

    def app(self, cid):
        if cid not in images:
            self.error(404, "not_found", "no app with component id " + cid)
            return None
        return images[cid]

    def dispatch(self, method):
        global staged
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        parts = url.path.strip("/").split("/")
        chunked = "chunked" in self.headers.get("Transfer-Encoding", "")
        body = b"" if chunked else self.body()
        entry = {"method": method, "path": self.path, "client_port": self.client_address[1],
                 "content_length": self.headers.get("Content-Length"),
                 "content_type": self.headers.get("Content-Type"),
                 "transfer_encoding": self.headers.get("Transfer-Encoding"),
                 "body_len": len(body), "body_sha256": hashlib.sha256(body).hexdigest()}
        if self.headers.get("Content-Type") == "application/json":
            entry["body"] = json.loads(body)
        record(entry)

        if method == "GET" and url.path == "/device/security_state":
            return self.answer(200, {"securityState": "development", "deviceIdentifier": DEVICE_ID,
                                     "developmentMode": True})
        if method == "GET" and url.path == "/device":
            return self.answer(200, {"deviceIdentifier": DEVICE_ID, "developmentMode": True, "uptime": 42,
                                     "memory": {"totalKiB": 4096, "freeKiB": 812},
                                     "slots": {"used": 3, "total": 16}, "osVersion": 1})
        if method == "GET" and url.path == "/images":
            return self.answer(200, {"images": list(images.values())})
        if method == "PUT" and url.path == "/update/stage":
            if chunked or self.headers.get("Content-Length") is None:
                return self.error(411, "length_required", "a body needs Content-Length")
            with open(os.path.join(state, "staged.bin"), "wb") as f:
                f.write(body)
            if body.startswith(b"REFUSE"):
                return self.error(422, "image_refused",
                                  "image refused: signature does not verify with any of the device's OEM keys")
            if body.startswith(b"FULL"):
                return self.error(507, "out_of_slots", "no free app slot: all 16 are in use")
            staged = {"componentId": BLINK_ID, "name": "blink", "version": 3,
                      "imageId": "12345678-9abc-def0-1234-56789abcdef0"}
            return self.answer(200, {"staged": staged})
        if method == "POST" and url.path == "/update/install":
            if staged is None:
                return self.error(409, "not_staged", "nothing staged: PUT /update/stage first")
            mode = json.loads(body).get("appControlMode", "Auto") if body else "Auto"
            images[BLINK_ID] = dict(staged, securityVersion=0, slot=3, lengthInBytes=4096,
                                    state="stopped" if mode == "Manual" else "running")
            installed, staged = staged, None
            return self.answer(200, {"installed": installed, "replaced": False})
        if method == "DELETE" and parts[:2] == ["app", "image"] and len(parts) == 3:
            if self.app(parts[2]) is None:
                return
            if parts[2] == DEVCTL_ID:
                return self.error(403, "system_app", "devctl cannot delete itself")
            del images[parts[2]]
            return self.answer(200, {"deleted": parts[2]})
        if parts[:2] == ["app", "status"] and len(parts) == 3 and method in ("GET", "PATCH"):
            app = self.app(parts[2])
            if app is None:
                return
            if method == "PATCH":
                trigger = json.loads(body).get("trigger") if body else None
                if trigger not in ("start", "stop", "startDebug"):
                    return self.error(400, "bad_request", "trigger must be start, stop or startDebug")
                if parts[2] == CONFLICT_ID and trigger == "start":
                    return self.error(409, "conflict",
                                      "GPIO 5 (line 5 of 9030000.pl061) is granted to hello (" + HELLO_ID + ")")
                if parts[2] == DEVCTL_ID:
                    return self.error(403, "system_app", "devctl cannot stop itself")
                app["state"] = "running" if trigger == "start" else "stopped"
            running = app["state"] == "running"
            return self.answer(200, {"state": app["state"], "pid": 57 if running else 0, "restarts": 0})
        if method == "GET" and parts[:2] == ["app", "quota"] and len(parts) == 3:
            if self.app(parts[2]) is not None:
                self.answer(200, {"UsageInKB": 12, "LimitInKB": 64})
            return
        if method == "GET" and parts[:2] == ["app", "memory"] and len(parts) == 3:
            if self.app(parts[2]) is not None:
                self.answer(200, {"memoryStats": {"currentMemoryUsageInBytes": 151552,
                                                  "peakMemoryUsageInBytes": 163840,
                                                  "memoryLimitInBytes": 262144, "flashUsageInBytes": 41252}})
            return
        if method == "GET" and url.path == "/log":
            cid = query.get("componentId", [None])[0]
            if cid is None:
                lines = ["appmgr: found 3 app slots", "appmgr: hello: started (pid 57)"]
            elif self.app(cid) is None:
                return
            else:
                lines = ["[" + images[cid]["name"] + "] hello from Spherule #1"]
            return self.answer(200, {"start": 0, "end": 64, "lines": lines})
        if method == "GET" and url.path == "/log/stream":
            cid = query.get("componentId", ["00000000-0000-0000-0000-000000000000"])[0]
            self.send_response(200)
            self.send_header("Content-Type", "application/x-ndjson")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write((json.dumps({"componentId": cid, "line": "streamed line 1"}) + "\n").encode())
            self.wfile.flush()
            seen = os.path.join(state, "seen")
            for _ in range(50):
                if os.path.exists(seen):
                    break
                time.sleep(0.1)
            record({"stream_line_1_printed": os.path.exists(seen)})
            self.wfile.write((json.dumps({"componentId": cid, "line": "streamed line 2"}) + "\n").encode())
            self.close_connection = True
            return
        if method == "POST" and url.path == "/restart":
            return self.answer(200, {"restartingSystem": True})
        if parts[0] in ("gpio", "sysevent") and os.path.exists(os.path.join(state, "production")):
            return self.error(403, "forbidden", "the host drives and reads simulated GPIO lines only in "
                              "development mode (spherule device enable-development)")
        if parts[0] == "gpio" and len(parts) == 2 and method in ("GET", "PUT"):
            return self.gpio(method, int(parts[1]), body)
        if method == "POST" and url.path == "/sysevent/update":
            req = json.loads(body)
            if req.get("updateType") not in ("App", "System"):
                return self.error(400, "bad_request", "updateType must be App or System")
            return self.answer(200, {"simulatedUpdate": {"updateType": req["updateType"],
                                     "maxDeferralInMinutes": req.get("maxDeferralInMinutes", 1440)}})
        if url.path in ("/device", "/device/security_state", "/images", "/update/stage", "/update/install",
                        "/log", "/log/stream", "/restart"):
            return self.error(405, "method_not_allowed", method + " " + url.path + " is not allowed")
        return self.error(404, "not_found", "no such path: " + url.path)

    def gpio(self, method, n, body):
        if n > 80:
            return self.error(404, "not_found", "this board has no GPIO %d" % n)
        if n < 8:
            return self.error(400, "bad_request", "GPIO %d is line %d of 9030000.pl061, not a simulated line" % (n, n))
        if method == "PUT":
            if n == 9:
                return self.error(409, "busy", "GPIO 9 is an output of blink: its level is the app's")
            pulls[n] = json.loads(body)["value"]
        line = {"gpio": n, "value": pulls.get(n, 0), "pull": "up" if pulls.get(n, 0) else "down",
                "requested": n == 9, "output": n == 9, "chip": "sim0", "offset": n - 8}
        if n == 9:
            line["value"] = 1
        return self.answer(200, line)

    def do_GET(self):
        self.dispatch("GET")

    def do_PUT(self):
        self.dispatch("PUT")

    def do_POST(self):
        self.dispatch("POST")

    def do_PATCH(self):
        self.dispatch("PATCH")

    def do_DELETE(self):
        self.dispatch("DELETE")


server = http.server.HTTPServer(("127.0.0.1", 0), Devctl)
with open(portfile + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(portfile + ".tmp", portfile)
server.serve_forever()
