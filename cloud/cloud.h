/*
 * cloud.h - the update service spherule-cloud (docs/cloud-api.md): what
 * every handler reaches through the service.
 */
#ifndef SPHERULE_CLOUD_H
#define SPHERULE_CLOUD_H

#include <limits.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "db.h"

#define CLOUD_TOKEN_HEX 64

struct tenant_ca;

struct cloud_config {
	int64_t targets_expiry_s;   /* targets and snapshot metadata: --targets-expiry */
	int64_t timestamp_expiry_s; /* each answer's timestamp: --timestamp-expiry */
	int64_t nonce_ttl_s;        /* a check-in nonce's life */
	int64_t cert_validity_s;    /* a device certificate's life: --certificate-validity */
};

struct cloud {
	struct cloud_db *db;
	EVP_PKEY *meta_key;               /* the state dir's metadata.key */
	char token[CLOUD_TOKEN_HEX + 1];  /* the state dir's admin-token */
	char images_dir[PATH_MAX];        /* the state dir's images/ */
	struct cloud_config cfg;
	struct tenant_ca *ca;             /* the tenant CA (tenant_ca.h) */
};

#endif
