#!/usr/bin/env bash
# Cold start of one billctl update against a local emulator, whole process, versus the JVM's own
# floor (java -Xshare:auto -version). Runs the commands alternately, ROUNDS times each, and prints
# medians (wall and CPU) and each one's ratio to the floor. See bench/README.md.
#
#   bench/startup.sh            # 25 rounds
#   ROUNDS=40 bench/startup.sh
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/startup.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
rounds=${ROUNDS:-25}
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# hyperfine times a process without a shell in between; install it when we can, else use date.
if ! command -v hyperfine >/dev/null 2>&1 && [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "installing hyperfine..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q hyperfine >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q hyperfine >/dev/null 2>&1; } || true
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/billctl-bench.XXXXXX")
server_pid=
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Build the jar (if needed) and the launcher's CDS archive, in the foreground.
BILLCTL_CDS=build bin/billctl --version >&2

# A free loopback port for "billctl sandbox serve".
port=
for _ in $(seq 50); do
  candidate=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[[ -n "$port" ]] || { echo "no free port found" >&2; exit 1; }

# Two homes: one where "sandbox serve" runs (what an operator has), one without (embedded sandbox).
served="$work/served" embedded="$work/embedded"
mkdir -p "$served" "$embedded"
# exec all the way down (subshell -> env -> launcher -> java): $! is then the JVM itself, which the
# cleanup must kill; a plain background function call left the server running after the script.
(exec env -u BILLCTL_PROFILE -u BILLCTL_CONFIG -u BILLCTL_SANDBOX_FAULTS HOME="$served" XDG_DATA_HOME="$served/data" \
  XDG_CONFIG_HOME="$served/config" XDG_CACHE_HOME="$served/cache" bin/billctl sandbox serve --port "$port") >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 300); do
  [[ -s "$served/data/billctl/sandbox-server.json" ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.1
done
[[ -s "$served/data/billctl/sandbox-server.json" ]] || { echo "sandbox serve did not start" >&2; exit 1; }

# A profile as an operator has one: a config file, the vendor's URL (here the server's JeraSoft
# emulator) and a stored key. The call reads the TOML config instead of finding the sandbox.
mkdir -p "$served/config/billctl"
printf '[profiles.vcs]\nbackend = "jerasoft"\nurl = "http://127.0.0.1:%s/jerasoft/api"\napi_key = "sandbox-jerasoft-key"\n' "$port" \
  > "$served/config/billctl/config.toml"
chmod 600 "$served/config/billctl/config.toml"

update="-p sandbox clients-accounts update 1 --name x"
labels=(floor billctl profile billctl-no-cds dry-run embedded)
commands=(
  "$java_bin -Xshare:auto -version"
  "env HOME=$served XDG_DATA_HOME=$served/data XDG_CONFIG_HOME=$served/config XDG_CACHE_HOME=$served/cache bin/billctl $update"
  "env HOME=$served XDG_DATA_HOME=$served/data XDG_CONFIG_HOME=$served/config XDG_CACHE_HOME=$served/cache bin/billctl -p vcs clients-accounts update 1 --name x"
  "env BILLCTL_CDS=off HOME=$served XDG_DATA_HOME=$served/data XDG_CONFIG_HOME=$served/config XDG_CACHE_HOME=$served/cache bin/billctl $update"
  "env HOME=$served XDG_DATA_HOME=$served/data XDG_CONFIG_HOME=$served/config XDG_CACHE_HOME=$served/cache bin/billctl $update --dry-run"
  "env HOME=$embedded XDG_DATA_HOME=$embedded/data XDG_CONFIG_HOME=$embedded/config XDG_CACHE_HOME=$embedded/cache bin/billctl $update"
)
# Every command must work before it is timed.
for i in "${!commands[@]}"; do
  # shellcheck disable=SC2086
  ${commands[$i]} >/dev/null 2>"$work/check.err" || { echo "failed: ${commands[$i]}" >&2; cat "$work/check.err" >&2; exit 1; }
done

# One sample per command per round, the commands in turn: load from other work on the machine
# hits them all alike. Samples: "wall_ms cpu_ms" lines in $work/<i>.samples.
tool=date
command -v hyperfine >/dev/null 2>&1 && tool=hyperfine
echo "timing ${#commands[@]} commands, $rounds rounds, alternating ($tool; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
for ((r = 0; r < rounds; r++)); do
  if [[ $tool == hyperfine ]]; then
    hyperfine -N --runs 1 --style none --export-csv "$work/round.csv" "${commands[@]}" >/dev/null 2>&1
    # command,mean,stddev,median,user,system,min,max (seconds); the command may hold commas.
    tail -n +2 "$work/round.csv" | awk -F, '{printf "%.2f %.2f\n", $(NF-6)*1000, ($(NF-3)+$(NF-2))*1000}' > "$work/round.txt"
    i=0
    while read -r line; do echo "$line" >> "$work/$i.samples"; i=$((i + 1)); done < "$work/round.txt"
  else
    for i in "${!commands[@]}"; do
      start=$(date +%s%N)
      # shellcheck disable=SC2086
      ${commands[$i]} >/dev/null 2>&1
      end=$(date +%s%N)
      echo "$(( (end - start) / 1000 )) -" | awk '{printf "%.2f -\n", $1/1000}' >> "$work/$i.samples"
    done
  fi
done

median() { sort -n | awk '{v[NR]=$1} END {if (NR==0 || v[1]=="-") {print "-"; exit} print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
quartiles() { sort -n | awk '{v[NR]=$1} END {printf "%s-%s", v[int(NR/4)+1], v[int(3*NR/4)+1]}'; }
floor_ms=$(cut -d' ' -f1 "$work/0.samples" | median)
printf '\n%-16s %12s %14s %12s %7s\n' what "median ms" "p25-p75 ms" "cpu ms" ratio
for i in "${!commands[@]}"; do
  wall=$(cut -d' ' -f1 "$work/$i.samples" | median)
  spread=$(cut -d' ' -f1 "$work/$i.samples" | quartiles)
  cpu=$(cut -d' ' -f2 "$work/$i.samples" | median)
  printf '%-16s %12s %14s %12s %6.2fx\n' "${labels[$i]}" "$wall" "$spread" "$cpu" "$(awk -v a="$wall" -v b="$floor_ms" 'BEGIN {print a / b}')"
done
echo
echo "floor:    ${commands[0]}"
echo "billctl:  bin/billctl $update   (against 'billctl sandbox serve --port $port')"
echo "profile:  bin/billctl -p vcs clients-accounts update 1 --name x   (a config.toml profile: that server's JeraSoft URL, a stored key)"
echo "embedded: the same without a running server (the emulators start inside the call)"
echo "java:     $("$java_bin" -version 2>&1 | head -1); load after: $(cut -d' ' -f1-3 /proc/loadavg)"
