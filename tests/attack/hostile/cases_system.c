/* cases_system.c — system-wide operations: mounts, reboot, kernel log,
 * host name, clock, chroot, namespaces, and the facilities the board's
 * kernel does not have at all (module load, kexec, bpf, perf, userfaultfd,
 * keys, memfd, io_uring, file handles, System V and POSIX IPC: ENOSYS). */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#include "attack.h"

static int result(long r) { return r < 0 ? -errno : 0; }

static int mount_tmpfs(void) { return result(mount("none", "/run", "tmpfs", 0, NULL)); }
static int bind_victim_image(void) { return result(mount(targets.victim_image, "/run", NULL, MS_BIND, NULL)); }
static int move_victim_image(void) { return result(mount(targets.victim_image, "/run", NULL, MS_MOVE, NULL)); }
static int remount_root_rw(void) { return result(mount(NULL, "/", NULL, MS_REMOUNT, NULL)); }
static int umount_victim_image(void) { return result(umount2(targets.victim_image, 0)); }
static int umount_root_lazy(void) { return result(umount2("/", MNT_DETACH)); }
static int pivot_root_run(void) { return result(syscall(SYS_pivot_root, "/run", "/run")); }
static int reboot_now(void) { return result(reboot(RB_AUTOBOOT)); }
static int power_off(void) { return result(reboot(RB_POWER_OFF)); }
static int read_kernel_log(void) { char buf[64]; return result(klogctl(3, buf, sizeof(buf))); }
static int kernel_log_size(void) { return result(klogctl(10, NULL, 0)); }
static int clear_kernel_log(void) { return result(klogctl(5, NULL, 0)); }
static int set_hostname(void) { return result(sethostname("pwned", 5)); }
static int set_clock(void) { struct timeval tv = { 0, 0 }; return result(settimeofday(&tv, NULL)); }
static int chroot_run(void) { return result(chroot("/run")); }
static int new_mount_ns(void) { return result(unshare(CLONE_NEWNS)); }
static int load_module(void) { return result(syscall(SYS_init_module, "", 0UL, "")); }
static int load_module_fd(void) { return result(syscall(SYS_finit_module, 0, "", 0)); }
static int kexec(void) { return result(syscall(SYS_kexec_load, 0UL, 0UL, NULL, 0UL)); }
static int bpf_map(void) { char attr[64] = { 0 }; return result(syscall(SYS_bpf, 0, attr, sizeof(attr))); }
static int perf_event(void) { char attr[128] = { 0 }; return result(syscall(SYS_perf_event_open, attr, 0, -1, -1, 0UL)); }
static int userfault(void) { return result(syscall(SYS_userfaultfd, 0)); }
static int add_key(void) { return result(syscall(SYS_add_key, "user", "k", "v", 1UL, -2)); }
/* Facilities whose objects live outside every file and process hook: were a
 * board to enable one, these cases fail until the LSM covers it. */
static int memfd(void) { return result(syscall(SYS_memfd_create, "x", 0U)); }
static int io_uring(void) { char params[120] = { 0 }; return result(syscall(SYS_io_uring_setup, 1U, params)); }
static int open_by_handle(void) { char handle[16] = { 0 }; return result(syscall(SYS_open_by_handle_at, -100, handle, 0)); }
static int sysv_shm(void) { return result(syscall(SYS_shmget, 0, 4096UL, 01600)); }
static int sysv_msg(void) { return result(syscall(SYS_msgget, 0, 01600)); }
static int posix_mq(void) { return result(syscall(SYS_mq_open, "x", 0100 | 02, 0600, NULL)); }

const struct attack_case system_cases[] = {
	{ "mount: tmpfs on /run", -EPERM, mount_tmpfs },
	{ "mount: bind the victim's image", -EPERM, bind_victim_image },
	{ "mount: move the victim's image", -EPERM, move_victim_image },
	{ "mount: remount / read-write", -EPERM, remount_root_rw },
	{ "mount: unmount the victim's image", -EPERM, umount_victim_image },
	{ "mount: lazy unmount of /", -EPERM, umount_root_lazy },
	{ "mount: pivot_root", -EPERM, pivot_root_run },
	{ "system: reboot", -EPERM, reboot_now },
	{ "system: power off", -EPERM, power_off },
	{ "system: read the kernel log", -EPERM, read_kernel_log },
	{ "system: kernel log size", -EPERM, kernel_log_size },
	{ "system: clear the kernel log", -EPERM, clear_kernel_log },
	{ "system: sethostname", -EPERM, set_hostname },
	{ "system: settimeofday", -EPERM, set_clock },
	{ "system: chroot", -EPERM, chroot_run },
	{ "system: new mount namespace", -EPERM, new_mount_ns },
	{ "kernel: init_module (not in this kernel)", -ENOSYS, load_module },
	{ "kernel: finit_module (not in this kernel)", -ENOSYS, load_module_fd },
	{ "kernel: kexec_load (not in this kernel)", -ENOSYS, kexec },
	{ "kernel: bpf (not in this kernel)", -ENOSYS, bpf_map },
	{ "kernel: perf_event_open (not in this kernel)", -ENOSYS, perf_event },
	{ "kernel: userfaultfd (not in this kernel)", -ENOSYS, userfault },
	{ "kernel: add_key (not in this kernel)", -ENOSYS, add_key },
	{ "kernel: memfd_create (not in this kernel)", -ENOSYS, memfd },
	{ "kernel: io_uring_setup (not in this kernel)", -ENOSYS, io_uring },
	{ "kernel: open_by_handle_at (not in this kernel)", -ENOSYS, open_by_handle },
	{ "kernel: System V shared memory (not in this kernel)", -ENOSYS, sysv_shm },
	{ "kernel: System V message queues (not in this kernel)", -ENOSYS, sysv_msg },
	{ "kernel: POSIX message queues (not in this kernel)", -ENOSYS, posix_mq },
};
const unsigned system_case_count = CASE_COUNT(system_cases);
