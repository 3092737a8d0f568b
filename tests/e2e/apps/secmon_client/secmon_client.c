/* secmon_client — an app granted "SecurityMonitor" (tests/e2e/test_secmon_device.sh):
 * talks to secmon through the mailbox port appmgr names in
 * SPHERULE_SECMON_MAILBOX with the protocol's codec, as a system app would. It asks the device id, 32 random bytes,
 * the OS boot state (slot A, no trial, slot B empty on a device that never
 * updated), an install with nothing staged (NO_IMAGE) and a confirm outside
 * a trial (OK, nothing changed), and
 * an attestation for the nonce given as its argument (64 hex digits), and
 * prints the attestation response whole, in hex, 64 bytes per line, for the
 * host to check against the device's public key. Then it sends malformed
 * messages on the real transport (a bad magic, a bad version, an unknown
 * type, a request with id 0) and checks each is answered with its protocol
 * status, and that a good request is answered again afterwards. Lines:
 *   secmon_client: device id <hex>
 *   secmon_client: random <hex>
 *   secmon_client: attestation <i> <hex>      (i from 0)
 *   secmon_client: ok|not ok - <what>
 *   secmon_client: done P passed, F failed
 * then it sleeps (appmgr would restart an app that ends).
 *
 * With the arguments "os-update HASH" (tests/e2e/test_os_slots.sh) it plays
 * the update agent's mailbox part instead: it asks the OS boot state; not in
 * a trial with the other slot empty or bad, it asks secmon to install the OS staged
 * in osstage whose description's SHA-256 is HASH (64 hex digits); in a
 * trial, it confirms its health. Lines:
 *   secmon_client: boot state slot <A|B> trial <0|1> version <v> other <state> deadline <s>
 *   secmon_client: install status <name> slot <A|B> version <v>
 *   secmon_client: confirm status <name> counter <c> */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mbox_proto.h"

#define TIMEOUT_MS 10000
#define QUIET_MS 2500 /* longer than secmon's resynchronisation (2 s of quiet) */

static int port = -1;
static unsigned passed, failed;
static uint32_t next_id = 0x5ec0001u;

static void report(int ok, const char *what)
{
	printf("secmon_client: %s - %s\n", ok ? "ok" : "not ok", what);
	fflush(stdout);
	if (ok)
		passed++;
	else
		failed++;
}

static void print_hex(const char *label, const uint8_t *p, size_t n)
{
	printf("secmon_client: %s ", label);
	for (size_t i = 0; i < n; i++)
		printf("%02x", p[i]);
	printf("\n");
	fflush(stdout);
}

