/* sdkcrash — end-to-end test app of the failure reports: linked with applibs
 * (so its crash handler is installed), it logs a line, then three seconds
 * later dereferences NULL two calls deep, so the report has a fault address,
 * pc, lr and a stack trace (tests/e2e/test_error_reports.sh). */
#include <stddef.h>
#include <unistd.h>

#include <applibs/log.h>

/* noinline: each call leaves a return address on the stack. */
__attribute__((noinline)) static void store(volatile int *volatile target)
{
	*target = 1;
}

__attribute__((noinline)) static void crash_now(int depth)
{
	if (depth > 0)
		crash_now(depth - 1);
	store(NULL);
}

int main(void)
{
	Log_Debug("sdkcrash: started, crashing in 3 s\n");
	sleep(3);
	crash_now(2);
	return 0;
}
