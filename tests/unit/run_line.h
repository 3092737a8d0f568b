/*
 * run_line.h - runs a shell command for a host unit test and keeps the first
 * line of its output (the device-side programs run under qemu-arm print their
 * verdict on one line). Header-only, for the test program's main file.
 */
#ifndef SPHERULE_RUN_LINE_H
#define SPHERULE_RUN_LINE_H

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

/* Runs cmd (its stderr with its stdout); its first line, without the
 * newline, into out (cap bytes); returns its exit status, -1 if it did not
 * exit. */
__attribute__((unused))
static int run_line(const char *cmd, char *out, size_t cap)
{
	FILE *p = popen(cmd, "r");
	int status;

	out[0] = '\0';
	if (!p || !fgets(out, (int)cap, p))
		out[0] = '\0';
	out[strcspn(out, "\n")] = '\0';
	status = p ? pclose(p) : -1;
	return status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

#endif
