/*
 * pkg_verify.c - checks a package's signature: the payload is streamed from
 * the source through SHA-256 in PKG_READ_CHUNK pieces, the signed part of the
 * footer is hashed from the copy pkg_open() parsed (so what was parsed is what
 * is verified), and the digest is checked against the named key.
 */
#include <errno.h>
#include <string.h>

#include "crypto.h"
#include "pkg_format.h"
#include "pkg_internal.h"
#include "spherule/le.h"

void pkg_thumbprint(const uint8_t pubkey[PKG_PUBKEY_SIZE], uint8_t out[PKG_THUMBPRINT_SIZE])
{
	if (crypto_sha256(pubkey, PKG_PUBKEY_SIZE, out) < 0)
		memset(out, 0, PKG_THUMBPRINT_SIZE);
}

static int hash_signed_bytes(const struct pkg_source *src, const struct pkg_image *img,
			     uint8_t digest[CRYPTO_SHA256_SIZE], struct error_detail *err)
{
	uint8_t chunk[PKG_READ_CHUNK];
	struct crypto_sha256 sha;
	int rc = crypto_sha256_init(&sha), final_rc;

	if (rc < 0)
		return error_detail_set(err, rc, "SHA-256 failed: %s", strerror(-rc));
	for (uint32_t off = 0; off < img->payload_size && rc == 0; off += PKG_READ_CHUNK) {
		uint32_t left = img->payload_size - off;
		uint32_t n = left < PKG_READ_CHUNK ? left : PKG_READ_CHUNK;

		rc = src->read(src->ctx, off, chunk, n);
		if (rc < 0) {
			crypto_sha256_final(&sha, digest);
			return error_detail_set(err, rc, "read error: %u bytes at offset %u: %s", n,
						off, strerror(-rc));
		}
		rc = crypto_sha256_update(&sha, chunk, n);
	}
	if (rc == 0)
		rc = crypto_sha256_update(&sha, img->footer, img->signed_size - img->payload_size);
	final_rc = crypto_sha256_final(&sha, digest);
	if (rc == 0)
		rc = final_rc;
	if (rc < 0)
		return error_detail_set(err, rc, "SHA-256 failed: %s", strerror(-rc));
	return 0;
}

int pkg_key_named(const uint8_t pubkey[PKG_PUBKEY_SIZE], const uint8_t named[PKG_THUMBPRINT_SIZE],
		  const char *what, struct error_detail *err)
{
	uint8_t thumbprint[PKG_THUMBPRINT_SIZE];
	char given[65], signer[65];

	pkg_thumbprint(pubkey, thumbprint);
	if (memcmp(thumbprint, named, PKG_THUMBPRINT_SIZE) == 0)
		return 0;
	pkg_thumbprint_hex(thumbprint, given);
	pkg_thumbprint_hex(named, signer);
	return error_detail_set(err, -ENOKEY, "no matching key: %s is signed by key %.8s…, not %.8s…",
				what, signer, given);
}

int pkg_signature_block_read(const struct pkg_signature_data *s,
			     uint8_t thumbprint[PKG_THUMBPRINT_SIZE],
			     uint8_t signature[PKG_RAW_SIGNATURE_SIZE], struct error_detail *err)
{
	if (get_le16(s->algorithm) != PKG_SIG_ECDSA_P256_SHA256)
		return error_detail_set(err, -EINVAL, "unsupported signature algorithm %u (expected %u)",
					get_le16(s->algorithm), PKG_SIG_ECDSA_P256_SHA256);
	if (get_le16(s->reserved) != 0)
		return error_detail_set(err, -EINVAL,
					"malformed: signature reserved field is 0x%04x, expected 0",
					get_le16(s->reserved));
	memcpy(thumbprint, s->key_thumbprint, PKG_THUMBPRINT_SIZE);
	memcpy(signature, s->signature, PKG_RAW_SIGNATURE_SIZE);
	return 0;
}

int pkg_signature_check(const uint8_t pubkey[PKG_PUBKEY_SIZE], const uint8_t digest[CRYPTO_SHA256_SIZE],
			const uint8_t signature[PKG_RAW_SIGNATURE_SIZE], struct error_detail *err)
{
	uint8_t thumbprint[PKG_THUMBPRINT_SIZE];
	char given[65];
	int rc = crypto_ecdsa_p256_verify(pubkey, digest, signature);

	pkg_thumbprint(pubkey, thumbprint);
	pkg_thumbprint_hex(thumbprint, given);
	if (rc == -EBADMSG)
		return error_detail_set(err, rc, "signature does not verify with key %.8s…", given);
	if (rc == -EINVAL)
		return error_detail_set(err, rc, "invalid public key %.8s…: not a point on P-256",
					given);
	if (rc < 0)
		return error_detail_set(err, rc, "signature check failed: %s", strerror(-rc));
	return 0;
}

int pkg_verify(const struct pkg_source *src, const struct pkg_image *img,
	       const uint8_t pubkey[PKG_PUBKEY_SIZE], struct error_detail *err)
{
	uint8_t digest[CRYPTO_SHA256_SIZE];
	int rc = pkg_key_named(pubkey, img->thumbprint, "package", err);

	if (rc < 0)
		return rc;
	rc = hash_signed_bytes(src, img, digest, err);
	if (rc < 0)
		return rc;
	return pkg_signature_check(pubkey, digest, img->signature, err);
}
