#!/usr/bin/env bash
# Builds mediasoup's C++ worker against Debian's own libraries.
#
# NOTE: mediasoup's postinstall downloads a prebuilt worker, and its meson build downloads
# library sources; neither is reachable here. We give each meson subproject a small shim
# directory (scripts/mediasoup-shims/<name>) that wraps the system library, then run the
# worker's Makefile with Debian's meson and ninja. Idempotent: a stamp records what was built.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ms="$root/node_modules/mediasoup"
worker="$ms/worker"
bin="$worker/out/Release/mediasoup-worker"
shims="$root/scripts/mediasoup-shims"

log() { printf '[mediasoup-worker] %s\n' "$*"; }

[ -d "$worker" ] || { log "node_modules/mediasoup is missing: run npm ci first"; exit 1; }
version="$(node -p "require('$ms/package.json').version")"
shim_sum="$(cat "$shims"/*/* "$0" | sha256sum | cut -c1-16)"
stamp="$worker/out/.built-${version}-${shim_sum}"

if [ -x "$bin" ] && [ -f "$stamp" ]; then
  log "worker $version already built ($bin)"
  exit 0
fi

log "building worker for mediasoup $version against system libraries (takes a few minutes)"
for wrap in "$worker"/subprojects/*.wrap; do
  name="$(basename "$wrap" .wrap)"
  [ -d "$shims/$name" ] || continue
  dir="$(sed -n 's/^directory *= *//p' "$wrap")"
  rm -rf "$worker/subprojects/$dir"
  cp -r "$shims/$name" "$worker/subprojects/$dir"
  log "shim $name -> subprojects/$dir"
done

# NOTE: Debian bookworm ships meson 1.0.1; the worker builds correctly with it.
sed -i "s/meson_version: '>= 1.1.0'/meson_version: '>= 1.0.0'/" "$worker/meson.build"

mkdir -p "$worker/out/pip"
# NOTE: the Makefile skips compiling when MEDIASOUP_WORKER_BIN is set (npm ci sets it to skip
# the download), and exports its own NINJA unless it is given on make's command line.
env -u MEDIASOUP_WORKER_BIN make -C "$worker" mediasoup-worker MESON=/usr/bin/meson NINJA=/usr/bin/ninja \
  >"$worker/out/build.log" 2>&1 || {
  tail -n 60 "$worker/out/build.log"; log "build failed; full log: $worker/out/build.log"; exit 1; }

[ -x "$bin" ] || { log "build finished but $bin is missing"; exit 1; }
rm -f "$worker"/out/.built-*
touch "$stamp"
log "built $bin"
