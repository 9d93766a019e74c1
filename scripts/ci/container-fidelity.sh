#!/usr/bin/env bash
# The local SageMaker stand-in against xgboost 1.7.4 loading each committed package's model.tar.gz
# as the serving container does (needs python3-xgboost 1.7.4, as model-reproducible.sh).
# Used by .ci/run and .github/workflows/pr.yml.
set -euo pipefail
cd "$(dirname "$0")/../.."

for package in model/bundled examples/state-model; do
  answers="$(mktemp -d)/stand-in-answers.json"
  npx tsx scripts/stand-in-answers.ts "$answers" --model "$package"
  /usr/bin/python3 scripts/container-fidelity.py "$answers" --package "$package"
done
