/* attempts.h — attempts shared by the attack suite's device programs
 * (hostile, gpio, net, resolver, store-hostile): each returns 0 when the
 * operation succeeded, or -errno when it was refused. */
#ifndef ATTACK_ATTEMPTS_H
#define ATTACK_ATTEMPTS_H

#include <stddef.h>

/* The result of a system call that returned r: 0 when r is 0 or more,
 * else -errno. */
int attempt_result(long r);

/* Opens path with flags (the descriptor is closed again). */
int try_open(const char *path, int flags);

/* Creates path, a new regular file (O_CREAT | O_EXCL), and closes it. */
int try_create(const char *path);

/* stat() and statfs() of path. */
int try_stat(const char *path);
int try_statfs(const char *path);

/* Opens path for writing and writes the len bytes of data in one write();
 * a short write is -EIO. For the LSM's securityfs files, which take one
 * write each. */
int try_write_file(const char *path, const void *data, size_t len);

/* Opens /dev/vport<D>p<port> with flags for the first D whose node exists
 * (D is the virtio-serial device's index among the virtio devices, 1 after
 * the NIC; an app may not list /dev): the result, or -ENOENT when none does. */
int try_virtio_port(unsigned port, int flags);

/* Creates a socket of family, type and protocol and closes it again. */
int try_socket(int family, int type, int protocol);

#endif
