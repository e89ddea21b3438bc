#ifndef ORBIS_CMINIZIP_SHIM_H
#define ORBIS_CMINIZIP_SHIM_H
// minizip's reading half (zlib's contrib/minizip, Debian's libminizip-dev). The Swift layer
// (ZipReading) does the rest.
#include <minizip/unzip.h>
#endif
