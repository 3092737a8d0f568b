/* blink — the Spherule SDK's first example, in the style of Azure Sphere's
 * GPIO high-level sample: SAMPLE_LED blinks; each press of SAMPLE_BUTTON_1
 * (read Low while pressed, as on the MT3620 RDB) moves to the next blink
 * interval of 125, 250 and 500 ms. On qemu-armv7 both are simulated lines:
 * `spherule device gpio set --gpio 12 --value 0` presses the button and
 * `spherule device gpio get --gpio 8` reads the LED. The app ends with exit
 * code 0 on SIGTERM, and with a distinct non-zero code on each failure. */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <applibs/eventloop.h>
#include <applibs/gpio.h>
#include <applibs/log.h>

#include <hw/sample_appliance.h>

#include "eventloop_timer_utilities.h"

typedef enum {
	ExitCode_Success = 0,
	ExitCode_TermHandler_SigTerm = 1,
	ExitCode_LedTimer_Consume = 2,
	ExitCode_LedTimer_SetLedState = 3,
	ExitCode_ButtonTimer_Consume = 4,
	ExitCode_ButtonTimer_GetButtonState = 5,
	ExitCode_ButtonTimer_SetBlinkPeriod = 6,
	ExitCode_Init_EventLoop = 7,
	ExitCode_Init_Button = 8,
	ExitCode_Init_ButtonPollTimer = 9,
	ExitCode_Init_Led = 10,
	ExitCode_Init_LedBlinkTimer = 11,
	ExitCode_Main_EventLoopFail = 12,
} ExitCode;

static const struct timespec blinkIntervals[] = {
	{ .tv_sec = 0, .tv_nsec = 125 * 1000 * 1000 },
	{ .tv_sec = 0, .tv_nsec = 250 * 1000 * 1000 },
	{ .tv_sec = 0, .tv_nsec = 500 * 1000 * 1000 },
};
static const size_t numBlinkIntervals = sizeof(blinkIntervals) / sizeof(blinkIntervals[0]);

static int buttonFd = -1;
static int ledFd = -1;
static EventLoop *eventLoop = NULL;
static EventLoopTimer *buttonPollTimer = NULL;
static EventLoopTimer *blinkTimer = NULL;
static size_t blinkIntervalIndex = 0;
static GPIO_Value_Type ledState = GPIO_Value_High;
static GPIO_Value_Type buttonState = GPIO_Value_High;
static volatile sig_atomic_t exitCode = ExitCode_Success;

static void TerminationHandler(int signalNumber)
{
	(void)signalNumber;
	exitCode = ExitCode_TermHandler_SigTerm;
}

static void BlinkTimerEventHandler(EventLoopTimer *timer)
{
	if (ConsumeEventLoopTimerEvent(timer) != 0) {
		exitCode = ExitCode_LedTimer_Consume;
		return;
	}
	ledState = ledState == GPIO_Value_Low ? GPIO_Value_High : GPIO_Value_Low;
	if (GPIO_SetValue(ledFd, ledState) != 0) {
		Log_Debug("ERROR: could not set LED output value: %s (%d).\n", strerror(errno), errno);
		exitCode = ExitCode_LedTimer_SetLedState;
	}
}

static void ButtonTimerEventHandler(EventLoopTimer *timer)
{
	GPIO_Value_Type newButtonState;

	if (ConsumeEventLoopTimerEvent(timer) != 0) {
		exitCode = ExitCode_ButtonTimer_Consume;
		return;
	}
	if (GPIO_GetValue(buttonFd, &newButtonState) != 0) {
		Log_Debug("ERROR: could not read button GPIO: %s (%d).\n", strerror(errno), errno);
		exitCode = ExitCode_ButtonTimer_GetButtonState;
		return;
	}
	/* The button reads Low while pressed: act on the press, not the release. */
	if (newButtonState != buttonState) {
		if (newButtonState == GPIO_Value_Low) {
			blinkIntervalIndex = (blinkIntervalIndex + 1) % numBlinkIntervals;
			if (SetEventLoopTimerPeriod(blinkTimer, &blinkIntervals[blinkIntervalIndex]) != 0) {
				exitCode = ExitCode_ButtonTimer_SetBlinkPeriod;
				return;
			}
			Log_Debug("Blink interval now %ld ms.\n",
				  blinkIntervals[blinkIntervalIndex].tv_nsec / (1000 * 1000));
		}
		buttonState = newButtonState;
	}
}

static ExitCode InitPeripheralsAndHandlers(void)
{
	static const struct timespec buttonPressCheckPeriod = { .tv_sec = 0, .tv_nsec = 10 * 1000 * 1000 };
	struct sigaction action;

	memset(&action, 0, sizeof(action));
	action.sa_handler = TerminationHandler;
	sigaction(SIGTERM, &action, NULL);

	eventLoop = EventLoop_Create();
	if (eventLoop == NULL) {
		Log_Debug("Could not create event loop.\n");
		return ExitCode_Init_EventLoop;
	}
	Log_Debug("Opening SAMPLE_BUTTON_1 as input.\n");
	buttonFd = GPIO_OpenAsInput(SAMPLE_BUTTON_1);
	if (buttonFd == -1) {
		Log_Debug("ERROR: Could not open SAMPLE_BUTTON_1: %s (%d).\n", strerror(errno), errno);
		return ExitCode_Init_Button;
	}
	buttonPollTimer = CreateEventLoopPeriodicTimer(eventLoop, ButtonTimerEventHandler,
						       &buttonPressCheckPeriod);
	if (buttonPollTimer == NULL)
		return ExitCode_Init_ButtonPollTimer;

	Log_Debug("Opening SAMPLE_LED as output.\n");
	ledFd = GPIO_OpenAsOutput(SAMPLE_LED, GPIO_OutputMode_PushPull, GPIO_Value_High);
	if (ledFd == -1) {
		Log_Debug("ERROR: Could not open SAMPLE_LED: %s (%d).\n", strerror(errno), errno);
		return ExitCode_Init_Led;
	}
	blinkTimer = CreateEventLoopPeriodicTimer(eventLoop, BlinkTimerEventHandler,
						  &blinkIntervals[blinkIntervalIndex]);
	if (blinkTimer == NULL)
		return ExitCode_Init_LedBlinkTimer;
	return ExitCode_Success;
}

static void CloseFdAndPrintError(int fd, const char *fdName)
{
	if (fd >= 0 && close(fd) != 0)
		Log_Debug("ERROR: Could not close fd %s: %s (%d).\n", fdName, strerror(errno), errno);
}

static void ClosePeripheralsAndHandlers(void)
{
	DisposeEventLoopTimer(blinkTimer);
	DisposeEventLoopTimer(buttonPollTimer);
	EventLoop_Close(eventLoop);
	Log_Debug("Closing file descriptors.\n");
	/* Leave the LED off. */
	if (ledFd >= 0)
		GPIO_SetValue(ledFd, GPIO_Value_High);
	CloseFdAndPrintError(ledFd, "Led");
	CloseFdAndPrintError(buttonFd, "Button");
}

int main(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	Log_Debug("Blink application starting.\n");
	exitCode = InitPeripheralsAndHandlers();
	while (exitCode == ExitCode_Success) {
		EventLoop_Run_Result result = EventLoop_Run(eventLoop, -1, true);

		/* EINTR is a signal: the loop goes on and sees exitCode. */
		if (result == EventLoop_Run_Failed && errno != EINTR)
			exitCode = ExitCode_Main_EventLoopFail;
	}
	ClosePeripheralsAndHandlers();
	Log_Debug("Application exiting.\n");
	return exitCode;
}
