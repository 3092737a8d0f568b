/*
 * cmd_image_package.c - `spherule image-package pack-application` (manifest +
 * directory -> signed .imagepackage) and `spherule image-package show`
 * (everything a package says about itself, and whether its signature holds).
 */
#include <errno.h>
#include <getopt.h>
#include <stddef.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "cramfs_build.h"
#include "file_util.h"
#include "spherule/manifest_compile.h"
#include "spherule/pkg_check_elf.h"
#include "spherule/pkg_host.h"

#define PACK "image-package pack-application"
#define SHOW "image-package show"
#define JSON_FILE_MAX (256u * 1024u)
#define SHOW_FILE_MAX (256u * 1024u * 1024u)
#define HWDEF_DIRS_MAX 8
/* The SDK's directory of hardware definitions, under the SDK the environment names. */
#define SDK_DIR_ENV "AzureSphereDefaultSDKDir"
#define SDK_HWDEF_SUBDIR "HardwareDefinitions"

static const char pack_usage[] =
	"usage: spherule image-package pack-application --package-directory DIR\n"
	"           --manifest app_manifest.json --key KEY --output APP.imagepackage\n"
	"           [--hardware-definition FILE | --target-definition-filename NAME.json]\n"
	"           [--hardware-definitions DIR[,DIR...]] [--version N] [--security-version N]\n"
	"           [--debug] [--force]\n"
	"\n"
	"Validates the manifest, packs DIR into an execute-in-place cramfs image, appends\n"
	"the footer (identity, version, compiled manifest, debug flag) and signs it.\n"
	"Refuses an image holding an ELF file that asks for an executable stack, has no\n"
	"PT_GNU_STACK or a writable and executable segment, or is not 32-bit little-endian:\n"
	"the device would refuse it.\n"
	"\n"
	"  --package-directory DIR    the app's files; the manifest's EntryPoint is a path in it\n"
	"  --manifest FILE            app_manifest.json (see docs/manifest.md)\n"
	"  --key KEY                  private key from 'spherule keygen'\n"
	"  --output FILE              package to write (replaced atomically)\n"
	"  --hardware-definition FILE resolves $NAME peripherals in the manifest\n"
	"                             (e.g. pkg/hwdef/qemu-armv7.json); its Imports are\n"
	"                             looked up next to it, then in the directories below\n"
	"  --hardware-definitions DIR[,DIR...]\n"
	"                             the SDK's HardwareDefinitions directories (also\n"
	"                             $AzureSphereDefaultSDKDir/HardwareDefinitions, searched last)\n"
	"  --target-definition-filename NAME.json\n"
	"                             the hardware definition, found in those directories\n"
	"  --version N                image version (default 1)\n"
	"  --security-version N       security version for anti-rollback (default 0)\n"
	"  --debug                    a debug build: marked as one, and its files laid out to be\n"
	"                             read into RAM instead of executed in place, so that a\n"
	"                             debugger can set breakpoints in the app's text\n"
	"  --force                    pack an image with such ELF files anyway (to test the\n"
	"                             device's refusal)\n";

static const char show_usage[] =
	"usage: spherule image-package show APP.imagepackage [--trust-key PUB.pem]\n"
	"\n"
	"Prints the package's identity, version, manifest and signer, and checks the\n"
	"signature with the public key given. Exits non-zero if the package is malformed\n"
	"or its signature does not verify.\n"
	"\n"
	"  --trust-key PUB.pem   public key (from 'spherule keygen') to verify the signature with\n";

struct pack_args {
	const char *dir, *manifest, *key, *output, *hwdef, *target;
	const char *hwdef_dirs[HWDEF_DIRS_MAX + 1]; /* --hardware-definitions, then the SDK's */
	size_t ndirs;
	uint32_t version, security_version;
	bool debug, force;
};

