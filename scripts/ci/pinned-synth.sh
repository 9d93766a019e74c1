#!/usr/bin/env bash
# Synthesizes every stage pinned to an account, as `cdk synth` does for a user with AWS
# credentials (the CLI sets CDK_DEFAULT_ACCOUNT/CDK_DEFAULT_REGION), in each region given
# (default: us-east-1 eu-west-1). The AZ lookups are answered as cdk.context.json would answer
# them after a first synth with credentials; that file is removed afterwards.
# Used by .ci/run and .github/workflows/pr.yml.
set -euo pipefail
cd "$(dirname "$0")/../.."

regions=("$@")
[[ ${#regions[@]} -gt 0 ]] || regions=(us-east-1 eu-west-1)
account=123456789012

if [[ -e cdk.context.json ]]; then echo "cdk.context.json exists; the pinned synth needs its own" >&2; exit 1; fi
trap 'rm -f cdk.context.json' EXIT
node -e '
  const [account, ...regions] = process.argv.slice(1);
  const zones = (r) => ["a", "b", "c"].map((z) => r + z);
  const context = {};
  for (const r of regions) context[`availability-zones:account=${account}:region=${r}`] = zones(r);
  require("fs").writeFileSync("cdk.context.json", JSON.stringify(context, null, 2));
' "$account" "${regions[@]}"
# With no edits, as a user with credentials synthesizes it (Prod then asks CloudFormation for AlarmEmail).
for region in "${regions[@]}"; do
  CDK_DEFAULT_ACCOUNT=$account CDK_DEFAULT_REGION=$region npx cdk synth --quiet --output "$(mktemp -d)"
  echo "pinned synth passed: $region"
done
