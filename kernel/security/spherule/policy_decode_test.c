// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - KUnit tests of the policy decoder (policy_decode.c): a
 * full valid policy decodes to the grants it encodes; every malformed
 * header, count, entry, name and length is EINVAL.
 */

#include <kunit/test.h>
#include <linux/err.h>
#include <linux/in.h>
#include <linux/kdev_t.h>
#include <linux/string.h>
#include <asm/unaligned.h>

#include "policy.h"
#include "policy_decode.h"

/* A version 2 policy: one GPIO line, two addresses, a TCP port, a UDP port and two names. */
static const u8 valid[] = {
	2, 0, 1, 0, 1, 0, 2, 0, 1, 0, 1, 0, 2, 0, 0, 0,	/* header: resolver flag */
	254, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0,		/* gpiochip1 (254:1) line 3 */
	10, 0, 2, 100, 127, 0, 0, 1,			/* 10.0.2.100, 127.0.0.1 */
	0x90, 0x1f,					/* TCP 8080 */
	0xe9, 0x14,					/* UDP 5353 */
	5, 'a', '.', 'b', 'c', 'd',			/* a.bcd */
	6, '*', '.', 'w', '.', 'x', 'y',		/* *.w.xy */
};

/* Offsets in valid[]. */
#define AT_FLAGS 2
#define AT_GPIO_COUNT 4
#define AT_HOST_COUNT 12
#define AT_RESERVED 14
#define AT_MAJOR 16
#define AT_TCP_PORT 36
#define AT_FIRST_NAME 40

static struct spherule_policy *decode(struct kunit *test, const u8 *buf, size_t len)
{
	u8 *copy = kunit_kmalloc(test, len ?: 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, copy);
	memcpy(copy, buf, len);
	return spherule_policy_decode(copy, len);
}

/* Decodes valid[] with byte at changed to value: the error, or 0. */
static long decode_changed(struct kunit *test, size_t at, u8 value)
{
	u8 buf[sizeof(valid)];
	struct spherule_policy *policy;

	memcpy(buf, valid, sizeof(buf));
	buf[at] = value;
	policy = decode(test, buf, sizeof(buf));
	if (IS_ERR(policy))
		return PTR_ERR(policy);
	spherule_policy_put(policy);
	return 0;
}

static void test_valid_policy(struct kunit *test)
{
	struct spherule_policy *policy = decode(test, valid, sizeof(valid));

	KUNIT_ASSERT_FALSE(test, IS_ERR(policy));
	KUNIT_EXPECT_EQ(test, policy->flags, SPHERULE_POLICY_HOST_RESOLVER);
	KUNIT_EXPECT_TRUE(test, spherule_policy_grants_gpio_line(policy, MKDEV(254, 1), 3));
	KUNIT_EXPECT_FALSE(test, spherule_policy_grants_gpio_line(policy, MKDEV(254, 1), 2));
	KUNIT_EXPECT_FALSE(test, spherule_policy_grants_gpio_line(policy, MKDEV(254, 0), 3));
	KUNIT_EXPECT_TRUE(test, spherule_policy_grants_gpio_chip(policy, MKDEV(254, 1)));
	KUNIT_EXPECT_TRUE(test, spherule_policy_grants_network(policy));
	KUNIT_EXPECT_TRUE(test, spherule_policy_grants_ipv4(policy, htonl(0x0a000264)));
	KUNIT_EXPECT_TRUE(test, spherule_policy_grants_ipv4(policy, htonl(INADDR_LOOPBACK)));
	KUNIT_EXPECT_FALSE(test, spherule_policy_grants_ipv4(policy, htonl(0x0a000265)));
	KUNIT_EXPECT_TRUE(test, spherule_policy_grants_port(policy, IPPROTO_TCP, 8080));
	KUNIT_EXPECT_FALSE(test, spherule_policy_grants_port(policy, IPPROTO_UDP, 8080));
	KUNIT_EXPECT_TRUE(test, spherule_policy_grants_port(policy, IPPROTO_UDP, 5353));
	KUNIT_EXPECT_TRUE(test, spherule_policy_names_host(policy, "a.bcd"));
	KUNIT_EXPECT_TRUE(test, spherule_policy_names_host(policy, "q.w.xy"));
	KUNIT_EXPECT_FALSE(test, spherule_policy_names_host(policy, "w.xy"));
	KUNIT_EXPECT_FALSE(test, spherule_policy_names_host(policy, "b.bcd"));
	spherule_policy_put(policy);
}

