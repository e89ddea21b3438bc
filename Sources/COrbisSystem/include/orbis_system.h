// What Swift cannot import from Glibc: calls behind _GNU_SOURCE.
#ifndef ORBIS_SYSTEM_H
#define ORBIS_SYSTEM_H

#include <sys/types.h>

// renameat2(RENAME_NOREPLACE) on paths relative to the working directory: -1 with errno set
// (EEXIST when `to` exists).
int orbis_rename_noreplace(const char *from, const char *to);

// A timerfd on CLOCK_REALTIME armed with TFD_TIMER_CANCEL_ON_SET far in the future: it
// becomes readable when the wall clock is set (settimeofday, an NTP step, resume from
// suspend). Non-blocking, close-on-exec. -1 with errno set on failure.
int orbis_clock_change_open(void);

// After the descriptor became readable: 1 when the clock was set (the timer is re-armed),
// 0 when nothing happened, -1 with errno set on failure.
int orbis_clock_change_acknowledge(int fd);

// malloc_trim(0): gives freed heap memory back to the system.
void orbis_release_free_memory(void);

// Asks the processor to bring the cache line holding `address` in (__builtin_prefetch): a
// hint, for a random access whose address is known ahead of its use. Never faults.
static inline void orbis_prefetch(const void *address) { __builtin_prefetch(address); }

// mallopt(M_ARENA_MAX, count): at most `count` malloc arenas (glibc's default is 8 per core).
void orbis_limit_malloc_arenas(int count);

// mallopt(M_MXFAST, 0): small chunks are merged with their free neighbours as they are freed,
// instead of being kept in glibc's fast bins and merged in one pass at a later large request.
void orbis_disable_fast_bins(void);

// posix_spawn(path, argv, envp) with the child's stdin and stdout on `stdin_fd` and
// `stdout_fd`, stderr inherited, every other descriptor closed, every signal back to its
// default disposition and none blocked. 0 with *pid set, or an errno value.
int orbis_spawn(const char *path, char *const argv[], char *const envp[], int stdin_fd,
                int stdout_fd, pid_t *pid);

// pipe2(fds, O_CLOEXEC): -1 with errno set on failure.
int orbis_pipe_cloexec(int fds[2]);

// "KILL" for SIGKILL (sigabbrev_np); NULL for an unknown number.
const char *orbis_signal_abbreviation(int number);

// In a child: SIGKILL when the parent dies (PR_SET_PDEATHSIG). -1 when `parent` is already
// gone (the child was adopted before the call), -1 with errno set when prctl fails, else 0.
int orbis_die_with_parent(pid_t parent);

// SIGTERM and SIGINT set a flag instead of ending the process (async-signal-safe).
void orbis_stop_flag_install(void);
int orbis_stop_flag_is_set(void);

// statfs(2)'s f_type of the file system holding `path` (Glibc's Swift module lacks
// <sys/vfs.h>); -1 with errno set on failure.
int orbis_fs_type(const char *path, unsigned long *type);

#endif
