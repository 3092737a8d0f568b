/* devauth — the device certificate's attack cases (docs/security-model.md,
 * "Device certificate"): appmgr publishes the certificate and its key in
 * /mnt/data/deviceauth, owned by SPHERULE_DEVICE_AUTH_UID, files mode 0444
 * (readable by every uid: only the Spherule LSM refuses). One binary, two
 * manifests:
 *   devauth reader     DeviceAuthentication, no storage: it waits until the
 *                      certificate is published, then may read, stat and
 *                      list it, and may not write, create, remove, rename,
 *                      truncate or chmod anything there, nor statfs it, nor
 *                      reach the rest of the data partition;
 *   devauth outsider   MutableStorage, no DeviceAuthentication: it reaches
 *                      nothing there by any path, cannot link or rename the
 *                      files into its own storage, and its own storage still
 *                      works.
 * Each prints one line per case (case_report.h) between "<prefix>: start"
 * and "<prefix>: done P passed, F failed", then stays idle. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/spherule.h>

#include "attempts.h"
#include "case_report.h"
#include "spherule/deviceauth_files.h"

#define SHELF DEVICEAUTH_PUBLISH_DIR
#define CERT SHELF "/" DEVICEAUTH_PUBLISH_CERT
#define CHAIN SHELF "/" DEVICEAUTH_PUBLISH_CHAIN
#define OUTSIDER_ID "c3f1a7d2-5b84-4e69-9a0c-7d2e8f41b536"
#define OWN_DIR "/mnt/data/apps/" OUTSIDER_ID
#define WAIT_POLL_S 2

/* Reads path whole: 0 when it holds a PEM certificate and a PEM private
 * key, -EBADMSG when it does not, or -errno. */
static int read_holds_cert_and_key(const char *path)
{
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return -EIO;
	buf[n] = '\0';
	return strstr(buf, "-----BEGIN CERTIFICATE-----") && strstr(buf, "-----BEGIN EC PRIVATE KEY-----") ?
		       0 :
		       -EBADMSG;
}

/* The owner and mode appmgr publishes with. */
static int published_as_documented(void)
{
	struct stat st;

	if (stat(CERT, &st) != 0)
		return -errno;
	return st.st_uid == SPHERULE_DEVICE_AUTH_UID && (st.st_mode & 07777) == 0444 ? 0 : -EBADMSG;
}

static int read_cert(void) { return read_holds_cert_and_key(CERT); }
static int read_chain(void) { return try_open(CHAIN, O_RDONLY | O_CLOEXEC); }
static int list_shelf(void) { return try_open(SHELF, O_RDONLY | O_DIRECTORY | O_CLOEXEC); }
static int write_cert(void) { return try_open(CERT, O_WRONLY | O_CLOEXEC); }
static int read_write_cert(void) { return try_open(CERT, O_RDWR | O_CLOEXEC); }
static int append_cert(void) { return try_open(CERT, O_WRONLY | O_APPEND | O_CLOEXEC); }
static int create_in_shelf(void) { return try_create(SHELF "/planted"); }
static int mkdir_in_shelf(void) { return attempt_result(mkdir(SHELF "/planted", 0700)); }
static int symlink_in_shelf(void) { return attempt_result(symlink(CERT, SHELF "/planted")); }
static int unlink_cert(void) { return attempt_result(unlink(CERT)); }
static int rename_cert(void) { return attempt_result(rename(CERT, SHELF "/moved")); }
static int rename_chain_over_cert(void) { return attempt_result(rename(CHAIN, CERT)); }
static int truncate_cert(void) { return attempt_result(truncate(CERT, 0)); }
static int chmod_cert(void) { return attempt_result(chmod(CERT, 0666)); }
static int statfs_shelf(void) { return try_statfs(SHELF); }
static int list_data(void) { return try_open("/mnt/data", O_RDONLY | O_DIRECTORY | O_CLOEXEC); }
static int read_appmgr_copy(void) { return try_open("/mnt/data/appmgr-deviceauth", O_RDONLY | O_CLOEXEC); }

