/* proc_creds.h — what each process may do: its uids and its five
 * capability sets, logged with appmgr's periodic report (mem_report.h) so
 * that a test can check that appmgr is the only process holding any
 * capability and that no app runs as root (docs/appmgr.md, "Who holds
 * what"). */
#ifndef APPMGR_PROC_CREDS_H
#define APPMGR_PROC_CREDS_H

/* Logs "process: pid=P name=N uid=R,E,S,F cap_inh=X cap_prm=X cap_eff=X
 * cap_bnd=X cap_amb=X" from status_path (/proc/P/status; the fields as
 * the kernel prints them, capability sets in hex). Nothing if it cannot
 * be read (the process ended). */
void proc_creds_log(const char *pid, const char *status_path);

#endif
