/* https_get — the Spherule SDK's HTTPS example, in the pattern of Azure
 * Sphere's HTTPS samples (an allowlisted host, a CA certificate in the image
 * package), with mbedTLS (the SDK's TLS library; Azure Sphere's had curl
 * and wolfSSL). CmdArgs: the host (host[:port], 443 by default), the path,
 * and a host the manifest does not allow. Once networking is ready (an
 * address, and the time synced, which the certificate's validity needs) and
 * every 30 s after, it GETs https://<host><path> with TLS 1.2, the server
 * verified against certs/ca.pem of the image package and the host name, and
 * logs the protocol, the status line and the body's first line; then it
 * tries https://<denied host><path>, which fails: the network manager
 * resolves only the names of the app's AllowedConnections. The app ends
 * with exit code 0 on SIGTERM, and with a distinct non-zero code on each
 * failure to start. */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <applibs/eventloop.h>
#include <applibs/log.h>
#include <applibs/networking.h>
#include <applibs/storage.h>

#include "eventloop_timer_utilities.h"
#include "https_client.h"

typedef enum {
	ExitCode_Success = 0,
	ExitCode_TermHandler_SigTerm = 1,
	ExitCode_Init_Arguments = 2,
	ExitCode_Init_CaPath = 3,
	ExitCode_Init_HttpsClient = 4,
	ExitCode_Init_EventLoop = 5,
	ExitCode_Init_FetchTimer = 6,
	ExitCode_FetchTimer_Consume = 7,
	ExitCode_FetchTimer_Arm = 8,
	ExitCode_Main_EventLoopFail = 9,
} ExitCode;

/* A host of the command line: its name and the port to connect to. */
typedef struct {
	char name[254];
	const char *port;
} Host;

static const char caCertificate[] = "certs/ca.pem";
static const struct timespec fetchPeriod = { .tv_sec = 30, .tv_nsec = 0 };
static const struct timespec notReadyRetry = { .tv_sec = 5, .tv_nsec = 0 };
static const struct timespec startDelay = { .tv_sec = 0, .tv_nsec = 1000 * 1000 };

static Host allowedHost, deniedHost;
static const char *path = "/";
static HttpsClient client;
static EventLoop *eventLoop = NULL;
static EventLoopTimer *fetchTimer = NULL;
static bool waitingLogged = false;
static volatile sig_atomic_t exitCode = ExitCode_Success;

static void TerminationHandler(int signalNumber)
{
	(void)signalNumber;
	exitCode = ExitCode_TermHandler_SigTerm;
}

/* *host = arg split at its last ':' (host:port), the port 443 without one. */
static bool ParseHost(Host *host, const char *arg)
{
	const char *colon = strrchr(arg, ':');
	size_t len = colon != NULL ? (size_t)(colon - arg) : strlen(arg);

	if (len == 0 || len >= sizeof(host->name) || (colon != NULL && colon[1] == '\0'))
		return false;
	memcpy(host->name, arg, len);
	host->name[len] = '\0';
	host->port = colon != NULL ? colon + 1 : "443";
	return true;
}

/* Logs the GET of https://<host><path>: what came back, or why nothing. */
static void FetchAndLog(const Host *host)
{
	HttpsResponse response;
	char url[320], why[256];

	if (strcmp(host->port, "443") == 0)
		snprintf(url, sizeof(url), "https://%s%s", host->name, path);
	else
		snprintf(url, sizeof(url), "https://%s:%s%s", host->name, host->port, path);
	if (HttpsClient_Get(&client, host->name, host->port, path, &response, why, sizeof(why)) != 0) {
		Log_Debug("https_get: %s: %s\n", url, why);
		return;
	}
	Log_Debug("https_get: %s: %s, server verified by %s\n", url, response.protocol, caCertificate);
	Log_Debug("https_get: %s: %s\n", url, response.statusLine);
	Log_Debug("https_get: %s: body: %s\n", url, response.bodyLine);
}

/* Fetches when networking is ready, then again a period later; until then
 * tries again every few seconds. Run outside appmgr (qemu-arm: no app
 * service, ENOTCONN) there is no one to ask, and it fetches at once. */
static void FetchTimerEventHandler(EventLoopTimer *timer)
{
	const struct timespec *next = &fetchPeriod;
	bool ready = false;

	if (ConsumeEventLoopTimerEvent(timer) != 0) {
		exitCode = ExitCode_FetchTimer_Consume;
		return;
	}
	if (Networking_IsNetworkingReady(&ready) == 0 && !ready) {
		if (!waitingLogged)
			Log_Debug("https_get: waiting for networking (an address and the time synced)\n");
		waitingLogged = true;
		next = &notReadyRetry;
	} else {
		FetchAndLog(&allowedHost);
		FetchAndLog(&deniedHost);
	}
	if (SetEventLoopTimerOneShot(fetchTimer, next) != 0)
		exitCode = ExitCode_FetchTimer_Arm;
}

static ExitCode InitHandlers(int argc, char *argv[])
{
	struct sigaction action;
	char why[256];
	char *caPath;
	int err;

	memset(&action, 0, sizeof(action));
	action.sa_handler = TerminationHandler;
	sigaction(SIGTERM, &action, NULL);

	if (argc != 4 || !ParseHost(&allowedHost, argv[1]) || argv[2][0] != '/' || !ParseHost(&deniedHost, argv[3])) {
		Log_Debug("ERROR: CmdArgs must be: host[:port] /path denied-host[:port]\n");
		return ExitCode_Init_Arguments;
	}
	path = argv[2];
	caPath = Storage_GetAbsolutePathInImagePackage(caCertificate);
	if (caPath == NULL) {
		Log_Debug("ERROR: no path for %s: %s (%d).\n", caCertificate, strerror(errno), errno);
		return ExitCode_Init_CaPath;
	}
	err = HttpsClient_Init(&client, caPath, why, sizeof(why));
	free(caPath);
	if (err != 0) {
		Log_Debug("ERROR: %s: %s.\n", caCertificate, why);
		return ExitCode_Init_HttpsClient;
	}
	eventLoop = EventLoop_Create();
	if (eventLoop == NULL) {
		Log_Debug("Could not create event loop.\n");
		return ExitCode_Init_EventLoop;
	}
	fetchTimer = CreateEventLoopDisarmedTimer(eventLoop, FetchTimerEventHandler);
	if (fetchTimer == NULL || SetEventLoopTimerOneShot(fetchTimer, &startDelay) != 0)
		return ExitCode_Init_FetchTimer;
	return ExitCode_Success;
}

static void CloseHandlers(void)
{
	DisposeEventLoopTimer(fetchTimer);
	EventLoop_Close(eventLoop);
	HttpsClient_Free(&client);
}

int main(int argc, char *argv[])
{
	Log_Debug("HTTPS GET application starting.\n");
	exitCode = InitHandlers(argc, argv);
	while (exitCode == ExitCode_Success) {
		EventLoop_Run_Result result = EventLoop_Run(eventLoop, -1, true);

		/* EINTR is a signal: the loop goes on and sees exitCode. */
		if (result == EventLoop_Run_Failed && errno != EINTR)
			exitCode = ExitCode_Main_EventLoopFail;
	}
	CloseHandlers();
	Log_Debug("Application exiting.\n");
	return exitCode;
}
