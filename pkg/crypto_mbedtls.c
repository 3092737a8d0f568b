/*
 * crypto_mbedtls.c - device backend of crypto.h on mbedTLS 2.28
 * (libmbedcrypto: the *_ret SHA-256 functions, mbedtls_ecdsa_verify and
 * mbedtls_ecp_mul), randomness from getrandom.
 */
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>
#include <mbedtls/sha256.h>

#include "crypto.h"

_Static_assert(sizeof(mbedtls_sha256_context) <= sizeof(((struct crypto_sha256 *)0)->state),
	       "crypto_sha256 too small for mbedtls_sha256_context");

static mbedtls_sha256_context *sha_ctx(struct crypto_sha256 *c)
{
	return (mbedtls_sha256_context *)(void *)c->state;
}

int crypto_sha256_init(struct crypto_sha256 *c)
{
	mbedtls_sha256_init(sha_ctx(c));
	if (mbedtls_sha256_starts_ret(sha_ctx(c), 0) != 0) {
		mbedtls_sha256_free(sha_ctx(c));
		return -EIO;
	}
	return 0;
}

int crypto_sha256_update(struct crypto_sha256 *c, const void *data, size_t len)
{
	return mbedtls_sha256_update_ret(sha_ctx(c), data, len) == 0 ? 0 : -EIO;
}

int crypto_sha256_final(struct crypto_sha256 *c, uint8_t out[CRYPTO_SHA256_SIZE])
{
	int rc = mbedtls_sha256_finish_ret(sha_ctx(c), out);

	mbedtls_sha256_free(sha_ctx(c));
	return rc == 0 ? 0 : -EIO;
}

int crypto_sha256(const void *data, size_t len, uint8_t out[CRYPTO_SHA256_SIZE])
{
	return mbedtls_sha256_ret(data, len, out, 0) == 0 ? 0 : -EIO;
}

static int errno_of(int mbedtls_rc)
{
	if (mbedtls_rc == MBEDTLS_ERR_MPI_ALLOC_FAILED || mbedtls_rc == MBEDTLS_ERR_ECP_ALLOC_FAILED)
		return -ENOMEM;
	return -EINVAL;
}

int crypto_ecdsa_p256_verify(const uint8_t pubkey[65], const uint8_t digest[CRYPTO_SHA256_SIZE],
			     const uint8_t signature[64])
{
	mbedtls_ecp_group grp;
	mbedtls_ecp_point q;
	mbedtls_mpi r, s;
	int rc;

	mbedtls_ecp_group_init(&grp);
	mbedtls_ecp_point_init(&q);
	mbedtls_mpi_init(&r);
	mbedtls_mpi_init(&s);
	rc = mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_SECP256R1);
	if (rc == 0 && pubkey[0] != 0x04)
		rc = MBEDTLS_ERR_ECP_BAD_INPUT_DATA;
	if (rc == 0)
		rc = mbedtls_ecp_point_read_binary(&grp, &q, pubkey, 65);
	if (rc == 0)
		rc = mbedtls_ecp_check_pubkey(&grp, &q);
	if (rc != 0) {
		rc = errno_of(rc);
	} else if (mbedtls_mpi_read_binary(&r, signature, 32) != 0 ||
		   mbedtls_mpi_read_binary(&s, signature + 32, 32) != 0) {
		rc = -ENOMEM;
	} else {
		rc = mbedtls_ecdsa_verify(&grp, digest, CRYPTO_SHA256_SIZE, &q, &r, &s);
		rc = rc == 0 ? 0 : rc == MBEDTLS_ERR_MPI_ALLOC_FAILED ? -ENOMEM : -EBADMSG;
	}
	mbedtls_mpi_free(&s);
	mbedtls_mpi_free(&r);
	mbedtls_ecp_point_free(&q);
	mbedtls_ecp_group_free(&grp);
	return rc;
}

/* mbedTLS's f_rng: the kernel's random bytes. */
static int system_random(void *ctx, unsigned char *out, size_t len)
{
	(void)ctx;
	while (len > 0) {
		ssize_t n = getrandom(out, len, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return MBEDTLS_ERR_ECP_RANDOM_FAILED;
		out += n;
		len -= (size_t)n;
	}
	return 0;
}

int crypto_p256_public_of(const uint8_t priv[32], uint8_t pub[65])
{
	mbedtls_ecp_group grp;
	mbedtls_ecp_point q;
	mbedtls_mpi d;
	size_t olen = 0;
	int rc;

	mbedtls_ecp_group_init(&grp);
	mbedtls_ecp_point_init(&q);
	mbedtls_mpi_init(&d);
	rc = mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_SECP256R1);
	if (rc == 0)
		rc = mbedtls_mpi_read_binary(&d, priv, 32);
	if (rc == 0 && mbedtls_ecp_check_privkey(&grp, &d) != 0)
		rc = MBEDTLS_ERR_ECP_INVALID_KEY;
	if (rc == 0)
		rc = mbedtls_ecp_mul(&grp, &q, &d, &grp.G, system_random, NULL);
	if (rc == 0)
		rc = mbedtls_ecp_point_write_binary(&grp, &q, MBEDTLS_ECP_PF_UNCOMPRESSED, &olen, pub, 65);
	if (rc == 0 && olen != 65)
		rc = MBEDTLS_ERR_ECP_BAD_INPUT_DATA;
	mbedtls_mpi_free(&d);
	mbedtls_ecp_point_free(&q);
	mbedtls_ecp_group_free(&grp);
	return rc == 0 ? 0 : errno_of(rc);
}

int crypto_p256_keygen(uint8_t priv[32], uint8_t pub[65])
{
	int rc;

	do {
		if (system_random(NULL, priv, 32) != 0)
			return -EIO;
		rc = crypto_p256_public_of(priv, pub);
	} while (rc == -EINVAL);
	return rc;
}
