#!/usr/bin/env bash
# Batch throughput and memory, side by side with curl (issue 8).
#
#   bench/batch.sh [RECORDS] [ROUNDS]      defaults: 50000 records, 3 rounds
#
# Starts a private nginx on loopback answering every request with 200 "1" (what JeraSoft
# answers to an update), then alternates, ROUNDS times:
#   curl --parallel --parallel-max 16 --config FILE   sending the RECORDS PATCH requests
#   bin/billctl clients-accounts update --batch FILE  sending the same RECORDS updates, 16 in flight
#   the same with --journal --no-before-images (a sent and a done line per record; bench/diff.sh
#   measures the journal with before-images, which reads each account first)
# and prints each one's median wall time, the ratio billctl/curl and the journal's cost. Then peak RSS of billctl
# for 20,000 and 200,000 records (target: the second at most 1.5x the first).
# Installs nginx and curl with apt-get when missing (as root). Everything lives in a temp dir.
set -euo pipefail

records=${1:-50000}
rounds=${2:-3}
work=$(mktemp -d /tmp/billctl-bench.XXXXXX)
port=${BENCH_PORT:-18089}
trap 'stop_nginx; [[ -n "${BENCH_KEEP:-}" ]] || rm -rf "$work"' EXIT
. "$(dirname "$0")/lib.sh"
start_nginx '    location / { default_type application/json; return 200 "1"; }' /

# The same N updates for both: a JSON Lines file for billctl, a curl config for curl.
make_inputs() {
  local n=$1
  awk -v n="$n" 'BEGIN { for (i = 1; i <= n; i++) printf "{\"id\":%d,\"name\":\"Bench %d\"}\n", i, i }' > "$work/in-$n.jsonl"
  awk -v n="$n" -v port="$port" 'BEGIN {
    for (i = 1; i <= n; i++) {
      printf "url = \"http://127.0.0.1:%s/api/clients/accounts/%d\"\nrequest = \"PATCH\"\n", port, i
      printf "header = \"X-Api-Key: bench-key\"\nheader = \"Content-Type: application/json\"\nheader = \"Accept: application/json\"\n"
      printf "data = \"{\\\"name\\\":\\\"Bench %d\\\"}\"\noutput = \"/dev/null\"\n", i
      if (i < n) print "next"
    } }' > "$work/curl-$n.cfg"
}

bench_profile

make_inputs "$records"
echo "batch: $records PATCH requests, 16 in flight, nginx on 127.0.0.1:$port, $rounds rounds alternating" >&2
curl_times=() billctl_times=() journal_times=()
run_billctl() {
  local t done_count
  t=$(date +%s%N)
  "$repo/bin/billctl" -p bench clients-accounts update --batch "$work/in-$records.jsonl" --parallel 16 -o json "$@" > "$work/out.jsonl"
  last_ms=$(ms "$t")
  done_count=$(tail -1 "$work/out.jsonl" | sed -n 's/.*"done":\([0-9]*\).*/\1/p')
  [[ "$done_count" == "$records" ]] || { echo "bench: billctl did $done_count of $records" >&2; exit 1; }
}
for round in $(seq "$rounds"); do
  t=$(date +%s%N); curl --no-progress-meter --parallel --parallel-max 16 --config "$work/curl-$records.cfg"; curl_ms=$(ms "$t")
  run_billctl; billctl_ms=$last_ms
  # The same with a journal (every record written as sent before its request, then done): a fresh one each round.
  rm -f "$work/run.journal"; run_billctl --journal "$work/run.journal" --no-before-images; journal_ms=$last_ms
  echo "  round $round: curl ${curl_ms} ms, billctl ${billctl_ms} ms, billctl --journal ${journal_ms} ms" >&2
  curl_times+=("$curl_ms"); billctl_times+=("$billctl_ms"); journal_times+=("$journal_ms")
done
curl_median=$(printf '%s\n' "${curl_times[@]}" | median)
billctl_median=$(printf '%s\n' "${billctl_times[@]}" | median)
journal_median=$(printf '%s\n' "${journal_times[@]}" | median)
printf 'throughput  curl median %d ms (%d req/s)  billctl median %d ms (%d req/s)  ratio billctl/curl %.2f\n' \
  "$curl_median" $(( records * 1000 / curl_median )) "$billctl_median" $(( records * 1000 / billctl_median )) \
  "$(echo "$billctl_median $curl_median" | awk '{ print $1 / $2 }')"
printf 'journal     billctl --journal median %d ms  ratio to billctl without %.2f  ratio to curl %.2f\n' \
  "$journal_median" "$(echo "$journal_median $billctl_median" | awk '{ print $1 / $2 }')" "$(echo "$journal_median $curl_median" | awk '{ print $1 / $2 }')"

# Peak RSS: the same kind of run at 20,000 and 200,000 records.
peak() {
  local n=$1
  make_inputs "$n"
  /usr/bin/time -f '%M' -o "$work/rss" "$repo/bin/billctl" -p bench clients-accounts update --batch "$work/in-$n.jsonl" --parallel 16 > /dev/null
  cat "$work/rss"
}
if [[ -x /usr/bin/time ]]; then
  small=$(peak 20000); large=$(peak 200000)
  printf 'memory      peak RSS 20,000 records %d KB  200,000 records %d KB  ratio %.2f\n' "$small" "$large" \
    "$(echo "$large $small" | awk '{ print $1 / $2 }')"
else
  echo "memory      skipped: /usr/bin/time is missing (apt-get install time)"
fi
