# Indexer tests: metadata tables and internals (linked against the indexer's objects to
# reach dateline::detail), the public library API, index-build's command-line stages,
# and end-to-end runs of the real index-build binary.

dateline_add_test(NAME indexer_unit_test
    SOURCES unit/metadata_test.cpp
            unit/indexer_header_parser_test.cpp
            unit/indexer_text_rules_test.cpp
            unit/indexer_inputs_test.cpp
            unit/indexer_store_test.cpp
            unit/indexer_display_test.cpp
            unit/indexer_story_test.cpp
    LIBS dateline_indexer_objects)

# Web inputs: page templates (tests/web/pages), feeds, WARC records, hostile files.
dateline_add_test(NAME web_inputs_test
    SOURCES unit/web_extract_test.cpp
    LIBS dateline_indexer_objects)
dateline_add_test(NAME web_build_test
    SOURCES unit/web_build_test.cpp
    LIBS Dateline::indexer Dateline::schema Xapian::Xapian ZLIB::ZLIB)

dateline_add_test(NAME indexer_api_test
    SOURCES unit/indexer_api_test.cpp
    LIBS Dateline::indexer Xapian::Xapian nlohmann_json::nlohmann_json)

dateline_add_test(NAME indexer_cli_test
    SOURCES unit/indexer_cli_options_test.cpp
    LIBS dateline_index_build_cli)

dateline_add_test(NAME index_build_test
    SOURCES cli/index_build_test.cpp
    LIBS Dateline::schema Xapian::Xapian nlohmann_json::nlohmann_json)
