/// @file
/// Skipping a test case at run time, visibly. doctest 2.4.9 has no run-time skip, so a test
/// case that cannot run here (no strace, no xapian-tcpsrv, not root, no mount) prints the
/// marker below with its reason and returns. CTest marks every test whose output holds the
/// marker as skipped, not passed (SKIP_REGULAR_EXPRESSION in tests/CMakeLists.txt), and
/// `ctest --output-on-failure` lists it under "The following tests did not run".
#pragma once

#include <doctest/doctest.h>

/// The text CTest looks for; keep in step with tests/CMakeLists.txt.
#define DATELINE_SKIP_MARKER "DATELINE-SKIPPED: "

/// Leaves the current test case, reported as skipped with `reason` (a string).
#define DATELINE_SKIP(reason)                      \
    do {                                           \
        MESSAGE(DATELINE_SKIP_MARKER << (reason)); \
        return;                                    \
    } while (false)
