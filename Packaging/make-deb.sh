#!/usr/bin/env bash
# Builds the Debian package of Orbis without debhelper: OUTDIR/orbis_VERSION_ARCH.deb.
#
#   Packaging/make-deb.sh VERSION BINARY MANDIR OUTDIR
#
# BINARY is a release build of orbis (`make release`: Swift's runtime linked in statically);
# MANDIR holds the pages swift-argument-parser's generate-manual plugin writes (orbis.1,
# orbis.run.1…) and orbis.toml.5 (Tools/make-orbis-toml-man.py). `make deb` runs it.
#
# The package installs /usr/bin/orbis (stripped), orbis.service (ExecStart= on /usr/bin/orbis),
# the sysusers.d and tmpfiles.d files, /etc/orbis/orbis.toml (a conffile: Config/orbis.toml
# with the /var/lib/orbis paths, as `make install` writes it), the man pages (not those of the
# hidden subcommands), bash, zsh and fish completions, README.md, the copyright file
# (Packaging/copyright and the ODbL text) and a changelog. Depends comes from dpkg-shlibdeps;
# a library no Debian package provides (Swift's runtime from a toolchain, when BINARY was not
# built with --static-swift-stdlib) stops the build, unless ORBIS_DEB_ALLOW_UNPACKAGED=1 (for
# trying the packaging on a machine with the toolchain: such a package runs only where the
# library is). Maintainer scripts: Packaging/maintscripts.
#
# Environment: ORBIS_DEB_MAINTAINER (default "Orbis developers <orbis@example.org>"),
# SOURCE_DATE_EPOCH (default: the last commit's time), for file times and the changelog date.
set -euo pipefail

if [ $# -ne 4 ]; then
  echo "usage: $0 VERSION BINARY MANDIR OUTDIR" >&2
  exit 2
fi
VERSION=$1
BINARY=$(realpath "$2")
MANDIR=$(realpath "$3")
mkdir -p "$4"
OUTDIR=$(realpath "$4")
cd "$(dirname "$0")/.."

die() { echo "make-deb: $*" >&2; exit 1; }

[[ $VERSION =~ ^[0-9][A-Za-z0-9.+~-]*$ ]] || die "\"$VERSION\" is not a Debian version"
[ -x "$BINARY" ] || die "$BINARY is not an executable"
for page in orbis.1 orbis.toml.5; do
  [ -f "$MANDIR/$page" ] || die "$MANDIR/$page is missing (make deb writes it)"
done
for tool in dpkg-deb dpkg-shlibdeps objdump strip gzip; do
  command -v "$tool" >/dev/null || die "$tool is needed (dpkg-dev, binutils)"
done

PACKAGE=orbis
ARCH=$(dpkg --print-architecture)
MAINTAINER=${ORBIS_DEB_MAINTAINER:-Orbis developers <orbis@example.org>}
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
  SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null || date +%s)
fi
export SOURCE_DATE_EPOCH
# Subcommands hidden from --help: no page of theirs is installed.
HIDDEN_PAGES="orbis.cells.1 orbis.serve-run.1"

umask 022
WORK=$(mktemp -d "${TMPDIR:-/tmp}/orbis-deb.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
# The layout dpkg-shlibdeps expects (debian/control beside the package tree); nothing of it
# is kept.
ROOT=$WORK/debian/$PACKAGE
mkdir -p "$ROOT/DEBIAN"
printf 'Source: %s\n\nPackage: %s\nArchitecture: any\n' "$PACKAGE" "$PACKAGE" \
  > "$WORK/debian/control"
DOC=$ROOT/usr/share/doc/$PACKAGE

# The binary, stripped as dh_strip does.
install -D -m 0755 "$BINARY" "$ROOT/usr/bin/orbis"
strip --remove-section=.comment --remove-section=.note "$ROOT/usr/bin/orbis"
binary_version=$("$BINARY" --version 2>/dev/null || true)
if [ "$binary_version" != "$VERSION" ]; then
  echo "make-deb: note: $BINARY says it is version ${binary_version:-?}, the package is $VERSION" >&2
fi

# The libraries it loads, each from a Debian package.
unpackaged=""
unpackaged_dirs=()
for lib in $(objdump -p "$BINARY" | awk '$1 == "NEEDED" { print $2 }'); do
  path=$(ldd "$BINARY" | awk -v lib="$lib" '$1 == lib && $3 ~ /^\// { print $3; exit }')
  if [ -z "$path" ]; then
    case $lib in ld-linux*) continue ;; esac
    unpackaged="$unpackaged $lib (not found)"
    continue
  fi
  owned=""
  for candidate in "$path" "$(realpath "$path")" "/usr${path#/usr}" "${path#/usr}"; do
    if dpkg -S "$candidate" >/dev/null 2>&1; then owned=yes; break; fi
  done
  if [ -z "$owned" ]; then
    unpackaged="$unpackaged $lib ($path)"
    unpackaged_dirs+=("-l$(dirname "$path")")
  fi
