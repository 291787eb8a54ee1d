#!/usr/bin/env bash
# `make bench`: measures the provider through a real CLI run against the simulator and writes
# BENCHMARKS.md. Every target is a ratio against a baseline measured in the same run.
#
#   BENCH_RUNS=3            runs per measurement (medians are reported)
#   BENCH_SIZES="20000 100000"
#   BENCH_OUT=BENCHMARKS.md
#   BENCH_COUNT_SIZE=100000 items of the mailbox whose whole-mailbox restore is planned (count)
#   BENCH_ONLY=list         run only this section (list, reads, pst, count, micro, plan500) and print
#                           its raw results instead of writing BENCH_OUT
#   BENCH_PLAN_MAILBOXES=500 mailboxes of the vb365_mailboxes_restore whose plan is measured (plan500)
#   TERRAFORM=/path/to/cli  the CLI (default: terraform on PATH, else bin/tofu)
#
# The provider runs under internal/bench/cmd/rusage, installed as the provider binary of a
# dev_overrides directory: each provider process the CLI starts appends its CPU time and peak
# RSS to a log. Run it on a quiet machine: figures measured while other work competes for the
# CPUs are noisy (ratios within one run are less so).
set -euo pipefail

bench_start=$SECONDS
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
RUNS="${BENCH_RUNS:-3}"
SIZES="${BENCH_SIZES:-20000 100000}"
OUT="${BENCH_OUT:-BENCHMARKS.md}"
ONLY="${BENCH_ONLY:-}"
section() { [ -z "$ONLY" ] || [ "$ONLY" = "$1" ]; }
PAGE=10000
COUNT_SIZE="${BENCH_COUNT_SIZE:-100000}"
PST_SIZE=$((1 << 30))
READS=200
LATENCY_MS=20
PARALLELISM=10

tf="${TERRAFORM:-$(command -v terraform || true)}"
[ -n "$tf" ] || tf="$(scripts/tf-cli.sh)"
tf_version="$("$tf" version | sed -n 1p)"

work="$(mktemp -d "${TMPDIR:-/tmp}/vb365-bench.XXXXXX")"
sims=()
cleanup() {
	for pid in "${sims[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

echo "bench: building into $work" >&2
mkdir -p "$work/bin" "$work/plugins"
go build -o "$work/bin/provider" .
go build -o "$work/bin/vb365-sim" ./internal/vb365sim/cmd/vb365-sim
go build -o "$work/bin/listclient" ./internal/bench/cmd/listclient
go build -o "$work/plugins/terraform-provider-vb365" ./internal/bench/cmd/rusage
cp "$work/plugins/terraform-provider-vb365" "$work/bin/rusage"

cat >"$work/cli.tfrc" <<EOF
provider_installation {
  dev_overrides {
    "terraform-vb365/vb365" = "$work/plugins"
  }
  direct {}
}
EOF
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
export BENCH_RUSAGE_EXEC="$work/bin/provider"
export VB365_USERNAME=admin@vb365.local VB365_PASSWORD=vb365-sim-password VB365_API_VERSION=v8

# start_sim NAME ARGS...: starts a simulator on a free port; sets $sim_url and $sim_session.
start_sim() {
	local name="$1"
	shift
	"$work/bin/vb365-sim" -addr 127.0.0.1:0 -counts-out "$work/$name.counts.json" "$@" >"$work/$name.sim.log" 2>&1 &
	sims+=("$!")
	eval "${name}_pid=$!"
	for _ in $(seq 100); do
		grep -q 'listening on' "$work/$name.sim.log" 2>/dev/null && break
		sleep 0.1
	done
	sim_url="$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/$name.sim.log")"
	sim_session="$(sed -n 's/.*restore session (open): \([^ ]*\).*/\1/p' "$work/$name.sim.log")"
	[ -n "$sim_url" ] || { cat "$work/$name.sim.log" >&2; exit 1; }
}

