"""The three systems under test, one class each, with the same five steps the harness calls:
start_seeders(n), start_leechers(n), begin(leecher), completed_at(leecher) and the Peer records
they return (process, destination file, optional per-source rate log)."""

import os
import time
import xmlrpc.client
from dataclasses import dataclass, field

from procs import BenchError, Proc, free_port, wait_until

PY = "/usr/bin/python3"  # Debian's python: the one with python3-libtorrent
HERE = os.path.dirname(os.path.abspath(__file__))
LT_PEER = os.path.join(HERE, "lt_peer.py")
FIXED_TRACKER = os.path.join(HERE, "fixed_tracker.py")
COMMAND_TIMEOUT_S = 60  # one shell command of our client, JVM start-up included for the first one
RPC_TIMEOUT_S = 30  # one aria2 RPC call; it answers in milliseconds unless something is wrong


@dataclass(frozen=True)
class Payload:
    path: str
    size: int
    sha1: str  # hex, of the whole file
    torrent: str  # .torrent (aria2 needs the wrapper)
    info: str  # bare bencoded info dict with `private` = 1 and `sha1`, as p2pshare stores it
    hash_seconds: float  # libtorrent's time to hash the pieces when making the torrent

    @property
    def name(self):
        return os.path.basename(self.path)

    @property
    def directory(self):
        return os.path.dirname(self.path)

    def setup_timeout_s(self):
        return 60 + self.size / 20e6  # a seeder may hash the file before it is ready

    def download_timeout_s(self, leechers):
        return 30 + leechers * self.size / 2e6  # 2 MB/s: an order of magnitude under anything sane


@dataclass(eq=False)
class Peer:
    proc: Proc
    dest: str = ""  # the downloaded file, for leechers
    rate_log: str = ""  # CSV t,source,bytes; empty if the system cannot tell
    state: dict = field(default_factory=dict)


class Libtorrent:
    name = "libtorrent"
    unavailable = None

    def __init__(self, payload, work, logs):
        self.payload, self.work, self.logs = payload, work, logs
        self.seed_addresses = []

    def _launch(self, mode, named_args):
        """Starts every peer at once (their start-up overlaps), then waits for each READY line."""
        procs = [Proc(name, [PY, LT_PEER, mode, "--torrent", self.payload.info, *args], self.logs)
                 for name, args in named_args]
        ports = [proc.expect(r"^READY port=(\d+)", self.payload.setup_timeout_s(), r"^ERROR")[1][1] for proc in procs]
        return [(proc, f"127.0.0.1:{port}") for proc, port in zip(procs, ports)]

    def start_seeders(self, n):
        launched = self._launch("seed", [(f"lt-seed{i}", ["--data-dir", self.payload.directory]) for i in range(n)])
        self.seed_addresses = [address for _, address in launched]
        return [Peer(proc) for proc, _ in launched]

    def start_leechers(self, n):
        seeds = [arg for address in self.seed_addresses for arg in ("--peer", address)]
        saves = [os.path.join(self.work, f"lt-leech{i}") for i in range(n)]
        rates = [os.path.join(self.logs, f"lt-leech{i}-rates.csv") for i in range(n)]  # per run: kept for the plot
        for save in saves:
            os.makedirs(save)
        launched = self._launch("leech", [(f"lt-leech{i}", ["--save-dir", saves[i], "--wait-start",
                                                             "--rate-log", rates[i], *seeds]) for i in range(n)])
        for i, (proc, _) in enumerate(launched):
            for _, earlier in launched[:i]:  # one connection per pair of downloaders is enough
                proc.send(f"peer {earlier}")
        return [Peer(proc, os.path.join(saves[i], self.payload.name), rates[i]) for i, (proc, _) in enumerate(launched)]

    def begin(self, leecher):
        leecher.proc.send("start")

    def uploaded(self, peer):
        peer.proc.send("stats")
        return int(peer.proc.expect(r"^STATS .*uploaded=(\d+)", COMMAND_TIMEOUT_S, r"^ERROR")[1][1])

    def completed_at(self, leecher):
        while (item := leecher.proc.next_line(time.monotonic())) is not None:
            arrived, line = item
            if line.startswith("ERROR"):
                raise BenchError(f"{leecher.proc.name}: {line}")
            if line.startswith("COMPLETE"):
                return arrived
        return None


