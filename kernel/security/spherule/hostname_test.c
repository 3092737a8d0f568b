// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - KUnit tests of host names (hostname.c): which names are
 * valid, with and without a wildcard, and which pattern names which host.
 */

#include <kunit/test.h>
#include <linux/string.h>

#include "hostname.h"

static bool valid(const char *name, bool wildcard)
{
	return spherule_host_name_valid(name, strlen(name), wildcard);
}

static void test_valid_names(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, valid("a", false));
	KUNIT_EXPECT_TRUE(test, valid("example.com", false));
	KUNIT_EXPECT_TRUE(test, valid("a-b.c0.d", false));
	KUNIT_EXPECT_TRUE(test, valid("*.example.com", true));
	KUNIT_EXPECT_FALSE(test, valid("*.example.com", false));
	KUNIT_EXPECT_FALSE(test, valid("", false));
	KUNIT_EXPECT_FALSE(test, valid("*.", true));
	KUNIT_EXPECT_FALSE(test, valid("*", true));
	KUNIT_EXPECT_FALSE(test, valid("a.*.b", true));
	KUNIT_EXPECT_FALSE(test, valid("Example.com", false));
	KUNIT_EXPECT_FALSE(test, valid("-a.b", false));
	KUNIT_EXPECT_FALSE(test, valid("a-.b", false));
	KUNIT_EXPECT_FALSE(test, valid("a..b", false));
	KUNIT_EXPECT_FALSE(test, valid(".a", false));
	KUNIT_EXPECT_FALSE(test, valid("a.", false));
	KUNIT_EXPECT_FALSE(test, valid("a_b", false));
	KUNIT_EXPECT_FALSE(test, valid("a b", false));
}

static void test_name_lengths(struct kunit *test)
{
	char name[260];

	memset(name, 'a', 63);
	name[63] = '\0';
	KUNIT_EXPECT_TRUE(test, valid(name, false));		/* a 63-byte label */
	memset(name, 'a', 64);
	name[64] = '\0';
	KUNIT_EXPECT_FALSE(test, valid(name, false));	/* a 64-byte label */
	/* 253 bytes: labels of 63, 63, 63 and 61 with three dots. */
	memset(name, 'a', 253);
	name[63] = name[127] = name[191] = '.';
	name[253] = '\0';
	KUNIT_EXPECT_TRUE(test, valid(name, false));
	name[253] = 'a';
	name[254] = '\0';
	KUNIT_EXPECT_FALSE(test, valid(name, false));	/* 254 bytes */
	/* The length given counts, not a NUL. */
	KUNIT_EXPECT_TRUE(test, spherule_host_name_valid("ab.c", 2, false));
}

static void test_matching(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, spherule_host_matches("a.example.com", "a.example.com"));
	KUNIT_EXPECT_FALSE(test, spherule_host_matches("a.example.com", "b.example.com"));
	KUNIT_EXPECT_FALSE(test, spherule_host_matches("example.com", "a.example.com"));
	KUNIT_EXPECT_TRUE(test, spherule_host_matches("*.example.com", "a.example.com"));
	KUNIT_EXPECT_TRUE(test, spherule_host_matches("*.example.com", "b.a.example.com"));
	KUNIT_EXPECT_FALSE(test, spherule_host_matches("*.example.com", "example.com"));
	KUNIT_EXPECT_FALSE(test, spherule_host_matches("*.example.com", "aexample.com"));
	KUNIT_EXPECT_FALSE(test, spherule_host_matches("*.example.com", "a.example.co"));
}

static struct kunit_case hostname_cases[] = {
	KUNIT_CASE(test_valid_names),
	KUNIT_CASE(test_name_lengths),
	KUNIT_CASE(test_matching),
	{}
};

static struct kunit_suite hostname_suite = {
	.name = "spherule_hostname",
	.test_cases = hostname_cases,
};

kunit_test_suite(hostname_suite);
