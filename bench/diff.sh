#!/usr/bin/env bash
# The cost of reading before writing (issue 20), against nginx serving both.
#
#   bench/diff.sh [RECORDS] [ROUNDS]      defaults: 50000 records, 3 rounds
#
# Starts a private nginx on loopback that answers GET /api/clients/accounts/N with a JeraSoft
# account and anything else with 200 "1" (what JeraSoft answers to an update), then alternates,
# ROUNDS times, the same batch of RECORDS name changes, 16 in flight:
#   plain        bin/billctl clients-accounts update --batch FILE                  one request a record
#   journal      the same with --journal --no-before-images                         one request, sent+done lines
#   diff+journal the same with --diff --journal                                     a read and a write a record,
#                                                                                    before-images, a diff line each
# and prints each one's median wall time and the ratio diff+journal / plain (target: at most 2.2,
# two requests a record instead of one). Then peak RSS of plain and diff+journal at RECORDS, and of
# diff+journal at RECORDS/10 (target: flat). Installs nginx and curl with apt-get when missing (as
# root). Everything lives in a temp dir.
set -euo pipefail

records=${1:-50000}
rounds=${2:-3}
work=$(mktemp -d /tmp/billctl-bench-diff.XXXXXX)
port=${BENCH_PORT:-18091}
trap 'stop_nginx; [[ -n "${BENCH_KEEP:-}" ]] || rm -rf "$work"' EXIT
. "$(dirname "$0")/lib.sh"
start_nginx '    location ~ ^/api/clients/accounts/(\d+)$ {
      default_type application/json;
      if ($request_method = GET) { return 200 "{\"id\":$1,\"clients_id\":1,\"name\":\"Account $1\",\"auth_type\":\"ip\",\"notes\":null,\"orig_tags\":[],\"tech_prefix\":null,\"orig_enabled\":true,\"orig_capacity\":30,\"ips\":[\"192.0.2.1\"]}"; }
      return 200 "1";
    }' /api/clients/accounts/1
bench_profile

input() { awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++) printf "{\"id\":%d,\"name\":\"Bench %d\"}\n", i, i }' > "$work/in-$1.jsonl"; }
input "$records"
input $((records / 10))

run() { # run N MODE: the batch of N records in MODE (plain, journal, diff), its wall time in $last_ms
  local n=$1 mode=$2 t done_count args=()
  rm -f "$work/run.journal"
  case $mode in
    journal) args=(--journal "$work/run.journal" --no-before-images) ;;
    diff) args=(--diff --journal "$work/run.journal") ;;
  esac
  t=$(date +%s%N)
  "$repo/bin/billctl" -p bench clients-accounts update --batch "$work/in-$n.jsonl" --parallel 16 -o json "${args[@]}" > "$work/out.jsonl"
  last_ms=$(ms "$t")
  done_count=$(tail -1 "$work/out.jsonl" | sed -n 's/.*"done":\([0-9]*\).*/\1/p')
  [[ "$done_count" == "$n" ]] || { echo "bench: billctl did $done_count of $n ($mode)" >&2; exit 1; }
  if [[ $mode == diff ]]; then
    local before_images
    before_images=$(grep -c '"before":{"name":"Account' "$work/run.journal" || true)
    [[ "$before_images" == "$n" ]] || { echo "bench: $before_images before-images of $n" >&2; exit 1; }
  fi
}

echo "diff: $records records, 16 in flight, nginx on 127.0.0.1:$port, $rounds rounds alternating" >&2
plain_times=() journal_times=() diff_times=()
for round in $(seq "$rounds"); do
  run "$records" plain; plain_ms=$last_ms
  run "$records" journal; journal_ms=$last_ms
  run "$records" diff; diff_ms=$last_ms
  echo "  round $round: plain ${plain_ms} ms, --journal --no-before-images ${journal_ms} ms, --diff --journal ${diff_ms} ms" >&2
  plain_times+=("$plain_ms"); journal_times+=("$journal_ms"); diff_times+=("$diff_ms")
done
plain_median=$(printf '%s\n' "${plain_times[@]}" | median)
journal_median=$(printf '%s\n' "${journal_times[@]}" | median)
diff_median=$(printf '%s\n' "${diff_times[@]}" | median)
printf 'throughput  plain median %d ms  --journal --no-before-images %d ms  --diff --journal %d ms\n' "$plain_median" "$journal_median" "$diff_median"
printf 'ratio       --diff --journal / plain %s  (/ --journal without reads %s)\n' "$(ratio "$diff_median" "$plain_median")" \
  "$(ratio "$diff_median" "$journal_median")"

if [[ -x /usr/bin/time ]]; then
  peak() { # peak N MODE
    local args=()
    rm -f "$work/run.journal"
    [[ $2 == diff ]] && args=(--diff --journal "$work/run.journal")
    /usr/bin/time -f '%M' -o "$work/rss" "$repo/bin/billctl" -p bench clients-accounts update --batch "$work/in-$1.jsonl" --parallel 16 \
      "${args[@]}" > /dev/null
    cat "$work/rss"
  }
  plain_rss=$(peak "$records" plain); diff_rss=$(peak "$records" diff); small_rss=$(peak $((records / 10)) diff)
  printf 'memory      peak RSS plain %d KB  --diff --journal %d KB (ratio %s)  --diff --journal at %d records %d KB (ratio %s)\n' \
    "$plain_rss" "$diff_rss" "$(ratio "$diff_rss" "$plain_rss")" $((records / 10)) "$small_rss" "$(ratio "$diff_rss" "$small_rss")"
else
  echo "memory      skipped: /usr/bin/time is missing (apt-get install time)"
fi
