/* crasher — end-to-end test app: prints a line, then dies of a segmentation
 * fault about a second later, so appmgr must log the signal and restart it
 * with backoff. */
#include <stddef.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	/* Both volatile: the compiler can neither see the NULL nor drop the store. */
	volatile int *volatile target = NULL;

	printf("crasher: started, crashing in 1 s\n");
	fflush(stdout);
	sleep(1);
	*target = 1;
	return 0;
}
