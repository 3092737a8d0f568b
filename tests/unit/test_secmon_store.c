/*
 * test_secmon_store.c - secmon's store (secmon/store.c, store_manufacture.c)
 * and its counters (counter.c, durable_file.c): manufacture makes a whole
 * store with a private key only the owner reads and the device id of its
 * public key, refuses to replace a store unless asked and a store in use
 * ever, and a key both revoked and trusted or development, or both OEM and
 * development; a malformed store is refused (one without development keys,
 * made before they existed, is not); counters only move forward, survive
 * reopening, and a failure or a kill at every step of an update leaves the
 * old value or the new one.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "counter.h"
#include "durable_file.h"
#include "spherule/pkg_host.h"
#include "store.h"
#include "tap.h"

static char dir[] = "/tmp/test_secmon_store.XXXXXX";
static char store[PATH_MAX];
static struct secmon_key_set sets[SECMON_KEY_SETS];

static void add_new_key(enum secmon_key_set_id id)
{
	struct error_detail err = { "" };
	uint8_t point[PKG_PUBKEY_SIZE];
	EVP_PKEY *key = pkg_key_generate(&err);

	if (!key || pkg_key_point(key, point, &err) || secmon_key_set_add(&sets[id], point, &err)) {
		printf("Bail out! key: %s\n", err.msg);
		exit(1);
	}
	EVP_PKEY_free(key);
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static void path_in_store(char *out, size_t len, const char *rel)
{
	snprintf(out, len, "%s/%s", store, rel);
}

static mode_t mode_of(const char *rel)
{
	char path[PATH_MAX + 64];
	struct stat st;

	path_in_store(path, sizeof(path), rel);
	return stat(path, &st) < 0 ? 0 : st.st_mode & 07777;
}

static void test_manufacture(void)
{
	struct error_detail err = { "" };
	uint8_t thumbprint[PKG_THUMBPRINT_SIZE];
	char id[65], again[65], hex[65];
	struct secmon_store s, t;

	tap_ok(secmon_store_manufacture(store, sets, false, id, &err) == 0, "manufacture: %s", err.msg);
	tap_ok(strlen(id) == 64 && strspn(id, "0123456789abcdef") == 64, "the device id is 64 hex digits");
	tap_ok(secmon_store_open(store, false, &s, &err) == 0, "open: %s", err.msg);
	pkg_thumbprint(s.device_point, thumbprint);
	pkg_thumbprint_hex(thumbprint, hex);
	tap_ok(!strcmp(s.device_id, id) && !strcmp(hex, id),
	       "device id = hex SHA-256 of the 65-byte public point, the same after reopening");
	tap_ok(s.sets[SECMON_VENDOR_KEYS].count == 2 && s.sets[SECMON_OEM_KEYS].count == 1 &&
		       s.sets[SECMON_REVOKED_KEYS].count == 1 && s.sets[SECMON_DEVELOPMENT_KEYS].count == 1 &&
		       secmon_key_find(&s.sets[SECMON_VENDOR_KEYS], sets[SECMON_VENDOR_KEYS].keys[1].thumbprint) &&
		       secmon_key_find(&s.sets[SECMON_OEM_KEYS], sets[SECMON_OEM_KEYS].keys[0].thumbprint) &&
		       secmon_key_find(&s.sets[SECMON_REVOKED_KEYS], sets[SECMON_REVOKED_KEYS].keys[0].thumbprint) &&
		       secmon_key_find(&s.sets[SECMON_DEVELOPMENT_KEYS], sets[SECMON_DEVELOPMENT_KEYS].keys[0].thumbprint),
	       "the four key sets are as given");
	tap_ok(mode_of(".") == 0700 && mode_of(SECMON_DEVICE_KEY_FILE) == 0600,
	       "the store is 0700, the private key 0600 (modes %o, %o)", mode_of("."),
	       mode_of(SECMON_DEVICE_KEY_FILE));
	tap_ok(secmon_store_manufacture(store, sets, false, again, &err) == -EEXIST &&
		       strstr(err.msg, "a store exists already"),
	       "a second manufacture is refused: %s", err.msg);
	tap_ok(secmon_store_open(store, true, &t, &err) == 0 && !strcmp(t.device_id, id), "the store is unchanged");
	secmon_store_close(&s);

	tap_ok(secmon_store_open(store, true, &s, &err) == -EBUSY, "a second exclusive open is refused: %s", err.msg);
	tap_ok(secmon_store_manufacture(store, sets, true, again, &err) == -EBUSY,
	       "replacing a store in use is refused: %s", err.msg);
	secmon_store_close(&t);
	tap_ok(secmon_store_manufacture(store, sets, true, again, &err) == 0 && strcmp(again, id),
	       "replacing it (--force) makes a new identity");
	tap_ok(secmon_store_open(store, false, &s, &err) == 0 && !strcmp(s.device_id, again),
	       "which the store now holds");
	secmon_store_close(&s);
}

static void test_manufacture_refusals(void)
{
	struct secmon_key_set bad[SECMON_KEY_SETS];
	struct error_detail err = { "" };
	char other[PATH_MAX + 16], id[65];

	snprintf(other, sizeof(other), "%s/other.secmon", dir);
	memcpy(bad, sets, sizeof(bad));
	bad[SECMON_OEM_KEYS].count = 0;
	tap_ok(secmon_store_manufacture(other, bad, false, id, &err) == -EINVAL, "no OEM key: %s", err.msg);
	memcpy(bad, sets, sizeof(bad));
	bad[SECMON_REVOKED_KEYS].keys[0] = sets[SECMON_VENDOR_KEYS].keys[0];
	tap_ok(secmon_store_manufacture(other, bad, false, id, &err) == -EINVAL &&
		       strstr(err.msg, "both trusted and revoked"),
	       "a key both trusted and revoked: %s", err.msg);
	memcpy(bad, sets, sizeof(bad));
	bad[SECMON_REVOKED_KEYS].keys[0] = sets[SECMON_DEVELOPMENT_KEYS].keys[0];
	tap_ok(secmon_store_manufacture(other, bad, false, id, &err) == -EINVAL &&
		       strstr(err.msg, "both a development key and revoked"),
	       "a key both development and revoked: %s", err.msg);
	memcpy(bad, sets, sizeof(bad));
	bad[SECMON_DEVELOPMENT_KEYS].keys[0] = sets[SECMON_OEM_KEYS].keys[0];
	tap_ok(secmon_store_manufacture(other, bad, false, id, &err) == -EINVAL &&
		       strstr(err.msg, "both an OEM key and a development key"),
	       "a key both OEM and development: %s", err.msg);
	tap_ok(access(other, F_OK) < 0, "a refused manufacture leaves no store");
	tap_ok(secmon_key_set_add(&bad[SECMON_OEM_KEYS], sets[SECMON_VENDOR_KEYS].keys[0].point, &err) == 0 &&
		       secmon_key_set_add(&bad[SECMON_OEM_KEYS], sets[SECMON_VENDOR_KEYS].keys[0].point, &err) == -EEXIST,
	       "a key given twice: %s", err.msg);
}

/* Renames rel to rel2 in the store, opens it and expects a malformed store naming want. */
static void malformed(const char *rel, const char *rel2, const char *want, const char *name)
{
	char a[PATH_MAX + 64], b[PATH_MAX + 64];
	struct error_detail err = { "" };
	struct secmon_store s;
	int rc;

	path_in_store(a, sizeof(a), rel);
	path_in_store(b, sizeof(b), rel2);
	rename(a, b);
	rc = secmon_store_open(store, false, &s, &err);
	tap_ok(rc == -EINVAL && strstr(err.msg, "malformed store") && strstr(err.msg, want), "%s: %s", name, err.msg);
	rename(b, a);
}

