/* gpio_edges — a Spherule SDK example of the GPIO edge-event extension
 * (applibs/gpio_edge.h; Azure Sphere apps can only poll a button with a
 * timer): the app waits in its event loop for falling edges of
 * SAMPLE_BUTTON_1 (a press: the button reads Low while pressed), toggles
 * SAMPLE_LED (Low is on) at each press and logs "Press N at T ms" with the
 * kernel's timestamp of the edge. Nothing runs between presses: no timer,
 * no polling. */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include <applibs/eventloop.h>
#include <applibs/gpio.h>
#include <applibs/gpio_edge.h>
#include <applibs/log.h>

#include <hw/sample_appliance.h>

typedef enum {
	ExitCode_Success = 0,
	ExitCode_TermHandler_SigTerm = 1,
	ExitCode_ButtonEvent_Read = 2,
	ExitCode_ButtonEvent_SetLed = 3,
	ExitCode_Init_EventLoop = 4,
	ExitCode_Init_Button = 5,
	ExitCode_Init_RegisterIo = 6,
	ExitCode_Init_Led = 7,
	ExitCode_Main_EventLoopFail = 8,
} ExitCode;

static int buttonFd = -1;
static int ledFd = -1;
static EventLoop *eventLoop = NULL;
static EventRegistration *buttonEventReg = NULL;
static GPIO_Value_Type ledState = GPIO_Value_High;
static unsigned int presses = 0;
static volatile sig_atomic_t exitCode = ExitCode_Success;

static void TerminationHandler(int signalNumber)
{
	(void)signalNumber;
	exitCode = ExitCode_TermHandler_SigTerm;
}

static void ButtonEventHandler(EventLoop *el, int fd, EventLoop_IoEvents events, void *context)
{
	GPIO_EdgeEvent event;

	(void)el;
	(void)events;
	(void)context;
	while (GPIO_ReadEdgeEvent(fd, &event) == 0) {
		if (event.edge != GPIO_Edge_Falling)
			continue;
		presses++;
		ledState = ledState == GPIO_Value_Low ? GPIO_Value_High : GPIO_Value_Low;
		if (GPIO_SetValue(ledFd, ledState) != 0) {
			Log_Debug("ERROR: Could not set LED: %s (%d).\n", strerror(errno), errno);
			exitCode = ExitCode_ButtonEvent_SetLed;
			return;
		}
		Log_Debug("Press %u at %llu ms: LED %s.\n", presses,
			  (unsigned long long)(event.timestamp_ns / 1000000u),
			  ledState == GPIO_Value_Low ? "on" : "off");
	}
	if (errno != EAGAIN) {
		Log_Debug("ERROR: Could not read button event: %s (%d).\n", strerror(errno), errno);
		exitCode = ExitCode_ButtonEvent_Read;
	}
}

static ExitCode InitPeripheralsAndHandlers(void)
{
	struct sigaction action;

	memset(&action, 0, sizeof(action));
	action.sa_handler = TerminationHandler;
	sigaction(SIGTERM, &action, NULL);

	eventLoop = EventLoop_Create();
	if (eventLoop == NULL) {
		Log_Debug("Could not create event loop.\n");
		return ExitCode_Init_EventLoop;
	}
	ledFd = GPIO_OpenAsOutput(SAMPLE_LED, GPIO_OutputMode_PushPull, GPIO_Value_High);
	if (ledFd == -1) {
		Log_Debug("ERROR: Could not open SAMPLE_LED: %s (%d).\n", strerror(errno), errno);
		return ExitCode_Init_Led;
	}
	buttonFd = GPIO_OpenAsInputWithEdge(SAMPLE_BUTTON_1, GPIO_EdgeMode_Falling);
	if (buttonFd == -1) {
		Log_Debug("ERROR: Could not open SAMPLE_BUTTON_1: %s (%d).\n", strerror(errno), errno);
		return ExitCode_Init_Button;
	}
	buttonEventReg = EventLoop_RegisterIo(eventLoop, buttonFd, EventLoop_Input, ButtonEventHandler, NULL);
	if (buttonEventReg == NULL)
		return ExitCode_Init_RegisterIo;
	Log_Debug("Waiting for button presses.\n");
	return ExitCode_Success;
}

static void ClosePeripheralsAndHandlers(void)
{
	EventLoop_UnregisterIo(eventLoop, buttonEventReg);
	EventLoop_Close(eventLoop);
	if (ledFd >= 0) {
		GPIO_SetValue(ledFd, GPIO_Value_High);
		close(ledFd);
	}
	if (buttonFd >= 0)
		close(buttonFd);
}

int main(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	Log_Debug("GPIO edge application starting.\n");
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
