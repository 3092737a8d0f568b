/*
 * os_slots.c - the OS slots' states in the store file os-slots (os_slots.h):
 * one line "<primary> <state of A> <state of B>", e.g. "A good pending".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "durable_file.h"
#include "flash_layout.h"
#include "os_slots.h"

#define OS_SLOTS_TEXT_MAX 32u

static const char *const state_names[] = {
	[OS_SLOT_EMPTY] = "empty", [OS_SLOT_GOOD] = "good", [OS_SLOT_PENDING] = "pending",
	[OS_SLOT_TRIAL] = "trial", [OS_SLOT_BAD] = "bad",
};
#define STATE_COUNT (sizeof(state_names) / sizeof(state_names[0]))

_Static_assert(FLASH_SLOT_B_BANK == 0 && FLASH_SLOT_B_SIZE == FLASH_BANK0_SIZE, "slot B is bank 0's other image");

uint32_t os_slot_offset(unsigned slot)
{
	return slot ? FLASH_SLOT_B_OFFSET : FLASH_BANK0_OFFSET;
}

char os_slot_letter(unsigned slot)
{
	return slot ? 'B' : 'A';
}

const char *os_slot_state_name(enum os_slot_state state)
{
	return (unsigned)state < STATE_COUNT ? state_names[state] : "?";
}

static int parse_state(const char *word, enum os_slot_state *state)
{
	for (unsigned i = 0; i < STATE_COUNT; i++)
		if (!strcmp(word, state_names[i])) {
			*state = (enum os_slot_state)i;
			return 0;
		}
	return -EINVAL;
}

int os_slots_read(const struct secmon_store *s, struct os_slots *o, struct error_detail *err)
{
	char text[OS_SLOTS_TEXT_MAX + 1], primary[2], a[9], b[9], end;
	ssize_t n = durable_read(s->dirfd, OS_SLOTS_FILE, (uint8_t *)text, OS_SLOTS_TEXT_MAX);

	*o = (struct os_slots){ 0, { OS_SLOT_GOOD, OS_SLOT_EMPTY } };
	if (n == -ENOENT)
		return 0;
	if (n < 0 && n != -EFBIG)
		return error_detail_set(err, (int)n, "%s: %s", OS_SLOTS_FILE, strerror((int)-n));
	if (n >= 0)
		text[n] = '\0';
	if (n < 0 || n == 0 || text[n - 1] != '\n' ||
	    sscanf(text, "%1[AB] %8[a-z] %8[a-z]%c", primary, a, b, &end) != 4 || end != '\n' ||
	    parse_state(a, &o->state[0]) || parse_state(b, &o->state[1]))
		return error_detail_set(err, -EINVAL, "%s: malformed (%s/%s)", OS_SLOTS_FILE, s->path, OS_SLOTS_FILE);
	o->primary = primary[0] == 'B';
	return 0;
}

int os_slots_write(const struct secmon_store *s, const struct os_slots *o, struct error_detail *err)
{
	char text[OS_SLOTS_TEXT_MAX];
	int n = snprintf(text, sizeof(text), "%c %s %s\n", os_slot_letter(o->primary),
			 os_slot_state_name(o->state[0]), os_slot_state_name(o->state[1]));
	int rc = durable_replace(s->dirfd, OS_SLOTS_FILE, text, (size_t)n, 0644);

	return rc < 0 ? error_detail_set(err, rc, "%s: %s", OS_SLOTS_FILE, strerror(-rc)) : 0;
}
