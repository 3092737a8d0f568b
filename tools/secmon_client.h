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
#include <sys/types.h>

/* Runs `secmon ARGS...` (args NULL-terminated, args[0] the command); its
 * stdout goes into out (NUL-terminated, cut at len - 1 bytes). 0, or -1
 * after cli_fail(command, REASON) with secmon's one-line reason. */
int secmon_run(const char *command, const char *const args[], char *out, size_t len);

#define SECMON_IDENTITY_MAX 1024

/* "device-id <hex>" at the start of text, secmon's answer: the id into id;
 * *rest is what follows the line. 0, or -1 after cli_fail(command, ...). */
int secmon_take_device_id(const char *command, char *text, char id[65], char **rest);

/* The device's identity as secmon reports it (`secmon identity --flash
 * FLASH`): its id (64 hex digits) into id, its public key (PEM) into pem (of
 * SECMON_IDENTITY_MAX bytes). 0, or -1 after cli_fail(command, ...). */
int secmon_identity(const char *command, const char *flash, char id[65], char pem[SECMON_IDENTITY_MAX]);

struct secmon_verdict {
	bool ok;
	char measurement[65];           /* ok: the hash chain of what secmon checked, hex */
	uint32_t version, security_version; /* ok: of the OS booted */
	char slot;                      /* ok: the OS slot booted, 'A' or 'B' */
	char reason[600];               /* refused: "<partition>: <reason>" */
	pid_t pid;                      /* ok with a mailbox: secmon, serving it; else 0 */
};

/* Powers the board on: `secmon boot --flash FLASH --ready-fd 3 [--mailbox
 * SOCK] [--trial-timeout S]` (S: trial_timeout, unless 0), its log (stderr) appended to log, its stdin and stdout /dev/null;
 * reads its one-line verdict into v. With a mailbox (not NULL) and an ok
 * verdict secmon stays up, listening on it for QEMU (v->pid); otherwise it
 * has ended. 0 (ok or refused), or -1 after cli_fail(command, ...) when
 * secmon gave none. */
int secmon_power_on(const char *command, const char *flash, const char *log, const char *mailbox,
		    unsigned trial_timeout, struct secmon_verdict *v);

/* Ends the secmon child pid (QEMU did not start): SIGTERM, reaped. */
void secmon_end(pid_t pid);

/* Waits (up to 5 s) for the secmon named by pid_file, whose QEMU has
 * ended, to end; kills it if it has not; removes pid_file. */
void secmon_wait_ended(const char *pid_file);

#endif