done
shlibdeps_options=()
if [ -n "$unpackaged" ]; then
  if [ "${ORBIS_DEB_ALLOW_UNPACKAGED:-}" != 1 ]; then
    die "$BINARY loads libraries no Debian package provides:$unpackaged.
Build it with Swift's runtime linked in (make release: --static-swift-stdlib)."
  fi
  echo "make-deb: warning: loads libraries no Debian package provides:$unpackaged;" \
    "the package runs only where they are (ORBIS_DEB_ALLOW_UNPACKAGED=1)" >&2
  shlibdeps_options=(--ignore-missing-info "${unpackaged_dirs[@]}")
fi
shlibs=$(cd "$WORK" && dpkg-shlibdeps -O "${shlibdeps_options[@]}" -e "debian/$PACKAGE/usr/bin/orbis" \
  2> >(grep -v -e 'binaries to analyze should already be installed' \
    -e 'could avoid a useless dependency' -e 'no dependency information found for' \
    -e "can't extract name and version from library name" >&2) \
  | sed -n 's/^shlibs:Depends=//p')
[ -n "$shlibs" ] || die "dpkg-shlibdeps found no dependency"
# The release link packs relative relocations (DT_RELR, Package.swift), which glibc reads
# from 2.36 on: the binary requires the version GLIBC_ABI_DT_RELR, which dpkg-shlibdeps
# does not map to a libc6 version.
versions=$(objdump -p "$ROOT/usr/bin/orbis")
if [[ $versions == *GLIBC_ABI_DT_RELR* ]]; then
  libc=""
  if [[ $shlibs =~ libc6\ \(\>=\ ([^\)]+)\) ]]; then libc=${BASH_REMATCH[1]}; fi
  if [ -z "$libc" ]; then
    shlibs="libc6 (>= 2.36), $shlibs"
  elif dpkg --compare-versions "$libc" lt 2.36; then
    shlibs=${shlibs/"libc6 (>= $libc)"/"libc6 (>= 2.36)"}
  fi
fi

# systemd: the unit on the installed binary, the user and the directories.
install -d "$ROOT/usr/lib/systemd/system" "$ROOT/usr/lib/sysusers.d" "$ROOT/usr/lib/tmpfiles.d"
sed -e 's#@BINDIR@#/usr/bin#' \
    -e "s/^# Installed by \`make install\`, which fills in the binary's path\.\$/# Installed by the orbis Debian package./" \
    systemd/orbis.service > "$ROOT/usr/lib/systemd/system/orbis.service"
install -m 0644 systemd/orbis.sysusers "$ROOT/usr/lib/sysusers.d/orbis.conf"
install -m 0644 systemd/orbis.tmpfiles "$ROOT/usr/lib/tmpfiles.d/orbis.conf"

# The configuration, as `make install` writes it (the /var/lib/orbis paths), a conffile.
install -d "$ROOT/etc/orbis"
sed -e 's#^data = .*#data = "/var/lib/orbis/data"#' \
    -e 's#^reports = .*#reports = "/var/lib/orbis/reports"#' \
    -e 's#^state = .*#state = "/var/lib/orbis/state"#' \
    -e 's#^\# Orbis configuration for a local run (`make run`).*#\# Orbis configuration, installed by the orbis Debian package.#' \
    Config/orbis.toml > "$ROOT/etc/orbis/orbis.toml"
grep -q '^data = "/var/lib/orbis/data"$' "$ROOT/etc/orbis/orbis.toml" \
  || die "Config/orbis.toml: no data = line to point at /var/lib/orbis/data"
echo /etc/orbis/orbis.toml > "$ROOT/DEBIAN/conffiles"

