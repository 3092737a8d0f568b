/* proc_creds.c — logging a process's uids and capability sets (see
 * proc_creds.h). */
#include "proc_creds.h"

#include <stdio.h>
#include <string.h>

#include "log.h"

/* The status lines read, in the order they are logged. */
static const char *const fields[] = { "Name:", "Uid:", "CapInh:", "CapPrm:", "CapEff:", "CapBnd:", "CapAmb:" };
#define FIELD_COUNT (sizeof(fields) / sizeof(fields[0]))
#define VALUE_SIZE 48

/* The value after a status line's name, tabs between uids made commas. */
static void copy_value(char *dst, const char *src)
{
	size_t n = 0;

	src += strspn(src, " \t");
	for (; *src && *src != '\n' && n + 1 < VALUE_SIZE; src++)
		dst[n++] = *src == '\t' ? ',' : *src;
	dst[n] = '\0';
}

void proc_creds_log(const char *pid, const char *status_path)
{
	char value[FIELD_COUNT][VALUE_SIZE] = { { 0 } };
	char line[128];
	FILE *f = fopen(status_path, "re");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		for (size_t i = 0; i < FIELD_COUNT; i++)
			if (!strncmp(line, fields[i], strlen(fields[i])))
				copy_value(value[i], line + strlen(fields[i]));
	fclose(f);
	log_line("process: pid=%s name=%s uid=%s cap_inh=%s cap_prm=%s cap_eff=%s cap_bnd=%s cap_amb=%s",
		 pid, value[0], value[1], value[2], value[3], value[4], value[5], value[6]);
}
