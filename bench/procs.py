"""Started processes, tracked so every one of them is stopped, with bounded waits on their output
and their resource use read from /proc (CPU seconds, bytes written, peak RSS)."""

import os
import queue
import random
import re
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
STOP_GRACE_S = 5  # a polite `quit` gets this long before SIGKILL of the whole process group
STARTED = []


class BenchError(Exception):
    """A step of the benchmark did not happen in time or went wrong; the message says which."""


def _ephemeral_range():
    with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
        low, high = map(int, f.read().split())
    return low, high


_HANDED_OUT = set()


def free_port():
    """A port nothing listens on, below the kernel's ephemeral range. Port 0 would hand out one
    from that range, which any outgoing connection (a client dialing a tracker, say) may take
    between this check and the listener's own bind: a seeder once failed with "Address already in
    use" so. Below the range only another listener can collide, and the bind below rules that out."""
    low, _ = _ephemeral_range()
    candidates = [p for p in range(max(1024, low - 12000), low) if p not in _HANDED_OUT]
    random.shuffle(candidates)
    for port in candidates:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        _HANDED_OUT.add(port)
        return port
    with socket.socket() as s:  # no room below the range on this machine: take the kernel's pick
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Usage:
    cpu_s: float  # user + system CPU of the process and its descendants
    sys_s: float  # the system part of it (the kernel: socket and page-cache copies, page faults)
    written: int  # /proc/<pid>/io wchar: write/writev/sendfile bytes (sendmsg is not counted)
    peak_rss_kib: int  # largest VmHWM in the tree (the JVM under a launcher script, say)

    def minus(self, earlier):
        return Usage(self.cpu_s - earlier.cpu_s, self.sys_s - earlier.sys_s, self.written - earlier.written,
                     self.peak_rss_kib)


def _read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""  # the process ended between listing and reading


def _tree(root):
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _read(f"/proc/{entry}/stat")
            if stat:
                children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo.extend(children.get(pid, []))
    return pids


def usage_of(root):
    cpu, sys_cpu, written, peak = 0.0, 0.0, 0, 0
    for pid in _tree(root):
        fields = _read(f"/proc/{pid}/stat").rsplit(")", 1)[-1].split()
        if len(fields) > 12:
            cpu += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime
            sys_cpu += int(fields[12]) / CLOCK_TICKS
        io = re.search(r"^wchar: (\d+)", _read(f"/proc/{pid}/io"), re.M)
        written += int(io.group(1)) if io else 0
        hwm = re.search(r"^VmHWM:\s+(\d+)", _read(f"/proc/{pid}/status"), re.M)
        peak = max(peak, int(hwm.group(1)) if hwm else 0)
    return Usage(cpu, sys_cpu, written, peak)


class Proc:
    """One started process: stdin to type into, stdout lines timestamped on arrival, stderr and
    stdout copied to <log_dir>/<name>.log."""

    def __init__(self, name, argv, log_dir, cwd=None, quit_line="quit"):
        self.name = name
        self.quit_line = quit_line
        self.log_path = os.path.join(log_dir, f"{name}.log")
        self.log = open(self.log_path, "w", buffering=1)
        self.popen = subprocess.Popen(
            argv, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log,
            text=True, bufsize=1, start_new_session=True)  # own process group: killable as a whole
        STARTED.append(self)
        self.lines = queue.Queue()
        self.tail = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for line in self.popen.stdout:
            line = line.rstrip("\n")
            self.log.write(line + "\n")
            self.lines.put((time.monotonic(), line))
        self.lines.put((time.monotonic(), None))

    @property
    def pid(self):
        return self.popen.pid

    def send(self, line):
        try:
            self.popen.stdin.write(line + "\n")
            self.popen.stdin.flush()
        except (BrokenPipeError, ValueError):
            raise BenchError(f"{self.name} is gone (exit {self.popen.poll()}); see {self.log_path}")

    def next_line(self, deadline):
        """(arrival time, line) or None at the deadline; raises if the process ended."""
        try:
            arrived, line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            return None
        if line is None:
            self.lines.put((arrived, None))
            raise BenchError(f"{self.name} exited ({self.popen.wait()}); last lines: {self.tail[-5:]}; "
                             f"see {self.log_path}")
        self.tail = self.tail[-20:] + [line]
        return arrived, line

    def expect(self, pattern, timeout_s, fail_pattern=None, seen=lambda arrived, line: None):
        """Waits for a stdout line matching pattern; returns (arrival time, match). seen(arrived,
        line) is told every line on the way, the matching one included."""
        deadline = time.monotonic() + timeout_s
        while (item := self.next_line(deadline)) is not None:
            arrived, line = item
            seen(arrived, line)
            if fail_pattern and re.search(fail_pattern, line):
                raise BenchError(f"{self.name}: {line.strip()}")
            if match := re.search(pattern, line):
                return arrived, match
        raise BenchError(f"{self.name}: no line matching /{pattern}/ within {timeout_s:.0f} s; "
                         f"last lines: {self.tail[-5:]}; see {self.log_path}")

    def usage(self):
        return usage_of(self.pid)

    def ask_to_stop(self):
        """`quit` (or EOF) for programs that read commands, SIGTERM to the group for the others."""
        if self.popen.poll() is not None:
            return
        try:
            if self.quit_line:
                self.send(self.quit_line)
                self.popen.stdin.close()
            else:
                os.killpg(self.pid, signal.SIGTERM)
        except (BenchError, OSError):
            pass

    def kill(self):
        """SIGKILL to the whole process group (a launcher script and the JVM it started)."""
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.popen.wait(STOP_GRACE_S)
        if self in STARTED:
            STARTED.remove(self)


def _group_alive(pgid):
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


def stop_all(procs=None):
    """Asks every process to stop at once, gives them STOP_GRACE_S together, then kills the rest."""
    procs = list(procs if procs is not None else STARTED)
    for proc in procs:
        proc.ask_to_stop()
    deadline = time.monotonic() + STOP_GRACE_S
    while time.monotonic() < deadline and any(p.popen.poll() is None or _group_alive(p.pid) for p in procs):
        time.sleep(0.05)
    for proc in procs:
        proc.kill()


def wait_until(condition, timeout_s, what, poll_s=0.05):
    """Polls condition() until it returns something truthy; raises BenchError at the deadline."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(poll_s)
    raise BenchError(f"{what} did not happen within {timeout_s:.0f} s")
