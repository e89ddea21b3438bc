#!/usr/bin/env python3
"""Reliability of `orbis serve` under faults, hostile input and load, on the real process and
directories. Phases (`--only` picks some):

- least_privilege: no network socket (from /proc), report files 0640 and directories 0750,
  nothing written outside the reports and state directories and the metrics file;
- kill_cycles: kill -9 at random moments of publish cycles; after each restart every
  published directory is complete (all files, stats.json parseable), `latest` points to a
  complete report, temporaries are cleaned up, no report once published is lost;
- sighup_storm: 100 SIGHUPs in one second; still serving, the last configuration in force;
- reports_replaced, reports_directory: the reports directory replaced by a file, made
  unwritable (read-only bind mount as root, mode 0550 otherwise), deleted; the run fails with
  the reason in STATUS=, latest untouched, no partial directory, and it recovers by itself;
- data_directory: the data directory deleted and recreated, renamed away and back;
- full_disk (root: a 3 MiB tmpfs) and write_limited (anyone: the running daemon's
  RLIMIT_FSIZE lowered to 1 KiB, then raised): failing writes, then recovery;
- report_process: a report's process killed (kill -9) in the middle of a run, and one stopped
  (SIGSTOP) past the run timeout: the run fails or is abandoned, saying why, latest stays
  complete, the daemon keeps serving and the retry publishes;
- hostile: random bytes as staff.csv, a truncated XLSX, a zip bomb, a 2 GiB sparse file, a
  name that is not UTF-8 (each stops the run naming the file; recovery once removed); a line
  with a million fields, a name with a line break, symbolic links outside the data
  directory, ROWS invalid rows (peak memory against as many valid rows), formula payloads
  (literal in xlsx, txt, md, json); no log line forged;
- many_files, overflow: 10,000 files at once (then while the daemon is stopped, so that its
  inotify queue overflows): runs coalesce, nothing missed;
- sustained, quick_runs: a change every 2 s for LOAD seconds (settle 1 s), then RUNS quick
  runs: one run per change, open descriptors and RssAnon at rest at the end within 10% of
  their level at rest after 10 runs (7 s without a run: worker threads retired), no CPU
  between runs.

Usage: check_reliability.py ORBIS [--cycles N] [--load SECONDS] [--runs N] [--rows N]
                                 [--files N] [--only PHASE,...]
Prints the table of what was tried and what happened, and the totals (faults injected, runs,
reports published and lost, peak memory, descriptors).
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
from check_serve import Daemon, check, proc_status, published, staff_file  # noqa: E402
from check_serve import config as serve_config  # noqa: E402


def config(root, **options):
    """The faults below change the data on purpose (files removed, replaced, cut): the drop
    guard is off here (`max_drop_percent = 100`); check_serve tests it."""
    serve_config(root, max_drop=100, **options)

FILES = ["report.xlsx", "stats.json", "summary.md", "summary.txt"]
TABLE = []
# For the closing summary: faults injected, reports lost, peak memory (kB) of any daemon (its
# report processes' peaks are in the log), and the open descriptors of the longest-serving one
# (at rest after 10 runs, at the end).
SUMMARY = {"faults": 0, "lost": 0, "peak_kb": 0, "fds": None}


def row(fault, tried, result, faults=1):
    TABLE.append((fault, tried, result))
    SUMMARY["faults"] += faults


def note_peak(kb):
    SUMMARY["peak_kb"] = max(SUMMARY["peak_kb"], kb or 0)


_stop = Daemon.stop


def stop_noting_peak(self):
    """Daemon.stop, noting the daemon's peak resident memory first."""
    try:
        note_peak(proc_status(self.process.pid, "VmHWM"))
    except OSError:
        pass
    return _stop(self)


Daemon.stop = stop_noting_peak


def data_runs(log):
    """Runs started by a data change: one `read …` line each."""
    return sum(1 for line in log.splitlines()
               if line.startswith("<6>read ") and "run.reason=data changed" in line)


def run_peaks(log):
    """Peak resident memory (kB) of each report process, as the daemon logs it when one ends."""
    return [int(line.split("memory.peak.kb=")[1].split()[0]) for line in log.splitlines()
            if "memory.peak.kb=" in line]


def peak_since(d, offset, label):
    """The highest peak of the report processes that ended since log offset `offset`; a
    failed check (and 0) when none was logged, so that no memory bound passes unmeasured."""
    peaks = run_peaks(d.log_text()[offset:])
    check(f"{label}: the report processes' peak memory is logged", bool(peaks))
    return max(peaks, default=0)