stop_sim() { # stop_sim NAME: stops it so that it writes its request counts
	local pid
	eval "pid=\$${1}_pid"
	kill "$pid"
	wait "$pid" 2>/dev/null || true
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# provider_usage LOG: "<cpu seconds summed over processes> <max peak RSS KiB> <processes>"
provider_usage() { awk '{ cpu += $1 + $2; if ($3 > rss) rss = $3; n++ } END { printf "%.3f %d %d\n", cpu, rss, n }' "$1"; }

now() { date +%s.%N; }

# count ROUTE-REGEX FILE: sums the counters whose key matches.
count() { { grep -Ei "$1" "$2" || true; } | sed 's/.*: *\([0-9]*\).*/\1/' | awk '{ s += $1 } END { print s + 0 }'; }

results="$work/results.txt"
: >"$results"
record() { echo "$*" >>"$results"; }

# ---- 1 & 2: listing N items in a plan ----
section list || SIZES=""
for n in $SIZES; do
	echo "bench: listing $n items" >&2
	# One simulator for the baseline and the apply, another for the plans only, whose request
	# counts are reported.
	start_sim "base$n" -large-mailbox-items "$n"
	export VB365_ENDPOINT="$sim_url"
	dir="$work/list$n"
	mkdir -p "$dir"
	cat >"$dir/main.tf" <<EOF
terraform {
  required_providers {
    vb365 = { source = "terraform-vb365/vb365" }
  }
}
provider "vb365" {}
data "vb365_mailboxes" "large" {
  restore_session_id = "$sim_session"
  name               = "Large Mailbox"
}
data "vb365_mailbox_items" "all" {
  restore_session_id = "$sim_session"
  mailbox_id         = data.vb365_mailboxes.large.mailboxes[0].id
  page_size          = $PAGE
}
output "listed" { value = length(data.vb365_mailbox_items.all.items) }
EOF
	# Baseline runs: the plain client under the same wrapper.
	for run in $(seq "$RUNS"); do
		rm -f "$work/base.log"
		BENCH_RUSAGE_EXEC= BENCH_RUSAGE_LOG="$work/base.log" "$work/bin/rusage" "$work/bin/listclient" -endpoint "$sim_url" \
			-session "$sim_session" -mailbox-name "Large Mailbox" -page-size "$PAGE" >"$work/base.out"
		grep -q "items=$n " "$work/base.out" || { echo "baseline listed: $(cat "$work/base.out")" >&2; exit 1; }
		read -r cpu rss _ < <(provider_usage "$work/base.log")
		echo "$cpu" >>"$work/base$n.cpu"
		echo "$rss" >>"$work/base$n.rss"
	done
	# State: one apply (the data sources only), at the first size: the state of a listing is
	# the same number of bytes per item at any size.
	if [ -z "${state_per_item:-}" ]; then
		(cd "$dir" && BENCH_RUSAGE_LOG="$work/apply.log" "$tf" apply -auto-approve -input=false -no-color -lock=false >"$work/apply.out" 2>&1) ||
			{ cat "$work/apply.out" >&2; exit 1; }
		state_per_item="$(awk -v b="$(wc -c <"$dir/terraform.tfstate")" -v n="$n" 'BEGIN { printf "%.0f", b / n }')"
		state_at="$n"
		rm -f "$dir/terraform.tfstate"
	fi
	stop_sim "base$n"
	start_sim "list$n" -large-mailbox-items "$n"
	export VB365_ENDPOINT="$sim_url"
	for run in $(seq "$RUNS"); do
		rm -f "$work/prov.log"
		start="$(now)"
		(cd "$dir" && BENCH_RUSAGE_LOG="$work/prov.log" "$tf" plan -input=false -no-color -lock=false >"$work/plan.out" 2>&1) ||
			{ cat "$work/plan.out" >&2; exit 1; }
		end="$(now)"
		grep -q "listed *= *$n" "$work/plan.out" || { echo "plan did not list $n items" >&2; tail -20 "$work/plan.out" >&2; exit 1; }
		read -r cpu rss procs < <(provider_usage "$work/prov.log")
		echo "$cpu" >>"$work/prov$n.cpu"
		echo "$rss" >>"$work/prov$n.rss"
		echo "$procs" >"$work/prov$n.procs"
		awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }' >>"$work/cli$n.wall"
	done
	stop_sim "list$n"
	list_requests="$(count '"GET /v8/RestoreSessions/\{id\}/Organization/Mailboxes/\{id\}/Items"' "$work/list$n.counts.json")"
	token_requests="$(count '"POST /v8/Token"' "$work/list$n.counts.json")"
	record "list $n base_cpu=$(median <"$work/base$n.cpu") base_rss=$(median <"$work/base$n.rss") prov_cpu=$(median <"$work/prov$n.cpu") prov_rss=$(median <"$work/prov$n.rss") procs=$(cat "$work/prov$n.procs") cli_wall=$(median <"$work/cli$n.wall") state_per_item=$state_per_item state_at=$state_at list_requests=$list_requests token_requests=$token_requests"
done

