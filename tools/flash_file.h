/*
 * flash_file.h - the flash file of board qemu-armv7 (bank 0, bank 1, OS slot B, as
 * `spherule flash build` writes it and the emulator runs it): its size check
 * and its partitions by label, both from the generated flash_layout.h, and
 * loading a file that must fit a flash area.
 */
#ifndef SPHERULE_FLASH_FILE_H
#define SPHERULE_FLASH_FILE_H

#include <stddef.h>
#include <stdint.h>

struct flash_partition {
	const char *label;  /* MTD label: "boot", "app0", "data", ... */
	uint32_t offset;    /* in the flash file */
	uint32_t size;
};

/* The partition labelled label, or NULL. */
const struct flash_partition *flash_partition_find(const char *label);

/* Every label in flash order, separated by ", ", into buf (cut at len). */
void flash_partition_labels(char *buf, size_t len);

/* 0 if path is a flash file (FLASH_FILE_SIZE bytes), else -1 after
 * cli_fail(command, ...) saying what it is instead. */
int flash_file_check(const char *command, const char *path);

/* Reads partition part of the flash file path (checked as above) into a
 * malloc()ed buffer of part->size bytes. 0, or -1 after cli_fail(). */
int flash_file_read_partition(const char *command, const char *path, const struct flash_partition *part,
			      uint8_t **buf);

/* Loads the file path, which must fit a flash area of max bytes, into a
 * malloc()ed buffer: 0, or -1 after cli_fail(command, ...) (a larger file:
 * "larger than the MAX bytes its flash area holds"). */
int flash_area_file_load(const char *command, const char *path, size_t max, uint8_t **buf, size_t *len);

#endif
