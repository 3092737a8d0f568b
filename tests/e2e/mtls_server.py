#!/usr/bin/env python3
"""tests/e2e/mtls_server.py - an OEM's server that requires device
certificates, for the example mutual_tls (examples/mutual_tls): a TLS
server on the host's loopback that accepts a client only with a certificate
the tenant CA issued (docs/cloud.md, "Device certificates").

  mtls_server.py --port P --cert FILE --key FILE --client-ca FILE --log FILE

--cert and --key are the server's own certificate and key (PEM); --client-ca
is the tenant CA certificate (`spherule ca-certificate download` output),
against which every client's certificate is verified (required: a client
without one is refused). --port 0 picks a free port; the server prints
"listening on 127.0.0.1:<port>" once it accepts connections.

Connections are served one at a time, each step of one (the handshake,
each read of the client's line, the answer) within 10 s. Each appends exactly one line to --log:
"verified client CN=<cn> serial=<hex>" after a handshake with a verified client
certificate, which is then answered "hello <cn>, you are authenticated\\n"
(after the client's first line, or its silence for the time left), or
"refused: <reason>" when the handshake fails (no certificate, another CA's,
an expired one, ...; the reason is OpenSSL's).
"""
import argparse
import socket
import ssl
import sys

CONNECTION_TIMEOUT_S = 10
LINE_MAX = 512


def common_name(cert):
    """The CN of a certificate as ssl.getpeercert() gives it, or ''."""
    for rdn in cert.get("subject", ()):
        for key, value in rdn:
            if key == "commonName":
                return value
    return ""


def printable(text):
    """text with control and non-ASCII characters as '?': one log line."""
    return "".join(c if " " <= c < "\x7f" else "?" for c in text)


def refusal(err):
    """Why a handshake failed, in OpenSSL's words without Python's
    source location: 'certificate verify failed: certificate has expired',
    'peer did not return a certificate', 'timed out', ..."""
    if isinstance(err, ssl.SSLCertVerificationError):
        return "certificate verify failed: %s" % err.verify_message
    if isinstance(err, ssl.SSLError) and err.reason:
        return err.reason.lower().replace("_", " ")
    if isinstance(err, (socket.timeout, TimeoutError)):
        return "timed out"
    return str(err) or type(err).__name__


def read_line(tls):
    """The client's first line, up to LINE_MAX bytes (less if it closes
    or the time runs out)."""
    data = b""
    try:
        while b"\n" not in data and len(data) < LINE_MAX:
            chunk = tls.recv(LINE_MAX - len(data))
            if not chunk:
                break
            data += chunk
    except (OSError, ssl.SSLError):
        pass
    return data


def close_gently(tls):
    """Closes a connection whose handshake failed so that the client reads
    the alert OpenSSL sent: closing with the client's bytes unread would
    reset the connection, and the client see the reset instead. So: the
    end of our side, then the client's bytes read and dropped until it
    closes (1 s at most)."""
    raw = socket.socket(fileno=tls.detach())
    try:
        raw.shutdown(socket.SHUT_WR)
        raw.settimeout(1)
        while raw.recv(4096):
            pass
    except OSError:
        pass
    finally:
        raw.close()


def serve_one(context, conn, log):
    """One connection: the handshake, then the client's line and the
    answer; one line logged."""
    conn.settimeout(CONNECTION_TIMEOUT_S)
    tls = context.wrap_socket(conn, server_side=True, do_handshake_on_connect=False)
    try:
        tls.do_handshake()
    except (OSError, ssl.SSLError) as err:
        log("refused: %s" % refusal(err))
        close_gently(tls)
        return
    try:
        peer = tls.getpeercert() or {}
        cn = printable(common_name(peer))
        log("verified client CN=%s serial=%s" % (cn, printable(peer.get("serialNumber", "?"))))
        read_line(tls)
        tls.sendall(("hello %s, you are authenticated\n" % cn).encode())
        tls.unwrap()
    except (OSError, ssl.SSLError):
        pass
    finally:
        tls.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--client-ca", required=True)
    ap.add_argument("--log", required=True)
    args = ap.parse_args()

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_cert_chain(args.cert, args.key)
    context.load_verify_locations(cafile=args.client_ca)

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", args.port))
    listener.listen(8)
    print("listening on 127.0.0.1:%d" % listener.getsockname()[1], flush=True)

    def log(line):
        with open(args.log, "a") as f:
            f.write(line + "\n")

    while True:
        conn, _ = listener.accept()
        with conn:
            serve_one(context, conn, log)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
