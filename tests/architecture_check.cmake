# docs/ARCHITECTURE.md names every source file of the tree (issue 11: docs that match the
# code). A file counts as named when its file name appears in the document, or its stem
# followed by ".*" (as in `index_stub.*` for index_stub.hpp and index_stub.cpp). Fails with
# the list of files it does not find, so a new file cannot land undocumented.
file(READ "${SOURCE_DIR}/docs/ARCHITECTURE.md" doc)
file(GLOB_RECURSE sources RELATIVE "${SOURCE_DIR}"
     "${SOURCE_DIR}/schema/*.cpp" "${SOURCE_DIR}/schema/*.hpp"
     "${SOURCE_DIR}/indexer/*.cpp" "${SOURCE_DIR}/indexer/*.hpp"
     "${SOURCE_DIR}/searcher/*.cpp" "${SOURCE_DIR}/searcher/*.hpp"
     "${SOURCE_DIR}/server/*.cpp" "${SOURCE_DIR}/server/*.hpp"
     "${SOURCE_DIR}/cli/*.cpp" "${SOURCE_DIR}/cli/*.hpp"
     "${SOURCE_DIR}/tests/*.cpp" "${SOURCE_DIR}/tests/*.hpp" "${SOURCE_DIR}/tests/*.cmake"
     "${SOURCE_DIR}/bench/*.cpp" "${SOURCE_DIR}/bench/*.hpp"
     "${SOURCE_DIR}/examples/*.cpp")
set(missing "")
foreach(source ${sources})
    get_filename_component(name "${source}" NAME)
    get_filename_component(stem "${source}" NAME_WLE)
    string(FIND "${doc}" "${name}" at_name)
    string(FIND "${doc}" "${stem}.*" at_stem)
    if(at_name EQUAL -1 AND at_stem EQUAL -1)
        list(APPEND missing "${source}")
    endif()
endforeach()
if(missing)
    string(REPLACE ";" "\n  " shown "${missing}")
    message(FATAL_ERROR "docs/ARCHITECTURE.md does not name:\n  ${shown}")
endif()
