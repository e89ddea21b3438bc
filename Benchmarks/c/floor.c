// The C floor of Benchmarks/bench-table.sh: what the job costs at the least, on this machine.
//
// This is a floor, NOT a reimplementation of `orbis run`: it validates nothing, parses no date
// or number, resolves no country name, computes no statistics, writes no stats.json, summary or
// history, and publishes nothing atomically (no fsync, no rename). It does only the two things
// no implementation can avoid:
//   - one pass over every byte of every input file (*.csv, *.tsv of DATA_DIR, sorted by name):
//     each file is read whole, then scanned quote-aware (a delimiter or newline inside "..."
//     belongs to the field) counting records and fields, and the staff files' rows are
//     tallied by a hash (FNV-1a) of the nationality field's bytes as spelled;
//   - a workbook of the same size class as Orbis's report, written with libxlsxwriter in
//     constant-memory mode: the per-file counts, the tally (spelling, rows), the programmes
//     active on AS_OF (every field, dates compared as ISO text) and every agreement (every
//     field). On the benchmark data that is ~425,000 cells against Orbis's ~466,000.
//
// Build: cc -O2 -o floor Benchmarks/c/floor.c $(pkg-config --cflags --libs xlsxwriter)
// Usage: floor DATA_DIR OUT_DIR [AS_OF]   (writes OUT_DIR/report.xlsx; AS_OF: 2026-06-30)
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define MAX_FIELDS 64
#define SLOTS 65536  // tally: open addressing, power of two

typedef struct { const char *start; size_t len; } span_t;
typedef struct { uint64_t hash; char *key; size_t len; long count; } slot_t;

static slot_t table[SLOTS];
static int order[SLOTS], distinct;
static long cells;

static void tally(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
  size_t i = h & (SLOTS - 1);
  while (table[i].key) {
    if (table[i].hash == h && table[i].len == n && memcmp(table[i].key, s, n) == 0) {
      table[i].count++;
      return;
    }
    i = (i + 1) & (SLOTS - 1);
  }
  if (distinct == SLOTS / 2) { fprintf(stderr, "floor: too many distinct spellings\n"); exit(1); }
  table[i] = (slot_t){h, memcpy(malloc(n + 1), s, n), n, 1};
  table[i].key[n] = 0;
  order[distinct++] = (int)i;
}

// A field without its quotes ("a ""b""" -> a "b"), into buf (NUL-terminated).
static const char *unquote(span_t f, char *buf, size_t cap) {
  const char *s = f.start;
  size_t n = f.len, w = 0;
  if (n >= 2 && s[0] == '"' && s[n - 1] == '"') { s++; n -= 2; }
  for (size_t i = 0; i < n && w + 1 < cap; i++) {
    buf[w++] = s[i];
    if (s[i] == '"' && i + 1 < n && s[i + 1] == '"') i++;
  }
  buf[w] = 0;
  return buf;
}

