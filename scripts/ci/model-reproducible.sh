#!/usr/bin/env bash
# Retrains each committed model package (model/bundled, examples/state-model) from its committed
# spec with Debian's python3-xgboost 1.7.4 (installed by .ci/run, or by the workflow's model job)
# and checks that every artifact is reproduced byte for byte.
# Used by .ci/run and .github/workflows/pr.yml.
set -euo pipefail
cd "$(dirname "$0")/../.."

# The bundled package and the example package, each from its committed spec.
for package in model/bundled examples/state-model; do
  retrained=$(mktemp -d)
  /usr/bin/python3 model/train.py --data model/data/mlc_churn.csv --spec "$package/spec.json" --out "$retrained" >/dev/null
  for artifact in model.tar.gz contract.json golden.json metrics.json statistics.json constraints.json; do
    cmp "$package/$artifact" "$retrained/$artifact"
    echo "identical: $package/$artifact"
  done
done
