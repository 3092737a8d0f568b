/* progress_bar.c - a progress bar redrawn in place with a carriage return (progress_bar.h). */
#include "progress_bar.h"

#define BAR_WIDTH 20

void progress_bar_init(struct progress_bar *b, FILE *f, const char *label)
{
	b->f = f;
	b->label = label;
	b->shown = -1;
}

void progress_bar_update(struct progress_bar *b, uint64_t done, uint64_t total)
{
	int percent = total ? (int)(done * 100 / total) : 100;
	char bar[BAR_WIDTH + 1];

	if (percent == b->shown)
		return;
	b->shown = percent;
	for (int i = 0; i < BAR_WIDTH; i++)
		bar[i] = i < percent * BAR_WIDTH / 100 ? '#' : '-';
	bar[BAR_WIDTH] = '\0';
	fprintf(b->f, "\r%s [%s] %3d%% %4llu/%llu KiB", b->label, bar, percent, (unsigned long long)((done + 1023) / 1024),
		(unsigned long long)((total + 1023) / 1024));
	fflush(b->f);
}

void progress_bar_end(struct progress_bar *b)
{
	if (b->shown >= 0)
		fputc('\n', b->f);
	b->shown = -1;
}
