#!/usr/bin/env bash
# Orbis under a real systemd: boots one with systemd-nspawn over an overlay of this machine's
# root (on a tmpfs), installs Orbis into it with `make install DESTDIR=…`, and checks the
# unit: active, Status:, a dropped file published, reload picked up, a stalled watchdog
# restarts it, journal priorities, clean stop; systemd-analyze verify and security. The
# container is shut down and everything unmounted, even on failure. Needs root.
set -euo pipefail
cd "$(dirname "$0")/.."

NAME=test-systemd
# shellcheck source=systemd/nspawn.sh
. systemd/nspawn.sh
nspawn_require_root

echo "test-systemd: building and installing into an overlay of / on a tmpfs"
make -s release
nspawn_overlay
# The host's own Orbis installation, if any, must not leak in.
rm -rf "$ROOT/etc/orbis" "$ROOT/var/lib/orbis"
make -s install DESTDIR="$ROOT" PREFIX=/usr/local
# Quick reactions for the test: a 1 s settle, a 4 s watchdog.
sed -i 's/^settle_seconds = .*/settle_seconds = 1/' "$ROOT/etc/orbis/orbis.toml"
mkdir -p "$ROOT/etc/systemd/system/orbis.service.d"
printf '[Service]\nWatchdogSec=4s\nTimeoutAbortSec=3s\nRestartSec=1s\n' \
  > "$ROOT/etc/systemd/system/orbis.service.d/test.conf"
ln -sf /usr/local/lib/systemd/system/orbis.service \
  "$ROOT/etc/systemd/system/multi-user.target.wants/orbis.service"

nspawn_boot

check "systemd-analyze verify is clean" \
  bash -c "! nsenter -t $LEADER -a systemd-analyze verify /usr/local/lib/systemd/system/orbis.service 2>&1 | grep ."
score=$(systemd-analyze security --offline=true "$ROOT/usr/local/lib/systemd/system/orbis.service" 2>&1 \
  | sed -n 's/.*Overall exposure level for orbis.service: \([0-9.]*\).*/\1/p')
echo "     systemd-analyze security: $score"
check "systemd-analyze security scores 1.0 or lower" awk -v s="$score" 'BEGIN { exit !(s != "" && s <= 1.0) }'

check "the unit is active" wait_for 60 in_container systemctl is-active orbis
in_container systemctl status orbis --no-pager | head -12 || true
check "systemctl status shows a Status: line" \
  bash -c "nsenter -t $LEADER -a systemctl status orbis --no-pager | grep -q 'Status: \"'"
echo "     $(modes /var/lib/orbis/data /var/lib/orbis/reports /var/lib/orbis/state)"
check "user and directories from sysusers and tmpfiles" test \
  "$(modes /var/lib/orbis/data /var/lib/orbis/reports /var/lib/orbis/state)" \
  = "2770 orbis orbis 2750 orbis orbis 700 orbis orbis "

reports() { find "$ROOT/var/lib/orbis/reports/default" -mindepth 1 -maxdepth 1 -name '2*' 2>/dev/null | wc -l; }
before=$(reports)
# As a member of the orbis group would: files written into the drop folder, then closed.
for f in Data/staff.csv Data/programmes.csv Data/agreements.csv; do
  in_container install -m 0640 -g orbis "$PWD/$f" /var/lib/orbis/data/
done
check "a dropped file is published" wait_for 15 bash -c "[ \$(find $ROOT/var/lib/orbis/reports/default -mindepth 1 -maxdepth 1 -name '2*' | wc -l) -gt $before ]"
latest=$(in_container readlink -f /var/lib/orbis/reports/default/latest)
echo "     $(modes "$latest" "$latest/stats.json")"
check "report directories 0750 and files 0640, group orbis" test \
  "$(modes "$latest" "$latest/stats.json")" = "750 orbis orbis 640 orbis orbis "

cat >> "$ROOT/etc/orbis/orbis.toml" <<'TOML'

[[report]]
name = "weekly"
formats = ["txt"]
TOML
in_container systemctl reload orbis
check "systemctl reload is picked up (a new report is published)" \
  wait_for 15 test -e "$ROOT/var/lib/orbis/reports/weekly/latest/summary.txt"
check "the unit is active after the reload" in_container systemctl is-active orbis

pid=$(show MainPID)
restarts=$(show NRestarts)
in_container kill -STOP "$pid"
check "a stopped watchdog ping leads to a restart" wait_for 30 bash -c \
  "[ \"\$(nsenter -t $LEADER -a systemctl show orbis -p NRestarts --value)\" -gt $restarts ] &&
   nsenter -t $LEADER -a systemctl is-active orbis"
check "the restarted service runs under a new pid" bash -c "[ \"\$(nsenter -t $LEADER -a systemctl show orbis -p MainPID --value)\" != $pid ]"
in_container journalctl -u orbis --no-pager -o short | tail -n 8 || true
check "journalctl shows the watchdog timeout" bash -c \
  "nsenter -t $LEADER -a journalctl -u orbis --no-pager | grep -q 'Watchdog timeout'"
check "journal lines carry their priorities (notice, info)" bash -c "
  nsenter -t $LEADER -a journalctl -u orbis -o json --no-pager -p notice | grep -q '\"MESSAGE\":\"orbis .* serving' &&
  nsenter -t $LEADER -a journalctl -u orbis -o json --no-pager -p info..info | grep -q '\"MESSAGE\":\"published' &&
  ! nsenter -t $LEADER -a journalctl -u orbis --no-pager -o cat | grep -q '^<[0-7]>'"
check "no timestamps of Orbis's own in journal lines" bash -c \
  "! nsenter -t $LEADER -a journalctl -u orbis --no-pager -o cat -p info | grep -q '^20[0-9][0-9]-'"

in_container systemctl stop orbis
check "systemctl stop is clean" bash -c "
  [ \"\$(nsenter -t $LEADER -a systemctl show orbis -p ActiveState --value)\" = inactive ] &&
  [ \"\$(nsenter -t $LEADER -a systemctl show orbis -p Result --value)\" = success ]"

echo "test-systemd: $FAILED failed"
[ "$FAILED" = 0 ]
