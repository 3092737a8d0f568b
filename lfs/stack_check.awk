# lfs/stack_check.awk - the stack bound of the littlefs core, checked when
# liblfs-dev.a is built (lfs/module.mk). Reads the call graphs gcc writes
# with -fcallgraph-info=su (one VCG .ci file per object, every function with
# its frame size) and fails when the core recurses, when a frame is
# unbounded (a variable-length array or alloca) or exceeds frame_max bytes,
# or when the deepest call chain (the sum of the frames along a path of
# calls) exceeds chain_max bytes. Prints the largest frame and the deepest
# chain either way.
#
#   awk -v frame_max=N -v chain_max=N -v extern_frame=N -f stack_check.awk *.ci
#
# Functions outside the core (memcpy, memset, memcmp, strlen, strncmp and
# the libgcc division helpers) have no frame in the graph: each is charged
# extern_frame bytes. A call through a pointer goes either to a callback of
# struct lfs_config (read, prog, erase, sync, alloc, free: outside the core,
# their stack is the caller's share and is not counted) or to one of the
# core's block callbacks (lfs_block_fn). Those are the static functions that
# nothing calls directly; an indirect call is charged the deepest of them.

# Failures are reported after the summary line.
function fail(msg) {
	errors = errors "liblfs-dev: stack: " msg "\n"
}

function quoted(line, key,    s) {
	s = substr(line, index(line, key ": \"") + length(key) + 3)
	return substr(s, 1, index(s, "\"") - 1)
}

# Deepest chain from f, in bytes; deepest_next[f] is the callee it goes to.
function chain(f,    i, c, d, best, bestc) {
	if (state[f] == 2)
		return depth[f]
	if (state[f] == 1) {
		fail("the core recurses: " name(f) " is reached from its own calls")
		return 0
	}
	state[f] = 1
	best = 0
	bestc = ""
	for (i = 1; i <= ncallees[f]; i++) {
		c = callee[f, i]
		if (c == "__indirect_call")
			d = indirect_depth()
		else if (c in frame)
			d = chain(c)
		else
			d = extern_frame
		if (d > best) {
			best = d
			bestc = c
		}
	}
	state[f] = 2
	depth[f] = frame[f] + best
	deepest_next[f] = bestc
	return depth[f]
}

function indirect_depth(    f, d, best) {
	best = 0
	for (f in frame) {
		if (index(f, ":") && !(f in called)) {
			d = chain(f)
			if (d > best) {
				best = d
				indirect_best = f
			}
		}
	}
	return best
}

function name(f) {
	return substr(f, index(f, ":") + 1)
}

/^node:/ {
	t = quoted($0, "title")
	l = quoted($0, "label")
	if (match(l, /\\n[0-9]+ bytes \(/)) {
		frame[t] = substr(l, RSTART + 2, RLENGTH - 10) + 0
		qual = substr(l, RSTART + RLENGTH)
		qual = substr(qual, 1, index(qual, ")") - 1)
		if (qual == "dynamic")
			fail(name(t) " has an unbounded frame (a variable-length array or alloca)")
	}
}

/^edge:/ {
	s = quoted($0, "sourcename")
	t = quoted($0, "targetname")
	if (!((s, t) in seen)) {
		seen[s, t] = 1
		callee[s, ++ncallees[s]] = t
		called[t] = 1
	}
}

END {
	big = ""
	for (f in frame)
		if (big == "" || frame[f] > frame[big])
			big = f
	top = ""
	for (f in frame)
		if (top == "" || chain(f) > depth[top])
			top = f
	path = name(top)
	for (f = top; deepest_next[f] != ""; ) {
		f = deepest_next[f]
		if (f == "__indirect_call") {
			f = indirect_best
			path = path " -> (through a pointer)"
		}
		path = path " -> " (f in frame ? name(f) : f)
		if (!(f in frame))
			break
	}
	printf "liblfs-dev: stack: largest frame %d bytes (%s, limit %d); deepest chain %d bytes (limit %d): %s\n", frame[big], name(big), frame_max, depth[top], chain_max, path
	if (frame[big] > frame_max)
		fail(name(big) " has a " frame[big] "-byte frame, over the " frame_max "-byte limit")
	if (depth[top] > chain_max)
		fail("the deepest chain needs " depth[top] " bytes, over the " chain_max "-byte limit")
	if (errors != "") {
		fflush()
		printf "%s", errors > "/dev/stderr"
		exit 1
	}
}
