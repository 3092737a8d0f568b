# Shared by the tests of the spherule CLI (test_pkg_cli.sh,
# test_flash_extract.sh): running a command and checking its one-line
# failure. $S names the CLI. Sourced, not run: it is not a test of its own.

# run CMD...: runs the CLI, keeping stdout, stderr and status in out, err, rc
run() {
	"$S" "$@" >out 2>err
	rc=$?
}

# fails_with LINE CMD...: exits 1 (docs/cli.md) with exactly LINE on stderr
fails_with() {
	local want=$1
	shift
	run "$@"
	[[ $rc -eq 1 && "$(cat err)" == "$want" ]] || {
		echo "# rc=$rc stderr: $(cat err)"
		echo "# want: $want"
		return 1
	}
}
