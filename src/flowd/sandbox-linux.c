/*
 * sandbox-linux.c: the collector's seccomp-bpf allow-list.  The
 * collector only receives datagrams, writes records to descriptors its
 * parent passed it, and talks to the parent; so it may read, write,
 * send, receive, poll, allocate memory and tell the time.  Opening a
 * file fails with EACCES (so a stray open is an error, not a kill);
 * any other system call kills the process.  Forking (and so new
 * threads) is also refused through RLIMIT_NPROC; the one thread the
 * collector has, its log writer, exists before and is filtered too.
 */
#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include "compat.h"
#include "sandbox.h"

#if defined(__x86_64__)
#define SANDBOX_ARCH	AUDIT_ARCH_X86_64
#elif defined(__i386__)
#define SANDBOX_ARCH	AUDIT_ARCH_I386
#elif defined(__aarch64__)
#define SANDBOX_ARCH	AUDIT_ARCH_AARCH64
#elif defined(__arm__)
#define SANDBOX_ARCH	AUDIT_ARCH_ARM
#elif defined(__riscv) && __riscv_xlen == 64
#define SANDBOX_ARCH	AUDIT_ARCH_RISCV64
#elif defined(__powerpc64__) && defined(__LITTLE_ENDIAN__)
#define SANDBOX_ARCH	AUDIT_ARCH_PPC64LE
#elif defined(__s390x__)
#define SANDBOX_ARCH	AUDIT_ARCH_S390X
#else
#error "sandbox-linux.c: unknown architecture; configure with HAVE_SECCOMP=0"
#endif

#ifdef SECCOMP_RET_KILL_PROCESS
#define SANDBOX_FAIL	SECCOMP_RET_KILL_PROCESS
#else
#define SANDBOX_FAIL	SECCOMP_RET_KILL
#endif

#define SC_LOAD_NR \
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr))
#define SC_ALLOW(nr) \
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), \
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
#define SC_ERRNO(nr, e) \
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), \
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ((e) & SECCOMP_RET_DATA))

static const struct sock_filter collector_filter[] = {
	/* A system call of another ABI would bypass the numbers below. */
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, arch)),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SANDBOX_ARCH, 1, 0),
	BPF_STMT(BPF_RET | BPF_K, SANDBOX_FAIL),
	SC_LOAD_NR,
#ifdef __NR_open
	SC_ERRNO(__NR_open, EACCES),
#endif
	SC_ERRNO(__NR_openat, EACCES),
#ifdef __NR_socket
	SC_ERRNO(__NR_socket, EACCES),	/* syslog(3) reconnecting */
#endif
	SC_ALLOW(__NR_read),
	SC_ALLOW(__NR_readv),
	SC_ALLOW(__NR_pread64),	/* the store writer checks a log's tail */
	SC_ALLOW(__NR_write),
	SC_ALLOW(__NR_writev),
	SC_ALLOW(__NR_pwrite64),	/* direct log writes (store_direct.c) */
	SC_ALLOW(__NR_lseek),
	SC_ALLOW(__NR_ftruncate),
	SC_ALLOW(__NR_fsync),
	SC_ALLOW(__NR_fdatasync),
	/* The store writer drops what it wrote from the page cache. */
#ifdef __NR_fadvise64
	SC_ALLOW(__NR_fadvise64),
#endif
#ifdef __NR_fadvise64_64
	SC_ALLOW(__NR_fadvise64_64),
#endif
#ifdef __NR_arm_fadvise64_64
	SC_ALLOW(__NR_arm_fadvise64_64),
#endif
	SC_ALLOW(__NR_close),
	SC_ALLOW(__NR_fcntl),	/* O_APPEND, O_DIRECT of the log */
	SC_ALLOW(__NR_fstat),
#ifdef __NR_newfstatat
	SC_ALLOW(__NR_newfstatat),
#endif
	SC_ALLOW(__NR_recvfrom),
	SC_ALLOW(__NR_recvmsg),
	SC_ALLOW(__NR_recvmmsg),
	SC_ALLOW(__NR_sendto),
	SC_ALLOW(__NR_sendmsg),
	SC_ALLOW(__NR_sendmmsg),
	SC_ALLOW(__NR_shutdown),
	SC_ALLOW(__NR_getsockopt),
#ifdef __NR_poll
	SC_ALLOW(__NR_poll),
#endif
	SC_ALLOW(__NR_ppoll),
	SC_ALLOW(__NR_clock_gettime),
	SC_ALLOW(__NR_gettimeofday),
#ifdef __NR_time
	SC_ALLOW(__NR_time),
#endif
	SC_ALLOW(__NR_nanosleep),
	SC_ALLOW(__NR_clock_nanosleep),
	SC_ALLOW(__NR_getpid),
	SC_ALLOW(__NR_getppid),
	SC_ALLOW(__NR_brk),
	SC_ALLOW(__NR_mmap),
	SC_ALLOW(__NR_munmap),
	SC_ALLOW(__NR_mremap),
	SC_ALLOW(__NR_madvise),
	SC_ALLOW(__NR_futex),		/* the log writer thread */
#ifdef __NR_rseq
	SC_ALLOW(__NR_rseq),
#endif
	SC_ALLOW(__NR_set_robust_list),
	/* What thread start-up asks under the sanitizer runtimes. */
	SC_ALLOW(__NR_gettid),
	SC_ALLOW(__NR_sched_getaffinity),
	SC_ALLOW(__NR_getrandom),
	SC_ALLOW(__NR_rt_sigreturn),
	SC_ALLOW(__NR_rt_sigprocmask),
	SC_ALLOW(__NR_restart_syscall),
	/* Harmless, and needed by the sanitizer runtimes (SANITIZE=1). */
	SC_ALLOW(__NR_sigaltstack),
	SC_ALLOW(__NR_sched_yield),
	SC_ALLOW(__NR_exit),
	SC_ALLOW(__NR_exit_group),
	BPF_STMT(BPF_RET | BPF_K, SANDBOX_FAIL),
};

int
sandbox_collector(void)
{
	struct sock_fprog	prog;
	struct rlimit		rl = { 0, 0 };

	if (setrlimit(RLIMIT_NPROC, &rl) == -1)
		return (-1);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		return (-1);
	prog.len = sizeof(collector_filter) / sizeof(collector_filter[0]);
	prog.filter = (struct sock_filter *)(uintptr_t)collector_filter;
	/* Every thread (the log writer too) gets the filter. */
	if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER,
	    SECCOMP_FILTER_FLAG_TSYNC, &prog) != 0)
		return (-1);
	return (0);
}

const char *
sandbox_name(void)
{
	return ("seccomp");
}
