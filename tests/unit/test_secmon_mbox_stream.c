/*
 * test_secmon_mbox_stream.c - secmon's mailbox over a byte stream
 * (secmon/mbox_stream.c) against a socketpair, the server in a child
 * process: every request type answered, messages back to back, a slow
 * writer (a message a byte at a time), a stalled message answered TRUNCATED,
 * bad magic and an oversize length answered and the bytes after them
 * discarded until the stream is quiet, then served again; a peer that
 * closes in the middle of a message: the server ends cleanly (status 0).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "mbox_stream.h"
#include "tap.h"

#define QUIET_MS 200

static int peer;

static void sleep_ms(long ms)
{
	nanosleep(&(struct timespec){ .tv_sec = ms / 1000, .tv_nsec = ms % 1000 * 1000000 }, NULL);
}

/* The server on fd (the test keeps other): a store of one generated key,
 * an empty flash file, the transcript given (or NULL). */
static pid_t start_server(int fd, int other, FILE *transcript)
{
	static struct secmon_store store;
	static struct measurement meas;
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	close(other);
	store.device_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	store.counters_fd = store.dirfd = -1;
	memset(store.device_point, 4, sizeof(store.device_point));
	struct mbox_server srv = { &store, fileno(tmpfile()), &meas, NULL, transcript, NULL, 0 };

	_exit(store.device_key && mbox_stream_serve(&srv, fd, QUIET_MS) == 0 ? 0 : 1);
}

/* Reads one framed response (within 5 s), decoded into resp. */
static int read_response(struct mbox_response *resp)
{
	uint8_t buf[MBOX_MSG_MAX];
	size_t have = 0, need = MBOX_HEADER_SIZE;
	enum mbox_status why;
	uint32_t size;

	alarm(5);
	while (have < need) {
		ssize_t n = read(peer, buf + have, need - have);

		if (n <= 0)
			return alarm(0), -1;
		have += (size_t)n;
		if (have == MBOX_HEADER_SIZE) {
			if (mbox_frame_size(buf, have, &size, &why) < 0)
				return alarm(0), -1;
			need = size;
		}
	}
	alarm(0);
	return mbox_decode_response(buf, have, resp, &why);
}

static int encode(uint16_t type, uint32_t id, uint8_t out[MBOX_MSG_MAX], struct mbox_request *req)
{
	memset(req, 0, sizeof(*req));
	req->id = id;
	req->type = type;
	req->f.random.count = 8;
	req->f.capability.capability = 1;
	return mbox_encode_request(req, out, MBOX_MSG_MAX);
}

/* Sends request type, byte by byte with gap_ms between when gap_ms > 0:
 * true when its answer comes and answers it. */
static bool exchange(uint16_t type, uint32_t id, long gap_ms)
{
	static struct mbox_response resp;
	struct mbox_request req;
	uint8_t in[MBOX_MSG_MAX];
	int n = encode(type, id, in, &req);

	for (int i = 0; n > 0 && i < n; i += gap_ms ? 1 : n) {
		if (write(peer, in + i, gap_ms ? 1 : (size_t)n) < 0)
			return false;
		sleep_ms(gap_ms);
	}
	return n > 0 && read_response(&resp) == 0 && mbox_response_answers(&resp, &req);
}

static bool protocol_error(uint16_t want)
{
	static struct mbox_response resp;

	return read_response(&resp) == 0 && resp.status == want;
}

/* Lets the server see the stream quiet after lost framing. */
static bool quiet(void)
{
	sleep_ms(2 * QUIET_MS);
	return true;
}

