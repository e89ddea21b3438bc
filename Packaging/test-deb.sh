#!/usr/bin/env bash
# The Debian package under a real systemd, as an office's machine would live with it:
#
#   Packaging/test-deb.sh DEB OLD_DEB
#
# Boots systemd with systemd-nspawn over an overlay of this machine's root (on a tmpfs, as
# systemd/test-systemd.sh does), then inside it: installs OLD_DEB with apt-get (which resolves
# its Depends), checks the service runs, edits /etc/orbis/orbis.toml, upgrades to DEB (the
# edit kept, the service restarted under a new pid), drops CSV files into /var/lib/orbis/data
# and waits for the report, reads `man orbis` and `man orbis.toml`, loads the bash completion,
# then removes the package (the service stopped, the configuration kept) and purges it
# (/etc/orbis gone, /var/lib/orbis kept). One ok/FAIL line per check; exit 1 on any failure.
# The container is shut down and everything unmounted, even on failure. Needs root.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 DEB OLD_DEB" >&2
  exit 2
fi
DEB=$(realpath "$1")
OLD_DEB=$(realpath "$2")
cd "$(dirname "$0")/.."

NAME=test-deb
# shellcheck source=systemd/nspawn.sh
. systemd/nspawn.sh
nspawn_require_root
for f in "$DEB" "$OLD_DEB"; do
  [ -f "$f" ] || { echo "test-deb: $f: no such package" >&2; exit 1; }
done
NEW_VERSION=$(dpkg-deb -f "$DEB" Version)
OLD_VERSION=$(dpkg-deb -f "$OLD_DEB" Version)

# apt-get inside the container but on this machine's network (the container has none of its
# own), so that it can fetch a dependency the overlay lacks.
apt_in_container() {  # apt_in_container LOG ARGS...
  local log=$1; shift
  nsenter -t "$LEADER" -m -u -i -p env DEBIAN_FRONTEND=noninteractive \
    apt-get -y -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@" \
    < /dev/null > "$WORK/$log" 2>&1
  local status=$?
  [ $status = 0 ] || { echo "     apt-get $* failed ($status):"; tail -n 20 "$WORK/$log" | sed 's/^/     /'; }
  return $status
}
installed_version() {
  in_container dpkg-query -W -f='${db:Status-Abbrev} ${Version}' orbis 2>/dev/null \
    | tr -s ' ' | sed 's/ *$//' || true
}

nspawn_overlay
# This machine's own Orbis (a package, `make install`, test leftovers) must not leak in.
rm -rf "$ROOT/etc/orbis" "$ROOT/var/lib/orbis" "$ROOT/usr/local/bin/orbis" \
  "$ROOT/usr/local/lib/systemd/system/orbis.service" "$ROOT/usr/local/lib/sysusers.d/orbis.conf" \
  "$ROOT/usr/local/lib/tmpfiles.d/orbis.conf" "$ROOT/etc/systemd/system/orbis.service.d" \
  "$ROOT/etc/systemd/system/multi-user.target.wants/orbis.service"
# A container image's policy-rc.d (exit 101) forbids starting services; a real machine has
# none, and the maintainer scripts are tested as they run there.
rm -f "$ROOT/usr/sbin/policy-rc.d"
mkdir -p "$ROOT/root/orbis-test"
cp "$OLD_DEB" "$ROOT/root/orbis-test/old.deb"
cp "$DEB" "$ROOT/root/orbis-test/new.deb"

nspawn_boot
if [ -n "$(installed_version)" ] && [ "$(installed_version)" != un ]; then
  apt_in_container purge.log purge orbis || true
fi

