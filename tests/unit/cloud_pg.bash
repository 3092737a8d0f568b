# A private PostgreSQL cluster for the update service's tests and bench
# (test_cloud.sh, bench/cloud.sh): initdb and pg_ctl from
# /usr/lib/postgresql/*/bin (Debian's postgresql package, scripts/deps.sh),
# a data directory and a unix socket in a temporary directory, TCP on a free
# 127.0.0.1 port, trust authentication for the role "cloud". PostgreSQL
# refuses to run as root: as root the cluster belongs to "nobody" (runuser).
# Sourced, not run: it is not a test of its own.

PG_DIR=
PG_AS=()
PG_URL=
PG_CTL=

# pg_bin: the newest PostgreSQL's bin directory.
pg_bin() {
	local dirs=(/usr/lib/postgresql/*/bin)
	printf '%s\n' "${dirs[@]}" | sort -V | tail -1
}

# pg_cluster_start DIR: starts the cluster in DIR (made); its URL in PG_URL.
# Call it in this shell (not in $(...)): pg_cluster_stop needs what it set.
pg_cluster_start() {
	local bin port
	bin=$(pg_bin)
	[[ -x $bin/initdb ]] || { echo "no initdb in /usr/lib/postgresql/*/bin" >&2; return 1; }
	PG_DIR=$1
	PG_CTL=$bin/pg_ctl
	mkdir -p "$PG_DIR/data" "$PG_DIR/run"
	if [[ $(id -u) -eq 0 ]]; then
		PG_AS=(runuser -u nobody --)
		chmod 755 "$PG_DIR"
		chown nobody "$PG_DIR/data" "$PG_DIR/run"
	fi
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	"${PG_AS[@]}" "$bin/initdb" -D "$PG_DIR/data" -A trust -U cloud --no-sync >"$PG_DIR/log" 2>&1 || return 1
	"${PG_AS[@]}" "$PG_CTL" -D "$PG_DIR/data" -l "$PG_DIR/run/server.log" -w \
		-o "-k $PG_DIR/run -p $port -h 127.0.0.1" start >>"$PG_DIR/log" 2>&1 || {
		cat "$PG_DIR/run/server.log" >>"$PG_DIR/log" 2>/dev/null
		return 1
	}
	# shellcheck disable=SC2034 # for the caller
	PG_URL="postgresql://cloud@127.0.0.1:$port/postgres"
}

# pg_cluster_stop: stops the cluster pg_cluster_start started, if any.
pg_cluster_stop() {
	[[ -n $PG_DIR && -f $PG_DIR/data/postmaster.pid ]] || return 0
	"${PG_AS[@]}" "$PG_CTL" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1
}
