#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <sys/timerfd.h>
#include <time.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

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
