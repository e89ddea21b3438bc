#!/usr/bin/env python3
"""Integration test of `orbis serve`: the real process on temporary directories, with a real
datagram socket standing in for systemd's notification socket.

Checks: READY=1; a start-up publish; a dropped staff file publishes within settle + 2 s; a
burst of 20 files gives exactly one run; journal priority prefixes when JOURNAL_STREAM names
stderr; idle CPU over IDLE seconds (default 60); resident memory after a run under 60 MB and
RssAnon stable over ten more runs; WATCHDOG=1 pings; a `* * * * *` schedule fires at the
minute; SIGHUP with a broken config keeps serving and logs why, a fixed one is picked up
(RELOADING=1 with MONOTONIC_USEC, then READY=1); SIGTERM exits 0 within 10 s (STOPPING=1).

Usage: check_serve.py ORBIS [DATA_DIR]
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

FAILURES = []
SETTLE = 1.0


def check(name, ok, detail=""):
    print(f"{'ok  ' if ok else 'FAIL'} {name}{': ' + str(detail) if detail else ''}", flush=True)
    if not ok:
        FAILURES.append(name)


def config(root, schedule=None, extra_report=None, broken=False, settle=None, retention=30,
           daemon=(), max_drop=None):
    settle = SETTLE if settle is None else settle
    lines = [
        "[paths]", f'data = "{root}/data"', f'reports = "{root}/reports"',
        f'state = "{root}/state"', "[institute]", 'host_country = "FR"',
        'time_zone = "Europe/Paris"',
        *([] if max_drop is None else ["[inputs]", f"max_drop_percent = {max_drop}"]),
        "[reports]", f"retention = {retention}", "[daemon]", f"settle_seconds = {settle}",
        "retry_delay_seconds = 1", f'metrics_file = "{root}/orbis.prom"', *daemon,
        "[[report]]", 'name = "default"',
    ]
    if schedule:
        lines.append(f'schedule = "{schedule}"')
    if extra_report:
        lines += ["[[report]]", f'name = "{extra_report}"', 'formats = ["txt"]']
    if broken:
        lines.append('schedule = "0 25 * * *"')
    with open(f"{root}/orbis.toml", "w") as f:
        f.write("\n".join(lines) + "\n")


class Daemon:
    def __init__(self, orbis, root, abstract=True, watchdog_usec=None):
        self.root = root
        self.messages = []
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        if abstract:
            name = f"orbis-test-{os.getpid()}-{time.monotonic_ns()}"
            self.sock.bind("\0" + name)
            address = "@" + name
        else:
            address = f"{root}/notify.sock"
            self.sock.bind(address)
        self.sock.settimeout(0.2)
        # Read datagrams all the time, as systemd does (a full queue must not stall Orbis,
        # but the test wants every message).
        self.lock = threading.Lock()
        self.closed = False
        self.reader = threading.Thread(target=self.read_loop, daemon=True)
        self.reader.start()
        self.log_path = f"{root}/serve.log"
        self.log = open(self.log_path, "ab")
        info = os.fstat(self.log.fileno())
        env = dict(os.environ, NOTIFY_SOCKET=address, JOURNAL_STREAM=f"{info.st_dev}:{info.st_ino}")
        if watchdog_usec:
            env["WATCHDOG_USEC"] = str(watchdog_usec)
        self.process = subprocess.Popen(
            [orbis, "serve", "--config", f"{root}/orbis.toml"], stdout=self.log, stderr=self.log,
            env=env)
        env["WATCHDOG_PID"] = str(self.process.pid)

    def read_loop(self):
        while not self.closed:
            try:
                data = self.sock.recv(4096).decode()
            except (socket.timeout, OSError):
                continue
            with self.lock:
                self.messages.append((time.monotonic(), data))

    def receive(self, seconds):
        time.sleep(seconds)

    def wait_for(self, text, seconds, start=0):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if any(text in m for _, m in self.messages[start:]):
                return True
            self.receive(0.2)
        return any(text in m for _, m in self.messages[start:])

    def log_text(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def stop(self):
        start = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = None
        elapsed = time.monotonic() - start
        time.sleep(0.2)
        self.closed = True
        return code, elapsed


def published(root, report="default"):
    directory = f"{root}/reports/{report}"
    if not os.path.isdir(directory):
        return []
    return sorted(n for n in os.listdir(directory) if n[0].isdigit())


def wait_published(root, count, seconds, report="default"):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if len(published(root, report)) >= count:
            return True
        time.sleep(0.05)
    return len(published(root, report)) >= count


def proc_status(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])  # kB
    return None


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def staff_file(path, rows, seed):
    with open(path, "w") as f:
        f.write("id,nationality,unit,category,start_date,end_date,fte\n")
        for i in range(rows):
            f.write(f"T{seed}-{i},DE,LAPP,researcher,2020-01-01,,1\n")


def check_polling(orbis, data, root):
    shutil.copytree(data, f"{root}/data", ignore=shutil.ignore_patterns("README*"))
    config(root, daemon=['watch = "poll"', "poll_seconds = 1"])
    d = Daemon(orbis, root)
    check("polling: READY=1 and a start-up publish",
          d.wait_for("READY=1", 30) and wait_published(root, 1, 30))
    check("polling: STATUS= says so", d.wait_for("watching: polling every 1 s", 10),
          [m for _, m in d.messages][-1:])
    check("polling: the log says so and why",
          'watching the data directory: polling every 1 s (daemon.watch = "poll")' in d.log_text())
    staff_file(f"{root}/data/staff-poll.csv", 30, 7)
    t0 = time.monotonic()
    ok = wait_published(root, 2, 1 + SETTLE + 3)
    check("polling: a new file is published within poll + settle + 3 s", ok,
          f"{time.monotonic() - t0:.2f} s")
    time.sleep(2)
    before = len(published(root))
    for i in range(10):
        staff_file(f"{root}/data/staff-pollburst-{i}.csv", 5, 300 + i)
        time.sleep(0.05)
    wait_published(root, before + 1, 30)
    time.sleep(SETTLE + 3)
    check("polling: a burst of 10 files gives exactly one run",
          len(published(root)) == before + 1, f"{len(published(root)) - before} runs")
    # A file growing for 4 s (longer than the poll and settle delays): read whole, once.
    before = len(published(root))
    path = f"{root}/data/staff-growing.csv"
    with open(path, "w") as f:
        f.write("id,nationality,unit,category,start_date,end_date,fte\n")
        for i in range(8):
            f.write(f"G-{i},IT,LAPP,researcher,2020-01-01,,1\n")
            f.flush()
            time.sleep(0.5)
    wait_published(root, before + 1, 30)
    time.sleep(SETTLE + 3)
    runs = len(published(root)) - before
    latest = json.load(open(f"{root}/reports/default/latest/stats.json"))
    rows = {i["file"]: i["rows_accepted"] for i in latest["inputs"]}
    check("polling: a file still growing is waited for and read whole, once",
          runs == 1 and rows.get("staff-growing.csv") == 8, f"{runs} runs, {rows.get('staff-growing.csv')} rows")
    os.remove(path)

    def without_it():
        latest = json.load(open(f"{root}/reports/default/latest/stats.json"))
        return "staff-growing.csv" not in [i["file"] for i in latest["inputs"]]
    # Waited for as a condition, with a deadline far above the poll and settle delays (a run
    # in progress when the file goes must end first).
    end = time.monotonic() + 30
    while not without_it() and time.monotonic() < end:
        time.sleep(0.1)
    check("polling: a deleted file gives a run without it", without_it())
    code, _ = d.stop()
    check("polling: SIGTERM exits 0", code == 0, code)

    # inotify with its events dropped: only the rescan (every 2 s) sees the change.
    config(root, daemon=['watch = "inotify"', "rescan_seconds = 2"])
    env_before = os.environ.get("ORBIS_FAILPOINT")
    os.environ["ORBIS_FAILPOINT"] = "ignore_inotify"
    try:
        d = Daemon(orbis, root)
    finally:
        if env_before is None:
            del os.environ["ORBIS_FAILPOINT"]
        else:
            os.environ["ORBIS_FAILPOINT"] = env_before
    check("rescan: READY=1", d.wait_for("READY=1", 30))
    wait_published(root, len(published(root)) + 1, 5)  # a start-up run, if the fingerprint moved
    time.sleep(SETTLE + 1)
    before = len(published(root))
    staff_file(f"{root}/data/staff-lost-event.csv", 12, 9)
    ok = wait_published(root, before + 1, 2 + SETTLE + 5)
    check("rescan: a change whose inotify event was lost is published after the rescan", ok)
    check("rescan: the log says the rescan found it",
          "the safety rescan found a change inotify did not report" in d.log_text())
    check("rescan: STATUS= names inotify and the rescan",
          d.wait_for('watching: inotify (daemon.watch = "inotify"), rescan every 2 s', 10))
    code, _ = d.stop()
    check("rescan: SIGTERM exits 0", code == 0, code)


def main():
    orbis = sys.argv[1]
    data = sys.argv[2] if len(sys.argv) > 2 else "Data"
    idle = float(os.environ.get("IDLE", "60"))
    root = tempfile.mkdtemp(prefix="orbis-serve-")
    try:
        shutil.copytree(data, f"{root}/data", ignore=shutil.ignore_patterns("README*"))
        config(root)

        # 1. Start-up, drop, burst, journal, idle, memory.
        d = Daemon(orbis, root, abstract=True)
        check("READY=1 arrives", d.wait_for("READY=1", 30))
        check("start-up publishes", wait_published(root, 1, 30))
        time.sleep(0.5)
        staff_file(f"{root}/data/staff-drop.csv.part", 50, 1)
        os.rename(f"{root}/data/staff-drop.csv.part", f"{root}/data/staff-drop.csv")
        t0 = time.monotonic()
        ok = wait_published(root, 2, SETTLE + 2)
        check("a dropped file is published within settle + 2 s", ok,
              f"{time.monotonic() - t0:.2f} s")
        time.sleep(1)
        before = len(published(root))
        for i in range(20):
            staff_file(f"{root}/data/staff-burst-{i:02}.csv", 10, 100 + i)
        # Wait for the run (with a deadline), then long enough for a second one to show.
        wait_published(root, before + 1, SETTLE + 60)
        time.sleep(SETTLE + 2)
        check("a burst of 20 files gives exactly one run", len(published(root)) == before + 1,
              f"{len(published(root)) - before} runs")
        log = d.log_text()
        stamped = [l for l in log.splitlines() if re.match(r"\d{4}-\d\d-\d\dT\d\d:", l)]
        check("journal lines carry priorities and no timestamps",
              log.startswith("<5>orbis") and "\n<6>read " in log and not stamped,
              (stamped or log.splitlines())[0][:80])
        check("status is sent", d.wait_for("STATUS=Last run default published", 20))

        pid = d.process.pid
        rss = proc_status(pid, "VmRSS")
        check("resident memory after a run under 60 MB", rss is not None and rss < 60 * 1024,
              f"{rss / 1024:.1f} MB")
        # The run's tail may still use the CPU after its STATUS: what it frees, and the
        # dispatch pool's idle threads, which end about 5 s after their last work. Wait, with
        # a deadline, for 7 s without a tick or a thread ending, then measure.
        settled_by = time.monotonic() + 45
        ticks0, threads0 = cpu_ticks(pid), proc_status(pid, "Threads")
        while time.monotonic() < settled_by:
            time.sleep(7)
            now, threads = cpu_ticks(pid), proc_status(pid, "Threads")
            if now == ticks0 and threads == threads0:
                break
            ticks0, threads0 = now, threads
        time.sleep(idle)
        ticks = cpu_ticks(pid) - ticks0
        check(f"idle for {idle:.0f} s uses no measurable CPU", ticks <= 1, f"{ticks} ticks")

        anon = []
        for i in range(11):
            count = len(published(root))
            staff_file(f"{root}/data/staff-drop.csv", 50 + i, 1000 + i)
            wait_published(root, count + 1, SETTLE + 5)
            time.sleep(0.3)
            anon.append(proc_status(pid, "RssAnon"))
        growth = anon[-1] - anon[0]
        check("RssAnon does not grow over ten more runs", growth <= max(1024, anon[0] * 0.05),
              f"{anon[0] / 1024:.1f} → {anon[-1] / 1024:.1f} MB")
        with open(f"{root}/orbis.prom") as f:
            metrics = f.read()
        check("metrics file has the key figures",
              'orbis_staff_present{report="default"}' in metrics
              and 'orbis_programmes_active{report="default",type="IRP"} 10' in metrics)
        state = json.load(open(f"{root}/state/state.json"))
        check("state file records the last run",
              state["reports"]["default"]["outcome"] == "published")
        status = subprocess.run([orbis, "status", "--config", f"{root}/orbis.toml"],
                                capture_output=True, text=True)
        check("orbis status shows the last run", status.returncode == 0
              and "published" in status.stdout, status.stdout.splitlines()[2:3])
        # A file written slowly in small chunks over 10 s, with pauses longer than the settle
        # delay and no close until the end, is read whole, once.
        count = len(published(root))
        started = time.monotonic()
        with open(f"{root}/data/staff-slow.csv", "w") as f:
            f.write("id,nationality,unit,category,start_date,end_date,fte\n")
            for i in range(12):
                for j in range(25):
                    f.write(f"S-{i}-{j},IT,LAPP,researcher,2020-01-01,,1\n")
                f.flush()
                time.sleep(SETTLE * 1.6 if i % 2 else 0.2)
        written = time.monotonic() - started
        wait_published(root, count + 1, SETTLE + 5)
        time.sleep(SETTLE + 1)
        latest = json.load(open(f"{root}/reports/default/latest/stats.json"))
        slow = [i for i in latest["inputs"] if i["file"] == "staff-slow.csv"]
        check(f"a file written slowly over {written:.0f} s (pauses of {SETTLE * 1.6:g} s) is read "
              "whole, in one run",
              len(published(root)) == count + 1 and slow and slow[0]["rows_read"] == 300,
              f"{len(published(root)) - count} runs, rows {slow[0]['rows_read'] if slow else None}")

        # An unreadable file: nothing published, the failure is shown, retried, then fixed.
        count = len(published(root))
        with open(f"{root}/data/staff-x.csv", "wb") as f:
            # Neither UTF-8 nor Windows-1252 (0x81 is undefined there).
            f.write(b"id,nationality\nA1,\xe9\x81\n")
        mark = len(d.messages)
        check("an unreadable file shows in STATUS=", d.wait_for("last error: default: ", SETTLE + 5, mark))
        status = subprocess.run([orbis, "status", "--config", f"{root}/orbis.toml"],
                                capture_output=True, text=True)
        check("orbis status names the file and exits 1",
              status.returncode == 1 and "staff-x.csv" in status.stdout, status.stdout[-200:])
        time.sleep(2.5)
        check("the failed run is retried with back-off", "retry 1 of 2" in d.log_text()
              and d.log_text().count("nothing published: a file cannot be read") >= 2)
        check("nothing was published meanwhile", len(published(root)) == count)
        mark = len(d.messages)
        os.remove(f"{root}/data/staff-x.csv")
        # The inputs are those of the last published report again: the run succeeds without
        # publishing a copy, and the error is cleared.
        check("removing the file clears the failure by itself",
              d.wait_for("last error: none", SETTLE + 5, mark))
        state = json.load(open(f"{root}/state/state.json"))["reports"]["default"]
        check("the state records the recovery", state["outcome"] == "unchanged"
              and "error" not in state and state["failures"] == 0, state.get("outcome"))
        staff_file(f"{root}/data/staff-x.csv", 5, 5)
        check("a fixed file publishes again by itself", wait_published(root, count + 1, SETTLE + 5))

        # A truncated export: nothing published, STATUS= and orbis status say which dataset
        # fell from how many to how many, no retry; the guard raised in the configuration
        # (SIGHUP), it publishes.
        count = len(published(root))
        mark = len(d.messages)
        kept = {}
        for name in os.listdir(f"{root}/data"):
            if name.startswith("staff"):
                kept[name] = open(f"{root}/data/{name}", "rb").read()
                os.remove(f"{root}/data/{name}")
        staff_file(f"{root}/data/staff-cut.csv", 3, 3)
        check("a truncated export is refused, STATUS= says which dataset fell",
              d.wait_for("refused", SETTLE + 10, mark)
              and any("staff fell from" in m and "accept-drop" in m for _, m in d.messages[mark:]))
        status = subprocess.run([orbis, "status", "--config", f"{root}/orbis.toml"],
                                capture_output=True, text=True)
        check("orbis status says it and exits 1",
              status.returncode == 1 and "staff fell from" in status.stdout, status.stdout[-300:])
        log_mark = len(d.log_text())
        time.sleep(2.5)
        check("a refused run is not retried and publishes nothing",
              len(published(root)) == count and "retry" not in d.log_text()[log_mark:],
              f"{len(published(root)) - count} published; {d.log_text()[log_mark:][-300:]}")
        with open(f"{root}/orbis.prom") as f:
            check("the metrics say it", 'orbis_refused_drop_rows{report="default",dataset="staff",when="current"} 3' in f.read())
        mark = len(d.messages)
        config(root, max_drop=100)
        d.process.send_signal(signal.SIGHUP)
        check("the guard raised in the configuration, it publishes",
              wait_published(root, count + 1, SETTLE + 15))
        os.remove(f"{root}/data/staff-cut.csv")
        for name, content in kept.items():
            with open(f"{root}/data/{name}", "wb") as f:
                f.write(content)
        check("the roster back publishes again", wait_published(root, count + 2, SETTLE + 15))
        config(root)
        d.process.send_signal(signal.SIGHUP)
        # The configuration back: a run of its own, waited for before the next scenario.
        wait_published(root, count + 3, SETTLE + 15)

        # The data directory renamed away, then replaced: watched again, and a run follows.
        count = len(published(root))
        os.rename(f"{root}/data", f"{root}/data.old")
        mark = len(d.messages)
        check("a data directory gone shows in STATUS=", d.wait_for("is gone", 5, mark))
        shutil.copytree(f"{root}/data.old", f"{root}/data.new")
        staff_file(f"{root}/data.new/staff-drop.csv", 77, 77)
        os.rename(f"{root}/data.new", f"{root}/data")
        check("the replaced data directory is watched again and published",
              wait_published(root, count + 1, SETTLE + 5))
        count = len(published(root))
        staff_file(f"{root}/data/staff-drop.csv", 78, 78)
        check("changes in the new directory are seen", wait_published(root, count + 1, SETTLE + 5))
        shutil.rmtree(f"{root}/data.old")

        code, seconds = d.stop()
        check("SIGTERM exits 0 within 10 s", code == 0 and seconds < 10, f"{code}, {seconds:.2f} s")
        check("STOPPING=1 is sent", d.wait_for("STOPPING=1", 1))

        # 2. Watchdog pings and a schedule firing every minute (path socket).
        config(root, schedule="* * * * *")
        d = Daemon(orbis, root, abstract=False, watchdog_usec=1_000_000)
        check("READY=1 on a path socket", d.wait_for("READY=1", 30))
        mark = len(d.messages)
        d.receive(2.2)
        pings = sum("WATCHDOG=1" in m for _, m in d.messages[mark:])
        check("WATCHDOG=1 every half WATCHDOG_USEC", pings >= 3, f"{pings} pings in 2.2 s")
        count = len(published(root))
        now = time.time()
        wait = 60 - now % 60
        ok = wait_published(root, count + 1, wait + 3)
        fired_at = time.time() % 60
        check("`* * * * *` fires at the minute", ok and fired_at < 3,
              f"published {fired_at:.2f} s past the minute")
        check("the scheduled run is logged", "run.reason=schedule" in d.log_text())

        # 3. Reload: a broken config keeps serving; a fixed one is picked up.
        config(root, broken=True)
        mark = len(d.messages)
        d.process.send_signal(signal.SIGHUP)
        reloading = d.wait_for("RELOADING=1", 5, mark)
        check("RELOADING=1 with MONOTONIC_USEC", reloading and any(
            "MONOTONIC_USEC=" in m for _, m in d.messages[mark:]))
        d.wait_for("READY=1", 5, mark)
        time.sleep(0.3)
        log = d.log_text()
        check("a broken config is refused with its reason",
              "configuration not reloaded" in log and 'hour \\"25\\"' not in log
              and 'report[0].schedule: hour "25" is not in 0-23' in log)
        check("the daemon keeps serving", d.process.poll() is None)
        config(root, extra_report="weekly")
        mark = len(d.messages)
        d.process.send_signal(signal.SIGHUP)
        check("READY=1 after the reload", d.wait_for("READY=1", 5, mark))
        check("the fixed config is picked up (a new report is published)",
              wait_published(root, 1, 10, report="weekly"))
        weekly = published(root, "weekly")
        files = sorted(os.listdir(f"{root}/reports/weekly/{weekly[-1]}")) if weekly else []
        check("its formats are honoured", files == ["stats.json", "summary.txt"], files)
        code, seconds = d.stop()
        check("SIGTERM exits 0 within 10 s (second run)", code == 0 and seconds < 10,
              f"{code}, {seconds:.2f} s")

        # 5. Polling (daemon.watch = "poll"), as on a network share: changes, a burst, a file
        # still growing, a deleted file; and the safety rescan beside inotify catching a
        # change whose event was lost (ORBIS_FAILPOINT=ignore_inotify drops them all).
        poll_root = tempfile.mkdtemp(prefix="orbis-poll-")
        try:
            check_polling(orbis, data, poll_root)
        finally:
            shutil.rmtree(poll_root, ignore_errors=True)

        # 4. An invalid configuration at start: exit 2 with the reason.
        config(root, broken=True)
        result = subprocess.run([orbis, "serve", "--config", f"{root}/orbis.toml"],
                                capture_output=True, text=True, timeout=30)
        check("an invalid configuration exits 2 with the key, line and reason",
              result.returncode == 2 and "orbis.toml:16: report[0].schedule" in result.stderr,
              result.stderr.strip())
    finally:
        if FAILURES:
            print(f"kept {root} for inspection")
        else:
            shutil.rmtree(root, ignore_errors=True)
    print(f"check_serve: {len(FAILURES)} failed")
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
