// The deflate level of libxlsxwriter's packaging, which libxlsxwriter (1.1.4) does not offer.
#ifndef ORBIS_XLSX_PACKAGING_H
#define ORBIS_XLSX_PACKAGING_H

// libxlsxwriter adds each part of a workbook to its ZIP package with minizip's
// zipOpenNewFileInZip4_64, at zlib's default level (Z_DEFAULT_COMPRESSION, which is 6). This
// target defines a function of that name, which the dynamic linker binds libxlsxwriter's calls
// to (a symbol of the executable comes before those of the libraries it loads); it replaces the
// default level by the one set on the calling thread, then calls minizip's own.

// The level (1 fastest … 9 smallest; -1: zlib's default) of the parts packed on this thread
// from now on: set it before workbook_close, which packs on the thread that calls it.
void orbis_xlsx_set_deflate_level(int level);

// 1 when libxlsxwriter's calls reach the function above (the level applies), 0 when they go
// straight to minizip (the level is ignored: the symbol is not exported, or minizip is missing).
int orbis_xlsx_deflate_level_applies(void);

#endif
