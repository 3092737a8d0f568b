/*
 * secmon_client.h - how the CLI runs secmon, the board's security processor
 * (out/bin/secmon beside spherule, docs/secmon.md): a command whose output
 * it reads (manufacture, identity), and the board's power-on (boot), whose
 * verdict it reads from a pipe while secmon's log goes to a file.
 */
#ifndef SPHERULE_SECMON_CLIENT_H
#define SPHERULE_SECMON_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Runs `secmon ARGS...` (args NULL-terminated, args[0] the command); its
 * stdout goes into out (NUL-terminated, cut at len - 1 bytes). 0, or -1
 * after cli_fail(command, REASON) with secmon's one-line reason. */
int secmon_run(const char *command, const char *const args[], char *out, size_t len);

struct secmon_verdict {
	bool ok;
	char measurement[65];           /* ok: the hash chain of what secmon checked, hex */
	uint32_t version, security_version; /* ok: of the OS booted */
	char reason[600];               /* refused: "<partition>: <reason>" */
};

/* Powers the board on: `secmon boot --flash FLASH --ready-fd 3`, its log
 * (stderr) appended to log; reads its one-line verdict into v. 0 (ok or
 * refused), or -1 after cli_fail(command, ...) when secmon gave none. */
int secmon_power_on(const char *command, const char *flash, const char *log, struct secmon_verdict *v);

#endif
