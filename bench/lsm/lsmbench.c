/* lsmbench — device side of bench/lsm/lsm_cost.sh: times the operations the
 * Spherule LSM hooks, as an app does them (so with its identity when the
 * kernel has the LSM): open+close of a file of its own image, stat,
 * open of /dev/null, an executable mmap of its own binary, an AF_UNIX
 * connect+accept to its own abstract listener, a TCP connect+accept to its
 * own listener on 127.0.0.1 (allowlisted, granted port), a UDP send+receive
 * to its own socket on 127.0.0.1, fork+exec+wait of its
 * own binary, a GPIO v2 line request of line 0 of gpiochip0 (granted by its
 * manifest) and a set+get of the values of a line it holds. Each operation runs LSMBENCH_ROUNDS rounds of a fixed count;
 * it prints the median round as "lsmbench: <op> <ns per op>", then
 * "lsmbench: done", and waits forever (appmgr would restart it).
 * "lsmbench --exit" exits at once: what the fork+exec rounds execute. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/gpio.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LSMBENCH_ROUNDS 7
#define SELF "bin/lsmbench"
#define LISTENER "spherule-lsmbench"
#define GPIO_CHIP "/dev/gpiochip0"
#define GPIO_LINE 0
#define TCP_PORT 9000 /* its manifest grants both ports and 127.0.0.1 */
#define UDP_PORT 9001

static int listener = -1;
static int tcp_listener = -1;
static int udp_socket = -1;
static struct sockaddr_in tcp_addr, udp_addr;
static int gpio_line_fd = -1;
static struct sockaddr_un listener_addr;
static socklen_t listener_len;

static long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int op_open(void)
{
	int fd = open(SELF, O_RDONLY);

	return fd < 0 ? -errno : close(fd);
}

static int op_stat(void)
{
	struct stat st;

	return stat(SELF, &st) == 0 ? 0 : -errno;
}

static int op_open_dev_null(void)
{
	int fd = open("/dev/null", O_RDWR);

	return fd < 0 ? -errno : close(fd);
}

static int op_mmap_exec(void)
{
	int fd = open(SELF, O_RDONLY);
	void *p;

	if (fd < 0)
		return -errno;
	p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return -errno;
	return munmap(p, 4096);
}

/* A connect of a new socket of family to addr and the accept on server. */
static int connect_accept(int family, const struct sockaddr *addr, socklen_t len, int server)
{
	int client = socket(family, SOCK_STREAM, 0), conn, err = 0;

	if (client < 0)
		return -errno;
	if (connect(client, addr, len) != 0) {
		err = -errno;
	} else {
		conn = accept(server, NULL, NULL);
		if (conn < 0)
			err = -errno;
		else
			close(conn);
	}
	close(client);
	return err;
}

static int op_connect(void)
{
	return connect_accept(AF_UNIX, (struct sockaddr *)&listener_addr, listener_len, listener);
}

static int op_tcp_connect(void)
{
	return connect_accept(AF_INET, (struct sockaddr *)&tcp_addr, sizeof(tcp_addr), tcp_listener);
}

static int op_udp_send(void)
{
	char byte;

	if (sendto(udp_socket, "x", 1, 0, (struct sockaddr *)&udp_addr, sizeof(udp_addr)) != 1 ||
	    recv(udp_socket, &byte, 1, 0) != 1)
		return -errno;
	return 0;
}

static int op_fork_exec(void)
{
	char *const argv[] = { SELF, "--exit", NULL };
	char *const envp[] = { NULL };
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		execve(SELF, argv, envp);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -ECHILD;
}

/* A v2 request of GPIO_LINE as an output: the line's fd, or -errno. */
static int gpio_request_line(void)
{
	struct gpio_v2_line_request req = { 0 };
	int chip = open(GPIO_CHIP, O_RDONLY), err = 0;

	if (chip < 0)
		return -errno;
	req.offsets[0] = GPIO_LINE;
	req.num_lines = 1;
	req.config.flags = GPIO_V2_LINE_FLAG_OUTPUT;
	strcpy(req.consumer, "lsmbench");
	if (ioctl(chip, GPIO_V2_GET_LINE_IOCTL, &req) != 0)
		err = -errno;
	close(chip);
	return err ? err : req.fd;
}