/* Adds the comma-separated directories of list to a->hwdef_dirs (list is kept). */
static int add_hwdef_dirs(struct pack_args *a, char *list)
{
	for (char *dir = strtok(list, ","); dir; dir = strtok(NULL, ",")) {
		if (a->ndirs == HWDEF_DIRS_MAX)
			return cli_fail(PACK, "--hardware-definitions: more than %d directories",
					HWDEF_DIRS_MAX);
		a->hwdef_dirs[a->ndirs++] = dir;
	}
	return 0;
}

/* The SDK's HardwareDefinitions, after those given, when the environment names an SDK. */
static void add_sdk_hwdef_dir(struct pack_args *a)
{
	static char dir[PATH_MAX];
	const char *sdk = getenv(SDK_DIR_ENV);

	if (sdk && sdk[0] && snprintf(dir, sizeof(dir), "%s/" SDK_HWDEF_SUBDIR, sdk) < (int)sizeof(dir))
		a->hwdef_dirs[a->ndirs++] = dir;
}

/* --target-definition-filename: the first of the directories that holds it. */
static int find_target(const struct pack_args *a, char path[PATH_MAX])
{
	struct stat st;

	if (strchr(a->target, '/'))
		return snprintf(path, PATH_MAX, "%s", a->target) < PATH_MAX
			       ? 0 : cli_fail(PACK, "--target-definition-filename: path too long");
	for (size_t d = 0; d < a->ndirs; d++)
		if (snprintf(path, PATH_MAX, "%s/%s", a->hwdef_dirs[d], a->target) < PATH_MAX &&
		    stat(path, &st) == 0)
			return 0;
	return cli_fail(PACK, "--target-definition-filename %s: not in %s%s", a->target,
			a->ndirs ? "the --hardware-definitions directories" : "any directory",
			a->ndirs ? "" : " (pass --hardware-definitions DIR)");
}

/* Prints a compiler warning about the manifest file ctx. */
static void print_warning(void *ctx, const char *msg)
{
	fprintf(stderr, "spherule: " PACK ": %s: warning: %s\n", (const char *)ctx, msg);
}

/* Loads the hardware definition named by --hardware-definition or
 * --target-definition-filename, if any, into *hw. */
static int load_hwdef(const struct pack_args *a, struct hwdef **hw)
{
	struct error_detail err = { "" };
	char target[PATH_MAX];
	const char *path = a->hwdef;

	*hw = NULL;
	if (!path && !a->target)
		return 0;
	if (!path) {
		if (find_target(a, target) < 0)
			return -1;
		path = target;
	}
	if (hwdef_load(path, a->hwdef_dirs, a->ndirs, hw, &err) < 0)
		return cli_fail(PACK, "%s", err.msg);
	return 0;
}

/* Compiles the manifest file into out; *m is parsed from the compiled form. */
static int compile_manifest(const struct pack_args *a, uint8_t *out, size_t *len, struct manifest *m)
{
	struct manifest_compile_opts opts = { .warn = print_warning, .warn_ctx = (void *)a->manifest };
	struct error_detail err = { "" };
	struct hwdef *hw = NULL;
	uint8_t *text = NULL;
	size_t text_len;
	int rc;

	if (load_hwdef(a, &hw) < 0)
		return -1;
	opts.hwdef = hw;
	rc = file_read_all(a->manifest, JSON_FILE_MAX, &text, &text_len);
	if (rc < 0) {
		hwdef_free(hw);
		return cli_fail(PACK, "%s: %s", a->manifest, strerror(-rc));
	}
	rc = manifest_compile((const char *)text, text_len, &opts, out, PKG_MANIFEST_MAX, len, &err);
	free(text);
	hwdef_free(hw);
	if (rc == 0)
		rc = manifest_parse(out, *len, m, &err);
	return rc < 0 ? cli_fail(PACK, "%s: %s", a->manifest, err.msg) : 0;
}

