#!/usr/bin/env bash
# Checks every Terraform example under examples/: formatting (`fmt -check`)
# and `validate` of each directory holding .tf files, against the provider
# built from this tree through a dev_overrides CLI config (no registry, no
# `init`). Passes when there are no examples yet.
#
# OpenTofu 1.12 has no actions or list resources, so directories under
# examples/actions/ and examples/list-resources/ are validated with a
# `terraform` >= 1.14 from PATH when there is one and skipped otherwise.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

mapfile -t dirs < <(
	if [ -d examples ]; then
		find examples -type f -name '*.tf' -not -path '*/.terraform/*' -printf '%h\n' | LC_ALL=C sort -u
	fi
)
if [ "${#dirs[@]}" -eq 0 ]; then
	echo "examples: no Terraform files under examples/; nothing to check"
	exit 0
fi

tofu="$(TF_CLI_CONFIG_FILE=/dev/null scripts/tf-cli.sh)"
work="$(mktemp -d "${TMPDIR:-/tmp}/vb365-examples.XXXXXX")"
trap 'rm -rf "$work"' EXIT

go build -o "$work/plugins/terraform-provider-vb365" .
# Configurations that name the provider as terraform-vb365/vb365 and those
# that rely on the implicit hashicorp/vb365 both resolve to this build.
cat >"$work/cli.tfrc" <<EOF
provider_installation {
  dev_overrides {
    "terraform-vb365/vb365" = "$work/plugins"
    "hashicorp/vb365"       = "$work/plugins"
  }
  direct {}
}
EOF
export TF_CLI_CONFIG_FILE="$work/cli.tfrc"
export TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1

# One copy of the whole tree, so relative module sources keep working.
cp -R examples "$work/examples"

failed=0
echo "examples: $tofu fmt -check -recursive examples"
if ! "$tofu" fmt -check -diff -recursive examples; then
	echo "examples: files above are not formatted; run 'make fmt'" >&2
	failed=1
fi

# A terraform new enough for actions and list resources, if any.
terraform_new=""
if tf="$(command -v terraform 2>/dev/null)"; then
	v="$("$tf" version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([0-9]*\.[0-9]*\).*/\1/p' | head -n 1)"
	if [ -n "$v" ] && [ "$(printf '%s\n' 1.14 "$v" | sort -V | head -n 1)" = 1.14 ]; then
		terraform_new="$tf"
	fi
fi

checked=0
skipped=0
for d in "${dirs[@]}"; do
	cli="$tofu"
	case "$d/" in
	examples/actions/* | examples/list-resources/*)
		if [ -z "$terraform_new" ]; then
			echo "examples: skip   $d (needs Terraform >= 1.14 on PATH; OpenTofu has no actions or list resources)"
			skipped=$((skipped + 1))
			continue
		fi
		cli="$terraform_new"
		;;
	esac
	# Validate a copy so no .terraform directory is left in the source tree.
	# `get` records local modules (offline); `init` is not used: it would ask
	# the registry about the overridden provider.
	copy="$work/$d"
	if out="$("$cli" -chdir="$copy" get -no-color 2>&1)" &&
		out="$("$cli" -chdir="$copy" validate -no-color 2>&1)"; then
		# Terraform and OpenTofu check a provider block against the schema
		# only when something in the configuration uses the provider.
		if grep -qE '^[[:space:]]*provider[[:space:]]+"vb365"' "$d"/*.tf &&
			! grep -qE '^[[:space:]]*(resource|data|ephemeral|module)[[:space:]]+"|provider::' "$d"/*.tf; then
			echo "examples: ok     $d (nothing uses the provider, so its block is checked for syntax only)"
		else
			echo "examples: ok     $d"
		fi
		checked=$((checked + 1))
	else
		echo "examples: FAIL   $d ($cli validate)" >&2
		printf '%s\n' "$out" | sed 's/^/    /' >&2
		failed=1
	fi
done
echo "examples: $checked directories valid, $skipped skipped"
exit "$failed"
