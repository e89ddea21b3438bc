// Writes the cells of a report workbook (dumped by report-bench as sheet, row, column, type,
// value per line) with libxlsxwriter directly: the floor for Orbis's workbook time. Cells are
// loaded first; only the writing is timed (median of 3). Usage: cells_bench CELLS.TSV OUT_DIR
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

typedef struct { int sheet; int row; int col; char type; char *value; } cell_t;

static char *unescape(char *s) {
  char *r = s, *w = s;
  while (*r) {
    if (*r == '\\' && r[1]) {
      r++;
      *w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r == 'r' ? '\r' : *r;
      r++;
    } else {
      *w++ = *r++;
    }
  }
  *w = 0;
  return s;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: cells_bench CELLS.TSV OUT_DIR\n"); return 2; }
  FILE *f = fopen(argv[1], "r");
  if (!f) { perror(argv[1]); return 1; }
  size_t cap = 1 << 20, n = 0;
  cell_t *cells = malloc(cap * sizeof *cells);
  char *names[64];
  int sheets = 0;
  char *line = NULL;
  size_t len = 0;
  while (getline(&line, &len, f) > 0) {
    line[strcspn(line, "\n")] = 0;
    char *fields[5], *save = NULL, *p = line;
    for (int i = 0; i < 5; i++) { fields[i] = strtok_r(p, "\t", &save); p = NULL; }
    if (!fields[4]) fields[4] = "";
    if (!fields[3]) continue;
    unescape(fields[0]);
    int s = 0;
    while (s < sheets && strcmp(names[s], fields[0]) != 0) s++;
    if (s == sheets) names[sheets++] = strdup(fields[0]);
    if (n == cap) cells = realloc(cells, (cap *= 2) * sizeof *cells);
    cells[n++] = (cell_t){s, atoi(fields[1]), atoi(fields[2]), fields[3][0], strdup(unescape(fields[4]))};
  }
  fclose(f);
  double times[3];
  for (int run = 0; run < 3; run++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/cells-%d.xlsx", argv[2], run);
    double start = now();
    lxw_workbook *wb = workbook_new(path);
    lxw_format *num = workbook_add_format(wb);
    format_set_num_format(num, "#,##0");
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    lxw_worksheet *ws[64];
    for (int s = 0; s < sheets; s++) ws[s] = workbook_add_worksheet(wb, names[s]);
    for (size_t i = 0; i < n; i++) {
      cell_t *c = &cells[i];
      if (c->type == 's')
        worksheet_write_string(ws[c->sheet], c->row, c->col, c->value, NULL);
      else
        worksheet_write_number(ws[c->sheet], c->row, c->col, atof(c->value), c->type == 'd' ? date : num);
    }
    if (workbook_close(wb) != LXW_NO_ERROR) { fprintf(stderr, "cannot write %s\n", path); return 1; }
    times[run] = now() - start;
  }
  qsort(times, 3, sizeof times[0], compare);
  printf("C libxlsxwriter, the same %zu cells: %.3f s median\n", n, times[1]);
  return 0;
}