static int check_entry_point(const char *dir, const char *entry)
{
	char path[PATH_MAX];
	struct stat st;

	if (snprintf(path, sizeof(path), "%s%s", dir, entry) >= (int)sizeof(path))
		return cli_fail(PACK, "EntryPoint %s: path too long", entry);
	if (lstat(path, &st) < 0)
		return cli_fail(PACK, "EntryPoint %s: not found in %s: %s", entry, dir, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return cli_fail(PACK, "EntryPoint %s: not a regular file", entry);
	if (!(st.st_mode & 0111))
		return cli_fail(PACK, "EntryPoint %s: not executable (chmod +x %s)", entry, path);
	return 0;
}

/* Refuses an image whose ELF files the device would refuse (pkg_check_elf.h),
 * naming the file, the reason and the fix; with --force only warns. */
static int check_elf_files(const struct pack_args *a, const uint8_t *image, size_t len)
{
	struct mem_source ms = { image, len };
	struct pkg_source src = mem_source_init(&ms, false, PKG_DEFAULT_MAX_SIZE);
	struct error_detail err = { "" };
	enum elf_problem problem;
	const char *fix;

	if (pkg_check_elf_files(&src, (uint32_t)len, &problem, &err) == 0)
		return 0;
	if (a->force) {
		fprintf(stderr, "spherule: %s: warning: %s: %s (packed anyway: --force)\n", PACK,
			a->dir, err.msg);
		return 0;
	}
	fix = elf_problem_fix(problem);
	return cli_fail(PACK, "%s: %s%s%s (--force packs it anyway, to test the device's refusal)",
			a->dir, err.msg, fix ? "; " : "", fix ? fix : "");
}

/* Builds payload || footer into *pkg (malloc()ed); checks the result opens and verifies. */
static int build_package(const struct pack_args *a, const uint8_t *manifest, size_t manifest_len,
			 const struct manifest *m, EVP_PKEY *key, uint8_t **pkg, size_t *pkg_len)
{
	struct cramfs_build_opts copts = { .max_size = PKG_DEFAULT_MAX_SIZE, .not_xip = a->debug };
	struct pkg_build_params p = { .image_type = PKG_IMAGE_APPLICATION,
				      .version = a->version,
				      .security_version = a->security_version,
				      .debug_flags = a->debug ? PKG_DEBUG_BUILD : 0,
				      .manifest = manifest,
				      .manifest_len = (uint32_t)manifest_len };
	static uint8_t footer[PKG_FOOTER_MAX];
	static struct pkg_image img;
	struct error_detail err = { "" };
	uint8_t point[PKG_PUBKEY_SIZE], *image = NULL, *grown;
	size_t image_len = 0;
	uint32_t footer_size;
	int rc;

	memcpy(p.component_id, m->component_id, 16);
	if (pkg_random(p.image_id, sizeof(p.image_id)) < 0)
		return cli_fail(PACK, "no random bytes for the image id");
	rc = cramfs_build_dir_mem(a->dir, &copts, &image, &image_len, NULL, &err);
	if (rc < 0)
		return cli_fail(PACK, "%s: %s", a->dir, err.msg[0] ? err.msg : strerror(-rc));
	if (check_elf_files(a, image, image_len) < 0) {
		free(image);
		return -1;
	}
	rc = pkg_build_footer(image, (uint32_t)image_len, &p, key, footer, &footer_size, &err);
	if (rc == 0 && image_len + footer_size > PKG_DEFAULT_MAX_SIZE)
		rc = error_detail_set(&err, -E2BIG,
				      "package of %zu bytes exceeds the app image budget of %u",
				      image_len + footer_size, PKG_DEFAULT_MAX_SIZE);
	if (rc < 0) {
		free(image);
		return cli_fail(PACK, "%s", err.msg);
	}
	grown = realloc(image, image_len + footer_size);
	if (!grown) {
		free(image);
		return cli_fail(PACK, "out of memory");
	}
	memcpy(grown + image_len, footer, footer_size);
	*pkg = grown;
	*pkg_len = image_len + footer_size;

	struct mem_source ms = { grown, *pkg_len };
	struct pkg_source src = mem_source_init(&ms, false, PKG_DEFAULT_MAX_SIZE);
	rc = pkg_key_point(key, point, &err);
	if (rc == 0)
		rc = pkg_open(&src, &img, &err);
	if (rc == 0)
		rc = pkg_verify(&src, &img, point, &err);
	if (rc < 0) {
		free(grown);
		return cli_fail(PACK, "the package built does not verify: %s", err.msg);
	}
	return 0;
}

static int pack_application(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "package-directory", required_argument, NULL, 'd' },
		{ "manifest", required_argument, NULL, 'm' },
		{ "key", required_argument, NULL, 'k' },
		{ "output", required_argument, NULL, 'o' },
		{ "hardware-definition", required_argument, NULL, 'w' },
		{ "hardware-definitions", required_argument, NULL, 'W' },
		{ "target-definition-filename", required_argument, NULL, 't' },
		{ "version", required_argument, NULL, 'v' },
		{ "security-version", required_argument, NULL, 's' },
		{ "debug", no_argument, NULL, 'g' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct pack_args a = { .version = 1 };
	static uint8_t compiled[PKG_MANIFEST_MAX];
	struct error_detail err = { "" };
	uint8_t point[PKG_PUBKEY_SIZE], thumb[PKG_THUMBPRINT_SIZE], *pkg = NULL;
	size_t compiled_len, pkg_len = 0;
	struct manifest m;
	char hex[65], uuid[37];
	EVP_PKEY *key;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': a.dir = optarg; break;
		case 'm': a.manifest = optarg; break;
		case 'k': a.key = optarg; break;
		case 'o': a.output = optarg; break;
		case 'w': a.hwdef = optarg; break;
		case 't': a.target = optarg; break;
		case 'W':
			if (add_hwdef_dirs(&a, optarg) < 0)
				return -1;
			break;
		case 'g': a.debug = true; break;
		case 'f': a.force = true; break;
		case 'v':
			if (cli_parse_u32(PACK, "--version", optarg, &a.version) < 0)
				return -1;
			break;
		case 's':
			if (cli_parse_u32(PACK, "--security-version", optarg, &a.security_version) < 0)
				return -1;
			break;
		case 'h': fputs(pack_usage, stdout); return 0;
		default: return cli_usage_error(PACK, pack_usage);
		}
	}
	if (optind < argc)
		return cli_fail(PACK, "unexpected argument '%s' (see --help)", argv[optind]);
	if (!a.dir || !a.manifest || !a.key || !a.output)
		return cli_fail(PACK, "--%s is required (see --help)",
				!a.dir ? "package-directory DIR" : !a.manifest ? "manifest FILE"
				: !a.key ? "key KEY" : "output FILE");
	if (a.hwdef && a.target)
		return cli_fail(PACK, "--hardware-definition and --target-definition-filename name "
				      "the same thing: give one (see --help)");
	add_sdk_hwdef_dir(&a);
	if (compile_manifest(&a, compiled, &compiled_len, &m) < 0 ||
	    check_entry_point(a.dir, m.entry_point) < 0)
		return -1;
	key = pkg_key_read(a.key, true, &err);
	if (!key)
		return cli_fail(PACK, "--key %s", err.msg);
	rc = build_package(&a, compiled, compiled_len, &m, key, &pkg, &pkg_len);
	if (rc == 0)
		pkg_key_point(key, point, &err);
	EVP_PKEY_free(key);
	if (rc < 0)
		return rc;
	rc = file_write_atomic(a.output, pkg, pkg_len, 0644);
	free(pkg);
	if (rc < 0)
		return cli_fail(PACK, "%s: %s", a.output, strerror(-rc));
	pkg_thumbprint(point, thumb);
	pkg_thumbprint_hex(thumb, hex);
	pkg_uuid_text(m.component_id, uuid);
	printf("packed %s (component %s, version %u) into %s: %zu bytes, signed by key %s\n", m.name,
	       uuid, a.version, a.output, pkg_len, hex);
	return 0;
}

