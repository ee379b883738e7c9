#!/usr/bin/python3
"""Side-by-side download benchmark: p2pshare against libtorrent and aria2 on loopback.
Run through bench/swarm.sh (which documents the options); writes <out>/results.md."""

import argparse
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

import procs
from ours import OurTrackers, Ours
from procs import BenchError
from report import SYSTEMS
from systems import LT_PEER, PY, Aria2, Libtorrent, Payload

GIB = 1 << 30
MIB = 1 << 20
POLL_S = 0.01  # completion polling; libtorrent's time comes from its own COMPLETE line instead


@dataclass(frozen=True)
class Case:
    title: str
    seeders: int
    leechers: int
    latency: bool = False  # runs on the 1 MiB payload only


CASES = [
    Case("1 seeder -> 1 downloader", 1, 1),
    Case("3 seeders -> 1 downloader", 3, 1),
    Case("1 seeder -> 4 downloaders (until the last)", 1, 4),
    Case("1 MiB file: command -> complete", 1, 1, latency=True),
]


@dataclass(frozen=True)
class Sample:
    seconds: float  # first command typed -> last downloader complete
    leecher_cpu_s: float
    leecher_sys_s: float
    seeder_cpu_s: float
    seeder_uploaded: int  # payload bytes the seeders sent, by their own count
    leecher_peak_rss_kib: int
    rate_log: str


def parse_size(text):
    units = {"K": 1 << 10, "M": MIB, "G": GIB}
    return int(float(text[:-1]) * units[text[-1].upper()]) if text[-1].upper() in units else int(text)


def human(size):
    return f"{size // GIB} GiB" if size % GIB == 0 else f"{size // MIB} MiB"


def file_sha1(path):
    digest = hashlib.sha1()
    with open(path, "rb") as f:
        while chunk := f.read(4 * MIB):
            digest.update(chunk)
    return digest.hexdigest()


def make_payload(directory, size):
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, f"payload-{human(size).replace(' ', '')}.bin")
    with open(path, "wb") as f:
        for offset in range(0, size, 4 * MIB):
            f.write(os.urandom(min(4 * MIB, size - offset)))
    torrent, info = path + ".torrent", path + ".info"
    seconds = make_torrent(path, torrent, info, "--whole-sha1")
    return Payload(path, size, file_sha1(path), torrent, info, seconds)


def make_torrent(path, torrent, info, *flags):
    """libtorrent's create_torrent + set_piece_hashes on path; returns its hashing seconds."""
    made = subprocess.run([PY, LT_PEER, "make-torrent", "--data", path, "--out", torrent, "--info-out", info,
                           "--private", *flags], capture_output=True, text=True, timeout=600)
    if made.returncode != 0:
        raise BenchError(f"make-torrent failed: {made.stdout.strip()} {made.stderr.strip()}")
    return float(made.stdout.split("seconds=")[1])


def verify(path, payload):
    if not os.path.exists(path):
        raise BenchError(f"{path} is missing")
    size, sha1 = os.path.getsize(path), file_sha1(path)
    if size != payload.size or sha1 != payload.sha1:
        raise BenchError(f"{path} does not match the payload ({size} bytes, sha1 {sha1})")


def run_case(system, payload, case, settle_s):
    """One repetition of one case with one system; every process it started is stopped after."""
    before_procs = set(procs.STARTED)
    try:
        seeders = system.start_seeders(case.seeders)
        leechers = system.start_leechers(case.leechers)
        everyone = seeders + leechers
        time.sleep(settle_s)  # see --settle
        before = {peer: peer.proc.usage() for peer in everyone}
        started = time.monotonic()
        for leecher in leechers:  # "starting together": one command each, back to back
            system.begin(leecher)
        finished = {}
        deadline = started + payload.download_timeout_s(case.leechers)
        while len(finished) < len(leechers):
            for leecher in leechers:
                if leecher not in finished and (at := system.completed_at(leecher)):
                    finished[leecher] = at
            if time.monotonic() > deadline:
                raise BenchError(f"{system.name}: {len(finished)}/{len(leechers)} downloads complete "
                                 f"after {deadline - started:.0f} s")
            time.sleep(POLL_S)
        used = {peer: peer.proc.usage().minus(before[peer]) for peer in everyone}
        for leecher in leechers:
            verify(leecher.dest, payload)
        return Sample(
            seconds=max(finished.values()) - started,
            leecher_cpu_s=sum(used[p].cpu_s for p in leechers),
            leecher_sys_s=sum(used[p].sys_s for p in leechers),
            seeder_cpu_s=sum(used[p].cpu_s for p in seeders),
            seeder_uploaded=sum(system.uploaded(p) for p in seeders),
            leecher_peak_rss_kib=max(used[p].peak_rss_kib for p in leechers),
            rate_log=leechers[0].rate_log)
    finally:
        procs.stop_all([p for p in procs.STARTED if p not in before_procs])
        for entry in os.listdir(system.work):
            if "leech" in entry:
                shutil.rmtree(os.path.join(system.work, entry), ignore_errors=True)


