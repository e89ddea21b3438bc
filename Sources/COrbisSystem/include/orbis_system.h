// What Swift cannot import from Glibc: calls behind _GNU_SOURCE.
#ifndef ORBIS_SYSTEM_H
#define ORBIS_SYSTEM_H

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

// mallopt(M_ARENA_MAX, count): at most `count` malloc arenas (glibc's default is 8 per core).
void orbis_limit_malloc_arenas(int count);

#endif
