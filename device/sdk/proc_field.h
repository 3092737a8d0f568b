/* proc_field.h — reads one "Key: value kB" figure from a /proc file
 * (/proc/meminfo, /proc/<pid>/status); shared by appmgr's memory report and
 * the bench's trivial init. */
#ifndef SPHERULE_PROC_FIELD_H
#define SPHERULE_PROC_FIELD_H

/* The value of key in the /proc file at path (KiB for the memory fields),
 * or -1 when the file or the key cannot be read. */
long proc_field_kib(const char *path, const char *key);

#endif
