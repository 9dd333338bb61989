#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# LeadRelay's commands on Debian 12:
#   scripts/dev.sh run          install what is missing, build, launch the app
#   scripts/dev.sh test         install what is missing, build, run every test headless
#   scripts/dev.sh check-deep   the whole suite again under ASan + UBSan (asan preset), then every fuzz target
#                               for LEADRELAY_FUZZ_SECONDS (default 30) from its seeds (fuzz preset); any report fails
#   scripts/dev.sh package-check  build the package and check it (lintian, AppStream, desktop file, man pages, unit)
# Also: scripts/dev.sh deps | build [preset] | package
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
    cmake ninja-build g++ file dpkg-dev curl
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    qt6-httpserver-dev qt6-websockets-dev qt6-charts-dev libqt6opengl6-dev libgl-dev
    libqt6sql6-sqlite libqt6sql6-psql postgresql qtkeychain-qt6-dev libphonenumber-dev libzstd-dev
    libqt6svg6 qt6-translations-l10n xvfb xauth
    lintian appstream desktop-file-utils systemd help2man librsvg2-bin man-db gzip
    clang-14 libclang-rt-14-dev
)

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

deps() {
    local missing=()
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "Installing: ${missing[*]}"
        as_root apt-get update -q
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
    fi
}

build() {
    local preset=$1
    shift
    cmake --preset "$preset" "$@" >/dev/null
    cmake --build --preset "$preset"
}

# The sanitizer and fuzzing pass CI runs after `test` (.ci/run). Each half ends with its own CTest summary.
check_deep() {
    build asan
    ctest --preset asan
    build fuzz "-DLEADRELAY_FUZZ_SECONDS=${LEADRELAY_FUZZ_SECONDS:-30}"
    ctest --preset fuzz
}

case "${1:-}" in
deps) deps ;;
build) deps; build "${2:-default}" ;;
run)
    deps
    build default
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
        echo "No display found: starting LeadRelay inside a virtual X server (xvfb-run)." >&2
        exec xvfb-run -a build/default/bin/leadrelay "${@:2}"
    fi
    exec build/default/bin/leadrelay "${@:2}"
    ;;
test)
    deps
    build ci
    QT_QPA_PLATFORM=offscreen ctest --preset ci
    ;;
check-deep)
    deps
    check_deep
    ;;
package)
    deps
    build default
    (cd build/default && cpack)
    ;;
package-check)
    # The package of the CI build (same sources and flags as `test`, so CI builds once).
    deps
    build ci
    (cd build/ci && cpack -G DEB)
    scripts/package-check.sh build/ci
    ;;
*)
    echo "usage: scripts/dev.sh run|test|check-deep|package-check|deps|build [preset]|package" >&2
    exit 2
    ;;
esac
