#!/usr/bin/env bash
# Prints the absolute path of the pinned Terraform CLI (tools/terraform/go.mod, 1.14+) that
# runs the acceptance tests of actions, list resources and `terraform query`, and renders the
# docs schema. It is bin/terraform-<version>, built from tools/terraform when it is missing or
# reports another version: ~5 minutes on 2 cores the first time, a `terraform version`
# (milliseconds) afterwards. Set TERRAFORM_PINNED to use another binary.
#
# The binary is named after its version, never plain `terraform`, so that it is not mistaken
# for a user's Terraform on PATH. Terraform is BUSL-1.1 licensed: it is built on the machine
# that runs the tests, for the tests, and is never committed or released (bin/ is ignored;
# goreleaser builds only the provider and the simulator, never Terraform).
# Only the path goes to stdout; progress goes to stderr.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export TF_CLI_CONFIG_FILE=/dev/null

pinned="$(awk '$1 == "require" && $2 == "github.com/hashicorp/terraform" { $1 = ""; $0 = $0 } $1 == "github.com/hashicorp/terraform" { sub(/^v/, "", $2); print $2; exit }' "$root/tools/terraform/go.mod")"
if [ -z "$pinned" ]; then
	echo "terraform-cli: cannot read the Terraform version from tools/terraform/go.mod" >&2
	exit 1
fi

version_of() {
	{ "$1" version -json 2>/dev/null || true; } | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p' | sed -n 1p
}

if [ -n "${TERRAFORM_PINNED:-}" ]; then
	if ! explicit="$(command -v "$TERRAFORM_PINNED")" || [ ! -x "$explicit" ]; then
		echo "terraform-cli: TERRAFORM_PINNED=$TERRAFORM_PINNED is not an executable" >&2
		exit 1
	fi
	echo "$(cd "$(dirname "$explicit")" && pwd -P)/$(basename "$explicit")"
	exit 0
fi

bin="$root/bin/terraform-$pinned"
if [ -x "$bin" ] && [ "$(version_of "$bin")" = "$pinned" ]; then
	echo "$bin"
	exit 0
fi

mkdir -p "$root/bin"
exec 9>"$root/bin/.terraform.lock"
if command -v flock >/dev/null 2>&1; then
	flock 9
fi
if [ -x "$bin" ] && [ "$(version_of "$bin")" = "$pinned" ]; then
	echo "$bin"
	exit 0
fi

echo "terraform-cli: building Terraform $pinned into bin/terraform-$pinned (first time ~5 min on 2 cores; cached afterwards)" >&2
start=$SECONDS
go build -C "$root/tools/terraform" \
	-ldflags "-X github.com/hashicorp/terraform/version.dev=no" \
	-o "$root/bin/.terraform-$pinned.partial" \
	github.com/hashicorp/terraform >&2
mv -f "$root/bin/.terraform-$pinned.partial" "$bin"
got="$(version_of "$bin")"
if [ "$got" != "$pinned" ]; then
	echo "terraform-cli: built bin/terraform-$pinned reports version '${got}', expected $pinned" >&2
	exit 1
fi
echo "terraform-cli: built Terraform $pinned in $((SECONDS - start))s" >&2
echo "$bin"