# ---- 3: 200 item reads at 0 ms and 20 ms of latency ----
reads_config() { # reads_config DIR
	mkdir -p "$1"
	cat >"$1/main.tf" <<EOF
terraform {
  required_providers {
    vb365 = { source = "terraform-vb365/vb365" }
  }
}
provider "vb365" {
  max_concurrent_requests = $PARALLELISM
}
data "vb365_mailboxes" "large" {
  restore_session_id = "$sim_session"
  name               = "Large Mailbox"
}
data "vb365_mailbox_items" "some" {
  restore_session_id = "$sim_session"
  mailbox_id         = data.vb365_mailboxes.large.mailboxes[0].id
  max_items          = $READS
}
data "vb365_mailbox_item" "each" {
  count              = $READS
  restore_session_id = "$sim_session"
  mailbox_id         = data.vb365_mailboxes.large.mailboxes[0].id
  item_id            = data.vb365_mailbox_items.some.items[count.index].id
}
output "read" { value = length(data.vb365_mailbox_item.each) }
EOF
}
if section reads; then
for latency in 0 "$LATENCY_MS"; do
	echo "bench: $READS item reads at ${latency} ms latency" >&2
	start_sim "reads$latency" -large-mailbox-items "$READS" -latency "${latency}ms"
	export VB365_ENDPOINT="$sim_url"
	reads_config "$work/reads$latency"
	for run in $(seq "$RUNS"); do
		start="$(now)"
		(cd "$work/reads$latency" && BENCH_RUSAGE_LOG="$work/reads.log" "$tf" plan -input=false -no-color -lock=false -parallelism="$PARALLELISM" >"$work/plan.out" 2>&1) ||
			{ cat "$work/plan.out" >&2; exit 1; }
		end="$(now)"
		grep -q "read *= *$READS" "$work/plan.out" || { tail -20 "$work/plan.out" >&2; exit 1; }
		awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }' >>"$work/reads$latency.wall"
	done
	stop_sim "reads$latency"
done
record "reads wall0=$(median <"$work/reads0.wall") wall$LATENCY_MS=$(median <"$work/reads$LATENCY_MS.wall")"
fi

# ---- 4: a 1 GiB PST export ----
pst_config() { # pst_config DIR
	mkdir -p "$1"
	cat >"$1/main.tf" <<EOF
terraform {
  required_providers {
    vb365 = { source = "terraform-vb365/vb365" }
  }
}
provider "vb365" {}
data "vb365_mailboxes" "all" {
  restore_session_id = "$sim_session"
  max_items          = 1
}
data "vb365_mailbox_items" "first" {
  restore_session_id = "$sim_session"
  mailbox_id         = data.vb365_mailboxes.all.mailboxes[0].id
  max_items          = 1
}
resource "vb365_mailbox_item_restore" "export" {
  restore_session_id = "$sim_session"
  mailbox_id         = data.vb365_mailboxes.all.mailboxes[0].id
  item_ids           = [data.vb365_mailbox_items.first.items[0].id]
  export_to_pst {
    path = "$1/export.pst"
  }
}
EOF
}
if section pst; then
for size in 4096 "$PST_SIZE"; do
	echo "bench: PST export of $size bytes" >&2
	start_sim "pst$size" -pst-size "$size"
	export VB365_ENDPOINT="$sim_url"
	dir="$work/pst$size"
	pst_config "$dir"
	token="$(curl -s -X POST "$sim_url/v8/Token" -d "grant_type=password&username=$VB365_USERNAME&password=$VB365_PASSWORD" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')"
	read -r mailbox_id item_id < <("$work/bin/listclient" -endpoint "$sim_url" -session "$sim_session" -first-item)
	for run in $(seq "$RUNS"); do
		rm -f "$dir/export.pst" "$dir/terraform.tfstate" "$dir/terraform.tfstate.backup" "$work/pst.log"
		start="$(now)"
		(cd "$dir" && BENCH_RUSAGE_LOG="$work/pst.log" "$tf" apply -auto-approve -input=false -no-color -lock=false >"$work/apply.out" 2>&1) ||
			{ cat "$work/apply.out" >&2; exit 1; }
		end="$(now)"
		[ "$(wc -c <"$dir/export.pst")" -eq "$size" ] || { echo "PST of $(wc -c <"$dir/export.pst") bytes" >&2; exit 1; }
		awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }' >>"$work/pst$size.wall"
		read -r _ rss _ < <(provider_usage "$work/pst.log")
		echo "$rss" >>"$work/pst$size.rss"
		rm -f "$work/curl.pst"
		curl -s -o "$work/curl.pst" -w '%{time_total}\n' -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
			"$sim_url/v8/RestoreSessions/$sim_session/organization/mailboxes/$mailbox_id/items/$item_id/exportToPst" \
			-d '{}' >>"$work/curl$size.wall"
		[ "$(wc -c <"$work/curl.pst")" -eq "$size" ] || { echo "curl PST of $(wc -c <"$work/curl.pst") bytes" >&2; exit 1; }
	done
	rm -f "$work/curl.pst" "$dir/export.pst"
	stop_sim "pst$size"
