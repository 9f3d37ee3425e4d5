# Reliability tests owned by the hostile-input work (docs/TESTING.md): bad input files
# with an exact expected report, hostile queries with bounds, a model-based query test
# against a brute-force oracle, and differential checks (batch size, compaction, rebuilds).

find_package(Threads REQUIRED)

dateline_add_test(NAME hostile_queries_test
    SOURCES reliability/hostile_queries_test.cpp
    LIBS Dateline::searcher dateline_searcher_fixture Threads::Threads)

dateline_add_test(NAME hostile_inputs_test
    SOURCES reliability/hostile_inputs_test.cpp
    LIBS Dateline::indexer Dateline::schema Xapian::Xapian nlohmann_json::nlohmann_json)

dateline_add_test(NAME model_query_test
    SOURCES reliability/model_query_test.cpp
    LIBS Dateline::indexer Dateline::searcher Xapian::Xapian)

dateline_add_test(NAME differential_test
    SOURCES reliability/differential_test.cpp
    LIBS Dateline::indexer Dateline::searcher Xapian::Xapian)

# Issue 12 (an adversarial probe of GUARANTEES.md): nesting depth, overlapping paths,
# forged report lines and ids, silent manifest rows, damaged generations, error
# classification, synonym bounds and index permissions.
dateline_add_test(NAME adversarial_test
    SOURCES reliability/adversarial_support.cpp
            reliability/adversarial_inputs_test.cpp
            reliability/damaged_generation_test.cpp
            reliability/synonym_bounds_test.cpp
            reliability/index_permissions_test.cpp
    LIBS dateline_crash_harness dateline_indexer_objects Dateline::schema Xapian::Xapian
         nlohmann_json::nlohmann_json)
