#!/usr/bin/env bash
# Prints the absolute path of the OpenTofu CLI that acceptance tests, docs and
# example checks run against. Order:
#   1. $TOFU, when set (an explicit choice always wins);
#   2. `tofu` on PATH;
#   3. bin/tofu, built from tools/tofu (the pinned OpenTofu version) when it is
#      missing or reports another version. The first build takes ~3 minutes
#      on 2 cores; later calls cost a `tofu version` (milliseconds).
# Only the path goes to stdout; progress and warnings go to stderr.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# A missing CLI config file makes OpenTofu print a warning on stdout, which
# breaks version parsing; /dev/null is an empty, valid config.
export TF_CLI_CONFIG_FILE=/dev/null

pinned="$(awk '$1 == "github.com/opentofu/opentofu" { sub(/^v/, "", $2); print $2 }' "$root/tools/tofu/go.mod")"
if [ -z "$pinned" ]; then
	echo "tf-cli: cannot read the OpenTofu version from tools/tofu/go.mod" >&2
	exit 1
fi

# The version a CLI reports, or nothing when it cannot run.
version_of() {
	{ "$1" version -json 2>/dev/null || true; } | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p' | sed -n 1p
}

if [ -n "${TOFU:-}" ]; then
	if ! explicit="$(command -v "$TOFU")" || [ ! -x "$explicit" ]; then
		echo "tf-cli: TOFU=$TOFU is not an executable" >&2
		exit 1
	fi
	echo "$(cd "$(dirname "$explicit")" && pwd -P)/$(basename "$explicit")"
	exit 0
fi

if on_path="$(command -v tofu 2>/dev/null)"; then
	found="$(version_of "$on_path")"
	if [ -z "$found" ]; then
		echo "tf-cli: ignoring $on_path: \`tofu version -json\` does not work" >&2
	else
		if [ "$found" != "$pinned" ]; then
			echo "tf-cli: using tofu $found from PATH ($on_path); the tested version is $pinned (set TOFU to choose another)" >&2
		fi
		echo "$on_path"
		exit 0
	fi
fi

bin="$root/bin/tofu"
if [ -x "$bin" ] && [ "$(version_of "$bin")" = "$pinned" ]; then
	echo "$bin"
	exit 0
fi

mkdir -p "$root/bin"
# Serialise concurrent builds (make -j, two shells): the second waits and then
# finds the binary ready.
exec 9>"$root/bin/.tofu.lock"
if command -v flock >/dev/null 2>&1; then
	flock 9
fi
if [ -x "$bin" ] && [ "$(version_of "$bin")" = "$pinned" ]; then
	echo "$bin"
	exit 0
fi

echo "tf-cli: building OpenTofu $pinned into bin/tofu (first time ~3 min on 2 cores; cached afterwards)" >&2
start=$SECONDS
# Build to a temporary name so an interrupted build never leaves a broken bin/tofu.
go build -C "$root/tools/tofu" \
	-ldflags "-X github.com/opentofu/opentofu/version.dev=no" \
	-o "$root/bin/.tofu.partial" \
	github.com/opentofu/opentofu/cmd/tofu >&2
mv -f "$root/bin/.tofu.partial" "$bin"
got="$(version_of "$bin")"
if [ "$got" != "$pinned" ]; then
	echo "tf-cli: built bin/tofu reports version '${got}', expected $pinned" >&2
	exit 1
fi
echo "tf-cli: built OpenTofu $pinned in $((SECONDS - start))s" >&2
echo "$bin"
