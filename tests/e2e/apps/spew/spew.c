/* spew — end-to-end test app: writes N MiB of numbered lines to stdout as
 * fast as it can (N = first argument, default 8), reports the total on
 * stderr, then idles; appmgr must drop what the console cannot take and
 * never block. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK 4096u
#define LINE 64u

/* Fills block with BLOCK / LINE lines "spew <n> xxx...\n" of LINE bytes. */
static void fill_block(char *block, unsigned long *line_no)
{
	for (unsigned i = 0; i < BLOCK / LINE; i++) {
		char *line = block + i * LINE;
		int n = snprintf(line, LINE, "spew %010lu ", (*line_no)++);

		memset(line + n, 'x', LINE - 1 - (unsigned)n);
		line[LINE - 1] = '\n';
	}
}

int main(int argc, char **argv)
{
	unsigned long mib = argc > 1 ? strtoul(argv[1], NULL, 10) : 8;
	unsigned long total = 0, line_no = 0;
	char block[BLOCK];

	while (total < mib * 1024 * 1024) {
		size_t done = 0;

		fill_block(block, &line_no);
		while (done < BLOCK) {
			ssize_t n = write(STDOUT_FILENO, block + done, BLOCK - done);

			if (n < 0) {
				perror("spew: write");
				return 1;
			}
			done += (size_t)n;
		}
		total += BLOCK;
	}
	fprintf(stderr, "spew: wrote %lu bytes\n", total);
	for (;;)
		pause();
}
