"""p2pshare through its real launchers: two trackers (`./tracker tracker_info.txt N`) and clients
(`./client IP:PORT tracker_info.txt`) driven by typing the seed's commands on their stdin.

Everything this file assumes about the client's output is in BANNER and REPLY below: a command succeeded
when a line matching its pattern arrives, failed on a line containing `error: `. Process
start-up (JVM, Hazelcast join, login) happens before the clock starts and is not timed."""

import itertools
import json
import os
import re
import time
import urllib.request

from procs import BenchError, Proc, free_port, wait_until
from systems import COMMAND_TIMEOUT_S, Peer

FAILED = r"(^|\s)error: "
PASSWORD = "bench-password"
CLUSTER_TIMEOUT_S = 120  # two JVMs forming a Hazelcast cluster on 2 busy cores
DETAIL_S = 0.25  # download_detail (per-peer bytes for the rate plot) is typed this often
RUN_IDS = itertools.count(1)
# A client's start-up ends with its wire-path warm-up (p2pshare.client.ClientCommand logs either line
# to <data-dir>/client.log); it takes 1-2 s here, a user's first upload_file comes later than that.
WARMED_UP = re.compile(r"wire path warmed up|wire path warm-up failed", re.M)
WARM_UP_TIMEOUT_S = 60


# The shell prints one reply per command line (several lines at most), errors as `error: ...`.
# A command succeeded when a line matching its pattern arrives; these follow the client's replies
# (p2pshare.client.*Commands), anything not listed only needs a non-blank line.
BANNER = r"^p2pshare client:"  # printed once the client is ready for commands
REPLY = {
    "create_user": r"^user \S+ created",
    "login": r"^logged in as ",
    "create_group": r"^group \S+ created",
    "join_group": r"^asked to join ",
    "accept_request": r" is now a member of ",
    "download_file": r"^downloading '",
}
PEER_GOT = re.compile(r"^peer (\S+) \((?:in|out)\)\s+got ([\d.]+) (B|KiB|MiB|GiB|TiB)")  # download_detail
UNITS = {"B": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40}


class OurTrackers:
    """Two clustered trackers for the whole benchmark (their start-up is never timed)."""

    def __init__(self, repo, work, logs):
        for launcher in ("tracker", "client"):
            if not os.access(os.path.join(repo, launcher), os.X_OK):
                raise BenchError(f"launcher {repo}/{launcher} not found (tracker/client branches not merged yet)")
        self.repo, self.logs = repo, logs
        self.ports = [free_port(), free_port()]
        self.info = os.path.join(work, "tracker_info.txt")
        with open(self.info, "w") as f:
            f.writelines(f"127.0.0.1:{port} {free_port()}\n" for port in self.ports)
        self.procs = [Proc(f"tracker{n}", [os.path.join(repo, "tracker"), self.info, str(n),
                                           "--data-dir", os.path.join(work, f"tracker{n}")], logs, cwd=repo)
                      for n in (1, 2)]
        wait_until(lambda: self._members() == 2, CLUSTER_TIMEOUT_S, "both trackers up and clustered", 0.5)

    def url(self, path):
        return f"http://127.0.0.1:{self.ports[0]}{path}"

    def _members(self):
        try:
            with urllib.request.urlopen(self.url("/api/health"), timeout=2) as r:
                return json.load(r).get("members")
        except OSError:
            for proc in self.procs:
                if proc.popen.poll() is not None:
                    raise BenchError(f"{proc.name} exited ({proc.popen.returncode}); see {proc.log_path}")
            return None