done
fi
section pst && record "pst size=$PST_SIZE wall_small=$(median <"$work/pst4096.wall") wall_large=$(median <"$work/pst$PST_SIZE.wall") rss=$(median <"$work/pst$PST_SIZE.rss") curl=$(median <"$work/curl$PST_SIZE.wall")"

# ---- 5: item_count of a whole-mailbox restore in a plan ----
# The plan of vb365_mailbox_item_restore with whole_mailbox = true counts the mailbox's items
# (item_count, item_count_by_folder) while planning. Baseline: listclient fetching and decoding
# the same pages (wall time).
if section count; then
	echo "bench: planning a whole-mailbox restore of $COUNT_SIZE items (item_count)" >&2
	start_sim "count" -large-mailbox-items "$COUNT_SIZE"
	export VB365_ENDPOINT="$sim_url"
	dir="$work/count"
	mkdir -p "$dir"
	cat >"$dir/main.tf" <<EOF
terraform {
  required_providers {
    vb365 = { source = "terraform-vb365/vb365" }
  }
}
provider "vb365" {}
data "vb365_mailboxes" "large" {
  restore_session_id = "$sim_session"
  name               = "Large Mailbox"
}
resource "vb365_mailbox_item_restore" "mailbox" {
  restore_session_id = "$sim_session"
  mailbox_id         = data.vb365_mailboxes.large.mailboxes[0].id
  whole_mailbox      = true
  restore_to_original_location {}
}
EOF
	for run in $(seq "$RUNS"); do
		start="$(now)"
		"$work/bin/listclient" -endpoint "$sim_url" -session "$sim_session" -mailbox-name "Large Mailbox" -page-size "$PAGE" >"$work/base.out"
		end="$(now)"
		grep -q "items=$COUNT_SIZE " "$work/base.out" || { echo "baseline listed: $(cat "$work/base.out")" >&2; exit 1; }
		awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }' >>"$work/countbase.wall"
		rm -f "$work/count.log"
		start="$(now)"
		(cd "$dir" && BENCH_RUSAGE_LOG="$work/count.log" "$tf" plan -input=false -no-color -lock=false >"$work/plan.out" 2>&1) ||
			{ cat "$work/plan.out" >&2; exit 1; }
		end="$(now)"
		grep -q "item_count *= *$COUNT_SIZE\$" "$work/plan.out" ||
			{ echo "the plan does not show item_count = $COUNT_SIZE" >&2; tail -40 "$work/plan.out" >&2; exit 1; }
		awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }' >>"$work/count.wall"
		read -r _ rss _ < <(provider_usage "$work/count.log")
		echo "$rss" >>"$work/count.rss"
	done
	stop_sim "count"
	record "count items=$COUNT_SIZE wall=$(median <"$work/count.wall") base_wall=$(median <"$work/countbase.wall") rss=$(median <"$work/count.rss")"
fi

