/* caps.h — empties every capability set of the calling process (an app's
 * child between fork and exec) and forbids it new privileges. No libcap: prctl()
 * and the raw capset system call. */
#ifndef APPMGR_CAPS_H
#define APPMGR_CAPS_H

/* Drops every capability the kernel knows from the bounding set (until
 * PR_CAPBSET_DROP answers EINVAL). Needs CAP_SETPCAP: call it before the
 * uid change. 0 or -errno. */
int caps_drop_bounding(void);

/* Clears the ambient set, then the effective, permitted and inheritable
 * sets. 0 or -errno. */
int caps_clear_all(void);

/* Sets PR_SET_NO_NEW_PRIVS: no exec may ever grant a privilege again
 * (set-id bits, file capabilities). 0 or -errno. */
int caps_forbid_new_privs(void);

#endif
