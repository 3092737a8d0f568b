/* uuid_text.h — the canonical text form of a 16-byte component id. */
#ifndef APPMGR_UUID_TEXT_H
#define APPMGR_UUID_TEXT_H

#include <stdint.h>

/* Writes "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (lowercase) and a NUL. */
void uuid_text(const uint8_t id[16], char out[37]);

#endif
