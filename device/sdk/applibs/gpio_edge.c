/* gpio_edge.c — edge events of input lines (applibs/gpio_edge.h, a
 * Spherule extension): a v2 line request with edge detection, read
 * without blocking, each struct gpio_v2_line_event turned into a
 * GPIO_EdgeEvent. */
#include <applibs/gpio_edge.h>

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "applibs_errno.h"
#include "gpio_line.h"

int GPIO_OpenAsInputWithEdge(GPIO_Id gpioId, GPIO_EdgeMode_Type edgeMode)
{
	struct gpio_v2_line_config config;
	int fd;

	if (edgeMode < GPIO_EdgeMode_Rising || edgeMode > GPIO_EdgeMode_Both)
		return applibs_fail(EINVAL);
	memset(&config, 0, sizeof(config));
	config.flags = GPIO_V2_LINE_FLAG_INPUT |
		       (edgeMode & GPIO_EdgeMode_Rising ? GPIO_V2_LINE_FLAG_EDGE_RISING : 0) |
		       (edgeMode & GPIO_EdgeMode_Falling ? GPIO_V2_LINE_FLAG_EDGE_FALLING : 0);
	fd = gpio_line_request(gpioId, &config);
	if (fd < 0)
		return applibs_fail(-fd);
	if (fcntl(fd, F_SETFL, O_NONBLOCK) != 0) {
		int err = errno;

		close(fd);
		return applibs_fail(err);
	}
	return fd;
}

int GPIO_ReadEdgeEvent(int gpioFd, GPIO_EdgeEvent *outEvent)
{
	struct gpio_v2_line_event event;
	ssize_t n;

	if (!outEvent)
		return applibs_fail(EFAULT);
	do
		n = read(gpioFd, &event, sizeof(event));
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return applibs_fail(gpio_fd_error(errno));
	if (n != sizeof(event))
		return applibs_fail(EBADF);
	switch (event.id) {
	case GPIO_V2_LINE_EVENT_RISING_EDGE:
		outEvent->edge = GPIO_Edge_Rising;
		break;
	case GPIO_V2_LINE_EVENT_FALLING_EDGE:
		outEvent->edge = GPIO_Edge_Falling;
		break;
	default:
		return applibs_fail(EIO);
	}
	outEvent->sequence = event.line_seqno;
	outEvent->timestamp_ns = event.timestamp_ns;
	return 0;
}