# The binary's packed relocations (DT_RELR) need glibc 2.36: the Depends must say so.
dpkg-deb --fsys-tarfile "$DEB" | tar -xOf - ./usr/bin/orbis > "$WORK/orbis-binary"
relr_depends() {
  local versions depends
  versions=$(objdump -p "$WORK/orbis-binary")
  depends=$(dpkg-deb -f "$DEB" Depends)
  [[ $versions != *GLIBC_ABI_DT_RELR* ]] || [[ $depends =~ libc6\ \(\>=\ 2\.(3[6-9]|[4-9][0-9]) ]]
}
check "Depends asks for glibc 2.36, which the packed relocations need" relr_depends

# Installation of the older package.
check "apt-get install ./$(basename "$OLD_DEB")" apt_in_container install-old.log install /root/orbis-test/old.deb
check "orbis $OLD_VERSION is installed" test "$(installed_version)" = "ii $OLD_VERSION"
check "the service is active after the installation" wait_for 60 in_container systemctl is-active orbis
check "the service is enabled" test "$(in_container systemctl is-enabled orbis 2>&1)" = enabled
check "user and directories from sysusers and tmpfiles" test \
  "$(modes /var/lib/orbis/data /var/lib/orbis/reports)" = "2770 orbis orbis 2750 orbis orbis "
old_pid=$(show MainPID)

# The office edits its configuration, then the package is upgraded.
sed -i 's/^settle_seconds = .*/settle_seconds = 1/' "$ROOT/etc/orbis/orbis.toml"
echo "# Edited by the office (test-deb)." >> "$ROOT/etc/orbis/orbis.toml"
check "apt-get install ./$(basename "$DEB") (upgrade, no prompt)" apt_in_container install-new.log install /root/orbis-test/new.deb
check "orbis $NEW_VERSION is installed" test "$(installed_version)" = "ii $NEW_VERSION"
check "the edited /etc/orbis/orbis.toml is kept" bash -c \
  "grep -qx '# Edited by the office (test-deb).' '$ROOT/etc/orbis/orbis.toml' &&
   grep -qx 'settle_seconds = 1' '$ROOT/etc/orbis/orbis.toml'"
check "the service is active after the upgrade" wait_for 60 in_container systemctl is-active orbis
new_pid=$(show MainPID)
echo "     MainPID $old_pid before the upgrade, $new_pid after"
check "the service was restarted by the upgrade (new MainPID)" \
  test "$new_pid" != 0 -a "$new_pid" != "$old_pid"
in_container systemctl status orbis --no-pager 2>/dev/null | head -6 | sed 's/^/     /' || true

# A drop into the data directory, as a member of the orbis group would make it.
latest() { readlink -f "$ROOT/var/lib/orbis/reports/default/latest" 2>/dev/null || true; }
before=$(latest)
for f in Data/staff.csv Data/programmes.csv Data/agreements.csv; do
  in_container install -m 0640 -g orbis "$PWD/$f" /var/lib/orbis/data/
done
check "the dropped CSV files are published under reports/default/latest (60 s deadline)" \
  wait_for 60 bash -c "l=\$(readlink -f '$ROOT/var/lib/orbis/reports/default/latest') &&
    [ \"\$l\" != '$before' ] && grep -q 'staff.csv' \"\$l/stats.json\""
check "the installed binary packs report.xlsx at its zlib level, 4 (libxlsxwriter's call bound to it)" \
  python3 Tests/scripts/check_xlsx_level.py "$ROOT/var/lib/orbis/reports/default/latest/report.xlsx" 4

# Documentation and completion.
if ! in_container sh -c 'command -v man' >/dev/null 2>&1; then
  apt_in_container man-db.log install --no-install-recommends man-db || true
fi
check "man orbis renders" bash -c \
  "nsenter -t $LEADER -a env MANWIDTH=80 man orbis 2>/dev/null | grep -q 'orbis.toml(5)'"
check "man orbis.toml renders" bash -c \
  "nsenter -t $LEADER -a env MANWIDTH=80 man orbis.toml 2>/dev/null | grep -q 'settle_seconds'"
check "the bash completion defines a completion for orbis" bash -c \
  "nsenter -t $LEADER -a bash -c '. /usr/share/bash-completion/completions/orbis && complete -p orbis' |
   grep -q 'complete .*-F _orbis orbis'"
check "zsh and fish completions are installed" in_container test -s /usr/share/zsh/vendor-completions/_orbis \
  -a -s /usr/share/fish/vendor_completions.d/orbis.fish

# Removal keeps the configuration, purge removes it; the data and reports stay either way.
check "apt-get remove orbis" apt_in_container remove.log remove orbis
check "the service is stopped after the removal" \
  test "$(in_container systemctl is-active orbis 2>/dev/null || true)" != active
check "/etc/orbis/orbis.toml is kept after the removal" \
  grep -qx '# Edited by the office (test-deb).' "$ROOT/etc/orbis/orbis.toml"
check "/usr/bin/orbis is gone after the removal" test ! -e "$ROOT/usr/bin/orbis"
check "dpkg keeps the configuration of orbis (rc)" test "$(installed_version)" = "rc $NEW_VERSION"
check "apt-get purge orbis" apt_in_container purge.log purge orbis
check "purge says /var/lib/orbis is kept" grep -q '/var/lib/orbis (data, reports, state) is kept' \
  "$WORK/purge.log"
check "/etc/orbis is gone after the purge" test ! -e "$ROOT/etc/orbis"
check "/var/lib/orbis/reports is kept after the purge" test -e "$ROOT/var/lib/orbis/reports/default/latest/stats.json"
purged_state=$(installed_version)
check "dpkg knows orbis no more" test "$purged_state" = "" -o "$purged_state" = un

echo "test-deb: $PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
