#!/usr/bin/env bash
# Checks every Terraform example under examples/ (the ones tfplugindocs puts into
# docs/, and examples/demo): `fmt -check` and `validate`, against the provider
# built from this tree, with every CLI available:
#   - OpenTofu: $TOFU, else `tofu` on PATH, else bin/tofu (built from tools/tofu
#     by scripts/tf-cli.sh when missing);
#   - the pinned Terraform (bin/terraform-1.14.5, built from tools/terraform by
#     scripts/terraform-cli.sh when missing): the only CLI that validates the
#     action and list-resource examples;
#   - Terraform: `terraform` on PATH, when there is one (>= 1.11: the examples use
#     write-only attributes and ephemeral variables).
# Set VALIDATE_CLIS="/path/to/cli ..." to choose the CLIs explicitly.
#
# No registry is contacted: the provider is installed through a dev_overrides
# CLI configuration, and `init` is not run (with dev_overrides it is not needed
# for validate, and it would ask the registry about the overridden provider).
# Every example names its provider `terraform-vb365/vb365` in required_providers:
# without that, Terraform and OpenTofu would look for hashicorp/vb365. The
# dev_overrides key "terraform-vb365/vb365" matches both registry.terraform.io
# (Terraform) and registry.opentofu.org (OpenTofu); a full address would match
# only one of them.
#
# examples/actions/ uses `action` blocks and `action_trigger`, and
# examples/list-resources/ `list` blocks in .tfquery.hcl files (validated with
# `validate -query`); both exist only in Terraform >= 1.14 (OpenTofu has neither):
# they are format-checked always and validated only with a Terraform >= 1.14. So are the
# configurations of the policy's test plans (examples/policy/testdata/*), which invoke actions.
#
# Usage: scripts/validate-examples.sh [DIR...]   (default: every example dir)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# A missing CLI config file makes OpenTofu print a warning on stdout.
export TF_CLI_CONFIG_FILE=/dev/null
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

if [ "$#" -gt 0 ]; then
	dirs=("$@")
else
	mapfile -t dirs < <(find examples -type f -name '*.tf' -not -path '*/.terraform/*' -printf '%h\n' | LC_ALL=C sort -u)
fi
if [ "${#dirs[@]}" -eq 0 ]; then
	echo "validate-examples: no Terraform files under examples/"
	exit 0
fi

version_of() {
	"$1" version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p' | head -n 1
}
# at_least VERSION MIN: true when VERSION >= MIN (pre-release suffixes ignored).
at_least() {
	[ "$(printf '%s\n%s\n' "$2" "${1%%-*}" | sort -V | head -n 1)" = "$2" ]
}

clis=()
if [ -n "${VALIDATE_CLIS:-}" ]; then
	read -r -a clis <<<"$VALIDATE_CLIS"
else
	clis+=("$(scripts/tf-cli.sh)" "$(scripts/terraform-cli.sh)")
	if command -v terraform >/dev/null 2>&1; then
		clis+=("$(command -v terraform)")
	fi
fi
if [ "${#clis[@]}" -eq 0 ]; then
	echo "validate-examples: no terraform or tofu CLI found" >&2
	exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/vb365-validate-examples.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "validate-examples: building the provider"
go build -o "$work/plugins/terraform-provider-vb365" .
cat >"$work/cli.tfrc" <<EOF
provider_installation {
  dev_overrides {
    "terraform-vb365/vb365" = "$work/plugins"
  }
  direct {}
}
EOF

failed=0
checked=0
skipped=0
for cli in "${clis[@]}"; do
	version="$(version_of "$cli")"
	name="$(basename "$cli") ${version:-?}"
	if [ -z "$version" ]; then
		echo "validate-examples: FAIL   cannot run $cli version" >&2
		failed=1
		continue
	fi
	for d in "${dirs[@]}"; do
		d="${d%/}"
		if ! "$cli" fmt -check -diff "$d" >"$work/fmt.log" 2>&1; then
			echo "validate-examples: FAIL   $d ($name fmt -check; run '$cli fmt $d')" >&2
			sed 's/^/    /' "$work/fmt.log" >&2
			failed=1
		fi
		validate_args=()
		case "$d/" in
		examples/actions/* | examples/list-resources/* | examples/policy/testdata/*)
			if [[ "$name" != terraform* ]] || ! at_least "$version" 1.14; then
				echo "validate-examples: skip   $d ($name: actions and list resources need Terraform >= 1.14)"
				skipped=$((skipped + 1))
				continue
			fi
			validate_args+=(-query)
			;;
		esac
		# Validate a copy, so no .terraform directory or lock file lands in the tree.
		copy="$work/copy/$d"
		rm -rf "$copy"
		mkdir -p "$copy"
		cp -R "$d/." "$copy/"
		# Import by resource identity needs Terraform or OpenTofu 1.12+.
		if ! at_least "$version" 1.12 && [ -e "$copy/import-by-identity.tf" ]; then
			rm "$copy/import-by-identity.tf"
			echo "validate-examples: note   $d/import-by-identity.tf not validated ($name: import by identity needs >= 1.12)"
		fi
		if TF_CLI_CONFIG_FILE="$work/cli.tfrc" "$cli" -chdir="$copy" validate -no-color "${validate_args[@]}" >"$work/validate.log" 2>&1; then
			echo "validate-examples: ok     $d ($name)"
			checked=$((checked + 1))
		else
			echo "validate-examples: FAIL   $d ($name validate)" >&2
			sed 's/^/    /' "$work/validate.log" >&2
			failed=1
		fi
	done
done
echo "validate-examples: $checked validations passed, $skipped skipped$([ "$failed" -eq 0 ] || echo ', FAILURES above')"
exit "$failed"