static bool server_ended_cleanly(pid_t pid)
{
	int status = -1;

	alarm(5);
	waitpid(pid, &status, 0);
	alarm(0);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int main(void)
{
	uint8_t in[MBOX_MSG_MAX * 2];
	struct mbox_request req;
	int sv[2], n, ok = 0;
	pid_t pid;

	signal(SIGPIPE, SIG_IGN);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		return printf("Bail out! socketpair\n"), 1;
	pid = start_server(sv[1], sv[0], NULL);
	close(sv[1]);
	peer = sv[0];

	for (uint16_t type = 1; type <= MBOX_TYPE_LAST; type++)
		ok += exchange(type, 100 + type, 0);
	tap_ok(ok == MBOX_TYPE_LAST, "every request type answered (%d of %d)", ok, MBOX_TYPE_LAST);

	n = encode(MBOX_DEVICE_ID, 7, in, &req);
	memcpy(in + n, in, (size_t)n);
	ok = write(peer, in, 2 * (size_t)n) == 2 * n && protocol_error(MBOX_OK) && protocol_error(MBOX_OK);
	tap_ok(ok, "two messages in one write: two answers");

	tap_ok(exchange(MBOX_RANDOM, 8, 5), "a slow writer (a byte every 5 ms): answered");

	n = encode(MBOX_DEVICE_ID, 9, in, &req);
	tap_ok(write(peer, in, 10) == 10 && protocol_error(MBOX_ST_TRUNCATED) && exchange(MBOX_DEVICE_ID, 10, 0),
	       "a message stalled in its header: answered TRUNCATED after the quiet time, then served again");
	tap_ok(write(peer, in, (size_t)n - 1) == n - 1 && protocol_error(MBOX_ST_TRUNCATED) && exchange(MBOX_CAPABILITY, 11, 0),
	       "a message stalled before its last byte: answered TRUNCATED, then served again");

	n = encode(MBOX_DEVICE_ID, 12, in, &req);
	in[0] = 'X';
	memcpy(in + n, in, (size_t)n);
	tap_ok(write(peer, in, 2 * (size_t)n) == 2 * n && protocol_error(MBOX_ST_BAD_MAGIC) && quiet() && exchange(MBOX_RANDOM, 13, 0),
	       "bad magic: answered, what follows discarded until quiet, then served again");

	n = encode(MBOX_DEVICE_ID, 14, in, &req);
	in[4] = 0xff, in[5] = 0xff, in[6] = 0xff, in[7] = 0x7f; /* length 2 GiB */
	memset(in + n, 0xa5, MBOX_MSG_MAX);
	tap_ok(write(peer, in, (size_t)n + MBOX_MSG_MAX) == n + (int)MBOX_MSG_MAX && protocol_error(MBOX_ST_BAD_LENGTH) && quiet() &&
		       exchange(MBOX_ATTEST, 15, 0),
	       "an oversize length: answered BAD_LENGTH, 1 KiB after it discarded, then served again");
	in[4] = 15, in[5] = in[6] = in[7] = 0;
	tap_ok(write(peer, in, 16) == 16 && protocol_error(MBOX_ST_BAD_LENGTH) && quiet() && exchange(MBOX_VERIFY_IMAGE, 16, 0),
	       "a length below the header: answered BAD_LENGTH, then served again");

	n = encode(MBOX_ATTEST, 17, in, &req);
	tap_ok(write(peer, in, (size_t)n / 2) == n / 2, "half a message written");
	close(peer);
	tap_ok(server_ended_cleanly(pid), "the peer closing in the middle of a message: the server ends, status 0");

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		return printf("Bail out! socketpair\n"), 1;
	FILE *transcript = tmpfile();
	char line[2 * MBOX_MSG_MAX + 8], want[2 * MBOX_MSG_MAX + 8];

	pid = start_server(sv[1], sv[0], transcript);
	close(sv[1]);
	peer = sv[0];
	n = encode(MBOX_RANDOM, 18, in, &req);
	tap_ok(write(peer, in, (size_t)n) == n && (shutdown(peer, SHUT_WR), 1) && protocol_error(MBOX_OK) &&
		       server_ended_cleanly(pid),
	       "a request then the end of the stream: answered, then the server ends, status 0");
	close(peer);
	strcpy(want, "in ");
	for (int i = 0; i < n; i++)
		sprintf(want + 3 + 2 * i, "%02x", in[i]);
	strcat(want, "\n");
	rewind(transcript);
	ok = fgets(line, sizeof(line), transcript) && !strcmp(line, want) && fgets(line, sizeof(line), transcript) &&
	     !strncmp(line, "out 534d0100", 12) && !fgets(line, sizeof(line), transcript);
	tap_ok(ok, "the transcript: the request's bytes in hex, then the response's, nothing else");
	return tap_done();
}
