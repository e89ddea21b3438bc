#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <sys/timerfd.h>
#include <time.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <sys/vfs.h>

#include "orbis_system.h"

int orbis_rename_noreplace(const char *from, const char *to) {
  return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE);
}

static int arm(int fd) {
  struct itimerspec spec = {0};
  // Far ahead: the timer never expires, it only reports clock changes.
  spec.it_value.tv_sec = (time_t)1 << 40;
  return timerfd_settime(fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &spec, NULL);
}

int orbis_clock_change_open(void) {
  int fd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
  if (fd < 0) return -1;
  if (arm(fd) < 0) {
    int saved = errno;
    close(fd);
    errno = saved;
    return -1;
  }
  return fd;
}

int orbis_clock_change_acknowledge(int fd) {
  uint64_t expirations;
  ssize_t n = read(fd, &expirations, sizeof expirations);
  if (n >= 0) return 0;
  if (errno == EAGAIN) return 0;
  if (errno == ECANCELED) return arm(fd) < 0 ? -1 : 1;
  return -1;
}

void orbis_release_free_memory(void) { malloc_trim(0); }

void orbis_limit_malloc_arenas(int count) { mallopt(M_ARENA_MAX, count); }

void orbis_disable_fast_bins(void) { mallopt(M_MXFAST, 0); }

int orbis_spawn(const char *path, char *const argv[], char *const envp[], int stdin_fd,
                int stdout_fd, pid_t *pid) {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  int error = posix_spawn_file_actions_init(&actions);
  if (error) return error;
  error = posix_spawnattr_init(&attributes);
  if (error) {
    posix_spawn_file_actions_destroy(&actions);
    return error;
  }
  sigset_t all, none;
  sigfillset(&all);
  sigemptyset(&none);
  error = posix_spawn_file_actions_adddup2(&actions, stdin_fd, 0);
  if (!error) error = posix_spawn_file_actions_adddup2(&actions, stdout_fd, 1);
  if (!error) error = posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  if (!error) error = posix_spawnattr_setsigdefault(&attributes, &all);
  if (!error) error = posix_spawnattr_setsigmask(&attributes, &none);
  if (!error)
    error = posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  if (!error) error = posix_spawn(pid, path, &actions, &attributes, argv, envp);
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  return error;
}

int orbis_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

const char *orbis_signal_abbreviation(int number) { return sigabbrev_np(number); }

int orbis_die_with_parent(pid_t parent) {
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) return -1;
  if (getppid() != parent) {
    errno = ESRCH;
    return -1;
  }
  return 0;
}

static volatile sig_atomic_t stop_flag = 0;

static void set_stop_flag(int number) {
  (void)number;
  stop_flag = 1;
}

void orbis_stop_flag_install(void) {
  struct sigaction action = {0};
  action.sa_handler = set_stop_flag;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, NULL);
  sigaction(SIGINT, &action, NULL);
}

int orbis_stop_flag_is_set(void) { return stop_flag; }

int orbis_fs_type(const char *path, unsigned long *type) {
  struct statfs info;
  if (statfs(path, &info) != 0) return -1;
  *type = (unsigned long)info.f_type;
  return 0;
}
