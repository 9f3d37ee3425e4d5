# Relevance tables (issue 13): query → expected ids on the shipped corpus and crafted
# corpora, built and searched through the public APIs. `ctest -L relevance` runs them.
dateline_add_test(NAME relevance_test
    SOURCES relevance/relevance_test.cpp
    LIBS Dateline::indexer Dateline::searcher
    LABELS relevance)
