/*
 * fuzz_mbox.c - libFuzzer target for the secmon mailbox codec
 * (secmon/protocol): the input as one request, as one response and as a
 * stream of frames. Whatever it decodes must re-encode to the same bytes
 * (the format has one encoding per message); whatever it is, the server test
 * double must answer it with a response the device side decodes and that
 * answers the request (an error status when the request was malformed).
 * Traps on any difference; the sanitizers catch the rest.
 * Run: tests/fuzz/test_mbox_fuzz.sh, or out/fuzz/fuzz_mbox CORPUS_DIR.
 */
#include <stdint.h>
#include <string.h>

#include "mbox_handle.h"
#include "mbox_proto.h"

static void check(int cond)
{
	if (!cond)
		__builtin_trap();
}

/* data as one request, then the double's answer to it. */
static void one_request(const uint8_t *data, size_t size)
{
	uint8_t again[MBOX_MSG_MAX], out[MBOX_MSG_MAX];
	struct mbox_request req;
	struct mbox_response resp;
	enum mbox_status why, resp_why;
	int decoded = mbox_decode_request(data, size, &req, &why) == 0;

	if (decoded) {
		int n = mbox_encode_request(&req, again, sizeof(again));

		check(n >= 0 && (size_t)n == size && memcmp(again, data, size) == 0);
	}
	size_t n = mbox_handle(data, size, out);
	check(mbox_decode_response(out, n, &resp, &resp_why) == 0);
	if (decoded)
		check(resp.status == MBOX_OK || resp.status > MBOX_ST_PROTOCOL_LAST);
	else
		check(resp.status == why && n == MBOX_HEADER_SIZE);
	/* A request typed as a response is answered without the bit: it
	 * answers nothing a device sends. */
	if (!(req.type & MBOX_RESPONSE_BIT))
		check(mbox_response_answers(&resp, &req));
}

/* data as one response. */
static void one_response(const uint8_t *data, size_t size)
{
	uint8_t again[MBOX_MSG_MAX], tbs[MBOX_ATTEST_SIGNED_MAX];
	struct mbox_response resp;
	enum mbox_status why;

	if (mbox_decode_response(data, size, &resp, &why) < 0)
		return;
	int n = mbox_encode_response(&resp, again, sizeof(again));
	check(n >= 0 && (size_t)n == size && memcmp(again, data, size) == 0);
	if (resp.type == MBOX_ATTEST && resp.status == MBOX_OK)
		check(mbox_attest_signed_bytes(&resp, tbs, sizeof(tbs)) > 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum mbox_status why;
	uint32_t frame;

	one_request(data, size);
	one_response(data, size);
	/* A byte stream: frame after frame, as a transport would split it. */
	while (mbox_frame_size(data, size, &frame, &why) == 0 && frame <= size) {
		one_request(data, frame);
		data += frame;
		size -= frame;
	}
	return 0;
}
