/*
 * output_table.h - the device's JSON answers as text, for the `spherule
 * device` verbs' --output table: an object as aligned "key: value" lines,
 * its keys in words (deviceIdentifier is "device identifier", UsageInKB
 * "usage in KB", the update service's os_feed "os feed"), a nested object indented below its key, an array of
 * scalars joined with ", " ("none" when empty), an array of objects as
 * columns headed by the first object's keys; true and false as yes and no,
 * null as "-".
 */
#ifndef SPHERULE_OUTPUT_TABLE_H
#define SPHERULE_OUTPUT_TABLE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

/* Prints answer to stdout: with json pretty-printed (two-space indent),
 * else as table() prints it (NULL: output_table_print()). Consumes answer. */
void output_print(json_t *answer, bool json, void (*table)(json_t *answer));

/* Prints answer to stdout. */
void output_table_print(json_t *answer);

/* Prints rows, an array of objects, as columns indented by indent spaces. */
void output_table_rows(FILE *f, json_t *rows, int indent);

/* Prints the array answer[key] as columns to stdout, or the line none when it is empty. */
void output_table_list(json_t *answer, const char *key, const char *none);

#endif
