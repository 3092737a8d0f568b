/*
 * progress_bar.h - a one-line progress bar redrawn in place on a terminal
 * (`spherule device sideload deploy` while the package goes to the device):
 *   hello.imagepackage [##########----------]  50%  20/40 KiB
 */
#ifndef SPHERULE_PROGRESS_BAR_H
#define SPHERULE_PROGRESS_BAR_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct progress_bar {
	FILE *f;
	const char *label;
	int shown; /* the percentage drawn last, -1 before the first */
};

void progress_bar_init(struct progress_bar *b, FILE *f, const char *label);

/* Redraws the bar when done of total changed its percentage. */
void progress_bar_update(struct progress_bar *b, uint64_t done, uint64_t total);

/* Ends the bar's line, when one was drawn. */
void progress_bar_end(struct progress_bar *b);

#endif
