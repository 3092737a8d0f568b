/* stop_status.c — classifying wait statuses of the tracee (see stop_status.h). */
#include "stop_status.h"

#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

struct stop stop_from_status(int status)
{
	int event = (unsigned)status >> 16;

	if (WIFEXITED(status))
		return (struct stop){ STOP_EXITED, WEXITSTATUS(status) };
	if (WIFSIGNALED(status))
		return (struct stop){ STOP_KILLED, WTERMSIG(status) };
	if (!WIFSTOPPED(status))
		return (struct stop){ STOP_OTHER, 0 };
	if (event == 0)
		return (struct stop){ STOP_SIGNAL, WSTOPSIG(status) };
	if (event == PTRACE_EVENT_EXEC)
		return (struct stop){ STOP_EXEC, 0 };
	if (event == PTRACE_EVENT_STOP && WSTOPSIG(status) == SIGTRAP)
		return (struct stop){ STOP_INTERRUPT, 0 };
	if (event == PTRACE_EVENT_STOP)
		return (struct stop){ STOP_GROUP, WSTOPSIG(status) };
	return (struct stop){ STOP_OTHER, event };
}
