/* account.c - the dashboard's accounts, their scrypt hashes and the login
 * rate limit (account.h). */
#include <errno.h>
#include <inttypes.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "account.h"
#include "api_util.h"
#include "hex.h"
#include "spherule/pkg_host.h"
#include "state_dir.h"

/* New hashes: scrypt with N = 2^15, r = 8, p = 1 (32 MiB and about 0.1 s
 * per hash: the scrypt paper's parameters for interactive logins), a 16-byte
 * random salt, a 32-byte key. */
#define KDF_CURRENT "scrypt:N=32768,r=8,p=1"
#define KDF_SALT 16
#define KDF_KEY 32
/* The most memory a stored hash's parameters may ask for. */
#define KDF_MAXMEM (256ull << 20)

struct account_row {
	char kdf[64], salt[2 * KDF_SALT + 1], hash[2 * KDF_KEY + 1];
	int64_t failures, failed_since;
};

/* password's key under kdf ("scrypt:N=..,r=..,p=..") and salt. */
static int kdf_derive(const char *kdf, const char *password, const uint8_t *salt, size_t salt_len,
		      uint8_t key[KDF_KEY])
{
	uint64_t n, r, p;
	int end = 0;

	if (sscanf(kdf, "scrypt:N=%" SCNu64 ",r=%" SCNu64 ",p=%" SCNu64 "%n", &n, &r, &p, &end) != 3 ||
	    kdf[end] != '\0' || n < 2 || (n & (n - 1)) != 0 || r == 0 || p == 0)
		return -EINVAL;
	return EVP_PBE_scrypt(password, strlen(password), salt, salt_len, n, r, p, KDF_MAXMEM, key, KDF_KEY) == 1
		       ? 0
		       : -EINVAL;
}

static int read_account(void *ctx, int ncols, const char *const *cols)
{
	struct account_row *a = ctx;

	snprintf(a->kdf, sizeof(a->kdf), "%s", cols[0]);
	snprintf(a->salt, sizeof(a->salt), "%s", cols[1]);
	snprintf(a->hash, sizeof(a->hash), "%s", cols[2]);
	a->failures = api_col_int(cols[3]);
	a->failed_since = api_col_int(cols[4]);
	return 1;
}

/* name's row with password hashed anew (current KDF, new salt): made, or
 * replaced only when replace. 1 when written, 0 when it existed (and not
 * replace), or -errno. */
static int store_password(struct cloud_db *db, const char *name, const char *password, bool replace)
{
	static const char insert[] = "INSERT INTO accounts (name, kdf, salt, hash, created_at) VALUES ($1, $2, $3, $4, $5) ";
	uint8_t salt[KDF_SALT], key[KDF_KEY];
	char salt_hex[2 * KDF_SALT + 1], key_hex[2 * KDF_KEY + 1], now[24], sql[512];
	int rc;

	if (pkg_random(salt, sizeof(salt)) < 0 || kdf_derive(KDF_CURRENT, password, salt, sizeof(salt), key) < 0)
		return -EIO;
	hex_encode(salt, sizeof(salt), salt_hex);
	hex_encode(key, sizeof(key), key_hex);
	explicit_bzero(key, sizeof(key));
	snprintf(sql, sizeof(sql), "%s%s", insert,
		 replace ? "ON CONFLICT (name) DO UPDATE SET kdf = excluded.kdf, salt = excluded.salt, "
			   "hash = excluded.hash, failures = 0, failed_since = 0 RETURNING name"
			 : "ON CONFLICT (name) DO NOTHING RETURNING name");
	rc = cloud_db_get(db, NULL, 0, sql, 5, name, KDF_CURRENT, salt_hex, key_hex, api_num(now, api_now()));
	explicit_bzero(key_hex, sizeof(key_hex));
	return rc;
}

int account_set_password(struct cloud_db *db, const char *name, const char *password, char *why, size_t whylen)
{
	int rc = cloud_db_begin(db);

	if (rc == 0)
		rc = store_password(db, name, password, true);
	if (rc >= 0)
		rc = cloud_db_exec(db, NULL, NULL, "DELETE FROM sessions WHERE account = $1", 1, name);
	if (rc >= 0)
		rc = cloud_db_commit(db);
	if (rc < 0) {
		snprintf(why, whylen, "the account %s: %s", name, db->error[0] ? db->error : "no random bytes or scrypt");
		cloud_db_rollback(db);
	}
	return rc < 0 ? rc : 0;
}