def stat_fields(pid):
    """The fields of /proc/PID/stat after the command name (state, parent pid, …); None when
    there is no such process."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        return None
    return stat[stat.rindex(")") + 2:].split()


def process_state(pid):
    """The state letter of a process (R, S, T, Z…); None when there is none."""
    fields = stat_fields(pid)
    return fields[0] if fields else None


def children(pid):
    """The live processes whose parent is `pid`: a daemon's report processes."""
    found = []
    for entry in filter(str.isdigit, os.listdir("/proc")):
        fields = stat_fields(entry)
        if fields and int(fields[1]) == pid and fields[0] not in "ZX":
            found.append(int(entry))
    return found


def report_child(pid, seconds=10):
    """The report process of daemon `pid` once one runs (None if none within `seconds`)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        found = children(pid)
        if found:
            return found[0]
        time.sleep(0.005)
    return None


def wait_gone(pids, seconds=5):
    """Waits until none of `pids` is a live process; True when they all went."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if all(process_state(p) in (None, "Z", "X") for p in pids):
            return True
        time.sleep(0.01)
    return False


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
        running = children(d.process.pid)
        d.process.send_signal(signal.SIGKILL)
        d.process.wait()
        d.closed = True
        # Its report process dies with it (SIGKILL on the parent's death): wait for that
        # before looking, as systemd does before a restart.
        if not wait_gone(running):
            check(f"cycle {cycle}: the report process died with the daemon", False, running)
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
    SUMMARY["lost"] += lost
    row("kill -9 at random moments",
        f"{cycles} cycles ({killed_mid_run} left a temporary directory)",
        f"{len(good)} reports, 0 incomplete, {lost} lost, latest complete" if latest else "FAILED",
        faults=cycles)


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
        "still serving, last config in force" if alive and ok else "FAILED", faults=100)


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
        f"{len(written)} files outside reports/state/metrics", faults=0)


def full_disk(orbis, root):
    if os.geteuid() != 0:
        row("reports on a full file system", "skipped (needs root to mount a tmpfs)", "-",
            faults=0)
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

        def fill():
            with open(f"{reports}/filler", "wb") as f:
                try:
                    while True:
                        f.write(b"\0" * 65536)
                except OSError:
                    pass
            staff_file(f"{root}/data/staff-full.csv", 30, 30)

        ok = fault_and_recovery(d, root, fill, lambda: os.remove(f"{reports}/filler"),
                                "No space left on device", "full disk")
        check("full disk: the log says to free space", "free space" in d.log_text())
        d.stop()
        os.remove(f"{root}/data/staff-full.csv")
        row("reports on a full file system (3 MiB tmpfs)", "filled, data changed, space freed",
            "run failed (ENOSPC in log and STATUS=), latest untouched, no partial directory; "
            "published by the retry" if ok else "FAILED")
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


def wait_status(d, text, seconds, mark):
    """The last STATUS= after `mark` once it contains `text` (None when it never does)."""
    if not d.wait_for(text, seconds, mark):
        return None
    return [m for _, m in d.messages[mark:] if text in m][-1]


def fault_and_recovery(d, root, fault, undo, expect, label):
    """Applies `fault`, expects the next run to fail with `expect` in STATUS=, latest untouched
    and no partial directory; applies `undo` and expects a clean run without a restart."""
    before = audit(root)
    latest = os.path.realpath(f"{root}/reports/default/latest")
    mark = len(d.messages)
    fault()
    status = wait_status(d, "last error: default:", 15, mark)
    after = audit(root)
    same = os.path.realpath(f"{root}/reports/default/latest") == latest
    failed = status is not None and expect in status
    check(f"{label}: the run fails and STATUS= says why", failed, status)
    check(f"{label}: latest untouched, no partial or temporary directory",
          same and after[0] == before[0] and not after[1] and not after[2], after[1:3])
    mark = len(d.messages)
    undo()
    recovered = d.wait_for("last error: none", 20, mark) and d.process.poll() is None
    check(f"{label}: recovered by itself, no restart", recovered)
    return failed and same and recovered


