/* applibs/gpio_edge.h — Spherule extension, not in Azure Sphere: edge
 * events of input lines, so that an app waits for a button press in its
 * event loop instead of polling the value with a timer.
 *
 *   int fd = GPIO_OpenAsInputWithEdge(SAMPLE_BUTTON_1, GPIO_EdgeMode_Falling);
 *   EventLoop_RegisterIo(el, fd, EventLoop_Input, OnButton, NULL);
 *   ... in OnButton: while (GPIO_ReadEdgeEvent(fd, &ev) == 0) { ... }
 *
 * The kernel keeps up to 16 events per line in order; GPIO_GetValue works
 * on the same descriptor. */
#pragma once

#include <stdint.h>

#include <applibs/gpio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The edges an input reports. */
typedef uint8_t GPIO_EdgeMode_Type;
typedef enum {
    GPIO_EdgeMode_Rising = 1,  /* low to high */
    GPIO_EdgeMode_Falling = 2, /* high to low */
    GPIO_EdgeMode_Both = 3
} GPIO_EdgeMode;

/* Which edge an event is. */
typedef uint8_t GPIO_Edge_Type;
typedef enum {
    GPIO_Edge_Rising = 1,
    GPIO_Edge_Falling = 2
} GPIO_Edge;

typedef struct GPIO_EdgeEvent {
    GPIO_Edge_Type edge;
    uint32_t sequence;     /* this line's events, counted from 1 */
    uint64_t timestamp_ns; /* when it happened, CLOCK_MONOTONIC */
} GPIO_EdgeEvent;

/* Opens gpioId as an input reporting the edges of edgeMode: a
 * non-blocking descriptor that polls readable (EventLoop_Input) while
 * events wait, or -1 with errno: EACCES, ENODEV, EBUSY as GPIO_OpenAsInput,
 * EINVAL (edgeMode is not a GPIO_EdgeMode). */
int GPIO_OpenAsInputWithEdge(GPIO_Id gpioId, GPIO_EdgeMode_Type edgeMode);

/* Takes the oldest waiting event of gpioFd into *outEvent. 0, or -1 with
 * errno: EAGAIN (none waits), EFAULT (outEvent NULL), EBADF (gpioFd is not
 * a descriptor of GPIO_OpenAsInputWithEdge). */
int GPIO_ReadEdgeEvent(int gpioFd, GPIO_EdgeEvent *outEvent);

#ifdef __cplusplus
}
#endif