static const struct attack_case reader_cases[] = {
	{ "read the certificate: a PEM certificate and its private key", 0, read_cert },
	{ "published by SPHERULE_DEVICE_AUTH_UID, mode 0444", 0, published_as_documented },
	{ "read the chain", 0, read_chain },
	{ "list the certificate's directory", 0, list_shelf },
	{ "open the certificate for writing", -EACCES, write_cert },
	{ "open the certificate for reading and writing", -EACCES, read_write_cert },
	{ "open the certificate for appending", -EACCES, append_cert },
	{ "create a file beside it", -EACCES, create_in_shelf },
	{ "make a directory beside it", -EACCES, mkdir_in_shelf },
	{ "symlink beside it", -EACCES, symlink_in_shelf },
	{ "unlink the certificate", -EACCES, unlink_cert },
	{ "rename the certificate", -EACCES, rename_cert },
	{ "rename the chain over the certificate", -EACCES, rename_chain_over_cert },
	{ "truncate the certificate", -EACCES, truncate_cert },
	{ "chmod the certificate (not its owner)", -EPERM, chmod_cert },
	{ "statfs of the certificate's directory", -EACCES, statfs_shelf },
	{ "list /mnt/data", -EACCES, list_data },
	{ "read appmgr's own copy (/mnt/data/appmgr-deviceauth)", -EACCES, read_appmgr_copy },
};

static int stat_cert(void) { return try_stat(CERT); }
static int stat_shelf(void) { return try_stat(SHELF); }
static int read_cert_plain(void) { return try_open(CERT, O_RDONLY | O_CLOEXEC); }
static int read_cert_via_proc_root(void) { return try_open("/proc/self/root" CERT, O_RDONLY | O_CLOEXEC); }
static int read_cert_via_own_dir(void) { return try_open(OWN_DIR "/../../deviceauth/device.pem", O_RDONLY | O_CLOEXEC); }
static int link_cert_to_own(void) { return attempt_result(link(CERT, OWN_DIR "/stolen")); }
static int rename_cert_to_own(void) { return attempt_result(rename(CERT, OWN_DIR "/stolen")); }
static int create_in_shelf_outsider(void) { return try_create(SHELF "/planted"); }

/* Its own storage still works: write a file, read it back, remove it. */
static int own_storage_works(void)
{
	char back[8] = "";
	int fd = open(OWN_DIR "/own", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, "mine\n", 5) != 5 || pread(fd, back, 5, 0) != 5 || memcmp(back, "mine\n", 5) != 0)
		err = -EIO;
	close(fd);
	return err ? err : attempt_result(unlink(OWN_DIR "/own"));
}

static const struct attack_case outsider_cases[] = {
	{ "read the certificate (mode 0444)", -EACCES, read_cert_plain },
	{ "stat the certificate", -EACCES, stat_cert },
	{ "stat the certificate's directory", -EACCES, stat_shelf },
	{ "list the certificate's directory", -EACCES, list_shelf },
	{ "read the chain", -EACCES, read_chain },
	{ "the certificate through /proc/self/root", -EACCES, read_cert_via_proc_root },
	{ "the certificate through its own directory's ..", -EACCES, read_cert_via_own_dir },
	{ "hard link the certificate into its own directory", -EACCES, link_cert_to_own },
	{ "rename the certificate into its own directory", -EACCES, rename_cert_to_own },
	{ "create a file beside it", -EACCES, create_in_shelf_outsider },
	{ "its own storage: write, read back, remove", 0, own_storage_works },
};

int main(int argc, char **argv)
{
	bool reader = argc > 1 && strcmp(argv[1], "reader") == 0;
	struct case_run run = { .prefix = reader ? "devauth-reader" : "devauth-outsider", .pace_ms = CASE_LINE_PACE_MS };
	struct stat st;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* The reader sees the certificate appear; the outsider cannot, and
	 * needs no certificate to be refused. */
	while (reader && stat(CERT, &st) != 0)
		sleep(WAIT_POLL_S);
	printf("%s: start\n", run.prefix);
	if (reader)
		case_run_table(&run, reader_cases, CASE_COUNT(reader_cases));
	else
		case_run_table(&run, outsider_cases, CASE_COUNT(outsider_cases));
	case_run_done(&run);
	for (;;)
		pause();
}
