/* storage_image.h — finding the root of the image a program runs from
 * (storage_image.c). */
#ifndef APPLIBS_STORAGE_IMAGE_H
#define APPLIBS_STORAGE_IMAGE_H

/* Longer than any path appmgr starts a program from. */
#define IMAGE_PATH_MAX 256

/* The root of the filesystem holding the file program (an absolute path)
 * into root: its directory, then each parent on the same device. 0, or an
 * errno value (ENAMETOOLONG, or stat's). */
int image_root_of(const char *program, char root[IMAGE_PATH_MAX]);

#endif