def report_process(orbis, root):
    """Each report runs in a process of its own. Killed (kill -9) in the middle of a run: the
    daemon keeps serving, says why, latest stays complete, the retry publishes. Stopped
    (SIGSTOP) past the run timeout: killed after the grace, the run abandoned, then retried."""
    config(root, settle=0.2, daemon=["run_timeout_seconds = 2"])
    # Long enough a run to be caught in the middle, short enough for the 2 s timeout.
    with open(f"{root}/data/staff-proc.csv", "w") as f:
        f.write("id,nationality,unit,category,start_date,end_date,fte\n")
        for i in range(20000):
            f.write(f"Q{i},{'FR' if i % 3 else 'JP'},LAPP,engineer,2020-01-01,,1\n")
    d = Daemon(orbis, root)
    d.wait_for("READY=1", 30)
    serve.wait_published(root, 1, 15)
    pid = d.process.pid
    d.wait_for("last error: none", 10)
    results = []

    mark = len(d.messages)
    before = os.path.realpath(f"{root}/reports/default/latest")
    staff_file(f"{root}/data/staff-proc-1.csv", 5, 1)
    child = report_child(pid)
    check("report process killed: a report process was running", child is not None)
    if child:
        os.kill(child, signal.SIGKILL)
    status = wait_status(d, "last error: default:", 15, mark)
    failed = status is not None and "signal 9 (SIGKILL)" in status
    check("report process killed: the run fails and STATUS= says how it ended", failed, status)
    logged = "the run ended abnormally: its process ended with signal 9 (SIGKILL)" in d.log_text()
    check("report process killed: the log says so", logged)
    latest_ok = audit(root)[3]
    check("report process killed: latest still complete", latest_ok,
          os.path.realpath(f"{root}/reports/default/latest"))
    mark = len(d.messages)
    recovered = d.wait_for("last error: none", 20, mark)
    good, bad, temps, latest = audit(root)
    moved = os.path.realpath(f"{root}/reports/default/latest") != before
    check("report process killed: the retry publishes, no temporary left",
          recovered and moved and latest and not bad and not temps, (bad, temps))
    results.append(("a report's process killed (kill -9) in the middle of a run",
                    failed and logged and latest_ok and recovered and moved and not temps,
                    "run failed with the signal in the log and STATUS=, latest complete; "
                    "published by the retry, no temporary left"))

    mark = len(d.messages)
    offset = len(d.log_text())
    staff_file(f"{root}/data/staff-proc-2.csv", 5, 2)
    child = report_child(pid)
    check("report process stopped: a report process was running", child is not None)
    if child:
        os.kill(child, signal.SIGSTOP)
    timed_out = d.wait_for("last error: run timed out after 2 s", 10, mark)
    started = time.monotonic()
    killed = child is not None and wait_gone([child], 20)
    waited = time.monotonic() - started
    # The daemon logs the end once it has reaped the process: wait for the line, with a
    # deadline, rather than read the log the moment the process is gone.
    ended = "the run's process was ended (its process ended with signal 9 (SIGKILL))"
    deadline = time.monotonic() + 10
    while ended not in d.log_text()[offset:] and time.monotonic() < deadline:
        time.sleep(0.05)
    log = d.log_text()[offset:]
    check("report process stopped: the timeout is logged and in STATUS=",
          timed_out and "takes longer than 2 s" in log)
    check("report process stopped: killed after the grace, the run abandoned", killed
          and ended in log,
          f"gone after {waited:.1f} s more")
    mark = len(d.messages)
    recovered = d.wait_for("last error: none", 20, mark) and d.process.poll() is None
    check("report process stopped: the retry publishes, the daemon still serving", recovered)
    results.append(("a report's process stopped (SIGSTOP) past the run timeout (2 s)",
                    timed_out and killed and recovered,
                    f"timeout in the log and STATUS=, killed {waited:.0f} s later, run abandoned; "
                    "published by the retry"))
    d.stop()
    for name in ["staff-proc.csv", "staff-proc-1.csv", "staff-proc-2.csv"]:
        os.remove(f"{root}/data/{name}")
    for label, ok, what in results:
        row(label, "while serving", what if ok else "FAILED")


def write_limited(orbis, root):
    """A failing write without root: the daemon's file-size limit lowered to 1 KiB (its writes
    fail with EFBIG, SIGXFSZ ignored), then raised again."""
    import resource
    config(root, settle=0.2)
    d = Daemon(orbis, root)
    d.wait_for("READY=1", 30)
    serve.wait_published(root, 1, 15)
    pid = d.process.pid
    soft, hard = resource.prlimit(pid, resource.RLIMIT_FSIZE)

    def fault():
        resource.prlimit(pid, resource.RLIMIT_FSIZE, (1024, hard))
        staff_file(f"{root}/data/staff-fsize.csv", 40, 40)

    ok = fault_and_recovery(
        d, root, fault, lambda: resource.prlimit(pid, resource.RLIMIT_FSIZE, (soft, hard)),
        "File too large", "writes failing (file-size limit 1 KiB)")
    # The log file is over the limit too: its lines are dropped (journald's stream is not a
    # file), and the daemon carries on.
    d.stop()
    os.remove(f"{root}/data/staff-fsize.csv")
    row("writes failing (RLIMIT_FSIZE lowered to 1 KiB on the running daemon)",
        "data changed, limit raised again",
        "run failed (EFBIG, File too large, in STATUS=), latest untouched, no partial directory; "
        "published by the retry" if ok else "FAILED")


