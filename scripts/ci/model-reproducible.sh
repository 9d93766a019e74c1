#!/usr/bin/env bash
# Retrains the model with Debian's python3-xgboost (installed if missing: apt-get, as root or
# with sudo) and checks that every committed artifact is reproduced byte for byte.
# Used by .ci/run and .github/workflows/pr.yml.
set -euo pipefail
cd "$(dirname "$0")/../.."

as_root=()
[[ $(id -u) -eq 0 ]] || as_root=(sudo)
if ! /usr/bin/python3 -c 'import xgboost' 2>/dev/null; then
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends python3-xgboost >/dev/null
fi
retrained=$(mktemp -d)
/usr/bin/python3 model/train.py --out "$retrained"
for artifact in xgboost-model.json model.tar.gz feature-schema.json golden.json metrics.json; do
  cmp "model/$artifact" "$retrained/$artifact"
  echo "identical: model/$artifact"
done
