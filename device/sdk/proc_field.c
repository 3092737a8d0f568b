/* proc_field.c — one figure of a /proc file (see proc_field.h). */
#include "proc_field.h"

#include <stdio.h>
#include <string.h>

long proc_field_kib(const char *path, const char *key)
{
	size_t klen = strlen(key);
	char line[128];
	long value = -1;
	FILE *f = fopen(path, "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, klen) && line[klen] == ':')
			sscanf(line + klen + 1, "%ld", &value);
	fclose(f);
	return value;
}
