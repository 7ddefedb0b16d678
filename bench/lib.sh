# Shared by the bench scripts (sourced): tools, a private nginx on loopback, a private billctl home
# with a "bench" profile, timing. The caller sets $work (a temp dir) and $port first.

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

need() { command -v "$1" >/dev/null 2>&1; }
if ! need nginx || ! need curl; then
  [[ $(id -u) == 0 ]] || { echo "bench: needs nginx and curl (apt-get install nginx curl)" >&2; exit 2; }
  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx curl >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
mkdir -p "$work/nginx/logs" "$work/home"

# start_nginx SERVER_BODY PROBE_PATH: nginx with one server on 127.0.0.1:$port whose body is SERVER_BODY,
# waited for until PROBE_PATH answers.
start_nginx() {
  cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 1;
error_log $work/nginx/logs/error.log warn;
pid $work/nginx/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $work/nginx/body;
  server {
    listen 127.0.0.1:$port;
$1
  }
}
CONF
  "$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf"
  for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port$2" && break; sleep 0.1; done
}
stop_nginx() { [[ -f "$work/nginx/nginx.pid" ]] && "$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -s quit 2>/dev/null || true; }

# A billctl home of its own, with a JeraSoft profile "bench" at the nginx.
bench_profile() {
  export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share" XDG_CACHE_HOME="$work/home/.cache"
  export BENCH_KEY=bench-key
  unset BILLCTL_PROFILE BILLCTL_CONFIG
  [[ -f "$repo/target/billctl.jar" ]] || (cd "$repo" && mvn -B -q -DskipTests package >&2)
  "$repo/bin/billctl" profile add bench --backend jerasoft --url "http://127.0.0.1:$port/api" --api-key-env BENCH_KEY 2>/dev/null
}

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
ratio() { echo "$1 $2" | awk '{ printf "%.2f", $1 / $2 }'; }