static void test_empty_policy(struct kunit *test)
{
	static const u8 empty[SPHERULE_POLICY_HEADER_SIZE] = { 2, 0, SPHERULE_POLICY_STORAGE };
	struct spherule_policy *policy = decode(test, empty, sizeof(empty));

	KUNIT_ASSERT_FALSE(test, IS_ERR(policy));
	KUNIT_EXPECT_EQ(test, policy->flags, SPHERULE_POLICY_STORAGE);
	KUNIT_EXPECT_FALSE(test, spherule_policy_grants_network(policy));
	KUNIT_EXPECT_FALSE(test, spherule_policy_grants_gpio_chip(policy, MKDEV(254, 0)));
	spherule_policy_put(policy);
}

static void test_bad_header(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, decode_changed(test, 0, 1), -EINVAL);		/* version 1 */
	KUNIT_EXPECT_EQ(test, decode_changed(test, 0, 3), -EINVAL);		/* version 3 */
	KUNIT_EXPECT_EQ(test, decode_changed(test, AT_FLAGS, 15), 0);	/* resolver, storage, secmon, device auth */
	KUNIT_EXPECT_EQ(test, decode_changed(test, AT_FLAGS, 16), -EINVAL);	/* unknown flag */
	KUNIT_EXPECT_EQ(test, decode_changed(test, AT_RESERVED, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, decode_changed(test, AT_GPIO_COUNT, 33), -EINVAL);	/* over the limit */
	KUNIT_EXPECT_EQ(test, decode_changed(test, AT_GPIO_COUNT + 1, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, decode_changed(test, AT_HOST_COUNT, 17), -EINVAL);
	KUNIT_EXPECT_EQ(test, decode_changed(test, AT_HOST_COUNT, 3), -EINVAL);	/* more names than bytes */
	KUNIT_EXPECT_EQ(test, decode_changed(test, AT_HOST_COUNT, 1), -EINVAL);	/* bytes left over */
}

static void test_bad_entries(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, decode_changed(test, AT_MAJOR + 3, 0x10), -EINVAL);	/* major out of range */
	KUNIT_EXPECT_EQ(test, decode_changed(test, AT_MAJOR + 7, 0x10), -EINVAL);	/* minor out of range */
	{
		u8 buf[sizeof(valid)];
		struct spherule_policy *policy;

		memcpy(buf, valid, sizeof(buf));
		put_unaligned_le16(0, buf + AT_TCP_PORT);	/* port 0 */
		policy = decode(test, buf, sizeof(buf));
		KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(policy), -EINVAL);
	}
	KUNIT_EXPECT_EQ(test, decode_changed(test, AT_FIRST_NAME + 1, 'A'), -EINVAL);	/* upper case */
	KUNIT_EXPECT_EQ(test, decode_changed(test, AT_FIRST_NAME + 2, '*'), -EINVAL);	/* inner wildcard */
	KUNIT_EXPECT_EQ(test, decode_changed(test, AT_FIRST_NAME, 0), -EINVAL);		/* empty name */
	KUNIT_EXPECT_EQ(test, decode_changed(test, AT_FIRST_NAME, 200), -EINVAL);	/* past the end */
}

static void test_every_length(struct kunit *test)
{
	size_t len;

	for (len = 0; len < sizeof(valid); len++) {
		struct spherule_policy *policy = decode(test, valid, len);

		KUNIT_EXPECT_EQ_MSG(test, PTR_ERR_OR_ZERO(policy), -EINVAL, "length %zu", len);
		if (!IS_ERR(policy))
			spherule_policy_put(policy);
	}
}

static struct kunit_case policy_decode_cases[] = {
	KUNIT_CASE(test_valid_policy),
	KUNIT_CASE(test_empty_policy),
	KUNIT_CASE(test_bad_header),
	KUNIT_CASE(test_bad_entries),
	KUNIT_CASE(test_every_length),
	{}
};

static struct kunit_suite policy_decode_suite = {
	.name = "spherule_policy_decode",
	.test_cases = policy_decode_cases,
};

kunit_test_suite(policy_decode_suite);
