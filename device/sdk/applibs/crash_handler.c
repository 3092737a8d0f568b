/* crash_handler.c — the crash handler every app linking applibs gets (see
 * crash_handler.h). */
#include "crash_handler.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <ucontext.h>
#include <unistd.h>

#include "app_svc_transport.h"

#define ALT_STACK_SIZE 8192u   /* musl's SIGSTKSZ; only touched when a signal is handled */

/* The executable's text, from the linker (GNU ld's default script). */
extern const char __executable_start[], etext[];

static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };
static int service_fd = -1;
static uintptr_t stack_top;      /* the end of the page the constructor's frame was on */
static uint8_t alt_stack[ALT_STACK_SIZE];

static uint16_t half_at(uintptr_t a)
{
	uint16_t h;

	memcpy(&h, (const void *)a, sizeof(h));
	return h;
}

int crash_is_return_address(uintptr_t v, uintptr_t lo, uintptr_t hi)
{
	if (v & 1u) {
		uintptr_t a = v - 1u;

		if (a < lo + 4u || a > hi)
			return a >= lo + 2u && a <= hi && (half_at(a - 2u) & 0xff87u) == 0x4780u;
		if ((half_at(a - 4u) & 0xf800u) == 0xf000u && (half_at(a - 2u) & 0xc000u) == 0xc000u)
			return 1;
		return (half_at(a - 2u) & 0xff87u) == 0x4780u;
	}
	if ((v & 3u) == 0 && v >= lo + 4u && v <= hi) {
		uint32_t insn;

		memcpy(&insn, (const void *)(v - 4u), sizeof(insn));
		return ((insn & 0x0f000000u) == 0x0b000000u && (insn >> 28) != 0xfu) ||
		       (insn & 0xfe000000u) == 0xfa000000u || (insn & 0x0ffffff0u) == 0x012fff30u;
	}
	return 0;
}

size_t crash_scan_stack(const uintptr_t *words, size_t n, uintptr_t lo, uintptr_t hi, uint32_t *out, size_t max)
{
	size_t got = 0;

	for (size_t i = 0; i < n && got < max; i++)
		if (crash_is_return_address(words[i], lo, hi))
			out[got++] = (uint32_t)words[i];
	return got;
}

/* How many words above sp are surely mapped: up to the top of the main
 * thread's stack when sp is below it (within 64 KiB), else to the end of
 * sp's page. */
static size_t words_above(uintptr_t sp)
{
	uintptr_t end = stack_top > sp && stack_top - sp <= 65536u ? stack_top : (sp | 4095u) + 1u;
	size_t n = (end - sp) / sizeof(uintptr_t);

	return n < CRASH_SCAN_WORDS ? n : CRASH_SCAN_WORDS;
}

static void on_fatal_signal(int sig, siginfo_t *si, void *context)
{
	struct app_svc_req req = { .op = APP_SVC_CRASH_INFO };
	struct app_svc_crash_info info = { .pid = (uint32_t)getpid(), .signal = (uint32_t)sig,
					   .fault_address = (uint32_t)(uintptr_t)si->si_addr };
	struct iovec iov[2] = { { &req, sizeof(req) }, { &info, sizeof(info) } };
	struct msghdr msg = { .msg_iov = iov, .msg_iovlen = 2 };
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	int saved = errno;

#ifdef __arm__
	const mcontext_t *mc = &((const ucontext_t *)context)->uc_mcontext;

	info.pc = mc->arm_pc;
	info.lr = mc->arm_lr;
	info.sp = mc->arm_sp;
	info.stack_len = (uint32_t)crash_scan_stack((const uintptr_t *)mc->arm_sp, words_above(mc->arm_sp),
						    (uintptr_t)__executable_start, (uintptr_t)etext, info.stack,
						    APP_SVC_STACK_MAX);
#else
	(void)context;
	(void)words_above;
#endif
	/* One datagram; appmgr's answer is never read. */
	(void)sendmsg(service_fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
	sigaction(sig, &dfl, NULL);
	errno = saved;
	/* Pending until the handler returns (sig is blocked in it); a fault
	 * also repeats on return, now with the default action. */
	raise(sig);
}

int applibs_crash_handler_install(void)
{
	static const stack_t alt = { .ss_sp = alt_stack, .ss_size = sizeof(alt_stack) };
	struct sigaction sa = { .sa_sigaction = on_fatal_signal, .sa_flags = SA_SIGINFO | SA_ONSTACK };
	int here;

	service_fd = app_svc_env_fd(APP_SERVICE_ENV);
	if (service_fd < 0)
		return -ENOTCONN;
	stack_top = ((uintptr_t)&here | 4095u) + 1u;
	if (sigaltstack(&alt, NULL) != 0)
		return -errno;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
		if (sigaction(fatal_signals[i], &sa, NULL) != 0)
			return -errno;
	return 0;
}

__attribute__((constructor))
static void install_at_start(void)
{
	(void)applibs_crash_handler_install();
}
