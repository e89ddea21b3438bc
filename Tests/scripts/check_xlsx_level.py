#!/usr/bin/env python3
"""Checks that a workbook's parts are stored as zlib writes them at LEVEL.

libxlsxwriter has no option for its ZIP packaging's level; Orbis's binding replaces it in
libxlsxwriter's call to minizip, which works only where the dynamic linker binds that call to
the binding (the release binary's link must export it). This reads the stored bytes of each
part back and compares their size with zlib's raw deflate of the part at LEVEL. At least one
part must tell LEVEL from zlib's default (6), or the check would prove nothing.

Usage: check_xlsx_level.py REPORT.xlsx LEVEL
"""
import sys
import zipfile
import zlib


def deflated_size(data, level):
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return len(compressor.compress(data) + compressor.flush())


def main():
    path, level = sys.argv[1], int(sys.argv[2])
    telling = 0
    with zipfile.ZipFile(path) as package:
        for info in package.infolist():
            data = package.read(info.filename)
            expected = deflated_size(data, level)
            if info.compress_type != zipfile.ZIP_DEFLATED or info.compress_size != expected:
                print(f"{path}: {info.filename}: stored in {info.compress_size} bytes, "
                      f"zlib at level {level}: {expected}")
                return 1
            telling += expected != deflated_size(data, 6)
    if telling == 0:
        print(f"{path}: no part tells level {level} from level 6")
        return 1
    print(f"{path}: every part stored at zlib level {level} ({telling} differ from level 6)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
