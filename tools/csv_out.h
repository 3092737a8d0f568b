/*
 * csv_out.h - writing CSV as RFC 4180 says: fields separated by commas,
 * records ended by CRLF, a field holding a comma, a double quote, CR or LF
 * enclosed in double quotes with its double quotes doubled.
 */
#ifndef SPHERULE_CSV_OUT_H
#define SPHERULE_CSV_OUT_H

#include <stdbool.h>
#include <stdio.h>

/* Writes text (NULL: an empty field) as one field, then a comma, or the
 * record's CRLF when last. */
void csv_field(FILE *f, const char *text, bool last);

#endif
