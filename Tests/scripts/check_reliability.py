#!/usr/bin/env python3
"""Reliability of `orbis serve` under faults and load, on the real process and directories.

- kill -9 at random moments of publish cycles: after each restart every published directory
  is complete (all files present, stats.json parseable), `latest` points to a complete
  report, temporary directories are cleaned up, and no report once published is lost;
- a storm of 100 SIGHUPs in one second: still serving, the last configuration in force;
- least privilege: no network socket (from /proc), report files 0640 and directories 0750,
  nothing written outside the reports and state directories and the metrics file;
- a full file system for the reports (a small tmpfs, when run as root): the run fails with a
  clear log line and STATUS=, latest untouched, no partial directory, and the next run after
  space is freed succeeds without a restart; the reports directory replaced by a file, then
  back;
- 10,000 small files dropped at once: runs coalesce (inotify may overflow: a rescan);
- a change every 2 s for LOAD seconds: runs coalesce, open descriptors and RssAnon after the
  load within 10% of their level after 10 runs, no CPU between runs.

Usage: check_reliability.py ORBIS [--cycles N] [--load SECONDS] [--files N]
Prints a table of what was tried and what happened.
"""
import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_serve as serve  # noqa: E402
from check_serve import Daemon, check, config, proc_status, published, staff_file  # noqa: E402

FILES = ["report.xlsx", "stats.json", "summary.md", "summary.txt"]
TABLE = []


def row(fault, tried, result):
    TABLE.append((fault, tried, result))


def data_runs(log):
    """Runs started by a data change: one `read …` line each."""
    return sum(1 for line in log.splitlines()
               if line.startswith("<6>read ") and "run.reason=data changed" in line)


def complete(directory):
    try:
        names = sorted(os.listdir(directory))
        if names != FILES:
            return False
        json.load(open(f"{directory}/stats.json"))
        with open(f"{directory}/report.xlsx", "rb") as f:
            return f.read(2) == b"PK"
    except (OSError, ValueError):
        return False


def audit(root):
    """(complete published, incomplete published, temporary dirs, latest complete)."""
    base = f"{root}/reports/default"
    good, bad, temps = [], [], []
    if os.path.isdir(base):
        for name in os.listdir(base):
            path = f"{base}/{name}"
            if name.startswith(".tmp"):
                temps.append(name)
            elif name != "latest":
                (good if complete(path) else bad).append(name)
    latest = os.path.islink(f"{base}/latest") and complete(os.path.realpath(f"{base}/latest"))
    return good, bad, temps, latest


def kill_cycles(orbis, root, cycles):
    config(root, settle=0.2, retention=100000)
    # A bigger roster makes a run last long enough for kills to land inside it.
    with open(f"{root}/data/staff-big.csv", "w") as f:
        f.write("id,nationality,unit,category,start_date,end_date,fte\n")
        for i in range(60000):
            f.write(f"B{i},{'FR' if i % 3 else 'DE'},LAPP,engineer,2020-01-01,,1\n")
    seen = set()
    incomplete = not_latest = lost = killed_mid_run = 0
    for cycle in range(cycles):
        d = Daemon(orbis, root)
        if not d.wait_for("READY=1", 30):
            check(f"cycle {cycle}: READY=1", False)
            d.process.kill()
            break
        good, bad, temps, latest = audit(root)
        incomplete += len(bad)
        lost += len(seen - set(good))
        not_latest += 0 if (latest or not good) else 1
        if temps:
            check(f"cycle {cycle}: temporary directories removed at start", False, temps)
        seen |= set(good)
        staff_file(f"{root}/data/staff-kill.csv", 20 + cycle, cycle)
        time.sleep(random.uniform(0.1, 1.2))
        d.process.send_signal(signal.SIGKILL)
        d.process.wait()
        d.closed = True
        if audit(root)[2]:
            killed_mid_run += 1
    d = Daemon(orbis, root)
    d.wait_for("READY=1", 30)
    time.sleep(1)
    good, bad, temps, latest = audit(root)
    d.stop()
    os.remove(f"{root}/data/staff-big.csv")
    os.remove(f"{root}/data/staff-kill.csv")
    lost += len(seen - set(good))
    check(f"kill -9 × {cycles}: every published directory complete", not bad and incomplete == 0,
          bad)
    check("kill -9: latest always points to a complete report", latest and not_latest == 0)
    check("kill -9: temporary directories cleaned up at start", not temps, temps)
    check("kill -9: no published report lost", lost == 0, f"{lost} lost")
    row("kill -9 at random moments",
        f"{cycles} cycles ({killed_mid_run} left a temporary directory)",
        f"{len(good)} reports, 0 incomplete, {lost} lost, latest complete" if latest else "FAILED")


def sighup_storm(orbis, root):
    config(root, settle=0.2)
    d = Daemon(orbis, root)
    d.wait_for("READY=1", 30)
    for i in range(100):
        config(root, settle=0.2, extra_report=f"storm{i % 7}" if i < 99 else "last")
        d.process.send_signal(signal.SIGHUP)
        time.sleep(0.01)
    ok = serve.wait_published(root, 1, 15, report="last")
    alive = d.process.poll() is None
    check("100 SIGHUPs in a second: still serving", alive)
    check("100 SIGHUPs: the last configuration is in force", ok)
    code, _ = d.stop()
    row("100 SIGHUPs in one second", "configs alternating, the last adds a report",
        "still serving, last config in force" if alive and ok else "FAILED")


