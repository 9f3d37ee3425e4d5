# Shard tests (issue 7): the stub parser, sharded and remote searches compared with a
# single index (DF-3, DF-4), and remote shards that die, hang, restart or idle out
# (RF-13). The remote cases start xapian-tcpsrv on 127.0.0.1 (package xapian-tools) and
# skip with a reason where it is missing. `ctest -L shards` runs them alone; see
# docs/SHARDING.md and docs/TESTING.md.

add_library(dateline_shard_cluster STATIC shards/shard_cluster.cpp)
target_link_libraries(dateline_shard_cluster
    PUBLIC dateline_test_support Dateline::searcher
    PRIVATE dateline_crash_harness Dateline::schema)
target_include_directories(dateline_shard_cluster PUBLIC shards)
dateline_set_compile_options(dateline_shard_cluster)

dateline_add_test(NAME shard_equivalence_test
    SOURCES shards/shard_equivalence_test.cpp
    LIBS dateline_shard_cluster Dateline::searcher
    LABELS shards)

dateline_add_test(NAME shard_failure_test
    SOURCES shards/shard_failure_test.cpp
    LIBS dateline_shard_cluster dateline_searcher_fixture Dateline::searcher
         nlohmann_json::nlohmann_json
    LABELS shards)

dateline_add_test(NAME shard_cli_test
    SOURCES shards/shard_cli_test.cpp
    LIBS dateline_search_cli nlohmann_json::nlohmann_json
    LABELS shards)
