"""Turns the benchmark's samples into results.md (tables, command, machine) and the rate plot."""

import csv
import os
import statistics
import subprocess
from collections import defaultdict

GIB = 1 << 30
SYSTEMS = ("ours", "libtorrent", "aria2")
REFERENCES = ("libtorrent", "aria2")
RATE_BIN_S = 0.25  # plot resolution: finer bins make the per-peer lines unreadable


def human(size):
    return f"{size // GIB} GiB" if size % GIB == 0 else f"{size >> 20} MiB"


def spread(values, fmt="{:.3f}"):
    return " / ".join(fmt.format(v) for v in (min(values), statistics.median(values), max(values)))


def ratio(samples, system, reference):
    if system not in samples or reference not in samples:
        return "-"
    ours = statistics.median(s.seconds for s in samples[system])
    return f"{ours / statistics.median(s.seconds for s in samples[reference]):.2f}"


def hashing(bench):
    ours, lt = bench.hashing["ours"], bench.hashing["libtorrent"]
    how = ("(libtorrent: `create_torrent` + `set_piece_hashes`; ours: a fresh client's first `upload_file`, "
           "once its start-up warm-up is over, command to reply; min / median / max")
    head = "Hashing a file of the largest size, 512 KiB pieces (file in the page cache): "
    if ours:
        return (head + f"ours {spread(ours, '{:.2f}')} s, libtorrent {spread(lt, '{:.2f}')} s, "
                f"ours/libtorrent {statistics.median(ours) / statistics.median(lt):.2f} {how}; {len(ours)} "
                "pairs, libtorrent hashing right after each of our uploads).")
    if bench.payload_hashing is not None:
        return head + f"libtorrent {bench.payload_hashing:.2f} s {how}; ours did not upload it)."
    return head + "not measured."