def least_privilege(orbis, root):
    config(root, settle=0.2)
    before = set()
    for dirpath, dirnames, filenames in os.walk(root):
        before |= {os.path.join(dirpath, n) for n in filenames}
    d = Daemon(orbis, root)
    d.wait_for("READY=1", 30)
    staff_file(f"{root}/data/staff-priv.csv", 5, 5)
    serve.wait_published(root, len(published(root)) + 1, 10)
    pid = d.process.pid
    sockets = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            sockets.add(target[8:-1])
    network = set()
    for table in ["tcp", "tcp6", "udp", "udp6", "raw", "raw6"]:
        try:
            with open(f"/proc/{pid}/net/{table}") as f:
                for line in f.readlines()[1:]:
                    network.add(line.split()[9])
        except OSError:
            pass
    check("no network socket open (from /proc)", not (sockets & network),
          f"{len(sockets)} sockets, all AF_UNIX")
    latest = os.path.realpath(f"{root}/reports/default/latest")
    modes = {oct(os.stat(f"{latest}/{n}").st_mode & 0o7777) for n in FILES}
    dir_mode = oct(os.stat(latest).st_mode & 0o7777)
    check("report files 0640, directories 0750", modes == {"0o640"} and dir_mode == "0o750",
          f"{dir_mode} {modes}")
    d.stop()
    written = []
    for dirpath, dirnames, filenames in os.walk(root):
        for n in filenames:
            path = os.path.join(dirpath, n)
            if path in before or path.startswith(f"{root}/reports/") or path.startswith(
                    f"{root}/state/") or path in (f"{root}/orbis.prom", f"{root}/serve.log",
                                                  f"{root}/data/staff-priv.csv"):
                continue
            written.append(path)
    check("nothing written outside reports, state and the metrics file", not written, written)
    row("least privilege", "sockets from /proc, modes, files written",
        f"{len(sockets)} AF_UNIX socket(s), no network; files 0640, dirs 0750; "
        f"{len(written)} files outside reports/state/metrics")


def full_disk(orbis, root):
    if os.geteuid() != 0:
        row("reports on a full file system", "skipped (needs root to mount a tmpfs)", "-")
        return
    reports = f"{root}/reports"
    shutil.rmtree(reports, ignore_errors=True)
    os.makedirs(reports)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", reports], check=True)
    try:
        config(root, settle=0.2)
        d = Daemon(orbis, root)
        d.wait_for("READY=1", 30)
        serve.wait_published(root, 1, 15)
        before = audit(root)
        with open(f"{reports}/filler", "wb") as f:
            try:
                while True:
                    f.write(b"\0" * 65536)
            except OSError:
                pass
        mark = len(d.messages)
        staff_file(f"{root}/data/staff-full.csv", 30, 30)
        failed = d.wait_for("last error: default:", 10, mark)
        log = d.log_text()
        after = audit(root)
        check("full disk: the run fails with a clear reason",
              failed and "No space left on device" in log and "free space" in log)
        check("full disk: latest untouched, no partial or temporary directory",
              after[3] and after[0] == before[0] and not after[1] and not after[2],
              after[1:3])
        os.remove(f"{reports}/filler")
        ok = serve.wait_published(root, len(before[0]) + 1, 10)
        check("full disk: once space is freed the retry publishes, no restart", ok
              and d.process.poll() is None)
        d.stop()
        row("reports on a full file system (3 MiB tmpfs)", "filled, data changed, space freed",
            "run failed (ENOSPC in log and STATUS=), latest untouched, no partial directory; "
            "published by the retry" if failed and ok else "FAILED")
    finally:
        subprocess.run(["umount", reports])


def reports_replaced(orbis, root):
    config(root, settle=0.2)
    d = Daemon(orbis, root)
    d.wait_for("READY=1", 30)
    time.sleep(0.5)
    os.rename(f"{root}/reports", f"{root}/reports.away")
    with open(f"{root}/reports", "w") as f:
        f.write("not a directory\n")
    mark = len(d.messages)
    staff_file(f"{root}/data/staff-away.csv", 3, 3)
    failed = d.wait_for("last error: default:", 10, mark)
    check("reports directory replaced by a file: the run fails and says why", failed
          and "check that the reports directory exists" in d.log_text())
    os.remove(f"{root}/reports")
    os.rename(f"{root}/reports.away", f"{root}/reports")
    mark = len(d.messages)
    ok = d.wait_for("last error: none", 15, mark)
    check("reports directory back: recovered by itself (retry)", ok and d.process.poll() is None)
    d.stop()
    row("reports directory replaced by a file, then back", "while serving",
        "failed with the reason, recovered by the retry" if failed and ok else "FAILED")


