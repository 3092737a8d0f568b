"""netmgr_rig.py - runs the host build of the netmgr daemon against fakes,
for test_netmgr_daemon.sh, inside a network namespace whose loopback is up
and whose /etc/spherule/netmgr.conf the script wrote:
- appmgr: the app service socket (SPHERULE_APP_SERVICE), answering every
  request with status 0 (TIMESYNC: enabled as argv[3] says) and recording
  each request as "op <n> <payload hex>";
- an SNTP server over TCP (2-byte length) on 127.0.0.1:12300, one day ahead;
- with argv[4] == "dhcp", a DHCP server on lo answering DISCOVER with an
  OFFER and REQUEST with an ACK of 10.0.2.15/24 for 86400 s, broadcast.
Runs netmgr for argv[5] seconds, sends SIGTERM, writes netmgr's stderr to
argv[2].log and the requests and "exit <status>" to argv[2].ops.
usage: netmgr_rig.py NETMGR OUT_PREFIX enabled|disabled dhcp|nodhcp SECONDS"""
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

NTP_DELTA = 2208988800
netmgr, out, timesync, dhcp, seconds = sys.argv[1:6]


def ntp_ts(t):
    return struct.pack('>II', (int(t) + NTP_DELTA) & 0xffffffff, int((t % 1) * 2**32))


def ntp_server(srv):
    while True:
        c, _ = srv.accept()
        data = b''
        while len(data) < 50:
            more = c.recv(50 - len(data))
            if not more:
                break
            data += more
        if len(data) == 50:
            now = time.time() + 86400
            reply = (bytes([0x24, 2, 6, 0xec]) + struct.pack('>II', 0x1000, 0x1000) + b'LOCL' +
                     ntp_ts(now) + data[2 + 40:2 + 48] + ntp_ts(now) + ntp_ts(now))
            c.sendall(struct.pack('>H', 48) + reply)
        c.close()


def dhcp_server(s):
    while True:
        m, _ = s.recvfrom(1500)
        reply_type = 2 if m[242] == 1 else 5
        head = (bytes([2, 1, 6, 0]) + m[4:8] + bytes(8) + socket.inet_aton('10.0.2.15') + bytes(8) +
                m[28:44] + bytes(192) + bytes([99, 130, 83, 99]))
        opts = bytes([53, 1, reply_type, 54, 4, 10, 0, 2, 2, 1, 4, 255, 255, 255, 0,
                      51, 4, 0, 1, 0x51, 0x80, 255])
        s.sendto(head + opts, ('255.255.255.255', 68))


srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(('127.0.0.1', 12300))
srv.listen(4)
threading.Thread(target=ntp_server, args=(srv,), daemon=True).start()
if dhcp == 'dhcp':
    d = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    d.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    d.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, b'lo')
    d.bind(('0.0.0.0', 67))
    threading.Thread(target=dhcp_server, args=(d,), daemon=True).start()

ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
env = dict(os.environ, SPHERULE_APP_SERVICE=str(theirs.fileno()))
with open(out + '.log', 'w') as log:
    p = subprocess.Popen([netmgr, "/etc/spherule/netmgr.conf"], env=env, pass_fds=[theirs.fileno()], stderr=log)
theirs.close()
ops = []


def appmgr():
    while True:
        try:
            m = ours.recv(1024)
        except OSError:
            return
        if not m:
            return
        op = struct.unpack('<H', m[:2])[0]
        ops.append('op %d %s' % (op, m[12:].hex()))
        record = struct.pack('<BB6xq', timesync == 'enabled', 0, 0) if op == 15 else b''
        ours.send(struct.pack('<HHi', op, 0, 0) + bytes(128) + record)


threading.Thread(target=appmgr, daemon=True).start()
time.sleep(float(seconds))
p.send_signal(signal.SIGTERM)
status = p.wait(timeout=5)
with open(out + '.ops', 'w') as f:
    f.write(''.join(o + '\n' for o in ops) + 'exit %d\n' % status)
