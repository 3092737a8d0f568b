/* devctl_fake_appmgr.h — a fake appmgr for devctl's host tests: a thread
 * answering appmgr_ctl requests (spherule/appmgr_ctl.h) on a socketpair
 * with two canned apps (devctl, a system app, and hello), a staging area
 * that only counts and checks, a log the test appends to, the GPIO lines
 * of a simulation board (FAKE_GPIO_*), and a record of what it was asked.
 * Every field below the lock is read and written under it. */
#ifndef DEVCTL_FAKE_APPMGR_H
#define DEVCTL_FAKE_APPMGR_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <spherule/appmgr_ctl.h>

#define FAKE_DEVCTL_ID "5f1d0c2e-7a43-4e8b-9d1e-000000de7c71"
#define FAKE_HELLO_ID "20733d53-e646-4e2c-99ba-4ea9de6638e1"
#define FAKE_STAGED_ID "0badc0de-0000-4000-8000-00000000beef"
#define FAKE_SLOT_BYTES (1024u * 1024u)
#define FAKE_LOG_HELD 4096u
#define FAKE_LOG_MAX 65536u
/* GPIO numbers: below FAKE_GPIO_SIM_FIRST a PL061's (not simulated), up to
 * FAKE_GPIO_LAST the lines of sim0; FAKE_GPIO_OUTPUT an app's output at 1. */
#define FAKE_GPIO_SIM_FIRST 8u
#define FAKE_GPIO_LAST 80u
#define FAKE_GPIO_OUTPUT 9u

struct fake_appmgr {
	int fd;
	pthread_t thread;
	pthread_mutex_t lock;
	/* what it was asked */
	unsigned op_count[32];
	uint16_t last_flags;
	uint64_t last_arg;
	uint64_t stage_size;     /* STAGE_BEGIN's */
	uint64_t stage_got;      /* bytes of STAGE_DATA since */
	uint32_t stage_sum;      /* their sum, byte by byte */
	size_t stage_max_chunk;
	bool staging, staged;
	char stage_head[4];      /* the package's first bytes ("BAD" is refused) */
	/* one failure to give: op fail_op (0: none) answers fail_status, fail_reason */
	uint16_t fail_op;
	int32_t fail_status;
	char fail_reason[APPMGR_CTL_REASON_SIZE];
	/* the log: stream positions 0..log_len; the newest FAKE_LOG_HELD bytes are held */
	char log[FAKE_LOG_MAX];
	size_t log_len;
};

/* Starts the fake; returns devctl's end of the socket (or -1). */
int fake_appmgr_start(struct fake_appmgr *f);
/* Appends text to the log. */
void fake_appmgr_log(struct fake_appmgr *f, const char *text);
/* Sets the failure of op (status 0: none). */
void fake_appmgr_fail(struct fake_appmgr *f, uint16_t op, int32_t status, const char *reason);
/* How many times op was asked. */
unsigned fake_appmgr_count(struct fake_appmgr *f, uint16_t op);
/* Waits up to ms for op to have been asked more than n times. */
bool fake_appmgr_wait(struct fake_appmgr *f, uint16_t op, unsigned n, int ms);

#endif
