#!/usr/bin/env bash
# Runs a throwaway `nats-server -js` for tests and examples: start DIR prints its URL; restart DIR keeps port and store; stop DIR.
# start: loopback, a free port, JetStream store in DIR/store, log in DIR/server.log; waits until it
# accepts connections (10 s at most). Exits 77 (the "skip" of meson tests) when nats-server is absent.
set -euo pipefail
cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  echo "usage: $0 start|restart|stop DIR" >&2
  exit 2
fi
command -v nats-server >/dev/null || { echo "nats-server: not installed (scripts/setup.sh installs it)" >&2; exit 77; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

ready() { # 0 when the server answers on its port
  python3 - "$1" <<'PY'
import socket, sys
try:
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=0.5)
    ok = s.recv(4).startswith(b"INFO")
    s.close()
    sys.exit(0 if ok else 1)
except OSError:
    sys.exit(1)
PY
}

start() {
  local port=$1
  mkdir -p "$dir/store"
  setsid nats-server -js -a 127.0.0.1 -p "$port" -sd "$dir/store" -l "$dir/server.log" \
    </dev/null >/dev/null 2>&1 &
  echo $! >"$dir/pid"
  echo "$port" >"$dir/port"
  for _ in $(seq 100); do
    if ready "$port"; then
      echo "nats://127.0.0.1:$port" | tee "$dir/url"
      return 0
    fi
    kill -0 "$(cat "$dir/pid")" 2>/dev/null || break
    sleep 0.1
  done
  echo "nats-server did not start on 127.0.0.1:$port; see $dir/server.log" >&2
  exit 1
}

stop() {
  [ -f "$dir/pid" ] || return 0
  local pid
  pid=$(cat "$dir/pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$dir/pid"
}

case $cmd in
  start) mkdir -p "$dir"; start "$(free_port)" ;;
  restart) stop; start "$(cat "$dir/port")" ;;
  stop) stop ;;
  *) echo "usage: $0 start|restart|stop DIR" >&2; exit 2 ;;
esac
