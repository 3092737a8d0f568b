/*
 * main.c - the app of the SDK's CMake tests (tests/unit/test_sdk_cmake.sh),
 * written as Azure Sphere's high-level samples are and compiled with the
 * SDK's flags: it logs the sample appliance's LED and button numbers, then
 * blinks on a timerfd period a few times, stopping cleanly on SIGTERM.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/timerfd.h>

#include <applibs/log.h>

#include <hw/sample_appliance.h>

typedef enum {
    ExitCode_Success = 0,
    ExitCode_TermHandler_SigTerm = 1,
    ExitCode_Init_Timer = 2,
    ExitCode_Main_Read = 3
} ExitCode;

static volatile sig_atomic_t exitCode = ExitCode_Success;

static void TerminationHandler(int signalNumber)
{
    exitCode = ExitCode_TermHandler_SigTerm;
}

static int StartBlinkTimer(void)
{
    const struct timespec period = {.tv_sec = 0, .tv_nsec = 100 * 1000 * 1000};
    struct itimerspec spec = {.it_value = period, .it_interval = period};
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);

    if (fd == -1 || timerfd_settime(fd, 0, &spec, NULL) == -1) {
        Log_Debug("ERROR: timer: %s (%d).\n", strerror(errno), errno);
        return -1;
    }
    return fd;
}

int main(void)
{
    struct sigaction action;

    memset(&action, 0, sizeof(struct sigaction));
    action.sa_handler = TerminationHandler;
    sigaction(SIGTERM, &action, NULL);

    Log_Debug("LED on GPIO %d, button on GPIO %d\n", SAMPLE_LED, SAMPLE_BUTTON_1);
    int timerFd = StartBlinkTimer();
    if (timerFd == -1) {
        return ExitCode_Init_Timer;
    }
    bool ledOn = false;
    for (int blinks = 0; blinks < 3 && exitCode == ExitCode_Success; blinks++) {
        uint64_t expirations;
        if (read(timerFd, &expirations, sizeof(expirations)) == -1) {
            exitCode = ExitCode_Main_Read;
            break;
        }
        ledOn = !ledOn;
        Log_Debug("LED %s\n", ledOn ? "on" : "off");
    }
    close(timerFd);
    Log_Debug("Application exiting.\n");
    return exitCode;
}