static void test_malformed(void)
{
	struct error_detail err = { "" };
	char hex[65], rel[128], path[PATH_MAX + 64], old[PATH_MAX + 64];
	struct secmon_store s;

	malformed("format", "format.old", "format: No such file", "no format marker (an unfinished store)");
	malformed(SECMON_DEVICE_KEY_FILE, "x", "device.key", "no device key");
	malformed(SECMON_COUNTERS_DIR, "x", "counters", "no counters directory");
	pkg_thumbprint_hex(sets[SECMON_OEM_KEYS].keys[0].thumbprint, hex);
	snprintf(rel, sizeof(rel), "oem-keys/%s", hex);
	malformed(rel, "oem-keys/0000000000000000000000000000000000000000000000000000000000000000",
		  "holds key", "a key file under another key's name");
	malformed(rel, "oem-keys/key.pem", "not a key file", "a file that is not a key file");
	pkg_thumbprint_hex(sets[SECMON_DEVELOPMENT_KEYS].keys[0].thumbprint, hex);
	snprintf(rel, sizeof(rel), "development-keys/%s", hex);
	malformed(rel, "development-keys/junk", "development-keys/junk: not a key file", "junk in the development keys");
	path_in_store(path, sizeof(path), "development-keys");
	path_in_store(old, sizeof(old), "old");
	rename(path, old);
	tap_ok(secmon_store_open(store, false, &s, &err) == 0 && s.sets[SECMON_DEVELOPMENT_KEYS].count == 0,
	       "a store without development-keys/ (made before the set existed) opens without development keys");
	secmon_store_close(&s);
	rename(old, path);
	path_in_store(path, sizeof(path), "vendor-keys/junk");
	close(open(path, O_CREAT | O_WRONLY, 0644));
	tap_ok(secmon_store_open(store, false, &s, &err) == -EINVAL && strstr(err.msg, "vendor-keys/junk"),
	       "junk in a key set: %s", err.msg);
	unlink(path);
	snprintf(path, sizeof(path), "%s/none.secmon", dir);
	tap_ok(secmon_store_open(path, false, &s, &err) == -ENOENT, "no store: -ENOENT");
}