class Ours:
    name = "ours"

    def __init__(self, payload, work, logs, trackers):
        self.payload, self.work, self.logs, self.trackers = payload, work, logs, trackers
        self.group = f"bench{os.getpid()}x{next(RUN_IDS)}"
        self.owner = None
        self.users = itertools.count()
        self.hash_seconds = None
        self.seeders = []

    def _command(self, peer, line, expect=None, timeout_s=COMMAND_TIMEOUT_S, seen=lambda arrived, line: None):
        proc = peer.proc
        while proc.next_line(time.monotonic()) is not None:
            pass  # whatever an earlier command printed after its matched line
        proc.send(line)
        return proc.expect(expect or REPLY.get(line.split()[0], r"\S"), timeout_s, FAILED, seen)

    def _clients(self, role, n):
        """Starts n clients at once (JVM start-ups overlap), then gives each a user in the group."""
        peers = []
        for i in range(n):
            user = f"{self.group}{role}{next(self.users)}"
            proc = Proc(f"ours-{role}{i}", [os.path.join(self.trackers.repo, "client"), f"127.0.0.1:{free_port()}",
                                              self.trackers.info, "--data-dir", os.path.join(self.logs, user)],
                        self.logs, cwd=self.trackers.repo)
            peers.append(Peer(proc, state={"user": user}))
        for peer in peers:
            peer.proc.expect(BANNER, COMMAND_TIMEOUT_S, FAILED)
            self._join(peer, peer.state["user"])
        return peers

    def _join(self, peer, user):
        self._command(peer, f"create_user {user} {PASSWORD}")
        self._command(peer, f"login {user} {PASSWORD}")
        if self.owner is None:
            self.owner = peer
            self._command(peer, f"create_group {self.group}")
        else:
            self._command(peer, f"join_group {self.group}")
            self._command(self.owner, f"accept_request {self.group} {user}")

    def start_seeders(self, n):
        peers = self._clients("seed", n)
        for peer in peers:  # start-up is not timed: no upload shares the cores with a warm-up
            wait_until(lambda: self._warmed_up(peer), WARM_UP_TIMEOUT_S, f"{peer.proc.name}'s start-up warm-up", 0.05)
        for peer in peers:
            started = time.monotonic()
            self._command(peer, f"upload_file {self.payload.path} {self.group}", re.escape(self.payload.name),
                          self.payload.setup_timeout_s())
            self.hash_seconds = self.hash_seconds or time.monotonic() - started  # the first: nothing cached yet
        self.seeders = peers
        return peers

    def _warmed_up(self, peer):
        try:
            with open(os.path.join(self.logs, peer.state["user"], "client.log")) as log:
                return WARMED_UP.search(log.read()) is not None
        except FileNotFoundError:
            return False

    def start_leechers(self, n):
        peers = self._clients("leech", n)
        for i, peer in enumerate(peers):
            peer.state["save"] = os.path.join(self.work, f"ours-leech{i}")
            os.makedirs(peer.state["save"])
            peer.dest = os.path.join(peer.state["save"], self.payload.name)
        return peers

    def uploaded(self, peer):
        # No upload counter in the shell: what the seeder wrote since the first download began (a
        # client's start-up warm-up writes 56 MiB of its own before that).
        return peer.proc.usage().written - peer.state.get("written_before", 0)

    def begin(self, leecher):
        for seeder in self.seeders:
            seeder.state.setdefault("written_before", seeder.proc.usage().written)
        leecher.state["started"] = time.monotonic()
        leecher.state["detailed"] = 0.0
        leecher.state["completed"] = None
        leecher.rate_log = os.path.join(self.logs, f"{leecher.proc.name}-rates.csv")
        # A small file's completion notice may come before the reply.
        self._command(leecher, f"download_file {self.group} {self.payload.name} {leecher.state['save']}",
                      seen=lambda arrived, line: self._outcome(leecher, arrived, line))

    def _outcome(self, leecher, arrived, line):
        """Notes the notice the client prints when the download completes (or raises on failure)."""
        prefix = f"download of '{self.payload.name}' in {self.group} "
        if line.startswith(prefix + "failed"):
            raise BenchError(f"{leecher.proc.name}: {line.strip()}")
        if line.startswith(prefix + "complete: "):
            leecher.state["completed"] = arrived

    def completed_at(self, leecher):
        """The arrival of the notice the client prints as the download turns [C] in show_downloads
        (`download of '<name>' in <group> complete: <path>`), then checked in show_downloads; types
        download_detail (bytes got per peer, for the rate plot) every DETAIL_S meanwhile."""
        now = time.monotonic()
        if leecher.state["completed"] is None and now - leecher.state["detailed"] >= DETAIL_S:
            leecher.state["detailed"] = now
            leecher.proc.send(f"download_detail {self.group} {self.payload.name}")
        with open(leecher.rate_log, "a") as rates:
            while leecher.state["completed"] is None and (item := leecher.proc.next_line(now)) is not None:
                arrived, line = item
                if got := PEER_GOT.search(line):
                    rates.write(f"{arrived - leecher.state['started']:.3f},{got[1]},{_bytes(got[2], got[3])}\n")
                self._outcome(leecher, arrived, line)
        if leecher.state["completed"] is None:
            return None
        self._command(leecher, "show_downloads", rf"\[C\]\s+\[{self.group}\]\s+{re.escape(self.payload.name)}\s")
        return leecher.state["completed"]


def _bytes(number, unit):
    return int(float(number) * UNITS[unit])
