/* signal_name.h — "SIGSEGV" etc. for exit status log lines. */
#ifndef APPMGR_SIGNAL_NAME_H
#define APPMGR_SIGNAL_NAME_H

/* The signal's constant name, or "SIG?" for one without a name here. */
const char *signal_name(int sig);

#endif
