#!/usr/bin/python3
"""A libtorrent peer on loopback with every extra off, driven by arguments and stdin.

Run with Debian's /usr/bin/python3 (python3-libtorrent), not the pyenv python3 on PATH.

  lt_peer.py make-torrent --data FILE --out T [--piece-size N] [--private] [--whole-sha1]
                          [--info-out I]
      prints: TORRENT infohash=<hex> pieces=<n> seconds=<time spent hashing pieces>
      --whole-sha1 adds p2pshare's `sha1` key (SHA1 of the whole file) to the info dictionary;
      --info-out also writes the bare bencoded info dictionary (what p2pshare's tracker stores).
  lt_peer.py seed  --torrent T --data-dir DIR [--port P] [--peer IP:PORT ...]
      prints: READY port=<p> infohash=<hex>   once the data checked out complete
  lt_peer.py leech --torrent T --save-dir DIR [--port P] [--peer IP:PORT ...] [--wait-start]
                   [--rate-log CSV]
      prints: READY port=<p> infohash=<hex>   listening, torrent added (paused until start)
              COMPLETE seconds=<start..in the file> verified_seconds=<start..last piece hash-checked>
                       downloaded=<payload bytes> uploaded=<bytes>

--torrent accepts a .torrent file or a bare bencoded info dictionary (p2pshare keeps those);
unknown info keys (p2pshare's `sha1`) and `private` = 1 are fine. Port 0 = any free port.
stdin commands, one a line: `start` (leecher with --wait-start: connect to the peers now; the
COMPLETE time counts from here), `peer IP:PORT` (connect one more peer; before
`start` it is only remembered), `stats` (prints
STATS downloaded=.. uploaded=.. progress=.. peers=..), `quit`. EOF on stdin also quits.
Errors print one `ERROR <what>` line and exit 1.
"""

import argparse
import hashlib
import os
import queue
import sys
import threading
import time

import libtorrent as lt

PIECE_SIZE = 512 * 1024  # p2pshare's default piece length, so both sides hash the same way
ALERT_WAIT_MS = 50  # bounds how late a COMPLETE line or a stdin command can be handled
RATE_SAMPLE_S = 0.1  # rate-log resolution; finer samples only add noise to the plot


def say(line):
    print(line, flush=True)


def fail(what):
    say(f"ERROR {what}")
    sys.exit(1)


def file_sha1(path):
    digest = hashlib.sha1()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.digest()


def make_torrent(args):
    files = lt.file_storage()
    lt.add_files(files, args.data)
    # v1_only: libtorrent 2.0 makes hybrid v1+v2 torrents by default; p2pshare is v1.
    creator = lt.create_torrent(files, args.piece_size, lt.create_torrent.v1_only)
    creator.set_priv(args.private)
    started = time.monotonic()
    lt.set_piece_hashes(creator, os.path.dirname(os.path.abspath(args.data)))
    seconds = time.monotonic() - started
    torrent = creator.generate()
    if args.whole_sha1:
        torrent[b"info"][b"sha1"] = file_sha1(args.data)
    with open(args.out, "wb") as out:
        out.write(lt.bencode(torrent))
    info = lt.bencode(torrent[b"info"])
    if args.info_out:
        with open(args.info_out, "wb") as out:
            out.write(info)
    info_hash = hashlib.sha1(info).hexdigest()
    say(f"TORRENT infohash={info_hash} pieces={creator.num_pieces()} seconds={seconds:.3f}")


def load_torrent(path):
    with open(path, "rb") as f:
        raw = f.read()
    decoded = lt.bdecode(raw)
    if decoded is None:
        fail(f"{path} is not bencoded")
    if b"pieces" in decoded:
        # A bare info dictionary: wrap its exact bytes so the info-hash stays what p2pshare computed.
        raw = b"d4:info" + raw + b"e"
    return lt.torrent_info(lt.bdecode(raw))


def open_session(port):
    settings = {
        "listen_interfaces": f"127.0.0.1:{port}",
        "outgoing_interfaces": "127.0.0.1",
        "enable_dht": False,
        "enable_lsd": False,
        "enable_upnp": False,
        "enable_natpmp": False,
        "enable_incoming_utp": False,
        "enable_outgoing_utp": False,
        # Every peer here is 127.0.0.1; by default libtorrent allows one connection per IP.
        "allow_multiple_connections_per_ip": True,
        "alert_mask": lt.alert_category.error | lt.alert_category.status | lt.alert_category.storage,
    }
    # flags=0: no default plugins (ut_pex, ut_metadata, smart_ban) and no DHT/LSD/UPnP start.
    return lt.session(settings, 0)


def parse_address(text):
    host, _, port = text.rpartition(":")
    return host, int(port)


def stdin_lines():
    lines = queue.Queue()

    def pump():
        for line in sys.stdin:
            lines.put(line.strip())
        lines.put("quit")

    threading.Thread(target=pump, daemon=True).start()
    return lines


