#!/usr/bin/env bash
# `make demo`: the provider end to end against the VB365 simulator, offline.
#
#   1. builds the provider and the simulator (internal/vb365sim/cmd/vb365-sim);
#   2. picks a CLI: $DEMO_CLI, else `tofu` or `terraform` (>= 1.11) from PATH,
#      else bin/tofu (built from tools/tofu when missing, ~3.5 min once);
#   3. starts the simulator on a free port over HTTPS, trusting its generated CA;
#   4. validates examples/demo through a dev_overrides CLI config (no registry,
#      no `init`), plans it into a saved plan and shows what each restore will
#      restore (the review), applies that plan, checks the PST file against the
#      recorded SHA-256, and checks that no restore session is left running;
#   5. destroys and checks again that no session is left running; stops the
#      simulator.
#
# Everything is written to a fresh temporary directory, removed at the end
# (DEMO_KEEP=1 keeps it, e.g. to look at the PST file). Cleanup (destroy, stop
# the simulator) runs whatever failed; the exit status is non-zero if any step
# failed. VB365_API_VERSION=v3..v8 runs the demo against one API version
# (default: auto, the newest).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# A missing CLI config file makes OpenTofu print warnings on stdout; the real
# config (dev_overrides) is set below.
export TF_CLI_CONFIG_FILE=/dev/null
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

current_step=""
step() {
	current_step="$*"
	printf '\n==> %s\n' "$*"
}
note() { printf '    %s\n' "$*"; }
die() {
	printf '\n!!  %s\n' "$*" >&2
	exit 1
}

work="$(mktemp -d "${TMPDIR:-/tmp}/vb365-demo.XXXXXX")"
sim_pid=""
applied=0
destroyed=0
tf=""

