// Default runtime options of Dateline's sanitized executables (DATELINE_SANITIZE=ON).
// dateline_set_compile_options() compiles this file into every executable target, so the
// options hold however a binary is started (ctest, scripts/check, by hand). Options in the
// ASAN_OPTIONS / UBSAN_OPTIONS environment variables still override these.
//
// new_delete_type_mismatch=0: Xapian 1.4.22's own Database::check() (inside libxapian,
// not our code) frees a 440-byte object through a 432-byte type; any program calling
// check() on any database reproduces it. index-build checks every generation before
// publishing, so without this every sanitized indexing run would stop there. Our code
// keeps compile-time cover for that bug class: -Wdelete-non-virtual-dtor (in -Wall) and
// -Wnon-virtual-dtor.
//
// The runtimes look these functions up dynamically: they must be exported even though
// the project builds with hidden visibility.
#define DATELINE_SANITIZER_HOOK extern "C" __attribute__((visibility("default"), used))

// NOLINTBEGIN(bugprone-reserved-identifier): names fixed by the sanitizer runtimes.
DATELINE_SANITIZER_HOOK const char* __asan_default_options();
DATELINE_SANITIZER_HOOK const char* __asan_default_options() {
    return "new_delete_type_mismatch=0";
}

DATELINE_SANITIZER_HOOK const char* __ubsan_default_options();
DATELINE_SANITIZER_HOOK const char* __ubsan_default_options() { return "print_stacktrace=1"; }
// NOLINTEND(bugprone-reserved-identifier)
