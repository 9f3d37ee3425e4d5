# Searcher tests: query-parsing tables and internals (detail objects), the public API
# on a fixture index built directly with Xapian per the indexing contract, the CLI's
# option validation and renderers, and golden end-to-end runs of the real binaries.

add_library(dateline_searcher_fixture STATIC unit/searcher_fixture.cpp)
target_include_directories(dateline_searcher_fixture PUBLIC unit)
# The fixture builds its documents with the indexer's own DocumentBuilder.
target_link_libraries(dateline_searcher_fixture
    PUBLIC Dateline::schema dateline_test_support
    PRIVATE dateline_indexer_objects Xapian::Xapian)
dateline_set_compile_options(dateline_searcher_fixture)

dateline_add_test(NAME query_parser_test
    SOURCES unit/query_parser_test.cpp unit/searcher_detail_test.cpp unit/snippets_test.cpp
        unit/facets_test.cpp
    LIBS dateline_searcher_detail dateline_searcher_fixture)

dateline_add_test(NAME searcher_api_test
    SOURCES unit/searcher_api_test.cpp
    LIBS Dateline::searcher dateline_searcher_fixture)

dateline_add_test(NAME searcher_display_test
    SOURCES unit/searcher_display_test.cpp
    LIBS Dateline::searcher dateline_searcher_fixture Xapian::Xapian)

dateline_add_test(NAME searcher_cli_test
    SOURCES unit/searcher_cli_test.cpp
    LIBS dateline_search_cli nlohmann_json::nlohmann_json)

dateline_add_test(NAME index_search_golden_test
    SOURCES cli/index_search_golden_test.cpp
    LIBS nlohmann_json::nlohmann_json)

# Stories end to end (docs/STORIES.md): the real index-build's grouping through the library
# and index-search --json, and the hostile corpora (identical reports, one word, a thousand
# reports of one story).
dateline_add_test(NAME stories_test
    SOURCES cli/stories_test.cpp
    LIBS Dateline::searcher nlohmann_json::nlohmann_json)
