#!/usr/bin/env bash
# Renders BENCHMARKS.md from the raw results of scripts/bench.sh (see there), on stdout.
set -euo pipefail

field() { # field LINE-PREFIX NAME
	grep "^$1 " "$BENCH_RESULTS" | tr ' ' '\n' | sed -n "s/^$2=//p"
}
calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }
verdict() { if awk "BEGIN { exit !($1) }"; then echo "met"; else echo "**not met**"; fi; }

cat <<HEAD
# Benchmarks

Written by \`make bench\` (scripts/bench.sh); do not edit by hand. Medians of $BENCH_RUNS runs.
Every target is a ratio against a baseline measured in the same run.

- Machine: $(uname -sm), $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | sed -n 1p), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM
- \`make bench\` took $BENCH_SECONDS s (target: under 10 minutes on this machine)
- Load average when the run ended: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine makes CPU and wall figures noisy)
- CLI: $BENCH_CLI
- Go: $(go version | cut -d' ' -f3-)
- Provider: commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- . ':!BENCHMARKS.md' 2>/dev/null || echo " (with uncommitted changes)"), against the API v8 simulator (\`vb365-sim\`), CLI runs with \`dev_overrides\`;
  the provider binary runs under \`internal/bench/cmd/rusage\`, which records each provider process's CPU time and peak RSS.

## 1. Listing in a plan (\`vb365_mailbox_items\`, page_size = $BENCH_PAGE)

Baseline: \`internal/bench/cmd/listclient\`, a plain Go client that takes a token, fetches the same
pages and decodes them with encoding/json into typed structs, as a generated SDK does. Provider CPU
is summed over every provider process of the plan; peak RSS is the largest of them. State is the
\`terraform.tfstate\` of one apply at the first size, divided by the number of items.

| items | baseline CPU | provider CPU | ratio (target <= 5x) | | provider peak RSS | target | | state bytes/item (target <= 800) | | plan wall (CLI) |
|---|---|---|---|---|---|---|---|---|---|---|
HEAD
for n in $(grep '^list ' "$BENCH_RESULTS" | cut -d' ' -f2); do
	bcpu=$(field "list $n" base_cpu)
	pcpu=$(field "list $n" prov_cpu)
	prss=$(field "list $n" prov_rss)
	per=$(field "list $n" state_per_item)
	at=$(field "list $n" state_at)
	wall=$(field "list $n" cli_wall)
	ratio=$(calc "$pcpu / $bcpu")
	rss_mib=$(calc "$prss / 1024" 0)
	if [ "$n" -le 20000 ]; then limit=256; else limit=384; fi
	echo "| $n | ${bcpu} s | ${pcpu} s | ${ratio}x | $(verdict "$ratio <= 5") | ${rss_mib} MiB | <= $limit MiB | $(verdict "$rss_mib <= $limit") | $per (measured at $at) | $(verdict "$per <= 800") | ${wall} s |"
done

runs=$BENCH_RUNS
cat <<REQ

## 2. Requests

Counted by the simulator over the $BENCH_RUNS plans of a size (a simulator of their own; in each
plan one provider process talks to the API).

| items | item list requests | expected: ceil(N / $BENCH_PAGE) per run | | token requests | expected: one per run | |
|---|---|---|---|---|---|---|
REQ
for n in $(grep '^list ' "$BENCH_RESULTS" | cut -d' ' -f2); do
	lr=$(field "list $n" list_requests)
	toks=$(field "list $n" token_requests)
	want=$(((n + BENCH_PAGE - 1) / BENCH_PAGE * runs))
	echo "| $n | $lr | $want | $(verdict "$lr == $want") | $toks | $runs | $(verdict "$toks == $runs") |"
done

w0=$(field reads wall0)
w1=$(field reads "wall$BENCH_LATENCY_MS")
bound=$(calc "$BENCH_READS * $BENCH_LATENCY_MS / 1000 / $BENCH_PARALLELISM + $w0" 3)
r=$(calc "$w1 / $bound")
cat <<READS

## 3. $BENCH_READS item reads (\`vb365_mailbox_item\`) with ${BENCH_LATENCY_MS} ms of latency per request

The plan lists $BENCH_READS items and reads each with \`vb365_mailbox_item\`; \`-parallelism=$BENCH_PARALLELISM\`,
\`max_concurrent_requests = $BENCH_PARALLELISM\`. Lower bound: $BENCH_READS x $BENCH_LATENCY_MS ms / $BENCH_PARALLELISM + the same plan at 0 ms (CLI wall time).

| plan at 0 ms | plan at $BENCH_LATENCY_MS ms | lower bound | ratio (target <= 1.25x) | |
|---|---|---|---|---|
| ${w0} s | ${w1} s | ${bound} s | ${r}x | $(verdict "$r <= 1.25") |
READS

size=$(field pst size)
ws=$(field pst wall_small)
wl=$(field pst wall_large)
prss=$(field pst rss)
curl_s=$(field pst curl)
mib=$(calc "$size / 1048576" 0)
prov_tp=$(calc "$size / 1048576 / ($wl - $ws)" 1)
curl_tp=$(calc "$size / 1048576 / $curl_s" 1)
tp_ratio=$(calc "$prov_tp / $curl_tp")
rss_mib=$(calc "$prss / 1024" 1)
cat <<PST

## 4. PST export of $mib MiB (\`vb365_mailbox_item_restore\` with \`export_to_pst\`)

Provider throughput: $mib MiB / (apply wall time with a $mib MiB PST - the same apply with a 4 KiB PST:
${wl} s - ${ws} s). Baseline: curl downloading the same export from the same simulator to a file (${curl_s} s).

| provider peak RSS | target | | provider throughput | curl throughput | ratio (target >= 0.7x) | |
|---|---|---|---|---|---|---|
| ${rss_mib} MiB | <= 64 MiB | $(verdict "$rss_mib <= 64") | ${prov_tp} MiB/s | ${curl_tp} MiB/s | ${tp_ratio}x | $(verdict "$tp_ratio >= 0.7") |
PST

if grep -q '^count ' "$BENCH_RESULTS"; then
	cn=$(field count items)
	cw=$(field count wall)
	cb=$(field count base_wall)
	crss=$(calc "$(field count rss) / 1024" 0)
	cr=$(calc "$cw / $cb")
	cat <<COUNT

## 5. item_count of a whole-mailbox restore of $cn items in a plan

The plan of \`vb365_mailbox_item_restore\` with \`whole_mailbox = true\` counts the mailbox's items
while planning (\`item_count\`, \`item_count_by_folder\`), streaming the listing page by page.
Baseline: \`listclient\` fetching and decoding the same pages (wall time). The plan's wall time
includes the CLI, the provider's start and sign-in, and the review's other reads.

| items | baseline (listing) | plan wall (CLI) | ratio (target <= 2x) | | provider peak RSS | target | |
|---|---|---|---|---|---|---|---|
| $cn | ${cb} s | ${cw} s | ${cr}x | $(verdict "$cr <= 2") | ${crss} MiB | <= 256 MiB | $(verdict "$crss <= 256") |
COUNT
fi

cat <<MICRO

## 6. Go micro-benchmarks: decoding and flattening

\`allocs/item\` and \`ns/item\` are per listed item (one operation handles a page of items).
DecodeItemSummaryPage: a v8 page streamed into item summaries (the listing's default);
DecodeItemPage: the same page into full items (\`full = true\`); DecodeItemPageEncodingJSON: the
same page with encoding/json into typed structs, for reference; SummaryValues: summaries encoded
as the protocol sends them (msgpack), as the listing does; SummaryTFValues: the same built as
Terraform values and encoded by tftypes, for reference; FlattenItemFull: full items as Terraform
values; ListItemsProtocol: one ReadDataSource of 5,000 and of 100,000 items in pages of 10,000
through the provider's protocol server (framework included) against an in-process simulator whose
pages are rendered once and replayed: \`B/item\` is what the provider allocates per item and
\`peak-heap-MiB\` the most heap one read adds (live and not yet collected).
PlanMailboxesRestore500: one PlanResourceChange of a new \`vb365_mailboxes_restore\` of 500 mailboxes
through the plugin protocol (the review of section 7) against a fresh in-process simulator.

\`\`\`
$(grep -E '^(Benchmark|goos|goarch|cpu|pkg)' "$BENCH_MICRO")
\`\`\`
MICRO

if grep -q '^plan ' "$BENCH_RESULTS"; then
	pn=$(field plan mailboxes)
	pb=$(field plan base_wall)
	pw=$(field plan cli_wall)
	pcpu=$(field plan prov_cpu)
	prss=$(calc "$(field plan prov_rss) / 1024" 0)
	cat <<PLAN

## 7. The plan of a restore of $pn mailboxes (\`vb365_mailboxes_restore\`)

The plan of a new \`vb365_mailboxes_restore\` of $pn generated mailboxes (\`vb365-sim -mailboxes $pn\`, their IDs
written out in the configuration) reviews the restore: it opens a restore session of its own, lists the
organization's mailboxes once (1,000 a page), reads the restore point (\`GET /RestorePoints\`) and looks for
earlier runs (the restore sessions in \`history_window\` and the events of those of its account); every
request answered after $(field plan latency_ms) ms. Baseline: \`listclient -plan-reads\`, a plain Go client making
the same reads (wall time). The plan's wall time includes the CLI, the provider's start and sign-in.
Provider CPU is summed over the plan's provider processes, peak RSS is the largest; requests are
per plan, counted by the simulator.

| mailboxes | baseline (reads) | plan wall (CLI) | target | | provider CPU | provider peak RSS | target | | requests: provider (baseline) |
|---|---|---|---|---|---|---|---|---|---|
| $pn | ${pb} s | ${pw} s | <= 20 s | $(verdict "$pw <= 20") | ${pcpu} s | ${prss} MiB | <= 256 MiB | $(verdict "$prss <= 256") | $(field plan prov_requests) ($(field plan base_requests)) |
PLAN
fi
