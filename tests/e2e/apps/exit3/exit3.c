/* exit3 — end-to-end test app of the failure reports: logs a line and exits
 * with status 3 three seconds later (tests/e2e/test_error_reports.sh). */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	printf("exit3: started, exiting with 3 in 3 s\n");
	fflush(stdout);
	sleep(3);
	return 3;
}
