/* mbox_status.c - the name and one-line meaning of each status code (see
 * mbox_proto.h); docs/secmon-protocol.md lists the same. */
#include "mbox_proto.h"

struct status_words {
	const char *name, *text;
};

static const struct status_words statuses[] = {
	[MBOX_OK] = { "OK", "done" },
	[MBOX_ST_TRUNCATED] = { "TRUNCATED",
				"the message ends before its header, its length or its fields" },
	[MBOX_ST_BAD_MAGIC] = { "BAD_MAGIC", "the message does not start with the mailbox magic" },
	[MBOX_ST_BAD_LENGTH] = { "BAD_LENGTH",
				 "the length field is below the header size or above the maximum" },
	[MBOX_ST_BAD_VERSION] = { "BAD_VERSION",
				  "the protocol version is not one the receiver speaks" },
	[MBOX_ST_TRAILING] = { "TRAILING", "bytes follow the message or its type's fields" },
	[MBOX_ST_UNKNOWN_TYPE] = { "UNKNOWN_TYPE",
				   "the type is not one the protocol defines in this direction" },
	[MBOX_ST_NONZERO_RESERVED] = { "NONZERO_RESERVED",
				       "a reserved field, or a request's status, is not zero" },
	[MBOX_ST_OUT_OF_RANGE] = { "OUT_OF_RANGE", "a field is outside its bounds" },
	[MBOX_ST_NO_SLOT] = { "NO_SLOT", "the board has no such slot" },
	[MBOX_ST_NO_IMAGE] = { "NO_IMAGE", "the slot holds no image" },
	[MBOX_ST_BAD_IMAGE] = { "BAD_IMAGE", "the image package in the slot is malformed" },
	[MBOX_ST_BAD_SIGNATURE] = { "BAD_SIGNATURE", "the image's signature does not verify" },
	[MBOX_ST_UNTRUSTED_KEY] = { "UNTRUSTED_KEY",
				    "the image is signed by a key secmon does not trust for it" },
	[MBOX_ST_REVOKED_KEY] = { "REVOKED_KEY", "the image is signed by a revoked key" },
	[MBOX_ST_NEEDS_DEVELOPMENT] = { "NEEDS_DEVELOPMENT",
					"the image is signed by a development key and the device is not in development mode" },
	[MBOX_ST_WRONG_TYPE] = { "WRONG_TYPE", "the image is not an application" },
	[MBOX_ST_WRONG_COMPONENT] = { "WRONG_COMPONENT",
				      "the image's component id is not the one the request names" },
	[MBOX_ST_ROLLED_BACK] = { "ROLLED_BACK",
				  "the image's security version is below its component's counter" },
	[MBOX_ST_COUNTER_BACKWARDS] = { "COUNTER_BACKWARDS",
					"the new counter value is below the counter" },
	[MBOX_ST_COUNTER_UNPROVEN] = { "COUNTER_UNPROVEN",
				       "the new counter value is above the security version of the image in the slot" },
	[MBOX_ST_NO_COUNTER_SPACE] = { "NO_COUNTER_SPACE",
				       "secmon has no room for another component's counter" },
	[MBOX_ST_STORE_FAILED] = { "STORE_FAILED",
				   "secmon could not read or write its store; nothing changed" },
};

const char *mbox_status_name(uint16_t status)
{
	return status < sizeof(statuses) / sizeof(statuses[0]) ? statuses[status].name : NULL;
}

const char *mbox_status_text(uint16_t status)
{
	return status < sizeof(statuses) / sizeof(statuses[0]) ? statuses[status].text : NULL;
}
