/*
 * cli.h - the command table and shared helpers of the `spherule` CLI.
 *
 * Each command group lives in its own file (cmd_keygen.c, cmd_image_package.c,
 * cmd_flash.c, ...) and exports a table of struct cli_command terminated by an
 * all-zero entry; main.c lists the tables. A command's run() gets argv with
 * argv[0] = its last word, so getopt_long() (with optind = 1) parses its
 * options; it returns 0 on success and nonzero on failure, after printing one
 * line "spherule: <command>: <reason>" to stderr (cli_fail()).
 */
#ifndef SPHERULE_CLI_H
#define SPHERULE_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

struct cli_command {
	const char *name;    /* "keygen" or "<group> [<subgroup>] <command>", e.g. "image-package show" */
	const char *summary; /* one line for `spherule --help` */
	int (*run)(int argc, char **argv);
};

/* The command tables of the groups. */
extern const struct cli_command keygen_commands[];
extern const struct cli_command image_package_commands[];
extern const struct cli_command os_image_commands[];
extern const struct cli_command flash_commands[];
extern const struct cli_command emulator_commands[];
extern const struct cli_command device_commands[];
extern const struct cli_command device_info_commands[];
extern const struct cli_command device_app_commands[];
extern const struct cli_command device_sideload_commands[];
extern const struct cli_command device_log_commands[];
extern const struct cli_command hardware_definition_commands[];
extern const struct cli_command device_simulate_commands[];
extern const struct cli_command product_commands[];
extern const struct cli_command device_group_commands[];
extern const struct cli_command image_commands[];
extern const struct cli_command deployment_commands[];
extern const struct cli_command device_cloud_commands[];
extern const struct cli_command error_report_commands[];

/* `device show --device-id ID`: the update service's record of the device
 * (cmd_device_cloud.c), which `device show` (devctl's) hands on to. */
int device_cloud_show(int argc, char **argv);

/* Prints "spherule: <command>: <reason>" to stderr and returns -1. */
int cli_fail(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Remembers the running command's argv for cli_usage_error() (main.c calls it). */
void cli_set_argv(char **argv);

/* After getopt_long() returned '?': names the bad option and shows the
 * synopsis (the first line of usage) in one line; returns -1. */
int cli_usage_error(const char *command, const char *usage);

/* Path of rel inside the build's output directory (the parent of the
 * directory holding the spherule binary, e.g. out/os/qemu-armv7). */
void cli_build_path(char *out, size_t len, const char *rel);

/* Parses a decimal unsigned 32-bit option value: 0 or -1 after cli_fail(). */
int cli_parse_u32(const char *command, const char *option, const char *text, uint32_t *value);

/* --output text, json or table: *json whether it is json; 0 or -1 after cli_fail(). */
int cli_parse_output(const char *command, const char *text, bool *json);

/* Opens path, the file that option names, to send it whole: the stream,
 * its size in *size; NULL after cli_fail() (cannot be opened, not a regular
 * file, empty). */
FILE *cli_open_upload(const char *command, const char *option, const char *path, long long *size);

#endif
