#!/usr/bin/env bash
# `list` throughput and memory, side by side with curl (issue 16).
#
#   bench/list.sh [ACCOUNTS] [ROUNDS]      defaults: 100000 accounts, 5 rounds
#
# Starts a private nginx on loopback serving JeraSoft-shaped pages of accounts (GET
# /api/clients/accounts?limit=100&offset=N, 100 accounts a page, as billctl asks for them), then
# alternates, ROUNDS times:
#   curl --config FILE                              fetching the same pages in sequence, to a file
#   bin/billctl clients-accounts list -o jsonl      paging through them and writing JSON Lines to a file
# and prints each one's median wall time and the ratio billctl/curl (target: at most 1.5). Then
# peak RSS of billctl for 10,000 and 100,000 accounts (target: the second at most 1.2x the first).
# With BENCH_FLOOR=1, each round also times two programs in bench/floor/ fetching the same pages with
# the jar's JVM flags and nothing of billctl: RawFetch (a bare socket) and HttpCoreFetch (billctl's HTTP
# library alone), and JacksonParse, which only tokenizes the same pages read from nginx's files (no HTTP),
# so that what the JVM and the libraries cost is measured beside billctl.
# Installs nginx and curl with apt-get when missing (as root). Everything lives in a temp dir.
set -euo pipefail

accounts=${1:-100000}
rounds=${2:-5}
page=100
work=$(mktemp -d /tmp/billctl-bench-list.XXXXXX)
port=${BENCH_PORT:-18090}
trap 'stop_nginx; [[ -n "${BENCH_KEEP:-}" ]] || rm -rf "$work"' EXIT
. "$(dirname "$0")/lib.sh"

# The pages, one file per offset: what a JeraSoft server would answer, accounts with every field.
mkdir -p "$work/pages"
chmod 755 "$work" "$work/pages"   # nginx's worker (nobody) reads the pages
awk -v n="$accounts" -v size="$page" -v dir="$work/pages" 'BEGIN {
  for (offset = 0; offset <= n; offset += size) {
    file = dir "/" offset ".json"; printf "[" > file
    for (i = offset + 1; i <= offset + size && i <= n; i++) {
      if (i > offset + 1) printf "," > file
      printf "{\"id\":%d,\"clients_id\":%d,\"name\":\"Account %d\",\"auth_type\":\"ip\",\"notes\":null,\"orig_tags\":[\"vip\"],\"term_tags\":[],\"tech_prefix\":\"%d\",\"ani\":null,\"accname\":null,\"password\":null,\"orig_enabled\":true,\"orig_capacity\":30,\"orig_rate_tables_ids\":[1,2],\"orig_routing_plan_id\":null,\"term_enabled\":false,\"term_capacity\":null,\"term_rate_tables_ids\":null,\"term_protocol\":\"SIP\",\"term_port\":\"5060\",\"term_proxy_mode\":1,\"ips\":[\"192.0.2.%d\"],\"equipment_ids\":[]}", i, i % 97 + 1, i, i % 1000, i % 250 + 1 > file
    }
    printf "]" > file; close(file)
  } }'
start_nginx "    root $work;
    location = /api/clients/accounts { default_type application/json; try_files /pages/\$arg_offset.json =404; }" "/api/clients/accounts?offset=0"

# Both write what they fetched to a tmpfs when there is one: 44 MB a round to a disk brings the
# kernel's writeback in, which slowed curl from round to round (169 -> 463 ms in 7 rounds) and
# billctl hardly at all.
out_dir="$work/out"
if [[ -d /dev/shm && -w /dev/shm ]]; then
  out_dir=$(mktemp -d /dev/shm/billctl-bench-list.XXXXXX)
  trap 'stop_nginx; rm -rf "$out_dir"; [[ -n "${BENCH_KEEP:-}" ]] || rm -rf "$work"' EXIT
fi
mkdir -p "$out_dir"

# curl asks for exactly the pages billctl asks for (the last one is empty: that is how a list ends
# when the count is a multiple of the page), in one process, one connection, in sequence.
awk -v n="$accounts" -v size="$page" -v port="$port" -v out="$out_dir/curl.out" 'BEGIN {
  for (offset = 0; offset <= n; offset += size) {
    printf "url = \"http://127.0.0.1:%s/api/clients/accounts?limit=%d&offset=%d\"\nheader = \"X-Api-Key: bench-key\"\noutput = \"%s.%d\"\n", port, size, offset, out, offset
    if (offset + size <= n) print "next"
  } }' > "$work/curl.cfg"

