/* cloud_report_sim.c - simulated failure reports (cloud_report_sim.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "cloud_report_sim.h"

#define NIL_UUID "00000000-0000-0000-0000-000000000000"

/* One report of seq, its kind by seq % 5, at out: its length, or -1 when it does not fit. */
static int one_report(char *out, size_t len, uint64_t seq, time_t at)
{
	static const char *const app_fmt =
		"{\"seq\":%" PRIu64 ",\"time\":%lld,\"boot\":3,\"kind\":\"%s\",\"component_id\":\"" CLOUD_REPORT_SIM_APP
		"\",\"name\":\"hello\",\"version\":3,\"signal\":%s,\"exit_code\":%s,\"fault_address\":%s,"
		"\"pc\":\"0x00010abc\",\"lr\":\"0x00010a10\",\"stack\":[\"0x00010a10\",\"0x00010900\",\"0x000108f4\"],"
		"\"rss_kib\":96,\"count\":%u,\"detail\":\"%s\"}";
	static const char *const kernel_fmt =
		"{\"seq\":%" PRIu64 ",\"time\":%lld,\"boot\":3,\"kind\":\"kernel-warning\",\"component_id\":\"" NIL_UUID
		"\",\"name\":\"kernel\",\"version\":null,\"signal\":null,\"exit_code\":null,\"fault_address\":null,"
		"\"pc\":\"0xc0123456\",\"lr\":null,\"stack\":null,\"rss_kib\":null,\"count\":1,"
		"\"detail\":\"WARNING: CPU: 0 PID: 1 at mm/page_alloc.c:4412\"}";
	int n;

	switch (seq % 5) {
	case 0:
		n = snprintf(out, len, app_fmt, seq, (long long)at, "crash", "11", "null", "\"0x00000000\"", 1u,
			     "SIGSEGV, address not mapped");
		break;
	case 1:
		n = snprintf(out, len, app_fmt, seq, (long long)at, "exit", "null", "3", "null", 2u, "exited with 3");
		break;
	case 2:
		n = snprintf(out, len, app_fmt, seq, (long long)at, "oom", "9", "null", "null", 1u,
			     "killed by the out-of-memory killer");
		break;
	case 3:
		n = snprintf(out, len, app_fmt, seq, (long long)at, "budget", "9", "null", "null", 1u,
			     "stopped: CPU budget");
		break;
	default:
		n = snprintf(out, len, kernel_fmt, seq, (long long)at);
	}
	return n < 0 || (size_t)n >= len ? -1 : n;
}

int cloud_report_sim(char *out, size_t len, uint64_t first, unsigned count, time_t at)
{
	size_t used = 0;
	int n;

	if (len < 3)
		return -ENOSPC;
	out[used++] = '[';
	for (unsigned i = 0; i < count; i++) {
		if (i && used < len)
			out[used++] = ',';
		n = used < len ? one_report(out + used, len - used, first + i, at) : -1;
		if (n < 0)
			return -ENOSPC;
		used += (size_t)n;
	}
	if (used + 2 > len)
		return -ENOSPC;
	out[used++] = ']';
	out[used] = '\0';
	return 0;
}