static int column(span_t *f, int n, const char *name) {
  char buf[256];
  for (int i = 0; i < n; i++)
    if (strcmp(unquote(f[i], buf, sizeof buf), name) == 0) return i;
  return -1;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *read_all(const char *path, size_t *size) {
  int fd = open(path, O_RDONLY);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) { perror(path); exit(1); }
  char *buf = malloc(st.st_size + 1);
  size_t got = 0;
  while (got < (size_t)st.st_size) {
    ssize_t r = read(fd, buf + got, st.st_size - got);
    if (r <= 0) { perror(path); exit(1); }
    got += r;
  }
  close(fd);
  buf[got] = '\n';  // a last record without its newline still ends
  *size = got;
  return buf;
}

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: floor DATA_DIR OUT_DIR [AS_OF]\n"); return 2; }
  const char *dir = argv[1], *as_of = argc > 3 ? argv[3] : "2026-06-30";
  DIR *d = opendir(dir);
  if (!d) { perror(dir); return 1; }
  char *names[1024];
  int files = 0;
  for (struct dirent *e; (e = readdir(d));) {
    size_t n = strlen(e->d_name);
    if (n > 4 && (strcmp(e->d_name + n - 4, ".csv") == 0 || strcmp(e->d_name + n - 4, ".tsv") == 0)
        && files < 1024)
      names[files++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, files, sizeof names[0], by_name);

  char path[4096];
  snprintf(path, sizeof path, "%s/report.xlsx", argv[2]);
  lxw_workbook_options options = {.constant_memory = LXW_TRUE};
  lxw_workbook *wb = workbook_new_opt(path, &options);
  if (!wb) { fprintf(stderr, "floor: cannot create %s\n", path); return 1; }
  lxw_worksheet *provenance = workbook_add_worksheet(wb, "Provenance");
  lxw_worksheet *nationalities = workbook_add_worksheet(wb, "Nationalities");
  lxw_worksheet *programmes = workbook_add_worksheet(wb, "Programmes");
  lxw_worksheet *agreements = workbook_add_worksheet(wb, "Agreements");
  worksheet_write_string(provenance, 0, 0, "File", NULL);
  worksheet_write_string(provenance, 0, 1, "Records", NULL);
  worksheet_write_string(provenance, 0, 2, "Fields", NULL);
  worksheet_write_string(provenance, 0, 3, "Bytes", NULL);
  cells += 4;
  lxw_row_t programme_row = 0, agreement_row = 0;
  long all_records = 0, all_fields = 0;
  size_t all_bytes = 0;
  char value[65536];

  for (int k = 0; k < files; k++) {
    snprintf(path, sizeof path, "%s/%s", dir, names[k]);
    size_t size;
    char *buf = read_all(path, &size);
    char *p = buf, *end = buf + size;
    if (size >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
    char delim = ',';
    size_t nl = strcspn(p, "\n");
    if (strcmp(names[k] + strlen(names[k]) - 4, ".tsv") == 0) {
      delim = '\t';
    } else {
      long commas = 0, semis = 0;
      for (size_t i = 0; i < nl && p + i < end; i++) commas += p[i] == ',', semis += p[i] == ';';
      if (semis > commas) delim = ';';
    }
    int staff = strncmp(names[k], "staff", 5) == 0;
    lxw_worksheet *sheet = strcmp(names[k], "programmes.csv") == 0 ? programmes
                           : strcmp(names[k], "agreements.csv") == 0 ? agreements : NULL;
    span_t f[MAX_FIELDS];
    int nf = 0, nat = -1, start_col = -1, end_col = -1;
    long records = 0, fields = 0;
    int quoted = 0, header = 1;
    const char *field = p;
    for (; p < end; p++) {
      char c = *p;
      if (c == '"') { quoted = !quoted; continue; }
      if (quoted || (c != delim && c != '\n')) continue;
      const char *fe = p;
      if (c == '\n' && fe > field && fe[-1] == '\r') fe--;
      if (nf < MAX_FIELDS) f[nf++] = (span_t){field, (size_t)(fe - field)};
      fields++;
      field = p + 1;
      if (c != '\n') continue;
      // The end of a record.
      if (header) {
        header = 0;
        nat = column(f, nf, "nationality");
        start_col = column(f, nf, "start_date");
        end_col = column(f, nf, "end_date");
        fields -= nf;
        if (sheet) {
          lxw_worksheet *s = sheet;
          lxw_row_t *row = s == programmes ? &programme_row : &agreement_row;
          for (int i = 0; i < nf; i++) worksheet_write_string(s, *row, i, unquote(f[i], value, sizeof value), NULL);
          cells += nf;
          (*row)++;
        }
        nf = 0;
        continue;
      }
      records++;
      if (staff && nat >= 0 && nat < nf) {
        span_t v = f[nat];
        if (v.len >= 2 && v.start[0] == '"' && v.start[v.len - 1] == '"') v.start++, v.len -= 2;
        tally(v.start, v.len);
      }
      if (sheet == programmes && start_col >= 0 && end_col >= 0 && start_col < nf && end_col < nf) {
        // Active on AS_OF: started by then and not ended before (empty: open), as ISO text.
        const char *s = unquote(f[start_col], value, sizeof value);
        int active = s[0] == 0 || strcmp(s, as_of) <= 0;
        const char *e = unquote(f[end_col], value, sizeof value);
        active = active && (e[0] == 0 || strcmp(e, as_of) >= 0);
        if (active) {
          for (int i = 0; i < nf; i++)
            worksheet_write_string(programmes, programme_row, i, unquote(f[i], value, sizeof value), NULL);
          cells += nf;
          programme_row++;
        }
      } else if (sheet == agreements) {
        for (int i = 0; i < nf; i++)
          worksheet_write_string(agreements, agreement_row, i, unquote(f[i], value, sizeof value), NULL);
        cells += nf;
        agreement_row++;
      }
      nf = 0;
    }
    free(buf);
    worksheet_write_string(provenance, k + 1, 0, names[k], NULL);
    worksheet_write_number(provenance, k + 1, 1, (double)records, NULL);
    worksheet_write_number(provenance, k + 1, 2, (double)fields, NULL);
    worksheet_write_number(provenance, k + 1, 3, (double)size, NULL);
    cells += 4;
    all_records += records;
    all_fields += fields;
    all_bytes += size;
  }

  worksheet_write_string(nationalities, 0, 0, "Nationality as spelled", NULL);
  worksheet_write_string(nationalities, 0, 1, "Staff rows", NULL);
  cells += 2;
  for (int i = 0; i < distinct; i++) {
    slot_t *s = &table[order[i]];
    worksheet_write_string(nationalities, i + 1, 0, s->key, NULL);
    worksheet_write_number(nationalities, i + 1, 1, (double)s->count, NULL);
  }
  cells += 2L * distinct;
  lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) { fprintf(stderr, "floor: %s\n", lxw_strerror(err)); return 1; }
  fprintf(stderr, "C floor: %d files, %zu bytes, %ld records, %ld fields, %d nationality spellings, "
          "%ld cells written\n", files, all_bytes, all_records, all_fields, distinct, cells);
  return 0;
}
