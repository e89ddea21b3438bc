#define _GNU_SOURCE
#include "xlsx_packaging.h"

#include <dlfcn.h>
#include <errno.h>
#include <minizip/zip.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>
#include <xlsxwriter.h>

// The last part libxlsxwriter 1.1.4 adds (lxw_create_package: …, _write_core_file,
// _write_metadata_file, _write_app_file, then zipClose).
static const char final_part[] = "docProps/app.xml";
static const char checked_version[] = "1.1.4";

typedef struct {
  int level;
  orbis_xlsx_written_fn written;
  void *context;
  int failed;           // a minizip call failed since begin
  int part_open;        // a part was opened and not closed since
  int opened_final;     // the part being written is final_part
  int closed_final;     // the last part closed without error is final_part
} packaging;

static _Thread_local packaging state = {.level = Z_DEFAULT_COMPRESSION};

void orbis_xlsx_packaging_begin(int level, orbis_xlsx_written_fn written, void *context) {
  state = (packaging){.level = level, .written = written, .context = context};
}

void orbis_xlsx_packaging_end(void) {
  state = (packaging){.level = Z_DEFAULT_COMPRESSION};
}

typedef int (*open_fn)(
    zipFile, const char *, const zip_fileinfo *, const void *, uInt, const void *, uInt,
    const char *, int, int, int, int, int, int, const char *, uLong, uLong, uLong, int);
typedef int (*write_fn)(zipFile, const void *, unsigned);
typedef int (*close_file_fn)(zipFile);
typedef int (*close_fn)(zipFile, const char *);

// minizip's own functions, and what the dynamic linker made of these: found once.
static struct {
  open_fn open;
  write_fn write;
  close_file_fn close_file;
  close_fn close;
  int found;            // all four of minizip's
  int level_applies;    // libxlsxwriter's zipOpenNewFileInZip4_64 reaches the one below
  int written_applies;  // all four reach these, and libxlsxwriter is checked_version
} minizip;
static pthread_once_t minizip_once = PTHREAD_ONCE_INIT;

static int bound(const char *name, void *hook) { return dlsym(RTLD_DEFAULT, name) == hook; }

static void find_minizip(void) {
  minizip.open = (open_fn)dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
  minizip.write = (write_fn)dlsym(RTLD_NEXT, "zipWriteInFileInZip");
  minizip.close_file = (close_file_fn)dlsym(RTLD_NEXT, "zipCloseFileInZip");
  minizip.close = (close_fn)dlsym(RTLD_NEXT, "zipClose");
  minizip.found = minizip.open && minizip.write && minizip.close_file && minizip.close;
  minizip.level_applies =
      minizip.found && bound("zipOpenNewFileInZip4_64", (void *)&zipOpenNewFileInZip4_64);
  minizip.written_applies = minizip.level_applies
      && bound("zipWriteInFileInZip", (void *)&zipWriteInFileInZip)
      && bound("zipCloseFileInZip", (void *)&zipCloseFileInZip)
      && bound("zipClose", (void *)&zipClose) && strcmp(lxw_version(), checked_version) == 0;
}

static int found(void) {
  pthread_once(&minizip_once, find_minizip);
  return minizip.found;
}

// What a call returns when minizip's own function is missing.
static int missing(void) {
  errno = ENOSYS;
  state.failed = 1;
  return ZIP_ERRNO;
}

int orbis_xlsx_level_applies(void) {
  pthread_once(&minizip_once, find_minizip);
  return minizip.level_applies;
}

int orbis_xlsx_written_applies(void) {
  pthread_once(&minizip_once, find_minizip);
  return minizip.written_applies;
}

int zipOpenNewFileInZip4_64(
    zipFile file, const char *filename, const zip_fileinfo *zipfi, const void *extrafield_local,
    uInt size_extrafield_local, const void *extrafield_global, uInt size_extrafield_global,
    const char *comment, int method, int level, int raw, int windowBits, int memLevel,
    int strategy, const char *password, uLong crcForCrypting, uLong versionMadeBy,
    uLong flagBase, int zip64) {
  if (!found()) return missing();
  if (method == Z_DEFLATED && level == Z_DEFAULT_COMPRESSION) level = state.level;
  state.opened_final = filename != NULL && strcmp(filename, final_part) == 0;
  state.closed_final = 0;
  int result = minizip.open(
      file, filename, zipfi, extrafield_local, size_extrafield_local, extrafield_global,
      size_extrafield_global, comment, method, level, raw, windowBits, memLevel, strategy,
      password, crcForCrypting, versionMadeBy, flagBase, zip64);
  if (result != ZIP_OK) state.failed = 1;
  state.part_open = result == ZIP_OK;
  return result;
}

int zipWriteInFileInZip(zipFile file, const void *buf, unsigned len) {
  if (!found()) return missing();
  int result = minizip.write(file, buf, len);
  if (result < 0) state.failed = 1;
  return result;
}

int zipCloseFileInZip(zipFile file) {
  if (!found()) return missing();
  int result = minizip.close_file(file);
  if (result != ZIP_OK) state.failed = 1;
  state.closed_final = result == ZIP_OK && state.opened_final;
  state.opened_final = 0;
  state.part_open = 0;
  return result;
}

int zipClose(zipFile file, const char *global_comment) {
  if (!found()) return missing();
  // libxlsxwriter closes each part it adds: one still open is a step that failed half-way
  // (its temporary file unreadable), whose error lxw_create_package returns after this
  // zipClose. minizip closes that part itself, through zipCloseFileInZip above.
  if (state.part_open) state.failed = 1;
  int result = minizip.close(file, global_comment);
  if (result == ZIP_OK && !state.failed && state.closed_final && state.written != NULL
      && minizip.written_applies) {
    orbis_xlsx_written_fn written = state.written;
    state.written = NULL;
    written(state.context);
  }
  return result;
}
