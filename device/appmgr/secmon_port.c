/* secmon_port.c — the mailbox's virtio-serial port (see secmon_port.h). */
#include "secmon_port.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <linux/spherule.h>

int secmon_port_find(const char *dev_dir, char *node, size_t len, dev_t *dev, struct error_detail *why)
{
	struct stat st;

	if (snprintf(node, len, "%s/%s", dev_dir, SECMON_PORT_NODE) >= (int)len)
		return error_detail_set(why, -ENAMETOOLONG, "device path too long");
	if (stat(node, &st) != 0)
		return error_detail_set(why, -errno, "%s: %s (no secmon mailbox port)", node, strerror(errno));
	if (!S_ISCHR(st.st_mode))
		return error_detail_set(why, -ENODEV, "%s is not a character device", node);
	*dev = st.st_rdev;
	return 0;
}

int secmon_port_publish(const char *node, dev_t dev, struct error_detail *why)
{
	char line[32];
	int fd, n, err = 0;

	fd = open(SPHERULE_FS_MAILBOX, O_WRONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return 0; /* no Spherule LSM: the node stays root's alone */
	if (fd < 0)
		return error_detail_set(why, -errno, "%s: %s", SPHERULE_FS_MAILBOX, strerror(errno));
	n = snprintf(line, sizeof(line), "%u:%u\n", major(dev), minor(dev));
	if (write(fd, line, (size_t)n) != n)
		err = error_detail_set(why, -errno, "%s: %s", SPHERULE_FS_MAILBOX, strerror(errno));
	close(fd);
	if (err == 0 && chmod(node, 0666) != 0)
		err = error_detail_set(why, -errno, "%s: %s", node, strerror(errno));
	return err;
}
