# Reliability tests (issue 5): crash safety of publishing, the build lock, readers during
# publishes, and resource faults. They run the real index-build and open indexes through
# the public Searcher API; tests needing root, mount or strace skip with a reason.
# What each proves and how to replay it: docs/GUARANTEES.md.

add_library(dateline_crash_harness STATIC reliability/crash_harness.cpp)
target_link_libraries(dateline_crash_harness
    PUBLIC dateline_test_support
    PRIVATE Dateline::schema Xapian::Xapian)
target_include_directories(dateline_crash_harness PUBLIC reliability)
dateline_set_compile_options(dateline_crash_harness)

dateline_add_test(NAME reliability_crash_test
    SOURCES reliability/crash_kill_test.cpp
            reliability/publish_steps_test.cpp
            reliability/publish_guard_test.cpp
    LIBS dateline_crash_harness Dateline::schema Xapian::Xapian)

dateline_add_test(NAME reliability_concurrency_test
    SOURCES reliability/concurrency_lock_test.cpp
            reliability/concurrency_readers_test.cpp
    LIBS dateline_crash_harness Dateline::searcher Dateline::schema Xapian::Xapian)

dateline_add_test(NAME reliability_fault_test
    SOURCES reliability/fault_test.cpp
    LIBS dateline_crash_harness Dateline::searcher Xapian::Xapian)
