/* crasher — end-to-end test app: prints a line, then dies of a segmentation
 * fault about a second later, so appmgr must log the signal and restart it
 * with backoff. */
#include <stddef.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	int *volatile target = NULL;   /* volatile: the compiler cannot see the NULL */

	printf("crasher: started, crashing in 1 s\n");
	fflush(stdout);
	sleep(1);
	*target = 1;
	return 0;
}