# Man pages, gzipped. orbis(1) names orbis.toml(5) and not the hidden subcommands' pages; a
# subcommand's page is named orbis.serve in NAME (whatis and apropos read one word there) and
# still shows "orbis serve" in its synopsis.
install -d "$ROOT/usr/share/man/man1" "$ROOT/usr/share/man/man5"
hidden_names=$(for p in $HIDDEN_PAGES; do printf '%s ' "${p%.1}"; done)
for page in "$MANDIR"/*.1; do
  name=$(basename "$page")
  case " $HIDDEN_PAGES " in *" $name "*) continue ;; esac
  awk -v hidden="$hidden_names" -v page="${name%.1}" -v main="$([ "$name" = orbis.1 ] && echo 1)" '
    BEGIN { n = split(hidden, h, " "); for (i = 1; i <= n; i++) skip[h[i]] = 1 }
    function flush(   i) {
      if (main) xr[++nx] = "orbis.toml 5"
      for (i = 1; i <= nx; i++) print ".Xr " xr[i] (i < nx ? " ," : "")
      nx = 0; inlist = 0
    }
    /^\.Sh / { section = $0 }
    section == ".Sh NAME" && /^\.Nm "[^"]* [^"]*"$/ && shown == "" {
      shown = substr($0, 5); print ".Nm " page; next
    }
    /^\.Nm$/ && shown != "" { print ".Nm " shown; next }
    /^\.Sh "?SEE ALSO"?$/ { print; inlist = 1; next }
    inlist && /^\.Xr / {
      sub(/ ,$/, ""); split($0, f, " ")
      if (!(f[2] in skip)) xr[++nx] = f[2] " " f[3]
      next
    }
    inlist { flush() }
    { print }
    END { if (inlist) flush() }
  ' "$page" | gzip -9n > "$ROOT/usr/share/man/man1/$name.gz"
done
gzip -9n < "$MANDIR/orbis.toml.5" > "$ROOT/usr/share/man/man5/orbis.toml.5.gz"

# Shell completions, from the binary itself.
install -d "$ROOT/usr/share/bash-completion/completions" "$ROOT/usr/share/zsh/vendor-completions" \
  "$ROOT/usr/share/fish/vendor_completions.d"
"$BINARY" --generate-completion-script bash | sed '1{/^#!/d}' \
  > "$ROOT/usr/share/bash-completion/completions/orbis"
"$BINARY" --generate-completion-script zsh > "$ROOT/usr/share/zsh/vendor-completions/_orbis"
"$BINARY" --generate-completion-script fish > "$ROOT/usr/share/fish/vendor_completions.d/orbis.fish"
grep -q 'complete .* orbis$' "$ROOT/usr/share/bash-completion/completions/orbis" \
  || die "the bash completion script defines no completion for orbis"

# Documentation: README, copyright (with the ODbL's full text, which Debian's
# common-licenses lacks) and the changelog.
install -d "$DOC"
gzip -9n < README.md > "$DOC/README.md.gz"
{
  cat Packaging/copyright
  echo
  echo "License: ODbL-1.0"
  sed -e 's/[[:space:]]*$//' -e 's/^$/./' -e 's/^/ /' \
    Tools/CountryTableGenerator/Reference/mledoze-countries.LICENSE.md
} > "$DOC/copyright"
{
  echo "$PACKAGE ($VERSION) unstable; urgency=medium"
  echo
  echo "  * Orbis $VERSION, packaged by Packaging/make-deb.sh (make deb)."
  echo
  echo " -- $MAINTAINER  $(LC_ALL=C date -u -R -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n > "$DOC/changelog.gz"

# Maintainer scripts and control.
install -m 0755 Packaging/maintscripts/postinst Packaging/maintscripts/prerm \
  Packaging/maintscripts/postrm "$ROOT/DEBIAN/"
installed_size=$(du -k -s --apparent-size --exclude=DEBIAN "$ROOT" | cut -f1)
cat > "$ROOT/DEBIAN/control" <<EOF
Package: $PACKAGE
Version: $VERSION
Architecture: $ARCH
Maintainer: $MAINTAINER
Installed-Size: $installed_size
Depends: $shlibs, init-system-helpers (>= 1.54~), systemd | systemd-standalone-sysusers | systemd-sysusers, systemd | systemd-standalone-tmpfiles | systemd-tmpfiles
Section: misc
Priority: optional
Description: statistics and reports for an international-relations office
 Orbis reads the staff roster, the international cooperation programmes and
 the agreements with organisations that people drop into a data directory as
 CSV or Excel files, and recomputes the figures an international-relations
 office otherwise rebuilds by hand: share of foreign staff, nationalities and
 continents, programmes by type, partner country and laboratory, agreements by
 category, trends, and what changed since the last report. It writes them as
 spreadsheets (XLSX) and text reports into a reports directory, on a schedule
 and whenever the data changes.
 .
 This package runs Orbis as the systemd service orbis.service, under its own
 orbis user: members of the orbis group drop files into /var/lib/orbis/data
 and collect reports from /var/lib/orbis/reports. The configuration is
 /etc/orbis/orbis.toml (man orbis.toml).
EOF
(cd "$ROOT" && find . -type f ! -path './DEBIAN/*' ! -path './etc/*' -printf '%P\0' | LC_ALL=C sort -z \
  | xargs -0 md5sum) > "$ROOT/DEBIAN/md5sums"
chmod 0644 "$ROOT/DEBIAN/control" "$ROOT/DEBIAN/conffiles" "$ROOT/DEBIAN/md5sums"
find "$ROOT" -newermt "@$SOURCE_DATE_EPOCH" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

DEB=$OUTDIR/${PACKAGE}_${VERSION}_${ARCH}.deb
dpkg-deb --root-owner-group -Zxz --build "$ROOT" "$DEB" >/dev/null
echo "make-deb: $DEB ($(du -h "$DEB" | cut -f1)), Depends: $shlibs"
