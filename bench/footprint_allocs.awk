# footprint_allocs.awk — reads the console of the diagnostic kernel's boot
# (bench/diag-init/diag_init.c) and prints the kernel's allocations of
# 8 KiB or more: by slab cache, by call site, by driver (the initcall that
# made them, else early boot, kernel threads or system calls), and the
# pages not in a slab (vmalloc, large kmallocs, hash tables, page tables)
# by what asked for them. Allocations made for sysfs, debugfs, page_owner or
# SLUB's debugging exist only in the diagnostic kernel and are left out.
function kib(b) { return sprintf("%6.1f KiB", b / 1024) }
function diag_only(stack) { return stack ~ /sysfs|debugfs|page_owner|page_ext|slab_debug|kobject/ }
function report(title, sum, count, total,    k, n, order) {
	n = 0
	for (k in sum)
		if (sum[k] >= 8192)
			order[++n] = k
	# insertion sort, largest first (awk has no portable sort)
	for (i = 2; i <= n; i++) {
		k = order[i]
		for (j = i - 1; j > 0 && sum[order[j]] < sum[k]; j--)
			order[j + 1] = order[j]
		order[j + 1] = k
	}
	printf "%s (total %s; %d items of 8 KiB or more):\n", title, kib(total), n
	for (i = 1; i <= n; i++)
		printf "  %s %6d  %s\n", kib(sum[order[i]]), count[order[i]], order[i]
}
# Where an allocation outside the initcalls came from, by the last frame.
function origin(last) {
	if (last == "ret_fast_syscall") return "system calls (the init, appmgr)"
	if (last == "ret_from_fork") return "kernel threads"
	return "early boot (before the initcalls)"
}
function flush_alloc(    by_driver) {
	if (acache == "" || diag_only(astack)) { acache = ""; return }
	bytes = acount * objsize[acache]
	site[acache " " asite] += bytes; sitecount[acache " " asite] += acount; sitetotal += bytes
	cache[acache] += bytes; cachecount[acache] += acount
	by_driver = adriver != "" ? adriver : origin(alast)
	driver[by_driver] += bytes; drivercount[by_driver] += acount
	acache = ""
}
function flush_page(    key) {
	if (pstack == "" || pstack ~ /allocate_slab|new_slab/ || diag_only(pstack)) { pstack = ""; return }
	key = pfirst
	pages[key] += porder; pagecount[key]++; pagetotal += porder
	pstack = ""
}
$1 == "OBJSIZE" { objsize[$2] = $3 }
$1 == "ALLOC" {
	if ($3 ~ /^[0-9]+$/) {
		flush_alloc()
		acache = $2; acount = $3; asite = $4; sub(/\+.*/, "", asite)
		astack = ""; adriver = ""; alast = ""; previous = ""
	} else if (NF >= 3) {
		frame = $3; sub(/\+.*/, "", frame)
		astack = astack " " frame
		if (frame == "do_one_initcall" && previous != "") adriver = previous
		previous = frame; alast = frame
	}
	next
}
$1 == "PAGE" && $2 == "Page" && $3 == "allocated" {
	flush_page()
	porder = 4096 * 2 ^ $6; pstack = " "; pfirst = ""
	next
}
$1 == "PAGE" && NF == 2 && pstack != "" {
	frame = $2; sub(/\+.*/, "", frame)
	pstack = pstack " " frame
	if (pfirst == "" && frame !~ /^(get_page_from_freelist|__alloc_pages|alloc_pages|__get_free_pages|alloc_pages_exact|__alloc_pages_node|__alloc_pages_bulk|prep_new_page|post_alloc_hook|__vmalloc_node_range|__vmalloc_node|vmalloc|vzalloc|__vmalloc|kvmalloc_node|__kmalloc_large_node|kmalloc_large)$/)
		pfirst = frame
	next
}
END {
	flush_alloc(); flush_page()
	report("slab caches, live objects times object size", cache, cachecount, sitetotal)
	report("slab allocations by cache and call site", site, sitecount, sitetotal)
	report("slab allocations by driver (initcall)", driver, drivercount, sitetotal)
	report("pages not in a slab, by what asked for them", pages, pagecount, pagetotal)
}
