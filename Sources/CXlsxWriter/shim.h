#ifndef ORBIS_CXLSXWRITER_SHIM_H
#define ORBIS_CXLSXWRITER_SHIM_H
// libxlsxwriter's umbrella header. Nothing else: the Swift layer (XLSXWriter) does the rest.
#include <xlsxwriter.h>
#endif