def many_files(orbis, root, count):
    config(root, settle=1.0)
    d = Daemon(orbis, root)
    d.wait_for("READY=1", 30)
    time.sleep(0.5)
    runs_before = data_runs(d.log_text())
    start = time.monotonic()
    for i in range(count):
        with open(f"{root}/data/staff-many-{i:05}.csv", "w") as f:
            f.write(f"id,nationality,unit,category,start_date,end_date,fte\nM{i},ES,LAPP,engineer,2020-01-01,,1\n")
    written = time.monotonic() - start
    deadline = time.monotonic() + 120
    inputs = 0
    while time.monotonic() < deadline:
        time.sleep(1)
        try:
            stats = json.load(open(f"{root}/reports/default/latest/stats.json"))
            inputs = sum(1 for i in stats["inputs"] if i["file"].startswith("staff-many-"))
        except (OSError, ValueError):
            pass
        if inputs == count:
            break
    time.sleep(3)
    log = d.log_text()
    runs = data_runs(log) - runs_before
    overflow = "inotify queue overflow" in log
    check(f"{count} files at once: all read, runs coalesce", inputs == count and runs <= 3,
          f"{runs} runs, overflow {overflow}")
    d.stop()
    for i in range(count):
        os.remove(f"{root}/data/staff-many-{i:05}.csv")
    row(f"{count} small files dropped at once", f"written in {written:.1f} s",
        f"{runs} run(s){' after an inotify overflow' if overflow else ''}, all {inputs} read")


def sustained(orbis, root, seconds=None, runs_wanted=None, settle=1.0, period=2.0):
    """Changes every `period` s for `seconds`, or until `runs_wanted` runs were made."""
    config(root, settle=settle)
    d = Daemon(orbis, root)
    d.wait_for("READY=1", 30)
    pid = d.process.pid
    offset = len(d.log_text())
    start = time.monotonic()
    changes = 0
    samples = []
    while (seconds is not None and time.monotonic() - start < seconds) or (
            runs_wanted is not None and (not samples or samples[-1][0] < runs_wanted)):
        staff_file(f"{root}/data/staff-load.csv", 10 + changes, changes)
        changes += 1
        time.sleep(period)
        runs = data_runs(d.log_text()[offset:])
        samples.append((runs, proc_status(pid, "RssAnon"), len(os.listdir(f"/proc/{pid}/fd"))))
    time.sleep(2)
    runs = data_runs(d.log_text()[offset:])
    ticks0 = serve.cpu_ticks(pid)
    time.sleep(5)
    idle = serve.cpu_ticks(pid) - ticks0
    base = next((s for s in samples if s[0] >= 10), samples[-1])
    end = (runs, proc_status(pid, "RssAnon"), len(os.listdir(f"/proc/{pid}/fd")))
    d.stop()
    what = (f"a change every {period:g} s for {time.monotonic() - start:.0f} s "
            f"(settle {settle:g} s)")
    check(f"{what}: one run per change", changes - 2 <= runs <= changes + 2,
          f"{changes} changes, {runs} runs")
    check("open descriptors after the load within 10% of their level after 10 runs",
          end[2] <= base[2] * 1.1, f"{base[2]} → {end[2]}")
    check("RssAnon after the load within 10% of its level after 10 runs",
          end[1] <= base[1] * 1.1, f"{base[1] / 1024:.1f} → {end[1] / 1024:.1f} MB")
    check("no CPU between runs", idle <= 1, f"{idle} ticks in 5 s")
    row(what, f"{changes} changes",
        f"{runs} runs; fds {base[2]} → {end[2]}; RssAnon {base[1] / 1024:.1f} → "
        f"{end[1] / 1024:.1f} MB (after 10 runs → end); idle {idle} ticks/5 s")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("orbis")
    parser.add_argument("--data", default="Data")
    parser.add_argument("--cycles", type=int, default=20)
    parser.add_argument("--load", type=float, default=30)
    parser.add_argument("--files", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    random.seed(20261123)
    root = tempfile.mkdtemp(prefix="orbis-reliability-")
    try:
        shutil.copytree(args.data, f"{root}/data", ignore=shutil.ignore_patterns("README*"))
        os.makedirs(f"{root}/home")
        os.environ["HOME"] = f"{root}/home"
        least_privilege(args.orbis, root)
        kill_cycles(args.orbis, root, args.cycles)
        sighup_storm(args.orbis, root)
        reports_replaced(args.orbis, root)
        full_disk(args.orbis, root)
        many_files(args.orbis, root, args.files)
        sustained(args.orbis, root, seconds=args.load)
        sustained(args.orbis, root, runs_wanted=args.runs, settle=0.1, period=0.4)
    finally:
        if serve.FAILURES:
            print(f"kept {root} for inspection")
        else:
            shutil.rmtree(root, ignore_errors=True)
    print("\n| fault or load | tried | what happened |\n|---|---|---|")
    for fault, tried, result in TABLE:
        print(f"| {fault} | {tried} | {result} |")
    print(f"\ncheck_reliability: {len(serve.FAILURES)} failed")
    sys.exit(1 if serve.FAILURES else 0)


if __name__ == "__main__":
    main()