ARIA2_OPTIONS = [
    "--no-conf=true", "--enable-rpc=true", "--rpc-listen-all=false",
    "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false",
    "--enable-peer-exchange=false",  # aria2 has no uTP at all
    "--disable-ipv6=true", "--file-allocation=none", "--auto-file-renaming=false",
    "--allow-overwrite=true", "--seed-ratio=0.0",  # 0.0 = keep seeding until stopped
    "--bt-seed-unverified=true",  # the seeder's data is the payload itself; don't re-hash it
    "--console-log-level=warn", "--summary-interval=0", "--quiet=true",
]
ARIA2_SECRET = "bench"  # loopback only; silences aria2's warning about an open RPC port


class Aria2:
    name = "aria2"
    unavailable = None

    def __init__(self, payload, work, logs):
        self.payload, self.work, self.logs = payload, work, logs
        with open(payload.torrent, "rb") as f:
            self.torrent = xmlrpc.client.Binary(f.read())
        self.seed_ports = []
        self.tracker_url = ""

    def _daemon(self, name):
        listen, rpc_port = free_port(), free_port()
        proc = Proc(name, ["aria2c", *ARIA2_OPTIONS, f"--listen-port={listen}",
                           f"--rpc-listen-port={rpc_port}", f"--rpc-secret={ARIA2_SECRET}"],
                    self.logs, quit_line=None)
        rpc = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{rpc_port}/rpc", transport=BoundedTransport())
        wait_until(lambda: _answers(rpc), COMMAND_TIMEOUT_S, f"aria2 RPC of {name} answering")
        return Peer(proc, state={"rpc": rpc, "port": listen})

    def _status(self, peer, *keys):
        return peer.state["rpc"].aria2.tellStatus(f"token:{ARIA2_SECRET}", peer.state["gid"], list(keys))

    def _add(self, peer, options):
        peer.state["gid"] = peer.state["rpc"].aria2.addTorrent(f"token:{ARIA2_SECRET}", self.torrent, [], options)

    def start_seeders(self, n):
        peers = []
        for i in range(n):
            peer = self._daemon(f"aria2-seed{i}")
            self._add(peer, {"dir": self.payload.directory})
            wait_until(lambda: self._status(peer, "seeder")["seeder"] == "true",
                       self.payload.setup_timeout_s(), f"aria2-seed{i} seeding")
            self.seed_ports.append(peer.state["port"])
            peers.append(peer)
        return peers

    def start_leechers(self, n):
        peers = [self._daemon(f"aria2-leech{i}") for i in range(n)]
        everyone = self.seed_ports + [p.state["port"] for p in peers]
        tracker = Proc("aria2-tracker", [PY, FIXED_TRACKER, *[a for port in everyone
                                                                for a in ("--peer", f"127.0.0.1:{port}")]],
                       self.logs, quit_line=None)
        port = tracker.expect(r"^READY port=(\d+)", COMMAND_TIMEOUT_S)[1][1]
        self.tracker_url = f"http://127.0.0.1:{port}/announce"
        for i, peer in enumerate(peers):
            peer.state["save"] = os.path.join(self.work, f"aria2-leech{i}")
            os.makedirs(peer.state["save"])
            peer.dest = os.path.join(peer.state["save"], self.payload.name)
        return peers

    def uploaded(self, peer):
        return int(self._status(peer, "uploadLength")["uploadLength"])

    def begin(self, leecher):
        self._add(leecher, {"dir": leecher.state["save"], "bt-tracker": self.tracker_url})

    def completed_at(self, leecher):
        status = self._status(leecher, "status", "completedLength", "totalLength", "errorMessage")
        if status["status"] == "error":
            raise BenchError(f"{leecher.proc.name}: {status['errorMessage']}")
        if status["totalLength"] != "0" and status["completedLength"] == status["totalLength"]:
            return time.monotonic()
        return None


class BoundedTransport(xmlrpc.client.Transport):
    """xmlrpc.client waits forever by default; every RPC here gets RPC_TIMEOUT_S."""

    def make_connection(self, host):
        connection = super().make_connection(host)
        connection.timeout = RPC_TIMEOUT_S
        return connection


def _answers(rpc):
    try:
        rpc.aria2.getVersion(f"token:{ARIA2_SECRET}")
        return True
    except OSError:
        return False
