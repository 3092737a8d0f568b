#!/usr/bin/env python3
"""ota_proxy.py - the network between the device and the update service in
tests/e2e/test_ota.sh: an HTTP/1.1 proxy on the host's loopback (the
board's guestfwd for 10.0.2.100:8443 points at it) that forwards every
request to spherule-cloud and, as the attacker in the middle, can change
what comes back. Its mode is read from the file MODE_FILE at each request:

  pass     forward unchanged
  replay   a check-in gets the first bundle this proxy forwarded instead of
           the service's fresh one (an old answer replayed)
  mixed    a check-in's fresh bundle with its targets document swapped for
           the first bundle's (targets not from the snapshot's version)
  expired  a check-in's answer held back for HOLD seconds, past the
           timestamp's expiry the service was started with
  corrupt  an image download with one byte of its body flipped
  cut      an image download from its first byte (no Range) cut after half
           its body: the device must resume with Range

A mode other than pass applies once (to the first request it concerns) and
the mode file is then set back to pass. Each request is logged to LOG as
`<method> <path> <range or -> <mode applied or pass> <status>`.

usage: ota_proxy.py --upstream PORT --mode-file F --log F [--hold S]
prints `port N` on stdout once it listens.
"""
import argparse
import http.client
import http.server
import socketserver
import struct
import sys
import threading
import time

HEADER = 32  # an update metadata document's header (docs/update-metadata.md)
lock = threading.Lock()
first_bundle = None


def docs(bundle):
    """The documents of a bundle (timestamp, snapshot, targets), by their size field."""
    out, off = [], 0
    while off + HEADER <= len(bundle):
        size = struct.unpack_from("<I", bundle, off + 8)[0]
        if size < HEADER or off + size > len(bundle):
            break
        out.append(bundle[off:off + size])
        off += size
    return out


def take_mode(args, concerns):
    """The mode for a request: applied once when it concerns this request."""
    with lock:
        try:
            mode = open(args.mode_file).read().strip() or "pass"
        except OSError:
            mode = "pass"
        if mode == "pass" or mode not in concerns:
            return "pass"
        with open(args.mode_file, "w") as f:
            f.write("pass\n")
        return mode


class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def forward(self):
        global first_bundle
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        up = http.client.HTTPConnection("127.0.0.1", self.server.args.upstream, timeout=60)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        up.request(self.command, self.path, body=body, headers=headers)
        resp = up.getresponse()
        data = resp.read()
        up.close()
        path = self.path.split("?")[0]
        rng = self.headers.get("Range") or "-"
        mode = "pass"
        if path == "/v1/device/checkin" and resp.status == 200:
            mode = take_mode(self.server.args, ("replay", "mixed", "expired"))
            with lock:
                if first_bundle is None:
                    first_bundle = data
            if mode == "replay":
                data = first_bundle
            elif mode == "mixed":
                fresh, old = docs(data), docs(first_bundle)
                if len(fresh) == 3 and len(old) == 3:
                    data = fresh[0] + fresh[1] + old[2]
            elif mode == "expired":
                time.sleep(self.server.args.hold)
        cut = None
        if path.startswith("/v1/images/") and resp.status == 200 and rng == "-":
            mode = take_mode(self.server.args, ("corrupt", "cut"))
            if mode == "corrupt" and data:
                mid = len(data) // 2
                data = data[:mid] + bytes([data[mid] ^ 0x5A]) + data[mid + 1:]
            elif mode == "cut":
                cut = len(data) // 2
        with open(self.server.args.log, "a") as log:
            log.write(f"{self.command} {path} {rng} {mode} {resp.status}\n")
        self.send_response(resp.status)
        for k, v in resp.getheaders():
            if k.lower() not in ("content-length", "connection", "transfer-encoding", "date", "server"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        if cut is not None:
            self.send_header("Connection", "close")
        self.end_headers()
        if cut is not None:
            self.wfile.write(data[:cut])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(data)

    do_GET = forward
    do_POST = forward
    do_PATCH = forward


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--upstream", type=int, required=True)
    p.add_argument("--mode-file", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--hold", type=float, default=8.0)
    args = p.parse_args()
    srv = Server(("127.0.0.1", 0), Proxy)
    srv.args = args
    print(f"port {srv.server_address[1]}", flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
