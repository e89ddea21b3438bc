/* The C side of the XLSXWriter benchmark: the same loop as Benchmarks/XLSXWriterBench, written
 * directly against libxlsxwriter. Usage: xlsxwriter_bench OUT.xlsx [ROWS] */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <xlsxwriter.h>

#define POOL 1000

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s OUT.xlsx [ROWS]\n", argv[0]);
        return 2;
    }
    const char *path = argv[1];
    long rows = argc > 2 ? atol(argv[2]) : 1000000;

    static char pool[POOL][32];
    for (int i = 0; i < POOL; i++) snprintf(pool[i], sizeof pool[i], "Partner %d", i);

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    lxw_workbook_options options = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
    lxw_workbook *workbook = workbook_new_opt(path, &options);
    if (!workbook) return 1;
    lxw_worksheet *sheet = workbook_add_worksheet(workbook, "Sheet1");
    for (long r = 0; r < rows; r++) {
        for (int c = 0; c < 4; c++) {
            lxw_error e = worksheet_write_number(sheet, (lxw_row_t)r, (lxw_col_t)c, (double)(r * 4 + c) + 0.5, NULL);
            if (e) { fprintf(stderr, "%s\n", lxw_strerror(e)); return 1; }
        }
        for (int c = 4; c < 8; c++) {
            lxw_error e = worksheet_write_string(sheet, (lxw_row_t)r, (lxw_col_t)c, pool[(r * 4 + c) % POOL], NULL);
            if (e) { fprintf(stderr, "%s\n", lxw_strerror(e)); return 1; }
        }
    }
    lxw_error e = workbook_close(workbook);
    if (e) { fprintf(stderr, "%s\n", lxw_strerror(e)); return 1; }
    clock_gettime(CLOCK_MONOTONIC, &t1);

    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    double cpu = (double)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + (double)(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    printf("seconds=%.3f cpu=%.3f maxrss_kb=%ld\n", seconds, cpu, usage.ru_maxrss);
    return 0;
}
