/* sysctl_conf.h — the kernel settings of /etc/spherule/sysctl.conf, which
 * appmgr writes under /proc/sys at boot, before any app starts: the
 * system-wide limits that bound every app whatever its budget (the size a
 * pipe may grow to, socket buffers). Lines "key = value", the key as for
 * sysctl(8) (dots for slashes), the value written as is. */
#ifndef APPMGR_SYSCTL_CONF_H
#define APPMGR_SYSCTL_CONF_H

#include <stddef.h>

#include "spherule/error_detail.h"

/* Applies every line of path under proc_sys (normally "/proc/sys"), logging
 * each value set: the number of lines refused (a malformed key, a setting
 * the kernel does not have or refuses), why the first was, or -errno when
 * the file cannot be read. */
int sysctl_conf_apply(const char *path, const char *proc_sys, struct error_detail *why);

#endif