class Peer:
    def __init__(self, args, seeding):
        self.args = args
        self.seeding = seeding
        self.session = open_session(args.port)
        self.info = load_torrent(args.torrent)
        self.handle = None
        self.peers = list(getattr(args, "peer", None) or [])
        self.started = None
        self.verified = None
        self.listen_port = None
        self.ready = False
        self.done = False
        self.rate_log = open(args.rate_log, "w") if getattr(args, "rate_log", None) else None
        self.last_sample = 0.0

    def add_torrent(self):
        params = lt.add_torrent_params()
        params.ti = self.info
        params.save_path = self.args.data_dir if self.seeding else self.args.save_dir
        params.flags &= ~lt.torrent_flags.auto_managed  # no queueing: start now, stay started
        params.flags &= ~lt.torrent_flags.paused
        self.handle = self.session.add_torrent(params)

    def start(self):
        if self.started is None:
            self.started = time.monotonic()
            for address in self.peers:
                self.handle.connect_peer(parse_address(address))
            self.handle.resume()

    def on_alert(self, alert):
        if isinstance(alert, lt.listen_succeeded_alert) and self.handle is None:
            self.listen_port = alert.port
            self.add_torrent()
        elif isinstance(alert, (lt.listen_failed_alert, lt.file_error_alert, lt.torrent_error_alert)):
            fail(alert.message())
        elif isinstance(alert, lt.torrent_checked_alert):
            if self.seeding and not self.handle.status().is_seeding:
                fail(f"data in {self.args.data_dir} does not match the torrent (checked incomplete)")
            # Paused until start(): resuming dials the known peers at once, while a running
            # torrent dials peers from connect_peer only on its next 1-second timer (measured).
            self.handle.pause()
            self.ready = True
            say(f"READY port={self.listen_port} infohash={self.info.info_hash()}")
            if self.seeding or not self.args.wait_start:
                self.start()
        elif isinstance(alert, lt.torrent_finished_alert) and not self.seeding and self.started:
            # Every piece passed its hash, but writes may still be queued: COMPLETE only once
            # they are in the file, so whoever reads it next sees the whole payload.
            self.verified = time.monotonic() - self.started
            self.handle.flush_cache()
        elif isinstance(alert, lt.cache_flushed_alert) and not self.seeding and self.started and not self.done:
            self.done = True
            status = self.handle.status()
            seconds = time.monotonic() - self.started
            self.sample_rates(force=True)
            say(f"COMPLETE seconds={seconds:.3f} verified_seconds={self.verified:.3f} "
                f"downloaded={status.total_payload_download} uploaded={status.total_payload_upload}")

    def on_command(self, command):
        verb, _, rest = command.partition(" ")
        if verb == "start" and self.ready:
            self.start()
        elif verb == "peer" and self.started is None:
            self.peers.append(rest.strip())
        elif verb == "peer":
            self.handle.connect_peer(parse_address(rest.strip()))
        elif verb == "stats" and self.handle is not None:
            status = self.handle.status()
            say(f"STATS downloaded={status.total_payload_download} uploaded={status.total_payload_upload} "
                f"progress={status.progress:.4f} peers={status.num_peers}")
        elif verb == "quit":
            return False
        else:
            say(f"ERROR unknown or premature command '{command}' (start, peer IP:PORT, stats, quit)")
        return True

    def sample_rates(self, force=False):
        now = time.monotonic()
        if not self.rate_log or self.started is None or (not force and now - self.last_sample < RATE_SAMPLE_S):
            return
        self.last_sample = now
        for peer in self.handle.get_peer_info():
            self.rate_log.write(f"{now - self.started:.3f},{peer.ip[0]}:{peer.ip[1]},{peer.total_download}\n")
        self.rate_log.flush()

    def run(self):
        commands = stdin_lines()
        while True:
            self.session.wait_for_alert(ALERT_WAIT_MS)
            for alert in self.session.pop_alerts():
                self.on_alert(alert)
            while not commands.empty():
                if not self.on_command(commands.get()):
                    return
            if not self.done:
                self.sample_rates()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    make = sub.add_parser("make-torrent")
    make.add_argument("--data", required=True)
    make.add_argument("--out", required=True)
    make.add_argument("--piece-size", type=int, default=PIECE_SIZE)
    make.add_argument("--private", action="store_true")
    make.add_argument("--whole-sha1", action="store_true")
    make.add_argument("--info-out")
    seed = sub.add_parser("seed")
    seed.add_argument("--torrent", required=True)
    seed.add_argument("--data-dir", required=True)
    seed.add_argument("--port", type=int, default=0)
    seed.add_argument("--peer", action="append", help="IP:PORT to dial once ready; repeatable")
    leech = sub.add_parser("leech")
    leech.add_argument("--torrent", required=True)
    leech.add_argument("--save-dir", required=True)
    leech.add_argument("--port", type=int, default=0)
    leech.add_argument("--peer", action="append", help="IP:PORT to connect to; repeatable")
    leech.add_argument("--wait-start", action="store_true", help="connect only on a `start` line")
    leech.add_argument("--rate-log", help="CSV t,peer,bytes-from-that-peer every 0.1 s")
    args = parser.parse_args()
    if args.mode == "make-torrent":
        make_torrent(args)
    else:
        Peer(args, seeding=args.mode == "seed").run()


if __name__ == "__main__":
    main()
