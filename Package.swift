// swift-tools-version:6.2
import PackageDescription

let package = Package(
  name: "Orbis",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "orbis", targets: ["orbis"]),
    .library(name: "XLSXWriter", targets: ["XLSXWriter"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
  ],
  targets: [
    // libxlsxwriter, as Debian ships it (`libxlsxwriter-dev`).
    .systemLibrary(
      name: "CXlsxWriter",
      pkgConfig: "xlsxwriter",
      providers: [.apt(["libxlsxwriter-dev"])]
    ),
    // What libxlsxwriter does not offer about its ZIP packaging (the deflate level, a signal
    // once the file is complete): its calls to minizip, interposed (see the header).
    .target(
      name: "CXlsxPackaging",
      linkerSettings: [.linkedLibrary("minizip"), .linkedLibrary("xlsxwriter")]),
    // The only code that touches libxlsxwriter pointers; knows nothing of Orbis.
    .target(name: "XLSXWriter", dependencies: ["CXlsxWriter", "CXlsxPackaging"]),
    // minizip (zlib's contrib), as Debian ships it (`libminizip-dev`): reads XLSX packages.
    .systemLibrary(
      name: "CMinizip",
      pkgConfig: "minizip",
      providers: [.apt(["libminizip-dev"])]
    ),
    // The only code that touches minizip's handle: entries read whole, capped, CRC checked.
    .target(name: "ZipReading", dependencies: ["CMinizip"]),
    // Domain values, configuration, country reference, statistics: pure.
    .target(name: "OrbisCore", dependencies: ["TOMLKit"]),
    // CSV/TSV/XLSX inputs → OrbisCore values + diagnostics.
    .target(
      name: "OrbisIngest",
      dependencies: [
        "OrbisCore", "OrbisSystem", "ZipReading",
        .product(name: "Crypto", package: "swift-crypto"),
      ]
    ),
    // System calls (EINTR retried, errno as typed errors): publishing, child processes, and
    // the daemon's.
    .target(name: "COrbisSystem"),
    .target(name: "OrbisSystem", dependencies: ["COrbisSystem"]),
    // Report model, renderers, atomic publishing.
    .target(
      name: "OrbisReports",
      dependencies: [
        "OrbisCore", "OrbisSystem", "XLSXWriter", .product(name: "Crypto", package: "swift-crypto"),
      ]),
    // The history database: every published report's figures, in SQLite through GRDB.
    .target(
      name: "OrbisHistory",
      dependencies: ["OrbisCore", "OrbisReports", .product(name: "GRDB", package: "GRDB.swift")]
    ),
    // Schedule, watch, run queue, signals, systemd notify.
    .target(
      name: "OrbisDaemon",
      dependencies: [
        "OrbisCore", "OrbisIngest", "OrbisReports", "OrbisSystem", "OrbisHistory",
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    .executableTarget(
      name: "orbis",
      dependencies: [
        "OrbisCore", "OrbisDaemon", "OrbisHistory",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ],
      linkerSettings: [
        // The release binary (`make release`, the .deb, `make bench`) is linked by the
        // toolchain's lld with its 100,000 relative relocations packed (DT_RELR, glibc 2.36,
        // Debian 12): 21 KB read at start-up instead of 2.4 MB. Its own symbols are not
        // exported (the static standard library's link arguments ask for -export-dynamic;
        // nothing looks them up: the runtime finds types and conformances in its sections).
        // The functions a run executes are laid out together, in the order of
        // Packaging/orbis.order (`make order-file`), so that a small run maps fewer pages of
        // the binary; names the binary no longer has are skipped.
        // A 10,000-staff run peaks at 30 MB instead of 41 (`make bench`; README, Benchmarks).
        .unsafeFlags(
          [
            "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
            "-Xlinker", "--no-export-dynamic",
            "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/Packaging/orbis.order",
            "-Xlinker", "--no-warn-symbol-ordering",
          ], .when(platforms: [.linux], configuration: .release))
      ]
    ),
    // An example of the binding, as libxlsxwriter ships examples (`make run` writes it).
    .executableTarget(name: "xlsxwriter-example", dependencies: ["XLSXWriter"]),
    // `make bench`: the Swift side of the binding-overhead benchmark.
    .executableTarget(
      name: "xlsxwriter-bench",
      dependencies: ["XLSXWriter"],
      path: "Benchmarks/XLSXWriterBench"
    ),
    // `make bench`: the report rendering, beside libxlsxwriter in C writing the same cells.
    .executableTarget(
      name: "report-bench", dependencies: ["OrbisReports"], path: "Benchmarks/ReportBench"),
    // `make country-table`: regenerates OrbisCore's country reference from iso-codes and CLDR.
    .executableTarget(
      name: "country-table-generator", path: "Tools/CountryTableGenerator", exclude: ["Reference"]),
    .target(
      name: "TestSupport",
      dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")],
      path: "Tests/Support"
    ),
    .testTarget(
      name: "XLSXWriterTests",
      dependencies: ["XLSXWriter", "CXlsxWriter", "CXlsxPackaging", "TestSupport"]),
    .testTarget(
      name: "ZipReadingTests",
      dependencies: ["ZipReading", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
    .testTarget(name: "OrbisCoreTests", dependencies: ["OrbisCore", "TestSupport"]),
    .testTarget(
      name: "OrbisDaemonTests",
      dependencies: [
        "OrbisDaemon", "OrbisReports", "OrbisCore", "OrbisSystem", "TestSupport",
        .product(name: "Logging", package: "swift-log"),
      ]),
    .testTarget(
      name: "OrbisReportsTests", dependencies: ["OrbisReports", "OrbisCore", "TestSupport"],
      exclude: ["Golden"]),
    .testTarget(
      name: "OrbisHistoryTests",
      dependencies: [
        "OrbisHistory", "OrbisReports", "OrbisCore", "TestSupport",
        .product(name: "GRDB", package: "GRDB.swift"),
      ]),
    .testTarget(
      name: "OrbisIngestTests",
      dependencies: ["OrbisIngest", "OrbisCore", "XLSXWriter", "TestSupport"]),
  ]
)
