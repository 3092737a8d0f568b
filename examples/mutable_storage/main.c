/* mutable_storage — a Spherule SDK example in the style of Azure Sphere's
 * MutableStorage high-level sample: a counter kept in the app's mutable
 * storage file survives restarts and reboots. At start the app logs the
 * stored count; each press of SAMPLE_BUTTON_1 adds one, writes it back and
 * logs "Count: N"; a press of SAMPLE_BUTTON_2 deletes the file
 * (Storage_DeleteMutableFile) and the count starts again at 0. The buttons
 * read Low while pressed; on qemu-armv7 they are simulated lines 12 and 13
 * (`spherule device gpio set --gpio 12 --value 0`, then `--value 1`). */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <applibs/eventloop.h>
#include <applibs/gpio.h>
#include <applibs/log.h>
#include <applibs/storage.h>

#include <hw/sample_appliance.h>

#include "eventloop_timer_utilities.h"

typedef enum {
	ExitCode_Success = 0,
	ExitCode_TermHandler_SigTerm = 1,
	ExitCode_ButtonTimer_Consume = 2,
	ExitCode_ButtonTimer_GetButtonState = 3,
	ExitCode_Init_EventLoop = 4,
	ExitCode_Init_Button = 5,
	ExitCode_Init_ButtonPollTimer = 6,
	ExitCode_Main_EventLoopFail = 7,
	ExitCode_Storage_Open = 8,
	ExitCode_Storage_Read = 9,
	ExitCode_Storage_Write = 10,
	ExitCode_Storage_Delete = 11,
} ExitCode;

/**
 * struct button - one polled button: its GPIO, fd, last level and what a
 * press does.
 */
struct button {
	GPIO_Id gpio;
	const char *name;
	int fd;
	GPIO_Value_Type state;
	void (*pressed)(void);
};

static EventLoop *eventLoop = NULL;
static EventLoopTimer *buttonPollTimer = NULL;
static volatile sig_atomic_t exitCode = ExitCode_Success;

static void TerminationHandler(int signalNumber)
{
	(void)signalNumber;
	exitCode = ExitCode_TermHandler_SigTerm;
}

/* The stored count: 0 when there is no file or it is empty. */
static bool ReadCount(uint32_t *count)
{
	int fd = Storage_OpenMutableFile();
	ssize_t got;

	if (fd == -1) {
		Log_Debug("ERROR: Could not open mutable file: %s (%d).\n", strerror(errno), errno);
		exitCode = ExitCode_Storage_Open;
		return false;
	}
	*count = 0;
	got = read(fd, count, sizeof(*count));
	if (got == -1) {
		Log_Debug("ERROR: An error occurred while reading file: %s (%d).\n", strerror(errno), errno);
		exitCode = ExitCode_Storage_Read;
	} else if (got != 0 && got != (ssize_t)sizeof(*count)) {
		Log_Debug("The mutable file holds %zd bytes, not a count: starting at 0.\n", got);
		*count = 0;
	}
	close(fd);
	return got != -1;
}

static void WriteCount(uint32_t count)
{
	int fd = Storage_OpenMutableFile();
	ssize_t written;

	if (fd == -1) {
		Log_Debug("ERROR: Could not open mutable file: %s (%d).\n", strerror(errno), errno);
		exitCode = ExitCode_Storage_Open;
		return;
	}
	written = pwrite(fd, &count, sizeof(count), 0);
	if (written != (ssize_t)sizeof(count)) {
		Log_Debug("ERROR: An error occurred while writing to mutable file: %s (%d).\n",
			  strerror(errno), errno);
		exitCode = ExitCode_Storage_Write;
	} else if (fsync(fd) != 0) {
		Log_Debug("ERROR: Could not sync mutable file: %s (%d).\n", strerror(errno), errno);
		exitCode = ExitCode_Storage_Write;
	}
	close(fd);
}

static void CountPress(void)
{
	uint32_t count;

	if (!ReadCount(&count))
		return;
	count++;
	WriteCount(count);
	if (exitCode == ExitCode_Success)
		Log_Debug("Count: %u\n", count);
}

static void DeleteCount(void)
{
	if (Storage_DeleteMutableFile() == -1 && errno != ENOENT) {
		Log_Debug("ERROR: Could not delete mutable file: %s (%d).\n", strerror(errno), errno);
		exitCode = ExitCode_Storage_Delete;
		return;
	}
	Log_Debug("Mutable file deleted: the count starts again at 0.\n");
}

static struct button buttons[] = {
	{ SAMPLE_BUTTON_1, "SAMPLE_BUTTON_1", -1, GPIO_Value_High, CountPress },
	{ SAMPLE_BUTTON_2, "SAMPLE_BUTTON_2", -1, GPIO_Value_High, DeleteCount },
};

static void ButtonTimerEventHandler(EventLoopTimer *timer)
{
	if (ConsumeEventLoopTimerEvent(timer) != 0) {
		exitCode = ExitCode_ButtonTimer_Consume;
		return;
	}
	for (size_t i = 0; i < sizeof(buttons) / sizeof(buttons[0]); i++) {
		GPIO_Value_Type state;

		if (GPIO_GetValue(buttons[i].fd, &state) != 0) {
			Log_Debug("ERROR: Could not read %s: %s (%d).\n", buttons[i].name, strerror(errno), errno);
			exitCode = ExitCode_ButtonTimer_GetButtonState;
			return;
		}
		if (state != buttons[i].state && state == GPIO_Value_Low)
			buttons[i].pressed();
		buttons[i].state = state;
	}
}

static ExitCode InitPeripheralsAndHandlers(void)
{
	static const struct timespec buttonPressCheckPeriod = { .tv_sec = 0, .tv_nsec = 10 * 1000 * 1000 };
	struct sigaction action;
	uint32_t count;

	memset(&action, 0, sizeof(action));
	action.sa_handler = TerminationHandler;
	sigaction(SIGTERM, &action, NULL);

	eventLoop = EventLoop_Create();
	if (eventLoop == NULL) {
		Log_Debug("Could not create event loop.\n");
		return ExitCode_Init_EventLoop;
	}
	for (size_t i = 0; i < sizeof(buttons) / sizeof(buttons[0]); i++) {
		buttons[i].fd = GPIO_OpenAsInput(buttons[i].gpio);
		if (buttons[i].fd == -1) {
			Log_Debug("ERROR: Could not open %s: %s (%d).\n", buttons[i].name, strerror(errno), errno);
			return ExitCode_Init_Button;
		}
	}
	buttonPollTimer = CreateEventLoopPeriodicTimer(eventLoop, ButtonTimerEventHandler,
						       &buttonPressCheckPeriod);
	if (buttonPollTimer == NULL)
		return ExitCode_Init_ButtonPollTimer;
	if (!ReadCount(&count))
		return (ExitCode)exitCode;
	Log_Debug("Stored count: %u\n", count);
	return ExitCode_Success;
}

static void ClosePeripheralsAndHandlers(void)
{
	DisposeEventLoopTimer(buttonPollTimer);
	EventLoop_Close(eventLoop);
	for (size_t i = 0; i < sizeof(buttons) / sizeof(buttons[0]); i++)
		if (buttons[i].fd >= 0)
			close(buttons[i].fd);
}

int main(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	Log_Debug("Mutable storage application starting.\n");
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
