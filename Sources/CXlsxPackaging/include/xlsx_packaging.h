// What libxlsxwriter (1.1.4) does not offer about packing a workbook: the deflate level, and
// a signal once the file is complete, before libxlsxwriter frees the workbook's memory.
#ifndef ORBIS_XLSX_PACKAGING_H
#define ORBIS_XLSX_PACKAGING_H

// libxlsxwriter's workbook_close writes each part of the workbook into its ZIP package with
// minizip (zipOpenNewFileInZip4_64 at zlib's default level, zipWriteInFileInZip,
// zipCloseFileInZip), closes the package (zipClose), then frees every cell, string and sheet.
// This target defines functions of those names: the dynamic linker binds libxlsxwriter's calls
// to them (a symbol of the executable comes before those of the libraries it loads); each
// calls minizip's own, with the level set on the calling thread, and watches the results.

#include <minizip/zip.h>

typedef void (*orbis_xlsx_written_fn)(void *context);

// Before workbook_close, on the thread that calls it (it packs on that thread):
// - `level`: zlib's level of the parts (1 fastest … 9 smallest; -1: zlib's default, 6);
// - `written`, unless NULL, is called on this thread, inside workbook_close, when the package
//   is complete (written and closed; not yet flushed to disk): libxlsxwriter added its last
//   part (docProps/app.xml, after every other: lxw_create_package stops at a failed step) and
//   closed it without an error, no part was left open (a step that failed half-way), no
//   minizip call failed, and zipClose succeeded. workbook_close then returns success once it
//   has freed the workbook. It is never called for a close that fails, nor where
//   orbis_xlsx_written_applies() is 0.
void orbis_xlsx_packaging_begin(int level, orbis_xlsx_written_fn written, void *context);

// After workbook_close: the thread's level and signal back to libxlsxwriter's own.
void orbis_xlsx_packaging_end(void);

// 1 when libxlsxwriter's calls reach these functions (the level applies), 0 when they go
// straight to minizip (the symbols are not exported, or minizip is missing).
int orbis_xlsx_level_applies(void);

// 1 when `written` can be called: the level applies, and the libxlsxwriter loaded is 1.1.4,
// whose order of parts and steps this was checked against.
int orbis_xlsx_written_applies(void);

#endif
