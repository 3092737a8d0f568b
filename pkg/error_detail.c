/* error_detail.c - fills a caller's struct error_detail (spherule/error_detail.h). */
#include <stdarg.h>
#include <stdio.h>

#include "spherule/error_detail.h"

int error_detail_set(struct error_detail *d, int code, const char *fmt, ...)
{
	va_list ap;

	if (!d)
		return code;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	return code;
}
