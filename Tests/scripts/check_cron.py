#!/usr/bin/env python3
"""Compares Orbis's cron next-fire times with PyPI's croniter (Debian python3-croniter).

Random expressions and start instants in four time zones, a third of them within 48 hours of
a DST change. Orbis reads each case through `orbis schedule --batch`. Two differences are
documented and left out: croniter fires a fixed time repeated by a fall-back change twice
(Orbis, as cronie, once, at its first occurrence), and croniter treats a `*/n` day field as
restricted in Vixie's day rule (Orbis, as Vixie cron, as unrestricted).

Usage: check_cron.py ORBIS [CASES] [SEED]
"""
import random
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from croniter import croniter

ZONES = ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"]
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
LOW = datetime(2001, 1, 1, tzinfo=timezone.utc).timestamp()
HIGH = datetime(2035, 12, 31, tzinfo=timezone.utc).timestamp()


def transitions(zone):
    """UTC instants where the zone's offset changes, 2001-2035 (scanned hourly, refined)."""
    tz = ZoneInfo(zone)
    found = []
    t = int(LOW)
    previous = datetime.fromtimestamp(t, tz).utcoffset()
    while t < HIGH:
        nxt = t + 3600
        offset = datetime.fromtimestamp(nxt, tz).utcoffset()
        if offset != previous:
            lo, hi = t, nxt
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if datetime.fromtimestamp(mid, tz).utcoffset() == previous:
                    lo = mid
                else:
                    hi = mid
            found.append(hi)
            previous = offset
        t = nxt
    return found


def field(rng, low, high, names=None):
    """One field: `*`, `*/n`, or a list of values, ranges (numbers or names) and stepped
    ranges. Ranges run upwards with distinct ends, names are not mixed with numbers inside a
    range, and a step fits its range: croniter reads other spellings its own way."""

    def name(v):
        return names[v - 1] if low == 1 else names[v]

    choice = rng.random()
    if choice < 0.3:
        return "*"
    if choice < 0.45:
        return f"*/{rng.randint(1, max(1, (high - low) // 2))}"
    parts = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        kind = rng.random()
        a = rng.randint(low, high - 1)
        b = rng.randint(a + 1, high)
        use_names = names is not None and rng.random() < 0.3
        if kind < 0.5:
            parts.append(name(a) if use_names else str(a))
        elif kind < 0.8:
            parts.append(f"{name(a)}-{name(b)}" if use_names else f"{a}-{b}")
        else:
            parts.append(f"{a}-{b}/{rng.randint(1, b - a)}")
    return ",".join(parts)


def expression(rng):
    if rng.random() < 0.05:
        return rng.choice(["@hourly", "@daily", "@weekly", "@monthly", "@yearly"])
    minute = field(rng, 0, 59) if rng.random() < 0.7 else str(rng.randint(0, 59))
    hour = field(rng, 0, 23)
    # Fixed hours around DST changes (1-3 a.m.) make the interesting cases common.
    if rng.random() < 0.3:
        hour = rng.choice(["1", "2", "3", "0-3", "2,3", "1-2"])
    dom = field(rng, 1, 28) if rng.random() < 0.8 else field(rng, 1, 31)
    month = field(rng, 1, 12, MONTHS)
    dow = field(rng, 0, 6, DAYS)
    return f"{minute} {hour} {dom} {month} {dow}"


def restricted(text):
    return not text.startswith("*")


def step_day_difference(expr):
    """croniter reads `*/n` (or `*-…`) in a day field as restricted: Vixie's rule differs."""
    if expr.startswith("@"):
        return False
    _, _, dom, _, dow = expr.split()
    star_step = lambda f: f.startswith("*") and f != "*"
    return (star_step(dom) and restricted(dow)) or (star_step(dow) and restricted(dom)) or (
        star_step(dom) and star_step(dow))


def is_fixed_time(expr):
    if expr.startswith("@"):
        return expr != "@hourly"
    minute, hour = expr.split()[:2]
    return not minute.startswith("*") and not hour.startswith("*")


def second_occurrence(ts, zone):
    """The instant's local time also occurred earlier (it is in a repeated fall-back hour)."""
    tz = ZoneInfo(zone)
    local = datetime.fromtimestamp(ts, tz)
    naive = local.replace(tzinfo=None)
    first = naive.replace(tzinfo=tz, fold=0).timestamp()
    return local.fold == 1 and first != ts


def main():
    orbis = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 7500
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 20261123)
    changes = {zone: transitions(zone) for zone in ZONES}
    cases = []
    for i in range(count):
        zone = ZONES[i % len(ZONES)]
        if i % 3 == 0 and changes[zone]:
            # Half of them within three hours of the change, where skipped and repeated
            # local times are.
            spread = 3 * 3600 if rng.random() < 0.5 else 48 * 3600
            start = rng.choice(changes[zone]) + rng.randint(-spread, spread)
        else:
            start = rng.randint(int(LOW), int(HIGH))
        if rng.random() < 0.3:
            start -= start % 60  # on a minute boundary: "strictly after" matters
        cases.append((zone, start, expression(rng)))

    batch = "".join(f"{z}\t{s}\t{e}\n" for z, s, e in cases)
    result = subprocess.run(
        [orbis, "schedule", "--batch"], input=batch, capture_output=True, text=True, check=True)
    answers = result.stdout.splitlines()
    assert len(answers) == len(cases), (len(answers), len(cases))

    compared = left_out_step = left_out_fold = near_dst = at_gap_end = 0
    transitions_at = {zone: set(found) for zone, found in changes.items()}
    failures = []
    for (zone, start, expr), answer in zip(cases, answers):
        start_dt = datetime.fromtimestamp(start, ZoneInfo(zone))
        expected = int(croniter(expr, start_dt).get_next(float))
        if answer.startswith("error") or answer == "none":
            failures.append((zone, start, expr, answer, expected))
            continue
        ours = int(answer)
        if ours != expected:
            if step_day_difference(expr):
                left_out_step += 1
            elif is_fixed_time(expr) and second_occurrence(expected, zone) and ours > expected:
                left_out_fold += 1
            else:
                failures.append((zone, start, expr, ours, expected))
            continue
        compared += 1
        if any(abs(start - t) <= 48 * 3600 for t in changes[zone]):
            near_dst += 1
        if ours in transitions_at[zone]:
            at_gap_end += 1

    for zone, start, expr, ours, expected in failures[:20]:
        when = datetime.fromtimestamp(start, ZoneInfo(zone)).isoformat()
        fmt = lambda v: datetime.fromtimestamp(int(v), ZoneInfo(zone)).isoformat() if isinstance(
            v, (int, float)) else v
        print(f"DIFF {zone} after {when} '{expr}': orbis {fmt(ours)} croniter {fmt(expected)}")
    print(f"check_cron: {compared} cases agree ({near_dst} within 48 h of a DST change, "
          f"{at_gap_end} firing at the instant of a change); "
          f"left out: {left_out_fold} repeated fall-back times, {left_out_step} '*/n' day fields; "
          f"{len(failures)} differ")
    if failures or compared < 5000:
        sys.exit(1)


if __name__ == "__main__":
    main()