static int op_gpio_request(void)
{
	int fd = gpio_request_line();

	return fd < 0 ? fd : close(fd);
}

static int op_gpio_set_get(void)
{
	struct gpio_v2_line_values v = { .bits = 1, .mask = 1 };

	if (ioctl(gpio_line_fd, GPIO_V2_LINE_SET_VALUES_IOCTL, &v) != 0 ||
	    ioctl(gpio_line_fd, GPIO_V2_LINE_GET_VALUES_IOCTL, &v) != 0)
		return -errno;
	return 0;
}

static int setup_listener(void)
{
	size_t len = strlen(LISTENER);

	listener_addr.sun_family = AF_UNIX;
	memcpy(listener_addr.sun_path + 1, LISTENER, len);
	listener_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + len);
	listener = socket(AF_UNIX, SOCK_STREAM, 0);
	if (listener < 0 || bind(listener, (struct sockaddr *)&listener_addr, listener_len) != 0 ||
	    listen(listener, 4) != 0)
		return -errno;
	tcp_addr = (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons(TCP_PORT),
					 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	udp_addr = tcp_addr;
	udp_addr.sin_port = htons(UDP_PORT);
	tcp_listener = socket(AF_INET, SOCK_STREAM, 0);
	if (tcp_listener < 0 || bind(tcp_listener, (struct sockaddr *)&tcp_addr, sizeof(tcp_addr)) != 0 ||
	    listen(tcp_listener, 4) != 0)
		return -errno;
	udp_socket = socket(AF_INET, SOCK_DGRAM, 0);
	if (udp_socket < 0 || bind(udp_socket, (struct sockaddr *)&udp_addr, sizeof(udp_addr)) != 0)
		return -errno;
	return 0;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* Median over the rounds of the time per op, or -errno of the first failure. */
static long long time_op(int (*op)(void), int count)
{
	long long per_op[LSMBENCH_ROUNDS];

	for (int r = 0; r < LSMBENCH_ROUNDS; r++) {
		long long start = now_ns();

		for (int i = 0; i < count; i++) {
			int err = op();

			if (err != 0)
				return err;
		}
		per_op[r] = (now_ns() - start) / count;
	}
	qsort(per_op, LSMBENCH_ROUNDS, sizeof(per_op[0]), cmp_ll);
	return per_op[LSMBENCH_ROUNDS / 2];
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*op)(void);
		int count;
	} ops[] = {
		{ "open", op_open, 2000 },
		{ "stat", op_stat, 3000 },
		{ "open_dev_null", op_open_dev_null, 2000 },
		{ "mmap_exec", op_mmap_exec, 600 },
		{ "connect", op_connect, 800 },
		{ "tcp_connect", op_tcp_connect, 400 },
		{ "udp_send", op_udp_send, 1000 },
		{ "fork_exec", op_fork_exec, 100 },
		{ "gpio_request", op_gpio_request, 1000 },
		{ "gpio_set_get", op_gpio_set_get, 3000 },
	};
	int err;

	if (argc == 2 && strcmp(argv[1], "--exit") == 0)
		return 0;
	err = setup_listener();
	if (err != 0) {
		printf("lsmbench: listener: %s\n", strerror(-err));
		return 1;
	}
	for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		long long ns;

		/* set+get times the values of a line held through the rounds. */
		if (ops[i].op == op_gpio_set_get && gpio_line_fd < 0) {
			gpio_line_fd = gpio_request_line();
			if (gpio_line_fd < 0) {
				printf("lsmbench: %s failed: %s\n", ops[i].name, strerror(-gpio_line_fd));
				continue;
			}
		}
		ns = time_op(ops[i].op, ops[i].count);
		if (ns < 0)
			printf("lsmbench: %s failed: %s\n", ops[i].name, strerror((int)-ns));
		else
			printf("lsmbench: %s %lld\n", ops[i].name, ns);
		fflush(stdout);
	}
	printf("lsmbench: done\n");
	fflush(stdout);
	for (;;)
		pause();
}