/* A capability's label in its column, a space after it when it fills the column. */
static void show_label(const char *label)
{
	printf("  %-24s%s", label, strlen(label) >= 24 ? " " : "");
}

static void show_list(const char *label, const struct manifest_strings *list)
{
	show_label(label);
	for (unsigned i = 0; i < list->count; i++)
		printf("%s%s", i ? ", " : "", list->item[i]);
	puts(list->count ? "" : "-");
}

static void show_ports(const char *label, const struct manifest_ports *list)
{
	printf("  %-24s", label);
	for (unsigned i = 0; i < list->count; i++)
		printf("%s%u", i ? ", " : "", list->item[i]);
	puts(list->count ? "" : "-");
}

/* The capabilities that are true or false, as show prints them. */
static const struct {
	const char *label;
	size_t field;
} flags[] = {
	{ "SoftwareUpdateDeferral:", offsetof(struct manifest, software_update_deferral) },
	{ "SystemEventNotifications:", offsetof(struct manifest, system_event_notifications) },
	{ "SystemTime:", offsetof(struct manifest, system_time) },
	{ "NetworkConfig:", offsetof(struct manifest, network_config) },
	{ "TimeSyncConfig:", offsetof(struct manifest, time_sync_config) },
	{ "WifiConfig:", offsetof(struct manifest, wifi_config) },
	{ "EnterpriseWifiConfig:", offsetof(struct manifest, enterprise_wifi_config) },
	{ "CertStore:", offsetof(struct manifest, cert_store) },
	{ "HardwareAddressConfig:", offsetof(struct manifest, hardware_address_config) },
	{ "SntpService:", offsetof(struct manifest, sntp_service) },
	{ "DhcpService:", offsetof(struct manifest, dhcp_service) },
	{ "ReadNetworkProxyConfig:", offsetof(struct manifest, read_network_proxy_config) },
	{ "HostResolver:", offsetof(struct manifest, host_resolver) },
	{ "SecurityMonitor:", offsetof(struct manifest, security_monitor) },
	{ "DeviceControl:", offsetof(struct manifest, device_control) },
	{ "NetworkManager:", offsetof(struct manifest, network_manager) },
	{ "UpdateAgent:", offsetof(struct manifest, update_agent) },
};

