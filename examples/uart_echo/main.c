/* uart_echo — a Spherule SDK example in the style of Azure Sphere's UART
 * high-level sample: it opens SAMPLE_UART_LOOPBACK (on qemu-armv7 the app
 * UART ISU0, whose other end is a TCP port on the host: `spherule emulator
 * start` prints it), writes back every byte it receives with the line
 * "Received N bytes" in the log, and writes "Hello world!\n" on each press
 * of SAMPLE_BUTTON_1 (Low while pressed). */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>

#include <applibs/eventloop.h>
#include <applibs/gpio.h>
#include <applibs/log.h>
#include <applibs/uart.h>

#include <hw/sample_appliance.h>

#include "eventloop_timer_utilities.h"

typedef enum {
	ExitCode_Success = 0,
	ExitCode_TermHandler_SigTerm = 1,
	ExitCode_SendMessage_Write = 2,
	ExitCode_ButtonTimer_Consume = 3,
	ExitCode_ButtonTimer_GetButtonState = 4,
	ExitCode_UartEvent_Read = 5,
	ExitCode_Init_EventLoop = 6,
	ExitCode_Init_UartOpen = 7,
	ExitCode_Init_RegisterIo = 8,
	ExitCode_Init_OpenButton = 9,
	ExitCode_Init_ButtonPollTimer = 10,
	ExitCode_Main_EventLoopFail = 11,
} ExitCode;

static int uartFd = -1;
static int buttonFd = -1;
static EventLoop *eventLoop = NULL;
static EventRegistration *uartEventReg = NULL;
static EventLoopTimer *buttonPollTimer = NULL;
static GPIO_Value_Type buttonState = GPIO_Value_High;
static volatile sig_atomic_t exitCode = ExitCode_Success;

static void TerminationHandler(int signalNumber)
{
	(void)signalNumber;
	exitCode = ExitCode_TermHandler_SigTerm;
}

/* Writes all of data[0..len) to the UART, waiting up to a second for room
 * while its buffer is full (or nobody listens at the other end: what does
 * not fit then is dropped, as on a UART). */
static void SendUartBytes(const unsigned char *data, size_t len)
{
	struct pollfd writable = { .fd = uartFd, .events = POLLOUT };
	size_t sent = 0;

	while (sent < len) {
		ssize_t n = write(uartFd, data + sent, len - sent);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			if (poll(&writable, 1, 1000) == 1 && (writable.revents & POLLOUT))
				continue;
			Log_Debug("UART busy: %zu bytes dropped.\n", len - sent);
			return;
		}
		if (n < 0) {
			Log_Debug("ERROR: Could not write to UART: %s (%d).\n", strerror(errno), errno);
			exitCode = ExitCode_SendMessage_Write;
			return;
		}
		sent += (size_t)n;
	}
}

static void UartEventHandler(EventLoop *el, int fd, EventLoop_IoEvents events, void *context)
{
	unsigned char buffer[128];
	ssize_t n;

	(void)el;
	(void)events;
	(void)context;
	n = read(fd, buffer, sizeof(buffer));
	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return;
		Log_Debug("ERROR: Could not read UART: %s (%d).\n", strerror(errno), errno);
		exitCode = ExitCode_UartEvent_Read;
		return;
	}
	if (n == 0)
		return;
	Log_Debug("Received %zd bytes\n", n);
	SendUartBytes(buffer, (size_t)n);
}

static void ButtonTimerEventHandler(EventLoopTimer *timer)
{
	static const char message[] = "Hello world!\n";
	GPIO_Value_Type newButtonState;

	if (ConsumeEventLoopTimerEvent(timer) != 0) {
		exitCode = ExitCode_ButtonTimer_Consume;
		return;
	}
	if (GPIO_GetValue(buttonFd, &newButtonState) != 0) {
		Log_Debug("ERROR: Could not read button GPIO: %s (%d).\n", strerror(errno), errno);
		exitCode = ExitCode_ButtonTimer_GetButtonState;
		return;
	}
	if (newButtonState != buttonState && newButtonState == GPIO_Value_Low) {
		Log_Debug("Button pressed: sending \"Hello world!\".\n");
		SendUartBytes((const unsigned char *)message, sizeof(message) - 1);
	}
	buttonState = newButtonState;
}

static ExitCode InitPeripheralsAndHandlers(void)
{
	static const struct timespec buttonPressCheckPeriod = { .tv_sec = 0, .tv_nsec = 10 * 1000 * 1000 };
	struct sigaction action;
	UART_Config uartConfig;

	memset(&action, 0, sizeof(action));
	action.sa_handler = TerminationHandler;
	sigaction(SIGTERM, &action, NULL);

	eventLoop = EventLoop_Create();
	if (eventLoop == NULL) {
		Log_Debug("Could not create event loop.\n");
		return ExitCode_Init_EventLoop;
	}
	UART_InitConfig(&uartConfig);
	uartConfig.baudRate = 115200;
	uartConfig.flowControl = UART_FlowControl_None;
	uartFd = UART_Open(SAMPLE_UART_LOOPBACK, &uartConfig);
	if (uartFd == -1) {
		Log_Debug("ERROR: Could not open UART: %s (%d).\n", strerror(errno), errno);
		return ExitCode_Init_UartOpen;
	}
	uartEventReg = EventLoop_RegisterIo(eventLoop, uartFd, EventLoop_Input, UartEventHandler, NULL);
	if (uartEventReg == NULL)
		return ExitCode_Init_RegisterIo;
	buttonFd = GPIO_OpenAsInput(SAMPLE_BUTTON_1);
	if (buttonFd == -1) {
		Log_Debug("ERROR: Could not open SAMPLE_BUTTON_1: %s (%d).\n", strerror(errno), errno);
		return ExitCode_Init_OpenButton;
	}
	buttonPollTimer = CreateEventLoopPeriodicTimer(eventLoop, ButtonTimerEventHandler,
						       &buttonPressCheckPeriod);
	if (buttonPollTimer == NULL)
		return ExitCode_Init_ButtonPollTimer;
	Log_Debug("UART open: echoing.\n");
	return ExitCode_Success;
}

static void ClosePeripheralsAndHandlers(void)
{
	DisposeEventLoopTimer(buttonPollTimer);
	EventLoop_UnregisterIo(eventLoop, uartEventReg);
	EventLoop_Close(eventLoop);
	if (uartFd >= 0)
		close(uartFd);
	if (buttonFd >= 0)
		close(buttonFd);
}

int main(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	Log_Debug("UART application starting.\n");
	exitCode = InitPeripheralsAndHandlers();
	while (exitCode == ExitCode_Success) {
		EventLoop_Run_Result result = EventLoop_Run(eventLoop, -1, true);

		if (result == EventLoop_Run_Failed && errno != EINTR)
			exitCode = ExitCode_Main_EventLoopFail;
	}
	ClosePeripheralsAndHandlers();
	Log_Debug("Application exiting.\n");
	return exitCode;
}
