/*
 * cloud_attest_sim.h - secmon's attestation (docs/secmon-protocol.md type 4)
 * made on the host with a device key, as the update service receives it from
 * a device's check-in: shared by tests/unit/cloud_fake_device (the suite)
 * and bench/cloud_checkin.c (the load generator).
 */
#ifndef SPHERULE_CLOUD_ATTEST_SIM_H
#define SPHERULE_CLOUD_ATTEST_SIM_H

#include <openssl/evp.h>
#include <stdint.h>

#include "mbox_proto.h"

/* Hex of the attestation result fields (device id, count, reserved, two
 * fixed measurements, signature) for nonce, signed with key (whose 65-byte
 * point is point), into hex (2 * MBOX_MSG_MAX + 1 bytes). 0 or -errno. */
int cloud_attest_sim(EVP_PKEY *key, const uint8_t point[MBOX_PUBKEY_SIZE], const uint8_t nonce[MBOX_NONCE_SIZE],
		     char *hex);

/* Hex of the result fields of the attestation response resp, as a device
 * sends them, into hex (2 * MBOX_MSG_MAX + 1 bytes). 0 or -errno. */
int cloud_attest_sim_hex(const struct mbox_response *resp, char *hex);

#endif
