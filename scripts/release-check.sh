#!/usr/bin/env bash
# Checks the release configuration without publishing anything:
#   1. terraform-registry-manifest.json declares plugin protocol 6.0 (what
#      main.go serves through terraform-plugin-framework);
#   2. `goreleaser check` validates .goreleaser.yml;
#   3. `goreleaser build --snapshot --clean --single-target` builds the
#      linux/amd64 release binary into dist/, which is checked for the release
#      build settings (CGO off, -trimpath, version stamped);
#   4. a snapshot release of linux/amd64 only (the platform list of
#      .goreleaser.yml swapped out, everything else as configured) is packaged,
#      checksummed and, when gpg is installed, signed with a throwaway key; the
#      registry layout is verified: zip name and content, manifest, SHA256SUMS
#      entries and hashes, and the detached signature;
#   5. the simulator's archive (vb365-sim_<version>_linux_amd64.tar.gz) is in the
#      snapshot, covered by the same SHA256SUMS, and holds a vb365-sim that
#      reports the release version (-version) and its manual (-h).
# goreleaser (pinned in tools/goreleaser) is built into bin/ on first use.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
project=terraform-provider-vb365

fail() {
	echo "release-check: $*" >&2
	exit 1
}

manifest=terraform-registry-manifest.json
[ -f "$manifest" ] || fail "$manifest is missing"
tr -d ' \n\t' <"$manifest" | grep -q '"protocol_versions":\["6.0"\]' ||
	fail "$manifest must declare \"protocol_versions\": [\"6.0\"]"

go build -C tools/goreleaser -o "$root/bin/goreleaser" github.com/goreleaser/goreleaser/v2

git rev-parse --is-inside-work-tree >/dev/null 2>&1 ||
	fail "goreleaser needs a git checkout; $root is not one"
# goreleaser reads commit and remote from git. A clone without any remote
# gets one for this process only, through git's environment config; the
# repository's own config is not touched.
if [ -z "$(git remote)" ]; then
	n="${GIT_CONFIG_COUNT:-0}"
	export "GIT_CONFIG_KEY_$n=remote.origin.url"
	export "GIT_CONFIG_VALUE_$n=https://github.com/terraform-vb365/$project.git"
	export GIT_CONFIG_COUNT=$((n + 1))
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/vb365-release-check.XXXXXX")"
gpg_home=""
cleanup() {
	if [ -n "$gpg_home" ]; then
		# Stop the agent gpg started for the throwaway keyring (only that one).
		GNUPGHOME="$gpg_home" gpgconf --kill gpg-agent >/dev/null 2>&1 || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

echo "--- goreleaser check"
bin/goreleaser check

echo "--- goreleaser build --snapshot --single-target (linux/amd64)"
GOOS=linux GOARCH=amd64 bin/goreleaser build --snapshot --clean --single-target
bins=(dist/*linux_amd64*/"${project}"_v*)
[ -f "${bins[0]}" ] || fail "no ${project}_v<version> binary for linux/amd64 under dist/"
binary="${bins[0]}"
info="$(go version -m "$binary")"
for want in 'CGO_ENABLED=0' '-trimpath=true'; do
	grep -qF -- "$want" <<<"$info" || fail "$binary was not built with $want:"$'\n'"$info"
done
# -trimpath keeps -ldflags out of the build info, so look for the stamped
# version string (main.version) in the binary itself.
version="${binary##*_v}"
grep -qaF -- "$version" "$binary" || fail "$binary does not contain its version $version (main.version not stamped?)"
echo "release-check: binary ok: $binary"

echo "--- goreleaser release --snapshot (linux/amd64 only, not published)"
config="$work/goreleaser.yml"
awk '
	/# release-check:platforms:begin/ { print "    goos: [linux]"; print "    goarch: [amd64]"; skip = 1; next }
	/# release-check:platforms:end/ { skip = 0; next }
	!skip { print }
' .goreleaser.yml >"$config"
grep -q 'goos: \[linux\]' "$config" || fail ".goreleaser.yml lost its '# release-check:platforms:begin/end' markers"

skip=publish
if command -v gpg >/dev/null 2>&1; then
	gpg_home="$work/gnupg"
	mkdir -m 700 "$gpg_home"
	export GNUPGHOME="$gpg_home"
	gpg --batch --quiet --passphrase '' --quick-gen-key "vb365 release-check <release-check@invalid>" ed25519 sign 1d 2>/dev/null
	GPG_FINGERPRINT="$(gpg --list-secret-keys --with-colons | awk -F: '$1 == "fpr" { print $10; exit }')"
	export GPG_FINGERPRINT
else
	echo "release-check: gpg not installed: the signing step is skipped (install gnupg to check it)"
	skip=publish,sign
	export GPG_FINGERPRINT=none
fi
bin/goreleaser release --config "$config" --snapshot --clean --skip="$skip"

found=(dist/"${project}"_*_SHA256SUMS)
[ -f "${found[0]}" ] || fail "no ${project}_<version>_SHA256SUMS under dist/"
sums="${found[0]}"
version="${sums#dist/"${project}"_}"
version="${version%_SHA256SUMS}"
zip="${project}_${version}_linux_amd64.zip"
manifest_out="${project}_${version}_manifest.json"
sim_archive="vb365-sim_${version}_linux_amd64.tar.gz"

# SHA256SUMS: exactly the zip, the manifest and the simulator's archive, with the right hashes.
listed="$(awk '{ print $2 }' "$sums" | LC_ALL=C sort | paste -sd ' ' -)"
expected="$(printf '%s\n' "$zip" "$manifest_out" "$sim_archive" | LC_ALL=C sort | paste -sd ' ' -)"
[ "$listed" = "$expected" ] || fail "$sums lists '$listed', expected '$expected'"
# The manifest is uploaded from the source tree under its release name.
sum_of() { awk -v f="$1" '$2 == f { print $1 }' "$sums"; }
[ "$(sum_of "$manifest_out")" = "$(sha256sum "$manifest" | cut -d' ' -f1)" ] ||
	fail "the $manifest_out hash in $sums is not the hash of $manifest"
[ "$(sum_of "$zip")" = "$(sha256sum "dist/$zip" | cut -d' ' -f1)" ] ||
	fail "the $zip hash in $sums does not match dist/$zip"
[ -f "dist/$sim_archive" ] || fail "no simulator archive dist/$sim_archive in the snapshot"
[ "$(sum_of "$sim_archive")" = "$(sha256sum "dist/$sim_archive" | cut -d' ' -f1)" ] ||
	fail "the $sim_archive hash in $sums does not match dist/$sim_archive"

# The zip holds the binary under the name the registry expects.
zip_list="$(python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$root/dist/$zip" 2>/dev/null ||
	unzip -Z1 "$root/dist/$zip" 2>/dev/null || true)"
