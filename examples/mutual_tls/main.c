/* mutual_tls — the Spherule SDK's device authentication example: an app
 * proves to a server of the OEM that it runs on one of the tenant's
 * devices, with the device certificate the tenant's CA issued (mutual TLS;
 * docs/cloud.md, "Device certificates", docs/sdk.md, "tlsutils").
 *
 * Its manifest names the tenant in Capabilities.DeviceAuthentication: put
 * your tenant's id there (`spherule-cloud`'s tenant-id, which `spherule
 * ca-certificate download` names in the CA's subject), as in Azure Sphere's
 * samples; the nil UUID it ships with is the samples' placeholder, which
 * packs without device authentication. CmdArgs: the server as host:port
 * (an IPv4 address, or a name, in AllowedConnections) and, optionally, the
 * name its certificate must carry (by default the host): a DNS name of its
 * subjectAltName (or its CN, without one), or for an IPv4 address an
 * iPAddress entry (mtls_client.c). The server's CA is certs/server-ca.pem
 * of the image package (CMakeLists.txt: MUTUAL_TLS_SERVER_CA).
 *
 * Once networking is ready (an address, and the time synced, which the
 * certificates' validity needs), and every 10 s after:
 *   - when Application_IsDeviceAuthReady says no, it logs "mutual_tls:
 *     device certificate not ready" (once each time that changes) and
 *     handshakes without a client certificate, which a server requiring
 *     one refuses: "mutual_tls: handshake without a device certificate
 *     failed: <why>" (or "... succeeded");
 *   - when it says yes, it loads the certificate and key
 *     (DeviceAuth_GetCertificatePath, DeviceAuth_GetPrivateKeyPath) anew,
 *     handshakes with TLS 1.2 presenting them and verifying the server,
 *     sends "hello from <CN of its certificate>" and logs "mutual_tls:
 *     authenticated as <CN>; server says: <the server's line>", or
 *     "mutual_tls: authentication failed: <why>".
 * It ends with exit code 0 on SIGTERM, and with a distinct non-zero code
 * on each failure to start. */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <applibs/application.h>
#include <applibs/eventloop.h>
#include <applibs/log.h>
#include <applibs/networking.h>
#include <applibs/storage.h>
#include <tlsutils/deviceauth.h>

#include "eventloop_timer_utilities.h"
#include "mtls_client.h"

typedef enum {
	ExitCode_Success = 0,
	ExitCode_TermHandler_SigTerm = 1,
	ExitCode_Init_Arguments = 2,
	ExitCode_Init_CaPath = 3,
	ExitCode_Init_EventLoop = 4,
	ExitCode_Init_ConnectTimer = 5,
	ExitCode_ConnectTimer_Consume = 6,
	ExitCode_ConnectTimer_Arm = 7,
	ExitCode_Main_EventLoopFail = 8,
} ExitCode;

/* What the app knows of its device certificate, to log each change once. */
typedef enum {
	CertState_Unknown,
	CertState_NotReady,
	CertState_Ready,
} CertState;

static const char serverCaCertificate[] = "certs/server-ca.pem";
static const struct timespec connectPeriod = { .tv_sec = 10, .tv_nsec = 0 };
static const struct timespec notReadyRetry = { .tv_sec = 5, .tv_nsec = 0 };
static const struct timespec startDelay = { .tv_sec = 0, .tv_nsec = 1000 * 1000 };

static char serverHost[254];
static MtlsServer server;
static EventLoop *eventLoop = NULL;
static EventLoopTimer *connectTimer = NULL;
static bool waitingLogged = false;
static bool askFailureLogged = false;
static CertState certState = CertState_Unknown;
static volatile sig_atomic_t exitCode = ExitCode_Success;

static void TerminationHandler(int signalNumber)
{
	(void)signalNumber;
	exitCode = ExitCode_TermHandler_SigTerm;
}

/* server.host and server.port = arg split at its last ':' (host:port). */
static bool ParseServer(const char *arg)
{
	const char *colon = strrchr(arg, ':');

	if (colon == NULL || colon == arg || colon[1] == '\0' || (size_t)(colon - arg) >= sizeof(serverHost))
		return false;
	memcpy(serverHost, arg, (size_t)(colon - arg));
	serverHost[colon - arg] = '\0';
	server.host = serverHost;
	server.port = colon + 1;
	return true;
}

/* Whether to present the device certificate: Application_IsDeviceAuthReady,
 * each change logged once. Run outside appmgr (qemu-arm: no app service,
 * ENOTCONN) there is no one to ask, and the files decide. */
