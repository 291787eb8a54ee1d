#!/usr/bin/env bash
# `make policy-testdata`: regenerates the plan JSON the restore policy's tests read
# (examples/policy/testdata/<case>/plan.json) from real plans against the simulator:
#
#   1. builds the provider and the simulator (internal/vb365sim/cmd/vb365-sim);
#   2. starts the simulator on a free port;
#   3. plans each examples/policy/testdata/<case>/main.tf with the pinned Terraform
#      (bin/terraform-1.14.5, built by scripts/terraform-cli.sh when missing: the only CLI with
#      actions) through a dev_overrides CLI config (no registry, no init), into a saved plan;
#   4. writes `terraform show -json` of that plan to the case's plan.json (indented with jq
#      when there is one).
#
# The export directories are fixed paths under /tmp (the plan resolves output paths to
# absolute ones, and the tests' settings name them): /tmp/vb365-policy-testdata/exports and
# /tmp/vb365-policy-testdata/elsewhere. Nothing is applied.
#
# Usage: scripts/policy-testdata.sh [CASE...]   (default: every case)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

testdata=examples/policy/testdata
if [ "$#" -gt 0 ]; then
	cases=("$@")
else
	mapfile -t cases < <(find "$testdata" -mindepth 2 -maxdepth 2 -name main.tf -printf '%h\n' | xargs -n1 basename | LC_ALL=C sort)
fi

tf="$(scripts/terraform-cli.sh)"
work="$(mktemp -d "${TMPDIR:-/tmp}/vb365-policy-testdata.XXXXXX")"
sim_pid=""
cleanup() {
	if [ -n "$sim_pid" ]; then
		kill "$sim_pid" 2>/dev/null || true
		wait "$sim_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

echo "policy-testdata: building the provider and the simulator" >&2
mkdir -p "$work/plugins" "$work/bin"
go build -o "$work/plugins/terraform-provider-vb365" .
go build -o "$work/bin/vb365-sim" ./internal/vb365sim/cmd/vb365-sim
cat >"$work/cli.tfrc" <<CFG
provider_installation {
  dev_overrides {
    "terraform-vb365/vb365" = "$work/plugins"
  }
  direct {}
}
CFG

"$work/bin/vb365-sim" -addr 127.0.0.1:0 >"$work/sim.log" 2>&1 &
sim_pid=$!
url=""
for _ in $(seq 1 300); do
	url="$(sed -n 's/.* listening on \(http:\/\/[^ ]*\).*/\1/p' "$work/sim.log" | head -n 1)"
	[ -n "$url" ] && break
	kill -0 "$sim_pid" 2>/dev/null || { cat "$work/sim.log" >&2; exit 1; }
	sleep 0.1
done
[ -n "$url" ] || { echo "policy-testdata: the simulator did not start" >&2; exit 1; }
VB365_USERNAME="$(sed -n 's/^ *username: *//p' "$work/sim.log" | head -n 1)"
VB365_PASSWORD="$(sed -n 's/^ *password: *//p' "$work/sim.log" | head -n 1)"
export VB365_ENDPOINT="$url" VB365_USERNAME VB365_PASSWORD

export TF_VAR_export_dir=/tmp/vb365-policy-testdata/exports TF_VAR_outside_dir=/tmp/vb365-policy-testdata/elsewhere
mkdir -p "$TF_VAR_export_dir" "$TF_VAR_outside_dir"

for c in "${cases[@]}"; do
	dir="$work/cases/$c"
	mkdir -p "$dir"
	cp "$testdata/$c"/*.tf "$dir/"
	echo "policy-testdata: planning $testdata/$c" >&2
	if ! TF_CLI_CONFIG_FILE="$work/cli.tfrc" "$tf" -chdir="$dir" plan -input=false -no-color -out=plan.tfplan >"$work/plan.log" 2>&1; then
		cat "$work/plan.log" >&2
		exit 1
	fi
	TF_CLI_CONFIG_FILE="$work/cli.tfrc" "$tf" -chdir="$dir" show -json plan.tfplan >"$work/plan.json"
	if command -v jq >/dev/null 2>&1; then
		jq . "$work/plan.json" >"$testdata/$c/plan.json"
	else
		cp "$work/plan.json" "$testdata/$c/plan.json"
	fi
	echo "policy-testdata: wrote $testdata/$c/plan.json" >&2
done
