"""Peer-list requests per second and p99 latency of our tracker at 100 concurrent connections,
measured with wrk (Debian `wrk`) against GET /api/swarm/:infoHash/peers?group=g. The measured run
follows a warm-up run at the same load: until the JIT has compiled the request path and the heap
has grown to the load, a tracker answers at about two thirds of its rate with a p99 4-5x longer
(the first run here: 20,160 requests/s, p99 53 ms; the next two 29,001 and 30,841, p99 12.5 and
11.0 ms). Both are reported."""

import base64
import json
import os
import re
import shutil
import subprocess
import urllib.error
import urllib.request

CONNECTIONS = 100
DURATION = "10s"
WRK_TIMEOUT_S = 60


def call(trackers, method, path, body=None, token=None):
    request = urllib.request.Request(trackers.url(path), method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)
    except urllib.error.HTTPError as e:
        raise RuntimeError(f"{method} {path}: {e.code} {e.read().decode(errors='replace').strip()}")


def swarm_url(trackers, payload):
    """Registers a user, a group, the payload's file and one online peer; returns (url, token)."""
    user, group, password = f"load{os.getpid()}", f"load{os.getpid()}", "bench-password"
    call(trackers, "POST", "/api/users", {"user": user, "password": password})
    token = call(trackers, "POST", "/api/sessions", {"user": user, "password": password})["token"]
    call(trackers, "POST", "/api/groups", {"group": group}, token)
    with open(payload.info, "rb") as f:
        info = base64.b64encode(f.read()).decode()
    info_hash = call(trackers, "POST", f"/api/groups/{group}/files", {"info": info}, token)["infoHash"]
    call(trackers, "POST", "/api/announce", {"address": "127.0.0.1:6881", "announces": [
        {"group": group, "infoHash": info_hash, "complete": True, "event": "started"}]}, token)
    return trackers.url(f"/api/swarm/{info_hash}/peers?group={group}"), token


def measure(trackers, payload, logs):
    if not shutil.which("wrk"):
        return "not measured (wrk missing: apt-get install wrk)"
    try:
        url, token = swarm_url(trackers, payload)
    except (RuntimeError, OSError, KeyError) as e:
        return f"not measured (setting up the swarm failed: {e})"
    cold = wrk(url, token, logs, "wrk-warm-up.log")
    warm = wrk(url, token, logs, "wrk.log")
    if isinstance(warm, str):
        return warm
    how = f"wrk -t2 -c{CONNECTIONS} -d{DURATION} --latency, on the same 2 cores as both trackers"
    first = (f"; the warm-up run before it, the tracker's first load: {cold[0]:.0f} requests/s, p99 {cold[1]}"
             if not isinstance(cold, str) else "")
    return f"{warm[0]:.0f} requests/s, p99 {warm[1]} at {CONNECTIONS} connections{warm[2]} ({how}{first})"


def wrk(url, token, logs, log_name):
    """One wrk run: (requests/s, p99 text, note on errors), or a string saying why it failed."""
    run = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency",
                          "-H", f"Authorization: Bearer {token}", url],
                         capture_output=True, text=True, timeout=WRK_TIMEOUT_S)
    with open(os.path.join(logs, log_name), "w") as f:
        f.write(run.stdout + run.stderr)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", run.stdout)
    p99 = re.search(r"^\s+99%\s+(\S+)", run.stdout, re.M)
    if run.returncode != 0 or not rate or not p99:
        return f"not measured (wrk failed; see {logs}/{log_name})"
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", run.stdout)
    return float(rate.group(1)), p99.group(1), f", {errors.group(1)} non-2xx responses" if errors else ""
