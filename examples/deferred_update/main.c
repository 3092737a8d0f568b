/* deferred_update — a Spherule SDK example in the style of Azure Sphere's
 * DeferredUpdate high-level sample: the app registers for update events
 * (SystemEventNotifications); while an update is pending it defers it one
 * minute at a time (SoftwareUpdateDeferral) and lights
 * SAMPLE_PENDING_UPDATE_LED (Low is on); a press of SAMPLE_BUTTON_1 accepts
 * the update: SysEvent_ResumeEvent lets it go on. Every event is logged.
 * In development mode `spherule device sysevent simulate-update` runs the
 * event sequence without an update. */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <applibs/eventloop.h>
#include <applibs/gpio.h>
#include <applibs/log.h>
#include <applibs/sysevent.h>

#include <hw/sample_appliance.h>

#include "eventloop_timer_utilities.h"

typedef enum {
	ExitCode_Success = 0,
	ExitCode_TermHandler_SigTerm = 1,
	ExitCode_UpdateCallback_UnexpectedEvent = 2,
	ExitCode_UpdateCallback_GetUpdateData = 3,
	ExitCode_UpdateCallback_DeferEvent = 4,
	ExitCode_UpdateCallback_ResumeEvent = 5,
	ExitCode_ButtonTimer_Consume = 6,
	ExitCode_ButtonTimer_GetButtonState = 7,
	ExitCode_Init_EventLoop = 8,
	ExitCode_Init_Button = 9,
	ExitCode_Init_ButtonPollTimer = 10,
	ExitCode_Init_Led = 11,
	ExitCode_Init_RegisterEvent = 12,
	ExitCode_Main_EventLoopFail = 13,
} ExitCode;

static const uint32_t deferralMinutes = 1;

static int buttonFd = -1;
static int pendingLedFd = -1;
static EventLoop *eventLoop = NULL;
static EventRegistration *updateEventReg = NULL;
static EventLoopTimer *buttonPollTimer = NULL;
static GPIO_Value_Type buttonState = GPIO_Value_High;
static bool updatePending = false;
static bool updateAccepted = false;
static volatile sig_atomic_t exitCode = ExitCode_Success;

static void TerminationHandler(int signalNumber)
{
	(void)signalNumber;
	exitCode = ExitCode_TermHandler_SigTerm;
}

static const char *UpdateTypeToString(SysEvent_UpdateType updateType)
{
	switch (updateType) {
	case SysEvent_UpdateType_App:
		return "Application";
	case SysEvent_UpdateType_System:
		return "System";
	default:
		return "Unknown";
	}
}

static void SetPendingLed(bool on)
{
	GPIO_SetValue(pendingLedFd, on ? GPIO_Value_Low : GPIO_Value_High);
}

static void UpdateCallback(SysEvent_Events event, SysEvent_Status status, const SysEvent_Info *info,
			   void *context)
{
	SysEvent_Info_UpdateData data;

	(void)context;
	if (event != SysEvent_Events_Update) {
		Log_Debug("ERROR: unexpected event: 0x%x\n", event);
		exitCode = ExitCode_UpdateCallback_UnexpectedEvent;
		return;
	}
	switch (status) {
	case SysEvent_Status_Pending:
		if (SysEvent_Info_GetUpdateData(info, &data) != 0) {
			Log_Debug("ERROR: SysEvent_Info_GetUpdateData failed: %s (%d).\n", strerror(errno), errno);
			exitCode = ExitCode_UpdateCallback_GetUpdateData;
			return;
		}
		Log_Debug("Update pending: %s update, deferrable for up to %u minutes.\n",
			  UpdateTypeToString(data.update_type), data.max_deferral_time_in_minutes);
		updatePending = true;
		SetPendingLed(true);
		if (updateAccepted)
			break;
		if (SysEvent_DeferEvent(SysEvent_Events_Update, deferralMinutes) != 0) {
			Log_Debug("ERROR: SysEvent_DeferEvent failed: %s (%d).\n", strerror(errno), errno);
			exitCode = ExitCode_UpdateCallback_DeferEvent;
			return;
		}
		Log_Debug("Deferring the update for %u minute(s); press SAMPLE_BUTTON_1 to accept it.\n",
			  deferralMinutes);
		break;
	case SysEvent_Status_Final:
		Log_Debug("Final update warning: the update starts in 10 seconds.\n");
		break;
	case SysEvent_Status_Deferred:
		Log_Debug("Update deferred.\n");
		break;
	case SysEvent_Status_Complete:
		Log_Debug("Update complete.\n");
		updatePending = false;
		updateAccepted = false;
		SetPendingLed(false);
		break;
	default:
		Log_Debug("Unexpected update status %d.\n", (int)status);
		break;
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
		Log_Debug("ERROR: Could not read button GPIO: %s (%d).\n", strerror(errno), errno);
		exitCode = ExitCode_ButtonTimer_GetButtonState;
		return;
	}
	if (newButtonState != buttonState && newButtonState == GPIO_Value_Low) {
		updateAccepted = true;
		if (!updatePending) {
			Log_Debug("No update pending: the next one will be accepted.\n");
		} else if (SysEvent_ResumeEvent(SysEvent_Events_Update) != 0) {
			Log_Debug("ERROR: SysEvent_ResumeEvent failed: %s (%d).\n", strerror(errno), errno);
			exitCode = ExitCode_UpdateCallback_ResumeEvent;
		} else {
			Log_Debug("Update accepted: resuming it.\n");
		}
	}
	buttonState = newButtonState;
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
	pendingLedFd = GPIO_OpenAsOutput(SAMPLE_PENDING_UPDATE_LED, GPIO_OutputMode_PushPull, GPIO_Value_High);
	if (pendingLedFd == -1) {
		Log_Debug("ERROR: Could not open SAMPLE_PENDING_UPDATE_LED: %s (%d).\n", strerror(errno), errno);
		return ExitCode_Init_Led;
	}
	buttonFd = GPIO_OpenAsInput(SAMPLE_BUTTON_1);
	if (buttonFd == -1) {
		Log_Debug("ERROR: Could not open SAMPLE_BUTTON_1: %s (%d).\n", strerror(errno), errno);
		return ExitCode_Init_Button;
	}
	buttonPollTimer = CreateEventLoopPeriodicTimer(eventLoop, ButtonTimerEventHandler,
						       &buttonPressCheckPeriod);
	if (buttonPollTimer == NULL)
		return ExitCode_Init_ButtonPollTimer;
	updateEventReg = SysEvent_RegisterForEventNotifications(eventLoop, SysEvent_Events_Mask,
								UpdateCallback, NULL);
	if (updateEventReg == NULL) {
		Log_Debug("ERROR: could not register update event: %s (%d).\n", strerror(errno), errno);
		return ExitCode_Init_RegisterEvent;
	}
	Log_Debug("Waiting for update events.\n");
	return ExitCode_Success;
}

static void ClosePeripheralsAndHandlers(void)
{
	DisposeEventLoopTimer(buttonPollTimer);
	if (updateEventReg != NULL)
		SysEvent_UnregisterForEventNotifications(updateEventReg);
	EventLoop_Close(eventLoop);
	if (pendingLedFd >= 0) {
		SetPendingLed(false);
		close(pendingLedFd);
	}
	if (buttonFd >= 0)
		close(buttonFd);
}

int main(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	Log_Debug("Deferred update application starting.\n");
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
