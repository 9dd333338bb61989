#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks the built package the way Debian and the desktop do; fails on any finding.
#   scripts/package-check.sh [build dir]      (default build/default; run `cpack -G DEB` there first)
# lintian (any E: or W:), appstreamcli validate --no-net, desktop-file-validate, the icons, the manual pages
# through man with warnings on; then it installs the package (root or sudo), runs systemd-analyze verify on the
# installed unit and both programs' --version, and purges it again, checking nothing is left.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/default}
deb=$(ls "$build"/leadrelay_*.deb | head -1)
failed=0
fail() { echo "package-check: FAILED: $*" >&2; failed=1; }

echo "== lintian $deb"
lintian_out=$(lintian "$deb" 2>/dev/null || true)
[ -n "$lintian_out" ] && echo "$lintian_out"
if grep -qE '^[EW]: ' <<<"$lintian_out"; then fail "lintian reports errors or warnings"; fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"

echo "== appstreamcli validate --no-net"
appstreamcli validate --no-net "$root"/usr/share/metainfo/*.metainfo.xml || fail "AppStream metainfo"
echo "== desktop-file-validate"
desktop-file-validate "$root"/usr/share/applications/*.desktop || fail "desktop file"

echo "== icons"
for size in 16 32 48 64 128 256; do
    [ -f "$root/usr/share/icons/hicolor/${size}x${size}/apps/leadrelay.png" ] || fail "no ${size}x${size} PNG icon"
done
[ -f "$root/usr/share/icons/hicolor/scalable/apps/leadrelay.svg" ] || fail "no SVG icon"

echo "== man -l (warnings on)"
for page in leadrelay leadrelay-cli; do
    file="$root/usr/share/man/man1/$page.1.gz"
    if [ ! -f "$file" ]; then fail "no manual page for $page"; continue; fi
    warnings=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l "$file" 2>&1 >/dev/null || true)
    if [ -n "$warnings" ]; then echo "$warnings"; fail "man page $page renders with warnings"; fi
done

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# The unit is verified as installed: systemd-analyze checks that ExecStart's binary and the Documentation= manual
# page exist on this system. Then the package is purged and nothing of it may remain. A LeadRelay that was already
# installed is left installed.
was_installed=$(dpkg-query -W -f='${Status}' leadrelay 2>/dev/null | grep -c "install ok installed" || true)
echo "== apt-get install $deb"
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "./$deb" >/dev/null
echo "== systemd-analyze verify"
verify=$(systemd-analyze verify /lib/systemd/system/leadrelay-callbacks.service 2>&1) || fail "systemd-analyze verify"
[ -n "$verify" ] && { echo "$verify"; fail "systemd-analyze verify printed findings"; }
systemctl is-enabled leadrelay-callbacks.service 2>/dev/null | grep -qx enabled && fail "the unit was enabled"
echo "== leadrelay-cli and leadrelay --version (no display)"
env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM /usr/bin/leadrelay-cli --version || fail "leadrelay-cli --version"
env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM /usr/bin/leadrelay --version || fail "leadrelay --version"
if [ "$was_installed" -eq 0 ]; then
    echo "== apt-get purge leadrelay: nothing may remain"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q leadrelay >/dev/null
    left=$(dpkg -L leadrelay 2>/dev/null || true)
    for path in /usr/bin/leadrelay /usr/bin/leadrelay-cli /usr/share/doc/leadrelay /lib/systemd/system/leadrelay-callbacks.service \
        /usr/share/man/man1/leadrelay.1.gz /usr/share/metainfo/org.example.leadrelay.metainfo.xml; do
        [ -e "$path" ] && left="$left $path"
    done
    [ -n "$left" ] && fail "left after purge: $left"
fi

if [ "$failed" -ne 0 ]; then
    echo "package-check: the package has findings (see above)" >&2
    exit 1
fi
echo "package-check: lintian, AppStream, desktop file, icons, manual pages and the unit are clean"