static void show_manifest(const struct manifest *m)
{
	char uuid[37];

	printf("%-26s%s\n", "name:", m->name);
	printf("%-26s%s\n", "entry point:", m->entry_point);
	printf("%-26s", "arguments:");
	for (unsigned i = 0; i < m->args.count; i++)
		printf("%s\"%s\"", i ? " " : "", m->args.item[i]);
	puts(m->args.count ? "" : "-");
	printf("%-26s%s\n", "application type:", manifest_app_type_name(m->app_type));
	puts("capabilities:");
	printf("  %-24s", "Gpio:");
	for (unsigned i = 0; i < m->gpio.count; i++)
		printf("%s%u", i ? ", " : "", m->gpio.item[i]);
	puts(m->gpio.count ? "" : "-");
	show_list("Uart:", &m->uart);
	show_list("I2cMaster:", &m->i2c_master);
	show_list("SpiMaster:", &m->spi_master);
	show_list("Pwm:", &m->pwm);
	show_list("Adc:", &m->adc);
	show_list("AllowedConnections:", &m->allowed_connections);
	show_ports("AllowedTcpServerPorts:", &m->tcp_server_ports);
	show_ports("AllowedUdpServerPorts:", &m->udp_server_ports);
	if (m->mutable_storage_kb)
		printf("  %-24s%u KiB\n", "MutableStorage:", m->mutable_storage_kb);
	else
		printf("  %-24s-\n", "MutableStorage:");
	if (m->device_auth_tenant)
		pkg_uuid_text(m->device_auth_tenant, uuid);
	printf("  %-24s%s\n", "DeviceAuthentication:", m->device_auth_tenant ? uuid : "-");
	show_list("I2cSlave:", &m->i2c_slave);
	show_list("ExternalInterrupt:", &m->external_interrupt);
	show_label("AllowedApplicationConnections:");
	for (unsigned i = 0; i < m->app_connections.count; i++) {
		pkg_uuid_text(m->app_connections.item[i], uuid);
		printf("%s%s", i ? ", " : "", uuid);
	}
	puts(m->app_connections.count ? "" : "-");
	show_list("PowerControls:", &m->power_controls);
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		show_label(flags[i].label);
		puts(*(const bool *)((const char *)m + flags[i].field) ? "yes" : "no");
	}
}