if [ -n "$zip_list" ]; then
	grep -qx "${project}_v${version}" <<<"$zip_list" || fail "dist/$zip does not contain ${project}_v${version}:"$'\n'"$zip_list"
else
	echo "release-check: neither python3 nor unzip available: zip content not inspected"
fi

# The simulator's archive: its binary (stamped with the version, built like the
# provider), its license and the fixture format.
sim_list="$(tar -tzf "dist/$sim_archive")"
for want in vb365-sim LICENSE FIXTURE.md; do
	grep -qx "$want" <<<"$sim_list" || fail "dist/$sim_archive does not contain $want:"$'\n'"$sim_list"
done
mkdir -p "$work/sim"
tar -xzf "dist/$sim_archive" -C "$work/sim"
sim_info="$(go version -m "$work/sim/vb365-sim")"
for want in 'CGO_ENABLED=0' '-trimpath=true'; do
	grep -qF -- "$want" <<<"$sim_info" || fail "vb365-sim was not built with $want"
done
sim_version="$("$work/sim/vb365-sim" -version)"
grep -qF "vb365-sim $version " <<<"$sim_version" || fail "vb365-sim -version says '$sim_version', expected version $version"
"$work/sim/vb365-sim" -h 2>&1 | grep -q '^EXIT STATUS' || fail "vb365-sim -h prints no manual"
echo "release-check: simulator ok: $sim_archive ($sim_version)"

if [ "$skip" = publish ]; then
	[ -f "$sums.sig" ] || fail "no detached signature $sums.sig"
	gpg --batch --quiet --verify "$sums.sig" "$sums" 2>"$work/verify.log" ||
		fail "the signature does not verify against $sums:"$'\n'"$(cat "$work/verify.log")"
	echo "release-check: signature ok: $sums.sig"
fi
echo "release-check: ok: $zip, $manifest_out, $sim_archive, $(basename "$sums") (version $version)"
