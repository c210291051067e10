#!/usr/bin/env bash
# test.sh: every suite CI runs, in order: typecheck, lint, unit + integration
# (Vitest, real Docker and kubectl), build, e2e (Playwright + Debian Chromium).
# Runs them all even when one fails, then prints one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p reports
rm -f reports/vitest.json reports/vitest-load.json reports/e2e.json
failed_steps=()
# When each step began (epoch seconds), to say which one left something behind.
step_names=()
step_starts=()
step() {
  local name=$1; shift
  echo "::: $name"
  step_names+=("$name")
  step_starts+=("$(date +%s)")
  "$@" || failed_steps+=("$name")
}
# step_at names the step running at an epoch second.
step_at() {
  local t=$1 i found=""
  for i in "${!step_names[@]}"; do
    [ "$t" -ge "${step_starts[$i]}" ] && found=${step_names[$i]}
  done
  echo "${found:-before the steps}"
}
# Every process the suites start inherits this tag; afterwards none may be left
# (scripts/leftover-processes.ts). Exported only now, so a Docker engine a
# set-up step started is not counted.
export KUBEDECK_TEST_RUN="${KUBEDECK_TEST_RUN:-$(date +%s)-$$}"
run_started=$(date +%s)
step typecheck npm run --silent typecheck
step lint npm run --silent lint
# The load tests (CPU burners, thousands of requests through a Service) run
# after the rest and one at a time: beside another suite, or each other, on two
# cores their pods starve and their bounded waits measure the machine instead.
load_tests=(tests/integration/hpa-autoscale.test.ts tests/integration/zero-downtime.test.ts tests/integration/metrics-top.test.ts)
step vitest npx vitest run --exclude "{$(IFS=,; echo "${load_tests[*]}")}" --reporter=default --reporter=json --outputFile.json=reports/vitest.json
step vitest-load npx vitest run --maxWorkers=1 --no-file-parallelism "${load_tests[@]}" --reporter=default --reporter=json --outputFile.json=reports/vitest-load.json
step build npm run --silent build
PLAYWRIGHT_JSON_OUTPUT_NAME=reports/e2e.json step e2e npx playwright test --reporter=list,json
step leftover-processes node --import tsx scripts/leftover-processes.ts "$KUBEDECK_TEST_RUN"
# Containers the suites started carry the kubedeck.test label; remove any a
# failed test left behind, and say which (a test that leaves containers is a
# defect). Only those created since this run began: another run on the same
# engine keeps its own.
leftover=""
while IFS=$'\t' read -r id name status created run; do
  [ -n "$id" ] || continue
  [ "$(date -d "${created% [A-Z]*}" +%s 2>/dev/null || echo 0)" -ge "$run_started" ] || continue
  leftover+="$id"$'\t'"$name"$'\t'"$status"$'\t'"$run"$'\n'
done < <(docker ps -a --filter label=kubedeck.test --format '{{.ID}}\t{{.Names}}\t{{.Status}}\t{{.CreatedAt}}\trun={{.Label "kubedeck.test"}}' 2>/dev/null || true)
if [ -n "$leftover" ]; then
  echo "removing $(grep -c . <<<"$leftover") container(s) the tests left behind:"
  sed '/^$/d; s/^/  /' <<<"$leftover"
  docker rm -f $(cut -f1 <<<"$leftover") >/dev/null 2>&1 || true
fi
# Cluster networks (kubedeck-<id>) the suites created and left empty: the
# same rule, reported and removed; a network with containers is someone's.
left_networks=""
for net in $(docker network ls -q --filter label=kubedeck.network 2>/dev/null); do
  read -r name created attached < <(docker network inspect -f '{{.Name}} {{.Created.Unix}} {{len .Containers}}' "$net" 2>/dev/null) || continue
  [ "${created:-0}" -ge "$run_started" ] && [ "${attached:-1}" = 0 ] || continue
  left_networks+="$name (created $(date -u -d "@$created" +%H:%M:%S) during $(step_at "$created")) "
  docker network rm "$net" >/dev/null 2>&1 || true
done
[ -z "$left_networks" ] || echo "removed the empty cluster network(s) the tests left behind: $left_networks"
node scripts/test-summary.mjs reports/vitest.json reports/vitest-load.json reports/e2e.json
if [ ${#failed_steps[@]} -gt 0 ]; then
  echo "failed steps: ${failed_steps[*]}"
  exit 1
fi