# ---- 7: the plan of a 500-mailbox restore (vb365_mailboxes_restore) ----
# The plan reviews the restore: a session of the provider's own, one listing of the
# organization's mailboxes, the restore point, and the look-up for earlier runs (the restore
# sessions in history_window and the events of those that could hold one). Baseline: listclient
# -plan-reads making the same reads (wall time). LATENCY_MS of latency per request. It runs
# before section 6, which ends a BENCH_ONLY run.
PLAN_MAILBOXES="${BENCH_PLAN_MAILBOXES:-500}"
if section plan500; then
	echo "bench: planning a restore of $PLAN_MAILBOXES mailboxes (vb365_mailboxes_restore)" >&2
	start_sim "plan" -mailboxes "$PLAN_MAILBOXES" -latency "${LATENCY_MS}ms"
	export VB365_ENDPOINT="$sim_url"
	plan_org="$(sed -n 's/.*organization: .* (\([^)]*\)),.*/\1/p' "$work/plan.sim.log")"
	# A first baseline run writes the generated mailboxes' IDs for the configuration.
	"$work/bin/listclient" -endpoint "$sim_url" -plan-reads "$plan_org" -ids-out "$work/plan.ids" >"$work/planbase.out"
	grep -q "restored=$PLAN_MAILBOXES " "$work/planbase.out" || { echo "baseline read: $(cat "$work/planbase.out")" >&2; exit 1; }
	base_requests_sum="$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' "$work/planbase.out")"
	dir="$work/plan"
	mkdir -p "$dir"
	{
		cat <<EOF
terraform {
  required_providers {
    vb365 = { source = "terraform-vb365/vb365" }
  }
}
provider "vb365" {}
resource "vb365_mailboxes_restore" "incident" {
  organization_id = "$plan_org"
  reason          = "bench: incident restore of $PLAN_MAILBOXES mailboxes"
  mailbox_ids = [
EOF
		sed 's/.*/    "&",/' "$work/plan.ids"
		printf '  ]\n}\n'
	} >"$dir/main.tf"
	for run in $(seq "$RUNS"); do
		start="$(now)"
		"$work/bin/listclient" -endpoint "$sim_url" -plan-reads "$plan_org" >"$work/planbase.out"
		end="$(now)"
		grep -q "restored=$PLAN_MAILBOXES " "$work/planbase.out" || { echo "baseline read: $(cat "$work/planbase.out")" >&2; exit 1; }
		awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }' >>"$work/planbase.wall"
		r="$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' "$work/planbase.out")"
		echo "$r" >>"$work/planbase.requests"
		base_requests_sum=$((base_requests_sum + r))
		rm -f "$work/plan.log"
		start="$(now)"
		(cd "$dir" && BENCH_RUSAGE_LOG="$work/plan.log" "$tf" plan -input=false -no-color -lock=false >"$work/plan.out" 2>&1) ||
			{ cat "$work/plan.out" >&2; exit 1; }
		end="$(now)"
		grep -q "mailbox_count *= *$PLAN_MAILBOXES\$" "$work/plan.out" ||
			{ echo "the plan does not show mailbox_count = $PLAN_MAILBOXES" >&2; tail -40 "$work/plan.out" >&2; exit 1; }
		[ "$(grep -c '+ is_archive' "$work/plan.out")" -eq "$PLAN_MAILBOXES" ] ||
			{ echo "the plan does not list $PLAN_MAILBOXES mailboxes" >&2; exit 1; }
		awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }' >>"$work/plan.wall"
		read -r cpu rss procs < <(provider_usage "$work/plan.log")
		echo "$cpu" >>"$work/plan.cpu"
		echo "$rss" >>"$work/plan.rss"
	done
	stop_sim "plan"
	# The provider's requests per plan: every request the simulator counted but the baseline's.
	plan_total="$(count '"' "$work/plan.counts.json")"
	record "plan mailboxes=$PLAN_MAILBOXES base_wall=$(median <"$work/planbase.wall") cli_wall=$(median <"$work/plan.wall") prov_cpu=$(median <"$work/plan.cpu") prov_rss=$(median <"$work/plan.rss") procs=$procs base_requests=$(median <"$work/planbase.requests") prov_requests=$(awk -v t="$((plan_total - base_requests_sum))" -v n="$RUNS" 'BEGIN { printf "%.1f", t / n }') latency_ms=$LATENCY_MS"
fi

# ---- 6: Go micro-benchmarks ----
if [ -n "$ONLY" ]; then
	section micro && go test -run '^$' -bench 'Benchmark(DecodeItem|Summary|FlattenItem|ListItem|EarlierRunsLookup|PlanMailboxesRestore)' -benchmem ./internal/vb365/ ./internal/provider/browsing/ ./internal/provider/runs/ ./internal/provider/bulkrestores/
	cat "$results"
	exit 0
fi
echo "bench: Go micro-benchmarks" >&2
go test -run '^$' -bench 'Benchmark(DecodeItem|Summary|FlattenItem|ListItem|EarlierRunsLookup|PlanMailboxesRestore)' -benchmem -benchtime 0.5s -count "$RUNS" \
	./internal/vb365/ ./internal/provider/browsing/ ./internal/provider/runs/ ./internal/provider/bulkrestores/ >"$work/micro.txt"

BENCH_SECONDS=$((SECONDS - bench_start)) BENCH_RESULTS="$results" BENCH_MICRO="$work/micro.txt" BENCH_CLI="$tf_version ($tf)" BENCH_RUNS="$RUNS" \
	BENCH_PAGE="$PAGE" BENCH_READS="$READS" BENCH_LATENCY_MS="$LATENCY_MS" BENCH_PARALLELISM="$PARALLELISM" \
	scripts/bench-report.sh >"$OUT"
cat "$OUT"
