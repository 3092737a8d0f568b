/* rwxload - end-to-end test app linked with -N (--omagic): text and data
 * share one PT_LOAD segment that is writable and executable, so `spherule
 * image-package pack-application` packs it only with --force and appmgr must
 * refuse the image; it never runs on a correct device. */
#include <stdio.h>

int main(void)
{
	puts("rwxload: running, but appmgr should have refused this image");
	return 1;
}