int account_bootstrap(const char *state_dir, struct cloud_db *db, char *why, size_t whylen)
{
	uint8_t raw[16];
	char password[2 * sizeof(raw) + 2], path[PATH_MAX];
	int rc = cloud_db_get(db, NULL, 0, "SELECT name FROM accounts WHERE name = $1", 1, ACCOUNT_ADMIN);

	if (rc != 0) { /* made at an earlier start (no scrypt at every start), or a database failure */
		if (rc < 0)
			snprintf(why, whylen, "the admin account: %s", db->error);
		return rc < 0 ? rc : 0;
	}
	if (pkg_random(raw, sizeof(raw)) < 0) {
		snprintf(why, whylen, "no random bytes for the admin password");
		return -EIO;
	}
	hex_encode(raw, sizeof(raw), password);
	rc = store_password(db, ACCOUNT_ADMIN, password, false);
	if (rc <= 0) { /* 0: another instance made it first */
		if (rc < 0)
			snprintf(why, whylen, "the admin account: %s", db->error[0] ? db->error : "scrypt failed");
		explicit_bzero(password, sizeof(password));
		return rc;
	}
	snprintf(path, sizeof(path), "%s/" ACCOUNT_PASSWORD_FILE, state_dir);
	strcat(password, "\n");
	unlink(path); /* a file left from an earlier database names no password of this one */
	rc = cloud_file_publish(path, password, strlen(password), true);
	explicit_bzero(password, sizeof(password));
	if (rc < 0) {
		snprintf(why, whylen, "%s: %s", path, strerror(-rc));
		return rc;
	}
	printf("spherule-cloud: made the dashboard's account admin; its password is in %s (mode 0600)\n", path);
	fflush(stdout);
	return 0;
}

int account_password_command(const char *state_dir, struct cloud_db *db, FILE *in, char *why, size_t whylen)
{
	char password[ACCOUNT_PASSWORD_MAX + 2], path[PATH_MAX];
	size_t len;
	int rc;

	if (!fgets(password, sizeof(password), in)) {
		snprintf(why, whylen, "admin-password: no password on standard input");
		return -EINVAL;
	}
	len = strcspn(password, "\r\n");
	if (password[len] == '\0' && !feof(in)) {
		snprintf(why, whylen, "admin-password: the password is over %d bytes", ACCOUNT_PASSWORD_MAX);
		return -EINVAL;
	}
	password[len] = '\0';
	if (len < ACCOUNT_PASSWORD_MIN) {
		explicit_bzero(password, sizeof(password));
		snprintf(why, whylen, "admin-password: the password must have at least %d bytes", ACCOUNT_PASSWORD_MIN);
		return -EINVAL;
	}
	rc = account_set_password(db, ACCOUNT_ADMIN, password, why, whylen);
	explicit_bzero(password, sizeof(password));
	if (rc < 0)
		return rc;
	snprintf(path, sizeof(path), "%s/" ACCOUNT_PASSWORD_FILE, state_dir);
	if (unlink(path) < 0 && errno != ENOENT) {
		snprintf(why, whylen, "%s: %s", path, strerror(errno));
		return -errno;
	}
	return 0;
}

/* Counts a failed login of name at now: a new window when the last one
 * ended. */
static int count_failure(struct cloud_db *db, const char *name, int64_t now)
{
	char at[24], window[24];

	return cloud_db_exec(db, NULL, NULL,
			     "UPDATE accounts SET "
			     "failures = CASE WHEN failed_since + CAST($3 AS BIGINT) <= CAST($2 AS BIGINT) "
			     "THEN 1 ELSE failures + 1 END, "
			     "failed_since = CASE WHEN failed_since + CAST($3 AS BIGINT) <= CAST($2 AS BIGINT) "
			     "THEN CAST($2 AS BIGINT) ELSE failed_since END WHERE name = $1",
			     3, name, api_num(at, now), api_num(window, LOGIN_WINDOW_S));
}

int account_login(struct cloud_db *db, const char *name, const char *password, int64_t now, int64_t *retry_after)
{
	static const uint8_t dummy_salt[KDF_SALT];
	struct account_row a = { .kdf = "" };
	uint8_t salt[KDF_SALT], key[KDF_KEY];
	char key_hex[2 * KDF_KEY + 1];
	bool right;
	int rc = cloud_db_exec(db, read_account, &a,
			       "SELECT kdf, salt, hash, failures, failed_since FROM accounts WHERE name = $1", 1, name);

	if (rc < 0)
		return -EIO;
	if (rc == 0) { /* no such account: as long as a wrong password takes */
		kdf_derive(KDF_CURRENT, password, dummy_salt, sizeof(dummy_salt), key);
		return -EACCES;
	}
	if (a.failures >= LOGIN_FAILURES_MAX && now < a.failed_since + LOGIN_WINDOW_S) {
		*retry_after = a.failed_since + LOGIN_WINDOW_S - now;
		return -EAGAIN;
	}
	if (hex_decode(a.salt, salt, sizeof(salt)) < 0 || kdf_derive(a.kdf, password, salt, sizeof(salt), key) < 0)
		return -EINVAL;
	hex_encode(key, sizeof(key), key_hex);
	explicit_bzero(key, sizeof(key));
	right = strlen(a.hash) == 2 * KDF_KEY && CRYPTO_memcmp(key_hex, a.hash, 2 * KDF_KEY) == 0;
	explicit_bzero(key_hex, sizeof(key_hex));
	if (!right)
		return count_failure(db, name, now) < 0 ? -EIO : -EACCES;
	if (strcmp(a.kdf, KDF_CURRENT) != 0) /* raised parameters: hash it again (clears the failures) */
		return store_password(db, name, password, true) < 0 ? -EIO : 0;
	return cloud_db_exec(db, NULL, NULL, "UPDATE accounts SET failures = 0, failed_since = 0 WHERE name = $1", 1,
			     name) < 0
		       ? -EIO
		       : 0;
}
