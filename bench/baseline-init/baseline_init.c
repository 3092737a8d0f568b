/*
 * baseline_init.c - the trivial static init `make bench` boots instead of
 * appmgr, on the same kernel, to measure what appmgr and the apps add to
 * boot time and RAM. Prints one line, then sleeps forever (PID 1 must not
 * exit).
 */
#include <unistd.h>

int main(void)
{
	static const char line[] = "baseline-init: up\n";

	write(1, line, sizeof(line) - 1);
	for (;;)
		pause();
}
