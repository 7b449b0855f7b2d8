#!/usr/bin/env bash
# Installs everything a fresh Debian 12 machine lacks, then builds. Idempotent: each step checks
# first and skips what is already there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
log() { printf '\n[setup] %s\n' "$*"; }

APT_PACKAGES=(
  # mediasoup worker build, against Debian's own libraries
  libssl-dev libsrtp2-dev libuv1-dev libusrsctp-dev libabsl-dev nlohmann-json3-dev catch2
  meson ninja-build pkg-config python3 g++ make
  # browsers for the demo and e2e tests, CJK fonts, recording and PDF tools
  chromium fonts-noto-cjk ffmpeg poppler-utils
  # network namespaces for the blackout test (a participant cut off the network)
  iproute2
  # TURN relay for the relay-only test (and the compose service's image)
  coturn
  # the reference SFU that `npm run bench:sfu` measures ours against
  janus
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "Debian packages present"
fi

node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Node >= 20.19 is required, found "+process.versions.node); process.exit(1) }'

# NOTE: MEDIASOUP_WORKER_BIN makes mediasoup's postinstall skip its download of a prebuilt worker
# (which cannot be reached here); we build the worker ourselves below.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages (npm ci)"
  MEDIASOUP_WORKER_BIN=/nonexistent PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund
else
  log "npm packages present"
fi

# NOTE: recorders take RTP over loopback UDP into ffmpeg, which asks for an 8 MiB receive buffer so
# a burst (a key frame) survives while ffmpeg is off the CPU; the kernel caps it at rmem_max.
want=8388608
if [ -w /proc/sys/net/core/rmem_max ] && [ "$(cat /proc/sys/net/core/rmem_max)" -lt "$want" ]; then
  log "raising net.core.rmem_max to $want for the recorders' UDP buffers"
  echo "$want" > /proc/sys/net/core/rmem_max || true
fi

log "mediasoup worker"
bash scripts/build-mediasoup-worker.sh

log "building server and client"
npm run build --silent
log "ready"