class Bench:
    def __init__(self, args):
        self.args = args
        self.out = os.path.abspath(args.out)
        self.logs = os.path.join(self.out, "logs")
        self.work = os.path.join(self.out, "work")
        os.makedirs(self.logs, exist_ok=True)
        os.makedirs(self.work, exist_ok=True)
        self.samples = {}  # (case title, size, system) -> [Sample]
        self.ours_trackers = None
        self.ours_unavailable = None if "ours" in args.systems else "not requested (--systems)"
        # system -> [seconds], for the largest payload: each of our repetitions' first upload_file,
        # each followed at once by libtorrent hashing the same file (pairs taken at the same moment)
        self.hashing = {"ours": [], "libtorrent": []}
        self.payload_hashing = None  # libtorrent's hashing as it made the largest payload's torrent
        self.failures = []
        self.load_at_start = " ".join(f"{x:.1f}" for x in os.getloadavg())

    def start_ours(self):
        if self.ours_unavailable:
            return
        try:
            self.ours_trackers = OurTrackers(self.args.repo, self.work, self.logs)
        except BenchError as e:
            self.ours_unavailable = str(e)
            print(f"ours: not available ({e})", flush=True)

    def systems(self, payload, logs):
        os.makedirs(logs)
        made = {"libtorrent": Libtorrent, "aria2": Aria2}
        if not self.ours_unavailable:
            made["ours"] = lambda *args: Ours(*args, self.ours_trackers)
        return [made[name](payload, self.work, logs) for name in SYSTEMS
                if name in self.args.systems and name in made]

    def run(self, payload, case):
        slug = "".join(c if c.isalnum() else "-" for c in case.title.split(" (")[0].split(":")[0]).strip("-")
        for rep in range(self.args.reps):
            systems = self.systems(payload, os.path.join(self.logs, f"{slug}-{human(payload.size).replace(' ', '')}-rep{rep + 1}"))
            if not systems:
                return  # only ours was asked for, and it cannot run (said when it failed)
            shift = rep % len(systems)  # alternate which system goes first
            for system in systems[shift:] + systems[:shift]:
                try:
                    sample = run_case(system, payload, case, self.args.settle)
                except BenchError as e:
                    if system.name == "ours":
                        self.ours_unavailable = f"{case.title}: {e}"
                        print(f"ours: not available ({e})", flush=True)
                        continue
                    self.failures.append(f"{system.name} / {case.title} / {human(payload.size)}: {e}")
                    print(f"FAILED {self.failures[-1]}", flush=True)
                    continue
                self.samples.setdefault((case.title, payload.size, system.name), []).append(sample)
                if system.name == "ours" and system.hash_seconds and payload.size == max(self.args.sizes):
                    self.hashing["ours"].append(system.hash_seconds)
                    scratch = os.path.join(self.work, "hashing")
                    self.hashing["libtorrent"].append(make_torrent(payload.path, scratch + ".torrent",
                                                                   scratch + ".info"))
                print(f"{case.title:45} {human(payload.size):>8} {system.name:10} rep {rep + 1}: "
                      f"{sample.seconds:7.3f} s  verified  downloaders' CPU {sample.leecher_cpu_s:.2f} s "
                      f"(system {sample.leecher_sys_s:.2f})  (load {os.getloadavg()[0]:.1f})", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="+", type=parse_size, default=[GIB, 256 * MIB])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--cases", nargs="+", type=int, choices=range(1, len(CASES) + 1),
                        help="run only these cases (1-based, in the order of CASES)")
    parser.add_argument("--smoke", action="store_true", help="16 MiB, one repetition, no settle, no load test")
    parser.add_argument("--settle", type=float, default=5.0,
                        help="seconds every system's swarm waits, set up, before its clock starts: this VM "
                             "hands memory freed ~2 s ago back to its host, and memory touched for the first "
                             "time after that costs ~2.4 s of kernel time per GiB, so without the wait a "
                             "system set up faster writes into memory the previous run just freed")
    parser.add_argument("--systems", nargs="+", choices=SYSTEMS, default=list(SYSTEMS),
                        help="run only these (e.g. `ours` alone to compare two builds or JVM flags)")
    parser.add_argument("--require-ours", action="store_true", help="fail if our system cannot run")
    parser.add_argument("--repo", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser.add_argument("--out", default="bench/out")
    parser.add_argument("--command", default="bench/swarm.sh", help="recorded in results.md")
    args = parser.parse_args()
    if args.smoke:
        args.sizes, args.reps, args.settle = [16 * MIB], 1, 0.0
    cases = [case for i, case in enumerate(CASES, 1) if not args.cases or i in args.cases]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally: stop every process

    import report  # matplotlib is imported lazily inside; keep start-up cheap
    bench = Bench(args)
    try:
        bench.start_ours()
        payloads = os.path.join(bench.work, "payload")
        latency = make_payload(payloads, MIB)  # also the file the tracker load test registers
        for size in args.sizes if any(not case.latency for case in cases) else []:
            payload = make_payload(payloads, size)
            if size == max(args.sizes):
                bench.payload_hashing = payload.hash_seconds
            for case in cases:
                if not case.latency:
                    bench.run(payload, case)
            os.remove(payload.path)
        for case in cases:
            if case.latency:
                bench.run(latency, case)
        load = None
        if not args.smoke and bench.ours_trackers:  # needs only the trackers, not the client
            import tracker_load
            load = tracker_load.measure(bench.ours_trackers, latency, bench.logs)
        text = report.write(bench, cases, load)
        print(text)
    finally:
        procs.stop_all()
    if bench.failures or (args.require_ours and bench.ours_unavailable):
        print(f"bench: {len(bench.failures)} failure(s); ours: {bench.ours_unavailable or 'ran'}")
        sys.exit(1)


if __name__ == "__main__":
    main()
