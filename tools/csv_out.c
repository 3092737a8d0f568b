/* csv_out.c - RFC 4180 fields (csv_out.h). */
#include <string.h>

#include "csv_out.h"

void csv_field(FILE *f, const char *text, bool last)
{
	if (!text)
		text = "";
	if (strpbrk(text, ",\"\r\n")) {
		fputc('"', f);
		for (const char *p = text; *p; p++) {
			if (*p == '"')
				fputc('"', f);
			fputc(*p, f);
		}
		fputc('"', f);
	} else {
		fputs(text, f);
	}
	fputs(last ? "\r\n" : ",", f);
}
