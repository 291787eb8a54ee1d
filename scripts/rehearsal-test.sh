#!/usr/bin/env bash
# `make rehearsal-test`: runs the rehearsal example (examples/rehearsal: a
# restore module and its tests/*.tftest.hcl) with `terraform test` and `tofu
# test` against the VB365 simulator, as the guide "Rehearse restores before
# they run" describes, offline:
#
#   1. builds the provider and the simulator (vb365-sim);
#   2. for each CLI: the pinned Terraform (scripts/terraform-cli.sh) and
#      OpenTofu (scripts/tf-cli.sh), or those named in REHEARSAL_CLIS="/path ...":
#      starts a fresh simulator on a free port over HTTPS with the example's
#      fixture (-fixture fixture.yaml) and its ledger file in the copy of the
#      example (-ledger-out ledger.json, where the tests read it), runs `init`
#      (no registry: the provider comes from a local filesystem mirror) and
#      `test`, and stops the simulator;
#   3. checks the README's walk from `make sim` to a plan, as written: starts
#      `make sim SIMARGS='-addr 127.0.0.1:0 -tls -fixture examples/rehearsal/fixture.yaml'`,
#      runs the recipe it prints (the VB365_* variables, the CA file, the
#      dev_overrides CLI configuration; with HOME in the temporary directory)
#      and `plan` of examples/rehearsal with each CLI, without init;
#   4. prints how long each CLI took and fails if anything failed.
#
# Everything is written to a temporary directory, removed at the end
# (REHEARSAL_KEEP=1 keeps it).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export TF_CLI_CONFIG_FILE=/dev/null
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
unset TF_ACC_TERRAFORM_VERSION

example=examples/rehearsal
work="$(mktemp -d "${TMPDIR:-/tmp}/vb365-rehearsal.XXXXXX")"
sim_pid=""
stop_sim() {
	if [ -n "$sim_pid" ]; then
		kill -TERM "$sim_pid" 2>/dev/null || true
		wait "$sim_pid" 2>/dev/null || true
		sim_pid=""
	fi
}
cleanup() {
	stop_sim
	if [ "${REHEARSAL_KEEP:-0}" = 1 ]; then
		echo "rehearsal-test: kept $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT

clis=()
if [ -n "${REHEARSAL_CLIS:-}" ]; then
	read -r -a clis <<<"$REHEARSAL_CLIS"
else
	clis+=("$(scripts/terraform-cli.sh)" "$(scripts/tf-cli.sh)")
fi

echo "rehearsal-test: building the provider and vb365-sim"
mkdir -p "$work/bin"
go build -o "$work/bin/terraform-provider-vb365" .
go build -o "$work/bin/vb365-sim" ./internal/vb365sim/cmd/vb365-sim

# A filesystem mirror holding the provider under both registries' addresses, so
# `init` installs it (and the test's local module) without asking any registry.
platform="$(go env GOOS)_$(go env GOARCH)"
for host in registry.terraform.io registry.opentofu.org; do
	dir="$work/mirror/$host/terraform-vb365/vb365/0.0.1/$platform"
	mkdir -p "$dir"
	cp "$work/bin/terraform-provider-vb365" "$dir/terraform-provider-vb365_v0.0.1"
done
cat >"$work/cli.tfrc" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$work/mirror"
    include = ["terraform-vb365/vb365"]
  }
}
EOF

failed=()
for cli in "${clis[@]}"; do
	name="$(basename "$cli")"
	run="$work/run-$name"
	mkdir -p "$run"
	cp -R "$example/." "$run/config/"
	rm -rf "$run/config/.terraform" "$run/config/.terraform.lock.hcl"

	# A fresh simulator per CLI: the ledger then holds this run's restores only.
	"$work/bin/vb365-sim" -addr 127.0.0.1:0 -tls -ca-out "$run/ca.pem" \
		-fixture "$example/fixture.yaml" -ledger-out "$run/config/ledger.json" >"$run/sim.log" 2>&1 &
	sim_pid=$!
	url=""
	for _ in $(seq 1 300); do
		url="$(sed -n 's/.* listening on \(https:\/\/[^ ]*\).*/\1/p' "$run/sim.log" | head -n 1)"
		[ -n "$url" ] && break
		kill -0 "$sim_pid" 2>/dev/null || { cat "$run/sim.log" >&2; exit 1; }
		sleep 0.1
	done
	[ -n "$url" ] || { echo "rehearsal-test: the simulator did not start" >&2; cat "$run/sim.log" >&2; exit 1; }

	start=$SECONDS
	status=ok
	if ! (
		export TF_CLI_CONFIG_FILE="$work/cli.tfrc"
		export VB365_ENDPOINT="$url" VB365_USERNAME=admin@vb365.local VB365_PASSWORD=vb365-sim-password
		export VB365_CA_CERT_FILE="$run/ca.pem"
		unset VB365_API_VERSION VB365_CA_CERT_PEM VB365_INSECURE
		"$cli" -chdir="$run/config" init -input=false -no-color >"$run/init.log" 2>&1 ||
			{ cat "$run/init.log" >&2; exit 1; }
		"$cli" -chdir="$run/config" test -no-color 2>&1 | tee "$run/test.log"
	); then
		status=FAILED
		failed+=("$name")
	fi
	stop_sim
	echo "rehearsal-test: $name ($("$cli" version | head -n 1)): $status in $((SECONDS - start))s"
done

# The README's walk: `make sim`, the recipe it prints, a plan.
echo "rehearsal-test: make sim, its recipe, and a plan of $example"
set -m # make sim in a process group of its own, stopped as a whole
make --no-print-directory sim SIMARGS="-addr 127.0.0.1:0 -tls -fixture $example/fixture.yaml" >"$work/make-sim.log" 2>&1 &
make_pid=$!
set +m
stop_make_sim() {
	kill -TERM -- "-$make_pid" 2>/dev/null || true
	wait "$make_pid" 2>/dev/null || true
}
for _ in $(seq 1 1200); do
	grep -q 'Press Ctrl+C' "$work/make-sim.log" && break
	kill -0 "$make_pid" 2>/dev/null || break
	sleep 0.1
done
recipe="$(sed -n '/^Point Terraform or OpenTofu at it/,/^then, in a configuration/p' "$work/make-sim.log" | sed '1d;$d')"
if [ -z "$recipe" ] || ! grep -q 'VB365_CA_CERT_FILE' <<<"$recipe"; then
	stop_make_sim
	echo "rehearsal-test: make sim printed no recipe with a CA file:" >&2
	cat "$work/make-sim.log" >&2
	exit 1
fi
mkdir -p "$work/home"
for cli in "${clis[@]}"; do
	name="$(basename "$cli")"
	if (
		export HOME="$work/home"
		eval "$recipe"
		"$cli" -chdir="$example" plan -input=false -no-color -lock=false >"$work/walk-$name.log" 2>&1
	) && grep -q '^Plan: 2 to add' "$work/walk-$name.log"; then
		echo "rehearsal-test: $name: the make sim recipe leads to a plan ($(grep '^Plan:' "$work/walk-$name.log"))"
	else
		echo "rehearsal-test: $name: FAILED: the make sim recipe does not lead to a plan:" >&2
		cat "$work/walk-$name.log" >&2
		failed+=("$name (make sim recipe)")
	fi
done
stop_make_sim

if [ "${#failed[@]}" -gt 0 ]; then
	echo "rehearsal-test: FAILED with ${failed[*]}" >&2
	exit 1
fi
echo "rehearsal-test: passed with ${#clis[@]} CLIs"