/* Prints the signature line; 0 if valid or not checked, -1 if invalid. */
static int show_signature(const char *path, const struct pkg_source *src,
			  const struct pkg_image *img, const char *trust_key)
{
	struct error_detail err = { "" };
	uint8_t point[PKG_PUBKEY_SIZE], thumb[PKG_THUMBPRINT_SIZE];
	char hex[65];
	EVP_PKEY *key;
	int rc;

	if (!trust_key) {
		printf("%-26s%s\n", "signature:", "not checked (no --trust-key)");
		return 0;
	}
	key = pkg_key_read(trust_key, false, &err);
	rc = key ? pkg_key_point(key, point, &err) : -EINVAL;
	EVP_PKEY_free(key);
	if (rc < 0)
		return cli_fail(SHOW, "--trust-key %s", err.msg);
	rc = pkg_verify(src, img, point, &err);
	if (rc < 0) {
		printf("%-26sINVALID: %s\n", "signature:", err.msg);
		fflush(stdout);
		return cli_fail(SHOW, "%s: %s", path, err.msg);
	}
	pkg_thumbprint(point, thumb);
	pkg_thumbprint_hex(thumb, hex);
	printf("%-26svalid (key %s)\n", "signature:", hex);
	return 0;
}

static int show(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "trust-key", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static struct pkg_image img;
	struct error_detail err = { "" };
	const char *trust_key = NULL, *path;
	struct manifest m;
	uint8_t *data;
	size_t len;
	char id[37], hex[65];
	int c, rc, manifest_rc = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'k': trust_key = optarg; break;
		case 'h': fputs(show_usage, stdout); return 0;
		default: return cli_usage_error(SHOW, show_usage);
		}
	}
	if (optind + 1 != argc)
		return cli_fail(SHOW, optind == argc ? "a package file is required (see --help)"
						     : "one package file at a time (see --help)");
	path = argv[optind];
	rc = file_read_all(path, SHOW_FILE_MAX, &data, &len);
	if (rc < 0)
		return cli_fail(SHOW, "%s: %s", path, strerror(-rc));
	struct mem_source ms = { data, len };
	struct pkg_source src = mem_source_init(&ms, false, SHOW_FILE_MAX);
	rc = pkg_open(&src, &img, &err);
	if (rc < 0) {
		free(data);
		return cli_fail(SHOW, "%s: %s", path, err.msg);
	}
	printf("%-26s%s (%u bytes: payload %u, footer %u)\n", "package:", path, img.package_size,
	       img.payload_size, img.footer_size);
	printf("%-26s%s (%u)\n", "image type:", pkg_image_type_name(img.image_type), img.image_type);
	pkg_uuid_text(img.component_id, id);
	printf("%-26s%s\n", "component id:", id);
	pkg_uuid_text(img.image_id, id);
	printf("%-26s%s\n", "image id:", id);
	printf("%-26s%u\n%-26s%u\n", "version:", img.version, "security version:",
	       img.security_version);
	printf("%-26s%s\n", "debug build:", img.debug_flags & PKG_DEBUG_BUILD ? "yes" : "no");
	if (img.manifest) {
		manifest_rc = pkg_image_manifest(&img, &m, &err);
		if (manifest_rc == 0)
			show_manifest(&m);
		else
			printf("%-26sINVALID: %s\n", "manifest:", err.msg);
	}
	pkg_thumbprint_hex(img.thumbprint, hex);
	printf("%-26s%s\n", "signer thumbprint:", hex);
	rc = show_signature(path, &src, &img, trust_key);
	free(data);
	if (manifest_rc < 0 && rc == 0)
		rc = cli_fail(SHOW, "%s: %s", path, err.msg);
	return rc;
}

const struct cli_command image_package_commands[] = {
	{ "image-package pack-application", "pack and sign an application image package",
	  pack_application },
	{ "image-package show", "show an image package and check its signature", show },
	{ 0 },
};
