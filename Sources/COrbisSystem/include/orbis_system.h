// What Swift cannot import from Glibc: calls behind _GNU_SOURCE.
#ifndef ORBIS_SYSTEM_H
#define ORBIS_SYSTEM_H

// renameat2(RENAME_NOREPLACE) on paths relative to the working directory: -1 with errno set
// (EEXIST when `to` exists).
int orbis_rename_noreplace(const char *from, const char *to);

#endif
