/* crash_handler.h — applibs' crash handler (docs/sdk.md, "Crash reports"):
 * installed before main() in every app linking applibs (a constructor; the
 * SDK's link flags pull it in with -u applibs_crash_handler_install), on an
 * alternate stack, for SIGSEGV, SIGBUS, SIGILL, SIGFPE and SIGABRT. It sends
 * appmgr what the process saw (CRASH_INFO: si_addr, pc, lr, sp and the
 * return addresses found above sp) on the app service socket, then restores
 * the default action and raises the signal again, so the app dies by it as
 * it would have. Only async-signal-safe calls in the handler. */
#ifndef APPLIBS_CRASH_HANDLER_H
#define APPLIBS_CRASH_HANDLER_H

#include <stddef.h>
#include <stdint.h>

/* Words above sp the handler looks at for return addresses. */
#define CRASH_SCAN_WORDS 512u

/* Installs the handler when SPHERULE_APP_SERVICE names an open socket (the
 * constructor calls it; a test may again). 0, or -errno. */
int applibs_crash_handler_install(void);

/* Whether v is a return address into text [lo, hi): the instruction
 * before it is a call that sets lr. Thumb (v odd): a 32-bit BL or BLX
 * (first halfword 11110xxxxxxxxxxx, second 11x1... or 11x0...) ending at
 * v - 1, or a 16-bit BLX register (010001111xxxx000). ARM (v a multiple of
 * 4): BL (cond 1011 offset, cond not 1111), BLX immediate (1111101H) or BLX
 * register (cond 0001 0010 1111 1111 1111 0011 Rm). */
int crash_is_return_address(uintptr_t v, uintptr_t lo, uintptr_t hi);

/* The return addresses among the n words at words (innermost first), at
 * most max of them into out: how many. */
size_t crash_scan_stack(const uintptr_t *words, size_t n, uintptr_t lo, uintptr_t hi, uint32_t *out,
			size_t max);

#endif