static int read_exact(uint8_t *buf, size_t len)
{
	while (len > 0) {
		struct pollfd p = { port, POLLIN, 0 };
		ssize_t n;

		if (poll(&p, 1, TIMEOUT_MS) <= 0)
			return -ETIMEDOUT;
		n = read(port, buf, len);
		if (n <= 0)
			return n == 0 ? -EPIPE : -errno;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Sends len raw bytes and reads one response message into msg: its size or -errno. */
static int exchange(const uint8_t *out, size_t len, uint8_t msg[MBOX_MSG_MAX])
{
	enum mbox_status why;
	uint32_t size;

	if (write(port, out, len) != (ssize_t)len)
		return -errno;
	if (read_exact(msg, MBOX_HEADER_SIZE) != 0 || mbox_frame_size(msg, MBOX_HEADER_SIZE, &size, &why) != 0 ||
	    read_exact(msg + MBOX_HEADER_SIZE, size - MBOX_HEADER_SIZE) != 0)
		return -EPROTO;
	return (int)size;
}

/* One well-formed request: 0 with resp answering it, or -errno. */
static int call(struct mbox_request *req, struct mbox_response *resp, uint8_t raw[MBOX_MSG_MAX], int *raw_len)
{
	uint8_t out[MBOX_MSG_MAX];
	enum mbox_status why;
	int n;

	req->id = next_id++;
	n = mbox_encode_request(req, out, sizeof(out));
	if (n < 0)
		return n;
	n = exchange(out, (size_t)n, raw);
	if (n < 0)
		return n;
	*raw_len = n;
	if (mbox_decode_response(raw, (size_t)n, resp, &why) != 0 || !mbox_response_answers(resp, req))
		return -EPROTO;
	return 0;
}

/* A malformed message must get the protocol status want. */
static void malformed(const char *what, const uint8_t *bytes, size_t len, enum mbox_status want, int quiet)
{
	uint8_t raw[MBOX_MSG_MAX];
	char line[128];
	int n = exchange(bytes, len, raw);

	snprintf(line, sizeof(line), "%s answered %s", what, mbox_status_name(want));
	report(n >= (int)MBOX_HEADER_SIZE && raw[14] == (uint8_t)want && raw[15] == 0, line);
	if (quiet)
		usleep(QUIET_MS * 1000);
}

static int hex_nonce(const char *text, uint8_t nonce[MBOX_NONCE_SIZE])
{
	unsigned v;

	if (strlen(text) != 2 * MBOX_NONCE_SIZE)
		return -EINVAL;
	for (size_t i = 0; i < MBOX_NONCE_SIZE; i++) {
		if (sscanf(text + 2 * i, "%2x", &v) != 1)
			return -EINVAL;
		nonce[i] = (uint8_t)v;
	}
	return 0;
}

static const char *status(const struct mbox_response *resp)
{
	return mbox_status_name(resp->status) ? mbox_status_name(resp->status) : "?";
}

/* The update agent's mailbox part (the "os-update HASH" mode above). */
static void os_update(const char *hash)
{
	static struct mbox_response resp;
	struct mbox_request req = { .type = MBOX_OS_BOOT_STATE };
	const struct mbox_os_boot_state_result *b = &resp.res.os_boot_state;
	uint8_t raw[MBOX_MSG_MAX];
	int raw_len;

	if (call(&req, &resp, raw, &raw_len) != 0 || resp.status != MBOX_OK) {
		printf("secmon_client: boot state: no answer\n");
		return;
	}
	printf("secmon_client: boot state slot %c trial %u version %u other %u deadline %u\n", b->slot ? 'B' : 'A',
	       b->trial, b->version, b->other_state, b->deadline_s);
	if (b->trial) {
		req = (struct mbox_request){ .type = MBOX_CONFIRM_OS };
		if (call(&req, &resp, raw, &raw_len) == 0)
			printf("secmon_client: confirm status %s counter %u\n", status(&resp), resp.res.confirm_os.counter);
	} else if (b->other_state == MBOX_OS_SLOT_EMPTY || b->other_state == MBOX_OS_SLOT_BAD) {
		req = (struct mbox_request){ .type = MBOX_INSTALL_OS };
		if (hex_nonce(hash, req.f.install_os.desc_sha256) == 0 && call(&req, &resp, raw, &raw_len) == 0)
			printf("secmon_client: install status %s slot %c version %u\n", status(&resp),
			       resp.res.install_os.slot ? 'B' : 'A', resp.res.install_os.version);
	}
	fflush(stdout);
}

int main(int argc, char **argv)
{
	static struct mbox_response resp;
	struct mbox_request req;
	uint8_t raw[MBOX_MSG_MAX];
	int raw_len, rc;

	const char *node = getenv("SPHERULE_SECMON_MAILBOX");

	report(node != NULL, "appmgr names the port in SPHERULE_SECMON_MAILBOX");
	if (!node)
		goto done;
	printf("secmon_client: port %s\n", node);
	sleep(3); /* appmgr has done with the port (boot-time verification) */
	port = open(node, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (argc == 3 && !strcmp(argv[1], "os-update") && port >= 0) {
		os_update(argv[2]);
		for (;;)
			pause();
	}
	report(port >= 0, "open the port");
	if (port < 0) {
		printf("secmon_client: open: %s\n", strerror(errno));
		goto done;
	}

	req = (struct mbox_request){ .type = MBOX_DEVICE_ID };
	rc = call(&req, &resp, raw, &raw_len);
	report(rc == 0 && resp.status == MBOX_OK, "device id answered");
	if (rc == 0)
		print_hex("device id", resp.res.device_id.device_id, MBOX_DEVICE_ID_SIZE);

	req = (struct mbox_request){ .type = MBOX_RANDOM, .f.random.count = 32 };
	rc = call(&req, &resp, raw, &raw_len);
	report(rc == 0 && resp.status == MBOX_OK && resp.res.random.count == 32, "32 random bytes");
	if (rc == 0)
		print_hex("random", resp.res.random.bytes, resp.res.random.count);

	req = (struct mbox_request){ .type = MBOX_OS_BOOT_STATE };
	rc = call(&req, &resp, raw, &raw_len);
	report(rc == 0 && resp.status == MBOX_OK && resp.res.os_boot_state.slot == MBOX_OS_SLOT_A &&
		       !resp.res.os_boot_state.trial && resp.res.os_boot_state.other_state == MBOX_OS_SLOT_EMPTY &&
		       !resp.res.os_boot_state.deadline_s,
	       "OS boot state: slot A, no trial, slot B empty, no deadline");
	req = (struct mbox_request){ .type = MBOX_INSTALL_OS };
	rc = call(&req, &resp, raw, &raw_len);
	report(rc == 0 && resp.status == MBOX_ST_NO_IMAGE, "install staged OS with nothing staged: NO_IMAGE");
	req = (struct mbox_request){ .type = MBOX_CONFIRM_OS };
	rc = call(&req, &resp, raw, &raw_len);
	report(rc == 0 && resp.status == MBOX_OK, "confirm OS health outside a trial: OK, nothing to confirm");

	req = (struct mbox_request){ .type = MBOX_ATTEST };
	if (argc == 2 && hex_nonce(argv[1], req.f.attest.nonce) == 0) {
		rc = call(&req, &resp, raw, &raw_len);
		report(rc == 0 && resp.status == MBOX_OK, "attestation for the host's nonce");
		for (int i = 0; rc == 0 && i * 64 < raw_len; i++) {
			char label[32];

			snprintf(label, sizeof(label), "attestation %d", i);
			print_hex(label, raw + i * 64, (size_t)(raw_len - i * 64 < 64 ? raw_len - i * 64 : 64));
		}
	}

	/* Header: "SM", version 1, length 16, id, type, status 0. */
	uint8_t bad_magic[16] = { 'X', 'M', 1, 0, 16, 0, 0, 0, 1, 0, 0, 0, MBOX_DEVICE_ID, 0, 0, 0 };
	uint8_t bad_version[16] = { 'S', 'M', 9, 0, 16, 0, 0, 0, 2, 0, 0, 0, MBOX_DEVICE_ID, 0, 0, 0 };
	uint8_t bad_type[16] = { 'S', 'M', 1, 0, 16, 0, 0, 0, 3, 0, 0, 0, 0x77, 0, 0, 0 };
	uint8_t zero_id[16] = { 'S', 'M', 1, 0, 16, 0, 0, 0, 0, 0, 0, 0, MBOX_DEVICE_ID, 0, 0, 0 };
	malformed("bad magic", bad_magic, sizeof(bad_magic), MBOX_ST_BAD_MAGIC, 1);
	malformed("version 9", bad_version, sizeof(bad_version), MBOX_ST_BAD_VERSION, 0);
	malformed("unknown type 0x77", bad_type, sizeof(bad_type), MBOX_ST_UNKNOWN_TYPE, 0);
	malformed("id 0", zero_id, sizeof(zero_id), MBOX_ST_OUT_OF_RANGE, 0);

	req = (struct mbox_request){ .type = MBOX_DEVICE_ID };
	rc = call(&req, &resp, raw, &raw_len);
	report(rc == 0 && resp.status == MBOX_OK, "a good request is answered after the malformed ones");
	close(port);
done:
	printf("secmon_client: done %u passed, %u failed\n", passed, failed);
	fflush(stdout);
	for (;;)
		pause();
}
