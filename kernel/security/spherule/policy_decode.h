/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Spherule LSM - the decoder of the binary policy format (policy_decode.c).
 */

#ifndef _SECURITY_SPHERULE_POLICY_DECODE_H
#define _SECURITY_SPHERULE_POLICY_DECODE_H

#include <linux/types.h>

#include "policy.h"

/*
 * Decodes the len bytes of a policy at buf: a new policy with one
 * reference, or ERR_PTR(-EINVAL) for a malformed one, ERR_PTR(-ENOMEM).
 */
struct spherule_policy *spherule_policy_decode(const u8 *buf, size_t len);

#endif /* _SECURITY_SPHERULE_POLICY_DECODE_H */
