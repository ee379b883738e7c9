#!/usr/bin/python3
"""A minimal HTTP BitTorrent tracker for aria2 on loopback: every announce gets the fixed peer
list given on the command line (minus the announcing peer itself), compact form, any info-hash.

aria2 has no way to be handed a peer directly (no connect_peer, and DHT/LSD/PEX are off here),
so this is how the benchmark tells it who the seeders and the other downloaders are.

  fixed_tracker.py --port P --peer 127.0.0.1:6881 [--peer ...]
      prints: READY port=<p>          then serves http://127.0.0.1:<p>/announce until killed
"""

import argparse
import socket
import struct
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

INTERVAL_S = 3600  # one announce per run is enough: the peer list never changes


def bencode(value):
    if isinstance(value, int):
        return b"i%de" % value
    if isinstance(value, bytes):
        return b"%d:%s" % (len(value), value)
    if isinstance(value, str):
        return bencode(value.encode())
    if isinstance(value, dict):
        return b"d" + b"".join(bencode(k) + bencode(value[k]) for k in sorted(value)) + b"e"
    raise TypeError(f"cannot bencode {type(value).__name__}")


def compact(peers):
    return b"".join(socket.inet_aton(host) + struct.pack(">H", port) for host, port in peers)


def handler_for(peers):
    class Announce(BaseHTTPRequestHandler):
        def do_GET(self):
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
            own_port = int(query.get("port", ["0"])[0])
            others = [p for p in peers if p[1] != own_port]
            body = bencode({"interval": INTERVAL_S, "peers": compact(others)})
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Announce


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--peer", action="append", default=[], help="IP:PORT; repeatable")
    args = parser.parse_args()
    peers = [(host, int(port)) for host, _, port in (p.rpartition(":") for p in args.peer)]
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler_for(peers))
    print(f"READY port={server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