/* Writes counters/os with text. */
static void put_counter_text(const char *name, const char *text)
{
	char rel[64], path[PATH_MAX + 64];
	FILE *f;

	snprintf(rel, sizeof(rel), "%s/%s", SECMON_COUNTERS_DIR, name);
	path_in_store(path, sizeof(path), rel);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

static uint32_t counter(const struct secmon_store *s)
{
	uint32_t v = 12345;

	return secmon_counter_read(s, SECMON_COUNTER_OS, &v, NULL) == 0 ? v : 99999;
}

static void test_counters(void)
{
	static const char *const bad_names[] = { "", "Os", "../os", "os.new", "-os",
						 "0123456789012345678901234567890123456" };
	static const char *const bad_text[] = { "03\n", "x\n", "4294967296\n", "5", "\n", "1 \n", "12345678901\n" };
	struct error_detail err = { "" };
	struct secmon_store s;
	uint32_t v;
	int ok = 1;

	secmon_store_open(store, true, &s, &err);
	tap_ok(counter(&s) == 0, "a new device's OS counter is 0");
	tap_ok(secmon_counter_advance(&s, SECMON_COUNTER_OS, 3, &err) == 0 && counter(&s) == 3, "advanced to 3");
	tap_ok(secmon_counter_advance(&s, SECMON_COUNTER_OS, 2, &err) == -ERANGE && counter(&s) == 3,
	       "never back: %s", err.msg);
	tap_ok(secmon_counter_advance(&s, SECMON_COUNTER_OS, 3, &err) == 0 && counter(&s) == 3, "the same value: kept");
	tap_ok(secmon_counter_advance(&s, "6b9a3c0e-1f2d-4c8a-9e7b-0a1b2c3d4e5f", 7, &err) == 0 &&
		       secmon_counter_read(&s, "6b9a3c0e-1f2d-4c8a-9e7b-0a1b2c3d4e5f", &v, &err) == 0 && v == 7 &&
		       counter(&s) == 3,
	       "an app's counter, by its component id, is its own");
	secmon_store_close(&s);
	secmon_store_open(store, true, &s, &err);
	tap_ok(counter(&s) == 3, "the counter survives reopening the store (a restart)");
	for (size_t i = 0; i < sizeof(bad_names) / sizeof(bad_names[0]); i++)
		ok &= secmon_counter_advance(&s, bad_names[i], 1, &err) == -EINVAL &&
		      secmon_counter_read(&s, bad_names[i], &v, &err) == -EINVAL;
	tap_ok(ok, "names that are not component names are refused");
	ok = 1;
	for (size_t i = 0; i < sizeof(bad_text) / sizeof(bad_text[0]); i++) {
		put_counter_text("bad", bad_text[i]);
		ok &= secmon_counter_read(&s, "bad", &v, &err) == -EINVAL && strstr(err.msg, "malformed");
		ok &= secmon_counter_advance(&s, "bad", 99, &err) == -EINVAL;
	}
	tap_ok(ok, "a malformed counter file is refused, never read as 0: %s", err.msg);
	put_counter_text("bad", "4294967295\n");
	tap_ok(secmon_counter_read(&s, "bad", &v, &err) == 0 && v == UINT32_MAX, "the largest value reads");
	secmon_store_close(&s);
}

static enum durable_step fault_at;
static int fault_hook(enum durable_step step)
{
	return step == fault_at ? -EIO : 0;
}

static int kill_hook(enum durable_step step)
{
	if (step == fault_at)
		raise(SIGKILL);
	return 0;
}

static bool leftover(void)
{
	char path[PATH_MAX + 64];

	path_in_store(path, sizeof(path), SECMON_COUNTERS_DIR "/os.new");
	return access(path, F_OK) == 0;
}

static void test_power_cut(void)
{
	static const char *const steps[] = { "creating the new file", "writing it", "syncing it",
					     "renaming it over the old", "syncing the directory" };
	struct error_detail err = { "" };
	struct secmon_store s;
	uint32_t old;
	int ok;

	secmon_store_open(store, true, &s, &err);
	for (fault_at = DURABLE_CREATE; fault_at < DURABLE_STEPS; fault_at++) {
		int rc;

		old = counter(&s);
		durable_fault_hook = fault_hook;
		rc = secmon_counter_advance(&s, SECMON_COUNTER_OS, old + 1, &err);
		durable_fault_hook = NULL;
		ok = rc == -EIO && counter(&s) == (fault_at <= DURABLE_RENAME ? old : old + 1) && !leftover();
		tap_ok(ok, "a failure %s: -EIO, the %s value, no temporary file left (%u -> %u)", steps[fault_at],
		       fault_at <= DURABLE_RENAME ? "old" : "new", old, counter(&s));
	}
	for (fault_at = DURABLE_CREATE; fault_at < DURABLE_STEPS; fault_at++) {
		pid_t pid;
		int status;

		old = counter(&s);
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			durable_fault_hook = kill_hook;
			secmon_counter_advance(&s, SECMON_COUNTER_OS, old + 1, NULL);
			_exit(0);
		}
		waitpid(pid, &status, 0);
		ok = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL &&
		     counter(&s) == (fault_at <= DURABLE_RENAME ? old : old + 1);
		tap_ok(ok, "killed %s: the %s value (%u -> %u)%s", steps[fault_at],
		       fault_at <= DURABLE_RENAME ? "old" : "new", old, counter(&s),
		       leftover() ? ", a temporary file left" : "");
	}
	put_counter_text("os.new", "9999");
	old = counter(&s);
	tap_ok(old < 9999 && secmon_counter_advance(&s, SECMON_COUNTER_OS, old + 1, &err) == 0 &&
		       counter(&s) == old + 1 && !leftover(),
	       "a torn temporary file is ignored, and the next update replaces it");
	secmon_store_close(&s);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	snprintf(store, sizeof(store), "%s/device.flash" SECMON_STORE_SUFFIX, dir);
	add_new_key(SECMON_VENDOR_KEYS);
	add_new_key(SECMON_VENDOR_KEYS);
	add_new_key(SECMON_OEM_KEYS);
	add_new_key(SECMON_REVOKED_KEYS);
	add_new_key(SECMON_DEVELOPMENT_KEYS);
	test_manufacture();
	test_manufacture_refusals();
	test_malformed();
	test_counters();
	test_power_cut();
	nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
	return tap_done();
}
