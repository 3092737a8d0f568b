#!/usr/bin/env python3
"""tests/e2e/net_servers.py - the network's servers for netmgr's end-to-end
test, on the host's loopback, reached by the board through guestfwd rules
(QEMU user networking with restrict=on passes only TCP guestfwd, so both
speak TCP with a 2-byte length prefix: DNS as RFC 7766 does, SNTP as
netmgr's test transport does, docs/netmgr.md).

  net_servers.py --dns-port P --ntp-port Q --greet-port R --ntp-offset SECONDS
                 --log FILE --zone NAME=ADDR[,ADDR...]:TTL ...
                 [--hostile NAME=loop|oversized|wrong-id|wrong-question]

The DNS server answers A queries for the zone's names (NXDOMAIN for every
other name, NODATA for other types); a hostile name is answered with the
named defect instead. The SNTP server answers with the host's time plus
--ntp-offset. The greeter (a host an app connects to by name) sends one
line, "hello from the host", to each connection and closes it. Every query is appended to --log as one line
("dns NAME TYPE" / "ntp"), so the test can count what reached the network.
Ports 0 pick free ones; the chosen ports are printed as "dns P ntp Q greet R".
"""
import argparse
import socket
import struct
import sys
import threading
import time

NTP_EPOCH_OFFSET = 2208988800  # seconds from 1900 to 1970


def read_exact(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def read_framed(conn):
    head = read_exact(conn, 2)
    if head is None:
        return None
    return read_exact(conn, struct.unpack("!H", head)[0])


def send_framed(conn, payload):
    conn.sendall(struct.pack("!H", len(payload)) + payload)


def parse_question(msg):
    """(id, labels, qtype, end of question) of a query, or None."""
    if len(msg) < 12:
        return None
    qid, = struct.unpack("!H", msg[:2])
    pos, labels = 12, []
    while pos < len(msg) and msg[pos] != 0:
        n = msg[pos]
        labels.append(msg[pos + 1:pos + 1 + n].decode("ascii", "replace").lower())
        pos += 1 + n
    pos += 1
    if pos + 4 > len(msg):
        return None
    qtype, = struct.unpack("!H", msg[pos:pos + 2])
    return qid, labels, qtype, pos + 4


def answer(msg, zone, hostile):
    q = parse_question(msg)
    if q is None:
        return None
    qid, labels, qtype, qend = q
    name = ".".join(labels)
    question = msg[12:qend]
    defect = hostile.get(name)
    if defect == "wrong-id":
        qid ^= 0x5a5a
    if defect == "wrong-question":
        question = b"\x05other\x04test\x00" + question[-4:]
    if name not in zone and defect is None:
        return struct.pack("!HHHHHH", qid, 0x8183, 1, 0, 0, 0) + question
    addrs, ttl = zone.get(name, (["10.0.2.99"], 30))
    if qtype != 1:
        return struct.pack("!HHHHHH", qid, 0x8180, 1, 0, 0, 0) + question
    if defect == "loop":
        # An answer whose owner name is a pointer to itself.
        rr = struct.pack("!HHHIH", 0xc000 | (12 + len(question)), 1, 1, ttl, 4)
        return struct.pack("!HHHHHH", qid, 0x8180, 1, 1, 0, 0) + question + rr + bytes(4)
    count = 2000 if defect == "oversized" else len(addrs)
    rrs = b""
    for i in range(count):
        addr = addrs[i % len(addrs)]
        rrs += struct.pack("!HHHIH", 0xc00c, 1, 1, ttl, 4) + socket.inet_aton(addr)
    return struct.pack("!HHHHHH", qid, 0x8180, 1, count & 0xffff, 0, 0) + question + rrs


def ntp_reply(request, offset):
    if len(request) != 48:
        return None
    now = time.time() + offset + NTP_EPOCH_OFFSET
    secs = int(now)
    frac = int((now - secs) * (1 << 32))
    stamp = struct.pack("!II", secs & 0xffffffff, frac)
    # LI 0, VN 4, mode 4 (server), stratum 1, poll 6, precision -20
    head = struct.pack("!BBbb", (4 << 3) | 4, 1, 6, -20)
    root = struct.pack("!II", 0, 0) + b"TEST"
    return head + root + stamp + request[40:48] + stamp + stamp


def serve(listener, handle):
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=handle, args=(conn,), daemon=True).start()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dns-port", type=int, default=0)
    ap.add_argument("--ntp-port", type=int, default=0)
    ap.add_argument("--greet-port", type=int, default=0)
    ap.add_argument("--ntp-offset", type=float, default=0.0)
    ap.add_argument("--zone", action="append", default=[])
    ap.add_argument("--hostile", action="append", default=[])
    ap.add_argument("--log", required=True)
    args = ap.parse_args()
    zone, hostile = {}, {}
    for z in args.zone:
        name, rest = z.split("=", 1)
        addrs, ttl = rest.rsplit(":", 1)
        zone[name.lower()] = (addrs.split(","), int(ttl))
    for h in args.hostile:
        name, defect = h.split("=", 1)
        hostile[name.lower()] = defect
    log_lock = threading.Lock()

    def log(line):
        with log_lock, open(args.log, "a") as f:
            f.write(line + "\n")

    def dns_conn(conn):
        with conn:
            while True:
                msg = read_framed(conn)
                if msg is None:
                    return
                q = parse_question(msg)
                if q:
                    log("dns %s %d" % (".".join(q[1]), q[2]))
                reply = answer(msg, zone, hostile)
                if reply is not None:
                    send_framed(conn, reply)

    def ntp_conn(conn):
        with conn:
            while True:
                msg = read_framed(conn)
                if msg is None:
                    return
                log("ntp")
                reply = ntp_reply(msg, args.ntp_offset)
                if reply is not None:
                    send_framed(conn, reply)

    def greet_conn(conn):
        with conn:
            log("greet")
            conn.sendall(b"hello from the host\n")

    listeners = []
    for port, handler in ((args.dns_port, dns_conn), (args.ntp_port, ntp_conn),
                          (args.greet_port, greet_conn)):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
        s.listen(16)
        listeners.append(s)
        threading.Thread(target=serve, args=(s, handler), daemon=True).start()
    print("dns %d ntp %d greet %d" % tuple(s.getsockname()[1] for s in listeners), flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