cleanup() {
	local rc=$? failed_step="$current_step"
	set +e
	trap - EXIT INT TERM
	if [ "$applied" = 1 ] && [ "$destroyed" = 0 ]; then
		step "Destroying what was created (after a failure)"
		destroy
	fi
	if [ "$applied" = 1 ] && [ "$destroyed" != 1 ]; then
		echo "!!  destroy failed; the state is kept in $work/config" >&2
		DEMO_KEEP=1
		[ "$rc" -ne 0 ] || rc=1
	fi
	if [ -n "$sim_pid" ]; then
		if kill -0 "$sim_pid" 2>/dev/null; then
			step "Stopping the simulator (pid $sim_pid)"
			kill -TERM "$sim_pid" 2>/dev/null
			wait "$sim_pid" 2>/dev/null
		else
			echo "!!  the simulator exited early; its output:" >&2
			cat "$work/sim.log" >&2
			[ "$rc" -ne 0 ] || rc=1
		fi
	fi
	if [ "${DEMO_KEEP:-0}" = 1 ]; then
		note "kept $work"
	else
		rm -rf "$work"
	fi
	if [ "$rc" -eq 0 ]; then
		printf '\n==> Demo finished successfully\n'
	else
		printf '\n!!  Demo FAILED (exit %s) at: %s\n' "$rc" "$failed_step" >&2
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# tf_run ARGS...: the chosen CLI on the demo's working copy, with dev_overrides.
tf_run() {
	TF_CLI_CONFIG_FILE="$work/cli.tfrc" "$tf" -chdir="$work/config" "$@"
}

# destroy: `destroy -auto-approve`. Its plan repeats every output as removed, so
# on success only the progress lines and warnings are shown (all of it on failure).
destroy() {
	if tf_run destroy -auto-approve -input=false -compact-warnings -no-color >"$work/destroy.log" 2>&1; then
		destroyed=1
		if grep -q ': Destroying\.\.\.' "$work/destroy.log"; then
			grep '^Plan:' "$work/destroy.log" || true
			sed -n '/: Destroying\.\.\./,$p' "$work/destroy.log"
		else
			grep -E '^(No changes|Destroy complete)' "$work/destroy.log" || true
		fi
	else
		destroyed=failed
		cat "$work/destroy.log" >&2
		return 1
	fi
}

version_of() {
	"$1" version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p' | head -n 1
}
# at_least VERSION MIN: VERSION >= MIN (pre-release suffixes ignored).
at_least() {
	[ "$(printf '%s\n%s\n' "$2" "${1%%-*}" | sort -V | head -n 1)" = "$2" ]
}

step "Building the provider"
mkdir -p "$work/plugins" "$work/bin" "$work/output" "$work/config"
go build -o "$work/plugins/terraform-provider-vb365" .
note "$work/plugins/terraform-provider-vb365"

step "Building the VB365 simulator"
go build -o "$work/bin/vb365-sim" ./internal/vb365sim/cmd/vb365-sim
note "$work/bin/vb365-sim"

step "Choosing the Terraform CLI"
# Write-only attributes (the restore credentials) need Terraform or OpenTofu 1.11+.
min_version=1.11
usable() {
	local v
	v="$(version_of "$1")"
	[ -n "$v" ] && at_least "$v" "$min_version"
}
if [ -n "${DEMO_CLI:-}" ]; then
	tf="$(command -v "$DEMO_CLI")" || die "DEMO_CLI=$DEMO_CLI is not an executable"
	usable "$tf" || die "DEMO_CLI=$tf is not Terraform/OpenTofu >= $min_version"
else
	for candidate in tofu terraform; do
		if path="$(command -v "$candidate" 2>/dev/null)" && usable "$path"; then
			tf="$path"
			break
		elif [ -n "${path:-}" ]; then
			note "ignoring $path: $(version_of "$path" || true) is older than $min_version"
		fi
		path=""
	done
	if [ -z "$tf" ]; then
		if [ -x scripts/tf-cli.sh ]; then
			# The project's pinned OpenTofu (bin/tofu, built from tools/tofu when missing).
			tf="$(scripts/tf-cli.sh)"
		else
			if [ ! -x bin/tofu ]; then
				note "building OpenTofu into bin/tofu (first time ~3.5 min on 2 cores)"
				mkdir -p bin
				go build -C tools/tofu -ldflags "-X github.com/opentofu/opentofu/version.dev=no" \
					-o ../../bin/.tofu.partial github.com/opentofu/opentofu/cmd/tofu
				mv -f bin/.tofu.partial bin/tofu
			fi
			tf="$root/bin/tofu"
		fi
		usable "$tf" || die "$tf is not OpenTofu >= $min_version"
	fi
fi
tf="$(cd "$(dirname "$tf")" && pwd)/$(basename "$tf")"
note "$tf ($("$tf" version | head -n 1))"

step "Starting the VB365 simulator (HTTPS on a free port)"
# Job control gives the simulator its own process group, so a Ctrl+C meant for
# terraform does not kill it before the cleanup's destroy has run.
set -m
"$work/bin/vb365-sim" -addr 127.0.0.1:0 -tls -ca-out "$work/ca.pem" >"$work/sim.log" 2>&1 &
sim_pid=$!
set +m
# The runner prints "... listening on https://127.0.0.1:PORT (...)" once its port is bound.
url=""
for _ in $(seq 1 300); do
	url="$(sed -n 's/.* listening on \(https\{0,1\}:\/\/[^ ]*\).*/\1/p' "$work/sim.log" | head -n 1)"
	[ -n "$url" ] && break
	kill -0 "$sim_pid" 2>/dev/null || die "the simulator exited: $(cat "$work/sim.log")"
	sleep 0.1
done
[ -n "$url" ] || die "the simulator did not report its address within 30s"
note "pid $sim_pid, $url, CA certificate $work/ca.pem"

step "Waiting until the simulator answers"
ready=0
for _ in $(seq 1 100); do
	if command -v curl >/dev/null 2>&1; then
		# Anonymous GET of the version probe: 401 means the API is served (and TLS verifies).
		code="$(curl -s -o /dev/null -w '%{http_code}' --cacert "$work/ca.pem" "$url/v8/ServiceInstance" || true)"
		if [ "$code" = 401 ]; then
			ready=1
			break
		fi
	else
		hostport="${url#*://}"
		if (exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}") 2>/dev/null; then
			ready=1
			break
		fi
	fi
	kill -0 "$sim_pid" 2>/dev/null || die "the simulator exited: $(cat "$work/sim.log")"
	sleep 0.1
done
[ "$ready" = 1 ] || die "the simulator at $url did not answer within 10s"
note "ready"

# The provider reads its connection from VB365_* variables; the demo's own
# inputs come from TF_VAR_*.
username="$(sed -n 's/^ *username: *//p' "$work/sim.log" | head -n 1)"
password="$(sed -n 's/^ *password: *//p' "$work/sim.log" | head -n 1)"
{ [ -n "$username" ] && [ -n "$password" ]; } || die "cannot read the simulator's credentials from its banner"
export VB365_ENDPOINT="$url" VB365_USERNAME="$username" VB365_PASSWORD="$password"
export VB365_CA_CERT_FILE="$work/ca.pem"
unset VB365_CA_CERT_PEM VB365_INSECURE
export TF_VAR_output_dir="$work/output"
# The simulator accepts any restore credentials; it records them masked.
export TF_VAR_restore_user="${TF_VAR_restore_user:-restore-operator@bestsupport.onmicrosoft.com}"
export TF_VAR_restore_password="${TF_VAR_restore_password:-demo-restore-password}"

cp examples/demo/*.tf "$work/config/"
cat >"$work/cli.tfrc" <<EOF
provider_installation {
  dev_overrides {
    "terraform-vb365/vb365" = "$work/plugins"
  }
  direct {}
}
EOF

step "Validating examples/demo"
note "(no init: with dev_overrides the provider needs no installation, and init would ask the registry for it)"
# Shown only when it fails: on success it is the dev_overrides warning and "Success!".
if tf_run validate -no-color >"$work/validate.log" 2>&1; then
	note "the configuration is valid"
else
	cat "$work/validate.log" >&2
	die "validate failed"
fi

step "Planning examples/demo: the plan is the review of what will be restored"
tf_run plan -input=false -compact-warnings -no-color -out="$work/demo.tfplan" >"$work/plan.log" 2>&1 ||
	{ cat "$work/plan.log" >&2; die "plan failed"; }
# The restores as the plan shows them: items, source mailbox, action and target are known values.
sed -n '/# vb365_mailbox_item_restore\./,/^    }$/p' "$work/plan.log"
grep '^Plan:' "$work/plan.log" || true
if grep -q 'items *= (known after apply)' "$work/plan.log"; then
	die "the plan does not show the items to be restored"
fi

step "Applying the reviewed plan: browsing, PST export, restore to another mailbox"
applied=1
tf_run apply -input=false -compact-warnings -no-color "$work/demo.tfplan" >"$work/apply.log" 2>&1 ||
	{ cat "$work/apply.log" >&2; die "apply failed"; }
sed -n '/: Creation complete/p; /^Apply complete/,$p' "$work/apply.log"

step "Checking the PST file against the recorded size and SHA-256"
# json_field NAME: the string or number value of "NAME" in the JSON on stdin.
json_field() { grep -o "\"$1\": *\"\{0,1\}[^\",}]*" | head -n 1 | sed 's/.*: *"\{0,1\}//'; }
export_json="$(tf_run output -json -no-color pst_export)"
pst="$(json_field path <<<"$export_json")"
want_sum="$(json_field output_sha256 <<<"$export_json")"
want_size="$(json_field output_size_bytes <<<"$export_json")"
[ -f "$pst" ] || die "the PST file '$pst' recorded in the state does not exist"
got_size="$(wc -c <"$pst" | tr -d ' ')"
[ "$got_size" = "$want_size" ] || die "$pst has $got_size bytes, the state records $want_size"
if command -v sha256sum >/dev/null 2>&1; then
	got_sum="$(sha256sum "$pst" | cut -d ' ' -f 1)"
elif command -v shasum >/dev/null 2>&1; then
	got_sum="$(shasum -a 256 "$pst" | cut -d ' ' -f 1)"
else
	got_sum="$want_sum"
	note "(no sha256sum or shasum: checksum not compared)"
fi
[ "$got_sum" = "$want_sum" ] || die "$pst has SHA-256 $got_sum, the state records $want_sum"
note "$pst: $got_size bytes, sha256 $got_sum"

# working_sessions: the restore sessions the server reports Working, but the seed
# session the simulator starts with. The provider stops the sessions it opens
# before each command ends.
working_sessions() {
	local token
	token="$(curl -s --cacert "$work/ca.pem" -X POST "$url/v8/Token" \
		--data-urlencode grant_type=password --data-urlencode "username=$username" --data-urlencode "password=$password" |
		sed -n 's/.*"access_token": *"\([^"]*\)".*/\1/p')"
	curl -s --cacert "$work/ca.pem" -H "Authorization: Bearer $token" "$url/v8/RestoreSessions?limit=10000" |
		grep -o '"id": *"[^"]*"[^}]*"state": *"Working"' | grep -v "$seed_session" | sed 's/"id": *"\([^"]*\)".*/\1/' || true
}
seed_session="$(sed -n 's/.*restore session (open): *\([^ ]*\).*/\1/p' "$work/sim.log" | head -n 1)"
[ -n "$seed_session" ] || die "cannot read the simulator's seed session from its banner"
check_no_session_left() {
	command -v curl >/dev/null 2>&1 || { note "(no curl: sessions not checked)"; return 0; }
	local left
	left="$(working_sessions)"
	[ -z "$left" ] || die "restore sessions left running: $left"
	note "no restore session left running"
}

step "Checking that the provider left no restore session running"
check_no_session_left

step "Destroying: restore records are only forgotten (nothing is undone)"
destroy || die "destroy failed"

step "Checking again after destroy"
check_no_session_left
