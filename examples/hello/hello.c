/* hello — the example Spherule app: prints "hello from <who> #N" once a
 * second, <who> being its first argument (CmdArgs in app_manifest.json),
 * "Spherule" without one. */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *who = argc > 1 ? argv[1] : "Spherule";

	for (unsigned long n = 1;; n++) {
		printf("hello from %s #%lu\n", who, n);
		if (fflush(stdout) != 0)
			return 1;
		sleep(1);
	}
}
