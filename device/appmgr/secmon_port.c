/* secmon_port.c — the mailbox's virtio-serial port (see secmon_port.h). */
#include "secmon_port.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <linux/spherule.h>

#include "clock_ms.h"

/* Whether name is "vport<D>p<nr>". */
static bool is_port_node(const char *name, unsigned nr)
{
	unsigned device, port;
	int end = 0;

	return sscanf(name, "vport%up%u%n", &device, &port, &end) == 2 && name[end] == '\0' && port == nr;
}

int virtio_port_find(const char *dev_dir, unsigned nr, char *node, size_t len, dev_t *dev,
		     struct error_detail *why)
{
	struct dirent *e;
	struct stat st;
	int err = -ENOENT;
	DIR *d = opendir(dev_dir);

	if (!d)
		return error_detail_set(why, -errno, "%s: %s", dev_dir, strerror(errno));
	while (err == -ENOENT && (e = readdir(d)) != NULL) {
		if (!is_port_node(e->d_name, nr))
			continue;
		if (snprintf(node, len, "%s/%s", dev_dir, e->d_name) >= (int)len)
			err = error_detail_set(why, -ENAMETOOLONG, "device path too long");
		else if (stat(node, &st) != 0)
			err = error_detail_set(why, -errno, "%s: %s", node, strerror(errno));
		else if (!S_ISCHR(st.st_mode))
			err = error_detail_set(why, -ENODEV, "%s is not a character device", node);
		else
			err = 0;
	}
	closedir(d);
	if (err == 0)
		*dev = st.st_rdev;
	else if (err == -ENOENT)
		error_detail_set(why, err, "no %s/vport<D>p%u", dev_dir, nr);
	return err;
}

int secmon_port_find(const char *dev_dir, char *node, size_t len, dev_t *dev, struct error_detail *why)
{
	int err = virtio_port_find(dev_dir, SECMON_PORT_NR, node, len, dev, why);

	if (err == -ENOENT)
		error_detail_set(why, err, "no %s/vport<D>p%u (no secmon mailbox port)", dev_dir, SECMON_PORT_NR);
	return err;
}

int virtio_port_wait(const char *dev_dir, unsigned nr, unsigned wait_ms, char *node, size_t len, dev_t *dev,
		     struct error_detail *why)
{
	uint64_t deadline = clock_ms() + wait_ms;
	int err;

	while ((err = virtio_port_find(dev_dir, nr, node, len, dev, why)) == -ENOENT && clock_ms() < deadline)
		usleep(20000);
	return err;
}

int secmon_port_wait(const char *dev_dir, char *node, size_t len, dev_t *dev, struct error_detail *why)
{
	int err = virtio_port_wait(dev_dir, SECMON_PORT_NR, SECMON_PORT_WAIT_MS, node, len, dev, why);

	if (err == -ENOENT)
		error_detail_set(why, err, "no %s/vport<D>p%u (no secmon mailbox port)", dev_dir, SECMON_PORT_NR);
	return err;
}

/* The published port's node, for the apps' environment. */
static char published_node[SECMON_PORT_ENV_SIZE - sizeof(SECMON_PORT_ENV_NAME "=")];

bool secmon_port_env(char out[SECMON_PORT_ENV_SIZE])
{
	if (published_node[0] == '\0')
		return false;
	snprintf(out, SECMON_PORT_ENV_SIZE, "%s=%s", SECMON_PORT_ENV_NAME, published_node);
	return true;
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
	if (err == 0 && snprintf(published_node, sizeof(published_node), "%s", node) >= (int)sizeof(published_node))
		published_node[0] = '\0';
	return err;
}
