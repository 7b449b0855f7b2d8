#!/usr/bin/env bash
# The README's first command: set up whatever is missing, then start the platform.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"
exec node "$root/bin/hearing.js" start
