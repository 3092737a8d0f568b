/*
 * device_link.h - the host's end of the device's service link for the
 * `spherule device` verbs that talk to devctl, the device's REST API
 * (docs/cli.md, *Talking to the device*): where the device is (--device
 * HOST:PORT, else $SPHERULE_DEVICE, else the emulator's STATE/service-link)
 * and one HTTP request over it with libcurl, its failure said in one line.
 *
 * The link is a serial port: devctl serves one request at a time and
 * closes after each (Connection: close), so every request has a connection
 * of its own, and connecting again is retried briefly while the previous
 * close is still in progress.
 */
#ifndef SPHERULE_DEVICE_LINK_H
#define SPHERULE_DEVICE_LINK_H

#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define DEVICE_ADDRESS_MAX 256

struct device_link {
	const char *command;            /* for cli_fail(), e.g. "device show" */
	char address[DEVICE_ADDRESS_MAX]; /* HOST:PORT */
	char from[PATH_MAX + 32];       /* where the address came from, for messages */
	char state_dir[PATH_MAX];       /* the emulator's state directory */
	bool from_emulator;             /* the address is STATE/service-link's */
};

/* Finds the device: device_opt (--device, or NULL), else $SPHERULE_DEVICE,
 * else STATE/service-link of state_dir. 0; -ENOENT when nothing names a
 * device (nothing said); -1 after cli_fail() when the address is malformed. */
int device_link_resolve(struct device_link *l, const char *command, const char *device_opt,
			const char *state_dir);

/* Fails, in one line, with no device attached and how to attach one: -1. */
int device_link_not_attached(const char *command);

struct device_request {
	const char *method;      /* GET, PUT, POST, PATCH, DELETE */
	const char *path;        /* "/device", with its query */
	const char *json_body;   /* a JSON body, or NULL */
	FILE *upload;            /* or an application/octet-stream body from here, */
	uint64_t upload_size;    /* this long (sent with Content-Length) */
	const char *upload_name; /* for the progress bar, or NULL for none */
	/* A streamed answer (a 2xx one): each line as it arrives (without its
	 * newline); nonzero from it ends the request. NULL: the answer is one
	 * JSON value, into *answer. */
	int (*on_line)(const char *line, void *ctx);
	void *ctx;
};

/* Makes request rq on its own connection. 0 with the device's JSON answer
 * in *answer (NULL for a stream, which ended when the device closed it or
 * on_line said so); -1 after cli_fail(): connection refused or timed out,
 * the device's error as "<message> (<code>)", a malformed answer, and with
 * the emulator's record when nothing listens there any more, no device
 * attached (the stale record removed). */
int device_link_request(const struct device_link *l, const struct device_request *rq, json_t **answer);

#endif