bench_profile

floor=${BENCH_FLOOR:-}
if [[ -n "$floor" ]]; then
  mkdir -p "$work/floor"
  javac -nowarn -d "$work/floor" -cp "$repo/target/billctl.jar" "$repo"/bench/floor/*.java
  # The launcher's own JVM flags (src/dist/bin/billctl), without its CDS archive.
  floor_java=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xmn16m -Xshare:auto -cp "$work/floor:$repo/target/billctl.jar")
fi

echo "list: $accounts accounts, $page a page, nginx on 127.0.0.1:$port, $rounds rounds alternating" >&2
curl_times=() billctl_times=() raw_times=() core_times=() parse_times=()
for round in $(seq "$rounds"); do
  t=$(date +%s%N); curl --fail --no-progress-meter --config "$work/curl.cfg"; curl_ms=$(ms "$t")
  got=$(cat "$out_dir"/curl.out.* | grep -o '"id":' | wc -l); rm -f "$out_dir"/curl.out.*
  [[ "$got" == "$accounts" ]] || { echo "bench: curl fetched $got of $accounts" >&2; exit 1; }
  t=$(date +%s%N)
  "$repo/bin/billctl" -p bench clients-accounts list -o jsonl > "$out_dir/out.jsonl"
  billctl_ms=$(ms "$t")
  got=$(wc -l < "$out_dir/out.jsonl")
  [[ "$got" == "$accounts" ]] || { echo "bench: billctl listed $got of $accounts" >&2; exit 1; }
  if [[ -n "$floor" ]]; then
    t=$(date +%s%N); "${floor_java[@]}" RawFetch "$port" "$accounts" "$page" 2>/dev/null; raw_ms=$(ms "$t")
    t=$(date +%s%N); "${floor_java[@]}" HttpCoreFetch "$port" "$accounts" "$page" 2>/dev/null; core_ms=$(ms "$t")
    t=$(date +%s%N); "${floor_java[@]}" JacksonParse "$work/pages" "$accounts" "$page" 2>/dev/null; parse_ms=$(ms "$t")
    raw_times+=("$raw_ms"); core_times+=("$core_ms"); parse_times+=("$parse_ms")
    echo "  round $round: curl ${curl_ms} ms, billctl ${billctl_ms} ms, raw socket ${raw_ms} ms, HttpCore alone ${core_ms} ms, Jackson alone ${parse_ms} ms" >&2
  else
    echo "  round $round: curl ${curl_ms} ms, billctl ${billctl_ms} ms" >&2
  fi
  curl_times+=("$curl_ms"); billctl_times+=("$billctl_ms")
done
curl_median=$(printf '%s\n' "${curl_times[@]}" | median)
billctl_median=$(printf '%s\n' "${billctl_times[@]}" | median)
printf 'throughput  curl median %d ms  billctl median %d ms (%d accounts/s)  ratio billctl/curl %.2f\n' \
  "$curl_median" "$billctl_median" $(( accounts * 1000 / billctl_median )) "$(echo "$billctl_median $curl_median" | awk '{ print $1 / $2 }')"

if [[ -n "$floor" ]]; then
  raw_median=$(printf '%s\n' "${raw_times[@]}" | median)
  core_median=$(printf '%s\n' "${core_times[@]}" | median)
  parse_median=$(printf '%s\n' "${parse_times[@]}" | median)
  printf 'floor       raw socket median %d ms (ratio to curl %s)  HttpCore alone median %d ms (ratio to curl %s)  Jackson alone, no HTTP, median %d ms (ratio to curl %s)\n' \
    "$raw_median" "$(ratio "$raw_median" "$curl_median")" "$core_median" "$(ratio "$core_median" "$curl_median")" \
    "$parse_median" "$(ratio "$parse_median" "$curl_median")"
fi

if [[ -x /usr/bin/time ]]; then
  peak() { /usr/bin/time -f '%M' -o "$work/rss" "$repo/bin/billctl" -p bench clients-accounts list --limit "$1" -o jsonl > /dev/null; cat "$work/rss"; }
  small=$(peak $((accounts / 10))); large=$(peak "$accounts")
  printf 'memory      peak RSS %d accounts %d KB  %d accounts %d KB  ratio %.2f\n' $((accounts / 10)) "$small" "$accounts" "$large" \
    "$(echo "$large $small" | awk '{ print $1 / $2 }')"
else
  echo "memory      skipped: /usr/bin/time is missing (apt-get install time)"
fi
