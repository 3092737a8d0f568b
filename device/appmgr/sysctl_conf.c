/* sysctl_conf.c — applies /etc/spherule/sysctl.conf (see sysctl_conf.h). */
#include "sysctl_conf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "conf_lines.h"
#include "log.h"

#define SYSCTL_CONF_MAX_BYTES 2048
#define SYSCTL_KEY_MAX 96
#define SYSCTL_VALUE_MAX 64

/* Keys are dotted names of lower-case letters, digits, '_' and '-'. */
static int key_valid(const char *key, size_t len)
{
	if (len == 0 || len > SYSCTL_KEY_MAX || key[0] == '.' || key[len - 1] == '.')
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = key[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
		      (c == '.' && key[i + 1] != '.')))
			return 0;
	}
	return 1;
}

/* Writes "value\n" to the file of key under proc_sys. 0 or -errno. */
static int write_setting(const char *proc_sys, const char *key, size_t key_len,
			 const char *val, size_t val_len)
{
	char path[sizeof("/proc/sys/") + SYSCTL_KEY_MAX + 64], text[SYSCTL_VALUE_MAX + 2];
	int n = snprintf(path, sizeof(path), "%s/%.*s", proc_sys, (int)key_len, key);
	int fd, err = 0;

	if (n < 0 || (size_t)n >= sizeof(path))
		return -ENAMETOOLONG;
	for (char *p = path + strlen(proc_sys) + 1; *p; p++)
		if (*p == '.')
			*p = '/';
	n = snprintf(text, sizeof(text), "%.*s\n", (int)val_len, val);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, text, (size_t)n) != n)
		err = errno ? -errno : -EIO;
	close(fd);
	return err;
}

static int apply_line(const char *s, size_t n, unsigned lineno, void *ctx, struct error_detail *why)
{
	const char *proc_sys = ctx;
	const char *key, *val;
	size_t key_len, val_len;
	int err;

	if (conf_split_key_value(s, n, &key, &key_len, &val, &val_len) != 0 ||
	    !key_valid(key, key_len) || val_len == 0 || val_len > SYSCTL_VALUE_MAX ||
	    memchr(val, '\n', val_len))
		return error_detail_set(
			why, -EINVAL,
			"line %u: expected key = value (a sysctl key, a value of at most %d bytes)",
			lineno, SYSCTL_VALUE_MAX);
	err = write_setting(proc_sys, key, key_len, val, val_len);
	if (err != 0)
		return error_detail_set(why, -EINVAL, "line %u: %.*s: %s", lineno, (int)key_len,
					key, strerror(-err));
	log_line("sysctl: %.*s = %.*s", (int)key_len, key, (int)val_len, val);
	return 0;
}

int sysctl_conf_apply(const char *path, const char *proc_sys, struct error_detail *why)
{
	char text[SYSCTL_CONF_MAX_BYTES];

	return conf_lines_load(path, text, sizeof(text), apply_line, (void *)proc_sys, why);
}
