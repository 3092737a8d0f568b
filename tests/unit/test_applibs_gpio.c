/* test_applibs_gpio.c — applibs' GPIO functions on the host, against a
 * fake appmgr end: the checks made before anything is asked, the board
 * number sent to appmgr and its refusal, a chip label no chip has, the
 * errno of value calls on descriptors that are no GPIO's, and the edge
 * extension's events (struct gpio_v2_line_event read from a pipe). The
 * line requests themselves need gpio-sim on the board: the examples' e2e
 * tests. TAP lines. */
#include <applibs/gpio.h>
#include <applibs/gpio_edge.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/gpio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "applibs_fake_appmgr.h"
#include "tap.h"

#define FAILED_WITH(result, err) ((result) == -1 && errno == (err))

/* Whether the host has any /dev/gpiochipN (then a missing label may be
 * EACCES: one of them might be it). */
static bool host_has_gpio_chips(void)
{
	for (unsigned n = 0; n < 32; n++) {
		char path[32];

		snprintf(path, sizeof(path), "/dev/gpiochip%u", n);
		if (access(path, F_OK) == 0)
			return true;
	}
	return false;
}

static void test_open(void)
{
	struct app_svc_gpio_line where = { .chip_label = "applibs-test-no-such-chip", .line = 3 };
	struct app_svc_req req;

	tap_ok(FAILED_WITH(GPIO_OpenAsOutput(8, 3, GPIO_Value_Low), EINVAL) &&
		       FAILED_WITH(GPIO_OpenAsOutput(8, GPIO_OutputMode_OpenDrain, 2), EINVAL) &&
		       fake_no_request(),
	       "OpenAsOutput with an unknown mode or value: EINVAL, appmgr not asked");
	tap_ok(FAILED_WITH(GPIO_OpenAsInput(-1), ENODEV) && fake_no_request(),
	       "OpenAsInput of a negative GPIO: ENODEV");
	fake_answer(APP_SVC_GPIO_LINE, -ENODEV, NULL, 0, -1);
	tap_ok(FAILED_WITH(GPIO_OpenAsInput(80), ENODEV) &&
		       fake_request(&req, NULL, 0) == 0 && req.op == APP_SVC_GPIO_LINE && req.arg == 80,
	       "OpenAsInput asks appmgr for GPIO 80's line; not on the board: ENODEV");
	if (host_has_gpio_chips()) {
		tap_skip("this host has GPIO chips", "a chip label no chip has: ENODEV");
		return;
	}
	fake_answer(APP_SVC_GPIO_LINE, 0, &where, sizeof(where), -1);
	tap_ok(FAILED_WITH(GPIO_OpenAsOutput(12, GPIO_OutputMode_PushPull, GPIO_Value_High), ENODEV),
	       "a chip label no chip has: ENODEV");
	fake_drain();
}

static void test_values(void)
{
	GPIO_Value_Type value;
	int p[2];

	if (pipe(p) != 0)
		return;
	tap_ok(FAILED_WITH(GPIO_GetValue(p[0], NULL), EFAULT), "GetValue without outValue: EFAULT");
	tap_ok(FAILED_WITH(GPIO_GetValue(p[0], &value), EBADF) &&
		       FAILED_WITH(GPIO_GetValue(-1, &value), EBADF),
	       "GetValue of a pipe or -1: EBADF");
	tap_ok(FAILED_WITH(GPIO_SetValue(p[1], GPIO_Value_High), EBADF),
	       "SetValue of a pipe: EBADF");
	tap_ok(FAILED_WITH(GPIO_SetValue(p[1], 2), EINVAL), "SetValue of 2: EINVAL");
	close(p[0]);
	close(p[1]);
}

/* Writes one kernel edge event into the pipe. */
static void put_event(int fd, uint32_t id, uint64_t timestamp, uint32_t line_seqno)
{
	struct gpio_v2_line_event event = { .timestamp_ns = timestamp, .id = id, .offset = 3,
					    .seqno = 40, .line_seqno = line_seqno };

	if (write(fd, &event, sizeof(event)) != sizeof(event))
		_exit(2);
}

static void test_edges(void)
{
	GPIO_EdgeEvent event;
	int p[2];

	tap_ok(FAILED_WITH(GPIO_OpenAsInputWithEdge(12, 0), EINVAL) &&
		       FAILED_WITH(GPIO_OpenAsInputWithEdge(12, 4), EINVAL) && fake_no_request(),
	       "OpenAsInputWithEdge with no or an unknown edge mode: EINVAL");
	if (pipe2(p, O_NONBLOCK) != 0)
		return;
	put_event(p[1], GPIO_V2_LINE_EVENT_FALLING_EDGE, 123456789, 1);
	put_event(p[1], GPIO_V2_LINE_EVENT_RISING_EDGE, 223456789, 2);
	tap_ok(GPIO_ReadEdgeEvent(p[0], &event) == 0 && event.edge == GPIO_Edge_Falling &&
		       event.sequence == 1 && event.timestamp_ns == 123456789,
	       "ReadEdgeEvent: a falling edge, its sequence number and time");
	tap_ok(GPIO_ReadEdgeEvent(p[0], &event) == 0 && event.edge == GPIO_Edge_Rising &&
		       event.sequence == 2 && event.timestamp_ns == 223456789,
	       "ReadEdgeEvent: then the rising edge, in order");
	tap_ok(FAILED_WITH(GPIO_ReadEdgeEvent(p[0], &event), EAGAIN),
	       "ReadEdgeEvent with none waiting: EAGAIN");
	put_event(p[1], 7, 1, 3);
	tap_ok(FAILED_WITH(GPIO_ReadEdgeEvent(p[0], &event), EIO), "an event of no known edge: EIO");
	tap_ok(FAILED_WITH(GPIO_ReadEdgeEvent(p[0], NULL), EFAULT), "ReadEdgeEvent without outEvent: EFAULT");
	if (write(p[1], "ab", 2) != 2)
		_exit(2);
	tap_ok(FAILED_WITH(GPIO_ReadEdgeEvent(p[0], &event), EBADF),
	       "a descriptor giving a short record: EBADF");
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	fake_appmgr_start();
	test_open();
	test_values();
	test_edges();
	return tap_done();
}
