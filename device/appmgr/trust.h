/* trust.h — the app-signing keys the OS image trusts: one file per key in
 * /etc/spherule/trusted-keys/, named by the key's thumbprint in lowercase
 * hex and holding its 65-byte uncompressed P-256 point. */
#ifndef APPMGR_TRUST_H
#define APPMGR_TRUST_H

#include <stddef.h>
#include <stdint.h>

#include "spherule/error_detail.h"
#include "spherule/pkg.h"

/* Loads the key named by thumbprint from dir into key. Returns 0; -ENOKEY
 * when no such file exists; -EINVAL when the file is not a 65-byte point
 * or holds a key with another thumbprint; -errno when it cannot be read.
 * why says which. */
int trust_load_key(const char *dir, const uint8_t thumbprint[PKG_THUMBPRINT_SIZE],
		   uint8_t key[PKG_PUBKEY_SIZE], struct error_detail *why);

#endif
