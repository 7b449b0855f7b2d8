#!/usr/bin/env bash
# `npm test`: typecheck, format and lint, import boundaries, dead code, build, then every jest project (unit, integration, e2e), plus the
# deadline-free unit suite again in Asia/Shanghai.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ -x node_modules/mediasoup/worker/out/Release/mediasoup-worker ] || {
  echo "the mediasoup worker is not built: run scripts/setup.sh (or scripts/up.sh) first" >&2; exit 1; }
echo "[test] typecheck"
npx tsc -p tsconfig.json --noEmit
echo "[test] format and lint (Biome, biome.json)"
npx biome ci --error-on-warnings --reporter=summary .
echo "[test] import boundaries (dependency-cruiser, .dependency-cruiser.cjs)"
npx depcruise server media client --config .dependency-cruiser.cjs --output-type err
echo "[test] unused files, exports and dependencies (knip, knip.json)"
npx knip --no-progress
echo "[test] build"
npm run build --silent
echo "[test] jest (UTC)"
TZ=UTC NODE_ENV=test npx jest "$@"
echo "[test] unit tests again in Asia/Shanghai"
TZ=Asia/Shanghai NODE_ENV=test npx jest --selectProjects unit
