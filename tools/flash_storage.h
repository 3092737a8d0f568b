/*
 * flash_storage.h - the data partition of `spherule flash build
 * --storage-root DIR`: a littlefs (the lfs/ core, on-disk v2.1) holding
 * DIR's files and directories, with the geometry the device mounts it with.
 */
#ifndef SPHERULE_FLASH_STORAGE_H
#define SPHERULE_FLASH_STORAGE_H

#include <stdint.h>

/* The data partition's littlefs geometry: blocks are the erase sectors of
 * its bank (FLASH_DATA_ERASE_SIZE, from the flash layout). */
#define FLASH_STORAGE_BLOCK_SIZE FLASH_DATA_ERASE_SIZE
#define FLASH_STORAGE_BLOCK_COUNT (FLASH_DATA_SIZE / FLASH_DATA_ERASE_SIZE)

/* Formats a littlefs of that geometry in memory, copies the regular files
 * and directories under root into it (any other file type, or a tree that
 * does not fit, is refused) and writes it at FLASH_DATA_OFFSET of the flash
 * file open as fd. 0, or -1 after printing "spherule: flash build: reason". */
int flash_storage_write(int fd, const char *root);

#endif