def reports_directory(orbis, root):
    """The reports directory made unwritable (read-only bind mount as root, mode 0550
    otherwise), then deleted, while serving."""
    config(root, settle=0.2)
    d = Daemon(orbis, root)
    d.wait_for("READY=1", 30)
    serve.wait_published(root, 1, 15)
    reports = f"{root}/reports"
    if os.geteuid() == 0:
        def fault():
            subprocess.run(["mount", "--bind", reports, reports], check=True)
            subprocess.run(["mount", "-o", "remount,bind,ro", reports], check=True)
            staff_file(f"{root}/data/staff-ro.csv", 41, 41)
        undo = lambda: subprocess.run(["umount", reports], check=True)  # noqa: E731
        how = "read-only bind mount"
    else:
        def fault():
            os.chmod(f"{reports}/default", 0o550)
            staff_file(f"{root}/data/staff-ro.csv", 41, 41)
        undo = lambda: os.chmod(f"{reports}/default", 0o750)  # noqa: E731
        how = "mode 0550"
    unwritable = fault_and_recovery(d, root, fault, undo, "default:",
                                    f"reports directory unwritable ({how})")
    # Deleted: the next run creates it again (nothing else was in it to keep).
    shutil.rmtree(reports)
    mark = len(d.messages)
    staff_file(f"{root}/data/staff-ro.csv", 42, 42)
    deleted = d.wait_for("last error: none", 15, mark) and serve.wait_published(root, 1, 5)
    check("reports directory deleted: the next run creates it and publishes", deleted
          and audit(root)[3])
    d.stop()
    os.remove(f"{root}/data/staff-ro.csv")
    row(f"reports directory unwritable ({how}), then deleted", "while serving",
        ("failed with the reason, latest untouched, recovered by the retry; deleted: recreated "
         "by the next run") if unwritable and deleted else "FAILED", faults=2)


def data_directory(orbis, root):
    """The data directory deleted and recreated, renamed away and back, while serving."""
    config(root, settle=0.2)
    d = Daemon(orbis, root)
    d.wait_for("READY=1", 30)
    serve.wait_published(root, 1, 15)
    data = f"{root}/data"
    shutil.copytree(data, f"{root}/data.copy")
    results = []
    for label, away, back in [
        ("deleted, recreated", lambda: shutil.rmtree(data),
         lambda: shutil.copytree(f"{root}/data.copy", data)),
        ("renamed away and back", lambda: os.rename(data, f"{root}/data.away"),
         lambda: os.rename(f"{root}/data.away", data)),
    ]:
        mark = len(d.messages)
        away()
        gone = d.wait_for("is gone", 10, mark)
        time.sleep(1)
        back()
        count = len(published(root))
        time.sleep(1.5)
        # Ids of their own: a file sharing most ids with another is a second version of it.
        staff_file(f"{data}/staff-back.csv", len(results) + 3, 7000 + len(results))
        seen = serve.wait_published(root, count + 1, 10)
        os.remove(f"{data}/staff-back.csv")
        check(f"data directory {label}: says so, watched again when back", gone and seen
              and d.process.poll() is None)
        results.append(gone and seen)
    d.stop()
    shutil.rmtree(f"{root}/data.copy")
    row("data directory deleted and recreated; renamed away and back", "while serving",
        "STATUS= says it is gone; watched again and published when back" if all(results)
        else "FAILED", faults=2)


def zip_bomb(path, template, uncompressed):
    """An XLSX whose first sheet inflates to `uncompressed` bytes of blanks."""
    import zipfile
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        sheet = next(n for n in source.namelist() if n.startswith("xl/worksheets/sheet"))
        for name in source.namelist():
            if name != sheet:
                z.writestr(name, source.read(name))
        info = zipfile.ZipInfo(sheet)
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as f:
            f.write(b'<?xml version="1.0"?><worksheet><sheetData>')
            chunk = b" " * (1 << 20)
            for _ in range(uncompressed >> 20):
                f.write(chunk)
            f.write(b"</sheetData></worksheet>")


