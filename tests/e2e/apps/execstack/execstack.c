/* execstack - end-to-end test app linked with -z execstack: its PT_GNU_STACK
 * asks for an executable stack, so `spherule image-package
 * pack-application` packs it only with --force and appmgr must refuse the
 * image; it never runs on a correct device. */
#include <stdio.h>

int main(void)
{
	puts("execstack: running, but appmgr should have refused this image");
	return 1;
}
