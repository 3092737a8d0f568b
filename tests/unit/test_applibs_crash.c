/* test_applibs_crash.c — applibs' crash handler (crash_handler.h) on the
 * host: which words are return addresses (Thumb BL/BLX, 16-bit BLX
 * register, ARM BL, BLX immediate and register; other instructions, and
 * addresses outside the text, are not), the stack scan's order and bound,
 * and in a child process the handler itself: a NULL dereference and an
 * abort() send CRASH_INFO (pid, signal, fault address) on the app service
 * socket, and the child still dies by its signal. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "crash_handler.h"
#include "spherule/app_service.h"
#include "tap.h"

/* A fake text: each call instruction, then one that is not a call. */
static union {
	uint32_t word[16];
	uint16_t half[32];
} text;

static void test_return_addresses(void)
{
	uintptr_t base = (uintptr_t)text.word, lo = base, hi = base + sizeof(text);
	uintptr_t stack[10];
	uint32_t out[4];
	size_t n;

	text.half[0] = 0xf000;  /* Thumb BL, first half */
	text.half[1] = 0xf800;  /* second half: returns to base + 4, | 1 */
	text.half[2] = 0x4798;  /* BLX r3: returns to base + 6, | 1 */
	text.half[3] = 0x1c08;  /* adds r0, r1, #0: not a call, base + 8 | 1 */
	text.word[2] = 0xeb000010u; /* ARM BL: returns to base + 12 */
	text.word[3] = 0xe12fff33u; /* BLX r3: base + 16 */
	text.word[4] = 0xfa000001u; /* BLX immediate: base + 20 */
	text.word[5] = 0xe1a00000u; /* mov r0, r0: base + 24 is no return address */
	text.word[6] = 0xfb000000u; /* BLX immediate with H: base + 28 */

	tap_ok(crash_is_return_address((base + 4) | 1, lo, hi), "Thumb BL: the address after it is a return address");
	tap_ok(crash_is_return_address((base + 6) | 1, lo, hi), "Thumb BLX register (16-bit)");
	tap_ok(!crash_is_return_address((base + 8) | 1, lo, hi), "after a Thumb add: no");
	tap_ok(crash_is_return_address(base + 12, lo, hi), "ARM BL");
	tap_ok(crash_is_return_address(base + 16, lo, hi), "ARM BLX register");
	tap_ok(crash_is_return_address(base + 20, lo, hi) && crash_is_return_address(base + 28, lo, hi),
	       "ARM BLX immediate");
	tap_ok(!crash_is_return_address(base + 24, lo, hi), "after an ARM mov: no");
	tap_ok(!crash_is_return_address(base + 14, lo, hi), "an even address not on a word: no");
	tap_ok(!crash_is_return_address(hi + 4, lo, hi) && !crash_is_return_address(lo, lo, hi) &&
		       !crash_is_return_address(0, lo, hi),
	       "outside the text (or at its start): no");
	stack[0] = 0x1234;
	stack[1] = (base + 4) | 1;
	stack[2] = hi + 64;
	stack[3] = (base + 8) | 1;
	stack[4] = base + 12;
	stack[5] = base + 16;
	stack[6] = base + 20;
	stack[7] = base + 28;
	stack[8] = (base + 6) | 1;
	stack[9] = base + 24;
	n = crash_scan_stack(stack, 10, lo, hi, out, 4);
	tap_ok(n == 4 && out[0] == (uint32_t)((base + 4) | 1) && out[1] == (uint32_t)(base + 12) &&
		       out[3] == (uint32_t)(base + 20),
	       "the scan: return addresses innermost first, at most the bound");
	tap_ok(crash_scan_stack(stack, 1, lo, hi, out, 4) == 0, "no return address among the words: none");
}

/* Runs crash in a child whose app service socket the test holds; the
 * CRASH_INFO it sent into *info. The child's wait status, or -1. */
static int crash_child(void (*crash)(void), struct app_svc_req *req, struct app_svc_crash_info *info,
		       pid_t *child)
{
	uint8_t buf[sizeof(*req) + sizeof(*info) + 16];
	int sv[2], st;
	ssize_t n;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) != 0)
		return -1;
	*child = fork();
	if (*child == 0) {
		char fd[16];

		close(sv[0]);
		snprintf(fd, sizeof(fd), "%d", sv[1]);
		setenv(APP_SERVICE_ENV, fd, 1);
		if (applibs_crash_handler_install() != 0)
			_exit(2);
		crash();
		_exit(0);
	}
	close(sv[1]);
	waitpid(*child, &st, 0);
	n = recv(sv[0], buf, sizeof(buf), MSG_DONTWAIT);
	close(sv[0]);
	memset(req, 0, sizeof(*req));
	memset(info, 0, sizeof(*info));
	if (n == (ssize_t)(sizeof(*req) + sizeof(*info))) {
		memcpy(req, buf, sizeof(*req));
		memcpy(info, buf + sizeof(*req), sizeof(*info));
	}
	return st;
}

static void null_dereference(void)
{
	volatile int *p = NULL;

	*p = 1;
}

static void test_handler(void)
{
	struct app_svc_req req;
	struct app_svc_crash_info info;
	pid_t child;
	int st = crash_child(null_dereference, &req, &info, &child);

	tap_ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "a NULL dereference: the app still dies by SIGSEGV");
	tap_ok(req.op == APP_SVC_CRASH_INFO && info.pid == (uint32_t)child && info.signal == SIGSEGV &&
		       info.fault_address == 0 && info.stack_len <= APP_SVC_STACK_MAX,
	       "CRASH_INFO sent first: its pid, SIGSEGV, fault address 0");
	st = crash_child(abort, &req, &info, &child);
	tap_ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT && req.op == APP_SVC_CRASH_INFO &&
		       info.signal == SIGABRT && info.pid == (uint32_t)child,
	       "abort(): CRASH_INFO of SIGABRT, and it dies by SIGABRT");
	unsetenv(APP_SERVICE_ENV);
	tap_ok(applibs_crash_handler_install() == -ENOTCONN, "without an app service: not installed");
}

int main(void)
{
	test_return_addresses();
	test_handler();
	return tap_done();
}
