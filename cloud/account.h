/*
 * account.h - the dashboard's accounts (docs/cloud.md, "Dashboard"): one
 * account, "admin", made at the service's first start with a random password
 * written to STATE/admin-password (mode 0600); passwords hashed with scrypt,
 * the KDF and its parameters stored with each hash (so they can be raised: a
 * login with older parameters hashes the password again with the current
 * ones); logins rate-limited per account in the database (so every instance
 * counts the same failures).
 */
#ifndef SPHERULE_CLOUD_ACCOUNT_H
#define SPHERULE_CLOUD_ACCOUNT_H

#include <stdint.h>
#include <stdio.h>

#include "db.h"

#define ACCOUNT_ADMIN "admin"
#define ACCOUNT_PASSWORD_FILE "admin-password"
#define ACCOUNT_PASSWORD_MIN 12
#define ACCOUNT_PASSWORD_MAX 1024
/* The rate limit: after LOGIN_FAILURES_MAX failed logins within
 * LOGIN_WINDOW_S seconds of the first, the account's logins (right or
 * wrong) are refused until that window ends; a successful login or a new
 * password clears the count. */
#define LOGIN_FAILURES_MAX 5
#define LOGIN_WINDOW_S 300

/* Makes the admin account when the database has none: a random password,
 * hashed into the database and written to STATE/admin-password; prints the
 * log line that says where. 0 (also when it exists) or -errno with why. */
int account_bootstrap(const char *state_dir, struct cloud_db *db, char *why, size_t whylen);

/* Sets name's password (made when missing), clears its failures and ends
 * its sessions. 0 or -errno with why. */
int account_set_password(struct cloud_db *db, const char *name, const char *password, char *why, size_t whylen);

/* spherule-cloud admin-password: the admin's new password from the first
 * line of in; removes the first start's STATE/admin-password, now stale.
 * 0 or -errno with why. */
int account_password_command(const char *state_dir, struct cloud_db *db, FILE *in, char *why, size_t whylen);

/* Checks a login at now: 0 when the password is right, -EACCES when the
 * name or password is wrong (the same time either way), -EAGAIN when the
 * account is rate-limited (*retry_after: seconds until it is not), -EINVAL
 * when the stored hash's KDF or salt cannot be used, -EIO for a database
 * failure. */
int account_login(struct cloud_db *db, const char *name, const char *password, int64_t now, int64_t *retry_after);

#endif