static bool DeviceCertificateReady(void)
{
	bool ready = false;
	CertState now;

	if (Application_IsDeviceAuthReady(&ready) != 0) {
		if (errno == ENOTCONN)
			return true;
		if (!askFailureLogged)
			Log_Debug("mutual_tls: cannot ask whether the device certificate is ready: %s (%d)%s\n",
				  strerror(errno), errno,
				  errno == EACCES ? ": the manifest's DeviceAuthentication must name your tenant" : "");
		askFailureLogged = true;
		ready = false;
	}
	now = ready ? CertState_Ready : CertState_NotReady;
	if (now != certState)
		Log_Debug("mutual_tls: device certificate %s\n", ready ? "ready" : "not ready");
	certState = now;
	return ready;
}

/* One attempt: mutual TLS when the device certificate is ready, else a
 * handshake without it. */
static void ConnectAndLog(void)
{
	MtlsHello hello;
	char why[320];

	if (!DeviceCertificateReady()) {
		if (MtlsClient_HandshakeAnonymous(&server, why, sizeof(why)) != 0)
			Log_Debug("mutual_tls: handshake without a device certificate failed: %s\n", why);
		else
			Log_Debug("mutual_tls: handshake without a device certificate succeeded\n");
		return;
	}
	if (MtlsClient_Hello(&server, DeviceAuth_GetCertificatePath(), DeviceAuth_GetPrivateKeyPath(), &hello, why,
			     sizeof(why)) != 0) {
		Log_Debug("mutual_tls: authentication failed: %s\n", why);
		return;
	}
	Log_Debug("mutual_tls: authenticated as %s; server says: %s\n", hello.commonName, hello.answer);
}

/* Connects when networking is ready, then again a period later; until then
 * asks again every few seconds (outside appmgr: at once, as above). */
static void ConnectTimerEventHandler(EventLoopTimer *timer)
{
	const struct timespec *next = &connectPeriod;
	bool ready = false;

	if (ConsumeEventLoopTimerEvent(timer) != 0) {
		exitCode = ExitCode_ConnectTimer_Consume;
		return;
	}
	if (Networking_IsNetworkingReady(&ready) == 0 && !ready) {
		if (!waitingLogged)
			Log_Debug("mutual_tls: waiting for networking (an address and the time synced)\n");
		waitingLogged = true;
		next = &notReadyRetry;
	} else {
		ConnectAndLog();
	}
	if (SetEventLoopTimerOneShot(connectTimer, next) != 0)
		exitCode = ExitCode_ConnectTimer_Arm;
}

static ExitCode InitHandlers(int argc, char *argv[])
{
	struct sigaction action;

	memset(&action, 0, sizeof(action));
	action.sa_handler = TerminationHandler;
	sigaction(SIGTERM, &action, NULL);
	/* A server that refuses the handshake closes the connection, maybe
	 * before mbedTLS's next write: EPIPE, not death by SIGPIPE. */
	action.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &action, NULL);

	if (argc < 2 || argc > 3 || !ParseServer(argv[1]) || (argc == 3 && argv[2][0] == '\0')) {
		Log_Debug("ERROR: CmdArgs must be: host:port [server certificate name]\n");
		return ExitCode_Init_Arguments;
	}
	server.name = argc == 3 ? argv[2] : server.host;
	server.caPath = Storage_GetAbsolutePathInImagePackage(serverCaCertificate);
	if (server.caPath == NULL) {
		Log_Debug("ERROR: no path for %s: %s (%d).\n", serverCaCertificate, strerror(errno), errno);
		return ExitCode_Init_CaPath;
	}
	eventLoop = EventLoop_Create();
	if (eventLoop == NULL) {
		Log_Debug("Could not create event loop.\n");
		return ExitCode_Init_EventLoop;
	}
	connectTimer = CreateEventLoopDisarmedTimer(eventLoop, ConnectTimerEventHandler);
	if (connectTimer == NULL || SetEventLoopTimerOneShot(connectTimer, &startDelay) != 0)
		return ExitCode_Init_ConnectTimer;
	return ExitCode_Success;
}

static void CloseHandlers(void)
{
	DisposeEventLoopTimer(connectTimer);
	EventLoop_Close(eventLoop);
	free((char *)server.caPath);
}

int main(int argc, char *argv[])
{
	Log_Debug("Mutual TLS application starting.\n");
	exitCode = InitHandlers(argc, argv);
	while (exitCode == ExitCode_Success) {
		EventLoop_Run_Result result = EventLoop_Run(eventLoop, -1, true);

		/* EINTR is a signal: the loop goes on and sees exitCode. */
		if (result == EventLoop_Run_Failed && errno != EINTR)
			exitCode = ExitCode_Main_EventLoopFail;
	}
	CloseHandlers();
	Log_Debug("Application exiting.\n");
	/* SIGTERM is how appmgr stops an app: the normal end. */
	return exitCode == ExitCode_TermHandler_SigTerm ? ExitCode_Success : exitCode;
}
