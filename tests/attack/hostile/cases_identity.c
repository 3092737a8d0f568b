/* cases_identity.c — an app cannot change or shed the identity appmgr gave
 * it, nor load a policy after it, and reads it back from the Spherule
 * securityfs file. */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/spherule.h>

#include "../attempts.h"
#include "attack.h"

#define OWN_ID HOSTILE_ID "\n"

static int write_identity(const char *text)
{
	return try_write_file(SPHERULE_FS_IDENTITY, text, strlen(text));
}

/* An empty policy, format version 2 (docs/security-model.md): appmgr
 * loaded and sealed the app's own before its identity, so this valid one
 * is refused for that reason alone: EPERM. */
static int write_policy(void)
{
	const struct spherule_policy_header policy = { .version = htole16(SPHERULE_POLICY_VERSION) };

	return try_write_file(SPHERULE_FS_POLICY, &policy, sizeof(policy));
}

static int take_victim_identity(void)
{
	char text[64];

	strcpy(text, targets.victim_id);
	strcat(text, "\n");
	return write_identity(text);
}

static int rewrite_own_identity(void)
{
	return write_identity(OWN_ID);
}

static int write_garbage_identity(void)
{
	return write_identity("not a uuid at all, definitely not\n");
}

int own_identity_check(void)
{
	char text[64] = "";
	int fd = open(SPHERULE_FS_IDENTITY, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n < 0)
		return -errno;
	return strcmp(text, OWN_ID) == 0 ? 0 : -EINVAL;
}

/* The identity survives fork: the child reads the same. */
static int identity_inherited_by_child(void)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0)
		_exit(-own_identity_check());
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	return WIFEXITED(status) ? -WEXITSTATUS(status) : -EINTR;
}

const struct attack_case identity_cases[] = {
	{ "identity: take the victim's component id", -EPERM, take_victim_identity },
	{ "identity: write its own component id again", -EPERM, rewrite_own_identity },
	{ "identity: write garbage", -EPERM, write_garbage_identity },
	{ "identity: load a policy after the identity (sealed)", -EPERM, write_policy },
	{ "identity: read back its own (positive)", 0, own_identity_check },
	{ "identity: a forked child has the same (positive)", 0, identity_inherited_by_child },
};
const unsigned identity_case_count = CASE_COUNT(identity_cases);
