/* trust.c — looks up a trusted app-signing key by thumbprint (see trust.h). */
#include "trust.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "small_file.h"

int trust_load_key(const char *dir, const uint8_t thumbprint[PKG_THUMBPRINT_SIZE],
		   uint8_t key[PKG_PUBKEY_SIZE], struct error_detail *why)
{
	char hex[65], path[384];
	uint8_t content[PKG_PUBKEY_SIZE + 1];
	uint8_t actual[PKG_THUMBPRINT_SIZE];
	size_t len;
	int err;

	pkg_thumbprint_hex(thumbprint, hex);
	if (snprintf(path, sizeof(path), "%s/%s", dir, hex) >= (int)sizeof(path))
		return error_detail_set(why, -ENAMETOOLONG, "trusted key path too long");
	err = small_file_read(path, content, sizeof(content), &len);
	if (err == -ENOENT)
		return error_detail_set(why, -ENOKEY,
					"untrusted: signed with key %s, which is not in %s", hex,
					dir);
	if (err == 0 && (len != PKG_PUBKEY_SIZE || content[0] != 0x04))
		err = -EFBIG;
	if (err == -EFBIG)
		return error_detail_set(why, -EINVAL,
					"trusted key %s is not a 65-byte uncompressed P-256 point",
					hex);
	if (err != 0)
		return error_detail_set(why, err, "cannot read trusted key %s: %s", path,
					strerror(-err));
	pkg_thumbprint(content, actual);
	if (memcmp(actual, thumbprint, sizeof(actual)) != 0)
		return error_detail_set(why, -EINVAL,
					"trusted key file %s holds a key with another thumbprint",
					hex);
	memcpy(key, content, PKG_PUBKEY_SIZE);
	return 0;
}
