#define _GNU_SOURCE
#include "xlsx_packaging.h"

#include <dlfcn.h>
#include <errno.h>
#include <minizip/zip.h>
#include <pthread.h>
#include <stddef.h>

static _Thread_local int deflate_level = Z_DEFAULT_COMPRESSION;

void orbis_xlsx_set_deflate_level(int level) { deflate_level = level; }

typedef int (*open_new_file_fn)(
    zipFile, const char *, const zip_fileinfo *, const void *, uInt, const void *, uInt,
    const char *, int, int, int, int, int, int, const char *, uLong, uLong, uLong, int);

static open_new_file_fn minizip_open_new_file;
static pthread_once_t minizip_once = PTHREAD_ONCE_INIT;

static void find_minizip(void) {
  minizip_open_new_file = (open_new_file_fn)dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
}

int orbis_xlsx_deflate_level_applies(void) {
  pthread_once(&minizip_once, find_minizip);
  return minizip_open_new_file != NULL
      && dlsym(RTLD_DEFAULT, "zipOpenNewFileInZip4_64") == (void *)&zipOpenNewFileInZip4_64;
}

int zipOpenNewFileInZip4_64(
    zipFile file, const char *filename, const zip_fileinfo *zipfi, const void *extrafield_local,
    uInt size_extrafield_local, const void *extrafield_global, uInt size_extrafield_global,
    const char *comment, int method, int level, int raw, int windowBits, int memLevel,
    int strategy, const char *password, uLong crcForCrypting, uLong versionMadeBy,
    uLong flagBase, int zip64) {
  pthread_once(&minizip_once, find_minizip);
  if (minizip_open_new_file == NULL) {
    errno = ENOSYS;
    return ZIP_ERRNO;
  }
  if (method == Z_DEFLATED && level == Z_DEFAULT_COMPRESSION) level = deflate_level;
  return minizip_open_new_file(
      file, filename, zipfi, extrafield_local, size_extrafield_local, extrafield_global,
      size_extrafield_global, comment, method, level, raw, windowBits, memLevel, strategy,
      password, crcForCrypting, versionMadeBy, flagBase, zip64);
}