def machine(load_at_start):
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    mem = next(line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    libtorrent = subprocess.run(["/usr/bin/python3", "-c", "import libtorrent; print(libtorrent.__version__)"],
                                capture_output=True, text=True, timeout=30).stdout.strip()
    aria2 = subprocess.run(["aria2c", "--version"], capture_output=True, text=True, timeout=30).stdout.split("\n")[0]
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    load = f"load average at the start {load_at_start}, at the end {load}"
    return (f"{cpu}, {os.cpu_count()} cores, {int(mem) >> 20} GiB RAM, Linux {os.uname().release}; "
            f"libtorrent {libtorrent} (python3-libtorrent), {aria2}; {load} "
            f"(other work shares these cores: compare systems within one run, not across runs)")


def by_case(bench, title, size):
    return {system: bench.samples[(title, size, system)] for system in SYSTEMS
            if (title, size, system) in bench.samples}


def times_table(bench, cases):
    rows = ["| case | size | ours s (min / median / max) | libtorrent s | aria2 s | ours/libtorrent | ours/aria2 |",
            "|---|---|---|---|---|---|---|"]
    for case in cases:
        for size in ([1 << 20] if case.latency else bench.args.sizes):
            samples = by_case(bench, case.title, size)
            cells = [spread([s.seconds for s in samples[n]]) if n in samples else "-" for n in SYSTEMS]
            rows.append(f"| {case.title} | {human(size)} | {' | '.join(cells)} | "
                        f"{ratio(samples, 'ours', 'libtorrent')} | {ratio(samples, 'ours', 'aria2')} |")
    return rows


def resources_table(bench, cases):
    rows = ["| case | size | system | downloader CPU s/GiB | of it system | seeders CPU s/GiB "
            "| downloader peak RSS MiB | seeders' upload / file size |", "|---|---|---|---|---|---|---|---|"]
    for case in cases:
        if case.latency:
            continue
        for size in bench.args.sizes:
            for system, samples in by_case(bench, case.title, size).items():
                gib = case.leechers * size / GIB
                rows.append(
                    f"| {case.title} | {human(size)} | {system} "
                    f"| {statistics.median(s.leecher_cpu_s for s in samples) / gib:.2f} "
                    f"| {statistics.median(s.leecher_sys_s for s in samples) / gib:.2f} "
                    f"| {statistics.median(s.seeder_cpu_s for s in samples) / gib:.2f} "
                    f"| {max(s.leecher_peak_rss_kib for s in samples) / 1024:.0f} "
                    f"| {statistics.median(s.seeder_uploaded for s in samples) / size:.2f} |")
    return rows


def rates_per_source(path):
    """{source: [(t, MB/s)]} from a CSV of cumulative bytes per source."""
    cumulative = defaultdict(list)
    with open(path) as f:
        for t, source, total in csv.reader(f):
            cumulative[source].append((float(t), int(total)))
    series = {}
    for source, points in cumulative.items():
        rates, last_t, last_b = [], 0.0, 0
        for t, total in points:
            if t - last_t >= RATE_BIN_S:
                rates.append((t, (total - last_b) / (t - last_t) / 1e6))
                last_t, last_b = t, total
        series[source] = rates
    return series


def plot(bench, case, out_png):
    """One panel per system that logged per-source bytes, in the 3-seeder case, largest size."""
    size = max(bench.args.sizes)
    logs = {n: s[-1].rate_log for n, s in by_case(bench, case.title, size).items()
            if s[-1].rate_log and os.path.exists(s[-1].rate_log)}
    if not logs:
        return "no per-source rate log was recorded"
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return "matplotlib missing (apt-get install python3-matplotlib)"
    figure, axes = plt.subplots(len(logs), 1, figsize=(8, 3.2 * len(logs)), squeeze=False)
    for axis, (system, path) in zip(axes[:, 0], logs.items()):
        for source, points in sorted(rates_per_source(path).items()):
            axis.plot([t for t, _ in points], [r for _, r in points], label=f"from {source}")
        axis.set_title(f"{system}: {case.title}, {human(size)}")
        axis.set_xlabel("seconds since the download command")
        axis.set_ylabel("MB/s")
        axis.legend(fontsize="small")
    figure.tight_layout()
    figure.savefig(out_png, dpi=90)
    return None


def write(bench, cases, load):
    three = next((c for c in cases if c.seeders == 3), None)
    png = os.path.join(bench.out, "rates-3-seeders.png")
    plot_note = plot(bench, three, png) if three else "the 3-seeder case did not run"
    lines = [
        f"Command: `{bench.args.command}`", "",
        f"Machine: {machine(bench.load_at_start)}", "",
        "Times run from the download command (ours: `download_file`; libtorrent: `connect_peer` + "
        "resume of a torrent added and checked before; aria2: `aria2.addTorrent` over RPC) until the "
        "download is complete "
        "and piece-verified (ours: the client's notice `download of ... complete`, printed as the download "
        "turns `[C]` in `show_downloads`, which is checked after it); process start-up, logins and the "
        "seeders' hashing are not included. Every downloaded file was then compared (SHA1) with the "
        f"payload. {bench.args.reps} repetition(s) per case, systems alternating; all on loopback, "
        "payload in the page cache.", "",
        f"ours: {'not available (' + bench.ours_unavailable + ')' if bench.ours_unavailable else 'ran'}", "",
        *times_table(bench, cases), "",
        "CPU is user+system seconds of each process tree during the download, per GiB downloaded. "
        "Seeders' upload is payload bytes by the system's own counter (libtorrent "
        "total_payload_upload, aria2 uploadLength); ours: bytes the seeder process wrote from the "
        "first download command on (/proc/<pid>/io wchar, so payload plus protocol overhead and logs).", "",
        *resources_table(bench, cases), "",
        hashing(bench), "",
        f"Tracker peer-list load: {load or 'not measured (needs our trackers; not in --smoke)'}", "",
        f"Rates per source peer, 3 seeders: {plot_note or os.path.basename(png)}",
    ]
    if bench.failures:
        lines += ["", "FAILURES:", *[f"- {f}" for f in bench.failures]]
    text = "\n".join(lines) + "\n"
    with open(os.path.join(bench.out, "results.md"), "w") as f:
        f.write(text)
    return text
