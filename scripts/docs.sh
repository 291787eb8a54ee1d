#!/usr/bin/env bash
# Generates or checks the registry documentation in docs/ with tfplugindocs,
# fully offline.
#
#   scripts/docs.sh generate        regenerate docs/ (replaces it as a whole, so
#                                   docs of removed types disappear too)
#   scripts/docs.sh check           regenerate into a temporary tree, fail if it
#                                   differs from docs/, then `tfplugindocs validate`
#   scripts/docs.sh schema FILE     only write the provider schema JSON to FILE
#
# tfplugindocs would normally build the provider and ask `terraform` for the
# schema, downloading Terraform when none is installed. Instead the pinned
# Terraform (scripts/terraform-cli.sh, bin/terraform-1.14.5, built from
# tools/terraform) produces the schema JSON and tfplugindocs reads it through
# --providers-schema. Terraform 1.14+ is needed for the action and
# list-resource schemas (OpenTofu's schema JSON has neither, so their pages
# would be missing). tfplugindocs looks the schema up under the key
# "registry.terraform.io/hashicorp/vb365" (or "vb365"), so the key Terraform
# writes, "registry.terraform.io/terraform-vb365/vb365", is renamed to that.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export TF_CLI_CONFIG_FILE=/dev/null

provider_name=vb365
rendered_name="Veeam Backup for Microsoft 365"
namespace=terraform-vb365
cli_key="registry.terraform.io/$namespace/$provider_name"
docs_key="registry.terraform.io/hashicorp/$provider_name"

mode="${1:-}"
case "$mode" in
generate | check) ;;
schema) [ -n "${2:-}" ] || { echo "usage: $0 schema FILE" >&2; exit 2; } ;;
*) echo "usage: $0 generate|check|schema FILE" >&2; exit 2 ;;
esac

work="$(mktemp -d "${TMPDIR:-/tmp}/vb365-docs.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# 1. The provider schema, from the pinned Terraform with the provider in a local plugin dir.
tf="$(scripts/terraform-cli.sh)"
platform="$(go env GOHOSTOS)_$(go env GOHOSTARCH)"
plugin_dir="$work/ws/plugins/registry.terraform.io/$namespace/$provider_name/0.0.1/$platform"
mkdir -p "$plugin_dir"
GOOS="$(go env GOHOSTOS)" GOARCH="$(go env GOHOSTARCH)" \
	go build -o "$plugin_dir/terraform-provider-${provider_name}_v0.0.1" .
cat >"$work/ws/main.tf" <<EOF
terraform {
  required_providers {
    $provider_name = { source = "$namespace/$provider_name" }
  }
}
EOF
if ! "$tf" -chdir="$work/ws" init -input=false -backend=false -plugin-dir=./plugins >"$work/init.log" 2>&1; then
	cat "$work/init.log" >&2
	echo "docs: terraform init with the locally built provider failed" >&2
	exit 1
fi
"$tf" -chdir="$work/ws" providers schema -json >"$work/schema.raw.json"
sed "s#\"$cli_key\":#\"$docs_key\":#" "$work/schema.raw.json" >"$work/schema.json"
if ! grep -q "\"$docs_key\":" "$work/schema.json"; then
	echo "docs: the schema JSON from $tf has no \"$cli_key\" provider; keys found:" >&2
	grep -o '"provider_schemas":{"[^"]*"' "$work/schema.raw.json" >&2 || head -c 300 "$work/schema.raw.json" >&2
	exit 1
fi
# Without these sections tfplugindocs silently renders no action or list-resource page.
for section in action_schemas list_resource_schemas; do
	if ! grep -q "\"$section\":" "$work/schema.json"; then
		echo "docs: the schema JSON from $tf has no $section: a Terraform 1.14+ is needed" >&2
		exit 1
	fi
done

if [ "$mode" = schema ]; then
	cp "$work/schema.json" "$2"
	exit 0
fi

# 2. tfplugindocs from its own tools module (kept out of the provider's go.mod).
go build -C tools/docs -o "$root/bin/tfplugindocs" github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs

# 3. Render into a scratch tree holding only what tfplugindocs reads: templates
#    and examples (template functions resolve paths relative to the tree).
tree="$work/tree"
mkdir -p "$tree"
for d in templates examples; do
	if [ -d "$d" ]; then cp -R "$d" "$tree/$d"; fi
done
bin/tfplugindocs generate \
	--provider-dir "$tree" \
	--provider-name "$provider_name" \
	--rendered-provider-name "$rendered_name" \
	--providers-schema "$work/schema.json" >"$work/generate.log" 2>&1 || {
	cat "$work/generate.log" >&2
	echo "docs: tfplugindocs generate failed" >&2
	exit 1
}

case "$mode" in
generate)
	rm -rf docs
	cp -R "$tree/docs" docs
	echo "docs: regenerated docs/ ($(find docs -type f | wc -l) files)"
	;;
check)
	if [ ! -d docs ]; then
		echo "docs: docs/ is missing; run 'make docs' and commit the result" >&2
		exit 1
	fi
	if ! diff -ru docs "$tree/docs" >"$work/docs.diff"; then
		sed "s#$tree/docs#docs(generated)#g" "$work/docs.diff" >&2
		echo "docs: docs/ is out of date with the schema, templates or examples; run 'make docs' and commit the result" >&2
		exit 1
	fi
	echo "docs: docs/ is up to date"
	;;
esac

if ! bin/tfplugindocs validate \
	--provider-dir "$root" \
	--provider-name "$provider_name" \
	--providers-schema "$work/schema.json" >"$work/validate.log" 2>&1; then
	grep -v '\[DEBUG\]' "$work/validate.log" >&2
	echo "docs: tfplugindocs validate failed" >&2
	exit 1
fi
echo "docs: tfplugindocs validate passed"
