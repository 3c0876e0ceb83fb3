/*
 * sandbox-linux.c: softflowd's seccomp-bpf filter.  Once privileges are
 * gone the exporter only reads packets, sends datagrams, answers the
 * control socket, allocates memory and tells the time.  A file open or
 * a new socket fails with EACCES (a library that tries is told no);
 * any system call not listed kills the process.
 */
#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include "compat.h"
#include "sf_main.h"

#if defined(__x86_64__)
#define SB_ARCH		AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define SB_ARCH		AUDIT_ARCH_AARCH64
#elif defined(__i386__)
#define SB_ARCH		AUDIT_ARCH_I386
#endif

#ifdef SECCOMP_RET_KILL_PROCESS
#define SB_KILL		SECCOMP_RET_KILL_PROCESS
#else
#define SB_KILL		SECCOMP_RET_KILL
#endif

#define OK(nr)	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), \
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
#define NO(nr)	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), \
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EACCES)

#ifdef SB_ARCH
static const struct sock_filter sb_filter[] = {
	/* Another ABI's numbers would slip past the list. */
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SB_ARCH, 1, 0),
	BPF_STMT(BPF_RET | BPF_K, SB_KILL),
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
#ifdef __NR_open
	NO(__NR_open),
#endif
	NO(__NR_openat),
	NO(__NR_socket),
#ifdef __NR_unlink
	NO(__NR_unlink),
#endif
	NO(__NR_unlinkat),
	OK(__NR_read),
	OK(__NR_write),
	OK(__NR_writev),
	OK(__NR_lseek),
	OK(__NR_close),
	OK(__NR_fstat),
#ifdef __NR_newfstatat
	OK(__NR_newfstatat),
#endif
#ifdef __NR_poll
	OK(__NR_poll),
#endif
	OK(__NR_ppoll),
	OK(__NR_recvfrom),
	OK(__NR_recvmsg),
	OK(__NR_sendto),
	OK(__NR_sendmsg),
	OK(__NR_sendmmsg),
	OK(__NR_accept),
	OK(__NR_accept4),
	OK(__NR_setsockopt),
	OK(__NR_getsockopt),
	OK(__NR_ioctl),
	OK(__NR_getpid),
	OK(__NR_gettimeofday),
	OK(__NR_clock_gettime),
	OK(__NR_brk),
	OK(__NR_mmap),
	OK(__NR_munmap),
	OK(__NR_mremap),
	OK(__NR_madvise),
	OK(__NR_futex),
	OK(__NR_rt_sigaction),
	OK(__NR_rt_sigprocmask),
	OK(__NR_rt_sigreturn),
	OK(__NR_exit),
	OK(__NR_exit_group),
	BPF_STMT(BPF_RET | BPF_K, SB_KILL),
};
#endif

int
sf_sandbox(int offline)
{
#ifdef SB_ARCH
	struct sock_fprog	prog;

	(void)offline;
	prog.len = (unsigned short)(sizeof(sb_filter) / sizeof(sb_filter[0]));
	prog.filter = (struct sock_filter *)(uintptr_t)sb_filter;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == -1)
		return (-1);
	return (0);
#else
	(void)offline;
	return (0);
#endif
}