def hostile(orbis, root, rows):
    """Hostile files dropped into the served data directory: the unreadable ones stop the run
    (named, latest untouched) and the daemon recovers when they go; the rest publish, with
    the defect counted, the payload literal, the outside file never read."""
    config(root, settle=0.2)
    d = Daemon(orbis, root)
    d.wait_for("READY=1", 30)
    serve.wait_published(root, 1, 15)
    log_start = len(d.log_text())
    data = f"{root}/data"
    rng = random.Random(6)
    header = "id,nationality,unit,category,start_date,end_date,fte\n"
    results = []  # (label, passed, what happened)

    def path_of(name):
        return os.path.join(data.encode(), name if isinstance(name, bytes) else name.encode())

    def drop(name, content, size=None):
        """Writes beside, then renames in; `size` makes the file sparse up to it."""
        with open(path_of(name) + b".part", "wb") as f:
            f.write(content)
            if size:
                f.truncate(size)
        os.rename(path_of(name) + b".part", path_of(name))

    def unreadable(label, name, content, expect, size=None, teardown=None):
        ok = fault_and_recovery(
            d, root, lambda: drop(name, content, size),
            lambda: (os.remove(path_of(name)), teardown and teardown()), expect, label)
        results.append((label, ok, "run failed naming the file, latest untouched; published "
                        "again once removed"))

    # Random bytes as the roster itself.
    os.rename(f"{data}/staff.csv", f"{root}/staff.csv.kept")
    unreadable("random bytes named staff.csv", "staff.csv", rng.randbytes(200_000),
               "staff.csv: ",
               teardown=lambda: os.rename(f"{root}/staff.csv.kept", f"{data}/staff.csv"))
    xlsx = open(f"{data}/staff-lapp.xlsx", "rb").read()
    unreadable("a truncated XLSX", "staff-cut.xlsx", xlsx[:len(xlsx) // 2], "staff-cut.xlsx")
    zip_bomb(f"{root}/bomb.xlsx", f"{data}/staff-lapp.xlsx", 2 << 30)
    bomb = open(f"{root}/bomb.xlsx", "rb").read()
    offset = len(d.log_text())
    unreadable(f"an XLSX zip bomb ({len(bomb) >> 20} MiB inflating to 2 GiB)", "staff-bomb.xlsx",
               bomb, "staff-bomb.xlsx")
    bomb_peak = peak_since(d, offset, "zip bomb")
    check("zip bomb: memory stays bounded", 0 < bomb_peak < 300_000,
          f"peak {bomb_peak / 1024:.0f} MB")
    os.remove(f"{root}/bomb.xlsx")

    unreadable("a 2 GiB file over the size limit (1 GiB)", "staff-huge.csv", header.encode(),
               "staff-huge.csv", size=2 << 30)
    unreadable("a name that is not UTF-8", b"staff-\xff\xfe.csv",
               (header + "U1,IT,LAPP,engineer,2020-01-01,,1\n").encode(), "staff-\\xFF\\xFE.csv")

    # Files that publish.
    def latest_inputs():
        try:
            stats = json.load(open(f"{root}/reports/default/latest/stats.json"))
            return stats, {i["file"] for i in stats["inputs"]}
        except (OSError, ValueError):
            return None, set()

    def wait_latest(condition, seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            stats, inputs = latest_inputs()
            if stats and condition(inputs):
                return stats
            time.sleep(0.1)
        return None

    def publishes(label, files, verify):
        """Drops `files`, waits for the report that reads them, verifies it; removes them and
        waits for the report without them."""
        names = {n.decode() if isinstance(n, bytes) else n for n, _ in files}
        for name, content in files:
            drop(name, content)
        stats = wait_latest(lambda inputs: names <= inputs, 120)
        verdict = stats is not None and verify(stats)
        check(f"{label}: published as expected", bool(verdict))
        for name, _ in files:
            os.remove(path_of(name))
        wait_latest(lambda inputs: not (names & inputs), 120)
        return verdict

    wide = ("W1," + ",".join(["x"] * 1_000_000) + "\n").encode()
    results.append(("a line with a million fields", publishes(
        "a line with a million fields",
        [("staff-wide.csv", header.encode() + wide + b"W2,DE,LAPP,engineer,2020-01-01,,1\n")],
        lambda s: any(r["file"] == "staff-wide.csv" and r["kind"] == "wrong_field_count"
                      and r["line"] == 2 for r in s["rejected"]["rows"])),
        "published; rejected as wrong_field_count at line 2"))
    results.append(("a name with a line break", publishes(
        "a name with a line break",
        [("staff-new\nline.csv", (header + "NL1,DE,LAPP,engineer,2020-01-01,,1\n").encode())],
        lambda s: any(i["file"] == "staff-new\nline.csv" and i["rows_accepted"] == 1
                      for i in s["inputs"])),
        "published; read, in stats.json as is, no log line broken"))
    outside = f"{root}/outside"
    os.makedirs(outside, exist_ok=True)
    with open(f"{outside}/staff-secret.csv", "w") as f:
        f.write(header + "SECRET1,JP,LAPP,engineer,2020-01-01,,1\n")
    os.symlink(f"{outside}/staff-secret.csv", f"{data}/staff-link.csv")
    os.symlink(outside, f"{data}/staff-dir.csv")
    mark = len(d.log_text())
    results.append(("symbolic links to a file and a directory outside", publishes(
        "symbolic links outside the data directory",
        [("staff-visible.csv", (header + "V1,DE,LAPP,engineer,2020-01-01,,1\n").encode())],
        lambda s: not any(i["file"] in ("staff-link.csv", "staff-dir.csv") for i in s["inputs"])
        and "outside the data directory; not followed" in d.log_text()[mark:]),
        "published; not followed, logged"))
    os.remove(f"{data}/staff-link.csv")
    os.remove(f"{data}/staff-dir.csv")

    # A million invalid rows against the same million valid: diagnostics beyond the cap are
    # counted, not kept, so the invalid roster costs no more memory than the valid one.
    def roster(country):
        return (header + "".join(f"X{i},{country},LAPP,engineer,2020-01-01,,1\n"
                                 for i in range(rows))).encode()
    # Each run is a process of its own: its peak is the one the daemon logs when it ends.
    peaks = {}
    for kind, country in [("valid", "DE"), ("invalid", "Atlantis")]:
        offset = len(d.log_text())
        result = publishes(f"{rows:,} {kind} rows", [("staff-million.csv", roster(country))],
                           lambda s: s["rejected"] if kind == "invalid" else True)
        peaks[kind] = peak_since(d, offset, f"{rows:,} {kind} rows")
        if kind == "invalid":
            r = result or {}
            listed = len(r.get("rows", []))
            cap = 10_000  # inputs.max_listed_diagnostics, left at its default by config()
            check(f"{rows:,} invalid rows: all counted, {listed} listed, the rest only counted",
                  r.get("total") == rows and listed == min(rows, cap)
                  and r.get("not_listed") == rows - listed,
                  {k: r.get(k) for k in ("total", "not_listed")})
    bounded = 0 < peaks["invalid"] <= peaks["valid"] * 1.1
    check(f"{rows:,} invalid rows: peak memory no more than for as many valid rows", bounded,
          f"{peaks['invalid'] / 1024:.0f} MB vs {peaks['valid'] / 1024:.0f} MB")
    results.append((f"{rows:,} invalid rows", bounded,
                    f"published; counted, listed up to the cap; peak {peaks['invalid'] / 1024:.0f}"
                    f" MB vs {peaks['valid'] / 1024:.0f} MB for valid rows"))

    # Formula payloads: literal text in every output.
    payloads = ['=HYPERLINK("http://example.com","x")', "+cmd|' /C calc'!A0", "@SUM(1)"]
    quoted = ['"' + p.replace('"', '""') + '"' for p in payloads]
    staff = header + "".join(f"F{i},DE,{q},{q},2020-01-01,,1\n" for i, q in enumerate(quoted))
    agreements = "partner,acronym,category,kind,signed\n" + "".join(
        f"{q},{q},{q},{q},2020-01-01\n" for q in quoted)
    formula_ok = publishes("formula payloads", [("staff-formula.csv", staff.encode()),
                                               ("agreements-formula.csv", agreements.encode())],
                           lambda s: literal_everywhere(root, payloads))
    results.append(("formula payloads", formula_ok,
                    "published; literal text in xlsx, txt, md and json"))

    log = d.log_text()[log_start:]
    forged = [line for line in log.splitlines() if not (line[:1] == "<" and line[1:2].isdigit())]
    check("no forged or broken log line (every line starts with its priority)", not forged,
          forged[:3])
    alive = d.process.poll() is None
    check("hostile input: the daemon kept running throughout", alive)
    d.stop()
    for label, ok, what in results:
        row(f"hostile: {label}", "dropped while serving", what if ok else "FAILED")


def literal_everywhere(root, payloads):
    """Each payload appears as literal text in stats.json, summary.txt and summary.md
    (escaped for Markdown), and only as string cells in report.xlsx (no formula at all)."""
    import zipfile
    latest = os.path.realpath(f"{root}/reports/default/latest")
    ok = True
    stats = open(f"{latest}/stats.json").read()
    text = open(f"{latest}/summary.txt").read()
    markdown = open(f"{latest}/summary.md").read()
    with zipfile.ZipFile(f"{latest}/report.xlsx") as z:
        sheets = {n: z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")}
        strings = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in z.namelist() else ""
    formulas = [n for n, x in sheets.items() if "<f>" in x or "<f " in x]
    check("formula payloads: no formula in any sheet of report.xlsx", not formulas, formulas)
    ok &= not formulas
    from xml.sax.saxutils import escape
    for p in payloads:
        md = "".join("\\" + c if c in "\\`*_[]<>|~#" else c for c in p)
        where = {"stats.json": json.dumps(p)[1:-1] in stats, "summary.txt": p in text,
                 "summary.md": md in markdown,
                 "report.xlsx": escape(p, {'"': "&quot;"}) in strings or escape(p) in strings}
        check(f"formula payload {p!r} literal in every output", all(where.values()), where)
        ok &= all(where.values())
    return ok


def many_files(orbis, root, count, overflow=False):
    """`count` small files at once. With `overflow` the daemon is stopped (SIGSTOP) while they
    are written: its inotify queue (16,384 events by default) overflows, and once continued it
    must read everything again."""
    config(root, settle=1.0)
    d = Daemon(orbis, root)
    d.wait_for("READY=1", 30)
    time.sleep(0.5)
    runs_before = data_runs(d.log_text())
    start = time.monotonic()
    if overflow:
        d.process.send_signal(signal.SIGSTOP)
    for i in range(count):
        with open(f"{root}/data/staff-many-{i:05}.csv", "w") as f:
            f.write(f"id,nationality,unit,category,start_date,end_date,fte\nM{i},ES,LAPP,engineer,2020-01-01,,1\n")
    written = time.monotonic() - start
    if overflow:
        d.process.send_signal(signal.SIGCONT)
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
    overflowed = "inotify queue overflow" in log
    check(f"{count} files at once: all read, runs coalesce", inputs == count and runs <= 3,
          f"{runs} runs, overflow {overflowed}")
    if overflow:
        check("inotify queue overflow: rescanned, nothing missed", overflowed and inputs == count)
    d.stop()
    for i in range(count):
        os.remove(f"{root}/data/staff-many-{i:05}.csv")
    row(f"{count} small files dropped at once"
        + (" while the daemon is stopped (SIGSTOP)" if overflow else ""),
        f"written in {written:.1f} s",
        f"{runs} run(s){' after an inotify overflow and rescan' if overflowed else ''}, "
        f"all {inputs} read", faults=1 if overflow else 0)


def level(pid, runs):
    """(runs made, RssAnon in kB, open descriptors) of the daemon now."""
    return (runs, proc_status(pid, "RssAnon"), len(os.listdir(f"/proc/{pid}/fd")))


def wait_idle(d, mark, changes, seconds=10):
    """Waits until the daemon has started a run for each of `changes` (one `STATUS=Running …`
    each since message `mark`) and is idle again (its last STATUS= is another): memory is
    compared between idle moments, never in the middle of a run."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        statuses = [m for _, m in d.messages[mark:] if "STATUS=" in m]
        started = sum(1 for m in statuses if "STATUS=Running" in m)
        if started >= changes and "STATUS=Running" not in statuses[-1]:
            return
        time.sleep(0.02)


def sustained(orbis, root, seconds=None, runs_wanted=None, settle=1.0, period=2.0):
    """Changes every `period` s for `seconds`, or until `runs_wanted` runs were made."""
    config(root, settle=settle)
    d = Daemon(orbis, root)
    d.wait_for("READY=1", 30)
    pid = d.process.pid
    offset = len(d.log_text())
    mark = len(d.messages)
    start = time.monotonic()
    changes = 0
    samples = []
    base = None
    while (seconds is not None and time.monotonic() - start < seconds) or (
            runs_wanted is not None and (not samples or samples[-1][0] < runs_wanted)):
        # The same size each time (10 to 19 rows), so that memory measures the daemon, not the data.
        staff_file(f"{root}/data/staff-load.csv", 10 + changes % 10, changes)
        changes += 1
        time.sleep(period)
        wait_idle(d, mark, changes)
        runs = data_runs(d.log_text()[offset:])
        samples.append(level(pid, runs))
        if base is None and runs >= 10:
            # At rest, as at the end: after 7 s without a run the worker threads have retired
            # (with their malloc and libdispatch caches), so both levels are the daemon's own.
            time.sleep(7)
            base = level(pid, runs)
    time.sleep(2)
    runs = data_runs(d.log_text()[offset:])
    ticks0 = serve.cpu_ticks(pid)
    time.sleep(5)
    idle = serve.cpu_ticks(pid) - ticks0
    base = base or samples[-1]
    end = level(pid, runs)
    d.stop()
    if SUMMARY["fds"] is None or runs > SUMMARY["fds"][0]:
        SUMMARY["fds"] = (runs, base[2], end[2])
    what = (f"a change every {period:g} s for {time.monotonic() - start:.0f} s "
            f"(settle {settle:g} s)")
    check(f"{what}: one run per change", changes - 2 <= runs <= changes + 2,
          f"{changes} changes, {runs} runs")
    check("open descriptors at rest after the load within 10% of their level after 10 runs",
          end[2] <= base[2] * 1.1, f"{base[2]} → {end[2]}")
    # The trajectory (about ten points), to tell a steady leak from fragmentation that levels.
    step = max(1, len(samples) // 10)
    trajectory = ", ".join(f"{r}: {kb / 1024:.1f}" for r, kb, _ in samples[::step])
    check("RssAnon at rest after the load within 10% of its level after 10 runs",
          end[1] <= base[1] * 1.1,
          f"{base[1] / 1024:.1f} → {end[1] / 1024:.1f} MB (runs: MB {trajectory})")
    check("no CPU between runs", idle <= 1, f"{idle} ticks in 5 s")
    row(what, f"{changes} changes",
        f"{runs} runs; fds {base[2]} → {end[2]}; RssAnon {base[1] / 1024:.1f} → "
        f"{end[1] / 1024:.1f} MB (at rest after 10 runs → end); idle {idle} ticks/5 s", faults=0)


def summary(root, elapsed):
    """Totals over every daemon of the suite (they all log into one file)."""
    log = open(f"{root}/serve.log", "rb").read().decode("utf-8", "replace")
    # One report process per run, whatever its end.
    runs = sum(1 for line in log.splitlines() if line.startswith("<6>report process ended"))
    published_count = sum(1 for line in log.splitlines() if line.startswith("<5>Published "))
    runs_fds, fds_start, fds_end = SUMMARY["fds"] or (0, 0, 0)
    print("\n| duration | faults injected | runs made | reports published | reports lost "
          "| peak memory | open fds at start → end |\n|---|---|---|---|---|---|---|")
    print(f"| {elapsed / 60:.0f} min | {SUMMARY['faults']:,} | {runs:,} | {published_count:,} "
          f"| {SUMMARY['lost']} | {max(run_peaks(log), default=0) / 1024:.0f} MB a report's "
          f"process, {SUMMARY['peak_kb'] / 1024:.0f} MB the daemon "
          f"| {fds_start} → {fds_end} at rest (over {runs_fds:,} runs) |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("orbis")
    parser.add_argument("--data", default="Data")
    parser.add_argument("--cycles", type=int, default=20)
    parser.add_argument("--load", type=float, default=30)
    parser.add_argument("--files", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--only", help="run only these phases (comma-separated function names)")
    args = parser.parse_args()
    random.seed(20261123)
    root = tempfile.mkdtemp(prefix="orbis-reliability-")
    began = time.monotonic()
    try:
        shutil.copytree(args.data, f"{root}/data", ignore=shutil.ignore_patterns("README*"))
        os.makedirs(f"{root}/home")
        os.environ["HOME"] = f"{root}/home"
        phases = [
            ("least_privilege", lambda: least_privilege(args.orbis, root)),
            ("kill_cycles", lambda: kill_cycles(args.orbis, root, args.cycles)),
            ("sighup_storm", lambda: sighup_storm(args.orbis, root)),
            ("reports_replaced", lambda: reports_replaced(args.orbis, root)),
            ("reports_directory", lambda: reports_directory(args.orbis, root)),
            ("data_directory", lambda: data_directory(args.orbis, root)),
            ("full_disk", lambda: full_disk(args.orbis, root)),
            ("write_limited", lambda: write_limited(args.orbis, root)),
            ("report_process", lambda: report_process(args.orbis, root)),
            ("hostile", lambda: hostile(args.orbis, root, args.rows)),
            ("many_files", lambda: many_files(args.orbis, root, args.files)),
            ("overflow", lambda: many_files(args.orbis, root, args.files, overflow=True)),
            ("sustained", lambda: sustained(args.orbis, root, seconds=args.load)),
            ("quick_runs", lambda: sustained(args.orbis, root, runs_wanted=args.runs, settle=0.1,
                                             period=0.4)),
        ]
        only = set(args.only.split(",")) if args.only else None
        for name, phase in phases:
            if only is None or name in only:
                started = time.monotonic()
                phase()
                print(f"-- {name}: {time.monotonic() - started:.0f} s", flush=True)
        print("\n| fault or load | tried | what happened |\n|---|---|---|")
        for fault, tried, result in TABLE:
            print(f"| {fault} | {tried} | {result} |")
        summary(root, time.monotonic() - began)
    finally:
        if serve.FAILURES:
            print(f"kept {root} for inspection")
        else:
            shutil.rmtree(root, ignore_errors=True)
    print(f"\ncheck_reliability: {len(serve.FAILURES)} failed")
    sys.exit(1 if serve.FAILURES else 0)


if __name__ == "__main__":
    main()
